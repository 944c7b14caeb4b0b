"""Who may be drawn, from the command line, as an office would run it under 偃师: an inspector the roster marks as
not 正式工作人员 is never drawn (二(二)); a roster silent on it is refused until it says; the units of the plan
reach the draw; the industry (四.2) is followed where the pool can and never blocks the draw; a subject of a 工贸
sector the document does not name (二(一) ends with 等) is drawn like any other."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.cli_support import make_workspace, office, run, section

UNITS = '["政策法规科", "执法监察支队", "工贸行业安全监督管理科", "危险化学品安全监督管理科"]'


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def _rewrite(source: Path, target: Path, change: dict[str, dict[str, str]], extra: dict[str, str]) -> None:
    """A copy of a CSV roster with cells changed by id (the first column) and columns added (their value per id,
    blank where not given)."""
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = [*rows[0].keys(), *extra]
    for row in rows:
        key = row[fields[0]]
        row.update(change.get(key, {}))
        for column, values in extra.items():
            row[column] = values.get(key, "") if isinstance(values, dict) else values
    with target.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _yanshi_plan(workspace: Path, staff: dict[str, str]) -> Path:
    rosters = workspace / "rosters"
    # a 危险化学品 row made a 工贸 subject of 烟草, a sector 二(一) does not name; XC001 tagged 机械
    first_chemical = "914110811GFE6DQY83"
    _rewrite(rosters / "subjects.csv", rosters / "ys-subjects.csv",
             {first_chemical: {"监管领域": "工贸", "工贸行业": "烟草"}}, {})
    _rewrite(rosters / "inspectors.csv", rosters / "ys-inspectors.csv",
             {"XC001": {"执法专长": "机械"}, "XC009": {"执法专长": "烟草"}}, {"正式工作人员": staff})
    plan = workspace / "ys-plan.toml"
    text = (workspace / "plan.toml").read_text(encoding="utf-8")
    text = (text.replace('plan_id = "XC-2026-12"', 'plan_id = "YS-2023-06"')
            .replace('profile = "xuchang"', 'profile = "yanshi"')
            .replace('window = ["2026-12-01", "2026-12-31"]', 'window = ["2023-06-01", "2023-06-30"]')
            .replace('subjects = "rosters/subjects.xlsx"', 'subjects = "rosters/ys-subjects.csv"')
            .replace('inspectors = "rosters/inspectors.xlsx"', 'inspectors = "rosters/ys-inspectors.csv"')
            .replace("reserve = 1\n", f"reserve = 1\ncount = 8\nunits = {UNITS}\n", 1))
    plan.write_text(text, encoding="utf-8")
    return plan


def _everyone_but(*ids: str) -> dict[str, str]:
    return {f"XC{i:03d}": "是" for i in range(1, 13) if f"XC{i:03d}" not in ids}


def test_one_not_regular_staff_is_never_drawn_under_yanshi(workspace: Path) -> None:
    staff = {**_everyone_but("XC002"), "XC002": "否"}
    plan = _yanshi_plan(workspace, staff)
    store = str(workspace / "store.sqlite3")
    code, out, err = run("check", str(plan), "--store", store, "--format", "json")
    assert code == 0, out + err
    data = json.loads(out)
    not_drawn = {x["inspector"]: x for x in data["inspectors_not_drawn"]}
    assert not not_drawn["XC002"]["in_manifest"] and "not 正式工作人员" in not_drawn["XC002"]["reasons"][0]
    assert "二(二)" in not_drawn["XC002"]["reasons"][0]
    # 四.2: the sectors no inspector carries are said, and the plan is not refused for them
    assert any("纺织" in note and "四.2" in note for note in data["industry_not_followed"])
    assert not any("机械" in note or "烟草" in note for note in data["industry_not_followed"])
    code, text, _ = run("check", str(plan), "--store", store)
    assert "not drawn: XC002 (执法人员02): not 正式工作人员" in text
    code, out, err = run("commit", str(plan), "--store", store, "--format", "json", *section(workspace))
    assert code == 0, err
    manifest = json.loads(Path(json.loads(out)["manifest"]).read_text(encoding="utf-8"))
    assert "XC002" not in {p["id"] for p in manifest["inspectors"]}
    assert sorted(manifest["rules"]["units"]) == sorted(json.loads(UNITS))
    assert set(manifest["rules"]["team"]["by_sector"]) == {"机械", "烟草"}
    subjects = {s["id"]: s for s in manifest["subjects"]}
    assert subjects["914110811GFE6DQY83"]["sector"] == "烟草" and subjects["914110811GFE6DQY83"]["domain"] == "工贸"
    for dice in ("3 5 1 6", "1 1 1 1", "6 6 6 6"):
        reason = () if dice == "3 5 1 6" else ("--reason", "重抽（测试）")
        code, out, err = run("draw", str(plan), dice, "--store", store, "--format", "json", *reason,
                             *office(workspace))
        assert code == 0, err
        teams = json.loads(out)["draw"]["teams"]
        assert teams and all("XC002" not in team for team in teams.values())


def test_a_roster_silent_on_regular_staff_is_refused_naming_the_row(workspace: Path) -> None:
    plan = _yanshi_plan(workspace, _everyone_but("XC004"))
    store = str(workspace / "store.sqlite3")
    code, out, _ = run("check", str(plan), "--store", store, "--format", "json")
    assert code == 1
    data = json.loads(out)
    rosters = {r["kind"]: r for r in data["rosters"]}
    assert rosters["inspectors"]["problems"] == []  # the roster itself is well formed: the profile asks more
    (problem,) = data["pool_problems"]
    assert problem["file"] == "ys-inspectors.csv" and problem["row"] == 5 and problem["column"] == "正式工作人员"
    assert "XC004" in problem["problem"] and "二(二)" in problem["problem"]
    assert data["manifest_hash"] is None  # no manifest is made on a guess
    code, text, _ = run("check", str(plan), "--store", store)
    assert code == 1 and "ys-inspectors.csv row 5, column 正式工作人员: the roster does not say" in text
    code, _, err = run("commit", str(plan), "--store", store, *section(workspace))
    assert code != 0 and "XC004" in err and "正式工作人员" in err
