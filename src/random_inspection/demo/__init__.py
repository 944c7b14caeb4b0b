"""The demo: an end-to-end run on bundled synthetic data for two Henan cities, 许昌 and 鹤壁.

For 许昌 it reads the bundled 检查对象名录库, 执法人员名录库 and 随机抽查事项清单 through the model's converter,
shows who is in the pool and who is not (and why), checks identifiers, computes, from the five bureaus'
profiles, the time limits in force for inspections that end just before National Day 2026 and before Spring
Festival 2027 (the latter provisional: the library carries no State Council schedule for 2027), and draws a plan
through the store. For 鹤壁 (:mod:`random_inspection.demo.hebi`) it runs the 2020 joint plan from its rosters'
files to its forms. Both cities publish (:mod:`random_inspection.demo.sites`): 许昌's two plans and 鹤壁's joint plan,
each on its bureau's site. The data are synthetic.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from random_inspection.demo.actors import (
    DEMO_ADMIN,
    DEMO_INTEREST_SECRET,
    DEMO_OFFICE,
    DEMO_SECTION,
    demo_keys,
    demo_register,
    demo_signer,
)
from random_inspection.demo.hebi import run_hebi
from random_inspection.demo.platform import PLATFORM_FOLDER, platform_text, run_platform
from random_inspection.demo.sites import SITE_FOLDER, publish, sites_text
from random_inspection.errors import IdentifierError, IneligibleInspectorError
from random_inspection.io import PlanExport
from random_inspection.messages import tr
from random_inspection.model import ChecklistItem, Inspector, Subject, structure, validate_uscc
from random_inspection.profiles import CATALOGUE, Event, ProfileRegistry
from random_inspection.sampling import InputField, PublicInputSpec, build_manifest, draw, verify
from random_inspection.store import Store, mask_url
from random_inspection.timelimits import WorkingCalendar, deadline
from random_inspection.workflow import InspectionPlan, disclose, draw_rules

__all__ = ["BUREAUS", "DEMO_ADMIN", "DEMO_OFFICE", "DEMO_SECTION", "JOINT_PLAN_FOLDER", "SITE_FOLDER", "DemoReport",
           "demo_keys",
           "load_demo_data", "run_demo"]


BUREAUS = ("xuchang", "lengshuitan", "shijiazhuang", "hebi", "yanshi")

JOINT_PLAN_FOLDER = "hebi"
"""The sub-folder of the demo's output that the joint plan's forms, tables and disclosure are written into."""

INSPECTION_ENDS = (dt.date(2020, 9, 28), dt.date(2023, 9, 28), dt.date(2026, 9, 30), dt.date(2027, 2, 3))
PLAN_DAY = dt.date(2026, 12, 1)
DEMO_PLAN = "XC-DEMO-2026-12"
DEMO_SEED_SOURCE = "四枚骰子当众投掷，依次记录点数，地点：市应急管理局一楼大厅，纪检监察室见证"
DEMO_DICE = PublicInputSpec(DEMO_SEED_SOURCE, "2026-12-01T09:30:00+08:00",
                            tuple(InputField(f"die{i}", "digits", length=1, alphabet="123456") for i in range(1, 5)))
"""draw-v2's public input of the demo plan: four dice, thrown when and where the manifest says."""
DEMO_PUBLIC_INPUT = "3 5 1 6"  # the dice the demo takes to have been rolled in public
DEPARTMENT_NAMES = {"yjj": "许昌市应急管理局"}
"""The name of the department of 许昌's demo plans (a plan file's ``department_names``)."""

@attrs.frozen
class DemoReport:
    """What the demo found, as plain data (``--format json`` prints it)."""

    subjects: dict[str, Any]
    inspectors: dict[str, Any]
    checklist: dict[str, Any]
    identifiers: list[dict[str, str]]
    deadlines: list[dict[str, Any]]
    draw: dict[str, Any]
    hebi: dict[str, Any]
    platform: dict[str, Any] = attrs.field(factory=dict)  # a 许昌 plan drawn on the Henan platform
    sites: list[dict[str, Any]] = attrs.field(factory=list)  # what was published where, a plan at a time


def _load(name: str) -> Any:
    folder = resources.files("random_inspection").joinpath("data").joinpath("demo")
    text = folder.joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def load_demo_data() -> tuple[list[Subject], list[Inspector], list[ChecklistItem]]:
    """The bundled synthetic roster: 许昌's subjects, its inspectors (department ``yjj``) and its checklist."""
    return (structure(_load("subjects.json"), list[Subject]), structure(_load("inspectors.json"), list[Inspector]),
            structure(_load("checklist.json"), list[ChecklistItem]))


def demo_draw(store: Store, registry: ProfileRegistry, site: Path | None = None) -> dict[str, Any]:
    """许昌's December 2026 plan drawn through the store: the plan committed before the dice by the section that
    plans it, the history for the caps read from the store, the draw recorded by the double-random office, each
    entry signed (SM2) and the ledger verified against the key register its chain holds. Run again on the same
    store, the draw already recorded is verified instead of drawn twice. With ``site``, the draw is published on
    许昌's site on the day of the dice (``published``)."""
    subjects, inspectors, checklist = load_demo_data()
    profile = registry.resolve("xuchang", PLAN_DAY)
    store = store.bind(profile.permissions())
    manifest = build_manifest(DEMO_PLAN, None, None, (PLAN_DAY, dt.date(2026, 12, 31)),
                              subjects, inspectors, checklist, draw_rules(profile, team_size=2, items=3),
                              history=store.history_for(DEMO_PLAN, PLAN_DAY.year), public_input=DEMO_DICE,
                              interest_secret=DEMO_INTEREST_SECRET)
    recorded = store.current_draw(DEMO_PLAN)
    if recorded is None:
        store.commit_plan(manifest, actor=DEMO_SECTION, signer=demo_signer(DEMO_SECTION),
                          at="2026-11-30T10:00:00+08:00")
        result = draw(manifest, DEMO_PUBLIC_INPUT)
        store.record_draw(manifest, result, actor=DEMO_OFFICE, signer=demo_signer(DEMO_OFFICE),
                          at="2026-12-01T09:30:00+08:00")
        recorded = result
    problem = verify(manifest, recorded)
    names = {s.uscc: s.name for s in subjects}
    people = {p.id: p.name for p in inspectors}
    teams, items = dict(recorded.teams), dict(recorded.items)
    published = []
    if site is not None:
        plan = InspectionPlan(DEMO_PLAN, "xuchang", ("yjj",), manifest.window, tuple(c.code for c in checklist))
        public = disclose(profile, plan, recorded, [], {s.uscc: s for s in subjects}, {p.id: p for p in inspectors},
                          commits=store.commits(DEMO_PLAN), ledger_head=store.ledger_head())
        export = PlanExport.of(profile, plan, recorded, subjects, inspectors, checklist, manifest=manifest,
                               department_names=DEPARTMENT_NAMES)
        published.append(publish(site, export, public, PLAN_DAY))
    return {
        "plan_id": DEMO_PLAN, "manifest_hash": manifest.hash, "public_input": recorded.public_input,
        "seed": recorded.seed, "verified": problem is None,
        "drawn": [{"uscc": sid, "name": names[sid], "team": [people[m] for m in teams[sid]],
                   "items": list(items[sid])} for sid in recorded.subjects],
        "actors": [{"entry": e.seq, "kind": e.kind.value, "actor": (e.actor or {}).get("id"),
                    "role": (e.actor or {}).get("role"), "algorithm": e.algorithm} for e in store.entries()],
        "ledger_entries": store.verify(admin_key=demo_signer(DEMO_ADMIN).public_key),
        "ledger_head": str(store.ledger_head()),
        "store": mask_url(store.engine.url.render_as_string(hide_password=False)),
        "sites": published,
    }


def run_demo(calendar: WorkingCalendar | None = None, registry: ProfileRegistry | None = None,
             store: Store | None = None, out: Path | None = None) -> DemoReport:
    """Run the demo on the bundled data and return what it found. The draws go through ``store`` (an
    in-memory SQLite store if none is given); 鹤壁's forms, tables and disclosure are written into ``out``, and
    both cities' sites beside it, in ``SITE_FOLDER`` (nothing is written if ``None``)."""
    calendar = calendar or WorkingCalendar.default()
    registry = registry or ProfileRegistry()
    subjects, inspectors, checklist = load_demo_data()

    in_pool = [s for s in subjects if s.in_existence]
    subject_summary = {
        "total": len(subjects),
        "in_existence": len(in_pool),
        "not_in_existence": [f"{s.name} ({s.status.value})" for s in subjects if not s.in_existence],
        "exempt_from_yearly_cap": [s.name for s in in_pool if s.exempt_from_yearly_cap],
        "by_domain": dict(sorted(Counter(s.domain.value for s in in_pool).items())),
        "by_area": dict(sorted(Counter(s.area_code for s in in_pool).items())),
    }
    eligible, refused = [], []
    for person in inspectors:
        try:
            person.require_eligible(PLAN_DAY)
            eligible.append(person.id)
        except IneligibleInspectorError as exc:
            refused.append(str(exc))
    inspector_summary = {"total": len(inspectors), "eligible_on": PLAN_DAY.isoformat(),
                         "eligible": eligible, "not_eligible": refused}
    checklist_summary = {
        "items": len(checklist),
        "per_domain": {
            d: sum(1 for item in checklist if item.applies_to(s.domain))
            for d, s in sorted({s.domain.value: s for s in in_pool}.items())
        },
    }

    good = subjects[0].uscc
    typo = good[:5] + ("0" if good[5] != "0" else "1") + good[6:]
    identifiers = []
    for value in (good, typo):
        try:
            identifiers.append({"value": value, "result": f"valid: {validate_uscc(value)}"})
        except IdentifierError as exc:
            identifiers.append({"value": value, "result": str(exc)})

    deadlines: list[dict[str, Any]] = []
    for ended in INSPECTION_ENDS:
        for code in BUREAUS:
            resolved = registry.resolve(code, ended)
            # The result is taken to be produced on the day the inspection ends (偃师 二(三) counts from it).
            limits = [r for r in resolved.rules.values()
                      if r.runs_from in (Event.INSPECTION_ENDED, Event.RESULT_PRODUCED)]
            if not limits:
                deadlines.append({"bureau": resolved.profile.jurisdiction.name, "event": ended.isoformat(),
                                  "duty": None, "explain": "no time limit in force on this date"})
            for rule in limits:
                d = deadline(ended, rule.value, calendar, citation=rule.citation)
                deadlines.append({
                    "bureau": resolved.profile.jurisdiction.name, "duty": CATALOGUE[rule.key].title,
                    "event": ended.isoformat(), "period": d.period.label, "due": d.due.isoformat(),
                    "citation": rule.citation.short(), "provisional": d.provisional, "explain": d.explain(),
                })
    store = store or Store.open("sqlite://")
    demo_register(store)  # the administrator creates the store and enrols the demo's actors
    site = None if out is None else out.parent / SITE_FOLDER
    hebi = run_hebi(store, registry, calendar, out, site)  # 鹤壁's 2020 plan first: ledger times never run backwards
    drawn = demo_draw(store, registry, site)
    # a 许昌 plan drawn on the Henan platform, on a store of its own (第七条; docs/platforms.md)
    platform = run_platform(registry, subjects, inspectors, checklist,
                            None if out is None else out.parent / PLATFORM_FOLDER, site, calendar)
    published = [*drawn["sites"], *platform["sites"], *hebi["sites"]]
    return DemoReport(subject_summary, inspector_summary, checklist_summary, identifiers, deadlines, drawn, hebi,
                      platform, published)


def render_text(report: DemoReport, translate: Callable[[Any], str] = str) -> str:
    """The report as the text the command prints (``translate`` renders its messages in the language wanted)."""
    s, i = report.subjects, report.inspectors
    lines = [
        translate(tr("random-inspection demo — 许昌 and 鹤壁 (synthetic data)")),
        "",
        f"检查对象名录库: {s['total']} subjects, {s['in_existence']} 存续 and drawable",
        *[f"  not in the pool: {name}" for name in s["not_in_existence"]],
        *[f"  exempt from the yearly cap (冷水滩 第十五条): {name}" for name in s["exempt_from_yearly_cap"]],
        "  by domain: " + ", ".join(f"{k} {v}" for k, v in s["by_domain"].items()),
        "  by area:   " + ", ".join(f"{k} {v}" for k, v in s["by_area"].items()),
        "",
        f"执法人员名录库: {i['total']} inspectors, {len(i['eligible'])} eligible on {i['eligible_on']}",
        *[f"  not eligible: {reason}" for reason in i["not_eligible"]],
        "",
        f"随机抽查事项清单: {report.checklist['items']} items; applicable per domain: "
        + ", ".join(f"{k} {v}" for k, v in report.checklist["per_domain"].items()),
        "",
        "统一社会信用代码 checks:",
        *[f"  {x['value']}: {x['result']}" for x in report.identifiers],
        "",
        "Time limits (inspection ended on the day shown):",
    ]
    for d in report.deadlines:
        lines.append(f"  {d['bureau']} {d['duty'] or ''}: {d['explain']}".replace(" :", ":"))
    d = report.draw
    lines += [
        "",
        f"The draw of plan {d['plan_id']} (draw-v2), through the store {d['store']}:",
        f"  manifest hash {d['manifest_hash']} (committed to the ledger before the dice)",
        f"  public input {d['public_input']!r} → seed {d['seed']}",
        *[f"  {x['name']} {x['uscc']}: {'、'.join(x['team'])}; items {', '.join(x['items'])}" for x in d["drawn"]],
        f"  re-checked from the manifest: {'the same draw' if d['verified'] else 'DIFFERENT'}",
        f"  ledger: {d['ledger_entries']} entries, the chain and every SM2 signature verify; head {d['ledger_head']}",
        *(f"    entry {a['entry']} {a['kind']}: {a['actor']} ({a['role']}), signed {a['algorithm']}"
          for a in d["actors"]),
    ]
    return "\n".join(lines + _hebi_text(report.hebi) + (platform_text(report.platform) if report.platform else [])
                     + [translate(line) for line in sites_text(report.sites)])


def _hebi_text(h: dict[str, Any]) -> list[str]:
    lines = [
        "",
        f"{h['bureau']} joint plan {h['plan_id']} (鹤双随机办〔2020〕19号), from its files to its forms:",
        *[f"  {r}" for r in h["rosters"]],
        f"  not eligible on the first day (执法证 lapsed): {'、'.join(h['not_eligible']) or 'none'}",
        f"  manifest {h['manifest_hash']} committed; public input {h['public_input']!r} → seed {h['seed']}",
        f"  drawn (三(二): one enterprise): {h['drawn']} {h['uscc']}",
        f"  joint team (五(一)): {'、'.join(h['team'])}; {h['items']} items of 附件4",
        f"  re-checked from the manifest: {'the same draw' if h['verified'] else 'DIFFERENT'}",
        f"  result, agreed by both departments (五(五)): {h['result']}; handling: {'、'.join(h['handling'])}",
        f"  duties on {h['status_day']} (counted across 国庆节、中秋节 2020-10-01 to 10-08):",
    ]
    for o in h["obligations"]:
        who = o["owed_by"] + (f" → {o['counterpart']}" if o["counterpart"] else "")
        done = f", done {o['met_on']}" if o["met_on"] else ""
        lines.append(f"    [{o['status']}] {o['duty']} ({who}): {o['explain']}{done}")
    if h["files"]:
        lines.append("  written:")
        for part, paths in h["files"].items():
            note = " (for publication)" if part == "public" else " (filed, not published)" if part == "forms" else ""
            lines += [f"    {part}/{note}", *[f"      {p}" for p in paths]]
    lines += [f"    entry {a['entry']} {a['kind']}: {a['actor']} ({a['role']}), signed {a['algorithm']}"
              for a in h["signed_by"]]
    lines.append(f"  ledger: {h['ledger_entries']} entries, the chain and every signature verify; "
                 f"head {h['ledger_head']}")
    return lines
