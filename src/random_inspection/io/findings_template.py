"""A 检查发现登记表 to fill (the findings file `random-inspection step findings` reads,
:mod:`random_inspection.io.findings`): one row per subject and checklist item. An ``.xlsx`` guides whoever fills
it (:func:`~random_inspection.io.roster_guides.guide_sheet`): an input hint per column, 是/否 as 是否发现隐患's
list, a filter, the header frozen; a ``.csv`` (UTF-8 with a byte-order mark) holds the header alone. Neither holds
an example row: every row of the file is read as a finding."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

from random_inspection.errors import InvalidInputError
from random_inspection.io.atomic import atomic_writer
from random_inspection.io.cell_safety import safe_cell
from random_inspection.io.findings import FINDING_COLUMNS
from random_inspection.io.roster_guides import TEMPLATE_ROWS, guide_sheet
from random_inspection.messages import tr

__all__ = ["FINDINGS_HINTS", "FINDINGS_TITLE", "write_findings_template"]

FINDINGS_TITLE = "检查发现登记表"
"""The title row (and sheet name) of the findings template."""

FINDINGS_HINTS: Mapping[str, str] = {
    "subject": "统一社会信用代码：被检查对象的代码，18位。必填；一个对象的每个检查事项各占一行。",
    "item": "事项编码：抽取给该对象的检查事项编码，如 YJ-001。必填；清单之外无检查，未抽取的事项不能登记。",
    "hazard": "是否发现隐患：是 或 否。必填。",
    "note": "检查发现：发现的问题，照实填写；符合的可空。不要写电话、身份证号、住址。",
    "rectification_due": "整改期限：发现隐患并责令限期整改的，填整改的最后一天，如 2023-03-09；其他空着。",
    "day": "检查日期：检查该事项的日期，如 2023-03-09、2023/3/9 或 2023年3月9日；不早于检查开始。必填。",
}
"""The input hint of each column of the findings template, by the field it fills."""


def write_findings_template(path: str | Path) -> Path:
    """Write an empty findings file at ``path``: ``.xlsx`` (a title row, the header of
    :data:`~random_inspection.io.findings.FINDING_COLUMNS`, text-formatted code columns, a hint per column, 是/否 as
    是否发现隐患's list) or ``.csv`` (the header alone, UTF-8 with a byte-order mark, which Excel opens as UTF-8).

    Raises:
        InvalidInputError: ``path`` is neither ``.xlsx`` nor ``.csv``.
    """
    path = Path(path)
    header = [c.header for c in FINDING_COLUMNS]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with atomic_writer(path) as out:
            text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
            csv.writer(text).writerow([safe_cell(h) for h in header])
            text.flush()
            text.detach()  # the bytes stay open for the atomic writer to flush and rename
        return path
    if suffix != ".xlsx":
        raise InvalidInputError(tr("{name}: a findings template is written as .xlsx or .csv", name=path.name),
                                where=str(path), fix=tr("name the file with .xlsx (a workbook) or .csv (UTF-8 with a "
                                                        "byte-order mark)"))
    import openpyxl
    from openpyxl.styles import Font

    from random_inspection.io.sheets import set_widths

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = FINDINGS_TITLE
    ws.append([FINDINGS_TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    for c, value in enumerate(header, start=1):
        cell = ws.cell(row=2, column=c, value=safe_cell(value))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        if FINDING_COLUMNS[c - 1].field in ("subject", "item"):  # codes a spreadsheet would turn into numbers
            for r in range(3, 3 + TEMPLATE_ROWS):
                ws.cell(row=r, column=c).number_format = "@"
    set_widths(ws, header, [], most=60)
    guide_sheet(ws, FINDING_COLUMNS, 2, TEMPLATE_ROWS, hints=FINDINGS_HINTS)
    with atomic_writer(path) as out:
        book.save(out)
    return path
