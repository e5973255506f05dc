"""Seconds per epoch of full MNIST: this numpy MLP against PyTorch CPU, side by side.

Two nets, both ReLU with He init, batch 100, Adam (lr 1e-3), float32:
``784-100-10`` and the textbook's ``784-100x4-10``.  Each side trains one epoch
(600 steps) from the same uint8 images with the same batch order, converting
each batch to float32 ``/255`` inside the timed loop.  Rounds alternate between
the two sides (best of ``--rounds``), so machine noise hits both alike; PyTorch
is timed with 1 and with 2 intra-op threads and the faster setting is the
comparator.  This code's time is ``Run.seconds`` (time inside training steps,
evaluation excluded); PyTorch's is the wall time of its training loop.

A GEMM lower bound is printed too: the same matrix products alone (numpy, one
thread), without activations, loss or optimizer.

Peak memory (peak RSS, VmHWM) is measured in a separate process that imports no torch:
full MNIST loaded, both nets trained for one epoch.

    python benchmarks/bench_mnist.py [--data DIR] [--rounds 3] [--skip-torch]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.mnist.data import Dataset, find_dataset  # noqa: E402
from engine.mnist.mlp import blas_threads  # noqa: E402
from engine.mnist.trainer import TrainConfig, Trainer  # noqa: E402

NETS = {"784-100-10": (100,), "784-100x4-10": (100, 100, 100, 100)}
BATCH = 100
SHARED = ROOT.parent / "shared" / "data" / "mnist"


def load(data: str | None) -> Dataset:
    if data:
        return find_dataset("mnist", data)
    if SHARED.is_dir():
        return find_dataset("mnist", SHARED)
    return find_dataset("mnist", sample=False)


def ours(ds: Dataset, hidden: tuple[int, ...], seed: int = 0) -> tuple[float, float]:
    """(seconds in training steps, test accuracy) for one epoch of Adam."""
    config = TrainConfig(optimizers=("adam:lr=0.001",), hidden=hidden, batch_size=BATCH,
                         iterations=TrainConfig.iterations_for(1, ds.n_train, BATCH),
                         eval_every=10**9, seed=seed)
    trainer = Trainer(ds, config)
    trainer.run_all()
    run = trainer.runs[0]
    return run.seconds, run.last.test_accuracy


def gemm_bound(ds: Dataset, hidden: tuple[int, ...]) -> float:
    """Seconds for one epoch of only the forward and backward matrix products."""
    sizes = (784, *hidden, 10)
    rng = np.random.default_rng(0)
    ws = [rng.standard_normal((a, b)).astype(np.float32)
          for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    acts = [np.ones((BATCH, n), np.float32) for n in sizes]
    grads = [np.empty_like(w) for w in ws]
    steps = ds.n_train // BATCH
    best = float("inf")
    with blas_threads(1):
        for _ in range(3):
            t = time.perf_counter()
            for _ in range(steps):
                for i, w in enumerate(ws):
                    np.matmul(acts[i], w, out=acts[i + 1])
                for i in range(len(ws) - 1, -1, -1):
                    np.matmul(acts[i].T, acts[i + 1], out=grads[i])
                    if i:
                        np.matmul(acts[i + 1], ws[i].T, out=acts[i])
            best = min(best, time.perf_counter() - t)
    return best


def torch_epoch(ds: Dataset, hidden: tuple[int, ...], threads: int, seed: int = 0) -> float:
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    sizes = (784, *hidden)
    layers: list[torch.nn.Module] = []
    for a, b in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    layers.append(torch.nn.Linear(sizes[-1], 10))
    model = torch.nn.Sequential(*layers)
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            torch.nn.init.zeros_(m.bias)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    images = torch.from_numpy(np.array(ds.train_images))  # writable copy
    labels = torch.from_numpy(ds.train_labels.astype(np.int64))
    perm = torch.from_numpy(np.random.default_rng(seed).permutation(ds.n_train))
    steps = ds.n_train // BATCH
    start = time.perf_counter()
    for s in range(steps):
        idx = perm[s * BATCH : (s + 1) * BATCH]
        x = images[idx].float().div_(255.0)
        y = labels[idx]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return time.perf_counter() - start


def memory_probe(data: str | None) -> None:
    ds = load(data)
    for hidden in NETS.values():
        ours(ds, hidden)
    print(json.dumps({"peak_mb": peak_rss_mb(), "torch_loaded": "torch" in sys.modules}))


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM; ru_maxrss would include the parent's
    peak inherited across fork + exec on Linux)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="folder with the MNIST IDX files")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-torch", action="store_true")
    parser.add_argument("--memory-probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_probe:
        memory_probe(args.data)
        return 0

    ds = load(args.data)
    print(f"data: {ds.title}")
    results: dict[str, dict[str, float]] = {}
    for net, hidden in NETS.items():
        r = results.setdefault(net, {"ours": float("inf"), "torch1": float("inf"),
                                     "torch2": float("inf")})
        r["gemm"] = gemm_bound(ds, hidden)
        for _ in range(args.rounds):
            t, acc = ours(ds, hidden)
            r["ours"] = min(r["ours"], t)
            r["acc"] = acc
            time.sleep(0.3)  # let the other side's idle thread pools go to sleep
            if not args.skip_torch:
                for threads in (1, 2):
                    key = f"torch{threads}"
                    r[key] = min(r[key], torch_epoch(ds, hidden, threads))
                    time.sleep(0.3)

    print(f"\n{'net':14s} {'ours s/epoch':>12s} {'torch 1 thr':>11s} {'torch 2 thr':>11s} "
          f"{'ratio':>6s} {'GEMM bound':>10s} {'ours/bound':>10s}  accuracy after 1 epoch")
    for net, r in results.items():
        best_torch = min(r["torch1"], r["torch2"])
        ratio = r["ours"] / best_torch if np.isfinite(best_torch) else float("nan")
        print(f"{net:14s} {r['ours']:12.3f} {r['torch1']:11.3f} {r['torch2']:11.3f} "
              f"{ratio:6.2f} {r['gemm']:10.3f} {r['ours'] / r['gemm']:10.2f}  "
              f"{100 * r['acc']:.2f} %")
    print("ratio = ours / PyTorch at its best thread setting (goal <= 0.8)")

    cmd = [sys.executable, __file__, "--memory-probe"] + (["--data", args.data] if args.data
                                                            else [])
    probe = json.loads(subprocess.run(cmd, capture_output=True, text=True,
                                      check=True).stdout.strip().splitlines()[-1])
    print(f"peak memory (full MNIST loaded, both nets trained, no torch): "
          f"{probe['peak_mb']:.0f} MB (goal <= 400 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
