"""A large XLSX sheet read by python-calamine in parts at the same time, one thread each.

python-calamine's read of a sheet (``get_sheet_by_name``) lets go of the interpreter while its Rust code parses the
XML, so two reads of two halves of a sheet run on two cores at once. The sheet's XML (already unzipped for its
bounds, :func:`reading_sheet_xml.xlsx_span`) is cut between two rows, each part given the sheet's head (up to
``<sheetData>``) and tail (from ``</sheetData>``: the merged cells), and each read from a workbook of its own that
holds every other member of the file unchanged.

The parts are taken only where they give what the whole read gives: the sheet is written as the usual exporters
write it (no comment, no CDATA section, a numbered row starting right after the one before it at each cut),
each part's cells lie within its band of rows (a cell's address may name another row than its ``<row>``), and
every read succeeds. Otherwise the caller reads the whole sheet as before, with what that read gives or reports.
The rows of each part are given in the whole sheet's frame: empty rows between the parts, and the columns widened
to the whole sheet's first and last column, as the whole read would give them.

An importer reads a large sheet overlapped instead (:func:`read_overlapped`): the first part, the smaller one, is
handed on as soon as it is read, its rows from column A, so that the records of its rows are made while calamine
still reads the later part in its own thread. A later part is checked once it is read, as above; where it shows
that the rows handed on already are not the whole read's (a cell of it in an earlier part's rows, a failed read), its
rows raise :class:`PartsDisagree` and the importer reads the sheet again, whole. A later part wider than the first
(a cell to the right of every cell of the first part) is refused so too: the whole read gives every row, the header
too, as wide as the sheet's widest, and the importer reads a cell beyond the header otherwise. The rows given are
then the whole read's.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import tempfile
import threading
import zipfile
from collections.abc import Generator, Iterator
from typing import Any

import attrs

__all__ = ["FIRST_SHARE", "MIN_SPLIT_BYTES", "PARTS", "OverlapRead", "PartsDisagree", "PartsRead", "SheetParts",
           "read_in_parts", "read_overlapped", "split_sheet"]

MIN_SPLIT_BYTES = 16 << 20
"""The size of a sheet's XML from which it is read in parts (below it, the work of cutting outweighs the gain)."""

PARTS = 2
"""How many parts a large sheet is read in (one per core of the machine the figures were taken on)."""

FIRST_SHARE = 0.37
"""The share of a large sheet's XML in the first part of an overlapped read (:func:`read_overlapped`): with
calamine's read taking *C* and the records *R* of the whole sheet on one core, the first part's records end when the
second part's read does at a share of C / (2C + R), about 0.37 for the 200,000-row benchmark (C 4.6 s, R 3.4 s)."""

_ROW_CUT = re.compile(rb'</row><row r="([1-9]\d{0,6})"')
_DATA_OPEN, _DATA_CLOSE = b"<sheetData>", b"</sheetData>"


@attrs.frozen
class SheetParts:
    """A sheet's XML cut between rows.

    Attributes:
        xml: the sheet's XML.
        firsts: the 0-based row each part's band starts at (0 for the first part), rising.
        pieces: each part's pieces of ``xml`` as ``(start, end)``: a whole sheet of its own.
    """

    xml: bytes = attrs.field(repr=False)
    firsts: tuple[int, ...]
    pieces: tuple[tuple[tuple[int, int], ...], ...]

    def part(self, k: int) -> bytes:
        """The XML of the part ``k``."""
        return b"".join(self.xml[a:b] for a, b in self.pieces[k])


def split_sheet(xml: bytes, parts: int | None = None, *, shares: tuple[float, ...] | None = None) -> SheetParts | None:
    """The sheet ``xml`` cut into up to ``parts`` (:data:`PARTS`) parts between rows, of equal size or cut at the
    rising ``shares`` of its rows' XML (one fewer than the parts, each between 0 and 1); ``None`` where it is not
    written so that the cut is safe (a comment or CDATA section, no plain ``<sheetData>``) or it has no place to
    cut. Each part starts at a row with its number; calamine numbers a row without one after the row before it, as
    in the whole read."""
    opened, closed = xml.find(_DATA_OPEN), xml.rfind(_DATA_CLOSE)
    if opened < 0 or closed < opened or b"<!--" in xml or b"<![CDATA[" in xml:
        return None
    body = opened + len(_DATA_OPEN)
    if xml.find(b"<sheetData", body, closed) >= 0:
        return None
    cuts, firsts = [body], [0]
    parts = PARTS if parts is None else parts
    at = ([body + (closed - body) * k // parts for k in range(1, parts)] if shares is None
          else [body + int((closed - body) * share) for share in shares])
    for position in at:
        m = _ROW_CUT.search(xml, max(cuts[-1], position), closed)
        if m is None:
            break
        first = int(m[1]) - 1
        if first <= firsts[-1]:  # rows out of order: not cut there
            continue
        cuts.append(m.start() + len(b"</row>"))
        firsts.append(first)
    if len(cuts) < 2:
        return None
    ends, tail = [*cuts[1:], closed], (closed, len(xml))
    pieces = tuple(((0, end), tail) if k == 0 else ((0, body), (cuts[k], end), tail) for k, end in enumerate(ends))
    return SheetParts(xml, tuple(firsts), pieces)


def _write_workbook(path: str, data: bytes, member: str, parts: SheetParts, k: int) -> None:
    """The workbook ``data`` written to ``path`` with its member ``member`` replaced by the part ``k``, the members
    stored, not compressed (the part written from its pieces, not copied first)."""
    view = memoryview(parts.xml)
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as book:
        for info in archive.infolist():
            if info.filename != member:
                book.writestr(info.filename, archive.read(info))
                continue
            with book.open(info.filename, "w", force_zip64=True) as stream:
                for a, b in parts.pieces[k]:
                    stream.write(view[a:b])
    view.release()


class _Read:
    """One part read by calamine in a thread of its own."""

    def __init__(self, path: str, name: str) -> None:
        self.sheet: Any = None
        self.failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(path, name), name="xlsx-part", daemon=True)
        self._thread.start()

    def _run(self, path: str, name: str) -> None:
        import python_calamine

        try:
            self.sheet = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_name(name)
        except BaseException as exc:  # calamine's errors and panics: the whole read decides
            self.failed = exc

    def join(self) -> None:
        """Wait for the read."""
        self._thread.join()


@attrs.frozen
class PartsRead:
    """What the parts' reads give, in the whole sheet's frame (as ``CalamineSheet`` gives it).

    Attributes:
        rows: the rows from row 0, each a list of the cells from column ``start[1]`` to ``end[1]``.
        start: the first row and column holding a cell.
        end: the last row and column holding a cell.
        merged: the sheet's merged ranges as calamine gives them.
    """

    rows: Iterator[list[Any]]
    start: tuple[int, int]
    end: tuple[int, int]
    merged: Any


def read_in_parts(data: bytes, member: str, name: str, held: list[bytes]) -> PartsRead | None:
    """The sheet ``name`` (the member ``member`` of the workbook ``data``, its XML the one item of ``held``, taken
    from it so that it is let go once the parts are written) read in parts (:func:`split_sheet`) at the same time;
    ``None`` where the sheet is not cut or a read failed or a part's cells leave its band (the whole read decides).
    The parts' workbooks are written to a temporary folder, which calamine reads without a copy in memory."""
    parts = split_sheet(held.pop())
    if parts is None:
        return None
    firsts = parts.firsts
    try:
        with tempfile.TemporaryDirectory(prefix="random-inspection-", ignore_cleanup_errors=True) as folder:
            paths = [os.path.join(folder, f"part{k}.xlsx") for k in range(len(firsts))]
            for k, path in enumerate(paths):
                _write_workbook(path, data, member, parts, k)
            del parts
            reads = [_Read(path, name) for path in paths]
            for read in reads:
                read.join()
    except OSError:  # no room or no right to write a temporary folder: the whole read
        return None
    sheets = [read.sheet for read in reads]
    if any(read.failed is not None for read in reads) or any(s.start is None for s in sheets):
        return None
    bands = [*firsts[1:], None]
    for sheet, first, following in zip(sheets, firsts, bands, strict=True):
        if sheet.start[0] < first or (following is not None and sheet.end[0] >= following):
            return None
    left, right = min(s.start[1] for s in sheets), max(s.end[1] for s in sheets)
    start, end = (sheets[0].start[0], left), (sheets[-1].end[0], right)
    return PartsRead(_rows(sheets, firsts, left, right), start, end, sheets[0].merged_cell_ranges)


def _rows(sheets: list[Any], firsts: tuple[int, ...], left: int, right: int) -> Iterator[list[Any]]:
    blank = [""] * (right - left + 1)
    for k, sheet in enumerate(sheets):
        # calamine gives the rows above its first cell too
        rows: Iterator[list[Any]] = itertools.islice(sheet.iter_rows(), firsts[k], None)
        before, after = sheet.start[1] - left, right - sheet.end[1]
        if before or after:
            rows = ([*([""] * before), *row, *([""] * after)] for row in rows)
        yield from rows
        sheets[k] = None  # its cells let go once given
        if k + 1 < len(sheets):
            yield from (list(blank) for _ in range(sheet.end[0] + 1, firsts[k + 1]))


# -- overlapped: the first part handed on while the later one is read --------------------------------------------------

class PartsDisagree(Exception):
    """Raised by the rows of an overlapped read where a later part shows that the rows handed on already are not the
    whole read's (a cell of it in an earlier part's rows or to the right of every cell of the first part, a part
    without a cell, a failed read): the importer
    reads the sheet again, whole, which gives its rows or says what is wrong with the file."""


class _Reads:
    """The parts' reads, started at once, their workbooks in a temporary folder kept until every read has ended."""

    def __init__(self, data: bytes, member: str, name: str, parts: SheetParts) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="random-inspection-", ignore_cleanup_errors=True)
        self.reads: list[_Read] = []
        try:
            paths = [os.path.join(self._folder.name, f"part{k}.xlsx") for k in range(len(parts.firsts))]
            for k, path in enumerate(paths):
                _write_workbook(path, data, member, parts, k)
        except OSError:
            self._folder.cleanup()
            raise
        self.reads = [_Read(path, name) for path in paths]

    def close(self) -> None:
        """Wait for every read to end (calamine's cannot be stopped) and delete the folder; again, nothing."""
        for read in self.reads:
            read.join()
            read.sheet = None
        self._folder.cleanup()


def _agrees(read: _Read, first: int, following: int | None) -> bool:
    """Whether the part read by ``read`` gives the whole read's rows from ``first`` to before ``following``."""
    sheet = read.sheet
    return (read.failed is None and sheet is not None and sheet.start is not None and sheet.start[0] >= first
            and (following is None or sheet.end[0] < following))


def _each(reads: _Reads, firsts: tuple[int, ...]) -> Generator[list[Any], None, None]:
    bands = [*firsts[1:], None]
    width = 0  # every row as wide as the first part's widest: the whole read's, where no later part is wider
    for k, read in enumerate(reads.reads):
        read.join()
        if not _agrees(read, firsts[k], bands[k]) or (k and read.sheet.end[1] >= width):
            reads.close()
            raise PartsDisagree(k)
        sheet = read.sheet
        width = width or sheet.end[1] + 1
        # calamine gives the rows above its first cell too
        rows: Iterator[list[Any]] = itertools.islice(sheet.iter_rows(), firsts[k], None)
        before, after = sheet.start[1], width - 1 - sheet.end[1]
        if before or after:  # from column A, as the whole read is given once the reader has put its first columns
            rows = ([*([""] * before), *row, *([""] * after)] for row in rows)
        yield from rows
        read.sheet = None  # its cells let go once given
        following = bands[k]
        if following is not None:
            blank = [""] * width
            yield from (list(blank) for _ in range(sheet.end[0] + 1, following))
        del sheet
    reads.close()


class _OverlapRows:
    """The rows of an overlapped read; once they are given, abandoned (let go or closed) or refused, every part's
    read has ended and the parts' folder is deleted."""

    def __init__(self, reads: _Reads, firsts: tuple[int, ...]) -> None:
        self._reads = reads
        self._rows = _each(reads, firsts)  # (holds the reads, not this object: no cycle, let go at once)

    def __iter__(self) -> _OverlapRows:
        return self

    def __next__(self) -> list[Any]:
        return next(self._rows)

    def close(self) -> None:
        """Stop: wait for the reads still running and delete the parts' folder."""
        self._rows.close()
        self._reads.close()

    def __del__(self) -> None:
        self.close()


@attrs.frozen
class OverlapRead:
    """What an overlapped read gives before its later parts are read.

    Attributes:
        rows: the rows from row 0, each a list of the cells from column A to the first part's last; they raise
            :class:`PartsDisagree` where a later part is not as the whole read gives it. ``close()`` waits for the
            reads still running.
        total: the number of rows the sheet spans as its last row's number says (for a progress bar).
        merged: the sheet's merged ranges as calamine gives them.
    """

    rows: _OverlapRows
    total: int | None
    merged: Any


def _last_row(xml: bytes) -> int | None:
    at = xml.rfind(b'<row r="')
    digits = xml[at + 8:at + 15].partition(b'"')[0] if at >= 0 else b""
    return int(digits) if digits.isdigit() else None


def read_overlapped(data: bytes, member: str, name: str, held: list[bytes]) -> OverlapRead | None:
    """The sheet ``name`` (as :func:`read_in_parts` takes it) cut at :data:`FIRST_SHARE` of its XML, both parts'
    reads started at once, and the first part's rows handed on as soon as it is read; ``None`` where the sheet is
    not cut, the parts cannot be written, or the first part's read fails or leaves its band (the whole read
    decides, every read ended)."""
    parts = split_sheet(held.pop(), shares=(FIRST_SHARE,))
    if parts is None:
        return None
    firsts, total = parts.firsts, _last_row(parts.xml)
    try:
        reads = _Reads(data, member, name, parts)
    except OSError:  # no room or no right to write a temporary folder: the whole read
        return None
    del parts
    first = reads.reads[0]
    first.join()
    if not _agrees(first, firsts[0], firsts[1]):
        reads.close()
        return None
    return OverlapRead(_OverlapRows(reads, firsts), total, first.sheet.merged_cell_ranges)
