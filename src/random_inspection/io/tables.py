"""Draw results and reports as tables, written as CSV (UTF-8 with a byte-order mark, so that a Chinese Excel opens
it as UTF-8) and as XLSX (a sheet per table).

A CSV file holds one table; :func:`write_csv_tables` writes a file per table into a folder. Text that a spreadsheet
would run as a formula (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``, ``-2+3``) is written with a ``'`` before it in
both (:func:`~random_inspection.io.cell_safety.safe_cell`), and :func:`read_csv` takes it off again. None of
these tables holds personal data: inspectors appear by name and 执法证号, subjects by name and 统一社会信用代码;
:func:`check_tables` passes them through the filter every public output passes (``workflow.privacy``) before they
are written."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path

import attrs

from random_inspection.io.atomic import write_bytes_atomic
from random_inspection.io.cell_safety import safe_cell, unguard
from random_inspection.io.chart_data import ChartData
from random_inspection.io.chart_sheets import add_chart_sheets
from random_inspection.io.plan_data import PlanExport
from random_inspection.io.sheets import fit_rows, new_workbook, put, save, set_print, set_widths, sheet_name
from random_inspection.model import ResultScheme
from random_inspection.profiles import Departure, EffectiveRule, render_value
from random_inspection.workflow import Indicator, InspectionRecord, check_public, summary_columns, summary_table

__all__ = [
    "Table", "check_tables", "draw_tables", "read_csv", "report_tables", "write_csv", "write_csv_tables",
    "write_xlsx_tables",
]

Cell = str | int


def _header(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _rows(rows: Iterable[Iterable[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(r) for r in rows)


@attrs.frozen
class Table:
    """A named table: a header and rows of text or whole numbers."""

    name: str
    header: tuple[str, ...] = attrs.field(converter=_header)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)


def draw_tables(export: PlanExport) -> list[Table]:
    """The plan's draw as five tables: 抽取结果 (each drawn subject with its team and items), 检查组 (a row per
    inspector per subject), 备选对象 (the reserve, per stratum in order), 回避 (recusals), 验证信息 (what re-checks
    the draw: algorithm, plan, manifest hash, seed source, public input, seed, strata counts)."""
    d = export.draw
    teams = dict((s, export.team(s)) for s in d.subjects)
    subjects = Table("抽取结果", ("抽取序号", "统一社会信用代码", "市场主体名称", "检查人员", "检查事项"), [
        (n, s, export.subject_name(s), "、".join(export.inspector_name(p) for p in teams[s]),
         "；".join(f"{c} {export.item_name(c)}" for c in export.items(s)))
        for n, s in enumerate(d.subjects, start=1)
    ])
    team_rows: list[tuple[Cell, ...]] = []
    for s in d.subjects:
        for p in teams[s]:
            person = export.inspectors.get(p)
            team_rows.append((s, export.subject_name(s), p, export.inspector_name(p),
                              export.department_name(person.department) if person else "",
                              person.unit if person else "", person.certificate.number if person else ""))
    team = Table("检查组", ("统一社会信用代码", "市场主体名称", "人员编号", "姓名", "部门", "单位", "执法证号"),
                 team_rows)
    reserve = Table("备选对象", ("分层", "顺序", "统一社会信用代码", "市场主体名称"), [
        (stratum, n, s, export.subject_name(s)) for stratum, ids in d.reserve for n, s in enumerate(ids, start=1)
    ])
    recusals = Table("回避", ("统一社会信用代码", "市场主体名称", "回避人员编号", "回避人员", "方式", "理由",
                            "替代人员编号", "替代人员", "交换对象", "交换对象名称"), [
        (r.subject, export.subject_name(r.subject), r.inspector, export.inspector_name(r.inspector),
         {"replace": "替代", "swap": "交换"}.get(r.method, r.method), r.reason, r.replacement or "",
         export.inspector_name(r.replacement) if r.replacement else "", r.with_subject or "",
         export.subject_name(r.with_subject) if r.with_subject else "")
        for r in d.recusals
    ])
    facts: list[tuple[Cell, ...]] = [("算法", d.algorithm), ("计划编号", export.plan.plan_id),
                                     ("清单哈希", d.manifest_hash)]
    if export.manifest is not None:
        facts += [("随机来源", export.manifest.seed_source), ("公开输入格式", export.manifest.public_input_form)]
        if export.manifest.produced_at is not None:
            facts.append(("公开输入产生时间", export.manifest.produced_at.isoformat()))
    facts += [("公开输入", d.public_input), ("随机种子", d.seed)]
    facts += [(f"分层 {s.key or '（全部）'}", f"可抽 {s.eligible}，抽取 {s.drawn}") for s in d.strata]
    return [subjects, team, reserve, recusals, Table("验证信息", ("项目", "内容"), facts)]


def check_tables(tables: Iterable[Table], *, allowed: Iterable[str] = (), where: str = "") -> None:
    """Pass tables through the public-output filter (:func:`~random_inspection.workflow.check_public`): a cell is
    named ``<table>[<row>].<column>`` (``回避[0].理由``); the columns 理由, 意见, 备注 and 说明 are free text.

    Raises:
        PersonalDataError: a phone or ID number in any cell, or a landline or home address in a free-text column.
    """
    check_public({t.name: [{h: str(v) for h, v in zip(t.header, row, strict=False)} for row in t.rows]
                  for t in tables}, allowed=allowed, where=where)


def _ratio(value: Fraction | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{value.numerator}/{value.denominator}（{float(value):.1%}）"
    return str(int(value))


def report_tables(records: Iterable[InspectionRecord], scheme: ResultScheme | None,
                  indicators: Iterable[Indicator] = (), *,
                  department_names: Mapping[str, str] | None = None,
                  departures: Iterable[tuple[Departure, EffectiveRule | None]] = ()) -> list[Table]:
    """The reports: 汇总表 (the counts per department and 合计, with the scheme's labels as columns; without a
    scheme, ``None``, the subjects inspected and those with a problem found); when given,
    指标 (each indicator against its target, met or not, and its citation); and, when the plan departs from rules
    its profile words as defaults, 偏离默认规则 (each departure with the rule's title, value, article and the
    source's qualifier, what the plan does instead and why)."""
    names = department_names or {}
    rows = [(names.get(str(r[0]), str(r[0])), *r[1:]) for r in summary_table(records, scheme)]
    tables = [Table("汇总表", summary_columns(scheme), rows)]
    shown = list(indicators)
    if shown:
        tables.append(Table("指标", ("指标", "实际", "目标", "是否达到", "依据", "说明"), [
            (i.name, _ratio(i.achieved), _ratio(i.target), {True: "是", False: "否", None: ""}[i.met],
             str(i.citation) if i.citation else "", i.detail)
            for i in shown
        ]))
    departed = list(departures)
    if departed:
        tables.append(Table("偏离默认规则", ("规则", "规定", "依据", "限定词", "本计划的做法", "理由"), [
            (d.key, _rule_value(rule), str(rule.citation) if rule else "", (rule.qualifier or "") if rule else "",
             d.value, d.reason)
            for d, rule in departed
        ]))
    return tables


def _rule_value(rule: EffectiveRule | None) -> str:
    if rule is None:
        return ""
    value = render_value(rule.value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _text(value: Cell) -> str:
    return str(safe_cell(value))


def write_csv(path: str | Path, table: Table) -> Path:
    """One table as CSV: UTF-8 with a byte-order mark, CRLF line ends, fields quoted where needed, text that a
    spreadsheet would run as a formula after a ``'`` (:func:`~random_inspection.io.cell_safety.safe_cell`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_text(h) for h in table.header])
    writer.writerows([_text(v) for v in row] for row in table.rows)
    write_bytes_atomic(path, buffer.getvalue().encode("utf-8-sig"))
    return path


def read_csv(path: str | Path) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Read a CSV written by :func:`write_csv` (the byte-order mark taken off, and the ``'`` the writer put before
    formula-like text): its header and rows, as text."""
    text = Path(path).read_bytes().decode("utf-8-sig")
    rows = [tuple(unguard(c) for c in r) for r in csv.reader(io.StringIO(text, newline=""))]
    return (rows[0] if rows else ()), rows[1:]


def write_csv_tables(folder: str | Path, tables: Sequence[Table], *, prefix: str = "") -> list[Path]:
    """Each table as ``<prefix><name>.csv`` in ``folder``."""
    return [write_csv(Path(folder) / f"{prefix}{t.name}.csv", t) for t in tables]


def write_xlsx_tables(path: str | Path, tables: Sequence[Table], charts: Sequence[ChartData] = ()) -> Path:
    """The tables as one workbook, a sheet each (named by the table), the header bold and frozen, A4 landscape;
    then a sheet per chart, its data and a native bar chart of it
    (:func:`~random_inspection.io.chart_sheets.add_chart_sheets`)."""
    wb = new_workbook()
    for table in tables:
        ws = wb.create_sheet(sheet_name(table.name, wb.sheetnames))
        for c, text in enumerate(table.header, start=1):
            put(ws, 1, c, text, header=True)
        for r, row in enumerate(table.rows, start=2):
            for c, value in enumerate(row, start=1):
                put(ws, r, c, value)
        set_widths(ws, table.header, table.rows, most=60)
        fit_rows(ws, 2, table.rows)
        ws.freeze_panes = "A2"
        set_print(ws, landscape=True, repeat_rows="1:1")
    add_chart_sheets(wb, charts)
    return save(wb, path)
