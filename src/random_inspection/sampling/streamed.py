"""The draw over a streamed roster (draw-v1 §6, §10): a national registry drawn in two passes over its rows,
holding per stratum only the ``n_h + r_h`` lowest tickets, never the roster.

The rows come as :class:`RowBlock` s — whole lines of bytes, each one subject object of §3 as JSON (docs/scale.md
says why JSON Lines) — from any reader: files at the edge (``random_inspection.io.snapshot``), or
:func:`subject_blocks` over entries in memory. The rows must be in the manifest's order (ids by their UTF-8
bytes, each once); a row out of order raises :class:`~random_inspection.errors.RowsOutOfOrder`, which a reader
that can sort answers by sorting.

Pass 1 hashes the manifest with the rows streamed (a row already in canonical form is hashed as read, any other
valid row in its canonical form) and counts ``E_h`` per stratum; pass 2, after the seed and the sizes, keeps per
stratum the lowest ``(ticket, id)`` under the stratum's cut-off point, set from its ``E_h`` (a stratum it kept
too few of is read again alone: a rare third pass, never another result). Teams (§7) and items (§8) are then
the engine's, on the drawn subjects. The result is the :class:`DrawResult` that
:func:`~random_inspection.sampling.draw` gives for the manifest holding the same rows, byte for byte.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import itertools
import json
import multiprocessing
import operator
import re
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any

import attrs

from random_inspection.errors import DataError, InvalidInputError, Issue, RandomInspectionError, RowsOutOfOrder
from random_inspection.messages import Message, tr
from random_inspection.sampling import engine, selection
from random_inspection.sampling.canonical import canonical_json, derive_seed
from random_inspection.sampling.conflicts import interest_map
from random_inspection.sampling.hashes import Hasher
from random_inspection.sampling.interests import InterestDeclarations
from random_inspection.sampling.manifest import Manifest, SubjectEntry
from random_inspection.sampling.result import DrawResult, StratumCount

__all__ = ["SUBJECT_FIELDS", "RowBlock", "block_rows", "draw_streamed", "streamed_hash", "subject_blocks"]

SUBJECT_FIELDS = ("id", "area", "domain", "sector", "subject_type", "industry", "credit_risk", "in_existence",
                  "exempt", "history")
"""The fields of a §3 subject object, in the order §3 lists them."""

_TEXT = rb'"[^"\\\x00-\x1f]*+"'
_NULLABLE = rb'(?:null|"[^"\\\x00-\x1f]*+")'
_FLAG = rb"(?:true|false)"
_BEFORE = (rb'"area":' + _TEXT + rb',"credit_risk":' + _NULLABLE + rb',"domain":' + _TEXT + rb',"exempt":' + _FLAG
           + rb',"history":(?:0|[1-9][0-9]*+)')
"""The members of a canonical row before its id."""
_AFTER = (rb'"in_existence":' + _FLAG + rb',"industry":' + _NULLABLE + rb',"sector":' + _NULLABLE
          + rb',"subject_type":' + _TEXT)
"""The members of a canonical row after its id."""
_ROW = re.compile(rb'^\{(' + _BEFORE + rb'),"id":"([^"\\\x00-\x1f]++)",(' + _AFTER + rb')\}$', re.MULTILINE)
"""A row in canonical form, exactly: captures the fields before the id, the id, and the fields after it."""
_ID = re.compile(rb',"id":"([^"\\\x00-\x1f]++)",')
"""A canonical row's id with the bytes around it, captured. In a row that is JSON these bytes are found only
around its "id" member (a quote inside a text is escaped); they begin with a comma, rarer than a quote, so a
block is searched for them faster than for ``"id":"``."""
_BETWEEN = re.compile(rb'(' + _AFTER + rb')\}\n\{(' + _BEFORE + rb')')
"""What lies between two ids of a block of canonical rows: the end of one row and the start of the next."""
_FIRST = re.compile(rb'\{(' + _BEFORE + rb')')
"""What comes before a block's first id."""
_LAST = re.compile(rb'(' + _AFTER + rb')\}\n')
"""What comes after a block's last id."""
_HELD = 1 << 16  # the most runs between ids kept checked (:class:`_Between`), so that memory stays bounded
_id_of = operator.itemgetter(1)
_rest_of = operator.itemgetter(0, 2)  # a row's values but its id: what eligibility and strata are decided on
_ALL = selection.ALL  # above every ticket ‖ id
_FIX = tr("give one subject per line as a JSON object with the fields of docs/spec/draw-v1.md §3 (docs/scale.md, "
          "The file format)")
Row = tuple[bytes, bytes, bytes]
"""A row as read: its fields before the id (canonical JSON members), the id's UTF-8 bytes, its fields after."""


@attrs.frozen
class RowBlock:
    """Whole rows of a roster: ``data`` holds ``rows`` lines, each one §3 subject object as JSON and ending in a
    line feed; ``source`` (a file name) and ``first_row`` (the 1-based row of the first line in it) say where
    they are, for the errors."""

    source: str
    first_row: int
    rows: int
    data: bytes


def subject_blocks(entries: Iterable[SubjectEntry], source: str = "subjects",
                   rows_per_block: int = 10_000) -> Iterator[RowBlock]:
    """The entries (in id order) as blocks of canonical rows, for :func:`draw_streamed` from memory or from a
    generator."""
    row = 1
    batch: list[bytes] = []
    for entry in entries:
        batch.append(canonical_json(entry.to_json()))
        if len(batch) == rows_per_block:
            yield RowBlock(source, row, len(batch), b"\n".join(batch) + b"\n")
            row += len(batch)
            batch = []
    if batch:
        yield RowBlock(source, row, len(batch), b"\n".join(batch) + b"\n")


def _split(canonical: bytes, sid: str) -> Row:
    """A canonical row cut as :data:`_ROW` cuts it (for a row read the slow way)."""
    before, rest = canonical[1:-1].split(b',"id":', 1)
    _, after = rest.split(b',"in_existence":', 1)
    return before, sid.encode("utf-8"), b'"in_existence":' + after


def _entry(rest: tuple[bytes, bytes]) -> SubjectEntry:
    """A stand-in entry with a row's values but its id, for §6's eligibility and strata.

    Raises:
        DataError: values that are not UTF-8 text.
    """
    try:
        return SubjectEntry(**json.loads(b"{" + rest[0] + b',"id":"",' + rest[1] + b"}"))
    except UnicodeDecodeError as exc:
        raise DataError(tr("a subject row is not UTF-8 text"), [Issue(tr("the rows"), str(exc))], fix=_FIX) from None


def _row_object(line: bytes, source: str, row: int) -> dict[str, Any]:
    """One row read and checked field by field (the slow way, for a row not in canonical form).

    Raises:
        DataError: the row is not a §3 subject object; the issue names the file, the row, the column or field.
    """
    def bad(problem: str, at: Message | None = None) -> DataError:
        where = at if at is not None else tr("{source}, row {row}", source=source, row=row)
        return DataError(tr("a subject row cannot be read"), [Issue(where, problem)], fix=_FIX)

    def column(number: int) -> Message:
        return tr("{source}, row {row}, column {column}", source=source, row=row, column=number)

    text = line.removesuffix(b"\r")
    if not text.strip():
        raise bad(tr("the row is empty"))
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise bad(tr("the row is not UTF-8 text"), column(len(text[:exc.start].decode("utf-8", "replace")) + 1)) \
            from None

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        names = [k for k, _ in items]
        twice = sorted({k for k in names if names.count(k) > 1})
        if twice:
            raise bad(tr("the field {field} is given twice", field=twice[0]))
        return dict(items)

    try:
        obj = json.loads(decoded, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise bad(tr("the row is not JSON ({problem})", problem=exc.msg), column(exc.colno)) from None
    if not isinstance(obj, dict):
        raise bad(tr("the row is not a JSON object {{...}}"))
    missing = [f for f in SUBJECT_FIELDS if f not in obj]
    if missing:
        raise bad(tr("the field {field} is missing (every row has {fields})", field=missing[0],
                     fields=", ".join(SUBJECT_FIELDS)))
    extra = sorted(set(obj) - set(SUBJECT_FIELDS))
    if extra:
        raise bad(tr("{field} is not a field of a subject (the fields are {fields})", field=extra[0],
                     fields=", ".join(SUBJECT_FIELDS)))
    for name in SUBJECT_FIELDS:
        value = obj[name]
        at = tr("{source}, row {row}, field {field}", source=source, row=row, field=name)
        if name in ("in_existence", "exempt"):
            if not isinstance(value, bool):
                raise bad(tr("{value!r} is not true or false", value=value), at)
        elif name == "history":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise bad(tr("{value!r} is not a whole number ≥ 0 (the inspections made this year)", value=value), at)
        elif name in ("sector", "industry", "credit_risk"):
            if value is not None and not isinstance(value, str):
                raise bad(tr("{value!r} is neither text nor null", value=value), at)
        elif not isinstance(value, str) or (name == "id" and not value):
            raise bad(tr("{value!r} is not a non-empty text", value=value) if name == "id" else
                      tr("{value!r} is not text", value=value), at)
    return obj


class _Between:
    """The runs between two ids (:data:`_BETWEEN`) already checked, each with the values it holds: those after
    the id of the row it ends and those before the id of the row it begins. A roster has few distinct runs (one
    per pair of neighbouring combinations of values), so each is checked once, not once per row; at most
    :data:`_HELD` are kept (then forgotten and checked again)."""

    def __init__(self) -> None:
        self.after: dict[bytes, bytes] = {}
        self.before: dict[bytes, bytes] = {}


def _utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 text."""
    if data.isascii():
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _fast(block: RowBlock, between: _Between) -> tuple[list[bytes], Counter[tuple[bytes, bytes]]] | None:
    """The ids of a block of rows all in canonical form, with the number of rows of each combination of values
    but the id (its fields before and after it, as :data:`Row` holds them), every byte checked as UTF-8 text;
    ``None`` if any row is not so (:func:`_slow` then finds it).

    The block is cut at its ids by one regular expression (:data:`_ID`); what lies between two ids is checked
    once per distinct run (:class:`_Between`), and the block is made of canonical rows exactly when the first
    run, each run between two ids and the last are as :data:`_FIRST`, :data:`_BETWEEN` and :data:`_LAST` say.
    The counts come from the runs as looked up, in C loops, with no Python step per row."""
    data = block.data
    if not data.endswith(b"\n"):
        return None
    parts = _ID.split(data)  # [before the first id, id, run, id, run, ..., id, after the last id]
    ids: list[bytes] = parts[1::2]
    if len(ids) != block.rows or not ids:
        return None
    first = _FIRST.fullmatch(parts[0])
    last = _LAST.fullmatch(parts[-1])
    if first is None or last is None or not _utf8(parts[0]) or not _utf8(parts[-1]) \
            or not _utf8(b"\n".join(ids)):  # each id apart: a line feed ends any character begun
        return None
    runs = parts[2:-1:2]
    after, before = between.after, between.before
    new = set(runs).difference(after)
    if len(after) + len(new) > _HELD:
        after.clear()
        before.clear()
        new = set(runs)
    for run in new:
        match = _BETWEEN.fullmatch(run)
        if match is None or not _utf8(run):
            return None
        after[run], before[run] = match.groups()
    befores = itertools.chain((first[1],), map(before.__getitem__, runs))
    afters = itertools.chain(map(after.__getitem__, runs), (last[1],))
    return ids, Counter(zip(befores, afters, strict=True))


def _slow(block: RowBlock) -> tuple[bytes, list[Row]]:
    """The block read row by row: each row checked, in canonical form (lines ending in a line feed), and cut.

    Raises:
        DataError: a row that is not a §3 subject object, naming the file, the row and the column or field.
    """
    lines = block.data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    out: list[bytes] = []
    rows: list[Row] = []
    for k, line in enumerate(lines):
        match = _ROW.fullmatch(line)
        if match is not None:
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                match = None
        if match is not None:
            out.append(line)
            rows.append((match[1], match[2], match[3]))
        else:
            obj = _row_object(line, block.source, block.first_row + k)
            canonical = canonical_json(obj)
            out.append(canonical)
            rows.append(_split(canonical, obj["id"]))
    return b"\n".join(out) + b"\n" if out else b"", rows


def _parse(block: RowBlock, between: _Between) -> tuple[bytes, list[bytes], Counter[tuple[bytes, bytes]]]:
    """The block's rows in canonical form, the UTF-8 bytes of their ids, and the number of rows of each
    combination of values but the id (as :data:`Row` holds them).

    Raises:
        DataError: a row that is not a §3 subject object.
    """
    fast = _fast(block, between)
    if fast is not None:
        return block.data, fast[0], fast[1]
    data, rows = _slow(block)
    return data, list(map(_id_of, rows)), Counter(map(_rest_of, rows))


def block_rows(block: RowBlock) -> list[tuple[bytes, bytes]]:
    """Each row of the block as ``(UTF-8 bytes of its id, its canonical line)``: for a reader that sorts rows.

    Raises:
        DataError: a row that is not a §3 subject object, naming the file, the row and the field.
    """
    data, ids, _ = _parse(block, _Between())
    return list(zip(ids, data.split(b"\n"), strict=False))


class _Order:
    """The ids seen so far must rise strictly (§3: sorted by UTF-8 bytes, unique)."""

    def __init__(self) -> None:
        self.last: tuple[bytes, str, int] | None = None
        self.rows = 0

    def check(self, ids: list[bytes], block: RowBlock) -> None:
        if not ids:
            return
        last = self.last
        rising = all(map(operator.lt, ids, itertools.islice(ids, 1, None)))
        if (last is not None and not last[0] < ids[0]) or not rising:
            previous = last
            for k, i in enumerate(ids):
                if previous is not None and not previous[0] < i:
                    where = tr("{source}, row {row}", source=block.source, row=block.first_row + k)
                    sid = i.decode("utf-8", "replace")
                    if previous[0] == i:
                        raise DataError(tr("subject {sid} appears twice in the roster", sid=sid),
                                        [Issue(where, tr("the same id as {previous}, row {previous2}",
                                                         previous=previous[1], previous2=previous[2]))],
                                        fix=tr("give every subject once: remove or merge the second row"))
                    raise RowsOutOfOrder(
                        tr("subject {sid} comes after {decode} ({previous}, row {previous2}): the rows are not in "
                           "id order", sid=sid, decode=previous[0].decode('utf-8', 'replace'), previous=previous[1],
                           previous2=previous[2]), where=where,
                        fix=tr("sort the rows by id (the file reader sorts them when it is allowed a temporary "
                               "folder)"))
                previous = (i, block.source, block.first_row + k)
        self.last = (ids[-1], block.source, block.first_row + len(ids) - 1)
        self.rows += len(ids)


def _frame(head: Manifest) -> tuple[bytes, bytes]:
    """The canonical form of the head manifest cut where the subjects go: the bytes before them and after."""
    if head.subjects:
        raise InvalidInputError(tr("the manifest given as the head of a streamed draw lists subjects"),
                                where=tr("streamed draw of plan {plan_id}", plan_id=head.plan_id),
                                fix=tr("give a manifest without subjects and the subjects as rows"))
    value = json.loads(head.canonical())
    keys = sorted(value, key=lambda k: k.encode("utf-8"))
    at = keys.index("subjects")

    def members(names: list[str]) -> bytes:
        return b",".join(canonical_json(k) + b":" + canonical_json(value[k]) for k in names)

    before = b"{" + members(keys[:at]) + (b"," if at else b"") + b'"subjects":['
    after = b"]" + b"".join(b"," + canonical_json(k) + b":" + canonical_json(value[k]) for k in keys[at + 1:]) + b"}"
    if before + after != head.canonical():  # pragma: no cover - the canonical form has one place for the subjects
        raise InvalidInputError(tr("the head manifest's canonical form cannot be cut at its subjects"),
                                where=tr("streamed draw of plan {plan_id}", plan_id=head.plan_id),
                                fix=tr("report this as a fault"))
    return before, after


@attrs.frozen
class _Census:
    """What pass 1 learns: the manifest hash, the row count and the number of rows of each projection."""

    hash: str
    rows: int
    counts: dict[tuple[bytes, bytes], int]


def _first_pass(head: Manifest, blocks: Iterable[RowBlock], checkers: int = 0) -> _Census:
    if checkers > 0:
        return _checked_pass(head, blocks, checkers)
    before, after = _frame(head)
    digest = head.hash_algorithm.new()
    digest.update(before)
    counts: Counter[tuple[bytes, bytes]] = Counter()
    order = _Order()
    held = b""  # the last block's rows, each ending in a comma: hashed when the next comes, the last without it
    between = _Between()
    for block in blocks:
        data, ids, these = _parse(block, between)
        if not ids:
            continue
        order.check(ids, block)
        digest.update(held)
        held = data.replace(b"\n", b",")
        counts.update(these)
    digest.update(held[:-1])
    digest.update(after)
    return _Census(digest.hexdigest(), order.rows, dict(counts))


def _checker(conn: Any) -> None:
    """A checker's process (pass 1 with ``checkers`` > 0): for each block sent, the fast check of :func:`_fast`
    and the ids' order within the block; it answers ``("ok", first id, last id)`` and counts the block, or
    ``("self",)`` (the block is left to the parent, which reads it the slow way and says what is wrong). At the
    end it sends its counts."""
    counts: Counter[tuple[bytes, bytes]] = Counter()
    between = _Between()
    try:
        while (rows := conn.recv()) is not None:
            fast = _fast(RowBlock("", 1, rows, conn.recv_bytes()), between)
            if fast is None:
                conn.send(("self",))
                continue
            ids = fast[0]
            if not all(map(operator.lt, ids, itertools.islice(ids, 1, None))):
                conn.send(("self",))
                continue
            counts.update(fast[1])
            conn.send(("ok", ids[0], ids[-1]))
        conn.send(("counts", counts))
    except BaseException as exc:  # the parent raises it, in words
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


_PASS_1 = tr("the streamed draw, pass 1")
_PASS_2 = tr("the streamed draw, pass 2")


def _checker_failed(what: str, where: Message = _PASS_1) -> RandomInspectionError:
    return RandomInspectionError(tr("a process checking the rows of the streamed draw failed: {what}", what=what),
                                 where=where,
                                 fix=tr("draw again with the rows checked in this process (in Python: checkers=0)"))


_IN_FLIGHT = 2  # blocks sent to each checker and not yet answered: it never waits for the next


def _checked_pass(head: Manifest, blocks: Iterable[RowBlock], checkers: int) -> _Census:
    """Pass 1 with the rows checked and counted in ``checkers`` processes (forked where the platform allows),
    blocks dealt out in turn; this process reads, hashes in order and checks the order across blocks. A block
    a checker does not pass is read here the slow way, which finds the row at fault: the census is the one
    :func:`_first_pass` makes in one process, and so are the errors.

    Raises:
        RandomInspectionError: a checker process failed.
    """
    before, after = _frame(head)
    digest = head.hash_algorithm.new()
    digest.update(before)
    counts: Counter[tuple[bytes, bytes]] = Counter()  # of the blocks read here
    order = _Order()
    held = b""
    between = _Between()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = []
    finished = False
    try:
        for _ in range(checkers):
            conn, child = context.Pipe()
            process = context.Process(target=_checker, args=(child,), daemon=True)
            process.start()
            child.close()
            workers.append((process, conn))
        pending: collections.deque[tuple[RowBlock, Any]] = collections.deque()

        def settle() -> None:
            nonlocal held
            block, conn = pending.popleft()
            answer = _answer(conn)
            data = block.data
            last = order.last
            if answer[0] == "ok" and (last is None or last[0] < answer[1]):
                order.last = (answer[2], block.source, block.first_row + block.rows - 1)
                order.rows += block.rows
            else:  # read here: the same steps as in one process
                data, ids, these = _parse(block, between)
                if not ids:
                    return
                order.check(ids, block)
                if answer[0] != "ok":
                    counts.update(these)
            digest.update(held)
            held = data.replace(b"\n", b",")

        for k, block in enumerate(blocks):
            if len(pending) >= _IN_FLIGHT * checkers:
                settle()
            conn = workers[k % checkers][1]
            try:
                conn.send(block.rows)
                conn.send_bytes(block.data)
            except OSError:  # the checker has ended: what it said is in its answers
                while pending:
                    settle()
                raise _checker_failed(tr("its process ended without an answer")) from None
            pending.append((block, conn))
        while pending:
            settle()
        for _, conn in workers:
            conn.send(None)
        for _, conn in workers:
            answer = _answer(conn)
            if answer[0] != "counts":
                raise _checker_failed(tr("it answered out of turn"))
            counts.update(answer[1])
        finished = True
    finally:
        for process, conn in workers:
            conn.close()
            if not finished:  # a checker may be waiting for a block that never comes
                process.terminate()
            process.join()
    digest.update(held[:-1])
    digest.update(after)
    return _Census(digest.hexdigest(), order.rows, dict(counts))


def _answer(conn: Any, where: Message = _PASS_1) -> tuple[Any, ...]:
    try:
        answer: tuple[Any, ...] = conn.recv()
    except (EOFError, OSError) as exc:  # a process that ended with blocks unread resets the connection
        raise _checker_failed(tr("its process ended without an answer"), where) from exc
    if answer[0] == "failed":
        raise _checker_failed(answer[1], where)
    return answer


def streamed_hash(head: Manifest, blocks: Iterable[RowBlock], checkers: int = 0) -> str:
    """The manifest hash (§4) of ``head`` with the streamed rows as its subjects, in one pass: what the bureau
    publishes before the public input exists. ``checkers`` as for :func:`draw_streamed`.

    Raises:
        InvalidInputError: ``head`` lists subjects itself.
        DataError: a bad row, or an id given twice (naming the file and rows).
        RowsOutOfOrder: rows not in id order.
        RandomInspectionError: a checker process failed.
    """
    return _first_pass(head, blocks, checkers).hash


def _cutoff(need: int, eligible: int) -> bytes:
    """A stratum's cut-off point for pass 2, from its ``E_h`` (pass 1): a ticket bound that, for uniform tickets,
    about ``need + 6·√need + 16`` of the ``eligible`` fall under — wider than the engine's in-memory pre-filter,
    because a stratum it keeps too few of costs a third pass over the files, not a second loop in memory. The
    chance of fewer than ``need`` under it is below one in a hundred million for any need (at most 5·10⁻⁹, at a
    need of 3, by the Poisson tail; about six standard deviations for large needs); such a stratum is read again
    (:func:`_select`), so the bound changes the speed of the draw, never its result."""
    return selection.ticket_cutoff(need, eligible, spread=6, extra=16)


def _second_pass(
    head: Manifest, blocks: Iterable[RowBlock], stratum_of: dict[tuple[bytes, bytes], str | None],
    needs: dict[str, int], prefix: bytes, cut: dict[str, bytes], checkers: int = 0,
) -> tuple[dict[str, list[tuple[bytes, bytes]]], int]:
    """Per stratum, the ``needs[key]`` lowest ``(ticket ‖ id, canonical line)`` under the stratum's cut-off point
    ``cut[key]``, in order, and the row count.

    Only the ids are taken from every row and hashed; a row whose ticket is under the highest cut-off point of
    all strata (as it was when its block began) is read in full, and kept if its ticket is under its own
    stratum's. A stratum's list grows to its need and a half (at least 8 more) and is then cut back to the need,
    its cut-off point falling to the last kept, so that no more than that is held whatever the cut-off. With
    ``checkers`` > 0 the ids of all but every ``checkers + 1``-th block are taken and hashed in that many other
    processes (:func:`_hashed_blocks`); the rows kept, the errors and the result are the same."""
    primed = head.hash_algorithm.new(prefix)
    kept: dict[str, list[tuple[bytes, bytes]]] = {key: [] for key in needs}
    cut = dict(cut)
    order = _Order()

    def bound() -> bytes:
        return max(cut.values(), default=b"")[:32]

    picks: Generator[tuple[RowBlock, Picked], None, None]
    if checkers > 0:
        picks = _hashed_blocks(head, blocks, prefix, checkers, bound, order)
    else:
        picks = ((block, _own_block(block, primed, bound(), order)) for block in blocks)
    with contextlib.closing(picks):  # an error here ends the hashing processes now
        _keep(picks, stratum_of, needs, cut, kept)
    for group in kept.values():
        group.sort()
    return {key: group[: needs[key]] for key, group in kept.items()}, order.rows


def _keep(picks: Iterable[tuple[RowBlock, Picked]], stratum_of: dict[tuple[bytes, bytes], str | None],
          needs: dict[str, int], cut: dict[str, bytes], kept: dict[str, list[tuple[bytes, bytes]]]) -> None:
    """Each picked row kept in its stratum's list if its ticket is under the stratum's cut-off point; a list
    grown to its need and a half (at least 8 more) is cut back to the need and the cut-off point lowered.

    Raises:
        DataError: a row with values pass 1 did not count (the roster changed).
    """
    limit = {key: need + max(need // 2, 8) for key, need in needs.items()}
    for block, picked in picks:
        for k, digest, row, line in picked:
            rest = (row[0], row[2])
            if rest not in stratum_of:
                raise _changed(block.source, block.first_row + k)
            key = stratum_of[rest]
            if key is None:
                continue
            t = digest + row[1]
            if not t < cut[key]:
                continue
            group = kept[key]
            group.append((t, line))
            if len(group) >= limit[key]:
                group.sort()
                del group[needs[key]:]
                cut[key] = group[-1][0]


Picked = list[tuple[int, bytes, Row, bytes]]
"""Rows of a block whose tickets are under a bound: ``(k, ticket, row cut as Row, canonical line)``."""


def _own_block(block: RowBlock, primed: Hasher, bound: bytes, order: _Order) -> Picked:
    """Pass 2 over one block in this process: its ids taken, checked in order and hashed, and the rows whose
    tickets are at most ``bound`` read in full.

    Raises:
        DataError: a bad row, an id given twice.
        RowsOutOfOrder: rows not in id order.
    """
    data = block.data
    ids: list[bytes] = _ID.findall(data) if data.endswith(b"\n") else []
    if len(ids) != block.rows or not ids:
        data, rows = _slow(block)
        ids = list(map(_id_of, rows))
        order.check(ids, block)
        lines = data.split(b"\n")
        return [(k, digest, rows[k], lines[k]) for k, digest, _ in _under(ids, primed, bound)]
    order.check(ids, block)
    return _read_in_full(block, _under(ids, primed, bound), primed, bound)


def _read_in_full(block: RowBlock, chosen: list[tuple[int, bytes, bytes]], primed: Hasher, bound: bytes) -> Picked:
    """The ``chosen`` rows (``(k, ticket, id)``, in the block's order) of a block whose ids were all found, each
    found by its id and read in full; the block is not split, unless a chosen row is not in canonical form (then
    the block is read the slow way).

    Raises:
        DataError: a bad row.
    """
    data = block.data
    picked: Picked = []
    at = 0
    for k, digest, sid in chosen:
        found = data.find(b'"id":"' + sid + b'"', at)
        start = data.rfind(b"\n", 0, found) + 1
        at = data.find(b"\n", found)
        line = data[start:at]
        match = _ROW.fullmatch(line) if found >= 0 else None
        if match is None:  # a row not in canonical form: the block is read the slow way
            data, rows = _slow(block)
            lines = data.split(b"\n")
            return [(k, d, rows[k], lines[k]) for k, d, _ in _under(list(map(_id_of, rows)), primed, bound)]
        picked.append((k, digest, (match[1], match[2], match[3]), line))
    return picked


def _under(ids: list[bytes], primed: Hasher, bound: bytes) -> list[tuple[int, bytes, bytes]]:
    """``(k, ticket, id)`` of each ``ids[k]`` whose ticket (``primed`` — the hash of the seed's prefix —
    continued by the id) is at most ``bound``: one hash per id, the prefix hashed once."""
    copy = primed.copy
    out = []
    for k, i in enumerate(ids):
        h = copy()
        h.update(i)
        ticket = h.digest()
        if ticket <= bound:
            out.append((k, ticket, i))
    return out


def _hasher(conn: Any, head: Manifest, prefix: bytes) -> None:
    """A hashing process (pass 2 with ``checkers`` > 0): for each block sent with a bound, its ids taken and
    checked in order within the block, and ``("ok", first id, last id, (k, ticket, id) under the bound)``
    answered, or ``("self",)`` where the ids are not one per row or not in order (the block is left to the
    parent, which reads it as in one process and says what is wrong)."""
    try:
        primed = head.hash_algorithm.new(prefix)
        while (sent := conn.recv()) is not None:
            rows, bound = sent
            data = conn.recv_bytes()
            ids: list[bytes] = _ID.findall(data) if data.endswith(b"\n") else []
            if len(ids) != rows or not ids or not all(map(operator.lt, ids, itertools.islice(ids, 1, None))):
                conn.send(("self",))
                continue
            conn.send(("ok", ids[0], ids[-1], _under(ids, primed, bound)))
    except BaseException as exc:  # the parent raises it, in words
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _hashed_blocks(head: Manifest, blocks: Iterable[RowBlock], prefix: bytes, checkers: int,
                   bound: Callable[[], bytes], order: _Order) -> Generator[tuple[RowBlock, Picked], None, None]:
    """Pass 2's blocks in order, each with its rows under the bound read in full, the blocks dealt out in turn to
    this process and ``checkers`` hashing processes (forked where the platform allows). A block sent out carries
    the bound of when it was sent — at or above the bound of when its turn comes, for bounds only fall — and the
    tickets it answers are tested again against the bound of its turn; a block a hashing process does not pass,
    or whose first id is not above the last one before it, is read here as in one process, which finds what
    is wrong: the same rows kept and the same errors as :func:`_own_block` on each block in turn.

    Raises:
        RandomInspectionError: a hashing process failed.
    """
    primed = head.hash_algorithm.new(prefix)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers: list[tuple[Any, Any]] = []
    finished = False
    try:
        for _ in range(checkers):
            conn, child = context.Pipe()
            process = context.Process(target=_hasher, args=(child, head, prefix), daemon=True)
            process.start()
            child.close()
            workers.append((process, conn))
        pending: collections.deque[tuple[RowBlock, Any]] = collections.deque()

        def settle() -> tuple[RowBlock, Picked]:
            block, conn = pending.popleft()
            if conn is None:
                return block, _own_block(block, primed, bound(), order)
            answer = _answer(conn, _PASS_2)
            last = order.last
            if answer[0] != "ok" or (last is not None and not last[0] < answer[1]):
                return block, _own_block(block, primed, bound(), order)
            order.last = (answer[2], block.source, block.first_row + block.rows - 1)
            order.rows += block.rows
            now = bound()  # the bound of this block's turn: the same rows as in one process
            return block, _read_in_full(block, [c for c in answer[3] if c[1] <= now], primed, now)

        for k, block in enumerate(blocks):
            if len(pending) >= (_IN_FLIGHT + 1) * (checkers + 1):
                yield settle()
            turn = k % (checkers + 1)
            to: Any = workers[turn - 1][1] if turn else None
            if to is not None:
                try:
                    to.send((block.rows, bound()))
                    to.send_bytes(block.data)
                except OSError:  # the process has ended: what it said is in its answers
                    while pending:
                        yield settle()
                    raise _checker_failed(tr("its process ended without an answer"), _PASS_2) from None
            pending.append((block, to))
        while pending:
            yield settle()
        for _, conn in workers:
            conn.send(None)
        finished = True
    finally:
        for process, conn in workers:
            conn.close()
            if not finished:  # a hashing process may be waiting for a block that never comes
                process.terminate()
            process.join()


class _Bytes:
    """The SHA-256 of the rows' bytes as read, block after block (whatever their spelling: a row pass 1 read the
    slow way is hashed as it lies in the file), so that pass 2 can tell it reads the very bytes pass 1 read."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()

    def through(self, blocks: Iterable[RowBlock]) -> Iterator[RowBlock]:
        for block in blocks:
            self.digest.update(block.data)
            yield block


def _same_bytes(read: _Bytes, first: bytes) -> None:
    """After a pass 2: the bytes it read must hash to ``first`` (pass 1's), or the rows changed between the
    passes — an id renamed, two rows' values swapped — even where their number, order and combinations of values
    did not. Checked once the pass is over, so that what the pass itself found wrong is said first.

    Raises:
        DataError: the bytes read now are not those pass 1 read.
    """
    if read.digest.digest() != first:
        raise DataError(tr("the roster changed between the two passes of the streamed draw"),
                        [Issue(tr("the rows"), tr("their bytes differ from those the first pass read"))],
                        fix=tr("leave the files unchanged while the draw runs, and run it again"))


def _select(
    head: Manifest, blocks: Callable[[], Iterable[RowBlock]], stratum_of: dict[tuple[bytes, bytes], str | None],
    needs: dict[str, int], counts: dict[str, int], prefix: bytes, rows: int, read: bytes, checkers: int = 0,
) -> dict[str, list[tuple[bytes, bytes]]]:
    """Pass 2: per stratum the ``needs[key]`` lowest ``(ticket ‖ id, canonical line)``, each stratum bounded by
    its :func:`_cutoff`; a stratum the bound kept too few of (rare) is read again in a third pass with no bound,
    alone. The rows counted each time must be the ``rows`` of pass 1, and their bytes hash to ``read``, the
    SHA-256 of the bytes pass 1 read (:class:`_Bytes`).

    Raises:
        DataError: the roster changed between the passes.
    """
    def passed(wanted: dict[str, int], cut: dict[str, bytes]) -> dict[str, list[tuple[bytes, bytes]]]:
        now = _Bytes()
        lowest, seen = _second_pass(head, now.through(blocks()), stratum_of, wanted, prefix, cut, checkers)
        _same_rows(rows, seen)
        _same_bytes(now, read)
        return lowest

    chosen = passed(needs, {key: _cutoff(need, counts[key]) for key, need in needs.items()})
    short = {key for key, group in chosen.items() if len(group) < needs[key]}
    if short:
        again = passed({k: needs[k] if k in short else 0 for k in needs},
                       {key: _ALL if key in short else b"" for key in needs})
        chosen.update({key: again[key] for key in short})
    return chosen


def _same_rows(first: int, now: int) -> None:
    if now != first:
        raise DataError(tr("the roster changed between the two passes of the streamed draw"),
                        [Issue(tr("the rows"), tr("{first} in the first pass, {now} in the second", first=first,
                                                  now=now))],
                        fix=tr("leave the files unchanged while the draw runs, and run it again"))


def _changed(source: str, row: int) -> DataError:
    return DataError(tr("the roster changed between the two passes of the streamed draw"),
                     [Issue(tr("{source}, row {row}", source=source, row=row),
                            tr("differs from what the first pass read"))],
                     fix=tr("leave the files unchanged while the draw runs, and run it again"))


def draw_streamed(
    head: Manifest, blocks: Callable[[], Iterable[RowBlock]], public_input: str,
    declarations: InterestDeclarations | None = None, checkers: int = 0,
) -> DrawResult:
    """The draw of ``head`` with the streamed rows as its subjects: the same result as
    :func:`~random_inspection.sampling.draw` of the manifest holding them, in two passes over the rows and with
    memory for the sample only (per stratum ``n_h + r_h`` rows, and a count per combination of the values §6
    looks at).

    Args:
        head: the manifest with every input but the subjects (its ``subjects`` empty).
        blocks: opens the rows afresh, in id order, each time it is called (twice).
        public_input: the public input that fixes the seed (§5).
        declarations: draw-v2: as for :func:`~random_inspection.sampling.draw`.
        checkers: how many processes work beside this one: in pass 1 they check and count the rows while
            this one reads and hashes them; in pass 2 they take and hash the ids of all but every
            ``checkers + 1``-th block while this one hashes those (0, the default: all in this process; worth it
            only with a core free for each). It changes the time of the passes, never the result or the errors.

    Raises:
        InvalidInputError: ``head`` lists subjects; a public input not in the manifest's form.
        DataError: a bad row or an id given twice (naming the file, the row and the field); rows that changed
            between the passes.
        RowsOutOfOrder: rows not in id order.
        InfeasibleDrawError: as :func:`~random_inspection.sampling.draw`.
        RandomInspectionError: a checker process failed.
    """
    head.check_public_input(public_input)
    read = _Bytes()
    census = _first_pass(head, read.through(blocks()), checkers)
    hash_with = head.hash_algorithm
    seed = derive_seed(census.hash, public_input, hash_with, head.algorithm)
    rules = head.rules

    # §6: eligibility and strata, decided once per combination of the values they look at
    stratum_of: dict[tuple[bytes, bytes], str | None] = {}
    counts: dict[str, int] = {}
    values: dict[str, str] = {}
    for rest, n in census.counts.items():
        entry = _entry(rest)
        if not engine.eligible(entry, head):
            stratum_of[rest] = None
            continue
        key = engine.stratum_key(entry, rules.strata)
        stratum_of[rest] = key
        counts[key] = counts.get(key, 0) + n
        if rules.sample.ratio_by is not None:
            values.setdefault(key, entry.field(rules.sample.ratio_by) or "")
    sizes = engine.sample_sizes(head, counts, values, seed)
    reserves = {key: min(rules.reserve, counts[key] - sizes[key]) for key in counts}
    chosen = _select(head, blocks, stratum_of, {k: sizes[k] + reserves[k] for k in counts}, counts,
                     seed + b"subject\x00", census.rows, read.digest.digest(), checkers)

    drawn: list[bytes] = []
    entry_of: dict[str, SubjectEntry] = {}
    reserve: dict[str, tuple[str, ...]] = {}
    for key, lowest in chosen.items():
        for ticket_and_id, line in lowest[: sizes[key]]:
            drawn.append(ticket_and_id)
            entry = SubjectEntry(**json.loads(line))
            entry_of[entry.id] = entry
        if reserves[key]:
            reserve[key] = tuple(t[32:].decode("utf-8") for t, _ in lowest[sizes[key]:])
    drawn.sort()
    subjects = tuple(t[32:].decode("utf-8") for t in drawn)

    given = declarations or head.declarations
    conflicts = engine._open(head, given, subjects) if head.version >= 2 else ()
    places = [(entry_of[sid].domain, entry_of[sid].sector) for sid in subjects]
    teams = engine._teams(head, seed, subjects, places, interest_map(head, conflicts))
    items = engine._items(head, seed, subjects, places)
    strata = tuple(StratumCount(k, counts[k], sizes[k]) for k in sorted(counts, key=lambda k: k.encode("utf-8")))
    return DrawResult(census.hash, public_input, seed.hex(), strata, subjects, tuple(sorted(reserve.items())),
                      teams, items, algorithm=head.algorithm, conflicts=conflicts)
