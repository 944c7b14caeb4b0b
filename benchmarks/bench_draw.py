"""draw-v1 at provincial size: subjects, then teams. Figures are reported, never asserted.

    python benchmarks/bench_draw.py                          # full size: 1,000,000 subjects, 800 strata, 10 %
    python benchmarks/bench_draw.py --subjects 20000 --strata 40 --inspectors 200 --third-party   # smoke (CI)
    python benchmarks/bench_draw.py --hash sm3 ...           # the same with SM3 (draw-v1 §12)

--hash names the draw's hash (sha256, the default, or sm3); the bare loop uses the same hash, consistent_sampler
keeps its own SHA-256. --pure-sm3 takes SM3 from the pure-Python fallback, as on a platform whose OpenSSL has none.
Part 1 draws 10 % of the subjects, balanced over the strata, and compares the subject selection with
  * a bare loop of the draw's hash over the same ids (the floor: one hash per subject and nothing else),
  * Rivest's consistent_sampler (the PyPI package consistent-sampler 1.0.10, the `bench` extra), sampling each
    stratum's n_h without replacement as its API does (the ids grouped by stratum beforehand, untimed), and
  * the same draw with its ticket pass split over --shards processes (draw-v1 §10).
  The subject draw is timed cold (its seed-independent table made, as a first draw makes it after hashing the
  manifest, which encodes the ids), cold with the ids encoded again too (as where the manifest's hash was read,
  not computed) and warm (all reused, as a verify of the same manifest does). All are run interleaved --repeat
  times; the ratios are of the medians, of wall time and of processor time (forked shards' included).
Part 2 makes teams of two for 100,000 subjects from 2,000 inspectors (no hashing of inspector pairs).
Part 3 (--third-party) reads the published manifest's bytes back as a citizen's `random-inspection verify` does
  (read_published_manifest: one streamed pass, hashed as read, checked canonical, the subjects as columns) and
  verifies the full draw against it, in this process; bench_verify.py measures the same path in a fresh process
  beside the in-process verify (the goal's ratio).
Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence

from consistent_sampler import sampler  # type: ignore[import-untyped]

from random_inspection.sampling import (
    HASH_NAMES,
    DrawResult,
    DrawRules,
    HashAlgorithm,
    Manifest,
    Sample,
    TeamSpec,
    derive_seed,
    draw,
    hash_algorithm,
    sm3_backend,
    verify,
)
from random_inspection.sampling import engine as engine_module
from random_inspection.sampling.hashes import PureSM3
from random_inspection.sampling.manifest import InspectorEntry, SubjectEntry
from random_inspection.sampling.published import read_published_manifest

WINDOW = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def processor_seconds() -> float:
    """User and system time of this process and of its ended children (the draw's forked shards)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def subjects(n: int, strata: int) -> tuple[SubjectEntry, ...]:
    areas = [f"{410000 + i:06d}" for i in range(strata)]
    return tuple(
        SubjectEntry(f"91{i:016d}", areas[i % strata], "工贸", None, "企业", None, None, True, False, 0)
        for i in range(n)
    )


def inspectors(n: int) -> tuple[InspectorEntry, ...]:
    return tuple(InspectorEntry(f"I{i:05d}", "yjj", (), ()) for i in range(n))


def bare_loop(ids: Sequence[str], seed: bytes, hash_with: HashAlgorithm) -> None:
    """The floor: the draw's hash of (seed ‖ "subject" ‖ 0x00 ‖ id) for every id, and nothing else."""
    prefix = seed + b"subject\x00"
    new = hash_with.new
    for i in ids:
        new(prefix + i.encode()).digest()


def consistent_sampler_draw(by_stratum: dict[str, list[str]], seed: bytes, sizes: dict[str, int]) -> list[str]:
    """Rivest's consistent_sampler (PyPI consistent-sampler 1.0.10): per stratum, its n_h ids sampled without
    replacement, as its API gives them (a ticket heap of every id, the smallest taken)."""
    seed_text = seed.hex()
    drawn: list[str] = []
    for key, ids in by_stratum.items():
        drawn += sampler(ids, seed=seed_text, take=sizes.get(key, 0), output="id")
    return drawn


def subject_draw(manifest: Manifest, shards: int = 1, cold: bool = True,
                 cold_ids: bool = False) -> tuple[float, DrawResult]:
    """The subject draw alone: teams and items are timed in part 2. ``cold``: the manifest's seed-independent
    table (eligible subjects, strata, counts) is made again, as a first draw makes it; the ids encoded in UTF-8
    are kept, since the manifest hash made them (every draw hashes its manifest first, and the draw reuses them).
    ``cold_ids``: those encoded ids made again too (as where the manifest hash was read, not computed)."""
    memo = manifest.subjects._memo
    for key in list(memo):
        if cold_ids or (cold and key != "utf8-ids"):
            del memo[key]
    teams, items = engine_module._teams, engine_module._items
    engine_module._teams = lambda *a: ()  # type: ignore[assignment]
    engine_module._items = lambda *a: ()  # type: ignore[assignment]
    try:
        t = time.perf_counter()
        result = draw(manifest, "bench", shards=shards)
        return time.perf_counter() - t, result
    finally:
        engine_module._teams, engine_module._items = teams, items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--strata", type=int, default=800)
    parser.add_argument("--inspectors", type=int, default=2_000)
    parser.add_argument("--team-subjects", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of part 1 (medians are reported)")
    parser.add_argument("--shards", type=int, default=2, help="processes of the sharded draw (draw-v1 §10)")
    parser.add_argument("--third-party", action="store_true",
                        help="part 3: a third party reads the published manifest text and verifies the draw")
    parser.add_argument("--hash", choices=HASH_NAMES, default="sha256", help="the draw's hash (draw-v1 §12)")
    parser.add_argument("--pure-sm3", action="store_true", help="SM3 from the pure-Python fallback (with --hash sm3)")
    args = parser.parse_args()
    hash_with = HashAlgorithm("sm3", PureSM3) if args.hash == "sm3" and args.pure_sm3 else hash_algorithm(args.hash)
    report: dict[str, object] = {"subjects": args.subjects, "strata": args.strata, "hash": hash_with.name}
    if hash_with.name == "sm3":
        report["sm3_from"] = "gmssl" if args.pure_sm3 else sm3_backend()

    t = time.perf_counter()
    roster = subjects(args.subjects, args.strata)
    pool = inspectors(args.inspectors)
    no_teams = DrawRules(Sample(ratio=(1, 10)), TeamSpec(1), strata=("area",), reserve=1)
    manifest = Manifest("BENCH", "a word", r"\w+", WINDOW, roster, pool, (), no_teams, hash_algorithm=hash_with)
    report["build_seconds"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    manifest_hash = manifest.hash
    report["manifest_hash_seconds"] = round(time.perf_counter() - t, 3)
    seed = derive_seed(manifest_hash, "bench", hash_with)

    # Part 1: the subject draw (cold, warm, sharded), the bare loop and consistent_sampler, interleaved --repeat
    # times (this machine's speed drifts between runs); the medians and the ratios of the medians are reported.
    ids = manifest.subjects.ids
    by_stratum: dict[str, list[str]] = defaultdict(list)
    for s in roster:
        by_stratum[s.area].append(s.id)
    runs: dict[str, list[float]] = {k: [] for k in ("draw", "draw_ids", "warm", "sharded", "bare", "sampler")}
    cpu: dict[str, list[float]] = {k: [] for k in runs}  # processor time, forked shards' included

    def timed(kind: str, run: Callable[[], object]) -> object:
        wall, used = time.perf_counter(), processor_seconds()
        got = run()
        runs[kind].append(time.perf_counter() - wall)
        cpu[kind].append(processor_seconds() - used)
        return got

    for _ in range(args.repeat):
        result = timed("draw", lambda: subject_draw(manifest)[1])
        report.setdefault("peak_rss_mb_after_subject_draw", round(rss_mb(), 1))  # before the others hold more
        timed("draw_ids", lambda: subject_draw(manifest, cold_ids=True))
        timed("warm", lambda: subject_draw(manifest, cold=False))
        sharded = timed("sharded", lambda: subject_draw(manifest, shards=args.shards)[1])
        if sharded != result:
            print("MISMATCH: the sharded draw differs", file=sys.stderr)
            return 1
        timed("bare", lambda: bare_loop(ids, seed, hash_with))
        assert isinstance(result, DrawResult)
        sizes = {s.key: s.drawn for s in result.strata}
        timed("sampler", lambda sizes=sizes: consistent_sampler_draw(by_stratum, seed, sizes))  # type: ignore[misc]
    median = {k: statistics.median(v) for k, v in runs.items()}
    cpu_median = {k: statistics.median(v) for k, v in cpu.items()}
    assert isinstance(result, DrawResult)
    report["drawn"] = len(result.subjects)
    names = {"draw": "subject_draw", "draw_ids": "subject_draw_ids_encoded_too", "warm": "subject_draw_warm",
             "sharded": f"subject_draw_{args.shards}_shards", "bare": f"bare_{hash_with.name}_loop",
             "sampler": "consistent_sampler"}
    for kind, name in names.items():
        report[f"{name}_seconds"] = [round(x, 3) for x in runs[kind]]
        report[f"{name}_processor_seconds"] = [round(x, 3) for x in cpu[kind]]
    for key, of in (("ratio", median), ("processor_ratio", cpu_median)):
        report[f"{key}_to_bare_loop"] = round(of["draw"] / of["bare"], 2)
        report[f"{key}_to_bare_loop_ids_encoded_too"] = round(of["draw_ids"] / of["bare"], 2)
        report[f"{key}_to_bare_loop_warm"] = round(of["warm"] / of["bare"], 2)
    report[f"ratio_to_bare_loop_{args.shards}_shards"] = round(median["sharded"] / median["bare"], 2)
    report["speed_up_over_consistent_sampler"] = round(median["sampler"] / median["draw"], 2)
    report["processor_speed_up_over_consistent_sampler"] = round(cpu_median["sampler"] / cpu_median["draw"], 2)

    # Part 2: teams of two for the first team-subjects subjects, from the inspector pool.
    team_roster = roster[: args.team_subjects]
    with_teams = DrawRules(Sample(ratio=(1, 1)), TeamSpec(2), strata=("area",))
    team_manifest = Manifest("BENCH-TEAMS", "a word", r"\w+", WINDOW, team_roster, pool, (), with_teams,
                             hash_algorithm=hash_with)
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
    report["peak_rss_mb_before_part_3"] = round(rss_mb(), 1)

    if args.third_party:
        # Part 3: what a citizen does: read the published canonical manifest bytes as `verify` reads them, then
        # re-run the draw and compare (full draw, teams and items included).
        text = manifest.canonical()
        report["published_manifest_megabytes"] = round(len(text) / 1e6, 1)
        full = draw(manifest, "bench").to_json()
        del manifest, roster
        t = time.perf_counter()
        again = read_published_manifest(io.BytesIO(text))
        report["third_party_read_seconds"] = round(time.perf_counter() - t, 3)
        del text
        t = time.perf_counter()
        if verify(again, full) is not None:
            print("MISMATCH: the third party's verify found a difference", file=sys.stderr)
            return 1
        report["third_party_verify_seconds"] = round(time.perf_counter() - t, 3)
        report["peak_rss_mb_at_the_end"] = round(rss_mb(), 1)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
