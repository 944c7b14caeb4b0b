"""The draw at provincial scale, from columns: build, hash, draw, verify. Figures are reported, never asserted.

    python benchmarks/bench_scale.py                      # full size: 10,000,000 subjects, 800 strata, 10 %
    python benchmarks/bench_scale.py --subjects 50000     # smoke (CI)

The snapshot is made as columns (``SubjectColumns.from_columns``), each generated a column at a time, never a
row or an entry: ids in order, the area as a code per subject into --strata values, the other text fields one
value each, every subject in existence, a history count of 0-3 and a yearly cap of 3 (so eligibility is decided,
per code of the credit-risk class). The draw takes 10 % of the eligible per area (ratio, largest remainder),
one reserve each, a team of one from --inspectors; verify re-runs all of it (teams and items included) on the
same manifest, as its publisher would. Each step is timed; the peak resident memory is read after each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import resource
import sys
import time
from array import array

from random_inspection.sampling import DrawRules, Manifest, Sample, TeamSpec, draw, verify
from random_inspection.sampling.columns import SubjectColumns
from random_inspection.sampling.manifest import InspectorEntry

WINDOW = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu() -> float:
    """Processor seconds of this process and its ended children (the shards), user and system."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Clock:
    """Wall and processor seconds of each step (on a shared machine the processor seconds tell more)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def start(self) -> None:
        self._wall, self._cpu = time.perf_counter(), cpu()

    def stop(self, step: str) -> None:
        self.wall[step] = time.perf_counter() - self._wall
        self.cpu[step] = cpu() - self._cpu


def columns(n: int, strata: int) -> SubjectColumns:
    """n subjects as columns, generated a column at a time."""
    one = array("I", [0]) * n
    return SubjectColumns.from_columns(
        ids=list(map("91{:016d}".format, range(n))),
        area=(array("I", itertools.islice(itertools.cycle(range(strata)), n)),
              [f"{410000 + i:06d}" for i in range(strata)]),
        domain=(one, ["工贸"]),
        sector=(one, ["机械"]),
        subject_type=(one, ["企业"]),
        industry=(one, [None]),
        credit_risk=(array("I", itertools.islice(itertools.cycle(range(4)), n)), ["A", "B", "C", None]),
        in_existence=b"\x01" * n,
        exempt=b"\x00" * n,
        history=array("Q", itertools.islice(itertools.cycle((0, 1, 2, 3, 0, 1, 2)), n)),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=10_000_000)
    parser.add_argument("--strata", type=int, default=800)
    parser.add_argument("--inspectors", type=int, default=2_000)
    parser.add_argument("--shards", type=int, default=1, help="processes of the ticket pass (draw-v1 §10)")
    args = parser.parse_args()
    report: dict[str, object] = {"subjects": args.subjects, "strata": args.strata, "inspectors": args.inspectors,
                                 "shards": args.shards}
    clock = Clock()

    clock.start()
    snapshot = columns(args.subjects, args.strata)
    pool = tuple(InspectorEntry(f"I{i:05d}", "yjj", (), ()) for i in range(args.inspectors))
    rules = DrawRules(Sample(ratio=(1, 10)), TeamSpec(1), strata=("area",), yearly_cap=3, reserve=1)
    manifest = Manifest("SCALE", "a word", r"\w+", WINDOW, snapshot, pool, (), rules)
    clock.stop("build")
    report["peak_rss_mb_after_build"] = round(rss_mb(), 1)

    clock.start()
    manifest_hash = manifest.hash
    clock.stop("hash")
    report["manifest_hash"] = manifest_hash
    report["peak_rss_mb_after_hash"] = round(rss_mb(), 1)

    clock.start()
    result = draw(manifest, "bench", shards=args.shards)
    clock.stop("draw")
    report["drawn"] = len(result.subjects)
    report["eligible"] = sum(s.eligible for s in result.strata)
    report["peak_rss_mb_after_draw"] = round(rss_mb(), 1)

    clock.start()
    if verify(manifest, result, shards=args.shards) is not None:  # the smoke run in CI fails here if they differ
        print("MISMATCH: verify found a difference", file=sys.stderr)
        return 1
    clock.stop("verify")
    report["peak_rss_mb_at_the_end"] = round(rss_mb(), 1)

    report["seconds"] = {k: round(v, 2) for k, v in clock.wall.items()}
    report["total_seconds"] = round(sum(clock.wall.values()), 2)
    report["cpu_seconds"] = {k: round(v, 2) for k, v in clock.cpu.items()}
    report["total_cpu_seconds"] = round(sum(clock.cpu.values()), 2)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
