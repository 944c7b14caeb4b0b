"""The first commands: the demo, time limits, identifiers and profiles."""

from __future__ import annotations

import datetime as dt
import sys

import attrs
import click

from random_inspection.cli._base import (
    DAY,
    FORMAT,
    SCHEDULE,
    STRICT,
    calendar_for,
    citation_of,
    echo_json,
    localised,
    main,
    option,
    profile_sources,
    registry_for,
    say,
)
from random_inspection.errors import InvalidInputError
from random_inspection.io.answers import check_ids, deadline_json, profile_summaries
from random_inspection.messages import tr
from random_inspection.timelimits import CountingOverride, CutOff, deadline, parse_period

WEEKDAYS = (tr("Mon"), tr("Tue"), tr("Wed"), tr("Thu"), tr("Fri"), tr("Sat"), tr("Sun"))
"""The days of the week, Monday first, as ``day`` names them."""


@main.command(help=tr("Run the demo on bundled synthetic data for 许昌 and 鹤壁: rosters, identifiers, time limits "
                      "across the holidays, draws committed, recorded and verified in the embedded store, a joint "
                      "inspection with its result and duties, the disclosure and 鹤壁's 附件1–4; 许昌 and 鹤壁 each "
                      "publish on a site of their own (site/)."))
@option("--out", "out", type=click.Path(file_okay=False), default="random-inspection-demo", show_default=True,
        help=tr("The folder the demo writes its joint plan's forms, tables and disclosure into, with both "
                "cities' publication sites in site/ (and its store, by default)."))
@option("--store", "store_path", type=click.Path(dir_okay=False),
        help=tr("The SQLite file (or a SQLAlchemy URL) the demo's draws are recorded in; by default "
                "demo.sqlite3 in the --out folder. Run again on the same store, the demo re-checks its draws."))
@FORMAT
def demo(out: str, store_path: str | None, fmt: str) -> None:
    from pathlib import Path

    from random_inspection.demo import JOINT_PLAN_FOLDER, render_text, run_demo
    from random_inspection.store import Store

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    store = Store.open(store_path or folder / "demo.sqlite3")
    try:
        report = run_demo(store=store, out=folder / JOINT_PLAN_FOLDER)
    finally:
        store.close()
    if fmt == "json":
        echo_json(attrs.asdict(report))
    else:
        click.echo(render_text(report, localised))


@main.command(help=tr("The due date of PERIOD (5个工作日, 10日, 3个月; or 5wd, 10d, 3m) after EVENT "
                      "(YYYY-MM-DD).\n\nThe day of the event is not counted; a period in days or months that ends on "
                      "a rest day ends on the next working day (民法典 第二百零一至二百零三条); the last day ends at "
                      "24:00, or when business stops (--cut-off, 第二百零三条第二款); a law may count otherwise "
                      "(--counting-law, 第二百零四条)."))
@click.argument("event", type=DAY)
@click.argument("period")
@option("--cut-off", "cut_off", type=click.DateTime(formats=["%H:%M"]),
        help=tr("Where the act is done during business hours, the time (HH:MM) business stops: the last day "
                "ends then, not at 24:00 (民法典 第二百零三条第二款). Needs --hours-source."))
@option("--hours-source", help=tr("Where the business hours come from, as 'DOCUMENT ARTICLE'."))
@option("--start-day-counted", is_flag=True,
        help=tr("A law counts the event's day as the first (民法典 第二百零四条). Needs --counting-law."))
@option("--no-extension", is_flag=True,
        help=tr("A law does not move a last day on a rest day (民法典 第二百零四条). Needs --counting-law."))
@option("--count-in", type=click.Choice(["日", "个工作日"]),
        help=tr("A law counts the period's number in this unit (民法典 第二百零四条). Needs --counting-law."))
@option("--counting-law", help=tr("The law that counts otherwise, as 'DOCUMENT ARTICLE'."))
@SCHEDULE
@STRICT
@FORMAT
def due(event: dt.datetime, period: str, cut_off: dt.datetime | None, hours_source: str | None,
        start_day_counted: bool, no_extension: bool, count_in: str | None, counting_law: str | None,
        schedules: tuple[str, ...], strict: bool, fmt: str) -> None:
    hours: CutOff | None = None
    if cut_off is not None or hours_source is not None:
        if cut_off is None or hours_source is None:
            raise InvalidInputError(tr("a cut-off needs both its time and where the hours come from"),
                                    where=tr("command {name}", name="due"),
                                    fix=tr("give --cut-off HH:MM and --hours-source 'DOCUMENT ARTICLE' together"))
        hours = CutOff(cut_off.time(), citation_of(hours_source, "--hours-source"))
    counting: CountingOverride | None = None
    if start_day_counted or no_extension or count_in or counting_law:
        if counting_law is None:
            raise InvalidInputError(tr("counting otherwise needs the law that provides it"),
                                    where=tr("command {name}", name="due"),
                                    fix=tr("give --counting-law 'DOCUMENT ARTICLE' ({basis})",
                                           basis="民法典 第二百零四条: 法律另有规定"))
        counting = CountingOverride(citation_of(counting_law, "--counting-law"), start_day_counted=start_day_counted,
                                    extend_over_rest_days=not no_extension, count_in=count_in)
    result = deadline(event.date(), parse_period(period), calendar_for(schedules, strict), cut_off=hours,
                      counting=counting)
    if fmt == "json":
        echo_json(deadline_json(result, hours, counting))
    else:
        say(result.explain())


@main.command(help=tr("Whether each of DAYS (YYYY-MM-DD) is a working day, and why."))
@click.argument("days", nargs=-1, required=True, type=DAY)
@SCHEDULE
@FORMAT
def day(days: tuple[dt.datetime, ...], schedules: tuple[str, ...], fmt: str) -> None:
    calendar = calendar_for(schedules, strict=False)
    infos = [calendar.describe(d.date()) for d in days]
    if fmt == "json":
        echo_json([
            {"day": i.day.isoformat(), "working": i.working, "kind": i.kind.value, "name": i.name,
             "provisional": i.provisional}
            for i in infos
        ])
        return
    for i in infos:
        fields = {"day": i.day.isoformat(), "weekday": WEEKDAYS[i.day.weekday()], "kind": i.kind.value,
                  "name": f" {i.name}" if i.name else ""}
        say(tr("{day} {weekday}: {kind}{name} (provisional)", **fields) if i.provisional else
            tr("{day} {weekday}: {kind}{name}", **fields))


@main.command("check-id", help=tr("Validate identifiers; exit 1 if any is invalid. Every value is checked and "
                                  "reported."))
@click.argument("values", nargs=-1, required=True)
@option(
    "--kind", type=click.Choice(["uscc", "id-number"]), default="uscc", show_default=True,
    help=tr("统一社会信用代码 (uscc) or 公民身份号码 (id-number)."),
)
@FORMAT
def check_id(values: tuple[str, ...], kind: str, fmt: str) -> None:
    results = check_ids(values, kind)
    if fmt == "json":
        echo_json(results)
    else:
        for r in results:
            say(tr("ok   {code}", code=r["normalized"]) if r["valid"] else tr("bad  {problem}", problem=r["problem"]))
    if not all(r["valid"] for r in results):
        sys.exit(1)


@main.command("profiles", help=tr("List the loaded jurisdiction profiles with their parents and documents."))
@profile_sources
@FORMAT
def list_profiles(folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    registry = registry_for(folders, blocked)
    rows = profile_summaries(registry)
    if fmt == "json":
        echo_json(rows)
        return
    for r in rows:
        fields = {"code": r["code"], "jurisdiction": r["jurisdiction"], "name": r["name"],
                  "parent": r["parent"] or "-", "rules": r["rules"], "keys": ", ".join(r["own_keys"])}
        say(tr("{code:<14} {jurisdiction} {name}  parent={parent}  rules={rules}  own keys: {keys}", **fields)
            if r["own_keys"] else tr("{code:<14} {jurisdiction} {name}  parent={parent}  rules={rules}", **fields))
        for d in r["documents"]:  # each document with its period of force and where each end comes from
            click.echo(f"{'':<15}{d['short']}: {d['period']}")


@main.command(help=tr("Every effective rule of PROFILE on a date: value, the profile that set it, and the article."))
@click.argument("profile")
@option("--as-of", "as_of", type=DAY, required=True,
        help=tr("The date the rules are resolved for (YYYY-MM-DD)."))
@option("--fingerprint", is_flag=True,
        help=tr("Print only the fingerprint of the rules (what commit records as profile_rules; resolve on the "
                "plan's first day)."))
@profile_sources
@FORMAT
def explain(profile: str, as_of: dt.datetime, fingerprint: bool, folders: tuple[str, ...], blocked: tuple[str, ...],
            fmt: str) -> None:
    resolved = registry_for(folders, blocked).resolve(profile, as_of.date())
    if fingerprint:
        click.echo(resolved.fingerprint())
        return
    click.echo(resolved.explain_json() if fmt == "json" else resolved.explain_text())


@main.command(help=tr("The fidelity table of PROFILES (Markdown): each document article by article, the rules each "
                      "article gives with their marks and readings, and the provisions not encoded as rules with the "
                      "reason. Without PROFILES, every loaded profile that declares a document."))
@click.argument("profiles", nargs=-1)
@option("--output", "output", type=click.Path(dir_okay=False, writable=True),
        help=tr("Write the table to this file instead of printing it."))
@profile_sources
def fidelity(profiles: tuple[str, ...], output: str | None, folders: tuple[str, ...],
             blocked: tuple[str, ...]) -> None:
    from pathlib import Path

    from random_inspection.io.atomic import write_text_atomic
    from random_inspection.io.fidelity import fidelity_markdown

    registry = registry_for(folders, blocked)
    codes = profiles or tuple(sorted(c for c, p in registry.profiles.items() if p.documents))
    for code in codes:
        registry.chain(code)  # an unknown code is refused with the codes that exist
    text = fidelity_markdown([registry.profiles[c] for c in codes])
    if output:
        write_text_atomic(Path(output), text)
        say(tr("wrote {output}", output=output))
    else:
        click.echo(text, nl=False)
