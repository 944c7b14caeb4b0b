"""Whether a plan is the one the store committed: the check every step after ``commit`` makes first."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.profiles import Continuation, PluginSource, ResolvedProfile
from random_inspection.sampling import Manifest
from random_inspection.store.ledger import Entry
from random_inspection.store.store import Store
from random_inspection.workflow import InspectionPlan

__all__ = ["check_committed"]


@cache
def former_catalogue_titles() -> Mapping[str, str]:
    """The titles the rule catalogue gave keys before they became neutral (the form each quoted now comes from the
    profile's rule, ``Rule.title``), by key: a plan committed under an earlier version recorded the fingerprint of
    its rules with these titles, and it is still the same rules (``ResolvedProfile.fingerprint(former_titles)``).
    Data of the store's migration (``former_catalogue_titles.json``), never shown."""
    text = resources.files("random_inspection.store").joinpath("former_catalogue_titles.json").read_text("utf-8")
    titles: dict[str, str] = json.loads(text)["titles"]
    return titles


def check_committed(store: Store, plan: InspectionPlan, manifest: Manifest | None = None, *,
                    where: str | None = None, profile: ResolvedProfile | None = None,
                    continued: Iterable[Continuation] | None = None,
                    plugins: Iterable[PluginSource] | None = None,
                    rosters: Iterable[Sequence[str]] | None = None,
                    periods: Iterable[Sequence[str]] | None = None) -> Entry:
    """The entry that committed ``plan`` in ``store``, after checking that the plan (and ``manifest``, when
    given) is the one committed: another profile, window or plan would check the steps that follow against
    other rules than those the plan was committed under.

    Args:
        store: the store the plan was committed to.
        plan: the plan as its file gives it now.
        manifest: the manifest a step is about to use (``draw``, ``recuse``, ``reserve``), if any.
        where: where the plan came from (its file), for the error; the plan's id if not given.
        profile: the plan's profile as this step resolves it; where the commit recorded the fingerprint of its
            rules (``profile_rules``), this step's must be the same.
        continued: the documents of the plan's profile chain the step's configuration keeps in force
            (``--profile-config``), when the step resolves the profile: they must be those the commit in force
            recorded, else the step would run on other rules than those posted before the dice.
        plugins: where the step's loaded profile plugins came from (``ProfileRegistry.provenance``): where the
            commit recorded them, they must be the same (no other local file, package or version).
        rosters: the roster files the step reads, each ``(kind, "sha256:…")``: where the commit recorded them,
            they must be the same (the manifest holds ids only; the names and 执法证号 a step shows or maps come
            from the files).
        periods: the periods the plan sets for duties whose source sets none, each ``(key, label)``: they must
            be those the commit recorded (an entry without them recorded none), so a due date is not moved later.

    Raises:
        InvalidInputError: the plan is not committed in the store; its profile, window or continued documents
            are not those committed; its profile resolves to other rules than those committed; the manifest is
            another plan's.
    """
    where = where or tr("plan {plan_id}", plan_id=plan.plan_id)
    entry = store.committed(plan.plan_id)
    if entry is None:
        raise InvalidInputError(tr("plan {plan_id} is not committed in the store", plan_id=plan.plan_id), where=where,
                                fix=tr("commit the plan first, to this store"))
    payload = entry.payload
    window = [d.isoformat() for d in plan.window]
    if payload.get("profile", plan.profile) != plan.profile or payload.get("window", window) != window:
        raise InvalidInputError(
            tr("the plan says profile {profile}, window {window}–{window2}; plan {plan_id} was committed under "
               "{get}, {payload}–{payload2}", profile=plan.profile, window=window[0], window2=window[1],
               plan_id=plan.plan_id, get=payload.get('profile'), payload=payload['window'][0],
               payload2=payload['window'][1]),
            where=where, fix=tr("use the plan file the plan was committed with"))
    if continued is not None:
        given = sorted((c.profile, c.document, c.reason) for c in continued)
        recorded = sorted((c["profile"], c["document"], c["reason"]) for c in payload.get("continued", []))
        if given != recorded:
            def names(found: list[tuple[str, str, str]]) -> str:
                return "; ".join(f"{p} {d} ({r})" for p, d, r in found) or "none"
            raise InvalidInputError(
                tr("plan {plan_id} was committed with the documents continued in force: {names}; this step is "
                   "given: {names2}", plan_id=plan.plan_id, names=names(recorded), names2=names(given)), where=where,
                fix=tr("give the --profile-config the plan was committed with; a new configuration is a new "
                       "commit, with its --reason, before the dice"))
    recorded_plugins = payload.get("plugins")
    if plugins is not None and recorded_plugins is not None:
        now = sorted(f"{p.name} {p.code}" for p in plugins)
        then = sorted(f"{p['name']} {p['code']}" for p in recorded_plugins)
        if now != then:
            raise InvalidInputError(
                tr("plan {plan_id} was committed with the profile code of {value}; this step loads {value2}",
                   plan_id=plan.plan_id, value=', '.join(then) or 'none', value2=', '.join(now) or 'none'), where=where,
                fix=tr("run every step with the profile packages and local files the plan was committed with"))
    recorded_rosters = payload.get("rosters")
    if rosters is not None and recorded_rosters is not None:
        now_files = {kind: digest for kind, digest in rosters}
        changed = sorted(kind for kind, digest in recorded_rosters if now_files.get(kind) != digest)
        if changed:
            raise InvalidInputError(
                tr("the {changed} roster file(s) are not those plan {plan_id} was committed with (entry {seq} "
                   "records each file's SHA-256): a name, a 执法证号 or a row changed after the commit",
                   changed=', '.join(changed), plan_id=plan.plan_id, seq=entry.seq),
                where=where, fix=tr("use the roster files the plan was committed with; a corrected roster is a new "
                                    "commit with its --reason, before the dice"))
    if periods is not None and sorted(map(list, periods)) != sorted(payload.get("periods", [])):
        def shown(found: Iterable[Sequence[str]]) -> str:
            return ", ".join(f"{k} {v}" for k, v in found) or "none"
        raise InvalidInputError(
            tr("plan {plan_id} was committed with the duty periods {shown}; the plan file now sets {shown2}",
               plan_id=plan.plan_id, shown=shown(payload.get('periods', [])), shown2=shown(periods)), where=where,
            fix=tr("use the [periods] the plan was committed with; other periods are a new commit with its --reason"))
    committed_rules = payload.get("profile_rules")
    if profile is not None and committed_rules is not None and committed_rules not in {
            profile.fingerprint(), profile.fingerprint(former_catalogue_titles())}:
        raise InvalidInputError(
            tr("plan {plan_id} was committed under the rules {committed_rules}… of {profile}; this step resolves "
               "{profile} to other rules ({fingerprint}…): another local profile, --block or --profile-config than "
               "at commit", plan_id=plan.plan_id, committed_rules=committed_rules[:19], profile=plan.profile,
               fingerprint=profile.fingerprint()[:19]), where=where,
            fix=tr("run every step of the plan with the --profiles-dir, --block and --profile-config it was "
                   "committed with (explain --fingerprint shows a registry's)"))
    if manifest is not None and manifest.plan_id != plan.plan_id:
        raise InvalidInputError(tr("the manifest is plan {plan_id}'s, not {plan_id2}'s", plan_id=manifest.plan_id,
                                   plan_id2=plan.plan_id),
                                where=tr("the manifest of plan {plan_id}", plan_id=manifest.plan_id),
                                fix=tr("give the manifest commit wrote for this plan"))
    return entry
