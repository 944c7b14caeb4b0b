"""Where each duty stands on a day, for the status view across a store's plans (docs/status.md): overdue or
upcoming, the days left counted as its deadline counts them, and whether its due date rests on an estimated
holiday schedule (暂估).

Pure: the day is a parameter, the calendar an argument.

* Days left are counted as the duty's binding deadline counts its period: working days for a “N个工作日”
  limit (the working days after ``on`` up to and including the due date), calendar days otherwise (“N日”,
  “N个月”, a due date the plan or the record sets). A duty due on ``on`` has 0 days left; one past its due date
  has a negative number, at least one day late (-1 on a rest day after a due date on the working day before).
* Upcoming: not met, not overdue, and due within ``within`` calendar days of ``on``.
* A due date is provisional when its deadline consulted a year without an official holiday schedule
  (:attr:`~random_inspection.timelimits.Deadline.provisional`): the date may still move when the State Council
  publishes the year's arrangement, so an overdue duty whose due date is provisional is overdue only under the
  estimate (:attr:`DutyStanding.firmly_overdue` is false).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable

import attrs

from random_inspection.timelimits import WorkingCalendar, WorkingDays
from random_inspection.workflow.obligations import Obligation, Status

__all__ = ["DEFAULT_WITHIN", "Counting", "DutyStanding", "counting_of", "days_left", "duty_standings", "standing_of",
           "status_counts"]

DEFAULT_WITHIN = 30
"""The days ahead a duty is upcoming within, unless the caller says otherwise."""


class Counting(str, enum.Enum):
    """How a duty's days left are counted: as its deadline counts its period."""

    WORKING_DAYS = "working_days"
    DAYS = "days"


def counting_of(obligation: Obligation) -> Counting:
    """Working days where the binding deadline's period is “N个工作日”, else calendar days."""
    deadline = obligation.deadline
    if deadline is not None and deadline.due == obligation.due and isinstance(deadline.period, WorkingDays):
        return Counting.WORKING_DAYS
    return Counting.DAYS


def days_left(due: dt.date, on: dt.date, counting: Counting, calendar: WorkingCalendar) -> int:
    """The days from the end of ``on`` to the end of ``due``: positive while it runs, 0 on the due date, negative
    once past it (at least -1). In working days (those after ``on`` up to and including ``due``; after ``due``
    up to and including ``on`` when late), or in calendar days."""
    if counting is Counting.DAYS:
        return (due - on).days
    if on <= due:
        return calendar.working_days_between(on, due, strict=False)
    return -max(1, calendar.working_days_between(due, on, strict=False))


@attrs.frozen
class DutyStanding:
    """One duty on a day.

    Attributes:
        obligation: the duty (its subject, department, title, due date, citation).
        on: the day it is taken at (end of day).
        status: its status at the end of ``on`` (:meth:`~random_inspection.workflow.Obligation.status`).
        days_left: the days from ``on`` to its due date, counted as :attr:`counting` says (negative when
            overdue); ``None`` without a due date.
        counting: how ``days_left`` is counted.
        provisional: its due date rests on an estimated holiday schedule (暂估).
    """

    obligation: Obligation
    on: dt.date
    status: Status
    days_left: int | None
    counting: Counting
    provisional: bool

    @property
    def overdue(self) -> bool:
        """Overdue at the end of :attr:`on`, firmly or under an estimated schedule."""
        return self.status is Status.OVERDUE

    @property
    def firmly_overdue(self) -> bool:
        """Overdue on a due date no holiday schedule still to come can move."""
        return self.overdue and not self.provisional

    @property
    def open(self) -> bool:
        """Neither met nor overdue."""
        return self.status in (Status.OPEN, Status.PROVISIONAL)


def standing_of(obligation: Obligation, on: dt.date, calendar: WorkingCalendar) -> DutyStanding:
    """Where ``obligation`` stands at the end of ``on``."""
    counting = counting_of(obligation)
    left = None if obligation.due is None else days_left(obligation.due, on, counting, calendar)
    return DutyStanding(obligation, on, obligation.status(on), left, counting, obligation.provisional)


def duty_standings(items: Iterable[Obligation], on: dt.date, calendar: WorkingCalendar, *,
                   within: int = DEFAULT_WITHIN) -> tuple[tuple[DutyStanding, ...], tuple[DutyStanding, ...]]:
    """The overdue duties of ``items`` at the end of ``on``, earliest due first, and the upcoming ones (open and
    due within ``within`` calendar days), soonest first."""
    standings = [standing_of(o, on, calendar) for o in items]
    late = [s for s in standings if s.overdue]
    soon = [s for s in standings if s.open and s.obligation.due is not None
            and (s.obligation.due - on).days <= within]

    def order(s: DutyStanding) -> tuple[dt.date, str, str, str]:
        o = s.obligation
        return o.due or dt.date.max, o.subject, o.key, o.counterpart or ""
    return tuple(sorted(late, key=order)), tuple(sorted(soon, key=order))


def status_counts(items: Iterable[Obligation], on: dt.date) -> dict[str, int]:
    """How many of ``items`` stand in each status at the end of ``on``, by the status's words (every status
    listed, 0 where none)."""
    counted = Counter(o.status(on) for o in items)
    return {status.value: counted[status] for status in Status}
