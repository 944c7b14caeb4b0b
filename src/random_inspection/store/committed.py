"""Whether a plan is the one the store committed: the check every step after ``commit`` makes first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from random_inspection.errors import InvalidInputError
from random_inspection.profiles import Continuation, PluginSource, ResolvedProfile
from random_inspection.sampling import Manifest
from random_inspection.store.ledger import Entry
from random_inspection.store.store import Store
from random_inspection.workflow import InspectionPlan

__all__ = ["check_committed"]


def check_committed(store: Store, plan: InspectionPlan, manifest: Manifest | None = None, *,
                    where: str | None = None, profile: ResolvedProfile | None = None,
                    continued: Iterable[Continuation] | None = None,
                    plugins: Iterable[PluginSource] | None = None,
                    rosters: Iterable[Sequence[str]] | None = None) -> Entry:
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

    Raises:
        InvalidInputError: the plan is not committed in the store; its profile, window or continued documents
            are not those committed; its profile resolves to other rules than those committed; the manifest is
            another plan's.
    """
    where = where or f"plan {plan.plan_id}"
    entry = store.committed(plan.plan_id)
    if entry is None:
        raise InvalidInputError(f"plan {plan.plan_id} is not committed in the store", where=where,
                                fix="commit the plan first, to this store")
    payload = entry.payload
    window = [d.isoformat() for d in plan.window]
    if payload.get("profile", plan.profile) != plan.profile or payload.get("window", window) != window:
        raise InvalidInputError(
            f"the plan says profile {plan.profile}, window {window[0]}–{window[1]}; plan {plan.plan_id} "
            f"was committed under {payload.get('profile')}, {payload['window'][0]}–{payload['window'][1]}",
            where=where, fix="use the plan file the plan was committed with")
    if continued is not None:
        given = sorted((c.profile, c.document, c.reason) for c in continued)
        recorded = sorted((c["profile"], c["document"], c["reason"]) for c in payload.get("continued", []))
        if given != recorded:
            def names(found: list[tuple[str, str, str]]) -> str:
                return "; ".join(f"{p} {d} ({r})" for p, d, r in found) or "none"
            raise InvalidInputError(
                f"plan {plan.plan_id} was committed with the documents continued in force: {names(recorded)}; this "
                f"step is given: {names(given)}", where=where,
                fix="give the --profile-config the plan was committed with; a new configuration is a new commit, "
                    "with its --reason, before the dice")
    recorded_plugins = payload.get("plugins")
    if plugins is not None and recorded_plugins is not None:
        now = sorted(f"{p.name} {p.code}" for p in plugins)
        then = sorted(f"{p['name']} {p['code']}" for p in recorded_plugins)
        if now != then:
            raise InvalidInputError(
                f"plan {plan.plan_id} was committed with the profile code of {', '.join(then) or 'none'}; this step "
                f"loads {', '.join(now) or 'none'}", where=where,
                fix="run every step with the profile packages and local files the plan was committed with")
    recorded_rosters = payload.get("rosters")
    if rosters is not None and recorded_rosters is not None:
        now_files = {kind: digest for kind, digest in rosters}
        changed = sorted(kind for kind, digest in recorded_rosters if now_files.get(kind) != digest)
        if changed:
            raise InvalidInputError(
                f"the {', '.join(changed)} roster file(s) are not those plan {plan.plan_id} was committed with "
                f"(entry {entry.seq} records each file's SHA-256): a name, a 执法证号 or a row changed after the "
                "commit",
                where=where, fix="use the roster files the plan was committed with; a corrected roster is a new "
                                 "commit with its --reason, before the dice")
    committed_rules = payload.get("profile_rules")
    if profile is not None and committed_rules is not None and profile.fingerprint() != committed_rules:
        raise InvalidInputError(
            f"plan {plan.plan_id} was committed under the rules {committed_rules[:19]}… of {plan.profile}; this step "
            f"resolves {plan.profile} to other rules ({profile.fingerprint()[:19]}…): another local profile, "
            "--block or --profile-config than at commit", where=where,
            fix="run every step of the plan with the --profiles-dir, --block and --profile-config it was committed "
                "with (explain --fingerprint shows a registry's)")
    if manifest is not None and manifest.plan_id != plan.plan_id:
        raise InvalidInputError(f"the manifest is plan {manifest.plan_id}'s, not {plan.plan_id}'s",
                                where=f"the manifest of plan {manifest.plan_id}",
                                fix="give the manifest commit wrote for this plan")
    return entry
