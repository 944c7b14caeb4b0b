"""Shared set-up of the store tests: a store on SQLite (a temporary file) and on PostgreSQL (the server named by
RANDOM_INSPECTION_PG_URL, which `.ci/run` starts; without it the PostgreSQL cases are skipped, unless
RANDOM_INSPECTION_REQUIRE_PG=1 makes that a failure, as CI does)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from random_inspection.model import Actor, Role
from random_inspection.store import Ed25519Signer, Entry, KeyRing, Store, make_engine

OFFICE = Actor("XC-SSJB", "局双随机领导小组办公室", Role.DOUBLE_RANDOM_OFFICE, "yjj")
OFFICE_SIGNER = Ed25519Signer.generate()
AS = {"actor": OFFICE, "signer": OFFICE_SIGNER}
"""The actor and signer of the store tests that are not about permissions (the stores there are unrestricted)."""
KEYS = KeyRing.of({OFFICE.id: OFFICE_SIGNER})

PG_URL = os.environ.get("RANDOM_INSPECTION_PG_URL")
REQUIRE_PG = os.environ.get("RANDOM_INSPECTION_REQUIRE_PG") == "1"


def pg_url_or_skip() -> str:
    if PG_URL:
        return PG_URL
    if REQUIRE_PG:
        pytest.fail("RANDOM_INSPECTION_REQUIRE_PG=1 but RANDOM_INSPECTION_PG_URL is not set")
    pytest.skip("no PostgreSQL server: set RANDOM_INSPECTION_PG_URL (.ci/postgres.sh starts one)")


def store_url(kind: str, tmp_path: Path) -> str:
    return str(tmp_path / "store.sqlite3") if kind == "sqlite" else pg_url_or_skip()


def fresh_store(kind: str, tmp_path: Path, *, migrate: bool = True,
                hash_algorithm: str | None = None) -> Iterator[Store]:
    """A store with nothing in it (accepting draw-v1 manifests), created with ``hash_algorithm`` if given (on
    PostgreSQL, the shared test database emptied first and after)."""
    url = store_url(kind, tmp_path)
    if kind == "postgresql":
        Store.open(url, migrate=True).drop_all()
    # the store tests build their manifests the draw-v1 way (no announced time): accepted here by name, as a
    # bureau finishing a plan begun under draw-v1 would; the refusal of draw-v1 by default is tested on its own
    store = (Store.open(url, hash_algorithm=hash_algorithm, accept_draw_v1=True) if migrate
             else Store(make_engine(url), accept_draw_v1=True))
    try:
        yield store
    finally:
        if kind == "postgresql":
            store.drop_all()
        store.close()


def sm2_signed_entries(folder: Path) -> tuple[list[Entry], dict[str, str]]:
    """A store signed in SM2 (its administrator's key from PKCS#8 PEM, an enrolled office's generated), with an
    entry of each: the entries, and each actor's public key as ``ledger keys`` lists it (for the interop tests
    with OpenSSL and Java)."""
    from random_inspection.io.actorfile import load_actor
    from random_inspection.store import SM2, EntryKind, SM2Signer
    from random_inspection.store.signing import new_private_key_pem

    examples = Path(__file__).resolve().parent.parent / "examples" / "actors"
    admin, _ = load_actor(examples / "xc-admin.toml")
    office, _ = load_actor(examples / "xc-office.toml")
    signer, office_signer = SM2Signer(new_private_key_pem(SM2)), SM2Signer.generate()
    store = Store.create(folder / "store.sqlite3", administrator=admin, signer=signer)
    try:
        store.enrol(office, SM2, office_signer.public_key, actor=admin, signer=signer)
        store.append(EntryKind.PUBLISHED, {"n": 1}, plan_id="P", actor=office, signer=office_signer)
        return store.entries(), {admin.id: signer.public_key, office.id: office_signer.public_key}
    finally:
        store.close()
