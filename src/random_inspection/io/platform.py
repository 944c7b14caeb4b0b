"""The platform's export of a draw (docs/platforms.md): read one to record it as an external draw, or write a draw
made here in the same columns so that the platform's operator can enter it.

A row per drawn subject and inspector: 任务编号, 统一社会信用代码, 市场主体名称, 执法证号, 执法人员姓名, 抽取时间 and,
optionally, 检查事项. The file is read as rosters are (CSV in UTF-8, UTF-8 with BOM, UTF-16 or GB18030, or XLSX; a
title row or two above the header allowed; :mod:`random_inspection.io.reading`), and every bad row is reported —
file, row, column, problem and how to fix it. Nothing is recorded from a file with any problem: a platform's draw
is taken whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from random_inspection.io.reading import FileProblem, RawTable, read_table
from random_inspection.io.rosters import Column, Kind, RosterProblem, duplicate_columns, filled_rows, read_cells
from random_inspection.io.tables import Table, write_csv
from random_inspection.messages import tr
from random_inspection.model import Inspector, Subject
from random_inspection.sampling import DrawResult
from random_inspection.store.external import ExternalDraw

__all__ = ["PLATFORM_COLUMNS", "PlatformImport", "platform_table", "read_platform_export", "write_platform_export"]

PLATFORM_COLUMNS = (
    Column("任务编号", "task", required=True, aliases=("抽查任务编号", "任务号", "任务代码"), example="XC-2026-001"),
    Column("统一社会信用代码", "uscc", required=True, aliases=("社会信用代码", "信用代码"),
           example="91411002X0NFPAY57K"),
    Column("市场主体名称", "name", aliases=("企业名称", "检查对象名称", "检查对象", "单位名称", "名称"),
           example="示例机械制造有限公司"),
    Column("执法证号", "certificate", required=True, aliases=("行政执法证号", "执法证件号", "证件号"),
           example="豫A411000"),
    Column("执法人员姓名", "inspector", aliases=("姓名", "检查人员", "执法人员"), example="执法人员01"),
    Column("抽取时间", "drawn_at", required=True, aliases=("抽取日期", "抽查时间"), example="2026-03-02 10:00"),
    Column("检查事项", "items", Kind.LIST, aliases=("事项编码", "抽查事项"), example="YJ-001、YJ-002"),
)
"""The columns of a platform's export (the header first, then the other names accepted)."""

CHINA = dt.timezone(dt.timedelta(hours=8))
_TIME = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
_TIME_FIX = tr("write the draw time as 2026-03-02 10:00 (China Standard Time) or 2026-03-02T10:00:00+08:00")


def parse_time(text: str) -> dt.datetime:
    """A draw time as platforms write it: ``2026-03-02 10:00[:00]`` (also with ``/`` or ``.``; China Standard Time)
    or ISO 8601 with its offset.

    Raises:
        ValueError: any other text, naming it.
    """
    value = text.strip()
    m = _TIME.match(value)
    if m:
        return dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0), tzinfo=CHINA)
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has a date but no time of day")
    return moment


@attrs.frozen
class PlatformImport:
    """What reading a platform's export gave.

    Attributes:
        source: the file's name.
        sha256: the SHA-256 (hex) of the file's bytes (empty where it cannot be read).
        draw: the draw, when the file has no problem; else ``None``.
        problems: every problem, in file order.
        rows: the rows read below the header.
    """

    source: str
    sha256: str
    draw: ExternalDraw | None
    problems: tuple[RosterProblem, ...]
    rows: int = 0

    @property
    def ok(self) -> bool:
        return self.draw is not None and not self.problems


def _is_header(headers: tuple[str, ...]) -> bool:
    names = {n: c for c in PLATFORM_COLUMNS for n in c.names}
    found = {names[h] for h in headers if h in names}
    return sum(1 for c in found if c.required) >= 2


def read_platform_export(path: str | Path, *, platform: str, subjects: Iterable[Subject],
                         inspectors: Iterable[Inspector], items_of: Callable[[str], tuple[str, ...]],
                         checklist: Iterable[str] = (), encoding: str | None = None,
                         sheet: str | None = None) -> PlatformImport:
    """Read a platform's export of one task against the plan's committed rosters.

    Args:
        platform: the platform's name (the profile's ``plan.platform``).
        subjects, inspectors: the plan's rosters: a subject is found by its 统一社会信用代码, an inspector by the
            执法证号 of their certificate; a name given must be the roster's.
        items_of: a subject's checklist items where the file names none (the plan's for that subject).
        checklist: the plan's item codes (an item the file names must be one).

    Never raises for a bad file: every problem is returned, with the file, row and column.
    """
    path = Path(path)
    source = path.name
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        return PlatformImport(source, "", None, (RosterProblem(
            source, None, None, tr("cannot be read: {error}", error=exc.strerror or str(exc)),
            tr("check the path")),))
    try:
        table = read_table(path, _is_header, encoding=encoding, sheet=sheet)
    except Exception as exc:  # a damaged workbook may fail inside openpyxl in ways of its own
        table = FileProblem(tr("cannot be read ({name})",
                               name=type(exc).__name__), tr("export the task again from the platform"))
    if isinstance(table, FileProblem):
        what = table.what
        if "header row" in what:
            what += " (任务编号, 统一社会信用代码, 执法证号, 抽取时间)"
        return PlatformImport(source, digest, None, (RosterProblem(source, None, None, what, table.fix),))
    try:
        return _read(table, digest, platform, {s.uscc: s for s in subjects},
                     {p.certificate.number: p for p in inspectors}, items_of, set(checklist))
    except Exception as exc:  # a workbook damaged below its header fails while its rows are read
        return PlatformImport(source, digest, None, (RosterProblem(
            source, None, None, tr("cannot be read to its end ({name})", name=type(exc).__name__),
            tr("export the task again from the platform, as CSV or XLSX")),))


class _Rows:
    """The state of one reading: the task and time every row must share, the draw being built, the problems."""

    def __init__(self, source: str, subjects: Mapping[str, Subject], inspectors: Mapping[str, Inspector],
                 checklist: set[str]) -> None:
        self.source, self.subjects, self.inspectors, self.checklist = source, subjects, inspectors, checklist
        self.problems: list[RosterProblem] = []
        self.task: tuple[str, int] | None = None
        self.time: tuple[dt.datetime, str, int] | None = None
        self.teams: dict[str, list[str]] = {}
        self.items: dict[str, list[str]] = {}

    def problem(self, row: int, column: str | None, what: str, fix: str) -> None:
        self.problems.append(RosterProblem(self.source, row, column, what, fix))

    def same(self, row: int, data: Mapping[str, Any]) -> None:
        task = data["task"]
        if self.task is None:
            self.task = (task, row)
        elif task != self.task[0]:
            self.problem(row, "任务编号", f"task {task} is not the task {self.task[0]} of row {self.task[1]}",
                         "import one task per file: export each task of the platform on its own")
        try:
            moment = parse_time(str(data["drawn_at"]))
        except ValueError:
            self.problem(row, "抽取时间", f"{data['drawn_at']!r} is not a draw time", _TIME_FIX)
            return
        if self.time is None:
            self.time = (moment, str(data["drawn_at"]), row)
        elif moment != self.time[0]:
            self.problem(row, "抽取时间", f"the draw time {data['drawn_at']} is not row {self.time[2]}'s "
                                        f"{self.time[1]}", "a task is drawn once: export the task's one draw")

    def row(self, row: int, data: Mapping[str, Any]) -> None:
        uscc = str(data["uscc"]).strip().upper()
        subject = self.subjects.get(uscc)
        if subject is None:
            self.problem(row, "统一社会信用代码", f"{uscc} is not in the plan's committed 检查对象名录库",
                         "import the export of this plan's task; a subject the platform holds but the plan does not "
                         "is a new commit first")
            return
        if "name" in data and data["name"] != subject.name:
            self.problem(row, "市场主体名称", f"{data['name']!r} is not the roster's name {subject.name!r} of {uscc}",
                         "check that the row is this subject's; correct the roster or the export")
        certificate = str(data["certificate"]).strip()
        person = self.inspectors.get(certificate)
        if person is None:
            self.problem(row, "执法证号", f"{certificate} is not the 执法证号 of an inspector of the plan's committed "
                                      "执法人员名录库", "import the export of this plan's task; an inspector missing "
                                      "from the roster is a new commit first")
            return
        if "inspector" in data and data["inspector"] != person.name:
            self.problem(row, "执法人员姓名", f"{data['inspector']!r} is not the roster's name of {certificate}",
                         "check that the row is this inspector's; correct the roster or the export")
        team = self.teams.setdefault(uscc, [])
        if person.id in team:
            self.problem(row, "执法证号", f"{certificate} is listed twice for {uscc}", "list each inspector once per "
                                                                                    "subject")
            return
        team.append(person.id)
        for code in data.get("items", ()):
            if code not in self.checklist:
                self.problem(row, "检查事项", f"{code} is not an item of the plan's checklist",
                             "give the items by their codes in the plan's 随机抽查事项清单")
            elif code not in self.items.setdefault(uscc, []):
                self.items[uscc].append(code)


def _date_only(source: str, number: int, cells: tuple[Any, ...], seen: Mapping[Column, int]) -> list[RosterProblem]:
    """A workbook's date cell in 抽取时间 is refused as the same date written as text is: a draw time needs its time
    of day. A workbook gives a date cell as a date-time at 00:00, so a date-time cell at exactly 00:00 is refused
    too (a platform's draw at midnight is written as text, ``2026-11-20 00:00``)."""
    i = next((i for c, i in seen.items() if c.field == "drawn_at"), None)
    cell = cells[i] if i is not None and i < len(cells) else None
    if not isinstance(cell, dt.date) or (isinstance(cell, dt.datetime) and cell.time() != dt.time(0)):
        return []
    day = cell.date() if isinstance(cell, dt.datetime) else cell
    return [RosterProblem(source, number, "抽取时间", tr("the date cell {day} has no time of day (a workbook gives a "
                                                     "date cell and a date-time cell at 00:00 alike)",
                                                     day=day.isoformat()),
                          _TIME_FIX + "; or format the cell as a date with its time (yyyy-mm-dd hh:mm)")]


def _read(table: RawTable, digest: str, platform: str, subjects: Mapping[str, Subject],
          inspectors: Mapping[str, Inspector], items_of: Callable[[str], tuple[str, ...]],
          checklist: set[str]) -> PlatformImport:
    source = table.source
    names = {n: c for c in PLATFORM_COLUMNS for n in c.names}
    matched = {i: names[h] for i, h in enumerate(table.headers) if h in names}
    seen, problems = duplicate_columns(source, table.header_row, table.headers, matched)
    state = _Rows(source, subjects, inspectors, checklist)
    state.problems += problems
    for column in PLATFORM_COLUMNS:
        if column.required and column not in seen:
            state.problem(table.header_row, column.header, f"the column {column.header} is missing",
                          f"keep the platform's column {column.header} (or one of: {'、'.join(column.aliases)})")
    if state.problems:
        return PlatformImport(source, digest, None, tuple(state.problems))
    columns = {i: c for c, i in seen.items()}
    count = 0
    for number, cells in filled_rows(source, table, state.problems):
        count += 1
        data, bad = read_cells(source, number, cells, columns)
        bad += _date_only(source, number, cells, seen)
        state.problems += bad
        missing = [c.header for c in PLATFORM_COLUMNS if c.required and c.field not in data
                   and not any(p.column == c.header for p in bad)]
        for header in missing:
            state.problem(number, header, f"{header} is empty", f"fill in {header}, as the platform exported it")
        if bad or missing:
            continue
        state.same(number, data)
        state.row(number, data)
    if count == 0 and not state.problems:
        state.problem(table.header_row, None, "the file has no rows below its header",
                      "export the task's drawn subjects and inspectors from the platform")
    if state.problems or state.task is None or state.time is None:
        return PlatformImport(source, digest, None, tuple(state.problems), count)
    order = list(state.teams)
    draw = ExternalDraw(platform, state.task[0], source, digest, state.time[0].isoformat(), tuple(order),
                        tuple((s, tuple(state.teams[s])) for s in order),
                        tuple((s, tuple(state.items.get(s) or items_of(s))) for s in order))
    return PlatformImport(source, digest, draw, (), count)


def platform_table(task: str, drawn_at: dt.datetime, result: DrawResult, subjects: Mapping[str, Subject],
                   inspectors: Mapping[str, Inspector]) -> Table:
    """A draw made here as the platform's export: a row per drawn subject and inspector, in
    :data:`PLATFORM_COLUMNS`' order (``task``: the number the platform's operator enters it under; ``drawn_at``:
    the time of the draw)."""
    when = drawn_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")
    rows: list[tuple[str, ...]] = []
    teams, items = dict(result.teams), dict(result.items)
    for s in result.subjects:
        subject = subjects.get(s)
        for p in teams.get(s, ()):
            person = inspectors.get(p)
            rows.append((task, s, subject.name if subject else "", person.certificate.number if person else p,
                         person.name if person else "", when, "、".join(items.get(s, ()))))
    return Table("抽取结果", tuple(c.header for c in PLATFORM_COLUMNS), rows)


def write_platform_export(path: str | Path, table: Table) -> Path:
    """The table of :func:`platform_table` as CSV (UTF-8 with a byte-order mark, as the other tables)."""
    return write_csv(path, table)
