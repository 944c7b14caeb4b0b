"""Plans: the 抽查工作方案 of one draw, the 年度检查计划 of a year, and inspections that are not double-random, each
for a reason its profile excludes (许应急〔2023〕14号 第一条第二款; 冷水滩 第八条)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model._validators import as_tuple
from random_inspection.profiles import ResolvedProfile

__all__ = ["LEGACY_KINDS", "AnnualPlan", "InspectionKind", "InspectionPlan", "items_not_covered", "trigger_problem"]


class InspectionKind(str, enum.Enum):
    """Whether an inspection is a 双随机 one. Only :attr:`DOUBLE_RANDOM` is; an inspection for a reason the profile
    excludes from double-random (its ``scope.excluded_triggers``: 投诉、举报, 上级部门交办, ...) is :attr:`OTHER`,
    with that reason as the record's ``trigger``, in the profile's words: recorded, never drawn, never counted as
    double-random (:func:`trigger_problem` checks it against the profile)."""

    DOUBLE_RANDOM = "双随机抽查"
    OTHER = "非双随机检查"

    @classmethod
    def _missing_(cls, value: object) -> InspectionKind | None:
        # the kinds stored before the reasons became each profile's own: read as OTHER (the trigger is the word)
        return cls.OTHER if value in LEGACY_KINDS else None

    @property
    def counts_as_double_random(self) -> bool:
        return self is InspectionKind.DOUBLE_RANDOM


LEGACY_KINDS = ("投诉举报", "上级部门交办", "专项行动", "其他部门移送案件线索")
"""The kinds earlier versions stored for inspections that are not double-random: a stored record of one is read as
:attr:`InspectionKind.OTHER` with the word as its trigger."""


def trigger_problem(profile: ResolvedProfile, trigger: str | None) -> str | None:
    """What is wrong with ``trigger`` as the reason of an inspection that is not double-random under ``profile``:
    none given; or, where the profile's ``scope.excluded_triggers`` is a closed list, a reason it does not list.
    Where the list is open (it ends with 等) any reason stands. ``None`` when the trigger is fine."""
    if not trigger or not trigger.strip():
        return "an inspection that is not double-random gives no reason (trigger)"
    if not profile.has("scope.excluded_triggers"):
        return None
    rule = profile.rule("scope.excluded_triggers")
    if rule.open_list or trigger in rule.value:
        return None
    return (f"{trigger!r} is not a reason {rule.citation} lists for an inspection outside double-random: "
            f"{'、'.join(rule.value)}")


def _date(value: Any, name: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInputError(tr("{name} {value!r} is not a date",
                                   name=name,
                                   value=value), where=tr("the plan"), fix=tr("give a datetime.date"))
    return value


def _departments(value: Iterable[str]) -> tuple[str, ...]:
    out = tuple(value)
    if not out or len(set(out)) != len(out) or not all(isinstance(d, str) and d.strip() for d in out):
        raise InvalidInputError(tr("departments {out!r} are empty or repeated", out=out), where=tr("the plan"),
                                fix=tr("name each department once, the lead first"))
    return out


@attrs.frozen
class InspectionPlan:
    """One 抽查工作方案: the plan a draw is made for.

    Attributes:
        plan_id: the id the draw's manifest carries.
        profile: the code of the profile whose rules apply (``"xuchang"``, ...).
        departments: the departments inspecting; the first leads a joint plan (许昌 第二十二条; 鹤壁 五(一)).
        window: first and last day inspections may take place (冷水滩 第十三条: the team picks its own date
            inside it).
        checklist: the codes of the checklist items the plan inspects; nothing outside them
            (许昌 第五条; 石家庄 二(三) “清单之外无检查”).
        credit_risk_based: the draw used the enterprise credit-risk classification (石家庄 三(三)).
    """

    plan_id: str = attrs.field(validator=attrs.validators.min_len(1))
    profile: str = attrs.field(validator=attrs.validators.min_len(1))
    departments: tuple[str, ...] = attrs.field(converter=_departments)
    window: tuple[dt.date, dt.date]
    checklist: tuple[str, ...] = attrs.field(converter=as_tuple)
    credit_risk_based: bool = False

    def __attrs_post_init__(self) -> None:
        first, last = (_date(d, "window day") for d in self.window)
        if last < first:
            raise InvalidInputError(tr("the window ends {last} before it starts {first}",
                                       last=last,
                                       first=first), where=tr("plan {plan_id}", plan_id=self.plan_id),
                                    fix=tr("give the first day, then the last"))

    @property
    def lead(self) -> str:
        return self.departments[0]

    @property
    def joint(self) -> bool:
        return len(self.departments) > 1


@attrs.frozen
class AnnualPlan:
    """A 年度检查计划 (冷水滩 第十一、十二条), fixed by the end of the year before: the scope of subjects, what
    the inspectors must be, the ratio and frequency, the timing; enough coverage without over-inspection.

    Attributes:
        year: the year it covers.
        scope: which subjects are in scope (检查对象范围).
        inspector_requirements: 执法检查人员要求.
        ratio: the share of the pool to be inspected in the year.
        yearly_cap: the most inspections of one enterprise in the year (冷水滩 第十五条: 4).
        windows: the periods inspections are planned in.
        fixed_on: the day it was fixed (第十一条: by the end of the year before).
    """

    year: int
    scope: str
    inspector_requirements: str
    ratio: Fraction
    yearly_cap: int | None
    windows: tuple[tuple[dt.date, dt.date], ...] = attrs.field(converter=as_tuple)
    fixed_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.ratio, Fraction) or not 0 < self.ratio <= 1:
            raise InvalidInputError(tr("ratio {ratio!r} is not a Fraction in (0, 1]", ratio=self.ratio),
                                    where=tr("annual plan {year}", year=self.year),
                                    fix=tr("give the share as Fraction(1, 10)"))
        for first, last in self.windows:
            if first.year != self.year or last.year != self.year or last < first:
                raise InvalidInputError(tr("window {first}–{last} is not inside {year}", first=first, last=last,
                                           year=self.year),
                                        where=tr("annual plan {year}", year=self.year),
                                        fix=tr("give windows inside the plan's "
                                                                                 "year"))

    @property
    def fixed_in_time(self) -> bool | None:
        """Whether it was fixed by the end of the year before (冷水滩 第十一条); ``None`` if the day is unknown."""
        return None if self.fixed_on is None else self.fixed_on <= dt.date(self.year - 1, 12, 31)

    def coverage(self, pool_size: int, inspected: Iterable[str]) -> tuple[int, int, bool]:
        """``(distinct subjects inspected, subjects the ratio asks for, reached)`` for the year (第十二条)."""
        done = len(set(inspected))
        needed = -(-self.ratio.numerator * pool_size // self.ratio.denominator)
        return done, needed, done >= needed

    def over_inspected(self, inspections_per_subject: dict[str, int]) -> dict[str, int]:
        """The subjects inspected more often than the cap allows (第十二条 “防止检查过多”; 第十五条), with their
        counts; exempt subjects must be left out by the caller (see :func:`~random_inspection.workflow.reports
        .frequency_against_cap`)."""
        if self.yearly_cap is None:
            return {}
        return {s: n for s, n in sorted(inspections_per_subject.items()) if n > self.yearly_cap}


def items_not_covered(plans: Iterable[InspectionPlan], checklist: Iterable[str]) -> tuple[str, ...]:
    """The checklist items no plan of the year inspects, in the checklist's order: the yearly cross-department
    plan must cover every item (许应急〔2023〕14号 第二十一条 “按照抽查事项全覆盖的要求”)."""
    covered = {code for plan in plans for code in plan.checklist}
    return tuple(code for code in dict.fromkeys(checklist) if code not in covered)
