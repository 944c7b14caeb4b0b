"""Messages shown in a language: the gettext catalogues shipped in ``random_inspection/locale`` and the one
function that renders a :class:`~random_inspection.messages.Message` (an error's what, where and fix, a line of
the command line's output) through them.

Only the edges call it (the command line, a service); the core builds messages and never chooses a language.
The language is named by its code (``"zh"``, ``"en"``); English is the messages' own text and needs no catalogue.
"""

from __future__ import annotations

import functools
import gettext
import string
from collections.abc import Mapping
from importlib import resources
from typing import Any

from random_inspection.errors import RandomInspectionError
from random_inspection.messages import Message

__all__ = ["DOMAIN", "LANGUAGES", "catalogue", "language_of_accept", "language_of_locale", "render", "render_error"]

DOMAIN = "random_inspection"
"""The catalogues' gettext domain: ``locale/<code>/LC_MESSAGES/random_inspection.mo``."""

LANGUAGES: Mapping[str, str] = {"zh": "zh_CN", "en": ""}
"""The languages the messages can be shown in, by the code the command line takes, with their catalogue's folder
(English, the messages' own text, has none)."""


@functools.cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The translations of ``language`` (a key of :data:`LANGUAGES`); for English, or a language whose catalogue is
    not installed, the messages' own text."""
    folder = LANGUAGES.get(language, "")
    if not folder:
        return gettext.NullTranslations()
    mo = resources.files("random_inspection") / "locale" / folder / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with mo.open("rb") as fp:
            return gettext.GNUTranslations(fp)
    except OSError:
        return gettext.NullTranslations()


def language_of_locale(value: str | None) -> str | None:
    """The language a POSIX locale value names (``zh_CN.UTF-8`` → ``"zh"``, ``C`` or ``en_US`` → ``"en"``);
    ``None`` for an empty value. ``LANGUAGE`` may list several (``zh_CN:en``): the first decides."""
    if not value:
        return None
    first = value.split(":")[0].strip().lower()
    if not first:
        return None
    return "zh" if first.startswith("zh") else "en"


def language_of_accept(header: str | None) -> str:
    """The language an HTTP ``Accept-Language`` header prefers among :data:`LANGUAGES` (RFC 9110, 12.5.4): its
    languages by their q-values (1 when not given; 0, or a q-value that is not a number from 0 to 1, refuses
    one), the first of the highest whose primary tag is one of ours (``zh``, ``zh-CN``, ``zh-Hans-CN`` →
    ``"zh"``); English when none is, for ``*``, and without the header.

    ``language_of_accept("en-US,en;q=0.9,zh-CN;q=0.95")`` is ``"zh"``.
    """
    ranked: list[tuple[float, int, str]] = []
    for order, item in enumerate((header or "").split(",")):
        tag, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
                if not 0.0 <= quality <= 1.0:  # also NaN
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, order, tag.lower()))
    for _, _, tag in sorted(ranked):
        primary = tag.replace("_", "-").split("-")[0]  # zh_CN, as some clients send it, too
        if primary in LANGUAGES:
            return primary
        if tag == "*":
            return "en"
    return "en"


def _fields(template: str) -> set[str] | None:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return None


def render(message: Any, translations: gettext.NullTranslations) -> str:
    """``message`` in the language of ``translations``: a :class:`Message`'s template looked up in the catalogue
    and filled with its fields (each field that is a message rendered in its turn, every other value as it is).

    A template the catalogue lacks, or a translation that cannot be filled (a field misspelt, a stray brace),
    gives the English text: a bad catalogue entry never hides a message. Anything not a :class:`Message` is
    shown as it is.
    """
    if not isinstance(message, Message):
        return "" if message is None else str(message)
    fields = {name: render(value, translations) if isinstance(value, Message) else value
              for name, value in message.fields.items()}
    translated = translations.gettext(message.template) if message.template else message.template
    if translated != message.template:
        try:
            if _fields(translated) == _fields(message.template):
                return translated.format(**fields)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            pass
    try:
        return message.template.format(**fields)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        return str(message)


def render_error(error: RandomInspectionError, translations: gettext.NullTranslations) -> str:
    """An error's one line (where: what — fix: fix) in the language of ``translations``."""
    return render(error.message, translations)
