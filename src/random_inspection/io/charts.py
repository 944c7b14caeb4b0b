"""Charts of a plan as SVG markup for the pages: pure functions from :class:`~random_inspection.io.chart_data.ChartData`
to one ``<svg>`` element, and :func:`plan_charts`, the charts of one plan that a page shows.

Each SVG is self-contained: no script, no external resource, its text as SVG ``<text>`` in the pages' CJK font
stack, every text escaped (a name holding markup is shown as text), a ``<title>`` and ``role="img"`` with an
``aria-label``; it scales with ``viewBox`` to the width of its column (``width="100%"``), readable on a 390 px
phone and on a 1280 px screen. Each :class:`Chart` carries its data as a table too (:attr:`Chart.table`), for
screen readers and for print.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from xml.sax.saxutils import escape

import attrs

from random_inspection.io.chart_data import (
    ChartData,
    duty_month_data,
    duty_status_data,
    share_data,
    strata_data,
)
from random_inspection.io.plan_data import PlanExport
from random_inspection.profiles import area_label
from random_inspection.workflow import Indicator, Obligation, Status, credit_risk_share, joint_share

__all__ = ["Chart", "bar_chart_svg", "plan_charts", "plan_indicators", "stratum_label"]

FONTS = ("'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
         "'WenQuanYi Micro Hei',sans-serif")
"""The pages' CJK font stack (as the disclosure page's style), for the charts' text."""

WIDTH, PLOT_HEIGHT, LEFT, RIGHT, BOTTOM = 400, 180, 44, 10, 50
"""The drawing's size in SVG units: scaled by ``viewBox`` to the width of the page's column."""

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#9c755f", "#edc948", "#bab0ac")
STATUS_COLOURS = {Status.MET.value: "#2e7d32", Status.MET_LATE.value: "#f9a825", Status.OPEN.value: "#4e79a7",
                  Status.PROVISIONAL.value: "#9ecae1", Status.OVERDUE.value: "#c62828"}
"""The colours of the series: a duty's status always in the same colour (done green, overdue red)."""
TARGET_COLOUR = "#c62828"


def _x(text: object) -> str:
    """Text escaped for SVG (XML), in element content and in double-quoted attributes."""
    return escape(str(text), {'"': "&quot;", "'": "&apos;"})


def _n(value: float) -> str:
    """A coordinate, to two places."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _step(highest: float, percent: bool) -> float:
    """The axis's tick step: 1, 2 or 5 times a power of ten, four or five ticks up to ``highest``."""
    if highest <= 0:
        return 25.0 if percent else 1.0
    raw = highest / 4
    power = 10.0 ** math.floor(math.log10(raw))
    step: float = next(f * power for f in (1, 2, 5, 10) if raw <= f * power)
    return max(step, 1.0) if not percent or highest >= 4 else step


def axis_top(data: ChartData) -> tuple[float, float]:
    """The top of the value axis and its tick step: above the highest bar and target, 100 at least for per
    cent, 1 at least for counts (a chart of zeros has an axis)."""
    highest = max(data.highest(), 100.0 if data.percent else 0.0)
    step = _step(highest, data.percent)
    return max(step * math.ceil(highest / step), step), step


def series_colour(data: ChartData, index: int) -> str:
    """The colour of series ``index`` (``#rrggbb``): a duty's status always its own, other series the palette's."""
    return STATUS_COLOURS.get(data.series[index].name, PALETTE[index % len(PALETTE)])


_colour = series_colour


def _legend(data: ChartData) -> tuple[list[str], float]:
    """The legend's markup, above the plot, wrapped to the width; and the height it takes."""
    items = [(s.name, f'<rect x="0" y="-9" width="10" height="10" fill="{_colour(data, i)}"/>')
             for i, s in enumerate(data.series)]
    if any(t is not None for t in data.targets):
        items.append(("目标", f'<line x1="0" x2="12" y1="-4" y2="-4" stroke="{TARGET_COLOUR}" stroke-width="2" '
                             'stroke-dasharray="4 2"/>'))
    parts, x, y = [], LEFT, 16.0
    for name, mark in items:
        width = 18 + 12 * len(name) + 12
        if x + width > WIDTH and x > LEFT:
            x, y = LEFT, y + 16
        parts.append(f'<g class="legend" transform="translate({_n(x)},{_n(y)})">{mark}'
                     f'<text x="16" y="0">{_x(name)}</text></g>')
        x += width
    return parts, y + 20


def _width(text: str) -> int:
    """How wide ``text`` is drawn at 12 units a font size: 12 a wide (CJK) character, 7 any other."""
    return sum(12 if unicodedata.east_asian_width(c) in "WF" else 7 for c in text)


def _cut(text: str, room: float) -> str:
    """``text`` cut to ``room`` with "…" where it does not fit whole."""
    if _width(text) <= room:
        return text
    kept = ""
    for c in text:
        if _width(kept + c) + 12 > room:
            break
        kept += c
    return (kept or text[:1]) + "…"


def _label_lines(text: str, room: float) -> tuple[str, ...]:
    """A category's label on at most two lines under its bars (the data table and each bar's title have it whole):
    one line where it fits; a district's name over its code (``魏都区`` / ``(411002)``); else as much as fits on
    the first line and the rest, cut where it must be, on the second."""
    room = max(room, 24)
    if _width(text) <= room:
        return (text,)
    name, sep, code = text.partition(" (")
    if sep and name:
        return _cut(name, room), _cut(sep.strip() + code, room)
    first = ""
    for c in text:
        if _width(first + c) > room:
            break
        first += c
    first = first or text[:1]
    return first, _cut(text[len(first):], room)


def bar_chart_svg(data: ChartData, *, ident: str | None = None) -> str:
    """``data`` as one SVG bar chart: a bar per series per category (``stacked``: one stacked bar per category),
    each bar a ``<rect class="bar">`` with its value in ``data-value`` and a ``<title>``; a dashed line per target
    (``class="target"``); the value axis with ticks from 0; the categories' labels below; the legend above.
    ``ident`` makes the element ids unique on a page (default: the data's key)."""
    ident = ident or f"chart-{data.key}"
    legend, top = _legend(data)
    base = top + PLOT_HEIGHT
    height = base + BOTTOM
    plot = WIDTH - LEFT - RIGHT
    highest, step = axis_top(data)
    scale = PLOT_HEIGHT / highest
    title = data.title
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {_n(height)}" '
           f'width="100%" style="max-width:720px;height:auto" role="img" aria-labelledby="{_x(ident)}-title" '
           f'aria-label="{_x(title)}" font-family="{FONTS}" font-size="12" fill="#111">',
           f'<title id="{_x(ident)}-title">{_x(title)}</title>',
           f'<desc>{_x("；".join(" ".join(row) for row in [data.header(), *data.rows()]))}</desc>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{_n(height)}" fill="#fff"/>', *legend]
    ticks = round(highest / step)
    for k in range(ticks + 1):
        value = k * step
        y = base - value * scale
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_n(y)}" y2="{_n(y)}" stroke="#ddd"/>'
                   f'<text class="tick" x="{LEFT - 4}" y="{_n(y + 4)}" text-anchor="end">'
                   f'{_x(data.show(value))}</text>')
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_n(base)}" y2="{_n(base)}" stroke="#555"/>')
    count = max(len(data.categories), 1)
    group = plot / count
    shown = len(data.series) if not data.stacked else 1
    bar = group * (0.6 if data.stacked else 0.8) / max(shown, 1)
    for c, category in enumerate(data.categories):
        left = LEFT + c * group + (group - bar * shown) / 2
        stacked_at = base
        for s, series in enumerate(data.series):
            value = series.values[c]
            size = value * scale
            x = left if data.stacked else left + s * bar
            y = stacked_at - size if data.stacked else base - size
            out.append(f'<rect class="bar" x="{_n(x)}" y="{_n(y)}" width="{_n(bar)}" height="{_n(size)}" '
                       f'fill="{_colour(data, s)}" data-series="{_x(series.name)}" data-category="{_x(category)}" '
                       f'data-value="{_n(value)}"><title>{_x(category)}，{_x(series.name)}：'
                       f'{_x(data.show(value))}</title></rect>')
            if data.stacked:
                stacked_at = y
            elif bar >= 16:
                out.append(f'<text class="value" x="{_n(x + bar / 2)}" y="{_n(y - 3)}" text-anchor="middle" '
                           f'font-size="10">{_x(data.show(value))}</text>')
        if data.stacked and bar >= 16:
            out.append(f'<text class="value" x="{_n(left + bar / 2)}" y="{_n(stacked_at - 3)}" '
                       f'text-anchor="middle" font-size="10">{_x(data.show(data.total(c)))}</text>')
        target = data.targets[c] if data.targets else None
        if target is not None:
            y = base - target * scale
            out.append(f'<line class="target" x1="{_n(LEFT + c * group + group * 0.05)}" '
                       f'x2="{_n(LEFT + (c + 1) * group - group * 0.05)}" y1="{_n(y)}" y2="{_n(y)}" '
                       f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 3" data-value="{_n(target)}">'
                       f'<title>{_x(category)}，目标：{_x(data.show(target))}</title></line>')
        middle = _n(LEFT + (c + 0.5) * group)
        lines = "".join(f'<tspan x="{middle}" dy="{0 if k == 0 else 14}">{_x(line)}</tspan>'
                        for k, line in enumerate(_label_lines(category, group)))
        out.append(f'<text class="category" x="{middle}" y="{_n(base + 16)}" text-anchor="middle">{lines}</text>')
    out.append(f'<text class="axis" x="{_n(LEFT + plot / 2)}" y="{_n(height - 8)}" text-anchor="middle">'
               f'{_x(data.x_label)}</text>')
    out.append(f'<text class="axis" x="12" y="{_n(top + PLOT_HEIGHT / 2)}" text-anchor="middle" '
               f'transform="rotate(-90 12 {_n(top + PLOT_HEIGHT / 2)})">{_x(data.y_label)}</text>')
    out.append("</svg>")
    return "".join(out)


def data_table(data: ChartData) -> str:
    """The chart's data as an HTML ``<table>`` with the title as its caption, every text escaped."""
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in data.header())
    body = "".join("<tr>" + "".join(f'<td data-label="{e(h)}">{e(v)}</td>' for h, v in zip(data.header(), row,
                                                                                            strict=True)) + "</tr>"
                   for row in data.rows())
    return (f'<table class="chart-data"><caption>{e(data.title)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


@attrs.frozen
class Chart:
    """One chart of a page: its title (Chinese), its SVG markup and the data it shows."""

    title: str
    svg: str
    data: ChartData

    @classmethod
    def of(cls, data: ChartData) -> Chart:
        """The chart of ``data``, drawn as a bar chart."""
        return cls(data.title, bar_chart_svg(data), data)

    @property
    def table(self) -> str:
        """The data as an HTML table (the fallback for screen readers and print)."""
        return data_table(self.data)

    def texts(self) -> list[str]:
        """Every text the chart shows (title, axes, legend, categories, cells), for the public-output filter."""
        return [self.title, self.data.x_label, self.data.y_label, *self.data.header(),
                *(cell for row in self.data.rows() for cell in row)]


def plan_indicators(export: PlanExport) -> list[Indicator]:
    """The shares the plan's profile requires, measured on this plan: the credit-risk share per department
    (``draw.credit_risk_share``, on its inspections once recorded, else on its draw) and the joint shares
    (``joint.share``, by draws and by subjects); none where the profile has neither rule."""
    profile, plan = export.profile, export.plan
    records = list(export.records)
    found: list[Indicator] = []
    if profile.has("draw.credit_risk_share"):
        for department in plan.departments:
            share = credit_risk_share(profile, [plan], department, records or None)
            found.append(attrs.evolve(share, name=f"{share.name}（{export.department_name(department)}）"))
    if profile.has("joint.share"):
        found.extend(joint_share(profile, [plan], records))
    return found


AREA_FIELD = "area"
"""The draw's field of a subject's area, its GB/T 2260 ``area_code`` (a stratum field of the manifest's rules)."""


def stratum_label(export: PlanExport) -> Callable[[str], str]:
    """How a stratum's key is shown: each of its ``|``-joined parts that is an area code (the manifest's
    ``area`` stratum field; without the manifest, any part a profile of the chain names) as ``名称 (代码)``,
    with the names the plan's profile supplies (``ResolvedProfile.area_names``); a code no profile names stays
    the code, and every other part is shown as it is."""
    names = export.profile.area_names()
    fields = export.manifest.rules.strata if export.manifest is not None else None

    def label(key: str) -> str:
        parts = key.split("|")
        shown = [area_label(part, names[part][0] if part in names else None)
                 if part and (fields is None or (len(fields) == len(parts) and fields[i] == AREA_FIELD)) else part
                 for i, part in enumerate(parts)]
        return "|".join(shown)

    return label


def plan_charts(export: PlanExport, *, indicators: Iterable[Indicator] | None = None,
                duties: Sequence[Obligation] = (), on: dt.date | None = None) -> list[Chart]:
    """The charts of one plan, for its pages: the draw per stratum, drawn against expected, where the draw has
    strata (:func:`~random_inspection.io.chart_data.strata_data`); the shares the profile requires against their targets
    (``indicators``, by default :func:`plan_indicators`; none when there is no share); and, given the plan's
    ``duties`` and the day ``on``, the duties by status per department and per month they fall due."""
    charts = [Chart.of(strata_data(export.draw, stratum_label(export)))] if len(export.draw.strata) > 1 else []
    shares = share_data(plan_indicators(export) if indicators is None else indicators)
    if shares is not None:
        charts.append(Chart.of(shares))
    if duties and on is not None:
        charts.append(Chart.of(duty_status_data(duties, on, export.department_name)))
        charts.append(Chart.of(duty_month_data(duties, on)))
    return charts
