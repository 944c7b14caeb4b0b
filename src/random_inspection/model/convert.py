"""The library's one cattrs converter: plain data (dicts, JSON, TOML) to model objects and back.

Unknown keys are refused, dates are ISO strings (``2023-03-09``), enums are their Chinese values, sets are
sorted lists. Every problem in the input is reported at once with its path (``$.certificate.valid_from``)
in one :class:`~random_inspection.errors.DataError`.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, TypeVar, get_origin

import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from random_inspection.errors import DataError, Issue, RandomInspectionError

__all__ = ["converter", "structure", "unstructure"]

T = TypeVar("T")


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)

    def structure_date(value: Any, _: type) -> dt.date:
        if isinstance(value, dt.datetime):
            raise TypeError("expected a date, got a date and time")
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            raise TypeError(f"expected an ISO date string such as 2023-03-09, got {type(value).__name__}")
        return dt.date.fromisoformat(value.strip())

    conv.register_structure_hook(dt.date, structure_date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())

    def structure_bool(value: Any, _: type) -> bool:
        # cattrs would accept "false" as True (bool("false")); a roster's text must not flip a flag.
        if isinstance(value, bool):
            return value
        raise TypeError(f"expected true or false, got {value!r}")

    conv.register_structure_hook(bool, structure_bool)

    def unstructure_set(value: frozenset[Any]) -> list[Any]:
        # Sorted, so that the same object always gives the same bytes (manifests are hashed).
        return sorted((conv.unstructure(v) for v in value), key=str)

    conv.register_unstructure_hook_func(
        lambda t: t in (frozenset, set) or get_origin(t) in (frozenset, set), unstructure_set
    )
    # str-mixin enums would otherwise pass through as enum members; plain data carries their values.
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda e: e.value
    )
    return conv


converter: cattrs.Converter = _make_converter()
"""The shared converter. Use :func:`structure` for friendly errors; the converter itself raises cattrs'."""


def _message(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, RandomInspectionError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(exc.extra_fields))}"
    name = getattr(type_, "__name__", str(type_))
    return f"invalid value for {name}: {exc}"


def structure(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from plain data.

    Raises:
        DataError: listing every problem with its path, e.g. ``$.certificate.valid_from: required field missing``.
    """
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        messages = cattrs.transform_error(exc, path="$", format_exception=_message)
        issues = [Issue(*m.rsplit(" @ ", 1)[::-1]) if " @ " in m else Issue("$", m) for m in messages]
        raise DataError(f"cannot read {cls.__name__}", issues, fix="correct the fields named") from exc
    except (RandomInspectionError, ValueError, TypeError) as exc:
        raise DataError(f"cannot read {cls.__name__}", [Issue("$", _message(exc, cls))]) from exc


def unstructure(obj: Any) -> Any:
    """Turn a model object into plain JSON-ready data (the inverse of :func:`structure`)."""
    return converter.unstructure(obj)
