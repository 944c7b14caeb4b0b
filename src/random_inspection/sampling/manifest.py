"""The draw-v1 manifest: every input of a draw, frozen and hashed before any randomness exists (spec §3-§4)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import Any

import attrs

from random_inspection.errors import DataError, InvalidInputError, Issue
from random_inspection.model import ChecklistItem, Inspector, Subject, TeamRule
from random_inspection.model.dates import iso_date
from random_inspection.sampling.canonical import ALGORITHM, canonical_chunks, hash_chunks

__all__ = [
    "CONDITION_FIELDS",
    "DrawRules",
    "InspectorEntry",
    "ItemEntry",
    "Manifest",
    "Sample",
    "SubjectEntry",
    "TeamSpec",
    "build_manifest",
]

CONDITION_FIELDS = ("area", "domain", "sector", "subject_type", "industry", "credit_risk")


@attrs.frozen
class SubjectEntry:
    """One subject of the eligibility snapshot (spec §3)."""

    id: str
    area: str
    domain: str
    sector: str | None
    subject_type: str
    industry: str | None
    credit_risk: str | None
    in_existence: bool
    exempt: bool
    history: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "area": self.area, "domain": self.domain, "sector": self.sector,
            "subject_type": self.subject_type, "industry": self.industry, "credit_risk": self.credit_risk,
            "in_existence": self.in_existence, "exempt": self.exempt, "history": self.history,
        }

    def field(self, name: str) -> str | None:
        value: str | None = getattr(self, name)
        return value


@attrs.frozen
class InspectorEntry:
    """One inspector of the pool (spec §3)."""

    id: str
    department: str
    specialties: tuple[str, ...]
    eligible: bool
    interests: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "department": self.department, "specialties": list(self.specialties),
                "eligible": self.eligible, "interests": list(self.interests)}


@attrs.frozen
class ItemEntry:
    """One checklist item (spec §3)."""

    code: str
    department: str
    domains: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "department": self.department, "domains": list(self.domains)}


def _sorted_quotas(value: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(value))


@attrs.frozen
class TeamSpec:
    """A team's size and specialty quotas, as integers (from a profile's ``TeamRule`` or the plan)."""

    size: int = attrs.field(validator=attrs.validators.ge(1))
    quotas: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_sorted_quotas)

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "quotas": [[tag, k] for tag, k in self.quotas]}

    @classmethod
    def from_rule(cls, rule: TeamRule) -> TeamSpec:
        return cls(rule.size, rule.quotas)


@attrs.frozen
class Sample:
    """How many subjects to draw: a count, a ratio p/q of the eligible, or ratios by a stratum field."""

    count: int | None = None
    ratio: tuple[int, int] | None = None
    ratio_by: str | None = None
    ratios: tuple[tuple[str, tuple[int, int]], ...] = ()

    def __attrs_post_init__(self) -> None:
        given = [self.count is not None, self.ratio is not None, self.ratio_by is not None]
        if sum(given) != 1:
            raise InvalidInputError("give exactly one of count, ratio, ratio_by", where="Sample",
                                    fix="e.g. Sample(count=1) or Sample(ratio=(1, 10))")
        for p, q in [r for r in (self.ratio,) if r] + [r for _, r in self.ratios]:
            if not (isinstance(p, int) and isinstance(q, int) and 0 < p <= q):
                raise InvalidInputError(f"ratio {p}/{q} is not in (0, 1]", where="Sample", fix="give 0 < p ≤ q")
        if self.count is not None and self.count < 0:
            raise InvalidInputError(f"count {self.count} is negative", where="Sample", fix="give 0 or more")

    def to_json(self) -> dict[str, Any]:
        if self.count is not None:
            return {"count": self.count}
        if self.ratio is not None:
            return {"ratio": list(self.ratio)}
        return {"ratio_by": self.ratio_by, "ratios": {k: list(v) for k, v in self.ratios}}


@attrs.frozen
class DrawRules:
    """The rules of a draw, as integers and texts (spec §3 ``rules``)."""

    sample: Sample
    team: TeamSpec
    strata: tuple[str, ...] = ()
    conditions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    yearly_cap: int | None = None
    reserve: int = 0
    team_by_domain: tuple[tuple[str, TeamSpec], ...] = ()
    departments: tuple[str, ...] = ()
    items: int | None = None
    class_caps: tuple[tuple[str, int], ...] = ()

    def __attrs_post_init__(self) -> None:
        for name in (*self.strata, *(f for f, _ in self.conditions)):
            if name not in CONDITION_FIELDS:
                raise InvalidInputError(f"unknown subject field {name!r}", where="DrawRules",
                                        fix=f"use one of {', '.join(CONDITION_FIELDS)}")
        if self.sample.ratio_by is not None and self.sample.ratio_by not in self.strata:
            raise InvalidInputError(f"ratio_by {self.sample.ratio_by!r} is not a stratum field", where="DrawRules",
                                    fix="add it to strata")

    def cap_for(self, credit_risk: str | None) -> int | None:
        """The yearly cap of a subject of this credit-risk class (石家庄 二(五)): its class's, else the plan's."""
        return dict(self.class_caps).get(credit_risk or "", self.yearly_cap)

    def team_for(self, domain: str) -> TeamSpec:
        return dict(self.team_by_domain).get(domain, self.team)

    def to_json(self) -> dict[str, Any]:
        team = self.team.to_json()
        if self.team_by_domain:
            team["by_domain"] = {d: t.to_json() for d, t in self.team_by_domain}
        return {
            "conditions": {f: list(v) for f, v in self.conditions},
            "yearly_cap": self.yearly_cap,
            "strata": list(self.strata),
            "sample": self.sample.to_json(),
            "reserve": self.reserve,
            "team": team,
            "departments": list(self.departments),
            "items": self.items,
            "yearly_cap_by_credit_risk": dict(self.class_caps),
        }


@attrs.frozen(eq=False)
class Manifest:
    """Every input of one draw (spec §3). Build it with :func:`build_manifest`; publish :attr:`hash`."""

    plan_id: str
    seed_source: str
    window: tuple[dt.date, dt.date]
    subjects: tuple[SubjectEntry, ...]
    inspectors: tuple[InspectorEntry, ...]
    checklist: tuple[ItemEntry, ...]
    rules: DrawRules

    def _head(self) -> dict[str, Any]:
        return {
            "algorithm": ALGORITHM,
            "plan_id": self.plan_id,
            "seed_source": self.seed_source,
            "window": [self.window[0].isoformat(), self.window[1].isoformat()],
            "rules": self.rules.to_json(),
        }

    def chunks(self) -> Iterator[bytes]:
        """The canonical form, piece by piece."""
        return canonical_chunks(self._head(), {
            "subjects": (s.to_json() for s in self.subjects),
            "inspectors": (i.to_json() for i in self.inspectors),
            "checklist": (c.to_json() for c in self.checklist),
        })

    def canonical(self) -> bytes:
        """The canonical form in one piece (for publication and test vectors)."""
        return b"".join(self.chunks())

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Manifest:
        """Read a published manifest (its canonical JSON, parsed), so that anyone can re-run the draw.

        Raises:
            DataError: a manifest of another algorithm, or one whose fields do not fit §3.
        """
        try:
            if data["algorithm"] != ALGORITHM:
                raise ValueError(f"algorithm is {data['algorithm']!r}, not {ALGORITHM}")
            r = data["rules"]
            sample = r["sample"]
            team = r["team"]
            rules = DrawRules(
                Sample(
                    count=sample.get("count"),
                    ratio=tuple(sample["ratio"]) if "ratio" in sample else None,
                    ratio_by=sample.get("ratio_by"),
                    ratios=tuple((k, (p, q)) for k, (p, q) in sample.get("ratios", {}).items()),
                ),
                TeamSpec(team["size"], tuple((t, k) for t, k in team["quotas"])),
                strata=tuple(r["strata"]),
                conditions=tuple((f, tuple(v)) for f, v in r["conditions"].items()),
                yearly_cap=r["yearly_cap"],
                reserve=r["reserve"],
                team_by_domain=tuple(
                    (d, TeamSpec(t["size"], tuple((g, k) for g, k in t["quotas"])))
                    for d, t in team.get("by_domain", {}).items()
                ),
                departments=tuple(r["departments"]),
                items=r["items"],
                class_caps=tuple(sorted(r["yearly_cap_by_credit_risk"].items())),
            )
            return cls(
                data["plan_id"], data["seed_source"],
                (iso_date(data["window"][0]), iso_date(data["window"][1])),
                tuple(SubjectEntry(**s) for s in data["subjects"]),
                tuple(InspectorEntry(i["id"], i["department"], tuple(i["specialties"]), i["eligible"],
                                     tuple(i["interests"])) for i in data["inspectors"]),
                tuple(ItemEntry(c["code"], c["department"], tuple(c["domains"])) for c in data["checklist"]),
                rules,
            )
        except (KeyError, TypeError, ValueError, InvalidInputError) as exc:
            raise DataError("cannot read the manifest", [Issue("$", f"{type(exc).__name__}: {exc}")],
                            fix="give the manifest exactly as published (docs/spec/draw-v1.md §3)") from exc

    @cached_property
    def hash(self) -> str:
        """hex(SHA-256) of the canonical form: publish it before the seed exists."""
        return hash_chunks(self.chunks())


def _sorted_unique(items: Iterable[Any], key: str, what: str) -> tuple[Any, ...]:
    ordered = sorted(items, key=lambda x: getattr(x, key).encode("utf-8"))
    issues = [
        Issue(f"{what} {getattr(b, key)}", "appears twice")
        for a, b in itertools.pairwise(ordered)
        if getattr(a, key) == getattr(b, key)
    ]
    if issues:
        raise DataError(f"duplicate {what} ids in the roster", issues, fix=f"give every {what} its own id")
    return tuple(ordered)


def build_manifest(
    plan_id: str,
    seed_source: str,
    window: tuple[dt.date, dt.date],
    subjects: Iterable[Subject],
    inspectors: Iterable[Inspector],
    checklist: Iterable[ChecklistItem],
    rules: DrawRules,
    *,
    history: Mapping[str, int] | None = None,
    units: Iterable[str] | None = None,
) -> Manifest:
    """Freeze the inputs of a draw.

    Args:
        history: inspections already made this year, by 统一社会信用代码 (absent = 0); from the store, not typed.
        units: the units inspectors may come from (偃师 二(二)); ``None`` = any.

    Raises:
        DataError: duplicate subject, inspector or item ids.
        InvalidInputError: a window that ends before it starts, a negative history count.
    """
    first, last = window
    if last < first:
        raise InvalidInputError(f"window {first} to {last} ends before it starts", where="build_manifest",
                                fix="give (first day, last day)")
    history = history or {}
    allowed = set(units) if units is not None else None
    subject_entries = []
    for s in subjects:
        count = history.get(s.uscc, 0)
        if count < 0:
            raise InvalidInputError(f"history {count} for {s.uscc} is negative", where="build_manifest",
                                    fix="give the number of inspections made this year")
        subject_entries.append(SubjectEntry(
            s.uscc, s.area_code, s.domain.value, s.sector.value if s.sector else None, s.subject_type.value,
            s.industry, s.credit_risk.value if s.credit_risk else None, s.in_existence, s.exempt_from_yearly_cap,
            count,
        ))
    inspector_entries = [
        InspectorEntry(
            p.id, p.department, tuple(sorted(p.specialties)),
            p.active and p.certificate.is_valid_throughout(first, last) and (allowed is None or p.unit in allowed),
            tuple(sorted(p.interests)),
        )
        for p in inspectors
    ]
    item_entries = [ItemEntry(c.code, c.department, tuple(sorted(d.value for d in c.domains))) for c in checklist]
    return Manifest(
        plan_id, seed_source, (first, last),
        _sorted_unique(subject_entries, "id", "subject"),
        _sorted_unique(inspector_entries, "id", "inspector"),
        _sorted_unique(item_entries, "code", "checklist item"),
        rules,
    )
