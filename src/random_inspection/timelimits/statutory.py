"""Provisional schedules for years without an official arrangement, from 《全国年节及纪念日放假办法》.

For a year whose State Council notice is not loaded (2027 as of this release), the calendar still answers,
marked provisional: weekends plus the holidays every citizen has by the 办法 (第二条), lunar festivals
included, and a weekday 补假 for each of those holidays that falls on a Saturday or Sunday (第六条: 全体公民放假的
假日，如果适逢星期六、星期日，应当在工作日补假 — placed here on the first weekday after the holiday, which is what
the notices have done). What a notice adds beyond the statute — days off that join a holiday to a weekend
and the make-up working weekends (调休上班) that pay for them — cannot be known in advance and is absent, so a
provisional deadline may differ from the final one either way, usually by a day or two.

Each version of the 办法 applies from the year it took effect:

=========  =======================  ==================================================================
from       version                  holidays of 第二条
=========  =======================  ==================================================================
2000       国务院令第270号 (1999)     元旦 1; 春节 正月初一至初三; 劳动节 5月1日至3日; 国庆节 10月1日至3日
2008       国务院令第513号 (2007)     元旦; 春节 除夕、正月初一、初二; 清明节; 劳动节 5月1日; 端午节; 中秋节; 国庆节 3
2014       国务院令第644号 (2013)     春节 becomes 正月初一、初二、初三
2025       国务院令第795号 (2024)     春节 除夕、正月初一至初三; 劳动节 5月1日、2日
=========  =======================  ==================================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from random_inspection.errors import CalendarError
from random_inspection.messages import tr
from random_inspection.timelimits.lunar import LUNAR_YEARS_COVERED, lunar_to_gregorian
from random_inspection.timelimits.schedule import HolidaySchedule

__all__ = ["LUNAR_RANGE", "statutory_schedule"]

LUNAR_RANGE = range(2000, LUNAR_YEARS_COVERED.stop)
"""Years a provisional schedule can be made for: 2000 (the first whole year of 国务院令第270号, and of the
five-day week throughout) to 2099 (the end of the lunar table, :mod:`.lunar_table`). Other years need their
official schedule."""

_DAY = dt.timedelta(days=1)

Rule = Callable[[int], list[tuple[dt.date, str]]]


def _lunar(year: int, month: int, day: int) -> dt.date:
    return lunar_to_gregorian(year, month, day)


def _qingming(year: int) -> dt.date:
    import chinese_calendar

    for day, name in chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 30)):
        if name == "清明":
            found: dt.date = day
            return found
    raise CalendarError(tr("清明 not found in April {year}", year=year))  # pragma: no cover - every year has one


def _rule_1999(year: int) -> list[tuple[dt.date, str]]:
    new_year = _lunar(year, 1, 1)
    return [
        (dt.date(year, 1, 1), "元旦"),
        *[(new_year + i * _DAY, "春节") for i in range(3)],
        *[(dt.date(year, 5, d), "劳动节") for d in (1, 2, 3)],
        *[(dt.date(year, 10, d), "国庆节") for d in (1, 2, 3)],
    ]


def _common_2008(year: int, spring: list[dt.date], labour: tuple[int, ...]) -> list[tuple[dt.date, str]]:
    return [
        (dt.date(year, 1, 1), "元旦"),
        *[(d, "春节") for d in spring],
        (_qingming(year), "清明节"),
        *[(dt.date(year, 5, d), "劳动节") for d in labour],
        (_lunar(year, 5, 5), "端午节"),
        (_lunar(year, 8, 15), "中秋节"),
        *[(dt.date(year, 10, d), "国庆节") for d in (1, 2, 3)],
    ]


def _rule_2007(year: int) -> list[tuple[dt.date, str]]:
    new_year = _lunar(year, 1, 1)
    return _common_2008(year, [new_year - _DAY, new_year, new_year + _DAY], (1,))


def _rule_2013(year: int) -> list[tuple[dt.date, str]]:
    new_year = _lunar(year, 1, 1)
    return _common_2008(year, [new_year + i * _DAY for i in range(3)], (1,))


def _rule_2024(year: int) -> list[tuple[dt.date, str]]:
    new_year = _lunar(year, 1, 1)
    return _common_2008(year, [new_year + i * _DAY for i in range(-1, 3)], (1, 2))


# (first year, 国务院令, rule), newest last.
_VERSIONS: tuple[tuple[int, str, Rule], ...] = (
    (2000, "国务院令第270号", _rule_1999),
    (2008, "国务院令第513号", _rule_2007),
    (2014, "国务院令第644号", _rule_2013),
    (2025, "国务院令第795号", _rule_2024),
)


def statutory_schedule(year: int) -> HolidaySchedule:
    """The provisional schedule of ``year`` from the version of the 办法 in force that year.

    Raises:
        CalendarError: for a year outside 2000-2099.
    """
    if year not in LUNAR_RANGE:
        raise CalendarError(
            tr("cannot estimate the holidays of {year}: provisional schedules cover {start}-{number}", year=year,
               start=LUNAR_RANGE.start, number=LUNAR_RANGE.stop - 1),
            fix=tr("give the official schedule of {year} as a file with `--schedule FILE` (in Python: "
                       "WorkingCalendar.with_schedule(...))", year=year),
        )
    order, rule = next((o, r) for first, o, r in reversed(_VERSIONS) if year >= first)
    days_off = _merge(rule(year))
    days_off += _compensation(days_off)
    return HolidaySchedule(
        year,
        days_off,
        (),
        f"provisional: 《全国年节及纪念日放假办法》({order}) 第二条 holidays and 第六条 补假; "
        f"no State Council notice for {year} loaded",
        provisional=True,
    )


def _merge(days_off: list[tuple[dt.date, str]]) -> list[tuple[dt.date, str]]:
    """One entry per date: a lunar festival can fall on another holiday (中秋节 on 10月3日 in 2009)."""
    names: dict[dt.date, list[str]] = {}
    for day, name in days_off:
        names.setdefault(day, []).append(name)
    return [(day, "、".join(n)) for day, n in sorted(names.items())]


def _compensation(days_off: list[tuple[dt.date, str]]) -> list[tuple[dt.date, str]]:
    """One weekday 补假 for each holiday on a weekend, placed on the first weekday not already off."""
    taken = {day for day, _ in days_off}
    extra: list[tuple[dt.date, str]] = []
    for day, name in sorted(days_off):
        if day.weekday() < 5:
            continue
        candidate = day + _DAY
        while candidate.weekday() >= 5 or candidate in taken:
            candidate += _DAY
        taken.add(candidate)
        extra.append((candidate, f"{name}补假"))
    return extra
