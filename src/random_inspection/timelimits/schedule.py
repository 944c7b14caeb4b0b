"""Holiday schedules: one year's days off and make-up working days, official or provisional.

The State Council publishes each year's arrangement (国务院办公厅关于某年部分节假日安排的通知), usually in
November of the year before. A :class:`HolidaySchedule` holds one such arrangement: the days off (放假) and the
weekend days declared working days (调休上班), each with the festival it belongs to. Schedules for the years
chinese-calendar knows come from its data (:func:`official_schedules`); a user loads a newer year with
:meth:`HolidaySchedule.from_dict` (or :func:`random_inspection.io.load_schedule_file`) and
:meth:`WorkingCalendar.with_schedule <random_inspection.timelimits.WorkingCalendar.with_schedule>` without
waiting for any release.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import attrs

from random_inspection.errors import DataError, Issue, ScheduleError
from random_inspection.messages import tr
from random_inspection.model.dates import iso_date

__all__ = ["YEARS", "HolidaySchedule", "official_schedules"]


def _pairs(value: Any) -> tuple[tuple[dt.date, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((day, str(name)) for day, name in items))


@attrs.frozen
class HolidaySchedule:
    """One year's holiday arrangement.

    Attributes:
        year: the year the arrangement is for.
        days_off: (date, festival) pairs of every day off, weekend days inside a holiday block included.
            A following year's notice may also set days at the very end of this year; dates within a
            month of the year are accepted.
        working_weekends: (date, festival) pairs of Saturdays and Sundays declared working days (调休上班).
        source: what the arrangement comes from (the notice's title and 文号, or the data package).
        provisional: ``True`` for an arrangement estimated from the statutory holidays, not published.
    """

    year: int
    days_off: tuple[tuple[dt.date, str], ...] = attrs.field(converter=_pairs)
    working_weekends: tuple[tuple[dt.date, str], ...] = attrs.field(converter=_pairs)
    source: str
    provisional: bool = False

    def __attrs_post_init__(self) -> None:
        problems = _problems(self.year, self.days_off, self.working_weekends)
        if problems:
            what, fix = problems[0][1:]
            raise ScheduleError(what,
                                where=tr("holiday schedule {year} ({source})", year=self.year, source=self.source),
                                fix=fix)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HolidaySchedule:
        """Read a schedule written as the notice is, festival by festival::

            {"year": 2027,
             "source": "国务院办公厅关于2027年部分节假日安排的通知",
             "festivals": [
                 {"name": "春节", "off": ["2027-02-05/2027-02-13"], "work": ["2027-02-20"]},
                 {"name": "元旦", "off": ["2027-01-01"]}]}

        ``off`` and ``work`` take ISO dates and ``start/end`` ranges (both ends included).

        Raises:
            DataError: every problem found, each with its path (``$.festivals[1].off[0]``).
        """
        if not isinstance(data, Mapping):
            issue = Issue("$", tr("expected a table with year, source and festivals"))
            raise DataError(tr("cannot read holiday schedule"), [issue])
        issues: list[Issue] = []
        allowed = {"year", "source", "festivals", "provisional"}
        for key in sorted(set(data) - allowed):
            issues.append(Issue(f"$.{key}", tr("unknown field")))
        year = data.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not YEARS.start <= year < YEARS.stop:
            issues.append(Issue("$.year", tr("expected a year from {start} to {number}, got {year!r}",
                                             start=YEARS.start, number=YEARS.stop - 1, year=year)))
            year = None
        provisional = data.get("provisional", False)
        if not isinstance(provisional, bool):
            issues.append(Issue("$.provisional", tr("expected true or false, got {provisional!r}",
                                                    provisional=provisional)))
        source = data.get("source")
        if not isinstance(source, str) or not source.strip():
            issues.append(Issue("$.source", tr("give the notice's title (and 文号) the schedule comes from")))
        festivals = data.get("festivals")
        off: list[tuple[dt.date, str, str]] = []  # (date, festival, path)
        work: list[tuple[dt.date, str, str]] = []
        if not isinstance(festivals, list):
            issues.append(Issue("$.festivals", tr("expected a list of festivals")))
            festivals = []
        for i, fest in enumerate(festivals):
            path = f"$.festivals[{i}]"
            if not isinstance(fest, Mapping):
                issues.append(Issue(path, tr("expected a table with name, off and work")))
                continue
            for key in sorted(set(fest) - {"name", "off", "work"}):
                issues.append(Issue(f"{path}.{key}", tr("unknown field")))
            name = fest.get("name")
            if not isinstance(name, str) or not name.strip():
                issues.append(Issue(f"{path}.name", tr("give the festival's name, e.g. 春节")))
                name = "?"
            for key, into in (("off", off), ("work", work)):
                entries = fest.get(key, [])
                if not isinstance(entries, list):
                    issues.append(Issue(f"{path}.{key}", tr("expected a list of dates or date ranges")))
                    continue
                for j, entry in enumerate(entries):
                    try:
                        into.extend((day, name.strip(), f"{path}.{key}[{j}]") for day in _expand(entry))
                    except (TypeError, ValueError) as exc:
                        issues.append(Issue(f"{path}.{key}[{j}]", str(exc)))
        if year is not None:
            paths = {(day, kind): p for kind, pairs in (("off", off), ("work", work)) for day, _, p in pairs}
            for day, what, _fix in _problems(year, [(d, n) for d, n, _ in off], [(d, n) for d, n, _ in work]):
                kind = "work" if (day, "work") in paths else "off"
                issues.append(Issue(paths[(day, kind)], what))
        if issues:
            raise DataError(tr("cannot read holiday schedule"), issues)
        assert isinstance(year, int)
        assert isinstance(source, str)
        return cls(year, [(d, n) for d, n, _ in off], [(d, n) for d, n, _ in work], source.strip(), provisional)

    def to_dict(self) -> dict[str, Any]:
        """The inverse of :meth:`from_dict` (one date per entry, festivals in order of first day)."""
        festivals: dict[str, dict[str, list[str]]] = {}
        for key, pairs in (("off", self.days_off), ("work", self.working_weekends)):
            for day, name in pairs:
                festivals.setdefault(name, {"off": [], "work": []})[key].append(day.isoformat())
        order = sorted(festivals, key=lambda n: min(festivals[n]["off"] + festivals[n]["work"]))
        return {
            "year": self.year,
            "source": self.source,
            "provisional": self.provisional,
            "festivals": [{"name": n, **festivals[n]} for n in order],
        }


YEARS = range(1900, 9999)
"""The years a schedule may be for."""


def _problems(
    year: int, days_off: Iterable[tuple[dt.date, str]], working: Iterable[tuple[dt.date, str]]
) -> list[tuple[dt.date, str, str]]:
    """Every problem of a schedule's entries, as (date, what, how to fix), in the order of the entries."""
    if year not in YEARS:
        return [(dt.date(2000, 1, 1), f"year {year} is outside {YEARS.start}-{YEARS.stop - 1}", "give the year")]
    lo, hi = dt.date(year - 1, 12, 1), dt.date(year + 1, 1, 31)
    problems: list[tuple[dt.date, str, str]] = []
    off: dict[dt.date, str] = {}
    seen_work: set[dt.date] = set()
    for day, name in days_off:
        if day in off:
            problems.append((day, f"{day} is listed twice as a day off", "list each date once"))
        off[day] = name
    for day, _ in (*days_off, *working):
        if not lo <= day <= hi:
            problems.append((day, f"{day} is outside the year {year}", "put the date in the schedule of its own year"))
    for day, name in working:
        if day in seen_work:
            problems.append((day, f"{day} is listed twice as a working day", "list each date once"))
        seen_work.add(day)
        if day in off:
            problems.append((day, f"{day} is listed both as a day off ({off[day]}) and as a working day ({name})",
                             "keep the date in one list only"))
        if day.weekday() < 5:
            problems.append((day, f"{day} ({name}) is a weekday; only a Saturday or Sunday can be declared a "
                             "working day", "check the date against the notice (调休上班 days are weekend days)"))
    return problems


def _expand(entry: Any) -> Iterable[dt.date]:
    if isinstance(entry, dt.date) and not isinstance(entry, dt.datetime):  # a TOML date literal
        return [entry]
    if not isinstance(entry, str):
        raise TypeError(f"expected an ISO date or a start/end range, got {entry!r}")
    if "/" in entry:
        first_s, last_s = entry.split("/", 1)
        first, last = iso_date(first_s), iso_date(last_s)
        if last < first:
            raise ValueError(f"range {entry!r} ends before it starts")
        return [dt.date.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]
    return [iso_date(entry)]


def official_schedules() -> Mapping[int, HolidaySchedule]:
    """The official schedules chinese-calendar carries (2004 to its last year), by year.

    chinese-calendar transcribes each year's State Council notice; its names are English (``Spring Festival``)
    and are translated to the festival names the notices use.
    """
    return _official_schedules()


@lru_cache(maxsize=1)
def _official_schedules() -> Mapping[int, HolidaySchedule]:
    import chinese_calendar  # the data package; imported here so importing this module stays cheap

    version = getattr(chinese_calendar, "__version__", "?")
    by_year: dict[int, tuple[list[tuple[dt.date, str]], list[tuple[dt.date, str]]]] = {}
    for day, name in chinese_calendar.holidays.items():
        by_year.setdefault(day.year, ([], []))[0].append((day, _FESTIVAL_NAMES.get(name, name)))
    for day, name in chinese_calendar.workdays.items():
        by_year.setdefault(day.year, ([], []))[1].append((day, _FESTIVAL_NAMES.get(name, name)))
    return MappingProxyType({
        year: HolidaySchedule(
            year, off, work, f"国务院办公厅关于{year}年部分节假日安排的通知 (transcribed in chinese-calendar {version})"
        )
        for year, (off, work) in sorted(by_year.items())
    })  # read-only: it is shared by every calendar of the process


_FESTIVAL_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
