"""The engine is pure numpy/Python: it never imports Qt, so it runs without a display."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "qtpy", "superqt", "gui")


def _engine_files() -> list[Path]:
    files = sorted((ROOT / "engine").rglob("*.py"))
    assert len(files) >= 8, "engine package not found"
    return files


def test_engine_source_imports_no_qt() -> None:
    offenders = []
    for path in _engine_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert offenders == []


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
