"""What a profile checks of a plan, and the checks the library applies from the rule values."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model import CHECKLIST_FIELD_LABELS, ChecklistItem
from random_inspection.profiles.departures import Departure, departure_problems

if TYPE_CHECKING:
    from random_inspection.profiles.resolve import ResolvedProfile

__all__ = ["PlanFacts", "check_plan_rules", "floor_applies"]


def _items(value: Iterable[ChecklistItem]) -> tuple[ChecklistItem, ...]:
    return tuple(value)


def _departures(value: Iterable[Departure]) -> tuple[Departure, ...]:
    out = tuple(value)
    if not all(isinstance(d, Departure) for d in out):
        raise InvalidInputError(tr("departures hold something other than Departure"), where=tr("the plan's facts"),
                                fix=tr("give Departure(key, value, reason) for each"))
    return out


@attrs.frozen
class PlanFacts:
    """The facts of an inspection plan (抽查工作方案) that its profile's rules speak to.

    Attributes:
        pool_size: subjects eligible in the pool the plan draws from.
        sample_size: subjects the plan draws.
        items: the checklist items the plan inspects.
        annual: the plan is the year's whole draw from that pool, so a yearly ratio floor applies to it alone
            (许昌 第十二条 counts against the year's pool; several plans of a year may meet it together).
        departures: the plan's recorded departures from rules its profile words as defaults
            (:class:`~random_inspection.profiles.Departure`).
        window: the plan's first and last day of inspections, where known; a profile's ``plan.window`` (a
            campaign's 抽查时间) must hold it.
    """

    pool_size: int
    sample_size: int
    items: tuple[ChecklistItem, ...] = attrs.field(default=(), converter=_items)
    annual: bool = False
    departures: tuple[Departure, ...] = attrs.field(default=(), converter=_departures, kw_only=True)
    window: tuple[dt.date, dt.date] | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        for name in ("pool_size", "sample_size"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise InvalidInputError(tr("{name} {value!r} is not a whole number ≥ 0",
                                           name=name,
                                           value=value), where=tr("the plan's facts"),
                                        fix=tr("give the number of subjects"))
        if self.window is not None and not (
                isinstance(self.window, tuple) and len(self.window) == 2
                and all(isinstance(d, dt.date) and not isinstance(d, dt.datetime) for d in self.window)
                and self.window[0] <= self.window[1]):
            raise InvalidInputError(tr("window {window!r} is not a first and a last day",
                                       window=self.window), where=tr("the plan's facts"),
                                    fix=tr("give (first, last) as datetime.date values, first not after last"))
        if self.sample_size > self.pool_size:
            raise InvalidInputError(tr("draws {sample_size} from a pool of {pool_size}", sample_size=self.sample_size,
                                       pool_size=self.pool_size), where=tr("the plan's facts"),
                                    fix=tr("the sample cannot be larger than the pool"))


def check_plan_rules(profile: ResolvedProfile, plan: PlanFacts) -> list[str]:
    """Problems of ``plan`` against the value rules of ``profile`` (fixed count, ratio floor, checklist). A problem
    with a rule the source words as a default, from which the plan records a departure, is no problem; a
    departure that is not allowed is one (:func:`~random_inspection.profiles.departures.departure_problems`)."""
    departed = {d.key for d in plan.departures}
    problems = departure_problems(profile, plan.departures)
    for key, problem in _value_rule_problems(profile, plan):
        if not (key in departed and profile.rule(key).departable):
            problems.append(problem)
    return problems


def _value_rule_problems(profile: ResolvedProfile, plan: PlanFacts) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    count = profile.value("draw.fixed_count")
    if count is not None and plan.sample_size != count:
        problems.append(("draw.fixed_count",
                         f"draws {plan.sample_size} subjects; {_cite(profile, 'draw.fixed_count')} sets {count}"))
    ratio = profile.value("draw.min_ratio")
    if ratio is not None and plan.annual and floor_applies(profile, plan.items):
        least = math.ceil(ratio * plan.pool_size)
        if plan.sample_size < least:
            problems.append(("draw.min_ratio",
                f"draws {plan.sample_size} of {plan.pool_size}; {_cite(profile, 'draw.min_ratio')} asks at least "
                f"{ratio.numerator}/{ratio.denominator} of the year's pool, that is {least}"
            ))
    for field_name in profile.value("checklist.fields", ()):
        attribute = CHECKLIST_FIELD_LABELS[field_name]  # the rule is refused otherwise
        for item in plan.items:
            if not getattr(item, attribute):
                problems.append(("checklist.fields", f"item {item.code} does not state its {field_name} "
                                 f"({_cite(profile, 'checklist.fields')})"))
    campaign = profile.value("plan.window")
    if campaign is not None and plan.window is not None:
        first, last = plan.window
        if not (campaign.contains(first) and campaign.contains(last)):
            problems.append(("plan.window", f"the plan's window {first} – {last} is not inside the 抽查时间 "
                             f"{campaign.label()} of {_cite(profile, 'plan.window')}"))
    listed = profile.value("checklist.items")
    if listed is not None:
        # By department and name: the codes of a document's own list are ours, the platform's are its own.
        known = {(item.department, item.name) for item in listed}
        for item in plan.items:
            if (item.department, item.name) not in known:
                problems.append(("checklist.items",
                                 f"item {item.code} is not on the checklist of {_cite(profile, 'checklist.items')}"))
    return problems


def floor_applies(profile: ResolvedProfile, items: Iterable[ChecklistItem] | None) -> bool:
    """Whether the ratio floor holds a plan of ``items``: always, unless the profile sets the class of items the
    floor is for (``draw.min_ratio_items``: 许昌 第十二条 一般抽查事项) and every item of the plan is known to be of
    another class (a plan of 重点 items only). A plan whose items are unknown or unclassified is held to it."""
    scope = profile.value("draw.min_ratio_items")
    shown = list(items or ())
    if scope is None or not shown:
        return True
    return any(item.item_class in (None, scope) for item in shown)


def _cite(profile: Any, key: str) -> str:
    return str(profile.rule(key).citation.short())
