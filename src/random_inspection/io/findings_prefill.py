"""A findings template filled in for a plan drawn (``template findings --plan PLAN --store S``): a row per subject in
force (a reserve in the place of the subject it replaced) and per checklist item drawn for it, in the draw's order,
the subject's and the item's names beside their codes, read from the plan's rosters."""

from __future__ import annotations

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.io.findings_template import FindingsGuide
from random_inspection.io.plan_steps import check_plan_committed
from random_inspection.io.planfile import PlanFile
from random_inspection.messages import tr
from random_inspection.profiles import ResolvedProfile
from random_inspection.store import Store

__all__ = ["Drawn", "drawn_rows"]


@attrs.frozen
class Drawn:
    """A plan's draw in force, for a template: the subjects (code, name) in the draw's order, and the findings
    guide (a row per subject and item drawn for it)."""

    subjects: tuple[tuple[str, str], ...]
    guide: FindingsGuide


def drawn_rows(store: Store, plan: PlanFile, resolved: ResolvedProfile) -> Drawn:
    """The subjects and the findings guide of ``plan``'s draw in force in ``store`` (the plan checked committed
    as it is now): one row per subject in force and item drawn for it, names from the plan's rosters (a code the
    rosters lack keeps an empty name); the plan's drawn items as 事项编码's list; the profile's rules in the hints.

    Raises:
        InvalidInputError: the plan has no draw in the store (or is not committed as it is now).
    """
    check_plan_committed(store, plan, resolved)
    now = store.in_force(plan.plan_id)
    if now.draw is None:
        raise InvalidInputError(tr("plan {plan_id} has no draw in the store", plan_id=plan.plan_id),
                                where="--plan", fix=tr("commit and draw the plan first"))
    rosters = plan.rosters(strict=False)
    subjects = {s.uscc: s.name for s in rosters.subjects}
    items = {i.code: i.name for i in rosters.checklist}
    rows = tuple((s, subjects.get(s, ""), code, items.get(code, "")) for s in now.subjects for code in now.items(s))
    drawn = tuple(dict.fromkeys((code, name) for _, _, code, name in rows))
    return Drawn(tuple((s, subjects.get(s, "")) for s in now.subjects), FindingsGuide.of(resolved, rows, items=drawn))
