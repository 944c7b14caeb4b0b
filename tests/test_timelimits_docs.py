"""The worked examples in docs/timelimits.md are computed, not copied: each row is checked here."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from random_inspection.timelimits import WorkingCalendar, deadline, parse_period

DOC = Path(__file__).resolve().parents[1] / "docs" / "timelimits.md"


def _rows() -> list[tuple[str, str, str]]:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- worked-examples:start -->(.*?)<!-- worked-examples:end -->", text, re.S)
    assert block, "docs/timelimits.md lost its worked-examples table"
    rows = []
    for line in block.group(1).strip().splitlines()[2:]:
        event, period, due = (cell.strip() for cell in line.strip("|").split("|")[:3])
        rows.append((event, period, due))
    return rows


ROWS = _rows()


def test_the_table_covers_both_holidays_in_each_year() -> None:
    months = {(e[:4], e[5:7]) for e, _, _ in ROWS}
    for year in ("2024", "2025", "2026"):
        assert any(y == year and m in ("01", "02") for y, m in months), f"no Spring Festival example in {year}"
        assert any(y == year and m in ("09", "10") for y, m in months), f"no National Day example in {year}"


@pytest.mark.parametrize(("event", "period", "due"), ROWS)
def test_worked_example(cal: WorkingCalendar, event: str, period: str, due: str) -> None:
    result = deadline(dt.date.fromisoformat(event), parse_period(period), cal, strict=True)
    assert result.due.isoformat() == due
