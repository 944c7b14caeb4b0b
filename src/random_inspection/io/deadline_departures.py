"""Departing from a duty's default period after the draw, as ``random-inspection depart`` and a bureau's own code
do it: the rule checked under the plan's profile, the default due dates computed, the entry recorded
(``Store.record_deadline_departure``) and the obligations it changes returned."""

from __future__ import annotations

import datetime as dt

from random_inspection.errors import InvalidInputError
from random_inspection.io.plan_steps import check_plan_committed
from random_inspection.io.planfile import PlanFile
from random_inspection.messages import tr
from random_inspection.model import Actor
from random_inspection.profiles import ProfileRegistry, ResolvedProfile
from random_inspection.store import Entry, Signer, Store
from random_inspection.timelimits import WorkingCalendar
from random_inspection.workflow import (
    DeadlineDeparture,
    Obligation,
    deadline_departure_problems,
    obligation_specs,
    plan_obligations,
)

__all__ = ["default_dues", "depart"]


def default_dues(store: Store, plan: PlanFile, registry: ProfileRegistry, resolved: ResolvedProfile,
                 calendar: WorkingCalendar, departure: DeadlineDeparture) -> dict[str, dt.date]:
    """For each recorded inspection ``departure`` covers that has started a duty of its rule, the earliest due
    date the default period gives (departures recorded earlier left aside)."""
    duties = {spec.key for spec in obligation_specs(resolved) if spec.rule == departure.key}
    records = store.records(plan.plan_id, resolved.value("results.scheme"))
    out: dict[str, dt.date] = {}
    for o in plan_obligations(records, plan.plan, registry, calendar, periods=plan.periods):
        if o.key in duties and departure.covers(o.subject) and o.deadlines:
            due = o.deadlines[0].due
            out[o.subject] = min(due, out.get(o.subject, due))
    return out


def depart(store: Store, plan: PlanFile, registry: ProfileRegistry, calendar: WorkingCalendar,
           departure: DeadlineDeparture, *, actor: Actor, signer: Signer,
           at: str) -> tuple[Entry, tuple[Obligation, ...]]:
    """Record ``departure`` for the plan (committed, drawn) and return its entry and the obligations of the
    inspections it covers, as they now stand.

    Raises:
        InvalidInputError: the rule is not a duty's time limit, binds, or no document in force sets it; or what
            :meth:`Store.record_deadline_departure` refuses before recording.
        PermissionRefused: what the store refuses and records (a default period already ended, another
            department, no draw).
    """
    resolved = plan.profile(registry)
    check_plan_committed(store, plan, resolved)
    limits = {spec.rule for spec in obligation_specs(resolved) if spec.rule is not None}
    problems = deadline_departure_problems(resolved, departure, limits)
    if problems:
        raise InvalidInputError(problems[0], where=tr("departure from {key} in plan {plan_id}", key=departure.key,
                                                      plan_id=plan.plan_id),
                                fix=tr("depart only from a duty's period the source words as a default (explain "
                                       "{profile} shows each rule's qualifier)", profile=resolved.code))
    dues = default_dues(store, plan, registry, resolved, calendar, departure)
    entry = store.record_deadline_departure(plan.plan_id, departure, dues, actor=actor, signer=signer, at=at)
    records = store.records(plan.plan_id, resolved.value("results.scheme"))
    items = plan_obligations(records, plan.plan, registry, calendar, periods=plan.periods,
                             departures=store.deadline_departures(plan.plan_id))
    return entry, tuple(o for o in items if o.departure is not None and o.departure.entry == entry.seq)
