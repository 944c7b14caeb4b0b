"""pytest plugin of the conformance kit, registered under ``pytest11`` when the library is installed.

Fixtures:

* ``profile_registry`` — a :class:`~random_inspection.profiles.ProfileRegistry` of the installed profiles
  (one per test session).
* ``resolve_profile`` — ``resolve_profile("xuchang", date)`` returns the resolved profile.
* ``working_calendar`` — the default :class:`~random_inspection.timelimits.WorkingCalendar`.

Files named ``scenario*.toml`` are collected as tests: one test per file, failing with every expectation that
does not hold (see :mod:`random_inspection.testing.scenarios`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from random_inspection.profiles import ProfileRegistry, ResolvedProfile
from random_inspection.testing.scenarios import load_scenario, run_scenario
from random_inspection.timelimits import WorkingCalendar


@pytest.fixture(scope="session")
def profile_registry() -> ProfileRegistry:
    """The installed profiles."""
    return ProfileRegistry()


@pytest.fixture(scope="session")
def working_calendar() -> WorkingCalendar:
    """The default working-day calendar."""
    return WorkingCalendar.default()


@pytest.fixture
def resolve_profile(profile_registry: ProfileRegistry) -> Callable[[str, dt.date], ResolvedProfile]:
    """``resolve_profile(code, as_of)``: a profile's effective rules on a date."""

    def resolve(code: str, as_of: dt.date) -> ResolvedProfile:
        return profile_registry.resolve(code, as_of)

    return resolve


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".toml" and file_path.name.startswith("scenario"):
        collected: pytest.Collector = ScenarioFile.from_parent(parent, path=file_path)
        return collected
    return None


class ScenarioFile(pytest.File):
    """A scenario file: one test."""

    def collect(self) -> Any:
        yield ScenarioItem.from_parent(self, name=self.path.stem)


class ScenarioItem(pytest.Item):
    """Runs one scenario and fails with all its unmet expectations."""

    def runtest(self) -> None:
        scenario = load_scenario(self.path)
        failures = run_scenario(scenario, _shared(self.session, "registry", ProfileRegistry),
                                _shared(self.session, "calendar", WorkingCalendar.default))
        if failures:
            raise ScenarioFailure(scenario.title or self.name, failures)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"


class ScenarioFailure(Exception):
    """The unmet expectations of a scenario."""

    def __init__(self, title: str, failures: list[str]) -> None:
        super().__init__(f"scenario {title!r}: {len(failures)} expectation(s) not met:\n  " + "\n  ".join(failures))


def _shared(session: pytest.Session, name: str, make: Callable[[], Any]) -> Any:
    key = f"_random_inspection_{name}"
    if not hasattr(session, key):
        setattr(session, key, make())
    return getattr(session, key)
