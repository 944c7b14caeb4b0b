"""TOML files: reading one the command line is given (a plan file, an actor file, a key ring), with one-line
errors; and writing one with ``tomli-w``, whose strings escape every character TOML forbids bare (control
characters, DEL, quotes, backslashes), atomically (:mod:`random_inspection.io.atomic`)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from random_inspection.errors import InvalidInputError
from random_inspection.io.atomic import write_bytes_atomic
from random_inspection.messages import tr

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["read_toml", "toml_text", "write_toml"]


def read_toml(path: Path, what: str, fix: str) -> dict[str, Any]:
    """The table a TOML file holds.

    Raises:
        InvalidInputError: the file cannot be read, or is not TOML (``fix`` says where its form is described).
    """
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInputError(tr("cannot read the {what}: {value}",
                                   what=what,
                                   value=exc.strerror or exc), where=str(path),
                                fix=tr("check the path")) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(tr("the {what} is not TOML: {exc}",
                                   what=what,
                                   exc=exc), where=str(path), fix=fix) from None
    return data


def toml_text(data: Mapping[str, Any]) -> str:
    """``data`` as TOML text that :func:`read_toml` reads back as the same table.

    Raises:
        InvalidInputError: a value TOML cannot hold (``None``, an object of another type), or text that is not
            Unicode (a lone surrogate).
    """
    try:
        text = tomli_w.dumps(data)
        text.encode("utf-8")
    except (TypeError, UnicodeEncodeError) as exc:
        raise InvalidInputError(tr("cannot be written as TOML: {exc}",
                                   exc=exc), fix=tr("give text, numbers, dates, lists and "
                                                                            "tables only, as Unicode text")) from None
    return text


def write_toml(path: Path, data: Mapping[str, Any], *, exclusive: bool = False) -> Path:
    """Write ``data`` as a TOML file (UTF-8), whole or not at all (``exclusive``: never over an existing file).

    Raises:
        InvalidInputError: as :func:`toml_text`; or ``exclusive`` and the file exists.
    """
    text = toml_text(data)
    try:
        return write_bytes_atomic(path, text.encode("utf-8"), exclusive=exclusive)
    except FileExistsError:
        raise InvalidInputError(tr("the file exists already"), where=str(path), fix=tr("choose another name")) from None
