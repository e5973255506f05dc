"""Build the standalone app for people without Python: one folder, made by PyInstaller.

    python tools/build_app.py                  # -> dist/optimizer-race/optimizer-race
    python tools/build_app.py --dist DIR       # elsewhere (work files: DIR/../build/pyinstaller)
    dist/optimizer-race/optimizer-race --smoke-test   # opens, checks, prints "ok ...", exits

The folder holds the executable, the Python runtime and libraries (in
``_internal/``) and the app's data files (``_internal/resources/``: the MNIST
sample, the icons, the desktop file and the compiled translations; not the
README screenshots).  Copy the whole folder to the target machine (same OS and
CPU family: PyInstaller does not cross-compile); on Linux,
``optimizer-race --install-desktop`` then adds it to the desktop menu.

What goes in: ``main.py`` and everything it imports, found by PyInstaller's
analysis, plus the modules imported only inside functions or by name:
``pyqtgraph.opengl`` and PyOpenGL (the 3-D view, imported when first shown;
PyOpenGL picks its platform module at run time), sympy (custom formulas) and
pyqtgraph's Qt templates (its own PyInstaller hook, from
``pyinstaller-hooks-contrib``).  What stays out: dev-only and optional packages
that pyqtgraph, sympy or numpy would otherwise drag in when they are installed
(torch, scipy, matplotlib, IPython, the test tools, ...): the app never needs them.

Needs PyInstaller (``pip install -e ".[dev]"``).  Prints the bundle size and build time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "optimizer-race"
RESOURCES = ROOT / "resources"

#: Imported inside functions or by name at run time.
HIDDEN_IMPORTS = [
    "pyqtgraph.opengl",
    "OpenGL.GL",
    "OpenGL.platform.glx",
    "OpenGL.platform.egl",
    "OpenGL.platform.osmesa",
    "engine.formula",
    "engine.mnist.download",
    "sympy",
    "mpmath",
]
#: Never needed at run time; some are optional imports of pyqtgraph, sympy or numpy.
EXCLUDES = [
    "torch", "torchvision", "torchaudio", "pytorch_optimizer", "tensorflow", "jax",
    "scipy", "matplotlib", "pandas", "numba", "cupy", "h5py", "networkx",
    "IPython", "ipykernel", "jedi", "parso", "traitlets", "prompt_toolkit", "pygments",
    "tkinter", "_tkinter", "PyQt5", "PyQt6", "PySide2",
    "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "ruff", "PyInstaller",
    "docutils", "sphinx", "setuptools", "pkg_resources", "distutils",
    "boto3", "botocore", "cryptography", "lxml",
    "pyqtgraph.examples", "pyqtgraph.jupyter", "sympy.testing.runtests",
    # MP4 export is optional (a 70 MB ffmpeg binary): the bundle offers GIF, PNG and SVG.
    "imageio_ffmpeg",
]


def resource_files() -> list[tuple[Path, str]]:
    """``(source, folder in the bundle)`` for every data file the app needs."""
    files = [(p, "resources") for p in sorted(RESOURCES.glob("*.xz"))]
    files += [(RESOURCES / "MNIST_SAMPLE_LICENSE.txt", "resources"),
              (RESOURCES / f"{NAME}.desktop", "resources")]
    files += [(p, "resources/icons") for p in sorted((RESOURCES / "icons").glob("*.*"))]
    files += [(p, "resources/i18n") for p in sorted((RESOURCES / "i18n").glob("*.qm"))]
    missing = [str(p) for p, _ in files if not p.is_file()]
    if missing:
        raise SystemExit(f"missing resource files: {', '.join(missing)}")
    return files


def pyinstaller_args(dist: Path, work: Path) -> list[str]:
    sep = os.pathsep  # PyInstaller's SRC:DEST separator (';' on Windows)
    args = [
        str(ROOT / "main.py"),
        "--name", NAME,
        "--onedir",
        "--windowed",  # no console window on Windows and macOS
        "--noconfirm",
        "--clean",
        "--log-level", "WARN",
        "--distpath", str(dist),
        "--workpath", str(work),
        "--specpath", str(work),
        "--paths", str(ROOT),
    ]
    if sys.platform in ("win32", "darwin"):  # the executable's own icon (Pillow converts)
        args += ["--icon", str(RESOURCES / "icons" / f"{NAME}-256.png")]
    for src, dest in resource_files():
        args += ["--add-data", f"{src}{sep}{dest}"]
    for module in HIDDEN_IMPORTS:
        args += ["--hidden-import", module]
    for module in EXCLUDES:
        args += ["--exclude-module", module]
    return args


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path | None = None) -> Path:
    """Build into ``dist/optimizer-race``; the path of the executable."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit("PyInstaller is not installed: pip install -e '.[dev]'") from None
    dist = dist.resolve()
    work = (dist.parent / "build" / "pyinstaller" if work is None else work).resolve()
    out = dist / NAME
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "PyInstaller", *pyinstaller_args(dist, work)]
    subprocess.run(cmd, cwd=ROOT, check=True)
    exe = out / (NAME + (".exe" if sys.platform == "win32" else ""))
    if not exe.is_file():
        raise SystemExit(f"PyInstaller finished but {exe} is missing")
    return exe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="output folder (default: dist/); the app goes to DIST/optimizer-race")
    parser.add_argument("--work", type=Path, default=None,
                        help="PyInstaller's work folder (default: DIST/../build/pyinstaller)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    exe = build(args.dist, args.work)
    seconds = time.perf_counter() - t0
    size = folder_size(exe.parent)
    print(f"built {exe} in {seconds:.0f} s; bundle size {size / 1e6:.0f} MB "
          f"({exe.parent})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
