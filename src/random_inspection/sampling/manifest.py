"""The draw manifest: every input of a draw, frozen and hashed before any randomness exists (draw-v1 §3-§4;
draw-v2 §2-§4: a structured public input with its announced time, interests committed by salted tags; draw-v3
§2: the plan's expert roster besides)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any

import attrs

from random_inspection.errors import DataError, InvalidInputError, Issue
from random_inspection.messages import tr
from random_inspection.model import ChecklistItem, Expert, Inspector, Subject, TeamRule
from random_inspection.model.dates import iso_date
from random_inspection.sampling.canonical import (
    Encoded,
    algorithm_hash,
    algorithm_name,
    algorithm_version,
    canonical_chunks,
    hash_chunks,
)
from random_inspection.sampling.canonical_rows import canonical_batches
from random_inspection.sampling.columns import SubjectColumns, SubjectEntry
from random_inspection.sampling.hashes import SHA256, HashAlgorithm
from random_inspection.sampling.hashes import hash_algorithm as _hash_of
from random_inspection.sampling.interests import InterestDeclarations, expert_identity_tag
from random_inspection.sampling.public_input import PublicInputSpec

__all__ = [
    "CONDITION_FIELDS",
    "RECUSAL_WAYS",
    "DrawRules",
    "ExpertEntry",
    "InspectorEntry",
    "ItemEntry",
    "Manifest",
    "Sample",
    "SubjectEntry",
    "TeamSpec",
    "build_manifest",
    "expert_identity_mismatches",
    "team_manifest",
]

RECUSAL_WAYS = ("swap", "replace")
"""draw-v3 §2: the ways a recusal may take (冷水滩 第十四条 交换被检查对象, 不参与本次执法检查), one per plan."""

CONDITION_FIELDS = ("area", "domain", "sector", "subject_type", "industry", "credit_risk")


def _sorted_texts(instance: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    """A list §3 publishes sorted: texts, each once, in order (code-point order is UTF-8 byte order)."""
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value) or \
            list(value) != sorted(set(value)):
        raise InvalidInputError(tr("{name} of {kind} is not a list of distinct texts in order",
                                   name=attribute.name, kind=type(instance).__name__),
                                where=f"{type(instance).__name__} {getattr(instance, 'id', '')}".strip(),
                                fix=tr("give {name} sorted, each once (spec §3)", name=attribute.name))


@attrs.frozen
class InspectorEntry:
    """One inspector of the pool (spec §3), with the facts its eligibility is decided on, so that anyone can
    re-check it: active or not, the unit, and the 执法证's first and last valid days (ISO dates; no last day =
    open-ended)."""

    id: str
    department: str
    specialties: tuple[str, ...] = attrs.field(validator=_sorted_texts)
    interests: tuple[str, ...] = attrs.field(validator=_sorted_texts)
    unit: str = ""
    active: bool = True
    valid_from: str = "0001-01-01"
    valid_until: str | None = None
    interest_tags: tuple[str, ...] = ()
    """draw-v2 (§4): one salted tag per declared interest, sorted; ``interests`` is then empty."""

    @classmethod
    def of(cls, p: Inspector) -> InspectorEntry:
        """The entry of a roster's inspector."""
        return cls(
            p.id, p.department, tuple(sorted(p.specialties)), tuple(sorted(p.interests)), p.unit, p.active,
            p.certificate.valid_from.isoformat(),
            p.certificate.valid_until.isoformat() if p.certificate.valid_until else None,
        )

    def to_json(self, version: int = 1) -> dict[str, Any]:
        """The entry as the manifest publishes it: draw-v1 lists ``interests`` by subject id, draw-v2 only
        ``interest_tags``."""
        data: dict[str, Any] = {"id": self.id, "department": self.department, "specialties": list(self.specialties),
                                "unit": self.unit, "active": self.active, "valid_from": self.valid_from,
                                "valid_until": self.valid_until}
        if version == 1:
            data["interests"] = list(self.interests)
        else:
            data["interest_tags"] = list(self.interest_tags)
        return data


@attrs.frozen
class ExpertEntry:
    """One expert of the plan's roster (draw-v3 §2; 冷水滩 第十四条 与…专家交换被检查对象): the id, the specialties,
    one salted tag per declared interest, sorted (as a draw-v2 inspector's ``interest_tags``), and the salted tag
    of who the expert is (``identity_tag``: name and ID number, never published in clear)."""

    id: str
    specialties: tuple[str, ...] = ()
    interest_tags: tuple[str, ...] = ()
    identity_tag: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "specialties": list(self.specialties), "interest_tags": list(self.interest_tags),
                "identity_tag": self.identity_tag}


@attrs.frozen
class ItemEntry:
    """One checklist item (spec §3)."""

    code: str
    department: str
    domains: tuple[str, ...] = attrs.field(validator=_sorted_texts)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "department": self.department, "domains": list(self.domains)}


def _bad(what: str, fix: str, where: str = "DrawRules") -> InvalidInputError:
    return InvalidInputError(what, where=where, fix=fix)


def _count(value: Any, name: str, least: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise _bad(tr("{name} {value!r} is not a whole number ≥ {least}", name=name, value=value, least=least),
                   tr("give {name} as an integer ≥ {least}", name=name, least=least))
    return value


def _optional_count(value: Any, name: str) -> int | None:
    return None if value is None else _count(value, name)


def _texts(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _bad(tr("{name} {value!r} is not a list of texts", name=name, value=value),
                   tr("give {name} as a list, e.g. ['411002']", name=name))
    items = tuple(value)
    if not all(isinstance(v, str) for v in items):
        raise _bad(tr("{name} holds something other than text", name=name), tr("give {name} as texts", name=name))
    if len(set(items)) != len(items):
        raise _bad(tr("{name} lists a value twice", name=name), tr("list each value of {name} once", name=name))
    return items


def _pairs(value: Any, name: str) -> tuple[tuple[Any, Any], ...]:
    items = tuple(value.items()) if isinstance(value, Mapping) else tuple(value)
    keys = [k for k, _ in items]
    if len(set(keys)) != len(keys):
        twice = sorted(str(k) for k in keys if keys.count(k) > 1)[0]
        raise _bad(tr("{name} names {twice!r} twice", name=name, twice=twice),
                   tr("name each once in {name}", name=name))
    return tuple(sorted(items, key=lambda kv: str(kv[0]).encode("utf-8")))


def _quotas(value: Any) -> tuple[tuple[str, int], ...]:
    return tuple((str(tag), _count(k, tr("quota of {tag}", tag=tag), 1)) for tag, k in _pairs(value, "quotas"))


def _team_size(v: Any) -> int:
    return _count(v, "team size", 1)


def _sample_count(v: Any) -> int | None:
    return _optional_count(v, "count")


def _optional_ratio(v: Any) -> tuple[int, int] | None:
    return None if v is None else _ratio(v)


def _ratios(v: Any) -> tuple[tuple[str, tuple[int, int]], ...]:
    return tuple((str(k), _ratio(r)) for k, r in _pairs(v, "ratios"))


def _strata(v: Any) -> tuple[str, ...]:
    return _texts(v, "strata")


def _yearly_cap(v: Any) -> int | None:
    return _optional_count(v, "yearly_cap")


def _reserve(v: Any) -> int:
    return _count(v, "reserve")


def _departments(v: Any) -> tuple[str, ...]:
    return _texts(v, "departments")


def _items_count(v: Any) -> int | None:
    return _optional_count(v, "items")


def _class_caps(v: Any) -> tuple[tuple[str, int], ...]:
    return tuple((str(k), _count(c, tr("cap of {class_}", class_=k))) for k, c in _pairs(v, "class caps"))


def _subject_entries(v: Iterable[SubjectEntry]) -> SubjectColumns:
    """The subjects as columns: a :class:`~random_inspection.sampling.columns.SubjectColumns` as it is, entries
    in id order made into one."""
    return SubjectColumns.from_entries(v)


def _inspector_entries(v: Iterable[InspectorEntry]) -> tuple[InspectorEntry, ...]:
    return tuple(v)


def _units(v: Any) -> tuple[str, ...] | None:
    return None if v is None else tuple(sorted(_texts(v, "units"), key=lambda t: t.encode("utf-8")))


def _item_entries(v: Iterable[ItemEntry]) -> tuple[ItemEntry, ...]:
    return tuple(v)


def _expert_entries(v: Iterable[ExpertEntry] | None) -> tuple[ExpertEntry, ...] | None:
    return None if v is None else tuple(v)


@attrs.frozen
class TeamSpec:
    """A team's size and specialty quotas, as integers (from a profile's ``TeamRule`` or the plan)."""

    size: int = attrs.field(converter=_team_size)
    quotas: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_quotas)

    def __attrs_post_init__(self) -> None:
        if sum(k for _, k in self.quotas) > self.size:
            raise _bad(tr("quotas {quotas} need more members than the size {size}", quotas=dict(self.quotas),
                          size=self.size),
                       tr("lower a quota or raise the size"), "TeamSpec")

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "quotas": [[tag, k] for tag, k in self.quotas]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TeamSpec:
        return cls(data["size"], [tuple(q) for q in data["quotas"]])

    @classmethod
    def from_rule(cls, rule: TeamRule) -> TeamSpec:
        return cls(rule.size, rule.quotas)


def _ratio(value: Any) -> tuple[int, int]:
    p, q = value
    if not (isinstance(p, int) and isinstance(q, int) and not isinstance(p, bool) and not isinstance(q, bool)
            and 0 < p <= q):
        raise _bad(tr("ratio {p}/{q} is not in (0, 1] with whole numbers", p=p, q=q), tr("give 0 < p ≤ q"), "Sample")
    return (p, q)


@attrs.frozen
class Sample:
    """How many subjects to draw: a count, a ratio p/q of the eligible, or ratios by a stratum field."""

    count: int | None = attrs.field(default=None, converter=_sample_count)
    ratio: tuple[int, int] | None = attrs.field(default=None, converter=_optional_ratio)
    ratio_by: str | None = None
    ratios: tuple[tuple[str, tuple[int, int]], ...] = attrs.field(default=(), converter=_ratios)

    def __attrs_post_init__(self) -> None:
        given = [self.count is not None, self.ratio is not None, self.ratio_by is not None]
        if sum(given) != 1:
            raise _bad(tr("give exactly one of count, ratio, ratio_by"),
                       tr("e.g. Sample(count=1) or Sample(ratio=(1, 10))"), "Sample")
        if self.ratio_by is not None and not self.ratios:
            raise _bad(tr("ratio_by {ratio_by} without any ratio", ratio_by=self.ratio_by),
                       tr("give ratios for its values"), "Sample")

    def to_json(self) -> dict[str, Any]:
        if self.count is not None:
            return {"count": self.count}
        if self.ratio is not None:
            return {"ratio": list(self.ratio)}
        return {"ratio_by": self.ratio_by, "ratios": {k: list(v) for k, v in self.ratios}}


def _conditions(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((str(f), tuple(sorted(_texts(v, tr("condition {field}", field=f)), key=lambda t: t.encode("utf-8"))))
                 for f, v in _pairs(value, "conditions"))


def _team_pairs(value: Any, name: str) -> tuple[tuple[str, TeamSpec], ...]:
    pairs = _pairs(value, name)
    if not all(isinstance(t, TeamSpec) for _, t in pairs):
        raise _bad(tr("{name} holds something other than TeamSpec", name=name),
                   tr("give ({key}, TeamSpec) pairs", key=name[8:]))
    return pairs


def _domain_teams(value: Any) -> tuple[tuple[str, TeamSpec], ...]:
    return _team_pairs(value, "team_by_domain")


def _sector_teams(value: Any) -> tuple[tuple[str, TeamSpec], ...]:
    return _team_pairs(value, "team_by_sector")


@attrs.frozen
class DrawRules:
    """The rules of a draw, as integers and texts (spec §3 ``rules``). Every field is checked and frozen, so
    a manifest's hash always describes what the engine runs."""

    sample: Sample = attrs.field(validator=attrs.validators.instance_of(Sample))
    team: TeamSpec = attrs.field(validator=attrs.validators.instance_of(TeamSpec))
    strata: tuple[str, ...] = attrs.field(default=(), converter=_strata)
    conditions: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(default=(), converter=_conditions)
    yearly_cap: int | None = attrs.field(default=None, converter=_yearly_cap)
    reserve: int = attrs.field(default=0, converter=_reserve)
    team_by_domain: tuple[tuple[str, TeamSpec], ...] = attrs.field(default=(), converter=_domain_teams)
    departments: tuple[str, ...] = attrs.field(default=(), converter=_departments)
    items: int | None = attrs.field(default=None, converter=_items_count)
    class_caps: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_class_caps)
    units: tuple[str, ...] | None = attrs.field(default=None, converter=_units)
    team_by_sector: tuple[tuple[str, TeamSpec], ...] = attrs.field(default=(), converter=_sector_teams)

    def __attrs_post_init__(self) -> None:
        for name in (*self.strata, *(f for f, _ in self.conditions)):
            if name not in CONDITION_FIELDS:
                raise _bad(tr("unknown subject field {name!r}", name=name),
                           tr("use one of {fields}", fields=", ".join(CONDITION_FIELDS)))
        if self.sample.ratio_by is not None and self.sample.ratio_by not in self.strata:
            raise _bad(tr("ratio_by {ratio_by!r} is not a stratum field", ratio_by=self.sample.ratio_by),
                       tr("add it to strata"))

    def cap_for(self, credit_risk: str | None) -> int | None:
        """The yearly cap of a subject of this credit-risk class (石家庄 二(五)): its class's, else the plan's."""
        return dict(self.class_caps).get(credit_risk or "", self.yearly_cap)

    def team_for(self, domain: str, sector: str | None = None) -> TeamSpec:
        """§7: the rule of the subject's sector (偃师 四.2, by industry), else of its domain (冷水滩 第十三条),
        else the plan's team."""
        by_sector = dict(self.team_by_sector)
        if sector is not None and sector in by_sector:
            return by_sector[sector]
        return dict(self.team_by_domain).get(domain, self.team)

    def to_json(self) -> dict[str, Any]:
        team = self.team.to_json()
        team["by_domain"] = {d: t.to_json() for d, t in self.team_by_domain}
        team["by_sector"] = {d: t.to_json() for d, t in self.team_by_sector}
        return {
            "conditions": {f: list(v) for f, v in self.conditions},
            "yearly_cap": self.yearly_cap,
            "yearly_cap_by_credit_risk": dict(self.class_caps),
            "strata": list(self.strata),
            "sample": self.sample.to_json(),
            "reserve": self.reserve,
            "team": team,
            "departments": list(self.departments),
            "items": self.items,
            "units": None if self.units is None else list(self.units),
        }


@attrs.frozen(eq=False)
class Manifest:
    """Every input of one draw (draw-v1 §3; draw-v2 §2). Build it with :func:`build_manifest`; publish
    :attr:`hash`.

    A draw-v2 manifest has a :attr:`public_input_spec` (its ``seed_source`` is the spec's source, its
    ``public_input_format`` empty) and its inspectors carry ``interest_tags``, not ``interests``; the private
    ``declarations`` (each inspector's interests and the bureau's secret) may ride along in process, outside
    the canonical form, for :func:`~random_inspection.sampling.draw`.
    """

    plan_id: str
    seed_source: str
    public_input_format: str
    window: tuple[dt.date, dt.date]
    subjects: SubjectColumns = attrs.field(converter=_subject_entries)
    """The eligibility snapshot (§3), as columns: a sequence of :class:`SubjectEntry` in id order. Give a
    :class:`~random_inspection.sampling.columns.SubjectColumns` or entries sorted by the UTF-8 bytes of their ids."""
    inspectors: tuple[InspectorEntry, ...] = attrs.field(converter=_inspector_entries)
    checklist: tuple[ItemEntry, ...] = attrs.field(converter=_item_entries)
    rules: DrawRules = attrs.field(validator=attrs.validators.instance_of(DrawRules))
    hash_algorithm: HashAlgorithm = attrs.field(default=SHA256, converter=_hash_of, kw_only=True)
    """The hash of every step of the draw (spec §12): SHA-256 by default, or SM3 (``"sm3"``)."""
    public_input_spec: PublicInputSpec | None = attrs.field(default=None, kw_only=True)
    """draw-v2's structured public input (its source, announced time and fields); ``None`` for draw-v1."""
    declarations: InterestDeclarations | None = attrs.field(default=None, kw_only=True)
    """draw-v2's private interest declarations and secret, carried in process only (never in the canonical
    form); a manifest read from JSON has none."""
    experts: tuple[ExpertEntry, ...] | None = attrs.field(default=None, converter=_expert_entries, kw_only=True)
    """draw-v3 (§2): the plan's expert roster, by id; ``None`` for draw-v1 and draw-v2, which have none."""
    recusal_way: str | None = attrs.field(default=None, kw_only=True)
    """draw-v3 (§2): the way every recusal of the draw takes, ``"swap"`` or ``"replace"``, fixed before the dice
    (冷水滩 第十四条 allows either; the declarer does not choose after seeing the draw); ``None`` before draw-v3."""

    def __attrs_post_init__(self) -> None:
        spec = self.public_input_spec
        if spec is not None:
            if not isinstance(spec, PublicInputSpec):
                raise InvalidInputError(tr("public_input_spec is not a PublicInputSpec"),
                                        where=tr("the plan's manifest"),
                                        fix=tr("give PublicInputSpec(source, produced_at, fields)"))
            if self.seed_source != spec.source or self.public_input_format != "":
                raise InvalidInputError(tr("a draw-v2 manifest takes its source from public_input_spec only"),
                                        where=tr("the plan's manifest"), fix=tr("build it with build_manifest(..., "
                                                                 "public_input=...)"))
            if any(p.interests for p in self.inspectors):
                raise InvalidInputError(tr("a draw-v2 manifest lists an inspector's interests by subject id"),
                                        where=tr("the plan's manifest"),
                                        fix=tr("commit them as interest_tags (build_manifest with interest_secret)"))
            for p in self.inspectors:
                tags = p.interest_tags
                if list(tags) != sorted(set(tags)) or not all(_is_digest_hex(t) for t in tags):
                    raise InvalidInputError(tr("the interest tags of inspector {id} are not distinct 64-character "
                                               "lower-case hex texts in ascending order", id=p.id),
                                            where=tr("the plan's manifest"),
                                            fix=tr("give the tags as draw-v2 §4 makes them"))
        else:
            if self.declarations is not None or any(p.interest_tags for p in self.inspectors):
                raise InvalidInputError(tr("interest tags and declarations are draw-v2's"),
                                        where=tr("the plan's manifest"),
                                        fix=tr("give public_input=PublicInputSpec(...) for a draw-v2 manifest"))
            try:
                re.compile(self.public_input_format)
            except re.error as exc:
                raise InvalidInputError(tr("public_input_format is not a regular expression: {exc}",
                                           exc=exc), where=tr("the plan's manifest"),
                                        fix=tr("give the exact form the public input will take, e.g. ^[1-6]{{6}}$")) \
                    from exc
            if not isinstance(self.public_input_format, str) or not self.public_input_format.strip():
                raise InvalidInputError(tr("public_input_format must be text"), where=tr("the plan's manifest"),
                                        fix=tr("name the form of the public input"))
        if self.experts is not None:
            self._check_experts()
        for value in self.seed_source, self.plan_id:
            if not isinstance(value, str) or not value.strip():
                raise InvalidInputError(tr("plan_id and seed_source must be text"),
                                        where=tr("the plan's manifest"),
                                        fix=tr("name the plan and the public source of the seed"))

    def _check_experts(self) -> None:
        experts = self.experts or ()
        if self.public_input_spec is None:
            raise InvalidInputError(tr("an expert roster is draw-v3's, which builds on draw-v2"),
                                    where=tr("the plan's manifest"),
                                    fix=tr("give public_input=PublicInputSpec(...) with the experts"))
        if not experts:
            raise InvalidInputError(tr("the expert roster is empty"), where=tr("the plan's manifest"),
                                    fix=tr("name at least one expert, or give experts=None (a draw-v2 manifest)"))
        ids = [e.id for e in experts]
        if ids != sorted(set(ids), key=lambda t: t.encode("utf-8")) or not all(isinstance(i, str) and i for i in ids):
            raise InvalidInputError(tr("the experts are not one entry per id, in id order"),
                                    where=tr("the plan's manifest"),
                                    fix=tr("give each expert once, sorted by id (build_manifest sorts them)"))
        if self.recusal_way not in RECUSAL_WAYS:
            raise InvalidInputError(tr("the recusal way {recusal_way!r} is not one of {recusal_ways}",
                                       recusal_way=self.recusal_way, recusal_ways=', '.join(RECUSAL_WAYS)),
                                    where=tr("the plan's manifest"),
                                    fix=tr("state the way every recusal takes before the dice: "
                                                             "recusal_way=\"swap\" or \"replace\""))
        both = sorted(set(ids) & {p.id for p in self.inspectors})
        if both:
            raise InvalidInputError(tr("{both} is both an inspector and an expert", both=both[0]),
                                    where=tr("the plan's manifest"),
                                    fix=tr("give every expert an id of their own, unlike any inspector's"))
        for e in experts:
            if list(e.interest_tags) != sorted(set(e.interest_tags)) or \
                    not all(_is_digest_hex(t) for t in e.interest_tags):
                raise InvalidInputError(tr("the interest tags of expert {id} are not distinct 64-character "
                                           "lower-case hex texts in ascending order", id=e.id),
                                        where=tr("the plan's manifest"),
                                        fix=tr("give the tags as draw-v2 §4 makes them"))
            if not _is_digest_hex(e.identity_tag):
                raise InvalidInputError(tr("the identity tag of expert {id} is not a 64-character lower-case hex "
                                           "text", id=e.id),
                                        where=tr("the plan's manifest"), fix=tr("give the tag as draw-v3 §2 makes it "
                                                                 "(build_manifest with interest_secret)"))

    @property
    def version(self) -> int:
        """1 for a draw-v1 manifest, 2 for draw-v2 (a structured public input), 3 for draw-v3 (draw-v2 with an
        expert roster)."""
        if self.public_input_spec is None:
            return 1
        return 2 if self.experts is None else 3

    @property
    def expert_ids(self) -> frozenset[str]:
        """The ids of the expert roster (draw-v3); empty for draw-v1 and draw-v2."""
        return frozenset(e.id for e in self.experts or ())

    @property
    def interest_tags(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """draw-v2 §4: each person's committed interest tags, the inspectors' then (draw-v3) the experts'."""
        return (*((p.id, p.interest_tags) for p in self.inspectors),
                *((e.id, e.interest_tags) for e in self.experts or ()))

    @property
    def public_input_form(self) -> str:
        """How the public input is to be written, in words: draw-v1's pattern, draw-v2's fields."""
        spec = self.public_input_spec
        return self.public_input_format if spec is None else spec.describe()

    @property
    def produced_at(self) -> dt.datetime | None:
        """draw-v2: when the public input will be produced (aware), as committed; ``None`` for draw-v1."""
        return None if self.public_input_spec is None else self.public_input_spec.produced_at_time

    @cached_property
    def eligible_inspectors(self) -> frozenset[str]:
        """Ids of the inspectors who may be drawn (spec §7): active, 执法证 valid on every day of the window,
        and of a unit the rules allow."""
        first, last = self.window[0].isoformat(), self.window[1].isoformat()
        units = self.rules.units
        return frozenset(
            p.id for p in self.inspectors
            if p.active and p.valid_from <= first and (p.valid_until is None or last <= p.valid_until)
            and (units is None or p.unit in units)
        )

    def check_public_input(self, public_input: str) -> None:
        """Refuse a public input that is not written exactly in the form the manifest fixed (spec §5), so that
        the same source cannot be re-spelled until a draw suits.

        Raises:
            InvalidInputError: draw-v1: the input does not match ``public_input_format`` in full, or is not NFC
                text; draw-v2: the input is not exactly the one spelling of its values (§3).
        """
        if self.public_input_spec is not None:
            try:
                self.public_input_spec.check(public_input)
            except InvalidInputError as exc:
                raise InvalidInputError(exc.what,
                                        where=tr("draw of {plan_id}", plan_id=self.plan_id), fix=exc.fix) from None
            return
        if not isinstance(public_input, str) or unicodedata.normalize("NFC", public_input) != public_input or \
                not re.fullmatch(self.public_input_format, public_input):
            raise InvalidInputError(
                tr("public input {public_input!r} is not written in the form the manifest fixed: "
                   "{public_input_format}",
                   public_input=public_input,
                   public_input_format=self.public_input_format), where=tr("draw of {plan_id}", plan_id=self.plan_id),
                fix=tr("write the public input exactly as the manifest's public_input_format says"),
            )

    @property
    def algorithm(self) -> str:
        """The draw algorithm's name, as the manifest and the result write it: ``"draw-v1"`` (SHA-256) or
        ``"draw-v1-sm3"`` (spec §12); ``"draw-v2"`` or ``"draw-v2-sm3"`` for a draw-v2 manifest."""
        return algorithm_name(self.hash_algorithm, self.version)

    def _head(self) -> dict[str, Any]:
        head: dict[str, Any] = {
            "algorithm": self.algorithm,
            "plan_id": self.plan_id,
            "window": [self.window[0].isoformat(), self.window[1].isoformat()],
            "rules": self.rules.to_json(),
        }
        if self.public_input_spec is None:
            head["seed_source"] = self.seed_source
            head["public_input_format"] = self.public_input_format
        else:
            head["public_input"] = self.public_input_spec.to_json()
        if self.experts is not None:
            head["recusal_way"] = self.recusal_way
        return head

    def chunks(self) -> Iterator[bytes]:
        """The canonical form, piece by piece."""
        version = self.version
        streamed: dict[str, Iterable[Any] | Encoded] = {
            "subjects": Encoded(canonical_batches(self.subjects), batched=True),
            "inspectors": (i.to_json(version) for i in self.inspectors),
            "checklist": (c.to_json() for c in self.checklist),
        }
        if self.experts is not None:
            streamed["experts"] = (e.to_json() for e in self.experts)
        return canonical_chunks(self._head(), streamed)

    def canonical(self) -> bytes:
        """The canonical form in one piece (for publication and test vectors)."""
        return b"".join(self.chunks())

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Manifest:
        """Read a published manifest (its canonical JSON, parsed), so that anyone can re-run the draw.

        Raises:
            DataError: a manifest of an unknown algorithm, or one whose fields do not fit §3.
        """
        try:
            hash_with = algorithm_hash(data["algorithm"])
            version = algorithm_version(data["algorithm"])
            r = data["rules"]
            sample = r["sample"]
            team = r["team"]
            rules = DrawRules(
                Sample(
                    count=sample.get("count"),
                    ratio=tuple(sample["ratio"]) if "ratio" in sample else None,
                    ratio_by=sample.get("ratio_by"),
                    ratios={k: tuple(v) for k, v in sample.get("ratios", {}).items()},
                ),
                TeamSpec.from_json(team),
                strata=r["strata"],
                conditions=r["conditions"],
                yearly_cap=r["yearly_cap"],
                reserve=r["reserve"],
                team_by_domain={d: TeamSpec.from_json(t) for d, t in team["by_domain"].items()},
                departments=r["departments"],
                items=r["items"],
                class_caps=r["yearly_cap_by_credit_risk"],
                units=r["units"],
                team_by_sector={d: TeamSpec.from_json(t) for d, t in team["by_sector"].items()},
            )
            spec = None if version == 1 else PublicInputSpec.from_json(data["public_input"])
            experts = None if version < 3 else _sorted_unique(
                (ExpertEntry(e["id"], tuple(e["specialties"]), tuple(e["interest_tags"]), e["identity_tag"])
                 for e in data["experts"]),
                "id", "expert")
            source, form = (data["seed_source"], data["public_input_format"]) if spec is None else (spec.source, "")
            manifest = cls(
                data["plan_id"], source, form,
                (iso_date(data["window"][0]), iso_date(data["window"][1])),
                _subject_rows(data["subjects"]),
                _sorted_unique((InspectorEntry(i["id"], i["department"], tuple(i["specialties"]),
                                               tuple(i["interests"]) if version == 1 else (),
                                               i["unit"], i["active"], i["valid_from"], i["valid_until"],
                                               () if version == 1 else tuple(i["interest_tags"]))
                                for i in data["inspectors"]), "id", "inspector"),
                _sorted_unique((ItemEntry(c["code"], c["department"], tuple(c["domains"])) for c in data["checklist"]),
                               "code", "checklist item"),
                rules,
                hash_algorithm=hash_with,
                public_input_spec=spec,
                experts=experts,
                recusal_way=data["recusal_way"] if version >= 3 else None,
            )
            same = json.loads(manifest.canonical()) == data
        except Exception as exc:  # any malformed part of a published document: one clear error
            raise DataError(tr("cannot read the manifest"), [Issue("$", tr("{name}: {exc}", name=type(exc).__name__,
                                                                       exc=exc))],
                            fix=tr("give the manifest exactly as published (docs/spec/draw-v1.md §3, draw-v2.md "
                                   "§2, draw-v3.md §2)")) from exc
        if not same:
            raise DataError(
                tr("cannot read the manifest"), [Issue("$", tr("not in the canonical form of §3 (ids sorted and "
                                                           "unique, no extra keys, integers where integers are due)"))],
                fix=tr("give the manifest exactly as published"),
            )
        return manifest

    @cached_property
    def hash(self) -> str:
        """hex(H) of the canonical form (H: the manifest's hash algorithm): publish it before the seed exists."""
        return hash_chunks(self.chunks(), self.hash_algorithm)


def _subject_rows(subjects: Iterable[Mapping[str, Any]]) -> SubjectColumns:
    """The published subjects (§3) as columns, read in one pass with no entry made. Subjects out of id order or
    listed twice are read again as entries, so that they are refused as before: a duplicate id by name, an
    order that is not the canonical form's by the comparison with it."""
    rows = subjects if isinstance(subjects, Sequence) else list(subjects)
    try:
        return SubjectColumns.from_rows((s["id"], s["area"], s["domain"], s["sector"], s["subject_type"],
                                         s["industry"], s["credit_risk"], s["in_existence"], s["exempt"],
                                         s["history"]) for s in rows)
    except InvalidInputError:
        return SubjectColumns.from_entries(_sorted_unique((SubjectEntry(**s) for s in rows), "id", "subject"))


def _is_digest_hex(text: str) -> bool:
    return isinstance(text, str) and len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def _v2_people(
    inspectors: Iterable[Inspector], interest_secret: bytes | None, hash_with: HashAlgorithm,
    experts: Iterable[Expert] = (),
) -> tuple[list[InspectorEntry], list[ExpertEntry], InterestDeclarations | None]:
    """draw-v2 §4: each inspector's entry with its interests as salted tags, and the private declarations;
    draw-v3 §2: each expert's too, committed with the same secret."""
    people, roster = list(inspectors), list(experts)
    declared = {p.id: tuple(p.interests) for p in people if p.interests}
    declared.update({e.id: tuple(e.interests) for e in roster if e.interests})
    if interest_secret is None:
        if declared:
            raise InvalidInputError(
                tr("{declared_count} inspectors or experts declared interests, and no interest_secret was given to "
                   "commit them by", declared_count=len(declared)),
                where=tr("the plan's manifest"),
                                    fix=tr("give interest_secret (32 random bytes, made at the edge and kept "
                                               "private)"))
        if roster:
            raise InvalidInputError(
                tr("{roster_count} experts are to be committed by a salted tag of who they are, and no "
                   "interest_secret was given to salt it by", roster_count=len(roster)),
                                    where=tr("the plan's manifest"),
                fix=tr("give interest_secret (32 random bytes, made at the edge and kept private)"))
        return [InspectorEntry.of(p) for p in people], [], None
    declarations = InterestDeclarations(interest_secret, declared)
    entries = [attrs.evolve(InspectorEntry.of(p), interests=(), interest_tags=declarations.tags(p.id, hash_with))
               for p in people]
    return entries, [_expert(e, declarations.tags(e.id, hash_with),
                             expert_identity_tag(interest_secret, e.id, e.name, e.id_number, hash_with))
                     for e in roster], declarations


def _expert(e: Expert, tags: tuple[str, ...], identity: str) -> ExpertEntry:
    return ExpertEntry(e.id, tuple(sorted(e.specialties, key=lambda t: t.encode("utf-8"))), tags, identity)


def expert_identity_mismatches(manifest: Manifest, experts: Iterable[Expert], secret: bytes) -> list[str]:
    """draw-v3 §2: the ids of the roster whose committed ``identity_tag`` (or presence) the experts given now do
    not reproduce, with the plan's secret: a name or ID number changed, an expert added or removed after the
    commit. Empty for a manifest before draw-v3 and for the same roster."""
    if manifest.experts is None:
        return []
    given = {e.id: e for e in experts}
    out = []
    for entry in manifest.experts:
        e = given.pop(entry.id, None)
        if e is None or expert_identity_tag(secret, e.id, e.name, e.id_number, manifest.hash_algorithm) \
                != entry.identity_tag:
            out.append(entry.id)
    return out + sorted(given)


def _sorted_unique(items: Iterable[Any], key: str, what: str) -> tuple[Any, ...]:
    ordered = sorted(items, key=lambda x: getattr(x, key).encode("utf-8"))
    issues = [
        Issue(f"{what} {getattr(b, key)}", tr("appears twice"))
        for a, b in itertools.pairwise(ordered)
        if getattr(a, key) == getattr(b, key)
    ]
    if issues:
        raise DataError(tr("duplicate {what} ids in the roster",
                           what=what), issues, fix=tr("give every {what} its own id",
                                                                              what=what))
    return tuple(ordered)


def _window(window: tuple[dt.date, dt.date], where: str) -> tuple[dt.date, dt.date]:
    first, last = window
    if last < first:
        raise InvalidInputError(tr("window {first} to {last} ends before it starts",
                                   first=first,
                                   last=last), where=where,
                                fix=tr("give (first day, last day)"))
    return first, last


def _v1_or_v2(seed_source: str | None, public_input_format: str | None, public_input: PublicInputSpec | None,
              where: str) -> tuple[str, str]:
    if public_input is None:
        if seed_source is None or public_input_format is None:
            raise InvalidInputError(tr("no public input named"), where=where,
                                    fix=tr("give public_input=PublicInputSpec(...) (draw-v2), or seed_source and "
                                           "public_input_format (draw-v1)"))
        return seed_source, public_input_format
    if seed_source is not None or public_input_format is not None:
        raise InvalidInputError(tr("both a draw-v1 seed_source/public_input_format and a draw-v2 public_input given"),
                                where=where, fix=tr("give None for seed_source and public_input_format with "
                                                    "public_input"))
    return public_input.source, ""


def build_manifest(
    plan_id: str,
    seed_source: str | None,
    public_input_format: str | None,
    window: tuple[dt.date, dt.date],
    subjects: Iterable[Subject],
    inspectors: Iterable[Inspector],
    checklist: Iterable[ChecklistItem],
    rules: DrawRules,
    *,
    history: Mapping[str, int] | None = None,
    hash_algorithm: HashAlgorithm | str = SHA256,
    public_input: PublicInputSpec | None = None,
    interest_secret: bytes | None = None,
    experts: Iterable[Expert] | None = None,
    recusal_way: str | None = None,
) -> Manifest:
    """Freeze the inputs of a draw: a draw-v1 manifest from ``seed_source`` and ``public_input_format``, or,
    given ``public_input`` (with ``None`` for those two), a draw-v2 manifest; given ``experts`` too, a draw-v3
    manifest.

    Args:
        history: inspections already made this year, by 统一社会信用代码 (absent = 0); from the store, not typed.
            The units inspectors may come from (偃师 二(二)) are ``rules.units``.
        hash_algorithm: the hash of the draw, ``"sha256"`` (the default) or ``"sm3"`` (spec §12).
        public_input: draw-v2's structured public input: its source, announced time and fields.
        interest_secret: draw-v2: the bureau's secret (bytes made at the edge, kept private) the salts of the
            inspectors' interest tags come from; needed when any inspector declared an interest. The
            declarations and the secret ride on the manifest (``declarations``), outside its canonical form.
        experts: draw-v3: the plan's expert roster (at least one), with whom a recused inspector may swap where
            the profile allows it (冷水滩 第十四条); their interests are committed as the inspectors' are, and who
            each is (name, ID number) by a tag salted from ``interest_secret`` (needed then).
        recusal_way: draw-v3: the way every recusal takes, ``"swap"`` or ``"replace"``, fixed before the dice.

    Raises:
        DataError: duplicate subject, inspector, expert or item ids.
        InvalidInputError: a window that ends before it starts, a negative history count, an unknown hash, no
            public input or both versions' at once, interests to commit without a secret, experts without a
            draw-v2 public input, an empty expert roster, an expert with an inspector's id.
    """
    seed_source, public_input_format = _v1_or_v2(seed_source, public_input_format, public_input, "build_manifest")
    history = history or {}
    subject_entries = []
    for s in subjects:
        count = history.get(s.uscc, 0)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise InvalidInputError(tr("history {count} for {uscc} is negative",
                                       count=count,
                                       uscc=s.uscc), where=tr("the plan's manifest"),
                                    fix=tr("give the number of inspections made this year"))
        subject_entries.append(SubjectEntry(
            s.uscc, s.area_code, s.domain.value, s.sector_name, s.subject_type.value,
            s.industry, s.credit_risk.value if s.credit_risk else None, s.in_existence, s.exempt_from_yearly_cap,
            count,
        ))
    declarations = None
    expert_entries: list[ExpertEntry] | None = None
    if public_input is None:
        if experts is not None:
            raise InvalidInputError(tr("an expert roster is draw-v3's, which builds on draw-v2"),
                                    where=tr("the plan's manifest"),
                                    fix=tr("give public_input=PublicInputSpec(...) with the experts"))
        inspector_entries = [InspectorEntry.of(p) for p in inspectors]
    else:
        inspector_entries, expert_entries, declarations = _v2_people(
            inspectors, interest_secret, _hash_of(hash_algorithm), experts or ())
        if experts is None:
            expert_entries = None
    item_entries = [ItemEntry(c.code, c.department, tuple(sorted(d.value for d in c.domains))) for c in checklist]
    return Manifest(
        plan_id, seed_source, public_input_format, _window(window, "build_manifest"),
        _sorted_unique(subject_entries, "id", "subject"),
        _sorted_unique(inspector_entries, "id", "inspector"),
        _sorted_unique(item_entries, "code", "checklist item"),
        rules,
        hash_algorithm=hash_algorithm,
        public_input_spec=public_input,
        declarations=declarations,
        experts=None if expert_entries is None else _sorted_unique(expert_entries, "id", "expert"),
        recusal_way=recusal_way if expert_entries is not None else None,
    )


def team_manifest(
    plan_id: str,
    seed_source: str | None,
    public_input_format: str | None,
    window: tuple[dt.date, dt.date],
    subjects: Iterable[SubjectEntry],
    inspectors: Iterable[Inspector],
    team: TeamSpec,
    *,
    hash_algorithm: HashAlgorithm | str = SHA256,
    public_input: PublicInputSpec | None = None,
    interest_secret: bytes | None = None,
) -> Manifest:
    """Freeze a draw of inspectors only, for subjects already drawn: the entries as another manifest published
    them, every one kept (the sample is all of them), no checklist items drawn again. A joint draw's partner
    picks its own inspectors this way for the list it was handed (许应急〔2023〕14号 第二十二条(三), 第二十三条(二)),
    with the lead's hash algorithm (``hash_algorithm``) where the lead's draw used SM3.

    As with :func:`build_manifest`, ``public_input`` (and ``interest_secret``) make a draw-v2 manifest.

    Raises:
        DataError: duplicate subject or inspector ids.
        InvalidInputError: as :func:`build_manifest`.
    """
    seed_source, public_input_format = _v1_or_v2(seed_source, public_input_format, public_input, "team_manifest")
    entries = _sorted_unique(subjects, "id", "subject")
    declarations = None
    if public_input is None:
        plain = [InspectorEntry.of(p) for p in inspectors]
    else:
        plain, _, declarations = _v2_people(inspectors, interest_secret, _hash_of(hash_algorithm))
    people = _sorted_unique(plain, "id", "inspector")
    return Manifest(plan_id, seed_source, public_input_format, _window(window, "team_manifest"), entries, people, (),
                    DrawRules(Sample(count=len(entries)), team), hash_algorithm=hash_algorithm,
                    public_input_spec=public_input, declarations=declarations)
