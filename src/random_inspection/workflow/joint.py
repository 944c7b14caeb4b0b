"""Joint double-random inspections between departments (部门联合双随机), as 许应急〔2023〕14号 第二十二、二十三条
set them out:

1. the lead and its partners agree the subject pool, the checklist and the date (第二十二条(一));
2. the lead draws the subjects and hands the list to every partner (第二十二条(二)): :func:`hand_out` gives each
   department its :class:`JointTask`; a partner receives its task from the platform (第二十三条(二));
3. each department picks its own inspectors (第二十二条(三), 第二十三条(二)): a draw-v1 draw of its inspectors
   for the task's subjects (:func:`~random_inspection.sampling.team_manifest`), or the lead's own draw where it
   drew a team for every department; :meth:`JointInspection.staffed` checks and records it;
4. the departments inspect together (第二十二条(四)) and the results follow chapter 5 (第二十二条(五)):
   :meth:`JointInspection.record` gives the inspection record of one subject, for all departments together or
   for one department's part.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model import Citation
from random_inspection.profiles import Check, ResolvedProfile
from random_inspection.sampling import DrawResult, Manifest, verify
from random_inspection.workflow.inspections import InspectionRecord, Step
from random_inspection.workflow.plans import InspectionKind, InspectionPlan

__all__ = ["JointInspection", "JointRole", "JointTask", "hand_out"]


class JointRole(str, enum.Enum):
    """A department's part in a joint inspection."""

    LEAD = "牵头"  # 第二十二条: 由我局牵头发起
    PARTNER = "协同"  # 第二十三条: 由我局参与协同

    @property
    def procedure_rule(self) -> str:
        """The profile rule that lists this role's steps."""
        return "joint.lead_procedure" if self is JointRole.LEAD else "joint.partner_procedure"


@attrs.frozen
class JointTask:
    """What the lead's draw hands one department (第二十二条(二) 将名单派发给各协同部门; 第二十三条(二) 平台派发的任务).

    Attributes:
        plan_id: the joint plan.
        lead: the lead department.
        department: the department the task is for.
        subjects: the subjects drawn, by 统一社会信用代码, in the draw's order.
        items: per subject, the drawn checklist items that are this department's.
        window: the agreed days of the joint inspection (第二十二条(一) 约定联合抽查时间).
        manifest_hash: the lead's published draw the list comes from.
        handed_on: the day the list was handed out.
    """

    plan_id: str
    lead: str
    department: str
    subjects: tuple[str, ...]
    items: tuple[tuple[str, tuple[str, ...]], ...]
    window: tuple[dt.date, dt.date]
    manifest_hash: str
    handed_on: dt.date

    @property
    def role(self) -> JointRole:
        return JointRole.LEAD if self.department == self.lead else JointRole.PARTNER

    def items_for(self, subject: str) -> tuple[str, ...]:
        """This department's checklist items for ``subject``."""
        return dict(self.items).get(subject, ())

    def procedure(self, profile: ResolvedProfile) -> tuple[tuple[str, ...], Citation] | None:
        """The steps the profile sets for this department's role, with their citation (None where it sets
        none)."""
        key = self.role.procedure_rule
        if not profile.has(key):
            return None
        rule = profile.rule(key)
        return tuple(rule.value), rule.citation


def hand_out(plan: InspectionPlan, manifest: Manifest, result: DrawResult, on: dt.date) -> tuple[JointTask, ...]:
    """The lead's list handed to each department of a joint plan, the lead's own task first (第二十二条(二)).

    Each task carries every drawn subject and, per subject, the drawn items whose department is the task's (an
    item of a department outside the plan reaches no task: draw from the plan's departments' checklists).

    Raises:
        InvalidInputError: a plan with one department, or a draw that is not this plan's or not of this manifest.
    """
    where = tr("joint plan {plan_id}", plan_id=plan.plan_id)
    if not plan.joint:
        raise InvalidInputError(tr("a plan of one department has no partners to hand a list to"), where=where,
                                fix=tr("name the lead, then its partners, in the plan's departments"))
    if manifest.plan_id != plan.plan_id or result.manifest_hash != manifest.hash:
        raise InvalidInputError(tr("the draw is not this plan's published draw"), where=where,
                                fix=tr("hand out the result of the plan's own manifest"))
    problem = verify(manifest, result)
    if problem is not None:
        raise InvalidInputError(tr("the draw does not verify: {problem}", problem=problem), where=where,
                                fix=tr("hand out the result exactly as the draw gave it"))
    owner = {c.code: c.department for c in manifest.checklist}
    drawn = dict(result.items)
    return tuple(
        JointTask(
            plan.plan_id, plan.lead, department, result.subjects,
            tuple((s, tuple(i for i in drawn.get(s, ()) if owner.get(i) == department)) for s in result.subjects),
            plan.window, result.manifest_hash, on,
        )
        for department in plan.departments
    )


@attrs.frozen
class JointInspection:
    """A joint inspection from the handed-out list to the records: each department's team is staffed from its
    own draw, checked before it is taken.

    Attributes:
        tasks: every department's task, from :func:`hand_out`.
        teams: per department, per subject, the inspectors it picked; filled by :meth:`staffed`.
        draws: per department, the hash of the manifest its team was drawn from (to publish with the draw).
    """

    tasks: tuple[JointTask, ...]
    teams: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()
    draws: tuple[tuple[str, str], ...] = ()

    def __attrs_post_init__(self) -> None:
        if not self.tasks or len({(t.plan_id, t.manifest_hash, t.subjects) for t in self.tasks}) != 1 \
                or len(set(self.departments)) != len(self.tasks):
            raise InvalidInputError(tr("the tasks are not the hand-out of one draw, one task a department"),
                                    where=tr("the joint inspection"),
                                    fix=tr("give every task hand_out made for the plan"))

    @property
    def plan_id(self) -> str:
        return self.tasks[0].plan_id

    @property
    def lead(self) -> str:
        return self.tasks[0].lead

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(t.department for t in self.tasks)

    @property
    def unstaffed(self) -> tuple[str, ...]:
        """The departments that have not picked their inspectors yet."""
        done = dict(self.teams)
        return tuple(d for d in self.departments if d not in done)

    def task(self, department: str) -> JointTask:
        for t in self.tasks:
            if t.department == department:
                return t
        raise InvalidInputError(tr("{department} has no task in joint plan {plan_id}", department=department,
                                   plan_id=self.plan_id), where=tr("the joint inspection"),
                                fix=tr("one of {departments}", departments=', '.join(self.departments)))

    def staffed(self, department: str, manifest: Manifest, result: DrawResult, *,
                profile: ResolvedProfile | None = None) -> JointInspection:
        """This inspection with ``department``'s inspectors, taken from its own draw (第二十二条(三)).

        The draw must verify against its manifest and give every subject of the task at least one inspector of
        the department; only the department's own inspectors are taken. Where ``profile``'s document says each
        department picks its own (its ``checks.own_inspectors`` rule: 许昌 第二十二条(三) 各部门自行选派抽查人员), the
        draw must hold the department's inspectors only — the lead's draw cannot staff a partner; otherwise the
        lead's draw may have drawn a team for every department at once.

        Raises:
            InvalidInputError: no task for the department, a draw that does not verify, a subject of the task
                without a team, a draw of other departments' inspectors where each picks its own, or a
                department staffed twice.
        """
        task = self.task(department)
        where = tr("{department}'s inspectors for joint plan {plan_id}", department=department, plan_id=self.plan_id)
        others = sorted({p.department for p in manifest.inspectors} - {department})
        if profile is not None and others and not profile.permissions().basis(Check.OWN_INSPECTORS).assumed:
            basis = profile.permissions().basis(Check.OWN_INSPECTORS).describe()
            raise InvalidInputError(tr("the draw holds inspectors of {others}: under {basis} each department picks "
                                       "its own", others=', '.join(others), basis=basis), where=where,
                                    fix=tr("staff {department} from its own draw of its own inspectors "
                                           "(team_manifest)", department=department))
        if department in dict(self.teams):
            raise InvalidInputError(tr("{department} has picked its inspectors already",
                                       department=department), where=where,
                                    fix=tr("a department draws its inspectors once; a redraw is recorded as such"))
        problem = verify(manifest, result)
        if problem is not None:
            raise InvalidInputError(tr("the draw does not verify: {problem}", problem=problem), where=where,
                                    fix=tr("give the published manifest and the result drawn from it"))
        theirs = {p.id for p in manifest.inspectors if p.department == department}
        drawn = dict(result.teams)
        teams = tuple((s, tuple(m for m in drawn.get(s, ()) if m in theirs)) for s in task.subjects)
        bare = [s for s, team in teams if not team]
        if bare:
            raise InvalidInputError(
                tr("no inspector of {department} for {bare_count} subject(s), first {bare}", department=department,
                   bare_count=len(bare), bare=bare[0]), where=where,
                fix=tr("draw the department's inspectors for every subject of its task (team_manifest)"),
            )
        return attrs.evolve(self, teams=(*self.teams, (department, teams)),
                            draws=(*self.draws, (department, manifest.hash)))

    def team(self, subject: str, department: str | None = None) -> tuple[str, ...]:
        """The inspectors of ``subject``: one department's, or every department's in the plan's order.

        Raises:
            InvalidInputError: a department (or, for the whole team, any department) not staffed yet.
        """
        if subject not in self.tasks[0].subjects:
            raise InvalidInputError(tr("{subject} is not on the list of joint plan {plan_id}", subject=subject,
                                       plan_id=self.plan_id),
                                    where=tr("the joint inspection"),
                                    fix=tr("ask only for the subjects the draw handed out"))
        wanted = (self.task(department).department,) if department else self.departments
        missing = [d for d in wanted if d in self.unstaffed]
        if missing:
            raise InvalidInputError(tr("{missing} has not picked its inspectors",
                                       missing=', '.join(missing)),
                                    where=tr("joint plan {plan_id}", plan_id=self.plan_id),
                                    fix=tr("record each department's draw with staffed()"))
        teams = dict(self.teams)
        return tuple(m for d in wanted for m in dict(teams[d]).get(subject, ()))

    def record(self, subject: str, department: str | None = None, *,
               events: Mapping[Step, dt.date] | None = None) -> InspectionRecord:
        """The double-random inspection record of ``subject``: the whole joint inspection, under the lead, with
        every department's inspectors and items (第二十二条(四)); or, with ``department``, that department's part
        of it, with its own inspectors and items, for its own results (第二十三条(四))."""
        team = self.team(subject, department)  # refuses a subject off the list, an unknown or unstaffed department
        parts = (self.task(department),) if department else self.tasks
        items = tuple(dict.fromkeys(i for t in parts for i in t.items_for(subject)))
        return InspectionRecord(subject, self.plan_id, InspectionKind.DOUBLE_RANDOM, department or self.lead,
                                team, items, events=events or {})
