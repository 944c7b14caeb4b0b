"""Layout for XLSX forms and tables: a merged title, thin borders, widths that fit Chinese text, A4 print set-up,
and cells that keep text as text.

Public API: a profile package lays out the forms it supplies (``random_inspection_forms``) with these helpers,
as the library's own tables do. A form is one workbook (:func:`new_workbook`), a sheet per table or per subject
(:func:`sheet_name`), an optional attachment label and the title (:func:`title_rows`), cells written as data
(:func:`put`, merged blocks with :func:`box`), sizes (:func:`set_widths`, :func:`fit_rows`), print set-up
(:func:`set_print`), then :func:`save`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from random_inspection.errors import InvalidInputError
from random_inspection.io.atomic import atomic_writer
from random_inspection.io.cell_safety import safe_cell
from random_inspection.messages import tr

__all__ = [
    "BODY_FONT", "THIN", "box", "fit_rows", "new_workbook", "put", "save", "set_print", "set_widths", "sheet_name",
    "text_width", "title_rows",
]

FONT_NAME = "宋体"
BODY_FONT = Font(name=FONT_NAME, size=11)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
_SIDE = Side(style="thin", color="000000")
THIN = Border(left=_SIDE, right=_SIDE, top=_SIDE, bottom=_SIDE)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def text_width(text: str) -> int:
    """Width of ``text`` in spreadsheet character units: a CJK or other wide character counts two."""
    return sum(1 if ord(ch) < 0x1100 else 2 for ch in text)


def new_workbook() -> Workbook:
    """An empty workbook (its default sheet removed)."""
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    return wb


def sheet_name(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet title from ``text`` (at most 31 characters, none of ``[]:*?/\\``)."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in text).strip("'") or "Sheet"
    used = set(taken)
    name, n = clean[:31], 1
    while name in used:
        n += 1
        suffix = f"({n})"
        name = clean[: 31 - len(suffix)] + suffix
    return name


def put(ws: Worksheet, row: int, column: int, value: Any, *, header: bool = False, centre: bool = False,
        border: bool = True) -> None:
    """Write ``value`` into a cell as data, bordered: text is a text cell, never a formula, and text a spreadsheet
    would run as one (``=…``, ``+…``, ``-…``, ``@…``) gets a ``'`` before it
    (:func:`~random_inspection.io.cell_safety.safe_cell`); a number stays a number.

    Raises:
        InvalidInputError: the text holds a control character a spreadsheet cannot store.
    """
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        raise InvalidInputError(tr("control characters in {value!r}",
                                   value=value),
                                where=tr("sheet {sheet}, cell {cell}", sheet=ws.title, cell=cell.coordinate),
                                fix=tr("remove control characters from the roster's text"))
    cell.value = safe_cell(value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.font = HEADER_FONT if header else BODY_FONT
    cell.alignment = CENTRE if header or centre else LEFT
    if border:
        cell.border = THIN


def box(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """Merge a block (when larger than a cell) and draw its borders on every cell, as a printed form has them."""
    if (first_row, first_col) != (last_row, last_col):
        ws.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)
    for r in range(first_row, last_row + 1):
        for c in range(first_col, last_col + 1):
            ws.cell(row=r, column=c).border = THIN


def title_rows(ws: Worksheet, attachment: str | None, title: str, width: int) -> int:
    """The attachment label (e.g. ``附件1``) on the first row and the title merged across ``width`` columns on the
    next; returns the next free row."""
    row = 1
    if attachment:
        ws.cell(row=1, column=1, value=safe_cell(attachment)).font = Font(name="黑体", size=12)
        row = 2
    cell = ws.cell(row=row, column=1, value=safe_cell(title))
    cell.font = TITLE_FONT
    cell.alignment = CENTRE
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = 32
    return row + 1


def set_widths(ws: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Any]], *, least: int = 6,
               most: int = 40) -> None:
    """Column widths that fit the header and the values (CJK counted double), between ``least`` and ``most``."""
    widths = [text_width(h) for h in header]
    for row in rows:
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], text_width("" if value is None else str(value)))
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(w + 2, least), most)


def fit_rows(ws: Worksheet, first_row: int, rows: Iterable[Sequence[Any]]) -> None:
    """Row heights for wrapped text: as many lines as the fullest cell of the row needs at its column's width
    (spreadsheets do not all grow a row by themselves when a file sets the widths)."""
    for r, row in enumerate(rows, start=first_row):
        lines = 1
        for c, value in enumerate(row, start=1):
            width = ws.column_dimensions[get_column_letter(c)].width or 8.43
            need = text_width("" if value is None else str(value))
            lines = max(lines, -(-need // max(int(width) - 1, 1)))
        ws.row_dimensions[r].height = max(18, 15 * lines)


def set_print(ws: Worksheet, *, landscape: bool, repeat_rows: str | None = None) -> None:
    """A4, portrait or landscape, fitted to the page width, centred, with header rows repeated on each page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    if repeat_rows:
        ws.print_title_rows = repeat_rows


def save(wb: Workbook, path: str | Path) -> Path:
    """Save ``wb`` at ``path`` (its folder made if missing) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path) as out:
        wb.save(out)
    return path
