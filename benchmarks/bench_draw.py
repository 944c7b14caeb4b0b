"""draw-v1 at provincial size: subjects, then teams. Figures are reported, never asserted.

    python benchmarks/bench_draw.py                          # full size: 1,000,000 subjects, 800 strata, 10 %
    python benchmarks/bench_draw.py --subjects 20000 --strata 40 --inspectors 200   # smoke size (CI)

Part 1 draws 10 % of the subjects, balanced over the strata, and compares the subject selection with
  * a bare SHA-256 loop over the same ids (the floor: one hash per subject and nothing else), and
  * Rivest's consistent_sampler algorithm, re-implemented here from its description: tickets as decimal
    fractions from SHA-256, kept in a priority queue per stratum, the smallest drawn.
Part 2 makes teams of two for 100,000 subjects from 2,000 inspectors (no hashing of inspector pairs).
Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import heapq
import json
import resource
import sys
import time
from collections import defaultdict

from random_inspection.sampling import DrawRules, Manifest, Sample, TeamSpec, derive_seed, draw, verify
from random_inspection.sampling import engine as engine_module
from random_inspection.sampling.manifest import InspectorEntry, SubjectEntry

WINDOW = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def subjects(n: int, strata: int) -> tuple[SubjectEntry, ...]:
    areas = [f"{410000 + i:06d}" for i in range(strata)]
    return tuple(
        SubjectEntry(f"91{i:016d}", areas[i % strata], "工贸", None, "企业", None, None, True, False, 0)
        for i in range(n)
    )


def inspectors(n: int) -> tuple[InspectorEntry, ...]:
    return tuple(InspectorEntry(f"I{i:05d}", "yjj", (), ()) for i in range(n))


def bare_loop(entries: tuple[SubjectEntry, ...], seed: bytes) -> None:
    prefix = seed + b"subject\x00"
    for s in entries:
        hashlib.sha256(prefix + s.id.encode()).digest()


def rivest_consistent_sampler(entries: tuple[SubjectEntry, ...], seed: bytes, sizes: dict[str, int]) -> list[str]:
    """Per stratum, the ids with the smallest tickets, tickets made as in consistent_sampler: the hash of
    seed and id read as a decimal fraction with as many digits as SHA-256 gives, compared as text."""
    heaps: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s in entries:
        digest = hashlib.sha256(seed.hex().encode() + b"," + s.id.encode()).hexdigest()
        ticket = "0." + str(int(digest, 16)).zfill(78)
        heaps[s.area].append((ticket, s.id))
    drawn = []
    for key, heap in heaps.items():
        heapq.heapify(heap)
        drawn += [heapq.heappop(heap)[1] for _ in range(min(sizes.get(key, 0), len(heap)))]
    return drawn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--strata", type=int, default=800)
    parser.add_argument("--inspectors", type=int, default=2_000)
    parser.add_argument("--team-subjects", type=int, default=100_000)
    args = parser.parse_args()
    report: dict[str, object] = {"subjects": args.subjects, "strata": args.strata}

    t = time.perf_counter()
    roster = subjects(args.subjects, args.strata)
    pool = inspectors(args.inspectors)
    no_teams = DrawRules(Sample(ratio=(1, 10)), TeamSpec(1), strata=("area",), reserve=1)
    manifest = Manifest("BENCH", "a word", r"\w+", WINDOW, roster, pool, (), no_teams)
    report["build_seconds"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    manifest_hash = manifest.hash
    report["manifest_hash_seconds"] = round(time.perf_counter() - t, 3)
    seed = derive_seed(manifest_hash, "bench")

    # Part 1: the subject draw alone (teams and items are timed in part 2).
    teams, items = engine_module._teams, engine_module._items
    engine_module._teams = lambda *a: ()  # type: ignore[assignment]
    engine_module._items = lambda *a: ()  # type: ignore[assignment]
    try:
        t = time.perf_counter()
        result = draw(manifest, "bench")
        subject_seconds = time.perf_counter() - t
    finally:
        engine_module._teams, engine_module._items = teams, items
    report["subject_draw_seconds"] = round(subject_seconds, 3)
    report["drawn"] = len(result.subjects)
    report["peak_rss_mb_after_subject_draw"] = round(rss_mb(), 1)  # before the comparisons, which hold more
    t = time.perf_counter()
    bare_loop(roster, seed)
    bare = time.perf_counter() - t
    report["bare_sha256_loop_seconds"] = round(bare, 3)
    report["ratio_to_bare_loop"] = round(subject_seconds / bare, 2)
    sizes = {s.key: s.drawn for s in result.strata}
    t = time.perf_counter()
    rivest_consistent_sampler(roster, seed, sizes)
    rivest = time.perf_counter() - t
    report["rivest_consistent_sampler_seconds"] = round(rivest, 3)
    report["speed_up_over_rivest"] = round(rivest / subject_seconds, 2)

    # Part 2: teams of two for the first team-subjects subjects, from the inspector pool.
    team_roster = roster[: args.team_subjects]
    with_teams = DrawRules(Sample(ratio=(1, 1)), TeamSpec(2), strata=("area",))
    team_manifest = Manifest("BENCH-TEAMS", "a word", r"\w+", WINDOW, team_roster, pool, (), with_teams)
    t = time.perf_counter()
    team_result = draw(team_manifest, "bench")
    report["team_draw_seconds_including_its_subject_draw"] = round(time.perf_counter() - t, 3)
    loads: dict[str, int] = defaultdict(int)
    for _, team in team_result.teams:
        for member in team:
            loads[member] += 1
    report["team_load_min_max"] = [min(loads.values()), max(loads.values())]
    t = time.perf_counter()
    if verify(team_manifest, team_result) is not None:  # the smoke run in CI fails here if the draw drifts
        print("MISMATCH: verify found a difference", file=sys.stderr)
        return 1
    report["verify_team_draw_seconds"] = round(time.perf_counter() - t, 3)
    report["peak_rss_mb_at_the_end"] = round(rss_mb(), 1)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
