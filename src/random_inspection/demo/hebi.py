"""The demo's second part: 鹤壁's 2020 joint plan (鹤双随机办〔2020〕19号), end to end through the files and the
store — the bundled rosters imported from XLSX and a GB18030 CSV, the plan committed before the dice, the draw
recorded and verified, the joint inspection recorded with its result agreed by both departments, its duties
counted across the 2020 National Day and Mid-Autumn holiday, the disclosure, and 附件1–4 written as XLSX."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

from random_inspection.demo.actors import DEMO_ADMIN, DEMO_INTEREST_SECRET, HEBI_OFFICE, demo_signer
from random_inspection.demo.sites import publish
from random_inspection.io import PlanExport, export_plan, read_checklist, read_inspectors, read_subjects
from random_inspection.model import Actor, Role
from random_inspection.profiles import ProfileRegistry, ResolvedProfile
from random_inspection.sampling import InputField, PublicInputSpec, build_manifest, draw, verify
from random_inspection.store import EntryKind, Store, record_results
from random_inspection.timelimits import WorkingCalendar
from random_inspection.workflow import (
    RECORDS_HANDED_OVER,
    Finding,
    InspectionKind,
    InspectionPlan,
    InspectionRecord,
    Status,
    Step,
    Transfer,
    disclose,
    draw_rules,
    plan_obligations,
    profile_step,
    record_result,
)

__all__ = ["HEBI_PLAN", "load_hebi_rosters", "run_hebi"]

D = dt.date
HEBI_PLAN = "HB-2020-09"
WINDOW = (D(2020, 9, 14), D(2020, 9, 30))
DEPARTMENTS = ("yjj", "scjgj")
SEED_SOURCE = "两枚骰子当众投掷，依次记录点数"
DICE = PublicInputSpec(SEED_SOURCE + "，地点：鹤壁市双随机办，纪检监察室见证", "2020-09-14T09:30:00+08:00",
                       (InputField("die1", "digits", length=1, alphabet="123456"),
                        InputField("die2", "digits", length=1, alphabet="123456")))
PUBLIC_INPUT = "4 2"
STATUS_DAY = D(2020, 10, 20)
UNITS = ("鹤壁市应急管理局", "鹤壁市市场监督管理局")  # 附件2's 管辖单位 and 登记单位 of the demo's subjects


def _bundled(name: str) -> Path:
    folder = resources.files("random_inspection").joinpath("data").joinpath("demo").joinpath("hebi")
    return Path(str(folder.joinpath(name)))


def load_hebi_rosters() -> dict[str, Any]:
    """The bundled 鹤壁 rosters read through the importer (strict: any bad row refuses them)."""
    return {
        "subjects": read_subjects(_bundled("subjects.xlsx"), strict=True),
        "inspectors": read_inspectors(_bundled("inspectors.xlsx"), strict=True),
        "checklist": read_checklist(_bundled("checklist.csv"), strict=True),
    }


def _inspection(record: InspectionRecord, scheme: Any, profile: ResolvedProfile) -> InspectionRecord:
    """What the joint team found and did: a problem on one of 应急管理局's items, ordered corrected; the result
    agreed by the joint office with both departments (五(五)); the record handed over on the last day allowed
    after the holiday; the special-equipment problem sent to 市场监管局 by letter a day late (五(六)), by the
    市双随机办 of 应急管理局 under its 文号."""
    ours = [i for i in record.items if i.startswith("HB-YJ")]
    theirs = [i for i in record.items if i.startswith("HB-SC")]
    record = InspectionRecord(
        record.subject, record.plan_id, record.kind, record.department, record.team, record.items,
        findings=(Finding(ours[0], False, "未开展风险辨识"), *(Finding(i, True) for i in ours[1:]),
                  Finding(theirs[0], False, "在用特种设备超过检验有效期"), *(Finding(i, True) for i in theirs[1:])),
        transfers=[Transfer("scjgj", {Step.TRANSFERRED: D(2020, 10, 10), Step.TRANSFER_RECEIVED: D(2020, 10, 10)},
                            letter="鹤双随机办函〔2020〕3号", sender="yjj")],
        events={Step.STARTED: D(2020, 9, 28), Step.ENDED: D(2020, 9, 29), Step.RESULT_AGREED: D(2020, 10, 9),
                profile_step(profile, RECORDS_HANDED_OVER): D(2020, 10, 9), Step.PUBLISHED: D(2020, 10, 12)},
    )
    return record_result(record, scheme, 8, handling=["责令改正"], joint_departments=DEPARTMENTS,
                         agreed_by=DEPARTMENTS, joint_office_agrees=True)


def run_hebi(store: Store, registry: ProfileRegistry, calendar: WorkingCalendar, out: Path | None,
             site: Path | None = None) -> dict[str, Any]:
    """Run the 鹤壁 part on ``store`` (again on the same store, it re-checks instead of drawing twice) and write
    its files into ``out`` and publish the plan on 鹤壁's site under ``site`` (nothing is written if ``None``).
    Returns what it found, without personal data."""
    rosters = load_hebi_rosters()
    subjects, inspectors = rosters["subjects"].records, rosters["inspectors"].records
    profile = registry.resolve("hebi", WINDOW[0])
    checklist = list(rosters["checklist"].records)
    plan = InspectionPlan(HEBI_PLAN, "hebi", DEPARTMENTS, WINDOW, tuple(c.code for c in checklist))
    manifest = build_manifest(HEBI_PLAN, None, None, WINDOW, subjects, inspectors, checklist,
                              draw_rules(profile, team_size=2, reserve=2),
                              history=store.history_for(HEBI_PLAN, WINDOW[0].year), public_input=DICE,
                              interest_secret=DEMO_INTEREST_SECRET)
    store = store.bind(profile.permissions())  # who may do what under 鹤双随机办〔2020〕19号
    office, key = HEBI_OFFICE, demo_signer(HEBI_OFFICE)
    if store.current_draw(HEBI_PLAN) is None:
        store.commit_plan(manifest, departments=DEPARTMENTS, at="2020-09-11T10:00:00+08:00", actor=office,
                          signer=key)
        store.record_draw(manifest, draw(manifest, PUBLIC_INPUT), at="2020-09-14T09:30:00+08:00", actor=office,
                          signer=key)
    recorded = store.current_draw(HEBI_PLAN)
    assert recorded is not None
    result = draw(manifest, recorded.public_input)
    problem = verify(manifest, recorded)
    scheme = profile.value("results.scheme")
    (subject,) = result.subjects  # 三(二): one enterprise
    if not store.records(HEBI_PLAN, scheme):
        team, items = dict(result.teams)[subject], dict(result.items)[subject]
        drawn = InspectionRecord(subject, HEBI_PLAN, InspectionKind.DOUBLE_RANDOM, "yjj", team, items)
        done = record_results(store, [_inspection(drawn, scheme, profile)], {office.id: (office, key)},
                              at="2020-10-12T16:00:00+08:00")
        assert not done.refused, done.refused  # the joint office records the result it agreed (五(五))
    records = store.records(HEBI_PLAN, scheme)
    # each record's duties under the rules in force on its inspection's day, as the command line counts them
    duties = plan_obligations(records, plan, registry, calendar)
    public = disclose(profile, plan, result, records, {s.uscc: s for s in subjects}, {p.id: p for p in inspectors})
    if not store.entries(plan_id=HEBI_PLAN, kind=EntryKind.PUBLISHED):
        # 五(五): the inspectors publish; one of the team does it, signing with their own key
        person = next(p for p in inspectors if p.id == records[0].team[0])
        publisher = Actor(person.id, person.name, Role.INSPECTOR, person.department)
        store.record_publication(HEBI_PLAN, public.to_json(), at="2020-10-12T17:00:00+08:00", actor=publisher,
                                 signer=demo_signer(publisher))
    files: dict[str, list[str]] = {}
    published = []
    export = PlanExport.of(profile, plan, result, subjects, inspectors, checklist, records=records,
                           manifest=manifest, units={s.uscc: UNITS for s in subjects})
    day = records[0].on(Step.PUBLISHED)  # published by the inspectors on the day the record says (五(五))
    assert day is not None
    if out is not None:  # the duties charted as of that day, as `export --on` does
        files = {k: [str(p) for p in v] for k, v in export_plan(out, export, redraws=store.redraws(HEBI_PLAN),
                                                               duties=duties, on=day).items()}
    if site is not None:
        # the page lists the plan's commits and the ledger's head, as 许昌's does: the record as it stands
        # once the publication is signed into the ledger
        shown = disclose(profile, plan, result, records, {s.uscc: s for s in subjects},
                         {p.id: p for p in inspectors}, commits=store.commits(HEBI_PLAN),
                         ledger_head=store.ledger_head())
        published.append(publish(site, export, shown, day, duties))
    names = {s.uscc: s.name for s in subjects}
    departments = {d.code: d.name for d in profile.value("joint.departments", ())}
    people = {p.id: f"{p.name}（{departments.get(p.department, '')}{p.unit}）" for p in inspectors}
    record = records[0]
    return {
        "plan_id": HEBI_PLAN, "bureau": profile.profile.jurisdiction.name,
        "rosters": [r.summary() + (f", read as {r.encoding}" if r.encoding else "") for r in rosters.values()],
        "not_eligible": sorted(p.id for p in inspectors if not p.may_inspect_on(WINDOW[0])),
        "manifest_hash": manifest.hash, "public_input": recorded.public_input, "seed": recorded.seed,
        "verified": problem is None, "drawn": names[subject], "uscc": subject,
        "team": [people[p] for p in record.team], "items": len(record.items),
        "result": f"{record.result.number} {record.result.label}" if record.result else None,
        "handling": [h.label for h in record.handling],
        "obligations": [{"duty": o.title, "department": o.department, "owed_by": o.owed_by,
                         "counterpart": o.counterpart,
                         "due": o.due.isoformat() if o.due else None,
                         "explain": o.deadline.explain() if o.deadline else "no period",
                         "met_on": o.met_on.isoformat() if o.met_on else None, "status": o.status(STATUS_DAY).value,
                         "overdue": o.status(STATUS_DAY) is Status.OVERDUE}
                        for o in duties],
        "status_day": STATUS_DAY.isoformat(),
        "public_inspections": len(public.inspections), "files": files, "sites": published,
        "signed_by": [{"entry": e.seq, "kind": e.kind.value, "actor": (e.actor or {}).get("id"),
                       "role": (e.actor or {}).get("role"), "algorithm": e.algorithm}
                      for e in store.entries(plan_id=HEBI_PLAN)],
        "ledger_entries": store.verify(admin_key=demo_signer(DEMO_ADMIN).public_key),
        "ledger_head": str(store.ledger_head()),
    }
