"""Students' own optimizers: a separate process, the race, the check, the exercises, the CLI."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from engine.cli import main as cli_main
from engine.optimizers import REGISTRY, get_spec
from engine.plugins import Limits, PluginError, PluginProcess, load_plugin, unload_plugin
from engine.plugins.check import check_plugin
from engine.plugins.exercises import exercises, start_exercise
from engine.race import Race, RaceConfig, RacerConfig
from engine.session import Session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plugins"
QUICK = Limits(step_timeout=1.0)


@pytest.fixture
def plugin_copy(tmp_path):
    """Copy a fixture into tmp_path (the student's folder) and unload it afterwards."""
    loaded: list[str] = []

    def copy(name: str, *, load: bool = False, limits: Limits = QUICK):
        path = tmp_path / name
        shutil.copy(FIXTURES / name, path)
        if load:
            loaded.append(load_plugin(path, limits).name)
        return path

    yield copy
    for name in loaded:
        unload_plugin(name)
    for spec in [s for s in REGISTRY.values() if getattr(s.cls, "info", None) is not None]:
        unload_plugin(spec.name)


def test_the_file_runs_in_another_process_and_describes_itself(plugin_copy) -> None:
    path = plugin_copy("solution_adam.py")
    proc = PluginProcess(path)
    try:
        info = proc.start()
        assert proc.pid != os.getpid() and proc.alive
        assert info.name == "my_adam" and info.hparams["beta2"] == 0.999
        assert info.doc.startswith("Reference solution")
    finally:
        proc.close()
    assert "student_optimizer" not in __import__("sys").modules


def test_a_plugin_races_like_the_builtin(plugin_copy) -> None:
    plugin_copy("solution_adam.py", load=True)
    spec = get_spec("my_adam")
    assert [p.name for p in spec.hparams] == ["lr", "beta1", "beta2", "eps"]
    assert spec.hparams[0].log and spec.hparams[0].low == 0.0
    race = Race(RaceConfig(surface="rosenbrock", racers=[
        RacerConfig("my_adam", {"lr": 0.05}), RacerConfig("adam", {"lr": 0.05})]))
    race.step(60)
    mine, ref = race.racers
    assert mine.status == ref.status == "running"
    np.testing.assert_allclose(mine.trajectory.positions, ref.trajectory.positions,
                               rtol=1e-12, atol=1e-12)


def test_hyper_parameter_kinds_and_an_exception_with_its_line(plugin_copy) -> None:
    plugin_copy("raises.py", load=True)
    table = {p.name: p for p in get_spec("raises").hparams}
    assert table["nesterov"].kind == "bool" and table["k"].kind == "int"
    race = Race(RaceConfig(racers=[RacerConfig("raises"), RacerConfig("sgd")]))
    race.step(5)
    bad, good = race.racers
    assert bad.status == "diverged" and bad.diverged_at == 1
    assert bad.optimizer.error == "raises.py, line 12: ZeroDivisionError: division by zero"
    assert good.status == "running" and good.steps == 5  # the race went on


def test_an_endless_loop_is_stopped_with_a_message(plugin_copy) -> None:
    plugin_copy("endless.py", load=True)
    race = Race(RaceConfig(racers=[RacerConfig("endless"), RacerConfig("sgd")]))
    race.step(5)
    bad, good = race.racers
    assert bad.status == "diverged" and bad.diverged_at == 3
    assert "endless.py: step() took longer than 1 s" in bad.optimizer.error
    assert good.steps == 5
    assert not get_spec("endless").cls.process.alive  # killed


def test_a_crash_in_the_child_leaves_the_app_alive(plugin_copy) -> None:
    plugin_copy("segfault.py", load=True)
    race = Race(RaceConfig(racers=[RacerConfig("segfault"), RacerConfig("sgd")]))
    race.step(4)
    bad, good = race.racers
    assert bad.diverged_at == 2
    assert bad.optimizer.error.startswith("segfault.py: the process running it crashed (SIGSEGV")
    assert good.steps == 4
    race.reset()  # a fresh child for a new race
    race.step(1)
    assert race.racers[0].status == "running"


def test_nan_output_is_reported(plugin_copy) -> None:
    plugin_copy("nan_output.py", load=True)
    race = Race(RaceConfig(racers=[RacerConfig("nan_output")]))
    race.step(6)
    (bad,) = race.racers
    assert bad.diverged_at == 4 and bad.optimizer.error == "nan_output.py: step() returned NaN"


def test_a_syntax_error_names_file_and_line(tmp_path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("NAME = 'broken'\nHPARAMS = {'lr': 0.1}\ndef init(p):\n    return {\n")
    with pytest.raises(PluginError, match=r"^broken\.py, line 4: SyntaxError"):
        load_plugin(path, QUICK)
    assert "broken" not in REGISTRY


def test_a_builtin_name_is_refused(tmp_path) -> None:
    path = tmp_path / "adam.py"
    path.write_text((FIXTURES / "solution_adam.py").read_text().replace('"my_adam"', '"adam"'))
    with pytest.raises(PluginError, match="is a built-in optimizer"):
        load_plugin(path, QUICK)
    assert get_spec("adam").cls.__name__ == "Adam"


def test_a_correct_adam_passes_the_check(plugin_copy) -> None:
    result = check_plugin(plugin_copy("solution_adam.py"), "adam")
    assert result.ok, result.report()
    assert result.cases >= 13 and len(result.diff) == 200
    assert float(result.diff.max()) <= 1e-9


@pytest.mark.parametrize(("fixture", "cause"), [
    ("adam_no_bias_correction.py", "the bias correction is missing"),
    ("adam_eps_before.py", "eps is added before the bias correction"),
])
def test_a_wrong_adam_fails_with_the_right_diagnosis(plugin_copy, capsys, fixture, cause) -> None:
    path = plugin_copy(fixture)
    assert cli_main(["check", str(path), "--against", "adam"]) == 1
    out = capsys.readouterr().out
    assert "differs from adam at step 1 on " in out
    assert f"likely cause: {cause}" in out
    assert " is " in out and "the reference has" in out


def test_check_cli_passes_with_hparams(plugin_copy, capsys) -> None:
    path = plugin_copy("solution_adam.py")
    assert cli_main(["check", str(path), "--against", "adam", "--hparams", "lr=0.01"]) == 0
    assert "my_adam matches adam" in capsys.readouterr().out
    assert cli_main(["check", str(path), "--against", "adam", "--hparams", "nope=1"]) == 2


@pytest.mark.parametrize("ex", exercises(), ids=lambda e: e.name)
def test_each_solution_passes_and_each_template_fails(ex, tmp_path, capsys) -> None:
    solution = FIXTURES / f"solution_{ex.name}.py"
    assert check_plugin(solution, ex.against).ok
    template = start_exercise(ex.name, tmp_path)
    assert template.read_text() == ex.template.read_text()
    assert cli_main(["exercise", "check", ex.name, "--dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"hint: {ex.text('hint')}" in out
    assert ex.text("task", "zh_CN") != ex.text("task") and ex.text("hint", "zh_CN")


def test_the_rmsprop_bug_is_diagnosed(tmp_path) -> None:
    result = check_plugin(start_exercise("rmsprop_bug", tmp_path), "rmsprop")
    assert not result.ok
    assert result.diagnosis == ("eps is inside the square root and the decay is wrong "
                                "(alpha and 1 - alpha are swapped)")


def test_exercise_start_keeps_the_students_work(tmp_path, capsys) -> None:
    assert cli_main(["exercise", "start", "adam", "--dir", str(tmp_path)]) == 0
    (tmp_path / "my_adam.py").write_text("# my work\n")
    assert cli_main(["exercise", "start", "adam", "--dir", str(tmp_path)]) == 0
    assert (tmp_path / "my_adam.py").read_text() == "# my work\n"
    assert cli_main(["exercise", "start", "nope", "--dir", str(tmp_path)]) == 2
    assert cli_main(["exercise", "list"]) == 0
    assert "rmsprop_bug" in capsys.readouterr().out


def test_race_cli_with_plugin(plugin_copy, capsys) -> None:
    path = plugin_copy("solution_adam.py")
    assert cli_main(["race", "--plugin", str(path), "-o", "my_adam:lr=0.1", "-o", "adam:lr=0.1",
                     "--steps", "30", "-q"]) == 0
    lines = capsys.readouterr().out.splitlines()
    mine = next(line for line in lines if "my_adam:lr=0.1" in line).split()[3:]
    ref = next(line for line in lines if line.split()[1] == "adam:lr=0.1").split()[3:]
    assert mine == ref


def test_race_cli_takes_the_path_as_optimizer_and_reports_a_failure(plugin_copy, capsys) -> None:
    path = plugin_copy("raises.py")
    assert cli_main(["race", "-o", str(path), "-o", "sgd", "--steps", "3", "-q"]) == 0
    captured = capsys.readouterr()
    assert "raises.py, line 12: ZeroDivisionError" in captured.err
    assert "diverged at 1" in captured.out


def test_a_session_never_runs_a_plugin_without_plugin_flag(plugin_copy, tmp_path, capsys) -> None:
    path = plugin_copy("touches_marker.py", load=True)
    marker = path.with_suffix(".ran")
    assert marker.exists()  # it ran, in its child, when loaded explicitly
    session = Session(RaceConfig(racers=[RacerConfig("touches_marker"), RacerConfig("sgd")]))
    session.step(3)
    file = tmp_path / "lab.json"
    session.save(file)
    data = json.loads(file.read_text())
    assert data["plugins"][0]["path"] == str(path.resolve())
    assert "step(" not in file.read_text()  # path and hash, never code
    unload_plugin("touches_marker")
    marker.unlink()
    assert cli_main(["race", "--session", str(file), "-q"]) == 2
    assert "not run unless you pass --plugin" in capsys.readouterr().err
    assert not marker.exists()
    assert cli_main(["race", "--session", str(file), "--plugin", str(path), "-q"]) == 0
    assert marker.exists()
    assert "touches_marker" in capsys.readouterr().out


def test_a_plugin_steps_a_batch_of_rows(plugin_copy) -> None:
    plugin_copy("solution_adam.py", load=True)
    mine, ref = get_spec("my_adam").create(lr=0.1), get_spec("adam").create(lr=0.1)
    p = np.arange(12.0).reshape(6, 2)
    q = p.copy()
    sm, sr = mine.init(p, batched=True), ref.init(q, batched=True)
    for _ in range(5):
        mine.step(p, 2 * p, sm)
        ref.step(q, 2 * q, sr)
    np.testing.assert_allclose(p, q, rtol=1e-12)


def test_a_racer_computed_ahead_needs_no_round_trip(plugin_copy, monkeypatch) -> None:
    from engine.plugins.ahead import compute_ahead, plugin_racers

    plugin_copy("solution_adam.py", load=True)
    config = RaceConfig(surface="himmelblau", noise_sigma=0.3, seed=7, racers=[
        RacerConfig("sgd"), RacerConfig("my_adam", {"lr": 0.05}),
        RacerConfig("adam", {"lr": 0.05})])
    race = Race(config)
    assert plugin_racers(race) == [1]
    assert list(compute_ahead(race, 1, 40)) == list(range(1, 41))
    process = get_spec("my_adam").cls.process
    calls = []
    real_step = process.step
    monkeypatch.setattr(process, "step", lambda *a: calls.append(1) or real_step(*a))
    race.step(40)
    assert calls == []  # every step came from the table
    race.step(5)  # beyond it: the state is brought up to date, then stepped
    assert len(calls) == 40 + 5
    monkeypatch.undo()
    plain = Race(config)  # the same race stepped without a table: the same numbers
    plain.step(45)
    np.testing.assert_array_equal(race.racers[1].trajectory.positions,
                                  plain.racers[1].trajectory.positions)


def test_an_error_found_ahead_is_reported_at_its_step(plugin_copy) -> None:
    from engine.plugins.ahead import compute_ahead

    plugin_copy("endless.py", load=True)
    race = Race(RaceConfig(racers=[RacerConfig("endless")]))
    assert list(compute_ahead(race, 0, 10)) == [1, 2]
    race.step(5)
    (racer,) = race.racers
    assert racer.diverged_at == 3 and "took longer than 1 s" in racer.optimizer.error


def test_memory_is_limited_in_the_child(plugin_copy) -> None:
    plugin_copy("greedy.py", load=True)
    race = Race(RaceConfig(racers=[RacerConfig("greedy")]))
    race.step(2)
    (racer,) = race.racers
    assert racer.diverged_at == 1
    assert racer.optimizer.error.startswith("greedy.py, line 11: MemoryError")


def test_the_mnist_trainer_trains_a_plugin_like_the_builtin(plugin_copy, capsys) -> None:
    path = plugin_copy("solution_adam.py")
    assert cli_main(["mnist", "--sample", "--plugin", str(path), "-o", "my_adam:lr=0.001",
                     "-o", "adam:lr=0.001", "--iterations", "20", "--eval-every", "20",
                     "-q"]) == 0
    rows = {line.split()[0]: line.split()[1:6] for line in capsys.readouterr().out.splitlines()
            if line.startswith(("my_adam", "adam"))}
    assert rows["my_adam:lr=0.001"] == rows["adam:lr=0.001"]
    assert rows["adam:lr=0.001"][0] == "done"


def test_hparams_step_does_not_take_are_named_with_the_line(tmp_path, capsys) -> None:
    path = tmp_path / "badsig.py"
    path.write_text("NAME = 'badsig'\nHPARAMS = {'lr': 0.1, 'beta': 0.5}\n\n\n"
                    "def init(p):\n    return {}\n\n\ndef step(params, grad, state, lr):\n"
                    "    return params\n")
    assert cli_main(["check", str(path), "--against", "sgd"]) == 1
    assert capsys.readouterr().err.strip() == (
        "optimizer-race: check failed: badsig.py, line 9: step() has no parameter 'beta' "
        "(every HPARAMS key is passed by name)")


def test_a_second_order_plugin_receives_the_hessian(plugin_copy) -> None:
    plugin_copy("my_newton.py", load=True)
    spec = get_spec("my_newton")
    assert spec.needs_hessian and spec.family == "second-order"
    race = Race(RaceConfig(surface="booth", racers=[RacerConfig("my_newton")]))
    race.step(1)  # one Newton step solves a quadratic
    np.testing.assert_allclose(race.racers[0].position, [1.0, 3.0], atol=1e-12)
