"""Signed appends and signature verification, SM2 (pure-Python gmssl) against Ed25519 (cryptography), on an
embedded SQLite store. Figures are reported, never asserted.

    python benchmarks/bench_signing.py                 # 2,000 entries per algorithm
    python benchmarks/bench_signing.py --entries 100   # smoke (CI)

For each algorithm it appends --entries signed entries, then verifies the ledger without keys (the chain and
the actors) and with them (every signature), and checks both verify every entry.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from random_inspection.model import Actor, Role
from random_inspection.store import Ed25519Signer, EntryKind, KeyRing, SM2Signer, Store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    args = parser.parse_args()
    office = Actor("BENCH-OFFICE", "双随机办", Role.DOUBLE_RANDOM_OFFICE, "yjj")
    print(f"{'algorithm':<10} {'append ms/entry':>16} {'verify chain s':>15} {'verify signatures s':>20}")
    for signer in (SM2Signer.generate(), Ed25519Signer.generate()):
        with tempfile.TemporaryDirectory() as folder:
            store = Store.open(Path(folder) / "bench.sqlite3")
            start = time.perf_counter()
            for i in range(args.entries):
                store.append(EntryKind.PUBLISHED, {"i": i}, actor=office, signer=signer)
            appended = time.perf_counter()
            assert store.verify() == args.entries
            chained = time.perf_counter()
            assert store.verify(keys=KeyRing.of({office.id: signer})) == args.entries
            signed = time.perf_counter()
            store.close()
        print(f"{signer.algorithm:<10} {(appended - start) / args.entries * 1000:>16.2f} "
              f"{chained - appended:>15.2f} {signed - chained:>20.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
