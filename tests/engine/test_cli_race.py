"""``python main.py race``: edge cases of its options, streaming output, sessions, Ctrl+C.

The heavy checks run the command in a subprocess, as a user would: peak memory
(``ru_maxrss`` of the child) must not grow with ``--steps``, and Ctrl+C must end
the run with one line and status 130, leaving no file behind.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np
import pytest

import engine.cli.progress
from engine import race as race_module
from engine.cli import main
from engine.cli.progress import Progress
from engine.optimizers import parse_spec
from engine.platform import files as files_module
from engine.race import Race, RaceConfig, RacerConfig
from engine.race_io import race_csv, race_json
from engine.schedules import Schedule
from engine.session import Session

ROOT = Path(__file__).resolve().parents[2]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("optimizer-race: error: "), captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    return lines[0]


# -- steps 0 and 1 -----------------------------------------------------------------------
@pytest.mark.parametrize("steps", [0, 1, 2])
def test_short_races_write_the_start_rows_and_each_step(tmp_path: Path, steps: int) -> None:
    out = tmp_path / "r.csv"
    assert main(["race", "--steps", str(steps), "-o", "adam", "-o", "sgd", "--out",
                 str(out)]) == 0
    rows = read_csv(out)
    assert [(r["optimizer"], int(r["step"])) for r in rows] == [
        (name, k) for name in ("adam", "sgd") for k in range(steps + 1)]
    assert float(rows[0]["x"]) == -7.0 and float(rows[0]["y"]) == 2.0  # the ravine's start


def test_zero_steps_print_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["race", "--steps", "0", "-o", "adam"]) == 0
    out = capsys.readouterr().out
    assert "0 steps" in out and "adam" in out


# -- values that start with "-" -----------------------------------------------------------
def test_negative_values_work_in_both_spellings(tmp_path: Path) -> None:
    spaced, joined = tmp_path / "a.csv", tmp_path / "b.csv"
    base = ["race", "--steps", "5", "-o", "adam:lr=0.1"]
    assert main([*base, "--surface", "-x^2/10 + y^2 + x^4/100", "--domain", "-3,3,-3,3",
                 "--start", "-1,2", "--out", str(spaced)]) == 0
    assert main([*base, "--surface=-x^2/10 + y^2 + x^4/100", "--domain=-3,3,-3,3",
                 "--start=-1,2", "--out", str(joined)]) == 0
    rows = read_csv(spaced)
    assert rows == read_csv(joined) and len(rows) == 6
    assert (float(rows[0]["x"]), float(rows[0]["y"])) == (-1.0, 2.0)


def test_a_negative_value_does_not_swallow_the_next_option(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["race", "--start", "--steps", "5"]) == 2
    assert "argument --start: expected one argument" in one_error_line(capsys)


@pytest.mark.parametrize(("argv", "message"), [
    (["--seed", "-1"], "--seed must be a whole number >= 0, got -1"),
    (["--seed", "-1.5"], "argument --seed: invalid int value: '-1.5'"),
    (["--noise", "-0.5"], "--noise must be >= 0, got -0.5"),
    (["--steps", "-3"], "--steps must be >= 0, got -3"),
    (["--start", ""], "--start must be 2 comma-separated finite numbers, got ''"),
    (["--domain", ""], "--domain must be 4 comma-separated finite numbers, got ''"),
    (["--domain", "-3,3,-3"], "--domain must be 4 comma-separated finite numbers"),
    (["-o", "adam:lr=0.1,lr=0.2"], "lr is given twice in optimizer spec 'adam:lr=0.1,lr=0.2'"),
    (["--schedule", "step:step_size=5,step_size=6"], "step_size is given twice in schedule"),
])
def test_bad_race_options_name_the_option(argv: list[str], message: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["race", *argv]) == 2
    assert message in one_error_line(capsys)


def test_a_repeated_key_is_an_error_in_the_engine_too() -> None:
    with pytest.raises(ValueError, match="beta1 is given twice"):
        parse_spec("adam:beta1=0.8, beta1=0.9")
    with pytest.raises(ValueError, match="t_max is given twice"):
        Schedule.parse("cosine:t_max=5,t_max=6")
    assert parse_spec("adam:lr=0.1,beta1=0.8") == ("adam", {"lr": 0.1, "beta1": 0.8})


# -- streaming ------------------------------------------------------------------------------
CONFIG = ["--surface", "rosenbrock", "--start", "-1.5,2", "--noise", "0.3", "--seed", "4",
          "-o", "adam:lr=0.05", "-o", "sgd:lr=0.01", "-o", "sgd:lr=0.002", "-o", "sgd:lr=0.002"]


def in_memory_race(steps: int) -> Race:
    racers = [RacerConfig(*parse_spec(s), label=s)
              for s in ("adam:lr=0.05", "sgd:lr=0.01", "sgd:lr=0.002", "sgd:lr=0.002")]
    race = Race(RaceConfig("rosenbrock", (-1.5, 2), racers, noise_sigma=0.3, seed=4))
    race.step(steps)
    return race


def test_streamed_json_equals_the_race_stepped_in_memory(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert main(["race", *CONFIG, "--steps", "300", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    race = in_memory_race(300)
    assert any(r.status == "diverged" for r in race.racers)  # sgd:lr=0.01 leaves the world
    assert list(data) == ["surface", "start", "steps", "noise_sigma", "seed", "fields",
                          "trajectories", "racers"]
    assert data["racers"] == race.summary()
    assert data["steps"] == 300
    for r, t in zip(race.racers, data["trajectories"], strict=True):
        rows = np.array(t["rows"])
        assert t["optimizer"] == r.name
        for i, name in enumerate(data["fields"]):
            assert rows[:, i].tolist() == r.trajectory.column(name).tolist()
    assert json.loads(race_json(race)) == data  # the in-memory writer: same format


def test_streamed_csv_equals_the_race_stepped_in_memory(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    assert main(["race", *CONFIG, "--steps", "300", "--out", str(out)]) == 0
    assert out.read_text() == race_csv(in_memory_race(300))


def test_the_stream_keeps_a_bounded_trajectory() -> None:
    race = Race(RaceConfig("ravine", racers=[RacerConfig("adam")]), max_points=16)
    rows = [row for _, row in race.stream(100)]
    assert [r[0] for r in rows] == list(range(101)) and race.step_count == 100
    assert len(race.racers[0].trajectory) <= 16
    assert race.racers[0].trajectory.last() == rows[-1]


RSS_SCRIPT = """
import resource, sys
from engine.cli import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def peak_rss_kib(tmp_path: Path, steps: int, suffix: str) -> int:
    out = tmp_path / f"r{steps}{suffix}"
    done = subprocess.run(
        [sys.executable, "-c", RSS_SCRIPT, "race", "--surface", "rosenbrock", "--steps",
         str(steps), "-o", "adam", "-q", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert len(out.read_text().splitlines()) > steps
    return int(done.stderr.split()[-1])


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_peak_memory_does_not_grow_with_steps(tmp_path: Path, suffix: str) -> None:
    # Held in memory, 60 000 rows cost tens of MB more than 5 000 (floats, lists, text).
    small, large = peak_rss_kib(tmp_path, 5_000, suffix), peak_rss_kib(tmp_path, 60_000, suffix)
    assert large - small < 4 * 1024, (small, large)


# -- progress ---------------------------------------------------------------------------------
class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_silent_for_short_runs_elsewhere() -> None:
    tty = FakeTerminal()
    bar = Progress(tty, 200)
    bar.update(50)
    bar.update(200)
    bar.close()
    text = tty.getvalue()
    assert text.startswith("\r[") and "100.0 %" in text and text.endswith("\n")
    pipe = io.StringIO()
    quiet = Progress(pipe, 200)
    quiet.update(100)
    quiet.close()
    assert pipe.getvalue() == ""
    off = Progress(FakeTerminal(), 200, enabled=False)
    off.update(100)
    off.close()
    assert off.stream.getvalue() == ""


def test_long_runs_report_progress_on_stderr_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(engine.cli.progress, "QUIET_FOR", 0.0)  # every run is "long"
    out = tmp_path / "r.csv"
    assert main(["race", "--steps", "5000", "-o", "adam", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"wrote {out} (1 racers, 5000 steps)\n"
    assert captured.err.startswith("progress: ") and "step 0/5000" in captured.err
    assert main(["race", "--steps", "5000", "-o", "adam", "-q", "--out", str(out)]) == 0
    assert capsys.readouterr().err == ""


def test_ctrl_c_exits_130_with_one_line_and_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    proc = subprocess.Popen(
        [sys.executable, "main.py", "race", "--steps", "100000000", "-o", "adam", "-q",
         "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob(".r.csv.*")):  # the race has started writing
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert stderr == "optimizer-race: interrupted\n" and stdout == ""
    assert list(tmp_path.iterdir()) == []


# -- --out checked before the run ---------------------------------------------------------------
def test_an_unwritable_out_fails_before_the_race_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / ".r.csv.x.tmp"))

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the race ran before --out was checked")

    monkeypatch.setattr(files_module, "_create_temp", refuse)
    monkeypatch.setattr(race_module.Race, "step", never)
    monkeypatch.setattr(race_module.Race, "stream", never, raising=False)
    assert main(["race", "--steps", "10", "--out", str(tmp_path / "r.csv")]) == 2
    line = one_error_line(capsys)
    assert f"cannot write {tmp_path / 'r.csv'}: Permission denied" in line
    assert ".tmp" not in line


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux file permissions")
def test_a_read_only_folder_is_refused_at_once(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A folder the user cannot write to is refused before the race runs.

    Root may write into any folder whatever its mode, so as root (CI containers)
    the folder is ``/sys``, which refuses new files even to root.
    """
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    else:
        folder = Path("/sys")
    before = sorted(folder.iterdir())
    try:
        assert main(["race", "--steps", "10", "--out", str(folder / "r.csv")]) == 2
    finally:
        if folder != Path("/sys"):
            folder.chmod(0o755)
    assert "Permission denied" in one_error_line(capsys)
    assert sorted(folder.iterdir()) == before


def test_out_inside_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    assert main(["race", "--out", str(tmp_path / "file" / "r.csv")]) == 2
    assert "cannot write" in one_error_line(capsys)


# -- sessions ------------------------------------------------------------------------------------
def saved_session(path: Path, steps: int) -> Session:
    session = Session(RaceConfig("rosenbrock", (-1.5, 2), [
        RacerConfig("adam", {"lr": 0.05}), RacerConfig("momentum", {"lr": 0.001})],
        noise_sigma=0.1, seed=2))
    session.step(steps)
    session.save(path)
    return session


def test_a_session_file_runs_headless(tmp_path: Path) -> None:
    session = saved_session(tmp_path / "lab.json", 37)
    out = tmp_path / "lab.csv"
    assert main(["race", "--session", str(tmp_path / "lab.json"), "--out", str(out)]) == 0
    assert out.read_text() == race_csv(session.race)  # the session's own step count
    assert main(["race", "--session", str(tmp_path / "lab.json"), "--steps", "60",
                 "--out", str(out)]) == 0
    session.step(23)
    assert out.read_text() == race_csv(session.race)


@pytest.mark.parametrize("extra", [["-o", "sgd"], ["--surface", "ravine"], ["--seed", "1"],
                                   ["--start", "-1,1"], ["--noise", "0"]])
def test_race_options_with_a_session_are_an_error(tmp_path: Path, extra: list[str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    saved_session(tmp_path / "lab.json", 3)
    assert main(["race", "--session", str(tmp_path / "lab.json"), *extra]) == 2
    line = one_error_line(capsys)
    assert "--session cannot be combined with" in line
    assert extra[0].replace("-o", "--optimizer") in line


@pytest.mark.parametrize(("text", "message"), [
    ('{"format": "something else"}', "not an Optimizer Race session file"),
    ("{", "is not valid JSON"),
    ('{"format": "optimizer-race-session", "version": 1, "race": {"racers": '
     '[{"optimizer": "adam", "values": {"lr": -1}}]}}', "invalid session: racer 1: lr must be in"),
])
def test_a_bad_session_file_is_one_line(tmp_path: Path, text: str, message: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.json").write_text(text)
    assert main(["race", "--session", str(tmp_path / "bad.json")]) == 2
    assert message in one_error_line(capsys)


def test_a_missing_session_file_is_one_line(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["race", "--session", str(tmp_path / "none.json")]) == 2
    assert "cannot read none.json" in one_error_line(capsys)


# -- main.py: commands and window options ----------------------------------------------------------
@pytest.fixture
def fake_window(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """``gui.shell.app.run`` replaced: records what the window would have been given."""
    opened: list[list[str]] = []
    fake = types.ModuleType("gui.shell.app")
    fake.run = lambda args, started=None: opened.append(list(args)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gui.shell.app", fake)
    return opened


def test_a_mistyped_command_is_one_line_and_opens_no_window(
        fake_window: list[list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    import main as app_main

    assert app_main.main(["racee", "--steps", "3"]) == 2
    line = one_error_line(capsys)
    assert "unknown command 'racee'" in line
    assert "race, surfaces, optimizers, mnist, demo, landscape, check, exercise" in line
    assert fake_window == []


@pytest.mark.parametrize("argv", [[], ["-platform", "offscreen"], ["-style", "fusion"],
                                  ["--smoke-test"], ["-platform", "offscreen", "--smoke-test"]])
def test_window_options_still_open_the_window(fake_window: list[list[str]],
                                              argv: list[str]) -> None:
    import main as app_main

    assert app_main.main(argv) == 0
    assert fake_window == [argv]
