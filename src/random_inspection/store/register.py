"""The key register a store's chain holds (docs/store.md, *The key register*).

A store is created by its first entry, ``store_created``, which names the ledger's hash, that every entry is
signed, and the administrator (``Role.ADMINISTRATOR``, 系统管理员: actor and public key), signed by that
administrator; a store made by an earlier version gets the same from a ``register_opened`` entry appended to its
ledger. From there on ``key_enrolled`` and ``key_revoked`` entries, signed by an administrator of the register,
enrol and revoke the actors' keys. The register at an entry is what the entries before it made it: every write is
checked against it, and ``verify`` rebuilds it from the chain and checks every signature against it. Nothing
outside the chain (no settings row, no file beside an actor file) decides what it holds.

The functions here are pure: they return the register an entry makes, or a problem (text) that the store turns
into a refusal (a write) or a :class:`~random_inspection.errors.LedgerBroken` (``verify``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.model import Role
from random_inspection.store.signing import (
    ALGORITHMS,
    ED25519,
    SM2,
    KeyRing,
    PublicKey,
    public_key_hex,
    same_public_key,
)

__all__ = ["ADMINISTRATOR", "EVERY_ENTRY", "Enrolment", "Register", "enrolment_of", "founding_payload"]

ADMINISTRATOR = Role.ADMINISTRATOR.value
"""The role of the register's keeper (系统管理员)."""

EVERY_ENTRY = "every entry"
"""What a founding entry's ``signatures`` field says: every entry (from this one on) is signed."""

_HEX = set("0123456789abcdef")
_KEY_LENGTH = {ED25519: 64, SM2: 182}  # hex digits of a public key: SM2's DER SubjectPublicKeyInfo
_RAW_SM2_LENGTH = 128  # SM2's x ‖ y, as enrolments were written before the standard form: still read
_FIELDS = ("id", "name", "role", "department", "algorithm", "public_key")


@attrs.frozen
class Enrolment:
    """One actor's key as the register holds it: who (id, name, role, department), the key (algorithm, public
    key in hex), the entry that enrolled it and, once revoked, the entry that revoked it and why."""

    id: str
    name: str
    role: str
    department: str
    algorithm: str
    public_key: str
    entry: int
    revoked: int | None = None
    reason: str | None = None

    @property
    def active(self) -> bool:
        """Whether the key still signs (not revoked)."""
        return self.revoked is None

    def actor_json(self) -> dict[str, str]:
        """The actor as an entry carries it (id, role, department)."""
        return {"id": self.id, "role": self.role, "department": self.department}

    def to_json(self) -> dict[str, Any]:
        """The enrolment as ``ledger keys`` lists it (public data only: a public key, never a private one)."""
        return {"id": self.id, "name": self.name, "role": self.role, "department": self.department,
                "algorithm": self.algorithm, "public_key": self.public_key, "enrolled": self.entry,
                "revoked": self.revoked, "reason": self.reason}


def enrolment_of(data: Any, seq: int) -> Enrolment | str:
    """The enrolment a ``key_enrolled`` payload (or a founding entry's ``administrator``) describes, or what is
    wrong with it."""
    if not isinstance(data, dict) or set(data) != set(_FIELDS):
        return f"an enrolment names exactly {', '.join(_FIELDS)}"
    if not all(isinstance(data[f], str) and data[f].strip() for f in _FIELDS):
        return "an enrolment's fields are non-empty text"
    if data["role"] not in {r.value for r in Role}:
        return f"{data['role']!r} is not a role"
    if data["algorithm"] not in ALGORITHMS:
        return f"{data['algorithm']!r} is not a signature algorithm ({' or '.join(ALGORITHMS)})"
    key, algorithm = data["public_key"], data["algorithm"]
    if key != key.lower() or not set(key) <= _HEX or not _well_formed(algorithm, key):
        return f"the public key is not a {algorithm} public key in lower-case hex"
    return Enrolment(data["id"], data["name"], data["role"], data["department"], data["algorithm"], key, seq)


def _well_formed(algorithm: str, key: str) -> bool:
    if algorithm == SM2 and len(key) == _RAW_SM2_LENGTH:
        return True  # the earlier raw form, checked as it was then (hex of its length)
    if len(key) != _KEY_LENGTH[algorithm] or algorithm == ED25519:
        return len(key) == _KEY_LENGTH[algorithm]  # Ed25519's raw key, checked as it always was
    try:
        return public_key_hex(algorithm, key) == key
    except InvalidInputError:
        return False


def founding_payload(administrator: Mapping[str, str], ledger_hash: str, *, after: int = 0) -> dict[str, Any]:
    """The payload of a ``store_created`` entry (``after`` 0) or of a ``register_opened`` one appended after
    ``after`` entries of an older ledger."""
    payload: dict[str, Any] = {"administrator": dict(administrator), "ledger_hash": ledger_hash,
                               "signatures": EVERY_ENTRY}
    if after:
        payload["after"] = after
    return payload


def _members(value: Mapping[str, Enrolment]) -> dict[str, Enrolment]:
    return dict(value)


@attrs.frozen
class Register:
    """The key register a chain holds at one entry.

    Attributes:
        administrator: the founding administrator's enrolment (named by ``store_created`` or ``register_opened``).
        since: the founding entry's number.
        members: each actor id's latest enrolment (revoked ones included, marked).
    """

    administrator: Enrolment
    since: int
    members: Mapping[str, Enrolment] = attrs.field(factory=dict, converter=_members)

    @classmethod
    def found(cls, seq: int, payload: Any, actor: Any, algorithm: str | None, ledger_hash: str,
              *, after: int | None = None) -> Register | str:
        """The register a founding entry starts (``after``: how many entries its ledger held before it, for a
        ``register_opened``), or what is wrong with it: the administrator must be a 系统管理员, be the entry's
        actor, sign with the key it names, and the entry must name the ledger's hash."""
        if not isinstance(payload, dict):
            return "its payload is not an object"
        admin = enrolment_of(payload.get("administrator"), seq)
        if isinstance(admin, str):
            return f"its administrator: {admin}"
        if admin.role != ADMINISTRATOR:
            return f"its administrator acts as {admin.role!r}, not as {ADMINISTRATOR}"
        if payload.get("signatures") != EVERY_ENTRY:
            return f"it does not say that {EVERY_ENTRY} is signed"
        if payload.get("ledger_hash") != ledger_hash:
            return f"it names the ledger hash {payload.get('ledger_hash')!r}; the ledger is hashed with {ledger_hash}"
        if after is not None and payload.get("after", 0) != after:
            return f"it says it follows {payload.get('after', 0)} entries; {after} come before it"
        if actor != admin.actor_json() or algorithm != admin.algorithm:
            return "it is not taken and signed by the administrator it names"
        return cls(admin, seq, {admin.id: admin})

    def get(self, actor_id: str) -> Enrolment | None:
        """The actor's key in force (None for an actor never enrolled or revoked)."""
        member = self.members.get(actor_id)
        return member if member is not None and member.active else None

    def check(self, actor: Any, algorithm: str | None, public_key: str | None = None) -> str | None:
        """What is wrong with an entry taken by ``actor`` (id, role, department) signing with ``algorithm``
        (and, at a write, ``public_key``) under this register; None if nothing."""
        named = actor.get("id") if isinstance(actor, dict) else None
        member = self.members.get(str(named))
        if member is None:
            return f"{named} is not in the key register"
        if not member.active:
            return f"{named}'s key was revoked at entry {member.revoked} ({member.reason})"
        if algorithm != member.algorithm or (public_key is not None
                                             and not same_public_key(member.algorithm, public_key, member.public_key)):
            return f"the key is not the one the register holds for {named}"
        for field in ("role", "department"):
            if actor.get(field) != getattr(member, field):
                return (f"{named} acts as {field} {actor.get(field)!r}; the register gives "
                        f"{getattr(member, field)!r}")
        return None

    def enrol(self, seq: int, payload: Any, actor: Any) -> Register | str:
        """The register after a ``key_enrolled`` entry by ``actor``, or what is wrong with it."""
        if not isinstance(actor, dict) or actor.get("role") != ADMINISTRATOR:
            return f"only a {ADMINISTRATOR} enrols a key"
        member = enrolment_of(payload, seq)
        if isinstance(member, str):
            return member
        if self.get(member.id) is not None:
            return f"{member.id} has a key in the register already (revoke it first)"
        return attrs.evolve(self, members={**self.members, member.id: member})

    def revoke(self, seq: int, payload: Any, actor: Any) -> Register | str:
        """The register after a ``key_revoked`` entry by ``actor``, or what is wrong with it."""
        if not isinstance(actor, dict) or actor.get("role") != ADMINISTRATOR:
            return f"only a {ADMINISTRATOR} revokes a key"
        if not isinstance(payload, dict) or set(payload) != {"id", "reason"}:
            return "a revocation names exactly id and reason"
        ident, reason = payload["id"], payload["reason"]
        if not (isinstance(reason, str) and reason.strip()):
            return "a revocation gives its reason"
        member = self.get(str(ident))
        if member is None:
            return f"{ident} has no key in force to revoke"
        admins = [m for m in self.members.values() if m.active and m.role == ADMINISTRATOR]
        if member.role == ADMINISTRATOR and len(admins) == 1:
            return "the last administrator's key is not revoked (enrol another administrator first)"
        return attrs.evolve(self, members={**self.members,
                                           member.id: attrs.evolve(member, revoked=seq, reason=reason)})

    def keyring(self) -> KeyRing:
        """The keys in force, as a :class:`KeyRing` (with each actor's role and department)."""
        return KeyRing({m.id: PublicKey(m.algorithm, m.public_key, role=m.role, department=m.department)
                        for m in self.members.values() if m.active})
