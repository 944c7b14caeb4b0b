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

__all__ = ["MIGRATIONS", "Migration", "inspections", "ledger", "metadata", "schema_version", "snapshot"]

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
)

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
)


@attrs.frozen
class Migration:
    """One step of the schema: its version, what it does, and the DDL it runs on a connection."""

    version: int
    description: str
    upgrade: Callable[[sa.Connection], None]


def _create(*tables: sa.Table) -> Callable[[sa.Connection], None]:
    def run(conn: sa.Connection) -> None:
        for table in tables:  # the table only: its indexes come in migrations of their own
            conn.execute(sa.schema.CreateTable(table))
    return run


def _create_index(index_name: str) -> Callable[[sa.Connection], None]:
    def run(conn: sa.Connection) -> None:
        (index,) = [i for t in metadata.tables.values() for i in t.indexes if i.name == index_name]
        index.create(conn)
    return run


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the hash-chained ledger", _create(ledger)),
    Migration(2, "inspection history for the yearly caps", _create(inspections)),
    Migration(3, "an index of the history by year, kind and subject", _create_index("ri_inspection_by_year")),
    Migration(4, "frozen subject snapshots for the draw inside the database", _create(snapshot)),
)
"""Every schema step in order; the last one's version is the schema this library writes."""
