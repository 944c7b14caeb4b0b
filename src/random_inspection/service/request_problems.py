"""A request that does not match its schema, said as the service's own messages: the problem of each of pydantic's
errors by its type (pydantic's own text is English only) and the place of the value as a path."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from random_inspection.messages import Message, tr

__all__ = ["field_path", "problem_of"]

_LOCATIONS = ("body", "query", "path", "header", "cookie")

_PROBLEMS: Mapping[str, Callable[[Mapping[str, Any]], Message]] = {
    "missing": lambda ctx: tr("a required value is missing"),
    "extra_forbidden": lambda ctx: tr("a value the schema does not name"),
    "string_type": lambda ctx: tr("expected text"),
    "int_type": lambda ctx: tr("expected a whole number"),
    "int_parsing": lambda ctx: tr("expected a whole number"),
    "int_from_float": lambda ctx: tr("expected a whole number"),
    "float_type": lambda ctx: tr("expected a number"),
    "float_parsing": lambda ctx: tr("expected a number"),
    "bool_type": lambda ctx: tr("expected true or false"),
    "bool_parsing": lambda ctx: tr("expected true or false"),
    "list_type": lambda ctx: tr("expected a list"),
    "dict_type": lambda ctx: tr("expected an object"),
    "model_type": lambda ctx: tr("expected an object"),
    "model_attributes_type": lambda ctx: tr("expected an object"),
    "json_invalid": lambda ctx: tr("the body is not JSON: {error}", error=ctx.get("error", "")),
    "literal_error": lambda ctx: tr("expected one of {expected}", expected=ctx.get("expected", "")),
    "enum": lambda ctx: tr("expected one of {expected}", expected=ctx.get("expected", "")),
    "string_too_short": lambda ctx: tr("shorter than {min_length} characters", min_length=ctx.get("min_length", "")),
    "string_too_long": lambda ctx: tr("longer than {max_length} characters", max_length=ctx.get("max_length", "")),
    "too_short": lambda ctx: tr("fewer than {min_length} items", min_length=ctx.get("min_length", "")),
    "too_long": lambda ctx: tr("more than {max_length} items", max_length=ctx.get("max_length", "")),
    "greater_than": lambda ctx: tr("not greater than {gt}", gt=ctx.get("gt", "")),
    "greater_than_equal": lambda ctx: tr("less than {ge}", ge=ctx.get("ge", "")),
    "less_than": lambda ctx: tr("not less than {lt}", lt=ctx.get("lt", "")),
    "less_than_equal": lambda ctx: tr("greater than {le}", le=ctx.get("le", "")),
    "string_pattern_mismatch": lambda ctx: tr("does not match the pattern {pattern}", pattern=ctx.get("pattern", "")),
}


def problem_of(error: Mapping[str, Any]) -> Message:
    """The problem of one of pydantic's errors (``{"type", "loc", "msg", "ctx"}``) as a message; a type this table
    does not know keeps pydantic's English text inside the service's frame."""
    make = _PROBLEMS.get(str(error.get("type", "")))
    if make is not None:
        return make(error.get("ctx") or {})
    return Message("{problem}", {"problem": str(error.get("msg", "invalid"))})


def field_path(location: Sequence[Any]) -> str:
    """The place of a value as its path in the request, as a client writes it: a query parameter's or a header's
    name (``event``), a body's field (``rows[0].uscc``); ``body`` for the body as a whole."""
    parts = list(location)
    if len(parts) > 1 and parts[0] in _LOCATIONS:
        parts = parts[1:]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path
