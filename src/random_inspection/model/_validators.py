"""attrs validators and converters shared by the model classes (private)."""

from __future__ import annotations

import re
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError

# Field metadata key: a field that holds personal data and must never reach public output.
PERSONAL = "personal"

_AREA_CODE = re.compile(r"^[1-9]\d{5}$")


def strip(value: Any) -> Any:
    """attrs converter: trim surrounding white space of strings, leave anything else to the validators."""
    return value.strip() if isinstance(value, str) else value


def strip_optional(value: Any) -> Any:
    """attrs converter: trim strings and turn an empty string into ``None``."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def non_empty(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: a string that is not empty after trimming."""
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a string, got {type(value).__name__}")
    if not value:
        raise InvalidInputError(
            f"{attribute.name} is empty", where=type(instance).__name__, fix=f"give a {attribute.name}"
        )


def area_code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: a six-digit GB/T 2260 administrative-area code (``000000`` stands for the nation)."""
    if not isinstance(value, str) or not (_AREA_CODE.match(value) or value == "000000"):
        raise InvalidInputError(
            f"{attribute.name} {value!r} is not a six-digit GB/T 2260 行政区划代码",
            where=type(instance).__name__,
            fix="use the six-digit code, e.g. 411000 for 许昌市 or 410307 for 偃师区",
        )


def frozenset_of_str(value: Any) -> frozenset[str]:
    """attrs converter: any iterable of strings (or a single string) to a frozenset of trimmed, non-empty strings."""
    if isinstance(value, str):
        value = [value]
    return frozenset(s.strip() for s in value if isinstance(s, str) and s.strip())
