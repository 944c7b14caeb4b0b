"""The ticket pass of the subject draw (sampling/selection.py) against the pass it replaced, kept here as it was,
and against the plain rule (per stratum, the smallest ``digest ‖ position``), on random tables, bounds and
chunk sizes: one bound above all strata (the ceiling) where the strata's bounds are alike, each stratum's own
bound otherwise, always the same tickets."""

from __future__ import annotations

import hashlib
import itertools
import operator
from array import array
from collections.abc import Sequence
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from random_inspection.sampling import selection
from random_inspection.sampling.hashes import SHA256, HashAlgorithm
from random_inspection.sampling.selection import ALL, POSITION_BYTES, EligibleTable

PREFIX = b"\x07" * 32 + b"subject\x00"


def old_pass(table: EligibleTable, prefix: bytes, hash_with: HashAlgorithm, bounds: Sequence[bytes],
             start: int, stop: int, chunk: int) -> list[list[bytes]]:
    """The pass before the ceiling, as it was: each ticket compared with its own stratum's bound."""
    kept: list[list[bytes]] = [[] for _ in table.keys]
    digests = selection._digests(prefix, hash_with)
    positions = table.positions
    bound_of = bounds.__getitem__
    for a in range(start, stop, chunk):
        b = min(a + chunk, stop)
        ids, strata = table.ids[a:b], table.strata[a:b]
        tickets = digests(ids)
        under = map(operator.lt, tickets, map(bound_of, strata))
        for s, t, k in itertools.compress(zip(strata, tickets, range(a, b), strict=True), under):
            kept[s].append(t + positions[k].to_bytes(POSITION_BYTES, "big"))
    return kept


@st.composite
def tables(draw: st.DrawFn) -> EligibleTable:
    """A random table: eligible subjects (every one of the snapshot, or some), their strata and ids."""
    ids = sorted(draw(st.sets(st.binary(min_size=1, max_size=6), max_size=120)))
    n = len(ids)
    everyone = draw(st.booleans())
    positions: Sequence[int] = range(n) if everyone else \
        array("I", sorted(draw(st.sets(st.integers(0, 5 * n + 5), min_size=n, max_size=n))))
    count = draw(st.integers(1, 5))
    strata = array("I", draw(st.lists(st.integers(0, count - 1), min_size=n, max_size=n)))
    counts = tuple(strata.count(s) for s in range(count))
    return EligibleTable(positions, strata, ids, tuple(map(str, range(count))), counts, ("",) * count)


def bounds_for(draw: st.DrawFn, table: EligibleTable) -> list[bytes]:
    """Bounds as a draw makes them (alike across strata, mostly), or anything a bound can be."""
    take = draw(st.integers(0, 12))
    made = [selection.ticket_cutoff(take, count) for count in table.counts]
    anything = st.sampled_from((b"", ALL, b"\x00" * 32, b"\x80")) | st.binary(min_size=1, max_size=33)
    return [draw(anything) if draw(st.integers(0, 4)) == 0 else bound for bound in made]


def in_order(kept: list[list[bytes]]) -> list[list[bytes]]:
    return [sorted(group) for group in kept]


@given(st.data(), tables(), st.sampled_from((1, 3, 16, 1 << 16)))
def test_the_pass_keeps_what_the_old_pass_kept(data: st.DataObject, table: EligibleTable, chunk: int) -> None:
    bounds = bounds_for(data.draw, table)
    n = len(table.ids)
    start = data.draw(st.integers(0, n))
    stop = data.draw(st.integers(start, n))
    with mock.patch.object(selection, "_CHUNK", chunk):
        new = selection._pass(table, PREFIX, SHA256, bounds, start, stop)
    assert in_order(new) == in_order(old_pass(table, PREFIX, SHA256, bounds, start, stop, chunk))


@given(st.data(), tables(), st.sampled_from((1, 7, 1 << 16)))
def test_any_ceiling_keeps_what_the_old_pass_kept(data: st.DataObject, table: EligibleTable, chunk: int) -> None:
    """Whatever ceiling a pass is given — any bound, the strata above it flagged, and others flagged besides
    (their subjects are hashed again and keep nothing more) — it keeps what the strata's own bounds keep."""
    bounds = bounds_for(data.draw, table)
    top = data.draw(st.sampled_from(bounds) | st.binary(max_size=33))
    above = bytes(bound > top or data.draw(st.booleans()) for bound in bounds)
    n = len(table.ids)
    with mock.patch.object(selection, "_CHUNK", chunk), \
            mock.patch.object(selection, "_ceiling", return_value=selection._Ceiling(top, above)):
        new = selection._pass(table, PREFIX, SHA256, bounds, 0, n)
    assert in_order(new) == in_order(old_pass(table, PREFIX, SHA256, bounds, 0, n, chunk))


@given(st.data(), tables())
def test_the_lowest_tickets_are_the_smallest_of_each_stratum(data: st.DataObject, table: EligibleTable) -> None:
    bounds = bounds_for(data.draw, table)
    needs = [data.draw(st.integers(0, count)) for count in table.counts]
    every: list[list[bytes]] = [[] for _ in table.keys]
    for i, s, at in zip(table.ids, table.strata, table.positions, strict=True):
        every[s].append(hashlib.sha256(PREFIX + i).digest() + at.to_bytes(POSITION_BYTES, "big"))
    expected = [sorted(group)[:need] for group, need in zip(every, needs, strict=True)]
    assert selection.lowest_tickets(table, PREFIX, SHA256, needs, bounds) == expected


def test_the_ceiling_is_one_bound_where_the_strata_are_alike_and_leaves_small_strata_above_it() -> None:
    counts = (1250,) * 800
    alike = [selection.ticket_cutoff(126 + s % 2, count) for s, count in enumerate(counts)]
    assert selection._ceiling(counts, alike) == selection._Ceiling(max(alike), bytes(800))
    small = selection._ceiling((*counts, 5), [*alike, ALL])  # a stratum taken whole: above the ceiling
    assert small == selection._Ceiling(max(alike), bytes(800) + b"\x01")
    assert selection._ceiling((5, 5), [b"", b""]) == selection._Ceiling(b"", bytes(2))  # nothing taken: none pass
    assert selection._ceiling((), []) is None
    halves = [ALL] * 400 + [b""] * 400  # half the strata taken whole, half not at all: each ticket tested against
    assert selection._ceiling(counts, halves) is None  # its own stratum's bound


def test_the_subjects_of_a_stratum_above_the_ceiling_are_kept() -> None:
    ids = [b"%06d" % i for i in range(3000)]
    strata = array("I", [0] * 1000 + [1] * 1000 + [2] * 3 + [0] * 997)
    table = EligibleTable(range(3000), strata, ids, ("a", "b", "c"), (1997, 1000, 3), ("",) * 3)
    bounds = [selection.ticket_cutoff(10, 1997), selection.ticket_cutoff(10, 1000), ALL]
    assert selection._ceiling(table.counts, bounds) == selection._Ceiling(bounds[1], b"\x00\x00\x01")
    lowest = selection.lowest_tickets(table, PREFIX, SHA256, [10, 10, 3], bounds)
    assert sorted(int.from_bytes(t[32:], "big") for t in lowest[2]) == [2000, 2001, 2002]
    assert all(len(group) == need for group, need in zip(lowest, [10, 10, 3], strict=True))
