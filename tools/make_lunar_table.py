"""Generate ``src/random_inspection/timelimits/lunar_table.py``, the lunar calendar the library reads.

For each lunar year from FIRST to LAST it records the Gregorian date of 正月初一, the leap month (闰月, 0 when
there is none) and the length of every month in calendar order, the leap month right after the month it
repeats. The facts are read from ``lunardate`` (GPL-3.0-or-later), which is needed here and in the tests only,
never at run time: the generated module holds calendar facts, not lunardate's code.

Usage, from the root of a clone with the test extra installed (``pip install -e ".[test]"``)::

    python tools/make_lunar_table.py          # rewrite the module
    python tools/make_lunar_table.py --check  # exit 1 if the committed module differs from what this makes

``tests/test_lunar.py`` runs :func:`render` and compares it with the committed module.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

FIRST = 2000
LAST = 2099
TARGET = Path(__file__).resolve().parent.parent / "src" / "random_inspection" / "timelimits" / "lunar_table.py"

_HEADER = '''\
"""The Chinese lunar calendar (农历) of the lunar years {first}-{last}: generated, do not edit.

Made by ``tools/make_lunar_table.py`` from lunardate {version} (used only to generate this table and in the
tests, never at run time). Each row is one lunar year: the year, the Gregorian date of its 正月初一 as
(month, day), its leap month (闰月; 0 when it has none) and the number of days of each of its months in
calendar order, a leap month right after the month it repeats (13 months in a year with a leap month).

Checked by ``tests/test_lunar.py``: every date of every month of the table against lunardate, and 春节, 端午节
and 中秋节 against the State Council's holiday schedules chinese-calendar carries. The conversion is in
:mod:`random_inspection.timelimits.lunar`.
"""

from __future__ import annotations

__all__ = ["FIRST_YEAR", "LAST_YEAR", "LUNAR_YEARS"]

FIRST_YEAR = {first}
"""The first lunar year of the table."""

LAST_YEAR = {last}
"""The last lunar year of the table."""

LUNAR_YEARS: tuple[tuple[int, tuple[int, int], int, tuple[int, ...]], ...] = (
'''


def months(year: int) -> list[tuple[int, bool]]:
    """The months of a lunar year in calendar order, as (month, is_leap)."""
    from lunardate import LunarDate

    leap = LunarDate.leap_month_for_year(year) or 0
    order: list[tuple[int, bool]] = []
    for month in range(1, 13):
        order.append((month, False))
        if month == leap:
            order.append((month, True))
    return order


def row(year: int) -> tuple[int, tuple[int, int], int, tuple[int, ...]]:
    """One lunar year of the table: year, 正月初一 as (month, day), leap month, lengths of the months."""
    from lunardate import LunarDate

    new_year: dt.date = LunarDate(year, 1, 1).to_solar_date()
    lengths: list[int] = []
    for month, leap in months(year):
        try:
            LunarDate(year, month, 30, leap).to_solar_date()
        except ValueError:
            lengths.append(29)
        else:
            lengths.append(30)
    return year, (new_year.month, new_year.day), LunarDate.leap_month_for_year(year) or 0, tuple(lengths)


def render(first: int = FIRST, last: int = LAST) -> str:
    """The text of the generated module."""
    from importlib.metadata import version

    lines = [_HEADER.format(first=first, last=last, version=version("lunardate"))]
    for year in range(first, last + 1):
        lines.append(f"    {row(year)!r},\n")
    lines.append(")\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write the module, or with ``--check`` compare it with what would be written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} differs from what {Path(__file__).name} makes; run it without --check", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
