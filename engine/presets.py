"""Ready-made races that each tell one story about optimizers."""

from __future__ import annotations

from dataclasses import dataclass

from engine.race import RaceConfig, RacerConfig


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    description: str
    surface: str
    start: tuple[float, float]
    #: ``(optimizer, values)`` or ``(optimizer, values, {"start": ..., "label": ...})``
    racers: tuple[tuple, ...]
    steps: int
    noise_sigma: float = 0.0
    seed: int = 0
    #: Global minima ``(x, y, f)`` of a formula surface, for convergence and display.
    minima: tuple[tuple[float, float, float], ...] | None = None

    def config(self) -> RaceConfig:
        racers = []
        for name, values, *extra in self.racers:
            racers.append(RacerConfig(name, dict(values), **(extra[0] if extra else {})))
        return RaceConfig(
            surface=self.surface,
            start=self.start,
            racers=racers,
            noise_sigma=self.noise_sigma,
            seed=self.seed,
            minima=self.minima,
        )


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "ravine",
            "Ravine: SGD vs Momentum vs AdaGrad vs Adam",
            "The classic figure of Saitoh's 'Deep Learning from Scratch' (ch. 6): "
            "f = x²/20 + y² from (-7, 2), 30 steps. The ravine is 20 times steeper across "
            "than along, so SGD zig-zags across it; Momentum rolls along it and overshoots; "
            "AdaGrad's per-coordinate steps shrink the steep direction first; Adam combines "
            "both.",
            "ravine",
            (-7.0, 2.0),
            (("sgd", {"lr": 0.95}), ("momentum", {"lr": 0.1}), ("adagrad", {"lr": 1.5}),
             ("adam", {"lr": 0.3})),
            30,
        ),
        Preset(
            "rosenbrock",
            "Rosenbrock valley",
            "The banana valley is easy to find and hard to follow: plain gradient descent "
            "crawls along the flat floor, momentum and adaptive methods move faster, "
            "Newton's method uses the curvature.",
            "rosenbrock",
            (-1.5, 2.0),
            (("sgd", {"lr": 1e-3}), ("momentum", {"lr": 1e-3}), ("adam", {"lr": 0.05}),
             ("rmsprop", {"lr": 0.01}), ("newton", {})),
            1000,
        ),
        Preset(
            "saddle",
            "Saddle escape",
            "f = x² − y² starting almost on the ridge: the gradient along y is tiny, so "
            "SGD lingers near the saddle point, momentum escapes faster, and adaptive "
            "methods rescale the tiny gradient and leave at once. Newton's method walks "
            "straight into the saddle.",
            "saddle",
            (-1.8, 0.02),
            (("sgd", {"lr": 0.05}), ("momentum", {"lr": 0.05}), ("adam", {"lr": 0.05}),
             ("rmsprop", {"lr": 0.05}), ("newton", {})),
            60,
        ),
        Preset(
            "himmelblau",
            "Himmelblau's four basins",
            "Four global minima of equal depth around a central hill-top at (−0.271, −0.923). "
            "Four Adam racers start half a unit from the hill-top, one per diagonal, and land "
            "in four different basins: where you start decides which of the equally good "
            "answers you get. SGD and Momentum from the common start show that the "
            "optimizer's dynamics choose too: they end in different basins.",
            "himmelblau",
            (0.05, -0.65),
            (
                ("adam", {"lr": 0.1}, {"start": (0.0827, -0.5695), "label": "adam NE"}),
                ("adam", {"lr": 0.1}, {"start": (-0.6244, -0.5695), "label": "adam NW"}),
                ("adam", {"lr": 0.1}, {"start": (-0.6244, -1.2766), "label": "adam SW"}),
                ("adam", {"lr": 0.1}, {"start": (0.0827, -1.2766), "label": "adam SE"}),
                ("sgd", {"lr": 0.01}),
                ("momentum", {"lr": 0.01}),
            ),
            200,
        ),
        Preset(
            "rastrigin",
            "Rastrigin's local minima",
            "A bowl covered in regular ripples: small steps get trapped in the nearest "
            "local minimum; large or noisy steps hop between ripples toward the centre.",
            "rastrigin",
            (3.3, -4.3),
            (("sgd", {"lr": 0.002}), ("momentum", {"lr": 0.002}), ("adam", {"lr": 0.3}),
             ("sgd", {"lr": 0.01}), ("rprop", {"lr": 0.5})),
            300,
        ),
        Preset(
            "momentum-overshoot",
            "Momentum overshoot: a narrow global basin next to a wide local one",
            "A slope leads through a narrow, deep basin (global minimum f ≈ −1.4715 at "
            "(−0.9955, 0), curvature ≈ 200 across it) into a wide, shallow one (local minimum "
            "f = −1 at (3, 0), curvature ≤ 1.33). Small steps follow the slope and drop into "
            "the narrow basin: SGD (lr 0.008) and Adam with lr 0.05. Momentum builds up "
            "speed on the slope and Adam with lr 1 takes steps of about 1, wider than the "
            "0.5-wide basin; both skip it and settle in the wide local minimum. Large or "
            "fast steps favour wide basins, which can mean missing the global minimum.",
            "0.1*(x-3)^2 + 0.5*y^2 - 3*exp(-(x+1)^2/0.03 - y^2) - exp(-((x-3)^2+y^2)/6)",
            (-4.5, 1.0),
            (("sgd", {"lr": 0.008}), ("momentum", {"lr": 0.05}), ("adam", {"lr": 1.0}),
             ("adam", {"lr": 0.05})),
            400,
            minima=((-0.99553603, 0.0, -1.4714751571466382),),
        ),
        Preset(
            "ravine-zigzag",
            "Ravine zig-zag: SGD crosses the valley at every step",
            "f = x²/20 + y² from (−7, 2), 50 steps. Across the ravine the curvature is 2, "
            "along it 1/10. SGD with lr 0.9 multiplies y by 1 − 2·0.9 = −0.8 at every step, "
            "so it jumps from one wall to the other while it creeps along the floor. "
            "Momentum (lr 0.05, β 0.9) gets an effective step lr/(1 − β) = 0.5 along the "
            "floor, where the gradient keeps its sign, while across it the alternating "
            "gradients cancel in the velocity: y swings slowly instead of flipping. AdaGrad "
            "(lr 1.5) and Adam (lr 0.2) scale each coordinate by its own gradient size, so "
            "the steep direction gets small steps. None of them changes the sign of y at "
            "every step.",
            "ravine",
            (-7.0, 2.0),
            (("sgd", {"lr": 0.9}), ("momentum", {"lr": 0.05}), ("adagrad", {"lr": 1.5}),
             ("adam", {"lr": 0.2})),
            50,
        ),
    )
}
