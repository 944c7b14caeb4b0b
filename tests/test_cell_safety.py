"""What the library writes is never run by a spreadsheet: formula-like text (OWASP "CSV Injection") leaves every
CSV and XLSX writer after a single quote, as a text cell, and the readers give back the text that went in."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.io import RosterKind, import_roster, read_csv, write_csv, write_roster, write_xlsx_tables
from random_inspection.io.cell_safety import FORMULA_STARTS, safe_cell, unguard
from random_inspection.io.sheets import new_workbook, put, save, title_rows
from random_inspection.io.tables import Table
from tests.cli_support import committed_and_drawn, make_workspace, run

SUBJECTS, INSPECTORS, CHECKLIST = load_demo_data()

TRIGGERS = [
    '=HYPERLINK("http://x","点击")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(1)",
    "'=already quoted",
]
HARMLESS = ["示例机械制造有限公司", "A-1", "'s-Hertogenbosch", "'", "1+1", " =x"]


# -- the rule ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", TRIGGERS)
def test_formula_like_text_gets_one_quote_and_comes_back(text: str) -> None:
    assert safe_cell(text) == "'" + text
    assert unguard(safe_cell(text)) == text  # type: ignore[arg-type]


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_written_and_read_as_it_is(text: str) -> None:
    assert safe_cell(text) == text
    assert unguard(text) == text


@pytest.mark.parametrize("value", [-2, -2.5, 0, 7, None, True])
def test_numbers_stay_numbers(value: object) -> None:
    assert safe_cell(value) is value


@given(st.text(max_size=12))
def test_what_is_written_never_starts_a_formula_and_reads_back(text: str) -> None:
    written = safe_cell(text)
    assert not written[:1] or written[0] not in FORMULA_STARTS
    assert unguard(written) == text


# -- every writer --------------------------------------------------------------------------------------------------

def _xml(text: str) -> str:
    """``text`` as an XLSX gives it back: XML reads a carriage return as a line feed."""
    return text.replace("\r", "\n")


def _csv_cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_each_trigger_through_the_tables_csv_and_xlsx(tmp_path: Path) -> None:
    table = Table("抽取结果", ("序号", "市场主体名称"), [(n, text) for n, text in enumerate(TRIGGERS, start=1)]
                  + [(-2, "负数")])
    path = write_csv(tmp_path / "t.csv", table)
    cells = _csv_cells(path)
    assert [row[1] for row in cells[1:-1]] == ["'" + t for t in TRIGGERS]
    assert cells[-1] == ["-2", "负数"]  # a number is written as a number
    _, rows = read_csv(path)
    assert [r[1] for r in rows[:-1]] == TRIGGERS
    book = openpyxl.load_workbook(write_xlsx_tables(tmp_path / "t.xlsx", [table]))
    ws = book["抽取结果"]
    for r, text in enumerate(TRIGGERS, start=2):
        cell = ws.cell(row=r, column=2)
        assert (cell.data_type, cell.value) == ("s", _xml("'" + text))
    last = ws.cell(row=len(TRIGGERS) + 2, column=1)
    assert (last.data_type, last.value) == ("n", -2)


def test_each_trigger_through_the_form_helpers(tmp_path: Path) -> None:
    wb = new_workbook()
    ws = wb.create_sheet("表")
    title_rows(ws, "=附件", "@标题", 3)
    for r, text in enumerate(TRIGGERS, start=3):
        put(ws, r, 1, text)
    book = openpyxl.load_workbook(save(wb, tmp_path / "f.xlsx"))
    ws = book["表"]
    assert [ws["A1"].value, ws["A2"].value] == ["'=附件", "'@标题"]
    for r, text in enumerate(TRIGGERS, start=3):
        assert (ws.cell(row=r, column=1).data_type, ws.cell(row=r, column=1).value) == ("s", _xml("'" + text))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_each_trigger_through_the_roster_writer_and_back(tmp_path: Path, suffix: str) -> None:
    names = [t.strip() for t in TRIGGERS]  # a subject's name is kept without outer whitespace
    subjects = [attrs.evolve(s, name=name) for s, name in zip(SUBJECTS, names, strict=False)]
    path = write_roster(tmp_path / f"s{suffix}", "subjects", subjects)
    if suffix == ".csv":
        written = [row[1] for row in _csv_cells(path)[1:]]
    else:
        ws = openpyxl.load_workbook(path).active
        assert ws is not None
        cells = [ws.cell(row=r, column=2) for r in range(3, 3 + len(subjects))]
        assert {c.data_type for c in cells} == {"s"}
        written = [c.value for c in cells]
    assert written == ["'" + n for n in names]
    result = import_roster(path, RosterKind.SUBJECTS)
    assert result.problems == () and result.records == tuple(subjects)


NAMES = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from([*"=+-@'＝＋－＠", "\t"]), min_size=1,
    max_size=16,
).map(str.strip).filter(bool)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAMES, min_size=1, max_size=5), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_a_roster_of_any_names_reads_back_as_written(tmp_path: Path, names: list[str], suffix: str) -> None:
    subjects = [attrs.evolve(s, name=name) for s, name in zip(SUBJECTS, names, strict=False)]
    inspectors = [attrs.evolve(p, name=name, unit=name) for p, name in zip(INSPECTORS, names, strict=False)]
    for kind, records in ((RosterKind.SUBJECTS, subjects), (RosterKind.INSPECTORS, inspectors)):
        path = write_roster(tmp_path / f"{kind.value}{suffix}", kind, records)
        result = import_roster(path, kind)
        assert result.problems == ()
        assert result.records == tuple(records)


# -- through the command line ------------------------------------------------------------------------------------

HYPERLINK = '=HYPERLINK("http://x","点击")'


def test_the_exported_draw_of_a_subject_named_as_a_formula_is_neutralised(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    roster = workspace / "rosters" / "subjects.xlsx"
    read = import_roster(roster, RosterKind.SUBJECTS, strict=True)
    write_roster(roster, RosterKind.SUBJECTS, [attrs.evolve(s, name=HYPERLINK) for s in read.records])
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    out = workspace / "out"
    code, _, err = run("export", plan, "--store", store, "--out", str(out))
    assert code == 0, err
    ws = openpyxl.load_workbook(out / "draw" / "抽取结果.xlsx")["抽取结果"]
    names = [row[2] for row in ws.iter_rows(min_row=2)]
    assert names and {(c.data_type, c.value) for c in names} == {("s", "'" + HYPERLINK)}
    cells = _csv_cells(out / "draw" / "抽取结果-抽取结果.csv")
    assert cells[0][2] == "市场主体名称" and {row[2] for row in cells[1:]} == {"'" + HYPERLINK}
    every = [c for path in (out / "draw").glob("*.csv") for row in _csv_cells(path) for c in row]
    assert not any(c[:1] and c[0] in FORMULA_STARTS for c in every)
