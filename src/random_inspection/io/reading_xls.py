"""What an old binary XLS (BIFF8 in a compound file, as Excel 97–2003 and WPS save it) says of the cells
python-calamine gives as empty — error values, in error cells and as a formula's cached result — and how far its
cells reach, read before calamine makes room for every cell of the sheet's span.

The compound file is read as its specification ([MS-CFB]) lays it out, the ``Workbook`` stream as [MS-XLS] does:
the sheet's records are walked once, from its ``BOF`` to its ``EOF``, reading only each record's type, length and
first bytes. A file this reading cannot follow gives no marks: calamine reads it or says why.
"""

from __future__ import annotations

import struct

from random_inspection.io.reading_problems import CellProblem, FileProblem
from random_inspection.io.reading_sheet_xml import Marks, error_value, span_problem

__all__ = ["xls_marks"]

_END, _FREE = 0xFFFFFFFE, 0xFFFFFFFF
_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
           0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
# The records of a cell, whose data start with its row and column (MS-XLS 2.4): FORMULA, NUMBER, LABEL, BOOLERR,
# RK, LABELSST, MULRK, RSTRING, BLANK, MULBLANK.
_CELLS = {0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00BD, 0x00D6, 0x0201, 0x00BE}


def _stream(data: bytes, name: str) -> bytes | None:
    """The stream ``name`` of the compound file ``data``, or ``None``."""
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
        return None
    size = 1 << shift
    sectors = max(0, (len(data) - size) // size)

    def sector(n: int) -> bytes:
        return data[(n + 1) * size:(n + 2) * size]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    next_difat, count = struct.unpack_from("<II", data, 0x44)
    for _ in range(min(count, sectors)):
        if next_difat >= sectors:
            break
        words = struct.unpack_from(f"<{size // 4}I", sector(next_difat))
        difat += words[:-1]
        next_difat = words[-1]
    fat: list[int] = []
    for n in difat:
        if n < sectors:
            fat += struct.unpack_from(f"<{size // 4}I", sector(n))

    def chain(start: int, table: list[int]) -> list[int]:
        out: list[int] = []
        while start < len(table) and len(out) <= len(table):
            out.append(start)
            start = table[start]
        return out

    directory = b"".join(sector(n) for n in chain(struct.unpack_from("<I", data, 0x30)[0], fat))
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        return None
    root_start, root_size = struct.unpack_from("<IQ", entries[0], 0x74)
    cutoff = struct.unpack_from("<I", data, 0x38)[0]
    for entry in entries:
        length = struct.unpack_from("<H", entry, 0x40)[0]
        if entry[0x42] != 2 or entry[: max(0, length - 2)].decode("utf-16-le", "replace") != name:
            continue
        start, stream_size = struct.unpack_from("<IQ", entry, 0x74)
        if stream_size >= cutoff:
            return b"".join(sector(n) for n in chain(start, fat))[:stream_size]
        mini_fat_bytes = b"".join(sector(n) for n in chain(struct.unpack_from("<I", data, 0x3C)[0], fat))
        mini_fat = list(struct.unpack_from(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes))
        container = b"".join(sector(n) for n in chain(root_start, fat))[:root_size]
        mini = 1 << mini_shift
        return b"".join(container[n * mini:(n + 1) * mini] for n in chain(start, mini_fat))[:stream_size]
    return None


def _sheet_offset(book: bytes, sheet: str) -> int | None:
    """Where the sheet ``sheet`` starts in the ``Workbook`` stream (its BOUNDSHEET record)."""
    at = 0
    while at + 4 <= len(book):
        kind, length = struct.unpack_from("<HH", book, at)
        body = book[at + 4:at + 4 + length]
        if kind == 0x0085 and len(body) >= 8:
            chars, high = body[6], body[7]
            raw = body[8:8 + chars * (2 if high & 1 else 1)]
            if (raw.decode("utf-16-le", "replace") if high & 1 else raw.decode("latin-1")) == sheet:
                return int(struct.unpack_from("<I", body, 0)[0])
        elif kind == 0x000A:
            return None
        at += 4 + length
    return None


def xls_marks(data: bytes, sheet: str) -> Marks | FileProblem:
    """The error cells of the sheet ``sheet`` of the XLS ``data``; a problem for a sheet whose cells reach beyond
    the limits. No marks where the file cannot be followed (calamine reports it, or reads what there is)."""
    try:
        book = _stream(data, "Workbook")
        at = None if book is None else _sheet_offset(book, sheet)
    except (struct.error, IndexError, ValueError):
        return {}
    if book is None or at is None:
        return {}
    marks: Marks = {}
    rows = columns = 0
    while at + 4 <= len(book):
        kind, length = struct.unpack_from("<HH", book, at)
        body = book[at + 4:at + 4 + length]
        at += 4 + length
        if kind == 0x000A:
            break
        if kind not in _CELLS or len(body) < 6:
            continue
        row, column = struct.unpack_from("<HH", body, 0)
        last = column
        if kind in (0x00BD, 0x00BE) and len(body) >= 6:  # MULRK, MULBLANK: the last column ends the record
            last = struct.unpack_from("<H", body, len(body) - 2)[0]
        rows, columns = max(rows, row + 1), max(columns, last + 1)
        problem: CellProblem | None = None
        if kind == 0x0205 and len(body) >= 8 and body[7] == 1:
            problem = error_value(_ERRORS.get(body[6], "an error"))
        elif kind == 0x0006 and len(body) >= 14 and body[6] == 2 and body[12:14] == b"\xff\xff":
            problem = error_value(_ERRORS.get(body[8], "an error"))
        if problem is not None:
            marks.setdefault(row, {})[column] = problem
    too_big = span_problem(rows, columns)
    return too_big if too_big is not None else marks
