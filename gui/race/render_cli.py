"""``python main.py race ... --out race.png|svg|gif|mp4 [--size WxH]``: figures without a display.

The engine's command line parses and validates the race, then calls :func:`render`
(``main.py`` hands it over: the engine never imports the GUI).  Qt starts here, on the
``offscreen`` platform unless another one is asked for, so a scripted lab makes the
same figures as File ▸ Export on a machine with no screen.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

#: Qt messages of the offscreen platform that say nothing to a CLI user.
_QUIET = ("This plugin does not support",)


def _application() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def handler(kind: QtMsgType, _context: object, text: str) -> None:
        if kind != QtMsgType.QtDebugMsg and not text.startswith(_QUIET):
            print(f"qt: {text}", file=__import__("sys").stderr)

    qInstallMessageHandler(handler)
    app = QApplication.instance()
    return app if app is not None else QApplication(["optimizer-race"])


def render(config: Any, steps: int, out: Path | str, size: tuple[int, int]) -> str:
    """Run ``config`` for ``steps`` steps and draw it to ``out``; a one-line report.

    ``.png`` and ``.svg`` show the last step; ``.gif`` and ``.mp4`` every step up to it
    (at most 150 / 300 frames, evenly spaced).  The file is written atomically.
    """
    out = Path(out)
    kind = out.suffix.lower().lstrip(".")
    app = _application()
    del app  # kept alive by Qt itself
    from engine.platform.files import write_atomic
    from engine.session import Session
    from gui.race.export import export_gif, export_mp4
    from gui.race.figure import RaceFigure, png_bytes

    session = Session(config)
    session.step(steps)
    if kind in ("png", "svg"):
        with RaceFigure(session, size) as figure:
            data = png_bytes(figure.image()) if kind == "png" else figure.svg_bytes()
        write_atomic(out, data)
        return f"wrote {out} ({size[0]}×{size[1]}, step {steps})"
    writer = export_gif if kind == "gif" else export_mp4
    frames = writer(session, out, size)
    return f"wrote {out} ({size[0]}×{size[1]}, {frames} frames)"
