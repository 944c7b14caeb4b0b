"""A 检查发现登记表 to fill (the findings file `random-inspection step findings` reads,
:mod:`random_inspection.io.findings`): one row per subject and checklist item. An ``.xlsx`` guides whoever fills
it (:func:`~random_inspection.io.roster_guides.guide_sheet`): an input hint per column, 是/否 as 是否发现隐患's
list, a filter, the header frozen; a ``.csv`` (UTF-8 with a byte-order mark) holds the header. Neither holds an
example row: every row of the file is read as a finding.

A :class:`FindingsGuide` narrows it to a profile or a plan: the checklist items offered as 事项编码's list, the
profile's rules quoted in the hints, and, for a plan drawn, a row per drawn subject and item already filled in
(code and name side by side: the name columns are for whoever fills the file, the reader ignores them)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.io.atomic import atomic_writer
from random_inspection.io.cell_safety import safe_cell
from random_inspection.io.findings import FINDING_COLUMNS
from random_inspection.io.roster_guides import TEMPLATE_ROWS, Choices, guide_sheet
from random_inspection.io.rosters import Column
from random_inspection.messages import tr
from random_inspection.profiles import ResolvedProfile

__all__ = ["FINDINGS_HINTS", "FINDINGS_TITLE", "FindingsGuide", "write_findings_template"]

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


SUBJECT_NAME = Column("市场主体名称", "subject_name")
ITEM_NAME = Column("检查事项名称", "item_name")
"""The names beside the codes of a guided template: for whoever fills it; the reader ignores them."""


@attrs.frozen
class FindingsGuide:
    """What narrows a findings template to a profile or a plan.

    Attributes:
        items: the checklist items (code, name) offered as 事项编码's list (none: the code is typed).
        rows: rows filled in already, one per drawn subject and item: (统一社会信用代码, 市场主体名称, 事项编码,
            检查事项名称).
        hints: input hints by field, in place of :data:`FINDINGS_HINTS`' (the profile's rules quoted).
    """

    items: tuple[tuple[str, str], ...] = ()
    rows: tuple[tuple[str, str, str, str], ...] = ()
    hints: Mapping[str, str] = attrs.field(factory=dict)

    @classmethod
    def of(cls, profile: ResolvedProfile, rows: tuple[tuple[str, str, str, str], ...] = (),
           items: tuple[tuple[str, str], ...] | None = None) -> FindingsGuide:
        """The guide of ``profile``: its checklist (``checklist.items``, where it lists one) unless ``items``
        are given (a plan's), and its rules on what is inspected (``checklist.only_listed``) and on rectification
        (``followup.rectification``) quoted with their citations in the hints."""
        if items is None:
            listed = profile.value("checklist.items", ()) if profile.has("checklist.items") else ()
            items = tuple((i.code, i.name) for i in listed)
        hints = {}
        if profile.has("checklist.only_listed"):
            rule = profile.rule("checklist.only_listed")
            hints["item"] = FINDINGS_HINTS["item"] + f"（{rule.citation.short()}）"
        if profile.has("followup.rectification"):
            rule = profile.rule("followup.rectification")
            hints["rectification_due"] = (FINDINGS_HINTS["rectification_due"] + "须督促在规定期限内整改（"
                                          f"{rule.citation.short()}）。")
        return cls(items, rows, hints)

    def columns(self) -> tuple[Column, ...]:
        """The template's columns: :data:`~random_inspection.io.findings.FINDING_COLUMNS` with the names after
        the codes."""
        subject, item, *rest = FINDING_COLUMNS
        return (subject, SUBJECT_NAME, item, ITEM_NAME, *rest)


def write_findings_template(path: str | Path, guide: FindingsGuide | None = None) -> Path:
    """Write a findings file at ``path``: ``.xlsx`` (a title row, the header of
    :data:`~random_inspection.io.findings.FINDING_COLUMNS`, text-formatted code columns, a hint per column, 是/否 as
    是否发现隐患's list) or ``.csv`` (the header, UTF-8 with a byte-order mark, which Excel opens as UTF-8). With a
    ``guide``, the names stand beside the codes, 事项编码 offers the guide's items and its rows are filled in.

    Raises:
        InvalidInputError: ``path`` is neither ``.xlsx`` nor ``.csv``.
    """
    path = Path(path)
    columns = guide.columns() if guide is not None else FINDING_COLUMNS
    header = [c.header for c in columns]
    filled = [list(r) for r in guide.rows] if guide is not None else []
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with atomic_writer(path) as out:
            text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
            writer = csv.writer(text)
            for row in (header, *filled):
                writer.writerow([safe_cell(v) for v in row])
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
    rows = max(len(filled), TEMPLATE_ROWS)
    for r, values in enumerate((header, *filled), start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=safe_cell(value))
            cell.data_type = "s"
            if r == 2:
                cell.font = Font(bold=True)
    for c, column in enumerate(columns, start=1):
        if column.field in ("subject", "item"):  # codes a spreadsheet would turn into numbers
            for r in range(3, 3 + rows):
                ws.cell(row=r, column=c).number_format = "@"
    set_widths(ws, header, filled, most=60)
    choices = {"item": Choices(tuple(code for code, _ in guide.items))} if guide is not None and guide.items else {}
    hints = {**FINDINGS_HINTS, "subject_name": "市场主体名称：方便核对，导入时不读。",
             "item_name": "检查事项名称：方便核对，导入时不读。", **(guide.hints if guide is not None else {})}
    guide_sheet(ws, columns, 2, rows, choices=choices, hints=hints)
    with atomic_writer(path) as out:
        book.save(out)
    return path
