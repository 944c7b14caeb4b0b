"""What every command shares: the group with its one-line errors, ``--format``, calendars and profile sources."""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import click

from random_inspection import __version__
from random_inspection.errors import InvalidInputError, PermissionRefused, RandomInspectionError
from random_inspection.messages import tr
from random_inspection.model import Citation
from random_inspection.timelimits import WorkingCalendar
from random_inspection.translation import LANGUAGES, catalogue, language_of_locale, render, render_error

if TYPE_CHECKING:
    from random_inspection.profiles import ProfileRegistry

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output as readable text or as JSON.",
)


class Day(click.DateTime):
    """A day written YYYY-MM-DD (a :class:`datetime.datetime` at midnight, as ``click.DateTime`` gives it); a
    day that is written so and does not exist (2100-02-29, 2026-04-31) is refused as not a day of the calendar,
    saying why, rather than as text of another form."""

    name = "YYYY-MM-DD"

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value)
            if m:
                year, month, day = (int(g) for g in m.groups())
                try:
                    dt.date(year, month, day)
                except ValueError as exc:
                    why = (tr("{year} is not a leap year, its February has 28 days", year=year)
                           if (month, day) == (2, 29) and not calendar.isleap(year) else str(exc))
                    self.fail(localised(tr("{value!r} is not a day of the calendar: {why}", value=value, why=why)),
                              param, ctx)
        return super().convert(value, param, ctx)


DAY = Day()
"""The type of every command-line day (``day``, ``due``, ``validate --on``, ``obligations --on`` …)."""


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def calendar_for(schedules: Sequence[str], strict: bool) -> WorkingCalendar:
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


LANG_VARIABLE = "RANDOM_INSPECTION_LANG"
"""The environment variable that names the language of the messages (``zh`` or ``en``) when ``--lang`` is not
given."""
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""The POSIX locale variables read, in this order, when neither ``--lang`` nor :data:`LANG_VARIABLE` names the
language: the first set decides (a value starting ``zh`` is Chinese, any other English)."""


def language(option: str | None = None) -> str:
    """The language of the messages: ``--lang``, else ``RANDOM_INSPECTION_LANG``, else the locale, else English."""
    if option:
        return option
    chosen = os.environ.get(LANG_VARIABLE, "").strip().lower()
    if chosen:
        return language_of_locale(chosen) or "en"
    for name in LOCALE_VARIABLES:
        found = language_of_locale(os.environ.get(name))
        if found:
            return found
    return "en"


def _current_language() -> str:
    context = click.get_current_context(silent=True)
    obj = context.find_root().obj if context is not None else None
    return obj["lang"] if isinstance(obj, dict) and obj.get("lang") else language()


def localised(message: Any) -> str:
    """``message`` in the language of the command line's messages (a plain ``str`` as it is)."""
    return render(message, catalogue(_current_language()))


def say(message: Any, *, err: bool = False) -> None:
    """Print ``message`` (a line of output made with ``tr``) in the language of the messages."""
    click.echo(localised(message), err=err)


class _Group(click.Group):
    """Turns the library's errors into one line and exit code 2 (3 for a fault of the library), unless
    ``--debug``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RandomInspectionError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            shown = catalogue(_current_language())
            say(tr("error: {message}", message=render_error(exc, shown)), err=True)
            if isinstance(exc, PermissionRefused) and exc.entry is not None and exc.entry_hash is not None:
                say(tr("the refusal is recorded as ledger entry {entry}; your receipt: {entry}:{hash} "
                       "(`ledger verify --head {entry}:{hash}` shows whether the ledger still holds it)",
                       entry=exc.entry, hash=exc.entry_hash), err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # the reader of a pipe stopped (`... | head`): nothing more to say
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (so that Python's own flush at exit stays quiet)
            sys.exit(1)
        except OSError as exc:  # a file or folder named on the command line that cannot be read or written
            if ctx.obj and ctx.obj.get("debug"):
                raise
            problem: str = exc.strerror or str(exc)
            if exc.filename:
                problem = tr("{where}: {what}", where=exc.filename, what=problem)
            say(tr("error: {message}", message=tr("{text} — fix: {fix}", text=problem,
                                                  fix=tr("check the path and its permissions"))), err=True)
            sys.exit(2)
        except Exception as exc:  # a fault of the library itself: still one line, unless --debug
            if ctx.obj and ctx.obj.get("debug"):
                raise
            say(tr("internal error: {kind}: {error} (run with --debug for the traceback)",
                   kind=type(exc).__name__, error=str(exc)), err=True)
            sys.exit(3)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="random-inspection")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.option("--lang", type=click.Choice(sorted(LANGUAGES)),
              help=f"The language of messages and errors (zh 中文, en English); by default {LANG_VARIABLE}, "
                   "else the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG: zh* is Chinese), else English.")
@click.pass_context
def main(ctx: click.Context, debug: bool, lang: str | None) -> None:
    """双随机、一公开: random inspection draws, legal time limits and cited local rules."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["lang"] = language(lang)


PROFILE_SOURCES = [
    click.option("--profiles-dir", "folders", multiple=True, type=click.Path(file_okay=False, exists=True),
                 help="A folder of local profile files (*.py) to load too. Repeatable."),
    click.option("--block", "blocked", multiple=True, help="A profile not to load. Repeatable."),
    click.option("--profile-config", type=click.Path(dir_okay=False, exists=True), expose_value=False,
                 callback=lambda ctx, param, value: ctx.meta.__setitem__(_CONFIG, value),
                 help="The bureau's profile configuration (TOML: [[continued]] documents kept in force until "
                      "replaced; docs/profiles.md)."),
]
_CONFIG = "random_inspection.profile_config"


def profile_sources(fn: Any) -> Any:
    for option in reversed(PROFILE_SOURCES):
        fn = option(fn)
    return fn


def registry_for(folders: tuple[str, ...], blocked: tuple[str, ...]) -> ProfileRegistry:
    """The registry every command that reads a profile loads: the installed profiles, the local folders of
    ``--profiles-dir``, less those of ``--block``, with the documents the bureau's ``--profile-config`` keeps
    in force until replaced."""
    from random_inspection.io.profile_config import load_profile_config
    from random_inspection.profiles import ProfileRegistry

    context = click.get_current_context(silent=True)
    config = context.meta.get(_CONFIG) if context is not None else None
    continued = load_profile_config(config) if config else ()
    return ProfileRegistry(folders=folders, blocked=blocked, continued=continued)


def width(text: str) -> int:
    """The columns ``text`` takes in a terminal: two for each wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` terminal columns, so that Chinese text lines up."""
    return text + " " * max(columns - width(text), 0)


def headings(*names: str) -> list[str]:
    """A table's column headings (each written with ``tr``) in the language of the messages."""
    return [localised(name) for name in names]


def table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as aligned text columns (CJK-aware)."""
    if not rows:
        return ""
    widths = [max(width(r[i]) for r in rows if i < len(r)) for i in range(max(len(r) for r in rows))]
    return "\n".join("  ".join(pad(c, widths[i]) for i, c in enumerate(r)).rstrip() for r in rows)


@contextlib.contextmanager
def progress(label: str, length: int | None = None) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on standard error (shown only on a terminal), updated through the callback given, which
    takes (done, total)."""
    if not sys.stderr.isatty():  # no bar in a pipe or a log
        yield lambda done, total: None
        return
    with click.progressbar(length=length or 0, label=label, file=sys.stderr, show_pos=True) as bar:
        state = {"done": 0}

        def update(done: int, total: int | None) -> None:
            if total and not bar.length:
                bar.length = total
            bar.update(done - state["done"])
            state["done"] = done
        yield update


def citation_of(text: str, option: str) -> Citation:
    """A citation written ``DOCUMENT ARTICLE`` (the article is the last word)."""
    document, _, article = text.strip().rpartition(" ")
    if not document.strip() or not article.strip():
        raise InvalidInputError(tr("{option} {text!r} names no document and article", option=option, text=text),
                                where=option, fix=tr("write it as 'DOCUMENT ARTICLE', e.g. {example}",
                                                     example="'中华人民共和国行政处罚法 第八十五条'"))
    return Citation(document, article)
