"""A plan's draw in force and team in force, folded from its ledger entries: the plan's commits (the first one
names the department that owns it), its last draw, the recusals recorded on that draw (draw-v1 §7a: each
applied, the draw then verifies with :func:`~random_inspection.sampling.verify`), the reserve subjects used in
a drawn subject's place (draw-v1 §6), and, for a joint plan, each department's own draw of its inspectors
(plan ``PLAN/DEPARTMENT``, :func:`~random_inspection.sampling.team_manifest`; 许应急〔2023〕14号 第二十二条(三)).

Every step of the store that needs "who is drawn, who inspects it" reads it from here, so the rules live in one
place:

* a subject is in force when it was drawn and not replaced, or is a reserve used in a drawn subject's place;
* a reserve subject takes the replaced subject's place with that place's team and checklist items (the team
  drawn for the place, after its recusals): the inspectors were drawn for the place, not for the enterprise;
* a joint plan's team in force for a department is that department's own team draw where one is recorded
  (its members for the subject's place), else the lead's draw; the lead's record of the whole joint inspection
  (第二十二条(四)) has the lead's team and every partner's own team together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from random_inspection.model import RecusalReason
from random_inspection.store.external import in_force as external_in_force
from random_inspection.store.ledger import Entry, EntryKind

__all__ = ["RECUSAL_REASONS", "InForce", "ReserveUse", "department_plan", "fold"]

RECUSAL_REASONS = tuple(r.value for r in RecusalReason)
"""The categories a recusal's published reason is one of (:class:`~random_inspection.model.RecusalReason`:
利害关系, 近亲属, 其他; 冷水滩 第十四条 回避); the details stay in the private record."""


def department_plan(plan_id: str, department: str) -> str:
    """The plan id of a joint plan's department's own draw of its inspectors: ``PLAN/DEPARTMENT``."""
    return f"{plan_id}/{department}"


@attrs.frozen
class ReserveUse:
    """A reserve subject used in a drawn subject's place (entry ``seq``)."""

    stratum: str
    replaced: str
    reserve: str
    seq: int


@attrs.frozen
class InForce:
    """What is in force for one plan, as its ledger says.

    Attributes:
        plan_id: the plan.
        owner: the department of the plan's *first* commit (the lead of a joint plan); ``None`` if never
            committed, or committed before entries named their actors.
        committed: whether the plan was committed.
        manifest_hash: the manifest in force (of the latest commit).
        departments: a joint plan's departments, lead first (empty for a plan of one department).
        draw: the draw in force as draw-v1 §9 JSON, its recusals applied (it verifies against the manifest);
            ``None`` before the plan is drawn.
        draw_entry: the ledger entry of that draw.
        reserve_used: the reserve subjects used since that draw, in order.
        department_teams: per partner department with a draw of its own in force, its teams (place → members).
    """

    plan_id: str
    owner: str | None = None
    committed: bool = False
    manifest_hash: str | None = None
    departments: tuple[str, ...] = ()
    draw: Mapping[str, Any] | None = None
    draw_entry: int | None = None
    reserve_used: tuple[ReserveUse, ...] = ()
    department_teams: Mapping[str, Mapping[str, tuple[str, ...]]] = attrs.field(factory=dict)

    @property
    def lead(self) -> str | None:
        """The department that leads (owns) the plan."""
        return self.departments[0] if self.departments else self.owner

    @property
    def subjects(self) -> tuple[str, ...]:
        """The subjects in force, in the draw's order, a reserve in the place of the subject it replaced."""
        if self.draw is None:
            return ()
        places = {u.replaced: u.reserve for u in self.reserve_used}
        out = []
        for s in self.draw["subjects"]:
            while s in places:
                s = places[s]
            out.append(s)
        return tuple(out)

    def place_of(self, subject: str) -> str | None:
        """The drawn subject whose place ``subject`` holds (itself, if drawn and not replaced); ``None`` for a
        subject not in force."""
        if self.draw is None or subject not in self.subjects:
            return None
        back = {u.reserve: u.replaced for u in self.reserve_used}
        while subject in back:
            subject = back[subject]
        return subject

    def team(self, subject: str, department: str | None = None) -> tuple[str, ...] | None:
        """The inspectors in force for ``subject`` (recusals applied; a reserve with its place's team): of
        ``department``'s record (the lead's, by default). ``None`` for a subject not in force or a department
        that is not the plan's."""
        place = self.place_of(subject)
        if place is None or self.draw is None:
            return None
        department = department or self.lead
        lead_team = tuple(self.draw["teams"].get(place, ()))
        if not self.departments or department == self.lead:
            partners = [tuple(t.get(place, ())) for d, t in self.department_teams.items() if d != self.lead]
            return tuple(dict.fromkeys(m for team in (lead_team, *partners) for m in team))
        if department not in self.departments:
            return None
        own = self.department_teams.get(department)
        return tuple(own.get(place, ())) if own is not None else lead_team

    def items(self, subject: str) -> tuple[str, ...]:
        """The checklist items drawn for ``subject``'s place."""
        place = self.place_of(subject)
        if place is None or self.draw is None:
            return ()
        return tuple(self.draw["items"].get(place, ()))

    def recused(self, subject: str) -> frozenset[str]:
        """The inspectors recused from ``subject``'s place."""
        place = self.place_of(subject)
        if self.draw is None or place is None:
            return frozenset()
        return frozenset(r["inspector"] for r in self.draw.get("recusals", ()) if r["subject"] == place)

    def members(self, subject: str) -> frozenset[str]:
        """Everyone on ``subject``'s team in force, of any department."""
        teams = [self.team(subject, d) for d in (self.departments or (self.owner,))]
        return frozenset(m for t in teams if t for m in t)

    def record_view(self, department: str | None = None) -> dict[str, Any]:
        """The draw in force as the results reader takes it: ``teams`` and ``items`` of every subject in force
        (reserves included) for ``department``'s records."""
        return {"subjects": list(self.subjects),
                "teams": {s: list(self.team(s, department) or ()) for s in self.subjects},
                "items": {s: list(self.items(s)) for s in self.subjects}}


def _apply_recusal(teams: dict[str, list[str]], recusal: Mapping[str, Any]) -> None:
    sid, rid, member = recusal["subject"], recusal["inspector"], recusal["replacement"]
    teams[sid][teams[sid].index(rid)] = member
    if recusal["method"] == "swap" and recusal["with_subject"] is not None:  # an expert (draw-v3) hands none back
        other = teams[recusal["with_subject"]]
        other[other.index(member)] = rid


def _draw_in_force(entries: list[Entry]) -> tuple[dict[str, Any] | None, int | None, list[Entry]]:
    draws = [e for e in entries if e.kind in (EntryKind.DRAW_EXECUTED, EntryKind.EXTERNAL_DRAW)]
    if not draws:
        return None, None, []
    last = draws[-1]
    if last.kind is EntryKind.EXTERNAL_DRAW:  # made on a platform (store.external): no recusal applies to it
        return external_in_force(last.payload), last.seq, [e for e in entries if e.seq > last.seq]
    drawn: dict[str, Any] = {**last.payload, "teams": {s: list(t) for s, t in last.payload["teams"].items()},
                             "recusals": list(last.payload.get("recusals", []))}
    for e in entries:
        # a recusal applies to the draw it names (recusals recorded before they took effect name none)
        if e.kind is EntryKind.RECUSAL and e.seq > last.seq and e.payload.get("draw_entry") == last.seq:
            public = {k: e.payload[k] for k in ("subject", "inspector", "method", "reason", "replacement",
                                                "with_subject")}
            _apply_recusal(drawn["teams"], public)
            drawn["recusals"].append(public)
    return drawn, last.seq, [e for e in entries if e.seq > last.seq]


def fold(plan_id: str, entries: Iterable[Entry],
         department_entries: Mapping[str, Iterable[Entry]] | None = None) -> InForce:
    """What is in force for ``plan_id``, from its entries (in ledger order) and, for a joint plan, each partner
    department's own team plan entries (``department_plan``)."""
    mine = list(entries)
    commits = [e for e in mine if e.kind is EntryKind.PLAN_COMMITTED]
    if not commits:
        return InForce(plan_id)
    first = commits[0]
    owner = first.actor["department"] if first.actor else None
    departments = tuple(first.payload.get("departments", ()))
    drawn, seq, after = _draw_in_force(mine)
    used = tuple(ReserveUse(e.payload["stratum"], e.payload["replaced"], e.payload["reserve"], e.seq)
                 for e in after if e.kind is EntryKind.RESERVE_USED)
    teams: dict[str, dict[str, tuple[str, ...]]] = {}
    for department, found in (department_entries or {}).items():
        theirs = list(found)
        first_own = next((e for e in theirs if e.kind is EntryKind.PLAN_COMMITTED), None)
        if first_own is None or (first_own.actor is not None and first_own.actor["department"] != department):
            continue  # only the department's own draw of its own inspectors counts (第二十二条(三))
        own, _, _ = _draw_in_force(theirs)
        if own is not None and department in departments[1:]:
            teams[department] = {s: tuple(t) for s, t in own["teams"].items()}
    return InForce(plan_id, owner, True, commits[-1].payload["manifest_hash"], departments, drawn, seq, used, teams)


INSPECTOR_ROLE = "执法检查人员"
"""The role value of an inspector (``model.Role.INSPECTOR``), as entries name it."""


def result_problem(now: InForce, subject: str, department: str, team: Iterable[str],
                   actor: Mapping[str, Any], *, inspector_on_team: bool = True) -> tuple[str, str] | None:
    """Why a double-random result of ``subject`` (its ``department``'s record, with ``team``) may not be recorded
    by ``actor`` (id, role, department) under what is in force for its plan — ``(what, fix)`` — or ``None``.
    ``inspector_on_team``: also that an inspector recording it is on its team (the store leaves that check to the
    profile's permissions, whose refusal cites the article).
    The store refuses such a result as it is written, and ``verify`` replays the same check on every result entry
    under the ledger's register, so one written around the store is found."""
    plan_id = now.plan_id
    if not now.committed:
        return f"plan {plan_id} was never committed", "commit and draw the plan first"
    if now.draw is None:
        return f"plan {plan_id} has no draw", "record the draw first"
    ours = now.departments or ((now.owner,) if now.owner else ())
    if ours and department not in ours:
        return (f"{department} is not a department of the plan ({', '.join(ours)})",
                "record the inspection as one of the plan's departments")
    role, who = actor.get("role"), actor.get("id")
    if role != INSPECTOR_ROLE and ours and actor.get("department") not in ours:
        return (f"{actor.get('department')} is not a department of the plan ({', '.join(ours)})",
                "an actor of the plan's departments records its results")
    in_force = now.team(subject, department)
    if who in now.recused(subject) and who not in (in_force or ()):
        return (f"{who} recused from {subject} (回避)",
                "the team in force records it: the replacement took the recused inspector's place")
    if in_force is None:
        return (f"{subject} is not a subject of the draw in force",
                "record results only for the subjects drawn (or the reserve used in a place)")
    listed = list(team)
    if set(listed) != set(in_force) or len(listed) != len(in_force):
        return (f"the record's team {'、'.join(listed) or '(none)'} is not the team in force {'、'.join(in_force)}",
                "record the inspection with the team drawn (after recusals)")
    if inspector_on_team and role == INSPECTOR_ROLE and who not in in_force:
        return f"{who} was not on the team of the inspection", "the inspectors who inspected record their results"
    return None
