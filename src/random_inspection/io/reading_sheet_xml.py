"""What a workbook's XML says of the cells python-calamine gives as empty: error values (``#N/A``, ``#REF!`` …) and
formulas whose value the file does not hold; and where its cells lie, so that a cell placed millions of rows down
is refused before the reader makes room for every cell above it.

An XLSX sheet is read twice, in pieces. First, before calamine reads it, for the bounds of its cells
(:func:`xlsx_span`): one regular expression starting with the literal ``r`` finds an address of a column after Z or
a row of 1,000,000 or more (allowing spaces around its ``=``); a piece holding one is read the careful way
(:func:`_scan`'s reading of a piece), and a sheet wider than :data:`_WIDE` columns is scanned again in full for its
rows of six digits. Then, beside calamine's read, which lets go of the interpreter (:func:`xlsx_marks`): plain
searches for ``<f`` and for a quoted ``e``, which decide as that careful reading does whether the sheet may hold a
formula or an error cell; only then are the cells found parsed one by one, and the whole sheet only where a found
cell cannot be placed so (prefixed elements, a cell without its address). An ODS file's ``content.xml`` is always
parsed (the format states repeated rows and columns as counts, which calamine expands).
"""

from __future__ import annotations

import io
import posixpath
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from operator import methodcaller
from typing import IO

import attrs

from random_inspection.io.reading_limits import MAX_COLUMNS, MAX_ROWS, MAX_SHEET_CELLS
from random_inspection.io.reading_problems import CellProblem, FileProblem
from random_inspection.messages import tr

__all__ = ["NO_VALUE", "Marks", "XlsxSheet", "error_value", "ods_marks", "span_problem", "xlsx_marks",
           "xlsx_span"]

Marks = dict[int, dict[int, CellProblem]]
"""The cells calamine cannot give, by 0-based row and column."""

NO_VALUE = CellProblem(tr("a formula whose value the file does not hold"),
                       tr("open the file in the spreadsheet and save it again, or paste the values"))


def error_value(value: str) -> CellProblem:
    """The problem of a cell holding the error ``value``."""
    shown = value.strip() or "an error"
    return CellProblem(tr("the cell holds the error {shown}, not a value (a formula that failed)", shown=shown),
                       tr("correct the formula or enter the value itself, and save the file again"))


def _beyond(row: int, column: int) -> FileProblem | None:
    if row >= MAX_ROWS:
        return FileProblem(tr("has a cell at row {number:,}, beyond the {max_rows:,} rows a file may hold",
                              number=row + 1, max_rows=MAX_ROWS),
                           tr("delete the rows below the roster (or split the roster) and save the file again"))
    if column >= MAX_COLUMNS:
        return FileProblem(tr("has a cell in column {number:,}, beyond the {max_columns:,} columns a row may have",
                              number=column + 1, max_columns=MAX_COLUMNS),
                           tr("delete the columns to the right of the roster and save the file again"))
    return None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


# -- XLSX --------------------------------------------------------------------------------------------------------------

# Plain searches and a pattern that starts with a literal; an address written with spaces around its "=" (which no
# spreadsheet writes, and calamine reads) is looked for with the slower pattern.
_MARKS = (b"<f", b":f", b'"e"', b"'e'")  # a formula (perhaps: <font>, say, is not one), an error cell
_BEYOND = re.compile(rb"r=[\"']([A-Za-z]{2,}\d+|[A-Za-z]*\d{6,})")  # a column after Z, a row of 100,000 or more
# (no word boundary before the "r", as in _BEYOND, _QUICK and _FAR: every reading of a piece takes the same
# addresses, whichever way the "=" is written)
_SPACED_BEYOND = re.compile(rb"r\s*=\s*[\"']([A-Za-z]{2,}\d+|[A-Za-z]*\d{6,})")
_SPACES_BEFORE = (b" =", b"\t=", b"\n=", b"\r=")
# One search over a piece, from each "=" (found as fast as a plain search), for what is rare in a sheet: an "="
# with a space before it or no quote after it (the addresses are then looked for with the slower pattern) and an
# error cell's "e" (both an empty match), and the address of a column after Z or of a row of 1,000,000 or more.
# Rows of six digits are left out (every cell of a sheet of 100,000 rows has one): they matter only to a sheet of
# more than _WIDE columns, which is scanned again with _BEYOND.
_QUICK = re.compile(rb"=(?:(?<=[ \t\n\r]=)|(?![\"']|\Z)|[\"'](?:e[\"']|(?<=r=[\"'])([A-Za-z]{2,}\d+|[A-Za-z]*\d{7,})))")
_WIDE = MAX_SHEET_CELLS // 999_999  # the most columns a sheet of rows under 1,000,000 spans within the limit
_ROW_DIGITS = methodcaller("lstrip", b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LETTERS = methodcaller("rstrip", b"0123456789")
_REF = re.compile(r"^\$?([A-Za-z]{1,7})\$?(\d{1,12})$")
_CHUNK = 1 << 20
_TAIL = 40  # the bytes of a piece read again with the next one, so that nothing is cut between them
_SHORT_ROWS, _NARROW = 99_999, 26  # what a sheet without a tall row or a wide column spans at most
# What an address _QUICK or the careful patterns take as a column after Z or a row of 1,000,000 or more begins with
# (spaces allowed around its "="): one search from each "r", found as fast as a plain search. A piece without it
# holds no such address; a piece with it (rare: a sheet of such cells) is read the careful way.
# Its repeats are possessive where Python has them (3.11): none of them can give back what the token after it
# needs (a space is no "=", a letter no digit), so the same pieces match, and a failed try stops sooner (about a
# sixth less time over a sheet of text cells).
_FAR = re.compile(rb"r[ \t\n\r\f\v]*+=[ \t\n\r\f\v]*+[\"'](?:[A-Za-z]{2}|[A-Za-z]*+\d{7})"
                  if sys.version_info >= (3, 11)
                  else rb"r[ \t\n\r\f\v]*=[ \t\n\r\f\v]*[\"'](?:[A-Za-z]{2}|[A-Za-z]*\d{7})")
_QUOTED_E = (b'"e"', b"'e'")


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_part(archive: zipfile.ZipFile, name: str) -> str | None:
    """The zip member of the sheet ``name``, through the workbook's relationships."""
    book = "xl/workbook.xml"
    if "_rels/.rels" in archive.namelist():
        root_rels = ET.fromstring(archive.read("_rels/.rels"))
        book = next((r.get("Target", "") for r in root_rels if r.get("Type", "").endswith("/officeDocument")),
                    book).lstrip("/")
    folder = posixpath.dirname(book)
    rels = ET.fromstring(archive.read(posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    for element in ET.fromstring(archive.read(book)).iter():
        if _local(element.tag) == "sheet" and element.get("name") == name:
            rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
            target = targets.get(rid)
            if target is None:
                return None
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    return None


def _scan(stream: IO[bytes], *, exact: bool = False) -> tuple[bool, int, int]:
    """Whether the sheet holds a formula or an error cell, and the most rows and columns it may span: exactly,
    or (not ``exact``) with the rows of six digits left out, which changes nothing for a sheet of at most
    :data:`_WIDE` columns (:func:`span_problem` says the same of it). The careful reading, of which
    :func:`xlsx_span` and :func:`_is_marked` give the same answers faster."""
    tail, marked, rows, columns = b"", False, 0, 0
    while chunk := stream.read(_CHUNK):
        piece_marked, piece_rows, piece_columns = _piece(tail + chunk, exact)
        marked, rows, columns = marked or piece_marked, max(rows, piece_rows), max(columns, piece_columns)
        tail = chunk[-_TAIL:]
    return marked, max(rows, _SHORT_ROWS), max(columns, _NARROW)


def _piece(piece: bytes, exact: bool) -> tuple[bool, int, int]:
    """:func:`_scan`'s reading of one piece: whether it may hold a formula or an error cell, and the most rows and
    columns its addresses reach (0 where none is of a column after Z or a row of 1,000,000 or more)."""
    found = [b""] if exact else _QUICK.findall(piece)
    if b"" in found:  # an "=" spaced or not before a quote, or an error cell: the piece read the slower way
        return _scan_piece(piece)
    marked = b"f" in piece and (b"<f" in piece or b":f" in piece)  # no "f": no formula
    rows = columns = 0
    if found:  # the addresses of a column after Z or a row of 100,000 or more, compared in C
        rows = max(map(int, map(_ROW_DIGITS, found)))
        columns = max(_column(letters.decode()) + 1 for letters in set(map(_LETTERS, found)))
    return marked, rows, columns


def _scan_piece(piece: bytes) -> tuple[bool, int, int]:
    """:func:`_scan`'s reading of one piece that may hold an error cell or an address written with spaces around
    its "=": each search apart."""
    rows, columns = 0, 0
    marked = any(mark in piece for mark in _MARKS)
    spaced = (piece.count(b"=") != piece.count(b'="') + piece.count(b"='")
              or any(space in piece for space in _SPACES_BEFORE))
    for m in (_SPACED_BEYOND if spaced else _BEYOND).finditer(piece):
        address = m[1].decode()
        letters = address.rstrip("0123456789")
        rows, columns = max(rows, int(address[len(letters):])), max(columns, _column(letters) + 1)
    return marked, rows, columns


def span_problem(rows: int, columns: int) -> FileProblem | None:
    """The problem of a sheet spanning ``rows`` rows of ``columns`` columns, if it is over a limit."""
    beyond = _beyond(rows - 1, columns - 1)
    if beyond is not None or rows * columns <= MAX_SHEET_CELLS:
        return beyond
    return FileProblem(tr("spans up to {rows:,} rows of {columns:,} columns, more than the "
                          "{max_sheet_cells:,} cells a sheet may span",
                          rows=rows, columns=columns, max_sheet_cells=MAX_SHEET_CELLS),
                       tr("delete the cells below and to the right of the roster and save the file again"))


@attrs.frozen
class XlsxSheet:
    """An XLSX sheet whose cells lie within the limits (:func:`xlsx_span`).

    Attributes:
        part: the zip member of its XML.
        marked: whether it may hold a formula or an error cell, where the scan of its span has said so already (a
            wide sheet, scanned in full); ``None`` where :func:`xlsx_marks` is to find out.
    """

    part: str
    marked: bool | None = None
    xml: bytes | None = attrs.field(default=None, repr=False, eq=False)


def xlsx_span(archive: zipfile.ZipFile, sheet: str, *, keep: int | None = None) -> XlsxSheet | FileProblem | None:
    """The sheet ``sheet``'s XML member, read once for the bounds of its cells before calamine makes room for
    every cell of its span: a problem for a sheet whose cells lie out of bounds; ``None`` where the workbook's
    relationships name no such member (calamine reads the sheet or says why). A sheet whose XML unzips to
    ``keep`` bytes or more is unzipped whole and kept (:attr:`XlsxSheet.xml`).

    Raises whatever zipfile and the XML parser raise for a damaged file (the caller reports it)."""
    part = _sheet_part(archive, sheet)
    if part is None or part not in archive.namelist():
        return None
    xml = archive.read(part) if keep is not None and archive.getinfo(part).file_size >= keep else None

    def opened() -> IO[bytes]:
        return io.BytesIO(xml) if xml is not None else archive.open(part)

    with opened() as stream:
        rows, columns = _span(stream)
    marked = None
    if columns > _WIDE:  # a wide sheet: its rows of six digits count, which the quick scan leaves out
        with opened() as stream:
            marked, rows, columns = _scan(stream, exact=True)
    too_big = span_problem(rows, columns)
    return too_big if too_big is not None else XlsxSheet(part, marked, xml)


def _span(stream: IO[bytes]) -> tuple[int, int]:
    """The most rows and columns the sheet may span, as :func:`_scan` (not ``exact``) says: one search of each
    piece, and the careful reading only of a piece that may hold an address far out."""
    tail, rows, columns = b"", 0, 0
    while chunk := stream.read(_CHUNK):
        piece = tail + chunk
        if _FAR.search(piece) is not None:
            _, piece_rows, piece_columns = _piece(piece, exact=False)
            rows, columns = max(rows, piece_rows), max(columns, piece_columns)
        tail = chunk[-_TAIL:]
    return max(rows, _SHORT_ROWS), max(columns, _NARROW)


def _is_marked(stream: IO[bytes]) -> bool:
    """Whether the sheet may hold a formula or an error cell, as :func:`_scan` (not ``exact``) says: plain
    searches, and the careful reading only of a piece holding a quoted ``e``."""
    tail = b""
    while chunk := stream.read(_CHUNK):
        piece = tail + chunk
        if b"f" in piece and (b"<f" in piece or b":f" in piece):  # no "f" (found at memchr's speed): no formula
            return True
        if ((_QUOTED_E[0] in piece or (b"'" in piece and _QUOTED_E[1] in piece))  # (no "'": no 'e', at memchr's speed)
                and _piece(piece, exact=False)[0]):
            return True
        tail = chunk[-_TAIL:]
    return False


def xlsx_marks(archive: zipfile.ZipFile, sheet: XlsxSheet) -> Marks | FileProblem:
    """The error cells and formulas without a value of the sheet ``sheet`` (found within the limits by
    :func:`xlsx_span`); a problem for a cell that lies out of bounds all the same (a cell without its address,
    placed after the cells before it). Safe to run in a thread beside calamine's read, on an archive of its own.

    Raises whatever zipfile and the XML parser raise for a damaged file (the caller reports it)."""
    part = sheet.part
    marked = sheet.marked
    if marked is None:
        with archive.open(part) as stream:
            marked = _is_marked(stream)
    if not marked:
        return {}
    marks: Marks = {}
    quick = _marked_cells(archive.read(part))
    if quick is not None:
        for row, column, problem in quick:
            marks.setdefault(row, {})[column] = problem
        return marks
    with archive.open(part) as stream:
        for found in _xlsx_cells(stream):
            if isinstance(found, FileProblem):
                return found
            row, column, problem = found
            marks.setdefault(row, {})[column] = problem
    return marks


_TAG_END = (b" ", b">", b"/", b"\t", b"\n", b"\r")


def _cell_problem(cell: ET.Element) -> CellProblem | None:
    kind = cell.get("t") or "n"
    value = next((v.text or "" for v in cell if _local(v.tag) == "v"), None)
    formula = any(_local(f.tag) == "f" for f in cell)
    if kind == "e":
        return error_value(value or "")
    if formula and (value is None or (not value and kind not in ("str", "s", "inlineStr"))):
        return NO_VALUE
    return None


def _marked_cells(xml: bytes) -> list[tuple[int, int, CellProblem]] | None:
    """The cells of ``<f>`` elements and ``t="e"``, found by searching for them, each cell parsed alone: the work
    is the marked cells', not the sheet's. ``None`` where the sheet is written otherwise than this search expects
    (prefixed elements, a marked cell without its address), for the full parse."""
    if b"<c " not in xml:
        return None
    found: dict[int, tuple[int, int, CellProblem]] = {}
    for mark in (b"<f", b't="e"', b"t='e'"):
        at = xml.find(mark)
        while at >= 0:
            if mark == b"<f" and xml[at + 2:at + 3] not in _TAG_END:  # <font>, <filters>: not a formula
                at = xml.find(mark, at + 1)
                continue
            start = xml.rfind(b"<c", 0, at)
            while start >= 0 and xml[start + 2:start + 3] not in _TAG_END:  # <col>, <cfRule>: not a cell
                start = xml.rfind(b"<c", 0, start)
            head_end = xml.find(b">", start)
            if start < 0 or head_end < 0:
                return None
            end = head_end + 1 if xml[head_end - 1:head_end] == b"/" else xml.find(b"</c>", head_end) + 4
            if end < 4 or at >= end:  # the mark is not inside a cell (the cell before it ended)
                return None
            if start not in found:
                try:
                    cell = ET.fromstring(xml[start:end])
                except ET.ParseError:
                    return None
                m = _REF.match(cell.get("r") or "")
                if m is None:
                    return None
                problem = _cell_problem(cell)
                if problem is not None:
                    row, column = int(m[2]) - 1, _column(m[1])
                    beyond = _beyond(row, column)
                    if beyond is not None:
                        return None
                    found[start] = (row, column, problem)
            at = xml.find(mark, end)
    return list(found.values())


def _xlsx_cells(stream: IO[bytes]) -> Iterator[tuple[int, int, CellProblem] | FileProblem]:
    row, column = -1, -1
    kind, formula, value = "n", False, None
    for event, element in ET.iterparse(stream, events=("start", "end")):
        name = _local(element.tag)
        if event == "start":
            if name == "row":
                r = element.get("r")
                row = int(r) - 1 if r and r.isdigit() else row + 1
                column = -1
            elif name == "c":
                m = _REF.match(element.get("r") or "")
                row, column = (int(m[2]) - 1, _column(m[1])) if m else (row, column + 1)
                kind, formula, value = element.get("t") or "n", False, None
                beyond = _beyond(row, column)
                if beyond is not None:
                    yield beyond
                    return
            continue
        if name == "f":
            formula = True
        elif name == "v":
            value = element.text or ""
        elif name == "c":
            if kind == "e":
                yield row, column, error_value(value or "")
            elif formula and (value is None or (not value and kind not in ("str", "s", "inlineStr"))):
                yield row, column, NO_VALUE
        elif name == "row":
            element.clear()


# -- ODS ---------------------------------------------------------------------------------------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_REPEAT_MARKS = 100_000


def _count(element: ET.Element, attribute: str) -> int:
    text = element.get(f"{{{_TABLE}}}{attribute}") or "1"
    return int(text) if text.isdigit() and int(text) > 0 else 1


def ods_marks(archive: zipfile.ZipFile, sheet: str) -> Marks | FileProblem:
    """The error cells and formulas without a value of the sheet ``sheet`` of an ODS file; a problem for a cell
    with a value out of bounds.

    Raises whatever zipfile and the XML parser raise for a damaged file (the caller reports it)."""
    marks: Marks = {}
    depth, row, column, inside = 0, 0, 0, False
    rows, marked = 1, 0
    with archive.open("content.xml") as stream:
        for event, element in ET.iterparse(stream, events=("start", "end")):
            name = _local(element.tag)
            if name == "table":
                if event == "start":
                    depth += 1
                    inside = inside or (depth == 1 and element.get(f"{{{_TABLE}}}name") == sheet)
                else:
                    depth -= 1
                    if inside and depth == 0:
                        return marks
                continue
            if not inside or depth != 1:
                continue
            if name == "table-row":
                if event == "start":
                    column, rows = 0, _count(element, "number-rows-repeated")
                else:
                    row += rows
                    element.clear()
            elif name in ("table-cell", "covered-table-cell") and event == "end":
                repeat = _count(element, "number-columns-repeated")
                problem: CellProblem | None = None
                if element.get(f"{{{_CALCEXT}}}value-type") == "error":
                    problem = error_value("".join(element.itertext()))
                elif element.get(f"{{{_TABLE}}}formula") and not element.get(f"{{{_OFFICE}}}value-type"):
                    problem = NO_VALUE
                holds = problem is not None or bool(element.get(f"{{{_OFFICE}}}value-type"))
                if holds:
                    beyond = _beyond(row + rows - 1, column + repeat - 1)
                    if beyond is not None:
                        return beyond
                if problem is not None:
                    marked += repeat * rows
                    if marked > _REPEAT_MARKS:
                        return FileProblem(tr("has more than {repeat_marks:,} cells of formulas without a "
                                              "value or of errors", repeat_marks=_REPEAT_MARKS),
                                           tr("paste the values over the formulas and save the file again"))
                    for i in range(row, row + rows):
                        marks.setdefault(i, {}).update(dict.fromkeys(range(column, column + repeat), problem))
                column += repeat
    return marks
