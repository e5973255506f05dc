"""``python main.py sweep`` / ``basins``: output shape, streaming, executors, errors."""

from __future__ import annotations

import csv
import json

import pytest

from engine.cli import main


def _csv(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def test_sweep_writes_one_row_per_cell_with_the_values_as_used(tmp_path, capsys):
    out = tmp_path / "s.csv"
    code = main(["sweep", "--surface", "ravine", "--start", "1,1", "--steps", "2000",
                 "--optimizer", "sgd", "--x", "lr=0.075:1.475:29", "--out", str(out), "-q"])
    assert code == 0
    rows = _csv(out)
    assert rows[0] == ["lr", "final_loss", "best_loss", "status", "status_step"]
    assert len(rows) == 30
    for lr, final, best, status, at in rows[1:]:
        assert status == ("converged" if float(lr) < 1 else "diverged")
        assert float(best) <= float(final) or status == "diverged"
        assert int(at) > 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("sweep: 29 cells x 2000 steps in ")
    assert err[-1].endswith(" M particle-steps/s)")


def test_two_axes_and_json(tmp_path):
    out = tmp_path / "s.json"
    assert main(["sweep", "--surface", "rosenbrock", "--steps", "50", "--optimizer",
                 "adam:eps=1e-6", "--x", "lr=1e-3:1:5:log", "--y", "beta1=0:0.9:4",
                 "--out", str(out), "-q"]) == 0
    data = json.loads(out.read_text())
    assert data["shape"] == [4, 5]
    assert data["columns"][:2] == ["lr", "beta1"]
    assert len(data["rows"]) == 20
    assert [r[1] for r in data["rows"][:5]] == [0.0] * 5


def test_results_are_the_same_on_a_process_pool(tmp_path, monkeypatch):
    import engine.cli.sweep as sweep

    monkeypatch.setattr(sweep, "INLINE_CELLS", 0)
    monkeypatch.setattr("engine.sweep.plan.CHUNK", 7)
    args = ["sweep", "--surface", "himmelblau", "--steps", "200", "--optimizer", "momentum",
            "--x", "lr=1e-4:1e-2:6:log", "--y", "momentum=0.1:0.9:5", "-q"]
    here, pool = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main([*args, "--workers", "1", "--out", str(here)]) == 0
    assert main([*args, "--workers", "2", "--out", str(pool)]) == 0
    assert here.read_bytes() == pool.read_bytes()


def test_basins_csv(tmp_path):
    out = tmp_path / "b.csv"
    assert main(["basins", "--surface", "six_hump_camel", "--optimizer", "sgd:lr=0.01",
                 "--grid", "8x6", "--steps", "3000", "--out", str(out), "-q"]) == 0
    rows = _csv(out)
    assert rows[0] == ["x0", "y0", "x", "y", "loss", "minimum", "status"]
    assert len(rows) == 1 + 48
    minima = {int(r[5]) for r in rows[1:]}
    assert minima <= set(range(6)) and len(minima) >= 4  # local minima own basins too
    assert all(-2 <= float(r[0]) <= 2 and -1 <= float(r[1]) <= 1 for r in rows[1:])


@pytest.mark.parametrize("argv, error", [
    (["--x", "lr=1:2"], "PARAM=LOW:HIGH:COUNT"),
    (["--x", "foo=1:2:3"], "unknown hyper-parameter 'foo'"),
    (["--x", "beta1=0:2:3"], "beta1 must be in"),
    (["--x", "lr=0.1:1:0"], "at least 1"),
    (["--x", "lr=1e-3:1:3000", "--y", "beta1=0:0.9:3000"], "too many"),
    (["--x", "lr=1e-3:1:3", "--out", "x.txt"], "must end in .csv or .json"),
    (["--x", "lr=1e-3:1:3", "--workers", "0"], "--workers must be at least 1"),
])
def test_bad_input_is_one_line_and_exit_2(argv, error, capsys):
    code = main(["sweep", "--surface", "rosenbrock", "--steps", "10", "--optimizer", "adam",
                 *argv])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and error in err


def test_a_dask_cluster_gives_the_same_rows(tmp_path):
    distributed = pytest.importorskip("distributed")
    args = ["sweep", "--surface", "rosenbrock", "--steps", "100", "--optimizer", "adam",
            "--x", "lr=1e-3:1:6:log", "--y", "beta1=0:0.9:3", "-q"]
    here, there = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main([*args, "--workers", "1", "--out", str(here)]) == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        assert main([*args, "--scheduler", cluster.scheduler_address, "--out", str(there)]) == 0
    assert here.read_bytes() == there.read_bytes()


# -- mnist-sweep: every cell a full (tiny) training on the bundled sample ------------

MNIST_ARGS = ["mnist-sweep", "--sample", "--optimizer", "adam", "--x", "lr=1e-3:0.1:2:log",
              "--y", "l2=0:1e-3:2", "--epochs", "0.05", "--hidden", "8", "-q"]


def _without_seconds(path):
    rows = _csv(path)
    return [r[:-1] for r in rows]


def test_mnist_sweep_header_and_rows(tmp_path):
    out = tmp_path / "m.csv"
    assert main([*MNIST_ARGS, "--workers", "1", "--out", str(out)]) == 0
    rows = _csv(out)
    assert rows[0] == ["lr", "l2", "train_loss", "test_loss", "test_accuracy", "seconds"]
    assert len(rows) == 5
    assert [float(r[1]) for r in rows[1:]] == [0.0, 0.0, 1e-3, 1e-3]
    for r in rows[1:]:
        assert 0.0 <= float(r[4]) <= 1.0 and float(r[5]) >= 0.0


def test_mnist_sweep_cells_are_the_same_on_processes_and_on_dask(tmp_path):
    distributed = pytest.importorskip("distributed")
    here, pool, dask = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    assert main([*MNIST_ARGS, "--workers", "1", "--out", str(here)]) == 0
    assert main([*MNIST_ARGS, "--workers", "2", "--out", str(pool)]) == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        assert main([*MNIST_ARGS, "--scheduler", cluster.scheduler_address,
                     "--out", str(dask)]) == 0
    assert _without_seconds(here) == _without_seconds(pool) == _without_seconds(dask)


@pytest.mark.parametrize("argv, error", [
    (["--x", "foo=1:2:3"], "unknown hyper-parameter 'foo'"),
    (["--x", "batch_size=0:10:3"], "batch_size must be >= 1"),
    (["--x", "lr=1e-3:0.1:2", "--y", "lr=1e-3:0.1:2"], "must differ"),
    (["--x", "lr=1e-3:0.1:2", "--epochs", "0"], "--epochs must be > 0"),
])
def test_mnist_sweep_bad_input_is_one_line(argv, error, capsys):
    base = ["mnist-sweep", "--sample", "--optimizer", "adam", "--epochs", "1"]
    assert main([*base, *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and error in err


def test_a_reader_that_leaves_early_ends_the_command_quietly():
    """``main.py sweep ... | head -1``: no error line and no traceback, status 141."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "main.py", "sweep", "--surface", "rosenbrock", "--steps", "10",
         "--optimizer", "adam", "--x", "lr=1e-3:1:4000", "-q"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith("lr,")
    proc.stdout.close()  # the reader leaves
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert err == ""
