"""The ledger's entries and their hash chain (ledger-v1, docs/store.md).

Entry ``n`` hashes ``version ‖ 0x00 ‖ prev_hash ‖ 0x00 ‖ body``, where ``prev_hash`` is entry ``n − 1``'s hash
(64 zeros for entry 1) and ``body`` the canonical JSON (draw-v1 §3's rules) of its sequence number, kind, plan,
time and payload. The hash and ``version`` are the store's, fixed when it is created: SHA-256 and
``"ledger-v1"`` (the default, as every ledger before SM3 was offered), or SM3 and ``"ledger-v1-sm3"``.

Editing, deleting, inserting or moving any entry breaks the chain at that entry or the next;
cutting entries off the end is caught against a head hash published elsewhere (a disclosure carries it).

Since schema version 6 each entry also names its actor (id, role, department) inside the body, so the hash covers
it, and carries the actor's signature over the entry hash (:mod:`random_inspection.store.signing`). Entries made
before then have no actor and no signature; :func:`audit_chain` accepts them only as a prefix, before the first
signed entry, and counts them. Which entries must be signed, and with whose key, is fixed in the chain itself: a
store is created by a ``store_created`` entry (or an older ledger continued by a ``register_opened`` one) that
starts the key register (:mod:`random_inspection.store.register`); no row outside the chain switches a check off.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from random_inspection.errors import LedgerBroken
from random_inspection.messages import tr
from random_inspection.model.ledger_head import EMPTY_HEAD_HASH, LedgerHead
from random_inspection.sampling import SHA256, HashAlgorithm, canonical_json
from random_inspection.store.register import Register
from random_inspection.store.signing import KeyRing, same_public_key, verify_signature

__all__ = [
    "GENESIS",
    "LEDGER_VERSION",
    "LEDGER_VERSIONS",
    "REGISTER_KINDS",
    "Audit",
    "Entry",
    "EntryKind",
    "LedgerHead",
    "audit_chain",
    "check_chain",
    "entry_body",
    "entry_hash",
    "ledger_version",
]

LEDGER_VERSION = "ledger-v1"
"""The version text of a SHA-256 ledger (the default)."""

LEDGER_VERSIONS = {"sha256": LEDGER_VERSION, "sm3": "ledger-v1-sm3"}
"""The version text each hash algorithm's entries begin with."""

GENESIS = EMPTY_HEAD_HASH


def ledger_version(hash_with: HashAlgorithm = SHA256) -> str:
    """The version text an entry hashed with ``hash_with`` begins with: ``"ledger-v1"`` or ``"ledger-v1-sm3"``."""
    return LEDGER_VERSIONS[hash_with.name]


class EntryKind(str, enum.Enum):
    """What an entry records."""

    PLAN_COMMITTED = "plan_committed"  # a manifest's hash, before any randomness exists (draw-v1 §1)
    DRAW_EXECUTED = "draw_executed"  # a draw's public input, seed and result
    EXTERNAL_DRAW = "external_draw"  # a draw made on a platform: its task, export file's hash and result
    REDRAW = "redraw"  # a second draw of a plan, with its reason; the draw follows
    RESERVE_USED = "reserve_used"  # a reserve subject replacing a drawn one, with the reason
    RECUSAL = "recusal"  # an inspector withdrawn after the draw, with the reason and the replacement
    RESULT_RECORDED = "result_recorded"  # an inspection's record with its result
    OBLIGATION_MET = "obligation_met"  # a duty met on a day
    STEP_RECORDED = "step_recorded"  # one step of a recorded inspection: a transfer letter, a finding, a hand-over
    DEADLINE_DEPARTURE = "deadline_departure"  # a duty's period given otherwise than its default, with the reason
    PUBLISHED = "published"  # a disclosure, by the hash of its content
    REFUSED = "refused"  # an action refused: who tried, which action, why
    STORE_CREATED = "store_created"  # entry 1: the ledger's hash, every entry signed, the administrator
    REGISTER_OPENED = "register_opened"  # the same, appended to a ledger made by an earlier version
    KEY_ENROLLED = "key_enrolled"  # an actor's key enrolled by an administrator
    KEY_REVOKED = "key_revoked"  # an actor's key revoked by an administrator, with the reason


REGISTER_KINDS = frozenset({EntryKind.STORE_CREATED, EntryKind.REGISTER_OPENED, EntryKind.KEY_ENROLLED,
                            EntryKind.KEY_REVOKED})
"""The entry kinds that make the key register."""


def entry_body(seq: int, kind: EntryKind, plan_id: str | None, at: str | None, payload: Any,
               actor: dict[str, str] | None = None) -> str:
    """The canonical JSON an entry's hash covers (with the actor, when there is one: entries made before
    actors were recorded have none, and hash as they always did)."""
    data = {"seq": seq, "kind": kind.value, "plan_id": plan_id, "at": at, "payload": payload}
    if actor is not None:
        data["actor"] = actor
    return canonical_json(data).decode("utf-8")


def entry_hash(prev_hash: str, body: str, hash_with: HashAlgorithm = SHA256) -> str:
    """hex(H(version ‖ 0x00 ‖ prev_hash ‖ 0x00 ‖ body)), H and version of ``hash_with`` (SHA-256 and
    ``"ledger-v1"`` by default)."""
    return hash_with.hexdigest(f"{ledger_version(hash_with)}\x00{prev_hash}\x00{body}".encode())


@attrs.frozen
class Entry:
    """One ledger entry, as stored."""

    seq: int
    kind: EntryKind
    plan_id: str | None
    at: str | None
    payload: Any
    prev_hash: str
    entry_hash: str
    actor: dict[str, str] | None = None
    algorithm: str | None = None
    signature: str | None = None

    @classmethod
    def from_row(cls, seq: int, body: str, prev_hash: str, hashed: str, algorithm: str | None = None,
                 signature: str | None = None) -> Entry:
        data = json.loads(body)
        return cls(seq, EntryKind(data["kind"]), data["plan_id"], data["at"], data["payload"], prev_hash, hashed,
                   data.get("actor"), algorithm, signature)



@attrs.frozen
class Audit:
    """What :func:`audit_chain` (``Store.audit``) found in a ledger that verifies.

    Attributes:
        entries: how many entries there are.
        head: the ledger's head (last entry's number and hash).
        unsigned: entries without actor or signature, made before the store signed (an older ledger's prefix).
        signatures_checked: signed entries whose signature was checked against a key (the chain's register, or
            the ``keys`` given for signed entries before a register).
        signatures_unchecked: signed entries made before the chain held a register, with no ``keys`` to check
            them against.
        register_from: the entry that starts the chain's key register (``store_created`` or ``register_opened``);
            None for a ledger without one.
        administrator: the founding administrator's id and public key, as the chain names them.
    """

    entries: int
    head: LedgerHead
    unsigned: int = 0
    signatures_checked: int = 0
    signatures_unchecked: int = 0
    register_from: int | None = None
    administrator: dict[str, str] | None = None

    @property
    def every_signature_checked(self) -> bool:
        """Whether every entry carries a signature and every one was checked."""
        return self.unsigned == 0 and self.signatures_unchecked == 0

    def to_json(self) -> dict[str, Any]:
        """The audit as ``ledger verify --format json`` prints it (the head as ``SEQ:HASH``)."""
        return {"entries": self.entries, "head": str(self.head), "unsigned": self.unsigned,
                "signatures_checked": self.signatures_checked, "signatures_unchecked": self.signatures_unchecked,
                "every_signature_checked": self.every_signature_checked, "register_from": self.register_from,
                "administrator": self.administrator}


def check_chain(rows: Iterable[Sequence[Any]], head: str | LedgerHead | None = None, keys: KeyRing | None = None,
                *, hash_with: HashAlgorithm = SHA256, admin_key: str | None = None) -> int:
    """:func:`audit_chain`, returning only the number of entries."""
    return audit_chain(rows, head, keys, hash_with=hash_with, admin_key=admin_key).entries


class _Walk:
    """The state of one walk along the chain's signatures and register."""

    def __init__(self, keys: KeyRing | None, hash_with: HashAlgorithm) -> None:
        self.keys, self.hash_name = keys, hash_with.name
        self.register: Register | None = None
        self.signed_seen = False
        self.unsigned = self.checked = self.unchecked = 0

    def entry(self, seq: int, kind: str, data: Any, hashed: str, column: str | None, algorithm: str | None,
              signature: str | None) -> None:
        actor = data.get("actor")
        named = actor.get("id") if isinstance(actor, dict) else None
        if named != column:
            raise LedgerBroken(seq, tr("its actor column {column!r} is not the actor its body names {named!r} (the "
                                       "actor was swapped)", column=column, named=named))
        if named is None:
            if self.signed_seen or self.register is not None:
                raise LedgerBroken(seq, tr("it has no actor and no signature, after signed entries (only entries "
                                           "made before a store began signing, at its start, may be unsigned)"))
            if kind in {k.value for k in REGISTER_KINDS}:
                raise LedgerBroken(seq, tr("a {kind} entry without its administrator's signature", kind=kind))
            self.unsigned += 1
            return
        if not algorithm or not signature:
            raise LedgerBroken(seq, tr("it names actor {named} but carries no signature", named=named))
        self.signed_seen = True
        payload = data.get("payload")
        if kind in (EntryKind.STORE_CREATED.value, EntryKind.REGISTER_OPENED.value):
            if self.register is not None:
                raise LedgerBroken(seq, tr("a {kind} entry where the chain holds a key register already (from "
                                           "entry {since})", kind=kind, since=self.register.since))
            if kind == EntryKind.STORE_CREATED.value and seq != 1:
                raise LedgerBroken(seq, tr("a store_created entry that is not the ledger's first"))
            found = Register.found(seq, payload, actor, algorithm, self.hash_name,
                                   after=seq - 1 if kind == EntryKind.REGISTER_OPENED.value else None)
            if isinstance(found, str):
                raise LedgerBroken(seq, tr("its {kind}: {found}", kind=kind, found=found))
            self._signature(seq, named, hashed, algorithm, signature, found.administrator.public_key)
            self.register = found
            return
        if self.register is None:
            if kind in (EntryKind.KEY_ENROLLED.value, EntryKind.KEY_REVOKED.value):
                raise LedgerBroken(seq, tr("a {kind} entry where the chain holds no key register", kind=kind))
            self._outside_register(seq, named, actor, hashed, algorithm, signature)
            return
        problem = self.register.check(actor, algorithm)
        if problem is not None:
            raise LedgerBroken(seq, tr("{problem} (the key register the chain holds at this entry)", problem=problem))
        member = self.register.get(named)
        assert member is not None  # checked just above
        self._signature(seq, named, hashed, algorithm, signature, member.public_key)
        if kind == EntryKind.KEY_ENROLLED.value:
            changed = self.register.enrol(seq, payload, actor)
        elif kind == EntryKind.KEY_REVOKED.value:
            changed = self.register.revoke(seq, payload, actor)
        else:
            return
        if isinstance(changed, str):
            raise LedgerBroken(seq, tr("its {kind}: {changed}", kind=kind, changed=changed))
        self.register = changed

    def _outside_register(self, seq: int, named: str, actor: dict[str, Any], hashed: str, algorithm: str,
                          signature: str) -> None:
        """A signed entry of a ledger (or prefix) without a register: checked against ``keys`` if given."""
        if self.keys is None:
            self.unchecked += 1
            return
        key = self.keys.get(named)
        if key is None:
            raise LedgerBroken(seq, tr("its actor {named} has no key in the key ring (unknown actor)", named=named))
        if key.algorithm != algorithm:
            raise LedgerBroken(seq, tr("it is signed with {algorithm}, the key ring holds a {algorithm2} key for "
                                       "{named}", algorithm=algorithm, algorithm2=key.algorithm, named=named))
        for field in ("role", "department"):
            registered, claimed = getattr(key, field), actor.get(field)
            if registered is not None and registered != claimed:
                raise LedgerBroken(seq, tr("its actor {named} acts as {field} {claimed!r}, the key register gives "
                                           "{registered!r} (a role or department taken, not given)", named=named,
                                           field=field, claimed=claimed, registered=registered))
        self._signature(seq, named, hashed, algorithm, signature, key.key)

    def _signature(self, seq: int, named: str, hashed: str, algorithm: str, signature: str, key: str) -> None:
        try:
            raw = bytes.fromhex(signature)
        except ValueError:
            raw = b""
        if not verify_signature(algorithm, key, hashed.encode("utf-8"), raw):
            raise LedgerBroken(seq, tr("its signature is not {named}'s signature of its hash (forged, altered, or "
                                       "the actor was swapped)", named=named))
        self.checked += 1


def audit_chain(rows: Iterable[Sequence[Any]], head: str | LedgerHead | None = None, keys: KeyRing | None = None,
                *, hash_with: HashAlgorithm = SHA256, admin_key: str | None = None) -> Audit:
    """Walk rows ``(seq, kind, plan_id, body, prev_hash, entry_hash)`` — or, with the signatures,
    ``(…, actor, algorithm, signature)`` — in ``seq`` order, and return what was found.

    The chain: numbers without gaps, each body its row's (number, kind, plan), each hash its body's, each link
    the previous entry's hash. The signatures (rows with them): the key register the chain holds is rebuilt
    entry by entry (``store_created`` or ``register_opened``, then ``key_enrolled`` and ``key_revoked``), and every
    entry from the founding one on must be signed by an actor the register holds at that entry — with the key,
    role and department it gives, not revoked — and a register entry by an administrator. Unsigned entries are
    accepted only as the ledger's prefix, before any signed entry (an older ledger's), and are counted.

    Args:
        head: a head published earlier — a :class:`LedgerHead` (entry ``seq`` must carry exactly its hash) or a
            plain hash (some entry must carry it): the ledger may have grown since, but not lost or changed it.
        keys: verifying keys for signed entries made before the chain held a register (an older ledger's);
            entries under the register are checked against the register only.
        hash_with: the ledger's hash algorithm (the store records it; a founding entry names it too).
        admin_key: the administrator's public key as the bureau publishes it: the entry that founds the
            register must name it (and a ledger without one fails).

    Raises:
        LedgerBroken: at the first entry where the chain, an actor, a signature or the register fails; or, for a
            head no longer held, at the head's entry or after the last entry.
    """
    if isinstance(head, str) and ":" in head:
        head = LedgerHead.parse(head)
    expected_seq, prev = 1, GENESIS
    head_seen = head is None or head == GENESIS or (isinstance(head, LedgerHead) and head.seq == 0)
    walk = _Walk(keys, hash_with)
    for row in rows:
        seq, kind, plan_id, body, prev_hash, hashed = row[:6]
        if seq != expected_seq:
            what = (tr("entry {seq} is missing", seq=expected_seq) if seq > expected_seq
                    else tr("its number repeats or goes back"))
            raise LedgerBroken(min(seq, expected_seq), what)
        try:
            data = json.loads(body)
            same = (data["seq"], data["kind"], data["plan_id"]) == (seq, kind, plan_id)
        except (ValueError, KeyError, TypeError):
            same = False
        if not same:
            raise LedgerBroken(seq, tr("its body is not its row's number, kind and plan (edited or moved)"))
        if prev_hash != prev:
            raise LedgerBroken(seq, tr("it does not link to the entry before it (an entry was inserted, deleted, "
                                       "moved or rewritten here or just before)"))
        if entry_hash(prev_hash, body, hash_with) != hashed:
            raise LedgerBroken(seq, tr("its hash is not the hash of its content (edited)"))
        if len(row) > 6:
            walk.entry(seq, kind, data, hashed, row[6], row[7], row[8])
        if isinstance(head, LedgerHead) and seq == head.seq:
            if hashed != head.hash:
                raise LedgerBroken(seq, tr("it does not carry the published head's hash {hash}… (the ledger was "
                                           "rewritten at or before the published head)", hash=head.hash[:12]))
            head_seen = True
        expected_seq, prev = seq + 1, hashed
        head_seen = head_seen or (isinstance(head, str) and hashed == head)
    if not head_seen:
        shown = str(head)[:24] if isinstance(head, LedgerHead) else str(head)[:12]
        raise LedgerBroken(expected_seq, tr("no entry carries the published head {shown}… (entries were cut off "
                                            "the end; the ledger ends at entry {number}, {prev}…)", shown=shown,
                                            number=expected_seq - 1, prev=prev[:12]))
    register = walk.register
    if admin_key is not None:
        wanted = admin_key.strip()
        if register is None:
            raise LedgerBroken(expected_seq, tr("no entry founds a key register naming the administrator's key "
                                                "(the ledger has no store_created or register_opened entry)"))
        if not same_public_key(register.administrator.algorithm, register.administrator.public_key, wanted):
            raise LedgerBroken(register.since, tr("its administrator's key {public_key}… is not the published one "
                                                  "{wanted}…", public_key=register.administrator.public_key[:16],
                                                  wanted=wanted[:16]))
    return Audit(expected_seq - 1, LedgerHead(expected_seq - 1, prev), walk.unsigned, walk.checked, walk.unchecked,
                 register.since if register else None,
                 None if register is None else {"id": register.administrator.id,
                                                "algorithm": register.administrator.algorithm,
                                                "public_key": register.administrator.public_key})
