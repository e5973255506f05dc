r"""A multilayer perceptron in numpy: float32, exact backprop, no allocation per step.

Layers ``784 → h_1 → … → h_k → 10``: affine maps with an activation (ReLU,
sigmoid or tanh) after every hidden layer, then softmax cross-entropy:

.. math::
    z_l = a_{l-1} W_l + b_l, \quad a_l = \sigma(z_l), \quad
    L = \frac1B \sum_i \Bigl(\log\sum_k e^{z_{L,ik}} - z_{L,i y_i}\Bigr)
        + \frac{\lambda}{2}\sum_l \lVert W_l\rVert^2

Backprop: :math:`\delta_L = (\mathrm{softmax}(z_L) - \mathrm{onehot}(y))/B`,
:math:`\nabla W_l = a_{l-1}^\top \delta_l + \lambda W_l`, :math:`\nabla b_l = \sum_i \delta_{l,i}`,
:math:`\delta_{l-1} = (\delta_l W_l^\top) \odot \sigma'(z_{l-1})`, with
:math:`\sigma'` written in terms of the activation (``a > 0``, ``a(1-a)``,
``1-a^2``) so the pre-activations need not be kept.

Performance: all parameters live in one contiguous vector (:attr:`MLP.flat`;
``W_l`` and ``b_l`` are views of it) and all gradients in another
(:attr:`MLP.grad_flat`), so an elementwise optimizer (SGD, Adam, ...) updates
the whole network in one call, exactly as it would tensor by tensor.  Every
activation and delta buffer is allocated once per batch size; the GEMMs write
into them with ``out=`` and the activations work in place.

Initialisations (biases are zero): ``he`` N(0, 2/fan_in) (He et al. 2015),
``xavier`` N(0, 2/(fan_in+fan_out)) (Glorot & Bengio 2010), ``normal``
N(0, 0.01²), the textbook's ``weight_init_std=0.01``.
"""

from __future__ import annotations

import ctypes
import glob
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from engine.messages import msg

__all__ = ["ACTIVATIONS", "INITS", "MLP", "Buffers", "blas_threads"]

ACTIVATIONS = ("relu", "sigmoid", "tanh")
INITS = ("he", "xavier", "normal")
N_INPUT, N_CLASSES = 784, 10


@dataclass
class Buffers:
    """Work arrays for one batch size: activations, deltas, softmax scratch."""

    acts: list[np.ndarray]   # a_1 … a_k (hidden), then the logits/probabilities
    deltas: list[np.ndarray]  # δ for each hidden layer
    mask: list[np.ndarray]    # bool scratch for ReLU' per hidden layer
    rowmax: np.ndarray        # (B, 1)
    rowsum: np.ndarray        # (B, 1)
    rows: np.ndarray          # arange(B)


class MLP:
    """``sizes = (784, h_1, …, h_k, 10)``; parameters ``W_l`` (in × out) and ``b_l``."""

    def __init__(
        self,
        hidden: Sequence[int] = (100,),
        *,
        activation: str = "relu",
        init: str = "he",
        weight_decay: float = 0.0,
        seed: int | np.random.Generator | None = 0,
        dtype: type = np.float32,
        n_input: int = N_INPUT,
        n_classes: int = N_CLASSES,
    ) -> None:
        hidden = tuple(int(h) for h in hidden)
        if any(h < 1 for h in hidden):
            raise ValueError(msg("hidden sizes must be >= 1, got {value}",
                                 value=",".join(map(str, hidden))))
        if activation not in ACTIVATIONS:
            raise ValueError(msg("activation must be one of {known}, got '{value}'",
                                 known=", ".join(ACTIVATIONS), value=activation))
        if init not in INITS:
            raise ValueError(msg("init must be one of {known}, got '{value}'",
                                 known=", ".join(INITS), value=init))
        if not (np.isfinite(weight_decay) and weight_decay >= 0):
            raise ValueError(msg("weight_decay must be >= 0, got {value}", value=weight_decay))
        self.sizes = (n_input, *hidden, n_classes)
        self.activation = activation
        self.init = init
        self.weight_decay = float(weight_decay)
        self.dtype = np.dtype(dtype)
        shapes = []
        for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            shapes += [(fan_in, fan_out), (fan_out,)]
        self.shapes = tuple(shapes)
        self.size = sum(int(np.prod(s)) for s in shapes)
        self.flat = np.zeros(self.size, dtype=self.dtype)
        self.grad_flat = np.zeros(self.size, dtype=self.dtype)
        self.params = self._views(self.flat)
        self.grads = self._views(self.grad_flat)
        self._buffers: dict[int, Buffers] = {}
        self._wd_tmp: list[np.ndarray] | None = None
        if seed is not None:
            self.reset(seed)

    # -- parameters ---------------------------------------------------------------
    def _views(self, flat: np.ndarray) -> list[np.ndarray]:
        views, offset = [], 0
        for shape in self.shapes:
            n = int(np.prod(shape))
            views.append(flat[offset : offset + n].reshape(shape))
            offset += n
        return views

    @property
    def weights(self) -> list[np.ndarray]:
        return self.params[0::2]

    @property
    def biases(self) -> list[np.ndarray]:
        return self.params[1::2]

    @property
    def depth(self) -> int:
        """Number of affine layers."""
        return len(self.sizes) - 1

    def reset(self, seed: int | np.random.Generator = 0) -> None:
        """Draw fresh weights (biases zero) from ``seed``."""
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        self.flat[:] = 0
        for w in self.weights:
            fan_in, fan_out = w.shape
            std = {"he": np.sqrt(2.0 / fan_in), "xavier": np.sqrt(2.0 / (fan_in + fan_out)),
                   "normal": 0.01}[self.init]
            w[...] = rng.standard_normal(w.shape) * std

    def clone(self) -> MLP:
        """Same architecture and weights, its own buffers."""
        other = MLP(self.sizes[1:-1], activation=self.activation, init=self.init,
                    weight_decay=self.weight_decay, seed=None, dtype=self.dtype.type,
                    n_input=self.sizes[0], n_classes=self.sizes[-1])
        other.flat[:] = self.flat
        return other

    # -- forward / backward -------------------------------------------------------
    def buffers(self, batch: int) -> Buffers:
        buf = self._buffers.get(batch)
        if buf is None:
            dt = self.dtype
            acts = [np.empty((batch, n), dt) for n in self.sizes[1:]]
            buf = Buffers(
                acts=acts,
                deltas=[np.empty((batch, n), dt) for n in self.sizes[1:-1]],
                mask=[np.empty((batch, n), bool) for n in self.sizes[1:-1]],
                rowmax=np.empty((batch, 1), dt),
                rowsum=np.empty((batch, 1), dt),
                rows=np.arange(batch),
            )
            if len(self._buffers) > 4:  # bounded: training + evaluation chunk sizes
                self._buffers.clear()
            self._buffers[batch] = buf
        return buf

    def _activate(self, z: np.ndarray) -> None:
        if self.activation == "relu":
            np.maximum(z, 0, out=z)
        elif self.activation == "tanh":
            np.tanh(z, out=z)
        else:  # sigmoid(z) = (1 + tanh(z/2)) / 2: no overflow for any z
            z *= 0.5
            np.tanh(z, out=z)
            z += 1
            z *= 0.5

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Logits for the batch ``x`` (B × 784); a view of an internal buffer."""
        buf = self.buffers(len(x))
        a = x
        for layer, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = buf.acts[layer]
            np.matmul(a, w, out=z)
            z += b
            if layer < self.depth - 1:
                self._activate(z)
            a = z
        return a

    def _log_softmax_loss(self, logits: np.ndarray, y: np.ndarray, buf: Buffers) -> float:
        """Mean cross-entropy; turns ``logits`` into softmax probabilities in place."""
        rowmax, rowsum = buf.rowmax[: len(y)], buf.rowsum[: len(y)]
        np.maximum.reduce(logits, axis=1, keepdims=True, out=rowmax)
        logits -= rowmax
        picked = logits[buf.rows[: len(y)], y]  # z_y - max  (B values)
        np.exp(logits, out=logits)
        np.add.reduce(logits, axis=1, keepdims=True, out=rowsum)
        loss = (np.add.reduce(np.log(rowsum[:, 0]), dtype=np.float64)
                - np.add.reduce(picked, dtype=np.float64)) / len(y)
        logits /= rowsum
        return float(loss)

    def l2_penalty(self) -> float:
        if self.weight_decay == 0:
            return 0.0
        return 0.5 * self.weight_decay * sum(
            float(np.dot(w.ravel(), w.ravel())) for w in self.weights)

    def loss_and_grad(self, x: np.ndarray, y: np.ndarray) -> float:
        """Loss on the batch; fills :attr:`grads` (views of :attr:`grad_flat`)."""
        batch = len(x)
        buf = self.buffers(batch)
        probs = self.forward(x)
        loss = self._log_softmax_loss(probs, y, buf) + self.l2_penalty()
        delta = probs  # δ_L = (softmax - onehot) / B, in place
        delta[buf.rows, y] -= 1
        delta *= 1.0 / batch
        weights, gw, gb = self.weights, self.grads[0::2], self.grads[1::2]
        for layer in range(self.depth - 1, -1, -1):
            a_prev = x if layer == 0 else buf.acts[layer - 1]
            np.matmul(a_prev.T, delta, out=gw[layer])
            np.add.reduce(delta, axis=0, out=gb[layer])
            if self.weight_decay:
                self._decay_grad(layer)
            if layer == 0:
                break
            d_prev = buf.deltas[layer - 1]
            np.matmul(delta, weights[layer].T, out=d_prev)
            self._activation_grad(d_prev, a_prev, buf.mask[layer - 1])
            delta = d_prev
        return loss

    def _decay_grad(self, layer: int) -> None:
        if self._wd_tmp is None:
            self._wd_tmp = [np.empty_like(w) for w in self.weights]
        tmp = self._wd_tmp[layer]
        np.multiply(self.weights[layer], self.weight_decay, out=tmp)
        self.grads[2 * layer] += tmp

    def _activation_grad(self, d: np.ndarray, a: np.ndarray, mask: np.ndarray) -> None:
        """``d *= σ'(z)`` given the activation ``a = σ(z)``."""
        if self.activation == "relu":
            np.greater(a, 0, out=mask)
            np.multiply(d, mask, out=d)
        elif self.activation == "tanh":  # 1 - a²
            d -= d * a * a
        else:  # a (1 - a)
            d *= a
            d -= d * a

    # -- evaluation ---------------------------------------------------------------
    def evaluate(self, images: np.ndarray, labels: np.ndarray, *, chunk: int = 1000,
                 predictions: np.ndarray | None = None) -> tuple[float, float]:
        """Mean loss and accuracy on uint8 ``images``; predicted classes into ``predictions``."""
        from engine.mnist.data import to_float

        n = len(labels)
        total_loss, correct = 0.0, 0
        xbuf = np.empty((min(chunk, n), self.sizes[0]), self.dtype)
        for lo in range(0, n, chunk):
            hi = min(lo + chunk, n)
            x = to_float(images[lo:hi], out=xbuf[: hi - lo])
            y = labels[lo:hi]
            buf = self.buffers(hi - lo)
            logits = self.forward(x)
            pred = np.argmax(logits, axis=1)
            correct += int(np.count_nonzero(pred == y))
            if predictions is not None:
                predictions[lo:hi] = pred
            total_loss += self._log_softmax_loss(logits, y, buf) * (hi - lo)
        return total_loss / n + self.l2_penalty(), correct / n


# -- BLAS threads -------------------------------------------------------------------
# A 100 x 784 x 100 GEMM takes ~0.1 ms: too small for OpenBLAS's thread pool, whose
# hand-offs cost more than they save and, on a busy 2-core machine, can make a step
# 10x slower.  Training therefore runs its GEMMs on one thread (as the GEMM-bound
# figures in benchmarks/bench_mnist.py assume); other numpy work is left alone.
_blas_lock = threading.Lock()
_blas_users = 0
_blas_saved: int | None = None
_blas_api: tuple[object, object] | None | bool = False  # False: not looked up yet


def _openblas() -> tuple[object, object] | None:
    """(get, set) num-threads functions of numpy's OpenBLAS, or None (other BLAS)."""
    global _blas_api
    if _blas_api is not False:
        return _blas_api  # type: ignore[return-value]
    _blas_api = None
    paths: list[str] = []
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower()
                            and line.split()[-1].startswith("/")})
    except OSError:
        pass
    libs_dir = os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs")
    paths += glob.glob(os.path.join(libs_dir, "*openblas*"))
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in (("scipy_openblas", "64_"), ("openblas", "64_"),
                               ("scipy_openblas", ""), ("openblas", "")):
            get = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
            set_ = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
            if get is not None and set_ is not None:
                get.restype = ctypes.c_int
                set_.argtypes = [ctypes.c_int]
                _blas_api = (get, set_)
                return _blas_api
    return None


@contextmanager
def blas_threads(n: int | None) -> Iterator[None]:
    """Run the block with ``n`` OpenBLAS threads (``None``: leave as is).

    Re-entrant and shared between threads: the first user saves the setting and
    the last one restores it.
    """
    global _blas_users, _blas_saved
    api = _openblas() if n else None
    if api is None:
        yield
        return
    get, set_ = api
    with _blas_lock:
        if _blas_users == 0:
            _blas_saved = int(get())  # type: ignore[operator]
            if _blas_saved != n:
                set_(n)  # type: ignore[operator]
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0 and _blas_saved is not None and _blas_saved != n:
                set_(_blas_saved)  # type: ignore[operator]
