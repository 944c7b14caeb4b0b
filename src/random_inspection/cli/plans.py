"""Plan commands: check a plan file and its rosters, commit it, draw, verify, record results, list obligations,
verify the ledger. The ledger is a store (a SQLite file by default, ``--store``)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from random_inspection.cli._base import (
    DAY,
    FORMAT,
    SCHEDULE,
    calendar_for,
    citation_of,
    echo_json,
    headings,
    localised,
    main,
    option,
    profile_sources,
    progress,
    registry_for,
    say,
    table,
)
from random_inspection.cli.progress import Progress, wanted
from random_inspection.collector import collector_paused
from random_inspection.errors import DataError, InvalidInputError
from random_inspection.io import RosterKind
from random_inspection.io.actorfile import keyring_toml, load_actor, load_actors, load_enrolment, load_keyring
from random_inspection.io.atomic import write_bytes_atomic
from random_inspection.io.china_time import now_in_china
from random_inspection.io.filenames import plan_file_stem
from random_inspection.io.interestfile import (
    declarations_path,
)
from random_inspection.io.plan_changes import record_plan_recusal, use_plan_reserve
from random_inspection.io.plan_check import check_plan_file
from random_inspection.io.plan_obligations import plan_obligations_on
from random_inspection.io.plan_steps import (
    check_plan_committed,
    commit_plan_file,
    draw_plan_file,
    has_store,
    obligation_json,
    open_store,
    read_plan_results,
    refuse_infeasible,
    refuse_legacy,
    secret_for,
    sqlite_file,
    write_json,
)
from random_inspection.io.planfile import PlanFile, Rosters, load_plan_file
from random_inspection.io.roster_names import RosterNames, read_roster_names
from random_inspection.messages import join, tr
from random_inspection.sampling import (
    Manifest,
    Recusal,
    canonical_json,
    verify,
)
from random_inspection.sampling.published import beyond_limits, read_published_manifest
from random_inspection.store import LedgerHead, PublicKey, Store, mask_url, record_results
from random_inspection.store.inforce import RECUSAL_REASONS
from random_inspection.store.listing import PERSONAL_DATA, PublicListing, check_listing, public_listing
from random_inspection.timelimits import CutOff
from random_inspection.workflow import (
    Obligation,
    Status,
    team_leaders,
)

DEFAULT_STORE = "random-inspection.sqlite3"

STORE = option("--store", "store_url", default=DEFAULT_STORE, show_default=True,
               help=tr("The store: a SQLite file, or a SQLAlchemy URL (postgresql+psycopg://...)."))
AT = option("--at", "at", help=tr("The time to record (ISO 8601); by default now, China Standard Time."))
PLAN = click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, exists=True))
MANIFEST = option("--manifest", "manifest_path", type=click.Path(dir_okay=False, exists=True),
                  help=tr("The committed manifest (default: PLAN_ID.manifest.json beside the plan file)."))
ACTOR = option("--as", "actor_path", required=True, type=click.Path(exists=True),
               help=tr("The actor file of who acts (with their key file); docs/cli.md, Who acts."))
DECLARATIONS = option(
    "--declarations", "declarations_out", type=click.Path(dir_okay=False),
    help=tr("The private file of the inspectors' declared interests and the secret of their tags (draw-v2; default: "
            "PLAN_ID.interests.json beside the manifest). Never publish it; verify does not need it."))


_has_store, _store, _committed, _trial_draw = has_store, open_store, check_plan_committed, refuse_infeasible
_write_json, _secret_for, _refuse_legacy = write_json, secret_for, refuse_legacy
_sqlite_file = sqlite_file


def _now(at: str | None) -> str:
    if at is not None:
        try:
            return dt.datetime.fromisoformat(at).isoformat()
        except ValueError:
            raise InvalidInputError(tr("--at {at!r} is not an ISO 8601 time",
                                       at=at), fix=tr("e.g. 2026-12-01T09:30:00+08:00")) \
                from None
    return now_in_china()


def _rosters(plan: PlanFile, strict: bool = True) -> Rosters:
    with progress("reading the rosters") as update:
        done: dict[RosterKind, int] = {}

        def report(kind: RosterKind, rows: int, total: int | None) -> None:
            done[kind] = rows
            update(sum(done.values()), None)
        return plan.rosters(strict=strict, progress=report)


def _manifest_path(plan: PlanFile, given: str | None) -> Path:
    return Path(given) if given else plan.path.with_name(f"{plan_file_stem(plan.plan_id)}.manifest.json")


def _writable(path: Path) -> Path:
    """``path``, checked before anything is recorded: a file whose folder exists and can be written."""
    if path.is_dir() or not path.parent.is_dir() or not os.access(path.parent, os.W_OK):
        raise InvalidInputError(tr("cannot write {path}", path=path), where=str(path),
                                fix=tr("give a file in an existing folder you may write to"))
    return path


def _read_json(path: str | Path, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInputError(tr("cannot read the {what}: {value}",
                                   what=what,
                                   value=exc.strerror or exc), where=str(path),
                                fix=tr("check the path")) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(tr("the {what} is not JSON: {exc}", what=what, exc=exc), where=str(path),
                                fix=tr("give the {what} as it was written", what=what)) from None
    except RecursionError:  # arrays or objects nested deeper than the reader goes ([[[[…]]]])
        raise InvalidInputError(tr("the {what} nests arrays or objects too deeply to be read",
                                   what=what), where=str(path),
                                fix=tr("give the {what} as it was written (none nests more than a few levels)",
                                       what=what)) from None


def _manifest(path: str | Path) -> Manifest:
    return Manifest.from_json(_read_json(path, "manifest"))


def _published_manifest(path: str | Path) -> Manifest:
    """A manifest as published, its canonical bytes: read in one streamed pass, hashed as read, within the
    reader's limits (docs/spec/draw-v1.md §4), as ``commit`` writes it beside the plan. A file spelled otherwise
    (indented for reading) is read as JSON, and one that cannot be read is reported so; one beyond the limits is
    refused."""
    try:
        return read_published_manifest(path)
    except DataError as exc:
        if beyond_limits(exc):
            raise
    except OSError:
        pass
    return _manifest(path)


def _declarations_path(plan: PlanFile, manifest_path: Path, given: str | None) -> Path:
    return Path(given) if given else declarations_path(manifest_path, plan.plan_id)


@main.command(help=tr("Check a plan file and its three rosters: every bad row, the profile, the pool and the sample "
                      "(against the profile's ratio floor, with the year's plans committed in the store, and the "
                      "profile's plan rules: ResolvedProfile.check_plan); exit 1 on any problem."))
@PLAN
@STORE
@profile_sources
@FORMAT
def check(plan_path: str, store_url: str, folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    registry = registry_for(folders, blocked)
    found = check_plan_file(plan, registry, _rosters(plan, strict=False), store_url)
    resolved, rosters, manifest, floor = found.resolved, found.rosters, found.manifest, found.floor
    problems, pool_problems, unmet = found.problems, found.pool_problems, found.unmet
    data = found.to_json()
    eligible = data["inspectors_eligible"]
    if fmt == "json":
        echo_json(data)
    else:
        say(tr("plan {plan_id} under {code} ({bureau}), window {first} – {last}", plan_id=plan.plan_id,
               code=resolved.code, bureau=data["bureau"], first=data["window"][0], last=data["window"][1]))
        for r in rosters.imports:
            click.echo("  " + localised(r.summary()))
            for p in r.problems:
                click.echo("    " + localised(p.text()))
        for p in pool_problems:
            click.echo("  " + localised(p.text()))
        if manifest is not None:
            say(tr("  {data} subjects 存续, {eligible} inspectors eligible throughout the window; manifest hash "
                   "{hash}", data=data['subjects_in_existence'], eligible=eligible, hash=manifest.hash))
        for x in found.left_out:
            where = tr("in the manifest, left out by the draw") if x.in_manifest else tr("not in the manifest")
            say(tr("  not drawn: {inspector} ({name}): {reasons} [{where}]", inspector=x.inspector, name=x.name,
                   reasons='; '.join(x.reasons), where=where))
        for note in unmet:
            say(tr("  industry: {note}", note=note))
        if floor is not None and floor.floor is not None:
            say(tr("  draws {sample_size} of {pool}; the year's plans under {code} together {number}, floor "
                   "{least} ({citation})", sample_size=floor.sample_size, pool=floor.pool, code=resolved.code,
                   number=floor.others + floor.sample_size, least=floor.least, citation=floor.citation))
        for p in problems:
            if p.file == plan.path.name:
                click.echo("  " + localised(p.text()))
    if problems:
        sys.exit(1)


@main.command(help=tr("Freeze the plan's rosters into its draw-v2 manifest and commit its hash to the ledger, before "
                      "any seed exists (draw-v1 §1). Publish the manifest file and the hash before the public input "
                      "is made; keep the private declarations file (the inspectors' interests and the secret of "
                      "their tags) unpublished. A plan under the profile's ratio floor (counted with the year's "
                      "plans committed before), or breaking its plan rules (ResolvedProfile.check_plan: a fixed count "
                      "of subjects, a checklist item without its 依据...), is refused; the profile names the "
                      "article of each."))
@PLAN
@STORE
@option("--manifest", "manifest_out", type=click.Path(dir_okay=False),
        help=tr("Where to write the manifest (default: PLAN_ID.manifest.json beside the plan file)."))
@option("--reason", help=tr("Why a plan committed before gets a new manifest (recorded and disclosed)."))
@option("--platform-task", help=tr("The platform's task number (任务编号) the plan is to be drawn under, where "
                                   "it is drawn on the platform (docs/platforms.md): recorded with the commit "
                                   "and shown on the pre-draw notice; an import of another task needs --reason."))
@DECLARATIONS
@ACTOR
@AT
@profile_sources
@FORMAT
def commit(plan_path: str, store_url: str, manifest_out: str | None, reason: str | None, platform_task: str | None,
           declarations_out: str | None, actor_path: str, at: str | None, folders: tuple[str, ...],
           blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    _refuse_legacy(plan)
    registry = registry_for(folders, blocked)
    actor, signer = load_actor(actor_path)
    rosters = _rosters(plan)
    path = _writable(_manifest_path(plan, manifest_out))
    private = _writable(_declarations_path(plan, path, declarations_out))
    resolved = plan.profile(registry)
    with _store(store_url, resolved, write=True) as store:
        done = commit_plan_file(store, plan, registry, rosters, actor=actor, signer=signer, at=_now(at),
                                manifest_path=path, private_path=private, reason=reason, platform_task=platform_task)
    manifest, entry, posted = done.manifest, done.entry, done.notice
    spec = manifest.public_input_spec
    assert spec is not None  # a draw-v2 plan file, checked above
    if fmt == "json":
        echo_json({"plan_id": plan.plan_id, "manifest_hash": manifest.hash, "manifest": str(path),
                   "declarations": str(private), "ledger_entry": entry.seq, "subjects": len(manifest.subjects),
                   "inspectors": len(manifest.inspectors), "checklist": len(manifest.checklist),
                   "public_input": spec.to_json(), "notice": [str(p) for p in posted],
                   "ledger_head": str(done.ledger_head)})
    else:
        say(tr("committed plan {plan_id}: manifest hash {hash} (ledger entry {seq})", plan_id=plan.plan_id,
               hash=manifest.hash, seq=entry.seq))
        say(tr("  manifest written to {path}: {subjects_count} subjects, {inspectors_count} inspectors, "
               "{checklist_count} items", path=path, subjects_count=len(manifest.subjects),
               inspectors_count=len(manifest.inspectors), checklist_count=len(manifest.checklist)))
        say(tr("  interest declarations kept in {private} (private: never publish it)", private=private))
        say(tr("  public input: {source}, produced at {produced_at}", source=spec.source,
               produced_at=spec.produced_at))
        say(tr("  to be given as: {describe}", describe=spec.describe()))
        say(tr("  pre-draw notice to post before the dice: {posted} (and {name}); ledger head {ledger_head}",
               posted=posted[1], name=posted[0].name, ledger_head=done.ledger_head))


@main.command("draw", help=tr("Draw the plan's committed manifest with PUBLIC_INPUT (the dice, the lottery "
                              "numbers...) and record the draw in the ledger; the draw is verified before it is "
                              "recorded."))
@PLAN
@click.argument("public_input")
@STORE
@MANIFEST
@option("--out", type=click.Path(dir_okay=False),
        help=tr("Where to write the draw (default: PLAN_ID.draw.json beside the manifest)."))
@option("--reason", help=tr("Why the plan is drawn again (a redraw is recorded and disclosed)."))
@DECLARATIONS
@ACTOR
@AT
@profile_sources
@FORMAT
def draw_command(plan_path: str, public_input: str, store_url: str, manifest_path: str | None, out: str | None,
                 reason: str | None, declarations_out: str | None, actor_path: str, at: str | None,
                 folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    actor, signer = load_actor(actor_path)
    path_in = _manifest_path(plan, manifest_path)
    with progress("drawing", 3) as update:
        manifest = _manifest(path_in)
        path = _writable(Path(out) if out else path_in.with_name(f"{plan_file_stem(manifest.plan_id)}.draw.json"))
        update(1, 3)
        resolved = plan.profile(registry_for(folders, blocked))
        with _store(store_url, profile=resolved, write=True) as store:
            result, entry = draw_plan_file(store, plan, resolved, manifest, public_input, actor=actor, signer=signer,
                                           at=_now(at), reason=reason,
                                           private_path=_declarations_path(plan, path_in, declarations_out))
        update(3, 3)
    _write_json(path, result.to_json())
    leaders = team_leaders(resolved, result.teams)  # 组长: the first listed, where the profile has one (draw-v1 §7)
    teams = dict(result.teams)
    names = _names(plan).only(result.subjects, {p for team in teams.values() for p in team})
    if fmt == "json":
        echo_json({"draw": result.to_json(), "file": str(path), "ledger_entry": entry.seq, "leaders": leaders,
                   "names": names.to_json()})
        return
    say(tr("drew plan {plan_id}: seed {seed} (ledger entry {seq}); written to {path}", plan_id=manifest.plan_id,
           seed=result.seed, seq=entry.seq, path=path))
    items = dict(result.items)
    def member(s: str, p: str) -> str:
        return names.with_inspector(p) + ("（组长）" if p == leaders.get(s) else "")
    click.echo(table([headings(tr("subject"), tr("name"), tr("team"), tr("items")),
                      *[[s, names.subject(s), "、".join(member(s, p) for p in teams[s]), ", ".join(items.get(s, ()))]
                        for s in result.subjects]]))


def _names(plan: PlanFile) -> RosterNames:
    """The names of the plan's subject and inspector rosters, to show beside the codes (docs/cli.md)."""
    with progress("reading the names in the rosters"):
        return read_roster_names(plan.roster_paths, department=plan.roster_department, encoding=plan.roster_encoding)


@main.command("verify", help=tr("Re-run a published draw from its manifest: exit 0 if it is the same draw, 1 if not "
                                "(naming the first field that differs)."))
@click.argument("manifest_path", metavar="MANIFEST", type=click.Path(dir_okay=False, exists=True))
@click.argument("draw_path", metavar="DRAW", type=click.Path(dir_okay=False, exists=True))
@FORMAT
def verify_command(manifest_path: str, draw_path: str, fmt: str) -> None:
    manifest = _published_manifest(manifest_path)
    with collector_paused():  # a list per drawn subject, none in a cycle: the collector need not walk them
        claimed = _read_json(draw_path, "draw")
    if not isinstance(claimed, dict):
        raise InvalidInputError(tr("the draw is a JSON {name}, not an object",
                                   name=type(claimed).__name__), where=draw_path,
                                fix=tr("give the draw file as it was written (STEM.draw.json or the published "
                                       "draw.json)"))
    problem = verify(manifest, claimed)
    if fmt == "json":
        echo_json({"plan_id": manifest.plan_id, "manifest_hash": manifest.hash, "same": problem is None,
                   "first_difference": problem})
    elif problem is None:
        say(tr("the same draw: plan {plan_id}, manifest {hash}, seed {seed}", plan_id=manifest.plan_id,
               hash=manifest.hash, seed=claimed.get("seed")))
    else:
        say(tr("NOT the same draw: {problem} differs", problem=problem))
    if problem is not None:
        sys.exit(1)


@main.command(help=tr("Record the inspections of a results file (CSV or XLSX: 统一社会信用代码, 检查开始, 检查结束, "
                      "检查结果, 处理结果, step days...) for the plan's draw in force; every bad row is reported; "
                      "exit 1 if any."))
@PLAN
@click.argument("results_path", metavar="RESULTS", type=click.Path(dir_okay=False, exists=True))
@STORE
@option("--strict", is_flag=True, help=tr("Record nothing if any row has a problem."))
@option("--as", "actor_path", required=True, type=click.Path(exists=True),
        help=tr("An actor file, or a folder of actor files: each row is recorded by an actor of the folder who "
                "was on its team (谁检查、谁录入), else by the first, whose refusal is then recorded."))
@AT
@profile_sources
@FORMAT
def record(plan_path: str, results_path: str, store_url: str, strict: bool, actor_path: str, at: str | None,
           folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    resolved = plan.profile(registry_for(folders, blocked))
    actors = load_actors(actor_path)
    with _store(store_url, profile=resolved, write=True) as store:
        got = read_plan_results(store, plan, resolved, results_path, where=mask_url(store_url))
        done = record_results(store, () if strict and got.problems else got.records, actors, at=_now(at))
    if fmt == "json":
        echo_json({"recorded": list(done.recorded), "unchanged": list(done.unchanged),
                   "ledger_entries": list(done.entries), "refused": [x.to_json() for x in done.refused],
                   "problems": [p.to_json() for p in got.problems]})
    else:
        say(tr("{source}: {entries_count} inspections recorded, {unchanged_count} unchanged, {problems_count} "
               "problems, {refused_count} refused", source=got.source, entries_count=len(done.entries),
               unchanged_count=len(done.unchanged), problems_count=len(got.problems), refused_count=len(done.refused)))
        for p in got.problems:
            click.echo("  " + localised(p.text()))
        for x in done.refused:
            say(tr("  {subject}: refused to {actor}: {problem}", subject=x.subject, actor=x.actor, problem=x.problem))
    if got.problems or done.refused:
        sys.exit(1)


@main.command(help=tr("Record INSPECTOR's recusal (回避) from SUBJECT of the plan's draw in force: the draw picks "
                      "the replacement (or the swap), the ledger records it, and the draw in force has it from then "
                      "on. Where the profile lets the inspector declare it, an inspector declares only their own."))
@PLAN
@click.argument("subject")
@click.argument("inspector")
@option("--method", type=click.Choice(["replace", "swap"]),
        help=tr("replace (不参与本次执法检查): the draw picks a replacement; swap (交换被检查对象): it picks a "
                "member of another team or, in a draw-v3 plan, an expert of the committed roster (draw-v1 §7a, "
                "draw-v3 §3). A draw-v3 plan fixed the way before the dice ([recusal] way): it is taken from "
                "the manifest, and another is refused; required for an older plan."))
@option("--reason", type=click.Choice(RECUSAL_REASONS), required=True,
        help=tr("The reason's category: the one word published."))
@option("--details", help=tr("The circumstances, in words: kept in the ledger, never published."))
@MANIFEST
@STORE
@ACTOR
@AT
@profile_sources
@FORMAT
def recuse(plan_path: str, subject: str, inspector: str, method: str | None, reason: str, details: str | None,
           manifest_path: str | None, store_url: str, actor_path: str, at: str | None, folders: tuple[str, ...],
           blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    actor, signer = load_actor(actor_path)
    manifest = _manifest(_manifest_path(plan, manifest_path))
    if method is None:
        if manifest.recusal_way is None:
            raise InvalidInputError(tr("no --method given"), where="--method",
                                    fix=tr("give --method replace or --method swap (the plan fixed no way before "
                                           "the dice)"))
        method = manifest.recusal_way
    resolved = plan.profile(registry_for(folders, blocked))
    with _store(store_url, profile=resolved, write=True) as store:
        done = record_plan_recusal(store, plan, resolved, manifest,
                                   Recusal(subject, inspector, method, reason),  # type: ignore[arg-type]
                                   details=details, actor=actor, signer=signer, at=_now(at))
    entry, team = done.entry, done.team
    p = entry.payload
    if fmt == "json":
        echo_json({"plan_id": plan.plan_id, "ledger_entry": entry.seq, "subject": subject, "inspector": inspector,
                   "method": method, "reason": reason, "replacement": p["replacement"],
                   "with_subject": p["with_subject"], "team": list(team)})
        return
    how = (f"{p['replacement']} takes the place" if method == "replace"
           else f"swapped with expert {p['replacement']}" if p["with_subject"] is None
           else f"swapped with {p['replacement']} of {p['with_subject']}")
    say(tr("recusal of {inspector} from {subject} recorded (ledger entry {seq}): {how}; team in force: {team}",
           inspector=inspector, subject=subject, seq=entry.seq, how=how, team='、'.join(team)))


@main.command(help=tr("Use the next reserve subject of SUBJECT's stratum (draw-v1 §6 order) in SUBJECT's place; it "
                      "takes the place's team and items."))
@PLAN
@click.argument("subject")
@option("--reason", required=True, help=tr("Why the subject cannot be inspected (注销, 停业...): recorded."))
@MANIFEST
@STORE
@ACTOR
@AT
@profile_sources
@FORMAT
def reserve(plan_path: str, subject: str, reason: str, manifest_path: str | None, store_url: str, actor_path: str,
            at: str | None, folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    actor, signer = load_actor(actor_path)
    manifest = _manifest(_manifest_path(plan, manifest_path))
    resolved = plan.profile(registry_for(folders, blocked))
    with _store(store_url, profile=resolved, write=True) as store:
        done = use_plan_reserve(store, plan, resolved, manifest, subject, reason, actor=actor, signer=signer,
                                at=_now(at))
    entry, team, left, stratum = done.entry, done.team, [done.subject], done.stratum
    if fmt == "json":
        echo_json({"plan_id": plan.plan_id, "ledger_entry": entry.seq, "replaced": subject, "reserve": left[0],
                   "stratum": stratum, "team": list(team)})
        return
    say(tr("reserve {left} takes the place of {subject} (stratum {stratum}, ledger entry {seq}); team: {team}",
           left=left[0], subject=subject, stratum=stratum, seq=entry.seq, team='、'.join(team)))


@main.command("obligations", help=tr("The duties the plan's recorded inspections started (feedback, publication, "
                                     "hand-over, transfer, the follow-up of a problem found, ...), each with who "
                                     "owes it (the department, or the office the profile's actor rule names), its "
                                     "due date, status and article, under the rules in force on each inspection's "
                                     "day (workflow.obligations_day) and the periods of the plan file's [periods] "
                                     "table. Where two limits govern one act, each deadline is shown and the earlier "
                                     "binds."))
@PLAN
@STORE
@option("--on", "on", type=DAY, required=True,
        help=tr("The day the status is taken at (end of day)."))
@option("--overdue", "only_overdue", is_flag=True,
        help=tr("Only the obligations overdue on that day; exit status 1 when one is overdue on a firm due "
                "date (one resting on an estimated holiday schedule, marked (暂估), does not count)."))
@option("--department", help=tr("Only those this department owes."))
@option("--cut-off", "cut_offs", multiple=True, metavar="KEY=HH:MM",
        help=tr("Where a duty's act is done during business hours, the time business stops (repeatable, by "
                "obligation key, e.g. feedback=17:30; 民法典 第二百零三条第二款). Needs --hours-source."))
@option("--hours-source", help=tr("Where the business hours come from, as 'DOCUMENT ARTICLE'."))
@SCHEDULE
@profile_sources
@FORMAT
def list_obligations(plan_path: str, store_url: str, on: dt.datetime, only_overdue: bool, department: str | None,
                     cut_offs: tuple[str, ...], hours_source: str | None, schedules: tuple[str, ...],
                     folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    hours = cut_offs_of(cut_offs, hours_source)
    plan = load_plan_file(plan_path)
    registry = registry_for(folders, blocked)
    calendar = calendar_for(schedules, strict=False)
    resolved = plan.profile(registry)
    day = on.date()
    with _store(store_url) as store:
        chosen = plan_obligations_on(store, plan, resolved, registry, calendar, day, only_overdue=only_overdue,
                                     department=department, cut_offs=hours)
    names = _names(plan).only(o.subject for o in chosen)
    rows = obligation_json(chosen, day, names.subject)
    if fmt == "json":
        echo_json(rows)
    else:
        say(tr("{count} obligations of plan {plan_id} overdue on {day}", count=len(rows), plan_id=plan.plan_id,
               day=day.isoformat()) if only_overdue else
            tr("{count} obligations of plan {plan_id} on {day}", count=len(rows), plan_id=plan.plan_id,
               day=day.isoformat()))
        lines = [[o.subject, names.subject(o.subject), o.title,
                  o.owed_by + (f"→{o.counterpart}" if o.counterpart else ""),
                  _due_text(o), o.status(day).value, o.citation.short()] for o in chosen]
        click.echo(table([headings(tr("subject"), tr("name"), tr("duty"), tr("department"), tr("due"), tr("status"),
                                   tr("source")), *lines]))
    estimated = sum(1 for o in chosen if o.provisional and o.status(day) is Status.OVERDUE)
    if estimated:
        say(tr("{count} of them are overdue only under an estimated holiday schedule (暂估): they do not make the "
               "exit status 1", count=estimated), err=fmt == "json")
    if only_overdue and len(chosen) > estimated:
        sys.exit(1)


def cut_offs_of(given: tuple[str, ...], hours_source: str | None) -> dict[str, CutOff]:
    """``KEY=HH:MM`` options as cut-offs by obligation key, citing ``hours_source``."""
    if not given and hours_source is None:
        return {}
    if not given or hours_source is None:
        raise InvalidInputError(tr("a cut-off needs both its time and where the hours come from"),
                                where=tr("command {name}", name="obligations"),
                                fix=tr("give --cut-off KEY=HH:MM and --hours-source 'DOCUMENT ARTICLE' together"))
    source = citation_of(hours_source, "--hours-source")
    out: dict[str, CutOff] = {}
    for text in given:
        key, _, time = text.partition("=")
        try:
            out[key.strip()] = CutOff(dt.datetime.strptime(time.strip(), "%H:%M").time(), source)
        except ValueError:
            raise InvalidInputError(tr("--cut-off {text!r} is not KEY=HH:MM", text=text),
                                    where=tr("command {name}", name="obligations"),
                                    fix=tr("give the obligation key and the time, e.g. --cut-off "
                                           "feedback=17:30")) from None
    return out


def _due_text(o: Obligation) -> str:
    """The due date, its cut-off where one applies, and, where several limits govern the act, each of them."""
    if o.due is None:
        return "—"
    text = o.due.isoformat() + (" (暂估)" if o.provisional else "")
    if o.deadline is not None and o.deadline.due == o.due and o.deadline.cut_off is not None:
        text += f" {o.deadline.cut_off.label}"
    if len(o.deadlines) > 1:
        text += " (earliest of " + ", ".join(
            f"{d.due.isoformat()} {d.citation.short() if d.citation else d.period.label}" for d in o.deadlines) + ")"
    return text


@main.group(help=tr("The store's hash-chained ledger."))
def ledger() -> None:
    pass


ADMIN = option("--as", "actor_path", required=True, type=click.Path(exists=True, dir_okay=False),
               help=tr("The actor file of the store's administrator (系统管理员), with its key file."))


def _admin(actor_path: str) -> tuple[Any, Any]:
    return load_actor(actor_path)


@ledger.command("init", help=tr("Create a store: its first entry names the ledger's hash, that every entry is "
                                "signed, and its administrator (the actor of --as, a 系统管理员, and its public "
                                "key), signed by that administrator. Publish that public key: `ledger verify "
                                "--admin-key` checks the ledger against it."))
@STORE
@ADMIN
@option("--ledger-hash", type=click.Choice(["sha256", "sm3"]), default="sha256", show_default=True,
        help=tr("The hash of the ledger (SM3 for 国密 deployments); a store keeps it for good."))
@AT
@FORMAT
def ledger_init(store_url: str, actor_path: str, ledger_hash: str, at: str | None, fmt: str) -> None:
    administrator, signer = _admin(actor_path)
    file = _sqlite_file(store_url)
    if file is not None and file.exists():
        raise InvalidInputError(tr("{file} exists already", file=file), where="--store",
                                fix=tr("create a store in a new file; an older ledger gets a register with `ledger "
                                       "open-register`"))
    store = Store.create(store_url, administrator=administrator, signer=signer, hash_algorithm=ledger_hash,
                         at=_now(at))
    try:
        head = store.ledger_head()
    finally:
        store.close()
    if fmt == "json":
        echo_json({"store": mask_url(store_url), "administrator": administrator.id, "algorithm": signer.algorithm,
                   "public_key": signer.public_key, "ledger_hash": ledger_hash, "head": str(head)})
    else:
        say(tr("created {mask_url} ({ledger_hash}), administrator {id}, public key {public_key} (publish it: "
               "ledger verify --admin-key checks it); head {head}", mask_url=mask_url(store_url),
               ledger_hash=ledger_hash, id=administrator.id, public_key=signer.public_key, head=head))


@ledger.command("open-register", help=tr("Give a store made by an earlier version a key register in its chain: an "
                                         "entry, signed by the administrator (--as), that names it and says every "
                                         "entry from it on is signed."))
@STORE
@ADMIN
@AT
@FORMAT
def ledger_open_register(store_url: str, actor_path: str, at: str | None, fmt: str) -> None:
    administrator, signer = _admin(actor_path)
    with _store(store_url) as store:
        entry = store.open_register(administrator=administrator, signer=signer, at=_now(at))
    if fmt == "json":
        echo_json({"ledger_entry": entry.seq, "administrator": administrator.id, "public_key": signer.public_key})
    else:
        say(tr("opened the key register at ledger entry {seq}, administrator {id}, public key {public_key}",
               seq=entry.seq, id=administrator.id, public_key=signer.public_key))


@ledger.command("enrol", help=tr("Enrol the actors of the ACTOR_FILEs (or of every actor file of a folder: its id, "
                                 "name, role, department, and the public key keygen wrote beside it, the file with "
                                 ".pub) in the store's key register, each in an entry signed by the administrator "
                                 "(--as; its own file is skipped)."))
@click.argument("member_paths", metavar="ACTOR_FILE...", nargs=-1, required=True, type=click.Path(exists=True))
@STORE
@ADMIN
@AT
@FORMAT
def ledger_enrol(member_paths: tuple[str, ...], store_url: str, actor_path: str, at: str | None, fmt: str) -> None:
    administrator, signer = _admin(actor_path)
    files: list[Path] = []
    for given in map(Path, member_paths):
        files += sorted(p for p in given.glob("*.toml") if p.name != "keys.toml") if given.is_dir() else [given]
    members = [load_enrolment(f) for f in files]
    members = [m for m in members if m[0].id != administrator.id]
    done: list[dict[str, Any]] = []
    with _store(store_url, write=True) as store:
        for member, algorithm, public_key in members:
            entry = store.enrol(member, algorithm, public_key, actor=administrator, signer=signer, at=_now(at))
            done.append({"ledger_entry": entry.seq, "enrolled": member.id, "role": member.role.value,
                         "department": member.department, "algorithm": algorithm, "public_key": public_key})
    if fmt == "json":
        echo_json(done)
        return
    for d in done:
        say(tr("enrolled {actor} ({role}, {department}, {algorithm}) at ledger entry {seq}", actor=d["enrolled"],
               role=d["role"], department=d["department"], algorithm=d["algorithm"], seq=d["ledger_entry"]))


@ledger.command("revoke", help=tr("Revoke an actor's key in the store's key register, with the reason, signed by the "
                                  "administrator (--as): from the next entry on, that key signs nothing."))
@click.argument("actor_id", metavar="ACTOR_ID")
@option("--reason", required=True, help=tr("Why the key is revoked (recorded)."))
@STORE
@ADMIN
@AT
@FORMAT
def ledger_revoke(actor_id: str, reason: str, store_url: str, actor_path: str, at: str | None, fmt: str) -> None:
    administrator, signer = _admin(actor_path)
    with _store(store_url, write=True) as store:
        entry = store.revoke(actor_id, reason, actor=administrator, signer=signer, at=_now(at))
    if fmt == "json":
        echo_json({"ledger_entry": entry.seq, "revoked": actor_id})
    else:
        say(tr("revoked {actor_id}'s key at ledger entry {seq}", actor_id=actor_id, seq=entry.seq))


@ledger.command("keys", help=tr("List the key register the store's chain holds: each actor's id, name, role, "
                                "department and public key, the entry that enrolled it and, once revoked, the entry "
                                "that revoked it and why."))
@STORE
@option("--all", "everyone", is_flag=True, help=tr("Revoked keys too."))
@option("--toml", "as_toml", is_flag=True,
        help=tr("As a key ring file (keys.toml): an export of the chain's register, for other tools."))
@FORMAT
def ledger_keys(store_url: str, everyone: bool, as_toml: bool, fmt: str) -> None:
    with _store(store_url, readonly=True) as store:
        register = store.register()
    if register is None:
        raise InvalidInputError(tr("the store holds no key register in its ledger"), where="--store",
                                fix=tr("ledger init creates a store with one; ledger open-register gives an older "
                                       "one"))
    members = [m for m in register.members.values() if everyone or m.active]
    if as_toml:
        click.echo(keyring_toml({m.id: PublicKey(m.algorithm, m.public_key, role=m.role, department=m.department)
                                 for m in members if m.active}), nl=False)
    elif fmt == "json":
        echo_json({"administrator": register.administrator.id, "since": register.since,
                   "keys": [m.to_json() for m in members]})
    else:
        say(tr("key register from ledger entry {since}, administrator {id}", since=register.since,
               id=register.administrator.id))
        click.echo(table([headings(tr("id"), tr("name"), tr("role"), tr("department"), tr("algorithm"),
                                   tr("public key"), tr("enrolled"), tr("revoked")),
                          *[[m.id, m.name, m.role, m.department, m.algorithm, m.public_key[:16] + "…",
                             str(m.entry), "" if m.revoked is None else f"{m.revoked}: {m.reason}"]
                            for m in members]]))


@ledger.command("verify", help=tr("Check every entry of the ledger (read-only: a read-only copy or database role "
                                  "will do): its chain, its actors, the key register its chain holds and every "
                                  "signature against it, and a published head; exit 2 naming the first bad entry. "
                                  "Says how many entries are unsigned or were signed without a key to check, and "
                                  "exits 1 when any are, or when the ledger holds no key register (an older store's, "
                                  "or one rewritten unsigned)."))
@STORE
@option("--head", help=tr("A head published earlier, SEQ:HASH (or a plain entry hash): the ledger must still "
                          "hold it, unchanged."))
@option("--admin-key", help=tr("The administrator's public key as the bureau publishes it: the entry that "
                               "founds the key register must name it."))
@option("--keys", "keys_path", type=click.Path(dir_okay=False, exists=True),
        help=tr("A key ring file for signed entries made before the ledger held a key register (an older "
                "store's); entries under the register are checked against the register the chain holds."))
@option("--manifest", "manifest_paths", multiple=True, type=click.Path(dir_okay=False, exists=True),
        help=tr("A committed manifest (PLAN.manifest.json; repeatable): a draw made on a platform of it is "
                "re-checked against it (subjects, inspectors, items in it; its findings among those recorded)."))
@option("--progress/--no-progress", "show_progress", default=None,
        help=tr("Show how far the check has got on standard error (default: when standard error is a terminal)."))
@FORMAT
def ledger_verify(store_url: str, head: str | None, admin_key: str | None, keys_path: str | None,
                  manifest_paths: tuple[str, ...], show_progress: bool | None, fmt: str) -> None:
    keys = load_keyring(keys_path) if keys_path else None
    published: LedgerHead | str | None = head
    if head is not None and ":" in head:
        published = LedgerHead.parse(head)
    stderr = sys.stderr
    progress = Progress("verifying the ledger", stderr) if wanted(show_progress, stderr) else None
    with _store(store_url, readonly=True) as store:
        found = store.audit(head=published, keys=keys, admin_key=admin_key,
                            manifests=[_manifest(m) for m in manifest_paths], progress=progress)
        algorithm = store.hash_algorithm.name
    if progress is not None:
        progress.done(found.entries, found.entries)
    whole = found.every_signature_checked and found.register_from is not None
    if fmt == "json":
        echo_json({**found.to_json(), "hash": algorithm, "admin_key_checked": admin_key is not None,
                   "head_checked": head is not None, "verified": True, "complete": whole})
        if not whole:
            sys.exit(1)
        return
    signed: str
    if found.every_signature_checked:
        signed = tr(", every signature checked")
        if found.register_from is not None:
            signed = tr(", every signature checked against the key register the chain holds from entry {seq}",
                        seq=found.register_from)
    else:
        parts: list[str] = []
        if found.unsigned:
            parts.append(tr("{count} entries carry no signature (made before the store signed)",
                            count=found.unsigned))
        if found.signatures_unchecked:
            parts.append(tr("{count} signed entries had no key to check them against (give --keys)",
                            count=found.signatures_unchecked))
        signed = tr(", {count} signatures checked; NOT every signature: {parts}", count=found.signatures_checked,
                    parts=join("; ", parts))
    say(tr("the ledger verifies: {entries} entries ({algorithm}{signed}), head {head}", entries=found.entries,
           algorithm=algorithm, signed=signed, head=found.head))
    if found.register_from is None:
        say(tr("warning: the ledger holds no key register (no store_created or register_opened entry): who may "
               "sign is not fixed in it"), err=True)
    elif admin_key is None:
        say(tr("note: the administrator the ledger names is {value}; check its public key with --admin-key "
               "against the one the bureau published",
               value=found.administrator and found.administrator['id']), err=True)
    if not whole:
        sys.exit(1)  # the chain holds, but not every entry was checked against a register: say so in the exit code


@ledger.command("publish", help=tr("Write the public ledger listing: every entry of the ledger in order (a plan "
                                   "committed and never drawn among them), the content of the entries public by "
                                   "rule, the hashes of the others, and the head. Read-only."))
@STORE
@option("--out", "out", required=True, type=click.Path(dir_okay=False),
        help=tr("The listing's file (JSON) to post: every entry, the public ones with their content."))
@FORMAT
def ledger_publish(store_url: str, out: str, fmt: str) -> None:
    path = _writable(Path(out))
    with _store(store_url, readonly=True) as store:
        store.verify()  # never post a listing of a broken ledger
        listing = public_listing(store.entries(), store.hash_algorithm)
    write_bytes_atomic(path, canonical_json(listing.to_json()))
    withheld = sum(1 for e in listing.entries if e.withheld == PERSONAL_DATA)
    if fmt == "json":
        echo_json({"listing": str(path), "entries": len(listing.entries), "head": str(listing.head),
                   "withheld_personal_data": withheld, "plans": listing.plans()})
        return
    say(tr("listing of {entries_count} entries written to {path}; head {head}", entries_count=len(listing.entries),
           path=path, head=listing.head))
    never = [p for p, kinds in listing.plans().items() if not {"draw_executed", "external_draw"} & set(kinds)]
    if never:
        say(tr("  plans committed and not drawn: {never}", never=', '.join(never)))
    if withheld:
        say(tr("  {withheld} entries' content withheld: it holds personal data (the entries are listed)",
               withheld=withheld))


@ledger.command("check-listing", help=tr("Check a published ledger listing as any citizen can, without the store: "
                                         "the numbers, the links, every public entry's content against its hash and "
                                         "its signature against the listing's key register, and the heads published "
                                         "earlier; exit 2 naming the first bad entry."))
@click.argument("listing_path", metavar="LISTING", type=click.Path(dir_okay=False, exists=True))
@option("--head", "heads", multiple=True,
        help=tr("A head published earlier (SEQ:HASH, as a notice or a disclosure carries it); repeatable."))
@FORMAT
def ledger_check_listing(listing_path: str, heads: tuple[str, ...], fmt: str) -> None:
    listing = PublicListing.from_json(_read_json(listing_path, "ledger listing"))
    count = check_listing(listing, [LedgerHead.parse(h) for h in heads])
    if fmt == "json":
        echo_json({"entries": count, "head": str(listing.head), "heads_checked": list(heads),
                   "plans": listing.plans(), "verified": True})
        return
    say(tr("the listing holds: {count} entries, head {head}; every published head ({heads}) is in it", count=count,
           head=listing.head, heads=len(heads)) if heads else
        tr("the listing holds: {count} entries, head {head}", count=count, head=listing.head))
    never = [p for p, kinds in listing.plans().items() if not {"draw_executed", "external_draw"} & set(kinds)]
    if never:
        say(tr("  plans committed and not drawn: {never}", never=', '.join(never)))


@ledger.command("show", help=tr("List the ledger's entries."))
@STORE
@option("--plan", "plan_id", help=tr("Only this plan's entries."))
@FORMAT
def ledger_show(store_url: str, plan_id: str | None, fmt: str) -> None:
    with _store(store_url, readonly=True) as store:
        entries = store.entries(plan_id=plan_id)
    if fmt == "json":
        echo_json([{"seq": e.seq, "kind": e.kind.value, "plan_id": e.plan_id, "actor": e.actor, "at": e.at,
                    "hash": e.entry_hash, "algorithm": e.algorithm, "signature": e.signature, "payload": e.payload}
                   for e in entries])
        return
    click.echo(table([headings(tr("seq"), tr("kind"), tr("plan"), tr("actor"), tr("at"), tr("hash")),
                      *[[str(e.seq), e.kind.value, e.plan_id or "", (e.actor or {}).get("id", ""), e.at or "",
                         e.entry_hash[:16]] for e in entries]]))
