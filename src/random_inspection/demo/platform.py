"""The demo's third part: a 许昌 plan drawn on the Henan platform (许应急〔2023〕14号 第七条: 国家企业信用信息公示系统—
河南省双随机监管工作平台; docs/platforms.md). The plan is committed before the platform draws; the platform's export
(bundled: ``data/demo/platform-export.csv``) is imported as the plan's draw, an ``external_draw`` ledger entry
naming the platform, the task number and the file's SHA-256; the drawn inspectors record their results on it; the
disclosure shows that the draw was made on the platform. It runs on a store of its own (in memory), so the other
parts of the demo keep their ledgers as they were."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

from random_inspection.demo.actors import DEMO_ADMIN, DEMO_INTEREST_SECRET, DEMO_OFFICE, DEMO_SECTION, demo_signer
from random_inspection.demo.sites import publish
from random_inspection.io import PlanExport, export_plan
from random_inspection.io.platform import read_platform_export
from random_inspection.model import Actor, ChecklistItem, Inspector, Role, Subject
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import InputField, PublicInputSpec, build_manifest
from random_inspection.store import Store, record_results
from random_inspection.timelimits import WorkingCalendar
from random_inspection.workflow import (
    InspectionKind,
    InspectionPlan,
    InspectionRecord,
    Step,
    disclose,
    draw_rules,
    plan_obligations,
    record_result,
)

__all__ = ["PLATFORM_EXPORT", "PLATFORM_FOLDER", "PLATFORM_PLAN", "run_platform"]

D = dt.date
PLATFORM_PLAN = "XC-DEMO-2026-12-PT"
PLATFORM_FOLDER = "xuchang-platform"
"""The sub-folder of the demo's output the platform plan's forms, tables and disclosure are written into."""
PLATFORM_EXPORT = "platform-export.csv"
"""The bundled export of the platform's task (data/demo/)."""
WINDOW = (D(2026, 12, 1), D(2026, 12, 31))
DRAWN = PublicInputSpec("河南省双随机监管工作平台随机抽取（任务编号见平台导出文件）", "2026-12-03T09:30:00+08:00",
                        tuple(InputField(f"die{i}", "digits", length=1, alphabet="123456") for i in range(1, 5)))
"""The manifest's announced time is the platform's draw, after the commit (the draw itself is the platform's)."""


def _bundled(name: str) -> Path:
    return Path(str(resources.files("random_inspection").joinpath("data").joinpath("demo").joinpath(name)))


def _register(store: Store, people: list[Actor]) -> None:
    admin, key = DEMO_ADMIN, demo_signer(DEMO_ADMIN)
    store.create_ledger(administrator=admin, signer=key, at="2026-11-30T09:00:00+08:00")
    for actor in (DEMO_SECTION, DEMO_OFFICE, *people):
        signer = demo_signer(actor)
        store.enrol(actor, signer.algorithm, signer.public_key, actor=admin, signer=key,
                    at="2026-11-30T09:00:00+08:00")


def run_platform(registry: ProfileRegistry, subjects: list[Subject], inspectors: list[Inspector],
                 checklist: list[ChecklistItem], out: Path | None, site: Path | None = None,
                 calendar: WorkingCalendar | None = None) -> dict[str, Any]:
    """Commit the plan, import the platform's bundled export, record the drawn inspectors' results and disclose;
    write the files into ``out`` and publish the plan on 许昌's site under ``site`` (nothing if ``None``), both
    charting the duties the results started as of the results' day (counted on ``calendar``, the default
    calendar if ``None``). Returns what it found."""
    profile = registry.resolve("xuchang", WINDOW[0])
    platform = str(profile.value("plan.platform"))
    manifest = build_manifest(PLATFORM_PLAN, None, None, WINDOW, subjects, inspectors, checklist,
                              draw_rules(profile, team_size=2, items=3), history={}, public_input=DRAWN,
                              interest_secret=DEMO_INTEREST_SECRET)
    codes = tuple(c.code for c in checklist)
    got = read_platform_export(_bundled(PLATFORM_EXPORT), platform=platform, subjects=subjects,
                               inspectors=inspectors, items_of=lambda s: codes, checklist=codes)
    assert got.draw is not None, got.problems  # the bundled export reads without a problem
    people = {p.id: Actor(p.id, p.name, Role.INSPECTOR, p.department) for p in inspectors
              if any(p.id in team for _, team in got.draw.teams)}
    store = Store.open("sqlite://")
    try:
        _register(store, list(people.values()))
        store = store.bind(profile.permissions())
        commit = store.commit_plan(manifest, actor=DEMO_SECTION, signer=demo_signer(DEMO_SECTION),
                                   at="2026-12-02T10:00:00+08:00", profile="xuchang",
                                   profile_rules=profile.fingerprint())
        entry = store.record_external_draw(manifest, got.draw, actor=DEMO_OFFICE, signer=demo_signer(DEMO_OFFICE),
                                           at="2026-12-03T10:00:00+08:00")
        now = store.in_force(PLATFORM_PLAN)
        result = store.current_draw(PLATFORM_PLAN)
        assert result is not None
        assert now.draw is not None
        scheme = profile.value("results.scheme")
        records = [record_result(InspectionRecord(
            s, PLATFORM_PLAN, InspectionKind.DOUBLE_RANDOM, "yjj", now.team(s) or (), now.items(s),
            events={Step.STARTED: D(2026, 12, 14), Step.ENDED: D(2026, 12, 15)}), scheme, 1) for s in now.subjects]
        done = record_results(store, records, {i: (a, demo_signer(a)) for i, a in people.items()},
                              at="2026-12-16T16:00:00+08:00")
        assert not done.refused, done.refused  # each result by one of the team the platform drew (第十九条)
        recorded = store.records(PLATFORM_PLAN, scheme)
        plan = InspectionPlan(PLATFORM_PLAN, "xuchang", ("yjj",), WINDOW, codes)
        external = now.draw["external"]
        public = disclose(profile, plan, result, recorded, {s.uscc: s for s in subjects},
                          {p.id: p for p in inspectors}, commits=store.commits(PLATFORM_PLAN),
                          ledger_head=store.ledger_head(), external=external)
        files: dict[str, list[str]] = {}
        export = PlanExport.of(profile, plan, result, subjects, inspectors, checklist, records=recorded,
                               manifest=manifest, department_names={"yjj": "许昌市应急管理局"})
        day = D(2026, 12, 16)  # the results' day
        duties = plan_obligations(recorded, plan, registry, calendar or WorkingCalendar.default())
        published = [] if site is None else [publish(site, export, public, day, duties)]
        if out is not None:
            files = {k: [str(p) for p in v] for k, v in export_plan(
                out, export, commits=store.commits(PLATFORM_PLAN), ledger_head=store.ledger_head(),
                external=external, duties=duties, on=day).items()}
        names = {s.uscc: s.name for s in subjects}
        return {
            "plan_id": PLATFORM_PLAN, "platform": platform, "citation": profile.rule("plan.platform").citation.short(),
            "file": got.draw.file_name, "sha256": got.draw.file_sha256, "task": got.draw.task,
            "drawn_at": got.draw.drawn_at, "commit_entry": commit.seq, "draw_entry": entry.seq,
            "drawn": [{"uscc": s, "name": names[s], "team": [people[p].name for p in now.team(s) or ()]}
                      for s in now.subjects],
            "results": len(recorded), "disclosed": public.to_json()["external_draw"]["task"] == got.draw.task,
            "files": files, "sites": published,
            "ledger_entries": store.verify(admin_key=demo_signer(DEMO_ADMIN).public_key),
            "ledger_head": str(store.ledger_head()),
        }
    finally:
        store.close()


def platform_text(p: dict[str, Any]) -> list[str]:
    """The part's lines of the demo's text."""
    lines = [
        "",
        f"许昌 plan {p['plan_id']} drawn on {p['platform']} ({p['citation']}), on a store of its own:",
        f"  committed before the platform drew (ledger entry {p['commit_entry']})",
        f"  the platform's export {p['file']}: task {p['task']}, drawn {p['drawn_at']}, SHA-256 {p['sha256']}",
        f"  imported as the plan's draw (ledger entry {p['draw_entry']}, external_draw):",
        *[f"    {x['name']} {x['uscc']}: {'、'.join(x['team'])}" for x in p["drawn"]],
        f"  {p['results']} results recorded by the inspectors the platform drew; the disclosure names the platform, "
        "the task and the file's hash",
    ]
    for part, paths in p["files"].items():
        lines += [f"    {part}/", *[f"      {x}" for x in paths]] if part == "public" else []
    lines.append(f"  ledger: {p['ledger_entries']} entries, the chain and every signature verify; "
                 f"head {p['ledger_head']}")
    return lines
