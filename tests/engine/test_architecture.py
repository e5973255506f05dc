"""The architecture: the engine never imports Qt (it runs without a display), the GUI is
layered, no import circles, and the engine never evaluates text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "qtpy", "superqt", "gui")


def _engine_files() -> list[Path]:
    files = sorted((ROOT / "engine").rglob("*.py"))
    assert len(files) >= 8, "engine package not found"
    return files


def test_the_import_contract_holds() -> None:
    """The layers of ``[tool.importlinter]`` in pyproject.toml (CI runs ``lint-imports`` too).

    The engine never imports the GUI or Qt; in the GUI the shell sits on top, the
    features (race, MNIST, demos, ...) side by side without importing each other,
    then the shared views, the widgets and the services.
    """
    # In a subprocess: import-linter reconfigures logging, which would silence the
    # loggers that later tests read through caplog.
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))"],
        cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_no_import_circle_at_run_time() -> None:
    """No module imports itself through others (imports under TYPE_CHECKING do not count)."""
    import grimp

    graph = grimp.build_graph("engine", "gui", exclude_type_checking_imports=True)
    circles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                circles.append(f"{module} <-> {imported}")
    assert circles == []


def test_importing_every_engine_module_loads_no_qt() -> None:
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in _engine_files()
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_engine_never_evaluates_text() -> None:
    pattern = ("eval(", "exec(", "sympify(", "parse_expr(", "__import__(")
    hits = [
        f"{p.relative_to(ROOT)}: {word}"
        for p in _engine_files()
        for word in pattern
        if any(
            word in line and not line.lstrip().startswith("#")
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert hits == []
