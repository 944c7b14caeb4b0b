"""The store: an append-only, hash-chained ledger of everything that matters (plans committed, draws and
redraws, reserve used, recusals, results, duties met, publications, refused attempts) and the inspection history
the yearly caps are counted from. Every entry names its actor and carries the actor's signature (SM2 or Ed25519).
SQLite (a file, no server) by default; PostgreSQL for production. The chain hashes with SHA-256 by default, or SM3
for a store created so. See docs/store.md."""

from random_inspection.store.ledger import GENESIS, LEDGER_VERSION, Entry, EntryKind, check_chain
from random_inspection.store.schema import MIGRATIONS, Migration
from random_inspection.store.signing import (
    ALGORITHMS,
    ED25519,
    SM2,
    Ed25519Signer,
    KeyRing,
    PublicKey,
    Signer,
    SM2Signer,
    new_private_key,
    signer_from_private_key,
    verify_signature,
)
from random_inspection.store.store import ACTION_OF_KIND, Store, make_engine, record_from_json, record_json

__all__ = [
    "ACTION_OF_KIND", "ALGORITHMS", "ED25519", "GENESIS", "LEDGER_VERSION", "MIGRATIONS", "SM2", "Ed25519Signer",
    "Entry", "EntryKind", "KeyRing", "Migration", "PublicKey", "SM2Signer", "Signer", "Store", "check_chain",
    "make_engine", "new_private_key", "record_from_json", "record_json", "signer_from_private_key",
    "verify_signature",
]
