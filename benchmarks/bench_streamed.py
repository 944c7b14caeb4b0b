"""The streamed draw at national scale: subjects read from snapshot files in two passes. Figures are reported,
never asserted.

    python benchmarks/bench_streamed.py                       # full size: 100,000,000 subjects (about 18 GB of files)
    python benchmarks/bench_streamed.py --subjects 200000     # smoke (CI): also checks it against the in-memory draw

It writes N subjects as JSON Lines (canonical §3 subject objects, in id order, over --files files) into a
temporary folder (--dir), then times, on the same files:
  * a bare hash pass: read the files, take each row's id, one SHA-256 of it (the floor of any draw that reads
    them), and
  * the streamed draw (docs/scale.md): pass 1 hashes the manifest and counts the strata, pass 2 keeps the lowest
    tickets; then teams and items for the drawn subjects.
It prints the ratio (goal ≤ 2×), the peak resident memory (goal < 2 GB) and the passes made over the files, then
deletes the files (unless --keep). Check the free disk first: about 185 bytes a subject.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from random_inspection.io.snapshot import read_blocks
from random_inspection.sampling import DrawResult, DrawRules, ItemEntry, Manifest, Sample, TeamSpec, derive_seed, draw
from random_inspection.sampling.manifest import InspectorEntry, SubjectEntry
from random_inspection.sampling.streamed import RowBlock, draw_streamed

WINDOW = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
DOMAINS = ("工贸", "危险化学品")
ROW = ('{"area":"%s","credit_risk":%s,"domain":"%s","exempt":%s,"history":%d,"id":"%s","in_existence":%s,'
       '"industry":null,"sector":null,"subject_type":"企业"}\n')
_ID = re.compile(rb'"id":"([^"\\]*+)"')


def cpu_seconds() -> float:
    """Processor time of this process and of its ended children (the checker processes), user and system."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def row(i: int, strata: int) -> str:
    """Subject i of the generated roster: spread over the strata (areas), 2 % no longer in existence, a few with
    inspections already made this year."""
    risk = ("null", '"A"', '"B"', '"C"')[i % 4]
    return ROW % (f"{410000 + i % strata:06d}", risk, DOMAINS[1 if i % 6 == 0 else 0], "true" if i % 97 == 0
                  else "false", i % 3, f"91{i:016d}", "false" if i % 50 == 0 else "true")


def generate(folder: Path, n: int, strata: int, files: int) -> list[Path]:
    """n subjects in id order over ``files`` files of consecutive ids."""
    paths = []
    per = -(-n // files)
    for f in range(files):
        path = folder / f"subjects-{f:03d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for start in range(f * per, min(n, (f + 1) * per), 100_000):
                out.write("".join(row(i, strata) for i in range(start, min(n, (f + 1) * per, start + 100_000))))
        paths.append(path)
    return paths


def head(n_inspectors: int, ratio: tuple[int, int], reserve: int) -> Manifest:
    rules = DrawRules(Sample(ratio=ratio), TeamSpec(2), strata=("area",), yearly_cap=2, reserve=reserve, items=3)
    inspectors = tuple(InspectorEntry(f"I{i:05d}", "yjj", (), ()) for i in range(n_inspectors))
    items = tuple(ItemEntry(f"C{i:02d}", "yjj", ()) for i in range(8))
    return Manifest("NATIONAL-2026", "骰子三枚", "[1-6]{3}", WINDOW, (), inspectors, items, rules)


def bare_pass(paths: list[Path], seed: bytes) -> int:
    """Read the files, take each row's id, one SHA-256 each: the floor."""
    prefix = seed + b"subject\x00"
    new = hashlib.sha256
    count = 0
    for path in paths:
        for block in read_blocks(path):
            for i in _ID.findall(block.data):
                new(prefix + i).digest()
                count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subjects", type=int, default=100_000_000)
    parser.add_argument("--strata", type=int, default=800)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--ratio", default="1/100", help="the sample, p/q of the eligible (default 1/100)")
    parser.add_argument("--reserve", type=int, default=2)
    parser.add_argument("--inspectors", type=int, default=2000)
    parser.add_argument("--dir", help="where to write the files (a new folder in it; default: the temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--checkers", type=int, default=1,
                        help="processes checking pass 1's rows beside the reading one (0: none; default 1)")
    parser.add_argument("--compare", action="store_true",
                        help="also time the draw with pass 1 in one process (checkers=0), interleaved")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of bare pass and draws (medians reported)")
    args = parser.parse_args()
    load_before = [round(x, 2) for x in os.getloadavg()]
    p, q = (int(x) for x in args.ratio.split("/"))
    folder = Path(tempfile.mkdtemp(prefix="bench-streamed-", dir=args.dir))
    report: dict[str, object] = {"subjects": args.subjects, "strata": args.strata, "files": args.files,
                                 "ratio": args.ratio, "reserve": args.reserve}
    try:
        t = time.perf_counter()
        paths = generate(folder, args.subjects, args.strata, args.files)
        report["generate_seconds"] = round(time.perf_counter() - t, 1)
        report["file_bytes"] = sum(path.stat().st_size for path in paths)
        manifest_head = head(args.inspectors, (p, q), args.reserve)
        public_input = "345"

        def timed_draw(checkers: int) -> tuple[float, float, float, DrawResult]:
            opened: list[float] = []  # when each pass began

            def blocks() -> Iterator[RowBlock]:
                opened.append(time.perf_counter())
                return itertools.chain.from_iterable(read_blocks(path) for path in paths)

            t, cpu = time.perf_counter(), cpu_seconds()
            got = draw_streamed(manifest_head, blocks, public_input, checkers=checkers)
            seconds = time.perf_counter() - t
            report[f"passes_over_the_files_checkers_{checkers}"] = len(opened)
            return seconds, cpu_seconds() - cpu, opened[1] - opened[0], got

        rounds: dict[str, list[float]] = {}
        kinds = [0, args.checkers] if args.compare else [args.checkers]
        for _ in range(args.repeat):  # interleaved: bare pass, then each kind of draw, in turn
            t, cpu = time.perf_counter(), cpu_seconds()
            rows = bare_pass(paths, derive_seed("0" * 64, public_input))
            rounds.setdefault("bare", []).append(time.perf_counter() - t)
            rounds.setdefault("bare_cpu", []).append(cpu_seconds() - cpu)
            assert rows == args.subjects, rows
            for checkers in kinds:
                seconds, cpu, first, result = timed_draw(checkers)
                rounds.setdefault(f"draw_{checkers}", []).append(seconds)
                rounds.setdefault(f"draw_cpu_{checkers}", []).append(cpu)
                rounds.setdefault(f"pass_1_{checkers}", []).append(first)
        bare = statistics.median(rounds["bare"])
        report["bare_sha256_pass_seconds"] = [round(x, 2) for x in rounds["bare"]]
        report["bare_sha256_pass_processor_seconds"] = [round(x, 2) for x in rounds["bare_cpu"]]
        for checkers in kinds:
            streamed = statistics.median(rounds[f"draw_{checkers}"])
            report[f"checkers_{checkers}"] = {
                "streamed_draw_seconds": [round(x, 2) for x in rounds[f"draw_{checkers}"]],
                "pass_1_seconds": [round(x, 2) for x in rounds[f"pass_1_{checkers}"]],
                "ratio_to_bare_pass": round(streamed / bare, 2),
                "processor_seconds": [round(x, 2) for x in rounds[f"draw_cpu_{checkers}"]],
                "processor_ratio_to_bare_pass": round(statistics.median(rounds[f"draw_cpu_{checkers}"])
                                                      / statistics.median(rounds["bare_cpu"]), 2),
                "pass_1_ratio_to_bare_pass": round(statistics.median(rounds[f"pass_1_{checkers}"]) / bare, 2),
            }
        report["drawn"] = len(result.subjects)
        report["reserve_subjects"] = sum(len(v) for _, v in result.reserve)
        report["peak_rss_mb"] = round(rss_mb())
        report["peak_rss_children_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        report["manifest_hash"] = result.manifest_hash
        report["load_average_before_after"] = [load_before, [round(x, 2) for x in os.getloadavg()]]

        if args.subjects <= 200_000:  # smoke size: the in-memory draw of the same manifest must agree
            entries = [SubjectEntry(**json.loads(line)) for path in paths for line in path.read_bytes().splitlines()]
            whole = Manifest(manifest_head.plan_id, manifest_head.seed_source, manifest_head.public_input_format,
                             WINDOW, entries, manifest_head.inspectors, manifest_head.checklist, manifest_head.rules)
            same = draw(whole, public_input).to_json() == result.to_json()
            report["same_as_in_memory_draw"] = same
            if not same:
                print(json.dumps(report, ensure_ascii=False, indent=2))
                print("the streamed draw differs from the in-memory draw", file=sys.stderr)
                return 1
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
