"""Messages a person reads, kept as a template with named fields so that the edge can show them in any language.

:func:`tr` marks a message for translation and returns a :class:`Message`: a ``str`` holding the English text (so
``str(error)``, logs and comparisons read as before) that also keeps its ``template`` and ``fields``. The values
in the fields (a Chinese term of the sources, a file name, a number) are never translated; a field that is itself a
:class:`Message` is translated in its turn. The core builds messages and never chooses a language: the command
line (``random_inspection.translation``) renders them through a gettext catalogue. docs/i18n.md tells how a
message is written and how the catalogues are kept complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["Message", "join", "tr"]


class Message(str):
    """A message: its English text (the ``str`` itself), its ``template`` and its named ``fields``.

    ``Message("{n} rows", {"n": 3}) == "3 rows"``. The template is written as :meth:`str.format` reads it, with
    named fields only (``{value!r}``, ``{count:,}``); a brace in a field's value is text, never a field.
    """

    __slots__ = ("fields", "template")
    template: str
    fields: Mapping[str, Any]

    def __new__(cls, template: str, fields: Mapping[str, Any] | None = None) -> Message:
        values = dict(fields or {})
        self = super().__new__(cls, template.format(**values))
        self.template = template
        self.fields = values
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # a Message pickles as one (errors cross process boundaries)
        return (Message, (self.template, dict(self.fields)))

    def __repr__(self) -> str:
        return f"Message({self.template!r}, {dict(self.fields)!r})"


def tr(template: str, /, **fields: Any) -> Message:
    """Mark ``template`` (an English sentence with ``{named}`` fields, a string literal: it is extracted into the
    catalogue) for translation, with the values of its fields.

    Example::

        raise InvalidInputError(tr("{value!r} is not a {kind}", value=text, kind="SubjectStatus"),
                                fix=tr("write one of {choices}", choices="、".join(names)))
    """
    return Message(template, fields)


def join(separator: str, parts: Iterable[str]) -> Message:
    """``separator.join(parts)`` as a message whose parts stay messages (each is translated when it is one)."""
    items = list(parts)
    template = separator.replace("{", "{{").replace("}", "}}").join(f"{{part{i}}}" for i in range(len(items)))
    return Message(template, {f"part{i}": part for i, part in enumerate(items)})
