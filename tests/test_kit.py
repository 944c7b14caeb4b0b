"""The conformance kit itself: scenarios report every unmet expectation, the base class catches a broken
profile, and the hypothesis strategies make valid data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import DataError, ProfileError
from random_inspection.model import Document, Inspector, Jurisdiction, Subject, validate_id_number, validate_uscc
from random_inspection.profiles import Profile, ProfileRegistry, Rule, TeamRule, hookimpl
from random_inspection.testing import ProfileConformance, load_scenario, run_scenario
from random_inspection.testing.scenarios import parse_scenario
from random_inspection.testing.strategies import id_numbers, inspectors, rosters, subjects, usccs
from random_inspection.timelimits import WorkingDays

WRONG = """
profile = "xuchang"
[events]
ended = 2025-09-30
[[deadline]]
rule = "limit.feedback"
from = "ended"
due = 2025-10-13
[[rule]]
key = "draw.min_ratio"
value = "1/5"
[[result]]
number = 2
label = "存在违法违规行为"
[[team]]
domain = "工贸"
members = [[]]
ok = false
[[absent]]
keys = ["limit.feedback"]
[[rule]]
key = "frequency.yearly_cap"
"""


def test_a_wrong_scenario_reports_every_unmet_expectation(tmp_path: Path) -> None:
    path = tmp_path / "scenario_wrong.toml"
    path.write_text(WRONG, encoding="utf-8")
    failures = run_scenario(load_scenario(path))
    assert len(failures) == 6
    assert failures[0].startswith("deadline[0]: limit.feedback from 2025-09-30: expected due 2025-10-13")
    assert "expected '1/5', got '1/10'" in failures[1]
    assert "no profile of xuchang → henan → national sets frequency.yearly_cap" in failures[2]
    assert "expected '存在违法违规行为'" in failures[3]
    assert "expected the team to be refused" in failures[4]
    assert "expected absent, but set: limit.feedback" in failures[5]


TYPOS = """
profile = "xuchang"
[events]
ended = 2025-09-30
[[deadline]]
rul = "limit.feedback"
from = "no_such_event"
[[deadline]]
rule = "draw.min_ratio"
from = "ended"
due = "20251014"
provisonal = true
[[rule]]
key = "draw.min_ratio"
vlaue = "1/2"
[[absent]]
keys = ["limit.feedbak"]
[[team]]
domain = "非煤矿"
members = [[]]
ok = "false"
"""


def test_typos_in_a_scenario_are_reported_when_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "scenario_typos.toml"
    path.write_text(TYPOS, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_scenario(path)
    paths = [i.path.split(":", 1)[1] for i in info.value.issues]
    for expected in ("$.deadline[0].rul", "$.deadline[0].rule", "$.deadline[0].due", "$.deadline[0].from",
                     "$.deadline[1].due", "$.deadline[1].provisonal", "$.deadline[1].rule", "$.rule[0].vlaue",
                     "$.absent[0]", "$.team[0].ok", "$.team[0].domain"):
        assert expected in paths, expected


def test_an_empty_scenario_or_an_unknown_profile_fails(tmp_path: Path) -> None:
    path = tmp_path / "scenario_empty.toml"
    path.write_text('profile = "xuchagn"\n', encoding="utf-8")
    with pytest.raises(DataError, match="expects nothing"):
        load_scenario(path)
    path.write_text('profile = "xuchagn"\n[[absent]]\nkeys = ["team.rules"]\nas_of = 2025-01-01\n', encoding="utf-8")
    (failure,) = run_scenario(load_scenario(path))
    assert "profile 'xuchagn' is not loaded" in failure


@pytest.mark.parametrize(
    ("data", "path"),
    [({"events": {}}, "$.profile"), ({"profile": "x", "events": {"a": "soon"}}, "$.events.a"),
     ({"profile": "x", "extra": 1}, "$.extra")],
)
def test_malformed_scenarios(data: dict[str, object], path: str) -> None:
    with pytest.raises(DataError) as info:
        parse_scenario(data, source="s.toml")
    assert info.value.issues[0].path == f"s.toml:{path}"


def test_pytest_collects_scenario_files_once_asked(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", scenario_ok='profile = "xuchang"\n[events]\ne = 2025-09-30\n'
                      '[[deadline]]\nrule = "limit.feedback"\nfrom = "e"\ndue = 2025-10-14\n')
    pytester.makefile(".toml", scenario_bad='profile = "xuchang"\n[events]\ne = 2025-09-30\n'
                      '[[deadline]]\nrule = "limit.feedback"\nfrom = "e"\ndue = 2025-10-15\n')
    pytester.makefile(".toml", scenario_broken='profile = "xuchang"\n[events]\ne = "soon"\n')
    assert pytester.runpytest().ret == pytest.ExitCode.NO_TESTS_COLLECTED  # not collected unless asked
    pytester.makeini("[pytest]\nrandom_inspection_scenarios = scenario*.toml\n")
    result = pytester.runpytest()  # the kit is a pytest11 plugin of the installed library
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*1 expectation(s) not met*", "*expected due 2025-10-15*",
                                 "*cannot read scenario*events.e*"])
    assert len(result.stdout.lines) < 60  # a broken file is one clear message, not pages of pytest internals


def test_the_guide_works_through_pytest(pytester: pytest.Pytester) -> None:
    """docs/profiles.md steps 1-3 exactly: a folder profile, a conformance class, a scenario file."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "profiles.md").read_text(encoding="utf-8")

    def block(after: str, lang: str) -> str:
        start = doc.index(after)
        return doc[start:].split(f"```{lang}\n", 1)[1].split("```", 1)[0]

    pytester.mkdir("my-profiles")
    (pytester.path / "my-profiles" / "weidu.py").write_text(block("**1. Write the profile**", "python"),
                                                           encoding="utf-8")
    pytester.makepyfile(test_weidu=block("**2. Test it with the kit.**", "python"))
    (pytester.path / "scenario_weidu.toml").write_text(block("**3. Write scenarios**", "toml"), encoding="utf-8")
    pytester.makeini(block("which files are scenario files", "ini"))
    result = pytester.runpytest()
    result.assert_outcomes(passed=10)  # the kit's nine tests and the scenario


DOC = Document("测试文件")
_NOT_A_COUNTY_PARENT = Jurisdiction("411002", "魏都区", "县区", "411000")


def _registry_with(profile: Profile) -> ProfileRegistry:
    @hookimpl
    def random_inspection_profile() -> Profile:
        return profile

    plugin = SimpleNamespace(random_inspection_profile=random_inspection_profile)
    return ProfileRegistry(plugins=[(profile.code, plugin)])


class TestTheBaseClassCatchesBrokenProfiles:
    def kit(self, profile: Profile) -> ProfileConformance:
        class Case(ProfileConformance):
            profile_code = profile.code
            as_of = (dt.date(2025, 1, 1),)

        Case._registry_cache = _registry_with(profile)  # type: ignore[attr-defined]
        return Case()

    def test_a_parent_governing_another_area(self) -> None:
        wrong = Profile("weidu", "魏都区", _NOT_A_COUNTY_PARENT, "hebi", (DOC,))  # 411000 is 许昌, not 鹤壁
        with pytest.raises(AssertionError, match="lies under 411000"):
            self.kit(wrong).test_profile_loads_with_a_chain_to_the_national_root()

    def test_a_rule_citing_another_document(self) -> None:
        other = Document("另一文件")
        rule = Rule("limit.feedback", WorkingDays(3), other.cite("第一条"))
        with pytest.raises(ProfileError, match="a document the profile does not declare"):
            Profile("weidu", "魏都区", _NOT_A_COUNTY_PARENT, "xuchang", (DOC,), (rule,))

    def test_a_document_date_given_bare(self) -> None:
        bare = Document("裸日期文件", effective_from=dt.date(2020, 1, 1))
        wrong = Profile("weidu", "魏都区", _NOT_A_COUNTY_PARENT, "xuchang", (bare,))
        with pytest.raises(AssertionError, match="without the document's words"):
            self.kit(wrong).test_every_document_date_says_where_it_comes_from()

    def test_a_profile_out_of_force_on_the_dates_tested(self) -> None:
        old = Document("旧文件", effective_until=dt.date(2020, 12, 31))
        wrong = Profile("weidu", "魏都区", _NOT_A_COUNTY_PARENT, "xuchang", (old,))
        with pytest.raises(AssertionError, match="not in force"):
            self.kit(wrong).test_the_profile_is_in_force_on_the_dates_tested()

    def test_a_team_rule_checked_by_a_hook_no_pool_can_meet(self) -> None:
        rule = Rule("team.rules", (TeamRule(2, None, (("非煤矿山", 1),)),), DOC.cite("第一条"))
        profile = Profile("weidu", "魏都区", _NOT_A_COUNTY_PARENT, "xuchang", (DOC,), (rule,))

        @hookimpl
        def random_inspection_profile() -> Profile:
            return profile

        @hookimpl
        def random_inspection_check_team(profile: object, team: object, subject: object, items: object) -> list[str]:
            return ["no team is ever good enough"]

        class Case(ProfileConformance):
            profile_code = "weidu"
            as_of = (dt.date(2025, 1, 1),)

        Case._registry_cache = ProfileRegistry(plugins=[("weidu", SimpleNamespace(  # type: ignore[attr-defined]
            random_inspection_profile=random_inspection_profile,
            random_inspection_check_team=random_inspection_check_team))])
        with pytest.raises(AssertionError, match="no pool can meet"):
            Case().test_team_rules_can_be_met_by_some_pool()


class TestStrategies:
    @given(usccs())
    def test_usccs_validate(self, code: str) -> None:
        assert validate_uscc(code) == code

    @given(id_numbers())
    def test_id_numbers_validate(self, number: str) -> None:
        assert validate_id_number(number) == number

    @given(subjects(domains=["非煤矿山"], areas=["431103"]))
    def test_subjects_follow_their_arguments(self, subject: Subject) -> None:
        assert subject.domain.value == "非煤矿山"
        assert subject.area_code == "431103"
        assert subject.in_existence

    @given(inspectors(valid_on=dt.date(2026, 5, 1)))
    def test_inspectors_are_eligible_on_the_day_asked(self, person: Inspector) -> None:
        person.require_eligible(dt.date(2026, 5, 1))

    @given(rosters(inspectors(), min_size=2, max_size=12))
    def test_rosters_have_unique_ids(self, roster: list[Inspector]) -> None:
        assert len({p.id for p in roster}) == len(roster)

    @given(rosters(subjects(existing=None)), st.data())
    def test_subject_rosters_have_unique_codes(self, roster: list[Subject], data: st.DataObject) -> None:
        assert len({s.uscc for s in roster}) == len(roster)


@given(subjects(existing=False))
def test_subjects_not_existing_are_never_existing(subject: Subject) -> None:
    assert not subject.in_existence


def test_plan_facts_refuse_impossible_numbers() -> None:
    from random_inspection.errors import InvalidInputError
    from random_inspection.profiles import PlanFacts

    with pytest.raises(InvalidInputError, match="pool of 3"):
        PlanFacts(3, 4)
    with pytest.raises(InvalidInputError, match="pool_size"):
        PlanFacts(-1, 0)


def test_marks_and_permissions_are_checked_and_can_fail(tmp_path: Path) -> None:
    """A scenario's rule marks (reading, open list, qualifier) and its permissions fail when the profile says
    otherwise, each failure naming what it expected and what the profile gives."""
    path = tmp_path / "scenario_marks.toml"
    path.write_text(
        'profile = "xuchang"\n[events]\ne = 2024-06-03\n'
        '[[rule]]\nkey = "limit.feedback"\nreading = true\nqualifier = "原则上"\n'
        '[[rule]]\nkey = "draw.types"\nopen_list = true\n'
        '[[permission]]\naction = "draw"\nrole = "执法检查人员"\nallowed = true\n'
        '[[permission]]\naction = "draw"\nrole = "承办股室"\nallowed = true\n', encoding="utf-8")
    failures = run_scenario(load_scenario(path))
    assert len(failures) == 4, failures
    assert "expected a reading, got none" in failures[0]
    assert "expected qualifier '原则上', got None" in failures[1]
    assert "expected open_list=True, got False" in failures[2]
    assert "draw by 执法检查人员: expected allowed, got refused (许应急〔2023〕14号 第十条、第十三条)" in failures[3]


def test_a_permission_names_a_known_action_and_role() -> None:
    with pytest.raises(DataError) as info:
        parse_scenario({"profile": "xuchang", "events": {"e": "2024-06-03"},
                        "permission": [{"action": "dance", "role": "局长", "allowed": True}],
                        "rule": [{"key": "draw.types", "qualifier": 1}]}, source="s.toml")
    paths = {i.path for i in info.value.issues}
    assert {"s.toml:$.permission[0].action", "s.toml:$.permission[0].role", "s.toml:$.rule[0].qualifier"} <= paths
