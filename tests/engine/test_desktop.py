"""``--install-desktop`` / ``--uninstall-desktop``: the menu entry and icons of one user."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.platform import xdg as desktop
from engine.platform.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]
PNG_SIZES = ("16x16", "32x32", "48x48", "64x64", "128x128", "256x256")


def run_main(*args: str, data_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def installed_files(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file())


def test_the_bundled_desktop_file_names_the_app_in_english_and_chinese() -> None:
    entry = read_entry(resource_path("optimizer-race.desktop"))
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Optimizer Race"
    assert entry["Name[zh_CN]"] == "优化器竞赛"
    assert entry["Comment"] and entry["Comment[zh_CN]"]
    assert entry["Icon"] == "optimizer-race"
    assert entry["Categories"] == "Education;Science;"
    assert entry["Terminal"] == "false"
    # Qt's desktopFileName (Wayland app id) and X11 WM_CLASS instance (gui/app.py)
    assert entry["StartupWMClass"] == desktop.APP_ID == "optimizer-race"
    assert entry["Exec"] == "optimizer-race"


def test_install_from_a_checkout_then_uninstall_leaves_nothing(tmp_path: Path) -> None:
    home = tmp_path / "share"
    done = run_main("--install-desktop", data_home=home)
    assert done.returncode == 0, done.stderr
    desktop_file = home / "applications" / "optimizer-race.desktop"
    icons = [home / "icons/hicolor" / size / "apps/optimizer-race.png" for size in PNG_SIZES]
    svg = home / "icons/hicolor/scalable/apps/optimizer-race.svg"
    assert installed_files(home) == sorted([desktop_file, *icons, svg])
    for path in (desktop_file, *icons, svg):
        assert f"installed: {path}" in done.stdout
    entry = read_entry(desktop_file)
    # Run from a checkout: this interpreter and main.py, absolute paths.
    assert entry["Exec"] == f"{sys.executable} {ROOT / 'main.py'}"
    assert entry["TryExec"] == sys.executable
    assert entry["Icon"] == "optimizer-race"
    assert entry["Name[zh_CN]"] == "优化器竞赛"
    assert icons[0].read_bytes() == resource_path("icons/optimizer-race-16.png").read_bytes()
    assert svg.read_bytes() == resource_path("icons/optimizer-race.svg").read_bytes()

    done = run_main("--uninstall-desktop", data_home=home)
    assert done.returncode == 0, done.stderr
    assert installed_files(home) == []
    for path in (desktop_file, *icons, svg):
        assert f"removed: {path}" in done.stdout


def test_install_and_uninstall_are_idempotent_and_touch_nothing_else(tmp_path: Path) -> None:
    other = tmp_path / "applications" / "other.desktop"
    other_icon = tmp_path / "icons/hicolor/16x16/apps/other.png"
    for path in (other, other_icon):
        path.parent.mkdir(parents=True)
        path.write_text("someone else's")
    first = desktop.install(["/opt/or/bin/optimizer-race"], home=tmp_path)
    files = installed_files(tmp_path)
    contents = {p: p.read_bytes() for p in files}
    second = desktop.install(["/opt/or/bin/optimizer-race"], home=tmp_path)
    assert all(line.startswith("installed: ") for line in first[:-1])
    assert all(line.startswith("up to date: ") for line in second[:-1])
    assert {p: p.read_bytes() for p in installed_files(tmp_path)} == contents
    assert len(files) == 2 + 1 + len(PNG_SIZES) + 1

    removed = desktop.uninstall(home=tmp_path)
    assert len(removed) == 1 + len(PNG_SIZES) + 1
    assert all(line.startswith("removed: ") for line in removed)
    assert installed_files(tmp_path) == sorted([other, other_icon])
    again = desktop.uninstall(home=tmp_path)
    assert all(line.startswith("not installed: ") for line in again)
    assert installed_files(tmp_path) == sorted([other, other_icon])


def test_a_new_launcher_path_replaces_the_old_entry(tmp_path: Path) -> None:
    desktop.install(["/old/venv/bin/optimizer-race"], home=tmp_path)
    report = desktop.install(["/new/venv/bin/optimizer-race"], home=tmp_path)
    assert report[0].startswith("installed: ")
    entry = read_entry(tmp_path / "applications/optimizer-race.desktop")
    assert entry["Exec"] == "/new/venv/bin/optimizer-race"
    assert entry["TryExec"] == "/new/venv/bin/optimizer-race"


def test_launcher_command_for_each_way_of_starting(tmp_path: Path) -> None:
    launcher = tmp_path / "bin" / "optimizer-race"
    launcher.parent.mkdir()
    launcher.write_text("#!/usr/bin/env python\n")
    script = tmp_path / "main.py"
    script.write_text("")
    python = str(tmp_path / "venv" / "bin" / "python")
    # the pip-installed launcher
    assert desktop.launcher_command(str(launcher), python, False) == [str(launcher)]
    # python main.py / python -m main in a checkout
    assert desktop.launcher_command(str(script), python, False) == [python, str(script)]
    # python -c ...: the interpreter and the installed module
    assert desktop.launcher_command("-c", python, False) == [python, "-m", "main"]
    # the PyInstaller bundle: its own executable
    bundle = str(tmp_path / "optimizer-race" / "optimizer-race")
    assert desktop.launcher_command("x", bundle, True) == [bundle]
    # a venv's python is a symlink to the base interpreter: the path is kept as is
    link = tmp_path / "venv2" / "python"
    link.parent.mkdir()
    link.symlink_to(sys.executable)
    assert desktop.launcher_command(str(script), str(link), False)[0] == str(link)


def test_exec_arguments_with_spaces_and_specials_are_quoted() -> None:
    entry = desktop.desktop_entry(["/home/li wei/venv/bin/python", "/srv/100% $app/main.py"],
                                  template="[Desktop Entry]\nName=X\nExec=x\n")
    lines = entry.splitlines()
    assert lines[0:2] == ["[Desktop Entry]", "Name=X"]
    # Desktop Entry Specification: quote the argument, escape " ` $ \\ inside, then the
    # string escape doubles the backslashes; % is written %%.
    assert lines[2] == r'Exec="/home/li wei/venv/bin/python" "/srv/100%% \\$app/main.py"'
    assert lines[3] == "TryExec=/home/li wei/venv/bin/python"


def test_data_home_follows_xdg_data_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert desktop.data_home({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path
    # relative values are invalid by the XDG spec and ignored
    assert desktop.data_home({"XDG_DATA_HOME": "rel"}) == Path.home() / ".local/share"
    assert desktop.data_home({}) == Path.home() / ".local/share"


def test_other_systems_get_a_clear_message_and_exit_2(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    for platform in ("win32", "darwin"):
        assert desktop.main("--install-desktop", platform=platform) == 2
        err = capsys.readouterr().err
        assert "only on Linux" in err and platform in err
    assert installed_files(tmp_path) == []
    assert desktop.main("--install-desktop", platform="linux") == 0
    assert "desktop menu" in capsys.readouterr().out
    assert desktop.main("--uninstall-desktop", platform="linux") == 0
    assert installed_files(tmp_path) == []
