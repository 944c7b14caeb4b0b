"""Signatures on ledger entries: SM2 (GB/T 32918, with SM3 and the signer's ZA) and Ed25519.

Every entry the store appends carries its actor and a signature over its entry hash (the UTF-8 text of the hash
exactly as :func:`~random_inspection.store.ledger.entry_hash` returns it). Keys stay with the caller: a
:class:`Signer` holds its private key and gives the store only its algorithm, its public key and signatures;
nothing here writes, logs or shows a private key. :meth:`~random_inspection.store.Store.verify` checks the
signatures against a :class:`KeyRing` the caller passes (actor id → algorithm and public key).

Standard forms (docs/security.md, *Key and signature formats*): an SM2 public key is DER SubjectPublicKeyInfo
(id-ecPublicKey on the SM2 curve 1.2.156.10197.1.301), in hex where the store keeps it and PEM in files; an SM2
private key is PKCS#8 PEM, as ``openssl genpkey -algorithm SM2`` writes it; an SM2 signature is DER
(``SEQUENCE { r, s }``, GM/T 0009) over SM3(ZA ‖ M) with the default user id ``1234567812345678``. The earlier raw
forms — x ‖ y (128 hex digits) and r ‖ s (64 bytes) — are still read and verified wherever they were written.
SM2's arithmetic comes from :mod:`random_inspection.store.sm2backend` (Tongsuo when installed, else pure Python);
Ed25519 uses ``cryptography``.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Protocol, runtime_checkable

import attrs
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_der_private_key,
    load_der_public_key,
)

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.store.keyformats import (
    der_signature,
    pem,
    pkcs8_private_key,
    private_key_scalar,
    public_key_point,
    signature_numbers,
    spki_public_key,
    unpem,
)
from random_inspection.store.sm2backend import N as _SM2_N
from random_inspection.store.sm2backend import on_curve, sm2_backend

__all__ = ["ALGORITHMS", "ED25519", "SM2", "Ed25519Signer", "KeyRing", "PublicKey", "SM2Signer", "Signer",
           "new_private_key", "new_private_key_pem", "public_key_hex", "public_key_pem", "same_public_key",
           "signer_from_pem", "signer_from_private_key", "verify_signature"]

SM2 = "sm2-sm3"
ED25519 = "ed25519"
ALGORITHMS = (SM2, ED25519)
"""The algorithms an entry may be signed with."""

_HEX = set("0123456789abcdef")
_PUBLIC_PEM, _PRIVATE_PEM = "PUBLIC KEY", "PRIVATE KEY"


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


def _bad_sm2_key() -> InvalidInputError:
    return InvalidInputError(tr("an SM2 private key is PKCS#8 PEM, or 64 hex digits: a number in [1, n − 2]"),
                             where=tr("the SM2 key"),
                             fix=tr("give the key file `random-inspection keygen` or `openssl genpkey -algorithm "
                                    "SM2` wrote (in Python: SM2Signer.generate() makes one)"))


def _sm2_scalar(private_key: str) -> tuple[int, bytes | None]:
    text = private_key.strip() if isinstance(private_key, str) else ""
    point = None
    if text.startswith("-----BEGIN"):
        scalar, point = private_key_scalar(unpem(text, _PRIVATE_PEM))
    elif len(text) == 64 and set(text.lower()) <= _HEX:
        scalar = int(text, 16)
    else:
        raise _bad_sm2_key()
    if not 1 <= scalar < _SM2_N - 1:
        raise _bad_sm2_key()
    return scalar, point


class SM2Signer:
    """An SM2 key pair on the recommended curve (GB/T 32918.5), signing SM3(ZA ‖ digest), the signature in DER.

    The private key is given as PKCS#8 PEM (what ``openssl genpkey -algorithm SM2`` writes) or, as keys were
    kept before, 64 hex digits, or made by :meth:`generate`; it never leaves the object: it is not in ``repr``,
    not in the public key, not in anything the store writes.
    """

    __slots__ = ("_point", "_public", "_sign")
    algorithm = SM2

    def __init__(self, private_key: str) -> None:
        scalar, carried = _sm2_scalar(private_key)
        self._point = sm2_backend().public_point(scalar)
        if carried is not None and carried != self._point:
            raise InvalidInputError(tr("the public key the PKCS#8 key carries is not its private key's"),
                                    where=tr("the SM2 key"), fix=tr("give the key file as it was written, unaltered"))
        self._public = spki_public_key(self._point).hex()
        self._sign = sm2_backend().signing_key(scalar, self._point)

    @classmethod
    def generate(cls) -> SM2Signer:
        """A new key pair from :mod:`secrets`."""
        return cls(f"{secrets.randbelow(_SM2_N - 2) + 1:064x}")

    @property
    def public_key(self) -> str:
        """The DER SubjectPublicKeyInfo in lower-case hex (:func:`public_key_pem` gives its PEM)."""
        return self._public

    def sign(self, digest: bytes) -> bytes:
        """The DER signature of SM3(ZA ‖ digest), with a fresh random K."""
        while True:
            signature = der_signature(*self._sign(digest))
            if len(signature) != 64:  # never the length of the raw form r ‖ s: the two stay told apart
                return signature

    def __repr__(self) -> str:
        return f"SM2Signer(public_key={self._point[:8].hex()}…)"


def _sm2_point(public_key: str) -> bytes | None:
    """x ‖ y of an SM2 public key in any accepted form (PEM, SubjectPublicKeyInfo hex, 04 ‖ x ‖ y or x ‖ y hex),
    or None if it is none of them or not on the curve."""
    text = public_key.strip() if isinstance(public_key, str) else ""
    try:
        if text.startswith("-----BEGIN"):
            point = public_key_point(unpem(text, _PUBLIC_PEM))
        else:
            raw = bytes.fromhex(text)
            if len(raw) == 65 and raw[0] == 4:
                raw = raw[1:]
            point = raw if len(raw) == 64 else public_key_point(raw)
    except (InvalidInputError, ValueError):
        return None
    return point if on_curve(point) else None


def _sm2_numbers(signature: bytes) -> list[tuple[int, int]]:
    """The (r, s) a signature may mean: DER, or the raw 64 bytes r ‖ s of the earlier form (both tried for 64
    bytes, which the library never writes in DER)."""
    readings = []
    if len(signature) == 64:
        readings.append((int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")))
    with contextlib.suppress(InvalidInputError):
        readings.append(signature_numbers(signature))
    return [(r, s) for r, s in readings if 0 < r < _SM2_N and 0 < s < _SM2_N]


class Ed25519Signer:
    """An Ed25519 key pair (``cryptography``); the private key never leaves the object."""

    __slots__ = ("_key", "_public")
    algorithm = ED25519

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        if not isinstance(private_key, Ed25519PrivateKey):
            raise InvalidInputError(tr("not an Ed25519 private key"), where=tr("the Ed25519 key"),
                                    fix=tr("give a cryptography Ed25519PrivateKey, or use Ed25519Signer.generate()"))
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


def _unknown(algorithm: str) -> InvalidInputError:
    return InvalidInputError(tr("unknown signature algorithm {algorithm!r}", algorithm=algorithm),
                             fix=tr("use one of {choices}", choices="、".join(ALGORITHMS)))


def new_private_key(algorithm: str) -> str:
    """A new private key of ``algorithm`` as hex, for the caller to keep (a key file of its holder's): SM2's
    scalar (64 hex digits, from :mod:`secrets`) or Ed25519's raw 32 bytes. The library keeps no copy.
    :func:`new_private_key_pem` gives one in the standard form."""
    if algorithm == SM2:
        return f"{secrets.randbelow(_SM2_N - 2) + 1:064x}"
    if algorithm == ED25519:
        return Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()
    raise _unknown(algorithm)


def new_private_key_pem(algorithm: str) -> str:
    """A new private key of ``algorithm`` as PKCS#8 PEM (``-----BEGIN PRIVATE KEY-----``): for SM2 exactly the
    form ``openssl genpkey -algorithm SM2`` writes (id-ecPublicKey, the SM2 curve, the scalar and the public
    point), for Ed25519 RFC 8410's. The library keeps no copy."""
    if algorithm == SM2:
        scalar = secrets.randbelow(_SM2_N - 2) + 1
        return pem(_PRIVATE_PEM, pkcs8_private_key(scalar, sm2_backend().public_point(scalar)))
    if algorithm == ED25519:
        return Ed25519PrivateKey.generate().private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    raise _unknown(algorithm)


def signer_from_private_key(algorithm: str, private_key_hex: str) -> Signer:
    """The signer holding a private key given as hex (see :func:`new_private_key`) or as PKCS#8 PEM."""
    if private_key_hex.strip().startswith("-----BEGIN"):
        signer = signer_from_pem(private_key_hex)
        if signer.algorithm != algorithm:
            raise InvalidInputError(tr("the key is a {found} key, not {algorithm}", found=signer.algorithm,
                                       algorithm=algorithm), where=tr("the key"),
                                    fix=tr("give the key of the algorithm named"))
        return signer
    if algorithm == SM2:
        return SM2Signer(private_key_hex)
    if algorithm == ED25519:
        try:
            key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_key_hex))
        except ValueError:
            raise InvalidInputError(tr("not an Ed25519 private key (64 hex digits)"), where=tr("the key"),
                                    fix=tr("give the key file `random-inspection keygen` wrote")) from None
        return Ed25519Signer(key)
    raise _unknown(algorithm)


def signer_from_pem(text: str) -> Signer:
    """The signer of a PKCS#8 PEM private key (``-----BEGIN PRIVATE KEY-----``, unencrypted): SM2 (as ``openssl
    genpkey -algorithm SM2`` or :func:`new_private_key_pem` writes it) or Ed25519.

    Raises:
        InvalidInputError: not a PEM private key, or one of another algorithm or curve.
    """
    der = unpem(text, _PRIVATE_PEM)
    try:
        key = load_der_private_key(der, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        key = None  # an SM2 key (cryptography has no SM2), or not a key: the SM2 reader says which
    if isinstance(key, Ed25519PrivateKey):
        return Ed25519Signer(key)
    return SM2Signer(text)


def public_key_hex(algorithm: str, public_key: str) -> str:
    """A public key in the form the store keeps: for SM2 the DER SubjectPublicKeyInfo in lower-case hex, for
    Ed25519 the raw 32 bytes in hex. Takes PEM (``-----BEGIN PUBLIC KEY-----``), that hex, or the earlier raw
    forms (SM2's x ‖ y or 04 ‖ x ‖ y in hex).

    Raises:
        InvalidInputError: not a public key of ``algorithm`` (for SM2, not a point of the curve).
    """
    fix = tr("give the .pub file `random-inspection keygen` wrote, or `openssl pkey -pubout`'s PEM")
    if algorithm == SM2:
        point = _sm2_point(public_key)
        if point is None:
            raise InvalidInputError(tr("not an SM2 public key (PEM, SubjectPublicKeyInfo or x ‖ y in hex, a point "
                                       "of the curve)"), where=tr("the public key"), fix=fix)
        return spki_public_key(point).hex()
    if algorithm == ED25519:
        key = _ed25519_public(public_key)
        if key is None:
            raise InvalidInputError(tr("not an Ed25519 public key (PEM, or 64 hex digits)"), where=tr("the public key"),
                                    fix=fix)
        return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    raise _unknown(algorithm)


def public_key_pem(algorithm: str, public_key: str) -> str:
    """The PEM SubjectPublicKeyInfo (``-----BEGIN PUBLIC KEY-----``) of a public key in any form
    :func:`public_key_hex` takes: what ``openssl pkeyutl -verify -pubin -inkey`` and Java's
    ``X509EncodedKeySpec`` read."""
    if algorithm == SM2:
        return pem(_PUBLIC_PEM, bytes.fromhex(public_key_hex(SM2, public_key)))
    key = _ed25519_public(public_key) if algorithm == ED25519 else None
    if key is None:
        public_key_hex(algorithm, public_key)  # raises, naming what is wrong
        raise _unknown(algorithm)
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def same_public_key(algorithm: str, one: str, other: str) -> bool:
    """Whether two texts are the same public key of ``algorithm``, whatever form each is in (an enrolment in
    the earlier raw form and a signer's key in the standard form, say). False for a malformed one."""
    try:
        return public_key_hex(algorithm, one) == public_key_hex(algorithm, other)
    except InvalidInputError:
        return False


def _ed25519_public(public_key: str) -> Ed25519PublicKey | None:
    text = public_key.strip() if isinstance(public_key, str) else ""
    try:
        raw = unpem(text, _PUBLIC_PEM) if text.startswith("-----BEGIN") else bytes.fromhex(text)
        if len(raw) == 32:
            return Ed25519PublicKey.from_public_bytes(raw)
        key = load_der_public_key(raw)
    except (InvalidInputError, ValueError, TypeError, UnsupportedAlgorithm):
        return None
    return key if isinstance(key, Ed25519PublicKey) else None


def verify_signature(algorithm: str, public_key: str, digest: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is ``public_key``'s signature of ``digest`` under ``algorithm`` (False, never an
    error, for a malformed key or signature). SM2 takes the key in any form :func:`public_key_hex` takes and
    the signature in DER or as the raw 64 bytes r ‖ s."""
    try:
        if algorithm == ED25519:
            key = _ed25519_public(public_key)
            if key is None:
                return False
            key.verify(signature, digest)
            return True
        if algorithm == SM2:
            point = _sm2_point(public_key)
            if point is None:
                return False
            backend = sm2_backend()
            return any(backend.verify(point, digest, r, s) for r, s in _sm2_numbers(bytes(signature)))
    except (InvalidSignature, ValueError, TypeError, ZeroDivisionError):
        return False
    return False


def _lower(text: str) -> str:
    text = text.strip()
    if text.startswith("-----BEGIN"):  # a PEM public key is kept as the hex of its DER
        try:
            return unpem(text, _PUBLIC_PEM).hex()
        except InvalidInputError:
            return text
    return text.lower()


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
