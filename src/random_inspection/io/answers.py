"""The data the command line prints with ``--format json`` and the HTTP service answers, for the reads both
give: the loaded profiles, a due date, identifiers checked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from random_inspection.errors import RandomInspectionError
from random_inspection.model import validate_id_number, validate_uscc
from random_inspection.profiles import ProfileRegistry
from random_inspection.timelimits import CountingOverride, CutOff, Deadline

__all__ = ["check_ids", "deadline_json", "profile_summaries"]


def profile_summaries(registry: ProfileRegistry) -> list[dict[str, Any]]:
    """Each loaded profile with its parent, its documents (each with its period of force), its number of rules
    and its own catalogue keys, by jurisdiction code."""
    return [
        {"code": p.code, "name": p.name, "jurisdiction": p.jurisdiction.code, "parent": p.parent,
         "documents": [{"short": d.short(), "period": d.period()} for d in p.documents], "rules": len(p.rules),
         "own_keys": [k.key for k in p.keys]}
        for p in sorted(registry.profiles.values(), key=lambda p: (p.jurisdiction.code, p.code))
    ]


def deadline_json(result: Deadline, hours: CutOff | None = None,
                  counting: CountingOverride | None = None) -> dict[str, Any]:
    """A due date with its legal basis, its provisional years, its cut-off and a law's own counting."""
    return {
        "event": result.event.isoformat(), "period": result.period.label, "due": result.due.isoformat(),
        "provisional": result.provisional, "provisional_years": list(result.provisional_years),
        "extended_from": result.extended_from.isoformat() if result.extended_from else None,
        "legal_basis": [c.short() for c in result.legal_basis],
        "ends": result.ends,
        "cut_off": None if hours is None else {"time": hours.label, "source": hours.source.short()},
        "counting": None if counting is None else {"changes": list(counting.changes),
                                                   "citation": counting.citation.short()},
    }


def check_ids(values: Iterable[str], kind: str) -> list[dict[str, Any]]:
    """Each value checked as a 统一社会信用代码 (``uscc``) or a 公民身份号码 (``id-number``): valid or not, the
    normalised value, the problem."""
    check = validate_uscc if kind == "uscc" else validate_id_number
    results = []
    for value in values:
        try:
            results.append({"value": value, "valid": True, "normalized": check(value), "problem": None})
        except RandomInspectionError as exc:
            results.append({"value": value, "valid": False, "normalized": None, "problem": exc.message})
    return results
