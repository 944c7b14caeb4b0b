"""``GET /status``: the status view across every plan of the store (docs/status.md), as ``status --format json``
gives it. It names the subjects whose duties are overdue or due and the departments that owe them: staff data,
a signed read (:mod:`random_inspection.service.signed_reads`), limited by the reader's role
(:mod:`random_inspection.service.read_scope`): a department's reader sees the duties their department owes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from random_inspection.io.plan_steps import open_store
from random_inspection.io.store_status import plan_files, store_status
from random_inspection.messages import tr
from random_inspection.service.bodies import StatusView
from random_inspection.service.config import ServiceConfig
from random_inspection.service.cut_offs import cut_offs_of_query
from random_inspection.service.deps import config_of, day_or_today
from random_inspection.service.read_scope import status_department
from random_inspection.service.signed_reads import READ_RESPONSES, SignedReader
from random_inspection.workflow.duty_status import DEFAULT_WITHIN

__all__ = ["router"]

router = APIRouter(tags=["staff reads"])
Config = Annotated[ServiceConfig, Depends(config_of)]


@router.get("/status", responses=READ_RESPONSES)
def status(config: Config, reader: SignedReader,
           on: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$",
                                           description="The day (end of day); default: today in China.")] = None,
           within: Annotated[int, Query(ge=0, le=3660, description="Open duties due within this many calendar "
                                                                   "days.")] = DEFAULT_WITHIN,
           department: Annotated[str | None, Query(max_length=200, description="Only the duties this department "
                                                                              "owes (a department's reader: their "
                                                                              "own, by default).")] = None,
           cut_off: Annotated[list[str] | None, Query(
               max_length=50, description="Where a duty's act is done during business hours, the time business "
                                           "stops, by obligation key: KEY=HH:MM (repeatable, e.g. "
                                           "cut_off=feedback=17:30; 民法典 第二百零三条第二款), as status --cut-off. "
                                           "Needs hours_source.")] = None,
           hours_source: Annotated[str | None, Query(
               max_length=500, description="Where the business hours come from, as 'DOCUMENT ARTICLE' (as status "
                                           "--hours-source).")] = None,
           ) -> StatusView:
    """Overdue and upcoming duties across every plan committed in the store, with the subjects' names, days left
    and whether each due date is provisional (暂估), and the counts and indicators per profile (as ``status
    --format json``). Staff data: a signed read (headers X-Actor, X-Ledger-Head, X-Expires, X-Signature;
    docs/service.md); the offices read every department's duties, any other reader their own department's.
    ``cut_off`` and ``hours_source`` give the office's hours as ``status --cut-off`` and ``--hours-source`` do; the
    holiday schedules are those the service was started with (``serve --schedule``, as ``status --schedule``)."""
    hours = cut_offs_of_query(cut_off or [], hours_source)
    limited = status_department(reader, department)
    with open_store(config.store_url, readonly=True, where=tr("the store")) as store:
        view = store_status(store, plan_files(config.plans), config.registry, config.calendar(),
                            day_or_today(on), within=within, department=limited, cut_offs=hours)
    return StatusView.model_validate(view.to_json())
