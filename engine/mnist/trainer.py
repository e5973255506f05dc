"""Several optimizers train the same network side by side, fairly.

Every run starts from **identical initial weights** (one network is drawn from
the seed, then cloned) and sees the **identical mini-batch sequence** (each
batch is drawn and converted once, then every run steps on it).  Only the
optimizer differs, so the curves compare optimizers, not luck.

The optimizers are the registry's own (``adam:lr=0.001`` specs, as in the race).
Elementwise update rules step the whole network as one flat vector (numerically
identical to stepping tensor by tensor); the others (norm-based rules) step each
weight and bias tensor with its own state, as ``torch.optim`` does.

Driving a training run::

    trainer = Trainer(dataset, TrainConfig(optimizers=("sgd:lr=0.1", "adam")))
    while not trainer.done:
        for run, evaluation in trainer.step():   # one mini-batch for every run
            print(run.label, evaluation)

:meth:`Trainer.step` is short (one batch), so a GUI worker thread can check a
stop flag or pause between calls.  A run whose loss becomes non-finite stops and
is marked ``diverged``; the others continue.  ``seconds`` counts only time spent
in training steps (batch conversion, forward, backward, update), not evaluation.

Mini-batches: the training set is shuffled once per epoch and consumed in order;
a batch may straddle two epochs, so every batch has the same size and
``epoch = samples seen / training-set size``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.messages import msg
from engine.mnist.data import Dataset, to_float
from engine.mnist.mlp import ACTIVATIONS, INITS, MLP, blas_threads
from engine.optimizers import Optimizer, State, get_spec, parse_spec

__all__ = [
    "DIVERGED",
    "DONE",
    "MAX_OPTIMIZERS",
    "PRESETS",
    "RUNNING",
    "Evaluation",
    "Run",
    "TrainConfig",
    "Trainer",
]

RUNNING, DONE, DIVERGED = "running", "done", "diverged"
#: Most optimizers trained side by side (each holds a network and its state in memory).
MAX_OPTIMIZERS = 8


@dataclass(frozen=True)
class TrainConfig:
    """What to train: optimizers (specs), architecture, batches, schedule, seed.

    ``eval_every`` is in steps (0: once per epoch); ``eval_subset`` evaluates
    intermediate points on the first ``eval_subset`` test images only (0: the
    full test set), the last evaluation always uses the full test set.
    """

    optimizers: tuple[str, ...] = ("adam:lr=0.001",)
    hidden: tuple[int, ...] = (100,)
    activation: str = "relu"
    init: str = "he"
    weight_decay: float = 0.0
    batch_size: int = 100
    iterations: int = 600
    eval_every: int = 0
    eval_subset: int = 0
    seed: int = 0

    def validate(self) -> TrainConfig:
        """Raise ``ValueError`` naming the first bad value; return ``self``."""
        if not self.optimizers:
            raise ValueError(msg("at least one optimizer is needed"))
        if len(self.optimizers) > MAX_OPTIMIZERS:
            raise ValueError(msg("at most {max} optimizers can train side by side, got {n}",
                                 max=MAX_OPTIMIZERS, n=len(self.optimizers)))
        for spec in self.optimizers:
            name, _ = parse_spec(spec)
            if get_spec(name).needs_hessian:
                raise ValueError(msg("{name} needs the Hessian and cannot train a network; "
                                     "choose a first-order optimizer", name=name))
        if not self.hidden or any(int(h) != h or h < 1 for h in self.hidden):
            raise ValueError(msg("hidden sizes must be whole numbers >= 1, got {value}",
                                 value=self.hidden))
        if max(self.hidden) > 4096 or len(self.hidden) > 16:
            raise ValueError(msg("hidden sizes too large (at most 16 layers of 4096), got {value}",
                                 value=self.hidden))
        if self.activation not in ACTIVATIONS:
            raise ValueError(msg("activation must be one of {known}, got '{value}'",
                                 known=", ".join(ACTIVATIONS), value=self.activation))
        if self.init not in INITS:
            raise ValueError(msg("init must be one of {known}, got '{value}'",
                                 known=", ".join(INITS), value=self.init))
        if not (math.isfinite(self.weight_decay) and self.weight_decay >= 0):
            raise ValueError(msg("weight decay must be >= 0, got {value}", value=self.weight_decay))
        for what, value, low in ((msg("batch size"), self.batch_size, 1),
                                 (msg("iterations"), self.iterations, 1),
                                 (msg("eval every"), self.eval_every, 0),
                                 (msg("eval subset"), self.eval_subset, 0),
                                 (msg("seed"), self.seed, 0)):
            if int(value) != value or value < low:
                raise ValueError(msg("{name} must be a whole number >= {low}, got {value}",
                                     name=what, low=low, value=value))
        if self.batch_size > 8192:
            raise ValueError(msg("batch size must be <= 8192, got {value}", value=self.batch_size))
        return self

    @staticmethod
    def iterations_for(epochs: float, n_train: int, batch_size: int) -> int:
        """Steps needed to see ``epochs`` passes over ``n_train`` examples."""
        if not (math.isfinite(epochs) and epochs > 0):
            raise ValueError(msg("epochs must be > 0, got {value}", value=epochs))
        return max(1, math.ceil(epochs * n_train / batch_size - 1e-9))

    def to_dict(self) -> dict[str, Any]:
        return {
            "optimizers": list(self.optimizers), "hidden": list(self.hidden),
            "activation": self.activation, "init": self.init,
            "weight_decay": self.weight_decay, "batch_size": self.batch_size,
            "iterations": self.iterations, "eval_every": self.eval_every,
            "eval_subset": self.eval_subset, "seed": self.seed,
        }


#: The textbook set-ups (Saitoh, *Deep Learning from Scratch*, ch. 5 and ch. 6).
PRESETS: dict[str, TrainConfig] = {
    # ch05/train_neuralnet.py: Affine-ReLU-Affine, weight_init_std=0.01, SGD lr 0.1,
    # batch 100, 10 000 iterations, accuracy printed once per epoch (600 iterations).
    "Two-layer net": TrainConfig(
        optimizers=("sgd:lr=0.1",), hidden=(50,), activation="relu", init="normal",
        batch_size=100, iterations=10_000, eval_every=0,
    ),
    # ch06/optimizer_compare_mnist.py: 784-100x4-10 ReLU, He init, batch 128, 2 000
    # iterations, the textbook's default learning rates; loss printed every 100.
    "Optimizer comparison": TrainConfig(
        optimizers=("sgd:lr=0.01", "momentum:lr=0.01", "adagrad:lr=0.01", "adam:lr=0.001"),
        hidden=(100, 100, 100, 100), activation="relu", init="he",
        batch_size=128, iterations=2_000, eval_every=100,
    ),
}


@dataclass(frozen=True)
class Evaluation:
    """One evaluation point of a run (``full``: on the whole test set)."""

    step: int
    epoch: float
    train_loss: float   # mean mini-batch loss since the previous evaluation
    test_loss: float
    test_accuracy: float
    seconds: float      # cumulative time in training steps
    full: bool = True


@dataclass(eq=False)
class Run:
    """One optimizer's network, state and record."""

    label: str
    name: str
    values: dict[str, Any]
    optimizer: Optimizer
    net: MLP
    states: list[State]
    flat: bool
    losses: np.ndarray                      # per step (NaN where not run)
    evaluations: list[Evaluation] = field(default_factory=list)
    status: str = RUNNING
    diverged_at: int | None = None
    seconds: float = 0.0
    confusion: np.ndarray = field(default_factory=lambda: np.zeros((10, 10), np.int64))
    predictions: np.ndarray | None = None   # on the evaluation images, last evaluation
    _loss_sum: float = 0.0
    _loss_count: int = 0

    @property
    def last(self) -> Evaluation | None:
        return self.evaluations[-1] if self.evaluations else None

    def step_optimizer(self) -> None:
        net = self.net
        if self.flat:
            self.optimizer.step(net.flat, net.grad_flat, self.states[0])
        else:
            for p, g, s in zip(net.params, net.grads, self.states, strict=True):
                self.optimizer.step(p, g, s)


class Trainer:
    """Trains one network per optimizer on ``dataset``; see the module docstring.

    ``blas`` is the number of OpenBLAS threads used inside :meth:`step` and
    :meth:`evaluate` (``None``: leave numpy's setting); one thread is fastest for
    these small matrix products, and much faster on a busy machine.
    """

    def __init__(self, dataset: Dataset, config: TrainConfig, *, blas: int | None = 1) -> None:
        self.dataset = dataset
        self.config = config.validate()
        self.blas = blas
        c = self.config
        init_seq, batch_seq = np.random.SeedSequence(c.seed).spawn(2)
        self._rng = np.random.default_rng(batch_seq)
        template = MLP(c.hidden, activation=c.activation, init=c.init,
                       weight_decay=c.weight_decay, seed=np.random.default_rng(init_seq))
        self.initial_weights = template.flat.copy()
        self.runs: list[Run] = []
        labels: dict[str, int] = {}
        for text in c.optimizers:
            name, values = parse_spec(text)
            label = "".join(text.split())  # as the user wrote it (like the race's labels)
            labels[label] = labels.get(label, 0) + 1
            if labels[label] > 1:
                label = f"{label} #{labels[label]}"
            opt = get_spec(name).create(**values)
            net = template.clone()
            flat = bool(opt.elementwise)
            states = [opt.init(net.flat)] if flat else [opt.init(p) for p in net.params]
            self.runs.append(Run(label, name, values, opt, net, states, flat,
                                 losses=np.full(c.iterations, np.nan, np.float32)))
        self.total_steps = c.iterations
        self.step_count = 0
        n = dataset.n_train
        self.steps_per_epoch = n / c.batch_size
        self.eval_every = c.eval_every or max(1, round(self.steps_per_epoch))
        n_eval = c.eval_subset if 0 < c.eval_subset < dataset.n_test else dataset.n_test
        self.eval_images = dataset.test_images[:n_eval]
        self.eval_labels = dataset.test_labels[:n_eval]
        b = c.batch_size
        self._idx = np.empty(b, np.intp)
        self._u8 = np.empty((b, dataset.train_images.shape[1]), np.uint8)
        self._x = np.empty((b, dataset.train_images.shape[1]), np.float32)
        self._y = np.empty(b, np.uint8)
        self._perm = self._rng.permutation(n)
        self._pos = 0

    # -- state ----------------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.step_count >= self.total_steps or not any(
            r.status == RUNNING for r in self.runs)

    @property
    def epoch(self) -> float:
        return self.step_count / self.steps_per_epoch

    def batch_indices(self) -> np.ndarray:
        """The next mini-batch's indices into the training set (advances the stream)."""
        b, n, out = self.config.batch_size, self.dataset.n_train, self._idx
        filled = 0
        while filled < b:
            take = min(b - filled, n - self._pos)
            out[filled : filled + take] = self._perm[self._pos : self._pos + take]
            filled += take
            self._pos += take
            if self._pos == n:
                self._perm = self._rng.permutation(n)
                self._pos = 0
        return out

    # -- stepping -------------------------------------------------------------------
    def step(self) -> list[tuple[Run, Evaluation]]:
        """One mini-batch for every running run; returns the evaluations it made."""
        if self.done:
            return []
        active = [r for r in self.runs if r.status == RUNNING]
        t0 = time.perf_counter()
        idx = self.batch_indices()
        np.take(self.dataset.train_images, idx, axis=0, out=self._u8)
        np.take(self.dataset.train_labels, idx, out=self._y)
        x = to_float(self._u8, out=self._x)
        shared = (time.perf_counter() - t0) / len(active)
        step = self.step_count
        self.step_count += 1
        with np.errstate(all="ignore"), blas_threads(self.blas):
            for run in active:
                t1 = time.perf_counter()
                loss = run.net.loss_and_grad(x, self._y)
                finite = math.isfinite(loss)
                if finite:
                    run.step_optimizer()
                run.seconds += time.perf_counter() - t1 + shared
                run.losses[step] = loss
                if not finite:
                    run.status, run.diverged_at = DIVERGED, self.step_count
                    continue
                run._loss_sum += loss
                run._loss_count += 1
        events: list[tuple[Run, Evaluation]] = []
        last = self.step_count >= self.total_steps
        for run in self.runs:
            if run.status == DIVERGED and run.diverged_at == self.step_count:
                events.append((run, self._diverged(run)))
            elif run.status == RUNNING and (last or self.step_count % self.eval_every == 0):
                events.append((run, self.evaluate(run, full=last)))
                if last:
                    run.status = DONE
        return events

    def _diverged(self, run: Run) -> Evaluation:
        nan = float("nan")
        ev = Evaluation(self.step_count, self.epoch, nan, nan, nan, run.seconds, True)
        run.evaluations.append(ev)
        return ev

    def evaluate(self, run: Run, *, full: bool = False) -> Evaluation:
        """Evaluate ``run`` now (test loss and accuracy) and record it."""
        if full:
            images, labels = self.dataset.test_images, self.dataset.test_labels
        else:
            images, labels = self.eval_images, self.eval_labels
        if run.predictions is None or len(run.predictions) != len(labels):
            run.predictions = np.empty(len(labels), np.intp)
        with np.errstate(all="ignore"), blas_threads(self.blas):
            test_loss, acc = run.net.evaluate(images, labels, predictions=run.predictions)
        k = len(self.dataset.classes)
        run.confusion = np.bincount(labels.astype(np.intp) * k + run.predictions,
                                    minlength=k * k).reshape(k, k)
        train_loss = run._loss_sum / run._loss_count if run._loss_count else float("nan")
        run._loss_sum, run._loss_count = 0.0, 0
        ev = Evaluation(self.step_count, self.epoch, train_loss, test_loss, acc,
                        run.seconds, full or len(labels) == self.dataset.n_test)
        run.evaluations.append(ev)
        return ev

    def finish(self) -> list[tuple[Run, Evaluation]]:
        """Stop early: evaluate every running run on the full test set, mark it done."""
        events = []
        for run in self.runs:
            if run.status == RUNNING:
                last = run.last
                if last is None or last.step != self.step_count or not last.full:
                    events.append((run, self.evaluate(run, full=True)))
                run.status = DONE
        return events

    def run_all(self) -> list[tuple[Run, Evaluation]]:
        """Train to the end (headless use); all evaluations in order."""
        events = []
        while not self.done:
            events += self.step()
        return events
