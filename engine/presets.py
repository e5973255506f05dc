"""Ready-made races that each tell one story about optimizers."""

from __future__ import annotations

from dataclasses import dataclass

from .race import RaceConfig, RacerConfig


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    description: str
    surface: str
    start: tuple[float, float]
    racers: tuple[tuple[str, dict], ...]
    steps: int
    noise_sigma: float = 0.0
    seed: int = 0

    def config(self) -> RaceConfig:
        return RaceConfig(
            surface=self.surface,
            start=self.start,
            racers=[RacerConfig(name, dict(values)) for name, values in self.racers],
            noise_sigma=self.noise_sigma,
            seed=self.seed,
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
            "Four global minima of equal depth: which one an optimizer reaches depends on "
            "its dynamics, not on the depth. Started next to the central hill-top, the "
            "racers fan out into different basins.",
            "himmelblau",
            (-0.3, -0.9),
            (("sgd", {"lr": 0.01}), ("momentum", {"lr": 0.01}), ("adam", {"lr": 0.1}),
             ("adagrad", {"lr": 0.5}), ("rprop", {"lr": 0.1})),
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
    )
}
