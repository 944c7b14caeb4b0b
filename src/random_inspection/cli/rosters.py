"""Roster commands: write a template, validate a roster file."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from random_inspection.cli._base import (
    DAY,
    FORMAT,
    echo_json,
    localised,
    main,
    option,
    profile_sources,
    progress,
    registry_for,
    say,
)
from random_inspection.errors import IneligibleInspectorError, InvalidInputError
from random_inspection.io import RosterKind, TemplateVocabulary, import_roster, write_roster
from random_inspection.messages import tr
from random_inspection.workflow import profile_steps

KIND = click.Choice([k.value for k in RosterKind])
TEMPLATE_KIND = click.Choice([*(k.value for k in RosterKind), "results", "findings"])
NORMALISED_SHOWN = 20  # normalisations listed by `validate` in text (all of them in JSON)


@main.command(help=tr("Write an empty roster of KIND (subjects, inspectors, checklist) to PATH (.xlsx or .csv): the "
                      "header as the importer reads it and one example row. An .xlsx guides whoever fills it: a "
                      "drop-down list for every enumerated column (with --profile, that profile's own lists where it "
                      "closes one), a Chinese input hint per column, a filter and the header frozen. KIND results "
                      "writes a 检查结果登记表 for `record` (.xlsx), the result codes of the --profile's scheme as "
                      "检查结果's list; KIND findings a 检查发现登记表 for `step findings` (.xlsx with its hints and "
                      "lists, or a plain .csv), with --profile its checklist items as 事项编码's list. With --plan "
                      "and --store, a results or findings template is filled in for the plan's draw: a row per drawn "
                      "subject (findings: per drawn subject and checklist item), names beside codes. An existing "
                      "PATH is kept unless --force is given."))
@click.argument("kind", type=TEMPLATE_KIND)
@click.argument("path", type=click.Path(dir_okay=False))
@option("--force", is_flag=True, help=tr("Overwrite PATH if it exists (a filled roster is lost)."))
@option("--profile", help=tr("The profile whose closed vocabularies the lists offer (its domains, 工贸 "
                             "sectors, department codes)."))
@option("--as-of", "as_of", type=DAY, help=tr("The day the profile's rules are taken at (default: today)."))
@option("--plan", "plan_path", type=click.Path(exists=True, dir_okay=False),
        help=tr("For results and findings: the plan file whose draw fills the template in (with --store)."))
@option("--store", "store_url", help=tr("The store the plan was drawn in (with --plan)."))
@profile_sources
def template(kind: str, path: str, force: bool, profile: str | None, as_of: dt.datetime | None,
             plan_path: str | None, store_url: str | None, folders: tuple[str, ...], blocked: tuple[str, ...]) -> None:
    if Path(path).exists() and not force:
        raise InvalidInputError(tr("the file exists already; a template would replace what it holds"), where=path,
                                fix=tr("name another file, or add --force to overwrite it"))
    if plan_path is not None or store_url is not None:
        _drawn_template(kind, path, plan_path, store_url, profile, as_of, folders, blocked)
        return
    resolved = None
    if profile is not None:
        day = as_of.date() if as_of is not None else dt.date.today()
        resolved = registry_for(folders, blocked).resolve(profile, day)
    elif as_of is not None:
        raise InvalidInputError(tr("--as-of without --profile"), where=tr("command {name}", name="template"),
                                fix=tr("name the profile whose rules are taken on that day, or leave --as-of out"))
    if kind == "findings":
        from random_inspection.io.findings_template import FINDINGS_TITLE, FindingsGuide, write_findings_template

        guide = FindingsGuide.of(resolved) if resolved is not None else None
        say(tr("wrote {file} ({kind})", file=write_findings_template(path, guide), kind=FINDINGS_TITLE))
        return
    if kind == "results":
        from random_inspection.io.results_template import RESULTS_TITLE, write_results_template

        written = write_results_template(path, resolved.value("results.scheme") if resolved is not None else None,
                                         own_steps=profile_steps(resolved) if resolved is not None else ())
        say(tr("wrote {file} ({kind})", file=written, kind=RESULTS_TITLE))
        return
    vocabulary = TemplateVocabulary.of(resolved) if resolved is not None else None
    written = write_roster(path, kind, vocabulary=vocabulary)
    say(tr("wrote {file} ({kind})", file=written, kind=RosterKind(kind).label))


def _drawn_template(kind: str, path: str, plan_path: str | None, store_url: str | None, profile: str | None,
                    as_of: dt.datetime | None, folders: tuple[str, ...], blocked: tuple[str, ...]) -> None:
    """A results or findings template filled in for the plan's draw in force in the store."""
    if kind not in ("results", "findings") or plan_path is None or store_url is None:
        raise InvalidInputError(tr("--plan and --store fill in a results or findings template, and go together"),
                                where=tr("command {name}", name="template"),
                                fix=tr("give both, with KIND results or findings"))
    if profile is not None or as_of is not None:
        raise InvalidInputError(tr("--profile or --as-of with --plan: the plan names its profile and its days"),
                                where=tr("command {name}", name="template"), fix=tr("leave --profile and --as-of out"))
    from random_inspection.io.findings_prefill import drawn_rows
    from random_inspection.io.findings_template import FINDINGS_TITLE, write_findings_template
    from random_inspection.io.plan_steps import open_store
    from random_inspection.io.planfile import load_plan_file
    from random_inspection.io.results_template import RESULTS_TITLE, write_results_template

    plan = load_plan_file(plan_path)
    resolved = plan.profile(registry_for(folders, blocked))
    with open_store(store_url, profile=resolved, readonly=True) as store:
        drawn = drawn_rows(store, plan, resolved)
    if kind == "findings":
        written, title, rows = write_findings_template(path, drawn.guide), FINDINGS_TITLE, len(drawn.guide.rows)
    else:
        written = write_results_template(path, resolved.value("results.scheme", None), drawn.subjects,
                                         own_steps=profile_steps(resolved))
        title, rows = RESULTS_TITLE, len(drawn.subjects)
    say(tr("wrote {file} ({kind}) for plan {plan_id}: {rows} rows filled in", file=written, kind=title,
           plan_id=plan.plan_id, rows=rows))


@main.command(help=tr("Check a roster file and report every bad row (file, row, column, problem, fix); exit 1 if "
                      "any, exit 2 (the message on standard error) when the file itself cannot be read."))
@click.argument("path", type=click.Path(dir_okay=False))
@option("--kind", type=KIND, required=True, help=tr("Which roster the file holds."))
@option("--strict", is_flag=True, help=tr("Stop at the file's problems with exit code 2 (as an import would)."))
@option("--department", help=tr("The department code for rows that name none."))
@option("--encoding", help=tr("The CSV's encoding, when it is not UTF-8, UTF-16 or GB18030."))
@option("--sheet", help=tr("The workbook's sheet (the first by default)."))
@option("--on", "on", type=DAY,
        help=tr("For inspectors: also list those who may not inspect on this day (执法证 expired, not in post)."))
@FORMAT
def validate(path: str, kind: str, strict: bool, department: str | None, encoding: str | None, sheet: str | None,
             on: dt.datetime | None, fmt: str) -> None:
    with progress(localised(tr("reading {file}", file=path))) as update:
        result = import_roster(path, kind, strict=strict, department=department, encoding=encoding, sheet=sheet,
                               progress=update)
    if not result.header_row and result.problems:  # the file itself cannot be read: nothing of it was checked
        for p in result.problems:
            say(tr("error: {message}", message=p.text()), err=True)
        sys.exit(2)
    ineligible = []
    if on is not None and result.kind is RosterKind.INSPECTORS:
        for row, person in zip(result.rows, result.records, strict=True):
            try:
                person.require_eligible(on.date())
            except IneligibleInspectorError as exc:
                ineligible.append({"row": row, "id": person.id, "problem": exc.what, "fix": exc.fix})
    if fmt == "json":
        echo_json({"file": result.source, "kind": result.kind.value, "encoding": result.encoding,
                   "rows": result.data_rows, "read": len(result.records), "bad_rows": list(result.bad_rows),
                   "problems": [p.to_json() for p in result.problems], "ignored_columns": list(result.ignored_columns),
                   "normalised": [n.to_json() for n in result.normalised], "not_eligible": ineligible})
    else:
        summary = result.summary()
        say(tr("{summary}, read as {encoding}", summary=summary, encoding=result.encoding) if result.encoding
            else summary)
        for p in result.problems:
            click.echo("  " + localised(p.text()))
        if result.ignored_columns:
            say(tr("  columns not read: {columns}", columns="、".join(result.ignored_columns)))
        for n in result.normalised[:NORMALISED_SHOWN]:
            say(tr("  normalised: {normalisation}", normalisation=n.text()))
        if len(result.normalised) > NORMALISED_SHOWN:
            say(tr("  ... and {count} more identifiers normalised (--format json lists them all)",
                   count=len(result.normalised) - NORMALISED_SHOWN))
        for x in ineligible:
            say(tr("  row {row} {id}: may not inspect on {day}: {problem}", row=x["row"], id=x["id"],
                   day=on.date().isoformat() if on else "", problem=x["problem"]))
    if result.problems or ineligible:
        sys.exit(1)
