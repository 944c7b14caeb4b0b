"""The lunar table the library reads at run time, against lunardate and the State Council's schedules."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
from pathlib import Path
from types import ModuleType

import pytest
from chinese_calendar.constants import holidays, workdays
from hypothesis import given
from hypothesis import strategies as st
from lunardate import LunarDate

from random_inspection.errors import CalendarError
from random_inspection.timelimits.lunar import LUNAR_YEARS_COVERED, leap_month, lunar_to_gregorian
from random_inspection.timelimits.lunar_table import LUNAR_YEARS
from random_inspection.timelimits.statutory import LUNAR_RANGE, statutory_schedule

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
YEARS = range(2000, 2100)
OFFICIAL_YEARS = sorted({day.year for day in holidays})


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_lunar_table", ROOT / "tools" / "make_lunar_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _months(year: int) -> list[tuple[int, bool]]:
    leap = LunarDate.leap_month_for_year(year) or 0
    return [(m, is_leap) for m in range(1, 13) for is_leap in (False, True) if not is_leap or m == leap]


class TestTable:
    def test_the_committed_table_is_what_the_generator_makes(self) -> None:
        path = ROOT / "src" / "random_inspection" / "timelimits" / "lunar_table.py"
        assert path.read_text(encoding="utf-8") == _generator().render()

    def test_it_covers_the_years_of_the_provisional_schedules(self) -> None:
        assert [row[0] for row in LUNAR_YEARS] == list(LUNAR_YEARS_COVERED) == list(YEARS)
        assert LUNAR_RANGE == YEARS

    def test_each_year_ends_where_the_next_begins(self) -> None:
        for (year, (m, d), _, lengths), (_, (m2, d2), _, _) in itertools.pairwise(LUNAR_YEARS):
            assert D(year, m, d) + dt.timedelta(days=sum(lengths)) == D(year + 1, m2, d2), year

    @pytest.mark.parametrize("year", YEARS)
    def test_every_month_begins_and_ends_as_in_lunardate(self, year: int) -> None:
        assert leap_month(year) == (LunarDate.leap_month_for_year(year) or 0)
        for month, leap in _months(year):
            last = 30 if _valid(year, month, 30, leap) else 29
            for day in (1, last):
                expected = LunarDate(year, month, day, leap).to_solar_date()
                assert lunar_to_gregorian(year, month, day, leap=leap) == expected, (year, month, day, leap)
            with pytest.raises(CalendarError, match=f"has {last} days"):
                lunar_to_gregorian(year, month, last + 1, leap=leap)

    @given(st.integers(2000, 2099), st.integers(1, 12), st.integers(1, 30), st.booleans())
    def test_any_lunar_date_converts_as_lunardate_does(self, year: int, month: int, day: int, leap: bool) -> None:
        if _valid(year, month, day, leap):
            assert lunar_to_gregorian(year, month, day, leap=leap) == LunarDate(year, month, day, leap).to_solar_date()
        else:
            with pytest.raises(CalendarError):
                lunar_to_gregorian(year, month, day, leap=leap)


def _valid(year: int, month: int, day: int, leap: bool) -> bool:
    try:
        LunarDate(year, month, day, leap).to_solar_date()
    except ValueError:
        return False
    return True


def _assert_in_holiday(day: dt.date, names: set[str]) -> None:
    """``day`` lies in a run of days off the official schedule names by one of ``names``.

    chinese-calendar lists the weekdays of a holiday and leaves out its Saturday and Sunday (端午节 2012:
    6月22日 and 24日 listed, 23日 a Saturday), so the run is taken from its first to its last listed day.
    """
    listed = [d for d, name in holidays.items() if name in names and abs((d - day).days) <= 8]
    assert listed, (day, names)
    assert min(listed) <= day <= max(listed), (day, min(listed), max(listed))
    assert day not in workdays, day


class TestFestivals:
    @pytest.mark.parametrize("year", YEARS)
    def test_spring_dragon_boat_and_mid_autumn_as_in_lunardate(self, year: int) -> None:
        for month, day in ((1, 1), (5, 5), (8, 15)):
            assert lunar_to_gregorian(year, month, day) == LunarDate(year, month, day).to_solar_date()

    def test_the_official_schedules_cover_some_years(self) -> None:
        assert OFFICIAL_YEARS[0] <= 2008 and OFFICIAL_YEARS[-1] >= 2026

    @pytest.mark.parametrize("year", OFFICIAL_YEARS)
    def test_the_festivals_are_in_the_official_holidays(self, year: int) -> None:
        _assert_in_holiday(lunar_to_gregorian(year, 1, 1), {"Spring Festival"})
        if year < 2008:  # 端午节 and 中秋节 are holidays from 国务院令第513号 (2008)
            return
        _assert_in_holiday(lunar_to_gregorian(year, 5, 5), {"Dragon Boat Festival"})
        # Joined to 国庆节, the schedule may name the whole run National Day (2020: 中秋节 on 10月1日).
        _assert_in_holiday(lunar_to_gregorian(year, 8, 15), {"Mid-autumn Festival", "National Day"})

    def test_the_check_fails_on_a_day_outside_the_holiday(self) -> None:
        with pytest.raises(AssertionError):
            _assert_in_holiday(D(2012, 6, 25), {"Dragon Boat Festival"})  # the Monday after 端午节 2012
        with pytest.raises(AssertionError):
            _assert_in_holiday(D(2012, 6, 23), {"Mid-autumn Festival"})

    def test_2027_from_the_table(self) -> None:
        # 2027, the first year without an official schedule: 春节 2月6日, 端午节 6月9日, 中秋节 9月15日.
        assert [lunar_to_gregorian(2027, m, d) for m, d in ((1, 1), (5, 5), (8, 15))] == [
            D(2027, 2, 6),
            D(2027, 6, 9),
            D(2027, 9, 15),
        ]


class TestOutside:
    @pytest.mark.parametrize("year", [1900, 1999, 2100, 2200])
    def test_a_year_outside_the_table_is_the_librarys_error(self, year: int) -> None:
        with pytest.raises(CalendarError, match=f"lunar year {year} is outside the lunar table") as info:
            lunar_to_gregorian(year, 1, 1)
        assert info.value.where == f"农历{year}年1月1日"
        assert "2000-2099" in info.value.fix
        with pytest.raises(CalendarError, match="outside the lunar table"):
            leap_month(year)

    @pytest.mark.parametrize("year", [1999, 2100])
    def test_a_provisional_schedule_outside_the_table_is_refused_as_before(self, year: int) -> None:
        with pytest.raises(CalendarError, match=f"cannot estimate the holidays of {year}") as info:
            statutory_schedule(year)
        assert "with_schedule" in info.value.fix

    def test_a_leap_month_the_year_has_not(self) -> None:
        assert lunar_to_gregorian(2020, 4, 1, leap=True) == D(2020, 5, 23)  # 闰四月初一
        with pytest.raises(CalendarError, match=r"no leap month 5 \(its leap month is 4\)"):
            lunar_to_gregorian(2020, 5, 1, leap=True)
        with pytest.raises(CalendarError, match="it has no leap month"):
            lunar_to_gregorian(2021, 4, 1, leap=True)

    @pytest.mark.parametrize(("month", "day"), [(0, 1), (13, 1), (1, 0), (1, 31)])
    def test_a_month_or_day_no_year_has(self, month: int, day: int) -> None:
        with pytest.raises(CalendarError):
            lunar_to_gregorian(2027, month, day)
