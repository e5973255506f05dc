"""``python main.py mnist``: train optimizers side by side on MNIST, headless.

    python main.py mnist --optimizer sgd:lr=0.1 --optimizer adam:lr=0.001 \\
        --epochs 5 --hidden 100 --out metrics.csv
    python main.py mnist --preset "Optimizer comparison" --out compare.csv
    python main.py mnist --download [--dataset fashion-mnist] [--mirror URL]

The CSV has one row per evaluation per optimizer (and one at the end):
``optimizer,epoch,step,train_loss,test_loss,test_accuracy,seconds`` where
``train_loss`` is the mean mini-batch loss since the previous row, test values
are on the full test set, and ``seconds`` is the cumulative time spent in
training steps only.  A run that diverges gets a last row with ``nan`` values.
Bad input prints one line on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from engine.cli.common import EXIT_USAGE
from engine.cli.progress import Progress
from engine.mnist.data import DATASETS, Dataset, find_dataset, how_to_get_full_set, load_sample
from engine.mnist.memory import check_memory
from engine.mnist.mlp import ACTIVATIONS, INITS
from engine.mnist.trainer import DIVERGED, PRESETS, TrainConfig, Trainer

HEADER = ["optimizer", "epoch", "step", "train_loss", "test_loss", "test_accuracy", "seconds"]



def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``mnist`` sub-command's options."""
    src = parser.add_mutually_exclusive_group()
    src.add_argument("--data", metavar="DIR", help="folder with the four IDX files (raw or .gz)")
    src.add_argument("--sample", action="store_true",
                     help="use the bundled 5k MNIST sample even if the full set is available")
    parser.add_argument("--dataset", default="mnist", choices=tuple(DATASETS),
                        help="mnist (default) or fashion-mnist")
    parser.add_argument("--preset", metavar="NAME",
                        help="textbook set-up: " + ", ".join(f"'{p}'" for p in PRESETS)
                        + " (options given explicitly override it)")
    parser.add_argument("--optimizer", "-o", action="append", dest="optimizers", metavar="SPEC",
                        help="name or name:key=value,... (repeat to compare several)")
    parser.add_argument("--plugin", action="append", metavar="FILE",
                        help="your own optimizer file (.py; repeat for several), trained with "
                             "--optimizer ITS_NAME; it runs in a separate, limited process")
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=float, metavar="E", help="passes over the training set")
    length.add_argument("--iterations", type=int, metavar="N", help="mini-batch steps")
    parser.add_argument("--hidden", metavar="SIZES", help="hidden layer sizes, e.g. 100,100 "
                        "(default 100)")
    parser.add_argument("--activation", choices=ACTIVATIONS, help="default relu")
    parser.add_argument("--init", choices=INITS, help="weight initialisation (default he)")
    parser.add_argument("--weight-decay", type=float, metavar="LAMBDA",
                        help="L2 penalty on the weights (default 0)")
    parser.add_argument("--batch-size", type=int, metavar="B", help="default 100")
    parser.add_argument("--seed", type=int, help="seed of the initial weights and batch order")
    parser.add_argument("--eval-every", type=int, metavar="K",
                        help="evaluate every K steps (default: once per epoch)")
    parser.add_argument("--out", metavar="FILE.csv", help="write the metrics as CSV")
    parser.add_argument("--download", action="store_true",
                        help="download the full dataset (to --data DIR or the app's data folder)")
    parser.add_argument("--mirror", action="append", metavar="URL",
                        help="base URL to download from (repeat; replaces the built-in list)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def run(args: argparse.Namespace, *, stdout: TextIO | None = None,
        stderr: TextIO | None = None) -> int:
    """Execute ``python main.py mnist``; returns the exit status (2 on bad input)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        return _run(args, out, err)
    except (ValueError, OSError) as exc:
        print(f"optimizer-race: error: {' '.join(str(exc).split())}", file=err)
        return EXIT_USAGE
    except MemoryError:
        from engine.mnist.memory import out_of_memory_message

        print(f"optimizer-race: error: {out_of_memory_message()}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("optimizer-race: interrupted", file=err)
        return 130


def _preset(name: str) -> TrainConfig:
    key = "".join(ch for ch in name.lower() if ch.isalnum())
    for title, config in PRESETS.items():
        if "".join(ch for ch in title.lower() if ch.isalnum()) == key:
            return config
    raise ValueError(f"unknown preset '{name}'; known: {', '.join(PRESETS)}")


def _hidden(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        sizes = ()
    if not sizes or min(sizes) < 1:
        raise ValueError(f"--hidden must be comma-separated whole numbers >= 1, got '{text}'")
    return sizes


def build_config(args: argparse.Namespace, dataset: Dataset) -> TrainConfig:
    """The training configuration from a preset (if any) and explicit options."""
    base = _preset(args.preset) if args.preset else TrainConfig()
    changes: dict = {}
    if args.optimizers:
        changes["optimizers"] = tuple(args.optimizers)
    elif not args.preset:
        raise ValueError("give at least one --optimizer SPEC (e.g. adam:lr=0.001) or a --preset")
    if args.hidden is not None:
        changes["hidden"] = _hidden(args.hidden)
    for name in ("activation", "init", "weight_decay", "batch_size", "seed", "eval_every"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    if args.iterations is not None:
        changes["iterations"] = args.iterations
    config = replace(base, **changes)
    if args.epochs is not None:
        if not 0 < args.epochs <= 10_000:
            raise ValueError(f"--epochs must be in (0, 10000], got {args.epochs:g}")
        if config.batch_size < 1:
            raise ValueError(f"batch size must be a whole number >= 1, got {config.batch_size}")
        config = replace(config, iterations=TrainConfig.iterations_for(
            args.epochs, dataset.n_train, config.batch_size))
    elif args.iterations is None and not args.preset:
        raise ValueError("give --epochs E or --iterations N")
    return config.validate()


def _check_out(path: str | None) -> Path | None:
    if path is None:
        return None
    out = Path(path)
    if out.suffix.lower() != ".csv":
        raise ValueError(f"--out must end in .csv, got '{path}'")
    if not out.parent.resolve().is_dir():
        raise ValueError(f"cannot write '{path}': folder does not exist")
    return out


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    out_path = _check_out(args.out)
    if args.plugin:
        from engine.plugins import load_plugin

        for file in args.plugin:
            if not Path(file).is_file():
                raise ValueError(f"--plugin: no such file: {file}")
            load_plugin(file)
    if args.sample and args.dataset != "mnist":
        raise ValueError("--sample is MNIST only (there is no bundled Fashion-MNIST sample)")
    if args.mirror and not args.download:
        raise ValueError("--mirror needs --download")
    dataset: Dataset | None = None
    if args.download:
        dataset = _download(args, err)
        if not (args.optimizers or args.preset):
            return 0
    if dataset is None:
        dataset = load_sample() if args.sample else find_dataset(args.dataset, args.data)
    config = build_config(args, dataset)
    check_memory(config, dataset)  # MemoryLimitError: one line, before any allocation
    print(f"data: {dataset.title}", file=err)
    if dataset.is_sample:
        print("note: using the bundled 5k sample. " + how_to_get_full_set(dataset.kind),
              file=err)
    trainer = Trainer(dataset, config)
    bar = Progress(err, trainer.total_steps, enabled=not args.quiet)
    try:
        while not trainer.done:
            trainer.step()
            bar.update(trainer.step_count)
        trainer.finish()
    finally:
        bar.close()
    if out_path is not None:
        from engine.platform.files import write_atomic

        write_atomic(out_path, metrics_csv(trainer))
        print(f"wrote {out_path} ({len(trainer.runs)} optimizers, {trainer.step_count} steps)",
              file=out)
    print(format_summary(trainer), file=out)
    return 0


def _download(args: argparse.Namespace, err: TextIO) -> Dataset:
    from engine.mnist.download import download

    shown = [-1.0]

    def progress(p) -> None:  # type: ignore[no-untyped-def]
        if err.isatty() and not args.quiet and p.fraction - shown[0] >= 0.005:
            shown[0] = p.fraction
            print(f"\rdownloading {p.file} ({p.index + 1}/{p.count}) "
                  f"{100 * p.fraction:5.1f} %", end="", file=err, flush=True)

    dataset = download(args.dataset, args.data, mirrors=args.mirror, progress=progress)
    if err.isatty() and not args.quiet:
        print(file=err)
    print(f"downloaded {DATASETS[args.dataset]} to {dataset.folder} "
          f"({dataset.n_train:,} train / {dataset.n_test:,} test, checksums verified)", file=err)
    return dataset


def metrics_csv(trainer: Trainer) -> str:
    """The CSV text: one row per evaluation per optimizer, shortest round-trip floats."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    for run in trainer.runs:
        for ev in run.evaluations:
            writer.writerow([run.label, repr(round(ev.epoch, 6)), ev.step, repr(ev.train_loss),
                             repr(ev.test_loss), repr(ev.test_accuracy), repr(ev.seconds)])
    return buf.getvalue()


def format_summary(trainer: Trainer) -> str:
    rows = [("optimizer", "status", "steps", "epoch", "test acc", "test loss", "train s")]
    for run in trainer.runs:
        ev = run.last
        if run.status == DIVERGED:
            status = f"diverged at step {run.diverged_at}"
            ev = next((e for e in reversed(run.evaluations) if e.test_accuracy == e.test_accuracy),
                      None)
        else:
            status = "done"
        rows.append((
            run.label, status, str(trainer.step_count if run.status != DIVERGED
                                   else run.diverged_at),
            f"{(ev.epoch if ev else 0):.2f}",
            f"{100 * ev.test_accuracy:.2f} %" if ev else "-",
            f"{ev.test_loss:.4f}" if ev else "-",
            f"{run.seconds:.2f}",
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in rows)
