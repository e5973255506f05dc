"""The colours of racers and training runs, shared by the race, MNIST and the demos.

Okabe & Ito's colour-blind-safe palette (black omitted), then Paul Tol's bright set:
the first seven stay distinguishable for the common colour-vision deficiencies.
"""

from __future__ import annotations

PALETTE = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB",
)


def color(index: int) -> str:
    """The ``index``-th colour, cycling through the palette."""
    return PALETTE[index % len(PALETTE)]
