"""The demo's publication (一公开): each city's plans published on its bureau's site (:mod:`random_inspection.io.site`)
— 许昌's plan drawn with dice and its plan drawn on the Henan platform, 鹤壁's joint plan — on the day each was
published, by the office the plan or its profile names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from random_inspection.io import PlanExport, disclosure_labels, plan_charts
from random_inspection.io.site import INDEX_FILE, write_site
from random_inspection.io.site_context import Publication, issuing_office, zh_day
from random_inspection.messages import tr
from random_inspection.workflow import Disclosure, Obligation

__all__ = ["SITE_FOLDER", "publish", "sites_text"]

SITE_FOLDER = "site"
"""The sub-folder of the demo's output holding the publication sites, one folder per bureau."""


def publish(site: Path, export: PlanExport, public: Disclosure, on: dt.date,
            duties: Sequence[Obligation] = ()) -> dict[str, Any]:
    """Publish ``export``'s plan on its bureau's site under ``site`` on ``on``, with its charts (the draw per
    stratum, the shares its profile requires, the ``duties`` by status as of ``on``); what was published where."""
    office, basis = issuing_office(export)
    written = write_site(site, export, public, Publication(on=on, office=office, basis=basis),
                         labels=disclosure_labels(export), charts=plan_charts(export, duties=duties, on=on))
    index = site / export.profile.code / INDEX_FILE
    page = next(p for p in written if p.name == INDEX_FILE and p != index)
    return {"bureau": export.profile.profile.jurisdiction.name, "plan_id": export.plan.plan_id,
            "on": on.isoformat(), "office": office, "index": str(index), "page": str(page)}


def sites_text(published: list[dict[str, Any]]) -> list[Any]:
    """The demo's lines saying what was published where, a bureau at a time (lines made with ``tr``)."""
    if not published:
        return []
    lines: list[Any] = ["", tr("Published (一公开), a site per bureau:")]
    for bureau in dict.fromkeys(p["bureau"] for p in published):
        mine = [p for p in published if p["bureau"] == bureau]
        lines.append(tr("  {bureau}: {index} (plans: {count})", bureau=bureau, index=mine[0]["index"],
                        count=len(mine)))
        lines += [tr("    {plan_id}, published {day} by {office}: {page}", plan_id=p["plan_id"],
                     day=zh_day(dt.date.fromisoformat(p["on"])), office=p["office"], page=p["page"])
                  for p in mine]
    return lines
