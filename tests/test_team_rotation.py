"""The teams of §7 built as a rotation of the pools (sampling/rotation.py), where nothing but the loads decides,
against the step-by-step pool of the engine, on random pools, departments, team rules, tags and interests: the
same teams member for member, or the same refusal."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import InfeasibleDrawError
from random_inspection.sampling import DrawRules, Manifest, Sample, TeamSpec, draw, engine
from random_inspection.sampling.columns import SubjectColumns
from random_inspection.sampling.manifest import InspectorEntry

WINDOW = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
DOMAINS = ["工贸", "危化"]
SECTORS = ["机械", None]


def snapshot(domains: list[int], sectors: list[int]) -> SubjectColumns:
    n = len(domains)
    return SubjectColumns.from_columns(
        ids=[f"91{i:016d}" for i in range(n)], area=([0] * n, ["410000"]), domain=(domains, DOMAINS),
        sector=(sectors, SECTORS), subject_type=([0] * n, ["企业"]), industry=([0] * n, [None]),
        credit_risk=([0] * n, ["A"]), in_existence=b"\x01" * n, exempt=b"\x00" * n, history=[0] * n)


@st.composite
def manifests(draw_: st.DrawFn) -> Manifest:
    n = draw_(st.integers(1, 40))
    columns = snapshot(draw_(st.lists(st.integers(0, 1), min_size=n, max_size=n)),
                       draw_(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    ids = columns.ids
    departments = draw_(st.sampled_from([(), ("yjj",), ("yjj", "zjj")]))
    people = []
    for i in range(draw_(st.integers(0, 9))):
        tags = tuple(sorted(draw_(st.sets(st.sampled_from(["冶金", "机械"]), max_size=1))))
        interests = tuple(sorted(draw_(st.sets(st.sampled_from(ids), max_size=2)))) \
            if draw_(st.integers(0, 4)) == 0 else ()
        people.append(InspectorEntry(f"I{i:03d}", draw_(st.sampled_from(["yjj", "zjj"])), tags, interests))
    size = st.integers(1, 4)
    team = TeamSpec(draw_(size))
    by_domain = draw_(st.sampled_from([(), (("危化", TeamSpec(team.size)),), (("危化", TeamSpec(2)),)]))
    by_sector = draw_(st.sampled_from([(), (("机械", TeamSpec(team.size)),), (("机械", TeamSpec(1, (("机械", 1),))),)]))
    rules = DrawRules(Sample(ratio=(draw_(st.integers(1, 10)), 10)), team, departments=departments,
                      team_by_domain=by_domain, team_by_sector=by_sector)
    return Manifest("ROTATION", "a word", r"\w+", WINDOW, columns, tuple(people), (), rules)


def outcome(manifest: Manifest) -> object:
    try:
        return draw(manifest, "word").teams
    except InfeasibleDrawError as exc:
        return ("refused", str(exc))


@settings(max_examples=300, deadline=None)
@given(manifests())
def test_the_rotation_gives_the_teams_of_the_pool(manifest: Manifest) -> None:
    with mock.patch.object(engine, "_rotating_size", return_value=None):
        step_by_step = outcome(manifest)
    assert outcome(manifest) == step_by_step


def test_the_rotation_is_taken_only_where_nothing_but_the_loads_decides() -> None:
    columns = snapshot([0] * 30, [1] * 30)
    people = tuple(InspectorEntry(f"I{i:03d}", "yjj", (), ()) for i in range(4))
    plain = Manifest("ROTATION", "a word", r"\w+", WINDOW, columns, people, (), DrawRules(Sample(ratio=(1, 1)),
                                                                                         TeamSpec(3)))
    taken = mock.patch.object(engine, "rotated_teams", wraps=engine.rotated_teams)
    with taken as rotated:
        teams = draw(plain, "word").teams
    assert rotated.call_count == 1
    assert all(len(set(t)) == 3 for _, t in teams)
    loads = [sum(p in t for _, t in teams) for p in ("I000", "I001", "I002", "I003")]
    assert sorted(loads) == [22, 22, 23, 23]  # 90 places over 4: never more than one apart
    interested = (InspectorEntry("I000", "yjj", (), (columns.ids[5],)), *people[1:])
    tagged = DrawRules(Sample(ratio=(1, 1)), TeamSpec(3, (("机械", 1),)))
    too_big = DrawRules(Sample(ratio=(1, 1)), TeamSpec(5))
    for manifest, refused in ((Manifest("ROTATION", "a word", r"\w+", WINDOW, columns, interested, (), plain.rules),
                               False),
                              (Manifest("ROTATION", "a word", r"\w+", WINDOW, columns, people, (), tagged), True),
                              (Manifest("ROTATION", "a word", r"\w+", WINDOW, columns, people, (), too_big), True)):
        with taken as rotated:
            if refused:  # no inspector carries the tag; a team of 5 from 4
                with pytest.raises(InfeasibleDrawError):
                    draw(manifest, "word")
            else:
                assert len(draw(manifest, "word").teams) == 30
        assert rotated.call_count == 0
