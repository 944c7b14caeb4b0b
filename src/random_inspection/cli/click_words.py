"""click's own words (“Usage:”, ``[default: …]``, its usage errors) in the language of the messages.

click writes them with the standard library's ``gettext`` (``from gettext import gettext as _`` and ``ngettext``
in each of its modules). :func:`install` puts a function in their place that looks each one up in the library's
catalogue, in the language the command line chose, and gives click's own text outside the library's command line.
:data:`CLICK_MESSAGES` lists the texts translated, each marked with :func:`click_message` so that the catalogue
tools extract it (docs/i18n.md); ``tests/test_click_words.py`` checks that each is still one of click's.
"""

from __future__ import annotations

import gettext
import importlib
import string
from collections.abc import Callable

from random_inspection.translation import catalogue

__all__ = ["CLICK_MESSAGES", "CLICK_MODULES", "click_message", "install"]


def click_message(text: str) -> str:
    """Mark ``text``, one of click's own messages, for the catalogue (it is returned as it is)."""
    return text


CLICK_MESSAGES: tuple[str, ...] = (
    # the help
    click_message("Usage:"),
    click_message("Options"),
    click_message("Commands"),
    click_message("Positional arguments"),
    click_message("Show this message and exit."),
    click_message("Show the version and exit."),
    click_message("default: {default}"),
    click_message("required"),
    click_message("env var: {var}"),
    click_message("(dynamic)"),
    click_message("deprecated"),
    # the usage errors
    click_message("Error: {message}"),
    click_message("Try '{command} {option}' for help."),
    click_message("No such option {name!r}."),
    click_message("No such command {name!r}."),
    click_message("Did you mean {possibility}?"),
    click_message("(Did you mean one of: {possibilities}?)"),
    click_message("Missing argument"),
    click_message("Missing option"),
    click_message("Missing parameter"),
    click_message("Missing {param_type}"),
    click_message("Missing parameter: {param_name}"),
    click_message("Missing command."),
    click_message("Invalid value for {param_hint}: {message}"),
    click_message("Invalid value: {message}"),
    click_message("Got unexpected extra argument ({args})"),
    click_message("Got unexpected extra arguments ({args})"),
    click_message("Option {name!r} does not take a value."),
    click_message("Option {name!r} requires an argument."),
    click_message("Option {name!r} requires {nargs} arguments."),
    click_message("Argument {name!r} takes {nargs} values."),
    click_message("Takes {nargs} values but 1 was given."),
    click_message("Takes {nargs} values but {len} were given."),
    click_message("Value must be an iterable."),
    click_message("Aborted!"),
    # the values of the types
    click_message("{value!r} is not {choice}."),
    click_message("{value!r} is not one of {choices}."),
    click_message("{value!r} does not match the format {format}."),
    click_message("{value!r} does not match the formats {formats}."),
    click_message("{value!r} is not a valid {number_type}."),
    click_message("{value} is not in the range {range}."),
    click_message("{value!r} is not a valid boolean. Recognized values: {states}"),
    click_message("file"),
    click_message("directory"),
    click_message("path"),
    click_message("{name} {filename!r} does not exist."),
    click_message("{name} {filename!r} is a file."),
    click_message("{name} {filename!r} is a directory."),
    click_message("{name} {filename!r} is not readable."),
    click_message("{name} {filename!r} is not writable."),
    click_message("{name} {filename!r} is not executable."),
    click_message("Could not open file {filename!r}: {message}"),
    click_message("unknown error"),
)
"""click's messages that the catalogue translates (click's msgids, verbatim)."""

CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")
"""click's modules whose ``_``/``ngettext`` :func:`install` replaces."""


def _fields(template: str) -> list[str] | None:
    try:
        return sorted(f"{name}!{conversion}:{spec}"
                      for _, name, spec, conversion in string.Formatter().parse(template) if name is not None)
    except ValueError:
        return None


def install(language: Callable[[], str | None]) -> None:
    """Route click's ``gettext`` and ``ngettext`` through the library's catalogue: ``language()`` names the language
    (``None`` outside the library's command line: click's own text). A translation whose ``{fields}`` differ from
    click's is not used (click fills them itself)."""

    def translate(message: str) -> str:
        chosen = language()
        if chosen is None:
            return message
        translated = catalogue(chosen).gettext(message)
        return translated if _fields(translated) == _fields(message) else message

    def translate_plural(singular: str, plural: str, n: int) -> str:
        return translate(singular if n == 1 else plural)

    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if getattr(module, "_", None) is gettext.gettext:
            module._ = translate  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = translate_plural  # type: ignore[attr-defined]
