"""SM2 against the OpenSSL command line (3.x, GM/T 0009 with the user id 1234567812345678), as a citizen or a
Java system checks an entry (docs/security.md, *Checking an entry with OpenSSL or Java*):

(a) OpenSSL verifies a ledger entry's signature made by the library, from the public key's PEM and the DER
    signature (an entry of the raw form written before, converted, too);
(b) the library verifies a signature OpenSSL made, with a key OpenSSL generated (its PEM read by the library);
(c) the library reads OpenSSL's PKCS#8 private key and signs with it, and OpenSSL reads the library's.

Each runs on every SM2 backend installed. Skips when ``openssl`` is absent or lacks SM2, unless
``RANDOM_INSPECTION_REQUIRE_OPENSSL=1`` (CI), when it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from random_inspection.store import SM2, Store, verify_signature
from random_inspection.store.keyformats import SM2_USER_ID, der_signature, unpem
from random_inspection.store.signing import new_private_key_pem, public_key_pem, signer_from_pem
from random_inspection.store.sm2backend import available_backends, sm2_backend, use_sm2_backend
from tests.store_support import sm2_signed_entries

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DISTID = f"distid:{SM2_USER_ID.decode()}"


def _openssl_with_sm2() -> str | None:
    found = shutil.which("openssl")
    if found is None:
        return None
    made = subprocess.run([found, "genpkey", "-algorithm", "SM2"], capture_output=True, check=False)
    return found if made.returncode == 0 and b"BEGIN PRIVATE KEY" in made.stdout else None


@pytest.fixture(scope="module")
def openssl() -> str:
    found = _openssl_with_sm2()
    if found is None:
        if os.environ.get("RANDOM_INSPECTION_REQUIRE_OPENSSL") == "1":
            pytest.fail("openssl with SM2 is required (RANDOM_INSPECTION_REQUIRE_OPENSSL=1): install OpenSSL 3")
        pytest.skip("openssl is not installed or has no SM2")
    return found


@pytest.fixture(params=sorted(available_backends()))
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    before = sm2_backend().name
    use_sm2_backend(request.param)
    try:
        yield request.param
    finally:
        use_sm2_backend(before)


def _run(openssl: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([openssl, *map(str, args)], capture_output=True, text=True, check=False)


def _openssl_verifies(openssl: str, folder: Path, public_pem: str, message: bytes, der: bytes) -> bool:
    (folder / "pub.pem").write_text(public_pem, encoding="ascii")
    (folder / "message").write_bytes(message)
    (folder / "signature.der").write_bytes(der)
    done = _run(openssl, "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", DISTID, "-pubin",
                "-inkey", folder / "pub.pem", "-in", folder / "message", "-sigfile", folder / "signature.der")
    return done.returncode == 0 and "Signature Verified Successfully" in done.stdout


def test_openssl_verifies_a_ledger_entry_the_library_signed(openssl: str, backend: str, tmp_path: Path) -> None:
    entries, keys = sm2_signed_entries(tmp_path)  # keys: what `ledger keys` lists
    assert len(entries) == 3
    for entry in entries:
        public = public_key_pem(SM2, keys[entry.actor["id"]])  # the key as PEM
        signed = entry.entry_hash.encode("utf-8")  # the entry hash's text is what is signed
        der = bytes.fromhex(entry.signature or "")
        assert _openssl_verifies(openssl, tmp_path, public, signed, der)
        changed = signed[:-1] + (b"1" if signed.endswith(b"0") else b"0")  # another hash, whatever its last digit
        assert changed != signed
        assert not _openssl_verifies(openssl, tmp_path, public, changed, der)


def test_openssl_verifies_an_entry_of_the_raw_form_once_converted(openssl: str, tmp_path: Path) -> None:
    copy = tmp_path / "raw.sqlite3"
    shutil.copyfile(DATA / "sm2-raw-store.sqlite3", copy)
    store = Store.open(copy, readonly=True)
    try:
        first = store.entries()[0]
    finally:
        store.close()
    raw = bytes.fromhex(first.signature or "")
    assert len(raw) == 64  # r ‖ s, as written then
    der = der_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    key = first.payload["administrator"]["public_key"]  # x ‖ y, as written then
    assert _openssl_verifies(openssl, tmp_path, public_key_pem(SM2, key), first.entry_hash.encode(), der)


def test_the_library_verifies_what_openssl_signed_with_its_own_key(openssl: str, backend: str,
                                                                    tmp_path: Path) -> None:
    key, pub, message = tmp_path / "key.pem", tmp_path / "pub.pem", tmp_path / "message"
    assert _run(openssl, "genpkey", "-algorithm", "SM2", "-out", key).returncode == 0
    assert _run(openssl, "pkey", "-in", key, "-pubout", "-out", pub).returncode == 0
    message.write_bytes(b"3f7c0e" * 10)
    signed = _run(openssl, "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-pkeyopt", DISTID, "-inkey", key,
                  "-in", message, "-out", tmp_path / "signature.der")
    assert signed.returncode == 0, signed.stderr
    der = (tmp_path / "signature.der").read_bytes()
    public = pub.read_text(encoding="ascii")
    assert verify_signature(SM2, public, message.read_bytes(), der)
    assert verify_signature(SM2, unpem(public, "PUBLIC KEY").hex(), message.read_bytes(), der)
    assert not verify_signature(SM2, public, message.read_bytes() + b"!", der)


def test_the_library_signs_with_openssls_key_and_openssl_reads_the_librarys(openssl: str, backend: str,
                                                                            tmp_path: Path) -> None:
    key, pub = tmp_path / "key.pem", tmp_path / "pub.pem"
    assert _run(openssl, "genpkey", "-algorithm", "SM2", "-out", key).returncode == 0
    assert _run(openssl, "pkey", "-in", key, "-pubout", "-out", pub).returncode == 0
    signer = signer_from_pem(key.read_text(encoding="ascii"))
    assert signer.public_key == unpem(pub.read_text(encoding="ascii"), "PUBLIC KEY").hex()  # byte for byte
    signature = signer.sign(b"entry hash")
    assert _openssl_verifies(openssl, tmp_path, pub.read_text(encoding="ascii"), b"entry hash", signature)
    ours = tmp_path / "ours.pem"
    ours.write_text(new_private_key_pem(SM2), encoding="ascii")
    derived = _run(openssl, "pkey", "-in", ours, "-pubout")
    assert derived.returncode == 0, derived.stderr
    mine = signer_from_pem(ours.read_text(encoding="ascii"))
    assert derived.stdout == public_key_pem(SM2, mine.public_key)  # OpenSSL derives the same public key PEM
