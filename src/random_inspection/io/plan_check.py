"""A plan file and its rosters checked, as ``random-inspection check`` reports it and the HTTP service answers
it: every bad row, the pool, the profile's plan rules, a trial draw and the yearly floor. Nothing is written."""

from __future__ import annotations

from typing import Any

import attrs

from random_inspection.errors import InfeasibleDrawError
from random_inspection.io.interestfile import declarations_path, read_declarations
from random_inspection.io.plan_steps import (
    committed_sizes,
    default_manifest_path,
    has_store,
    open_store,
    refuse_infeasible,
)
from random_inspection.io.planfile import PlanFile, Rosters
from random_inspection.io.rosters import RosterProblem
from random_inspection.messages import tr
from random_inspection.profiles import ProfileRegistry, ResolvedProfile
from random_inspection.sampling import Manifest
from random_inspection.workflow import CommittedSize, FloorCheck, check_floor, manifest_items, plan_problems

__all__ = ["PlanCheck", "check_plan_file"]


@attrs.frozen
class PlanCheck:
    """What checking a plan found: its rosters read, every problem (a bad row, the pool, the plan's rules, the
    floor), the manifest it would commit (None when a problem stops it), the floor, the inspectors the draw leaves
    out and the industry preferences not followed (reported, never problems)."""

    plan: PlanFile
    resolved: ResolvedProfile
    rosters: Rosters
    problems: tuple[RosterProblem, ...]
    pool_problems: tuple[RosterProblem, ...]
    manifest: Manifest | None
    floor: FloorCheck | None
    left_out: tuple[Any, ...]
    unmet: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The report as ``check --format json`` prints it."""
        plan, rosters, manifest = self.plan, self.rosters, self.manifest
        return {
            "plan_id": plan.plan_id, "profile": self.resolved.code,
            "bureau": self.resolved.profile.jurisdiction.name,
            "window": [d.isoformat() for d in plan.plan.window],
            "rosters": [{"file": r.source, "kind": r.kind.value, "rows": r.data_rows, "read": len(r.records),
                         "problems": [p.to_json() for p in r.problems]} for r in rosters.imports],
            "subjects_in_existence": sum(1 for s in rosters.subjects if s.in_existence),
            "inspectors_eligible": len(manifest.eligible_inspectors) if manifest else None,
            "manifest_hash": manifest.hash if manifest else None,
            "floor": self.floor.to_json() if self.floor is not None else None,
            "plan_problems": [p.to_json() for p in self.problems if p.file == plan.path.name],
            "pool_problems": [p.to_json() for p in self.pool_problems],
            "inspectors_not_drawn": [x.to_json() for x in self.left_out],
            "industry_not_followed": list(self.unmet),
        }


def check_plan_file(plan: PlanFile, registry: ProfileRegistry, rosters: Rosters, store_url: str) -> PlanCheck:
    """Check ``plan`` with its ``rosters`` (read leniently: every bad row kept as a problem) against the year's
    plans committed in the store at ``store_url`` (none when there is no store yet: check makes none)."""
    resolved = plan.profile(registry)
    problems = [p for r in rosters.imports for p in r.problems]
    manifest = None
    floor: FloorCheck | None = None
    screen = plan.screen(registry, rosters)
    pool_problems = plan.screen_problems(screen, rosters)  # a fact a rule needs, unstated: as a bad row is
    problems += pool_problems
    unmet = plan.industry_unmet(registry, rosters, screen)  # 偃师 四.2: a preference, reported, never a problem
    if not problems:
        history: dict[str, int] = {}
        committed: list[CommittedSize] = []
        if has_store(store_url):
            with open_store(store_url) as store:
                history = store.history_for(plan.plan_id, plan.plan.window[0].year)
                committed = committed_sizes(store)
        kept = read_declarations(declarations_path(default_manifest_path(plan), plan.plan_id))
        # check publishes nothing: without the private file yet, a stand-in secret gives the same feasibility
        manifest = plan.manifest(registry, rosters, history, kept.secret if kept is not None else bytes(32))
        try:
            refuse_infeasible(manifest)
            floor = check_floor(resolved, manifest, committed=committed, departures=plan.departures,
                                items=manifest_items(manifest, rosters.checklist))
            problems += [RosterProblem(plan.path.name, None, None, problem,
                                       tr("change the plan's draw options or its checklist to keep the rule cited"))
                         for problem in plan_problems(resolved, manifest, rosters.checklist, plan.departures)]
        except InfeasibleDrawError as exc:
            problems.append(RosterProblem(plan.path.name, None, None, exc.what, exc.fix))
        if floor is not None and floor.problem is not None:
            problems.append(RosterProblem(plan.path.name, None, None, floor.problem,
                                          tr("draw at least {number} subjects",
                                             number=max(floor.least - floor.others, 1))))
    return PlanCheck(plan, resolved, rosters, tuple(problems), tuple(pool_problems), manifest, floor,
                     tuple(screen.left_out), tuple(unmet))
