"""Scenarios: what a local rule should give, written as TOML by someone who knows the rule, not Python.

::

    profile = "xuchang"
    title = "检查在国庆节前结束"

    [events]
    inspection_ended = 2025-09-30        # name the events; dates as TOML dates or "YYYY-MM-DD"

    [[deadline]]                         # a time limit of the profile, run from an event
    rule = "limit.feedback"
    from = "inspection_ended"
    due = 2025-10-14
    provisional = false                  # optional

    [[rule]]                             # a rule's value (as explain shows it) and, optionally, its article
    key = "draw.min_ratio"
    value = "1/10"
    citation = "许应急〔2023〕14号 第十二条"
    as_of = 2025-01-01                   # optional: the date to resolve on (default: the first event)

    [[result]]                           # a code of the result scheme and its exact label
    number = 2
    label = "存在违法违规行为，依法责令改正"

    [[team]]                             # a team, by its members' specialty tags, for a subject's domain
    domain = "非煤矿山"
    members = [["非煤矿山"], []]
    ok = true

    [[absent]]                           # rules the documents do not set
    keys = ["frequency.yearly_cap"]

Every expectation is checked and every failure reported; none stops the others.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from random_inspection.errors import DataError, Issue, RandomInspectionError
from random_inspection.model import EnforcementCertificate, EnforcementDomain, Inspector, Subject
from random_inspection.profiles import ProfileRegistry, render_value
from random_inspection.timelimits import WorkingCalendar, deadline

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["Scenario", "load_scenario", "run_scenario"]

_SECTIONS = {"profile", "title", "events", "deadline", "rule", "result", "team", "absent"}
# A subject used only to carry a domain into a team check; its code is the GB 32100 standard's own example.
_PROBE_USCC = "91350100M000100Y43"


@attrs.frozen
class Scenario:
    """A parsed scenario: the profile, named events and the expectations, as read from TOML."""

    profile: str
    title: str
    events: Mapping[str, dt.date]
    data: Mapping[str, Any]
    source: str = ""


def _date(value: Any, path: str, issues: list[Issue]) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    issues.append(Issue(path, f"expected a date such as 2025-09-30, got {value!r}"))
    return None


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file.

    Raises:
        DataError: unreadable TOML, unknown sections, a missing profile, or events that are not dates.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError("cannot read scenario", [Issue(str(path), str(exc))]) from exc
    return parse_scenario(data, source=str(path))


def parse_scenario(data: Mapping[str, Any], source: str = "") -> Scenario:
    """Check a scenario given as plain data (what :func:`load_scenario` reads)."""
    issues = [Issue(f"{source}:$.{key}", "unknown section") for key in sorted(set(data) - _SECTIONS)]
    profile = data.get("profile")
    if not isinstance(profile, str) or not profile:
        issues.append(Issue(f"{source}:$.profile", "name the profile, e.g. profile = \"xuchang\""))
    events: dict[str, dt.date] = {}
    for name, value in dict(data.get("events", {})).items():
        day = _date(value, f"{source}:$.events.{name}", issues)
        if day:
            events[name] = day
    if issues:
        raise DataError("cannot read scenario", issues, fix="correct the entries named")
    return Scenario(str(profile), str(data.get("title", "")), events, data, source)


def run_scenario(
    scenario: Scenario, registry: ProfileRegistry | None = None, calendar: WorkingCalendar | None = None
) -> list[str]:
    """Check every expectation of ``scenario``; return the failures (empty when all hold)."""
    registry = registry or ProfileRegistry()
    calendar = calendar or WorkingCalendar.default()
    failures: list[str] = []
    default_day = min(scenario.events.values(), default=None)

    def resolve(entry: Mapping[str, Any], where: str, day: dt.date | None = None) -> Any:
        as_of = entry.get("as_of", day or default_day)
        issues: list[Issue] = []
        as_of = _date(as_of, f"{where}.as_of", issues) if as_of is not None else None
        if as_of is None:
            raise _Failure(f"{where}: give as_of, or an event to resolve the profile on")
        return registry.resolve(scenario.profile, as_of)

    for kind, check in (("deadline", _check_deadline), ("rule", _check_rule), ("result", _check_result),
                        ("team", _check_team), ("absent", _check_absent)):
        for i, entry in enumerate(scenario.data.get(kind, [])):
            where = f"{kind}[{i}]"
            try:
                failures.extend(check(entry, where, scenario, resolve, calendar))
            except _Failure as exc:
                failures.append(str(exc))
            except RandomInspectionError as exc:
                failures.append(f"{where}: {exc}")
    return failures


class _Failure(Exception):
    pass


def _check_deadline(entry: Any, where: str, scenario: Scenario, resolve: Any, calendar: WorkingCalendar) -> list[str]:
    event = scenario.events.get(entry.get("from", ""))
    if event is None:
        raise _Failure(f"{where}: 'from' must name one of the events {sorted(scenario.events)}")
    rule = resolve(entry, where, event).rule(entry["rule"])
    result = deadline(event, rule.value, calendar, citation=rule.citation)
    failures = []
    issues: list[Issue] = []
    due = _date(entry.get("due"), f"{where}.due", issues)
    if due != result.due:
        failures.append(f"{where}: {entry['rule']} from {event}: expected due {due}, got {result.explain()}")
    if "provisional" in entry and entry["provisional"] != result.provisional:
        failures.append(f"{where}: expected provisional={entry['provisional']}, got {result.provisional}")
    return failures


def _check_rule(entry: Any, where: str, scenario: Scenario, resolve: Any, calendar: WorkingCalendar) -> list[str]:
    rule = resolve(entry, where).rule(entry["key"])
    failures = []
    if "value" in entry and render_value(rule.value) != entry["value"]:
        failures.append(f"{where}: {entry['key']}: expected {entry['value']!r}, got {render_value(rule.value)!r}")
    if "citation" in entry and rule.citation.short() != entry["citation"]:
        failures.append(f"{where}: {entry['key']}: expected citation {entry['citation']}, got {rule.citation.short()}")
    if "source" in entry and rule.source != entry["source"]:
        failures.append(f"{where}: {entry['key']}: expected from profile {entry['source']}, got {rule.source}")
    return failures


def _check_result(entry: Any, where: str, scenario: Scenario, resolve: Any, calendar: WorkingCalendar) -> list[str]:
    scheme = resolve(entry, where).rule("results.scheme").value
    code = scheme.code(entry["number"])
    if code.label != entry["label"]:
        return [f"{where}: result {entry['number']}: expected {entry['label']!r}, got {code.label!r}"]
    return []


def _check_team(entry: Any, where: str, scenario: Scenario, resolve: Any, calendar: WorkingCalendar) -> list[str]:
    resolved = resolve(entry, where)
    area = resolved.profile.jurisdiction.code
    subject = Subject(_PROBE_USCC, "情景检查对象", EnforcementDomain(entry["domain"]), area)
    cert = EnforcementCertificate("情景", dt.date(1900, 1, 1))
    team = tuple(
        Inspector(f"m{i}", f"成员{i}", "情景", "情景", cert, specialties=tags)
        for i, tags in enumerate(entry["members"])
    )
    problems = resolved.check_team(team, subject)
    if bool(entry["ok"]) != (not problems):
        expected = "accepted" if entry["ok"] else "refused"
        return [f"{where}: expected the team to be {expected}, got {problems or 'no problems'}"]
    return []


def _check_absent(entry: Any, where: str, scenario: Scenario, resolve: Any, calendar: WorkingCalendar) -> list[str]:
    resolved = resolve(entry, where)
    present = [k for k in entry["keys"] if resolved.has(k)]
    return [f"{where}: expected absent, but set: {', '.join(present)}"] if present else []
