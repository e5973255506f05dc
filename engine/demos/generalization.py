r"""Wilson, Roelofs, Stern, Srebro & Recht, "The Marginal Value of Adaptive Gradient
Methods in Machine Learning" (NeurIPS 2017), section 3.3.

The paper's constructed, linearly separable least-squares problem.  Labels
:math:`y_i = \pm 1` with :math:`P(y = 1) = p > 1/2`; every example has

* feature 1 equal to its label, :math:`x_{i1} = y_i`;
* features 2 and 3 equal to one, :math:`x_{i2} = x_{i3} = 1`;
* a block of features of its own, set to one: one feature when :math:`y_i = 1`,
  five when :math:`y_i = -1` (zero for every other example).

Test examples are drawn the same way and get fresh features of their own, which
no training example has.  The loss is :math:`f(w) = \frac{1}{2n}\lVert Xw - y\rVert^2`
(full batch); the prediction is :math:`\operatorname{sign}(x^\top w)`, and
:math:`x^\top w = 0` counts as an error.

From :math:`w = 0` gradient descent stays in the row space of :math:`X` and
converges to the minimum-norm interpolant, which puts most weight on feature 1
(the label itself) and classifies every test point correctly.  AdaGrad, RMSprop
and Adam scale each coordinate by its own gradient history; their first step is
:math:`\approx \text{lr}\cdot\operatorname{sign}(-\nabla f)` in every coordinate,
so features 1–3 get *equal* weights, and with :math:`w_1 = w_2 = w_3` a test
point scores :math:`w_1 y + w_2 + w_3 > 0` whatever its label: they predict +1
everywhere, and their test error is the fraction of negative test labels.  The
unique features carry the training fit; on a test point they are all new, so
their weights are exactly zero for every method (no gradient ever reaches them).

The parameter vector holds the three shared features, the training examples'
own features and the test examples' own features (which receive zero gradient),
so an optimizer that moved weights without a gradient would be caught.  The
structure is used instead of a dense matrix: a step costs :math:`O(n)`.

Step sizes: a table of learning rates with which each default optimizer reaches
zero training error quickly (:data:`STEP_SIZES`); a spec's ``lr=...`` overrides
it, and optimizers not in the table use their registry default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.demos.base import Demo, DemoResult, Progress, ShouldStop, Ticker, Trace, label_width
from engine.optimizers import create, parse_spec
from engine.optimizers.base import HParam

#: Learning rates with which each optimizer reaches zero training error (full batch).
STEP_SIZES: dict[str, float] = {
    "sgd": 0.5,
    "momentum": 0.05,
    "nesterov": 0.05,
    "adagrad": 0.1,
    "rmsprop": 0.001,
    "adam": 0.01,
    "amsgrad": 0.01,
    "adamax": 0.01,
    "nadam": 0.01,
    "radam": 0.01,
}

SETTINGS = (
    HParam("n", 50, "number of training examples", kind="int", low=2, high=100_000),
    HParam("p", 0.6, "probability of the label +1 (must exceed 1/2)", low=0.5, high=1.0,
           low_open=True, high_open=True),
    HParam("n_test", 1000, "number of test examples", kind="int", low=1, high=1_000_000),
    HParam("steps", 500, "full-batch steps", kind="int", low=1, high=1_000_000),
    HParam("seed", 0, "seed of the labels", kind="int", low=0, high=2**63 - 1),
)


@dataclass(frozen=True)
class Problem:
    """The constructed data set.  Column layout of ``w``: 3 shared, train-own, test-own."""

    y_train: np.ndarray
    y_test: np.ndarray
    owner_train: np.ndarray  # example index of each training-own feature
    owner_test: np.ndarray  # example index of each test-own feature

    @property
    def dim(self) -> int:
        return 3 + len(self.owner_train) + len(self.owner_test)

    @property
    def n(self) -> int:
        return len(self.y_train)

    def scores(self, w: np.ndarray, test: bool = False) -> np.ndarray:
        """:math:`Xw` for the training (or test) examples."""
        u = len(self.owner_train)
        if test:
            y, owner, own = self.y_test, self.owner_test, w[3 + u:]
        else:
            y, owner, own = self.y_train, self.owner_train, w[3:3 + u]
        return w[0] * y + w[1] + w[2] + np.bincount(owner, weights=own, minlength=len(y))

    def loss(self, w: np.ndarray) -> float:
        r = self.scores(w) - self.y_train
        return float(0.5 * np.mean(r * r))

    def gradient(self, w: np.ndarray) -> np.ndarray:
        r = (self.scores(w) - self.y_train) / self.n
        g = np.zeros_like(w)
        g[0] = r @ self.y_train
        g[1] = g[2] = r.sum()
        g[3:3 + len(self.owner_train)] = r[self.owner_train]
        return g

    def error(self, w: np.ndarray, test: bool = False) -> float:
        y = self.y_test if test else self.y_train
        return float(np.mean(np.sign(self.scores(w, test)) != y))

    def matrix(self, test: bool = False) -> np.ndarray:
        """The dense feature matrix (for checks on small problems)."""
        y, owner = (self.y_test, self.owner_test) if test else (self.y_train, self.owner_train)
        x = np.zeros((len(y), self.dim))
        x[:, 0], x[:, 1], x[:, 2] = y, 1.0, 1.0
        offset = 3 + (len(self.owner_train) if test else 0)
        x[owner, offset + np.arange(len(owner))] = 1.0
        return x


def make_problem(n: int, p: float, n_test: int, seed: int) -> Problem:
    rng = np.random.default_rng(seed)
    y_train = np.where(rng.random(n) < p, 1.0, -1.0)
    y_test = np.where(rng.random(n_test) < p, 1.0, -1.0)

    def owners(y: np.ndarray) -> np.ndarray:
        return np.repeat(np.arange(len(y)), np.where(y > 0, 1, 5))

    return Problem(y_train, y_test, owners(y_train), owners(y_test))


def configure(spec: str) -> tuple[Any, float]:
    name, values = parse_spec(spec)
    if "lr" not in values and name in STEP_SIZES:
        values["lr"] = STEP_SIZES[name]
    optimizer = create(name, **values)
    return optimizer, float(optimizer.config.get("lr", float("nan")))


def run(settings: dict[str, Any], progress: Progress | None = None,
        should_stop: ShouldStop | None = None) -> DemoResult:
    problem = make_problem(settings["n"], settings["p"], settings["n_test"], settings["seed"])
    steps = settings["steps"]
    specs = settings["optimizers"]
    configured = [configure(spec) for spec in specs]
    ticker = Ticker(steps * len(specs), progress, should_stop, 50)
    traces = []
    for k, (spec, (optimizer, lr)) in enumerate(zip(specs, configured, strict=True)):
        w = np.zeros(problem.dim)
        state = optimizer.init(w)
        cols = {name: np.empty(steps + 1) for name in
                ("train_error", "test_error", "train_loss", "w1", "w2", "w3")}
        info: dict[str, Any] = {"lr": lr, "optimizer": repr(optimizer)}
        last = steps
        for t in range(steps + 1):
            if t:
                with np.errstate(all="ignore"):
                    optimizer.step(w, problem.gradient(w), state)
            loss = problem.loss(w)
            if not (np.isfinite(loss) and np.all(np.isfinite(w[:3]))):
                info["diverged_at"] = t
                last = t - 1
                break
            cols["train_error"][t] = problem.error(w)
            cols["test_error"][t] = problem.error(w, test=True)
            cols["train_loss"][t] = loss
            cols["w1"][t], cols["w2"][t], cols["w3"][t] = w[:3]
            if t % ticker.every == 0:
                ticker.tick(k * steps + t)
        columns = {"step": np.arange(last + 1), **{k: v[: last + 1] for k, v in cols.items()}}
        info.update(
            train_error=float(columns["train_error"][-1]),
            test_error=float(columns["test_error"][-1]),
            train_loss=float(columns["train_loss"][-1]),
            shared_weights=[float(columns[c][-1]) for c in ("w1", "w2", "w3")],
            first_zero_train_error=_first(columns["train_error"] == 0),
        )
        traces.append(Trace(spec, columns, info))
    n_pos = int(np.sum(problem.y_train > 0))
    return DemoResult(
        demo=DEMO.name,
        settings=settings,
        traces=traces,
        summary={
            "train_positive": n_pos,
            "train_negative": problem.n - n_pos,
            "test_negative_fraction": float(np.mean(problem.y_test < 0)),
            "train_error": {t.label: t.info["train_error"] for t in traces},
            "test_error": {t.label: t.info["test_error"] for t in traces},
            "shared_weights": {t.label: t.info["shared_weights"] for t in traces},
        },
    )


def _first(mask: np.ndarray) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if len(hits) else None


def format_summary(result: DemoResult) -> str:
    s, m = result.settings, result.summary
    lines = [
        f"{DEMO.title} — {DEMO.paper}",
        f"{s['n']} training examples ({m['train_positive']} positive, {m['train_negative']} "
        f"negative), {s['n_test']} test examples ({m['test_negative_fraction']:.1%} negative), "
        f"p = {s['p']:g}, {s['steps']} full-batch steps, seed {s['seed']}",
    ]
    width = label_width([t.label for t in result.traces])
    lines.append(f"{'optimizer'.ljust(width)}  {'lr':>7}  {'train err':>9}  {'test err':>8}"
                 f"  {'w1':>7} {'w2':>7} {'w3':>7}")
    for t in result.traces:
        w1, w2, w3 = t.info["shared_weights"]
        note = f"  (diverged at step {t.info['diverged_at']})" if "diverged_at" in t.info else ""
        lines.append(f"{t.label.ljust(width)}  {t.info['lr']:7.3g}  {t.info['train_error']:9.3f}"
                     f"  {t.info['test_error']:8.3f}  {w1:7.3f} {w2:7.3f} {w3:7.3f}{note}")
    lines.append(f"predicting +1 everywhere gives test error {m['test_negative_fraction']:.3f} "
                 f"({result.seconds:.2f} s)")
    return "\n".join(lines)


DEMO = Demo(
    name="adaptive-generalization",
    title="Adaptive methods generalize worse",
    paper=("Wilson, Roelofs, Stern, Srebro & Recht, “The Marginal Value of Adaptive Gradient "
           "Methods in Machine Learning”, NeurIPS 2017"),
    setup=(
        "A linearly separable least-squares problem built by the paper: each example has its "
        "label as feature 1, two features that are always 1, and a few features of its own "
        "(one for a positive example, five for a negative one). Test examples get new own "
        "features. Labels are +1 with probability p = 0.6. Every optimizer runs full-batch "
        "from w = 0 with a step size that fits the training set."
    ),
    watch=(
        "All methods reach zero training error. Gradient descent and heavy-ball momentum "
        "also reach zero test error. AdaGrad, RMSprop and Adam predict +1 for every test "
        "point, so their test error equals the fraction of negative test labels (about "
        "1 − p). The bars show why: they give the three shared features equal weights."
    ),
    why=(
        "Gradient descent from zero converges to the minimum-norm solution, which leans on "
        "feature 1, the label itself. Adaptive methods rescale every coordinate by its own "
        "gradient size, so their first steps move all features by about the same amount. "
        "With w1 = w2 = w3 a test point scores w1·y + w2 + w3 > 0 whatever its label. The "
        "training set is fitted through the examples' own features, which are of no use on "
        "new data."
    ),
    settings=SETTINGS,
    csv_header=("optimizer", "step", "train_error", "test_error"),
    runner=run,
    format_summary=format_summary,
    default_optimizers=("sgd", "momentum", "adagrad", "rmsprop", "adam"),
    optimizer_note=(
        "Each optimizer uses the demo's tuned learning rate (sgd 0.5, momentum 0.05, "
        "adagrad 0.1, rmsprop 0.001, adam 0.01) unless its spec sets lr=...; others use "
        "their registry default."
    ),
)
