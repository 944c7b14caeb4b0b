"""Resolution: a profile's effective rules on a date, each with the profile that set it and its citation."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from random_inspection.errors import ProfileError
from random_inspection.model import ChecklistItem, Citation, Inspector, Subject
from random_inspection.profiles.declaration import Profile
from random_inspection.profiles.outputs import Duty, Form, ReportTable
from random_inspection.profiles.permissions import Permissions
from random_inspection.profiles.plans import PlanFacts, check_plan_rules
from random_inspection.profiles.rules import CATALOGUE, Event, TeamRule, render_value

if TYPE_CHECKING:
    from random_inspection.profiles.registry import ProfileRegistry

__all__ = ["EffectiveRule", "ResolvedProfile"]

T = TypeVar("T")


@attrs.frozen
class EffectiveRule:
    """A rule as it applies: value, the profile that set it, its citation, and what it overrides."""

    key: str
    value: Any
    citation: Citation
    source: str
    inherited: bool
    overrides: tuple[tuple[str, Citation], ...] = ()
    quote: str | None = None
    runs_from: Event | None = None


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
        rules: dict[str, EffectiveRule] = {}
        for key in CATALOGUE:
            found = [(p, r) for p in self.chain for r in p.rules if r.key == key and r.citation.in_force_on(as_of)]
            if not found:
                continue
            (owner, rule), rest = found[0], found[1:]
            rules[key] = EffectiveRule(
                key, rule.value, rule.citation, owner.code, owner.code != self.profile.code,
                tuple((p.code, r.citation) for p, r in rest), rule.quote, rule.event,
            )
        self._rules = rules

    @property
    def code(self) -> str:
        return self.profile.code

    @property
    def rules(self) -> dict[str, EffectiveRule]:
        """The effective rules by key, in catalogue order."""
        return dict(self._rules)

    @property
    def absent(self) -> tuple[str, ...]:
        """Catalogue keys that no profile of the chain sets (in force on the date)."""
        return tuple(k for k in CATALOGUE if k not in self._rules)

    @property
    def in_force(self) -> bool:
        """Whether the profile's own documents are in force on the date (else it answers nothing itself)."""
        return self.profile.in_force_on(self.as_of)

    def _known(self, key: str) -> None:
        if key not in CATALOGUE:
            raise ProfileError(f"unknown rule key {key!r}", fix="use a key of random_inspection.profiles.CATALOGUE")

    def has(self, key: str) -> bool:
        """Whether some profile of the chain sets ``key`` on the date (an unknown key is an error)."""
        self._known(key)
        return key in self._rules

    def rule(self, key: str) -> EffectiveRule:
        """The effective rule for ``key``.

        Raises:
            ProfileError: when no profile of the chain sets it on this date.
        """
        self._known(key)
        try:
            return self._rules[key]
        except KeyError:
            chain = " → ".join(p.code for p in self.chain)
            raise ProfileError(
                f"no profile of {chain} sets {key} in force on {self.as_of}", where=f"profile {self.code}",
                fix="the documents are silent on it; decide it in the plan, or add it to a profile with its citation",
            ) from None

    def value(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default`` when it is absent (an unknown key is an error)."""
        self._known(key)
        return self._rules[key].value if key in self._rules else default

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
    ) -> list[str]:
        """Problems with a team for a subject: each person once, none with a declared interest in the subject
        (回避, 冷水滩 第十四条), each active with a 执法证 valid ``on`` the inspection date when given (冷水滩 第九条);
        then the ``team.rules``; then the first profile up the chain that implements
        ``random_inspection_check_team`` and answers."""
        problems = _check_members(team, subject, on)
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
                    f"the form {form.name!r} is not among the forms the profile files (forms.filed: "
                    f"{'; '.join(filed) or 'not set'})", where=f"profile {self.code}, hook random_inspection_forms",
                    fix="add the form, with its citation, to the profile's forms.filed rule, or correct its name",
                )
            if form.file_name in files:
                raise ProfileError(f"two forms are written to {form.file_name}",
                                   where=f"profile {self.code}, hook random_inspection_forms",
                                   fix="give each form its own file name")
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
            raise ProfileError(f"duties given twice: {', '.join(twice)}",
                               where=f"profile {self.code}, hook random_inspection_duties",
                               fix="give each duty its own key")
        return duties

    def report_tables(self) -> tuple[ReportTable, ...]:
        """The profile's own report tables (``random_inspection_report_tables``, the nearest profile of the chain
        in force that answers)."""
        return tuple(self._first_answer("random_inspection_report_tables", ReportTable))

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
        """Every effective rule with its value, source profile and citation, plus the absent keys."""
        return {
            "profile": self.code,
            "name": self.profile.name,
            "as_of": self.as_of.isoformat(),
            "chain": [
                {"code": p.code, "name": p.name, "jurisdiction": p.jurisdiction.code,
                 "in_force": p.in_force_on(self.as_of),
                 "documents": [d.short() for d in p.documents]}
                for p in self.chain
            ],
            "rules": [
                {
                    "key": r.key, "title": CATALOGUE[r.key].title, "value": render_value(r.value),
                    "source": r.source, "inherited": r.inherited, "citation": r.citation.short(),
                    "quote": r.quote, "overrides": [f"{c} ({cit.short()})" for c, cit in r.overrides],
                    "runs_from": r.runs_from.value if r.runs_from else None,
                }
                for r in self._rules.values()
            ],
            "absent": list(self.absent),
        }

    def explain_json(self) -> str:
        """:meth:`explain_data` as JSON text."""
        return json.dumps(self.explain_data(), ensure_ascii=False, indent=2)

    def explain_text(self) -> str:
        """The effective rules as readable text, one per line with its source and article."""
        data = self.explain_data()
        chain = " → ".join(
            f"{p['code']}{'' if p['in_force'] else ' (not in force)'}" for p in data["chain"]
        )
        lines = [f"{data['name']} ({data['profile']}) as of {data['as_of']}", f"chain: {chain}", ""]
        for r in data["rules"]:
            value = r["value"]
            if isinstance(value, (list, dict)):
                value = json.dumps(value, ensure_ascii=False)
            origin = f"inherited from {r['source']}" if r["inherited"] else "set here"
            since = f" from {r['runs_from']}" if r["runs_from"] else ""
            lines.append(f"{r['key']} ({r['title']}): {value}{since}")
            lines.append(f"    [{r['citation']}; {origin}]")
        if data["absent"]:
            lines += ["", "absent (no document of the chain in force on the date sets them): "
                      + ", ".join(data["absent"])]
        return "\n".join(lines)


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

