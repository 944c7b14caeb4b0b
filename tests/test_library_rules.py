"""The rules the command line and the demo share, held by the library: the committed-plan check
(``store.check_committed``), recording a results file (``store.record_results``), the day a record's obligations
are resolved on (``workflow.obligations_day``, ``workflow.plan_obligations``) and the plan rules a plan is
committed under (``workflow.plan_problems``, ``workflow.require_plan``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.demo.actors import demo_register
from random_inspection.demo.hebi import DEPARTMENTS, HEBI_PLAN, WINDOW, run_hebi
from random_inspection.errors import InvalidInputError
from random_inspection.io.actorfile import load_actors
from random_inspection.io.planfile import load_plan_file
from random_inspection.io.results import read_results
from random_inspection.profiles import PlanFacts, ProfileRegistry
from random_inspection.sampling import Manifest
from random_inspection.store import EntryKind, Store, check_committed, record_results
from random_inspection.timelimits import WorkingCalendar
from random_inspection.workflow import (
    InspectionKind,
    InspectionPlan,
    InspectionRecord,
    Step,
    obligations,
    obligations_day,
    plan_facts,
    plan_obligations,
    plan_problems,
    require_plan,
)
from tests.cli_support import committed_and_drawn, inspectors, make_workspace, run

REGISTRY = ProfileRegistry()
CALENDAR = WorkingCalendar.default()
PLAN = InspectionPlan("XC-2026-12", "xuchang", ("yjj",), (dt.date(2026, 12, 1), dt.date(2026, 12, 31)), ())


@pytest.fixture
def drawn(tmp_path: Path) -> Path:
    """The example workspace with its plan committed and drawn."""
    workspace = make_workspace(tmp_path)
    committed_and_drawn(workspace, str(workspace / "plan.toml"), str(workspace / "store.sqlite3"))
    return workspace


@contextlib.contextmanager
def _open(workspace: Path) -> Iterator[Store]:
    """The example store, bound to 许昌's permissions as the command line opens it."""
    resolved = REGISTRY.resolve("xuchang", PLAN.window[0])
    store = Store.open(str(workspace / "store.sqlite3"), permissions=resolved.permissions())
    try:
        yield store
    finally:
        store.close()


class TestCheckCommitted:
    def test_the_committed_plan_passes_and_its_entry_is_returned(self, drawn: Path) -> None:
        plan = load_plan_file(drawn / "plan.toml")
        manifest = Manifest.from_json(json.loads((drawn / "XC-2026-12.manifest.json").read_text(encoding="utf-8")))
        with _open(drawn) as store:
            entry = check_committed(store, plan.plan, manifest)
        assert entry.kind is EntryKind.PLAN_COMMITTED and entry.plan_id == "XC-2026-12"

    def test_another_profile_window_plan_or_manifest_is_refused(self, drawn: Path) -> None:
        plan = load_plan_file(drawn / "plan.toml").plan
        manifest = Manifest.from_json(json.loads((drawn / "XC-2026-12.manifest.json").read_text(encoding="utf-8")))
        with _open(drawn) as store:
            with pytest.raises(InvalidInputError, match="committed under xuchang") as info:
                check_committed(store, attrs.evolve(plan, profile="hebi"), where="hebi.toml")
            assert info.value.where == "hebi.toml"
            later = (plan.window[0], dt.date(2027, 1, 31))
            with pytest.raises(InvalidInputError, match="2026-12-01–2027-01-31"):
                check_committed(store, attrs.evolve(plan, window=later))
            with pytest.raises(InvalidInputError, match="XC-2027-01 is not committed") as info:
                check_committed(store, attrs.evolve(plan, plan_id="XC-2027-01"))
            assert info.value.where == "plan XC-2027-01" and "commit the plan first" in str(info.value)
            with pytest.raises(InvalidInputError, match="the manifest is plan XC-2027-01's, not XC-2026-12's"):
                check_committed(store, plan, attrs.evolve(manifest, plan_id="XC-2027-01"))


class TestRecordResults:
    def test_each_record_by_its_team_once_and_a_refusal_reported(self, drawn: Path) -> None:
        plan = load_plan_file(drawn / "plan.toml")
        with _open(drawn) as store:
            got = read_results(drawn / "results.csv", plan_id=plan.plan_id, department="yjj",
                               draw=store.in_force(plan.plan_id).record_view("yjj"),
                               scheme=REGISTRY.resolve("xuchang", PLAN.window[0]).value("results.scheme"))
            assert got.ok and len(got.records) == 3
            actors = load_actors(drawn / "actors")
            first = record_results(store, got.records[:2], actors, at="2026-12-20T10:00:00+08:00")
            assert first.recorded == tuple(r.subject for r in got.records[:2]) and len(first.entries) == 2
            for entry, record in zip(first.entries, got.records[:2], strict=True):
                (written,) = [e for e in store.entries() if e.seq == entry]
                assert written.actor is not None and written.actor["id"] in record.team  # 谁检查、谁录入
            again = record_results(store, got.records, actors, at="2026-12-20T10:05:00+08:00")
            assert again.unchanged == first.recorded and again.recorded == (got.records[2].subject,)
            # an actor who was not on the team records nothing: the refusal is reported, not raised
            section = {"XC-ZFZD": actors["XC-ZFZD"]}  # the 承办股室 plans; it does not record (第十六条、第十九条)
            changed = attrs.evolve(got.records[0], opinion="无异议（补录）")
            refused = record_results(store, [changed], section, at="2026-12-20T10:10:00+08:00")
            assert refused.recorded == () and [x.subject for x in refused.refused] == [changed.subject]
            assert store.entries()[-1].kind is EntryKind.REFUSED

    def test_no_actor_is_an_error(self, drawn: Path) -> None:
        with _open(drawn) as store, pytest.raises(InvalidInputError, match="no actor"):
            record_results(store, [], {}, at="2026-12-20T10:00:00+08:00")


def _record(events: dict[Step, dt.date]) -> InspectionRecord:
    return InspectionRecord("91411002QGE7Q07X68", PLAN.plan_id, InspectionKind.DOUBLE_RANDOM, "yjj", ("XC001", "XC002"),
                            ("XC-01",), events=events)


days = st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))


class TestObligationsDay:
    @given(start=st.one_of(st.none(), days), length=st.one_of(st.none(), st.integers(0, 30)))
    def test_the_end_else_the_start_else_the_plans_first_day(self, start: dt.date | None, length: int | None) -> None:
        events: dict[Step, dt.date] = {}
        if start is not None:
            events[Step.STARTED] = start
            if length is not None:
                events[Step.ENDED] = start + dt.timedelta(days=length)
        elif length is not None:
            events[Step.ENDED] = PLAN.window[0] + dt.timedelta(days=length)
        expected = events.get(Step.ENDED) or events.get(Step.STARTED) or PLAN.window[0]
        assert obligations_day(_record(events), PLAN) == expected

    def test_each_record_under_the_rules_in_force_on_its_inspections_day(self) -> None:
        ended = _record({Step.STARTED: dt.date(2026, 12, 2), Step.ENDED: dt.date(2026, 12, 3)})
        got = plan_obligations([ended], PLAN, REGISTRY, CALENDAR)
        assert got == obligations(ended, REGISTRY.resolve("xuchang", dt.date(2026, 12, 3)), CALENDAR)
        assert {o.key for o in got} >= {"feedback", "publication"}

    def test_the_demo_and_the_command_line_count_obligations_alike(self, drawn: Path) -> None:
        store = Store.open("sqlite://")
        demo_register(store)
        hebi = run_hebi(store, REGISTRY, CALENDAR, None)
        plan = InspectionPlan(HEBI_PLAN, "hebi", DEPARTMENTS, WINDOW, ())
        scheme = REGISTRY.resolve("hebi", WINDOW[0]).value("results.scheme")
        library = plan_obligations(store.records(HEBI_PLAN, scheme), plan, REGISTRY, CALENDAR)
        assert [(o["duty"], o["department"], o["due"]) for o in hebi["obligations"]] == [
            (o.title, o.department, o.due.isoformat() if o.due else None) for o in library]

        example = str(drawn / "plan.toml")
        code, _, err = run("record", example, str(drawn / "results.csv"), "--store", str(drawn / "store.sqlite3"),
                           *inspectors(drawn))
        assert code == 0, err
        code, out, err = run("obligations", example, "--store", str(drawn / "store.sqlite3"), "--on", "2027-01-12",
                             "--format", "json")
        assert code == 0, err
        with _open(drawn) as opened:
            records = opened.records(PLAN.plan_id, REGISTRY.resolve("xuchang", PLAN.window[0]).value("results.scheme"))
        library = plan_obligations(records, load_plan_file(example).plan, REGISTRY, CALENDAR)
        assert [(r["subject"], r["key"], r["due"]) for r in json.loads(out)] == [
            (o.subject, o.key, o.due.isoformat() if o.due else None) for o in library]


class TestPlanRules:
    def test_the_facts_of_a_manifest_and_the_problems_found(self, drawn: Path) -> None:
        plan = load_plan_file(drawn / "plan.toml")
        rosters = plan.rosters()
        manifest = plan.manifest(REGISTRY, rosters, {}, bytes(32))
        facts = plan_facts(manifest, rosters.checklist)
        assert facts == PlanFacts(sum(1 for s in rosters.subjects if s.in_existence), 3,
                                  [c for c in rosters.checklist if c.code in {i.code for i in manifest.checklist}],
                                  window=manifest.window)
        hebi = REGISTRY.resolve("hebi", dt.date(2020, 9, 14))  # 鹤壁 三(二): one enterprise
        problems = plan_problems(hebi, manifest, rosters.checklist)
        assert problems[0] == "draws 3 subjects; 鹤双随机办〔2020〕19号 三(二) sets 1"
        assert problems[1] == ("the plan's window 2026-12-01 – 2026-12-31 is not inside the 抽查时间 2020-07-01 – "
                               "2020-07-31 (“2020年7月”) of 鹤双随机办〔2020〕19号 三(一)")
        # 附件4 lists 鹤壁's items: every item of the manifest outside it is named, none left out
        assert problems[2:] == [f"item {i.code} is not on the checklist of 鹤双随机办〔2020〕19号 四、附件4"
                                for i in manifest.checklist]
        with pytest.raises(InvalidInputError, match="the plan breaks the rules of hebi: draws 3 subjects") as info:
            require_plan(hebi, manifest, rosters.checklist)
        assert info.value.where == "plan XC-2026-12"
        xuchang = REGISTRY.resolve("xuchang", PLAN.window[0])
        assert plan_problems(xuchang, manifest, rosters.checklist) == []
        require_plan(xuchang, manifest, rosters.checklist)  # nothing to refuse
