"""The names of the areas under a jurisdiction: a table a profile (or its jurisdiction's layer) supplies through
the hook ``random_inspection_area_names``, so that a stratum keyed by a subject's ``area_code`` (GB/T 2260) can
be shown by name. The names are never made up: each table cites the official code list it is copied from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from random_inspection.errors import ProfileError
from random_inspection.messages import tr

__all__ = ["AreaNames", "area_label"]


def _source(value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(tr("an area-name table names no source"), where=tr("the profile's area names"),
                           fix=tr("cite the official code list the names are copied from, with its date"))
    return value.strip()


def _names(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    pairs = tuple(value.items() if isinstance(value, Mapping) else value)
    for code, name in pairs:
        if not (isinstance(code, str) and len(code) == 6 and code.isdigit()):
            raise ProfileError(tr("{code!r} is not a six-digit area code", code=code),
                               where=tr("the profile's area names"), fix=tr("give each area its GB/T 2260 code"))
        if not isinstance(name, str) or not name.strip():
            raise ProfileError(tr("the area {code} has no name", code=code), where=tr("the profile's area names"),
                               fix=tr("give the name the code list gives it"))
    codes = [c for c, _ in pairs]
    if len(set(codes)) != len(codes):
        raise ProfileError(tr("an area code is named twice"), where=tr("the profile's area names"),
                           fix=tr("name each code once"))
    return tuple(sorted((c, n.strip()) for c, n in pairs))


@attrs.frozen
class AreaNames:
    """The names of areas by their GB/T 2260 codes, and the code list they are copied from.

    Attributes:
        source: the citation of the list, with its date (e.g. 民政部《2023年中华人民共和国县以上行政区划代码》).
        names: (code, name) pairs, one per code.
    """

    source: str = attrs.field(converter=_source)
    names: tuple[tuple[str, str], ...] = attrs.field(converter=_names)

    def name(self, code: str) -> str | None:
        """The name of ``code``, ``None`` when the table does not have it."""
        return dict(self.names).get(code)


def area_label(code: str, name: str | None) -> str:
    """How an area is shown: ``名称 (代码)`` where its name is known, else the code alone (never dropped)."""
    return f"{name} ({code})" if name else code
