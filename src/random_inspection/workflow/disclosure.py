"""Disclosure (公示): the public record of a plan's draw and inspections, as each profile defines it.

What is public: the draw and how to re-check it (the manifest hash, the public input, the seed), who was drawn
(subjects by name and code, inspectors by name and 执法证号), recusals and redraws with their reasons, each
inspection's dates, items, result and, where the profile lists them (冷水滩 第十七条), the feedback, the
subject's opinion and the use made of the result. Where the profile says the publication covers the inspection
only (鹤壁 五(五)), handling that follows (cases, penalties) is left out and published as later records of
its own (:func:`later_disclosures`).

Never public: 公民身份号码, phone numbers, where a person lives, or any other personal field of the model. Every
disclosure is checked by :func:`~random_inspection.workflow.privacy.check_public` (the one filter of every public
output) before it is returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from random_inspection.model import Inspector, LedgerHead, Subject
from random_inspection.profiles import ResolvedProfile
from random_inspection.sampling import DrawResult
from random_inspection.workflow.commitments import Commitment, ReserveUsed
from random_inspection.workflow.inspections import InspectionRecord, Step
from random_inspection.workflow.plans import InspectionPlan
from random_inspection.workflow.privacy import check_public, withhold

__all__ = ["check_public", "disclose", "later_disclosures"]

def _inspector(person: Inspector | None, pid: str) -> dict[str, str]:
    if person is None:
        return {"id": pid}
    return {"id": pid, "name": person.name, "unit": person.unit, "certificate": person.certificate.number}


def disclose(
    profile: ResolvedProfile,
    plan: InspectionPlan,
    draw: DrawResult | None,
    records: Iterable[InspectionRecord],
    subjects: Mapping[str, Subject],
    inspectors: Mapping[str, Inspector],
    *,
    redraws: Iterable[Mapping[str, Any]] = (),
    withheld: Iterable[str] = (),
    commits: Iterable[Commitment] = (),
    ledger_head: LedgerHead | None = None,
    reserves_used: Iterable[ReserveUsed] = (),
) -> dict[str, Any]:
    """The public record of ``plan`` under ``profile``.

    Args:
        draw: the plan's draw (its verification data and recusals are published), if any.
        records: the plan's inspections; only double-random ones are published as such.
        subjects, inspectors: by 统一社会信用代码 and by id, for names.
        redraws: earlier draws of the plan that were set aside, each ``{"manifest_hash", "reason", ...}``:
            a second draw is always disclosed (see the ledger).
        commits: every commit of the plan's manifest, oldest first (``Store.commits``): all are published, so a
            manifest changed after the pre-draw notice shows.
        reserves_used: every reserve subject used in a drawn subject's place, with its reason
            (``Store.reserves_used``).
        ledger_head: the ledger's head at publication (``Store.ledger_head``): a citizen checks later that the
            ledger still holds it (docs/security.md).
        withheld: free-text fields of the record (``redraws[0].reason``) that hold personal data and cannot be
            recorded again (text in the ledger from before reasons were checked): each shows
            :data:`~random_inspection.workflow.privacy.WITHHELD` and is listed under ``withheld``
            (:func:`~random_inspection.workflow.privacy.withhold` refuses any other field).

    Raises:
        PersonalDataError: personal data reached the record (a phone or ID number anywhere, a landline or a
            home address in a reason, opinion or note), naming the field (:func:`check_public`).
    """
    inspection_only = bool(profile.value("disclosure.inspection_only", False))
    contents = tuple(profile.value("disclosure.contents", ()))
    public: dict[str, Any] = {
        "plan_id": plan.plan_id,
        "profile": profile.code,
        "authority": profile.profile.jurisdiction.name,
        "departments": list(plan.departments),
        "window": [plan.window[0].isoformat(), plan.window[1].isoformat()],
        "checklist": list(plan.checklist),
        "platforms": list(profile.value("disclosure.platforms", ())),
        "required_contents": list(contents),
        "inspection_only": inspection_only,
        "citations": {key: str(profile.rule(key).citation) for key in
                      ("disclosure.platforms", "disclosure.contents", "disclosure.inspection_only",
                       "disclosure.principle") if profile.has(key)},
    }
    if draw is not None:
        public["draw"] = {
            "algorithm": draw.algorithm,
            "manifest_hash": draw.manifest_hash,
            "public_input": draw.public_input,
            "seed": draw.seed,
            "subjects": [{"uscc": s, "name": subjects[s].name if s in subjects else None} for s in draw.subjects],
            "teams": {s: [_inspector(inspectors.get(p), p) for p in team] for s, team in draw.teams},
            "items": {s: list(items) for s, items in draw.items},
            "reserve": {k: list(v) for k, v in draw.reserve},
            "recusals": [
                {"subject": r.subject, "inspector": _inspector(inspectors.get(r.inspector), r.inspector),
                 "method": r.method, "reason": r.reason,
                 "replacement": _inspector(inspectors.get(r.replacement), r.replacement) if r.replacement else None,
                 "with_subject": r.with_subject}
                for r in draw.recusals
            ],
        }
    public["redraws"] = [dict(r) for r in redraws]
    public["commits"] = [c.to_json() for c in commits]
    public["reserve_used"] = [r.to_json() for r in reserves_used]
    if ledger_head is not None:
        public["ledger_head"] = ledger_head.to_json()
    shown = []
    for record in records:
        if not record.kind.counts_as_double_random or record.plan_id != plan.plan_id:
            continue
        entry: dict[str, Any] = {
            "subject": {"uscc": record.subject,
                        "name": subjects[record.subject].name if record.subject in subjects else None},
            "team": [_inspector(inspectors.get(p), p) for p in record.team],
            "started": _day(record, Step.STARTED),
            "ended": _day(record, Step.ENDED),
            "items": list(record.items),
            "problems": [{"item": f.item, "note": f.note} for f in record.problems],
            "result": None if record.result is None else {"code": record.result.number, "label": record.result.label},
        }
        if not inspection_only:
            entry["handling"] = [h.label for h in record.handling]
        if any("反馈" in c for c in contents):
            entry["fed_back"] = _day(record, Step.FED_BACK)
        if any("意见" in c for c in contents):
            entry["opinion"] = record.opinion
        shown.append(entry)
    public["inspections"] = shown
    codes = [*subjects, *(draw.subjects if draw else ())]
    hidden = sorted(set(withheld))
    if hidden:
        public = withhold(public, hidden, allowed=codes)
        public["withheld"] = [{"field": f, "why": "含个人信息"} for f in hidden]
    check_public(public, allowed=codes, where="disclosure")
    return public


def later_disclosures(profile: ResolvedProfile, record: InspectionRecord, subject: Subject) -> list[dict[str, Any]]:
    """Where the publication covers the inspection only (鹤壁 五(五)), each handling outcome that follows (a
    case, a letter to the licensing department, a transfer to the judicial organs) is a public record of its
    own, with the cases closed so far (by the inspecting department, or by a department the problems were
    transferred to) and their days; elsewhere the handling is part of the inspection's record and this is empty."""
    if not profile.value("disclosure.inspection_only", False):
        return []
    cases = [{"department": who, "closed": day.isoformat()}
             for who, day in ((record.department, record.on(Step.CASE_CLOSED)),
                              *((t.department, t.on(Step.CASE_CLOSED)) for t in record.transfers)) if day]
    out = [{"subject": {"uscc": record.subject, "name": subject.name}, "plan_id": record.plan_id,
            "handling": h.label, "cases": cases} for h in record.handling]
    check_public(out, allowed=[record.subject], where="later disclosure")
    return out


def _day(record: InspectionRecord, step: Step) -> str | None:
    day = record.on(step)
    return None if day is None else day.isoformat()
