"""MNIST memory: the estimate against measured allocations, refusals, limits, out-of-memory.

The estimate counts every numpy array a training allocates, so it is compared
with ``tracemalloc``'s peak (numpy reports its data buffers to it) within 5 %:
what is left out are Python objects and temporaries of a few kilobytes.
"""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from engine.cli import main
from engine.cli import mnist as mnist_cli
from engine.mnist import memory
from engine.mnist.data import load_sample
from engine.mnist.memory import (
    DataShapes,
    MemoryLimitError,
    check_memory,
    estimate,
    format_bytes,
    state_arrays,
)
from engine.mnist.trainer import MAX_OPTIMIZERS, TrainConfig, Trainer

ROOT = Path(__file__).resolve().parents[2]
FULL = DataShapes(60_000, 10_000)
HUGE = TrainConfig(optimizers=("adam",), hidden=(4096,) * 16)  # the 7.3 GB of issue 9


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("optimizer-race: error: "), err
    assert "Traceback" not in err
    return lines[0]


# -- the estimate ------------------------------------------------------------------------------
@pytest.mark.parametrize("optimizers", [
    ("adam", "rprop", "schedulefree_adamw", "momentum:lr=0.01"),
    ("sgd:lr=0.1",),
    ("nadam", "adagrad", "lion"),
])
def test_the_estimate_matches_the_measured_peak(optimizers: tuple[str, ...]) -> None:
    dataset = load_sample()  # loaded before tracing: check_memory does not count it either
    config = TrainConfig(optimizers=optimizers, hidden=(512, 256), activation="tanh",
                         weight_decay=1e-4, batch_size=200, iterations=8, eval_every=2)
    need = estimate(config, DataShapes.of(dataset))
    tracemalloc.start()
    try:
        trainer = Trainer(dataset, config)
        trainer.run_all()
        trainer.finish()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    expected = need.total - need.dataset
    assert abs(expected - peak) <= 0.05 * peak, (format_bytes(expected), format_bytes(peak))


def test_optimizer_states_are_counted_per_parameter() -> None:
    assert state_arrays("sgd")[:2] == (0.0, 0.0)
    assert state_arrays("momentum")[1] >= 1.0           # the momentum buffer
    assert state_arrays("adam")[:2] == (2.0, 4.0)       # two moments, then two scratch buffers
    assert state_arrays("amsgrad")[1] > state_arrays("adam")[1]
    assert state_arrays("rprop")[1] > state_arrays("rprop")[0]  # step sizes made on step 1


def test_the_big_network_of_the_issue_needs_about_seven_gigabytes() -> None:
    need = estimate(HUGE, FULL)
    weights = 784 * 4096 + 15 * 4096**2 + 4096 * 10
    # Seven float32 copies (initial weights, weights, gradients, two moments, two scratch
    # buffers) and the activations of 1 000 test images in 16 layers (0.6 copies).
    assert 7 * 4 * weights <= need.total <= 8 * 4 * weights
    assert format_bytes(need.total) == "7.3 GB"  # what the issue measured
    two = estimate(TrainConfig(optimizers=("adam", "sgd"), hidden=(4096,) * 16), FULL)
    assert two.total > need.total + 2 * 4 * weights  # a second network and its gradients


# -- refusing ------------------------------------------------------------------------------------
def test_a_training_that_does_not_fit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "available_memory", lambda: 300 * 2**20)
    with pytest.raises(MemoryLimitError) as info:
        check_memory(HUGE, FULL)
    message = str(info.value)
    assert message.startswith("this training needs about 7.")
    assert "only 300 MB is available" in message and "\n" not in message
    assert isinstance(info.value, ValueError) and info.value.available == 300 * 2**20
    small = TrainConfig(optimizers=("adam",), hidden=(100,))
    assert check_memory(small, FULL) == estimate(small, FULL).total  # fits: returns the need


def test_a_loaded_dataset_is_not_counted_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = load_sample()
    config = TrainConfig(optimizers=("adam",), hidden=(100,))
    need = estimate(config, DataShapes.of(dataset))
    room = need.total - need.dataset + memory.HEADROOM  # exactly enough
    monkeypatch.setattr(memory, "available_memory", lambda: room)
    check_memory(config, dataset)  # already in memory: fits
    with pytest.raises(MemoryLimitError):
        check_memory(config, DataShapes.of(dataset))  # still to be loaded: does not


def test_unknown_available_memory_refuses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "available_memory", lambda: None)
    assert check_memory(HUGE, FULL) > 7 * 2**30


def test_the_cli_refuses_before_allocating(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the trainer was built")

    monkeypatch.setattr(memory, "available_memory", lambda: 2**30)
    monkeypatch.setattr(mnist_cli, "Trainer", never)
    assert main(["mnist", "--sample", "-o", "adam", "--hidden", ",".join(["4096"] * 16),
                 "--iterations", "1"]) == 2
    line = one_error_line(capsys)
    assert "this training needs about 7." in line and "only 1.0 GB is available" in line


def test_too_many_optimizers_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match=f"at most {MAX_OPTIMIZERS} optimizers can train"):
        TrainConfig(optimizers=("sgd",) * (MAX_OPTIMIZERS + 1)).validate()
    TrainConfig(optimizers=("sgd",) * MAX_OPTIMIZERS).validate()
    argv = ["mnist", "--sample", "--iterations", "1"]
    for _ in range(MAX_OPTIMIZERS + 1):
        argv += ["-o", "sgd"]
    assert main(argv) == 2
    assert f"at most {MAX_OPTIMIZERS} optimizers can train side by side, got 9" in \
        one_error_line(capsys)


def test_running_out_of_memory_anyway_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    def exhausted(self: Trainer) -> None:
        raise MemoryError

    monkeypatch.setattr(Trainer, "step", exhausted)
    assert main(["mnist", "--sample", "-o", "adam", "--iterations", "3"]) == 2
    err = capsys.readouterr().err  # after the lines naming the data
    assert err.splitlines()[-1] == ("optimizer-race: error: out of memory while training; use "
                                    "fewer or smaller hidden layers, fewer optimizers or a "
                                    "smaller batch")
    assert "Traceback" not in err


# -- the limits of this process --------------------------------------------------------------------
LIMITED = """
import resource, sys
import numpy as np
from engine.cli import main
from engine.mnist import memory
from engine.mnist.data import load_sample

load_sample()  # everything but the network is in memory before the limit
vm = memory._vm_size()
resource.setrlimit(resource.RLIMIT_AS, (vm + 400 * 2**20, resource.RLIM_INFINITY))
if sys.argv[1] == "unchecked":  # what happens without the check
    memory_check = lambda config, data: 0
    import engine.cli.mnist as cli
    cli.check_memory = memory_check
sys.exit(main(["mnist", "--sample", "-q", "-o", "adam", "--hidden", "4096,4096,4096",
               "--iterations", "2"]))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize(("mode", "message"), [
    ("checked", "this training needs about"),
    ("unchecked", "out of memory while training"),
])
def test_an_address_space_limit_is_respected(mode: str, message: str) -> None:
    done = subprocess.run([sys.executable, "-c", LIMITED, mode], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert lines[-1].startswith("optimizer-race: error: ") and message in lines[-1]
    assert "Traceback" not in done.stderr


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_cgroup_v2_limits_apply_all_the_way_up(tmp_path: Path) -> None:
    root = tmp_path / "cgroup"
    write(tmp_path / "membership", "0::/user.slice/app\n")
    write(root / "user.slice" / "app" / "memory.max", "max\n")
    write(root / "user.slice" / "app" / "memory.current", "1000\n")
    write(root / "user.slice" / "memory.max", str(5 * 2**30) + "\n")
    write(root / "user.slice" / "memory.current", str(2**30) + "\n")
    write(root / "user.slice" / "memory.stat", f"anon 5\ninactive_file {2**29}\n")
    assert memory._cgroup_left(tmp_path / "membership", root) == 4 * 2**30 + 2**29


def test_cgroup_v1_memory_controller(tmp_path: Path) -> None:
    root = tmp_path / "cgroup"
    write(tmp_path / "membership", "5:cpu:/\n4:memory:/job\n0::/\n")
    write(root / "memory" / "job" / "memory.limit_in_bytes", str(3 * 2**30))
    write(root / "memory" / "job" / "memory.usage_in_bytes", str(2**30))
    assert memory._cgroup_left(tmp_path / "membership", root) == 2 * 2**30
    write(root / "memory" / "job" / "memory.limit_in_bytes", "9223372036854771712")  # none
    assert memory._cgroup_left(tmp_path / "membership", root) is None
    assert memory._cgroup_left(tmp_path / "no-such-file", root) is None


def test_available_memory_is_the_tightest_known_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_physical_available", lambda: 8 * 2**30)
    monkeypatch.setattr(memory, "_address_space_left", lambda: None)
    monkeypatch.setattr(memory, "_cgroup_left", lambda: 3 * 2**30)
    assert memory.available_memory() == 3 * 2**30
    monkeypatch.setattr(memory, "_physical_available", lambda: None)
    monkeypatch.setattr(memory, "_cgroup_left", lambda: None)
    assert memory.available_memory() is None
