"""The demo framework: a :class:`Demo` is a table of settings plus a ``run`` function.

A demo reproduces one published result.  Its definition is plain data — name,
title, paper, a three-part explanation (what is set up, what to watch, why it
happens), the settings as :class:`~engine.optimizers.base.HParam` rows (so the
CLI flags and the GUI form are generated from one table, exactly like the
optimizers' hyper-parameters) and the CSV header — plus a runner::

    demo = get_demo("adam-nonconvergence")
    result = demo.run({"steps": 20_000}, progress=print, should_stop=lambda: False)
    result.summary["final_x"]["adam"]        # 0.99...
    result.trace("adam").columns["x"]        # numpy array, one value per step

``run`` validates the settings (naming the bad value), then calls the runner,
which returns a :class:`DemoResult`: one :class:`Trace` of plain numpy columns
per optimizer and a ``summary`` dict of the key numbers.  ``progress`` receives
the fraction done in ``[0, 1]``; when ``should_stop()`` returns true the runner
raises :class:`DemoCancelled` at its next check.  Nothing here imports Qt.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.messages import msg
from engine.optimizers import get_spec, parse_spec
from engine.optimizers.base import HParam

Progress = Callable[[float], None]
ShouldStop = Callable[[], bool]
Runner = Callable[[dict[str, Any], "Progress | None", "ShouldStop | None"], "DemoResult"]

#: Default number of CSV rows per trace when no interval is given.
CSV_ROWS = 1000


@dataclass(frozen=True)
class TextSetting(HParam):
    """A free-text setting (a folder, say): stripped, never converted to a number."""

    def range_text(self) -> str:
        return "text"

    def validate(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError(msg("{name} must be text, got {value}", name=self.name,
                                 value=repr(value)))
        return value.strip()


def text_setting(name: str, default: str, help: str) -> TextSetting:
    return TextSetting(name, default, help, kind="text")  # type: ignore[arg-type]


class DemoCancelled(Exception):
    """Raised by a runner when ``should_stop()`` asked it to stop."""


@dataclass
class Trace:
    """One optimizer's run: equally long numpy columns and a few scalars.

    ``columns`` always holds ``"step"``; the other names are the demo's CSV
    columns (and possibly more, for the plots).  ``info`` holds per-run numbers
    such as the final iterate, the learning rate used or where the run diverged.
    """

    label: str
    columns: dict[str, np.ndarray]
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def steps(self) -> np.ndarray:
        return self.columns["step"]

    def last(self, column: str) -> float:
        return float(self.columns[column][-1])


@dataclass
class DemoResult:
    """What a demo run produced: the traces to plot and the numbers to report."""

    demo: str
    settings: dict[str, Any]
    traces: list[Trace]
    summary: dict[str, Any]
    seconds: float = 0.0

    def trace(self, label: str) -> Trace:
        for t in self.traces:
            if t.label == label:
                return t
        raise KeyError(f"no trace '{label}'; traces: {', '.join(t.label for t in self.traces)}")

    def rows(self, header: Sequence[str], every: int | None = None) -> Iterator[list[Any]]:
        """CSV rows ``optimizer, <columns...>`` every ``every`` steps, always with the last row.

        Without ``every`` about :data:`CSV_ROWS` rows are written per trace.
        Floats are written with ``repr`` (shortest round-trip form).
        """
        for t in self.traces:
            steps = np.asarray(t.steps)
            if len(steps) == 0:
                continue
            if every is None:
                span = int(steps[-1] - steps[0])
                stride = max(1, -(-span // CSV_ROWS))
            else:
                stride = every
            keep = (steps % stride == 0)
            keep[-1] = True
            cols = [np.asarray(t.columns[name])[keep].tolist() for name in header[1:]]
            for values in zip(*cols, strict=True):
                yield [t.label, *(repr(v) if isinstance(v, float) else v for v in values)]

    def to_csv(self, header: Sequence[str], every: int | None = None) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(self.rows(header, every))
        return buf.getvalue()


@dataclass(frozen=True)
class Demo:
    """A reproducible paper result: settings table, explanation and runner.

    Attributes:
        name: CLI name (``python main.py demo NAME``).
        title: menu title.
        paper: authors, title and venue of the paper reproduced.
        setup, watch, why: the explanation in three short paragraphs (plain
            text): what is set up, what to watch, why it happens.
        settings: the settings table (the GUI form and CLI flags).
        csv_header: the exact CSV header (first column ``optimizer``).
        runner: ``runner(settings, progress, should_stop) -> DemoResult`` with
            validated settings (``settings["optimizers"]`` is the list of specs).
        format_summary: the short text summary printed by the CLI.
        default_optimizers: the specs compared by default; a demo with none
            takes no ``--optimizer``.
        preset: the race preset this demo is (opened in the race view by the GUI).
    """

    name: str
    title: str
    paper: str
    setup: str
    watch: str
    why: str
    settings: tuple[HParam, ...]
    csv_header: tuple[str, ...]
    runner: Runner
    format_summary: Callable[[DemoResult], str]
    default_optimizers: tuple[str, ...] = ()
    preset: str | None = None
    optimizer_note: str = ""

    @property
    def accepts_optimizers(self) -> bool:
        return bool(self.default_optimizers)

    @property
    def explanation(self) -> str:
        """The explanation as plain text (paper, set-up, what to watch, why)."""
        return (f"{self.title}\n{self.paper}\n\nSet-up. {self.setup}\n\n"
                f"What to watch. {self.watch}\n\nWhy. {self.why}")

    def setting(self, name: str) -> HParam:
        for p in self.settings:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        values: dict[str, Any] = {p.name: p.default for p in self.settings}
        if self.accepts_optimizers:
            values["optimizers"] = list(self.default_optimizers)
        return values

    def validate(self, settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults filled in and every value checked; ``ValueError`` names the bad one."""
        settings = dict(settings or {})
        table = {p.name: p for p in self.settings}
        known = set(table) | ({"optimizers"} if self.accepts_optimizers else set())
        unknown = sorted(set(settings) - known)
        if unknown:
            raise ValueError(
                msg("unknown setting '{name}' for demo {demo}; known: {known}", name=unknown[0],
                    demo=self.name, known=", ".join(known))
            )
        out: dict[str, Any] = self.defaults()
        for name, value in settings.items():
            if name != "optimizers":
                out[name] = table[name].validate(value)
        if self.accepts_optimizers:
            specs = settings.get("optimizers", out["optimizers"])
            if isinstance(specs, str) or not all(isinstance(s, str) for s in specs):
                raise ValueError(msg("optimizers must be a list of specs, got {value}",
                                     value=repr(specs)))
            specs = [s.strip() for s in specs if s.strip()]
            if not specs:
                raise ValueError(msg("at least one optimizer is needed"))
            for spec in specs:
                name, _ = parse_spec(spec)
                if get_spec(name).needs_hessian:
                    raise ValueError(msg("{name} needs a Hessian, which demo {demo} does not "
                                         "provide; choose a first-order optimizer", name=name,
                                         demo=self.name))
            out["optimizers"] = specs
        return out

    def run(
        self,
        settings: Mapping[str, Any] | None = None,
        progress: Progress | None = None,
        should_stop: ShouldStop | None = None,
    ) -> DemoResult:
        """Validate ``settings`` and run the demo (see the module docstring)."""
        values = self.validate(settings)
        start = time.perf_counter()
        result = self.runner(values, progress, should_stop)
        result.seconds = time.perf_counter() - start
        if progress is not None:
            progress(1.0)
        return result


class Ticker:
    """Calls ``progress`` and polls ``should_stop`` every ``every`` units of work.

    ``tick(done)`` is cheap when nothing is due, so runners call it inside
    their hot loops.
    """

    def __init__(self, total: int, progress: Progress | None, should_stop: ShouldStop | None,
                 every: int) -> None:
        self.total = max(1, total)
        self.progress = progress
        self.should_stop = should_stop
        self.every = max(1, every)

    def tick(self, done: int) -> None:
        if self.should_stop is not None and self.should_stop():
            raise DemoCancelled(msg("stopped"))
        if self.progress is not None:
            self.progress(min(1.0, done / self.total))


def label_width(labels: Sequence[str], minimum: int = 9) -> int:
    return max([minimum, *map(len, labels)])
