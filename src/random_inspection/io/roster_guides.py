"""What a roster template offers the person filling it in a spreadsheet: a drop-down list for every enumerated
column, a Chinese input hint for every column (the validation's prompt), a filter over the header, the header
frozen and widths that fit it.

The lists come from the model's vocabularies (:class:`~random_inspection.model.SubjectStatus`,
:class:`~random_inspection.model.EnforcementDomain`, ...) and, where a profile is given, from its closed
vocabularies (:class:`TemplateVocabulary`: the domains of ``pool.subjects.domains``, the sectors of
``pool.subjects.sectors``, the department codes of ``joint.departments``), never from a list written here. A
closed list refuses another value (Excel's “停止” style); an open one (the 工贸 sectors, which the model and
偃师 二(一) leave open with 等) warns and lets it in. A list longer than the 255 characters Excel takes inline goes
on a hidden, protected sheet (:data:`LIST_SHEET`) that the validation references by range; the roster stays the
first sheet, which is the one an import reads.

A validation is the spreadsheet's help, not the importer's check: the import reads the cells whatever the
validations say and checks them itself."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from random_inspection.io.cell_safety import safe_cell
from random_inspection.model import (
    CreditRiskClass,
    EnforcementDomain,
    Gender,
    IndustryTradeSector,
    ItemClass,
    SubjectStatus,
    SubjectType,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from random_inspection.io.rosters import Column
    from random_inspection.profiles import ResolvedProfile

__all__ = ["HINTS", "LIST_SHEET", "TEMPLATE_ROWS", "Choices", "TemplateVocabulary", "choices_for", "guide_sheet"]

TEMPLATE_ROWS = 1000
"""The rows below the header a template's lists and hints cover (more where a written roster has more)."""

LIST_SHEET = "下拉选项"
"""The hidden, protected sheet holding the lists too long for Excel's inline list (after the roster's sheet)."""

INLINE_LIMIT = 255
"""The most characters Excel takes in a list written inline in the validation (its formula)."""

_YES_NO = ("是", "否")

HINTS: Mapping[str, str] = {
    # 检查对象名录库
    "uscc": "统一社会信用代码：18位，数字或大写字母（营业执照上的代码）。必填，每行唯一。",
    "domain": "监管领域：从下拉列表中选择。必填。",
    "area_code": "行政区划代码：6位数字（GB/T 2260），如 411002。必填。",
    "subject_type": "市场主体类型：从下拉列表中选择；空着按企业读。",
    "sector": "工贸行业：监管领域为工贸时填写，可从下拉列表中选，也可填其他工贸行业；其他领域空着。",
    "industry": "所属行业：登记的行业，文字或国民经济行业代码。可空。",
    "status": "登记状态：从下拉列表中选择；只有存续的主体进入抽取。空着按存续读。",
    "credit_risk": "企业信用风险分类：从下拉列表中选择（A 低风险至 D 高风险）；不知道的空着。",
    "on_serious_violation_list": "是否列入严重违法失信企业名单：是 或 否；空着按否读。",
    "abnormal_operation": "是否列入经营异常名录：是 或 否；空着按否读。",
    "penalised": "是否已受行政处罚：是 或 否；空着按否读。",
    "contact.legal_representative": "法定代表人（负责人）姓名。不公开。",
    "contact.phone": "联系电话：手机或固定电话。不公开。",
    "contact.address": "经营地址。",
    "registration_number": "注册号：统一社会信用代码之前的15位注册号；没有的空着。",
    # 执法人员名录库
    "id": "人员编号：本单位给每人的编号，如 XC001。必填，每行唯一。",
    "unit": "单位：所在科室或队，如 执法监察支队；不要在前面再写局名（部门另列）。必填。",
    "department": "部门代码：人员或事项所属部门的代码，如 yjj。",
    "certificate.number": "执法证号：行政执法证上的证号。必填。",
    "certificate.valid_from": "执法证发证日期：如 2023-03-09、2023/3/9 或 2023年3月9日。必填。",
    "certificate.valid_until": "执法证有效期至：日期，写法同发证日期；长期有效的空着。",
    "certificate.issuer": "发证机关：照执法证上的全称填写。",
    "specialties": "执法专长：多个用顿号“、”分隔，如 工贸、危险化学品。",
    "active": "是否在岗：是 或 否；空着按是读。",
    "interests": "利害关系企业：有利害关系的企业的统一社会信用代码，多个用顿号“、”分隔。",
    "title": "职务：如 科员、副科长。",
    "gender": "性别：从下拉列表中选择。",
    "phone": "手机号码：11位。不公开。",
    "id_number": "身份证号：18位公民身份号码，末位可为X。不公开。",
    "regular_staff": "是否正式工作人员：是 或 否。",
    # 随机抽查事项清单
    "code": "事项编码：如 YJ-001。必填，每行唯一。",
    "content": "抽查内容：检查什么。必填。",
    "legal_basis": "抽查依据：如《中华人民共和国安全生产法》第二十四条。",
    "method": "抽查方式：如 实地核查、书面检查。",
    "domains": "适用领域：多个用顿号“、”分隔；空着为所有领域。",
    "item_class": "事项类别：一般 或 重点；空着按一般读。",
    # 检查结果登记表
    "subject": "统一社会信用代码：抽中的检查对象的代码，18位。必填，每个对象一行。",
    "subject_name": "市场主体名称：方便核对，导入时不读。",
    "result": "检查结果：本方案检查结果的编号或名称。",
    "handling": "处理结果：多个用顿号“、”分隔。",
    "non_cooperation": "不配合情形：填情形的编号（按文件顺序）或文字，多个用顿号“、”分隔。",
    "opinion": "被检查对象意见：照实填写。会公开，不要写电话、身份证号、住址。",
    "rectification_due": "整改期限：日期，如 2023-03-09、2023/3/9 或 2023年3月9日。",
    "agreed_by": "共同认定部门：联合抽查时共同认定结果的部门代码，多个用顿号“、”分隔。",
    "problem_items": "发现问题事项：不符合的抽查事项编码，多个用顿号“、”分隔。",
}
"""The input hint of each roster column, by the field it fills (what to type and in which form); a column not
here (the name of each roster) is hinted by its header and whether it must be filled."""


@attrs.frozen
class Choices:
    """The values a column's drop-down list offers; ``closed``: a value outside them is refused by the
    spreadsheet (else it warns and lets it in)."""

    values: tuple[str, ...]
    closed: bool = True


@attrs.frozen
class TemplateVocabulary:
    """A profile's vocabularies a template lists, in place of the model's whole vocabulary: the domains of its
    subject pool (``pool.subjects.domains``), its 工贸 sectors (``pool.subjects.sectors``, open where the source
    ends the list with 等) and the codes of its departments (``joint.departments``), each empty where the
    profile sets none."""

    domains: tuple[str, ...] = ()
    domains_open: bool = False
    sectors: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()

    @classmethod
    def of(cls, profile: ResolvedProfile) -> TemplateVocabulary:
        """The vocabularies ``profile`` sets (its rules in force on the day it was resolved for)."""
        def rule(key: str) -> tuple[tuple[Any, ...], bool]:
            if not profile.has(key):
                return (), False
            found = profile.rule(key)
            return tuple(found.value or ()), found.open_list
        domains, domains_open = rule("pool.subjects.domains")
        sectors, _ = rule("pool.subjects.sectors")
        departments, _ = rule("joint.departments")
        return cls(tuple(d.value for d in domains), domains_open, tuple(s.value for s in sectors),
                   tuple(d.code for d in departments))


def _values(members: Any) -> tuple[str, ...]:
    return tuple(m.value for m in members)


def choices_for(column: Column, vocabulary: TemplateVocabulary | None = None) -> Choices | None:
    """The list of ``column`` (its enumeration in the model, narrowed by the profile's ``vocabulary``), or
    ``None`` for a column of free text, numbers, dates or several values."""
    from random_inspection.io.rosters import Kind

    vocabulary = vocabulary or TemplateVocabulary()
    if column.kind is Kind.FLAG:
        return Choices(_YES_NO)
    if column.kind is not Kind.TEXT:
        return None
    field = column.field
    if field == "domain":
        if vocabulary.domains:
            return Choices(vocabulary.domains, closed=not vocabulary.domains_open)
        return Choices(_values(EnforcementDomain))
    if field == "sector":  # the model keeps another 工贸 sector as its text: the list is open
        return Choices(vocabulary.sectors or _values(IndustryTradeSector), closed=False)
    if field == "department" and vocabulary.departments:
        return Choices(vocabulary.departments)
    enumerated: Mapping[str, Any] = {"subject_type": SubjectType, "status": SubjectStatus,
                                     "credit_risk": CreditRiskClass, "gender": Gender, "item_class": ItemClass}
    return Choices(_values(enumerated[field])) if field in enumerated else None


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _hint(column: Column, choices: Choices | None) -> str:
    from random_inspection.io.rosters import Kind

    if column.field not in HINTS and column.kind is Kind.DATE:  # a step of a results file, by its own name
        return _fit(f"{column.header}：完成的日期，如 2023-03-09、2023/3/9 或 2023年3月9日。", 255)
    hint = HINTS.get(column.field, f"{column.header}：{'必填' if column.required else '可空'}。")
    if choices is not None and "下拉" not in hint and "是 或 否" not in hint:
        hint += "可选：" + "、".join(choices.values) + "。"
    return _fit(hint, 255)


def _list_formula(book: Workbook, values: Sequence[str], lists: dict[tuple[str, ...], str]) -> str:
    """The validation's list: inline where it fits, else a range of the hidden list sheet (one column a list).
    Either way each value is guarded as every written cell is (io/cell_safety.py): a value picked from the list
    lands in a cell, and the importers take the guard off again."""
    inline = ",".join(str(safe_cell(v)) for v in values)
    if len(inline) + 2 <= INLINE_LIMIT and not any('"' in v or "," in v for v in values):
        return f'"{inline}"'
    key = tuple(values)
    if key not in lists:
        sheet = book[LIST_SHEET] if LIST_SHEET in book.sheetnames else book.create_sheet(LIST_SHEET)
        sheet.sheet_state = "hidden"
        sheet.protection.sheet = True
        column = len(lists) + 1
        for r, value in enumerate(values, start=1):
            sheet.cell(row=r, column=column, value=safe_cell(value)).data_type = "s"
        letter = get_column_letter(column)
        lists[key] = f"{quote_sheetname(LIST_SHEET)}!${letter}$1:${letter}${len(values)}"
    return lists[key]


def guide_sheet(ws: Worksheet, columns: Sequence[Column], header_row: int, rows: int,
                vocabulary: TemplateVocabulary | None = None, *, choices: Mapping[str, Choices] | None = None,
                hints: Mapping[str, str] | None = None) -> None:
    """Give the roster sheet ``ws`` (header on ``header_row``, ``columns`` in order from column A) a hint per
    column and a list per enumerated column over the ``rows`` rows below the header, a filter over the header and
    those rows, and the header frozen. ``choices`` and ``hints`` (by field) take the place of
    :func:`choices_for`'s and :data:`HINTS`' for their fields (a results file's codes come from the scheme)."""
    book = ws.parent
    assert book is not None  # a sheet of a workbook
    lists: dict[tuple[str, ...], str] = {}
    first, last = header_row + 1, header_row + rows
    for c, column in enumerate(columns, start=1):
        letter = get_column_letter(c)
        listed = (choices or {}).get(column.field) or choices_for(column, vocabulary)
        title = _fit(column.header, 32)
        if listed is None:
            dv = DataValidation(showInputMessage=True, allow_blank=True)
        else:
            shown = "、".join(listed.values)
            if listed.closed:
                error = _fit(f"“{column.header}”只能从下拉列表中选择：{shown}。", 255)
                dv = DataValidation(type="list", formula1=_list_formula(book, listed.values, lists),
                                    showInputMessage=True, showErrorMessage=True, allow_blank=True,
                                    errorStyle="stop", errorTitle="不在列表中的值", error=error)
            else:
                error = _fit(f"“{column.header}”的列表为：{shown}。列表外的值也可以填写，请确认无误。", 255)
                dv = DataValidation(type="list", formula1=_list_formula(book, listed.values, lists),
                                    showInputMessage=True, showErrorMessage=True, allow_blank=True,
                                    errorStyle="warning", errorTitle="列表外的值", error=error)
        dv.promptTitle = title
        dv.prompt = _fit(hints[column.field], 255) if hints and column.field in hints else _hint(column, listed)
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{last}"
    ws.freeze_panes = f"A{first}"
