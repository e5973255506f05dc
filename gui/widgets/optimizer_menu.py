"""The menu of every optimizer in the registry, grouped as torch.optim, second order and
pytorch-optimizer (community), with each optimizer's summary and paper as tooltip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu

from engine.optimizers import REGISTRY
from gui.services.i18n import engine_text, translate

__all__ = ["fill_optimizer_menu"]


def fill_optimizer_menu(menu: QMenu, pick: Callable[[str], object], *,
                        first_order_only: bool = False) -> None:
    """(Re)fill ``menu`` in the shown language; an action's data is the optimizer's name,
    and triggering it calls ``pick(name)``.  ``first_order_only`` leaves out the
    optimizers that need the Hessian (MNIST has none)."""
    menu.clear()
    groups: dict[str, list] = {"torch": [], "second": [], "community": []}
    titles = {"torch": "torch.optim", "second": translate("OptimizerMenu", "Second order"),
              "community": translate("OptimizerMenu", "pytorch-optimizer (community)")}
    for spec in REGISTRY.values():
        if first_order_only and spec.needs_hessian:
            continue
        if spec.family == "second-order":
            groups["second"].append(spec)
        elif spec.reference.startswith("torch.optim"):
            groups["torch"].append(spec)
        else:
            groups["community"].append(spec)
    for key, specs in groups.items():
        if not specs:
            continue
        menu.addSection(titles[key])
        for spec in specs:
            summary = engine_text(spec.summary)
            action = menu.addAction(engine_text(spec.title))
            action.setData(spec.name)
            action.setToolTip(f"{summary}\n{engine_text(spec.paper)}")
            action.setStatusTip(summary)
            action.triggered.connect(lambda _=False, n=spec.name: pick(n))
