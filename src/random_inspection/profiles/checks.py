"""The checks beyond the role, and the basis each has under a profile.

Whatever role a profile grants a step, five checks hold under every profile (they are what makes a draw and its
results trustworthy, and no profile can lift them): an inspector acts only on their own inspection; a plan is
drawn by the department that committed it (a joint plan by its lead); each department draws only its own
inspectors; a duty is recorded met by the department that owes it; the 系统管理员 takes no step of an inspection.

What a profile decides is their *basis*: the ``checks.<name>`` rule of its chain, with the source's words and
its citation (偃师 二(三) “谁检查、谁录入、谁公开”, 许昌 第二十二条(二) …), or, where no document of the chain
states the check, a library assumption, labelled as one with its reason (:class:`Basis`).
"""

from __future__ import annotations

import enum

import attrs

from random_inspection.messages import tr
from random_inspection.model import Citation

__all__ = ["Basis", "Check"]


class Check(str, enum.Enum):
    """A check beyond the role; its rule key is ``checks.<value>`` (:attr:`key`)."""

    OWN_INSPECTION = "own_inspection"
    PLAN_OWNER = "plan_owner"
    OWN_INSPECTORS = "own_inspectors"
    DUTY_OWNER = "duty_owner"
    NO_ADMINISTRATOR = "no_administrator"

    @property
    def key(self) -> str:
        """The rule key a profile sets the check's basis with."""
        return f"checks.{self.value}"

    @property
    def label(self) -> str:
        """The check in Chinese, the catalogue's title of its key."""
        return _LABELS[self]

    @property
    def meaning(self) -> str:
        """What the check refuses, in English."""
        return _MEANINGS[self]

    @property
    def assumption(self) -> str:
        """Why the library holds the check where no document of the chain states it."""
        return _ASSUMPTIONS[self]


_LABELS = {
    Check.OWN_INSPECTION: "检查人员只录入、反馈、公开本组的检查",
    Check.PLAN_OWNER: "抽查方案由制定部门抽取（联合抽查由牵头部门）",
    Check.OWN_INSPECTORS: "各部门自行选派抽查人员",
    Check.DUTY_OWNER: "义务由负有义务的部门履行",
    Check.NO_ADMINISTRATOR: "系统管理员不参与检查",
}
_MEANINGS = {
    Check.OWN_INSPECTION: "an inspector records, feeds back, hands over and publishes only an inspection whose team "
                          "they were on",
    Check.PLAN_OWNER: "a plan is re-committed, drawn, its reserve used, by the department that committed it; a "
                      "joint plan by its lead, never by a partner",
    Check.OWN_INSPECTORS: "a plan's manifest holds only the inspectors of the plan's departments; where the document "
                          "says each department picks its own, only those of the department that draws it",
    Check.DUTY_OWNER: "a duty is recorded met by an actor of the department that owes it",
    Check.NO_ADMINISTRATOR: "the 系统管理员, who keeps the store's key register, takes no step of an inspection",
}
_ASSUMPTIONS = {
    Check.OWN_INSPECTION: "those who inspected answer for the inspection (an inspector acting on another team's "
                          "inspection would record what they did not see)",
    Check.PLAN_OWNER: "the department that committed a plan answers for its draw (a joint plan's lead draws "
                      "and hands the list on; a partner drawing for it could pick the subjects)",
    Check.OWN_INSPECTORS: "each department answers for its own inspectors (a plan drawing another department's "
                          "inspectors could steer who inspects)",
    Check.DUTY_OWNER: "the department that owes a duty answers for it (another recording it met would close "
                      "what it does not owe)",
    Check.NO_ADMINISTRATOR: "separation of duties: whoever decides whose key counts never commits, draws or "
                            "records with one",
}


@attrs.frozen
class Basis:
    """Why a check holds under a profile: a cited rule of its chain, or a labelled assumption.

    Attributes:
        check: the check.
        words: the source's words stating it (the rule's value); ``None`` for an assumption.
        citation, source, quote: the article, the profile whose rule it is, and the source's fuller words.
    """

    check: Check
    words: str | None = None
    citation: Citation | None = None
    source: str | None = None
    quote: str | None = None

    @property
    def assumed(self) -> bool:
        """Whether no document of the chain states the check (the library holds it as an assumption)."""
        return self.citation is None

    def describe(self) -> str:
        """The basis in a sentence, as a refusal names it: ``文号 article “words”``, or ``assumed: reason; no
        document of the chain states it``."""
        if self.citation is None:
            return tr("assumed: {assumption}; no document of the chain states it", assumption=self.check.assumption)
        return f"{self.citation.short()} “{self.words}”"
