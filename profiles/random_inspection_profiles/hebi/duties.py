"""The 方案's duties in its own words: the hand-over of the 《联合抽查记录表》 to the joint office (五(五)) is the
library's ``record_handover`` obligation (its period is ``limit.record_handover``), worded here with the form's
title, which the library does not name."""

from __future__ import annotations

from random_inspection.profiles import Duty
from random_inspection.workflow import Step
from random_inspection_profiles.hebi import cite

__all__ = ["DUTIES"]

DUTIES = (
    Duty("record_handover", "将《联合抽查记录表》移交联合抽查办公室", cite("五(五)"), Step.ENDED, Step.HANDED_OVER),
)
