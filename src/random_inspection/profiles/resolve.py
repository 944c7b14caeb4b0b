"""Resolution: a profile's effective rules on a date, each with the profile that set it and its citation."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from random_inspection.errors import ProfileError
from random_inspection.messages import tr
from random_inspection.model import ChecklistItem, Citation, Document, Inspector, Subject
from random_inspection.profiles.area_names import AreaNames, area_label
from random_inspection.profiles.declaration import Profile
from random_inspection.profiles.departures import Departure, departure_problems
from random_inspection.profiles.outputs import Duty, Form, ReportTable
from random_inspection.profiles.permissions import Permissions
from random_inspection.profiles.plans import PlanFacts, check_plan_rules
from random_inspection.profiles.rules import Event, Kind, RuleSpec, TeamRule, render_value
from random_inspection.profiles.same_act import SameAct
from random_inspection.timelimits import CountingOverride, CutOff, Deadline, WorkingCalendar, deadline

if TYPE_CHECKING:
    from random_inspection.profiles.registry import ProfileRegistry

__all__ = ["EffectiveRule", "ResolvedProfile"]

T = TypeVar("T")


@attrs.frozen
class EffectiveRule:
    """A rule as it applies: value, the profile that set it, its citation, and what it overrides.

    ``document`` is the document that answers (with its period of force and where each end comes from);
    ``superseded`` the same profile's other versions of the key, by document, earliest first (a later
    document supersedes an earlier one for the keys it sets); ``qualifier`` the word that makes the rule a
    default a plan may depart from with a recorded reason; ``open_list`` that the source's list ends with 等;
    ``reading`` the profile's interpretation where the words leave a choice, with its reason;
    for a time limit, ``cut_off`` (民法典 第二百零三条第二款), ``counting`` (第二百零四条) and ``also_governs`` (the
    other limits whose act it governs too), as the rule sets them; ``title`` the key's title in the profile's own
    words where its rule gives one (:attr:`Rule.title`), else ``None`` (the catalogue's)."""

    key: str
    value: Any
    citation: Citation
    source: str
    inherited: bool
    overrides: tuple[tuple[str, Citation], ...] = ()
    quote: str | None = None
    runs_from: Event | None = None
    document: Document | None = None
    versions: tuple[tuple[Document, Any], ...] = ()
    qualifier: str | None = None
    open_list: bool = False
    spec: RuleSpec | None = None
    reading: str | None = None
    cut_off: CutOff | None = None
    counting: CountingOverride | None = None
    also_governs: tuple[SameAct, ...] = ()
    title: str | None = None

    @property
    def departable(self) -> bool:
        """Whether a plan may depart from the rule with a recorded reason (原则上, 一般, 可以, ...)."""
        return self.qualifier is not None


class ResolvedProfile:
    """The effective rules of one profile on one date.

    For every key of the catalogue, the parent chain is walked from the profile itself up to the national
    root; the first profile whose rule for the key is in force on the date answers. Keys no profile sets are
    *absent*. A profile's place in the chain, never the order plugins were registered in, decides.
    """

    def __init__(self, registry: ProfileRegistry, code: str, as_of: dt.date) -> None:
        self.registry = registry
        self.as_of = as_of
        self.chain: tuple[Profile, ...] = registry.chain(code)
        self.profile = self.chain[0]
        self._specs = registry.keys
        rules: dict[str, EffectiveRule] = {}
        for key, spec in self._specs.items():
            found = [(p, *hit) for p in self.chain if (hit := p.rule_on(key, as_of)) is not None]
            if not found:
                continue
            (owner, rule, doc), rest = found[0], found[1:]
            rules[key] = EffectiveRule(
                key, rule.value, rule.citation, owner.code, owner.code != self.profile.code,
                tuple((p.code, r.citation) for p, r, _ in rest), rule.quote, rule.event, doc,
                tuple((d, r.value) for r, d in owner.versions(key)), rule.qualifier, rule.open_list, spec,
                rule.reading, rule.cut_off, rule.counting, rule.also_governs, rule.title,
            )
        self._rules = rules

    @property
    def code(self) -> str:
        return self.profile.code

    @property
    def rules(self) -> dict[str, EffectiveRule]:
        """The effective rules by key, in catalogue order (a profile package's own keys after the catalogue's)."""
        return dict(self._rules)

    @property
    def absent(self) -> tuple[str, ...]:
        """Keys (of the catalogue, and the loaded packages' own) that no profile of the chain sets on the date."""
        return tuple(k for k in self._specs if k not in self._rules)

    @property
    def in_force(self) -> bool:
        """Whether the profile's own documents are in force on the date (else it answers nothing itself)."""
        return self.profile.in_force_on(self.as_of)

    def spec(self, key: str) -> RuleSpec:
        """The spec of ``key``: the catalogue's, or a loaded profile package's own."""
        self._known(key)
        return self._specs[key]

    def _known(self, key: str) -> None:
        if key not in self._specs:
            raise ProfileError(tr("unknown rule key {key!r}", key=key), where=tr("profile {code}", code=self.code),
                               fix=tr("use a key of random_inspection.profiles.CATALOGUE, or one a loaded profile "
                                      "package declares (Profile(keys=...))"))

    def has(self, key: str) -> bool:
        """Whether some profile of the chain sets ``key`` on the date (an unknown key is an error)."""
        self._known(key)
        return key in self._rules

    def rule(self, key: str) -> EffectiveRule:
        """The effective rule for ``key``.

        Raises:
            ProfileError: when no profile of the chain sets it on this date. Where a document of the chain sets
                it on other dates, the error names those documents and their periods (and where each end comes
                from) and says how to add or adopt a newer document.
        """
        self._known(key)
        try:
            return self._rules[key]
        except KeyError:
            raise self._missing(key) from None

    def _missing(self, key: str) -> ProfileError:
        chain = " → ".join(p.code for p in self.chain)
        elsewhere = [(p, d) for p in self.chain for _, d in p.versions(key)]
        if not elsewhere:
            return ProfileError(
                f"no profile of {chain} sets {key} in force on {self.as_of}",
                where=tr("profile {code}", code=self.code),
                fix="the documents are silent on it; decide it in the plan, or add it to a profile with its citation",
            )
        listed = "; ".join(f"{p.code}: {d.short()} in force {d.period()}" for p, d in elsewhere)
        first = elsewhere[0]
        return ProfileError(
            f"on {self.as_of} no document of {chain} in force sets {key}; it is set by {listed}",
            where=tr("profile {code}", code=self.code),
            fix=f"add the newer document that governs {self.as_of} to the profile {first[0].code} with its rules, or, "
                f"if the bureau keeps applying {first[1].short()}, declare it continued in force until replaced "
                f"(ProfileRegistry(continued=[Continuation('{first[0].code}', '{first[1].key}', reason)]), or on the "
                f"command line a --profile-config file with a [[continued]] table naming them and the reason)",
        )

    def title(self, key: str) -> str:
        """The title of ``key`` as this profile words it: its rule's own (:attr:`Rule.title`: a form's title the
        catalogue leaves to the profile, 鹤壁 五(五) 移交《联合抽查记录表》), else the key's spec's."""
        rule = self._rules.get(key)
        return rule.title if rule is not None and rule.title is not None else self._specs[key].title

    def value(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` when it is absent (an unknown key is an error)."""
        self._known(key)
        return self._rules[key].value if key in self._rules else default

    def deadline(self, key: str, start: dt.date, calendar: WorkingCalendar, *, strict: bool | None = None,
                 cut_off: CutOff | None = None) -> Deadline:
        """The due date of the time limit ``key`` running from ``start``, counted on ``calendar`` and carrying the
        rule's citation, its counting override and its cut-off (:func:`~random_inspection.timelimits.deadline`).
        Resolve the profile on the day of the event the limit runs from — :meth:`ProfileRegistry.deadline` does
        both in one call. ``cut_off``: the office's hours where the profile cannot know them (a bureau's
        configuration, a plan); it takes the place of the rule's.

        Raises:
            ProfileError: ``key`` is not a time limit, or no document in force sets it.
        """
        if self.spec(key).kind is not Kind.PERIOD:
            raise ProfileError(tr("{key} is not a time limit", key=key), where=tr("profile {code}", code=self.code),
                               fix=tr("give a key whose kind is period (limit.*)"))
        rule = self.rule(key)
        return deadline(start, rule.value, calendar, citation=rule.citation, strict=strict,
                        cut_off=cut_off or rule.cut_off, counting=rule.counting)

    def permissions(self) -> Permissions:
        """Who may take which action on this date: the ``actors.*`` rules with their citations."""
        return Permissions.of(self)

    # -- logic hooks -----------------------------------------------------------------------------------

    def check_team(
        self,
        team: tuple[Inspector, ...],
        subject: Subject,
        items: tuple[ChecklistItem, ...] = (),
        *,
        on: dt.date | None = None,
        departures: tuple[Departure, ...] = (),
    ) -> list[str]:
        """Problems with a team for a subject: each person once, none with a declared interest in the subject
        (回避, 冷水滩 第十四条), each active with a 执法证 valid ``on`` the inspection date when given (冷水滩 第九条);
        then the ``team.rules``; then the first profile up the chain that implements
        ``random_inspection_check_team`` and answers. Where ``team.rules`` is a default (原则上) and the plan
        records a departure from it (``departures``), its size and quotas are not checked."""
        problems = _check_members(team, subject, on)
        departed = any(d.key == "team.rules" for d in departures) and self.has("team.rules") \
            and self.rule("team.rules").departable
        problems += departure_problems(self, departures)
        if not departed:
            problems += _check_team_rules(self.value("team.rules", ()), team, subject)
        return problems + self._first_answer("random_inspection_check_team", str, team=team, subject=subject,
                                             items=items)

    def check_plan(self, plan: PlanFacts) -> list[str]:
        """Problems with a plan: the value rules first, then the first profile up the chain that implements
        ``random_inspection_check_plan`` and answers."""
        return check_plan_rules(self, plan) + self._first_answer("random_inspection_check_plan", str, plan=plan)

    # -- outputs -------------------------------------------------------------------------------------

    def forms(self) -> tuple[Form, ...]:
        """The forms the profile files (``random_inspection_forms``, the nearest profile of the chain in force
        that answers), each checked against the cited ``forms.filed``.

        Raises:
            ProfileError: a form whose name no text of ``forms.filed`` contains, or two forms with one file name.
        """
        forms = tuple(self._first_answer("random_inspection_forms", Form))
        filed = [str(f) for f in self.value("forms.filed", ())]
        files: set[str] = set()
        for form in forms:
            if not any(form.name in text for text in filed):
                raise ProfileError(
                    tr("the form {name!r} is not among the forms the profile files (forms.filed: {value})",
                       name=form.name,
                       value='; '.join(filed) or 'not set'),
                       where=tr("profile {code}, hook {hook}", code=self.code,
                                            hook="random_inspection_forms"),
                    fix=tr("add the form, with its citation, to the profile's forms.filed rule, or correct its name"),
                )
            if form.file_name in files:
                raise ProfileError(tr("two forms are written to {file_name}", file_name=form.file_name),
                                   where=tr("profile {code}, hook {hook}", code=self.code,
                                            hook="random_inspection_forms"),
                                   fix=tr("give each form its own file name"))
            files.add(form.file_name)
        return forms

    def duties(self) -> tuple[Duty, ...]:
        """The profile's own duties (``random_inspection_duties``, the nearest profile of the chain in force that
        answers).

        Raises:
            ProfileError: two duties with one key.
        """
        duties = tuple(self._first_answer("random_inspection_duties", Duty))
        keys = [d.key for d in duties]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ProfileError(tr("duties given twice: {twice}", twice=', '.join(twice)),
                               where=tr("profile {code}, hook {hook}", code=self.code, hook="random_inspection_duties"),
                               fix=tr("give each duty its own key"))
        return duties

    def report_tables(self) -> tuple[ReportTable, ...]:
        """The profile's own report tables (``random_inspection_report_tables``, the nearest profile of the chain
        in force that answers)."""
        return tuple(self._first_answer("random_inspection_report_tables", ReportTable))

    def area_names(self) -> dict[str, tuple[str, str]]:
        """The names of areas by GB/T 2260 code, each with the code list it is copied from
        (``random_inspection_area_names``, collected along the whole chain, the nearest profile's name first)."""
        found: dict[str, tuple[str, str]] = {}
        for profile in self.chain:
            for table in self.registry.call_hook(profile.code, "random_inspection_area_names", AreaNames,
                                                 profile=self) or ():
                for code, name in table.names:
                    found.setdefault(code, (name, table.source))
        return found

    def area_label(self, code: str) -> str:
        """How the area ``code`` is shown: ``名称 (代码)`` where a profile of the chain names it, else the code."""
        hit = self.area_names().get(code)
        return area_label(code, hit[0] if hit else None)

    def _first_answer(self, hook: str, item: type[T], **kwargs: Any) -> list[T]:
        for profile in self.chain:
            if not profile.in_force_on(self.as_of):
                continue  # a profile out of force answers no more with its hooks than with its rules
            answer = self.registry.call_hook(profile.code, hook, item, profile=self, **kwargs)
            if answer is not None:
                return answer
        return []

    # -- explain ---------------------------------------------------------------------------------------

    def explain_data(self) -> dict[str, Any]:
        """Every effective rule with its value, source profile, document and citation, the versions of the key
        the profile holds, and the absent keys; per profile of the chain, its documents with their periods of
        force and where each end comes from (stated with the words, assumed with the reason, unknown, or
        continued in force by the bureau's declaration)."""
        return {
            "profile": self.code,
            "name": self.profile.name,
            "as_of": self.as_of.isoformat(),
            "chain": [
                {"code": p.code, "name": p.name, "jurisdiction": p.jurisdiction.code,
                 "in_force": p.in_force_on(self.as_of),
                 "documents": [_document_data(p, d, self.as_of) for d in p.documents]}
                for p in self.chain
            ],
            "rules": [
                {
                    "key": r.key, "title": self.title(r.key), "value": render_value(r.value),
                    "source": r.source, "inherited": r.inherited, "citation": r.citation.short(),
                    "quote": r.quote, "overrides": [f"{c} ({cit.short()})" for c, cit in r.overrides],
                    "runs_from": r.runs_from.value if r.runs_from else None,
                    "document": r.document.key if r.document else None,
                    "qualifier": r.qualifier, "open_list": r.open_list, "reading": r.reading,
                    "own_key": r.key in self.registry.own_keys,
                    "versions": [
                        {"document": d.key, "period": d.period(), "value": render_value(v),
                         "in_force": r.document is not None and d.key == r.document.key}
                        for d, v in r.versions
                    ] if len(r.versions) > 1 else [],
                    **_time_limit_options(r),
                }
                for r in self._rules.values()
            ],
            "absent": list(self.absent),
            "provisions": [
                {"citation": v.citation.short(), "quote": v.quote, "treatment": v.treatment.value, "reason": v.reason}
                for v in self.profile.provisions
                if any(d.cites(v.citation) and self.profile.document_in_force(d, self.as_of)
                       for d in self.profile.documents)
            ],
        }

    def fingerprint(self, former_titles: Mapping[str, str] | None = None) -> str:
        """``sha256:`` and the SHA-256 of :meth:`explain_data` in canonical JSON (keys sorted, no spaces, UTF-8):
        the rules in force on the date, each with its value, source, document, versions and citation, and every
        document's period with its basis (a continuation by configuration included). ``commit`` records it; every
        later step of the plan must resolve to the same, so a plan is never drawn or recorded under other rules
        than those it was committed under. The profiles' hooks (code) are not part of it.

        ``former_titles``: catalogue titles an earlier version of the library gave keys (by key), shown in place
        of today's where the profile's rule words no title of its own — the fingerprint that version made of the
        same rules, so that a commit recorded under it is still recognised (``store.committed``)."""
        data = self.explain_data()
        if former_titles:
            for rule in data["rules"]:
                own = self._rules[rule["key"]].title
                if own is None and rule["key"] in former_titles:
                    rule["title"] = former_titles[rule["key"]]
        canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def explain_json(self) -> str:
        """:meth:`explain_data` as JSON text."""
        return json.dumps(self.explain_data(), ensure_ascii=False, indent=2)

    def explain_text(self) -> str:
        """The effective rules as readable text, one per line with its source and article."""
        data = self.explain_data()
        chain = " → ".join(
            f"{p['code']}{'' if p['in_force'] else ' (not in force)'}" for p in data["chain"]
        )
        lines = [f"{data['name']} ({data['profile']}) as of {data['as_of']}", f"chain: {chain}"]
        for p in data["chain"]:
            for d in p["documents"]:
                state = "in force" if d["in_force"] else "not in force"
                lines.append(f"  {p['code']}: {d['short']} — {state}; {d['period']}")
                if d["replaces"]:
                    lines.append(f"      replaces {', '.join(d['replaces'])}")
        lines.append("")
        for r in data["rules"]:
            value = r["value"]
            if isinstance(value, (list, dict)):
                value = json.dumps(value, ensure_ascii=False)
            origin = f"inherited from {r['source']}" if r["inherited"] else "set here"
            since = f" from {r['runs_from']}" if r["runs_from"] else ""
            marks = "".join([f" [default: {r['qualifier']}]" if r["qualifier"] else "",
                             " [list left open: 等]" if r["open_list"] else "",
                             " [the profile's own key]" if r["own_key"] else ""])
            lines.append(f"{r['key']} ({r['title']}): {value}{since}{marks}")
            lines.append(f"    [{r['citation']}; {origin}]")
            if self._rules[r["key"]].title is not None:
                lines.append(f"    title in the source's words, from {r['citation']} "
                             f"(the catalogue's: {self._specs[r['key']].title})")
            if r["reading"]:
                lines.append(f"    reading (the profile's interpretation): {r['reading']}")
            lines.extend(_time_limit_lines(r))
            for v in r["versions"]:
                shown = v["value"] if not isinstance(v["value"], (list, dict)) else json.dumps(v["value"],
                                                                                               ensure_ascii=False)
                mark = "→" if v["in_force"] else " "
                lines.append(f"    {mark} {v['document']} ({v['period']}): {shown}")
        if data["provisions"]:
            lines += ["", "not encoded as rules (each with the reason):"]
            for v in data["provisions"]:
                lines += [f"  {v['citation']} 「{v['quote']}」 — {v['treatment']}", f"      {v['reason']}"]
        if data["absent"]:
            lines += ["", "absent (no document of the chain in force on the date sets them): "
                      + ", ".join(data["absent"])]
        return "\n".join(lines)


def _time_limit_options(rule: EffectiveRule) -> dict[str, Any]:
    """A time limit's cut-off, counting override and shared acts, as explain shows them; only those set, so the
    data (and the fingerprint) of a rule without them is unchanged."""
    out: dict[str, Any] = {}
    if rule.cut_off is not None:
        out["cut_off"] = {"time": rule.cut_off.label, "source": rule.cut_off.source.short(),
                          "words": rule.cut_off.words,
                          "legal_basis": [c.short() for c in rule.cut_off.legal_basis]}
    if rule.counting is not None:
        out["counting"] = {"changes": list(rule.counting.changes), "citation": rule.counting.citation.short(),
                           "start_day_counted": rule.counting.start_day_counted,
                           "extend_over_rest_days": rule.counting.extend_over_rest_days,
                           "count_in": rule.counting.count_in, "words": rule.counting.words,
                           "legal_basis": [c.short() for c in rule.counting.legal_basis]}
    if rule.also_governs:
        out["also_governs"] = [a.render() for a in rule.also_governs]
    return out


def _time_limit_lines(rule: dict[str, Any]) -> list[str]:
    lines = []
    if "cut_off" in rule:
        c = rule["cut_off"]
        lines.append(f"    ends at {c['time']} on its last day (停止业务活动的时间, 民法典 第二百零三条第二款; "
                     f"hours: {c['source']})")
    if "counting" in rule:
        c = rule["counting"]
        lines.append(f"    counted otherwise (民法典 第二百零四条): {'、'.join(c['changes'])} [{c['citation']}]")
    for a in rule.get("also_governs", []):
        lines.append(f"    also governs the act of {a['key']}: {a['reason']} [{a['citation']}]; the earlier due "
                     "date applies")
    return lines


def _document_data(profile: Profile, doc: Document, day: dt.date) -> dict[str, Any]:
    def end(when: dt.date | None, basis: Any) -> dict[str, Any]:
        return {"date": when.isoformat() if when else None, "status": basis.status.value,
                "words": basis.words, "reason": basis.reason}

    return {"key": doc.key, "short": doc.short(), "title": doc.title, "doc_number": doc.doc_number,
            "in_force": profile.document_in_force(doc, day), "period": doc.period(),
            "from": end(doc.effective_from, doc.from_basis), "until": end(doc.effective_until, doc.until_basis),
            "replaces": list(doc.replaces)}


def _check_members(team: tuple[Inspector, ...], subject: Subject, on: dt.date | None) -> list[str]:
    problems = []
    seen: set[str] = set()
    for person in team:
        if person.id in seen:
            problems.append(f"{person.id} is on the team twice")
        seen.add(person.id)
        if person.has_interest_in(subject.uscc):
            problems.append(f"{person.id} declared an interest in {subject.uscc} and must withdraw (回避)")
        if on is not None and not person.may_inspect_on(on):
            problems.append(f"{person.id} is not active with a valid 执法证 on {on}")
    return problems


def _check_team_rules(rules: tuple[TeamRule, ...], team: tuple[Inspector, ...], subject: Subject) -> list[str]:
    applicable = [r for r in rules if r.domain is subject.domain] or [r for r in rules if r.domain is None]
    problems = []
    for rule in applicable:
        if len(team) != rule.size:
            problems.append(f"team has {len(team)} inspectors, the rule for {subject.domain.value} asks {rule.size}")
        for tag, least in rule.quotas:
            have = sum(1 for person in team if tag in person.specialties)
            if have < least:
                problems.append(f"team has {have} inspector(s) tagged {tag}, at least {least} required")
    return problems

