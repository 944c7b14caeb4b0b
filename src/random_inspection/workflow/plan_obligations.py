"""The obligations of a plan's recorded inspections, each record's under the rules in force on its inspection's
day: one rule for every caller (the command line's ``obligations``, the demo, a bureau's own code).

An obligation's period is fixed by the rules in force when the inspection took place: a rule that changes
later does not change a running duty (docs/lifecycle.md, *Obligations*). The inspection's day is the day it
ended (检查结束: most limits run from it, and the others from steps after it), else the day it started (检查开始),
else, for a record that has neither yet, the first day of the plan's window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from random_inspection.profiles import ProfileRegistry
from random_inspection.timelimits import CutOff, Period, WorkingCalendar
from random_inspection.workflow.deadline_departure import DeadlineDeparture
from random_inspection.workflow.inspections import InspectionRecord, Step
from random_inspection.workflow.obligations import Obligation, obligations
from random_inspection.workflow.plans import InspectionPlan

__all__ = ["obligations_day", "plan_obligations"]


def obligations_day(record: InspectionRecord, plan: InspectionPlan) -> dt.date:
    """The day the profile is resolved on for ``record``'s obligations: the day the inspection ended, else the
    day it started, else the first day of ``plan``'s window."""
    return record.on(Step.ENDED) or record.on(Step.STARTED) or plan.window[0]


def plan_obligations(records: Iterable[InspectionRecord], plan: InspectionPlan, registry: ProfileRegistry,
                     calendar: WorkingCalendar, *, strict: bool | None = None,
                     periods: Mapping[str, Period] | None = None,
                     cut_offs: Mapping[str, CutOff] | None = None,
                     departures: Iterable[DeadlineDeparture] = ()) -> tuple[Obligation, ...]:
    """The obligations of ``records`` (a plan's recorded inspections), in record order, each record's under
    ``plan``'s profile resolved on :func:`obligations_day`; ``periods``: those the plan sets for duties whose
    source sets none, ``cut_offs``: the office's hours by obligation key, where the profile cannot know them, and
    ``departures``: the plan's departures from periods worded as defaults (``Store.deadline_departures``)
    (:func:`~random_inspection.workflow.obligations`).

    Raises:
        ProfileError: the plan's profile is unknown, or has no version in force on a record's day.
        InvalidInputError: a plan period for a duty whose source sets one, or for no duty.
    """
    out: list[Obligation] = []
    departures = tuple(departures)
    for record in records:
        profile = registry.resolve(plan.profile, obligations_day(record, plan))
        out.extend(obligations(record, profile, calendar, strict=strict, periods=periods, cut_offs=cut_offs,
                               departures=departures))
    return tuple(out)
