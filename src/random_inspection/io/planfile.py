"""A plan file: one TOML file naming a 抽查工作方案's profile, window, rosters and draw options, so that the
command line's steps (check, commit, draw, record, export) all work from the same description.

```toml
plan_id = "XC-2026-12"
profile = "xuchang"
departments = ["yjj"]            # the first leads a joint plan
window = ["2026-12-01", "2026-12-31"]
hash = "sha256"                  # the draw's hash: "sha256", or "sm3" for 国密 deployments

[public_input]                   # draw-v2 (docs/spec/draw-v2.md §3): what, when, and one field per die
source = "四枚骰子当众投掷，依次记录点数，地点：局一楼大厅，纪检监察室见证"
produced_at = "2026-11-30T09:30:00+08:00"
fields = [{name = "die1", type = "digits", length = 1, alphabet = "123456"},
          {name = "die2", type = "digits", length = 1, alphabet = "123456"},
          {name = "die3", type = "digits", length = 1, alphabet = "123456"},
          {name = "die4", type = "digits", length = 1, alphabet = "123456"}]

[rosters]                        # paths relative to this file
subjects = "rosters/subjects.xlsx"
inspectors = "rosters/inspectors.xlsx"
checklist = "rosters/checklist.csv"
department = "yjj"               # for rows that name no department

[draw]
team_size = 2
items = 3                        # checklist items per subject; leave out for every applicable item
count = 5                        # or ratio = "1/10"; leave both out for the profile's own
reserve = 1
# units = ["工贸行业安全监督管理科", "综合行政执法大队"]   # the bureau's names of the units its profile draws from

[department_names]               # the names the forms and the disclosure show
yjj = "许昌市应急管理局"

[periods]                        # a period for a duty whose source sets none, by obligation key
followup = "20个工作日"           # (石家庄 二(三)、三(二): the 后续处理 of a problem found, no period of its own)

[[departure]]                    # only from a rule the source words as a default (原则上, 一般, 可以)
key = "frequency.yearly_cap"     # recorded with the commit, on the pre-draw notice and the disclosure
value = "不适用年度4次上限"
reason = "本方案为事故隐患复查，经局务会研究同意"

[recusal]                        # with an expert roster: the way every recusal takes, fixed before the dice
way = "swap"                     # "swap" (交换被检查对象) or "replace" (不参与本次执法检查), 冷水滩 第十四条

[[expert]]                       # only where the profile allows a swap with an expert (冷水滩 第十四条)
id = "ZJ-01"                     # committed in the manifest (draw-v3); the name is never published
name = "张某"                     # committed with id_number by a salted tag: a later roster must match
id_number = ""                   # 身份证号, where given
specialties = ["非煤矿山"]
interests = []                   # 统一社会信用代码 of subjects the expert has an interest in (committed by tags)
```

A plan file of draw-v1 (``seed_source`` and ``public_input_format`` instead of ``[public_input]``) is still read,
so that the draws published under it can be verified; ``commit`` refuses it (:func:`legacy_rewrite` says how to
rewrite it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from random_inspection.errors import DataError, InvalidInputError, Issue, ProfileError
from random_inspection.io.rosters import ImportResult, RosterError, RosterKind, RosterProblem, import_roster
from random_inspection.io.tomlfile import read_toml
from random_inspection.messages import tr
from random_inspection.model import ChecklistItem, Expert, Inspector, Subject
from random_inspection.profiles import Departure, ProfileRegistry, ResolvedProfile
from random_inspection.sampling import HASH_NAMES, RECUSAL_WAYS, Manifest, PublicInputSpec, build_manifest
from random_inspection.timelimits import Period, parse_period
from random_inspection.workflow import (
    DrawPool,
    InspectionPlan,
    PoolScreen,
    draw_rules,
    industry_teams,
    plan_units,
    screen_inspectors,
)

__all__ = ["PlanFile", "Rosters", "legacy_rewrite", "load_plan_file"]

_TOP = {"plan_id", "profile", "departments", "window", "seed_source", "public_input_format", "public_input",
        "rosters", "draw", "credit_risk_based", "department_names", "hash", "departure", "periods", "expert",
        "recusal"}
_EXPERT = {"id", "name", "id_number", "specialties", "interests"}
_ROSTERS = {"subjects", "inspectors", "checklist", "department", "encoding"}
_DRAW = {"team_size", "items", "count", "ratio", "reserve", "units"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@attrs.frozen
class Rosters:
    """The three rosters a plan draws from, read."""

    subjects: tuple[Subject, ...]
    inspectors: tuple[Inspector, ...]
    checklist: tuple[ChecklistItem, ...]
    imports: tuple[ImportResult[Any], ...]


@attrs.frozen
class PlanFile:
    """A plan file, read and checked (paths made absolute)."""

    path: Path
    plan: InspectionPlan
    seed_source: str | None  # draw-v1 plan files only
    public_input_format: str | None  # draw-v1 plan files only
    roster_paths: Mapping[RosterKind, Path]
    roster_department: str | None
    roster_encoding: str | None
    team_size: int
    items: int | None
    count: int | None
    ratio: Fraction | None
    reserve: int
    department_names: Mapping[str, str] = attrs.field(factory=dict)
    hash: str = "sha256"
    public_input: PublicInputSpec | None = None
    """draw-v2's structured public input (the ``[public_input]`` table); ``None`` in a draw-v1 plan file."""
    departures: tuple[Departure, ...] = ()
    """The plan's departures from rules its profile words as defaults (``[[departure]]`` tables), with reasons."""
    periods: Mapping[str, Period] = attrs.field(factory=dict)
    """The periods the plan sets for duties whose source sets none (the ``[periods]`` table, by obligation key;
    ``workflow.obligations(periods=...)`` refuses one the source sets itself)."""
    units: tuple[str, ...] | None = None
    """The bureau's names of the units inspectors are drawn from (``[draw] units``), where the profile's
    ``pool.inspectors.units`` names kinds of unit (偃师 二(二) 机关行业监管科室); ``None``: the profile's words."""
    experts: tuple[Expert, ...] = ()
    """The plan's expert roster (``[[expert]]`` tables): committed in a draw-v3 manifest where the profile allows a
    recused inspector to swap with an expert (``recusal.expert_swap``, 冷水滩 第十四条)."""
    recusal_way: str | None = None
    """``[recusal] way``: ``"swap"`` or ``"replace"``, the way every recusal of the plan takes, committed in the
    draw-v3 manifest before the dice (冷水滩 第十四条 allows either; the declarer does not choose after the draw)."""

    @property
    def plan_id(self) -> str:
        return self.plan.plan_id

    @property
    def legacy(self) -> bool:
        """A draw-v1 plan file (``seed_source`` and ``public_input_format``): readable, no longer committed."""
        return self.public_input is None

    def profile(self, registry: ProfileRegistry) -> ResolvedProfile:
        """The plan's profile, resolved on the first day of its window."""
        return registry.resolve(self.plan.profile, self.plan.window[0])

    def period_terms(self) -> list[list[str]]:
        """The plan's ``[periods]`` as a commit records them: ``[obligation key, period label]``, by key."""
        return [[key, period.label] for key, period in sorted(self.periods.items())]

    def roster_digests(self) -> list[list[str]]:
        """Each roster file's kind and the SHA-256 of its bytes (``[kind, "sha256:…"]``, in kind order): what a
        commit records, so that a later step reading other files (a name or a 执法证号 changed after the dice) is
        refused (:func:`~random_inspection.store.check_committed`). A file that cannot be read has no digest."""
        out = []
        for kind, path in sorted(self.roster_paths.items(), key=lambda kv: kv[0].value):
            try:
                out.append([kind.value, "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()])
            except OSError:
                continue
        return out

    def rosters(self, *, strict: bool = True,
                progress: Callable[[RosterKind, int, int | None], None] | None = None) -> Rosters:
        """Read the three rosters. With ``strict`` (the default) any bad row refuses the plan, listing every
        problem of every file; otherwise the good rows are used and the problems are in ``imports``."""
        results: dict[RosterKind, ImportResult[Any]] = {}
        problems: list[RosterProblem] = []
        for kind, path in self.roster_paths.items():
            def report(done: int, total: int | None, kind: RosterKind = kind) -> None:
                if progress is not None:
                    progress(kind, done, total)
            result = import_roster(path, kind, department=self.roster_department, encoding=self.roster_encoding,
                                   progress=report)
            results[kind] = result
            problems.extend(result.problems)
        if strict and problems:
            raise RosterError(", ".join(p.name for p in self.roster_paths.values()), problems)
        return Rosters(results[RosterKind.SUBJECTS].records, results[RosterKind.INSPECTORS].records,
                       results[RosterKind.CHECKLIST].records, tuple(results.values()))

    def screen(self, registry: ProfileRegistry, rosters: Rosters) -> PoolScreen:
        """The roster's inspectors under the profile's pool rules
        (:func:`~random_inspection.workflow.screen_inspectors`): who the manifest holds, who is not drawn and why,
        and what the roster must state first."""
        return screen_inspectors(self.profile(registry), rosters.inspectors, self.plan.window, units=self.units)

    def screen_problems(self, screen: PoolScreen, rosters: Rosters) -> list[RosterProblem]:
        """The facts ``screen`` found unstated, as problems of the inspector roster's rows (file, row, column)."""
        result = next(r for r in rosters.imports if r.kind is RosterKind.INSPECTORS)
        rows = {p.id: row for row, p in zip(result.rows, result.records, strict=True)}
        return [RosterProblem(result.source, rows.get(u.inspector), u.column, u.problem, u.fix)
                for u in screen.unstated]

    def industry_unmet(self, registry: ProfileRegistry, rosters: Rosters, screen: PoolScreen) -> tuple[str, ...]:
        """The 工贸 sectors of the pool whose subjects' teams cannot follow the industry (偃师 四.2), each with why
        (:func:`~random_inspection.workflow.industry_teams`); empty where the profile sets no such preference."""
        profile = self.profile(registry)
        departments = tuple(d.code for d in profile.value("joint.departments", ()))
        return industry_teams(profile, DrawPool(rosters.subjects, screen.kept, self.plan.window), 1,
                              units=plan_units(profile, self.units), departments=departments).unmet

    def manifest(self, registry: ProfileRegistry, rosters: Rosters, history: Mapping[str, int],
                 interest_secret: bytes | None = None) -> Manifest:
        """The plan's manifest: the rosters frozen under the profile's rules and the plan's options. draw-v2
        for a ``[public_input]`` plan file, its inspectors' interests committed by tags salted from
        ``interest_secret`` (the declarations ride on the manifest, never in its canonical form); draw-v3 for one
        with an expert roster; draw-v1 for an old plan file. The inspectors are those :meth:`screen` keeps.

        Raises:
            RosterError: the inspector roster leaves unstated a fact a rule of the profile needs (正式工作人员,
                发证机关), naming each row.
            ProfileError: an expert roster under a profile that does not allow a swap with an expert.
        """
        profile = self.profile(registry)
        if self.experts and profile.value("recusal.expert_swap") is not True:
            raise ProfileError(
                tr("the plan lists {experts_count} experts, and profile {code} does not allow a recused inspector "
                   "to swap with an expert (recusal.expert_swap)",
                   experts_count=len(self.experts),
                   code=profile.code), where=tr("{file}, table {table}", file=self.path.name, table="[[expert]]"),
                fix=tr("remove the [[expert]] tables, or plan under a profile whose source allows it"))
        if self.experts and self.recusal_way is None:
            raise InvalidInputError(
                tr("the plan lists experts and does not state the way a recusal takes: its profile allows a swap "
                   "({swap}) or standing down ({stand_down}), and the declarer must not choose after the draw",
                   swap="交换被检查对象", stand_down="不参与本次执法检查"),
                where=tr("{file}, table {table}", file=self.path.name, table="[recusal]"),
                fix=tr("add [recusal] with way = \"swap\" or way = \"replace\""))
        screen = self.screen(registry, rosters)
        problems = self.screen_problems(screen, rosters)
        if problems:
            raise RosterError(self.roster_paths[RosterKind.INSPECTORS].name, problems)
        pool = DrawPool(rosters.subjects, screen.kept, self.plan.window)
        rules = draw_rules(profile, team_size=self.team_size, count=self.count, ratio=self.ratio,
                           reserve=self.reserve, items=self.items, departures=self.departures, units=self.units,
                           pool=pool)
        checklist = [c for c in rosters.checklist if c.code in self.plan.checklist] if self.plan.checklist \
            else list(rosters.checklist)
        return build_manifest(self.plan_id, self.seed_source, self.public_input_format, self.plan.window,
                              rosters.subjects, screen.kept, checklist, rules, history=history,
                              hash_algorithm=self.hash, public_input=self.public_input,
                              interest_secret=interest_secret if self.public_input is not None else None,
                              experts=self.experts or None, recusal_way=self.recusal_way if self.experts else None)


def legacy_rewrite(plan: PlanFile) -> str:
    """The ``[public_input]`` table to write in place of a draw-v1 plan file's ``seed_source`` and
    ``public_input_format`` (a sketch: the fields and the time must be those of the real source)."""
    source = (plan.seed_source or "").replace("\\", "\\\\").replace('"', '\\"')
    return (
        "[public_input]\n"
        f'source = "{source}，地点：…，见证：…"\n'
        'produced_at = "2026-11-30T09:30:00+08:00"    # when the dice are thrown: seconds and offset\n'
        "fields = [{name = \"die1\", type = \"digits\", length = 1, alphabet = \"123456\"},\n"
        "          {name = \"die2\", type = \"digits\", length = 1, alphabet = \"123456\"}]"
        "    # one per die; or integer, decimal, date\n"
    )


def _get(data: Mapping[str, Any], key: str, kind: type, where: str, issues: list[Issue], default: Any = ...) -> Any:
    if key not in data:
        if default is ...:
            issues.append(Issue(f"{where}{key}", tr("required field missing")))
        return None if default is ... else default
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        issues.append(Issue(f"{where}{key}", tr("expected {name}, got {name2} {value!r}", name=kind.__name__,
                                                name2=type(value).__name__, value=value)))
        return None
    return value


def load_plan_file(path: str | Path) -> PlanFile:
    """Read a plan file.

    Raises:
        DataError: every problem found (unknown or missing keys, wrong types, a bad date or ratio), with its key.
    """
    path = Path(path)
    data = read_toml(path, "plan file", "see examples/plan.toml for the form")
    issues: list[Issue] = []
    for section, allowed, where in ((data, _TOP, ""), (data.get("rosters", {}), _ROSTERS, "rosters."),
                                    (data.get("draw", {}), _DRAW, "draw.")):
        if isinstance(section, dict):
            issues.extend(Issue(f"{where}{k}", tr("unknown key")) for k in section if k not in allowed)
    rosters = _get(data, "rosters", dict, "", issues) or {}
    draw = _get(data, "draw", dict, "", issues, {}) or {}
    window_text = _get(data, "window", list, "", issues)
    window = _window(window_text, issues) if window_text is not None else []
    ratio = None
    ratio_text = _get(draw, "ratio", str, "draw.", issues, None)
    if ratio_text is not None:
        try:
            ratio = Fraction(ratio_text)
        except (ValueError, ZeroDivisionError):
            issues.append(Issue("draw.ratio", tr("{ratio_text!r} is not a fraction such as \"1/10\"",
                                                 ratio_text=ratio_text)))
    paths: dict[RosterKind, Path] = {}
    for kind in RosterKind:
        name = _get(rosters, kind.value, str, "rosters.", issues)
        if name is not None and "\0" in name:
            issues.append(Issue(f"rosters.{kind.value}", tr("{name!r} holds the character NUL, which no file name "
                                                            "can; write the roster's path, e.g. "
                                                            "\"rosters/subjects.xlsx\"", name=name)))
        elif name is not None:
            paths[kind] = (path.parent / name).resolve()
    values = {key: _get(data, key, str, "", issues) for key in ("plan_id", "profile")}
    if values["plan_id"] is not None and (not values["plan_id"].strip() or _CONTROL.search(values["plan_id"])):
        issues.append(Issue("plan_id", tr("{values!r} is blank or holds control characters; write the plan's "
                                          "number, e.g. \"XC-2026-12\"", values=values['plan_id'])))
    public_input = None
    if "public_input" in data:
        for old in ("seed_source", "public_input_format"):
            if old in data:
                issues.append(Issue(old, tr("a draw-v1 key beside [public_input]: remove it")))
        table = data["public_input"]
        if isinstance(table, dict) and isinstance(table.get("produced_at"), dt.datetime):
            table = {**table, "produced_at": table["produced_at"].isoformat()}  # TOML read it as a time
        try:
            public_input = PublicInputSpec.from_json(table)
        except InvalidInputError as exc:
            at = "public_input" if exc.where == "public_input" else tr("public_input ({where})", where=exc.where)
            issues.append(Issue(at, tr("{what}; {fix}", what=exc.what, fix=exc.fix)))
    else:  # a draw-v1 plan file: read, for verifying draws published under it; commit refuses it
        for old in ("seed_source", "public_input_format"):
            if old not in data:
                issues.append(Issue("public_input", tr("required table missing (docs/spec/draw-v2.md §7)")))
                break
        values.update({key: _get(data, key, str, "", issues) for key in ("seed_source", "public_input_format")})
    departments = _get(data, "departments", list, "", issues)
    team_size = _get(draw, "team_size", int, "draw.", issues)
    items = _get(draw, "items", int, "draw.", issues, None)
    count = _get(draw, "count", int, "draw.", issues, None)
    reserve = _get(draw, "reserve", int, "draw.", issues, 1)
    credit = _get(data, "credit_risk_based", bool, "", issues, False)
    names = _get(data, "department_names", dict, "", issues, {}) or {}
    hash_name = _get(data, "hash", str, "", issues, "sha256")
    if hash_name not in HASH_NAMES:
        issues.append(Issue("hash", tr("{hash_name!r} is not one of {hash_names}", hash_name=hash_name,
                                       hash_names=', '.join(HASH_NAMES))))
    issues.extend(Issue(f"department_names.{k}", tr("expected text"))
                  for k, v in names.items() if not isinstance(v, str))
    departures = _departures(data.get("departure", []), issues)
    periods = _periods(_get(data, "periods", dict, "", issues, {}) or {}, issues)
    units = _units(draw.get("units"), issues)
    experts = _experts(data.get("expert", []), issues)
    recusal = _get(data, "recusal", dict, "", issues, {}) or {}
    issues.extend(Issue(f"recusal.{k}", tr("unknown key")) for k in recusal if k != "way")
    way = _get(recusal, "way", str, "recusal.", issues, None)
    if way is not None and way not in RECUSAL_WAYS:
        issues.append(Issue("recusal.way", tr("{way!r} is not one of {recusal_ways}", way=way,
                                              recusal_ways=', '.join(RECUSAL_WAYS))))
    if issues:
        raise DataError(tr("{name}: cannot read the plan file", name=path.name), issues,
                        fix=tr("see examples/plan.toml"))
    try:
        plan = InspectionPlan(values["plan_id"], values["profile"], departments, (window[0], window[1]), (),
                              credit_risk_based=credit)
    except (InvalidInputError, ValueError, TypeError) as exc:
        raise DataError(tr("{name}: cannot read the plan file", name=path.name), [Issue("$", str(exc))],
                        fix=tr("see examples/plan.toml")) from None
    return PlanFile(path, plan, values.get("seed_source"), values.get("public_input_format"), paths,
                    _get(rosters, "department", str, "rosters.", issues, None),
                    _get(rosters, "encoding", str, "rosters.", issues, None), team_size, items, count, ratio, reserve,
                    names, hash_name, public_input, departures, periods, units, experts, way)


def _window(values: list[Any], issues: list[Issue]) -> list[dt.date]:
    """The plan's window from ``window = ["2026-12-01", "2026-12-31"]``: two days (written as text or as TOML
    dates; a date with a time of day is refused), each problem an issue of its key."""
    if len(values) != 2:
        issues.append(Issue("window", tr("{values_count} value(s): give the first and the last day, e.g. "
                                         "[\"2026-12-01\", \"2026-12-31\"]", values_count=len(values))))
    window: list[dt.date] = []
    for i, value in enumerate(values[:2]):
        try:
            if isinstance(value, dt.datetime) or not isinstance(value, (str, dt.date)):
                raise ValueError(value)
            window.append(value if isinstance(value, dt.date) else dt.date.fromisoformat(value))
        except ValueError:
            issues.append(Issue(f"window[{i}]", tr("{value!r} is not a date YYYY-MM-DD", value=value)))
    return window


def _periods(table: Mapping[str, Any], issues: list[Issue]) -> dict[str, Period]:
    out: dict[str, Period] = {}
    for key, text in table.items():
        try:
            out[key] = parse_period(text if isinstance(text, str) else repr(text))
        except InvalidInputError as exc:
            issues.append(Issue(f"periods.{key}", tr("{what}; {fix}", what=exc.what, fix=exc.fix)))
    return out


def _units(value: Any, issues: list[Issue]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value) \
            or len({v.strip() for v in value}) != len(value):
        issues.append(Issue("draw.units", tr("expected a list of the units' names, each once, e.g. "
                                             "[\"工贸行业安全监督管理科\", \"综合行政执法大队\"]")))
        return None
    return tuple(v.strip() for v in value)


def _experts(tables: Any, issues: list[Issue]) -> tuple[Expert, ...]:
    if not isinstance(tables, list):
        issues.append(Issue("expert", tr("write each expert as an [[expert]] table")))
        return ()
    out: list[Expert] = []
    for i, table in enumerate(tables):
        where = f"expert[{i}]."
        if not isinstance(table, dict):
            issues.append(Issue(f"expert[{i}]", tr("write each expert as an [[expert]] table")))
            continue
        issues.extend(Issue(f"{where}{k}", tr("unknown key")) for k in table if k not in _EXPERT)
        fields = {"id": _get(table, "id", str, where, issues), "name": _get(table, "name", str, where, issues, ""),
                  "id_number": _get(table, "id_number", str, where, issues, ""),
                  "specialties": _get(table, "specialties", list, where, issues, []),
                  "interests": _get(table, "interests", list, where, issues, [])}
        if fields["id"] is None:
            continue
        try:
            out.append(Expert(**fields))
        except (InvalidInputError, TypeError, ValueError) as exc:
            issues.append(Issue(f"expert[{i}]", str(exc)))
    return tuple(out)


def _departures(tables: Any, issues: list[Issue]) -> tuple[Departure, ...]:
    if not isinstance(tables, list):
        issues.append(Issue("departure", tr("write each departure as a [[departure]] table")))
        return ()
    out: list[Departure] = []
    for i, table in enumerate(tables):
        try:
            out.append(Departure.from_json(table))
        except InvalidInputError as exc:
            issues.append(Issue(f"departure[{i}]", tr("{what}; {fix}", what=exc.what, fix=exc.fix)))
    return tuple(out)
