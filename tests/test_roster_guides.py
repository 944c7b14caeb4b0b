"""Templates that guide the person filling them: drop-down lists from the model's and the profile's vocabularies,
a Chinese input hint per column, the filter and the frozen header; and an import that reads such a file as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.datavalidation import DataValidation

from random_inspection.io import (
    CHECKLIST_COLUMNS,
    INSPECTOR_COLUMNS,
    SUBJECT_COLUMNS,
    RosterKind,
    TemplateVocabulary,
    import_roster,
    read_inspectors,
    read_subjects,
    write_roster,
)
from random_inspection.io.roster_guides import HINTS, LIST_SHEET, TEMPLATE_ROWS, choices_for
from random_inspection.model import (
    CreditRiskClass,
    EnforcementDomain,
    Gender,
    IndustryTradeSector,
    ItemClass,
    SubjectStatus,
    SubjectType,
)
from tests.cli_support import run

COLUMNS = {RosterKind.SUBJECTS: SUBJECT_COLUMNS, RosterKind.INSPECTORS: INSPECTOR_COLUMNS,
           RosterKind.CHECKLIST: CHECKLIST_COLUMNS}
MODEL_LISTS: dict[RosterKind, dict[str, tuple[tuple[str, ...], str]]] = {
    RosterKind.SUBJECTS: {
        "监管领域": (tuple(d.value for d in EnforcementDomain), "stop"),
        "市场主体类型": (tuple(t.value for t in SubjectType), "stop"),
        "工贸行业": (tuple(s.value for s in IndustryTradeSector), "warning"),
        "登记状态": (tuple(s.value for s in SubjectStatus), "stop"),
        "信用风险分类": (tuple(c.value for c in CreditRiskClass), "stop"),
        "列入严重违法失信企业名单": (("是", "否"), "stop"),
        "经营异常": (("是", "否"), "stop"),
        "已受行政处罚": (("是", "否"), "stop"),
    },
    RosterKind.INSPECTORS: {
        "在岗": (("是", "否"), "stop"),
        "性别": (tuple(g.value for g in Gender), "stop"),
        "正式工作人员": (("是", "否"), "stop"),
    },
    RosterKind.CHECKLIST: {"事项类别": (tuple(c.value for c in ItemClass), "stop")},
}


def _usccs(n: int) -> list[str]:
    """``n`` valid 统一社会信用代码."""
    from random_inspection.model.identifiers import organization_code_check_character, uscc_check_character

    bodies = [f"MA{k:06d}" for k in range(n)]
    first17 = [f"91411002{b}{organization_code_check_character(b)}" for b in bodies]
    return [f + uscc_check_character(f) for f in first17]


def _validations(ws: Any) -> dict[str, DataValidation]:
    """The sheet's validations by the header of the column each covers (row 2 holds the header)."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        (cells,) = dv.sqref.ranges
        out[ws.cell(row=2, column=cells.min_col).value] = dv
    return out


def _list(book: Any, dv: DataValidation) -> list[str]:
    """The values a list validation offers: inline, or the range of the list sheet it names."""
    formula = dv.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, _, cells = formula.partition("!")
    return [c.value for (c,) in book[sheet.strip("'")][cells.replace("$", "")]]


@pytest.mark.parametrize("kind", list(RosterKind))
def test_template_offers_lists_hints_filter_and_frozen_header(tmp_path: Path, kind: RosterKind) -> None:
    book = openpyxl.load_workbook(write_roster(tmp_path / f"{kind.value}.xlsx", kind))
    assert book.sheetnames == [kind.label]  # every model list fits inline: no list sheet
    ws = book.worksheets[0]
    found = _validations(ws)
    columns = COLUMNS[kind]
    assert list(found) == [c.header for c in columns]  # one per column, each with its hint
    last = 2 + TEMPLATE_ROWS
    for c, column in enumerate(columns, start=1):
        dv = found[column.header]
        assert str(dv.sqref) == f"{openpyxl.utils.get_column_letter(c)}3:{openpyxl.utils.get_column_letter(c)}{last}"
        assert dv.showInputMessage and dv.promptTitle == column.header and dv.prompt
        if column.field in HINTS:
            assert dv.prompt.startswith(HINTS[column.field][:10])
        listed = MODEL_LISTS[kind].get(column.header)
        if listed is None:
            assert dv.type is None, column.header  # a hint only: free text, a date, several values
            continue
        values, style = listed
        assert dv.type == "list" and _list(book, dv) == list(values)
        assert dv.showErrorMessage and dv.errorStyle == style and dv.error
        assert ("只能从下拉列表中选择" if style == "stop" else "列表外的值也可以填写") in dv.error
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == f"A2:{openpyxl.utils.get_column_letter(len(columns))}{last}"
    for c, column in enumerate(columns, start=1):  # widths fit the header (CJK counted double)
        width = ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width
        assert width >= sum(2 if ord(ch) >= 0x1100 else 1 for ch in column.header)


def test_the_uscc_hint_says_what_to_type(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write_roster(tmp_path / "s.xlsx", "subjects")).worksheets[0]
    assert "18位，数字或大写字母" in _validations(ws)["统一社会信用代码"].prompt


def test_a_filled_roster_gets_lists_over_all_its_rows(tmp_path: Path) -> None:
    subjects = read_subjects(Path(__file__).parent.parent / "examples" / "rosters" / "subjects.xlsx").records
    many = [attrs.evolve(subjects[0], uscc=uscc) for uscc in _usccs(TEMPLATE_ROWS + 5)]
    ws = openpyxl.load_workbook(write_roster(tmp_path / "s.xlsx", "subjects", many)).worksheets[0]
    assert str(_validations(ws)["登记状态"].sqref) == f"H3:H{2 + TEMPLATE_ROWS + 5}"
    assert ws.auto_filter.ref == f"A2:P{2 + TEMPLATE_ROWS + 5}"


def test_the_example_row_is_still_refused(tmp_path: Path) -> None:
    result = read_subjects(write_roster(tmp_path / "s.xlsx", "subjects"))
    assert not result.records and result.bad_rows == (3,)
    assert "example row" in result.problems[0].problem


def test_round_trip_template_filled_with_openpyxl_then_imported(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "i.xlsx", "inspectors", vocabulary=TemplateVocabulary(departments=("yjj", "scj")))
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    ws.delete_rows(3)  # the example row, as the office deletes it
    header = [c.value for c in ws[2]]
    people = [{"人员编号": "P1", "姓名": "执法人员01", "单位": "工贸科", "部门代码": "yjj", "执法证号": "豫A001",
               "执法证发证日期": "2023-01-01", "在岗": "是", "性别": "女"},
              {"人员编号": "P2", "姓名": "执法人员02", "单位": "执法监察支队", "部门代码": "scj", "执法证号": "豫A002",
               "执法证发证日期": "2023/3/9", "在岗": "否", "性别": "男"}]
    for r, person in enumerate(people, start=3):
        for header_text, value in person.items():
            ws.cell(row=r, column=header.index(header_text) + 1, value=value)
    book.save(path)
    result = read_inspectors(path)
    assert result.ok, result.problems
    assert [(p.id, p.department, p.active, p.gender) for p in result.records] == [
        ("P1", "yjj", True, Gender.FEMALE), ("P2", "scj", False, Gender.MALE)]


LONG = tuple(f"部门{n:03d}" for n in range(60))  # 60 × 6 characters: over Excel's 255 inline


def test_a_long_list_goes_on_a_hidden_protected_sheet(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "c.xlsx", "checklist", vocabulary=TemplateVocabulary(departments=LONG))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["随机抽查事项清单", LIST_SHEET]
    lists = book[LIST_SHEET]
    assert lists.sheet_state == "hidden" and lists.protection.sheet
    dv = _validations(book.worksheets[0])["抽查主体"]
    assert dv.type == "list" and dv.formula1 == f"'{LIST_SHEET}'!$A$1:$A$60"
    assert _list(book, dv) == list(LONG)
    # the short lists stay inline
    assert _validations(book.worksheets[0])["事项类别"].formula1 == '"一般,重点"'


def test_the_hidden_list_sheet_is_not_read_as_the_roster(tmp_path: Path) -> None:
    import python_calamine

    path = write_roster(tmp_path / "c.xlsx", "checklist", vocabulary=TemplateVocabulary(departments=LONG))
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    ws.delete_rows(3)
    ws.append(["YJ-001", "安全生产管理机构和人员", "机构设置情况", "", "部门007", "", "", "重点"])
    book.save(path)
    calamine = python_calamine.CalamineWorkbook.from_path(str(path))
    assert calamine.sheet_names == ["随机抽查事项清单", LIST_SHEET]
    assert calamine.get_sheet_by_name(LIST_SHEET).to_python()[0][0] == "部门000"  # calamine reads it if asked
    result = import_roster(path, "checklist")
    assert result.ok, result.problems
    assert [(i.code, i.department, i.item_class) for i in result.records] == [("YJ-001", "部门007", ItemClass.KEY)]


def test_csv_template_stays_plain(tmp_path: Path) -> None:
    text = write_roster(tmp_path / "s.csv", "subjects").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(c.header for c in SUBJECT_COLUMNS)
    assert len(text.splitlines()) == 2


def test_choices_come_from_the_vocabulary_given() -> None:
    domain = next(c for c in SUBJECT_COLUMNS if c.field == "domain")
    department = next(c for c in INSPECTOR_COLUMNS if c.field == "department")
    specialties = next(c for c in INSPECTOR_COLUMNS if c.field == "specialties")
    narrowed = TemplateVocabulary(domains=("工贸",), domains_open=True, departments=("yjj",))
    assert choices_for(domain, narrowed) == choices_for(domain, narrowed)
    got = choices_for(domain, narrowed)
    assert got is not None and got.values == ("工贸",) and not got.closed
    assert choices_for(department) is None  # no profile: a code of the office's own, hinted only
    got = choices_for(department, narrowed)
    assert got is not None and got.values == ("yjj",) and got.closed
    assert choices_for(specialties, narrowed) is None  # several values in one cell: no list


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda t: t.strip() == t and t.strip())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_TEXT, min_size=1, max_size=40, unique=True))
def test_any_list_is_offered_exactly(tmp_path: Path, values: list[str]) -> None:
    path = write_roster(tmp_path / "h.xlsx", "inspectors", vocabulary=TemplateVocabulary(departments=tuple(values)))
    book = openpyxl.load_workbook(path)
    dv = _validations(book.worksheets[0])["部门代码"]
    assert dv.type == "list"
    offered = _list(book, dv)
    from random_inspection.io.cell_safety import unguard
    assert [unguard(v) for v in offered] == values


@pytest.mark.parametrize(("profile", "day", "kind", "header", "values", "style"), [
    ("lengshuitan", "2024-06-01", "subjects", "监管领域",
     ("非煤矿山", "危险化学品", "烟花爆竹", "综合监管领域"), "stop"),
    ("yanshi", "2023-06-01", "subjects", "监管领域", ("工贸",), "stop"),
    ("yanshi", "2023-06-01", "subjects", "工贸行业", ("冶金", "有色", "建材", "机械", "轻工", "纺织"), "warning"),
    ("hebi", "2020-07-10", "inspectors", "部门代码", ("yjj", "scjgj"), "stop"),
    ("hebi", "2020-07-10", "checklist", "抽查主体", ("yjj", "scjgj"), "stop"),
])
def test_template_command_takes_the_profiles_lists(tmp_path: Path, profile: str, day: str, kind: str, header: str,
                                                   values: tuple[str, ...], style: str) -> None:
    path = tmp_path / "t.xlsx"
    code, _, err = run("template", kind, str(path), "--profile", profile, "--as-of", day)
    assert code == 0, err
    book = openpyxl.load_workbook(path)
    dv = _validations(book.worksheets[0])[header]
    assert dv.type == "list" and _list(book, dv) == list(values) and dv.errorStyle == style


def test_template_command_without_profile_lists_the_model(tmp_path: Path) -> None:
    code, _, err = run("template", "subjects", str(tmp_path / "t.xlsx"))
    assert code == 0, err
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert _list(book, _validations(book.worksheets[0])["监管领域"]) == [d.value for d in EnforcementDomain]
    code, _, err = run("template", "subjects", str(tmp_path / "u.xlsx"), "--as-of", "2024-01-01")
    assert code != 0 and "--profile" in err


def test_template_command_refuses_an_unknown_profile(tmp_path: Path) -> None:
    code, _, err = run("template", "subjects", str(tmp_path / "t.xlsx"), "--profile", "nowhere",
                       "--as-of", dt.date(2024, 1, 1).isoformat())
    assert code != 0 and "nowhere" in err and not (tmp_path / "t.xlsx").exists()


def test_results_template_lists_the_schemes_codes(tmp_path: Path) -> None:
    from random_inspection.io.results import RESULT_COLUMNS
    from random_inspection.profiles import ProfileRegistry

    scheme = ProfileRegistry().resolve("xuchang", dt.date(2024, 1, 1)).value("results.scheme")
    code, _, err = run("template", "results", str(tmp_path / "r.xlsx"), "--profile", "xuchang",
                         "--as-of", "2024-01-01")
    assert code == 0, err
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    ws = book.worksheets[0]
    header = [c.value for c in ws[2]]
    assert header == [RESULT_COLUMNS[0].header, "市场主体名称", *(c.header for c in RESULT_COLUMNS[1:])]
    found = _validations(ws)
    assert list(found) == header  # a hint on every column
    dv = found["检查结果"]
    assert dv.type == "list" and _list(book, dv) == [c.label for c in scheme.codes] and dv.errorStyle == "stop"
    assert all(o.label in found["处理结果"].prompt for o in scheme.outcomes)
    assert "日期" in found["检查开始"].prompt and ws.freeze_panes == "A3"


def test_results_template_without_a_scheme_has_no_result_list(tmp_path: Path) -> None:
    code, _, err = run("template", "results", str(tmp_path / "r.xlsx"), "--profile", "shijiazhuang",
                       "--as-of", "2024-06-01")
    assert code == 0, err
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    dv = _validations(book.worksheets[0])["检查结果"]
    assert dv.type is None and "没有检查结果代码" in dv.prompt


def test_a_results_template_filled_with_openpyxl_is_recorded(tmp_path: Path) -> None:
    import json

    from random_inspection.io.results_template import write_results_template
    from random_inspection.profiles import ProfileRegistry
    from tests.cli_support import committed_and_drawn, inspectors, make_workspace

    workspace = make_workspace(tmp_path)
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    drawn = json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8"))["subjects"]
    names = {s.uscc: s.name for s in read_subjects(workspace / "rosters" / "subjects.xlsx").records}
    scheme = ProfileRegistry().resolve("xuchang", dt.date(2026, 12, 1)).value("results.scheme")
    path = write_results_template(tmp_path / "results.xlsx", scheme, [(s, names[s]) for s in drawn])
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    header = [c.value for c in ws[2]]
    assert [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) for r in (3, 4, 5)] == [
        (s, names[s]) for s in drawn]  # names beside the codes
    for r in (3, 4, 5):
        ws.cell(row=r, column=header.index("检查开始") + 1, value="2026-12-28")
        ws.cell(row=r, column=header.index("检查结束") + 1, value="2026-12-30")
        ws.cell(row=r, column=header.index("检查结果") + 1, value=scheme.codes[0].label)
    book.save(path)
    code, out, err = run("record", plan, str(path), "--store", store, "--format", "json", *inspectors(workspace))
    assert code == 0, out + err
    assert json.loads(out)["recorded"] == list(drawn)


@pytest.mark.parametrize("values", [["@"], ["'@"], ["yjj", "=1+1"], ["+86", "-"]])
def test_a_list_value_that_starts_like_a_formula_is_guarded_inline_as_on_the_list_sheet(
        tmp_path: Path, values: list[str]) -> None:
    """Found by the property above: the hidden list sheet guarded its values, the inline list did not."""
    from random_inspection.io.cell_safety import unguard

    path = write_roster(tmp_path / "h.xlsx", "inspectors", vocabulary=TemplateVocabulary(departments=tuple(values)))
    book = openpyxl.load_workbook(path)
    offered = _list(book, _validations(book.worksheets[0])["部门代码"])
    assert all(v.startswith("'") for v in offered if v[:1] in "=+-@'")
    assert [unguard(v) for v in offered] == values
