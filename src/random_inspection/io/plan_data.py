"""What the forms and tables of one plan are written from: the profile, the plan, its draw, the rosters and the
inspection records, looked up by code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model import ChecklistItem, Inspector, Subject
from random_inspection.profiles import ResolvedProfile
from random_inspection.sampling import DrawResult, Manifest
from random_inspection.workflow import InspectionPlan, InspectionRecord

__all__ = ["PlanExport"]


@attrs.frozen(kw_only=True)
class PlanExport:
    """One plan with everything its forms, tables and disclosure need. Build it with :meth:`of`.

    Attributes:
        profile: the profile the plan runs under, resolved on the plan's day.
        plan: the plan.
        draw: the plan's draw in force (after recusals).
        subjects, inspectors, checklist: the rosters, by 统一社会信用代码, id and item code.
        records: the plan's inspections so far (none right after the draw).
        manifest: the draw's manifest, if at hand (the seed source and the kind of draw are taken from it).
        units: each subject's (管辖单位, 登记单位) for 鹤壁 附件2.
        department_names: names of departments by code, beyond those the profile's ``joint.departments`` gives.
    """

    profile: ResolvedProfile
    plan: InspectionPlan
    draw: DrawResult
    subjects: Mapping[str, Subject]
    inspectors: Mapping[str, Inspector]
    checklist: Mapping[str, ChecklistItem]
    records: tuple[InspectionRecord, ...] = ()
    manifest: Manifest | None = None
    units: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)
    department_names: Mapping[str, str] = attrs.field(factory=dict)

    @classmethod
    def of(
        cls,
        profile: ResolvedProfile,
        plan: InspectionPlan,
        draw: DrawResult,
        subjects: Iterable[Subject],
        inspectors: Iterable[Inspector],
        checklist: Iterable[ChecklistItem],
        *,
        records: Iterable[InspectionRecord] = (),
        manifest: Manifest | None = None,
        units: Mapping[str, tuple[str, str]] | None = None,
        department_names: Mapping[str, str] | None = None,
    ) -> PlanExport:
        """Gather a plan's data from roster lists.

        Raises:
            InvalidInputError: the draw is not the manifest's, or a drawn subject or inspector is not in the
                rosters given (an expert of a draw-v3 manifest's roster is not looked for there).
        """
        by_uscc = {s.uscc: s for s in subjects}
        people = {p.id: p for p in inspectors}
        where = tr("export of plan {plan_id}", plan_id=plan.plan_id)
        if manifest is not None and manifest.hash != draw.manifest_hash:
            raise InvalidInputError(tr("the draw is not of this manifest (the hashes differ)"), where=where,
                                    fix=tr("give the manifest the draw was made from"))
        missing = [s for s in draw.subjects if s not in by_uscc]
        experts = manifest.expert_ids if manifest is not None else frozenset()  # draw-v3: swapped in by recusal
        missing += [p for _, team in draw.teams for p in team if p not in people and p not in experts]
        if missing:
            raise InvalidInputError(tr("not in the rosters given: {missing}", missing=', '.join(missing)), where=where,
                                    fix=tr("give the subject and inspector rosters the draw was made from"))
        return cls(profile=profile, plan=plan, draw=draw, subjects=by_uscc, inspectors=people,
                   checklist={c.code: c for c in checklist},
                   records=tuple(r for r in records if r.plan_id == plan.plan_id),
                   manifest=manifest, units=dict(units or {}), department_names=dict(department_names or {}))

    def department_name(self, code: str) -> str:
        """A department's name: given, else the profile's joint department of that code, else the code."""
        if code in self.department_names:
            return self.department_names[code]
        for department in self.profile.value("joint.departments", ()):
            if department.code == code:
                return str(department.name)
        return code

    def record(self, subject: str) -> InspectionRecord | None:
        """The double-random inspection of ``subject`` under this plan, if recorded."""
        return next((r for r in self.records if r.subject == subject and r.kind.counts_as_double_random), None)

    def team(self, subject: str) -> tuple[str, ...]:
        """The team of ``subject``: the inspection's, once recorded, else the draw's."""
        record = self.record(subject)
        if record is not None:
            return record.team
        return dict(self.draw.teams).get(subject, ())

    def items(self, subject: str) -> tuple[str, ...]:
        """The checklist items of ``subject``: the inspection's, once recorded, else the draw's."""
        record = self.record(subject)
        if record is not None:
            return record.items
        return dict(self.draw.items).get(subject, ())

    def team_members(self) -> tuple[str, ...]:
        """Every inspector on a team of this plan, once each, in the order of the drawn subjects."""
        seen: dict[str, None] = {}
        for subject in self.draw.subjects:
            for person in self.team(subject):
                seen.setdefault(person, None)
        return tuple(seen)

    def inspector_name(self, pid: str) -> str:
        """An inspector's name, else the id."""
        person = self.inspectors.get(pid)
        return person.name if person else pid

    def item_name(self, code: str) -> str:
        """A checklist item's name, else the code."""
        item = self.checklist.get(code)
        return item.name if item else code

    def subject_name(self, uscc: str) -> str:
        """A subject's name, else the code."""
        subject = self.subjects.get(uscc)
        return subject.name if subject else uscc
