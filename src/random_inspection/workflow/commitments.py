"""A plan's commitments as they are published: every manifest committed for the plan, the first and each new one
with its reason, listed on the pre-draw notice and the disclosure, so that a manifest changed after the notice
shows (issue: commit before chance, fixed for good; docs/security.md)."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Commitment"]


@attrs.frozen
class Commitment:
    """One commit of a plan's manifest, as it is published: every commit of a plan is listed on its pre-draw
    notice and its disclosure, the first one and any re-commit with its reason.

    Attributes:
        seq: the ledger entry that recorded it.
        at: when it was recorded (the ledger's time).
        role, department: who committed it (the actor's role and department; never a person's name).
        reason: why the plan got a new manifest (``None`` for its first).
        produced_at: the time the manifest announced for its public input (``None`` for a draw-v1 manifest).
    """

    seq: int
    at: str | None
    manifest_hash: str
    role: str | None
    department: str | None
    reason: str | None = None
    produced_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The commit as JSON data (every key present)."""
        return attrs.asdict(self)
