"""Who may be drawn, to the letter: 偃师 二(二) (正式工作人员 of the units it names), 冷水滩 第九条 (a 执法证 the
区司法局 issued), 偃师 四.2 (the subject's industry: a preference that never blocks a draw) and 二(一) (an open list
of 工贸 sectors)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.io import read_inspectors, read_subjects, write_roster
from random_inspection.model import EnforcementCertificate, Inspector, Subject
from random_inspection.profiles import CATALOGUE, ProfileRegistry
from random_inspection.sampling import TeamSpec, build_manifest, draw
from random_inspection.testing.strategies import inspectors, rosters, subjects
from random_inspection.workflow import DrawPool, draw_rules, industry_teams, screen_inspectors

D = dt.date
JUNE = (D(2023, 6, 1), D(2023, 6, 30))
REGISTRY = ProfileRegistry()
YANSHI = REGISTRY.resolve("yanshi", D(2023, 6, 1))
LENGSHUITAN = REGISTRY.resolve("lengshuitan", D(2025, 6, 1))
XUCHANG = REGISTRY.resolve("xuchang", D(2025, 6, 1))
ISSUER = "冷水滩区人民政府司法局"


def person(pid: str, *, staff: bool | None = True, issuer: str | None = None, unit: str = "综合行政执法大队",
           tags: frozenset[str] = frozenset(), interests: frozenset[str] = frozenset()) -> Inspector:
    certificate = EnforcementCertificate(f"证{pid}", D(2020, 1, 1), issuer=issuer)
    return Inspector(pid, f"执法人员{pid}", unit, "yjj", certificate, specialties=tags, interests=interests,
                     regular_staff=staff)


# -- the rules, cited ----------------------------------------------------------------------------------------------

def test_the_rules_are_cited_to_their_articles() -> None:
    staff = YANSHI.rule("pool.inspectors.regular_staff")
    assert staff.value is True and staff.citation.short() == "偃应急〔2023〕18号 二(二)"
    assert staff.quote and "正式工作人员" in staff.quote
    issuer = LENGSHUITAN.rule("pool.inspectors.certificate_issuer")
    assert issuer.value == ISSUER and "第九条" in issuer.citation.short()
    assert issuer.quote and "依法核发的“行政执法证”" in issuer.quote
    assert CATALOGUE["pool.inspectors.regular_staff"].title == "正式工作人员"
    assert not XUCHANG.has("pool.inspectors.regular_staff") and not XUCHANG.has("pool.inspectors.certificate_issuer")


# -- 偃师 二(二): 正式工作人员 -------------------------------------------------------------------------------------

def test_under_yanshi_one_not_regular_staff_is_left_out_and_one_unstated_is_named() -> None:
    pool = [person("A1"), person("A2", staff=False), person("A3", staff=None)]
    screen = screen_inspectors(YANSHI, pool, JUNE)
    assert [p.id for p in screen.kept] == ["A1"]
    (out,) = screen.left_out
    assert out.inspector == "A2" and not out.in_manifest
    assert "not 正式工作人员" in out.reasons[0] and "二(二)" in out.reasons[0]
    (silent,) = screen.unstated
    assert silent.inspector == "A3" and silent.column == "正式工作人员" and "二(二)" in silent.problem
    assert "是 or 否" in silent.fix


def test_a_profile_that_does_not_ask_draws_whatever_the_roster_says() -> None:
    pool = [person("A1", staff=None), person("A2", staff=False)]
    screen = screen_inspectors(XUCHANG, pool, (D(2025, 6, 1), D(2025, 6, 30)))
    assert [p.id for p in screen.kept] == ["A1", "A2"] and screen.left_out == () and screen.unstated == ()


# -- 冷水滩 第九条: the 执法证's issuer ----------------------------------------------------------------------------

def test_under_lengshuitan_the_issuer_is_checked_where_the_roster_gives_it() -> None:
    pool = [person("L1", issuer=ISSUER), person("L2", issuer="永州市人民政府"), person("L3")]
    screen = screen_inspectors(LENGSHUITAN, pool, (D(2025, 6, 1), D(2025, 6, 30)))
    assert [p.id for p in screen.kept] == ["L1"]
    (out,) = screen.left_out
    assert out.inspector == "L2" and "永州市人民政府" in out.reasons[0] and ISSUER in out.reasons[0]
    (silent,) = screen.unstated
    assert silent.inspector == "L3" and silent.column == "发证机关" and "第九条" in silent.problem


# -- 偃师 二(二): the units reach the draw -------------------------------------------------------------------------

def test_the_units_reach_the_draw_and_the_plan_may_name_the_bureaus_own() -> None:
    rules = draw_rules(YANSHI, team_size=2, count=1)
    assert set(rules.units or ()) == {"机关行业监管科室", "综合行政执法大队"}
    named = draw_rules(YANSHI, team_size=2, count=1, units=["工贸行业安全监督管理科", "综合行政执法大队"])
    assert set(named.units or ()) == {"工贸行业安全监督管理科", "综合行政执法大队"}
    assert draw_rules(XUCHANG, team_size=2).units is None
    # matched as written: a section named for what it does is not “机关行业监管科室” until the plan says so
    screen = screen_inspectors(YANSHI, [person("U1", unit="工贸行业安全监督管理科")], JUNE)
    (out,) = screen.left_out
    assert out.in_manifest and "unit 工贸行业安全监督管理科" in out.reasons[0] and "二(二)" in out.reasons[0]
    assert screen_inspectors(YANSHI, [person("U1", unit="工贸行业安全监督管理科")], JUNE,
                             units=["工贸行业安全监督管理科"]).left_out == ()


def test_an_inspector_of_another_unit_is_never_drawn() -> None:
    subjects_, _, _ = load_demo_data()
    pool = [person("U1", unit="综合行政执法大队"), person("U2", unit="办公室"), person("U3", unit="综合行政执法大队")]
    rules = draw_rules(YANSHI, team_size=2, count=3)
    manifest = build_manifest("YS-U", "dice", r"\d", JUNE, subjects_, pool, [], rules)
    assert manifest.eligible_inspectors == {"U1", "U3"}
    result = draw(manifest, "5")
    assert all(set(team) == {"U1", "U3"} for _, team in result.teams)


# -- 偃师 四.2: the industry, a preference that never blocks -------------------------------------------------------

def test_a_sector_without_a_tagged_inspector_is_reported_not_refused() -> None:
    subjects_, _, _ = load_demo_data()
    pool = DrawPool(subjects_, [person("I1", tags=frozenset({"机械"})), person("I2"), person("I3")], JUNE)
    found = industry_teams(YANSHI, pool, 2)
    assert found.teams == {"机械": TeamSpec(2, (("机械", 1),))}
    assert len(found.unmet) == 5 and all("四.2" in u for u in found.unmet)
    assert any("no eligible inspector is tagged 纺织" in u for u in found.unmet)
    rules = draw_rules(YANSHI, team_size=2, ratio=Fraction(1, 2), conditions={"domain": ["工贸"]}, pool=pool)
    result = draw(build_manifest("YS-I", "dice", r"\d", JUNE, subjects_, pool.inspectors, [], rules), "3")
    sector_of = {s.uscc: s.sector_name for s in subjects_}
    assert result.subjects
    for sid, team in result.teams:
        assert len(team) == 2
        if sector_of[sid] == "机械":
            assert "I1" in team


def test_a_tagged_inspector_with_an_interest_does_not_make_the_draw_fail() -> None:
    subjects_, _, _ = load_demo_data()
    machines = [s.uscc for s in subjects_ if s.sector_name == "机械"]
    pool = DrawPool(subjects_, [person("I1", tags=frozenset({"机械"}), interests=frozenset(machines[:1])),
                                person("I2")], JUNE)
    found = industry_teams(YANSHI, pool, 1)
    assert "机械" not in found.teams
    assert any(machines[0] in u for u in found.unmet)


def test_without_the_pool_no_industry_rule_is_set_and_a_plan_may_give_its_own() -> None:
    assert draw_rules(YANSHI, team_size=2, count=1).team_by_sector == ()
    own = draw_rules(YANSHI, team_size=2, count=1, sector_teams={"冶金": TeamSpec(3, (("冶金", 2),))})
    assert own.team_by_sector == (("冶金", TeamSpec(3, (("冶金", 2),))),)


SECTORS = ("冶金", "机械", "纺织", "烟草")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rosters(subjects(domains=["工贸"]), min_size=1, max_size=12),
    rosters(inspectors(valid_on=D(2023, 6, 1), specialties=SECTORS), min_size=1, max_size=8),
    st.data(),
)
def test_the_industry_preference_never_makes_a_draw_fail(subjects_: list[Subject], people: list[Inspector],
                                                         data: st.DataObject) -> None:
    """Whatever the tags and interests, a 偃师 draw is never refused for the industry; every sector that the pool
    can serve gets its tagged member."""
    subjects_ = [attrs.evolve(s, sector=data.draw(st.sampled_from(SECTORS))) for s in subjects_]
    codes = [s.uscc for s in subjects_]
    people = [attrs.evolve(p, department="yjj", certificate=attrs.evolve(p.certificate, valid_until=None),
                           interests=data.draw(st.frozensets(st.sampled_from(codes), max_size=3)))
              for p in people]
    people.append(person("ZZ9999", unit="执法监察支队"))  # one free of every interest: the team can be filled
    units = ["执法监察支队", "综合行政执法大队", "工贸行业安全监督管理科"]
    pool = DrawPool(subjects_, people, JUNE)
    rules = draw_rules(YANSHI, team_size=1, ratio=Fraction(1, 1), units=units, pool=pool)
    result = draw(build_manifest("YS-P", "dice", r"\d", JUNE, subjects_, people, [], rules), "7")
    tags = {p.id: p.specialties for p in people}
    by_sector = dict(rules.team_by_sector)
    sector_of = {s.uscc: s.sector_name for s in subjects_}
    for sid, team in result.teams:
        if sector_of[sid] in by_sector:
            assert any(sector_of[sid] in tags[m] for m in team)
    for sector in set(sector_of.values()):
        mine = [s for s in codes if sector_of[s] == sector]
        servable = all(any(sector in p.specialties and s not in p.interests for p in people) for s in mine)
        assert (sector in by_sector) == servable, sector


# -- 偃师 二(一): the list of sectors is open ----------------------------------------------------------------------

def test_a_subject_of_another_gongmao_sector_is_read_and_drawn(tmp_path: object) -> None:
    from pathlib import Path
    folder = Path(str(tmp_path))
    base = load_demo_data()[0][0]
    other = attrs.evolve(base, sector="烟草")
    assert other.sector == "烟草" and other.sector_name == "烟草"
    path = write_roster(folder / "subjects.csv", "subjects", [other])
    read = read_subjects(path)
    assert read.problems == () and read.records[0].sector_name == "烟草"
    pool = DrawPool([other], [person("T1", tags=frozenset({"烟草"})), person("T2")], JUNE)
    rules = draw_rules(YANSHI, team_size=2, count=1, pool=pool)
    assert dict(rules.team_by_sector)["烟草"] == TeamSpec(2, (("烟草", 1),))
    result = draw(build_manifest("YS-T", "dice", r"\d", JUNE, [other], pool.inspectors, [], rules), "2")
    assert result.subjects == (other.uscc,) and "T1" in dict(result.teams)[other.uscc]


# -- the roster column ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "value"), [("是", True), ("否", False), ("", None), ("Y", True), ("0", False)])
def test_the_regular_staff_column_is_read_and_written_back(tmp_path: object, cell: str, value: bool | None) -> None:
    from pathlib import Path
    path = Path(str(tmp_path)) / "inspectors.csv"
    path.write_text("人员编号,姓名,单位,部门代码,执法证号,执法证发证日期,是否正式工作人员\n"
                    f"A1,执法人员01,综合行政执法大队,yjj,证1,2023-01-01,{cell}\n", encoding="utf-8")
    read = read_inspectors(path)
    assert read.problems == () and read.records[0].regular_staff is value
    again = read_inspectors(write_roster(Path(str(tmp_path)) / "again.xlsx", "inspectors", read.records))
    assert again.records == read.records


def test_a_cell_neither_yes_nor_no_is_a_problem_of_its_row(tmp_path: object) -> None:
    from pathlib import Path
    path = Path(str(tmp_path)) / "inspectors.csv"
    path.write_text("人员编号,姓名,单位,部门代码,执法证号,执法证发证日期,正式工作人员\n"
                    "A1,执法人员01,综合行政执法大队,yjj,证1,2023-01-01,临聘\n", encoding="utf-8")
    (problem,) = read_inspectors(path).problems
    assert problem.row == 2 and problem.column == "正式工作人员"
