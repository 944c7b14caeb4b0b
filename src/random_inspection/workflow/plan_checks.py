"""A plan checked against its profile's plan rules (``ResolvedProfile.check_plan``: the value rules and the
profile's ``random_inspection_check_plan`` hook) before it is committed."""

from __future__ import annotations

from collections.abc import Iterable

from random_inspection.errors import InvalidInputError
from random_inspection.messages import join, tr
from random_inspection.model import ChecklistItem
from random_inspection.profiles import Departure, PlanFacts, ResolvedProfile
from random_inspection.sampling import Manifest
from random_inspection.workflow.floors import pool_size, sample_size

__all__ = ["manifest_items", "plan_facts", "plan_problems", "require_plan"]


def manifest_items(manifest: Manifest, checklist: Iterable[ChecklistItem]) -> list[ChecklistItem]:
    """The items of ``checklist`` (the checklist roster) that ``manifest`` holds, in the roster's order: what the
    plan's rules (the checklist's parts, the ratio floor's class of items) are checked on."""
    codes = {c.code for c in manifest.checklist}
    return [c for c in checklist if c.code in codes]


def plan_facts(manifest: Manifest, checklist: Iterable[ChecklistItem],
               departures: Iterable[Departure] = ()) -> PlanFacts:
    """The facts of the plan whose manifest is ``manifest``: its pool (the subjects in existence), the number it
    draws, and the items of ``checklist`` (the checklist roster) that the manifest holds. The yearly ratio floor
    is not asked of it (``annual`` is false): :func:`~random_inspection.workflow.check_floor` counts it with the
    year's other plans. ``departures`` are the plan's departures from rules its profile words as defaults.

    Raises:
        InfeasibleDrawError: the manifest asks more subjects than are eligible.
    """
    return PlanFacts(pool_size(manifest), sample_size(manifest), manifest_items(manifest, checklist),
                     departures=tuple(departures), window=manifest.window)


def plan_problems(profile: ResolvedProfile, manifest: Manifest, checklist: Iterable[ChecklistItem],
                  departures: Iterable[Departure] = ()) -> list[str]:
    """What ``profile`` finds wrong with the plan of ``manifest`` (:meth:`ResolvedProfile.check_plan` on
    :func:`plan_facts`): an empty list when nothing. A rule the plan departs from (a default, with its reason) is
    not held against it; a departure that is not allowed is a problem."""
    return profile.check_plan(plan_facts(manifest, checklist, departures))


def require_plan(profile: ResolvedProfile, manifest: Manifest, checklist: Iterable[ChecklistItem],
                 departures: Iterable[Departure] = ()) -> None:
    """Refuse the plan of ``manifest`` if ``profile`` finds any problem with it.

    Raises:
        InvalidInputError: naming every problem, the plan and the profile.
    """
    problems = plan_problems(profile, manifest, checklist, departures)
    if problems:
        raise InvalidInputError(
            tr("the plan breaks the rules of {code}: {problems}", code=profile.code, problems=join("; ", problems)),
            where=tr("plan {plan_id}", plan_id=manifest.plan_id),
            fix=tr("change the plan's draw options or its checklist so that it keeps the rules cited"),
        )
