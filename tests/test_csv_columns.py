"""A large CSV is parsed by a compiled column reader (io/reading_csv_columns.py) where it gives exactly what the csv
module gives, and read by the csv module elsewhere: the rows, and a roster's records, problems and normalisations,
must be the same either way, on random and on damaged files (docs/rosters.md, *Large rosters*)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import random_inspection.io.reading_csv_columns as columns_module
from random_inspection.io import RosterKind, import_roster
from random_inspection.io.reading_csv import csv_rows
from random_inspection.io.reading_csv_columns import ColumnPiece, column_rows
from random_inspection.io.reading_limits import MAX_CELL_CHARS
from random_inspection.io.rosters import _COLUMNS, EXAMPLE_MARK, ImportResult
from random_inspection.io.row_patterns import CONTROL_CHARACTERS
from random_inspection.model.identifiers import organization_code_check_character, uscc_check_character

HEADER = [c.header for c in _COLUMNS[RosterKind.SUBJECTS]]


def uscc(i: int) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    org = "".join(alphabet[(i // 31**k) % 31] for k in range(8))
    body = "91411002" + org + organization_code_check_character(org)
    return body + uscc_check_character(body)


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file parsed by the compiled reader, in pieces of a few rows (so that one file has several)."""
    monkeypatch.setattr(columns_module, "COLUMN_READER_CHARS", 0)
    monkeypatch.setattr(columns_module, "PIECE_CHARS", 200)


def both_readers(path: Path, monkeypatch: pytest.MonkeyPatch, **options: Any) -> tuple[ImportResult[Any],
                                                                                     ImportResult[Any]]:
    results = []
    for size in (0, 1 << 40):
        monkeypatch.setattr(columns_module, "COLUMN_READER_CHARS", size)
        results.append(import_roster(path, RosterKind.SUBJECTS, **options))
    return results[0], results[1]


def assert_same(fast: ImportResult[Any], careful: ImportResult[Any]) -> None:
    assert fast.records == careful.records
    assert fast.rows == careful.rows
    assert fast.problems == careful.problems
    assert fast.normalised == careful.normalised
    assert (fast.data_rows, fast.header_row, fast.encoding, fast.ignored_columns) == (
        careful.data_rows, careful.header_row, careful.encoding, careful.ignored_columns)
    assert fast == careful


# -- the rows ---------------------------------------------------------------------------------------------------------

CELLS = st.text(st.sampled_from(["a", "中", " ", ",", "\t", '"', "\r", "\n", "\x00", "\ufeff", "\x1c",
                                 "\u3000", "甲"]), max_size=4)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """Rows of mostly one width, their cells mostly plain, sometimes written by hand (a quote, a stray CR, a blank
    line, a ragged row)."""
    width = draw(st.integers(1, 4))
    plain = st.text(st.sampled_from(["a", "中", " ", "甲", "\u3000"]), max_size=3)
    lines = []
    for _ in range(draw(st.integers(0, 30))):
        shape = draw(st.sampled_from(["plain"] * 6 + ["odd", "blank", "ragged"]))
        if shape == "blank":
            lines.append("")
            continue
        row = [draw(CELLS if shape == "odd" else plain) for _ in range(width)]
        if shape == "ragged":
            row = row[:draw(st.integers(0, width))] + [draw(plain)] * draw(st.integers(0, 2))
        lines.append(",".join(row))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return ending.join(lines) + draw(st.sampled_from(["", ending]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(csv_texts(), st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]), st.integers(0, 3))
def test_the_column_reader_gives_the_csv_modules_rows(small_pieces: None, tmp_path: Path, text: str, encoding: str,
                                                      after: int) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(text.encode(encoding))
    found = column_rows(path, text, encoding, ",", after)
    if found is None:  # a file the csv module must read: a quote, NUL, a lone CR
        assert ('"' in text or "\x00" in text or text.count("\r") != text.count("\r\n")
                or not 1 <= after <= text.count("\n"))
        return
    assert list(found) == list(csv_rows(text, ",", after=after))


def write(path: Path, text: str, encoding: str = "gb18030") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_a_plain_file_is_parsed_in_pieces_and_an_odd_one_is_not(small_pieces: None, tmp_path: Path) -> None:
    plain = "".join(f"{n},甲{n},乙\r\n" for n in range(40))
    pieces = list(column_rows(write(tmp_path / "plain.csv", plain), plain, "gb18030", ",", 1, pieces=True) or [])
    assert len(pieces) > 1 and all(isinstance(cells, ColumnPiece) for _, cells in pieces)
    assert [number for number, _ in pieces] == [2, *[p.first + p.count for _, p in pieces[:-1]]]
    assert [row for _, p in pieces for row in p.rows()] == list(csv_rows(plain, ",", after=1))
    for odd in ('1,"a,b",c\n', "1,a\x00,c\n", "1,a\rb,c\n"):
        assert column_rows(write(tmp_path / "odd.csv", plain + odd), plain + odd, "gb18030", ",", 1) is None
    assert column_rows(write(tmp_path / "u16.csv", plain, "utf-16"), plain, "utf-16", ",", 1) is None


def test_the_rows_are_those_of_the_text_decoded_whatever_the_file_becomes(small_pieces: None, tmp_path: Path) -> None:
    """The file is decoded once: its rows are read from the text its header was found in, even if the file is
    changed or removed while they are read."""
    plain = "".join(f"{n},甲{n},乙\n" for n in range(40))
    path = write(tmp_path / "plain.csv", plain)
    rows = column_rows(path, plain, "gb18030", ",", 1)
    assert rows is not None
    path.unlink()
    assert list(rows) == list(csv_rows(plain, ",", after=1))


def test_a_ragged_row_a_blank_line_and_a_long_cell_are_read_by_the_csv_module(small_pieces: None,
                                                                              tmp_path: Path) -> None:
    damaged = "".join(f"{n},甲,乙\n" for n in range(30)) + "1,2\n\n" + "3,4,5,6\n" + "x," * 2 + "y" * (
        MAX_CELL_CHARS + 1) + "\n" + "".join(f"{n},丙,丁\n" for n in range(30))
    rows = list(column_rows(write(tmp_path / "damaged.csv", damaged), damaged, "gb18030", ",", 1, pieces=True) or [])
    assert any(isinstance(cells, ColumnPiece) for _, cells in rows)
    flat = [row for number, cells in rows
            for row in (cells.rows() if isinstance(cells, ColumnPiece) else [(number, cells)])]
    assert flat == list(csv_rows(damaged, ",", after=1))
    assert any(not isinstance(cells, ColumnPiece) and len(cells) == 2 for _, cells in rows)  # the ragged row


def test_a_short_line_and_a_long_one_in_one_piece_are_read_by_the_csv_module(small_pieces: None,
                                                                            tmp_path: Path) -> None:
    text = ",,,\n" * 25 + ",,\n" + ",,,\n" * 3 + ",,,,"  # the piece's separators as many as four cells a line
    rows = list(column_rows(write(tmp_path / "pair.csv", text, "utf-8"), text, "utf-8", ",", 1) or [])
    assert rows == list(csv_rows(text, ",", after=1))
    assert (26, ("", "", "")) in rows and rows[-1] == (30, ("", "", "", "", ""))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 29_999), st.integers(0, 29_999), st.sampled_from(["", "x"]), st.booleans())
@example(5, 29_999, "", False)  # the last line, of one empty cell more, with no line feed
def test_a_line_of_more_cells_and_one_of_fewer_anywhere_in_a_full_size_piece_are_the_csv_modules(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, short: int, long: int,
        extra: str, final_line_feed: bool) -> None:
    """The compiled reader is trusted to refuse a line of more cells only where it ends in a line feed (each piece
    is given one) and, with the count of the piece's separators, to leave no line of fewer cells: a pair of such
    lines, the extra cell empty or not, anywhere in pieces of the size read (the compiled reader parses a large
    piece in parts of its own), even the last line of the file without its line feed."""
    monkeypatch.setattr(columns_module, "COLUMN_READER_CHARS", 0)
    lines = [f"{n},甲{n},乙" for n in range(30_000)]
    lines[short] = f"{short},短"
    lines[long] = f"{long},长,乙,{extra}"
    text = "a,b,c\n" + "\n".join(lines) + ("\n" if final_line_feed else "")
    path = tmp_path_factory.mktemp("pair") / "pair.csv"
    rows = column_rows(write(path, text, "utf-8"), text, "utf-8", ",", 1, pieces=True)
    assert rows is not None
    flat = [row for number, cells in rows
            for row in (cells.rows() if isinstance(cells, ColumnPiece) else [(number, cells)])]
    assert flat == list(csv_rows(text, ",", after=1))


@pytest.mark.parametrize(("extra", "parsed"), [(0, True), (1, False)])
def test_a_cell_of_more_bytes_than_the_limit_is_parsed_by_the_compiled_reader_when_its_characters_are_not_over(
        small_pieces: None, tmp_path: Path, extra: int, parsed: bool) -> None:
    text = "a,b\n" + "1," + "长" * (MAX_CELL_CHARS + extra) + "\n2,乙\n"  # three bytes a character in UTF-8
    rows = list(column_rows(write(tmp_path / "long.csv", text), text, "utf-8", ",", 1, pieces=True) or [])
    assert any(isinstance(cells, ColumnPiece) for _, cells in rows[:1]) is parsed
    flat = [row for number, cells in rows
            for row in (cells.rows() if isinstance(cells, ColumnPiece) else [(number, cells)])]
    assert flat == list(csv_rows(text, ",", after=1))


# -- the roster -------------------------------------------------------------------------------------------------------

CODES = st.one_of(st.integers(0, 40).map(uscc), st.integers(0, 40).map(lambda i: uscc(i).lower()),
                  st.integers(0, 40).map(lambda i: "\u200b" + uscc(i)),
                  st.integers(0, 40).map(lambda i: uscc(i).translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})),
                  st.integers(0, 40).map(lambda i: uscc(i)[:-1] + "0"),
                  st.integers(0, 5).map(lambda i: EXAMPLE_MARK + uscc(i)),
                  st.sampled_from(["", " ", "91411002X0NFPAY57", "not a code", "'=1+1"]))
# White space Python's str.strip takes off and polars' does not (or the other way), a quote first, an invisible
# character: the column passes the compiled reader's test of a plain column leaves out must be left out only where
# they change nothing.
ODD_EDGES = st.sampled_from(["", "", " ", "\u3000", "\xa0", "\x85", "\u2003", "\u2028", "\u200b", "\ufeff",
                             "\x1c", "\x0b", "'", " '", "\u180e"])
EDGED = st.tuples(ODD_EDGES, st.sampled_from(["甲公司", "某某", "13800000001", "示例路1号"]), ODD_EDGES).map("".join)
EDGED_CODES = st.tuples(ODD_EDGES, CODES, ODD_EDGES).map("".join)
VALUES: dict[str, st.SearchStrategy[str]] = {
    "统一社会信用代码": st.one_of(CODES, EDGED_CODES),
    "市场主体名称": st.one_of(st.sampled_from(["甲公司", " 乙公司 ", "", "丙\x01公司", "丁公司\x1f", "戊,公司"]),
                          EDGED),
    "监管领域": st.sampled_from(["工贸", "危险化学品", "非煤矿山", "", "农业"]),
    "行政区划代码": st.sampled_from(["411002", "410000", "41100", "", "０411002"]),
    "登记状态": st.sampled_from(["存续", "注销", "", "停业"]),
    "信用风险分类": st.sampled_from(["A", "B", "", "E"]),
    "列入严重违法失信企业名单": st.sampled_from(["否", "是", "", "不知道"]),
    "法定代表人": st.one_of(st.sampled_from(["法定代表人01", "", " 某某 "]), EDGED),
    "联系电话": st.one_of(st.sampled_from(["13800000001", "", "0374-1234567"]), EDGED),
    "注册号": st.one_of(st.sampled_from(["", "410000000000000", "４10000000000000", "123"]),
                      st.tuples(ODD_EDGES, st.just("410000000000000"), ODD_EDGES).map("".join)),
}


@st.composite
def rosters(draw: st.DrawFn) -> str:
    """A subjects roster as CSV text: random cells, sometimes a damaged line (ragged, blank, a quote)."""
    header = draw(st.permutations(list(VALUES)))
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 40))):
        row = [draw(VALUES[h]) for h in header]
        shape = draw(st.sampled_from(["whole"] * 8 + ["short", "long", "blank", "commas"]))
        if shape == "short":
            row = row[:draw(st.integers(1, len(row) - 1))]
        elif shape == "long":
            row = [*row, draw(st.sampled_from(["", "多余"]))]
        elif shape == "blank":
            row = [""] if draw(st.booleans()) else [" "] * len(row)
        elif shape == "commas":
            row = [""] * len(row)
        lines.append(",".join(row))
    return "\r\n".join(lines) + "\r\n"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rosters(), st.sampled_from(["utf-8", "gb18030", "utf-8-sig", "utf-16"]), st.sampled_from([200, 1 << 20]))
def test_a_roster_read_through_the_column_reader_is_the_one_the_csv_module_reads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, encoding: str, piece: int) -> None:
    monkeypatch.setattr(columns_module, "PIECE_CHARS", piece)
    path = tmp_path / "subjects.csv"
    path.write_bytes(text.encode(encoding))
    fast, careful = both_readers(path, monkeypatch)
    assert_same(fast, careful)
    assert len(fast.records) + len(fast.bad_rows) == fast.data_rows


def test_a_registry_is_read_in_columns_with_its_problems_duplicates_and_normalisations(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columns_module, "PIECE_CHARS", 4000)
    header = ["统一社会信用代码", "市场主体名称", "监管领域", "行政区划代码", "登记状态", "法定代表人", "联系电话"]
    rows = [[uscc(n), f"甲公司{n}", "工贸", "411002", "存续", f"某某{n}", f"138{n:08d}"] for n in range(600)]
    rows[5][0] = rows[5][0].lower()  # normalised
    rows[70][0] = rows[3][0]  # a duplicate
    rows[71][0] = rows[8][0][:-1] + ("0" if rows[8][0][-1] != "0" else "1")  # a check character wrong
    rows[72][2] = "农业"  # a domain refused
    rows[300][1] = ""  # a required cell empty
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path = tmp_path / "subjects.csv"
    path.write_bytes(buffer.getvalue().encode("gb18030"))
    seen: list[Any] = []
    real = columns_module.ColumnPiece.patterns

    def patterns(self: ColumnPiece, indexes: Any) -> Any:
        seen.append(self.count)
        return real(self, indexes)
    monkeypatch.setattr(columns_module.ColumnPiece, "patterns", patterns)
    fast, careful = both_readers(path, monkeypatch)
    assert len(seen) > 1 and sum(seen) == 600  # every row went through the column reader, in several pieces
    assert_same(fast, careful)
    assert len(fast.records) == 596 and [p.row for p in fast.problems] == [72, 73, 74, 302]
    assert [(n.row, n.after) for n in fast.normalised] == [(7, uscc(5))]


def test_without_polars_every_file_is_read_by_the_csv_module(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """On a machine polars publishes no wheel for, the import is the csv module's, with the same roster."""
    import builtins

    from random_inspection.io import reading_csv_columns

    real_import = builtins.__import__

    def no_polars(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "polars" or name.startswith("polars."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    assert reading_csv_columns.compiled_reader()
    monkeypatch.setattr(builtins, "__import__", no_polars)
    assert not reading_csv_columns.compiled_reader()
    text = "x" * (reading_csv_columns.COLUMN_READER_CHARS + 10) + "\n"
    assert reading_csv_columns.column_rows(tmp_path / "none.csv", text, "utf-8", ",", 1) is None


def test_the_white_space_of_a_plain_column_is_the_one_str_strip_takes_off() -> None:
    import sys

    assert "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == columns_module.WHITE_SPACE


@pytest.mark.parametrize(("cell", "plain"), [
    ("甲公司", True), ("a b", True), ("x'", True), ("\u200b甲", True), ("", True),
    (" 甲", False), ("甲 ", False), ("\u3000甲", False), ("甲\xa0", False), ("\x85甲", False), ("甲\u2028", False),
    ("'甲", False), ("甲\x01公司", False), ("\x7f", False), ("\x1c甲", False)])
def test_a_column_is_plain_only_when_no_column_pass_would_change_or_refuse_a_cell(cell: str, plain: bool) -> None:
    import polars as pl

    frame = pl.DataFrame({"c0": ["甲", cell], "c1": ["a", "a"], "c2": ["b", "中"]})
    found = ColumnPiece(2, frame).plain([0, 1, 2])
    assert found[0] == (plain, False)
    assert found[1] == (True, True) and found[2] == (True, False)
    assert (cell.strip() == cell and not cell.startswith("'") and not CONTROL_CHARACTERS.search(cell)) is plain
