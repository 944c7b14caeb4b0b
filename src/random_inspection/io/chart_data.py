"""What the charts of a plan show, as plain typed data: the categories along the axis, one or more series of
values, and, for shares, the target of each category. The SVG of the pages (:mod:`random_inspection.io.charts`)
and the native charts of the workbooks (:mod:`random_inspection.io.chart_sheets`) are both drawn from it.

Three kinds, each from data the library already holds:

- :func:`strata_data`: per stratum of the draw (``DrawResult.strata``), the subjects drawn against the count
  expected in proportion to its eligible pool (§6 allocates the sample in proportion, by largest remainder, so
  the two differ by less than one subject where the plan gives a count or one ratio);
- :func:`duty_status_data` and :func:`duty_month_data`: the duties (:class:`~random_inspection.workflow.Obligation`)
  by status on a day, per department owing them and per month they fall due;
- :func:`share_data`: each share a profile's rule requires (an :class:`~random_inspection.workflow.Indicator`
  whose target is a fraction) against its target, in per cent.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from fractions import Fraction

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.sampling import DrawResult
from random_inspection.workflow import Indicator, Obligation, Status

__all__ = ["ChartData", "Series", "duty_month_data", "duty_status_data", "share_data", "strata_data"]

WHOLE = "（全部）"
"""The label of the one stratum of an unstratified draw (its key is empty)."""


LARGEST = 1e12
"""The largest value a chart draws (far above any count of subjects or duties): a larger one is drawn as this, so
that sums of values stay finite."""


def _finite(values: Iterable[float]) -> tuple[float, ...]:
    """Values as floats, a negative, infinite or NaN value taken as 0 (a chart draws no negative size), one above
    :data:`LARGEST` as that."""
    return tuple(min(float(v), LARGEST) if math.isfinite(float(v)) and float(v) > 0 else 0.0 for v in values)


@attrs.frozen
class Series:
    """One series of a chart: its name (the legend's text) and a value per category."""

    name: str
    values: tuple[float, ...] = attrs.field(converter=_finite)


def _texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def _all_series(values: Iterable[Series]) -> tuple[Series, ...]:
    return tuple(values)


def _targets(values: Iterable[float | None]) -> tuple[float | None, ...]:
    return tuple(None if v is None else _finite((v,))[0] for v in values)


@attrs.frozen(kw_only=True)
class ChartData:
    """The data of one chart.

    Attributes:
        key: a short ASCII name, unique on a page (the SVG's element ids are made from it).
        title: the chart's title (Chinese).
        categories: the labels along the horizontal axis.
        series: the values drawn, each with a value per category.
        x_label, y_label: the axes' titles.
        stacked: the series stacked in one bar per category (else side by side).
        percent: values and targets are per cent (the axis runs to 100 at least).
        targets: a target per category (``None``: none), drawn as a line across its bars.
        notes: more columns for the data table only (a name and a text per category), e.g. the pool.
    """

    key: str
    title: str
    categories: tuple[str, ...] = attrs.field(converter=_texts)
    series: tuple[Series, ...] = attrs.field(converter=_all_series)
    x_label: str
    y_label: str
    stacked: bool = False
    percent: bool = False
    targets: tuple[float | None, ...] = attrs.field(default=(), converter=_targets)
    notes: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __attrs_post_init__(self) -> None:
        counts = [len(s.values) for s in self.series] + ([len(self.targets)] if self.targets else [])
        if any(n != len(self.categories) for n in counts):
            raise InvalidInputError(tr("a chart needs one value per category in every series and target"),
                                    where=tr("chart {chart}", chart=self.key),
                                    fix=tr("give as many values as categories ({n})", n=len(self.categories)))

    def total(self, index: int) -> float:
        """The sum of the series at category ``index`` (the height of a stacked bar)."""
        return sum(s.values[index] for s in self.series)

    def highest(self) -> float:
        """The highest value the axis must reach: the highest bar (or stack) or target; 0 for no data."""
        bars = [self.total(i) if self.stacked else max((s.values[i] for s in self.series), default=0.0)
                for i in range(len(self.categories))]
        return max([*bars, *(t for t in self.targets if t is not None)], default=0.0)

    def header(self) -> tuple[str, ...]:
        """The columns of its data table: the axis's title, each series, the target where there is one, the
        notes."""
        return (self.x_label, *(s.name for s in self.series), *(("目标",) if self.targets else ()),
                *(name for name, _ in self.notes))

    def rows(self) -> list[tuple[str, ...]]:
        """Its data table's rows, a category each, the values as shown (per cent with ``%``)."""
        return [(c, *(self.show(s.values[i]) for s in self.series),
                 *((self.show(self.targets[i]),) if self.targets else ()), *(texts[i] for _, texts in self.notes))
                for i, c in enumerate(self.categories)]

    def show(self, value: float | None) -> str:
        """A value as text: whole numbers without decimals, others to two places, per cent with ``%``."""
        if value is None:
            return ""
        text = str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
        return f"{text}%" if self.percent else text


def strata_data(draw: DrawResult, label: Callable[[str], str] = str) -> ChartData:
    """Per stratum of ``draw``: 实抽 (drawn) against 应抽 (the total drawn shared in proportion to the eligible
    counts, before the §6 rounding); the eligible pool (可抽) is in the data table. ``label`` shows a stratum's
    key (e.g. an area code as ``名称 (代码)``, :func:`~random_inspection.io.charts.stratum_label`)."""
    total = sum(s.eligible for s in draw.strata)
    drawn = sum(s.drawn for s in draw.strata)
    expected = [float(Fraction(drawn * s.eligible, total)) if total else 0.0 for s in draw.strata]
    return ChartData(key="strata", title="各分层实抽数与应抽数",
                     categories=[label(s.key) if s.key else WHOLE for s in draw.strata],
                     series=(Series("应抽（按可抽数比例）", expected), Series("实抽", [s.drawn for s in draw.strata])),
                     x_label="分层", y_label="市场主体（户）",
                     notes=(("可抽", tuple(str(s.eligible) for s in draw.strata)),))


STATUS_ORDER = (Status.MET, Status.MET_LATE, Status.OPEN, Status.PROVISIONAL, Status.OVERDUE)
"""The statuses in the order they are stacked: done first, overdue on top."""


def _by_status(groups: dict[str, Counter[Status]], key: str, title: str, x_label: str) -> ChartData:
    order = sorted(groups)
    shown = [s for s in STATUS_ORDER if any(groups[g][s] for g in order)]
    return ChartData(key=key, title=title, categories=order, stacked=True, x_label=x_label, y_label="职责（项）",
                     series=[Series(s.value, [groups[g][s] for g in order]) for s in shown])


def duty_status_data(duties: Iterable[Obligation], on: dt.date,
                     department_name: Callable[[str], str] = str) -> ChartData:
    """The duties by their status at the end of day ``on``, stacked per department owing them (by name; an
    office's duty under the office's roles)."""
    groups: dict[str, Counter[Status]] = {}
    for duty in duties:
        owner = department_name(duty.debtor.department) if duty.debtor and duty.debtor.department else \
            department_name(duty.owed_by) if duty.owed_by else "（未指明）"
        groups.setdefault(owner, Counter())[duty.status(on)] += 1
    return _by_status(groups, "duties", f"各部门职责完成情况（截至 {on.isoformat()}）", "部门")


def duty_month_data(duties: Iterable[Obligation], on: dt.date) -> ChartData:
    """The duties by their status at the end of day ``on``, stacked per month they fall due (a duty without a
    due date by the month it started)."""
    groups: dict[str, Counter[Status]] = {}
    for duty in duties:
        day = duty.due or duty.started_on
        groups.setdefault(f"{day.year:04d}-{day.month:02d}", Counter())[duty.status(on)] += 1
    return _by_status(groups, "duty-months", f"各月到期职责完成情况（截至 {on.isoformat()}）", "到期月份")


def _is_share(indicator: Indicator) -> bool:
    return isinstance(indicator.achieved, Fraction) and (indicator.target is None
                                                           or isinstance(indicator.target, Fraction))


def share_data(indicators: Iterable[Indicator]) -> ChartData | None:
    """Each share among ``indicators`` (achieved and target fractions, not counts such as a yearly cap) in per
    cent, with its target; ``None`` when there is none. Met or not, and the rule's citation, are in the data
    table."""
    shares = [i for i in indicators if _is_share(i)]
    if not shares:
        return None
    return ChartData(key="shares", title="规定占比：实际与目标", categories=[i.name for i in shares], percent=True,
                     series=(Series("实际", [float(i.achieved) * 100 for i in shares]),),
                     targets=[None if i.target is None else float(i.target) * 100 for i in shares],
                     x_label="指标", y_label="占比（%）",
                     notes=(("是否达到", tuple({True: "是", False: "否", None: ""}[i.met] for i in shares)),
                            ("依据", tuple(str(i.citation) if i.citation else "" for i in shares))))
