"""draw-v1's subject selection (§6) run as SQL inside PostgreSQL, on a frozen snapshot of a manifest's subjects;
draw-v2 (SHA-256) manifests too, whose selection differs only in the seed's algorithm text (draw-v2 §6).

The database checks the snapshot itself — it rebuilds the manifest's canonical form around the snapshot's rows
and hashes it (``sha256``, PostgreSQL 11 and later), which must give the manifest's hash — then hashes every
eligible subject's ticket and returns only the drawn and reserve subjects, sorting only the tickets under each
stratum's bound. The few numbers in between — each stratum's eligible count, from the manifest's subjects that
the check proves the snapshot's rows are, and its ``n_h`` — come from the same
:func:`~random_inspection.sampling.selection.eligible_table` and :func:`~random_inspection.sampling.sample_sizes`
the in-process draw uses. The result is the in-process draw's ``strata``, ``subjects`` and ``reserve``, exactly
(tested on the same data; docs/store.md says why it also holds on a sharded engine).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import sqlalchemy as sa

from random_inspection.errors import InvalidInputError, StoreError
from random_inspection.messages import Message, tr
from random_inspection.sampling import SHA256, Manifest, StratumCount, SubjectEntry, derive_seed, sample_sizes
from random_inspection.sampling.selection import eligible_table, ticket_bound
from random_inspection.store.schema import (
    SUBJECT_ENTRY_COLUMN,
    SUBJECT_ENTRY_FUNCTION,
    SUBJECT_ENTRY_SIGNATURE,
    snapshot,
)
from random_inspection.store.store import Store
from random_inspection.store.urls import mask_url

__all__ = ["SubjectSelection", "load_snapshot", "manifest_frame", "select_subjects", "ticket_bound"]

_FIELDS = ("id", "area", "domain", "sector", "subject_type", "industry", "credit_risk", "in_existence", "exempt",
           "history")


@attrs.frozen
class SubjectSelection:
    """The subject part of a draw-v1 result: as :class:`~random_inspection.sampling.DrawResult` has it."""

    seed: str
    strata: tuple[StratumCount, ...]
    subjects: tuple[str, ...]
    reserve: tuple[tuple[str, tuple[str, ...]], ...]


def load_snapshot(store: Store, name: str, subjects: Iterable[SubjectEntry]) -> int:
    """Freeze subjects as snapshot ``name`` (a manifest's eligibility snapshot); return how many. On PostgreSQL
    the rows go in by ``COPY``, in the order given (the manifest's, id byte order, is the order the draw's
    check reads fastest), and the table is analysed. A registry that already lives in the database fills the
    table with ``INSERT … SELECT … ORDER BY id COLLATE "C"`` from its own tables instead, then ``ANALYZE``.

    Raises:
        StoreError: a snapshot of that name exists already.
    """
    with store.engine.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(snapshot).where(snapshot.c.snapshot == name)).scalar():
            raise StoreError(tr("snapshot {name!r} exists already", name=name), where=tr("the store's snapshots"),
                             fix=tr("a snapshot is frozen once: use a new name (the manifest hash, say)"))
        if store.engine.dialect.name == "postgresql":
            count = _copy(conn, name, subjects)
            conn.exec_driver_sql(f"ANALYZE {snapshot.name}")  # the planner's counts, for the draw's plans
            return count
        rows = [{"snapshot": name, **s.to_json()} for s in subjects]
        if rows:
            conn.execute(sa.insert(snapshot), rows)
        return len(rows)


def _copy(conn: sa.Connection, name: str, subjects: Iterable[SubjectEntry]) -> int:
    raw: Any = conn.connection.dbapi_connection
    count = 0
    buffer = io.StringIO()

    def text(v: Any) -> str:
        if v is None:
            return "\\N"
        if isinstance(v, bool):
            return "t" if v else "f"
        return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    for s in subjects:
        buffer.write("\t".join(text(v) for v in (name, *(getattr(s, f) for f in _FIELDS))) + "\n")
        count += 1
    with raw.cursor() as cursor, cursor.copy(
        f"COPY {snapshot.name} (snapshot, {', '.join(_FIELDS)}) FROM STDIN"
    ) as copy:
        copy.write(buffer.getvalue())
    return count


def manifest_frame(manifest: Manifest) -> tuple[bytes, bytes]:
    """The manifest's canonical form (draw-v1 §3) before and after the items of its ``subjects`` list: the
    canonical form is ``head + subject, subject, … + tail``. Made from the manifest without its subjects, so it
    costs nothing per subject."""
    head: list[bytes] = []
    tail: list[bytes] = []
    chunks = iter(attrs.evolve(manifest, subjects=()).chunks())
    for chunk in chunks:  # canonical_chunks yields each key, with its colon, as a chunk of its own
        head.append(chunk)
        if chunk.endswith(b'"subjects":'):
            head.append(next(chunks))  # the list's "["
            break
    tail.extend(chunks)  # from the list's "]" on
    return b"".join(head), b"".join(tail)


# The snapshot's rows (each one's canonical JSON, the generated column ``entry``) joined with commas, between
# the manifest's head and tail: their SHA-256 is the manifest hash exactly when the rows are the manifest's
# subjects, in its order (id byte order, §3). That holds in whatever order the rows were read, so the fast
# path reads them as they lie — a snapshot loaded in id order lies in id order — and only a mismatch is read
# again sorted (the C collation orders text by its UTF-8 bytes), to tell a row out of place from a row edited.
# The head goes before the row of the manifest's first id and the tail after the row of its last id, inside the
# aggregate's items (``string_agg`` puts no separator before the first item), so that every other row passes
# its ``entry`` straight to the aggregate — no union beside the scan, no per-row subquery — and the text of
# 180 MB or so at a million subjects is copied once, by the aggregate; with no rows it is the head and the tail.
# ``textsend`` gives its bytes in the client encoding, which the check's transaction sets to UTF-8
# (``convert_to`` would check the whole text's encoding again). A row read out of place, or the head or tail
# put on a row that is not first or last, only makes another text, and another hash (an entry begins
# ``{"area":``, the manifest ``{"algorithm":``), which sends the check to the sorted read: it can refuse a
# snapshot, never accept one. ``string_agg`` skips a NULL item, so the rows are counted twice — all of them, and
# those with an entry — and the snapshot refused unless they are alike: a row whose entry is NULL (a NOT NULL
# constraint dropped by SQL, a field made NULL) would be drawn, yet hashed as nothing.
_ROWS_HASH = ("SELECT count(*), count(entry), max(age(xmin)), encode(sha256(textsend(COALESCE(string_agg("
              "CASE WHEN id = :first OR id = :last THEN concat(CASE WHEN id = :first THEN "
              "convert_from(CAST(:head AS bytea), 'UTF8') END, entry, CASE WHEN id = :last THEN "
              "convert_from(CAST(:tail AS bytea), 'UTF8') END) ELSE entry END, ','{order}), "
              "convert_from(CAST(:head AS bytea), 'UTF8') || convert_from(CAST(:tail AS bytea), 'UTF8')))), 'hex') "
              f"FROM {snapshot.name} WHERE snapshot = :snapshot")
_IN_ID_ORDER = ' ORDER BY id COLLATE "C"'
_SORTED_CHECK_SQL = _ROWS_HASH.format(order=_IN_ID_ORDER)

# What makes ``entry`` the fields' canonical JSON: a stored generated column of ri_subject_entry, whose body is
# the one the store's migration wrote, run with pg_catalog alone as its path of names (migration 9: no operator
# of the writing session's own).
_ENTRY_CONFIG = "search_path=pg_catalog"
_MECHANISM_SQL = (
    "SELECT a.attgenerated, pg_get_expr(d.adbin, d.adrelid), p.prosrc, p.provolatile, "
    "pg_catalog.array_to_string(p.proconfig, ';') FROM pg_attribute a "
    "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    f"LEFT JOIN pg_proc p ON p.oid = to_regprocedure('{SUBJECT_ENTRY_SIGNATURE}') "
    f"WHERE a.attrelid = CAST('{snapshot.name}' AS regclass) AND a.attname = 'entry' AND NOT a.attisdropped"
)


def _check_mechanism(conn: sa.Connection) -> None:
    mechanism = conn.execute(sa.text(_MECHANISM_SQL)).one_or_none()
    expected = ("s", SUBJECT_ENTRY_COLUMN, SUBJECT_ENTRY_FUNCTION.split("$$")[1], "i", _ENTRY_CONFIG)
    if mechanism is None or tuple(mechanism) != expected:
        raise StoreError(tr("{name}.entry is no longer generated by ri_subject_entry as the store's migration made "
                            "it, so the snapshot's rows cannot be checked against the manifest", name=snapshot.name),
                         where=snapshot.name,
                         fix=tr("restore the column of migration 8 and the function of migration 9 (docs/store.md), "
                                "then load the manifest's subjects as a new snapshot"))


# What the snapshot's name resolves to, and whether row-level security could show the check and the selection
# different rows (a policy can look at the query's text): a plain or partitioned table, with no policy in force.
_RELATION_SQL = ("SELECT c.relkind, c.relrowsecurity, c.relforcerowsecurity FROM pg_catalog.pg_class c "
                 f"WHERE c.oid = pg_catalog.to_regclass('{snapshot.name}')")
# pg_catalog first in the path of names, so that no schema put before it in a role's search_path (``ALTER ROLE …
# SET search_path``) can give the check or the selection its own sha256, textsend, || or string_agg
_CATALOG_FIRST = "SELECT pg_catalog.set_config('search_path', 'pg_catalog, ' || " \
                 "pg_catalog.current_setting('search_path'), true)"


# The snapshot's columns as the store's migrations made them: each with its type, and text compared byte for
# byte (the database's default collation, which PostgreSQL requires to be deterministic, or C/POSIX). A column
# altered to another type (citext) or to a nondeterministic collation (one that takes "Metal" for "metal") would
# have a condition on it, or the strata's join, match rows the in-process draw does not.
_COLUMNS_SQL = ("SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attcollation IN (0, 100, 950, "
                "951) FROM pg_catalog.pg_attribute a WHERE a.attrelid = pg_catalog.to_regclass('"
                f"{snapshot.name}') AND a.attnum > 0 AND NOT a.attisdropped")
_COLUMN_TYPES = {column.name: ("boolean" if isinstance(column.type, sa.Boolean)
                               else "integer" if isinstance(column.type, sa.Integer) else "text")
                 for column in snapshot.columns}


def _guard(conn: sa.Connection) -> None:
    """Before the check or the selection reads a row: PostgreSQL's own functions and operators first in the
    path of names, the snapshot's table a table that every query sees whole, and its columns of the types and
    collations the migrations gave them.

    Raises:
        StoreError: the name is no longer a plain table (a view put in its place), row-level security is on, or
            a column was altered to another type or a collation that does not compare text byte for byte.
    """
    conn.exec_driver_sql(_CATALOG_FIRST)
    relation = conn.execute(sa.text(_RELATION_SQL)).one_or_none()
    if relation is None or relation[0] not in ("r", "p") or relation[1] or relation[2]:
        raise StoreError(tr("{name} is not the plain table the store's migrations made (a view in its place, or "
                            "row-level security on it), so the rows the check reads may not be those the draw "
                            "reads", name=snapshot.name),
                         where=snapshot.name,
                         fix=tr("drop the policies or the view (ALTER TABLE … DISABLE ROW LEVEL SECURITY), then "
                                "load the manifest's subjects as a new snapshot"))
    columns = {name: (kind, plain) for name, kind, plain in conn.execute(sa.text(_COLUMNS_SQL))}
    altered = sorted(name for name, kind in _COLUMN_TYPES.items() if columns.get(name) != (kind, True))
    if altered:
        raise StoreError(tr("the columns {columns} of {name} are not of the type and collation the store's migrations "
                            "gave them, so a condition or a stratum may match other rows than the manifest's",
                            columns=", ".join(altered), name=snapshot.name),
                         where=snapshot.name,
                         fix=tr("alter the columns back (text with the database's default collation, as docs/store.md "
                                "lists them), then load the manifest's subjects as a new snapshot"))


_CHECK_SQL = _ROWS_HASH.format(order="")
_EXPORTED = re.compile(r"[0-9A-Fa-f-]+")


@contextlib.contextmanager
def _in_snapshot(engine: sa.Engine, exported: str) -> Iterator[sa.Connection]:
    """A read-only transaction that sees the data of the exported transaction snapshot ``exported``, with no
    parallel workers and no scan joined midway (so rows are read as they lie), and UTF-8 as the client encoding
    (what ``textsend`` encodes text in)."""
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        conn.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{exported}'")
        _guard(conn)
        conn.exec_driver_sql("SET LOCAL client_encoding = 'UTF8'")
        conn.exec_driver_sql("SET LOCAL max_parallel_workers_per_gather = 0")
        conn.exec_driver_sql("SET LOCAL synchronize_seqscans = off")
        yield conn


_OLDEST_ROW_SQL = f"SELECT max(age(xmin)) FROM {snapshot.name} WHERE snapshot = :snapshot"
# How long ago ri_subject_entry was last written (created or replaced), in transactions, as the rows' ages are
_FUNCTION_AGE_SQL = ("SELECT pg_catalog.age(p.xmin) FROM pg_catalog.pg_proc p "
                     f"WHERE p.oid = pg_catalog.to_regprocedure('{SUBJECT_ENTRY_SIGNATURE}')")
_ENTRIES_SQL = f'SELECT entry FROM {snapshot.name} WHERE snapshot = :snapshot ORDER BY id COLLATE "C"'


def _hash_rows_streamed(conn: sa.Connection, name: str, head: bytes, tail: bytes) -> tuple[int, int, str]:
    """The number of the snapshot's rows, of those with an entry, and the hash of the entries between ``head``
    and ``tail``, read in id order and hashed here, row by row: for a snapshot whose joined text is beyond what
    PostgreSQL holds in one value (1 GB). The rows' canonical JSON is still the database's own (the generated
    column); only the hashing moves."""
    hasher = SHA256.new(head)
    size = entries = 0
    rows = conn.execution_options(stream_results=True, yield_per=_STREAM_ROWS).execute(
        sa.text(_ENTRIES_SQL), {"snapshot": name})
    for (entry,) in rows:
        size += 1
        if entry is None:
            continue
        if entries:
            hasher.update(b",")
        hasher.update(entry.encode("utf-8"))
        entries += 1
    hasher.update(tail)
    return size, entries, hasher.hexdigest()


_STREAM_ROWS = 20_000
_PROGRAM_LIMIT = "54"  # SQLSTATE class 54, program_limit_exceeded ("requested length too large")


def _not_the_manifests(what: Message) -> StoreError:
    """A snapshot refused as not (or no longer surely) the manifest's subjects: what, and the one fix."""
    return StoreError(what, where=tr("the store's snapshots"),
                      fix=tr("load the manifest's subjects as a new snapshot (a snapshot is never edited); the "
                             "manifest's subjects must be in id byte order, as its canonical form has them"))


def _check_rows(engine: sa.Engine, exported: str, name: str, manifest: Manifest, head: bytes, tail: bytes) -> None:
    """Refuse the snapshot unless its rows, in the data of the exported transaction snapshot ``exported``, make
    the manifest's canonical form: read as they lie (no parallel workers, no scan joined midway, so that a
    snapshot loaded in id order is read in that order) and, only if that does not hash to the manifest's hash,
    read again sorted by id.

    Raises:
        StoreError: the rows are not the manifest's subjects.
    """
    if not _EXPORTED.fullmatch(exported):
        raise StoreError(tr("PostgreSQL exported a snapshot id {exported!r} of an unknown form",
                            exported=exported), where=name,
                         fix=tr("draw in process with random_inspection.sampling.draw"))
    ids = manifest.subjects.ids or ("",)  # no subjects: the head and tail go on no row but an id-less one
    params = {"snapshot": name, "head": head, "tail": tail, "first": ids[0], "last": ids[-1]}
    try:
        with _in_snapshot(engine, exported) as conn:
            size, entries, oldest, digest = conn.execute(sa.text(_CHECK_SQL), params).one()
            if digest != manifest.hash:
                size, entries, oldest, digest = conn.execute(sa.text(_SORTED_CHECK_SQL), params).one()
            function = conn.execute(sa.text(_FUNCTION_AGE_SQL)).scalar_one_or_none()
    except sa.exc.DBAPIError as exc:
        if not str(getattr(exc.orig, "sqlstate", "")).startswith(_PROGRAM_LIMIT):
            raise
        # the rows' joined text is beyond what PostgreSQL holds in one value (1 GB): hash them here instead
        with _in_snapshot(engine, exported) as conn:
            size, entries, digest = _hash_rows_streamed(conn, name, head, tail)
            oldest = conn.execute(sa.text(_OLDEST_ROW_SQL), {"snapshot": name}).scalar_one()
            function = conn.execute(sa.text(_FUNCTION_AGE_SQL)).scalar_one_or_none()
    if oldest is not None and (function is None or function <= oldest):
        # a stored generated column is not made again when its function is replaced: a function replaced, a
        # field updated and the function put back leaves a row whose entry is not its fields'
        raise _not_the_manifests(tr("ri_subject_entry was replaced after rows of snapshot {name!r} were written, so "
                                    "their stored canonical JSON may not be that of their fields", name=name))
    if size != entries:  # rows the hash skipped, that the draw would read
        raise _not_the_manifests(tr("snapshot {name!r} has {empty} of its {size} rows without their canonical JSON "
                                    "(a field made NULL by SQL): a row changed, added or removed since it was "
                                    "frozen", name=name, empty=size - entries, size=size))
    if digest != manifest.hash:
        raise _not_the_manifests(tr("snapshot {name!r} ({size} subjects) is not the {subjects_count} subjects of "
                                    "manifest {hash}…: the manifest's canonical form made with its rows hashes to "
                                    "{digest}… (a row changed, added or removed since it was frozen)", name=name,
                                    size=size, subjects_count=len(manifest.subjects), hash=manifest.hash[:12],
                                    digest=digest[:12]))


_ALL = None  # no bound: every ticket of the stratum


def _eligible_sql(manifest: Manifest, params: dict[str, Any]) -> tuple[str, str]:
    """§6 eligibility (a condition on a snapshot row) and the stratum key as SQL over the snapshot (bound
    parameters go into ``params``)."""
    rules = manifest.rules
    where = ["in_existence"]
    for i, (name, values) in enumerate(rules.conditions):
        if not values:
            where.append("false")
            continue
        names = []
        for j, value in enumerate(values):
            params[f"c{i}_{j}"] = value
            names.append(f":c{i}_{j}")
        where.append(f"{name} IN ({', '.join(names)})")
    caps = dict(rules.class_caps)
    if rules.yearly_cap is not None or caps:
        params["cap"] = rules.yearly_cap
        cases = []
        for i, (cls, cap) in enumerate(sorted(caps.items())):
            params[f"k{i}"], params[f"kc{i}"] = cls, cap
            cases.append(f"WHEN :k{i} THEN :kc{i}")
        cap_sql = (f"(CASE COALESCE(credit_risk, '') {' '.join(cases)} ELSE CAST(:cap AS integer) END)"
                   if cases else "CAST(:cap AS integer)")
        where.append(f"({cap_sql} IS NULL OR exempt OR history < {cap_sql})")
    key = " || '|' || ".join(f"COALESCE({f}, '')" for f in rules.strata) or "''"
    return " AND ".join(where), key


def _eligible_counts(manifest: Manifest) -> tuple[dict[str, int], dict[str, str]]:
    """Each stratum's eligible count ``E_h`` and its ``ratio_by`` value (empty without one), by stratum key, from
    the manifest's subjects: :func:`~random_inspection.sampling.selection.eligible_table`, made once per
    manifest and rules and shared with the in-process draw and its verify."""
    table = eligible_table(manifest.subjects, manifest.rules)
    return dict(zip(table.keys, table.counts, strict=True)), dict(zip(table.keys, table.values, strict=True))


# A ticket (§6): the id's UTF-8 bytes by ``textsend``, which encodes in the client encoding (the selection's
# transaction, and so its parallel workers, set it to UTF-8): a plain copy where the database is UTF-8, where
# ``convert_to`` looks the encoding up by name on every call.
_TICKET = "sha256(CAST(:prefix AS bytea) || textsend(id))"


def _bounds(takes: Mapping[str, int], bounds: Mapping[str, bytes | None]) -> tuple[str, dict[str, Any]]:
    keys = list(takes)
    return ("unnest(CAST(:keys AS text[]), CAST(:takes AS integer[]), CAST(:bounds AS bytea[])) WITH ORDINALITY "
            "AS l(key, take, bound, n)",
            {"keys": keys, "takes": [takes[k] for k in keys], "bounds": [bounds[k] for k in keys]})


def _lowest(conn: sa.Connection, eligible: tuple[str, str], params: dict[str, Any], takes: Mapping[str, int],
            bounds: Mapping[str, bytes | None]) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Per stratum of ``takes``, up to ``takes[k]`` subjects with the smallest ``(ticket, id bytes)`` among those
    whose ticket is under the stratum's bound: the strata in a list, and each subject as ``(n, rank, id)`` — its
    stratum's number in that list from 1 and its rank in the stratum from 1 — all of them in ``(ticket, id
    bytes)`` order, the order of the drawn (§6), so that no ticket comes back and the process sorts nothing. The
    database sorts only the tickets under the bounds. The scan keeps only the rows whose ticket is under the
    highest bound, so that PostgreSQL's parallel workers hash the tickets (the critical path: one ``sha256()`` per
    eligible subject) and pass on only those rows, hashed again for the ticket column (a tenth or so of the rows
    at a 10 % draw). (Each ``OFFSET 0`` keeps its subquery whole: the ticket is one column, and only the rows
    under the bounds reach the sort.) The strata are numbered for the ranks' sort (an integer compares faster
    than a text in any collation)."""
    condition, key = eligible
    table, more = _bounds(takes, bounds)
    given = [b for b in bounds.values() if b is not None]
    top = max(given, default=b"") if len(given) == len(bounds) else None  # no bound over all: every ticket
    rows = conn.execute(sa.text(
        "SELECT n, rk, id FROM ("
        "  SELECT n, t, id, take, row_number() OVER (PARTITION BY n ORDER BY t, id COLLATE \"C\") AS rk FROM ("
        "    SELECT l.n, h.t, h.id, l.take"
        f"   FROM (SELECT id, {key} AS k, {_TICKET} AS t FROM {snapshot.name}"
        f"         WHERE snapshot = :snapshot AND {condition}"
        f"         AND (CAST(:top AS bytea) IS NULL OR {_TICKET} < CAST(:top AS bytea)) OFFSET 0) h"
        f"   JOIN {table} ON h.k = l.key"
        "    WHERE l.bound IS NULL OR h.t < l.bound OFFSET 0) f) r"
        " WHERE rk <= take ORDER BY t, id COLLATE \"C\""
    ), {**params, **more, "top": top}).all()  # fetched at once: a row at a time costs more than the rows' sort
    return more["keys"], [(n, rank, sid) for n, rank, sid in rows]


def _kept(keys: list[str], ranked: list[tuple[int, int, str]]) -> dict[str, int]:
    """How many subjects of each stratum :func:`_lowest` returned."""
    by_number = Counter(n for n, _, _ in ranked)
    return {k: by_number[i] for i, k in enumerate(keys, 1)}


def select_subjects(store: Store, name: str, manifest: Manifest, public_input: str,
                    bound: Callable[[int, int], bytes | None] = ticket_bound) -> SubjectSelection:
    """draw-v1 §6 in PostgreSQL, on snapshot ``name`` of ``manifest``'s subjects (a draw-v1 or draw-v2 manifest).

    The snapshot must be the manifest's subjects exactly (the manifest's hash is what the seed is made from):
    on the same data as the selection (a second connection in the selection's exported transaction snapshot,
    which runs beside it), the database makes the manifest's canonical form with the snapshot's rows (their
    generated ``entry``) and hashes it, which must give the manifest's hash; no result is returned unless it
    does. Each stratum's eligible count comes from the manifest's subjects (which that check proves are the
    snapshot's rows), computed while the database checks. :func:`load_snapshot` makes the snapshot from the
    manifest.

    Args:
        bound: the per-stratum ticket bound, ``bound(take, eligible)`` (:func:`ticket_bound`; ``None`` for no
            bound): the database sorts only the tickets under it. It changes the time of the selection, never
            its result.

    Raises:
        StoreError: an SM3 manifest (PostgreSQL has no SM3), not a PostgreSQL store, or a snapshot that is not
            the manifest's subjects (a row changed, added or removed after it was frozen).
        InfeasibleDrawError, InvalidInputError: as :func:`~random_inspection.sampling.draw`.
    """
    if manifest.hash_algorithm != SHA256:
        raise StoreError(tr("the draw inside the database hashes with PostgreSQL's sha256, and manifest {hash}… is "
                            "a {algorithm} draw ({name}); PostgreSQL has no SM3",
                            hash=manifest.hash[:12],
                            algorithm=manifest.algorithm,
                            name=manifest.hash_algorithm.name), where=tr("plan {plan_id}", plan_id=manifest.plan_id),
                         fix=tr("draw it in process with random_inspection.sampling.draw, which supports SM3"))
    if store.engine.dialect.name != "postgresql":
        raise StoreError(tr("the draw inside the database needs PostgreSQL (its sha256 function)"),
                         where=mask_url(store.engine.url.render_as_string(hide_password=False)),
                         fix=tr("draw in process with random_inspection.sampling.draw"))
    manifest.check_public_input(public_input)
    # draw-v2's subject selection differs from draw-v1's only in the seed's algorithm text (draw-v2 §6)
    seed = derive_seed(manifest.hash, public_input, SHA256, manifest.algorithm)
    head, tail = manifest_frame(manifest)
    params: dict[str, Any] = {"snapshot": name, "prefix": seed + b"subject\x00"}
    eligible = _eligible_sql(manifest, params)
    # one snapshot of the data for the checks and the queries
    with store.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        _guard(conn)
        _check_mechanism(conn)
        conn.exec_driver_sql("SET LOCAL client_encoding = 'UTF8'")  # the ids' bytes for textsend, in the tickets
        conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")  # the sort of the tickets under the bounds, in memory
        # parallel workers for the scans that hash (sha256() is parallel safe): the planner counts a function
        # call as cheap, and would otherwise keep the hashing in one process; no JIT for a plan of one pass
        conn.exec_driver_sql("SET LOCAL parallel_setup_cost = 0")
        conn.exec_driver_sql("SET LOCAL parallel_tuple_cost = 0.01")
        conn.exec_driver_sql("SET LOCAL jit = off")
        exported = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
        with ThreadPoolExecutor(1) as pool:  # the check beside the selection; both end inside the transaction
            checked = pool.submit(_check_rows, store.engine, exported, name, manifest, head, tail)
            try:
                # each stratum's eligible count E_h, from the manifest's subjects (the in-process draw's own
                # seed-independent table), while the database checks the snapshot: the check proves the
                # snapshot's rows are those subjects, and no result is returned without it, so these are the
                # snapshot's counts whenever a result is (no count pass over the snapshot)
                counts, values = _eligible_counts(manifest)
                sizes = sample_sizes(manifest, counts, values, seed)
                takes = {k: sizes[k] + min(manifest.rules.reserve, counts[k] - sizes[k]) for k in counts}
                takes = {k: n for k, n in takes.items() if n > 0}
                bounds = {k: bound(n, counts[k]) for k, n in takes.items()}
                keys, ranked = _lowest(conn, eligible, params, takes, bounds)
                kept = _kept(keys, ranked)
                short = [k for k, n in takes.items() if kept[k] < n]  # rare: the bound kept too few
                if short:  # those strata again with no bound, beside the others: one result in the drawn's order
                    keys, ranked = _lowest(conn, eligible, params, takes, {**bounds, **dict.fromkeys(short, _ALL)})
                    kept = _kept(keys, ranked)
            except Exception:
                checked.result()  # a snapshot that is not the manifest's is the first thing to say
                raise
            checked.result()
    if any(kept[k] != n for k, n in takes.items()):
        raise InvalidInputError(tr("the database returned fewer subjects than a stratum takes"), where=name,
                                fix=tr("check the snapshot was not changed while the draw ran"))
    # in (ticket, id bytes) order: the drawn as §6 orders them, and each stratum's reserve in its rank's order
    drawn: list[str] = []
    reserve: dict[str, list[str]] = {}
    for n, rank, sid in ranked:
        k = keys[n - 1]
        if rank <= sizes[k]:
            drawn.append(sid)
        else:
            reserve.setdefault(k, []).append(sid)
    strata = tuple(StratumCount(k, counts[k], sizes[k]) for k in sorted(counts, key=lambda k: k.encode("utf-8")))
    return SubjectSelection(seed.hex(), strata, tuple(drawn),
                            tuple(sorted((k, tuple(ids)) for k, ids in reserve.items())))
