"""Install the app in the desktop menu of the current user (freedesktop.org, Linux).

``optimizer-race --install-desktop`` writes

* ``$XDG_DATA_HOME/applications/optimizer-race.desktop`` (the bundled desktop
  file with ``Exec=`` set to the command that started this process), and
* the icon into the hicolor theme: ``$XDG_DATA_HOME/icons/hicolor/<n>x<n>/apps/
  optimizer-race.png`` for every bundled size, plus ``scalable/apps/optimizer-race.svg``;

``--uninstall-desktop`` removes exactly those files (folders are left alone).
``$XDG_DATA_HOME`` defaults to ``~/.local/share``.  Both are idempotent, print
what they did and return 0; on other systems they explain why not and return 2.

No Qt here: it runs before (and without) the GUI.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.messages import msg
from engine.platform.files import write_atomic
from engine.platform.resources import resource_path

__all__ = [
    "APP_ID",
    "ICON_SIZES",
    "Plan",
    "desktop_entry",
    "install",
    "launcher_command",
    "main",
    "plan",
    "uninstall",
]

#: Desktop file id, icon name and ``QGuiApplication.desktopFileName()``.
APP_ID = "optimizer-race"
#: Bundled PNG sizes (``resources/icons/optimizer-race-<n>.png``, see tools/make_icons.py).
ICON_SIZES = (16, 32, 48, 64, 128, 256)
#: Systems with a freedesktop.org menu.
SUPPORTED = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly")


@dataclass(frozen=True)
class Plan:
    """The files an installation consists of: ``(source, destination)`` for each icon."""

    desktop_file: Path
    icons: tuple[tuple[Path, Path], ...]

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.desktop_file, *(dest for _src, dest in self.icons))


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME`` if it is an absolute path, else ``~/.local/share``."""
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def plan(home: Path | None = None) -> Plan:
    """Where :func:`install` puts each file (nothing is touched)."""
    home = data_home() if home is None else home
    hicolor = home / "icons" / "hicolor"
    icons = [(resource_path(f"icons/{APP_ID}-{n}.png"), hicolor / f"{n}x{n}" / "apps" /
              f"{APP_ID}.png") for n in ICON_SIZES]
    icons.append((resource_path(f"icons/{APP_ID}.svg"),
                  hicolor / "scalable" / "apps" / f"{APP_ID}.svg"))
    return Plan(home / "applications" / f"{APP_ID}.desktop", tuple(icons))


def launcher_command(argv0: str | None = None, executable: str | None = None,
                     frozen: bool | None = None) -> list[str]:
    """The command that starts the app the way this process was started.

    * the PyInstaller bundle: its executable;
    * ``python main.py`` or ``python -m main`` (a checkout): the interpreter and
      the script's absolute path;
    * the ``optimizer-race`` launcher: its absolute path;
    * anything else (``python -c ...``): the interpreter and ``-m main``.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    # Absolute, but symlinks kept: a venv's python is a symlink to the base one.
    python = os.path.abspath(executable)
    if frozen:
        return [python]
    script = Path(os.path.abspath(argv0)) if argv0 else None
    if script is None or not script.is_file():
        return [python, "-m", "main"]
    if script.suffix in (".py", ".pyw"):
        return [python, str(script)]
    return [str(script)]


def _exec_arg(arg: str) -> str:
    """One ``Exec=`` argument, quoted as the Desktop Entry Specification asks."""
    arg = arg.replace("%", "%%")
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if not any(c in reserved for c in arg):
        return arg
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    # The value itself is a desktop-file string, where a backslash is escaped again.
    return '"' + quoted.replace("\\", "\\\\") + '"'


def desktop_entry(command: Sequence[str], template: str | None = None) -> str:
    """The bundled desktop file with ``Exec=`` (and ``TryExec=``) for ``command``."""
    text = resource_path(f"{APP_ID}.desktop").read_text(encoding="utf-8") \
        if template is None else template
    exec_line = "Exec=" + " ".join(_exec_arg(a) for a in command)
    lines, in_entry = [], False
    for line in text.splitlines():
        if line.startswith("["):
            in_entry = line.strip() == "[Desktop Entry]"
        if in_entry and line.startswith(("Exec=", "TryExec=")):
            if line.startswith("Exec="):
                lines.append(exec_line)
                lines.append("TryExec=" + command[0].replace("\\", "\\\\"))
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return True


def _touch_theme(home: Path) -> None:
    """Icon caches notice new icons when the theme folder's time changes."""
    hicolor = home / "icons" / "hicolor"
    if hicolor.is_dir():
        try:
            os.utime(hicolor)
        except OSError:
            pass


def install(command: Sequence[str] | None = None, home: Path | None = None) -> list[str]:
    """Install the desktop file and icons; the report lines (one per file)."""
    home = data_home() if home is None else home
    command = launcher_command() if command is None else list(command)
    p = plan(home)
    report = []
    entry = desktop_entry(command).encode("utf-8")
    changed = _write_if_changed(p.desktop_file, entry)
    p.desktop_file.chmod(0o755)  # some file managers only trust executable launchers
    report.append(f"{'installed' if changed else 'up to date'}: {p.desktop_file}")
    for src, dest in p.icons:
        changed = _write_if_changed(dest, src.read_bytes())
        report.append(f"{'installed' if changed else 'up to date'}: {dest}")
    _touch_theme(home)
    report.append("Exec=" + " ".join(_exec_arg(a) for a in command))
    return report


def uninstall(home: Path | None = None) -> list[str]:
    """Remove what :func:`install` wrote; the report lines (one per file)."""
    home = data_home() if home is None else home
    report = []
    for path in plan(home).files:
        if path.is_file() or path.is_symlink():
            path.unlink()
            report.append(f"removed: {path}")
        else:
            report.append(f"not installed: {path}")
    _touch_theme(home)
    return report


def main(action: str, platform: str | None = None) -> int:
    """``--install-desktop`` / ``--uninstall-desktop``: do it, print it, exit status."""
    platform = sys.platform if platform is None else platform
    if not platform.startswith(SUPPORTED):
        print(f"{action}: desktop menu entries are installed only on Linux and other "
              f"freedesktop.org systems, not on '{platform}'. On Windows and macOS, "
              "start the app with the 'optimizer-race' launcher or the standalone bundle "
              "(tools/build_app.py).", file=sys.stderr)
        return 2
    if action == "--install-desktop":
        command = launcher_command()
        lines = install(command)
        lines.append("Optimizer Race is now in your desktop menu (some desktops show it only "
                     "after the next login). Remove it with: "
                     + shlex.join([*command, "--uninstall-desktop"]))
    elif action == "--uninstall-desktop":
        lines = uninstall()
    else:
        raise ValueError(msg("unknown action {action}", action=repr(action)))
    print("\n".join(lines))
    return 0
