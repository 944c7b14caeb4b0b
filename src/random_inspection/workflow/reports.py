"""Reports: the summary of results per department (any result scheme; a profile lays out its own forms and
tables from it, as 鹤壁 does for its 附件3), and the compliance indicators the documents set
(许昌 第十二条 ratio floor; 石家庄 三(三) credit-risk share, 二(四) joint share; 冷水滩 第十五条 yearly cap)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from random_inspection.model import Citation, ResultScheme, Subject
from random_inspection.profiles import ResolvedProfile
from random_inspection.workflow.inspections import InspectionRecord, Step
from random_inspection.workflow.plans import InspectionPlan

__all__ = [
    "Indicator", "credit_risk_share", "frequency_against_cap", "joint_share", "ratio_against_floor",
    "summary_columns", "summary_table",
]

def _double_random(records: Iterable[InspectionRecord]) -> list[InspectionRecord]:
    return [r for r in records if r.kind.counts_as_double_random]


def summary_columns(scheme: ResultScheme | None) -> tuple[str, ...]:
    """The summary's columns: 单位, 抽查户数, one per result code and one per handling outcome of the scheme (the
    layout of 鹤壁's 附件3, with the scheme's own labels). A profile without a result scheme (``None``: 石家庄,
    冷水滩) records findings only: its columns are 单位, 抽查户数 and 发现问题户数."""
    if scheme is None:
        return ("单位", "抽查户数", "发现问题户数")
    return ("单位", "抽查户数", *(c.label for c in scheme), *(o.label for o in scheme.outcomes))


def summary_table(records: Iterable[InspectionRecord],
                  scheme: ResultScheme | None) -> list[tuple[str | int, ...]]:
    """The summary: per department, the subjects inspected and the counts per result and per handling outcome
    (without a scheme, the subjects with an item found not compliant); a last row 合计 sums them."""
    by_unit: dict[str, list[InspectionRecord]] = {}
    for record in _double_random(records):
        by_unit.setdefault(record.department, []).append(record)
    rows: list[tuple[str | int, ...]] = []
    for unit, group in sorted(by_unit.items()):
        rows.append(_summary_row(unit, group, scheme))
    rows.append(_summary_row("合计", [r for g in by_unit.values() for r in g], scheme))
    return rows


def _summary_row(unit: str, group: list[InspectionRecord],
                 scheme: ResultScheme | None) -> tuple[str | int, ...]:
    subjects = len({r.subject for r in group})
    if scheme is None:
        return (unit, subjects, len({r.subject for r in group if any(not f.compliant for f in r.findings)}))
    results = Counter(r.result.number for r in group if r.result is not None)
    handled = Counter(h.key for r in group for h in r.handling)
    return (unit, subjects, *(results[c.number] for c in scheme),
            *(handled[o.key] for o in scheme.outcomes))


@attrs.frozen
class Indicator:
    """A compliance figure against the target its document sets."""

    name: str
    achieved: Fraction | int
    target: Fraction | int | None
    met: bool | None
    citation: Citation | None
    detail: str = ""


def _rule(profile: ResolvedProfile, key: str) -> tuple[Any, Citation | None]:
    return (profile.value(key), profile.rule(key).citation) if profile.has(key) else (None, None)


def ratio_against_floor(profile: ResolvedProfile, pool_size: int, records: Iterable[InspectionRecord],
                        year: int) -> Indicator:
    """The share of the year's pool inspected by double-random inspections against the floor (许昌 第十二条:
    ≥ 10 %). Subjects count once however often they were inspected."""
    floor, citation = _rule(profile, "draw.min_ratio")
    done = {r.subject for r in _double_random(records) if _in_year(r, year)}
    achieved = Fraction(len(done), pool_size) if pool_size else Fraction(0)
    met = None if floor is None else achieved >= floor
    return Indicator("抽查比例", achieved, floor, met, citation,
                     f"{len(done)} of {pool_size} subjects in {year}")


def credit_risk_share(profile: ResolvedProfile, plans: Iterable[InspectionPlan], department: str,
                      records: Iterable[InspectionRecord] | None = None) -> Indicator:
    """The share of ``department``'s inspections made under plans that used the credit-risk classification, against
    the target (石家庄 三(三): “运用信用风险分级分类开展的抽查数量占比要达到本科室总抽查数的90%以上” — measured per
    科室, by 抽查数量). With ``records`` the share counts the department's double-random inspections (抽查数量);
    without them, its plans (draws), for a year whose inspections are not yet recorded."""
    target, citation = _rule(profile, "draw.credit_risk_share")
    plans = list(plans)
    if records is None:
        own = [p.credit_risk_based for p in plans if department in p.departments]
        unit = "draws"
    else:
        based = {p.plan_id: p.credit_risk_based for p in plans}
        own = [based.get(r.plan_id, False) for r in _double_random(records) if r.department == department]
        unit = "inspections"
    achieved = Fraction(sum(own), len(own)) if own else Fraction(0)
    met = None if target is None or not own else achieved >= target
    return Indicator("信用风险分类抽查占比", achieved, target, met, citation,
                     f"{sum(own)} of {len(own)} {unit} of {department}")


def joint_share(profile: ResolvedProfile, plans: Iterable[InspectionPlan],
                records: Iterable[InspectionRecord]) -> tuple[Indicator, Indicator]:
    """The share of draws that were joint and of subjects inspected jointly (石家庄 二(四) 一业一查: 100 %)."""
    target, citation = _rule(profile, "joint.share")
    plans = list(plans)
    joint_ids = {p.plan_id for p in plans if p.joint}
    subjects = {r.subject for r in _double_random(records)}
    joint_subjects = {r.subject for r in _double_random(records) if r.plan_id in joint_ids}
    by_plans = Fraction(len(joint_ids), len(plans)) if plans else Fraction(0)
    by_subjects = Fraction(len(joint_subjects), len(subjects)) if subjects else Fraction(0)

    def met(x: Fraction, n: int) -> bool | None:
        return None if target is None or not n else x >= target

    return (Indicator("联合抽查次数占比", by_plans, target, met(by_plans, len(plans)), citation),
            Indicator("联合抽查户数占比", by_subjects, target, met(by_subjects, len(subjects)), citation))


def frequency_against_cap(profile: ResolvedProfile, records: Iterable[InspectionRecord],
                          subjects: Mapping[str, Subject], year: int) -> Indicator:
    """Subjects inspected more often in ``year`` than the yearly cap allows (冷水滩 第十五条: ≤ 4), leaving out
    the exempt (严重违法失信企业名单, 经营异常, already penalised). The cap is on 抽查次数: double-random
    inspections count, those on complaints, campaigns or transferred leads do not."""
    cap, citation = _rule(profile, "frequency.yearly_cap")
    counts = Counter(r.subject for r in _double_random(records) if _in_year(r, year))
    exempt = {s for s in counts if s in subjects and subjects[s].exempt_from_yearly_cap}
    over = sorted(s for s, n in counts.items() if cap is not None and n > cap and s not in exempt)
    most = max((n for s, n in counts.items() if s not in exempt), default=0)
    return Indicator("同一企业年度检查次数", most, cap, None if cap is None else not over,
                     citation, f"over the cap: {', '.join(over) or 'none'}; exempt: {len(exempt)}")


def _in_year(record: InspectionRecord, year: int) -> bool:
    day = record.on(Step.ENDED) or record.on(Step.STARTED)
    return day is not None and day.year == year
