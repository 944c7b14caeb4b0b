"""The draw engine: subjects (§6), teams (§7), checklist items (§8), the result (§9) and verify — draw-v1, and
draw-v2, whose teams exclude the interests opened for the drawn subjects (draw-v2 §4)."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from random_inspection.collector import collector_paused
from random_inspection.errors import DataError, InfeasibleDrawError, InvalidInputError, Issue
from random_inspection.messages import tr
from random_inspection.sampling import selection
from random_inspection.sampling.canonical import derive_seed, ticket
from random_inspection.sampling.conflicts import Conflicts, interest_map
from random_inspection.sampling.hashes import SHA256, HashAlgorithm
from random_inspection.sampling.interests import InterestDeclarations, interest_tag
from random_inspection.sampling.kept import KeptTickets
from random_inspection.sampling.manifest import InspectorEntry, Manifest, SubjectEntry, TeamSpec
from random_inspection.sampling.recusal import recuse, team_rule
from random_inspection.sampling.result import DrawResult, Recusal, StratumCount
from random_inspection.sampling.rotation import rotated_teams
from random_inspection.sampling.shards import ShardedPass

__all__ = ["Conflicts", "DrawResult", "StratumCount", "allocate", "audit_interests", "check_conflicts", "draw",
           "eligible", "interest_map", "stratum_key", "trial_draw", "verify"]

def eligible(subject: SubjectEntry, manifest: Manifest) -> bool:
    """§6 eligibility."""
    rules = manifest.rules
    if not subject.in_existence:
        return False
    for name, values in rules.conditions:
        if subject.field(name) not in values:
            return False
    cap = rules.cap_for(subject.credit_risk)
    return cap is None or subject.exempt or subject.history < cap


def stratum_key(subject: SubjectEntry, fields: Iterable[str]) -> str:
    """§6: the stratum fields' values joined with ``|`` (null as empty)."""
    return "|".join(subject.field(f) or "" for f in fields)


def _threshold(need: int, eligible_count: int) -> bytes:
    """The stratum's ticket bound (:func:`~random_inspection.sampling.selection.ticket_cutoff`)."""
    return selection.ticket_cutoff(need, eligible_count)


_ALL = selection.ALL  # above every 32-byte ticket


def _prefix(seed: bytes, purpose: str, hash_with: HashAlgorithm) -> Any:
    return hash_with.new(seed + purpose.encode() + b"\x00")


def allocate(n: int, counts: dict[str, int], seed: bytes, hash_with: HashAlgorithm = SHA256) -> dict[str, int]:
    """§6 allocation: proportional, largest remainder, ties by the stratum's ticket."""
    total = sum(counts.values())
    if n > total:
        raise InfeasibleDrawError(
            tr("the plan asks {n} subjects but only {total} are eligible", n=n, total=total),
                                  where=tr("the draw, sample size"),
            fix=tr("lower the count or ratio, or widen the conditions"),
        )
    if total == 0:
        return {k: 0 for k in counts}
    base = {k: n * e // total for k, e in counts.items()}
    left = n - sum(base.values())
    order = sorted(counts, key=lambda k: (-(n * counts[k] % total), ticket(seed, "stratum", k, hash_with)))
    for k in order[:left]:
        base[k] += 1
    return base


def sample_sizes(manifest: Manifest, counts: dict[str, int], values: dict[str, str], seed: bytes) -> dict[str, int]:
    """§6: each stratum's ``n_h`` from its eligible count ``E_h`` (``counts``) and, for ``ratio_by``, its value
    of that field (``values``). Shared by the in-process draw and the draw inside a database.

    Raises:
        InvalidInputError: a value of a stratum field holding ``|`` when there are several strata fields.
        InfeasibleDrawError: more subjects asked than are eligible.
    """
    strata = manifest.rules.strata
    if len(strata) > 1:
        for key in counts:
            if key.count("|") != len(strata) - 1:
                raise InvalidInputError(
                    tr("a value of a stratum field contains '|' (stratum {key!r})", key=key),
                                        where=tr("the draw, strata"),
                    fix=tr("stratify by fields whose values have no '|' (spec §6)"),
                )
    sample = manifest.rules.sample
    total = sum(counts.values())
    if sample.count is not None:
        return allocate(sample.count, counts, seed, manifest.hash_algorithm)
    if sample.ratio is not None:
        p, q = sample.ratio
        return allocate((p * total + q - 1) // q, counts, seed, manifest.hash_algorithm)
    ratios = dict(sample.ratios)
    sizes = {}
    for key, e in counts.items():
        p, q = ratios.get(values[key], (0, 1))
        sizes[key] = (p * e + q - 1) // q
    return sizes


def _open(manifest: Manifest, declarations: InterestDeclarations | None, subjects: tuple[str, ...]) -> Conflicts:
    """draw-v2 §4: the openings of every interest declared in a drawn subject, after checking that the
    declarations are exactly the ones the manifest committed."""
    hash_with = manifest.hash_algorithm
    committed = dict(manifest.interest_tags)  # the inspectors' and (draw-v3) the experts' tags
    if declarations is None:
        if any(committed.values()):
            raise InvalidInputError(
                tr("this draw-v2 manifest commits declared interests, and their declarations were not given"),
                where=tr("draw of {plan_id}", plan_id=manifest.plan_id),
                fix=tr("pass the private declarations commit kept (draw(..., declarations=...), or the command "
                       "line's PLAN_ID.interests.json beside the manifest)"))
        return ()
    unknown = [i for i, _ in declarations.declared if i not in committed]
    if unknown:
        raise InvalidInputError(tr("the declarations name inspector {unknown}, who is not in the manifest",
                                   unknown=unknown[0]),
                                where=tr("draw of {plan_id}", plan_id=manifest.plan_id),
                                fix=tr("give the declarations of this manifest"))
    for pid, tags in committed.items():
        if declarations.tags(pid, hash_with) != tags:
            raise InvalidInputError(tr("the declarations of inspector {pid} are not the interests the manifest "
                                       "committed (their tags differ)", pid=pid),
                                       where=tr("draw of {plan_id}", plan_id=manifest.plan_id),
                                    fix=tr("give the declarations and secret this manifest was committed with"))
    out = []
    for sid in sorted(subjects, key=lambda x: x.encode("utf-8")):
        pairs = declarations.openings(sid, hash_with)
        if pairs:
            out.append((sid, pairs))
    return tuple(out)


def check_conflicts(manifest: Manifest, subjects: Iterable[str], conflicts: Conflicts) -> str | None:
    """draw-v2 §4, what anyone can check of a result's openings: each names a drawn subject, an inspector of
    the manifest (once, in inspector order) and a salt whose tag is among that inspector's committed tags.
    ``None`` if they hold, else the first problem."""
    drawn = set(subjects)
    tags = {pid: frozenset(t) for pid, t in manifest.interest_tags}
    hash_with = manifest.hash_algorithm
    keys = [sid for sid, _ in conflicts]
    if keys != sorted(set(keys), key=lambda x: x.encode("utf-8")):
        return tr("conflicts are not one entry per subject, in subject id order")
    for sid, pairs in conflicts:
        if sid not in drawn:
            return tr("conflicts open an interest in {sid}, which was not drawn", sid=sid)
        ids = [pid for pid, _ in pairs]
        if not ids or ids != sorted(set(ids), key=lambda x: x.encode("utf-8")):
            return tr("the conflicts of {sid} are not one entry per inspector, in inspector id order", sid=sid)
        for pid, salt in pairs:
            if pid not in tags:
                return tr("conflicts of {sid} name {pid}, who is not in the manifest", sid=sid, pid=pid)
            try:
                raw = bytes.fromhex(salt)
            except (TypeError, ValueError):
                return tr("the salt of {pid} for {sid} is not hex", pid=pid, sid=sid)
            if len(raw) != 32 or raw.hex() != salt or interest_tag(raw, pid, sid, hash_with) not in tags[pid]:
                return tr("the opening of {pid} for {sid} matches none of {pid}'s committed interest tags", pid=pid,
                          sid=sid)
    return None


def _shards(shards: int) -> int:
    if not isinstance(shards, int) or isinstance(shards, bool) or shards < 1:
        raise InvalidInputError(tr("shards {shards!r} is not a whole number ≥ 1", shards=shards),
                                where=tr("the draw, shards"),
                                fix=tr("give shards=1 (one process) or the number of processes to hash in"))
    return shards


def draw(manifest: Manifest, public_input: str, declarations: InterestDeclarations | None = None, *,
         shards: int = 1) -> DrawResult:
    """Run the draw (draw-v1, or draw-v2 for a manifest with a structured public input) on a manifest and the
    public input that fixes the seed.

    Args:
        declarations: draw-v2: the private interest declarations and secret the manifest's tags were made
            from (default: the ones the manifest carries in process); not needed when no inspector declared any.
        shards: the number of processes the subjects' tickets are computed in (draw-v1 §10; forked where the
            platform allows): this process and ``shards - 1`` others, each taking a part of the eligible
            subjects. The result is the same bytes for any number.

    Raises:
        InvalidInputError: a public input not in the form the manifest fixed; draw-v2 declarations missing or
            not the ones committed; ``shards`` not a whole number ≥ 1.
        InfeasibleDrawError: more subjects asked than are eligible, or a team that cannot be formed; the
            error names the constraint, the subject and the numbers. Nothing is drawn in part.
    """
    shards = _shards(shards)
    manifest.check_public_input(public_input)
    given = declarations or manifest.declarations
    return _draw(manifest, public_input, lambda subjects: _open(manifest, given, subjects), shards)


def trial_draw(manifest: Manifest, declarations: InterestDeclarations | None = None) -> DrawResult:
    """A draw of the manifest with a stand-in public input that is not checked against its form: whether any
    public input can draw the plan (a team larger than its pool, more subjects than are eligible).

    Raises:
        InfeasibleDrawError, InvalidInputError: as :func:`draw`.
    """
    given = declarations or manifest.declarations
    return _draw(manifest, "trial", lambda subjects: _open(manifest, given, subjects))


Place = tuple[str, str | None]
"""A subject's domain and sector: what its team and checklist items depend on (§7-§8)."""


def _places(manifest: Manifest, kept: KeptTickets) -> list[Place]:
    """The domain and sector of the subjects of the kept tickets, in their order: no entry is made for the
    roster, no Python step is taken per subject, a field of one value in the snapshot is not looked up at all
    (nor the positions read), and subjects of one domain and sector share one tuple (no object the garbage
    collector follows is made per subject: a collection would walk every object the process holds)."""
    columns = manifest.subjects
    domains, sectors = columns.values("domain"), columns.values("sector")
    width = len(sectors)
    if len(domains) > 1 or width > 1:
        positions = kept.positions()
        codes = [map(columns.codes(name).__getitem__, positions) if len(values) > 1 else itertools.repeat(0)
                 for name, values in (("domain", domains), ("sector", sectors))]
        pairs = list(map(operator.add, map(operator.mul, codes[0], itertools.repeat(width)), codes[1]))
    else:
        pairs = [0] * len(kept.tickets)
    # one per pair present (a subject's domain is never null: SubjectEntry)
    shared = {p: (cast(str, domains[p // width]), sectors[p % width]) for p in dict.fromkeys(pairs)}
    return list(map(shared.__getitem__, pairs))


def _draw(manifest: Manifest, public_input: str, opened: Callable[[tuple[str, ...]], Conflicts],
          shards: int = 1) -> DrawResult:
    hash_with = manifest.hash_algorithm
    seed = derive_seed(manifest.hash, public_input, hash_with, manifest.algorithm)
    rules = manifest.rules

    # §6: the eligible subjects and their strata, from the columns' codes (made once per manifest's snapshot),
    # made while the shards, started first, hash their parts (§10)
    with collector_paused(), \
            ShardedPass(manifest.subjects, rules, seed + b"subject\x00", hash_with, shards) as ticket_pass:
        table = selection.eligible_table(manifest.subjects, rules)
        counts = dict(zip(table.keys, table.counts, strict=True))
        values = dict(zip(table.keys, table.values, strict=True)) if rules.sample.ratio_by is not None else {}
        sizes = sample_sizes(manifest, counts, values, seed)
        reserves = {key: min(rules.reserve, counts[key] - sizes[key]) for key in counts}
        needs = [sizes[key] + reserves[key] for key in table.keys]
        bounds = [_threshold(need, counts[key]) for key, need in zip(table.keys, needs, strict=True)]
        lowest = ticket_pass.lowest(table, needs, bounds)

        drawn: list[bytes] = []  # digest ‖ position ‖ id of each drawn subject: sorts as (ticket, id)
        reserve: dict[str, tuple[str, ...]] = {}
        for key, group in zip(table.keys, lowest, strict=True):
            drawn += group[: sizes[key]]
            if reserves[key]:
                reserve[key] = KeptTickets(group[sizes[key]:]).ids()
        drawn.sort()
        kept = KeptTickets(drawn)
        subjects = kept.ids()
        places = _places(manifest, kept)

    conflicts = opened(subjects) if manifest.version >= 2 else ()
    teams = _teams(manifest, seed, subjects, places, interest_map(manifest, conflicts))
    items = _items(manifest, seed, subjects, places)
    strata = tuple(StratumCount(k, counts[k], sizes[k]) for k in sorted(counts, key=lambda k: k.encode("utf-8")))
    return DrawResult(
        manifest.hash, public_input, seed.hex(), strata, subjects,
        tuple(sorted(reserve.items())), teams, items, algorithm=manifest.algorithm, conflicts=conflicts,
    )


class _Pool:
    """The candidates of one department with their loads (§7): per specialty tag (``None``: any), the candidates
    of each load in rank order, so that the one with the smallest (load, rank) is the first of the lowest load
    that fits, and a charge moves one inspector one load up (no stale entry is ever left behind)."""

    def __init__(self, inspectors: list[InspectorEntry], seed: bytes, hash_with: HashAlgorithm,
                 interests: Mapping[str, frozenset[str]]) -> None:
        prefix = _prefix(seed, "inspector", hash_with)
        self.rank: dict[str, bytes] = {}
        for p in inspectors:
            h = prefix.copy()
            h.update(p.id.encode("utf-8"))
            self.rank[p.id] = h.digest()
        self.load = {p.id: 0 for p in inspectors}
        self.interests = {p.id: interests[p.id] for p in inspectors}
        self.tags: dict[str, list[str]] = defaultdict(list)
        for p in inspectors:
            for tag in p.specialties:
                self.tags[tag].append(p.id)
        self.carried: dict[str, tuple[str | None, ...]] = {p.id: (None, *p.specialties) for p in inspectors}
        everyone = sorted((self.rank[i], i) for i in self.load)
        self.levels: dict[str | None, list[list[tuple[bytes, str]]]] = {None: [everyone]}
        for tag, ids in self.tags.items():
            self.levels[tag] = [sorted((self.rank[i], i) for i in ids)]
        self.lowest: dict[str | None, int] = dict.fromkeys(self.levels, 0)

    def take(self, tag: str | None, subject: str, team: list[str]) -> str | None:
        """The candidate with the smallest (load, rank) that carries ``tag`` (any, if None), is not on the team
        and has no interest in the subject."""
        levels = self.levels.get(tag)
        if levels is None:
            return None
        interests = self.interests
        lowest = levels[self.lowest[tag]]
        if lowest and lowest[0][1] not in team and subject not in interests[lowest[0][1]]:
            return lowest[0][1]  # the usual case: the first of the lowest load fits
        for level in itertools.islice(levels, self.lowest[tag], None):
            for _, pid in level:
                if pid not in team and subject not in interests[pid]:
                    return pid
        return None

    def charge(self, pid: str) -> None:
        """One more subject for ``pid``: one load up in the lists of every tag it carries and of any."""
        load = self.load[pid]
        self.load[pid] = load + 1
        entry = (self.rank[pid], pid)
        for tag in self.carried[pid]:
            levels = self.levels[tag]
            level = levels[load]
            del level[bisect.bisect_left(level, entry)]
            if len(levels) == load + 1:
                levels.append([])
            bisect.insort(levels[load + 1], entry)
            while not levels[self.lowest[tag]]:
                self.lowest[tag] += 1


def _rotating_size(subjects: tuple[str, ...], places: Sequence[Place],
                   team_of: Callable[[str, str | None], TeamSpec], pools: Mapping[str | None, _Pool],
                   interests: Mapping[str, frozenset[str]]) -> int | None:
    """The one team size of the drawn subjects' places where their teams are a rotation of the pools
    (:mod:`~random_inspection.sampling.rotation`): no quota asks for a tag, every place asks the same size, at
    least one and within every pool, and no candidate has an interest in a drawn subject; else ``None``."""
    specs = set(itertools.starmap(team_of, set(places)))
    sizes = {spec.size for spec in specs}
    if len(sizes) != 1 or any(k for spec in specs for _, k in spec.quotas):
        return None
    size = sizes.pop()
    if size < 1 or any(size > len(pool.load) for pool in pools.values()):
        return None  # the step-by-step way names what is missing
    held = frozenset().union(*(interests[pid] for pool in pools.values() for pid in pool.load))
    return size if held.isdisjoint(subjects) else None


def _teams(
    manifest: Manifest, seed: bytes, subjects: tuple[str, ...], places: Sequence[Place],
    interests: Mapping[str, frozenset[str]],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each drawn subject's team (§7), where ``places`` are the subjects' domains and sectors, in order."""
    rules = manifest.rules
    departments = rules.departments or (None,)
    eligible_people = manifest.eligible_inspectors
    pools = {
        d: _Pool([p for p in manifest.inspectors
                  if p.id in eligible_people and (d is None or p.department == d)], seed,
                 manifest.hash_algorithm, interests)
        for d in departments
    }
    team_of = team_rule(rules)
    size = _rotating_size(subjects, places, team_of, pools, interests)
    if size is not None:  # nothing but the loads decides: the pools in rank order, round and round
        return rotated_teams(subjects, size, [[pid for _, pid in pool.levels[None][0]] for pool in pools.values()])
    steps_at: dict[Place, list[str | None]] = {}  # per domain and sector, the rule's steps
    teams = []
    for sid, place in zip(subjects, places, strict=True):
        steps = steps_at.get(place)
        if steps is None:
            spec = team_of(*place)
            steps = steps_at[place] = [*itertools.chain.from_iterable([tag] * k for tag, k in spec.quotas)]
            steps += [None] * (spec.size - len(steps))
        team: list[str] = []
        for d in departments:
            pool = pools[d]
            start = len(team)
            for tag in steps:
                pid = pool.take(tag, sid, team)
                if pid is None:
                    members = team[start:]
                    team = team[:start]
                    carrying = len(pool.tags.get(tag, [])) if tag else len(pool.load)
                    free = sum(1 for p in (pool.tags.get(tag, []) if tag else pool.load)
                               if sid not in pool.interests[p] and p not in team + members)
                    what = (tr("an inspector tagged {tag} of department {department}", tag=tag, department=d)
                            if tag and d else tr("an inspector tagged {tag}", tag=tag) if tag
                            else tr("another inspector of department {department}", department=d) if d
                            else tr("another inspector"))
                    raise InfeasibleDrawError(
                        tr("subject {sid} needs {what}: {carrying} eligible, {free} free of interests and "
                           "not already on its team", sid=sid, what=what, carrying=carrying, free=free),
                        where=tr("the draw, teams"),
                        fix=tr("add eligible inspectors to the pool, or change the team rule of the plan"),
                    )
                team.append(pid)
            for pid in team[start:]:
                pool.charge(pid)
        teams.append((sid, tuple(team)))
    return tuple(teams)


def _items(
    manifest: Manifest, seed: bytes, subjects: tuple[str, ...], places: Sequence[Place]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each drawn subject's checklist items (§8), where ``places`` are the subjects' domains and sectors, in
    order."""
    rules = manifest.rules
    hash_with = manifest.hash_algorithm
    departments = set(rules.departments)
    result = []
    of_domain: dict[str, list[str]] = {}
    for sid, (domain, _) in zip(subjects, places, strict=True):
        if domain not in of_domain:
            of_domain[domain] = [
                c.code for c in manifest.checklist
                if (not departments or c.department in departments) and (not c.domains or domain in c.domains)
            ]
        codes = of_domain[domain]
        if rules.items is not None:
            codes = sorted(codes, key=lambda code: ticket(seed, "item", f"{sid}|{code}", hash_with))[: rules.items]
        result.append((sid, tuple(codes)))
    return tuple(result)


def _claim(claimed: dict[str, Any]) -> tuple[str, list[Recusal], Conflicts]:
    """A published result's public input, recusal requests (spec §9) and, for draw-v2, its opened conflicts.

    Raises:
        DataError: a result that cannot be read.
    """
    try:
        requests = [Recusal(r["subject"], r["inspector"], r["method"], r["reason"]) for r in claimed["recusals"]]
        conflicts: Conflicts = ()
        if str(claimed.get("algorithm", "")).startswith(("draw-v2", "draw-v3")):
            conflicts = tuple(
                (str(sid), tuple((str(pid), str(salt)) for pid, salt in pairs))
                for sid, pairs in sorted(claimed["conflicts"].items(), key=lambda kv: str(kv[0]).encode("utf-8"))
            )
        return claimed["public_input"], requests, conflicts
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataError(tr("cannot read the draw result"), [Issue("$", tr("{name}: {exc}", name=type(exc).__name__,
                                                                      exc=exc))],
                        fix=tr("give the result exactly as published (docs/spec/draw-v1.md §9, "
                               "draw-v2.md §5)")) from exc


def _claimed_opener(manifest: Manifest, conflicts: Conflicts) -> Callable[[tuple[str, ...]], Conflicts]:
    def opened(subjects: tuple[str, ...]) -> Conflicts:
        problem = check_conflicts(manifest, subjects, conflicts)
        if problem is not None:
            raise InvalidInputError(problem,
                                    where=tr("draw of plan {plan_id}, conflicts of interest", plan_id=manifest.plan_id),
                                    fix=tr("open only interests committed in the manifest, for drawn subjects"))
        return conflicts
    return opened


def rerun(manifest: Manifest, result: dict[str, Any]) -> DrawResult:
    """The draw a published ``result`` claims, made again from the manifest: its public input, for draw-v2 its
    opened conflicts (each checked against the committed tags), then its recusals in order. :func:`verify`
    compares the two and names the first difference.

    Raises:
        DataError: a result that cannot be read.
        InvalidInputError, InfeasibleDrawError: a public input, an opening or a recusal the manifest does not
            allow.
    """
    public_input, requests, conflicts = _claim(result)
    manifest.check_public_input(public_input)
    again = _draw(manifest, public_input, _claimed_opener(manifest, conflicts))
    return recuse(manifest, again, requests)


def verify(manifest: Manifest, result: DrawResult | dict[str, Any], *, shards: int = 1) -> str | None:
    """Re-run the draw from the manifest and the result's public input (for draw-v2, with the result's opened
    conflicts, each checked against the committed tags), then its recusals in order; ``None`` if identical,
    else the first field that differs (``"algorithm"``, ``"manifest_hash"``, ``"public_input"``,
    ``"conflicts"``, ``"seed"``, ``"subjects"``, ...). A result of another algorithm or manifest is refused
    before anything is re-run. Needs only the public manifest and result, never the private declarations.
    ``shards`` splits the re-run's ticket pass over processes, as :func:`draw`'s does.

    Raises:
        DataError: a result that cannot be read.
        InvalidInputError: ``shards`` not a whole number ≥ 1.
    """
    shards = _shards(shards)
    with collector_paused():  # the re-run and the comparison make no cycle: the collector need not walk them
        return _verify(manifest, result, shards)


def _verify(manifest: Manifest, result: DrawResult | dict[str, Any], shards: int) -> str | None:
    claimed = _claim_of(result) if isinstance(result, DrawResult) else result
    if claimed.get("algorithm") != manifest.algorithm:
        _claim({**claimed, "conflicts": {}})  # a result that cannot be read is refused as such first
        return "algorithm"
    public_input, requests, conflicts = _claim(claimed)
    if claimed.get("manifest_hash") != manifest.hash:
        return "manifest_hash"
    try:
        manifest.check_public_input(public_input)
    except InvalidInputError:
        return "public_input"
    try:
        again_result = _draw(manifest, public_input, _claimed_opener(manifest, conflicts), shards)
    except InvalidInputError:
        return "conflicts"
    try:
        again = recuse(manifest, again_result, requests)
    except (InfeasibleDrawError, InvalidInputError):
        return "recusals"
    fields = ["algorithm", "manifest_hash", "seed", "strata", "subjects", "reserve", "teams", "items", "recusals"]
    if manifest.version >= 2:
        fields.insert(5, "conflicts")
    if isinstance(result, DrawResult):  # both in process: compared as their JSON would be, without writing it
        return next((f for f in fields if _comparable(result, f) != _comparable(again, f)), None)
    return next((f for f in fields if _differs(claimed.get(f, _ABSENT), again, f)), None)


_KEYED = frozenset({"reserve", "teams", "items", "conflicts"})
"""The result's fields §9 writes as JSON objects (compared whatever their order); the others are lists or texts."""


_ABSENT = object()
"""A field missing from a claimed result: equal to nothing the re-run holds (as ``None`` before it)."""


def _differs(claimed: Any, again: DrawResult, field: str) -> bool:
    """Whether a claimed result's ``field`` (as read from its JSON) differs from the re-run's field as
    :meth:`DrawResult.to_json` writes it, compared without writing that JSON: the subjects as the list they
    would become, the reserve, teams and items key by key (each value as the list it would become, one at a
    time), the small fields through their JSON."""
    if field == "subjects":
        return bool(claimed != list(again.subjects))
    if field in _KEYED and field != "conflicts":
        pairs: tuple[tuple[str, tuple[str, ...]], ...] = getattr(again, field)
        keys = [key for key, _ in pairs]
        if type(claimed) is not dict or len(set(keys)) != len(keys):  # as the JSON object would compare
            return bool(claimed != {key: list(value) for key, value in pairs})
        if len(claimed) != len(pairs):
            return True
        found = map(claimed.get, keys, itertools.repeat(_ABSENT))
        return not all(map(operator.eq, found, map(list, map(_SECOND, pairs))))
    if field in ("algorithm", "manifest_hash", "seed"):
        return bool(claimed != getattr(again, field))
    return bool(claimed != _json_field(again, field))


_SECOND = operator.itemgetter(1)


def _json_field(result: DrawResult, field: str) -> Any:
    """One of the small fields of a result's §9 JSON (``strata``, ``recusals``, ``conflicts``)."""
    if field == "strata":
        return [{"key": s.key, "eligible": s.eligible, "drawn": s.drawn} for s in result.strata]
    if field == "recusals":
        return result.recusals_json()
    return result.conflicts_json()


def _comparable(result: DrawResult, field: str) -> Any:
    """A field of an in-process result, so that two compare equal exactly when their §9 JSON does."""
    value = getattr(result, field)
    return dict(value) if field in _KEYED else value


def _claim_of(result: DrawResult) -> dict[str, Any]:
    """What :func:`verify` reads of a claimed result before re-running it (:func:`_claim`), without the JSON of
    its subjects, teams and items."""
    return {"algorithm": result.algorithm, "manifest_hash": result.manifest_hash,
            "public_input": result.public_input, "recusals": result.recusals_json(),
            "conflicts": result.conflicts_json()}


def audit_interests(manifest: Manifest, result: DrawResult | dict[str, Any],
                    declarations: InterestDeclarations) -> tuple[Issue, ...]:
    """The auditor's check of a draw-v2 result against the private declarations and secret (draw-v2 §4.4),
    which the public cannot make: that the manifest committed exactly the declared interests, that the result
    opened every interest declared in a drawn subject and no other, and that the teams are those of the draw
    with every declaration. Empty if all holds; else each problem, naming the inspector and subject.

    Raises:
        InvalidInputError: a draw-v1 manifest (its interests are public: :func:`verify` checks them).
    """
    if manifest.version < 2:
        raise InvalidInputError(tr("a draw-v1 manifest publishes its interests: verify() checks them"),
                                where=tr("the audit of interests"), fix=tr("audit draw-v2 results only"))
    claimed = result.to_json() if isinstance(result, DrawResult) else result
    hash_with = manifest.hash_algorithm
    issues: list[Issue] = []
    for pid, committed in manifest.interest_tags:
        if declarations.tags(pid, hash_with) != committed:
            issues.append(Issue(tr("inspector {id}", id=pid), tr("declared {of_count} interests, the manifest commits "
                                                       "{committed_count} tags that are not theirs",
                                                       of_count=len(declarations.of(pid)),
                                                       committed_count=len(committed))))
    known = {pid for pid, _ in manifest.interest_tags}
    issues += [Issue(tr("inspector {id}", id=i), tr("declared interests but is not in the manifest"))
               for i, _ in declarations.declared if i not in known]
    public_input, requests, conflicts = _claim(claimed)
    subjects = tuple(claimed.get("subjects", ()))
    expected = {sid: pairs for sid in subjects if (pairs := declarations.openings(sid, hash_with))}
    opened = dict(conflicts)
    for sid in sorted(set(expected) | set(opened), key=lambda x: x.encode("utf-8")):
        want, got = dict(expected.get(sid, ())), dict(opened.get(sid, ()))
        place = tr("subject {uscc}", uscc=sid)
        issues += [Issue(place, tr("the interest of {pid} is not opened: {pid} may serve on its team", pid=pid))
                   for pid in sorted(set(want) - set(got))]
        issues += [Issue(place, tr("an interest of {pid} is opened that was not declared", pid=pid))
                   for pid in sorted(set(got) - set(want))]
        issues += [Issue(place, tr("the salt opened for {pid} is not the one the secret gives", pid=pid))
                   for pid in sorted(set(want) & set(got)) if want[pid] != got[pid]]
    if not issues:
        try:
            full = recuse(manifest, draw(manifest, public_input, declarations), requests).to_json()
        except (InfeasibleDrawError, InvalidInputError) as exc:
            issues.append(Issue("$", tr("the draw with every declaration fails: {what}", what=exc.what)))
        else:
            issues += [Issue(field, tr("differs from the draw with every declaration"))
                       for field in ("subjects", "conflicts", "teams", "recusals") if claimed.get(field) != full[field]]
    return tuple(issues)
