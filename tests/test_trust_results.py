"""Issue 14, attacks 4, 5, 6 and 11 (first point), mounted as an insider with write access would: through the
store's API (a forged record, a recusal that changes nothing, another department's actor) and through the command
line. Each is refused and the refusal recorded in the ledger, or shows in the published draw.

* Only the drawn record results: a result is accepted only for a subject in force of a committed plan's draw in
  force, with its team in force, by one of that team (or a role the profile grants, of the plan's departments).
* Recusal takes effect: draw-v1 §7a applied and recorded; the recused inspector is refused afterwards; the
  disclosure lists the recusal with its reason's category only.
* A plan belongs to the department of its first commit.
* No duplicate results, however many writers record the same file at once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.errors import InfeasibleDrawError, InvalidInputError, PermissionRefused
from random_inspection.model import Actor, Role
from random_inspection.profiles import Permissions, ProfileRegistry
from random_inspection.sampling import DrawResult, Manifest, Recusal, build_manifest, draw, team_manifest, verify
from random_inspection.sampling.manifest import TeamSpec
from random_inspection.store import Ed25519Signer, Entry, EntryKind, KeyRing, Store
from random_inspection.store.inforce import RECUSAL_REASONS, department_plan, fold
from random_inspection.timelimits import WorkingCalendar
from random_inspection.workflow import (
    InspectionKind,
    InspectionPlan,
    InspectionRecord,
    Step,
    disclose,
    draw_rules,
    obligations,
)
from tests.cli_support import ENROLLED, admin, init_store, make_workspace, now, run
from tests.store_support import fresh_store, pg_url_or_skip

D = dt.date
SUBJECTS, INSPECTORS, CHECKLIST = load_demo_data()
REGISTRY = ProfileRegistry()
PROFILE = REGISTRY.resolve("xuchang", D(2025, 9, 1))
WINDOW = (D(2025, 9, 1), D(2025, 9, 30))
SIGNERS: dict[str, Ed25519Signer] = {}

SECTION = Actor("YJ-KS", "业务科室", Role.UNDERTAKING_SECTION, "yjj")
OFFICE = Actor("YJ-SSJB", "局双随机领导小组办公室", Role.DOUBLE_RANDOM_OFFICE, "yjj")
OTHER_SECTION = Actor("SC-KS", "市场监管局业务科室", Role.UNDERTAKING_SECTION, "scjgj")
OTHER_OFFICE = Actor("SC-SSJB", "市场监管局双随机办", Role.DOUBLE_RANDOM_OFFICE, "scjgj")


def hands(actor: Actor) -> dict[str, object]:
    return {"actor": actor, "signer": SIGNERS.setdefault(actor.id, Ed25519Signer.generate())}


def inspector(pid: str) -> Actor:
    return Actor(pid, "执法人员", Role.INSPECTOR, "yjj")


def plan_manifest(plan_id: str = "XC-2025-09", reserve: int = 1) -> Manifest:
    return build_manifest(plan_id, "four dice", r"[1-6]( [1-6]){3}", WINDOW, SUBJECTS, INSPECTORS, CHECKLIST,
                          draw_rules(PROFILE, team_size=2, ratio=Fraction(1, 5), reserve=reserve))


def record(plan_id: str, subject: str, team: tuple[str, ...], department: str = "yjj") -> InspectionRecord:
    return InspectionRecord(subject, plan_id, InspectionKind.DOUBLE_RANDOM, department, team, (),
                            events={Step.ENDED: D(2025, 9, 30), Step.FED_BACK: D(2025, 10, 9)})


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for fresh in fresh_store(request.param, tmp_path):
        yield fresh.bind(PROFILE.permissions())


def anyone(store: Store) -> Store:
    """The store with every role allowed every step (许昌 lets only inspectors record results): what is left to
    refuse is what the ledger says, not the role."""
    return store.bind(Permissions.unrestricted())


def drawn(store: Store, manifest: Manifest | None = None) -> tuple[Manifest, DrawResult]:
    manifest = manifest or plan_manifest()
    result = draw(manifest, "1 2 3 4")
    store.commit_plan(manifest, **hands(SECTION))
    store.record_draw(manifest, result, **hands(OFFICE))
    return manifest, result


def refused_once(store: Store, before: int, action: str) -> None:
    """Exactly one refusal was recorded since ``before`` refusals, of ``action``."""
    (noted,) = store.refusals()[before:]
    assert noted.payload["action"] == action


class TestOnlyTheDrawnRecordResults:
    """Attack 4: `record_result` trusted the team written in the record itself."""

    def test_an_inspector_never_drawn_writing_themself_onto_the_team(self, store: Store) -> None:
        manifest, result = drawn(store)
        subject = result.subjects[0]
        stranger = next(p.id for p in INSPECTORS if p.id not in result.team(subject))
        forged = record(manifest.plan_id, subject, (stranger,))
        with pytest.raises(PermissionRefused, match="not the team in force"):
            store.record_result(forged, **hands(inspector(stranger)))
        refused_once(store, 0, "record_result")
        with pytest.raises(PermissionRefused, match="not the team in force"):  # an office with a forged team
            anyone(store).record_result(forged, **hands(OFFICE))
        with pytest.raises(PermissionRefused, match="was not on the team"):  # the real team, the wrong hand
            store.record_result(record(manifest.plan_id, subject, result.team(subject)),
                                **hands(inspector(stranger)))
        assert store.entries(kind=EntryKind.RESULT_RECORDED) == [] and store.history(2025) == {}
        assert len(store.refusals()) == 3
        store.record_result(record(manifest.plan_id, subject, result.team(subject)),
                            **hands(inspector(result.team(subject)[0])))
        assert store.history(2025) == {subject: 1}

    def test_a_result_for_a_plan_never_committed_counts_nothing(self, store: Store) -> None:
        subject = SUBJECTS[0].uscc
        for plan_id in ("GHOST-1", "GHOST-2", "GHOST-3", "GHOST-4"):  # enough to reach 冷水滩's cap of 4
            with pytest.raises(PermissionRefused, match="never committed"):
                anyone(store).record_result(record(plan_id, subject, ("XC001",)), **hands(OFFICE))
        assert [e.payload["action"] for e in store.refusals()] == ["record_result"] * 4
        assert store.history(2025) == {}  # the caps count nothing
        store.commit_plan(plan_manifest("UNDRAWN"), **hands(SECTION))
        with pytest.raises(PermissionRefused, match="has no draw"):  # committed, not drawn
            anyone(store).record_result(record("UNDRAWN", subject, ("XC001",)), **hands(OFFICE))
        assert store.verify() == len(store.entries())

    def test_a_subject_not_drawn_or_another_department(self, store: Store) -> None:
        manifest, result = drawn(store)
        outside = next(s.uscc for s in SUBJECTS if s.uscc not in result.subjects
                       and all(s.uscc not in r for _, r in result.reserve))
        with pytest.raises(PermissionRefused, match="not a subject of the draw in force"):
            anyone(store).record_result(record(manifest.plan_id, outside, result.team(result.subjects[0])),
                                        **hands(OFFICE))
        subject = result.subjects[0]
        with pytest.raises(PermissionRefused, match="scjgj is not a department of the plan"):
            anyone(store).record_result(record(manifest.plan_id, subject, result.team(subject)), **hands(OTHER_OFFICE))
        with pytest.raises(PermissionRefused, match="not a department of the plan"):
            anyone(store).record_result(record(manifest.plan_id, subject, result.team(subject), "scjgj"),
                                        **hands(OFFICE))
        other = InspectionRecord(subject, manifest.plan_id, InspectionKind.OTHER, "yjj", (), (),
                                 events={Step.ENDED: D(2025, 9, 30)}, trigger="投诉、举报")
        with pytest.raises(PermissionRefused, match="not one of its draw"):  # another kind under the plan's id
            anyone(store).record_result(other, **hands(OFFICE))
        assert len(store.refusals()) == 4 and store.history(2025, kinds=list(InspectionKind)) == {}

    def test_a_reserve_takes_the_place_and_its_team(self, store: Store) -> None:
        manifest, result = drawn(store)
        areas = {e.id: e.area for e in manifest.subjects}
        stratum, (spare,) = next((k, v) for k, v in result.reserve if v)
        gone = next(s for s in result.subjects if areas[s] == stratum)
        other = next(k for k, v in result.reserve if v and k != stratum)
        with pytest.raises(InvalidInputError, match=f"of stratum {stratum!r}, not {other!r}"):  # another stratum's
            store.record_reserve_used(manifest.plan_id, other, gone, dict(result.reserve)[other][0], "已注销",
                                      manifest=manifest, **hands(OFFICE))
        store.record_reserve_used(manifest.plan_id, stratum, gone, spare, "已注销", manifest=manifest,
                                  **hands(OFFICE))
        now = store.in_force(manifest.plan_id)
        assert spare in now.subjects and gone not in now.subjects and now.team(spare) == result.team(gone)
        with pytest.raises(PermissionRefused, match="not a subject of the draw in force"):
            anyone(store).record_result(record(manifest.plan_id, gone, result.team(gone)), **hands(OFFICE))
        anyone(store).record_result(record(manifest.plan_id, spare, result.team(gone)), **hands(OFFICE))
        assert store.history(2025) == {spare: 1}

    def test_the_same_record_again_is_written_once(self, store: Store) -> None:
        manifest, result = drawn(store)
        subject = result.subjects[0]
        first, written = anyone(store).record_result_once(record(manifest.plan_id, subject, result.team(subject)),
                                                  **hands(OFFICE))
        again, again_written = anyone(store).record_result_once(record(manifest.plan_id, subject, result.team(subject)),
                                                        **hands(OFFICE))
        assert written and not again_written and again == first
        assert len(store.entries(kind=EntryKind.RESULT_RECORDED)) == 1


class TestJointTeams:
    """A joint plan's team in force for a department is its own team draw where one is recorded, else the
    lead's (许应急〔2023〕14号 第二十二条(三))."""

    def test_a_partners_own_draw_is_its_team_in_force(self, store: Store) -> None:
        lead = build_manifest("J-2025-09", "four dice", r"[1-6]( [1-6]){3}", WINDOW, SUBJECTS, INSPECTORS,
                              CHECKLIST, draw_rules(PROFILE, team_size=1, ratio=Fraction(1, 10)))
        result = draw(lead, "3 5 1 6")
        store.commit_plan(lead, departments=("yjj", "scjgj"), **hands(SECTION))
        store.record_draw(lead, result, **hands(SECTION))  # the lead's 业务科室 (许昌 第二十二条(一)(二))
        subject = result.subjects[0]
        # before the partner draws its own inspectors, its part has the lead's team
        assert store.in_force(lead.plan_id).team(subject, "scjgj") == result.team(subject)
        theirs = [attrs_evolve_department(p, f"SC{i:03d}") for i, p in enumerate(INSPECTORS[:4])]
        own = team_manifest(department_plan(lead.plan_id, "scjgj"), "four dice", r"[1-6]( [1-6]){3}", WINDOW,
                            [e for e in lead.subjects if e.id in result.subjects], theirs, TeamSpec(1))
        picked = draw(own, "2 2 4 1")
        with pytest.raises(PermissionRefused, match="belongs to scjgj"):  # the lead picking the partner's team
            store.commit_plan(own, **hands(SECTION))
        store.commit_plan(own, **hands(OTHER_SECTION))
        store.record_draw(own, picked, **hands(OTHER_SECTION))  # the partner's 业务科室 (第二十三条(一)(二))
        now = store.in_force(lead.plan_id)
        assert now.team(subject, "scjgj") == picked.team(subject)
        assert now.team(subject) == (*result.team(subject), *picked.team(subject))  # the whole joint team
        with pytest.raises(PermissionRefused, match="not the team in force"):  # the partner's part, lead's team
            anyone(store).record_result(record(lead.plan_id, subject, result.team(subject), "scjgj"),
                                        **hands(OTHER_OFFICE))
        anyone(store).record_result(record(lead.plan_id, subject, picked.team(subject), "scjgj"), **hands(OTHER_OFFICE))


def attrs_evolve_department(person: object, pid: str) -> object:
    import attrs

    return attrs.evolve(person, id=pid, department="scjgj")  # type: ignore[misc]


def _entry(seq: int, kind: EntryKind, payload: dict[str, object], department: str = "yjj") -> Entry:
    return Entry(seq, kind, "P", None, payload, "0" * 64, "0" * 64, {"id": "A", "role": "双随机办",
                                                                    "department": department})


@given(st.lists(st.integers(0, 5), max_size=12))
def test_reserves_in_force_keep_every_place_once(picks: list[int]) -> None:
    """Folding any run of reserve uses (each the next of its stratum, of a subject in force) keeps one subject in
    each drawn place, each reserve used at most once, and maps every subject in force back to its place."""
    drawn = ["A", "B", "C"]
    reserve = {"s": ["R1", "R2", "R3", "R4"]}
    entries = [_entry(1, EntryKind.PLAN_COMMITTED, {"manifest_hash": "h"}),
               _entry(2, EntryKind.DRAW_EXECUTED, {"subjects": drawn, "reserve": reserve,
                                                  "teams": {s: [f"T{s}"] for s in drawn},
                                                  "items": {s: [] for s in drawn}, "recusals": []})]
    for pick in picks:
        now = fold("P", entries)
        used = {u.reserve for u in now.reserve_used}
        left = [r for r in reserve["s"] if r not in used]
        if not left:
            break
        replaced = now.subjects[pick % 3]
        entries.append(_entry(len(entries) + 1, EntryKind.RESERVE_USED,
                              {"stratum": "s", "replaced": replaced, "reserve": left[0], "reason": "已注销"}))
    now = fold("P", entries)
    assert len(now.subjects) == 3 and len(set(now.subjects)) == 3
    assert [now.place_of(s) for s in now.subjects] == drawn
    assert [now.team(s) for s in now.subjects] == [(f"T{s}",) for s in drawn]
    assert all(now.place_of(u.replaced) is None for u in now.reserve_used if u.replaced not in now.subjects)


class TestRecusalTakesEffect:
    """Attack 5: a recorded 回避 left the inspector on the team, who then recorded the result."""

    def test_the_recused_inspector_is_off_the_team_and_refused(self, store: Store) -> None:
        manifest, result = drawn(store)
        subject = result.subjects[0]
        leaving = result.team(subject)[0]
        entry = store.record_recusal(manifest, Recusal(subject, leaving, "replace", "近亲属", "XC009"),
                                     details="其配偶在该企业任安全员", **hands(inspector(leaving)))
        in_force = store.current_draw(manifest.plan_id)
        assert in_force is not None and verify(manifest, in_force) is None  # the draw in force verifies
        team = store.in_force(manifest.plan_id).team(subject)
        assert team is not None and leaving not in team and entry.payload["replacement"] in team
        assert entry.payload["replacement"] != "XC009" or "XC009" in team  # the algorithm's pick, not the caller's
        with pytest.raises(PermissionRefused, match="not the team in force"):  # the old team
            anyone(store).record_result(record(manifest.plan_id, subject, result.team(subject)), **hands(OFFICE))
        with pytest.raises(PermissionRefused, match=f"{leaving} recused from {subject}"):
            store.record_result(record(manifest.plan_id, subject, team), **hands(inspector(leaving)))
        done = record(manifest.plan_id, subject, team)
        store.record_result(done, **hands(inspector(team[0])))
        (feedback, *_) = obligations(done, PROFILE, WorkingCalendar.default())
        with pytest.raises(PermissionRefused, match=f"{leaving} was not on the team"):  # nor meets its duties
            store.record_obligation_met(feedback, **hands(inspector(leaving)))
        assert [e.payload["action"] for e in store.refusals()] == ["record_result"] * 2 + ["feed_back"]
        plan = InspectionPlan(manifest.plan_id, "xuchang", ("yjj",), WINDOW, [c.code for c in CHECKLIST])
        # the draw in force is typed: its recusal a Recusal record with the algorithm's replacement, the JSON the
        # ledger keeps given back unchanged
        (recused,) = in_force.recusals
        assert isinstance(recused, Recusal) and recused.replacement == entry.payload["replacement"]
        assert in_force.to_json() == store.in_force(manifest.plan_id).draw
        assert in_force == draw_result_of(manifest, in_force.to_json())
        public = disclose(PROFILE, plan, in_force, [], {s.uscc: s for s in SUBJECTS},
                          {p.id: p for p in INSPECTORS})
        assert public.draw is not None
        (listed,) = public.draw.recusals
        assert listed.reason == "近亲属" and listed.method == "replace"
        assert "配偶" not in json.dumps(public.to_json(), ensure_ascii=False)  # the details stay in the private record

    def test_a_reason_outside_the_categories_and_other_hands_are_refused(self, store: Store) -> None:
        manifest, result = drawn(store)
        subject = result.subjects[0]
        leaving, other = result.team(subject)
        with pytest.raises(InvalidInputError, match="not a recusal category"):
            store.record_recusal(manifest, Recusal(subject, leaving, "replace", "其配偶在该企业任职，电话13800138000"),
                                 **hands(OFFICE))
        with pytest.raises(PermissionRefused, match="not on the team"):  # an inspector recusing a colleague
            store.record_recusal(manifest, Recusal(subject, leaving, "replace", "其他"), **hands(inspector(other)))
        with pytest.raises(PermissionRefused, match="belongs to yjj"):  # another department's office
            store.record_recusal(manifest, Recusal(subject, leaving, "replace", "其他"), **hands(OTHER_OFFICE))
        with pytest.raises(InvalidInputError, match="not on the team"):
            store.record_recusal(manifest, Recusal(subject, "XC-NOBODY", "replace", "其他"), **hands(OFFICE))
        with pytest.raises(InvalidInputError, match="manifest in force"):
            store.record_recusal(plan_manifest(reserve=0), Recusal(subject, leaving, "replace", "其他"),
                                 **hands(OFFICE))
        assert [e.payload["action"] for e in store.refusals()] == ["recusal", "recusal"]
        assert store.entries(kind=EntryKind.RECUSAL) == []

    def test_a_redraw_starts_with_no_recusals(self, store: Store) -> None:
        manifest, result = drawn(store)
        subject = result.subjects[0]
        store.record_recusal(manifest, Recusal(subject, result.team(subject)[0], "swap", "其他"), **hands(OFFICE))
        assert len(store.in_force(manifest.plan_id).draw["recusals"]) == 1  # type: ignore[index]
        again = draw(manifest, "6 5 4 3")
        store.record_draw(manifest, again, reason="平台故障，经批准重新抽取", **hands(OFFICE))
        assert store.current_draw(manifest.plan_id) == again  # the old draw's recusal is not carried over
        assert verify(manifest, again) is None

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data())
    def test_any_recorded_recusal_gives_a_draw_in_force_that_verifies(self, tmp_path_factory: pytest.TempPathFactory,
                                                                       data: st.DataObject) -> None:
        for store in fresh_store("sqlite", tmp_path_factory.mktemp("recusal")):
            store = store.bind(PROFILE.permissions())
            manifest, _ = drawn(store)
            for _ in range(data.draw(st.integers(1, 3))):
                now = store.in_force(manifest.plan_id)
                subject = data.draw(st.sampled_from(now.subjects))
                team = now.team(subject)
                assert team is not None
                leaving = data.draw(st.sampled_from(team))
                method = data.draw(st.sampled_from(["replace", "swap"]))
                reason = data.draw(st.sampled_from(RECUSAL_REASONS))
                before = len(store.entries())
                chained = any(r["inspector"] == leaving or (r["method"] == "swap" and r["subject"] == subject
                                                            and r["replacement"] == leaving)
                              for r in (now.draw or {}).get("recusals", ()))
                try:
                    store.record_recusal(manifest, Recusal(subject, leaving, method, reason), **hands(OFFICE))
                except InfeasibleDrawError:  # nobody can take the place: nothing is recorded
                    assert len(store.entries()) == before
                    continue
                except PermissionRefused:  # recused before, or there by a swap: refused, and the refusal recorded
                    assert chained and store.entries()[-1].kind is EntryKind.REFUSED
                    continue
                assert not chained
                after = store.in_force(manifest.plan_id)
                assert leaving not in (after.team(subject) or ())
                assert after.draw is not None and verify(manifest, dict(after.draw)) is None


def draw_result_of(manifest: Manifest, recorded: dict[str, object]) -> DrawResult:
    from random_inspection.sampling import rerun

    return rerun(manifest, recorded)


class TestAPlanBelongsToItsDepartment:
    """Attack 6: a registered 承办股室 of another department re-committed a plan and took it over."""

    def test_another_department_cannot_take_the_plan_over(self, store: Store) -> None:
        manifest, result = drawn(store)
        edited = plan_manifest(reserve=2)
        with pytest.raises(PermissionRefused, match="belongs to yjj"):
            store.commit_plan(edited, reason="名录库更正", **hands(OTHER_SECTION))
        with pytest.raises(PermissionRefused, match="belongs to yjj"):
            store.record_draw(manifest, draw(manifest, "6 6 6 6"), reason="重抽", **hands(OTHER_OFFICE))
        stratum, (spare,) = next((k, v) for k, v in result.reserve if v)
        areas = {e.id: e.area for e in manifest.subjects}
        gone = next(s for s in result.subjects if areas[s] == stratum)
        with pytest.raises(PermissionRefused, match="belongs to yjj"):
            store.record_reserve_used(manifest.plan_id, stratum, gone, spare, "已注销", **hands(OTHER_OFFICE))
        assert [e.payload["action"] for e in store.refusals()] == ["commit_plan", "draw", "use_reserve"]
        assert store.in_force(manifest.plan_id).owner == "yjj"
        store.record_draw(manifest, draw(manifest, "6 6 6 6"), reason="平台故障", **hands(OFFICE))
        assert store.in_force(manifest.plan_id).draw["public_input"] == "6 6 6 6"  # the owner is never locked out


# -- through the command line ---------------------------------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def actor_file(workspace: Path, name: str) -> str:
    return str(workspace / "actors" / f"{name}.toml")


def cli_drawn(workspace: Path, store: str) -> dict[str, object]:
    plan = str(workspace / "plan.toml")
    for args in (("commit", plan, "--store", store, "--as", actor_file(workspace, "xc-section")),
                 ("draw", plan, "3 5 1 6", "--store", store, "--as", actor_file(workspace, "xc-office"))):
        code, _, err = run(*args)
        assert code == 0, err
    loaded: dict[str, object] = json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8"))
    return loaded


def ledger_kinds(store: str) -> list[str]:
    code, out, _ = run("ledger", "show", "--store", store, "--format", "json")
    assert code == 0
    return [e["kind"] for e in json.loads(out)]


def results_file(workspace: Path, subjects: list[str]) -> str:
    path = workspace / "mine.csv"
    path.write_text("统一社会信用代码,检查开始,检查结束,检查结果,处理结果\n"
                    + "".join(f"{s},2026-12-21,2026-12-22,1,\n" for s in subjects), encoding="utf-8")
    return str(path)


def test_cli_an_inspector_never_drawn_is_refused_and_recorded(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    drawing = cli_drawn(workspace, store)
    teams: dict[str, list[str]] = drawing["teams"]  # type: ignore[assignment]
    subject = next(iter(teams))
    stranger = next(f"XC{i:03d}" for i in range(1, 13) if f"XC{i:03d}" not in teams[subject])
    code, out, _ = run("record", plan, results_file(workspace, [subject]), "--store", store, "--format", "json",
                       "--as", actor_file(workspace, stranger))
    got = json.loads(out)
    assert code == 1 and got["recorded"] == [] and got["refused"][0]["actor"] == stranger
    assert ledger_kinds(store)[-1] == "refused"


def test_cli_recuse_then_the_recused_inspector_is_refused_and_the_disclosure_lists_it(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    drawing = cli_drawn(workspace, store)
    teams: dict[str, list[str]] = drawing["teams"]  # type: ignore[assignment]
    subject = next(iter(teams))
    leaving = teams[subject][0]
    code, out, err = run("recuse", plan, subject, leaving, "--method", "replace", "--reason", "利害关系",
                         "--details", "曾在该企业任职", "--store", store, "--format", "json",
                         "--as", actor_file(workspace, leaving))
    assert code == 0, err
    recused = json.loads(out)
    assert leaving not in recused["team"] and recused["replacement"] in recused["team"]
    code, _, err = run("recuse", plan, subject, recused["team"][0], "--method", "swap", "--reason", "配偶在此",
                       "--store", store, "--as", actor_file(workspace, "xc-office"))
    assert code == 2 and "配偶在此" in err  # a free-text reason is not a category
    code, out, _ = run("record", plan, results_file(workspace, [subject]), "--store", store, "--format", "json",
                       "--as", actor_file(workspace, leaving))
    assert code == 1 and json.loads(out)["refused"][0]["actor"] == leaving
    code, out, err = run("record", plan, results_file(workspace, [subject]), "--store", store, "--format", "json",
                         "--as", str(workspace / "actors"))
    assert code == 0, out + err
    assert ledger_kinds(store)[-3:] == ["recusal", "refused", "result_recorded"]
    out_dir = workspace / "out"
    code, _, err = run("export", plan, "--store", store, "--out", str(out_dir))
    assert code == 0, err
    public = json.loads((out_dir / "public" / "disclosure.json").read_text(encoding="utf-8"))
    (listed,) = public["draw"]["recusals"]
    assert listed["reason"] == "利害关系" and listed["subject"] == subject
    published = "".join(p.read_text(encoding="utf-8") for p in (out_dir / "public").rglob("*") if p.is_file()
                        and p.suffix in (".json", ".html"))
    assert "曾在该企业任职" not in published


def test_cli_reserve_takes_the_place(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    drawing = cli_drawn(workspace, store)
    reserve: dict[str, list[str]] = drawing["reserve"]  # type: ignore[assignment]
    manifest = json.loads((workspace / "XC-2026-12.manifest.json").read_text(encoding="utf-8"))
    areas = {s["id"]: s.get("area") for s in manifest["subjects"]}
    subjects: list[str] = drawing["subjects"]  # type: ignore[assignment]
    gone = next(s for s in subjects if reserve.get(areas[s] or ""))
    code, out, err = run("reserve", plan, gone, "--reason", "已注销", "--store", store, "--format", "json",
                         "--as", actor_file(workspace, "xc-office"))
    assert code == 0, err
    used = json.loads(out)
    assert used["reserve"] == reserve[areas[gone] or ""][0] and used["team"] == drawing["teams"][gone]  # type: ignore[index]
    code, out, err = run("record", plan, results_file(workspace, [used["reserve"]]), "--store", store,
                         "--format", "json", "--as", str(workspace / "actors"))
    assert code == 0 and json.loads(out)["recorded"] == [used["reserve"]], out + err


def test_cli_another_department_cannot_take_the_plan_over(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    drawing = cli_drawn(workspace, store)
    for name, role in (("sc-section", "承办股室"), ("sc-office", "双随机办")):  # registered in the same register
        code, _, err = run("keygen", actor_file(workspace, name), "--id", name.upper(), "--name", "市场监管局",
                           "--role", role, "--department", "scjgj")
        assert code == 0, err
        code, _, err = run("ledger", "enrol", actor_file(workspace, name), "--store", store, *admin(workspace))
        assert code == 0, err
    code, _, err = run("commit", plan, "--store", store, "--reason", "名录库更正", "--at", now(), "--as",
                       actor_file(workspace, "sc-section"))
    assert code == 2 and "belongs to yjj" in err
    code, _, err = run("draw", plan, "6 6 6 6", "--reason", "重抽", "--store", store, "--as",
                       actor_file(workspace, "sc-office"))
    assert code == 2 and "belongs to yjj" in err
    subjects: list[str] = drawing["subjects"]  # type: ignore[assignment]
    teams: dict[str, list[str]] = drawing["teams"]  # type: ignore[assignment]
    code, _, err = run("reserve", plan, subjects[0], "--reason", "已注销", "--store", store, "--as",
                       actor_file(workspace, "sc-office"))
    assert code == 2 and "belongs to yjj" in err
    code, _, err = run("recuse", plan, subjects[0], teams[subjects[0]][0], "--method", "replace", "--reason", "其他",
                       "--store", store, "--as", actor_file(workspace, "sc-office"))
    assert code == 2 and "belongs to yjj" in err
    assert ledger_kinds(store)[ENROLLED + 4:] == ["refused"] * 4
    code, _, err = run("draw", plan, "6 6 6 6", "--reason", "平台故障", "--store", store, "--as",
                       actor_file(workspace, "xc-office"))
    assert code == 0, err  # the owner is not locked out


def _concurrent_records(workspace: Path, store: str, writers: int = 8) -> list[dict[str, list[str]]]:
    plan = str(workspace / "plan.toml")
    command = [sys.executable, "-c", "from random_inspection.cli import main; main()", "record", plan,
               str(workspace / "results.csv"), "--store", store, "--format", "json", "--as", str(workspace / "actors")]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
                 for _ in range(writers)]
    outs = []
    for p in processes:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
        outs.append(json.loads(out))
    return outs


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_eight_concurrent_record_runs_record_each_result_once(kind: str, workspace: Path) -> None:
    if kind == "sqlite":
        url = str(workspace / "store.sqlite3")
        cli_drawn(workspace, url)
        outs = _concurrent_records(workspace, url)
    else:
        url = pg_url_or_skip()
        for _ in fresh_store("postgresql", workspace):
            init_store(workspace, url)  # the shared test database, made anew by its administrator
            cli_drawn(workspace, url)
            outs = _concurrent_records(workspace, url)
            check_once(url, outs)
        return
    check_once(url, outs)


def check_once(url: str, outs: list[dict[str, list[str]]]) -> None:
    store = Store.open(url)
    try:
        results = store.entries(kind=EntryKind.RESULT_RECORDED)
        subjects = [e.payload["subject"] for e in results]
        assert len(subjects) == len(set(subjects)) == 3  # each of the three results once
        assert sorted(s for o in outs for s in o["recorded"]) == sorted(subjects)
        assert all(sorted(o["recorded"] + o["unchanged"]) == sorted(subjects) for o in outs)
        assert store.verify() == len(store.entries())
    finally:
        store.close()


def test_keys_of_the_signers_verify_every_entry(store: Store) -> None:
    drawn(store)
    assert store.verify(keys=KeyRing.of(SIGNERS)) == 2
