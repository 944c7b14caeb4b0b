"""Attacks on draws made on the provincial platform, through the command line (docs/platforms.md, "What the store
checks"; docs/security.md): the interest declarations switched off, a short or long draw, a local draw appended
after a platform's, a platform draw appended around the store, one export for two plans, personal data in the
file's name, a date cell without its time."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from random_inspection.store import EntryKind
from tests.cli_support import make_workspace, office, run, section
from tests.platform_support import HEADER, PLAN_ID, ROWS, TASK, append, commit_example, entries, import_, write_export

INTEREST_SUBJECT = ("914110811GFE6DQY83", "许昌示例纺织有限公司05")
"""XC003 declared an interest in it (examples/rosters/inspectors.csv, 利害关系企业); eligible otherwise."""


@pytest.fixture
def committed(tmp_path: Path) -> tuple[Path, str, str]:
    """The example plan committed (not drawn) in the example store: (workspace, plan file, store)."""
    return commit_example(tmp_path)


# -- 1. the declarations cannot be switched off --------------------------------------------------------------------

def test_an_import_without_the_declarations_the_manifest_committed_is_refused(
        committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    export = write_export(tmp_path / "export.csv")
    code, _, err = import_(ws, plan, store, export, "--declarations", str(tmp_path / "nonexistent.json"))
    assert code == 2 and "interest tags" in err and "--declarations" in err
    assert entries(store)[-1]["kind"] == "plan_committed"
    # declarations other than those committed (XC003's interest taken out) are refused too
    private = json.loads((ws / f"{PLAN_ID}.interests.json").read_text(encoding="utf-8"))
    private["interests"] = {}
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(private), encoding="utf-8")
    code, _, err = import_(ws, plan, store, export, "--declarations", str(forged))
    assert code == 2 and "XC003" in err and "not the interests the manifest committed" in err
    assert entries(store)[-1]["kind"] == "plan_committed"
    # the interest is found with the file commit wrote (the default)
    code, _, err = import_(ws, plan, store, write_export(
        tmp_path / "int.csv", [ROWS[0], ROWS[1], ROWS[2], ROWS[3], (*INTEREST_SUBJECT, "豫A411002", "执法人员03"),
                               (*INTEREST_SUBJECT, "豫A411000", "执法人员01")]))
    assert code == 2 and "XC003 declared an interest (利害关系)" in err


# -- 2. the sample's size ------------------------------------------------------------------------------------------

def test_a_short_draw_is_a_finding_recorded_and_published_only_when_accepted(
        committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    short = write_export(tmp_path / "short.csv", ROWS[:2])
    code, _, err = import_(ws, plan, store, short)
    assert code == 2 and "the platform drew 1 subjects, the plan's sample is 3" in err
    assert entries(store)[-1]["kind"] == "plan_committed"
    code, out, err = import_(ws, plan, store, short, "--accept-findings")
    assert code == 0, err
    assert "finding recorded: the platform drew 1 subjects" in out
    found = entries(store)[-1]["payload"]["findings"]
    assert "the platform drew 1 subjects, the plan's sample is 3 (draw-v1 §6)" in found
    code, _, err = run("export", plan, "--store", store, "--out", str(tmp_path / "out"))
    assert code == 0, err
    public = json.loads((tmp_path / "out" / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert public["external_draw"]["findings"] == found
    code, _, err = run("ledger", "verify", "--store", store)
    assert code in (0, 1), err


def test_a_draw_of_more_subjects_or_a_smaller_team_is_a_finding(committed: tuple[Path, str, str],
                                                                tmp_path: Path) -> None:
    ws, plan, store = committed
    more = [*ROWS, (*INTEREST_SUBJECT, "豫A411000", "执法人员01"), (*INTEREST_SUBJECT, "豫A411007", "执法人员08")]
    code, _, err = import_(ws, plan, store, write_export(tmp_path / "more.csv", more))
    assert code == 2 and "the platform drew 4 subjects, the plan's sample is 3" in err
    code, _, err = import_(ws, plan, store, write_export(tmp_path / "team.csv", ROWS[1:]))
    assert code == 2 and "has a team of 1, the plan's team is 2" in err
    assert entries(store)[-1]["kind"] == "plan_committed"


# -- 3. and 4. verify ----------------------------------------------------------------------------------------------

def test_a_local_draw_appended_after_a_platform_draw_without_its_redraw_fails_verify(
        committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    scratch = tmp_path / "scratch.sqlite3"
    scratch.write_bytes(Path(store).read_bytes())
    code, _, err = run("draw", plan, "3 5 1 6", "--store", str(scratch), *office(ws))
    assert code == 0, err
    local = [e for e in entries(str(scratch)) if e["kind"] == "draw_executed"][-1]
    assert import_(ws, plan, store, write_export(tmp_path / "export.csv"))[0] == 0
    code, _, err = run("ledger", "verify", "--store", store)
    assert code in (0, 1), err
    append(ws, store, EntryKind.DRAW_EXECUTED, local["payload"])
    code, _, err = run("ledger", "verify", "--store", store)
    assert code == 2 and "without a redraw entry" in err


def _forged(store: str, subjects: dict[str, list[str]], items: list[str] | None = None) -> dict[str, Any]:
    commit = entries(store)[-1]
    return {"format": "external-draw-v1", "platform": "国家企业信用信息公示系统—河南省双随机监管工作平台",
            "task": "T-forged", "file": {"name": "x.csv", "sha256": "0" * 64}, "drawn_at": "2026-11-20T09:30:00+08:00",
            "manifest_hash": commit["payload"]["manifest_hash"], "subjects": list(subjects), "teams": subjects,
            "items": {s: list(items or []) for s in subjects}, "findings": []}


def test_a_short_platform_draw_appended_around_the_store_fails_verify(committed: tuple[Path, str, str]) -> None:
    ws, _, store = committed
    # an unknown subject, an unknown and an ineligible (not 在岗) inspector, an unknown item, no findings
    append(ws, store, EntryKind.EXTERNAL_DRAW, _forged(store, {"91411002MA00000001": ["XC010", "NOBODY"]}, ["ZZZ"]))
    code, _, err = run("ledger", "verify", "--store", store)
    assert code == 2 and "the commit of entry" in err and "records a sample of 3" in err


def test_a_platform_draw_appended_around_the_store_is_rechecked_against_the_manifest(
        committed: tuple[Path, str, str]) -> None:
    ws, _, store = committed
    teams = {ROWS[0][0]: ["XC010", "NOBODY"], ROWS[2][0]: ["XC001", "XC011"], ROWS[4][0]: ["XC012", "XC005"]}
    append(ws, store, EntryKind.EXTERNAL_DRAW, _forged(store, teams))
    manifest = str(ws / f"{PLAN_ID}.manifest.json")
    code, _, err = run("ledger", "verify", "--store", store)  # the size is right: the ledger alone cannot tell
    assert code in (0, 1), err
    code, _, err = run("ledger", "verify", "--store", store, "--manifest", manifest)
    assert code == 2 and "inspector NOBODY" in err and "not in the committed rosters" in err


def test_an_ineligible_inspector_appended_without_its_finding_fails_verify_with_the_manifest(
        committed: tuple[Path, str, str]) -> None:
    ws, _, store = committed
    teams = {ROWS[0][0]: ["XC010", "XC004"], ROWS[2][0]: ["XC001", "XC011"], ROWS[4][0]: ["XC012", "XC005"]}
    append(ws, store, EntryKind.EXTERNAL_DRAW, _forged(store, teams))
    code, _, err = run("ledger", "verify", "--store", store, "--manifest", str(ws / f"{PLAN_ID}.manifest.json"))
    assert code == 2 and "leave out" in err and "XC010" in err and "not eligible" in err


# -- 5. one export, one plan ---------------------------------------------------------------------------------------

def test_one_export_for_two_plans_is_refused_and_found_by_verify(committed: tuple[Path, str, str],
                                                                 tmp_path: Path) -> None:
    ws, plan, store = committed
    text = (ws / "plan.toml").read_text(encoding="utf-8").replace(f'plan_id = "{PLAN_ID}"', 'plan_id = "XC-2026-13"')
    (ws / "plan2.toml").write_text(text, encoding="utf-8")
    code, _, err = run("commit", str(ws / "plan2.toml"), "--store", store, *section(ws),
                       "--at", "2026-11-18T10:05:00+08:00")
    assert code == 0, err
    export = write_export(tmp_path / "export.csv")
    assert import_(ws, plan, store, export)[0] == 0
    code, _, err = import_(ws, str(ws / "plan2.toml"), store, export)
    assert code == 2 and f"imported for plan {PLAN_ID}" in err
    same_task = write_export(tmp_path / "again.csv", [ROWS[2], ROWS[3], ROWS[0], ROWS[1], ROWS[4], ROWS[5]])
    code, _, err = import_(ws, str(ws / "plan2.toml"), store, same_task)
    assert code == 2 and f"task {TASK}" in err
    assert entries(store, "XC-2026-13")[-1]["kind"] == "plan_committed"
    payload = entries(store)[-1]["payload"]
    commit2 = entries(store, "XC-2026-13")[-1]
    append(ws, store, EntryKind.EXTERNAL_DRAW, {**payload, "manifest_hash": commit2["payload"]["manifest_hash"]},
           plan="XC-2026-13")
    code, _, err = run("ledger", "verify", "--store", store)
    assert code == 2 and f"imported for plan {PLAN_ID}" in err


# -- 7. the file's name --------------------------------------------------------------------------------------------

def test_the_file_s_own_name_is_never_published(committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    code, _, err = import_(ws, plan, store, write_export(tmp_path / "张三家住解放路8号.csv"))
    assert code == 0, err
    assert entries(store)[-1]["payload"]["file"]["name"] == "平台导出.csv"
    code, _, err = run("ledger", "publish", "--store", store, "--out", str(tmp_path / "listing.json"))
    assert code == 0, err
    assert "张三" not in (tmp_path / "listing.json").read_text(encoding="utf-8")
    code, _, err = run("export", plan, "--store", store, "--out", str(tmp_path / "out"))
    assert code == 0, err
    for page in (tmp_path / "out" / "public").iterdir():
        assert "张三" not in page.read_text(encoding="utf-8")


# -- 8. a date without its time ------------------------------------------------------------------------------------

@pytest.mark.parametrize("cell", [dt.date(2026, 11, 20), dt.datetime(2026, 11, 20), "2026-11-20"])
def test_a_draw_time_without_its_time_of_day_is_refused_as_cell_or_text(
        committed: tuple[Path, str, str], tmp_path: Path, cell: object) -> None:
    ws, plan, store = committed
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(HEADER))
    for row in ROWS:
        sheet.append([TASK, *row, cell])
    book.save(tmp_path / "export.xlsx")
    code, out, _ = import_(ws, plan, store, tmp_path / "export.xlsx")
    assert code == 1 and "抽取时间" in out and "row 2" in out
    assert entries(store)[-1]["kind"] == "plan_committed"
    sheet.cell(row=2, column=len(HEADER)).value = dt.datetime(2026, 11, 20, 9, 30)
    for number in range(3, len(ROWS) + 2):
        sheet.cell(row=number, column=len(HEADER)).value = dt.datetime(2026, 11, 20, 9, 30)
    book.save(tmp_path / "export.xlsx")
    code, _, err = import_(ws, plan, store, tmp_path / "export.xlsx")
    assert code == 0, err


# -- 6. the platform's task announced at commit --------------------------------------------------------------------

def test_the_task_announced_at_commit_is_the_one_imported_or_a_visible_choice(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    plan, store = str(ws / "plan.toml"), str(ws / "store.sqlite3")
    code, _, err = run("commit", plan, "--store", store, *section(ws), "--platform-task", TASK)
    assert code == 0, err
    assert entries(store)[-1]["payload"]["platform_task"] == TASK
    notice = json.loads((ws / f"{PLAN_ID}.notice.json").read_text(encoding="utf-8"))
    assert notice["platform"]["task"] == TASK
    assert TASK in (ws / f"{PLAN_ID}.notice.html").read_text(encoding="utf-8")
    # the platform drew the task twice; the bureau imports the other task, which suits it better
    other = write_export(tmp_path / "other.csv", task="410000-2026-SSJ-0816")
    code, _, err = import_(ws, plan, store, other)
    assert code == 2 and f"announced task {TASK}" in err
    assert entries(store)[-1]["kind"] == "plan_committed"
    code, _, err = import_(ws, plan, store, other, "--reason", "公告的任务因平台故障作废，重新建立任务抽取")
    assert code == 0, err
    payload = entries(store)[-1]["payload"]
    assert payload["announced_task"] == TASK and payload["reason"].startswith("公告的任务")
    code, _, err = run("ledger", "verify", "--store", store)
    assert code in (0, 1), err
    code, _, err = run("export", plan, "--store", store, "--out", str(tmp_path / "out"))
    assert code == 0, err
    public = json.loads((tmp_path / "out" / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert public["external_draw"]["announced_task"] == TASK
    assert "公告的任务因平台故障作废" in (tmp_path / "out" / "public" / "disclosure.html").read_text(encoding="utf-8")
    # an entry appended around the store, of another task and without a reason, fails verify
    append(ws, store, EntryKind.REDRAW, {"reason": "x", "set_aside": {}, "manifest_hash": payload["manifest_hash"]})
    append(ws, store, EntryKind.EXTERNAL_DRAW, {**payload, "task": "410000-2026-SSJ-0817", "reason": None})
    code, _, err = run("ledger", "verify", "--store", store)
    assert code == 2 and "gives no reason" in err


def test_an_import_without_an_announced_task_says_so_on_the_disclosure(committed: tuple[Path, str, str],
                                                                      tmp_path: Path) -> None:
    ws, plan, store = committed
    assert import_(ws, plan, store, write_export(tmp_path / "export.csv"))[0] == 0
    code, _, err = run("export", plan, "--store", store, "--out", str(tmp_path / "out"))
    assert code == 0, err
    public = json.loads((tmp_path / "out" / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert public["external_draw"]["announced_task"] is None
    assert "抽取前未公告平台任务编号" in (tmp_path / "out" / "public" / "disclosure.html").read_text(encoding="utf-8")
