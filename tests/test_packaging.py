"""``pip install .`` ships what the app needs at run time, and the code finds it.

The resources live in the top-level ``resources/`` folder; the wheel installs
them as the package ``optimizer_race_resources`` and :mod:`engine.platform.resources`
finds them in a checkout, an installed wheel and a PyInstaller bundle.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from engine.platform import resources
from engine.platform.resources import ResourceNotFound, resource_dir, resource_path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_FILES = [
    "mnist_sample-images-idx3-ubyte.xz",
    "mnist_sample-labels-idx1-ubyte.xz",
    "MNIST_SAMPLE_LICENSE.txt",
    "optimizer-race.desktop",
    "icons/optimizer-race.svg",
    *(f"icons/optimizer-race-{n}.png" for n in (16, 32, 48, 64, 128, 256)),
    "i18n/optimizer-race_zh_CN.qm",
]


def pyproject() -> dict:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def fresh_cache():
    resource_dir.cache_clear()
    yield
    resource_dir.cache_clear()


def test_every_python_package_is_listed_in_pyproject() -> None:
    config = pyproject()["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("engine", "gui")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert config["package-dir"] == {"optimizer_race_resources": "resources"}
    assert pyproject()["project"]["gui-scripts"] == {"optimizer-race": "main:main"}


def test_in_a_checkout_the_resources_folder_is_found() -> None:
    assert resource_dir() == ROOT / "resources"
    for name in RUNTIME_FILES:
        assert resource_path(name).is_file(), name


def test_a_pyinstaller_bundle_uses_its_own_copy(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = tmp_path / "resources"
    (bundled / "icons").mkdir(parents=True)
    (bundled / "icons" / "optimizer-race.svg").write_text("<svg/>")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("icons/optimizer-race.svg") == bundled / "icons/optimizer-race.svg"


def test_a_missing_folder_is_reported_with_the_places_searched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "_candidates", lambda: iter([tmp_path / "nowhere"]))
    with pytest.raises(ResourceNotFound, match="nowhere"):
        resource_path("optimizer-race.desktop")


def _can_build_in_place() -> bool:
    """True when this environment's setuptools can build a wheel by itself.

    setuptools >= 70.1 has ``bdist_wheel`` built in; older ones need the ``wheel``
    package.  Without either, pip builds in an isolated environment instead.
    """
    if importlib.util.find_spec("setuptools") is None:
        return False
    from importlib.metadata import version

    major, minor = (int(p) for p in version("setuptools").split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def _build_wheel(tmp_path: Path) -> Path:
    """Build the wheel from a copy of the sources (the checkout is left alone)."""
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "main.py"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("engine", "gui", "resources"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    isolation = ["--no-build-isolation"] if _can_build_in_place() else []
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
         "-q", *isolation, "-w", str(tmp_path / "dist"), str(src)],
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("optimizer_race-*.whl")
    return wheel


@pytest.mark.slow
def test_the_wheel_ships_the_resources_and_runs_from_site_packages(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in RUNTIME_FILES:
        assert f"optimizer_race_resources/{name}" in names
    assert not any("screenshots" in n for n in names)
    assert "main.py" in names and "engine/platform/resources.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "[gui_scripts]\noptimizer-race = main:main" in zipfile.ZipFile(wheel).read(
        entry_points).decode()

    # Unpacked like pip does, imported from there (not from this checkout).
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = textwrap.dedent("""
        import engine, engine.platform.resources as r
        from engine.mnist.data import load_sample
        d = load_sample()
        print(engine.__file__)
        print(r.resource_dir())
        print(d.n_train, d.n_test)
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120,
                          env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin",
                               "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    engine_file, folder, counts = done.stdout.splitlines()
    assert Path(engine_file).is_relative_to(site)
    assert Path(folder) == site / "optimizer_race_resources"
    assert counts == "4000 1000"
