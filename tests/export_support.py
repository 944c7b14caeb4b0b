"""Plans, draws and inspections for the export tests: 鹤壁's joint plan (市应急管理局 with 市市场监管局) and a
冷水滩 plan, on the bundled synthetic rosters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from random_inspection.demo import load_demo_data
from random_inspection.io import PlanExport
from random_inspection.model import Inspector, Subject
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import Recusal, build_manifest, draw, recuse
from random_inspection.workflow import (
    Finding,
    InspectionKind,
    InspectionPlan,
    InspectionRecord,
    Step,
    disclose,
    draw_rules,
    record_result,
)

D = dt.date
REGISTRY = ProfileRegistry()
_SUBJECTS, _OURS, _ = load_demo_data()
HEBI_SUBJECTS = [attrs.evolve(s, name=s.name.replace("许昌", "鹤壁"), area_code="410602") for s in _SUBJECTS]
LST_SUBJECTS = [attrs.evolve(s, name=s.name.replace("许昌", "冷水滩"), area_code="431103") for s in _SUBJECTS]
_IN_2020 = [attrs.evolve(p, certificate=attrs.evolve(p.certificate, valid_from=D(2019, 1, 1))) for p in _OURS]
MARKET: list[Inspector] = [attrs.evolve(p, id=f"SJ{i:03d}", name=f"市场监管执法人员{i:02d}", department="scjgj",
                                        specialties=frozenset(), unit="特种设备安全监察科", interests=frozenset())
                           for i, p in enumerate(_IN_2020[:6], start=1)]
HEBI_PEOPLE = [*_IN_2020, *MARKET]
HEBI_WINDOW = (D(2020, 7, 13), D(2020, 7, 31))
LST_WINDOW = (D(2025, 9, 22), D(2025, 9, 30))


def hebi_export(*, inspected: bool = True) -> PlanExport:
    """鹤壁's July 2020 joint plan: one subject drawn (三(二)), a team from each department, every item of 附件4;
    when ``inspected``, the inspection recorded with a problem found and ordered corrected."""
    profile = REGISTRY.resolve("hebi", HEBI_WINDOW[0])
    checklist = list(profile.value("checklist.items"))
    plan = InspectionPlan("HB-2020-07", "hebi", ("yjj", "scjgj"), HEBI_WINDOW, tuple(c.code for c in checklist))
    manifest = build_manifest(plan.plan_id, "两枚骰子当众投掷", r"[1-6] [1-6]", HEBI_WINDOW, HEBI_SUBJECTS,
                              HEBI_PEOPLE, checklist, draw_rules(profile, team_size=2, reserve=2))
    result = draw(manifest, "4 2")
    records = []
    if inspected:
        (subject,) = result.subjects
        items = dict(result.items)[subject]
        ours = [i for i in items if i.startswith("HB-YJ")]
        record = InspectionRecord(
            subject, plan.plan_id, InspectionKind.DOUBLE_RANDOM, "yjj", dict(result.teams)[subject], items,
            findings=(Finding(ours[0], False, "未开展风险辨识"), Finding(ours[1], True)),
            events={Step.STARTED: D(2020, 7, 20), Step.ENDED: D(2020, 7, 21)},
        )
        records.append(record_result(record, profile.value("results.scheme"), 5, handling=["ordered_to_correct"],
                                     joint_departments=plan.departments, agreed_by=plan.departments,
                                     joint_office_agrees=True))
    units = {s.uscc: ("鹤壁市应急管理局", "鹤壁市市场监督管理局") for s in HEBI_SUBJECTS}
    return PlanExport.of(profile, plan, result, HEBI_SUBJECTS, HEBI_PEOPLE, checklist, records=records,
                         manifest=manifest, units=units)


def lengshuitan_export(subjects: list[Subject] | None = None) -> PlanExport:
    """A 冷水滩 plan of three subjects with a recusal (第十四条: the inspector replaced by the system)."""
    profile = REGISTRY.resolve("lengshuitan", LST_WINDOW[0])
    pool = subjects or LST_SUBJECTS
    _, _, checklist = load_demo_data()
    plan = InspectionPlan("LST-2025-09", "lengshuitan", ("yjj",), LST_WINDOW, tuple(c.code for c in checklist))
    manifest = build_manifest(plan.plan_id, "四枚骰子当众投掷", r"[1-6]( [1-6]){3}", LST_WINDOW, pool, _OURS,
                              checklist, draw_rules(profile, team_size=2, count=3, items=3))
    result = draw(manifest, "3 5 1 6")
    first = result.subjects[0]
    result = recuse(manifest, result, [Recusal(first, dict(result.teams)[first][0], "replace", "与企业负责人系近亲属")])
    return PlanExport.of(profile, plan, result, pool, _OURS, checklist, manifest=manifest,
                         department_names={"yjj": "冷水滩区应急管理局"})


def public_of(export: PlanExport) -> dict[str, Any]:
    """The plan's disclosure, as published JSON."""
    return disclose(export.profile, export.plan, export.draw, export.records, export.subjects,
                    export.inspectors).to_json()
