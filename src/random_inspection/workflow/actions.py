"""The actions (``random_inspection.model.Action``) that the dated steps of an inspection are, for the
permissions: a step that meets a duty is taken by an actor whose role may take its action."""

from __future__ import annotations

from collections.abc import Mapping

from random_inspection.model import Action
from random_inspection.profiles import ProfileStep
from random_inspection.workflow.inspections import AnyStep, Step

__all__ = ["ACTION_OF_STEP", "action_of_step"]

ACTION_OF_STEP: Mapping[Step, Action] = {
    Step.FED_BACK: Action.FEED_BACK,
    Step.PUBLISHED: Action.PUBLISH,
    Step.PUBLISHED_PORTAL: Action.PUBLISH,
    Step.FORM_COPY_HANDED: Action.FILE_FORM,
    Step.TRANSFERRED: Action.TRANSFER,
    Step.CASE_OR_REPLY: Action.CLOSE,
    Step.CASE_CLOSED: Action.CLOSE,
    Step.OUTCOME_NOTIFIED: Action.CLOSE,
    Step.CLOSED_OUT: Action.CLOSE,
    Step.FOLLOWUP_DONE: Action.FOLLOW_UP,
    Step.FOLLOWUP_ENTERED: Action.FOLLOW_UP,
    Step.REINSPECTED: Action.FOLLOW_UP,
}
"""The library's steps with an action of their own; every other step that meets a duty is ``meet_obligation``. A
step of a profile's own says its action itself (:attr:`~random_inspection.profiles.ProfileStep.action`: 鹤壁's
移交《联合抽查记录表》 ``hand_over``, 冷水滩's 登记备案表报备 and 满意度反馈卡报送 ``file_form``)."""


def action_of_step(step: AnyStep) -> Action:
    """The action a step is, for the permissions."""
    if isinstance(step, ProfileStep):
        return step.action
    return ACTION_OF_STEP.get(Step(step), Action.MEET_OBLIGATION)
