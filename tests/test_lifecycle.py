"""The inspection lifecycle: plans, records, obligations, disclosure and reports (the walks through holidays per
profile are in tests/scenarios/scenario_*_lifecycle.toml)."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.model import EnforcementCertificate, Inspector, Subject
from random_inspection.model.identifiers import (
    id_number_check_character,
    organization_code_check_character,
    uscc_check_character,
)
from random_inspection.profiles import ProfileRegistry, ResolvedProfile
from random_inspection.testing.strategies import id_numbers, usccs
from random_inspection.timelimits import WorkingCalendar, WorkingDays
from random_inspection.workflow import (
    AnnualPlan,
    ClosedCase,
    Finding,
    InspectionKind,
    InspectionPlan,
    InspectionRecord,
    LaterDisclosure,
    NonCooperationRule,
    PublicSubject,
    Redraw,
    Status,
    Step,
    Transfer,
    check_public,
    credit_risk_share,
    disclose,
    frequency_against_cap,
    joint_share,
    later_disclosures,
    obligations,
    overdue,
    ratio_against_floor,
    record_result,
    summary_columns,
    summary_table,
)
from random_inspection.workflow.inspections import CASE_STEPS, TRANSFER_STEPS
from random_inspection_profiles.hebi.reports import STATISTICS_COLUMNS, statistics_table

D = dt.date
SOURCES = Path(__file__).resolve().parents[1] / "profiles" / "sources"
REGISTRY = ProfileRegistry()
CALENDAR = WorkingCalendar.default()
CERT = EnforcementCertificate("豫A411000", D(2020, 1, 1))


def code(i: int) -> str:
    """A valid 统一社会信用代码 registered in 411002."""
    body = f"{i:08d}"
    first17 = "91411002" + body + organization_code_check_character(body)
    return first17 + uscc_check_character(first17)


SUBJECT = Subject(code(1), "许昌示例机械有限公司", "工贸", "411002")


def profile(code: str, on: dt.date) -> ResolvedProfile:
    return REGISTRY.resolve(code, on)


def record(**changes: object) -> InspectionRecord:
    base = InspectionRecord(SUBJECT.uscc, "P1", InspectionKind.DOUBLE_RANDOM, "yjj", ("XC001", "XC002"),
                            ("A1", "A2"), events={Step.ENDED: D(2025, 9, 30)})
    return attrs.evolve(base, **changes)  # type: ignore[arg-type]


class TestRecords:
    def test_nothing_outside_the_checklist(self) -> None:
        with pytest.raises(InvalidInputError, match="outside the plan's checklist: B9"):
            record(findings=[Finding("A1", True), Finding("B9", False)])

    def test_hebi_gives_its_code_directly_and_lists_no_situations(self) -> None:
        hebi = profile("hebi", D(2020, 9, 25))
        scheme, rule = hebi.value("results.scheme"), NonCooperationRule.of(hebi)
        assert scheme.non_cooperation == 6 and rule.situations == ()
        done = record_result(record(), scheme, 6, non_cooperation_rule=rule)
        assert done.result is not None and (done.result.number, done.result.label) == (6, "不配合检查情节严重")
        with pytest.raises(InvalidInputError, match="lists no such situations"):  # 许昌's words are 许昌's alone
            record_result(record(), scheme, None, non_cooperation=["拒绝检查人员或其委托的专业机构进入被检查场所的"],
                          non_cooperation_rule=rule)

    def test_xuchang_leaves_the_finding_to_the_inspectors_and_records_the_situation(self) -> None:
        xuchang = profile("xuchang", D(2025, 9, 30))
        scheme, rule = xuchang.value("results.scheme"), NonCooperationRule.of(xuchang)
        assert rule.discretionary and len(rule.situations) == 4 and str(rule.citation) == "许应急〔2023〕14号 第十八条"
        done = record_result(record(), scheme, 4, non_cooperation=[rule.situations[2]], non_cooperation_rule=rule)
        assert done.result is not None and done.result.label == "其他"
        assert done.non_cooperation == ("不如实或不按要求提供情况或相关材料的",)
        with pytest.raises(InvalidInputError, match="is not a situation of serious non-cooperation"):
            record_result(record(), scheme, 4, non_cooperation=["拒不签字"], non_cooperation_rule=rule)

    def test_a_binding_rule_with_a_code_gives_the_code_and_refuses_another(self) -> None:
        hebi_scheme = profile("hebi", D(2020, 9, 25)).value("results.scheme")
        binding = NonCooperationRule(("拒绝进入检查场所",), discretionary=False)
        done = record_result(record(), hebi_scheme, None, non_cooperation=["拒绝进入检查场所"],
                             non_cooperation_rule=binding)
        assert done.result is not None and done.result.number == 6
        with pytest.raises(InvalidInputError, match="the result is 6 不配合检查情节严重"):
            record_result(record(), hebi_scheme, 1, non_cooperation=["拒绝进入检查场所"], non_cooperation_rule=binding)
        discretionary = attrs.evolve(binding, discretionary=True)
        kept = record_result(record(), hebi_scheme, 1, non_cooperation=["拒绝进入检查场所"],
                             non_cooperation_rule=discretionary)
        assert kept.result is not None and kept.result.number == 1

    def test_a_joint_result_needs_every_department(self) -> None:
        scheme = profile("hebi", D(2020, 9, 25)).value("results.scheme")
        with pytest.raises(InvalidInputError, match="not agreed by scjgj"):
            record_result(record(), scheme, 1, joint_departments=("yjj", "scjgj"), agreed_by=["yjj"],
                          joint_office_agrees=True)
        agreed = record_result(record(), scheme, 1, joint_departments=("yjj", "scjgj"), agreed_by=["yjj", "scjgj"],
                               joint_office_agrees=True)
        assert agreed.agreed_by == ("yjj", "scjgj")

    def test_a_code_outside_the_scheme(self) -> None:
        scheme = profile("xuchang", D(2025, 9, 30)).value("results.scheme")
        with pytest.raises(InvalidInputError, match="no result code 7"):
            record_result(record(), scheme, 7)


class TestObligations:
    def test_a_plan_may_set_a_period_only_where_the_source_sets_none(self) -> None:
        sjz = profile("shijiazhuang", D(2024, 2, 6))
        done = record(events={Step.ENDED: D(2024, 2, 6), Step.FOLLOWUP_DONE: D(2024, 2, 8)})
        (entry,) = [o for o in obligations(done, sjz, CALENDAR) if o.key == "followup_entry"]
        assert entry.due is None and entry.status(D(2030, 1, 1)) is Status.OPEN  # never overdue on its own
        (entry,) = [o for o in obligations(done, sjz, CALENDAR, periods={"followup_entry": WorkingDays(3)})
                    if o.key == "followup_entry"]
        assert entry.due == D(2024, 2, 19) and entry.period_from_plan  # 2月9日, then 18日 (Sun, working), 19日
        with pytest.raises(InvalidInputError, match="already sets"):
            obligations(record(), profile("xuchang", D(2025, 9, 30)), CALENDAR, periods={"feedback": WorkingDays(9)})

    def test_overdue_by_department(self) -> None:
        hebi = profile("hebi", D(2020, 9, 25))
        done = record(transfers=[Transfer("scjgj", {Step.TRANSFER_RECEIVED: D(2020, 10, 9)})],
                      events={Step.ENDED: D(2020, 9, 25)})
        items = obligations(done, hebi, CALENDAR)
        late = overdue(items, D(2020, 10, 20))
        assert [o.key for o in late] == ["problem_transfer", "record_handover", "case_or_reply"]  # by due, then key
        assert [o.key for o in overdue(items, D(2020, 10, 20), "scjgj")] == ["case_or_reply"]
        assert overdue(items, D(2020, 10, 9)) == ()

    def test_each_transfer_letter_has_its_own_duties(self) -> None:
        hebi = profile("hebi", D(2020, 9, 25))
        done = record(events={Step.ENDED: D(2020, 9, 25)})
        done = done.with_transfer("scjgj", Step.TRANSFERRED, D(2020, 10, 9))
        done = done.with_transfer("scjgj", Step.TRANSFER_RECEIVED, D(2020, 10, 9))
        done = done.with_transfer("gaj", Step.TRANSFERRED, D(2020, 10, 12))  # after the 10 days: late
        items = [o for o in obligations(done, hebi, CALENDAR) if o.key in {"problem_transfer", "case_or_reply"}]
        assert [(o.key, o.department, o.counterpart) for o in items] == [
            ("problem_transfer", None, "scjgj"), ("problem_transfer", None, "gaj"),  # the office's (五(六))
            ("case_or_reply", "scjgj", "scjgj")]  # gaj has not received its letter yet
        assert [o.status(D(2020, 10, 12)) for o in items[:2]] == [Status.MET, Status.MET_LATE]
        assert done.transfer("gaj").on(Step.TRANSFERRED) == D(2020, 10, 12)

    def test_transfer_steps_belong_to_the_letter(self) -> None:
        with pytest.raises(InvalidInputError, match="Transfer to the receiving department"):
            record(events={Step.ENDED: D(2020, 9, 25), Step.TRANSFERRED: D(2020, 10, 9)})
        with pytest.raises(InvalidInputError, match="inspection record's events"):
            Transfer("scjgj", {Step.ENDED: D(2020, 9, 25)})
        with pytest.raises(InvalidInputError, match="twice"):
            record(transfers=[Transfer("scjgj"), Transfer("scjgj")])
        with pytest.raises(InvalidInputError, match="inspecting department itself"):
            record(transfers=[Transfer("yjj")])
        with pytest.raises(InvalidInputError, match="no transfer to gaj"):
            record().transfer("gaj")

    def test_only_started_obligations_are_listed(self) -> None:
        xc = profile("xuchang", D(2025, 9, 30))
        assert obligations(record(events={Step.STARTED: D(2025, 9, 29)}), xc, CALENDAR) == ()
        assert [o.key for o in obligations(record(), xc, CALENDAR)] == ["feedback", "publication"]

    def test_a_provisional_due_date_says_so(self) -> None:
        xc = profile("xuchang", D(2025, 9, 30))
        late_year = record(events={Step.ENDED: D(2027, 9, 30)})
        (feedback, _) = obligations(late_year, xc, CALENDAR)
        assert feedback.provisional and feedback.status(D(2027, 9, 30)) is Status.PROVISIONAL


PROFILES = [("xuchang", D(2025, 1, 1)), ("lengshuitan", D(2025, 1, 1)), ("hebi", D(2020, 9, 1)),
            ("yanshi", D(2023, 1, 1)), ("shijiazhuang", D(2024, 1, 1))]
ALL_STEPS = st.dictionaries(st.sampled_from(list(Step)), st.dates(D(2020, 1, 1), D(2026, 11, 30)), min_size=1)


class TestObligationProperties:
    @settings(max_examples=150)
    @given(st.sampled_from(PROFILES), ALL_STEPS, st.booleans())
    def test_never_due_before_its_event(self, which: tuple[str, dt.date], steps: dict[Step, dt.date],
                                        transfer: bool) -> None:
        resolved = profile(*which)
        if Step.STARTED in steps and Step.ENDED in steps and steps[Step.STARTED] > steps[Step.ENDED]:
            del steps[Step.STARTED]  # a record refuses that (tested in TestRecords)
        letters = {s: steps.pop(s) for s in TRANSFER_STEPS if s in steps}
        done = record(events=steps, transfers=[Transfer("scjgj", {**letters, **{
                          s: d for s, d in steps.items() if s in CASE_STEPS}})] if transfer else [],
                      rectification_due=max([*steps.values(), *letters.values()]) + dt.timedelta(days=30))
        for item in obligations(done, resolved, CALENDAR):
            assert item.due is None or item.due >= item.started_on or len(item.deadlines) > 1, item
            # where two limits govern the act (偃师 四.4 and 二(三)), the earlier binds, each from its own event
            assert all(d.due >= d.event for d in item.deadlines), item
            if item.deadlines and item.deadline is not None:
                assert item.due == min(d.due for d in item.deadlines) == item.deadline.due, item

    @settings(max_examples=150)
    @given(st.sampled_from(PROFILES), st.dates(D(2020, 1, 1), D(2026, 11, 30)))
    def test_met_on_the_due_date_is_met_and_a_day_later_is_late(self, which: tuple[str, dt.date],
                                                                 ended: dt.date) -> None:
        resolved = profile(*which)
        for item in obligations(record(events={Step.ENDED: ended, Step.RESULT_PRODUCED: ended}), resolved, CALENDAR):
            if item.due is None:
                continue
            assert attrs.evolve(item, met_on=item.due).status(item.due) is Status.MET
            day_after = item.due + dt.timedelta(days=1)
            assert attrs.evolve(item, met_on=day_after).status(day_after) is Status.MET_LATE
            assert item.status(day_after) is Status.OVERDUE


def people_with_personal_data(ids: list[str]) -> dict[str, Inspector]:
    return {f"XC{i:03d}": Inspector(f"XC{i:03d}", f"执法人员{i}", "执法大队", "yjj", CERT, id_number=number,
                                    phone=f"1390000{i:04d}") for i, number in enumerate(ids)}


class TestDisclosure:
    def plan(self) -> InspectionPlan:
        return InspectionPlan("P1", "xuchang", ("yjj",), (D(2025, 9, 1), D(2025, 9, 30)), ("A1", "A2"))

    @settings(max_examples=60)
    @given(st.lists(id_numbers(), min_size=2, max_size=2, unique=True))
    def test_a_disclosure_never_carries_an_id_number_or_a_phone(self, ids: list[str]) -> None:
        people = people_with_personal_data(ids)
        done = record(team=tuple(people), events={Step.ENDED: D(2025, 9, 30), Step.FED_BACK: D(2025, 10, 9)})
        public = disclose(profile("xuchang", D(2025, 9, 30)), self.plan(), None, [done], {SUBJECT.uscc: SUBJECT},
                          people)
        text = repr(public)
        assert all(number not in text for number in ids)
        assert not re.search(r"1390000\d{4}", text)
        assert [m.name for m in public.inspections[0].team] == ["执法人员0", "执法人员1"]

    @settings(max_examples=60)
    @given(id_numbers(), st.text(max_size=5), st.text(max_size=5))
    def test_check_public_finds_an_id_number_anywhere(self, number: str, before: str, after: str) -> None:
        with pytest.raises(InvalidInputError, match="公民身份号码"):
            check_public({"inspections": [{"opinion": before + number + after}]})

    @given(usccs())
    def test_subject_codes_are_public(self, code: str) -> None:
        check_public({"subject": code}, allowed=[code])

    def test_an_opinion_with_an_id_number_is_refused(self) -> None:
        number = "11010519491231002X"
        done = record(opinion=f"联系人身份证{number}")
        lst = profile("lengshuitan", D(2025, 9, 30))
        with pytest.raises(InvalidInputError, match=r"inspections\[0\]\.opinion: 公民身份号码") as caught:
            disclose(lst, self.plan(), None, [done], {SUBJECT.uscc: SUBJECT}, {})
        assert number not in str(caught.value)

    def test_other_kinds_are_not_published_as_double_random(self) -> None:
        complaint = record(kind=InspectionKind.OTHER, trigger="投诉、举报", team=())
        public = disclose(profile("xuchang", D(2025, 9, 30)), self.plan(), None, [record(), complaint],
                          {SUBJECT.uscc: SUBJECT}, {})
        assert len(public.inspections) == 1

    def test_hebi_publishes_the_inspection_only_and_later_records_apart(self) -> None:
        hebi = profile("hebi", D(2020, 9, 25))
        scheme = hebi.value("results.scheme")
        done = record_result(record(events={Step.ENDED: D(2020, 9, 25), Step.CASE_CLOSED: D(2020, 11, 20)},
                                    transfers=[Transfer("gaj", {Step.CASE_CLOSED: D(2020, 12, 1)})]),
                             scheme, 8, handling=["立案处理"])
        public = disclose(hebi, attrs.evolve(self.plan(), profile="hebi"), None, [done], {SUBJECT.uscc: SUBJECT}, {},
                          redraws=[Redraw("平台故障，经批准重新抽取", "ab" * 32)])
        assert public.inspections[0].handling is None and "handling" not in public.to_json()["inspections"][0]
        assert public.to_json()["redraws"] == [{"reason": "平台故障，经批准重新抽取", "manifest_hash": "ab" * 32}]
        (later,) = later_disclosures(hebi, done, SUBJECT)
        assert later == LaterDisclosure(PublicSubject(SUBJECT.uscc, SUBJECT.name), "P1", "立案处理",
                                        (ClosedCase("yjj", D(2020, 11, 20)), ClosedCase("gaj", D(2020, 12, 1))))
        assert later.to_json() == {
            "subject": {"uscc": SUBJECT.uscc, "name": SUBJECT.name}, "plan_id": "P1", "handling": "立案处理",
            "cases": [{"department": "yjj", "closed": "2020-11-20"}, {"department": "gaj", "closed": "2020-12-01"}]}
        assert LaterDisclosure.from_json(later.to_json()) == later
        assert later_disclosures(profile("xuchang", D(2025, 9, 30)), done, SUBJECT) == []


def _source_rows(name: str, line_start: str, rows: int) -> list[list[str]]:
    """The header rows of a form in the source text, cell by cell, spaces (vertical layout) removed."""
    lines = (SOURCES / name).read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(line_start))
    return [[cell.replace(" ", "") for cell in line.split("\t")] for line in lines[at:at + rows]]


def _chars(text: str) -> set[str]:
    return {c for c in text if "\u4e00" <= c <= "\u9fff"}


class TestHebiForms:
    def test_the_statistics_columns_are_the_forms(self) -> None:
        (header,) = _source_rows("hebi.txt", "抽取序号", 1)
        assert list(STATISTICS_COLUMNS) == header

    def test_the_summary_columns_are_the_forms(self) -> None:
        """附件3: 单位, 抽查户数, then 抽查结果 over eight columns and 处理结果 over four, labelled in the next row.
        The transcription set the labels vertically and lost or moved characters in two of them (发展本次抽查涉及
        经营活动; 发现问题后处理待续), so each form label is matched to the scheme's label (附件4 备注) by its
        characters: each column's form label uses only characters of the scheme label in the same place, and of
        no scheme label fits better."""
        scheme = profile("hebi", D(2020, 9, 25)).value("results.scheme")
        columns = summary_columns(scheme)
        top, labels = _source_rows("hebi.txt", "单位", 2)
        assert top[:3] == ["单位", "抽查户数", "抽查结果"] and "处理结果" in top[3:]  # its cell is one tab short
        form = [label for label in labels[2:] if label]
        assert len(form) == len(columns) - 2 == 8 + 4
        assert form[-4:] == list(columns[-4:])  # 责令改正, 立案处理, 函告许可部门, 移送司法机关, exactly
        for i, label in enumerate(form):
            ours = columns[2 + i]
            assert _chars(label) <= _chars(ours), (label, ours)
            overlap = [len(_chars(label) & _chars(c)) / len(_chars(label) | _chars(c)) for c in columns[2:]]
            assert overlap.index(max(overlap)) == i, (label, ours)

    def test_the_tables_count_results_and_handling(self) -> None:
        hebi = profile("hebi", D(2020, 9, 25))
        scheme = hebi.value("results.scheme")
        other = Subject(code(2), "鹤壁示例", "工贸", "410602", registration_number="410602000000011")
        second = "11010519800101001" + id_number_check_character("11010519800101001")
        people = people_with_personal_data(["11010519491231002X", second])
        published = {Step.ENDED: D(2020, 9, 25), Step.PUBLISHED: D(2020, 9, 30)}
        a = record_result(record(team=tuple(people), events=published), scheme, 5, handling=["责令改正"])
        b = record_result(record(subject=other.uscc, department="scjgj"), scheme, 8, handling=["立案处理", "责令改正"])
        table = summary_table([a, b, record(kind=InspectionKind.OTHER, trigger="组织的专项行动", team=())], scheme)
        assert table[0] == ("scjgj", 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0)
        assert table[1] == ("yjj", 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0)
        assert table[-1] == ("合计", 2, 0, 0, 0, 0, 1, 0, 0, 1, 2, 1, 0, 0)
        rows = statistics_table([a, b], {SUBJECT.uscc: SUBJECT, other.uscc: other}, people)
        assert rows[0][STATISTICS_COLUMNS.index("检查人员")] == "执法人员0、执法人员1"
        assert rows[0][STATISTICS_COLUMNS.index("是否公示")] == "是" and rows[1][-1] == "否"
        assert rows[1][STATISTICS_COLUMNS.index("处理结果")] == "立案处理、责令改正"
        assert [r[STATISTICS_COLUMNS.index("注册号")] for r in rows] == ["", "410602000000011"]


class TestIndicators:
    def test_ratio_against_the_xuchang_floor(self) -> None:
        xc = profile("xuchang", D(2025, 9, 30))
        records = [record(subject=f"S{i}") for i in range(9)] + [record(subject="S0")]
        low = ratio_against_floor(xc, 100, records, 2025)
        assert (low.achieved, low.target, low.met) == (Fraction(9, 100), Fraction(1, 10), False)
        assert ratio_against_floor(xc, 90, records, 2025).met is True
        assert ratio_against_floor(xc, 90, records, 2024).achieved == 0

    def test_shijiazhuang_shares(self) -> None:
        sjz = profile("shijiazhuang", D(2024, 6, 1))
        window = (D(2024, 3, 1), D(2024, 3, 31))
        plans = [InspectionPlan(f"P{i}", "shijiazhuang", ("yjj", "scjgj") if i else ("yjj",), window, (),
                                credit_risk_based=i < 9) for i in range(10)]
        share = credit_risk_share(sjz, plans, "yjj")
        assert (share.achieved, share.met) == (Fraction(9, 10), True)
        # 三(三) counts 抽查数量 per 科室: ten inspections under P9 (not credit-based) outweigh one under P0
        inspected = [record(subject="S0", plan_id="P0")] + [record(subject=f"T{i}", plan_id="P9") for i in range(10)]
        inspected += [record(subject="U0", plan_id="P0", department="scjgj")]  # another 科室's: not counted
        by_count = credit_risk_share(sjz, plans, "yjj", inspected)
        assert (by_count.achieved, by_count.met) == (Fraction(1, 11), False)
        assert by_count.detail == "1 of 11 inspections of yjj"
        by_plans, by_subjects = joint_share(sjz, plans, [record(plan_id="P0"), record(subject="S1", plan_id="P1")])
        assert (by_plans.achieved, by_plans.met) == (Fraction(9, 10), False)
        assert (by_subjects.achieved, by_subjects.met) == (Fraction(1, 2), False)

    def test_the_lengshuitan_cap_counts_double_random_inspections_of_the_year(self) -> None:
        lst = profile("lengshuitan", D(2025, 6, 1))
        exempt = attrs.evolve(SUBJECT, uscc=code(2), abnormal_operation=True)
        records = [record() for _ in range(5)] + [record(subject=exempt.uscc) for _ in range(6)]
        records += [record(kind=InspectionKind.OTHER, trigger="投诉、举报", team=(), subject="X")] * 9
        result = frequency_against_cap(lst, records, {SUBJECT.uscc: SUBJECT, exempt.uscc: exempt}, 2025)
        assert (result.achieved, result.target, result.met) == (5, 4, False)
        assert SUBJECT.uscc in result.detail
        assert frequency_against_cap(lst, records[:4], {SUBJECT.uscc: SUBJECT}, 2025).met is True


class TestPlans:
    def test_only_planned_random_inspections_count(self) -> None:
        assert InspectionKind.DOUBLE_RANDOM.counts_as_double_random
        assert not any(k.counts_as_double_random for k in InspectionKind if k is not InspectionKind.DOUBLE_RANDOM)

    def test_an_annual_plan(self) -> None:
        plan = AnnualPlan(2026, "全区非煤矿山企业", "持有效行政执法证", Fraction(1, 10), 4,
                          [(D(2026, 3, 1), D(2026, 6, 30))], fixed_on=D(2025, 12, 20))
        assert plan.fixed_in_time is True
        assert plan.coverage(95, ["a", "b", "a"]) == (2, 10, False)
        assert plan.over_inspected({"a": 5, "b": 4}) == {"a": 5}
        with pytest.raises(InvalidInputError, match="not inside 2026"):
            AnnualPlan(2026, "s", "r", Fraction(1, 10), 4, [(D(2025, 12, 1), D(2026, 1, 31))])
        with pytest.raises(InvalidInputError, match="not a Fraction"):
            AnnualPlan(2026, "s", "r", 0.1, 4, [])  # type: ignore[arg-type]

    def test_a_plan_window_and_departments(self) -> None:
        with pytest.raises(InvalidInputError, match="ends"):
            InspectionPlan("P", "xuchang", ("yjj",), (D(2025, 3, 2), D(2025, 3, 1)), ())
        with pytest.raises(InvalidInputError, match="repeated"):
            InspectionPlan("P", "xuchang", ("yjj", "yjj"), (D(2025, 3, 1), D(2025, 3, 2)), ())
        joint = InspectionPlan("P", "hebi", ("yjj", "scjgj"), (D(2020, 9, 1), D(2020, 9, 30)), ())
        assert joint.joint and joint.lead == "yjj"


class TestReasonsOutsideDoubleRandom:
    """Each profile says for which reasons an inspection is not double-random (许昌 第一条第二款; 冷水滩 第八条)."""

    def test_a_reason_is_checked_against_the_profiles_own_list(self) -> None:
        from random_inspection.workflow import trigger_problem

        lst = profile("lengshuitan", D(2025, 9, 30))
        assert trigger_problem(lst, "组织的专项行动") is None
        assert trigger_problem(lst, "企业自行申请") is None  # 第八条 ends with 等: the list is open
        assert trigger_problem(lst, " ") == "an inspection that is not double-random gives no reason (trigger)"

    def test_a_closed_list_refuses_a_reason_it_does_not_name(self) -> None:
        from random_inspection.profiles import Rule
        from random_inspection.workflow import trigger_problem

        closed = Rule("scope.excluded_triggers", ("投诉、举报",), profile("xuchang", D(2025, 1, 1)).rule(
            "scope.excluded_triggers").citation)
        assert not closed.open_list
        fake = SimpleNamespace(has=lambda key: True, rule=lambda key: closed)
        assert "is not a reason" in (trigger_problem(fake, "上级部门交办") or "")  # type: ignore[arg-type]

    def test_a_record_stored_under_an_old_kind_reads_as_other_with_its_reason(self) -> None:
        from random_inspection.store.store import record_from_json, record_json

        scheme = profile("xuchang", D(2025, 9, 30)).value("results.scheme")
        data = record_json(record(kind=InspectionKind.OTHER, trigger="投诉、举报", team=()))
        assert data["kind"] == "非双随机检查" and data["trigger"] == "投诉、举报"
        old = {**data, "kind": "投诉举报"}
        del old["trigger"]
        back = record_from_json(old, scheme)
        assert back.kind is InspectionKind.OTHER and back.trigger == "投诉举报"
        assert not back.kind.counts_as_double_random
        with pytest.raises(InvalidInputError, match="gives no reason"):
            record(kind=InspectionKind.OTHER, team=())
