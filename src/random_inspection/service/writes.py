"""The signed writes: commit a plan, draw it, record an inspection. Each is two requests, ``…/prepare`` and the
write itself (:mod:`random_inspection.service.signing`); each calls the same steps as the command line
(:mod:`random_inspection.io.plan_steps`) and writes the same entries and files."""

from __future__ import annotations

import csv
import gettext
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request

from random_inspection.errors import InvalidInputError
from random_inspection.io.filenames import plan_file_stem
from random_inspection.io.interestfile import declarations_path
from random_inspection.io.plan_changes import record_plan_recusal, recusal_method, use_plan_reserve
from random_inspection.io.plan_steps import (
    commit_plan_file,
    default_manifest_path,
    draw_plan_file,
    open_store,
    read_plan_results,
    write_json,
)
from random_inspection.io.planfile import PlanFile
from random_inspection.messages import join, tr
from random_inspection.model import Actor
from random_inspection.profiles import ResolvedProfile
from random_inspection.sampling import Manifest, Recusal
from random_inspection.service.bodies import (
    Changed,
    CommitBody,
    Committed,
    DrawBody,
    Drawn,
    Prepared,
    RecusalBody,
    ReserveBody,
    ResultBody,
    ResultRecorded,
    Signed,
)
from random_inspection.service.config import ServiceConfig
from random_inspection.service.deps import config_of, recorded_at, translations_of
from random_inspection.service.signing import actor_of, prepare, submit
from random_inspection.store import Signer, Store, record_results
from random_inspection.translation import render
from random_inspection.workflow import team_leaders

__all__ = ["committed_manifest", "router"]

router = APIRouter(tags=["signed writes"])
Config = Annotated[ServiceConfig, Depends(config_of)]
T = TypeVar("T")
Step = Callable[[Store, PlanFile, ResolvedProfile, Actor, Signer, str], T]



def _prepare(request: Request, config: ServiceConfig, plan_id: str, body: Signed, step: Step[Any]) -> Prepared:
    plan = config.plan(plan_id)
    resolved = plan.profile(config.registry)
    actor, at = actor_of(body.actor), recorded_at(body.at, submitting=False)
    with open_store(config.store_url, resolved, write=True, where=tr("the store")) as store:
        head = store.ledger_head()
        found = prepare(store, actor, lambda signer: step(store, plan, resolved, actor, signer, at),
                        translations_of(request))
    return Prepared(digests=found.digests, at=at, head=str(head), algorithm=found.algorithm, refused=found.refused)


def _submit(config: ServiceConfig, plan_id: str, body: Signed, step: Step[T]) -> T:
    plan = config.plan(plan_id)
    resolved = plan.profile(config.registry)
    actor, at = actor_of(body.actor), recorded_at(body.at, submitting=True)
    with open_store(config.store_url, resolved, write=True, where=tr("the store")) as store:
        return submit(store, actor, body.signatures,
                      lambda signer: step(store, plan, resolved, actor, signer, at))


def _commit(body: CommitBody) -> Step[Committed]:
    def step(store: Store, plan: PlanFile, resolved: ResolvedProfile, actor: Actor, signer: Signer,
             at: str) -> Committed:
        path = default_manifest_path(plan)
        done = commit_plan_file(store, plan, resolved.registry, plan.rosters(), actor=actor, signer=signer, at=at,
                                manifest_path=path, private_path=declarations_path(path, plan.plan_id),
                                reason=body.reason, platform_task=body.platform_task)
        spec = done.manifest.public_input_spec
        return Committed(plan_id=plan.plan_id, manifest_hash=done.manifest.hash, ledger_entry=done.entry.seq,
                         ledger_head=str(done.ledger_head), subjects=len(done.manifest.subjects),
                         inspectors=len(done.manifest.inspectors), checklist=len(done.manifest.checklist),
                         public_input=spec.to_json() if spec is not None else {})
    return step


def committed_manifest(plan: PlanFile) -> Manifest:
    """The manifest the plan's commit wrote beside its plan file."""
    path = default_manifest_path(plan)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InvalidInputError(tr("plan {plan_id} has no committed manifest beside its plan file",
                                   plan_id=plan.plan_id),
                                where=tr("plan {plan_id}", plan_id=plan.plan_id), fix=tr("commit the plan first")) \
            from None
    return Manifest.from_json(data)


def _draw(body: DrawBody) -> Step[Drawn]:
    def step(store: Store, plan: PlanFile, resolved: ResolvedProfile, actor: Actor, signer: Signer,
             at: str) -> Drawn:
        path = default_manifest_path(plan)
        manifest = committed_manifest(plan)
        result, entry = draw_plan_file(store, plan, resolved, manifest, body.public_input, actor=actor,
                                       signer=signer, at=at, reason=body.reason,
                                       private_path=declarations_path(path, plan.plan_id))
        write_json(path.with_name(f"{plan_file_stem(manifest.plan_id)}.draw.json"), result.to_json())
        return Drawn(draw=result.to_json(), ledger_entry=entry.seq, leaders=team_leaders(resolved, result.teams))
    return step


def _recusal(body: RecusalBody) -> Step[Changed]:
    def step(store: Store, plan: PlanFile, resolved: ResolvedProfile, actor: Actor, signer: Signer,
             at: str) -> Changed:
        manifest = committed_manifest(plan)
        method = recusal_method(manifest, body.method, "method")
        done = record_plan_recusal(store, plan, resolved, manifest,
                                   Recusal(body.subject, body.inspector, method, body.reason),  # type: ignore[arg-type]
                                   details=body.details, actor=actor, signer=signer, at=at)
        p = done.entry.payload
        return Changed(plan_id=plan.plan_id, ledger_entry=done.entry.seq, subject=done.subject, team=list(done.team),
                       replacement=p.get("replacement"), with_subject=p.get("with_subject"))
    return step


def _reserve(body: ReserveBody) -> Step[Changed]:
    def step(store: Store, plan: PlanFile, resolved: ResolvedProfile, actor: Actor, signer: Signer,
             at: str) -> Changed:
        done = use_plan_reserve(store, plan, resolved, committed_manifest(plan), body.subject, body.reason,
                                actor=actor, signer=signer, at=at)
        return Changed(plan_id=plan.plan_id, ledger_entry=done.entry.seq, subject=done.subject, team=list(done.team),
                       replaced=body.subject, stratum=done.stratum)
    return step


def _result(body: ResultBody, shown: gettext.NullTranslations) -> Step[ResultRecorded]:
    def step(store: Store, plan: PlanFile, resolved: ResolvedProfile, actor: Actor, signer: Signer,
             at: str) -> ResultRecorded:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "results.csv"
            with path.open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(list(body.row))
                writer.writerow(list(body.row.values()))
            got = read_plan_results(store, plan, resolved, path, where=tr("the store"))
        if got.problems:
            first = got.problems[0]
            raise InvalidInputError(tr("the row cannot be recorded: {problems}",
                                       problems=join("; ", [p.problem for p in got.problems])),
                                    where=tr("row, column {column}", column=first.column) if first.column
                                    else tr("row"), fix=first.fix or tr("correct the row"))
        done = record_results(store, got.records, {actor.id: (actor, signer)}, at=at)
        return ResultRecorded(recorded=list(done.recorded), unchanged=list(done.unchanged),
                              ledger_entries=list(done.entries),
                              refused=[{**x.to_json(), "problem": render(x.problem, shown)} for x in done.refused],
                              problems=[])
    return step


@router.post("/plans/{plan_id:path}/commit/prepare")
def commit_prepare(plan_id: str, body: CommitBody, config: Config, request: Request) -> Prepared:
    """Prepare the commit of a plan (its manifest frozen from its rosters): the digest its committer signs."""
    return _prepare(request, config, plan_id, body, _commit(body))


@router.post("/plans/{plan_id:path}/commit")
def commit(plan_id: str, body: CommitBody, config: Config) -> Committed:
    """Commit a plan, signed by its committer (the body of its prepare, with ``at`` and the signatures)."""
    return _submit(config, plan_id, body, _commit(body))


@router.post("/plans/{plan_id:path}/draw/prepare")
def draw_prepare(plan_id: str, body: DrawBody, config: Config, request: Request) -> Prepared:
    """Prepare the draw of a committed plan with its public input: the digest its drawer signs."""
    return _prepare(request, config, plan_id, body, _draw(body))


@router.post("/plans/{plan_id:path}/draw")
def draw(plan_id: str, body: DrawBody, config: Config) -> Drawn:
    """Draw a committed plan and record the draw, signed by the drawer."""
    return _submit(config, plan_id, body, _draw(body))


@router.post("/plans/{plan_id:path}/results/prepare")
def result_prepare(plan_id: str, body: ResultBody, config: Config, request: Request) -> Prepared:
    """Prepare the record of one inspection: the digest its inspector signs (none if recorded before)."""
    return _prepare(request, config, plan_id, body, _result(body, translations_of(request)))


@router.post("/plans/{plan_id:path}/results")
def result(plan_id: str, body: ResultBody, config: Config, request: Request) -> ResultRecorded:
    """Record one inspection of the plan's draw in force, signed by an inspector of its team (谁检查、谁录入)."""
    return _submit(config, plan_id, body, _result(body, translations_of(request)))


@router.post("/plans/{plan_id:path}/recusals/prepare")
def recusal_prepare(plan_id: str, body: RecusalBody, config: Config, request: Request) -> Prepared:
    """Prepare the record of an inspector's recusal (回避) from a subject: the digest its actor signs."""
    return _prepare(request, config, plan_id, body, _recusal(body))


@router.post("/plans/{plan_id:path}/recusals")
def recusal(plan_id: str, body: RecusalBody, config: Config) -> Changed:
    """Record an inspector's recusal (回避) from a subject of the draw in force, signed by whom the profile lets
    record it (as ``recuse``): the draw picks the replacement, or the swap."""
    return _submit(config, plan_id, body, _recusal(body))


@router.post("/plans/{plan_id:path}/reserves/prepare")
def reserve_prepare(plan_id: str, body: ReserveBody, config: Config, request: Request) -> Prepared:
    """Prepare the use of a reserve subject in a drawn subject's place: the digest its actor signs."""
    return _prepare(request, config, plan_id, body, _reserve(body))


@router.post("/plans/{plan_id:path}/reserves")
def reserve(plan_id: str, body: ReserveBody, config: Config) -> Changed:
    """Use the next reserve subject of the subject's stratum in its place (as ``reserve``), signed by its actor;
    the reserve takes the place's team and items."""
    return _submit(config, plan_id, body, _reserve(body))
