"""Who may be drawn, as the profile words it: the inspectors a plan's pool holds, those left out and why, and the
facts the roster does not state although a rule needs them.

draw-v2 decides an inspector's eligibility from the facts its manifest publishes (in post, the 执法证's days,
the unit: docs/spec/draw-v1.md §7). A profile may ask more of an inspector than those facts say — 偃师 二(二)
“正式工作人员”, 冷水滩 第九条 a 行政执法证 “冷水滩区人民政府司法局依法核发” — and the manifest has no
field for it. Such an inspector is left out of the pool before the manifest is made (:attr:`PoolScreen.kept`),
and the plan's checks name them with the reason; where the roster is silent on such a fact, the plan is refused
until it says (as a row without its 执法证号 is), never drawn on a guess nor dropped unseen.

Where inspectors follow the subject's industry (偃师 四.2 “依据被检查单位的行业特点，随机抽取一定数量的执法人员”), the
preference is honoured where the pool can meet it and never blocks a draw (:func:`industry_teams`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from random_inspection.model import Inspector, Subject
from random_inspection.profiles import ResolvedProfile
from random_inspection.sampling import TeamSpec

__all__ = ["DrawPool", "IndustryTeams", "LeftOut", "PoolScreen", "Unstated", "industry_teams", "plan_units",
           "screen_inspectors"]

STAFF_KEY = "pool.inspectors.regular_staff"
ISSUER_KEY = "pool.inspectors.certificate_issuer"
UNITS_KEY = "pool.inspectors.units"


@attrs.frozen
class LeftOut:
    """An inspector of the roster who is not drawn, with every reason. ``in_manifest``: listed in the manifest
    with the facts the draw itself leaves them out by (in post, 执法证, unit); otherwise not in the manifest at
    all, for a requirement the manifest cannot state (正式工作人员, the 执法证's issuer)."""

    inspector: str
    name: str
    reasons: tuple[str, ...]
    fix: str
    in_manifest: bool

    def to_json(self) -> dict[str, object]:
        return {"inspector": self.inspector, "name": self.name, "reasons": list(self.reasons), "fix": self.fix,
                "in_manifest": self.in_manifest}


@attrs.frozen
class Unstated:
    """A fact a rule needs that the roster does not state for an inspector: the column to fill, what is missing
    and how to fix it."""

    inspector: str
    column: str
    problem: str
    fix: str


@attrs.frozen
class PoolScreen:
    """The roster's inspectors under a profile's pool rules: ``kept`` (the manifest's inspectors, in roster
    order), ``left_out`` (everyone not drawn, with the reasons), ``unstated`` (facts the roster must state first)."""

    kept: tuple[Inspector, ...]
    left_out: tuple[LeftOut, ...]
    unstated: tuple[Unstated, ...]


def plan_units(profile: ResolvedProfile, units: Iterable[str] | None) -> tuple[str, ...] | None:
    """The units a plan draws inspectors from: the plan's own names for them where it gives them, else the
    profile's ``pool.inspectors.units`` (偃师 二(二)) as worded, else ``None`` (any unit)."""
    if units is not None:
        return tuple(units)
    value = profile.value(UNITS_KEY)
    return None if value is None else tuple(value)


def screen_inspectors(profile: ResolvedProfile, inspectors: Iterable[Inspector], window: tuple[dt.date, dt.date],
                      *, units: Iterable[str] | None = None) -> PoolScreen:
    """Sort the roster's ``inspectors`` under ``profile``'s pool rules for a plan of ``window``.

    Left out of the manifest: one the roster marks as not 正式工作人员 where ``pool.inspectors.regular_staff``
    is set (偃师 二(二)), one whose 执法证 another authority issued where ``pool.inspectors.certificate_issuer`` is
    (冷水滩 第九条; the issuer compared as written). Kept in the manifest and left out by the draw itself (reported
    alike): not in post, a 执法证 not valid on every day of the window, a unit not among ``units`` (the plan's,
    else the profile's). Unstated: the roster leaves 正式工作人员 or 发证机关 blank where a rule needs it.
    """
    staff = profile.rule(STAFF_KEY) if profile.value(STAFF_KEY, False) else None
    issuer = profile.rule(ISSUER_KEY) if profile.has(ISSUER_KEY) else None
    allowed = plan_units(profile, units)
    unit_source = "the plan's [draw] units" if units is not None else (
        f"{profile.rule(UNITS_KEY).citation}" if allowed is not None else "")
    first, last = window
    kept: list[Inspector] = []
    left_out: list[LeftOut] = []
    unstated: list[Unstated] = []
    for p in inspectors:
        reasons: list[str] = []
        silent = False
        if staff is not None:
            if p.regular_staff is None:
                silent = True
                unstated.append(Unstated(
                    p.id, "正式工作人员",
                    f"the roster does not say whether {p.id} ({p.name}) is 正式工作人员, which {staff.citation} "
                    "requires of every inspector drawn",
                    "write 是 or 否 in the 正式工作人员 column"))
            elif not p.regular_staff:
                reasons.append(f"not 正式工作人员 ({staff.citation} draws only 正式工作人员)")
        if issuer is not None:
            if p.certificate.issuer is None:
                silent = True
                unstated.append(Unstated(
                    p.id, "发证机关",
                    f"the roster does not say who issued the 执法证 {p.certificate.number} of {p.id} ({p.name}); "
                    f"{issuer.citation} asks for one issued by {issuer.value}",
                    "write the issuing authority in the 发证机关 column, as the certificate prints it"))
            elif p.certificate.issuer != issuer.value:
                reasons.append(f"执法证 {p.certificate.number} issued by {p.certificate.issuer}, not by "
                               f"{issuer.value} ({issuer.citation})")
        if reasons:
            left_out.append(LeftOut(p.id, p.name, tuple(reasons), f"none while the roster is right: {profile.code} "
                                    "does not draw the person; if the roster is wrong, correct it", False))
            continue
        if silent:
            continue
        kept.append(p)
        if not p.active:
            reasons.append("not in post (在岗: 否)")
        if not p.certificate.is_valid_throughout(first, last):
            reasons.append(f"执法证 {p.certificate.number} (valid {p.certificate.valid_from} to "
                           f"{p.certificate.valid_until or 'open'}) is not valid throughout {first} to {last}")
        if allowed is not None and p.unit not in allowed:
            reasons.append(f"unit {p.unit} is not among the units of {unit_source} ({'、'.join(allowed)})")
        if reasons:
            left_out.append(LeftOut(p.id, p.name, tuple(reasons),
                                    "renew the 执法证, correct the roster's 在岗 or 单位, or name the bureau's units "
                                    "under [draw] units in the plan file", True))
    return PoolScreen(tuple(kept), tuple(left_out), tuple(unstated))


def _subjects(value: Iterable[Subject]) -> tuple[Subject, ...]:
    return tuple(value)


def _inspectors(value: Iterable[Inspector]) -> tuple[Inspector, ...]:
    return tuple(value)


@attrs.frozen
class DrawPool:
    """The pool a plan draws from, for the rules that depend on it: its subjects, its inspectors (as
    :func:`screen_inspectors` kept them) and the plan's window."""

    subjects: tuple[Subject, ...] = attrs.field(converter=_subjects)
    inspectors: tuple[Inspector, ...] = attrs.field(converter=_inspectors)
    window: tuple[dt.date, dt.date]


@attrs.frozen
class IndustryTeams:
    """偃师 四.2 as the draw applies it: a team rule per 工贸 sector the pool can serve (``teams``, each asking one
    inspector tagged with the sector) and, for every other sector of the pool's subjects, why not (``unmet``)."""

    teams: dict[str, TeamSpec]
    unmet: tuple[str, ...]


def industry_teams(profile: ResolvedProfile, pool: DrawPool, size: int, *, units: Sequence[str] | None = None,
                   departments: Sequence[str] = ()) -> IndustryTeams:
    """Where the profile sets ``team.by_industry``, a team rule for each sector of the pool's subjects (the list
    of 偃师 二(一) ends with 等: every sector counts, not only the six named) asking at least one inspector tagged
    with the sector — only where every subject of the sector has such an inspector eligible and free of any
    interest in it (in each department of a joint plan), so the preference never makes a draw fail. A sector
    that cannot be served is in ``unmet``: its subjects' teams follow the plan's team rule.

    The source states a preference — “依据被检查单位的行业特点，随机抽取一定数量的执法人员” — and no team that must be
    refused, so the draw honours it where it can and says where it cannot.
    """
    if not profile.value("team.by_industry", False):
        return IndustryTeams({}, ())
    citation = profile.rule("team.by_industry").citation
    first, last = pool.window
    eligible = [p for p in pool.inspectors if p.active and p.certificate.is_valid_throughout(first, last)
                and (units is None or p.unit in units)]
    by_sector: dict[str, list[Subject]] = {}
    for s in pool.subjects:
        if s.in_existence and s.sector_name:
            by_sector.setdefault(s.sector_name, []).append(s)
    teams: dict[str, TeamSpec] = {}
    unmet: list[str] = []
    for sector in sorted(by_sector, key=lambda t: t.encode("utf-8")):
        tagged = [p for p in eligible if sector in p.specialties]
        problem = None
        for department in departments or (None,):
            of = "" if department is None else f" of {department}"
            mine = [p for p in tagged if department is None or p.department == department]
            if not mine:
                problem = f"no eligible inspector{of} is tagged {sector}"
            else:
                bound = next((s for s in by_sector[sector] if all(p.has_interest_in(s.uscc) for p in mine)), None)
                if bound is not None:
                    problem = f"every eligible inspector{of} tagged {sector} declared an interest in {bound.uscc}"
            if problem:
                break
        if problem:
            unmet.append(f"{citation}: {problem}; the teams of {sector} subjects follow the plan's team rule")
        else:
            teams[sector] = TeamSpec(size, ((sector, 1),))
    return IndustryTeams(teams, tuple(unmet))
