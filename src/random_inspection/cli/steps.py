"""Step commands: what happens to a recorded inspection after its record, each step signed by its actor
(``--as``) and checked against the store's permissions like ``record``: ``step transfer`` (a letter
transferring the problems found, 函告移交问题线索, and the receiving department's steps on it), ``step finding``
(what was found on one checklist item) and ``step findings`` (a file of them), ``step hand-over`` (the
inspection records handed over, recorded under the words of the plan's profile). They form one group because they
share their shape — a plan, a subject, a day, an actor — and each writes one ``step_recorded`` entry."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import click

from random_inspection.cli._base import (
    DAY,
    FORMAT,
    calendar_for,
    echo_json,
    localised,
    main,
    option,
    profile_sources,
    registry_for,
    say,
)
from random_inspection.cli._base import table as text_table
from random_inspection.cli.plans import ACTOR, AT, PLAN, STORE, _now
from random_inspection.errors import PermissionRefused
from random_inspection.io.actorfile import load_actor, load_actors
from random_inspection.io.findings import read_findings
from random_inspection.io.plan_steps import check_plan_committed, obligation_json, open_store
from random_inspection.io.planfile import PlanFile, load_plan_file
from random_inspection.messages import tr
from random_inspection.store.steps import LETTER_STEPS, RecordedStep, StepRefused, worded
from random_inspection.workflow import RECORDS_HANDED_OVER, Finding, Step, plan_obligations

__all__ = ["step"]

OPTION_OF_FIELD = {"day": "--date", "to": "--to", "sender": "--from", "item": "--item", "step": "--step",
                   "subject": "SUBJECT", "rectification_due": "--rectify-by"}
"""The option that gives each field of a step, named in a refusal's fix."""

DATE = option("--date", "day", type=DAY, required=True, help=tr("The day the step was taken."))
DEPARTMENT = option("--department", help=tr("The department whose inspection it is (default: the plan's first, "
                                            "its lead)."))


@main.group(help=tr("Record one step of a recorded inspection, signed by its actor (--as): a transfer letter and its "
                    "later steps, a finding on a checklist item, the hand-over of the inspection records. Each is "
                    "refused, and the refusal recorded, as the store refuses it."))
def step() -> None:
    pass


def _record(plan_path: str, subject: str, department: str | None, built: Any, store_url: str, actor_path: str,
            at: str | None, folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    """Record the step ``built(actor, department)`` gives, then show the subject's duties on the step's day."""
    plan = load_plan_file(plan_path)
    actor, signer = load_actor(actor_path)
    registry = registry_for(folders, blocked)
    resolved = plan.profile(registry)
    scheme = resolved.value("results.scheme")
    recorded: RecordedStep = worded(built(actor.department, department or plan.plan.departments[0]), resolved)
    with open_store(store_url, profile=resolved, write=True) as store:
        check_plan_committed(store, plan, resolved)
        try:
            entry = store.record_step(plan.plan_id, recorded, scheme, actor=actor, signer=signer, at=_now(at))
        except StepRefused as refused:
            raise _with_option(refused) from None
        records = [r for r in store.records(plan.plan_id, scheme) if r.subject == subject]
    _show(plan, recorded, entry.seq, records, registry, fmt)


def _with_option(refused: StepRefused) -> PermissionRefused:
    """The refusal, its fix naming the option to change (the refusal is recorded already: its receipt is kept)."""
    option = OPTION_OF_FIELD.get(refused.field, refused.field)
    out = PermissionRefused(refused.actor, refused.action, refused.reason,
                            fix=tr("{fix} (option {option})", fix=refused.fix, option=option))
    out.entry, out.entry_hash = refused.entry, refused.entry_hash
    return out


def _show(plan: PlanFile, recorded: RecordedStep, seq: int, records: list[Any], registry: Any, fmt: str) -> None:
    duties = plan_obligations(records, plan.plan, registry, calendar_for((), strict=False), periods=plan.periods)
    rows = obligation_json(duties, recorded.day)
    what = recorded.step.value if recorded.step is not None else f"检查发现 {recorded.finding.item}" \
        if recorded.finding is not None else ""
    if fmt == "json":
        echo_json({"plan_id": plan.plan_id, "ledger_entry": seq, "step": recorded.to_json(), "obligations": rows})
        return
    say(tr("{what} of {subject} recorded (ledger entry {seq}); its duties on {day}:", what=what,
           subject=recorded.subject, seq=seq, day=recorded.day.isoformat()))
    lines = [[o.title, o.owed_by + (f"→{o.counterpart}" if o.counterpart else ""),
              o.due.isoformat() if o.due else "—", o.met_on.isoformat() if o.met_on else "—",
              o.status(recorded.day).value, o.citation.short()] for o in duties]
    click.echo(text_table([["duty", "department", "due", "met", "status", "source"], *lines]))


@step.command("transfer", help=tr("A letter transferring the problems found at SUBJECT to another department "
                                  "(函告移交问题线索), or the receiving department's later step on it; the duties "
                                  "the profile's time limits set for the letter are shown."))
@PLAN
@click.argument("subject")
@option("--to", "to", required=True, help=tr("The receiving department (相关部门)."))
@option("--step", "which", type=click.Choice([s.value for s in LETTER_STEPS]), default=Step.TRANSFERRED.value,
        show_default=True, help=tr("The step of the letter: the sender's 函告移交问题线索, or the receiver's "
                                   "收到移交函, 立案查处或书面回复, 结案, 书面告知并公示处罚信息."))
@option("--from", "sender", help=tr("The sending department (default: the actor's)."))
@option("--letter", default="", help=tr("The letter's number (文号), as written on it."))
@DATE
@DEPARTMENT
@STORE
@ACTOR
@AT
@profile_sources
@FORMAT
def transfer(plan_path: str, subject: str, to: str, which: str, sender: str | None, letter: str, day: dt.datetime,
             department: str | None, store_url: str, actor_path: str, at: str | None, folders: tuple[str, ...],
             blocked: tuple[str, ...], fmt: str) -> None:
    _record(plan_path, subject, department,
            lambda mine, dept: RecordedStep(subject, dept, day.date(), Step(which), to, sender or mine, letter),
            store_url, actor_path, at, folders, blocked, fmt)


@step.command("finding", help=tr("What was found on one checklist item of SUBJECT's recorded inspection (only an "
                                 "item drawn for it: 清单之外无检查), by an inspector of its team (谁检查、谁录入)."))
@PLAN
@click.argument("subject")
@option("--item", required=True, help=tr("The checklist item's code (检查事项), one drawn for SUBJECT."))
@option("--hazard/--compliant", "hazard", required=True,
        help=tr("Whether a problem (隐患) was found on the item, or the item complied."))
@option("--note", default="", help=tr("What was found, in words."))
@option("--rectify-by", "rectify_by", type=DAY, help=tr("With --hazard: the last day of rectification ordered."))
@DATE
@DEPARTMENT
@STORE
@ACTOR
@AT
@profile_sources
@FORMAT
def finding(plan_path: str, subject: str, item: str, hazard: bool, note: str, rectify_by: dt.datetime | None,
            day: dt.datetime, department: str | None, store_url: str, actor_path: str, at: str | None,
            folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    due = rectify_by.date() if rectify_by is not None else None
    _record(plan_path, subject, department,
            lambda _mine, dept: RecordedStep(subject, dept, day.date(), finding=Finding(item, not hazard, note),
                                             rectification_due=due),
            store_url, actor_path, at, folders, blocked, fmt)


@step.command("hand-over", help=tr("The hand-over of SUBJECT's inspection records by a department of the plan, "
                                   "recorded under the words of the plan's profile (the title of its own form, where "
                                   "it names one)."))
@PLAN
@click.argument("subject")
@option("--to", "to", required=True, help=tr("Who the forms are handed to (the 联合抽查办公室)."))
@option("--from", "sender", help=tr("The department handing them over (default: the actor's)."))
@DATE
@DEPARTMENT
@STORE
@ACTOR
@AT
@profile_sources
@FORMAT
def hand_over(plan_path: str, subject: str, to: str, sender: str | None, day: dt.datetime, department: str | None,
              store_url: str, actor_path: str, at: str | None, folders: tuple[str, ...], blocked: tuple[str, ...],
              fmt: str) -> None:
    _record(plan_path, subject, department,
            lambda mine, dept: RecordedStep(subject, dept, day.date(), RECORDS_HANDED_OVER, to, sender or mine),
            store_url, actor_path, at, folders, blocked, fmt)


@step.command("findings", help=tr("Record the findings of a findings file (CSV or XLSX: 统一社会信用代码, 事项编码, "
                                  "是否发现隐患, 检查发现, 整改期限, 检查日期), one finding per row; every bad row "
                                  "is reported, every refused row recorded as refused and reported; exit 1 if any. "
                                  "A row whose answers (是否发现隐患, 检查发现, 整改期限, 检查日期) are all empty is "
                                  "listed as not filled in (未填写) and not recorded."))
@PLAN
@click.argument("findings_path", metavar="FINDINGS", type=click.Path(dir_okay=False, exists=True))
@option("--as", "actor_path", required=True, type=click.Path(exists=True),
        help=tr("An actor file, or a folder of actor files: each row is recorded by an actor of the folder who "
                "was on its team (谁检查、谁录入), else by the first, whose refusal is then recorded."))
@DEPARTMENT
@STORE
@AT
@profile_sources
@FORMAT
def findings(plan_path: str, findings_path: str, actor_path: str, department: str | None, store_url: str,
             at: str | None, folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    resolved = plan.profile(registry_for(folders, blocked))
    scheme = resolved.value("results.scheme")
    actors = load_actors(actor_path)
    got = read_findings(findings_path, department=department or plan.plan.departments[0])
    recorded: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    when = _now(at)
    with open_store(store_url, profile=resolved, write=True) as store:
        check_plan_committed(store, plan, resolved)
        now = store.in_force(plan.plan_id)
        fallback = next(iter(actors.values()))
        for number, found in got.steps:
            team = now.team(found.subject, found.department) or ()
            actor, signer = next((actors[m] for m in team if m in actors), fallback)
            try:
                entry = store.record_step(plan.plan_id, found, scheme, actor=actor, signer=signer, at=when)
            except PermissionRefused as exc:
                refused.append({"row": number, "subject": found.subject, "actor": actor.id, "problem": exc.what})
                continue
            recorded.append({"row": number, "subject": found.subject, "ledger_entry": entry.seq})
    if fmt == "json":
        echo_json({"recorded": recorded, "refused": refused, "problems": [p.to_json() for p in got.problems],
                   "unanswered": [u.to_json() for u in got.unanswered], "unanswered_count": len(got.unanswered)})
    else:
        say(tr("{source}: {recorded_count} findings recorded, {problems_count} problems, {refused_count} refused",
               source=got.source, recorded_count=len(recorded), problems_count=len(got.problems),
               refused_count=len(refused)))
        for p in got.problems:
            click.echo("  " + localised(p.text()))
        for x in refused:
            say(tr("  row {row}, {subject}: refused to {actor}: {problem}", row=x["row"], subject=x["subject"],
                   actor=x["actor"], problem=x["problem"]))
        if got.unanswered:  # never silent: each row left as the template had it, by number
            say(tr("  {count} rows not filled in (未填写), not recorded:", count=len(got.unanswered)))
            for u in got.unanswered:
                say(tr("  row {row}, {subject} {item}: 未填写", row=u.row, subject=u.subject, item=u.item))
    if got.problems or refused:
        sys.exit(1)
