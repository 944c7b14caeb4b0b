"""Typed data between the library and a local profile's child process, as JSON.

A value is written as plain JSON where JSON has the type (``None``, ``bool``, ``int``, ``float``, ``str``,
lists) and as an object with one tag otherwise: ``{"$tuple": [...]}``, ``{"$date": "2025-06-01"}``,
``{"$attrs": "module:Class", "fields": {...}}``, a sequence the library keeps in a form of its own (one with
``from_entries``) as ``{"$entries": "module:Class", "value": [...]}``, ... Reading back is strict: an object
with another key, a class outside the library (``random_inspection.*``) or one that is not an attrs class, an
enumeration or a text type, or fields its class refuses, raise :class:`WireError`. A class is rebuilt through
its own constructor, so its validators check every value again. Callables (a form's writer, a table's builder)
cross as references the caller turns into calls back to the child (``callables``).
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path, PurePath
from typing import Any

import attrs

__all__ = ["WireError", "decode", "encode", "function_named"]

_LIBRARY = "random_inspection."


class WireError(ValueError):
    """A value that does not read back as the library's typed data."""


def encode(value: Any, callables: list[Callable[..., Any]] | None = None, *,
           special: Callable[[Any], Any] | None = None) -> Any:
    """``value`` as JSON-ready data; callables are appended to ``callables`` and written as their index there
    (``None``: a callable is an error). ``special(value)`` may write a value itself (``None``: it does not)."""
    if special is not None and not isinstance(value, (str, int, float, type(None))):
        written = special(value)
        if written is not None:
            return written
    if value is None or type(value) in (bool, int, float):
        return value
    if isinstance(value, enum.Enum):
        return {"$enum": _name(type(value)), "value": encode(value.value, callables, special=special)}
    if isinstance(value, str):
        return value if type(value) is str else {"$str": _name(type(value)), "value": str(value)}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Fraction):
        return {"$fraction": [value.numerator, value.denominator]}
    if isinstance(value, PurePath):
        return {"$path": str(value)}
    if isinstance(value, list):
        return [encode(v, callables, special=special) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, callables, special=special) for v in value]}
    if isinstance(value, frozenset):
        return {"$frozenset": [encode(v, callables, special=special) for v in sorted(value, key=repr)]}
    if isinstance(value, Mapping):
        return {"$dict": [[encode(k, callables, special=special), encode(v, callables, special=special)]
                          for k, v in value.items()]}
    if attrs.has(type(value)):
        fields = {f.alias: encode(getattr(value, f.name), callables, special=special)
                  for f in attrs.fields(type(value)) if f.init}
        return {"$attrs": _name(type(value)), "fields": fields}
    if isinstance(value, Sequence) and callable(getattr(type(value), "from_entries", None)):
        # a sequence the library keeps in its own form (the manifest's SubjectColumns): sent as its entries
        return {"$entries": _name(type(value)), "value": [encode(v, callables, special=special) for v in value]}
    if callable(value) and callables is not None:
        callables.append(value)
        return {"$callable": len(callables) - 1}
    if callable(value) and _function(f"{getattr(value, '__module__', '')}:{getattr(value, '__qualname__', '')}",
                                     ) is value:
        # a function of a module by name (a manifest's hash function); only the child reads it back
        return {"$function": f"{value.__module__}:{value.__qualname__}"}
    raise WireError(f"cannot send {type(value).__name__} {value!r}")


def decode(data: Any, special: Callable[[str, Any], Any] | None = None) -> Any:
    """The value :func:`encode` wrote. ``special(tag, payload)`` reads the tags ``$callable`` and ``$resolved``
    (left out: they are errors).

    Raises:
        WireError: anything that is not the library's typed data, or that its class refuses.
    """
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(v, special) for v in data]
    if type(data) is not dict or len(data) not in (1, 2) or not all(type(k) is str for k in data):
        raise WireError(f"unexpected {type(data).__name__} {_short(data)}")
    tag = next(iter(data))
    payload = data[tag]
    if len(data) == 2:
        extra = set(data) - {tag, "value", "fields"}
        if extra or tag not in ("$enum", "$str", "$attrs", "$entries"):
            raise WireError(f"unknown keys {sorted(data)}")
    try:
        return _decode_tagged(tag, payload, data, special)
    except WireError:
        raise
    except Exception as exc:  # a class's own validators and converters refuse the value
        raise WireError(f"{tag} {_short(data)}: {type(exc).__name__}: {exc}") from exc


def _decode_tagged(tag: str, payload: Any, data: dict[str, Any], special: Callable[[str, Any], Any] | None) -> Any:
    if tag == "$tuple":
        return tuple(decode(v, special) for v in _list(payload))
    if tag == "$frozenset":
        return frozenset(decode(v, special) for v in _list(payload))
    if tag == "$dict":
        pairs = [_list(p) for p in _list(payload)]
        if any(len(p) != 2 for p in pairs):
            raise WireError("a $dict holds [key, value] pairs")
        return {decode(k, special): decode(v, special) for k, v in pairs}
    if tag == "$date":
        return dt.date.fromisoformat(_text(payload))
    if tag == "$datetime":
        return dt.datetime.fromisoformat(_text(payload))
    if tag == "$fraction":
        numerator, denominator = _list(payload)
        if type(numerator) is not int or type(denominator) is not int:
            raise WireError("a $fraction holds two whole numbers")
        return Fraction(numerator, denominator)
    if tag == "$path":
        return Path(_text(payload))
    if tag == "$enum":
        cls = _class(payload, enum.Enum)
        return cls(decode(data.get("value"), special))
    if tag == "$str":
        return _class(payload, str)(_text(data.get("value")))
    if tag == "$entries":
        return _class(payload, None, "from_entries").from_entries(tuple(decode(v, special)
                                                                        for v in _list(data.get("value"))))
    if tag == "$attrs":
        cls = _class(payload, None)
        fields = data.get("fields")
        if type(fields) is not dict:
            raise WireError(f"{payload}: fields must be an object")
        return cls(**{name: decode(v, special) for name, v in fields.items()})
    if tag in ("$callable", "$resolved", "$function") and special is not None:
        return special(tag, payload)
    raise WireError(f"unknown tag {tag!r}")


def _class(name: Any, base: type | None, maker: str = "") -> Any:
    module_name, _, qualname = _text(name).partition(":")
    if not module_name.startswith(_LIBRARY) or not qualname or "." in qualname:
        raise WireError(f"{name!r} is not a class of the library")
    module = sys.modules.get(module_name) or importlib.import_module(module_name)
    cls = getattr(module, qualname, None)
    if not isinstance(cls, type) or (base is not None and not issubclass(cls, base)) or (
            base is None and not (callable(getattr(cls, maker, None)) if maker else attrs.has(cls))):
        raise WireError(f"{name!r} is not a class of the library's data")
    return cls


def _function(name: str) -> Any:
    """The module-level object called ``name`` (``module:qualname``), or ``None``."""
    module_name, _, qualname = name.partition(":")
    module = sys.modules.get(module_name)
    return getattr(module, qualname, None) if module is not None and qualname and "." not in qualname else None


def function_named(name: Any) -> Any:
    """The function :func:`encode` wrote by name (for the child's reading only: never read a function named by
    a local profile's process).

    Raises:
        WireError: no such function.
    """
    found = _function(_text(name))
    if found is None or not callable(found):
        raise WireError(f"no function {name!r}")
    return found


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise WireError(f"expected a list, got {_short(value)}")
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise WireError(f"expected text, got {_short(value)}")
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."
