"""How much memory an MNIST training needs, and whether this machine has it.

A large network trained by several optimizers easily needs more memory than
the machine has (16 layers of 4 096 units are 255 million weights: 1 GB per
copy, and one Adam run keeps seven copies).  :func:`check_memory` estimates the
need before anything is allocated and refuses with one line
(:class:`MemoryLimitError`) instead of a crash or a ``MemoryError`` half-way.

The estimate (:func:`estimate`) adds up, in bytes:

- the dataset (uint8 images and labels), unless it is already loaded;
- the shared weights: the initial network (kept for "reset") and the template
  the runs are cloned from, which lives until every run is built;
- per optimizer: its network's weights and gradients, its optimizer state —
  measured by initialising and stepping the optimizer on small arrays and
  counting the arrays it keeps per parameter (Adam keeps four: two moments and
  two scratch buffers) —, the activations, deltas and ReLU masks of each batch
  size it sees (the training batch and the evaluation chunks of 1 000), the
  weight-decay scratch, the per-step losses and the test predictions;
- the largest temporary arrays of one optimizer step (measured the same way),
  of one evaluation and of the batch conversion.

The need is the larger of the peak while the runs are built and the steady
state of training.  It is compared with the memory this process may still use:
``MemAvailable`` of ``/proc/meminfo`` (other systems: the free physical memory
where the OS reports it), capped by the address-space limit (``ulimit -v``,
``RLIMIT_AS``) minus the process's current size and by its cgroup's memory
limit minus the cgroup's usage (less the page cache it could drop).  A
training is refused when its need plus :data:`HEADROOM` exceeds that.  When
nothing is known, nothing is refused.
"""

from __future__ import annotations

import math
import os
import tracemalloc
from dataclasses import dataclass, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from engine.messages import msg
from engine.mnist.mlp import N_CLASSES, N_INPUT
from engine.mnist.trainer import MAX_OPTIMIZERS, TrainConfig
from engine.optimizers import get_spec, parse_spec
from engine.optimizers.base import BLOCK

__all__ = [
    "EVAL_CHUNK",
    "HEADROOM",
    "MAX_OPTIMIZERS",
    "DataShapes",
    "Estimate",
    "MemoryLimitError",
    "available_memory",
    "check_memory",
    "estimate",
    "format_bytes",
    "out_of_memory_message",
]

#: Rows per chunk when a network is evaluated (:meth:`MLP.evaluate`'s default).
EVAL_CHUNK = 1000
#: Memory left free besides the estimate: Python objects, allocator slack, the OS.
HEADROOM = 64 * 2**20
_F32 = 4
_INTP = np.dtype(np.intp).itemsize
#: Temporaries of one step per parameter when they cannot be measured (the most seen).
_DEFAULT_TRANSIENT = 9.0


class MemoryLimitError(ValueError):
    """The training needs more memory than this process may use (a user-facing message).

    ``need`` (what is still to be allocated, :data:`HEADROOM` included) and
    ``available`` are in bytes.
    """

    def __init__(self, message: str, need: int, available: int) -> None:
        super().__init__(message)
        self.need, self.available = need, available


@dataclass(frozen=True)
class DataShapes:
    """The sizes of a dataset, for an estimate before it is loaded."""

    n_train: int
    n_test: int
    n_features: int = N_INPUT
    n_classes: int = N_CLASSES

    @property
    def nbytes(self) -> int:
        """uint8 images plus uint8 labels."""
        return (self.n_train + self.n_test) * (self.n_features + 1)

    @classmethod
    def of(cls, dataset: Any) -> DataShapes:
        """The shapes of a loaded :class:`~engine.mnist.data.Dataset`."""
        return cls(int(dataset.n_train), int(dataset.n_test),
                   int(dataset.train_images.shape[1]), len(dataset.classes))


@dataclass(frozen=True)
class Estimate:
    """Bytes a training needs, by part; :attr:`total` is what :func:`check_memory` compares."""

    dataset: int
    shared: int          # initial weights + template (while building) + batch + evaluation
    per_optimizer: tuple[int, ...]
    transient: int       # largest temporaries of one step or evaluation
    build_peak: int      # everything alive while the runs are being built
    train_peak: int      # everything alive while training

    @property
    def total(self) -> int:
        return max(self.build_peak, self.train_peak)


# -- optimizer state --------------------------------------------------------------------------
def _owned_bytes(obj: Any, seen: set[int]) -> int:
    """Bytes of the arrays that ``obj`` (a state and its caches, lists) owns, views excluded."""
    if is_dataclass(obj) and not isinstance(obj, type):  # a state and its cache
        obj = vars(obj)
    if isinstance(obj, np.ndarray):
        if obj.base is None and id(obj) not in seen:
            seen.add(id(obj))
            return obj.nbytes
        return 0
    if isinstance(obj, dict):
        return sum(_owned_bytes(v, seen) for v in obj.values())
    if isinstance(obj, list | tuple):
        return sum(_owned_bytes(v, seen) for v in obj)
    return 0


@lru_cache(maxsize=256)
def state_arrays(spec: str) -> tuple[float, float, float]:
    """Float32 arrays per parameter an optimizer keeps: after ``init``, after steps,
    and allocates temporarily within one step (``spec`` as in ``adam:lr=0.001``).

    Measured on two arrays of different sizes, so constant parts (scalars)
    cancel out and lazily created buffers (Rprop's step sizes, Adam's scratch)
    are counted.
    The temporaries are measured with ``tracemalloc`` unless it is already
    tracing (then :data:`_DEFAULT_TRANSIENT`, the most any optimizer needs).
    """
    name, values = parse_spec(spec)
    opt = get_spec(name).create(**values)
    # Above numpy's threshold for reusing temporaries (256 KiB) as in a real network,
    # below the blockwise threshold (8 * BLOCK) so the whole array is stepped at once.
    sizes = (5 * 2**14, 6 * 2**14)
    figures: list[tuple[int, int, int]] = []
    measure = not tracemalloc.is_tracing()
    for n in sizes:
        rng = np.random.default_rng(n)
        params = rng.standard_normal(n).astype(np.float32)
        grad = rng.standard_normal(n).astype(np.float32)
        with np.errstate(all="ignore"):
            state = opt.init(params)
            at_init = _owned_bytes(state, set())
            opt.step(params, grad, state)
            opt.step(params, grad, state)
            kept = _owned_bytes(state, set())
            transient = 0
            if measure:
                tracemalloc.start()
                try:
                    before = tracemalloc.get_traced_memory()[0]
                    opt.step(params, grad, state)
                    transient = tracemalloc.get_traced_memory()[1] - before
                finally:
                    tracemalloc.stop()
        figures.append((at_init, kept, transient))
    dn = (sizes[1] - sizes[0]) * _F32
    init, kept, temporary = ((b - a) / dn for a, b in zip(*figures, strict=True))
    if not measure:
        temporary = _DEFAULT_TRANSIENT
    return max(init, 0.0), max(kept, 0.0), max(temporary, 0.0)


# -- the estimate -----------------------------------------------------------------------------
def _batch_sizes(config: TrainConfig, shapes: DataShapes) -> set[int]:
    """Every batch size a network sees: training, evaluation chunks and their remainders."""
    sizes = {config.batch_size}
    n_eval = (config.eval_subset if 0 < config.eval_subset < shapes.n_test else shapes.n_test)
    for n in {n_eval, shapes.n_test}:
        if n > 0:
            sizes.add(min(EVAL_CHUNK, n))
            if n % EVAL_CHUNK and n > EVAL_CHUNK:
                sizes.add(n % EVAL_CHUNK)
    return sizes


def estimate(config: TrainConfig, shapes: DataShapes) -> Estimate:
    """The memory ``config`` needs on data of ``shapes`` (see the module docstring)."""
    config.validate()
    layers = (shapes.n_features, *config.hidden, shapes.n_classes)
    weights = sum(a * b for a, b in zip(layers[:-1], layers[1:], strict=True))
    params = weights + sum(layers[1:])
    p_bytes = params * _F32
    largest_tensor = max(a * b for a, b in zip(layers[:-1], layers[1:], strict=True))
    width, hidden = sum(layers[1:]), sum(config.hidden)
    batches = _batch_sizes(config, shapes)
    # Activations (float32) and deltas (float32) and ReLU masks (bool) per batch size.
    buffers = sum(b * (width * _F32 + hidden * (_F32 + 1)) for b in batches)
    chunk = min(EVAL_CHUNK, max(shapes.n_test, 1))
    per_run_fixed = (2 * p_bytes                                   # weights + gradients
                     + buffers
                     + (weights * _F32 if config.weight_decay else 0)
                     + config.iterations * _F32                    # losses per step
                     + shapes.n_test * _INTP)                      # predictions
    at_build, per_optimizer, steps = [], [], []
    for spec in config.optimizers:
        init, kept, transient = state_arrays(spec)
        flat = get_spec(parse_spec(spec)[0]).cls.elementwise
        # An elementwise rule steps the flat vector, block by block when it is large.
        tensor = (min(params, BLOCK) if params >= 8 * BLOCK else params) if flat \
            else largest_tensor
        at_build.append(2 * p_bytes + math.ceil(init * p_bytes))
        per_optimizer.append(per_run_fixed + math.ceil(kept * p_bytes))
        steps.append(math.ceil(transient * tensor * _F32))
    batch = config.batch_size * shapes.n_features * (_F32 + 1) + config.batch_size * 2 * _INTP
    evaluation = (chunk * shapes.n_features * _F32                 # float images of a chunk
                  + 3 * shapes.n_test * _INTP                      # predictions -> confusion
                  + chunk * 2 * _INTP)
    permutation = 2 * shapes.n_train * _INTP
    transient_max = max([*steps, evaluation, 0])
    dataset = shapes.nbytes
    shared = p_bytes + batch + permutation                         # initial weights + batch
    build_peak = dataset + p_bytes + 2 * p_bytes + sum(at_build)   # + the template
    train_peak = dataset + shared + sum(per_optimizer) + transient_max
    return Estimate(dataset=dataset, shared=shared, per_optimizer=tuple(per_optimizer),
                    transient=transient_max, build_peak=build_peak, train_peak=train_peak)


# -- what this process may use ----------------------------------------------------------------
def _meminfo(key: str) -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _vm_size() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _address_space_left() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    try:
        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    except (OSError, ValueError, AttributeError):
        return None
    if soft == resource.RLIM_INFINITY or soft <= 0:
        return None
    return max(soft - (_vm_size() or 0), 0)


def _read_int(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None  # "max": no limit


def _reclaimable(stat: Path, key: str) -> int:
    """Page cache the kernel would drop before refusing memory (``memory.stat``)."""
    try:
        for line in stat.read_text(encoding="ascii").splitlines():
            name, _, value = line.partition(" ")
            if name == key and value.strip().isdigit():
                return int(value)
    except OSError:
        pass
    return 0


def _left(limit: int | None, usage: int | None, cache: int) -> int | None:
    if limit is None or usage is None or limit >= 2**60:  # v1 writes "no limit" as ~2**63
        return None
    return max(limit - max(usage - cache, 0), 0)


def _cgroup_left(membership: Path = Path("/proc/self/cgroup"),
                 root: Path = Path("/sys/fs/cgroup")) -> int | None:
    """Memory this process's cgroup (v2, or v1's memory controller) still allows, or None.

    ``membership`` lists the process's cgroups, ``root`` is where they are mounted.
    """
    try:
        lines = membership.read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    left: list[int] = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, rel = parts
        # In a container the hierarchy is often mounted at the process's own cgroup.
        if controllers == "":  # v2: every limit on the way up applies
            folder = root / rel.lstrip("/")
            if not folder.is_dir():
                folder = root
            while True:
                room = _left(_read_int(folder / "memory.max"),
                             _read_int(folder / "memory.current"),
                             _reclaimable(folder / "memory.stat", "inactive_file"))
                if room is not None:
                    left.append(room)
                if folder == root or root not in folder.parents:
                    break
                folder = folder.parent
        elif "memory" in controllers.split(","):
            folder = root / "memory" / rel.lstrip("/")
            if not folder.is_dir():
                folder = root / "memory"
            room = _left(_read_int(folder / "memory.limit_in_bytes"),
                         _read_int(folder / "memory.usage_in_bytes"),
                         _reclaimable(folder / "memory.stat", "total_inactive_file"))
            if room is not None:
                left.append(room)
    return min(left) if left else None


def _windows_available() -> int | None:
    if os.name != "nt":
        return None
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                    ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                    ("ullTotalPageFile", ctypes.c_ulonglong),
                    ("ullAvailPageFile", ctypes.c_ulonglong),
                    ("ullTotalVirtual", ctypes.c_ulonglong),
                    ("ullAvailVirtual", ctypes.c_ulonglong),
                    ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    try:
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
            return min(int(status.ullAvailPhys), int(status.ullAvailVirtual))
    except (AttributeError, OSError):
        pass
    return None


def _physical_available() -> int | None:
    available = _meminfo("MemAvailable")
    if available is not None:
        return available
    windows = _windows_available()
    if windows is not None:
        return windows
    try:  # other POSIX systems that report free pages
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None


def available_memory() -> int | None:
    """Bytes this process may still allocate, or None if the system does not say."""
    known = [v for v in (_physical_available(), _address_space_left(), _cgroup_left())
             if v is not None]
    return min(known) if known else None


# -- the check --------------------------------------------------------------------------------
def format_bytes(n: float) -> str:
    """``1.5 GB``, ``850 MB`` (powers of 1024, as the system monitor shows them)."""
    if n >= 2**30:
        return f"{n / 2**30:.1f} GB"
    return f"{max(n, 0) / 2**20:.0f} MB"


def out_of_memory_message() -> str:
    """The one line shown when a training runs out of memory after all."""
    return msg("out of memory while training; use fewer or smaller hidden layers, fewer "
               "optimizers or a smaller batch")


def check_memory(config: TrainConfig, data: Any) -> int:
    """Refuse a training that does not fit; return its estimated need in bytes.

    ``data`` is a loaded :class:`~engine.mnist.data.Dataset` (already in memory,
    so it does not count again) or :class:`DataShapes` (to be loaded).  Raises
    :class:`MemoryLimitError` (a ``ValueError``) with a user-facing line, and
    ``ValueError`` for an invalid ``config`` (too many optimizers included).
    """
    loaded = not isinstance(data, DataShapes)
    shapes = DataShapes.of(data) if loaded else data
    need = estimate(config, shapes).total
    new = need - (shapes.nbytes if loaded else 0) + HEADROOM
    available = available_memory()
    if available is not None and new > available:
        raise MemoryLimitError(
            msg("this training needs about {need} of memory, but only {available} is available; "
                "use fewer or smaller hidden layers, fewer optimizers or a smaller batch",
                need=format_bytes(new), available=format_bytes(available)), new, available)
    return need
