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
from random_inspection.timelimits import WorkingCalendar, deadline
from random_inspection.workflow import (
    DeadlineDeparture,
    Obligation,
    deadline_departure_problems,
    obligation_specs,
    obligations_day,
    plan_obligations,
)

__all__ = ["depart"]


def _covered(store: Store, plan: PlanFile, registry: ProfileRegistry, resolved: ResolvedProfile,
             calendar: WorkingCalendar, departure: DeadlineDeparture) -> list[tuple[Obligation, ResolvedProfile]]:
    """The obligations of the departure's rule that the recorded inspections it covers have started, each with
    the profile resolved for its record (departures recorded earlier left aside)."""
    duties = {spec.key for spec in obligation_specs(resolved) if spec.rule == departure.key}
    out = []
    for record in store.records(plan.plan_id, resolved.value("results.scheme")):
        if not departure.covers(record.subject):
            continue
        profile = registry.resolve(plan.plan.profile, obligations_day(record, plan.plan))
        out += [(o, profile) for o in plan_obligations([record], plan.plan, registry, calendar, periods=plan.periods)
                if o.key in duties and o.deadlines]
    return out


def _default_dues(covered: list[tuple[Obligation, ResolvedProfile]]) -> dict[str, dt.date]:
    """For each inspection of ``covered``, the earliest due date the default period gives."""
    out: dict[str, dt.date] = {}
    for o, _ in covered:
        due = o.deadlines[0].due
        out[o.subject] = min(due, out.get(o.subject, due))
    return out


def depart(store: Store, plan: PlanFile, registry: ProfileRegistry, calendar: WorkingCalendar,
           departure: DeadlineDeparture, *, actor: Actor, signer: Signer,
           at: str) -> tuple[Entry, tuple[Obligation, ...]]:
    """Record ``departure`` for the plan (committed, drawn) and return its entry and the obligations of the
    inspections it covers, as they now stand.

    Raises:
        InvalidInputError: the rule is not a duty's time limit, binds (under the plan's profile, or the profile in
            force for an inspection it covers), or no document in force sets it; the period gives an inspection
            less time than its default; or what :meth:`Store.record_deadline_departure` refuses before recording.
        PermissionRefused: what the store refuses and records (a default period already ended, another
            department, an inspector, no draw).
    """
    resolved = plan.profile(registry)
    check_plan_committed(store, plan, resolved)
    where = tr("departure from {key} in plan {plan_id}", key=departure.key, plan_id=plan.plan_id)
    limits = {spec.rule for spec in obligation_specs(resolved) if spec.rule is not None}
    problems = deadline_departure_problems(resolved, departure, limits)
    covered = _covered(store, plan, registry, resolved, calendar, departure)
    for _, profile in covered:
        if not problems:
            problems = deadline_departure_problems(profile, departure, limits)
    if problems:
        raise InvalidInputError(problems[0], where=where,
                                fix=tr("depart only from a duty's period the source words as a default (explain "
                                       "{profile} shows each rule's qualifier)", profile=resolved.code))
    for o, _ in covered:
        default = o.deadlines[0]
        given = deadline(default.event, departure.period, calendar, strict=False).due
        if given < default.due:
            raise InvalidInputError(
                tr("{period} would end on {given}, before the default {due} of {subject}'s duty: a departure gives "
                   "more time, never less", period=departure.period.label, given=given.isoformat(),
                   due=default.due.isoformat(), subject=o.subject), where=where,
                fix=tr("give a period no shorter than the default"))
    entry = store.record_deadline_departure(plan.plan_id, departure, _default_dues(covered), actor=actor,
                                            signer=signer, at=at)
    records = store.records(plan.plan_id, resolved.value("results.scheme"))
    items = plan_obligations(records, plan.plan, registry, calendar, periods=plan.periods,
                             departures=store.deadline_departures(plan.plan_id))
    return entry, tuple(o for o in items if o.departure is not None and o.departure.entry == entry.seq)
