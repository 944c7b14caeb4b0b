"""Due-date computation: the library's calendar against a day-by-day loop over chinese-calendar.

The goal (issue: foundation): one million due-date computations at least 20 times faster than a loop that
walks day by day asking chinese-calendar's ``is_workday``. The figures are reported, not asserted.

    python benchmarks/bench_timelimits.py            # full size: 1,000,000 computations
    python benchmarks/bench_timelimits.py --n 20000  # smoke size (CI)

Inputs are fixed, not random: events spread evenly over 2004-2026 and periods cycling through the working-day
limits of the five documents (5, 7, 10, 20 个工作日).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable

import chinese_calendar

from random_inspection.timelimits import WorkingCalendar, WorkingDays, deadline

PERIODS = (5, 7, 10, 20)
FIRST = dt.date(2004, 1, 1).toordinal()
SPAN = dt.date(2026, 11, 30).toordinal() - FIRST


def inputs(n: int) -> list[tuple[dt.date, int]]:
    step = max(1, SPAN // max(1, n // len(PERIODS)))
    return [(dt.date.fromordinal(FIRST + (i * step + i // SPAN) % SPAN), PERIODS[i % len(PERIODS)]) for i in range(n)]


def naive(day: dt.date, n: int) -> dt.date:
    current = day
    while n:
        current += dt.timedelta(days=1)
        if chinese_calendar.is_workday(current):
            n -= 1
    return current


def timed(label: str, fn: Callable[[], list[dt.date]]) -> tuple[float, list[dt.date]]:
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    print(f"  {label:<46} {seconds:8.3f} s", file=sys.stderr)
    return seconds, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of due-date computations")
    args = parser.parse_args()
    data = inputs(args.n)
    cal = WorkingCalendar.default()
    cal.add_working_days_many([dt.date(2004, 1, 1), dt.date(2026, 11, 30)], 20)  # build the tables before timing
    by_period = {p: [d for d, q in data if q == p] for p in PERIODS}

    print(f"{args.n:,} due-date computations (events 2004-2026, periods {PERIODS} 个工作日):", file=sys.stderr)
    t_naive, r_naive = timed("day-by-day loop over chinese_calendar.is_workday", lambda: [naive(d, n) for d, n in data])
    t_call, r_call = timed(
        "WorkingCalendar.add_working_days, one call each", lambda: [cal.add_working_days(d, n) for d, n in data]
    )
    t_full, r_full = timed(
        "deadline() with a Deadline object each",
        lambda: [deadline(d, WorkingDays(n), cal).due for d, n in data],
    )

    def batch() -> list[dt.date]:
        out: dict[int, list[dt.date]] = {p: cal.add_working_days_many(days, p) for p, days in by_period.items()}
        iters = {p: iter(v) for p, v in out.items()}
        return [next(iters[n]) for _, n in data]

    t_batch, r_batch = timed("WorkingCalendar.add_working_days_many, by period", batch)
    if not (r_naive == r_call == r_full == r_batch):
        print("MISMATCH: the methods disagree", file=sys.stderr)
        return 1
    report = {
        "n": args.n,
        "seconds": {"naive": t_naive, "add_working_days": t_call, "deadline": t_full, "batch": t_batch},
        "speed-up over the naive loop": {
            "add_working_days": round(t_naive / t_call, 1),
            "deadline": round(t_naive / t_full, 1),
            "batch": round(t_naive / t_batch, 1),
        },
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
