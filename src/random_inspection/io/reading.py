"""Reading a table from a CSV or XLSX file as offices keep them: CSV in UTF-8, UTF-8 with BOM, UTF-16 (Excel's
“Unicode text”) or GB18030 (what a Chinese Excel saves as “CSV (逗号分隔)”), comma- or tab-separated; XLSX through
openpyxl, first sheet unless named; a title row or two above the header is allowed.

Nothing here raises for a bad file: every problem comes back as a :class:`FileProblem`, so that a roster import can
report it with the rows' own problems.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

__all__ = ["CSV_ERROR", "ENCODINGS", "FileProblem", "RawTable", "decode_text", "is_blank", "read_table"]

ENCODINGS = ("utf-8", "gb18030")
"""The encodings tried, in order, for a CSV without a byte-order mark."""

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@attrs.frozen
class FileProblem:
    """A problem with the file as a whole (it cannot be read, it has no header row)."""

    what: str
    fix: str


@attrs.frozen
class RawTable:
    """A table read from a file.

    Attributes:
        source: the file's name, as problems name it.
        header_row: the 1-based row number of the header (as a spreadsheet numbers its rows).
        headers: the header cells, trimmed.
        rows: ``(row number, cells)`` for each row below the header, blank rows left out.
        total: the number of rows below the header, when the file says (for a progress bar); else ``None``.
        encoding: the encoding a CSV was read in; ``None`` for XLSX.
    """

    source: str
    header_row: int
    headers: tuple[str, ...]
    rows: Iterator[tuple[int, tuple[Any, ...]]]
    total: int | None
    encoding: str | None


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str] | FileProblem:
    """The text of a CSV file and the encoding it was read in: the one given, else the one its byte-order mark
    names, else UTF-8, else GB18030."""
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            return FileProblem(f"cannot be read as {encoding}: {exc}",
                               "give the file's real encoding, or save it again as “CSV UTF-8”")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                return FileProblem(f"starts with a {name} byte-order mark but is not {name}: {exc}",
                                   "save the file again from the spreadsheet as “CSV UTF-8”")
    for name in ENCODINGS:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return FileProblem("is neither UTF-8 nor GB18030 text",
                       "save the file from the spreadsheet as “CSV UTF-8” or as .xlsx")


def is_blank(cells: Sequence[Any]) -> bool:
    """Whether a row's cells are all empty (none, or only spaces)."""
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header_cells(cells: Sequence[Any]) -> tuple[str, ...]:
    return tuple("" if c is None else str(c).replace("\n", "").replace(" ", "").strip() for c in cells)


def _find_header(rows: Iterator[tuple[int, tuple[Any, ...]]], is_header: Callable[[tuple[str, ...]], bool],
                 look: int = 10) -> tuple[int, tuple[str, ...]] | None:
    """The first row among the first ``look`` non-blank ones that ``is_header`` accepts."""
    seen = 0
    for number, cells in rows:
        if is_blank(cells):
            continue
        headers = _header_cells(cells)
        if is_header(headers):
            return number, headers
        seen += 1
        if seen >= look:
            return None
    return None


CSV_ERROR = "\x00csv-error"
"""The first cell of the row :func:`read_table` gives where a CSV cannot be read further (the second cell says
why); an importer reports it as a problem of that row and stops."""


def _csv_rows(text: str) -> tuple[Iterator[tuple[int, tuple[Any, ...]]], int]:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        # Numbered as a spreadsheet numbers them: a record per row, however many lines a quoted cell spans.
        number = 0
        try:
            for row in reader:
                number += 1
                yield number, tuple(row)
        except csv.Error as exc:  # e.g. a cell over the csv module's size limit: the rest cannot be read
            yield number + 1, (CSV_ERROR, str(exc))
    return rows(), text.count("\n")


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[Iterator[tuple[int, tuple[Any, ...]]], int | None] | FileProblem:
    import openpyxl  # only for XLSX files

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        return FileProblem(f"cannot be opened as an XLSX workbook ({type(exc).__name__}: {exc})",
                           "save it from the spreadsheet as “Excel 工作簿 (*.xlsx)” or as “CSV UTF-8”")
    except Exception as exc:  # openpyxl raises its own and lxml's errors for a damaged workbook
        return FileProblem(f"cannot be opened as an XLSX workbook ({type(exc).__name__}: {exc})",
                           "save it from the spreadsheet as “Excel 工作簿 (*.xlsx)” or as “CSV UTF-8”")
    if sheet is not None and sheet not in book.sheetnames:
        names = "、".join(book.sheetnames)
        book.close()
        return FileProblem(f"has no sheet {sheet!r}", f"name one of its sheets: {names}")
    ws = book[sheet] if sheet is not None else book.worksheets[0]

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        try:
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                yield number, tuple(row)
        finally:
            book.close()
    total = ws.max_row if isinstance(ws.max_row, int) else None
    return rows(), total


def read_table(path: str | Path, is_header: Callable[[tuple[str, ...]], bool], *, encoding: str | None = None,
               sheet: str | None = None) -> RawTable | FileProblem:
    """Read ``path`` (``.csv``/``.txt``/``.tsv`` or ``.xlsx``/``.xlsm``) up to its header row, which is the first
    row ``is_header`` accepts among the first ten non-blank rows. The rows below it are read lazily."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et"):
        return FileProblem("is an old binary spreadsheet, which is not read",
                           "save it from the spreadsheet as “Excel 工作簿 (*.xlsx)” or as “CSV UTF-8”")
    try:
        data = path.read_bytes() if suffix not in (".xlsx", ".xlsm") else b""
    except OSError as exc:
        return FileProblem(f"cannot be read: {exc.strerror or exc}", "check the path and the permissions")
    used: str | None = None
    got: Any
    if suffix in (".xlsx", ".xlsm"):
        if not path.is_file():
            return FileProblem("does not exist", "check the path")
        got = _xlsx_rows(path, sheet)
    else:
        if not data.strip():
            return FileProblem("is empty", "export the roster again with its header row and at least one row")
        decoded = decode_text(data, encoding)
        if isinstance(decoded, FileProblem):
            return decoded
        text, used = decoded
        got = _csv_rows(text)
    if isinstance(got, FileProblem):
        return got
    rows, total = got
    found = _find_header(rows, is_header)
    if found is None:
        hint = f" (read as {used})" if used else ""
        return FileProblem(f"has no header row with the expected column names in its first rows{hint}",
                           "keep the template's header row (see examples/rosters/); if the names look garbled, "
                           "the file's encoding is not the one it was read in")
    header_row, headers = found
    return RawTable(path.name, header_row, headers, rows, None if total is None else max(total - header_row, 0), used)
