"""Dated versions of a profile's rules, dates with provenance, continuation in force, and a package's own keys."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError, ProfileError
from random_inspection.model import DateBasis, DateStatus, DayRange, Document, Jurisdiction
from random_inspection.profiles import (
    Continuation,
    Departure,
    Kind,
    PlanFacts,
    Profile,
    ProfileRegistry,
    Rule,
    RuleSpec,
    hookimpl,
)
from random_inspection.timelimits import WorkingDays

D = dt.date
AREA = Jurisdiction("411002", "魏都区", "县区", "411000")

STANDING = Document("魏都区“双随机、一公开”监管工作实施细则", doc_number="魏应急〔2020〕1号",
                    effective_from=D(2020, 1, 1), from_basis=DateBasis.stated("本细则自2020年1月1日起施行"))
YEAR_2024 = Document("2024年“双随机、一公开”监管工作实施方案", doc_number="魏应急〔2024〕3号",
                     effective_from=D(2024, 1, 1), effective_until=D(2024, 12, 31),
                     from_basis=DateBasis.assumed("the title names the year"),
                     until_basis=DateBasis.assumed("the title names the year"))
NEW_STANDING = Document("魏都区“双随机、一公开”监管工作实施细则（修订）", doc_number="魏应急〔2025〕9号",
                        effective_from=D(2025, 7, 1), from_basis=DateBasis.stated("自2025年7月1日起施行"),
                        replaces=("魏应急〔2020〕1号",))

RULES = (
    Rule("limit.feedback", WorkingDays(10), STANDING.cite("第十条")),
    Rule("frequency.yearly_cap", 4, STANDING.cite("第十五条")),
    Rule("limit.feedback", WorkingDays(5), YEAR_2024.cite("三(二)")),
    Rule("limit.feedback", WorkingDays(7), NEW_STANDING.cite("第九条")),
)


def _plugin(profile: Profile, **hooks: object) -> object:
    class Plugin:
        @hookimpl
        def random_inspection_profile(self) -> Profile:
            return profile

    for name, function in hooks.items():
        setattr(Plugin, name, hookimpl(staticmethod(function)))  # type: ignore[call-overload]
    return Plugin()


def _registry(profile: Profile, *, continued: tuple[Continuation, ...] = (), **hooks: object) -> ProfileRegistry:
    return ProfileRegistry(plugins=[("weidu", _plugin(profile, **hooks))], continued=continued)


WEIDU = Profile("weidu", "魏都区应急管理局", AREA, "xuchang", (STANDING, YEAR_2024, NEW_STANDING), RULES)


class TestDatedVersions:
    @pytest.mark.parametrize(("day", "days", "document"), [
        (D(2023, 6, 1), 10, "魏应急〔2020〕1号"),  # the standing 细则 alone
        (D(2024, 6, 1), 5, "魏应急〔2024〕3号"),  # the year's 实施方案 supersedes it for the key it sets
        (D(2025, 3, 1), 10, "魏应急〔2020〕1号"),  # the 实施方案 has ended: the 细则 answers again
        (D(2025, 7, 1), 7, "魏应急〔2025〕9号"),  # the revised 细则, from its first day
    ])
    def test_the_version_in_force_answers(self, day: dt.date, days: int, document: str) -> None:
        rule = _registry(WEIDU).resolve("weidu", day).rule("limit.feedback")
        assert rule.value == WorkingDays(days)
        assert rule.document is not None and rule.document.key == document

    def test_a_document_that_replaces_another_ends_it_for_every_key(self) -> None:
        registry = _registry(WEIDU)
        assert registry.resolve("weidu", D(2025, 6, 30)).value("frequency.yearly_cap") == 4
        # the revision sets no cap: from its first day, the replaced 细则's cap is gone, and xuchang sets none
        assert not registry.resolve("weidu", D(2025, 7, 1)).has("frequency.yearly_cap")

    def test_explain_shows_the_version_chain(self) -> None:
        resolved = _registry(WEIDU).resolve("weidu", D(2024, 6, 1))
        [feedback] = [r for r in resolved.explain_data()["rules"] if r["key"] == "limit.feedback"]
        assert [(v["document"], v["value"], v["in_force"]) for v in feedback["versions"]] == [
            ("魏应急〔2020〕1号", "10个工作日", False), ("魏应急〔2024〕3号", "5个工作日", True),
            ("魏应急〔2025〕9号", "7个工作日", False)]
        text = resolved.explain_text()
        assert "→ 魏应急〔2024〕3号 (2024-01-01 (assumed: the title names the year)" in text
        assert "replaces 魏应急〔2020〕1号" in text

    def test_one_document_sets_a_key_once(self) -> None:
        twice = (*RULES, Rule("limit.feedback", WorkingDays(3), STANDING.cite("第十一条")))
        with pytest.raises(ProfileError, match="set twice by 魏应急〔2020〕1号"):
            Profile("weidu", "魏都区应急管理局", AREA, "xuchang", (STANDING, YEAR_2024, NEW_STANDING), twice)

    def test_two_documents_from_the_same_day_setting_one_key_are_ambiguous(self) -> None:
        same_day = Document("另一方案", effective_from=D(2024, 1, 1), from_basis=DateBasis.stated("2024年1月1日起"))
        rules = (*RULES, Rule("limit.feedback", WorkingDays(3), same_day.cite("一")))
        with pytest.raises(ProfileError, match=r"both set limit\.feedback from the same day"):
            Profile("weidu", "魏都区应急管理局", AREA, "xuchang", (STANDING, YEAR_2024, NEW_STANDING, same_day), rules)

    def test_replacing_an_undeclared_document_is_refused(self) -> None:
        orphan = Document("新细则", effective_from=D(2025, 1, 1), replaces="魏应急〔2019〕1号")
        with pytest.raises(ProfileError, match="does not declare"):
            Profile("weidu", "魏都区应急管理局", AREA, "xuchang", (orphan,))

    @settings(max_examples=60, deadline=None)
    @given(
        starts=st.lists(st.integers(0, 3000), min_size=1, max_size=5, unique=True),
        lengths=st.lists(st.one_of(st.none(), st.integers(0, 800)), min_size=5, max_size=5),
        day=st.integers(-10, 4000),
    )
    def test_the_latest_started_document_in_force_answers(self, starts: list[int], lengths: list[int | None],
                                                          day: int) -> None:
        base = D(2020, 1, 1)
        docs = tuple(
            Document(f"文件{i}", effective_from=base + dt.timedelta(s),
                     effective_until=None if lengths[i] is None else base + dt.timedelta(s + lengths[i]),
                     from_basis=DateBasis.stated("施行"),
                     until_basis=DateBasis.unknown() if lengths[i] is None else DateBasis.stated("止"))
            for i, s in enumerate(starts))
        rules = tuple(Rule("frequency.yearly_cap", i + 1, d.cite("一")) for i, d in enumerate(docs))
        profile = Profile("weidu", "魏都区应急管理局", AREA, "xuchang", docs, rules)
        on = base + dt.timedelta(day)
        in_force = [(d.effective_from, i + 1) for i, d in enumerate(docs) if d.in_force_on(on)]
        expected = max(in_force)[1] if in_force else None
        resolved = _registry(profile).resolve("weidu", on)
        assert resolved.value("frequency.yearly_cap") == expected


class TestDatesWithProvenance:
    def test_an_assumed_date_is_shown_by_explain(self) -> None:
        resolved = ProfileRegistry().resolve("hebi", D(2020, 8, 1))
        [doc] = resolved.explain_data()["chain"][0]["documents"]
        assert doc["until"] == {"date": "2020-12-31", "status": "assumed", "words": None,
                                "reason": doc["until"]["reason"]}
        assert "三(一)" in doc["until"]["reason"]
        assert "2020-12-31 (assumed: the document states no end" in resolved.explain_text()

    def test_a_date_read_from_the_document_says_what_it_assumes(self) -> None:
        """许昌 第二十四条 puts force at 发布; the document bears only the day it was 印发 (2023年3月9日): taking
        one for the other is an assumption, and explain says so."""
        [doc] = ProfileRegistry().resolve("xuchang", D(2024, 1, 1)).explain_data()["chain"][0]["documents"]
        assert doc["from"]["status"] == "assumed" and "本细则自发布之日起施行" in doc["from"]["reason"]
        assert "2023年3月9日" in doc["from"]["reason"] and doc["from"]["date"] == "2023-03-09"
        assert doc["until"] == {"date": None, "status": "unknown", "words": None, "reason": None}

    def test_the_campaign_window_is_a_rule_of_its_own(self) -> None:
        rule = ProfileRegistry().resolve("hebi", D(2020, 8, 1)).rule("plan.window")
        assert rule.value == DayRange(D(2020, 7, 1), D(2020, 7, 31), "2020年7月")
        assert rule.citation.short() == "鹤双随机办〔2020〕19号 三(一)"
        assert rule.document is not None and rule.document.effective_until == D(2020, 12, 31)

    def test_an_assumed_date_without_a_reason_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="gives no reason"):
            DateBasis(DateStatus.ASSUMED)
        with pytest.raises(InvalidInputError, match="basis is unknown"):
            Document("文件", effective_from=D(2020, 1, 1), from_basis=DateBasis.unknown())

    def test_after_the_assumed_end_the_error_names_the_documents_and_the_way_out(self) -> None:
        resolved = ProfileRegistry().resolve("hebi", D(2021, 3, 1))
        with pytest.raises(ProfileError) as caught:
            resolved.rule("limit.case_outcome")
        message = str(caught.value)
        assert "鹤双随机办〔2020〕19号 in force 2020-07-03 (assumed:" in message
        assert "2020-12-31 (assumed: the document states no end" in message
        assert "add the newer document" in message and "continued in force" in message
        assert "documents are silent" not in message

    def test_a_bureau_declares_a_document_continued_in_force(self) -> None:
        continued = Continuation("hebi", "鹤双随机办〔2020〕19号", "联席会议2021年1月5日决定继续执行至新方案印发")
        registry = ProfileRegistry(continued=[continued])
        resolved = registry.resolve("hebi", D(2021, 3, 1))
        assert resolved.rule("limit.case_outcome").value == WorkingDays(20)
        [doc] = resolved.explain_data()["chain"][0]["documents"]
        assert doc["until"] == {"date": None, "status": "continued", "words": None, "reason": continued.reason}
        assert "continued: 联席会议2021年1月5日决定继续执行" in resolved.explain_text()

    def test_continuing_an_unknown_document_is_refused(self) -> None:
        with pytest.raises(ProfileError, match="declares no document '鹤双随机办〔2021〕1号'"):
            ProfileRegistry(continued=[Continuation("hebi", "鹤双随机办〔2021〕1号", "决定")])


KEY_INSPECTIONS = RuleSpec.custom("weidu.key_inspections", Kind.COUNT, "重点检查户数",
                                  "the number of key inspections (重点检查) a plan makes")
SECTORS = RuleSpec.custom("weidu.sectors", Kind.TEXTS, "检查行业", "the sectors a plan covers")


class TestOwnKeys:
    def profile(self, *rules: Rule, keys: tuple[RuleSpec, ...] = (KEY_INSPECTIONS, SECTORS)) -> Profile:
        return Profile("weidu", "魏都区应急管理局", AREA, "xuchang", (STANDING,), rules, keys=keys)

    def test_a_custom_key_with_a_hook_that_acts_on_it(self) -> None:
        def check(profile: object, plan: PlanFacts) -> list[str]:
            least = profile.value("weidu.key_inspections")  # type: ignore[attr-defined]
            return [] if plan.sample_size >= least else [f"draws {plan.sample_size}, 重点检查 needs {least}"]

        profile = self.profile(KEY_INSPECTIONS.rule(3, STANDING.cite("第八条"), "每年重点检查不少于3户"))
        registry = _registry(profile, random_inspection_check_plan=check)
        resolved = registry.resolve("weidu", D(2024, 1, 1))
        assert resolved.value("weidu.key_inspections") == 3
        assert resolved.spec("weidu.key_inspections").title == "重点检查户数"
        assert resolved.check_plan(PlanFacts(pool_size=50, sample_size=2)) == ["draws 2, 重点检查 needs 3"]
        assert resolved.check_plan(PlanFacts(pool_size=50, sample_size=3)) == []
        text = resolved.explain_text()
        assert "weidu.key_inspections (重点检查户数): 3 [the profile's own key]" in text
        assert "weidu.sectors" in json.loads(resolved.explain_json())["absent"]

    def test_an_open_list_and_a_default_are_shown(self) -> None:
        profile = self.profile(
            SECTORS.rule(("冶金", "有色", "建材"), STANDING.cite("第三条"), "冶金、有色、建材等行业", open_list=True),
            Rule("draw.min_ratio", Fraction(1, 10), STANDING.cite("第十二条"), qualifier="原则上"),
        )
        resolved = _registry(profile).resolve("weidu", D(2024, 1, 1))
        assert resolved.rule("weidu.sectors").open_list and resolved.rule("draw.min_ratio").departable
        text = resolved.explain_text()
        assert "[list left open: 等]" in text and "[default: 原则上]" in text

    def test_an_open_list_needs_a_list(self) -> None:
        with pytest.raises(InvalidInputError, match="open_list on a count rule"):
            Rule("frequency.yearly_cap", 4, STANDING.cite("一"), open_list=True)

    def test_a_key_in_a_catalogue_namespace_is_refused(self) -> None:
        with pytest.raises(ProfileError, match="catalogue's namespace 'limit'"):
            RuleSpec.custom("limit.key_inspections", Kind.PERIOD, "期限", "a period")

    def test_an_undeclared_custom_key_is_refused(self) -> None:
        undeclared = self.profile(KEY_INSPECTIONS.rule(3, STANDING.cite("第八条")), keys=())
        with pytest.raises(ProfileError, match="no loaded profile declares"):
            _registry(undeclared)
        with pytest.raises(InvalidInputError, match=r"unknown rule key .weidu\.key_inspections."):
            Rule("weidu.key_inspections", 3, STANDING.cite("第八条"))

    def test_a_value_of_the_wrong_kind_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="not a whole number"):
            KEY_INSPECTIONS.rule("三户", STANDING.cite("第八条"))

    def test_two_packages_declaring_one_key_differently_are_named(self) -> None:
        other_area = Jurisdiction("411003", "东城区", "县区", "411000")
        clash = RuleSpec.custom("weidu.key_inspections", Kind.TEXT, "重点检查", "another meaning")
        other = Profile("dongcheng", "东城区应急管理局", other_area, "xuchang", (STANDING,), keys=(clash,))
        with pytest.raises(ProfileError, match=r"declare the key weidu\.key_inspections differently: .*weidu"):
            ProfileRegistry(plugins=[("weidu", _plugin(self.profile())), ("dongcheng", _plugin(other))])


class TestDepartures:
    """A rule the source words as a default (原则上, 一般, 可以) may be departed from with a recorded reason."""

    def profile(self, qualifier: str | None) -> Profile:
        rules = (Rule("draw.fixed_count", 5, STANDING.cite("第九条"), "原则上每次抽取5户", qualifier=qualifier),
                 Rule("draw.min_ratio", Fraction(1, 10), STANDING.cite("第十二条")))
        return Profile("weidu", "魏都区应急管理局", AREA, "xuchang", (STANDING,), rules)

    def test_a_departure_with_its_reason_waives_the_default(self) -> None:
        resolved = _registry(self.profile("原则上")).resolve("weidu", D(2024, 1, 1))
        plain = PlanFacts(pool_size=50, sample_size=3)
        assert resolved.check_plan(plain) == ["draws 3 subjects; 魏应急〔2020〕1号 第九条 sets 5"]
        departing = PlanFacts(pool_size=50, sample_size=3,
                              departures=(Departure("draw.fixed_count", "抽取3户", "辖区内该类企业仅余3户未检查"),))
        assert resolved.check_plan(departing) == []

    def test_a_binding_rule_cannot_be_departed_from(self) -> None:
        resolved = _registry(self.profile(None)).resolve("weidu", D(2024, 1, 1))
        departing = PlanFacts(pool_size=50, sample_size=3,
                              departures=(Departure("draw.fixed_count", "抽取3户", "企业数量少"),))
        problems = resolved.check_plan(departing)
        assert problems == [
            "departs from draw.fixed_count, which 魏应急〔2020〕1号 第九条 sets as binding "
            "(the source words it as no default: 原则上, 一般, 可以)",
            "draws 3 subjects; 魏应急〔2020〕1号 第九条 sets 5",
        ]

    def test_a_departure_from_a_rule_of_no_document_is_a_problem(self) -> None:
        resolved = _registry(self.profile("原则上")).resolve("weidu", D(2024, 1, 1))
        facts = PlanFacts(pool_size=50, sample_size=5, departures=(Departure("joint.share", "0", "无联合"),))
        assert resolved.check_plan(facts) == [
            "departs from joint.share, which no document in force on 2024-01-01 sets"]

    def test_a_departure_needs_its_reason(self) -> None:
        with pytest.raises(InvalidInputError, match="reason is empty"):
            Departure("draw.fixed_count", "抽取3户", " ")


def test_a_checklist_part_the_library_cannot_check_is_refused_when_the_profile_is_loaded() -> None:
    with pytest.raises(InvalidInputError, match="抽查频次 is no part of a checklist item"):
        Rule("checklist.fields", ("事项名称", "抽查频次"), STANDING.cite("第七条"))
    rule = Rule("checklist.fields", ("检查依据",), STANDING.cite("第七条"))
    profile = Profile("weidu", "魏都区应急管理局", AREA, "xuchang", (STANDING,), (rule,))
    from random_inspection.model import ChecklistItem

    item = ChecklistItem("W-1", "隐患排查", "隐患排查治理情况", None, "yjj")
    assert _registry(profile).resolve("weidu", D(2024, 1, 1)).check_plan(PlanFacts(5, 1, (item,))) == [
        "item W-1 does not state its 检查依据 (魏应急〔2020〕1号 第七条)"]


def test_a_plan_outside_the_campaign_window_is_a_problem() -> None:
    hebi = ProfileRegistry().resolve("hebi", D(2020, 7, 10))
    inside = PlanFacts(pool_size=120, sample_size=1, window=(D(2020, 7, 13), D(2020, 7, 24)))
    assert hebi.check_plan(inside) == []
    late = PlanFacts(pool_size=120, sample_size=1, window=(D(2020, 7, 27), D(2020, 8, 7)))
    assert hebi.check_plan(late) == ["the plan's window 2020-07-27 – 2020-08-07 is not inside the 抽查时间 "
                                     "2020-07-01 – 2020-07-31 (“2020年7月”) of 鹤双随机办〔2020〕19号 三(一)"]
    with pytest.raises(InvalidInputError, match="is not a first and a last day"):
        PlanFacts(pool_size=1, sample_size=1, window=(D(2020, 7, 27), D(2020, 7, 1)))


def test_a_scenario_writes_values_as_explain_json_gives_them(tmp_path: object) -> None:
    from pathlib import Path

    from random_inspection.testing import load_scenario, run_scenario

    path = Path(str(tmp_path)) / "scenario_window.toml"
    path.write_text('''profile = "hebi"
title = "鹤壁 抽查时间"

[[rule]]
key = "plan.window"
value = {first = "2020-07-01", last = "2020-07-31", words = "2020年7月"}
citation = "鹤双随机办〔2020〕19号 三(一)"
as_of = 2020-08-01

[[rule]]
key = "limit.case_outcome"
value = "20个工作日"
as_of = 2020-08-01
''', encoding="utf-8")
    registry = ProfileRegistry()
    assert run_scenario(load_scenario(path), registry) == []
    data = registry.resolve("hebi", D(2020, 8, 1)).explain_data()
    [window] = [r for r in data["rules"] if r["key"] == "plan.window"]
    assert window["value"] == {"first": "2020-07-01", "last": "2020-07-31", "words": "2020年7月"}


class TestItemClasses:
    """许昌 第十二条: the 10 % floor is for 一般抽查事项; a plan of 重点 items only is not held to it."""

    def item(self, code: str, item_class: str | None) -> object:
        from random_inspection.model import ChecklistItem

        return ChecklistItem(code, "隐患排查", "隐患排查治理情况", "《安全生产法》第四十一条", "yjj", method="实地核查",
                             item_class=item_class)

    @pytest.mark.parametrize(("classes", "held"), [
        (("一般",), True), ((None,), True), (("重点", None), True), (("重点", "一般"), True), (("重点",), False),
        (("重点", "重点"), False), ((), True),
    ])
    def test_the_floor_holds_a_plan_unless_all_its_items_are_of_another_class(
            self, classes: tuple[str | None, ...], held: bool) -> None:
        xuchang = ProfileRegistry().resolve("xuchang", D(2025, 1, 1))
        items = [self.item(f"I{i}", c) for i, c in enumerate(classes)]
        facts = PlanFacts(pool_size=100, sample_size=5, items=items, annual=True)  # type: ignore[arg-type]
        problems = [p for p in xuchang.check_plan(facts) if "asks at least 1/10" in p]
        assert bool(problems) is held
        assert str(xuchang.rule("draw.min_ratio_items").citation) == "许应急〔2023〕14号 第十二条"

    def test_the_checklist_roster_reads_the_class(self, tmp_path: object) -> None:
        from pathlib import Path

        from random_inspection.io.rosters import read_checklist

        path = Path(str(tmp_path)) / "checklist.csv"
        path.write_text("事项编码,事项名称,抽查内容,抽查主体,事项类别\nA1,名称,内容,yjj,重点\nA2,名称二,内容二,yjj,\n"
                        "A3,名称三,内容三,yjj,特别\n", encoding="utf-8")
        got = read_checklist(path)
        assert [(i.code, i.item_class.value if i.item_class else None) for i in got.records] == [
            ("A1", "重点"), ("A2", None)]
        assert [(p.row, p.column) for p in got.problems] == [(4, "事项类别")]
