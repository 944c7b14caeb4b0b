"""The rows of a CSV text, numbered as a spreadsheet numbers them (a record per row, however many lines a quoted
cell spans), with the size limits applied: a cell over :data:`MAX_CELL_CHARS` becomes a :class:`CellProblem`, a
row over :data:`MAX_COLUMNS` cells or one the csv module cannot parse a :class:`RowProblem`, and the rows after
:data:`MAX_ROWS` one last :class:`RowProblem` that stops the reading. No row is left out."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from random_inspection.io.reading_limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS
from random_inspection.io.reading_problems import CellProblem, RowProblem
from random_inspection.messages import tr

__all__ = ["LONE_CARRIAGE_RETURN", "Rows", "csv_rows", "delimiters", "file_rows", "long_cell", "too_many_rows",
           "too_wide", "unreadable"]

Rows = Iterator[tuple[int, tuple[Any, ...] | RowProblem]]
"""``(row number, cells)`` for each row; a row that cannot be read gives a :class:`RowProblem` instead."""

# The csv module refuses a field over 128 KB and cannot go on reading correctly after that; the text is in memory
# already, so the module's limit is raised to the file limit and the cell limit is applied here, cell by cell.
_FIELD_LIMIT = min(MAX_FILE_BYTES, 2**31 - 1)
_BATCH = 4096  # rows read and checked at a time

LONE_CARRIAGE_RETURN = re.compile(r"\r(?!\n)")
"""A carriage return not before a line feed (an old Macintosh line end): one search of a text, about three times
quicker than counting its carriage returns and its carriage-return line feeds."""


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as a file opened with ``newline=""`` gives them, each a slice of the text made as the
    reader comes to it (a StringIO would copy the whole text again, at four bytes a character). A text with a line
    ended by a lone carriage return (as old Macintosh files are) is read through a StringIO, which splits there."""
    if LONE_CARRIAGE_RETURN.search(text):
        yield from io.StringIO(text, newline="")
        return
    find, start = text.find, 0
    while (end := find("\n", start)) >= 0:
        yield text[start:end + 1]
        start = end + 1
    if start < len(text):
        yield text[start:]


def long_cell(length: int, *, cut: bool = False) -> CellProblem:
    """The problem of a cell of ``length`` characters, over the limit; ``cut``: the workbook reader gives at most
    :data:`MAX_CELL_CHARS` characters of a cell, so a cell of that length may have held more."""
    held = (f"{MAX_CELL_CHARS:,} characters or more, the most a workbook's cell is read with" if cut else
            f"{length:,} characters, more than the {MAX_CELL_CHARS:,} a cell may hold")
    return CellProblem(tr("the cell holds {held}", held=held),
                       tr("shorten the cell (a roster's cell never needs that much); the file may be damaged"))


def too_wide(count: int) -> RowProblem:
    """The problem of a row of ``count`` cells, over the limit."""
    return RowProblem(tr("the row has {count:,} cells, more than the {max_columns:,} columns a row may have",
                         count=count, max_columns=MAX_COLUMNS),
                      tr("delete the cells to the right of the roster's columns; the file may be damaged"))


def too_many_rows() -> RowProblem:
    """The problem of the first row over :data:`MAX_ROWS`; nothing after it is read."""
    return RowProblem(tr("the file has more than {max_rows:,} rows: this row and the rows after it are not read",
                         max_rows=MAX_ROWS),
                      tr("split the roster into files of fewer rows (per county, say) and read each"))


def delimiters(text: str, look: int = 12) -> tuple[str, str]:
    """The two separators a CSV may use, the likelier first: the one more frequent in the first ``look`` lines
    (which hold the header). The reader tries the other when no header row is found with the first."""
    end = -1
    for _ in range(look):
        end = text.find("\n", end + 1)
        if end < 0:
            break
    head = text if end < 0 else text[:end]
    return ("\t", ",") if head.count("\t") > head.count(",") else (",", "\t")


def file_rows(path: Path, encoding: str, delimiter: str, after: int) -> Rows:
    """The rows of the CSV file at ``path`` after row ``after``, decoded as they are read, so that a large roster's
    text is never held whole (the header is found in the text :func:`read_table` decoded to tell the encoding,
    which it then lets go). A file that changed since then so that it no longer decodes ends with a problem."""
    try:
        lines = path.open(encoding=encoding, newline="")
    except OSError as exc:
        yield after + 1, unreadable(exc)
        return
    with lines:
        yield from csv_rows(lines, delimiter, after=after, unreadable=unreadable)


def unreadable(exc: Exception) -> RowProblem:
    """The problem of a file that no longer reads as it did (it changed, or cannot be read further): it ends the
    rows."""
    return RowProblem(tr("the file changed while it was read, or cannot be read further ({exc})", exc=exc),
                      tr("read the file again once nothing writes to it"), True)


def _checked(number: int, row: list[str]) -> tuple[int, tuple[Any, ...] | RowProblem]:
    """A row with the column and cell limits applied."""
    if len(row) > MAX_COLUMNS:
        return number, too_wide(len(row))
    if row and max(map(len, row)) > MAX_CELL_CHARS:
        return number, tuple(long_cell(len(cell)) if len(cell) > MAX_CELL_CHARS else cell for cell in row)
    return number, tuple(row)


def csv_rows(text: str | Iterable[str], delimiter: str, *, after: int = 0,
             unreadable: Callable[[Exception], RowProblem] | None = None) -> Rows:
    """The rows of ``text`` (a text, or its lines as a file opened with ``newline=""`` gives them) read with
    ``delimiter``, from the row after ``after``; ``unreadable``: the problem of lines that cannot be read (a file
    that no longer decodes), which ends the rows (else the error is raised).

    The rows are read a batch at a time and the limits checked over the batch at once (its widest row, its
    longest row's text: no cell is longer than its row's text), row by row only in a batch over a limit."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(_lines(text) if isinstance(text, str) else text, delimiter=delimiter)
    number = 0
    while True:
        batch: list[list[str]] = []
        error: csv.Error | None = None
        try:  # each row is kept as read, so that the rows before an error are given
            deque(map(batch.append, itertools.islice(reader, _BATCH)), maxlen=0)
        except csv.Error as exc:
            error = exc
        except (OSError, UnicodeDecodeError) as exc:
            if unreadable is None:
                raise
            yield from _batch_rows(batch, number, after)
            number += len(batch)
            yield max(number, after) + 1, unreadable(exc)
            return
        if number + len(batch) >= MAX_ROWS:  # the last rows a file may hold: row by row, to stop at the limit
            for row in batch:
                number += 1
                if number > MAX_ROWS:
                    yield number, too_many_rows()
                    return
                if number > after:
                    yield _checked(number, row)
        else:
            yield from _batch_rows(batch, number, after)
            number += len(batch)
        if error is not None:  # the reader goes on with the next row after one it cannot parse
            number += 1
            if number > MAX_ROWS:
                yield number, too_many_rows()
                return
            if number > after:
                yield number, RowProblem(tr("the row cannot be read as CSV: {exc}", exc=error),
                                         tr("save the file again from the spreadsheet as “CSV UTF-8”"))
        elif len(batch) < _BATCH:
            return


def _batch_rows(batch: list[list[str]], number: int, after: int) -> Rows:
    """The rows of ``batch``, numbered from ``number + 1``, from the row after ``after``, the limits applied."""
    if number < after:
        batch = batch[after - number:]
        number = max(number, after)
    if not batch:
        return iter(())
    numbers = range(number + 1, number + 1 + len(batch))
    if max(map(len, batch)) <= MAX_COLUMNS and max(map(len, map("".join, batch))) <= MAX_CELL_CHARS:
        return zip(numbers, map(tuple, batch), strict=True)
    return map(_checked, numbers, batch)
