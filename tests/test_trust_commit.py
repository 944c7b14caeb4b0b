"""Issue 14, attack 1 — choosing the draw after the dice — mounted through the command line as an insider who runs
the store would: a manifest edited and re-committed after the dice (backdated or not), a commit at or after the
time its public input is produced, a draw recorded before it, sibling plans committed and only one drawn, and a
ledger cut back behind the pre-draw notice. Each is refused (and the refusal recorded) or shown to the public."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.store import EntryKind, Store
from tests.cli_support import COMMIT_AT, ENROLLED, make_workspace, office, run, section
from tests.store_support import AS

ANNOUNCED = "2026-11-20T09:30:00+08:00"  # examples/plan.toml: when the example's dice are thrown
DICE_AT = "2026-11-20T10:00:00+08:00"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def paths(workspace: Path) -> tuple[str, str]:
    return str(workspace / "plan.toml"), str(workspace / "store.sqlite3")


def kinds(store: str) -> list[str]:
    code, out, _ = run("ledger", "show", "--store", store, "--format", "json")
    assert code == 0
    return [e["kind"] for e in json.loads(out)][ENROLLED:]


def edited(workspace: Path, later: bool = False) -> str:
    """The plan with a full stop added to its free text: another manifest, another hash (the old attack);
    ``later``: announcing dice still to come, as an insider would to get past the announced time."""
    plan = workspace / "plan.toml"
    text = plan.read_text(encoding="utf-8").replace("纪检监察室见证", "纪检监察室见证。")
    if later:
        text = text.replace(ANNOUNCED, "2026-11-25T09:30:00+08:00")
    plan.write_text(text, encoding="utf-8")
    return str(plan)


def test_a_manifest_edited_after_the_dice_is_refused_backdated_or_not(workspace: Path) -> None:
    plan, store = paths(workspace)
    assert run("commit", plan, "--store", store, *section(workspace))[0] == 0
    assert run("draw", plan, "3 5 1 6", "--store", store, "--at", DICE_AT, *office(workspace))[0] == 0
    edited(workspace, later=True)
    # backdated behind the draw: ledger times never run backwards, nothing is written
    code, out, err = run("commit", plan, "--store", store, "--reason", "名录库更正",
                         "--at", "2026-11-19T10:00:00+08:00", *section(workspace))
    assert code == 2 and out == "" and "never run backwards" in err
    assert kinds(store) == ["plan_committed", "draw_executed"]
    # at its true time: the plan was drawn, its manifest is fixed for good; the attempt is recorded
    code, _, err = run("commit", plan, "--store", store, "--reason", "名录库更正", "--at", "2026-11-20T11:00:00+08:00",
                       *section(workspace))
    assert code == 2 and "fixed for good" in err
    assert kinds(store) == ["plan_committed", "draw_executed", "refused"]
    # nothing of the edited manifest was written: the manifest on file is still the one committed and drawn
    manifest = json.loads((workspace / "XC-2026-12.manifest.json").read_text(encoding="utf-8"))
    assert manifest["public_input"]["produced_at"] == ANNOUNCED


def test_a_new_manifest_once_the_announced_time_has_come_is_refused(workspace: Path) -> None:
    """No draw recorded yet, but the dice are out: a new manifest now could be chosen against them."""
    plan, store = paths(workspace)
    assert run("commit", plan, "--store", store, *section(workspace))[0] == 0
    edited(workspace, later=True)
    code, _, err = run("commit", plan, "--store", store, "--reason", "名录库更正", "--at", ANNOUNCED,
                       *section(workspace))
    assert code == 2 and "announced its public input for 2026-11-20T09:30:00+08:00" in err
    assert kinds(store) == ["plan_committed", "refused"]


def test_a_new_manifest_before_the_dice_is_recorded_and_every_commit_is_published(workspace: Path) -> None:
    plan, store = paths(workspace)
    code, out, _ = run("commit", plan, "--store", store, "--format", "json", *section(workspace))
    assert code == 0
    first = json.loads(out)
    notice = json.loads((workspace / "XC-2026-12.notice.json").read_text(encoding="utf-8"))
    assert notice["manifest_hash"] == first["manifest_hash"] and notice["public_input"]["produced_at"] == ANNOUNCED
    assert notice["ledger_head"]["seq"] == ENROLLED + 1 and [c["reason"] for c in notice["commits"]] == [None]
    edited(workspace)
    code, out, err = run("commit", plan, "--store", store, "--reason", "名录库更正",
                         "--at", "2026-11-19T10:00:00+08:00", "--format", "json", *section(workspace))
    assert code == 0, err
    second = json.loads(out)
    assert second["manifest_hash"] != first["manifest_hash"]
    notice = json.loads((workspace / "XC-2026-12.notice.json").read_text(encoding="utf-8"))
    assert [(c["manifest_hash"], c["reason"]) for c in notice["commits"]] == [
        (first["manifest_hash"], None), (second["manifest_hash"], "名录库更正")]
    posted = (workspace / "XC-2026-12.notice.html").read_text(encoding="utf-8")
    assert "抽查清单提交记录" in posted and "die1：1位数字，取自 123456" in posted  # the one spelling, in Chinese
    assert run("draw", plan, "3 5 1 6", "--store", store, "--at", DICE_AT, *office(workspace))[0] == 0
    code, _, err = run("export", plan, "--store", store, "--out", str(workspace / "out"))
    assert code == 0, err
    public = json.loads((workspace / "out" / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert [c["manifest_hash"] for c in public["commits"]] == [first["manifest_hash"], second["manifest_hash"]]
    assert public["ledger_head"]["seq"] == ENROLLED + 3
    page = (workspace / "out" / "public" / "disclosure.html").read_text(encoding="utf-8")
    assert first["manifest_hash"] in page and "名录库更正" in page and public["ledger_head"]["hash"] in page
    assert "许昌市应急管理局（承办股室）" in page  # the committing department by name


def test_a_commit_at_or_after_its_announced_time_is_refused(workspace: Path) -> None:
    plan, store = paths(workspace)
    for at in (ANNOUNCED, "2026-11-21T08:00:00+08:00"):
        code, out, err = run("commit", plan, "--store", store, "--at", at, *section(workspace))
        assert code == 2 and out == "" and "the input may be known" in err
    assert kinds(store) == ["refused", "refused"]
    assert not (workspace / "XC-2026-12.notice.json").exists()


def test_a_draw_before_its_announced_time_is_refused(workspace: Path) -> None:
    plan, store = paths(workspace)
    assert run("commit", plan, "--store", store, *section(workspace))[0] == 0
    code, _, err = run("draw", plan, "3 5 1 6", "--store", store, "--at", "2026-11-20T09:00:00+08:00",
                       *office(workspace))
    assert code == 2 and "known before it was produced" in err
    assert run("draw", plan, "3 5 1 6", "--store", store, "--at", ANNOUNCED, *office(workspace))[0] == 0
    assert kinds(store) == ["plan_committed", "refused", "draw_executed"]


def test_sibling_plans_committed_and_not_drawn_are_seen_by_anyone(workspace: Path) -> None:
    """The variant without a reason: several plan ids with the same rosters, only the best-suited one drawn."""
    plan, store = paths(workspace)
    sibling = workspace / "sibling.toml"
    sibling.write_text((workspace / "plan.toml").read_text(encoding="utf-8").replace(
        'plan_id = "XC-2026-12"', 'plan_id = "XC-2026-12B"'), encoding="utf-8")
    assert run("commit", plan, "--store", store, *section(workspace))[0] == 0
    assert run("commit", str(sibling), "--store", store, *section(workspace))[0] == 0
    assert run("draw", plan, "3 5 1 6", "--store", store, "--at", DICE_AT, *office(workspace))[0] == 0
    listing = workspace / "listing.json"
    code, out, _ = run("ledger", "publish", "--store", store, "--out", str(listing))
    assert code == 0 and "plans committed and not drawn: XC-2026-12B" in out
    code, out, _ = run("ledger", "check-listing", str(listing), "--format", "json")
    assert code == 0
    assert json.loads(out)["plans"] == {"XC-2026-12": ["plan_committed", "draw_executed"],
                                        "XC-2026-12B": ["plan_committed"]}


def test_a_ledger_cut_back_behind_the_notice_fails_against_its_head(workspace: Path) -> None:
    """The operator deletes the commit the notice was posted for (and all after it), then commits afresh: the
    chain is whole, but it no longer holds the head the notice carries."""
    plan, store = paths(workspace)
    assert run("commit", plan, "--store", store, *section(workspace))[0] == 0
    notice = json.loads((workspace / "XC-2026-12.notice.json").read_text(encoding="utf-8"))
    posted = f"{notice['ledger_head']['seq']}:{notice['ledger_head']['hash']}"
    listing = workspace / "listing.json"
    with sqlite3.connect(store) as conn:
        conn.execute("DELETE FROM ri_ledger WHERE seq > ?", (ENROLLED,))
    edited(workspace)
    assert run("commit", plan, "--store", store, "--at", COMMIT_AT, *section(workspace))[0] == 0
    assert run("ledger", "verify", "--store", store)[0] == 0  # whole in itself
    code, _, err = run("ledger", "verify", "--store", store, "--head", posted)
    assert code == 2 and "published head" in err
    assert run("ledger", "publish", "--store", store, "--out", str(listing))[0] == 0
    code, _, err = run("ledger", "check-listing", str(listing), "--head", posted)
    assert code == 2 and "published head" in err


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=6))
def test_ledger_times_never_run_backwards(tmp_path_factory: pytest.TempPathFactory, minutes: list[int]) -> None:
    """Any sequence of times: each entry is accepted iff its time is not before the last one accepted."""
    store = Store.open(tmp_path_factory.mktemp("times") / "store.sqlite3")
    try:
        last = -1
        for m in minutes:
            at = f"2026-11-20T09:{m:02d}:00+08:00"
            if m < last:
                with pytest.raises(InvalidInputError, match="never run backwards"):
                    store.append(EntryKind.PUBLISHED, {"m": m}, at=at, **AS)
            else:
                store.append(EntryKind.PUBLISHED, {"m": m}, at=at, **AS)
                last = m
        assert [e.payload["m"] for e in store.entries()] == [m for i, m in enumerate(minutes)
                                                             if m >= max([-1, *minutes[:i]])]
    finally:
        store.close()


@pytest.mark.parametrize("at", ["2026-11-20T09:30:00", "2026-11-20", "yesterday"])
def test_a_ledger_time_without_its_offset_is_refused(tmp_path: Path, at: str) -> None:
    store = Store.open(tmp_path / "store.sqlite3")
    try:
        with pytest.raises(InvalidInputError, match="UTC offset"):
            store.append(EntryKind.PUBLISHED, {"n": 1}, at=at, **AS)
        assert store.entries() == []
    finally:
        store.close()


def test_a_draw_v1_manifest_is_refused_unless_the_store_accepts_it(tmp_path: Path) -> None:
    """Finding: draw-v1 manifests (no announced time; \\d admits full-width digits) were still committed from
    Python after the dice. A store refuses them unless opened to finish a plan begun under draw-v1."""
    import datetime as dt

    from random_inspection.demo import load_demo_data
    from random_inspection.profiles import ProfileRegistry
    from random_inspection.sampling import build_manifest
    from random_inspection.workflow import draw_rules

    subjects, inspectors, checklist = load_demo_data()
    profile = ProfileRegistry().resolve("xuchang", dt.date(2026, 12, 1))
    manifest = build_manifest("XC-V1", "four dice", r"\d( \d){3}", (dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
                              subjects, inspectors, checklist, draw_rules(profile, team_size=2))
    store = Store.open(tmp_path / "store.sqlite3")
    try:
        with pytest.raises(InvalidInputError, match="new plans are committed as draw-v2"):
            store.commit_plan(manifest, at="2026-11-20T11:00:00+08:00", **AS)
        assert store.entries() == []
    finally:
        store.close()
    legacy = Store.open(tmp_path / "store.sqlite3", accept_draw_v1=True)
    try:
        assert legacy.commit_plan(manifest, at="2026-11-20T11:00:00+08:00", **AS).seq == 1
    finally:
        legacy.close()


def test_history_forged_for_the_commit_keeps_no_subject_out(tmp_path: Path) -> None:
    """Finding: history rows inserted before the commit (a subject at 冷水滩's yearly cap of 4, so out of the
    draw), deleted after it, left no trace. The commit now checks the history against the ledger's result
    entries, and no subject may carry more inspections than the ledger records."""
    import datetime as dt

    from random_inspection.demo import load_demo_data
    from random_inspection.errors import LedgerBroken, PermissionRefused
    from random_inspection.profiles import ProfileRegistry
    from random_inspection.sampling import InputField, PublicInputSpec, build_manifest
    from random_inspection.workflow import draw_rules

    subjects, inspectors, checklist = load_demo_data()
    profile = ProfileRegistry().resolve("lengshuitan", dt.date(2026, 12, 1))
    dice = PublicInputSpec("四枚骰子", ANNOUNCED, tuple(InputField(f"d{i}", "digits", length=1, alphabet="123456")
                                                    for i in range(4)))
    store = Store.open(tmp_path / "store.sqlite3")
    try:
        target = subjects[0].uscc
        with sqlite3.connect(tmp_path / "store.sqlite3") as raw:  # the operator's forged rows: four this year
            raw.executemany("INSERT INTO ri_inspection VALUES (?, ?, ?, ?, ?)",
                            [(900 + i, target, f"OLD-{i}", 2026, "双随机抽查") for i in range(4)])
        forged = build_manifest("LST-2026-12", None, None, (dt.date(2026, 12, 1), dt.date(2026, 12, 31)), subjects,
                                inspectors, checklist, draw_rules(profile, team_size=2, count=3),
                                history=store.history(2026), public_input=dice, interest_secret=bytes(32))
        with pytest.raises(LedgerBroken, match="history"):
            store.commit_plan(forged, at=COMMIT_AT, **AS)
        with sqlite3.connect(tmp_path / "store.sqlite3") as raw:
            raw.execute("DELETE FROM ri_inspection")
        # the same manifest, its history typed in rather than forged in the table: refused, and recorded
        with pytest.raises(PermissionRefused, match="more inspections in 2026 than the ledger records"):
            store.commit_plan(forged, at=COMMIT_AT, **AS)
        assert [e.kind for e in store.entries()] == [EntryKind.REFUSED]
        honest = build_manifest("LST-2026-12", None, None, (dt.date(2026, 12, 1), dt.date(2026, 12, 31)), subjects,
                                inspectors, checklist, draw_rules(profile, team_size=2, count=3),
                                history=store.history(2026), public_input=dice, interest_secret=bytes(32))
        assert store.commit_plan(honest, at=COMMIT_AT, **AS).seq == 2
    finally:
        store.close()


def test_a_trigger_that_hides_refusals_is_found_by_verify(workspace: Path) -> None:
    """Finding: a trigger deleting every refused entry as it is written left a chain that verified. Verify now
    refuses a store whose tables carry triggers, and the refused actor holds a receipt of its refusal."""
    plan, store = paths(workspace)
    with sqlite3.connect(store) as raw:
        raw.execute("CREATE TRIGGER hide_refusals AFTER INSERT ON ri_ledger WHEN new.kind = 'refused' "
                    "BEGIN DELETE FROM ri_ledger WHERE seq = new.seq; END")
    code, _, err = run("commit", plan, "--store", store, "--at", ANNOUNCED, *section(workspace))  # too late
    assert code == 2 and "your receipt: " in err
    receipt = err.split("your receipt: ")[1].split()[0]
    assert receipt.startswith(f"{ENROLLED + 1}:")
    code, _, err = run("ledger", "verify", "--store", store)
    assert code == 2 and "triggers (hide_refusals)" in err
    with sqlite3.connect(store) as raw:
        raw.execute("DROP TRIGGER hide_refusals")
    code, _, err = run("ledger", "verify", "--store", store, "--head", receipt)
    assert code == 2 and "published head" in err  # the receipt shows the refusal was removed


def test_personal_data_in_the_manifest_is_refused_at_commit(workspace: Path) -> None:
    """Finding: commit wrote a manifest with a phone number in its source into a public folder, and fixed it for
    good. It is now refused at commit, naming the field, before anything is recorded or written."""
    plan, store = paths(workspace)
    text = (workspace / "plan.toml").read_text(encoding="utf-8")
    (workspace / "plan.toml").write_text(text.replace("纪检监察室见证", "纪检监察室见证，联系人电话 138-1234-5678"),
                                         encoding="utf-8")
    code, out, err = run("commit", plan, "--store", store, *section(workspace))
    assert code == 2 and out == "" and "public_input.source" in err and "1234" not in err
    assert kinds(store) == [] and not (workspace / "XC-2026-12.manifest.json").exists()


def test_a_joint_team_plan_id_names_files_not_folders(workspace: Path) -> None:
    """Finding: a plan id with a slash (a joint plan's team plan PLAN/DEPARTMENT) crashed check and commit."""
    from random_inspection.io.filenames import plan_file_stem

    assert plan_file_stem("XC-2026-12/jtj") == "XC-2026-12__jtj"
    plan, store = paths(workspace)
    text = (workspace / "plan.toml").read_text(encoding="utf-8")
    (workspace / "plan.toml").write_text(text.replace('plan_id = "XC-2026-12"', 'plan_id = "XC-2026-12/yjj"'),
                                         encoding="utf-8")
    code, _, err = run("check", plan, "--store", store)
    assert code == 0, err
    code, _, err = run("commit", plan, "--store", store, *section(workspace))
    assert code == 0, err
    assert (workspace / "XC-2026-12__yjj.manifest.json").exists()
    assert (workspace / "XC-2026-12__yjj.notice.html").exists()


@pytest.mark.parametrize("bad", ['["digits"]', "{a = 1}", "7"])
def test_a_field_type_of_another_kind_is_a_clear_error(workspace: Path, bad: str) -> None:
    plan = workspace / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('type = "digits"', f"type = {bad}", 1),
                    encoding="utf-8")
    code, out, err = run("check", str(plan))
    assert code == 2 and out == "" and "unknown field type" in err


def test_a_recusal_from_a_reserve_in_force_changes_its_places_team(workspace: Path) -> None:
    """Finding: once a reserve took a drawn subject's place, a recusal from it (named by either subject) was
    refused, though the reserve keeps its place's team. It is now applied to the place."""
    from tests.cli_support import committed_and_drawn

    plan, store = paths(workspace)
    committed_and_drawn(workspace, plan, store)
    drawn = json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8"))
    gone = drawn["subjects"][0]
    code, _, err = run("reserve", plan, gone, "--reason", "已注销", "--store", store, *office(workspace))
    assert code == 0, err
    code, out, _ = run("ledger", "show", "--store", store, "--format", "json")
    reserve = json.loads(out)[-1]["payload"]["reserve"]
    leaving = drawn["teams"][gone][0]
    code, _, err = run("recuse", plan, reserve, leaving, "--method", "replace", "--reason", "利害关系", "--store",
                       store, "--as", str(workspace / "actors" / f"{leaving}.toml"))
    assert code == 0, err
    code, out, _ = run("ledger", "show", "--store", store, "--format", "json")
    recusal = json.loads(out)[-1]
    assert recusal["kind"] == "recusal" and recusal["payload"]["subject"] == gone
    assert recusal["payload"]["inspector"] == leaving and recusal["payload"]["replacement"] not in drawn["teams"][gone]
    # the disclosure says which subject a reserve replaced, and why (finding: a reserve's use left no trace)
    code, _, err = run("export", plan, "--store", store, "--out", str(workspace / "out"))
    assert code == 0, err
    public = json.loads((workspace / "out" / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert [(r["replaced"], r["reserve"], r["reason"]) for r in public["reserve_used"]] == [(gone, reserve, "已注销")]
    assert "备选对象递补" in (workspace / "out" / "public" / "disclosure.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("spelled", ["138‑1234‑5678", "138/1234/5678", "138~1234~5678", "138、1234、5678",
                                     "１３８ｰ１２３４ｰ５６７８", "138−1234−5678"])
def test_a_mobile_with_other_separators_is_refused(spelled: str) -> None:
    """Finding: a non-breaking hyphen, a slash, a tilde, 、 or ー between the groups passed the filter."""
    from random_inspection.errors import PersonalDataError
    from random_inspection.workflow import check_public

    with pytest.raises(PersonalDataError, match="reason"):
        check_public({"reason": f"联系人 {spelled}"}, where="test")
    check_public({"reason": "抽查第1、2、3项，2026/12/28 检查"}, where="test")  # dates and lists stay public


def test_a_result_written_around_the_store_is_found_by_verify(workspace: Path) -> None:
    """Finding: an inspector off the team, with their own key and write access to the database, appended a result
    entry (and its history row) around the store's checks; verify passed. It now replays the checks."""
    from random_inspection.io.actorfile import load_actor
    from random_inspection.store import record_json
    from random_inspection.workflow import InspectionKind, InspectionRecord, Step
    from tests.cli_support import committed_and_drawn

    plan, store = paths(workspace)
    committed_and_drawn(workspace, plan, store)
    drawn = json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8"))
    subject = drawn["subjects"][0]
    outsider = next(f"XC{n:03d}" for n in range(1, 13) if f"XC{n:03d}" not in drawn["teams"][subject])
    actor, signer = load_actor(workspace / "actors" / f"{outsider}.toml")
    import datetime as dt

    record = InspectionRecord(subject, "XC-2026-12", InspectionKind.DOUBLE_RANDOM, "yjj", drawn["teams"][subject],
                              (), events={Step.ENDED: dt.date(2026, 12, 10)})
    opened = Store.open(store)
    try:
        def forge(conn: object) -> object:
            entry = opened._append(conn, EntryKind.RESULT_RECORDED, record_json(record), "XC-2026-12",  # type: ignore[arg-type]
                                   None, actor, signer)
            from random_inspection.store.schema import inspections

            conn.execute(inspections.insert().values(seq=entry.seq, subject=subject, plan_id="XC-2026-12",  # type: ignore[attr-defined]
                                                     year=2026, kind="双随机抽查"))
            return entry

        opened._with_retry(forge)
    finally:
        opened.close()
    code, _, err = run("ledger", "verify", "--store", store)
    assert code == 2 and "a result the store refuses" in err and f"{outsider} was not on the team" in err
