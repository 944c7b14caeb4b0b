"""What a draw gives (spec §9): :class:`DrawResult`, with its strata counts and its :class:`Recusal` records,
and the one JSON form it is published, stored and verified in (:meth:`DrawResult.to_json`,
:meth:`DrawResult.from_json`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from random_inspection.errors import DataError, Issue
from random_inspection.messages import tr
from random_inspection.sampling.canonical import ALGORITHM
from random_inspection.sampling.conflicts import Conflicts

__all__ = ["DrawResult", "Method", "Recusal", "StratumCount"]

Method = Literal["replace", "swap"]
"""How a recused inspector leaves a team, the two ways of 冷水滩 第十四条 (spec §7a): ``"replace"`` (不参与本次执法检查,
the algorithm picks who takes the place) or ``"swap"`` (交换被检查对象, with a member of another team or, in draw-v3,
an expert of the plan's committed roster: draw-v3 §3)."""


@attrs.frozen
class StratumCount:
    """One stratum of the draw (§9 ``strata``): its key, how many subjects were eligible, how many were drawn."""

    key: str
    eligible: int
    drawn: int


@attrs.frozen
class Recusal:
    """One recusal: who left which subject's team, why, how, and who took the place.

    ``with_subject`` is the other subject of a swap with an inspector (``None`` for a replacement and for a swap
    with an expert, draw-v3 §3: the expert has no subject of their own, and ``replacement`` is the expert).
    """

    subject: str
    inspector: str
    method: Method = attrs.field(validator=attrs.validators.in_(("replace", "swap")))
    reason: str = attrs.field(validator=attrs.validators.instance_of(str))
    replacement: str = ""
    with_subject: str | None = None

    def to_json(self) -> dict[str, object]:
        """The recusal as §9 JSON (every key present, in the order of the fields)."""
        return attrs.asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Recusal:
        """A recusal from its §9 JSON (the inverse of :meth:`to_json`; a request without ``replacement`` and
        ``with_subject`` takes their defaults)."""
        return cls(data["subject"], data["inspector"], data["method"], data["reason"],
                   data.get("replacement", ""), data.get("with_subject"))


@attrs.frozen
class DrawResult:
    """What a draw gives (spec §9)."""

    manifest_hash: str
    public_input: str
    seed: str
    strata: tuple[StratumCount, ...]
    subjects: tuple[str, ...]
    reserve: tuple[tuple[str, tuple[str, ...]], ...]
    teams: tuple[tuple[str, tuple[str, ...]], ...]
    items: tuple[tuple[str, tuple[str, ...]], ...]
    recusals: tuple[Recusal, ...] = ()  # in the order they were made
    algorithm: str = ALGORITHM  # the manifest's: "draw-v1" (SHA-256) or "draw-v1-sm3" (spec §12), or draw-v2's
    conflicts: Conflicts = ()  # draw-v2 §4: the interests opened for the drawn subjects

    @property
    def version(self) -> int:
        """1, 2 or 3: the draw algorithm's version (draw-v3 is draw-v2 with an expert roster)."""
        return 3 if self.algorithm.startswith("draw-v3") else 2 if self.algorithm.startswith("draw-v2") else 1

    def to_json(self) -> dict[str, Any]:
        """The result as §9 JSON (draw-v2 §5 adds ``conflicts``, which draw-v3 keeps)."""
        data = {
            "algorithm": self.algorithm,
            "manifest_hash": self.manifest_hash,
            "public_input": self.public_input,
            "seed": self.seed,
            "strata": [{"key": s.key, "eligible": s.eligible, "drawn": s.drawn} for s in self.strata],
            "subjects": list(self.subjects),
            "reserve": {k: list(v) for k, v in self.reserve},
            "teams": {k: list(v) for k, v in self.teams},
            "items": {k: list(v) for k, v in self.items},
            "recusals": self.recusals_json(),
        }
        if self.version >= 2:
            data["conflicts"] = self.conflicts_json()
        return data

    def recusals_json(self) -> list[dict[str, Any]]:
        """§9's ``recusals``."""
        return [r.to_json() for r in self.recusals]

    def conflicts_json(self) -> dict[str, list[list[str]]]:
        """draw-v2 §5's ``conflicts``: per subject, each opened interest as ``[inspector, salt]``."""
        return {s: [[i, salt] for i, salt in pairs] for s, pairs in self.conflicts}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DrawResult:
        """A result from its §9 JSON, as :meth:`to_json` wrote it (``to_json`` gives ``data`` back, in the draw's
        own order of keys: teams and items by drawn subject, reserves by stratum, conflicts by subject). Nothing is
        checked against a manifest here: :func:`~random_inspection.sampling.verify` does that.

        Raises:
            DataError: JSON that is not a draw result, naming what is missing or malformed.
        """
        try:
            subjects = tuple(data["subjects"])
            return cls(
                data["manifest_hash"], data["public_input"], data["seed"],
                tuple(StratumCount(s["key"], s["eligible"], s["drawn"]) for s in data["strata"]),
                subjects,
                tuple(sorted((k, tuple(v)) for k, v in data["reserve"].items())),
                _by_subject(data["teams"], subjects),
                _by_subject(data["items"], subjects),
                tuple(Recusal.from_json(r) for r in data["recusals"]),
                data["algorithm"],
                tuple(sorted(((s, tuple((i, salt) for i, salt in pairs))
                              for s, pairs in data.get("conflicts", {}).items()), key=lambda c: c[0].encode("utf-8"))),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataError(tr("cannot read the draw result"), [Issue("$", tr("{name}: {exc}", name=type(exc).__name__,
                                                                          exc=exc))],
                            fix=tr("give the result exactly as published (docs/spec/draw-v1.md §9, draw-v2.md §5)")
                            ) from exc

    def team(self, subject_id: str) -> tuple[str, ...]:
        return dict(self.teams)[subject_id]


def _by_subject(data: Mapping[str, Any], subjects: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per-subject lists in the draw's order of the subjects (the order the draw gives them in, whatever order
    the JSON was kept in); a mapping of other keys keeps its own order (verify names the difference)."""
    order = list(subjects) if set(data) == set(subjects) else list(data)
    return tuple((k, tuple(data[k])) for k in order)
