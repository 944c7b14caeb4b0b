"""The changes to a plan's draw in force after the dice — an inspector's recusal (回避) and a reserve subject
used in a subject's place — as the command line (``recuse``, ``reserve``) and the HTTP service both make them:
the same checks, the same entries."""

from __future__ import annotations

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.io.plan_steps import check_plan_committed
from random_inspection.io.planfile import PlanFile
from random_inspection.messages import tr
from random_inspection.model import Actor
from random_inspection.profiles import ResolvedProfile
from random_inspection.sampling import Manifest, Recusal
from random_inspection.sampling.engine import stratum_key
from random_inspection.store import Entry, Signer, Store

__all__ = ["Change", "record_plan_recusal", "recusal_method", "use_plan_reserve"]


@attrs.frozen
class Change:
    """A change recorded: its ledger entry, the subject whose team changed, that team in force after it, and for
    a reserve used, the stratum."""

    entry: Entry
    subject: str
    team: tuple[str, ...]
    stratum: str | None = None


def recusal_method(manifest: Manifest, given: str | None, where: str) -> str:
    """The recusal's way: the one given, else the one the plan fixed before the dice (draw-v3 ``[recusal]``).

    Raises:
        InvalidInputError: none given and none fixed.
    """
    if given is not None:
        return given
    if manifest.recusal_way is None:
        raise InvalidInputError(tr("no recusal method given"), where=where,
                                fix=tr("give the method replace or swap (the plan fixed no way before the dice)"))
    return manifest.recusal_way


def record_plan_recusal(store: Store, plan: PlanFile, resolved: ResolvedProfile, manifest: Manifest,
                        recusal: Recusal, *, details: str | None, actor: Actor, signer: Signer, at: str) -> Change:
    """Record ``recusal`` in the plan's draw in force (checked committed as it is now); ``store`` is bound to
    ``resolved``'s permissions."""
    check_plan_committed(store, plan, resolved, manifest)
    entry = store.record_recusal(manifest, recusal, details=details, actor=actor, signer=signer, at=at)
    return Change(entry, recusal.subject, tuple(store.in_force(plan.plan_id).team(recusal.subject) or ()))


def use_plan_reserve(store: Store, plan: PlanFile, resolved: ResolvedProfile, manifest: Manifest, subject: str,
                     reason: str, *, actor: Actor, signer: Signer, at: str) -> Change:
    """Use the next reserve subject of ``subject``'s stratum (draw-v1 §6 order) in its place; the change's
    ``subject`` is the reserve, which takes the place's team and items.

    Raises:
        InvalidInputError: ``subject`` is not the manifest's, or its stratum has no reserve left.
    """
    entries = {e.id: e for e in manifest.subjects}
    if subject not in entries:
        raise InvalidInputError(tr("{subject} is not a subject of the manifest", subject=subject), where=plan.plan_id,
                                fix=tr("name a subject of the draw in force"))
    stratum = stratum_key(entries[subject], manifest.rules.strata)
    check_plan_committed(store, plan, resolved, manifest)
    now = store.in_force(plan.plan_id)
    taken = {u.reserve for u in now.reserve_used}
    left = [r for r in (now.draw or {}).get("reserve", {}).get(stratum, []) if r not in taken]
    if not left:
        raise InvalidInputError(tr("no reserve left in stratum {stratum!r}", stratum=stratum), where=plan.plan_id,
                                fix=tr("the stratum's reserve list is used up"))
    entry = store.record_reserve_used(plan.plan_id, stratum, subject, left[0], reason, actor=actor, signer=signer,
                                      manifest=manifest, at=at)
    return Change(entry, left[0], tuple(store.in_force(plan.plan_id).team(left[0]) or ()), stratum)
