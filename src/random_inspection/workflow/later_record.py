"""A later disclosure (另行公示) as a typed value: where the publication covers the inspection only (鹤壁 五(五)),
each handling outcome that follows an inspection is a public record of its own (:class:`LaterDisclosure`), with
the cases closed so far (:class:`ClosedCase`). Building them is
:func:`~random_inspection.workflow.later_disclosures`' work, which checks them for personal data.

:meth:`LaterDisclosure.to_json` is the published JSON, ``{"subject": {"uscc", "name"}, "plan_id", "handling",
"cases": [{"department", "closed"}]}``, as written before it was typed; :meth:`LaterDisclosure.from_json` reads it
back (``from_json(d.to_json()) == d``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from random_inspection.workflow.disclosure_record import PublicSubject

__all__ = ["ClosedCase", "LaterDisclosure"]


@attrs.frozen
class ClosedCase:
    """A case closed (结案) on an inspection's problems: by the inspecting department, or by a department they were
    transferred to, and the day."""

    department: str
    closed: dt.date

    def to_json(self) -> dict[str, str]:
        """``{"department", "closed"}``, the day in ISO 8601."""
        return {"department": self.department, "closed": self.closed.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ClosedCase:
        """The inverse of :meth:`to_json`."""
        return cls(data["department"], dt.date.fromisoformat(data["closed"]))


@attrs.frozen
class LaterDisclosure:
    """One handling outcome of an inspection (a case, a letter to the licensing department, a transfer to the
    judicial organs), published as a record of its own (鹤壁 五(五)).

    Attributes:
        subject: the subject inspected, by 统一社会信用代码 and name.
        plan_id: the plan the inspection belongs to.
        handling: the outcome, by its exact Chinese label.
        cases: the cases closed so far on the inspection's problems, the inspecting department's first.
    """

    subject: PublicSubject
    plan_id: str
    handling: str
    cases: tuple[ClosedCase, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The published JSON."""
        return {"subject": self.subject.to_json(), "plan_id": self.plan_id, "handling": self.handling,
                "cases": [c.to_json() for c in self.cases]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LaterDisclosure:
        """The inverse of :meth:`to_json`."""
        return cls(PublicSubject.from_json(data["subject"]), data["plan_id"], data["handling"],
                   tuple(ClosedCase.from_json(c) for c in data["cases"]))
