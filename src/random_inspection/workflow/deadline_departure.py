"""A departure from a time limit the source words as a default, recorded after the draw: :class:`DeadlineDeparture`.

Where a document words a duty's period as a default (一般、原则上、可以、除特殊情况外: the rule's ``qualifier``), the
bureau may give an inspection another period, and only with a reason it records before the default period ends.
A departure from a plan's own rules (its size, its team, the yearly cap) is made when the plan is committed
(:class:`~random_inspection.profiles.Departure`, the plan file's ``[[departure]]``); a departure from a duty's
period comes later, when the reason arises (the subject's site closed for the 春节 shutdown, say), and is recorded
as a ledger entry of its own (``Store.record_deadline_departure``).

It is honoured only where it was recorded in time: :func:`~random_inspection.workflow.obligations` counts a duty
to the departed period only when the departure's day is not after the default due date, so an entry written
around the store's checks cannot excuse a lapse after the fact. The obligation keeps the default deadline beside
the departed one (``Obligation.default_due``), and the disclosure publishes every departure with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.profiles import Departure
from random_inspection.timelimits import Period, parse_period

if TYPE_CHECKING:
    from random_inspection.profiles import ResolvedProfile

__all__ = ["CHINA_TIME", "DeadlineDeparture", "china_day", "deadline_departure_problems"]

CHINA_TIME = dt.timezone(dt.timedelta(hours=8))
"""UTC+8, the zone a departure's day is counted in, whatever offset its time is written with (the duties' days are
days in China: a time written as ``2027-01-06T23:00:00-12:00`` is on 2027-01-07 there)."""


def china_day(at: str) -> dt.date:
    """The day in China of a ledger time (ISO 8601 with its offset; one without is taken as China's)."""
    moment = dt.datetime.fromisoformat(at)
    return (moment if moment.tzinfo is None else moment.astimezone(CHINA_TIME)).date()

_KEYS = ("entry", "at", "key", "value", "reason", "subjects", "default_due")


def _subjects(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InvalidInputError(tr("the departure's subjects are text, not a list"), where=tr("the departure"),
                                fix=tr("give the subjects' 统一社会信用代码 as a list, or none for every inspection"))
    subjects = tuple(value)
    if any(not isinstance(s, str) or not s.strip() for s in subjects) or len(set(subjects)) != len(subjects):
        raise InvalidInputError(tr("the departure's subjects must each be a 统一社会信用代码, given once"),
                                where=tr("the departure"),
                                fix=tr("give the subjects' 统一社会信用代码 as a list, or none for every inspection"))
    return tuple(sorted(subjects))


def _sorted_dues(value: Iterable[tuple[str, dt.date]]) -> tuple[tuple[str, dt.date], ...]:
    return tuple(sorted(value))


@attrs.frozen
class DeadlineDeparture:
    """A duty's period given otherwise than its default, for some inspections of a plan, with the reason.

    Attributes:
        key: the time limit departed from (``limit.feedback``); its rule must be worded as a default.
        period: the period the inspections get instead (its ``label`` is the departure's ``value``).
        reason: why, as recorded and published (no personal data).
        subjects: the inspections it covers, by 统一社会信用代码; empty: every inspection of the plan.
        on: the day in China it was recorded (from its ledger entry's time); a departure recorded after an
            inspection's default due date is not honoured for that inspection.
        entry, at: its ledger entry's number and time, once recorded.
        default_due: as its entry records them, the default due date of each inspection it covers that had
            started the duty when it was recorded (by 统一社会信用代码; published so that anyone can compare).
    """

    key: str
    period: Period
    reason: str
    subjects: tuple[str, ...] = attrs.field(default=(), converter=_subjects)
    on: dt.date | None = None
    entry: int | None = None
    at: str | None = None
    default_due: tuple[tuple[str, dt.date], ...] = attrs.field(default=(), converter=_sorted_dues)

    def __attrs_post_init__(self) -> None:
        Departure(self.key, self.period.label, self.reason)  # the same checks as a departure at the commit

    @property
    def departure(self) -> Departure:
        """As a plan's departure: key, value (the period's label) and reason."""
        return Departure(self.key, self.period.label, self.reason)

    def departure_in_words(self) -> Departure:
        """As a plan's departure, its value naming the inspections it covers (the reports' 偏离默认规则 row):
        ``10个工作日（91410…、91410…）``, or the period alone where it covers every inspection."""
        scope = f"（{'、'.join(self.subjects)}）" if self.subjects else ""
        return Departure(self.key, f"{self.period.label}{scope}", self.reason)

    def covers(self, subject: str) -> bool:
        """Whether the inspection of ``subject`` is one it covers."""
        return not self.subjects or subject in self.subjects

    def payload(self) -> dict[str, Any]:
        """The ledger entry's payload: ``{"key", "value", "reason", "subjects"}``."""
        return {"key": self.key, "value": self.period.label, "reason": self.reason, "subjects": list(self.subjects)}

    def to_json(self) -> dict[str, Any]:
        """As the disclosure publishes it: ``{"entry", "at", "key", "value", "reason", "subjects", "default_due"}``
        (``default_due`` by subject, ISO dates)."""
        return {"entry": self.entry, "at": self.at, **self.payload(),
                "default_due": {s: d.isoformat() for s, d in self.default_due}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DeadlineDeparture:
        """The inverse of :meth:`to_json` (also reads an entry's payload with its number and time added).

        Raises:
            InvalidInputError: a key it does not write, a missing one, or a value of the wrong type.
        """
        if not isinstance(data, Mapping) or set(data) - set(_KEYS) or not {"key", "value", "reason"} <= set(data):
            raise InvalidInputError(tr("{data!r} is not a departure from a time limit", data=data),
                                    where=tr("the departure"),
                                    fix=tr("give entry, at, key, value, reason and subjects, as the disclosure "
                                           "publishes them"))
        at, entry, dues = data.get("at"), data.get("entry"), data.get("default_due", {})
        if not isinstance(data["value"], str) or (at is not None and not isinstance(at, str)) \
                or (entry is not None and (not isinstance(entry, int) or isinstance(entry, bool))) \
                or not isinstance(dues, Mapping) or not all(isinstance(d, str) for d in dues.values()):
            raise InvalidInputError(tr("{data!r} is not a departure from a time limit", data=data),
                                    where=tr("the departure"), fix=tr("give the period as text, e.g. 10个工作日"))
        try:
            on = china_day(at) if at is not None else None
            default_due = tuple((s, dt.date.fromisoformat(d)) for s, d in dues.items())
        except ValueError:
            raise InvalidInputError(tr("{data!r} is not a departure from a time limit", data=data),
                                    where=tr("the departure"),
                                    fix=tr("give at as an ISO 8601 time and default_due as ISO dates")) from None
        return cls(data["key"], parse_period(data["value"]), data["reason"], data.get("subjects", ()), on, entry, at,
                   default_due)


def deadline_departure_problems(profile: ResolvedProfile, departure: DeadlineDeparture,
                                duties: Iterable[str]) -> list[str]:
    """What stands against recording ``departure`` under ``profile`` (resolved for the plan), where ``duties``
    are the keys of the time limits the profile's obligations run on: a key no document in force sets, a rule
    that binds, or a key that is no duty's time limit (a plan's own rules are departed from at the commit)."""
    key = departure.key
    if not profile.has(key):
        return [tr("departs from {key}, which no document in force on {as_of} sets", key=key, as_of=profile.as_of)]
    rule = profile.rule(key)
    if key not in set(duties):
        return [tr("{key} is not the time limit of a duty: a departure from a plan's rules is recorded with the "
                   "plan, as a [[departure]] of its plan file, before it is committed", key=key)]
    if not rule.departable:
        return [tr("departs from {key}, which {citation} sets as binding (the source words it as no default: 原则上, "
                   "一般, 可以)", key=key, citation=rule.citation)]
    return []
