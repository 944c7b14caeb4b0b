"""What a rule may change in counting: the cut-off of 民法典 第二百零三条第二款 and the overrides of 第二百零四条."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.model import Citation
from random_inspection.timelimits import (
    CountingOverride,
    CutOff,
    Days,
    Months,
    WorkingCalendar,
    WorkingDays,
    deadline,
)

from .oracles import OFFICIAL_FIRST, OFFICIAL_LAST

D = dt.date
CAL = WorkingCalendar.default()
PENALTY_LAW = Citation("中华人民共和国行政处罚法", "第八十五条")
HOURS = Citation("某政务服务中心办事指南", "办公时间")
days = st.dates(OFFICIAL_FIRST, OFFICIAL_LAST - dt.timedelta(days=400))
periods = st.one_of(
    st.builds(WorkingDays, st.integers(1, 40)),
    st.builds(Days, st.integers(1, 60)),
    st.builds(Months, st.integers(1, 12)),
)
day_periods = st.one_of(st.builds(WorkingDays, st.integers(1, 40)), st.builds(Days, st.integers(1, 60)))
cut_offs = st.builds(CutOff, st.times(dt.time(0, 1), dt.time(23, 59)), st.just(HOURS))


def override(**changes: object) -> CountingOverride:
    return CountingOverride(PENALTY_LAW, **changes)  # type: ignore[arg-type]


class TestCutOff:
    def test_the_last_day_ends_when_business_stops(self) -> None:
        d = deadline(D(2025, 9, 30), WorkingDays(5), CAL, cut_off=CutOff(dt.time(17, 30), HOURS))
        assert d.due == D(2025, 10, 14)
        assert d.ends_at == dt.datetime(2025, 10, 14, 17, 30)
        assert d.ends == "2025-10-14 17:30"
        assert "ends at 17:30" in d.explain() and "第二百零三条第二款" in d.explain()
        assert [c.short() for c in d.legal_basis][-2:] == ["《中华人民共和国民法典》 第二百零三条第二款",
                                                           "《某政务服务中心办事指南》 办公时间"]

    def test_without_a_cut_off_the_day_ends_at_24(self) -> None:
        d = deadline(D(2025, 9, 30), WorkingDays(5), CAL)
        assert d.ends_at == dt.datetime(2025, 10, 15, 0, 0)
        assert d.ends == "2025-10-14 24:00"
        assert d.status_at(dt.datetime(2025, 10, 14, 23, 59), met_at=dt.datetime(2025, 10, 14, 23, 0)) == "met"

    def test_an_act_after_business_stopped_on_the_last_day_is_late(self) -> None:
        d = deadline(D(2025, 9, 30), WorkingDays(5), CAL, cut_off=CutOff(dt.time(17, 0), HOURS))
        day = D(2025, 10, 14)
        assert d.status_at(dt.datetime.combine(day, dt.time(16, 59))) == "open"
        assert d.status_at(dt.datetime.combine(day, dt.time(17, 1))) == "overdue"
        assert d.status_at(dt.datetime.combine(day, dt.time(18)), dt.datetime.combine(day, dt.time(16))) == "met"
        assert d.status_at(dt.datetime.combine(day, dt.time(18)), dt.datetime.combine(day, dt.time(17, 30))) \
            == "met late"
        # by the day: not met at the end of the last day is overdue; met that day at an unknown time is met
        assert d.status_on(day) == "overdue"
        assert d.status_on(day, met_on=day) == "met"
        assert d.status_on(day - dt.timedelta(days=1)) == "open"

    @pytest.mark.parametrize("bad", [dt.time(0, 0), "17:00", dt.time(17, tzinfo=dt.timezone.utc)])
    def test_a_cut_off_is_a_local_time_after_midnight(self, bad: object) -> None:
        with pytest.raises(InvalidInputError, match="cut-off"):
            CutOff(bad, HOURS)  # type: ignore[arg-type]

    def test_a_cut_off_says_where_the_hours_come_from(self) -> None:
        with pytest.raises(InvalidInputError, match="not a Citation"):
            CutOff(dt.time(17), "办公时间")  # type: ignore[arg-type]

    @given(days, periods, cut_offs)
    def test_a_cut_off_moves_no_date_and_ends_no_later_than_24(self, event: dt.date, period: WorkingDays | Days |
                                                                Months, cut_off: CutOff) -> None:
        plain = deadline(event, period, CAL)
        cut = deadline(event, period, CAL, cut_off=cut_off)
        assert cut.due == plain.due
        assert cut.ends_at < plain.ends_at
        assert cut.ends_at.date() == cut.due


class TestCountingOverride:
    def test_days_counted_as_working_days_by_the_law(self) -> None:
        # 行政处罚法 第八十五条: its 五日 are working days; across National Day 2025
        d = deadline(D(2025, 9, 30), Days(5), CAL, counting=override(count_in="个工作日"))
        assert d.due == D(2025, 10, 14)
        assert d.period == Days(5)
        assert "按个工作日计算" in d.explain() and "第二百零四条" in d.explain()
        assert [c.short() for c in d.legal_basis][-2:] == ["《中华人民共和国民法典》 第二百零四条",
                                                           "《中华人民共和国行政处罚法》 第八十五条"]

    def test_no_extension_ends_on_the_rest_day(self) -> None:
        d = deadline(D(2025, 9, 30), Days(5), CAL, counting=override(extend_over_rest_days=False))
        assert d.due == D(2025, 10, 5)
        assert d.extended_from is None
        assert "最后一日为休息日的不顺延" in d.explain()

    def test_the_start_day_counted(self) -> None:
        assert deadline(D(2025, 3, 3), Days(5), CAL, counting=override(start_day_counted=True)).due == D(2025, 3, 7)
        d = deadline(D(2025, 3, 3), WorkingDays(5), CAL, counting=override(start_day_counted=True))
        assert d.due == D(2025, 3, 7)
        assert "第二百零一条" not in " ".join(c.short() for c in d.legal_basis)
        # from a Saturday the first working day is still day 1
        assert deadline(D(2026, 3, 7), WorkingDays(1), CAL, counting=override(start_day_counted=True)).due \
            == D(2026, 3, 9)
        # months: the day before the corresponding day, or the month's last day where there is none
        assert deadline(D(2025, 3, 3), Months(1), CAL, counting=override(start_day_counted=True)).due \
            == D(2025, 4, 2)
        assert deadline(D(2025, 1, 31), Months(1), CAL, counting=override(start_day_counted=True,
                                                                          extend_over_rest_days=False)).due \
            == D(2025, 2, 28)

    def test_calendar_days_without_extension_consult_no_schedule(self) -> None:
        d = deadline(D(2099, 12, 20), Days(5), CAL, counting=override(extend_over_rest_days=False), strict=True)
        assert (d.due, d.provisional) == (D(2099, 12, 25), False)

    def test_an_override_that_changes_nothing_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="counts as the Civil Code does"):
            override()

    def test_an_override_names_its_law_and_a_known_unit(self) -> None:
        with pytest.raises(InvalidInputError, match="not a Citation"):
            CountingOverride("行政处罚法", start_day_counted=True)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="cannot count a period in"):
            override(count_in="个月")

    def test_months_cannot_be_counted_in_days(self) -> None:
        with pytest.raises(InvalidInputError, match="cannot be counted in"):
            deadline(D(2025, 3, 3), Months(1), CAL, counting=override(count_in="日"))

    @given(days, periods)
    def test_without_an_override_nothing_changes(self, event: dt.date, period: WorkingDays | Days | Months) -> None:
        plain = deadline(event, period, CAL)
        assert plain == deadline(event, period, CAL, counting=None, cut_off=None)
        assert "第二百零四条" not in " ".join(c.short() for c in plain.legal_basis)
        if isinstance(period, Days):  # 第二百零一条, 第二百零三条: the Nth day after, moved off a rest day
            assert plain.due == CAL.next_working_day(event + dt.timedelta(days=period.n))

    @given(days, periods)
    def test_no_extension_is_never_later_and_differs_only_off_a_rest_day(
            self, event: dt.date, period: WorkingDays | Days | Months) -> None:
        rolled = deadline(event, period, CAL)
        kept = deadline(event, period, CAL, counting=override(extend_over_rest_days=False))
        assert kept.due <= rolled.due
        assert (kept.due != rolled.due) == (rolled.extended_from is not None)
        if kept.due != rolled.due:
            assert CAL.is_rest_day(kept.due)
        assert "第二百零四条" in kept.explain()

    @given(days, day_periods)
    def test_counting_the_start_day_is_never_later(self, event: dt.date, period: WorkingDays | Days) -> None:
        counted = deadline(event, period, CAL, counting=override(start_day_counted=True))
        assert counted.due <= deadline(event, period, CAL).due
        if isinstance(period, WorkingDays) and CAL.is_working_day(event):  # the event's day is day 1
            assert CAL.working_days_between(event, counted.due) == period.n - 1

    @given(days, st.integers(1, 60))
    def test_days_as_working_days_are_never_earlier(self, event: dt.date, n: int) -> None:
        as_days = deadline(event, Days(n), CAL)
        as_working = deadline(event, Days(n), CAL, counting=override(count_in="个工作日"))
        assert as_working.due >= as_days.due
        assert as_working.due == deadline(event, WorkingDays(n), CAL).due
