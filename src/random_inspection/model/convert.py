"""The library's one cattrs converter: plain data (dicts, JSON, TOML) to model objects and back.

Unknown keys are refused, dates are ISO strings (``2023-03-09``), enums are their Chinese values, sets are
sorted lists. Every problem in the input is reported at once with its path (``$.certificate.valid_from``)
in one :class:`~random_inspection.errors.DataError`.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn

from random_inspection.errors import DataError, Issue, RandomInspectionError
from random_inspection.messages import Message, tr
from random_inspection.model import vocabulary
from random_inspection.model.dates import iso_date

__all__ = ["converter", "structure", "unstructure"]

T = TypeVar("T")


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)

    def structure_date(value: Any, _: type) -> dt.date:
        if isinstance(value, dt.datetime):
            raise TypeError(tr("expected a date, got a date and time"))
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            raise TypeError(tr("expected a date written YYYY-MM-DD such as 2023-03-09, got {kind}",
                               kind=type(value).__name__))
        return iso_date(value)

    conv.register_structure_hook(dt.date, structure_date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())

    def structure_bool(value: Any, _: type) -> bool:
        # cattrs would accept "false" as True (bool("false")); a roster's text must not flip a flag.
        if isinstance(value, bool):
            return value
        raise TypeError(tr("expected true or false, got {value!r}", value=value))

    conv.register_structure_hook(bool, structure_bool)

    # Text and numbers are taken as they are, never coerced: None would become "None", 1.9 would become 1.
    def structure_str(value: Any, _: type) -> str:
        if isinstance(value, str):
            return value
        raise TypeError(tr("expected text, got {kind} {value!r}", kind=type(value).__name__, value=value))

    def structure_int(value: Any, _: type) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise TypeError(tr("expected a whole number, got {kind} {value!r}", kind=type(value).__name__, value=value))

    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(int, structure_int)

    def structure_set(value: Any, type_: Any) -> frozenset[Any]:
        # A single text is one item (as the model's own converters read it), not a set of its characters.
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, (list, tuple, set, frozenset)):
            raise TypeError(tr("expected a list, got {kind}", kind=type(value).__name__))
        (item_type,) = get_args(type_) or (Any,)
        return frozenset(conv.structure(v, item_type) for v in items)

    def is_frozenset(t: Any) -> bool:
        origin: Any = get_origin(t) or t
        return origin is frozenset

    conv.register_structure_hook_func(is_frozenset, structure_set)
    conv.register_structure_hook_factory(attrs.has, lambda cls: _field_checking_hook(conv, cls))

    def unstructure_set(value: frozenset[Any]) -> list[Any]:
        # Sorted, so that the same object always gives the same bytes (manifests are hashed).
        return sorted((conv.unstructure(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False))

    def is_set_type(t: Any) -> bool:
        origin: Any = get_origin(t) or t
        return origin is frozenset or origin is set

    conv.register_unstructure_hook_func(is_set_type, unstructure_set)
    # The vocabularies are str-mixin enums: cattrs' hook for str (found first in their MRO) would pass the
    # members through, so each gets its own hook that gives the plain Chinese value.
    for name in vocabulary.__all__:
        member_type = getattr(vocabulary, name)
        if isinstance(member_type, type) and issubclass(member_type, enum.Enum):
            conv.register_unstructure_hook(member_type, _enum_value)
    # A field typed as text may hold a member (Subject.sector: a named sector, or another one's text).
    conv.register_unstructure_hook(str, lambda v: v.value if isinstance(v, enum.Enum) else v)
    return conv


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _field_checking_hook(conv: cattrs.Converter, cls: type[Any]) -> Any:
    """cattrs' own hook for an attrs class, plus: when the class refuses the values (its converters and
    validators stop at the first problem), check every field on its own so that each problem is reported
    under its field's path (``$.area_code``), not once under the object's."""
    base = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True)

    def hook(data: Any, _: Any) -> Any:
        try:
            return base(data, cls)
        except ClassValidationError as exc:
            # Some fields could not be structured; the others were never validated: validate them too.
            noted = [e for e in exc.exceptions if _field_of(e)]
            more = _field_errors(conv, cls, data, skip={_field_of(e) for e in noted})
            # An error of the constructor (no field noted) that a field's own check repeats is shown once.
            repeated = {str(e) for e in more}
            whole = [e for e in exc.exceptions if not _field_of(e) and str(e) not in repeated]
            raise ClassValidationError(exc.message, [*noted, *more, *whole], cls) from None
        except RandomInspectionError as exc:
            errors = _field_errors(conv, cls, data, skip=set())
            if not errors:
                raise  # a rule across fields (e.g. dates in the wrong order): reported under the object
            raise ClassValidationError(f"While structuring {cls.__name__}", errors, cls) from exc

    return hook


def _field_of(exc: BaseException) -> str:
    """The field cattrs noted on an error, or ``""``."""
    notes = getattr(exc, "__notes__", [])
    return next((n.name for n in notes if isinstance(n, AttributeValidationNote)), "")


def _field_errors(
    conv: cattrs.Converter, cls: type[Any], data: Mapping[str, Any], skip: set[str]
) -> list[Exception]:
    """Run each field's structuring, converter and validator on its own (but those in ``skip``, already
    reported); return the errors, each noted with its field as cattrs notes them."""
    if not isinstance(data, Mapping):
        return []
    probe = object.__new__(cls)  # validators may read other fields (Subject's sector reads domain)
    fields = [f for f in attrs.fields(cls) if f.name in data and f.name not in skip]
    values: dict[str, Any] = {}
    errors: list[Exception] = []

    def note(exc: Exception, field: attrs.Attribute[Any]) -> None:
        field_note = AttributeValidationNote(
            f"Structuring class {cls.__qualname__} @ attribute {field.name}", field.name, field.type
        )
        # __notes__ set by hand, as cattrs does, because BaseException.add_note needs Python 3.11.
        setattr(exc, "__notes__", [*getattr(exc, "__notes__", []), field_note])  # noqa: B010
        errors.append(exc)

    for field in fields:
        try:
            value = conv.structure(data[field.name], field.type)
            values[field.name] = field.converter(value) if callable(field.converter) else value
            object.__setattr__(probe, field.name, values[field.name])
        except Exception as exc:  # re-reported with its path, whatever it is
            note(exc, field)
    for field in fields:
        if field.name in values and field.validator is not None:
            try:
                field.validator(probe, field, values[field.name])
            except AttributeError:
                pass  # the validator reads another field that is itself bad, and reported
            except Exception as exc:  # re-reported with its path, whatever it is
                note(exc, field)
    return errors


converter: cattrs.Converter = _make_converter()
"""The shared converter. Use :func:`structure` for friendly errors; the converter itself raises cattrs'."""


def _message(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, RandomInspectionError):
        # The path says where; the message says what and how to fix.
        return tr("{text} — fix: {fix}", text=exc.what, fix=exc.fix) if exc.fix else exc.what
    if isinstance(exc, AttributeError):  # cattrs met something that is not a table where fields were expected
        return tr("expected a table of fields, got {kind}", kind=type(getattr(exc, "obj", None)).__name__)
    if isinstance(exc, KeyError):
        return tr("required field missing")
    if isinstance(exc, ForbiddenExtraKeysError):
        return tr("unknown field(s) {names}", names=", ".join(sorted(exc.extra_fields)))
    name = getattr(type_, "__name__", str(type_))
    detail = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Message) else str(exc)
    return tr("invalid value for {name}: {error}", name=name, error=detail)


def structure(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from plain data.

    Raises:
        DataError: listing every problem with its path, e.g. ``$.certificate.valid_from: required field missing``.
    """
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        made: dict[str, str] = {}  # each message's text and the message (cattrs joins it to its path as text)

        def message(error: BaseException, type_: Any) -> str:
            text = _message(error, type_)
            made[str(text)] = text
            return text
        messages = cattrs.transform_error(exc, path="$", format_exception=message)
        issues = [Issue(path, made.get(text, text)) for text, path in
                  (m.rsplit(" @ ", 1) if " @ " in m else (m, "$") for m in messages)]
        raise DataError(tr("cannot read {name}", name=_name(cls)), issues) from exc
    except (RandomInspectionError, ValueError, TypeError, AttributeError) as exc:
        raise DataError(tr("cannot read {name}", name=_name(cls)), [Issue("$", _message(exc, cls))]) from exc


def _name(type_: Any) -> str:
    origin = get_origin(type_)
    if origin is None:
        return str(type_.__name__)
    return f"{origin.__name__}[{', '.join(getattr(a, '__name__', str(a)) for a in get_args(type_))}]"


def unstructure(obj: Any) -> Any:
    """Turn a model object into plain JSON-ready data (the inverse of :func:`structure`)."""
    return converter.unstructure(obj)
