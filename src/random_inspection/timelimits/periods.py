"""Periods as Chinese law counts them, and the deadlines they give.

* :class:`WorkingDays` — “N个工作日”: only working days count; the day of the event is not counted
  (民法典 第二百零一条), and when the event falls on a rest day the first working day after it is day 1.
* :class:`Days` — “N日”: calendar days, the day of the event not counted (第二百零一条); if the last day is a
  rest day the period ends on the first working day after it (第二百零三条第一款).
* :class:`Months` — “N个月”: the corresponding day of the month N months on, or that month's last day when it
  has no such day (第二百零二条); the rest-day extension of 第二百零三条 applies as for days.

Every period ends at 24:00 of its last day, or when business stops where the act is done during business
hours (第二百零三条第二款: a :class:`~random_inspection.timelimits.CutOff`); a law may count a period otherwise
(第二百零四条: a :class:`~random_inspection.timelimits.CountingOverride`). :func:`deadline` returns a
:class:`Deadline` that keeps the event, the period, the citation of the rule that set it, its cut-off and
counting override, and whether the answer is provisional (it consulted a year without an official holiday
schedule).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import attrs
from dateutil.relativedelta import relativedelta

from random_inspection.errors import CalendarError, InvalidInputError
from random_inspection.messages import tr
from random_inspection.model.citation import Citation
from random_inspection.timelimits.calendar import WorkingCalendar
from random_inspection.timelimits.counting import CIVIL_CODE, CountingOverride, CutOff

__all__ = ["CIVIL_CODE", "Days", "Deadline", "Months", "Period", "WorkingDays", "deadline", "parse_period"]

_START_NOT_COUNTED = Citation(CIVIL_CODE, "第二百零一条")
_MONTH_END = Citation(CIVIL_CODE, "第二百零二条")
_REST_DAY_EXTENSION = Citation(CIVIL_CODE, "第二百零三条")
_ONE_DAY = dt.timedelta(days=1)


MAX_COUNT = 10_000
"""The longest period accepted, in its own unit (no rule of the sources comes near it)."""


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_COUNT:
        raise InvalidInputError(
            tr("a period of {value!r} is not a whole number from 1 to {max_count}",
               value=value,
               max_count=MAX_COUNT), where=type(instance).__name__,
            fix=tr("give the number of days, working days or months the rule states"),
        )


@attrs.frozen
class _Count:
    """A whole number of some unit, at least 1."""

    n: int = attrs.field(validator=_positive)
    unit: ClassVar[str] = ""

    @property
    def label(self) -> str:
        """The period as documents write it, e.g. ``5个工作日``."""
        return f"{self.n}{self.unit}"


@attrs.frozen
class WorkingDays(_Count):
    """“N个工作日”."""

    unit: ClassVar[str] = "个工作日"


@attrs.frozen
class Days(_Count):
    """“N日” (calendar days)."""

    unit: ClassVar[str] = "日"


@attrs.frozen
class Months(_Count):
    """“N个月”."""

    unit: ClassVar[str] = "个月"


Period = WorkingDays | Days | Months


def parse_period(text: str) -> Period:
    """Read a period as documents and users write it: ``5个工作日``, ``10日``, ``7天``, ``3个月``, or the
    English ``5wd``, ``10d``, ``3m``.

    Raises:
        InvalidInputError: when the text is none of these.
    """
    t = text.strip().replace(" ", "")
    for suffixes, cls in (
        (("个工作日", "工作日", "wd"), WorkingDays),
        (("个月", "m"), Months),  # not “3月”: that is March
        (("日", "天", "d"), Days),
    ):
        for suffix in suffixes:
            number = t[: -len(suffix)]
            if t.endswith(suffix) and number.isdecimal():  # int() reads any decimal digit (１０日)
                period: Period = cls(min(int(number), MAX_COUNT + 1))  # the validator names the limit
                return period
    raise InvalidInputError(
        tr("cannot read the period {text!r}", text=text), where=tr("the period"),
        fix=tr("write it as 5个工作日 (or 5wd), 10日 (or 10d), 3个月 (or 3m)"),
    )


@attrs.frozen
class Deadline:
    """A computed due date with the reasons for it.

    Attributes:
        event: the day of the event the period runs from (not counted).
        period: the period.
        due: the last day of the period; the period ends at 24:00 of this day.
        citation: the rule that set the period (e.g. 许应急〔2023〕14号 第十六条), when given.
        provisional_years: years consulted that have no official holiday schedule; empty when final.
        extended_from: for calendar days and months, the nominal last day when it was a rest day and the
            period was extended to ``due`` (民法典 第二百零三条); else ``None``.
        cut_off: the time the last day ends where the act is done during business hours (民法典 第二百零三条
            第二款); ``None``: at 24:00.
        counting: the law's own way of counting the period, where one applies (民法典 第二百零四条).
    """

    event: dt.date
    period: Period
    due: dt.date
    citation: Citation | None = None
    provisional_years: tuple[int, ...] = ()
    extended_from: dt.date | None = None
    cut_off: CutOff | None = attrs.field(default=None, kw_only=True)
    counting: CountingOverride | None = attrs.field(default=None, kw_only=True)

    @property
    def provisional(self) -> bool:
        """Whether the due date may still change when an official holiday schedule is loaded."""
        return bool(self.provisional_years)

    @property
    def legal_basis(self) -> tuple[Citation, ...]:
        """The articles this computation applied: those of the Civil Code, and the law that counts otherwise
        (after 第二百零四条) or where the business hours come from (after 第二百零三条第二款), when they apply."""
        counting = self.counting
        basis = [] if counting is not None and counting.start_day_counted else [_START_NOT_COUNTED]
        if isinstance(self.period, Months):
            basis.append(_MONTH_END)
        if self.extended_from is not None:
            basis.append(_REST_DAY_EXTENSION)
        if self.cut_off is not None:
            basis.extend(self.cut_off.legal_basis)
        if counting is not None:
            basis.extend(counting.legal_basis)
        return tuple(basis)

    @property
    def ends_at(self) -> dt.datetime:
        """The moment the period ends (local time): the cut-off on the last day, else 24:00 of it (00:00 of the
        day after)."""
        if self.cut_off is not None:
            return dt.datetime.combine(self.due, self.cut_off.time)
        return dt.datetime.combine(self.due + _ONE_DAY, dt.time(0, 0))

    @property
    def ends(self) -> str:
        """When it ends, as people write it: ``2025-10-14 24:00`` or ``2025-10-14 17:30`` (a cut-off)."""
        return f"{self.due.isoformat()} {self.cut_off.label if self.cut_off is not None else '24:00'}"

    def status_on(self, day: dt.date, met_on: dt.date | None = None) -> str:
        """``met``, ``met late``, ``open`` or ``overdue`` at the end of ``day`` (``met_on``: when it was met, if it
        was). With a cut-off, the last day is over at the end of it, so a period not met by then is overdue; a
        period met on the last day at an unknown time counts as met (:meth:`status_at` knows the time)."""
        if met_on is not None and met_on <= day:
            return "met" if met_on <= self.due else "met late"
        if self.cut_off is not None:
            return "open" if day < self.due else "overdue"
        return "open" if day <= self.due else "overdue"

    def status_at(self, moment: dt.datetime, met_at: dt.datetime | None = None) -> str:
        """``met``, ``met late``, ``open`` or ``overdue`` at ``moment`` (local time), ``met_at`` the moment it was
        met, if it was: compared with :attr:`ends_at`, the cut-off included."""
        if met_at is not None and met_at <= moment:
            return "met" if met_at <= self.ends_at else "met late"
        return "open" if moment <= self.ends_at else "overdue"

    def explain(self) -> str:
        """One line a person can check: event, period, due date, citation and caveats."""
        text: str = f"{self.event.isoformat()} + {self.period.label} → {self.due.isoformat()}"
        if self.extended_from is not None:
            text = tr("{text} (last day {day} is a rest day, extended: 民法典 第二百零三条)", text=text,
                      day=self.extended_from.isoformat())
        if self.counting is not None:
            text = tr("{text}; {counting}", text=text, counting=self.counting.explain())
        if self.cut_off is not None:
            text = tr("{text}; {cut_off}", text=text, cut_off=self.cut_off.explain())
        if self.citation is not None:
            text = tr("{text} [{citation}]", text=text, citation=self.citation.short())
        if self.provisional:
            text = tr("{text} — provisional: no official holiday schedule for {years}", text=text,
                      years=", ".join(str(y) for y in self.provisional_years))
        return text


def deadline(
    event: dt.date,
    period: Period,
    calendar: WorkingCalendar,
    *,
    citation: Citation | None = None,
    strict: bool | None = None,
    cut_off: CutOff | None = None,
    counting: CountingOverride | None = None,
) -> Deadline:
    """The deadline of ``period`` running from ``event``, counted as Chinese law counts.

    Args:
        event: the day of the event (for example the day an inspection ended).
        period: :class:`WorkingDays`, :class:`Days` or :class:`Months`.
        calendar: the working-day calendar to count on.
        citation: the rule that sets the period, carried on the result.
        strict: refuse (raise :class:`~random_inspection.errors.HolidayScheduleMissing`) rather than answer
            provisionally when a year without an official schedule is consulted; defaults to the calendar's.
        cut_off: where the act is done during business hours, the time the last day ends (民法典 第二百零三条
            第二款); it moves no date, and :meth:`Deadline.status_at` compares with it.
        counting: a law's own way of counting (民法典 第二百零四条): the event's day counted, no extension over
            rest days, the number counted in another unit.

    Raises:
        InvalidInputError: a counting override asking to count months in days or working days.
        CalendarError: a period running past the dates the calendar can count.

    >>> cal = WorkingCalendar.default()
    >>> deadline(dt.date(2025, 9, 30), WorkingDays(5), cal).due  # across National Day 2025
    datetime.date(2025, 10, 14)
    """
    try:
        found = _deadline(event, period, calendar, citation, strict, counting)
        return attrs.evolve(found, cut_off=cut_off) if cut_off is not None else found
    except (OverflowError, ValueError) as exc:  # past date.max, or a year the date type cannot hold
        if isinstance(exc, InvalidInputError):
            raise
        raise CalendarError(
            tr("{event} + {label} runs past the dates the calendar can count", event=event.isoformat(),
               label=period.label),
            fix=tr("check the event date and the period"),
        ) from exc


def _deadline(
    event: dt.date, period: Period, calendar: WorkingCalendar, citation: Citation | None, strict: bool | None,
    counting: CountingOverride | None = None,
) -> Deadline:
    counted = _counted(period, counting)
    start_counted = counting is not None and counting.start_day_counted
    extend = counting is None or counting.extend_over_rest_days
    before = event - _ONE_DAY if start_counted else event  # with the event's day counted, count from the day before
    if isinstance(counted, WorkingDays):
        due = calendar.add_working_days(before, counted.n, strict=False)
        consulted_from = before + _ONE_DAY
        extended_from = None
    else:
        if isinstance(counted, Days):
            nominal = before + dt.timedelta(days=counted.n)
        elif isinstance(counted, Months):
            nominal = event + relativedelta(months=counted.n)
            if start_counted and nominal.day == event.day:  # the day before the corresponding day (第二百零二条)
                nominal -= _ONE_DAY
        else:  # pragma: no cover - the type checker sees every case
            raise TypeError(f"not a period: {period!r}")
        due = calendar.next_working_day(nominal, strict=False) if extend else nominal
        consulted_from = nominal
        extended_from = nominal if due != nominal else None
    where = f"{event.isoformat()} + {period.label}"
    if isinstance(counted, WorkingDays) or extend:
        years = calendar.check(consulted_from, due, strict=strict, where=where)
    else:
        years = ()  # calendar days without extension: no holiday schedule is consulted
    return Deadline(event, period, due, citation, years, extended_from, counting=counting)


def _counted(period: Period, counting: CountingOverride | None) -> Period:
    """The period as the override counts it (its number in the override's unit), else the period itself."""
    if counting is None or counting.count_in is None:
        return period
    if isinstance(period, Months):
        raise InvalidInputError(
            tr("{label} cannot be counted in {count_in}",
               label=period.label,
               count_in=counting.count_in),
                                where=tr("counting otherwise ({citation})", citation=counting.citation.short()),
                                fix=tr("convert periods in days or working days only"),
        )
    unit: type[WorkingDays] | type[Days] = WorkingDays if counting.count_in == WorkingDays.unit else Days
    return unit(period.n)
