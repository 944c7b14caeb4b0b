"""The export command: a plan's forms, draw results, reports and disclosure, from its plan file, rosters,
manifest and the store."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import click

from random_inspection.cli._base import (
    DAY,
    FORMAT,
    calendar_for,
    echo_json,
    main,
    option,
    profile_sources,
    registry_for,
    say,
)
from random_inspection.cli.plans import (
    AT,
    PLAN,
    STORE,
    _manifest,
    _manifest_path,
    _now,
    _rosters,
    _store,
)
from random_inspection.io import disclosure_labels, export_plan, plan_charts
from random_inspection.io.actorfile import load_actor
from random_inspection.io.atomic import copy_file_atomic
from random_inspection.io.plan_obligations import plan_obligations_on
from random_inspection.io.plan_publication import plan_publication
from random_inspection.io.planfile import load_plan_file
from random_inspection.io.site import build_site, write_files
from random_inspection.io.site_context import Publication, issuing_office
from random_inspection.io.verifier_page import write_verifier
from random_inspection.messages import tr
from random_inspection.store import mask_url


@main.command("export", help=tr("Write everything of a plan into OUT: forms/ (the forms the profile files, under their "
                                "own titles; filed, with personal data), draw/ (the draw's tables, CSV and XLSX), "
                                "reports/ (the profile's report tables, CSV and XLSX) and public/ (the disclosure as "
                                "JSON and as a static HTML page, the manifest and the draw: for publication) and the "
                                "plan's page on its bureau's publication site (--site), with the index of the "
                                "bureau's plans. Every file but the filed forms passes the personal-data filter "
                                "first: a phone or ID number, or a home address in a reason or opinion, refuses the "
                                "export, naming the field, and nothing is written."))
@PLAN
@STORE
@option("--manifest", "manifest_path", type=click.Path(dir_okay=False, exists=True),
        help=tr("The plan's manifest (default: PLAN_ID.manifest.json beside the plan file)."))
@option("--out", "out", type=click.Path(file_okay=False), required=True, help=tr("The folder to write into."))
@option("--manifest-url", help=tr("Where the manifest is published, for the disclosure page."))
@option("--as", "actor_path", type=click.Path(dir_okay=False, exists=True),
        help=tr("Who publishes: with an actor file, the disclosure's publication is recorded in the ledger (by "
                "its hash), signed; the profile says who may (e.g. 谁检查、谁公开)."))
@option("--withhold", "withheld", multiple=True, metavar="FIELD",
        help=tr("A free-text field of the disclosure (as a refusal names it, e.g. redraws[0].reason) holding "
                "personal data recorded before reasons were checked: published as withheld, and listed. Any "
                "other field is refused."))
@option("--site", "site", type=click.Path(file_okay=False),
        help=tr("The publication site the plan is published on (default: OUT/site): SITE/<bureau>/index.html "
                "lists the bureau's plans, newest first, SITE/<bureau>/<plan>/index.html is the plan's page."))
@option("--on", "on", type=DAY, help=tr("The publication day the site shows (default: the day of --at, or "
                                        "today)."))
@option("--templates", "templates", type=click.Path(file_okay=False, exists=True),
        help=tr("A folder of templates for the site: base.html, index.html, plan.html, table.html or style.css "
                "there replaces the built-in one (docs/exports.md lists what each receives)."))
@option("--office", "office",
        help=tr("The issuing office the site shows, when neither the plan's departments nor the profile name "
                "it."))
@AT
@profile_sources
@FORMAT
def export(plan_path: str, store_url: str, manifest_path: str | None, out: str, manifest_url: str | None,
           actor_path: str | None, withheld: tuple[str, ...], site: str | None, on: dt.datetime | None,
           templates: str | None, office: str | None, at: str | None, folders: tuple[str, ...],
           blocked: tuple[str, ...], fmt: str) -> None:
    plan = load_plan_file(plan_path)
    registry = registry_for(folders, blocked)
    resolved = plan.profile(registry)
    manifest = _manifest(_manifest_path(plan, manifest_path))
    rosters = _rosters(plan)
    day = on.date() if on is not None else dt.datetime.fromisoformat(_now(at)).date()
    with _store(store_url) as store:
        found = plan_publication(store, plan, resolved, manifest, rosters, where=mask_url(store_url))
        # The duties the recorded inspections started, charted on the page and in the reports as of the day.
        duties = plan_obligations_on(store, plan, resolved, registry, calendar_for((), strict=False), day)
    export_data = found.export
    entry = None
    # Written aside first: a refused publication leaves nothing in OUT that looks published.
    with tempfile.TemporaryDirectory(prefix="random-inspection-export-") as staging:
        staged = export_plan(staging, export_data, manifest_url=manifest_url, redraws=found.redraws,
                             withheld=withheld, commits=found.commits, ledger_head=found.ledger_head,
                             reserves_used=found.reserves_used, external=found.external, duties=duties, on=day,
                             deadline_departures=found.deadline_departures)
        public = json.loads((Path(staging) / "public" / "disclosure.json").read_text(encoding="utf-8"))
        named, basis = issuing_office(export_data, office)
        site_files = build_site(Path(site) if site is not None else Path(out) / "site", export_data, public,
                                Publication(on=day, office=named, basis=basis),
                                labels=disclosure_labels(export_data), templates=templates,
                                charts=plan_charts(export_data, duties=duties, on=day))
        if actor_path is not None:
            actor, signer = load_actor(actor_path)
            with _store(store_url, profile=resolved, write=True) as store:
                entry = store.record_publication(plan.plan_id, public, actor=actor, signer=signer, at=_now(at)).seq
        shutil.copytree(staging, out, dirs_exist_ok=True, copy_function=copy_file_atomic)  # each file whole
    written = {k: [Path(out) / Path(p).relative_to(staging) for p in v] for k, v in staged.items()}
    written["site"] = write_files(site_files)
    if fmt == "json":
        echo_json({**{k: [str(p) for p in v] for k, v in written.items()}, "publication_entry": entry})
        return
    if entry is not None:
        say(tr("publication recorded in the ledger (entry {entry})", entry=entry))
    for part, paths in written.items():
        note = "  (for publication)" if part in ("public", "site") else "  (filed: may hold personal data)" \
            if part == "forms" else ""
        click.echo(f"{part}/{note}")
        for p in paths:
            click.echo(f"  {Path(p)}")


@main.command("verifier", help=tr("Write the draw verifier that runs in the browser to OUT (a file, or "
                                  "OUT/verify.html when OUT is a folder): one self-contained page, no network, that "
                                  "reads a published manifest.json and draw.json (draw-v1, v2, v3; SHA-256 or SM3), "
                                  "re-runs the draw and says in Chinese whether it is the manifest's, and where it "
                                  "differs. `export` publishes it beside the disclosure page."))
@click.argument("out", type=click.Path())
def verifier(out: str) -> None:
    click.echo(str(write_verifier(out)))
