"""A large XLSX sheet's first part handed on while its later part is read (reading_book_parts.read_overlapped): the
same records and problems as the whole read, damaged parts included, and no read left running."""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.io import read_subjects, reading_book, reading_book_parts
from random_inspection.io.reading import read_table
from random_inspection.model.identifiers import (
    USCC_ALPHABET,
    organization_code_check_character,
    uscc_check_character,
)
from tests.reading_support import rewrite_sheet, xlsx_bytes

HEADER = ("统一社会信用代码", "市场主体名称", "监管领域", "行政区划代码")


def _code(n: int) -> str:
    org = "".join(USCC_ALPHABET[(n // 31**k) % 31] for k in range(8))
    body = "91411002" + org + organization_code_check_character(org)
    return body + uscc_check_character(body)


def _row(kind: str, n: int) -> list[Any]:
    code = _code(n)
    return {"good": [code, f"示例公司{n}", "工贸", "411002"],
            "lower": [code.lower(), f"示例公司{n}", "工贸", "411002"],
            "again": [_code(0), f"示例公司{n}", "工贸", "411002"],
            "bad": [code[:-1] + "?", f"示例公司{n}", "工贸", "411002"],
            "blank": [None, None, None, None],
            "number": [code, n, "工贸", 411002],
            "wide": [code, f"示例公司{n}", "工贸", "411002", None, None, "备注"]}[kind]


_KINDS = st.sampled_from(["good", "good", "good", "lower", "again", "bad", "blank", "number", "wide"])


@st.composite
def rosters(draw: st.DrawFn) -> bytes:
    """A subjects roster, now and then with a title row, moved right by a column, with a cell addressed to an
    earlier row than its ``<row>``, rows without their numbers, or a formula without its value."""
    kinds = draw(st.lists(_KINDS, min_size=1, max_size=40))
    rows: list[list[Any]] = [["名录"]] if draw(st.booleans()) else []
    rows += [list(HEADER)] + [_row(kind, n) for n, kind in enumerate(kinds, start=1)]
    if draw(st.booleans()):
        rows = [[None, *row] for row in rows]
    book = xlsx_bytes(rows)
    damage = draw(st.sampled_from(["none", "none", "misplaced", "unnumbered", "formula"]))
    last = len(rows)
    if damage == "misplaced":
        earlier = draw(st.integers(1, last))
        book = rewrite_sheet(book, lambda xml: _misplaced(xml, last, earlier))
    elif damage == "unnumbered":
        book = rewrite_sheet(book, lambda xml: re.sub(r'<row r="(\d*[13579])"', "<row", xml))
    elif damage == "formula":
        at = draw(st.integers(1, last))
        book = rewrite_sheet(book, lambda xml: re.sub(rf'<c r="([A-H]){at}"[^>]*?(/>|>.*?</c>)',
                                                      rf'<c r="\g<1>{at}"><f>SUM(X1:X2)</f></c>', xml, count=1))
    return book


def _misplaced(xml: str, row: int, earlier: int) -> str:
    """The sheet with the first cell of ``row`` addressed to the row ``earlier`` where no cell is there yet."""
    m = re.search(rf'<c r="([A-H]){row}"', xml)
    if m is None or f'<c r="{m[1]}{earlier}"' in xml:
        return xml
    return xml[:m.start()] + f'<c r="{m[1]}{earlier}"' + xml[m.end():]


class _FailingPart(reading_book_parts._Read):
    """A part's read that fails (as calamine's does for a damaged part) for the part ``part1``."""

    def _run(self, path: str, name: str) -> None:
        if path.endswith("part1.xlsx"):
            self.failed = ValueError("a damaged part")
            return
        super()._run(path, name)


def _import(path: Path, split: bool, share: float, fail: bool) -> object:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(reading_book, "MIN_SPLIT_BYTES", 0 if split else 1 << 62)
        monkeypatch.setattr(reading_book_parts, "FIRST_SHARE", share)
        if fail:
            monkeypatch.setattr(reading_book_parts, "_Read", _FailingPart)
        return read_subjects(path)


def _part_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "xlsx-part" and t.is_alive()]


@settings(max_examples=40, deadline=None)
@given(rosters(), st.floats(0.02, 0.98), st.booleans())
def test_records_of_an_overlapped_read_are_the_whole_reads(book: bytes, share: float, fail: bool) -> None:
    """Cut anywhere, the later part damaged or its read failing: the same records, row numbers, problems and
    normalisations as the whole read; no part's read left running, no part's workbook left behind."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "subjects.xlsx"
        path.write_bytes(book)
        whole = _import(path, False, share, False)
        assert _import(path, True, share, fail) == whole
        assert _import(path, True, share, False) == whole
    assert not _part_threads()


@settings(max_examples=30, deadline=None)
@given(rosters(), st.floats(0.02, 0.98))
def test_rows_of_an_overlapped_read_are_the_whole_reads(book: bytes, share: float) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(reading_book_parts, "FIRST_SHARE", share)
        monkeypatch.setattr(reading_book, "MIN_SPLIT_BYTES", 1 << 62)
        whole = reading_book.read_book(book, "zip", None)
        monkeypatch.setattr(reading_book, "MIN_SPLIT_BYTES", 0)
        over = reading_book.read_book(book, "zip", None, overlap=True)
        assert isinstance(whole, reading_book.Book)
        assert isinstance(over, reading_book.Book)
        assert (over.merged, over.label) == (whole.merged, whole.label)
        try:
            rows = list(over.rows)
        except reading_book_parts.PartsDisagree:  # a later part not as the whole read gives it: read again, whole
            return
        assert rows == list(whole.rows)


def _roster(count: int) -> bytes:
    return xlsx_bytes([list(HEADER), *(_row("good", n) for n in range(1, count + 1))])


class _SlowPart(reading_book_parts._Read):
    """The later part's read, slow: it is still running when the first part's rows are handed on."""

    def _run(self, path: str, name: str) -> None:
        if path.endswith("part1.xlsx"):
            time.sleep(0.5)
        super()._run(path, name)


def test_the_first_parts_rows_are_handed_on_while_the_later_part_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "subjects.xlsx"
    path.write_bytes(_roster(200))
    whole = read_subjects(path)
    monkeypatch.setattr(reading_book, "MIN_SPLIT_BYTES", 0)
    monkeypatch.setattr(reading_book_parts, "_Read", _SlowPart)
    monkeypatch.setattr(reading_book, "_BATCH", 8)  # rows taken from the reads a few at a time
    table = read_table(path, lambda headers: headers[:1] == HEADER[:1], overlap=True)
    assert not isinstance(table, reading_book.FileProblem)
    assert next(table.rows)[0] == 2
    assert len(_part_threads()) == 1  # the later part still read
    assert len(list(table.rows)) == 199
    assert not _part_threads()
    assert read_subjects(path) == whole


def test_no_read_outlives_rows_abandoned_part_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "subjects.xlsx"
    path.write_bytes(_roster(200))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setattr(reading_book, "MIN_SPLIT_BYTES", 0)
    monkeypatch.setattr(reading_book_parts, "_Read", _SlowPart)
    monkeypatch.setattr(reading_book, "_BATCH", 8)  # rows taken from the reads a few at a time
    table = read_table(path, lambda headers: headers[:1] == HEADER[:1], overlap=True)
    assert not isinstance(table, reading_book.FileProblem)
    next(table.rows)
    assert _part_threads()
    assert os.listdir(temporary)  # the parts' workbooks, while they are read
    del table  # abandoned: every read ended, the parts' folder deleted
    assert not _part_threads()
    assert not os.listdir(temporary)


def test_no_read_outlives_a_later_part_that_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "subjects.xlsx"
    path.write_bytes(_roster(200))
    whole = read_subjects(path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setattr(reading_book, "MIN_SPLIT_BYTES", 0)
    calls: list[bool] = []
    overlapped = reading_book_parts.read_overlapped

    def counted(*args: Any) -> object:
        found = overlapped(*args)
        calls.append(found is not None)
        return found

    monkeypatch.setattr(reading_book, "read_overlapped", counted)

    class _SlowFailingPart(_FailingPart):
        def _run(self, path: str, name: str) -> None:
            if path.endswith("part1.xlsx"):
                time.sleep(0.3)
            super()._run(path, name)

    monkeypatch.setattr(reading_book_parts, "_Read", _SlowFailingPart)
    assert read_subjects(path) == whole  # the first part's records dropped, the sheet read again whole
    assert calls == [True]
    assert not _part_threads()
    assert not os.listdir(temporary)
