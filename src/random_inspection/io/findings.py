"""Importing findings per checklist item (检查发现登记表) from CSV or XLSX: one row per subject and item, as the
inspectors fill the 检查记录 item by item. Each row becomes one finding step (``store.steps.RecordedStep``) for
``step findings`` to record; a row that cannot be read is a problem of its row, and no row is dropped silently.
A row whose answer columns (:data:`ANSWER_FIELDS`) are all empty — a row of a template filled in for the draw
(``template findings --plan``) the inspectors left as it was — is not filled in (未填写): it is listed, not
recorded, and is no problem; a row partly answered is read, and what it lacks is a problem of its row.

Columns: 统一社会信用代码; 事项编码 (the checklist item's code, one drawn for the subject); 是否发现隐患 (是 or 否);
检查发现 (what was found, in words); 整改期限 (with a hazard, the last day of rectification ordered); 检查日期 (the
day the item was inspected).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from random_inspection.errors import RandomInspectionError
from random_inspection.io.reading import is_blank
from random_inspection.io.rosters import (
    Column,
    Kind,
    RosterProblem,
    filled_rows,
    read_cells,
    read_header_columns,
)
from random_inspection.messages import tr
from random_inspection.model import normalize_uscc
from random_inspection.store.steps import RecordedStep
from random_inspection.workflow import Finding

__all__ = ["ANSWER_FIELDS", "FINDING_COLUMNS", "FindingImport", "Unanswered", "read_findings"]

FINDING_COLUMNS = (
    Column("统一社会信用代码", "subject", required=True, aliases=("社会信用代码", "信用代码")),
    Column("事项编码", "item", required=True, aliases=("检查事项编码", "编码"), identifier=True),
    Column("是否发现隐患", "hazard", Kind.FLAG, required=True, aliases=("发现隐患", "存在隐患")),
    Column("检查发现", "note", aliases=("问题描述", "检查情况")),
    Column("整改期限", "rectification_due", Kind.DATE),
    Column("检查日期", "day", Kind.DATE, required=True, aliases=("日期",)),
)
"""The columns of a findings file."""

ANSWER_FIELDS = frozenset({"hazard", "note", "rectification_due", "day"})
"""The columns the inspectors answer (是否发现隐患, 检查发现, 整改期限, 检查日期); the others identify the row and are
filled in beforehand by ``template findings --plan``."""


@attrs.frozen
class Unanswered:
    """A row not filled in (未填写): its number and the subject and item it names, as written."""

    row: int
    subject: str
    item: str

    def to_json(self) -> dict[str, str | int]:
        return {"row": self.row, "subject": self.subject, "item": self.item, "status": "未填写"}


@attrs.frozen
class FindingImport:
    """What a findings file gives: each row's finding step, by row number, every problem, and the rows not
    filled in (``unanswered``, in the file's order)."""

    source: str
    steps: tuple[tuple[int, RecordedStep], ...]
    problems: tuple[RosterProblem, ...]
    unanswered: tuple[Unanswered, ...] = ()


def read_findings(path: str | Path, *, department: str) -> FindingImport:
    """Read a findings file: every row a finding on one checklist item of a subject's inspection by
    ``department``. The store checks the rest when each is recorded (an item not drawn, a finding given twice, a
    day before the inspection). A row whose answer columns are all empty is listed as not filled in."""
    read = read_header_columns(path, {name: c for c in FINDING_COLUMNS for name in (c.header, *c.aliases)}, 3)
    source, table, problems = read.source, read.table, read.problems
    if table is None:
        return FindingImport(source, (), tuple(problems))
    missing = [c.header for c in FINDING_COLUMNS if c.required and c not in read.firsts]
    if missing:
        problems.append(RosterProblem(source, table.header_row, None,
                                      tr("no column {missing}", missing="、".join(missing)),
                                      tr("add the column with its header as the template writes it")))
        return FindingImport(source, (), tuple(problems))
    columns = read.columns
    steps: list[tuple[int, RecordedStep]] = []
    unanswered: list[Unanswered] = []
    for number, cells in filled_rows(source, table, problems):
        if is_blank([cells[i] if i < len(cells) else None for i, c in columns.items() if c.field in ANSWER_FIELDS]):
            named = {c.field: cells[i] for i, c in columns.items() if i < len(cells) and c.field not in ANSWER_FIELDS}
            unanswered.append(Unanswered(number, *(_text(named.get(f)) for f in ("subject", "item"))))
            continue
        values, row_problems = read_cells(source, number, cells, columns)
        absent = [c.header for c in FINDING_COLUMNS if c.required and values.get(c.field) is None]
        if absent and not row_problems:
            row_problems.append(RosterProblem(source, number, absent[0], tr("the cell is empty"),
                                              tr("fill in every required column")))
        if row_problems:
            problems.extend(row_problems)
            continue
        due, note = values.get("rectification_due"), str(values.get("note") or "")
        try:
            step = RecordedStep(normalize_uscc(str(values["subject"])), department,
                                dt.date.fromisoformat(values["day"]),
                                finding=Finding(str(values["item"]), not values["hazard"], note),
                                rectification_due=dt.date.fromisoformat(due) if due else None)
        except RandomInspectionError as exc:
            problems.append(RosterProblem(source, number, "统一社会信用代码", exc.what, exc.fix))
            continue
        steps.append((number, step))
    return FindingImport(source, tuple(steps), tuple(problems), tuple(unanswered))


def _text(cell: object) -> str:
    return "" if cell is None or not isinstance(cell, (str, int, float)) else str(cell).strip()
