"""The subject selection of §6 on the snapshot's columns: which subjects are eligible and in which stratum
(decided once per combination of codes, not per subject, and kept with the columns), then the ticket pass
that keeps, per stratum, the ``n_h + r_h`` smallest ``digest ‖ position ‖ id`` — in one process, or split over
processes (§10 shards) with the same result.

The eligibility and strata loops over the subjects run in C (``map``, ``itertools.compress``,
``bytes.translate``); the ticket pass takes one Python step per eligible subject, the one that hashes it and
compares its ticket with the bound (measured faster than hashing a chunk and comparing it in C after), and more
only for a subject kept under its stratum's ticket bound."""

from __future__ import annotations

import itertools
import math
import multiprocessing
import operator
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import attrs

from random_inspection.errors import RandomInspectionError
from random_inspection.messages import tr
from random_inspection.sampling.columns import SubjectColumns
from random_inspection.sampling.hashes import HashAlgorithm, Hasher
from random_inspection.sampling.manifest import DrawRules

__all__ = ["ALL", "EligibleTable", "complete", "eligible_table", "hash_and_keep", "keep_under",
           "lowest_tickets", "table_key", "ticket_bound", "ticket_cutoff"]

ALL = b"\xff" * 33
"""A ticket bound above every 32-byte ticket."""


def ticket_bound(take: int, eligible: int, spread: int = 4, extra: int = 8) -> bytes | None:
    """A ticket bound that, for uniform tickets, about ``take + spread·√take + extra`` of a stratum's
    ``eligible`` subjects fall under; ``None`` where that is all of them, ``b""`` (no ticket is below it) where
    nothing is taken. A pre-filter only, shared by the draw in process, inside a database and over files: a
    stratum with fewer than ``take`` under it is selected again without a bound, so the bound changes the time
    of a draw, never its result. A wider margin makes that rarer, where selecting again costs more."""
    if take <= 0:
        return b""
    margin = take + spread * math.isqrt(take) + extra
    if margin >= eligible:
        return None
    return ((margin << 256) // eligible).to_bytes(32, "big")


def ticket_cutoff(take: int, eligible: int, spread: int = 4, extra: int = 8) -> bytes:
    """:func:`ticket_bound` as bytes a ticket is compared with: :data:`ALL` where it keeps every subject."""
    bound = ticket_bound(take, eligible, spread, extra)
    return ALL if bound is None else bound


POSITION_BYTES = 5
"""A kept ticket is ``digest ‖ position ‖ id``: the subject's place in the snapshot, big-endian in this many
bytes, then its id in UTF-8. The snapshot's ids are unique and in UTF-8 byte order (§3), so positions order as
ids do and a kept ticket sorts exactly as ``(ticket, id)``; a kept subject's id is read from it, and its domain
and sector are found by its position, never searched."""

_NO_CAP = 1 << 64  # above every history count


@attrs.frozen(eq=False)
class EligibleTable:
    """The seed-independent part of a draw's selection (§6), for one snapshot and the rules' conditions, caps and
    strata: the position of each eligible subject in the snapshot, its stratum number and its id as UTF-8 bytes;
    per stratum number (in the order strata first occur) its key, its eligible count ``E_h`` and its value of
    the ``ratio_by`` field (empty without one)."""

    positions: Sequence[int]
    strata: array[int]
    ids: list[bytes]
    keys: tuple[str, ...]
    counts: tuple[int, ...]
    values: tuple[str, ...]


def eligible_table(columns: SubjectColumns, rules: DrawRules) -> EligibleTable:
    """The eligible subjects of the snapshot under the rules and their strata, made once per snapshot and per
    rules' conditions, caps, strata and ``ratio_by`` (kept with the columns: a draw and its verify share it)."""
    table: EligibleTable = columns.memo(table_key(rules), lambda: _table(columns, rules))
    return table


def table_key(rules: DrawRules) -> tuple[object, ...]:
    """What the eligible table depends on besides the snapshot: its key among the columns' kept values."""
    return ("eligible-table", rules.conditions, rules.yearly_cap, rules.class_caps, rules.strata,
            rules.sample.ratio_by)


def _and(a: bytes, b: bytes) -> bytes:
    """The byte-wise AND of two masks of 0 and 1 (one big-integer operation)."""
    return (int.from_bytes(a, "little") & int.from_bytes(b, "little")).to_bytes(len(a), "little")


def _or(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "little") | int.from_bytes(b, "little")).to_bytes(len(a), "little")


def _by_code(columns: SubjectColumns, name: str, table: bytes) -> bytes:
    """A mask of 0 and 1: each subject's byte of ``table`` at its code of the field ``name``."""
    return bytes(map(table.__getitem__, columns.codes(name)))


def _mask(columns: SubjectColumns, rules: DrawRules) -> bytes:
    """§6 eligibility as a byte per subject: in existence, every condition met (decided per code of the
    condition's field), under the yearly cap of its credit-risk class unless exempt."""
    mask = columns.in_existence
    for name, allowed in rules.conditions:
        mask = _and(mask, _by_code(columns, name, bytes(v in allowed for v in columns.values(name))))
    if rules.yearly_cap is not None or rules.class_caps:
        caps = [_NO_CAP if (cap := rules.cap_for(v)) is None else cap for v in columns.values("credit_risk")]
        if any(cap != _NO_CAP for cap in caps):
            under = bytes(map(operator.lt, columns.history, map(caps.__getitem__, columns.codes("credit_risk"))))
            mask = _and(mask, _or(under, columns.exempt))
    return mask


def _table(columns: SubjectColumns, rules: DrawRules) -> EligibleTable:
    n = len(columns)
    mask = _mask(columns, rules)
    everyone = mask.count(1) == n
    positions: Sequence[int] = range(n) if everyone else \
        array("I" if n < 1 << 32 else "Q", itertools.compress(range(n), mask))

    def eligible(codes: Sequence[int]) -> Iterator[int]:
        return iter(codes) if everyone else itertools.compress(codes, mask)

    # each eligible subject's combination of the strata fields' codes, as one number
    combos: Sequence[int] = []
    sizes = [len(columns.values(f)) for f in rules.strata]
    if len(rules.strata) == 1 and everyone:  # the codes themselves, copied whole (no int made per subject)
        combos = _copy(columns.codes(rules.strata[0]))
    elif rules.strata:
        numbers: Any = eligible(columns.codes(rules.strata[0]))
        for field, size in zip(rules.strata[1:], sizes[1:], strict=True):
            numbers = map(operator.add, map(operator.mul, numbers, itertools.repeat(size)),
                          eligible(columns.codes(field)))
        combos = list(numbers)
    else:
        combos = [0] * len(positions)
    # a stratum per key, numbered as they first occur; combinations of one key (null and "") share it. One
    # count per combination, in C, in the order they first occur (a Counter keeps that order)
    number: dict[str, int] = {}
    of_combo: dict[int, int] = {}
    values: list[str] = []
    per_combo = _count(combos)
    counts: list[int] = []
    for combo, count in per_combo.items():
        parts = _decode(combo, sizes)
        texts = [columns.values(f)[c] or "" for f, c in zip(rules.strata, parts, strict=True)]
        key = "|".join(texts)
        if key not in number:
            number[key] = len(number)
            counts.append(0)
            ratio_by = rules.sample.ratio_by
            values.append(texts[rules.strata.index(ratio_by)] if ratio_by is not None else "")
        of_combo[combo] = number[key]
        counts[number[key]] += count
    if all(itertools.starmap(operator.eq, of_combo.items())):  # numbered as the combinations are: no map
        strata = combos if isinstance(combos, array) and combos.typecode == "I" else array("I", combos)
    else:
        strata = array("I", map(of_combo.__getitem__, combos))
    del combos
    utf8 = columns.utf8_ids()
    encoded = utf8 if everyone else list(itertools.compress(utf8, mask))
    return EligibleTable(positions, strata, encoded, tuple(number), tuple(counts), tuple(values))


def _count(numbers: Sequence[int]) -> dict[int, int]:
    """How often each number occurs, in the order the numbers first occur (Counter counts in C)."""
    return dict(Counter(numbers))


def _copy(codes: memoryview) -> Sequence[int]:
    """The codes as a fresh array of unsigned ints, copied as bytes where they already are (no per-code step)."""
    if codes.format == "I":
        out = array("I")
        out.frombytes(codes.cast("B"))
        return out
    return array("I" if max(codes, default=0) < 1 << 32 else "Q", codes)


def _decode(combo: int, sizes: list[int]) -> list[int]:
    parts = []
    for size in reversed(sizes):
        combo, code = divmod(combo, size)
        parts.append(code)
    return parts[::-1]


def _digests(prefix: bytes, hash_with: HashAlgorithm) -> Callable[[list[bytes]], list[bytes]]:
    """H(prefix ‖ id) for ids: one hasher primed with the prefix, copied and fed each id (a copy costs less than
    a new hasher: OpenSSL looks the algorithm up for every new one)."""
    copy = hash_with.new(prefix).copy

    def run(ids: list[bytes]) -> list[bytes]:
        out: list[bytes] = []
        append = out.append
        for i in ids:
            h = copy()
            h.update(i)
            append(h.digest())
        return out
    return run


def _share(bound: bytes) -> float:
    """About the share of uniform 32-byte tickets under ``bound`` (its first eight bytes read as a fraction)."""
    return int.from_bytes(bound[:8].ljust(8, b"\0"), "big") / (1 << 64)


def _ceiling(counts: Sequence[int], bounds: Sequence[bytes], slack: float = 1.25) -> bytes | None:
    """One bound at or above every stratum's bound, where it lets through at most ``slack`` times as many
    subjects as the strata's own bounds would (for uniform tickets); ``None`` where strata differ too much (a
    small or fully taken stratum lifts it). A ticket under its stratum's bound is under the ceiling, so testing
    the ceiling first, for every subject, and the stratum's bound then, for those under it, keeps exactly what
    the strata's bounds keep."""
    top = max(bounds, default=b"")
    if not top:
        return top
    wanted = sum(map(operator.mul, counts, map(_share, bounds)))
    return top if sum(counts) * _share(top) <= slack * wanted + 64 else None


def _pass(table: EligibleTable, prefix: bytes, hash_with: HashAlgorithm, bounds: Sequence[bytes],
          start: int, stop: int) -> list[list[bytes]]:
    """Per stratum number, ``digest ‖ position ‖ id`` of each subject in ``[start, stop)`` whose ticket is under its
    stratum's bound (:func:`hash_and_keep`)."""
    kept: list[list[bytes]] = [[] for _ in table.keys]
    ids = table.ids if start == 0 and stop == len(table.ids) else itertools.islice(table.ids, start, stop)
    hash_and_keep([group.append for group in kept], hash_with.new(prefix).copy, ids, start, stop, table.strata,
                  table.positions, bounds, _ceiling(table.counts, bounds))
    return kept


def hash_and_keep(keep: Sequence[Callable[[bytes], None]], primed: Callable[[], Hasher], ids: Iterable[bytes],
                  start: int, stop: int, strata: Sequence[int], positions: Sequence[int], bounds: Sequence[bytes],
                  top: bytes | None) -> None:
    """Hash each id (a copy of the ``primed`` hasher, fed the id) and hand ``digest ‖ position ‖ id`` to
    ``keep[s]`` where the ticket is under its stratum ``s``'s bound: ``ids`` are those of the table's eligible
    subjects numbered ``start`` to ``stop`` (excluded), whose strata and positions are ``strata`` and
    ``positions`` at those numbers; ids more or fewer than that raise ``ValueError`` (no subject is skipped).
    The compare is made in the loop that hashes (no ticket is held): with ``top`` (one bound at or above every
    stratum's, :func:`_ceiling`) against that one bound, the stratum looked up only for the few under it; with
    ``None``, against each subject's own stratum's bound."""
    if top is not None:
        for k, i in zip(range(start, stop), ids, strict=True):
            h = primed()
            h.update(i)
            t = h.digest()
            if t < top:
                s = strata[k]
                if t < bounds[s]:
                    keep[s](t + positions[k].to_bytes(POSITION_BYTES, "big") + i)
        return
    for i, s, p in zip(ids, strata[start:stop], positions[start:stop], strict=True):
        h = primed()
        h.update(i)
        t = h.digest()
        if t < bounds[s]:
            keep[s](t + p.to_bytes(POSITION_BYTES, "big") + i)


def keep_under(keep: Sequence[Callable[[bytes], None]], tickets: Sequence[bytes], ids: Sequence[bytes],
               strata: Sequence[int], positions: Sequence[int], bounds: Sequence[bytes], top: bytes | None) -> None:
    """Hand ``digest ‖ position ‖ id`` to ``keep[s]`` for each ticket under its stratum ``s``'s bound, where
    ``tickets``, ``ids``, ``strata`` and ``positions`` are those of the same subjects, in order (tickets hashed
    before the bounds were known: a shard's, :mod:`~random_inspection.sampling.shards`). With ``top`` (one bound
    at or above every stratum's: :func:`_ceiling`), each ticket is compared in C with it and a Python step is
    taken only for the few under it; with ``None``, each ticket is compared, in C, with its own stratum's
    bound."""
    if top is not None:  # one constant bound: no stratum looked up per subject
        for i in itertools.compress(range(len(tickets)), map(operator.lt, tickets, itertools.repeat(top))):
            t, s = tickets[i], strata[i]
            if t < bounds[s]:
                keep[s](t + positions[i].to_bytes(POSITION_BYTES, "big") + ids[i])
        return
    under = map(operator.lt, tickets, map(bounds.__getitem__, strata))
    for s, t, p, sid in itertools.compress(zip(strata, tickets, positions, ids, strict=True), under):
        keep[s](t + p.to_bytes(POSITION_BYTES, "big") + sid)


def _lowest(kept: list[list[bytes]], needs: Sequence[int]) -> list[list[bytes]]:
    for group, need in zip(kept, needs, strict=True):
        group.sort()
        del group[need:]
    return kept


def _shard(table: EligibleTable, prefix: bytes, hash_with: HashAlgorithm, bounds: Sequence[bytes],
           needs: Sequence[int], start: int, stop: int) -> list[list[bytes]]:
    """§10: one shard's per-stratum ``n_h + r_h`` smallest ``digest ‖ position ‖ id`` under the bounds."""
    return _lowest(_pass(table, prefix, hash_with, bounds, start, stop), needs)


def _child(conn: Any, *args: Any) -> None:
    """A shard's process: its lowest tickets, or what went wrong, sent back to the parent."""
    try:
        conn.send(("lowest", _shard(*args)))
    except BaseException as exc:  # the parent raises it, in words
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _failed(what: str) -> RandomInspectionError:
    return RandomInspectionError(tr("a shard of the draw failed: {what}", what=what), where=tr("the draw, shards"),
                                 fix=tr("draw again, with fewer shards (in Python: shards=1)"))


def _sharded(table: EligibleTable, prefix: bytes, hash_with: HashAlgorithm, bounds: Sequence[bytes],
             needs: Sequence[int], shards: int) -> list[list[bytes]]:
    """§10 over ``shards`` processes (forked where the platform allows, so the columns are not copied): each
    takes a contiguous part of the eligible subjects, this process the first; the parts' lowest are merged."""
    n = len(table.ids)
    cuts = [n * k // shards for k in range(shards + 1)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = []
    for k in range(1, shards):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(send, table, prefix, hash_with, bounds, needs,
                                                       cuts[k], cuts[k + 1]), daemon=True)
        process.start()
        send.close()
        workers.append((process, receive))
    parts = [_shard(table, prefix, hash_with, bounds, needs, cuts[0], cuts[1])]
    try:
        for _, receive in workers:
            kind, got = receive.recv()
            if kind != "lowest":
                raise _failed(got)
            parts.append(got)
    except EOFError as exc:
        raise _failed(tr("its process ended without a result")) from exc
    finally:
        for process, receive in workers:
            receive.close()
            process.join()
    merged = [list(itertools.chain.from_iterable(groups)) for groups in zip(*parts, strict=True)]
    return _lowest(merged, needs)


def lowest_tickets(table: EligibleTable, prefix: bytes, hash_with: HashAlgorithm, needs: Sequence[int],
                   bounds: Sequence[bytes], shards: int = 1) -> list[list[bytes]]:
    """Per stratum number, the ``needs[h]`` smallest ``digest ‖ position ‖ id`` (which sorts as ``(ticket, id)``:
    :data:`POSITION_BYTES`), in
    order, where the ticket is ``H(prefix ‖ id)``: one hash per eligible subject, only those under their
    stratum's bound kept and sorted; a stratum whose bound kept too few is passed again with no bound, so the
    bounds change the speed, never the result. ``shards`` > 1 splits the pass over that many processes (§10)."""
    n = len(table.ids)
    if shards > 1 and n >= shards:
        lowest = _sharded(table, prefix, hash_with, bounds, needs, shards)
    else:
        lowest = _shard(table, prefix, hash_with, bounds, needs, 0, n)
    return complete(table, prefix, hash_with, needs, lowest)


def complete(table: EligibleTable, prefix: bytes, hash_with: HashAlgorithm, needs: Sequence[int],
             lowest: list[list[bytes]]) -> list[list[bytes]]:
    """``lowest`` with each stratum whose bound kept fewer than it needs (rare) passed again with no bound."""
    short = {s for s, (group, need) in enumerate(zip(lowest, needs, strict=True)) if len(group) < need}
    if short:
        again = _shard(table, prefix, hash_with, [ALL if s in short else b"" for s in range(len(needs))],
                       needs, 0, len(table.ids))
        for s in short:
            lowest[s] = again[s]
    return lowest
