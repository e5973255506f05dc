"""Landscape lab engine: directions, PCA, batched slices, interpolation, sharpness.

Full MNIST in ``../shared/data/mnist`` is used when present (Goodfellow et al.'s
monotone interpolation); everything else runs on the bundled 5k sample.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.landscape.directions import (
    filter_normalized,
    pca_directions,
    project,
    random_directions,
    weight_mask,
)
from engine.landscape.evaluate import SliceEvaluator, naive_losses
from engine.landscape.sharpness import preconditioner, threshold, top_eigenvalue
from engine.landscape.study import (
    SliceSpec,
    compute_slice,
    endpoint,
    grid_axis,
    interpolate,
    parse_center,
    snapshot_every,
    train,
)
from engine.mnist.data import load_folder, load_sample
from engine.mnist.mlp import MLP
from engine.mnist.trainer import TrainConfig

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "data" / "mnist"
F32 = float(np.finfo(np.float32).eps)


def drive(gen):
    """Run a landscape generator to its end; its progress values and its result."""
    seen = []
    while True:
        try:
            seen.append(next(gen))
        except StopIteration as stop:
            return seen, stop.value


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture(scope="module")
def trajectories(sample):
    config = TrainConfig(optimizers=("sgd:lr=0.1", "momentum:lr=0.01", "adam:lr=0.001"),
                         hidden=(32,), iterations=120, seed=3)
    return drive(train(sample, config, max_snapshots=25))[1]


# -- directions -----------------------------------------------------------------------
def test_filter_normalised_direction_has_each_neurons_incoming_norm_and_zero_biases() -> None:
    net = MLP((20, 7), seed=1)
    d = filter_normalized(net.flat, net.shapes, np.random.default_rng(0))
    views = net._views(d)
    for w_dir, w in zip(views[0::2], net.weights, strict=True):
        # W is (fan_in, fan_out): a neuron's incoming weights are a column.
        np.testing.assert_allclose(np.linalg.norm(w_dir, axis=0), np.linalg.norm(w, axis=0),
                                   rtol=10 * F32)
        assert not np.allclose(w_dir, w)  # a direction, not the weights themselves
    for b_dir in views[1::2]:
        assert not b_dir.any()
    assert not d[~weight_mask(net.shapes)].any()


def test_random_directions_are_determined_by_the_seed() -> None:
    net = MLP((16,), seed=0)
    a = random_directions(net.flat, net.shapes, 5)
    b = random_directions(net.flat, net.shapes, 5)
    c = random_directions(net.flat, net.shapes, 6)
    assert a.shape == (2, net.size)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    assert not np.allclose(a[0], a[1])  # two different directions


def test_pca_axes_are_orthonormal_and_explain_at_most_everything() -> None:
    rng = np.random.default_rng(0)
    center = rng.standard_normal(300)
    # A curved path mostly in a plane, with a little noise.
    t = np.linspace(0, 1, 60)[:, None]
    u, v = rng.standard_normal((2, 300))
    snaps = center + 3 * t * u + np.sin(3 * t) * v + 0.01 * rng.standard_normal((60, 300))
    axes, explained = pca_directions(snaps, center)
    np.testing.assert_allclose(axes @ axes.T, np.eye(2), atol=1e-12)
    assert explained[0] >= explained[1] > 0
    assert explained.sum() <= 1 + 1e-12
    assert explained.sum() > 0.99  # the path is (almost) planar
    # A path along one line: the first axis explains (almost) everything.
    line = center + t * u + 1e-3 * rng.standard_normal((60, 300))
    _, ev = pca_directions(line, center)
    assert ev[0] > 0.99


def test_pca_refuses_paths_that_do_not_move() -> None:
    center = np.ones(10)
    with pytest.raises(ValueError, match="do not move"):
        pca_directions(np.ones((5, 10)), center)


def test_projection_of_the_centre_is_the_origin_and_plane_points_come_back() -> None:
    rng = np.random.default_rng(1)
    center = rng.standard_normal(50).astype(np.float32)
    dirs = rng.standard_normal((2, 50)).astype(np.float32)  # not orthogonal
    assert np.array_equal(project(center, center, dirs), [[0.0, 0.0]])
    coords = np.array([[0.5, -2.0], [3.0, 1.0]])
    points = center + coords @ dirs.astype(np.float64)
    np.testing.assert_allclose(project(points, center, dirs), coords, atol=1e-5)


# -- batched evaluation ----------------------------------------------------------------
@pytest.mark.parametrize("hidden,activation,wd", [((24,), "relu", 0.0),
                                                  ((16, 12), "tanh", 1e-3),
                                                  ((8, 8, 8), "sigmoid", 0.0)])
def test_batched_slice_equals_one_forward_pass_per_point(sample, hidden, activation,
                                                         wd) -> None:
    net = MLP(hidden, activation=activation, weight_decay=wd, seed=2)
    dirs = random_directions(net.flat, net.shapes, 0)
    dirs[:, ~weight_mask(net.shapes)] = 0.01  # bias directions too (as PCA axes have)
    coeffs = np.array([[0.0, 0.0], [0.3, -0.7], [-1.0, 1.0], [0.05, 0.5], [1.0, 0.0]])
    images, labels = sample.test_images[:300], sample.test_labels[:300]
    for threads in (1, 2):
        ev = SliceEvaluator(net, net.flat, dirs, images, labels, threads=threads)
        loss, acc = ev.evaluate(coeffs)
        ref_loss, ref_acc = naive_losses(net, net.flat, dirs, coeffs, images, labels)
        np.testing.assert_allclose(loss, ref_loss, rtol=1e-5)
        # Accuracy: the same predictions except where two logits tie to float32 rounding.
        np.testing.assert_allclose(acc, ref_acc, atol=2 / len(labels))


def test_the_slice_at_the_origin_is_the_centres_loss(sample) -> None:
    net = MLP((40,), seed=4)
    images, labels = sample.test_images, sample.test_labels
    dirs = random_directions(net.flat, net.shapes, 1)
    ev = SliceEvaluator(net, net.flat, dirs, images, labels, threads=2)
    loss, acc = ev.evaluate(np.zeros((3, 2)))
    ref_loss, ref_acc = net.evaluate(images, labels)
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-6)
    assert np.all(acc == ref_acc)


def test_evaluation_is_a_cancellable_generator_that_fills_the_results(sample) -> None:
    net = MLP((16,), seed=0)
    dirs = random_directions(net.flat, net.shapes, 0)
    ev = SliceEvaluator(net, net.flat, dirs, sample.test_images[:100],
                        sample.test_labels[:100], threads=2)
    coeffs = np.stack(np.meshgrid(grid_axis(1, 9), grid_axis(1, 9)), -1).reshape(-1, 2)
    gen = ev.run(coeffs)
    progress = [next(gen) for _ in range(3)]
    assert progress[0] == (0, 81)
    assert 0 < progress[2][0] < 81
    gen.close()  # cancelled: the pool is shut down, the rest stays NaN
    assert np.isnan(ev.loss).any() and np.isfinite(ev.loss).any()
    done = list(ev.run(coeffs))
    assert done[-1] == (81, 81) and np.isfinite(ev.loss).all()


def test_bad_slices_are_refused_with_one_line(sample) -> None:
    net = MLP((8,), seed=0)
    with pytest.raises(ValueError, match="does not fit"):
        SliceEvaluator(net, np.zeros(5, np.float32), np.zeros((2, 5)), sample.test_images,
                       sample.test_labels)
    with pytest.raises(ValueError, match="span"):
        grid_axis(0, 41)
    with pytest.raises(ValueError, match="grid"):
        grid_axis(1, 1)
    with pytest.raises(ValueError, match="centre"):
        parse_center("middle", 2)
    with pytest.raises(ValueError, match="0..1"):
        parse_center("2", 2)
    assert parse_center("init", 2) is None and parse_center("final", 2) == 0
    assert grid_axis(2.5, 41)[20] == 0.0


# -- training with snapshots, slices -----------------------------------------------------
def test_snapshots_every_k_steps_are_at_most_the_limit() -> None:
    def count(iterations: int, k: int) -> int:  # steps 0, k, 2k, ... and the last
        return len(set(range(0, iterations + 1, k)) | {iterations})

    for iterations in (1, 2, 7, 198, 199, 600, 6000, 60001):
        k = snapshot_every(iterations)
        assert count(iterations, k) <= 200
        assert k == 1 or count(iterations, k - 1) > 198


def test_training_keeps_the_initial_and_final_weights_of_every_optimizer(trajectories) -> None:
    traj = trajectories
    assert len(traj.snapshots) == 3
    for snaps, steps, final in zip(traj.snapshots, traj.steps, traj.finals, strict=True):
        assert len(snaps) <= 25
        assert steps[0] == 0 and steps[-1] == 120
        assert np.all(np.diff(steps) > 0)
        np.testing.assert_array_equal(snaps[0], traj.initial)
        np.testing.assert_array_equal(snaps[-1], final)
    assert not np.array_equal(traj.finals[0], traj.finals[2])


@pytest.mark.parametrize("directions,center", [("random", "final"), ("pca", "final"),
                                               ("random", "2"), ("pca", "init")])
def test_slice_centre_loss_and_the_centre_runs_path_ends_at_the_origin(
        sample, trajectories, directions, center) -> None:
    spec = SliceSpec(directions=directions, center=center, grid=7, examples=400, threads=2)
    progress, result = drive(compute_slice(trajectories, sample, spec))
    assert progress[-1].done == progress[-1].total
    assert result.loss.shape == result.accuracy.shape == (7, 7)
    assert np.isfinite(result.loss).all()
    index = parse_center(center, 3)
    weights = trajectories.initial if index is None else trajectories.finals[index]
    probe = trajectories.net.clone()
    probe.flat[:] = weights
    ref, _ = probe.evaluate(sample.test_images[:400], sample.test_labels[:400])
    assert result.loss[3, 3] == pytest.approx(ref, rel=1e-6)
    assert result.center_loss == result.loss[3, 3]
    if index is not None:
        path = result.paths[index]
        assert (path.a[-1], path.b[-1]) == (0.0, 0.0)
    else:
        assert all((p.a[0], p.b[0]) == (0.0, 0.0) for p in result.paths)
    if directions == "pca":
        assert result.explained is not None and result.explained.sum() <= 1 + 1e-12
        reach = max(max(np.abs(p.a).max(), np.abs(p.b).max()) for p in result.paths)
        assert result.a[-1] == pytest.approx(1.2 * reach)
    else:
        assert result.explained is None and result.a[-1] == 1.0


def test_the_same_seed_gives_the_same_slice(sample, trajectories) -> None:
    spec = SliceSpec(grid=5, examples=200, seed=9, threads=1)
    a = drive(compute_slice(trajectories, sample, spec))[1]
    b = drive(compute_slice(trajectories, sample, spec))[1]
    np.testing.assert_array_equal(a.loss, b.loss)


# -- interpolation ---------------------------------------------------------------------
def test_interpolation_ends_are_the_end_points_losses(sample, trajectories) -> None:
    _, result = drive(interpolate(trajectories, sample, "final:1", "final:2", points=31,
                                  t_range=(-1, 2), examples=500))
    assert result.t[0] == -1 and result.t[-1] == 2
    probe = trajectories.net.clone()
    for t, text in ((0.0, "final:1"), (1.0, "final:2")):
        probe.flat[:] = endpoint(trajectories, text)
        ref_loss, ref_acc = probe.evaluate(sample.test_images[:500], sample.test_labels[:500])
        i = int(np.flatnonzero(result.t == t)[0])
        assert result.loss[i] == pytest.approx(ref_loss, rel=1e-5)
        assert result.accuracy[i] == pytest.approx(ref_acc, abs=2 / 500)


def test_interpolation_refuses_bad_ranges_and_end_points(sample, trajectories) -> None:
    with pytest.raises(ValueError, match="range"):
        drive(interpolate(trajectories, sample, t_range=(1, 0)))
    with pytest.raises(ValueError, match="end point"):
        drive(interpolate(trajectories, sample, "start", "final"))
    with pytest.raises(ValueError, match="0..2"):
        drive(interpolate(trajectories, sample, "init", "final:3"))


def _monotone_interpolation(dataset) -> np.ndarray:
    config = TrainConfig(optimizers=("sgd:lr=0.1",), hidden=(100,),
                         iterations=TrainConfig.iterations_for(1, dataset.n_train, 100))
    traj = drive(train(dataset, config))[1]
    return drive(interpolate(traj, dataset, "init", "final", points=51))[1].loss


def test_goodfellow_init_to_final_decreases_monotonically_on_the_sample(sample) -> None:
    loss = _monotone_interpolation(sample)
    assert loss[-1] < 0.5 * loss[0]
    assert np.all(np.diff(loss) <= 1e-3 * np.abs(loss[:-1]))


@pytest.mark.skipif(not REAL.is_dir(), reason="full MNIST not present")
def test_goodfellow_init_to_final_decreases_monotonically_on_full_mnist() -> None:
    loss = _monotone_interpolation(load_folder(REAL))
    assert loss[-1] < 0.2 * loss[0]
    assert np.all(np.diff(loss) <= 1e-3 * np.abs(loss[:-1]))


# -- sharpness -------------------------------------------------------------------------
def test_power_iteration_finds_the_largest_hessian_eigenvalue() -> None:
    rng = np.random.default_rng(0)
    net = MLP((4,), activation="tanh", seed=1, n_input=6, n_classes=3, dtype=np.float64)
    images = rng.integers(0, 256, (40, 6)).astype(np.uint8)
    labels = rng.integers(0, 3, 40).astype(np.uint8)
    x = images / 255.0
    theta = net.flat.copy()

    def grad(p):
        net.flat[:] = p
        net.loss_and_grad(x, labels)
        return net.grad_flat.copy()

    h = np.empty((net.size, net.size))
    for i in range(net.size):
        e = np.zeros(net.size)
        e[i] = 1e-5
        h[:, i] = (grad(theta + e) - grad(theta - e)) / 2e-5
    exact = np.linalg.eigvalsh((h + h.T) / 2)
    top = exact[np.argmax(np.abs(exact))]
    found = top_eigenvalue(net, theta, images, labels, iterations=500, tol=1e-9)
    assert found.converged
    assert found.value == pytest.approx(top, rel=1e-3)
    # Preconditioned: the largest eigenvalue of P^-1 H.
    p = rng.uniform(0.5, 2.0, net.size)
    pre = np.linalg.eigvals(h / p[:, None]).real
    found = top_eigenvalue(net, theta, images, labels, precondition=p, iterations=500, tol=1e-9)
    assert found.value == pytest.approx(pre[np.argmax(np.abs(pre))], rel=1e-3)


def test_stability_thresholds_follow_cohen_et_al() -> None:
    assert threshold("sgd:lr=0.1")[0] == pytest.approx(20)
    assert threshold("momentum:lr=0.01")[0] == pytest.approx(380)  # (2 + 2*0.9) / 0.01
    assert threshold("sgd:lr=0.01,momentum=0.5")[0] == pytest.approx(300)
    assert threshold("adam:lr=0.001")[0] == pytest.approx(38 / 0.001)
    assert threshold("rmsprop")[0] is None
    state = {"step": 10, "exp_avg_sq": np.full(3, 4e-4)}
    v_hat = 4e-4 / (1 - 0.999 ** 10)
    np.testing.assert_allclose(preconditioner("adam", state), np.sqrt(v_hat) + 1e-8)
    assert preconditioner("sgd", state) is None


def test_accuracy_counts_like_argmax_even_when_logits_tie() -> None:
    from engine.landscape.evaluate import _correct

    rng = np.random.default_rng(0)
    logits = rng.integers(0, 3, (5, 10, 200)).astype(np.float32)  # many exact ties
    y = rng.integers(0, 10, 200)
    expected = np.count_nonzero(np.argmax(logits, axis=1) == y, axis=1)
    shifted = logits - logits.max(axis=1, keepdims=True)
    picked = shifted[:, y, np.arange(200)]
    np.testing.assert_array_equal(_correct(shifted, picked, y), expected)


def test_snapshots_of_many_large_runs_stay_within_the_memory_budget(sample, monkeypatch) -> None:
    import engine.landscape.study as study

    monkeypatch.setattr(study, "SNAPSHOT_BYTES", 40 * 25_450 * 4)  # 40 snapshots of 784-32-10
    config = TrainConfig(optimizers=("sgd", "adam", "momentum", "rmsprop"), hidden=(32,),
                         iterations=60)
    traj = drive(train(sample, config))[1]
    assert all(len(s) <= 10 for s in traj.snapshots)
    assert sum(s.nbytes for s in traj.snapshots) <= study.SNAPSHOT_BYTES
    assert all(st[0] == 0 and st[-1] == 60 for st in traj.steps)
