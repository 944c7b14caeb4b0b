"""The ledger's entries and their hash chain (ledger-v1, docs/store.md).

Entry ``n`` hashes ``version ‖ 0x00 ‖ prev_hash ‖ 0x00 ‖ body``, where ``prev_hash`` is entry ``n − 1``'s hash
(64 zeros for entry 1) and ``body`` the canonical JSON (draw-v1 §3's rules) of its sequence number, kind, plan,
time and payload. The hash and ``version`` are the store's, fixed when it is created: SHA-256 and
``"ledger-v1"`` (the default, as every ledger before SM3 was offered), or SM3 and ``"ledger-v1-sm3"``.

Editing, deleting, inserting or moving any entry breaks the chain at that entry or the next;
cutting entries off the end is caught against a head hash published elsewhere (a disclosure carries it).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from typing import Any

import attrs

from random_inspection.errors import LedgerBroken
from random_inspection.sampling import SHA256, HashAlgorithm, canonical_json

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


def entry_body(seq: int, kind: EntryKind, plan_id: str | None, at: str | None, payload: Any) -> str:
    """The canonical JSON an entry's hash covers."""
    return canonical_json({"seq": seq, "kind": kind.value, "plan_id": plan_id, "at": at,
                           "payload": payload}).decode("utf-8")


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

    @classmethod
    def from_row(cls, seq: int, body: str, prev_hash: str, hashed: str) -> Entry:
        data = json.loads(body)
        return cls(seq, EntryKind(data["kind"]), data["plan_id"], data["at"], data["payload"], prev_hash, hashed)


def check_chain(rows: Iterable[tuple[int, str, str | None, str, str, str]], head: str | None = None, *,
                hash_with: HashAlgorithm = SHA256) -> int:
    """Walk rows ``(seq, kind, plan_id, body, prev_hash, entry_hash)`` in ``seq`` order and return how many
    there are.

    Args:
        head: a head hash published earlier: some entry must carry it (the ledger may have grown since, but
            not lost that entry or any before it).
        hash_with: the ledger's hash algorithm (the store records it).

    Raises:
        LedgerBroken: at the first entry where the chain fails: a missing or repeated number, a body that is
            not its row's (kind, plan, number), a hash that is not its body's, a link that is not the previous
            entry's hash; or, when no entry carries ``head``, after the last entry.
    """
    expected_seq, prev = 1, GENESIS
    head_seen = head is None or head == GENESIS
    for seq, kind, plan_id, body, prev_hash, hashed in rows:
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
        expected_seq, prev = seq + 1, hashed
        head_seen = head_seen or hashed == head
    if not head_seen:
        raise LedgerBroken(expected_seq, f"no entry carries the published head {str(head)[:12]}… (entries were "
                                         f"cut off the end; the ledger ends at {prev[:12]}…)")
    return expected_seq - 1
