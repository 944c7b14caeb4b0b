"""A 石家庄 plan drawn by district (strata by 行政区划 area) for the chart tests: three districts of unequal pools,
six subjects drawn, under the profile's 90 % credit-risk share and 100 % joint share (三(三), 二(四))."""

from __future__ import annotations

import datetime as dt

import attrs

from random_inspection.demo import load_demo_data
from random_inspection.io import PlanExport
from random_inspection.sampling import build_manifest, draw
from random_inspection.workflow import InspectionPlan, draw_rules
from tests.export_support import REGISTRY

D = dt.date
SJZ_WINDOW = (D(2024, 6, 3), D(2024, 6, 28))
DISTRICTS = ("130102", "130104", "130105")
_SUBJECTS, _PEOPLE, _CHECKLIST = load_demo_data()


def stratified_export(*, name_of_first: str | None = None) -> PlanExport:
    """石家庄's June 2024 plan by district: three pools of unequal size, six subjects drawn in proportion."""
    profile = REGISTRY.resolve("shijiazhuang", SJZ_WINDOW[0])
    subjects = [attrs.evolve(s, name=s.name.replace("许昌", "石家庄"),
                             area_code=DISTRICTS[0] if i >= 14 else DISTRICTS[i % 3])
                for i, s in enumerate(_SUBJECTS)]
    if name_of_first is not None:
        subjects[0] = attrs.evolve(subjects[0], name=name_of_first)
    people = [attrs.evolve(p, certificate=attrs.evolve(p.certificate, valid_from=D(2019, 1, 1))) for p in _PEOPLE]
    plan = InspectionPlan("SJZ-2024-06", "shijiazhuang", ("yjj",), SJZ_WINDOW, tuple(c.code for c in _CHECKLIST),
                          credit_risk_based=True)
    rules = attrs.evolve(draw_rules(profile, team_size=2, count=6), strata=("area",))
    manifest = build_manifest(plan.plan_id, "四枚骰子当众投掷", r"[1-6]( [1-6]){3}", SJZ_WINDOW, subjects, people,
                              _CHECKLIST, rules)
    result = draw(manifest, "3 5 1 6")
    return PlanExport.of(profile, plan, result, subjects, people, _CHECKLIST, manifest=manifest,
                         department_names={"yjj": "石家庄市应急管理局"})
