"""Importing inspection results (检查结果登记表) from CSV or XLSX: one row per drawn subject with its days, result
and handling. The team and the items come from the draw, so the file holds only what the inspectors found.

Columns: 统一社会信用代码; 检查开始 and 检查结束 (at least one); 检查结果 (the code's number or its label in
the profile's scheme); 处理结果 (labels, separated by 、); 不配合情形 (许昌 第十八条's situations, by number 1–4
or in words); 被检查对象意见; 整改期限; 共同认定部门 (鹤壁 五(五)); 发现问题事项 (the codes of the checklist items
found not compliant, separated by 、: under a profile without a result scheme they, or a 整改期限, record that a
problem was found); and any further step of the lifecycle under its own name (反馈检查结果, 录入平台并公示,
移交《联合抽查记录表》, ...) with the day it was done.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError, RandomInspectionError
from random_inspection.io.rosters import (
    Column,
    Kind,
    RosterProblem,
    filled_rows,
    read_cells,
    read_header_columns,
)
from random_inspection.messages import tr
from random_inspection.model import ResultScheme, normalize_uscc
from random_inspection.profiles import ProfileStep
from random_inspection.workflow import (
    AnyStep,
    Finding,
    InspectionKind,
    InspectionRecord,
    NonCooperationRule,
    Step,
    record_result,
)
from random_inspection.workflow.inspections import TRANSFER_STEPS

__all__ = ["RESULT_COLUMNS", "ResultImport", "read_results", "result_columns"]

RESULT_COLUMNS = (
    Column("统一社会信用代码", "subject", required=True),
    Column("检查结果", "result"),
    Column("处理结果", "handling", Kind.LIST),
    Column("不配合情形", "non_cooperation"),
    Column("被检查对象意见", "opinion"),
    Column("整改期限", "rectification_due", Kind.DATE),
    Column("共同认定部门", "agreed_by", Kind.LIST),
    Column("发现问题事项", "problem_items", Kind.LIST),
    *(Column(step.value, f"step:{step.name}", Kind.DATE) for step in Step if step not in TRANSFER_STEPS),
)
"""The columns of a results file; every step of an inspection's life is a date column of its own name (a step of
the profile's own too: :func:`result_columns`)."""


def result_columns(own_steps: Sequence[ProfileStep] = ()) -> tuple[Column, ...]:
    """:data:`RESULT_COLUMNS`, then a date column per step of the profile's own (``own_steps``, e.g.
    ``random_inspection.workflow.profile_steps(resolved)``), headed by the words it is recorded under (冷水滩:
    登记备案表报备, 满意度反馈卡报送; 鹤壁: 移交《联合抽查记录表》)."""
    return (*RESULT_COLUMNS, *(Column(s.value, f"own:{s.key}", Kind.DATE) for s in own_steps))


@attrs.frozen
class ResultImport:
    """The records a results file gives (each checked against the draw and the scheme) and every problem."""

    source: str
    records: tuple[InspectionRecord, ...]
    problems: tuple[RosterProblem, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def read_results(
    path: str | Path,
    *,
    plan_id: str,
    department: str,
    draw: Mapping[str, Any],
    scheme: ResultScheme | None,
    joint_departments: Sequence[str] = (),
    joint_office_agrees: bool = False,
    non_cooperation: NonCooperationRule | None = None,
    own_steps: Sequence[ProfileStep] = (),
) -> ResultImport:
    """Read a results file for the plan whose recorded draw is ``draw`` (its published JSON): each row becomes
    an :class:`InspectionRecord` of a drawn subject with the draw's team and items and the result checked by
    :func:`~random_inspection.workflow.record_result`. A row for a subject not drawn, a result outside the scheme,
    a bad date or a subject given twice is a problem of its row; no row is dropped silently. The situations of
    serious non-cooperation are read as ``non_cooperation`` (the profile's :class:`NonCooperationRule`) lists them:
    by their numbers in its order, or their words. Under a profile without a result scheme (``scheme`` ``None``)
    a row giving a result is a problem of its row. ``own_steps``: the steps of the profile's own, each read from
    a date column of its words (:func:`result_columns`)."""
    read = read_header_columns(path, {c.header: c for c in result_columns(own_steps)}, 2)
    source, table, matched, problems, columns = read.source, read.table, read.matched, read.problems, read.columns
    if table is None:
        return ResultImport(source, (), tuple(problems))
    ignored = tuple(h for i, h in enumerate(table.headers) if h and i not in matched)  # 市场主体名称, 备注, ...
    records: list[InspectionRecord] = []
    first: dict[str, int] = {}
    for number, cells in filled_rows(source, table, problems):
        values, row_problems = read_cells(source, number, cells, columns)
        if row_problems:
            problems.extend(row_problems)
            continue
        try:
            record = _record(values, plan_id, department, draw, scheme, joint_departments, joint_office_agrees,
                             own_steps, non_cooperation or NonCooperationRule())
        except RandomInspectionError as exc:
            problems.append(RosterProblem(source, number, None, exc.what, exc.fix))
            continue
        if record.subject in first:
            problems.append(RosterProblem(source, number, "统一社会信用代码",
                                          tr("{subject} is already on row {first}", subject=record.subject,
                                             first=first[record.subject]),
                                          tr("one row per subject: merge the two rows")))
            continue
        first[record.subject] = number
        records.append(record)
    return ResultImport(source, tuple(records), tuple(problems), ignored)


def _record(values: Mapping[str, Any], plan_id: str, department: str, draw: Mapping[str, Any],
            scheme: ResultScheme | None, joint_departments: Sequence[str], joint_office_agrees: bool,
            own_steps: Sequence[ProfileStep], rule: NonCooperationRule) -> InspectionRecord:
    subject = normalize_uscc(str(values.get("subject", "")))
    if not subject:
        raise InvalidInputError(tr("no 统一社会信用代码"), fix=tr("fill in the subject's code"))
    if subject not in draw["teams"]:
        raise InvalidInputError(tr("{subject} was not drawn in plan {plan_id}", subject=subject, plan_id=plan_id),
                                fix=tr("record results only for the subjects of the draw in force"))
    own = {s.key: s for s in own_steps}
    steps: dict[AnyStep, dt.date] = {Step[k.removeprefix("step:")]: dt.date.fromisoformat(v) for k, v in values.items()
                                     if k.startswith("step:")}
    steps.update({own[k.removeprefix("own:")]: dt.date.fromisoformat(v) for k, v in values.items()
                  if k.startswith("own:")})
    if Step.STARTED not in steps and Step.ENDED not in steps:
        raise InvalidInputError(tr("neither 检查开始 nor 检查结束 is given"), fix=tr("give the days of the inspection"))
    rectification = values.get("rectification_due")
    record = InspectionRecord(
        subject, plan_id, InspectionKind.DOUBLE_RANDOM, department, draw["teams"][subject],
        draw["items"].get(subject, ()), [Finding(item, False) for item in values.get("problem_items", ())],
        opinion=values.get("opinion", ""),
        rectification_due=dt.date.fromisoformat(rectification) if rectification else None, events=steps,
    )
    result = values.get("result")
    if scheme is None:
        if result is not None or values.get("non_cooperation", "").strip() or values.get("handling"):
            raise InvalidInputError(tr("a result is given, and the plan's profile has no result scheme "
                                       "(results.scheme)"),
                                    fix=tr("leave {columns} empty; record the items found not compliant under {found}, "
                                           "and any {period}", columns="检查结果, 处理结果 and 不配合情形",
                                           found="发现问题事项", period="整改期限"))
        return record
    if result is None and not values.get("non_cooperation", "").strip():
        return record
    if isinstance(result, str) and result.isdigit():
        result = int(result)
    return record_result(record, scheme, result, handling=values.get("handling", ()),
                         non_cooperation=_situations(values.get("non_cooperation", ""), rule),
                         non_cooperation_rule=rule,
                         joint_departments=tuple(joint_departments), agreed_by=values.get("agreed_by", ()),
                         joint_office_agrees=joint_office_agrees)


def _situations(text: str, rule: NonCooperationRule) -> list[str]:
    """The situations of serious non-cooperation the profile lists (``rule``): their numbers (1–n, in the
    document's order) or their words, one per line or separated by ；."""
    known = list(rule.situations)
    out = []
    for part in re.split(r"[；;\n]+", text):
        part = part.strip().rstrip("。")
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(known):
            out.append(known[int(part) - 1])
        elif part in known:
            out.append(part)
        else:
            listed = "；".join(f"{n}. {s}" for n, s in enumerate(known, 1))
            raise InvalidInputError(
                tr("{part!r} is not a situation of serious non-cooperation the plan's profile lists", part=part),
                fix=f"give their numbers 1–{len(known)} or their words ({rule.citation}): {listed}" if known else
                "the plan's profile lists no such situations: leave the column empty and give the result")
    return out
