"""鹤双随机办〔2020〕19号's four attachments as XLSX workbooks laid out like the originals: 附件1
随机抽取执法检查人员信息表, 附件2 联合抽查统计表, 附件3 联合抽查汇总表 (its two-level header merged as printed),
附件4 联合抽查记录表 (a sheet per drawn subject, laid out as the form). One workbook per attachment, as each is handed
to the joint office on its own (六(四)). 附件1, 附件2 and 附件4 carry the personal data the forms ask for
(手机号码, 身份证号, 法定代表人, 联系电话): they are filed, never published, and each sheet says so."""

from __future__ import annotations

from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from random_inspection.io import PlanExport
from random_inspection.io.sheets import (
    box,
    fit_rows,
    new_workbook,
    put,
    save,
    set_print,
    set_widths,
    sheet_name,
    title_rows,
)
from random_inspection.model import ResultScheme
from random_inspection.profiles import Form
from random_inspection.workflow import Step, Transfer, summary_table
from random_inspection_profiles.hebi import cite
from random_inspection_profiles.hebi.reports import (
    RECORD_RESULTS,
    STATISTICS_COLUMNS,
    statistics_table,
    summary_headers,
)

__all__ = [
    "FORMS", "INSPECTOR_COLUMNS", "RECORD_NOTE", "TITLES", "write_inspector_form", "write_record_forms",
    "write_statistics_form", "write_summary_form",
]

SOURCE = "鹤双随机办〔2020〕19号"

TITLES = {
    "附件1": "随机抽取执法检查人员信息表",
    "附件2": "工业企业安全生产“双随机、一公开” 联合抽查统计表",
    "附件3": "工业企业安全生产“双随机、一公开” 联合抽查汇总表",
    "附件4": "工业企业安全生产“双随机、一公开” 联合抽查记录表",
}
"""The attachments' titles, as the source writes them."""

INSPECTOR_COLUMNS = ("序号", "姓名", "性别", "单位", "职务", "执法证号", "手机号码", "身份证号")
"""附件1's columns, in order."""

RECORD_NOTE = "检查结果共分为 8 种：" + " ".join(f"{n}. {label}" for n, label in enumerate(RECORD_RESULTS, start=1))
"""附件4's 备注, as the source writes it."""

FILED = "本表含个人信息（{what}），按{source} 六(四) 报联合抽查领导小组办公室，存档备查，不予公开。"


def _filed_note(ws: Worksheet, row: int, width: int, what: str) -> None:
    put(ws, row + 1, 1, FILED.format(what=what, source=SOURCE), border=False)
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=width)


def _table(ws: Worksheet, attachment: str, header: tuple[str, ...], rows: list[tuple[str | int, ...]],
           *, landscape: bool) -> int:
    row = title_rows(ws, attachment, TITLES[attachment], len(header))
    for c, text in enumerate(header, start=1):
        put(ws, row, c, text, header=True)
    for r, values in enumerate(rows, start=row + 1):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value, centre=c == 1)
    set_widths(ws, header, rows)
    fit_rows(ws, row + 1, rows)
    set_print(ws, landscape=landscape, repeat_rows=f"{row}:{row}")
    ws.freeze_panes = f"A{row + 1}"
    return row + len(rows)


def write_inspector_form(path: str | Path, export: PlanExport) -> Path:
    """附件1 随机抽取执法检查人员信息表: a row per inspector on the plan's teams, in :data:`INSPECTOR_COLUMNS`.
    单位 is the department's name followed by the inspector's unit (a unit the roster writes with the department's
    name already is written once). Filed, not published (手机号码, 身份证号)."""
    rows: list[tuple[str | int, ...]] = []
    for n, pid in enumerate(export.team_members(), start=1):
        p = export.inspectors[pid]
        department = export.department_name(p.department)
        unit = p.unit if department == p.department or p.unit.startswith(department) else f"{department}{p.unit}"
        rows.append((n, p.name, p.gender.value if p.gender else "", unit, p.title or "", p.certificate.number,
                     p.phone or "", p.id_number or ""))
    wb = new_workbook()
    ws = wb.create_sheet("附件1")
    last = _table(ws, "附件1", INSPECTOR_COLUMNS, rows, landscape=True)
    _filed_note(ws, last, len(INSPECTOR_COLUMNS), "手机号码、身份证号")
    return save(wb, path)


def write_statistics_form(path: str | Path, export: PlanExport) -> Path:
    """附件2 联合抽查统计表 in :data:`~random_inspection_profiles.hebi.reports.STATISTICS_COLUMNS`: a row per inspection recorded
    (:func:`~random_inspection_profiles.hebi.reports.statistics_table`), then a row per drawn subject not inspected yet, its
    result columns empty. Filed, not published (法定代表人, 电话)."""
    rows: list[tuple[str | int, ...]] = list(statistics_table(export.records, export.subjects, export.inspectors,
                                                                units=export.units))
    done = {r.subject for r in export.records if r.kind.counts_as_double_random}
    for uscc in export.draw.subjects:
        if uscc in done:
            continue
        s = export.subjects[uscc]
        jurisdiction, registry = export.units.get(uscc, ("", ""))
        rows.append((str(len(rows) + 1), s.name, s.uscc, s.registration_number or "",
                     s.contact.legal_representative or "", s.contact.address or "", s.contact.phone or "",
                     jurisdiction, registry, "、".join(export.inspector_name(p) for p in export.team(uscc)),
                     "", "", ""))
    wb = new_workbook()
    ws = wb.create_sheet("附件2")
    last = _table(ws, "附件2", STATISTICS_COLUMNS, rows, landscape=True)
    _filed_note(ws, last, len(STATISTICS_COLUMNS), "法定代表人、电话")
    return save(wb, path)


def write_summary_form(path: str | Path, export: PlanExport) -> Path:
    """附件3 联合抽查汇总表: 单位 and 抽查户数 over two header rows, 抽查结果 merged across its eight columns and
    处理结果 across its four, then a row per department (by name) and 合计
    (:func:`~random_inspection.workflow.summary_table`). It holds counts only."""
    scheme: ResultScheme = export.profile.value("results.scheme")
    results, outcomes = summary_headers(scheme)
    width = 2 + len(results) + len(outcomes)
    wb = new_workbook()
    ws = wb.create_sheet("附件3")
    top = title_rows(ws, "附件3", TITLES["附件3"], width)
    put(ws, top, 1, "单位", header=True)
    box(ws, top, 1, top + 1, 1)
    put(ws, top, 2, "抽查户数", header=True)
    box(ws, top, 2, top + 1, 2)
    put(ws, top, 3, "抽查结果", header=True)
    box(ws, top, 3, top, 2 + len(results))
    put(ws, top, 3 + len(results), "处理结果", header=True)
    box(ws, top, 3 + len(results), top, width)
    for c, text in enumerate((*results, *outcomes), start=3):
        put(ws, top + 1, c, text, header=True)
    rows = [(export.department_name(str(r[0])) if r[0] != "合计" else "合计", *r[1:])
            for r in summary_table(export.records, scheme)]
    for r, values in enumerate(rows, start=top + 2):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value, centre=c > 1)
    ws.column_dimensions["A"].width = max(12, *(2 * len(str(r[0])) + 2 for r in rows))
    ws.column_dimensions["B"].width = 6
    for c in range(3, width + 1):
        ws.column_dimensions[ws.cell(row=top + 1, column=c).column_letter].width = 7
    ws.row_dimensions[top + 1].height = 150  # the narrow columns wrap their headers, as printed
    set_print(ws, landscape=True, repeat_rows=f"{top}:{top + 1}")
    return save(wb, path)


def _record_sheet(ws: Worksheet, export: PlanExport, uscc: str) -> None:
    s = export.subjects[uscc]
    record = export.record(uscc)
    started = record.on(Step.STARTED) if record else None
    row = title_rows(ws, "附件4", TITLES["附件4"], 4)
    pairs = (
        ("市场主体法人签字（或加盖企业公章）", "", "检查日期", started.isoformat() if started else ""),
        ("市场主体名称", s.name, "市场主体类型", s.subject_type.value),
        ("注册号", s.registration_number or "", "法定代表人", s.contact.legal_representative or ""),
        ("经营范围", s.industry or "", "行政区划", s.area_code),
        ("成立日期", "年 月 日", "联系电话", s.contact.phone or ""),
    )
    for label, value, label2, value2 in pairs:
        put(ws, row, 1, label, header=True)
        put(ws, row, 2, value)
        put(ws, row, 3, label2, header=True)
        put(ws, row, 4, value2)
        ws.row_dimensions[row].height = 30
        row += 1
    put(ws, row, 1, "经营地址", header=True)
    put(ws, row, 2, s.contact.address or "")
    box(ws, row, 2, row, 4)
    row += 1
    for c, text in enumerate(("检查单位", "抽查事项", "检查结果", "检查人员签字"), start=1):
        put(ws, row, c, text, header=True)
    row += 1
    findings = {f.item: f for f in record.findings} if record else {}
    drawn = set(export.items(uscc))
    order = {code: n for n, code in enumerate(export.checklist)}
    by_department: dict[str, list[str]] = {d: [] for d in export.plan.departments}
    for code in sorted(drawn, key=lambda c: (order.get(c, len(order)), c)):
        item = export.checklist.get(code)
        by_department.setdefault(item.department if item else "", []).append(code)
    by_department = {d: codes for d, codes in by_department.items() if codes}
    for department, codes in by_department.items():
        first = row
        put(ws, row, 1, export.department_name(department), header=True)
        for code in codes:
            found = findings.get(code)
            verdict = "" if found is None else ("符合" if found.compliant else "不符合") + (
                f"：{found.note}" if found.note else "")
            put(ws, row, 2, export.item_name(code))
            put(ws, row, 3, verdict, centre=True)
            put(ws, row, 4, "")
            ws.row_dimensions[row].height = 36
            row += 1
        box(ws, first, 1, row - 1, 1)
    handling = ""
    if record is not None and record.result is not None:
        handling = f"检查结果：{record.result.number}. {record.result.label}"
        if record.handling:
            handling += "；处理：" + "、".join(h.label for h in record.handling)
    if record is not None:
        handling = "；".join(filter(None, (handling, *(_transfer(export, t) for t in record.transfers
                                                       if t.on(Step.TRANSFERRED)))))
    for label, text, height in (("处理意见", handling, 48), ("备注", RECORD_NOTE, 60)):
        put(ws, row, 1, label, header=True)
        put(ws, row, 2, text)
        box(ws, row, 2, row, 4)
        ws.row_dimensions[row].height = height
        row += 1
    for letter, width in zip("ABCD", (20, 52, 16, 18), strict=True):
        ws.column_dimensions[letter].width = width
    _filed_note(ws, row - 1, 4, "法定代表人、联系电话")
    set_print(ws, landscape=False)


def _transfer(export: PlanExport, transfer: Transfer) -> str:
    """A letter of 五(六) on 附件4's 处理意见: the day sent, from and to whom (by name) and its 文号."""
    sent = transfer.on(Step.TRANSFERRED)
    sender = f"由{export.department_name(transfer.sender)}" if transfer.sender else ""
    number = f"（{transfer.letter}）" if transfer.letter else ""
    return f"{sent}{sender}函告移交{export.department_name(transfer.department)}{number}"


def write_record_forms(path: str | Path, export: PlanExport) -> Path:
    """附件4 联合抽查记录表: one sheet per drawn subject (named by its draw order and name), laid out as the form:
    the subject's particulars, then 检查单位 | 抽查事项 | 检查结果 | 检查人员签字 with each department's items drawn
    for the subject under the department's name (merged down), 检查结果 per item from the findings (符合 /
    不符合), 处理意见 (the overall result, the handling and each letter transferring the problems, 五(六), with its
    sender and 文号), and 备注 listing the eight results. Signature cells
    are left empty for ink. Filed, not published (法定代表人, 联系电话)."""
    wb = new_workbook()
    for n, uscc in enumerate(export.draw.subjects, start=1):
        ws = wb.create_sheet(sheet_name(f"{n}-{export.subject_name(uscc)}", wb.sheetnames))
        _record_sheet(ws, export, uscc)
    return save(wb, path)


FORMS = (
    Form("随机抽取执法检查人员信息表", "附件1_随机抽取执法检查人员信息表.xlsx", cite("六(四)、附件1"), True,
         write_inspector_form),
    Form("联合抽查统计表", "附件2_联合抽查统计表.xlsx", cite("六(四)、附件2"), True, write_statistics_form),
    Form("联合抽查汇总表", "附件3_联合抽查汇总表.xlsx", cite("六(四)、附件3"), False, write_summary_form),
    Form("联合抽查记录表", "附件4_联合抽查记录表.xlsx", cite("六(四)、附件4"), True, write_record_forms),
)
"""The four attachments 六(四) has filed with the joint office, in order, each with the file it is written to."""
