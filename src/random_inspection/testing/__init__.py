"""The conformance kit for profile authors and for test suites that validate local regulations.

* :class:`ProfileConformance` — a base test class a profile's tests inherit in a few lines.
* :func:`run_scenario` / :func:`load_scenario` — plain-text (TOML) scenarios a domain expert writes without
  Python; pytest collects files named ``scenario*.toml`` on its own once the library is installed.
* :mod:`random_inspection.testing.strategies` — hypothesis strategies for valid identifiers, subjects,
  inspectors and rosters (needs ``hypothesis``).
* Fixtures (pytest plugin ``random_inspection.testing.plugin``): ``profile_registry``, ``resolve_profile``,
  ``working_calendar``.
"""

from random_inspection.testing.kit import ProfileConformance
from random_inspection.testing.scenarios import Scenario, load_scenario, run_scenario

__all__ = ["ProfileConformance", "Scenario", "load_scenario", "run_scenario"]
