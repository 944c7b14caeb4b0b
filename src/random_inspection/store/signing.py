"""Signatures on ledger entries: SM2 (GB/T 32918, with SM3 and the signer's ZA) and Ed25519.

Every entry the store appends carries its actor and a signature over its entry hash (the UTF-8 text of the hash
exactly as :func:`~random_inspection.store.ledger.entry_hash` returns it). Keys stay with the caller: a
:class:`Signer` holds its private key and gives the store only its algorithm, its public key and signatures;
nothing here writes, logs or shows a private key. :meth:`~random_inspection.store.Store.verify` checks the
signatures against a :class:`KeyRing` the caller passes (actor id → algorithm and public key).

SM2 uses the pure-Python ``gmssl`` package (``sign_with_sm3``/``verify_with_sm3``: the digest SM3(ZA ‖ M) with
the usual default user id ``1234567812345678``), with the random K of each signature drawn from
:mod:`secrets`; Ed25519 uses ``cryptography``.
"""

from __future__ import annotations

import binascii
import secrets
from collections.abc import Iterable, Mapping
from typing import Protocol, runtime_checkable

import attrs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from gmssl import sm2

from random_inspection.errors import InvalidInputError

__all__ = ["ALGORITHMS", "ED25519", "SM2", "Ed25519Signer", "KeyRing", "PublicKey", "SM2Signer", "Signer",
           "new_private_key", "signer_from_private_key", "verify_signature"]

SM2 = "sm2-sm3"
ED25519 = "ed25519"
ALGORITHMS = (SM2, ED25519)
"""The algorithms an entry may be signed with."""

_SM2_N = int(sm2.default_ecc_table["n"], 16)
_HEX = set("0123456789abcdef")


@runtime_checkable
class Signer(Protocol):
    """What the store needs of a key holder: the algorithm, the public key (lower-case hex) and signatures."""

    @property
    def algorithm(self) -> str: ...

    @property
    def public_key(self) -> str: ...

    def sign(self, digest: bytes) -> bytes:
        """The signature of ``digest`` (the bytes the store signs: an entry hash's text)."""
        ...


def _sm2(private_key: str, public_key: str) -> sm2.CryptSM2:
    # gmssl's constructor strips a leading "04" with str.lstrip, which would also eat a key's own leading 0s
    # and 4s: set the 128-hex-digit x ‖ y key after construction instead.
    crypt = sm2.CryptSM2(private_key=private_key, public_key="00")
    crypt.public_key = public_key
    return crypt


class SM2Signer:
    """An SM2 key pair on the recommended curve (GB/T 32918.5), signing SM3(ZA ‖ digest).

    The private key is given as 64 hex digits (or made by :meth:`generate`) and never leaves the object: it is
    not in ``repr``, not in the public key, not in anything the store writes.
    """

    __slots__ = ("_crypt", "_public")
    algorithm = SM2

    def __init__(self, private_key_hex: str) -> None:
        text = private_key_hex.strip().lower() if isinstance(private_key_hex, str) else ""
        if len(text) != 64 or not set(text) <= _HEX or not 1 <= int(text, 16) < _SM2_N - 1:
            raise InvalidInputError("an SM2 private key is 64 hex digits, a number in [1, n − 2]", where="SM2Signer",
                                    fix="give the key as hex, or make one with SM2Signer.generate()")
        crypt = _sm2(text, "")
        self._public: str = crypt._kg(int(text, 16), sm2.default_ecc_table["g"])
        self._crypt = _sm2(text, self._public)

    @classmethod
    def generate(cls) -> SM2Signer:
        """A new key pair from :mod:`secrets`."""
        return cls(f"{secrets.randbelow(_SM2_N - 2) + 1:064x}")

    @property
    def public_key(self) -> str:
        """x ‖ y, 128 hex digits (without the 04 prefix)."""
        return self._public

    def sign(self, digest: bytes) -> bytes:
        """The 64-byte signature r ‖ s of SM3(ZA ‖ digest), with a fresh random K."""
        k = f"{secrets.randbelow(_SM2_N - 1) + 1:064x}"
        return binascii.unhexlify(self._crypt.sign_with_sm3(digest, k))

    def sign_with_k(self, digest: bytes, k_hex: str) -> bytes:
        """A signature with a given K: only to check the implementation against a published example."""
        return binascii.unhexlify(self._crypt.sign_with_sm3(digest, k_hex.lower()))

    def __repr__(self) -> str:
        return f"SM2Signer(public_key={self._public[:16]}…)"


class Ed25519Signer:
    """An Ed25519 key pair (``cryptography``); the private key never leaves the object."""

    __slots__ = ("_key", "_public")
    algorithm = ED25519

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        if not isinstance(private_key, Ed25519PrivateKey):
            raise InvalidInputError("not an Ed25519 private key", where="Ed25519Signer",
                                    fix="give a cryptography Ed25519PrivateKey, or use Ed25519Signer.generate()")
        self._key = private_key
        self._public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

    @classmethod
    def generate(cls) -> Ed25519Signer:
        """A new key pair."""
        return cls(Ed25519PrivateKey.generate())

    @property
    def public_key(self) -> str:
        """The raw 32-byte public key, 64 hex digits."""
        return self._public

    def sign(self, digest: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``digest``."""
        return self._key.sign(digest)

    def __repr__(self) -> str:
        return f"Ed25519Signer(public_key={self._public[:16]}…)"


def new_private_key(algorithm: str) -> str:
    """A new private key of ``algorithm`` as hex, for the caller to keep (a key file of its holder's): SM2's
    scalar (64 hex digits, from :mod:`secrets`) or Ed25519's raw 32 bytes. The library keeps no copy."""
    if algorithm == SM2:
        return f"{secrets.randbelow(_SM2_N - 2) + 1:064x}"
    if algorithm == ED25519:
        return Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()
    raise InvalidInputError(f"unknown signature algorithm {algorithm!r}", fix=f"use {' or '.join(ALGORITHMS)}")


def signer_from_private_key(algorithm: str, private_key_hex: str) -> Signer:
    """The signer holding a private key given as hex (see :func:`new_private_key`)."""
    if algorithm == SM2:
        return SM2Signer(private_key_hex)
    if algorithm == ED25519:
        try:
            key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_key_hex))
        except ValueError:
            raise InvalidInputError("not an Ed25519 private key (64 hex digits)", where="key",
                                    fix="give the key file new_private_key wrote") from None
        return Ed25519Signer(key)
    raise InvalidInputError(f"unknown signature algorithm {algorithm!r}", fix=f"use {' or '.join(ALGORITHMS)}")


def verify_signature(algorithm: str, public_key: str, digest: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is ``public_key``'s signature of ``digest`` under ``algorithm`` (False, never an
    error, for a malformed key or signature)."""
    try:
        if algorithm == ED25519:
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(signature, digest)
            return True
        if algorithm == SM2:
            if len(signature) != 64 or len(public_key) != 128:
                return False
            r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            if not (0 < r < _SM2_N and 0 < s < _SM2_N):
                return False
            return bool(_sm2("0" * 64, public_key.lower()).verify_with_sm3(signature.hex(), digest))
    except (InvalidSignature, ValueError, TypeError, ZeroDivisionError):
        return False
    return False


def _lower(text: str) -> str:
    return text.strip().lower()


def _keys(value: Mapping[str, PublicKey]) -> dict[str, PublicKey]:
    return dict(value)


@attrs.frozen
class PublicKey:
    """An actor's verifying key: the algorithm and the public key in hex; in a key register, also the role and
    the department the bureau gave the key's holder (an entry's actor must act as them)."""

    algorithm: str = attrs.field(validator=attrs.validators.in_(ALGORITHMS))
    key: str = attrs.field(converter=_lower)
    role: str | None = attrs.field(default=None, kw_only=True)
    department: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class KeyRing:
    """The verifier registry :meth:`~random_inspection.store.Store.verify` checks signatures with: each actor
    id's algorithm and public key. Build it from the signers' public halves (:meth:`of`) or from keys kept in
    the bureau's key register."""

    keys: Mapping[str, PublicKey] = attrs.field(factory=dict, converter=_keys)

    @classmethod
    def of(cls, pairs: Mapping[str, Signer] | Iterable[tuple[str, Signer]]) -> KeyRing:
        """A ring of actor id → the signer's public key."""
        items: Iterable[tuple[str, Signer]] = pairs.items() if isinstance(pairs, Mapping) else pairs
        return cls({actor: PublicKey(s.algorithm, s.public_key) for actor, s in items})

    def get(self, actor: str) -> PublicKey | None:
        """The key of ``actor``, or None for an actor the ring does not know."""
        return self.keys.get(actor)
