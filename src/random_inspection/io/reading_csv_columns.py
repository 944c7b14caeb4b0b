"""The rows of a large CSV file parsed by a compiled column reader (polars), where it gives exactly what the csv
module gives (:func:`~random_inspection.io.reading_csv.csv_rows`), else the csv module's own rows.

The file's text is decoded once (to tell its encoding and find its header) and kept; the compiled reader parses a
piece of it (a few million characters, cut at a line end, as UTF-8) into columns in one call. It is used only where
the two readers cannot differ:

- for the whole file: no quote character anywhere (each line is then one row, and a cell is the text between
  separators as it is written), no NUL, no carriage return but before a line feed, no more lines than
  :data:`MAX_ROWS`;
- for each piece: at least two cells a row, every line with as many cells as the piece's first line (the
  compiled reader refuses a line with more; the separators counted over the piece leave no line with fewer, nor a
  blank line), no byte-order mark at its start, no cell over :data:`MAX_CELL_CHARS`, and the compiled reader's
  count of rows the piece's count of lines.

A file that fails a test of the whole file is read by the csv module (:func:`file_rows`); a piece that fails a
test of its own is read by it too, and the rows numbered on, so that a ragged row, a blank line or an oversize
cell is reported exactly as ever (docs/rosters.md, *Large rosters*).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from random_inspection.io.reading_csv import Rows, csv_rows
from random_inspection.io.reading_limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS

__all__ = ["COLUMN_READER_CHARS", "PIECE_CHARS", "ColumnPiece", "column_rows"]

COLUMN_READER_CHARS = 6_000_000
"""The size (characters) from which a CSV file is parsed by the compiled reader (about 52,000 rows of a
检查对象名录库): below it, the csv module is quicker than loading the compiled reader."""

PIECE_CHARS = 6_000_000
"""The characters parsed at a time (cut at a line end): the rows of a piece are read before the next is parsed, so
that a registry's file is never held as columns whole."""


class ColumnPiece:
    """Rows of a CSV file parsed into columns, given in place of their cells (under the number of the first) to a
    reader that asks for them (:func:`~random_inspection.io.reading.read_table`'s ``columns``): every row has
    :attr:`width` cells, of text, none over :data:`MAX_CELL_CHARS`; blank rows may be among them."""

    def __init__(self, first: int, frame: Any) -> None:
        self.first = first
        self._frame = frame
        self.count: int = frame.height
        self.width: int = frame.width
        self._columns: dict[int, list[str]] = {}

    def numbers(self) -> range:
        """The rows' numbers."""
        return range(self.first, self.first + self.count)

    def column(self, index: int) -> list[str]:
        """The cells of column ``index``."""
        cells = self._columns.get(index)
        if cells is None:
            cells = self._columns[index] = self._frame.to_series(index).to_list()
        return cells

    def row(self, n: int) -> tuple[str, ...]:
        """The cells of the piece's ``n``-th row (from 0)."""
        cells: tuple[str, ...] = self._frame.row(n)
        return cells

    def rows(self) -> list[tuple[int, tuple[str, ...]]]:
        """Every row, as ``(row number, cells)``."""
        columns = list(map(self.column, range(self.width)))
        return list(zip(self.numbers(), zip(*columns, strict=True), strict=True))

    def patterns(self, indexes: Sequence[int]) -> tuple[list[int], list[int]]:
        """For each row, the number of the distinct combination of its cells in the columns ``indexes`` (from 0,
        in the order of first occurrence), and for each combination the row it first occurs in."""
        import polars as pl

        if not indexes:
            return [0] * self.count, [0] * bool(self.count)
        names = [self._frame.columns[i] for i in indexes]
        numbered = self._frame.select(names).with_row_index("_row")
        firsts = numbered.group_by(names, maintain_order=True).agg(pl.col("_row").first())
        keyed = firsts.with_row_index("_pattern").select([*names, "_pattern"])
        ids = numbered.join(keyed, on=names, how="left", nulls_equal=True, maintain_order="left")
        return ids.get_column("_pattern").to_list(), firsts.get_column("_row").to_list()


def column_rows(text: str, delimiter: str, after: int, *, pieces: bool = False) -> Rows | None:
    """The rows of the CSV text ``text`` (the file's whole text, decoded once) after row ``after``, parsed by the
    compiled reader; ``None`` when the file is one the csv module must read (small; a quote, NUL or a lone carriage
    return anywhere; too many lines: the module docstring). ``pieces``: give each piece the compiled reader parsed
    as one :class:`ColumnPiece` (under its first row's number) instead of its rows."""
    if (len(text) < COLUMN_READER_CHARS or len(delimiter) != 1
            or '"' in text or "\x00" in text or text.count("\r") != text.count("\r\n")):
        return None
    start = 0
    for _ in range(after):  # each line a row: the header's lines end at the ``after``-th line feed
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    if after + text.count("\n", start) + 1 > MAX_ROWS:
        return None
    return _rows(text, delimiter, after, start, pieces)


def _rows(text: str, delimiter: str, after: int, start: int, pieces: bool) -> Rows:
    number = after
    while start < len(text):
        end = text.find("\n", min(start + PIECE_CHARS, len(text)) - 1)
        end = len(text) if end < 0 else end + 1
        piece = text[start:end]
        start = end
        frame = _parsed(piece, delimiter)
        if frame is None:  # the csv module, from the piece's first row: no quote, so its rows are its lines
            read = [(n + number, cells) for n, cells in csv_rows(piece, delimiter)]
            yield from read
            number += len(read)
            continue
        columns = ColumnPiece(number + 1, frame)
        if pieces:
            yield number + 1, cast(Any, columns)  # in place of the cells, for a reader that asked (pieces)
        else:
            yield from columns.rows()
        number += columns.count


def _parsed(piece: str, delimiter: str) -> Any | None:
    """The piece parsed into a data frame of text columns; ``None`` when the compiled reader may not give its rows
    exactly as the csv module does."""
    import polars as pl

    lines = piece.count("\n") + (not piece.endswith("\n"))
    first = piece.find("\n")
    width = piece.count(delimiter, 0, len(piece) if first < 0 else first) + 1
    if (not 2 <= width <= MAX_COLUMNS or piece.count(delimiter) != (width - 1) * lines
            or piece.startswith("\ufeff")):
        return None
    names = [f"c{n}" for n in range(width)]
    try:
        frame = pl.read_csv(piece.encode("utf-8"), has_header=False, schema=dict.fromkeys(names, pl.String),
                            separator=delimiter, quote_char=None, comment_prefix=None, null_values=None,
                            empty_string_is_null=False, truncate_ragged_lines=False, raise_if_empty=False,
                            eol_char="\n")
    except Exception:  # e.g. a line with more cells than the first: the csv module reports it
        return None
    if frame.height != lines or frame.null_count().sum_horizontal().item() != 0:
        return None
    longest = frame.select(pl.all().str.len_chars().max()).max_horizontal().item()
    if longest is not None and longest > MAX_CELL_CHARS:
        return None
    return frame
