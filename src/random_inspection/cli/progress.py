"""Progress of a long check on standard error: ``verifying the ledger: 12,345 of 100,000 entries (12%)``,
rewritten in place at most a few times a second, and only where someone watches (standard error a terminal) or
when asked (``--progress``). Standard output is never touched, so scripts reading it see what they saw before."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress", "wanted"]


def wanted(option: bool | None, stream: TextIO | None = None) -> bool:
    """Whether to show progress: as ``--progress``/``--no-progress`` say, else when standard error is a terminal."""
    if option is not None:
        return option
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Progress:
    """A counter shown on ``stream`` every ``interval`` seconds at most (and once at the end, by :meth:`done`).

    Args:
        what: what is counted, as the line says it (``"verifying the ledger"``).
        stream: standard error (or a test's stream).
        interval: the least time between two lines, in seconds.
        clock: a monotonic clock (tests give their own).
    """

    def __init__(self, what: str, stream: TextIO, *, interval: float = 0.25,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.what, self.stream, self.interval, self.clock = what, stream, interval, clock
        self.shown = 0
        self._last: float | None = None
        self._line = ""

    def _text(self, done: int, total: int) -> str:
        share = f" ({100 * done // total}%)" if total > 0 else ""
        return f"{self.what}: {done:,} of {total:,} entries{share}"

    def __call__(self, done: int, total: int) -> None:
        """Say that ``done`` of ``total`` are done, unless a line was shown less than ``interval`` ago."""
        now = self.clock()
        if self._last is not None and now - self._last < self.interval:
            return
        self._last = now
        self._show(self._text(done, total))

    def _show(self, line: str) -> None:
        pad = " " * max(0, len(self._line) - len(line))
        self.stream.write(f"\r{line}{pad}")
        self.stream.flush()
        self._line = line
        self.shown += 1

    def done(self, done: int, total: int) -> None:
        """The last line (always shown), ended by a newline."""
        self._show(self._text(done, total))
        self.stream.write("\n")
        self.stream.flush()
