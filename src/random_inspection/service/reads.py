"""The public reads: none needs a signature, and none gives what the command line's public outputs withhold
(the ledger listing withholds the content of entries not public by rule, and of those holding personal data)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from random_inspection.io.answers import check_ids, deadline_json, profile_summaries
from random_inspection.io.plan_steps import open_store
from random_inspection.messages import tr
from random_inspection.sampling import Manifest, verify
from random_inspection.service.bodies import (
    Due,
    IdCheck,
    LedgerAudit,
    LedgerHeadBody,
    ProfileSummary,
    Verified,
    VerifyBody,
)
from random_inspection.service.config import ServiceConfig, UnknownName
from random_inspection.service.deps import config_of, day_of, translations_of
from random_inspection.store import LedgerHead
from random_inspection.store.listing import public_listing
from random_inspection.timelimits import deadline, parse_period
from random_inspection.translation import render

__all__ = ["router"]

router = APIRouter(tags=["public reads"])
Config = Annotated[ServiceConfig, Depends(config_of)]
DAY = r"^\d{4}-\d{2}-\d{2}$"



@router.get("/profiles")
def profiles(config: Config) -> list[ProfileSummary]:
    """The loaded jurisdiction profiles, with their parents and documents (as ``profiles``)."""
    return [ProfileSummary(**row) for row in profile_summaries(config.registry)]


@router.get("/profiles/{code}/explain")
def explain(code: str, config: Config,
            as_of: Annotated[str, Query(pattern=DAY, description="The day the rules are resolved for.")]
            ) -> dict[str, Any]:
    """Every effective rule of a profile on a day: value, the profile that set it, and the article (as
    ``explain --format json``)."""
    resolved = config.registry.resolve(config.profile_code(code), day_of(as_of, "as_of"))
    return resolved.explain_data()


@router.get("/due")
def due(event: Annotated[str, Query(pattern=DAY, description="The event's day (not counted).")],
        period: Annotated[str, Query(min_length=1, max_length=40,
                                     description="The period: 5个工作日, 10日, 3个月; or 5wd, 10d, 3m.")],
        config: Config,
        strict: Annotated[bool, Query(description="Refuse a year without an official holiday schedule.")] = False,
        ) -> Due:
    """The due date of a period after an event (as ``due``; 民法典 第二百零一至二百零三条), counted with the holiday
    schedules the service was started with (``serve --schedule``)."""
    result = deadline(day_of(event, "event"), parse_period(period), config.calendar(strict=strict))
    return Due(**deadline_json(result))


@router.get("/check-id")
def check_id(value: Annotated[list[str], Query(min_length=1, max_length=100, description="The values to check.")],
             request: Request, kind: Literal["uscc", "id-number"] = "uscc") -> list[IdCheck]:
    """Check identifiers: 统一社会信用代码 (uscc) or 公民身份号码 (id-number) (as ``check-id``)."""
    shown = translations_of(request)  # each problem in the request's language (Accept-Language)
    return [IdCheck(**{**row, "problem": None if row["problem"] is None else render(row["problem"], shown)})
            for row in check_ids(value, kind)]


@router.post("/verify")
def verify_draw(body: VerifyBody) -> Verified:
    """Re-run a published draw from its manifest: whether it is the same draw (as ``verify``)."""
    manifest = Manifest.from_json(body.manifest)
    problem = verify(manifest, body.draw)
    return Verified(plan_id=manifest.plan_id, manifest_hash=manifest.hash, same=problem is None,
                    first_difference=problem)


@router.get("/plans/{plan_id:path}/draw")
def plan_draw(plan_id: str, config: Config) -> dict[str, Any]:
    """The plan's draw in force, as published (STEM.draw.json, recusals applied)."""
    with open_store(config.store_url, readonly=True, where=tr("the store")) as store:
        drawn = store.current_draw(plan_id)
    if drawn is None:
        raise UnknownName(tr("plan {plan_id} has no draw in the store", plan_id=plan_id),
                          where=tr("plan {plan_id}", plan_id=plan_id), fix=tr("commit and draw the plan first"))
    return drawn.to_json()


@router.get("/ledger")
def ledger_listing(config: Config) -> dict[str, Any]:
    """The public ledger listing (as ``ledger publish`` writes it): every entry, the content of those public by
    rule and free of personal data, the hashes of the others, and the head; the ledger is verified first."""
    with open_store(config.store_url, readonly=True, where=tr("the store")) as store:
        store.verify()  # never list a broken ledger
        return public_listing(store.entries(), store.hash_algorithm).to_json()


@router.get("/ledger/head")
def ledger_head(config: Config) -> LedgerHeadBody:
    """The ledger's head: its last entry's number and hash."""
    with open_store(config.store_url, readonly=True, where=tr("the store")) as store:
        head = store.ledger_head()
    return LedgerHeadBody(seq=head.seq, hash=head.hash, head=str(head))


@router.get("/ledger/keys")
def ledger_keys(config: Config) -> list[dict[str, Any]]:
    """The key register the chain holds: each actor's public key, role and department, revoked ones too."""
    with open_store(config.store_url, readonly=True, where=tr("the store")) as store:
        register = store.register()
    return [] if register is None else [m.to_json() for m in register.members.values()]


@router.get("/ledger/verify")
def ledger_verify(config: Config,
                  head: Annotated[str | None, Query(max_length=200, description="A head published earlier, "
                                                    "SEQ:HASH: the ledger must still hold it.")] = None,
                  admin_key: Annotated[str | None, Query(max_length=200, description="The administrator's "
                                                         "public key as the bureau publishes it.")] = None,
                  ) -> LedgerAudit:
    """Check every entry of the ledger: its chain, its actors, the key register and every signature against it,
    and a published head (as ``ledger verify``); a broken ledger is a 409 naming the first bad entry."""
    published = LedgerHead.parse(head) if head is not None and ":" in head else head
    with open_store(config.store_url, readonly=True, where=tr("the store")) as store:
        found = store.audit(head=published, admin_key=admin_key)
        algorithm = store.hash_algorithm.name
    whole = found.every_signature_checked and found.register_from is not None
    return LedgerAudit(**{**found.to_json(), "hash": algorithm, "verified": True, "complete": whole})
