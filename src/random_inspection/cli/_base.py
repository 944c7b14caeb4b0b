"""What every command shares: the group with its one-line errors, ``--format``, calendars and profile sources."""

from __future__ import annotations

import calendar
import contextlib
import copy
import datetime as dt
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

import click

from random_inspection import __version__
from random_inspection.cli import click_words
from random_inspection.errors import InvalidInputError, PermissionRefused, RandomInspectionError
from random_inspection.messages import Message, tr
from random_inspection.model import Citation
from random_inspection.timelimits import WorkingCalendar
from random_inspection.translation import LANGUAGES, catalogue, language_of_locale, render, render_error

if TYPE_CHECKING:
    from random_inspection.profiles import ProfileRegistry

FC = TypeVar("FC", bound=Callable[..., Any])

class LocalisedOption(click.Option):
    """A command-line option whose help stays the :class:`Message` it is written as (``help=tr("...")``), so that
    the help is shown in the language of the messages (click makes a plain ``str`` of it otherwise)."""

    def __init__(self, param_decls: Sequence[str] | None = None, help: str | None = None, **kwargs: Any) -> None:
        super().__init__(param_decls, help=help, **kwargs)
        if isinstance(help, Message):
            self.help = help


def option(*param_decls: str, **attrs: Any) -> Callable[[FC], FC]:
    """``click.option`` for the library's commands: its ``help`` is written with ``tr`` and shown translated
    (docs/i18n.md, *Help*)."""
    return click.option(*param_decls, cls=LocalisedOption, **attrs)


FORMAT = option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help=tr("Output as readable text or as JSON."),
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


SCHEDULE = option(
    "--schedule", "schedules", multiple=True, type=click.Path(dir_okay=False),
    help=tr("A holiday schedule file (.json or .toml) for a year the library has no official data for. Repeatable."),
)
STRICT = option(
    "--strict", is_flag=True, help=tr("Refuse to answer for a year without an official holiday schedule.")
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


_ARGUMENTS_LANGUAGE: ContextVar[str | None] = ContextVar("random_inspection_arguments_language", default=None)
"""The language the command line's arguments choose, set while :meth:`_Group.main` runs: what click's usage errors
are shown in, which it shows after its context is gone (and before ``--lang`` is read, for an unknown option)."""


def _language_argument(arguments: Sequence[str]) -> str | None:
    """The value of ``--lang`` among ``arguments`` (``--lang zh``, ``--lang=zh``) when it is one of ours."""
    for i, argument in enumerate(arguments):
        if argument == "--":
            break
        value = arguments[i + 1] if argument == "--lang" and i + 1 < len(arguments) else (
            argument.partition("=")[2] if argument.startswith("--lang=") else None)
        if value in LANGUAGES:
            return value
    return None


def _current_language() -> str:
    context = click.get_current_context(silent=True)
    if context is None:
        return _ARGUMENTS_LANGUAGE.get() or language()
    root = context.find_root()
    if isinstance(root.obj, dict) and root.obj.get("lang"):
        return str(root.obj["lang"])
    # `--lang zh --help`: the eager --lang is read, the group not yet run
    return language(root.params.get("lang") or _ARGUMENTS_LANGUAGE.get())


def _click_language() -> str | None:
    """The language of click's own words: the command line's inside the library's commands, else none (click's)."""
    context = click.get_current_context(silent=True)
    if context is not None:
        return _current_language() if isinstance(context.find_root().command, _Group) else None
    return _ARGUMENTS_LANGUAGE.get()


def localised(message: Any) -> str:
    """``message`` in the language of the command line's messages (a plain ``str`` as it is)."""
    return render(message, catalogue(_current_language()))


def say(message: Any, *, err: bool = False) -> None:
    """Print ``message`` (a line of output made with ``tr``) in the language of the messages."""
    click.echo(localised(message), err=err)


HELP_OPTION_HELP = tr("Show this message and exit.")
"""The help of ``-h``/``--help`` (click's own words, written with ``tr`` so that they are translated too)."""


def _short_help(text: str, limit: int) -> str:
    """The first sentence of a command's help, as a group lists it, in at most ``limit`` terminal columns (cut
    after a word or a Chinese character, with ``...``)."""
    first = re.split(r"(?<=[。；])|(?<=\.)\s", text.strip(), maxsplit=1)[0].rstrip("。；.")
    if width(first) <= limit:
        return first
    words = re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\S\s*|\s+", first)  # a word, or one CJK character
    shown = ""
    for word in words:
        if width(shown + word) > limit - 3:
            break
        shown += word
    return shown.rstrip("，、：；（,:;( ") + "..."


_TOKEN = re.compile(r"[（《“‘]*(?:[^\s\u2e80-\u9fff\uff00-\uffef]+|\S)[）》”’。，、；：！？]*\s*|\s+")
"""What a line of help breaks between: an ASCII word or one Chinese character, with the opening punctuation before
it and the closing punctuation after it (a line never starts with ``）`` or ``。``)."""


def wrap(text: str, columns: int, indent: str = "") -> list[str]:
    """``text`` wrapped to ``columns`` terminal columns, each line after ``indent``, its paragraphs (parted by a
    blank line) kept, parted by an empty line. A Chinese text breaks between any two characters, never inside an
    ASCII word, and counts two columns for each wide character (click's wrapping counts one)."""
    if width(text) == len(text):  # no wide character: click's own wrapping, as before
        return click.formatting.wrap_text(text, columns, initial_indent=indent, subsequent_indent=indent,
                                          preserve_paragraphs=True).splitlines()
    lines: list[str] = []
    for number, paragraph in enumerate(re.split(r"\n\s*\n", text.strip())):
        if number:
            lines.append("")
        line = ""
        for token in _TOKEN.findall(re.sub(r"\s*\n\s*", " ", paragraph)):
            if line and width(indent + line + token.rstrip()) > columns:
                lines.append(indent + line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(indent + line.rstrip())
    return lines


class _Formatter(click.HelpFormatter):
    """click's help formatter, wrapping Chinese help by the columns it takes in a terminal."""

    def write_text(self, text: str) -> None:
        self.write("\n".join(wrap(text, self.width, " " * self.current_indent)) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(first) for first, _ in rows), default=0), col_max) + col_spacing
        margin = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + margin)
            lines = wrap(second, max(self.width - first_col - 2, 10))
            self.write("\n".join([lines[0], *(margin + line if line else "" for line in lines[1:])]) + "\n")


class _Context(click.Context):
    formatter_class = _Formatter


class _Localised(click.Command):
    """A command whose help (its text, its short help in a group's list, each option's help, the section headings
    of the options and the commands) is rendered in the language of the messages when it is shown: the texts are
    written with ``tr`` and looked up in the catalogue at format time, as every other message (docs/i18n.md)."""

    context_class = _Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = localised(self.help).partition("\f")[0].strip() if self.help is not None else ""
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return localised(self.short_help).strip()
        if self.help:
            return _short_help(localised(self.help), limit).strip()
        return ""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = []
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                shown = copy.copy(param)
                shown.help = localised(param.help) if param.help is not None else None
                record = shown.get_help_record(ctx)
                if record is not None:
                    records.append(record)
        if records:
            with formatter.section(localised(tr("Options"))):
                formatter.write_dl(records)


class _Command(_Localised):
    """A command of the library: its help in the language of the messages."""


class _Group(_Localised, click.Group):
    """Turns the library's errors into one line and exit code 2 (3 for a fault of the library), unless
    ``--debug``; click's own words (its usage errors, “Usage:”) in the language of the messages."""

    def main(self, args: Sequence[str] | None = None, *more: Any, **extra: Any) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        token = _ARGUMENTS_LANGUAGE.set(language(_language_argument(arguments)))
        try:
            return super().main(args, *more, **extra)
        finally:
            _ARGUMENTS_LANGUAGE.reset(token)

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

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(localised(tr("Commands"))):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in rows])


_Group.command_class = _Command
click_words.install(_click_language)
_Group.group_class = type  # a group made with `@group.group()` is a _Group too


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]},
             help=tr("双随机、一公开: random inspection draws, legal time limits and cited local rules."))
@click.version_option(__version__, prog_name="random-inspection", cls=LocalisedOption,
                      help=tr("Show the version and exit."))
@option("--debug", is_flag=True, help=tr("Show the full traceback on errors."))
@option("--lang", type=click.Choice(sorted(LANGUAGES)), is_eager=True,
        help=tr("The language of messages, errors and help (zh 中文, en English); by default {variable}, else "
                "the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG: zh* is Chinese), else English.",
                variable=LANG_VARIABLE))
@click.pass_context
def main(ctx: click.Context, debug: bool, lang: str | None) -> None:
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["lang"] = language(lang)


PROFILE_SOURCES = [
    option("--profiles-dir", "folders", multiple=True, type=click.Path(file_okay=False, exists=True),
           help=tr("A folder of local profile files (*.py) to load too. Repeatable.")),
    option("--block", "blocked", multiple=True, help=tr("A profile not to load. Repeatable.")),
    option("--profile-config", type=click.Path(dir_okay=False, exists=True), expose_value=False,
           callback=lambda ctx, param, value: ctx.meta.__setitem__(_CONFIG, value),
           help=tr("The bureau's profile configuration (TOML: [[continued]] documents kept in force until "
                   "replaced; docs/profiles.md).")),
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
