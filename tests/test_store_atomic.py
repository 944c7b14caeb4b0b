"""``Store.atomic``: several writes in one outer transaction, all or nothing, on SQLite and PostgreSQL (the
PostgreSQL cases run where RANDOM_INSPECTION_PG_URL names a server, tests/store_support.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError, StoreError
from random_inspection.store import EntryKind, Store
from tests.store_support import AS, fresh_store

KINDS = ["sqlite", "postgresql"]


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(request.param, tmp_path)


def at(day: int) -> str:
    return f"2026-10-{day:02d}T09:00:00+08:00"


def publish(store: Store, n: int, day: int = 2) -> str:
    return store.append(EntryKind.PUBLISHED, {"n": n}, plan_id="P", at=at(day), **AS).entry_hash


class Boom(Exception):
    """Raised inside the block, to see it roll back."""


def test_writes_in_a_block_are_appended_together_chained_as_if_one_by_one(store: Store, tmp_path: Path) -> None:
    publish(store, 0)
    with store.atomic():
        inside = [publish(store, n) for n in range(1, 4)]
        assert store.ledger_head().seq == 1  # the other readers see the ledger as before the block
    assert [e.entry_hash for e in store.entries()][1:] == inside
    store.verify()
    # the same appends one by one, in another store, give the same entries
    other = Store.open(tmp_path / "one-by-one.sqlite3")
    try:
        alone = [publish(other, n) for n in range(4)]
    finally:
        other.close()
    assert alone[1:] == inside


def test_an_exception_leaving_the_block_appends_nothing(store: Store) -> None:
    publish(store, 0)
    head = store.ledger_head()
    def two_then_fail() -> None:
        with store.atomic():
            publish(store, 1)
            publish(store, 2)
            raise Boom

    with pytest.raises(Boom):
        two_then_fail()
    assert store.ledger_head() == head and len(store.entries()) == 1
    publish(store, 3)  # the store is still usable, and chains from the head kept
    assert [e.payload["n"] for e in store.entries()] == [0, 3]
    store.verify()


def test_a_write_refused_inside_the_block_is_undone_alone(store: Store) -> None:
    publish(store, 0, day=5)
    with store.atomic():
        publish(store, 1, day=5)
        with pytest.raises(InvalidInputError, match="never run backwards"):
            publish(store, 2, day=1)  # before the last time: refused, its savepoint rolled back
        publish(store, 3, day=6)
    assert [e.payload["n"] for e in store.entries()] == [0, 1, 3]
    store.verify()


def test_a_block_inside_a_block_joins_it(store: Store) -> None:
    def nested_then_fail() -> None:
        with store.atomic():
            publish(store, 1)
            with store.atomic():
                publish(store, 2)
            raise Boom

    with pytest.raises(Boom):
        nested_then_fail()
    assert store.entries() == []


def test_a_read_only_store_refuses_a_block(tmp_path: Path) -> None:
    Store.open(tmp_path / "s.sqlite3").close()
    readonly = Store.open(tmp_path / "s.sqlite3", readonly=True)
    try:
        with pytest.raises(StoreError, match="read-only"), readonly.atomic():
            pass
    finally:
        readonly.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(1, 6), fail_at=st.one_of(st.none(), st.integers(0, 6)))
def test_all_or_nothing(tmp_path: Path, n: int, fail_at: int | None) -> None:
    """For any number of writes and any point of failure (or none), the block appends all of them or none."""
    path = tmp_path / f"s-{n}-{fail_at}.sqlite3"
    path.unlink(missing_ok=True)
    store = Store.open(path)
    try:
        try:
            with store.atomic():
                for i in range(n):
                    if i == fail_at:
                        raise Boom
                    publish(store, i)
        except Boom:
            pass
        failed = fail_at is not None and fail_at < n
        assert len(store.entries()) == (0 if failed else n)
    finally:
        store.close()
