"""A draw made on a provincial platform (an *external draw*). The sources say the dice are thrown there, not
here: 许昌 第七条 (国家企业信用信息公示系统—河南省双随机监管工作平台), 偃师 四.1 (省信用信息系统),
石家庄 二(三) (双随机监管工作平台), 鹤壁 五(一) (市“双随机、一公开”监管平台), 冷水滩 第十三条 (省双随机平台).

The library cannot re-run the platform's draw: it records what the platform's export said — the platform, the task
number (任务编号), the SHA-256 of the export file, the draw time, the subjects and each one's inspectors — in an
``external_draw`` ledger entry, signed like every entry, public on the ledger listing and on the disclosure. From
then on the plan's draw in force is that one (``store.inforce``): results, duties, forms and disclosure run on it
as on a local draw. What the store checks (``verify`` checks again what the ledger alone can tell,
:func:`check_external_entries`, and the rest only with the committed manifest, :func:`recheck`):

* the draw is of the plan's latest committed manifest, and was made after that commit (the rosters were fixed
  before the platform drew);
* every subject and inspector is one of the committed manifest (:func:`manifest_problems`); what the manifest
  says makes one ineligible (not in existence, over its yearly cap, 执法证 not valid for the window, not active, a
  declared interest, a team, a sample or a stratum of another size) is a *finding* (:func:`findings`), recorded
  only when the bureau accepts it, and then published with the draw; the private declarations are required where
  the manifest carries interest tags (:func:`check_declarations`);
* one export (its file, or its platform and task) is one plan's; a task other than the one the commit announced
  (``platform_task``) carries its reason;
* a second import for the same plan is a redraw: refused without a reason, else a ``redraw`` entry naming the draw
  it sets aside comes first (as for a local draw).

Format ``external-draw-v1`` (the entry's ``format``); docs/platforms.md describes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from random_inspection.errors import InfeasibleDrawError, InvalidInputError
from random_inspection.messages import tr
from random_inspection.sampling import DrawResult, InterestDeclarations, Manifest
from random_inspection.sampling.engine import _open, eligible, sample_sizes, stratum_key
from random_inspection.sampling.manifest import SubjectEntry
from random_inspection.store.ledger import Entry, EntryKind

__all__ = [
    "EXTERNAL_ALGORITHM", "EXTERNAL_FORMAT", "ExternalDraw", "as_result", "check_declarations",
    "check_external_entries", "external_problem", "findings", "is_external", "manifest_problems", "public_name",
    "recheck", "set_aside", "size_finding",
]

EXTERNAL_FORMAT = "external-draw-v1"
"""The format of an ``external_draw`` entry's payload."""

EXTERNAL_ALGORITHM = "external-draw-v1"
"""The ``algorithm`` a draw in force made on a platform names (it cannot be re-run: ``verify`` has no seed)."""

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


@attrs.frozen
class ExternalDraw:
    """A platform's draw of one task, as its export file gives it (``io.platform`` reads one).

    Attributes:
        platform: the platform's name, in the profile's words (``plan.platform``).
        task: the platform's task number (任务编号).
        file_name, file_sha256: the export file's name and the SHA-256 (hex) of its bytes.
        drawn_at: when the platform drew (ISO 8601 with its offset).
        subjects: the subjects drawn (统一社会信用代码), in the file's order.
        teams: each subject's inspectors (ids of the committed roster), in the file's order.
        items: each subject's checklist items (the plan's, where the file names none).
    """

    platform: str
    task: str
    file_name: str
    file_sha256: str
    drawn_at: str
    subjects: tuple[str, ...]
    teams: tuple[tuple[str, tuple[str, ...]], ...]
    items: tuple[tuple[str, tuple[str, ...]], ...]

    def payload(self, manifest_hash: str, found: Sequence[str] = ()) -> dict[str, Any]:
        """The ``external_draw`` entry's payload (``found``: the findings the bureau accepted, published)."""
        return {"format": EXTERNAL_FORMAT, "platform": self.platform, "task": self.task,
                "file": {"name": public_name(self.file_name), "sha256": self.file_sha256},
                "drawn_at": self.drawn_at,
                "manifest_hash": manifest_hash, "subjects": list(self.subjects),
                "teams": {s: list(t) for s, t in self.teams}, "items": {s: list(i) for s, i in self.items},
                "findings": list(found)}


_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")


def public_name(file_name: str) -> str:
    """The export file's name as the ledger and the disclosure give it: 平台导出 and the file's kind, never the
    bureau's own name for the file (free text: ``张三家住解放路8号.csv`` would publish personal data). The file is
    identified by its SHA-256."""
    suffix = file_name[file_name.rfind("."):].lower() if "." in file_name else ""
    return "平台导出" + (suffix if suffix in _SUFFIXES else "")


def is_external(drawn: Mapping[str, Any] | None) -> bool:
    """Whether a draw in force (``InForce.draw``) was made on a platform."""
    return drawn is not None and drawn.get("algorithm") == EXTERNAL_ALGORITHM


def in_force(payload: Mapping[str, Any]) -> dict[str, Any]:
    """An ``external_draw`` payload as a draw in force (draw-v1 §9 JSON, :class:`DrawResult`'s keys): the public
    input names the platform and the task, the seed is the export file's SHA-256, with ``external`` besides."""
    return {"algorithm": EXTERNAL_ALGORITHM, "manifest_hash": payload["manifest_hash"],
            "public_input": f"{payload['platform']} 任务编号 {payload['task']}",
            "seed": payload["file"]["sha256"], "strata": [], "subjects": list(payload["subjects"]), "reserve": {},
            "teams": {s: list(t) for s, t in payload["teams"].items()},
            "items": {s: list(i) for s, i in payload["items"].items()}, "recusals": [],
            "external": {"platform": payload["platform"], "task": payload["task"], "file": dict(payload["file"]),
                         "drawn_at": payload["drawn_at"], "findings": list(payload.get("findings", [])),
                         "announced_task": payload.get("announced_task"), "task_reason": payload.get("reason")}}


def as_result(drawn: Mapping[str, Any]) -> DrawResult:
    """A draw in force made on a platform as a :class:`DrawResult` (for the forms, tables and disclosure)."""
    return DrawResult.from_json(drawn)


def set_aside(entry: Entry) -> dict[str, Any]:
    """What a redraw records of the draw it sets aside (entry ``entry``, local or external)."""
    p = entry.payload
    if entry.kind is EntryKind.EXTERNAL_DRAW:
        return {"manifest_hash": p["manifest_hash"], "platform": p["platform"], "task": p["task"],
                "file_sha256": p["file"]["sha256"], "entry": entry.seq}
    return {"manifest_hash": p["manifest_hash"], "seed": p["seed"], "public_input": p["public_input"],
            "entry": entry.seq}


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def external_problem(payload: Any) -> str | None:
    """What is wrong with an ``external_draw`` payload's form, or ``None``: the format, a platform and a task
    number, a file hash, a draw time with its offset, subjects each with a team and items, no subject twice."""
    if not isinstance(payload, dict) or payload.get("format") != EXTERNAL_FORMAT:
        return f"its payload is not {EXTERNAL_FORMAT}"
    for key in ("platform", "task", "manifest_hash", "drawn_at"):
        if not isinstance(payload.get(key), str) or not payload[key].strip():
            return f"it names no {key}"
    file = payload.get("file")
    if not isinstance(file, dict) or not isinstance(file.get("sha256"), str) or not _HEX64.match(file["sha256"]):
        return "it names no SHA-256 of the export file"
    if _moment(payload["drawn_at"]) is None:
        return f"its draw time {payload['drawn_at']!r} is not an ISO 8601 time with its offset"
    subjects, teams, items = payload.get("subjects"), payload.get("teams"), payload.get("items")
    if not _texts(subjects) or not subjects or len(set(subjects)) != len(subjects):
        return "its subjects are not a list of distinct codes"
    if not isinstance(teams, dict) or set(teams) != set(subjects) or not all(
            _texts(t) and t and len(set(t)) == len(t) for t in teams.values()):
        return "its teams are not one list of distinct inspectors for each subject"
    if not isinstance(items, dict) or set(items) != set(subjects) or not all(_texts(i) for i in items.values()):
        return "its items are not one list for each subject"
    if not _texts(payload.get("findings", [])):
        return "its findings are not a list of texts"
    return None


def manifest_problems(draw: ExternalDraw, manifest: Manifest) -> list[str]:
    """Why ``draw`` cannot be a draw of ``manifest`` at all: a subject or inspector that is not in its committed
    rosters, a checklist item that is not in its checklist, a subject without a team."""
    subjects = {s.id for s in manifest.subjects}
    inspectors = {p.id for p in manifest.inspectors}
    codes = {c.code for c in manifest.checklist}
    out = [f"subject {s} is not in the committed rosters (manifest {manifest.hash[:12]}…)"
           for s in draw.subjects if s not in subjects]
    teams = dict(draw.teams)
    for s in draw.subjects:
        if not teams.get(s):
            out.append(f"subject {s} has no inspectors")
        out += [f"inspector {p} of subject {s} is not in the committed rosters" for p in teams.get(s, ())
                if p not in inspectors]
    out += [f"item {c} of subject {s} is not in the committed checklist" for s, i in draw.items for c in i
            if c not in codes]
    return out


def _why_not(entry: SubjectEntry, manifest: Manifest) -> str:
    if not entry.in_existence:
        return "not in existence"
    cap = manifest.rules.cap_for(entry.credit_risk)
    if cap is not None and not entry.exempt and entry.history >= cap:
        return f"inspected {entry.history} times this year, the yearly cap is {cap}"
    return "outside the plan's conditions"


def check_declarations(draw: ExternalDraw, manifest: Manifest, declarations: InterestDeclarations | None) -> None:
    """draw-v2 §4, as ``draw`` and ``recuse`` check it: where the committed manifest carries any interest tag, the
    private ``declarations`` must be given and be exactly those the tags were made from; without them the interest
    findings would be silently empty.

    Raises:
        InvalidInputError: the manifest carries interest tags and no declarations are given, or declarations that
            are not the ones committed (naming the inspector whose tags differ).
    """
    where = tr("the platform\'s draw of plan {plan_id} ({file})", plan_id=manifest.plan_id, file=draw.file_name)
    if declarations is None:
        if any(tags for _, tags in manifest.interest_tags):
            raise InvalidInputError(
                tr("the committed manifest carries interest tags (利害关系 declared at commit) and the private "
                   "declarations file was not given or does not exist: an inspector drawn for a subject they "
                   "declared an interest in could not be found"), where=where,
                fix=tr("give --declarations with the PLAN_ID.interests.json commit wrote (default: beside the "
                       "manifest)"))
        return
    try:
        _open(manifest, declarations, draw.subjects)
    except InvalidInputError as exc:
        raise InvalidInputError(exc.what, where=where, fix=exc.fix) from None


def size_finding(drawn: int, sample: int) -> str:
    """The finding of a draw of ``drawn`` subjects where the plan's sample is ``sample`` (the commit entry's
    ``sample_size``): ``verify`` looks for exactly this text."""
    return f"the platform drew {drawn} subjects, the plan's sample is {sample} (draw-v1 §6)"


def _size_findings(draw: ExternalDraw, manifest: Manifest) -> list[str]:
    """draw-v1/v2 §6 sizes against the platform's draw: the whole sample, and each stratum's ``n_h`` (which the
    allocation's tie-break may raise by one: a stratum's count is then either)."""
    rules = manifest.rules
    live = [s for s in manifest.subjects if eligible(s, manifest)]
    keys = [stratum_key(s, rules.strata) for s in live]
    counts: dict[str, int] = {}
    values: dict[str, str] = {}
    for s, key in zip(live, keys, strict=True):
        counts[key] = counts.get(key, 0) + 1
        if rules.sample.ratio_by is not None:
            values.setdefault(key, s.field(rules.sample.ratio_by) or "")
    try:
        sizes = sample_sizes(manifest, counts, values, bytes(32))
    except InfeasibleDrawError:
        sizes = dict(counts)  # more asked than eligible: every eligible subject
    total = sum(counts.values())
    n = sum(sizes.values())
    out = [size_finding(len(draw.subjects), n)] if len(draw.subjects) != n else []
    by_id = {s.id: key for s, key in zip(live, keys, strict=True)}
    drawn: dict[str, int] = {}
    for sid in draw.subjects:
        if sid in by_id:
            drawn[by_id[sid]] = drawn.get(by_id[sid], 0) + 1
    for key in sorted(set(counts) | set(drawn), key=lambda k: k.encode("utf-8")):
        got, size = drawn.get(key, 0), sizes.get(key, 0)
        low, high = size, size
        if rules.sample.ratios == () and total and n < total:  # a count or one ratio: allocated, ties by the seed
            low = n * counts.get(key, 0) // total
            high = low + (1 if n * counts.get(key, 0) % total else 0)
        if not low <= got <= high:
            want = str(low) if low == high else f"{low} or {high}"
            out.append(f"stratum {key or '（空）'}: the platform drew {got} subjects, the plan's sample there is "
                       f"{want} (of {counts.get(key, 0)} eligible)")
    return out


def findings(draw: ExternalDraw, manifest: Manifest, declarations: InterestDeclarations | None = None) -> list[str]:
    """What the committed manifest says against the platform's draw, each in words: a subject not eligible
    (draw-v1 §6: not in existence, outside the plan's conditions, over its yearly cap), an inspector not eligible
    (§7: not active, 执法证 not valid on every day of the window, of a unit the rules leave out), an inspector of
    another department than the plan's, a team of another size than the plan's, an inspector who declared an
    interest (利害关系) in the subject (with the private ``declarations``, :func:`check_declarations` first), more
    or fewer subjects than the plan's sample, or than a stratum's ``n_h`` (§6)."""
    by_id = {s.id: s for s in manifest.subjects}
    people = {p.id: p for p in manifest.inspectors}
    allowed = manifest.eligible_inspectors
    departments = set(manifest.rules.departments)
    out: list[str] = _size_findings(draw, manifest)
    for s in draw.subjects:
        entry = by_id.get(s)
        if entry is not None and not eligible(entry, manifest):
            out.append(f"subject {s} is not eligible ({_why_not(entry, manifest)})")
    for s, team in draw.teams:
        entry = by_id.get(s)
        size = (manifest.rules.team_for(entry.domain, entry.sector) if entry else manifest.rules.team).size
        if len(team) != size:
            out.append(f"subject {s} has a team of {len(team)}, the plan's team is {size}")
        for p in team:
            person = people.get(p)
            if person is None:
                continue
            if p not in allowed:
                out.append(f"inspector {p} of subject {s} is not eligible (not active, 执法证 not valid from "
                           f"{manifest.window[0].isoformat()} to {manifest.window[1].isoformat()}, or of a unit "
                           "the plan leaves out)")
            if departments and person.department not in departments:
                out.append(f"inspector {p} of subject {s} is of department {person.department}, not the plan's")
            if declarations is not None and s in declarations.of(p):
                out.append(f"inspector {p} declared an interest (利害关系) in subject {s}")
    return out


def recheck(payload: Mapping[str, Any], manifest: Manifest) -> str | None:
    """An ``external_draw`` payload against the committed ``manifest`` it names (``verify --manifest``): no subject,
    inspector or item outside it (:func:`manifest_problems`), and every finding the manifest gives
    (:func:`findings`, without the private declarations: an interest is not re-checked) among those recorded.
    ``None`` if it holds, else why not."""
    draw = ExternalDraw(payload["platform"], payload["task"], payload["file"].get("name", ""),
                        payload["file"]["sha256"], payload["drawn_at"], tuple(payload["subjects"]),
                        tuple((s, tuple(payload["teams"][s])) for s in payload["subjects"]),
                        tuple((s, tuple(payload["items"][s])) for s in payload["subjects"]))
    wrong = manifest_problems(draw, manifest)
    if wrong:
        return f"it is not a draw of its committed manifest: {'; '.join(wrong)}"
    recorded = set(payload.get("findings", []))
    missing = [f for f in findings(draw, manifest) if f not in recorded]
    if missing:
        return f"its recorded findings leave out what the committed manifest says: {'; '.join(missing)}"
    return None


def check_external_entries(entries: Iterable[Entry],
                           manifests: Mapping[str, Manifest] | None = None) -> tuple[int, str] | None:
    """Re-check every ``external_draw`` entry against the ledger alone (``verify``): its form
    (:func:`external_problem`); that it draws the manifest of its plan's latest commit before it, made after that
    commit's time; that where it draws another number of subjects than the commit's ``sample_size`` it records
    that finding (:func:`size_finding`); that no other plan's draw was imported from the same task of the same
    platform or the same file; and that a draw after another draw of the plan (a platform's after any, a local one
    after a platform's) comes right after the ``redraw`` entry that sets the earlier one aside. With
    ``manifests`` (the committed manifests by hash), an entry whose manifest is among them is re-checked against
    it (:func:`recheck`). ``entries``: the ledger's entries of the kinds ``plan_committed``, ``draw_executed``,
    ``external_draw`` and ``redraw``, in ledger order. Returns the first entry that fails, with why."""
    last: dict[str | None, Entry] = {}
    commits: dict[str | None, Entry] = {}
    drawn: set[str | None] = set()
    external: set[str | None] = set()
    exports: dict[tuple[str, str], tuple[str | None, int]] = {}
    for e in entries:
        plan = e.plan_id
        if e.kind is EntryKind.EXTERNAL_DRAW:
            problem = external_problem(e.payload)
            if problem is not None:
                return e.seq, problem
            commit = commits.get(plan)
            if commit is None or commit.payload.get("manifest_hash") != e.payload["manifest_hash"]:
                return e.seq, "it draws a manifest that is not its plan's latest committed one"
            when, committed = _moment(e.payload["drawn_at"]), _moment(commit.at or "")
            if when is not None and committed is not None and when <= committed:
                return e.seq, (f"the platform drew at {e.payload['drawn_at']}, not after the commit of entry "
                               f"{commit.seq} ({commit.at}): the rosters were not fixed before the draw")
            announced = commit.payload.get("platform_task")
            if e.payload.get("announced_task") != announced:
                return e.seq, (f"it says the task announced at commit was {e.payload.get('announced_task')}, the "
                               f"commit of entry {commit.seq} announced {announced}")
            if announced is not None and e.payload["task"] != announced and not e.payload.get("reason"):
                return e.seq, (f"it imports task {e.payload['task']}, the commit of entry {commit.seq} announced "
                               f"task {announced}, and it gives no reason")
            sample = commit.payload.get("sample_size")
            count = len(e.payload["subjects"])
            if isinstance(sample, int) and count != sample and \
                    size_finding(count, sample) not in e.payload.get("findings", []):
                return e.seq, (f"it draws {count} subjects, the commit of entry {commit.seq} records a sample of "
                               f"{sample}, and the entry records no such finding")
            for key in (("task", f"{e.payload['platform']}\x00{e.payload['task']}"),
                        ("file", e.payload["file"]["sha256"])):
                other = exports.setdefault(key, (plan, e.seq))
                if other[0] != plan:
                    what = "task" if key[0] == "task" else "export file"
                    return e.seq, (f"the same {what} was imported for plan {other[0]} (entry {other[1]}): one "
                                   "platform draw is one plan's")
            if manifests is not None and e.payload["manifest_hash"] in manifests:
                problem = recheck(e.payload, manifests[e.payload["manifest_hash"]])
                if problem is not None:
                    return e.seq, problem
        if e.kind in (EntryKind.EXTERNAL_DRAW, EntryKind.DRAW_EXECUTED):
            previous = last.get(plan)
            if plan in drawn and (e.kind is EntryKind.EXTERNAL_DRAW or plan in external) and (
                    previous is None or previous.kind is not EntryKind.REDRAW):
                return e.seq, "it draws a plan drawn before without a redraw entry giving the reason"
            drawn.add(plan)
            if e.kind is EntryKind.EXTERNAL_DRAW:
                external.add(plan)
        if e.kind is EntryKind.PLAN_COMMITTED:
            commits[plan] = e
        last[plan] = e
    return None
