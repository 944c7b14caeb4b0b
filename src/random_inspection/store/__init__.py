"""The store: an append-only, hash-chained ledger of everything that matters (plans committed, draws and
redraws, reserve used, recusals, results, duties met, publications, refused attempts) and the inspection history
the yearly caps are counted from. Every entry names its actor and carries the actor's signature (SM2 or Ed25519).
SQLite (a file, no server) by default; PostgreSQL for production. The chain hashes with SHA-256 by default, or SM3
for a store created so. See docs/store.md."""

from random_inspection.store.committed import check_committed
from random_inspection.store.ledger import (
    GENESIS,
    LEDGER_VERSION,
    REGISTER_KINDS,
    Audit,
    Entry,
    EntryKind,
    LedgerHead,
    audit_chain,
    check_chain,
)
from random_inspection.store.recording import RecordedResults, Refusal, record_results
from random_inspection.store.register import ADMINISTRATOR, Enrolment, Register
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
    new_private_key_pem,
    public_key_hex,
    public_key_pem,
    signer_from_pem,
    signer_from_private_key,
    verify_signature,
)
from random_inspection.store.store import ACTION_OF_KIND, Store, make_engine, record_from_json, record_json
from random_inspection.store.urls import mask_url, scrub

__all__ = [
    "ACTION_OF_KIND", "ADMINISTRATOR", "ALGORITHMS", "ED25519", "GENESIS", "LEDGER_VERSION", "MIGRATIONS",
    "REGISTER_KINDS", "SM2", "Audit", "Ed25519Signer", "Enrolment", "Entry", "EntryKind", "KeyRing", "LedgerHead",
    "Migration", "PublicKey", "RecordedResults", "Refusal", "Register", "SM2Signer", "Signer", "Store",
    "audit_chain", "check_chain", "check_committed",
    "make_engine", "mask_url", "new_private_key", "new_private_key_pem", "public_key_hex", "public_key_pem",
    "record_from_json", "record_json", "record_results", "scrub", "signer_from_pem", "signer_from_private_key",
    "verify_signature",
]
