"""Reading a TOML file the command line is given (a plan file, an actor file, a key ring), with one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from random_inspection.errors import InvalidInputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["read_toml"]


def read_toml(path: Path, what: str, fix: str) -> dict[str, Any]:
    """The table a TOML file holds.

    Raises:
        InvalidInputError: the file cannot be read, or is not TOML (``fix`` says where its form is described).
    """
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInputError(f"cannot read the {what}: {exc.strerror or exc}", where=str(path),
                                fix="check the path") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"the {what} is not TOML: {exc}", where=str(path), fix=fix) from None
    return data
