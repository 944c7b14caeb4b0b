"""The rows of a large CSV file parsed by a compiled column reader (polars), where it gives exactly what the csv
module gives (:func:`~random_inspection.io.reading_csv.csv_rows`), else the csv module's own rows.

The file's text is decoded whole once (to tell its encoding and find its header), cut into pieces (1.5 million
characters, to a line end) each kept as UTF-8, and let go; each piece is parsed by the compiled reader into
columns in one call, and dropped once its rows are read. The file is decoded once, and never held whole as text
while the rows are read (its pieces, as UTF-8, take a little less than the text for a roster's mix of Chinese
and ASCII, and less and less as they are read). The rows are those of the text the header was found in, whatever
happens to the file afterwards. The compiled reader is used only where the two readers cannot differ:

- for the whole file: UTF-8 or GB18030, no quote character anywhere (each line is then one row, and a cell is the
  text between separators as it is written), no NUL, no carriage return but before a line feed, no more lines
  than :data:`MAX_ROWS`;
- for each piece: at least two cells a row, every line with as many cells as the piece's first line (the
  compiled reader refuses a line with more where it ends in a line feed, and each piece is given one; the
  separators counted over the piece leave no line with fewer, nor a blank line), no byte-order mark at its
  start, no cell over :data:`MAX_CELL_CHARS`, and the compiled reader's count of rows the piece's count of lines.

A file that fails a test of the whole file is read by the csv module (:func:`file_rows`); a piece that fails a
test of its own is read by it too, and the rows numbered on, so that a ragged row, a blank line or an oversize
cell is reported exactly as ever (docs/rosters.md, *Large rosters*). Where polars is not installed (a machine
it publishes no wheel for) every file is read by the csv module.

Each piece is parsed in a thread of its own while the rows of the piece before it are read (polars lets go of the
interpreter while it parses and groups, so that a second core does it), with what the reader asked of the piece
before (its rows' patterns, its plain columns), the piece's own checks and these answers collected in one call
(each call back into the interpreter waits while the reader's thread holds it): at most one piece ahead, its
thread ending with its piece, so that no thread outlives the read however it ends. An error of a piece comes out
where its rows are asked for, as if the piece were parsed then. A reader given the pieces (:class:`PieceRows`)
asks for the next item only once it has read what it has, or every piece would be parsed before the first is
read, and all held at once.
"""

from __future__ import annotations

import codecs
import contextlib
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, cast

from random_inspection.io.reading_csv import LONE_CARRIAGE_RETURN, Rows, csv_rows
from random_inspection.io.reading_limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS
from random_inspection.io.row_patterns import CONTROL_CHARACTERS

__all__ = ["AHEAD_THREAD", "COLUMN_READER_CHARS", "PIECE_CHARS", "WHITE_SPACE", "ColumnPiece", "PieceRows",
           "column_rows"]

COLUMN_READER_CHARS = 6_000_000
"""The size (characters) from which a CSV file is parsed by the compiled reader (about 52,000 rows of a
检查对象名录库): below it, the csv module is quicker than loading the compiled reader."""

PIECE_CHARS = 3 << 19
"""The characters of the text parsed at a time (to a line end; about 2 MB of a GB18030 roster): the rows of a piece
are read before the next is parsed, so that a registry's file is never held whole as columns (pieces of 8 MB took
45 MB more at the peak, and no less time, than pieces of 2 MB)."""

AHEAD_THREAD = "random-inspection-csv-piece"
"""The name of the thread that parses a CSV's next piece while the rows of the one before it are read."""

WHITE_SPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
               "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
"""The characters Python's ``str.strip`` takes off (those ``str.isspace`` holds white space; polars' own white
space differs; tests/test_csv_columns.py checks the list against Python's)."""

_WHITE = "".join(f"\\x{{{ord(c):X}}}" for c in WHITE_SPACE)
# A cell a column pass would change or look at again: white space at either end, a quote first, a control
# character anywhere; as a regular expression of the compiled reader (Rust's syntax, which reads these escapes as
# Python does).
_NOT_PLAIN = f"^[{_WHITE}']|[{_WHITE}]$|{CONTROL_CHARACTERS.pattern}"

_CODECS = frozenset({"utf-8", "utf-8-sig", "gb18030"})

_ENGINE: Final = "in-memory"
# The compiled reader's engine for a piece's queries: its default, the streaming engine, took four times as long
# over a piece of a roster.


class ColumnPiece:
    """Rows of a CSV file parsed into columns, given in place of their cells (under the number of the first) to a
    reader that asks for them (:func:`~random_inspection.io.reading.read_table`'s ``columns``): every row has
    :attr:`width` cells, of text, none over :data:`MAX_CELL_CHARS`; blank rows may be among them.

    What a reader asks of a piece (:meth:`patterns`, :meth:`plain`) is noted, and the next piece's answers are
    found beforehand, while the rows of this one are read (:func:`column_rows`): each answer is the same
    wherever it is found."""

    def __init__(self, first: int, frame: Any, asked: dict[str, tuple[int, ...]] | None = None,
                 found: dict[tuple[str, tuple[int, ...]], Any] | None = None) -> None:
        self.first = first
        self._frame = frame
        self.count: int = frame.height
        self.width: int = frame.width
        self._columns: dict[int, list[str]] = {}
        self._plain: dict[int, tuple[bool, bool]] = {}
        self._asked = {} if asked is None else asked
        self._found = {} if found is None else found

    def numbers(self) -> range:
        """The rows' numbers."""
        return range(self.first, self.first + self.count)

    def column(self, index: int) -> list[str]:
        """The cells of column ``index``."""
        cells = self._columns.get(index)
        if cells is None:
            cells = self._columns[index] = self._frame.to_series(index).to_list()
        return cells

    def plain(self, indexes: Sequence[int]) -> dict[int, tuple[bool, bool]]:
        """For each column of ``indexes``: whether its cells are all *plain* — none with white space at either end
        (as ``str.strip`` sees it), a ``'`` first or a control character anywhere (so that trimming changes none
        and no cell is refused or read again for its text) — and whether they are all ASCII; both found by the
        compiled reader over the whole piece at once."""
        wanted = tuple(sorted(set(indexes)))
        self._asked["plain"] = wanted
        found: dict[int, tuple[bool, bool]] | None = self._found.pop(("plain", wanted), None)
        if found is None:
            found = _plain(self._frame, wanted)
        self._plain.update(found)
        return found

    def known_plain(self, index: int) -> bool:
        """Whether column ``index`` was found plain by an answer of :meth:`plain` (``False`` where none said so)."""
        return self._plain.get(index, (False, False))[0]

    def row(self, n: int) -> tuple[str, ...]:
        """The cells of the piece's ``n``-th row (from 0)."""
        cells: tuple[str, ...] = self._frame.row(n)
        return cells

    def rows(self) -> list[tuple[int, tuple[str, ...]]]:
        """Every row, as ``(row number, cells)``."""
        columns = list(map(self.column, range(self.width)))
        return list(zip(self.numbers(), zip(*columns, strict=True), strict=True))

    def patterns(self, indexes: Sequence[int]) -> tuple[list[int], list[int]]:
        """For each row, the number of the distinct combination of its cells in the columns ``indexes`` (from 0,
        in the order of first occurrence), and for each combination the row it first occurs in."""
        wanted = tuple(indexes)
        self._asked["patterns"] = wanted
        found: tuple[list[int], list[int]] | None = self._found.pop(("patterns", wanted), None)
        return _patterns(self._frame, wanted) if found is None else found


class _Question:
    """A question of a piece put to the compiled reader as lazy queries of its frame, answered by ``finish`` of
    their results: the questions of a piece parsed ahead are collected with its own checks in one call, which lets
    go of the interpreter once (each call that takes it back waits while the reader's thread holds it)."""

    def __init__(self, queries: list[Any], finish: Callable[[list[Any]], Any]) -> None:
        self.queries = queries
        self.finish = finish

    def answer(self) -> Any:
        """The answer, the queries collected now."""
        import polars as pl

        return self.finish(pl.collect_all(self.queries, engine=_ENGINE) if self.queries else [])


def _plain_question(frame: Any, wanted: tuple[int, ...]) -> _Question:
    """:meth:`ColumnPiece.plain` of the columns ``wanted`` (sorted, distinct) of ``frame``, as a question."""
    import polars as pl

    if not wanted or not frame.height:
        return _Question([], lambda _: {i: (True, True) for i in wanted})
    names = [frame.columns[i] for i in wanted]
    query = frame.lazy().select(
        *[pl.col(name).str.contains(_NOT_PLAIN).any().alias(f"p{n}") for n, name in enumerate(names)],
        # (a column is ASCII when its bytes are as many as its characters: no search of its text)
        *[(pl.col(name).str.len_bytes().sum() != pl.col(name).str.len_chars().sum()).alias(f"a{n}")
          for n, name in enumerate(names)])
    width = len(names)

    def finish(results: list[Any]) -> dict[int, tuple[bool, bool]]:
        found = results[0].row(0)
        return {i: (not found[n], not found[width + n]) for n, i in enumerate(wanted)}
    return _Question([query], finish)


def _patterns_question(frame: Any, indexes: tuple[int, ...]) -> _Question:
    """:meth:`ColumnPiece.patterns` of ``frame``, as a question."""
    import polars as pl

    if not indexes:
        height = frame.height
        return _Question([], lambda _: ([0] * height, [0] * bool(height)))
    names = [frame.columns[i] for i in indexes]
    numbered = frame.lazy().select(names).with_row_index("_row")
    firsts = numbered.group_by(names, maintain_order=True).agg(pl.col("_row").first())
    keyed = firsts.with_row_index("_pattern").select([*names, "_pattern"])
    ids = numbered.join(keyed, on=names, how="left", nulls_equal=True, maintain_order="left").select("_pattern")
    return _Question([ids, firsts.select("_row")],
                     lambda results: (results[0].to_series().to_list(), results[1].to_series().to_list()))


def _plain(frame: Any, wanted: tuple[int, ...]) -> dict[int, tuple[bool, bool]]:
    """:meth:`ColumnPiece.plain` of the columns ``wanted`` (sorted, distinct) of ``frame``."""
    found: dict[int, tuple[bool, bool]] = _ASKED["plain"](frame, wanted).answer()
    return found


def _patterns(frame: Any, indexes: tuple[int, ...]) -> tuple[list[int], list[int]]:
    """:meth:`ColumnPiece.patterns` of ``frame``."""
    found: tuple[list[int], list[int]] = _ASKED["patterns"](frame, indexes).answer()
    return found


_ASKED: dict[str, Callable[[Any, tuple[int, ...]], _Question]] = {"plain": _plain_question,
                                                                   "patterns": _patterns_question}
"""What a reader may ask of a piece that is found ahead, by the name :class:`ColumnPiece` notes it under."""


def column_rows(path: Path, text: str, encoding: str, delimiter: str, after: int, *,
                pieces: bool = False) -> Rows | None:
    """The rows after row ``after`` of the CSV file at ``path``, whose whole text ``text`` was read in ``encoding``,
    parsed by the compiled reader a piece at a time; ``None`` when the file is one the csv module must read (small;
    another encoding; a quote, NUL or a lone carriage return anywhere; too many lines: the module docstring).
    ``pieces``: give each piece the compiled reader parsed as one :class:`ColumnPiece` (under its first row's
    number) instead of its rows.

    The text is cut into its pieces here, each kept as the UTF-8 the compiled reader reads, and the text let go:
    the file is decoded once, and each piece is dropped once its rows are read."""
    if encoding not in _CODECS or len(text) < COLUMN_READER_CHARS or len(delimiter) != 1 or not compiled_reader():
        return None
    lines = text.count("\n")
    if ('"' in text or text.find("\x00") >= 0 or LONE_CARRIAGE_RETURN.search(text)  # (find: quicker than in)
            or not 1 <= after <= lines or after + lines + 1 > MAX_ROWS):
        return None
    start = -1
    for _ in range(after):  # the header's lines (each line a row: no quote)
        start = text.find("\n", start + 1)
    start += 1
    cut: deque[bytes] = deque()
    while start < len(text):
        end = text.find("\n", start + max(PIECE_CHARS, 1) - 1) + 1 or len(text)  # to a line end
        cut.append(text[start:end].encode("utf-8"))
        start = end
    return PieceRows(_rows(cut, delimiter, after, True)) if pieces else _rows(cut, delimiter, after, False)


def compiled_reader() -> bool:
    """Whether the compiled reader is installed: polars is a dependency only where it publishes wheels (x86-64 and
    ARM64); elsewhere every CSV is read by the csv module, with the same result, more slowly."""
    try:
        import polars  # noqa: F401
    except ImportError:
        return False
    return True


def _rows(cut: deque[bytes], delimiter: str, after: int, pieces: bool) -> Rows:
    """The rows of the pieces ``cut``, each piece parsed (:class:`_Ahead`) while the rows of the one before it are
    read: at most one piece is parsed ahead, and its thread ends with its piece, so that none outlives the read."""
    number = after
    asked: dict[str, tuple[int, ...]] = {}
    ahead = _Ahead.start_next(cut, delimiter, asked)
    try:
        while ahead is not None:
            data, frame, found = ahead.result()
            ahead = _Ahead.start_next(cut, delimiter, asked)
            if frame is None:  # the csv module, from the piece's first row: no quote, so its rows are its lines
                assert data is not None
                read = [(n + number, cells) for n, cells in csv_rows(data.decode("utf-8"), delimiter)]
                del data
                yield from read
                number += len(read)
                continue
            columns = ColumnPiece(number + 1, frame, asked, found)
            del frame, found
            if pieces:
                yield number + 1, cast(Any, columns)  # in place of the cells, for a reader that asked (pieces)
            else:
                yield from columns.rows()
            number += columns.count
    finally:  # a read stopped early (closed, or its reader's error) waits for the one piece being parsed
        if ahead is not None:
            ahead.wait()


class PieceRows(Iterator[tuple[int, Any]]):
    """The rows of a CSV given a piece at a time (:func:`column_rows` with ``pieces``): a :class:`ColumnPiece` in
    place of the cells of its first row, and the rows of a piece the csv module read one by one. A reader takes
    them an item at a time and asks for the next only once it has read what it has: each item asked for lets the
    piece after it be parsed, so that a reader that asks ahead (``itertools.islice`` over a chunk of rows) has
    every piece parsed before it reads one, and all of them held at once."""

    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    def __iter__(self) -> PieceRows:
        return self

    def __next__(self) -> tuple[int, Any]:
        return next(self._rows)

    def close(self) -> None:
        """End the read: the piece being parsed ahead is waited for (a generator's ``close``)."""
        self._rows.close()  # type: ignore[attr-defined]


class _Ahead(threading.Thread):
    """A piece parsed in a thread of its own, with what the reader asked of the pieces before it (their
    :meth:`ColumnPiece.patterns` and :meth:`ColumnPiece.plain`), while the rows of the piece before it are read:
    polars lets go of the interpreter while it parses and groups, so that this runs on a second core. An error
    is raised where the piece's rows are asked for, as if the piece were parsed then; an error of a question
    asked ahead is left for the question itself, asked again when the reader asks it."""

    def __init__(self, data: bytes, delimiter: str, asked: dict[str, tuple[int, ...]]) -> None:
        super().__init__(name=AHEAD_THREAD)
        self._data: bytes | None = data
        self._delimiter = delimiter
        self._asked = asked
        self._frame: Any | None = None
        self._found: dict[tuple[str, tuple[int, ...]], Any] = {}
        self._error: BaseException | None = None

    @classmethod
    def start_next(cls, cut: deque[bytes], delimiter: str, asked: dict[str, tuple[int, ...]]) -> _Ahead | None:
        """The next piece of ``cut``, started; ``None`` when none is left."""
        if not cut:
            return None
        ahead = cls(cut.popleft(), delimiter, asked)
        try:
            ahead.start()
        except RuntimeError:  # no thread to be had (a process at its limit): the piece is parsed here, now
            ahead.run()
        return ahead

    def wait(self) -> None:
        """Wait for the piece to be parsed (at once where it was parsed without a thread of its own)."""
        if self.ident is not None:
            self.join()

    def run(self) -> None:
        try:
            assert self._data is not None
            self._frame, self._found = _parsed(self._data, self._delimiter, dict(self._asked))
            if self._frame is not None:
                self._data = None
        except BaseException as exc:  # raised in the reader's thread, where the piece's rows are asked for
            self._error = exc

    def result(self) -> tuple[bytes | None, Any | None, dict[tuple[str, tuple[int, ...]], Any]]:
        """The piece's text (UTF-8) where the compiled reader may not read it, else its data frame and the
        answers found ahead, once parsed."""
        self.wait()
        if self._error is not None:
            raise self._error
        found = (self._data, self._frame, self._found)
        self._data, self._frame, self._found = None, None, {}
        return found


def _parsed(piece: bytes, delimiter: str, asked: dict[str, tuple[int, ...]] | None = None,
            ) -> tuple[Any | None, dict[tuple[str, tuple[int, ...]], Any]]:
    """The piece (UTF-8) parsed into a data frame of text columns, with the answers to the questions ``asked`` (by
    name, :data:`_ASKED`: those that could be answered); ``None`` when the compiled reader may not give its rows
    exactly as the csv module does. The piece's checks and the questions are collected in one call. (The line feed
    and the separator are bytes of their own in UTF-8, never part of another character's, so they are counted in
    the bytes as in the text.)"""
    import polars as pl

    separator = delimiter.encode("ascii")
    lines = piece.count(b"\n") + (not piece.endswith(b"\n"))
    first = piece.find(b"\n")
    width = piece.count(separator, 0, len(piece) if first < 0 else first) + 1
    if (not 2 <= width <= MAX_COLUMNS or piece.count(separator) != (width - 1) * lines
            or piece.startswith(codecs.BOM_UTF8)):
        return None, {}
    # The compiled reader refuses a line with more cells than the first when the line ends in a line feed (the last
    # line is given one: without it, its extra cells would be left out); with as many separators in the piece as
    # width - 1 for every line, no line then has fewer either (nor is blank), so that every line is one row of
    # ``width`` cells as the csv module reads it. (It reads a short line as one of empty cells; its count of the
    # piece's separators is what tells.)
    if not piece.endswith(b"\n"):
        piece += b"\n"
    names = [f"c{n}" for n in range(width)]
    try:
        frame = pl.read_csv(piece, has_header=False, schema=dict.fromkeys(names, pl.String),
                            separator=delimiter, quote_char=None, comment_prefix=None, null_values=None,
                            empty_string_is_null=False, truncate_ragged_lines=False, raise_if_empty=False,
                            eol_char="\n")
    except Exception:  # e.g. a line with more cells than the first: the csv module reports it
        return None, {}
    del piece
    if frame.height != lines:
        return None, {}
    # no empty cell read as missing, and the longest cell's bytes (a cell's characters are at most its bytes)
    limits = frame.lazy().select(pl.sum_horizontal(pl.all().null_count()).alias("nulls"),
                                 pl.max_horizontal(pl.all().str.len_bytes().max()).alias("longest"))
    questions: list[tuple[tuple[str, tuple[int, ...]], _Question]] = []
    for what, indexes in (asked or {}).items():
        with contextlib.suppress(Exception):  # (the reader's own question raises it again, in its place)
            questions.append(((what, indexes), _ASKED[what](frame, indexes)))
    try:
        results = pl.collect_all([limits, *[q for _, question in questions for q in question.queries]],
                                 engine=_ENGINE)
    except Exception:  # a question's error: left for the reader's own question, in its place
        results, questions = pl.collect_all([limits], engine=_ENGINE), []
    nulls, longest = results[0].row(0)
    if nulls:
        return None, {}
    if longest is not None and longest > MAX_CELL_CHARS:  # its characters counted only then
        longest = frame.select(pl.max_horizontal(pl.all().str.len_chars().max())).item()
        if longest is not None and longest > MAX_CELL_CHARS:
            return None, {}
    found: dict[tuple[str, tuple[int, ...]], Any] = {}
    at = 1
    for key, question in questions:
        taken = results[at:at + len(question.queries)]
        at += len(question.queries)
        with contextlib.suppress(Exception):
            found[key] = question.finish(taken)
    return frame, found
