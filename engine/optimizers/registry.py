"""The registry: optimizer names mapped to their update rule, defaults and texts.

Variants are recipes (``momentum`` is SGD with ``momentum=0.9`` as default), and
the GUI forms and the CLI ``name:key=value`` specs are generated from the entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from engine.checks import clip, describe
from engine.messages import msg
from engine.optimizers.base import Optimizer, math_of
from engine.optimizers.hparams import HParam, Number


@dataclass(frozen=True)
class OptimizerSpec:
    """A registry entry: a name, an update rule class and its fixed settings.

    Variants are recipes: ``momentum`` is SGD with ``momentum=0.9`` as default,
    ``amsgrad`` is Adam with ``amsgrad=True``.  ``summary`` is one line (menus,
    tooltips); ``explanation`` a paragraph on how the optimizer behaves (the help
    window).  Both are English; the GUI translates them as engine texts.
    """

    name: str
    title: str
    cls: type[Optimizer[Any]]
    reference: str
    paper: str
    summary: str
    defaults: Mapping[str, Number] = field(default_factory=dict)
    family: str = "first-order"
    explanation: str = ""

    @property
    def update_rule(self) -> str:
        """The update rule in LaTeX, taken from the class docstring."""
        return math_of(self.cls)

    @property
    def hparams(self) -> tuple[HParam, ...]:
        """The hyper-parameter table with this variant's defaults applied."""
        out = []
        for p in self.cls.hparams:
            if p.name in self.defaults:
                p = replace(p, default=self.defaults[p.name])
            out.append(p)
        return tuple(out)

    @property
    def needs_hessian(self) -> bool:
        return self.cls.needs_hessian

    def create(self, **values: Any) -> Optimizer[Any]:
        opt = self.cls(**{**self.defaults, **values})
        opt.spec = self  # type: ignore[attr-defined]
        return opt

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "reference": self.reference,
            "paper": self.paper,
            "summary": self.summary,
            "explanation": self.explanation,
            "update_rule": self.update_rule,
            "family": self.family,
            "needs_hessian": self.needs_hessian,
            "hparams": [p.to_dict() for p in self.hparams],
        }


REGISTRY: dict[str, OptimizerSpec] = {}


def register(spec: OptimizerSpec) -> OptimizerSpec:
    if spec.name in REGISTRY:
        raise ValueError(msg("optimizer '{name}' is registered twice", name=spec.name))
    REGISTRY[spec.name] = spec
    return spec


def get_spec(name: str) -> OptimizerSpec:
    if not isinstance(name, str):
        raise ValueError(msg("optimizer must be text, got {value}", value=describe(name)))
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(msg("unknown optimizer '{name}'; known: {known}", name=clip(name),
                             known=", ".join(REGISTRY))) from None


def create(name: str, **values: Any) -> Optimizer[Any]:
    """Build the optimizer ``name`` with hyper-parameters ``values`` (validated)."""
    return get_spec(name).create(**values)


def parse_spec(text: str) -> tuple[str, dict[str, Number]]:
    """Parse ``"name"`` or ``"name:key=value,key=value"`` into a name and validated values.

    Raises ``ValueError`` naming the bad part (a key given twice is one).
    """
    name, _, rest = text.strip().partition(":")
    name = name.strip()
    spec = get_spec(name)
    table = {p.name: p for p in spec.hparams}
    values: dict[str, Number] = {}
    if rest.strip():
        for item in rest.split(","):
            key, eq, raw = item.partition("=")
            key = key.strip()
            if not eq or not key:
                raise ValueError(msg("expected key=value in optimizer spec '{spec}', got '{item}'",
                                     spec=text, item=item))
            if key not in table:
                raise ValueError(msg("unknown hyper-parameter '{key}' for {optimizer}; known: "
                                     "{known}", key=key, optimizer=name, known=", ".join(table)))
            if key in values:
                raise ValueError(msg("{key} is given twice in optimizer spec '{spec}'", key=key,
                                     spec=text))
            values[key] = table[key].validate(raw.strip())
    spec.create(**values)  # cross-parameter checks
    return name, values


def create_from_spec(text: str) -> Optimizer[Any]:
    """``create_from_spec("adam:lr=0.1,amsgrad=true")``."""
    name, values = parse_spec(text)
    return create(name, **values)


def spec_string(name: str, values: Mapping[str, Number]) -> str:
    """Inverse of :func:`parse_spec` (non-default values only, in table order)."""
    spec = get_spec(name)
    parts = []
    for p in spec.hparams:
        if p.name in values and values[p.name] != p.default:
            v = values[p.name]
            parts.append(f"{p.name}={str(v).lower() if isinstance(v, bool) else repr(v)}")
    return name + (":" + ",".join(parts) if parts else "")
