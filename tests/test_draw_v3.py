"""draw-v3 (docs/spec/draw-v3.md): draw-v2 with the plan's expert roster committed in the manifest, so that a
recused inspector may swap with an expert (冷水滩 第十四条 回避可采取与其他执法检查人员或专家交换被检查对象的方式)
picked by the draw's rules, never by anyone after the draw. The vectors are reproduced by the independent
verifier and by the engine; draw-v1 and draw-v2 vectors are unchanged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.errors import DataError, InfeasibleDrawError, InvalidInputError
from random_inspection.model import Expert
from random_inspection.sampling import (
    DrawResult,
    DrawRules,
    InputField,
    InterestDeclarations,
    Manifest,
    PublicInputSpec,
    Recusal,
    Sample,
    TeamSpec,
    audit_interests,
    build_manifest,
    draw,
    interest_map,
    recuse,
    verify,
)

from . import draw_verifier as independent

SPEC = Path(__file__).resolve().parents[1] / "docs" / "spec"
VECTORS = json.loads((SPEC / "draw-v3-vectors.json").read_text(encoding="utf-8"))
DRAWS: list[dict[str, Any]] = VECTORS["draws"]
WINDOW = (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
DICE = PublicInputSpec("四枚骰子当众投掷，地点：局一楼大厅，纪检监察室见证", "2026-11-30T09:30:00+08:00",
                       tuple(InputField(f"die{i}", "digits", length=1, alphabet="123456") for i in range(1, 5)))
SECRET = b"\x07" * 32
MINES = TeamSpec(3, (("非煤矿山", 1),))


def _requests(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: r[k] for k in ("subject", "inspector", "method", "reason")} for r in result["recusals"]]


@pytest.mark.parametrize("vector", DRAWS, ids=[v["name"] for v in DRAWS])
def test_the_independent_verifier_reproduces_the_v3_vector(vector: dict[str, Any]) -> None:
    result = vector["result"]
    assert independent.run(vector["manifest"], vector["public_input"], _requests(result), result["conflicts"]) == result
    algorithm = vector["manifest"]["algorithm"]
    people = [*vector["manifest"]["inspectors"], *vector["manifest"]["experts"]]
    committed = {p["id"]: p["interest_tags"] for p in people}
    secret, declared = bytes.fromhex(vector["private"]["secret"]), vector["private"]["interests"]
    assert {i: t for i, t in committed.items() if t} == independent.commit_tags(algorithm, secret, declared)
    assert independent.open_conflicts(algorithm, secret, declared, result["subjects"]) == result["conflicts"]


@pytest.mark.parametrize("vector", DRAWS, ids=[v["name"] for v in DRAWS])
def test_the_engine_reproduces_the_v3_vector_from_the_published_manifest(vector: dict[str, Any]) -> None:
    manifest = Manifest.from_json(vector["manifest"])
    assert manifest.version == 3 and manifest.algorithm == vector["manifest"]["algorithm"]
    assert manifest.hash == vector["manifest_hash"] and json.loads(manifest.canonical()) == vector["manifest"]
    assert verify(manifest, vector["result"]) is None
    declarations = InterestDeclarations.from_json(vector["private"])
    assert audit_interests(manifest, vector["result"], declarations) == ()
    fresh = recuse(manifest, draw(manifest, vector["public_input"], declarations),
                   [Recusal(**r) for r in _requests(vector["result"])])
    assert fresh.to_json() == vector["result"]
    typed = DrawResult.from_json(vector["result"])
    assert typed.version == 3 and typed.to_json() == vector["result"]


def test_the_v3_vectors_cover_the_spec() -> None:
    assert {v["name"] for v in DRAWS} == {"v3-dice-experts", "v3-dice-experts-sm3", "v3-dice-experts-with-recusals",
                                         "v3-dice-experts-sm3-with-recusals", "v3-dice-experts-replace-with-recusals"}
    experts = {e["id"] for e in DRAWS[0]["manifest"]["experts"]}
    for vector in DRAWS:
        way = vector["manifest"]["recusal_way"]
        assert {r["method"] for r in vector["result"]["recusals"]} <= {way}  # the way the plan fixed, only
        if vector["name"].endswith("with-recusals") and way == "swap":
            ways = [(r["with_subject"] is None, r["replacement"] in experts) for r in vector["result"]["recusals"]]
            assert ways == [(False, False), (True, True), (False, False)]
            # the third: the expert's team holds two inspectors; one leaving, an expert may not follow (第四十二条)
            third = vector["result"]["recusals"][2]
            assert third["subject"] == vector["result"]["recusals"][1]["subject"]
            assert sum(1 for m in vector["result"]["teams"][third["subject"]] if m not in experts) == 2
        if vector["name"].endswith("with-recusals") and way == "replace":
            assert [r["with_subject"] for r in vector["result"]["recusals"]] == [None]
        names = vector["private"]["experts"]
        for e in vector["manifest"]["experts"]:  # who each expert is, committed by a salted tag
            assert e["identity_tag"] == independent.expert_identity_tag(
                vector["manifest"]["algorithm"], bytes.fromhex(vector["private"]["secret"]), e["id"],
                names[e["id"]]["name"], names[e["id"]]["id_number"])
        opened = {pid for pairs in vector["result"]["conflicts"].values() for pid, _ in pairs}
        assert opened & experts  # an expert's interest in a drawn subject is opened like an inspector's
        assert "name" not in json.dumps(vector["manifest"]["experts"])  # the manifest names no expert
        assert "专家" not in json.dumps(vector["manifest"]["experts"], ensure_ascii=False)


def test_draw_v1_and_v2_vectors_are_unchanged_by_v3() -> None:
    from .make_draw_vectors import v2_vectors, v3_vectors, vectors

    assert json.loads(json.dumps(vectors(), ensure_ascii=False)) == \
        json.loads((SPEC / "draw-v1-vectors.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(v2_vectors(), ensure_ascii=False)) == \
        json.loads((SPEC / "draw-v2-vectors.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(v3_vectors(), ensure_ascii=False)) == VECTORS


def _manifest(experts: list[Expert], count: int = 6, conditions: Any = (), way: str = "swap",
              size: int = 3) -> Manifest:
    """Teams of three (of two with ``size=2``): an expert may take one place and leave two inspectors."""
    subjects, inspectors, checklist = load_demo_data()
    mines = TeamSpec(size, (("非煤矿山", 1),))
    return build_manifest("V3-T", None, None, WINDOW, subjects, [attrs.evolve(p, interests=frozenset())
                                                                  for p in inspectors], checklist,
                          DrawRules(Sample(count=count), TeamSpec(size), team_by_domain=(("非煤矿山", mines),),
                                    conditions=conditions),
                          public_input=DICE, interest_secret=SECRET, experts=experts, recusal_way=way)


def test_a_swap_goes_to_an_expert_only_where_the_quota_still_holds() -> None:
    """冷水滩 第十三条: 非煤矿山 teams keep one 负责非煤矿山监管执法业务人员. An expert is no 执法检查人员, so even
    an expert tagged 非煤矿山 never takes the place of the team's only 非煤矿山 inspector."""
    manifest = _manifest([Expert(f"ZJ-{i:02d}", specialties={"非煤矿山"}) for i in range(1, 40)], count=10,
                         conditions={"domain": ["非煤矿山", "工贸"]})
    result = draw(manifest, "1 2 3 4")
    people = {p.id: p for p in manifest.inspectors}
    subjects = {s.id: s for s in manifest.subjects}
    checked = 0
    for sid, team in result.teams:
        if subjects[sid].domain != "非煤矿山":
            continue
        miners = [m for m in team if "非煤矿山" in people[m].specialties]
        assert len(miners) >= 1
        if len(miners) != 1:
            continue
        done = recuse(manifest, result, [Recusal(sid, miners[0], "swap", "利害关系")]).recusals[-1]
        assert done.replacement in people and done.with_subject is not None  # another team's inspector, not an expert
        checked += 1
        other = next(m for m in team if m != miners[0])
        swapped = recuse(manifest, result, [Recusal(sid, other, "swap", "利害关系")]).recusals[-1]
        assert swapped.replacement in manifest.expert_ids and swapped.with_subject is None  # 39 experts to 1 pair
    assert checked


def test_an_expert_with_an_interest_in_the_subject_is_never_the_swap() -> None:
    subjects, _, _ = load_demo_data()
    manifest = _manifest([Expert("ZJ-01", interests={s.uscc for s in subjects}), Expert("ZJ-02")])
    result = draw(manifest, "1 2 3 4")
    assert all("ZJ-01" in dict(pairs) for _, pairs in result.conflicts)  # opened for every drawn subject
    assert interest_map(manifest, result.conflicts)["ZJ-01"] == set(result.subjects)
    picked = set()
    for sid, team in result.teams:
        for rid in team:
            picked.add(recuse(manifest, result, [Recusal(sid, rid, "swap", "利害关系")]).recusals[-1].replacement)
    assert "ZJ-01" not in picked and "ZJ-02" in picked


def test_an_expert_cannot_be_recused_nor_share_an_inspectors_id() -> None:
    manifest = _manifest([Expert("ZJ-01")] + [Expert(f"ZJ-{i:02d}") for i in range(2, 30)])
    result = draw(manifest, "1 2 3 4")
    after = next(a for s, t in result.teams for m in t
                 if (a := recuse(manifest, result, [Recusal(s, m, "swap", "利害关系")])).recusals[-1].with_subject
                 is None)
    expert, sid = after.recusals[-1].replacement, after.recusals[-1].subject
    assert expert in manifest.expert_ids and expert in after.team(sid)
    with pytest.raises(InvalidInputError, match="is an expert"):
        recuse(manifest, after, [Recusal(sid, expert, "replace", "利害关系")])
    with pytest.raises(InvalidInputError, match="both an inspector and an expert"):
        _manifest([Expert(result.teams[0][1][0])])
    with pytest.raises(InvalidInputError, match="expert roster is empty"):
        _manifest([])
    subjects, inspectors, checklist = load_demo_data()
    with pytest.raises(InvalidInputError, match="draw-v3's, which builds on draw-v2"):
        build_manifest("V1", "dice", "^[1-6]{4}$", WINDOW, subjects, inspectors, checklist,
                       DrawRules(Sample(count=2), TeamSpec(2)), experts=[Expert("ZJ-01")])


def test_a_published_v3_manifest_with_an_expert_out_of_order_is_refused() -> None:
    data = json.loads(json.dumps(DRAWS[0]["manifest"]))
    data["experts"].reverse()
    with pytest.raises(DataError, match="cannot read the manifest"):
        Manifest.from_json(data)
    data = json.loads(json.dumps(DRAWS[0]["manifest"]))
    del data["experts"]
    with pytest.raises(DataError, match="cannot read the manifest"):
        Manifest.from_json(data)


def test_a_result_claiming_an_expert_other_than_the_draws_pick_fails_verify() -> None:
    vector = next(v for v in DRAWS if v["name"] == "v3-dice-experts-with-recusals")
    manifest = Manifest.from_json(vector["manifest"])
    claimed = json.loads(json.dumps(vector["result"]))
    r = next(r for r in claimed["recusals"] if r["replacement"] in manifest.expert_ids)
    chosen = next(e for e in sorted(manifest.expert_ids) if e != r["replacement"])
    claimed["teams"][r["subject"]] = [chosen if m == r["replacement"] else m for m in claimed["teams"][r["subject"]]]
    r["replacement"] = chosen
    assert verify(manifest, claimed) in {"teams", "recusals"}


@settings(max_examples=25, deadline=None)
@given(dice=st.tuples(*[st.integers(1, 6)] * 4), which=st.integers(0, 100), member=st.integers(0, 2),
       method=st.sampled_from(["swap", "replace"]))
def test_any_recusal_keeps_the_teams_within_the_rules_and_verifies(dice: tuple[int, ...], which: int, member: int,
                                                                   method: str) -> None:
    manifest = _MANIFESTS[method]
    result = draw(manifest, " ".join(map(str, dice)))
    sid, team = result.teams[which % len(result.teams)]
    try:
        after = recuse(manifest, result, [Recusal(sid, team[member], method, "利害关系")])  # type: ignore[arg-type]
    except InfeasibleDrawError:
        return
    done = after.recusals[-1]
    people = {p.id: p for p in manifest.inspectors}
    new_team = after.team(sid)
    assert team[member] not in new_team and done.replacement in new_team and len(new_team) == len(team)
    spec = manifest.rules.team_for(*next((s.domain, s.sector) for s in manifest.subjects if s.id == sid))
    for tag, k in spec.quotas:
        assert sum(1 for m in new_team if m in people and tag in people[m].specialties) >= k
    assert (done.replacement in manifest.expert_ids) == (method == "swap" and done.with_subject is None)
    assert sid not in interest_map(manifest, result.conflicts)[done.replacement]
    assert verify(manifest, after) is None
    if done.with_subject is not None:
        assert team[member] in after.team(done.with_subject)


_MANIFESTS = {way: _manifest([Expert("ZJ-01", specialties={"非煤矿山"}), Expert("ZJ-02"), Expert("ZJ-03")], way=way)
              for way in ("swap", "replace")}
