"""《冷水滩区“双随机、一公开”涉企检查登记备案表》 as an XLSX workbook, a sheet per drawn subject.

The 细则 names the form (第十四条: filled by the 承办执法股室 once the subjects and inspectors are drawn, filed with
the 区优化办, 一式三份: 区优化办、检查单位、检查对象各留存一份) but gives no layout. The layout here is designed from
what the articles say the draw settles: the subject, the inspectors (第十三条), the recusals (第十四条), the kind of
draw (第十六条 定向抽查 / 不定向抽查), the checklist items and the window (第十三条). Each sheet cites the article. A
copy stays with the subject, so the form holds no personal data, and it is checked for it before it is written.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from random_inspection.io import PlanExport
from random_inspection.io.sheets import box, new_workbook, put, save, set_print, sheet_name, title_rows
from random_inspection.messages import tr
from random_inspection.profiles import Form
from random_inspection.workflow import FREE_TEXT, Step, check_public
from random_inspection_profiles.lengshuitan import cite

__all__ = ["FILING_FORM_NOTE", "FILING_FORM_TITLE", "FORMS", "filing_form_rows", "write_filing_forms"]

DOCUMENT = "《冷水滩区应急管理局“双随机一公开”抽查工作实施细则》"
FILING_FORM_TITLE = "冷水滩区“双随机、一公开”涉企检查登记备案表"
"""The form's name, as 第十四条 writes it (without the book-title marks)."""

FILING_FORM_NOTE = (
    f"依据{DOCUMENT}第十四条：检查企业、执法人员抽取完毕后由承办执法股室填写《冷水滩区“双随机、一公开”涉企检查登记备案表》"
    "报区优化办备案。备案表一式三份，区优化办、检查单位、检查对象各留存一份。"
    "（细则未附表样，本表栏目按第十三条、第十四条、第十六条所列内容设置。）"
)
"""The note at the foot of each sheet: the article quoted, and that the layout is designed, not the source's."""

_METHODS = {"replace": "不参与本次执法检查，再次由系统选取替代执法检查人员", "swap": "与其他执法检查人员交换被检查对象"}


def _draw_kind(export: PlanExport) -> str:
    if export.manifest is None:
        return ""
    return "定向抽查" if export.manifest.rules.conditions else "不定向抽查"


def _recusals(export: PlanExport, uscc: str) -> str:
    lines = []
    for r in export.draw.recusals:
        if r.subject != uscc and r.with_subject != uscc:
            continue
        whom = export.inspector_name(r.inspector)
        expert = r.method == "swap" and r.with_subject is None  # draw-v3: the expert of the committed roster
        how = "与专家交换被检查对象" if expert else _METHODS.get(r.method, r.method)
        other = export.inspector_name(r.replacement) if r.replacement else ""
        lines.append(f"{whom}回避（{r.reason}），{how}" + (f"：{other}" if other else ""))
    return "；".join(lines) or "无"


def filing_form_rows(export: PlanExport, uscc: str) -> list[tuple[str, str, str | None, str | None]]:
    """The filled rows of one subject's form: (label, value, label, value), the second pair ``None`` where the
    value spans the row.

    Raises:
        InvalidInputError: personal data reached the form (a 公民身份号码 or a phone number).
    """
    s = export.subjects[uscc]
    record = export.record(uscc)
    team = "、".join(
        f"{export.inspector_name(p)}（{export.inspectors[p].certificate.number}）" if p in export.inspectors else p
        for p in export.team(uscc))
    window = f"{export.plan.window[0].isoformat()} 至 {export.plan.window[1].isoformat()}"
    days = ""
    if record is not None and record.on(Step.STARTED):
        first, last = record.on(Step.STARTED), record.on(Step.ENDED)
        days = first.isoformat() if first else ""
        if last and last != first:
            days += f" 至 {last.isoformat()}"
    lead = export.department_name(export.plan.lead)
    rows: list[tuple[str, str, str | None, str | None]] = [
        ("检查单位", lead, "承办执法股室", ""),
        ("检查计划", export.plan.plan_id, "抽查方式", _draw_kind(export)),
        ("检查对象名称", s.name, "统一社会信用代码", s.uscc),
        ("检查对象地址", s.contact.address or "", None, None),
        ("执法检查人员（执法证号）", team, None, None),
        ("回避情况", _recusals(export, uscc), None, None),
        ("检查事项", "；".join(export.item_name(c) for c in export.items(uscc)), None, None),
        ("检查时间段", window, "具体检查时间", days),
        ("抽取验证信息", f"清单哈希 {export.draw.manifest_hash}；公开输入 {export.draw.public_input}；"
                   f"随机种子 {export.draw.seed}", None, None),
    ]
    # the subject keeps a copy: the public-output filter, each value named by its label; 回避情况 is free text
    check_public({str(label): value for r in rows for label, value in (r[:2], r[2:]) if label is not None},
                 allowed=[uscc], free_text=(*FREE_TEXT, "回避情况"), where=tr("{form}, {uscc}", form=FILING_FORM_TITLE, uscc=uscc))
    return rows


def _sheet(ws: Worksheet, export: PlanExport, uscc: str) -> None:
    row = title_rows(ws, None, FILING_FORM_TITLE, 4)
    for label, value, label2, value2 in filing_form_rows(export, uscc):
        put(ws, row, 1, label, header=True)
        put(ws, row, 2, value)
        if label2 is None:
            box(ws, row, 2, row, 4)
        else:
            put(ws, row, 3, label2, header=True)
            put(ws, row, 4, value2 or "")
        ws.row_dimensions[row].height = 36 if len(value) < 40 else 60
        row += 1
    for c, text in enumerate(("承办执法股室（盖章）", "填表人、日期", "区优化办备案（盖章）", "备案日期"), start=1):
        put(ws, row, c, text, header=True)
        put(ws, row + 1, c, "")
    ws.row_dimensions[row + 1].height = 60
    row += 2
    put(ws, row, 1, "备注", header=True)
    put(ws, row, 2, FILING_FORM_NOTE)
    box(ws, row, 2, row, 4)
    ws.row_dimensions[row].height = 90
    for letter, width in zip("ABCD", (22, 40, 20, 28), strict=True):
        ws.column_dimensions[letter].width = width
    set_print(ws, landscape=False)


def write_filing_forms(path: str | Path, export: PlanExport) -> Path:
    """The 涉企检查登记备案表 of every drawn subject, a sheet each (named by draw order and name), to be printed
    一式三份. The 承办执法股室, the signatures and the 备案 day are left for ink.

    Raises:
        InvalidInputError: personal data reached a form.
    """
    wb = new_workbook()
    for n, uscc in enumerate(export.draw.subjects, start=1):
        _sheet(wb.create_sheet(sheet_name(f"{n}-{export.subject_name(uscc)}", wb.sheetnames)), export, uscc)
    return save(wb, path)


FORMS = (Form(FILING_FORM_TITLE, f"{FILING_FORM_TITLE}.xlsx", cite("第十四条"), False, write_filing_forms,
              copies=("区优化办", "检查单位", "检查对象"), copy_to_subject=True),)  # 备案表一式三份
"""The form the profile writes: the 备案表. The 满意度反馈卡 (第十七条) is filled by the subject, so it has no
writer; filing it is a duty (:mod:`.duties`)."""
