"""draw-v1: the vectors in the independent verifier, properties of the draw, sharding, infeasible plans, and
verification of a published draw."""

from __future__ import annotations

import datetime as dt
import heapq
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import DataError, InfeasibleDrawError, InvalidInputError
from random_inspection.model import EnforcementCertificate, Inspector, Subject
from random_inspection.model.identifiers import organization_code_check_character, uscc_check_character
from random_inspection.sampling import (
    DrawResult,
    DrawRules,
    Manifest,
    Recusal,
    Sample,
    TeamSpec,
    allocate,
    build_manifest,
    canonical_json,
    derive_seed,
    draw,
    eligible,
    engine,
    recuse,
    ticket,
    verify,
)
from random_inspection.sampling.engine import stratum_key
from random_inspection.testing.strategies import subjects as subject_strategy

from . import draw_verifier as independent
from .draw_verifier import run as independent_run

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "docs" / "spec" / "draw-v1-vectors.json").read_text())
WINDOW = (dt.date(2026, 3, 2), dt.date(2026, 3, 31))
CERT = EnforcementCertificate("证", dt.date(2020, 1, 1))


def people(n: int, tags: dict[int, str] | None = None, department: str = "yjj") -> list[Inspector]:
    tags = tags or {}
    return [Inspector(f"{department}{i:03d}", f"执法人员{i}", "执法大队", department, CERT,
                      specialties={tags[i]} if i in tags else set()) for i in range(n)]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_independent_verifier_reproduces_the_vector(vector: dict[str, object]) -> None:
    requests = [{k: r[k] for k in ("subject", "inspector", "method", "reason")}
                for r in vector["result"]["recusals"]]  # type: ignore[index]
    assert independent_run(vector["manifest"], vector["public_input"], requests) == vector["result"]  # type: ignore[arg-type]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_engine_reproduces_the_vector_from_the_published_manifest(vector: dict[str, object]) -> None:
    manifest = Manifest.from_json(vector["manifest"])  # type: ignore[arg-type]
    assert manifest.hash == vector["manifest_hash"]
    assert json.loads(manifest.canonical()) == vector["manifest"]
    assert verify(manifest, vector["result"]) is None  # type: ignore[arg-type]


def test_the_vectors_cover_each_part_of_the_spec() -> None:
    results = {v["name"]: v["result"] for v in VECTORS}
    assert any(r["reserve"] for r in results.values())
    assert any(len(r["strata"]) > 1 for r in results.values())
    joint = results["joint-one-enterprise"]
    (team,) = joint["teams"].values()
    assert [m[:2] for m in team] == ["XC", "SC"]  # one from each department, in the plan's order
    by_sector = next(v for v in VECTORS if v["name"] == "by-industry")
    tags = {p["id"]: p["specialties"] for p in by_sector["manifest"]["inspectors"]}  # type: ignore[index]
    sector = {s["id"]: s["sector"] for s in by_sector["manifest"]["subjects"]}  # type: ignore[index]
    sector_teams = [(sid, t) for sid, t in by_sector["result"]["teams"].items() if sector[sid]]  # type: ignore[index]
    assert sector_teams
    assert all(any(sector[sid] in tags[m] for m in team) for sid, team in sector_teams)


@st.composite
def registries(draw_: st.DrawFn, min_size: int = 1, existing: bool | None = None) -> list[Subject]:
    return draw_(st.lists(subject_strategy(existing=existing), min_size=min_size, max_size=40,
                          unique_by=lambda s: s.uscc))


def manifest_for(subjects: list[Subject], rules: DrawRules, history: dict[str, int] | None = None,
                 inspectors: list[Inspector] | None = None) -> Manifest:
    return build_manifest("P", "a word", r"[A-Za-z0-9 ]+", WINDOW, subjects, inspectors or people(8), [], rules,
                          history=history)


class TestProperties:
    @settings(max_examples=60)
    @given(registries(), st.integers(0, 5), st.from_regex(r"[A-Za-z0-9 ]{1,12}", fullmatch=True))
    def test_same_inputs_same_draw_and_no_ineligible_subject(self, subjects: list[Subject], cap: int,
                                                               public: str) -> None:
        history = {s.uscc: i % 6 for i, s in enumerate(subjects)}
        rules = DrawRules(Sample(ratio=(1, 3)), TeamSpec(2), strata=("area",), yearly_cap=cap or None, reserve=1)
        manifest = manifest_for(subjects, rules, history)
        first = draw(manifest, public)
        again = draw(manifest_for(list(reversed(subjects)), rules, history), public)
        assert first == again  # the roster's order does not matter either
        # eligibility from first principles, on the model's own subjects (not the engine's eligible())
        by_code = {s.uscc: s for s in subjects}

        def may_be_drawn(code: str) -> bool:
            s = by_code[code]
            return s.in_existence and (not cap or s.exempt_from_yearly_cap or history[code] < cap)

        reserve = [i for _, ids in first.reserve for i in ids]
        assert all(may_be_drawn(i) for i in (*first.subjects, *reserve))
        assert len(set(first.subjects)) == len(first.subjects)
        assert not set(reserve) & set(first.subjects)
        assert sum(s.drawn for s in first.strata) == len(first.subjects)

    @settings(max_examples=40)
    @given(registries(min_size=2), st.data())
    def test_the_sample_never_shrinks_when_the_pool_grows(self, subjects: list[Subject], data: st.DataObject) -> None:
        cut = data.draw(st.integers(1, len(subjects) - 1))
        rules = DrawRules(Sample(ratio=(1, 10)), TeamSpec(1), strata=("area",))
        small = draw(manifest_for(subjects[:cut], rules), "x")
        large = draw(manifest_for(subjects, rules), "x")
        assert len(large.subjects) >= len(small.subjects)

    @settings(max_examples=40)
    @given(registries(), st.integers(1, 3), st.sampled_from(["非煤矿山", "危险化学品"]))
    def test_no_team_breaks_a_rule(self, subjects: list[Subject], size: int, tag: str) -> None:
        pool = people(9, {0: tag, 4: tag, 7: tag})
        conflicted = attrs.evolve(pool[1], interests={s.uscc for s in subjects[::2]})
        pool[1] = conflicted
        mines = TeamSpec(2, ((tag, 1),))
        rules = DrawRules(Sample(ratio=(1, 2)), TeamSpec(size), team_by_domain=(("非煤矿山", mines),))
        result = draw(manifest_for(subjects, rules, inspectors=pool), "seed")
        domains = {s.uscc: s.domain.value for s in subjects}
        tagged = {p.id for p in pool if tag in p.specialties}
        for sid, team in result.teams:
            spec = rules.team_for(domains[sid])
            assert len(team) == len(set(team)) == spec.size
            assert sum(1 for m in team if m in tagged) >= dict(spec.quotas).get(tag, 0)
            assert not (conflicted.id in team and sid in conflicted.interests)

    @given(registries(min_size=6, existing=True))
    def test_workload_is_even_when_nothing_constrains_it(self, subjects: list[Subject]) -> None:
        rules = DrawRules(Sample(ratio=(1, 1)), TeamSpec(2))
        result = draw(manifest_for(subjects, rules, inspectors=people(5)), "even")
        loads = Counter(m for _, team in result.teams for m in team)
        assert max(loads.values()) - min(loads.values(), default=0) <= 1

    def test_inclusion_frequency_matches_n_over_e(self) -> None:
        """Each of E = 10 eligible subjects of a stratum with n = 3 is drawn with probability 3/10. Over 2,000
        fixed public inputs the counts pass a chi-square test at α = 0.001 (critical value 27.88 for 9 degrees
        of freedom); the inputs are fixed, so the test is deterministic."""
        subjects = [Subject(code, f"示例{i}", "工贸", "411002") for i, code in enumerate(_codes(10))]
        manifest = manifest_for(subjects, DrawRules(Sample(count=3), TeamSpec(1)))
        counts: Counter[str] = Counter()
        runs = 2000
        for k in range(runs):
            counts.update(draw(manifest, f"run {k}").subjects)
        # Each count is Binomial(runs, p); within a draw the ten inclusions are tied (they add up to n), so the
        # standardised counts span N - 1 dimensions scaled by N/(N - 1): rescaled, the sum is χ² with 9 df.
        p, big_n = 3 / 10, len(subjects)
        chi2 = sum((counts[s.uscc] - runs * p) ** 2 for s in subjects) / (runs * p * (1 - p)) * (big_n - 1) / big_n
        assert chi2 < 27.88, dict(counts)


def _codes(n: int) -> list[str]:
    """``n`` valid, distinct 统一社会信用代码 registered in 411002."""
    codes = []
    for i in range(n):
        body = f"{i:08d}"
        first17 = "91411002" + body + organization_code_check_character(body)
        codes.append(first17 + uscc_check_character(first17))
    return codes


def test_sharded_selection_equals_the_whole() -> None:
    """Spec §10: per-shard counts, one allocation, per-shard bottom-k, merge: the same subjects and reserve."""
    vector = VECTORS[0]
    manifest = Manifest.from_json(vector["manifest"])
    whole = draw(manifest, vector["public_input"])
    seed = derive_seed(manifest.hash, vector["public_input"])
    shards = [manifest.subjects[i::3] for i in range(3)]
    counts: Counter[str] = Counter()
    for shard in shards:
        counts.update(stratum_key(s, manifest.rules.strata) for s in shard if eligible(s, manifest))
    p, q = manifest.rules.sample.ratio  # type: ignore[misc]
    sizes = allocate((p * sum(counts.values()) + q - 1) // q, dict(counts), seed)
    merged: dict[str, list[tuple[bytes, str]]] = defaultdict(list)
    for shard in shards:
        local: dict[str, list[tuple[bytes, str]]] = defaultdict(list)
        for s in shard:
            if eligible(s, manifest):
                local[stratum_key(s, manifest.rules.strata)].append((ticket(seed, "subject", s.id), s.id))
        for key, tickets in local.items():
            k = sizes[key] + min(manifest.rules.reserve, counts[key] - sizes[key])
            merged[key].extend(heapq.nsmallest(k, tickets))
    drawn, reserve = [], {}
    for key, tickets in merged.items():
        lowest = sorted(tickets)[: sizes[key] + min(manifest.rules.reserve, counts[key] - sizes[key])]
        drawn += lowest[: sizes[key]]
        if lowest[sizes[key]:]:
            reserve[key] = tuple(i for _, i in lowest[sizes[key]:])
    assert tuple(i for _, i in sorted(drawn)) == whole.subjects
    assert tuple(sorted(reserve.items())) == whole.reserve


class TestThePreFilter:
    """The engine keeps only subjects under a per-stratum ticket bound before sorting (engine._threshold); a
    bound that falls short must send the stratum through in full, so the bound never changes a result."""

    @pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
    def test_a_bound_that_keeps_nothing_gives_the_same_draw(self, vector: dict[str, object],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
        manifest = Manifest.from_json(vector["manifest"])  # type: ignore[arg-type]
        public_input = vector["public_input"]
        expected = draw(manifest, public_input)  # type: ignore[arg-type]
        monkeypatch.setattr(engine, "_threshold", lambda need, count: b"")
        assert draw(manifest, public_input) == expected  # type: ignore[arg-type]
        assert verify(manifest, vector["result"]) is None  # type: ignore[arg-type]

    @settings(max_examples=40)
    @given(registries(), st.data())
    def test_any_bound_gives_the_same_draw(self, subjects: list[Subject], data: st.DataObject) -> None:
        rules = DrawRules(Sample(ratio=(1, 3)), TeamSpec(1), strata=("area",), reserve=2)
        manifest = manifest_for(subjects, rules)
        expected = draw(manifest, "x")
        bounds = data.draw(st.lists(st.binary(min_size=0, max_size=33), min_size=1, max_size=5))
        original = engine._threshold
        engine._threshold = lambda need, count: bounds[(need + count) % len(bounds)]  # type: ignore[assignment]
        try:
            assert draw(manifest, "x") == expected
        finally:
            engine._threshold = original  # type: ignore[assignment]

    def test_the_bound_keeps_what_it_promises(self) -> None:
        assert engine._threshold(0, 10) == b""
        assert engine._threshold(5, 10) == b"\xff" * 33  # 5 + 4·2 + 8 ≥ 10: everyone is kept
        bound = int.from_bytes(engine._threshold(100, 10_000), "big")
        assert bound * 10_000 >> 256 == 100 + 40 + 8 - 1  # just under (148/10000) of the ticket space


class TestNoSilentPartialDraw:
    def test_more_subjects_than_eligible(self) -> None:
        subjects = [Subject(code, "示例", "工贸", "411002") for code in _codes(3)]
        with pytest.raises(InfeasibleDrawError, match="asks 5 subjects but only 3 are eligible"):
            draw(manifest_for(subjects, DrawRules(Sample(count=5), TeamSpec(1))), "x")

    def test_a_quota_no_one_can_fill_after_interests(self) -> None:
        (code,) = _codes(1)
        mine = Subject(code, "示例矿业", "非煤矿山", "431103")
        pool = people(4, {2: "非煤矿山"})
        pool[2] = attrs.evolve(pool[2], interests={code})
        rules = DrawRules(Sample(count=1), TeamSpec(2), team_by_domain=(("非煤矿山", TeamSpec(2, (("非煤矿山", 1),))),))
        with pytest.raises(InfeasibleDrawError) as info:
            draw(manifest_for([mine], rules, inspectors=pool), "x")
        assert "needs an inspector tagged 非煤矿山" in info.value.what
        assert "1 eligible, 0 free of interests" in info.value.what

    def test_an_expired_certificate_is_not_eligible(self) -> None:
        (code,) = _codes(1)
        expired = attrs.evolve(people(1)[0], certificate=EnforcementCertificate("证", dt.date(2020, 1, 1),
                                                                                 dt.date(2026, 3, 15)))
        manifest = manifest_for([Subject(code, "示例", "工贸", "411002")], DrawRules(Sample(count=1), TeamSpec(1)),
                                inspectors=[expired])
        assert manifest.inspectors[0].valid_until == "2026-03-15"  # published, so anyone can re-check it
        assert manifest.eligible_inspectors == frozenset()
        with pytest.raises(InfeasibleDrawError, match="0 eligible"):
            draw(manifest, "x")


class TestVerify:
    def test_a_changed_result_is_caught_at_its_first_difference(self) -> None:
        vector = VECTORS[0]
        manifest = Manifest.from_json(vector["manifest"])
        result = json.loads(json.dumps(vector["result"]))
        result["subjects"][0], result["subjects"][1] = result["subjects"][1], result["subjects"][0]
        assert verify(manifest, result) == "subjects"
        result = json.loads(json.dumps(vector["result"]))
        first = next(iter(result["teams"]))
        result["teams"][first] = list(reversed(result["teams"][first]))
        assert verify(manifest, result) == "teams"

    def test_a_changed_manifest_changes_its_hash(self) -> None:
        vector = VECTORS[0]
        edited = json.loads(json.dumps(vector["manifest"]))
        edited["subjects"][0]["history"] += 1
        assert verify(Manifest.from_json(edited), vector["result"]) == "manifest_hash"


class TestManifest:
    def test_duplicate_ids_are_refused_with_every_duplicate_named(self) -> None:
        codes = _codes(2)
        subjects = [Subject(c, "示例", "工贸", "411002") for c in (codes[0], codes[0], codes[1], codes[1])]
        with pytest.raises(DataError) as info:
            manifest_for(subjects, DrawRules(Sample(count=1), TeamSpec(1)))
        assert sorted(i.path for i in info.value.issues) == [f"subject {codes[0]}", f"subject {codes[1]}"]

    def test_no_floats_in_a_manifest(self) -> None:
        with pytest.raises(InvalidInputError, match="floating-point"):
            canonical_json({"ratio": 0.1})

    def test_a_manifest_of_another_algorithm(self) -> None:
        with pytest.raises(DataError, match="draw-v2"):
            Manifest.from_json(dict(VECTORS[0]["manifest"], algorithm="draw-v2"))


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: str(v["name"]))
def test_a_published_result_reads_as_a_typed_result_and_writes_back_unchanged(vector: dict[str, object]) -> None:
    published = vector["result"]
    assert isinstance(published, dict)
    typed = DrawResult.from_json(published)
    assert all(isinstance(r, Recusal) for r in typed.recusals)
    assert typed.to_json() == published
    assert json.dumps(typed.to_json(), ensure_ascii=False) == json.dumps(published, ensure_ascii=False)


def test_a_result_that_is_not_one_is_refused_naming_what_is_missing() -> None:
    published = dict(VECTORS[0]["result"])
    del published["seed"]
    with pytest.raises(DataError, match="cannot read the draw result") as caught:
        DrawResult.from_json(published)
    assert "seed" in str(caught.value.issues[0])


class TestRecusal:
    """冷水滩 第十四条: the recused inspector leaves; a swap or a drawn replacement takes the place."""

    @settings(max_examples=40)
    @given(registries(min_size=4, existing=True), st.sampled_from(["replace", "swap"]), st.data())
    def test_the_recused_inspector_leaves_and_every_rule_still_holds(
        self, subjects: list[Subject], method: str, data: st.DataObject
    ) -> None:
        pool = people(10, {0: "非煤矿山", 3: "非煤矿山", 6: "非煤矿山"})
        # some inspectors declared interests in some subjects before the draw
        pool[3] = attrs.evolve(pool[3], interests={s.uscc for s in subjects[::2]})
        pool[5] = attrs.evolve(pool[5], interests={s.uscc for s in subjects[1::3]})
        mines = TeamSpec(2, (("非煤矿山", 1),))
        rules = DrawRules(Sample(ratio=(1, 1)), TeamSpec(2), team_by_domain=(("非煤矿山", mines),))
        manifest = manifest_for(subjects, rules, inspectors=pool)
        result = draw(manifest, "seed")
        sid, team = data.draw(st.sampled_from(result.teams))
        leaving = data.draw(st.sampled_from(team))
        try:
            after = recuse(manifest, result, [Recusal(sid, leaving, method, "配偶在该企业任职")])  # type: ignore[arg-type]
        except InfeasibleDrawError:
            return  # a swap may find no partner; it says so rather than leaving the inspector on
        assert leaving not in after.team(sid)
        (record,) = after.recusals
        assert record.replacement in after.team(sid)
        tagged = {p.id for p in pool if "非煤矿山" in p.specialties}
        domains = {s.uscc: s.domain.value for s in subjects}
        interests = {p.id: p.interests for p in pool}
        for s, members in after.teams:
            assert len(set(members)) == len(members) == 2
            assert all(s not in interests[m] for m in members)  # nobody conflicted stays on a team
            if domains[s] == "非煤矿山":
                assert any(m in tagged for m in members)
        assert verify(manifest, after) is None
        assert verify(manifest, result) is None
        # the typed result and its JSON go both ways, the recusal a typed record
        assert isinstance(record, Recusal)
        assert DrawResult.from_json(after.to_json()) == after
        assert DrawResult.from_json(json.loads(json.dumps(after.to_json()))).to_json() == after.to_json()

    def test_a_replacement_keeps_the_quota_and_is_recorded(self) -> None:
        (code,) = _codes(1)
        mine = Subject(code, "示例矿业", "非煤矿山", "431103")
        pool = people(5, {0: "非煤矿山", 1: "非煤矿山"})
        rules = DrawRules(Sample(count=1), TeamSpec(2), team_by_domain=(("非煤矿山", TeamSpec(2, (("非煤矿山", 1),))),))
        manifest = manifest_for([mine], rules, inspectors=pool)
        result = draw(manifest, "x")
        holder = next(m for m in result.team(code) if m in {"yjj000", "yjj001"})
        after = recuse(manifest, result, [Recusal(code, holder, "replace", "曾在该企业任职")])
        (record,) = after.recusals
        assert record.replacement in {"yjj000", "yjj001"} - {holder}
        assert after.to_json()["recusals"] == [{"subject": code, "inspector": holder, "method": "replace",
                                                "reason": "曾在该企业任职", "replacement": record.replacement,
                                                "with_subject": None}]
        with pytest.raises(InfeasibleDrawError, match="no inspector can replace"):
            recuse(manifest, after, [Recusal(code, record.replacement, "replace", "亲属关系")])

    def test_a_recusal_must_name_a_member_and_a_reason(self) -> None:
        vector = VECTORS[0]
        manifest = Manifest.from_json(vector["manifest"])
        result = draw(manifest, vector["public_input"])
        sid, team = result.teams[0]
        with pytest.raises(InvalidInputError, match="not on the team"):
            recuse(manifest, result, [Recusal(sid, "nobody", "replace", "x")])
        with pytest.raises(InvalidInputError, match="no reason"):
            recuse(manifest, result, [Recusal(sid, team[0], "replace", " ")])

    def test_verify_sees_an_undisclosed_change_of_team(self) -> None:
        vector = VECTORS[0]
        manifest = Manifest.from_json(vector["manifest"])
        result = draw(manifest, vector["public_input"])
        sid, team = result.teams[0]
        after = recuse(manifest, result, [Recusal(sid, team[0], "replace", "利害关系")])
        hidden = after.to_json()
        hidden["recusals"] = []  # the team changed, but the recusal is not disclosed
        assert verify(manifest, hidden) == "teams"


def test_a_yearly_frequency_per_credit_class() -> None:
    """石家庄 二(五): class A subjects inspected once already are out; class D ones may be inspected more."""
    codes = _codes(4)
    a_once = Subject(codes[0], "示例", "工贸", "130102", credit_risk="A")
    a_new = Subject(codes[1], "示例", "工贸", "130102", credit_risk="A")
    d_often = Subject(codes[2], "示例", "工贸", "130102", credit_risk="D")
    b_often = Subject(codes[3], "示例", "工贸", "130102", credit_risk="B")
    rules = DrawRules(Sample(ratio=(1, 1)), TeamSpec(1), yearly_cap=4, class_caps=(("A", 1), ("D", 6)))
    history = {codes[0]: 1, codes[2]: 5, codes[3]: 5}
    result = draw(manifest_for([a_once, a_new, d_often, b_often], rules, history), "x")
    assert sorted(result.subjects) == sorted([codes[1], codes[2]])



class TestReviewRegressionsDraw:
    def test_a_public_input_in_another_spelling_is_refused(self) -> None:
        vector = VECTORS[0]
        manifest = Manifest.from_json(vector["manifest"])
        for respelt in ("3 1 4 1 5 9 ", " 3 1 4 1 5 9", "3,1,4,1,5,9", "314159"):
            with pytest.raises(InvalidInputError, match="form the manifest fixed"):
                draw(manifest, respelt)
        forged = dict(vector["result"], public_input="3 1 4 1 5 9 ")
        assert verify(manifest, forged) == "public_input"

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [({"reserve": -1}, "reserve"), ({"items": -1}, "items"), ({"yearly_cap": -3}, "yearly_cap"),
         ({"conditions": {"area": "411002"}}, "not a list of texts"),
         ({"conditions": [("area", ["A"]), ("area", ["B"])]}, "twice"),
         ({"departments": ["yjj", "yjj"]}, "twice")],
    )
    def test_draw_rules_refuse_what_the_hash_could_not_describe(self, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            DrawRules(Sample(count=1), TeamSpec(1), **kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("make", "match"),
        [(lambda: TeamSpec(1, (("t", 2),)), "more members"), (lambda: TeamSpec(2, (("t", -1),)), "quota"),
         (lambda: Sample(count=True), "count"), (lambda: Sample(ratio_by="credit_risk"), "without any ratio")],
    )
    def test_team_and_sample_checks(self, make: object, match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            make()  # type: ignore[operator]

    def test_rules_are_frozen_all_the_way_down(self) -> None:
        conditions = {"area": ["411002"]}
        rules = DrawRules(Sample(count=1), TeamSpec(1), conditions=conditions)
        conditions["area"].append("411003")  # changing the caller's list changes nothing in the rules
        assert rules.conditions == (("area", ("411002",)),)

    def test_a_non_canonical_manifest_is_refused(self) -> None:
        manifest = json.loads(json.dumps(VECTORS[0]["manifest"]))
        manifest["subjects"].reverse()
        with pytest.raises(DataError, match="canonical form"):
            Manifest.from_json(manifest)
        for broken in ({**VECTORS[0]["manifest"], "window": 5}, {**VECTORS[0]["manifest"], "extra": 1}):
            with pytest.raises(DataError):
                Manifest.from_json(broken)

    def test_a_malformed_result_is_a_data_error(self) -> None:
        manifest = Manifest.from_json(VECTORS[0]["manifest"])
        with pytest.raises(DataError):
            verify(manifest, {"subjects": []})

    def test_recusal_needs_a_known_method_and_the_same_manifest(self) -> None:
        with pytest.raises(ValueError, match="in"):
            Recusal("s", "i", "bogus", "x")  # type: ignore[arg-type]
        result = draw(Manifest.from_json(VECTORS[0]["manifest"]), VECTORS[0]["public_input"])
        other = Manifest.from_json(VECTORS[2]["manifest"])
        sid, team = result.teams[0]
        with pytest.raises(InvalidInputError, match="not of this manifest"):
            recuse(other, result, [Recusal(sid, team[0], "replace", "x")])

    def test_ratio_by_uses_the_stratums_own_value(self) -> None:
        codes = _codes(4)
        subjects = [Subject(c, "示例", "工贸", "411002", industry="批发|零售", credit_risk="D") for c in codes]
        rules = DrawRules(Sample(ratio_by="credit_risk", ratios=(("D", (1, 1)),)), TeamSpec(1),
                          strata=("industry", "credit_risk"))
        with pytest.raises(InvalidInputError, match=re.escape("contains '|'")):
            draw(manifest_for(subjects, rules), "x")
        single = DrawRules(Sample(ratio_by="credit_risk", ratios=(("D", (1, 1)),)), TeamSpec(1),
                           strata=("credit_risk",))
        assert len(draw(manifest_for(subjects, single), "x").subjects) == 4


def test_units_limit_who_may_be_drawn() -> None:
    """偃师 二(二): inspectors come from the units the plan names; the unit is published with each inspector."""
    (code,) = _codes(1)
    pool = people(3)
    pool[1] = attrs.evolve(pool[1], unit="综合行政执法大队")
    rules = DrawRules(Sample(count=1), TeamSpec(1), units=["综合行政执法大队"])
    manifest = manifest_for([Subject(code, "示例", "工贸", "410307")], rules, inspectors=pool)
    assert manifest.eligible_inspectors == {pool[1].id}
    assert draw(manifest, "x").team(code) == (pool[1].id,)


# The cases (spec §11): the questions the first vectors leave open, and what a verifier must refuse --------------

CASES = json.loads((Path(__file__).resolve().parents[1] / "docs" / "spec" / "draw-v1-cases-vectors.json")
                   .read_text(encoding="utf-8"))


def _requests(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: r[k] for k in ("subject", "inspector", "method", "reason")} for r in result["recusals"]]


@pytest.mark.parametrize("case", CASES["draws"], ids=[c["name"] for c in CASES["draws"]])
def test_both_implementations_draw_each_case(case: dict[str, Any]) -> None:
    assert independent_run(case["manifest"], case["public_input"], _requests(case["result"])) == case["result"]
    assert independent.verify(case["manifest"], case["result"]) is None
    manifest = Manifest.from_json(case["manifest"])
    assert manifest.hash == case["manifest_hash"]
    assert verify(manifest, case["result"]) is None


def _independent_stage(case: dict[str, Any]) -> None:
    if case["stage"] == "manifest":
        independent.check_manifest(case["manifest"])
    else:
        independent_run(case["manifest"], case["public_input"])


def _engine_refuses(case: dict[str, Any]) -> bool:
    try:
        manifest = Manifest.from_json(case["manifest"])
        if case["stage"] == "manifest":
            return False
        if case["stage"] == "draw":
            draw(manifest, case["public_input"])
            return False
        return bool(verify(manifest, case["result"]) == case["field"])
    except DataError:
        return case["stage"] in ("manifest", "verify")  # verify: a result that cannot be read (an unknown method)
    except (InvalidInputError, InfeasibleDrawError):
        return case["stage"] == "draw"


@pytest.mark.parametrize("case", CASES["refused"], ids=[c["name"] for c in CASES["refused"]])
def test_the_independent_verifier_refuses_each_refused_case_naming_its_field(case: dict[str, Any]) -> None:
    if case["stage"] == "verify":
        assert independent.verify(case["manifest"], case["result"]) == case["field"]
        return
    with pytest.raises(independent.Refused) as refused:
        _independent_stage(case)
    assert refused.value.field == case["field"]


@pytest.mark.parametrize("case", CASES["refused"], ids=[c["name"] for c in CASES["refused"]])
def test_the_engine_refuses_each_refused_case(case: dict[str, Any]) -> None:
    assert _engine_refuses(case)


def test_the_cases_settle_what_they_name() -> None:
    draws = {c["name"]: c for c in CASES["draws"]}
    nulls = draws["null-values"]
    subjects = {s["id"]: s for s in nulls["manifest"]["subjects"]}
    drawn = {*nulls["result"]["subjects"], *(i for ids in nulls["result"]["reserve"].values() for i in ids)}
    assert subjects["S02"]["industry"] is None and subjects["S03"]["industry"] == ""  # "" listed, null not matched
    assert "S02" not in drawn
    assert subjects["S10"]["credit_risk"] == "A" and subjects["S05"]["credit_risk"] is None  # caps of A and of ""
    assert not {"S05", "S10"} & drawn
    assert {s["key"]: s["eligible"] for s in nulls["result"]["strata"]} == {"": 3, "冶金": 5}
    quotas = draws["quotas-counted"]
    tags = {p["id"]: set(p["specialties"]) for p in quotas["manifest"]["inspectors"]}
    (replaced,) = quotas["result"]["recusals"]
    assert not tags[replaced["replacement"]]  # a member with no tag: the other member carries both
    row = draws["replacements-in-a-row"]["result"]["recusals"]
    assert row[1]["replacement"] == row[0]["inspector"]  # ranked by the load the first recusal left
    assert {c["stage"] for c in CASES["refused"]} == {"manifest", "draw", "verify"}


def test_the_cases_file_is_what_the_generator_writes() -> None:
    from .make_draw_vectors import case_vectors

    assert json.loads(json.dumps(case_vectors(), ensure_ascii=False)) == CASES


def test_section_11_names_every_key_of_the_vector_files() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "spec" / "draw-v1.md").read_text(encoding="utf-8")
    section = text.split("## 11.")[1].split("\n## ")[0]
    spec = Path(__file__).resolve().parents[1] / "docs" / "spec"
    keys = {k for v in VECTORS for k in v} | set(CASES) | {k for c in (*CASES["draws"], *CASES["refused"]) for k in c}
    for version in ("v2", "v3"):
        data = json.loads((spec / f"draw-{version}-vectors.json").read_text(encoding="utf-8"))
        keys |= set(data) | {k for d in data["draws"] for k in d}
    missing = sorted(k for k in keys if f"`{k}`" not in section)
    assert not missing, f"§11 does not define {missing}"


@settings(max_examples=30, deadline=None)
@given(st.sampled_from([c for c in CASES["draws"]]), st.sampled_from(["in_existence", "exempt", "history"]),
       st.data())
def test_a_boolean_or_integer_of_another_json_type_is_refused_where_it_is(case: dict[str, Any], name: str,
                                                                           data: st.DataObject) -> None:
    manifest = json.loads(json.dumps(case["manifest"]))
    i = data.draw(st.integers(0, len(manifest["subjects"]) - 1))
    value = manifest["subjects"][i][name]
    manifest["subjects"][i][name] = data.draw(st.sampled_from(
        [int(value), str(value).lower(), None] if isinstance(value, bool) else [bool(value), str(value), None]))
    with pytest.raises(independent.Refused) as refused:
        independent.check_manifest(manifest)
    assert refused.value.field == f"subjects[{i}].{name}"


@settings(max_examples=30, deadline=None)
@given(st.sampled_from([c for c in CASES["draws"] if c["result"]["recusals"]] + VECTORS[:2]),
       st.sampled_from(["strata", "subjects", "reserve", "teams", "items", "recusals", "seed"]))
def test_both_verifiers_name_the_same_first_difference(case: dict[str, Any], field: str) -> None:
    """A changed result: the independent verifier names the field the engine's verify names (§9's order)."""
    result = json.loads(json.dumps(case["result"]))
    value = result[field]
    if isinstance(value, list) and len(value) > 1:
        result[field] = value[::-1]
    elif isinstance(value, dict) and value:
        key = next(iter(value))
        result[field][key] = [*value[key][::-1], "X"]
    else:
        result[field] = "0" * 64 if field == "seed" else [*value, value[0]] if value else ["X"]
    claimed = independent.verify(case["manifest"], result)
    try:
        engine_says = verify(Manifest.from_json(case["manifest"]), result)
    except DataError:
        engine_says = "unreadable"
    assert engine_says == claimed or (engine_says, claimed) == ("unreadable", "recusals")
    if field != "recusals":  # recusals on other subjects may be recorded in either order
        assert claimed is not None
