"""The roster import's column-at-a-time paths give what the value-at-a-time definitions give: the 统一社会信用代码
column check, the sheet scan, and the CSV and workbook rows read a batch at a time."""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import io
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.io import read_subjects, reading_book, reading_csv, reading_sheet_xml
from random_inspection.io.reading import CellProblem, RowProblem
from random_inspection.io.reading_limits import MAX_CELL_CHARS, MAX_COLUMNS
from random_inspection.model import Subject
from random_inspection.model._validators import TAKEN_AS_IT_IS
from random_inspection.model.identifiers import (
    USCC_ALPHABET,
    is_valid_uscc,
    organization_code_check_character,
    uscc_check_character,
    valid_usccs,
)
from tests.reading_support import xlsx_bytes


@st.composite
def codes(draw: st.DrawFn) -> str:
    """A valid 统一社会信用代码, or one changed in one place (a character, a check character, its case)."""
    org = draw(st.text("0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8))
    area = draw(st.text("0123456789", min_size=6, max_size=6))
    body = draw(st.sampled_from(["91", "92", "11", "Y1"])) + area + org + organization_code_check_character(org)
    code = body + uscc_check_character(body)
    if draw(st.booleans()):
        at = draw(st.integers(0, 17))
        other = draw(st.sampled_from([*USCC_ALPHABET, "I", "O", "Z", "a", " ", "\n", "Ａ", ""]))
        code = code[:at] + other + code[at + 1:]
    return code

texts = st.one_of(codes(), st.text(max_size=20), st.text(USCC_ALPHABET + "IOSVZ", min_size=17, max_size=19))

@given(st.lists(texts, max_size=40))
def test_the_column_check_of_codes_is_is_valid_uscc_of_each(values: list[str]) -> None:
    assert valid_usccs(values) == [is_valid_uscc(v) for v in values]

@given(st.lists(codes(), min_size=1, max_size=40), st.integers(0, 39))
def test_the_column_check_of_codes_mostly_of_the_shape_is_is_valid_uscc_of_each(values: list[str], at: int) -> None:
    assert valid_usccs(values) == [is_valid_uscc(v) for v in values]
    # two codes in one value, joined by a line feed: the joined column is still all of the shape, the value is not
    merged = [*values[:at], "\n".join(values[at:at + 2]), *values[at + 2:]]
    assert valid_usccs(merged) == [is_valid_uscc(v) for v in merged]

@st.composite
def large_codes(draw: st.DrawFn) -> str:
    """A code of the alphabet's last characters and nines, valid or with one check character changed: the terms of
    both checks' sums at or near their largest in every place (a sum made for every code at once must not carry
    into its neighbour's)."""
    high = "9WXY"
    body = draw(st.text(high, min_size=2, max_size=2)) + draw(st.text("89", min_size=6, max_size=6)) + draw(
        st.text(high, min_size=8, max_size=8))
    code = body + organization_code_check_character(body[8:])
    code += uscc_check_character(code)
    if draw(st.booleans()):
        at = draw(st.sampled_from([16, 17]))
        code = code[:at] + draw(st.sampled_from(USCC_ALPHABET)) + code[at + 1:]
    return code


@given(st.lists(st.one_of(large_codes(), codes()), min_size=1, max_size=300))
def test_the_column_check_of_codes_of_the_largest_characters_is_is_valid_uscc_of_each(values: list[str]) -> None:
    assert valid_usccs(values) == [is_valid_uscc(v) for v in values]


@given(texts)
def test_a_code_the_subjects_column_check_takes_is_one_its_converter_and_validator_leave_as_it_is(value: str) -> None:
    field = attrs.fields_dict(Subject)["uscc"]
    taken = field.metadata[TAKEN_AS_IT_IS]([value])[0]
    try:
        converted = field.converter(value)  # type: ignore[misc]
        field.validator(None, field, converted)  # type: ignore[misc]
    except Exception:
        accepted = False
    else:
        accepted = converted == value
    assert taken == accepted

# -- the sheet scan ----------------------------------------------------------------------------------------------

FRAGMENTS = [b'<c r="', b"<c r='", b"r=", b'"', b"'", b"=", b" ", b"\n", b"\t", b"A", b"AB", b"xfd", b"1", b"99999",
             b"123456", b"999999", b"1234567", b"2000000", b"99999999", b"<f>", b"<f/>", b"<font", b":f", b'"e"',
             b"'e'", b"e", b"t=", b'<row r="', b">", b"</c>", b"<v>1</v>", b"x"]

@contextlib.contextmanager
def _small_chunks() -> Iterator[None]:
    """The sheet read in pieces of 64 bytes: several pieces, with their overlaps."""
    chunk = reading_sheet_xml._CHUNK
    reading_sheet_xml._CHUNK = 64
    try:
        yield
    finally:
        reading_sheet_xml._CHUNK = chunk

def _careful(data: bytes) -> tuple[bool, int, int]:
    """The careful scan as the reader runs it: quick, then exact where the sheet is wide."""
    marked, rows, columns = reading_sheet_xml._scan(io.BytesIO(data))
    if columns > reading_sheet_xml._WIDE:
        marked, rows, columns = reading_sheet_xml._scan(io.BytesIO(data), exact=True)
    return marked, rows, columns

@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=120))
def test_the_quick_scan_of_a_sheet_decides_as_the_exact_one(parts: list[bytes]) -> None:
    data = b"".join(parts)
    with _small_chunks():
        marked, rows, columns = _careful(data)
        exact = reading_sheet_xml._scan(io.BytesIO(data), exact=True)
    assert reading_sheet_xml.span_problem(rows, columns) == reading_sheet_xml.span_problem(*exact[1:])
    assert columns == exact[2]
    assert marked or not exact[0] or not any(m in data for m in (b"<f", b":f", b't="e"', b"t='e'", b"= "))

_PLAIN_FAR = re.compile(rb"r[ \t\n\r\f\v]*=[ \t\n\r\f\v]*[\"'](?:[A-Za-z]{2}|[A-Za-z]*\d{7})")

@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
def test_the_bounds_pattern_finds_what_the_pattern_without_possessive_repeats_finds(parts: list[bytes]) -> None:
    data = b"".join(parts)
    assert (reading_sheet_xml._FAR.search(data) is None) == (_PLAIN_FAR.search(data) is None)
    assert reading_sheet_xml._FAR.search(b'<c r="AA1">') and reading_sheet_xml._FAR.search(b"<row r = '1000000'>")
    assert not reading_sheet_xml._FAR.search(b'<c r="Z999999" t="inlineStr">')

def test_a_wide_sheet_is_scanned_again_for_its_rows_of_six_digits() -> None:
    # 600,000 rows of 100 columns: over the cells a sheet may span, which only the rows of six digits show
    data = b'<row r="1"><c r="CV1"><v>1</v></c></row><row r="600000"><c r="A600000"><v>1</v></c></row>'
    _, rows, columns = reading_sheet_xml._scan(io.BytesIO(data))
    assert (rows, columns) == (99_999, 100)  # the quick scan leaves the row out ...
    assert reading_sheet_xml.span_problem(*reading_sheet_xml._scan(io.BytesIO(data), exact=True)[1:]) is not None

# -- rows a batch at a time --------------------------------------------------------------------------------------

def _reference_rows(text: str) -> list[tuple[int, object]]:
    """The rows as the reader gave them row by row (the limits applied to each)."""
    out: list[tuple[int, object]] = []
    for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        if len(row) > MAX_COLUMNS:
            out.append((number, "too wide"))
        else:
            out.append((number, tuple("long" if len(c) > MAX_CELL_CHARS else c for c in row)))
    return out

def _plain(rows: reading_csv.Rows) -> list[tuple[int, object]]:
    out: list[tuple[int, object]] = []
    for number, cells in rows:
        if isinstance(cells, RowProblem):
            out.append((number, "too wide"))
        else:
            out.append((number, tuple("long" if isinstance(c, CellProblem) else c for c in cells)))
    return out

@pytest.mark.parametrize("after", [0, 3, reading_csv._BATCH + 5])
def test_csv_rows_over_several_batches_keep_their_numbers_and_limits(tmp_path: Path, after: int) -> None:
    rows = [[f"r{n}", "x"] for n in range(2 * reading_csv._BATCH + 10)]
    rows[reading_csv._BATCH + 7][1] = "长" * (MAX_CELL_CHARS + 1)
    rows[reading_csv._BATCH + 9] = ["y"] * (MAX_COLUMNS + 1)
    rows[5] = ["a\nb", "引号\"内"]
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    text = buffer.getvalue()
    expected = [(n, cells) for n, cells in _reference_rows(text) if n > after]
    assert _plain(reading_csv.csv_rows(text, ",", after=after)) == expected
    path = tmp_path / "rows.csv"
    path.write_text(text, encoding="gb18030", newline="")
    assert _plain(reading_csv.file_rows(path, "gb18030", ",", after)) == expected

def test_a_file_that_stops_decoding_gives_the_rows_before_it_then_its_problem(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(b"".join(f"r{n},x\r\n".encode() for n in range(5000)) + b"\xff\xfe\xfa,x\r\n" * 3)
    got = list(reading_csv.file_rows(path, "utf-8", ",", 1))
    assert [n for n, _ in got[:-1]] == list(range(2, 2 + len(got) - 1))
    number, problem = got[-1]
    assert isinstance(problem, RowProblem) and problem.stop
    assert number == got[-2][0] + 1 and got[-2][0] >= 4000  # the rows read before it are all given

def test_workbook_rows_over_several_batches_are_read_as_row_by_row() -> None:
    size = reading_book._BATCH + 10
    values = [[f"r{n}", "", "x"] for n in range(size)]
    values[reading_book._BATCH + 3][2] = 7.0  # a number: that batch and the rest row by row
    rows = list(reading_book._rows(iter(values), 0, {}))
    assert [n for n, _ in rows] == list(range(1, size + 1))
    assert rows[0][1] == ("r0", None, "x")
    assert rows[reading_book._BATCH + 3][1] == (f"r{reading_book._BATCH + 3}", None, 7.0)
    assert rows[-1][1] == (f"r{size - 1}", None, "x")

_ROW_CELLS = st.one_of(st.sampled_from(["", " ", "x", "文本", 0.0, 7, True, float("inf")]),
                       st.builds(lambda n: "y" * n, st.sampled_from([1, MAX_CELL_CHARS - 1, MAX_CELL_CHARS])))

@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3), st.integers(0, 4), st.lists(st.tuples(st.integers(0, 2 * 40 - 1), _ROW_CELLS), max_size=4))
def test_workbook_rows_a_batch_at_a_time_are_the_rows_read_one_by_one(width: int, text_rows: int,
                                                                      odd: list[tuple[int, object]]) -> None:
    """Batches of text rows with now and then a number, a truth value, an infinite number or a long text cell: the
    rows, their numbers and their problems, as row by row (calamine's rows are all of the sheet's width)."""
    with _batches_of(40):
        values: list[list[object]] = [[f"r{n}", ""][:width] + [""] * (width - 2) for n in range(2 * 40 + text_rows)]
        for at, value in odd:
            values[at][at % width] = value
        got = list(reading_book._rows(iter(values), 0, {}))
    one_by_one = [(n, reading_book._cells(row, 0, None)) for n, row in enumerate(values, start=1)]
    assert _comparable(got) == _comparable(one_by_one)

def _comparable(rows: list[tuple[int, object]]) -> list[tuple[int, object]]:
    return [(n, tuple((type(c), c.what) if isinstance(c, CellProblem) else (type(c), c) for c in cells))
            for n, cells in rows if isinstance(cells, tuple)]

@contextlib.contextmanager
def _batches_of(size: int) -> Iterator[None]:
    batch = reading_book._BATCH
    reading_book._BATCH = size
    try:
        yield
    finally:
        reading_book._BATCH = batch

def test_a_workbook_roster_of_several_batches_with_empty_cells_reports_no_normalisation(tmp_path: Path) -> None:
    from random_inspection.demo import load_demo_data
    from random_inspection.io import roster_rows

    header, *body = roster_rows("subjects", load_demo_data()[0])
    path = tmp_path / "subjects.xlsx"
    path.write_bytes(xlsx_bytes([header, *body]))
    result = read_subjects(path)
    assert result.ok and len(result.records) == len(body) and result.normalised == ()

# -- the sheet's bounds before calamine's read, its formulas and errors beside it ---------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=120))
def test_the_bounds_and_the_marks_of_a_sheet_are_the_careful_scans(parts: list[bytes]) -> None:
    data = b"".join(parts)
    with _small_chunks():
        careful = _careful(data)
        rows, columns = reading_sheet_xml._span(io.BytesIO(data))
        if columns > reading_sheet_xml._WIDE:
            marked, rows, columns = reading_sheet_xml._scan(io.BytesIO(data), exact=True)
        else:
            marked = reading_sheet_xml._is_marked(io.BytesIO(data))
    assert reading_sheet_xml.span_problem(rows, columns) == reading_sheet_xml.span_problem(*careful[1:])
    assert columns == careful[2]
    assert marked == careful[0]

def test_a_sheet_without_formulas_is_not_searched_in_full_when_a_quoted_e_is_only_text() -> None:
    assert not reading_sheet_xml._is_marked(io.BytesIO(b'<c r="A1" t="inlineStr"><is><t>"e"</t></is></c>'))
    assert reading_sheet_xml._is_marked(io.BytesIO(b'<c r="A1" t="e"><v>#N/A</v></c>'))
    assert reading_sheet_xml._is_marked(io.BytesIO(b'<c r="A1"><x:f>1</x:f></c>'))
    assert reading_sheet_xml._span(io.BytesIO(b'<c r = "AB2000000"><v>1</v></c>')) == (2_000_000, 28)

_CELL_KINDS = {
    "text": '<c r="{ref}" t="inlineStr"><is><t>文本{n}</t></is></c>',
    "number": '<c r="{ref}"><v>{n}</v></c>',
    "formula": '<c r="{ref}"><f>1+{n}</f></c>',
    "formula with value": '<c r="{ref}"><f>1+{n}</f><v>{n}</v></c>',
    "text formula, empty": '<c r="{ref}" t="str"><f>A1</f><v></v></c>',
    "error": '<c r="{ref}" t="e"><v>#N/A</v></c>',
    "error, quoted '": "<c r='{ref}' t='e'><v>#REF!</v></c>",
    "spaced": '<c r = "{ref}" t="inlineStr"><is><t>e"e"</t></is></c>',
    "far": '<c r="{far}"><v>1</v></c>',
}

def _letters(column: int) -> str:
    out = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out

@functools.cache
def _base_parts() -> dict[str, bytes]:
    from tests.reading_support import members

    return members(xlsx_bytes([["x"]]))

@st.composite
def odd_sheets(draw: st.DrawFn) -> bytes:
    """A workbook whose sheet holds text, numbers, formulas with and without their values and error cells in
    random places, now and then an address written with spaces or one far out."""
    from tests.reading_support import SHEET, rezip

    height, width = draw(st.integers(1, 12)), draw(st.integers(1, 30))
    kinds = st.sampled_from(sorted(_CELL_KINDS))
    rows = []
    for r in range(1, height + 1):
        cells = []
        for c in range(width):
            kind = draw(kinds)
            if kind == "far" and draw(st.booleans()):
                continue
            far = draw(st.sampled_from(["A1500000", "ZZ3", "AAA2500000", "XFE1"]))
            cells.append(_CELL_KINDS[kind].format(ref=f"{_letters(c)}{r}", n=r * 100 + c, far=far))
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    xml = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main"><sheetData>{"".join(rows)}</sheetData></worksheet>').encode()
    parts = dict(_base_parts())
    parts[SHEET] = xml
    return rezip(parts)

def _careful_book(data: bytes) -> object:
    """The workbook read with every piece of its sheet scanned the careful way, the marks found before calamine."""
    from unittest import mock

    class _Before:
        def __init__(self, data: bytes, sheet: reading_sheet_xml.XlsxSheet) -> None:
            try:
                with reading_sheet_xml.zipfile.ZipFile(io.BytesIO(data)) as archive:
                    self._found: object = reading_sheet_xml.xlsx_marks(archive, sheet)
            except Exception as exc:
                self._found = exc

        def result(self) -> object:
            return self._found

    with (mock.patch.object(reading_sheet_xml, "_FAR", reading_sheet_xml.re.compile(b"")),
          mock.patch.object(reading_sheet_xml, "_is_marked", lambda stream: reading_sheet_xml._scan(stream)[0]),
          mock.patch.object(reading_book, "_Beside", _Before)):
        return _as_list(reading_book.read_book(data, "zip", None))

def _as_list(book: object) -> object:
    if isinstance(book, reading_book.Book):
        return (list(book.rows), book.total, book.merged, book.label)
    return book

@settings(max_examples=40, deadline=None)
@given(odd_sheets())
def test_a_workbook_with_formulas_and_errors_anywhere_reads_as_the_careful_reading_gives(data: bytes) -> None:
    fast = _as_list(reading_book.read_book(data, "zip", None))
    assert fast == _careful_book(data)
    if isinstance(fast, tuple) and b"</f></c>" in data:  # a formula without its value: reported, never empty
        assert any(isinstance(c, CellProblem) for _, cells in fast[0] if isinstance(cells, tuple) for c in cells)

# -- a large sheet read in parts -------------------------------------------------------------------------------------

def _sparse_book(cells: dict[tuple[int, int], str], merged: list[str]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for (row, column), value in sorted(cells.items()):
        ws.cell(row, column, value)
    for cells_range in merged:
        ws.merge_cells(cells_range)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

def _read(data: bytes, split: bool, parts: int, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    from random_inspection.io import reading_book_parts

    monkeypatch.setattr(reading_book, "MIN_SPLIT_BYTES", 0 if split else 1 << 62)
    monkeypatch.setattr(reading_book_parts, "PARTS", parts)
    book = reading_book.read_book(data, "zip", None)
    assert not isinstance(book, reading_book.FileProblem)
    return list(book.rows), book.total, book.merged, book.label

_CELLS = st.dictionaries(st.tuples(st.integers(1, 40), st.integers(1, 6)),
                         st.sampled_from(["x", "甲", "91411002MA00000000", "=1+", "7"]), min_size=1, max_size=30)

@settings(max_examples=40, deadline=None)
@given(_CELLS, st.integers(2, 5), st.booleans(), st.data())
def test_a_sheet_read_in_parts_gives_the_rows_of_the_whole_read(cells: dict[tuple[int, int], str], parts: int,
                                                                 misplace: bool, data: st.DataObject) -> None:
    """Cut anywhere between rows, with cells in any columns and rows left empty, merged cells, and a cell whose
    address names an earlier row than its ``<row>`` (the parts refused, the whole read taken): the same rows."""
    from tests.reading_support import rewrite_sheet

    book = _sparse_book(cells, ["A1:B1"] if (1, 2) not in cells else [])
    if misplace:
        (row, column), _ = max(cells.items())
        letter = "ABCDEF"[column - 1]
        earlier = data.draw(st.integers(1, row))
        book = rewrite_sheet(book, lambda xml: xml.replace(f'r="{letter}{row}"', f'r="{letter}{earlier}"', 1)
                             if f'r="{letter}{earlier}"' not in xml else xml)
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _read(book, True, parts, monkeypatch) == _read(book, False, parts, monkeypatch)

def test_a_sheet_is_cut_between_its_rows_into_whole_sheets() -> None:
    from random_inspection.io.reading_book_parts import split_sheet

    xml = (b'<worksheet><dimension ref="A1:B4"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
           b'<row r="3"><c r="B3"><v>3</v></c></row><row r="4"><c r="A4"><v>4</v></c></row></sheetData>'
           b'<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>')
    parts = split_sheet(xml, 4)
    assert parts is not None
    assert parts.firsts == (0, 2, 3)
    assert parts.part(1) == (b'<worksheet><dimension ref="A1:B4"/><sheetData><row r="3"><c r="B3"><v>3</v></c></row>'
                             b'</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>')
    assert split_sheet(xml.replace(b'<row r="3">', b"<row>"), 4).firsts == (0, 3)  # not cut before it
    assert split_sheet(xml.replace(b"</worksheet>", b"<!-- x --></worksheet>"), 4) is None
    assert split_sheet(xml.replace(b'r="3"', b'r="1"'), 2) is not None  # not cut before an earlier row
    assert split_sheet(xml.replace(b'r="3"', b'r="1"').replace(b'r="4"', b'r="1"'), 2) is None

def test_a_sheet_is_read_whole_where_its_parts_cannot_be_written(monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from random_inspection.io import reading_book_parts
    from tests.reading_support import SHEET, members

    book = _sparse_book({(r, 1): f"v{r}" for r in range(1, 30)}, [])
    whole = _read(book, False, 2, monkeypatch)

    def no_room(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_room)
    xml = members(book)[SHEET]
    assert reading_book_parts.split_sheet(xml) is not None
    assert reading_book_parts.read_in_parts(book, SHEET, "Sheet", [xml]) is None
    assert _read(book, True, 2, monkeypatch) == whole

def test_a_sheet_with_rows_without_their_numbers_is_read_in_parts_as_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.reading_support import rewrite_sheet

    book = _sparse_book({(r, 1 + r % 3): f"v{r}" for r in range(1, 30)}, [])
    book = rewrite_sheet(book, lambda xml: re.sub(r'<row r="(\d*[13579])"', "<row", xml))
    assert _read(book, True, 3, monkeypatch) == _read(book, False, 3, monkeypatch)

@given(st.lists(st.sampled_from(["a", "中", "\r", "\n", "\r\n", "\n\r"])).map("".join))
def test_the_search_for_a_lone_carriage_return_is_the_count_of_carriage_returns(text: str) -> None:
    lone = reading_csv.LONE_CARRIAGE_RETURN.search(text) is not None
    assert lone == (text.count("\r") != text.count("\r\n"))

def _registry(tmp_path: Path, count: int) -> Path:
    header = "统一社会信用代码,市场主体名称,监管领域,行政区划代码\n"
    body = "".join(f"{_code(n)},示例公司{n},工贸,411002\n" for n in range(count))
    path = tmp_path / "registry.csv"
    path.write_text(header + body, encoding="utf-8")
    return path

def _code(n: int) -> str:
    org = "".join(USCC_ALPHABET[(n // 31**k) % 31] for k in range(8))
    body = "91411002" + org + organization_code_check_character(org)
    return body + uscc_check_character(body)

def test_a_rosters_records_are_handed_to_the_cycle_collectors_oldest_generation(tmp_path: Path) -> None:
    path = _registry(tmp_path, 3000)
    assert gc.isenabled()
    result = read_subjects(path)
    assert len(result.records) == 3000 and not result.problems
    assert gc.isenabled() and gc.get_freeze_count() == 0
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(record) in oldest for record in result.records[:: 100])

def test_objects_a_program_froze_stay_frozen_through_an_import(tmp_path: Path) -> None:
    path = _registry(tmp_path, 300)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        result = read_subjects(path)
        assert len(result.records) == 300
        assert gc.get_freeze_count() == frozen and gc.isenabled()
    finally:
        gc.unfreeze()

