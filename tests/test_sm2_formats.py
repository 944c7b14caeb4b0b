"""SM2 in the standard forms (docs/security.md, *Key and signature formats*): DER signatures, SubjectPublicKeyInfo
and PKCS#8 keys round-trip for any value, and anything malformed is refused with an InvalidInputError saying what
and how to fix it, never an internal error; the backends (pure Python and Tongsuo, when installed) agree; and the
raw forms written before — r ‖ s signatures, x ‖ y keys in key registers and actor files — keep verifying."""

from __future__ import annotations

import platform
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.io.actorfile import load_actor, load_enrolment, read_public_key, write_public_key
from random_inspection.model import Actor, Role
from random_inspection.store import SM2, EntryKind, KeyRing, PublicKey, SM2Signer, Store, verify_signature
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
from random_inspection.store.signing import (
    new_private_key_pem,
    public_key_hex,
    public_key_pem,
    same_public_key,
    signer_from_pem,
)
from random_inspection.store.sm2backend import N, PureBackend, available_backends, on_curve

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# GM/T 0003.5-2012 附录A: the signature example (user id 1234567812345678, message "message digest").
EXAMPLE_D = int("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8", 16)
EXAMPLE_POINT = bytes.fromhex("09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
                              "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13")
BACKENDS = sorted(available_backends())
TONGSUO_WHEEL = (sys.platform, platform.machine()) in {("linux", "x86_64"), ("win32", "AMD64")} \
    or sys.platform == "darwin"
"""Whether Tongsuo publishes a wheel for this machine (the dev extra's marker on tongsuopy, pyproject.toml)."""


def _points() -> st.SearchStrategy[tuple[int, bytes]]:
    return st.integers(1, N - 2).map(lambda d: (d, PureBackend().public_point(d)))


# -- encode → decode ------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**264), st.integers(0, 2**264))
def test_a_der_signature_round_trips_for_any_r_and_s(r: int, s: int) -> None:
    der = der_signature(r, s)
    assert signature_numbers(der) == (r, s)
    assert der[0] == 0x30 and der.count(b"\x02") >= 2


@settings(max_examples=200)
@given(st.binary(min_size=64, max_size=64))
def test_a_public_key_round_trips_for_any_point(point: bytes) -> None:
    der = spki_public_key(point)
    assert public_key_point(der) == point
    assert public_key_point(unpem(pem("PUBLIC KEY", der), "PUBLIC KEY")) == point


@settings(max_examples=200)
@given(st.integers(1, 2**256 - 1), st.binary(min_size=64, max_size=64))
def test_a_private_key_round_trips_for_any_scalar(scalar: int, point: bytes) -> None:
    assert private_key_scalar(pkcs8_private_key(scalar, point)) == (scalar, point)


@settings(max_examples=15, deadline=None)
@given(_points())
def test_a_signer_reads_its_own_pem_and_its_public_key_in_every_form(pair: tuple[int, bytes]) -> None:
    scalar, point = pair
    text = pem("PRIVATE KEY", pkcs8_private_key(scalar, point))
    signer = signer_from_pem(text)
    assert signer.public_key == spki_public_key(point).hex()
    forms = [point.hex(), "04" + point.hex(), signer.public_key, public_key_pem(SM2, point.hex())]
    assert {public_key_hex(SM2, form) for form in forms} == {signer.public_key}
    assert all(same_public_key(SM2, form, point.hex()) for form in forms)
    signature = signer.sign(b"entry hash")
    assert all(verify_signature(SM2, form, b"entry hash", signature) for form in forms)


# -- malformed input: refused, named, never an internal error ----------------------------------------------------

SIGNATURE = der_signature(2**255 + 5, 77)
PUBLIC = spki_public_key(EXAMPLE_POINT)
PRIVATE = pkcs8_private_key(EXAMPLE_D, EXAMPLE_POINT)


@pytest.mark.parametrize(("der", "said"), [
    (SIGNATURE[:-1], "truncated"),
    (SIGNATURE + b"\x00", "trailing data"),
    (bytes.fromhex("3007020200010201 01".replace(" ", "")), "superfluous leading zero"),
    (bytes.fromhex("300602018002010 1".replace(" ", "")), "negative"),
    (bytes.fromhex("30 81 06 020101020101".replace(" ", "")), "not minimal"),
    (bytes.fromhex("3006020101020101 0000".replace(" ", "")), "trailing data"),
    (bytes.fromhex("3103020101"), "tag 0x31"),
    (bytes.fromhex("300502010102 00".replace(" ", "")), "empty INTEGER"),
    (b"", "truncated"),
])
def test_a_malformed_signature_is_refused_saying_what(der: bytes, said: str) -> None:
    with pytest.raises(InvalidInputError, match=said) as info:
        signature_numbers(der)
    assert info.value.where == "SM2 signature" and "DER" in info.value.fix


def test_a_key_of_another_curve_or_algorithm_is_refused() -> None:
    p256 = PUBLIC.replace(bytes.fromhex("06082a811ccf5501822d"), bytes.fromhex("06082a8648ce3d030107"))
    with pytest.raises(InvalidInputError, match="not id-ecPublicKey on the SM2 curve"):
        public_key_point(p256)
    rsa_like = PRIVATE.replace(bytes.fromhex("06072a8648ce3d0201"), bytes.fromhex("06072a8648ce3d0202"))
    with pytest.raises(InvalidInputError, match="another algorithm or curve") as info:
        private_key_scalar(rsa_like)
    assert "openssl genpkey -algorithm SM2" in info.value.fix
    with pytest.raises(InvalidInputError, match="not an uncompressed point"):
        public_key_point(PUBLIC.replace(b"\x00\x04" + EXAMPLE_POINT[:4], b"\x00\x02" + EXAMPLE_POINT[:4]))


def test_malformed_pem_is_refused() -> None:
    text = pem("PUBLIC KEY", PUBLIC)
    for bad, said in [("", "not a PEM block"), (text.replace("PUBLIC KEY", "CERTIFICATE"), "another kind"),
                      (text.replace("MFkw", "MF*w"), "does not decode"), (text + text, "more than one")]:
        with pytest.raises(InvalidInputError, match=said):
            unpem(bad, "PUBLIC KEY")


def test_a_pkcs8_key_whose_public_point_is_not_its_own_is_refused() -> None:
    other = PureBackend().public_point(EXAMPLE_D + 1)
    with pytest.raises(InvalidInputError, match="not its private key's"):
        SM2Signer(pem("PRIVATE KEY", pkcs8_private_key(EXAMPLE_D, other)))


def _only_input_errors(action: Callable[[bytes], object], data: bytes) -> None:
    """``action(data)`` returns, or refuses with an InvalidInputError saying what and how to fix; any other
    exception fails the test."""
    refusal: InvalidInputError | None = None
    try:
        action(data)
    except InvalidInputError as exc:
        refusal = exc
    assert refusal is None or (refusal.what and refusal.fix)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([SIGNATURE, PUBLIC, PRIVATE]), st.data())
def test_fuzzed_der_is_read_or_refused_never_an_internal_error(valid: bytes, data: st.DataObject) -> None:
    mutated = bytearray(valid)
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["flip", "cut", "insert", "drop"]))
        at = data.draw(st.integers(0, max(0, len(mutated) - 1)))
        if kind == "flip" and mutated:
            mutated[at] ^= data.draw(st.integers(1, 255))
        elif kind == "cut":
            del mutated[at:]
        elif kind == "insert":
            mutated[at:at] = data.draw(st.binary(min_size=1, max_size=3))
        elif mutated:
            del mutated[at]
    for reader in (signature_numbers, public_key_point, private_key_scalar):
        _only_input_errors(reader, bytes(mutated))
    for text in (bytes(mutated).hex(), pem("PUBLIC KEY", bytes(mutated)), pem("PRIVATE KEY", bytes(mutated))):
        assert verify_signature(SM2, text, b"m", bytes(mutated)) in (True, False)
        _only_input_errors(lambda t: public_key_hex(SM2, t.decode()), text.encode())
        _only_input_errors(lambda t: SM2Signer(t.decode()), text.encode())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=120))
def test_random_bytes_are_refused_never_an_internal_error(data: bytes) -> None:
    for reader in (signature_numbers, public_key_point, private_key_scalar):
        _only_input_errors(reader, data)


# -- the backends ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_backend_derives_the_published_public_key(backend: str) -> None:
    assert available_backends()[backend].public_point(EXAMPLE_D) == EXAMPLE_POINT


@settings(max_examples=10, deadline=None)
@given(st.integers(1, N - 2), st.binary(max_size=80))
def test_the_backends_agree_byte_for_byte_and_verify_each_other(scalar: int, message: bytes) -> None:
    backends = available_backends()
    points = {name: b.public_point(scalar) for name, b in backends.items()}
    assert len(set(points.values())) == 1 and on_curve(points["pure"])
    point = points["pure"]
    for signing in backends.values():
        r, s = signing.signing_key(scalar, point)(message)
        for verifying in backends.values():
            assert verifying.verify(point, message, r, s)
            assert not verifying.verify(point, message + b"!", r, s)


def test_the_fast_backend_is_installed_where_the_dev_extra_is() -> None:
    # the dev extra pulls in [fast] where Tongsuo publishes a wheel: there both paths are tested against the same
    # vectors; elsewhere the pure-Python SM2 alone
    assert (["pure", "tongsuopy"] if TONGSUO_WHEEL else ["pure"]) == BACKENDS


# -- the raw forms written before keep verifying ----------------------------------------------------------------


@pytest.fixture
def raw_store(tmp_path: Path) -> Path:
    copy = tmp_path / "raw.sqlite3"
    shutil.copyfile(DATA / "sm2-raw-store.sqlite3", copy)
    return copy


def test_a_store_written_in_the_raw_form_verifies_and_takes_standard_entries(raw_store: Path) -> None:
    admin, admin_signer = load_actor(EXAMPLES / "actors" / "xc-admin.toml")  # an old one-line key file
    office, office_signer = load_actor(EXAMPLES / "actors" / "xc-office.toml")
    _, _, raw_admin_key = load_enrolment(EXAMPLES / "actors" / "xc-admin.toml")  # an old one-line .pub
    assert len(raw_admin_key) == 128
    store = Store.open(raw_store)
    try:
        before = store.entries()
        assert before[0].kind is EntryKind.STORE_CREATED and {len(e.signature or "") for e in before} == {128}
        for admin_key in (raw_admin_key, admin_signer.public_key, public_key_pem(SM2, raw_admin_key)):
            assert store.audit(admin_key=admin_key).signatures_checked == len(before)
        entry = store.append(EntryKind.PUBLISHED, {"n": 1}, plan_id="P", actor=office, signer=office_signer)
        assert len(bytes.fromhex(entry.signature or "")) != 64  # written in DER
        signature_numbers(bytes.fromhex(entry.signature or ""))
        newcomer = SM2Signer.generate()
        store.enrol(Actor("XC-NEW", "新人", Role.DOUBLE_RANDOM_OFFICE, "yjj"), SM2,
                    public_key_pem(SM2, newcomer.public_key), actor=admin, signer=admin_signer)
        assert store.entries()[-1].payload["public_key"] == newcomer.public_key  # kept as SubjectPublicKeyInfo
        found = store.audit(admin_key=raw_admin_key)
        assert found.signatures_checked == found.entries == len(before) + 2
    finally:
        store.close()


def test_a_changed_raw_signature_still_breaks_the_chain(raw_store: Path) -> None:
    import sqlalchemy as sa

    from random_inspection.errors import LedgerBroken
    from random_inspection.store.schema import ledger

    store = Store.open(raw_store)
    try:
        with store.engine.begin() as conn:
            signature = conn.execute(sa.select(ledger.c.signature).where(ledger.c.seq == 3)).scalar_one()
            flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
            conn.execute(sa.update(ledger).where(ledger.c.seq == 3).values(signature=flipped))
        with pytest.raises(LedgerBroken, match="signature"):
            store.audit()
    finally:
        store.close()


def test_key_rings_and_public_key_files_take_both_forms(tmp_path: Path) -> None:
    signer = SM2Signer.generate()
    point = public_key_point(bytes.fromhex(signer.public_key)).hex()
    signature = signer.sign(b"h")
    for key in (point, signer.public_key, public_key_pem(SM2, point)):
        ring = KeyRing({"a": PublicKey(SM2, key)})
        found = ring.get("a")
        assert found is not None and verify_signature(found.algorithm, found.key, b"h", signature)
    actor = tmp_path / "a.toml"
    write_public_key(actor, SM2, point)
    assert actor.with_suffix(".pub").read_text(encoding="ascii").startswith("-----BEGIN PUBLIC KEY-----")
    assert read_public_key(actor.with_suffix(".pub").read_text(encoding="ascii")) == (SM2, signer.public_key)
    assert read_public_key(f"sm2-sm3 {point}\n") == (SM2, point)  # the earlier one-line form, kept as it is
    with pytest.raises(InvalidInputError, match="not a public key file"):
        read_public_key("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")


def test_a_new_key_file_is_what_openssl_writes() -> None:
    text = new_private_key_pem(SM2)
    der = unpem(text, "PRIVATE KEY")
    # SEQUENCE { 0, { id-ecPublicKey, sm2 }, OCTET STRING { ECPrivateKey { 1, d, [1] 04‖x‖y } } }: 135 bytes
    assert text.startswith("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQg")
    assert len(der) == 138 and der[:3] == b"\x30\x81\x87"
    signer = signer_from_pem(text)
    assert signer.algorithm == SM2 and verify_signature(SM2, signer.public_key, b"x", signer.sign(b"x"))


def test_the_fastest_backend_is_chosen_unless_the_pure_path_is_forced() -> None:
    import os
    import subprocess
    import sys

    from random_inspection.store.sm2backend import sm2_backend, use_sm2_backend

    code = "from random_inspection.store.sm2backend import sm2_backend; print(sm2_backend().name)"
    chosen = {}
    for forced in ("", "pure"):
        env = {**os.environ, "RANDOM_INSPECTION_SM2": forced}
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        chosen[forced] = done.stdout.strip()
    assert chosen == {"": BACKENDS[-1], "pure": "pure"}  # tongsuopy where installed
    with pytest.raises(InvalidInputError, match="not available here") as info:
        use_sm2_backend("openssl-cli")
    assert "random-inspection[fast]" in info.value.fix and sm2_backend().name in BACKENDS


def test_the_register_takes_both_forms_and_refuses_a_point_off_the_curve() -> None:
    from random_inspection.store.register import Enrolment, enrolment_of

    signer = SM2Signer.generate()
    raw = public_key_point(bytes.fromhex(signer.public_key)).hex()
    base = {"id": "A", "name": "甲", "role": Role.INSPECTOR.value, "department": "yjj", "algorithm": SM2}
    for key in (signer.public_key, raw):
        assert isinstance(enrolment_of({**base, "public_key": key}, 2), Enrolment)
    off_curve = spki_public_key(bytes(63) + b"\x01").hex()
    for bad in (off_curve, signer.public_key.upper(), signer.public_key[:-2], "04" + raw):
        assert enrolment_of({**base, "public_key": bad}, 2) == "the public key is not a sm2-sm3 public key in " \
                                                                "lower-case hex"
