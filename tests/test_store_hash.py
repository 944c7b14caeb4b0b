"""The store's hash algorithm, on SQLite and PostgreSQL: named when the store is created (SHA-256 by default,
or SM3), recorded in the database, used for every entry and by verify, kept when the store is reopened, and
refused when another is named; SM3 ledgers find every tampering SHA-256 ledgers do, and an SHA-256 ledger made
before hashes were named stays valid."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError, LedgerBroken, SchemaVersionError, StoreError
from random_inspection.sampling import SHA256, SM3, canonical_json
from random_inspection.store import GENESIS, MIGRATIONS, EntryKind, Store, check_chain, make_engine
from random_inspection.store.ledger import entry_body, entry_hash
from random_inspection.store.schema import ledger, setting
from tests.draw_verifier import sm3
from tests.store_support import AS, fresh_store, store_url

KINDS = ["sqlite", "postgresql"]
# the schema just before the migration that records the hash algorithm
BEFORE = next(m.version for m in MIGRATIONS if "hash algorithm" in m.description) - 1


def sm3_store(kind: str, tmp_path: Path) -> Iterator[Store]:
    """A new store created with SM3."""
    yield from fresh_store(kind, tmp_path, hash_algorithm="sm3")


@pytest.fixture(params=KINDS)
def sm3_ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from sm3_store(request.param, tmp_path)


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def filled(store: Store, n: int = 5) -> list[str]:
    return [store.append(EntryKind.PUBLISHED, {"n": i, "text": f"第{i}条"}, plan_id=f"P{i % 2}", **AS).entry_hash
            for i in range(n)]


def rows(store: Store) -> list[dict[str, object]]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(ledger).order_by(ledger.c.seq))]


def execute(store: Store, *statements: sa.Executable) -> None:
    with store.engine.begin() as conn:
        for statement in statements:
            conn.execute(statement)


def broken_at(store: Store) -> int:
    with pytest.raises(LedgerBroken) as info:
        store.verify()
    return info.value.seq


def recorded(store: Store) -> str | None:
    with store.engine.connect() as conn:
        value = conn.execute(sa.select(setting.c.value).where(setting.c.name == "hash_algorithm")).scalar()
    return None if value is None else str(value)


class TestAnSM3Ledger:
    def test_entries_are_sm3_of_the_sm3_version_text(self, sm3_ledger: Store) -> None:
        filled(sm3_ledger)
        assert sm3_ledger.hash_algorithm == SM3 and recorded(sm3_ledger) == "sm3"
        prev = GENESIS
        for row in rows(sm3_ledger):  # recomputed from docs/store.md with SM3 itself, not the library's hash
            assert row["prev_hash"] == prev
            assert row["entry_hash"] == sm3(f"ledger-v1-sm3\x00{prev}\x00{row['body']}".encode()).hex()
            prev = str(row["entry_hash"])
        assert sm3_ledger.verify(prev) == 5

    def test_the_sm3_chain_does_not_pass_as_sha256(self, sm3_ledger: Store) -> None:
        filled(sm3_ledger, 3)
        found = [(r["seq"], r["kind"], r["plan_id"], r["body"], r["prev_hash"], r["entry_hash"])
                 for r in rows(sm3_ledger)]
        assert check_chain(found, hash_with=SM3) == 3  # type: ignore[arg-type]
        with pytest.raises(LedgerBroken, match="not the hash of its content") as info:
            check_chain(found)  # type: ignore[arg-type]
        assert info.value.seq == 1

    def test_reopening_keeps_sm3_and_another_hash_is_refused(self, kind: str, tmp_path: Path) -> None:
        for store in sm3_store(kind, tmp_path):
            filled(store, 2)
            url = store_url(kind, tmp_path)
            again = Store.open(url)  # no name: the store's own
            assert again.hash_algorithm == SM3
            again.append(EntryKind.PUBLISHED, {"n": 2}, **AS)
            again.close()
            Store.open(url, hash_algorithm="SM3").close()
            with pytest.raises(StoreError, match="created with the hash algorithm sm3; it is opened with sha256") \
                    as info:
                Store.open(url, hash_algorithm="sha256")
            assert "hash_algorithm='sm3'" in info.value.fix
            assert store.verify() == 3 and recorded(store) == "sm3"

    def test_a_publication_is_recorded_by_its_sm3(self, sm3_ledger: Store) -> None:
        content = {"plan": "P", "subjects": ["甲", "乙"]}
        entry = sm3_ledger.record_publication("P", content, **AS)
        assert entry.payload == {"content_hash": sm3(canonical_json(content)).hex()}


class TestTamperingUnderSM3:
    def test_an_edit_is_found_at_the_edited_entry(self, sm3_ledger: Store) -> None:
        filled(sm3_ledger)
        forged = str(rows(sm3_ledger)[2]["body"]).replace('"n":2', '"n":20')
        execute(sm3_ledger, sa.update(ledger).where(ledger.c.seq == 3).values(body=forged))
        assert broken_at(sm3_ledger) == 3

    def test_an_edit_rehashed_with_sha256_is_found_there(self, sm3_ledger: Store) -> None:
        filled(sm3_ledger)
        row = rows(sm3_ledger)[2]
        forged = str(row["body"]).replace('"n":2', '"n":20')
        execute(sm3_ledger, sa.update(ledger).where(ledger.c.seq == 3)
                .values(body=forged, entry_hash=entry_hash(str(row["prev_hash"]), forged)))
        assert broken_at(sm3_ledger) == 3

    def test_an_edit_rehashed_with_sm3_breaks_the_next_link(self, sm3_ledger: Store) -> None:
        filled(sm3_ledger)
        row = rows(sm3_ledger)[2]
        forged = str(row["body"]).replace('"n":2', '"n":20')
        execute(sm3_ledger, sa.update(ledger).where(ledger.c.seq == 3)
                .values(body=forged, entry_hash=entry_hash(str(row["prev_hash"]), forged, SM3)))
        assert broken_at(sm3_ledger) == 4

    def test_a_deletion_and_a_cut_end_are_found(self, sm3_ledger: Store) -> None:
        filled(sm3_ledger)
        head = sm3_ledger.head()
        execute(sm3_ledger, sa.delete(ledger).where(ledger.c.seq == 5))
        with pytest.raises(LedgerBroken, match="published head"):
            sm3_ledger.verify(head)
        execute(sm3_ledger, sa.delete(ledger).where(ledger.c.seq == 2))
        assert broken_at(sm3_ledger) == 2

    def test_switching_the_recorded_algorithm_breaks_the_chain_at_its_first_entry(self, sm3_ledger: Store) -> None:
        filled(sm3_ledger, 3)
        execute(sm3_ledger, sa.update(setting).values(value="sha256"))
        assert broken_at(sm3_ledger) == 1
        execute(sm3_ledger, sa.delete(setting))
        with pytest.raises(LedgerBroken, match="records no hash algorithm, yet it has entries") as info:
            sm3_ledger.verify()
        assert info.value.seq == 1
        execute(sm3_ledger, sa.insert(setting).values(name="hash_algorithm", value="md5"))
        with pytest.raises(StoreError, match="unknown hash algorithm 'md5'"):
            sm3_ledger.verify()
        execute(sm3_ledger, sa.update(setting).values(value="sm3"))
        assert sm3_ledger.verify() == 3


MUTATIONS = ["edit", "edit and rehash", "relink", "delete", "swap with next", "kind column"]


@given(st.lists(st.integers(0, 10**6), min_size=2, max_size=10), st.data())
def test_any_single_change_to_an_sm3_chain_is_found_at_it_or_the_next_entry(values: list[int],
                                                                             data: st.DataObject) -> None:
    chain, prev = [], GENESIS
    for seq, v in enumerate(values, start=1):
        body = entry_body(seq, EntryKind.PUBLISHED, None, None, {"v": v})
        hashed = entry_hash(prev, body, SM3)
        chain.append((seq, "published", None, body, prev, hashed))
        prev = hashed
    assert check_chain(chain, prev, hash_with=SM3) == len(values)
    at = data.draw(st.integers(0, len(chain) - 2))
    how = data.draw(st.sampled_from(MUTATIONS))
    seq, kind, plan, body, link, hashed = chain[at]
    edited = body.replace('"v":', '"v":1')
    mutated = list(chain)
    if how == "edit":
        mutated[at] = (seq, kind, plan, edited, link, hashed)
    elif how == "edit and rehash":
        mutated[at] = (seq, kind, plan, edited, link, entry_hash(link, edited, SM3))
    elif how == "relink":
        mutated[at] = (seq, kind, plan, body, "f" * 64, hashed)
    elif how == "delete":
        del mutated[at]
    elif how == "swap with next":
        mutated[at], mutated[at + 1] = (seq, *chain[at + 1][1:]), (seq + 1, *chain[at][1:])
    else:
        mutated[at] = (seq, "redraw", plan, body, link, hashed)
    with pytest.raises(LedgerBroken) as info:
        check_chain(mutated, prev, hash_with=SM3)
    assert info.value.seq == (seq + 1 if how == "edit and rehash" else seq), how


class TestTheDefault:
    def test_a_new_store_is_sha256_with_the_ledger_v1_text_as_before(self, kind: str, tmp_path: Path) -> None:
        for store in fresh_store(kind, tmp_path):
            hashes = filled(store, 3)
            assert store.hash_algorithm == SHA256 and recorded(store) == "sha256"
            body = str(rows(store)[0]["body"])
            assert hashes[0] == hashlib.sha256(f"ledger-v1\x00{GENESIS}\x00{body}".encode()).hexdigest()
            with pytest.raises(StoreError, match="created with the hash algorithm sha256; it is opened with sm3"):
                Store.open(store_url(kind, tmp_path), hash_algorithm="sm3")
            assert store.verify() == 3

    def test_a_store_from_before_hashes_were_named_stays_sha256(self, kind: str, tmp_path: Path) -> None:
        for store in fresh_store(kind, tmp_path, migrate=False):
            store.migrate(to=BEFORE)  # the schema as it was
            hashes = written_the_old_way(store, 3)
            assert recorded_table_absent(store)
            url = store_url(kind, tmp_path)
            with pytest.raises(StoreError, match="created with the hash algorithm sha256"):
                Store.open(url, hash_algorithm="sm3")  # migrated on the way: a store with entries was SHA-256
            reopened = Store.open(url)
            assert reopened.hash_algorithm == SHA256 and reopened.verify(hashes[-1]) == 3
            reopened.close()
            assert recorded(store) == "sha256"

    def test_an_empty_store_from_before_takes_the_hash_it_is_opened_with(self, kind: str, tmp_path: Path) -> None:
        for store in fresh_store(kind, tmp_path, migrate=False):
            store.migrate(to=BEFORE)
            url = store_url(kind, tmp_path)
            created = Store.open(url, hash_algorithm="sm3")  # nothing was hashed yet: it is created now
            assert created.hash_algorithm == SM3 and recorded(store) == "sm3"
            created.close()

    def test_a_store_made_without_open_records_its_hash_at_its_first_write(self, kind: str, tmp_path: Path) -> None:
        for plain in fresh_store(kind, tmp_path, migrate=False):
            plain.migrate()
            store = Store(make_engine(store_url(kind, tmp_path)), hash_algorithm=SM3)
            assert recorded(store) is None
            first = store.append(EntryKind.PUBLISHED, {"n": 0}, **AS)
            assert recorded(store) == "sm3" and first.entry_hash == entry_hash(GENESIS, str(rows(store)[0]["body"]),
                                                                                 SM3)
            assert plain.verify() == 1  # another handle on the same store reads the recorded hash
            store.close()

    def test_an_old_schema_cannot_take_sm3(self, tmp_path: Path) -> None:
        for store in fresh_store("sqlite", tmp_path, migrate=False):
            store.migrate(to=BEFORE)
            old = Store(store.engine, hash_algorithm="sm3")
            with pytest.raises(SchemaVersionError, match="too old to record a hash algorithm"):
                old.append(EntryKind.PUBLISHED, {"n": 0}, **AS)

    def test_an_unknown_algorithm_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(InvalidInputError, match="unknown hash algorithm 'sha1'"):
            Store.open(tmp_path / "s.sqlite3", hash_algorithm="sha1")


def written_the_old_way(store: Store, n: int) -> list[str]:
    """Entries as a store of schema version 4 wrote them: SHA-256, no actor, no signature."""
    prev, hashes = GENESIS, []
    with store.engine.begin() as conn:
        for seq in range(1, n + 1):
            body = entry_body(seq, EntryKind.PUBLISHED, None, None, {"n": seq})
            hashed = entry_hash(prev, body)
            conn.execute(sa.text("INSERT INTO ri_ledger (seq, kind, plan_id, body, prev_hash, entry_hash) "
                                 "VALUES (:seq, 'published', NULL, :body, :prev, :hashed)"),
                         {"seq": seq, "body": body, "prev": prev, "hashed": hashed})
            prev = hashed
            hashes.append(hashed)
    return hashes


def recorded_table_absent(store: Store) -> bool:
    with store.engine.connect() as conn:
        return not sa.inspect(conn).has_table(setting.name)
