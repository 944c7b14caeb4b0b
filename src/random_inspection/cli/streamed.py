"""The streamed draw over snapshot files, for a registry too large to hold (docs/scale.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from random_inspection.cli._base import FORMAT, echo_json, main, option, say
from random_inspection.io.atomic import write_text_atomic
from random_inspection.io.filenames import plan_file_stem
from random_inspection.io.snapshot import RUN_ROWS, draw_snapshot, load_head, snapshot_hash
from random_inspection.messages import tr


@main.command("draw-streamed", help=tr("Hash, or draw, the manifest HEAD (a manifest with \"subjects\": []) with the "
                                       "subjects of the SUBJECTS files (JSON Lines of draw-v1 §3 subject objects) in "
                                       "two passes over them, holding only the sample."))
@click.argument("head_path", metavar="HEAD", type=click.Path(dir_okay=False, exists=True))
@click.argument("files", metavar="SUBJECTS...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, exists=True))
@option("--public-input", help=tr("The public input that fixes the seed; without it, only the manifest hash "
                                  "(one pass) is given, to publish before the input exists."))
@option("--out", type=click.Path(dir_okay=False), help=tr("Where to write the result (default: "
                                                          "PLAN_ID.draw.json beside HEAD)."))
@option("--temp-dir", type=click.Path(file_okay=False, exists=True),
        help=tr("Where to sort files whose rows are not in id order (default: the system's temporary folder)."))
@option("--run-rows", type=click.IntRange(min=1000), default=RUN_ROWS, show_default=True,
        help=tr("Rows per sorted run of that sort: its memory (about 400 bytes a row)."))
@option("--checkers", type=click.IntRange(min=0),
        help=tr("Processes that check and hash rows beside the one reading the files (default: 1 where the "
                "machine has more than one core, else 0); they change the time, never the result."))
@FORMAT
def draw_streamed_command(head_path: str, files: tuple[str, ...], public_input: str | None, out: str | None,
                          temp_dir: str | None, run_rows: int, checkers: int | None, fmt: str) -> None:
    head = load_head(head_path)
    if checkers is None:
        checkers = 1 if (os.cpu_count() or 1) > 1 else 0
    if public_input is None:
        digest = snapshot_hash(head, files, temp_dir=temp_dir, run_rows=run_rows, checkers=checkers)
        if fmt == "json":
            echo_json({"plan_id": head.plan_id, "manifest_hash": digest})
        else:
            say(tr("plan {plan_id}: manifest hash {digest} (publish it before the public input exists)",
                   plan_id=head.plan_id, digest=digest))
        return
    result = draw_snapshot(head, files, public_input, temp_dir=temp_dir, run_rows=run_rows, checkers=checkers)
    path = Path(out) if out else Path(head_path).with_name(f"{plan_file_stem(head.plan_id)}.draw.json")
    write_text_atomic(path, json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n")
    if fmt == "json":
        echo_json({"plan_id": head.plan_id, "manifest_hash": result.manifest_hash, "seed": result.seed,
                   "drawn": len(result.subjects), "file": str(path)})
    else:
        say(tr("drew plan {plan_id}: manifest hash {manifest_hash}, seed {seed}, {subjects_count} subjects; "
               "written to {path}", plan_id=head.plan_id, manifest_hash=result.manifest_hash, seed=result.seed,
               subjects_count=len(result.subjects), path=path))
