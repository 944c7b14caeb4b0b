"""``template findings`` writes the 检查发现登记表 that ``step findings`` reads: an .xlsx that guides whoever fills
it, a plain .csv; filled in, either is recorded finding by finding."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.io.findings import FINDING_COLUMNS, read_findings
from random_inspection.profiles import ProfileRegistry
from random_inspection.store import Store
from tests.cli_support import inspectors, make_workspace, run
from tests.test_cli_steps import SUBJECT, _recorded
from tests.test_roster_guides import _list, _validations

HEADER = [c.header for c in FINDING_COLUMNS]


def _findings_recorded(store: str) -> list[tuple[str, bool, str]]:
    opened = Store.open(store)
    try:
        scheme = ProfileRegistry().resolve("xuchang", dt.date(2026, 12, 30)).value("results.scheme")
        [record] = [r for r in opened.records("XC-2026-12", scheme) if r.subject == SUBJECT]
    finally:
        opened.close()
    return [(f.item, f.compliant, f.note) for f in record.findings]


def test_the_xlsx_template_guides_and_holds_no_row(tmp_path: Path) -> None:
    path = tmp_path / "发现.xlsx"
    code, out, err = run("template", "findings", str(path))
    assert code == 0, err
    assert "检查发现登记表" in out
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    assert ws.title == "检查发现登记表" and ws["A1"].value == "检查发现登记表"
    assert [c.value for c in ws[2]] == HEADER
    assert all(c.value is None for row in ws.iter_rows(min_row=3) for c in row)
    found = _validations(ws)
    assert list(found) == HEADER  # a hint on every column
    flag = found["是否发现隐患"]
    assert flag.type == "list" and _list(book, flag) == ["是", "否"] and flag.errorStyle == "stop"
    assert "清单之外无检查" in found["事项编码"].prompt and "不早于检查开始" in found["检查日期"].prompt
    assert ws.freeze_panes == "A3" and ws.cell(row=3, column=1).number_format == "@"
    assert read_findings(path, department="yjj").steps == ()  # nothing in it is read as a finding
    # an existing file is kept; another suffix is refused
    code, _, err = run("template", "findings", str(path))
    assert code != 0 and "--force" in err
    code, _, err = run("template", "findings", str(tmp_path / "发现.txt"))
    assert code != 0 and ".xlsx" in err and not (tmp_path / "发现.txt").exists()


def test_the_csv_template_is_the_header_alone(tmp_path: Path) -> None:
    path = tmp_path / "发现.csv"
    code, _, err = run("template", "findings", str(path))
    assert code == 0, err
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines())) == [HEADER]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def test_the_xlsx_template_filled_in_is_recorded(workspace: Path) -> None:
    plan, store, _ = _recorded(workspace)
    path = workspace / "findings.xlsx"
    assert run("template", "findings", str(path))[0] == 0
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    for r, row in enumerate(([SUBJECT, "YJ-006", "是", "安全出口堵塞", "2027-01-15", "2026-12-30"],
                             [SUBJECT, "YJ-001", "否", None, None, "2026-12-30"]), start=3):
        for c, value in enumerate(row, start=1):  # as a person types them, under the header
            ws.cell(row=r, column=c, value=value)
    book.save(path)
    code, out, err = run("step", "findings", plan, str(path), "--store", store, "--format", "json",
                         *inspectors(workspace))
    assert code == 0, out + err
    assert [r["row"] for r in json.loads(out)["recorded"]] == [3, 4]
    assert _findings_recorded(store) == [("YJ-006", False, "安全出口堵塞"), ("YJ-001", True, "")]
    assert run("ledger", "verify", "--store", store)[0] == 0


def test_the_csv_template_filled_in_is_recorded(workspace: Path) -> None:
    plan, store, _ = _recorded(workspace)
    path = workspace / "findings.csv"
    assert run("template", "findings", str(path))[0] == 0
    with path.open("a", encoding="utf-8", newline="") as out:
        csv.writer(out).writerow([SUBJECT, "YJ-003", "否", "", "", "2026-12-29"])
    code, out, err = run("step", "findings", plan, str(path), "--store", store, *inspectors(workspace))
    assert code == 0, out + err
    assert _findings_recorded(store) == [("YJ-003", True, "")]


def test_with_a_profile_the_checklist_items_are_the_list_and_the_names_stand_beside_the_codes(tmp_path: Path) -> None:
    path = tmp_path / "鹤壁发现.xlsx"
    code, _, err = run("template", "findings", str(path), "--profile", "hebi", "--as-of", "2020-09-14")
    assert code == 0, err
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    header = [c.value for c in ws[2]]
    assert header == [HEADER[0], "市场主体名称", HEADER[1], "检查事项名称", *HEADER[2:]]
    found = _validations(ws)
    codes = [i.code for i in ProfileRegistry().resolve("hebi", dt.date(2020, 9, 14)).value("checklist.items")]
    assert found["事项编码"].type == "list" and _list(book, found["事项编码"]) == codes  # 鹤壁 附件4's items
    assert "导入时不读" in found["市场主体名称"].prompt and "导入时不读" in found["检查事项名称"].prompt
    assert ws.freeze_panes == "A3"
    # 石家庄 quotes its rules: 清单之外无检查 (二(三)) and rectification (二(六)) with their citations
    path = tmp_path / "石家庄发现.xlsx"
    assert run("template", "findings", str(path), "--profile", "shijiazhuang", "--as-of", "2024-06-01")[0] == 0
    found = _validations(openpyxl.load_workbook(path).worksheets[0])
    assert "二(三)" in found["事项编码"].prompt and "二(六)" in found["整改期限"].prompt
    assert "事项编码" in found and found["事项编码"].type != "list"  # no checklist in the profile: typed


def test_a_template_filled_in_for_the_plan_s_draw_is_recorded(workspace: Path) -> None:
    plan, store, _ = _recorded(workspace)
    path = workspace / "drawn.xlsx"
    code, out, err = run("template", "findings", str(path), "--plan", plan, "--store", store)
    assert code == 0, err
    assert "9 rows filled in" in out  # three subjects, three items each
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3) if row[0].value]
    mine = [r for r in rows if r[0] == SUBJECT]
    assert [r[2] for r in mine] == ["YJ-006", "YJ-001", "YJ-003"]  # the items drawn for it, in the draw's order
    assert all(r[1] == "许昌示例机械制造有限公司21" and r[3] for r in mine)  # names beside the codes
    assert _list(book, _validations(ws)["事项编码"]) == list(dict.fromkeys(r[2] for r in rows))
    for r, row in enumerate(ws.iter_rows(min_row=3), start=3):  # filled in for SUBJECT only; the rest left blank
        if row[0].value == SUBJECT:
            hazard = row[2].value == "YJ-006"
            ws.cell(row=r, column=5, value="是" if hazard else "否")
            ws.cell(row=r, column=6, value="安全出口堵塞" if hazard else None)
            ws.cell(row=r, column=7, value="2027-01-15" if hazard else None)
            ws.cell(row=r, column=8, value="2026-12-30")
        elif row[0].value:
            for c in range(1, 5):
                ws.cell(row=r, column=c).value = None
    book.save(path)
    code, out, err = run("step", "findings", plan, str(path), "--store", store, "--format", "json",
                         *inspectors(workspace))
    assert code == 0, out + err
    assert len(json.loads(out)["recorded"]) == 3
    assert _findings_recorded(store) == [("YJ-006", False, "安全出口堵塞"), ("YJ-001", True, ""), ("YJ-003", True, "")]
    assert run("ledger", "verify", "--store", store)[0] == 0
    # the results template is filled in the same way, a row per drawn subject
    code, out, err = run("template", "results", str(workspace / "results.xlsx"), "--plan", plan, "--store", store)
    assert code == 0 and "3 rows filled in" in out, err
    got = [c.value for c in openpyxl.load_workbook(workspace / "results.xlsx").worksheets[0]["A"][2:5]]
    assert SUBJECT in got


def test_plan_and_store_go_together_and_name_the_profile(workspace: Path, tmp_path: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    code, _, err = run("template", "findings", str(tmp_path / "a.xlsx"), "--plan", plan)
    assert code != 0 and "--store" in err and not (tmp_path / "a.xlsx").exists()
    code, _, err = run("template", "subjects", str(tmp_path / "a.xlsx"), "--plan", plan, "--store", store)
    assert code != 0 and "results or findings" in err
    code, _, err = run("template", "findings", str(tmp_path / "a.xlsx"), "--plan", plan, "--store", store,
                       "--profile", "hebi")
    assert code != 0 and "--profile" in err
    code, _, err = run("template", "findings", str(tmp_path / "a.xlsx"), "--plan", plan, "--store", store)
    assert code != 0 and "XC-2026-12" in err  # committed, nothing drawn (or not committed): refused


def test_rows_of_the_drawn_template_left_unanswered_are_listed_not_recorded(workspace: Path) -> None:
    plan, store, _ = _recorded(workspace)
    path = workspace / "drawn.xlsx"
    assert run("template", "findings", str(path), "--plan", plan, "--store", store)[0] == 0
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    left = []
    for r, row in enumerate(ws.iter_rows(min_row=3), start=3):  # SUBJECT's rows answered, the others as written
        if row[0].value == SUBJECT:
            ws.cell(row=r, column=5, value="否")
            ws.cell(row=r, column=8, value="2026-12-30")
        elif row[0].value:
            left.append((r, row[0].value, row[2].value))
    book.save(path)
    code, out, err = run("step", "findings", plan, str(path), "--store", store, "--format", "json",
                         *inspectors(workspace))
    assert code == 0, out + err  # nothing else wrong: exit 0
    got = json.loads(out)
    assert len(got["recorded"]) == 3 and got["problems"] == [] and got["refused"] == []
    assert got["unanswered_count"] == 6 == len(left)
    assert [(u["row"], u["subject"], u["item"], u["status"]) for u in got["unanswered"]] == [
        (r, s, i, "未填写") for r, s, i in left]
    # in text: the count, then each row by number; a second run records nothing again and still lists them
    code, out, _ = run("step", "findings", plan, str(path), "--store", store, *inspectors(workspace))
    assert code == 1 and "0 findings recorded, 0 problems, 3 refused" in out
    assert "6 rows not filled in (未填写), not recorded:" in out
    assert all(f"row {r}, {s} {i}: 未填写" in out for r, s, i in left)


def test_a_row_partly_answered_is_still_a_problem_of_its_row(workspace: Path) -> None:
    plan, store, _ = _recorded(workspace)
    path = workspace / "findings.csv"
    path.write_text("\n".join((
        ",".join(HEADER),
        f"{SUBJECT},YJ-006,,,,2026-12-30",  # a day and no answer: 是否发现隐患 missing
        f"{SUBJECT},YJ-001,,安全出口堵塞,,",  # a note alone
        f"{SUBJECT},YJ-003,,,,",  # nothing answered: 未填写
    )) + "\n", encoding="utf-8")
    code, out, err = run("step", "findings", plan, str(path), "--store", store, "--format", "json",
                         *inspectors(workspace))
    assert code == 1, err
    got = json.loads(out)
    assert sorted({p["row"] for p in got["problems"]}) == [2, 3] and got["recorded"] == []
    assert [(u["row"], u["item"]) for u in got["unanswered"]] == [(4, "YJ-003")]


ANSWERS = {"是否发现隐患": "否", "检查发现": "无", "整改期限": "2027-01-15", "检查日期": "2026-12-30"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sets(st.sampled_from(sorted(ANSWERS))), min_size=1, max_size=8))
def test_every_row_is_recorded_a_problem_or_not_filled_in_never_two(tmp_path_factory: pytest.TempPathFactory,
                                                                    answered: list[set[str]]) -> None:
    path = tmp_path_factory.mktemp("findings") / "findings.csv"
    rows = [[SUBJECT, f"YJ-{n:03d}", *(ANSWERS[h] if h in given_ else "" for h in HEADER[2:])]
            for n, given_ in enumerate(answered, start=1)]
    path.write_text("\n".join(",".join(r) for r in (HEADER, *rows)) + "\n", encoding="utf-8")
    got = read_findings(path, department="yjj")
    steps = {n for n, _ in got.steps}
    problems = {p.row for p in got.problems}
    empty = {u.row for u in got.unanswered}
    assert not steps & problems and not steps & empty and not problems & empty
    assert steps | problems | empty == set(range(2, len(rows) + 2))
    assert empty == {n for n, given_ in enumerate(answered, start=2) if not given_}  # all answers empty, only those
    assert all(u.subject == SUBJECT for u in got.unanswered)
