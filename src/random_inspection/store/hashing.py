"""The store's hash algorithm: named when the store is created, recorded in ``ri_setting`` and fixed for good
(docs/store.md, *The hash algorithm*)."""

from __future__ import annotations

import sqlalchemy as sa

from random_inspection.errors import InvalidInputError, LedgerBroken, SchemaVersionError, StoreError
from random_inspection.messages import tr
from random_inspection.sampling.hashes import SHA256, HashAlgorithm, hash_algorithm
from random_inspection.store.schema import ledger, setting

__all__ = ["HASH_SETTING", "recorded_hash", "requested_hash", "settle_hash", "verifying_hash"]

HASH_SETTING = "hash_algorithm"
"""The ``ri_setting`` row naming the ledger's hash."""


def requested_hash(name: HashAlgorithm | str | None) -> HashAlgorithm | None:
    """The algorithm a caller names (``None``: the store's own).

    Raises:
        InvalidInputError: an unknown name.
    """
    return None if name is None else hash_algorithm(name)


def _has_settings(conn: sa.Connection) -> bool:
    return sa.inspect(conn).has_table(setting.name)


def recorded_hash(conn: sa.Connection) -> HashAlgorithm | None:
    """The algorithm the database records; ``None`` where it records none (an empty store not yet written to,
    or a schema from before the migration that made ``ri_setting``).

    Raises:
        StoreError: the record names an unknown algorithm.
    """
    if not _has_settings(conn):
        return None
    value = conn.execute(sa.select(setting.c.value).where(setting.c.name == HASH_SETTING)).scalar()
    if value is None:
        return None
    try:
        return hash_algorithm(str(value))
    except InvalidInputError:
        raise StoreError(tr("the store records an unknown hash algorithm {value!r}", value=value), where=setting.name,
                         fix=tr("restore the store's ri_setting row from a backup (sha256 or sm3)")) from None


def settle_hash(conn: sa.Connection, requested: HashAlgorithm | None, where: str) -> tuple[HashAlgorithm, bool]:
    """The store's algorithm, in a writing transaction: the recorded one, or — where none is recorded yet —
    the one asked for (else SHA-256), recorded now. The flag says whether it is recorded (and so will not
    change); a schema from before ``ri_setting`` has nowhere to record it and is SHA-256.

    Raises:
        StoreError: the store was created with another algorithm than the one asked for.
        SchemaVersionError: SM3 asked of a schema too old to record it.
        LedgerBroken: a store with entries whose record was deleted.
    """
    recorded = recorded_hash(conn)
    if recorded is None:
        if not _has_settings(conn):
            if requested not in (None, SHA256):
                raise SchemaVersionError(tr("the store's schema is too old to record a hash algorithm"), where=where,
                                         fix=tr("open it with migrate=True"))
            return SHA256, False
        if conn.execute(sa.select(ledger.c.seq).limit(1)).first() is not None:
            # migration 5 recorded SHA-256 for every store that had entries: one without the record lost it
            raise LedgerBroken(1, tr("the store records no hash algorithm, yet it has entries (its {name} row was "
                                     "deleted); nothing is written to it", name=setting.name))
        recorded = requested or SHA256
        conn.execute(sa.insert(setting).values(name=HASH_SETTING, value=recorded.name))
    elif requested is not None and requested != recorded:
        raise StoreError(
            tr("the store was created with the hash algorithm {name}; it is opened with {name2}", name=recorded.name,
               name2=requested.name),
            where=where,
            fix=tr("open it with hash_algorithm={name!r}, or name none: a store's hash is fixed when it is created "
                   "(make a new store for another)", name=recorded.name),
        )
    return recorded, True


def verifying_hash(conn: sa.Connection) -> HashAlgorithm:
    """The algorithm ``verify`` checks the chain with, read afresh: the record is part of what is checked.

    Raises:
        LedgerBroken: a store with entries that records no algorithm (its record was deleted).
        StoreError: the record names an unknown algorithm.
    """
    recorded = recorded_hash(conn)
    if recorded is not None:
        return recorded
    if _has_settings(conn) and conn.execute(sa.select(ledger.c.seq).limit(1)).first() is not None:
        raise LedgerBroken(1, tr("the store records no hash algorithm, yet it has entries (its {name} row was "
                                 "deleted)", name=setting.name))
    return SHA256  # a store not yet written to, or from before hashes were named
