"""The ``status`` command: overdue and upcoming duties across every plan of a store, and the indicators per
profile (docs/status.md)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from random_inspection.cli._base import (
    DAY,
    FORMAT,
    SCHEDULE,
    calendar_for,
    echo_json,
    main,
    option,
    profile_sources,
    registry_for,
    say,
    table,
)
from random_inspection.cli.plans import STORE, cut_offs_of
from random_inspection.errors import InvalidInputError
from random_inspection.io.china_time import today_in_china
from random_inspection.io.plan_steps import has_store, open_store
from random_inspection.io.store_status import PlanStatus, ProfileStatus, StoreStatus, plan_files, store_status
from random_inspection.messages import tr
from random_inspection.store import mask_url
from random_inspection.workflow.duty_status import DEFAULT_WITHIN, Counting, DutyStanding

PROVISIONAL_MARK = "(暂估)"
"""Beside a due date that rests on an estimated holiday schedule."""

LEDGER_MARK = "(据台账)"
"""Beside the plan of a duty worked out from the plan's commit in the ledger, no plan file being at hand."""


def today() -> dt.date:
    """Today's date in China (Asia/Shanghai, UTC+8 all year): the default day of ``status``, read here at the
    edge only."""
    return today_in_china()


def due_text(standing: DutyStanding) -> str:
    """The due date, with the time its last day ends where a cut-off applies (``2026-11-10 17:30``), marked (暂估)
    where it rests on an estimated holiday schedule; ``—`` without one."""
    o = standing.obligation
    if o.due is None:
        return "—"
    cut = o.deadline is not None and o.deadline.due == o.due and o.deadline.cut_off is not None
    shown = o.deadline.ends if cut and o.deadline is not None else o.due.isoformat()
    return shown + (f" {PROVISIONAL_MARK}" if standing.provisional else "")


def left_text(standing: DutyStanding) -> str:
    """The days left with their unit, as the duty's deadline counts them (``3 个工作日``, ``-2 日``)."""
    if standing.days_left is None:
        return "—"
    return f"{standing.days_left} {'个工作日' if standing.counting is Counting.WORKING_DAYS else '日'}"


@main.command("status", help=tr("Overdue and upcoming duties across every plan committed in the store, with the "
                                "subject's name beside its code, the days left as each deadline counts them and the "
                                "counts and indicators per profile. A due date that rests on an estimated holiday "
                                "schedule is marked (暂估) (\"provisional\": true in JSON). A plan whose file is not "
                                "in --plans has its duties worked out from its commit in the ledger, marked (据台账) "
                                "(\"duties_from\": \"ledger\" in JSON). Exit status 1 when a duty is "
                                "overdue on a firm due date; duties overdue only under an estimated schedule are "
                                "counted but do not make it 1."))
@STORE
@option("--plans", "plans", type=click.Path(file_okay=False, exists=True), default=".", show_default=True,
        help=tr("The folder of the plan files, found by plan_id (as serve --plans)."))
@option("--on", "on", type=DAY, default=None,
        help=tr("The day the status is taken at (end of day); default: today in China (UTC+8)."))
@option("--within", type=click.IntRange(0, 3660), default=DEFAULT_WITHIN, show_default=True,
        help=tr("List open duties due within this many calendar days."))
@option("--department", help=tr("Only the duties this department owes."))
@option("--cut-off", "cut_offs", multiple=True, metavar="KEY=HH:MM",
        help=tr("Where a duty's act is done during business hours, the time business stops (repeatable, by "
                "obligation key, e.g. feedback=17:30; 民法典 第二百零三条第二款), as obligations --cut-off. Needs "
                "--hours-source."))
@option("--hours-source", help=tr("Where the business hours come from, as 'DOCUMENT ARTICLE'."))
@SCHEDULE
@profile_sources
@FORMAT
def status(store_url: str, plans: str, on: dt.datetime | None, within: int, department: str | None,
           cut_offs: tuple[str, ...], hours_source: str | None, schedules: tuple[str, ...], folders: tuple[str, ...],
           blocked: tuple[str, ...], fmt: str) -> None:
    hours = cut_offs_of(cut_offs, hours_source)
    if not has_store(store_url):
        raise InvalidInputError(tr("there is no store at {url}", url=mask_url(store_url)), where="--store",
                                fix=tr("give the store the plans were committed in"))
    day = on.date() if on is not None else today()
    registry = registry_for(folders, blocked)
    calendar = calendar_for(schedules, strict=False)
    with open_store(store_url, readonly=True) as store:
        view = store_status(store, plan_files(Path(plans)), registry, calendar, day, within=within,
                            department=department, cut_offs=hours)
    if fmt == "json":
        echo_json(view.to_json())
    else:
        _print(view)
    if view.firmly_overdue:
        sys.exit(1)


def _print(view: StoreStatus) -> None:
    say(tr("status of {plans} plans on {day}: {overdue} duties overdue, {upcoming} due within {within} days",
           plans=len(view.plans), day=view.on.isoformat(), overdue=len(view.overdue),
           upcoming=sum(len(p.upcoming) for p in view.plans), within=view.within))
    for profile in view.profiles:
        _print_profile(profile, [p for p in view.plans if p.profile == profile.code])
    for plan in view.plans:
        if plan.from_ledger:
            say(tr("plan {plan_id} {mark}: no plan file in --plans has it; its duties are worked out from its commit "
                   "in the ledger (no names; a period only a plan file sets is not known)", plan_id=plan.plan_id,
                   mark=LEDGER_MARK))
        if plan.problem is not None:
            say(tr("plan {plan_id} ({profile}, {first}–{last}, {results} results recorded): {problem}",
                   plan_id=plan.plan_id, profile=plan.profile or "?", first=plan.window[0], last=plan.window[1],
                   results=plan.results, problem=plan.problem))
    if view.provisionally_overdue:
        say(tr("{count} duties are overdue only under an estimated holiday schedule (暂估): they do not make the "
               "exit status 1", count=view.provisionally_overdue))


def _print_profile(profile: ProfileStatus, plans: list[PlanStatus]) -> None:
    click.echo("")
    say(tr("{name} ({code}): {counts}", name=profile.name, code=profile.code,
           counts=", ".join(f"{k} {n}" for k, n in profile.counts.items())))
    rows = [["plan", "subject", "name", "duty", "department", "due", "days left", "status"]]
    for plan in plans:
        for standing in (*plan.overdue, *plan.upcoming):
            o = standing.obligation
            shown = o.plan_id + (f" {LEDGER_MARK}" if plan.from_ledger else "")
            rows.append([shown, o.subject, plan.names.get(o.subject, ""), o.title,
                         o.owed_by + (f"→{o.counterpart}" if o.counterpart else ""), due_text(standing),
                         left_text(standing), standing.status.value])
    if len(rows) > 1:
        click.echo(table(rows))
    for indicator in profile.indicators:
        achieved = str(indicator.achieved) if isinstance(indicator.achieved, int) else \
            f"{float(indicator.achieved) * 100:.1f}%"
        target = "—" if indicator.target is None else (
            str(indicator.target) if isinstance(indicator.target, int) else f"{float(indicator.target) * 100:g}%")
        met = {True: tr("met"), False: tr("not met"), None: "—"}[indicator.met]
        source = indicator.citation.short() if indicator.citation is not None else ""
        say(tr("  {name}: {achieved} against {target}, {met} [{source}] {detail}", name=indicator.name,
               achieved=achieved, target=target, met=met, source=source, detail=indicator.detail))
