"""The working-day calendar and periods counted as 民法典 第二百零一至二百零三条 count them."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from random_inspection.errors import CalendarError, HolidayScheduleMissing, InvalidInputError
from random_inspection.model import Citation
from random_inspection.timelimits import (
    DayKind,
    Days,
    HolidaySchedule,
    Months,
    WorkingCalendar,
    WorkingDays,
    deadline,
    official_schedules,
    parse_period,
    statutory_schedule,
)

from .oracles import OFFICIAL_FIRST, OFFICIAL_LAST, naive_add_working_days

D = dt.date
official_days = st.dates(OFFICIAL_FIRST, OFFICIAL_LAST - dt.timedelta(days=120))
any_days = st.dates(D(2000, 1, 1), D(2095, 12, 31))
periods = st.one_of(
    st.builds(WorkingDays, st.integers(1, 60)),
    st.builds(Days, st.integers(1, 90)),
    st.builds(Months, st.integers(1, 24)),
)


class TestWorkingDays:
    def test_from_a_saturday_one_working_day_is_monday(self, cal: WorkingCalendar) -> None:
        # chinese-calendar's find_workday answers 2026-03-10 here (design.md); the law says Monday.
        assert chinese_calendar.find_workday(1, D(2026, 3, 7)) == D(2026, 3, 10)
        assert cal.add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)

    def test_make_up_weekends_count_and_holidays_do_not(self, cal: WorkingCalendar) -> None:
        # 2026 国庆节: 10月1日至7日 off, 9月20日 (Sun) and 10月10日 (Sat) working.
        assert cal.add_working_days(D(2026, 9, 19), 1) == D(2026, 9, 20)
        assert cal.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
        assert cal.describe(D(2026, 10, 10)).kind is DayKind.MAKEUP_WORKDAY
        assert cal.describe(D(2026, 10, 2)).kind is DayKind.HOLIDAY
        assert cal.describe(D(2026, 10, 2)).name == "国庆节"

    @given(official_days, st.integers(0, 80))
    def test_matches_a_day_by_day_walk_over_chinese_calendar(self, day: dt.date, n: int) -> None:
        cal = WorkingCalendar.default()
        assert cal.add_working_days(day, n) == naive_add_working_days(day, n)

    @given(official_days)
    def test_working_day_flags_match_chinese_calendar(self, day: dt.date) -> None:
        assert WorkingCalendar.default().is_working_day(day) == chinese_calendar.is_workday(day)

    @given(any_days, st.integers(1, 400))
    def test_lands_on_a_working_day_after_the_event(self, day: dt.date, n: int) -> None:
        cal = WorkingCalendar.default()
        due = cal.add_working_days(day, n)
        assert due > day
        assert cal.is_working_day(due)
        assert cal.working_days_between(day, due) == n

    @given(any_days, st.integers(0, 300), st.integers(0, 300))
    def test_monotone_in_n(self, day: dt.date, a: int, b: int) -> None:
        cal = WorkingCalendar.default()
        lo, hi = sorted((a, b))
        assert cal.add_working_days(day, lo) <= cal.add_working_days(day, hi)
        if lo < hi:
            assert cal.add_working_days(day, lo) < cal.add_working_days(day, hi)

    @given(st.lists(st.dates(D(2000, 1, 1), D(2099, 10, 31)), min_size=1, max_size=40), st.integers(0, 30))
    def test_batch_equals_one_by_one(self, days: list[dt.date], n: int) -> None:
        cal = WorkingCalendar.default()
        assert cal.add_working_days_many(days, n) == [cal.add_working_days(d, n) for d in days]

    def test_next_working_day(self, cal: WorkingCalendar) -> None:
        assert cal.next_working_day(D(2026, 10, 1)) == D(2026, 10, 8)
        assert cal.next_working_day(D(2026, 10, 8)) == D(2026, 10, 8)
        assert cal.next_working_day(D(2026, 10, 8), include_self=False) == D(2026, 10, 9)

    def test_negative_n_is_refused(self, cal: WorkingCalendar) -> None:
        with pytest.raises(InvalidInputError, match="from 0 to"):
            cal.add_working_days(D(2026, 1, 5), -1)

    def test_far_ahead_extends_the_tables(self) -> None:
        cal = WorkingCalendar.default()
        due = cal.add_working_days(D(2005, 1, 4), 2000)
        assert due == naive_add_working_days(D(2005, 1, 4), 2000)


class TestPeriods:
    @given(any_days, periods)
    def test_due_is_never_before_the_event(self, event: dt.date, period: WorkingDays | Days | Months) -> None:
        d = deadline(event, period, WorkingCalendar.default())
        assert d.due > event

    @given(any_days, periods)
    def test_due_is_a_working_day(self, event: dt.date, period: WorkingDays | Days | Months) -> None:
        cal = WorkingCalendar.default()
        assert cal.is_working_day(deadline(event, period, cal).due)

    @given(any_days, st.integers(1, 90))
    def test_calendar_days_end_on_the_first_working_day_on_or_after_the_nominal_day(
        self, event: dt.date, n: int
    ) -> None:
        cal = WorkingCalendar.default()
        d = deadline(event, Days(n), cal)
        nominal = event + dt.timedelta(days=n)
        assert d.due >= nominal
        assert all(cal.is_rest_day(nominal + dt.timedelta(days=k)) for k in range((d.due - nominal).days))
        assert (d.extended_from is not None) == (d.due != nominal)

    def test_calendar_days_extend_over_a_holiday(self, cal: WorkingCalendar) -> None:
        d = deadline(D(2026, 9, 25), Days(10), cal)
        assert (d.due, d.extended_from) == (D(2026, 10, 8), D(2026, 10, 5))
        assert [c.article for c in d.legal_basis] == ["第二百零一条", "第二百零三条"]

    def test_calendar_days_ending_on_a_working_day_are_not_extended(self, cal: WorkingCalendar) -> None:
        d = deadline(D(2026, 9, 30), Days(10), cal)  # 10月10日 is a make-up working Saturday
        assert (d.due, d.extended_from) == (D(2026, 10, 10), None)

    @pytest.mark.parametrize(
        ("event", "months", "due"),
        [
            (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year: last day of February
            (D(2025, 1, 31), 1, D(2025, 2, 28)),
            (D(2026, 3, 31), 1, D(2026, 4, 30)),
            (D(2026, 1, 15), 3, D(2026, 4, 15)),
            (D(2026, 6, 30), 3, D(2026, 9, 30)),  # a Wednesday, a working day: no extension
        ],
    )
    def test_months_clip_to_month_end(self, cal: WorkingCalendar, event: dt.date, months: int, due: dt.date) -> None:
        assert deadline(event, Months(months), cal).due == due

    def test_months_then_rest_day_extension(self, cal: WorkingCalendar) -> None:
        d = deadline(D(2026, 7, 3), Months(3), cal)  # 10月3日 is in the National Day holiday
        assert (d.due, d.extended_from) == (D(2026, 10, 8), D(2026, 10, 3))
        assert [c.article for c in d.legal_basis] == ["第二百零一条", "第二百零二条", "第二百零三条"]

    def test_citation_is_carried(self, cal: WorkingCalendar) -> None:
        rule = Citation("“双随机、一公开”监管工作实施细则", "第十六条", doc_number="许应急〔2023〕14号")
        d = deadline(D(2025, 9, 30), WorkingDays(5), cal, citation=rule)
        assert d.citation == rule
        assert d.explain() == "2025-09-30 + 5个工作日 → 2025-10-14 [许应急〔2023〕14号 第十六条]"

    def test_status_on(self, cal: WorkingCalendar) -> None:
        d = deadline(D(2025, 9, 30), WorkingDays(5), cal)
        assert d.status_on(D(2025, 10, 14)) == "open"
        assert d.status_on(D(2025, 10, 15)) == "overdue"
        assert d.status_on(D(2025, 10, 15), met_on=D(2025, 10, 14)) == "met"
        assert d.status_on(D(2025, 10, 20), met_on=D(2025, 10, 16)) == "met late"
        assert d.status_on(D(2025, 10, 1), met_on=D(2025, 10, 16)) == "open"  # not met yet on that day

    @pytest.mark.parametrize("bad", [0, -3, 1.5, True])
    def test_period_lengths_must_be_whole_and_positive(self, bad: object) -> None:
        with pytest.raises(InvalidInputError, match="whole number"):
            WorkingDays(bad)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("text", "period"),
        [
            ("5个工作日", WorkingDays(5)), ("5工作日", WorkingDays(5)), ("5wd", WorkingDays(5)),
            ("10日", Days(10)), ("7天", Days(7)), ("10d", Days(10)),
            ("3个月", Months(3)), ("3m", Months(3)), (" 20 个工作日 ", WorkingDays(20)), ("１０日", Days(10)),
        ],
    )
    def test_parse_period(self, text: str, period: object) -> None:
        assert parse_period(text) == period

    @pytest.mark.parametrize("text", ["", "五日", "5", "5 weeks", "-5d", "0d", "²d"])
    def test_parse_period_refuses_what_it_cannot_read(self, text: str) -> None:
        with pytest.raises(InvalidInputError):
            parse_period(text)


class TestProvisionalYears:
    def test_2027_is_provisional_and_says_so(self, cal: WorkingCalendar) -> None:
        d = deadline(D(2027, 2, 3), WorkingDays(5), cal)
        assert d.provisional
        assert d.provisional_years == (2027,)
        assert "provisional" in d.explain()
        # 春节 2027 by statute: 除夕 2月5日 to 初三 2月8日, and 补假 for 6日 (Sat) and 7日 (Sun): 9日, 10日.
        assert d.due == D(2027, 2, 16)

    def test_only_consulted_years_count(self, cal: WorkingCalendar) -> None:
        assert not deadline(D(2026, 11, 18), WorkingDays(5), cal).provisional
        assert deadline(D(2026, 12, 28), WorkingDays(5), cal).provisional_years == (2027,)
        # For calendar days only the nominal last day onwards is consulted: 2003 (no official schedule in
        # chinese-calendar) is passed over, 2004-01-10 and after are official.
        assert deadline(D(2003, 12, 1), Days(40), cal).provisional_years == ()
        assert deadline(D(2003, 11, 1), Days(40), cal).provisional_years == (2003,)

    def test_strict_refuses_with_a_clear_error(self, cal: WorkingCalendar) -> None:
        with pytest.raises(HolidayScheduleMissing) as info:
            deadline(D(2026, 12, 28), WorkingDays(5), cal, strict=True)
        assert info.value.year == 2027
        assert "2027" in info.value.fix and "with_schedule" in info.value.fix
        assert info.value.where == "2026-12-28 + 5个工作日"

    def test_strict_calendar_refuses_every_lookup_in_a_provisional_year(self) -> None:
        strict = WorkingCalendar.default(strict=True)
        for call in (
            lambda: strict.add_working_days(D(2026, 12, 28), 5),
            lambda: strict.is_working_day(D(2027, 3, 1)),
            lambda: strict.describe(D(2027, 3, 1)),
            lambda: strict.next_working_day(D(2027, 3, 1)),
            lambda: strict.working_days_between(D(2026, 12, 1), D(2027, 1, 10)),
            lambda: strict.add_working_days_many([D(2026, 12, 28)], 5),
        ):
            with pytest.raises(HolidayScheduleMissing):
                call()
        # ...but answers within official years, and per-call strict=False overrides it.
        assert strict.add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)
        assert deadline(D(2027, 2, 3), WorkingDays(5), strict, strict=False).provisional

    @given(st.integers(2008, 2026))
    def test_statutory_holidays_are_rest_days_in_the_official_years(self, year: int) -> None:
        cal = WorkingCalendar.default()
        for day, name in statutory_schedule(year).days_off:
            if not name.endswith("补假") and day.year == year:
                assert cal.is_rest_day(day), (day, name)

    @pytest.mark.parametrize(
        ("year", "expected"),
        [
            # 国务院令第795号 (from 2025): 春节 除夕 and 初一至初三, 劳动节 5月1日、2日.
            (2025, {D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31), D(2025, 5, 1), D(2025, 5, 2)}),
            # 国务院令第644号 (2014-2024): 春节 初一至初三 only, 劳动节 5月1日 only.
            (2024, {D(2024, 2, 10), D(2024, 2, 11), D(2024, 2, 12), D(2024, 5, 1)}),
            # 国务院令第513号 (2008-2013): 春节 除夕、初一、初二.
            (2013, {D(2013, 2, 9), D(2013, 2, 10), D(2013, 2, 11)}),
        ],
    )
    def test_each_version_of_the_regulation(self, year: int, expected: set[dt.date]) -> None:
        off = {d for d, _ in statutory_schedule(year).days_off}
        assert expected <= off
        if year == 2024:
            assert D(2024, 2, 9) not in off and D(2024, 5, 2) not in off
        if year == 2013:
            assert D(2013, 2, 12) not in {d for d, n in statutory_schedule(year).days_off if n == "春节"}

    def test_2027_statutory_schedule(self) -> None:
        s = statutory_schedule(2027)
        assert s.provisional
        off = dict(s.days_off)
        assert off[D(2027, 1, 1)] == "元旦"
        assert [d for d, n in s.days_off if n == "春节"] == [D(2027, 2, 5) + dt.timedelta(days=i) for i in range(4)]
        assert off[D(2027, 4, 5)] == "清明节"
        assert off[D(2027, 6, 9)] == "端午节"
        assert off[D(2027, 9, 15)] == "中秋节"
        # 5月1日、2日 fall on Saturday and Sunday: two weekday 补假, 3日 and 4日 (第六条).
        assert off[D(2027, 5, 3)] == off[D(2027, 5, 4)] == "劳动节补假"
        assert s.working_weekends == ()

    def test_a_festival_on_another_holiday_is_one_day_off(self) -> None:
        # 2009: 中秋节 on 10月3日, inside 国庆节; named in the order of 第二条 (中秋节 before 国庆节).
        off = dict(statutory_schedule(2009).days_off)
        assert off[D(2009, 10, 3)] == "中秋节、国庆节"

    @pytest.mark.parametrize("year", [1949, 1999, 2100, 2200])
    def test_outside_the_provisional_range_is_a_clear_error(self, cal: WorkingCalendar, year: int) -> None:
        with pytest.raises(CalendarError, match=str(year)) as info:
            cal.add_working_days(D(year, 6, 1), 5)
        assert "with_schedule" in info.value.fix

    def test_loading_the_official_schedule_makes_a_year_final(self, cal: WorkingCalendar) -> None:
        schedule = HolidaySchedule.from_dict({
            "year": 2027,
            "source": "a test arrangement for 2027",
            "festivals": [
                {"name": "春节", "off": ["2027-02-05/2027-02-12"], "work": ["2027-02-20"]},
            ],
        })
        loaded = cal.with_schedule(schedule)
        assert loaded.is_official(2027) and not cal.is_official(2027)
        d = deadline(D(2027, 2, 3), WorkingDays(5), loaded, strict=True)
        assert not d.provisional
        # 2月4日 (1), 2月15日 to 18日 (2-5): the loaded schedule decides, 2月9日、10日 are days off in it.
        assert d.due == D(2027, 2, 18)
        assert loaded.is_working_day(D(2027, 2, 20))
        # the original calendar is unchanged
        assert deadline(D(2027, 2, 3), WorkingDays(5), cal).provisional


class TestReviewRegressions:
    def test_december_of_the_last_official_year_waits_for_the_next_notice(self) -> None:
        # Before the 2019 notice was known, 2018-12-29 (Sat) looked like a rest day and 12-31 a working day.
        # A calendar without 2019 must therefore call late-December answers provisional, and strict refuse them.
        official = dict(official_schedules())
        s2018 = official[2018]
        cut = D(2018, 12, 29)
        before = HolidaySchedule(2018, [p for p in s2018.days_off if p[0] < cut],
                                 [p for p in s2018.working_weekends if p[0] < cut], "2018 without the 2019 notice")
        cal = WorkingCalendar({y: v for y, v in official.items() if y < 2018} | {2018: before})
        assert deadline(D(2018, 12, 28), WorkingDays(1), cal).provisional_years == (2019,)
        assert cal.describe(D(2018, 12, 31)).provisional
        assert not cal.describe(D(2018, 11, 30)).provisional
        with pytest.raises(HolidayScheduleMissing):
            deadline(D(2018, 12, 21), Days(10), cal, strict=True)
        # with the real 2019 notice loaded, the same days are final and right
        full = WorkingCalendar.default()
        assert deadline(D(2018, 12, 28), WorkingDays(1), full, strict=True).due == D(2018, 12, 29)

    def test_batch_near_the_end_of_the_range_and_its_strict_check(self) -> None:
        cal = WorkingCalendar.default()
        assert cal.add_working_days_many([D(2099, 1, 4)], 1) == [cal.add_working_days(D(2099, 1, 4), 1)]
        assert cal.add_working_days_many([D(2003, 12, 31)], 1, strict=True) == [D(2004, 1, 2)]

    def test_answers_do_not_depend_on_what_was_asked_before(self) -> None:
        far = HolidaySchedule(2101, [], [], "a test schedule for 2101")
        fresh = WorkingCalendar.default().with_schedule(far)
        used = WorkingCalendar.default().with_schedule(far)
        used.is_working_day(D(2026, 1, 5))
        assert used.is_working_day(D(2101, 1, 3)) == fresh.is_working_day(D(2101, 1, 3))
        assert used.is_working_day(D(2026, 1, 5)) is True

    def test_official_schedules_are_read_only(self) -> None:
        with pytest.raises(TypeError):
            official_schedules()[2026] = official_schedules()[2025]  # type: ignore[index]
        with pytest.raises(AttributeError):
            WorkingCalendar.default().strict = True  # type: ignore[misc]

    @pytest.mark.parametrize(
        "make",
        [
            lambda cal: deadline(D(2026, 1, 1), Days(10**7), cal),
            lambda cal: deadline(D(2026, 1, 1), Months(10**5), cal),
            lambda cal: deadline(D(9999, 12, 31), Days(1), cal),
            lambda cal: cal.add_working_days(D(2026, 1, 1), 10**9),
        ],
    )
    def test_absurd_inputs_get_library_errors(self, cal: WorkingCalendar, make: object) -> None:
        with pytest.raises((CalendarError, InvalidInputError)):
            make(cal)  # type: ignore[operator]

    def test_schedule_keys_must_be_years(self) -> None:
        with pytest.raises(CalendarError, match="whole number"):
            WorkingCalendar({"2027": HolidaySchedule(2027, [], [], "t")})  # type: ignore[dict-item]

    def test_three_yue_is_march_not_three_months(self) -> None:
        with pytest.raises(InvalidInputError):
            parse_period("3月")


class TestCalendarConstruction:
    def test_schedule_under_the_wrong_year(self) -> None:
        s = HolidaySchedule(2027, [(D(2027, 1, 1), "元旦")], [], "test")
        with pytest.raises(CalendarError, match="under the year 2028"):
            WorkingCalendar({2028: s})

    def test_provisional_schedule_is_not_official(self) -> None:
        with pytest.raises(CalendarError, match="provisional"):
            WorkingCalendar({2027: statutory_schedule(2027)})

    def test_official_years(self, cal: WorkingCalendar) -> None:
        assert set(range(2004, 2027)) <= cal.official_years
        assert 2027 not in cal.official_years

    def test_a_following_years_notice_may_set_days_at_the_end_of_this_year(self) -> None:
        # 2019's notice set 2018-12-29 (Sat) as a working day and 12-31 as a day off.
        s2019 = HolidaySchedule(
            2019, [(D(2018, 12, 31), "元旦"), (D(2019, 1, 1), "元旦")], [(D(2018, 12, 29), "元旦")], "test 2019"
        )
        cal = WorkingCalendar({2019: s2019})
        assert cal.is_working_day(D(2018, 12, 29))
        assert cal.is_rest_day(D(2018, 12, 31))
        assert cal.describe(D(2018, 12, 31)).provisional  # 2018 itself has no official schedule here

    @given(official_days, st.integers(1, 30))
    def test_calendars_built_in_any_order_agree(self, day: dt.date, n: int) -> None:
        # Lazily extended tables must give the same answers whatever was asked first.
        first, second = WorkingCalendar.default(), WorkingCalendar.default()
        first.add_working_days(D(2025, 1, 1), 1)
        assume(day.year > 2004)
        assert first.add_working_days(day, n) == second.add_working_days(day, n)
