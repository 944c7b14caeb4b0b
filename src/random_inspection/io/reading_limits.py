"""The size limits of the spreadsheet reader (docs/rosters.md, *Limits*). Each breach is reported where it happens:
a file over a file limit as a problem of the file, a row over the row or column limit as a problem of that row, a
cell over the cell limit as a problem of that cell; the rows after a too-long cell or a too-wide row are read."""

from __future__ import annotations

__all__ = ["MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_ROWS", "MAX_SHEET_CELLS", "MAX_UNPACKED_BYTES"]

MAX_CELL_CHARS = 32_767
"""The characters a cell may hold: Excel's own limit for a cell, so any cell a spreadsheet can hold is read."""

MAX_ROWS = 2_000_000
"""The rows a file may hold. A sheet holds at most 1,048,576 rows (Excel's limit, WPS's too); a CSV may be twice
that, which holds a province's 检查对象名录库 in one file, while a file that runs away (an export repeating its
rows, a log saved as CSV) is stopped with a problem of its row instead of filling the memory."""

MAX_COLUMNS = 16_384
"""The cells a row may hold: Excel's last column, XFD."""

MAX_SHEET_CELLS = 52_000_000
"""The cells a workbook's sheet may span, rows × columns from its first cell to its last: the reader makes room for
every cell of the span (about 32 bytes each) before it gives a row, so a cell placed far down and to the right of the
roster would take gigabytes. 52,000,000 is :data:`MAX_ROWS` rows of 26 columns (A to Z); a sheet of rows under
100,000 and columns up to Z is never refused."""

MAX_FILE_BYTES = 1 << 30
"""The size of a file read (1 GiB): a CSV is read into memory whole, a workbook is handed to the reader whole."""

MAX_UNPACKED_BYTES = 1 << 30
"""The total size the members of an XLSX or ODS file (a zip archive) may unpack to, as the archive states them
(1 GiB): a small file that unpacks to gigabytes (a zip bomb) is refused before it is read."""
