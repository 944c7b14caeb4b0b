"""What the ledger records of a plan that its disclosure publishes besides the draw: every manifest committed for
the plan (the first and each new one with its reason, also on the pre-draw notice), so that a manifest changed
after the notice shows; and every reserve subject used in a drawn subject's place, with the reason
(docs/security.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from random_inspection.profiles import Continuation, Departure, PluginSource

__all__ = ["Commitment", "ReserveUsed"]


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
        departures: the plan's departures from rules its profile words as defaults, each with its reason,
            recorded with this commit (:class:`~random_inspection.profiles.Departure`).
        continued: the documents of the plan's profile the bureau declared continued in force until replaced,
            with the reason (:class:`~random_inspection.profiles.Continuation`), recorded with this commit.
        plugins: where the profile plugins loaded at the commit came from (each package and version, each local
            file's SHA-256: :class:`~random_inspection.profiles.PluginSource`).
    """

    seq: int
    at: str | None
    manifest_hash: str
    role: str | None
    department: str | None
    reason: str | None = None
    produced_at: str | None = None
    departures: tuple[Departure, ...] = ()
    continued: tuple[Continuation, ...] = ()
    plugins: tuple[PluginSource, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The commit as JSON data (every key present; ``departures`` as a list of ``{key, value, reason}``)."""
        return {**attrs.asdict(self, recurse=False), "departures": [d.to_json() for d in self.departures],
                "continued": [c.to_json() for c in self.continued], "plugins": [p.to_json() for p in self.plugins]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Commitment:
        """The inverse of :meth:`to_json` (a commit from before departures or continuations has none)."""
        return cls(**{**data, "departures": tuple(Departure.from_json(d) for d in data.get("departures", ())),
                      "continued": tuple(Continuation.from_json(c) for c in data.get("continued", ())),
                      "plugins": tuple(PluginSource.from_json(p) for p in data.get("plugins", ()))})


@attrs.frozen
class ReserveUsed:
    """A reserve subject used in a drawn subject's place (draw-v1 §6), as it is published.

    Attributes:
        seq, at: the ledger entry that recorded it, and when.
        replaced: the drawn subject (or reserve used before) whose place was taken; ``reserve`` the one taking it.
        reason: why (a subject closed, merged …).
    """

    seq: int
    at: str | None
    stratum: str
    replaced: str
    reserve: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        """The use as JSON data (every key present)."""
        return attrs.asdict(self)
