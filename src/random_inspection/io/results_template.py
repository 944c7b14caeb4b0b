"""A 检查结果登记表 to fill (the results file `random-inspection record` reads, :mod:`random_inspection.io.results`):
the header with an input hint per column, the result codes of the profile's scheme as a drop-down list, a filter,
the header frozen; and, where the drawn subjects are given, a row for each with its 市场主体名称 beside its
统一社会信用代码 (a column the reader ignores)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from random_inspection.errors import InvalidInputError
from random_inspection.io.atomic import atomic_writer
from random_inspection.io.cell_safety import safe_cell
from random_inspection.io.results import result_columns
from random_inspection.io.roster_guides import TEMPLATE_ROWS, Choices, guide_sheet
from random_inspection.io.rosters import Column
from random_inspection.messages import tr
from random_inspection.model import ResultScheme
from random_inspection.profiles import ProfileStep

__all__ = ["RESULTS_TITLE", "write_results_template"]

RESULTS_TITLE = "检查结果登记表"
"""The title row of the results template."""

NAME_COLUMN = Column("市场主体名称", "subject_name")
"""The subject's name beside its code: for whoever fills the file; the reader ignores it."""


def write_results_template(path: str | Path, scheme: ResultScheme | None,
                           subjects: Sequence[tuple[str, str]] = (), *,
                           own_steps: Sequence[ProfileStep] = ()) -> Path:
    """Write a results template at ``path`` (``.xlsx``): the columns of
    :func:`~random_inspection.io.results.result_columns` (with the date columns of ``own_steps``, the profile's
    own steps) with 市场主体名称 after the 统一社会信用代码, a hint per
    column, and the labels of ``scheme``'s result codes as 检查结果's list (none where the profile has no scheme:
    a result is then not recorded). ``subjects`` (code and name, e.g. the draw's) fill the first two columns of a
    row each.

    Raises:
        InvalidInputError: ``path`` is not an ``.xlsx``.
    """
    import openpyxl
    from openpyxl.styles import Font

    from random_inspection.io.sheets import set_widths

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InvalidInputError(tr("{name}: a results template is written as .xlsx", name=path.name),
                                where=str(path), fix=tr("name the file with .xlsx"))
    every = result_columns(own_steps)
    columns = (every[0], NAME_COLUMN, *every[1:])
    header = tuple(c.header for c in columns)
    choices = {} if scheme is None else {"result": Choices(tuple(c.label for c in scheme.codes))}
    hints = {"result": "检查结果：从下拉列表中选择（本方案的检查结果），也可填其编号。" if scheme is not None
             else "检查结果：本方案没有检查结果代码，空着；发现的问题填在“发现问题事项”。"}
    if scheme is not None and scheme.outcomes:
        hints["handling"] = "处理结果：多个用顿号“、”分隔，可填：" + "、".join(o.label for o in scheme.outcomes) + "。"
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = RESULTS_TITLE
    ws.append([RESULTS_TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    rows = [header, *((uscc, name) for uscc, name in subjects)]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=safe_cell(value))
            cell.data_type = "s"
            if r == 2:
                cell.font = Font(bold=True)
    for c in range(1, len(header) + 1):
        for r in range(3, 3 + len(subjects)):
            ws.cell(row=r, column=c).number_format = "@"
    set_widths(ws, header, rows[1:], most=60)
    guide_sheet(ws, columns, 2, max(len(subjects), TEMPLATE_ROWS), choices=choices, hints=hints)
    with atomic_writer(path) as out:
        book.save(out)
    return path
