"""``python main.py landscape``: slice and interpolation CSVs, one-line errors."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from engine.cli import main

BASE = ["landscape", "--sample", "--hidden", "24", "--iterations", "40", "-q"]


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def test_slice_writes_the_grid_and_the_paths(tmp_path, capsys) -> None:
    code = main([*BASE, "-o", "sgd:lr=0.1", "-o", "adam:lr=0.001", "--directions", "random",
                 "--grid", "5", "--examples", "300", "--out", str(tmp_path / "run")])
    out = capsys.readouterr().out
    assert code == 0, out
    header, grid = read(tmp_path / "run-grid.csv")
    assert header == ["a", "b", "loss", "accuracy"]
    assert len(grid) == 25
    cells = np.array(grid, float)
    assert sorted(set(cells[:, 0])) == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert np.all(cells[:, 2] > 0) and np.all((cells[:, 3] >= 0) & (cells[:, 3] <= 1))
    header, paths = read(tmp_path / "run-paths.csv")
    assert header == ["optimizer", "step", "a", "b", "loss"]
    assert {row[0] for row in paths} == {"sgd:lr=0.1", "adam:lr=0.001"}
    sgd = [row for row in paths if row[0] == "sgd:lr=0.1"]
    assert int(sgd[0][1]) == 0 and int(sgd[-1][1]) == 40
    assert (float(sgd[-1][2]), float(sgd[-1][3])) == (0.0, 0.0)  # the centre run ends there
    centre = cells[(cells[:, 0] == 0) & (cells[:, 1] == 0)][0]
    assert float(sgd[-1][4]) == pytest.approx(centre[2], rel=1e-6)
    assert "centre loss" in out


def test_pca_slice_reports_the_explained_variance(tmp_path, capsys) -> None:
    code = main([*BASE, "-o", "sgd:lr=0.1", "-o", "momentum:lr=0.01", "--directions", "pca",
                 "--center", "1", "--grid", "3", "--examples", "100",
                 "--out", str(tmp_path / "p.csv")])
    out = capsys.readouterr().out
    assert code == 0
    assert "PCA explained variance" in out
    _, paths = read(tmp_path / "p-paths.csv")
    last = [row for row in paths if row[0] == "momentum:lr=0.01"][-1]
    assert (float(last[2]), float(last[3])) == (0.0, 0.0)


def test_interpolation_writes_t_loss_accuracy(tmp_path, capsys) -> None:
    out_file = tmp_path / "interp.csv"
    code = main([*BASE, "-o", "sgd:lr=0.1", "-o", "adam:lr=0.001", "--interpolate",
                 "final,final:1", "--points", "7", "--range", "-1,2", "--out", str(out_file)])
    assert code == 0
    header, rows = read(out_file)
    assert header == ["t", "loss", "accuracy"]
    t = [float(r[0]) for r in rows]
    assert t == [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]


def test_examples_beyond_the_data_use_all_of_it_and_say_so(tmp_path, capsys) -> None:
    code = main([*BASE, "-o", "sgd", "--interpolate", "init,final", "--points", "3",
                 "--examples", "99999", "--out", str(tmp_path / "i.csv")])
    captured = capsys.readouterr()
    assert code == 0
    assert "using all 1,000" in captured.err
    assert "on 1,000 images" in captured.out


@pytest.mark.parametrize("extra,needle", [
    (["--directions", "hessian"], "invalid choice"),
    (["--center", "5"], "optimizer index"),
    (["--center", "middle"], "centre must be"),
    (["--grid", "1"], "grid"),
    (["--span", "-1"], "span"),
    (["--interpolate", "init"], "--interpolate must be A,B"),
    (["--interpolate", "init,final:7"], "optimizer index"),
    (["--interpolate", "init,best"], "end point"),
    (["--interpolate", "init,final", "--out", "x.txt"], "must end in .csv"),
    (["--range", "1,0", "--interpolate", "init,final"], "--range must be"),
    (["--examples", "0"], "examples"),
    (["--out", "/no/such/folder/run"], "folder does not exist"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, extra, needle) -> None:
    code = main([*BASE, "-o", "sgd", *extra])
    err = capsys.readouterr().err
    assert code == 2
    assert needle in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_an_optimizer_and_a_length_are_required(capsys) -> None:
    assert main(["landscape", "--sample", "--iterations", "5"]) == 2
    assert "--optimizer" in capsys.readouterr().err
    assert main(["landscape", "--sample", "-o", "sgd"]) == 2
    assert "--epochs" in capsys.readouterr().err


def test_sharpness_is_printed_with_the_threshold_of_the_centres_optimizer(capsys) -> None:
    code = main([*BASE, "-o", "sgd:lr=0.1", "--interpolate", "init,final", "--points", "3",
                 "--examples", "200", "--sharpness"])
    out = capsys.readouterr().out
    assert code == 0
    assert "sharpness at final:0: largest Hessian eigenvalue" in out
    assert "threshold 2/lr = 20" in out
