"""The ledger nobody can quietly rewrite (issue 14, attacks 2, 3, 7 and 11): which entries must be signed is fixed in
the chain (a store_created entry), the store owns its key register (key_enrolled, key_revoked), published heads pin
the ledger's end, verification needs only read access, and store URLs are masked wherever they are printed."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError, LedgerBroken, PermissionRefused, SchemaVersionError, StoreError
from random_inspection.model import Actor, Role
from random_inspection.profiles import ProfileRegistry
from random_inspection.store import (
    GENESIS,
    MIGRATIONS,
    Ed25519Signer,
    EntryKind,
    KeyRing,
    LedgerHead,
    SM2Signer,
    Store,
    make_engine,
    mask_url,
    scrub,
)
from random_inspection.store.ledger import entry_body, entry_hash
from random_inspection.store.schema import ledger, setting
from tests.store_support import fresh_store, pg_url_or_skip

ADMIN = Actor("XT-GL", "系统管理员甲", Role.ADMINISTRATOR, "yjj")
OFFICE = Actor("XC-SSJB", "局双随机领导小组办公室", Role.DOUBLE_RANDOM_OFFICE, "yjj")
INSPECTOR = Actor("XC001", "执法人员01", Role.INSPECTOR, "yjj")
SIGNERS: dict[str, Any] = {ADMIN.id: Ed25519Signer.generate(), OFFICE.id: SM2Signer.generate(),
                           INSPECTOR.id: Ed25519Signer.generate()}


def hands(actor: Actor) -> dict[str, Any]:
    return {"actor": actor, "signer": SIGNERS[actor.id]}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(request.param, tmp_path)


def registered(store: Store, *actors: Actor) -> Store:
    """``store`` created by ADMIN, with ``actors`` enrolled."""
    store.create_ledger(administrator=ADMIN, signer=SIGNERS[ADMIN.id])
    for actor in actors:
        signer = SIGNERS[actor.id]
        store.enrol(actor, signer.algorithm, signer.public_key, **hands(ADMIN))
    return store


def publish(store: Store, n: int, actor: Actor = OFFICE) -> None:
    for i in range(n):
        store.append(EntryKind.PUBLISHED, {"n": i}, plan_id="P", **hands(actor))


def rows(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(ledger).order_by(ledger.c.seq))]


def rewrite_unsigned(store: Store, kind: EntryKind | None = EntryKind.PUBLISHED) -> None:
    """The insider's rewrite (attack 2): every entry as an unsigned "legacy" one (as ``kind``, or its own kind),
    actor stripped, a forged payload, the chain rehashed."""
    prev = GENESIS
    with store.engine.begin() as conn:
        for row in rows(store):
            as_kind = kind or EntryKind(row["kind"])
            body = entry_body(row["seq"], as_kind, row["plan_id"], None, {"forged": row["seq"]})
            hashed = entry_hash(prev, body)
            conn.execute(sa.update(ledger).where(ledger.c.seq == row["seq"]).values(
                kind=as_kind.value, body=body, prev_hash=prev, entry_hash=hashed, actor=None, algorithm=None,
                signature=None))
            prev = hashed


# -- the genesis entry: what must be signed is fixed in the chain ----------------------------------------------------


def test_a_store_is_created_by_a_signed_first_entry_naming_its_administrator(store: Store) -> None:
    registered(store, OFFICE)
    first = store.entries()[0]
    assert first.seq == 1 and first.kind is EntryKind.STORE_CREATED and first.actor == ADMIN.to_json()
    assert first.payload == {"ledger_hash": "sha256", "signatures": "every entry", "administrator": {
        "id": ADMIN.id, "name": ADMIN.name, "role": "系统管理员", "department": "yjj", "algorithm": "ed25519",
        "public_key": SIGNERS[ADMIN.id].public_key}}
    publish(store, 2)
    audit = store.audit(admin_key=SIGNERS[ADMIN.id].public_key)
    assert (audit.entries, audit.unsigned, audit.signatures_checked, audit.register_from) == (4, 0, 4, 1)
    assert audit.every_signature_checked and audit.head == store.ledger_head()
    with pytest.raises(StoreError, match="holds a ledger already"):  # created once
        store.create_ledger(administrator=ADMIN, signer=SIGNERS[ADMIN.id])
    with pytest.raises(InvalidInputError, match="系统管理员"):  # only an administrator founds a register
        Store(store.engine).open_register(administrator=OFFICE, signer=SIGNERS[OFFICE.id])


def test_a_store_created_with_signatures_refuses_an_unsigned_entry_anywhere(store: Store) -> None:
    registered(store, OFFICE)
    publish(store, 2)
    last = store.ledger_head()
    body = entry_body(last.seq + 1, EntryKind.PUBLISHED, "P", None, {"n": 9})  # no actor, as before version 6
    with store.engine.begin() as conn:
        conn.execute(sa.insert(ledger).values(seq=last.seq + 1, kind="published", plan_id="P", body=body,
                                              prev_hash=last.hash, entry_hash=entry_hash(last.hash, body)))
    with pytest.raises(LedgerBroken, match="no actor and no signature") as info:
        store.verify()
    assert info.value.seq == last.seq + 1


@pytest.mark.parametrize("settings_edit", ["delete every row", "raise signed_from", "signed_from nonsense"])
def test_no_settings_row_weakens_verification_of_the_unsigned_rewrite(store: Store, settings_edit: str) -> None:
    """Attack 2: every entry rewritten unsigned, the chain rehashed, and the settings rows edited or deleted.
    The settings decide nothing: against the published administrator key or head the rewrite fails, and
    without them verification reports every entry unsigned instead of claiming signatures were checked."""
    registered(store, OFFICE)
    publish(store, 3)
    head = store.ledger_head()
    rewrite_unsigned(store)
    with store.engine.begin() as conn:
        if settings_edit == "delete every row":
            conn.execute(sa.delete(setting).where(setting.c.name != "hash_algorithm"))
        else:
            value = "999" if settings_edit == "raise signed_from" else "none at all"
            conn.execute(sa.insert(setting).values(name="signed_from", value=value))
    with pytest.raises(LedgerBroken, match="administrator"):
        store.verify(admin_key=SIGNERS[ADMIN.id].public_key)
    with pytest.raises(LedgerBroken, match="published head") as info:
        store.verify(head=head)
    assert info.value.seq == head.seq  # the published entry no longer carries what was published
    audit = store.audit()
    assert audit.unsigned == 5 and audit.signatures_checked == 0 and not audit.every_signature_checked
    assert audit.register_from is None


def test_an_unsigned_rewrite_that_keeps_the_register_entries_fails_at_the_first(store: Store) -> None:
    registered(store, OFFICE)
    publish(store, 1)
    rewrite_unsigned(store, kind=None)
    with pytest.raises(LedgerBroken, match="without its administrator's signature") as info:
        store.verify()
    assert info.value.seq == 1


def test_deleting_the_hash_record_or_naming_another_hash_is_refused(store: Store) -> None:
    registered(store, OFFICE)
    with store.engine.begin() as conn:
        conn.execute(sa.update(setting).where(setting.c.name == "hash_algorithm").values(value="sm3"))
    with pytest.raises(LedgerBroken) as info:
        store.verify()
    assert info.value.seq == 1


def _legacy(store: Store) -> None:
    """A ledger as an earlier version left it: two unsigned entries, then two signed ones (no register)."""
    prev = GENESIS
    with store.engine.begin() as conn:
        for seq in (1, 2):
            body = entry_body(seq, EntryKind.PUBLISHED, "P", None, {"old": seq})
            hashed = entry_hash(prev, body)
            conn.execute(sa.insert(ledger).values(seq=seq, kind="published", plan_id="P", body=body, prev_hash=prev,
                                                  entry_hash=hashed))
            prev = hashed
    publish(store, 2)


def test_an_older_ledger_keeps_verifying_and_says_what_is_unsigned(store: Store) -> None:
    store.hash_algorithm  # noqa: B018  (records the hash, as the earlier version did)
    _legacy(store)
    audit = store.audit()
    assert (audit.entries, audit.unsigned, audit.signatures_checked, audit.signatures_unchecked) == (4, 2, 0, 2)
    assert not audit.every_signature_checked and audit.register_from is None
    checked = store.audit(keys=KeyRing.of({OFFICE.id: SIGNERS[OFFICE.id]}))
    assert (checked.unsigned, checked.signatures_checked, checked.signatures_unchecked) == (2, 2, 0)
    with pytest.raises(LedgerBroken, match="no entry founds a key register"):
        store.verify(admin_key=SIGNERS[ADMIN.id].public_key)
    # the way in: the administrator opens a register in the chain, then enrols the actors
    opened = store.open_register(administrator=ADMIN, signer=SIGNERS[ADMIN.id])
    assert opened.seq == 5 and opened.payload["after"] == 4 and opened.kind is EntryKind.REGISTER_OPENED
    with pytest.raises(InvalidInputError, match="not in the key register"):  # from now on, only the register
        publish(store, 1)
    store.enrol(OFFICE, SIGNERS[OFFICE.id].algorithm, SIGNERS[OFFICE.id].public_key, **hands(ADMIN))
    publish(store, 1)
    audit = store.audit(admin_key=SIGNERS[ADMIN.id].public_key)
    assert (audit.entries, audit.unsigned, audit.signatures_checked, audit.register_from) == (7, 2, 3, 5)
    with pytest.raises(StoreError, match="holds a key register already"):
        store.open_register(administrator=ADMIN, signer=SIGNERS[ADMIN.id])


# -- the register the chain holds ------------------------------------------------------------------------------------


def test_every_write_is_checked_against_the_register_the_chain_holds(store: Store) -> None:
    registered(store, OFFICE, INSPECTOR)
    before = len(store.entries())
    stranger = Actor("MALLORY", "某人", Role.DOUBLE_RANDOM_OFFICE, "yjj")
    promoted = Actor(INSPECTOR.id, INSPECTOR.name, Role.DOUBLE_RANDOM_OFFICE, "yjj")  # an inspector's own key
    moved = Actor(OFFICE.id, OFFICE.name, OFFICE.role, "scjgj")
    for actor, signer, words in [(stranger, SM2Signer.generate(), "not in the key register"),
                                 (OFFICE, SM2Signer.generate(), "not the one the register holds"),
                                 (promoted, SIGNERS[INSPECTOR.id], "acts as role '双随机办'"),
                                 (moved, SIGNERS[OFFICE.id], "acts as department 'scjgj'")]:
        with pytest.raises(InvalidInputError, match=words):
            store.append(EntryKind.PUBLISHED, {"n": 1}, actor=actor, signer=signer)
    assert len(store.entries()) == before  # nothing written, not even a refusal: none of them can be held to one
    store.revoke(OFFICE.id, "调离", **hands(ADMIN))
    with pytest.raises(InvalidInputError, match="revoked at entry"):
        publish(store, 1)
    assert store.register().get(OFFICE.id) is None  # type: ignore[union-attr]
    store.verify()


def test_only_an_administrator_changes_the_register_and_takes_no_inspection_step(store: Store) -> None:
    registered(store, OFFICE)
    signer = SM2Signer.generate()
    with pytest.raises(PermissionRefused, match="only a 系统管理员") as info:  # the office enrols its own friend
        store.enrol(INSPECTOR, signer.algorithm, signer.public_key, **hands(OFFICE))
    assert store.entries()[-1].kind is EntryKind.REFUSED and store.entries()[-1].seq == info.value.entry
    with pytest.raises(InvalidInputError, match="has a key in the register already"):
        store.enrol(OFFICE, signer.algorithm, signer.public_key, **hands(ADMIN))
    with pytest.raises(InvalidInputError, match="last administrator"):
        store.revoke(ADMIN.id, "离职", **hands(ADMIN))
    with pytest.raises(InvalidInputError, match="not a ed25519 public key"):
        store.enrol(INSPECTOR, "ed25519", "00" * 10, **hands(ADMIN))
    xuchang = store.bind(ProfileRegistry().resolve("xuchang", dt.date(2025, 1, 1)).permissions())
    with pytest.raises(PermissionRefused, match="separation of duties"):  # the administrator publishes nothing
        xuchang.append(EntryKind.PUBLISHED, {"n": 1}, **hands(ADMIN))
    with pytest.raises(InvalidInputError, match=r"written by store\.enrol"):
        store.append(EntryKind.KEY_ENROLLED, {"id": "X"}, **hands(ADMIN))
    assert store.verify() == len(store.entries())


def _insert_signed(store: Store, kind: EntryKind, payload: Any, actor: Actor, signer: Any) -> None:
    """What someone with write access to the tables (and a key) could append behind the store's back."""
    last = store.ledger_head()
    body = entry_body(last.seq + 1, kind, None, None, payload, actor.to_json())
    hashed = entry_hash(last.hash, body)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(ledger).values(seq=last.seq + 1, kind=kind.value, plan_id=None, body=body,
                                              prev_hash=last.hash, entry_hash=hashed, actor=actor.id,
                                              algorithm=signer.algorithm,
                                              signature=signer.sign(hashed.encode()).hex()))


def test_verify_rebuilds_the_register_from_the_chain(store: Store) -> None:
    registered(store, OFFICE, INSPECTOR)
    store.revoke(INSPECTOR.id, "执法证过期", **hands(ADMIN))
    good = store.ledger_head().seq
    # the revoked inspector signs on with the old key, written into the table directly
    _insert_signed(store, EntryKind.PUBLISHED, {"n": 1}, INSPECTOR, SIGNERS[INSPECTOR.id])
    with pytest.raises(LedgerBroken, match="revoked") as info:
        store.verify()
    assert info.value.seq == good + 1
    with store.engine.begin() as conn:
        conn.execute(sa.delete(ledger).where(ledger.c.seq > good))
    # the office enrols a key of its own making, written into the table directly
    friend = SM2Signer.generate()
    _insert_signed(store, EntryKind.KEY_ENROLLED, {
        "id": "FRIEND", "name": "友", "role": "双随机办", "department": "yjj", "algorithm": friend.algorithm,
        "public_key": friend.public_key}, OFFICE, SIGNERS[OFFICE.id])
    with pytest.raises(LedgerBroken, match="only a 系统管理员 enrols") as info:
        store.verify()
    assert info.value.seq == good + 1
    with pytest.raises(LedgerBroken):  # and no write is taken on a register the chain cannot hold
        publish(store, 1)


# -- published heads -------------------------------------------------------------------------------------------------


def test_a_ledger_head_reads_and_prints_as_seq_colon_hash() -> None:
    head = LedgerHead(7, "ab" * 32)
    assert str(head) == f"7:{'ab' * 32}" and LedgerHead.parse(str(head)) == head
    assert LedgerHead.parse(f" 7:{'AB' * 32} ") == head
    for bad in ("7", f"x:{'ab' * 32}", "7:abc", f"０:{'ab' * 32}", f"0:{'ab' * 32}", f"3:{GENESIS}"):
        with pytest.raises(InvalidInputError, match=r"ledger head|entry hash|64 zeros"):
            LedgerHead.parse(bad)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(1, 6), st.integers(0, 5))
def test_a_tail_cut_after_a_head_was_published_fails_against_it(tmp_path: Path, published: int, cut: int) -> None:
    store = registered(Store.open(tmp_path / f"cut-{published}-{cut}.sqlite3"), OFFICE)
    publish(store, published)
    head = store.ledger_head()
    publish(store, 2)  # the ledger grows after publication: the head still holds
    assert store.verify(head=head) == head.seq + 2 and store.verify(head=str(head)) == head.seq + 2
    keep = head.seq - 1 - min(cut, head.seq - 1)  # cut back to before the published head
    with store.engine.begin() as conn:
        conn.execute(sa.delete(ledger).where(ledger.c.seq > keep))
    with pytest.raises(LedgerBroken, match="published head") as info:
        store.verify(head=head)
    assert info.value.seq == keep + 1
    with pytest.raises(LedgerBroken, match="published head"):  # the old plain-hash form too
        store.verify(head=head.hash)
    store.verify()  # the cut ledger is whole in itself: only the published head tells
    store.close()


def test_a_chain_rewritten_consistently_fails_against_a_published_head(store: Store, tmp_path: Path) -> None:
    """The administrator and the office, holding their keys, re-make the whole ledger with another history: every
    signature good, every link whole, but not the head the bureau published."""
    registered(store, OFFICE)
    publish(store, 3)
    head = store.ledger_head()
    remade = registered(Store.open(tmp_path / "remade.sqlite3"), OFFICE)
    remade.append(EntryKind.PUBLISHED, {"n": 0}, plan_id="P", **hands(OFFICE))
    remade.append(EntryKind.PUBLISHED, {"n": 42}, plan_id="P", **hands(OFFICE))  # the history they prefer
    remade.append(EntryKind.PUBLISHED, {"n": 2}, plan_id="P", **hands(OFFICE))
    assert remade.verify(admin_key=SIGNERS[ADMIN.id].public_key) == head.seq  # whole in itself
    with pytest.raises(LedgerBroken, match="published head") as info:
        remade.verify(head=head)
    assert info.value.seq == head.seq  # the published entry's hash is not the one entry 4's change led to
    remade.close()


# -- read-only verification ------------------------------------------------------------------------------------------

WRITES = ("insert", "update", "delete", "create", "drop", "alter", "replace")


def _statements(store: Store) -> list[str]:
    seen: list[str] = []
    sa.event.listen(store.engine, "before_cursor_execute",
                    lambda _c, _cur, statement, *_a: seen.append(statement.strip().lower()))
    return seen


def test_verification_needs_only_a_read_only_copy(tmp_path: Path) -> None:
    source = tmp_path / "bureau.sqlite3"
    store = registered(Store.open(source), OFFICE)
    publish(store, 2)
    head = store.ledger_head()
    store.close()
    folder = tmp_path / "copy"
    folder.mkdir()
    copy = folder / "bureau.sqlite3"
    copy.write_bytes(source.read_bytes())
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    copy.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # 0444
    folder.chmod(0o555)
    try:
        auditor = Store.open(copy, readonly=True)
        seen = _statements(auditor)
        audit = auditor.audit(head=head, admin_key=SIGNERS[ADMIN.id].public_key)
        assert audit.entries == head.seq and audit.every_signature_checked
        assert auditor.register() is not None and auditor.hash_algorithm.name == "sha256"
        assert seen and not [s for s in seen if s.split()[0] in WRITES or "journal_mode" in s]
        with pytest.raises(StoreError, match="read-only"):  # the store refuses to write ...
            auditor.append(EntryKind.PUBLISHED, {"n": 1}, **hands(OFFICE))
        with pytest.raises(sa.exc.OperationalError, match="readonly"), auditor.engine.begin() as conn:
            conn.execute(sa.delete(ledger))  # ... and so does the connection itself
        auditor.close()
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == digest
    finally:
        folder.chmod(0o755)


def test_a_read_only_open_migrates_nothing_and_refuses_an_old_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    Store(make_engine(path)).migrate(to=5)
    with pytest.raises(SchemaVersionError, match="read-only verification reads versions 6"):
        Store.open(path, readonly=True)
    Store(make_engine(path)).migrate(to=6)
    auditor = Store.open(path, readonly=True)
    assert auditor.version == 6 and auditor.verify() == 0  # read as it is, not brought up to date
    auditor.close()
    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open(tmp_path / "missing.sqlite3", readonly=True)
    assert not (tmp_path / "missing.sqlite3").exists()


def test_verification_on_postgresql_with_a_read_only_role(tmp_path: Path) -> None:
    url = pg_url_or_skip()
    owner = Store.open(url)
    owner.drop_all()
    owner = Store.open(url)
    try:
        registered(owner, OFFICE)
        publish(owner, 2)
        head = owner.ledger_head()
        with owner.engine.begin() as conn:
            conn.exec_driver_sql("DROP ROLE IF EXISTS ri_auditor")
            conn.exec_driver_sql("CREATE ROLE ri_auditor LOGIN PASSWORD 'auditor-pw'")
            conn.exec_driver_sql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO ri_auditor")
        parsed = sa.engine.make_url(url).set(username="ri_auditor", password="auditor-pw")
        auditor = Store.open(parsed.render_as_string(hide_password=False), readonly=True)
        assert auditor.verify(head=head, admin_key=SIGNERS[ADMIN.id].public_key) == head.seq
        with pytest.raises(StoreError, match="read-only"):
            auditor.append(EntryKind.PUBLISHED, {"n": 1}, **hands(OFFICE))
        auditor.close()
    finally:
        owner.drop_all()
        with owner.engine.begin() as conn:
            conn.exec_driver_sql("DROP OWNED BY ri_auditor")
            conn.exec_driver_sql("DROP ROLE IF EXISTS ri_auditor")
        owner.close()


# -- URLs masked -----------------------------------------------------------------------------------------------------

SECRET = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=6, max_size=24)


def _encoded(password: str) -> str:
    from urllib.parse import quote

    return quote(password, safe="")


@settings(max_examples=200, deadline=None)
@given(SECRET, st.sampled_from(["password", "pass", "PASSWORD", "passwd", "pwd", "sslpassword", "secret", "token"]),
       st.booleans())
def test_mask_url_hides_a_password_in_the_userinfo_and_the_query(password: str, name: str, encode: bool) -> None:
    shown = _encoded(password) if encode else password
    # unencoded, a password cannot hold what ends it (a query's separators) or whitespace (no URL holds any)
    assume(not any(c in shown for c in "&#;") and not any(c.isspace() for c in shown))
    for url in (f"postgresql+psycopg://inspect:{shown}@db.example:5432/bureau",
                f"postgresql+psycopg://inspect@db.example/bureau?sslmode=require&{name}={shown}",
                f"postgresql://db.example/bureau?{name}={shown}&application_name=ri"):
        masked = mask_url(url)
        assume(url.count(shown) == 1)  # the password is not also part of the scheme, the host, the user, ...
        assert shown not in masked and "***" in masked
        assert shown not in scrub(f"could not connect to {url}: password {shown} was refused", url)
    assert mask_url("/srv/bureau.sqlite3") == "/srv/bureau.sqlite3"
    assert mask_url("postgresql://u:p@ss@db/x?password=a@b&pass=c") == "postgresql://u:***@db/x?password=***&pass=***"


@settings(max_examples=25, deadline=None)
@given(st.text(st.sampled_from("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_."), min_size=10,
               max_size=20))
def test_no_command_prints_a_store_password(password: str) -> None:
    from click.testing import CliRunner

    from random_inspection.cli import main

    for url in (f"postgresql+psycopg://inspect:{password}@127.0.0.1:9/bureau",
                f"postgresql+psycopg://inspect@127.0.0.1:9/bureau?password={password}",
                f"nosuchdb://inspect@host/db?pass={password}"):
        for args in (["ledger", "verify", "--store", url], ["ledger", "show", "--store", url],
                     ["ledger", "keys", "--store", url]):
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 2 and result.stderr.startswith("error: "), result.output
            assert password not in result.stdout + result.stderr


def test_store_errors_never_carry_the_password() -> None:
    url = "postgresql+psycopg://inspect@127.0.0.1:9/bureau?password=s3cr3t-pw&sslmode=disable"
    with pytest.raises(StoreError) as info:
        Store.open(url)
    assert "s3cr3t-pw" not in str(info.value) and "***" in str(info.value)


def test_the_migration_after_signed_from_drops_it(tmp_path: Path) -> None:
    store = Store(make_engine(tmp_path / "s.sqlite3"))
    store.migrate(to=6)
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(setting.c.value).where(setting.c.name == "signed_from")).scalar() == "1"
    assert store.migrate() == MIGRATIONS[-1].version >= 7
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(setting.c.name)).scalars().all() == []
    assert os.path.exists(tmp_path / "s.sqlite3")
    store.close()


MEMBERS = [OFFICE, INSPECTOR, Actor("XC002", "执法人员02", Role.INSPECTOR, "yjj"),
           Actor("XT-GL2", "系统管理员乙", Role.ADMINISTRATOR, "yjj")]
MEMBER_KEYS: dict[str, Any] = {**SIGNERS, "XC002": Ed25519Signer.generate(), "XT-GL2": SM2Signer.generate()}
STEP = st.tuples(st.sampled_from(["enrol", "revoke", "publish"]), st.sampled_from([ADMIN, *MEMBERS]),
                 st.sampled_from(MEMBERS), st.booleans())


@settings(max_examples=25, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=12))
def test_whatever_the_store_accepts_verifies_and_what_it_refuses_changes_nothing_else(
        steps: list[tuple[str, Actor, Actor, bool]]) -> None:
    """Any sequence of enrolments, revocations and entries, by any actor with their own key or a stranger's: each
    write the store takes verifies against the register the chain rebuilds, and a refused one adds at most its
    own refusal entry, signed by a registered actor."""
    store = registered(Store.open("sqlite://"))
    for what, actor, member, own_key in steps:
        signer = MEMBER_KEYS[actor.id] if own_key else Ed25519Signer.generate()
        before = len(store.entries())
        try:
            if what == "enrol":
                key = MEMBER_KEYS[member.id]
                store.enrol(member, key.algorithm, key.public_key, actor=actor, signer=signer)
            elif what == "revoke":
                store.revoke(member.id, "调离", actor=actor, signer=signer)
            else:
                store.append(EntryKind.PUBLISHED, {"n": before}, actor=actor, signer=signer)
        except PermissionRefused:
            (noted,) = store.entries()[before:]
            assert noted.kind is EntryKind.REFUSED and own_key
        except InvalidInputError:
            assert len(store.entries()) == before
        else:
            assert len(store.entries()) == before + 1 and own_key
        audit = store.audit(admin_key=SIGNERS[ADMIN.id].public_key)
        assert audit.every_signature_checked and audit.entries == len(store.entries())
    store.close()
