"""Platform commands (docs/platforms.md): import a platform's export of a draw into the ledger (an external
draw), export a draw made here in the platform's columns, check an export file against the ledger."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import click

from random_inspection.cli._base import (
    FORMAT,
    echo_json,
    headings,
    localised,
    main,
    option,
    profile_sources,
    registry_for,
    say,
    table,
)
from random_inspection.cli.plans import (
    ACTOR,
    AT,
    MANIFEST,
    PLAN,
    STORE,
    _committed,
    _declarations_path,
    _manifest,
    _manifest_path,
    _now,
    _rosters,
    _store,
    _writable,
)
from random_inspection.errors import InvalidInputError
from random_inspection.io.actorfile import load_actor
from random_inspection.io.interestfile import read_declarations
from random_inspection.io.planfile import PlanFile, load_plan_file
from random_inspection.io.platform import PlatformImport, platform_table, read_platform_export, write_platform_export
from random_inspection.messages import tr
from random_inspection.profiles import ResolvedProfile
from random_inspection.sampling import Manifest
from random_inspection.store import EntryKind, mask_url
from random_inspection.store.external import is_external

EXPORT = click.argument("export_path", metavar="EXPORT", type=click.Path(dir_okay=False, exists=True))


@main.group(help=tr("Draws made on the provincial platform (docs/platforms.md)."))
def platform() -> None:
    pass


def _platform_name(resolved: ResolvedProfile, given: str | None) -> str:
    """The platform the plan is drawn on: the profile's ``plan.platform``; ``--platform`` only where the profile
    names none (and never another one)."""
    named = resolved.value("plan.platform")
    if named is not None and given is not None and given != named:
        raise InvalidInputError(tr("the profile {code} draws on {named}, not on {given}", code=resolved.code,
                                   named=named, given=given), where="--platform",
                                fix=tr("leave --platform out: {citation} names the platform",
                                       citation=resolved.rule('plan.platform').citation))
    if named is None and given is None:
        raise InvalidInputError(tr("the profile {code} names no platform (plan.platform)",
                                   code=resolved.code), where="--platform",
                                fix=tr("give --platform with the platform's name as the bureau's documents write it"))
    return str(named if named is not None else given)


def _items_of(manifest: Manifest) -> Callable[[str], tuple[str, ...]]:
    """The plan's checklist items of a subject (its department's, of its domain), where the export names none."""
    departments = set(manifest.rules.departments)
    domains = {s.id: s.domain for s in manifest.subjects}

    def items(subject: str) -> tuple[str, ...]:
        return tuple(c.code for c in manifest.checklist
                     if (not departments or c.department in departments)
                     and (not c.domains or domains.get(subject) in c.domains))
    return items


def _read(plan: PlanFile, export_path: str, manifest: Manifest, name: str) -> PlatformImport:
    rosters = _rosters(plan)
    return read_platform_export(export_path, platform=name, subjects=rosters.subjects, inspectors=rosters.inspectors,
                                items_of=_items_of(manifest), checklist=[c.code for c in manifest.checklist],
                                encoding=plan.roster_encoding)


def _report(got: PlatformImport, fmt: str) -> None:
    if fmt == "json":
        echo_json({"file": got.source, "sha256": got.sha256, "rows": got.rows,
                   "problems": [p.to_json() for p in got.problems]})
    else:
        say(tr("{source}: {rows} rows, {problems_count} problems; nothing recorded", source=got.source, rows=got.rows,
               problems_count=len(got.problems)))
        for p in got.problems:
            click.echo("  " + localised(p.text()))
    sys.exit(1)


@platform.command("import", help=tr("Record the platform's export of the plan's task (CSV or XLSX: 任务编号, "
                                    "统一社会信用代码, 执法证号, 抽取时间...) as the plan's draw: an external_draw "
                                    "ledger entry with the platform, the task number and the file's SHA-256. Every "
                                    "bad row is reported and nothing is recorded (exit 1)."))
@PLAN
@EXPORT
@STORE
@MANIFEST
@option("--platform", "platform_name", help=tr("The platform's name, where the profile names none "
                                               "(plan.platform)."))
@option("--reason", help=tr("Why the plan is drawn again (a second import is a redraw: recorded and disclosed)."))
@option("--accept-findings", is_flag=True,
        help=tr("Record the draw although the committed manifest says a subject or inspector is not eligible "
                "(the findings are recorded with it and published)."))
@option("--declarations", "declarations_path", type=click.Path(dir_okay=False),
        help=tr("The plan's private interest declarations (default: PLAN_ID.interests.json beside the "
                "manifest): an inspector drawn for a subject they declared an interest in is a finding."))
@ACTOR
@AT
@profile_sources
@FORMAT
def platform_import(plan_path: str, export_path: str, store_url: str, manifest_path: str | None,
                    platform_name: str | None, reason: str | None, accept_findings: bool,
                    declarations_path: str | None, actor_path: str, at: str | None, folders: tuple[str, ...],
                    blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    resolved = plan.profile(registry_for(folders, blocked))
    name = _platform_name(resolved, platform_name)
    actor, signer = load_actor(actor_path)
    path_in = _manifest_path(plan, manifest_path)
    manifest = _manifest(path_in)
    got = _read(plan, export_path, manifest, name)
    if got.draw is None:
        _report(got, fmt)
        return
    declarations = read_declarations(_declarations_path(plan, path_in, declarations_path))
    with _store(store_url, profile=resolved, write=True) as store:
        _committed(store, plan, resolved, manifest)
        entry = store.record_external_draw(manifest, got.draw, actor=actor, signer=signer, reason=reason,
                                           at=_now(at), declarations=declarations, accept_findings=accept_findings)
    drawn = got.draw
    if fmt == "json":
        echo_json({"plan_id": plan.plan_id, "platform": name, "task": drawn.task, "sha256": drawn.file_sha256,
                   "drawn_at": drawn.drawn_at, "ledger_entry": entry.seq, "subjects": list(drawn.subjects),
                   "findings": entry.payload.get("findings", [])})
        return
    say(tr("recorded the draw of plan {plan_id} made on {name}, task {task} at {drawn_at} (ledger entry {seq}); "
           "export file {file_name} SHA-256 {file_sha256}", plan_id=plan.plan_id, name=name, task=drawn.task,
           drawn_at=drawn.drawn_at, seq=entry.seq, file_name=drawn.file_name, file_sha256=drawn.file_sha256))
    for finding in entry.payload.get("findings", []):
        say(tr("  finding recorded: {finding}", finding=finding))
    teams = dict(drawn.teams)
    click.echo(table([headings(tr("subject"), tr("team")), *[[s, "、".join(teams[s])] for s in drawn.subjects]]))


@platform.command("export", help=tr("Write the plan's draw in force, made here, in the platform's columns (CSV), for "
                                    "the platform's operator to enter: a row per drawn subject and inspector. "
                                    "Read-only."))
@PLAN
@STORE
@MANIFEST
@option("--task", help=tr("The task number to enter the draw under on the platform (default: the plan id)."))
@option("--out", "out", required=True, type=click.Path(dir_okay=False), help=tr("The CSV file to write."))
@profile_sources
@FORMAT
def platform_export(plan_path: str, store_url: str, manifest_path: str | None, task: str | None, out: str,
                    folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    resolved = plan.profile(registry_for(folders, blocked))
    manifest = _manifest(_manifest_path(plan, manifest_path))
    path = _writable(Path(out))
    rosters = _rosters(plan)
    with _store(store_url, readonly=True) as store:
        _committed(store, plan, resolved, manifest)
        now = store.in_force(plan.plan_id)
        result = store.current_draw(plan.plan_id)
        entry = next((e for e in store.entries(plan_id=plan.plan_id) if e.seq == now.draw_entry), None)
    if result is None or entry is None:
        raise InvalidInputError(tr("plan {plan_id} has no draw in the store",
                                   plan_id=plan.plan_id), where=mask_url(store_url),
                                fix=tr("commit and draw the plan first"))
    if is_external(now.draw):
        raise InvalidInputError(tr("plan {plan_id} was drawn on the platform (ledger entry {seq})",
                                   plan_id=plan.plan_id, seq=entry.seq),
                                where=str(plan.path), fix=tr("the platform holds that draw already: nothing to "
                                                             "export"))
    drawn_at = dt.datetime.fromisoformat(entry.at) if entry.at else dt.datetime.now(dt.timezone.utc)
    written = write_platform_export(path, platform_table(task or plan.plan_id, drawn_at, result,
                                                         {s.uscc: s for s in rosters.subjects},
                                                         {p.id: p for p in rosters.inspectors}))
    if fmt == "json":
        echo_json({"file": str(written), "plan_id": plan.plan_id, "task": task or plan.plan_id,
                   "draw_entry": entry.seq, "rows": sum(len(t) for _, t in result.teams)})
        return
    say(tr("wrote the draw of plan {plan_id} (ledger entry {seq}) in the platform's columns to {written}",
           plan_id=plan.plan_id, seq=entry.seq, written=written))


@platform.command("check", help=tr("Check an export file against the ledger (read-only): exit 0 when the plan's "
                                   "ledger records a draw made on the platform from exactly this file (its SHA-256) "
                                   "with exactly what the file says, 1 if not."))
@PLAN
@EXPORT
@STORE
@MANIFEST
@option("--platform", "platform_name", help=tr("The platform's name, where the profile names none."))
@profile_sources
@FORMAT
def platform_check(plan_path: str, export_path: str, store_url: str, manifest_path: str | None,
                   platform_name: str | None, folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    resolved = plan.profile(registry_for(folders, blocked))
    name = _platform_name(resolved, platform_name)
    manifest = _manifest(_manifest_path(plan, manifest_path))
    got = _read(plan, export_path, manifest, name)
    with _store(store_url, readonly=True) as store:
        entries = store.entries(plan_id=plan.plan_id, kind=EntryKind.EXTERNAL_DRAW)
        in_force = store.in_force(plan.plan_id).draw_entry
    same = [e for e in entries if e.payload["file"]["sha256"] == got.sha256]
    problem = None
    if not same:
        problem = tr("no draw of plan {plan_id} in the ledger was imported from a file with SHA-256 {sha256}",
                     plan_id=plan.plan_id, sha256=got.sha256)
    elif got.draw is None:
        problem = tr("the file has {count} problems", count=len(got.problems))
    else:
        recorded = same[-1].payload
        content = got.draw.payload(recorded["manifest_hash"], recorded.get("findings", []))
        added = ("file", "announced_task", "reason")  # what the import adds to the file's content
        if {k: v for k, v in content.items() if k not in added} != \
                {k: v for k, v in recorded.items() if k not in added}:
            problem = tr("ledger entry {seq} does not record what the file says", seq=same[-1].seq)
    result = {"file": got.source, "sha256": got.sha256, "same": problem is None, "problem": problem,
              "ledger_entry": same[-1].seq if same else None, "in_force": bool(same) and same[-1].seq == in_force}
    if fmt == "json":
        echo_json(result)
    elif problem is None:
        say(tr("the ledger records this file: entry {seq}", seq=same[-1].seq) if result["in_force"] else
            tr("the ledger records this file: entry {seq} (set aside by a later draw)", seq=same[-1].seq))
    else:
        say(tr("NOT the ledger's record: {problem}", problem=problem))
    if problem is not None:
        sys.exit(1)
