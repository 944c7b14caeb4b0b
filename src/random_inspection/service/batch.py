"""Several results rows in one signed submission, all or nothing (docs/service.md, *A batch of results*).

*Prepare* records the rows, as ``record`` records a results file of them, inside one transaction of the store
(:meth:`~random_inspection.store.Store.atomic`) with a :class:`DigestCollector`, which notes the entry hash of
every entry the store asks it to sign (each chained on the one before) and lets the action go on; then the
transaction is rolled back. *Submit* records them again inside one transaction with the actor's presented
signatures (:class:`~random_inspection.service.signing.PresentedSigner`): a signature that does not verify, a
digest other than the one prepared, a row refused to the actor or a signature left over (a replay) leaves the
block with an error, and nothing of the batch is appended.
"""

from __future__ import annotations

import csv
import gettext
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from random_inspection.errors import InvalidInputError, PermissionRefused
from random_inspection.io.plan_steps import open_store, read_plan_results
from random_inspection.io.planfile import PlanFile
from random_inspection.messages import join, tr
from random_inspection.model import Action, Actor
from random_inspection.profiles import ResolvedProfile
from random_inspection.service.bodies import Prepared, ResultBatchBody, ResultBatchRecorded
from random_inspection.service.config import ServiceConfig
from random_inspection.service.deps import config_of, recorded_at, translations_of
from random_inspection.service.signing import (
    LedgerMovedOn,
    PresentedSigner,
    SignatureRefused,
    actor_of,
    enrolled_key,
)
from random_inspection.store import RecordedResults, Signer, Store, record_results
from random_inspection.translation import render
from random_inspection.workflow import InspectionRecord

__all__ = ["DigestCollector", "router"]

router = APIRouter(tags=["signed writes"])
Config = Annotated[ServiceConfig, Depends(config_of)]


class DigestCollector:
    """A signer that notes every digest the store asks it to sign and answers with a placeholder (prepare of a
    batch: the entries are written only inside a transaction that is then rolled back)."""

    def __init__(self, algorithm: str, public_key: str) -> None:
        self.algorithm = algorithm
        self.public_key = public_key
        self.digests: list[str] = []

    def sign(self, digest: bytes) -> bytes:
        """A placeholder signature of ``digest``, noted (never kept: its transaction is rolled back)."""
        self.digests.append(bytes(digest).decode("ascii"))
        return bytes(64)


class _Prepared(BaseException):
    """Leaves the batch's transaction once prepared, so that it rolls back (a ``BaseException``, as signing's
    stop: no ``except Exception`` on the way takes it for an error)."""


def _results_file(folder: str, rows: Sequence[dict[str, str]]) -> Path:
    """The rows written as one results file (CSV), their headers in the order first met."""
    headers = list(dict.fromkeys(h for row in rows for h in row))
    path = Path(folder) / "results.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=headers, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _record(store: Store, plan: PlanFile, resolved: ResolvedProfile, actor: Actor, signer: Signer, at: str,
            rows: Sequence[dict[str, str]], shown: gettext.NullTranslations) -> RecordedResults:
    """Record the rows, all or none, inside the store's outer transaction (the caller's :meth:`Store.atomic`).

    Raises:
        InvalidInputError: a row with a problem (the first named, by its index in ``rows``).
        PermissionRefused: a row refused to the actor (the first named): nothing is recorded, not even the refusal.
    """
    with tempfile.TemporaryDirectory() as folder:
        got = read_plan_results(store, plan, resolved, _results_file(folder, rows), where=tr("the store"))
    if got.problems:
        first = got.problems[0]
        index = (first.row - 2) if first.row is not None else None  # the file's row 1 is its header
        place = tr("rows[{index}]", index=index) if index is not None else tr("rows")
        raise InvalidInputError(tr("the batch cannot be recorded: {problems}",
                                   problems=join("; ", [p.problem for p in got.problems])),
                                where=tr("{place}, column {column}", place=place, column=first.column)
                                if first.column else place,
                                fix=first.fix or tr("correct the row, then prepare the batch again"))
    current: list[int] = []

    def tracked() -> Iterator[InspectionRecord]:
        for index, record in enumerate(got.records):  # a record per row: a row with a problem stopped it above
            current[:] = [index]
            yield record

    try:
        done = record_results(store, tracked(), {actor.id: (actor, signer)}, at=at)
    except (LedgerMovedOn, SignatureRefused) as exc:
        # the signature asked for a refusal's entry (the store records a refused row): name the refusal
        if isinstance(exc.__context__, PermissionRefused) and current:
            raise _batch_refused(actor, current[0], got.records[current[0]].subject, exc.__context__.what, shown) \
                from None
        raise
    if done.refused:
        refused = done.refused[0]
        index = next(i for i, r in enumerate(got.records) if r.subject == refused.subject)
        raise _batch_refused(actor, index, refused.subject, refused.problem, shown)
    return done


def _batch_refused(actor: Actor, index: int, subject: str, problem: str,
             shown: gettext.NullTranslations) -> PermissionRefused:
    return PermissionRefused(actor.id, Action.RECORD_RESULT.value, tr(
        "rows[{index}] ({subject}) is refused to {actor}: {problem}; nothing of the batch is recorded",
        index=index, subject=subject, actor=actor.id, problem=render(problem, shown)),
        fix=tr("leave the row out of the batch (an inspector of its team records it alone), then prepare the "
               "batch again"))


@router.post("/plans/{plan_id:path}/results/batch/prepare")
def results_batch_prepare(plan_id: str, body: ResultBatchBody, config: Config, request: Request) -> Prepared:
    """Prepare the record of several inspections, all or nothing: the digest of every entry the rows would
    append, each chained on the one before, for the actor to sign (none for a row recorded before)."""
    plan = config.plan(plan_id)
    resolved = plan.profile(config.registry)
    actor, at = actor_of(body.actor), recorded_at(body.at, submitting=False)
    with open_store(config.store_url, resolved, write=True, where=tr("the store")) as store:
        head = store.ledger_head()
        collector = DigestCollector(*enrolled_key(store, actor))
        try:
            with store.atomic():
                _record(store, plan, resolved, actor, collector, at, body.rows, translations_of(request))
                raise _Prepared
        except _Prepared:
            pass
    return Prepared(digests=collector.digests, at=at, head=str(head), algorithm=collector.algorithm,
                    refused=None)


@router.post("/plans/{plan_id:path}/results/batch")
def results_batch(plan_id: str, body: ResultBatchBody, config: Config, request: Request) -> ResultBatchRecorded:
    """Record several inspections of the plan's draw in force in one transaction, all or nothing, each entry
    signed by the body's actor, an inspector of each row's team (谁检查、谁录入): a row refused, a signature that
    does not verify or a batch prepared before another write appends nothing."""
    plan = config.plan(plan_id)
    resolved = plan.profile(config.registry)
    actor, at = actor_of(body.actor), recorded_at(body.at, submitting=True)
    with open_store(config.store_url, resolved, write=True, where=tr("the store")) as store:
        signer = PresentedSigner(*enrolled_key(store, actor), body.signatures, actor.id)
        with store.atomic():
            done = _record(store, plan, resolved, actor, signer, at, body.rows, translations_of(request))
            if signer.used != len(body.signatures):
                raise LedgerMovedOn(tr("the batch asks for {asked} signatures, not the {sent} sent: it was recorded "
                                       "already, or the ledger moved on since it was prepared", asked=signer.used,
                                       sent=len(body.signatures)), where=tr("signatures"),
                                    fix=tr("prepare the batch again, sign the digests it returns, and submit them"))
    return ResultBatchRecorded(recorded=list(done.recorded), unchanged=list(done.unchanged),
                               ledger_entries=list(done.entries))
