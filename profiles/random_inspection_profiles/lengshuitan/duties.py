"""The 细则's duties that no catalogue rule describes: the 登记备案表 filed with the 区优化办 once the draw is done
(第十四条) and the 满意度反馈卡 sent after each inspection (第十七条). The 细则 sets no period for either, so
neither has a due date unless the plan sets one."""

from __future__ import annotations

from random_inspection.profiles import Duty
from random_inspection.workflow import Step
from random_inspection_profiles.lengshuitan import cite

__all__ = ["DUTIES"]

DUTIES = (
    Duty("filing_form", "填写涉企检查登记备案表报区优化办备案", cite("第十四条"), Step.DRAWN, Step.FORM_FILED),
    Duty("satisfaction_card", "汇总涉企检查满意度反馈卡报区优化办", cite("第十七条"), Step.ENDED, Step.CARD_SENT),
)
"""The two duties, in the order of the articles."""
