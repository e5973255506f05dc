"""Lab exercises: a task, a template to start from, the built-in it is checked against.

The exercises are data in ``resources/exercises/`` (``exercises.json`` with the
texts in English and Simplified Chinese, and one template file each): the app
never runs them, it copies a template into the student's folder, where the
student edits it and checks it (:func:`engine.plugins.check.check_plugin`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from engine.messages import msg
from engine.platform.files import write_atomic
from engine.platform.resources import data_dir, resource_path

__all__ = ["Exercise", "default_folder", "exercise", "exercises", "start_exercise"]


@dataclass(frozen=True)
class Exercise:
    """One exercise: texts by language (``"en"``, ``"zh_CN"``), template, reference."""

    name: str
    file: str
    against: str
    title: dict[str, str]
    task: dict[str, str]
    hint: dict[str, str]

    def text(self, field: str, language: str = "en") -> str:
        """``title``, ``task`` or ``hint`` in ``language`` (English if missing)."""
        texts: dict[str, str] = getattr(self, field)
        return texts.get(language) or texts["en"]

    @property
    def template(self) -> Path:
        return resource_path(f"exercises/{self.file}")


@lru_cache(maxsize=1)
def exercises() -> tuple[Exercise, ...]:
    """Every exercise, in the order of the lab."""
    data = json.loads(resource_path("exercises/exercises.json").read_text(encoding="utf-8"))
    return tuple(Exercise(e["name"], e["file"], e["against"], e["title"], e["task"], e["hint"])
                 for e in data["exercises"])


def exercise(name: str) -> Exercise:
    """The exercise called ``name``; ``ValueError`` naming the known ones."""
    for e in exercises():
        if e.name == name:
            return e
    raise ValueError(msg("unknown exercise '{name}'; known: {known}", name=name,
                         known=", ".join(e.name for e in exercises())))


def default_folder() -> Path:
    """Where templates go by default: ``exercises`` in the user's data folder."""
    return data_dir() / "exercises"


def start_exercise(name: str, folder: str | Path | None = None, *,
                   overwrite: bool = False) -> Path:
    """Copy the template of ``name`` into ``folder`` and return the new file's path.

    An existing file is kept (the student's work) unless ``overwrite``.
    """
    ex = exercise(name)
    target_dir = Path(folder) if folder is not None else default_folder()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / ex.file
    if target.exists() and not overwrite:
        return target
    write_atomic(target, ex.template.read_text(encoding="utf-8"))
    return target
