"""From a profile's cited rules to a draw: the integers draw-v1 uses come from the profile, and the teams it
makes pass the profile's own team check."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest

from random_inspection.demo import _load
from random_inspection.errors import InvalidInputError
from random_inspection.model import ChecklistItem, Inspector, Subject, structure
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import Sample, TeamSpec, build_manifest, draw
from random_inspection.workflow import DrawPool, draw_rules

D = dt.date


@pytest.fixture(scope="module")
def registry() -> ProfileRegistry:
    return ProfileRegistry()


def test_xuchang_ratio_floor_and_area_balance(registry: ProfileRegistry) -> None:
    rules = draw_rules(registry.resolve("xuchang", D(2025, 3, 1)), team_size=2)
    assert rules.sample == Sample(ratio=(1, 10))
    assert rules.strata == ("area",)
    assert rules.yearly_cap is None
    with pytest.raises(InvalidInputError, match="under the floor 1/10"):
        draw_rules(registry.resolve("xuchang", D(2025, 3, 1)), team_size=2, ratio=Fraction(1, 20))
    directed = draw_rules(registry.resolve("xuchang", D(2025, 3, 1)), team_size=2,
                          conditions={"domain": ["危险化学品"]})
    assert directed.strata == ()
    assert directed.conditions == (("domain", ("危险化学品",)),)


def test_lengshuitan_cap_and_non_coal_mine_team(registry: ProfileRegistry) -> None:
    rules = draw_rules(registry.resolve("lengshuitan", D(2025, 3, 1)), team_size=3, ratio=Fraction(1, 5))
    assert rules.yearly_cap == 4
    assert rules.team_for("非煤矿山") == TeamSpec(2, (("非煤矿山", 1),))
    assert rules.team_for("危险化学品") == TeamSpec(3)


def test_hebi_one_enterprise_two_departments(registry: ProfileRegistry) -> None:
    rules = draw_rules(registry.resolve("hebi", D(2020, 7, 10)), team_size=1)
    assert rules.sample == Sample(count=1)
    assert rules.departments == ("yjj", "scjgj")
    with pytest.raises(InvalidInputError, match="not the 1"):
        draw_rules(registry.resolve("hebi", D(2020, 7, 10)), team_size=1, count=2)


def test_shijiazhuang_ratios_by_credit_class(registry: ProfileRegistry) -> None:
    ratios = {"A": Fraction(1, 20), "B": Fraction(1, 10), "C": Fraction(1, 5), "D": Fraction(1, 2)}
    rules = draw_rules(registry.resolve("shijiazhuang", D(2024, 5, 1)), team_size=2, credit_ratios=ratios)
    assert rules.strata == ("credit_risk",)
    assert rules.sample.ratio_by == "credit_risk"


def test_a_lengshuitan_draw_end_to_end(registry: ProfileRegistry) -> None:
    profile = registry.resolve("lengshuitan", D(2026, 12, 1))
    subjects = structure(_load("subjects.json"), list[Subject])
    inspectors = structure(_load("inspectors.json"), list[Inspector])
    checklist = structure(_load("checklist.json"), list[ChecklistItem])
    window = (D(2026, 12, 1), D(2026, 12, 31))
    history = {s.uscc: 4 for s in subjects[:3]}
    manifest = build_manifest("LST-2026-12", "four dice", r"[1-6]( [1-6]){3}", window, subjects, inspectors, checklist,
                              draw_rules(profile, team_size=2, ratio=Fraction(1, 2), items=2), history=history)
    result = draw(manifest, "4 2 6 1")
    by_code = {s.uscc: s for s in subjects}
    people = {p.id: p for p in inspectors}
    assert subjects[0].uscc not in result.subjects and subjects[1].uscc not in result.subjects  # at the cap
    for sid, team in result.teams:
        members = tuple(people[m] for m in team)
        assert profile.check_team(members, by_code[sid], on=window[0]) == []


def test_floats_and_contradictions_are_refused(registry: ProfileRegistry) -> None:
    with pytest.raises(InvalidInputError, match="not a Fraction"):
        draw_rules(registry.resolve("xuchang", D(2025, 3, 1)), team_size=2, ratio=0.1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="fixes the count"):
        draw_rules(registry.resolve("hebi", D(2020, 7, 10)), team_size=1, credit_ratios={"A": Fraction(1, 2)})


def test_a_yanshi_draw_follows_the_industry(registry: ProfileRegistry) -> None:
    """偃师 四.2: each 工贸 subject's team has an inspector of its own sector where the pool has one; the plan may
    set its own rule."""
    yanshi = registry.resolve("yanshi", D(2023, 6, 1))
    subjects = [s for s in structure(_load("subjects.json"), list[Subject]) if s.sector is not None]
    sectors = sorted({s.sector_name for s in subjects if s.sector_name})
    people = [attrs.evolve(p, specialties={sectors[i % 6]}, regular_staff=True)
              for i, p in enumerate(structure(_load("inspectors.json"), list[Inspector]))]
    window = (D(2023, 6, 1), D(2023, 6, 30))
    rules = draw_rules(yanshi, team_size=2, ratio=Fraction(1, 3), conditions={"domain": ["工贸"]},
                       units=sorted({p.unit for p in people}), pool=DrawPool(subjects, people, window))
    assert dict(rules.team_by_sector)["冶金"] == TeamSpec(2, (("冶金", 1),))
    assert len(rules.team_by_sector) == 6
    manifest = build_manifest("YS-2023", "dice", r"\d", window, subjects, people, [], rules)
    result = draw(manifest, "4")
    tags = {p.id: p.specialties for p in people}
    sector_of = {s.uscc: s.sector_name for s in subjects}
    assert result.subjects
    for sid, team in result.teams:
        assert len(team) == 2
        assert any(sector_of[sid] in tags[m] for m in team), (sid, team)
    own = draw_rules(yanshi, team_size=2, count=1, sector_teams={"冶金": TeamSpec(3, (("冶金", 2),))})
    assert own.team_by_sector == (("冶金", TeamSpec(3, (("冶金", 2),))),)
