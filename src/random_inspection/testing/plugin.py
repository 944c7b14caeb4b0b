"""pytest plugin of the conformance kit, registered under ``pytest11`` when the library is installed.

Fixtures:

* ``profile_registry`` — a :class:`~random_inspection.profiles.ProfileRegistry` of the installed profiles
  (one per test session).
* ``resolve_profile`` — ``resolve_profile("xuchang", date)`` returns the resolved profile.
* ``working_calendar`` — the default :class:`~random_inspection.timelimits.WorkingCalendar`.

Scenario files are collected as tests once a project asks for them — one test per file, failing with every
expectation that does not hold (see :mod:`random_inspection.testing.scenarios`)::

    [pytest]
    random_inspection_scenarios = scenario*.toml
    random_inspection_profile_dirs = my-profiles

``random_inspection_profile_dirs`` (relative to the rootdir) are loaded besides the installed profiles, for
the scenarios and the fixtures alike.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from random_inspection.errors import RandomInspectionError
from random_inspection.profiles import ProfileRegistry, ResolvedProfile
from random_inspection.testing.scenarios import load_scenario, run_scenario
from random_inspection.timelimits import WorkingCalendar


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("random_inspection_scenarios", "glob patterns of scenario files to collect as tests",
                  type="args", default=[])
    parser.addini("random_inspection_profile_dirs", "folders of local profiles, relative to the rootdir",
                  type="paths", default=[])


def _registry(config: pytest.Config) -> ProfileRegistry:
    key = "_random_inspection_registry"
    if not hasattr(config, key):
        setattr(config, key, ProfileRegistry(folders=config.getini("random_inspection_profile_dirs")))
    registry: ProfileRegistry = getattr(config, key)
    return registry


@pytest.fixture(scope="session")
def profile_registry(pytestconfig: pytest.Config) -> ProfileRegistry:
    """The installed profiles, and those of ``random_inspection_profile_dirs``."""
    return _registry(pytestconfig)


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
    patterns = parent.config.getini("random_inspection_scenarios")
    if any(fnmatch.fnmatch(file_path.name, p) for p in patterns):
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
        failures = run_scenario(scenario, _registry(self.config),
                                _shared(self.session, "calendar", WorkingCalendar.default))
        if failures:
            raise ScenarioFailure(scenario.title or self.name, failures)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, (ScenarioFailure, RandomInspectionError)):
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
