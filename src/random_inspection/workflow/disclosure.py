"""Disclosure (公示): the public record of a plan's draw and inspections, as each profile defines it.

What is public: the draw and how to re-check it (the manifest hash, the public input, the seed), who was drawn
(subjects by name and code, inspectors by name and 执法证号), recusals and redraws with their reasons, each
inspection's dates, items, result and handling, the letters transferring its problems (to and from which
department, their 文号 and day) and, where the profile lists them in
``disclosure.record_fields`` (冷水滩 第十七条), the day the result was fed back and the subject's opinion.
Where the profile says the publication covers the inspection only (鹤壁 五(五)), handling that follows (cases,
penalties) is left out and published as later records of its own (:func:`later_disclosures`).

Never public: 公民身份号码, phone numbers, where a person lives, or any other personal field of the model. Every
disclosure is checked by :func:`~random_inspection.workflow.privacy.check_public` (the one filter of every public
output) before it is returned. The record is a typed
:class:`~random_inspection.workflow.disclosure_record.Disclosure`; its ``to_json()`` is the published JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from random_inspection.messages import tr
from random_inspection.model import Inspector, LedgerHead, RecordField, Subject
from random_inspection.profiles import ResolvedProfile
from random_inspection.sampling import DrawResult
from random_inspection.workflow.commitments import Commitment, ReserveUsed
from random_inspection.workflow.deadline_departure import DeadlineDeparture
from random_inspection.workflow.disclosure_record import (
    Disclosure,
    DrawPart,
    PublicInspection,
    PublicInspector,
    PublicProblem,
    PublicRecusal,
    PublicResult,
    PublicSubject,
    PublicTransfer,
    Withheld,
)
from random_inspection.workflow.inspections import InspectionRecord, Step
from random_inspection.workflow.later_record import ClosedCase, LaterDisclosure
from random_inspection.workflow.leaders import team_leaders
from random_inspection.workflow.plans import InspectionPlan
from random_inspection.workflow.privacy import check_public, withhold
from random_inspection.workflow.redraw_record import Redraw

__all__ = ["Disclosure", "LaterDisclosure", "Redraw", "check_public", "disclose", "later_disclosures"]


def _inspector(person: Inspector | None, pid: str) -> PublicInspector:
    if person is None:
        return PublicInspector(pid)
    return PublicInspector(pid, person.name, person.unit, person.certificate.number)


def _subject(uscc: str, subjects: Mapping[str, Subject]) -> PublicSubject:
    return PublicSubject(uscc, subjects[uscc].name if uscc in subjects else None)


def disclose(
    profile: ResolvedProfile,
    plan: InspectionPlan,
    draw: DrawResult | None,
    records: Iterable[InspectionRecord],
    subjects: Mapping[str, Subject],
    inspectors: Mapping[str, Inspector],
    *,
    redraws: Iterable[Redraw] = (),
    withheld: Iterable[str] = (),
    commits: Iterable[Commitment] = (),
    ledger_head: LedgerHead | None = None,
    reserves_used: Iterable[ReserveUsed] = (),
    external: Mapping[str, Any] | None = None,
    deadline_departures: Iterable[DeadlineDeparture] = (),
) -> Disclosure:
    """The public record of ``plan`` under ``profile``, as a typed :class:`Disclosure` (its ``to_json()`` is
    what is published).

    Args:
        draw: the plan's draw (its verification data and recusals are published), if any.
        records: the plan's inspections; only double-random ones are published as such, each with the optional
            record fields the profile lists (``disclosure.record_fields``: the day fed back, the subject's
            opinion), and with its handling unless the publication covers the inspection only
            (``disclosure.inspection_only``).
        subjects, inspectors: by 统一社会信用代码 and by id, for names.
        redraws: earlier draws of the plan that were set aside, each a :class:`Redraw` with its reason
            (``Store.redraws``): a second draw is always disclosed (see the ledger).
        commits: every commit of the plan's manifest, oldest first (``Store.commits``): all are published, so a
            manifest changed after the pre-draw notice shows.
        reserves_used: every reserve subject used in a drawn subject's place, with its reason
            (``Store.reserves_used``).
        ledger_head: the ledger's head at publication (``Store.ledger_head``): a citizen checks later that the
            ledger still holds it (docs/security.md).
        external: for a draw made on a platform, what its ledger entry records (``InForce.draw["external"]``:
            platform, task, export file, draw time, findings): published as ``external_draw``.
        deadline_departures: the departures from duties' default periods recorded after the draw
            (``Store.deadline_departures``), each with its reason.
        withheld: free-text fields of the record (``redraws[0].reason``) that hold personal data and cannot be
            recorded again (text in the ledger from before reasons were checked): each shows
            :data:`~random_inspection.workflow.privacy.WITHHELD` and is listed under ``withheld``
            (:func:`~random_inspection.workflow.privacy.withhold` refuses any other field).

    Raises:
        PersonalDataError: personal data reached the record (a phone or ID number anywhere, a landline or a
            home address in a reason, opinion or note), naming the field (:func:`check_public`).
    """
    inspection_only = bool(profile.value("disclosure.inspection_only", False))
    fields = tuple(profile.value("disclosure.record_fields", ()))
    public = Disclosure(
        plan.plan_id, profile.code, profile.profile.jurisdiction.name, tuple(plan.departments), plan.window,
        tuple(plan.checklist), tuple(profile.value("disclosure.platforms", ())),
        tuple(profile.value("disclosure.contents", ())), inspection_only,
        tuple((key, str(profile.rule(key).citation)) for key in _CITED if profile.has(key)),
        draw=None if draw is None else _draw_part(draw, subjects, inspectors, team_leaders(profile, draw.teams)),
        redraws=tuple(redraws), commits=tuple(commits), reserve_used=tuple(reserves_used), ledger_head=ledger_head,
        external_draw=None if external is None else dict(external), deadline_departures=tuple(deadline_departures),
        inspections=tuple(
            _inspection(record, subjects, inspectors, fields, inspection_only) for record in records
            if record.kind.counts_as_double_random and record.plan_id == plan.plan_id
        ),
    )
    codes = [*subjects, *(draw.subjects if draw else ())]
    hidden = sorted(set(withheld))
    if not hidden:
        check_public(public.to_json(), allowed=codes, where=tr("the disclosure"))
        return public
    shown = withhold(public.to_json(), hidden, allowed=codes)
    shown["withheld"] = [Withheld(f).to_json() for f in hidden]
    check_public(shown, allowed=codes, where=tr("the disclosure"))
    return Disclosure.from_json(shown)


_CITED = ("disclosure.platforms", "disclosure.contents", "disclosure.inspection_only", "disclosure.principle")
"""The rules of publication whose citations a disclosure carries (``disclosure.contents`` cites the article that
``disclosure.record_fields`` is read from)."""


def _draw_part(draw: DrawResult, subjects: Mapping[str, Subject], inspectors: Mapping[str, Inspector],
               leaders: Mapping[str, str]) -> DrawPart:
    return DrawPart(
        draw.algorithm, draw.manifest_hash, draw.public_input, draw.seed,
        tuple(_subject(s, subjects) for s in draw.subjects),
        tuple((s, tuple(_inspector(inspectors.get(p), p) for p in team)) for s, team in draw.teams),
        tuple((s, tuple(items)) for s, items in draw.items),
        tuple((k, tuple(v)) for k, v in draw.reserve),
        tuple(PublicRecusal(r.subject, _inspector(inspectors.get(r.inspector), r.inspector), r.method, r.reason,
                            _inspector(inspectors.get(r.replacement), r.replacement) if r.replacement else None,
                            r.with_subject, _undeclared(draw, r.subject, r.inspector)) for r in draw.recusals),
        tuple(leaders.items()),
    )


def _undeclared(draw: DrawResult, subject: str, inspector: str) -> bool | None:
    """Whether the inspector declared no interest in the subject before the dice (the draw's opened conflicts,
    draw-v2 §4): ``None`` for a draw-v1 draw, which committed no declarations."""
    if draw.version < 2:
        return None
    return not any(p == inspector for s, pairs in draw.conflicts if s == subject for p, _ in pairs)


def _inspection(record: InspectionRecord, subjects: Mapping[str, Subject], inspectors: Mapping[str, Inspector],
                fields: tuple[RecordField, ...], inspection_only: bool) -> PublicInspection:
    return PublicInspection(
        _subject(record.subject, subjects), tuple(_inspector(inspectors.get(p), p) for p in record.team),
        record.on(Step.STARTED), record.on(Step.ENDED), tuple(record.items),
        tuple(PublicProblem(f.item, f.note) for f in record.problems),
        None if record.result is None else PublicResult(record.result.number, record.result.label),
        handling=None if inspection_only else tuple(h.label for h in record.handling),
        fields=tuple(f for f in RecordField if f in fields),
        fed_back=record.on(Step.FED_BACK) if RecordField.FED_BACK in fields else None,
        opinion=record.opinion if RecordField.OPINION in fields else None,
        transfers=tuple(PublicTransfer(t.department, t.sender or None, t.letter or None, sent)
                        for t in record.transfers for sent in (t.on(Step.TRANSFERRED),) if sent is not None),
    )


def later_disclosures(profile: ResolvedProfile, record: InspectionRecord, subject: Subject) -> list[LaterDisclosure]:
    """Where the publication covers the inspection only (鹤壁 五(五)), each handling outcome that follows (a
    case, a letter to the licensing department, a transfer to the judicial organs) is a public record of its
    own, with the cases closed so far (by the inspecting department, or by a department the problems were
    transferred to) and their days; elsewhere the handling is part of the inspection's record and this is empty.
    Each :class:`LaterDisclosure`'s ``to_json()`` is what is published.

    Raises:
        PersonalDataError: personal data reached a record (:func:`check_public`), naming the field.
    """
    if not profile.value("disclosure.inspection_only", False):
        return []
    cases = tuple(ClosedCase(who, day)
                  for who, day in ((record.department, record.on(Step.CASE_CLOSED)),
                                   *((t.department, t.on(Step.CASE_CLOSED)) for t in record.transfers)) if day)
    out = [LaterDisclosure(PublicSubject(record.subject, subject.name), record.plan_id, h.label, cases)
           for h in record.handling]
    check_public([d.to_json() for d in out], allowed=[record.subject], where=tr("the later disclosure"))
    return out
