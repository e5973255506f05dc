"""A race's recorded rows as CSV or JSON: the command line's format, also the window's export.

``optimizer,step,x,y,loss`` rows in CSV; in JSON the race's parameters, each
racer's rows (``fields``: step, x, y, loss, grad_norm, step_len), then the
summary of every racer last.  Floats are written shortest round-trip.  The sinks
take rows one at a time, so a long race streams to disk without being held in
memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["CsvSink", "JsonSink", "is_exact", "race_csv", "race_json", "recorded",
           "stream_csv"]

#: Racer-steps between two progress reports of :func:`stream_csv`.
STREAM_CHUNK = 2048


class CsvSink:
    """``optimizer,step,x,y,loss`` with shortest round-trip floats."""

    def __init__(self, f: IO[str]) -> None:
        self.writer = csv.writer(f, lineterminator="\n")
        self.writer.writerow(["optimizer", "step", "x", "y", "loss"])

    def row(self, index: int, name: str, row: tuple) -> None:
        self.writer.writerow([name, row[0], repr(row[1]), repr(row[2]), repr(row[3])])

    def finish(self, race: Any) -> None:
        pass


class JsonSink:
    """The race's parameters, each racer's rows, then the summary (see the README).

    Written piece by piece (rows as they come), one row a line; floats are
    shortest round-trip, and never NaN or infinite (a race records none).
    """

    def __init__(self, f: IO[str], race: Any, steps: int) -> None:
        from engine.race import Trajectory

        self.f, self.index, self.first_row = f, -1, True
        head = {
            "surface": race.config.surface,
            "start": race.start.tolist(),
            "steps": steps,
            "noise_sigma": race.config.noise_sigma,
            "seed": race.config.seed,
            "fields": list(Trajectory.FIELDS),
        }
        f.write("{\n")
        for key, value in head.items():
            f.write(f" {json.dumps(key)}: {json.dumps(value)},\n")
        f.write(' "trajectories": [')

    def row(self, index: int, name: str, row: tuple) -> None:
        f = self.f
        if index != self.index:
            if self.index >= 0:
                f.write("\n  ]},")
            f.write(f'\n  {{"optimizer": {json.dumps(name)}, "rows": [\n   ')
            self.index, self.first_row = index, True
        if not self.first_row:
            f.write(",\n   ")
        self.first_row = False
        f.write(f"[{row[0]}, {row[1]!r}, {row[2]!r}, {row[3]!r}, {row[4]!r}, {row[5]!r}]")

    def finish(self, race: Any) -> None:
        f = self.f
        f.write("\n ]," if self.index < 0 else "\n  ]}\n ],")
        f.write('\n "racers": ' + json.dumps(race.summary(), indent=1).replace("\n", "\n "))
        f.write("\n}\n")


def recorded(race: Any) -> Iterator[tuple[int, str, tuple]]:
    for r in race.racers:
        t = r.trajectory
        columns = [t.steps.tolist(), *(t.column(c).tolist() for c in t.FIELDS[1:])]
        for row in zip(*columns, strict=True):
            yield r.index, r.name, row


def is_exact(race: Any) -> bool:
    """True when ``race`` still holds every row it recorded (no trajectory was thinned)."""
    return race.step_count + 1 <= race.max_points


def stream_csv(config: Any, surface: Any, steps: int, f: IO[str]) -> Iterator[tuple[int, int]]:
    """Write the exact CSV of ``config`` run for ``steps`` steps to ``f``, replaying it.

    Races are deterministic, so this is the CSV :func:`race_csv` would give with
    the whole history in memory, whatever the history kept.  Memory stays small
    (rows are written as they are made).  Yields ``(done, total)`` racer-steps
    every :data:`STREAM_CHUNK` and at the end; stop iterating to cancel.
    """
    from engine.race import Race

    race = Race(config, surface, max_points=1024)
    sink = CsvSink(f)
    total = steps * len(race.racers)
    reported = 0
    for racer, row in race.stream(steps):
        sink.row(racer.index, racer.name, row)
        done = racer.index * steps + int(row[0])
        if done - reported >= STREAM_CHUNK:
            reported = done
            yield done, total
    yield total, total


def race_csv(race: Any) -> str:
    """The CSV text of the rows ``race`` recorded (the window's export)."""
    buf = io.StringIO()
    sink = CsvSink(buf)
    for index, name, row in recorded(race):
        sink.row(index, name, row)
    return buf.getvalue()


def race_json(race: Any) -> str:
    """The JSON text of the rows ``race`` recorded, in the command line's format."""
    buf = io.StringIO()
    sink = JsonSink(buf, race, race.step_count)
    for index, name, row in recorded(race):
        sink.row(index, name, row)
    sink.finish(race)
    return buf.getvalue()
