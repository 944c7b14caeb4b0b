"""Importing the 检查对象名录库, 执法人员名录库 and 随机抽查事项清单 from the files offices keep them in — CSV, XLSX,
XLS, WPS's ET and ODS (``io.reading``) — with Chinese column headers (templates in ``examples/rosters/``).

Every bad row is reported — file, row, column, problem and how to fix it — and none is dropped silently: a row
either becomes a model object or is listed among the problems. ``strict=True`` refuses the whole file on any problem.
Dates may be written 2023-03-09, 2023/3/9, 2023.3.9, 20230309 or 2023年3月9日, or be date cells of the workbook.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from random_inspection.collector import collector_paused
from random_inspection.errors import DataError, InvalidInputError, Issue
from random_inspection.io.atomic import atomic_writer
from random_inspection.io.cell_safety import safe_cell, unguard
from random_inspection.io.reading import CellProblem, FileProblem, RawTable, RowProblem, is_blank, read_table
from random_inspection.io.reading_book_parts import PartsDisagree
from random_inspection.io.reading_csv_columns import ColumnPiece, PieceRows
from random_inspection.io.row_patterns import CONTROL_CHARACTERS, LocalField, PatternReader
from random_inspection.messages import Message, tr
from random_inspection.model import ChecklistItem, Inspector, Subject, structure
from random_inspection.model.identifiers import fold_identifier

if TYPE_CHECKING:
    from random_inspection.io.roster_guides import TemplateVocabulary

__all__ = [
    "CHECKLIST_COLUMNS", "EXAMPLE_MARK", "INSPECTOR_COLUMNS", "SUBJECT_COLUMNS", "Column", "ImportResult",
    "Normalisation", "RosterError",
    "RosterKind", "RosterProblem", "import_roster", "parse_date", "read_checklist", "read_inspectors",
    "read_subjects", "roster_rows", "template_rows", "write_roster",
]

T = TypeVar("T")


class RosterKind(str, enum.Enum):
    """Which roster a file holds."""

    SUBJECTS = "subjects"  # 检查对象名录库
    INSPECTORS = "inspectors"  # 执法人员名录库
    CHECKLIST = "checklist"  # 随机抽查事项清单

    @property
    def label(self) -> str:
        names = {"subjects": "检查对象名录库", "inspectors": "执法人员名录库", "checklist": "随机抽查事项清单"}
        return names[self.value]


class Kind(str, enum.Enum):
    TEXT = "text"
    DATE = "date"
    FLAG = "flag"
    LIST = "list"


@attrs.frozen
class Column:
    """One column of a roster: its header as the template writes it, other headers offices use for it, the field
    it fills (a dotted path into the model's plain data) and how its cells are read.

    ``identifier``: a code, read with full-width letters and digits as ASCII and invisible characters removed
    (each change reported as a :class:`Normalisation`). ``local``: the field's checks look at its own value alone,
    so that a large roster reads it on every row and the rest of the row once per pattern
    (:mod:`random_inspection.io.row_patterns`); the example must be a valid value of the field."""

    header: str
    field: str
    kind: Kind = Kind.TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: str = ""
    identifier: bool = False
    local: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases, self.field)


SUBJECT_COLUMNS = (
    Column("统一社会信用代码", "uscc", required=True, aliases=("社会信用代码", "信用代码"),
           example="91411002X0NFPAY57K", identifier=True, local=True),
    Column("市场主体名称", "name", required=True, aliases=("企业名称", "名称", "单位名称"),
           example="示例机械制造有限公司", local=True),
    Column("监管领域", "domain", required=True, aliases=("行业领域", "领域"), example="工贸"),
    Column("行政区划代码", "area_code", required=True, aliases=("行政区划", "区划代码"), example="411002"),
    Column("市场主体类型", "subject_type", aliases=("主体类型",), example="企业"),
    Column("工贸行业", "sector", aliases=("工贸行业类别",), example="机械"),
    Column("所属行业", "industry", aliases=("行业",), example="机械制造"),
    Column("登记状态", "status", aliases=("经营状态",), example="存续"),
    Column("信用风险分类", "credit_risk", aliases=("企业信用风险分类", "信用风险等级"), example="A"),
    Column("列入严重违法失信企业名单", "on_serious_violation_list", Kind.FLAG, aliases=("严重违法失信",), example="否"),
    Column("经营异常", "abnormal_operation", Kind.FLAG, aliases=("列入经营异常名录",), example="否"),
    Column("已受行政处罚", "penalised", Kind.FLAG, aliases=("受到行政处罚",), example="否"),
    Column("法定代表人", "contact.legal_representative", aliases=("法定代表人（负责人）", "负责人"),
           example="法定代表人01", local=True),
    Column("联系电话", "contact.phone", aliases=("电话", "手机号码"), example="13800000001", local=True),
    Column("经营地址", "contact.address", aliases=("地址", "住所"), example="示例路1号", local=True),
    Column("注册号", "registration_number", example="", identifier=True, local=True),
)
"""The 检查对象名录库's columns."""

INSPECTOR_COLUMNS = (
    Column("人员编号", "id", required=True, aliases=("编号", "工号"), example="XC001", identifier=True),
    Column("姓名", "name", required=True, example="执法人员01"),
    Column("单位", "unit", required=True, aliases=("所在单位", "科室"), example="执法监察支队"),
    Column("部门代码", "department", aliases=("部门",), example="yjj"),
    Column("执法证号", "certificate.number", required=True, aliases=("行政执法证号", "执法证件号"),
           example="豫A411000", identifier=True),
    Column("执法证发证日期", "certificate.valid_from", Kind.DATE, required=True,
           aliases=("发证日期", "执法证有效期起"), example="2023-01-01"),
    Column("执法证有效期至", "certificate.valid_until", Kind.DATE, aliases=("有效期至", "执法证有效期止"),
           example="2028-12-31"),
    Column("发证机关", "certificate.issuer", example=""),
    Column("执法专长", "specialties", Kind.LIST, aliases=("专业", "执法类别", "专业领域"), example="工贸、危险化学品"),
    Column("在岗", "active", Kind.FLAG, aliases=("是否在岗",), example="是"),
    Column("利害关系企业", "interests", Kind.LIST, aliases=("回避企业",), example=""),
    Column("职务", "title", example="科员"),
    Column("性别", "gender", example="女"),
    Column("手机号码", "phone", aliases=("联系电话", "电话"), example="13900000001"),
    Column("身份证号", "id_number", aliases=("公民身份号码", "身份证号码"), example="", identifier=True),
    Column("正式工作人员", "regular_staff", Kind.FLAG, aliases=("是否正式工作人员", "正式人员"), example="是"),
)
"""The 执法人员名录库's columns (鹤壁 附件1 asks for 性别, 职务, 手机号码 and 身份证号 too)."""

CHECKLIST_COLUMNS = (
    Column("事项编码", "code", required=True, aliases=("编码", "事项编号"), example="YJ-001", identifier=True),
    Column("事项名称", "name", required=True, aliases=("抽查事项", "检查事项"), example="安全生产管理机构和人员"),
    Column("抽查内容", "content", required=True, aliases=("检查内容",), example="安全生产管理机构设置情况"),
    Column("抽查依据", "legal_basis", aliases=("检查依据", "法律依据"),
           example="《中华人民共和国安全生产法》第二十四条"),
    Column("抽查主体", "department", aliases=("部门代码", "检查主体", "部门"), example="yjj"),
    Column("抽查方式", "method", aliases=("检查方式",), example="实地核查"),
    Column("适用领域", "domains", Kind.LIST, aliases=("监管领域",), example=""),
    Column("事项类别", "item_class", aliases=("抽查事项类别", "事项类型"), example="一般"),
)
"""The 随机抽查事项清单's columns (许昌 第六条: name, content, basis, body and method)."""

_COLUMNS = {RosterKind.SUBJECTS: SUBJECT_COLUMNS, RosterKind.INSPECTORS: INSPECTOR_COLUMNS,
            RosterKind.CHECKLIST: CHECKLIST_COLUMNS}
_MODELS: dict[RosterKind, type[Any]] = {RosterKind.SUBJECTS: Subject, RosterKind.INSPECTORS: Inspector,
                                        RosterKind.CHECKLIST: ChecklistItem}
_KEYS = {RosterKind.SUBJECTS: "uscc", RosterKind.INSPECTORS: "id", RosterKind.CHECKLIST: "code"}


@attrs.frozen
class RosterProblem:
    """One problem found: where (file, row, column) and what, with how to fix it. ``row`` is ``None`` for a
    problem of the whole file; ``column`` is ``None`` for one of the whole row."""

    file: str
    row: int | None
    column: str | None
    problem: str
    fix: str = ""

    def __str__(self) -> str:
        return str(self.text())

    def text(self) -> Message:
        """The problem as one message (file row N, column C: problem — fix: fix), for the reader's language."""
        if self.row is not None and self.column:
            where = tr("{file} row {row}, column {column}", file=self.file, row=self.row, column=self.column)
        elif self.row is not None:
            where = tr("{file} row {row}", file=self.file, row=self.row)
        elif self.column:
            where = tr("{file}, column {column}", file=self.file, column=self.column)
        else:
            where = Message("{file}", {"file": self.file})
        line = tr("{where}: {what}", where=where, what=self.problem)
        return tr("{text} — fix: {fix}", text=line, fix=self.fix) if self.fix else line

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Normalisation:
    """An identifier the import wrote otherwise than the file: full-width letters or digits made ASCII, invisible
    characters removed, a 统一社会信用代码's letters upper-cased. Not a problem: reported so that the office can
    correct its own register."""

    file: str
    row: int
    column: str
    before: str
    after: str

    def __str__(self) -> str:
        return str(self.text())

    def text(self) -> Message:
        """The normalisation as one message, for the reader's language."""
        return tr("{file} row {row}, column {column}: {before!r} read as {after!r}", file=self.file, row=self.row,
                  column=self.column, before=self.before, after=self.after)

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


class RosterError(DataError):
    """A roster refused in strict mode: every problem found is in :attr:`problems`."""

    def __init__(self, source: str, problems: Iterable[RosterProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(tr("{file}: {count} problem(s)", file=source, count=len(self.problems)),
                         [Issue(tr("row {row}", row=p.row) if p.row else tr("file"), p.text()) for p in self.problems],
                         fix=tr("correct each row named and import the file again"))


@attrs.frozen
class ImportResult(Generic[T]):
    """What an import read.

    Attributes:
        kind: which roster.
        source: the file's name.
        records: the model objects of the good rows, in file order.
        rows: the row number each record came from.
        problems: every problem, in file order; each bad row has at least one and gives no record.
        ignored_columns: headers the importer does not read (kept by the office for itself, e.g. 备注).
        encoding: the encoding a CSV was read in.
        data_rows: the number of non-blank rows below the header.
        header_row: the header's row number (0 when no header was found).
        normalised: each identifier of a record read otherwise than the file writes it (:class:`Normalisation`).
    """

    kind: RosterKind
    source: str
    records: tuple[T, ...]
    rows: tuple[int, ...]
    problems: tuple[RosterProblem, ...]
    ignored_columns: tuple[str, ...] = ()
    encoding: str | None = None
    data_rows: int = 0
    header_row: int = 0
    normalised: tuple[Normalisation, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_rows(self) -> tuple[int, ...]:
        """The rows below the header with a problem (a problem of the header or the file is not a row's)."""
        return tuple(sorted({p.row for p in self.problems if p.row is not None and p.row > self.header_row}))

    def summary(self) -> Message:
        """What was read, in one line: the file, its rows, the records read, the bad rows and the problems."""
        line = tr("{file} ({kind}): {rows} rows, {read} read, {bad} bad rows, {problems} problems", file=self.source,
                  kind=self.kind.label, rows=self.data_rows, read=len(self.records), bad=len(self.bad_rows),
                  problems=len(self.problems))
        if self.normalised:
            line = tr("{text}, {count} identifiers normalised", text=line, count=len(self.normalised))
        return line


# -- cells ----------------------------------------------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_DATE_FIX = tr("write the date as {examples}", examples="2023-03-09, 2023/3/9 or 2023年3月9日")
_MIDNIGHT = re.compile(r"(?:\s+|T)0?0:00(?::00(?:\.0+)?)?$")


def parse_date(text: str) -> dt.date:
    """A date as offices write it: 2023-03-09, 2023/3/9, 2023.3.9, 20230309 or 2023年3月9日 (a time after the
    date, as a spreadsheet may add, must be midnight).

    Raises:
        InvalidInputError: any other text, or a day that does not exist.
    """
    # The time a spreadsheet adds ("2023/3/10 0:00", "2023-03-10T00:00:00") is cut off before anything else, so
    # that its digits never join the day's; any time but midnight is refused.
    value = _MIDNIGHT.sub("", text.strip())
    for pattern in _DATE_PATTERNS:
        m = pattern.match(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as exc:
                raise InvalidInputError(tr("{text!r} is not a day of the calendar ({error})", text=text,
                                           error=str(exc)), fix=_DATE_FIX) from None
    raise InvalidInputError(tr("{text!r} is not a date", text=text), fix=_DATE_FIX)


EXAMPLE_MARK = "【示例】"
"""What the template's example row starts with: a row whose key cell starts with it is the example, never a record."""

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_FALSE = {"否", "n", "no", "false", "0", "×", "无", "不是"}
_LIST_SPLIT = re.compile(r"[、,，;；/\n]+")


def _text(cell: Any) -> str | None:
    """A cell as text, ``None`` when blank. A long number Excel stored as a number has lost digits already."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "是" if cell else "否"
    if isinstance(cell, float):
        if not cell.is_integer():
            return repr(cell)
        cell = int(cell)
    if isinstance(cell, int):
        if abs(cell) >= 10**15:
            raise InvalidInputError(
                tr("the number {number} was stored by the spreadsheet as a number, which keeps only 15 digits",
                   number=cell),
                fix=tr("format the column as {text} (text) and enter the value again", text="文本"))
        return str(cell)
    if isinstance(cell, (dt.datetime, dt.date)):
        return cell.isoformat()
    text = unguard(str(cell).strip())  # the ' the library's writers put before formula-like text
    if CONTROL_CHARACTERS.search(text):
        raise InvalidInputError(tr("{text!r} holds control characters (such as NUL), which no form can carry",
                                   text=text),
                                fix=tr("retype the value; the file may have been damaged or exported wrongly"))
    return text or None


def _cell(column: Column, cell: Any) -> Any:
    """The plain value a cell gives its field, or ``None`` when blank."""
    if column.kind is Kind.DATE and isinstance(cell, (dt.date, dt.datetime)):
        if isinstance(cell, dt.datetime):
            if cell.time() != dt.time(0):
                raise InvalidInputError(tr("{value} has a time of day", value=cell.isoformat()),
                                        fix=tr("enter the date only"))
            cell = cell.date()
        return cell.isoformat()
    text = _text(cell)
    if text is None:
        return None
    if column.identifier:
        return fold_identifier(text).strip() or None
    if column.kind is Kind.DATE:
        return parse_date(text).isoformat()
    if column.kind is Kind.FLAG:
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise InvalidInputError(tr("{text!r} is neither yes nor no", text=text),
                                fix=tr("write {yes} or {no}", yes="是", no="否"))
    if column.kind is Kind.LIST:
        return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]
    return text


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for name in parents:
        data = data.setdefault(name, {})
    data[leaf] = value


def read_cells(source: str, number: int, cells: tuple[Any, ...],
               columns: Mapping[int, Column]) -> tuple[dict[str, Any], list[RosterProblem]]:
    """The plain data one row's cells give their columns' fields (nested along the fields' dotted paths; a
    blank cell gives nothing), and a problem for each cell that cannot be read."""
    data: dict[str, Any] = {}
    problems: list[RosterProblem] = []
    for i, column in columns.items():
        cell = cells[i] if i < len(cells) else None
        if isinstance(cell, CellProblem):
            problems.append(RosterProblem(source, number, column.header, cell.what, cell.fix))
            continue
        try:
            value = _cell(column, cell)
        except InvalidInputError as exc:
            problems.append(RosterProblem(source, number, column.header, exc.what, exc.fix))
            continue
        if value is not None:
            _set(data, column.field, value)
    return data, problems


# -- the import -----------------------------------------------------------------------------------------------------

def _match_columns(headers: tuple[str, ...], columns: tuple[Column, ...]) -> dict[int, Column]:
    by_name = {name: column for column in columns for name in column.names}
    return {i: by_name[h] for i, h in enumerate(headers) if h in by_name}


def duplicate_columns(source: str, header_row: int, headers: tuple[str, ...],
                      matched: Mapping[int, Column]) -> tuple[dict[Column, int], list[RosterProblem]]:
    """Each matched column's index (its first), and a problem for every second column of the same field."""
    seen: dict[Column, int] = {}
    problems = []
    for i, column in matched.items():
        if column in seen:
            problems.append(RosterProblem(
                source, header_row, headers[i],
                tr("a second column for {header} (the first is column {first})", header=column.header,
                   first=seen[column] + 1),
                tr("keep one column per field")))
        else:
            seen[column] = i
    return seen, problems


@attrs.frozen
class HeaderColumns:
    """A file read by its header row (the results file, the findings file): the table (``None`` when the file
    cannot be read), the columns its header names, the first of each field, and the problems found so far."""

    source: str
    table: RawTable | None
    matched: dict[int, Column]
    firsts: dict[Column, int]
    problems: list[RosterProblem]

    @property
    def columns(self) -> dict[int, Column]:
        """The first column of each field, by its index."""
        return {i: c for c, i in self.firsts.items()}


def filled_rows(source: str, table: RawTable, problems: list[RosterProblem]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of ``table`` that hold something, as ``(row number, cells)``: a row the reader could not read is
    added to ``problems`` on its row (reading stops after one that ends the file), a blank row is passed over."""
    for number, cells in table.rows:
        if isinstance(cells, RowProblem):
            problems.append(RosterProblem(source, number, None, cells.what, cells.fix))
            if cells.stop:
                return
            continue
        if not is_blank(cells):
            yield number, cells


def read_header_columns(path: str | Path, by_name: Mapping[str, Column], at_least: int) -> HeaderColumns:
    """Read ``path``, whose header is the row holding 统一社会信用代码 and at least ``at_least`` of the headers
    ``by_name`` names; match its columns, and report a file that cannot be read and a field given twice."""

    def is_header(headers: tuple[str, ...]) -> bool:
        return "统一社会信用代码" in headers and sum(1 for h in headers if h in by_name) >= at_least

    source = Path(path).name
    table = read_table(path, is_header)
    if isinstance(table, FileProblem):
        return HeaderColumns(source, None, {}, {}, [RosterProblem(source, None, None, table.what, table.fix)])
    matched = {i: by_name[h] for i, h in enumerate(table.headers) if h in by_name}
    firsts, problems = duplicate_columns(source, table.header_row, table.headers, matched)
    return HeaderColumns(source, table, matched, firsts, problems)


def _is_header(columns: tuple[Column, ...]) -> Callable[[tuple[str, ...]], bool]:
    required = [c for c in columns if c.required]

    def check(headers: tuple[str, ...]) -> bool:
        found = set(_match_columns(headers, columns).values())
        return sum(1 for c in required if c in found) >= 2 or len(found) >= 3
    return check


def _issue_column(issue: Issue, by_field: Mapping[str, Column]) -> tuple[str | None, str]:
    """The column an issue of :func:`structure` names (``$.certificate.valid_from``), and its message."""
    path = issue.path.removeprefix("$").lstrip(".")
    path = re.sub(r"\[\d+\]", "", path)
    while path and path not in by_field:
        path = path.rpartition(".")[0]
    column = by_field.get(path)
    return (column.header if column else None), issue.message


def _split_fix(message: str) -> tuple[str, str]:
    if isinstance(message, Message) and message.template == "{text} — fix: {fix}":
        return message.fields["text"], message.fields["fix"]
    what, _, fix = message.partition(" — fix: ")
    return what, fix


def import_roster(
    path: str | Path,
    kind: RosterKind | str,
    *,
    strict: bool = False,
    encoding: str | None = None,
    sheet: str | None = None,
    department: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportResult[Any]:
    """Read a roster file.

    Args:
        path: a CSV (UTF-8, UTF-8 with BOM, UTF-16 or GB18030; comma or tab) or a workbook (XLSX, XLSM, XLS, ET,
            ODS), told by its content (docs/rosters.md).
        kind: which roster it holds.
        strict: refuse the whole file on any problem (raise :class:`RosterError`) instead of returning the good
            rows with the problems.
        encoding: the CSV's encoding when it is none of those tried.
        sheet: the workbook's sheet (the first by default).
        department: the department code for rows that name none (a bureau's own roster often has no 部门 column).
        progress: called as rows are read with (rows done, rows in all or ``None``).

    Raises:
        RosterError: in strict mode, listing every problem found.
    """
    kind = RosterKind(kind)
    columns = _COLUMNS[kind]
    source = Path(path).name
    try:  # a large sheet's records made while its later part is read; where that part disagrees, read whole
        result = _import(path, kind, columns, encoding, sheet, department, progress, overlap=True)
    except PartsDisagree:
        result = _import(path, kind, columns, encoding, sheet, department, progress, overlap=False)
    if strict and result.problems:
        raise RosterError(source, result.problems)
    return result


def _import(path: str | Path, kind: RosterKind, columns: tuple[Column, ...], encoding: str | None, sheet: str | None,
            department: str | None, progress: Callable[[int, int | None], None] | None, *,
            overlap: bool) -> ImportResult[Any]:
    source = Path(path).name
    table = read_table(path, _is_header(columns), encoding=encoding, sheet=sheet, columns=True, overlap=overlap)
    if isinstance(table, FileProblem):
        return ImportResult(kind, source, (), (), (RosterProblem(source, None, None, table.what, table.fix),))
    try:
        with collector_paused():  # a roster's records hold no cycles: the collector need not walk them
            return _read_rows(table, kind, columns, department, progress)
    finally:  # a read ended early (an error, a progress callback's exception) ends its threads now, however the
        close = getattr(table.rows, "close", None)  # caller keeps the exception (not when the rows are let go)
        if close is not None:
            close()


def _read_rows(table: RawTable, kind: RosterKind, columns: tuple[Column, ...], department: str | None,
               progress: Callable[[int, int | None], None] | None, *, patterns: bool = True) -> ImportResult[Any]:
    source = table.source
    matched = _match_columns(table.headers, columns)
    seen_columns, problems = duplicate_columns(source, table.header_row, table.headers, matched)
    fills_department = department is not None and kind is not RosterKind.SUBJECTS
    missing = [c.header for c in columns
               if (c.required or (c.field == "department" and not fills_department)) and c not in seen_columns]
    if missing:
        problems.append(RosterProblem(source, table.header_row, None,
                                      tr("missing column(s): {columns}", columns="、".join(missing)),
                                      tr("add the column with the template's header (examples/rosters/); or give "
                                         "the department code for every row (`--department CODE`)")
                                      if "部门代码" in missing or "抽查主体" in missing else
                                      tr("add the column with the template's header (examples/rosters/)")))
        return ImportResult(kind, source, (), (), tuple(problems), encoding=table.encoding,
                            header_row=table.header_row)
    ignored = tuple(h for i, h in enumerate(table.headers) if h and i not in matched)
    rows = _RowReader(table, kind, columns, seen_columns, department if fills_department else None)
    fast = rows.pattern_reader() if patterns else None
    width = len(table.headers)
    records: list[Any] = []
    numbers: list[int] = []
    # each record's key (upper case); and each duplicate's row, key and key in upper case, reported once the read is
    # done, with the row of its key's record (a set, not a dictionary of the rows: a registry's keys take less)
    keys: set[str] = set()
    repeated: list[tuple[int, str, str]] = []
    key_path = _KEYS[kind]
    key_header = rows.by_field[key_path].header
    normalised: list[Normalisation] = []
    data_rows = 0
    for chunk in _chunks(table.rows):
        piece = chunk[0][1] if isinstance(chunk[0][1], ColumnPiece) else None
        if piece is not None and (fast is None or piece.width != fast.width
                                  or not all(map(str.strip, piece.column(rows.key)))):  # (maybe a blank row)
            chunk, piece = piece.rows(), None
        if piece is None:
            stop = len(chunk) - 1 if isinstance(chunk[-1][1], RowProblem) else None  # a chunk ends at such a row
            lines = _filled(chunk[:stop])
            quick = fast.read(list(map(_CELLS, lines))) if fast is not None else [None] * len(lines)
            number_at: Callable[[int], int] = list(map(_NUMBER, lines)).__getitem__
            cells_at: Callable[[int], tuple[Any, ...]] = list(map(_CELLS, lines)).__getitem__
        else:  # a piece of a CSV parsed into columns (io.reading_csv_columns): the same rows, read a column at a time
            assert fast is not None
            stop = None
            quick = fast.read_columns(piece.count, piece.column, piece.row, *piece.patterns(fast.pattern_indexes),
                                       piece.plain)
            number_at, cells_at = piece.first.__add__, piece.row
        data_rows += len(quick)
        for n in (list(itertools.compress(range(len(quick)), map(operator.is_, quick, itertools.repeat(None))))
                  if None in quick else ()):
            number, cells = number_at(n), cells_at(n)
            quick[n], row_problems = rows.read_alone(number, cells)
            if len(cells) > width and not is_blank(cells[width:]):
                row_problems.insert(0, RosterProblem(
                    source, number, None, tr("{cells} cells, more than the {width} columns", cells=len(cells),
                                             width=width),
                    tr("a comma inside a value must be quoted; check the row's cells")))
            if row_problems:
                quick[n] = None
                problems.extend(row_problems)
        if None in quick:  # (each step in C: no Python step per row)
            read: Sequence[int] = list(itertools.compress(range(len(quick)),
                                                          map(operator.is_not, quick, itertools.repeat(None))))
            got = list(map(quick.__getitem__, read))
        else:
            read, got = range(len(quick)), quick
        idents = list(map(operator.attrgetter(key_path), got))
        # upper case for the comparison; the record's own text where it is so already (one string, not two): all
        # of them told at once by their text joined (which upper case leaves as it is only where it leaves each)
        joined = "\n".join(idents)
        if joined.upper() == joined:
            same = idents
        else:
            same = [upper if upper != ident else ident
                    for upper, ident in zip(map(str.upper, idents), idents, strict=True)]
        del joined
        if len(set(same)) == len(same) and keys.isdisjoint(same):  # no duplicate: all at once
            got_numbers = (list(range(piece.first, piece.first + len(read)))  # (a whole piece: its numbers)
                           if piece is not None and read == range(len(quick)) else list(map(number_at, read)))
            keys.update(same)
            records.extend(got)
            numbers.extend(got_numbers)
            if rows.identifiers:
                if piece is None:
                    normalised.extend(rows.normalisations_of([cells_at(n) for n in read], got, got_numbers))
                else:
                    normalised.extend(rows.normalisations_in(piece, read, got, got_numbers))
            continue_with: Sequence[int] = ()
        else:  # row by row, each against the rows before it
            continue_with = read
            if piece is not None:
                cells_at = list(map(_CELLS, piece.rows())).__getitem__
        for n, ident in zip(continue_with, idents, strict=False):
            number, cells, record = number_at(n), cells_at(n), quick[n]
            upper = ident.upper()
            if upper in keys:
                repeated.append((number, ident, upper))
                continue
            keys.add(upper)
            records.append(record)
            numbers.append(number)
            if rows.identifiers:
                normalised.extend(rows.normalisations(number, cells, record))
        if progress is not None:
            progress(data_rows, table.total)
        if stop is not None:
            data_rows += 1  # a row that cannot be read is a bad row; with stop, what follows it is not read
            number, unread = chunk[stop]
            problems.append(RosterProblem(source, number, None, unread.what, unread.fix))
            if unread.stop:
                break
    if progress is not None:
        progress(data_rows, data_rows)
    del keys  # (a registry's keys let go before its records are copied into the result)
    problems.extend(_duplicates(source, key_header, key_path, repeated, records, numbers))
    problems.sort(key=lambda p: -1 if p.row is None else p.row)  # in the file's order, each row's as found
    if not data_rows and not problems:
        problems.append(RosterProblem(source, None, None, tr("has a header row but no rows"),
                                      tr("fill in the roster below the header row")))
    return ImportResult(kind, source, tuple(records), tuple(numbers), tuple(problems), ignored, table.encoding,
                        data_rows, table.header_row, tuple(normalised))


def _duplicates(source: str, key_header: str, key_path: str, repeated: list[tuple[int, str, str]],
                records: list[Any], numbers: list[int]) -> list[RosterProblem]:
    """The problem of each row ``repeated`` (its number, its key as read, in upper case), naming the row of the
    record with its key (its key's record is the only one with it: the records are found in one C-level pass)."""
    if not repeated:
        return []
    wanted = {upper for _, _, upper in repeated}
    key_of = operator.attrgetter(key_path)
    found = itertools.compress(range(len(records)), map(wanted.__contains__, map(str.upper, map(key_of, records))))
    first = {key_of(records[n]).upper(): (numbers[n], key_of(records[n])) for n in found}
    problems = []
    for number, ident, upper in repeated:
        row, spelt = first[upper]
        problems.append(RosterProblem(source, number, key_header,
                                      tr("{id} is already on row {row}", id=ident, row=row) if spelt == ident
                                      else tr("{id} is already on row {row} (as {spelt})", id=ident, row=row,
                                              spelt=spelt),
                                      tr("keep one row per {column}; merge or remove the duplicate",
                                         column=key_header)))
    return problems


def _chunks(rows: Iterator[tuple[int, Any]], size: int = 4096) -> Iterator[list[tuple[int, Any]]]:
    """The rows a chunk at a time (a large roster is read a column at a time over each chunk); a row the reader
    could not read (a :class:`RowProblem`) ends its chunk, and a piece of a CSV parsed into columns (a
    :class:`ColumnPiece` in place of a row's cells) is a chunk of its own. The rows of a CSV given a piece at a time
    (:class:`PieceRows`) are taken an item at a time, never past a piece, so that each piece is parsed while the one
    before it is read."""
    if isinstance(rows, PieceRows):
        yield from _piece_chunks(rows, size)
        return
    ends = (RowProblem, ColumnPiece)
    while chunk := list(itertools.islice(rows, size)):
        if not any(map(isinstance, map(_CELLS, chunk), itertools.repeat(ends))):  # the usual chunk, in C
            yield chunk
            continue
        cut = next((n for n, (_, cells) in enumerate(chunk) if isinstance(cells, ends)), None)
        while cut is not None:
            if isinstance(chunk[cut][1], ColumnPiece):  # a piece parsed into columns is a chunk of its own
                if cut:
                    yield chunk[:cut]
                yield chunk[cut:cut + 1]
            else:
                yield chunk[:cut + 1]
            chunk = chunk[cut + 1:]
            cut = next((n for n, (_, cells) in enumerate(chunk) if isinstance(cells, ends)), None)
        if chunk:
            yield chunk


def _piece_chunks(rows: PieceRows, size: int) -> Iterator[list[tuple[int, Any]]]:
    """:func:`_chunks` of a CSV's rows given a piece at a time: each piece a chunk of its own, the rows of a piece
    the csv module read in chunks, each ended by a row that could not be read; the next item is asked for only
    once the chunk before it is read."""
    chunk: list[tuple[int, Any]] = []
    for item in rows:
        if isinstance(item[1], ColumnPiece):
            if chunk:
                yield chunk
                chunk = []
            yield [item]
            continue
        chunk.append(item)
        if len(chunk) == size or isinstance(item[1], RowProblem):
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_NUMBER = operator.itemgetter(0)
_CELLS = operator.itemgetter(1)
_EMPTY_AS_TEXT = {None: ""}


def _filled(rows: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """The rows that are not blank: for rows of text only (a CSV's), tested in C."""
    try:
        return list(itertools.compress(rows, map(str.strip, map("".join, map(_CELLS, rows)))))
    except TypeError:  # cells of a workbook: empty cells (None), numbers, dates
        pass
    try:  # a workbook's cells of text and empty cells only, each empty cell read as ""
        texts = map("".join, map(map, itertools.repeat(_EMPTY_AS_TEXT.get), map(_CELLS, rows), map(_CELLS, rows)))
        return list(itertools.compress(rows, map(str.strip, texts)))
    except TypeError:  # numbers, dates
        return [(number, cells) for number, cells in rows if not _blank(cells)]


def _blank(cells: tuple[Any, ...]) -> bool:
    try:
        return not "".join(cells).strip()
    except TypeError:  # cells of a workbook: numbers, dates
        return is_blank(cells)


class _RowReader:
    """Reads one row through the model's constructor, with every problem of the row (the path every row of a small
    roster takes, and any row of a large one that its pattern does not read)."""

    def __init__(self, table: RawTable, kind: RosterKind, columns: tuple[Column, ...],
                 seen_columns: Mapping[Column, int], department: str | None) -> None:
        self.source = table.source
        self.kind = kind
        self.by_field = {c.field: c for c in columns}
        self.by_index = {i: column for column, i in seen_columns.items()}
        self.column_order = {table.headers[i]: i for i in range(len(table.headers))}
        self.department = department
        self.width = len(table.headers)
        self.model = _MODELS[kind]
        self.key = seen_columns[self.by_field[_KEYS[kind]]]
        self.identifiers = [(i, c, operator.attrgetter(c.field)) for i, c in sorted(self.by_index.items())
                            if c.identifier]

    def local_fields(self) -> list[LocalField]:
        """The roster's columns marked ``local``, in the file's order."""
        return [LocalField(i, tuple(c.field.split(".")), c.required, c.identifier)
                for i, c in sorted(self.by_index.items()) if c.local]

    def pattern_reader(self) -> PatternReader | None:
        """The quick path, for a roster whose key and identifiers are among the columns marked ``local`` (else
        every row is read alone)."""
        local = self.local_fields()
        local_indexes = {f.index for f in local}
        if not local or self.key not in local_indexes or any(i not in local_indexes for i, _, _ in self.identifiers):
            return None
        examples = {i: c.example for i, c in self.by_index.items()}

        def alone(cells: tuple[Any, ...]) -> Any | None:
            record, problems = self.read_alone(0, cells)
            return None if problems else record
        return PatternReader(self.model, local, self.width, self.key, EXAMPLE_MARK, alone,
                             lambda field: examples[field.index], _text)

    def read_alone(self, number: int, cells: tuple[Any, ...]) -> tuple[Any | None, list[RosterProblem]]:
        """The row's record, or ``None`` and every problem of the row."""
        source = self.source
        key_cell = cells[self.key] if self.key < len(cells) else None
        if isinstance(key_cell, str) and key_cell.lstrip().startswith(EXAMPLE_MARK):
            return None, [RosterProblem(source, number, self.by_index[self.key].header,
                                        tr("the template's example row (it starts with {mark})", mark=EXAMPLE_MARK),
                                        tr("delete this row and fill in the roster's own rows"))]
        data, row_problems = read_cells(source, number, cells, self.by_index)
        if self.department is not None and "department" not in data:
            data["department"] = self.department
        if self.kind is RosterKind.CHECKLIST:
            data.setdefault("legal_basis", None)
        record = None
        try:
            record = structure(data, self.model)
        except DataError as exc:
            # Every problem of the row, once: a cell already refused is not reported again as missing.
            refused = {p.column for p in row_problems}
            for issue in exc.issues:
                column_name, message = _issue_column(issue, self.by_field)
                what, fix = _split_fix(message)
                if what == "required field missing" and column_name:
                    what, fix = tr("empty"), tr("fill in the {column}", column=column_name)
                if column_name not in refused:
                    row_problems.append(RosterProblem(source, number, column_name, what, fix))
        row_problems.sort(key=lambda p: self.column_order.get(p.column or "", -1))
        return (None if row_problems else record), row_problems

    def normalisations_of(self, lines: list[tuple[Any, ...]], records: list[Any],
                          numbers: list[int]) -> list[Normalisation]:
        """:meth:`normalisations` of many rows: a column at a time, row by row only where one differs."""
        for i, _, value_of in self.identifiers:
            try:
                written: list[Any] = list(map(operator.itemgetter(i), lines))
            except IndexError:  # a shorter row
                written = [cells[i] if i < len(cells) else None for cells in lines]
            if None in written:  # an empty cell (a workbook's) is no value, as "" is: neither is ever normalised
                written = ["" if cell is None else cell for cell in written]
            values = list(map(value_of, records))
            values = list(map(_EMPTY_AS_TEXT.get, values, values)) if None in values else values
            if set(map(type, written)) != {str} or any(map(operator.ne, map(str.strip, written), values)):
                break
        else:
            return []
        return [found for number, cells, record in zip(numbers, lines, records, strict=True)
                for found in self.normalisations(number, cells, record)]

    def normalisations_in(self, piece: ColumnPiece, read: Sequence[int], records: list[Any],
                          numbers: list[int]) -> list[Normalisation]:
        """:meth:`normalisations_of` of the rows ``read`` of a piece parsed into columns (every cell text)."""
        whole = len(read) == piece.count
        for i, _, value_of in self.identifiers:
            column = piece.column(i)
            written = column if whole else list(map(column.__getitem__, read))
            values = list(map(value_of, records))
            values = list(map(_EMPTY_AS_TEXT.get, values, values)) if None in values else values
            if written != values if piece.known_plain(i) else any(map(operator.ne, map(str.strip, written), values)):
                break  # (a plain column's cells are their trimmed text)
        else:
            return []
        return [found for number, n, record in zip(numbers, read, records, strict=True)
                for found in self.normalisations(number, piece.row(n), record)]

    def normalisations(self, number: int, cells: tuple[Any, ...], record: Any) -> list[Normalisation]:
        """Each identifier of the row's record that the file writes otherwise (its text trimmed)."""
        found = []
        for i, column, value_of in self.identifiers:
            written = cells[i] if i < len(cells) else None
            if isinstance(written, str):
                value = value_of(record)
                if value is not None and value != written.strip():
                    found.append(Normalisation(self.source, number, column.header, written.strip(), value))
        return found


def read_subjects(path: str | Path, **options: Any) -> ImportResult[Subject]:
    """:func:`import_roster` for a 检查对象名录库."""
    return import_roster(path, RosterKind.SUBJECTS, **options)


def read_inspectors(path: str | Path, **options: Any) -> ImportResult[Inspector]:
    """:func:`import_roster` for a 执法人员名录库."""
    return import_roster(path, RosterKind.INSPECTORS, **options)


def read_checklist(path: str | Path, **options: Any) -> ImportResult[ChecklistItem]:
    """:func:`import_roster` for a 随机抽查事项清单."""
    return import_roster(path, RosterKind.CHECKLIST, **options)


def template_rows(kind: RosterKind | str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The template of a roster: its header row and an example row, whose first cell (the key column) starts with
    :data:`EXAMPLE_MARK` so that an import refuses it until the office deletes it (or takes the mark off)."""
    columns = _COLUMNS[RosterKind(kind)]
    example = tuple(c.example for c in columns)
    return tuple(c.header for c in columns), (EXAMPLE_MARK + example[0], *example[1:])



def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def roster_rows(kind: RosterKind | str, records: Iterable[Any]) -> list[tuple[str, ...]]:
    """Model objects as rows of the roster's columns (the inverse of the import), header first."""
    from random_inspection.model import unstructure

    columns = _COLUMNS[RosterKind(kind)]
    out: list[tuple[str, ...]] = [tuple(c.header for c in columns)]
    for record in records:
        data = unstructure(record)
        row = []
        for column in columns:
            value: Any = data
            for name in column.field.split("."):
                value = value.get(name) if isinstance(value, dict) else None
            row.append(_plain(value))
        out.append(tuple(row))
    return out


def write_roster(path: str | Path, kind: RosterKind | str, records: Iterable[Any] = (),
                 vocabulary: TemplateVocabulary | None = None) -> Path:
    """Write a roster file the importer reads back: ``.xlsx`` (a title row, the header, text-formatted cells so
    a spreadsheet keeps every digit of a code), or ``.csv`` in UTF-8 with a BOM (which Excel opens as UTF-8).
    Text a spreadsheet would run as a formula is written after a ``'``, which the import takes off
    (:mod:`random_inspection.io.cell_safety`). With no records, the template: the header and one example row.
    An ``.xlsx`` guides the person filling it (:func:`~random_inspection.io.roster_guides.guide_sheet`): a
    drop-down list per enumerated column (narrowed to a profile's closed ``vocabulary`` where given), an input
    hint per column, a filter over the header and the header frozen; a ``.csv`` stays plain."""
    kind = RosterKind(kind)
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise InvalidInputError(tr("{name}: a roster is written as .xlsx or .csv", name=path.name), where=str(path),
                                fix=tr("name the file with .xlsx (a workbook) or .csv (UTF-8 with a byte-order "
                                       "mark)"))
    rows = roster_rows(kind, records)
    if len(rows) == 1:
        rows.append(template_rows(kind)[1])
    if path.suffix.lower() == ".csv":
        import csv

        with atomic_writer(path) as out:
            text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
            csv.writer(text).writerows([safe_cell(v) for v in row] for row in rows)
            text.flush()
            text.detach()  # the bytes stay open for the atomic writer to flush and rename
        return path
    import openpyxl
    from openpyxl.styles import Font

    from random_inspection.io.roster_guides import TEMPLATE_ROWS, guide_sheet
    from random_inspection.io.sheets import set_widths

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = kind.label
    ws.append([kind.label])
    ws["A1"].font = Font(bold=True, size=14)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=safe_cell(value))
            cell.data_type = "s"
            cell.number_format = "@"
            if r == 2:
                cell.font = Font(bold=True)
    set_widths(ws, rows[0], rows[1:], most=60)
    guide_sheet(ws, _COLUMNS[kind], 2, max(len(rows) - 1, TEMPLATE_ROWS), vocabulary)
    with atomic_writer(path) as out:
        book.save(out)
    return path
