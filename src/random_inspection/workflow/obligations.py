"""Obligations that follow from an inspection's steps, each with its due date, citation and status.

An obligation starts on a step (检查结束, 收到移交函, 结案, ...) and is met by another (反馈, 公示, 书面回复, ...).
Its period comes from the profile in force (``limit.*`` rules, counted by :func:`~random_inspection.timelimits
.deadline`). Where a document requires a step but sets no period (冷水滩 第十四、十七条; 石家庄 二(六), 三(二)),
the obligation has no due date unless the plan sets one, and it is never overdue on the library's say.

The library's own obligations (:data:`OBLIGATIONS`) are generic: each follows from a catalogue rule. A duty that
no catalogue rule describes is the profile's own, supplied by its ``random_inspection_duties`` hook
(:meth:`~random_inspection.profiles.ResolvedProfile.duties`) and added after them (:func:`obligation_specs`).

Who owes an obligation (:class:`Debtor`) is read from the profile's actor rule for the step that meets it
(``actors.<action>``): its roles, and the department where one applies. Where only an office owes it (鹤壁 五(六):
the 市“双随机、一公开”工作领导小组办公室 transfers the problems), no department does.

Where two time limits govern one act (a profile's rule ``also_governs`` another's: two articles setting periods
for the same publication), the obligation carries both deadlines and is due by the earlier one. Where the act is
done during business hours, a deadline ends when business stops (民法典 第二百零三条第二款): the rule's cut-off,
or the plan's (``obligations(cut_offs=...)``) where the profile cannot know the office's hours.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping

import attrs

from random_inspection.errors import InvalidInputError, ProfileError
from random_inspection.messages import tr
from random_inspection.model import Action, Citation, Role
from random_inspection.profiles import Duty, EffectiveRule, Event, Kind, Permissions, ProfileStep, ResolvedProfile
from random_inspection.timelimits import CountingOverride, CutOff, Deadline, Period, WorkingCalendar, deadline
from random_inspection.workflow.actions import action_of_step
from random_inspection.workflow.deadline_departure import DeadlineDeparture
from random_inspection.workflow.inspections import CASE_STEPS, AnyStep, InspectionRecord, Step, Transfer

__all__ = ["OBLIGATIONS", "OFFICE_ROLES", "RECORDS_HANDED_OVER", "Debtor", "Obligation", "ObligationSpec", "Status",
           "obligation_specs", "obligations", "overdue", "profile_step", "profile_steps"]

OFFICE_ROLES = frozenset({Role.DOUBLE_RANDOM_OFFICE, Role.JOINT_OFFICE})
"""The roles that are an office rather than a part of the inspecting department: a duty only they owe is owed by
no department (鹤壁 五(六): the 市“双随机、一公开”工作领导小组办公室, a city office, transfers the problems)."""


class Status(str, enum.Enum):
    """Where an obligation stands on a given day."""

    OPEN = "未完成"
    PROVISIONAL = "未完成（期限暂定）"  # open, and its due date rests on a provisional holiday schedule
    MET = "按期完成"
    MET_LATE = "逾期完成"
    OVERDUE = "已逾期"


@attrs.frozen
class Debtor:
    """Who owes an obligation.

    Attributes:
        roles: the roles the profile's actor rule gives the step that meets it (``actors.<action>``, the action of
            :func:`~random_inspection.workflow.action_of_step`); ``None`` where no document of the chain says who
            takes that step.
        department: the department that owes it: the receiving department for a duty of a transfer letter, else
            the inspecting department; ``None`` where every role named is an office (:data:`OFFICE_ROLES`).
        citation: the actor rule's article; ``None`` where ``roles`` is.
    """

    roles: tuple[Role, ...] | None
    department: str | None
    citation: Citation | None = None

    def __str__(self) -> str:
        """The department, else the offices' roles (``双随机办``)."""
        return self.department or "、".join(r.value for r in self.roles or ())

    @classmethod
    def of(cls, permissions: Permissions, met_by: AnyStep, department: str, *, receiver: bool = False) -> Debtor:
        """The debtor of a duty met by ``met_by``, of ``department`` (the inspecting one, or the receiver of a
        letter: ``receiver``), under ``permissions`` (the profile's ordinary grants)."""
        grant = permissions.grant(action_of_step(met_by))
        office = grant.roles is not None and all(r in OFFICE_ROLES for r in grant.roles)
        return cls(grant.roles, None if office and not receiver else department, grant.citation)


@attrs.frozen
class Obligation:
    """One duty arising from an inspection.

    Attributes:
        key: what it is (``"feedback"``, ``"publication"``, ...; see :data:`OBLIGATIONS`).
        title: the duty in the source's words.
        subject, plan_id: the inspection it arises from.
        department: the department that owes it (the receiving department, for a transferred problem); ``None``
            where an office owes it (:class:`Debtor`).
        starts: the step it runs from, and ``started_on`` its day.
        met_by: the step that meets it, and ``met_on`` its day, once done.
        citation: the rule that requires it.
        deadline: the computed due date with its reasons; ``None`` where no period applies. Where several
            limits govern the act, the one that binds (the earliest to end).
        due: the last day to meet it (at 24:00, or at the binding deadline's cut-off), or ``None``.
        period_from_plan: the period was set by the plan because the source sets none.
        counterpart: for a duty arising from a transfer letter, the receiving department (it tells the
            sender's several letters apart).
        debtor: who owes it, by the profile's actor rule (:class:`Debtor`); ``None`` for one made by hand.
        deadlines: every deadline governing the act, its own rule's first, then those of the rules that
            govern it too (``Rule.also_governs``); the earliest to end binds. Empty where no period applies.
        departure: the departure from the default period that gives its own deadline (recorded after the draw,
            in time: :class:`~random_inspection.workflow.DeadlineDeparture`), or ``None``.
        default_due: with a departure, the due date the default period gives (shown beside ``due``).
    """

    key: str
    title: str
    subject: str
    plan_id: str
    department: str | None
    starts: AnyStep
    started_on: dt.date
    met_by: AnyStep
    citation: Citation
    deadline: Deadline | None = None
    due: dt.date | None = None
    met_on: dt.date | None = None
    period_from_plan: bool = False
    counterpart: str | None = None
    debtor: Debtor | None = None
    deadlines: tuple[Deadline, ...] = attrs.field(default=(), kw_only=True)
    departure: DeadlineDeparture | None = attrs.field(default=None, kw_only=True)
    default_due: dt.date | None = attrs.field(default=None, kw_only=True)

    @property
    def owed_by(self) -> str:
        """Who owes it, in a word: the department, else the offices' roles."""
        return str(self.debtor) if self.debtor is not None else self.department or ""

    @property
    def provisional(self) -> bool:
        return self.deadline is not None and self.deadline.provisional

    @property
    def ends_at(self) -> dt.datetime | None:
        """The moment it falls due (local time): the binding deadline's cut-off on the due date, else 24:00 of
        it; ``None`` without a due date."""
        if self.due is None:
            return None
        if self.deadline is not None and self.deadline.due == self.due:
            return self.deadline.ends_at
        return dt.datetime.combine(self.due + dt.timedelta(days=1), dt.time(0, 0))

    def status(self, on: dt.date) -> Status:
        """Its status at the end of day ``on``: met on the due date is met, a day later is late. Where the due
        date has a cut-off (停止业务活动的时间), the due date is over at its end, so an obligation not met by then
        is overdue; met on the due date at a time not known counts as met (:meth:`status_at` knows the time)."""
        if self.met_on is not None and self.met_on <= on:
            return Status.MET_LATE if self.due is not None and self.met_on > self.due else Status.MET
        ends_at = self.ends_at
        if ends_at is not None and dt.datetime.combine(on + dt.timedelta(days=1), dt.time(0, 0)) > ends_at:
            return Status.OVERDUE
        return Status.PROVISIONAL if self.provisional else Status.OPEN

    def status_at(self, moment: dt.datetime, met_at: dt.datetime | None = None) -> Status:
        """Its status at ``moment`` (local time), where the time of day is known: ``met_at`` the moment the act
        was done, if it was (else the day it was met counts, as in :meth:`status`). Compared with
        :attr:`ends_at`, so an act done on the due date after business stopped is late."""
        ends_at = self.ends_at
        if met_at is not None and met_at <= moment:
            return Status.MET_LATE if ends_at is not None and met_at > ends_at else Status.MET
        if met_at is None and self.met_on is not None and self.met_on <= moment.date():
            return self.status(moment.date())
        if ends_at is not None and moment > ends_at:
            return Status.OVERDUE
        return Status.PROVISIONAL if self.provisional else Status.OPEN


@attrs.frozen
class ObligationSpec:
    """How an obligation arises: the rule that requires it (``rule``; its value is the period when it is a
    ``limit.*`` rule), the step it starts on (``None``: the rule's own ``runs_from``), the step that meets it,
    and when it applies to a record. A profile's own duty has no rule (``rule`` is ``None``): its ``citation``
    and its ``period`` (``None`` where the source sets none) are its own.

    ``per_transfer``: ``"only"`` when it arises once per transfer letter and never otherwise, ``"also"`` when it
    arises from the record's own steps and once per letter; its days are then the letter's (falling back to the
    record's for 检查结束). ``owed_by_receiver``: per letter, the receiving department owes it. ``start_day``:
    the step and day it starts on, where that is not simply ``starts`` on its day (the record's own, not a
    letter's)."""

    key: str
    title: str
    rule: str | None
    starts: AnyStep | None
    met_by: AnyStep
    applies: Callable[[InspectionRecord, ResolvedProfile], bool] = lambda record, profile: True
    owed_by_receiver: bool = False
    per_transfer: str | None = None
    fixed_due: Callable[[InspectionRecord], dt.date | None] | None = None
    citation: Citation | None = None
    period: Period | None = None
    start_day: Callable[[InspectionRecord], tuple[AnyStep, dt.date] | None] | None = None


def _no_exception(record: InspectionRecord, profile: ResolvedProfile) -> bool:
    """Whether ``record`` opens a follow-up that admits no exception: the profile sets ``followup.no_exception``
    and the inspection found a problem (:attr:`InspectionRecord.found_problem`)."""
    return bool(profile.value("followup.no_exception", False)) and record.found_problem


def _problem_start(record: InspectionRecord) -> tuple[AnyStep, dt.date] | None:
    """Where the follow-up of a problem found starts: the result (检查结果产生), else the end of the inspection."""
    day = record.problem_day
    if day is None:
        return None
    return (Step.RESULT_PRODUCED if record.on(Step.RESULT_PRODUCED) else Step.ENDED), day


RECORDS_HANDED_OVER = ProfileStep("records_handed_over", "records_handed_over", Action.HAND_OVER)
"""The step meeting the library's ``record_handover``: the records handed over to the joint office. The library
names no form, so a profile words it as its document does with a :class:`~random_inspection.profiles.ProfileStep`
of this key on its ``record_handover`` duty (鹤壁 五(五): 移交《联合抽查记录表》); under a profile that does not,
it is recorded under its key."""

_STEP_OF_EVENT = {Event.INSPECTION_ENDED: Step.ENDED, Event.RESULT_PRODUCED: Step.RESULT_PRODUCED,
                  Event.TRANSFER_RECEIVED: Step.TRANSFER_RECEIVED, Event.CASE_CLOSED: Step.CASE_CLOSED}

OBLIGATIONS: tuple[ObligationSpec, ...] = (
    ObligationSpec("feedback", "逐户反馈检查结果", "limit.feedback", Step.ENDED, Step.FED_BACK),
    ObligationSpec("publication", "录入平台并向社会公示检查结果", "limit.publication", None, Step.PUBLISHED),
    ObligationSpec("publication_portal", "在单位门户网站和企业信用平台公开执法检查情况", "limit.publication_portal",
                   Step.ENDED, Step.PUBLISHED_PORTAL),
    ObligationSpec("record_handover", "将检查记录移交联合抽查办公室", "limit.record_handover", Step.ENDED,
                   RECORDS_HANDED_OVER),
    ObligationSpec("problem_transfer", "梳理问题线索并以函件形式移交相关部门", "limit.problem_transfer", Step.ENDED,
                   Step.TRANSFERRED, per_transfer="only"),
    ObligationSpec("case_or_reply", "立案查处，或书面回复不予立案", "limit.case_or_reply", None, Step.CASE_OR_REPLY,
                   owed_by_receiver=True, per_transfer="only"),
    ObligationSpec("case_outcome", "书面告知办公室并公示行政处罚信息", "limit.case_outcome", None,
                   Step.OUTCOME_NOTIFIED, owed_by_receiver=True, per_transfer="also"),
    ObligationSpec("followup", "发现问题的抽查结果做好后续处置，后续处理结果回填平台“后续处理”模块",
                   "followup.no_exception", Step.RESULT_PRODUCED, Step.FOLLOWUP_ENTERED, _no_exception,
                   start_day=_problem_start),
    ObligationSpec("followup_entry", "后续处理结果录入平台“后续处理”模块", "followup.entry", Step.FOLLOWUP_DONE,
                   Step.FOLLOWUP_ENTERED, lambda record, profile: not _no_exception(record, profile)),
    ObligationSpec("rectification", "在规定期限内完成整改并报告", "followup.rectification", Step.ENDED,
                   Step.RECTIFICATION_REPORTED, lambda record, profile: record.rectification_due is not None,
                   fixed_due=lambda record: record.rectification_due),
    ObligationSpec("reinspection", "接到整改报告后组织现场复查", "followup.rectification", Step.RECTIFICATION_REPORTED,
                   Step.REINSPECTED),
    ObligationSpec("close_out", "验收合格的予以销号", "followup.rectification", Step.REINSPECTED, Step.CLOSED_OUT),
)


def _step(text: str, duty: Duty, profile: ResolvedProfile) -> AnyStep:
    """A duty's step: a :class:`ProfileStep` as declared, else the library's step of that text."""
    if isinstance(text, ProfileStep):
        if text.value in {s.value for s in Step}:
            raise ProfileError(tr("duty {key} declares a step of its own, {text!r}, with the words of a library step",
                                  key=duty.key, text=text.value),
                               where=tr("profile {code}, hook {hook}", code=profile.code,
                                        hook="random_inspection_duties"),
                               fix=tr("give the library's Step itself"))
        return text
    try:
        return Step(text)
    except ValueError:
        raise ProfileError(tr("duty {key} names the step {text!r}, which is no step", key=duty.key, text=text),
                           where=tr("profile {code}, hook {hook}", code=profile.code,
                                        hook="random_inspection_duties"),
                           fix=tr("give a random_inspection.workflow.Step: {steps}; or declare a step of the "
                                  "profile's own, ProfileStep(text, key, action)",
                                  steps=", ".join(s.value for s in Step))) from None


def _same(given: AnyStep, library: AnyStep) -> bool:
    """Whether a duty's step is the library obligation's: the same step, or a profile's wording of it (its key)."""
    if isinstance(library, ProfileStep):
        return isinstance(given, ProfileStep) and given.key == library.key and given.action is library.action
    return given is library


def profile_step(profile: ResolvedProfile, step: AnyStep) -> AnyStep:
    """``step`` as ``profile`` words it: a step of a profile's own given by its key (the library's
    :data:`RECORDS_HANDED_OVER`) is the step of that key the profile declares on a duty (鹤壁's
    移交《联合抽查记录表》); a library step, or a key the profile declares no step for, is ``step`` itself."""
    if not isinstance(step, ProfileStep):
        return step
    return {s.key: s for s in profile_steps(profile)}.get(step.key, step)


def profile_steps(profile: ResolvedProfile) -> tuple[ProfileStep, ...]:
    """The steps of ``profile``'s own, declared on its duties (:class:`~random_inspection.profiles.ProfileStep`),
    once each, in the order of the duties: 冷水滩's 登记备案表报备 and 满意度反馈卡报送, 鹤壁's
    移交《联合抽查记录表》."""
    found: dict[str, ProfileStep] = {}
    for spec in obligation_specs(profile):
        for s in (spec.starts, spec.met_by):
            if isinstance(s, ProfileStep) and s is not RECORDS_HANDED_OVER:
                found.setdefault(s.value, s)
    return tuple(found.values())


def obligation_specs(profile: ResolvedProfile) -> tuple[ObligationSpec, ...]:
    """The specs obligations arise from under ``profile``: :data:`OBLIGATIONS`, then the profile's own duties
    (:meth:`~random_inspection.profiles.ResolvedProfile.duties`).

    A duty with the key of one of :data:`OBLIGATIONS` names that obligation in the profile's words (鹤壁 五(五):
    将《联合抽查记录表》移交联合抽查办公室, where the library says 将检查记录移交联合抽查办公室): its title replaces the
    library's, in the obligation's place; the obligation keeps its rule, steps and period, a step the library
    leaves to the profile (:data:`RECORDS_HANDED_OVER`) worded as the duty declares it (移交《联合抽查记录表》).

    Raises:
        ProfileError: a duty with the key of a generic obligation but other steps or a period of its own, or
            naming a step that is none.
    """
    generic = {spec.key: spec for spec in OBLIGATIONS}
    titles: dict[str, str] = {}
    worded_steps: dict[str, AnyStep] = {}
    own = []
    for duty in profile.duties():
        starts, met_by = _step(duty.starts, duty, profile), _step(duty.met_by, duty, profile)
        spec = generic.get(duty.key)
        if spec is not None:
            if starts != (spec.starts or starts) or not _same(met_by, spec.met_by) or duty.period is not None:
                raise ProfileError(tr("duty {key} has the key of one of the library's obligations, with other "
                                      "steps or a period", key=duty.key),
                                   where=tr("profile {code}, hook {hook}", code=profile.code,
                                            hook="random_inspection_duties"),
                                   fix=tr("to word the library's obligation, give its steps ({starts} → {met_by}) "
                                          "and no period (its rule {rule} sets it); else give the duty a key of "
                                          "its own", starts=(spec.starts or starts).value, met_by=spec.met_by.value,
                                          rule=spec.rule or "-"))
            titles[duty.key] = duty.title
            worded_steps[duty.key] = met_by
            continue
        own.append(ObligationSpec(duty.key, duty.title, None, starts, met_by, citation=duty.citation,
                                  period=duty.period))
    worded = tuple(attrs.evolve(spec, title=titles[spec.key], met_by=worded_steps[spec.key]) if spec.key in titles
                   else spec for spec in OBLIGATIONS)
    return (*worded, *own)


def obligations(
    record: InspectionRecord,
    profile: ResolvedProfile,
    calendar: WorkingCalendar,
    *,
    periods: Mapping[str, Period] | None = None,
    strict: bool | None = None,
    cut_offs: Mapping[str, CutOff] | None = None,
    departures: Iterable[DeadlineDeparture] = (),
) -> tuple[Obligation, ...]:
    """The obligations ``record`` has started under ``profile`` (resolved on the inspection's date), in the
    order of :data:`OBLIGATIONS`, then the profile's own duties (:func:`obligation_specs`). Only obligations whose
    starting step has happened are listed.

    Args:
        periods: periods the plan sets for obligations whose source sets none (by obligation key); a period
            for an obligation whose source sets one is refused.
        strict: passed to :func:`~random_inspection.timelimits.deadline`.
        cut_offs: the time business stops where an obligation's act is done during business hours and the
            profile cannot know them (by obligation key; 民法典 第二百零三条第二款), citing where the hours come
            from; it takes the place of the rule's own.
        departures: the plan's departures from periods its profile words as defaults, in the order recorded: the
            last one covering the record that was recorded on or before the default due date and gives no less
            time than the default gives the obligation its period, where the rule in force for the record is worded
            as a default (one recorded later, one that shortens, or one from a rule that binds is not honoured).

    Where another rule of the profile governs the act too (``Rule.also_governs``), its deadline, counted from its
    own event, is added to the obligation's ``deadlines`` and the earliest to end binds.

    Raises:
        InvalidInputError: a plan period that would override a period of the source, or for no obligation.
        ProfileError: a duty of the profile that is malformed (see :func:`obligation_specs`), or a rule that
            also governs a key that is no time limit.
    """
    periods = dict(periods or {})
    cut_offs = dict(cut_offs or {})
    concurrent = _concurrent(profile)
    specs = obligation_specs(profile)
    unknown = sorted(set(periods) - {spec.key for spec in specs})
    if unknown:
        raise InvalidInputError(tr("the plan sets a period for {unknown}, which is no obligation",
                                   unknown=', '.join(unknown)),
                                where=tr("the plan's periods"),
                                fix=tr("give the key of an obligation: {keys}",
                                       keys=", ".join(spec.key for spec in specs)))
    permissions = profile.permissions()
    departed = [d for d in departures if d.covers(record.subject)]
    out = []
    for spec in specs:
        if (spec.rule is not None and not profile.has(spec.rule)) or not spec.applies(record, profile):
            continue
        citation, own_period, runs_from = _source(spec, profile)
        own_rule = profile.rule(spec.rule) if spec.rule is not None else None
        starts = spec.starts or _STEP_OF_EVENT[runs_from or Event.INSPECTION_ENDED]
        has_period = own_period is not None
        if own_period is not None and spec.key in periods:
            raise InvalidInputError(
                tr("the plan sets a period for {key}, which {citation} already sets",
                   key=spec.key,
                   citation=citation), where=tr("the plan's periods"),
                fix=tr("leave {key} out: the source's {label} applies", key=spec.key, label=own_period.label),
            )
        period = own_period if has_period else periods.get(spec.key)
        sources: list[Transfer | None] = [] if spec.per_transfer == "only" else [None]
        sources += list(record.transfers) if spec.per_transfer else []
        for letter in sources:
            def day(step: AnyStep, letter: Transfer | None = letter) -> dt.date | None:
                own = record.result_day if step is Step.RESULT_PRODUCED else record.on(step)
                if letter is None:
                    return own
                return letter.on(step) or (own if step not in CASE_STEPS else None)
            if spec.start_day is not None and letter is None:
                start = spec.start_day(record)
                step, started_on = start if start is not None else (starts, None)
            else:
                step, started_on = starts, day(starts)
            if started_on is None:
                continue
            cut_off = cut_offs.get(spec.key) or (own_rule.cut_off if own_rule is not None else None)
            found = deadline(started_on, period, calendar, citation=citation, strict=strict, cut_off=cut_off,
                             counting=own_rule.counting if own_rule is not None else None) if period else None
            departure, default = None, found
            if found is not None and own_rule is not None and own_rule.departable:
                departure, found = _departed(found, spec.rule, departed, calendar, strict, cut_off,
                                             own_rule.counting)
            governing = [found] if found is not None else []
            for other in concurrent.get(spec.rule or "", ()):
                other_start = day(_STEP_OF_EVENT[other.runs_from or Event.INSPECTION_ENDED])
                if other_start is not None:
                    governing.append(deadline(other_start, other.value, calendar, citation=other.citation,
                                              strict=strict, cut_off=cut_offs.get(spec.key) or other.cut_off,
                                              counting=other.counting))
            binding = min(governing, key=lambda d: d.ends_at) if governing else None  # the first of equals
            owner = letter.department if letter is not None and spec.owed_by_receiver else None
            debtor = Debtor.of(permissions, spec.met_by, owner or record.department, receiver=owner is not None)
            out.append(Obligation(
                spec.key, spec.title, record.subject, record.plan_id, debtor.department, step, started_on,
                spec.met_by, citation, binding,
                spec.fixed_due(record) if spec.fixed_due else (binding.due if binding else None),
                day(spec.met_by), period_from_plan=period is not None and not has_period,
                counterpart=None if letter is None else letter.department, debtor=debtor,
                deadlines=tuple(governing), departure=departure,
                default_due=None if departure is None or default is None else default.due,
            ))
    return tuple(out)


def _departed(default: Deadline, rule: str | None, departures: list[DeadlineDeparture], calendar: WorkingCalendar,
              strict: bool | None, cut_off: CutOff | None,
              counting: CountingOverride | None) -> tuple[DeadlineDeparture | None, Deadline]:
    """The departure that gives the obligation its deadline, and that deadline: the last of ``departures`` from
    ``rule`` recorded on or before the ``default`` due date whose period ends no earlier than the default's (a
    departure gives more time, never less: a shorter one would put the debtor in the wrong after the fact); else
    none, and the default. The caller passes only departures from a rule the source words as a default."""
    for departure in reversed(departures):
        if departure.key == rule and departure.on is not None and departure.on <= default.due:
            found = deadline(default.event, departure.period, calendar, citation=default.citation, strict=strict,
                             cut_off=cut_off, counting=counting)
            if found.due >= default.due:
                return departure, found
    return None, default


def _concurrent(profile: ResolvedProfile) -> dict[str, list[EffectiveRule]]:
    """For each time limit, the other rules of ``profile`` that govern its act too (``Rule.also_governs``)."""
    out: dict[str, list[EffectiveRule]] = {}
    for rule in profile.rules.values():
        for same in rule.also_governs:
            if profile.spec(same.key).kind is not Kind.PERIOD:
                raise ProfileError(tr("{key} also governs {key2}, which is no time limit", key=rule.key, key2=same.key),
                                   where=tr("profile {profile}, rule {key} ({citation})", profile=rule.source,
                                            key=rule.key, citation=rule.citation.short()),
                                   fix=tr("name a time limit (a key of kind period) in also_governs"))
            out.setdefault(same.key, []).append(rule)
    return out


def _source(spec: ObligationSpec, profile: ResolvedProfile) -> tuple[Citation, Period | None, Event | None]:
    """The citation, the source's own period and the event the rule runs from, for a spec."""
    if spec.rule is None:
        if spec.citation is None:
            raise InvalidInputError(tr("obligation {key} has neither a rule nor a citation", key=spec.key),
                                    where=tr("obligation {key}", key=spec.key),
                                    fix=tr("give the rule it follows from, or its citation"))
        return spec.citation, spec.period, None
    rule = profile.rule(spec.rule)
    return rule.citation, rule.value if spec.rule.startswith("limit.") else None, rule.runs_from


def overdue(items: Iterable[Obligation], on: dt.date, department: str | None = None) -> tuple[Obligation, ...]:
    """The obligations overdue at the end of ``on`` (of ``department`` only, if given), earliest due first."""
    late = [o for o in items if o.status(on) is Status.OVERDUE and (department is None or o.department == department)]
    return tuple(sorted(late, key=lambda o: (o.due or dt.date.max, o.subject, o.key, o.counterpart or "")))
