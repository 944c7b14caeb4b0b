"""Joint double-random inspections (许应急〔2023〕14号 第二十二、二十三条): the lead's draw, the list handed to the
partners, each department's own inspectors, and the records of the joint inspection."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from random_inspection.demo import load_demo_data
from random_inspection.errors import InvalidInputError, PermissionRefused
from random_inspection.model import Actor, Inspector, Role
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import (
    DrawResult,
    Manifest,
    SubjectEntry,
    TeamSpec,
    build_manifest,
    draw,
    team_manifest,
    verify,
)
from random_inspection.store import EntryKind, KeyRing, SM2Signer, Store
from random_inspection.timelimits import WorkingCalendar
from random_inspection.workflow import (
    InspectionPlan,
    JointInspection,
    JointRole,
    JointTask,
    draw_rules,
    hand_out,
    items_not_covered,
    obligations,
)
from random_inspection.workflow.inspections import Step

D = dt.date
Drawn = tuple[Manifest, DrawResult]
WINDOW = (D(2025, 9, 22), D(2025, 9, 30))
SUBJECTS, OURS, DEMO_CHECKLIST = load_demo_data()
THEIRS = [attrs.evolve(p, id=f"SJ{i:03d}", department="scjgj", specialties=frozenset())
          for i, p in enumerate(OURS[:6], start=1)]
CHECKLIST = [*DEMO_CHECKLIST, *(attrs.evolve(c, code=f"SC-{i:03d}", department="scjgj")
                                for i, c in enumerate(DEMO_CHECKLIST[:3], start=1))]
PLAN = InspectionPlan("XC-JOINT-2025-09", "xuchang", ("yjj", "scjgj"), WINDOW,
                      tuple(c.code for c in CHECKLIST))


@pytest.fixture(scope="module")
def registry() -> ProfileRegistry:
    return ProfileRegistry()


@pytest.fixture(scope="module")
def lead_draw(registry: ProfileRegistry) -> Drawn:
    """第二十二条(二): the lead draws the subjects on the platform (its own team with them)."""
    profile = registry.resolve("xuchang", WINDOW[0])
    rules = draw_rules(profile, team_size=2, ratio=Fraction(1, 5), items=4)
    manifest = build_manifest(PLAN.plan_id, "four dice", r"[1-6]( [1-6]){3}", WINDOW, SUBJECTS, OURS, CHECKLIST,
                              rules)
    return manifest, draw(manifest, "3 5 1 6")


def partner_draw(tasks: tuple[JointTask, ...], lead_manifest: Manifest, people: list[Inspector],
                 public_input: str = "2 2 4 1") -> Drawn:
    """第二十二条(三)/第二十三条(二): the partner draws its own inspectors for the list it was handed."""
    (task,) = [t for t in tasks if t.department == "scjgj"]
    entries = [e for e in lead_manifest.subjects if e.id in task.subjects]
    manifest = team_manifest(f"{task.plan_id}/scjgj", "four dice", r"[1-6]( [1-6]){3}", task.window, entries, people,
                             TeamSpec(1))
    return manifest, draw(manifest, public_input)


class TestHandOut:
    def test_every_department_gets_the_list_and_its_own_items(self, lead_draw: Drawn,
                                                              registry: ProfileRegistry) -> None:
        manifest, result = lead_draw
        tasks = hand_out(PLAN, manifest, result, D(2025, 9, 19))
        assert [t.department for t in tasks] == ["yjj", "scjgj"]
        assert [t.role for t in tasks] == [JointRole.LEAD, JointRole.PARTNER]
        owner = {c.code: c.department for c in CHECKLIST}
        for task in tasks:
            assert task.subjects == result.subjects and task.manifest_hash == manifest.hash
            for subject in task.subjects:
                assert all(owner[i] == task.department for i in task.items_for(subject))
        drawn = dict(result.items)
        for subject in result.subjects:  # nothing drawn is lost between the two lists
            assert sorted(tasks[0].items_for(subject) + tasks[1].items_for(subject)) == sorted(drawn[subject])
        steps, citation = tasks[1].procedure(registry.resolve("xuchang", WINDOW[0]))
        assert "第二十三条" in str(citation) and any("自行选派" in s for s in steps)

    def test_a_plan_of_one_department_or_a_foreign_draw_is_refused(self, lead_draw: Drawn) -> None:
        manifest, result = lead_draw
        with pytest.raises(InvalidInputError, match="no partners"):
            hand_out(attrs.evolve(PLAN, departments=("yjj",)), manifest, result, D(2025, 9, 19))
        with pytest.raises(InvalidInputError, match="not this plan's"):
            hand_out(attrs.evolve(PLAN, plan_id="OTHER"), manifest, result, D(2025, 9, 19))
        with pytest.raises(InvalidInputError, match="not this plan's"):
            hand_out(PLAN, manifest, attrs.evolve(result, manifest_hash="0" * 64), D(2025, 9, 19))
        with pytest.raises(InvalidInputError, match="does not verify"):
            hand_out(PLAN, manifest, attrs.evolve(result, subjects=result.subjects[1:]), D(2025, 9, 19))
        tasks = hand_out(PLAN, manifest, result, D(2025, 9, 19))
        with pytest.raises(InvalidInputError, match="one task a department"):
            JointInspection((tasks[0], tasks[0], tasks[1]))


class TestStaffing:
    def test_each_department_picks_its_own_inspectors(self, lead_draw: Drawn) -> None:
        manifest, result = lead_draw
        tasks = hand_out(PLAN, manifest, result, D(2025, 9, 19))
        joint = JointInspection(tasks)
        assert joint.unstaffed == ("yjj", "scjgj")
        joint = joint.staffed("yjj", manifest, result)  # the lead's team comes with its own draw
        pm, pr = partner_draw(tasks, manifest, THEIRS)
        assert verify(pm, pr) is None and set(pr.subjects) == set(result.subjects)  # every subject kept
        joint = joint.staffed("scjgj", pm, pr)
        assert joint.unstaffed == () and dict(joint.draws) == {"yjj": manifest.hash, "scjgj": pm.hash}
        departments = {p.id: p.department for p in [*OURS, *THEIRS]}
        for subject in result.subjects:
            assert joint.team(subject, "scjgj") == pr.team(subject)
            assert joint.team(subject) == (*result.team(subject), *pr.team(subject))
            assert {departments[m] for m in joint.team(subject)} == {"yjj", "scjgj"}

    def test_the_whole_team_waits_for_every_department(self, lead_draw: Drawn) -> None:
        manifest, result = lead_draw
        joint = JointInspection(hand_out(PLAN, manifest, result, D(2025, 9, 19))).staffed("yjj", manifest, result)
        with pytest.raises(InvalidInputError, match="scjgj has not picked its inspectors"):
            joint.team(result.subjects[0])
        assert joint.team(result.subjects[0], "yjj") == result.team(result.subjects[0])

    def test_a_draw_that_does_not_verify_or_staffs_nobody_is_refused(self, lead_draw: Drawn) -> None:
        manifest, result = lead_draw
        tasks = hand_out(PLAN, manifest, result, D(2025, 9, 19))
        joint = JointInspection(tasks)
        pm, pr = partner_draw(tasks, manifest, THEIRS)
        first = pr.subjects[0]
        other = next(p.id for p in THEIRS if p.id not in pr.team(first))
        forged = attrs.evolve(pr, teams=tuple((s, (other,) if s == first else t) for s, t in pr.teams))
        with pytest.raises(InvalidInputError, match="does not verify"):
            joint.staffed("scjgj", pm, forged)
        with pytest.raises(InvalidInputError, match="no inspector of scjgj"):  # the lead's draw has none of theirs
            joint.staffed("scjgj", manifest, result)
        # 许昌 第二十二条(三): a draw holding another department's inspectors does not staff one that picks its own
        xuchang = ProfileRegistry().resolve("xuchang", WINDOW[0])
        with pytest.raises(InvalidInputError, match="holds inspectors of scjgj: under 许应急〔2023〕14号 第二十二条"):
            joint.staffed("yjj", pm, pr, profile=xuchang)
        assert joint.staffed("yjj", manifest, result, profile=xuchang).unstaffed == ("scjgj",)
        with pytest.raises(InvalidInputError, match="has no task"):
            joint.staffed("gaj", pm, pr)
        once = joint.staffed("scjgj", pm, pr)
        with pytest.raises(InvalidInputError, match="already"):
            once.staffed("scjgj", pm, pr)

    def test_a_partner_list_missing_a_subject_is_refused(self, lead_draw: Drawn) -> None:
        manifest, result = lead_draw
        tasks = hand_out(PLAN, manifest, result, D(2025, 9, 19))
        short: list[SubjectEntry] = [e for e in manifest.subjects if e.id in result.subjects[1:]]
        pm = team_manifest("short", "four dice", r"[1-6]( [1-6]){3}", WINDOW, short, THEIRS, TeamSpec(1))
        with pytest.raises(InvalidInputError, match="no inspector of scjgj for 1 subject"):
            JointInspection(tasks).staffed("scjgj", pm, draw(pm, "1 1 1 1"))


class TestRecords:
    def test_the_joint_record_and_each_department_part(self, lead_draw: Drawn, registry: ProfileRegistry) -> None:
        manifest, result = lead_draw
        tasks = hand_out(PLAN, manifest, result, D(2025, 9, 19))
        pm, pr = partner_draw(tasks, manifest, THEIRS)
        joint = JointInspection(tasks).staffed("yjj", manifest, result).staffed("scjgj", pm, pr)
        subject = result.subjects[0]
        whole = joint.record(subject, events={Step.ENDED: D(2025, 9, 30)})
        assert whole.department == "yjj" and whole.kind.counts_as_double_random
        assert sorted(whole.items) == sorted(dict(result.items)[subject])
        part = joint.record(subject, "scjgj", events={Step.ENDED: D(2025, 9, 30)})
        assert part.department == "scjgj" and part.team == pr.team(subject)
        assert set(part.items) <= {c.code for c in CHECKLIST if c.department == "scjgj"}
        # 第二十二条(五): the results follow chapter 5, for each department's own part too
        profile = registry.resolve("xuchang", D(2025, 9, 30))
        owed = {(o.key, o.department) for o in obligations(part, profile, WorkingCalendar.default())}
        assert owed == {("feedback", "scjgj"), ("publication", "scjgj")}
        with pytest.raises(InvalidInputError, match="not on the list"):
            joint.record("91411002MA00000000")
        with pytest.raises(InvalidInputError, match="not on the list"):
            joint.team("91411002MA00000000", "yjj")
        with pytest.raises(InvalidInputError, match="gaj has no task"):
            joint.team(subject, "gaj")


def test_the_yearly_joint_plans_must_cover_every_item() -> None:
    """第二十一条: the year's cross-department plans cover every checklist item."""
    codes = [c.code for c in CHECKLIST]
    spring = attrs.evolve(PLAN, plan_id="spring", checklist=codes[:4])
    autumn = attrs.evolve(PLAN, plan_id="autumn", checklist=codes[3:-1])
    assert items_not_covered([spring, autumn], codes) == (codes[-1],)
    assert items_not_covered([spring, autumn, PLAN], codes) == ()


class TestThroughTheStore:
    """The joint plan's steps recorded by their actors under 许昌's permissions: the lead's 业务科室 commits and
    draws the subjects (第二十二条(一)(二)), each department's 业务科室 commits and draws its own inspectors
    (第二十二条(三), 第二十三条(一)(二)); a partner drawing for the lead, or picking the lead's inspectors, is
    refused and recorded, and so is the 双随机办 that may draw an ordinary plan (第十条、第十三条) drawing a joint
    one."""

    def test_the_lead_draws_and_each_department_picks_its_own(self, lead_draw: Drawn, registry: ProfileRegistry,
                                                              tmp_path: Path) -> None:
        store = Store.open(tmp_path / "joint.sqlite3", accept_draw_v1=True,
                           permissions=registry.resolve("xuchang", WINDOW[0]).permissions())
        keys = {}

        def act(actor: Actor) -> dict[str, object]:
            keys.setdefault(actor.id, SM2Signer.generate())
            return {"actor": actor, "signer": keys[actor.id]}

        lead_section = Actor("YJ-KS", "牵头业务科室", Role.UNDERTAKING_SECTION, "yjj")
        lead_office = Actor("YJ-SSJB", "局双随机领导小组办公室", Role.DOUBLE_RANDOM_OFFICE, "yjj")
        partner_section = Actor("SC-KS", "协同部门业务科室", Role.UNDERTAKING_SECTION, "scjgj")
        partner_office = Actor("SC-SSJB", "协同部门双随机办", Role.DOUBLE_RANDOM_OFFICE, "scjgj")
        manifest, result = lead_draw
        store.commit_plan(manifest, departments=PLAN.departments, **act(lead_section))
        with pytest.raises(PermissionRefused, match="scjgj may not draw"):
            store.record_draw(manifest, result, **act(partner_section))
        with pytest.raises(PermissionRefused, match=r"may not draw \(随机抽取\) on a 牵头发起的部门联合双随机 plan"):
            store.record_draw(manifest, result, **act(lead_office))
        store.record_draw(manifest, result, **act(lead_section))
        tasks = hand_out(PLAN, manifest, result, D(2025, 9, 19))
        mixed, _ = partner_draw(tasks, manifest, [*THEIRS, *OURS])  # the lead's inspectors among its own
        with pytest.raises(PermissionRefused, match="inspectors of yjj"):
            store.commit_plan(mixed, **act(partner_section))
        team, picked = partner_draw(tasks, manifest, THEIRS)
        store.commit_plan(team, **act(partner_section))
        with pytest.raises(PermissionRefused, match=r"参与协同的部门联合双随机 plan under xuchang: "
                                                    r"许应急〔2023〕14号 第二十三条\(一\)\(二\) gives it to 承办股室"):
            store.record_draw(team, picked, **act(partner_office))
        store.record_draw(team, picked, **act(partner_section))
        joint = JointInspection(tasks).staffed("yjj", manifest, result).staffed("scjgj", team, picked)
        assert joint.unstaffed == ()
        assert [(e.kind, e.actor["id"]) for e in store.entries() if e.actor] == [
            (EntryKind.PLAN_COMMITTED, "YJ-KS"), (EntryKind.REFUSED, "SC-KS"), (EntryKind.REFUSED, "YJ-SSJB"),
            (EntryKind.DRAW_EXECUTED, "YJ-KS"), (EntryKind.REFUSED, "SC-KS"), (EntryKind.PLAN_COMMITTED, "SC-KS"),
            (EntryKind.REFUSED, "SC-SSJB"), (EntryKind.DRAW_EXECUTED, "SC-KS")]
        assert store.verify(keys=KeyRing.of(keys)) == 8
        store.close()
