"""The landscape lab's work: train with snapshots, then a slice or a 1-D interpolation.

Every step is a generator that yields :class:`Progress` and returns its result,
so the GUI runs it in a worker (progress, cancel at any ``yield``) and the CLI
simply drives it::

    traj = yield from train(dataset, TrainConfig(optimizers=("sgd:lr=0.1", "adam")))
    result = yield from compute_slice(traj, dataset, SliceSpec(directions="pca"))

:func:`train` uses :class:`engine.mnist.trainer.Trainer` (every optimizer from
the same initial weights, on the same mini-batches) and keeps every run's
weights every ``k`` steps, at most ``max_snapshots`` per optimizer (fewer when
they would not fit in :data:`SNAPSHOT_BYTES` together), including the initial
and the final weights.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from engine.landscape.directions import pca_directions, project, random_directions
from engine.landscape.evaluate import SliceEvaluator
from engine.messages import msg
from engine.mnist.data import Dataset
from engine.mnist.mlp import MLP
from engine.mnist.trainer import DIVERGED, TrainConfig, Trainer

__all__ = ["DIRECTIONS", "SPLITS", "InterpolationResult", "PathResult", "Progress",
           "SharpnessResult", "SliceResult", "SliceSpec", "Trajectories", "compute_slice",
           "endpoint", "grid_axis", "interpolate", "parse_center", "sharpness",
           "snapshot_every", "subset", "train"]

DIRECTIONS = ("random", "pca")
SPLITS = ("test", "train")
#: Most weight snapshots kept per optimizer (Li et al. use one per epoch; memory bound).
MAX_SNAPSHOTS = 200
#: Memory for all the optimizers' snapshots together (8 runs of 784-100-10: 100 each).
SNAPSHOT_BYTES = 256 * 2**20
#: Margin around the projected paths for the default span of PCA slices.
PCA_MARGIN = 0.2


@dataclass(frozen=True)
class Progress:
    """``stage`` is ``"train"``, ``"slice"`` or ``"interpolate"``; ``done`` of ``total``.

    During a slice, ``partial`` is the loss grid so far (NaN where not done yet)
    and ``axis`` the grid's coordinates along either direction.
    """

    stage: str
    done: int
    total: int
    partial: np.ndarray | None = None
    axis: np.ndarray | None = None

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


@dataclass(eq=False)
class Trajectories:
    """Every optimizer's weight snapshots (``(N_i, P)`` float32 rows) and when they were taken."""

    config: TrainConfig
    net: MLP                      # the architecture (its weights are the initial ones)
    labels: list[str]
    specs: list[str]
    steps: list[np.ndarray]
    snapshots: list[np.ndarray]
    finals: list[np.ndarray]
    diverged: list[bool]
    test_accuracy: list[float]
    optimizer_states: list[list[dict[str, Any]]] = field(default_factory=list)

    @property
    def initial(self) -> np.ndarray:
        return self.snapshots[0][0]


def snapshot_every(iterations: int, max_snapshots: int = MAX_SNAPSHOTS) -> int:
    """``k``: snapshots at steps 0, k, 2k, ... and the last step are at most ``max_snapshots``."""
    if max_snapshots < 3:
        raise ValueError(msg("at least {n} snapshots are needed, got {got}", n=3,
                             got=max_snapshots))
    return max(1, math.ceil(iterations / (max_snapshots - 2)))


def train(dataset: Dataset, config: TrainConfig, *,
          max_snapshots: int = MAX_SNAPSHOTS) -> Generator[Progress, object, Trajectories]:
    """Train every optimizer of ``config``, keeping weight snapshots; see the module docstring."""
    config = replace(config, eval_every=config.iterations).validate()
    trainer = Trainer(dataset, config)
    size = trainer.runs[0].net.size
    # Memory: all snapshots together stay within SNAPSHOT_BYTES (at least 3 per run).
    fit = SNAPSHOT_BYTES // (len(trainer.runs) * size * np.dtype(np.float32).itemsize)
    max_snapshots = max(3, min(max_snapshots, int(fit)))
    k = snapshot_every(config.iterations, max_snapshots)
    count = config.iterations // k + 1 + (config.iterations % k != 0)
    snaps = [np.empty((count, size), np.float32) for _ in trainer.runs]
    steps = [np.empty(count, np.int64) for _ in trainer.runs]
    filled = [1] * len(trainer.runs)
    for s, st in zip(snaps, steps, strict=True):
        s[0] = trainer.initial_weights
        st[0] = 0
    yield Progress("train", 0, trainer.total_steps)
    while not trainer.done:
        trainer.step()
        t = trainer.step_count
        if t % k == 0 or t == trainer.total_steps:
            for i, run in enumerate(trainer.runs):
                if run.status != DIVERGED and np.isfinite(run.net.flat).all():
                    snaps[i][filled[i]] = run.net.flat
                    steps[i][filled[i]] = t
                    filled[i] += 1
        yield Progress("train", t, trainer.total_steps)
    trainer.finish()
    net = trainer.runs[0].net.clone()
    net.flat[:] = trainer.initial_weights
    return Trajectories(
        config=config, net=net,
        labels=[r.label for r in trainer.runs],
        specs=list(config.optimizers),
        steps=[st[:n] for st, n in zip(steps, filled, strict=True)],
        snapshots=[s[:n] for s, n in zip(snaps, filled, strict=True)],
        finals=[s[n - 1].copy() for s, n in zip(snaps, filled, strict=True)],
        diverged=[r.status == DIVERGED for r in trainer.runs],
        test_accuracy=[r.last.test_accuracy if r.last else float("nan") for r in trainer.runs],
        # what each optimizer shows of its state (describe_state: the one door)
        optimizer_states=[[r.optimizer.describe_state(st) for st in r.states] if r.flat else []
                          for r in trainer.runs],
    )


# -- what to evaluate on --------------------------------------------------------------
def subset(dataset: Dataset, examples: int, split: str = "test") -> tuple[np.ndarray, np.ndarray]:
    """The first ``examples`` images of ``split`` (all of them if there are fewer)."""
    if split not in SPLITS:
        raise ValueError(msg("split must be one of {choices}, got '{value}'",
                             choices=", ".join(SPLITS), value=split))
    if int(examples) != examples or examples < 1:
        raise ValueError(msg("examples must be a whole number >= 1, got {value}",
                             value=examples))
    images = dataset.test_images if split == "test" else dataset.train_images
    labels = dataset.test_labels if split == "test" else dataset.train_labels
    n = min(int(examples), len(labels))
    return images[:n], labels[:n]


def parse_center(text: str | int, count: int) -> int | None:
    """``"final"`` (the first optimizer's final weights: 0), ``"init"`` (None) or an index."""
    value = str(text).strip().lower()
    if value == "init":
        return None
    if value == "final":
        return 0
    try:
        index = int(value)
    except ValueError:
        index = -1
        if not value.lstrip("-").isdigit():
            raise ValueError(msg("centre must be final, init or an optimizer's index, got "
                                 "'{value}'", value=text)) from None
    if not 0 <= index < count:
        raise ValueError(msg("optimizer index must be in 0..{last}, got {value}",
                             last=count - 1, value=text))
    return index


def endpoint(traj: Trajectories, text: str) -> np.ndarray:
    """``init``, ``final`` (the first optimizer's) or ``final:K`` (the K-th's, from 0)."""
    value = text.strip().lower()
    if value == "init":
        return traj.initial
    if value == "final":
        return traj.finals[0]
    if value.startswith("final:"):
        index = parse_center(value[6:], len(traj.finals))
        if index is not None:
            return traj.finals[index]
    raise ValueError(msg("an end point must be init, final or final:K, got '{value}'",
                         value=text))


def grid_axis(span: float, points: int) -> np.ndarray:
    """``points`` values from ``-span`` to ``span``; the middle one is exactly 0 (odd counts)."""
    if not (math.isfinite(span) and span > 0):
        raise ValueError(msg("span must be > 0, got {value}", value=span))
    if int(points) != points or not 2 <= points <= 401:
        raise ValueError(msg("grid must be a whole number in 2..401, got {value}",
                             value=points))
    axis = np.linspace(-span, span, int(points))
    if points % 2:
        axis[points // 2] = 0.0
    return axis


# -- slices ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SliceSpec:
    """What slice to compute (see ``python main.py landscape --help``)."""

    directions: str = "random"
    center: str = "final"
    grid: int = 41
    span: float | None = None      # None: 1 for random directions; paths + 20 % for PCA
    examples: int = 10_000
    split: str = "test"
    seed: int = 0
    threads: int | None = None

    def validate(self) -> SliceSpec:
        if self.directions not in DIRECTIONS:
            raise ValueError(msg("directions must be one of {choices}, got '{value}'",
                                 choices=", ".join(DIRECTIONS), value=self.directions))
        if self.span is not None:
            grid_axis(self.span, 3)
        grid_axis(1.0, self.grid)
        if int(self.seed) != self.seed or self.seed < 0:
            raise ValueError(msg("seed must be a whole number >= 0, got {value}",
                                 value=self.seed))
        if int(self.examples) != self.examples or self.examples < 1:
            raise ValueError(msg("examples must be a whole number >= 1, got {value}",
                                 value=self.examples))
        return self


@dataclass(frozen=True)
class PathResult:
    """One optimizer's path on the plane: ``a``, ``b`` and the slice's loss there."""

    label: str
    steps: np.ndarray
    a: np.ndarray
    b: np.ndarray
    loss: np.ndarray


@dataclass(frozen=True)
class SliceResult:
    """``loss[i, j]`` and ``accuracy[i, j]`` at ``(a[i], b[j])``."""

    spec: SliceSpec
    a: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    paths: list[PathResult]
    explained: np.ndarray | None    # PCA: explained variance ratio of each axis
    center_label: str
    center_loss: float
    examples: int


def compute_slice(traj: Trajectories, dataset: Dataset,
                  spec: SliceSpec) -> Generator[Progress, object, SliceResult]:
    """The loss on the plane around the chosen centre, with every path projected onto it."""
    spec = spec.validate()
    index = parse_center(spec.center, len(traj.finals))
    center = traj.initial if index is None else traj.finals[index]
    center_label = "init" if index is None else f"final:{index}"
    explained = None
    if spec.directions == "random":
        dirs = random_directions(center, traj.net.shapes, spec.seed)
    else:
        dirs, explained = pca_directions(np.concatenate(traj.snapshots), center)
    coords = [project(s, center, dirs) for s in traj.snapshots]
    span = spec.span
    if span is None:
        if spec.directions == "random":
            span = 1.0
        else:
            reach = max(float(np.max(np.abs(c))) for c in coords)
            span = (1 + PCA_MARGIN) * reach if reach > 0 else 1.0
    axis = grid_axis(span, spec.grid)
    images, labels = subset(dataset, spec.examples, spec.split)
    evaluator = SliceEvaluator(traj.net, center, dirs, images, labels, threads=spec.threads)
    aa, bb = np.meshgrid(axis, axis, indexing="ij")
    cells = np.stack([aa.ravel(), bb.ravel()], axis=1)
    shape = (len(axis), len(axis))
    total = len(cells) + sum(len(c) for c in coords)
    for done, _ in evaluator.run(cells):
        yield Progress("slice", done, total, evaluator.loss.reshape(shape).copy(), axis)
    loss = evaluator.loss.reshape(shape).copy()
    accuracy = evaluator.accuracy.reshape(shape).copy()
    path_points = np.concatenate(coords)
    for done, _ in evaluator.run(path_points):
        yield Progress("slice", len(cells) + done, total)
    path_loss = evaluator.loss.copy()
    paths, offset = [], 0
    for label, steps, c in zip(traj.labels, traj.steps, coords, strict=True):
        paths.append(PathResult(label, steps, c[:, 0].copy(), c[:, 1].copy(),
                                path_loss[offset : offset + len(c)]))
        offset += len(c)
    centre_cell = (len(axis) // 2, len(axis) // 2) if len(axis) % 2 else None
    center_loss = float(loss[centre_cell]) if centre_cell else float(
        SliceEvaluator(traj.net, center, dirs, images, labels, threads=1)
        .evaluate(np.zeros((1, 2)))[0][0])
    return SliceResult(spec, axis, axis.copy(), loss, accuracy, paths, explained,
                       center_label, center_loss, len(labels))


# -- 1-D interpolation -----------------------------------------------------------------
@dataclass(frozen=True)
class InterpolationResult:
    """Loss and accuracy at ``(1 - t) A + t B``."""

    t: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    start: str
    end: str
    examples: int


def interpolate(traj: Trajectories, dataset: Dataset, start: str = "init", end: str = "final",
                *, points: int = 51, t_range: tuple[float, float] = (0.0, 1.0),
                examples: int = 10_000, split: str = "test",
                threads: int | None = None) -> Generator[Progress, object, InterpolationResult]:
    """Goodfellow et al. (2015) / Keskar et al. (2017): the loss on the line through A and B."""
    lo, hi = (float(v) for v in t_range)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(msg("the range must be two finite numbers, the first below the "
                             "second, got {lo},{hi}", lo=lo, hi=hi))
    if int(points) != points or not 2 <= points <= 10_001:
        raise ValueError(msg("points must be a whole number in 2..10001, got {value}",
                             value=points))
    a, b = endpoint(traj, start), endpoint(traj, end)
    t = np.linspace(lo, hi, int(points))
    for exact in (0.0, 1.0):  # the end points themselves, exactly
        t[np.isclose(t, exact, rtol=0, atol=1e-12)] = exact
    images, labels = subset(dataset, examples, split)
    direction = (b.astype(np.float64) - a).astype(np.float32)
    evaluator = SliceEvaluator(traj.net, a, direction[None], images, labels, threads=threads)
    for done, total in evaluator.run(t[:, None]):
        yield Progress("interpolate", done, total)
    return InterpolationResult(t, evaluator.loss.copy(), evaluator.accuracy.copy(),
                               start, end, len(labels))


# -- sharpness -------------------------------------------------------------------------
@dataclass(frozen=True)
class SharpnessResult:
    """The top Hessian eigenvalue at a centre, and the threshold of the optimizer there."""

    center_label: str
    value: float
    converged: bool
    examples: int
    optimizer: str | None            # the run whose final weights are the centre
    threshold: float | None          # None: no simple threshold applies
    rule: str
    preconditioned: float | None     # Adam: the largest eigenvalue of P^-1 H


def sharpness(traj: Trajectories, dataset: Dataset, center: str = "final", *,
              examples: int = 2000) -> Generator[Progress, object, SharpnessResult]:
    """Cohen et al. (2021): sharpness at the centre against the optimizer's stability limit.

    Power iteration on the training loss of the first ``examples`` training images.
    """
    from engine.landscape.sharpness import power_iteration, preconditioner, threshold

    index = parse_center(center, len(traj.finals))
    weights = traj.initial if index is None else traj.finals[index]
    images, labels = subset(dataset, examples, "train")
    sharp = yield from _staged(power_iteration(traj.net, weights, images, labels))
    limit, rule, pre_value, label = None, "none", None, None
    if index is not None:
        spec, label = traj.specs[index], traj.labels[index]
        limit, rule = threshold(spec)
        states = traj.optimizer_states[index] if traj.optimizer_states else []
        pre = preconditioner(spec, states[0]) if states else None
        if pre is not None:
            pre_sharp = yield from _staged(power_iteration(traj.net, weights, images, labels,
                                                           precondition=pre))
            pre_value = pre_sharp.value
    return SharpnessResult("init" if index is None else f"final:{index}", sharp.value,
                           sharp.converged, len(labels), label, limit, rule, pre_value)


def _staged(gen):  # type: ignore[no-untyped-def]
    while True:
        try:
            done, total = next(gen)
        except StopIteration as stop:
            return stop.value
        yield Progress("sharpness", done, total)
