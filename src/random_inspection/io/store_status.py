"""The status view across every plan of a store (docs/status.md): for each plan the ledger holds a commit of, its
overdue and upcoming duties with the subject's 名称 beside its code, and per profile the counts per status and
the indicators its documents set (the yearly floor, the credit-risk share, the joint share).

The plans are the store's: every plan with a ``plan_committed`` entry. Their files come from a folder of plan
files, found by ``plan_id`` (as ``serve --plans`` finds them). A plan whose file is not in the folder has its
duties worked out from the ledger alone: its commit entry records the plan as committed (its profile, window and
departments) and the store its results, which is all its duties need, save the periods a plan file may set for
duties whose source sets none (those duties then have no due date); such a plan is marked (``duties_from``
``"ledger"``). A plan whose file is no longer the one committed, or whose commit predates the recording of its
profile, is listed with what the ledger gives (its window and the results recorded) and why its duties are not
shown; no plan is left out. The day is a parameter: the caller decides what today is; ``cut_offs`` are the
office's hours by obligation key, as for ``obligations --cut-off``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError, RandomInspectionError
from random_inspection.io.plan_steps import check_plan_committed, committed_sizes
from random_inspection.io.planfile import PlanFile, load_plan_file
from random_inspection.io.roster_names import read_roster_names
from random_inspection.messages import tr
from random_inspection.profiles import ProfileRegistry, ResolvedProfile
from random_inspection.store import Store
from random_inspection.store.ledger import EntryKind
from random_inspection.timelimits import CutOff, Period, WorkingCalendar
from random_inspection.workflow import CommittedSize, Indicator, Obligation, credit_risk_share, joint_share
from random_inspection.workflow.duty_status import DEFAULT_WITHIN, DutyStanding, duty_standings, status_counts
from random_inspection.workflow.inspections import InspectionRecord
from random_inspection.workflow.plan_obligations import plan_obligations
from random_inspection.workflow.plans import InspectionPlan

__all__ = ["PlanStatus", "ProfileStatus", "StoreStatus", "duty_json", "plan_files", "store_status"]


def plan_files(folder: Path) -> dict[str, PlanFile]:
    """The plan files of ``folder`` (its ``*.toml`` files that are plan files) by ``plan_id``; a TOML file that
    is no plan file (a profile configuration, ...) is passed over, and the first file of an id in name order
    is kept."""
    found: dict[str, PlanFile] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            plan = load_plan_file(path)
        except InvalidInputError:
            continue
        found.setdefault(plan.plan_id, plan)
    return found


@attrs.frozen
class PlanStatus:
    """One committed plan on the day.

    Attributes:
        plan_id, profile, window: as its last ``plan_committed`` entry records them (``profile`` ``None`` where
            the entry predates its recording).
        file: the plan file found for it, or ``None``.
        results: the inspections recorded for it in the store.
        overdue, upcoming: its duties overdue at the end of the day, and open and due within the days asked.
        counts: its duties per status (:func:`~random_inspection.workflow.duty_status.status_counts`); empty where
            its duties are not known.
        names: the 名称 of the subjects shown, from the plan's rosters (a code with no readable name is absent).
        problem: why its duties are not shown (a file that is not the one committed, a commit without its
            profile), else ``None``.
        from_ledger: its duties are worked out from its commit entry, no plan file having its ``plan_id``.
    """

    plan_id: str
    profile: str | None
    window: tuple[str, str]
    file: Path | None
    results: int
    overdue: tuple[DutyStanding, ...] = ()
    upcoming: tuple[DutyStanding, ...] = ()
    counts: Mapping[str, int] = attrs.field(factory=dict)
    names: Mapping[str, str] = attrs.field(factory=dict)
    problem: Any = None
    from_ledger: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"plan_id": self.plan_id, "profile": self.profile, "window": list(self.window),
                "file": None if self.file is None else str(self.file), "file_found": self.file is not None,
                "results_recorded": self.results, "duties_known": self.problem is None,
                "duties_from": None if self.problem is not None else "ledger" if self.from_ledger else "plan file",
                "problem": None if self.problem is None else str(self.problem),
                "counts": dict(self.counts),
                "overdue": [duty_json(s, self.names) for s in self.overdue],
                "upcoming": [duty_json(s, self.names) for s in self.upcoming]}


@attrs.frozen
class ProfileStatus:
    """The plans of one profile on the day: the counts per status of their duties and the indicators the
    profile's documents set (each with its target and article)."""

    code: str
    name: str
    plans: tuple[str, ...]
    counts: Mapping[str, int]
    indicators: tuple[Indicator, ...]

    def to_json(self) -> dict[str, Any]:
        return {"profile": self.code, "name": self.name, "plans": list(self.plans), "counts": dict(self.counts),
                "indicators": [_indicator_json(i) for i in self.indicators]}


@attrs.frozen
class StoreStatus:
    """The status view of a store on a day (see the module)."""

    on: dt.date
    within: int
    department: str | None
    plans: tuple[PlanStatus, ...]
    profiles: tuple[ProfileStatus, ...]

    @property
    def overdue(self) -> tuple[DutyStanding, ...]:
        return tuple(s for p in self.plans for s in p.overdue)

    @property
    def firmly_overdue(self) -> int:
        """Overdue duties whose due date no holiday schedule still to come can move."""
        return sum(1 for s in self.overdue if s.firmly_overdue)

    @property
    def provisionally_overdue(self) -> int:
        """Overdue duties whose due date rests on an estimated holiday schedule (暂估)."""
        return sum(1 for s in self.overdue if not s.firmly_overdue)

    @property
    def unknown(self) -> tuple[PlanStatus, ...]:
        """The plans whose duties are not shown (:attr:`PlanStatus.problem`)."""
        return tuple(p for p in self.plans if p.problem is not None)

    def to_json(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "within_days": self.within, "department": self.department,
                "overdue": len(self.overdue), "firmly_overdue": self.firmly_overdue,
                "provisionally_overdue": self.provisionally_overdue,
                "plans_without_duties": [p.plan_id for p in self.unknown],
                "profiles": [p.to_json() for p in self.profiles], "plans": [p.to_json() for p in self.plans]}


def duty_json(standing: DutyStanding, names: Mapping[str, str]) -> dict[str, Any]:
    """A duty as the status view lists it (stable field names; docs/status.md)."""
    o = standing.obligation
    return {"plan_id": o.plan_id, "subject": o.subject, "subject_name": names.get(o.subject),
            "department": o.department, "owed_by": o.owed_by, "counterpart": o.counterpart, "key": o.key,
            "duty": o.title, "due": None if o.due is None else o.due.isoformat(),
            "ends": o.deadline.ends if o.deadline is not None and o.deadline.due == o.due else None,
            "days_left": standing.days_left, "counted_in": standing.counting.value,
            "provisional": standing.provisional, "status": standing.status.value, "citation": o.citation.short()}


def _share(value: Fraction | int | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, int):
        return str(value)
    return f"{value.numerator}/{value.denominator}"


def _indicator_json(indicator: Indicator) -> dict[str, Any]:
    return {"name": indicator.name, "achieved": _share(indicator.achieved),
            "percent": None if isinstance(indicator.achieved, int) else round(float(indicator.achieved) * 100, 1),
            "target": _share(indicator.target), "met": indicator.met,
            "citation": None if indicator.citation is None else indicator.citation.short(), "detail": indicator.detail}


def _yearly_floor(profile: ResolvedProfile, sizes: Iterable[CommittedSize], year: int) -> Indicator | None:
    """The year's committed plans under ``profile`` against its yearly floor (``draw.min_ratio``; see
    :mod:`~random_inspection.workflow.floors`): their sample sizes together, each plan by its latest commit,
    against ``⌈floor × pool⌉`` of the pool the year's latest commit records."""
    if not profile.has("draw.min_ratio"):
        return None
    floor = profile.value("draw.min_ratio")
    latest: dict[str, CommittedSize] = {}
    for size in sizes:
        if size.profile == profile.code and size.year == year:
            latest[size.plan_id] = size
    pools = [s.pool for s in latest.values() if s.pool is not None]
    if not latest or not pools:
        return None
    pool, drawn = pools[-1], sum(s.sample_size or 0 for s in latest.values())
    least = math.ceil(floor * pool)
    return Indicator("抽查比例", Fraction(drawn, pool) if pool else Fraction(0), floor, drawn >= least,
                     profile.rule("draw.min_ratio").citation,
                     f"{drawn} of {pool} subjects drawn by {len(latest)} plans in {year}; floor {least}")


def _indicators(profile: ResolvedProfile, plans: list[InspectionPlan], records: list[InspectionRecord],
                sizes: list[CommittedSize], year: int) -> tuple[Indicator, ...]:
    out: list[Indicator] = []
    floor = _yearly_floor(profile, sizes, year)
    if floor is not None:
        out.append(floor)
    if profile.has("draw.credit_risk_share"):
        for department in sorted({d for p in plans for d in p.departments}):
            out.append(credit_risk_share(profile, plans, department, records or None))
    if profile.has("joint.share") and plans:
        out.extend(joint_share(profile, plans, records))
    return tuple(out)


def _ledger_plans(store: Store) -> dict[str, dict[str, Any]]:
    """Each committed plan's last ``plan_committed`` payload, in the order first committed, with the department
    of the actor who committed it (``"committed_by"``, where the entry names one)."""
    found: dict[str, dict[str, Any]] = {}
    for entry in store.entries(kind=EntryKind.PLAN_COMMITTED):
        if entry.plan_id is not None:
            found[entry.plan_id] = {**entry.payload, "committed_by": (entry.actor or {}).get("department")}
    return found


def _committed_plan(plan_id: str, payload: Mapping[str, Any]) -> InspectionPlan:
    """The plan as its commit entry records it: its profile, window and departments (a joint plan's, lead first;
    else the committing actor's). The checklist is left empty: the duties do not depend on it.

    Raises:
        InvalidInputError: the entry predates the recording of its profile, or names no department.
    """
    where = tr("plan {plan_id}, its {kind} entry", plan_id=plan_id, kind="plan_committed")
    if not payload.get("profile"):
        raise InvalidInputError(tr("the commit does not record the plan's profile: its duties are not shown"),
                                where=where, fix=tr("put the plan file in the plans folder"))
    departments = tuple(payload.get("departments") or ([payload["committed_by"]] if payload.get("committed_by")
                                                       else []))
    if not departments:
        raise InvalidInputError(tr("the commit names no department: its duties are not shown"), where=where,
                                fix=tr("put the plan file in the plans folder"))
    first, last = (dt.date.fromisoformat(str(d)) for d in payload["window"])
    return InspectionPlan(plan_id, str(payload["profile"]), departments, (first, last), ())


def _names(plan: PlanFile, subjects: Iterable[str]) -> dict[str, str]:
    try:
        names = read_roster_names(plan.roster_paths, department=plan.roster_department,
                                  encoding=plan.roster_encoding)
    except (RandomInspectionError, OSError):
        return {}
    return dict(names.only(subjects).subjects)


def store_status(store: Store, plans: Mapping[str, PlanFile], registry: ProfileRegistry,
                 calendar: WorkingCalendar, on: dt.date, *, within: int = DEFAULT_WITHIN,
                 department: str | None = None, cut_offs: Mapping[str, CutOff] | None = None) -> StoreStatus:
    """The status view of ``store`` at the end of ``on`` (see the module).

    Args:
        plans: the plan files by ``plan_id`` (:func:`plan_files`).
        calendar: counts the due dates; a non-strict one, so a year without an official holiday schedule gives
            provisional due dates rather than an error.
        within: the calendar days ahead a duty is upcoming within.
        department: only the duties this department owes.
        cut_offs: the office's hours by obligation key, where a duty's act is done during business hours
            (:class:`~random_inspection.timelimits.CutOff`; ``obligations --cut-off``).
    """
    if within < 0:
        raise InvalidInputError(tr("--within {within} is negative", within=within),
                                where=tr("command {name}", name="status"),
                                fix=tr("give the number of days ahead to list, 0 or more"))
    sizes = committed_sizes(store)
    rows: list[PlanStatus] = []
    by_profile: dict[str, list[tuple[InspectionPlan, list[InspectionRecord], list[Obligation]]]] = {}
    for plan_id, payload in _ledger_plans(store).items():
        window = (str(payload["window"][0]), str(payload["window"][1]))
        file = plans.get(plan_id)
        code = payload.get("profile")
        try:
            if file is None:  # the plan as committed, from its entry
                plan = _committed_plan(plan_id, payload)
                resolved = registry.resolve(plan.profile, plan.window[0])
                periods: Mapping[str, Period] = {}
            else:
                plan, resolved, periods = file.plan, file.profile(registry), file.periods
                check_plan_committed(store, file, resolved)
            records = store.records(plan_id, resolved.value("results.scheme"))
            items = list(plan_obligations(records, plan, registry, calendar, periods=periods, cut_offs=cut_offs,
                                          departures=store.deadline_departures(plan_id)))
        except RandomInspectionError as exc:
            rows.append(PlanStatus(plan_id, code, window, None if file is None else file.path, len(store.entries(
                plan_id=plan_id, kind=EntryKind.RESULT_RECORDED)), problem=exc.message))
            continue
        mine = [o for o in items if department is None or o.department == department]
        late, soon = duty_standings(mine, on, calendar, within=within)
        names = {} if file is None else _names(file, {s.obligation.subject for s in (*late, *soon)})
        rows.append(PlanStatus(plan_id, plan.profile, window, None if file is None else file.path, len(records),
                               late, soon, status_counts(mine, on), names, from_ledger=file is None))
        by_profile.setdefault(plan.profile, []).append((plan, records, mine))
    profiles = []
    for code in sorted({p.profile for p in rows if p.profile is not None}):
        members = by_profile.get(code, [])
        counts = status_counts([o for _, _, items in members for o in items], on)
        year = max((p.window[0].year for p, _, _ in members), default=on.year)
        try:
            resolved = registry.resolve(code, dt.date(year, 1, 1) if not members else
                                        max(p.window[0] for p, _, _ in members))
        except RandomInspectionError:
            indicators: tuple[Indicator, ...] = ()
            name = code
        else:
            indicators = _indicators(resolved, [p for p, _, _ in members], [r for _, rs, _ in members for r in rs],
                                     sizes, year)
            name = resolved.profile.name
        profiles.append(ProfileStatus(code, name, tuple(p.plan_id for p in rows if p.profile == code), counts,
                                      indicators))
    return StoreStatus(on, within, department, tuple(rows), tuple(profiles))
