"""The occasions a plan's step is taken on, for grants that depend on them.

Who takes a step may depend on the plan: 许应急〔2023〕14号 assigns an ordinary plan's steps in its chapters 3 and 4,
a joint plan the bureau leads in 第二十二条, and the bureau's part in another's joint plan in 第二十三条. A profile
sets an occasion's grant with ``actors.<occasion>.<action>`` (``actors.joint_lead.draw``); where it sets none,
the grant is the ordinary one, ``actors.<action>``.
"""

from __future__ import annotations

import enum

from random_inspection.model import Action

__all__ = ["OCCASION_ACTIONS", "Occasion"]


class Occasion(str, enum.Enum):
    """The kind of plan a step is taken on."""

    ORDINARY = "ordinary"
    JOINT_LEAD = "joint_lead"
    JOINT_PARTNER = "joint_partner"

    @property
    def label(self) -> str:
        """The occasion in Chinese."""
        return _LABELS[self]

    @property
    def where(self) -> str:
        """The plans of the occasion, in English."""
        return _WHERE[self]

    def key(self, action: Action) -> str:
        """The rule key of ``action``'s grant on this occasion (the ordinary one: ``actors.<action>``)."""
        action = Action(action)
        if self is Occasion.ORDINARY:
            return f"actors.{action.value}"
        return f"actors.{self.value}.{action.value}"


_LABELS = {
    Occasion.ORDINARY: "本部门抽查",
    Occasion.JOINT_LEAD: "牵头发起的部门联合双随机",
    Occasion.JOINT_PARTNER: "参与协同的部门联合双随机",
}
_WHERE = {
    Occasion.ORDINARY: "a plan of one department",
    Occasion.JOINT_LEAD: "a joint plan, by its lead (the subjects and the lead's team)",
    Occasion.JOINT_PARTNER: "a partner's own part of a joint plan (its team plan PLAN/DEPARTMENT, its own "
                            "inspectors)",
}

OCCASION_ACTIONS = (Action.COMMIT_PLAN, Action.DRAW, Action.RECUSAL, Action.USE_RESERVE)
"""The steps on a plan, whose grant an occasion may change (the store knows the occasion of these)."""
