"""Shared fixtures and oracles."""

from __future__ import annotations

import pytest
from hypothesis import settings

from random_inspection.timelimits import WorkingCalendar

pytest_plugins = ["pytester"]

settings.register_profile("ci", deadline=None, print_blob=True)
settings.load_profile("ci")


@pytest.fixture(scope="session")
def cal() -> WorkingCalendar:
    """The default calendar (chinese-calendar's official schedules, provisional elsewhere)."""
    return WorkingCalendar.default()
