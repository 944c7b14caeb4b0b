"""One step recorded after an inspection's record, as a ledger entry of its own (``step_recorded``): a letter
transferring the problems found (函告移交问题线索) and the receiver's later steps, a finding on one checklist item,
a step of the profile's own (the records handed over, a form filed, in the profile's words). The store folds them
onto the record they follow (:func:`apply_steps`); :func:`step_problem` says why one may not be recorded, and
:class:`StepReplay` re-runs those checks on the steps of a ledger, entry by entry, for ``verify``.

The entry of a profile's step names its kind (:data:`PROFILE_STEP_FORMAT`: the step's key and action as the
profile declared it), so that ``verify`` replays the check that fits it; an entry written before names none, and
its step is read as the records handed over, as it was always checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError, PermissionRefused
from random_inspection.messages import Message, tr
from random_inspection.model import Action, Actor
from random_inspection.model._validators import one_line, strip
from random_inspection.profiles import Context, Permissions, ProfileStep, ResolvedProfile
from random_inspection.store.inforce import InForce
from random_inspection.workflow import (
    ACTION_OF_STEP,
    AnyStep,
    Finding,
    InspectionRecord,
    Step,
    as_step,
    profile_step,
)
from random_inspection.workflow.inspections import CASE_STEPS, TRANSFER_STEPS

__all__ = ["PROFILE_STEP_FORMAT", "RECEIVER_STEPS", "RecordedStep", "StepProblem", "StepRefused", "StepReplay",
           "apply_steps", "step_context", "step_problem", "worded"]

RECEIVER_STEPS = (Step.TRANSFER_RECEIVED, Step.CASE_OR_REPLY, *CASE_STEPS)
"""The steps of a transfer letter the receiving department takes (收到移交函, 立案查处或书面回复, 结案,
书面告知并公示处罚信息)."""

LETTER_STEPS = (*TRANSFER_STEPS, *CASE_STEPS)
"""Every step a transfer letter can carry."""

PROFILE_STEP_FORMAT = "profile-step-v1"
"""The ``format`` of a ``step_recorded`` payload whose step is a profile's own: it adds the step's ``key`` and
``action`` to the text it is recorded under. A payload without ``format`` (a library step, a finding, or a
profile's step written before the kind was recorded) is read as before."""

FORMS_OF_A_DEPARTMENT = (Action.HAND_OVER, Action.FILE_FORM)
"""The kinds of a profile's step that a department of the plan takes in its own name: forms handed over or filed
(the sender is of the plan and the actor's department)."""


@attrs.frozen
class RecordedStep:
    """One step recorded on the inspection of ``subject`` by ``department`` (the record's department).

    Attributes:
        step: the step taken (``None`` for a finding).
        day: the day it was taken (for a finding, the day it is recorded on: not before the inspection).
        to: the receiving department (a transfer letter's steps) or who the forms are handed to (a hand-over).
        sender: the department that sends the letter or hands the forms over.
        letter: the transfer letter's number (文号), as written on it.
        finding: what was found on one checklist item, for a finding.
        rectification_due: with a finding of a problem, the last day of rectification it orders.
        kind_recorded: whether the entry names the kind of a profile's step (:data:`PROFILE_STEP_FORMAT`);
            ``False`` only for an entry written before, read back (its step is then taken as the records handed
            over, and it is written back as it was). It takes no part in comparisons.
    """

    subject: str
    department: str
    day: dt.date
    step: AnyStep | None = None
    to: str = ""
    sender: str = attrs.field(default="", converter=strip, validator=one_line)
    letter: str = attrs.field(default="", converter=strip, validator=one_line)
    finding: Finding | None = None
    rectification_due: dt.date | None = None
    kind_recorded: bool = attrs.field(default=True, kw_only=True, eq=False)

    @property
    def action(self) -> Action:
        """The action it is, for the permissions: a finding is recording a result; a step of a profile's own, the
        action the profile declared for it (:attr:`ProfileStep.action <random_inspection.profiles.ProfileStep>`,
        read back from its entry: the records handed over for an entry written before the kind was recorded); a
        library step, its own action."""
        if self.step is None:
            return Action.RECORD_RESULT
        if isinstance(self.step, ProfileStep):
            return self.step.action
        return ACTION_OF_STEP.get(self.step, Action.MEET_OBLIGATION)

    @property
    def debtor(self) -> str | None:
        """The department whose step it is: the receiver's for its steps of a letter, else the sender's."""
        if self.step in RECEIVER_STEPS and self.to:
            return self.to
        return self.sender or None

    def to_json(self) -> dict[str, Any]:
        """The entry's payload."""
        data: dict[str, Any] = {"subject": self.subject, "department": self.department, "day": self.day.isoformat()}
        if self.finding is not None:
            data["finding"] = {"item": self.finding.item, "compliant": self.finding.compliant,
                               "note": self.finding.note}
            data["rectification_due"] = (None if self.rectification_due is None
                                         else self.rectification_due.isoformat())
        else:
            data.update({"step": None if self.step is None else self.step.value, "to": self.to,
                         "sender": self.sender, "letter": self.letter})
            if isinstance(self.step, ProfileStep) and self.kind_recorded:
                data.update({"format": PROFILE_STEP_FORMAT, "key": self.step.key, "action": self.step.action.value})
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RecordedStep:
        """The inverse of :meth:`to_json`: a profile's step with the key and action its entry names; without them
        (an entry written before), the records handed over, as ``verify`` always checked it.

        Raises:
            InvalidInputError: a ``format`` the store does not write, or a step it does not name rightly.
        """
        found = data.get("finding")
        due = data.get("rectification_due")
        step, kind_recorded = _step_of(data)
        return cls(str(data["subject"]), str(data["department"]), dt.date.fromisoformat(data["day"]),
                   step, str(data.get("to", "")),
                   str(data.get("sender", "")), str(data.get("letter", "")),
                   Finding(found["item"], bool(found["compliant"]), found.get("note", "")) if found else None,
                   dt.date.fromisoformat(due) if due else None, kind_recorded=kind_recorded)

    def apply(self, record: InspectionRecord) -> InspectionRecord:
        """``record`` with this step taken."""
        if self.finding is not None:
            due = self.rectification_due or record.rectification_due
            return attrs.evolve(record, findings=(*record.findings, self.finding), rectification_due=due)
        if self.step is None:
            raise InvalidInputError(tr("a step entry with neither a step nor a finding"),
                                    where=tr("inspection of {subject}", subject=self.subject),
                                    fix=tr("record a step or a finding"))
        if self.step in LETTER_STEPS and self.to:
            sent = self.step is Step.TRANSFERRED  # the letter's number and sender are the sender's step's
            return record.with_transfer(self.to, self.step, self.day, letter=self.letter if sent else "",
                                        sender=self.sender if sent else "")
        return record.with_event(self.step, self.day)


def _step_of(data: Mapping[str, Any]) -> tuple[AnyStep | None, bool]:
    """The step of an entry's payload, and whether the entry names its kind."""
    if not data.get("step"):
        return None, True
    given = data.get("format")
    if given is not None and given != PROFILE_STEP_FORMAT:
        raise InvalidInputError(tr("{value!r} is not a format of a step entry", value=given),
                                where=tr("the entry of a step"),
                                fix=tr("a step entry is written by the store: {format}, or no format",
                                       format=PROFILE_STEP_FORMAT))
    step = as_step(data["step"])
    if given is not None:
        if isinstance(step, Step):
            raise InvalidInputError(tr("{value!r} is a step of the library, not of a profile", value=step.value),
                                    where=tr("the entry of a step"),
                                    fix=tr("a step entry is written by the store: {format}, or no format",
                                           format=PROFILE_STEP_FORMAT))
        return ProfileStep(step.value, str(data["key"]), Action(data["action"])), True
    if isinstance(step, ProfileStep):  # written before the kind was recorded: a hand-over, as it was checked
        return ProfileStep(step.value, step.key, Action.HAND_OVER), False
    return step, True


@attrs.frozen
class StepProblem:
    """Why a step may not be recorded: what, how to fix it, and the option (a field of :class:`RecordedStep`:
    ``day``, ``to``, ``sender``, ``item``, ``step``, ``subject``) that gives it."""

    what: Message
    fix: Message
    field: str


class StepRefused(PermissionRefused):
    """A step the store refuses on what its ledger holds (:func:`step_problem`), recorded as every refusal.

    Attributes:
        field: the field of the :class:`RecordedStep` to fix (``day``, ``to``, ``sender``, ``item``, ``step``,
            ``subject``, ``rectification_due``).
    """

    def __init__(self, actor: str, action: str, reason: str, *, fix: str = "", field: str = "") -> None:
        self.field = field
        super().__init__(actor, action, reason, fix=fix)


def _recorded_day(record: InspectionRecord, step: RecordedStep) -> dt.date | None:
    if step.step is None:
        return None
    if step.step in LETTER_STEPS and step.to:
        known = {t.department: t for t in record.transfers}
        return known[step.to].on(step.step) if step.to in known else None
    return record.on(step.step)


def step_problem(record: InspectionRecord | None, step: RecordedStep, *, actor_department: str,
                 departments: Iterable[str]) -> StepProblem | None:
    """Why ``step`` may not be recorded on ``record`` (the inspection as recorded so far, its steps applied;
    ``None``: none recorded) by an actor of ``actor_department`` under a plan of ``departments``, or ``None``.

    Refused: a step on an inspection never recorded; a day before the inspection began; a step recorded already
    (a replay); a finding on an item not drawn for the subject (“清单之外无检查”) or on an item found already; a
    letter or hand-over sent in the name of a department the actor is not of; a letter to the inspecting
    department itself; a receiver's step on a letter never sent, or before it; a hand-over by a department not in
    the plan."""
    ours = tuple(departments)
    if record is None:
        return StepProblem(tr("no inspection of {subject} by {department} is recorded", subject=step.subject,
                              department=step.department),
                           tr("record the inspection first (record), then its steps"), "subject")
    begun = record.on(Step.STARTED) or record.on(Step.ENDED)
    if begun is not None and step.day < begun:
        return StepProblem(tr("{day} is before the inspection began ({begun})", day=step.day.isoformat(),
                              begun=begun.isoformat()),
                           tr("give the day the step was taken, on or after {begun}", begun=begun.isoformat()), "day")
    if step.finding is not None:
        if step.finding.item not in record.items:
            return StepProblem(
                tr("item {item} was not drawn for {subject} ({items}): 清单之外无检查", item=step.finding.item,
                   subject=step.subject, items="、".join(record.items) or "none"),
                tr("record findings only on the items drawn for the subject"), "item")
        if any(f.item == step.finding.item for f in record.findings):
            return StepProblem(tr("a finding on item {item} is recorded already", item=step.finding.item),
                               tr("a finding is recorded once per item"), "item")
        if step.rectification_due is not None and step.rectification_due < step.day:
            return StepProblem(tr("the rectification deadline {due} is before the finding ({day})",
                                  due=step.rectification_due.isoformat(), day=step.day.isoformat()),
                               tr("give the last day of rectification the order sets"), "rectification_due")
        return None
    if step.step is None:
        return StepProblem(tr("a step with neither a step nor a finding"), tr("give the step taken"), "step")
    if step.step in LETTER_STEPS:
        if not step.to:
            return StepProblem(tr("no receiving department given"), tr("name the department the letter goes to"),
                               "to")
        if step.to == record.department:
            return StepProblem(tr("a transfer to {to}, the inspecting department itself", to=step.to),
                               tr("name another department: a case the department opens itself is its own step"),
                               "to")
        if step.step is Step.TRANSFERRED and step.sender == step.to:
            return StepProblem(tr("a letter sent by {sender} to itself", sender=step.sender),
                               tr("name the department the letter goes to, not the one sending it"), "to")
        if step.step not in RECEIVER_STEPS and step.sender != actor_department:
            return StepProblem(tr("the letter is sent by {sender}, and the actor is of {department}",
                                  sender=step.sender, department=actor_department),
                               tr("a department sends its own letters: record it as an actor of {sender}",
                                  sender=step.sender), "sender")
        if step.step in RECEIVER_STEPS:
            sent = {t.department: t for t in record.transfers}.get(step.to)
            sent_on = sent.on(Step.TRANSFERRED) if sent is not None else None
            if sent_on is None:
                return StepProblem(tr("no letter was sent to {to}", to=step.to),
                                   tr("record the transfer letter (函告移交问题线索) to {to} first", to=step.to), "to")
            if step.day < sent_on:
                return StepProblem(tr("{day} is before the letter was sent ({sent})", day=step.day.isoformat(),
                                      sent=sent_on.isoformat()),
                                   tr("give the day the step was taken, on or after {sent}", sent=sent_on.isoformat()),
                                   "day")
        return _replayed(record, step)
    if isinstance(step.step, ProfileStep) and step.step.action in FORMS_OF_A_DEPARTMENT:
        return _forms_problem(record, step, actor_department, ours)
    return _replayed(record, step)


def _forms_problem(record: InspectionRecord, step: RecordedStep, actor_department: str,
                   ours: tuple[str, ...]) -> StepProblem | None:
    """Why forms handed over or filed (a profile's step of that kind) may not be recorded: by a department not of
    the plan, or in the name of a department not the actor's."""
    filed = step.action is Action.FILE_FORM
    if ours and step.sender not in ours:
        return StepProblem(tr("{sender} is not a department of the plan ({departments})", sender=step.sender,
                              departments=", ".join(ours)),
                           tr("the form is filed by a department of the plan") if filed else
                           tr("the forms are handed over by a department of the plan"), "sender")
    if step.sender != actor_department:
        return StepProblem(tr("the form is filed by {sender}, and the actor is of {department}", sender=step.sender,
                              department=actor_department) if filed else
                           tr("the forms are handed over by {sender}, and the actor is of {department}",
                              sender=step.sender, department=actor_department),
                           tr("record it as an actor of {sender}", sender=step.sender), "sender")
    return _replayed(record, step)


def _replayed(record: InspectionRecord, step: RecordedStep) -> StepProblem | None:
    """A step recorded already (a replay, or the same step again on another day)."""
    done = _recorded_day(record, step)
    if done is None or step.step is None:
        return None
    return StepProblem(tr("{step} is recorded already, on {day}", step=step.step.value, day=done.isoformat()),
                       tr("a step is recorded once: nothing to record again"), "step")


def worded(step: RecordedStep, profile: ResolvedProfile) -> RecordedStep:
    """``step`` with its step in ``profile``'s words: a step the library leaves to the profile
    (:data:`~random_inspection.workflow.RECORDS_HANDED_OVER`) as the profile declares it (its text, key and
    action), so the ledger records the words of the plan's profile and the kind of its step."""
    return step if step.step is None else attrs.evolve(step, step=profile_step(profile, step.step))


def apply_steps(records: Iterable[InspectionRecord], steps: Iterable[RecordedStep]) -> list[InspectionRecord]:
    """``records`` (one per subject and department) with ``steps`` taken, in their order."""
    latest = {(r.subject, r.department): r for r in records}
    for step in steps:
        key = (step.subject, step.department)
        if key in latest:
            latest[key] = step.apply(latest[key])
    return list(latest.values())


def plan_departments(now: InForce) -> tuple[str, ...]:
    """The departments of the plan in force: a joint plan's, else its owner's."""
    return now.departments or ((now.owner,) if now.owner else ())


def step_context(now: InForce, record: InspectionRecord | None, step: RecordedStep) -> Context:
    """What the permissions check a step against: the subject's team in force (the record's team for a subject
    not of the draw) and the department whose step it is (:attr:`RecordedStep.debtor`)."""
    team = (now.members(step.subject) if now.draw is not None and now.place_of(step.subject)
            else frozenset(record.team if record is not None else ()))
    return Context(team=team, debtor=step.debtor)


class StepReplay:
    """The inspections of one ledger as recorded so far, walked entry by entry: each result replaces its
    subject's record (:meth:`result`), each step is taken on it (:meth:`take`), and :meth:`problem` says why a step
    entry is one the store would have refused when it was written — the checks of :func:`step_problem` and those
    of the permissions that hold under every profile (the step's actor is not the administrator, an inspector
    is on the team, another role is of the department whose step it is). Only what the ledger holds is read."""

    def __init__(self) -> None:
        self._records: dict[tuple[str, str, str], InspectionRecord] = {}
        self._steps: dict[tuple[str, str, str], list[RecordedStep]] = {}

    def result(self, plan_id: str, record: InspectionRecord) -> None:
        """A ``result_recorded`` entry of ``plan_id``: its record replaces the subject's (the steps stay on it)."""
        self._records[(plan_id, record.subject, record.department)] = record

    def take(self, plan_id: str, step: RecordedStep) -> None:
        """A ``step_recorded`` entry of ``plan_id``, taken on its inspection."""
        self._steps.setdefault((plan_id, step.subject, step.department), []).append(step)

    def current(self, plan_id: str, subject: str, department: str) -> InspectionRecord | None:
        """The inspection of ``subject`` by ``department`` as recorded so far, its steps taken."""
        key = (plan_id, subject, department)
        record = self._records.get(key)
        if record is None:
            return None
        for step in self._steps.get(key, []):
            record = step.apply(record)
        return record

    def problem(self, plan_id: str, step: RecordedStep, actor: Mapping[str, Any], now: InForce) -> str | None:
        """Why ``step``, recorded by ``actor`` (the entry's id, role and department) under ``now`` (what was in
        force for the plan before it), is one the store refuses, or ``None``."""
        record = self.current(plan_id, step.subject, step.department)
        found = step_problem(record, step, actor_department=str(actor.get("department", "")),
                             departments=plan_departments(now))
        if found is not None:
            return str(found.what)
        try:
            who = Actor(str(actor.get("id", "")), str(actor.get("id", "")), str(actor.get("role", "")),
                        str(actor.get("department", "")))
            Permissions.unrestricted().check(who, step.action, step_context(now, record, step))
        except PermissionRefused as refused:
            return refused.reason
        except (InvalidInputError, ValueError):
            return tr("its actor {actor} is not one the store writes", actor=str(actor.get("id")))
        return None
