"""The declaration a profile makes of itself."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import attrs

from random_inspection.errors import ProfileError
from random_inspection.model import Document, Jurisdiction
from random_inspection.profiles.rules import Rule

__all__ = ["Profile"]

_CODE = re.compile(r"[a-z][a-z0-9_]*")


def _code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not _CODE.fullmatch(value)):
        raise ProfileError(
            f"{attribute.name} {value!r} is not a profile code", where="Profile",
            fix="use lower-case letters, digits and underscores, e.g. 'weidu'",
        )


def _documents(value: Iterable[Document]) -> tuple[Document, ...]:
    return _tuple_of(value, Document, "documents")


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    return _tuple_of(value, Rule, "rules")


def _tuple_of(value: Any, kind: type[Any], name: str) -> tuple[Any, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ProfileError(f"{name} is {type(value).__name__}, not a tuple of {kind.__name__}", where="Profile",
                           fix=f"give {name} as a tuple of {kind.__name__}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, kind):
            raise ProfileError(f"{name} holds a {type(item).__name__}, not a {kind.__name__}", where="Profile",
                               fix=f"give {name} as a tuple of {kind.__name__}")
    return items


def _jurisdiction(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Jurisdiction):
        raise ProfileError(f"jurisdiction is {value!r}, not a Jurisdiction", where="Profile",
                           fix="give Jurisdiction(code, name, level, parent code)")


@attrs.frozen
class Profile:
    """A jurisdiction's rules as one profile declares them.

    Attributes:
        code: the profile's code (``"xuchang"``), unique among loaded profiles.
        name: the issuing body, e.g. 许昌市应急管理局.
        jurisdiction: the area the profile governs; unique among loaded profiles.
        parent: the code of the profile one level up (``"henan"``); ``None`` only for the national root.
        documents: the documents the profile encodes; a profile whose documents are all out of force on a
            date contributes no rules on that date.
        rules: the cited rule values it sets; each key at most once.
    """

    code: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    jurisdiction: Jurisdiction = attrs.field(validator=_jurisdiction)
    parent: str | None = attrs.field(validator=_code)
    documents: tuple[Document, ...] = attrs.field(default=(), converter=_documents)
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rules)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.key in seen:
                raise ProfileError(
                    f"rule {rule.key} is set twice", where=f"profile {self.code}",
                    fix="set each rule once; put both articles in one citation if two articles make it",
                )
            seen.add(rule.key)
        if self.parent == self.code:
            raise ProfileError("is its own parent", where=f"profile {self.code}", fix="name the profile above it")

    def in_force_on(self, day: dt.date) -> bool:
        """Whether any of the profile's documents is in force on ``day`` (always, if it has none)."""
        return not self.documents or any(d.in_force_on(day) for d in self.documents)
