"""Run a plan's chunks, inline or on any ``concurrent.futures`` executor, in order.

:func:`run_chunk` is a top-level function of an importable module, so a process
pool or a Dask cluster (``distributed.Client(address).get_executor()``) can ship
it: the workers must import ``engine`` under the same name.  Chunks are
independent and deterministic, so the results are the same whichever executor
runs them.  :func:`run_plan` yields each chunk's result as soon as it and the
ones before it are done (a heatmap fills in order; a CSV streams); closing the
generator cancels the chunks not started yet.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future
from typing import Any

import numpy as np

from engine.race import resolve_surface
from engine.sweep.batch import BatchResult, run_batch
from engine.sweep.plan import Chunk

#: BLAS/OpenMP thread variables pinned to one thread in worker processes.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def pin_threads() -> None:
    """Initializer of worker processes: one BLAS thread each (reproducible, no oversubscription)."""
    for name in THREAD_VARS:
        os.environ[name] = "1"


def run_chunk(chunk: Chunk) -> tuple[int, int, BatchResult]:
    """Run one chunk; ``(lo, hi, result)``."""
    surface = resolve_surface(chunk.surface, chunk.domain)
    result = run_batch(surface, chunk.optimizer, chunk.values, chunk.rows, chunk.starts,
                       chunk.steps, x_tol=chunk.x_tol, grad_tol=chunk.grad_tol,
                       bound=chunk.bound)
    return chunk.lo, chunk.hi, result


def run_plan(chunks: Sequence[Chunk], executor: Executor | None = None, *,
             ahead: int | None = None) -> Iterator[tuple[int, int, BatchResult]]:
    """Results of ``chunks`` in order.

    Without an executor each chunk runs when the consumer asks for it (a GUI
    worker between two yields can cancel after any chunk).  With one, at most
    ``ahead`` chunks are in flight (default: all), so memory stays bounded.
    """
    if executor is None:
        for chunk in chunks:
            yield run_chunk(chunk)
        return
    limit = len(chunks) if ahead is None else max(1, ahead)
    pending: list[Future[Any]] = []
    queue = iter(chunks)
    try:
        for chunk in queue:
            pending.append(executor.submit(run_chunk, chunk))
            if len(pending) >= limit:
                break
        while pending:
            result = pending.pop(0).result()
            for chunk in queue:
                pending.append(executor.submit(run_chunk, chunk))
                break
            yield result
    finally:
        for future in pending:
            future.cancel()


def local_executor(workers: int | None = None) -> Executor:
    """A process pool of ``workers`` processes (default: every core), BLAS pinned to one thread.

    Spawned, not forked (as the plugin host): forking a process that runs threads
    (the window, a Dask client) may deadlock, and Python 3.12+ warns about it.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1,
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=pin_threads)


def dask_executor(address: str) -> tuple[Executor, Any]:
    """``(executor, client)`` for a Dask distributed scheduler at ``address``.

    Needs the optional ``distributed`` package (``pip install optimizer-race[cluster]``).
    Close the client when done.
    """
    try:
        from distributed import Client
    except ImportError:
        from engine.messages import msg

        raise ValueError(msg("--scheduler needs the 'distributed' package (pip install "
                             "distributed)")) from None
    client = Client(address, timeout=10)
    return client.get_executor(), client


def collect(chunks: Sequence[Chunk], executor: Executor | None = None) -> BatchResult:
    """Every chunk's result joined into one (for tests, small maps and JSON output)."""
    parts = [r for _, _, r in run_plan(chunks, executor)]
    return BatchResult(
        position=np.concatenate([p.position for p in parts]),
        final_loss=np.concatenate([p.final_loss for p in parts]),
        best_loss=np.concatenate([p.best_loss for p in parts]),
        status=np.concatenate([p.status for p in parts]),
        status_step=np.concatenate([p.status_step for p in parts]),
    )
