"""A plan's reads: its check (public: the plan file and rosters the service holds, as ``check`` reports them), its
disclosure (public: the record ``export`` publishes, after the personal-data filter) and its obligations (staff
data: a signed read, :mod:`random_inspection.service.signed_reads`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from random_inspection.io.plan_check import check_plan_file
from random_inspection.io.plan_obligations import plan_obligations_on
from random_inspection.io.plan_publication import plan_publication
from random_inspection.io.plan_steps import obligation_json, open_store
from random_inspection.io.roster_names import read_roster_names
from random_inspection.messages import tr
from random_inspection.service.bodies import PlanChecked
from random_inspection.service.config import ServiceConfig
from random_inspection.service.deps import config_of, day_or_today
from random_inspection.service.read_scope import check_plan_reader
from random_inspection.service.signed_reads import READ_RESPONSES, SignedReader
from random_inspection.service.writes import committed_manifest

__all__ = ["router"]

router = APIRouter(tags=["plan reads"])
Config = Annotated[ServiceConfig, Depends(config_of)]
"""China Standard Time (Asia/Shanghai keeps no daylight saving time): the day an obligation's status is taken
at when the request gives none."""


@router.get("/plans/{plan_id:path}/check")
def check(plan_id: str, config: Config) -> PlanChecked:
    """Check the plan file and its three rosters (as ``check --format json``): every bad row, the pool, the
    profile's plan rules, a trial draw and the yearly floor with the plans committed in the store; ``ok`` when
    nothing stops a commit. Nothing is written."""
    plan = config.plan(plan_id)
    found = check_plan_file(plan, config.registry, plan.rosters(strict=False), config.store_url)
    return PlanChecked(**found.to_json(), ok=not found.problems)


@router.get("/plans/{plan_id:path}/disclosure")
def disclosure(plan_id: str, config: Config,
               withhold: Annotated[list[str], Query(max_length=20, description="A free-text field holding personal "
                                                    "data recorded before reasons were checked (as a refusal names "
                                                    "it, e.g. redraws[0].reason): published as withheld, as "
                                                    "export --withhold.")] = [],  # noqa: B006
               ) -> dict[str, Any]:
    """The plan's public record (公示), as ``export`` publishes it in ``public/disclosure.json``: the draw in force,
    the inspections' public results, every commit, redraw and reserve used, and the ledger's head; refused (400,
    naming the field) if personal data would reach it."""
    plan = config.plan(plan_id)
    resolved = plan.profile(config.registry)
    manifest = committed_manifest(plan)
    rosters = plan.rosters()
    with open_store(config.store_url, readonly=True, where=tr("the store")) as store:
        found = plan_publication(store, plan, resolved, manifest, rosters, where=tr("the store"))
    return found.disclosure(withhold)



@router.get("/plans/{plan_id:path}/obligations", responses=READ_RESPONSES)
def obligations(plan_id: str, config: Config, reader: SignedReader,
                on: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="The day the status is "
                                                "taken at (end of day); by default today in Asia/Shanghai.")] = None,
                overdue: Annotated[bool, Query(description="Only the obligations overdue on that day.")] = False,
                department: Annotated[str | None, Query(max_length=64, description="Only those this department "
                                                        "owes.")] = None,
                ) -> list[dict[str, Any]]:
    """The duties the plan's recorded inspections started, each with who owes it, its due date, status and article
    (as ``obligations --format json``). Staff data: a signed read (headers X-Actor, X-Ledger-Head, X-Expires,
    X-Signature; docs/service.md), answered to the plan's departments and to the offices (403 otherwise)."""
    plan = config.plan(plan_id)
    resolved = plan.profile(config.registry)
    day = day_or_today(on)
    with open_store(config.store_url, readonly=True, where=tr("the store")) as store:
        check_plan_reader(store, reader, plan)
        chosen = plan_obligations_on(store, plan, resolved, config.registry, config.calendar(),
                                     day, only_overdue=overdue, department=department)
    names = read_roster_names(plan.roster_paths, department=plan.roster_department,
                              encoding=plan.roster_encoding).only(o.subject for o in chosen)
    return obligation_json(chosen, day, names.subject)
