"""Contour lines of a 400 x 400 surface: gui.views.geometry (contourpy) vs pyqtgraph IsocurveItem.

Both sides contour the same sampled surface at the same 15 log-spaced levels.
Measurements alternate between the two sides (best of several rounds), so
machine noise affects both alike.

``lines``
    the geometry only: ``geometry.contour_lines`` (contourpy, all levels into
    one NaN-separated x / y pair) against ``pyqtgraph.functions.isocurve``
    called once per level.
``lines -> path``
    up to a drawable ``QPainterPath``: the above plus ``arrayToQPath(...,
    connect='finite')`` (what a ``PlotCurveItem`` does) against
    ``IsocurveItem.generatePath()`` for one item per level.

Then the whole redraw of the 2-D view after a surface switch or a zoom (sample,
colour scale, image, levels, contours; then the same through
``ContourView.refresh``), against the 50 ms budget.

    python benchmarks/bench_contours.py [--rounds 5] [--size 400] [--levels 15]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyqtgraph as pg  # noqa: E402
from pyqtgraph import functions as fn  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from engine.surfaces import SURFACES  # noqa: E402
from gui.views import geometry  # noqa: E402

SURFACE_NAMES = ("rosenbrock", "himmelblau", "rastrigin")
BUDGET_MS = 50.0


def best(fn_, rounds: int) -> float:
    """Best wall time of ``fn_()`` in seconds over ``rounds`` calls."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn_()
        times.append(time.perf_counter() - t0)
    return min(times)


def ours_lines(grid, scale, levels):
    return geometry.contour_lines(grid, scale, levels)


def ours_path(grid, scale, levels):
    x, y = geometry.contour_lines(grid, scale, levels)
    return fn.arrayToQPath(x, y, connect="finite")


def pg_lines(data, levels):
    return [fn.isocurve(data, lv, connected=True, extendToEdge=True) for lv in levels]


def pg_path(data, levels):
    items = [pg.IsocurveItem(data=data, level=lv) for lv in levels]
    for item in items:
        item.generatePath()
    return items


def full_redraw(surface, size, n_levels):
    grid = geometry.sample(surface, surface.domain, shape=(size, size))
    scale = geometry.LogScale.for_grid(grid)
    geometry.image(grid, scale)
    return geometry.contour_lines(grid, scale, scale.levels(n_levels))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", type=int, default=400)
    parser.add_argument("--levels", type=int, default=15)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])

    print(f"numpy {np.__version__}, pyqtgraph {pg.__version__}, {args.size}x{args.size} grid, "
          f"{args.levels} levels, best of {args.rounds} rounds")
    print(f"{'surface':<12}{'stage':<15}{'geometry ms':>13}{'pyqtgraph ms':>14}{'ratio':>8}")
    ratios = []
    for name in SURFACE_NAMES:
        surface = SURFACES[name]
        grid = geometry.sample(surface, surface.domain, shape=(args.size, args.size))
        scale = geometry.LogScale.for_grid(grid)
        levels = scale.levels(args.levels)
        # IsocurveItem wants data indexed [x, y] (column-major) without NaN.
        data = np.nan_to_num(grid.z.T, nan=np.nanmax(grid.z))
        for stage, ours, theirs in (
            ("lines", partial(ours_lines, grid, scale, levels), partial(pg_lines, data, levels)),
            ("lines -> path", partial(ours_path, grid, scale, levels),
             partial(pg_path, data, levels)),
        ):
            t_ours, t_pg = [], []
            for _ in range(args.rounds):  # alternate the two sides
                t_ours.append(best(ours, 1))
                t_pg.append(best(theirs, 1))
            a, b = min(t_ours) * 1e3, min(t_pg) * 1e3
            ratios.append(b / a)
            print(f"{name:<12}{stage:<15}{a:>13.1f}{b:>14.1f}{b / a:>7.0f}x")
    print(f"geometry is {min(ratios):.0f}x to {max(ratios):.0f}x faster than IsocurveItem")
    print()
    print(f"full 2-D redraw (sample, scale, image, {args.levels} levels, contours) "
          f"vs the {BUDGET_MS:.0f} ms budget")
    for name in SURFACE_NAMES:
        surface = SURFACES[name]
        t = best(lambda s=surface: full_redraw(s, args.size, args.levels), args.rounds) * 1e3
        print(f"{name:<12}{t:>8.1f} ms  ({t / BUDGET_MS:.2f} of budget)")
    print()
    print("the 2-D view itself: switching the surface (session.set_surface -> redraw),")
    print("and ContourView.refresh() (the redraw after a zoom)")
    from engine.session import Session
    from gui.services.session_bridge import SessionBridge
    from gui.views.contour import ContourView

    bridge = SessionBridge(Session())
    view = ContourView(bridge, resolution=args.size)
    view.resize(800, 800)
    view.show()
    app.processEvents()
    switch = {name: [] for name in SURFACE_NAMES}
    refresh = {name: [] for name in SURFACE_NAMES}
    for _ in range(args.rounds):
        for name in SURFACE_NAMES:
            t0 = time.perf_counter()
            bridge.session.set_surface(name)
            switch[name].append(time.perf_counter() - t0)
            refresh[name].append(best(view.refresh, 1))
    shape = "x".join(map(str, view.image_item.image.shape))
    print(f"{'surface':<12}{'switch ms':>10}{'refresh ms':>12}   (image {shape})")
    for name in SURFACE_NAMES:
        a, b = min(switch[name]) * 1e3, min(refresh[name]) * 1e3
        print(f"{name:<12}{a:>10.1f}{b:>12.1f}   ({max(a, b) / BUDGET_MS:.2f} of budget)")
    view.close()


if __name__ == "__main__":
    main()
