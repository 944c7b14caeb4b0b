"""Inspection records: the team, the dates, the checklist items with findings, the result in the profile's
scheme, the handling outcomes, and the dated steps that start and meet obligations."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model import Citation, HandlingOutcome, ResultCode, ResultScheme
from random_inspection.model._validators import as_tuple, one_line, strip
from random_inspection.profiles import ProfileStep, ResolvedProfile
from random_inspection.workflow.plans import InspectionKind

__all__ = ["CASE_STEPS", "TRANSFER_STEPS", "AnyStep", "Finding", "InspectionRecord", "NonCooperationRule", "Step",
           "Transfer", "as_step", "record_result"]


@attrs.frozen
class NonCooperationRule:
    """What serious non-cooperation (不予配合情节严重) means under one profile: the situations its document lists, in
    its words and order (``results.non_cooperation``), whether the document leaves the finding to the inspectors
    (the rule's qualifier, 许昌 第十八条 “可以认定”), and the rule's citation. A profile that lists none has
    ``situations == ()``: situations cannot be recorded under it."""

    situations: tuple[str, ...] = ()
    discretionary: bool = False
    citation: Citation | None = None

    @classmethod
    def of(cls, profile: ResolvedProfile) -> NonCooperationRule:
        """The rule of ``profile`` (its ``results.non_cooperation``), or none."""
        if not profile.has("results.non_cooperation"):
            return cls()
        rule = profile.rule("results.non_cooperation")
        return cls(tuple(rule.value), rule.departable, rule.citation)


class Step(str, enum.Enum):
    """A dated step of an inspection's life. Steps start obligations (检查结束 starts feedback and publication)
    and meet them (反馈 meets feedback). The list is open: a step named by a form of a profile's documents is the
    profile's own (:class:`~random_inspection.profiles.ProfileStep`, declared on the duty it meets), so an
    inspection's steps are :data:`AnyStep`."""

    DRAWN = "抽取完毕"
    STARTED = "检查开始"
    ENDED = "检查结束"
    RESULT_PRODUCED = "检查结果产生"
    RESULT_AGREED = "联合抽查结果共同认定"
    FED_BACK = "反馈检查结果"
    PUBLISHED = "录入平台并公示"
    PUBLISHED_PORTAL = "门户网站和信用平台公开"
    TRANSFERRED = "函告移交问题线索"
    TRANSFER_RECEIVED = "收到移交函"
    CASE_OR_REPLY = "立案查处或书面回复"
    CASE_CLOSED = "结案"
    OUTCOME_NOTIFIED = "书面告知并公示处罚信息"
    FOLLOWUP_DONE = "后续处置"
    FOLLOWUP_ENTERED = "后续处理结果录入"
    RECTIFICATION_REPORTED = "整改报告"
    REINSPECTED = "现场复查"
    CLOSED_OUT = "验收合格销号"
    FORM_COPY_HANDED = "备案表交检查对象留存"


@attrs.frozen
class Finding:
    """What was found on one checklist item (``compliant`` False: a problem)."""

    item: str
    compliant: bool
    note: str = ""


TRANSFER_STEPS = (Step.TRANSFERRED, Step.TRANSFER_RECEIVED, Step.CASE_OR_REPLY)
"""The steps of one transfer letter, kept on its :class:`Transfer`, never on the inspection record itself."""

CASE_STEPS = (Step.CASE_CLOSED, Step.OUTCOME_NOTIFIED)
"""The steps of a case: on the record for the department's own case, on a :class:`Transfer` for the receiver's."""


AnyStep = Step | ProfileStep
"""A step of an inspection: one of the library's, or one a profile declares (:class:`ProfileStep`)."""


def as_step(value: str) -> AnyStep:
    """The step ``value`` is: a library :class:`Step` (or its text), a :class:`ProfileStep` as given, or any other
    text as a step of a profile's own, recorded under that text (a stored record read back without its profile:
    it equals the profile's declared step, which is that text).

    Raises:
        InvalidInputError: a blank or multi-line text.
    """
    if isinstance(value, (Step, ProfileStep)):
        return value
    try:
        return Step(value)
    except ValueError:
        pass
    if not isinstance(value, str) or not value.strip() or value.splitlines() != [value] or value != value.strip():
        raise InvalidInputError(tr("{value!r} is not a step", value=value), where=tr("the inspection record"),
                                fix=tr("give a step of the library or of the profile: {steps}",
                                       steps=", ".join(s.value for s in Step)))
    return ProfileStep(value, "profile_step")


def _order(step: AnyStep) -> tuple[int, str]:
    """The library's steps in their order, then a profile's by their text."""
    return (list(Step).index(step), "") if isinstance(step, Step) else (len(Step), step.value)


Events = Mapping[Step, dt.date] | Mapping[AnyStep, dt.date] | Iterable[tuple[AnyStep, dt.date]]


def _events(value: Events) -> tuple[tuple[AnyStep, dt.date], ...]:
    pairs = list(value.items()) if isinstance(value, Mapping) else list(value)
    out: dict[AnyStep, dt.date] = {}
    for given, day in pairs:
        step = as_step(given)
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidInputError(tr("{value}: {day!r} is not a date",
                                       value=step.value,
                                       day=day), where=tr("the inspection record"),
                                    fix=tr("give each step a datetime.date"))
        out[step] = day
    return tuple(sorted(out.items(), key=lambda kv: (kv[1], _order(kv[0]))))


@attrs.frozen
class Transfer:
    """One letter transferring the problems found to another department (鹤壁 五(六): 函件形式移交; 许昌 第二十条:
    to the department in charge, or to the judicial organs), and what that department did with it.

    Attributes:
        department: the receiving department; it owes the case or the written reply, and the case outcome.
        events: the letter's steps (函告移交问题线索 by the sender; 收到移交函, 立案查处或书面回复, 结案,
            书面告知并公示处罚信息 by the receiver).
        letter: the letter's number (文号) as written on it, where it has one (鹤壁 五(六) names the letter,
            《关于移交双随机抽查有关问题的函》, not its number: ``""`` where none was given).
        sender: the department that sent it (``""`` where not recorded: 鹤壁 五(六) has a city office send it).
    """

    department: str = attrs.field(validator=attrs.validators.min_len(1))
    events: tuple[tuple[AnyStep, dt.date], ...] = attrs.field(default=(), converter=_events)
    letter: str = attrs.field(default="", converter=strip, validator=one_line, kw_only=True)
    sender: str = attrs.field(default="", converter=strip, validator=one_line, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.sender and self.sender == self.department:
            raise InvalidInputError(tr("a transfer letter sent by {sender} to itself", sender=self.sender),
                                    where=tr("transfer to {department}", department=self.department),
                                    fix=tr("give the department that sent the letter, not the one receiving it"))
        foreign = [s.value for s, _ in self.events if s not in (*TRANSFER_STEPS, *CASE_STEPS)]
        if foreign:
            raise InvalidInputError(tr("steps of the inspection itself on a transfer: {foreign}",
                                       foreign=', '.join(foreign)),
                                    where=tr("transfer to {department}", department=self.department),
                                    fix=tr("record them on the inspection record's events"))

    def on(self, step: AnyStep) -> dt.date | None:
        """The day of ``step`` of this letter, if it has happened."""
        return dict(self.events).get(step)

    def with_event(self, step: AnyStep, day: dt.date) -> Transfer:
        """This transfer with ``step`` done on ``day``."""
        return attrs.evolve(self, events={**dict(self.events), as_step(step): day})


def _transfers(value: Iterable[Transfer]) -> tuple[Transfer, ...]:
    out = as_tuple(value)
    names = [t.department for t in out]
    if len(set(names)) != len(names):
        raise InvalidInputError(tr("transfers to {names} name a department twice",
                                   names=', '.join(names)), where=tr("the inspection record"),
                                fix=tr("one Transfer per receiving department, with all its steps"))
    return out


@attrs.frozen
class InspectionRecord:
    """One inspection of one subject.

    Attributes:
        subject: the subject's 统一社会信用代码.
        plan_id: the plan it belongs to (the draw's, for a double-random inspection).
        kind: why it took place; only double-random inspections are counted as such.
        department: the department responsible for its obligations (the lead, in a joint plan).
        team: the inspectors' ids.
        items: the checklist items drawn for it; findings outside them are refused (“清单之外无检查”).
        findings: what was found per item.
        result: the overall result in the profile's scheme, once produced.
        handling: the handling outcomes (处理情况) that followed.
        non_cooperation: the situations of serious non-cooperation that occurred, in the profile's words
            (:class:`NonCooperationRule`).
        opinion: the subject's opinion (被检查对象的意见建议, published under 冷水滩 第十七条).
        transfers: the letters transferring the problems found to other departments (鹤壁 五(六); 许昌
            第二十条), one per receiving department, each with its own steps.
        rectification_due: the last day of rectification set by the 责令限期整改指令书 (石家庄 二(六)).
        agreed_by: the departments that agreed the result of a joint inspection (鹤壁 五(五)).
        events: the dated steps so far.
        trigger: for an inspection that is not double-random (:attr:`InspectionKind.OTHER`), its reason in the
            profile's words (``scope.excluded_triggers``: 投诉、举报, 上级部门交办, ...).
    """

    subject: str
    plan_id: str
    kind: InspectionKind = attrs.field(converter=InspectionKind)
    department: str
    team: tuple[str, ...] = attrs.field(converter=as_tuple)
    items: tuple[str, ...] = attrs.field(converter=as_tuple)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=as_tuple)
    result: ResultCode | None = None
    handling: tuple[HandlingOutcome, ...] = attrs.field(default=(), converter=as_tuple)
    non_cooperation: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    opinion: str = ""
    transfers: tuple[Transfer, ...] = attrs.field(default=(), converter=_transfers)
    rectification_due: dt.date | None = None
    agreed_by: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    events: tuple[tuple[AnyStep, dt.date], ...] = attrs.field(default=(), converter=_events)
    trigger: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        where = tr("inspection of {subject} (plan {plan_id})", subject=self.subject, plan_id=self.plan_id)
        if self.kind is InspectionKind.DOUBLE_RANDOM and not self.team:
            raise InvalidInputError(tr("a double-random inspection with no team"), where=where,
                                    fix=tr("give the team the draw assigned"))
        if self.kind is InspectionKind.DOUBLE_RANDOM and self.trigger:
            raise InvalidInputError(tr("a double-random inspection with a trigger"), where=where,
                                    fix=tr("a trigger is the reason of an inspection that is not double-random"))
        if self.kind is InspectionKind.OTHER and not (self.trigger or "").strip():
            raise InvalidInputError(tr("an inspection that is not double-random gives no reason"), where=where,
                                    fix=tr("give its trigger in the profile's words (scope.excluded_triggers)"))
        outside = [f.item for f in self.findings if f.item not in self.items]
        if outside:
            raise InvalidInputError(
                tr("findings on items outside the plan's checklist: {outside}",
                   outside=', '.join(outside)), where=where,
                fix=tr("record findings only on the items drawn for this subject: nothing outside the checklist is "
                       "inspected"),
            )
        misplaced = [s.value for s, _ in self.events if s in TRANSFER_STEPS]
        if misplaced:
            raise InvalidInputError(tr("steps of a transfer letter on the record: {misplaced}",
                                       misplaced=', '.join(misplaced)), where=where,
                                    fix=tr("record them on the Transfer to the receiving department"))
        own = [t.department for t in self.transfers if t.department == self.department]
        if own:
            raise InvalidInputError(tr("a transfer to {own}, the inspecting department itself",
                                       own=own[0]), where=where,
                                    fix=tr("a case the department opens itself is recorded on the record's events"))
        started, ended = self.on(Step.STARTED), self.on(Step.ENDED)
        if started and ended and ended < started:
            raise InvalidInputError(tr("it ends {ended} before it starts {started}",
                                       ended=ended,
                                       started=started), where=where,
                                    fix=tr("give the first and the last day of the inspection"))

    def on(self, step: AnyStep) -> dt.date | None:
        """The day of ``step``, if it has happened."""
        return dict(self.events).get(step)

    def with_event(self, step: AnyStep, day: dt.date) -> InspectionRecord:
        """This record with ``step`` done on ``day`` (a later call for the same step replaces the day)."""
        return attrs.evolve(self, events={**dict(self.events), as_step(step): day})

    def transfer(self, department: str) -> Transfer:
        """The transfer to ``department``."""
        for t in self.transfers:
            if t.department == department:
                return t
        raise InvalidInputError(tr("no transfer to {department}",
                                   department=department), where=tr("inspection of {subject}", subject=self.subject),
                                fix=tr("transfer the problems first with with_transfer"))

    def with_transfer(self, department: str, step: AnyStep, day: dt.date, *, letter: str = "",
                      sender: str = "") -> InspectionRecord:
        """This record with ``step`` of the transfer to ``department`` done on ``day`` (the transfer is added
        if it is new); a ``letter`` number (文号) or ``sender`` given is set on the transfer."""
        known = {t.department: t for t in self.transfers}
        changed = known.get(department, Transfer(department)).with_event(step, day)
        if letter or sender:
            changed = attrs.evolve(changed, letter=letter or changed.letter, sender=sender or changed.sender)
        return attrs.evolve(self, transfers={**known, department: changed}.values())

    @property
    def result_day(self) -> dt.date | None:
        """The day the result was produced: its own step, else the last day of the inspection."""
        return self.on(Step.RESULT_PRODUCED) or (self.on(Step.ENDED) if self.result is not None else None)

    @property
    def problems(self) -> tuple[Finding, ...]:
        """The findings of a problem (the checklist items found not compliant)."""
        return tuple(f for f in self.findings if not f.compliant)

    @property
    def found_problem(self) -> bool:
        """Whether the inspection found a problem: its result code says so (:attr:`ResultCode.finds_problem`, set by
        the profile that writes the scheme), a checklist item was found not compliant, a handling outcome
        followed, a rectification period was set (a 责令限期整改 follows only a problem found, 石家庄 二(六)), or
        the problems were transferred. It reads typed facts only, never a text: under a profile without a
        scheme the record's own findings and orders decide."""
        coded = self.result is not None and self.result.finds_problem
        return bool(coded or self.problems or self.handling or self.rectification_due is not None or self.transfers)

    @property
    def problem_day(self) -> dt.date | None:
        """The day a problem found was established: the day the result was produced, else the last day of the
        inspection; ``None`` if it found none (:attr:`found_problem`) or has not ended."""
        if not self.found_problem:
            return None
        return self.on(Step.RESULT_PRODUCED) or self.on(Step.ENDED)


def record_result(
    record: InspectionRecord,
    scheme: ResultScheme,
    result: int | str | None,
    *,
    handling: Iterable[str] = (),
    non_cooperation: Iterable[str] = (),
    non_cooperation_rule: NonCooperationRule | None = None,
    joint_departments: tuple[str, ...] = (),
    agreed_by: Iterable[str] = (),
    joint_office_agrees: bool = False,
) -> InspectionRecord:
    """The record with its overall result, checked against the profile's scheme.

    Situations of serious non-cooperation are recorded only as the profile lists them (``non_cooperation_rule``,
    :meth:`NonCooperationRule.of`). Where the scheme has a code for it (``ResultScheme.non_cooperation``), the
    situations give that code; a different result given with them is refused — unless the profile's rule leaves
    the finding to the inspectors (许昌 第十八条 “可以认定”), when the result given stands. Where a joint office
    agrees results (鹤壁 五(五)), every department of the joint plan must be among ``agreed_by``.

    Raises:
        InvalidInputError: a code or handling outcome not in the scheme, a situation the profile does not list, a
            result contradicting the situations, or a joint result not agreed by every department.
    """
    where = tr("result of {subject} (plan {plan_id})", subject=record.subject, plan_id=record.plan_id)
    rule = non_cooperation_rule or NonCooperationRule()
    situations = tuple(non_cooperation)
    for situation in situations:
        if situation not in rule.situations:
            listed = "；".join(f"{n}. {s}" for n, s in enumerate(rule.situations, 1))
            raise InvalidInputError(
                tr("{situation!r} is not a situation of serious non-cooperation under the plan's profile",
                   situation=situation),
                where=where, fix=f"give one the profile lists ({rule.citation}): {listed}" if listed else
                "the profile lists no such situations: record the result alone",
            )
    serious = scheme.code(scheme.non_cooperation) if scheme.non_cooperation is not None else None
    code = scheme.code(result) if result is not None else None
    if situations and serious is not None:
        if code is not None and code != serious and not rule.discretionary:
            raise InvalidInputError(
                tr("result {number} {label} given with non-cooperation ({situations})", number=code.number,
                   label=code.label, situations=situations[0]),
                where=where, fix=tr("the result is {number} {label} ({citation})", number=serious.number,
                                    label=serious.label, citation=rule.citation),
            )
        code = code or serious
    if code is None:
        raise InvalidInputError(tr("no result given"), where=where, fix=tr("give a code of the profile's scheme"))
    outcomes = tuple(scheme.outcome(h) for h in handling)
    agreed = tuple(agreed_by)
    if joint_office_agrees and joint_departments:
        missing = [d for d in joint_departments if d not in agreed]
        if missing:
            raise InvalidInputError(
                tr("the joint result is not agreed by {missing}", missing=', '.join(missing)), where=where,
                fix=tr("record the result once the joint office and every department have agreed it (the profile's "
                       "joint.office_agrees_results)"),
            )
    return attrs.evolve(record, result=code, handling=outcomes, non_cooperation=situations, agreed_by=agreed)
