"""attrs validators and converters shared by the model classes (private)."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr

E = TypeVar("E", bound=enum.Enum)

# Field metadata key: a function giving, for a column of text values, whether the field's converter leaves each as
# it is and its validator accepts it (the same answer as theirs, a column at a time; io.row_patterns uses it).
TAKEN_AS_IT_IS = "taken_as_it_is"

# Field metadata key: a field that holds personal data and must never reach public output.
PERSONAL = "personal"

_PERSONAL_NUMBER = re.compile(r"[0-9]{17}[0-9Xx]|1[3-9][0-9]{9}")  # a 公民身份号码, a mobile number
_AREA_CODE = re.compile(r"[1-9][0-9]{5}")  # ASCII digits only: \d would accept '４' or '١'


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
            tr("{name} is empty", name=attribute.name), where=type(instance).__name__,
            fix=tr("fill in {name}", name=attribute.name)
        )


def one_line(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: a string of one line (empty allowed), holding no personal number (a 公民身份号码, a mobile
    number): for a short public text such as a letter's 文号."""
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a string, got {type(value).__name__}")
    if value.splitlines() not in ([], [value]):  # any line break: \n, \r, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029
        raise InvalidInputError(tr("{name} {value!r} is more than one line", name=attribute.name, value=value),
                                where=type(instance).__name__, fix=tr("give {name} on one line", name=attribute.name))
    if _PERSONAL_NUMBER.search(value.replace(" ", "").replace("-", "")):
        raise InvalidInputError(tr("{name} {value!r} looks like an ID-card or phone number", name=attribute.name,
                                   value=value), where=type(instance).__name__,
                                fix=tr("give {name} as written on the letter: it is published, and never carries "
                                       "a personal number", name=attribute.name))


def area_code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: a six-digit GB/T 2260 administrative-area code (``000000`` stands for the nation)."""
    if not isinstance(value, str) or not (_AREA_CODE.fullmatch(value) or value == "000000"):
        raise InvalidInputError(
            tr("{name} {value!r} is not a six-digit GB/T 2260 行政区划代码", name=attribute.name, value=value),
            where=type(instance).__name__,
            fix=tr("use the six-digit code, e.g. 410000 for 河南省 or 130100 for a city of 河北省"),
        )


def as_enum(enum_type: type[E], value: Any) -> E:
    """A member of ``enum_type`` from a member or its value (text is trimmed). An unknown value raises
    InvalidInputError naming the allowed values."""
    try:
        return enum_type(value.strip() if isinstance(value, str) else value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum_type)
        raise InvalidInputError(tr("{value!r} is not a {name}",
                                   value=value,
                                   name=enum_type.__name__), fix=tr("use one of: {allowed}",
                                                                                   allowed=allowed)) from None


def as_optional_enum(enum_type: type[E], value: Any) -> E | None:
    """As :func:`as_enum`, but ``None`` and empty text give ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return as_enum(enum_type, value)


def frozenset_of_str(value: Any) -> frozenset[str]:
    """attrs converter: any iterable of strings (or a single string) to a frozenset of trimmed, non-empty strings."""
    if isinstance(value, str):
        value = [value]
    return frozenset(s.strip() for s in value if isinstance(s, str) and s.strip())


def as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """A converter: any iterable as a tuple (typed, where ``converter=tuple`` is not)."""
    return tuple(value)
