"""Atomic file writes: a file is either its old content or its complete new content.

Every save of the app (sessions, CSV/JSON results, images, autosaves, crash
reports, desktop entries, CLI outputs) goes through this module:
:func:`write_atomic` for data held in memory, :func:`open_atomic` for data
written piece by piece.  The data goes to a temporary file in the target's
folder, is flushed to disk, and then replaces the target with ``os.replace``.

- A failure (full disk, read-only folder, exception in the writer) leaves the
  old file untouched and no temporary behind, and raises :class:`WriteError`,
  an :class:`OSError` whose ``filename`` is the target, never the temporary.
- A new file gets the usual permissions (``0o666`` minus the umask), and a
  replaced file keeps its mode (and, when allowed, its group), so a session in a
  shared folder stays readable by the others.
- Temporaries are named ``.{name}.{pid}-{host}-{random}.tmp``.  One left behind
  by a killed writer (SIGKILL, power cut) is removed by the next write into the
  same folder once its writer is known to be dead: no such process on this host
  (same boot, same process namespace), or untouched for :data:`STALE_AFTER`
  seconds.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import secrets
import socket
import stat
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from engine.messages import Message, msg

__all__ = ["STALE_AFTER", "WriteError", "clean_stale_temporaries", "open_atomic",
           "write_atomic"]

#: Seconds after which a temporary that no live writer of this host owns is
#: removed anyway (a writer on another host, or a process id reused since).
STALE_AFTER = 24 * 3600.0
#: Temporaries of older versions (``.{name}.XXXXXXXX.tmp``, ``.{name}.tmp``)
#: carry no process id; they go when untouched for this long.
LEGACY_STALE_AFTER = 60.0

_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)-(?P<host>[0-9a-f]{8})-[0-9a-f]{8}\.tmp")
#: Errors of a write itself, raised inside an :func:`open_atomic` block.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


class WriteError(OSError):
    """Writing ``filename`` failed; the old file, if any, is unchanged.

    ``errno`` and ``strerror`` say why (``errno.ENOSPC``: the disk is full);
    ``filename`` is the file the caller asked for.
    """

    @property
    def message(self) -> Message:
        """The one line shown to the user (``str(error)``), with its id and parameters."""
        return msg("cannot write {file}: {reason}", file=self.filename, reason=self.strerror)

    def __str__(self) -> str:
        return str(self.message)


@functools.cache
def _host_tag() -> str:
    """Who can check a writer's process id: this host, this boot, this process namespace.

    A writer in a container or sandbox (another pid namespace), on another host
    sharing the folder, or from before a reboot gets another tag, so its
    process id is never looked up here.
    """
    where = [socket.gethostname()]
    for source in ("/proc/sys/kernel/random/boot_id", "/proc/self/ns/pid"):
        try:
            where.append(os.readlink(source) if source.endswith("/pid")
                         else Path(source).read_bytes().decode(errors="replace").strip())
        except OSError:
            pass
    return f"{zlib.crc32(chr(0).join(where).encode()):08x}"


def _temp_name(target: Path) -> str:
    return f".{target.name}.{os.getpid()}-{_host_tag()}-{secrets.token_hex(4)}.tmp"


def _wrap(exc: OSError, path: Path) -> WriteError:
    if isinstance(exc, WriteError):
        return exc
    code = exc.errno if exc.errno is not None else errno.EIO
    return WriteError(code, exc.strerror or os.strerror(code) or str(exc), str(path))


def _pid_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: someone else's process
        return True
    return True


def clean_stale_temporaries(folder: str | os.PathLike[str], name: str | None = None) -> int:
    """Remove the temporaries of dead writers in ``folder``; returns how many went.

    ``name`` (a target's file name) also removes that target's temporaries of
    older versions, which carry no process id, once a minute old.  Errors are
    ignored: cleaning never stops a save.
    """
    now = time.time()
    host = _host_tag()
    legacy = (re.compile(rf"\.{re.escape(name)}(\.[a-z0-9_]{{8}})?\.tmp")
              if name is not None else None)
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
            if not entry.is_file(follow_symlinks=False):
                continue
            match = _TEMP.fullmatch(entry.name)
            if match is not None:
                pid = int(match["pid"])
                mine = match["host"] == host
                stale = (age > STALE_AFTER
                         or (mine and pid != os.getpid() and not _pid_alive(pid)))
            else:
                stale = (legacy is not None and legacy.fullmatch(entry.name) is not None
                         and age > LEGACY_STALE_AFTER)
            if stale:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _create_temp(target: Path) -> tuple[int, Path]:
    """Open a new temporary next to ``target`` with the mode ``target`` should end with."""
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        old = None  # a folder or a device: os.replace will refuse it
    if old is not None and not os.access(target, os.W_OK):  # read-only means read-only
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
    clean_stale_temporaries(target.parent, target.name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    while True:
        tmp = target.with_name(_temp_name(target))
        try:
            fd = os.open(tmp, flags, 0o666)  # the umask applies, as to any new file
            break
        except FileExistsError:
            continue
    try:
        if old is not None:
            _copy_mode(fd, tmp, old)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    return fd, tmp


def _copy_mode(fd: int, tmp: Path, old: os.stat_result) -> None:
    """Give the temporary the replaced file's mode and, when allowed, its group."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(old.st_mode))
    else:  # Windows: only the read-only bit exists
        os.chmod(tmp, stat.S_IMODE(old.st_mode))
    if hasattr(os, "fchown") and os.fstat(fd).st_gid != old.st_gid:
        try:
            os.fchown(fd, -1, old.st_gid)
        except OSError:
            pass  # not a member of that group: the folder's default group stays


def _resolve(path: str | os.PathLike[str]) -> Path:
    """The file to replace: a symbolic link is followed, so the link stays a link."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextmanager
def open_atomic(path: str | os.PathLike[str], mode: str = "w", *,
                verify: Callable[[Path], None] | None = None) -> Iterator[IO[Any]]:
    """``with open_atomic(path) as f: f.write(...)`` replaces ``path`` when the block ends.

    ``mode`` is ``"w"`` (text, UTF-8, newlines written as given) or ``"wb"``.
    If the block raises, the temporary is deleted, ``path`` is left as it was
    and the exception propagates; a failure to write (a full disk, inside the
    block or when the data is flushed at its end) raises :class:`WriteError`
    naming ``path``.  ``verify``, if given, is called with the complete
    temporary file before it replaces ``path``; what it raises propagates the same way.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', got {mode!r}")
    name = Path(path)
    target = _resolve(path)
    try:
        fd, tmp = _create_temp(target)
    except OSError as exc:
        raise _wrap(exc, name) from exc
    try:
        f: IO[Any] = (os.fdopen(fd, "wb") if mode == "wb"
                      else os.fdopen(fd, "w", encoding="utf-8", newline=""))
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    try:
        try:
            yield f
        except OSError as exc:
            if exc.filename is None and exc.errno in _WRITE_ERRNOS:
                raise _wrap(exc, name) from exc
            raise
        try:
            f.flush()
            os.fsync(f.fileno())
            f.close()  # a network file system may report the failure only here
        except OSError as exc:
            raise _wrap(exc, name) from exc
        if verify is not None:
            verify(tmp)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _wrap(exc, name) from exc
    except BaseException:
        _discard(f, tmp)
        raise


def _discard(f: IO[Any], tmp: Path) -> None:
    """Close ``f`` dropping what it still buffers (the disk may be full), delete ``tmp``."""
    try:
        f.close()  # closes the descriptor even when the last flush fails
    except OSError:
        pass
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically.

    Raises :class:`WriteError` (naming ``path``) when it cannot; ``path`` is
    then unchanged and no temporary remains.
    """
    with open_atomic(path, "wb" if isinstance(data, bytes | bytearray | memoryview) else "w") as f:
        f.write(data)
