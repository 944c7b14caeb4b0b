"""The citizen's check at provincial size: read the published manifest file, check it, verify the draw, against the
bureau's in-process verify of the same manifest. Figures are reported, never asserted.

    python benchmarks/bench_verify.py                                        # full size: 1,000,000 subjects, 800 strata
    python benchmarks/bench_verify.py --subjects 20000 --strata 40 --repeat 1   # smoke (CI)

The manifest is bench_draw.py's (10 % drawn, balanced over the strata by area, one reserve per stratum, teams of
one from 2,000 inspectors). It is published as its canonical bytes to a file, with the draw beside it. Then,
--repeat times, interleaved:
  * in process: ``verify(manifest, draw)`` of the manifest the bureau holds (its hash already known);
  * the third party, in a fresh process (so that its peak resident memory is its own):
    ``read_published_manifest(path)`` (one streamed pass: hashed, checked canonical, the subjects as columns)
    and ``verify`` of the draw file, read as JSON as ``random-inspection verify`` reads it (the cycle collector
    paused meanwhile).
The ratios are of the medians: the third party's whole path to the in-process verify (goal ≤ 2×), in wall-clock
and in CPU seconds (steadier on a shared machine), and its peak resident memory to the manifest's size (goal
≤ 2×), at the end and right after the read (before the draw's own memory). --json-path also times, once, the
reading the library offered before (``json.loads`` of the text, ``Manifest.from_json``, then ``verify``), in a
fresh process too. --floor also times, --repeat times in a fresh process, the least a reader in Python does
with these bytes: read in the reader's chunks, hashed beside (in a thread, as the reader hashes), the subjects'
ids found by the reader's own pattern, decoded and their order checked — and nothing else (no field read, no form
checked, no column made); that time plus the third party's own verify, over the in-process verify, is where a
reader in Python that checks almost nothing would stand on this machine.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import operator
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_draw import WINDOW, inspectors, subjects
from random_inspection.sampling import (
    DrawRules,
    Manifest,
    Sample,
    TeamSpec,
    draw,
    published,
    published_subjects,
    verify,
)
from random_inspection.sampling.published import read_published_manifest

try:  # as `random-inspection verify` reads the draw file (a tree before the collector's pause: nothing paused)
    from random_inspection.collector import collector_paused
except ImportError:  # pragma: no cover
    from contextlib import nullcontext as collector_paused


def rss_mb() -> float:
    """This process's peak resident memory: VmHWM, which exec resets (ru_maxrss keeps the peak of the parent a
    child was forked from, so a child would report the benchmark's own size); ru_maxrss where /proc is absent."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def bare_read(manifest_path: str) -> int:
    """The child of --floor: the least a reader in Python does with the published bytes (see above); prints its
    time, and the number of subjects' ids it found in order, as JSON."""
    t = time.perf_counter()
    digest = hashlib.sha256()
    hashing: threading.Thread | None = None
    held, start, count, previous = b"", -1, 0, b""
    boundary, block, pattern = published_subjects._BOUNDARY, published_subjects._BLOCK, published_subjects._ID
    with open(manifest_path, "rb") as file:
        while chunk := file.read(published._CHUNK):
            if hashing is not None:
                hashing.join()
            hashing = threading.Thread(target=digest.update, args=(chunk,))
            hashing.start()
            held += chunk
            if start < 0:  # the subjects' list begins after the head (whose inspectors have ids too)
                start = held.find(b'"subjects":[')
                if start < 0:
                    continue
            while (cut := held.rfind(boundary, start, start + block)) > start:
                ids = pattern.findall(held, start, cut)
                count += len(list(map(bytes.decode, ids)))
                if ids and not (ids[0] > previous and all(map(operator.lt, ids, itertools.islice(ids, 1, None)))):
                    count = -len(held)  # out of order: not this benchmark's manifest
                previous = ids[-1] if ids else previous
                start = cut
            held, start = held[start:], 0
    if hashing is not None:
        hashing.join()
    digest.hexdigest()
    print(json.dumps({"read_seconds": time.perf_counter() - t, "ids": count}))
    return 0


def third_party(manifest_path: str, draw_path: str, how: str) -> int:
    """The child: read the published files as a citizen does, verify, print the figures as JSON."""
    if how == "bare":
        return bare_read(manifest_path)
    t, cpu = time.perf_counter(), time.process_time()
    if how == "stream":
        manifest = read_published_manifest(manifest_path)
    else:
        manifest = Manifest.from_json(json.loads(Path(manifest_path).read_bytes()))
    read, read_cpu, read_rss = time.perf_counter() - t, time.process_time() - cpu, rss_mb()
    t, cpu = time.perf_counter(), time.process_time()
    with collector_paused():
        claimed = json.loads(Path(draw_path).read_bytes())
    problem = verify(manifest, claimed)
    checked, checked_cpu = time.perf_counter() - t, time.process_time() - cpu
    print(json.dumps({"read_seconds": read, "verify_seconds": checked, "read_cpu": read_cpu,
                      "verify_cpu": checked_cpu, "peak_rss_mb_after_read": read_rss, "peak_rss_mb": rss_mb(),
                      "same": problem is None, "manifest_hash": manifest.hash}))
    return 0


def child(manifest_path: Path, draw_path: Path, how: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", how, str(manifest_path), str(draw_path)],
                         check=True, capture_output=True, text=True).stdout
    figures: dict[str, float] = json.loads(out)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--strata", type=int, default=800)
    parser.add_argument("--inspectors", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each path (medians are reported)")
    parser.add_argument("--floor", action="store_true",
                        help="also time the least a reader in Python does with the bytes (--repeat times)")
    parser.add_argument("--json-path", action="store_true",
                        help="also time, once, json.loads + Manifest.from_json + verify in a fresh process")
    parser.add_argument("--child", nargs=3, metavar=("HOW", "MANIFEST", "DRAW"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return third_party(args.child[1], args.child[2], args.child[0])

    rules = DrawRules(Sample(ratio=(1, 10)), TeamSpec(1), strata=("area",), reserve=1)
    manifest = Manifest("BENCH", "a word", r"\w+", WINDOW, subjects(args.subjects, args.strata),
                        inspectors(args.inspectors), (), rules)
    result = draw(manifest, "bench")
    report: dict[str, object] = {"subjects": args.subjects, "strata": args.strata, "drawn": len(result.subjects)}
    with tempfile.TemporaryDirectory() as folder:
        manifest_path, draw_path = Path(folder) / "manifest.json", Path(folder) / "draw.json"
        with manifest_path.open("wb") as file:
            for chunk in manifest.chunks():
                file.write(chunk)
        draw_path.write_text(json.dumps(result.to_json(), ensure_ascii=False), encoding="utf-8")
        size_mb = manifest_path.stat().st_size / 2**20
        report["published_manifest_mb"] = round(size_mb, 1)

        runs: dict[str, list[float]] = {k: [] for k in ("in_process", "read", "verify", "rss", "read_rss",
                                                        "in_process_cpu", "read_cpu", "verify_cpu")}
        for _ in range(args.repeat):
            t, cpu = time.perf_counter(), time.process_time()
            if verify(manifest, result) is not None:
                print("MISMATCH: the in-process verify found a difference", file=sys.stderr)
                return 1
            runs["in_process"].append(time.perf_counter() - t)
            runs["in_process_cpu"].append(time.process_time() - cpu)
            figures = child(manifest_path, draw_path, "stream")
            if not figures["same"] or figures["manifest_hash"] != manifest.hash:
                print("MISMATCH: the third party's verify found a difference", file=sys.stderr)
                return 1
            runs["read"].append(figures["read_seconds"])
            runs["verify"].append(figures["verify_seconds"])
            runs["rss"].append(figures["peak_rss_mb"])
            runs["read_rss"].append(figures["peak_rss_mb_after_read"])
            runs["read_cpu"].append(figures["read_cpu"])
            runs["verify_cpu"].append(figures["verify_cpu"])
        in_process = statistics.median(runs["in_process"])
        whole = statistics.median(r + v for r, v in zip(runs["read"], runs["verify"], strict=True))
        report["in_process_verify_seconds"] = [round(x, 3) for x in runs["in_process"]]
        report["third_party_read_seconds"] = [round(x, 3) for x in runs["read"]]
        report["third_party_verify_seconds"] = [round(x, 3) for x in runs["verify"]]
        report["third_party_peak_rss_mb"] = [round(x, 1) for x in runs["rss"]]
        report["third_party_peak_rss_mb_after_read"] = [round(x, 1) for x in runs["read_rss"]]
        report["in_process_verify_cpu_seconds"] = [round(x, 3) for x in runs["in_process_cpu"]]
        report["third_party_read_cpu_seconds"] = [round(x, 3) for x in runs["read_cpu"]]
        report["third_party_verify_cpu_seconds"] = [round(x, 3) for x in runs["verify_cpu"]]
        report["ratio_third_party_to_in_process"] = round(whole / in_process, 2)
        whole_cpu = statistics.median(r + v for r, v in zip(runs["read_cpu"], runs["verify_cpu"], strict=True))
        report["ratio_third_party_to_in_process_cpu"] = round(whole_cpu / statistics.median(runs["in_process_cpu"]), 2)
        report["ratio_peak_rss_to_manifest_size"] = round(statistics.median(runs["rss"]) / size_mb, 2)
        report["ratio_peak_rss_after_read_to_manifest_size"] = round(statistics.median(runs["read_rss"]) / size_mb, 2)
        if args.floor:
            bare = [child(manifest_path, draw_path, "bare") for _ in range(args.repeat)]
            if any(b["ids"] != args.subjects - 1 for b in bare):  # the last subject is after the last boundary
                print("MISMATCH: the bare pass did not find the subjects' ids in order", file=sys.stderr)
                return 1
            report["bare_read_seconds"] = [round(b["read_seconds"], 3) for b in bare]
            least = statistics.median(b["read_seconds"] for b in bare) + statistics.median(runs["verify"])
            report["ratio_least_for_a_reader_in_python"] = round(least / in_process, 2)
        if args.json_path:
            before = child(manifest_path, draw_path, "json")
            report["json_path_read_seconds"] = round(before["read_seconds"], 3)
            report["json_path_verify_seconds"] = round(before["verify_seconds"], 3)
            report["json_path_peak_rss_mb"] = round(before["peak_rss_mb"], 1)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
