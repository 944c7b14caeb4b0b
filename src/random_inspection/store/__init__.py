"""The store: an append-only, hash-chained ledger of everything that matters (plans committed, draws and
redraws, reserve used, recusals, results, duties met, publications) and the inspection history the yearly
caps are counted from. SQLite (a file, no server) by default; PostgreSQL for production. The chain hashes with
SHA-256 by default, or SM3 for a store created so. See docs/store.md."""

from random_inspection.store.ledger import GENESIS, LEDGER_VERSION, Entry, EntryKind, check_chain
from random_inspection.store.schema import MIGRATIONS, Migration
from random_inspection.store.store import Store, make_engine, record_from_json, record_json

__all__ = [
    "GENESIS", "LEDGER_VERSION", "MIGRATIONS", "Entry", "EntryKind", "Migration", "Store", "check_chain",
    "make_engine", "record_from_json", "record_json",
]
