"""draw-v1's subject selection (§6) run as SQL inside PostgreSQL, on a frozen snapshot of a manifest's subjects;
draw-v2 (SHA-256) manifests too, whose selection differs only in the seed's algorithm text (draw-v2 §6).

The database hashes every ticket itself (``sha256``, PostgreSQL 11 and later) and returns only the drawn and
reserve subjects; the few numbers in between — each stratum's ``n_h`` from its eligible count — come from the
same :func:`~random_inspection.sampling.sample_sizes` the in-process draw uses. The result is the in-process
draw's ``strata``, ``subjects`` and ``reserve``, exactly (tested on the same data; docs/store.md says why it
also holds on a sharded engine).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from typing import Any

import attrs
import sqlalchemy as sa

from random_inspection.errors import InvalidInputError, StoreError
from random_inspection.sampling import SHA256, Manifest, StratumCount, SubjectEntry, derive_seed, sample_sizes
from random_inspection.store.schema import snapshot
from random_inspection.store.store import Store
from random_inspection.store.urls import mask_url

__all__ = ["SubjectSelection", "load_snapshot", "select_subjects", "snapshot_digest"]

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
    the rows go in by ``COPY``. A registry that already lives in the database fills the table with
    ``INSERT … SELECT`` from its own tables instead.

    Raises:
        StoreError: a snapshot of that name exists already.
    """
    with store.engine.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(snapshot).where(snapshot.c.snapshot == name)).scalar():
            raise StoreError(f"snapshot {name!r} exists already", where="ri_snapshot_subject",
                             fix="a snapshot is frozen once: use a new name (the manifest hash, say)")
        if store.engine.dialect.name == "postgresql":
            return _copy(conn, name, subjects)
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


# Every row of a snapshot as text, in id order: fields joined by U+001F, null as U+001E, booleans t/f.
_DIGEST_SQL = (
    "SELECT count(*), encode(sha256(convert_to(coalesce(string_agg(concat_ws(chr(31), id, area, domain, "
    "coalesce(sector, chr(30)), subject_type, coalesce(industry, chr(30)), coalesce(credit_risk, chr(30)), "
    "CASE WHEN in_existence THEN 't' ELSE 'f' END, CASE WHEN exempt THEN 't' ELSE 'f' END, CAST(history AS text)), "
    "chr(10) ORDER BY convert_to(id, 'UTF8')), ''), 'UTF8')), 'hex') "
    f"FROM {snapshot.name} WHERE snapshot = :snapshot"
)


def snapshot_digest(subjects: Iterable[SubjectEntry]) -> str:
    """The SHA-256 of subjects (in the manifest's id order) as the database computes it for a snapshot: the check
    that a snapshot is exactly the manifest's subjects, row for row."""
    def field(v: Any) -> str:
        return "\x1e" if v is None else ("t" if v else "f") if isinstance(v, bool) else str(v)
    digest = hashlib.sha256()
    for i, s in enumerate(subjects):
        digest.update((("\n" if i else "") + "\x1f".join(field(getattr(s, f)) for f in _FIELDS)).encode("utf-8"))
    return digest.hexdigest()


def _eligible_sql(manifest: Manifest, params: dict[str, Any]) -> str:
    """§6 eligibility and the stratum key as SQL over the snapshot (bound parameters go into ``params``)."""
    rules = manifest.rules
    where = ["snapshot = :snapshot", "in_existence"]
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
    by = f"COALESCE({rules.sample.ratio_by}, '')" if rules.sample.ratio_by else "''"
    return f"SELECT id, {key} AS k, {by} AS v FROM {snapshot.name} WHERE {' AND '.join(where)}"


def select_subjects(store: Store, name: str, manifest: Manifest, public_input: str) -> SubjectSelection:
    """draw-v1 §6 in PostgreSQL, on snapshot ``name`` of ``manifest``'s subjects (a draw-v1 or draw-v2 manifest).

    The snapshot must be the manifest's subjects exactly (the manifest's hash is what the seed is made from);
    :func:`load_snapshot` makes it from the manifest.

    Raises:
        StoreError: an SM3 manifest (PostgreSQL has no SM3), not a PostgreSQL store, or a snapshot that is not
            the manifest's subjects.
        InfeasibleDrawError, InvalidInputError: as :func:`~random_inspection.sampling.draw`.
    """
    if manifest.hash_algorithm != SHA256:
        raise StoreError(f"the draw inside the database hashes with PostgreSQL's sha256, and manifest "
                         f"{manifest.hash[:12]}… is a {manifest.algorithm} draw ({manifest.hash_algorithm.name}); "
                         "PostgreSQL has no SM3", where=f"plan {manifest.plan_id}",
                         fix="draw it in process with random_inspection.sampling.draw, which supports SM3")
    if store.engine.dialect.name != "postgresql":
        raise StoreError("the draw inside the database needs PostgreSQL (its sha256 function)",
                         where=mask_url(store.engine.url.render_as_string(hide_password=False)),
                         fix="draw in process with random_inspection.sampling.draw")
    manifest.check_public_input(public_input)
    # draw-v2's subject selection differs from draw-v1's only in the seed's algorithm text (draw-v2 §6)
    seed = derive_seed(manifest.hash, public_input, SHA256, manifest.algorithm)
    params: dict[str, Any] = {"snapshot": name}
    eligible = _eligible_sql(manifest, params)
    # one snapshot of the data for the check and both queries
    with store.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        size, digest = conn.execute(sa.text(_DIGEST_SQL), {"snapshot": name}).one()
        if size != len(manifest.subjects) or digest != snapshot_digest(manifest.subjects):
            raise StoreError(f"snapshot {name!r} ({size} subjects) is not the manifest's {len(manifest.subjects)} "
                             "subjects as frozen", where="ri_snapshot_subject",
                             fix="load the manifest's subjects as a new snapshot; a snapshot is never edited")
        grouped = conn.execute(sa.text(f"SELECT k, count(*), min(v) FROM ({eligible}) e GROUP BY k"), params)
        counts: dict[str, int] = {}
        values: dict[str, str] = {}
        for key, count, value in grouped:
            counts[key], values[key] = int(count), value
        sizes = sample_sizes(manifest, counts, values, seed)
        takes = {k: sizes[k] + min(manifest.rules.reserve, counts[k] - sizes[k]) for k in counts}
        wanted = [k for k in counts if takes[k] > 0]
        rows = conn.execute(sa.text(
            f"SELECT id, k, t, rk FROM ("
            f"  SELECT id, k, t, row_number() OVER (PARTITION BY k ORDER BY t, convert_to(id, 'UTF8')) AS rk"
            f"  FROM (SELECT id, k, sha256(CAST(:prefix AS bytea) || convert_to(id, 'UTF8')) AS t"
            f"        FROM ({eligible}) e) h) r"
            f" JOIN unnest(CAST(:keys AS text[]), CAST(:takes AS integer[])) AS l(key, take) ON r.k = l.key"
            f" WHERE r.rk <= l.take"
        ), {**params, "prefix": seed + b"subject\x00", "keys": wanted, "takes": [takes[k] for k in wanted]})
        by_stratum: dict[str, list[tuple[int, bytes, str]]] = {}
        for sid, key, ticket, rank in rows:
            by_stratum.setdefault(key, []).append((int(rank), bytes(ticket), sid))
    drawn: list[tuple[bytes, bytes, str]] = []
    reserve: dict[str, tuple[str, ...]] = {}
    for key, ranked in by_stratum.items():
        ranked.sort()
        drawn += [(t, sid.encode("utf-8"), sid) for _, t, sid in ranked[: sizes[key]]]
        if len(ranked) > sizes[key]:
            reserve[key] = tuple(sid for _, _, sid in ranked[sizes[key]:])
    if any(len(by_stratum.get(k, ())) != takes[k] for k in wanted):
        raise InvalidInputError("the database returned fewer subjects than a stratum takes", where=name,
                                fix="check the snapshot was not changed while the draw ran")
    drawn.sort()
    strata = tuple(StratumCount(k, counts[k], sizes[k]) for k in sorted(counts, key=lambda k: k.encode("utf-8")))
    return SubjectSelection(seed.hex(), strata, tuple(sid for _, _, sid in drawn), tuple(sorted(reserve.items())))
