"""Students' files referenced by a session: by path and hash only, never their code.

A session that races a student's optimizer stores, next to the race,
``"plugins": [{"name": "my_adam", "path": "/.../my_adam.py", "sha256": "..."}]``.
Loading it never runs that file by itself: the CLI needs the same file passed
with ``--plugin``, the window asks first (remembering the answer per hash).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.messages import msg

__all__ = ["PluginRef", "session_plugins"]

_HEX = re.compile(r"[0-9a-f]{64}")
#: Most student files one session may reference.
MAX_REFS = 32


@dataclass(frozen=True)
class PluginRef:
    name: str
    path: Path
    sha256: str


def session_plugins(data: Any) -> list[PluginRef]:
    """The student files a parsed session references (``ValueError`` if malformed)."""
    if not isinstance(data, dict):
        return []
    raw = data.get("plugins")
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > MAX_REFS:
        raise ValueError(msg("plugins must be a list of at most {n} files", n=MAX_REFS))
    refs = []
    for item in raw:
        ok = (isinstance(item, dict) and isinstance(item.get("name"), str)
              and item["name"].isidentifier() and isinstance(item.get("path"), str)
              and 0 < len(item["path"]) <= 4096 and "\0" not in item["path"]
              and isinstance(item.get("sha256"), str) and _HEX.fullmatch(item["sha256"]))
        if not ok:
            raise ValueError(msg("a plugin reference must have a name, a path and a sha256"))
        refs.append(PluginRef(item["name"], Path(item["path"]), item["sha256"]))
    return refs
