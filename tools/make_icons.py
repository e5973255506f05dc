"""Render the application icon's PNGs from ``resources/icons/optimizer-race.svg``.

    python tools/make_icons.py            # writes resources/icons/optimizer-race-<size>.png
    python tools/make_icons.py --check    # exit 1 if a committed PNG is missing or stale

Rendered with Qt's own SVG renderer (QtSvg, part of PySide6-Essentials) on the
offscreen platform, so it needs no display.  The sizes are the ones desktop icon
themes look for (hicolor ``16x16`` … ``256x256``); ``optimizer-race --install-desktop``
copies them there.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "optimizer-race.svg"
SIZES = (16, 32, 48, 64, 128, 256)


def png_path(size: int) -> Path:
    return ICONS / f"optimizer-race-{size}.png"


def render(size: int):
    """The icon as a ``QImage`` of ``size`` × ``size`` pixels (premultiplied ARGB)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that the PNGs match the SVG")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImage

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    stale = []
    for size in SIZES:
        image, path = render(size), png_path(size)
        if args.check:
            old = QImage(str(path))
            if old.isNull() or old.convertToFormat(image.format()) != image:
                stale.append(path.name)
            continue
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"cannot write {path}")
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    if stale:
        print("stale or missing (run python tools/make_icons.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
