"""Reading a workbook — XLSX and XLSM (Excel, WPS and other exporters), the old binary XLS, WPS's ET (BIFF or XLSX
inside) and ODS — through python-calamine, chosen by the file's content, not its name.

python-calamine (a dependency since 0.9) reads every cell the sheet's XML holds, whatever its ``<dimension>`` or the
order of its rows claims (openpyxl's read-only mode trusts both and silently stops short), reads .xls and .ods as
well, and, written in Rust, reads 10–20× faster than openpyxl's read-only mode. It gives an error cell and a formula
without a cached value as empty, so those are read from the sheet's XML (:mod:`reading_sheet_xml`) or an XLS
file's records (:mod:`reading_xls`) and given as a :class:`CellProblem`. openpyxl stays for writing workbooks.

Nothing here raises for a damaged file: calamine's own errors (``CalamineError`` and its kinds, and a panic of
its Rust code), zipfile's and the XML parser's become a :class:`FileProblem`.
"""

from __future__ import annotations

import io
import itertools
import math
import threading
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from random_inspection.io.reading_book_parts import (
    MIN_SPLIT_BYTES,
    OverlapRead,
    PartsRead,
    read_in_parts,
    read_overlapped,
)
from random_inspection.io.reading_csv import Rows, long_cell, too_many_rows, too_wide
from random_inspection.io.reading_limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_BYTES
from random_inspection.io.reading_problems import CellProblem, FileProblem
from random_inspection.io.reading_sheet_xml import Marks, XlsxSheet, ods_marks, xlsx_marks, xlsx_span
from random_inspection.io.reading_xls import xls_marks
from random_inspection.messages import tr

__all__ = ["Book", "book_kind", "read_book"]

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_CFB = b"\xd0\xcf\x11\xe0"
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def book_kind(head: bytes) -> str | None:
    """What a file's first bytes say it is: ``"zip"`` (XLSX, XLSM, ODS, an ET saved as XLSX), ``"cfb"`` (an old
    binary XLS or ET, or a workbook with a password), or ``None`` (not a workbook: text)."""
    if head.startswith(_ZIP):
        return "zip"
    if head.startswith(_CFB):
        return "cfb"
    return None


@attrs.frozen
class Book:
    """A sheet's rows as the reader gives them, with what the header rules need.

    Attributes:
        rows: ``(row number, cells)`` from row 1, in the file's row numbers.
        total: the number of rows the sheet spans.
        merged: the sheet's merged ranges as ``(first row, first column, last row, last column)``, 1-based rows and
            0-based columns; ``None`` where the format keeps none (ODS).
        label: the format's name, as problems name it.
    """

    rows: Rows
    total: int | None
    merged: tuple[tuple[int, int, int, int], ...] | None
    label: str


def _refuse(label: str, detail: str) -> FileProblem:
    article = "an" if label[0] in "AEIOUX" else "a"
    return FileProblem(tr("cannot be opened as {article} {label} workbook ({detail})", article=article, label=label,
                          detail=detail),
                       tr("open it in the spreadsheet and save it again as “Excel 工作簿 (*.xlsx)” or as “CSV UTF-8”; "
                          "if it has a password, remove it first"))


def _is_panic(exc: BaseException) -> bool:
    """Whether ``exc`` is a panic of calamine's Rust code (pyo3's ``PanicException``, a ``BaseException``)."""
    return type(exc).__name__ == "PanicException"


def read_book(data: bytes, kind: str, sheet: str | None, *, overlap: bool = False) -> Book | FileProblem:
    """The rows of the sheet ``sheet`` (the first by default) of the workbook ``data`` of ``kind``
    (:func:`book_kind`).

    ``overlap``: a large XLSX sheet's first part is handed on while its later part is still read
    (:func:`reading_book_parts.read_overlapped`): its rows, the whole read's, may then raise
    :class:`reading_book_parts.PartsDisagree`, upon which the caller reads the file again without it."""
    started: list[OverlapRead] = []
    book = _read_book(data, kind, sheet, started if overlap else None)
    if started and isinstance(book, FileProblem):  # the later part's read ended before the answer
        started[0].rows.close()
    return book


def _read_book(data: bytes, kind: str, sheet: str | None, started: list[OverlapRead] | None) -> Book | FileProblem:
    archive: zipfile.ZipFile | None = None
    label = "XLS"
    if kind == "zip":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            unpacked = sum(info.file_size for info in archive.infolist())
            is_ods = "mimetype" in archive.namelist() and archive.read("mimetype").strip().startswith(_ODS)
        except Exception as exc:  # zipfile raises BadZipFile, but also OSError, EOFError, zlib's error ...
            return _refuse("XLSX", f"{type(exc).__name__}: {exc}")
        label = "ODS" if is_ods else "XLSX"
        if unpacked > MAX_UNPACKED_BYTES:
            return FileProblem(tr("unpacks to {unpacked:,} bytes, more than the {max_unpacked_bytes:,} a workbook "
                                  "may (a zip bomb, or a workbook of far more than a roster)", unpacked=unpacked,
                                  max_unpacked_bytes=MAX_UNPACKED_BYTES),
                               tr("save the roster alone in a workbook of its own, or as “CSV UTF-8”"))
    import python_calamine

    beside: _Beside | None = None
    whole: PartsRead | None = None
    over: OverlapRead | None = None
    start: tuple[int, int] | None
    end: tuple[int, int] | None
    rows: Iterator[list[Any]]
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if sheet is not None and sheet not in names:
            return FileProblem(tr("has no sheet {sheet!r}", sheet=sheet),
                               tr("name one of its sheets: {names}", names="、".join(names)))
        if not names:
            return FileProblem(tr("has no sheet"), tr("save the roster in a workbook with one sheet"))
        name = sheet if sheet is not None else names[0]
        marks: Marks | FileProblem = {}
        if archive is not None and label == "ODS":  # before calamine makes room for every row up to the last cell
            marks = ods_marks(archive, name)
        elif archive is not None:
            span = xlsx_span(archive, name, keep=MIN_SPLIT_BYTES)  # likewise; the formulas and errors are looked
            if isinstance(span, FileProblem):                       # for beside calamine's read
                return span
            if span is not None:
                beside = _Beside(data, attrs.evolve(span, xml=None))
                member, held = span.part, [span.xml] if span.xml is not None else []
                span = None  # the sheet's XML held only by ``held``, let go once its parts are written
                if held and started is not None:
                    over = read_overlapped(data, member, name, held)
                    started.extend([over] if over is not None else [])
                whole = read_in_parts(data, member, name, held) if held else None
        else:
            marks = xls_marks(data, name)
        if isinstance(marks, FileProblem):
            return marks
        if over is not None:  # a large sheet, its first part handed on while the later one is read
            start, end, merged, rows = (0, 0), None, over.merged, over.rows
        elif whole is not None:  # a large sheet, read in parts at the same time
            start, end, merged, rows = whole.start, whole.end, whole.merged, whole.rows
        else:
            ws = book.get_sheet_by_name(name)
            start, end = ws.start, ws.end
            merged = ws.merged_cell_ranges
            rows = ws.iter_rows() if start is not None else iter(())
    except BaseException as exc:  # calamine's errors, zipfile's and the XML parser's for a damaged file
        if not isinstance(exc, Exception) and not _is_panic(exc):
            raise
        failed: BaseException | None = exc
    else:
        failed = None
    if beside is not None:  # what it finds comes first, as it would have had it run before calamine's read
        found = beside.result()
        if isinstance(found, FileProblem):
            return found
        if isinstance(found, BaseException):
            failed = found
        else:
            marks = found
    if failed is not None:
        return _refuse(label, f"{type(failed).__name__}: {failed}")
    if isinstance(marks, FileProblem):
        return marks
    pad = start[1] if start is not None else 0
    spans = None if merged is None else tuple((a[0] + 1, a[1], b[0] + 1, b[1]) for a, b in merged)
    total = over.total if over is not None else None if end is None else end[0] + 1
    return Book(_rows(rows, pad, marks), total, spans, label)


class _Beside:
    """:func:`xlsx_marks` run in a thread of its own, on an archive of its own, while calamine reads the sheet (its
    Rust code lets go of the interpreter, so on a machine with a second core the search costs no time)."""

    def __init__(self, data: bytes, sheet: XlsxSheet) -> None:
        self._data, self._sheet = data, sheet
        self._found: Marks | FileProblem | BaseException = {}
        self._thread = threading.Thread(target=self._run, name="xlsx-marks", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
                self._found = xlsx_marks(archive, self._sheet)
        except Exception as exc:  # zipfile's and the XML parser's for a damaged file: reported by the caller
            self._found = exc

    def result(self) -> Marks | FileProblem | BaseException:
        """The marks, the problem, or what the search raised."""
        self._thread.join()
        return self._found


def non_finite(value: float) -> CellProblem:
    """The problem of a number cell that is infinite or not a number (``1e400`` in the file, say)."""
    return CellProblem(tr("the number {value!r} is not a finite number (the file holds a number out of range)",
                          value=value),
                       tr("enter the value again in the spreadsheet, or format the column as 文本 (text)"))


def _cells(values: Sequence[Any], pad: int, marked: dict[int, CellProblem] | None) -> tuple[Any, ...]:
    if not pad and not marked and set(map(type, values)) == {str} and max(map(len, values)) < MAX_CELL_CHARS:
        return tuple([None if v == "" else v for v in values])  # a row of text cells, the usual one: in C
    out: list[Any] = [None] * pad
    for v in values:
        if v == "":
            out.append(None)
        elif type(v) is float and not math.isfinite(v):
            out.append(non_finite(v))
        elif type(v) is str and len(v) >= MAX_CELL_CHARS:  # calamine cuts longer text to MAX_CELL_CHARS
            out.append(long_cell(len(v), cut=True))
        else:
            out.append(v)
    if marked:
        for column, problem in marked.items():
            if column >= len(out):
                out.extend([None] * (column + 1 - len(out)))
            out[column] = problem
    return tuple(out)


_BATCH = 4096  # rows read and checked at a time
_EMPTY: dict[Any, Any] = {"": None}  # what the empty cell calamine gives as "" is read as


def _not_plain(batch: list[list[Any]]) -> bool:
    """Whether a batch of rows holds a cell that is not text (calamine gives text as ``str`` itself, which joins; a
    number, a date, a truth value do not) or a row whose text reaches :data:`MAX_CELL_CHARS` (the bound of its
    longest cell): each row joined once, in C, where a test of each cell's type would call ``type`` on every cell."""
    try:
        return max(map(len, map("".join, batch))) >= MAX_CELL_CHARS
    except TypeError:  # a cell that is not text
        return True


def _rows(values: Iterator[list[Any]], pad: int, marks: Marks) -> Rows:
    number = 0
    while not marks and not pad:  # the usual sheet: a batch of rows at a time, row by row only over a limit
        batch = list(itertools.islice(values, _BATCH))
        if not batch or number + len(batch) >= MAX_ROWS or max(map(len, batch)) > MAX_COLUMNS or _not_plain(batch):
            values = itertools.chain(batch, values)
            break
        empty_as_none = itertools.repeat(_EMPTY.get)
        yield from zip(range(number + 1, number + 1 + len(batch)), map(tuple, map(map, empty_as_none, batch, batch)),
                       strict=True)
        number += len(batch)
    first = number + 1
    for number, row in enumerate(values, start=first):
        if number > MAX_ROWS:
            yield number, too_many_rows()
            return
        if len(row) + pad > MAX_COLUMNS:
            yield number, too_wide(len(row) + pad)
            continue
        yield number, _cells(row, pad, marks.get(number - 1))
    for index in sorted(i for i in marks if i >= number):  # rows of marked cells only, below the values
        yield index + 1, _cells((), 0, marks[index])
