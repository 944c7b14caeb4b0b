"""Reading a platform's export (io.platform): the columns and their other names, CSV and XLSX, every bad row
reported with its file, row and column, no row dropped, no damaged file an internal error."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.io import import_roster
from random_inspection.io.platform import PLATFORM_COLUMNS, parse_time, read_platform_export
from random_inspection.model import Inspector, Subject
from tests.platform_support import HEADER, ROWS, TASK, export_text, write_export

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SUBJECTS: tuple[Subject, ...] = import_roster(EXAMPLES / "rosters" / "subjects.csv", "subjects").records
INSPECTORS: tuple[Inspector, ...] = import_roster(EXAMPLES / "rosters" / "inspectors.csv", "inspectors").records
CODES = ("YJ-001", "YJ-002")


def read(path: Path):  # type: ignore[no-untyped-def]
    return read_platform_export(path, platform="省双随机平台", subjects=SUBJECTS, inspectors=INSPECTORS,
                                items_of=lambda s: CODES, checklist=CODES)


def test_the_export_gives_the_draw(tmp_path: Path) -> None:
    got = read(write_export(tmp_path / "e.csv"))
    assert got.ok and got.rows == 6
    assert got.draw is not None
    assert got.draw.task == TASK and got.draw.platform == "省双随机平台"
    assert got.draw.drawn_at == "2026-11-20T09:30:00+08:00"
    assert got.draw.subjects == ("91411002QGE7Q07X68", "91411024980L3L5A1K", "91411081F1N6ATLWXY")
    assert dict(got.draw.teams)["91411024980L3L5A1K"] == ("XC001", "XC011")
    assert dict(got.draw.items)["91411024980L3L5A1K"] == CODES  # none named: the plan's
    assert got.sha256 == hashlib.sha256((tmp_path / "e.csv").read_bytes()).hexdigest()


def test_other_names_of_the_columns_are_read(tmp_path: Path) -> None:
    header = ("任务号", "社会信用代码", "企业名称", "证件号", "检查人员", "抽查时间")
    got = read(write_export(tmp_path / "e.csv", header=header))
    assert got.ok
    assert {c.header for c in PLATFORM_COLUMNS} >= set(HEADER)


def test_an_xlsx_export_with_a_title_row_and_date_cells(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["双随机抽查任务抽取结果导出"])
    ws.append([*HEADER, "检查事项"])
    for uscc, name, cert, person in ROWS:
        ws.append([TASK, uscc, name, cert, person, dt.datetime(2026, 11, 20, 9, 30), "YJ-002"])
    wb.save(tmp_path / "e.xlsx")
    got = read(tmp_path / "e.xlsx")
    assert got.ok, got.problems
    assert got.draw is not None and got.draw.drawn_at == "2026-11-20T09:30:00+08:00"
    assert dict(got.draw.items)["91411002QGE7Q07X68"] == ("YJ-002",)


def test_every_bad_row_is_reported_with_its_place(tmp_path: Path) -> None:
    text = export_text() + "\n".join([
        f"{TASK},91411002QGE7Q07X68,许昌示例石料开采有限公司19,,执法人员08,2026-11-20 09:30",  # row 8: no 证号
        "OTHER-TASK,91411024980L3L5A1K,许昌示例机械制造有限公司21,豫A411001,执法人员02,2026-11-20 09:30",
        f"{TASK},91411024980L3L5A1K,许昌示例机械制造有限公司21,豫A411008,执法人员09,明天上午",
        f"{TASK},91411024980L3L5A1K,许昌示例机械制造有限公司21,豫A411000,执法人员01,2026-11-20 09:30",
        f"{TASK},91411024980L3L5A1K,许昌示例机械制造有限公司21,豫A411002,执法人员03,2026-11-21 09:30",
    ]) + "\n"
    (tmp_path / "e.csv").write_text(text, encoding="utf-8")
    got = read(tmp_path / "e.csv")
    assert got.draw is None
    assert [(p.row, p.column) for p in got.problems] == [
        (8, "执法证号"), (9, "任务编号"), (10, "抽取时间"), (11, "执法证号"), (12, "抽取时间")]
    assert all(p.file == "e.csv" and p.fix for p in got.problems)
    assert "listed twice" in got.problems[3].problem


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    header = ("任务编号", "统一社会信用代码", "市场主体名称", "执法证号", "执法人员姓名", "备注")
    got = read(write_export(tmp_path / "e.csv", header=header))
    assert got.draw is None
    assert [(p.row, p.column) for p in got.problems] == [(1, "抽取时间")]


@pytest.mark.parametrize("text", ["2026-11-20 09:30", "2026/11/20 9:30:00", "2026-11-20T09:30:00+08:00",
                                  "2026-11-20T01:30:00+00:00"])
def test_draw_times(text: str) -> None:
    assert parse_time(text) == dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.parametrize("text", ["2026-11-20", "明天", "2026-13-01 09:00", "2026-11-20 25:00"])
def test_times_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"isoformat|must be in|no time of day"):
        parse_time(text)


CELL = st.one_of(st.sampled_from([TASK, "91411002QGE7Q07X68", "豫A411007", "执法人员08", "2026-11-20 09:30", ""]),
                 st.text(max_size=12))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=8), max_size=8))
def test_fuzzed_rows_are_read_or_reported(rows: list[list[str]]) -> None:
    """Any cells under the header: the draw comes out whole, or there is at least one problem; each problem names
    the file and, for a row, its number."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "e.csv"
        lines = [",".join(HEADER)] + [",".join('"' + c.replace('"', '""') + '"' for c in r) for r in rows]
        path.write_text("\n".join(lines), encoding="utf-8")
        got = read(path)
    assert (got.draw is None) == bool(got.problems)
    assert all(p.file == "e.csv" for p in got.problems)
    if got.draw is not None:
        assert got.rows == sum(len(t) for _, t in got.draw.teams)  # no row dropped


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_a_damaged_file_is_a_problem_never_an_internal_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"e{suffix}"
        path.write_bytes(data)
        got = read(path)
    assert got.draw is None and got.problems


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=1, max_value=4000))
def test_a_truncated_workbook_is_a_problem(cut: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(list(HEADER))
        for uscc, name, cert, person in ROWS:
            ws.append([TASK, uscc, name, cert, person, "2026-11-20 09:30"])
        whole = Path(folder) / "whole.xlsx"
        wb.save(whole)
        path = Path(folder) / "e.xlsx"
        path.write_bytes(whole.read_bytes()[:cut])
        got = read(path)
    assert got.draw is None and got.problems
