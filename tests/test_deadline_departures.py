"""Departures from a duty's default period after the draw (issue 15, item 4: 一般, 原则上 — a default departed from
only with a recorded reason, which the obligations, the reports and the disclosure show).

A local district profile under 许昌 words its feedback period as a default (一般应当在检查结束后10个工作日内反馈).
Its plan is committed, drawn and an inspection recorded; then the plan's section gives one inspection 15 working
days, with the reason, through ``random-inspection depart``. The attacks: a departure from a period that binds,
from a plan's rule, after the default period ended (a lapse excused after the fact), by an inspector, with
personal data in the reason, and an entry appended around the store's checks (found by ``ledger verify``).
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.store import Store
from random_inspection.store.deadline_departures import departure_payload
from random_inspection.store.ledger import EntryKind
from random_inspection.timelimits import Days, WorkingCalendar, WorkingDays, deadline
from random_inspection.workflow import DeadlineDeparture
from random_inspection.workflow.obligations import _departed
from tests.cli_support import make_workspace, now, run, section

DONGCHENG = textwrap.dedent('''
    """东城区 under 许昌, for the departure tests (an illustration of the format, not a real document)."""
    import datetime as dt

    from random_inspection.model import Document, Jurisdiction
    from random_inspection.profiles import Profile, Rule, hookimpl
    from random_inspection.timelimits import WorkingDays

    DOC = Document("东城区应急管理局双随机抽查实施细则（示例）", doc_number="东应急〔2026〕2号",
                   issuer="许昌市东城区应急管理局", issued=dt.date(2026, 1, 5), effective_from=dt.date(2026, 1, 5))
    RULES = (
        Rule("limit.feedback", WorkingDays(10), DOC.cite("第九条"), "一般应当在检查结束后10个工作日内反馈检查结果",
             qualifier="一般"),
        Rule("frequency.yearly_cap", 4, DOC.cite("第五条"), "原则上，同一年度内对同一企业的抽查次数不超过4次",
             qualifier="原则上"),
    )


    @hookimpl
    def random_inspection_profile():
        return Profile("dongcheng", "许昌市东城区应急管理局", Jurisdiction("411099", "东城区", "县区", "411000"),
                       "xuchang", (DOC,), RULES)
''')

REASON = "企业年末停产检修，负责人无法签收检查结果，经局务会研究同意"
ENDED = dt.date(2026, 12, 22)


Drawn = tuple[Path, str, str, tuple[str, str], dict[str, list[str]]]


def _set_up(tmp_path: Path, profile: str) -> Drawn:
    """The workspace, the store, the plan (under the local 东城区 profile ``profile``), the local folder and the
    draw's teams: committed, drawn, and the first subject's inspection recorded (ended 2026-12-22)."""
    workspace = make_workspace(tmp_path)
    folder = workspace / "my-profiles"
    folder.mkdir()
    (folder / "dongcheng.py").write_text(profile, encoding="utf-8")
    local = ("--profiles-dir", str(folder))
    plan = workspace / "plan-dc.toml"
    plan.write_text((workspace / "plan.toml").read_text(encoding="utf-8").replace('profile = "xuchang"',
                                                                                  'profile = "dongcheng"'),
                    encoding="utf-8")
    store = str(workspace / "store.sqlite3")
    for args in (("commit", str(plan), "--store", store, *local, *section(workspace)),
                 ("draw", str(plan), "3 5 1 6", "--store", store, *local, "--as",
                  str(workspace / "actors" / "xc-office.toml"))):
        code, _, err = run(*args)
        assert code == 0, err
    teams: dict[str, list[str]] = json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8"))["teams"]
    subject = next(iter(teams))
    results = workspace / "mine.csv"
    results.write_text("统一社会信用代码,检查开始,检查结束,检查结果,处理结果\n"
                       f"{subject},2026-12-21,{ENDED.isoformat()},1,\n", encoding="utf-8")
    code, _, err = run("record", str(plan), str(results), "--store", store, *local, "--as",
                       str(workspace / "actors" / f"{teams[subject][0]}.toml"))
    assert code == 0, err
    return workspace, store, str(plan), local, teams


@pytest.fixture
def drawn(tmp_path: Path) -> Drawn:
    return _set_up(tmp_path, DONGCHENG)


def _depart(drawn: Drawn, *extra: str,
            rule: str = "limit.feedback", at: str = "2026-12-23T10:00:00+08:00",
            actor: str = "xc-section") -> tuple[int, str, str]:
    workspace, store, plan, local, _ = drawn
    return run("depart", plan, *extra, "--rule", rule, "--period", "15个工作日", "--reason", REASON, "--store", store,
               *local, "--as", str(workspace / "actors" / f"{actor}.toml"), "--at", at, "--format", "json")


def _kinds(store: str) -> list[str]:
    code, out, err = run("ledger", "show", "--store", store, "--format", "json")
    assert code == 0, err
    return [e["kind"] for e in json.loads(out)]


def _feedback(drawn: Drawn,
              subject: str) -> dict[str, object]:
    _, store, plan, local, _ = drawn
    code, out, err = run("obligations", plan, "--store", store, *local, "--on", "2026-12-23", "--format", "json")
    assert code == 0, err
    [row] = [o for o in json.loads(out) if o["subject"] == subject and o["key"] == "feedback"]
    return dict(row)


def test_a_departure_recorded_in_time_gives_the_duty_its_period_and_keeps_the_default_visible(drawn: Drawn) -> None:
    subject = next(iter(drawn[4]))
    before = _feedback(drawn, subject)
    code, out, err = _depart(drawn, subject)
    assert code == 0, err
    shown = json.loads(out)
    assert shown["departure"] == {"key": "limit.feedback", "value": "15个工作日", "reason": REASON,
                                  "subjects": [subject]}
    [changed] = shown["obligations"]
    assert changed["departure"]["default_due"] == before["due"]
    after = _feedback(drawn, subject)
    assert after["due"] > before["due"]  # 15 working days from 2026-12-22 end after 10 do
    assert after["departure"]["reason"] == REASON and after["departure"]["default_due"] == before["due"]
    assert after["departure"]["entry"] == shown["ledger_entry"]
    assert _kinds(drawn[1])[-1] == "deadline_departure"
    code, _, err = run("ledger", "verify", "--store", drawn[1])
    assert code == 0, err


def test_the_disclosure_and_the_reports_show_the_departure_with_its_reason(drawn: Drawn) -> None:
    workspace, store, plan, local, teams = drawn
    subject = next(iter(teams))
    assert _depart(drawn, subject)[0] == 0
    out = workspace / "out"
    code, _, err = run("export", plan, "--store", store, *local, "--out", str(out), "--on", "2026-12-23")
    assert code == 0, err
    public = json.loads((out / "public" / "disclosure.json").read_text(encoding="utf-8"))
    [shown] = public["deadline_departures"]
    assert shown["key"] == "limit.feedback" and shown["value"] == "15个工作日" and shown["reason"] == REASON
    assert shown["subjects"] == [subject] and shown["at"].startswith("2026-12-23")
    page = (out / "public" / "disclosure.html").read_text(encoding="utf-8")
    assert REASON in page and "15个工作日" in page
    reports = " ".join(p.read_text(encoding="utf-8-sig") for p in (out / "reports").glob("*.csv"))
    assert REASON in reports and f"15个工作日（{subject}）" in reports


def test_a_period_that_binds_or_a_plans_own_rule_is_refused_and_nothing_recorded(drawn: Drawn) -> None:
    entries = len(_kinds(drawn[1]))
    code, _, err = _depart(drawn, rule="limit.publication")  # 许昌 第十九条第二款: no qualifier
    assert code == 2 and "limit.publication" in err and "binding" in err
    code, _, err = _depart(drawn, rule="frequency.yearly_cap")  # a default, but the plan's: departed at the commit
    assert code == 2 and "[[departure]]" in err
    code, _, err = _depart(drawn, rule="limit.case_outcome")
    assert code == 2 and "limit.case_outcome" in err and "no document in force" in err
    code, _, err = _depart(drawn, rule="limit.nothing")
    assert code == 2 and "unknown rule key" in err
    assert len(_kinds(drawn[1])) == entries


def test_personal_data_in_the_reason_is_refused_before_anything_is_recorded(drawn: Drawn) -> None:
    workspace, store, plan, local, _ = drawn
    entries = len(_kinds(store))
    code, _, err = run("depart", plan, "--rule", "limit.feedback", "--period", "15wd", "--reason",
                       "企业负责人电话13812345678无法接通", "--store", store, *local, *section(workspace), "--at",
                       "2026-12-23T10:00:00+08:00")
    assert code == 2 and "13812345678" not in err
    assert len(_kinds(store)) == entries


def test_an_inspector_may_not_depart_and_the_refusal_is_recorded(drawn: Drawn) -> None:
    inspector = next(iter(drawn[4].values()))[0]
    code, _, err = _depart(drawn, actor=inspector)
    assert code == 2 and "commit_plan" in err
    assert _kinds(drawn[1])[-1] == "refused"


def test_a_departure_after_the_default_period_ended_is_refused_and_recorded(drawn: Drawn) -> None:
    """Excusing a lapse after the fact: the default 10 working days from 2026-12-22 ended in early January."""
    subject = next(iter(drawn[4]))
    default = _feedback(drawn, subject)["due"]
    code, _, err = _depart(drawn, at="2027-01-20T10:00:00+08:00")  # every inspection of the plan
    assert code == 2 and "a lapse is not excused after the fact" in err and str(default) in err
    assert _kinds(drawn[1])[-1] == "refused"
    assert _feedback(drawn, subject)["due"] == default


def _append_around_the_store(drawn: Drawn, subject: str, default_due: dt.date) -> None:
    """Whoever holds the section's key and the database appends, after the default period ended, a departure
    whose payload states ``default_due``."""
    from random_inspection.io.actorfile import load_actor

    actor, signer = load_actor(str(drawn[0] / "actors" / "xc-section.toml"))
    departure = DeadlineDeparture("limit.feedback", WorkingDays(30), REASON, (subject,))
    opened = Store.open(drawn[1])
    try:
        with opened.engine.begin() as conn:
            opened._append(conn, EntryKind.DEADLINE_DEPARTURE, departure_payload(departure, {subject: default_due}),
                           "XC-2026-12", "2027-01-20T10:00:00+08:00", actor, signer)
    finally:
        opened.close()


def test_a_departure_appended_around_the_store_after_the_default_due_date_is_found_by_verify(drawn: Drawn) -> None:
    subject = next(iter(drawn[4]))
    default = dt.date.fromisoformat(str(_feedback(drawn, subject)["due"]))
    _append_around_the_store(drawn, subject, default)
    code, out, err = run("ledger", "verify", "--store", drawn[1])
    assert code == 2 and "a lapse is not excused after the fact" in out + err


def test_a_departure_stating_a_false_default_due_date_is_not_honoured(drawn: Drawn) -> None:
    """The same entry with a default due date put after its own time passes ``ledger verify`` (which loads no
    profile), but gains nothing: the obligations recompute the default due date under the profile and honour a
    departure only when it was recorded by then."""
    subject = next(iter(drawn[4]))
    default = _feedback(drawn, subject)["due"]
    _append_around_the_store(drawn, subject, dt.date(2027, 2, 1))
    assert _feedback(drawn, subject)["due"] == default and "departure" not in _feedback(drawn, subject)


def test_a_departure_for_a_subject_not_drawn_is_refused(drawn: Drawn) -> None:
    code, _, err = _depart(drawn, "91410000000000000X")
    assert code == 2 and "91410000000000000X" in err
    assert _kinds(drawn[1])[-1] == "refused"


# The rule itself, in the workflow ----------------------------------------------------------------------------

CALENDAR = WorkingCalendar.default(strict=False)


@given(recorded=st.integers(min_value=0, max_value=40), days=st.integers(min_value=1, max_value=30))
def test_a_departure_is_honoured_exactly_when_recorded_in_time_and_giving_more_time(recorded: int, days: int) -> None:
    default = deadline(ENDED, WorkingDays(10), CALENDAR)
    on = ENDED + dt.timedelta(days=recorded)
    departure = DeadlineDeparture("limit.feedback", Days(days), REASON, on=on)
    used, found = _departed(default, "limit.feedback", [departure], CALENDAR, False, None, None)
    given = deadline(ENDED, Days(days), CALENDAR).due
    assert (used is departure) == (on <= default.due and given >= default.due)  # in time, and never less time
    assert found.due == (given if used else default.due)


def test_a_departure_from_another_rule_leaves_the_deadline_alone() -> None:
    default = deadline(ENDED, WorkingDays(10), CALENDAR)
    departure = DeadlineDeparture("limit.publication", Days(30), REASON, on=ENDED)
    assert _departed(default, "limit.feedback", [departure], CALENDAR, False, None, None) == (None, default)


@given(subjects=st.lists(st.sampled_from(["91410000MA0000001X", "91410000MA0000002X", "91410000MA0000003X"]),
                         unique=True), entry=st.integers(min_value=1, max_value=10**6))
def test_a_departure_reads_back_as_published(subjects: list[str], entry: int) -> None:
    departure = DeadlineDeparture("limit.feedback", WorkingDays(15), REASON, subjects, dt.date(2026, 12, 23), entry,
                                  "2026-12-23T10:00:00+08:00", tuple((s, dt.date(2027, 1, 6)) for s in subjects))
    assert DeadlineDeparture.from_json(departure.to_json()) == departure


@pytest.mark.parametrize("data", [
    {"key": "limit.feedback", "value": "15个工作日", "reason": REASON, "extra": 1},
    {"key": "limit.feedback", "value": 15, "reason": REASON},
    {"key": "limit.feedback", "value": "十五天", "reason": REASON},
    {"key": "limit.feedback", "value": "15个工作日", "reason": " "},
    {"key": "limit.feedback", "value": "15个工作日", "reason": REASON, "subjects": "91410000MA0000001X"},
    {"key": "limit.feedback", "value": "15个工作日", "reason": REASON, "entry": True},
])
def test_a_malformed_departure_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(InvalidInputError):
        DeadlineDeparture.from_json(data)


def test_a_duty_period_in_the_plan_files_departures_is_refused_by_check(tmp_path: Path) -> None:
    """A ``[[departure]]`` of ``limit.feedback`` in the plan file would be recorded with the commit and honoured by
    nothing: ``check`` refuses it and names ``depart``."""
    workspace = make_workspace(tmp_path)
    folder = workspace / "my-profiles"
    folder.mkdir()
    (folder / "dongcheng.py").write_text(DONGCHENG, encoding="utf-8")
    plan = workspace / "plan-dc.toml"
    plan.write_text((workspace / "plan.toml").read_text(encoding="utf-8").replace(
        'profile = "xuchang"', 'profile = "dongcheng"') + '\n[[departure]]\nkey = "limit.feedback"\n'
        'value = "15个工作日"\nreason = "年末停产检修"\n', encoding="utf-8")
    code, out, err = run("check", str(plan), "--profiles-dir", str(folder))
    assert code != 0 and "random-inspection depart" in out + err


# Over HTTP ---------------------------------------------------------------------------------------------------

def _client(workspace: Path) -> Any:
    from fastapi.testclient import TestClient

    from random_inspection.profiles import ProfileRegistry
    from random_inspection.service import ServiceConfig, create_app

    (workspace / "plan.toml").unlink()  # the service's plan folder holds one plan file of XC-2026-12: 东城区's
    config = ServiceConfig(str(workspace / "store.sqlite3"), workspace,
                           ProfileRegistry(folders=(str(workspace / "my-profiles"),)))
    return TestClient(create_app(config), raise_server_exceptions=False)


def _ledger_rows(store: str) -> list[tuple[Any, ...]]:
    import sqlalchemy as sa

    from random_inspection.store.schema import ledger

    opened = Store.open(store, readonly=True)
    try:
        with opened.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.select(ledger.c.seq, ledger.c.kind, ledger.c.body,
                                                             ledger.c.entry_hash).order_by(ledger.c.seq))]
    finally:
        opened.close()


def test_over_http_the_same_entry_as_the_command_line(drawn: Drawn, tmp_path: Path) -> None:
    """The same departure through ``depart`` and ``POST /plans/{id}/departures`` on two identical stores writes the
    same entry, byte for byte; the obligations returned show the default due date beside the new one."""
    import shutil

    from tests.service_support import signed_write

    workspace, store, _, _, teams = drawn
    subject = next(iter(teams))
    twin = tmp_path / "twin"
    shutil.copytree(workspace, twin)
    at = now()  # the service takes a departure's time from its own clock, within five minutes
    assert _depart(drawn, subject, at=at)[0] == 0
    client = _client(twin)
    response = signed_write(client, "/plans/XC-2026-12/departures",
                            {"rule": "limit.feedback", "period": "15个工作日", "reason": REASON,
                             "subjects": [subject], "at": at},
                            twin / "actors" / "xc-section.toml")
    assert response.status_code == 200, response.text
    [changed] = response.json()["obligations"]
    assert changed["departure"]["default_due"] < changed["due"]
    assert _ledger_rows(store) == _ledger_rows(str(twin / "store.sqlite3"))


def test_over_http_an_inspector_is_refused_and_the_refusal_recorded(drawn: Drawn) -> None:
    from tests.service_support import actor_body, prepare, sign

    workspace, store, _, _, teams = drawn
    inspector = workspace / "actors" / f"{next(iter(teams.values()))[0]}.toml"
    client = _client(workspace)
    body = {"rule": "limit.feedback", "period": "15wd", "reason": REASON, "actor": actor_body(inspector)}
    prepared = prepare(client, "/plans/XC-2026-12/departures", body)
    assert prepared["refused"] is not None and "commit_plan" in prepared["refused"]["what"]
    before = len(_kinds(store))
    response = client.post("/plans/XC-2026-12/departures",
                           json={**body, "at": prepared["at"], "signatures": sign(prepared, inspector)})
    assert response.status_code == 403 and "commit_plan" in response.json()["what"], response.text
    assert _kinds(store)[before:] == ["refused"]


def test_over_http_a_period_that_binds_is_a_400_with_nothing_recorded(drawn: Drawn) -> None:
    from tests.service_support import actor_body

    workspace, store, _, _, _ = drawn
    client = _client(workspace)
    before = len(_kinds(store))
    response = client.post("/plans/XC-2026-12/departures/prepare", json={
        "rule": "limit.publication", "period": "15wd", "reason": REASON,
        "actor": actor_body(workspace / "actors" / "xc-section.toml")})
    assert response.status_code == 400 and "binding" in response.json()["what"], response.text
    assert len(_kinds(store)) == before


def test_over_http_a_time_other_than_now_is_refused(drawn: Drawn) -> None:
    """A remote signer does not choose the day a departure is honoured by: an ``at`` days away is refused."""
    from tests.service_support import actor_body

    workspace, _, _, _, _ = drawn
    client = _client(workspace)
    response = client.post("/plans/XC-2026-12/departures/prepare", json={
        "rule": "limit.feedback", "period": "15wd", "reason": REASON, "at": "2027-01-05T10:00:00+08:00",
        "actor": actor_body(workspace / "actors" / "xc-section.toml")})
    assert response.status_code == 400 and response.json()["where"] == "at", response.text


# The review's attacks --------------------------------------------------------------------------------------------

def test_a_time_written_in_another_offset_is_counted_on_its_day_in_china(drawn: Drawn) -> None:
    """The default due date's 23:00 at UTC-12 is the next day in China: refused as after the default period."""
    subject = next(iter(drawn[4]))
    default = _feedback(drawn, subject)["due"]
    code, _, err = _depart(drawn, at=f"{default}T23:00:00-12:00")
    assert code == 2 and "a lapse is not excused after the fact" in err
    assert _kinds(drawn[1])[-1] == "refused"


def _through_the_store(drawn: Drawn, departure: DeadlineDeparture, who: str = "xc-section") -> None:
    """The departure recorded with the Python API (no profile checks: those are the caller's), by ``who``."""
    from random_inspection.io.actorfile import load_actor

    actor, signer = load_actor(str(drawn[0] / "actors" / f"{who}.toml"))
    opened = Store.open(drawn[1])
    try:
        opened.record_deadline_departure("XC-2026-12", departure, {}, actor=actor, signer=signer,
                                         at="2026-12-23T10:00:00+08:00")
    finally:
        opened.close()


def test_a_shorter_period_is_refused_and_not_honoured_if_recorded_around_the_check(drawn: Drawn) -> None:
    """A departure gives more time, never less: 1日 would put the inspectors in the wrong after the fact."""
    workspace, store, plan, local, teams = drawn
    subject = next(iter(teams))
    default = _feedback(drawn, subject)["due"]
    code, _, err = run("depart", plan, subject, "--rule", "limit.feedback", "--period", "1日", "--reason", REASON,
                       "--store", store, *local, *section(workspace), "--at", "2026-12-23T10:00:00+08:00")
    assert code == 2 and "never less" in err
    _through_the_store(drawn, DeadlineDeparture("limit.feedback", Days(1), REASON, (subject,)))
    assert _kinds(store)[-1] == "deadline_departure"
    assert _feedback(drawn, subject)["due"] == default and "departure" not in _feedback(drawn, subject)


def test_a_departure_from_a_binding_period_through_the_store_is_not_honoured(drawn: Drawn) -> None:
    """The store cannot judge the rule (it loads no profile); the obligations can: 许昌 第十九条第二款's publication
    period binds, so an entry departing from it moves nothing."""
    _, store, plan, local, teams = drawn
    subject = next(iter(teams))

    def publication() -> list[str]:
        code, out, err = run("obligations", plan, "--store", store, *local, "--on", "2026-12-23", "--format", "json")
        assert code == 0, err
        return [o["due"] for o in json.loads(out) if o["subject"] == subject and o["key"] == "publication"]

    before = publication()
    _through_the_store(drawn, DeadlineDeparture("limit.publication", Days(365), REASON))
    assert _kinds(store)[-1] == "deadline_departure"
    assert before and publication() == before


def test_an_inspector_through_the_store_is_refused_and_the_refusal_recorded(drawn: Drawn) -> None:
    """With no permissions bound (the Python API), the store still refuses an inspector moving the deadlines
    inspectors owe; ``ledger verify`` would name such an entry written around it."""
    from random_inspection.errors import PermissionRefused

    inspector = next(iter(drawn[4].values()))[0]
    with pytest.raises(PermissionRefused, match="inspector may not depart"):
        _through_the_store(drawn, DeadlineDeparture("limit.feedback", Days(60), REASON), who=inspector)
    assert _kinds(drawn[1])[-1] == "refused"


NOTICE = textwrap.dedent('''
    DOC2 = Document("东城区应急管理局关于调整反馈时限的通知（示例）", doc_number="东应急〔2026〕9号",
                    issuer="许昌市东城区应急管理局", issued=dt.date(2026, 12, 15), effective_from=dt.date(2026, 12, 15))
    RULES = (
        Rule("limit.feedback", WorkingDays(10), DOC2.cite("第二条"),
             "应当在检查结束后10个工作日内反馈检查结果"),''').lstrip("\n")
LATER = DONGCHENG.replace("RULES = (", NOTICE, 1).replace("(DOC,), RULES)", "(DOC, DOC2), RULES)")


def test_a_rule_binding_in_the_version_in_force_for_the_inspection_is_refused(tmp_path: Path) -> None:
    """The plan's window opens under the 细则 (一般), but a notice of 2026-12-15 makes the feedback period binding:
    the inspection ended on 2026-12-22 runs under the notice, so its period is not departed from."""
    workspace, store, plan, local, teams = _set_up(tmp_path, LATER)
    code, out, err = run("explain", "dongcheng", "--as-of", "2026-12-22", *local)
    assert code == 0 and "东应急〔2026〕9号" in out, err
    code, _, err = run("depart", plan, next(iter(teams)), "--rule", "limit.feedback", "--period", "15个工作日",
                       "--reason", REASON, "--store", store, *local, *section(workspace), "--at",
                       "2026-12-23T10:00:00+08:00")
    assert code == 2 and "binding" in err and "东应急〔2026〕9号" in err
