"""The status view across every plan of a store (`status`, ``GET /status``, docs/status.md): overdue and upcoming
duties with the subject's 名称 beside its code and the days left as each deadline counts them, a due date resting
on an estimated holiday schedule marked (暂估) and never making the exit status 1, a plan whose file is missing
listed from the ledger, and the indicators per profile."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.io import read_subjects
from random_inspection.profiles import ProfileRegistry
from random_inspection.service import ServiceConfig, create_app
from random_inspection.timelimits import WorkingCalendar
from random_inspection.workflow.duty_status import Counting, days_left
from tests.cli_support import inspectors, make_workspace, now, office, run, section
from tests.service_support import signed_read

PLAN_B, PLAN_C = "XC-2026-12B", "XC-2026-12C"
NOVEMBER = '"2026-11-01", "2026-11-30"'
"""Plan B's window: a due date in December is provisional (a year's notice may set days in the December before
it, and 2027's is not out), so plan B's firm due dates fall in November."""
HEADER = "统一社会信用代码,检查开始,检查结束,检查结果,处理结果,被检查对象意见,整改期限,反馈检查结果,录入平台并公示\n"


def _copy_plan(workspace: Path, plan_id: str, name: str, window: str = '"2026-12-01", "2026-12-31"') -> str:
    text = (workspace / "plan.toml").read_text(encoding="utf-8").replace(
        'plan_id = "XC-2026-12"', f'plan_id = "{plan_id}"').replace('"2026-12-01", "2026-12-31"', window)
    (workspace / name).write_text(text, encoding="utf-8")
    return str(workspace / name)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Three plans of 许昌 in one store: the example plan with its results (its publications due 2027-01-07 on an
    estimated 2027 schedule); plan B, whose first subject's duties were met late (due 2026-11-10, firm) and
    second's met on their due date 2026-11-24; plan C, committed and its file then removed."""
    ws = make_workspace(tmp_path_factory.mktemp("status"))
    store = str(ws / "store.sqlite3")
    plan_a, plan_b, plan_c = str(ws / "plan.toml"), _copy_plan(ws, PLAN_B, "plan-b.toml", NOVEMBER), \
        _copy_plan(ws, PLAN_C, "plan-c.toml")
    for plan in (plan_a, plan_b, plan_c):
        code, _, err = run("commit", plan, "--store", store, *section(ws))
        assert code == 0, err
    for plan in (plan_a, plan_b):
        code, _, err = run("draw", plan, "3 5 1 6", "--store", store, "--at", now(), *office(ws))
        assert code == 0, err
    drawn = json.loads((ws / f"{PLAN_B}.draw.json").read_text(encoding="utf-8"))["subjects"]
    (ws / "results-b.csv").write_text(
        HEADER + f"{drawn[0]},2026-11-02,2026-11-03,1,,,,2026-11-23,2026-11-23\n"
                 f"{drawn[1]},2026-11-16,2026-11-17,1,,,,2026-11-24,2026-11-24\n", encoding="utf-8")
    for plan, results in ((plan_a, ws / "results.csv"), (plan_b, ws / "results-b.csv")):
        code, out, err = run("record", plan, str(results), "--store", store, "--at", now(), *inspectors(ws))
        assert code == 0, out + err
    (ws / "plan-c.toml").unlink()
    yield ws
    shutil.rmtree(ws, ignore_errors=True)


def _status(ws: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run("status", "--store", str(ws / "store.sqlite3"), "--plans", str(ws), *args,
                         "--format", "json")
    return code, json.loads(out), err


def _plan(view: dict[str, Any], plan_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(p for p in view["plans"] if p["plan_id"] == plan_id)
    return found


def _names(ws: Path) -> dict[str, str]:
    return {s.uscc: s.name for s in read_subjects(ws / "rosters" / "subjects.xlsx").records}


def test_a_firm_overdue_duty_and_an_upcoming_one_with_names_and_working_days_left(workspace: Path) -> None:
    code, view, _ = _status(workspace, "--on", "2026-11-20")
    assert code == 1  # plan B's first subject: feedback and publication due 2026-11-10, not met by 11-20
    assert view["firmly_overdue"] == 2 and view["provisionally_overdue"] == 0
    b = _plan(view, PLAN_B)
    drawn = json.loads((workspace / f"{PLAN_B}.draw.json").read_text(encoding="utf-8"))["subjects"]
    names = _names(workspace)
    assert {(d["subject"], d["key"]) for d in b["overdue"]} == {(drawn[0], "feedback"), (drawn[0], "publication")}
    for duty in b["overdue"]:
        assert duty["due"] == "2026-11-10" and duty["provisional"] is False and duty["status"] == "已逾期"
        # 5个工作日 counted in working days: 11-11..11-13 and 11-16..11-20 are 8 working days late on 11-20
        assert duty["counted_in"] == "working_days" and duty["days_left"] == -8
        assert duty["subject_name"] == names[drawn[0]] and duty["department"] == "yjj"
        assert "许应急〔2023〕14号" in duty["citation"]
    upcoming = {(d["subject"], d["key"]): d for d in b["upcoming"]}
    assert set(upcoming) == {(drawn[1], "feedback"), (drawn[1], "publication")}
    assert all(d["due"] == "2026-11-24" and d["days_left"] == 2 and d["status"] == "未完成" for d in upcoming.values())


def test_duties_met_are_neither_overdue_nor_upcoming_and_are_counted(workspace: Path) -> None:
    code, view, _ = _status(workspace, "--on", "2027-01-12")
    b = _plan(view, PLAN_B)
    assert code == 0 and b["overdue"] == [] and b["upcoming"] == []
    assert b["counts"]["逾期完成"] == 2 and b["counts"]["按期完成"] == 2 and b["counts"]["已逾期"] == 0
    xuchang = next(p for p in view["profiles"] if p["profile"] == "xuchang")
    assert sum(xuchang["counts"].values()) == 10  # 6 of the example plan and 4 of plan B
    assert xuchang["counts"]["已逾期"] == 2


def test_a_duty_overdue_only_under_an_estimated_schedule_is_provisional_and_exits_0(workspace: Path) -> None:
    code, view, _ = _status(workspace, "--on", "2027-01-12")
    assert code == 0
    a = _plan(view, "XC-2026-12")
    assert len(a["overdue"]) == 2 and all(d["provisional"] is True and d["due"] == "2027-01-07"
                                          for d in a["overdue"])
    assert view["firmly_overdue"] == 0 and view["provisionally_overdue"] == 2
    code, out, _ = run("status", "--store", str(workspace / "store.sqlite3"), "--plans", str(workspace), "--on",
                       "2027-01-12")
    assert code == 0
    assert "2027-01-07 (暂估)" in out and "2 duties are overdue only under an estimated holiday schedule" in out
    assert "-3 个工作日" in out  # 01-08, 01-11, 01-12 past the due date


def test_obligations_marks_the_provisional_due_date_and_exits_0_for_it_alone(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    code, out, err = run("obligations", plan, "--store", store, "--on", "2027-01-12", "--overdue", "--format",
                         "json")
    assert code == 0
    late = json.loads(out)
    assert len(late) == 2 and all(r["provisional"] is True and r["status"] == "已逾期" for r in late)
    assert "2 of them are overdue only under an estimated holiday schedule" in err
    code, out, _ = run("obligations", plan, "--store", store, "--on", "2027-01-12", "--overdue")
    assert code == 0 and out.count("2027-01-07 (暂估)") == 2
    code, out, _ = run("obligations", _copy_plan(workspace, PLAN_B, "plan-b.toml", NOVEMBER), "--store", store, "--on",
                       "2026-11-20", "--overdue", "--format", "json")
    assert code == 1 and {r["provisional"] for r in json.loads(out)} == {False}  # firm ones still exit 1


def test_a_plan_whose_file_is_missing_has_its_duties_from_the_ledger(workspace: Path,
                                                                    tmp_path: Path) -> None:
    _, view, _ = _status(workspace, "--on", "2026-11-20")
    c = _plan(view, PLAN_C)  # committed, never drawn: no results, so no duties yet
    assert c["file_found"] is False and c["file"] is None and c["duties_from"] == "ledger"
    assert c["duties_known"] is True and c["problem"] is None and view["plans_without_duties"] == []
    assert c["profile"] == "xuchang" and c["window"] == ["2026-12-01", "2026-12-31"]
    assert c["results_recorded"] == 0 and c["overdue"] == c["upcoming"] == []
    assert _plan(view, PLAN_B)["duties_from"] == "plan file"
    # plan B's file out of reach too: the same duties, from its commit and its results, without the names
    _, bare, _ = run_status_json(workspace, tmp_path, "--on", "2026-11-20")
    b, from_file = _plan(bare, PLAN_B), _plan(view, PLAN_B)
    assert b["duties_from"] == "ledger" and b["results_recorded"] == from_file["results_recorded"] == 2
    assert b["counts"] == from_file["counts"] and b["overdue"]
    assert [{**d, "subject_name": None} for d in from_file["overdue"]] == b["overdue"]
    assert all(d["subject_name"] is None for d in b["overdue"])
    code, out, _ = run("status", "--store", str(workspace / "store.sqlite3"), "--plans", str(tmp_path), "--on",
                       "2026-11-20")
    assert code == 1 and f"{PLAN_B} (据台账)" in out and f"plan {PLAN_B} (据台账): no plan file" in out


def run_status_json(ws: Path, plans: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run("status", "--store", str(ws / "store.sqlite3"), "--plans", str(plans), *args,
                         "--format", "json")
    return code, json.loads(out), err


def test_status_takes_the_offices_hours_as_obligations_does(workspace: Path) -> None:
    _, plain, _ = _status(workspace, "--on", "2026-11-20")
    _, cut, _ = _status(workspace, "--on", "2026-11-20", "--cut-off", "feedback=17:00", "--hours-source",
                        "某政务服务中心办事指南 办公时间")
    feedback = [d for d in _plan(cut, PLAN_B)["overdue"] if d["key"] == "feedback"]
    assert feedback and all(d["ends"] == f"{d['due']} 17:00" for d in feedback)
    assert all(d["ends"] == f"{d['due']} 24:00" for d in _plan(plain, PLAN_B)["overdue"] if d["key"] == "feedback")
    code, out, _ = run("status", "--store", str(workspace / "store.sqlite3"), "--plans", str(workspace), "--on",
                       "2026-11-20", "--cut-off", "feedback=17:00", "--hours-source", "某政务服务中心办事指南 办公时间")
    assert code == 1 and f"{feedback[0]['due']} 17:00" in out
    code, _, err = run("status", "--store", str(workspace / "store.sqlite3"), "--plans", str(workspace),
                       "--cut-off", "feedback=17:00")
    assert code == 2 and "--hours-source" in err


def test_the_json_shape_is_stable(workspace: Path) -> None:
    _, view, _ = _status(workspace, "--on", "2026-11-20", "--within", "1")
    assert set(view) == {"on", "within_days", "department", "overdue", "firmly_overdue", "provisionally_overdue",
                         "plans_without_duties", "profiles", "plans"}
    assert view["on"] == "2026-11-20" and view["within_days"] == 1
    assert [p["plan_id"] for p in view["plans"]] == ["XC-2026-12", PLAN_B, PLAN_C]
    assert _plan(view, PLAN_C)["window"] == ["2026-12-01", "2026-12-31"]
    assert _plan(view, PLAN_B)["upcoming"] == []  # due in 2 days, outside --within 1
    duty = _plan(view, PLAN_B)["overdue"][0]
    assert set(duty) == {"plan_id", "subject", "subject_name", "department", "owed_by", "counterpart", "key",
                         "duty", "due", "ends", "days_left", "counted_in", "provisional", "status", "citation"}
    profile = view["profiles"][0]
    assert set(profile) == {"profile", "name", "plans", "counts", "indicators"}
    assert profile["plans"] == ["XC-2026-12", PLAN_B, PLAN_C]
    floor = next(i for i in profile["indicators"] if i["name"] == "抽查比例")
    assert floor["target"] == "1/10" and "第十二条" in floor["citation"] and floor["met"] is True
    _, other, _ = _status(workspace, "--on", "2026-11-20", "--department", "nobody")
    assert other["overdue"] == 0 and all(p["overdue"] == [] for p in other["plans"])


def test_the_service_serves_status_as_a_signed_read(workspace: Path) -> None:
    """``GET /status`` is a signed read (docs/service.md), the same view as ``status --format json``; who reads
    what is tests/test_service_read_scope.py's."""
    client = TestClient(create_app(ServiceConfig(str(workspace / "store.sqlite3"), workspace, ProfileRegistry())))
    assert client.get("/status", params={"on": "2026-11-20"}).status_code == 401
    answer = signed_read(client, "/status", "on=2026-11-20", workspace / "actors" / "xc-office.toml")
    assert answer.status_code == 200, answer.text
    assert answer.json() == _status(workspace, "--on", "2026-11-20")[1]


CALENDAR = WorkingCalendar.default()
DAYS = st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31))


@given(DAYS, DAYS)
def test_calendar_days_left_is_due_minus_on(on: dt.date, due: dt.date) -> None:
    assert days_left(due, on, Counting.DAYS, CALENDAR) == (due - on).days


@given(DAYS, DAYS)
def test_working_days_left_reach_the_due_date(on: dt.date, due: dt.date) -> None:
    due = CALENDAR.next_working_day(due)  # a working-day limit ends on a working day
    left = days_left(due, on, Counting.WORKING_DAYS, CALENDAR)
    if on == due:
        assert left == 0
    elif on < due:
        assert left >= 1 and CALENDAR.add_working_days(on, left) == due
    else:
        assert left <= -1 and CALENDAR.working_days_between(due, on) in (-left, 0)


HOURS = "某政务服务中心办事指南 办公时间"


def test_the_services_status_takes_the_offices_hours_as_the_command_does(workspace: Path) -> None:
    from urllib.parse import urlencode

    client = TestClient(create_app(ServiceConfig(str(workspace / "store.sqlite3"), workspace, ProfileRegistry())))
    reader = workspace / "actors" / "xc-office.toml"
    query = urlencode([("on", "2026-11-20"), ("cut_off", "feedback=17:00"), ("cut_off", "publication=16:30"),
                       ("hours_source", HOURS)])
    answer = signed_read(client, "/status", query, reader)
    assert answer.status_code == 200, answer.text
    command = _status(workspace, "--on", "2026-11-20", "--cut-off", "feedback=17:00", "--cut-off",
                      "publication=16:30", "--hours-source", HOURS)[1]
    assert answer.json() == command
    feedback = [d for d in _plan(command, PLAN_B)["overdue"] if d["key"] == "feedback"]
    assert feedback and all(d["ends"] == f"{d['due']} 17:00" for d in feedback)  # the cut-off took effect
    assert answer.json() != signed_read(client, "/status", "on=2026-11-20", reader).json()


@pytest.mark.parametrize(("given", "where"), [
    ([("cut_off", "feedback=17:00")], "hours_source"),
    ([("hours_source", HOURS)], "cut_off"),
    ([("cut_off", "feedback"), ("hours_source", HOURS)], "cut_off[0]"),
    ([("cut_off", "feedback=17:00"), ("cut_off", "feedback=25:00"), ("hours_source", HOURS)], "cut_off[1]"),
    ([("cut_off", "=17:00"), ("hours_source", HOURS)], "cut_off[0]"),
    ([("cut_off", "feedback=17:00"), ("hours_source", "办公时间")], "hours_source"),
])
def test_a_bad_cut_off_is_refused_saying_what_where_and_how_to_fix(workspace: Path, given: list[tuple[str, str]],
                                                                    where: str) -> None:
    from urllib.parse import urlencode

    client = TestClient(create_app(ServiceConfig(str(workspace / "store.sqlite3"), workspace, ProfileRegistry())))
    answer = signed_read(client, "/status", urlencode([("on", "2026-11-20"), *given]),
                         workspace / "actors" / "xc-office.toml")
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["where"] == where and body["what"] and body["fix"]
    assert "cut_off" in body["fix"] or "DOCUMENT ARTICLE" in body["fix"]


SCHEDULE_2027 = ('year = 2027\nsource = "某年部分节假日安排的通知"\n[[festivals]]\nname = "元旦"\n'
                 'off = ["2027-01-01/2027-01-04"]\n')
"""A firm 2027 schedule whose 元旦 rest runs to Monday 2027-01-04: the example plan's publications, due 2027-01-07
on the estimated schedule, fall due a working day later, on a firm date."""


def _dues(view: dict[str, Any]) -> list[tuple[str, str, bool]]:
    return sorted({(d["key"], d["due"], d["provisional"]) for d in _plan(view, "XC-2026-12")["overdue"]})


def test_a_schedule_moves_a_due_date_the_same_way_on_the_command_line_and_the_service(
        workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "holidays-2027.toml"
    path.write_text(SCHEDULE_2027, encoding="utf-8")
    _, plain, _ = _status(workspace, "--on", "2027-01-12")
    code, scheduled, err = _status(workspace, "--on", "2027-01-12", "--schedule", str(path))
    assert code == 1, err  # overdue on a firm due date now
    assert {(due, provisional) for _, due, provisional in _dues(plain)} == {("2027-01-07", True)}
    assert {(due, provisional) for _, due, provisional in _dues(scheduled)} == {("2027-01-08", False)}

    served: list[ServiceConfig] = []
    monkeypatch.setattr("random_inspection.service.serve", lambda config, **_: served.append(config))
    code, _, err = run("serve", "--store", str(workspace / "store.sqlite3"), "--plans", str(workspace),
                       "--schedule", str(path))
    assert code == 0, err
    (config,) = served
    assert [s.year for s in config.schedules] == [2027]
    reader = workspace / "actors" / "xc-office.toml"
    answer = signed_read(TestClient(create_app(config)), "/status", "on=2027-01-12", reader)
    assert answer.status_code == 200, answer.text
    assert answer.json() == scheduled
    default = ServiceConfig(str(workspace / "store.sqlite3"), workspace, ProfileRegistry())
    assert signed_read(TestClient(create_app(default)), "/status", "on=2027-01-12", reader).json() == plain
