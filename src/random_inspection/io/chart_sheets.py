"""Native charts in the workbooks: a sheet per chart holding the chart's data as a table, and an Excel bar chart
beside it that refers to those cells (so a reader who corrects a cell sees the chart follow), with the title and
the axes' titles in Chinese. A target (a share a rule requires) is a dashed line over the bars."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from random_inspection.io.chart_data import ChartData
from random_inspection.io.sheets import put, set_widths, sheet_name

__all__ = ["add_chart_sheets"]


def add_chart_sheets(wb: Workbook, charts: Sequence[ChartData]) -> list[str]:
    """Add to ``wb`` a sheet per chart, named ``图表-<title>`` (cut to Excel's 31 characters): in A1 on, the data
    (the category column, a column per series, then 目标 where there are targets, as numbers), and a bar chart
    (clustered, or stacked where the data is) anchored beside the table. Returns the sheets' names."""
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
                put(ws, r + 2, c, series.values[r])
            if data.targets:
                put(ws, r + 2, len(data.series) + 2, data.targets[r])
        set_widths(ws, header, [(c,) for c in data.categories], most=40)
        ws.freeze_panes = "A2"
        ws.add_chart(_bar_chart(ws, data), f"{get_column_letter(len(header) + 2)}2")
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
    if data.percent:
        chart.y_axis.scaling.max = max(100.0, data.highest())
    chart.width, chart.height = 18, 9
    series = len(data.series)
    chart.add_data(Reference(ws, min_col=2, max_col=1 + series, min_row=1, max_row=rows), titles_from_data=True)
    categories = Reference(ws, min_col=1, min_row=2, max_row=rows)
    chart.set_categories(categories)
    if data.targets:
        line = LineChart()
        line.add_data(Reference(ws, min_col=2 + series, min_row=1, max_row=rows), titles_from_data=True)
        line.set_categories(categories)
        target = line.series[0]
        target.graphicalProperties.line.solidFill = "C62828"
        target.graphicalProperties.line.dashStyle = "dash"
        target.graphicalProperties.line.width = 28575
        chart += line
    return chart
