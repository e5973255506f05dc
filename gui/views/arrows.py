"""The selected racer's last step and the negative gradient where it began, labelled.

Both arrows start at the point the step started from: the solid arrow is the
actual step (it ends at the racer's marker, in the racer's colour), the dashed
one points along ``−∇f`` (the gradient the optimizer saw, noise included, when
the cursor is at the end of the race) with about the step's length (4 % to 30 %
of the view's diagonal), so the two compare directions: they coincide for plain
gradient descent.  At step 0 only ``−∇f`` is shown.  A label next to each tip
says which is which.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from engine.session import Session
from gui.views import geometry
from gui.widgets import plot_scale

OUTLINE = "#15171c"
LABEL_FILL = (20, 22, 28, 170)


class StepArrows:
    """The two arrows and their labels (add :meth:`items` to the plot)."""

    def __init__(self, step_text: str) -> None:
        self.grad_arrow = pg.PlotCurveItem(
            pen=pg.mkPen("w", width=2.5, style=Qt.PenStyle.DashLine), connect="finite",
            skipFiniteCheck=True)
        self.step_arrow = pg.PlotCurveItem(
            pen=pg.mkPen("w", width=3.5), shadowPen=pg.mkPen(OUTLINE, width=5.5),
            connect="finite", skipFiniteCheck=True)
        for item in (self.grad_arrow, self.step_arrow):
            item.setZValue(35)
        self.grad_label = pg.TextItem("−∇f", color="w", anchor=(0.5, 0.5), fill=LABEL_FILL)
        self.step_label = pg.TextItem(step_text, color="w", anchor=(0.5, 0.5), fill=LABEL_FILL)
        for item in (self.grad_label, self.step_label):
            item.setZValue(36)
            item.setVisible(False)

    def items(self) -> tuple[pg.GraphicsObject, ...]:
        return (self.grad_arrow, self.step_arrow, self.grad_label, self.step_label)

    def set_step_text(self, text: str) -> None:
        self.step_label.setText(text)

    def set_scale(self, scale: float, font: QFont) -> None:
        font = QFont(font)
        font.setPointSizeF(plot_scale.text_pt(9.5))
        font.setBold(True)
        for label in (self.grad_label, self.step_label):
            label.setFont(font)
        self.grad_arrow.setPen(pg.mkPen("w", width=2.5 * scale, style=Qt.PenStyle.DashLine))

    def set_colour(self, color: str, scale: float) -> None:
        """The step arrow and its label in the selected racer's colour."""
        self.step_arrow.setPen(pg.mkPen(color, width=3.5 * scale))
        self.step_arrow.setShadowPen(pg.mkPen(OUTLINE, width=5.5 * scale))
        self.step_label.setColor(color)

    def clear(self) -> None:
        self.grad_arrow.setData([], [])
        self.step_arrow.setData([], [])
        self.grad_label.setVisible(False)
        self.step_label.setVisible(False)

    def update(self, session: Session, view_range, shown: bool) -> None:
        """Draw the arrows of ``session``'s selected racer (``shown``: its trail is)."""
        sel = session.selected
        racers = session.race.racers
        if sel is None or not 0 <= sel < len(racers) or not shown:
            self.clear()
            return
        racer = racers[sel]
        traj = racer.trajectory
        n = geometry.cursor_index(traj.column("step"), session.cursor)
        if n == 0:
            self.clear()
            return
        (x0, x1), (y0, y1) = view_range
        span = math.hypot(x1 - x0, y1 - y0)
        xs, ys = traj.column("x"), traj.column("y")
        here = np.array([xs[n - 1], ys[n - 1]])
        if n >= 2:
            anchor = np.array([xs[n - 2], ys[n - 2]])
            step_vec = here - anchor
        else:
            anchor, step_vec = here, np.zeros(2)
        at_end = n == len(traj) and session.cursor >= session.race.step_count
        if at_end and n >= 2:
            g = np.asarray(racer.last_grad, dtype=np.float64)
        else:
            with np.errstate(all="ignore"):
                g = np.array([float(v) for v in session.surface.grad(anchor[0], anchor[1])])
        gnorm = float(np.hypot(*g))
        length = float(np.hypot(*step_vec))
        length = min(max(length, 0.04 * span), 0.3 * span)
        head = 0.035 * span
        if gnorm > 0 and math.isfinite(gnorm):
            grad_vec = -g / gnorm * length
            self.grad_arrow.setData(*geometry.arrows(anchor, grad_vec, head_max=head))
            _place(self.grad_label, anchor, grad_vec, span)
        else:
            self.grad_arrow.setData([], [])
            self.grad_label.setVisible(False)
        self.step_arrow.setData(*geometry.arrows(anchor, step_vec, head_max=head))
        _place(self.step_label, anchor, step_vec, span)


def _place(label: pg.TextItem, tail: np.ndarray, vector: np.ndarray, span: float) -> None:
    """``label`` just beyond the tip of the arrow ``tail → tail + vector``."""
    length = float(np.hypot(*vector))
    if not (length > 0 and math.isfinite(length)):
        label.setVisible(False)
        return
    tip = tail + vector + vector / length * 0.07 * span  # clear of the marker
    label.setPos(float(tip[0]), float(tip[1]))
    label.setVisible(True)
