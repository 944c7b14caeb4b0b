"""The store: the append-only ledger and the inspection history, in SQLite (embedded, the default) or PostgreSQL,
through SQLAlchemy Core.

Appends are serialised by the database — SQLite's ``BEGIN IMMEDIATE`` write lock, a PostgreSQL transaction-level
advisory lock — and the ledger's primary key on the sequence number refuses a second entry with the same
number, so concurrent writers in any number of processes never fork the chain; an append that meets a busy
database waits and tries again.

A store hashes its chain with the algorithm it was created with (SHA-256 by default, or SM3), recorded in the
database; opening it with another is refused.

Every mutation is taken by an :class:`~random_inspection.model.Actor` and signed by the caller's
:class:`~random_inspection.store.signing.Signer`: the entry names its actor and carries the signature over its
hash. The store's :class:`~random_inspection.profiles.Permissions` (a profile's, see :meth:`Store.bind`) decide
whether the actor may take the step; a refusal raises :class:`~random_inspection.errors.PermissionRefused` and
is itself recorded, as a ``refused`` entry signed by the refused actor's signer.

A store is created by its first entry, ``store_created`` (:meth:`Store.create`), which names the ledger's hash and
its administrator (系统管理员); the administrator enrols and revokes the actors' keys in ledger entries
(:meth:`Store.enrol`, :meth:`Store.revoke`), and every write is checked against the key register the chain holds
at that point (:mod:`random_inspection.store.register`). :meth:`Store.audit` rebuilds the register and checks every
signature against it, reading only (:meth:`Store.open` ``readonly=True``); :meth:`Store.ledger_head` is the head a
bureau publishes, which a later ``verify(head=...)`` holds the ledger to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa

from random_inspection.errors import (
    InvalidInputError,
    LedgerBroken,
    PermissionRefused,
    RedrawRefused,
    SchemaVersionError,
    StoreError,
)
from random_inspection.messages import tr
from random_inspection.model import Action, Actor, ResultScheme, Role
from random_inspection.profiles import Context, Continuation, Departure, Occasion, Permissions, PluginSource
from random_inspection.sampling import (
    DrawResult,
    InterestDeclarations,
    Manifest,
    Recusal,
    canonical_json,
    parse_produced_at,
    recuse,
    rerun,
    verify,
)
from random_inspection.sampling.engine import stratum_key
from random_inspection.sampling.hashes import HashAlgorithm
from random_inspection.store.deadline_departures import departure_payload, departure_problem, read_departure
from random_inspection.store.external import (
    ExternalDraw,
    check_declarations,
    check_external_entries,
    external_problem,
    findings,
    is_external,
    manifest_problems,
    set_aside,
)
from random_inspection.store.hashing import requested_hash, settle_hash, verifying_hash
from random_inspection.store.inforce import RECUSAL_REASONS, InForce, department_plan, fold, result_problem
from random_inspection.store.ledger import (
    GENESIS,
    REGISTER_KINDS,
    Audit,
    Entry,
    EntryKind,
    LedgerHead,
    audit_chain,
    entry_body,
    entry_hash,
)
from random_inspection.store.register import Register, founding_payload
from random_inspection.store.schema import (
    BOOTSTRAP,
    MIGRATIONS,
    SUBJECT_ENTRY_SIGNATURE,
    inspections,
    ledger,
    metadata,
    schema_version,
)
from random_inspection.store.signing import ALGORITHMS, KeyRing, Signer, public_key_hex
from random_inspection.store.steps import (
    RecordedStep,
    StepRefused,
    StepReplay,
    apply_steps,
    plan_departments,
    step_context,
    step_problem,
)
from random_inspection.store.urls import mask_url, scrub
from random_inspection.workflow import (
    LEGACY_KINDS,
    AnyStep,
    Commitment,
    DeadlineDeparture,
    Finding,
    InspectionKind,
    InspectionRecord,
    Obligation,
    Redraw,
    ReserveUsed,
    Step,
    Transfer,
    action_of_step,
    as_step,
    check_public,
)

__all__ = ["ACTION_OF_KIND", "Store", "make_engine", "record_from_json", "record_json"]

ACTION_OF_KIND: dict[EntryKind, Action] = {
    EntryKind.PLAN_COMMITTED: Action.COMMIT_PLAN,
    EntryKind.DRAW_EXECUTED: Action.DRAW,
    EntryKind.EXTERNAL_DRAW: Action.DRAW,
    EntryKind.REDRAW: Action.DRAW,
    EntryKind.RESERVE_USED: Action.USE_RESERVE,
    EntryKind.DEADLINE_DEPARTURE: Action.COMMIT_PLAN,
    EntryKind.RECUSAL: Action.RECUSAL,
    EntryKind.RESULT_RECORDED: Action.RECORD_RESULT,
    EntryKind.OBLIGATION_MET: Action.MEET_OBLIGATION,
    EntryKind.PUBLISHED: Action.PUBLISH,
}
"""The action each entry kind records (an ``obligation_met`` entry's is its step's: see ``action_of_step``);
``refused`` entries record no action of their own."""

_LOCK_KEY = 0x72616E64  # PostgreSQL advisory lock for appends ("rand")
_PATIENCE = 120.0  # seconds an append keeps trying against a busy database before it gives up
_WRITE = "random_inspection_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)


def _sqlite_engine(url: str) -> sa.Engine:
    engine = sa.create_engine(url, connect_args={"timeout": 10})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook below open every transaction itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        if not url.endswith(":memory:") and url != "sqlite://":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # A writer takes the write lock as it begins, so two writers never deadlock upgrading read locks;
        # readers begin deferred and, in WAL mode, never block a writer.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

    return engine


def _sqlite_readonly_engine(url: sa.engine.URL) -> sa.Engine:
    """A SQLite engine that cannot write: the file opened with SQLite's ``mode=ro`` (a read-only connection: any
    write fails), no journal mode set, no write lock taken."""
    database = url.database or ""
    if not database or database == ":memory:":
        raise InvalidInputError(tr("an in-memory database cannot be opened read-only"), where=tr("the store"),
                                fix=tr("give the SQLite file to verify"))
    file = Path(database).resolve()
    # a copy on read-only media, or in a folder the auditor may not write, cannot hold WAL mode's shared-memory
    # file: SQLite then reads it as immutable (nobody writes it; a copy is taken after a checkpoint)
    writable = os.access(file.parent, os.W_OK) and (not file.exists() or os.access(file, os.W_OK))
    target = file.as_uri() + ("?mode=ro" if writable else "?mode=ro&immutable=1")
    engine = sa.create_engine("sqlite://", creator=lambda: _sqlite3_connect(target))

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def _sqlite3_connect(uri: str) -> Any:
    import sqlite3

    return sqlite3.connect(uri, uri=True, timeout=10, check_same_thread=False)


def make_engine(url: str | Path, *, readonly: bool = False) -> sa.Engine:
    """A SQLAlchemy engine for a store URL or a SQLite file path (SQLite set up for many writers: WAL, a busy
    timeout, and transactions that take the write lock as they begin). ``readonly``: an engine that cannot write
    (SQLite's read-only connection; PostgreSQL's read-only transactions), for verification."""
    text = str(url)
    if "://" not in text:
        text = f"sqlite:///{Path(text)}"
    if text.startswith("sqlite"):
        return _sqlite_readonly_engine(sa.engine.make_url(text)) if readonly else _sqlite_engine(text)
    if readonly:
        return sa.create_engine(text, pool_pre_ping=True, isolation_level="REPEATABLE READ",
                                connect_args={"options": "-c default_transaction_read_only=on"})
    # READ COMMITTED: an append reads the head after its advisory lock is granted, not before it waited.
    return sa.create_engine(text, pool_pre_ping=True, isolation_level="READ COMMITTED")


def _is_busy(exc: sa.exc.DBAPIError) -> bool:
    """A conflict another try resolves: a second entry with the same number (another writer won), SQLite's
    busy database, PostgreSQL's serialization failure or deadlock."""
    code = getattr(exc.orig, "sqlstate", None)
    text = str(exc.orig)
    return (code in ("23505", "40001", "40P01") or (code is None and isinstance(exc, sa.exc.IntegrityError)
            and "ri_ledger.seq" in text) or "database is locked" in text or "database is busy" in text)


def _moment(at: str | None, where: str) -> dt.datetime | None:
    """A ledger time (``at``) as an aware datetime; ``None`` where none is given.

    Raises:
        InvalidInputError: text that is not an ISO 8601 time with its UTC offset.
    """
    if at is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(at) if isinstance(at, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInputError(tr("the time {at!r} is not an ISO 8601 time with its UTC offset", at=at), where=where,
                                fix=tr("give the time as 2026-11-30T10:00:00+08:00"))
    return moment


def _driver_message(exc: BaseException, url: str | Path) -> str:
    """What the database driver said of ``exc`` (its original error where SQLAlchemy wraps one) on one line, every
    password of ``url`` masked: psycopg spreads a failed connection over lines ("…Connection refused\n\tIs the
    server running…"), and an error of the command line is one line."""
    return " ".join(scrub(str(getattr(exc, "orig", None) or exc), str(url)).split())


def _reason(text: str, where: str) -> str:
    """A reason to record: it is disclosed as written, so personal data is refused before it is recorded."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInputError(tr("an empty reason"), where=where,
                                fix=tr("say why, in words the disclosure can carry"))
    check_public({"reason": text.strip()}, where=where)
    return text.strip()


def record_json(record: InspectionRecord) -> dict[str, Any]:
    """An inspection record as plain JSON data (the payload of a ``result_recorded`` entry)."""
    def steps(events: Iterable[tuple[AnyStep, dt.date]]) -> dict[str, str]:
        return {s.value: d.isoformat() for s, d in events}
    return {
        "subject": record.subject, "plan_id": record.plan_id, "kind": record.kind.value,
        **({"trigger": record.trigger} if record.trigger is not None else {}),
        "department": record.department, "team": list(record.team), "items": list(record.items),
        "findings": [{"item": f.item, "compliant": f.compliant, "note": f.note} for f in record.findings],
        "result": None if record.result is None else {"code": record.result.number, "label": record.result.label},
        "handling": [h.label for h in record.handling],
        "non_cooperation": list(record.non_cooperation),
        "opinion": record.opinion,
        "transfers": [{"department": t.department, "steps": steps(t.events),
                       **({"letter": t.letter} if t.letter else {}), **({"sender": t.sender} if t.sender else {})}
                      for t in record.transfers],
        "rectification_due": None if record.rectification_due is None else record.rectification_due.isoformat(),
        "agreed_by": list(record.agreed_by),
        "steps": steps(record.events),
    }


def record_from_json(data: dict[str, Any], scheme: ResultScheme | None) -> InspectionRecord:
    """The inverse of :func:`record_json`: a stored record back as an :class:`InspectionRecord`, its result and
    handling looked up in ``scheme`` (the profile's, as when it was recorded; ``None`` under a profile without
    one, whose records hold no result code)."""
    def steps(value: dict[str, str]) -> dict[AnyStep, dt.date]:
        return {as_step(k): dt.date.fromisoformat(v) for k, v in value.items()}
    result = data.get("result")
    if scheme is None and (result is not None or data.get("handling")):
        raise InvalidInputError(tr("the record of {get} holds a result, and no scheme is given",
                                   get=data.get('subject')),
                                where=tr("plan {plan_id}", plan_id=data.get('plan_id')),
                                fix=tr("read it under the profile it was recorded under (its results.scheme)"))
    return InspectionRecord(
        data["subject"], data["plan_id"], data["kind"], data["department"], data["team"],
        data["items"], [Finding(f["item"], f["compliant"], f.get("note", "")) for f in data.get("findings", [])],
        result=None if result is None or scheme is None else scheme.code(result["code"]),
        handling=[scheme.outcome(h) for h in data.get("handling", [])] if scheme is not None else [],
        non_cooperation=[str(n) for n in data.get("non_cooperation", [])],
        opinion=data.get("opinion", ""),
        transfers=[Transfer(t["department"], steps(t["steps"]), letter=t.get("letter", ""),
                            sender=t.get("sender", "")) for t in data.get("transfers", [])],
        rectification_due=(dt.date.fromisoformat(data["rectification_due"]) if data.get("rectification_due")
                           else None),
        agreed_by=data.get("agreed_by", []), events=steps(data.get("steps", {})),
        trigger=data.get("trigger") or (data["kind"] if data["kind"] in LEGACY_KINDS else None),
    )


_OWN_METHOD = {
    EntryKind.PLAN_COMMITTED: "commit_plan", EntryKind.DRAW_EXECUTED: "record_draw", EntryKind.REDRAW: "record_draw",
    EntryKind.EXTERNAL_DRAW: "record_external_draw",
    EntryKind.RESERVE_USED: "record_reserve_used", EntryKind.RECUSAL: "record_recusal",
    EntryKind.RESULT_RECORDED: "record_result", EntryKind.OBLIGATION_MET: "record_obligation_met",
    EntryKind.STEP_RECORDED: "record_step", EntryKind.DEADLINE_DEPARTURE: "record_deadline_departure",
    EntryKind.STORE_CREATED: "create", EntryKind.REGISTER_OPENED: "open_register", EntryKind.KEY_ENROLLED: "enrol",
    EntryKind.KEY_REVOKED: "revoke",
}
"""The entry kinds only their own method writes (it checks the plan, the draw, the team, the debtor...)."""


_IN_FORCE_KINDS = (EntryKind.PLAN_COMMITTED, EntryKind.DRAW_EXECUTED, EntryKind.EXTERNAL_DRAW, EntryKind.RECUSAL,
                   EntryKind.RESERVE_USED)
"""The entry kinds what is in force for a plan is folded from (``store.inforce``)."""

_DRAW_KINDS = (EntryKind.DRAW_EXECUTED, EntryKind.EXTERNAL_DRAW)
"""The entry kinds that record a plan's draw: made here, or on a platform (``store.external``)."""

_READONLY_FROM = 6
"""The oldest schema a read-only store verifies (entries with their actors and signatures)."""


def _check_hands(actor: Actor, signer: Signer) -> None:
    if not isinstance(actor, Actor):
        raise InvalidInputError(tr("{actor!r} is not an Actor", actor=actor), where=tr("the store"),
                                fix=tr("in Python: give actor=Actor(id, name, role, department)"))
    if not isinstance(signer, Signer) or signer.algorithm not in ALGORITHMS:
        raise InvalidInputError(tr("{signer!r} is not a signer of {algorithms}", signer=signer,
                                   algorithms=' or '.join(ALGORITHMS)), where=tr("the store"),
                                fix=tr("in Python: give signer=SM2Signer(...) or Ed25519Signer(...), holding the "
                                       "actor's key"))


def _reporting(rows: Iterable[tuple[Any, ...]], total: int,
               progress: Callable[[int, int], None]) -> Generator[tuple[Any, ...], None, None]:
    """The rows, telling ``progress`` each one's number (of ``total``) as it is reached."""
    for row in rows:
        progress(int(row[0]), total)
        yield row


def _enrolled_key(algorithm: str, public_key: str) -> str:
    """The key as an enrolment records it: the standard form (public_key_hex) of a known algorithm's key in any
    form it takes; anything else as given, for the register to refuse."""
    try:
        return public_key_hex(algorithm, str(public_key))
    except InvalidInputError:
        return str(public_key).strip().lower()


def _teams(entries: Iterable[Entry], subject: str | None = None) -> frozenset[str]:
    """The inspectors of the recorded inspections (of one subject, if given)."""
    return frozenset(m for e in entries if e.kind is EntryKind.RESULT_RECORDED
                     and (subject is None or e.payload["subject"] == subject) for m in e.payload["team"])


def _stated_time(manifest: Manifest, at: str | None, step: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The time a ``step`` (commit, draw) of ``manifest`` is recorded at, and the time its public input is
    announced for; a draw-v2 manifest's commit and draw are held to that time, so they must state their own.

    Raises:
        InvalidInputError: a draw-v2 step without ``at``, or ``at`` without its UTC offset.
    """
    when = _moment(at, f"{step} of plan {manifest.plan_id}")
    produced = manifest.produced_at
    if produced is not None and when is None:
        raise InvalidInputError(tr("a {step} of a draw-v2 manifest is recorded at a stated time", step=step),
                                where=tr("plan {plan_id}", plan_id=manifest.plan_id),
                                fix=tr("give at= (the {step}'s time, with its offset): a commit comes before the "
                                       "time the manifest announces for its public input, a draw at or after it",
                                       step=step))
    return when, produced


def _earlier(by_plan: Mapping[str | None, list[Entry]], seq: int, plan_id: str) -> list[Entry]:
    """A plan's entries (of ``by_plan``) before entry ``seq``."""
    return [e for e in by_plan.get(plan_id, []) if e.seq < seq]


def _fold_plan(plan_id: str, entries_of: Callable[[str], list[Entry]]) -> InForce:
    """What is in force for a plan, from its entries of the kinds that decide it (``entries_of(plan)``), a joint
    plan's partners' team plans included."""
    mine = entries_of(plan_id)
    commits = [e for e in mine if e.kind is EntryKind.PLAN_COMMITTED]
    partners = commits[0].payload.get("departments", [])[1:] if commits else []
    return fold(plan_id, mine, {d: entries_of(department_plan(plan_id, d)) for d in partners})


def _announced(entry: Entry) -> dt.datetime | None:
    """The time a commit's manifest announced for its public input (``None`` for a draw-v1 manifest)."""
    spec = entry.payload.get("public_input")
    return parse_produced_at(spec["produced_at"]) if isinstance(spec, dict) else None


def _too_late(plan_id: str, commits: list[Entry], mine: list[Entry], produced: dt.datetime | None,
              when: dt.datetime | None) -> str | None:
    """Why a commit at ``when`` comes too late, or ``None``: at or after the time its own manifest announces for
    the public input (the input may be known), or, for a new manifest of a committed plan, once the time the
    manifest in force announced has come, or once the plan was drawn (the dice are known: a new manifest would
    choose the draw after them)."""
    if produced is not None and when is not None and when >= produced:
        return tr("the manifest announces its public input for {produced}; a commit at {when} comes when the input "
                  "may be known", produced=produced.isoformat(), when=when.isoformat())
    if not commits:
        return None
    drawn = [e for e in mine if e.kind in _DRAW_KINDS]
    if drawn:
        return tr("plan {plan_id} was drawn (entry {seq}): its manifest is fixed for good", plan_id=plan_id,
                  seq=drawn[-1].seq)
    # the earliest time any commit of the plan announced: a re-commit that moved the time later does not reopen it
    times = [(t, e.seq) for e in commits if (t := _announced(e)) is not None]
    if times:
        announced, seq = min(times)
        if when is None or when >= announced:
            return tr("the manifest committed in entry {seq} announced its public input for {announced}: from then "
                      "on the plan's manifest is fixed for good", seq=seq, announced=announced.isoformat())
    return None


def _refused(actor: Actor, action: Action, what: str, fix: str) -> PermissionRefused:
    """A refusal of the store's own checks on what the ledger holds (then recorded, as every refusal)."""
    return PermissionRefused(actor.id, action.value, what, fix=fix)


class Store:
    """The ledger and the history, in one database.

    Open it with :meth:`open`; it is safe to use from several processes at once. Times (``at``) are given by
    the caller as ISO text: the store reads no clock. Every mutating method takes the ``actor`` who acts and
    the ``signer`` holding that actor's key; the store's ``permissions`` decide who may act.

    Args:
        hash_algorithm: the hash the store is to have (``"sha256"`` or ``"sm3"``): recorded by the first
            write to a new store, refused by a store created with another; ``None`` takes the store's own.
        readonly: whether the store only reads (every write refused): :meth:`open` with ``readonly=True``
            gives one on a read-only connection.
        accept_draw_v1: whether a draw-v1 manifest may still be committed (to finish a plan begun under it): a
            draw-v1 manifest announces no time for its public input and lets the input be re-spelled, so new
            plans are committed as draw-v2, and a draw-v1 manifest is refused unless this is given.
    """

    def __init__(self, engine: sa.Engine, *, hash_algorithm: HashAlgorithm | str | None = None,
                 permissions: Permissions | None = None, readonly: bool = False,
                 accept_draw_v1: bool = False) -> None:
        self.engine = engine
        self.accept_draw_v1 = accept_draw_v1
        self.permissions = permissions or Permissions.unrestricted()
        self.readonly = readonly
        self._postgres = engine.dialect.name == "postgresql"
        self._requested = requested_hash(hash_algorithm)
        self._hash: HashAlgorithm | None = None  # the recorded algorithm, once read or recorded
        self._outer: sa.Connection | None = None  # the open transaction of atomic(), which every write joins
        self._shown = mask_url(engine.url.render_as_string(hide_password=False))  # the URL as errors show it

    def bind(self, permissions: Permissions) -> Store:
        """This store (the same database and engine) checking ``permissions``: a profile's, from
        ``registry.resolve(code, day).permissions()``."""
        bound = Store(self.engine, hash_algorithm=self._requested, permissions=permissions, readonly=self.readonly,
                      accept_draw_v1=self.accept_draw_v1)
        bound._hash = self._hash  # the algorithm already read or recorded stays known
        return bound

    @classmethod
    def create(cls, url: str | Path, *, administrator: Actor, signer: Signer,
               hash_algorithm: HashAlgorithm | str | None = None, permissions: Permissions | None = None,
               at: str | None = None) -> Store:
        """Create a store at ``url`` with its first entry, ``store_created``: the ledger's hash, that every entry
        is signed, and its ``administrator`` (a ``Role.ADMINISTRATOR`` actor, 系统管理员, with the public key of
        ``signer``), signed by that administrator. The administrator then enrols the other actors' keys
        (:meth:`enrol`); every write is checked against the register the chain holds.

        Raises:
            StoreError: the database holds a ledger already.
            InvalidInputError: an administrator who is not a 系统管理员, or a signer that is not one.
        """
        store = cls.open(url, hash_algorithm=hash_algorithm, permissions=permissions)
        try:
            store.create_ledger(administrator=administrator, signer=signer, at=at)
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open(cls, url: str | Path, *, migrate: bool = True, hash_algorithm: HashAlgorithm | str | None = None,
             permissions: Permissions | None = None, readonly: bool = False, accept_draw_v1: bool = False) -> Store:
        """Open the store at ``url``: a SQLAlchemy URL (``sqlite:///bureau.sqlite3``,
        ``postgresql+psycopg://user@host/db``) or a path to a SQLite file. With ``migrate`` (the default) the
        schema is brought up to date first. ``permissions`` (a profile's) decide which role may take which step;
        without them every role may take every step, and only the checks on the context hold (an inspector acts
        on their own inspections, a plan is drawn by the department that committed it, …).

        Args:
            hash_algorithm: the hash of the ledger's chain, ``"sha256"`` or ``"sm3"``. A new store records it
                (SHA-256 if none is named) and keeps it for good; an existing store is opened with its own,
                and naming another is refused. A store made before hashes were named is a SHA-256 store.

            accept_draw_v1: let draw-v1 manifests be committed (see the class's text); new plans are draw-v2.
            readonly: open the store for reading only, as an auditor with a read-only copy or a read-only
                database role would: no migration, nothing recorded, every write refused; on SQLite a read-only
                connection (``mode=ro``), on PostgreSQL read-only transactions. A schema from version 6 on is
                verified as it is.

        Raises:
            SchemaVersionError: a database made by a newer version of the library, or (without ``migrate``)
                one that is not up to date.
            StoreError: a store created with another hash algorithm than ``hash_algorithm``.
            InvalidInputError: an unknown hash algorithm.
        """
        requested = requested_hash(hash_algorithm)  # an unknown name is refused before anything opens
        try:
            engine = make_engine(url, readonly=readonly)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
            shown = mask_url(str(url))
            raise StoreError(tr("cannot open the store: {driver_message}",
                                driver_message=_driver_message(exc, url)), where=shown,
                             fix=tr("give a SQLite file's path, or a URL such as "
                                    "postgresql+psycopg://u@host/db")) from None
        store = cls(engine, hash_algorithm=requested, permissions=permissions, readonly=readonly,
                    accept_draw_v1=accept_draw_v1)
        text = store._shown
        if readonly:
            return store._opened_readonly()
        try:
            version = store.migrate() if migrate else store.version
        except sa.exc.SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(tr("cannot open the store: {driver_message}", driver_message=_driver_message(exc, url)),
                             where=text, fix=tr("check the path or server, and that it may be written (to verify a "
                                                "copy you may not write, open it read-only)")) from None
        if version != MIGRATIONS[-1].version:
            engine.dispose()
            raise SchemaVersionError(tr("the schema is at version {version}, this library needs {version2}",
                                        version=version, version2=MIGRATIONS[-1].version), where=text,
                                     fix=tr("in Python: open it with migrate=True (the command line migrates a "
                                            "store as it opens it)"))
        try:
            store._with_retry(store._settle)
        except StoreError:
            engine.dispose()
            raise
        return store

    def _opened_readonly(self) -> Store:
        """This store, checked to be one a read-only verification can read (a schema from version 6 on)."""
        try:
            version = self.version
        except sa.exc.SQLAlchemyError as exc:
            self.engine.dispose()
            raise StoreError(tr("cannot open the store: {driver_message}",
                                driver_message=_driver_message(exc, self._shown)),
                             where=self._shown, fix=tr("check the path or server, and that it may be read")) from None
        if not _READONLY_FROM <= version <= MIGRATIONS[-1].version:
            self.engine.dispose()
            raise SchemaVersionError(tr("the schema is at version {version}; a read-only verification reads "
                                        "versions {readonly_from} to {version2}",
                                        version=version,
                                        readonly_from=_READONLY_FROM,
                                        version2=MIGRATIONS[-1].version), where=self._shown,
                                     fix=tr("verify a migrated copy, or upgrade random-inspection"))
        return self

    # -- the hash algorithm --------------------------------------------------------------------------------------

    @property
    def hash_algorithm(self) -> HashAlgorithm:
        """The hash of the ledger's chain (and of a publication's content), as the store records it."""
        if self._hash is None:
            if self.readonly:
                with self.engine.connect() as conn:
                    return verifying_hash(conn)
            found: HashAlgorithm = self._with_retry(self._settle)
            return found
        return self._hash

    def _settle(self, conn: sa.Connection) -> HashAlgorithm:
        """The store's algorithm (recorded now, within this writing transaction, if the store records none yet).

        Raises:
            StoreError: the store was created with another algorithm than the one asked for.
        """
        if self._hash is not None:
            return self._hash
        found, fixed = settle_hash(conn, self._requested, self._shown)
        if fixed:
            self._hash = found
        return found

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ------------------------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """The schema version of the database (0: empty)."""
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table(schema_version.name):
                return 0
            return int(conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0)

    def migrate(self, to: int | None = None) -> int:
        """Apply the migrations not yet applied, up to ``to`` (default: the last), each in its own transaction,
        and return the version reached.

        Raises:
            SchemaVersionError: the database is newer than this library.
        """
        target = MIGRATIONS[-1].version if to is None else to
        known = MIGRATIONS[-1].version
        self._writable()
        for migration in MIGRATIONS:
            if migration.version > target:
                break
            with self._transaction() as conn:
                self._lock(conn)
                conn.exec_driver_sql(BOOTSTRAP)
                done = int(conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0)
                if done > known:
                    raise SchemaVersionError(
                        tr("the database's schema is version {done}; this library knows up to {known}", done=done,
                           known=known),
                        where=self._shown, fix=tr("upgrade random-inspection before opening this store"),
                    )
                if done >= migration.version:
                    continue
                migration.upgrade(conn)
                conn.execute(sa.insert(schema_version).values(version=migration.version,
                                                              description=migration.description))
        return self.version

    # -- the ledger --------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sa.Connection]:
        """A writing transaction (on SQLite it holds the write lock from its first statement)."""
        with self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """One writing transaction that every write made inside the block joins: all of them are appended, or,
        if an exception leaves the block, none (a refusal a write records inside it is rolled back with the
        rest). The write lock is held from the start of the block to its end; reads of the store made inside it
        through its other methods see the ledger as it was before the block. A block inside another joins it.

        Raises:
            StoreError: the store is read-only, or the database refuses the transaction.
        """
        if self._outer is not None:
            yield
            return
        self._writable()
        try:
            with self._transaction() as conn:
                self._lock(conn)
                self._outer = conn
                try:
                    yield
                finally:
                    self._outer = None
        except sa.exc.DBAPIError as exc:
            raise StoreError(tr("the store refused the write: {driver_message}",
                                driver_message=_driver_message(exc, self._shown)), where=self._shown,
                             fix=tr("check the database is reachable, writable and not held by a long "
                                    "transaction")) from exc

    def _lock(self, conn: sa.Connection) -> None:
        """Serialise writers: SQLite's transactions take the write lock as they begin; PostgreSQL's take this."""
        if self._postgres:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})

    def _writable(self) -> None:
        if self.readonly:
            raise StoreError(tr("the store is open read-only: nothing is written"), where=self._shown,
                             fix=tr("in Python: open it without readonly=True to record"))

    def _with_retry(self, work: Any) -> Any:
        self._writable()
        if self._outer is not None:  # inside atomic(): a savepoint of its transaction, undone if the work fails
            with self._outer.begin_nested():
                return work(self._outer)
        delay, give_up = 0.001, time.monotonic() + _PATIENCE
        while True:
            try:
                with self._transaction() as conn:
                    self._lock(conn)
                    return work(conn)
            except sa.exc.DBAPIError as exc:
                if not _is_busy(exc) or time.monotonic() > give_up:
                    raise StoreError(tr("the store refused the write: {driver_message}",
                                        driver_message=_driver_message(exc, self._shown)),
                                     where=self._shown,
                                     fix=tr("check the database is reachable, writable and not held by a long "
                                            "transaction")) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.1)

    @staticmethod
    def _check_time(conn: sa.Connection, at: str | None) -> None:
        """Ledger times never run backwards: an entry's time is not before the time of the last entry that has
        one (an entry may carry no time: then nothing is claimed of it).

        Raises:
            InvalidInputError: a time before the last one recorded, or not an ISO 8601 time with its offset.
        """
        moment = _moment(at, "at")
        if moment is None:
            return
        # the latest entries, newest first (entries without a time are rare: a hundred back is far enough)
        query = sa.select(ledger.c.seq, ledger.c.body).order_by(ledger.c.seq.desc()).limit(100)
        for seq, body in conn.execute(query).all():
            last = json.loads(body).get("at")
            if last is None:
                continue
            try:
                earlier = _moment(last, f"entry {seq}")
            except InvalidInputError:
                return  # an entry written before times were checked: nothing to compare with
            if earlier is not None and moment < earlier:
                raise InvalidInputError(
                    tr("the time {at} is before entry {seq}'s time {last}: ledger times never run backwards", at=at,
                       seq=seq, last=last),
                    where="at", fix=tr("record the step at the time it is taken (now), not an earlier one"))
            return

    def _append(self, conn: sa.Connection, kind: EntryKind, payload: Any, plan_id: str | None,
                at: str | None, actor: Actor, signer: Signer) -> Entry:
        self._check_time(conn, at)
        last, prev = self._head(conn)
        seq = last + 1
        who = actor.to_json()
        body = entry_body(seq, kind, plan_id, at, payload, who)
        hashed = entry_hash(prev, body, self._settle(conn))
        signature = bytes(signer.sign(hashed.encode("utf-8"))).hex()  # over the entry hash, as entry_hash gives it
        conn.execute(sa.insert(ledger).values(seq=seq, kind=kind.value, plan_id=plan_id, body=body,
                                              prev_hash=prev, entry_hash=hashed, actor=actor.id,
                                              algorithm=signer.algorithm, signature=signature))
        return Entry(seq, kind, plan_id, at, payload, prev, hashed, who, signer.algorithm, signature)

    def _act(self, action: Action, actor: Actor, signer: Signer, plan_id: str | None, at: str | None,
             work: Callable[[sa.Connection], Entry],
             context: Callable[[sa.Connection], Context] | None = None) -> Entry:
        """Check the actor may take ``action`` (in the transaction that then does ``work``); a refusal is
        recorded in a ``refused`` entry of its own, then raised."""
        _check_hands(actor, signer)

        def guarded(conn: sa.Connection) -> Entry:
            self._settle(conn)  # a schema too old to record the hash (or the actors) is refused first
            self._check_time(conn, at)  # before anything, so that not even a refusal is recorded backwards
            self._check_registered(conn, actor, signer)
            self.permissions.check(actor, action, context(conn) if context else None)
            return work(conn)

        try:
            entry: Entry = self._with_retry(guarded)
        except PermissionRefused as refused:
            payload = {"action": action.value, "reason": refused.reason}
            noted: Entry = self._with_retry(
                lambda conn: self._append(conn, EntryKind.REFUSED, payload, plan_id, at, actor, signer))
            refused.entry, refused.entry_hash = noted.seq, noted.entry_hash
            raise
        return entry

    def _check_registered(self, conn: sa.Connection, actor: Actor, signer: Signer) -> None:
        """Where the chain holds a key register, only its actors act: with the key it holds for them, as the role
        and department it gives them, not revoked. Refused before anything is written: an actor the register does
        not know cannot be held to a refusal, and a key that is not theirs could sign only forgeries. The register
        is the chain's at this entry, read in the writing transaction; nothing outside the chain is consulted."""
        register = self._register(conn)
        if register is None:
            return
        problem = register.check(actor.to_json(), signer.algorithm, signer.public_key)
        if problem is not None:
            raise InvalidInputError(tr("refused: {problem}", problem=problem),
                                    where=tr("actor {actor}", actor=actor.id),
                                    fix=tr("act as an actor the store's administrator enrolled, with that actor's "
                                           "own key, role and department (ledger keys lists them)"))

    @staticmethod
    def _register(conn: sa.Connection) -> Register | None:
        """The key register the chain holds (None for a ledger without a founding entry), rebuilt from its
        register entries."""
        register: Register | None = None
        for e in Store._entries(conn, kinds=REGISTER_KINDS):
            if e.kind in (EntryKind.STORE_CREATED, EntryKind.REGISTER_OPENED):
                changed: Register | str = Register.found(e.seq, e.payload, e.actor, e.algorithm,
                                                         str(e.payload.get("ledger_hash")))
            elif register is None:
                raise LedgerBroken(e.seq, tr("a {value} entry where the chain holds no key register",
                                             value=e.kind.value))
            elif e.kind is EntryKind.KEY_ENROLLED:
                changed = register.enrol(e.seq, e.payload, e.actor)
            else:
                changed = register.revoke(e.seq, e.payload, e.actor)
            if isinstance(changed, str):
                raise LedgerBroken(e.seq, tr("its {value}: {changed}; nothing is written to this store",
                                             value=e.kind.value, changed=changed))
            register = changed
        return register

    def register(self) -> Register | None:
        """The key register the chain holds now (None for a ledger without a ``store_created`` or
        ``register_opened`` entry)."""
        with self.engine.connect() as conn:
            return self._register(conn)

    # -- the register: created, opened, keys enrolled and revoked ------------------------------------------------

    def _found(self, kind: EntryKind, administrator: Actor, signer: Signer, at: str | None) -> Entry:
        _check_hands(administrator, signer)
        if administrator.role is not Role.ADMINISTRATOR:
            raise InvalidInputError(tr("{id} acts as {value}; a store's register is kept by a {value2}",
                                       id=administrator.id, value=administrator.role.value,
                                       value2=Role.ADMINISTRATOR.value),
                                    where=tr("actor {actor}", actor=administrator.id),
                                    fix=tr("name an actor of role {value} (ADMINISTRATOR)",
                                           value=Role.ADMINISTRATOR.value))
        admin = {"id": administrator.id, "name": administrator.name, "role": administrator.role.value,
                 "department": administrator.department, "algorithm": signer.algorithm,
                 "public_key": signer.public_key.lower()}

        def work(conn: sa.Connection) -> Entry:
            last, _ = self._head(conn)
            if kind is EntryKind.STORE_CREATED and last:
                raise StoreError(tr("the store holds a ledger already ({last} entries)", last=last), where=self._shown,
                                 fix=tr("create a store in an empty database; continue an older ledger with "
                                        "open_register (ledger open-register)"))
            if kind is EntryKind.REGISTER_OPENED:
                if not last:
                    raise StoreError(tr("the store is empty"), where=self._shown,
                                     fix=tr("create it with `random-inspection ledger init --store STORE --as "
                                            "ADMINISTRATOR_FILE` (in Python: Store.create)"))
                if self._register(conn) is not None:
                    raise StoreError(tr("the chain holds a key register already"), where=self._shown,
                                     fix=tr("enrol keys with the administrator the chain names (ledger keys)"))
            payload = founding_payload(admin, self._settle(conn).name, after=last)
            return self._append(conn, kind, payload, None, at, administrator, signer)

        entry: Entry = self._with_retry(work)
        return entry

    def create_ledger(self, *, administrator: Actor, signer: Signer, at: str | None = None) -> Entry:
        """Write an empty store's first entry, ``store_created`` (what :meth:`create` does after opening).

        Raises:
            StoreError: the store holds entries already.
        """
        return self._found(EntryKind.STORE_CREATED, administrator, signer, at)

    def open_register(self, *, administrator: Actor, signer: Signer, at: str | None = None) -> Entry:
        """Continue a ledger made by an earlier version (no ``store_created`` entry) under a key register held
        in the chain: a ``register_opened`` entry names the ledger's hash, that every entry from it on is signed,
        and the ``administrator`` (系统管理员, with ``signer``'s public key), signed by that administrator.

        Raises:
            StoreError: an empty store (create it instead) or one whose chain holds a register already.
        """
        return self._found(EntryKind.REGISTER_OPENED, administrator, signer, at)

    def _administer(self, kind: EntryKind, payload: dict[str, Any], actor: Actor, signer: Signer,
                    at: str | None) -> Entry:
        """An entry of the register, taken by an administrator the register holds; a registered actor of another
        role is refused and the refusal recorded."""
        _check_hands(actor, signer)

        def work(conn: sa.Connection) -> Entry:
            register = self._register(conn)
            if register is None:
                raise StoreError(tr("the chain holds no key register"), where=self._shown,
                                 fix=tr("create the store with an administrator (ledger init), or open a register "
                                        "on an older ledger (ledger open-register)"))
            self._check_registered(conn, actor, signer)
            if actor.role is not Role.ADMINISTRATOR:
                raise PermissionRefused(actor.id, kind.value,
                                        tr("only a {role} changes the key register", role=Role.ADMINISTRATOR.value),
                                        fix=tr("have the store's administrator do it"))
            seq = self._head(conn)[0] + 1
            changed = (register.enrol(seq, payload, actor.to_json()) if kind is EntryKind.KEY_ENROLLED
                       else register.revoke(seq, payload, actor.to_json()))
            if isinstance(changed, str):
                member_id = payload.get("id")
                raise InvalidInputError(changed,
                                        where=tr("enrolment of {id}", id=member_id) if kind is EntryKind.KEY_ENROLLED
                                        else tr("revocation of {id}", id=member_id),
                                        fix=tr("see ledger keys for the register as it stands"))
            return self._append(conn, kind, payload, None, at, actor, signer)

        try:
            entry: Entry = self._with_retry(work)
        except PermissionRefused as refused:
            noted_payload = {"action": kind.value, "reason": refused.reason}
            noted: Entry = self._with_retry(lambda conn: self._append(
                conn, EntryKind.REFUSED, noted_payload, None, at, actor, signer))
            refused.entry, refused.entry_hash = noted.seq, noted.entry_hash
            raise
        return entry

    def enrol(self, member: Actor, algorithm: str, public_key: str, *, actor: Actor, signer: Signer,
              at: str | None = None) -> Entry:
        """Enrol ``member``'s key (``algorithm``, ``public_key`` in hex) in the register: a ``key_enrolled``
        entry with the member's id, name, role and department, signed by the administrator ``actor``.

        Raises:
            InvalidInputError: a malformed key, a member with a key in force already, or an ``actor`` the
                register does not hold (nothing written).
            PermissionRefused: a registered actor who is not an administrator (the refusal is recorded).
        """
        if not isinstance(member, Actor):
            raise InvalidInputError(tr("{member!r} is not an Actor",
                                       member=member), where=tr("the enrolment"), fix=tr("give the Actor to enrol"))
        payload = {"id": member.id, "name": member.name, "role": member.role.value, "department": member.department,
                   "algorithm": algorithm, "public_key": _enrolled_key(algorithm, public_key)}
        return self._administer(EntryKind.KEY_ENROLLED, payload, actor, signer, at)

    def revoke(self, actor_id: str, reason: str, *, actor: Actor, signer: Signer, at: str | None = None) -> Entry:
        """Revoke ``actor_id``'s key, with the ``reason``: a ``key_revoked`` entry signed by the administrator
        ``actor``; from the next entry on the key signs nothing (the actor may be enrolled again, with a new key).

        Raises:
            InvalidInputError: no key in force for ``actor_id``, the last administrator, an empty reason.
            PermissionRefused: a registered actor who is not an administrator (the refusal is recorded).
        """
        payload = {"id": str(actor_id), "reason": _reason(reason, f"revocation of {actor_id}")}
        return self._administer(EntryKind.KEY_REVOKED, payload, actor, signer, at)

    def append(self, kind: EntryKind, payload: Any, *, actor: Actor, signer: Signer, plan_id: str | None = None,
               at: str | None = None) -> Entry:
        """Append one entry (payload: JSON data of text, integers, booleans, lists and objects), taken by
        ``actor`` and signed by ``signer``, and return it.

        Raises:
            PermissionRefused: the actor's role may not take the entry kind's action (then recorded).
        """
        kind = EntryKind(kind)
        if kind is EntryKind.REFUSED:
            raise InvalidInputError(tr("refused entries are written by the store itself"), where=tr("the ledger entry"),
                                    fix=tr("append the action; the store records it if it is refused"))
        if kind in _OWN_METHOD:
            raise InvalidInputError(tr("{value} entries are written by store.{own_method}", value=kind.value,
                                       own_method=_OWN_METHOD[kind]), where=tr("the ledger entry"),
                                    fix=tr("call store.{own_method}: it checks what an entry of this kind needs",
                                           own_method=_OWN_METHOD[kind]))
        canonical_json(payload)  # refuse floats and other non-canonical data before taking the lock
        return self._act(ACTION_OF_KIND[kind], actor, signer, plan_id, at,
                         lambda conn: self._append(conn, kind, payload, plan_id, at, actor, signer))

    def refusals(self, *, plan_id: str | None = None) -> list[Entry]:
        """The refused attempts, in order: each entry names its actor, and its payload the action and why."""
        return self.entries(plan_id=plan_id, kind=EntryKind.REFUSED)

    @staticmethod
    def _entries(conn: sa.Connection, plan_id: str | None = None, kind: EntryKind | None = None, *,
                 kinds: Iterable[EntryKind] = ()) -> list[Entry]:
        query = sa.select(ledger.c.seq, ledger.c.body, ledger.c.prev_hash, ledger.c.entry_hash, ledger.c.algorithm,
                          ledger.c.signature).order_by(ledger.c.seq)
        if plan_id is not None:
            query = query.where(ledger.c.plan_id == plan_id)
        if kind is not None:
            query = query.where(ledger.c.kind == EntryKind(kind).value)
        wanted = [EntryKind(k).value for k in kinds]
        if wanted:
            query = query.where(ledger.c.kind.in_(wanted))
        return [Entry.from_row(*row) for row in conn.execute(query)]

    def entries(self, *, plan_id: str | None = None, kind: EntryKind | None = None) -> list[Entry]:
        """The entries, in order (of one plan, of one kind, if given)."""
        with self.engine.connect() as conn:
            return self._entries(conn, plan_id, kind)

    @staticmethod
    def _head(conn: sa.Connection) -> tuple[int, str]:
        """The last entry's number and hash (0 and 64 zeros for an empty ledger)."""
        last = conn.execute(sa.select(ledger.c.seq, ledger.c.entry_hash).order_by(ledger.c.seq.desc()).limit(1)).first()
        return (int(last[0]), str(last[1])) if last else (0, GENESIS)

    def head(self) -> str:
        """The hash of the last entry (64 zeros for an empty ledger); :meth:`ledger_head` gives its number too."""
        with self.engine.connect() as conn:
            return self._head(conn)[1]

    def ledger_head(self) -> LedgerHead:
        """The ledger's head, the last entry's number and hash (``0:000…`` for an empty ledger): publish it with
        every output, so that a ledger later cut back or rewritten fails ``verify(head=...)``."""
        with self.engine.connect() as conn:
            return LedgerHead(*self._head(conn))

    def _rows(self) -> Generator[tuple[Any, ...], None, None]:
        query = sa.select(ledger.c.seq, ledger.c.kind, ledger.c.plan_id, ledger.c.body, ledger.c.prev_hash,
                          ledger.c.entry_hash, ledger.c.actor, ledger.c.algorithm,
                          ledger.c.signature).order_by(ledger.c.seq)
        with self.engine.connect() as conn:
            for row in conn.execution_options(stream_results=True, yield_per=5000).execute(query):
                yield tuple(row)

    def verify(self, head: LedgerHead | str | None = None, *, keys: KeyRing | None = None,
               admin_key: str | None = None) -> int:
        """:meth:`audit`, returning the number of entries."""
        return self.audit(head, keys=keys, admin_key=admin_key).entries

    def audit(self, head: LedgerHead | str | None = None, *, keys: KeyRing | None = None,
              admin_key: str | None = None, manifests: Iterable[Manifest] = (),
              progress: Callable[[int, int], None] | None = None) -> Audit:
        """Check the whole ledger and say what was checked: the chain with the hash algorithm the store records,
        a published ``head``, every entry's actor, the key register the chain holds and every signature against
        it, and that the history the caps count is what the result entries record. Reads only (a store opened
        ``readonly`` verifies); nothing in ``ri_setting`` but the hash algorithm is read, and that is checked
        against the founding entry.

        Args:
            head: a :class:`LedgerHead` published earlier (entry ``seq`` must carry exactly its hash; ``SEQ:HASH``
                text is read as one) or a plain hash published earlier (some entry must carry it).
            keys: verifying keys for signed entries made before the chain held a register (an older ledger's).
            admin_key: the administrator's public key as the bureau publishes it: the entry founding the
                register must name it.
            manifests: committed manifests (public, ``PLAN.manifest.json``): a platform's draw of one of them is
                re-checked against it (``store.external.recheck``); the store keeps no manifest itself.
            progress: called with (entries reached, entries in the ledger) as the walk reaches each entry (the
                command line shows it, throttled, on standard error).

        Returns:
            an :class:`Audit`: the number of entries, the head, how many entries are unsigned (an older ledger's
            prefix), how many signatures were checked and how many could not be (signed before the register,
            without ``keys``).

        Raises:
            LedgerBroken: naming the first entry where the chain, an actor, a signature, the register or the
                history fails.
        """
        with self.engine.connect() as conn:
            hash_with = verifying_hash(conn)
            self._check_no_triggers(conn)
        rows = self._rows()
        try:
            walked = rows if progress is None else _reporting(rows, self.ledger_head().seq, progress)
            found = audit_chain(walked, head, keys, hash_with=hash_with, admin_key=admin_key)
        finally:
            rows.close()  # a break found mid-way must not leave the reading connection open
        self._check_history()
        with self.engine.connect() as conn:
            if found.register_from is not None:
                self._check_results(conn, found.register_from)
                self._check_steps(conn, found.register_from)
                self._check_departures(conn, found.register_from)
            external = check_external_entries(self._entries(conn, kinds=(
                EntryKind.PLAN_COMMITTED, *_DRAW_KINDS, EntryKind.REDRAW)), {m.hash: m for m in manifests})
        if external is not None:
            raise LedgerBroken(external[0], tr("its draw made on a platform does not hold: {external}",
                                               external=external[1]))
        return found

    def _check_no_triggers(self, conn: sa.Connection) -> None:
        """The store's tables carry no trigger: a trigger could rewrite or remove entries as they are written (a
        refusal deleted the moment it is recorded, say), leaving a chain that is whole but not what was written.

        Raises:
            LedgerBroken: naming the triggers found (at entry 1: the whole ledger is in doubt).
        """
        if self._postgres:
            query = sa.text("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                            "WHERE NOT t.tgisinternal AND c.relname LIKE 'ri\\_%'")
        elif self.engine.dialect.name == "sqlite":
            query = sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'ri\\_%' "
                            "ESCAPE '\\'")
        else:
            return
        found = sorted(str(r[0]) for r in conn.execute(query))
        if found:
            raise LedgerBroken(1, tr("the store's tables carry triggers ({found}): a trigger can change or remove "
                                     "entries as they are written, so the chain cannot be trusted to be what was "
                                     "written; remove them and compare the ledger with the heads published",
                                     found=', '.join(found)))

    def _check_history(self, conn: sa.Connection | None = None) -> None:
        """The history rows are exactly what the ledger's result entries say (they are what the caps count)."""
        if conn is None:
            with self.engine.connect() as reading:
                return self._check_history(reading)
        expected = {}
        for entry in self._entries(conn, kind=EntryKind.RESULT_RECORDED):
            p = entry.payload
            try:
                day = p["steps"].get(Step.ENDED.value) or p["steps"].get(Step.STARTED.value)
                expected[entry.seq] = (p["subject"], p["plan_id"], int(day[:4]), p["kind"])
            except (KeyError, TypeError, ValueError, AttributeError):
                raise LedgerBroken(entry.seq, tr("its inspection record is not one the store writes")) from None
        query = sa.select(inspections.c.seq, inspections.c.subject, inspections.c.plan_id, inspections.c.year,
                          inspections.c.kind).order_by(inspections.c.seq)
        found = {int(r[0]): (r[1], r[2], int(r[3]), r[4]) for r in conn.execute(query)}
        for seq in sorted(set(expected) | set(found)):
            if expected.get(seq) != found.get(seq):
                raise LedgerBroken(seq, tr("the history row {get} is not what the entry records {get2} (the "
                                           "history was edited, added to or cut)", get=found.get(seq),
                                           get2=expected.get(seq)))

    # -- plans and draws ---------------------------------------------------------------------------------------

    def commit_plan(self, manifest: Manifest, *, actor: Actor, signer: Signer, departments: Iterable[str] = (),
                    reason: str | None = None, at: str | None = None, profile: str | None = None,
                    sample: tuple[int, int] | None = None, departures: Iterable[Departure] = (),
                    continued: Iterable[Continuation] = (), counts_toward_floor: bool = True,
                    profile_rules: str | None = None, plugins: Iterable[PluginSource] = (),
                    rosters: Iterable[Sequence[str]] = (), periods: Iterable[Sequence[str]] = (),
                    platform_task: str | None = None) -> Entry:
        """Record a manifest's hash before its seed exists (draw-v1 §1). A draw is taken only of the plan's
        latest committed manifest, so a plan cannot hold several and keep the one whose draw it likes: a new
        manifest for a plan committed before needs its ``reason`` (a corrected roster, say), recorded with it.
        Committing the latest manifest again changes nothing and returns its entry.

        The committing actor's department owns the plan: only its actors draw it. ``departments`` names a joint
        plan's departments, lead first (许应急〔2023〕14号 第二十二条): the lead commits it, and its manifest may hold
        the inspectors of every one of them; otherwise a manifest holds only the actor's department's inspectors
        (each department picks its own, 第二十二条(三)).

        ``sample`` is the plan's ``(sample size, pool)`` (``workflow.sample_size``, ``workflow.pool_size``),
        recorded so that a yearly floor can be checked against the year's commits without their manifests;
        ``profile_rules`` is the fingerprint of the rules the plan runs under (``ResolvedProfile.fingerprint``):
        :func:`~random_inspection.store.check_committed` refuses a later step whose profile resolves otherwise.
        ``plugins`` are where the loaded profile plugins came from (``ProfileRegistry.provenance``: each package
        with its version, each local file with its SHA-256), recorded and checked the same way.
        ``rosters`` are the roster files the manifest was made from, each ``(kind, "sha256:…")`` of its bytes:
        the manifest holds the inspectors' ids only, so a later step reading another file (a name or a 执法证号
        swapped after the dice) is refused by :func:`~random_inspection.store.check_committed`.
        ``periods`` are the periods the plan sets for duties whose source sets none, each ``(obligation key,
        period label)``: recorded so that due dates cannot be moved after the commit.
        ``counts_toward_floor=False`` records that the plan's items are all of another class than the floor's
        (``FloorCheck.counted``), so its subjects do not count toward it.

        ``departures`` are the plan's departures from rules its profile words as defaults (原则上, 一般, 可以),
        each with its reason: recorded with the commit, before chance exists, so they are public on the
        ledger listing, the pre-draw notice and the disclosure. The same manifest committed again with other
        departures is a new commit, which needs its ``reason`` like a new manifest.

        ``continued`` are the documents of the plan's profile chain the bureau declared continued in force until
        replaced (:class:`~random_inspection.profiles.Continuation`): recorded with the commit, so the public sees
        that the plan runs on a document past its own last day, and why; other ones make a new commit too.

        Raises:
            PersonalDataError: the reason holds personal data (it is disclosed): nothing is recorded.
            RedrawRefused: a different manifest for a committed plan without a reason.
            PermissionRefused: the actor's role may not commit a plan, a partner commits a joint plan, or the
                manifest holds another department's inspectors (the refusal is recorded).
        """
        joint = tuple(departments)
        payload: dict[str, Any] = {"manifest_hash": manifest.hash, "seed_source": manifest.seed_source,
                                   "window": [d.isoformat() for d in manifest.window]}
        if manifest.public_input_spec is None:
            payload["public_input_format"] = manifest.public_input_format
        else:  # draw-v2: the source, its announced time and its fields, as the manifest has them
            payload["public_input"] = manifest.public_input_spec.to_json()
        if joint:
            payload["departments"] = list(joint)
        if profile is not None:  # the rules the plan runs under: later steps are checked against this profile
            payload["profile"] = profile
        if profile_rules is not None:  # ResolvedProfile.fingerprint(): every later step must resolve to the same
            payload["profile_rules"] = profile_rules
        if reason is not None:
            payload["reason"] = _reason(reason, f"new manifest for plan {manifest.plan_id}")
        if sample is not None:
            payload["sample_size"], payload["pool"] = sample
        if not counts_toward_floor:
            payload["counts_toward_floor"] = False
        if platform_task is not None:  # the platform's task the plan is to be drawn under (docs/platforms.md)
            if not platform_task.strip():
                raise InvalidInputError(tr("the platform's task number is empty"),
                                        where=tr("plan {plan_id}", plan_id=manifest.plan_id),
                                        fix=tr("give the task number the platform shows, or leave --platform-task "
                                               "out"))
            payload["platform_task"] = platform_task
        # the terms the plan runs on besides its manifest; each recorded when there is any, and the same manifest
        # committed again on other terms is a new commit (plugins: ProfileRegistry.provenance(), which code made
        # the rules; every later step must load the same)
        terms = {"departures": [d.to_json() for d in departures], "continued": [c.to_json() for c in continued],
                 "plugins": [p.to_json() for p in sorted(plugins)], "rosters": [list(r) for r in rosters],
                 "periods": [list(p) for p in periods]}
        payload.update({key: value for key, value in terms.items() if value})
        # the entry is public (ledger listing)
        check_public(payload, where=tr("commit of plan {plan_id}", plan_id=manifest.plan_id))

        if manifest.version == 1 and not self.accept_draw_v1:
            raise InvalidInputError(
                tr("a draw-v1 manifest announces no time for its public input, and its pattern lets the same input "
                   "be spelled several ways: new plans are committed as draw-v2"),
                where=tr("plan {plan_id}", plan_id=manifest.plan_id),
                fix=tr("in Python: build the manifest with public_input=PublicInputSpec(source, produced_at, fields) "
                       "(docs/spec/draw-v2.md); Store.open(..., accept_draw_v1=True) only to finish a plan begun "
                       "under draw-v1"))
        when, produced = _stated_time(manifest, at, "commit")

        def work(conn: sa.Connection) -> Entry:
            mine = self._entries(conn, manifest.plan_id, kinds=(EntryKind.PLAN_COMMITTED, *_DRAW_KINDS))
            commits = [e for e in mine if e.kind is EntryKind.PLAN_COMMITTED]
            if commits and commits[-1].payload["manifest_hash"] == manifest.hash \
                    and all(commits[-1].payload.get(key, []) == value for key, value in terms.items()) \
                    and commits[-1].payload.get("platform_task") == platform_task:
                return commits[-1]
            if commits and reason is None:
                raise RedrawRefused(tr("plan {plan_id} was committed already (entry {seq}) with another manifest",
                                       plan_id=manifest.plan_id, seq=commits[-1].seq),
                                       where=tr("plan {plan_id}", plan_id=manifest.plan_id),
                                    fix=tr("give the reason for a new manifest; it is recorded and disclosed"))
            self._check_manifest_history(conn, manifest, actor)
            late = _too_late(manifest.plan_id, commits, mine, produced, when)
            if late is not None:
                raise _refused(actor, Action.COMMIT_PLAN, late, tr("commit the plan before its announced time; once "
                                                                   "the time has come, the manifest in force is the "
                                                                   "one drawn"))
            return self._append(conn, EntryKind.PLAN_COMMITTED, payload, manifest.plan_id, at, actor, signer)

        def context(conn: sa.Connection) -> Context:
            # the plan belongs to the department of its first commit: nobody else re-commits it; a joint plan's
            # team plan PLAN/DEPARTMENT belongs to that department from the start (第二十二条(三))
            owner = self._in_force(conn, manifest.plan_id).owner or (joint[0] if joint else None)
            parent, _, department = manifest.plan_id.rpartition("/")
            if owner is None and parent and department in self._in_force(conn, parent).departments[1:]:
                owner = department
            return Context(owner=owner, departments=joint or (actor.department,),
                           inspector_departments=frozenset(p.department for p in manifest.inspectors),
                           occasion=self._occasion(conn, manifest.plan_id, joint))

        return self._act(Action.COMMIT_PLAN, actor, signer, manifest.plan_id, at, work, context)

    def record_draw(self, manifest: Manifest, result: DrawResult, *, actor: Actor, signer: Signer,
                    reason: str | None = None, at: str | None = None) -> Entry:
        """Record a draw of a committed manifest. A second draw of the same plan is refused unless it gives its
        ``reason``; the redraw, with its reason and the draw it sets aside, is then an entry of its own before
        the draw's, and :meth:`redraws` lists it for the disclosure.

        Raises:
            RedrawRefused: the manifest was never committed, the result is not of this manifest, or a plan
                drawn before is drawn again without a reason.
            PermissionRefused: the actor's role may not draw, or the actor is not of the department that
                committed the plan (a partner drawing for the lead); the refusal is recorded.
            PersonalDataError: the reason holds personal data (it is disclosed): nothing is recorded.
        """
        plan_id = manifest.plan_id
        if result.manifest_hash != manifest.hash:
            raise RedrawRefused(tr("the result is not a draw of this manifest"),
                                where=tr("plan {plan_id}", plan_id=plan_id),
                                fix=tr("record the result drawn from this manifest"))
        if reason is not None:
            reason = _reason(reason, f"redraw of plan {plan_id}")
        problem = verify(manifest, result)
        if problem is not None:
            raise RedrawRefused(tr("the result does not verify against the manifest: {problem}", problem=problem),
                                where=tr("plan {plan_id}", plan_id=plan_id),
                                fix=tr("in Python: record the result exactly as draw() gave it"))

        when, produced = _stated_time(manifest, at, "draw")

        def work(conn: sa.Connection) -> Entry:
            if produced is not None and when is not None and when < produced:
                raise _refused(actor, Action.DRAW, tr(
                    "the public input of plan {plan_id} is announced for {produced}; a draw recorded at {at} would "
                    "rest on an input known before it was produced", plan_id=plan_id, at=at,
                    produced=manifest.public_input_spec.produced_at if manifest.public_input_spec else ""),
                               tr("draw with the public input once it has been produced, at the announced time"))
            mine = self._entries(conn, plan_id)
            commits = [e for e in mine if e.kind is EntryKind.PLAN_COMMITTED]
            if not commits or commits[-1].payload["manifest_hash"] != manifest.hash:
                raise RedrawRefused(
                    tr("manifest {hash}… is not the plan's latest committed manifest", hash=manifest.hash[:12]),
                    where=tr("plan {plan_id}", plan_id=plan_id),
                    fix=tr("commit the manifest (commit_plan) before the public input is known"),
                )
            self._redraw(conn, mine, manifest, reason, at, actor, signer)
            return self._append(conn, EntryKind.DRAW_EXECUTED, result.to_json(), plan_id, at, actor, signer)

        return self._act(Action.DRAW, actor, signer, plan_id, at, work,
                         lambda conn: Context(owner=self._in_force(conn, plan_id).owner,
                                              occasion=self._occasion(conn, plan_id)))

    def _redraw(self, conn: sa.Connection, mine: list[Entry], manifest: Manifest, reason: str | None,
                at: str | None, actor: Actor, signer: Signer) -> None:
        """Before a second draw of a plan (made here or on a platform): refused without a reason, else a
        ``redraw`` entry with the reason and the draw it sets aside."""
        plan_id = manifest.plan_id
        before = [e for e in mine if e.kind in _DRAW_KINDS]
        if not before:
            return
        if reason is None:
            raise RedrawRefused(
                tr("plan {plan_id} was drawn already (entry {seq})",
                   plan_id=plan_id,
                   seq=before[-1].seq), where=tr("plan {plan_id}", plan_id=plan_id),
                fix=tr("give the reason for drawing again; the redraw is recorded and disclosed"),
            )
        self._append(conn, EntryKind.REDRAW, {"reason": reason, "set_aside": set_aside(before[-1]),
                                              "manifest_hash": manifest.hash}, plan_id, at, actor, signer)

    def record_external_draw(self, manifest: Manifest, drawn: ExternalDraw, *, actor: Actor, signer: Signer,
                             reason: str | None = None, at: str | None = None,
                             declarations: InterestDeclarations | None = None,
                             accept_findings: bool = False) -> Entry:
        """Record a draw made on a platform (``store.external``, docs/platforms.md): an ``external_draw`` entry
        with the platform, the task number, the export file's SHA-256 and what it drew, which is from then on the
        plan's draw in force. The same export recorded again changes nothing and returns its entry; another one
        is a redraw, refused without its ``reason`` (as :meth:`record_draw`).

        Raises:
            InvalidInputError: a subject or inspector outside the committed rosters; ``at`` before the platform's
                draw time; findings against the manifest (``store.external.findings``) not accepted
                (``accept_findings=True`` records them with the draw, where they are published).
            RedrawRefused: the manifest is not the plan's latest committed one, or a plan drawn before is drawn
                again without a reason.
            PermissionRefused: the actor may not draw the plan, or the platform drew before the plan's commit
                (the refusal is recorded).
            PersonalDataError: the reason holds personal data (it is disclosed): nothing is recorded.
        """
        plan_id = manifest.plan_id
        where = tr("the platform\'s draw of plan {plan_id} ({file})", plan_id=plan_id, file=drawn.file_name)
        wrong = manifest_problems(drawn, manifest)
        if wrong:
            raise InvalidInputError("; ".join(wrong), where=where,
                                    fix=tr("import the platform's export of this plan's task; a roster the "
                                           "platform drew from that differs from the committed one is a new commit "
                                           "first"))
        declarations = declarations or manifest.declarations  # those carried in process, as draw() takes them
        check_declarations(drawn, manifest, declarations)
        found = findings(drawn, manifest, declarations)
        if found and not accept_findings:
            raise InvalidInputError("; ".join(found), where=where,
                                    fix=tr("ask the platform's operator to draw again, or accept the findings "
                                           "(--accept-findings): they are then recorded and published with the draw"))
        payload = drawn.payload(manifest.hash, found)
        problem = external_problem(payload)
        if problem is not None:
            raise InvalidInputError(tr("the draw cannot be recorded: {problem}", problem=problem), where=where,
                                    fix=tr("import the platform's export file as it was downloaded"))
        check_public(payload, allowed=list(drawn.subjects), where=where)
        if reason is not None:
            reason = _reason(reason, f"redraw of plan {plan_id}")
        platform_time = _moment(drawn.drawn_at, where)
        when = _moment(at, where)
        if when is not None and platform_time is not None and when < platform_time:
            raise InvalidInputError(tr("the platform drew at {drawn_at}, after the time {at} given",
                                       drawn_at=drawn.drawn_at, at=at),
                                    where=where, fix=tr("record the platform's draw after it was made"))

        def work(conn: sa.Connection) -> Entry:
            mine = self._entries(conn, plan_id)
            commits = [e for e in mine if e.kind is EntryKind.PLAN_COMMITTED]
            if not commits or commits[-1].payload["manifest_hash"] != manifest.hash:
                raise RedrawRefused(tr("manifest {hash}… is not the plan's latest committed manifest",
                                       hash=manifest.hash[:12]),
                                    where=tr("plan {plan_id}", plan_id=plan_id),
                                    fix=tr("commit the plan before the platform draws it"))
            committed = _moment(commits[-1].at, f"entry {commits[-1].seq}") if commits[-1].at else None
            if committed is not None and platform_time is not None and platform_time <= committed:
                raise _refused(actor, Action.DRAW, tr(
                    "the platform drew plan {plan_id} at {drawn_at}, not after its commit (entry {seq}, {at}): the "
                    "draw was made before its rosters were fixed", plan_id=plan_id, drawn_at=drawn.drawn_at,
                    seq=commits[-1].seq, at=commits[-1].at),
                               tr("commit the plan before the platform draws it; a draw made earlier is drawn again "
                                  "on the platform after the commit"))
            for other in self._entries(conn, kind=EntryKind.EXTERNAL_DRAW):
                p = other.payload
                if other.plan_id != plan_id and (p["file"]["sha256"] == drawn.file_sha256 or (
                        p["platform"] == drawn.platform and p["task"] == drawn.task)):
                    raise InvalidInputError(
                        tr("the platform's task {p} (export file SHA-256 {p2}…) was imported for plan {plan_id} "
                           "(ledger entry {seq}): one platform draw is one plan's",
                           p=p['task'],
                           p2=p['file']['sha256'][:12],
                           plan_id=other.plan_id,
                           seq=other.seq), where=where, fix=tr("import the export of this plan's own task"))
            announced = commits[-1].payload.get("platform_task")
            payload["announced_task"] = announced
            if announced is not None and drawn.task != announced:
                if reason is None:
                    raise RedrawRefused(
                        tr("the export is of task {task}; the commit (entry {seq}) announced task {announced}",
                           task=drawn.task, seq=commits[-1].seq, announced=announced), where=where,
                        fix=tr("import the export of the announced task, or give the reason another task of the "
                               "platform is the plan's draw (--reason): it is recorded and disclosed"))
                payload["reason"] = reason
            draws = [e for e in mine if e.kind in _DRAW_KINDS]
            if draws and draws[-1].kind is EntryKind.EXTERNAL_DRAW and draws[-1].payload == payload:
                return draws[-1]  # the same export again: nothing new
            self._redraw(conn, mine, manifest, reason, at, actor, signer)
            return self._append(conn, EntryKind.EXTERNAL_DRAW, payload, plan_id, at, actor, signer)

        return self._act(Action.DRAW, actor, signer, plan_id, at, work,
                         lambda conn: Context(owner=self._in_force(conn, plan_id).owner,
                                              occasion=self._occasion(conn, plan_id)))

    def _in_force(self, conn: sa.Connection, plan_id: str) -> InForce:
        return _fold_plan(plan_id, lambda plan: self._entries(conn, plan, kinds=_IN_FORCE_KINDS))

    def _occasion(self, conn: sa.Connection, plan_id: str, joint: tuple[str, ...] = ()) -> Occasion:
        """The occasion of a step on the plan, for the profile's grants: a joint plan (``joint``, the departments
        a commit names, or those it was committed with) is its lead's; a team plan ``PLAN/DEPARTMENT`` of a joint
        plan's partner is the partner's own part; any other plan is ordinary."""
        if len(joint or self._in_force(conn, plan_id).departments) > 1:
            return Occasion.JOINT_LEAD
        parent, _, department = plan_id.rpartition("/")
        if parent and department in self._in_force(conn, parent).departments[1:]:
            return Occasion.JOINT_PARTNER
        return Occasion.ORDINARY

    def _check_results(self, conn: sa.Connection, since: int) -> None:
        """Every double-random result entry from ``since`` on (the entry founding the register) is one the store
        would have accepted when it was written (:func:`~random_inspection.store.inforce.result_problem`): a
        result appended around the store — by whoever holds a key and the database — is found here."""
        by_plan: dict[str | None, list[Entry]] = {}
        for e in self._entries(conn, kinds=_IN_FORCE_KINDS):  # read once, folded up to each result below
            by_plan.setdefault(e.plan_id, []).append(e)
        for e in self._entries(conn, kind=EntryKind.RESULT_RECORDED):
            p = e.payload
            if e.seq < since or e.plan_id is None or not InspectionKind(p["kind"]).counts_as_double_random:
                continue
            now = _fold_plan(e.plan_id, functools.partial(_earlier, by_plan, e.seq))
            problem = result_problem(now, p["subject"], p["department"], p["team"], e.actor or {})
            if problem is not None:
                raise LedgerBroken(e.seq, tr("it records a result the store refuses: {problem} (written around the "
                                             "store's checks)", problem=problem[0]))

    def _check_departures(self, conn: sa.Connection, since: int) -> None:
        """Every departure from a duty's default period from ``since`` on is one :meth:`record_deadline_departure`
        would have accepted when it was written (:func:`~random_inspection.store.deadline_departures.
        departure_problem`): one appended around the store — after a default due date, by another department, for
        a subject not drawn — is found here."""
        by_plan: dict[str | None, list[Entry]] = {}
        for e in self._entries(conn, kinds=_IN_FORCE_KINDS):
            by_plan.setdefault(e.plan_id, []).append(e)
        for e in self._entries(conn, kind=EntryKind.DEADLINE_DEPARTURE):
            if e.seq < since or e.plan_id is None:
                continue
            try:
                read_departure(e.payload, e.seq, e.at)
                problem = departure_problem(_fold_plan(e.plan_id, functools.partial(_earlier, by_plan, e.seq)),
                                            e.payload, e.actor or {}, e.at)
            except (InvalidInputError, KeyError, TypeError, ValueError, AttributeError):
                raise LedgerBroken(e.seq, tr("its {kind} entry is not one the store writes",
                                             kind=e.kind.value)) from None
            if problem is not None:
                raise LedgerBroken(e.seq, tr("it records a departure the store refuses: {problem} (written around "
                                             "the store's checks)", problem=problem[0]))

    def _check_steps(self, conn: sa.Connection, since: int) -> None:
        """Every step entry from ``since`` on (the entry founding the register) is one :meth:`record_step` would
        have accepted when it was written (:class:`~random_inspection.store.steps.StepReplay`), read from the
        ledger alone: the draw in force before it, the inspection as its results and earlier steps left it, the
        plan's departments. A step appended around the store — a finding on an item not drawn, a receiver's step
        by another department, a day before the inspection, a step recorded twice — is found here."""
        by_plan: dict[str | None, list[Entry]] = {}
        for e in self._entries(conn, kinds=_IN_FORCE_KINDS):
            by_plan.setdefault(e.plan_id, []).append(e)
        replay = StepReplay()
        for e in self._entries(conn, kinds=(EntryKind.RESULT_RECORDED, EntryKind.STEP_RECORDED)):
            if e.plan_id is None:
                continue
            try:
                if e.kind is EntryKind.RESULT_RECORDED:
                    replay.result(e.plan_id, record_from_json({**e.payload, "result": None, "handling": []}, None))
                    continue
                step = RecordedStep.from_json(e.payload)
                problem = (replay.problem(e.plan_id, step, e.actor or {},
                                          _fold_plan(e.plan_id, functools.partial(_earlier, by_plan, e.seq)))
                           if e.seq >= since else None)
                replay.take(e.plan_id, step)
            except (KeyError, TypeError, ValueError, AttributeError):
                raise LedgerBroken(e.seq, tr("its {kind} entry is not one the store writes",
                                             kind=e.kind.value)) from None
            if problem is not None:
                raise LedgerBroken(e.seq, tr("it records a step the store refuses: {problem} (written around the "
                                             "store's checks)", problem=problem))

    def in_force(self, plan_id: str) -> InForce:
        """What is in force for the plan: its owner, manifest, draw (recusals applied), reserves used and teams
        (``random_inspection.store.inforce``)."""
        with self.engine.connect() as conn:
            return self._in_force(conn, plan_id)

    def current_draw(self, plan_id: str) -> DrawResult | None:
        """The plan's draw in force (the last one recorded, with the recusals recorded on it applied), read from
        its draw-v1 §9 JSON (:meth:`DrawResult.from_json <random_inspection.sampling.DrawResult.from_json>`;
        ``to_json()`` gives that JSON back): it verifies against the plan's manifest. Reserves used are not part
        of it: see :meth:`in_force`. ``None`` before the plan is drawn."""
        drawn = self.in_force(plan_id).draw
        return DrawResult.from_json(drawn) if drawn is not None else None

    def redraws(self, plan_id: str) -> list[Redraw]:
        """The plan's redraws with their reasons and the draws they set aside, oldest first, for
        :func:`~random_inspection.workflow.disclose` (``redraws=``): each ``redraw`` entry read as
        ``{"entry": seq, "at": at, **payload}`` (:meth:`~random_inspection.workflow.Redraw.from_json`)."""
        return [Redraw.from_json({"entry": e.seq, "at": e.at, **e.payload})
                for e in self.entries(plan_id=plan_id, kind=EntryKind.REDRAW)]

    def commits(self, plan_id: str) -> tuple[Commitment, ...]:
        """Every commit of the plan's manifest, oldest first, as it is published (the pre-draw notice and the
        disclosure list them all, so a manifest changed after the notice shows)."""
        return tuple(Commitment(
            e.seq, e.at, e.payload["manifest_hash"], (e.actor or {}).get("role"), (e.actor or {}).get("department"),
            e.payload.get("reason"), (e.payload.get("public_input") or {}).get("produced_at"),
            tuple(Departure.from_json(d) for d in e.payload.get("departures", [])),
            tuple(Continuation.from_json(c) for c in e.payload.get("continued", [])),
            tuple(PluginSource.from_json(p) for p in e.payload.get("plugins", [])),
        ) for e in self.entries(plan_id=plan_id, kind=EntryKind.PLAN_COMMITTED))

    def reserves_used(self, plan_id: str) -> tuple[ReserveUsed, ...]:
        """Every reserve subject used in the plan (in its draw in force), with its reason, as it is published."""
        now = self.in_force(plan_id)
        return tuple(ReserveUsed(e.seq, e.at, e.payload["stratum"], e.payload["replaced"], e.payload["reserve"],
                                 e.payload["reason"])
                     for e in self.entries(plan_id=plan_id, kind=EntryKind.RESERVE_USED)
                     if now.draw_entry is not None and e.seq > now.draw_entry)

    def committed(self, plan_id: str) -> Entry | None:
        """The entry that committed the plan's manifest in force, if any."""
        commits = self.entries(plan_id=plan_id, kind=EntryKind.PLAN_COMMITTED)
        return commits[-1] if commits else None

    def history_for(self, plan_id: str, year: int) -> dict[str, int]:
        """The history a plan's manifest is built from: as it stood when the plan was committed, if it was (so
        that the manifest can be rebuilt, and its draw re-checked, after the plan's own inspections are recorded);
        else as it stands now."""
        entry = self.committed(plan_id)
        return self.history(year, before=entry.seq if entry else None)

    def records(self, plan_id: str, scheme: ResultScheme | None) -> list[InspectionRecord]:
        """The plan's inspection records as last recorded, one per subject and department, in the order first
        recorded (``scheme``: the profile's, ``None`` under a profile without one)."""
        with self.engine.connect() as conn:
            return self._records(conn, plan_id, scheme)

    def _records(self, conn: sa.Connection, plan_id: str, scheme: ResultScheme | None) -> list[InspectionRecord]:
        """:meth:`records`, with the steps recorded after them (:meth:`record_step`) taken."""
        latest: dict[tuple[str, str], InspectionRecord] = {}
        for entry in self._entries(conn, plan_id, EntryKind.RESULT_RECORDED):
            record = record_from_json(entry.payload, scheme)
            latest[(record.subject, record.department)] = record
        steps = [RecordedStep.from_json(e.payload) for e in self._entries(conn, plan_id, EntryKind.STEP_RECORDED)]
        return apply_steps(latest.values(), steps)

    def record_step(self, plan_id: str, step: RecordedStep, scheme: ResultScheme | None, *, actor: Actor,
                    signer: Signer, at: str | None = None) -> Entry:
        """Record one step of a recorded inspection (a transfer letter and the receiver's steps on it, a finding
        on a checklist item, the hand-over of the forms) in a ``step_recorded`` entry; :meth:`records` gives the
        inspection with it taken. The step is the action :attr:`RecordedStep.action` names, checked against the
        profile's permissions with the subject's team in force and the department whose step it is; the store's
        own checks (:func:`~random_inspection.store.steps.step_problem`: a replayed step, an item not drawn, a day
        before the inspection, a department not the actor's or not the plan's) refuse it too. ``scheme``: the
        profile's, to read the records.

        Raises:
            PermissionRefused: the actor may not record it, or the step is refused; the refusal is recorded, and
                a refusal of the store's own checks is a :class:`~random_inspection.store.steps.StepRefused`
                naming the field of ``step`` to fix (``day``, ``to``, ``sender``, ``item``...).
        """
        action = step.action

        def context(conn: sa.Connection) -> Context:
            now = self._in_force(conn, plan_id)
            found = {(r.subject, r.department): r for r in self._records(conn, plan_id, scheme)}
            record = found.get((step.subject, step.department))
            problem = step_problem(record, step, actor_department=actor.department, departments=plan_departments(now))
            if problem is not None:
                raise StepRefused(actor.id, action.value, tr("{what} (the inspection of {subject} in plan "
                                                             "{plan_id})", what=problem.what, subject=step.subject,
                                                             plan_id=plan_id), fix=problem.fix, field=problem.field)
            return step_context(now, record, step)

        return self._act(action, actor, signer, plan_id, at,
                         lambda conn: self._append(conn, EntryKind.STEP_RECORDED, step.to_json(), plan_id, at, actor,
                                                   signer), context)

    def record_reserve_used(self, plan_id: str, stratum: str, replaced: str, reserve: str, reason: str, *,
                            actor: Actor, signer: Signer, manifest: Manifest | None = None,
                            at: str | None = None) -> Entry:
        """A reserve subject takes the place of a drawn one (a subject found closed, merged, ...): the replaced
        subject must be in force in the plan's draw in force (drawn, or a reserve used before), and the reserve
        the next unused one of its stratum's reserve list, in the list's order (draw-v1 §6). The reserve takes
        the replaced subject's place with that place's team and items (:mod:`random_inspection.store.inforce`).
        Only the plan's own department uses its reserve. With the plan's ``manifest`` (checked against the
        committed hash), the stratum is checked to be the replaced subject's own.

        Raises:
            InvalidInputError: no draw, a subject not in force, a reserve out of turn, or (with the manifest) a
                stratum that is not the replaced subject's.
            PermissionRefused: the actor may not use the reserve, or is of another department (then recorded).
        """
        where = tr("reserve of plan {plan_id}", plan_id=plan_id)
        payload = {"stratum": stratum, "replaced": replaced, "reserve": reserve, "reason": _reason(reason, where)}

        def work(conn: sa.Connection) -> Entry:
            now = self._in_force(conn, plan_id)
            if now.draw is None:
                raise InvalidInputError(tr("the plan has no draw"), where=where, fix=tr("record the draw first"))
            if replaced not in now.subjects:
                raise InvalidInputError(tr("{replaced} is not a drawn subject of the plan (or was replaced already)",
                                           replaced=replaced),
                                        where=where, fix=tr("replace a subject of the draw in force"))
            if manifest is not None:
                if manifest.hash != now.manifest_hash:
                    raise InvalidInputError(tr("manifest {hash}… is not the plan's manifest in force",
                                               hash=manifest.hash[:12]),
                                            where=where, fix=tr("give the manifest the plan was last committed with"))
                own = next(stratum_key(e, manifest.rules.strata) for e in manifest.subjects if e.id == replaced)
                if own != stratum:
                    raise InvalidInputError(tr("{replaced} is of stratum {own!r}, not {stratum!r}", replaced=replaced,
                                               own=own, stratum=stratum), where=where,
                                            fix=tr("take the next reserve of the replaced subject's own stratum"))
            taken = {u.reserve for u in now.reserve_used}
            left = [r for r in now.draw["reserve"].get(stratum, []) if r not in taken]
            if not left or left[0] != reserve:
                raise InvalidInputError(tr("{reserve} is not the next reserve of stratum {stratum!r} (next: "
                                           "{value})", reserve=reserve, stratum=stratum,
                                           value=left[0] if left else 'none left'), where=where,
                                        fix=tr("take the reserve list in its order (draw-v1 §6)"))
            return self._append(conn, EntryKind.RESERVE_USED, payload, plan_id, at, actor, signer)

        return self._act(Action.USE_RESERVE, actor, signer, plan_id, at, work,
                         lambda conn: Context(owner=self._in_force(conn, plan_id).owner,
                                              occasion=self._occasion(conn, plan_id)))

    def record_deadline_departure(self, plan_id: str, departure: DeadlineDeparture,
                                  default_due: Mapping[str, dt.date], *, actor: Actor, signer: Signer,
                                  at: str) -> Entry:
        """Record a departure from a duty's default period (一般、原则上: a ``limit.*`` rule worded as a default)
        for inspections of the plan's draw in force, with its reason; ``default_due`` gives, for each inspection
        it covers that has started the duty, the due date the default period gives (the caller computes them under
        the plan's profile: :func:`random_inspection.io.deadline_departures.depart`, which also checks the rule
        may be departed from). The plan's department records it, as the profile grants the plan's commit
        (a departure is part of the plan's terms).

        Raises:
            InvalidInputError: an empty reason, or one holding personal data (nothing is recorded).
            PermissionRefused: the actor may not, no draw in force, a subject not drawn, or a default due date
                already past on the day of ``at`` (a lapse is not excused after the fact); the refusal is recorded.
        """
        where = tr("departure from {key} in plan {plan_id}", key=departure.key, plan_id=plan_id)
        _reason(departure.reason, where)
        payload = departure_payload(departure, default_due)

        def context(conn: sa.Connection) -> Context:
            self.permissions.check(actor, Action.COMMIT_PLAN)  # the role first: its refusal cites the article
            now = self._in_force(conn, plan_id)
            problem = departure_problem(now, payload, actor.to_json(), at)
            if problem is not None:
                raise _refused(actor, Action.COMMIT_PLAN, tr("{what} (a departure from {key} in plan {plan_id})",
                                                             what=problem[0], key=departure.key, plan_id=plan_id),
                               problem[1])
            return Context(owner=now.owner, occasion=self._occasion(conn, plan_id))

        return self._act(Action.COMMIT_PLAN, actor, signer, plan_id, at,
                         lambda conn: self._append(conn, EntryKind.DEADLINE_DEPARTURE, payload, plan_id, at, actor,
                                                   signer), context)

    def deadline_departures(self, plan_id: str) -> tuple[DeadlineDeparture, ...]:
        """The plan's departures from its duties' default periods, in the order recorded, each with its entry's
        number, time and day (what :func:`~random_inspection.workflow.obligations` honours and the disclosure
        publishes)."""
        return tuple(read_departure(e.payload, e.seq, e.at)
                     for e in self.entries(plan_id=plan_id, kind=EntryKind.DEADLINE_DEPARTURE))

    def record_recusal(self, manifest: Manifest, recusal: Recusal, *, actor: Actor, signer: Signer,
                       details: str | None = None, at: str | None = None) -> Entry:
        """An inspector's recusal (回避) from a subject of the plan's draw in force, applied as draw-v1 §7a says
        (冷水滩 第十四条): ``recusal`` names the subject, the inspector, the method (``"replace"``: the algorithm
        picks a replacement; ``"swap"``: it picks a member of another team, or in draw-v3 an expert of the
        committed roster, to exchange subjects with) and the
        reason's category (one of :data:`~random_inspection.store.inforce.RECUSAL_REASONS`); its replacement is
        the algorithm's, whatever the caller put there. ``manifest`` is the plan's manifest in force (checked
        against the committed hash). The entry records the recusal as applied; the draw in force then has it
        (:meth:`current_draw` verifies with ``sampling.verify``), and the recused inspector is off the team.
        ``details`` (free text) stay in the entry, never in the draw or the disclosure.

        The inspector records their own recusal; any other role (as the profile grants) only for a plan of its
        own department.

        Raises:
            InvalidInputError: a reason outside the categories, a manifest not in force, no draw, a subject not
                drawn or an inspector not on its team.
            InfeasibleDrawError: nobody can take the place (nothing is recorded).
            PermissionRefused: the actor may not record it, or the recusal would chain onto an earlier one: the
                inspector was recused before in the plan's draw, or reached the subject's team by a swap (then
                recorded as refused).
            PersonalDataError: the reason holds personal data (it is disclosed): nothing is recorded.
        """
        plan_id = manifest.plan_id
        where = tr("recusal of {inspector} from {subject} in plan {plan_id}", inspector=recusal.inspector,
                   subject=recusal.subject, plan_id=plan_id)
        if recusal.reason not in RECUSAL_REASONS:
            raise InvalidInputError(tr("the reason {reason!r} is not a recusal category",
                                       reason=recusal.reason), where=where,
                                    fix=tr("give one of {recusal_reasons}; the details go in details=, which is "
                                           "never published", recusal_reasons='、'.join(RECUSAL_REASONS)))
        asked = Recusal(recusal.subject, recusal.inspector, recusal.method, recusal.reason)
        if details is not None:
            details = _reason(details, where)

        def work(conn: sa.Connection) -> Entry:
            now = self._in_force(conn, plan_id)
            if now.manifest_hash != manifest.hash:
                raise InvalidInputError(tr("manifest {hash}… is not the plan's manifest in force",
                                           hash=manifest.hash[:12]),
                                        where=where, fix=tr("give the manifest the plan was last committed with"))
            if now.draw is None or now.draw_entry is None:
                raise InvalidInputError(tr("the plan has no draw"), where=where, fix=tr("record the draw first"))
            if is_external(now.draw):
                raise InvalidInputError(tr("the plan was drawn on a platform: its replacement is the platform's to "
                                           "draw"),
                                        where=where, fix=tr("draw the replacement on the platform and import its "
                                                            "new export with the reason (platform import --reason)"))
            # the place whose team the recusal changes: a drawn subject in force, or the drawn subject whose place
            # a reserve in force took (named by either: the reserve keeps its place's team)
            place = now.place_of(recusal.subject)
            if place is None and any(u.replaced == recusal.subject for u in now.reserve_used):
                place = recusal.subject
            if place is None or place not in now.draw["teams"]:
                raise InvalidInputError(tr("{subject} is not a drawn subject in force",
                                           subject=recusal.subject), where=where,
                                        fix=tr("recuse from a subject of the draw in force, or from a reserve in "
                                               "force (its place's team)"))
            before = rerun(manifest, dict(now.draw))
            if before.to_json() != now.draw:
                raise InvalidInputError(tr("the manifest does not give the draw in force"), where=where,
                                        fix=tr("give the manifest the plan was committed with"))
            chained = _chained_recusal(before, recusal.inspector, place)
            if chained is not None:
                raise PermissionRefused(actor.id, Action.RECUSAL.value, tr("{where}: {chained}", where=where,
                                                                           chained=chained),
                                        fix=tr("an inspector is recused once per plan, never from a place a swap "
                                               "brought them to (draw-v3 §3): their team stands as it is"))
            (done,) = recuse(manifest, before, [attrs.evolve(asked, subject=place)]).recusals[len(before.recusals):]
            payload: dict[str, Any] = {**done.to_json(), "draw_entry": now.draw_entry}
            if details is not None:
                payload["details"] = details
            return self._append(conn, EntryKind.RECUSAL, payload, plan_id, at, actor, signer)

        def context(conn: sa.Connection) -> Context:
            occasion = self._occasion(conn, plan_id)
            if actor.role is Role.INSPECTOR:
                return Context(team=frozenset({recusal.inspector}), occasion=occasion)  # their own recusal only
            return Context(owner=self._in_force(conn, plan_id).owner, occasion=occasion)

        return self._act(Action.RECUSAL, actor, signer, plan_id, at, work, context)

    # -- results, duties, publication, history -------------------------------------------------------------------

    def record_result(self, record: InspectionRecord, *, actor: Actor, signer: Signer,
                      at: str | None = None) -> Entry:
        """Record an inspection with its result; it then counts in the history of its year and kind. The same
        record as the one last recorded for its subject and department writes nothing and returns that entry
        (see :meth:`record_result_once`).

        A double-random inspection is accepted only for a subject in force of a committed plan's draw in force,
        with the team in force (recusals applied, a reserve with its place's team, a joint department's own
        team: :mod:`random_inspection.store.inforce`), for one of the plan's departments; an inspector records
        only an inspection whose team in force they are on, another role (as the profile grants) only for its
        own plan's departments. An inspection of another kind is never drawn and is refused under a committed
        plan's id.

        Raises:
            InvalidInputError: a record with neither a first nor a last day.
            PermissionRefused: the actor may not record it, or the record is not of the draw in force (then
                recorded; nothing reaches the history).
        """
        entry, _ = self.record_result_once(record, actor=actor, signer=signer, at=at)
        return entry

    def record_result_once(self, record: InspectionRecord, *, actor: Actor, signer: Signer,
                           at: str | None = None) -> tuple[Entry, bool]:
        """:meth:`record_result`, saying whether the entry was written now (``False``: the same record was the
        last one recorded for its subject and department, and its entry is returned). The comparison is made in
        the writing transaction, so concurrent writers of one record write it once."""
        day = record.on(Step.ENDED) or record.on(Step.STARTED)
        if day is None:
            raise InvalidInputError(tr("the inspection has no day"),
                                    where=tr("inspection of {subject}", subject=record.subject),
                                    fix=tr("record 检查开始 or 检查结束 before storing the result"))
        payload = record_json(record)
        plan_id = record.plan_id
        written: list[bool] = []

        def refuse(what: str, fix: str) -> PermissionRefused:
            return _refused(actor, Action.RECORD_RESULT, f"{what} (the result of {record.subject} in plan "
                                                          f"{plan_id})", fix)

        def context(conn: sa.Connection) -> Context:
            self.permissions.check(actor, Action.RECORD_RESULT)  # the role first: its refusal cites the article
            now = self._in_force(conn, plan_id)
            if not record.kind.counts_as_double_random:
                if now.committed:
                    raise refuse(f"plan {plan_id} is a double-random plan: a {record.kind.value} inspection is "
                                 "not one of its draw", "record it under an id of its own (it is never drawn)")
                return Context(team=frozenset(record.team))
            problem = result_problem(now, record.subject, record.department, record.team, actor.to_json(),
                                     inspector_on_team=False)  # the permissions refuse that, citing the article
            if problem is not None:
                raise refuse(*problem)
            return Context(team=frozenset(now.team(record.subject, record.department) or ()))

        def work(conn: sa.Connection) -> Entry:
            same = [e for e in self._entries(conn, plan_id, EntryKind.RESULT_RECORDED)
                    if (e.payload["subject"], e.payload["department"]) == (record.subject, record.department)]
            if same and same[-1].payload == payload:
                written.append(False)
                return same[-1]
            entry = self._append(conn, EntryKind.RESULT_RECORDED, payload, plan_id, at, actor, signer)
            conn.execute(sa.insert(inspections).values(seq=entry.seq, subject=record.subject, plan_id=plan_id,
                                                       year=day.year, kind=record.kind.value))
            written.append(True)
            return entry

        entry = self._act(Action.RECORD_RESULT, actor, signer, plan_id, at, work, context)
        return entry, written[-1]

    def record_obligation_met(self, obligation: Obligation, *, actor: Actor, signer: Signer,
                              at: str | None = None) -> Entry:
        """Record a duty met (its key, who owed it, its due date and the day it was met). The step that met it
        decides the action (反馈 is ``feed_back``, 移交 ``hand_over`` …, see ``action_of_step``); an inspector
        records only a duty of an inspection they were on, anyone else only a duty their department owes.

        Raises:
            PermissionRefused: the actor may not record it (then recorded).
        """
        if obligation.met_on is None:
            raise InvalidInputError(tr("{key} is not met",
                                       key=obligation.key),
                                       where=tr("inspection of {subject}", subject=obligation.subject),
                                    fix=tr("record the step that meets it first"))
        payload = {
            "key": obligation.key, "subject": obligation.subject, "department": obligation.department,
            "counterpart": obligation.counterpart, "met_on": obligation.met_on.isoformat(),
            "due": None if obligation.due is None else obligation.due.isoformat(),
            "citation": str(obligation.citation), "step": obligation.met_by.value,
        }
        plan_id = obligation.plan_id

        def context(conn: sa.Connection) -> Context:
            now = self._in_force(conn, plan_id)
            # a drawn plan's team in force (a recused inspector is off it); else the recorded inspections' team
            team = (now.members(obligation.subject) if now.draw is not None and now.place_of(obligation.subject)
                    else _teams(self._entries(conn, plan_id, EntryKind.RESULT_RECORDED), obligation.subject))
            return Context(team=team, debtor=obligation.department)

        return self._act(action_of_step(obligation.met_by), actor, signer, plan_id, at,
                         lambda conn: self._append(conn, EntryKind.OBLIGATION_MET, payload, plan_id, at, actor,
                                                   signer), context)

    def record_publication(self, plan_id: str, public: dict[str, Any], *, actor: Actor, signer: Signer,
                           at: str | None = None) -> Entry:
        """Record a disclosure by the hash of its canonical JSON, with the store's hash algorithm (the content
        itself is public elsewhere).
        An inspector publishes only a plan with an inspection they were on (谁检查、谁公开).

        Raises:
            PermissionRefused: the actor may not publish it (then recorded).
        """
        payload = {"content_hash": self.hash_algorithm.hexdigest(canonical_json(public))}
        return self._act(Action.PUBLISH, actor, signer, plan_id, at,
                         lambda conn: self._append(conn, EntryKind.PUBLISHED, payload, plan_id, at, actor, signer),
                         lambda conn: Context(team=_teams(self._entries(conn, plan_id, EntryKind.RESULT_RECORDED))))

    def history(self, year: int, kinds: Iterable[InspectionKind] = (InspectionKind.DOUBLE_RANDOM,), *,
                before: int | None = None) -> dict[str, int]:
        """Inspections of each subject in ``year``, of the given kinds: the manifest's ``history`` (pass it to
        :func:`~random_inspection.sampling.build_manifest`), so that a draw never rests on a number typed by
        hand. ``before`` counts only inspections recorded before that ledger entry: the history a plan committed
        at that entry was built from (:meth:`committed`), to rebuild its manifest later."""
        wanted = [InspectionKind(k).value for k in kinds]
        if InspectionKind.OTHER.value in wanted:
            wanted += LEGACY_KINDS  # stored by earlier versions
        # one inspection per subject and plan: a record stored again, or a joint inspection stored per
        # department, is still one inspection
        query = (sa.select(inspections.c.subject, sa.func.count(sa.distinct(inspections.c.plan_id)))
                 .where(inspections.c.year == year)
                 .where(inspections.c.kind.in_(wanted)).group_by(inspections.c.subject))
        if before is not None:
            query = query.where(inspections.c.seq < before)
        with self.engine.connect() as conn:
            return self._history(conn, query)

    @staticmethod
    def _history(conn: sa.Connection, query: sa.Select[Any]) -> dict[str, int]:
        return {str(s): int(n) for s, n in conn.execute(query)}

    def _check_manifest_history(self, conn: sa.Connection, manifest: Manifest, actor: Actor) -> None:
        """The history a manifest carries rests on the ledger: the history table is checked against the result
        entries, and no subject may carry more inspections this year than the ledger records (of any kind), so
        that history rows forged for the commit and deleted after it keep no subject out of the draw."""
        self._check_history(conn)
        year = manifest.window[0].year
        query = (sa.select(inspections.c.subject, sa.func.count(sa.distinct(inspections.c.plan_id)))
                 .where(inspections.c.year == year).group_by(inspections.c.subject))
        recorded = self._history(conn, query)
        inflated = sorted(s.id for s in manifest.subjects if s.history > recorded.get(s.id, 0))
        if inflated:
            raise _refused(actor, Action.COMMIT_PLAN, tr(
                "the manifest's history gives {count} subject(s) more inspections in {year} than the ledger records "
                "(first: {first}): the yearly cap would keep them out of the draw", count=len(inflated), year=year,
                first=inflated[0]),
                           tr("build the manifest from the ledger's history, as `random-inspection commit` does (in "
                              "Python: history=store.history_for(plan_id, year)): the caps count what the ledger "
                              "records"))

    def drop_all(self) -> None:
        """Remove every table of the store, and on PostgreSQL the function its snapshot's generated column calls
        (migration 8), so that a database emptied so holds nothing of the store (for tests against a shared
        server)."""
        with self.engine.begin() as conn:
            metadata.drop_all(conn)
            if conn.dialect.name == "postgresql":  # after the table whose generated column depends on it
                conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {SUBJECT_ENTRY_SIGNATURE}")


def _chained_recusal(draw: DrawResult, inspector: str, place: str) -> str | None:
    """Why a recusal would chain onto an earlier one (draw-v3 §3, held for every plan): the inspector was
    recused before in this draw, or reached ``place``'s team by a swap; ``None`` if neither."""
    if any(r.inspector == inspector for r in draw.recusals):
        return f"{inspector} was recused before in this plan's draw: a second recusal would move them again"
    if any(r.method == "swap" and r.subject == place and r.replacement == inspector for r in draw.recusals):
        return f"{inspector} reached the team of {place} by a swap: a recusal from it would chain one swap onto another"
    return None
