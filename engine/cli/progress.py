"""Progress of a long headless run, on stderr only (stdout stays the program's output).

On a terminal a one-line bar with an ETA is redrawn in place (at most ten times
a second).  Elsewhere (a log file, a pipe, a CI job) nothing is printed for
short runs; a run still going after :data:`QUIET_FOR` seconds prints one plain
line every :data:`LINE_EVERY` seconds, so a batch job's log shows it is alive.
"""

from __future__ import annotations

import time
from typing import TextIO

__all__ = ["LINE_EVERY", "QUIET_FOR", "Progress"]

#: Seconds a run goes silently before a non-terminal stream hears about it.
QUIET_FOR = 5.0
#: Seconds between two progress lines on a non-terminal stream.
LINE_EVERY = 10.0


class Progress:
    """``Progress(sys.stderr, total)``; call :meth:`update` often (it is cheap), then :meth:`close`.

    ``enabled=False`` (``--quiet``) prints nothing at all.
    """

    def __init__(self, stream: TextIO, total: int, *, what: str = "step",
                 enabled: bool = True) -> None:
        self.stream, self.total, self.what = stream, max(int(total), 1), what
        self.enabled = enabled
        try:
            self.tty = enabled and stream.isatty()
        except (AttributeError, ValueError):  # a closed or unusual stream
            self.tty = False
        self.start = self.last = time.monotonic()
        self.drawn = False

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty:
            if now - self.last < 0.1 and done < self.total:
                return
            self.last, self.drawn = now, True
            frac = min(done / self.total, 1.0)
            filled = int(30 * frac)
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {100 * frac:5.1f} % "
                              f"{self.what} {done}/{self.total}  ETA {self._eta(now, frac)}")
            self.stream.flush()
        elif now - self.start >= QUIET_FOR and (not self.drawn or now - self.last >= LINE_EVERY):
            self.last, self.drawn = now, True
            frac = min(done / self.total, 1.0)
            self.stream.write(f"progress: {100 * frac:5.1f} % ({self.what} {done}/{self.total}, "
                              f"ETA {self._eta(now, frac)})\n")
            self.stream.flush()

    def _eta(self, now: float, frac: float) -> str:
        eta = int((now - self.start) * (1 - frac) / frac) if frac > 0 else 0
        return f"{eta // 60}:{eta % 60:02d}"

    def close(self) -> None:
        """End the bar's line (on a terminal); safe to call more than once."""
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False
