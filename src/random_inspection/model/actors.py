"""Who does a step: actors, their roles, and the actions a profile grants to roles.

An :class:`Actor` is a person or an office acting for a department: the double-random office that draws
(冷水滩 第十三条 法规股), the inspectors who enter and publish what they inspected
(偃应急〔2023〕18号 二(三) “谁检查、谁录入、谁公开”), the joint office that agrees joint results (鹤双随机办〔2020〕19号
五(五)). A profile says which :class:`Role` may take which :class:`Action`, citing the article.

:class:`Action` is the permission vocabulary. It does not repeat the ledger's entry kinds or the workflow's dated
steps: the store maps each entry kind, and each step that meets a duty, to one action
(``random_inspection.store.ACTION_OF_KIND``, ``random_inspection.workflow.ACTION_OF_STEP``).
"""

from __future__ import annotations

import enum
import re
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model._validators import as_enum, non_empty, strip

__all__ = ["Action", "Actor", "Role"]


class Role(str, enum.Enum):
    """The part an actor plays. The values are generic names; each profile's rule quotes its document's own
    name for the office (局双随机领导小组办公室, 法规股, 法规科, 联合抽查领导小组办公室 …)."""

    DOUBLE_RANDOM_OFFICE = "双随机办"  # the office that runs the draws and the hand-on of results
    JOINT_OFFICE = "联合抽查办公室"  # the office of a joint campaign (鹤壁 联合抽查领导小组办公室)
    UNDERTAKING_SECTION = "承办股室"  # a department's section that plans and carries out its inspections
    INSPECTOR = "执法检查人员"  # an inspector on an inspection team
    RECEIVING_DEPARTMENT = "相关部门"  # a department receiving transferred problems (鹤壁 五(六))
    ADMINISTRATOR = "系统管理员"  # keeps the store's key register (enrols and revokes keys); takes no inspection step


class Action(str, enum.Enum):
    """What an actor does, as permissions are granted. ``label`` gives the Chinese name used in the docs: a neutral
    one where the action is a form's (``HAND_OVER``, ``FILE_FORM``), whose title the profile granting it words
    (its ``actors.*`` rule's ``title``)."""

    COMMIT_PLAN = "commit_plan"  # ledger: plan_committed
    DRAW = "draw"  # ledger: draw_executed or external_draw (and redraw)
    RECUSAL = "recusal"  # ledger: recusal
    USE_RESERVE = "use_reserve"  # ledger: reserve_used
    RECORD_RESULT = "record_result"  # ledger: result_recorded
    PUBLISH = "publish"  # ledger: published; steps 录入平台并公示, 门户网站和信用平台公开
    FEED_BACK = "feed_back"  # step 反馈检查结果
    HAND_OVER = "hand_over"  # a form handed over (a profile's step of records_handed_over; 鹤壁 五(五)'s record)
    TRANSFER = "transfer"  # step 函告移交问题线索
    FILE_FORM = "file_form"  # forms filed with another office (FORM_COPY_HANDED; a profile's own, e.g. 冷水滩's)
    FOLLOW_UP = "follow_up"  # steps 后续处置, 后续处理结果录入, 现场复查
    CLOSE = "close"  # steps 立案查处或书面回复, 结案, 书面告知并公示处罚信息, 验收合格销号
    MEET_OBLIGATION = "meet_obligation"  # ledger: obligation_met, for the other steps that meet a duty

    @property
    def label(self) -> str:
        """The action's Chinese name, as the docs' tables show it."""
        return _LABELS[self]


_LABELS = {
    Action.COMMIT_PLAN: "提交抽查方案（清单哈希）",
    Action.DRAW: "随机抽取",
    Action.RECUSAL: "回避",
    Action.USE_RESERVE: "启用备选对象",
    Action.RECORD_RESULT: "录入检查结果",
    Action.PUBLISH: "公开检查结果",
    Action.FEED_BACK: "反馈检查结果",
    Action.HAND_OVER: "移交检查记录",
    Action.TRANSFER: "移交问题线索",
    Action.FILE_FORM: "报送备案表格",
    Action.FOLLOW_UP: "后续处置、复查、录入后续处理结果",
    Action.CLOSE: "立案查处、结案、销号",
    Action.MEET_OBLIGATION: "其他义务履行",
}


def _role(value: Role | str) -> Role:
    return as_enum(Role, value)


_PERSONAL_NUMBER = re.compile(r"[0-9]{17}[0-9Xx]|1[3-9][0-9]{9}")  # a 公民身份号码, a mobile number


def _not_personal(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if _PERSONAL_NUMBER.search(value.replace(" ", "").replace("-", "")):
        raise InvalidInputError(tr("{name} looks like an ID-card or phone number", name=attribute.name),
                                where=tr("the actor"),
                                fix=tr("identify the actor by a staff number, a 执法证号 or an office code: the ledger "
                                       "records the id, and public output never carries personal numbers"))


@attrs.frozen
class Actor:
    """One who acts: an id (an inspector's id, an office's code), a name, a role and a department code.

    The ledger records the id, role and department of every entry's actor; the name stays with the caller. An
    id that looks like a 公民身份号码 or a mobile number is refused: the ledger's entries are disclosed.
    """

    id: str = attrs.field(converter=strip, validator=[non_empty, _not_personal])
    name: str = attrs.field(converter=strip, validator=non_empty)
    role: Role = attrs.field(converter=_role)
    department: str = attrs.field(converter=strip, validator=non_empty)

    def to_json(self) -> dict[str, str]:
        """The actor as an entry carries it: id, role and department."""
        return {"id": self.id, "role": self.role.value, "department": self.department}
