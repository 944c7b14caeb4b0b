"""From a profile's rules to the integers of a draw (draw-v1's ``rules``)."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.profiles import Departure, ResolvedProfile
from random_inspection.profiles.departures import departure_problems
from random_inspection.sampling import DrawRules, Sample, TeamSpec
from random_inspection.workflow.eligibility import DrawPool, industry_teams, plan_units

__all__ = ["draw_rules"]


def draw_rules(
    profile: ResolvedProfile,
    *,
    team_size: int,
    count: int | None = None,
    ratio: Fraction | None = None,
    credit_ratios: dict[str, Fraction] | None = None,
    conditions: dict[str, Iterable[str]] | None = None,
    reserve: int = 1,
    items: int | None = None,
    credit_caps: dict[str, int] | None = None,
    sector_teams: dict[str, TeamSpec] | None = None,
    departures: Iterable[Departure] = (),
    units: Iterable[str] | None = None,
    pool: DrawPool | None = None,
) -> DrawRules:
    """The draw-v1 rules of a plan under ``profile``: what the profile sets, completed by the plan.

    From the profile: the fixed count (鹤壁 三(二)) or the ratio floor (许昌 第十二条) when the plan gives
    neither; the yearly cap (冷水滩 第十五条); team sizes and quotas by domain (冷水滩 第十三条); the joint plan's
    departments (鹤壁 五(一)); strata by area for an undirected draw balanced across areas (许昌 第四条第二款);
    the units inspectors come from (偃师 二(二) ``pool.inspectors.units``, or the plan's own names for them);
    where inspectors follow the subject's industry (偃师 四.2), a team rule per 工贸 sector of ``pool``'s subjects
    that the pool can serve, each asking one inspector tagged with the sector (:func:`industry_teams`: a
    preference that never makes the draw fail), unless the plan gives its own; without ``pool``, none.

    Args:
        team_size: the plan's team size for domains without a team rule of their own (unless the profile sets
            a rule for every domain).
        count, ratio: the plan's sample; a ratio below the profile's floor is refused.
        credit_ratios: a ratio per credit-risk class (石家庄 三(三)); strata are then by class.
        conditions: a directed draw's conditions (许昌 第四条第三款; 冷水滩 第十六条), field → allowed values.
        reserve: reserve subjects per stratum.
        credit_caps: a yearly frequency per credit-risk class (石家庄 二(五): more often for high-risk subjects).
        items: checklist items per subject (None: every applicable item).
        sector_teams: the plan's team rule per 工贸 sector (偃师 四.2: the number and kind of inspectors follow
            the subject's industry); these take precedence over the domain rules.
        departures: the plan's recorded departures from rules the profile words as defaults (原则上, 一般, 可以):
            a departed ``draw.fixed_count`` or ``draw.min_ratio`` no longer bounds the plan's sample, a departed
            ``frequency.yearly_cap`` is not applied, a departed ``team.rules`` gives way to ``team_size``.
        units: the bureau's own names of the units the profile's ``pool.inspectors.units`` words as kinds
            (偃师 二(二) 机关行业监管科室: the sections that are); ``None``: the profile's words, matched exactly
            against the roster's 单位.
        pool: the plan's subjects, its inspectors as :func:`screen_inspectors` kept them and its window, for the
            rules that depend on the pool (偃师 四.2).

    Raises:
        InvalidInputError: a sample that contradicts the profile (under its floor, or not its fixed count), or a
            departure that is not allowed (from a rule that binds, or that no document in force sets).
    """
    where = tr("plan under {code}", code=profile.code)
    departures = tuple(departures)
    refused = departure_problems(profile, departures)
    if refused:
        raise InvalidInputError("; ".join(refused), where=where,
                                fix=tr("depart only from a rule the source words as a default, once, with the "
                                       "reason"))
    departed = {d.key for d in departures}

    def kept(key: str, default: Any = None) -> Any:  # the profile's value, unless the plan departs from it
        return default if key in departed else profile.value(key, default)

    for name, value in (("ratio", ratio), *((f"credit ratio {k}", v) for k, v in (credit_ratios or {}).items())):
        if value is not None and not isinstance(value, Fraction):
            raise InvalidInputError(tr("{name} {value!r} is not a Fraction", name=name, value=value), where=where,
                                    fix=tr("give ratios as Fraction(1, 10): a float cannot be drawn exactly"))
    fixed = kept("draw.fixed_count")
    if fixed is not None and credit_ratios:
        raise InvalidInputError(tr("{citation} fixes the count at {fixed}; ratios by credit class cannot apply",
                                   citation=profile.rule('draw.fixed_count').citation,
                                   fixed=fixed), where=where, fix=tr("leave credit_ratios out"))
    floor = kept("draw.min_ratio")
    if fixed is not None and count not in (None, fixed):
        raise InvalidInputError(tr("count {count} is not the {fixed} of {citation}", count=count, fixed=fixed,
                                   citation=profile.rule('draw.fixed_count').citation),
                                where=where, fix=tr("draw {fixed}", fixed=fixed))
    if floor is not None and ratio is not None and ratio < floor:
        raise InvalidInputError(tr("ratio {ratio} is under the floor {floor} of {citation}", ratio=ratio, floor=floor,
                                   citation=profile.rule("draw.min_ratio").citation),
                                where=where, fix=tr("draw at least {floor}", floor=floor))
    strata: tuple[str, ...] = ("area",) if profile.has("draw.undirected_balance") and not conditions else ()
    if credit_ratios:
        sample = Sample(ratio_by="credit_risk", ratios=tuple(
            (cls, (r.numerator, r.denominator)) for cls, r in sorted(credit_ratios.items())
        ))
        strata = ("credit_risk", *strata)
    elif count is not None or (fixed is not None and ratio is None):
        sample = Sample(count=count if count is not None else fixed)
    else:
        chosen = ratio if ratio is not None else floor
        if chosen is None:
            raise InvalidInputError(tr("the plan gives no count or ratio and the profile sets none"),
                                    where=where, fix=tr("give count= or ratio="))
        sample = Sample(ratio=(chosen.numerator, chosen.denominator))
    team_rules = kept("team.rules", ())
    default = next((TeamSpec.from_rule(r) for r in team_rules if r.domain is None), TeamSpec(team_size))
    departments = tuple(d.code for d in profile.value("joint.departments", ()))
    allowed = plan_units(profile, units)
    if sector_teams is None and pool is not None:
        sector_teams = industry_teams(profile, pool, default.size, units=allowed, departments=departments).teams
    return DrawRules(
        sample,
        default,
        strata=strata,
        conditions=tuple((f, tuple(sorted(v))) for f, v in sorted((conditions or {}).items())),
        yearly_cap=kept("frequency.yearly_cap"),
        reserve=reserve,
        team_by_domain=tuple(
            (rule.domain.value, TeamSpec.from_rule(rule)) for rule in team_rules if rule.domain is not None
        ),
        departments=departments,
        items=items,
        class_caps=tuple(sorted((credit_caps or {}).items())),
        team_by_sector=tuple(sorted((sector_teams or {}).items())),
        units=allowed,
    )
