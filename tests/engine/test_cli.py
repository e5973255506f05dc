"""The headless CLI: files, formats, catalogues and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.cli import main
from engine.optimizers import REGISTRY, create
from engine.surfaces import SURFACES, get_surface

ROOT = Path(__file__).resolve().parents[2]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def test_race_csv_has_exact_header_spec_labels_and_full_precision(tmp_path: Path) -> None:
    out = tmp_path / "race.csv"
    specs = ["adam:lr=0.05", "momentum:lr=0.001,nesterov=true", "sgd"]
    argv = ["race", "--surface", "rosenbrock", "--start", "-1.5,2", "--steps", "50"]
    for s in specs:
        argv += ["--optimizer", s]
    assert main(argv + ["--out", str(out)]) == 0
    assert out.read_text().splitlines()[0] == "optimizer,step,x,y,loss"
    rows = read_csv(out)
    assert [r["optimizer"] for r in rows] == [s for s in specs for _ in range(51)]
    assert [int(r["step"]) for r in rows[:51]] == list(range(51))
    # Replay Adam by hand: the CSV must round-trip float64 exactly.
    surf, opt = get_surface("rosenbrock"), create("adam", lr=0.05)
    p = np.array([-1.5, 2.0])
    state = opt.init(p)
    for k in range(1, 51):
        opt.step(p, surf.grad_at(p), state)
        row = rows[k]
        assert (float(row["x"]), float(row["y"])) == (p[0], p[1])
        assert float(row["loss"]) == float(surf.value(p[0], p[1]))


def test_race_json_has_status_and_converged_at(tmp_path: Path) -> None:
    out = tmp_path / "race.json"
    code = main(["race", "--surface", "ravine", "--start=-7,2", "--steps", "20",
                 "-o", "newton", "-o", "sgd:lr=1.5", "--out", str(out)])
    assert code == 0
    data = json.loads(out.read_text())
    assert list(data)[-1] == "racers"  # the summary comes last
    newton, sgd = data["racers"]
    assert newton["optimizer"] == "newton" and newton["status"] == "converged"
    assert newton["converged_at"] == 1
    assert data["fields"] == ["step", "x", "y", "loss", "grad_norm", "step_len"]
    newton_rows, sgd_rows = (t["rows"] for t in data["trajectories"])
    assert [t["optimizer"] for t in data["trajectories"]] == ["newton", "sgd:lr=1.5"]
    assert [r[0] for r in newton_rows] == list(range(21))
    assert sgd["status"] == "diverged" and sgd["diverged_at"] is not None
    assert len(sgd_rows) == sgd["diverged_at"]  # steps 0 .. diverged_at - 1
    assert np.all(np.isfinite(np.array(sgd_rows)))


def test_race_with_formula_noise_and_schedule(tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    code = main(["race", "--surface", "-x^2/10 + y^2 + x^4/100", "--start", "0.5,1",
                 "--steps", "10", "-o", "adam:lr=0.1", "--noise", "0.1", "--seed", "3",
                 "--schedule", "cosine:t_max=10", "--out", str(out)])
    assert code == 0
    first = read_csv(out)
    assert main(["race", "--surface", "-x^2/10 + y^2 + x^4/100", "--start", "0.5,1",
                 "--steps", "10", "-o", "adam:lr=0.1", "--noise", "0.1", "--seed", "3",
                 "--schedule", "cosine:t_max=10", "--out", str(out)]) == 0
    assert read_csv(out) == first and len(first) == 11


def test_summary_table_without_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["race", "--steps", "30", "-o", "adagrad:lr=1.5", "-o", "sgd:lr=0.95"]) == 0
    text = capsys.readouterr().out
    assert "Ravine" in text and "adagrad:lr=1.5" in text and "rank" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["race", "-o", "nope"], "unknown optimizer 'nope'"),
        (["race", "-o", "adam:gamma=1"], "unknown hyper-parameter 'gamma'"),
        (["race", "-o", "adam:lr=abc"], "lr must be a number"),
        (["race", "-o", "adam:beta1=1.5"], "beta1 must be in [0, 1), got 1.5"),
        (["race", "-o", "sgd:nesterov=maybe"], "nesterov must be true or false"),
        (["race", "-o", "adam:lr"], "expected key=value"),
        (["race", "--surface", "x + z"], "unknown name 'z'"),
        (["race", "--start", "1"], "--start must be 2"),
        (["race", "--steps", "-1"], "--steps must be >= 0"),
        (["race", "--steps", "many"], "invalid int value"),
        (["race", "--out", "/no/such/dir/r.csv"], "folder does not exist"),
        (["race", "--out", "r.txt"], "must end in .csv, .json, .png, .svg, .gif or .mp4"),
        (["race", "--out", "r.png"], "drawn by the app's renderer"),
        (["race", "--out", "r.png", "--size", "big"], "--size must be WIDTHxHEIGHT"),
        (["race", "--out", "r.png", "--size", "20x20"], "between 64 and 8192"),
        (["race", "--out", "r.csv", "--size", "640x480"], "--size is for pictures"),
        (["race", "--schedule", "zigzag"], "unknown schedule"),
        (["bogus"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_catalogues_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["surfaces", "--json"]) == 0
    surfaces = json.loads(capsys.readouterr().out)
    assert [s["name"] for s in surfaces] == list(SURFACES)
    assert {"name", "title", "formula", "latex", "domain", "start", "minima"} <= set(surfaces[0])
    assert main(["optimizers", "--json"]) == 0
    optimizers = json.loads(capsys.readouterr().out)
    assert [o["name"] for o in optimizers] == list(REGISTRY)
    for o in optimizers:
        assert o["update_rule"] and o["reference"] and o["paper"]
        for p in o["hparams"]:
            assert {"name", "default", "range", "help"} <= set(p) and p["help"]
    assert main(["optimizers"]) == 0
    assert "beta1" in capsys.readouterr().out


def test_main_py_runs_the_cli_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    done = subprocess.run(
        [sys.executable, "main.py", "race", "--start", "-7,2", "--steps", "3",
         "-o", "adam", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(out.read_text().splitlines()) == 5
    bad = subprocess.run([sys.executable, "main.py", "race", "-o", "adam:lr=-1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().endswith("lr must be in [0, inf), got -1")
