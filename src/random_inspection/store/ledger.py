"""The ledger's entries and their hash chain (ledger-v1, docs/store.md).

Entry ``n`` hashes ``version ‖ 0x00 ‖ prev_hash ‖ 0x00 ‖ body``, where ``prev_hash`` is entry ``n − 1``'s hash
(64 zeros for entry 1) and ``body`` the canonical JSON (draw-v1 §3's rules) of its sequence number, kind, plan,
time and payload. The hash and ``version`` are the store's, fixed when it is created: SHA-256 and
``"ledger-v1"`` (the default, as every ledger before SM3 was offered), or SM3 and ``"ledger-v1-sm3"``.

Editing, deleting, inserting or moving any entry breaks the chain at that entry or the next;
cutting entries off the end is caught against a head hash published elsewhere (a disclosure carries it).

Since schema version 6 each entry also names its actor (id, role, department) inside the body, so the hash covers
it, and carries the actor's signature over the entry hash (:mod:`random_inspection.store.signing`). Entries made
before then have no actor and no signature; :func:`check_chain` accepts them only before the first signed entry.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from random_inspection.errors import LedgerBroken
from random_inspection.sampling import SHA256, HashAlgorithm, canonical_json
from random_inspection.store.signing import KeyRing, verify_signature

__all__ = [
    "GENESIS",
    "LEDGER_VERSION",
    "LEDGER_VERSIONS",
    "Entry",
    "EntryKind",
    "check_chain",
    "entry_body",
    "entry_hash",
    "ledger_version",
]

LEDGER_VERSION = "ledger-v1"
"""The version text of a SHA-256 ledger (the default)."""

LEDGER_VERSIONS = {"sha256": LEDGER_VERSION, "sm3": "ledger-v1-sm3"}
"""The version text each hash algorithm's entries begin with."""

GENESIS = "0" * 64


def ledger_version(hash_with: HashAlgorithm = SHA256) -> str:
    """The version text an entry hashed with ``hash_with`` begins with: ``"ledger-v1"`` or ``"ledger-v1-sm3"``."""
    return LEDGER_VERSIONS[hash_with.name]


class EntryKind(str, enum.Enum):
    """What an entry records."""

    PLAN_COMMITTED = "plan_committed"  # a manifest's hash, before any randomness exists (draw-v1 §1)
    DRAW_EXECUTED = "draw_executed"  # a draw's public input, seed and result
    REDRAW = "redraw"  # a second draw of a plan, with its reason; the draw follows
    RESERVE_USED = "reserve_used"  # a reserve subject replacing a drawn one, with the reason
    RECUSAL = "recusal"  # an inspector withdrawn after the draw, with the reason and the replacement
    RESULT_RECORDED = "result_recorded"  # an inspection's record with its result
    OBLIGATION_MET = "obligation_met"  # a duty met on a day
    PUBLISHED = "published"  # a disclosure, by the hash of its content
    REFUSED = "refused"  # an action refused: who tried, which action, why


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


def check_chain(rows: Iterable[Sequence[Any]], head: str | None = None, keys: KeyRing | None = None, *,
                hash_with: HashAlgorithm = SHA256, signed_from: int | None = None) -> int:
    """Walk rows ``(seq, kind, plan_id, body, prev_hash, entry_hash)`` — or, with the signatures,
    ``(…, actor, algorithm, signature)`` — in ``seq`` order and return how many there are.

    Args:
        head: a head hash published earlier: some entry must carry it (the ledger may have grown since, but
            not lost that entry or any before it).
        keys: the actors' verifying keys; with them every signature is checked.
        hash_with: the ledger's hash algorithm (the store records it).
        signed_from: the first entry that must be signed (the store records it when it starts signing: 1 for
            a store made since); an unsigned entry from there on is refused. ``None``: unsigned entries are
            accepted before the first signed one.

    Raises:
        LedgerBroken: at the first entry where the chain fails: a missing or repeated number, a body that is
            not its row's (kind, plan, number), a hash that is not its body's, a link that is not the previous
            entry's hash; with the signature columns, an actor column that is not the body's actor (swapped),
            a signed entry without its signature, an unsigned entry after a signed one, and, with ``keys``, an
            actor the ring does not know, an algorithm that is not the ring's, or a signature that does not
            verify; or, when no entry carries ``head``, after the last entry.
    """
    expected_seq, prev = 1, GENESIS
    head_seen = head is None or head == GENESIS
    signed_seen = False
    for row in rows:
        seq, kind, plan_id, body, prev_hash, hashed = row[:6]
        if seq != expected_seq:
            what = f"entry {expected_seq} is missing" if seq > expected_seq else "its number repeats or goes back"
            raise LedgerBroken(min(seq, expected_seq), what)
        try:
            data = json.loads(body)
            same = (data["seq"], data["kind"], data["plan_id"]) == (seq, kind, plan_id)
        except (ValueError, KeyError, TypeError):
            same = False
        if not same:
            raise LedgerBroken(seq, "its body is not its row's number, kind and plan (edited or moved)")
        if prev_hash != prev:
            raise LedgerBroken(seq, "it does not link to the entry before it (an entry was inserted, deleted, "
                                    "moved or rewritten here or just before)")
        if entry_hash(prev_hash, body, hash_with) != hashed:
            raise LedgerBroken(seq, "its hash is not the hash of its content (edited)")
        if len(row) > 6:
            must_sign = signed_seen or (signed_from is not None and seq >= signed_from)
            signed_seen = _check_signed(seq, data.get("actor"), hashed, row[6], row[7], row[8], keys, must_sign)
        expected_seq, prev = seq + 1, hashed
        head_seen = head_seen or hashed == head
    if not head_seen:
        raise LedgerBroken(expected_seq, f"no entry carries the published head {str(head)[:12]}… (entries were "
                                         f"cut off the end; the ledger ends at {prev[:12]}…)")
    return expected_seq - 1


def _check_signed(seq: int, actor: Any, hashed: str, column: str | None, algorithm: str | None,
                  signature: str | None, keys: KeyRing | None, must_sign: bool) -> bool:
    """One entry's actor and signature; returns whether it is signed (an unsigned one only where none must be)."""
    named = actor.get("id") if isinstance(actor, dict) else None
    if named != column:
        raise LedgerBroken(seq, f"its actor column {column!r} is not the actor its body names {named!r} "
                                "(the actor was swapped)")
    if named is None:
        if must_sign:
            raise LedgerBroken(seq, "it has no actor and no signature, where every entry is signed (only entries "
                                    "made before the store began signing may be unsigned)")
        return False
    if not algorithm or not signature:
        raise LedgerBroken(seq, f"it names actor {named} but carries no signature")
    if keys is None:
        return True
    key = keys.get(named)
    if key is None:
        raise LedgerBroken(seq, f"its actor {named} has no key in the key ring (unknown actor)")
    if key.algorithm != algorithm:
        raise LedgerBroken(seq, f"it is signed with {algorithm}, the key ring holds a {key.algorithm} key "
                                f"for {named}")
    for field in ("role", "department"):
        registered, claimed = getattr(key, field), actor.get(field)
        if registered is not None and registered != claimed:
            raise LedgerBroken(seq, f"its actor {named} acts as {field} {claimed!r}, the key register gives "
                                    f"{registered!r} (a role or department taken, not given)")
    try:
        raw = bytes.fromhex(signature)
    except ValueError:
        raw = b""
    if not verify_signature(algorithm, key.key, hashed.encode("utf-8"), raw):
        raise LedgerBroken(seq, f"its signature is not {named}'s signature of its hash (forged, altered, or "
                                "the actor was swapped)")
    return True
