"""The recording steps over HTTP: a transfer letter and the receiver's steps on it, a finding on a checklist item
(one, or one row of a findings file), the hand-over of the inspection records — each a signed write in two requests,
``…/prepare`` and the write itself (:mod:`random_inspection.service.signing`), as ``random-inspection step
transfer|finding|findings|hand-over`` records them: the same checks (the plan committed as it is now, the profile's
permissions, the store's own checks of a step) and the same ``step_recorded`` entry, byte for byte."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from random_inspection.errors import InvalidInputError, PermissionRefused
from random_inspection.io.findings import read_findings
from random_inspection.io.plan_steps import check_plan_committed, open_store
from random_inspection.io.planfile import PlanFile
from random_inspection.messages import join, tr
from random_inspection.model import Actor
from random_inspection.profiles import ResolvedProfile
from random_inspection.service.bodies import Prepared, Signed
from random_inspection.service.config import ServiceConfig
from random_inspection.service.deps import config_of, recorded_at, translations_of
from random_inspection.service.signing import actor_of, prepare, submit
from random_inspection.service.step_bodies import (
    FindingBody,
    FindingsRowBody,
    HandOverBody,
    StepBody,
    StepRecorded,
    TransferBody,
)
from random_inspection.store import Signer, Store
from random_inspection.store.steps import RecordedStep, StepRefused, worded
from random_inspection.workflow import RECORDS_HANDED_OVER, Finding, Step

__all__ = ["router"]

router = APIRouter(tags=["signed writes: recording steps"])
Config = Annotated[ServiceConfig, Depends(config_of)]
Built = Callable[[PlanFile, Actor], RecordedStep]
"""The step a request gives, for its plan and actor (whose department is the default sender)."""



def _naming_field(refused: PermissionRefused) -> PermissionRefused:
    """A refusal of the store's own checks of a step (:class:`StepRefused`) with its fix naming the body's field
    to change, as both prepare and submit answer it; any other refusal as it is."""
    if not isinstance(refused, StepRefused) or not refused.field:
        return refused
    out = PermissionRefused(refused.actor, refused.action, refused.reason,
                            fix=tr("{fix} (field {field})", fix=refused.fix, field=refused.field))
    out.entry, out.entry_hash = refused.entry, refused.entry_hash
    return out


def _recorded(store: Store, plan: PlanFile, resolved: ResolvedProfile, step: RecordedStep, actor: Actor,
              signer: Signer, at: str) -> StepRecorded:
    """Record ``step`` as ``step …`` does: the plan checked committed as it is now, then the store's
    ``record_step`` under the profile's permissions (a refusal recorded, its fix naming the body's field)."""
    check_plan_committed(store, plan, resolved)
    step = worded(step, resolved)
    try:
        entry = store.record_step(plan.plan_id, step, resolved.value("results.scheme"), actor=actor, signer=signer,
                                  at=at)
    except StepRefused as refused:
        raise _naming_field(refused) from None
    return StepRecorded(plan_id=plan.plan_id, ledger_entry=entry.seq, step=step.to_json())


def _prepare(request: Request, config: ServiceConfig, plan_id: str, body: Signed, built: Built) -> Prepared:
    plan = config.plan(plan_id)
    resolved = plan.profile(config.registry)
    actor, at = actor_of(body.actor), recorded_at(body.at, submitting=False)
    with open_store(config.store_url, resolved, write=True, where=tr("the store")) as store:
        head = store.ledger_head()
        found = prepare(store, actor,
                        lambda signer: _recorded(store, plan, resolved, built(plan, actor), actor, signer, at),
                        translations_of(request), shown_as=_naming_field)
    return Prepared(digests=found.digests, at=at, head=str(head), algorithm=found.algorithm, refused=found.refused)


def _submit(config: ServiceConfig, plan_id: str, body: Signed, built: Built) -> StepRecorded:
    plan = config.plan(plan_id)
    resolved = plan.profile(config.registry)
    actor, at = actor_of(body.actor), recorded_at(body.at, submitting=True)
    with open_store(config.store_url, resolved, write=True, where=tr("the store")) as store:
        return submit(store, actor, body.signatures,
                      lambda signer: _recorded(store, plan, resolved, built(plan, actor), actor, signer, at))


def _department(body: StepBody | FindingsRowBody, plan: PlanFile) -> str:
    return body.department or plan.plan.departments[0]


def _transfer(body: TransferBody) -> Built:
    return lambda plan, actor: RecordedStep(body.subject, _department(body, plan), body.day, Step(body.step),
                                            body.to, body.sender or actor.department, body.letter)


def _finding(body: FindingBody) -> Built:
    return lambda plan, _actor: RecordedStep(body.subject, _department(body, plan), body.day,
                                             finding=Finding(body.item, not body.hazard, body.note),
                                             rectification_due=body.rectification_due)


def _hand_over(body: HandOverBody) -> Built:
    return lambda plan, actor: RecordedStep(body.subject, _department(body, plan), body.day, RECORDS_HANDED_OVER,
                                            body.to, body.sender or actor.department)


def _findings_row(body: FindingsRowBody) -> Built:
    def built(plan: PlanFile, _actor: Actor) -> RecordedStep:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "findings.csv"
            with path.open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(list(body.row))
                writer.writerow(list(body.row.values()))
            got = read_findings(path, department=_department(body, plan))
        if got.problems or not got.steps:
            first = got.problems[0] if got.problems else None
            raise InvalidInputError(
                tr("the row cannot be recorded: {problems}",
                   problems=join("; ", [p.problem for p in got.problems]) if got.problems else tr("it is empty")),
                where=tr("row, column {column}", column=first.column) if first is not None and first.column
                else tr("row"), fix=first.fix if first is not None and first.fix else tr("correct the row"))
        return got.steps[0][1]
    return built


@router.post("/plans/{plan_id:path}/steps/transfer/prepare")
def transfer_prepare(plan_id: str, body: TransferBody, config: Config, request: Request) -> Prepared:
    """Prepare the record of a transfer letter's step: the digest its actor signs."""
    return _prepare(request, config, plan_id, body, _transfer(body))


@router.post("/plans/{plan_id:path}/steps/transfer")
def transfer(plan_id: str, body: TransferBody, config: Config) -> StepRecorded:
    """Record a letter transferring the problems found at a subject to another department (函告移交问题线索), or
    the receiving department's later step on it, signed by its actor (as ``step transfer``)."""
    return _submit(config, plan_id, body, _transfer(body))


@router.post("/plans/{plan_id:path}/steps/finding/prepare")
def finding_prepare(plan_id: str, body: FindingBody, config: Config, request: Request) -> Prepared:
    """Prepare the record of a finding on one checklist item: the digest its inspector signs."""
    return _prepare(request, config, plan_id, body, _finding(body))


@router.post("/plans/{plan_id:path}/steps/finding")
def finding(plan_id: str, body: FindingBody, config: Config) -> StepRecorded:
    """Record what was found on one checklist item drawn for the subject, signed by an inspector of its team
    (as ``step finding``; 清单之外无检查, 谁检查、谁录入)."""
    return _submit(config, plan_id, body, _finding(body))


@router.post("/plans/{plan_id:path}/steps/findings/prepare")
def findings_prepare(plan_id: str, body: FindingsRowBody, config: Config, request: Request) -> Prepared:
    """Prepare the record of one row of a findings file: the digest its inspector signs."""
    return _prepare(request, config, plan_id, body, _findings_row(body))


@router.post("/plans/{plan_id:path}/steps/findings")
def findings(plan_id: str, body: FindingsRowBody, config: Config) -> StepRecorded:
    """Record one row of a findings file (as ``step findings`` records each row), signed by an inspector of the
    subject's team."""
    return _submit(config, plan_id, body, _findings_row(body))


@router.post("/plans/{plan_id:path}/steps/hand-over/prepare")
def hand_over_prepare(plan_id: str, body: HandOverBody, config: Config, request: Request) -> Prepared:
    """Prepare the record of the hand-over of a subject's inspection records: the digest its actor signs."""
    return _prepare(request, config, plan_id, body, _hand_over(body))


@router.post("/plans/{plan_id:path}/steps/hand-over")
def hand_over(plan_id: str, body: HandOverBody, config: Config) -> StepRecorded:
    """Record the hand-over of a subject's inspection records by a department of the plan, signed by its actor
    (as ``step hand-over``), under the words of the plan's profile (the title of its own form, where it names
    one)."""
    return _submit(config, plan_id, body, _hand_over(body))
