r"""Reddi, Kale & Kumar, "On the Convergence of Adam and Beyond" (ICLR 2018), section 5.

The paper's synthetic online problem: on the feasible set :math:`F = [-1, 1]`

.. math::
    f_t(x) = \begin{cases} 1010\,x & t \bmod 101 = 1 \\ -10\,x & \text{otherwise} \end{cases}

(stochastic variant: :math:`f_t(x) = 1010\,x` with probability 0.01, else
:math:`-10\,x`, drawn from a seeded generator).  Over a period of 101 rounds the
slopes add up to :math:`1010 - 100 \cdot 10 = +10 > 0`, so the best fixed point is
:math:`x = -1`; :math:`x = +1` is the worst point of :math:`F`.

Each optimizer runs the paper's projected online method: at round :math:`t` it
sees :math:`g_t = f_t'(x_t)`, takes one step of its own update rule with the step
size :math:`\alpha_t = \alpha/\sqrt t` and the result is projected onto
:math:`F`, :math:`x_{t+1} = \Pi_F(x_t - \alpha_t \cdot \text{update})`.  In one
dimension the projection in the paper's :math:`\sqrt{\hat V_t}` norm is plain
clipping.  The update is the registry's own (``opt.step(x, g, state,
lr=alpha/sqrt(t))``), i.e. ``torch.optim.Adam``'s arithmetic.  It differs from
the paper's Algorithm in two ways, neither of which changes the outcome:

* **bias correction.**  The paper's Adam has none; torch's divides
  :math:`m_t` by :math:`1-\beta_1^t` and :math:`v_t` by :math:`1-\beta_2^t`.  With
  :math:`\beta_2 = 0.99` the factors are within 1 % of 1 after 460 steps, so only
  the first few hundred of the 100 000 rounds differ (the first step is
  :math:`\alpha` in both: :math:`m_1/\sqrt{v_1} = (1-\beta_1)/\sqrt{1-\beta_2} = 1`).
* **eps = 1e-8.**  Every :math:`|g_t| \ge 10`, so :math:`\sqrt{\hat v_t} \ge 10` and
  eps changes the step by less than one part in :math:`10^9`.

Starting point: :math:`x_1 = 0`, the centre of :math:`F`, equally far from the
optimum and from the worst point (the paper does not state it).  Because the
gradients do not depend on :math:`x`, any :math:`x_1 \in [-1, 0]` gives the
same run from round 5 on: the first large gradient drives the iterate onto the
boundary :math:`-1` within four steps, so Adam demonstrably *leaves the
optimum* for :math:`+1`.  From
:math:`x_1 = +1` AMSGrad needs far more than :math:`10^5` rounds to get below
:math:`-0.9` (its regret bound is :math:`O(\sqrt T)`, so it drifts slowly).

Average regret: :math:`R_t/t` with
:math:`R_t = \sum_{s \le t} f_s(x_s) - \min_{x\in F} \sum_{s\le t} f_s(x)
= \sum_{s\le t} g_s x_s + \bigl|\sum_{s \le t} g_s\bigr|` (the losses are linear).
In the stochastic variant the losses are random and the best point in hindsight
flips with the noise, so the demo reports the *expected* regret instead, the
regret of the expected losses :math:`\mathbb E f_t(x) = \mu x` with
:math:`\mu = 0.01\cdot 1010 - 0.99\cdot 10 = 0.2`:
:math:`R_t = \sum_{s\le t} \mu\,(x_s + 1)` (0.4 per round at :math:`x = +1`).

Results with the defaults (100 000 rounds; see ``tests/engine/test_demos.py``):
Adam ends at :math:`x \approx +0.993` with :math:`R_T/T \approx 0.31`, still
falling slowly towards about :math:`20/101 \approx 0.2`, the average regret of
staying at :math:`+1`; AMSGrad ends at :math:`x \approx -0.998` with
:math:`R_T/T \approx 0.11`, falling like :math:`1/\sqrt T` (0.055 at
:math:`4\cdot 10^5`).  With :math:`\beta_2 = 0.999` Adam stays below
:math:`0.9` (it ends near :math:`-0.4`).

Stochastic variant: Adam again ends near :math:`+1` within :math:`10^5` rounds,
for every seed tried.  AMSGrad's drift to :math:`-1` is far slower there: the
mean slope is only :math:`0.01\cdot 1010 - 0.99\cdot 10 = +0.2` while single
slopes are :math:`\pm 1000`, so the sum of the first :math:`10^5` slopes is
:math:`2\cdot 10^4 \pm 3\cdot 10^4` — even the best point in hindsight is not
yet settled.  AMSGrad wanders around the middle of :math:`F` for the first
:math:`10^5` rounds and needs millions of rounds to reach :math:`-1`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.demos.base import Demo, DemoResult, Progress, ShouldStop, Ticker, Trace, label_width
from engine.optimizers import create, get_spec, parse_spec
from engine.optimizers.base import HParam, beta_param

BIG, SMALL, PERIOD, P_BIG = 1010.0, -10.0, 101, 0.01
CHECK_EVERY = 4096

SETTINGS = (
    HParam("steps", 100_000, "number of online rounds T", kind="int", low=1, high=10_000_000),
    HParam("alpha", 0.5, "step-size scale α: the learning rate at round t is α/√t "
           "(an optimizer spec's lr=... sets its own α)", low=0.0, low_open=True, log=True),
    beta_param("beta1", 0.9, "β1 of every optimizer that has one (unless its spec sets it)"),
    beta_param("beta2", 0.99, "β2 of every optimizer that has one (unless its spec sets it)"),
    HParam("start", 0.0, "first iterate x₁", low=-1.0, high=1.0),
    HParam("stochastic", False, "stochastic variant: f_t = 1010·x with probability 0.01, "
           "else −10·x", kind="bool"),
    HParam("seed", 0, "seed of the stochastic variant", kind="int", low=0, high=2**63 - 1),
)


def gradients(steps: int, stochastic: bool = False, seed: int = 0) -> np.ndarray:
    """The slopes :math:`g_1, \\dots, g_T` of the online losses (they do not depend on x)."""
    if stochastic:
        draws = np.random.default_rng(seed).random(steps)
        return np.where(draws < P_BIG, BIG, SMALL)
    t = np.arange(1, steps + 1)
    return np.where(t % PERIOD == 1, BIG, SMALL)


#: Mean slope of the stochastic variant: 0.01 * 1010 - 0.99 * 10.
MEAN_SLOPE = P_BIG * BIG + (1 - P_BIG) * SMALL


def average_regret(g: np.ndarray, x_played: np.ndarray) -> np.ndarray:
    """:math:`R_t/t` for linear losses :math:`g_t x` on ``[-1, 1]``, for every t."""
    regret = np.cumsum(g * x_played) + np.abs(np.cumsum(g))
    return regret / np.arange(1, len(g) + 1)


def average_expected_regret(x_played: np.ndarray) -> np.ndarray:
    r""":math:`R_t/t` of the expected losses :math:`0.2\,x` of the stochastic variant."""
    return np.cumsum(MEAN_SLOPE * (x_played + 1.0)) / np.arange(1, len(x_played) + 1)


def configure(spec: str, settings: dict[str, Any]) -> tuple[Any, float]:
    """The optimizer of ``spec`` with the demo's β's filled in, and its step-size scale α."""
    name, values = parse_spec(spec)
    table = {p.name for p in get_spec(name).hparams}
    alpha = float(values.pop("lr", settings["alpha"]))
    for key in ("beta1", "beta2"):
        if key in table and key not in values:
            values[key] = settings[key]
    return create(name, **values), alpha


def run_one(optimizer: Any, alpha: float, g: np.ndarray, start: float,
            ticker: Ticker | None = None, done: int = 0) -> np.ndarray:
    """Iterates after each round: ``out[t-1]`` is :math:`x_{t+1}` (the point after t steps)."""
    steps = len(g)
    x = np.array([start], dtype=np.float64)
    state = optimizer.init(x)
    grad = np.empty(1)
    out = np.empty(steps)
    lrs = (alpha / np.sqrt(np.arange(1, steps + 1, dtype=np.float64))).tolist()
    slopes = g.tolist()
    step = optimizer.step
    every = ticker.every if ticker is not None else steps + 1
    for i in range(steps):
        grad[0] = slopes[i]
        step(x, grad, state, lr=lrs[i])
        v = x[0]
        if v > 1.0:
            x[0] = v = 1.0
        elif v < -1.0:
            x[0] = v = -1.0
        out[i] = v
        if ticker is not None and (i + 1) % every == 0:
            ticker.tick(done + i + 1)
    return out


def run(settings: dict[str, Any], progress: Progress | None = None,
        should_stop: ShouldStop | None = None) -> DemoResult:
    steps = settings["steps"]
    g = gradients(steps, settings["stochastic"], settings["seed"])
    specs = settings["optimizers"]
    configured = [configure(spec, settings) for spec in specs]
    ticker = Ticker(steps * len(specs), progress, should_stop, CHECK_EVERY)
    traces = []
    for k, (spec, (optimizer, alpha)) in enumerate(zip(specs, configured, strict=True)):
        with np.errstate(all="ignore"):
            after = run_one(optimizer, alpha, g, settings["start"], ticker, k * steps)
        info: dict[str, Any] = {"alpha": alpha, "optimizer": repr(optimizer)}
        bad = np.flatnonzero(~np.isfinite(after))
        if len(bad):  # a non-finite update: keep the finite prefix
            info["diverged_at"] = int(bad[0]) + 1
            after = after[: bad[0]]
        played = np.concatenate(([settings["start"]], after[:-1]))
        avg = (average_expected_regret(played) if settings["stochastic"]
               else average_regret(g[: len(after)], played))
        info["final_x"] = float(after[-1]) if len(after) else float("nan")
        info["avg_regret"] = float(avg[-1]) if len(avg) else float("nan")
        traces.append(Trace(spec, {"step": np.arange(1, len(after) + 1), "x": after,
                                   "avg_regret": avg}, info))
    big = int(np.count_nonzero(g == BIG))
    return DemoResult(
        demo=DEMO.name,
        settings=settings,
        traces=traces,
        summary={
            "final_x": {t.label: t.info["final_x"] for t in traces},
            "avg_regret": {t.label: t.info["avg_regret"] for t in traces},
            "optimum": -1.0,
            "worst": 1.0,
            "big_gradients": big,
            "gradient_sum": float(g.sum()),
        },
    )


def format_summary(result: DemoResult) -> str:
    s = result.settings
    problem = ("stochastic: f_t = 1010·x with probability 0.01, else −10·x"
               f" (seed {s['seed']})" if s["stochastic"]
               else "f_t = 1010·x if t mod 101 = 1, else −10·x")
    lines = [
        f"{DEMO.title} — {DEMO.paper}",
        f"{s['steps']} rounds, {problem}; x in [−1, 1], x₁ = {s['start']:g}, "
        f"step α/√t with α = {s['alpha']:g}, β1 = {s['beta1']:g}, β2 = {s['beta2']:g}",
    ]
    width = label_width([t.label for t in result.traces])
    regret = "E R_T/T" if s["stochastic"] else "R_T/T"
    lines.append(f"{'optimizer'.ljust(width)}  {'final x':>8}  {regret:>8}")
    for t in result.traces:
        note = f"  (diverged at round {t.info['diverged_at']})" if "diverged_at" in t.info else ""
        lines.append(f"{t.label.ljust(width)}  {t.info['final_x']:+8.4f}  "
                     f"{t.info['avg_regret']:8.4f}{note}")
    if s["stochastic"]:
        lines.append(f"the slopes sum to {result.summary['gradient_sum']:+.0f} (mean +0.2 per "
                     "round, noise ±100): x = −1 is optimal in expectation (E R_T/T: regret of "
                     "the expected losses 0.2·x; 0.4 at x = +1), but AMSGrad needs millions of "
                     f"rounds to get there  [{result.seconds:.2f} s]")
    else:
        lines.append("optimum x = −1 (average regret → 0); x = +1 is the worst point "
                     f"(average regret ≈ 20/101 ≈ 0.2)  [{result.seconds:.2f} s]")
    return "\n".join(lines)


DEMO = Demo(
    name="adam-nonconvergence",
    title="Adam's non-convergence",
    paper="Reddi, Kale & Kumar, “On the Convergence of Adam and Beyond”, ICLR 2018",
    setup=(
        "An online problem on the interval [−1, 1]: at round t the loss is 1010·x when "
        "t mod 101 = 1 and −10·x otherwise. The slopes sum to +10 over every 101 rounds, so "
        "the best point is x = −1 and x = +1 is the worst. Adam and AMSGrad run with "
        "β1 = 0.9, β2 = 0.99 and step size 0.5/√t from x₁ = 0, and each step is clipped back "
        "into [−1, 1]."
    ),
    watch=(
        "Both optimizers reach the optimum −1 within five rounds. AMSGrad stays there and "
        "its average regret R_t/t keeps falling, like 1/√t. Adam walks away to +1, the worst "
        "point, and its average regret levels off near 0.2, the cost of staying at +1. "
        "With β2 = 0.999 Adam does not reach +1 within 10⁵ rounds, so the paper's β2 = 0.99 "
        "matters. In the stochastic variant Adam again goes to +1; AMSGrad drifts to −1 only "
        "over millions of rounds, because the mean slope (+0.2) is tiny next to the noise."
    ),
    why=(
        "Only the rare gradient +1010 pushes towards −1, but it outweighs the hundred "
        "gradients −10 that push towards +1 (1010 > 100·10). Adam divides each step by √v, a "
        "running average of squared gradients: v is large just after the +1010 and, with "
        "β2 = 0.99, decays again during the next hundred rounds, so the small steps towards "
        "+1 are divided by less than the big step was, and their sum wins. AMSGrad divides by "
        "the largest v seen so far, an almost constant denominator, so its steps keep the "
        "proportions of the gradients and the net push is towards −1."
    ),
    settings=SETTINGS,
    csv_header=("optimizer", "step", "x", "avg_regret"),
    runner=run,
    format_summary=format_summary,
    default_optimizers=("adam", "amsgrad"),
    optimizer_note=(
        "Each optimizer takes the demo's β1/β2 unless its spec sets them; lr=... in a spec "
        "is that optimizer's α (its learning rate at round t is lr/√t)."
    ),
)
