"""What a plan publishes, gathered from its plan file, rosters, manifest and the store: the data ``export``
writes (forms, tables, reports, the disclosure) and the disclosure the HTTP service answers — one function for
both, so that the service's ``GET …/disclosure`` is the ``disclosure.json`` ``export`` writes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.io.disclosure_page import disclosure_json
from random_inspection.io.plan_data import PlanExport
from random_inspection.io.plan_steps import check_plan_committed
from random_inspection.io.planfile import PlanFile, Rosters
from random_inspection.messages import tr
from random_inspection.profiles import ResolvedProfile
from random_inspection.sampling import DrawResult, Manifest, rerun
from random_inspection.store import LedgerHead, Store
from random_inspection.workflow import Commitment, DeadlineDeparture, Redraw, ReserveUsed, disclose

__all__ = ["PlanPublication", "draw_in_force", "plan_publication"]


def draw_in_force(manifest: Manifest, recorded: DrawResult) -> DrawResult:
    """The recorded draw made again from the manifest; it must come out as recorded."""
    result = rerun(manifest, recorded.to_json())
    if result.to_json() != recorded.to_json():
        raise InvalidInputError(tr("the manifest does not give the draw recorded in the store"),
                                where=tr("plan {plan_id}", plan_id=manifest.plan_id),
                                fix=tr("give the manifest the plan was committed with (the one `commit` wrote)"))
    return result


@attrs.frozen
class PlanPublication:
    """A plan's data for publication: the export's data (:class:`~random_inspection.io.PlanExport`) and what the
    store adds to the disclosure — the draws set aside, every commit, the reserves used, a platform's draw, the
    ledger's head at publication and the departures from duties' default periods."""

    export: PlanExport
    redraws: tuple[Redraw, ...]
    commits: tuple[Commitment, ...]
    reserves_used: tuple[ReserveUsed, ...]
    external: Mapping[str, Any] | None
    ledger_head: LedgerHead
    deadline_departures: tuple[DeadlineDeparture, ...] = ()

    def disclosure(self, withheld: Iterable[str] = ()) -> dict[str, Any]:
        """The disclosure as ``export`` publishes it (``public/disclosure.json``), after the personal-data
        filter (:func:`~random_inspection.workflow.check_public`).

        Raises:
            PersonalDataError: personal data in the disclosure, naming the field.
        """
        e = self.export
        public = disclose(e.profile, e.plan, e.draw, e.records, e.subjects, e.inspectors, redraws=self.redraws,
                          withheld=withheld, commits=self.commits, ledger_head=self.ledger_head,
                          reserves_used=self.reserves_used, external=self.external,
                          deadline_departures=self.deadline_departures)
        data: dict[str, Any] = json.loads(disclosure_json(public))
        return data


def plan_publication(store: Store, plan: PlanFile, resolved: ResolvedProfile, manifest: Manifest,
                     rosters: Rosters, where: str) -> PlanPublication:
    """Gather what ``plan`` publishes from ``store``, after checking the plan was committed as it is now and the
    manifest gives the draw recorded (a platform's draw, which cannot be re-run here, is taken as recorded).

    Raises:
        InvalidInputError: the plan has no draw in the store (``where`` names the store), or the manifest does not
            give the draw recorded.
    """
    check_plan_committed(store, plan, resolved, manifest)
    recorded = store.current_draw(plan.plan_id)
    external = (store.in_force(plan.plan_id).draw or {}).get("external")  # drawn on a platform
    if recorded is None:
        raise InvalidInputError(tr("plan {plan_id} has no draw in the store", plan_id=plan.plan_id), where=where,
                                fix=tr("commit and draw the plan first"))
    # a profile without a result scheme records findings only: its inspections are published and reported all the same
    records = store.records(plan.plan_id, resolved.value("results.scheme", None))
    redraws, commits = store.redraws(plan.plan_id), store.commits(plan.plan_id)
    reserves_used, head = store.reserves_used(plan.plan_id), store.ledger_head()
    # a platform's draw cannot be re-run here: the ledger's record of it is the draw (docs/platforms.md)
    result = recorded if external is not None else draw_in_force(manifest, recorded)
    checklist = [c for c in rosters.checklist if c.code in {i.code for i in manifest.checklist}]
    export = PlanExport.of(resolved, attrs.evolve(plan.plan, checklist=tuple(c.code for c in checklist)), result,
                           rosters.subjects, rosters.inspectors, checklist, records=records, manifest=manifest,
                           department_names=plan.department_names)
    return PlanPublication(export, tuple(redraws), tuple(commits), tuple(reserves_used), external, head,
                           store.deadline_departures(plan.plan_id))
