"""Learning-rate schedules follow torch.optim.lr_scheduler (step after each update)."""

from __future__ import annotations

import math

import pytest

from engine.schedules import Schedule


def test_constant() -> None:
    assert [Schedule().lr(0.1, t) for t in (1, 5, 100)] == [0.1, 0.1, 0.1]


def test_step_lr() -> None:
    s = Schedule("step", {"step_size": 2, "gamma": 0.1})
    assert [s.lr(1.0, t) for t in range(1, 7)] == pytest.approx([1, 1, 0.1, 0.1, 0.01, 0.01])


def test_cosine_annealing() -> None:
    s = Schedule("cosine", {"t_max": 4, "eta_min": 0.1})
    expected = [0.1 + 0.9 * (1 + math.cos(math.pi * k / 4)) / 2 for k in range(5)] + [0.1]
    assert [s.lr(1.0, t) for t in range(1, 7)] == pytest.approx(expected)


def test_linear_warmup() -> None:
    s = Schedule("warmup", {"warmup_steps": 4, "start_factor": 0.2})
    assert [s.lr(1.0, t) for t in range(1, 7)] == pytest.approx([0.2, 0.4, 0.6, 0.8, 1, 1])


def test_parse_and_validation() -> None:
    assert Schedule.parse("step:step_size=3,gamma=0.5") == Schedule("step", {"step_size": 3,
                                                                             "gamma": 0.5})
    assert str(Schedule.parse("cosine:t_max=7")) == "cosine:t_max=7,eta_min=0.0"
    with pytest.raises(ValueError, match="unknown schedule 'zig'"):
        Schedule.parse("zig")
    with pytest.raises(ValueError, match="gamma must be in"):
        Schedule.parse("step:gamma=2")
    with pytest.raises(ValueError, match="step_size must be a whole number"):
        Schedule.parse("step:step_size=1.5")
    with pytest.raises(ValueError, match="unknown parameter 'foo'"):
        Schedule("cosine", {"foo": 1})
