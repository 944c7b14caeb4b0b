"""The working-day calendar: which days are working days (工作日) in mainland China.

A day is a working day when it is a Monday to Friday that no schedule takes off, or a Saturday or Sunday a
schedule declares a working day (调休上班). Each year is decided by its official schedule when one is loaded,
else by a provisional one from 《全国年节及纪念日放假办法》 (see :mod:`.statutory`), and every answer says which.

Lookups are O(1) after a year's first use: the calendar keeps, for the years it has seen, the ordinal of
every working day and a running count, so adding N working days is two array reads rather than a walk over
N days. The tables are built lazily and never change what a calendar answers, so a calendar can be shared.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
from array import array
from collections.abc import Iterable, Mapping

import attrs

from random_inspection.errors import CalendarError, HolidayScheduleMissing, InvalidInputError
from random_inspection.messages import tr
from random_inspection.timelimits.schedule import HolidaySchedule, official_schedules
from random_inspection.timelimits.statutory import LUNAR_RANGE, statutory_schedule

__all__ = ["DayInfo", "DayKind", "WorkingCalendar"]

_ONE_DAY = dt.timedelta(days=1)
MIN_YEAR = LUNAR_RANGE.start
MAX_YEAR = LUNAR_RANGE.stop - 1


class DayKind(str, enum.Enum):
    """What kind of day a date is."""

    WORKDAY = "工作日"
    WEEKEND = "休息日"
    HOLIDAY = "节假日"
    MAKEUP_WORKDAY = "调休上班"

    @property
    def working(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)


@attrs.frozen
class DayInfo:
    """What the calendar knows of one date."""

    day: dt.date
    kind: DayKind
    name: str | None
    provisional: bool

    @property
    def working(self) -> bool:
        return self.kind.working


_MAX_WORKING_DAYS = 100_000  # about 400 years of working days


def _check_count(n: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= _MAX_WORKING_DAYS:
        raise InvalidInputError(
            tr("cannot add {n!r} working days", n=n), where=tr("the working calendar"),
            fix=tr("give a whole number from 0 to {max_working_days}", max_working_days=_MAX_WORKING_DAYS),
        )


@attrs.frozen
class _Tables:
    """Working-day tables for the years ``first``..``last`` (immutable once built)."""

    first: int
    last: int
    start: int  # ordinal of 1 January of ``first``
    end: int  # ordinal of 31 December of ``last``
    count: array[int]  # count[i] = working days with ordinal < start + i  (len = days + 1)
    work: array[int]  # ordinals of the working days, ascending


class WorkingCalendar:
    """A working-day calendar over official schedules, with provisional years filled in by statute.

    Args:
        schedules: official schedules by year. :meth:`default` uses chinese-calendar's.
        strict: if ``True``, any computation that consults a year without an official schedule raises
            :class:`~random_inspection.errors.HolidayScheduleMissing` instead of answering provisionally.
            Each method also takes ``strict=`` to override this per call.

    >>> cal = WorkingCalendar.default()
    >>> cal.add_working_days(dt.date(2026, 3, 7), 1)  # a Saturday: the first working day after is Monday
    datetime.date(2026, 3, 9)
    """

    def __init__(self, schedules: Mapping[int, HolidaySchedule] | None = None, *, strict: bool = False) -> None:
        self._official: dict[int, HolidaySchedule] = {}
        for year, schedule in (schedules or {}).items():
            if not isinstance(year, int) or isinstance(year, bool):
                raise CalendarError(
                    tr("schedules must be keyed by the year as a whole number, got {year!r}", year=year),
                    fix=tr("key each schedule by schedule.year"),
                )
            if schedule.year != year:
                raise CalendarError(
                    tr("schedule for {year} given under the year {year2}", year=schedule.year, year2=year),
                    fix=tr("key each schedule by its own year"),
                )
            if schedule.provisional:
                raise CalendarError(
                    tr("the schedule for {year} is provisional", year=year), where=schedule.source,
                    fix=tr("give only official schedules; provisional years are filled in automatically"),
                )
            self._official[year] = schedule
        self._strict = strict
        self._provisional: dict[int, HolidaySchedule] = {}
        self._tables: _Tables | None = None
        self._lock = threading.Lock()

    @property
    def strict(self) -> bool:
        """Whether computations refuse years without an official schedule unless told otherwise per call."""
        return self._strict

    @classmethod
    def default(cls, *, strict: bool = False) -> WorkingCalendar:
        """A calendar with the official schedules chinese-calendar carries (2004 to its last year)."""
        return cls(official_schedules(), strict=strict)

    def with_schedule(self, *schedules: HolidaySchedule) -> WorkingCalendar:
        """A new calendar with these official schedules added (replacing any for the same years)."""
        merged = dict(self._official)
        for schedule in schedules:
            merged[schedule.year] = schedule
        return WorkingCalendar(merged, strict=self.strict)

    def with_strict(self, strict: bool = True) -> WorkingCalendar:
        """The same schedules with another default strictness."""
        return WorkingCalendar(self._official, strict=strict)

    # -- schedules -------------------------------------------------------------------------------------

    @property
    def official_years(self) -> frozenset[int]:
        """The years with an official schedule."""
        return frozenset(self._official)

    def is_official(self, year: int) -> bool:
        """Whether ``year`` has an official schedule."""
        return year in self._official

    def schedule(self, year: int) -> HolidaySchedule:
        """The schedule deciding ``year``: the official one, or the provisional one from statute."""
        if year in self._official:
            return self._official[year]
        if year not in self._provisional:
            self._provisional[year] = statutory_schedule(year)
        return self._provisional[year]

    def provisional_years(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """The years whose schedules decide the days from ``first`` to ``last`` and that have no official one.

        A year's notice may also set days in the December before it (the 2019 notice made 2018-12-29 a
        working day), so a span that reaches December of year Y consults Y + 1 as well.
        """
        reach = last.year + 1 if last.month == 12 else last.year
        return tuple(y for y in range(first.year, reach + 1) if y not in self._official)

    def check(self, first: dt.date, last: dt.date, *, strict: bool | None = None, where: str = "") -> tuple[int, ...]:
        """The provisional years between two dates; raises in strict mode if there are any.

        Raises:
            HolidayScheduleMissing: when strict and some year in the span has no official schedule.
        """
        self._refuse_provisional(first, last, strict, where)
        return self.provisional_years(first, last)

    # -- single days -----------------------------------------------------------------------------------

    def describe(self, day: dt.date, *, strict: bool | None = None) -> DayInfo:
        """What kind of day ``day`` is, its festival if any, and whether that is provisional."""
        self._check_range(day.year)
        self._refuse_provisional(day, day, strict)
        off, work = self._entries(day.year)
        provisional = bool(self.provisional_years(day, day))
        if day in work:
            return DayInfo(day, DayKind.MAKEUP_WORKDAY, work[day], provisional)
        if day in off:
            return DayInfo(day, DayKind.HOLIDAY, off[day], provisional)
        if day.weekday() >= 5:
            return DayInfo(day, DayKind.WEEKEND, None, provisional)
        return DayInfo(day, DayKind.WORKDAY, None, provisional)

    def is_working_day(self, day: dt.date, *, strict: bool | None = None) -> bool:
        """Whether ``day`` is a working day (make-up working weekends included)."""
        self._refuse_provisional(day, day, strict)
        tables = self._cover(day.year, day.year)
        i = day.toordinal() - tables.start
        return tables.count[i + 1] > tables.count[i]

    def is_rest_day(self, day: dt.date, *, strict: bool | None = None) -> bool:
        """Whether ``day`` is a rest day (weekend or holiday, 法定休假日 in the sense of 民法典 第二百零三条)."""
        return not self.is_working_day(day, strict=strict)

    # -- arithmetic ------------------------------------------------------------------------------------

    def add_working_days(self, day: dt.date, n: int, *, strict: bool | None = None) -> dt.date:
        """The ``n``-th working day after ``day``; ``day`` itself is never counted (民法典 第二百零一条).

        ``n = 0`` returns ``day``. When ``day`` is a rest day the first working day after it is day 1
        (from Saturday 2026-03-07, one working day is Monday 2026-03-09).
        """
        _check_count(n)
        if n == 0:
            return day
        ordinal = day.toordinal()
        # A year has well over 240 working days; cover the years n needs at least, one more if still short.
        years_ahead = n // 240
        while True:
            tables = self._cover(day.year, day.year + years_ahead)
            k = tables.count[ordinal - tables.start + 1] + n - 1
            if k < len(tables.work):
                due = dt.date.fromordinal(tables.work[k])
                self._refuse_provisional(day + _ONE_DAY, due, strict)
                return due
            years_ahead += 1

    def add_working_days_many(
        self, days: Iterable[dt.date], n: int, *, strict: bool | None = None
    ) -> list[dt.date]:
        """:meth:`add_working_days` for many dates at once (much faster than a call per date)."""
        days = list(days)
        _check_count(n)
        if not days:
            return []
        if n == 0:
            return days
        lo, hi = min(days), max(days)
        tables = self._cover(lo.year, hi.year + n // 240)
        count, work, start, fromordinal = tables.count, tables.work, tables.start - 1, dt.date.fromordinal
        try:
            result = [fromordinal(work[count[d.toordinal() - start] + n - 1]) for d in days]
        except IndexError:  # some due dates fall past the covered years: one by one, each extending them
            result = [self.add_working_days(d, n, strict=False) for d in days]
        self._refuse_provisional(lo + _ONE_DAY, max(result), strict)
        return result

    def next_working_day(
        self, day: dt.date, *, include_self: bool = True, strict: bool | None = None
    ) -> dt.date:
        """The first working day on or after ``day`` (or strictly after, with ``include_self=False``)."""
        if not include_self:
            return self.add_working_days(day, 1, strict=strict)
        tables = self._cover(day.year, day.year)
        k = tables.count[day.toordinal() - tables.start]
        if k >= len(tables.work):  # the rest of the covered span is off: look into the next year
            tables = self._cover(day.year, day.year + 1)
            k = tables.count[day.toordinal() - tables.start]  # the tables may now start elsewhere
        found = dt.date.fromordinal(tables.work[k])
        self._refuse_provisional(day, found, strict)
        return found

    def working_days_between(self, first: dt.date, last: dt.date, *, strict: bool | None = None) -> int:
        """The number of working days after ``first`` up to and including ``last`` (0 if ``last <= first``)."""
        if last <= first:
            return 0
        self._refuse_provisional(first + _ONE_DAY, last, strict)
        tables = self._cover(first.year, last.year)
        return tables.count[last.toordinal() - tables.start + 1] - tables.count[first.toordinal() - tables.start + 1]

    # -- internals -------------------------------------------------------------------------------------

    def _refuse_provisional(self, first: dt.date, last: dt.date, strict: bool | None, where: str = "") -> None:
        """In strict mode, raise for the first year deciding the span that has no official schedule."""
        if not (self._strict if strict is None else strict):
            return
        years = self.provisional_years(first, last)
        if years:
            raise HolidayScheduleMissing(years[0], where=where)

    def _in_range(self, year: int) -> bool:
        return year in self._official or MIN_YEAR <= year <= MAX_YEAR

    def _check_range(self, year: int) -> None:
        if not self._in_range(year):
            raise CalendarError(
                tr("the calendar covers {min_year}-{max_year} and official years; {year} is outside",
                   min_year=MIN_YEAR, max_year=MAX_YEAR, year=year),
                fix=tr("give the official schedule of {year} as a file with `--schedule FILE` (in Python: "
                       "WorkingCalendar.with_schedule(...))", year=year),
            )

    def _entries(self, year: int) -> tuple[dict[dt.date, str], dict[dt.date, str]]:
        """Days off and working weekends falling in ``year``: its own schedule's entries, then the entries of
        the neighbouring years' notices that fall in it (a notice may set the last days of the year before)."""
        off: dict[dt.date, str] = {}
        work: dict[dt.date, str] = {}
        for y in (year - 1, year + 1, year):  # the year's own schedule last, so it wins
            if y != year and y not in self._official:
                continue
            schedule = self.schedule(y)
            for day, name in schedule.days_off:
                if day.year == year:
                    off[day] = name
                    work.pop(day, None)
            for day, name in schedule.working_weekends:
                if day.year == year:
                    work[day] = name
                    off.pop(day, None)
        return off, work

    def _cover(self, first: int, last: int) -> _Tables:
        tables = self._tables
        if tables is not None and tables.first <= first and last <= tables.last:
            return tables
        for year in range(first, last + 1):
            self._check_range(year)
        with self._lock:
            tables = self._tables
            if tables is not None:
                # Grow the cached span to cover both, unless that would take in years the calendar cannot
                # answer for (official years far from the rest): then cache just what was asked.
                merged = range(min(first, tables.first), max(last, tables.last) + 1)
                if all(self._in_range(y) for y in merged):
                    first, last = merged.start, merged.stop - 1
            tables = self._build(first, last)
            self._tables = tables
            return tables

    def _build(self, first: int, last: int) -> _Tables:
        start = dt.date(first, 1, 1).toordinal()
        end = dt.date(last, 12, 31).toordinal()
        flags = bytearray(end - start + 1)
        for year in range(first, last + 1):
            off, work = self._entries(year)
            base = dt.date(year, 1, 1).toordinal()
            weekday = dt.date(year, 1, 1).weekday()
            for i in range(dt.date(year, 12, 31).toordinal() - base + 1):
                flags[base - start + i] = 1 if (weekday + i) % 7 < 5 else 0
            for day in off:
                flags[day.toordinal() - start] = 0
            for day in work:
                flags[day.toordinal() - start] = 1
        count = array("l", [0]) * (len(flags) + 1)
        work_ordinals = array("l")
        running = 0
        for i, flag in enumerate(flags):
            count[i] = running
            if flag:
                running += 1
                work_ordinals.append(start + i)
        count[len(flags)] = running
        return _Tables(first, last, start, end, count, work_ordinals)
