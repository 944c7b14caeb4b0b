"""The draw on the snapshot's columns against the independent verifier (tests/draw_verifier.py, a plain
re-implementation of draw-v1 from the spec) on random small manifests, and the §10 sharded ticket pass."""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.errors import InfeasibleDrawError, InvalidInputError, RandomInspectionError
from random_inspection.sampling import (
    DrawResult,
    DrawRules,
    InspectorEntry,
    Manifest,
    Sample,
    SubjectEntry,
    TeamSpec,
    draw,
    engine,
    selection,
    verify,
)
from random_inspection.sampling.columns import SubjectColumns

from .draw_verifier import run as independent_run

WINDOW = (dt.date(2026, 3, 2), dt.date(2026, 3, 31))
FIELDS = ("area", "domain", "sector", "subject_type", "industry", "credit_risk")
CHOICES: dict[str, tuple[str | None, ...]] = {
    "area": ("411002", "411003", "411081"),
    "domain": ("工贸", "危险化学品"),
    "sector": (None, "", "冶金", "机械"),
    "subject_type": ("企业", "个体工商户"),
    "industry": (None, "建材", "纺织"),
    "credit_risk": (None, "A", "B", "C"),
}
PEOPLE = tuple(InspectorEntry(f"P{i:02d}", "yjj", ("危化",) if i % 3 == 0 else (), ()) for i in range(12))


@st.composite
def snapshots(draw_: st.DrawFn) -> list[SubjectEntry]:
    ids = sorted(draw_(st.sets(st.from_regex(r"91[0-9A-Z]{4}", fullmatch=True), max_size=60)))
    return [SubjectEntry(i, *(draw_(st.sampled_from(CHOICES[f])) for f in FIELDS),  # type: ignore[arg-type]
                         draw_(st.integers(0, 9)) > 0, draw_(st.integers(0, 4)) == 0, draw_(st.integers(0, 4)))
            for i in ids]


@st.composite
def plans(draw_: st.DrawFn) -> DrawRules:
    strata = tuple(draw_(st.lists(st.sampled_from(FIELDS), unique=True, max_size=3)))
    kind = draw_(st.sampled_from(("count", "ratio", "ratio_by") if strata else ("count", "ratio")))
    if kind == "count":
        sample = Sample(count=draw_(st.integers(0, 8)))
    elif kind == "ratio":
        sample = Sample(ratio=draw_(st.sampled_from(((1, 1), (1, 3), (2, 7), (1, 10)))))
    else:
        by = draw_(st.sampled_from(strata))
        values = sorted({v or "" for v in CHOICES[by]})
        chosen = draw_(st.lists(st.sampled_from(values), unique=True, min_size=1))
        sample = Sample(ratio_by=by, ratios={v: draw_(st.sampled_from(((1, 2), (1, 1), (1, 5)))) for v in chosen})
    conditions = {f: draw_(st.lists(st.sampled_from([v for v in CHOICES[f] if v is not None]), unique=True,
                                    min_size=1))
                  for f in draw_(st.lists(st.sampled_from(FIELDS), unique=True, max_size=2))}
    caps = draw_(st.dictionaries(st.sampled_from(("A", "B", "C", "")), st.integers(0, 3), max_size=2))
    team = draw_(st.sampled_from((TeamSpec(1), TeamSpec(2), TeamSpec(2, {"危化": 1}))))
    return DrawRules(sample, team, strata=strata, conditions=conditions,
                     yearly_cap=draw_(st.none() | st.integers(0, 4)), class_caps=caps,
                     reserve=draw_(st.integers(0, 3)), items=None)


def manifest_of(entries: list[SubjectEntry], rules: DrawRules) -> Manifest:
    return Manifest("P", "dice", r"[1-6]{3}", WINDOW, SubjectColumns.from_entries(entries), PEOPLE, (), rules)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), plans(), st.from_regex(r"[1-6]{3}", fullmatch=True))
def test_the_draw_on_columns_is_the_plain_draw(entries: list[SubjectEntry], rules: DrawRules, dice: str) -> None:
    manifest = manifest_of(entries, rules)
    published = json.loads(manifest.canonical())
    try:
        result = draw(manifest, dice)
    except InfeasibleDrawError:
        with pytest.raises(Exception):  # noqa: B017, PT011 - the plain draw fails as well, in its own words
            independent_run(published, dice)
        return
    assert result.to_json() == independent_run(published, dice)
    assert verify(manifest, result) is None
    again = Manifest.from_json(published)  # read back as a third party reads it: the same columns, the same draw
    assert draw(again, dice) == result


@pytest.mark.parametrize("field", ["area", "sector"])
@pytest.mark.parametrize("everyone", [True, False])
def test_one_strata_field_whose_codes_are_not_in_the_order_of_first_occurrence(field: str, everyone: bool) -> None:
    """One strata field given as a registry's own columns: its codes listed out of the order their values first
    occur, null and "" (one stratum, §6) under two codes, every subject eligible or not: the strata are numbered
    and counted as the independent verifier numbers and counts them."""
    n = 400
    values: dict[str, list[str | None]] = {"area": ["411081", "411002", "411003"], "sector": ["冶金", None, "", "机械"]}
    codes = [(i * 7 + 2) % len(values[field]) for i in range(n)]
    plain = {"area": ([0] * n, ["411002"]), "domain": ([0] * n, ["工贸"]), "sector": ([0] * n, [None]),
             "subject_type": ([0] * n, ["企业"]), "industry": ([0] * n, [None]), "credit_risk": ([0] * n, [None])}
    columns = SubjectColumns.from_columns(
        ids=[f"91{i:06d}" for i in range(n)], **{**plain, field: (codes, values[field])},  # type: ignore[arg-type]
        in_existence=bytes(1 if everyone or i % 9 else 0 for i in range(n)), exempt=bytes(n), history=[0] * n)
    rules = DrawRules(Sample(ratio=(1, 10)), TeamSpec(1), strata=(field,), reserve=1)
    manifest = Manifest("P", "dice", r"[1-6]{3}", WINDOW, columns, PEOPLE, (), rules)
    result = draw(manifest, "316")
    assert result.to_json() == independent_run(json.loads(manifest.canonical()), "316")
    assert len(result.strata) == 3  # of sector too: null and "" make one stratum


def large() -> Manifest:
    """1,500 subjects in a few dozen strata of two fields, a cap, a condition, reserves."""
    entries = [SubjectEntry(f"91{i:06d}", CHOICES["area"][i % 3], CHOICES["domain"][i % 7 % 2],  # type: ignore[arg-type]
                            CHOICES["sector"][i % 4], "企业", CHOICES["industry"][i % 5 % 3],
                            CHOICES["credit_risk"][i % 11 % 4], i % 13 != 0, i % 17 == 0, i % 5)
               for i in range(1500)]
    rules = DrawRules(Sample(ratio=(1, 10)), TeamSpec(2), strata=("area", "credit_risk"),
                      conditions={"subject_type": ["企业"]}, yearly_cap=4, class_caps={"A": 2}, reserve=2)
    return manifest_of(entries, rules)


@pytest.mark.parametrize("shards", [1, 2, 3])
def test_a_sharded_draw_is_the_same_bytes(shards: int) -> None:
    manifest = large()
    whole = draw(manifest, "123")
    assert json.dumps(draw(manifest, "123", shards=shards).to_json()) == json.dumps(whole.to_json())
    assert verify(manifest, whole, shards=shards) is None
    assert whole.to_json() == independent_run(json.loads(manifest.canonical()), "123")


def test_a_sharded_draw_whose_bounds_fall_short_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = large()
    whole = draw(manifest, "456")
    monkeypatch.setattr(engine, "_threshold", lambda need, count: b"\x10")  # every stratum short: passed again
    assert draw(manifest, "456", shards=2) == whole
    assert draw(manifest, "456", shards=3) == whole


def test_more_shards_than_subjects_still_draw() -> None:
    manifest = manifest_of([SubjectEntry("91A", "411002", "工贸", None, "企业", None, None, True, False, 0)],
                           DrawRules(Sample(count=1), TeamSpec(1)))
    assert draw(manifest, "111", shards=3) == draw(manifest, "111")


@pytest.mark.parametrize("shards", [0, -1, True, 1.5])
def test_a_number_of_shards_that_is_not_a_whole_number_of_processes_is_refused(shards: object) -> None:
    with pytest.raises(InvalidInputError, match="shards"):
        draw(large(), "123", shards=shards)  # type: ignore[arg-type]


def test_draw_and_verify_share_the_seed_independent_work() -> None:
    manifest = large()
    result = draw(manifest, "123")
    memo = manifest.subjects._memo
    assert len(memo) == 2 and "utf8-ids" in memo  # the ids encoded once, for the manifest hash and the table
    made = dict(memo)
    assert verify(manifest, result) is None and draw(manifest, "654").subjects != result.subjects
    assert memo.keys() == made.keys() and all(memo[k] is made[k] for k in made)  # made once, by the first draw


def test_a_shard_that_fails_fails_the_draw_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    digests, parent = selection._digests, os.getpid()

    def failing(*args: Any) -> Any:
        if os.getpid() != parent:  # a forked process's
            raise MemoryError("no room")
        return digests(*args)
    monkeypatch.setattr(selection, "_digests", failing)
    with pytest.raises(RandomInspectionError, match="a shard of the draw failed: MemoryError: no room") as caught:
        draw(large(), "123", shards=2)
    assert not isinstance(caught.value, InvalidInputError)  # verify would read that as a refused input


def _tampered(result: DrawResult, field: str) -> DrawResult:
    """The result with one field changed as an insider would change it after the draw."""
    first, second = result.subjects[0], result.subjects[1]
    changes: dict[str, Any] = {
        "seed": "0" * 64,
        "strata": (attrs.evolve(result.strata[0], drawn=result.strata[0].drawn + 1), *result.strata[1:]),
        "subjects": (second, first, *result.subjects[2:]),
        "reserve": tuple((k, ids[:-1]) for k, ids in result.reserve),
        "teams": ((first, tuple(reversed(dict(result.teams)[first]))), *result.teams[1:]),
        "items": tuple((s, (*codes, "X9")) if s == first else (s, codes) for s, codes in result.items),
        "reordered": {"teams": tuple(reversed(result.teams)), "items": tuple(reversed(result.items)),
                      "reserve": tuple(reversed(result.reserve))},
    }
    change = changes[field]
    return attrs.evolve(result, **(change if isinstance(change, dict) else {field: change}))


@pytest.mark.parametrize("field", ["seed", "strata", "subjects", "reserve", "teams", "items", "reordered"])
def test_verify_compares_a_result_in_process_as_its_json(field: str) -> None:
    """verify compares an in-process result field by field without writing its JSON: it names the same field
    as for the result's JSON, and, as JSON objects, teams, items and reserves listed in another order are the
    same result."""
    manifest = large()
    changed = _tampered(draw(manifest, "123"), field)
    expected = None if field == "reordered" else field
    assert verify(manifest, changed) == verify(manifest, changed.to_json()) == expected
