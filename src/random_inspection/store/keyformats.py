"""The standard encodings of SM2 keys and signatures, as BouncyCastle, OpenSSL and GM/T 0009 write them.

- a signature: DER, ``SEQUENCE { INTEGER r, INTEGER s }`` (GM/T 0009-2012, 7.3 SM2 签名数据格式);
- a public key: DER ``SubjectPublicKeyInfo`` with the algorithm id-ecPublicKey (1.2.840.10045.2.1) and the SM2
  curve (1.2.156.10197.1.301), holding the uncompressed point ``04 ‖ x ‖ y``; in PEM, ``PUBLIC KEY``;
- a private key: PKCS#8 ``PrivateKeyInfo`` (the same algorithm and curve) holding an ``ECPrivateKey`` (RFC 5915)
  with the scalar and the public point, exactly as ``openssl genpkey -algorithm SM2`` writes it; in PEM,
  ``PRIVATE KEY``.

The reader is strict DER: definite minimal lengths, minimal non-negative integers, the expected object
identifiers, no trailing bytes. Anything else is refused with an :class:`~random_inspection.errors.InvalidInputError`
saying what is wrong and how to get the standard form.
"""

from __future__ import annotations

import base64
import binascii

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr

__all__ = ["EC_PUBLIC_KEY_OID", "SM2_CURVE_OID", "SM2_USER_ID", "der_signature", "pem", "pkcs8_private_key",
           "private_key_scalar", "public_key_point", "signature_numbers", "spki_public_key", "unpem"]

SM2_CURVE_OID = "1.2.156.10197.1.301"
"""The SM2 recommended curve (GM/T 0006 sm2p256v1)."""
EC_PUBLIC_KEY_OID = "1.2.840.10045.2.1"
"""id-ecPublicKey (RFC 5480), the algorithm of an SM2 key in SubjectPublicKeyInfo and PKCS#8."""
SM2_USER_ID = b"1234567812345678"
"""The default user id of ZA (GM/T 0009-2012, 10 用户身份标识的默认值)."""

_SEQUENCE, _INTEGER, _BIT_STRING, _OCTET_STRING, _OID = 0x30, 0x02, 0x03, 0x04, 0x06
_CONTEXT_1 = 0xA1
_FIX_SIGNATURE = tr("give the signature as DER (SEQUENCE of two INTEGERs r and s) or as the raw 64 bytes r ‖ s")
_FIX_KEY = tr("give the key as PEM or DER written by `openssl genpkey -algorithm SM2` (or `random-inspection keygen`)")


def _refuse(what: str, where: str, fix: str) -> InvalidInputError:
    return InvalidInputError(what, where=where, fix=fix)


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _length(len(body)) + body


def _integer(value: int) -> bytes:
    return _tlv(_INTEGER, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray()
    for arc in [40 * parts[0] + parts[1], *parts[2:]]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body += bytes(reversed(chunk))
    return _tlv(_OID, bytes(body))


_ALGORITHM = _tlv(_SEQUENCE, _oid(EC_PUBLIC_KEY_OID) + _oid(SM2_CURVE_OID))


class _Reader:
    """Strict DER reading of one buffer; every failure is an InvalidInputError naming ``where``."""

    def __init__(self, data: bytes, where: str, fix: str) -> None:
        self.data, self.pos, self.where, self.fix = data, 0, where, fix

    def fail(self, what: str) -> InvalidInputError:
        return _refuse(what, self.where, self.fix)

    def read(self, tag: int, name: str) -> bytes:
        data, pos = self.data, self.pos
        if pos + 2 > len(data):
            raise self.fail(tr("it ends before its {name} (truncated)", name=name))
        if data[pos] != tag:
            raise self.fail(tr("its {name} is not there (tag 0x{found:02x}, expected 0x{tag:02x})", name=name,
                                  found=data[pos], tag=tag))
        first, pos = data[pos + 1], pos + 2
        if first < 0x80:
            size = first
        else:
            count = first & 0x7F
            if count == 0 or count > 4 or pos + count > len(data):
                raise self.fail(tr("the length of its {name} is not a definite DER length", name=name))
            size = int.from_bytes(data[pos:pos + count], "big")
            pos += count
            if size < 0x80 or data[pos - count] == 0:
                raise self.fail(tr("the length of its {name} is not minimal (not DER)", name=name))
        if pos + size > len(data):
            raise self.fail(tr("it ends inside its {name} (truncated)", name=name))
        self.pos = pos + size
        return data[pos:pos + size]

    def integer(self, name: str) -> int:
        body = self.read(_INTEGER, name)
        if not body:
            raise self.fail(tr("its {name} is an empty INTEGER", name=name))
        if body[0] & 0x80:
            raise self.fail(tr("its {name} is negative", name=name))
        if len(body) > 1 and body[0] == 0 and not body[1] & 0x80:
            raise self.fail(tr("its {name} has a superfluous leading zero byte (not DER)", name=name))
        return int.from_bytes(body, "big")

    def end(self, name: str) -> None:
        if self.pos != len(self.data):
            raise self.fail(tr("{count} bytes follow its {name} (trailing data)", count=len(self.data) - self.pos,
                                  name=name))


def der_signature(r: int, s: int) -> bytes:
    """The DER signature ``SEQUENCE { INTEGER r, INTEGER s }`` (GM/T 0009)."""
    return _tlv(_SEQUENCE, _integer(r) + _integer(s))


def signature_numbers(der: bytes) -> tuple[int, int]:
    """``(r, s)`` of a DER signature.

    Raises:
        InvalidInputError: not exactly one DER SEQUENCE of two non-negative minimal INTEGERs.
    """
    outer = _Reader(bytes(der), "SM2 signature", _FIX_SIGNATURE)
    inner = _Reader(outer.read(_SEQUENCE, "SEQUENCE"), "SM2 signature", _FIX_SIGNATURE)
    outer.end("SEQUENCE")
    r, s = inner.integer("r"), inner.integer("s")
    inner.end("s")
    return r, s


def spki_public_key(point: bytes) -> bytes:
    """The DER SubjectPublicKeyInfo of an SM2 public key given as the 64 bytes x ‖ y."""
    if len(point) != 64:
        raise _refuse(tr("an SM2 public point is 64 bytes x ‖ y"), "SM2 public key", _FIX_KEY)
    return _tlv(_SEQUENCE, _ALGORITHM + _tlv(_BIT_STRING, b"\x00\x04" + point))


def _algorithm(reader: _Reader) -> None:
    found = reader.read(_SEQUENCE, "AlgorithmIdentifier")
    if _tlv(_SEQUENCE, found) != _ALGORITHM:
        raise reader.fail(tr("its algorithm is not id-ecPublicKey on the SM2 curve ({algorithm}, {curve}): another "
                             "algorithm or curve", algorithm=EC_PUBLIC_KEY_OID, curve=SM2_CURVE_OID))


def _point(body: bytes, reader: _Reader) -> bytes:
    if len(body) != 66 or body[:2] != b"\x00\x04":
        raise reader.fail(tr("its public key is not an uncompressed point 04 ‖ x ‖ y of 32-byte coordinates"))
    return body[2:]


def public_key_point(der: bytes) -> bytes:
    """The 64 bytes x ‖ y of an SM2 SubjectPublicKeyInfo (DER). Whether the point is on the curve is the
    signature code's check, not this one's.

    Raises:
        InvalidInputError: not an SM2 SubjectPublicKeyInfo in strict DER.
    """
    outer = _Reader(bytes(der), "SM2 public key", _FIX_KEY)
    info = _Reader(outer.read(_SEQUENCE, "SubjectPublicKeyInfo"), "SM2 public key", _FIX_KEY)
    outer.end("SubjectPublicKeyInfo")
    _algorithm(info)
    point = _point(info.read(_BIT_STRING, "subjectPublicKey"), info)
    info.end("subjectPublicKey")
    return point


def pkcs8_private_key(scalar: int, point: bytes) -> bytes:
    """The DER PKCS#8 PrivateKeyInfo of an SM2 key (its scalar and its public point x ‖ y), as OpenSSL writes it."""
    ec_key = _tlv(_SEQUENCE, _integer(1) + _tlv(_OCTET_STRING, scalar.to_bytes(32, "big"))
                  + _tlv(_CONTEXT_1, _tlv(_BIT_STRING, b"\x00\x04" + point)))
    return _tlv(_SEQUENCE, _integer(0) + _ALGORITHM + _tlv(_OCTET_STRING, ec_key))


def private_key_scalar(der: bytes) -> tuple[int, bytes | None]:
    """The scalar of an SM2 PKCS#8 PrivateKeyInfo (DER) and the public point x ‖ y it carries (None if it carries
    none); the caller checks that point against the scalar's.

    Raises:
        InvalidInputError: not an SM2 PKCS#8 private key in strict DER.
    """
    where = tr("the SM2 private key")
    outer = _Reader(bytes(der), where, _FIX_KEY)
    info = _Reader(outer.read(_SEQUENCE, "PrivateKeyInfo"), where, _FIX_KEY)
    outer.end("PrivateKeyInfo")
    if info.integer("version") != 0:
        raise info.fail(tr("its PKCS#8 version is not 0"))
    _algorithm(info)
    octets = info.read(_OCTET_STRING, "privateKey")
    info.end("privateKey")  # no attributes are expected
    ec_wrapper = _Reader(octets, where, _FIX_KEY)
    ec_key = _Reader(ec_wrapper.read(_SEQUENCE, "ECPrivateKey"), where, _FIX_KEY)
    ec_wrapper.end("ECPrivateKey")
    if ec_key.integer("ECPrivateKey version") != 1:
        raise ec_key.fail(tr("its ECPrivateKey version is not 1"))
    scalar = ec_key.read(_OCTET_STRING, "private scalar")
    if len(scalar) != 32:
        raise ec_key.fail(tr("its private scalar is not 32 bytes"))
    point = None
    if ec_key.pos < len(ec_key.data):
        wrapper = _Reader(ec_key.read(_CONTEXT_1, "public key [1]"), where, _FIX_KEY)
        point = _point(wrapper.read(_BIT_STRING, "public key"), ec_key)
        wrapper.end("public key")
    ec_key.end("public key")
    return int.from_bytes(scalar, "big"), point


def pem(label: str, der: bytes) -> str:
    """PEM text (RFC 7468): ``-----BEGIN label-----``, the base64 in lines of 64, ``-----END label-----``."""
    body = base64.b64encode(der).decode("ascii")
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"]) + "\n"


def unpem(text: str, label: str) -> bytes:
    """The DER bytes of a PEM text with ``label`` (one block; blank lines and spaces around it allowed).

    Raises:
        InvalidInputError: no such block, another label, more than one block, or base64 that does not decode.
    """
    where = tr("PEM {label}", label=label)
    fix = tr("give the text from -----BEGIN {label}----- to -----END {label}----- as written", label=label)
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    if len(lines) < 3 or not lines[0].startswith("-----BEGIN ") or not lines[-1].startswith("-----END "):
        raise _refuse(tr("not a PEM block (-----BEGIN …----- to -----END …-----)"), where, fix)
    if lines[0] != f"-----BEGIN {label}-----" or lines[-1] != f"-----END {label}-----":
        raise _refuse(tr("a PEM block of another kind ({kind}), not {label}", kind=lines[0].strip("-")[6:],
                         label=label), where, fix)
    if any(line.startswith("-----") for line in lines[1:-1]):
        raise _refuse(tr("more than one PEM block, or headers"), where, fix)
    try:
        return base64.b64decode("".join(lines[1:-1]).encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise _refuse(tr("its base64 does not decode"), where, fix) from None
