"""The application icon: an SVG, PNGs rendered from it, set on the app and its windows."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from engine.platform.resources import resource_path
from engine.platform.xdg import ICON_SIZES
from gui.shell.app import create_app
from gui.shell.launch import app_icon

ROOT = Path(__file__).resolve().parents[2]


def _make_icons():
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "tools" / "make_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine() // 4, 4)[:, : image.width()].astype(int)


def test_the_pngs_are_the_svg_rendered_at_each_size(qapp) -> None:
    make_icons = _make_icons()
    assert make_icons.SIZES == ICON_SIZES
    for size in ICON_SIZES:
        png = QImage(str(resource_path(f"icons/optimizer-race-{size}.png")))
        assert (png.width(), png.height()) == (size, size)
        diff = np.abs(pixels(png) - pixels(make_icons.render(size)))
        # same picture (a different Qt version may antialias a little differently)
        assert diff.mean() < 2.0, f"{size}px is stale: run python tools/make_icons.py"
        corner, centre = pixels(png)[0, 0], pixels(png)[size // 2, size // 2]
        assert corner[3] == 0 and centre[3] == 255  # rounded tile on a transparent square


def test_the_app_and_its_windows_carry_the_icon(qapp) -> None:
    app = create_app()
    assert app is QApplication.instance()
    sizes = {(s.width(), s.height()) for s in app.windowIcon().availableSizes()}
    assert sizes == {(n, n) for n in ICON_SIZES}
    assert not app_icon().pixmap(QSize(16, 16)).isNull()
