"""``python main.py surfaces`` and ``optimizers``: the catalogues, as text or JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_arguments(sub: Any) -> None:
    for name, what in (("surfaces", "the surface catalogue"), ("optimizers", "the optimizers")):
        p = sub.add_parser(name, help=f"list {what}")
        p.add_argument("--json", action="store_true", help="print JSON")


def cmd_surfaces(args: argparse.Namespace) -> int:
    from engine.surfaces import SURFACES

    if args.json:
        print(json.dumps([s.to_dict() for s in SURFACES.values()], indent=1))
        return 0
    width = max(map(len, SURFACES))
    for s in SURFACES.values():
        mins = ", ".join(f"({m.x:.6g}, {m.y:.6g})" for m in s.minima) or "none (unbounded below)"
        print(f"{s.name.ljust(width)}  {s.formula}")
        print(f"{' ' * width}  domain x[{s.domain[0]:g}, {s.domain[1]:g}] "
              f"y[{s.domain[2]:g}, {s.domain[3]:g}], start ({s.start[0]:g}, {s.start[1]:g}), "
              f"minima {mins}")
    return 0


def cmd_optimizers(args: argparse.Namespace) -> int:
    from engine.optimizers import REGISTRY

    if args.json:
        print(json.dumps([s.to_dict() for s in REGISTRY.values()], indent=1))
        return 0
    for spec in REGISTRY.values():
        print(f"{spec.name}  ({spec.reference}) - {spec.summary}")
        for p in spec.hparams:
            print(f"    {p.name}={str(p.default).lower() if p.kind == 'bool' else p.default}"
                  f"  {p.range_text()}  {p.help}")
    return 0
