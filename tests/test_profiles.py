"""Profile mechanics: discovery, blocking, hook validation, resolution along the parent chain, dates, explain."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import textwrap
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest

from random_inspection.errors import InvalidInputError, ProfileError
from random_inspection.model import (
    ChecklistItem,
    Document,
    EnforcementCertificate,
    EnforcementDomain,
    Inspector,
    Jurisdiction,
    Subject,
)
from random_inspection.profiles import (
    CATALOGUE,
    Event,
    PlanFacts,
    Profile,
    ProfileRegistry,
    Rule,
    TeamRule,
    hookimpl,
)
from random_inspection.timelimits import Days, WorkingDays
from random_inspection_profiles.layers import PROVINCES

D = dt.date
BUREAUS = {"xuchang": "henan", "lengshuitan": "yongzhou", "shijiazhuang": "hebei", "hebi": "henan", "yanshi": "luoyang"}
DOC = Document("测试文件", doc_number="测试〔2025〕1号", effective_from=D(2025, 1, 1))


def plugin(profile: Profile, **hooks: object) -> object:
    """A plugin object declaring ``profile``, with extra hook implementations."""

    @hookimpl
    def random_inspection_profile() -> Profile:
        return profile

    marked = {name: hookimpl(fn) for name, fn in hooks.items()}
    return SimpleNamespace(random_inspection_profile=random_inspection_profile, **marked)


def sixth(code: str = "sixth", parent: str = "xuchang", rules: tuple[Rule, ...] = ()) -> Profile:
    return Profile(code, "魏都区应急管理局", Jurisdiction("411002", "魏都区", "县区", "411000"), parent, (DOC,), rules)


@pytest.fixture(scope="module")
def registry() -> ProfileRegistry:
    return ProfileRegistry()


class TestDiscovery:
    def test_the_five_bureaus_and_their_layers_come_through_entry_points(self, registry: ProfileRegistry) -> None:
        provinces = {layer.declaration.code for layer in PROVINCES}  # tests/test_provinces.py checks each
        assert set(BUREAUS) | {"national", "luoyang", "yongzhou"} | provinces == set(registry.profiles)
        for code, parent in BUREAUS.items():
            assert registry.profile(code).parent == parent
        assert [p.code for p in registry.chain("yanshi")] == ["yanshi", "luoyang", "henan", "national"]
        assert [p.code for p in registry.chain("lengshuitan")] == ["lengshuitan", "yongzhou", "hunan", "national"]
        assert [p.code for p in registry.chain("shijiazhuang")] == ["shijiazhuang", "hebei", "national"]

    def test_each_registry_is_its_own(self) -> None:
        extra = ProfileRegistry(plugins=[("sixth", plugin(sixth()))])
        assert "sixth" in extra.profiles
        assert "sixth" not in ProfileRegistry().profiles

    def test_blocking(self) -> None:
        registry = ProfileRegistry(blocked=["hebi"])
        assert "hebi" not in registry.profiles
        with pytest.raises(ProfileError, match="no profile 'hebi'"):
            registry.profile("hebi")

    def test_blocking_a_parent_breaks_its_children_loudly(self) -> None:
        with pytest.raises(ProfileError, match="names the parent 'luoyang'"):
            ProfileRegistry(blocked=["luoyang"])

    def test_local_folder(self, tmp_path: Path) -> None:
        (tmp_path / "weidu.py").write_text(textwrap.dedent("""
            from random_inspection.model import Document, Jurisdiction
            from random_inspection.profiles import Profile, Rule, hookimpl
            from random_inspection.timelimits import WorkingDays

            DOC = Document("测试文件", doc_number="测试〔2025〕2号")

            @hookimpl
            def random_inspection_profile():
                return Profile("weidu", "魏都区应急管理局", Jurisdiction("411002", "魏都区", "县区", "411000"),
                               "xuchang", (DOC,), (Rule("limit.publication", WorkingDays(3), DOC.cite("第一条")),))
        """), encoding="utf-8")
        registry = ProfileRegistry(folders=[tmp_path])
        resolved = registry.resolve("weidu", D(2025, 6, 1))
        assert resolved.value("limit.publication") == WorkingDays(3)
        assert resolved.rule("limit.feedback").source == "xuchang"

    def test_a_throwaway_installed_package_is_found_through_the_entry_point_group(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        (tmp_path / "sixth_profile.py").write_text(textwrap.dedent("""
            from random_inspection.model import Document, Jurisdiction
            from random_inspection.profiles import Profile, hookimpl

            @hookimpl
            def random_inspection_profile():
                return Profile("sixth", "魏都区应急管理局", Jurisdiction("411002", "魏都区", "县区", "411000"),
                               "xuchang", (Document("测试文件"),), ())
        """), encoding="utf-8")
        info = tmp_path / "sixth_profile-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sixth-profile\nVersion: 0.1\n", encoding="utf-8")
        (info / "entry_points.txt").write_text(
            "[random_inspection.profiles]\nsixth = sixth_profile\n", encoding="utf-8"
        )
        monkeypatch.syspath_prepend(str(tmp_path))
        registry = ProfileRegistry()
        assert [p.code for p in registry.chain("sixth")] == ["sixth", "xuchang", "henan", "national"]
        assert registry.resolve("sixth", D(2025, 1, 1)).rule("limit.feedback").source == "xuchang"
        sys.modules.pop("sixth_profile", None)


class TestRefusals:
    def test_a_misspelled_hook_is_an_error(self) -> None:
        bad = plugin(sixth(), random_inspection_chek_team=lambda profile, team, subject, items: [])
        with pytest.raises(ProfileError, match="random_inspection_chek_team"):
            ProfileRegistry(plugins=[("bad", bad)])

    def test_a_hook_with_a_wrong_parameter_is_an_error(self) -> None:
        bad = plugin(sixth(), random_inspection_check_team=lambda profile, crew, subject, items: [])
        with pytest.raises(ProfileError, match="crew"):
            ProfileRegistry(plugins=[("bad", bad)])

    def test_two_profiles_for_one_jurisdiction(self) -> None:
        other = Profile("other", "另一机关", Jurisdiction("411000", "许昌市", "市", "410000"), "henan")
        with pytest.raises(ProfileError, match="jurisdiction 411000"):
            ProfileRegistry(plugins=[("other", plugin(other))])

    def test_two_profiles_with_one_code(self) -> None:
        with pytest.raises(ProfileError, match="code xuchang"):
            ProfileRegistry(plugins=[("dup", plugin(sixth(code="xuchang", parent="henan")))])

    def test_a_parent_loop(self) -> None:
        a = Profile("aa", "甲", Jurisdiction("411002", "魏都区", "县区", "411000"), "bb")
        b = Profile("bb", "乙", Jurisdiction("411003", "建安区", "县区", "411000"), "aa")
        with pytest.raises(ProfileError, match="loops"):
            ProfileRegistry(entry_points=False, plugins=[("aa", plugin(a)), ("bb", plugin(b))])

    def test_a_hook_returning_something_else(self) -> None:
        @hookimpl
        def random_inspection_profile() -> object:
            return {"code": "sixth"}

        with pytest.raises(ProfileError, match="not a Profile"):
            ProfileRegistry(plugins=[("x", SimpleNamespace(random_inspection_profile=random_inspection_profile))])

    def test_unknown_rule_key(self) -> None:
        with pytest.raises(InvalidInputError, match=r"unknown rule key 'limit\.publish'"):
            Rule("limit.publish", WorkingDays(5), DOC.cite("第一条"))

    @pytest.mark.parametrize(
        ("key", "value"),
        [("limit.feedback", 5), ("draw.min_ratio", 0.1), ("draw.min_ratio", Fraction(3, 2)),
         ("frequency.yearly_cap", 0), ("team.leader", "是"), ("disclosure.platforms", "平台"),
         ("disclosure.platforms", ())],
    )
    def test_values_of_the_wrong_kind(self, key: str, value: object) -> None:
        with pytest.raises(InvalidInputError, match=f"rule {re.escape(key)}"):
            Rule(key, value, DOC.cite("第一条"))

    def test_a_rule_set_twice(self) -> None:
        rule = Rule("limit.feedback", WorkingDays(5), DOC.cite("第一条"))
        with pytest.raises(ProfileError, match="set twice"):
            sixth(rules=(rule, rule))

    def test_team_rule_quotas_cannot_exceed_the_size(self) -> None:
        with pytest.raises(InvalidInputError, match="quotas"):
            TeamRule(2, None, (("非煤矿山", 2), ("危险化学品", 1)))


class TestResolution:
    def test_most_specific_wins_whatever_the_registration_order(self) -> None:
        override = Rule("limit.publication", WorkingDays(3), DOC.cite("第二条"))
        mine = ("sixth", plugin(sixth(rules=(override,))))
        for plugins in ([mine, *_builtin_plugins()], [*_builtin_plugins(), mine]):
            registry = ProfileRegistry(entry_points=False, plugins=plugins)
            rule = registry.resolve("sixth", D(2025, 6, 1)).rule("limit.publication")
            assert (rule.value, rule.source, rule.inherited) == (WorkingDays(3), "sixth", False)
            assert [code for code, _ in rule.overrides] == ["xuchang"]

    def test_inherited_rules_know_their_source_and_article(self, registry: ProfileRegistry) -> None:
        plugins = [("sixth", plugin(sixth()))]
        resolved = ProfileRegistry(plugins=plugins).resolve("sixth", D(2025, 6, 1))
        rule = resolved.rule("limit.feedback")
        assert (rule.source, rule.inherited, rule.citation.short()) == ("xuchang", True, "许应急〔2023〕14号 第十六条")

    def test_dated_resolution(self, registry: ProfileRegistry) -> None:
        # 许应急〔2023〕14号 is in force from its issue on 2023-03-09.
        assert not registry.resolve("xuchang", D(2023, 3, 8)).has("limit.feedback")
        assert registry.resolve("xuchang", D(2023, 3, 9)).value("limit.feedback") == WorkingDays(5)
        # The Shijiazhuang plan is for 2024, the Yanshi plan for 2023.
        assert registry.resolve("shijiazhuang", D(2024, 6, 1)).value("draw.credit_risk_share") == Fraction(9, 10)
        assert not registry.resolve("shijiazhuang", D(2025, 1, 1)).has("draw.credit_risk_share")
        assert registry.resolve("yanshi", D(2023, 6, 1)).value("limit.publication") == WorkingDays(5)
        assert registry.resolve("yanshi", D(2024, 1, 1)).rules == {}
        # The Hebi campaign plan dates from 2020-07-03; the Lengshuitan 细则 has no date and always applies.
        assert registry.resolve("hebi", D(2020, 7, 3)).value("limit.record_handover") == Days(10)
        assert registry.resolve("lengshuitan", D(2016, 1, 1)).value("frequency.yearly_cap") == 4

    def test_absent_rules_say_so(self, registry: ProfileRegistry) -> None:
        resolved = registry.resolve("hebi", D(2020, 8, 1))
        assert "frequency.yearly_cap" in resolved.absent
        assert resolved.value("frequency.yearly_cap", 99) == 99
        with pytest.raises(ProfileError, match=r"hebi → henan → national sets frequency\.yearly_cap"):
            resolved.rule("frequency.yearly_cap")
        with pytest.raises(ProfileError, match="unknown rule key"):
            resolved.rule("frequency.cap")

    def test_rules_and_absent_cover_the_catalogue(self, registry: ProfileRegistry) -> None:
        for code in BUREAUS:
            resolved = registry.resolve(code, D(2024, 6, 1))
            assert set(resolved.rules) | set(resolved.absent) == set(CATALOGUE)
            assert not set(resolved.rules) & set(resolved.absent)


class TestTeams:
    @staticmethod
    def inspector(pid: str, *tags: str) -> Inspector:
        cert = EnforcementCertificate(f"C{pid}", D(2020, 1, 1))
        return Inspector(pid, f"执法人员{pid}", "执法大队", "yjj", cert, specialties=set(tags))

    def test_lengshuitan_non_coal_mine_team(self, registry: ProfileRegistry) -> None:
        resolved = registry.resolve("lengshuitan", D(2025, 1, 1))
        mine = Subject("91350100M000100Y43", "示例矿业", "非煤矿山", "431103")
        ok = (self.inspector("1", "非煤矿山"), self.inspector("2"))
        assert resolved.check_team(ok, mine) == []
        problems = resolved.check_team((self.inspector("1"), self.inspector("2"), self.inspector("3")), mine)
        assert len(problems) == 2
        assert "asks 2" in problems[0] and "非煤矿山" in problems[1]
        chemicals = Subject("91350100M000100Y43", "示例化工", "危险化学品", "431103")
        assert resolved.check_team((self.inspector("1"),), chemicals) == []  # no rule for this domain

    def test_the_hook_of_the_nearest_profile_answers(self) -> None:
        calls: list[str] = []

        def rule_of(name: str, answer: list[str] | None) -> object:
            def check(profile: object, team: object, subject: object, items: object) -> list[str] | None:
                calls.append(name)
                return answer
            return check

        parent = plugin(sixth(), random_inspection_check_team=rule_of("sixth", ["组长未指定"]))
        child_decl = Profile("seventh", "子", Jurisdiction("411003", "建安区", "县区", "411000"), "sixth")
        child = plugin(child_decl, random_inspection_check_team=rule_of("seventh", None))
        registry = ProfileRegistry(plugins=[("seventh", child), ("sixth", parent)])
        subject = Subject("91350100M000100Y43", "示例", "工贸", "411003")
        assert registry.resolve("seventh", D(2025, 6, 1)).check_team((self.inspector("1"),), subject) == ["组长未指定"]
        assert calls == ["seventh", "sixth"]


class TestExplain:
    def test_text_names_source_and_article(self, registry: ProfileRegistry) -> None:
        text = registry.resolve("xuchang", D(2025, 1, 1)).explain_text()
        assert text.splitlines()[1] == "chain: xuchang → henan → national"
        assert "limit.feedback (反馈检查结果): 5个工作日" in text
        assert "[许应急〔2023〕14号 第十六条; set here]" in text

    def test_json(self, registry: ProfileRegistry) -> None:
        data = json.loads(registry.resolve("hebi", D(2020, 8, 1)).explain_json())
        rules = {r["key"]: r for r in data["rules"]}
        assert rules["limit.case_outcome"]["value"] == "20个工作日"
        assert rules["limit.case_outcome"]["citation"] == "鹤双随机办〔2020〕19号 五(六)"
        assert [c["label"] for c in rules["results.scheme"]["value"]["codes"]][5] == "不配合检查情节严重"
        assert rules["joint.departments"]["value"][1]["name"] == "鹤壁市市场监督管理局"
        assert "frequency.yearly_cap" in data["absent"]

    def test_a_profile_out_of_force_is_marked(self, registry: ProfileRegistry) -> None:
        data = registry.resolve("yanshi", D(2026, 1, 1)).explain_data()
        own = data["chain"][0]
        assert {k: own[k] for k in ("code", "name", "jurisdiction", "in_force")} == {
            "code": "yanshi", "name": "偃师区应急管理局", "jurisdiction": "410307", "in_force": False}
        [document] = own["documents"]
        assert document["key"] == "偃应急〔2023〕18号" and document["in_force"] is False
        assert document["until"]["date"] == "2023-12-31" and document["until"]["status"] == "assumed"
        assert "the title names the year" in document["until"]["reason"]


def _builtin_plugins() -> list[tuple[str, object]]:
    from importlib.metadata import entry_points

    return [(ep.name, ep.load()) for ep in entry_points(group="random_inspection.profiles")]


class TestPlans:
    def item(self, code: str, basis: str | None = "《中华人民共和国安全生产法》第四十一条") -> ChecklistItem:
        return ChecklistItem(code, "隐患排查治理", "隐患排查治理制度建立和落实情况", basis, "yjj")

    def test_hebi_draws_one_enterprise_from_its_own_list(self, registry: ProfileRegistry) -> None:
        hebi = registry.resolve("hebi", D(2020, 7, 10))
        listed = hebi.value("checklist.items")
        assert len(listed) == 12
        assert [i.department for i in listed].count("scjgj") == 8
        assert hebi.check_plan(PlanFacts(120, 1, listed[:3])) == []
        problems = hebi.check_plan(PlanFacts(120, 2, (self.item("XC-01"),)))
        assert problems == [
            "draws 2 subjects; 鹤双随机办〔2020〕19号 三(二) sets 1",
            "item XC-01 is not on the checklist of 鹤双随机办〔2020〕19号 四、附件4",
        ]

    def test_xuchang_ratio_floor_applies_to_the_years_whole_draw(self, registry: ProfileRegistry) -> None:
        xuchang = registry.resolve("xuchang", D(2025, 3, 1))
        assert xuchang.check_plan(PlanFacts(205, 21, annual=True)) == []
        (problem,) = xuchang.check_plan(PlanFacts(205, 20, annual=True))
        assert "asks at least 1/10 of the year's pool, that is 21" in problem
        assert "许应急〔2023〕14号 第十二条" in problem
        assert xuchang.check_plan(PlanFacts(205, 20)) == []  # one plan of several in the year

    def test_items_must_state_what_the_document_requires(self, registry: ProfileRegistry) -> None:
        xuchang = registry.resolve("xuchang", D(2025, 3, 1))
        problems = xuchang.check_plan(PlanFacts(10, 1, (self.item("XC-01", basis=None),)))
        assert problems == [
            "item XC-01 does not state its 抽查依据 (许应急〔2023〕14号 第六条第一款)",
            "item XC-01 does not state its 抽查方式 (许应急〔2023〕14号 第六条第一款)",
        ]

    def test_a_plan_hook_adds_its_own_checks(self) -> None:
        def check(profile: object, plan: PlanFacts) -> list[str]:
            return ["抽查工作方案未公示"] if plan.sample_size > 5 else []

        registry = ProfileRegistry(plugins=[("sixth", plugin(sixth(), random_inspection_check_plan=check))])
        resolved = registry.resolve("sixth", D(2025, 6, 1))
        assert resolved.check_plan(PlanFacts(100, 10)) == ["抽查工作方案未公示"]
        assert resolved.check_plan(PlanFacts(100, 5)) == []


class TestReviewRegressions:
    def test_a_hook_taking_fewer_arguments_is_called_with_those(self) -> None:
        def check(plan: PlanFacts) -> list[str]:
            return ["方案未公示"]

        registry = ProfileRegistry(plugins=[("sixth", plugin(sixth(), random_inspection_check_plan=check))])
        assert registry.resolve("sixth", D(2025, 6, 1)).check_plan(PlanFacts(10, 1)) == ["方案未公示"]

    @pytest.mark.parametrize(("answer", "match"), [(RuntimeError("boom"), "hook failed"), ("one", "answered")])
    def test_a_failing_or_malformed_hook_is_a_profile_error(self, answer: object, match: str) -> None:
        def check(plan: PlanFacts) -> object:
            if isinstance(answer, Exception):
                raise answer
            return answer

        registry = ProfileRegistry(plugins=[("sixth", plugin(sixth(), random_inspection_check_plan=check))])
        with pytest.raises(ProfileError, match=match):
            registry.resolve("sixth", D(2025, 6, 1)).check_plan(PlanFacts(10, 1))

    def test_hooks_of_a_profile_out_of_force_do_not_answer(self) -> None:
        plan_2024 = Document("2024年方案", effective_from=D(2024, 1, 1), effective_until=D(2024, 12, 31))
        declared = Profile("sixth", "魏都", Jurisdiction("411002", "魏都区", "县区", "411000"), "xuchang",
                           (plan_2024,))
        hooked = plugin(declared, random_inspection_check_plan=lambda plan: ["x"])
        registry = ProfileRegistry(plugins=[("sixth", hooked)])
        assert registry.resolve("sixth", D(2024, 6, 1)).check_plan(PlanFacts(10, 1)) == ["x"]
        resolved = registry.resolve("sixth", D(2030, 1, 1))
        assert not resolved.in_force
        assert resolved.check_plan(PlanFacts(10, 1)) == []

    def test_check_team_checks_each_member(self, registry: ProfileRegistry) -> None:
        code = "91350100M000100Y43"
        mine = Subject(code, "示例矿业", "非煤矿山", "431103")
        expired = EnforcementCertificate("c", D(2020, 1, 1), D(2024, 12, 31))
        a = Inspector("a", "甲", "u", "yjj", expired, specialties={"非煤矿山"}, interests={code})
        b = Inspector("b", "乙", "u", "yjj", EnforcementCertificate("d", D(2020, 1, 1)))
        problems = registry.resolve("lengshuitan", D(2025, 1, 1)).check_team((a, a), mine, on=D(2025, 3, 1))
        assert "a is on the team twice" in problems
        assert any("interest" in p for p in problems)
        assert any("valid 执法证 on 2025-03-01" in p for p in problems)
        assert registry.resolve("lengshuitan", D(2025, 1, 1)).check_team((b, a), mine) != []

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [({"blocked": "hebi"}, "one text"), ({"blocked": ["hebi_typo"]}, "cannot block hebi_typo"),
         ({"folders": ["/no/such/folder"]}, "no folder"),
         ({"plugins": [("x", SimpleNamespace())]}, "declares no profile")],
    )
    def test_registry_refusals_are_profile_errors(self, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(ProfileError, match=match):
            ProfileRegistry(**kwargs)  # type: ignore[arg-type]

    def test_a_local_file_named_like_an_installed_profile(self, tmp_path: Path) -> None:
        (tmp_path / "xuchang.py").write_text("", encoding="utf-8")
        with pytest.raises(ProfileError, match="plugin xuchang") as info:
            ProfileRegistry(folders=[tmp_path])
        assert "rename one of them" in info.value.fix

    def test_a_profile_file_that_fails_to_load(self, tmp_path: Path) -> None:
        (tmp_path / "broken.py").write_text("import no_such_module\n", encoding="utf-8")
        with pytest.raises(ProfileError, match="plugin broken"):
            ProfileRegistry(folders=[tmp_path])

    def test_block_by_profile_code(self, tmp_path: Path) -> None:
        registry = ProfileRegistry(plugins=[("file_name", plugin(sixth()))], blocked=["sixth"])
        assert "sixth" not in registry.profiles

    @pytest.mark.parametrize("as_of", ["2025-01-01", dt.datetime(2025, 1, 1, 9)])
    def test_resolve_needs_a_date(self, registry: ProfileRegistry, as_of: object) -> None:
        with pytest.raises(ProfileError, match="not a date"):
            registry.resolve("xuchang", as_of)  # type: ignore[arg-type]

    def test_unknown_keys_are_refused_by_value_and_has(self, registry: ProfileRegistry) -> None:
        resolved = registry.resolve("xuchang", D(2025, 1, 1))
        for call in (resolved.value, resolved.has):
            with pytest.raises(ProfileError, match="unknown rule key"):
                call("limit.feedbak")

    @pytest.mark.parametrize(
        ("args", "match"),
        [((2, "非煤矿"), "not a EnforcementDomain"), ((2, None, (("非煤矿山", -1),)), "quota"),
         ((0,), "size"), ((2, None, {"非煤矿山": 3}), "more members")],
    )
    def test_team_rule_fields(self, args: tuple[object, ...], match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            TeamRule(*args)  # type: ignore[arg-type]

    def test_team_rule_reads_its_domain_from_text(self) -> None:
        assert TeamRule(2, "非煤矿山").domain is EnforcementDomain.NON_COAL_MINE

    @pytest.mark.parametrize(
        "make",
        [lambda: Profile("x", "x", "411002", "xuchang"),  # type: ignore[arg-type]
         lambda: Profile("x", "x", Jurisdiction("411002", "魏都区", "县区", "411000"), "xuchang", rules=("x",)),
         lambda: Rule("draw.fixed_count", 1, "第一条")],  # type: ignore[arg-type]
    )
    def test_malformed_declarations(self, make: object) -> None:
        with pytest.raises((ProfileError, InvalidInputError)):
            make()  # type: ignore[operator]

    def test_yanshi_publication_runs_from_the_result(self, registry: ProfileRegistry) -> None:
        rule = registry.resolve("yanshi", D(2023, 6, 1)).rule("limit.publication")
        assert rule.runs_from is Event.RESULT_PRODUCED
        assert "limit.publication (录入平台并公开): 5个工作日 from 检查结果产生" in \
            registry.resolve("yanshi", D(2023, 6, 1)).explain_text()
