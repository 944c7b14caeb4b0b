"""The 方案's duties in its own words: the hand-over of the 《联合抽查记录表》 to the joint office (五(五)) is the
library's ``record_handover`` obligation (its period is ``limit.record_handover``), worded here with the form's
title, which the library does not name, and its step recorded as the 方案 names it, 移交《联合抽查记录表》 (the
library's ``records_handed_over``)."""

from __future__ import annotations

from random_inspection.model import Action
from random_inspection.profiles import Duty, ProfileStep
from random_inspection.workflow import Step
from random_inspection_profiles.hebi import cite

__all__ = ["DUTIES", "HANDED_OVER"]

HANDED_OVER = ProfileStep("移交《联合抽查记录表》", "records_handed_over", Action.HAND_OVER)
"""五(五): 各检查组须于抽查结束后10日内将《联合抽查记录表》移交联合抽查领导小组办公室 — the step the library calls
``records_handed_over``, recorded under these words (as every store holding it has recorded it)."""

DUTIES = (
    Duty("record_handover", "将《联合抽查记录表》移交联合抽查办公室", cite("五(五)"), Step.ENDED, HANDED_OVER),
)
