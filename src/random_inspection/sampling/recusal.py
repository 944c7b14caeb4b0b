"""Recusal after the draw (spec §7a; 冷水滩 第十四条 回避可采取与其他执法检查人员或专家交换被检查对象的方式，也可以采取
不参与本次执法检查的方式。确定不参与本次执法检查的，再次由系统选取替代执法检查人员): an inspector with an interest in a
subject leaves its team, either by swapping subjects with a member of another team or, in draw-v3 (§3), with an
expert of the plan's committed roster, or by standing down, when the algorithm picks the replacement. Whoever
takes the place is the algorithm's pick, never the declarer's. Each recusal is recorded with its reason
(:class:`~random_inspection.sampling.result.Recusal`) and is part of the published result.

draw-v3 (§3) closes three ways of steering where one lands: the way (swap or replace) is the manifest's, fixed
before the dice, not the declarer's; an inspector is recused once per draw, never from a place a swap brought
them to; and an expert never leaves a team that needs two 执法人员 with fewer than two inspectors."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable

import attrs

from random_inspection.errors import InfeasibleDrawError, InvalidInputError
from random_inspection.messages import tr
from random_inspection.sampling.canonical import derive_seed, ticket
from random_inspection.sampling.conflicts import interest_map
from random_inspection.sampling.manifest import DrawRules, InspectorEntry, Manifest, SubjectEntry, TeamSpec
from random_inspection.sampling.result import DrawResult, Recusal

__all__ = ["Recusal", "recuse", "team_rule"]


def team_rule(rules: DrawRules) -> Callable[[str, str | None], TeamSpec]:
    """``rules.team_for`` (§7) of a domain and a sector, with the rules' two tables made once for a draw."""
    by_sector, by_domain, team = dict(rules.team_by_sector), dict(rules.team_by_domain), rules.team

    def of(domain: str, sector: str | None) -> TeamSpec:
        if sector is not None and sector in by_sector:
            return by_sector[sector]
        return by_domain.get(domain, team)
    return of


class _Subjects(dict[str, SubjectEntry]):
    """The entries of the snapshot, each looked up by id the first time it is asked for (no dict of every
    subject is made for a few recusals)."""

    def __init__(self, manifest: Manifest) -> None:
        super().__init__()
        self.columns = manifest.subjects

    def __missing__(self, sid: str) -> SubjectEntry:
        ids = self.columns.ids
        at = bisect.bisect_left(ids, sid)
        if at == len(ids) or ids[at] != sid:
            raise KeyError(sid)
        entry = self[sid] = self.columns[at]
        return entry


def recuse(manifest: Manifest, result: DrawResult, requests: Iterable[Recusal]) -> DrawResult:
    """Apply recusals in order and return the new result, recording each one.

    Raises:
        InvalidInputError: the inspector is not on that subject's team, is an expert (draw-v3: an expert with an
            interest is never picked; the roster is corrected before the commit), or the reason is empty; in
            draw-v3, a method other than the manifest's ``recusal_way``, an inspector recused before in this draw,
            or one who reached the subject's team by a swap.
        InfeasibleDrawError: no inspector can take the place (the error names the numbers).
    """
    if result.manifest_hash != manifest.hash:
        raise InvalidInputError(tr("the result is not of this manifest (the hashes differ)"), where=tr("the recusal"),
                                fix=tr("recuse on the result of the draw of this very manifest"))
    requests = list(requests)
    if not requests:
        return result
    seed = derive_seed(manifest.hash, result.public_input, manifest.hash_algorithm, manifest.algorithm)
    people = {p.id: p for p in manifest.inspectors}
    interests = interest_map(manifest, result.conflicts)
    teams = {s: list(t) for s, t in result.teams}
    subjects = _Subjects(manifest)
    recused: set[tuple[str, str]] = {(r.subject, r.inspector) for r in result.recusals}
    done = list(result.recusals)
    for request in requests:
        sid, rid = request.subject, request.inspector
        where = tr("recusal of {inspector} from {subject}", inspector=rid, subject=sid)
        if sid not in teams or rid not in teams[sid]:
            raise InvalidInputError(tr("{rid} is not on the team of {sid}", rid=rid, sid=sid), where=where,
                                    fix=tr("name a subject of the draw and a member of its team"))
        if rid not in people:
            raise InvalidInputError(tr("{rid} is an expert, not an inspector of the draw", rid=rid), where=where,
                                    fix=tr("recuse an inspector; an expert who declared an interest is never picked"))
        if not request.reason.strip():
            raise InvalidInputError(tr("no reason given"), where=where,
                                    fix=tr("record the interest ({term}) that applies", term="利害关系"))
        if manifest.version >= 3:
            _check_v3(manifest, done, request, where)
        recused.add((sid, rid))
        if request.method == "replace":
            new = _replace(manifest, seed, teams, people, interests, subjects, recused, sid, rid, where)
            teams[sid][teams[sid].index(rid)] = new
            done.append(attrs.evolve(request, replacement=new, with_subject=None))
        else:
            other, member = _swap(manifest, seed, teams, people, interests, subjects, recused, sid, rid, where)
            teams[sid][teams[sid].index(rid)] = member
            if other is not None:  # an expert has no subject of their own to hand over (draw-v3 §3)
                teams[other][teams[other].index(member)] = rid
            done.append(attrs.evolve(request, replacement=member, with_subject=other))
    return attrs.evolve(result, teams=tuple((s, tuple(teams[s])) for s, _ in result.teams), recusals=tuple(done))


def _check_v3(manifest: Manifest, done: list[Recusal], request: Recusal, where: str) -> None:
    """draw-v3 §3: the way is the manifest's; no inspector is recused twice, nor from a place a swap gave them."""
    if request.method != manifest.recusal_way:
        raise InvalidInputError(
            tr("the plan fixed the way of every recusal as {recusal_way!r} before the dice; {method!r} is not it",
               recusal_way=manifest.recusal_way, method=request.method), where=where,
            fix=tr("recuse by {recusal_way} (the manifest's recusal_way): the declarer does not choose the way",
                   recusal_way=manifest.recusal_way))
    rid = request.inspector
    if any(r.inspector == rid for r in done):
        raise InvalidInputError(tr("{rid} was recused before in this draw: a second recusal would move them again",
                                   rid=rid),
                                where=where, fix=tr("an inspector is recused once per draw (draw-v3 §3); their "
                                                    "team stands as the first recusal left it"))
    if any(r.method == "swap" and r.subject == request.subject and r.replacement == rid for r in done):
        raise InvalidInputError(tr("{rid} reached the team of {subject} by a swap: a recusal from it would chain "
                                   "one swap onto another", rid=rid, subject=request.subject), where=where,
                                fix=tr("a place reached by a swap is not left by recusal (draw-v3 §3)"))


def _spec(manifest: Manifest, subject: SubjectEntry) -> TeamSpec:
    return manifest.rules.team_for(subject.domain, subject.sector)


def _holds(spec: TeamSpec, team: list[str], people: dict[str, InspectorEntry], department: str | None) -> bool:
    """Whether the team meets its quotas, counting its inspectors (of ``department``) only: an expert (draw-v3)
    is not a 执法检查人员 and counts toward no quota."""
    members = [people[m] for m in team if m in people and (department is None or people[m].department == department)]
    return all(sum(1 for p in members if tag in p.specialties) >= k for tag, k in spec.quotas)


def _department(manifest: Manifest, person: InspectorEntry) -> str | None:
    return person.department if manifest.rules.departments else None


def _replace(manifest: Manifest, seed: bytes, teams: dict[str, list[str]], people: dict[str, InspectorEntry],
             interests: dict[str, frozenset[str]], subjects: dict[str, SubjectEntry],
             recused: set[tuple[str, str]], sid: str, rid: str, where: str) -> str:
    department = _department(manifest, people[rid])
    spec = _spec(manifest, subjects[sid])
    load = Counter(m for team in teams.values() for m in team)
    load[rid] -= 1
    rest = [m for m in teams[sid] if m != rid]
    candidates = [
        p for p in manifest.inspectors
        if p.id in manifest.eligible_inspectors and p.id not in teams[sid] and sid not in interests[p.id]
        and (sid, p.id) not in recused
        and (department is None or p.department == department)
        and _holds(spec, [*rest, p.id], people, department)
    ]
    if not candidates:
        raise InfeasibleDrawError(
            tr("no inspector can replace {rid} on the team of {sid}: the team rule {to_json} needs a replacement, "
               "and 0 of {eligible_inspectors_count} eligible inspectors fit", rid=rid, sid=sid,
               to_json=spec.to_json(), eligible_inspectors_count=len(manifest.eligible_inspectors)),
            where=where, fix=tr("swap instead, or add eligible inspectors to the pool"),
        )
    best = min(candidates, key=lambda p: (load[p.id], ticket(seed, "inspector", p.id, manifest.hash_algorithm)))
    return best.id


def _swap(manifest: Manifest, seed: bytes, teams: dict[str, list[str]], people: dict[str, InspectorEntry],
          interests: dict[str, frozenset[str]], subjects: dict[str, SubjectEntry],
          recused: set[tuple[str, str]], sid: str, rid: str,
          where: str) -> tuple[str | None, str]:
    """The swap partner (§7a; draw-v3 §3): the other subject (``None`` for an expert) and the member or expert
    whose ``ticket("swap", …)`` is the smallest of every exchange that keeps both teams within their quotas."""
    department = _department(manifest, people[rid])
    options: list[tuple[bytes, str, str]] = []
    for other, team in teams.items():
        if other == sid or rid in team or other in interests[rid] or (other, rid) in recused:
            continue
        for member in team:
            if member not in people:
                continue  # an expert on another team (draw-v3) has no subject of their own to swap
            person = people[member]
            if member in teams[sid] or sid in interests[member] or (sid, member) in recused:
                continue
            if department is not None and person.department != department:
                continue
            here = [member if m == rid else m for m in teams[sid]]
            there = [rid if m == member else m for m in team]
            if _holds(_spec(manifest, subjects[sid]), here, people, department) and \
                    _holds(_spec(manifest, subjects[other]), there, people, department):
                options.append((ticket(seed, "swap", f"{sid}|{rid}|{other}|{member}", manifest.hash_algorithm),
                                other, member))
    options += _expert_options(manifest, seed, teams, people, interests, subjects, recused, sid, rid, department)
    if not options:
        raise InfeasibleDrawError(
            (tr("no member of another team nor any expert can swap subjects with {rid} ({teams} other teams, "
                "{experts} experts looked at; an expert never leaves a team of two or more with fewer than two "
                "inspectors, {basis})", rid=rid, teams=len(teams) - 1, experts=len(manifest.experts or ()),
                basis="行政处罚法 第四十二条") if manifest.experts else
             tr("no member of another team can swap subjects with {rid} ({teams} other teams, {experts} experts "
                "looked at; an expert never leaves a team of two or more with fewer than two inspectors, {basis})",
                rid=rid, teams=len(teams) - 1, experts=0, basis="行政处罚法 第四十二条")),
            where=where, fix=tr("replace instead, or add eligible inspectors to the pool"),
        )
    _, other, member = min(options)
    return other or None, member


def _expert_options(manifest: Manifest, seed: bytes, teams: dict[str, list[str]], people: dict[str, InspectorEntry],
                    interests: dict[str, frozenset[str]], subjects: dict[str, SubjectEntry],
                    recused: set[tuple[str, str]], sid: str, rid: str,
                    department: str | None) -> list[tuple[bytes, str, str]]:
    """draw-v3 §3: each expert of the committed roster who is not on the team, has no opened interest in the
    subject, was never recused from it and with whom in ``rid``'s place the team still meets its quotas, with
    ``ticket("swap", S ‖ "|" ‖ R ‖ "||" ‖ E)`` (the other subject empty: the expert has none). None where the
    team's rule has two members or more and fewer than two inspectors would remain (行政处罚法 第四十二条)."""
    spec = _spec(manifest, subjects[sid])
    officers = sum(1 for m in teams[sid] if m in people and m != rid)
    if spec.size >= 2 and officers < 2:
        return []  # 行政处罚法 第四十二条: 执法人员不得少于两人 — an expert is none (draw-v3 §3)
    out = []
    for expert in manifest.experts or ():
        e = expert.id
        if e in teams[sid] or sid in interests.get(e, frozenset()) or (sid, e) in recused:
            continue
        if _holds(spec, [e if m == rid else m for m in teams[sid]], people, department):
            out.append((ticket(seed, "swap", f"{sid}|{rid}||{e}", manifest.hash_algorithm), "", e))
    return out
