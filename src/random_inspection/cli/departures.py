"""``random-inspection depart``: a duty's period given otherwise than its default (一般、原则上), for some
inspections of a drawn plan, with the reason, recorded before the default period ends."""

from __future__ import annotations

import click

from random_inspection.cli._base import (
    FORMAT,
    calendar_for,
    echo_json,
    main,
    option,
    profile_sources,
    registry_for,
    say,
)
from random_inspection.cli._base import table as text_table
from random_inspection.cli.plans import ACTOR, AT, PLAN, STORE, _now
from random_inspection.io.actorfile import load_actor
from random_inspection.io.deadline_departures import depart as record_departure
from random_inspection.io.plan_steps import obligation_json, open_store
from random_inspection.io.planfile import load_plan_file
from random_inspection.messages import tr
from random_inspection.timelimits import parse_period
from random_inspection.workflow import DeadlineDeparture, china_day

__all__ = ["depart"]


@main.command("depart", help=tr("Give a duty's period otherwise than its default, where the profile's document words "
                                "it as one (一般, 原则上, 可以, 除特殊情况外), with the reason: for the inspections of "
                                "the subjects named, or for every inspection of the plan. Recorded before the default "
                                "period ends (a lapse is not excused after the fact), signed by the plan's "
                                "department, and published with the plan's disclosure."))
@PLAN
@click.argument("subjects", nargs=-1)
@option("--rule", "key", required=True, help=tr("The time limit departed from (limit.feedback, say; explain shows "
                                                "each rule's qualifier)."))
@option("--period", "period_text", required=True, help=tr("The period given instead: 10个工作日 (or 10wd), 15日, "
                                                          "1个月."))
@option("--reason", required=True, help=tr("Why, in words the disclosure can carry (no personal data)."))
@STORE
@ACTOR
@AT
@profile_sources
@FORMAT
def depart(plan_path: str, subjects: tuple[str, ...], key: str, period_text: str, reason: str, store_url: str,
           actor_path: str, at: str | None, folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    actor, signer = load_actor(actor_path)
    registry = registry_for(folders, blocked)
    resolved = plan.profile(registry)
    departure = DeadlineDeparture(key, parse_period(period_text), reason, subjects)
    calendar = calendar_for((), strict=False)
    with open_store(store_url, profile=resolved, write=True) as store:
        entry, changed = record_departure(store, plan, registry, calendar, departure, actor=actor, signer=signer,
                                          at=_now(at))
    if fmt == "json":
        echo_json({"plan_id": plan.plan_id, "ledger_entry": entry.seq, "departure": departure.payload(),
                   "obligations": obligation_json(changed, china_day(str(entry.at)))})
        return
    say(tr("departure from {key} recorded (ledger entry {seq}): {value} instead of the default, for {scope}",
           key=key, seq=entry.seq, value=departure.period.label,
           scope="、".join(departure.subjects) if departure.subjects else tr("every inspection of the plan")))
    if changed:
        click.echo(text_table([[tr("subject"), tr("duty"), tr("default due"), tr("due")],
                               *[[o.subject, o.title, o.default_due.isoformat() if o.default_due else "—",
                                  o.due.isoformat() if o.due else "—"] for o in changed]]))
