"""The charts as SVG (io/charts.py, io/chart_data.py): well-formed, bars in proportion to the data, targets where
the rule puts them, names shown as text and never as markup, and any counts (zeros, one category, many) drawn
without a negative or undefined size; the charts of a plan drawn by district and of 石家庄's required shares; the
charts on the disclosure page, through its personal-data check."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError, PersonalDataError
from random_inspection.io import disclosure_labels, render_disclosure_html
from random_inspection.io.chart_data import ChartData, Series, duty_month_data, duty_status_data, share_data
from random_inspection.io.charts import Chart, axis_top, bar_chart_svg, plan_charts
from random_inspection.model import Citation
from random_inspection.workflow import Indicator, Obligation, Status, Step, disclose
from tests.chart_support import DISTRICTS, stratified_export
from tests.export_support import lengshuitan_export

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>"&\'<g onload="x">'


def _bars(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(f".//{SVG}rect[@class='bar']")


def _data(**changes: object) -> ChartData:
    data = ChartData(key="t", title="测试", categories=("甲", "乙", "丙"),
                     series=(Series("应抽", (4.5, 0, 9)), Series("实抽", (4, 1, 9))), x_label="分层", y_label="户")
    return attrs.evolve(data, **changes)


def test_the_svg_is_well_formed_and_labelled_for_screen_readers() -> None:
    root = ET.fromstring(bar_chart_svg(_data()))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img" and root.get("aria-label") == "测试"
    assert root.get("width") == "100%" and root.get("viewBox", "").startswith("0 0 400 ")
    assert root.find(f"{SVG}title").text == "测试"  # type: ignore[union-attr]
    assert "Noto Sans CJK SC" in root.get("font-family", "")
    svg = bar_chart_svg(_data())
    assert "<script" not in svg and "href" not in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")  # no script, no external resource
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert {"甲", "乙", "丙", "应抽", "实抽", "分层", "户"} <= set(texts)


def test_bar_heights_are_in_proportion_to_the_values() -> None:
    bars = _bars(bar_chart_svg(_data()))
    assert len(bars) == 6
    heights = {(b.get("data-series"), b.get("data-category")): float(b.get("height", "")) for b in bars}
    unit = heights[("实抽", "甲")] / 4
    assert unit > 0
    for (series, category), height in heights.items():
        value = dict(zip("甲乙丙", {"应抽": (4.5, 0, 9), "实抽": (4, 1, 9)}[series], strict=True))[category]
        assert height == pytest.approx(value * unit, abs=0.02)
    bottoms = {round(float(b.get("y", "")) + float(b.get("height", "")), 1) for b in bars}
    assert len(bottoms) == 1  # every bar stands on the same base line


def test_a_stacked_bar_stacks_its_series_and_a_target_is_a_line_at_its_value() -> None:
    data = _data(stacked=True, percent=True, targets=(90, None, 100),
                 series=(Series("已完成", (30, 0, 50)), Series("已逾期", (20, 0, 50))))
    bars = _bars(bar_chart_svg(data))
    first = [b for b in bars if b.get("data-category") == "甲"]
    lower, upper = sorted(first, key=lambda b: -float(b.get("y", "")))
    assert float(upper.get("y", "")) + float(upper.get("height", "")) == pytest.approx(float(lower.get("y", "")))
    assert float(lower.get("x", "")) == float(upper.get("x", ""))
    unit = float(lower.get("height", "")) / 30
    root = ET.fromstring(bar_chart_svg(data))
    lines = root.findall(f".//{SVG}line[@class='target']")
    assert [float(t.get("data-value", "")) for t in lines] == [90, 100]
    base = float(lower.get("y", "")) + float(lower.get("height", ""))
    assert float(lines[0].get("y1", "")) == pytest.approx(base - 90 * unit, abs=0.02)
    assert axis_top(data)[0] == 100  # a share's axis runs to 100 %


def test_a_hostile_name_is_text_not_markup() -> None:
    data = _data(categories=(HOSTILE, "乙", "丙"), series=(Series(HOSTILE, (1, 2, 3)),), title=HOSTILE)
    svg = bar_chart_svg(data)
    root = ET.fromstring(svg)  # still well-formed
    assert not [e for e in root.iter() if e.tag.endswith(("script", "}g")) and e.get("onload")]
    assert all(not e.tag.endswith("script") for e in root.iter())
    assert root.get("aria-label") == HOSTILE and root.find(f"{SVG}title").text == HOSTILE  # type: ignore[union-attr]
    table = Chart.of(data).table
    assert "<script>" not in table and "&lt;script&gt;" in table


def test_a_chart_refuses_series_of_another_length() -> None:
    with pytest.raises(InvalidInputError, match="one value per category"):
        _data(series=(Series("应抽", (1, 2)),))


COUNTS = st.lists(st.one_of(st.integers(0, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                            st.just(0)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.data(), st.booleans(), st.booleans())
def test_any_counts_give_sizes_that_are_finite_and_not_negative(data: st.DataObject, stacked: bool,
                                                                with_targets: bool) -> None:
    first = data.draw(COUNTS)
    second = data.draw(st.lists(st.integers(-5, 10**6), min_size=len(first), max_size=len(first)))
    targets = data.draw(st.lists(st.one_of(st.none(), st.floats(allow_nan=True)), min_size=len(first),
                                 max_size=len(first))) if with_targets else []
    chart = ChartData(key="h", title="随机", categories=[f"类{i}" for i in range(len(first))], stacked=stacked,
                      series=(Series("一", first), Series("二", second)), targets=targets, x_label="x", y_label="y")
    root = ET.fromstring(bar_chart_svg(chart))
    top, _ = axis_top(chart)
    for element in root.findall(".//*"):  # the drawing (the root's width is 100 %)
        for name in ("x", "y", "width", "height", "x1", "x2", "y1", "y2"):
            if element.get(name) is not None:
                value = float(element.get(name, ""))
                assert math.isfinite(value) and (value >= 0 or name in ("x", "y", "y1", "y2")), (name, value)
    heights = [float(b.get("height", "")) for b in _bars(bar_chart_svg(chart))]
    assert len(heights) == 2 * len(first) and all(0 <= h <= 180.01 for h in heights)
    assert top > 0
    if not any(chart.total(i) for i in range(len(first))) and not any(t for t in chart.targets if t):
        assert all(h == 0 for h in heights)  # zero totals: flat bars under an axis of 0 to 1


def test_the_plan_charts_the_draw_by_district_and_the_required_shares() -> None:
    export = stratified_export()
    charts = plan_charts(export)
    assert [c.title for c in charts] == ["各分层实抽数与应抽数", "规定占比：实际与目标"]
    strata, shares = charts
    assert strata.data.categories == ("长安区 (130102)", "桥西区 (130104)", "新华区 (130105)")
    eligible = {s.key: s.eligible for s in export.draw.strata}
    drawn = {s.key: s.drawn for s in export.draw.strata}
    expected = [sum(drawn.values()) * eligible[d] / sum(eligible.values()) for d in DISTRICTS]
    assert strata.data.series[0].values == pytest.approx(expected)
    assert strata.data.series[1].values == tuple(drawn[d] for d in DISTRICTS)
    assert all(abs(e - drawn[d]) < 1 for e, d in zip(expected, DISTRICTS, strict=True))  # §6 largest remainder
    assert [row[-1] for row in strata.data.rows()] == [str(eligible[d]) for d in DISTRICTS]  # the pool, in the table
    # 石家庄 三(三) 90 %, 二(四) 100 %: measured on this credit-risk-based, single-department plan
    assert shares.data.targets == (90.0, 100.0, 100.0)
    assert shares.data.categories[0].startswith("信用风险分类抽查占比")
    assert shares.data.series[0].values == (100.0, 0.0, 0.0)
    assert "三(三)" in shares.data.rows()[0][-1] and "二(四)" in shares.data.rows()[1][-1]


def test_only_shares_are_charted_as_shares() -> None:
    cite = Citation("文件", "第十五条")
    cap = Indicator("同一企业年度检查次数", 3, 4, True, cite)
    assert share_data([cap]) is None
    share = Indicator("抽查比例", Fraction(1, 8), Fraction(1, 10), True, cite)
    data = share_data([cap, share])
    assert data is not None and data.categories == ("抽查比例",) and data.series[0].values == (12.5,)
    assert data.rows() == [("抽查比例", "12.5%", "10%", "是", str(cite))]


def _duty(department: str | None, due: dt.date, met_on: dt.date | None = None) -> Obligation:
    return Obligation("feedback", "反馈", "S1", "P1", department, Step.ENDED, due - dt.timedelta(days=5),
                      Step.PUBLISHED, Citation("文件", "第十条"), due=due, met_on=met_on)


def test_duties_by_status_per_department_and_per_month() -> None:
    on = dt.date(2024, 7, 10)
    duties = [_duty("yjj", dt.date(2024, 6, 20), dt.date(2024, 6, 19)), _duty("yjj", dt.date(2024, 6, 28)),
              _duty("scjgj", dt.date(2024, 7, 20)), _duty("scjgj", dt.date(2024, 6, 5), dt.date(2024, 6, 9))]
    names = {"yjj": "应急管理局", "scjgj": "市场监管局"}
    by_department = duty_status_data(duties, on, names.__getitem__)
    assert by_department.stacked and by_department.categories == ("市场监管局", "应急管理局")
    counts = {s.name: s.values for s in by_department.series}
    assert counts == {Status.MET.value: (0, 1), Status.MET_LATE.value: (1, 0), Status.OPEN.value: (1, 0),
                      Status.OVERDUE.value: (0, 1)}
    by_month = duty_month_data(duties, on)
    assert by_month.categories == ("2024-06", "2024-07")
    assert [by_month.total(i) for i in range(2)] == [3, 1]
    bars = _bars(bar_chart_svg(by_department))
    overdue = [b for b in bars
               if b.get("data-series") == Status.OVERDUE.value and b.get("data-category") == "应急管理局"]
    assert overdue[0].get("fill") == "#c62828"  # overdue in red


def test_the_disclosure_page_shows_the_charts_and_checks_their_text() -> None:
    export = stratified_export()
    public = disclose(export.profile, export.plan, export.draw, [], export.subjects, export.inspectors)
    page = render_disclosure_html(public, labels=disclosure_labels(export), charts=plan_charts(export))
    section = page[page.index('<section id="charts">'):page.index("<footer>")]
    assert section.count("<svg") == 2 and section.count("<table") == 2 and "<h2>图表</h2>" in section
    leaking = Chart.of(_data(categories=("甲", "乙", "13800138000")))
    with pytest.raises(PersonalDataError):
        render_disclosure_html(public, labels=disclosure_labels(export), charts=[leaking])


def test_a_draw_without_strata_has_no_strata_chart() -> None:
    export = lengshuitan_export()  # one stratum, no required share under 冷水滩's rules
    assert len(export.draw.strata) == 1 and plan_charts(export) == []


def _category_lines(svg: str) -> list[list[str]]:
    return [[t.text or "" for t in label.findall(f"{SVG}tspan")]
            for label in ET.fromstring(svg).findall(f".//{SVG}text[@class='category']")]


def test_a_district_label_puts_its_name_over_its_code_where_one_line_has_no_room() -> None:
    names = ("魏都区", "建安区", "鄢陵县", "襄城县", "禹州市", "长葛市")
    categories = tuple(f"{name} (41100{k})" for k, name in enumerate(names))
    svg = bar_chart_svg(_data(categories=categories, series=(Series("实抽", (1,) * 6),)))
    assert _category_lines(svg) == [[name, f"(41100{k})"] for k, name in enumerate(names)]
    wide = bar_chart_svg(_data(categories=categories[:2], series=(Series("实抽", (1, 1)),)))
    assert _category_lines(wide) == [[c] for c in categories[:2]]  # room enough: one line each


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30), min_size=1,
                max_size=12, unique=True))
@settings(max_examples=60, deadline=None)
def test_a_category_label_takes_two_lines_at_most_and_each_bar_keeps_the_whole_name(categories: list[str]) -> None:
    svg = bar_chart_svg(_data(categories=tuple(categories), series=(Series("实抽", (1,) * len(categories)),)))
    for category, lines in zip(categories, _category_lines(svg), strict=True):
        assert 1 <= len(lines) <= 2
        if not any(line.endswith("…") for line in lines):  # whole: one line, or split where it was split
            assert category in ("".join(lines), " ".join(lines))
        assert all(line.removesuffix("…") in category for line in lines)
    titles = [b.findtext(f"{SVG}title", "") for b in _bars(svg)]  # "category，series：value" (a category may hold "，")
    assert len(titles) == len(categories)
    assert all(title.startswith(f"{category}，") for title, category in zip(titles, categories, strict=True))
