"""The standalone bundle: ``tools/build_app.py`` builds it and the built binary starts.

Slow (the PyInstaller build takes ~30-60 s on two cores) but part of the suite:
PyInstaller is a test dependency, so a missing one fails here instead of skipping.
"""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("bundle")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_app.py"),
         "--dist", str(tmp / "dist"), "--work", str(tmp / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "bundle size" in done.stdout
    exe = tmp / "dist" / "optimizer-race" / (
        "optimizer-race" + (".exe" if sys.platform == "win32" else ""))
    assert exe.is_file()
    return exe


def run(exe: Path, *args: str, tmp: Path,
        messages_locale: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    """Run the bundle; the system language is ``messages_locale`` (English by default)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp / "config"), "XDG_DATA_HOME": str(tmp / "data"),
           "LC_MESSAGES": messages_locale}
    env.pop("PYTHONPATH", None)
    env.pop("LC_ALL", None)
    return subprocess.run([str(exe), *args], cwd=tmp, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.slow
def test_the_built_binary_opens_the_window_and_loads_the_mnist_sample(
        bundle: Path, tmp_path: Path) -> None:
    done = run(bundle, "--smoke-test", tmp=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    line = done.stdout.strip().splitlines()[-1]
    assert line.startswith("ok: window 'Optimizer Race' shown in ")
    assert "MNIST sample 4000+1000 images" in line
    assert "formula gradient (-400, 200)" in line  # sympy made it into the bundle
    assert "3-D view importable" in line  # pyqtgraph.opengl and PyOpenGL too
    # its own copy of the resources, not this checkout's
    assert line.endswith(f"resources in {bundle.parent / '_internal' / 'resources'}")
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_the_bundle_speaks_chinese_on_a_chinese_system(bundle: Path, tmp_path: Path) -> None:
    """The language follows the system by default, and the bundle has the translations."""
    done = run(bundle, "--smoke-test", tmp=tmp_path, messages_locale="zh_CN.UTF-8")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("ok: window '优化器竞赛' shown in ")


@pytest.mark.slow
def test_the_bundle_holds_the_resources_and_no_dev_packages(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    resources = internal / "resources"
    for name in ("mnist_sample-images-idx3-ubyte.xz", "optimizer-race.desktop",
                 "icons/optimizer-race.svg", "icons/optimizer-race-256.png",
                 "i18n/optimizer-race_zh_CN.qm"):
        assert (resources / name).is_file(), name
    assert not (resources / "screenshots").exists()
    for package in ("torch", "scipy", "matplotlib", "pytest", "IPython"):
        assert not (internal / package).exists(), package


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop menus: Linux")
def test_the_bundle_installs_its_own_menu_entry(bundle: Path, tmp_path: Path) -> None:
    done = run(bundle, "--install-desktop", tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(tmp_path / "data" / "applications" / "optimizer-race.desktop", encoding="utf-8")
    assert parser["Desktop Entry"]["Exec"] == str(bundle)
    assert (tmp_path / "data/icons/hicolor/256x256/apps/optimizer-race.png").is_file()
