"""The steps of a plan file against a store — commit, draw, read its results, list its obligations — as the
command line and the HTTP service both take them: the same checks, the same library calls, the same entries.
The callers print or answer; the files written beside the plan (manifest, notice, draw) are written here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from random_inspection.errors import InfeasibleDrawError, InvalidInputError
from random_inspection.io.atomic import write_bytes_atomic, write_text_atomic
from random_inspection.io.filenames import plan_file_stem
from random_inspection.io.interestfile import (
    declarations_path,
    new_interest_secret,
    read_declarations,
    write_declarations,
)
from random_inspection.io.notice_page import write_notice
from random_inspection.io.planfile import PlanFile, Rosters, legacy_rewrite
from random_inspection.io.results import ResultImport, read_results
from random_inspection.messages import tr
from random_inspection.model import Actor
from random_inspection.profiles import Continuation, ProfileRegistry, ResolvedProfile
from random_inspection.sampling import (
    DrawResult,
    InterestDeclarations,
    Manifest,
    draw,
    expert_identity_mismatches,
    trial_draw,
)
from random_inspection.store import Entry, LedgerHead, Signer, Store, check_committed, mask_url
from random_inspection.store.ledger import EntryKind
from random_inspection.workflow import (
    CommittedSize,
    NonCooperationRule,
    Obligation,
    check_floor,
    check_public,
    manifest_items,
    pre_draw_notice,
    profile_steps,
    require_plan,
)

__all__ = ["Committed", "check_plan_committed", "commit_plan_file", "committed_sizes", "continued_for",
           "default_manifest_path", "draw_plan_file", "has_store", "obligation_json", "open_store",
           "read_plan_results", "refuse_infeasible", "refuse_legacy", "secret_for", "sqlite_file", "write_json"]


def write_json(path: Path, data: Any) -> None:
    """``data`` as indented UTF-8 JSON, written whole."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite store named by a path or a sqlite:/// URL (None for another database)."""
    if "://" not in url:
        return Path(url)
    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        return Path(url[len("sqlite:///"):])
    return None


def has_store(url: str) -> bool:
    """Whether a store is there: a SQLite file that exists, or any other database (asked when opened)."""
    file = sqlite_file(url)
    return file is None or file.exists()


@contextmanager
def open_store(url: str, profile: ResolvedProfile | None = None, *, write: bool = False,
               readonly: bool = False, where: str = "--store") -> Iterator[Store]:
    """The store, checking ``profile``'s permissions (who may do what) when one is given. Only ``ledger init``
    makes a store: elsewhere a missing one is a mistyped path, not an empty ledger. A store written to (``write``)
    must hold a key register in its chain: every write is then checked against it, and only against it.
    ``readonly`` opens it for reading only."""
    if not has_store(url):
        raise InvalidInputError(tr("there is no store at {mask_url}", mask_url=mask_url(url)), where=where,
                                fix=tr("give the store the plan was committed to, or create one: random-inspection "
                                       "ledger init --store STORE --as ADMINISTRATOR_FILE"))
    store = Store.open(url, permissions=profile.permissions() if profile is not None else None, readonly=readonly)
    try:
        if write and store.register() is None:
            raise InvalidInputError(tr("the store at {mask_url} holds no key register in its ledger",
                                       mask_url=mask_url(url)),
                                    where=where, fix=tr("have its administrator open one: random-inspection "
                                                        "ledger open-register --store STORE --as "
                                                        "ADMINISTRATOR_FILE, then enrol the actors"))
        yield store
    finally:
        store.close()


def default_manifest_path(plan: PlanFile) -> Path:
    """``PLAN_ID.manifest.json`` beside the plan file."""
    return plan.path.with_name(f"{plan_file_stem(plan.plan_id)}.manifest.json")


def continued_for(resolved: ResolvedProfile) -> list[Continuation]:
    """The documents of ``resolved``'s chain its registry keeps in force (``--profile-config``), as a commit
    records them."""
    chain = {p.code for p in resolved.chain}
    return [c for c in resolved.registry.continuations if c.profile in chain]


def check_plan_committed(store: Store, plan: PlanFile, resolved: ResolvedProfile,
                         manifest: Manifest | None = None) -> None:
    """:func:`~random_inspection.store.check_committed` for a plan file, under the profile the step resolved
    (its rules and the documents its configuration continues must be the commit's)."""
    check_committed(store, plan.plan, manifest, where=str(plan.path), profile=resolved,
                    continued=continued_for(resolved), plugins=resolved.registry.provenance(),
                    rosters=plan.roster_digests(), periods=plan.period_terms())
    if manifest is not None and manifest.experts is not None:
        _check_experts(plan, manifest)


def _check_experts(plan: PlanFile, manifest: Manifest) -> None:
    """draw-v3 §2: the plan file's ``[[expert]]`` tables must give the roster the manifest committed (each
    expert's salted identity tag, with the plan's secret), else a name changed after the dice would put another
    person behind a roster id."""
    path = declarations_path(default_manifest_path(plan), plan.plan_id)
    kept = read_declarations(path)
    if kept is None:
        raise InvalidInputError(
            tr("the plan's private file is missing: the experts' committed identity tags cannot be checked"),
            where=str(path), fix=tr("keep the private file commit wrote beside the manifest, and run from there"))
    changed = expert_identity_mismatches(manifest, plan.experts, kept.secret)
    if changed:
        raise InvalidInputError(
            tr("the plan file's experts {changed} are not those committed in the manifest (name, ID number or the "
               "roster itself changed after the commit)",
               changed='、'.join(changed)), where=tr("{file}, table {table}", file=plan.path.name, table="[[expert]]"),
            fix=tr("restore the [[expert]] tables the plan was committed with; a new roster is a new commit, "
                   "before the dice"))


def refuse_infeasible(manifest: Manifest) -> None:
    """Refuse a plan no public input can draw (a team larger than its pool, more subjects than are eligible)
    before it is committed: a trial draw of the same inputs with a stand-in seed."""
    try:
        trial_draw(manifest)
    except InfeasibleDrawError as exc:
        raise InfeasibleDrawError(tr("the plan cannot be drawn: {what}", what=exc.what),
                                  where=tr("plan {plan_id}", plan_id=manifest.plan_id),
                                  fix=exc.fix or tr("change the plan's draw options or its rosters")) from None


def committed_sizes(store: Store) -> list[CommittedSize]:
    """The sizes of every plan committed in the store, in ledger order (each commit's ``sample_size`` and
    ``pool``; for a commit from before sizes were recorded, the size of its manifest's recorded draw), for the
    yearly floor (:func:`~random_inspection.workflow.check_floor`)."""
    entries = store.entries()
    drawn = {e.payload.get("manifest_hash"): len(e.payload.get("subjects", ())) for e in entries
             if e.kind is EntryKind.DRAW_EXECUTED}  # for commits from before sizes were recorded
    return [CommittedSize.from_payload(e.plan_id, e.payload, drawn=drawn.get(e.payload.get("manifest_hash")))
            for e in entries if e.kind is EntryKind.PLAN_COMMITTED and e.plan_id is not None]


def secret_for(path: Path) -> bytes:
    """The secret of the plan's interest tags: the one kept in its private file (so that committing the same
    rosters again gives the same manifest), else a new one."""
    kept = read_declarations(path)
    return kept.secret if kept is not None else new_interest_secret()


def refuse_legacy(plan: PlanFile) -> None:
    """Refuse a draw-v1 plan file for a new commit, saying how to rewrite it."""
    if plan.legacy:
        raise InvalidInputError(
            tr("the plan file gives seed_source and public_input_format (draw-v1): a pattern lets the same dice be "
               "spelled several ways, so new plans are committed as draw-v2 only"), where=str(plan.path),
            fix=tr("replace those two keys by a [public_input] table (docs/spec/draw-v2.md §7), e.g.\n{rewrite}",
                   rewrite=legacy_rewrite(plan)))


@attrs.frozen
class Committed:
    """A plan committed: its manifest, the ledger entry, and the files written (manifest, private declarations,
    the pre-draw notice's JSON and HTML) with the ledger head the notice carries."""

    manifest: Manifest
    entry: Entry
    manifest_path: Path
    declarations_path: Path
    notice: tuple[Path, ...]
    ledger_head: LedgerHead


def commit_plan_file(store: Store, plan: PlanFile, registry: ProfileRegistry, rosters: Rosters, *, actor: Actor,
                     signer: Signer, at: str, manifest_path: Path, private_path: Path, reason: str | None = None,
                     platform_task: str | None = None) -> Committed:
    """Freeze the plan's rosters into its manifest, check it (personal data, a trial draw, the profile's plan
    rules, the yearly floor), commit its hash to ``store`` signed by ``actor``, then write the manifest and the
    pre-draw notice beside ``manifest_path``. The private declarations are written before the commit (refused
    under a public folder before anything is recorded); nothing else is written unless the commit is recorded.
    ``store`` is bound to the plan's profile's permissions."""
    refuse_legacy(plan)
    resolved = plan.profile(registry)
    secret = secret_for(private_path)
    manifest = plan.manifest(registry, rosters, store.history_for(plan.plan_id, plan.plan.window[0].year), secret)
    # the manifest is published and fixed for good once committed: personal data in it (a phone number in
    # the source, an ID number in a 单位 cell) is refused now, naming the field, before anything is recorded
    check_public(json.loads(manifest.canonical()), allowed=[s.id for s in manifest.subjects],
                 where=manifest_path.name)
    declarations = manifest.declarations or InterestDeclarations(secret, {})
    write_declarations(private_path, declarations)  # refused under a public folder, before anything is recorded
    refuse_infeasible(manifest)
    require_plan(resolved, manifest, rosters.checklist, plan.departures)
    floor = check_floor(resolved, manifest, committed=committed_sizes(store), departures=plan.departures,
                        items=manifest_items(manifest, rosters.checklist))
    floor.require()  # 许昌 第十二条: the year's plans together reach the floor
    entry = store.commit_plan(manifest, actor=actor, signer=signer, reason=reason, at=at,
                              departments=plan.plan.departments if plan.plan.joint else (),
                              profile=plan.plan.profile, sample=(floor.sample_size, floor.pool),
                              departures=plan.departures,
                              counts_toward_floor=floor.counted, profile_rules=resolved.fingerprint(),
                              plugins=registry.provenance(), rosters=plan.roster_digests(),
                              periods=plan.period_terms(),
                              continued=continued_for(resolved), platform_task=platform_task)
    # the pre-draw notice (抽查公告): every commit so far and the ledger's head just after this one
    head = LedgerHead(entry.seq, entry.entry_hash)
    notice = pre_draw_notice(resolved, manifest, store.commits(plan.plan_id), head,
                             departments=[plan.department_names.get(d, d) for d in plan.plan.departments],
                             platform_task=platform_task)
    # the canonical bytes (draw-v1 §3), which `verify` reads in one streamed pass; its hash is of these bytes
    write_bytes_atomic(manifest_path, manifest.canonical())
    posted = write_notice(manifest_path.parent, notice)
    return Committed(manifest, entry, manifest_path, private_path, tuple(posted), head)


def draw_plan_file(store: Store, plan: PlanFile, resolved: ResolvedProfile, manifest: Manifest, public_input: str,
                   *, actor: Actor, signer: Signer, at: str, private_path: Path,
                   reason: str | None = None) -> tuple[DrawResult, Entry]:
    """Draw the plan's committed ``manifest`` with ``public_input`` and record the draw in ``store`` (bound to
    ``resolved``'s permissions) after checking the plan was committed as it is now. The caller writes the draw."""
    declarations = read_declarations(private_path) if manifest.version >= 2 else None
    result = draw(manifest, public_input, declarations)
    check_plan_committed(store, plan, resolved, manifest)
    entry = store.record_draw(manifest, result, actor=actor, signer=signer, reason=reason, at=at)
    return result, entry


def read_plan_results(store: Store, plan: PlanFile, resolved: ResolvedProfile, path: str | Path,
                      where: str) -> ResultImport:
    """The results file at ``path`` read for the plan's draw in force in ``store`` (checked committed as it is
    now), under the profile's result scheme, joint rule and non-cooperation rule."""
    check_plan_committed(store, plan, resolved)
    in_force = store.in_force(plan.plan_id)
    if in_force.draw is None:
        raise InvalidInputError(tr("plan {plan_id} has no draw in the store", plan_id=plan.plan_id), where=where,
                                fix=tr("commit and draw the plan first"))
    joint = plan.plan.departments if plan.plan.joint else ()
    return read_results(path, plan_id=plan.plan_id, department=plan.plan.lead,
                        draw=in_force.record_view(plan.plan.lead),
                        scheme=resolved.value("results.scheme"), joint_departments=joint,
                        joint_office_agrees=bool(resolved.value("joint.office_agrees_results", False)),
                        non_cooperation=NonCooperationRule.of(resolved), own_steps=profile_steps(resolved))


def _debtor_json(o: Obligation) -> dict[str, Any]:
    """Who owes ``o``: the roles of the profile's actor rule (``None``: no document says), the department
    (``None``: an office owes it) and the rule's article."""
    d = o.debtor
    return {"roles": None if d is None or d.roles is None else [r.value for r in d.roles],
            "department": o.department, "citation": d.citation.short() if d is not None and d.citation else None}


def obligation_json(chosen: Iterable[Obligation], day: dt.date,
                    subject_name: Callable[[str], str | None] = lambda _subject: None) -> list[dict[str, Any]]:
    """Obligations as ``obligations --format json`` lists them, each with its status at the end of ``day``, the
    subject's 名称 ``subject_name`` gives (None where it gives none) and whether its due date rests on an
    estimated holiday schedule (``provisional``)."""
    return [{"subject": o.subject, "subject_name": subject_name(o.subject), "duty": o.title, "key": o.key,
             "department": o.department, "owed_by": _debtor_json(o), "counterpart": o.counterpart,
             "from": f"{o.starts.value} {o.started_on.isoformat()}",
             "due": o.due.isoformat() if o.due else None, "provisional": o.provisional,
             "period_from_plan": o.period_from_plan,
             "met_on": o.met_on.isoformat() if o.met_on else None,
             "status": o.status(day).value, "citation": o.citation.short(),
             "ends": o.deadline.ends if o.deadline is not None and o.deadline.due == o.due else None,
             "deadlines": [{"due": d.due.isoformat(), "ends": d.ends, "citation": d.citation.short() if d.citation
                            else None, "explain": d.explain()} for d in o.deadlines],
             **({} if o.departure is None else {"departure": {
                 "entry": o.departure.entry, "at": o.departure.at, "key": o.departure.key,
                 "value": o.departure.period.label, "reason": o.departure.reason,
                 "default_due": o.default_due.isoformat() if o.default_due else None}})} for o in chosen]
