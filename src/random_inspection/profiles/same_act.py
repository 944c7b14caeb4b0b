"""Two time limits governing one act: a rule saying that it also limits the act another limit sets.

A document may set two periods for one act — one article for publishing on the national platform, another for
publishing on the bureau's portal *and* that platform. The act is then late once either period is over: both
deadlines are shown, and the earlier applies. A profile says so on the rule that reaches the other's act
(``Rule(..., also_governs=(SameAct("limit.publication", citation, reason),))``); the workflow applies it
(:func:`~random_inspection.workflow.obligations`). The library matches keys, never the words of the rules.
"""

from __future__ import annotations

from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model import Citation

__all__ = ["SameAct"]


def _key(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or "." not in value:
        raise InvalidInputError(tr("{value!r} is not a rule key", value=value), where=tr("the same act"),
                                fix=tr("name the time limit whose act the rule also governs, e.g. "
                                       "'limit.publication'"))


def _citation(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Citation):
        raise InvalidInputError(tr("citation {value!r} is not a Citation",
                                   value=value), where=tr("same act {key}", key=instance.key),
                                fix=tr("cite the articles that show the two rules govern one act"))


def _reason(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(tr("no reason"), where=tr("same act {key}", key=instance.key),
                                fix=tr("say in the source's words why the act is the same (the platform both name)"))


@attrs.frozen
class SameAct:
    """The act of the time limit ``key`` is governed by this rule too.

    Attributes:
        key: the other time limit (a ``period`` key the profile sets).
        citation: the articles that show the act is one (e.g. both name the same platform).
        reason: why, in the source's words.
    """

    key: str = attrs.field(validator=_key)
    citation: Citation = attrs.field(validator=_citation)
    reason: str = attrs.field(validator=_reason)

    def render(self) -> dict[str, str]:
        """As plain data, for ``explain``."""
        return {"key": self.key, "citation": self.citation.short(), "reason": self.reason}
