"""Roster import at a provincial registry's size: a 检查对象名录库 of N subjects read from CSV (GB18030, as a
Chinese Excel saves it) and from XLSX, every row checked (统一社会信用代码 check characters, vocabularies, dates,
duplicates). The figures (rows per second, peak memory) are reported, not asserted.

    python benchmarks/bench_import.py                  # full size: 1,000,000 rows of CSV, 200,000 of XLSX
    python benchmarks/bench_import.py --csv 20000 --xlsx 5000   # smoke size (CI)

The rows are the demo's subjects with made-up codes of valid form; one row in a thousand is broken on purpose
(a check character changed) and must be reported.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import tempfile
import time
from pathlib import Path

import openpyxl

from random_inspection.demo import load_demo_data
from random_inspection.io import read_subjects, roster_rows
from random_inspection.model.identifiers import organization_code_check_character, uscc_check_character

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def code(i: int) -> str:
    org = "".join(ALPHABET[(i // 31**k) % 31] for k in range(8))
    body = "914110" + "02" + org + organization_code_check_character(org)
    return body + uscc_check_character(body)


def rows(n: int) -> tuple[list[str], list[list[str]], int]:
    template = roster_rows("subjects", load_demo_data()[0])
    header, body = list(template[0]), [list(r) for r in template[1:]]
    out, broken = [], 0
    for i in range(n):
        row = list(body[i % len(body)])
        row[0] = code(i)
        row[header.index("行政区划代码")] = "411002"
        if i % 1000 == 999:
            row[0] = row[0][:-1] + ("0" if row[0][-1] != "0" else "1")
            broken += 1
        out.append(row)
    return header, out, broken


def measure(path: Path, expected_bad: int, n: int) -> dict[str, float | int]:
    start = time.perf_counter()
    result = read_subjects(path)
    seconds = time.perf_counter() - start
    if len(result.bad_rows) != expected_bad or len(result.records) != n - expected_bad:
        raise SystemExit(f"wrong import: {result.summary()}, expected {expected_bad} bad rows")
    return {"rows": n, "seconds": round(seconds, 2), "rows_per_second": int(n / seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=int, default=1_000_000)
    parser.add_argument("--xlsx", type=int, default=200_000)
    args = parser.parse_args()
    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        header, body, broken = rows(args.csv)
        path = Path(folder) / "subjects.csv"
        with path.open("w", encoding="gb18030", newline="") as f:
            csv.writer(f).writerows([header, *body])
        report["csv_gb18030"] = measure(path, broken, args.csv)
        header, body, broken = rows(args.xlsx)
        book = openpyxl.Workbook(write_only=True)
        ws = book.create_sheet()
        for row in [header, *body]:
            ws.append(row)
        path = Path(folder) / "subjects.xlsx"
        book.save(path)
        report["xlsx"] = measure(path, broken, args.xlsx)
    report["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
