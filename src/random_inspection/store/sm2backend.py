"""Where SM2's arithmetic comes from: ``tongsuopy`` (Tongsuo, the OpenSSL fork with 国密 algorithms) when it is
installed (the ``fast`` extra), else the pure-Python ``gmssl`` package, which runs everywhere (ARM and LoongArch
servers included). Both compute the same thing: the signature (r, s) of SM3(ZA ‖ M) with the default user id
``1234567812345678`` (GM/T 0009), checked against each other in the tests.

The environment variable ``RANDOM_INSPECTION_SM2=pure`` (read once, at import) or :func:`use_sm2_backend` forces
the pure path.
"""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Callable
from typing import Any, Protocol

from gmssl import sm2

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.store.keyformats import der_signature, signature_numbers

__all__ = ["N", "SM2Backend", "available_backends", "sm2_backend", "use_sm2_backend"]

_TABLE = sm2.default_ecc_table
N = int(_TABLE["n"], 16)
"""The order of the SM2 curve's base point (GB/T 32918.5)."""
_P, _A, _B = int(_TABLE["p"], 16), int(_TABLE["a"], 16), int(_TABLE["b"], 16)


def on_curve(point: bytes) -> bool:
    """Whether the 64 bytes x ‖ y are a point of the SM2 curve (not the point at infinity)."""
    if len(point) != 64:
        return False
    x, y = int.from_bytes(point[:32], "big"), int.from_bytes(point[32:], "big")
    return x < _P and y < _P and (y * y - x * x * x - _A * x - _B) % _P == 0


class SM2Backend(Protocol):
    """The SM2 operations the signer and the verifier use."""

    @property
    def name(self) -> str: ...

    def public_point(self, scalar: int) -> bytes:
        """x ‖ y (64 bytes) of the key whose private scalar is ``scalar``."""
        ...

    def signing_key(self, scalar: int, point: bytes) -> Callable[[bytes], tuple[int, int]]:
        """The function signing with the key (``scalar``, its ``point``): a message → (r, s) of SM3(ZA ‖ message),
        with a fresh random K each time. The key lives as long as the function (its signer's), no longer."""
        ...

    def verify(self, point: bytes, message: bytes, r: int, s: int) -> bool:
        """Whether (r, s) is the signature of ``message`` by the key x ‖ y (``point``, on the curve)."""
        ...


def _crypt(scalar: int, point: bytes) -> sm2.CryptSM2:
    # gmssl's constructor strips a leading "04" with str.lstrip, which would also eat a key's own leading 0s
    # and 4s: set the 128-hex-digit x ‖ y key after construction instead.
    crypt = sm2.CryptSM2(private_key=f"{scalar:064x}", public_key="00")
    crypt.public_key = point.hex()
    return crypt


class PureBackend:
    """SM2 in pure Python (``gmssl``): about 5 ms to sign and 8 ms to verify."""

    name = "pure"

    def public_point(self, scalar: int) -> bytes:
        """x ‖ y of ``scalar`` · G."""
        return bytes.fromhex(_crypt(scalar, b"")._kg(scalar, _TABLE["g"]))

    def signing_key(self, scalar: int, point: bytes) -> Callable[[bytes], tuple[int, int]]:
        """Signing with gmssl, K drawn from :mod:`secrets`."""
        crypt = _crypt(scalar, point)

        def sign(message: bytes) -> tuple[int, int]:
            raw = bytes.fromhex(crypt.sign_with_sm3(message, f"{secrets.randbelow(N - 1) + 1:064x}"))
            return int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")

        return sign

    def sign_with_k(self, scalar: int, point: bytes, message: bytes, k: int) -> tuple[int, int]:
        """(r, s) with a given K: only to check the implementation against a published example."""
        raw = bytes.fromhex(_crypt(scalar, point).sign_with_sm3(message, f"{k:064x}"))
        return int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")

    def verify(self, point: bytes, message: bytes, r: int, s: int) -> bool:
        """gmssl's verification of r ‖ s."""
        if not on_curve(point):
            return False
        signature = f"{r:064x}{s:064x}"
        return bool(_crypt(1, point).verify_with_sm3(signature, message))


class TongsuoBackend:
    """SM2 from Tongsuo through ``tongsuopy`` (EVP_DigestSign with SM3 on the SM2 curve, the default user id):
    well under a millisecond to sign or verify."""

    name = "tongsuopy"

    def __init__(self) -> None:
        from tongsuopy.crypto import hashes
        from tongsuopy.crypto.asymciphers import ec
        from tongsuopy.crypto.exceptions import InvalidSignature

        self._ec: Any = ec
        self._algorithm: Any = ec.ECDSA(hashes.SM3())
        self._invalid: type[Exception] = InvalidSignature

    @functools.lru_cache(maxsize=256)  # noqa: B019 - the keys of a register, verified entry after entry
    def _public(self, point: bytes) -> Any:
        return self._ec.EllipticCurvePublicKey.from_encoded_point(self._ec.SM2(), b"\x04" + point)

    def public_point(self, scalar: int) -> bytes:
        """x ‖ y of ``scalar`` · G."""
        numbers = self._ec.derive_private_key(scalar, self._ec.SM2()).public_key().public_numbers()
        return int(numbers.x).to_bytes(32, "big") + int(numbers.y).to_bytes(32, "big")

    def signing_key(self, scalar: int, point: bytes) -> Callable[[bytes], tuple[int, int]]:
        """Signing by Tongsuo (its own random K from its DRBG)."""
        key, algorithm = self._ec.derive_private_key(scalar, self._ec.SM2()), self._algorithm

        def sign(message: bytes) -> tuple[int, int]:
            return signature_numbers(bytes(key.sign(message, algorithm)))

        return sign

    def verify(self, point: bytes, message: bytes, r: int, s: int) -> bool:
        """Tongsuo's verification of the DER form of (r, s)."""
        if not on_curve(point):
            return False
        try:
            self._public(point).verify(der_signature(r, s), message, self._algorithm)
        except (self._invalid, ValueError):
            return False
        return True


def _tongsuo() -> SM2Backend | None:
    try:
        return TongsuoBackend()
    except ImportError:
        return None


_FACTORIES: dict[str, Callable[[], SM2Backend | None]] = {"tongsuopy": _tongsuo, "pure": PureBackend}


def available_backends() -> dict[str, SM2Backend]:
    """The backends importable here, by name (``"pure"`` always)."""
    found = {name: make() for name, make in _FACTORIES.items()}
    return {name: backend for name, backend in found.items() if backend is not None}


def _first(preferred: str | None) -> SM2Backend:
    backends = available_backends()
    if preferred is not None:
        if preferred not in backends:
            raise InvalidInputError(tr("the SM2 backend {name!r} is not available here", name=preferred),
                                    where=tr("the SM2 backend"),
                                    fix=tr("use one of {choices} (tongsuopy: pip install 'random-inspection[fast]')",
                                           choices=", ".join(backends)))
        return backends[preferred]
    return next(iter(backends.values()))


_current: SM2Backend = _first("pure" if os.environ.get("RANDOM_INSPECTION_SM2", "").lower() == "pure" else None)


def sm2_backend() -> SM2Backend:
    """The backend in use: ``tongsuopy`` when importable, else ``pure`` (see the module's text)."""
    return _current


def use_sm2_backend(name: str | None) -> SM2Backend:
    """Use the backend ``name`` (``"pure"``, ``"tongsuopy"``; None: the fastest importable) from now on, and
    return it.

    Raises:
        InvalidInputError: a backend not importable here.
    """
    global _current
    _current = _first(name)
    return _current
