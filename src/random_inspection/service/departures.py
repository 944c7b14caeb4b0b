"""A duty's period departed from over HTTP (``POST /plans/{plan_id}/departures``): a signed write in two requests,
``…/prepare`` and the write itself (:mod:`random_inspection.service.signing`), as ``random-inspection depart``
records it — the same checks (:func:`random_inspection.io.deadline_departures.depart`) and the same
``deadline_departure`` entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from random_inspection.errors import InvalidInputError
from random_inspection.io.china_time import now_in_china
from random_inspection.io.deadline_departures import depart
from random_inspection.io.plan_steps import obligation_json, open_store
from random_inspection.io.planfile import PlanFile
from random_inspection.messages import tr
from random_inspection.model import Actor
from random_inspection.service.bodies import Prepared, Signed
from random_inspection.service.config import ServiceConfig
from random_inspection.service.deps import config_of, recorded_at, translations_of
from random_inspection.service.signing import actor_of, prepare, submit
from random_inspection.store import Signer, Store
from random_inspection.timelimits import WorkingCalendar, parse_period
from random_inspection.workflow import DeadlineDeparture, china_day

__all__ = ["DepartureBody", "DepartureRecorded", "router"]

router = APIRouter(tags=["signed writes: departures from a duty's period"])
Config = Annotated[ServiceConfig, Depends(config_of)]


class DepartureBody(Signed):
    """A duty's period given otherwise than its default, with the reason (as ``depart``)."""

    rule: str = Field(min_length=1, max_length=100, description="The time limit departed from, e.g. limit.feedback "
                                                                 "(--rule).")
    period: str = Field(min_length=1, max_length=20, description="The period given instead: 15个工作日 (or 15wd), "
                                                                  "10日, 1个月 (--period).")
    reason: str = Field(min_length=1, max_length=2000, description="Why, in words the disclosure can carry, no "
                                                                    "personal data (--reason).")
    subjects: list[str] = Field(default_factory=list, max_length=10_000,
                                description="The subjects' 统一社会信用代码 whose inspections it covers; none: every "
                                            "inspection of the plan (SUBJECT...).")


class DepartureRecorded(BaseModel):
    """The departure recorded: its ledger entry, the departure, and the obligations it changes (each as
    ``obligations --format json`` lists it, with ``departure`` and its ``default_due``)."""

    plan_id: str
    ledger_entry: int
    departure: dict[str, Any]
    obligations: list[dict[str, Any]]


LEEWAY = dt.timedelta(minutes=5)
"""How far a departure's ``at`` may be from the service's clock on prepare: whether a departure is honoured turns on
its day alone, so a remote signer does not choose it."""


def _departure_at(given: str | None) -> str:
    """The time a departure records on prepare: now, or the ``at`` given if it is within :data:`LEEWAY` of now.

    Raises:
        InvalidInputError: an ``at`` further from the service's clock, or without its offset.
    """
    at = recorded_at(given, submitting=False)
    moment = dt.datetime.fromisoformat(at)
    if moment.tzinfo is None or abs(moment - dt.datetime.fromisoformat(now_in_china())) > LEEWAY:
        raise InvalidInputError(tr("a departure is recorded at the time it is made: {at} is not within {minutes} "
                                   "minutes of the service's clock", at=at,
                                   minutes=int(LEEWAY.total_seconds() // 60)), where="at",
                                fix=tr("leave at out (the service records now)"))
    return at


def _action(store: Store, config: ServiceConfig, plan: PlanFile, body: DepartureBody, actor: Actor,
            at: str) -> Callable[[Signer], DepartureRecorded]:
    """The write ``body`` asks for, given the signer to use: the departure recorded as ``depart`` records it."""
    departure = DeadlineDeparture(body.rule, parse_period(body.period), body.reason, body.subjects)

    def record(signer: Signer) -> DepartureRecorded:
        entry, changed = depart(store, plan, config.registry, WorkingCalendar.default(strict=False), departure,
                                actor=actor, signer=signer, at=at)
        return DepartureRecorded(plan_id=plan.plan_id, ledger_entry=entry.seq, departure=departure.payload(),
                                 obligations=obligation_json(changed, china_day(at)))
    return record


@router.post("/plans/{plan_id:path}/departures/prepare")
def departure_prepare(plan_id: str, body: DepartureBody, config: Config, request: Request) -> Prepared:
    """Prepare a departure from a duty's period worded as a default: the digest the plan's department signs."""
    plan = config.plan(plan_id)
    resolved = plan.profile(config.registry)
    actor, at = actor_of(body.actor), _departure_at(body.at)
    with open_store(config.store_url, resolved, write=True, where=tr("the store")) as store:
        head = store.ledger_head()
        found = prepare(store, actor, _action(store, config, plan, body, actor, at), translations_of(request))
    return Prepared(digests=found.digests, at=at, head=str(head), algorithm=found.algorithm, refused=found.refused)


@router.post("/plans/{plan_id:path}/departures")
def departure(plan_id: str, body: DepartureBody, config: Config) -> DepartureRecorded:
    """Record a departure from a duty's period the source words as a default (一般, 原则上), for some inspections of
    the plan or all, with its reason, before the default period ends (as ``depart``)."""
    plan = config.plan(plan_id)
    resolved = plan.profile(config.registry)
    actor, at = actor_of(body.actor), recorded_at(body.at, submitting=True)
    with open_store(config.store_url, resolved, write=True, where=tr("the store")) as store:
        return submit(store, actor, body.signatures, _action(store, config, plan, body, actor, at))
