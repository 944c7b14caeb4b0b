"""Roster import: CSV in every encoding an office's Excel writes, XLSX, Chinese headers, dates as offices write
them, and every bad row reported with its row and column, never dropped."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.io import (
    RosterError,
    RosterKind,
    import_roster,
    parse_date,
    read_checklist,
    read_inspectors,
    read_subjects,
    roster_rows,
    template_rows,
)
from random_inspection.io.rosters import (
    EXAMPLE_MARK,
    write_roster,
)

SUBJECTS, INSPECTORS, CHECKLIST = load_demo_data()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "rosters"
RECORDS = {RosterKind.SUBJECTS: SUBJECTS, RosterKind.INSPECTORS: INSPECTORS, RosterKind.CHECKLIST: CHECKLIST}


def _write_csv(path: Path, rows: list[tuple[str, ...]] | list[list[str]], encoding: str = "utf-8-sig",
               delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


# -- the examples and the round trip ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(RosterKind))
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_examples_read_back_as_the_demo_data(kind: RosterKind, suffix: str) -> None:
    result = import_roster(EXAMPLES / f"{kind.value}.{suffix}", kind, strict=True)
    assert result.records == tuple(RECORDS[kind])
    assert result.ok and result.data_rows == len(RECORDS[kind]) and not result.ignored_columns


def test_the_gb18030_example_is_gb18030_and_reads_the_same() -> None:
    raw = (EXAMPLES / "subjects-gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    result = read_subjects(EXAMPLES / "subjects-gb18030.csv")
    assert result.encoding == "gb18030" and result.records == tuple(SUBJECTS)


@pytest.mark.parametrize(("encoding", "delimiter", "read_as"), [
    ("utf-8", ",", "utf-8"), ("utf-8-sig", ",", "utf-8-sig"), ("gb18030", ",", "gb18030"),
    ("utf-16", "\t", "utf-16"),  # Excel's “Unicode 文本”: UTF-16 with a BOM, tab-separated
])
def test_every_encoding_an_office_saves(tmp_path: Path, encoding: str, delimiter: str, read_as: str) -> None:
    path = _write_csv(tmp_path / "inspectors.csv", roster_rows("inspectors", INSPECTORS), encoding, delimiter)
    result = read_inspectors(path)
    assert result.encoding == read_as
    assert result.records == tuple(INSPECTORS)


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", list(RosterKind))
def test_templates_hold_the_header_and_an_example_row_that_is_never_imported_by_mistake(
        tmp_path: Path, kind: RosterKind, suffix: str) -> None:
    path = write_roster(tmp_path / f"{kind.value}.{suffix}", kind)
    result = import_roster(path, kind, department="yjj")
    assert result.records == ()
    [problem] = result.problems
    assert problem.row == (3 if suffix == "xlsx" else 2) and "example row" in problem.problem
    assert "delete this row" in problem.fix
    headers, example = template_rows(kind)
    if suffix == "xlsx":
        ws = openpyxl.load_workbook(path).active
        assert ws is not None
        assert tuple(c.value for c in ws[2]) == headers  # a title row, then the header
    # With the mark taken off, the example is a valid row: the template shows what a good row looks like.
    unmarked = tmp_path / f"unmarked.{kind.value}.csv"
    _write_csv(unmarked, [headers, (example[0].removeprefix(EXAMPLE_MARK), *example[1:])], "utf-8-sig", ",")
    result = import_roster(unmarked, kind, department="yjj")
    assert result.ok, [str(p) for p in result.problems]
    assert len(result.records) == 1


# -- dates ----------------------------------------------------------------------------------------------------------

@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_dates_in_every_way_offices_write_them(day: dt.date) -> None:
    for text in (day.isoformat(), f"{day.year}/{day.month}/{day.day}", f"{day.year}年{day.month}月{day.day}日",
                 f"{day.year}.{day.month}.{day.day}", day.strftime("%Y%m%d"), f"{day.isoformat()} 00:00:00",
                 f"{day.year}/{day.month}/{day.day} 0:00", f"{day.isoformat()}T00:00", f"{day.isoformat()} 00:00"):
        assert parse_date(text) == day, text


@pytest.mark.parametrize("text", ["2023-02-30", "2023/13/1", "3/9/2023", "二〇二三年三月九日", "2023-03-09 08:30", "",
                                  "2023/3/100:00", "2023/3/1 10:00", "2023 /3/9"])
def test_what_is_not_a_date_is_refused_with_the_forms_that_are(text: str) -> None:
    with pytest.raises(ValueError, match="2023年3月9日"):
        parse_date(text)


def test_date_cells_and_date_text_in_a_workbook(tmp_path: Path) -> None:
    headers = ["人员编号", "姓名", "单位", "部门代码", "执法证号", "执法证发证日期", "执法证有效期至"]
    path = _write_xlsx(tmp_path / "p.xlsx", [
        headers,
        ["A1", "甲", "支队", "yjj", "豫A1", dt.datetime(2023, 3, 9), "2028年12月31日"],
        ["A2", "乙", "支队", "yjj", "豫A2", "2023/3/9", dt.datetime(2028, 12, 31, 8, 30)],
    ])
    result = read_inspectors(path)
    assert [p.certificate.valid_from for p in result.records] == [dt.date(2023, 3, 9)]
    assert result.records[0].certificate.valid_until == dt.date(2028, 12, 31)
    (problem,) = result.problems
    assert (problem.row, problem.column) == (3, "执法证有效期至") and "time of day" in problem.problem


# -- every bad row, its row and column -------------------------------------------------------------------------------

def test_each_bad_row_is_reported_with_row_column_and_fix(tmp_path: Path) -> None:
    rows = roster_rows("subjects", SUBJECTS[:4])
    header = rows[0]
    bad_code = list(rows[1])
    bad_code[0] = bad_code[0][:-1] + ("0" if bad_code[0][-1] != "0" else "1")
    bad_domain = list(rows[2])
    bad_domain[header.index("监管领域")] = "煤矿"
    bad_domain[header.index("经营异常")] = "也许"
    empty_name = list(rows[3])
    empty_name[header.index("市场主体名称")] = ""
    path = _write_csv(tmp_path / "s.csv", [["检查对象名录库（示例）"], list(header), bad_code, bad_domain, empty_name,
                                           list(rows[4]), list(rows[4])])
    result = read_subjects(path)
    assert result.records == (SUBJECTS[3],)
    assert result.rows == (6,)
    found = {(p.row, p.column) for p in result.problems}
    assert found == {(3, "统一社会信用代码"), (4, "监管领域"), (4, "经营异常"), (5, "市场主体名称"),
                     (7, "统一社会信用代码")}
    assert all(p.fix for p in result.problems)
    text = [str(p) for p in result.problems]
    assert any("already on row 6" in t for t in text)
    assert result.bad_rows == (3, 4, 5, 7)
    with pytest.raises(RosterError) as refused:
        read_subjects(path, strict=True)
    assert refused.value.problems == result.problems
    assert "s.csv row 4, column 监管领域" in str(refused.value)


def test_missing_columns_and_department_default(tmp_path: Path) -> None:
    rows = [list(r) for r in roster_rows("checklist", CHECKLIST)]
    dept = rows[0].index("抽查主体")
    without = [[c for i, c in enumerate(r) if i != dept] for r in rows]
    path = _write_csv(tmp_path / "c.csv", without)
    refused = read_checklist(path)
    assert not refused.records
    (problem,) = refused.problems
    assert problem.row == 1 and "抽查主体" in problem.problem and "department" in problem.fix
    assert read_checklist(path, department="yjj").records == tuple(CHECKLIST)

    no_name = [[c for i, c in enumerate(r) if i != 1] for r in rows]
    result = read_checklist(_write_csv(tmp_path / "d.csv", no_name))
    assert "事项名称" in result.problems[0].problem and not result.records


def test_other_columns_are_named_as_ignored_and_aliases_are_read(tmp_path: Path) -> None:
    rows = [list(r) for r in roster_rows("subjects", SUBJECTS[:3])]
    rows[0][rows[0].index("市场主体名称")] = "企业名称"
    rows[0][rows[0].index("经营地址")] = "地址"
    for r in rows:
        r.append("备注")
    result = read_subjects(_write_csv(tmp_path / "s.csv", rows))
    assert result.records == tuple(SUBJECTS[:3]) and result.ignored_columns == ("备注",)


def test_long_numbers_stored_as_numbers_are_refused_not_truncated(tmp_path: Path) -> None:
    headers = list(template_rows("inspectors")[0])
    row: list[object] = ["A1", "甲", "支队", "yjj", "豫A1", "2023-01-01", "", "", "", "是", "", "", "", 13900000001,
                         410102197501150015]
    result = read_inspectors(_write_xlsx(tmp_path / "p.xlsx", [headers, row]))
    (problem,) = result.problems
    assert problem.column == "身份证号" and "15 digits" in problem.problem and "文本" in problem.fix


@pytest.mark.parametrize(("content", "name", "words"), [
    (b"", "empty.csv", "is empty"),
    (b"   \r\n\r\n", "blank.csv", "is empty"),
    ("统一社会信用代码,市场主体名称,监管领域,行政区划代码\r\n".encode(), "header.csv", "no rows"),
    (b"\xff\xfe\x00\xd8", "bad16.csv", "byte-order mark"),
    (bytes(range(128, 256)) * 3, "noise.csv", "neither UTF-8 nor GB18030"),
    ("名称,地址\r\n甲,乙\r\n".encode(), "other.csv", "no header row"),
    (b"PK\x03\x04 not really a zip", "broken.xlsx", "cannot be opened as an XLSX"),
    (b"\xd0\xcf\x11\xe0", "damaged.xls", "cannot be opened as an XLS"),
])
def test_whole_file_problems_are_reported_not_raised(tmp_path: Path, content: bytes, name: str, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = read_subjects(path)
    assert not result.records
    (problem,) = result.problems
    assert problem.row is None and words in problem.problem and problem.fix
    with pytest.raises(RosterError):
        read_subjects(path, strict=True)


def test_a_missing_file_and_a_missing_sheet(tmp_path: Path) -> None:
    assert "does not exist" in read_subjects(tmp_path / "none.xlsx").problems[0].problem
    assert "cannot be read" in read_subjects(tmp_path / "none.csv").problems[0].problem
    path = write_roster(tmp_path / "s.xlsx", "subjects", SUBJECTS)
    assert "no sheet '名录'" in read_subjects(path, sheet="名录").problems[0].problem
    assert read_subjects(path, sheet="检查对象名录库").records == tuple(SUBJECTS)


def test_a_row_with_more_cells_than_columns(tmp_path: Path) -> None:
    rows = [list(r) for r in roster_rows("checklist", CHECKLIST[:2])]
    rows[2] = [*rows[2], "多出的一格"]
    result = read_checklist(_write_csv(tmp_path / "c.csv", rows))
    assert result.records == (CHECKLIST[0],)
    assert result.problems[0].row == 3 and "more than the" in result.problems[0].problem


def test_progress_is_reported(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "s.csv", "subjects", SUBJECTS)
    calls: list[tuple[int, int | None]] = []
    read_subjects(path, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(SUBJECTS), len(SUBJECTS))


# -- hypothesis: broken rosters never crash the importer, and every bad row is reported ------------------------------

CORRUPTIONS = ("code", "empty_key", "duplicate", "date", "flag", "domain")


def _corrupt(kind: RosterKind, header: tuple[str, ...], row: list[str], how: str, first_key: str) -> list[str]:
    key = 0
    if how == "code" and kind is RosterKind.SUBJECTS:
        row[key] = row[key][:-1] + ("0" if row[key][-1] != "0" else "1")
    elif how == "duplicate":
        row[key] = first_key
    elif how == "date" and kind is RosterKind.INSPECTORS:
        row[header.index("执法证发证日期")] = "2023-02-30"
    elif how == "flag" and kind is not RosterKind.CHECKLIST:
        row[header.index("在岗" if kind is RosterKind.INSPECTORS else "经营异常")] = "大概"
    elif how == "domain" and kind is not RosterKind.INSPECTORS:
        row[header.index("监管领域" if kind is RosterKind.SUBJECTS else "适用领域")] = "煤矿"
    else:
        row[key] = ""
    return row


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(list(RosterKind)),
    plan=st.lists(st.one_of(st.none(), st.sampled_from(CORRUPTIONS)), min_size=1, max_size=12),
    fmt=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "xlsx"]),
    blank_lines=st.booleans(),
)
def test_broken_rosters_never_crash_and_every_bad_row_is_reported(
    tmp_path: Path, kind: RosterKind, plan: list[str | None], fmt: str, blank_lines: bool
) -> None:
    records = RECORDS[kind]
    rows = roster_rows(kind, records)
    header = rows[0]
    first_key = rows[1][0]
    body: list[list[str]] = [list(rows[1])]  # the first row is good: duplicates point at it
    bad: set[int] = set()
    expected = [records[0]]
    for n, how in enumerate(plan, start=1):
        source = list(rows[1 + n % (len(rows) - 1)])
        if n % (len(rows) - 1) == 0:
            how = how or "duplicate"  # the first record again is a duplicate whatever else
        if how is None:
            if any(r is records[n % len(records)] for r in expected):
                how = "duplicate"
            else:
                expected.append(records[n % len(records)])
        if how is not None:
            source = _corrupt(kind, header, source, how, first_key)
        body.append(source)
        if how is not None:
            bad.add(len(body))
    all_rows: list[list[str]] = [list(header)]
    numbers: dict[int, int] = {}
    for i, row in enumerate(body, start=1):
        if blank_lines and i % 3 == 0:
            all_rows.append([""] * len(header))
        all_rows.append(row)
        numbers[i] = len(all_rows)  # the spreadsheet's own row number
    path = tmp_path / f"{kind.value}-{fmt}.{'xlsx' if fmt == 'xlsx' else 'csv'}"
    if fmt == "xlsx":
        _write_xlsx(path, [list(r) for r in all_rows])
    else:
        _write_csv(path, all_rows, encoding=fmt, delimiter="\t" if fmt == "utf-16" else ",")
    result = import_roster(path, kind)
    assert result.records == tuple(expected)
    assert set(result.bad_rows) == {numbers[i] for i in bad}
    assert len(result.records) + len(result.bad_rows) == result.data_rows == len(body)
    assert all(p.row is not None and p.column for p in result.problems)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]),
       kind=st.sampled_from(list(RosterKind)))
def test_arbitrary_bytes_never_crash_the_importer(tmp_path: Path, data: bytes, suffix: str, kind: RosterKind) -> None:
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    result = import_roster(path, kind)
    assert not result.ok or result.records  # a file with nothing readable always says why
    assert all(str(p) for p in result.problems)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.lists(st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=False),
                                         st.dates(), st.booleans(), st.none()), min_size=0, max_size=8),
                      max_size=6))
def test_arbitrary_cells_under_a_real_header_never_crash(tmp_path: Path, cells: list[list[object]]) -> None:
    header = list(template_rows("inspectors")[0])
    clean = [[c if not isinstance(c, str) else "".join(ch for ch in c if ch.isprintable()) for c in row]
             for row in cells]
    path = _write_xlsx(tmp_path / "p.xlsx", [header, *clean])
    result = read_inspectors(path)
    assert len(result.records) + len(result.bad_rows) == result.data_rows
    assert result.data_rows or result.problems


def test_rows_are_numbered_as_the_spreadsheet_numbers_them_across_multi_line_cells(tmp_path: Path) -> None:
    rows = [list(r) for r in roster_rows("inspectors", INSPECTORS[:3])]
    rows[1][rows[0].index("单位")] = "执法监察\n支队"  # a line break inside a quoted cell
    rows[2][rows[0].index("执法证发证日期")] = "2023-02-30"
    result = read_inspectors(_write_csv(tmp_path / "p.csv", rows))
    assert result.rows == (2, 4) and result.bad_rows == (3,)
    assert result.problems[0].column == "执法证发证日期"


def test_a_csv_cell_over_the_size_limit_is_a_problem_of_its_cell_and_the_next_rows_are_read(tmp_path: Path) -> None:
    rows = [list(r) for r in roster_rows("checklist", CHECKLIST[:3])]
    rows[2][rows[0].index("抽查内容")] = "长" * 200_000  # over the cell limit (and the csv module's 128 KB)
    result = read_checklist(_write_csv(tmp_path / "c.csv", rows))
    assert result.records == (CHECKLIST[0], CHECKLIST[2])
    (problem,) = result.problems
    assert (problem.row, problem.column) == (3, "抽查内容") and "200,000 characters" in problem.problem
    assert len(result.records) + len(result.bad_rows) == result.data_rows == 3


def test_control_characters_are_a_problem_of_their_cell(tmp_path: Path) -> None:
    rows = [list(r) for r in roster_rows("subjects", SUBJECTS[:2])]
    rows[1][rows[0].index("市场主体名称")] = "许昌\x00示例"
    rows[2][rows[0].index("经营地址")] = "示例路\x0b1号"
    result = read_subjects(_write_csv(tmp_path / "s.csv", rows))
    assert not result.records
    assert [(p.row, p.column) for p in result.problems] == [(2, "市场主体名称"), (3, "经营地址")]
    assert all("control characters" in p.problem for p in result.problems)


def test_a_duplicate_header_column_is_not_a_bad_row(tmp_path: Path) -> None:
    rows = [[*r, r[1]] for r in roster_rows("subjects", SUBJECTS[:2])]  # 市场主体名称 twice
    result = read_subjects(_write_csv(tmp_path / "s.csv", rows))
    (problem,) = result.problems
    assert problem.row == result.header_row == 1 and "a second column" in problem.problem
    assert result.bad_rows == () and len(result.records) + len(result.bad_rows) == result.data_rows == 2


def test_an_extra_cell_with_control_characters_is_reported_not_raised(tmp_path: Path) -> None:
    rows = [list(r) for r in roster_rows("checklist", CHECKLIST[:2])]
    rows[2] = [*rows[2], "多出\x00"]
    result = read_checklist(_write_csv(tmp_path / "c.csv", rows))
    assert result.records == (CHECKLIST[0],)
    assert [p.row for p in result.problems] == [3] and "more than the" in result.problems[0].problem
