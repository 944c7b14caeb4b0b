"""The request and response bodies of the recording steps over HTTP (``POST /plans/{plan_id}/steps/…``): what
``random-inspection step transfer|finding|findings|hand-over`` takes as options, as JSON fields named after the
step's own fields (``store.steps.RecordedStep``), so that a refusal's field is the body's."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from random_inspection.service.bodies import Signed

__all__ = ["FindingBody", "FindingsRowBody", "HandOverBody", "LetterStep", "StepBody", "StepRecorded",
           "TransferBody"]

LetterStep = Literal["函告移交问题线索", "收到移交函", "立案查处或书面回复", "结案", "书面告知并公示处罚信息"]
"""The steps a transfer letter carries (``store.steps.LETTER_STEPS``), as the sources name them."""


class StepBody(Signed):
    """What every step names: the subject whose recorded inspection it follows, the day it was taken and the
    department whose inspection it is."""

    subject: str = Field(min_length=1, max_length=64, description="The subject's 统一社会信用代码 (SUBJECT).")
    day: dt.date = Field(description="The day the step was taken, YYYY-MM-DD (--date).")
    department: str | None = Field(None, min_length=1, max_length=64,
                                   description="The department whose inspection it is; by default the plan's "
                                               "first, its lead (--department).")


class TransferBody(StepBody):
    """A letter transferring the problems found to another department (函告移交问题线索), or the receiving
    department's later step on it (as ``step transfer``)."""

    to: str = Field(min_length=1, max_length=64, description="The receiving department (相关部门) (--to).")
    step: LetterStep = Field("函告移交问题线索",
                             description="The step of the letter: the sender's 函告移交问题线索, or the receiver's "
                                         "收到移交函, 立案查处或书面回复, 结案, 书面告知并公示处罚信息 (--step).")
    sender: str | None = Field(None, min_length=1, max_length=64,
                               description="The sending department; by default the actor's (--from).")
    letter: str = Field("", max_length=200, description="The letter's number (文号), as written on it (--letter).")


class FindingBody(StepBody):
    """What was found on one checklist item drawn for the subject, by an inspector of its team (as ``step
    finding``; 清单之外无检查, 谁检查、谁录入)."""

    item: str = Field(min_length=1, max_length=64, description="The checklist item's code (检查事项) (--item).")
    hazard: bool = Field(description="Whether a problem (隐患) was found on the item (--hazard), or the item "
                                     "complied (--compliant).")
    note: str = Field("", max_length=2000, description="What was found, in words (--note).")
    rectification_due: dt.date | None = Field(None, description="With a hazard: the last day of rectification "
                                                                "ordered, YYYY-MM-DD (--rectify-by).")


class HandOverBody(StepBody):
    """The hand-over of the subject's inspection records by a department of the plan, recorded under the words of
    the plan's profile (as ``step hand-over``)."""

    to: str = Field(min_length=1, max_length=64, description="Who the forms are handed to (the 联合抽查办公室) "
                                                              "(--to).")
    sender: str | None = Field(None, min_length=1, max_length=64,
                               description="The department handing them over; by default the actor's (--from).")


class FindingsRowBody(Signed):
    """One row of a findings file (as ``step findings`` does for each row): the row by its column headers
    (统一社会信用代码, 事项编码, 是否发现隐患, 检查发现, 整改期限, 检查日期; docs/rosters.md)."""

    row: dict[str, str] = Field(min_length=1, max_length=16,
                                description="The findings file's row: column header → cell text.")
    department: str | None = Field(None, min_length=1, max_length=64,
                                   description="The department whose inspection it is; by default the plan's "
                                               "first, its lead (--department).")


class StepRecorded(BaseModel):
    """A step recorded: its ledger entry and the entry's payload (as ``step … --format json`` gives them; the
    duties it starts or meets are the signed read ``GET /plans/{plan_id}/obligations``)."""

    plan_id: str
    ledger_entry: int
    step: dict[str, Any] = Field(description="The step as its ledger entry records it.")
