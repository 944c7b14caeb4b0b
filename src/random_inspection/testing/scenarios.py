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
    reading = false                      # optional: whether the rule carries the profile's reading (解读);
    open_list = false                    #   whether its list is left open (等); qualifier = "原则上": the word
                                         #   that makes it a default ("" for a rule that binds)

    [[permission]]                       # who may take a step: an action (as docs/permissions.md names it),
    action = "draw"                      # a role, and whether the profile allows it
    role = "承办股室"
    allowed = true

    [[result]]                           # a code of the result scheme and its exact label
    number = 2
    label = "存在违法违规行为，依法责令改正"

    [[team]]                             # a team, by its members' specialty tags, for a subject's domain
    domain = "非煤矿山"
    members = [["非煤矿山"], []]
    ok = true

    [[absent]]                           # rules the documents do not set
    keys = ["frequency.yearly_cap"]

    [inspection]                         # one inspection walked from its draw to closure (at most one a file)
    department = "yjj"
    steps = { "检查结束" = "inspection_ended", "反馈检查结果" = "fed_back" }   # step label → event
    result = 1                           # optional: a code of the scheme; also optional: handling,
                                         # non_cooperation, rectification_due, opinion, and
                                         # transfers = [{ department = "scjgj", steps = { label = event } }]

    [[obligation]]                       # an obligation of that inspection: its due date and status on a day
    key = "feedback"
    due = 2025-10-14                     # or: no_due = true, where the source sets no period
    deadlines = [2025-10-14]             # optional: the due date of every limit governing the act, its own
                                         # rule's first (two limits on one act: the earlier binds as due)
    status = "按期完成"                   # 未完成, 未完成（期限暂定）, 按期完成, 逾期完成, 已逾期
    on = 2025-10-20
    department = "yjj"                   # optional: the department that owes it
    owed_by = "双随机办"                  # optional: who owes it, the department or an office (Obligation.owed_by)
    counterpart = "scjgj"                # optional: the department a transfer letter went to

    [[disclosure]]                       # the published record of that inspection
    shows = ["result", "handling"]       # fields it carries
    hides = ["opinion"]                  # fields it leaves out
    result = "未发现违法违规情况"          # optional: the published result label

Every expectation is checked and every failure reported; none stops the others.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from random_inspection.errors import DataError, InvalidInputError, Issue, RandomInspectionError
from random_inspection.messages import tr
from random_inspection.model import Action, EnforcementDomain, Role, Subject
from random_inspection.model.dates import iso_date
from random_inspection.profiles import BUILT_IN_NAMESPACES, CATALOGUE, Kind, ProfileRegistry, ProfileStep, render_value
from random_inspection.testing.probes import probe_subject, probe_team
from random_inspection.timelimits import WorkingCalendar
from random_inspection.workflow import (
    OBLIGATIONS,
    InspectionKind,
    InspectionPlan,
    InspectionRecord,
    NonCooperationRule,
    Status,
    Step,
    Transfer,
    as_step,
    disclose,
    obligation_specs,
    obligations,
    profile_steps,
    record_result,
    trigger_problem,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["Scenario", "load_scenario", "run_scenario"]

_SECTIONS = {"profile", "title", "events", "deadline", "rule", "result", "team", "absent", "inspection",
             "obligation", "disclosure", "permission"}

_TEXT, _DATE, _BOOL, _INT, _ANY, _TAGS, _KEYS = "text", "date", "true or false", "whole number", "any", "tags", "keys"
_LIST = "list of texts"
_DATES = "list of dates"
# section → {field: (kind, required)}
_SCHEMA: dict[str, dict[str, tuple[str, bool]]] = {
    "deadline": {"rule": (_TEXT, True), "from": (_TEXT, True), "due": (_DATE, True), "provisional": (_BOOL, False),
                 "as_of": (_DATE, False)},
    "rule": {"key": (_TEXT, True), "value": (_ANY, False), "citation": (_TEXT, False), "source": (_TEXT, False),
             "as_of": (_DATE, False), "reading": (_BOOL, False), "open_list": (_BOOL, False),
             "qualifier": (_ANY, False)},
    "permission": {"action": (_TEXT, True), "role": (_TEXT, True), "allowed": (_BOOL, True), "as_of": (_DATE, False)},
    "result": {"number": (_INT, True), "label": (_TEXT, True), "as_of": (_DATE, False)},
    "team": {"domain": (_TEXT, True), "members": (_TAGS, True), "ok": (_BOOL, True), "on": (_DATE, False),
             "as_of": (_DATE, False)},
    "absent": {"keys": (_KEYS, True), "as_of": (_DATE, False)},
    "obligation": {"key": (_TEXT, True), "due": (_DATE, False), "no_due": (_BOOL, False), "status": (_TEXT, True),
                   "on": (_DATE, True), "department": (_TEXT, False), "counterpart": (_TEXT, False),
                   "owed_by": (_TEXT, False), "deadlines": (_DATES, False)},
    "disclosure": {"shows": (_LIST, False), "hides": (_LIST, False), "result": (_TEXT, False)},
}
_INSPECTION: dict[str, tuple[str, bool]] = {
    "department": (_TEXT, True), "steps": (_ANY, True), "result": (_INT, False), "handling": (_LIST, False),
    "non_cooperation": (_LIST, False), "transfers": (_ANY, False), "rectification_due": (_DATE, False),
    "opinion": (_TEXT, False), "kind": (_TEXT, False), "trigger": (_TEXT, False),
}


def _fits(kind: str, value: Any) -> bool:
    if kind == _TEXT:
        return isinstance(value, str) and bool(value.strip())
    if kind == _BOOL:
        return isinstance(value, bool)
    if kind == _INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == _TAGS:
        return isinstance(value, list) and all(isinstance(m, list) and all(isinstance(t, str) for t in m)
                                               for m in value)
    if kind == _KEYS:
        return isinstance(value, list) and bool(value) and all(isinstance(k, str) for k in value)
    if kind == _LIST:
        return isinstance(value, list) and all(isinstance(k, str) for k in value)
    return True


def _check_entry(section: str, i: int | None, entry: Any, events: dict[str, dt.date], issues: list[Issue],
                 source: str) -> None:
    path = f"{source}:$.{section}" + ("" if i is None else f"[{i}]")
    if not isinstance(entry, Mapping):
        issues.append(Issue(path, tr("expected a table")))
        return
    schema = _INSPECTION if section == "inspection" else _SCHEMA[section]
    for key in sorted(set(entry) - set(schema)):
        issues.append(Issue(f"{path}.{key}", tr("unknown field; {section} takes {schema}", section=section,
                                                schema=', '.join(schema))))
    for key, (kind, required) in schema.items():
        if key not in entry:
            if required:
                issues.append(Issue(f"{path}.{key}", tr("missing")))
            continue
        value = entry[key]
        if kind == _DATE:
            _date(value, f"{path}.{key}", issues)
        elif kind == _DATES:
            if not isinstance(value, list):
                issues.append(Issue(f"{path}.{key}", tr("expected a list of dates, got {value!r}", value=value)))
            for j, day in enumerate(value if isinstance(value, list) else []):
                _date(day, f"{path}.{key}[{j}]", issues)
        elif not _fits(kind, value):
            issues.append(Issue(f"{path}.{key}", tr("expected {kind}, got {value!r}", kind=kind, value=value)))
    keys = [entry["rule"]] if section == "deadline" and isinstance(entry.get("rule"), str) else []
    keys += [entry["key"]] if section == "rule" and isinstance(entry.get("key"), str) else []
    keys += [k for k in entry.get("keys", []) if isinstance(k, str)] if section == "absent" else []
    for key in keys:
        if key not in CATALOGUE and key.split(".", 1)[0] in BUILT_IN_NAMESPACES:
            issues.append(Issue(path, tr("unknown rule key {key!r}", key=key)))
        elif key not in CATALOGUE:
            continue  # a profile package's own key: checked against the loaded profiles when the scenario runs
        elif section == "deadline" and CATALOGUE[key].kind is not Kind.PERIOD:
            issues.append(Issue(f"{path}.rule", tr("{key} is not a time limit", key=key)))
    if section == "deadline" and isinstance(entry.get("from"), str) and entry["from"] not in events:
        issues.append(Issue(f"{path}.from", tr("no event {entry!r}; the events are {events}", entry=entry['from'],
                                               events=sorted(events))))
    if section == "inspection":
        _check_steps(entry.get("steps"), f"{path}.steps", events, issues)
        transfers = entry.get("transfers", [])
        if not isinstance(transfers, list):
            issues.append(Issue(f"{path}.transfers", tr("expected a list of {{ department, steps }} tables")))
            transfers = []
        for i, letter in enumerate(transfers):
            where = f"{path}.transfers[{i}]"
            if not isinstance(letter, Mapping) or set(letter) != {"department", "steps"} \
                    or not _fits(_TEXT, letter.get("department")):
                issues.append(Issue(where, tr("expected {{ department = \"...\", steps = {{ label = event }} }}")))
                continue
            _check_steps(letter["steps"], f"{where}.steps", events, issues)
    if section == "obligation" and isinstance(entry.get("status"), str) and \
            entry["status"] not in {s.value for s in Status}:
        issues.append(Issue(f"{path}.status", f"{entry['status']!r} is not one of "
                            + ", ".join(s.value for s in Status)))
    if section == "obligation" and isinstance(entry.get("key"), str) and \
            not re.fullmatch(r"[a-z][a-z0-9_]*", entry["key"]):
        # a profile may add duties of its own, so the key is checked against the profile when the scenario runs
        issues.append(Issue(f"{path}.key", f"{entry['key']!r} is no obligation key: the library's are "
                            + ", ".join(o.key for o in OBLIGATIONS) + "; a profile may add its own"))
    if section == "permission" and isinstance(entry.get("action"), str) and \
            entry["action"] not in {a.value for a in Action}:
        issues.append(Issue(f"{path}.action",
                            f"{entry['action']!r} is no action: " + ", ".join(a.value for a in Action)))
    if section == "permission" and isinstance(entry.get("role"), str) and entry["role"] not in {r.value for r in Role}:
        issues.append(Issue(f"{path}.role", f"{entry['role']!r} is no role: " + ", ".join(r.value for r in Role)))
    if section == "rule" and "qualifier" in entry and not isinstance(entry["qualifier"], str):
        issues.append(Issue(f"{path}.qualifier", tr("expected the source's word (原则上, 可以, ...) or \"\" for none")))
    if section == "team" and isinstance(entry.get("domain"), str) and \
            entry["domain"] not in {d.value for d in EnforcementDomain}:
        issues.append(Issue(f"{path}.domain", f"{entry['domain']!r} is not a domain: "
                            + ", ".join(d.value for d in EnforcementDomain)))


def _check_steps(steps: Any, path: str, events: dict[str, dt.date], issues: list[Issue]) -> None:
    if not isinstance(steps, Mapping):
        issues.append(Issue(path, tr("expected a table of step label = event name")))
        return
    for label, event in steps.items():  # a label no library step has is a step of the profile's own: see _walk
        try:
            as_step(label)
        except InvalidInputError as bad:
            issues.append(Issue(f"{path}.{label}", bad.what))
        if event not in events:
            issues.append(Issue(f"{path}.{label}", tr("no event {event!r}; the events are {events}", event=event,
                                                      events=sorted(events))))


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
            return iso_date(value)
        except ValueError:
            pass
    issues.append(Issue(path, tr("expected a date such as 2025-09-30, got {value!r}", value=value)))
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
        raise DataError(tr("cannot read scenario"), [Issue(str(path), str(exc))]) from exc
    return parse_scenario(data, source=str(path))


def parse_scenario(data: Mapping[str, Any], source: str = "") -> Scenario:
    """Check a scenario given as plain data (what :func:`load_scenario` reads)."""
    if not isinstance(data, Mapping):
        raise DataError(tr("cannot read scenario"), [Issue(f"{source}:$", tr("expected a table"))])
    issues = [Issue(f"{source}:$.{key}", tr("unknown section")) for key in sorted(set(data) - _SECTIONS)]
    profile = data.get("profile")
    if not isinstance(profile, str) or not profile:
        issues.append(Issue(f"{source}:$.profile", tr("name the profile, e.g. profile = \"weidu\"")))
    events: dict[str, dt.date] = {}
    raw_events = data.get("events", {})
    if not isinstance(raw_events, Mapping):
        issues.append(Issue(f"{source}:$.events", tr("expected a table of named dates")))
        raw_events = {}
    for name, value in raw_events.items():
        day = _date(value, f"{source}:$.events.{name}", issues)
        if day:
            events[name] = day
    expectations = 0
    for section in _SCHEMA:
        entries = data.get(section, [])
        if not isinstance(entries, list):
            issues.append(Issue(f"{source}:$.{section}", tr("expected [[{section}]] tables", section=section)))
            continue
        for i, entry in enumerate(entries):
            _check_entry(section, i, entry, events, issues, source)
        expectations += len(entries)
    if "inspection" in data:
        _check_entry("inspection", None, data["inspection"], events, issues, source)
    for section in ("obligation", "disclosure"):
        if data.get(section) and "inspection" not in data:
            issues.append(Issue(f"{source}:$.{section}", tr("needs an [inspection] to check")))
    if not expectations and not issues:
        issues.append(Issue(f"{source}:$", tr("the scenario expects nothing; add [[deadline]], [[rule]], "
                                              "[[result]], [[team]], [[absent]] or [[permission]]")))
    if issues:
        raise DataError(tr("cannot read scenario"), issues, fix=tr("correct the entries named"))
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
        as_of = _date(entry["as_of"], where, []) if "as_of" in entry else (day or default_day)
        if as_of is None:
            raise _Failure(f"{where}: give as_of, or an event to resolve the profile on")
        return registry.resolve(scenario.profile, as_of)

    if scenario.profile not in registry.profiles:
        return [f"profile {scenario.profile!r} is not loaded (loaded: {', '.join(sorted(registry.profiles))})"]

    for kind, check in (("deadline", _check_deadline), ("rule", _check_rule), ("result", _check_result),
                        ("permission", _check_permission),
                        ("team", _check_team), ("absent", _check_absent), ("obligation", _check_obligation),
                        ("disclosure", _check_disclosure)):
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
    event = scenario.events[entry["from"]]
    result = resolve(entry, where, event).deadline(entry["rule"], event, calendar)
    failures = []
    due = _date(entry["due"], where, [])
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
    if "reading" in entry and bool(rule.reading) != entry["reading"]:
        failures.append(f"{where}: {entry['key']}: expected {'a' if entry['reading'] else 'no'} reading, got "
                        + (repr(rule.reading) if rule.reading else "none"))
    if "open_list" in entry and rule.open_list != entry["open_list"]:
        failures.append(f"{where}: {entry['key']}: expected open_list={entry['open_list']}, got {rule.open_list}")
    if "qualifier" in entry and (rule.qualifier or "") != entry["qualifier"]:
        failures.append(f"{where}: {entry['key']}: expected qualifier {entry['qualifier']!r}, got {rule.qualifier!r}")
    return failures


def _check_permission(entry: Any, where: str, scenario: Scenario, resolve: Any, calendar: WorkingCalendar
                      ) -> list[str]:
    grant = resolve(entry, where).permissions().grant(Action(entry["action"]))
    allowed = grant.allows(Role(entry["role"]))
    if allowed == entry["allowed"]:
        return []
    cited = f" ({grant.citation.short()})" if grant.citation else " (uncited)"
    return [f"{where}: {entry['action']} by {entry['role']}: expected "
            f"{'allowed' if entry['allowed'] else 'refused'}, got {'allowed' if allowed else 'refused'}{cited}"]


def _check_result(entry: Any, where: str, scenario: Scenario, resolve: Any, calendar: WorkingCalendar) -> list[str]:
    scheme = resolve(entry, where).rule("results.scheme").value
    code = scheme.code(entry["number"])
    if code.label != entry["label"]:
        return [f"{where}: result {entry['number']}: expected {entry['label']!r}, got {code.label!r}"]
    return []


def _check_team(entry: Any, where: str, scenario: Scenario, resolve: Any, calendar: WorkingCalendar) -> list[str]:
    resolved = resolve(entry, where)
    subject = probe_subject(entry["domain"], resolved.profile.jurisdiction.code)
    team = probe_team(entry["members"])
    on = _date(entry["on"], where, []) if "on" in entry else None
    problems = resolved.check_team(team, subject, on=on)
    if entry["ok"] != (not problems):
        expected = "accepted" if entry["ok"] else "refused"
        return [f"{where}: expected the team to be {expected}, got {problems or 'no problems'}"]
    return []


def _check_absent(entry: Any, where: str, scenario: Scenario, resolve: Any, calendar: WorkingCalendar) -> list[str]:
    resolved = resolve(entry, where)
    present = [k for k in entry["keys"] if resolved.has(k)]
    return [f"{where}: expected absent, but set: {', '.join(present)}"] if present else []


def _walk(scenario: Scenario, resolve: Any) -> tuple[Any, Subject, InspectionRecord]:
    """The scenario's inspection of a stand-in subject as a record, under the profile resolved on the day it
    ended (or began)."""
    spec = scenario.data["inspection"]
    steps = {as_step(label): scenario.events[event] for label, event in spec["steps"].items()}
    day = steps.get(Step.ENDED) or steps.get(Step.STARTED) or min(steps.values())
    resolved = resolve({}, "inspection", day)
    own = {s.value for s in profile_steps(resolved)}
    foreign = [s.value for s in steps if isinstance(s, ProfileStep) and s.value not in own]
    if foreign:
        raise _Failure(f"inspection: {', '.join(foreign)}: no step of the library or of {resolved.code}; the steps "
                       "are " + ", ".join([*(s.value for s in Step), *sorted(own)]))
    subject = probe_subject(EnforcementDomain.INDUSTRY_TRADE.value, resolved.profile.jurisdiction.code)
    record = InspectionRecord(
        subject.uscc, f"scenario:{scenario.title}",
        InspectionKind(spec.get("kind", InspectionKind.DOUBLE_RANDOM.value)),
        spec["department"], ("m0", "m1"), (), opinion=spec.get("opinion", ""),
        transfers=[Transfer(t["department"], {as_step(label): scenario.events[e] for label, e in t["steps"].items()})
                   for t in spec.get("transfers", [])],
        rectification_due=_date(spec["rectification_due"], "inspection", []) if "rectification_due" in spec else None,
        events=steps, trigger=spec.get("trigger"),
    )
    if record.kind is InspectionKind.OTHER:
        problem = trigger_problem(resolved, record.trigger)
        if problem is not None:
            raise _Failure(f"inspection: {problem}")
    if "result" in spec or spec.get("non_cooperation"):
        departments = tuple(d.code for d in resolved.value("joint.departments", ()))
        record = record_result(record, resolved.rule("results.scheme").value, spec.get("result"),
                               handling=spec.get("handling", ()), non_cooperation=spec.get("non_cooperation", ()),
                               non_cooperation_rule=NonCooperationRule.of(resolved),
                               joint_departments=departments, agreed_by=departments,
                               joint_office_agrees=bool(resolved.value("joint.office_agrees_results", False)))
    return resolved, subject, record


def _check_obligation(entry: Any, where: str, scenario: Scenario, resolve: Any,
                      calendar: WorkingCalendar) -> list[str]:
    resolved, _, record = _walk(scenario, resolve)
    known = [spec.key for spec in obligation_specs(resolved)]
    if entry["key"] not in known:
        return [f"{where}: no obligation {entry['key']!r} under {resolved.code}: " + ", ".join(known)]
    found = [o for o in obligations(record, resolved, calendar) if o.key == entry["key"]
             and all(entry[f] == getattr(o, f) for f in ("department", "counterpart", "owed_by") if f in entry)]
    if len(found) != 1:
        which = "no" if not found else f"{len(found)} (name a department or counterpart to pick one)"
        return [f"{where}: {which} {entry['key']} obligation arose (the steps so far: "
                + ", ".join(s.value for s, _ in record.events) + ")"]
    (item,) = found
    failures = []
    if "due" in entry and item.due != _date(entry["due"], where, []):
        explained = item.deadline.explain() if item.deadline else str(item.due)
        failures.append(f"{where}: {entry['key']}: expected due {entry['due']}, got {explained}")
    if "deadlines" in entry:
        expected = [_date(d, where, []) for d in entry["deadlines"]]
        got = [d.due for d in item.deadlines]
        if got != expected:
            shown = "; ".join(d.explain() for d in item.deadlines) or "none"
            failures.append(f"{where}: {entry['key']}: expected the deadlines {', '.join(map(str, expected))}, "
                            f"got {shown}")
    if entry.get("no_due") and item.due is not None:
        failures.append(f"{where}: {entry['key']}: expected no due date, got {item.due}")
    on = _date(entry["on"], where, [])
    assert on is not None  # checked when the scenario was read
    if item.status(on).value != entry["status"]:
        failures.append(f"{where}: {entry['key']} on {on}: expected {entry['status']}, got {item.status(on).value}")
    return failures


def _check_disclosure(entry: Any, where: str, scenario: Scenario, resolve: Any,
                      calendar: WorkingCalendar) -> list[str]:
    resolved, subject, record = _walk(scenario, resolve)
    window = (min(scenario.events.values()), max(scenario.events.values()))
    plan = InspectionPlan(record.plan_id, resolved.code, (record.department,), window, ())
    public = disclose(resolved, plan, None, [record], {subject.uscc: subject}, {})
    (shown,) = public.to_json()["inspections"]
    failures = [f"{where}: the disclosure lacks {f}" for f in entry.get("shows", []) if f not in shown]
    failures += [f"{where}: the disclosure carries {f}" for f in entry.get("hides", []) if f in shown]
    if "result" in entry and (shown.get("result") or {}).get("label") != entry["result"]:
        failures.append(f"{where}: expected the result {entry['result']!r}, got {shown.get('result')}")
    return failures
