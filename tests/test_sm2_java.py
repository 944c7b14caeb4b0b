"""SM2 against Java with BouncyCastle (``SM3withSM2``, GM/T 0009 with the user id 1234567812345678), as a Java
system checks an entry (docs/security.md, *Checking an entry with OpenSSL or Java*), through the example
``examples/java/Sm2Check.java``:

(a) Java verifies the ledger entries the library signed, from the public key's PEM and the DER signature, and
    refuses a changed entry hash;
(b) the library verifies what Java signed with a PKCS#8 key the library made.

Each runs on every SM2 backend installed. Needs a JDK and Debian's BouncyCastle (``libbcprov-java``: the jar in
``/usr/share/java/bcprov.jar``, or ``RANDOM_INSPECTION_BCPROV``); skips without them unless
``RANDOM_INSPECTION_REQUIRE_JAVA=1`` (CI), when it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from random_inspection.store import SM2, verify_signature
from random_inspection.store.signing import new_private_key_pem, public_key_pem, signer_from_pem
from random_inspection.store.sm2backend import available_backends, sm2_backend, use_sm2_backend
from tests.store_support import sm2_signed_entries

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "java" / "Sm2Check.java"


@pytest.fixture(scope="module")
def java(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command that runs the compiled example: ``java -cp BCPROV:CLASSES Sm2Check``."""
    javac, runner = shutil.which("javac"), shutil.which("java")
    bcprov = Path(os.environ.get("RANDOM_INSPECTION_BCPROV", "/usr/share/java/bcprov.jar"))
    if javac is None or runner is None or not bcprov.exists():
        if os.environ.get("RANDOM_INSPECTION_REQUIRE_JAVA") == "1":
            pytest.fail("a JDK and BouncyCastle are required (RANDOM_INSPECTION_REQUIRE_JAVA=1): "
                        "apt-get install openjdk-17-jdk-headless libbcprov-java")
        pytest.skip("no JDK, or no BouncyCastle jar (apt-get install libbcprov-java)")
    classes = tmp_path_factory.mktemp("sm2-java")
    built = subprocess.run([javac, "-cp", str(bcprov), "-d", str(classes), str(EXAMPLE)], capture_output=True,
                           text=True, check=False, timeout=120)
    assert built.returncode == 0, built.stderr
    return [runner, "-cp", f"{bcprov}{os.pathsep}{classes}", "Sm2Check"]


@pytest.fixture(params=sorted(available_backends()))
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    before = sm2_backend().name
    use_sm2_backend(request.param)
    try:
        yield request.param
    finally:
        use_sm2_backend(before)


def _java(java: list[str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*java, *map(str, args)], capture_output=True, text=True, check=False, timeout=120)


def _java_verifies(java: list[str], folder: Path, public_pem: str, message: bytes, der: bytes) -> bool:
    (folder / "pub.pem").write_text(public_pem, encoding="ascii")
    (folder / "message").write_bytes(message)
    (folder / "signature.der").write_bytes(der)
    done = _java(java, "verify", folder / "pub.pem", folder / "message", folder / "signature.der")
    assert done.returncode in (0, 1), done.stderr  # 2 or an exception: the example itself failed
    return done.returncode == 0 and done.stdout.strip() == "verified"


def test_java_verifies_the_ledger_entries_the_library_signed(java: list[str], backend: str, tmp_path: Path) -> None:
    entries, keys = sm2_signed_entries(tmp_path)  # keys: what `ledger keys` lists
    published = entries[-1]  # signed by the enrolled office, not the administrator
    assert published.actor is not None
    public = public_key_pem(SM2, keys[published.actor["id"]])
    signed = published.entry_hash.encode("utf-8")  # the entry hash's text is what is signed
    der = bytes.fromhex(published.signature or "")
    assert _java_verifies(java, tmp_path, public, signed, der)
    assert not _java_verifies(java, tmp_path, public, signed[:-1] + (b"1" if signed.endswith(b"0") else b"0"), der)
    other = next(key for actor, key in keys.items() if actor != published.actor["id"])
    assert not _java_verifies(java, tmp_path, public_key_pem(SM2, other), signed, der)  # another actor's key


def test_the_library_verifies_what_java_signed_with_the_librarys_key(java: list[str], backend: str,
                                                                    tmp_path: Path) -> None:
    key = tmp_path / "key.pem"
    key.write_text(new_private_key_pem(SM2), encoding="ascii")  # PKCS#8, as keygen writes it
    ours = signer_from_pem(key.read_text(encoding="ascii"))
    message = tmp_path / "message"
    message.write_bytes(b"9c2e" * 16)  # an entry hash's text
    done = _java(java, "sign", key, message, tmp_path / "signature.der")
    assert done.returncode == 0, done.stderr
    der = (tmp_path / "signature.der").read_bytes()
    assert verify_signature(SM2, ours.public_key, message.read_bytes(), der)
    assert verify_signature(SM2, public_key_pem(SM2, ours.public_key), message.read_bytes(), der)
    assert not verify_signature(SM2, ours.public_key, message.read_bytes() + b"!", der)
