"""Stand-in subjects and teams for checking a profile's team rules without a real roster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from random_inspection.model import EnforcementCertificate, Inspector, Subject

__all__ = ["probe_subject", "probe_team"]

# The code is the GB 32100 standard's own example; it stands for no real subject of the five jurisdictions.
PROBE_USCC = "91350100M000100Y43"
_OPEN_CERTIFICATE = EnforcementCertificate("probe", dt.date(1900, 1, 1))


def probe_subject(domain: str, area_code: str) -> Subject:
    """A subject of ``domain`` registered in ``area_code``."""
    return Subject(PROBE_USCC, "检查对象（示例）", domain, area_code)


def probe_team(tag_sets: Iterable[Iterable[str]]) -> tuple[Inspector, ...]:
    """Active inspectors with open-ended certificates, one per set of specialty tags."""
    return tuple(
        Inspector(f"m{i}", f"成员{i}", "示例", "示例", _OPEN_CERTIFICATE, specialties=frozenset(tags))
        for i, tags in enumerate(tag_sets)
    )
