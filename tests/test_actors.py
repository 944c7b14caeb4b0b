"""Who may do what: for each of the five profiles, every (role, action) pair goes through the store — the
allowed ones succeed, the others are refused with a clear error and the attempt is in the ledger, signed by the
one who tried. The checks beyond the role: an inspector acts only on their own inspections, a partner never
draws for the lead, a plan draws only its departments' inspectors, a duty is recorded by the department that
owes it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.errors import PermissionRefused
from random_inspection.model import Action, Actor, Role
from random_inspection.profiles import Context, Permissions, ProfileRegistry
from random_inspection.sampling import Manifest, Recusal, build_manifest, draw
from random_inspection.store import Ed25519Signer, Entry, EntryKind, KeyRing, Store
from random_inspection.workflow import (
    ACTION_OF_STEP,
    RECORDS_HANDED_OVER,
    InspectionKind,
    InspectionRecord,
    Obligation,
    Step,
    draw_rules,
)
from tests.store_support import fresh_store

D = dt.date
SUBJECTS, INSPECTORS, CHECKLIST = load_demo_data()
REGISTRY = ProfileRegistry()
AS_OF = {"xuchang": D(2024, 6, 3), "lengshuitan": D(2024, 6, 3), "shijiazhuang": D(2024, 6, 3),
         "hebi": D(2020, 7, 10), "yanshi": D(2023, 6, 1)}
DEPT = "yjj"
SIGNERS: dict[str, Ed25519Signer] = {}


def signer(actor: Actor) -> Ed25519Signer:
    return SIGNERS.setdefault(actor.id, Ed25519Signer.generate())


def hands(actor: Actor) -> dict[str, object]:
    return {"actor": actor, "signer": signer(actor)}


def manifest(plan_id: str) -> Manifest:
    rules = draw_rules(REGISTRY.resolve("xuchang", D(2025, 9, 1)), team_size=2, reserve=1)
    return build_manifest(plan_id, "four dice", r"[1-6]( [1-6]){3}", (D(2025, 9, 1), D(2025, 9, 30)),
                          SUBJECTS, INSPECTORS, CHECKLIST, rules)


def helper(permissions: Permissions, action: Action) -> Actor:
    """An actor the profile lets take ``action``, to set up what the pair under test needs."""
    role = next(r for r in Role if permissions.allows(r, action))
    return Actor(f"helper-{action.value}", "助手", role, DEPT)


def record(plan_id: str, team: tuple[str, ...], subject: str = SUBJECTS[1].uscc) -> InspectionRecord:
    return InspectionRecord(subject, plan_id, InspectionKind.DOUBLE_RANDOM, DEPT, team, ("YJ-001",),
                            events={Step.ENDED: D(2025, 9, 30)})


def first_team(plan_id: str) -> tuple[str, tuple[str, ...]]:
    """The first subject the plan's draw ("1 2 3 4") gives and its team."""
    result = draw(manifest(plan_id), "1 2 3 4")
    return result.subjects[0], result.team(result.subjects[0])


def acting(role: Role, action: Action, plan_id: str) -> Actor:
    """The actor of ``role`` trying ``action``: an inspector acting on an inspection is one of its team."""
    if role is Role.INSPECTOR and action not in (Action.COMMIT_PLAN, Action.DRAW, Action.USE_RESERVE):
        return Actor(first_team(plan_id)[1][0], "试验", role, DEPT)
    return Actor(f"{role.name}:{action.value}", "试验", role, DEPT)


def obligation(plan_id: str, action: Action, subject: str = SUBJECTS[1].uscc) -> Obligation:
    steps = (*ACTION_OF_STEP.items(), (RECORDS_HANDED_OVER, Action.HAND_OVER))  # a profile's own step says its own
    step = next((s for s, a in steps if a is action), Step.RECTIFICATION_REPORTED)
    return Obligation("duty", "义务", subject, plan_id, DEPT, Step.ENDED, D(2025, 9, 30), step,
                      REGISTRY.resolve("xuchang", D(2025, 9, 30)).rule("limit.feedback").citation,
                      met_on=D(2025, 10, 9))


def attempt(store: Store, permissions: Permissions, action: Action, actor: Actor, plan_id: str) -> Entry:
    """Set up what ``action`` needs (by helpers the profile allows), then let ``actor`` take it."""
    if action is Action.COMMIT_PLAN:
        return store.commit_plan(manifest(plan_id), **hands(actor))
    if action in (Action.DRAW, Action.USE_RESERVE):
        plan = manifest(plan_id)
        result = draw(plan, "1 2 3 4")
        # the plan belongs to the actor's department: the committing helper is of the same one
        store.commit_plan(plan, **hands(helper(permissions, Action.COMMIT_PLAN)))
        if action is Action.DRAW:
            return store.record_draw(plan, result, **hands(actor))
        store.record_draw(plan, result, **hands(helper(permissions, Action.DRAW)))
        areas = {e.id: e.area for e in plan.subjects}
        stratum, gone, spare = next((stratum, s, spares[0]) for stratum, spares in result.reserve if spares
                                    for s in result.subjects if areas[s] == stratum)
        return store.record_reserve_used(plan_id, stratum, gone, spare, "已注销", **hands(actor))
    # the rest acts on an inspection of the plan's draw in force, by its team
    plan = manifest(plan_id)
    store.commit_plan(plan, **hands(helper(permissions, Action.COMMIT_PLAN)))
    store.record_draw(plan, draw(plan, "1 2 3 4"), **hands(helper(permissions, Action.DRAW)))
    subject, team = first_team(plan_id)
    if action is Action.RECUSAL:
        return store.record_recusal(plan, Recusal(subject, team[0], "replace", "利害关系"), **hands(actor))
    if action is Action.RECORD_RESULT:
        return store.record_result(record(plan_id, team, subject), **hands(actor))
    recorder = helper(permissions, Action.RECORD_RESULT)
    if recorder.role is Role.INSPECTOR:  # 谁检查、谁录入: one of the team records it
        recorder = Actor(team[1], "执法人员", Role.INSPECTOR, DEPT)
    store.record_result(record(plan_id, team, subject), **hands(recorder))
    if action is Action.PUBLISH:
        return store.record_publication(plan_id, {"inspections": [subject]}, **hands(actor))
    return store.record_obligation_met(obligation(plan_id, action, subject), **hands(actor))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(request.param, tmp_path)


@pytest.mark.parametrize("code", sorted(AS_OF))
def test_every_role_and_action_of_each_profile(code: str, database: Store) -> None:
    permissions = REGISTRY.resolve(code, AS_OF[code]).permissions()
    store = database.bind(permissions)
    allowed = refused = 0
    for action in Action:
        for role in Role:
            plan_id = f"{code}/{action.value}/{role.name}"
            actor = acting(role, action, plan_id)
            before = len(store.refusals())
            if permissions.allows(role, action):
                entry = attempt(store, permissions, action, actor, plan_id)
                assert entry.actor == actor.to_json() and entry.signature, (role, action)
                assert len(store.refusals()) == before, (role, action)
                assert [e.seq for e in store.entries(plan_id=plan_id) if e.actor == actor.to_json()] == [entry.seq]
                allowed += 1
                continue
            with pytest.raises(PermissionRefused) as info:
                attempt(store, permissions, action, actor, plan_id)
            grant = permissions.grant(action)
            if role is Role.ADMINISTRATOR:  # separation of duties: refused every step, cited or not
                assert "takes no step of an inspection" in info.value.reason
            else:
                assert grant.citation is not None and str(grant.citation) in info.value.reason
            assert info.value.actor == actor.id and info.value.action == action.value
            (noted,) = store.refusals()[before:]
            assert noted.seq == info.value.entry and noted.actor == actor.to_json()
            assert noted.payload == {"action": action.value, "reason": info.value.reason}
            assert [e.kind for e in store.entries(plan_id=plan_id) if e.actor == actor.to_json()] \
                == [EntryKind.REFUSED]
            refused += 1
    assert allowed and refused  # every profile grants some steps to some roles only
    ring = KeyRing.of(SIGNERS)
    assert store.verify(keys=ring) == len(store.entries())  # refusals included, every signature is good


def test_each_profile_cites_who_draws_as_its_document_says() -> None:
    cited = {code: REGISTRY.resolve(code, AS_OF[code]).permissions().grant(Action.DRAW) for code in AS_OF}
    assert {code: str(g.citation) for code, g in cited.items()} == {
        "xuchang": "许应急〔2023〕14号 第十条、第十三条",
        "lengshuitan": "《冷水滩区应急管理局“双随机一公开”抽查工作实施细则》 第十三条",
        "shijiazhuang": "石应急〔2024〕20号 二(三)",
        "hebi": "鹤双随机办〔2020〕19号 五(一)",
        "yanshi": "偃应急〔2023〕18号 四.1、四.2",
    }
    assert cited["lengshuitan"].quote and "法规股" in cited["lengshuitan"].quote
    assert cited["hebi"].roles == (Role.JOINT_OFFICE,)
    # 许昌 第十条 names no one who draws: the reading gives it to the sections and the office 第十三条 names
    assert cited["xuchang"].roles == (Role.UNDERTAKING_SECTION, Role.DOUBLE_RANDOM_OFFICE)


def test_explain_shows_who_does_each_step_with_its_article() -> None:
    text = REGISTRY.resolve("yanshi", D(2023, 6, 1)).explain_text()
    assert 'actors.publish (公开检查结果：由谁进行): ["执法检查人员", "承办股室"]' in text
    assert "偃应急〔2023〕18号 二(三)、四.4; set here" in text
    assert "reading (the profile's interpretation): 二(三) has the inspectors enter and publish" in text


def test_outside_its_documents_years_a_profile_grants_nothing_uncited() -> None:
    """偃师's 2023 plan is not in force in 2026: no rule of its chain says who draws, so the grant is open."""
    grant = REGISTRY.resolve("yanshi", D(2026, 6, 1)).permissions().grant(Action.DRAW)
    assert grant.roles is None and grant.citation is None and grant.allows(Role.INSPECTOR)


@given(st.sampled_from(sorted(AS_OF)), st.sampled_from(list(Role)), st.sampled_from(list(Action)))
def test_the_role_alone_decides_without_a_context(code: str, role: Role, action: Action) -> None:
    permissions = REGISTRY.resolve(code, AS_OF[code]).permissions()
    actor = Actor("A1", "试验", role, DEPT)
    grant = permissions.grant(action)
    if role is Role.ADMINISTRATOR:  # keeps the key register, takes no step under any profile (uncited ones too)
        with pytest.raises(PermissionRefused, match="separation of duties"):
            permissions.check(actor, action)
        assert not permissions.allows(role, action)
    elif grant.roles is None or role in grant.roles:
        permissions.check(actor, action)
        assert permissions.allows(role, action)
    else:
        assert grant.citation is not None  # a grant that names roles always cites its article
        with pytest.raises(PermissionRefused, match=re.escape(grant.citation.short())):
            permissions.check(actor, action)
        assert not permissions.allows(role, action)


@given(st.sampled_from(list(Action)), st.frozensets(st.sampled_from(["XC001", "XC002", "XC003"])))
def test_an_inspector_acts_only_on_an_inspection_they_were_on(action: Action, team: frozenset[str]) -> None:
    inspector = Actor("XC001", "执法人员01", Role.INSPECTOR, DEPT)
    context = Context(team=team)
    if "XC001" in team:
        Permissions.unrestricted().check(inspector, action, context)
    else:
        with pytest.raises(PermissionRefused, match="not on the team"):
            Permissions.unrestricted().check(inspector, action, context)
    office = Actor("O", "办公室", Role.DOUBLE_RANDOM_OFFICE, DEPT)
    Permissions.unrestricted().check(office, action, context)  # the team check is an inspector's only


class TestContextInTheStore:
    """The checks beyond the role, through the store (on SQLite and PostgreSQL), each refusal recorded."""

    @pytest.fixture(params=["sqlite", "postgresql"])
    def store(self, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
        for store in fresh_store(request.param, tmp_path):
            yield store.bind(REGISTRY.resolve("xuchang", D(2025, 9, 1)).permissions())

    def test_an_inspector_recording_an_inspection_they_were_not_on(self, store: Store) -> None:
        plan = manifest("P")
        store.commit_plan(plan, **hands(Actor("YJ-KS", "业务科室", Role.UNDERTAKING_SECTION, DEPT)))
        store.record_draw(plan, draw(plan, "1 2 3 4"), **hands(Actor("YJ-SSJB", "双随机办", Role.DOUBLE_RANDOM_OFFICE,
                                                                         DEPT)))
        subject, team = first_team("P")
        stranger = next(p.id for p in INSPECTORS if p.id not in team)
        outsider = Actor(stranger, "执法人员", Role.INSPECTOR, DEPT)
        with pytest.raises(PermissionRefused, match=f"{stranger} was not on the team") as info:
            store.record_result(record("P", team, subject), **hands(outsider))
        assert "(许应急〔2023〕14号 第二条 “谁监管谁反馈、谁监管谁负责”)" in str(info.value)  # 许昌's own words
        assert store.entries(kind=EntryKind.RESULT_RECORDED) == [] and store.history(2025) == {}
        (noted,) = store.refusals()
        assert noted.actor == outsider.to_json() and noted.payload["action"] == "record_result"
        member = Actor(team[0], "执法人员", Role.INSPECTOR, DEPT)
        store.record_result(record("P", team, subject), **hands(member))
        with pytest.raises(PermissionRefused, match="not on the team"):  # nor publish it
            store.record_publication("P", {"n": 1}, **hands(outsider))
        store.record_publication("P", {"n": 1}, **hands(member))
        assert [e.kind for e in store.entries()][2:] == [EntryKind.REFUSED, EntryKind.RESULT_RECORDED,
                                                         EntryKind.REFUSED, EntryKind.PUBLISHED]
        assert store.verify(keys=KeyRing.of(SIGNERS)) == 6

    def test_a_partner_department_may_not_draw_for_the_lead(self, store: Store) -> None:
        plan = manifest("J-2025-09")
        section = Actor("YJ-KS", "业务科室", Role.UNDERTAKING_SECTION, "yjj")
        partner_section = Actor("SC-KS", "市场监管局业务科室", Role.UNDERTAKING_SECTION, "scjgj")
        with pytest.raises(PermissionRefused, match="the plan belongs to yjj"):  # a partner commits as if lead
            store.commit_plan(plan, departments=("yjj", "scjgj"), **hands(partner_section))
        store.commit_plan(plan, departments=("yjj", "scjgj"), **hands(section))
        result = draw(plan, "1 2 3 4")
        with pytest.raises(PermissionRefused, match="第二十二条") as info:  # the partner's section draws the lead's
            store.record_draw(plan, result, **hands(partner_section))
        assert "scjgj may not draw it (许应急〔2023〕14号 第二十二条(二) “随机选取抽查对象，将名单派发给各协同部门”)" \
            in info.value.reason
        # 第二十二条(一)(二): the lead's 业务科室 draws a joint plan, not the 双随机办 that draws an ordinary one
        lead_office = Actor("YJ-SSJB", "局双随机领导小组办公室", Role.DOUBLE_RANDOM_OFFICE, "yjj")
        with pytest.raises(PermissionRefused, match=r"on a 牵头发起的部门联合双随机 plan .*第二十二条\(一\)\(二\)"):
            store.record_draw(plan, result, **hands(lead_office))
        store.record_draw(plan, result, **hands(section))
        assert [e.payload["action"] for e in store.refusals()] == ["commit_plan", "draw", "draw"]
        assert store.entries(kind=EntryKind.PLAN_COMMITTED)[0].payload["departments"] == ["yjj", "scjgj"]

    def test_each_department_picks_only_its_own_inspectors(self, store: Store) -> None:
        # the demo roster is 许昌 应急管理局's (yjj): a partner's team plan cannot draw from it
        partner = Actor("SC-KS", "市场监管局业务科室", Role.UNDERTAKING_SECTION, "scjgj")
        with pytest.raises(PermissionRefused, match=r"inspectors of yjj, not of the department that draws it, scjgj"):
            store.commit_plan(manifest("J-2025-09-scjgj"), **hands(partner))
        assert store.entries(kind=EntryKind.PLAN_COMMITTED) == []
        own = Actor("YJ-KS", "业务科室", Role.UNDERTAKING_SECTION, "yjj")
        store.commit_plan(manifest("J-2025-09-yjj"), **hands(own))

    def test_a_duty_is_recorded_by_the_department_that_owes_it(self, store: Store) -> None:
        office = Actor("SC-SSJB", "市场监管局双随机办", Role.DOUBLE_RANDOM_OFFICE, "scjgj")
        with pytest.raises(PermissionRefused, match="owed by yjj"):
            store.record_obligation_met(obligation("P", Action.TRANSFER), **hands(office))
        ours = Actor("YJ-SSJB", "局双随机领导小组办公室", Role.DOUBLE_RANDOM_OFFICE, "yjj")
        entry = store.record_obligation_met(obligation("P", Action.TRANSFER), **hands(ours))
        assert entry.payload["step"] == Step.TRANSFERRED.value


def test_the_store_wants_an_actor_and_a_signer_and_writes_refusals_itself(tmp_path: Path) -> None:
    for store in fresh_store("sqlite", tmp_path):
        office = Actor("O", "办公室", Role.DOUBLE_RANDOM_OFFICE, DEPT)
        with pytest.raises(ValueError, match="not an Actor"):
            store.append(EntryKind.PUBLISHED, {"n": 1}, actor="O", signer=signer(office))
        with pytest.raises(ValueError, match="not a signer"):
            store.append(EntryKind.PUBLISHED, {"n": 1}, actor=office, signer=object())
        with pytest.raises(ValueError, match="written by the store itself"):
            store.append(EntryKind.REFUSED, {"action": "draw"}, actor=office, signer=signer(office))
        assert store.entries() == []
        with pytest.raises(ValueError, match="is not a Role"):
            Actor("O", "办公室", "科长", DEPT)


@pytest.mark.parametrize("number", ["11010519491231002X", "110105 19491231 002X", "13800138000", "138-0013-8000"])
def test_an_actor_is_never_named_by_a_personal_number(number: str) -> None:
    with pytest.raises(ValueError, match="ID-card or phone number"):
        Actor(number, "执法人员", Role.INSPECTOR, DEPT)
    assert Actor("XC001", "执法人员01", Role.INSPECTOR, DEPT).to_json() == {"id": "XC001", "role": "执法检查人员",
                                                                            "department": DEPT}
