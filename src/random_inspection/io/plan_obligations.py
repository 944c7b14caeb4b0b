"""The obligations of a plan's recorded inspections, as ``random-inspection obligations`` lists them and the
HTTP service answers them: the duties each inspection started, who owes them, their due dates and status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from random_inspection.io.plan_steps import check_plan_committed
from random_inspection.io.planfile import PlanFile
from random_inspection.profiles import ProfileRegistry, ResolvedProfile
from random_inspection.store import Store
from random_inspection.timelimits import CutOff, WorkingCalendar
from random_inspection.workflow import Obligation, overdue, plan_obligations

__all__ = ["plan_obligations_on"]


def plan_obligations_on(store: Store, plan: PlanFile, resolved: ResolvedProfile, registry: ProfileRegistry,
                        calendar: WorkingCalendar, day: dt.date, *, only_overdue: bool = False,
                        department: str | None = None,
                        cut_offs: Mapping[str, CutOff] | None = None) -> tuple[Obligation, ...]:
    """The obligations of the plan's recorded inspections in ``store`` (under the rules the plan was committed
    under, checked as it is now), with their status at the end of ``day``: all of them, or only those overdue
    that day (``only_overdue``); only those ``department`` owes, when given."""
    check_plan_committed(store, plan, resolved)  # the duties of the rules the plan was committed under, no other
    records = store.records(plan.plan_id, resolved.value("results.scheme"))
    items = plan_obligations(records, plan.plan, registry, calendar, periods=plan.periods, cut_offs=cut_offs or {},
                             departures=store.deadline_departures(plan.plan_id))
    if only_overdue:
        return tuple(overdue(items, day, department))
    return tuple(o for o in items if department is None or o.department == department)
