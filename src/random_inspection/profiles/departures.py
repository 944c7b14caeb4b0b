"""Departures from a default: a plan that does otherwise than a rule its source words as a default.

Where the source qualifies a rule — 原则上, 一般, 可以, 除特殊情况外 — the rule is a default
(:attr:`~random_inspection.profiles.Rule.qualifier`). A plan may depart from it, and only with a reason it
records: a :class:`Departure` names the rule's key, what the plan does instead and why. Checks of the plan then
report the departure rather than a problem; a departure from a rule that binds, or from a key no document in
force sets, is itself a problem. The reason is recorded in the ledger with the plan and published with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.profiles.rules import Kind

if TYPE_CHECKING:
    from random_inspection.profiles.resolve import ResolvedProfile

__all__ = ["Departure", "departure_problems"]


def _text(instance: Any, attribute: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(tr("the departure's {name} is empty", name=attribute.name), where=tr("the departure"),
                                fix=tr("name the rule's key, what the plan does instead, and the reason"))


@attrs.frozen
class Departure:
    """A plan's departure from the default ``key``: ``value`` says what the plan does instead, in words
    (``"检查组1人"``), and ``reason`` why (recorded and published; it must hold no personal data)."""

    key: str = attrs.field(validator=_text)
    value: str = attrs.field(validator=_text)
    reason: str = attrs.field(validator=_text)

    def to_json(self) -> dict[str, str]:
        """``{"key", "value", "reason"}``."""
        return {"key": self.key, "value": self.value, "reason": self.reason}

    @classmethod
    def from_json(cls, data: Any) -> Departure:
        """From :meth:`to_json`'s form.

        Raises:
            InvalidInputError: not a table of exactly key, value and reason.
        """
        if not isinstance(data, dict) or set(data) != {"key", "value", "reason"}:
            raise InvalidInputError(tr("{data!r} is not a departure", data=data), where=tr("the departure"),
                                    fix=tr("give key, value and reason, each as text"))
        return cls(data["key"], data["value"], data["reason"])


def departure_problems(profile: ResolvedProfile, departures: tuple[Departure, ...]) -> list[str]:
    """Problems with the departures themselves: a key departed from twice, from a rule that binds, or from a
    key no document in force sets."""
    problems: list[str] = []
    seen: set[str] = set()
    for d in departures:
        if d.key in seen:
            problems.append(f"departs from {d.key} twice; give one departure per rule")
        seen.add(d.key)
        if not profile.has(d.key):
            problems.append(f"departs from {d.key}, which no document in force on {profile.as_of} sets")
        elif profile.spec(d.key).kind is Kind.PERIOD:
            problems.append(tr("departs from {key}, a duty's period: its reason arises after the draw, for some "
                               "inspections; record it then with random-inspection depart", key=d.key))
        elif not profile.rule(d.key).departable:
            problems.append(f"departs from {d.key}, which {profile.rule(d.key).citation} sets as binding "
                            "(the source words it as no default: 原则上, 一般, 可以)")
    return problems
