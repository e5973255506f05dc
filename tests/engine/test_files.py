"""The atomic writer: old content or complete new content, honest errors, usual modes."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.platform import files
from engine.platform.files import WriteError, open_atomic, write_atomic

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def run_python(code: str, *, limit_bytes: int | None = None,
               timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter, optionally unable to write files beyond a size."""

    def setup() -> None:
        if limit_bytes is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=env, timeout=timeout, preexec_fn=setup)


# -- modes ---------------------------------------------------------------------------------
@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077], ids=oct)
def test_new_file_follows_the_umask(tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        write_atomic(tmp_path / "race.json", "{}\n")
        with open_atomic(tmp_path / "race.csv") as f:
            f.write("a,b\n")
    finally:
        os.umask(old)
    for name in ("race.json", "race.csv"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o640, 0o600], ids=oct)
def test_replaced_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "session.json"
    path.write_text("old")
    path.chmod(mode)
    write_atomic(path, "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_symbolic_link_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert temporaries(tmp_path) == []


# -- failures ------------------------------------------------------------------------------
def test_error_names_the_target_not_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "new.csv"
    with pytest.raises(WriteError) as info:
        write_atomic(target, "x")
    assert isinstance(info.value, OSError) and info.value.errno == errno.ENOENT
    assert info.value.filename == str(target)
    assert str(target) in str(info.value) and ".tmp" not in str(info.value)


def test_full_disk_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    """A real write failure: the process may not write files beyond 64 KiB (EFBIG)."""
    path = tmp_path / "race.csv"
    path.write_text("old content\n")
    result = run_python(f"""
        from engine.platform.files import WriteError, open_atomic, write_atomic
        try:
            write_atomic({str(path)!r}, "x" * 1_000_000)
        except WriteError as exc:
            print("write_atomic:", exc.errno, exc.filename)
        try:
            with open_atomic({str(path)!r}) as f:
                for _ in range(1000):
                    f.write("y" * 1000)
        except WriteError as exc:
            print("open_atomic:", exc.errno, exc.filename)
        """, limit_bytes=65536)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"write_atomic: {errno.EFBIG} {path}",
                                          f"open_atomic: {errno.EFBIG} {path}"]
    assert path.read_text() == "old content\n"
    assert temporaries(tmp_path) == []


def test_failure_when_flushing_is_reported_with_the_target(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    path = tmp_path / "race.svg"
    path.write_text("<svg/>")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(WriteError) as info:
        write_atomic(path, b"<svg>" + b"x" * 100_000)
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(path)
    assert path.read_text() == "<svg/>" and temporaries(tmp_path) == []


def test_exception_in_the_block_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "race.csv"
    path.write_text("old")
    with pytest.raises(KeyError), open_atomic(path) as f:
        f.write("half")
        raise KeyError("renderer failed")
    with pytest.raises(WriteError) as info, open_atomic(path, "wb") as f:
        f.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert info.value.filename == str(path)
    assert path.read_text() == "old" and temporaries(tmp_path) == []


@pytest.fixture
def public_folder() -> Iterator[Path]:
    """A folder that an unprivileged user can reach (pytest's folders are root's own)."""
    folder = Path(tempfile.mkdtemp(prefix="atomic-"))
    folder.chmod(0o777)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder)


def as_user(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` as an unprivileged user: root may write into any folder or file.

    The interpreter (perhaps in root's home) starts as root and imports the
    writer, then gives up root before running ``code``.
    """
    drop = ("import os\nfrom engine.platform.files import WriteError, write_atomic\n"
            f"if os.geteuid() == 0:\n    os.setgid({NOBODY})\n    os.setuid({NOBODY})\n")
    return run_python(drop + textwrap.dedent(code))


def test_verify_sees_the_complete_file_and_can_refuse_it(tmp_path: Path) -> None:
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(b"old")
    seen: list[bytes] = []

    def refuse(tmp: Path) -> None:
        seen.append(tmp.read_bytes())
        raise ValueError("not an IDX file")

    with pytest.raises(ValueError, match="not an IDX file"), \
            open_atomic(path, "wb", verify=refuse) as f:
        f.write(b"new ")
        f.write(b"content")
    assert seen == [b"new content"]
    assert path.read_bytes() == b"old" and temporaries(tmp_path) == []
    with open_atomic(path, "wb", verify=lambda tmp: seen.append(tmp.read_bytes())) as f:
        f.write(b"accepted")
    assert seen[-1] == b"accepted" == path.read_bytes()


def test_read_only_file_is_not_replaced(public_folder: Path) -> None:
    path = public_folder / "handout.json"
    path.write_text("teacher's")
    path.chmod(0o444)
    result = as_user(f"""
        try:
            write_atomic({str(path)!r}, "student's")
        except WriteError as exc:
            print(exc.errno, exc)
        """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{errno.EACCES} cannot write {path}: Permission denied"
    assert path.read_text() == "teacher's" and temporaries(public_folder) == []


def test_read_only_folder_fails_with_the_target_named(public_folder: Path) -> None:
    public_folder.chmod(0o555)
    result = as_user(f"""
        try:
            write_atomic({str(public_folder / "race.png")!r}, b"png")
        except WriteError as exc:
            print(exc.errno, exc)
        """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (f"{errno.EACCES} cannot write {public_folder / 'race.png'}: "
                                     "Permission denied")
    assert list(public_folder.iterdir()) == []


# -- temporaries left by killed writers --------------------------------------------------
WRITER = """
    import sys, time
    from engine.platform.files import open_atomic
    with open_atomic(sys.argv[1], "wb") as f:
        f.write(b"x" * 8_000_000)
        f.flush()
        print("writing", flush=True)
        while True:
            f.write(b"y" * 65536)
            time.sleep(0.01)
    """


def start_writer(path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(WRITER), str(path)],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    return proc


def test_temporary_of_a_killed_writer_goes_at_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "race.gif"
    path.write_bytes(b"old")
    proc = start_writer(path)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    orphans = temporaries(tmp_path)
    assert len(orphans) == 1 and orphans[0].startswith(".race.gif.")  # what a SIGKILL leaves
    assert path.read_bytes() == b"old"
    write_atomic(tmp_path / "race.json", "{}")  # any later save into that folder
    assert temporaries(tmp_path) == []
    assert path.read_bytes() == b"old"


def test_temporary_of_a_live_writer_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "race.csv"
    proc = start_writer(path)
    try:
        live = temporaries(tmp_path)
        write_atomic(path, "mine")
        assert temporaries(tmp_path) == live and path.read_text() == "mine"
    finally:
        proc.kill()
        proc.communicate(timeout=30)


def test_temporaries_of_older_versions_go_when_a_minute_old(tmp_path: Path) -> None:
    old_mkstemp = tmp_path / ".race.json.w7hnzyr3.tmp"
    old_gif = tmp_path / ".race.json.tmp"
    fresh = tmp_path / ".race.json.a1b2c3d4.tmp"
    other = tmp_path / ".notes.txt.k2j3h4g5.tmp"  # not the file being saved: not ours to judge
    for p in (old_mkstemp, old_gif, fresh, other):
        p.write_text("partial")
    past = time.time() - 2 * files.LEGACY_STALE_AFTER
    for p in (old_mkstemp, old_gif, other):
        os.utime(p, (past, past))
    write_atomic(tmp_path / "race.json", "{}")
    assert temporaries(tmp_path) == sorted([fresh.name, other.name])


def test_temporaries_of_other_hosts_wait_until_stale(tmp_path: Path) -> None:
    """A writer on another host (or container, or before a reboot) cannot be asked about."""
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    dead = int(finished.stdout)
    here, elsewhere = files._host_tag(), "00000000"
    assert here != elsewhere
    mine = tmp_path / f".race.csv.{dead}-{here}-0123abcd.tmp"
    theirs = tmp_path / f".race.csv.{dead}-{elsewhere}-4567cdef.tmp"
    theirs_old = tmp_path / f".notes.txt.{dead}-{elsewhere}-89ab0123.tmp"
    for p in (mine, theirs, theirs_old):
        p.write_text("partial")
    past = time.time() - files.STALE_AFTER - 60
    os.utime(theirs_old, (past, past))
    write_atomic(tmp_path / "race.csv", "new")
    assert temporaries(tmp_path) == [theirs.name]
