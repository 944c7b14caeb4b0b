"""Signatures: SM2 (GB/T 32918, SM3 with ZA) against the published example of GM/T 0003.5-2012 附录A, and
both SM2 and Ed25519 in round trips; a changed message, an altered signature, a wrong key or a wrong algorithm
never verify; a signer never shows its private key."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.store import ED25519, SM2, Ed25519Signer, KeyRing, PublicKey, SM2Signer, verify_signature
from random_inspection.store.keyformats import public_key_point, signature_numbers
from random_inspection.store.sm2backend import PureBackend

# GM/T 0003.5-2012 《SM2椭圆曲线公钥密码算法 第5部分：参数定义》附录A, the signature example on the recommended
# curve with the user id 1234567812345678 and the message "message digest".
EXAMPLE_D = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8"
EXAMPLE_X = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
EXAMPLE_Y = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
EXAMPLE_K = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21"
EXAMPLE_R = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
EXAMPLE_S = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"
SM2_N = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16)


def test_sm2_matches_the_published_example() -> None:
    signer = SM2Signer(EXAMPLE_D)
    point = bytes.fromhex(EXAMPLE_X + EXAMPLE_Y)
    assert public_key_point(bytes.fromhex(signer.public_key)) == point
    r, s = PureBackend().sign_with_k(int(EXAMPLE_D, 16), point, b"message digest", int(EXAMPLE_K, 16))
    assert (r, s) == (int(EXAMPLE_R, 16), int(EXAMPLE_S, 16))
    signature = bytes.fromhex(EXAMPLE_R + EXAMPLE_S)  # the raw form r ‖ s, as the example prints it
    assert verify_signature(SM2, signer.public_key, b"message digest", signature)
    assert verify_signature(SM2, point.hex(), b"message digest", signature)  # the raw form of the key too
    assert not verify_signature(SM2, signer.public_key, b"message digest.", signature)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, SM2_N - 2), st.binary(min_size=0, max_size=80))
def test_sm2_round_trips_for_any_key_and_message(secret: int, message: bytes) -> None:
    # any key: a public key that begins with 0 or 4 too (gmssl's constructor would mangle it; the signer does not)
    signer = SM2Signer(f"{secret:064x}")
    signature = signer.sign(message)
    assert len(signature) != 64 and signature_numbers(signature)  # DER, never the raw form's length
    assert verify_signature(SM2, signer.public_key, message, signature)
    assert not verify_signature(SM2, signer.public_key, message + b"x", signature)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(["sm2", "ed25519"]), st.binary(min_size=1, max_size=64), st.integers(0, 63), st.data())
def test_tampering_wrong_keys_and_algorithms_never_verify(kind: str, message: bytes, at: int,
                                                          data: st.DataObject) -> None:
    make = SM2Signer.generate if kind == "sm2" else Ed25519Signer.generate
    signer, other = make(), make()
    signature = signer.sign(message)
    assert verify_signature(signer.algorithm, signer.public_key, message, signature)
    flipped = bytearray(signature)
    flipped[at] ^= data.draw(st.integers(1, 255))
    assert not verify_signature(signer.algorithm, signer.public_key, message, bytes(flipped))  # altered
    assert not verify_signature(signer.algorithm, other.public_key, message, signature)  # wrong key
    wrong = ED25519 if signer.algorithm == SM2 else SM2
    assert not verify_signature(wrong, signer.public_key, message, signature)  # wrong algorithm
    assert not verify_signature(signer.algorithm, "zz", message, signature)  # a malformed key is False, not an error
    assert not verify_signature("rsa", signer.public_key, message, signature)


def test_a_signer_never_shows_its_private_key() -> None:
    sm2 = SM2Signer(EXAMPLE_D)
    key = Ed25519PrivateKey.generate()
    ed = Ed25519Signer(key)
    private = key.private_bytes_raw().hex()
    for text in (repr(sm2), str(sm2), repr(ed), str(ed), sm2.public_key, ed.public_key):
        assert EXAMPLE_D.lower() not in text.lower() and private not in text
    assert not hasattr(sm2, "__dict__") and not hasattr(ed, "__dict__")  # no attribute dump carries it either


@pytest.mark.parametrize("bad", ["", "12", "g" * 64, "0" * 64, f"{SM2_N - 1:064x}"])
def test_bad_sm2_keys_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInputError, match="SM2 private key"):
        SM2Signer(bad)


def test_a_key_ring_holds_the_public_halves() -> None:
    sm2, ed = SM2Signer.generate(), Ed25519Signer.generate()
    ring = KeyRing.of({"a": sm2, "b": ed})
    assert ring.get("a") == PublicKey(SM2, sm2.public_key) and ring.get("b") == PublicKey(ED25519, ed.public_key)
    assert ring.get("c") is None
    with pytest.raises(ValueError, match="algorithm"):
        PublicKey("rsa", "00")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([SM2, ED25519]), st.binary(min_size=0, max_size=70), st.binary(min_size=0, max_size=70))
def test_garbage_keys_and_signatures_are_false_never_an_error(algorithm: str, key: bytes, signature: bytes) -> None:
    assert verify_signature(algorithm, key.hex(), b"entry hash", signature) is False


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=64, max_size=64), st.binary(min_size=64, max_size=64))
def test_a_well_sized_but_random_sm2_key_and_signature_are_false(key: bytes, signature: bytes) -> None:
    assert verify_signature(SM2, key.hex(), b"entry hash", signature) is False
