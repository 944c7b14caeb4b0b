"""A time-limit rule's cut-off (民法典 第二百零三条第二款), counting override (第二百零四条) and a second limit on the
same act, from the profile through resolution, explain, obligations and the command line."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from random_inspection.cli import main
from random_inspection.errors import InvalidInputError, ProfileError
from random_inspection.model import Citation, Document, Jurisdiction
from random_inspection.profiles import Event, Profile, ProfileRegistry, Rule, SameAct, hookimpl
from random_inspection.timelimits import CountingOverride, CutOff, Days, WorkingCalendar, WorkingDays
from random_inspection.workflow import InspectionKind, InspectionRecord, Obligation, Status, Step, obligations

D = dt.date
CAL = WorkingCalendar.default()
DOC = Document("测试文件", doc_number="测试〔2025〕1号", effective_from=D(2025, 1, 1))
HOURS = Citation("魏都区政务服务中心办事指南", "办公时间")
LAW = Citation("中华人民共和国行政处罚法", "第八十五条")


def registry(*rules: Rule) -> ProfileRegistry:
    profile = Profile("sixth", "魏都区应急管理局", Jurisdiction("411002", "魏都区", "县区", "411000"), "xuchang",
                      (DOC,), rules)

    @hookimpl
    def random_inspection_profile() -> Profile:
        return profile

    return ProfileRegistry(plugins=[("sixth", SimpleNamespace(random_inspection_profile=random_inspection_profile))])


def record(**steps: dt.date) -> InspectionRecord:
    return InspectionRecord("91411000MA00000000", "p", InspectionKind.DOUBLE_RANDOM, "yjj", ("a",), (),
                            events={Step[k.upper()]: v for k, v in steps.items()})


def one(items: tuple[Obligation, ...], key: str = "feedback") -> Obligation:
    (found,) = [o for o in items if o.key == key]
    return found


class TestRuleFields:
    def test_only_a_time_limit_takes_them(self) -> None:
        with pytest.raises(InvalidInputError, match="only a time limit"):
            Rule("draw.fixed_count", 3, DOC.cite("一"), cut_off=CutOff(dt.time(17), HOURS))
        with pytest.raises(InvalidInputError, match="only a time limit"):
            Rule("draw.fixed_count", 3, DOC.cite("一"), also_governs=(SameAct("limit.feedback", DOC.cite("一"), "x"),))

    def test_values_of_the_wrong_type_are_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="is not a CutOff"):
            Rule("limit.feedback", WorkingDays(5), DOC.cite("一"), cut_off="17:00")
        with pytest.raises(InvalidInputError, match="is not a CountingOverride"):
            Rule("limit.feedback", WorkingDays(5), DOC.cite("一"), counting=True)
        with pytest.raises(InvalidInputError, match="its own act"):
            Rule("limit.feedback", WorkingDays(5), DOC.cite("一"),
                 also_governs=(SameAct("limit.feedback", DOC.cite("一"), "the same"),))
        with pytest.raises(InvalidInputError, match="no reason"):
            SameAct("limit.feedback", DOC.cite("一"), " ")

    def test_resolved_deadline_carries_the_rule_s_cut_off_and_counting(self) -> None:
        reg = registry(Rule("limit.feedback", Days(5), DOC.cite("第三条"), cut_off=CutOff(dt.time(17, 30), HOURS),
                            counting=CountingOverride(LAW, count_in="个工作日")))
        d = reg.deadline("sixth", "limit.feedback", D(2025, 9, 30), CAL)
        assert (d.due, d.ends) == (D(2025, 10, 14), "2025-10-14 17:30")
        assert d.counting is not None and d.counting.citation == LAW
        # the bureau's own hours take the place of the rule's
        other = CutOff(dt.time(16), Citation("联席会议纪要", "三"))
        assert reg.deadline("sixth", "limit.feedback", D(2025, 9, 30), CAL, cut_off=other).ends == "2025-10-14 16:00"

    def test_explain_shows_them_and_leaves_other_rules_as_they_were(self) -> None:
        plain = registry(Rule("limit.feedback", Days(5), DOC.cite("第三条"))).resolve("sixth", D(2025, 6, 1))
        reg = registry(Rule("limit.feedback", Days(5), DOC.cite("第三条"), cut_off=CutOff(dt.time(17, 30), HOURS),
                            counting=CountingOverride(LAW, start_day_counted=True)))
        resolved = reg.resolve("sixth", D(2025, 6, 1))
        (rule,) = [r for r in resolved.explain_data()["rules"] if r["key"] == "limit.feedback"]
        assert rule["cut_off"]["time"] == "17:30"
        assert rule["cut_off"]["legal_basis"] == ["《中华人民共和国民法典》 第二百零三条第二款",
                                                  "《魏都区政务服务中心办事指南》 办公时间"]
        assert rule["counting"]["changes"] == ["开始的当日计入"]
        assert rule["counting"]["citation"] == "《中华人民共和国行政处罚法》 第八十五条"
        text = resolved.explain_text()
        assert "ends at 17:30 on its last day" in text
        assert "counted otherwise (民法典 第二百零四条): 开始的当日计入" in text
        (before,) = [r for r in plain.explain_data()["rules"] if r["key"] == "limit.feedback"]
        assert not {"cut_off", "counting", "also_governs"} & set(before)

    def test_explain_json_from_the_command_line(self) -> None:
        result = CliRunner().invoke(main, ["explain", "yanshi", "--as-of", "2023-06-01", "--format", "json"])
        assert result.exit_code == 0, result.output
        rules = {r["key"]: r for r in json.loads(result.stdout)["rules"]}
        assert rules["limit.publication_portal"]["also_governs"][0]["key"] == "limit.publication"
        assert rules["limit.publication_portal"]["also_governs"][0]["citation"] == "偃应急〔2023〕18号 二(三)、四.4"
        assert "also_governs" not in rules["limit.publication"]
        # none of the five documents states business hours, so no built-in profile sets a cut-off
        for code, day in (("xuchang", "2025-06-01"), ("lengshuitan", "2025-06-01"), ("shijiazhuang", "2024-06-01"),
                          ("hebi", "2020-08-01"), ("yanshi", "2023-06-01")):
            out = CliRunner().invoke(main, ["explain", code, "--as-of", day, "--format", "json"]).stdout
            assert not any("cut_off" in r or "counting" in r for r in json.loads(out)["rules"]), code


class TestObligations:
    def test_the_earlier_of_two_limits_on_one_act_binds(self) -> None:
        reg = registry(
            Rule("limit.publication", WorkingDays(5), DOC.cite("第五条"), runs_from=Event.RESULT_PRODUCED),
            Rule("limit.publication_portal", Days(5), DOC.cite("第六条"),
                 also_governs=(SameAct("limit.publication", DOC.cite("第五条、第六条"), "同一平台"),)),
        )
        profile = reg.resolve("sixth", D(2025, 9, 26))
        found = {o.key: o for o in obligations(record(ended=D(2025, 9, 26), result_produced=D(2025, 9, 29)),
                                               profile, CAL)}
        publication = found["publication"]
        assert [d.due for d in publication.deadlines] == [D(2025, 10, 13), D(2025, 10, 9)]
        assert publication.due == D(2025, 10, 9) and publication.deadline is publication.deadlines[1]
        assert publication.status(D(2025, 10, 10)) is Status.OVERDUE
        # the other limit's own obligation is unchanged
        assert [d.due for d in found["publication_portal"].deadlines] == [D(2025, 10, 9)]

    def test_a_later_second_limit_changes_nothing(self) -> None:
        reg = registry(
            Rule("limit.publication", WorkingDays(2), DOC.cite("第五条")),
            Rule("limit.publication_portal", Days(20), DOC.cite("第六条"),
                 also_governs=(SameAct("limit.publication", DOC.cite("第六条"), "同一平台"),)),
        )
        publication = one(obligations(record(ended=D(2025, 3, 3)), reg.resolve("sixth", D(2025, 3, 3)), CAL),
                          "publication")
        assert publication.due == D(2025, 3, 5) and len(publication.deadlines) == 2
        assert publication.deadline is publication.deadlines[0]

    def test_a_second_limit_on_no_time_limit_is_refused(self) -> None:
        reg = registry(Rule("limit.publication", WorkingDays(2), DOC.cite("第五条"),
                            also_governs=(SameAct("draw.fixed_count", DOC.cite("第五条"), "x"),)))
        with pytest.raises(ProfileError, match="no time limit"):
            obligations(record(ended=D(2025, 3, 3)), reg.resolve("sixth", D(2025, 3, 3)), CAL)

    def test_the_plan_s_cut_off_and_the_time_of_the_act(self) -> None:
        reg = registry(Rule("limit.feedback", WorkingDays(5), DOC.cite("第三条")))
        profile = reg.resolve("sixth", D(2025, 9, 30))
        hours = CutOff(dt.time(17), HOURS)
        due = D(2025, 10, 14)
        open_ = one(obligations(record(ended=D(2025, 9, 30)), profile, CAL, cut_offs={"feedback": hours}))
        assert open_.ends_at == dt.datetime(2025, 10, 14, 17)
        assert open_.status_at(dt.datetime(2025, 10, 14, 16, 59)) is Status.OPEN
        assert open_.status_at(dt.datetime(2025, 10, 14, 17, 1)) is Status.OVERDUE
        assert open_.status(due) is Status.OVERDUE  # at the end of the due day business has stopped
        met = one(obligations(record(ended=D(2025, 9, 30), fed_back=due), profile, CAL, cut_offs={"feedback": hours}))
        assert met.status(due) is Status.MET  # the time is not known: met that day
        assert met.status_at(dt.datetime(2025, 10, 15, 9), met_at=dt.datetime(2025, 10, 14, 16)) is Status.MET
        assert met.status_at(dt.datetime(2025, 10, 15, 9), met_at=dt.datetime(2025, 10, 14, 17, 30)) \
            is Status.MET_LATE
        # without a cut-off the day ends at 24:00, as before
        plain = one(obligations(record(ended=D(2025, 9, 30)), profile, CAL))
        assert plain.status(due) is Status.OPEN and plain.deadline is not None and plain.deadline.cut_off is None


class TestDueCommand:
    def run(self, *args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, ["due", *args])
        return result.exit_code, result.stdout, result.stderr

    def test_cut_off_and_counting(self) -> None:
        code, out, _ = self.run("2025-09-30", "5日", "--count-in", "个工作日", "--counting-law",
                                "中华人民共和国行政处罚法 第八十五条", "--cut-off", "17:30", "--hours-source",
                                "魏都区政务服务中心办事指南 办公时间", "--format", "json")
        assert code == 0
        data = json.loads(out)
        assert (data["due"], data["ends"]) == ("2025-10-14", "2025-10-14 17:30")
        assert data["counting"] == {"changes": ["按个工作日计算"],
                                    "citation": "《中华人民共和国行政处罚法》 第八十五条"}
        assert data["cut_off"]["source"] == "《魏都区政务服务中心办事指南》 办公时间"
        assert "《中华人民共和国民法典》 第二百零四条" in data["legal_basis"]

    def test_no_extension_text(self) -> None:
        code, out, _ = self.run("2025-09-30", "5日", "--no-extension", "--counting-law", "某法 第十条")
        assert code == 0
        assert out.startswith("2025-09-30 + 5日 → 2025-10-05; counted otherwise (民法典 第二百零四条)")

    @pytest.mark.parametrize("args", [("--cut-off", "17:00"), ("--start-day-counted",),
                                      ("--counting-law", "无条文")])
    def test_incomplete_options_are_one_line_errors(self, args: tuple[str, ...]) -> None:
        code, out, err = self.run("2025-09-30", "5日", *args)
        assert code == 2 and out == ""
        assert err.startswith("error: ") and "fix:" in err
