"""The ratio floor of a profile (``draw.min_ratio``), held for every way of sizing a draw.

许应急〔2023〕14号 第十二条: “抽查工作要按比例和周期进行。一般抽查事项按不低于年度监管对象主体库的 10%抽取，具体比例根据
实际情况和工作需要确定。” The floor is **yearly**: it is a share of the year's pool of subjects (年度监管对象主体库),
reached by the year's draws together, not by each draw alone. The library reads it so:

- A plan's sample size ``n`` is what draw-v1 §6 draws from its manifest, however the plan sizes it: ``n`` for a
  count, ``⌈p·E/q⌉`` of the eligible subjects for a ratio, the sum of each class's ``⌈p·E_h/q⌉`` for ratios by
  credit class. A count of 0 or 1 is a size like any other: it is not exempt.
- The year's pool is the manifest's subjects in existence (存续): the 主体库 the plan was drawn from.
- The year's draws are the plans committed in the store under the same profile whose window starts in the same
  year, each counted once by its latest commit (a re-commit replaces the size it committed before), with the
  sample size its ``plan_committed`` entry records; the plan being committed counts with its new size.
- Together they must reach ``⌈floor × pool⌉`` at every commit: the year's first plan reaches the floor by
  itself, a later one may be smaller once the year's plans reach it. A plan that draws nobody is refused where
  there is a floor.
- “具体比例根据实际情况和工作需要确定” lets a bureau draw *more*; it is not an opening below the floor, and nothing
  lets a plan go under it.

A plan committed before the sizes were recorded has no size in its entry: it counts with the number of subjects
its draw drew if it was drawn (a draw of the same manifest draws the same number whatever the seed), else as 0.
The functions here are pure: the caller reads the committed sizes from the store.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model import ChecklistItem
from random_inspection.profiles import Departure, ResolvedProfile
from random_inspection.profiles.plans import floor_applies
from random_inspection.sampling import Manifest, eligible, sample_sizes
from random_inspection.sampling.engine import stratum_key

__all__ = ["CommittedSize", "FloorCheck", "check_floor", "pool_size", "sample_size"]


def sample_size(manifest: Manifest) -> int:
    """The number of subjects draw-v1 §6 draws from ``manifest`` (the sum of every stratum's ``n_h``); it does
    not depend on the seed.

    Raises:
        InfeasibleDrawError: the manifest asks more subjects than are eligible.
    """
    live = [s for s in manifest.subjects if eligible(s, manifest)]
    keys = [stratum_key(s, manifest.rules.strata) for s in live]
    values: dict[str, str] = {}
    if manifest.rules.sample.ratio_by is not None:
        for s, key in zip(live, keys, strict=True):
            values.setdefault(key, s.field(manifest.rules.sample.ratio_by) or "")
    # the allocation's tie-break uses the seed; the total does not
    return sum(sample_sizes(manifest, dict(Counter(keys)), values, bytes(32)).values())


def pool_size(manifest: Manifest) -> int:
    """The year's pool the floor is a share of: the manifest's subjects in existence (存续)."""
    return sum(1 for s in manifest.subjects if s.in_existence)


@attrs.frozen
class CommittedSize:
    """What a ``plan_committed`` entry records of a plan's size.

    Attributes:
        plan_id: the plan.
        profile: the profile it was committed under (``None``: not recorded).
        year: the year its window starts in.
        sample_size: the subjects its manifest draws (``None``: committed before sizes were recorded).
        pool: the subjects in existence of its manifest (``None``: not recorded).
    """

    plan_id: str
    profile: str | None
    year: int
    sample_size: int | None
    pool: int | None = None

    @classmethod
    def from_payload(cls, plan_id: str, payload: Mapping[str, Any], *, drawn: int | None = None) -> CommittedSize:
        """From a ``plan_committed`` entry's payload (its ``window``, ``profile``, ``sample_size``, ``pool``).

        Args:
            drawn: for an entry from before sizes were recorded, the number of subjects a recorded draw of the
                same manifest drew (its size, as the seed does not change it), if the plan was drawn.
        """
        size, pool = payload.get("sample_size"), payload.get("pool")
        if payload.get("counts_toward_floor") is False:  # a plan of items of another class than the floor's
            size = 0
        return cls(plan_id, payload.get("profile"), int(str(payload["window"][0])[:4]),
                   size if isinstance(size, int) else drawn, pool if isinstance(pool, int) else None)


@attrs.frozen
class FloorCheck:
    """A plan's size against its profile's floor.

    Attributes:
        plan_id, year: the plan and its year.
        floor: the profile's ``draw.min_ratio`` (``None``: the profile sets none).
        citation: the floor's article (许应急〔2023〕14号 第十二条).
        pool: the year's pool (subjects in existence).
        sample_size: what this plan draws.
        others: what the year's other committed plans under the profile draw, together.
        least: ``⌈floor × pool⌉``.
        problem: why the floor is not held, or ``None``.
        counted: whether the plan's subjects count toward the year's floor: not when the floor is set for one
            class of items and the plan's are all of another (``draw.min_ratio_items``).
    """

    plan_id: str
    year: int
    floor: Fraction | None
    citation: str
    pool: int
    sample_size: int
    others: int
    least: int
    problem: str | None
    counted: bool = True

    @property
    def held(self) -> bool:
        return self.problem is None

    def require(self) -> None:
        """Raise when the floor is not held.

        Raises:
            InvalidInputError: naming the article, the numbers and the fix.
        """
        if self.problem is not None:
            raise InvalidInputError(self.problem, where=tr("plan {plan_id}", plan_id=self.plan_id),
                                    fix=tr("draw at least {number} subjects (a larger count or ratio); {citation} "
                                           "sets a floor no plan may go under",
                                           number=max(self.least - self.others, 1), citation=self.citation))

    def to_json(self) -> dict[str, object]:
        return {"floor": None if self.floor is None else f"{self.floor.numerator}/{self.floor.denominator}",
                "citation": self.citation, "year": self.year, "pool": self.pool, "sample_size": self.sample_size,
                "committed_before": self.others, "least": self.least, "held": self.held, "problem": self.problem}


def _share(value: Fraction) -> str:
    percent = value * 100
    return f"{percent.numerator}%" if percent.denominator == 1 else f"{value.numerator}/{value.denominator}"


def check_floor(profile: ResolvedProfile, manifest: Manifest, *, committed: Iterable[CommittedSize] = (),
                year: int | None = None, departures: Iterable[Departure] = (),
                items: Iterable[ChecklistItem] | None = None) -> FloorCheck:
    """``manifest``'s sample against ``profile``'s floor, with the year's plans committed so far (see the
    module: the year's plans under the profile together reach ``⌈floor × pool⌉``; a plan of no subjects never
    passes).

    Args:
        committed: the sizes the store's ``plan_committed`` entries record (any plans, any years: those of
            another profile or year, and this plan's own earlier commits, are left out here).
        year: the plan's year (default: the year its window starts in).
        departures: the plan's departures; where the profile words the floor as a default and the plan departs
            from it (with its recorded reason), the floor does not apply to the plan.
        items: the plan's checklist items; where the profile sets the floor for one class of items
            (``draw.min_ratio_items``) and every item is of another, the floor does not apply
            (:func:`~random_inspection.profiles.plans.floor_applies`).

    Raises:
        InfeasibleDrawError: the manifest asks more subjects than are eligible.
    """
    year = manifest.window[0].year if year is None else year
    n = sample_size(manifest)
    pool = pool_size(manifest)
    departed = profile.has("draw.min_ratio") and profile.rule("draw.min_ratio").departable \
        and any(d.key == "draw.min_ratio" for d in departures)
    applies = floor_applies(profile, items)
    if not profile.has("draw.min_ratio") or departed or not applies:
        return FloorCheck(manifest.plan_id, year, None, "", pool, n, 0, 0, None, counted=applies)
    floor = profile.value("draw.min_ratio")
    citation = str(profile.rule("draw.min_ratio").citation.short())
    latest: dict[str, int] = {}
    for c in committed:
        if c.plan_id != manifest.plan_id and c.profile == profile.code and c.year == year:
            latest[c.plan_id] = c.sample_size or 0  # later entries replace earlier ones of the same plan
    others = sum(latest.values())
    least = math.ceil(floor * pool)
    problem = None
    if n == 0:
        problem = f"the plan draws no subject; {citation} asks at least {_share(floor)} of the year's pool"
    elif others + n < least:
        problem = (f"the plan draws {n} of the {pool} subjects; with the year's other plans under {profile.code} "
                   f"({others}) that is {others + n} in {year}, under the floor of {citation}: "
                   f"不低于年度监管对象主体库的{_share(floor)}, at least {least} of {pool}")
    return FloorCheck(manifest.plan_id, year, floor, citation, pool, n, others, least, problem)
