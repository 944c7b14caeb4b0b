"""SM2 sign and verify per call on each backend, measured in one run: pure Python (gmssl), Tongsuo (tongsuopy,
the ``fast`` extra) and, when importable, gmssl-pyx (GmSSL's bindings, evaluated and not chosen). Figures are
reported, never asserted; the run fails if the backends disagree.

    python benchmarks/bench_sm2_backends.py           # 200 calls per backend and operation
    python benchmarks/bench_sm2_backends.py --n 10    # smoke (CI)

Before timing, every backend derives the same public key as the others, byte for byte, and verifies every
other backend's signatures (signing is randomised, so signatures are compared by cross-verification).
"""

from __future__ import annotations

import argparse
import secrets
import time
from collections.abc import Callable

from random_inspection.store.keyformats import der_signature, signature_numbers
from random_inspection.store.sm2backend import N, available_backends

Ops = tuple[Callable[[int], bytes], Callable[[int, bytes], Callable[[bytes], tuple[int, int]]],
            Callable[[bytes, bytes, int, int], bool]]
"""A backend's public-key derivation, its signing key (made once, then signing each message) and its verify."""


def _gmssl_pyx() -> Ops | None:
    try:
        import gmssl_pyx  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None

    def point(scalar: int) -> bytes:  # gmssl-pyx has no derivation from a given scalar: Tongsuo's or pure's
        return available_backends()["pure"].public_point(scalar)

    def signing_key(scalar: int, public: bytes) -> Callable[[bytes], tuple[int, int]]:
        private = scalar.to_bytes(32, "big")
        return lambda message: signature_numbers(gmssl_pyx.sm2_sign(private, public, message))

    def verify(public: bytes, message: bytes, r: int, s: int) -> bool:
        return bool(gmssl_pyx.sm2_verify(public, message, der_signature(r, s)))

    return point, signing_key, verify


def _per_call(action: Callable[[], object], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        action()
    return (time.perf_counter() - start) / n * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    scalar = secrets.randbelow(N - 2) + 1
    message = secrets.token_hex(32).encode()  # an entry hash's text, as the store signs it
    ops: dict[str, Ops] = {name: (b.public_point, b.signing_key, b.verify) for name, b in available_backends().items()}
    pyx = _gmssl_pyx()
    if pyx is not None:
        ops["gmssl-pyx"] = pyx
    points = {name: point(scalar) for name, (point, _, _) in ops.items()}
    if len(set(points.values())) != 1:
        print("the backends derive different public keys:", points)
        return 1
    public = points["pure"]
    signers = {name: signing_key(scalar, public) for name, (_, signing_key, _) in ops.items()}
    signatures = {name: sign(message) for name, sign in signers.items()}
    for signer, (r, s) in signatures.items():
        for verifier, (_, _, verify) in ops.items():
            if not verify(public, message, r, s):
                print(f"{verifier} does not verify {signer}'s signature")
                return 1
    print(f"{'backend':<10} {'sign ms/call':>13} {'verify ms/call':>15}")
    for name, (_, _, verify) in ops.items():
        signing = _per_call(lambda sign=signers[name]: sign(message), args.n)  # type: ignore[misc]
        r, s = signatures[name]
        verifying = _per_call(lambda v=verify, r=r, s=s: v(public, message, r, s), args.n)  # type: ignore[misc]
        print(f"{name:<10} {signing:>13.3f} {verifying:>15.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
