"""The export command: a plan's forms, draw results, reports and disclosure, from its plan file, rosters,
manifest and the store."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import click

from random_inspection.cli._base import FORMAT, echo_json, main, profile_sources, registry_for, say
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
from random_inspection.io import export_plan
from random_inspection.io.actorfile import load_actor
from random_inspection.io.atomic import copy_file_atomic
from random_inspection.io.plan_publication import plan_publication
from random_inspection.io.planfile import load_plan_file
from random_inspection.io.verifier_page import write_verifier
from random_inspection.messages import tr
from random_inspection.store import mask_url


@main.command("export")
@PLAN
@STORE
@click.option("--manifest", "manifest_path", type=click.Path(dir_okay=False, exists=True),
              help="The plan's manifest (default: PLAN_ID.manifest.json beside the plan file).")
@click.option("--out", "out", type=click.Path(file_okay=False), required=True, help="The folder to write into.")
@click.option("--manifest-url", help="Where the manifest is published, for the disclosure page.")
@click.option("--as", "actor_path", type=click.Path(dir_okay=False, exists=True),
              help="Who publishes: with an actor file, the disclosure's publication is recorded in the ledger "
                   "(by its hash), signed; the profile says who may (e.g. 谁检查、谁公开).")
@click.option("--withhold", "withheld", multiple=True, metavar="FIELD",
              help="A free-text field of the disclosure (as a refusal names it, e.g. redraws[0].reason) holding "
                   "personal data recorded before reasons were checked: published as withheld, and listed. Any "
                   "other field is refused.")
@AT
@profile_sources
@FORMAT
def export(plan_path: str, store_url: str, manifest_path: str | None, out: str, manifest_url: str | None,
           actor_path: str | None, withheld: tuple[str, ...], at: str | None, folders: tuple[str, ...],
           blocked: tuple[str, ...], fmt: str) -> None:
    """Write everything of a plan into OUT: forms/ (鹤壁 附件1–4, 冷水滩 备案表: as the profile files them; filed,
    with personal data), draw/ (the draw's tables, CSV and XLSX), reports/ (附件3's table, CSV and XLSX) and
    public/ (the disclosure as JSON and as a static HTML page, the manifest and the draw: for publication).
    Every file but the filed forms passes the personal-data filter first: a phone or ID number, or a home
    address in a reason or opinion, refuses the export, naming the field, and nothing is written."""
    plan = load_plan_file(plan_path)
    resolved = plan.profile(registry_for(folders, blocked))
    manifest = _manifest(_manifest_path(plan, manifest_path))
    rosters = _rosters(plan)
    with _store(store_url) as store:
        found = plan_publication(store, plan, resolved, manifest, rosters, where=mask_url(store_url))
    export_data = found.export
    entry = None
    # Written aside first: a refused publication leaves nothing in OUT that looks published.
    with tempfile.TemporaryDirectory(prefix="random-inspection-export-") as staging:
        staged = export_plan(staging, export_data, manifest_url=manifest_url, redraws=found.redraws,
                             withheld=withheld, commits=found.commits, ledger_head=found.ledger_head,
                             reserves_used=found.reserves_used, external=found.external)
        if actor_path is not None:
            actor, signer = load_actor(actor_path)
            public = json.loads((Path(staging) / "public" / "disclosure.json").read_text(encoding="utf-8"))
            with _store(store_url, profile=resolved, write=True) as store:
                entry = store.record_publication(plan.plan_id, public, actor=actor, signer=signer, at=_now(at)).seq
        shutil.copytree(staging, out, dirs_exist_ok=True, copy_function=copy_file_atomic)  # each file whole
    written = {k: [Path(out) / Path(p).relative_to(staging) for p in v] for k, v in staged.items()}
    if fmt == "json":
        echo_json({**{k: [str(p) for p in v] for k, v in written.items()}, "publication_entry": entry})
        return
    if entry is not None:
        say(tr("publication recorded in the ledger (entry {entry})", entry=entry))
    for part, paths in written.items():
        note = "  (for publication)" if part == "public" else "  (filed: may hold personal data)" \
            if part == "forms" else ""
        click.echo(f"{part}/{note}")
        for p in paths:
            click.echo(f"  {Path(p)}")


@main.command("verifier")
@click.argument("out", type=click.Path())
def verifier(out: str) -> None:
    """Write the draw verifier that runs in the browser to OUT (a file, or OUT/verify.html when OUT is a folder):
    one self-contained page, no network, that reads a published manifest.json and draw.json (draw-v1, v2, v3;
    SHA-256 or SM3), re-runs the draw and says in Chinese whether it is the manifest's, and where it differs.
    `export` publishes it beside the disclosure page."""
    click.echo(str(write_verifier(out)))
