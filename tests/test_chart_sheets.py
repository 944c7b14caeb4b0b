"""Native charts in the workbooks (io/chart_sheets.py): opened again with openpyxl, each chart sheet holds its data
and a bar chart whose series refer to those cells, with Chinese titles; the shares' targets are a line; calamine
(the reader of io/reading_book.py) still reads every data sheet."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.chart import BarChart, LineChart
from python_calamine import CalamineWorkbook

from random_inspection.io import write_draw_results, write_reports
from random_inspection.model import Citation
from random_inspection.workflow import Indicator, Obligation, Step
from tests.chart_support import stratified_export
from tests.export_support import hebi_export


def _text(title: Any) -> str:
    return "".join(run.t for p in title.tx.rich.p for run in (p.r or ()))


def test_the_draw_workbook_charts_drawn_against_expected_by_district(tmp_path: Path) -> None:
    export = stratified_export()
    book = next(p for p in write_draw_results(tmp_path, export) if p.suffix == ".xlsx")
    wb = openpyxl.load_workbook(book)
    name = "图表-各分层实抽数与应抽数"
    assert wb.sheetnames[-1] == name and "抽取结果" in wb.sheetnames
    ws = wb[name]
    assert [c.value for c in ws[1]] == ["分层", "应抽（按可抽数比例）", "实抽"]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["长安区 (130102)", "桥西区 (130104)", "新华区 (130105)"]
    assert [ws.cell(r, 3).value for r in (2, 3, 4)] == [s.drawn for s in export.draw.strata]
    (chart,) = ws._charts
    assert isinstance(chart, BarChart) and chart.grouping == "clustered"
    assert _text(chart.title) == "各分层实抽数与应抽数"
    assert _text(chart.x_axis.title) == "分层" and _text(chart.y_axis.title) == "市场主体（户）"
    refs = [(s.tx.strRef.f, s.val.numRef.f, s.cat.strRef.f if s.cat.strRef else s.cat.numRef.f)
            for s in chart.series]
    assert refs == [(f"'{name}'!B1", f"'{name}'!$B$2:$B$4", f"'{name}'!$A$2:$A$4"),
                    (f"'{name}'!C1", f"'{name}'!$C$2:$C$4", f"'{name}'!$A$2:$A$4")]
    calamine = CalamineWorkbook.from_path(str(book))
    rows = calamine.get_sheet_by_name("抽取结果").to_python()
    assert rows[0][:3] == ["抽取序号", "统一社会信用代码", "市场主体名称"]
    assert len(rows) == 1 + len(export.draw.subjects)
    assert calamine.get_sheet_by_name(name).to_python()[1][0] == "长安区 (130102)"


def test_the_reports_chart_the_shares_against_targets_and_the_duties(tmp_path: Path) -> None:
    export = hebi_export()
    cite = Citation("文件", "三(三)")
    shares = [Indicator("信用风险分类抽查占比", Fraction(9, 10), Fraction(9, 10), True, cite),
              Indicator("联合抽查户数占比", Fraction(1, 2), Fraction(1), False, cite)]
    duty = Obligation("feedback", "反馈", "S1", export.plan.plan_id, "yjj", Step.ENDED, dt.date(2020, 7, 21),
                      Step.FED_BACK, cite, due=dt.date(2020, 7, 31))
    book = next(p for p in write_reports(tmp_path, export, shares, duties=[duty], on=dt.date(2020, 8, 3))
                if p.suffix == ".xlsx")
    wb = openpyxl.load_workbook(book)
    charts = [n for n in wb.sheetnames if n.startswith("图表-")]
    assert charts == ["图表-规定占比：实际与目标", "图表-各部门职责完成情况（截至 2020-08-03）",
                      "图表-各月到期职责完成情况（截至 2020-08-03）"]
    ws = wb[charts[0]]
    assert [c.value for c in ws[1]] == ["指标", "实际", "目标"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [
        ["信用风险分类抽查占比", 90, 90], ["联合抽查户数占比", 50, 100]]
    (bar,) = ws._charts
    assert _text(bar.title) == "规定占比：实际与目标" and _text(bar.y_axis.title) == "占比（%）"
    assert bar.y_axis.scaling.max == 100
    assert [s.val.numRef.f for s in bar.series] == [f"'{charts[0]}'!$B$2:$B$3"]
    lines = [c for c in bar._charts if isinstance(c, LineChart)]
    assert [s.val.numRef.f for s in lines[0].series] == [f"'{charts[0]}'!$C$2:$C$3"]  # the target, as a line
    duties = wb[charts[1]]._charts[0]
    assert duties.grouping == "stacked" and duties.overlap == 100
    assert [c.value for c in wb[charts[1]][1]] == ["部门", "已逾期"]
    assert [c.value for c in wb[charts[1]][2]] == ["鹤壁市应急管理局", 1]
    calamine = CalamineWorkbook.from_path(str(book))
    assert calamine.get_sheet_by_name("汇总表").to_python()[0][:2] == ["单位", "抽查户数"]


def test_the_workbook_charts_print_as_the_page_draws_them(tmp_path: Path) -> None:
    """What LibreOffice showed when the workbooks were printed to PDF: the chart under its table on one landscape
    page, values to two places, the page's ticks and colours, a target a mark per category (not a sloping line)."""
    export = stratified_export()
    book = next(p for p in write_draw_results(tmp_path / "draw", export) if p.suffix == ".xlsx")
    ws = openpyxl.load_workbook(book)["图表-各分层实抽数与应抽数"]
    (bar,) = ws._charts
    assert (bar.anchor._from.col, bar.anchor._from.row) == (0, 5)  # A6: a row under the table (rows 1-4)
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    expected = [ws.cell(r, 2).value for r in (2, 3, 4)]
    assert all(round(v, 2) == v for v in expected) and sum(expected) == pytest.approx(6, abs=0.02)
    assert (bar.y_axis.scaling.max, bar.y_axis.majorUnit) == (6, 2)  # as the SVG's axis: ticks 0, 2, 4, 6
    assert [_fill(s) for s in bar.series] == ["4E79A7", "F28E2B"]
    cite = Citation("文件", "三(三)")
    shares = [Indicator("信用风险分类抽查占比", Fraction(9, 10), Fraction(9, 10), True, cite),
              Indicator("联合抽查户数占比", Fraction(1, 2), Fraction(1), False, cite)]
    joint = hebi_export()
    duty = Obligation("feedback", "反馈", "S1", joint.plan.plan_id, "yjj", Step.ENDED, dt.date(2020, 7, 21),
                      Step.FED_BACK, cite, due=dt.date(2020, 7, 31))
    book = next(p for p in write_reports(tmp_path / "reports", joint, shares, duties=[duty], on=dt.date(2020, 8, 3))
                if p.suffix == ".xlsx")
    wb = openpyxl.load_workbook(book)
    (bar,) = wb["图表-规定占比：实际与目标"]._charts
    (line,) = [c for c in bar._charts if isinstance(c, LineChart)]
    (target,) = line.series
    assert target.graphicalProperties.line.noFill and target.marker.symbol == "dash"
    (duties,) = wb["图表-各部门职责完成情况（截至 2020-08-03）"]._charts
    assert [_fill(s) for s in duties.series] == ["C62828"]  # 已逾期, red


def _fill(series: Any) -> str:
    """A series' fill colour (hex) as read back from the file."""
    fill = series.graphicalProperties.solidFill
    colour = fill if isinstance(fill, str) else fill.srgbClr
    return str(colour if isinstance(colour, str) else colour.val)
