"""Paper demos: published results about optimizers, reproduced, runnable and explained.

Each entry of :data:`DEMOS` is a :class:`~engine.demos.base.Demo`: name, title,
paper, a short explanation (what is set up, what to watch, why it happens), its
settings table with defaults, and ``run(settings, progress=None,
should_stop=None) -> DemoResult`` returning plain numpy arrays for the plots and
a ``summary`` dict of the key numbers.  ``python main.py demo NAME`` and the
window's Demos menu are both generated from this registry.

=========================  ===================================================
``adam-nonconvergence``    Reddi, Kale & Kumar (ICLR 2018): Adam drifts to the
                           worst point of a 1-D online problem, AMSGrad does not.
``adaptive-generalization``  Wilson et al. (NeurIPS 2017): adaptive methods fit
                           the training set but predict +1 for every test point.
``swats``                  Keskar & Socher (2017): SWATS switches from Adam to
                           SGD on the MNIST network; where, and at what rate.
``momentum-overshoot``     race preset: Momentum and Adam skip a narrow global
                           basin for a wide local one; small steps do not.
``ravine-zigzag``          race preset: SGD zig-zags across x²/20 + y²; Momentum,
                           AdaGrad and Adam do not.
=========================  ===================================================

A demo with ``preset`` set is a race preset (:data:`engine.presets.PRESETS`):
the GUI opens it in the race view; the CLI runs the race headless.
"""

from __future__ import annotations

from engine.demos.base import CSV_ROWS, Demo, DemoCancelled, DemoResult, Trace
from engine.messages import msg

__all__ = [
    "CSV_ROWS",
    "DEMOS",
    "Demo",
    "DemoCancelled",
    "DemoResult",
    "Trace",
    "demo_names",
    "get_demo",
]

DEMOS: dict[str, Demo] = {}


def register(demo: Demo) -> Demo:
    if demo.name in DEMOS:
        raise ValueError(msg("demo '{name}' is registered twice", name=demo.name))
    DEMOS[demo.name] = demo
    return demo


def get_demo(name: str) -> Demo:
    try:
        return DEMOS[name]
    except KeyError:
        raise ValueError(msg("unknown demo '{name}'; known: {known}", name=name,
                             known=", ".join(DEMOS))) from None


def demo_names(*, presets: bool = True) -> list[str]:
    """Registered names in menu order (``presets=False`` leaves out the race presets)."""
    return [n for n, d in DEMOS.items() if presets or d.preset is None]


def _register_all() -> None:
    from engine.demos import generalization, nonconvergence, races, swats

    register(nonconvergence.DEMO)
    register(generalization.DEMO)
    register(swats.DEMO)
    for demo in races.DEMOS:
        register(demo)


_register_all()
