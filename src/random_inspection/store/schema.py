"""The store's tables (SQLAlchemy Core) and their versioned migrations.

The schema is built only by :data:`MIGRATIONS`, in order, each in its own transaction; the table
``schema_version`` records every migration applied. A database made by a newer library (a version above the
last one known here) is refused rather than guessed at. Add a migration at the end; never edit one that has
shipped.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import sqlalchemy as sa

__all__ = [
    "BOOTSTRAP", "MIGRATIONS", "Migration", "inspections", "ledger", "metadata", "schema_version", "setting",
    "snapshot",
]

metadata = sa.MetaData()

schema_version = sa.Table(
    "ri_schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.Text, nullable=False),
)

# The append-only ledger: one row per entry, hash-chained (docs/store.md). ``body`` is the canonical JSON that
# is hashed; ``kind`` and ``plan_id`` repeat two of its fields for queries, and verification checks they agree.
ledger = sa.Table(
    "ri_ledger", metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("plan_id", sa.Text, nullable=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=False, unique=True),
    # since version 5: the actor's id (repeating the body's, for queries; verification checks they agree), the
    # algorithm and the signature (hex) over the entry hash. Empty on entries made before.
    sa.Column("actor", sa.Text, nullable=True),
    sa.Column("algorithm", sa.Text, nullable=True),
    sa.Column("signature", sa.Text, nullable=True),
)
sa.Index("ri_ledger_by_actor", ledger.c.actor)
sa.Index("ri_ledger_by_kind", ledger.c.kind)  # since version 7: the key register's entries, read at every write

# Inspections made, by subject, year and kind: the history the yearly caps are counted from. Written in the
# same transaction as the ledger entry that records the result (``seq``).
inspections = sa.Table(
    "ri_inspection", metadata,
    sa.Column("seq", sa.BigInteger, sa.ForeignKey("ri_ledger.seq"), primary_key=True, autoincrement=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("plan_id", sa.Text, nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
)
sa.Index("ri_inspection_by_year", inspections.c.year, inspections.c.kind, inspections.c.subject)

# A frozen eligibility snapshot of a manifest's subjects (draw-v1 §3 <subject>), for the draw inside the
# database: a registry copies its rows here (INSERT … SELECT) when it freezes the manifest.
snapshot = sa.Table(
    "ri_snapshot_subject", metadata,
    sa.Column("snapshot", sa.Text, primary_key=True),
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("area", sa.Text, nullable=False),
    sa.Column("domain", sa.Text, nullable=False),
    sa.Column("sector", sa.Text, nullable=True),
    sa.Column("subject_type", sa.Text, nullable=False),
    sa.Column("industry", sa.Text, nullable=True),
    sa.Column("credit_risk", sa.Text, nullable=True),
    sa.Column("in_existence", sa.Boolean, nullable=False),
    sa.Column("exempt", sa.Boolean, nullable=False),
    sa.Column("history", sa.Integer, nullable=False),
    # since version 8: the row's canonical JSON (draw-v1 §3), as the manifest writes the subject. On PostgreSQL
    # a stored generated column (``ri_subject_entry`` of the fields, never written directly), so that the draw
    # inside the database checks the snapshot by hashing these texts; empty on SQLite, which does not draw.
    sa.Column("entry", sa.Text, nullable=True),
)

# The store's own settings, one row each, fixed when the store is created: ``hash_algorithm`` ("sha256" or "sm3"),
# the hash of the ledger's chain (docs/store.md), which a store_created entry names too. No row decides what
# verification checks.
setting = sa.Table(
    "ri_setting", metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


@attrs.frozen
class Migration:
    """One step of the schema: its version, what it does, and the DDL it runs on a connection."""

    version: int
    description: str
    upgrade: Callable[[sa.Connection], None]


def _sql(*statements: str) -> Callable[[sa.Connection], None]:
    def run(conn: sa.Connection) -> None:
        for statement in statements:
            conn.exec_driver_sql(statement)
    return run


def _by_dialect(**statements: tuple[str, ...]) -> Callable[[sa.Connection], None]:
    """A step whose DDL differs by database (``postgresql=``, ``sqlite=``)."""
    def run(conn: sa.Connection) -> None:
        _sql(*statements[conn.dialect.name])(conn)
    return run


_ENTRY_FUNCTION_OF_MIGRATION_8 = (
    "CREATE OR REPLACE FUNCTION ri_subject_entry(area text, credit_risk text, domain text, exempt boolean, "
    "history integer, id text, in_existence boolean, industry text, sector text, subject_type text) "
    "RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$BEGIN RETURN "
    "'{\"area\":' || pg_catalog.to_json(area) || ',\"credit_risk\":' || "
    "coalesce(pg_catalog.to_json(credit_risk)::text, 'null') || ',\"domain\":' || pg_catalog.to_json(domain) || "
    "',\"exempt\":' || CASE WHEN exempt THEN 'true' ELSE 'false' END || ',\"history\":' || history || "
    "',\"id\":' || pg_catalog.to_json(id) || ',\"in_existence\":' || "
    "CASE WHEN in_existence THEN 'true' ELSE 'false' END || ',\"industry\":' || "
    "coalesce(pg_catalog.to_json(industry)::text, 'null') || ',\"sector\":' || "
    "coalesce(pg_catalog.to_json(sector)::text, 'null') || ',\"subject_type\":' || "
    "pg_catalog.to_json(subject_type) || '}'; END$$"
)
"""Migration 8's ``ri_subject_entry``, as it shipped: its operators (``||``) resolved in the path of names of the
session that writes a row."""

SUBJECT_ENTRY_FUNCTION = _ENTRY_FUNCTION_OF_MIGRATION_8.replace(
    "IMMUTABLE PARALLEL SAFE AS $$", "IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog AS $$")
"""PostgreSQL: a subject's canonical JSON (draw-v1 §3: keys sorted, no white space, strings escaped as
``json.dumps(ensure_ascii=False)`` escapes them — ``to_json`` escapes the same characters the same way —
booleans and integers bare, null as ``null``) from its fields. Declared IMMUTABLE so that a generated column
may call it: for text, ``to_json`` depends on no setting. Since migration 9 it runs with ``pg_catalog`` alone as
its path of names, so that the session writing a row cannot give its ``||`` an operator of its own (a schema put
first in its ``search_path``) and have the row's stored entry say other than its fields."""

SUBJECT_ENTRY_SIGNATURE = (
    "ri_subject_entry(text, text, text, boolean, integer, text, boolean, text, text, text)"
)
"""PostgreSQL: ``ri_subject_entry`` with its argument types, as ``DROP FUNCTION`` and ``to_regprocedure`` name it."""

SUBJECT_ENTRY_COLUMN = (
    "ri_subject_entry(area, credit_risk, domain, exempt, history, id, in_existence, industry, sector, subject_type)"
)
"""The generation expression of ``ri_snapshot_subject.entry`` on PostgreSQL."""


# Each migration's DDL is written out as it shipped (portable between SQLite and PostgreSQL), never derived from
# the tables above: changing a table later must not change what an old migration does. A test checks that the
# migrated schema is the tables above.
BOOTSTRAP = ("CREATE TABLE IF NOT EXISTS ri_schema_version "
             "(version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL)")

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the hash-chained ledger", _sql(
        "CREATE TABLE ri_ledger (seq BIGINT NOT NULL PRIMARY KEY, kind TEXT NOT NULL, plan_id TEXT, "
        "body TEXT NOT NULL, prev_hash VARCHAR(64) NOT NULL, entry_hash VARCHAR(64) NOT NULL UNIQUE)",
    )),
    Migration(2, "inspection history for the yearly caps", _sql(
        "CREATE TABLE ri_inspection (seq BIGINT NOT NULL PRIMARY KEY REFERENCES ri_ledger (seq), "
        "subject TEXT NOT NULL, plan_id TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL)",
    )),
    Migration(3, "an index of the history by year, kind and subject", _sql(
        "CREATE INDEX ri_inspection_by_year ON ri_inspection (year, kind, subject)",
    )),
    Migration(4, "frozen subject snapshots for the draw inside the database", _sql(
        "CREATE TABLE ri_snapshot_subject (snapshot TEXT NOT NULL, id TEXT NOT NULL, area TEXT NOT NULL, "
        "domain TEXT NOT NULL, sector TEXT, subject_type TEXT NOT NULL, industry TEXT, credit_risk TEXT, "
        "in_existence BOOLEAN NOT NULL, exempt BOOLEAN NOT NULL, history INTEGER NOT NULL, "
        "PRIMARY KEY (snapshot, id))",
    )),
    # A store with entries hashed them with SHA-256 (the only hash before this version); a new or empty one
    # records its hash when it is next opened (Store.open's hash_algorithm).
    Migration(5, "the store's settings, with the hash algorithm of its ledger", _sql(
        "CREATE TABLE ri_setting (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO ri_setting (name, value) SELECT 'hash_algorithm', 'sha256' WHERE EXISTS (SELECT 1 FROM ri_ledger)",
    )),
    Migration(6, "each entry's actor and its signature over the entry hash", _sql(
        "ALTER TABLE ri_ledger ADD COLUMN actor TEXT",
        "ALTER TABLE ri_ledger ADD COLUMN algorithm TEXT",
        "ALTER TABLE ri_ledger ADD COLUMN signature TEXT",
        "CREATE INDEX ri_ledger_by_actor ON ri_ledger (actor)",
        # every entry from this one on must be signed: 1 for a new store, the next one for a store with entries
        "INSERT INTO ri_setting (name, value) SELECT 'signed_from', CAST(COALESCE(MAX(seq), 0) + 1 AS TEXT) "
        "FROM ri_ledger",
    )),
    # Which entries must be signed is fixed in the chain (a store_created or register_opened entry), never in a
    # row: the signed_from row migration 6 wrote decides nothing any more, and goes.
    Migration(7, "an index of the ledger by kind, for the key register the chain holds", _sql(
        "CREATE INDEX ri_ledger_by_kind ON ri_ledger (kind)",
        "DELETE FROM ri_setting WHERE name = 'signed_from'",
    )),
    # The snapshot's rows as the manifest writes them, for the draw inside PostgreSQL to hash (docs/store.md);
    # snapshots frozen before get theirs computed when the column is added.
    Migration(8, "each snapshot row's canonical JSON, generated from its fields", _by_dialect(
        postgresql=(_ENTRY_FUNCTION_OF_MIGRATION_8, "ALTER TABLE ri_snapshot_subject ADD COLUMN entry TEXT "
                                            f"GENERATED ALWAYS AS ({SUBJECT_ENTRY_COLUMN}) STORED"),
        sqlite=("ALTER TABLE ri_snapshot_subject ADD COLUMN entry TEXT",),
    )),
    # The function's operators no longer taken from the writing session's path of names. Rows written before
    # are older than the function now: the draw inside the database refuses them until the subjects are loaded
    # again (docs/store.md).
    Migration(9, "the snapshot rows' canonical JSON made with PostgreSQL's own operators only", _by_dialect(
        postgresql=(SUBJECT_ENTRY_FUNCTION,),
        sqlite=(),
    )),
)
"""Every schema step in order; the last one's version is the schema this library writes."""
