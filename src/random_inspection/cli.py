"""The ``random-inspection`` command.

Errors from the library print as one line on standard error with exit code 2 (a traceback only with
``--debug``); ``--format json`` prints data as JSON wherever the output is data.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import Any

import attrs
import click

from random_inspection import __version__
from random_inspection.errors import RandomInspectionError
from random_inspection.model import validate_id_number, validate_uscc
from random_inspection.timelimits import WorkingCalendar, deadline, parse_period

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output as readable text or as JSON.",
)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _calendar(schedules: Sequence[str], strict: bool) -> WorkingCalendar:
    from random_inspection.io import load_schedule_file

    calendar = WorkingCalendar.default(strict=strict)
    if schedules:
        calendar = calendar.with_schedule(*(load_schedule_file(p) for p in schedules))
    return calendar


SCHEDULE = click.option(
    "--schedule", "schedules", multiple=True, type=click.Path(dir_okay=False),
    help="A holiday schedule file (.json or .toml) for a year the library has no official data for. Repeatable.",
)
STRICT = click.option(
    "--strict", is_flag=True, help="Refuse to answer for a year without an official holiday schedule."
)


class _Group(click.Group):
    """Turns the library's errors into one line and exit code 2 (3 for a fault of the library), unless
    ``--debug``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RandomInspectionError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:  # a fault of the library itself: still one line, unless --debug
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
            sys.exit(3)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="random-inspection")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """双随机、一公开: random inspection draws, legal time limits and cited local rules."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@main.command()
@click.option("--store", "store_path", type=click.Path(dir_okay=False),
              help="The SQLite file (or a SQLAlchemy URL) the demo's draw is recorded in; by default a new file in "
                   "a temporary folder, removed afterwards.")
@FORMAT
def demo(store_path: str | None, fmt: str) -> None:
    """Run the demo on bundled synthetic data for a Henan city, its draw recorded in the embedded store."""
    import tempfile

    from random_inspection.demo import render_text, run_demo
    from random_inspection.store import Store

    with tempfile.TemporaryDirectory(prefix="random-inspection-demo-") as folder:
        store = Store.open(store_path or f"{folder}/store.sqlite3")
        try:
            report = run_demo(store=store)
        finally:
            store.close()
    if fmt == "json":
        _echo_json(attrs.asdict(report))
    else:
        click.echo(render_text(report))


@main.command()
@click.argument("event", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.argument("period")
@SCHEDULE
@STRICT
@FORMAT
def due(event: dt.datetime, period: str, schedules: tuple[str, ...], strict: bool, fmt: str) -> None:
    """The due date of PERIOD (5个工作日, 10日, 3个月; or 5wd, 10d, 3m) after EVENT (YYYY-MM-DD).

    The day of the event is not counted; a period in days or months that ends on a rest day ends on the
    next working day (民法典 第二百零一至二百零三条).
    """
    result = deadline(event.date(), parse_period(period), _calendar(schedules, strict))
    if fmt == "json":
        _echo_json({
            "event": result.event.isoformat(), "period": result.period.label, "due": result.due.isoformat(),
            "provisional": result.provisional, "provisional_years": list(result.provisional_years),
            "extended_from": result.extended_from.isoformat() if result.extended_from else None,
            "legal_basis": [c.short() for c in result.legal_basis],
        })
    else:
        click.echo(result.explain())


@main.command()
@click.argument("days", nargs=-1, required=True, type=click.DateTime(formats=["%Y-%m-%d"]))
@SCHEDULE
@FORMAT
def day(days: tuple[dt.datetime, ...], schedules: tuple[str, ...], fmt: str) -> None:
    """Whether each of DAYS (YYYY-MM-DD) is a working day, and why."""
    calendar = _calendar(schedules, strict=False)
    infos = [calendar.describe(d.date()) for d in days]
    if fmt == "json":
        _echo_json([
            {"day": i.day.isoformat(), "working": i.working, "kind": i.kind.value, "name": i.name,
             "provisional": i.provisional}
            for i in infos
        ])
        return
    for i in infos:
        note = " (provisional)" if i.provisional else ""
        name = f" {i.name}" if i.name else ""
        click.echo(f"{i.day.isoformat()} {i.day.strftime('%a')}: {i.kind.value}{name}{note}")


@main.command("check-id")
@click.argument("values", nargs=-1, required=True)
@click.option(
    "--kind", type=click.Choice(["uscc", "id-number"]), default="uscc", show_default=True,
    help="统一社会信用代码 (uscc) or 公民身份号码 (id-number).",
)
@FORMAT
def check_id(values: tuple[str, ...], kind: str, fmt: str) -> None:
    """Validate identifiers; exit 1 if any is invalid. Every value is checked and reported."""
    check = validate_uscc if kind == "uscc" else validate_id_number
    results = []
    for value in values:
        try:
            results.append({"value": value, "valid": True, "normalized": check(value), "problem": None})
        except RandomInspectionError as exc:
            results.append({"value": value, "valid": False, "normalized": None, "problem": str(exc)})
    if fmt == "json":
        _echo_json(results)
    else:
        for r in results:
            click.echo(f"ok   {r['normalized']}" if r["valid"] else f"bad  {r['problem']}")
    if not all(r["valid"] for r in results):
        sys.exit(1)


PROFILE_SOURCES = [
    click.option("--profiles-dir", "folders", multiple=True, type=click.Path(file_okay=False, exists=True),
                 help="A folder of local profile files (*.py) to load too. Repeatable."),
    click.option("--block", "blocked", multiple=True, help="A profile not to load. Repeatable."),
]


def _profile_sources(fn: Any) -> Any:
    for option in reversed(PROFILE_SOURCES):
        fn = option(fn)
    return fn


def _registry(folders: tuple[str, ...], blocked: tuple[str, ...]) -> Any:
    from random_inspection.profiles import ProfileRegistry

    return ProfileRegistry(folders=folders, blocked=blocked)


@main.command("profiles")
@_profile_sources
@FORMAT
def list_profiles(folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    """List the loaded jurisdiction profiles with their parents and documents."""
    registry = _registry(folders, blocked)
    rows = [
        {"code": p.code, "name": p.name, "jurisdiction": p.jurisdiction.code, "parent": p.parent,
         "documents": [d.short() for d in p.documents], "rules": len(p.rules)}
        for p in sorted(registry.profiles.values(), key=lambda p: (p.jurisdiction.code, p.code))
    ]
    if fmt == "json":
        _echo_json(rows)
        return
    for r in rows:
        docs = "; ".join(r["documents"]) or "-"
        click.echo(f"{r['code']:<14} {r['jurisdiction']} {r['name']}  parent={r['parent'] or '-'}  "
                   f"rules={r['rules']}  {docs}")


@main.command()
@click.argument("profile")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), required=True,
              help="The date the rules are resolved for (YYYY-MM-DD).")
@_profile_sources
@FORMAT
def explain(profile: str, as_of: dt.datetime, folders: tuple[str, ...], blocked: tuple[str, ...], fmt: str) -> None:
    """Every effective rule of PROFILE on a date: value, the profile that set it, and the article."""
    resolved = _registry(folders, blocked).resolve(profile, as_of.date())
    click.echo(resolved.explain_json() if fmt == "json" else resolved.explain_text())
