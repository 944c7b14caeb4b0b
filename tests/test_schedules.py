"""Holiday schedules: validation, reading from data and from files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from random_inspection.errors import DataError, ScheduleError
from random_inspection.io import load_schedule_file
from random_inspection.timelimits import HolidaySchedule, WorkingCalendar, official_schedules

D = dt.date

GOOD = {
    "year": 2027,
    "source": "a test arrangement for 2027",
    "festivals": [
        {"name": "元旦", "off": ["2027-01-01/2027-01-03"]},
        {"name": "春节", "off": ["2027-02-05/2027-02-12"], "work": ["2027-02-20"]},
    ],
}

TOML = """\
year = 2027
source = "a test arrangement for 2027"

[[festivals]]
name = "元旦"
off = ["2027-01-01/2027-01-03"]

[[festivals]]
name = "春节"
off = ["2027-02-05/2027-02-12"]
work = [2027-02-20]   # a TOML date literal works as well as a string
"""


class TestHolidaySchedule:
    def test_from_dict_expands_ranges(self) -> None:
        s = HolidaySchedule.from_dict(GOOD)
        assert len(s.days_off) == 3 + 8
        assert dict(s.days_off)[D(2027, 2, 8)] == "春节"
        assert s.working_weekends == ((D(2027, 2, 20), "春节"),)
        assert not s.provisional

    def test_to_dict_round_trip(self) -> None:
        s = HolidaySchedule.from_dict(GOOD)
        assert HolidaySchedule.from_dict(s.to_dict()) == s

    def test_every_problem_is_reported_with_its_path(self) -> None:
        bad = {
            "year": "2027",
            "festivals": [
                {"name": "春节", "off": ["2027-02-30", "2027-02-10/2027-02-05"], "work": [20270220]},
                {"off": ["2027-01-01"], "extra": 1},
                "元旦",
            ],
            "typo": True,
        }
        with pytest.raises(DataError) as info:
            HolidaySchedule.from_dict(bad)
        paths = [i.path for i in info.value.issues]
        assert paths == [
            "$.typo",
            "$.year",
            "$.source",
            "$.festivals[0].off[0]",
            "$.festivals[0].off[1]",
            "$.festivals[0].work[0]",
            "$.festivals[1].extra",
            "$.festivals[1].name",
            "$.festivals[2]",
        ]
        assert "ends before it starts" in str(info.value)

    def test_a_weekday_cannot_be_a_make_up_working_day(self) -> None:
        with pytest.raises(ScheduleError, match=r"2027-02-19 .*weekday"):
            HolidaySchedule(2027, [], [(D(2027, 2, 19), "春节")], "test")

    def test_a_day_cannot_be_both_off_and_working(self) -> None:
        with pytest.raises(ScheduleError, match="both"):
            HolidaySchedule(2027, [(D(2027, 2, 20), "春节")], [(D(2027, 2, 20), "春节")], "test")

    def test_dates_must_belong_to_the_year(self) -> None:
        with pytest.raises(ScheduleError, match="outside the year 2027"):
            HolidaySchedule(2027, [(D(2028, 5, 1), "劳动节")], [], "test")

    def test_a_date_listed_twice_is_refused(self) -> None:
        with pytest.raises(ScheduleError, match="twice"):
            HolidaySchedule(2027, [(D(2027, 5, 1), "劳动节"), (D(2027, 5, 1), "劳动节")], [], "test")

    def test_from_dict_turns_schedule_errors_into_data_errors(self) -> None:
        data = dict(GOOD, festivals=[{"name": "春节", "work": ["2027-02-19"]}])
        with pytest.raises(DataError, match="weekday"):
            HolidaySchedule.from_dict(data)

    def test_official_schedules_come_from_chinese_calendar(self) -> None:
        schedules = official_schedules()
        assert min(schedules) == 2004
        s2026 = schedules[2026]
        assert "2026年部分节假日安排" in s2026.source and "chinese-calendar" in s2026.source
        assert (D(2026, 2, 14), "春节") in s2026.working_weekends
        assert dict(s2026.days_off)[D(2026, 10, 1)] == "国庆节"
        assert dict(schedules[2015].days_off)[D(2015, 9, 3)].startswith("中国人民抗日战争")


class TestLoadScheduleFile:
    def test_toml(self, tmp_path: Path) -> None:
        path = tmp_path / "holidays-2027.toml"
        path.write_text(TOML, encoding="utf-8")
        assert load_schedule_file(path) == HolidaySchedule.from_dict(GOOD)

    def test_json_with_bom(self, tmp_path: Path) -> None:
        path = tmp_path / "holidays-2027.json"
        path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD, ensure_ascii=False).encode("utf-8"))
        loaded = load_schedule_file(path)
        cal = WorkingCalendar.default().with_schedule(loaded)
        assert cal.is_official(2027)
        assert cal.is_working_day(D(2027, 2, 20))

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(DataError, match=r"holidays-2099\.toml"):
            load_schedule_file(tmp_path / "holidays-2099.toml")

    def test_not_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "s.json"
        path.write_bytes(json.dumps(GOOD, ensure_ascii=False).encode("gb18030"))
        with pytest.raises(DataError, match="UTF-8"):
            load_schedule_file(path)

    def test_syntax_error(self, tmp_path: Path) -> None:
        path = tmp_path / "s.toml"
        path.write_text("year = ", encoding="utf-8")
        with pytest.raises(DataError, match="cannot parse"):
            load_schedule_file(path)

    def test_top_level_must_be_a_table(self, tmp_path: Path) -> None:
        path = tmp_path / "s.json"
        path.write_text("[1, 2]", encoding="utf-8")
        with pytest.raises(DataError, match="table"):
            load_schedule_file(path)

    def test_content_errors_name_the_file(self, tmp_path: Path) -> None:
        path = tmp_path / "s.json"
        path.write_text(json.dumps(dict(GOOD, year="x")), encoding="utf-8")
        with pytest.raises(DataError) as info:
            load_schedule_file(path)
        assert info.value.issues[0].path == f"{path}:$.year"


class TestScheduleReviewRegressions:
    def test_every_entry_problem_is_reported_with_its_path(self) -> None:
        data = dict(GOOD, festivals=[{"name": "春节", "off": ["2027-02-06"],
                                      "work": ["2027-02-19", "2027-02-06", "2028-03-01", "2027-01-09", "2027-01-09"]}])
        with pytest.raises(DataError) as info:
            HolidaySchedule.from_dict(data)
        by_path: dict[str, str] = {}
        for issue in info.value.issues:
            by_path[issue.path] = by_path.get(issue.path, "") + issue.message + "\n"
        assert "weekday" in by_path["$.festivals[0].work[0]"]
        assert "both" in by_path["$.festivals[0].work[1]"]
        assert "outside the year 2027" in by_path["$.festivals[0].work[2]"]
        assert "twice" in by_path["$.festivals[0].work[4]"]

    @pytest.mark.parametrize("bad", [None, [1, 2], "2027"])
    def test_not_a_table(self, bad: object) -> None:
        with pytest.raises(DataError, match="expected a table"):
            HolidaySchedule.from_dict(bad)  # type: ignore[arg-type]

    @pytest.mark.parametrize("year", [10**20, 9999, 1, True])
    def test_implausible_years(self, year: object) -> None:
        with pytest.raises(DataError) as info:
            HolidaySchedule.from_dict(dict(GOOD, year=year))
        assert info.value.issues[0].path == "$.year"

    def test_provisional_must_be_a_boolean(self) -> None:
        with pytest.raises(DataError, match=r"\$\.provisional"):
            HolidaySchedule.from_dict(dict(GOOD, provisional="false"))

    @pytest.mark.parametrize("text", ["20270101", "2027-W01-1", "2027-1-1"])
    def test_dates_must_be_written_in_full(self, text: str) -> None:
        with pytest.raises(DataError, match="YYYY-MM-DD"):
            HolidaySchedule.from_dict(dict(GOOD, festivals=[{"name": "元旦", "off": [text]}]))

    def test_the_constructor_refuses_a_year_it_cannot_hold(self) -> None:
        with pytest.raises(ScheduleError, match="9999"):
            HolidaySchedule(9999, [], [], "x")
