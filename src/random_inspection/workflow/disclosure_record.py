"""The disclosure (公示) as a typed value: :class:`Disclosure` and its parts — the draw and how to re-check it
(:class:`DrawPart`), the people and subjects named (:class:`PublicInspector`, :class:`PublicSubject`), the
recusals (:class:`PublicRecusal`) and each inspection (:class:`PublicInspection`).

:meth:`Disclosure.to_json` is the published JSON, key for key as it has always been written (docs/exports.md);
:meth:`Disclosure.from_json` reads it back (``from_json(d.to_json()) == d``). Building one is
:func:`~random_inspection.workflow.disclose`'s work, which checks it for personal data before it returns it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from random_inspection.errors import DataError, InvalidInputError, Issue
from random_inspection.messages import tr
from random_inspection.model import LedgerHead, RecordField
from random_inspection.workflow.commitments import Commitment, ReserveUsed
from random_inspection.workflow.deadline_departure import DeadlineDeparture
from random_inspection.workflow.redraw_record import Redraw

__all__ = ["Disclosure", "DrawPart", "PublicInspection", "PublicInspector", "PublicProblem", "PublicRecusal",
           "PublicResult", "PublicSubject", "PublicTransfer", "Withheld"]


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _read_day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


@attrs.frozen
class PublicInspector:
    """An inspector as published: the id, and for one on the roster the name, unit and 执法证号 (never a phone,
    an ID number or an address)."""

    id: str
    name: str | None = None
    unit: str | None = None
    certificate: str | None = None

    def to_json(self) -> dict[str, str | None]:
        """``{"id"}`` alone for someone not on the roster, else ``{"id", "name", "unit", "certificate"}``."""
        if self.name is None:
            return {"id": self.id}
        return {"id": self.id, "name": self.name, "unit": self.unit, "certificate": self.certificate}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublicInspector:
        return cls(data["id"], data.get("name"), data.get("unit"), data.get("certificate"))


@attrs.frozen
class PublicSubject:
    """A subject as published: its 统一社会信用代码 and name (``None`` for a code not on the roster)."""

    uscc: str
    name: str | None

    def to_json(self) -> dict[str, str | None]:
        return {"uscc": self.uscc, "name": self.name}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublicSubject:
        return cls(data["uscc"], data["name"])


@attrs.frozen
class PublicRecusal:
    """A recusal as published (spec §7a; 冷水滩 第十四条): who left which subject's team, how, why (the
    category only), who took the place and, for a swap, the other subject.

    ``no_interest_declared_before_draw`` is ``True`` where the draw committed interests (draw-v2 and later) and
    the inspector declared none in the subject before the dice: not refused (an interest can arise later), but
    shown; ``False`` where one was declared; ``None`` for a draw-v1 draw (no committed declarations)."""

    subject: str
    inspector: PublicInspector
    method: str
    reason: str
    replacement: PublicInspector | None
    with_subject: str | None
    no_interest_declared_before_draw: bool | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "subject": self.subject, "inspector": self.inspector.to_json(), "method": self.method,
            "reason": self.reason, "replacement": None if self.replacement is None else self.replacement.to_json(),
            "with_subject": self.with_subject,
        }
        if self.no_interest_declared_before_draw is not None:
            data["no_interest_declared_before_draw"] = self.no_interest_declared_before_draw
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublicRecusal:
        replacement = data["replacement"]
        return cls(data["subject"], PublicInspector.from_json(data["inspector"]), data["method"], data["reason"],
                   None if replacement is None else PublicInspector.from_json(replacement), data["with_subject"],
                   data.get("no_interest_declared_before_draw"))


Teams = tuple[tuple[str, tuple[PublicInspector, ...]], ...]
Lists = tuple[tuple[str, tuple[str, ...]], ...]


@attrs.frozen
class DrawPart:
    """The draw and how to re-check it: the algorithm, the manifest hash, the public input and the seed; who
    was drawn, their teams and checklist items, the reserve lists and the recusals."""

    algorithm: str
    manifest_hash: str
    public_input: str
    seed: str
    subjects: tuple[PublicSubject, ...]
    teams: Teams
    items: Lists
    reserve: Lists
    recusals: tuple[PublicRecusal, ...]
    leaders: tuple[tuple[str, str], ...] = ()
    """Each subject's team leader (组长) by inspector id, where the profile sets ``team.leader``; ``leaders`` is
    in the JSON only then."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "algorithm": self.algorithm, "manifest_hash": self.manifest_hash, "public_input": self.public_input,
            "seed": self.seed, "subjects": [s.to_json() for s in self.subjects],
            "teams": {s: [p.to_json() for p in team] for s, team in self.teams},
            "items": {s: list(items) for s, items in self.items},
            "reserve": {k: list(v) for k, v in self.reserve},
            "recusals": [r.to_json() for r in self.recusals],
        }
        if self.leaders:
            data["leaders"] = dict(self.leaders)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DrawPart:
        return cls(
            data["algorithm"], data["manifest_hash"], data["public_input"], data["seed"],
            tuple(PublicSubject.from_json(s) for s in data["subjects"]),
            tuple((s, tuple(PublicInspector.from_json(p) for p in team)) for s, team in data["teams"].items()),
            tuple((s, tuple(v)) for s, v in data["items"].items()),
            tuple((k, tuple(v)) for k, v in data["reserve"].items()),
            tuple(PublicRecusal.from_json(r) for r in data["recusals"]),
            tuple((str(s), str(p)) for s, p in data.get("leaders", {}).items()),
        )


@attrs.frozen
class PublicProblem:
    """A problem found: the checklist item and the inspectors' note."""

    item: str
    note: str | None

    def to_json(self) -> dict[str, str | None]:
        return {"item": self.item, "note": self.note}


@attrs.frozen
class PublicResult:
    """An inspection's result: its number in the profile's scheme and the exact Chinese label."""

    code: int
    label: str

    def to_json(self) -> dict[str, int | str]:
        return {"code": self.code, "label": self.label}


@attrs.frozen
class PublicTransfer:
    """A letter transferring the problems found to another department (函告移交问题线索), as published: the
    receiving department, the sending department and the letter's 文号 (``None`` where not recorded) and the day
    it was sent. Departments and numbers only: no person is named."""

    to: str
    sender: str | None
    letter: str | None
    sent: dt.date

    def to_json(self) -> dict[str, str | None]:
        return {"to": self.to, "sender": self.sender, "letter": self.letter, "sent": self.sent.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublicTransfer:
        return cls(data["to"], data.get("sender"), data.get("letter"), dt.date.fromisoformat(data["sent"]))


@attrs.frozen
class PublicInspection:
    """One double-random inspection as published: the subject, the team, its days, items, problems and result;
    the handling that followed (``None`` where the publication covers the inspection only, 鹤壁 五(五)); the
    optional record fields the profile lists (``fields``, from ``disclosure.record_fields``): the day fed back
    and the subject's opinion, each published only when listed; and the letters that transferred its problems
    (``transfers``: the flow of the inspection's own result, 鹤壁 五(六), published under every profile; the
    receiver's case follows as its own record where the publication covers the inspection only)."""

    subject: PublicSubject
    team: tuple[PublicInspector, ...]
    started: dt.date | None
    ended: dt.date | None
    items: tuple[str, ...]
    problems: tuple[PublicProblem, ...]
    result: PublicResult | None
    handling: tuple[str, ...] | None = None
    fields: tuple[RecordField, ...] = ()
    fed_back: dt.date | None = None
    opinion: str | None = None
    transfers: tuple[PublicTransfer, ...] = ()

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "subject": self.subject.to_json(), "team": [p.to_json() for p in self.team],
            "started": _day(self.started), "ended": _day(self.ended), "items": list(self.items),
            "problems": [p.to_json() for p in self.problems],
            "result": None if self.result is None else self.result.to_json(),
        }
        if self.handling is not None:
            entry["handling"] = list(self.handling)
        if RecordField.FED_BACK in self.fields:
            entry["fed_back"] = _day(self.fed_back)
        if RecordField.OPINION in self.fields:
            entry["opinion"] = self.opinion
        if self.transfers:
            entry["transfers"] = [t.to_json() for t in self.transfers]
        return entry

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublicInspection:
        result = data["result"]
        handling = data.get("handling")
        return cls(
            PublicSubject.from_json(data["subject"]), tuple(PublicInspector.from_json(p) for p in data["team"]),
            _read_day(data["started"]), _read_day(data["ended"]), tuple(data["items"]),
            tuple(PublicProblem(p["item"], p["note"]) for p in data["problems"]),
            None if result is None else PublicResult(result["code"], result["label"]),
            None if handling is None else tuple(handling),
            tuple(f for f in RecordField if f.value in data),
            _read_day(data.get("fed_back")), data.get("opinion"),
            tuple(PublicTransfer.from_json(t) for t in data.get("transfers", ())),
        )


@attrs.frozen
class Withheld:
    """A free-text field withheld for the personal data it holds, and why (``含个人信息``)."""

    field: str
    why: str = "含个人信息"

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "why": self.why}


@attrs.frozen
class Disclosure:
    """The public record of a plan's draw and inspections under its profile (see
    :func:`~random_inspection.workflow.disclose`).

    Attributes:
        plan_id, profile, authority: the plan, its profile's code and the authority that publishes.
        departments, window, checklist: the plan's departments, its window and its checklist item codes.
        platforms, required_contents, inspection_only, citations: what the profile says of publication
            (``disclosure.*``), each rule's citation by key.
        draw: the draw and how to re-check it, once drawn.
        redraws: each draw set aside, with its reason, as the ledger recorded it (``Store.redraws``).
        commits, reserve_used: every commit of the manifest, every reserve used.
        ledger_head: the ledger's head at publication.
        inspections: the double-random inspections.
        withheld: the free-text fields withheld for personal data.
        external_draw: for a draw made on a platform (docs/platforms.md), what its ledger entry records: the
            platform, the task number, the export file's name and SHA-256, the draw time, the findings accepted.
        deadline_departures: each departure from a duty's default period recorded after the draw, with its
            reason and the inspections it covers (``Store.deadline_departures``).
    """

    plan_id: str
    profile: str
    authority: str
    departments: tuple[str, ...]
    window: tuple[dt.date, dt.date]
    checklist: tuple[str, ...]
    platforms: tuple[str, ...]
    required_contents: tuple[str, ...]
    inspection_only: bool
    citations: tuple[tuple[str, str], ...]
    draw: DrawPart | None = None
    redraws: tuple[Redraw, ...] = ()
    commits: tuple[Commitment, ...] = ()
    reserve_used: tuple[ReserveUsed, ...] = ()
    ledger_head: LedgerHead | None = None
    inspections: tuple[PublicInspection, ...] = ()
    withheld: tuple[Withheld, ...] = ()
    external_draw: Mapping[str, Any] | None = None
    deadline_departures: tuple[DeadlineDeparture, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The published JSON (docs/exports.md): keys in their published order, ``draw``, ``ledger_head``,
        ``withheld``, ``external_draw`` and ``deadline_departures`` only when there is one."""
        public: dict[str, Any] = {
            "plan_id": self.plan_id, "profile": self.profile, "authority": self.authority,
            "departments": list(self.departments), "window": [d.isoformat() for d in self.window],
            "checklist": list(self.checklist), "platforms": list(self.platforms),
            "required_contents": list(self.required_contents), "inspection_only": self.inspection_only,
            "citations": dict(self.citations),
        }
        if self.draw is not None:
            public["draw"] = self.draw.to_json()
        if self.external_draw is not None:
            public["external_draw"] = _plain(self.external_draw)
        public["redraws"] = [r.to_json() for r in self.redraws]
        public["commits"] = [c.to_json() for c in self.commits]
        public["reserve_used"] = [r.to_json() for r in self.reserve_used]
        if self.deadline_departures:
            public["deadline_departures"] = [d.to_json() for d in self.deadline_departures]
        if self.ledger_head is not None:
            public["ledger_head"] = self.ledger_head.to_json()
        public["inspections"] = [i.to_json() for i in self.inspections]
        if self.withheld:
            public["withheld"] = [w.to_json() for w in self.withheld]
        return public

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Disclosure:
        """A disclosure from its published JSON (the inverse of :meth:`to_json`).

        Raises:
            DataError: JSON that is not a disclosure, naming what is missing or malformed.
        """
        try:
            head, drawn = data.get("ledger_head"), data.get("draw")
            start, end = data["window"]
            return cls(
                data["plan_id"], data["profile"], data["authority"], tuple(data["departments"]),
                (dt.date.fromisoformat(start), dt.date.fromisoformat(end)), tuple(data["checklist"]),
                tuple(data["platforms"]), tuple(data["required_contents"]), data["inspection_only"],
                tuple(data["citations"].items()),
                None if drawn is None else DrawPart.from_json(drawn),
                tuple(Redraw.from_json(r) for r in data["redraws"]),
                tuple(_commitment(c) for c in data["commits"]),
                tuple(ReserveUsed(**r) for r in data["reserve_used"]),
                None if head is None else LedgerHead(head["seq"], head["hash"]),
                tuple(PublicInspection.from_json(i) for i in data["inspections"]),
                tuple(Withheld(w["field"], w["why"]) for w in data.get("withheld", ())),
                None if data.get("external_draw") is None else _plain(data["external_draw"]),
                tuple(DeadlineDeparture.from_json(d) for d in data.get("deadline_departures", ())),
            )
        except (KeyError, TypeError, ValueError, AttributeError, InvalidInputError) as exc:
            raise DataError(tr("cannot read the disclosure"), [Issue("$", tr("{name}: {exc}", name=type(exc).__name__,
                                                                         exc=exc))],
                            fix=tr("give the disclosure exactly as published (docs/exports.md)")) from exc


def _commitment(data: Mapping[str, Any]) -> Commitment:
    """A commit as :meth:`Commitment.to_json` wrote it."""
    return Commitment.from_json(data)


def _plain(value: Any) -> Any:
    """A copy of a ledger record as plain JSON data (mappings as dicts, sequences as lists)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
