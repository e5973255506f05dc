"""Exports and saves of the real window tell the truth: a file written, or a clear message."""

from __future__ import annotations

import errno
import os
import resource
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.platform import files
from gui.shell.main_window import MainWindow

#: What each export writes, done the way the File menu does it once a path is chosen.
EXPORTS: dict[str, Callable[[MainWindow, Path], bool]] = {
    "png": lambda w, p: w.export_view("png", p),
    "svg": lambda w, p: w.export_view("svg", p),
    "csv": lambda w, p: w.export_csv(p),
    "gif": lambda w, p: w.export_gif(p),
    "json": lambda w, p: w._save(p),
}
TITLES = {"json": "Cannot save session"}


@pytest.fixture
def window(qtbot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.session.step(12)
    return w


@pytest.fixture
def warnings_shown(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: shown.append((title, text)))
    return shown


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """A disk that fills up after ``limit`` bytes of any file: writes beyond fail (EFBIG).

    Python ignores SIGXFSZ, so the write fails instead of killing the process.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("kind", EXPORTS)
def test_missing_folder_is_reported_naming_the_file(
    window: MainWindow, tmp_path: Path, warnings_shown: list[tuple[str, str]], kind: str
) -> None:
    path = tmp_path / "missing" / f"race.{kind}"
    assert not EXPORTS[kind](window, path)
    assert warnings_shown == [(TITLES.get(kind, "Export failed"),
                               f"Could not write {path}: the folder does not exist. "
                               "A file already there is unchanged.")]
    assert not path.parent.exists()
    assert "Exported" not in window.statusBar().currentMessage()
    assert "Saved" not in window.statusBar().currentMessage()


@pytest.mark.parametrize("kind", EXPORTS)
def test_full_disk_keeps_the_old_file_and_leaves_nothing_behind(
    window: MainWindow, tmp_path: Path, warnings_shown: list[tuple[str, str]], kind: str
) -> None:
    path = tmp_path / f"race.{kind}"
    path.write_bytes(b"old")
    with file_size_limit(1000):  # every export here is larger
        ok = EXPORTS[kind](window, path)
    assert not ok
    assert path.read_bytes() == b"old"
    assert leftovers(tmp_path) == []
    assert [title for title, _ in warnings_shown] == [TITLES.get(kind, "Export failed")]
    assert warnings_shown[0][1] == (f"Could not write {path}: the file is larger than allowed "
                                    "here. A file already there is unchanged.")
    if kind == "json":
        assert window.path != path  # the window does not claim the session is saved there


@pytest.mark.parametrize("kind", ["png", "svg", "gif"])
def test_disk_full_when_flushing_is_reported(
    window: MainWindow, tmp_path: Path, warnings_shown: list[tuple[str, str]], kind: str,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    path = tmp_path / f"race.{kind}"
    assert not EXPORTS[kind](window, path)
    assert warnings_shown == [("Export failed", f"Could not write {path}: the disk is full. "
                                                "A file already there is unchanged.")]
    assert list(tmp_path.iterdir()) == []


def test_exports_follow_the_umask_and_keep_modes(window: MainWindow, tmp_path: Path) -> None:
    shared = tmp_path / "race.json"
    shared.write_text("{}")
    shared.chmod(0o644)  # handed out in a lab folder
    old = os.umask(0o002)
    try:
        for kind, export in EXPORTS.items():
            assert export(window, tmp_path / f"race.{kind}")
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert modes == {"race.json": 0o644, "race.png": 0o664, "race.svg": 0o664,
                     "race.csv": 0o664, "race.gif": 0o664}
    assert not QImage(str(tmp_path / "race.png")).isNull()


def test_failure_message_is_translated(
    window: MainWindow, tmp_path: Path, warnings_shown: list[tuple[str, str]]
) -> None:
    from gui.services.i18n import install_language

    install_language("zh_CN")
    path = tmp_path / "missing" / "race.png"
    assert not window.export_view("png", path)
    [(title, text)] = warnings_shown
    assert title == "导出失败"
    assert str(path) in text and "文件夹不存在" in text and "Could not" not in text


def test_menu_action_into_a_missing_folder_says_so(
    window: MainWindow, tmp_path: Path, warnings_shown: list[tuple[str, str]], monkeypatch
) -> None:
    """File ▸ Export ▸ Contour view as PNG…, with the file dialog answering a missing folder."""
    path = tmp_path / "gone" / "race.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    [action] = [a for a in window.findChildren(QAction) if a.text() == "Contour view as &PNG…"]
    action.trigger()
    assert warnings_shown == [("Export failed", f"Could not write {path}: the folder does not "
                                                "exist. A file already there is unchanged.")]
    assert not path.parent.exists()
    path.parent.mkdir()
    action.trigger()
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert window.statusBar().currentMessage() == "Exported race.png"
