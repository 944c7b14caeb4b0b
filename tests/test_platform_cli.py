"""A draw made on the provincial platform, through the command line (docs/platforms.md): imported, inspected,
disclosed; and the attacks of whoever runs the store or holds a key — a second export slipped in, a draw made
before the rosters were fixed, subjects or inspectors outside the committed rosters or not eligible, another
platform named, an external draw appended around the store's checks."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from random_inspection.io.rosters import read_inspectors, write_roster
from random_inspection.store import EntryKind
from tests.cli_support import COMMIT_AT, init_store, inspectors, make_workspace, office, run, section
from tests.platform_support import ROWS, TASK, append, commit_example, entries, import_, write_export


@pytest.fixture
def committed(tmp_path: Path) -> tuple[Path, str, str]:
    """The example plan committed (not drawn) in the example store: (workspace, plan file, store)."""
    return commit_example(tmp_path)


def test_a_platform_draw_runs_the_whole_lifecycle(committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    # the notice posted before the draw says where the draw will be made, citing the profile
    notice = json.loads((ws / "XC-2026-12.notice.json").read_text(encoding="utf-8"))
    assert notice["platform"]["name"] == "国家企业信用信息公示系统—河南省双随机监管工作平台"
    assert "第七条" in notice["platform"]["citation"]
    assert "导出文件哈希" in (ws / "XC-2026-12.notice.html").read_text(encoding="utf-8")
    export = write_export(tmp_path / "平台导出.csv")
    code, out, err = import_(ws, plan, store, export, "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    assert got["platform"] == "国家企业信用信息公示系统—河南省双随机监管工作平台"  # 许昌 第七条
    assert got["task"] == TASK and got["drawn_at"] == "2026-11-20T09:30:00+08:00"
    entry = entries(store)[-1]
    assert entry["kind"] == "external_draw"
    payload = entry["payload"]
    assert isinstance(payload, dict)
    assert payload["file"]["sha256"] == got["sha256"] and payload["task"] == TASK
    assert payload["teams"]["91411002QGE7Q07X68"] == ["XC008", "XC004"]

    code, out, err = run("record", plan, str(ws / "results.csv"), "--store", store, *inspectors(ws))
    assert code == 0, out + err
    assert "3 inspections recorded" in out
    code, out, err = run("obligations", plan, "--store", store, "--on", "2027-01-31", "--format", "json")
    assert code == 0, err
    assert {o["subject"] for o in json.loads(out)} == {r[0] for r in ROWS}

    code, _, err = run("export", plan, "--store", store, "--out", str(tmp_path / "out"),
                       "--as", str(ws / "actors" / "XC008.toml"))
    assert code == 0, err
    public = json.loads((tmp_path / "out" / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert public["external_draw"]["platform"] == got["platform"]
    assert public["external_draw"]["task"] == TASK
    assert public["external_draw"]["file"]["sha256"] == got["sha256"]
    assert public["draw"]["algorithm"] == "external-draw-v1"
    assert len(public["inspections"]) == 3
    page = (tmp_path / "out" / "public" / "disclosure.html").read_text(encoding="utf-8")
    assert "平台抽取" in page and TASK in page and got["sha256"] in page

    code, out, err = run("ledger", "verify", "--store", store)
    assert code == 0, out + err
    code, out, _ = run("platform", "check", plan, str(export), "--store", store)
    assert code == 0 and "entry" in out
    listing = tmp_path / "listing.json"
    code, out, err = run("ledger", "publish", "--store", store, "--out", str(listing))
    assert code == 0, err
    assert "not drawn" not in out  # a plan drawn on the platform is drawn
    listed = [e for e in json.loads(listing.read_text(encoding="utf-8"))["entries"] if e["kind"] == "external_draw"]
    assert len(listed) == 1 and got["sha256"] in listed[0]["body"] and TASK in listed[0]["body"]
    code, _, err = run("ledger", "check-listing", str(listing))
    assert code == 0, err


def test_the_same_export_again_changes_nothing(committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    export = write_export(tmp_path / "export.csv")
    assert import_(ws, plan, store, export)[0] == 0
    before = entries(store)
    code, _, err = import_(ws, plan, store, export)
    assert code == 0, err
    assert entries(store) == before


def test_a_second_export_is_refused_or_a_visible_redraw(committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    first = write_export(tmp_path / "first.csv")
    assert import_(ws, plan, store, first)[0] == 0
    other_rows = [ROWS[2], ROWS[3], ROWS[0], ROWS[1], ROWS[4], ROWS[5]]  # another task of the platform
    second = write_export(tmp_path / "second.csv", other_rows, task="410000-2026-SSJ-0816")
    before = entries(store)
    code, _, err = import_(ws, plan, store, second)
    assert code == 2 and "drawn already" in err
    assert entries(store) == before  # nothing recorded: the first draw stays in force
    code, _, err = import_(ws, plan, store, second, "--reason", "平台任务被撤销后重新抽取")
    assert code == 0, err
    redraw, drawn = entries(store)[-2:]
    assert redraw["kind"] == "redraw" and drawn["kind"] == "external_draw"
    aside = redraw["payload"]["set_aside"]  # type: ignore[index]
    assert aside["task"] == TASK and aside["entry"] == before[-1]["seq"]
    code, out, err = run("export", plan, "--store", store, "--out", str(tmp_path / "out"))
    assert code == 0, err
    public = json.loads((tmp_path / "out" / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert public["redraws"][0]["reason"] == "平台任务被撤销后重新抽取"
    assert public["external_draw"]["task"] == "410000-2026-SSJ-0816"
    # the first file is still found in the ledger, as set aside
    code, out, _ = run("platform", "check", plan, str(first), "--store", store)
    assert code == 0 and "set aside" in out


def test_a_local_draw_after_a_platform_draw_is_a_redraw(committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    assert import_(ws, plan, store, write_export(tmp_path / "export.csv"))[0] == 0
    code, _, err = run("draw", plan, "3 5 1 6", "--store", store, *office(ws))
    assert code == 2 and "drawn already" in err


def test_rows_outside_the_committed_rosters_are_each_reported(committed: tuple[Path, str, str],
                                                              tmp_path: Path) -> None:
    ws, plan, store = committed
    rows = [*ROWS[:4], ("91411002MA00000001", "不在名录库的公司", "豫A411011", "执法人员12"),
            ("91411081F1N6ATLWXY", "许昌示例石料开采有限公司29", "豫A999999", "冒名人员"),
            ("91411081F1N6ATLWXY", "改过的名称", "豫A411004", "执法人员05")]
    export = write_export(tmp_path / "export.csv", rows)
    before = entries(store)
    code, out, _ = import_(ws, plan, store, export, "--format", "json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(6, "统一社会信用代码"), (7, "执法证号"),
                                                          (8, "市场主体名称")]
    assert all(p["file"] == "export.csv" and p["fix"] for p in problems)
    assert entries(store) == before


def test_a_draw_made_before_the_commit_is_refused_and_the_refusal_recorded(
        committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    export = write_export(tmp_path / "export.csv", drawn_at="2026-11-17 15:00")  # COMMIT_AT is the 18th
    code, _, err = import_(ws, plan, store, export)
    assert code == 2 and "before its rosters were fixed" in err and COMMIT_AT[:10] in err
    last = entries(store)[-1]
    assert last["kind"] == "refused"


@pytest.mark.parametrize(("row", "finding"), [
    (("91411002QGE7Q07X68", "许昌示例石料开采有限公司19", "豫A411005", "执法人员06"), "XC006 of subject"),  # 证 expired
    (("91411002QGE7Q07X68", "许昌示例石料开采有限公司19", "豫A411009", "执法人员10"), "XC010 of subject"),  # not 在岗
])
def test_an_ineligible_inspector_is_a_finding_recorded_only_when_accepted(
        committed: tuple[Path, str, str], tmp_path: Path, row: tuple[str, str, str, str], finding: str) -> None:
    ws, plan, store = committed
    export = write_export(tmp_path / "export.csv", [row, *ROWS[1:]])
    code, _, err = import_(ws, plan, store, export)
    assert code == 2 and finding in err and "not eligible" in err
    assert entries(store)[-1]["kind"] == "plan_committed"
    code, out, err = import_(ws, plan, store, export, "--accept-findings")
    assert code == 0, err
    assert "finding recorded" in out
    found = entries(store)[-1]["payload"]["findings"]  # type: ignore[index]
    assert any(finding in f for f in found)
    code, _, err = run("export", plan, "--store", store, "--out", str(tmp_path / "out"))
    assert code == 0, err
    public = json.loads((tmp_path / "out" / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert public["external_draw"]["findings"] == found
    assert "导入时发现的问题" in (tmp_path / "out" / "public" / "disclosure.html").read_text(encoding="utf-8")


def test_a_declared_interest_is_a_finding(committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    # XC003 declared an interest in 914110811GFE6DQY83 (examples/rosters/inspectors.csv, 利害关系企业)
    subject = ("914110811GFE6DQY83", "许昌示例纺织有限公司05")
    export = write_export(tmp_path / "export.csv", [(*subject, "豫A411002", "执法人员03"),
                                                    (*subject, "豫A411000", "执法人员01")])
    code, _, err = import_(ws, plan, store, export)
    assert code == 2 and "declared an interest (利害关系)" in err


def test_another_platform_than_the_profile_names_is_refused(committed: tuple[Path, str, str],
                                                           tmp_path: Path) -> None:
    ws, plan, store = committed
    code, _, err = import_(ws, plan, store, write_export(tmp_path / "export.csv"), "--platform", "某县自建平台")
    assert code == 2 and "第七条" in err


def test_a_recusal_on_a_platform_draw_is_the_platform_s(committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    assert import_(ws, plan, store, write_export(tmp_path / "export.csv"))[0] == 0
    code, _, err = run("recuse", plan, "91411002QGE7Q07X68", "XC008", "--method", "replace", "--reason", "其他",
                       "--store", store, *office(ws))
    assert code == 2 and "drawn on a platform" in err


def test_a_result_off_the_platform_s_team_is_refused(committed: tuple[Path, str, str], tmp_path: Path) -> None:
    ws, plan, store = committed
    assert import_(ws, plan, store, write_export(tmp_path / "export.csv"))[0] == 0
    # XC002 was not drawn for any subject: the store refuses the record and records the refusal
    code, out, _ = run("record", plan, str(ws / "results.csv"), "--store", store,
                       "--as", str(ws / "actors" / "XC002.toml"))
    assert code == 1 and "3 refused" in out


def test_an_external_draw_written_around_the_store_fails_verify(committed: tuple[Path, str, str],
                                                                tmp_path: Path) -> None:
    """Whoever holds the office's key and the database appends an external draw the store would refuse (made
    before the commit): the chain and signature hold, ``ledger verify`` still finds it."""
    ws, _, store_path = committed
    commit = entries(store_path)[-1]
    payload = {"format": "external-draw-v1", "platform": "国家企业信用信息公示系统—河南省双随机监管工作平台",
               "task": TASK, "file": {"name": "x.csv", "sha256": "0" * 64}, "drawn_at": "2026-11-17T09:00:00+08:00",
               "manifest_hash": commit["payload"]["manifest_hash"],  # type: ignore[index]
               "subjects": [ROWS[0][0]], "teams": {ROWS[0][0]: ["XC008", "XC004"]}, "items": {ROWS[0][0]: []},
               "findings": []}
    append(ws, store_path, EntryKind.EXTERNAL_DRAW, payload)
    code, _, err = run("ledger", "verify", "--store", store_path)
    assert code == 2 and "not after the commit" in err


def test_a_local_draw_is_exported_in_the_platform_s_columns_and_imports_back(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    plan, here = str(ws / "plan.toml"), str(ws / "store.sqlite3")
    for args in (("commit", plan, "--store", here, *section(ws)),
                 ("draw", plan, "3 5 1 6", "--store", here, *office(ws))):
        code, _, err = run(*args)
        assert code == 0, err
    out = tmp_path / "for-platform.csv"
    code, _, err = run("platform", "export", plan, "--store", here, "--task", TASK, "--out", str(out))
    assert code == 0, err
    text = out.read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == "任务编号,统一社会信用代码,市场主体名称,执法证号,执法人员姓名,抽取时间,检查事项"
    assert {tuple(line.split(",")[1:5]) for line in text[1:]} == set(ROWS)
    # the same columns read back: the export of a draw made here is one the importer takes (into a store where
    # the plan is committed and not drawn)
    there = str(ws / "there.sqlite3")
    init_store(ws, there)
    code, _, err = run("commit", plan, "--store", there, *section(ws))
    assert code == 0, err
    code, got, err = run("platform", "import", plan, str(out), "--store", there, *office(ws), "--format", "json")
    assert code == 0, err
    assert json.loads(got)["subjects"] == [s for s, *_ in ROWS[::2]]
    drawn_here = entries(here)[-1]["payload"]
    drawn_there = entries(there)[-1]["payload"]
    assert drawn_there["teams"] == drawn_here["teams"] and drawn_there["items"] == drawn_here["items"]  # type: ignore[index]


def test_a_roster_edited_after_the_commit_is_refused_at_every_later_step(committed: tuple[Path, str, str],
                                                                          tmp_path: Path) -> None:
    """The manifest holds the inspectors' ids only; a platform's export names them by 执法证号, the disclosure by
    name. Swapping two inspectors' 姓名 and 执法证号 in the roster after the commit would put the platform's pick
    on another person's id: the commit recorded each roster file's SHA-256, and every later step refuses other
    files — the import, a local draw, the export."""
    ws, plan, store = committed
    roster = ws / "rosters" / "inspectors.xlsx"
    people = {p.id: p for p in read_inspectors(roster).records}
    a, b = people["XC008"], people["XC002"]
    people["XC008"] = attrs.evolve(a, name=b.name, certificate=attrs.evolve(a.certificate, number=b.certificate.number))
    people["XC002"] = attrs.evolve(b, name=a.name, certificate=attrs.evolve(b.certificate, number=a.certificate.number))
    write_roster(roster, "inspectors", people.values())
    export = write_export(tmp_path / "export.csv")
    for code, _, err in (import_(ws, plan, store, export),
                         run("draw", plan, "3 5 1 6", "--store", store, *office(ws))):
        assert code != 0 and "inspectors roster file(s) are not those plan XC-2026-12 was committed with" in err, err
    assert [e["kind"] for e in entries(store)] == ["plan_committed"]
