"""The hash algorithms a draw and the ledger may use: SHA-256 (the default) and SM3 (GB/T 32905-2016), for
deployments that must pass 密码应用安全性评估 (GB/T 39786-2021).

SM3 comes from the first of these that gives the GB/T 32905 digests: OpenSSL through :mod:`hashlib`
(``hashlib.new("sm3")``, where the platform's OpenSSL has it), ``cryptography``'s ``hashes.SM3`` (its own
OpenSSL, present wherever the library is installed), else the pure-Python compression function of the ``gmssl``
package; all give the same bytes. Both algorithms give 32-byte digests,
so tickets, seeds and hashes keep their sizes whichever is chosen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, Protocol

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr

__all__ = [
    "HASH_NAMES",
    "SHA256",
    "SM3",
    "CryptographySM3",
    "HashAlgorithm",
    "Hasher",
    "PureSM3",
    "hash_algorithm",
    "sm3_backend",
]


class Hasher(Protocol):
    """What a hash object offers (the part of ``hashlib``'s interface the library uses)."""

    @property
    def name(self) -> str: ...

    @property
    def digest_size(self) -> int: ...

    def update(self, data: bytes, /) -> None: ...

    def digest(self) -> bytes: ...

    def hexdigest(self) -> str: ...

    def copy(self) -> Any: ...


_BLOCK = 64


class PureSM3:
    """SM3 (GB/T 32905-2016) in pure Python, incremental like a ``hashlib`` object: the message is padded and
    compressed block by block with ``gmssl``'s compression function, so a long input is never held whole."""

    name = "sm3"
    digest_size = 32
    block_size = _BLOCK

    def __init__(self, data: bytes = b"") -> None:
        from gmssl import sm3  # imported only where OpenSSL has no SM3

        self._compress: Callable[[list[int], bytes], list[int]] = sm3.sm3_cf
        self._state: list[int] = list(sm3.IV)
        self._pending = b""
        self._length = 0
        self.update(data)

    def update(self, data: bytes, /) -> None:
        """Add ``data`` to the message."""
        data = bytes(data)
        self._length += len(data)
        pending = self._pending + data
        whole = len(pending) - len(pending) % _BLOCK
        state = self._state
        for start in range(0, whole, _BLOCK):
            state = self._compress(state, pending[start:start + _BLOCK])
        self._state = state
        self._pending = pending[whole:]

    def copy(self) -> PureSM3:
        """An independent copy of the hash object in its present state."""
        other = PureSM3.__new__(PureSM3)
        other._compress = self._compress
        other._state = list(self._state)
        other._pending = self._pending
        other._length = self._length
        return other

    def digest(self) -> bytes:
        """The 32-byte digest of the message so far (the object may still be updated)."""
        tail = self._pending + b"\x80" + b"\x00" * ((55 - len(self._pending)) % _BLOCK)
        tail += (self._length * 8).to_bytes(8, "big")
        state = self._state
        for start in range(0, len(tail), _BLOCK):
            state = self._compress(state, tail[start:start + _BLOCK])
        return b"".join(word.to_bytes(4, "big") for word in state)

    def hexdigest(self) -> str:
        """The digest as lower-case hexadecimal."""
        return self.digest().hex()


class CryptographySM3:
    """SM3 from ``cryptography`` (``hashes.SM3``), with ``hashlib``'s interface: the digest is taken from a copy,
    so the object may still be updated."""

    name = "sm3"
    digest_size = 32
    block_size = _BLOCK

    def __init__(self, data: bytes = b"", *, _context: Any = None) -> None:
        from cryptography.hazmat.primitives import hashes

        self._context: Any = hashes.Hash(hashes.SM3()) if _context is None else _context
        self.update(data)

    def update(self, data: bytes, /) -> None:
        """Add ``data`` to the message."""
        self._context.update(bytes(data))

    def copy(self) -> CryptographySM3:
        """An independent copy of the hash object in its present state."""
        return CryptographySM3(_context=self._context.copy())

    def digest(self) -> bytes:
        """The 32-byte digest of the message so far."""
        return bytes(self._context.copy().finalize())

    def hexdigest(self) -> str:
        """The digest as lower-case hexadecimal."""
        return self.digest().hex()


def _gives_abc(new: Callable[..., Any]) -> Any:
    """A hash object of ``new`` (for ``"sm3"``) that hashes "abc" right, or None."""
    try:
        prototype = new("sm3")
        check = prototype.copy()
        check.update(b"abc")
        return prototype if check.hexdigest() == _SM3_ABC else None
    except (ValueError, TypeError, AttributeError, ImportError):
        return None


def _cryptography_sm3(name: str) -> CryptographySM3:
    if name != "sm3":
        raise ValueError(f"unsupported hash type {name}")
    return CryptographySM3()


def _select_sm3(new: Callable[..., Any] = hashlib.new,
                fallback: Callable[..., Any] = _cryptography_sm3) -> tuple[str, Callable[..., Any]]:
    """The first SM3 that gives the GB/T 32905 digest of "abc": ``("openssl", constructor)`` from ``new("sm3")``
    (:mod:`hashlib`), ``("cryptography", CryptographySM3)`` from ``fallback("sm3")``, else ``("gmssl", PureSM3)``.
    OpenSSL's objects are copied from one made here, which is about twice as fast as looking the name up for
    every hash."""
    prototype = _gives_abc(new)
    if prototype is None:
        return ("cryptography", CryptographySM3) if _gives_abc(fallback) is not None else ("gmssl", PureSM3)

    def openssl_sm3(data: bytes = b"") -> Any:
        h = prototype.copy()
        h.update(data)
        return h

    return "openssl", openssl_sm3


_SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"  # GB/T 32905-2016, 附录A 示例1
HASH_NAMES = ("sha256", "sm3")


def _unknown(name: object) -> InvalidInputError:
    return InvalidInputError(tr("unknown hash algorithm {name!r}", name=name), where=tr("the hash algorithm"),
                             fix=tr("use one of {names}", names=", ".join(HASH_NAMES)))


def _known(_instance: object, _attribute: object, name: str) -> None:
    if name not in HASH_NAMES:
        raise _unknown(name)


@attrs.frozen
class HashAlgorithm:
    """A named hash algorithm: ``new(data)`` gives a fresh ``hashlib``-like object, ``digest(data)`` its bytes.

    Attributes:
        name: ``"sha256"`` or ``"sm3"``, as manifests, the ledger and the command line write it.
        new: the constructor (``hashlib.sha256``, OpenSSL's SM3 or :class:`PureSM3`).
    """

    name: str = attrs.field(validator=_known)
    new: Callable[..., Hasher] = attrs.field(eq=False, repr=False)

    def digest(self, data: bytes) -> bytes:
        """The 32-byte digest of ``data``."""
        return bytes(self.new(data).digest())

    def hexdigest(self, data: bytes) -> str:
        """The digest of ``data`` as lower-case hexadecimal."""
        return str(self.new(data).hexdigest())

    def __str__(self) -> str:
        return self.name


SHA256 = HashAlgorithm("sha256", hashlib.sha256)
_SM3_BACKEND, _sm3_new = _select_sm3()
SM3 = HashAlgorithm("sm3", _sm3_new)
_BY_NAME = {SHA256.name: SHA256, SM3.name: SM3}


def sm3_backend() -> str:
    """Where SM3 comes from on this platform: ``"openssl"`` (:mod:`hashlib`), ``"cryptography"`` or ``"gmssl"``
    (pure Python, slower)."""
    return _SM3_BACKEND


def hash_algorithm(name: str | HashAlgorithm) -> HashAlgorithm:
    """The algorithm of a name (``"sha256"``, ``"sm3"``; any case), or the algorithm itself.

    Raises:
        InvalidInputError: a name that is not one of :data:`HASH_NAMES`.
    """
    if isinstance(name, HashAlgorithm):
        return name
    found = _BY_NAME.get(name.lower()) if isinstance(name, str) else None
    if found is None:
        raise _unknown(name)
    return found
