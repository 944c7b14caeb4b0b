"""The 细则's duties that no catalogue rule describes, in the order of the articles: each 综合检查小组 feeds back
the result of its own inspection to the subject (第五条 谁检查、谁反馈); the 登记备案表 filed with the 区优化办 once
the draw is done, and its copy left with the subject (第十四条 一式三份); the 满意度反馈卡 sent after each inspection
(第十七条). The 细则 sets no period for any of them, so none has a due date unless the plan sets one: each shows as
owed until its step is recorded."""

from __future__ import annotations

from random_inspection.model import Action
from random_inspection.profiles import Duty, ProfileStep
from random_inspection.workflow import Step
from random_inspection_profiles.lengshuitan import cite

__all__ = ["CARD_SENT", "DUTIES", "FORM_FILED"]

FORM_FILED = ProfileStep("登记备案表报备", "form_filed", Action.FILE_FORM)
"""第十四条: the 《冷水滩区“双随机、一公开”涉企检查登记备案表》 filed with the 区优化办, recorded under these words."""

CARD_SENT = ProfileStep("满意度反馈卡报送", "card_sent", Action.FILE_FORM)
"""第十七条: the 《冷水滩区涉企检查满意度反馈卡》 sent to the 区优化办, recorded under these words."""

DUTIES = (
    Duty("own_feedback", "具体实施检查的各综合检查小组负责向被检查对象反馈各自实施的检查结果", cite("第五条"),
         Step.ENDED, Step.FED_BACK),
    Duty("filing_form", "填写涉企检查登记备案表报区优化办备案", cite("第十四条"), Step.DRAWN, FORM_FILED),
    Duty("filing_form_subject_copy", "备案表一式三份，检查对象留存一份", cite("第十四条"), Step.DRAWN,
         Step.FORM_COPY_HANDED),
    Duty("satisfaction_card", "汇总涉企检查满意度反馈卡报区优化办", cite("第十七条"), Step.ENDED, CARD_SENT),
)
"""The four duties, in the order of the articles; none has a period (``Duty.period`` ``None``)."""
