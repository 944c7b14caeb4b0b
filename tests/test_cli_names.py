"""Names beside codes in what staff read: `draw` and `obligations` show the subject's 名称 beside its
统一社会信用代码 and the inspector's 姓名 beside the staff id, from the plan's rosters; JSON keeps its fields and
adds the names."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from random_inspection.io import read_inspectors, read_subjects, write_roster
from random_inspection.io.roster_names import RosterNames, read_roster_names
from random_inspection.io.rosters import RosterKind
from tests.cli_support import inspectors, make_workspace, office, run, section

DRAWN = ("91411002QGE7Q07X68", "91411024980L3L5A1K", "91411081F1N6ATLWXY")  # the example plan's draw with 3 5 1 6


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def _rosters(workspace: Path) -> tuple[dict[str, str], dict[str, str]]:
    subjects = {s.uscc: s.name for s in read_subjects(workspace / "rosters" / "subjects.xlsx").records}
    people = {p.id: p.name for p in read_inspectors(workspace / "rosters" / "inspectors.xlsx").records}
    return subjects, people


def _commit(workspace: Path) -> tuple[str, str]:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    code, _, err = run("commit", plan, "--store", store, *section(workspace))
    assert code == 0, err
    return plan, store


def test_draw_shows_names_beside_codes(workspace: Path) -> None:
    subjects, people = _rosters(workspace)
    plan, store = _commit(workspace)
    code, out, err = run("draw", plan, "3 5 1 6", "--store", store, *office(workspace))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1].split()[:4] == ["subject", "name", "team", "items"]
    teams = json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8"))["teams"]
    for uscc, line in zip(DRAWN, lines[2:], strict=True):
        assert line.startswith(f"{uscc}  {subjects[uscc]}")
        for pid in teams[uscc]:
            assert f"{pid} {people[pid]}" in line


def test_draw_json_adds_the_names_and_keeps_its_fields(workspace: Path) -> None:
    subjects, people = _rosters(workspace)
    plan, store = _commit(workspace)
    code, out, err = run("draw", plan, "3 5 1 6", "--store", store, "--format", "json", *office(workspace))
    assert code == 0, err
    got = json.loads(out)
    assert {"draw", "file", "ledger_entry", "leaders", "names"} <= set(got)
    team_ids = {p for team in got["draw"]["teams"].values() for p in team}
    assert got["names"]["subjects"] == {s: subjects[s] for s in DRAWN}  # the drawn only, not the roster
    assert got["names"]["inspectors"] == {p: people[p] for p in team_ids}


def test_obligations_show_the_subjects_name(workspace: Path) -> None:
    subjects, _ = _rosters(workspace)
    plan, store = _commit(workspace)
    assert run("draw", plan, "3 5 1 6", "--store", store, *office(workspace))[0] == 0
    code, out, err = run("record", plan, str(workspace / "results.csv"), "--store", store, *inspectors(workspace))
    assert code == 0, out + err
    code, out, _ = run("obligations", plan, "--store", store, "--on", "2027-01-12", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert rows and all(r["subject_name"] == subjects[r["subject"]] for r in rows)
    assert all({"subject", "duty", "key", "department", "due", "status", "citation"} <= set(r) for r in rows)
    code, out, _ = run("obligations", plan, "--store", store, "--on", "2027-01-12")
    assert code == 0
    assert out.splitlines()[1].split()[:3] == ["subject", "name", "duty"]
    assert any(line.startswith(f"{DRAWN[0]}  {subjects[DRAWN[0]]}") for line in out.splitlines()[2:])


def test_an_unreadable_roster_gives_no_names_and_no_error(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    names = read_roster_names({RosterKind.SUBJECTS: tmp_path / "missing.csv",
                               RosterKind.INSPECTORS: tmp_path / "broken.xlsx"})
    assert names == RosterNames()


def test_a_name_holding_personal_data_is_left_out(tmp_path: Path, workspace: Path) -> None:
    people = list(read_inspectors(workspace / "rosters" / "inspectors.xlsx").records)
    people[0] = attrs.evolve(people[0], name="张三 13812345678")
    path = write_roster(tmp_path / "people.xlsx", "inspectors", people)
    names = read_roster_names({RosterKind.INSPECTORS: path})
    assert people[0].id not in names.inspectors
    assert names.inspectors[people[1].id] == people[1].name
    assert names.with_inspector(people[0].id) == people[0].id
    assert names.with_inspector(people[1].id) == f"{people[1].id} {people[1].name}"


def test_only_keeps_the_codes_asked_for() -> None:
    names = RosterNames({"A": "甲", "B": "乙"}, {"P1": "张三"})
    assert names.only(["A", "C"], ["P1", "P2"]) == RosterNames({"A": "甲"}, {"P1": "张三"})
    assert names.subject("C") == "" and names.inspector("P2") == ""
