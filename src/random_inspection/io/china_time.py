"""China Standard Time, read at the edges: the core never reads the clock, and the command line and the service
read it here alone, for the defaults a person expects (``--at`` now, ``--on`` today)."""

from __future__ import annotations

import datetime as dt

__all__ = ["CHINA", "now_in_china", "today_in_china"]

CHINA = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
"""Asia/Shanghai: UTC+8 all year (no daylight saving since 1991)."""


def now_in_china() -> str:
    """The time now in China, ISO 8601 to the second (``2026-12-01T09:30:00+08:00``): the default of ``--at``."""
    return dt.datetime.now(CHINA).isoformat(timespec="seconds")


def today_in_china() -> dt.date:
    """Today's date in China: the default of ``--on``."""
    return dt.datetime.now(CHINA).date()
