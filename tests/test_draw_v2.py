"""draw-v2 (docs/spec/draw-v2.md): one spelling per public input, the announced time, interests not published by
name. The vectors are reproduced by the independent verifier (tests/draw_verifier.py, which imports nothing of the
engine) and by the engine; the negative vectors are refused by both."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.errors import InvalidInputError
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
    recuse,
    rerun,
    team_manifest,
    verify,
)

from . import draw_verifier as independent

SPEC = Path(__file__).resolve().parents[1] / "docs" / "spec"
VECTORS = json.loads((SPEC / "draw-v2-vectors.json").read_text(encoding="utf-8"))
DRAWS: list[dict[str, Any]] = VECTORS["draws"]
WINDOW = (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
DICE = PublicInputSpec("四枚骰子当众投掷，地点：局一楼大厅，纪检监察室见证", "2026-11-30T09:30:00+08:00",
                       tuple(InputField(f"die{i}", "digits", length=1, alphabet="123456") for i in range(1, 5)))
SECRET = b"\x07" * 32


def _requests(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: r[k] for k in ("subject", "inspector", "method", "reason")} for r in result["recusals"]]


@pytest.mark.parametrize("vector", DRAWS, ids=[v["name"] for v in DRAWS])
def test_the_independent_verifier_reproduces_the_v2_vector(vector: dict[str, Any]) -> None:
    result = vector["result"]
    again = independent.run(vector["manifest"], vector["public_input"], _requests(result), result["conflicts"])
    assert again == result
    private = vector["private"]
    algorithm = vector["manifest"]["algorithm"]
    committed = {p["id"]: p["interest_tags"] for p in vector["manifest"]["inspectors"]}
    if private is None:
        assert not any(committed.values())
        assert result["conflicts"] == {}
        return
    secret, declared = bytes.fromhex(private["secret"]), private["interests"]
    tags = independent.commit_tags(algorithm, secret, declared)
    assert {i: t for i, t in committed.items() if t} == tags
    assert independent.open_conflicts(algorithm, secret, declared, result["subjects"]) == result["conflicts"]


@pytest.mark.parametrize("vector", DRAWS, ids=[v["name"] for v in DRAWS])
def test_the_engine_reproduces_the_v2_vector_from_the_published_manifest(vector: dict[str, Any]) -> None:
    manifest = Manifest.from_json(vector["manifest"])
    assert manifest.version == 2
    assert manifest.hash == vector["manifest_hash"]
    assert json.loads(manifest.canonical()) == vector["manifest"]
    assert verify(manifest, vector["result"]) is None
    if vector["private"] is not None:
        declarations = InterestDeclarations.from_json(vector["private"])
        assert audit_interests(manifest, vector["result"], declarations) == ()
        fresh = recuse(manifest, draw(manifest, vector["public_input"], declarations),
                       [Recusal(**r) for r in _requests(vector["result"])])
        assert fresh.to_json() == vector["result"]
    typed = DrawResult.from_json(vector["result"])  # the conflicts and recusals typed, the JSON unchanged
    assert typed.version == 2 and all(isinstance(r, Recusal) for r in typed.recusals)
    assert typed.to_json() == vector["result"] and verify(manifest, typed) is None


def test_the_v2_vectors_cover_the_spec() -> None:
    names = {v["name"] for v in DRAWS}
    assert {"v2-dice-interests", "v2-dice-interests-sm3", "v2-lottery-no-interests",
            "v2-lottery-no-interests-sm3", "v2-dice-interests-with-recusals",
            "v2-dice-interests-sm3-with-recusals"} <= names
    with_interests = next(v for v in DRAWS if v["name"] == "v2-dice-interests")
    assert sum(len(p) for p in with_interests["result"]["conflicts"].values()) >= 5
    # some declared interests are in subjects that were not drawn: they stay unopened
    declared = {s for subjects in with_interests["private"]["interests"].values() for s in subjects}
    assert declared - set(with_interests["result"]["subjects"])
    assert {v["manifest"]["algorithm"] for v in DRAWS} == {"draw-v2", "draw-v2-sm3"}


def test_draw_v1_vectors_are_unchanged_by_v2() -> None:
    from .make_draw_vectors import vectors

    published = json.loads((SPEC / "draw-v1-vectors.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(vectors(), ensure_ascii=False)) == published
    assert all(v["manifest"]["algorithm"].startswith("draw-v1") for v in published)


# -- §3: the public input ------------------------------------------------------------------------------------


CASES = [(PublicInputSpec.from_json(c["public_input"]), c) for c in VECTORS["public_inputs"]]


@pytest.mark.parametrize(("spec", "case"), CASES)
def test_negative_vectors_are_refused_by_both_implementations(spec: PublicInputSpec, case: dict[str, Any]) -> None:
    for text in case["accepted"]:
        assert spec.render(spec.parse(text)) == text
        assert independent.accepts(case["public_input"], text)
    for refused in case["refused"]:
        with pytest.raises(InvalidInputError):
            spec.parse(refused["text"])
        assert not independent.accepts(case["public_input"], refused["text"]), refused["why"]
    assert len(case["refused"]) >= 10


def test_produced_at_vectors() -> None:
    for text in VECTORS["produced_at"]["accepted"]:
        assert independent.produced_at_ok(text)
        assert PublicInputSpec("dice", text, DICE.fields).produced_at_time.tzinfo is not None
    for refused in VECTORS["produced_at"]["refused"]:
        assert not independent.produced_at_ok(refused["text"]), refused["why"]
        with pytest.raises(InvalidInputError, match="produced_at"):
            PublicInputSpec("dice", refused["text"], DICE.fields)


@pytest.mark.parametrize("case", VECTORS["bad_public_input_specs"], ids=lambda c: c["why"])
def test_a_bad_public_input_spec_is_refused_clearly(case: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as info:
        PublicInputSpec.from_json(case["public_input"])
    assert info.value.fix


def test_the_announced_time_is_typed() -> None:
    manifest = _manifest()
    assert manifest.produced_at == dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert manifest.public_input_spec is not None
    assert manifest.public_input_spec.produced_at_time == manifest.produced_at
    assert Manifest.from_json(json.loads(manifest.canonical())).produced_at == manifest.produced_at
    v1 = build_manifest("P", "dice", r"[1-6]", WINDOW, [], [], [], DrawRules(Sample(count=0), TeamSpec(1)))
    assert (v1.version, v1.produced_at) == (1, None)


LOTTERY = PublicInputSpec.from_json(VECTORS["public_inputs"][1]["public_input"])
TRICKY = "0123456789 .-+０١２٣\u0301\t,"


def _values(spec: PublicInputSpec) -> st.SearchStrategy[tuple[Any, ...]]:
    parts: list[st.SearchStrategy[Any]] = []
    for f in spec.fields:
        if f.type == "digits":
            assert f.alphabet is not None
            parts.append(st.text(st.sampled_from(f.alphabet), min_size=f.length, max_size=f.length))
        elif f.type == "integer":
            parts.append(st.integers(f.min, f.max))
        elif f.type == "decimal":
            assert f.places is not None
            parts.append(st.integers(0, 10**9).map(lambda n, p=f.places: Decimal(n).scaleb(-p)))
        else:
            parts.append(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
    return st.tuples(*parts)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_render_then_parse_is_the_identity_and_one_text_per_outcome(data: st.DataObject) -> None:
    for spec in (DICE, LOTTERY):
        values = data.draw(_values(spec))
        text = spec.render(values)
        assert spec.parse(text) == values
        assert text.isascii()
        other = data.draw(_values(spec))
        assert (spec.render(other) == text) == (other == values)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(TRICKY), max_size=40), st.sampled_from([DICE, LOTTERY]))
def test_any_accepted_text_is_the_rendering_of_its_values_in_both_implementations(text: str,
                                                                                   spec: PublicInputSpec) -> None:
    try:
        values = spec.parse(text)
    except InvalidInputError:
        assert not independent.accepts(spec.to_json(), text)
        return
    assert spec.render(values) == text
    assert independent.accepts(spec.to_json(), text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("0123456789 ０٣.-+"), min_size=1, max_size=6).map("".join),
       st.lists(st.sampled_from("0123456789 ０٣.-+"), min_size=1, max_size=6).map("".join))
def test_no_two_accepted_texts_give_the_same_values(a: str, b: str) -> None:
    spec = PublicInputSpec("x", "2026-11-30T09:30:00+08:00", (InputField("n", "integer", min=0, max=10**6),
                                                            InputField("d", "decimal", places=1)))
    try:
        left, right = spec.parse(a.replace(" ", "") + " 1.0"), spec.parse(b.replace(" ", "") + " 1.0")
    except InvalidInputError:
        return
    assert (left == right) == (a.replace(" ", "") == b.replace(" ", ""))


# -- §4: interests --------------------------------------------------------------------------------------------


def _manifest(**kw: Any) -> Manifest:
    subjects, inspectors, checklist = load_demo_data()
    ids = [s.uscc for s in subjects]
    declaring = [attrs.evolve(p, interests=frozenset(ids[j] for j in range(len(ids)) if j % 5 == i % 5))
                 for i, p in enumerate(inspectors)]
    return build_manifest("V2-T", None, None, WINDOW, subjects, declaring, checklist,
                          DrawRules(Sample(ratio=(1, 2)), TeamSpec(2)), public_input=DICE, interest_secret=SECRET,
                          **kw)


def test_the_manifest_names_no_subject_of_any_inspectors_interest() -> None:
    manifest = _manifest()
    declared = {s for _, subjects in manifest.declarations.declared for s in subjects}  # type: ignore[union-attr]
    assert len(declared) > 10
    published = json.loads(manifest.canonical())
    people = json.dumps(published["inspectors"], ensure_ascii=False)
    assert not [s for s in declared if s in people]
    assert all("interests" not in p and len(p["interest_tags"]) >= 1 for p in published["inspectors"])
    assert "<secret>" in repr(manifest.declarations)
    assert not [s for s in declared if s in repr(manifest.declarations)]
    assert SECRET.hex() not in manifest.canonical().decode()


def test_the_result_opens_only_drawn_subjects() -> None:
    manifest = _manifest()
    result = draw(manifest, "2 3 5 1").to_json()
    assert set(result["conflicts"]) <= set(result["subjects"])
    declarations = manifest.declarations
    assert declarations is not None
    for sid, pairs in result["conflicts"].items():
        for pid, _ in pairs:
            assert sid in declarations.of(pid)
            assert all(pid not in team for s, team in result["teams"].items() if s == sid)
    for sid in result["subjects"]:  # every declared interest in a drawn subject is opened, and kept off its team
        for pid, subjects in declarations.declared:
            if sid in subjects:
                assert pid in dict(result["conflicts"][sid])
                assert pid not in result["teams"][sid]


def test_a_forged_opening_shows_in_verify() -> None:
    """An insider adds an interest nobody declared, to push an inspector off a team: its salt matches no
    committed tag."""
    manifest = _manifest()
    result = draw(manifest, "2 3 5 1").to_json()
    sid = result["subjects"][0]
    victim = result["teams"][sid][0]
    forged = json.loads(json.dumps(result))
    forged["conflicts"].setdefault(sid, []).append([victim, "00" * 32])
    forged["conflicts"][sid].sort()
    assert verify(manifest, forged) == "conflicts"
    with pytest.raises(InvalidInputError, match="committed interest tags"):
        rerun(manifest, forged)
    # a genuine salt of another subject opened for this one does not match either
    other = next(s for s in result["conflicts"] if s != sid)
    moved = json.loads(json.dumps(result))
    moved["conflicts"][sid] = [[p, salt] for p, salt in result["conflicts"][other]]
    assert verify(manifest, moved) == "conflicts"


def test_an_omitted_opening_passes_verify_and_the_auditor_sees_it() -> None:
    """What the public cannot check (§4.4): a bureau that leaves out an opening and re-computes the teams
    consistently passes verify; the auditor, holding the declarations and the secret, sees it."""
    manifest = _manifest()
    declarations = manifest.declarations
    assert declarations is not None
    honest = draw(manifest, "2 3 5 1")
    for sid, _ in honest.conflicts:  # an opening whose omission changes the teams: the insider's aim
        left_out = {**honest.to_json(), "conflicts": {s: [list(x) for x in p] for s, p in honest.conflicts
                                                      if s != sid}}
        claimed = rerun(manifest, left_out).to_json()  # the teams re-made as if that interest were not declared
        if claimed["teams"] != honest.to_json()["teams"]:
            break
    else:
        pytest.fail("no opening changes the teams: the test data should have one")
    assert verify(manifest, claimed) is None
    issues = audit_interests(manifest, claimed, declarations)
    assert any(i.path == f"subject {sid}" and "is not opened" in i.message for i in issues)
    assert audit_interests(manifest, honest, declarations) == ()


def test_the_auditor_sees_a_declaration_left_out_of_the_commitment() -> None:
    manifest = _manifest()
    declarations = manifest.declarations
    assert declarations is not None
    first, subjects = declarations.declared[0]
    fuller = InterestDeclarations(declarations.secret, {**dict(declarations.declared),
                                                         first: (*subjects, "91410000000000000X")})
    issues = audit_interests(manifest, draw(manifest, "2 3 5 1"), fuller)
    assert any(i.path == f"inspector {first}" for i in issues)


def test_a_manifest_read_from_json_needs_the_declarations_to_draw_but_never_to_verify() -> None:
    manifest = _manifest()
    result = draw(manifest, "2 3 5 1")
    published = Manifest.from_json(json.loads(manifest.canonical()))
    assert published.declarations is None
    with pytest.raises(InvalidInputError, match="declarations were not given"):
        draw(published, "2 3 5 1")
    assert draw(published, "2 3 5 1", manifest.declarations).to_json() == result.to_json()
    assert verify(published, result.to_json()) is None
    wrong = InterestDeclarations(b"\x08" * 32, manifest.declarations.declared)  # type: ignore[union-attr]
    with pytest.raises(InvalidInputError, match="not the interests the manifest committed"):
        draw(published, "2 3 5 1", wrong)


def test_interests_need_a_secret_and_v1_keeps_them_public() -> None:
    subjects, inspectors, checklist = load_demo_data()
    rules = DrawRules(Sample(count=2), TeamSpec(2))
    with pytest.raises(InvalidInputError, match="interest_secret"):
        build_manifest("P", None, None, WINDOW, subjects, inspectors, checklist, rules, public_input=DICE)
    with pytest.raises(InvalidInputError, match="both"):
        build_manifest("P", "dice", "x", WINDOW, subjects, inspectors, checklist, rules, public_input=DICE)
    v1 = build_manifest("P", "dice", r"[1-6]( [1-6]){3}", WINDOW, subjects, inspectors, checklist, rules)
    assert v1.version == 1
    assert "interests" in json.loads(v1.canonical())["inspectors"][0]


def test_recusal_on_a_v2_draw_uses_only_the_openings() -> None:
    manifest = _manifest()
    published = Manifest.from_json(json.loads(manifest.canonical()))
    result = draw(manifest, "2 3 5 1")
    (s1, t1), (s2, t2) = result.teams[0], result.teams[1]
    after = recuse(published, result, [Recusal(s1, t1[0], "replace", "配偶在该企业任职"),
                                       Recusal(s2, t2[0], "swap", "曾在该企业任职")])
    assert verify(published, after.to_json()) is None
    opened = {(s, p) for s, pairs in result.conflicts for p, _ in pairs}
    assert all((s, p) not in opened for s, team in after.teams for p in team)


def test_a_v2_team_manifest() -> None:
    _, inspectors, _ = load_demo_data()
    lead = _manifest()
    entries = lead.subjects[:3]
    partner = team_manifest("V2-T", None, None, WINDOW, entries, inspectors[:6], TeamSpec(1), public_input=DICE,
                            interest_secret=SECRET)
    assert partner.version == 2
    result = draw(partner, "1 2 3 4")
    assert verify(Manifest.from_json(json.loads(partner.canonical())), result.to_json()) is None
