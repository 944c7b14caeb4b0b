"""draw-v1's subject selection inside PostgreSQL against the in-process draw, on the same subjects. Figures are
reported, never asserted.

    RANDOM_INSPECTION_PG_URL=postgresql+psycopg://user@host/db python benchmarks/bench_indb.py      # 1,000,000
    python benchmarks/bench_indb.py --subjects 20000 --strata 40 --repeat 1                       # smoke (CI)

It freezes the subjects as a snapshot (COPY; PostgreSQL writes each row's canonical JSON), then runs the
selection both ways --repeat times (interleaved, each from a cold manifest: its table of eligible subjects made
again; medians reported, and their ratio: goal at most 1.5x) and checks the two give the same strata, subjects
and reserve. The selection inside PostgreSQL includes its check that the snapshot is the manifest's subjects
row for row. The load average is printed before and after: the figures of a shared machine move with it. The
database is emptied of the store's tables first and after: point it at a scratch database.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time

from bench_draw import WINDOW, inspectors, subject_draw, subjects
from random_inspection.sampling import DrawRules, Manifest, Sample, TeamSpec
from random_inspection.store import Store
from random_inspection.store.indb import load_snapshot, select_subjects


def cold(manifest: Manifest) -> None:
    """Drop what the manifest keeps of an earlier draw (its seed-independent table of eligible subjects, strata
    and counts), as ``subject_draw`` does before the in-process draw: the selection inside PostgreSQL takes its
    eligible counts from that table, and makes it again here as a first draw would. The ids encoded in UTF-8
    stay: the manifest hash made them."""
    memo = manifest.subjects._memo
    for key in list(memo):
        if key != "utf8-ids":
            del memo[key]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--strata", type=int, default=800)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", default=os.environ.get("RANDOM_INSPECTION_PG_URL"))
    args = parser.parse_args()
    if not args.url:
        print("no PostgreSQL: give --url or set RANDOM_INSPECTION_PG_URL (.ci/postgres.sh starts one)",
              file=sys.stderr)
        return 2
    entries = subjects(args.subjects, args.strata)
    rules = DrawRules(Sample(ratio=(1, 10)), TeamSpec(1), strata=("area",), reserve=2)
    manifest = Manifest("BENCH-DB", "bench", "bench", WINDOW, entries, inspectors(10), (), rules)
    manifest_hash = manifest.hash

    load_before = os.getloadavg()
    store = Store.open(args.url)
    store.drop_all()
    store = Store.open(args.url)
    try:
        t = time.perf_counter()
        load_snapshot(store, manifest_hash, manifest.subjects)
        load = time.perf_counter() - t
        inside, outside = [], []
        for _ in range(args.repeat):
            cold(manifest)
            t = time.perf_counter()
            selected = select_subjects(store, manifest_hash, manifest, "bench")
            inside.append(time.perf_counter() - t)
            seconds, result = subject_draw(manifest)
            outside.append(seconds)
        same = (selected.strata, selected.subjects, selected.reserve) == (result.strata, result.subjects,
                                                                          result.reserve)
    finally:
        store.drop_all()
        store.close()
    print(f"subjects {args.subjects:,} in {args.strata} strata, 10 % drawn, reserve 2 per stratum")
    print(f"snapshot load (COPY)            {load:8.2f} s")
    print(f"selection inside PostgreSQL     {statistics.median(inside):8.2f} s   runs {[round(x, 2) for x in inside]}")
    print(f"selection in process            {statistics.median(outside):8.2f} s   runs "
          f"{[round(x, 2) for x in outside]}")
    ratio = statistics.median(inside) / statistics.median(outside)
    print(f"ratio inside / in process        {ratio:8.2f}x  (goal <= 1.5x: {'met' if ratio <= 1.5 else 'not met'})")
    print(f"drawn {len(selected.subjects):,}; same strata, subjects and reserve both ways: {same}")
    print(f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB; load "
          f"average (1, 5, 15 min) before {', '.join(f'{x:.2f}' for x in load_before)}, after "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
