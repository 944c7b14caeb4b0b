"""Native charts in the workbooks: a sheet per chart holding the chart's data as a table, and an Excel bar chart
beside it that refers to those cells (so a reader who corrects a cell sees the chart follow), with the title and
the axes' titles in Chinese, the series in the page's colours. A target (a share a rule requires) is a red dash
across its category's bars.

As LibreOffice renders them (converted to PDF, looked at page by page): the chart sits under its table, so a
printed sheet holds both on one landscape page (beside the table it was cut across two pages); the values show to
two places at most (应抽 is a fraction); a target is a mark per category, not a line sloping from one share's
target to the next; the value axis has the ticks of the page's SVG (1, 2 or 5 times a power
of ten, whole numbers for counts) and the categories read as on the page (an area as 名称 (代码))."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from random_inspection.io.chart_data import ChartData
from random_inspection.io.charts import TARGET_COLOUR, axis_top, series_colour
from random_inspection.io.sheets import put, set_widths, sheet_name

__all__ = ["add_chart_sheets"]



def _shown(value: float | None) -> float | int | None:
    """A value as the page's table shows it: a whole number as an integer, another to two places."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def add_chart_sheets(wb: Workbook, charts: Sequence[ChartData]) -> list[str]:
    """Add to ``wb`` a sheet per chart, named ``图表-<title>`` (cut to Excel's 31 characters): in A1 on, the data
    (the category column, a column per series, then 目标 where there are targets, as numbers), and a bar chart
    (clustered, or stacked where the data is) anchored under the table; the sheet prints on landscape pages one
    wide. Returns the sheets' names."""
    names = []
    for data in charts:
        ws = wb.create_sheet(sheet_name(f"图表-{data.title}", wb.sheetnames))
        names.append(ws.title)
        header = (data.x_label, *(s.name for s in data.series), *(("目标",) if data.targets else ()))
        for c, text in enumerate(header, start=1):
            put(ws, 1, c, text, header=True)
        for r, category in enumerate(data.categories):
            put(ws, r + 2, 1, category)
            for c, series in enumerate(data.series, start=2):
                put(ws, r + 2, c, _shown(series.values[r]))
            if data.targets:
                put(ws, r + 2, len(data.series) + 2, _shown(data.targets[r]))
        set_widths(ws, header, [(c,) for c in data.categories], most=40)
        ws.freeze_panes = "A2"
        ws.add_chart(_bar_chart(ws, data), f"A{len(data.categories) + 3}")
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    return names


def _bar_chart(ws: Worksheet, data: ChartData) -> BarChart:
    rows = len(data.categories) + 1
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked" if data.stacked else "clustered"
    if data.stacked:
        chart.overlap = 100
    chart.title = data.title
    chart.x_axis.title = data.x_label
    chart.y_axis.title = data.y_label
    chart.x_axis.delete = False  # openpyxl ≥ 3.1 hides the axes unless told
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max, chart.y_axis.majorUnit = axis_top(data)
    chart.width, chart.height = 18, 9
    series = len(data.series)
    chart.add_data(Reference(ws, min_col=2, max_col=1 + series, min_row=1, max_row=rows), titles_from_data=True)
    for index, drawn in enumerate(chart.series):  # the page's colours: a status always in its own
        drawn.graphicalProperties.solidFill = series_colour(data, index).lstrip("#").upper()
        drawn.graphicalProperties.line.solidFill = drawn.graphicalProperties.solidFill
    categories = Reference(ws, min_col=1, min_row=2, max_row=rows)
    chart.set_categories(categories)
    if data.targets:
        line = LineChart()
        line.add_data(Reference(ws, min_col=2 + series, min_row=1, max_row=rows), titles_from_data=True)
        line.set_categories(categories)
        # a mark across each category's bars at its target, as the page draws it; no line from one category's
        # target to the next (it would slope between two unrelated shares)
        target = line.series[0]
        target.graphicalProperties.line.noFill = True
        target.marker.symbol = "dash"
        target.marker.size = 20
        target.marker.graphicalProperties = GraphicalProperties(solidFill=TARGET_COLOUR.lstrip("#").upper())
        target.marker.graphicalProperties.line.solidFill = TARGET_COLOUR.lstrip("#").upper()
        chart += line
    return chart
