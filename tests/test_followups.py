"""Follow-up duties that never silently lapse (石家庄 二(三) “后续处置无例外”, 三(二) “坚决杜绝后续处理结果不回填或
回填超期”), the result codes that find a problem, and who owes a duty (鹤壁 五(六): the office transfers)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError, PermissionRefused
from random_inspection.model import Actor, ResultCode, Role
from random_inspection.profiles import ProfileRegistry, ResolvedProfile
from random_inspection.store import Ed25519Signer
from random_inspection.timelimits import Days, WorkingCalendar
from random_inspection.workflow import (
    Finding,
    InspectionKind,
    InspectionRecord,
    Obligation,
    Status,
    Step,
    Transfer,
    obligations,
    overdue,
    record_result,
)
from tests.cli_support import EXAMPLES, run
from tests.store_support import fresh_store

D = dt.date
REGISTRY = ProfileRegistry()
CALENDAR = WorkingCalendar.default()
ENDED = D(2024, 5, 10)


def sjz() -> ResolvedProfile:
    return REGISTRY.resolve("shijiazhuang", ENDED)


def record(**changes: object) -> InspectionRecord:
    base = InspectionRecord("91130100MA00000000", "SJZ-1", InspectionKind.DOUBLE_RANDOM, "yjj", ("A", "B"),
                            ("I1", "I2"), events={Step.ENDED: ENDED})
    return attrs.evolve(base, **changes)  # type: ignore[arg-type]


def keyed(items: Iterable[Obligation], key: str) -> list[Obligation]:
    return [o for o in items if o.key == key]


class TestProblemCodes:
    def test_each_scheme_says_which_of_its_codes_find_a_problem(self) -> None:
        xuchang = REGISTRY.resolve("xuchang", D(2025, 9, 30)).value("results.scheme")
        hebi = REGISTRY.resolve("hebi", D(2020, 9, 25)).value("results.scheme")
        assert [c.number for c in xuchang.problem_codes] == [2, 3]  # 第十九条: 违法违规; 1 none, 4 其他 says nothing
        assert [c.number for c in hebi.problem_codes] == [2, 3, 4, 5, 6, 8]  # 附件4 备注: all but 1 and 7

    def test_the_flag_is_typed(self) -> None:
        with pytest.raises(TypeError):
            ResultCode(1, "x", "y", finds_problem="yes")  # type: ignore[arg-type]

    def test_the_flag_decides_never_the_words(self) -> None:
        said = record(result=ResultCode(1, "flagged", "未发现问题", finds_problem=True))
        unsaid = record(result=ResultCode(1, "unflagged", "发现问题待后续处理"))
        assert said.found_problem and not unsaid.found_problem
        assert [o.key for o in obligations(said, sjz(), CALENDAR)] == ["followup"]
        assert obligations(unsaid, sjz(), CALENDAR) == ()

    def test_a_record_without_a_code_shows_its_problem_by_its_findings_orders_and_letters(self) -> None:
        assert not record().found_problem and not record(findings=[Finding("I1", True)]).found_problem
        assert record(findings=[Finding("I1", True), Finding("I2", False)]).found_problem
        assert record(rectification_due=D(2024, 6, 1)).found_problem  # 二(六) 责令限期整改
        assert record(transfers=[Transfer("scjgj")]).found_problem  # 二(六) 移送


class TestNoException:
    def test_a_problem_opens_the_follow_up_at_the_result_with_no_due_of_its_own(self) -> None:
        (duty,) = keyed(obligations(record(findings=[Finding("I2", False)]), sjz(), CALENDAR), "followup")
        assert (duty.starts, duty.started_on, duty.met_by) == (Step.ENDED, ENDED, Step.FOLLOWUP_ENTERED)
        assert duty.due is None and duty.status(D(2030, 1, 1)) is Status.OPEN  # never overdue on its own say
        assert str(duty.citation) == "石应急〔2024〕20号 二(三)"
        produced = record(findings=[Finding("I2", False)],
                          events={Step.ENDED: ENDED, Step.RESULT_PRODUCED: D(2024, 5, 13)})
        (duty,) = keyed(obligations(produced, sjz(), CALENDAR), "followup")
        assert (duty.starts, duty.started_on) == (Step.RESULT_PRODUCED, D(2024, 5, 13))

    def test_a_plan_period_makes_it_overdue_and_the_entry_meets_it(self) -> None:
        found = record(findings=[Finding("I2", False)])
        (duty,) = keyed(obligations(found, sjz(), CALENDAR, periods={"followup": Days(10)}), "followup")
        assert duty.due == D(2024, 5, 20) and duty.period_from_plan
        assert duty.status(D(2024, 5, 20)) is Status.OPEN and duty.status(D(2024, 5, 21)) is Status.OVERDUE
        assert overdue([duty], D(2024, 5, 21)) == (duty,)
        handled = found.with_event(Step.FOLLOWUP_DONE, D(2024, 5, 15))  # 处置 without 回填 meets nothing
        (duty,) = keyed(obligations(handled, sjz(), CALENDAR, periods={"followup": Days(10)}), "followup")
        assert duty.status(D(2024, 5, 21)) is Status.OVERDUE
        entered = handled.with_event(Step.FOLLOWUP_ENTERED, D(2024, 5, 22))
        (duty,) = keyed(obligations(entered, sjz(), CALENDAR, periods={"followup": Days(10)}), "followup")
        assert duty.status(D(2024, 5, 22)) is Status.MET_LATE  # 回填超期

    def test_it_takes_the_place_of_the_entry_duty(self) -> None:
        handled = record(events={Step.ENDED: ENDED, Step.FOLLOWUP_DONE: D(2024, 5, 15)})
        assert [o.key for o in obligations(handled, sjz(), CALENDAR)] == ["followup_entry"]  # no problem found
        found = attrs.evolve(handled, findings=[Finding("I1", False)])
        assert [o.key for o in obligations(found, sjz(), CALENDAR)] == ["followup"]

    def test_only_a_profile_that_sets_it_opens_it(self) -> None:
        xuchang = REGISTRY.resolve("xuchang", D(2025, 9, 30))
        found = record_result(record(events={Step.ENDED: D(2025, 9, 30)}), xuchang.value("results.scheme"), 2)
        assert found.found_problem and keyed(obligations(found, xuchang, CALENDAR), "followup") == []

    def test_a_plan_period_for_no_duty_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="followups, which is no obligation"):
            obligations(record(), sjz(), CALENDAR, periods={"followups": Days(10)})

    @given(findings=st.lists(st.booleans(), max_size=2), flagged=st.none() | st.booleans(),
           rectification=st.booleans(), letter=st.booleans(),
           steps=st.sets(st.sampled_from([Step.RESULT_PRODUCED, Step.FOLLOWUP_DONE, Step.FOLLOWUP_ENTERED])),
           period=st.none() | st.integers(1, 30))
    def test_no_problem_result_is_without_a_follow_up(self, findings: list[bool], flagged: bool | None,
                                                       rectification: bool, letter: bool, steps: set[Step],
                                                       period: int | None) -> None:
        events = {Step.ENDED: ENDED, **{s: ENDED + dt.timedelta(days=i + 1) for i, s in enumerate(sorted(steps))}}
        done = record(findings=[Finding(f"I{i + 1}", ok) for i, ok in enumerate(findings)],
                      result=None if flagged is None else ResultCode(1, "r", "结果", finds_problem=flagged),
                      rectification_due=D(2024, 6, 1) if rectification else None,
                      transfers=[Transfer("scjgj")] if letter else [], events=events)
        items = obligations(done, sjz(), CALENDAR, periods={"followup": Days(period)} if period else None)
        follow = [o for o in items if o.met_by is Step.FOLLOWUP_ENTERED]
        if done.found_problem:
            (duty,) = follow  # one, and only the one that admits no exception
            assert duty.key == "followup" and duty.started_on == done.problem_day
            assert (duty.met_on is None) is (Step.FOLLOWUP_ENTERED not in steps)
        else:
            assert all(o.key == "followup_entry" for o in follow)


class TestDebtor:
    def test_the_office_owes_the_transfer(self) -> None:
        hebi = REGISTRY.resolve("hebi", D(2020, 9, 25))
        done = record(events={Step.ENDED: D(2020, 9, 25)},
                      transfers=[Transfer("scjgj", {Step.TRANSFER_RECEIVED: D(2020, 10, 9)})])
        items = obligations(done, hebi, CALENDAR)
        (transfer,) = keyed(items, "problem_transfer")
        assert transfer.debtor is not None and transfer.debtor.roles == (Role.DOUBLE_RANDOM_OFFICE,)
        assert transfer.department is None and transfer.owed_by == "双随机办"
        assert str(transfer.debtor.citation) == "鹤双随机办〔2020〕19号 五(六)"
        (handover,) = keyed(items, "record_handover")  # the inspectors' (五(五)), of the inspecting department
        assert handover.debtor is not None and handover.debtor.roles == (Role.INSPECTOR,)
        assert (handover.department, handover.owed_by) == ("yjj", "yjj")
        (reply,) = keyed(items, "case_or_reply")  # the receiver's, by its letter
        assert (reply.department, reply.debtor.roles if reply.debtor else None) == (
            "scjgj", (Role.RECEIVING_DEPARTMENT,))
        late = D(2020, 10, 20)
        assert [o.key for o in overdue(items, late, "yjj")] == ["record_handover"]
        assert {o.key for o in overdue(items, late)} == {"problem_transfer", "record_handover", "case_or_reply"}

    def test_the_store_lets_the_office_record_it_met_and_refuses_the_department(self, tmp_path: Path) -> None:
        hebi = REGISTRY.resolve("hebi", D(2020, 9, 25))
        sent = record(events={Step.ENDED: D(2020, 9, 25)}).with_transfer("scjgj", Step.TRANSFERRED, D(2020, 10, 9))
        (transfer,) = keyed(obligations(sent, hebi, CALENDAR), "problem_transfer")
        for store in fresh_store("sqlite", tmp_path):
            store = store.bind(hebi.permissions())
            section = Actor("YJ-KS", "业务科室", Role.UNDERTAKING_SECTION, "yjj")  # the inspecting department's
            with pytest.raises(PermissionRefused, match="五\\(六\\)"):
                store.record_obligation_met(transfer, actor=section, signer=Ed25519Signer.generate())
            office = Actor("HB-SSJB", "市双随机办", Role.DOUBLE_RANDOM_OFFICE, "city")  # of no inspecting department
            entry = store.record_obligation_met(transfer, actor=office, signer=Ed25519Signer.generate())
            assert (entry.payload["department"], entry.payload["step"]) == (None, Step.TRANSFERRED.value)

    def test_a_step_no_document_assigns_is_the_inspecting_departments(self) -> None:
        (duty,) = keyed(obligations(record(findings=[Finding("I1", False)]), sjz(), CALENDAR), "followup")
        assert duty.debtor is not None and duty.debtor.roles == (Role.UNDERTAKING_SECTION,)  # actors.follow_up
        assert duty.department == "yjj"


# -- the command line: a 石家庄 plan through commit, draw, record and obligations -------------------------------

PLAN_EDITS = (('plan_id = "XC-2026-12"', 'plan_id = "SJZ-2024-05"'),
              ('profile = "xuchang"', 'profile = "shijiazhuang"'),
              ('window = ["2026-12-01", "2026-12-31"]', 'window = ["2024-05-01", "2024-05-31"]'),
              ('produced_at = "2026-11-20T09:30:00+08:00"', 'produced_at = "2024-04-20T09:30:00+08:00"'),
              ("items = 3\n", "items = 3\ncount = 2\n"))


def _sjz_workspace(tmp_path: Path, periods: str) -> tuple[Path, dict[str, list[str]]]:
    """The examples turned into a 石家庄 plan of May 2024, committed and drawn by its section (二(三)); the draw's
    items per subject."""
    shutil.copytree(EXAMPLES, tmp_path / "ws")
    ws = tmp_path / "ws"
    text = (ws / "plan.toml").read_text(encoding="utf-8")
    for old, new in PLAN_EDITS:
        assert old in text
        text = text.replace(old, new)
    (ws / "plan.toml").write_text(text + periods, encoding="utf-8")
    store, section = str(ws / "store.sqlite3"), str(ws / "actors" / "xc-section.toml")
    admin = str(ws / "actors" / "xc-admin.toml")
    for args in (("ledger", "init", "--store", store, "--at", "2024-04-01T09:00:00+08:00", "--as", admin),
                 ("ledger", "enrol", str(ws / "actors"), "--store", store, "--at", "2024-04-01T09:05:00+08:00",
                  "--as", admin),
                 ("commit", str(ws / "plan.toml"), "--store", store, "--at", "2024-04-18T10:00:00+08:00",
                  "--as", section),
                 ("draw", str(ws / "plan.toml"), "3 5 1 6", "--store", store, "--as", section)):
        code, _, err = run(*args)
        assert code == 0, err
    drawn = json.loads((ws / "SJZ-2024-05.draw.json").read_text(encoding="utf-8"))
    return ws, drawn["items"]


def _record(ws: Path, name: str, rows: list[str]) -> None:
    (ws / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run("record", str(ws / "plan.toml"), str(ws / name), "--store", str(ws / "store.sqlite3"),
                         "--as", str(ws / "actors"))
    assert code == 0, out + err


def _duties(ws: Path, on: str, *options: str) -> tuple[int, list[dict[str, object]]]:
    code, out, err = run("obligations", str(ws / "plan.toml"), "--store", str(ws / "store.sqlite3"), "--on", on,
                         "--format", "json", *options)
    assert code in (0, 1), err
    return code, json.loads(out)


def test_cli_a_problem_found_under_shijiazhuang_is_followed_up_until_entered(tmp_path: Path) -> None:
    ws, items = _sjz_workspace(tmp_path, '\n[periods]\nfollowup = "10日"\n')
    problem, clean = items
    header = "统一社会信用代码,检查开始,检查结束,发现问题事项"
    _record(ws, "r1.csv", [header, f"{problem},2024-05-09,2024-05-10,{items[problem][1]}",
                           f"{clean},2024-05-09,2024-05-10,"])
    code, rows = _duties(ws, "2024-05-15")
    assert code == 0 and [(r["subject"], r["key"], r["status"]) for r in rows] == [(problem, "followup", "未完成")]
    (row,) = rows
    assert row["due"] == "2024-05-20" and row["period_from_plan"] and row["citation"] == "石应急〔2024〕20号 二(三)"
    assert row["owed_by"] == {"roles": ["承办股室"], "department": "yjj",  # actors.follow_up
                              "citation": "石应急〔2024〕20号 二(六)、三(二)"}
    code, rows = _duties(ws, "2024-05-21", "--overdue")
    assert code == 1 and [(r["key"], r["status"]) for r in rows] == [("followup", "已逾期")]
    _record(ws, "r2.csv", [header + ",后续处置,后续处理结果录入",
                           f"{problem},2024-05-09,2024-05-10,{items[problem][1]},2024-05-15,2024-05-18"])
    code, rows = _duties(ws, "2024-05-21")
    assert code == 0
    assert [(r["key"], r["met_on"], r["status"]) for r in rows] == [("followup", "2024-05-18", "按期完成")]


def test_cli_without_a_plan_period_it_stays_open_and_a_result_code_is_refused(tmp_path: Path) -> None:
    ws, items = _sjz_workspace(tmp_path, "")
    problem = next(iter(items))
    _record(ws, "r1.csv", ["统一社会信用代码,检查结束,整改期限", f"{problem},2024-05-10,2024-06-10"])  # 二(六) order
    code, rows = _duties(ws, "2030-01-01")
    assert code == 0 and {(r["key"], r["due"], r["status"]) for r in rows} >= {("followup", None, "未完成")}
    (ws / "bad.csv").write_text(f"统一社会信用代码,检查结束,检查结果\n{problem},2024-05-10,1\n", encoding="utf-8")
    code, out, _ = run("record", str(ws / "plan.toml"), str(ws / "bad.csv"), "--store", str(ws / "store.sqlite3"),
                       "--as", str(ws / "actors"), "--format", "json")
    assert code == 1 and "no result scheme" in json.loads(out)["problems"][0]["problem"]


def test_cli_a_plan_period_changed_after_the_commit_is_refused(tmp_path: Path) -> None:
    """The source sets no period for the follow-up; the plan's [periods] is recorded with the commit, so a due
    date cannot be moved later by editing the plan file after the dice (回填超期 hidden)."""
    ws, _ = _sjz_workspace(tmp_path, '\n[periods]\nfollowup = "10日"\n')
    commits = [e for e in json.loads(run("ledger", "show", "--store", str(ws / "store.sqlite3"), "--format",
                                         "json")[1]) if e["kind"] == "plan_committed"]
    assert commits[-1]["payload"]["periods"] == [["followup", "10日"]]
    plan = ws / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('followup = "10日"', 'followup = "30日"'),
                    encoding="utf-8")
    code, _, err = run("obligations", str(plan), "--store", str(ws / "store.sqlite3"), "--on", "2024-06-01")
    assert code == 2 and "committed with the duty periods followup 10日; the plan file now sets followup 30日" in err
