"""Dates of the Chinese lunar calendar (农历) as Gregorian dates, from the generated table.

The table (:mod:`.lunar_table`) covers the lunar years 2000-2099, those of the provisional schedules
(:mod:`.statutory`); it places 春节 (正月初一), 端午节 (五月初五) and 中秋节 (八月十五). A date outside it,
or one the calendar does not have (a 三十 of a month of 29 days, a leap month the year has not), is a
:class:`~random_inspection.errors.CalendarError` naming the date.
"""

from __future__ import annotations

import datetime as dt

from random_inspection.errors import CalendarError
from random_inspection.messages import tr
from random_inspection.timelimits.lunar_table import FIRST_YEAR, LAST_YEAR, LUNAR_YEARS

__all__ = ["LUNAR_YEARS_COVERED", "leap_month", "lunar_to_gregorian"]

LUNAR_YEARS_COVERED = range(FIRST_YEAR, LAST_YEAR + 1)
"""The lunar years :func:`lunar_to_gregorian` converts."""

_ROWS = {year: (dt.date(year, month, day), leap, lengths) for year, (month, day), leap, lengths in LUNAR_YEARS}


def _row(year: int, where: str) -> tuple[dt.date, int, tuple[int, ...]]:
    row = _ROWS.get(year)
    if row is None:
        raise CalendarError(
            tr("the lunar year {year} is outside the lunar table, which covers {first_year}-{last_year}", year=year,
               first_year=FIRST_YEAR, last_year=LAST_YEAR),
            where=where,
            fix=tr("use a date of the lunar years {first_year}-{last_year}, or give the official schedule of the "
                   "year as a file with `--schedule FILE` (in Python: WorkingCalendar.with_schedule(...))",
                   first_year=FIRST_YEAR, last_year=LAST_YEAR),
        )
    return row


def leap_month(year: int) -> int:
    """The month the lunar ``year`` repeats (闰月), or 0 when it has none.

    Raises:
        CalendarError: for a year outside the table.
    """
    return _row(year, f"农历{year}年")[1]


def lunar_to_gregorian(year: int, month: int, day: int, *, leap: bool = False) -> dt.date:
    """The Gregorian date of day ``day`` of month ``month`` of the lunar ``year`` (of the 闰月 when ``leap``).

    >>> lunar_to_gregorian(2027, 1, 1)  # 春节 2027
    datetime.date(2027, 2, 6)

    Raises:
        CalendarError: for a year outside the table, or a month or day the year does not have.
    """
    where = f"农历{year}年{'闰' if leap else ''}{month}月{day}日"
    new_year, leap_of_year, lengths = _row(year, where)
    if not 1 <= month <= 12 or (leap and month != leap_of_year):
        has = f"its leap month is {leap_of_year}" if leap_of_year else "it has no leap month"
        raise CalendarError(
            tr("the lunar year {year} has no {value}month {month} ({has})", year=year, value='leap ' if leap else '',
               month=month, has=has),
            where=where,
            fix=tr("give a month from 1 to 12, and leap=True only for the year's leap month"),
        )
    index = month - 1 + (1 if leap_of_year and (month > leap_of_year or leap) else 0)
    if not 1 <= day <= lengths[index]:
        raise CalendarError(
            tr("month {month} of the lunar year {year} has {lengths} days, not {day}", month=month, year=year,
               lengths=lengths[index], day=day),
            where=where,
            fix=tr("give a day from 1 to {lengths}", lengths=lengths[index]),
        )
    return new_year + dt.timedelta(days=sum(lengths[:index]) + day - 1)
