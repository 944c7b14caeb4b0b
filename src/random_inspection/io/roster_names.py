"""The names staff read beside the codes a draw and its duties are kept by: a subject's 名称 beside its
统一社会信用代码, an inspector's 姓名 beside the staff id.

The manifest and the store hold codes only (and each roster file's SHA-256, which `draw` and `obligations` hold
the plan's files to first); the names come from the plan's rosters (a roster that cannot be read, or a row that
is bad, gives no name, and the code is shown alone). Names only: never
a 公民身份号码, a phone number or an address, and a name in which the personal-data filter
(:func:`~random_inspection.workflow.privacy.find_personal_data`) finds one is left out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from random_inspection.io.rosters import RosterKind, import_roster
from random_inspection.workflow.privacy import find_personal_data

__all__ = ["RosterNames", "read_roster_names"]


@attrs.frozen
class RosterNames:
    """Names by code: ``subjects`` (名称 by 统一社会信用代码) and ``inspectors`` (姓名 by staff id)."""

    subjects: Mapping[str, str] = attrs.field(factory=dict)
    inspectors: Mapping[str, str] = attrs.field(factory=dict)

    def subject(self, uscc: str) -> str:
        """The subject's name, ``""`` when the roster gives none."""
        return self.subjects.get(uscc, "")

    def inspector(self, pid: str) -> str:
        """The inspector's name, ``""`` when the roster gives none."""
        return self.inspectors.get(pid, "")

    def with_inspector(self, pid: str) -> str:
        """The staff id with the name after it (``HB001 执法人员01``), or the id alone."""
        name = self.inspector(pid)
        return f"{pid} {name}" if name else pid

    def only(self, subjects: Iterable[str] = (), inspectors: Iterable[str] = ()) -> RosterNames:
        """The names of the codes given, and no others (what an output shows of the rosters)."""
        return RosterNames({s: self.subjects[s] for s in subjects if s in self.subjects},
                           {p: self.inspectors[p] for p in inspectors if p in self.inspectors})

    def to_json(self) -> dict[str, dict[str, str]]:
        return {"subjects": dict(self.subjects), "inspectors": dict(self.inspectors)}


def _public(names: Mapping[str, str]) -> dict[str, str]:
    return {code: name for code, name in names.items() if find_personal_data(name, allowed=(code,)) is None}


def read_roster_names(paths: Mapping[RosterKind, Path], *, department: str | None = None,
                      encoding: str | None = None) -> RosterNames:
    """The names the subject and inspector rosters at ``paths`` hold (read leniently: a bad row or an unreadable
    file gives no name, never an error)."""
    found: dict[RosterKind, dict[str, str]] = {RosterKind.SUBJECTS: {}, RosterKind.INSPECTORS: {}}
    for kind, key in ((RosterKind.SUBJECTS, "uscc"), (RosterKind.INSPECTORS, "id")):
        if kind not in paths:
            continue
        result = import_roster(paths[kind], kind, department=department, encoding=encoding)
        found[kind] = {getattr(r, key): r.name for r in result.records}
    return RosterNames(_public(found[RosterKind.SUBJECTS]), _public(found[RosterKind.INSPECTORS]))
