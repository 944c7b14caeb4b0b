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

--parts also times the pieces, each alone, --repeat times (medians): the snapshot check alone (the rows' joined
canonical JSON hashed, in one process), the selection without its check, and PostgreSQL's ``sha256()`` of one
ticket (a scan that hashes every row, less the same scan without the hash, no parallel workers); and the CPU
seconds of the whole selection inside (this process and every PostgreSQL process, parallel workers included,
read from /proc: a server on this machine only) against the in-process draw's. The least wall-clock time two
cores can give that CPU time is half of it: the floor of this design on this machine.

    python benchmarks/bench_indb.py --repeat 5 --parts
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import resource
import statistics
import sys
import time

import sqlalchemy as sa

from bench_draw import WINDOW, inspectors, subject_draw, subjects
from random_inspection.sampling import DrawRules, Manifest, Sample, TeamSpec
from random_inspection.store import Store, indb
from random_inspection.store.indb import load_snapshot, manifest_frame, select_subjects
from random_inspection.store.schema import snapshot


def cold(manifest: Manifest) -> None:
    """Drop what the manifest keeps of an earlier draw (its seed-independent table of eligible subjects, strata
    and counts), as ``subject_draw`` does before the in-process draw: the selection inside PostgreSQL takes its
    eligible counts from that table, and makes it again here as a first draw would. The ids encoded in UTF-8
    stay: the manifest hash made them."""
    memo = manifest.subjects._memo
    for key in list(memo):
        if key != "utf8-ids":
            del memo[key]


def server_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL processes of this machine (with those of the parallel workers
    and backends that have ended, which the postmaster reaped), or None where /proc shows none."""
    ticks, found = 0, False
    for folder in glob.glob("/proc/[0-9]*"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            with open(f"{folder}/stat") as file:
                stat = file.read()
            if "(postgres)" not in stat:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            ticks += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
            found = True
    return ticks / os.sysconf("SC_CLK_TCK") if found else None


def parts(store: Store, manifest: Manifest, repeat: int) -> list[str]:
    """The pieces of the selection inside, each alone, and its CPU time against the in-process draw's: the
    lines to print."""
    name, ids = manifest.hash, manifest.subjects.ids
    head, tail = manifest_frame(manifest)
    check: list[float] = []
    bare: list[float] = []
    hashed: list[float] = []
    selection: list[float] = []
    cpu_inside: list[float] = []
    cpu_outside: list[float] = []
    real_check = indb._check_rows
    for _ in range(repeat):
        with store.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            exported = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            t = time.perf_counter()
            real_check(store.engine, exported, name, manifest, head, tail)
            check.append(time.perf_counter() - t)
        with store.engine.connect() as conn, conn.begin():
            conn.exec_driver_sql("SET LOCAL max_parallel_workers_per_gather = 0")
            conn.exec_driver_sql("SET LOCAL client_encoding = 'UTF8'")
            for sql, times in (("count(textsend(id))", bare),
                               ("count(sha256(CAST(:prefix AS bytea) || textsend(id)))", hashed)):
                t = time.perf_counter()
                conn.execute(sa.text(f"SELECT {sql} FROM {snapshot.name} WHERE snapshot = :snapshot"),
                             {"snapshot": name, "prefix": bytes(40)}).one()
                times.append(time.perf_counter() - t)
        cold(manifest)
        indb._check_rows = lambda *args: None
        try:
            t = time.perf_counter()
            select_subjects(store, name, manifest, "bench")
            selection.append(time.perf_counter() - t)
        finally:
            indb._check_rows = real_check
        cold(manifest)
        before, process = server_cpu(), time.process_time()
        select_subjects(store, name, manifest, "bench")
        after = server_cpu()
        if before is not None and after is not None:
            cpu_inside.append(after - before + time.process_time() - process)
        process = time.process_time()
        subject_draw(manifest)
        cpu_outside.append(time.process_time() - process)
    median = statistics.median
    per_call = (median(hashed) - median(bare)) / max(len(ids), 1) * 1e6
    lines = [
        "the pieces, each alone:",
        f"  snapshot check alone           {median(check):8.2f} s   runs {[round(x, 2) for x in check]}",
        f"  selection without its check    {median(selection):8.2f} s   runs {[round(x, 2) for x in selection]}",
        f"  PostgreSQL sha256() per ticket {per_call:8.2f} us  (one process, no parallel workers)",
    ]
    if cpu_inside:
        inside, outside = median(cpu_inside), median(cpu_outside)
        cores = os.cpu_count() or 1
        lines.append(f"  CPU seconds inside (this process and PostgreSQL's) {inside:.2f}, in process {outside:.2f}: "
                     f"{inside / outside:.2f}x; the least wall-clock time {cores} cores give that CPU time "
                     f"{inside / cores:.2f} s")
    else:
        lines.append("  CPU seconds inside: no PostgreSQL process of this machine in /proc (a server elsewhere)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--strata", type=int, default=800)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", default=os.environ.get("RANDOM_INSPECTION_PG_URL"))
    parser.add_argument("--parts", action="store_true", help="also time the pieces, and the CPU seconds")
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
        pieces = parts(store, manifest, args.repeat) if args.parts else []
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
    for line in pieces:
        print(line)
    print(f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB; load "
          f"average (1, 5, 15 min) before {', '.join(f'{x:.2f}' for x in load_before)}, after "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
