"""Roster import at a provincial registry's size, against a bare read of the same file in the same run.

A 检查对象名录库 of N subjects is read from CSV (GB18030, as a Chinese Excel saves it) and from XLSX, every row
checked (统一社会信用代码 check characters, vocabularies, dates, duplicates, normalisation) and made a ``Subject``.
Each figure is set beside a baseline measured in the same run on the same file:

- CSV: the import / a bare ``csv.reader`` pass over the file opened as GB18030 (goal ≤ 3×);
- XLSX: the import / python-calamine's own read of the workbook into Python values (goal ≤ 1.5×);
- the peak memory of each, in a process of its own (goal: 1,000,000 rows in under 1 GB).

The figures are reported, not asserted (benchmarks/README.md records them with the machine and its load).

    python benchmarks/bench_import.py                           # full size: 1,000,000 CSV rows, 200,000 XLSX
    python benchmarks/bench_import.py --csv 60000 --xlsx 5000   # smoke size (CI)

Every row differs from the others in the columns that differ in a real registry (code, name, 法定代表人, phone,
address); the other columns take the demo's values. One row in a thousand is broken on purpose (a check character
changed) and must be reported.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def code(i: int) -> str:
    from random_inspection.model.identifiers import organization_code_check_character, uscc_check_character

    org = "".join(ALPHABET[(i // 31**k) % 31] for k in range(8))
    body = "914110" + "02" + org + organization_code_check_character(org)
    return body + uscc_check_character(body)


def rows(n: int) -> tuple[list[str], list[list[str]], int]:
    from random_inspection.demo import load_demo_data
    from random_inspection.io import roster_rows

    template = roster_rows("subjects", load_demo_data()[0])
    header, body = list(template[0]), [list(r) for r in template[1:]]
    unique = [header.index(h) for h in ("市场主体名称", "法定代表人", "经营地址")]
    phone = header.index("联系电话")
    out, broken = [], 0
    for i in range(n):
        row = list(body[i % len(body)])
        row[0] = code(i)
        row[header.index("行政区划代码")] = "411002"
        for c in unique:
            row[c] = f"{row[c]}{i:07d}"
        row[phone] = f"138{i:08d}"
        if i % 1000 == 999:
            row[0] = row[0][:-1] + ("0" if row[0][-1] != "0" else "1")
            broken += 1
        out.append(row)
    return header, out, broken


# -- what each measuring process does -------------------------------------------------------------------------------

def _bare_csv(path: Path) -> int:
    with path.open(encoding="gb18030", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def _calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook  # imported before the clock starts (measure_here)

    return len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()) - 1


def _import(path: Path) -> int:
    from random_inspection.io import read_subjects  # imported before the clock starts (measure_here)

    result = read_subjects(path)
    if len(result.records) + len(result.bad_rows) != result.data_rows:
        raise SystemExit(f"rows lost: {result.summary()}")
    return len(result.records)


WHAT = {"bare_csv": _bare_csv, "calamine": _calamine, "import": _import}


def measure_here(what: str, path: Path) -> None:
    """Run one measurement in this process and print it as JSON (its peak memory is this process's own). The
    modules are imported before the clock starts."""
    if what == "import":
        import random_inspection.io
        import random_inspection.io.rosters  # noqa: F401
    elif what == "calamine":
        import python_calamine  # noqa: F401
    start, cpu = time.perf_counter(), time.process_time()
    count = WHAT[what](path)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"rows": count, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_rss_mb": peak_mb()}))


def peak_mb() -> int:
    """This process's peak resident memory since it started its program (the kernel's VmHWM: getrusage's maxrss
    would count the pages of the parent it was forked from)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:  # not Linux: getrusage, which may count the parent's pages
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    return kb // 1024


def measure(what: str, path: Path, runs: int) -> dict[str, Any]:
    """The best of ``runs`` runs, each in a new process."""
    results = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, __file__, "--measure", what, str(path)], check=True,
                              capture_output=True, text=True)
        results.append(json.loads(done.stdout))
    best = min(results, key=lambda r: r["seconds"])
    return {"rows": best["rows"], "seconds": best["seconds"], "cpu_seconds": best["cpu_seconds"],
            "peak_rss_mb": max(r["peak_rss_mb"] for r in results)}


def _ratio(a: float, b: float) -> float | None:
    """``a / b`` to two places; ``None`` where ``b`` is too short to measure (a smoke run's bare pass)."""
    return round(a / b, 2) if b > 0 else None


def _rounded(figures: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}


def compare(path: Path, baseline: str, expected: int, runs: int) -> dict[str, Any]:
    base = measure(baseline, path, runs)
    got = measure("import", path, runs)
    if got["rows"] != expected:
        raise SystemExit(f"wrong import of {path.name}: {got['rows']} records, expected {expected}")
    return {baseline: _rounded(base), "import": _rounded(got), "ratio": _ratio(got["seconds"], base["seconds"]),
            "cpu_ratio": _ratio(got["cpu_seconds"], base["cpu_seconds"]),
            "rows_per_second": int(expected / got["seconds"]) if got["seconds"] > 0 else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--csv", type=int, default=1_000_000)
    parser.add_argument("--xlsx", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=2, help="runs of each measurement (the best is reported)")
    parser.add_argument("--measure", nargs=2, metavar=("WHAT", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_here(args.measure[0], Path(args.measure[1]))
        return
    import openpyxl

    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        header, body, broken = rows(args.csv)
        path = Path(folder) / "subjects.csv"
        with path.open("w", encoding="gb18030", newline="") as f:
            csv.writer(f).writerows([header, *body])
        del body
        report["csv_gb18030"] = compare(path, "bare_csv", args.csv - broken, args.runs)
        header, body, broken = rows(args.xlsx)
        book = openpyxl.Workbook(write_only=True)
        ws = book.create_sheet()
        for row in [header, *body]:
            ws.append(row)
        path = Path(folder) / "subjects.xlsx"
        book.save(path)
        del body
        report["xlsx"] = compare(path, "calamine", args.xlsx - broken, args.runs)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
