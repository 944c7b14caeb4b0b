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
from typing import Any

import attrs

from random_inspection.errors import DataError, Issue, ScheduleError

__all__ = ["HolidaySchedule", "official_schedules"]


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
        where = f"holiday schedule {self.year} ({self.source})"
        off = dict(self.days_off)
        if len(off) != len(self.days_off):
            raise ScheduleError("a day off is listed twice", where=where, fix="list each date once")
        lo, hi = dt.date(self.year - 1, 12, 1), dt.date(self.year + 1, 1, 31)
        for day, _ in (*self.days_off, *self.working_weekends):
            if not lo <= day <= hi:
                raise ScheduleError(
                    f"{day} is outside the year {self.year}", where=where,
                    fix="put the date in the schedule of its own year",
                )
        for day, name in self.working_weekends:
            if day in off:
                raise ScheduleError(
                    f"{day} is listed both as a day off ({off[day]}) and as a working day ({name})",
                    where=where, fix="keep the date in one list only",
                )
            if day.weekday() < 5:
                raise ScheduleError(
                    f"{day} ({name}) is a weekday; only a Saturday or Sunday can be declared a working day",
                    where=where, fix="check the date against the notice (调休上班 days are weekend days)",
                )

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
        issues: list[Issue] = []
        allowed = {"year", "source", "festivals", "provisional"}
        for key in sorted(set(data) - allowed):
            issues.append(Issue(f"$.{key}", "unknown field"))
        year = data.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            issues.append(Issue("$.year", f"expected a year such as 2027, got {year!r}"))
        source = data.get("source")
        if not isinstance(source, str) or not source.strip():
            issues.append(Issue("$.source", "give the notice's title (and 文号) the schedule comes from"))
        festivals = data.get("festivals")
        off: list[tuple[dt.date, str]] = []
        work: list[tuple[dt.date, str]] = []
        if not isinstance(festivals, list):
            issues.append(Issue("$.festivals", "expected a list of festivals"))
            festivals = []
        for i, fest in enumerate(festivals):
            path = f"$.festivals[{i}]"
            if not isinstance(fest, Mapping):
                issues.append(Issue(path, "expected a table with name, off and work"))
                continue
            for key in sorted(set(fest) - {"name", "off", "work"}):
                issues.append(Issue(f"{path}.{key}", "unknown field"))
            name = fest.get("name")
            if not isinstance(name, str) or not name.strip():
                issues.append(Issue(f"{path}.name", "give the festival's name, e.g. 春节"))
                name = "?"
            for key, into in (("off", off), ("work", work)):
                entries = fest.get(key, [])
                if not isinstance(entries, list):
                    issues.append(Issue(f"{path}.{key}", "expected a list of dates or date ranges"))
                    continue
                for j, entry in enumerate(entries):
                    try:
                        into.extend((day, name.strip()) for day in _expand(entry))
                    except (TypeError, ValueError) as exc:
                        issues.append(Issue(f"{path}.{key}[{j}]", str(exc)))
        if issues:
            raise DataError("cannot read holiday schedule", issues, fix="correct the entries named")
        assert isinstance(year, int)
        assert isinstance(source, str)
        try:
            return cls(year, off, work, source.strip(), bool(data.get("provisional", False)))
        except ScheduleError as exc:
            raise DataError("cannot read holiday schedule", [Issue("$", str(exc))]) from exc

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


def _expand(entry: Any) -> Iterable[dt.date]:
    if isinstance(entry, dt.date) and not isinstance(entry, dt.datetime):  # a TOML date literal
        return [entry]
    if not isinstance(entry, str):
        raise TypeError(f"expected an ISO date or a start/end range, got {entry!r}")
    if "/" in entry:
        first_s, last_s = entry.split("/", 1)
        first, last = dt.date.fromisoformat(first_s.strip()), dt.date.fromisoformat(last_s.strip())
        if last < first:
            raise ValueError(f"range {entry!r} ends before it starts")
        return [dt.date.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]
    return [dt.date.fromisoformat(entry.strip())]


@lru_cache(maxsize=1)
def official_schedules() -> Mapping[int, HolidaySchedule]:
    """The official schedules chinese-calendar carries (2004 to its last year), by year.

    chinese-calendar transcribes each year's State Council notice; its names are English (``Spring Festival``)
    and are translated to the festival names the notices use.
    """
    import chinese_calendar  # the data package; imported here so importing this module stays cheap

    version = getattr(chinese_calendar, "__version__", "?")
    by_year: dict[int, tuple[list[tuple[dt.date, str]], list[tuple[dt.date, str]]]] = {}
    for day, name in chinese_calendar.holidays.items():
        by_year.setdefault(day.year, ([], []))[0].append((day, _FESTIVAL_NAMES.get(name, name)))
    for day, name in chinese_calendar.workdays.items():
        by_year.setdefault(day.year, ([], []))[1].append((day, _FESTIVAL_NAMES.get(name, name)))
    return {
        year: HolidaySchedule(
            year, off, work, f"国务院办公厅关于{year}年部分节假日安排的通知 (transcribed in chinese-calendar {version})"
        )
        for year, (off, work) in sorted(by_year.items())
    }


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
