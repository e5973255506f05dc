"""Light and dark themes that follow the system by default.

The app always uses Qt's Fusion style with one of two palettes below, so it
looks the same on every OS and a theme switch is a palette change.  In
"system" mode the palette follows ``QStyleHints.colorScheme()`` (Qt ≥ 6.5),
live, through its ``colorSchemeChanged`` signal.

The plots take their colours from the palette when they are built (the base
colour as background, the text colour for axes and titles).  On a switch
:func:`restyle_all` recolours every pyqtgraph view that used the old theme's
colours, so the curves and MNIST plots follow at once; views with their own
colours (the contour map's dark image area, the 3-D view) are left alone.

API::

    manager = ThemeManager.instance()     # app-wide; applies the stored theme
    manager.set_theme("dark")             # "system", "light" or "dark"; stored
    manager.is_dark()                      # the palette in use
    menu = ThemeMenu(parent)               # View ▸ Theme: System / Light / Dark
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QMenu,
    QTableWidget,
    QTreeWidget,
    QTreeWidgetItemIterator,
    QWidget,
)

from gui.services.settings import THEMES, Settings

log = logging.getLogger(__name__)

_R = QPalette.ColorRole
_G = QPalette.ColorGroup

#: (role, normal colour, disabled colour or None for the same).
_LIGHT = (
    (_R.Window, "#efefef", None), (_R.WindowText, "#000000", "#bebebe"),
    (_R.Base, "#ffffff", "#efefef"), (_R.AlternateBase, "#f7f7f7", None),
    (_R.Text, "#000000", "#bebebe"), (_R.PlaceholderText, "#80000000", None),
    (_R.Button, "#efefef", None), (_R.ButtonText, "#000000", "#bebebe"),
    (_R.BrightText, "#ffffff", None), (_R.Light, "#ffffff", None),
    (_R.Midlight, "#cacaca", None), (_R.Mid, "#b8b8b8", None),
    (_R.Dark, "#9f9f9f", "#bebebe"), (_R.Shadow, "#767676", "#b1b1b1"),
    (_R.Highlight, "#308cc6", "#919191"), (_R.HighlightedText, "#ffffff", None),
    (_R.Accent, "#308cc6", "#919191"),
    (_R.Link, "#1a5fb4", None), (_R.LinkVisited, "#813d9c", None),
    (_R.ToolTipBase, "#ffffdc", None), (_R.ToolTipText, "#000000", None),
)
_DARK = (
    (_R.Window, "#2b2d31", None), (_R.WindowText, "#e6e6e6", "#7d7f84"),
    (_R.Base, "#1e1f22", "#26282c"), (_R.AlternateBase, "#26282c", None),
    (_R.Text, "#e6e6e6", "#7d7f84"), (_R.PlaceholderText, "#80e6e6e6", None),
    (_R.Button, "#35373c", "#2e3034"), (_R.ButtonText, "#e6e6e6", "#7d7f84"),
    (_R.BrightText, "#ff6b6b", None), (_R.Light, "#4a4d52", None),
    (_R.Midlight, "#3e4146", None), (_R.Mid, "#303236", None),
    (_R.Dark, "#1b1c1f", None), (_R.Shadow, "#0e0f10", None),
    (_R.Highlight, "#3d8fd6", "#50535a"), (_R.HighlightedText, "#ffffff", "#a0a2a6"),
    (_R.Accent, "#3d8fd6", "#50535a"),
    (_R.Link, "#6cb4ff", None), (_R.LinkVisited, "#c49bff", None),
    (_R.ToolTipBase, "#3a3d42", None), (_R.ToolTipText, "#f0f0f0", None),
)


def palette(dark: bool) -> QPalette:
    """The light or dark palette (every role and group set, so nothing leaks from the OS)."""
    p = QPalette()
    for role, color, disabled in _DARK if dark else _LIGHT:
        normal = QColor(color)
        p.setColor(_G.Active, role, normal)
        p.setColor(_G.Inactive, role, normal)
        p.setColor(_G.Disabled, role, QColor(disabled) if disabled else normal)
    return p


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


class ThemeManager(QObject):
    """Applies the chosen theme to the application and follows the system in "system" mode."""

    #: Emitted after the palette changed: the effective theme, "light" or "dark".
    changed = Signal(str)
    #: Emitted when the chosen theme ("system", "light", "dark") changed.
    themeChanged = Signal(str)

    _instance: ThemeManager | None = None

    @classmethod
    def instance(cls) -> ThemeManager:
        """The application's manager; the first call applies the stored theme."""
        app = QApplication.instance()
        try:
            alive = cls._instance is not None and cls._instance.parent() is app
        except RuntimeError:  # the application it belonged to is gone
            alive = False
        if not alive:
            cls._instance = cls(app)
        return cls._instance  # type: ignore[return-value]

    def __init__(self, app: QObject | None = None) -> None:
        super().__init__(app)
        self._theme = Settings().theme
        self._dark: bool | None = None
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_system_scheme)
        self.apply()

    def theme(self) -> str:
        """The chosen theme: "system", "light" or "dark"."""
        return self._theme

    def is_dark(self) -> bool:
        if self._theme == "system":
            return system_is_dark()
        return self._theme == "dark"

    def set_theme(self, theme: str, *, save: bool = True) -> None:
        if theme not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}, got {theme!r}")
        if save:
            Settings().theme = theme
        if theme != self._theme:
            self._theme = theme
            self.themeChanged.emit(theme)
        self.apply()

    def apply(self) -> None:
        """Set the Fusion style and the palette; recolour the plots if the palette changed."""
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        dark = self.is_dark()
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
        old = app.palette()
        new = palette(dark)
        if self._dark is not None and dark == self._dark and _same(old, new):
            return
        app.setPalette(new)
        # Widgets get the new palette through posted events: deliver them now.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange.value)
        _set_pyqtgraph_defaults(new)
        restyle_all(old, new)
        self._dark = dark
        log.info("theme: %s (%s)", self._theme, "dark" if dark else "light")
        self.changed.emit("dark" if dark else "light")

    def _on_system_scheme(self, *_: object) -> None:
        if self._theme == "system":
            self.apply()


class ThemeMenu(QMenu):
    """View ▸ Theme: an exclusive choice of System, Light and Dark, kept in sync."""

    def __init__(self, parent: QWidget | None = None,
                 manager: ThemeManager | None = None) -> None:
        super().__init__(parent)
        self.manager = manager or ThemeManager.instance()
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.theme_actions: dict[str, QAction] = {}
        for name in THEMES:
            action = QAction(self)
            action.setCheckable(True)
            action.setData(name)
            self.group.addAction(action)
            self.addAction(action)
            self.theme_actions[name] = action
        self._retranslate()
        self.group.triggered.connect(self._on_triggered)
        self.manager.themeChanged.connect(self._sync)
        self._sync(self.manager.theme())

    def _retranslate(self) -> None:
        self.setTitle(self.tr("&Theme"))
        labels = {
            "system": (self.tr("&System"), self.tr("Follow the light or dark mode of the system")),
            "light": (self.tr("&Light"), self.tr("Dark text on a light background")),
            "dark": (self.tr("&Dark"), self.tr("Light text on a dark background")),
        }
        for name, (text, tip) in labels.items():
            self.theme_actions[name].setText(text)
            self.theme_actions[name].setStatusTip(tip)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _on_triggered(self, action: QAction) -> None:
        self.manager.set_theme(str(action.data()))

    def _sync(self, theme: str) -> None:
        action = self.theme_actions.get(theme)
        if action is not None and not action.isChecked():
            action.setChecked(True)


# -- recolouring what was built with the old palette ------------------------------------
def _same(a: QPalette, b: QPalette) -> bool:
    return all(a.color(g, role) == b.color(g, role)
               for role, _, _ in _LIGHT for g in (_G.Active, _G.Disabled))


def _set_pyqtgraph_defaults(p: QPalette) -> None:
    pg = sys.modules.get("pyqtgraph")
    if pg is not None:
        pg.setConfigOptions(background=p.color(_R.Base), foreground=p.color(_R.Text))


def _rgb_equal(a: object, b: QColor) -> bool:
    try:
        color = a if isinstance(a, QColor) else QColor(a)  # type: ignore[arg-type]
    except TypeError:
        return False
    return color.isValid() and color.rgb() == b.rgb()


@contextmanager
def all_widgets() -> Iterator[list[QWidget]]:
    """``QApplication.allWidgets()``, safe to iterate.

    allWidgets() is a C++ list of raw pointers converted one by one; a garbage
    collection in between could delete a Python-owned widget still in the list
    (a segfault), so the collector is paused while the list is alive.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        widgets = QApplication.allWidgets()
        yield widgets
        del widgets
    finally:
        if enabled:
            gc.enable()


def restyle_all(old: QPalette, new: QPalette) -> None:
    """Recolour plots, secondary labels and item views drawn with ``old``'s colours."""
    with all_widgets() as widgets:
        restyle_plots(old, new, widgets)
        restyle_secondary_labels(old, new, widgets)
        restyle_item_views(old, new, widgets)


def restyle_plots(old: QPalette, new: QPalette, widgets: list[QWidget]) -> int:
    """Recolour pyqtgraph views drawn with ``old``'s base/text colours; returns how many."""
    pg = sys.modules.get("pyqtgraph")
    if pg is None:
        return 0
    old_bg, old_fg = old.color(_R.Base), old.color(_R.Text)
    new_bg, new_fg = new.color(_R.Base), new.color(_R.Text)
    count = 0
    for widget in widgets:
        if not isinstance(widget, pg.GraphicsView):
            continue
        if not _rgb_equal(widget.backgroundBrush().color(), old_bg):
            continue  # a view with colours of its own (the contour map)
        widget.setBackground(QColor(new_bg))
        for item in widget.scene().items():
            _restyle_item(pg, item, old_bg, old_fg, new_bg, new_fg)
        count += 1
    return count


def _recolor_pen(pen, color: QColor):  # type: ignore[no-untyped-def]
    out = type(pen)(pen)
    c = QColor(color)
    c.setAlpha(pen.color().alpha())
    out.setColor(c)
    return out


def _restyle_item(pg, item, old_bg: QColor, old_fg: QColor,  # type: ignore[no-untyped-def]
                  new_bg: QColor, new_fg: QColor) -> None:
    if isinstance(item, pg.AxisItem):
        if getattr(item, "_pen", None) is None or _rgb_equal(item.pen().color(), old_fg):
            item.setPen(_recolor_pen(item.pen(), new_fg))
        if getattr(item, "_textPen", None) is None or _rgb_equal(item.textPen().color(), old_fg):
            item.setTextPen(_recolor_pen(item.textPen(), new_fg))
    elif isinstance(item, pg.LabelItem):
        color = item.opts.get("color")
        if color is None or _rgb_equal(pg.mkColor(color), old_fg):
            item.setText(item.text, color=new_fg.name())
    elif isinstance(item, pg.InfiniteLine):
        if _rgb_equal(item.pen.color(), old_fg):
            item.setPen(_recolor_pen(item.pen, new_fg))
    elif isinstance(item, pg.LegendItem):
        text = item.opts.get("labelTextColor")
        if text is None or _rgb_equal(pg.mkColor(text), old_fg):
            item.setLabelTextColor(new_fg)
        brush = item.opts.get("brush")
        if brush is not None and _rgb_equal(pg.mkBrush(brush).color(), old_bg):
            fill = QColor(new_bg)
            fill.setAlpha(pg.mkBrush(brush).color().alpha())
            item.setBrush(pg.mkBrush(fill))


def _mix(p: QPalette) -> QColor:
    """The secondary-text colour of :func:`gui.widgets.controls.secondary` for palette ``p``."""
    fg, bg = p.color(_R.WindowText), p.color(_R.Window)
    return QColor(round(0.62 * fg.red() + 0.38 * bg.red()),
                  round(0.62 * fg.green() + 0.38 * bg.green()),
                  round(0.62 * fg.blue() + 0.38 * bg.blue()))


def restyle_secondary_labels(old: QPalette, new: QPalette, widgets: list[QWidget]) -> int:
    """Secondary labels fix their text colour in their own palette: recompute it."""
    old_mix, new_mix = _mix(old), _mix(new)
    count = 0
    for widget in widgets:
        if not isinstance(widget, QLabel) or not widget.testAttribute(
                Qt.WidgetAttribute.WA_SetPalette):
            continue
        p = widget.palette()
        if p.color(_R.WindowText).rgb() != old_mix.rgb():
            continue
        p.setColor(_R.WindowText, new_mix)
        p.setColor(_R.Text, new_mix)
        widget.setPalette(p)
        count += 1
    return count


def restyle_item_views(old: QPalette, new: QPalette, widgets: list[QWidget]) -> int:
    """Table, tree and list items painted in the old text colour get the new one."""
    olds = {old.color(_R.Text).rgb(), old.color(_R.WindowText).rgb()}
    brush = new.color(_R.Text)
    count = 0

    def fix(item, column: int | None = None) -> None:  # type: ignore[no-untyped-def]
        nonlocal count
        fg = item.foreground() if column is None else item.foreground(column)
        if fg.style() != Qt.BrushStyle.NoBrush and fg.color().rgb() in olds:
            if column is None:
                item.setForeground(brush)
            else:
                item.setForeground(column, brush)
            count += 1

    for widget in widgets:
        if isinstance(widget, QTableWidget):
            for r in range(widget.rowCount()):
                for c in range(widget.columnCount()):
                    item = widget.item(r, c)
                    if item is not None:
                        fix(item)
        elif isinstance(widget, QListWidget):
            for i in range(widget.count()):
                fix(widget.item(i))
        elif isinstance(widget, QTreeWidget):
            it = QTreeWidgetItemIterator(widget)
            while it.value() is not None:
                for c in range(widget.columnCount()):
                    fix(it.value(), c)
                it += 1
    return count
