"""Every error the engine raises carries a message id that has a Chinese translation.

The GUI translates engine errors by their id (``engine.messages.msg``), never by
their English text, so a ``raise`` that builds its message with an f-string would
silently stay English in the GUI.  These tests walk the syntax tree of ``engine/``:

* every call that takes a message (an exception class, or the formula parser's
  ``error`` / ``node_error`` / ``at`` helpers) gets ``msg("literal", ...)`` as its
  first argument;
* every ``raise`` is a bare re-raise, re-raises a caught exception, or raises such
  a call;
* the few exceptions to these rules are listed below, each with its reason;
* every ``msg()`` template has a finished Simplified Chinese translation with the
  same ``{fields}``.

``engine/cli/`` is left out: its errors are printed by the CLI only, in English,
and never reach the GUI.
"""

from __future__ import annotations

import ast
import builtins
import sys
from pathlib import Path

import pytest

from engine.messages import template_fields

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "engine"
sys.path.insert(0, str(ROOT / "tools"))
import i18n as i18n_tool  # noqa: E402  (tools/i18n.py)

#: Methods (called on ``self``) that are not exception classes but take a message first.
HELPERS = {"error", "node_error", "at"}
#: Internal errors: programming mistakes, never shown to a user.
INTERNAL = {"NotImplementedError", "AssertionError"}
#: (file, the call as written) -> why it need not pass msg() itself.
ALLOWED = {
    ("engine/formula_parser.py", "FormulaError(what)"):
        "Parser.error: wraps the msg() its callers pass (they are checked)",
    ("engine/formula_parser.py", "self.at(what, self.col_of_src(src_index))"):
        "Parser.error: passes on the msg() its callers pass (they are checked)",
    ("engine/formula_parser.py", "self.error(what, getattr(node, 'col_offset', None))"):
        "Parser.node_error: passes on the msg() its callers pass (they are checked)",
    ("engine/formula.py", "FormulaError(*result)"):
        "re-raises the cached (msg(), column) of an earlier failure",
    ("engine/formula_parser.py", "self.syntax_error(exc)"):
        "builds its error with Parser.at(msg(...)), checked as a call",
    ("engine/platform/files.py", "_wrap(exc, name)"):
        "a WriteError, whose message property is a msg() built from errno and filename",
    ("engine/platform/files.py", "WriteError(code, exc.strerror or os.strerror(code) or "
                                 "str(exc), str(path))"):
        "OSError arguments (errno, strerror, filename); its message property is a msg()",
    ("engine/platform/files.py", "PermissionError(errno.EACCES, os.strerror(errno.EACCES), "
                                 "str(target))"):
        "an OSError raised to be caught and wrapped into a WriteError at once",
    ("engine/platform/files.py", "ValueError(f\"mode must be 'w' or 'wb', got {mode!r}\")"):
        "a programming mistake of a caller (a literal mode), never a user's",
    ("engine/session.py", "RuntimeError('adopt() needs a session replayed to the end')"):
        "a programming mistake of a caller, never a user's",
    ("engine/demos/base.py", "KeyError(name)"):
        "a mapping lookup (DemoSettings[...]): KeyError means 'no such key' to Python",
    ("engine/demos/base.py", "KeyError(f\"no trace '{label}'; traces: "
                             "{', '.join((t.label for t in self.traces))}\")"):
        "a lookup by a caller's label, never a user's",
    ("engine/optimizers/base.py", "AttributeError(name)"):
        "__getattr__ protocol: AttributeError tells Python the attribute is missing",
    ("engine/optimizers/state.py", "KeyError(key)"):
        "a mapping lookup (state['exp_avg']): KeyError means 'no such entry' to Python",
}


def _sources() -> list[Path]:
    return sorted(p for p in ENGINE.rglob("*.py") if "cli" not in p.relative_to(ENGINE).parts)


def _exception_names(trees: list[ast.Module]) -> set[str]:
    """Built-in exceptions and the engine's own exception classes."""
    names = {n for n, v in vars(builtins).items()
             if isinstance(v, type) and issubclass(v, BaseException)}
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                        _name(b) in names for b in node.bases):
                    names.add(node.name)
                    grew = True
    return names


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _on_self(func: ast.AST) -> bool:
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id == "self")


def _is_msg(node: ast.AST | None) -> bool:
    return (isinstance(node, ast.Call) and _name(node.func) == "msg" and bool(node.args)
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))


def violations() -> tuple[list[str], set[tuple[str, str]], int]:
    """(problems, allowed entries used, raise sites checked)."""
    files = {p: ast.parse(p.read_text(encoding="utf-8")) for p in _sources()}
    exceptions = _exception_names(list(files.values()))
    takers = (exceptions | HELPERS) - INTERNAL
    found, used, raises = [], set(), 0
    for path, tree in files.items():
        rel = path.relative_to(ROOT).as_posix()
        caught = {h.name for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler) and h.name}

        def check_call(call: ast.Call, where: str) -> None:
            key = (rel, ast.unparse(call))  # noqa: B023 (used at once)
            if key in ALLOWED:
                used.add(key)
            elif not call.args or not _is_msg(call.args[0]):
                found.append(f"{where}: {key[1][:90]} does not pass msg(\"...\", ...)")

        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in takers and (
                    _name(node.func) not in HELPERS or _on_self(node.func)):
                check_call(node, f"{rel}:{node.lineno}")
            if not isinstance(node, ast.Raise) or node.exc is None:
                continue
            raises += 1
            exc = node.exc
            if isinstance(exc, ast.Name) and (exc.id in caught or exc.id in INTERNAL):
                continue
            if isinstance(exc, ast.Call) and _name(exc.func) in INTERNAL:
                continue
            if isinstance(exc, ast.Call) and _name(exc.func) in takers:
                continue  # checked as a call above
            if isinstance(exc, ast.Call) and (rel, ast.unparse(exc)) in ALLOWED:
                used.add((rel, ast.unparse(exc)))
                continue
            found.append(f"{rel}:{node.lineno}: raise {ast.unparse(exc)[:90]} is not a "
                         "message-carrying exception")
    return found, used, raises


def test_every_engine_error_is_built_with_msg() -> None:
    found, used, raises = violations()
    assert raises > 150  # the walk sees the engine's raise sites
    assert found == []
    assert set(ALLOWED) - used == set(), "stale entries in ALLOWED"


def test_the_rule_catches_an_f_string_message(tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "engine" / "bad.py"
    bad.parent.mkdir()
    bad.write_text("def f(x):\n    raise ValueError(f'{x} is bad')\n"
                   "def g(self):\n    raise self.error('plain text', 3)\n"
                   "def h(x):\n    return ValueError(msg(x))\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ENGINE", bad.parent)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "ALLOWED", {})
    found, _, raises = violations()
    assert raises == 2
    assert [line.split(":")[1] for line in found] == ["2", "4", "6"]


@pytest.fixture(scope="module")
def catalogue() -> dict[str, i18n_tool.Message]:
    ts = i18n_tool.read_ts(i18n_tool.ts_path("zh_CN"))
    return {m.source: m for m in ts if m.context == i18n_tool.ERROR_CONTEXT}


def test_every_message_template_has_a_finished_translation(catalogue) -> None:
    templates = i18n_tool.message_templates()
    assert len(templates) > 150
    missing = [t for t in templates if t not in catalogue]
    unfinished = [t for t in templates if t in catalogue
                  and not (catalogue[t].finished and catalogue[t].translation.strip())]
    fields = [t for t in templates if t in catalogue
              and template_fields(catalogue[t].translation) != template_fields(t)]
    assert (missing, unfinished, fields) == ([], [], [])
