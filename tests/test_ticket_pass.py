"""The ticket pass of the subject draw (sampling/selection.py) against an earlier pass, kept here (a chunk of
digests at a time, each compared with its own stratum's bound afterwards), and against the plain rule (per
stratum, the smallest ``digest ‖ position ‖ id``), on random tables, bounds and chunk sizes: one bound above
all strata (the ceiling) where the strata's bounds are alike, each stratum's own bound otherwise, always the
same tickets."""

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
            kept[s].append(t + positions[k].to_bytes(POSITION_BYTES, "big") + table.ids[k])
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


@given(st.data(), tables(), st.sampled_from((1, 3, 16, 1 << 16)))
def test_the_pass_keeps_what_the_old_pass_kept(data: st.DataObject, table: EligibleTable, chunk: int) -> None:
    bounds = bounds_for(data.draw, table)
    n = len(table.ids)
    start = data.draw(st.integers(0, n))
    stop = data.draw(st.integers(start, n))
    new = selection._pass(table, PREFIX, SHA256, bounds, start, stop)
    assert new == old_pass(table, PREFIX, SHA256, bounds, start, stop, chunk)


@given(st.data(), tables(), st.sampled_from((1, 7, 1 << 16)))
def test_any_ceiling_above_every_bound_keeps_what_the_old_pass_kept(data: st.DataObject, table: EligibleTable,
                                                                   chunk: int) -> None:
    """Whatever ceiling a pass is given, at or above every stratum's bound, it keeps what the bounds keep."""
    bounds = bounds_for(data.draw, table)
    top = data.draw(st.binary(max_size=33).filter(lambda t: all(t >= b for b in bounds)) |
                    st.sampled_from((max(bounds, default=b""), ALL)))
    n = len(table.ids)
    with mock.patch.object(selection, "_ceiling", return_value=top):
        new = selection._pass(table, PREFIX, SHA256, bounds, 0, n)
    assert new == old_pass(table, PREFIX, SHA256, bounds, 0, n, chunk)


@given(st.data(), tables())
def test_the_lowest_tickets_are_the_smallest_of_each_stratum(data: st.DataObject, table: EligibleTable) -> None:
    bounds = bounds_for(data.draw, table)
    needs = [data.draw(st.integers(0, count)) for count in table.counts]
    every: list[list[bytes]] = [[] for _ in table.keys]
    for i, s, at in zip(table.ids, table.strata, table.positions, strict=True):
        every[s].append(hashlib.sha256(PREFIX + i).digest() + at.to_bytes(POSITION_BYTES, "big") + i)
    expected = [sorted(group)[:need] for group, need in zip(every, needs, strict=True)]
    assert selection.lowest_tickets(table, PREFIX, SHA256, needs, bounds) == expected


def test_the_ceiling_is_one_bound_where_the_strata_are_alike_and_none_where_one_stratum_is_taken_whole() -> None:
    counts = (1250,) * 800
    alike = [selection.ticket_cutoff(126 + s % 2, count) for s, count in enumerate(counts)]
    assert selection._ceiling(counts, alike) == max(alike)
    assert selection._ceiling(counts, [*alike[:-1], ALL]) is None  # every subject would pass the ceiling
    assert selection._ceiling((5, 5), [b"", b""]) == b""  # nothing taken: nothing passes
    assert selection._ceiling((), []) == b""


def test_the_pass_refuses_ids_more_or_fewer_than_its_subjects() -> None:
    """No subject is skipped in silence: ids that end before the subjects numbered do, or go on after, are an
    error, with one bound over all strata or each stratum's own."""
    table = EligibleTable(range(3), array("I", [0, 0, 0]), [b"a", b"b", b"c"], ("0",), (3,), ("",))
    for top in (ALL, None):
        for ids in ([b"a", b"b"], [b"a", b"b", b"c", b"d"]):
            kept: list[bytes] = []
            try:
                selection.hash_and_keep([kept.append], SHA256.new(PREFIX).copy, ids, 0, 3, table.strata,
                                        table.positions, [ALL], top)
            except ValueError:
                continue
            raise AssertionError(f"{len(ids)} ids for 3 subjects were taken (top={top!r})")
