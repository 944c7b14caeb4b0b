"""A large roster is read by its rows' patterns (io/row_patterns.py): the result must be the constructor's for
every row, as reading each row alone gives it — same records, same problems, same normalisations — and the
identifiers must be normalised as docs/rosters.md says, a duplicate found after normalisation."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.io import RosterKind, import_roster, roster_rows
from random_inspection.io.reading import FileProblem, read_table
from random_inspection.io.rosters import (
    _COLUMNS,
    EXAMPLE_MARK,
    ImportResult,
    _is_header,
    _read_rows,
)
from random_inspection.io.row_patterns import PatternReader
from random_inspection.model.identifiers import organization_code_check_character, uscc_check_character

HEADER = [c.header for c in _COLUMNS[RosterKind.SUBJECTS]]


def uscc(i: int, area: str = "411002") -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    org = "".join(alphabet[(i // 31**k) % 31] for k in range(8))
    body = "91" + area + org + organization_code_check_character(org)
    return body + uscc_check_character(body)


def both_ways(path: Path, kind: RosterKind = RosterKind.SUBJECTS) -> tuple[ImportResult[Any], ImportResult[Any]]:
    results = []
    for patterns in (True, False):
        table = read_table(path, _is_header(_COLUMNS[kind]))
        assert not isinstance(table, FileProblem)
        results.append(_read_rows(table, kind, _COLUMNS[kind], None, None, patterns=patterns))
    return results[0], results[1]


def write(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


# Each column's cells: good values, values a check refuses, and values only the slow path takes.
CODES = st.one_of(st.integers(0, 40).map(uscc), st.integers(0, 40).map(lambda i: uscc(i).lower()),
                  st.integers(0, 40).map(lambda i: "\u200b" + uscc(i)),
                  st.integers(0, 40).map(lambda i: uscc(i).translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})),
                  st.integers(0, 40).map(lambda i: uscc(i)[:-1] + "0"),
                  st.integers(0, 5).map(lambda i: EXAMPLE_MARK + uscc(i)),
                  st.sampled_from(["", " ", "91411002X0NFPAY57", "not a code"]))
COLUMN_VALUES: dict[str, st.SearchStrategy[str]] = {
    "统一社会信用代码": CODES,
    "市场主体名称": st.sampled_from(["甲公司", " 乙公司 ", "", "丙\x01公司", "丁公司\x1f"]),
    "监管领域": st.sampled_from(["工贸", "危险化学品", "非煤矿山", "", "农业"]),
    "行政区划代码": st.sampled_from(["411002", "410000", "41100", "", "０411002"]),
    "市场主体类型": st.sampled_from(["企业", "", "个体工商户", "公司"]),
    "工贸行业": st.sampled_from(["机械", "冶金", "", "其他行业"]),
    "所属行业": st.sampled_from(["机械制造", ""]),
    "登记状态": st.sampled_from(["存续", "注销", "", "停业"]),
    "信用风险分类": st.sampled_from(["A", "B", "", "E"]),
    "列入严重违法失信企业名单": st.sampled_from(["否", "是", "", "不知道"]),
    "经营异常": st.sampled_from(["否", "", "Y"]),
    "已受行政处罚": st.sampled_from(["否", "1"]),
    "法定代表人": st.sampled_from(["法定代表人01", "", " 某某 "]),
    "联系电话": st.sampled_from(["13800000001", "", "0374-1234567"]),
    "经营地址": st.sampled_from(["示例路1号", "", "\x00路"]),
    "注册号": st.sampled_from(["", "410000000000000", "４10000000000000", "123", "410000000000001"]),
}


@st.composite
def rosters(draw: st.DrawFn) -> list[list[str]]:
    rows = []
    for _ in range(draw(st.integers(1, 25))):
        row = [draw(COLUMN_VALUES[h]) for h in HEADER]
        shape = draw(st.sampled_from(["whole", "whole", "whole", "short", "long"]))
        if shape == "short":
            row = row[: draw(st.integers(1, len(row) - 1))]
        elif shape == "long":
            row = [*row, draw(st.sampled_from(["", "多余"]))]
        rows.append(row)
    return [HEADER, *rows]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rosters())
def test_reading_by_patterns_gives_what_reading_each_row_alone_gives(tmp_path: Path, rows: list[list[str]]) -> None:
    quick, alone = both_ways(write(tmp_path / "subjects.csv", rows))
    assert quick.records == alone.records
    assert quick.rows == alone.rows
    assert quick.problems == alone.problems
    assert quick.normalised == alone.normalised
    assert quick.data_rows == alone.data_rows == sum(1 for r in rows[1:] if "".join(r).strip())
    assert len(quick.records) + len(quick.bad_rows) == quick.data_rows


def test_records_read_by_pattern_are_the_constructors_own(tmp_path: Path) -> None:
    """Each record read by its pattern equals, field for field, the object the constructor makes of the row, and
    is hashable and comparable like it."""
    from random_inspection.demo import load_demo_data

    subjects = load_demo_data()[0]
    rows = [list(r) for r in roster_rows("subjects", subjects)]
    built: list[Any] = []
    build = PatternReader._build

    def counted(self: PatternReader, patterns: Any, values: Any) -> list[Any]:
        built.extend(build(self, patterns, values))
        return built[-len(patterns):]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PatternReader, "_build", counted)
        quick, alone = both_ways(write(tmp_path / "subjects.csv", rows))
    assert len(built) == len(subjects)  # every row by its pattern (the patterns' own objects are not records)
    assert quick.ok and quick.records == tuple(subjects) == alone.records
    assert {hash(s) for s in quick.records} == {hash(s) for s in subjects}


# -- identifiers as offices type them ------------------------------------------------------------------------------

FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


def test_identifiers_are_normalised_and_each_normalisation_is_reported(tmp_path: Path) -> None:
    code = uscc(7)
    rows = [HEADER,
            [code.translate(FULL_WIDTH), "甲", "工贸", "411002"] + [""] * 12,
            [code.lower().replace("9", "9\u200b", 1), "乙", "工贸", "411002"] + [""] * 12,
            [uscc(8), "丙", "工贸", "411002"] + [""] * 12]
    result = import_roster(write(tmp_path / "s.csv", rows), "subjects")
    assert [s.uscc for s in result.records] == [code, uscc(8)]
    assert [(n.row, n.column, n.after) for n in result.normalised] == [(2, "统一社会信用代码", code)]
    [duplicate] = result.problems
    assert (duplicate.row, duplicate.column) == (3, "统一社会信用代码")
    assert "already on row 2" in duplicate.problem
    assert "1 identifiers normalised" in result.summary()


@pytest.mark.parametrize("spelt", ["ＸＣ００１", "xc001", "XC001\u200b", "\u2060XC001", "ＸC001\ufeff"])
def test_an_inspector_id_typed_otherwise_is_the_same_person(tmp_path: Path, spelt: str) -> None:
    header = [c.header for c in _COLUMNS[RosterKind.INSPECTORS]]
    good = dict(zip(header, ["XC001", "执法人员01", "执法监察支队", "yjj", "豫A411000", "2023-01-01"], strict=False))
    rows = [header, [good.get(h, "") for h in header], [good.get(h, "") for h in header]]
    rows[2][0] = spelt
    rows[2][4] = "豫A411001"
    result = import_roster(write(tmp_path / "i.csv", rows), "inspectors")
    assert [p.id for p in result.records] == ["XC001"]
    [duplicate] = result.problems
    assert duplicate.row == 3 and duplicate.column == "人员编号" and "already on row 2" in duplicate.problem
    if spelt.upper() != spelt:
        assert "(as XC001)" in duplicate.problem


def test_a_certificate_number_typed_in_full_width_is_read_as_ascii(tmp_path: Path) -> None:
    header = [c.header for c in _COLUMNS[RosterKind.INSPECTORS]]
    values = dict(zip(header, ["XC001", "执法人员01", "执法监察支队", "yjj", "豫Ａ４１１０００", "2023-01-01"],
                      strict=False))
    result = import_roster(write(tmp_path / "i.csv", [header, [values.get(h, "") for h in header]]), "inspectors")
    assert result.ok and result.records[0].certificate.number == "豫A411000"
    assert [(n.column, n.before, n.after) for n in result.normalised] == [("执法证号", "豫Ａ４１１０００", "豫A411000")]


NUMBER_CELLS: dict[str, st.SearchStrategy[Any]] = {
    "统一社会信用代码": st.sampled_from([914110020000000000, 9.14e17]),
    "行政区划代码": st.sampled_from([411002, 411002.0, 41100.5]),
    "法定代表人": st.sampled_from([7, 1.5]),
    "联系电话": st.sampled_from([13800000001, 13800000001.0, 1e16]),
    "注册号": st.sampled_from([410000000000000, 410000000000001, 4.1e14]),
}


@st.composite
def workbooks(draw: st.DrawFn) -> list[list[Any]]:
    rows = draw(rosters())
    for row in rows[1:]:
        for n, header in enumerate(HEADER[: len(row)]):
            if header in NUMBER_CELLS and draw(st.booleans()):
                row[n] = draw(NUMBER_CELLS[header])
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(workbooks())
def test_a_workbooks_number_cells_are_read_by_patterns_as_each_row_alone_reads_them(
        tmp_path: Path, rows: list[list[Any]]) -> None:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:  # a workbook cannot hold control characters: the CSV property above has them
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    path = tmp_path / "subjects.xlsx"
    book.save(path)
    quick, alone = both_ways(path)
    assert (quick.records, quick.rows, quick.problems, quick.normalised) == (
        alone.records, alone.rows, alone.problems, alone.normalised)
