"""Where the app's data files are: one answer for a checkout, a wheel and a bundle.

The files live in the top-level ``resources/`` folder of the repository.  A
wheel installs that folder as the package ``optimizer_race_resources`` (mapped
in ``pyproject.toml``; the README screenshots are left out) and the PyInstaller
bundle (``tools/build_app.py``) copies it to ``<bundle>/resources``.
:func:`resource_dir` looks, in order:

1. in a PyInstaller bundle (``sys._MEIPASS``), ``<bundle>/resources``;
2. next to the ``engine`` package being run, if that is a checkout (recognised
   by the application icon in ``resources/icons``);
3. in the installed package ``optimizer_race_resources`` (also what an
   editable install maps to the checkout).

Pure Python, no Qt: the CLI, the GUI and the desktop installer share it.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from engine.messages import msg

__all__ = ["PACKAGE", "ResourceNotFound", "data_dir", "resource_dir", "resource_path"]

#: Environment variable that relocates the user's data folder (tests, portable use).
ENV_DATA_DIR = "OPTIMIZER_RACE_DATA_DIR"
#: Folder name of the app under the platform's data directory.
APP_DIR_NAME = "optimizer-race"


def data_dir() -> Path:
    """The user's data folder (datasets, autosave, logs): ``$OPTIMIZER_RACE_DATA_DIR``
    or the platform's per-user data directory (platformdirs)."""
    import os

    folder = os.environ.get(ENV_DATA_DIR, "").strip()
    if folder:
        return Path(folder).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))

#: Import name of the installed resources package.
PACKAGE = "optimizer_race_resources"
#: A file only our resources folder has (tells a checkout's folder from any other).
_MARKER = Path("icons") / "optimizer-race.svg"


class ResourceNotFound(FileNotFoundError):
    """The resources folder is missing: a broken installation."""


def _candidates() -> Iterator[Path]:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        yield Path(bundle) / "resources"
    yield Path(__file__).resolve().parents[2] / "resources"
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        yield from (Path(p) for p in (spec.submodule_search_locations or ()))


@lru_cache(maxsize=1)
def resource_dir() -> Path:
    """The folder holding the app's data files (see the module docstring)."""
    for folder in _candidates():
        if (folder / _MARKER).is_file():
            return folder
    raise ResourceNotFound(msg(
        "Optimizer Race cannot find its data files (looked in {folders}); reinstall it with "
        "'pip install optimizer-race' or from a checkout.",
        folders=", ".join(str(c) for c in _candidates())))


def resource_path(name: str) -> Path:
    """Path of ``name`` (e.g. ``"icons/optimizer-race.svg"``) in :func:`resource_dir`.

    The file need not exist (translations are optional); the folder must.
    """
    return resource_dir().joinpath(*Path(name).parts)
