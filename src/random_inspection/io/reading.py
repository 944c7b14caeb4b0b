"""Reading a table from a spreadsheet file as offices keep them, up to its header row; the rows below are read
lazily, every one of them, in the file's own row numbers.

- CSV (also ``.txt``, ``.tsv``, or any file whose content is text) in UTF-8, UTF-8 with BOM, UTF-16 (Excel's
  “Unicode text”) or GB18030 (what a Chinese Excel saves as “CSV (逗号分隔)”), comma- or tab-separated, the separator
  being the one under which the header row is found (:mod:`reading_csv`);
- workbooks — XLSX, XLSM, XLS, ET (WPS) and ODS, told apart by their content, not their name — through
  python-calamine (:mod:`reading_book`), the first sheet unless named;
- a title row or two above the header, and a header of two rows under merged cells (:func:`header_rows`).

Nothing here raises for a bad file. A file that cannot be read is a :class:`FileProblem`; a row that cannot be read
is given as a :class:`RowProblem` in place of its cells, a cell as a :class:`CellProblem` in place of its value,
so that an importer reports each with its row and column (docs/rosters.md, *What files are read* and *Limits*).
"""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from random_inspection.io.reading_book import book_kind, read_book
from random_inspection.io.reading_csv import Rows, csv_rows, delimiters, file_rows
from random_inspection.io.reading_csv_columns import column_rows
from random_inspection.io.reading_limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_SHEET_CELLS,
    MAX_UNPACKED_BYTES,
)
from random_inspection.io.reading_problems import CellProblem, FileProblem, RowProblem
from random_inspection.messages import tr

__all__ = [
    "ENCODINGS", "MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_ROWS", "MAX_SHEET_CELLS", "MAX_UNPACKED_BYTES",
    "CellProblem",
    "FileProblem", "RawTable", "RowProblem", "decode_text", "header_rows", "is_blank", "read_table",
]

ENCODINGS = ("utf-8", "gb18030")
"""The encodings tried, in order, for a CSV without a byte-order mark."""

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_BOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods")
_SAVE_AGAIN = tr("open it in the spreadsheet and save it as “Excel 工作簿 (*.xlsx)” or as “CSV UTF-8”")


@attrs.frozen
class RawTable:
    """A table read from a file.

    Attributes:
        source: the file's name, as problems name it.
        header_row: the 1-based row number of the header (as a spreadsheet numbers its rows); of its second row
            for a header of two rows.
        headers: the header cells, trimmed (for a header of two rows, the names :func:`header_rows` gives).
        rows: ``(row number, cells)`` for each row below the header, ``cells`` a tuple in which a cell the reader
            cannot give is a :class:`CellProblem`; a row that cannot be read at all is ``(row number,
            RowProblem)``. Blank rows are given too (an importer skips them).
        total: the number of rows below the header, when the file says (for a progress bar); else ``None``.
        encoding: the encoding a CSV was read in; ``None`` for a workbook.
    """

    source: str
    header_row: int
    headers: tuple[str, ...]
    rows: Iterator[tuple[int, tuple[Any, ...] | RowProblem]]
    total: int | None
    encoding: str | None


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str] | FileProblem:
    """The text of a CSV file and the encoding it was read in: the one given, else the one its byte-order mark
    names, else UTF-8, else GB18030."""
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (ValueError, LookupError) as exc:  # ValueError: undecodable bytes, or a name with a NUL in it
            return FileProblem(tr("cannot be read as {encoding}: {exc}", encoding=encoding, exc=exc),
                               tr("give the file's real encoding, or save it again as “CSV UTF-8”"))
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                return FileProblem(tr("starts with a {name} byte-order mark but is not {name}: {exc}", name=name,
                                      exc=exc),
                                   tr("save the file again from the spreadsheet as “CSV UTF-8”"))
    for name in ENCODINGS:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return FileProblem(tr("is neither UTF-8 nor GB18030 text"),
                       tr("save the file from the spreadsheet as “CSV UTF-8” or as .xlsx"))


def is_blank(cells: Sequence[Any]) -> bool:
    """Whether a row's cells are all empty (none, or only spaces)."""
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header_cells(cells: Sequence[Any]) -> tuple[str, ...]:
    return tuple("" if c is None or isinstance(c, CellProblem) else str(c).replace("\n", "").replace(" ", "").strip()
                 for c in cells)


# -- the header ------------------------------------------------------------------------------------------------------

Spans = tuple[tuple[int, int], ...]


def _spans(upper: tuple[str, ...], number: int, merged: tuple[tuple[int, int, int, int], ...] | None) -> Spans:
    """The columns under each name of the header row ``upper`` that spans more than one: in a workbook that keeps
    merges, the name's merged cells; else (a CSV, an ODS) the name and the blank cells, or the same name, after it."""
    if merged is not None:
        return tuple((first, last) for row, first, _, last in merged if row == number and last > first)
    spans: list[tuple[int, int]] = []
    j = 0
    while j < len(upper):
        last = j
        while upper[j] and last + 1 < len(upper) and upper[last + 1] in ("", upper[j]):
            last += 1
        if last > j:
            spans.append((j, last))
        j = last + 1
    return tuple(spans)


def header_rows(upper: tuple[str, ...], lower: tuple[str, ...], spans: Spans) -> tuple[str, ...] | None:
    """The column names of a header of two rows, or ``None`` when ``lower`` is not the header's second row.

    ``lower`` is the second row when a name of ``upper`` spans several columns (``spans``: merged, or followed by
    blank cells) and every filled cell of ``lower`` stands under such a name. A column's name is then the lower
    cell's; where the lower cell is empty, the upper name above it (a name merged over several columns is the upper
    name of each)."""
    if not spans or not any(lower):
        return None
    under = {j for first, last in spans for j in range(first, last + 1)}
    if any(name and j not in under for j, name in enumerate(lower)):
        return None
    filled = list(upper) + [""] * max(0, len(lower) - len(upper))
    for first, last in spans:
        for j in range(first, min(last + 1, len(filled))):
            filled[j] = filled[j] or filled[first]
    return tuple((lower[j] if j < len(lower) and lower[j] else filled[j]) for j in range(len(filled)))


def _find_header(rows: Rows, is_header: Callable[[tuple[str, ...]], bool],
                 merged: tuple[tuple[int, int, int, int], ...] | None,
                 look: int = 10) -> tuple[int, tuple[str, ...], Rows] | None:
    """The header's (last) row number, its names and the rows after it: the first row among the first ``look``
    non-blank ones that ``is_header`` accepts, with the row below it when that is the header's second row."""
    seen = 0
    for number, cells in rows:
        if isinstance(cells, RowProblem):
            if cells.stop:
                return None
            seen += 1
            continue
        if is_blank(cells):
            continue
        headers = _header_cells(cells)
        if is_header(headers):
            following = next(rows, None)
            if following is None:
                return number, headers, rows
            below, lower = following
            if not isinstance(lower, RowProblem):
                names = header_rows(headers, _header_cells(lower), _spans(headers, number, merged))
                if names is not None:
                    return below, names, rows
            return number, headers, itertools.chain((following,), rows)
        seen += 1
        if seen >= look:
            return None
    return None


# -- the file --------------------------------------------------------------------------------------------------------

def _file_bytes(path: Path) -> bytes | FileProblem:
    try:
        if path.is_dir():
            return FileProblem(tr("is a folder, not a file"), tr("name the roster file itself"))
        if path.exists() and not path.is_file():
            return FileProblem(tr("is not a file (a device or a pipe)"), tr("name the roster file itself"))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return FileProblem(tr("holds {size:,} bytes, more than the {max_file_bytes:,} a file may", size=size,
                                  max_file_bytes=MAX_FILE_BYTES),
                               tr("split the roster into smaller files (per county, say) and read each"))
        return path.read_bytes()
    except FileNotFoundError:
        return FileProblem(tr("cannot be read: it does not exist"), tr("check the path"))
    except OSError as exc:
        return FileProblem(tr("cannot be read: {value}",
                              value=exc.strerror or exc), tr("check the path and the permissions"))


def _no_header(hint: str) -> FileProblem:
    return FileProblem(tr("has no header row with the expected column names in its first rows{hint}", hint=hint),
                       tr("keep the template's header row (see examples/rosters/); if the names look garbled, the "
                          "file's encoding is not the one it was read in"))


def read_table(path: str | Path, is_header: Callable[[tuple[str, ...]], bool], *, encoding: str | None = None,
               sheet: str | None = None, columns: bool = False, overlap: bool = False) -> RawTable | FileProblem:
    """Read ``path`` (a CSV, XLSX, XLSM, XLS, ET or ODS file, told by its content) up to its header row, which is
    the first row ``is_header`` accepts among the first ten non-blank rows (with the row below it for a header of two
    rows). The rows below it are read lazily; ``sheet`` names a workbook's sheet, ``encoding`` a CSV's.
    ``columns``: a large CSV's rows may come a piece at a time parsed into columns, a
    :class:`~random_inspection.io.reading_csv_columns.ColumnPiece` in place of the first row's cells.
    ``overlap``: a large XLSX sheet's rows may come while its later part is still read, and raise
    :class:`~random_inspection.io.reading_book_parts.PartsDisagree` (:func:`reading_book.read_book`)."""
    path = Path(path)
    data = _file_bytes(path)
    if isinstance(data, FileProblem):
        return data
    kind = book_kind(data[:8])
    if kind is not None:
        book = read_book(data, kind, sheet, overlap=overlap)
        if isinstance(book, FileProblem):
            return book
        found = _find_header(book.rows, is_header, book.merged)
        if found is None:
            return _no_header("")
        header_row, headers, rows = found
        total = None if book.total is None else max(book.total - header_row, 0)
        return RawTable(path.name, header_row, headers, rows, total, None)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if path.suffix.lower() in _BOOK_SUFFIXES and head.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")):
        return FileProblem(tr("is a web page or an XML file under a workbook's name, not a workbook"),
                           tr("{fix} (many systems export a web page as .xls)", fix=_SAVE_AGAIN))
    if not data or data.isspace():  # (data.strip() would copy the file)
        return FileProblem(tr("is empty"), tr("export the roster again with its header row and at least one row"))
    decoded = decode_text(data, encoding)
    if isinstance(decoded, FileProblem):
        if path.suffix.lower() in _BOOK_SUFFIXES:
            return FileProblem(tr("is neither a workbook nor text"), _SAVE_AGAIN)
        return decoded
    text, used = decoded
    for delimiter in delimiters(text):
        found = _find_header(csv_rows(text, delimiter), is_header, None)
        if found is not None:
            header_row, headers, _ = found
            total = max(text.count("\n") - header_row, 0)
            # The text is let go, the rows decoded as read: a large file of plain cells parsed by a compiled
            # column reader, any other one by the csv module, the same rows either way (reading_csv_columns).
            rows = (column_rows(path, text, used, delimiter, header_row, pieces=columns)
                    or file_rows(path, used, delimiter, header_row))
            return RawTable(path.name, header_row, headers, rows, total, used)
    return _no_header(f" (read as {used})")
