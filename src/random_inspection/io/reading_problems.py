"""What the spreadsheet reader reports instead of a value: a :class:`FileProblem` for a file that cannot be read at
all, a :class:`RowProblem` in place of a row that cannot be read, a :class:`CellProblem` in place of a cell.

The importers (rosters, results, platform exports) turn each into a problem naming the file, the row and the
column, so that no row is dropped unseen.
"""

from __future__ import annotations

import attrs

__all__ = ["CellProblem", "FileProblem", "RowProblem"]


@attrs.frozen
class FileProblem:
    """A problem with the file as a whole (it cannot be read, it has no header row)."""

    what: str
    fix: str


@attrs.frozen
class CellProblem:
    """A cell the reader cannot give a value for (an error value such as ``#N/A``, a formula whose value the
    file does not hold, a number that is not finite, text over the size limit). It stands in the row's cells where
    the value would be; an importer reports it as a problem of that row and column."""

    what: str
    fix: str


@attrs.frozen
class RowProblem:
    """A row that cannot be read at all, given in place of its cells. ``stop`` is true when nothing after it can
    be read either (the rows over the limit, a file damaged from here on)."""

    what: str
    fix: str
    stop: bool = False
