"""The spreadsheet reader: every row of every file bureaus use read, in the file's row numbers, or reported with
its row and column — whatever the file claims about itself."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.cli import main
from random_inspection.demo import load_demo_data
from random_inspection.io import read_checklist, read_inspectors, read_subjects, reading_book, reading_csv, roster_rows
from random_inspection.io.reading import (
    MAX_CELL_CHARS,
    CellProblem,
    FileProblem,
    RawTable,
    RowProblem,
    decode_text,
    header_rows,
    read_table,
)
from tests.reading_support import (
    DATA,
    EXAMPLES,
    members,
    ods_bytes,
    ods_cell,
    rewrite_sheet,
    rezip,
    set_cell,
    xlsx_bytes,
)

SUBJECTS, INSPECTORS, CHECKLIST = load_demo_data()
REAL = (EXAMPLES / "subjects.xlsx").read_bytes()  # a title row, the header on row 2, 30 subjects on rows 3–32


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _csv(rows: list[list[str]] | list[tuple[str, ...]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


# -- every row, whatever the file claims ----------------------------------------------------------------------------

def test_a_dimension_that_understates_the_used_range_hides_no_row(tmp_path: Path) -> None:
    data = rewrite_sheet(REAL, lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:C8"', xml))
    result = read_subjects(_write(tmp_path / "s.xlsx", data))
    assert result.records == tuple(SUBJECTS) and result.rows == tuple(range(3, 33)) and result.ok


def test_rows_out_of_order_in_the_xml_are_read_in_the_file_s_row_numbers(tmp_path: Path) -> None:
    def swap(xml: str) -> str:
        rows = re.findall(r"<row [^>]*>.*?</row>", xml)
        return xml.replace(rows[5], "\0").replace(rows[4], rows[5]).replace("\0", rows[4])  # row 6 before row 5

    data = rewrite_sheet(REAL, swap)
    assert members(data)["xl/worksheets/sheet1.xml"].index(b'r="6"') < members(data)["xl/worksheets/sheet1.xml"].index(
        b'<row r="5"')
    result = read_subjects(_write(tmp_path / "s.xlsx", data))
    assert result.records == tuple(SUBJECTS) and result.rows == tuple(range(3, 33))


def test_a_sheet_that_starts_below_and_right_of_a1_keeps_its_row_and_column_numbers(tmp_path: Path) -> None:
    header, *rows = roster_rows("subjects", SUBJECTS[:2])
    data = xlsx_bytes([[], [], *[["", "", *r] for r in (header, *rows)]])  # the table from C3
    table = read_table(_write(tmp_path / "s.xlsx", data), lambda h: "统一社会信用代码" in h)
    assert isinstance(table, RawTable) and table.header_row == 3 and table.headers[2] == "统一社会信用代码"
    got = [(n, c) for n, c in table.rows]
    assert [n for n, _ in got] == [4, 5] and all(isinstance(c, tuple) and c[2] == s.uscc
                                                 for (_, c), s in zip(got, SUBJECTS, strict=False))


# -- cells a spreadsheet cannot give as values ----------------------------------------------------------------------

def test_a_formula_without_a_cached_value_is_a_problem_of_its_cell(tmp_path: Path) -> None:
    header, *rows = [list(r) for r in roster_rows("inspectors", INSPECTORS[:2])]
    rows[0][header.index("姓名")] = '=CONCATENATE("执法","人员01")'  # openpyxl writes the formula, no value
    result = read_inspectors(_write(tmp_path / "p.xlsx", xlsx_bytes([header, *rows])))
    assert result.records == (INSPECTORS[1],)
    (problem,) = result.problems
    assert (problem.row, problem.column) == (2, "姓名")
    assert "a formula whose value the file does not hold" in problem.problem and "save it again" in problem.fix


def test_a_formula_with_its_cached_value_is_read(tmp_path: Path) -> None:
    data = rewrite_sheet(REAL, lambda xml: set_cell(
        xml, "B3", f'<c r="B3" t="str"><f>"{SUBJECTS[0].name}"</f><v>{SUBJECTS[0].name}</v></c>'))
    assert read_subjects(_write(tmp_path / "s.xlsx", data)).records == tuple(SUBJECTS)


@pytest.mark.parametrize("error", ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?"])
def test_an_error_cell_is_a_problem_of_its_cell_not_text(tmp_path: Path, error: str) -> None:
    data = rewrite_sheet(REAL, lambda xml: set_cell(xml, "B4", f'<c r="B4" t="e"><f>VLOOKUP(A4,X!A:B,2,0)</f>'
                                                                f"<v>{error}</v></c>"))
    result = read_subjects(_write(tmp_path / "s.xlsx", data))
    assert len(result.records) == 29 and result.bad_rows == (4,)
    (problem,) = result.problems
    assert problem.column == "市场主体名称" and f"the error {error}" in problem.problem


def test_an_error_cell_beyond_the_cells_with_values_is_still_reported(tmp_path: Path) -> None:
    # calamine's range ends at the last cell with a value: an error in a row of its own below it must still show
    data = rewrite_sheet(REAL, lambda xml: xml.replace(
        "</sheetData>", '<row r="40"><c r="A40" t="e"><v>#REF!</v></c></row></sheetData>'))
    result = read_subjects(_write(tmp_path / "s.xlsx", data))
    assert len(result.records) == 30 and result.bad_rows == (40,)
    assert result.problems[0].column == "统一社会信用代码" and "#REF!" in result.problems[0].problem


def test_a_formula_cell_without_its_address_is_placed_by_its_order(tmp_path: Path) -> None:
    data = rewrite_sheet(REAL, lambda xml: xml.replace(
        "</sheetData>", '<row r="40"><c t="inlineStr"><is><t>x</t></is></c><c><f>1+1</f></c></row></sheetData>'))
    result = read_subjects(_write(tmp_path / "s.xlsx", data))
    assert result.bad_rows == (40,) and ("市场主体名称", "a formula whose value the file does not hold") in [
        (p.column, p.problem) for p in result.problems]


@pytest.mark.parametrize("number", ["1e400", "-1e400", "NaN", "inf"])
def test_a_number_that_is_not_finite_is_a_problem_of_its_cell(tmp_path: Path, number: str) -> None:
    data = rewrite_sheet(REAL, lambda xml: set_cell(xml, "D5", f'<c r="D5" t="n"><v>{number}</v></c>'))
    result = read_subjects(_write(tmp_path / "s.xlsx", data))
    (problem,) = result.problems
    assert (problem.row, problem.column) == (5, "行政区划代码") and "not a finite number" in problem.problem


def test_a_workbook_cell_over_the_size_limit_is_a_problem_of_its_cell(tmp_path: Path) -> None:
    header, *rows = [list(r) for r in roster_rows("checklist", CHECKLIST[:3])]
    rows[0][header.index("抽查内容")] = "长" * (MAX_CELL_CHARS + 1)
    result = read_checklist(_write(tmp_path / "c.xlsx", xlsx_bytes([header, *rows])))
    assert result.records == tuple(CHECKLIST[1:3])
    (problem,) = result.problems
    assert (problem.row, problem.column) == (2, "抽查内容")
    assert f"{MAX_CELL_CHARS:,} characters or more" in problem.problem


def test_a_cell_problem_in_a_column_not_read_leaves_the_row_alone(tmp_path: Path) -> None:
    header, *rows = [[*r, "备注"] if i == 0 else [*r, "=1/0"]
                     for i, r in enumerate(roster_rows("checklist", CHECKLIST))]
    result = read_checklist(_write(tmp_path / "c.xlsx", xlsx_bytes([header, *rows])))
    assert result.records == tuple(CHECKLIST) and result.ignored_columns == ("备注",)


# -- CSV --------------------------------------------------------------------------------------------------------------

def test_a_tab_separated_csv_with_a_title_row_is_read(tmp_path: Path) -> None:
    rows = [["检查对象名录库（2026年）"], *roster_rows("subjects", SUBJECTS)]
    result = read_subjects(_write(tmp_path / "s.csv", _csv(rows, "\t")))
    assert result.records == tuple(SUBJECTS) and result.header_row == 2


def test_the_separator_is_the_one_the_header_row_is_found_with(tmp_path: Path) -> None:
    title = "说明：" + "，".join("甲乙") + "," * 80  # a title line of commas, more than the tab-separated rows' tabs
    rows = [[title], *roster_rows("subjects", SUBJECTS[:1])]
    text = title + "\r\n" + _csv(rows[1:], "\t").decode("utf-8-sig")
    assert text.count(",") > text.count("\t")
    result = read_subjects(_write(tmp_path / "s.csv", text.encode("utf-8")))
    assert result.records == (SUBJECTS[0],) and result.header_row == 2


def test_a_csv_row_too_wide_is_a_problem_of_its_row_and_the_next_rows_are_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading_csv, "MAX_COLUMNS", 20)
    header, *rows = [list(r) for r in roster_rows("checklist", CHECKLIST[:3])]
    rows[0] += [""] * 15
    result = read_checklist(_write(tmp_path / "c.csv", _csv([header, *rows])))
    assert result.records == tuple(CHECKLIST[1:3])
    (problem,) = result.problems
    assert problem.row == 2 and problem.column is None and "more than the 20 columns" in problem.problem
    assert len(result.records) + len(result.bad_rows) == result.data_rows == 3


def test_rows_over_the_row_limit_are_reported_on_the_first_of_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading_csv, "MAX_ROWS", 4)
    result = read_subjects(_write(tmp_path / "s.csv", _csv(roster_rows("subjects", SUBJECTS[:6]))))
    assert result.records == tuple(SUBJECTS[:3]) and result.bad_rows == (5,)
    assert "more than 4 rows" in result.problems[0].problem and result.data_rows == 4


def test_rows_over_the_row_limit_in_a_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading_book, "MAX_ROWS", 10)
    result = read_subjects(_write(tmp_path / "s.xlsx", REAL))
    assert result.rows == tuple(range(3, 11)) and result.bad_rows == (11,)


@pytest.mark.parametrize(("cell", "words"), [
    ('<c r="A3000000" t="inlineStr"><is><t>x</t></is></c>', "row 3,000,000"),
    ("<c r =\n'A3000000' t=\"inlineStr\"><is><t>x</t></is></c>", "row 3,000,000"),  # spaces calamine accepts
    ('<c r="ZZZZ40"><v>1</v></c>', "column 475,254"),
    ('<c r="XFD900000"><v>1</v></c>', "more than the 52,000,000 cells"),
])
def test_a_workbook_cell_placed_far_down_or_right_is_refused_before_it_is_read(tmp_path: Path, cell: str,
                                                                               words: str) -> None:
    data = rewrite_sheet(REAL, lambda xml: xml.replace("</sheetData>", f"<row>{cell}</row></sheetData>"))
    (problem,) = read_subjects(_write(tmp_path / "s.xlsx", data)).problems
    assert problem.row is None and words in problem.problem and problem.fix


def test_a_file_over_the_size_limit_and_a_zip_bomb_are_refused(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from random_inspection.io import reading

    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1000)
    assert "more than the 1,000" in read_subjects(EXAMPLES / "subjects.csv").problems[0].problem
    monkeypatch.undo()
    monkeypatch.setattr(reading_book, "MAX_UNPACKED_BYTES", 10_000)
    (problem,) = read_subjects(EXAMPLES / "subjects.xlsx").problems
    assert problem.row is None and "unpacks to" in problem.problem


# -- formats ----------------------------------------------------------------------------------------------------------

def test_an_old_binary_xls_is_read(tmp_path: Path) -> None:
    result = read_subjects(DATA / "subjects.xls")  # tests/data/README.md: a title row, the header, 3 subjects
    assert result.records == tuple(SUBJECTS[:3]) and result.rows == (3, 4, 5) and result.header_row == 2


def test_error_cells_of_an_xls_are_problems_of_their_cells() -> None:
    result = read_subjects(DATA / "subjects-errors.xls")  # tests/data/README.md: #N/A in B4, #DIV/0! in D5
    assert result.records == (SUBJECTS[0],)
    assert [(p.row, p.column) for p in result.problems] == [(4, "市场主体名称"), (5, "行政区划代码")]
    assert "the error #N/A" in result.problems[0].problem and "the error #DIV/0!" in result.problems[1].problem


@pytest.mark.parametrize("inside", [DATA / "subjects.xls", EXAMPLES / "subjects.xlsx"])
def test_a_wps_et_file_is_read_by_its_content(tmp_path: Path, inside: Path) -> None:
    path = shutil.copy(inside, tmp_path / "名录.et")
    assert read_subjects(path).ok


def test_a_workbook_under_another_suffix_and_a_csv_under_a_workbook_s_name_are_read(tmp_path: Path) -> None:
    assert read_subjects(shutil.copy(EXAMPLES / "subjects.xlsx", tmp_path / "export.xls")).records == tuple(SUBJECTS)
    assert read_subjects(shutil.copy(EXAMPLES / "subjects.csv", tmp_path / "export.xls")).records == tuple(SUBJECTS)


def test_a_web_page_saved_as_xls_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = _write(tmp_path / "export.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    (problem,) = read_subjects(path).problems
    assert "web page" in problem.problem and "xlsx" in problem.fix


def test_an_ods_file_is_read(tmp_path: Path) -> None:
    rows = [["检查对象名录库"], *roster_rows("subjects", SUBJECTS[:3])]
    result = read_subjects(_write(tmp_path / "s.ods", ods_bytes(rows)))
    assert result.records == tuple(SUBJECTS[:3]) and result.rows == (3, 4, 5)


def test_an_ods_error_cell_and_formula_without_value_are_problems_of_their_cells(tmp_path: Path) -> None:
    header, *rows = [list(r) for r in roster_rows("subjects", SUBJECTS[:3])]
    error = ('<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" '
             'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>')
    cells: list[list[object]] = [header, *rows]
    cells[1][header.index("行政区划代码")] = error
    cells[2][header.index("市场主体名称")] = '<table:table-cell table:formula="of:=[.A1]"/>'
    result = read_subjects(_write(tmp_path / "s.ods", ods_bytes(cells)))
    assert result.records == (SUBJECTS[2],)
    assert [(p.row, p.column) for p in result.problems] == [(2, "行政区划代码"), (3, "市场主体名称")]
    assert "#DIV/0!" in result.problems[0].problem and "formula" in result.problems[1].problem
    assert ods_cell(None) == "<table:table-cell/>"


def test_a_named_sheet_is_read_and_a_missing_one_named(tmp_path: Path) -> None:
    rows = [["检查对象名录库"], *roster_rows("subjects", SUBJECTS[:2])]
    path = _write(tmp_path / "s.ods", ods_bytes(rows, name="名录"))
    assert read_subjects(path, sheet="名录").records == tuple(SUBJECTS[:2])
    (problem,) = read_subjects(path, sheet="其他").problems
    assert "no sheet '其他'" in problem.problem and "名录" in problem.fix


# -- headers as offices write them ------------------------------------------------------------------------------------

_UPPER = ["人员编号", "姓名", "单位", "部门代码", "执法证", "", "", "在岗"]


def _two_row_inspectors(lower_names: tuple[str, str, str]) -> list[list[object]]:
    rows: list[list[object]] = [["执法人员名录库（2026年）"], list(_UPPER), ["", "", "", "", *lower_names, ""]]
    for p in INSPECTORS[:3]:
        rows.append([p.id, p.name, p.unit, p.department, p.certificate.number, p.certificate.valid_from.isoformat(),
                     p.certificate.valid_until.isoformat() if p.certificate.valid_until else "",
                     "是" if p.active else "否"])
    return rows


def test_a_two_row_header_under_merged_cells_is_read(tmp_path: Path) -> None:
    rows = _two_row_inspectors(("执法证号", "发证日期", "有效期至"))
    merged = ["A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:G2", "H2:H3"]
    result = read_inspectors(_write(tmp_path / "p.xlsx", xlsx_bytes(rows, merged)), department="yjj")
    assert result.header_row == 3 and result.rows == (4, 5, 6)
    assert [(p.id, p.certificate.number, p.certificate.valid_from) for p in result.records] == [
        (p.id, p.certificate.number, p.certificate.valid_from) for p in INSPECTORS[:3]]
    assert result.problems == ()


def test_a_two_row_header_in_a_csv_is_read_by_its_blank_upper_cells(tmp_path: Path) -> None:
    rows = _two_row_inspectors(("执法证号", "发证日期", "有效期至"))
    result = read_inspectors(_write(tmp_path / "p.csv", _csv([[str(c) for c in r] for r in rows])))
    assert result.header_row == 3 and result.rows == (4, 5, 6) and result.problems == ()


def test_a_two_row_header_whose_lower_names_are_not_the_roster_s_is_refused_with_the_fix(tmp_path: Path) -> None:
    rows = _two_row_inspectors(("证号", "发证日期", "有效期至"))
    result = read_inspectors(_write(tmp_path / "p.xlsx", xlsx_bytes(rows, ["E2:G2"])))
    assert not result.records and result.header_row == 3
    assert any("missing column(s): 执法证号" in p.problem and "template's header" in p.fix for p in result.problems)


def test_a_merged_group_row_above_the_real_header_is_a_title_row(tmp_path: Path) -> None:
    header, *rows = roster_rows("subjects", SUBJECTS[:2])
    group = ["基本信息", "", "", "", "", "", "", "", "信用信息", "", "", "", "联系方式"]
    result = read_subjects(_write(tmp_path / "s.xlsx", xlsx_bytes([group, header, *rows], ["A1:H1", "I1:L1"])))
    assert result.records == tuple(SUBJECTS[:2]) and result.header_row == 2


def test_header_rows_rule() -> None:
    upper = ("人员编号", "执法证", "", "")
    names = header_rows(upper, ("", "执法证号", "发证日期", ""), ((1, 3),))
    assert names == ("人员编号", "执法证号", "发证日期", "执法证")
    assert header_rows(upper, ("XC001", "豫A", "", ""), ((1, 3),)) is None  # a data row: a cell under 人员编号
    assert header_rows(upper, ("", "", "", ""), ((1, 3),)) is None
    assert header_rows(("a", "b"), ("", "x"), ()) is None  # no name spans columns


# -- files that cannot be read ----------------------------------------------------------------------------------------

def test_a_missing_file_a_folder_and_a_broken_link_are_file_problems(tmp_path: Path) -> None:
    for path, words in ((tmp_path / "none.xlsx", "does not exist"), (tmp_path, "is a folder")):
        table = read_table(path, lambda h: True)
        assert isinstance(table, FileProblem) and words in table.what and table.fix
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "gone.csv")
    assert "does not exist" in read_subjects(link).problems[0].problem
    if Path("/dev/zero").exists():
        assert "not a file" in read_subjects("/dev/zero").problems[0].problem  # never read to its (absent) end


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any file")
def test_an_unreadable_file_is_a_file_problem(tmp_path: Path) -> None:
    path = shutil.copy(EXAMPLES / "subjects.csv", tmp_path / "s.csv")
    path.chmod(0)
    assert "cannot be read" in read_subjects(path).problems[0].problem


def test_the_reader_gives_row_and_cell_problems_in_place(tmp_path: Path) -> None:
    data = rewrite_sheet(REAL, lambda xml: set_cell(xml, "C3", '<c r="C3" t="e"><v>#N/A</v></c>'))
    table = read_table(_write(tmp_path / "s.xlsx", data), lambda h: "统一社会信用代码" in h)
    assert isinstance(table, RawTable)
    number, cells = next(table.rows)
    assert number == 3 and isinstance(cells, tuple) and isinstance(cells[2], CellProblem)
    assert cells[0] == SUBJECTS[0].uscc
    assert not isinstance(cells, RowProblem)


def test_validate_on_a_missing_or_damaged_file_says_so_on_standard_error_and_exits_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    runner = CliRunner()
    damaged = _write(tmp_path / "s.xlsx", REAL[: len(REAL) // 2])
    for path in (tmp_path / "none.csv", damaged):
        got = runner.invoke(main, ["validate", str(path), "--kind", "subjects"])
        assert got.exit_code == 2 and got.stdout == "" and path.name in got.stderr, got.output
    every_row_bad = _write(tmp_path / "bad.csv",
                           "统一社会信用代码,市场主体名称,监管领域,行政区划代码\n1,甲,工贸,4\n".encode())
    got = runner.invoke(main, ["validate", str(every_row_bad), "--kind", "subjects"])
    assert got.exit_code == 1 and "bad.csv row 2" in got.stdout


def test_a_damaged_member_is_a_file_problem(tmp_path: Path) -> None:
    parts = members(REAL)
    del parts["xl/worksheets/sheet1.xml"]
    (problem,) = read_subjects(_write(tmp_path / "s.xlsx", rezip(parts))).problems
    assert problem.row is None and "cannot be opened as an XLSX workbook" in problem.problem


@given(st.text(alphabet=st.sampled_from(list('ab,"\r\n\t\u2028\x85甲')), max_size=60))
def test_the_csv_lines_are_those_a_file_opened_with_newline_empty_gives(text: str) -> None:
    """The CSV reader slices the text into lines itself (no copy of it); the rows are those of a StringIO."""
    from random_inspection.io.reading_csv import _lines

    assert "".join(_lines(text)) == text
    assert list(csv.reader(_lines(text))) == list(csv.reader(io.StringIO(text, newline="")))


def test_a_csv_changed_while_it_is_read_ends_with_a_problem_not_an_error(tmp_path: Path) -> None:
    """The rows below the header are decoded as they are read, so that a large file's text is never held whole; a
    file that another program rewrites meanwhile so that it no longer decodes gives a problem that stops reading."""
    from random_inspection.io.reading import RowProblem, read_table

    path = tmp_path / "s.csv"
    path.write_bytes("统一社会信用代码,市场主体名称,监管领域\n91350100M000100Y43,甲,工贸\n".encode())
    table = read_table(path, lambda headers: "统一社会信用代码" in headers)
    assert not isinstance(table, FileProblem)
    path.write_bytes("统一社会信用代码,市场主体名称,监管领域\n".encode() + b"\xff\xfe,\xff\n")
    rows = list(table.rows)
    assert len(rows) == 1 and isinstance(rows[0][1], RowProblem) and rows[0][1].stop
    assert rows[0][0] == 2 and "changed while it was read" in rows[0][1].what


@pytest.mark.parametrize("encoding", ["\x00", "utf-8\x00", "no-such-codec"])
def test_an_encoding_name_that_is_no_codec_is_a_problem_of_the_file(encoding: str) -> None:
    problem = decode_text("名称\n".encode(), encoding)
    assert isinstance(problem, FileProblem)
    assert "cannot be read as" in problem.what and "encoding" in problem.fix
