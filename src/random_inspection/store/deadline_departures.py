"""The ledger's checks on a departure from a duty's default period (a ``deadline_departure`` entry), read from the
ledger alone: the store makes them as it writes the entry, and ``ledger verify`` replays them on every such entry,
so one written around the store is found.

The entry's payload is the departure (:meth:`~random_inspection.workflow.DeadlineDeparture.payload`: key, value,
reason, subjects) and ``default_due``: for each inspection it covers that had started the duty when it was
recorded, the due date the default period gave (computed by the caller under the plan's profile, public, and
recomputed by anyone from the disclosure). A departure recorded after a default due date would excuse a lapse
after the fact: it is refused, and the refusal recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from random_inspection.errors import PersonalDataError
from random_inspection.messages import tr
from random_inspection.model import Role
from random_inspection.store.inforce import InForce
from random_inspection.workflow import DeadlineDeparture, check_public, china_day

__all__ = ["departure_payload", "departure_problem", "read_departure"]


def departure_payload(departure: DeadlineDeparture, default_due: Mapping[str, dt.date]) -> dict[str, Any]:
    """The entry's payload: the departure, and the default due dates by subject (sorted)."""
    return {**departure.payload(), "default_due": {s: default_due[s].isoformat() for s in sorted(default_due)}}


def read_departure(payload: Mapping[str, Any], entry: int, at: str | None) -> DeadlineDeparture:
    """The departure an entry records, with its number and time.

    Raises:
        InvalidInputError: a payload the store does not write.
    """
    return DeadlineDeparture.from_json({**payload, "entry": entry, "at": at})


def departure_problem(now: InForce, payload: Mapping[str, Any], actor: Mapping[str, Any],
                      at: str | None) -> tuple[str, str] | None:
    """Why a departure (an entry's ``payload``) may not be recorded by ``actor`` at ``at`` under what is in force
    for its plan — ``(what, fix)`` — or ``None``."""
    plan_id = now.plan_id
    if not now.committed or now.draw is None:
        return (tr("plan {plan_id} has no draw", plan_id=plan_id),
                tr("a duty's period is departed from after the draw; a plan's rules at its commit ([[departure]])"))
    if actor.get("role") == Role.ADMINISTRATOR.value:
        return (tr("the {administrator} takes no step of an inspection", administrator=Role.ADMINISTRATOR.value),
                tr("have the plan's department record it"))
    if actor.get("role") == Role.INSPECTOR.value:
        return (tr("an inspector may not depart from the periods of the duties inspectors owe (a rule of the "
                   "library, under every profile)"), tr("have the plan's department record it"))
    if now.owner is not None and actor.get("department") != now.owner:
        return (tr("the plan belongs to {owner}; {department} may not depart from its duties' periods",
                   owner=now.owner, department=actor.get("department")),
                tr("an actor of {owner} records it", owner=now.owner))
    if at is None:
        return tr("the departure has no time"), tr("record it with the time it is made")
    day = china_day(at)
    in_force = set(now.subjects)
    strangers = [s for s in payload.get("subjects", []) if s not in in_force]
    if strangers:
        return (tr("{subjects} not a subject of the draw in force", subjects="、".join(strangers)),
                tr("name subjects of the plan's draw in force, or none for every inspection"))
    due = payload.get("default_due", {})
    lapsed = sorted((dt.date.fromisoformat(d), s) for s, d in due.items() if dt.date.fromisoformat(d) < day)
    if lapsed:
        when, subject = lapsed[0]
        return (tr("the default period of {key} for {subject} ended on {due}, before the departure ({day}): a "
                   "lapse is not excused after the fact", key=payload.get("key"), subject=subject,
                   due=when.isoformat(), day=day.isoformat()),
                tr("a departure is recorded before the default period ends; a duty met late is recorded as late"))
    try:
        check_public({"reason": payload.get("reason")}, where=tr("the departure"))
    except PersonalDataError as exc:
        return exc.what, exc.fix
    return None
