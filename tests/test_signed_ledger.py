"""Signed entries: verify checks the chain and every signature and names the first bad entry — a forged or
altered signature, a swapped actor, an actor without a key, a key of another algorithm; SM2 and Ed25519 entries
live in one ledger; no private key ever reaches the database."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import LedgerBroken, PermissionRefused
from random_inspection.model import Actor, Role
from random_inspection.profiles import ProfileRegistry
from random_inspection.store import GENESIS, Ed25519Signer, EntryKind, KeyRing, PublicKey, SM2Signer, Store, check_chain
from random_inspection.store.ledger import entry_body, entry_hash
from random_inspection.store.schema import ledger, metadata
from tests.store_support import fresh_store

SM2_SECRET = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8"
ED_KEY = Ed25519PrivateKey.generate()
OFFICE = Actor("XC-SSJB", "局双随机领导小组办公室", Role.DOUBLE_RANDOM_OFFICE, "yjj")
INSPECTOR = Actor("XC001", "执法人员01", Role.INSPECTOR, "yjj")
SIGNERS: dict[str, Any] = {OFFICE.id: SM2Signer(SM2_SECRET), INSPECTOR.id: Ed25519Signer(ED_KEY)}
KEYS = KeyRing.of(SIGNERS)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(request.param, tmp_path)


def filled(store: Store, n: int = 6) -> None:
    for i in range(n):
        actor = OFFICE if i % 2 == 0 else INSPECTOR
        store.append(EntryKind.PUBLISHED, {"n": i}, plan_id="P", actor=actor, signer=SIGNERS[actor.id])


def _set(store: Store, seq: int, **values: Any) -> None:
    with store.engine.begin() as conn:
        conn.execute(sa.update(ledger).where(ledger.c.seq == seq).values(**values))


def _row(store: Store, seq: int) -> dict[str, Any]:
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.select(ledger).where(ledger.c.seq == seq)).one()._mapping)


def _broken(store: Store, keys: KeyRing | None = KEYS) -> LedgerBroken:
    with pytest.raises(LedgerBroken) as info:
        store.verify(keys=keys)
    return info.value


def test_sm2_and_ed25519_entries_verify_together(store: Store) -> None:
    filled(store)
    assert store.verify(keys=KEYS) == 6
    assert [e.algorithm for e in store.entries()] == ["sm2-sm3", "ed25519"] * 3
    assert [e.actor["id"] for e in store.entries() if e.actor] == [OFFICE.id, INSPECTOR.id] * 3


def test_a_forged_signature_is_named(store: Store) -> None:
    filled(store)
    row = _row(store, 3)
    forger = SM2Signer.generate()  # signs the right hash, with a key that is not the office's
    _set(store, 3, signature=forger.sign(str(row["entry_hash"]).encode()).hex())
    assert store.verify() == 6  # the chain alone does not see it ...
    error = _broken(store)  # ... the keys do
    assert error.seq == 3 and "signature is not XC-SSJB's" in str(error)


@pytest.mark.parametrize("seq", [1, 4])
def test_an_altered_signature_is_named(store: Store, seq: int) -> None:
    filled(store)
    signature = str(_row(store, seq)["signature"])
    _set(store, seq, signature=("0" if signature[0] != "0" else "1") + signature[1:])
    assert _broken(store).seq == seq


def test_a_swapped_actor_column_is_named(store: Store) -> None:
    filled(store)
    _set(store, 2, actor=OFFICE.id)  # entry 2 is the inspector's
    error = _broken(store, None)
    assert error.seq == 2 and "swapped" in str(error)


def test_an_actor_swapped_in_the_body_with_the_chain_rehashed_is_named(store: Store) -> None:
    """Whoever rewrites entry 2 as the office's and rehashes everything after it keeps a whole chain, but not
    the signatures: the office never signed that hash."""
    filled(store)
    rows = [_row(store, s) for s in range(1, 7)]
    prev = str(rows[0]["entry_hash"])
    with store.engine.begin() as conn:
        for row in rows[1:]:
            body = str(row["body"])
            if row["seq"] == 2:
                body = body.replace(f'"id":"{INSPECTOR.id}","role":"{INSPECTOR.role.value}"',
                                    f'"id":"{OFFICE.id}","role":"{OFFICE.role.value}"')
                assert body != row["body"]
            hashed = entry_hash(prev, body)
            values = {"body": body, "prev_hash": prev, "entry_hash": hashed}
            if row["seq"] == 2:
                values |= {"actor": OFFICE.id, "algorithm": "sm2-sm3"}
            conn.execute(sa.update(ledger).where(ledger.c.seq == row["seq"]).values(**values))
            prev = hashed
    assert store.verify() == 6  # a perfect chain ...
    error = _broken(store)
    assert error.seq == 2 and "signature" in str(error)  # ... with a signature the office never made


def test_an_unknown_actor_and_a_key_of_another_algorithm_are_named(store: Store) -> None:
    filled(store, 3)
    error = _broken(store, KeyRing({k: v for k, v in KEYS.keys.items() if k != INSPECTOR.id}))
    assert error.seq == 2 and "no key" in str(error)
    other = KeyRing.of({OFFICE.id: SIGNERS[OFFICE.id], INSPECTOR.id: SM2Signer.generate()})
    error = _broken(store, other)
    assert error.seq == 2 and "ed25519" in str(error)


def test_a_stripped_signature_is_named(store: Store) -> None:
    filled(store, 3)
    _set(store, 2, signature=None)
    error = _broken(store, None)
    assert error.seq == 2 and "carries no signature" in str(error)


def test_an_unsigned_entry_after_signed_ones_is_refused(store: Store) -> None:
    filled(store, 2)
    last = store.head()
    body = entry_body(3, EntryKind.PUBLISHED, "P", None, {"n": 9})  # no actor, as before version 5
    with store.engine.begin() as conn:
        conn.execute(sa.insert(ledger).values(seq=3, kind="published", plan_id="P", body=body, prev_hash=last,
                                              entry_hash=entry_hash(last, body)))
    error = _broken(store, None)
    assert error.seq == 3 and "after signed entries" in str(error)


def test_no_private_key_reaches_the_database(store: Store) -> None:
    filled(store)
    xuchang = store.bind(ProfileRegistry().resolve("xuchang", dt.date(2025, 1, 1)).permissions())
    with pytest.raises(PermissionRefused):  # the office may not publish (第十九条第二款): its refusal is signed too
        xuchang.append(EntryKind.PUBLISHED, {"n": 99}, actor=OFFICE, signer=SIGNERS[OFFICE.id])
    raw = ED_KEY.private_bytes_raw()
    secrets = [SM2_SECRET, raw.hex(), base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode(),
               str(int(SM2_SECRET, 16)), str(int.from_bytes(raw, "big"))]
    with store.engine.connect() as conn:
        texts = [str(value).lower() for table in metadata.sorted_tables for row in conn.execute(sa.select(table))
                 for value in row]
    signatures = [e.signature for e in store.entries()]
    assert len(signatures) == 7 and all(sig in texts for sig in signatures)  # the scan sees every stored value
    assert [s for s in secrets if any(s.lower() in t for t in texts)] == []


MUTATIONS = ["signature", "actor column", "algorithm"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([OFFICE, INSPECTOR]), min_size=1, max_size=6), st.data())
def test_any_change_to_an_actor_or_signature_is_found_at_its_entry(actors: list[Actor], data: st.DataObject) -> None:
    rows, prev = [], GENESIS
    for seq, actor in enumerate(actors, start=1):
        body = entry_body(seq, EntryKind.PUBLISHED, None, None, {"seq": seq}, actor.to_json())
        hashed = entry_hash(prev, body)
        signer = SIGNERS[actor.id]
        rows.append((seq, "published", None, body, prev, hashed, actor.id, signer.algorithm,
                     signer.sign(hashed.encode()).hex()))
        prev = hashed
    assert check_chain(rows, prev, KEYS) == len(actors)
    at = data.draw(st.integers(0, len(rows) - 1))
    how = data.draw(st.sampled_from(MUTATIONS))
    row = list(rows[at])
    if how == "signature":
        row[8] = SIGNERS[row[6]].sign(b"another hash").hex()
    elif how == "actor column":
        row[6] = INSPECTOR.id if row[6] == OFFICE.id else OFFICE.id
    else:
        row[7] = "ed25519" if row[7] == "sm2-sm3" else "sm2-sm3"
    mutated = [*rows[:at], tuple(row), *rows[at + 1:]]
    with pytest.raises(LedgerBroken) as info:
        check_chain(mutated, prev, KEYS)
    assert info.value.seq == at + 1, how


# -- a ring of keys given to verify (an older ledger's signed entries, before the chain held a register) -----------

RING = KeyRing({OFFICE.id: PublicKey(SIGNERS[OFFICE.id].algorithm, SIGNERS[OFFICE.id].public_key,
                                     role=OFFICE.role.value, department=OFFICE.department),
                INSPECTOR.id: PublicKey(SIGNERS[INSPECTOR.id].algorithm, SIGNERS[INSPECTOR.id].public_key,
                                        role=INSPECTOR.role.value, department=INSPECTOR.department)})


def test_verify_with_a_ring_finds_a_role_taken_not_given(store: Store) -> None:
    promoted = Actor(INSPECTOR.id, INSPECTOR.name, Role.DOUBLE_RANDOM_OFFICE, "yjj")
    store.append(EntryKind.PUBLISHED, {"n": 0}, actor=OFFICE, signer=SIGNERS[OFFICE.id])
    store.append(EntryKind.PUBLISHED, {"n": 1}, actor=promoted, signer=SIGNERS[INSPECTOR.id])  # no register here
    assert store.verify(keys=KEYS) == 2  # a ring of keys alone cannot tell
    error = _broken(store, RING)
    assert error.seq == 2 and "a role or department taken, not given" in str(error)


def test_entries_only_their_own_method_writes_are_refused_by_append(store: Store) -> None:
    for kind in (EntryKind.PLAN_COMMITTED, EntryKind.DRAW_EXECUTED, EntryKind.RESULT_RECORDED):
        with pytest.raises(ValueError, match="written by store"):
            store.append(kind, {"subjects": ["FAKE"]}, plan_id="P", actor=OFFICE, signer=SIGNERS[OFFICE.id])
    assert store.entries() == []


def test_a_deleted_hash_record_is_never_written_back(store: Store, tmp_path: Path) -> None:
    filled(store, 2)
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM ri_setting WHERE name = 'hash_algorithm'"))
    with pytest.raises(LedgerBroken, match="records no hash algorithm"):
        store.verify()
    fresh = Store(store.engine)
    with pytest.raises(LedgerBroken, match="nothing is written to it"):
        fresh.append(EntryKind.PUBLISHED, {"n": 3}, actor=OFFICE, signer=SIGNERS[OFFICE.id])


def test_a_bad_store_url_is_one_line_without_its_password() -> None:
    from random_inspection.errors import StoreError

    with pytest.raises(StoreError) as info:
        Store.open("postgresql+nosuchdriver://user:s3cret@127.0.0.1/db")
    assert "s3cret" not in str(info.value) and "cannot open the store" in str(info.value)
