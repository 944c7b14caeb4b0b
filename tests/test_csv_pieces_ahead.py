"""A large CSV's next piece is parsed in a thread of its own while the rows of the piece before it are read
(io/reading_csv_columns.py): the rows, the errors and the roster's result must be those of a read one piece after
another, however the read ends — to its end, stopped early, a piece refused, an error of a piece or of the reader
— and no thread may be left running once the read is over (docs/rosters.md, *Large rosters*)."""

from __future__ import annotations

import csv
import io
import itertools
import threading
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import random_inspection.io.reading_csv_columns as columns_module
from random_inspection.io import RosterKind, import_roster
from random_inspection.io.reading_csv import csv_rows
from random_inspection.io.reading_csv_columns import AHEAD_THREAD, ColumnPiece, column_rows
from tests.test_csv_columns import uscc

pytest.importorskip("polars")


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file parsed by the compiled reader, in pieces of a few rows (so that one file has many)."""
    monkeypatch.setattr(columns_module, "COLUMN_READER_CHARS", 0)
    monkeypatch.setattr(columns_module, "PIECE_CHARS", 60)


def ahead_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == AHEAD_THREAD]


def settled() -> list[threading.Thread]:
    """The threads parsing ahead still running after each was given a few seconds to end (a thread that
    waited for a reader that had gone would still be there)."""
    for thread in ahead_threads():
        thread.join(timeout=5)
    return ahead_threads()


def text_of(lines: int, ragged: Collection[int] = ()) -> str:
    rows = [f"{n},甲{n}, 乙 ,c{n % 3}" if n not in ragged else f"{n},短" for n in range(lines)]
    return "h1,h2,h3,h4\n" + "\n".join(rows) + "\n"


def flat(rows: Any) -> list[tuple[int, Any]]:
    out: list[tuple[int, Any]] = []
    for number, cells in rows:
        out.extend(cells.rows() if isinstance(cells, ColumnPiece) else [(number, cells)])
    return out


def threads_answering(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of the thread each question of a piece is answered in, in order, from now on (in the parsing
    thread, ahead, or in the reader's, in place)."""
    where: list[str] = []
    real = dict(columns_module._ASKED)

    def noting(what: str) -> Any:
        def ask(frame: Any, indexes: tuple[int, ...]) -> Any:
            where.append(threading.current_thread().name)
            return real[what](frame, indexes)
        return ask
    monkeypatch.setattr(columns_module, "_ASKED", {what: noting(what) for what in real})
    return where


def test_each_piece_but_the_first_is_parsed_in_the_thread_with_what_was_asked_of_the_one_before(
        small_pieces: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = text_of(200)
    where = threads_answering(monkeypatch)
    pieces = column_rows(tmp_path / "x.csv", text, "utf-8", ",", 1, pieces=True)
    assert pieces is not None
    got = []
    for _, piece in pieces:
        got.append((piece.patterns([2, 3]), piece.plain([1, 0])))
        assert (piece.patterns([2, 3]), piece.plain([0, 1])) == got[-1]  # asked again: the same answer
    assert len(got) > 10
    assert where.count(AHEAD_THREAD) >= 2 * (len(got) - 2)  # found ahead for (nearly) every piece after the first
    expected = []
    for _, piece in column_rows(tmp_path / "x.csv", text, "utf-8", ",", 1, pieces=True) or []:
        expected.append((columns_module._patterns(piece._frame, (2, 3)),  # (asked nothing: found in place)
                         columns_module._plain(piece._frame, (0, 1))))
    assert got == expected
    assert not settled()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 120), st.sets(st.integers(0, 119), max_size=6), st.booleans())
def test_a_read_stopped_early_gives_the_rows_so_far_and_leaves_no_thread(
        small_pieces: None, tmp_path: Path, stop: int, ragged: set[int], pieces: bool) -> None:
    text = text_of(120, ragged)  # a ragged line: its piece is refused by the compiled reader, read by the csv module
    rows = column_rows(tmp_path / "x.csv", text, "utf-8", ",", 1, pieces=pieces)
    assert rows is not None
    taken = list(itertools.islice(rows, stop))
    rows.close()  # type: ignore[attr-defined]
    assert not ahead_threads()  # closed: the piece parsed ahead was waited for
    expected = list(csv_rows(text, ",", after=1))
    got = flat(taken)
    assert got == expected[:len(got)]
    assert len(got) >= min(stop, len(expected))


def test_an_error_of_a_piece_comes_out_where_its_rows_are_asked_for(
        small_pieces: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = text_of(100)
    real = columns_module._parsed
    parsed: list[int] = []

    def failing(piece: bytes, delimiter: str, asked: Any = None) -> Any:
        parsed.append(len(parsed))
        if len(parsed) == 4:
            raise MemoryError("the fourth piece")
        return real(piece, delimiter, asked)
    monkeypatch.setattr(columns_module, "_parsed", failing)
    rows = column_rows(tmp_path / "x.csv", text, "utf-8", ",", 1)
    assert rows is not None
    got: list[Any] = []
    with pytest.raises(MemoryError, match="the fourth piece"):
        got.extend(rows)  # (each row kept as it comes, until the error)
    monkeypatch.setattr(columns_module, "_parsed", real)
    pieces = list(column_rows(tmp_path / "x.csv", text, "utf-8", ",", 1, pieces=True) or [])
    assert got == flat(pieces[:3])  # the rows of the three pieces before, and no more
    assert not settled()


def test_an_error_of_the_reader_leaves_no_thread_and_a_read_again_is_the_same(
        small_pieces: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header = ["统一社会信用代码", "市场主体名称", "监管领域", "行政区划代码", "登记状态", "法定代表人", "联系电话"]
    body = [[uscc(n), f"甲公司{n}", "工贸", "411002", "存续", f"某某{n}", f"138{n:08d}"] for n in range(300)]
    body[40][0] = body[3][0]  # a duplicate
    body[41][0] = body[41][0].lower()  # normalised
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *body])
    path = tmp_path / "subjects.csv"
    path.write_bytes(buffer.getvalue().encode("gb18030"))

    def stop(done: int, total: int | None) -> None:
        if done > 100:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        import_roster(path, RosterKind.SUBJECTS, progress=stop)
    assert not settled()
    result = import_roster(path, RosterKind.SUBJECTS)
    assert not settled()
    monkeypatch.setattr(columns_module, "COLUMN_READER_CHARS", 1 << 40)  # the csv module alone
    careful = import_roster(path, RosterKind.SUBJECTS)
    assert result == careful
    assert [(p.row, str(p.problem)) for p in result.problems] == [(42, f"{body[3][0]} is already on row 5")]
    assert [n.row for n in result.normalised] == [43]


def test_where_no_thread_can_be_started_each_piece_is_parsed_in_place(
        small_pieces: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")
    monkeypatch.setattr(columns_module._Ahead, "start", refused)
    text = text_of(50, {7, 30})
    rows = column_rows(tmp_path / "x.csv", text, "utf-8", ",", 1, pieces=True)
    assert flat(rows or []) == list(csv_rows(text, ",", after=1))
    assert not ahead_threads()


def subjects_file(tmp_path: Path, count: int) -> Path:
    header = ["统一社会信用代码", "市场主体名称", "监管领域", "行政区划代码", "登记状态", "法定代表人", "联系电话"]
    body = [[uscc(n), f"甲公司{n}", "工贸", "411002", "存续", f"某某{n}", f"138{n:08d}"] for n in range(count)]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *body])
    path = tmp_path / "subjects.csv"
    path.write_bytes(buffer.getvalue().encode("gb18030"))
    return path


def test_a_roster_import_reads_each_piece_while_the_next_is_parsed_with_its_questions(
        small_pieces: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The importer takes the pieces one at a time: a piece is read before the one after the next is parsed (no
    piece parsed long before it is read, none held while others are read), and the questions of each piece but the
    first two are answered in the thread that parsed it."""
    path = subjects_file(tmp_path, 400)
    parsed: list[int] = []
    real_parsed = columns_module._parsed

    def counting(*args: Any) -> Any:
        parsed.append(1)
        return real_parsed(*args)
    monkeypatch.setattr(columns_module, "_parsed", counting)
    ahead_of_the_read: list[int] = []
    real_patterns = ColumnPiece.patterns

    def patterns(self: ColumnPiece, indexes: Any) -> Any:
        ahead_of_the_read.append(len(parsed) - len(ahead_of_the_read) - 1)  # pieces parsed past this one
        return real_patterns(self, indexes)
    monkeypatch.setattr(ColumnPiece, "patterns", patterns)
    where = threads_answering(monkeypatch)
    result = import_roster(path, RosterKind.SUBJECTS)
    assert len(result.records) == 400 and result.ok
    assert len(ahead_of_the_read) > 20 and max(ahead_of_the_read) <= 1
    assert where.count(AHEAD_THREAD) >= 2 * (len(ahead_of_the_read) - 2)
    assert not settled()


class Stop(Exception):
    pass


def test_an_import_stopped_early_leaves_no_thread_even_while_the_next_piece_is_still_parsed(
        small_pieces: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A loaded machine, where the next piece takes longer to parse than the one before takes to read: when the
    importer's caller is stopped (its progress callback raises), the piece being parsed is waited for before the
    exception reaches the caller, which may keep it (and its traceback, which holds the read) as long as it
    likes."""
    path = subjects_file(tmp_path, 300)
    real_parsed = columns_module._parsed
    parsed: list[int] = []

    def slow(*args: Any) -> Any:
        parsed.append(1)
        if len(parsed) > 1:
            time.sleep(0.5)
        return real_parsed(*args)
    monkeypatch.setattr(columns_module, "_parsed", slow)

    def stop(done: int, total: int | None) -> None:
        raise Stop
    with pytest.raises(Stop) as kept:
        import_roster(path, RosterKind.SUBJECTS, progress=stop)
    assert not ahead_threads()  # (the exception and its traceback still held here)
    assert kept.value is not None
