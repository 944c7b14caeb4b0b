"""The selectable hash: SHA-256 and SM3 give their standards' test vectors, the pure-Python SM3 (used where
OpenSSL has none) gives OpenSSL's bytes, and an unknown name is refused."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.sampling import SHA256, SM3, HashAlgorithm, hash_algorithm, sm3_backend
from random_inspection.sampling import hashes as hashes_module
from random_inspection.sampling.hashes import CryptographySM3, PureSM3

# GB/T 32905-2016 附录A: 示例1 ("abc") and 示例2 ("abcd" × 16, 64 bytes).
SM3_VECTORS = [
    (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
]
# FIPS 180-2, appendix B (one block, two blocks, a million "a"), and the empty message.
SHA256_VECTORS = [
    (b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    (b"a" * 1_000_000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    (b"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
]


def _openssl_has_sm3() -> bool:
    try:
        hashlib.new("sm3")
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(("data", "expected"), SM3_VECTORS, ids=["abc", "abcd x16"])
def test_sm3_gives_the_gbt_32905_vectors(data: bytes, expected: str) -> None:
    assert SM3.hexdigest(data) == expected
    assert PureSM3(data).hexdigest() == expected
    assert hash_algorithm("sm3").digest(data) == bytes.fromhex(expected)


@pytest.mark.parametrize(("data", "expected"), SHA256_VECTORS, ids=["abc", "two blocks", "a x 10^6", "empty"])
def test_sha256_gives_the_fips_180_vectors(data: bytes, expected: str) -> None:
    assert SHA256.hexdigest(data) == expected
    assert hash_algorithm("SHA256").new(data).hexdigest() == expected


def test_the_pure_sm3_is_incremental_and_copies_its_state() -> None:
    h = PureSM3(b"ab")
    before = h.copy()
    h.update(b"c")
    assert h.hexdigest() == SM3_VECTORS[0][1]
    assert before.digest() == PureSM3(b"ab").digest() != h.digest()
    h.update(b"")  # a digest taken does not end the object
    assert h.hexdigest() == SM3_VECTORS[0][1]
    assert (h.name, h.digest_size, len(h.digest())) == ("sm3", 32, 32)


@settings(max_examples=300)
@given(st.binary(max_size=300), st.lists(st.integers(0, 300), max_size=6))
def test_the_pure_sm3_equals_the_reference_on_any_input_however_it_is_fed(data: bytes, cuts: list[int]) -> None:
    """The fallback against OpenSSL's SM3 where the platform has it, else against gmssl's own one-shot
    function; fed in pieces cut anywhere, around the 55/56/64-byte padding edges included."""
    if _openssl_has_sm3():
        reference = hashlib.new("sm3", data).digest()
    else:
        from gmssl import sm3

        reference = bytes.fromhex(sm3.sm3_hash(list(data)))
    h = PureSM3()
    last = 0
    for cut in sorted(c for c in cuts if c <= len(data)):
        h.update(data[last:cut])
        last = cut
    h.update(data[last:])
    assert h.digest() == reference == PureSM3(data).digest()


@pytest.mark.skipif(not _openssl_has_sm3(), reason="this platform's OpenSSL has no SM3")
def test_openssl_sm3_is_used_where_the_platform_has_it() -> None:
    assert sm3_backend() == "openssl"
    backend, new = hashes_module._select_sm3()
    assert backend == "openssl" and new is not PureSM3
    h = new(b"ab")
    h.update(b"c")
    assert h.hexdigest() == SM3_VECTORS[0][1] == new(b"abc").hexdigest()
    first, second = new(b"ab"), new()
    first.update(b"c")
    assert second.hexdigest() == PureSM3(b"").hexdigest()  # each object its own state, not a shared prototype


def test_the_fallback_takes_over_where_openssl_lacks_sm3() -> None:
    """Force the fallback: a ``hashlib.new`` that knows no SM3, or gives wrong bytes for it."""
    def no_sm3(name: str, data: bytes = b"") -> object:
        raise ValueError(f"unsupported hash type {name}")

    def wrong_sm3(name: str, data: bytes = b"") -> object:
        return hashlib.sha256(data)

    for new in (no_sm3, wrong_sm3):
        backend, chosen = hashes_module._select_sm3(new)  # cryptography next
        assert (backend, chosen) == ("cryptography", CryptographySM3)
        backend, chosen = hashes_module._select_sm3(new, new)  # neither: pure Python
        assert (backend, chosen) == ("gmssl", PureSM3)


@pytest.mark.parametrize("backend", ["openssl", "cryptography", "gmssl"])
def test_each_sm3_backend_gives_the_published_vectors(backend: str) -> None:
    """hashlib (OpenSSL) → cryptography's hashes.SM3 → pure Python: each gives GB/T 32905's digests, in one piece,
    split across updates and from a copy."""
    if backend == "openssl" and not _openssl_has_sm3():
        pytest.skip("this platform's OpenSSL has no SM3")
    chosen = {"openssl": lambda data=b"": hashlib.new("sm3", data), "cryptography": CryptographySM3,
              "gmssl": PureSM3}[backend]
    algorithm = HashAlgorithm("sm3", chosen)
    for data, expected in SM3_VECTORS:
        assert algorithm.hexdigest(data) == expected
        h = chosen(data[:3])
        before = h.copy()
        h.update(data[3:])
        assert h.hexdigest() == expected and before.digest() == chosen(data[:3]).digest()
    assert algorithm == SM3  # the same algorithm, whichever implementation


@pytest.mark.parametrize("name", ["md5", "sha-256", "sm4", "", "draw-v1"])
def test_an_unknown_hash_is_refused(name: str) -> None:
    with pytest.raises(InvalidInputError, match="unknown hash algorithm") as info:
        hash_algorithm(name)
    assert "sha256, sm3" in info.value.fix


def test_only_the_known_algorithms_can_be_made() -> None:
    with pytest.raises(InvalidInputError, match="unknown hash algorithm 'md5'"):
        HashAlgorithm("md5", hashlib.md5)


def test_a_hash_algorithm_passes_through_and_names_itself() -> None:
    assert hash_algorithm(SM3) is SM3
    assert str(SM3) == "sm3" and repr(SHA256) == "HashAlgorithm(name='sha256')"
    assert SHA256 != SM3
