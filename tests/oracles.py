"""Independent oracles the tests compare the library with."""

from __future__ import annotations

import datetime as dt

import chinese_calendar

OFFICIAL_FIRST = dt.date(2004, 1, 1)
OFFICIAL_LAST = dt.date(2026, 12, 31)



def naive_add_working_days(day: dt.date, n: int) -> dt.date:
    """Independent oracle: walk day by day over chinese-calendar's own ``is_workday``."""
    current = day
    while n:
        current += dt.timedelta(days=1)
        if chinese_calendar.is_workday(current):
            n -= 1
    return current
