"""draw-v1 §10 with the shards started before the table (sampling/shards.py): on random manifests — tiny strata,
ratios near 1, nothing drawn, reserves, conditions and caps — the sharded draw is the plain draw, whether the
table was made before or not, the ids encoded or not, the bounds reaching a shard before it hashed anything or
after it hashed its whole part, and with strata whose bounds keep too few (passed again in full)."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
import time
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.errors import InfeasibleDrawError, RandomInspectionError
from random_inspection.sampling import DrawRules, Sample, TeamSpec, draw, engine, selection, shards
from random_inspection.sampling.hashes import SHA256
from random_inspection.sampling.manifest import SubjectEntry
from random_inspection.sampling.shards import ShardedPass

from .test_draw_columns import CHOICES, FIELDS, large, manifest_of, plans, snapshots


@st.composite
def near_one(draw_: st.DrawFn) -> DrawRules:
    """Plans the draw's generic strategy rarely makes: a ratio near 1, nothing drawn, strata of one or two."""
    strata = tuple(draw_(st.lists(st.sampled_from(FIELDS), unique=True, min_size=1, max_size=2)))
    sample = draw_(st.sampled_from((Sample(ratio=(9, 10)), Sample(ratio=(1, 1)), Sample(count=0),
                                    Sample(ratio=(99, 100)))))
    return DrawRules(sample, TeamSpec(1), strata=strata, reserve=draw_(st.integers(0, 3)))


def _forget(manifest: Any, keep_ids: bool) -> None:
    """Make the next draw cold: the table made again, and the encoded ids too unless ``keep_ids``."""
    memo = manifest.subjects._memo
    for key in list(memo):
        if not (keep_ids and key == "utf8-ids"):
            del memo[key]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), plans() | near_one(), st.integers(2, 3), st.sampled_from((1, 3, 1 << 16)),
       st.sampled_from(("cold", "cold-ids", "warm")), st.sampled_from((0.0, 0.05)), st.sets(st.integers(0, 20)))
def test_the_sharded_draw_is_the_plain_draw(entries: list[SubjectEntry], rules: DrawRules, k: int, chunk: int,
                                            state: str, delay: float, short: set[int]) -> None:
    manifest = manifest_of(entries, rules)
    try:
        plain = draw(manifest, "123")
    except InfeasibleDrawError as exc:
        with pytest.raises(InfeasibleDrawError, match=re.escape(str(exc))):
            draw(manifest, "123", shards=k)
        return
    if state != "warm":
        _forget(manifest, keep_ids=state == "cold")
    threshold, table = engine._threshold, selection.eligible_table
    made = iter(range(1000))

    def bound(need: int, count: int) -> bytes:  # some strata's bounds keep too few: passed again in full
        return b"\x10" if next(made) in short else threshold(need, count)

    def late(*args: Any) -> Any:  # the bounds reach the shards after they hashed their parts, or at once
        time.sleep(delay)
        return table(*args)
    with mock.patch.object(shards, "_STEP", chunk), mock.patch.object(engine, "_threshold", bound), \
            mock.patch.object(selection, "eligible_table", late):
        sharded = draw(manifest, "123", shards=k)
    assert sharded == plain


def test_each_part_hashed_once() -> None:
    """The parts cover the snapshot once, in order, the first a lead smaller where the table is to be made."""
    for n, k in ((10, 2), (1_000_000, 2), (7, 3), (3, 3), (1001, 4)):
        for lead in (0.0, shards.LEAD):
            cuts = shards._cuts(n, k, lead)
            assert cuts[0] == 0 and cuts[-1] == n and len(cuts) == k + 1
            assert cuts == sorted(cuts)
            sizes = [b - a for a, b in itertools.pairwise(cuts)]
            assert max(sizes[1:]) - min(sizes[1:]) <= 1
            assert sizes[0] <= min(sizes[1:]) or lead == 0
    assert shards._cuts(1_000_000, 2, 0.12) == [0, 440_000, 1_000_000]


def test_the_table_made_first_where_processes_cannot_be_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = large()
    plain = draw(manifest, "123")
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    _forget(manifest, keep_ids=True)
    with ShardedPass(manifest.subjects, manifest.rules, b"p", SHA256, 2) as started:
        assert not started._workers  # nothing started before the table
    assert draw(manifest, "123", shards=2) == plain


def test_a_draw_refused_while_the_shards_hash_ends_them() -> None:
    entries = [SubjectEntry(f"91{i:06d}", "411002", "工贸", None, "企业", None, None, True, False, 0)
               for i in range(2000)]
    manifest = manifest_of(entries, DrawRules(Sample(count=2001), TeamSpec(1), strata=("area",)))
    with pytest.raises(InfeasibleDrawError, match="2001"):
        draw(manifest, "123", shards=3)
    assert not multiprocessing.active_children()


def test_a_shard_that_ends_without_a_result_fails_the_draw_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    digests = selection._digests

    def ending(*args: Any) -> Any:
        if os.getpid() != parent:
            os._exit(3)
        return digests(*args)
    monkeypatch.setattr(selection, "_digests", ending)
    with pytest.raises(RandomInspectionError, match="a shard of the draw failed: its process ended without a result"):
        draw(large(), "123", shards=2)
    assert not multiprocessing.active_children()


def test_the_sharded_draw_of_a_snapshot_with_few_eligible() -> None:
    """Most of the snapshot not eligible: the shards hash only what is eligible once the table is known."""
    entries = [SubjectEntry(f"91{i:06d}", CHOICES["area"][i % 3], "工贸", None, "企业", None, None, i % 7 == 0,  # type: ignore[arg-type]
                            False, 0) for i in range(3000)]
    manifest = manifest_of(entries, DrawRules(Sample(ratio=(1, 3)), TeamSpec(1), strata=("area",), reserve=2))
    plain = draw(manifest, "425")
    _forget(manifest, keep_ids=False)
    with mock.patch.object(shards, "_STEP", 50):
        assert draw(manifest, "425", shards=2) == plain
