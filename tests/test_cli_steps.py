"""Every recording step from the command line (``step transfer``, ``step finding``, ``step hand-over``): each
signed by its actor and checked as ``record`` is, each refusal recorded; then ``obligations`` shows the duties
the steps started and met. The duties of a transfer letter are set by a local profile under 许昌's that adds
鹤壁-style time limits (an illustration, not a document), so that the example plan carries them."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from random_inspection.profiles import ProfileRegistry
from random_inspection.store import Store
from tests.cli_support import (
    admin,
    committed_and_drawn,
    inspectors,
    make_workspace,
    run,
    section,
)

SUBJECT = "91411024980L3L5A1K"  # drawn with 3 5 1 6; team XC001、XC011; items YJ-006、YJ-001、YJ-003; 2026-12-29..30
OTHER = "91411002QGE7Q07X68"  # team XC008、XC004

LETTERS = textwrap.dedent('''
    """A local profile for the tests: 许昌's rules with time limits for transfer letters and the hand-over of the
    forms (worded after 鹤壁 五(五)、五(六); an illustration of the format, not a real document)."""
    import datetime as dt

    from random_inspection.model import Document, Jurisdiction, Role
    from random_inspection.profiles import Profile, Rule, hookimpl
    from random_inspection.timelimits import Days, WorkingDays

    DOC = Document("移交问题线索工作细则（示例）", doc_number="示例〔2025〕1号", issuer="许昌市魏都区应急管理局",
                   issued=dt.date(2025, 3, 1), effective_from=dt.date(2025, 3, 1))
    RULES = (
        Rule("limit.problem_transfer", Days(10), DOC.cite("第一条"), "应于抽查结束后10日内以函件形式移交相关部门"),
        Rule("limit.case_or_reply", Days(7), DOC.cite("第二条"), "应于7日内立案查处或书面回复"),
        Rule("limit.case_outcome", WorkingDays(20), DOC.cite("第三条"), "应于结案后20个工作日内书面告知"),
        Rule("limit.record_handover", Days(10), DOC.cite("第四条"), "抽查结束后10日内移交《联合抽查记录表》"),
        Rule("actors.close", (Role.RECEIVING_DEPARTMENT,), DOC.cite("第二条"), "相关部门立案查处或书面回复"),
        Rule("actors.transfer", (Role.UNDERTAKING_SECTION,), DOC.cite("第一条"), "承办科室以函件形式移交"),
    )


    @hookimpl
    def random_inspection_profile():
        return Profile("letters", "许昌市魏都区应急管理局（示例）", Jurisdiction("411002", "魏都区", "县区", "411000"),
                       "xuchang", (DOC,), RULES)
''')


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def _recorded(workspace: Path, profile: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """The example plan (under ``profile``, a local one, if given) committed, drawn and its results recorded."""
    plan, local = workspace / "plan.toml", ()
    if profile is not None:
        folder = workspace / "my-profiles"
        folder.mkdir()
        (folder / f"{profile}.py").write_text(LETTERS, encoding="utf-8")
        plan = workspace / f"{profile}.toml"
        plan.write_text((workspace / "plan.toml").read_text(encoding="utf-8")
                        .replace('profile = "xuchang"', f'profile = "{profile}"'), encoding="utf-8")
        local = ("--profiles-dir", str(folder))
    store = str(workspace / "store.sqlite3")
    for args in (("commit", str(plan), "--store", store, *local, *section(workspace)),
                 ("draw", str(plan), "3 5 1 6", "--store", store, *local,
                  "--as", str(workspace / "actors" / "xc-office.toml")),
                 ("record", str(plan), str(workspace / "results.csv"), "--store", store, *local,
                  *inspectors(workspace))):
        code, _, err = run(*args)
        assert code == 0, err
    return str(plan), store, local


def _as(workspace: Path, name: str) -> tuple[str, str]:
    return "--as", str(workspace / "actors" / f"{name}.toml")


def _receiver(workspace: Path, store: str) -> tuple[str, str]:
    """An actor of the receiving department 市市场监督管理局 (相关部门), enrolled by the administrator."""
    path = workspace / "actors" / "sj-case.toml"
    code, _, err = run("keygen", str(path), "--id", "SJ-AJ", "--name", "市场监管局案件科", "--role", "相关部门",
                       "--department", "scjgj")
    assert code == 0, err
    code, _, err = run("ledger", "enrol", str(path), "--store", store, *admin(workspace))
    assert code == 0, err
    return "--as", str(path)


def _refusals(store: str) -> list[dict[str, object]]:
    code, out, _ = run("ledger", "show", "--store", store, "--format", "json")
    assert code == 0
    return [e for e in json.loads(out) if e["kind"] == "refused"]


def _obligations(plan: str, store: str, local: tuple[str, ...], on: str) -> dict[tuple[str, str], dict[str, object]]:
    code, out, err = run("obligations", plan, "--store", store, "--on", on, *local, "--format", "json")
    assert code == 0, err
    return {(r["key"], r["counterpart"] or ""): r for r in json.loads(out) if r["subject"] == SUBJECT}


def test_a_transfer_letter_and_its_later_steps_start_and_meet_their_duties(workspace: Path) -> None:
    plan, store, local = _recorded(workspace, "letters")
    assert ("problem_transfer", "scjgj") not in _obligations(plan, store, local, "2027-01-05")
    code, out, err = run("step", "transfer", plan, SUBJECT, "--to", "scjgj", "--date", "2027-01-05", "--letter",
                         "许应急函〔2027〕1号", "--store", store, *local, "--format", "json", *section(workspace))
    assert code == 0, err
    sent = json.loads(out)
    assert sent["step"] == {"subject": SUBJECT, "department": "yjj", "day": "2027-01-05", "step": "函告移交问题线索",
                            "to": "scjgj", "sender": "yjj", "letter": "许应急函〔2027〕1号"}
    shown = {(r["key"], r["counterpart"]): r for r in sent["obligations"] if r["subject"] == SUBJECT}
    assert shown[("problem_transfer", "scjgj")]["met_on"] == "2027-01-05"
    # 10日 from 检查结束 2026-12-30 end on Saturday 2027-01-09, and so on the next working day
    assert shown[("problem_transfer", "scjgj")]["due"] == "2027-01-11"
    duties = _obligations(plan, store, local, "2027-01-12")
    assert duties[("problem_transfer", "scjgj")]["status"] == "按期完成"
    assert ("case_or_reply", "scjgj") not in duties  # runs from 收到移交函, not recorded yet

    receiver = _receiver(workspace, store)
    code, out, err = run("step", "transfer", plan, SUBJECT, "--to", "scjgj", "--step", "收到移交函", "--date",
                         "2027-01-07", "--store", store, *local, *receiver)
    assert code == 0, err
    assert "收到移交函" in out and "立案查处，或书面回复不予立案" in out
    duties = _obligations(plan, store, local, "2027-01-20")
    case = duties[("case_or_reply", "scjgj")]
    assert case["due"] == "2027-01-14" and case["status"] == "已逾期" and case["owed_by"]["department"] == "scjgj"
    code, _, err = run("step", "transfer", plan, SUBJECT, "--to", "scjgj", "--step", "立案查处或书面回复", "--date",
                       "2027-01-13", "--store", store, *local, *receiver)
    assert code == 0, err
    assert _obligations(plan, store, local, "2027-01-20")[("case_or_reply", "scjgj")]["met_on"] == "2027-01-13"
    code, out, _ = run("ledger", "verify", "--store", store, "--format", "json")
    assert code == 0 and json.loads(out)["every_signature_checked"]
    # the letter's 文号 and sender, read back out of the store, are published with the inspection
    code, _, err = run("export", plan, "--store", store, "--out", str(workspace / "out"), *local,
                       *_as(workspace, "XC001"))
    assert code == 0, err
    public = json.loads((workspace / "out" / "public" / "disclosure.json").read_text(encoding="utf-8"))
    (shown,) = [i for i in public["inspections"] if i["subject"]["uscc"] == SUBJECT]
    assert shown["transfers"] == [{"to": "scjgj", "sender": "yjj", "letter": "许应急函〔2027〕1号",
                                   "sent": "2027-01-05"}]


def test_a_transfer_is_refused_and_recorded_as_the_library_refuses_it(workspace: Path) -> None:
    plan, store, local = _recorded(workspace, "letters")
    base = ("step", "transfer", plan, SUBJECT, "--store", store, *local)
    # an inspector may not transfer under this profile (actors.transfer: 承办股室), and not for another department
    code, _, err = run(*base, "--to", "scjgj", "--date", "2027-01-05", *_as(workspace, "XC001"))
    assert code == 2 and "承办股室" in err and "the refusal is recorded as ledger entry" in err
    code, _, err = run(*base, "--to", "scjgj", "--from", "zjj", "--date", "2027-01-05", *section(workspace))
    assert code == 2 and "sent by zjj" in err and "--from" in err
    code, _, err = run(*base, "--to", "yjj", "--date", "2027-01-05", *section(workspace))
    assert code == 2 and "the inspecting department itself" in err and "--to" in err
    code, _, err = run(*base, "--to", "scjgj", "--date", "2026-12-01", *section(workspace))
    assert code == 2 and "before the inspection began (2026-12-29)" in err and "--date" in err
    # the receiver's step on a letter never sent
    code, _, err = run(*base, "--to", "scjgj", "--step", "收到移交函", "--date", "2027-01-05", *section(workspace))
    assert code == 2 and "no letter was sent to scjgj" in err
    assert [r["payload"]["action"] for r in _refusals(store)] == ["transfer", "transfer", "transfer", "transfer",
                                                                  "meet_obligation"]
    # the letter, then a replay of it (the same step again, any day) is refused and recorded
    assert run(*base, "--to", "scjgj", "--date", "2027-01-05", *section(workspace))[0] == 0
    code, _, err = run(*base, "--to", "scjgj", "--date", "2027-01-05", *section(workspace))
    assert code == 2 and "recorded already, on 2027-01-05" in err
    code, _, err = run(*base, "--to", "scjgj", "--date", "2027-01-06", *section(workspace))
    assert code == 2 and "recorded already" in err
    assert len(_refusals(store)) == 7
    # the receiver's step by the sending department: the duty is the receiver's
    code, _, err = run(*base, "--to", "scjgj", "--step", "收到移交函", "--date", "2027-01-07", *section(workspace))
    assert code == 2 and "scjgj" in err
    # the receiver's step before the letter
    receiver = _receiver(workspace, store)
    code, _, err = run(*base, "--to", "scjgj", "--step", "收到移交函", "--date", "2027-01-04", *receiver)
    assert code == 2 and "before the letter was sent (2027-01-05)" in err and "--date" in err


def test_findings_per_checklist_item(workspace: Path) -> None:
    plan, store, _ = _recorded(workspace)
    base = ("step", "finding", plan, SUBJECT, "--store", store)
    code, out, err = run(*base, "--item", "YJ-006", "--hazard", "--note", "安全出口堵塞", "--rectify-by",
                         "2027-01-15", "--date", "2026-12-30", "--format", "json", *_as(workspace, "XC001"))
    assert code == 0, err
    assert json.loads(out)["step"]["finding"] == {"item": "YJ-006", "compliant": False, "note": "安全出口堵塞"}
    code, _, err = run(*base, "--item", "YJ-001", "--compliant", "--date", "2026-12-30", *_as(workspace, "XC011"))
    assert code == 0, err
    # 清单之外无检查: an item not drawn for the subject; a second finding on an item; an inspector not on the team
    code, _, err = run(*base, "--item", "YJ-010", "--hazard", "--date", "2026-12-30", *_as(workspace, "XC001"))
    assert code == 2 and "清单之外无检查" in err and "--item" in err
    code, _, err = run(*base, "--item", "YJ-006", "--compliant", "--date", "2026-12-30", *_as(workspace, "XC001"))
    assert code == 2 and "recorded already" in err
    code, _, err = run(*base, "--item", "YJ-003", "--hazard", "--date", "2026-12-30", *_as(workspace, "XC008"))
    assert code == 2 and "XC008 was not on the team" in err
    code, _, err = run(*base, "--item", "YJ-003", "--hazard", "--rectify-by", "2026-12-01", "--date", "2026-12-30",
                       *_as(workspace, "XC001"))
    assert code == 2 and "--rectify-by" in err
    assert len(_refusals(store)) == 4
    # the store's record has them
    opened = Store.open(store)
    try:
        scheme = ProfileRegistry().resolve("xuchang", dt.date(2026, 12, 30)).value("results.scheme")
        [record] = [r for r in opened.records("XC-2026-12", scheme) if r.subject == SUBJECT]
    finally:
        opened.close()
    assert [(f.item, f.compliant) for f in record.findings] == [("YJ-006", False), ("YJ-001", True)]
    assert str(record.rectification_due) == "2027-01-15" and record.found_problem


def test_the_hand_over_of_the_forms(workspace: Path) -> None:
    plan, store, local = _recorded(workspace, "letters")
    base = ("step", "hand-over", plan, SUBJECT, "--to", "联合抽查办公室", "--store", store, *local)
    code, _, err = run(*base, "--date", "2027-01-02", "--from", "scjgj", *_as(workspace, "XC001"))
    assert code == 2 and "scjgj is not a department of the plan (yjj)" in err and "--from" in err
    code, _, err = run(*base, "--date", "2027-01-02", *_as(workspace, "XC008"))  # not on the team
    assert code == 2 and "XC008" in err
    code, out, err = run(*base, "--date", "2027-01-02", *_as(workspace, "XC011"))
    assert code == 0, err
    assert "records_handed_over of " + SUBJECT in out  # the profile words no step of its own: the library's key
    handover = _obligations(plan, store, local, "2027-01-12")[("record_handover", "")]
    assert handover["met_on"] == "2027-01-02" and handover["status"] == "按期完成"
    code, _, err = run(*base, "--date", "2027-01-02", *_as(workspace, "XC011"))
    assert code == 2 and "recorded already" in err
    assert len(_refusals(store)) == 3


def test_a_step_on_an_inspection_never_recorded_is_refused(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    code, _, err = run("step", "finding", plan, OTHER, "--item", "YJ-010", "--hazard", "--date", "2026-12-30",
                       "--store", store, *_as(workspace, "XC008"))
    assert code == 2 and "no inspection of" in err and "SUBJECT" in err
    assert len(_refusals(store)) == 1


def test_findings_from_a_file_every_row_recorded_reported_or_refused(workspace: Path) -> None:
    plan, store, _ = _recorded(workspace)
    path = workspace / "findings.csv"
    path.write_text("\n".join((
        "统一社会信用代码,事项编码,是否发现隐患,检查发现,整改期限,检查日期",
        f"{SUBJECT},YJ-006,是,安全出口堵塞,2027-01-15,2026-12-30",
        f"{SUBJECT},YJ-001,否,,,2026-12-30",
        f"{OTHER},YJ-010,否,,,2026-12-29",
        f"{SUBJECT},YJ-999,是,清单外,,2026-12-30",  # not drawn: refused and recorded
        f"{SUBJECT},YJ-003,也许,,,2026-12-30",  # neither yes nor no: a problem of its row
        f"{SUBJECT},YJ-003,否,,,",  # no day
        f"{SUBJECT},YJ-001,否,,,2026-12-30",  # again: refused as a replay
    )) + "\n", encoding="utf-8")
    code, out, err = run("step", "findings", plan, str(path), "--store", store, "--format", "json",
                         *inspectors(workspace))
    assert code == 1, err
    got = json.loads(out)
    assert [(r["row"], r["subject"]) for r in got["recorded"]] == [(2, SUBJECT), (3, SUBJECT), (4, OTHER)]
    assert [(r["row"], r["actor"]) for r in got["refused"]] == [(5, "XC001"), (8, "XC001")]
    assert "清单之外无检查" in got["refused"][0]["problem"] and "recorded already" in got["refused"][1]["problem"]
    assert sorted(p["row"] for p in got["problems"]) == [6, 7]
    assert len(_refusals(store)) == 2
    code, out, _ = run("step", "findings", plan, str(path), "--store", store, *inspectors(workspace))
    assert code == 1 and "0 findings recorded, 2 problems, 5 refused" in out  # a second run records nothing
