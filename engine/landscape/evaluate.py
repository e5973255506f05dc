r"""Loss and accuracy of many weight vectors on one plane (or line), batched.

Every point of a slice is :math:`\theta = \theta_c + \sum_j c_j d_j` for a few
directions :math:`d_j` (two for a plane, one for a line).  The naive method runs
one forward pass per point.  Here:

* the first layer is linear in the coefficients, so its products are computed
  once per direction, not per point:
  :math:`X W_1(c) + b_1(c) = P_0 + \sum_j c_j P_j` with :math:`P_0 = X W_{1c} + b_{1c}`,
  :math:`P_j = X W_{1,d_j} + b_{1,d_j}`.  For a block of points that sum is one
  matrix product ``[1, c] @ [P_0; P_1; ...]`` (inner dimension 3), written once;
* the later layers' weights of a block of points are built the same way, then
  applied with one batched matrix product;
* points are evaluated in blocks over chunks of images sized to stay in cache,
  and the blocks are shared between threads (numpy and BLAS release the GIL),
  one OpenBLAS thread each.

:meth:`SliceEvaluator.run` is a generator: it yields ``(done, total)`` after
every block, so a GUI worker can show progress and cancel between blocks (the
thread pool is shut down in its ``finally``).  The results fill
:attr:`SliceEvaluator.loss` and :attr:`SliceEvaluator.accuracy` (NaN until a
point is done), so a caller can draw a partial slice.

The loss is the network's own: mean softmax cross-entropy plus the L2 penalty
``weight_decay / 2 * sum ||W||^2`` (a quadratic in the coefficients, computed
exactly).  At ``c = 0`` the result is the centre's loss, as
:meth:`engine.mnist.mlp.MLP.evaluate` gives it, to float32 rounding.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

import numpy as np

from engine.landscape.directions import weight_mask
from engine.messages import msg
from engine.mnist.data import to_float
from engine.mnist.mlp import MLP, blas_threads

__all__ = ["SliceEvaluator", "default_threads", "naive_losses"]

#: Floats of hidden activations held per block (one block per thread): 1 MiB.
BLOCK_FLOATS = 1 << 18
#: Points evaluated together (one batched product per layer).
CELLS_PER_BLOCK = 8


def default_threads() -> int:
    """Threads used for a slice: every core this process may use, at most 4."""
    try:
        n = len(os.sched_getaffinity(0))  # type: ignore[attr-defined,unused-ignore]
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(4, n))


class SliceEvaluator:
    """Evaluates ``center + coeffs @ directions`` of ``net``'s architecture on a fixed subset.

    ``net`` gives the architecture (sizes, activation, weight decay); its own
    weights are not used.  ``images`` are uint8 ``(n, 784)``, ``labels`` ``(n,)``.
    """

    def __init__(self, net: MLP, center: np.ndarray, directions: np.ndarray,
                 images: np.ndarray, labels: np.ndarray, *, threads: int | None = None) -> None:
        directions = np.atleast_2d(np.asarray(directions))
        center = np.asarray(center)
        if center.shape != (net.size,) or directions.shape[1:] != (net.size,):
            raise ValueError(msg("a parameter vector of {size} values does not fit the network "
                                 "({expected} parameters)",
                                 size=center.size if center.shape != (net.size,)
                                 else directions.shape[-1], expected=net.size))
        if len(labels) == 0 or len(images) != len(labels):
            raise ValueError(msg("a slice needs at least one example, got {n}", n=len(labels)))
        self.net = net
        self.k = len(directions)
        self.threads = max(1, int(threads or default_threads()))
        dt = np.float32
        self.dtype = dt
        self.labels = np.ascontiguousarray(labels, dtype=np.intp)
        self.n = len(labels)
        stack = np.empty((self.k + 1, net.size), dt)
        stack[0] = center
        stack[1:] = directions
        views = [net._views(row) for row in stack]  # per row: [W1, b1, W2, b2, ...]
        depth = net.depth
        x = to_float(np.asarray(images))
        h1 = net.sizes[1]
        # Points per block, images per chunk: a block's hidden activations stay in cache.
        self.cells = CELLS_PER_BLOCK
        self.chunk = max(1, min(self.n, BLOCK_FLOATS // (self.cells * max(net.sizes[1:]))))
        # First layer, transposed (units x images), per chunk of images:
        # first[c][j] = (X_c W1_j + b1_j)^T, computed once per direction.
        self.first: list[np.ndarray] = []
        with blas_threads(self.threads):
            for lo in range(0, self.n, self.chunk):
                hi = min(self.n, lo + self.chunk)
                block = np.empty((self.k + 1, h1, hi - lo), dt)
                for j, v in enumerate(views):
                    block[j] = (x[lo:hi] @ v[0]).T
                    block[j] += v[1][:, None]
                self.first.append(block)
        # Later layers: transposed weights and biases stacked over [centre, directions...].
        self.later = [(np.stack([v[2 * layer].T for v in views]).reshape(self.k + 1, -1),
                       np.stack([v[2 * layer + 1] for v in views]))
                      for layer in range(1, depth)]
        # The L2 penalty as a quadratic form in [1, c].
        self.penalty: np.ndarray | None = None
        if net.weight_decay:
            w = stack[:, weight_mask(net.shapes)].astype(np.float64)
            self.penalty = 0.5 * net.weight_decay * (w @ w.T)
        self.loss = np.empty(0)
        self.accuracy = np.empty(0)

    # -- one block -----------------------------------------------------------------
    def _block(self, coeffs: np.ndarray, out: slice) -> None:
        net, dt = self.net, self.dtype
        m = len(coeffs)
        ext = np.empty((m, self.k + 1), dt)
        ext[:, 0] = 1
        ext[:, 1:] = coeffs
        weights = [((ext @ w).reshape(m, fan_out, fan_in), (ext @ b)[:, :, None])
                   for (w, b), fan_in, fan_out in
                   zip(self.later, net.sizes[1:-1], net.sizes[2:], strict=True)]
        h1 = net.sizes[1]
        loss_sum = np.zeros(m)
        correct = np.zeros(m, np.int64)
        hidden = np.empty((m, h1 * self.chunk), dt)
        for lo, first in zip(range(0, self.n, self.chunk), self.first, strict=True):
            nc = first.shape[2]
            z = hidden[:, : h1 * nc]
            np.matmul(ext, first.reshape(self.k + 1, h1 * nc), out=z)
            a = z.reshape(m, h1, nc)
            for w, b in weights:  # (m, out, in) @ (m, in, nc): units x images
                net._activate(a)
                a = np.matmul(w, a)
                a += b
            y = self.labels[lo : lo + nc]
            logits = a  # (m, classes, nc)
            top = np.max(logits, axis=1)
            logits -= top[:, None, :]  # the largest logit of every image is now exactly 0
            picked = logits[:, y, np.arange(nc)]
            correct += _correct(logits, picked, y)
            np.exp(logits, out=logits)
            lse = np.log(np.add.reduce(logits, axis=1))
            loss_sum += (np.add.reduce(lse, axis=1, dtype=np.float64)
                         - np.add.reduce(picked, axis=1, dtype=np.float64))
        loss = loss_sum / self.n
        if self.penalty is not None:
            e = ext.astype(np.float64)
            loss += np.einsum("mi,ij,mj->m", e, self.penalty, e)
        self.loss[out] = loss
        self.accuracy[out] = correct / self.n

    # -- all points ----------------------------------------------------------------

    def run(self, coeffs: np.ndarray) -> Iterator[tuple[int, int]]:
        """Evaluate every row of ``coeffs`` ``(m, k)``; yields ``(points done, m)``."""
        coeffs = np.asarray(coeffs, np.float64).reshape(-1, self.k)
        if not np.all(np.isfinite(coeffs)):
            raise ValueError(msg("slice coordinates must be finite numbers"))
        m = len(coeffs)
        self.loss = np.full(m, np.nan)
        self.accuracy = np.full(m, np.nan)
        size = self.cells
        blocks = [slice(lo, min(m, lo + size)) for lo in range(0, m, size)]
        done = 0
        yield done, m
        with np.errstate(all="ignore"), blas_threads(1):
            if self.threads == 1 or len(blocks) == 1:
                for s in blocks:
                    self._block(coeffs[s], s)
                    done += s.stop - s.start
                    yield done, m
                return
            pool = ThreadPoolExecutor(self.threads, thread_name_prefix="landscape")
            try:
                pending: dict[Future[None], slice] = {}
                queue = iter(blocks)
                for s in queue:  # keep at most two blocks per thread in flight
                    pending[pool.submit(self._block, coeffs[s], s)] = s
                    if len(pending) >= 2 * self.threads:
                        break
                while pending:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        s = pending.pop(fut)
                        fut.result()
                        done += s.stop - s.start
                    for s in queue:
                        pending[pool.submit(self._block, coeffs[s], s)] = s
                        if len(pending) >= 2 * self.threads:
                            break
                    yield done, m
            finally:
                pool.shutdown(wait=True, cancel_futures=True)

    def evaluate(self, coeffs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Run to the end; ``(loss, accuracy)`` per row of ``coeffs``."""
        for _ in self.run(coeffs):
            pass
        return self.loss, self.accuracy


def _correct(shifted: np.ndarray, picked: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per point, how many images ``argmax`` classifies right (``shifted``: max is 0).

    The true class wins where its logit is the maximum; where several classes
    tie for it, ``argmax`` takes the first, so those (rare) images are settled
    one by one.  Much cheaper than ``argmax`` along the short class axis.
    """
    hit = picked == 0
    ties = np.add.reduce(shifted == 0, axis=1, dtype=np.int8) > 1
    ties &= hit
    if ties.any():
        cells, images = np.nonzero(ties)
        first = np.argmax(shifted[cells, :, images] == 0, axis=1)
        hit[cells, images] = first == y[images]
    return np.count_nonzero(hit, axis=1)


def naive_losses(net: MLP, center: np.ndarray, directions: np.ndarray, coeffs: np.ndarray,
                 images: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The reference: one full forward pass per point (for tests and the benchmark)."""
    probe = net.clone()
    coeffs = np.asarray(coeffs, np.float64).reshape(len(coeffs), -1)
    dirs = np.atleast_2d(np.asarray(directions, np.float32))
    loss, acc = np.empty(len(coeffs)), np.empty(len(coeffs))
    for i, c in enumerate(coeffs):
        probe.flat[:] = center
        for cj, d in zip(c, dirs, strict=True):
            probe.flat += np.float32(cj) * d
        loss[i], acc[i] = probe.evaluate(images, labels)
    return loss, acc
