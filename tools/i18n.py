"""Update, check and compile the translations (``resources/i18n/``).

    python tools/i18n.py            # update optimizer-race_zh_CN.ts, compile the .qm
    python tools/i18n.py --check    # fail if a message is missing, unfinished or stale

The ``.ts`` file is the source of truth: translators edit it (Qt Linguist, or
any editor), this script keeps it in step with the code and compiles it.

1. ``pyside6-lupdate`` extracts every ``tr()`` / ``translate()`` /
   ``QT_TRANSLATE_NOOP()`` string of ``gui/``.
2. The engine's messages: every ``msg("template", ...)`` call of ``engine/`` (and
   of ``gui/``, for the errors the GUI raises itself), found by walking the
   syntax tree, is added under the context ``EngineError``; the GUI translates
   a message by its template (``gui.services.i18n.engine_error``).
   The engine's texts, which the GUI shows through ``gui.services.i18n.engine_text``
   (the engine never imports Qt), are collected from the registries and added
   under the context ``engine``: optimizer titles, summaries, papers and explanations,
   hyper-parameter help, surfaces, race presets, demos, schedules, the formula
   syntax, the words in the update rules' ``\text{}``, the MNIST presets and the
   Fashion-MNIST classes.
3. Translations already in the ``.ts`` are kept (by context, source and
   comment); new messages are marked ``unfinished``; messages no longer in the
   code are dropped.
4. ``pyside6-lrelease`` compiles the ``.ts`` into the ``.qm`` the app loads.

``--check`` (run by the test suite) redoes steps 1-2 in a temporary folder and
fails when the committed ``.ts`` lacks a message, holds one that is no longer
used, has an unfinished or empty translation, a translation whose ``{}``
placeholders differ from the source's, or when the committed ``.qm`` is not
the compiled ``.ts``.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
CATALOG = "optimizer-race"
LOCALES = ("zh_CN",)
ENGINE_CONTEXT = "engine"
ERROR_CONTEXT = "EngineError"
SOURCES = ROOT / "gui"
MESSAGE_SOURCES = (ROOT / "engine", ROOT / "gui")

Key = tuple[str, str, str]  # context, source, comment


@dataclass
class Message:
    context: str
    source: str
    comment: str = ""
    translation: str = ""
    finished: bool = False

    @property
    def key(self) -> Key:
        return (self.context, self.source, self.comment)


# -- the engine's texts -----------------------------------------------------------------
def engine_strings() -> list[str]:
    """Every engine text the GUI shows through ``engine_text``, in a stable order."""
    sys.path.insert(0, str(ROOT))
    from engine.demos import DEMOS
    from engine.formula_syntax import SYNTAX_HELP
    from engine.mnist.data import CLASSES
    from engine.mnist.trainer import PRESETS as MNIST_PRESETS
    from engine.optimizers import REGISTRY
    from engine.presets import PRESETS
    from engine.schedules import SCHEDULE_HELP, SCHEDULE_PARAMS
    from engine.surfaces import SURFACES

    out: list[str] = []
    for spec in REGISTRY.values():
        out += [spec.title, spec.summary, spec.paper]
    for spec in REGISTRY.values():
        out.append(spec.explanation)
    for spec in REGISTRY.values():
        out += [p.help for p in spec.hparams]
    for surface in SURFACES.values():
        out += [surface.title, surface.description]
    for preset in PRESETS.values():
        out += [preset.title, preset.description, preset.setup, preset.watch, preset.why]
    for demo in DEMOS.values():
        out += [demo.title, demo.paper, demo.setup, demo.watch, demo.why, demo.optimizer_note]
        out += [p.help for p in demo.settings]
    for kind, params in SCHEDULE_PARAMS.items():
        out.append(SCHEDULE_HELP[kind])
        out += [p.help for p in params]
    from gui.widgets.mathtext import prose_texts  # the words in the update rules' \text{}

    for spec in REGISTRY.values():
        out += prose_texts(spec.update_rule)
    out.append(SYNTAX_HELP)
    out += list(MNIST_PRESETS)
    out += [c for c in CLASSES["fashion-mnist"]]
    seen: set[str] = set()
    unique = []
    for text in out:
        if text and text not in seen:
            seen.add(text)
            unique.append(text)
    return unique


def message_templates(folders: tuple[Path, ...] = MESSAGE_SOURCES) -> list[str]:
    """Every ``msg("...")`` template under ``folders``, in a stable order (files, then lines).

    The template must be a string literal (adjacent literals are joined by the
    parser); a ``msg()`` whose first argument is not one is an error, since
    its message could never be translated.
    """
    out: list[str] = []
    bad: list[str] = []
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                     and isinstance(n.func, ast.Name) and n.func.id == "msg"]
            for call in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
                first = call.args[0] if call.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    out.append(first.value)
                else:
                    bad.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    if bad:
        raise SystemExit("msg() needs a string literal template: " + ", ".join(bad))
    return list(dict.fromkeys(out))


# -- reading and writing .ts files ----------------------------------------------------------
def read_ts(path: Path) -> list[Message]:
    if not path.exists():
        return []
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for m in context.iter("message"):
            t = m.find("translation")
            kind = t.get("type", "") if t is not None else "unfinished"
            messages.append(Message(
                name, m.findtext("source") or "", m.findtext("comment") or "",
                (t.text or "") if t is not None else "",
                kind not in ("unfinished", "vanished", "obsolete")))
    return messages


def write_ts(path: Path, messages: list[Message], locale: str) -> None:
    root = ET.Element("TS", {"version": "2.1", "language": locale, "sourcelanguage": "en"})
    contexts: dict[str, list[Message]] = {}
    for m in messages:
        contexts.setdefault(m.context, []).append(m)
    for name in sorted(contexts, key=lambda c: (c == ENGINE_CONTEXT, c)):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = name
        for m in contexts[name]:
            msg = ET.SubElement(ctx, "message")
            ET.SubElement(msg, "source").text = m.source
            if m.comment:
                ET.SubElement(msg, "comment").text = m.comment
            attrs = {} if m.finished and m.translation else {"type": "unfinished"}
            ET.SubElement(msg, "translation", attrs).text = m.translation
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")


# -- extraction ------------------------------------------------------------------------------
def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e .)")
    return found


def extract(locale: str, workdir: Path) -> list[Message]:
    """The messages the code needs now (no translations), GUI contexts then ``engine``."""
    files = sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))
    ts = workdir / f"extract_{locale}.ts"
    done = subprocess.run(
        [_tool("pyside6-lupdate"), *files, "-no-obsolete", "-locations", "none",
         "-target-language", locale, "-ts", str(ts)],
        cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"pyside6-lupdate failed:\n{done.stdout}\n{done.stderr}")
    found = [Message(m.context, m.source, m.comment) for m in read_ts(ts)]
    keys = {m.key for m in found}
    for template in message_templates():
        m = Message(ERROR_CONTEXT, template)
        if m.key not in keys:
            keys.add(m.key)
            found.append(m)
    for text in engine_strings():
        m = Message(ENGINE_CONTEXT, text)
        if m.key not in keys:
            keys.add(m.key)
            found.append(m)
    return found


def merge(needed: list[Message], existing: list[Message]) -> list[Message]:
    known = {m.key: m for m in existing}
    out = []
    for m in needed:
        old = known.get(m.key)
        if old is not None:
            m.translation, m.finished = old.translation, old.finished
        out.append(m)
    return out


def compile_qm(ts: Path, qm: Path) -> None:
    done = subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not qm.exists():
        raise SystemExit(f"pyside6-lrelease failed:\n{done.stdout}\n{done.stderr}")


def ts_path(locale: str) -> Path:
    return I18N / f"{CATALOG}_{locale}.ts"


def qm_path(locale: str) -> Path:
    return I18N / f"{CATALOG}_{locale}.qm"


# -- checks ----------------------------------------------------------------------------------
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def problems(needed: list[Message], ts: list[Message]) -> list[str]:
    """Everything that keeps the ``.ts`` from being complete and current."""
    out = []
    have = {m.key: m for m in ts}
    need = {m.key for m in needed}
    for m in needed:
        if m.key not in have:
            out.append(f"missing: [{m.context}] {m.source!r}")
    for m in ts:
        if m.key not in need:
            out.append(f"no longer used: [{m.context}] {m.source!r}")
        elif not m.finished or not m.translation.strip():
            out.append(f"unfinished: [{m.context}] {m.source!r}")
        elif sorted(_PLACEHOLDER.findall(m.source)) != sorted(
                _PLACEHOLDER.findall(m.translation)):
            out.append(f"placeholders differ: [{m.context}] {m.source!r} -> "
                       f"{m.translation!r}")
        elif "%n" in m.source and "%n" not in m.translation:
            out.append(f"%n missing: [{m.context}] {m.source!r}")
    return out


def check(locale: str) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        needed = extract(locale, work)
        ts = ts_path(locale)
        if not ts.exists():
            return [f"{ts.relative_to(ROOT)} does not exist: run python tools/i18n.py"]
        found = problems(needed, read_ts(ts))
        qm = qm_path(locale)
        fresh = work / qm.name
        compile_qm(ts, fresh)
        if not qm.exists() or qm.read_bytes() != fresh.read_bytes():
            found.append(f"{qm.relative_to(ROOT)} is not the compiled .ts: run "
                         "python tools/i18n.py")
        return found


def update(locale: str) -> tuple[int, int]:
    """Update the ``.ts`` and compile it; (messages, unfinished)."""
    I18N.mkdir(parents=True, exist_ok=True)
    ts = ts_path(locale)
    with tempfile.TemporaryDirectory() as tmp:
        messages = merge(extract(locale, Path(tmp)), read_ts(ts))
    write_ts(ts, messages, locale)
    compile_qm(ts, qm_path(locale))
    return len(messages), sum(not (m.finished and m.translation) for m in messages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that the translations are complete and compiled")
    args = parser.parse_args(argv)
    status = 0
    for locale in LOCALES:
        if args.check:
            found = check(locale)
            for line in found:
                print(f"{locale}: {line}")
            if found:
                status = 1
            else:
                print(f"{locale}: ok ({len(read_ts(ts_path(locale)))} messages, all translated)")
        else:
            total, unfinished = update(locale)
            print(f"{locale}: {total} messages, {unfinished} unfinished -> "
                  f"{ts_path(locale).relative_to(ROOT)}, {qm_path(locale).relative_to(ROOT)}")
            if unfinished:
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
