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
    #: The lesson, as the paper demos tell theirs: what is set up, what to watch, why.
    setup: str = ""
    watch: str = ""
    why: str = ""
    #: Playback speed (steps per second) at which the race can be followed in class.
    speed: float = 10.0

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
            setup="The ravine f = x²/20 + y² is 20 times as curved across (y) as along (x). "
                  "SGD (lr 0.95), Momentum (lr 0.1), AdaGrad (lr 1.5) and Adam (lr 0.3) start "
                  "at (−7, 2) and take 30 steps, as in Saitoh's figure.",
            watch="SGD zig-zags from wall to wall while it creeps along the floor; Momentum "
                  "rolls along the ravine and overshoots; AdaGrad's steps across the ravine "
                  "shrink first, so it slides along the floor; Adam combines both.",
            why="One learning rate must fit both directions: large enough to move along the "
                "flat floor is nearly too large for the steep walls. Momentum accumulates the "
                "steady pull along the floor; AdaGrad and Adam divide each coordinate by its "
                "own gradient size, so the steep direction gets small steps.",
            speed=3.0,
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
            setup="Rosenbrock's function (1 − x)² + 100 (y − x²)²: a curved, flat-bottomed "
                  "valley with its minimum at (1, 1). SGD and Momentum (lr 0.001), Adam "
                  "(lr 0.05), RMSprop (lr 0.01) and Newton's method start at (−1.5, 2).",
            watch="Everyone reaches the valley floor within a few steps. Along the floor "
                  "SGD crawls, Momentum and the adaptive methods move faster, and Newton "
                  "arrives at (1, 1) in a handful of steps.",
            why="The walls are about a thousand times steeper than the floor, so the "
                "learning rate that keeps the walls stable makes tiny steps along the floor. "
                "Newton's method divides by the curvature in every direction, which is "
                "exactly the rescaling the valley needs.",
            speed=50.0,
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
            setup="The saddle f = x² − y²: downhill along y, uphill along x, flat at the "
                  "saddle point (0, 0). Every racer starts at (−1.8, 0.02), almost on the "
                  "ridge y = 0, where the gradient along y is tiny.",
            watch="SGD slides toward the saddle and lingers there before it leaves along y; "
                  "Momentum leaves sooner; Adam and RMSprop turn away at once. Newton's "
                  "method jumps onto the saddle point in one step and stays: the leaderboard "
                  "says “at a saddle point”, not converged.",
            why="Near the ridge the gradient along y is proportional to y, so plain gradient "
                "descent grows y only slowly. Adaptive methods divide by the gradient's size "
                "and make the tiny y-gradient a full step. Newton's method looks for a point "
                "where the gradient vanishes, and a saddle is such a point.",
            speed=6.0,
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
            setup="Himmelblau's function has four global minima of equal depth around a "
                  "hill-top at (−0.271, −0.923). Four Adam racers (lr 0.1) start half a unit "
                  "from the hill-top, one per diagonal; SGD and Momentum (lr 0.01) start "
                  "from the common start (0.05, −0.65).",
            watch="The four Adam racers roll into four different basins. SGD and Momentum, "
                  "from the same point, end in different basins too.",
            why="Gradient descent only goes downhill from where it is: on a surface with "
                "several equally good minima the start decides which one is found. The "
                "dynamics matter as well: Momentum carries its speed over a ridge that SGD "
                "does not cross.",
            speed=20.0,
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
            setup="Rastrigin's function: a bowl with its minimum at (0, 0), covered in regular "
                  "ripples, each one a local minimum. SGD and Momentum with small steps "
                  "(lr 0.002), Adam (lr 0.3), SGD with lr 0.01 and Rprop start at (3.3, −4.3).",
            watch="SGD with lr 0.002 stops in the nearest ripple within about 20 steps: "
                  "“converged (local)”, at f ≈ 24.9, far above the global minimum 0. Larger "
                  "steps do not help here: Adam and Rprop circle in the same ripple, and SGD "
                  "with lr 0.01 is thrown into a higher one.",
            why="Every ripple is a local minimum with zero gradient at its bottom, and the "
                "gradient only sees the ripple the racer is in. A step long enough to jump "
                "between ripples is too long to settle anywhere: gradient methods find a "
                "local minimum, not the global one.",
            speed=30.0,
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
            setup=(
                "A slope leads through a narrow, deep basin — the global minimum, f ≈ −1.4715 "
                "at (−0.9955, 0), with curvature about 200 across it — into a wide, shallow "
                "one, the local minimum f = −1 at (3, 0), with curvature at most 1.33. SGD "
                "with lr 0.008, Momentum with lr 0.05, and Adam with lr 1 and lr 0.05 start "
                "at (−4.5, 1)."
            ),
            watch=(
                "SGD and the small-step Adam drop into the narrow basin and stay. Momentum and "
                "the large-step Adam cross it and settle in the wide basin, at the higher loss."
            ),
            why=(
                "The narrow basin is only about 0.5 wide. Momentum arrives with the speed it "
                "gathered on the slope and is through the basin before the reversed gradient "
                "can stop it. Adam's steps are about lr long whatever the gradient, so with "
                "lr 1 it steps over. Small steps follow the slope down into the hole. Large "
                "or fast steps favour wide basins, which can mean missing the global minimum."
            ),
            speed=40.0,
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
            setup=(
                "The ravine f = x²/20 + y² is 20 times as curved across (y) as along (x). SGD "
                "with lr 0.9, Momentum with lr 0.05, AdaGrad with lr 1.5 and Adam with lr 0.2 "
                "start at (−7, 2) and take 50 steps."
            ),
            watch=(
                "SGD jumps from one wall of the ravine to the other at every step: the sign of "
                "y flips 50 times in 50 steps. Momentum swings slowly, AdaGrad slides straight "
                "down, Adam changes side only a few times."
            ),
            why=(
                "A learning rate large enough to make progress along the flat direction is "
                "almost too large for the steep one: SGD multiplies y by 1 − 2·0.9 = −0.8 at "
                "every step. Momentum adds up the steady x-gradient to a step of lr/(1 − β) = "
                "0.5, while the alternating y-gradients cancel in its velocity. AdaGrad and "
                "Adam divide each coordinate by its own gradient size, so the steep direction "
                "gets small steps."
            ),
            speed=5.0,
        ),
    )
}
