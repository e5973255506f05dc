"""Atomic file writes: a file is either its old content or its complete new content.

Every save of the app (sessions, CSV/JSON results, autosaves, desktop entries)
goes through :func:`write_atomic`: the data is written to a temporary file in
the same folder, which then replaces the target with ``os.replace``.  A crash or
a full disk in between leaves the old file untouched and no temporary behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if isinstance(data, str):
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(data)
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
