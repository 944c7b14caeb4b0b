"""The public ledger listing: every entry of a bureau's ledger, in order, for anyone to read and check.

A plan committed and never drawn, a redraw, a refused attempt: each is an entry, and the listing shows them all,
so that an office cannot commit several sibling plans and draw only the one whose result suits it, unseen. The
listing gives, for every entry, its number, kind, plan, time, actor, the hash it links to and its own hash. The
**body** (the exact text the entry's hash covers) is given for the kinds whose content is public by rule
(:data:`PUBLIC_KINDS`: plans committed, draws and redraws, reserve used, publications, refusals, the register's
entries); for the others (inspection records, duties met, recusal details: they may hold personal data, and what of
them is public is published in the disclosure) only the hashes. A body that would carry personal data (a reason
written with a phone number, say) is withheld too, and the listing says why; the entry still shows.

Anyone can then check (:func:`check_listing`): the numbers run 1, 2, 3, … without a gap; each entry links to the
hash of the one before; each body given hashes, with the link, to the entry's hash, and names the entry's own
number, kind and plan; and the listing ends at, or passes through, every head the bureau published earlier
(:class:`LedgerHead`). An entry's body withheld cannot be read, but it cannot be changed either without changing
every hash after it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from random_inspection.errors import DataError, InvalidInputError, Issue, LedgerBroken
from random_inspection.messages import tr
from random_inspection.model import LedgerHead
from random_inspection.sampling.hashes import HashAlgorithm, hash_algorithm
from random_inspection.store.ledger import GENESIS, LEDGER_VERSIONS, Entry, EntryKind, entry_body, entry_hash
from random_inspection.store.signing import verify_signature
from random_inspection.workflow import check_public

__all__ = ["LISTING_VERSION", "PUBLIC_KINDS", "ListedEntry", "PublicListing", "check_listing", "public_listing"]

LISTING_VERSION = "ledger-listing-v1"
"""The version text of a listing's JSON form."""

PUBLIC_KINDS: frozenset[str] = frozenset({
    EntryKind.PLAN_COMMITTED.value, EntryKind.DRAW_EXECUTED.value, EntryKind.EXTERNAL_DRAW.value,
    EntryKind.REDRAW.value,
    EntryKind.RESERVE_USED.value, EntryKind.DEADLINE_DEPARTURE.value, EntryKind.PUBLISHED.value,
    EntryKind.REFUSED.value,
    EntryKind.STORE_CREATED.value, EntryKind.REGISTER_OPENED.value, EntryKind.KEY_ENROLLED.value,
    EntryKind.KEY_REVOKED.value,
})
"""The entry kinds whose body the listing gives in full: the plan's steps that are public by rule (draw-v1 §1,
§9) and the key register (who may sign, with the public keys: so that anyone can check the signatures of the
entries the listing gives). Inspection records, duties met and recusals (whose private details the entry holds)
are given by their hashes only: what of them is public is published in the disclosure."""

PERSONAL_DATA = "personal data"
NOT_PUBLIC = "not public"


@attrs.frozen
class ListedEntry:
    """One entry as the listing gives it.

    Attributes:
        body: the exact text the entry hash covers, or ``None`` where it is withheld.
        withheld: why the body is not given (:data:`NOT_PUBLIC`, :data:`PERSONAL_DATA`), or ``None``.
    """

    seq: int
    kind: str
    plan_id: str | None
    at: str | None
    actor: Mapping[str, str] | None
    prev_hash: str
    entry_hash: str
    body: str | None = None
    withheld: str | None = None
    algorithm: str | None = None
    signature: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON data (every key present)."""
        return {"seq": self.seq, "kind": self.kind, "plan_id": self.plan_id, "at": self.at,
                "actor": None if self.actor is None else dict(self.actor), "prev_hash": self.prev_hash,
                "entry_hash": self.entry_hash, "body": self.body, "withheld": self.withheld,
                "algorithm": self.algorithm, "signature": self.signature}


@attrs.frozen
class PublicListing:
    """A bureau's whole ledger as published: the ledger's hash and every entry, oldest first."""

    ledger: str
    entries: tuple[ListedEntry, ...]

    @property
    def hash_algorithm(self) -> HashAlgorithm:
        """The hash of the ledger's chain (from its version text: ``ledger-v1`` SHA-256, ``ledger-v1-sm3`` SM3)."""
        return hash_algorithm({v: k for k, v in LEDGER_VERSIONS.items()}[self.ledger])

    @property
    def head(self) -> LedgerHead:
        """The last entry's number and hash (0 and 64 zeros for an empty ledger)."""
        return LedgerHead(self.entries[-1].seq, self.entries[-1].entry_hash) if self.entries else LedgerHead(0, GENESIS)

    def plans(self) -> dict[str, list[str]]:
        """Each plan's entry kinds, in order: a plan committed and never drawn shows as ``["plan_committed"]``."""
        out: dict[str, list[str]] = {}
        for e in self.entries:
            if e.plan_id is not None:
                out.setdefault(e.plan_id, []).append(e.kind)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"version": LISTING_VERSION, "ledger": self.ledger, "head": self.head.to_json(),
                "entries": [e.to_json() for e in self.entries]}

    @classmethod
    def from_json(cls, data: Any) -> PublicListing:
        """Read a published listing.

        Raises:
            DataError: not a listing of this version, or an entry without its fields.
        """
        try:
            if data["version"] != LISTING_VERSION:
                raise ValueError(f"version {data['version']!r}, this library reads {LISTING_VERSION}")
            if data["ledger"] not in LEDGER_VERSIONS.values():
                raise ValueError(f"ledger {data['ledger']!r} is not one of {sorted(LEDGER_VERSIONS.values())}")
            entries = tuple(ListedEntry(
                int(e["seq"]), str(e["kind"]), e["plan_id"], e["at"], e["actor"], str(e["prev_hash"]),
                str(e["entry_hash"]), e["body"], e["withheld"], e.get("algorithm"), e.get("signature"))
                for e in data["entries"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(tr("cannot read the ledger listing"),
                            [Issue("$", tr("{name}: {exc}", name=type(exc).__name__, exc=exc))],
                            fix=tr("give the listing exactly as the bureau published it")) from None
        return cls(str(data["ledger"]), entries)


def _personal(body: str, allowed: Iterable[str]) -> bool:
    try:
        check_public(json.loads(body), allowed=allowed)
    except InvalidInputError:
        return True
    return False


def public_listing(entries: Iterable[Entry], hash_with: HashAlgorithm, *, allowed: Iterable[str] = ()) -> PublicListing:
    """The public listing of a ledger's ``entries`` (all of them, in order: :meth:`Store.entries`).

    Args:
        hash_with: the ledger's hash algorithm (``store.hash_algorithm``).
        allowed: codes known not to be personal data (the subjects' 统一社会信用代码), for the personal-data check.
    """
    known = tuple(allowed)
    listed = []
    for e in entries:
        body: str | None = entry_body(e.seq, e.kind, e.plan_id, e.at, e.payload, e.actor)
        withheld = None
        if e.kind.value not in PUBLIC_KINDS:
            body, withheld = None, NOT_PUBLIC
        elif body is not None and _personal(body, known):
            body, withheld = None, PERSONAL_DATA
        actor = None if e.actor is None else {k: str(v) for k, v in e.actor.items()}
        listed.append(ListedEntry(e.seq, e.kind.value, e.plan_id, e.at, actor, e.prev_hash, e.entry_hash, body,
                                  withheld, e.algorithm, e.signature))
    return PublicListing(LEDGER_VERSIONS[hash_with.name], tuple(listed))


def _register_key(keys: dict[str, tuple[str, str]], kind: str, payload: Any) -> None:
    """Fold one register entry into ``keys`` (actor id → algorithm, public key)."""
    if kind in (EntryKind.STORE_CREATED.value, EntryKind.REGISTER_OPENED.value):
        admin = payload["administrator"]
        keys[str(admin["id"])] = (str(admin["algorithm"]), str(admin["public_key"]))
    elif kind == EntryKind.KEY_ENROLLED.value:
        keys[str(payload["id"])] = (str(payload["algorithm"]), str(payload["public_key"]))
    elif kind == EntryKind.KEY_REVOKED.value:
        keys.pop(str(payload["id"]), None)


def _check_signature(e: ListedEntry, keys: dict[str, tuple[str, str]]) -> None:
    named = (e.actor or {}).get("id")
    if named is None or named not in keys:
        return  # an entry before the register, or of an actor the listing's register does not hold
    algorithm, key = keys[named]
    try:
        raw = bytes.fromhex(e.signature or "")
    except ValueError:
        raw = b""
    if e.algorithm != algorithm or not verify_signature(algorithm, key, e.entry_hash.encode("utf-8"), raw):
        raise LedgerBroken(e.seq, tr("its signature is not {named}'s, as the listing's key register holds the key "
                                     "(forged, altered, or signed with another key)", named=named))


def check_listing(listing: PublicListing, heads: Iterable[tuple[int, str] | LedgerHead] = ()) -> int:
    """Check a published listing as a citizen can, with no access to the store; return the number of entries.

    Args:
        heads: ledger heads the bureau published earlier (on a disclosure, a pre-draw notice, a listing), as
            :class:`LedgerHead` or (number, hash): each must still be in the listing, at its number, with its hash.

    Each entry whose body is given, by an actor the listing's own key register holds (its ``store_created``,
    ``key_enrolled`` and ``key_revoked`` entries), has its signature checked against that key.

    Raises:
        LedgerBroken: at the first entry where the listing fails: a number missing or repeated, a link that is
            not the previous entry's hash, a body that does not hash to its entry's hash or names another number,
            kind or plan, a row whose shown kind, plan, time or actor is not its body's; or a published head the
            listing no longer holds (cut off, or rewritten).
    """
    hash_with = listing.hash_algorithm
    prev, expected = GENESIS, 1
    keys: dict[str, tuple[str, str]] = {}
    for e in listing.entries:
        if e.seq != expected:
            raise LedgerBroken(min(e.seq, expected), f"entry {expected} is missing" if e.seq > expected
                               else "its number repeats or goes back")
        if e.prev_hash != prev:
            raise LedgerBroken(e.seq, tr("it does not link to the entry before it (an entry was inserted, deleted, "
                                         "moved or rewritten)"))
        if e.body is not None:
            if entry_hash(e.prev_hash, e.body, hash_with) != e.entry_hash:
                raise LedgerBroken(e.seq, tr("its body does not hash to its entry hash (edited)"))
            try:
                data = json.loads(e.body)
                shown = (data["seq"], data["kind"], data["plan_id"], data["at"], data.get("actor"))
            except (ValueError, KeyError, TypeError):
                raise LedgerBroken(e.seq, tr("its body is not an entry's body")) from None
            if shown != (e.seq, e.kind, e.plan_id, e.at, None if e.actor is None else dict(e.actor)):
                raise LedgerBroken(e.seq, tr("its number, kind, plan, time or actor is not what its body says"))
            _check_signature(e, keys)
            try:
                _register_key(keys, e.kind, data["payload"])
            except (KeyError, TypeError):
                raise LedgerBroken(e.seq, tr("its register entry does not name an actor and a key")) from None
        prev, expected = e.entry_hash, e.seq + 1
    held = {e.seq: e.entry_hash for e in listing.entries}
    for head in heads:
        seq, hashed = (head.seq, head.hash) if isinstance(head, LedgerHead) else head
        if held.get(seq) != hashed:
            raise LedgerBroken(seq, tr("the listing does not hold the published head {seq}:{hashed}… (entries were "
                                       "cut off the end, or the ledger was rewritten)", seq=seq, hashed=hashed[:12]))
    return expected - 1
