"""``GET /status``: the status view across every plan of the store (docs/status.md), as ``status --format json``
gives it. It names the subjects whose duties are overdue or due and the departments that owe them: staff data,
not a public read. Until the service has signed reads, it answers only where the service was started with
``serve --staff-reads``, which binds it to a loopback address; otherwise it refuses (403)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from random_inspection.errors import PermissionRefused
from random_inspection.io.plan_steps import open_store
from random_inspection.io.store_status import plan_files, store_status
from random_inspection.messages import tr
from random_inspection.service.config import ServiceConfig
from random_inspection.service.deps import config_of, day_or_today
from random_inspection.timelimits import WorkingCalendar
from random_inspection.workflow.duty_status import DEFAULT_WITHIN

__all__ = ["router"]

router = APIRouter(tags=["staff reads"])
Config = Annotated[ServiceConfig, Depends(config_of)]
"""Asia/Shanghai (UTC+8 all year): the day ``on`` defaults to, read here at the edge."""



@router.get("/status")
def status(config: Config,
           on: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$",
                                           description="The day (end of day); default: today in China.")] = None,
           within: Annotated[int, Query(ge=0, le=3660, description="Open duties due within this many calendar "
                                                                   "days.")] = DEFAULT_WITHIN,
           department: Annotated[str | None, Query(max_length=200, description="Only the duties this department "
                                                                              "owes.")] = None,
           ) -> dict[str, Any]:
    """Overdue and upcoming duties across every plan committed in the store, with the subjects' names, days left
    and whether each due date is provisional (暂估), and the counts and indicators per profile (as ``status
    --format json``). Staff data: only on a service started with ``serve --staff-reads`` (on a loopback
    address)."""
    if not config.staff_reads:
        raise PermissionRefused("anonymous", "read_status", tr("the status view is staff data, and this service "
                                                               "was not started for staff reads"),
                                fix=tr("run the status command, or start the service with serve --staff-reads on "
                                       "a loopback address"))
    with open_store(config.store_url, readonly=True, where="store") as store:
        view = store_status(store, plan_files(config.plans), config.registry, WorkingCalendar.default(),
                            day_or_today(on), within=within, department=department)
    return view.to_json()
