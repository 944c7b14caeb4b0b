"""Who may do what: a profile's grants of actions to roles, and the checks beyond the role.

Each action's grant is the effective ``actors.<action>`` rule of the profile's chain, with its citation (the
article that says who does the step). A plan's step may have a grant of its own on an occasion (a joint plan the
bureau leads, a partner's own part of one: ``actors.<occasion>.<action>``, :mod:`~random_inspection.profiles.
occasions`), which the store names in the :class:`Context`; where the profile sets none, the ordinary grant holds.
Where no document of the chain says who takes an action, its grant is *open*: any role may take it, and the grant
says it is uncited.

The checks beyond the role (:class:`~random_inspection.profiles.checks.Check`) hold under every profile and with
none: an inspector acts only on their own inspection, a plan is drawn by the department that committed it (a
joint plan by its lead), each department draws only its own inspectors, a duty is recorded met by the department
that owes it, and the 系统管理员 (``Role.ADMINISTRATOR``) takes no step of an inspection, not even an uncited one.
Their basis is the profile's ``checks.<name>`` rule, cited, or a library assumption labelled as one
(:class:`~random_inspection.profiles.checks.Basis`); a refusal names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from random_inspection.errors import PermissionRefused
from random_inspection.messages import tr
from random_inspection.model import Action, Actor, Citation, Role
from random_inspection.profiles.checks import Basis, Check
from random_inspection.profiles.occasions import Occasion
from random_inspection.profiles.rules import CATALOGUE, WHO_TAKES

if TYPE_CHECKING:
    from random_inspection.profiles.resolve import ResolvedProfile

__all__ = ["Context", "Grant", "Permissions"]


@attrs.frozen
class Grant:
    """The roles that may take one action, and where that is written.

    Attributes:
        roles: the roles, or ``None`` when no document of the chain says who takes the action (open to all).
        citation, source, quote: the article, the profile whose rule it is, and the source's words.
        occasion: the occasion the grant is for (:class:`Occasion.ORDINARY`: every plan without one of its own).
    """

    action: Action
    roles: tuple[Role, ...] | None
    citation: Citation | None = None
    source: str | None = None
    quote: str | None = None
    occasion: Occasion = Occasion.ORDINARY

    def allows(self, role: Role) -> bool:
        """Whether ``role`` may take the action (any role but the 系统管理员, where the grant is open)."""
        role = Role(role)
        return role is not Role.ADMINISTRATOR and (self.roles is None or role in self.roles)


@attrs.frozen
class Context:
    """What the action is about, for the checks beyond the role (the store fills it in from the ledger).

    Attributes:
        team: the inspectors of the inspection(s) acted on; an inspector outside it is refused.
        owner: the department that committed the plan; only its actors draw it or use its reserve.
        departments: the departments whose inspectors the plan may draw (empty: no check).
        inspector_departments: the departments of the inspectors the manifest holds.
        debtor: the department that owes the duty recorded as met; an actor of another department is refused
            (an inspector is checked against the team instead: a joint team's inspectors are of several).
        occasion: the plan's occasion (a joint plan's lead, a partner's own part), whose grant, where the
            profile sets one, decides instead of the ordinary one.
    """

    team: frozenset[str] | None = None
    owner: str | None = None
    departments: tuple[str, ...] = ()
    inspector_departments: frozenset[str] = frozenset()
    debtor: str | None = None
    occasion: Occasion = Occasion.ORDINARY


def _refuse(actor: Actor, action: Action, what: str, fix: str) -> PermissionRefused:
    return PermissionRefused(actor.id, action.value, what, fix=fix)


class Permissions:
    """The grants of one profile on one date (:meth:`of`), or :meth:`unrestricted` ones (every role may take
    every action; the checks beyond the role still hold, each an assumption)."""

    def __init__(self, profile: str | None, as_of: dt.date | None, grants: Iterable[Grant],
                 bases: Iterable[Basis] = (), *, labels: Mapping[Action, str] | None = None) -> None:
        self.profile = profile
        self.as_of = as_of
        self.labels: Mapping[Action, str] = {a: (labels or {}).get(a, a.label) for a in Action}
        """Each action's name in the profile's words (its ``actors.<action>`` rule's own title, less
        :data:`WHO_TAKES`), else the neutral :attr:`Action.label`."""
        given = list(grants)
        ordinary = {g.action: g for g in given if g.occasion is Occasion.ORDINARY}
        self.grants: Mapping[Action, Grant] = {a: ordinary.get(a, Grant(a, None)) for a in Action}
        self.occasional: Mapping[tuple[Occasion, Action], Grant] = {
            (g.occasion, g.action): g for g in given if g.occasion is not Occasion.ORDINARY}
        stated = {b.check: b for b in bases}
        self.bases: Mapping[Check, Basis] = {c: stated.get(c, Basis(c)) for c in Check}

    @classmethod
    def of(cls, resolved: ResolvedProfile) -> Permissions:
        """The grants of a resolved profile: its ``actors.*`` rules (on each occasion too) and the bases of the
        checks beyond the role (its ``checks.*`` rules), inherited up the chain."""
        grants = []
        for occasion in Occasion:
            for action in Action:
                key = occasion.key(action)
                if key in CATALOGUE and resolved.has(key):
                    rule = resolved.rule(key)
                    grants.append(Grant(action, tuple(rule.value), rule.citation, rule.source, rule.quote, occasion))
        bases = []
        for check in Check:
            if resolved.has(check.key):
                rule = resolved.rule(check.key)
                bases.append(Basis(check, rule.value, rule.citation, rule.source, rule.quote))
        labels = {a: resolved.title(f"actors.{a.value}").removesuffix(WHO_TAKES) for a in Action
                  if resolved.has(f"actors.{a.value}") and resolved.rule(f"actors.{a.value}").title is not None}
        return cls(resolved.code, resolved.as_of, grants, bases, labels=labels)

    @classmethod
    def unrestricted(cls) -> Permissions:
        """Every action open to every role: only the checks on the context hold."""
        return cls(None, None, ())

    def grant(self, action: Action, occasion: Occasion = Occasion.ORDINARY) -> Grant:
        """The grant of ``action`` on ``occasion``: the occasion's own where the profile sets one, else the
        ordinary one (its roles and citation, or open)."""
        action = Action(action)
        return self.occasional.get((Occasion(occasion), action), self.grants[action])

    def basis(self, check: Check) -> Basis:
        """The basis of a check beyond the role under this profile: its cited rule, or the labelled assumption."""
        return self.bases[Check(check)]

    def allows(self, role: Role, action: Action, occasion: Occasion = Occasion.ORDINARY) -> bool:
        """Whether ``role`` may take ``action`` on ``occasion`` (the role alone, before the checks on the
        context)."""
        return self.grant(action, occasion).allows(role)

    def check(self, actor: Actor, action: Action, context: Context | None = None) -> None:
        """Refuse ``actor`` taking ``action`` when its role may not (on the context's occasion), or the context
        forbids it.

        Raises:
            PermissionRefused: saying who, which action, why, and the article or the labelled assumption.
        """
        action = Action(action)
        ctx = context or Context()
        grant = self.grant(action, ctx.occasion)
        if actor.role is Role.ADMINISTRATOR:
            raise _refuse(actor, action, tr("the {administrator} keeps the key register and takes no step of an "
                                            "inspection ({action}, {label}) ({basis})",
                                            administrator=Role.ADMINISTRATOR.value, action=action.value,
                                            label=self.labels[action],
                                            basis=self.basis(Check.NO_ADMINISTRATOR).describe()),
                          tr("have an actor of the role the profile names take this step"))
        if not grant.allows(actor.role):
            roles = "、".join(r.value for r in grant.roles or ())
            fields = {"role": actor.role.value, "action": action.value, "label": self.labels[action],
                      "profile": self.profile, "citation": str(grant.citation), "roles": roles}
            what = (tr("a {role} may not {action} ({label}) under {profile}: {citation} gives it to {roles}", **fields)
                    if grant.occasion is Occasion.ORDINARY else
                    tr("a {role} may not {action} ({label}) on a {occasion} plan under {profile}: {citation} gives "
                       "it to {roles}", occasion=grant.occasion.label, **fields))
            raise _refuse(actor, action, what, tr("have a {roles} of the department take this step", roles=roles))
        if actor.role is Role.INSPECTOR and ctx.team is not None and actor.id not in ctx.team \
                and action is Action.RECUSAL:
            whose = "、".join(sorted(ctx.team)) or "nobody"
            what = (tr("{actor} is not on the team of the recusal ({whose}): an inspector declares only their own "
                       "recusal (回避) ({citation}: the 回避 is owed by the inspector with the interest)",
                       actor=actor.id, whose=whose, citation=str(grant.citation)) if grant.citation else
                    tr("{actor} is not on the team of the recusal ({whose}): an inspector declares only their own "
                       "recusal (回避)", actor=actor.id, whose=whose))
            raise _refuse(actor, action, what, tr("the inspector who has the interest declares it; the system picks "
                                                  "who takes the place"))
        if actor.role is Role.INSPECTOR and ctx.team is not None and actor.id not in ctx.team:
            raise _refuse(actor, action, tr("{actor} was not on the team of the inspection ({basis})", actor=actor.id,
                                            basis=self.basis(Check.OWN_INSPECTION).describe()),
                          tr("the inspectors who inspected enter, feed back and publish their own results"))
        if ctx.owner is not None and actor.department != ctx.owner:
            raise _refuse(actor, action, tr("the plan belongs to {owner} (the department that commits and draws it, "
                                            "the lead of a joint plan); {department} may not {action} it ({basis})",
                                            owner=ctx.owner, department=actor.department, action=action.value,
                                            basis=self.basis(Check.PLAN_OWNER).describe()),
                          tr("an actor of {owner} draws; a partner picks its own inspectors in its own draw",
                             owner=ctx.owner))
        # where the document itself says each department picks its own (许昌 第二十二条(三) 各部门自行选派抽查人员),
        # a joint plan's lead draws its own inspectors only; where the library assumes the check, a joint plan
        # may draw every department it names (鹤壁 五(一): one office draws from one 执法人员库)
        own = self.basis(Check.OWN_INSPECTORS)
        allowed = set(ctx.departments[:1] if not own.assumed else ctx.departments)
        foreign = sorted(ctx.inspector_departments - allowed) if ctx.departments else []
        if foreign:
            whose, fix = ((tr("the plan's departments {departments}", departments=", ".join(ctx.departments)),
                           tr("each department draws from its own inspectors; name a joint plan's departments, lead "
                              "first, when the lead draws every department's team")) if own.assumed else
                          (tr("the department that draws it, {department}", department=ctx.departments[0]),
                           tr("each department picks its own inspectors: a partner draws them in its team plan "
                              "PLAN/DEPARTMENT")))
            raise _refuse(actor, action, tr("the manifest holds inspectors of {foreign}, not of {whose} ({basis})",
                                            foreign=", ".join(foreign), whose=whose, basis=own.describe()), fix)
        if ctx.debtor is not None and actor.role is not Role.INSPECTOR and actor.department != ctx.debtor:
            raise _refuse(actor, action, tr("the duty is owed by {debtor}, not {department} ({basis})",
                                            debtor=ctx.debtor, department=actor.department,
                                            basis=self.basis(Check.DUTY_OWNER).describe()),
                          tr("an actor of {debtor} records it met", debtor=ctx.debtor))

    def markdown(self) -> str:
        """The grants as a Markdown table (step, roles allowed, article, the profile that set it, the source's
        words; a grant of an occasion in a row of its own), then the bases of the checks beyond the role
        (docs/permissions.md is made of these)."""
        lines = ["| step | roles allowed | article | set by | the source's words |", "|---|---|---|---|---|"]
        rows = [*self.grants.values(), *self.occasional.values()]
        for g in rows:
            step = f"`{g.action.value}` {self.labels[g.action]}"
            if g.occasion is not Occasion.ORDINARY:
                step += f", {g.occasion.label} (`{g.occasion.value}`)"
            if g.roles is None:
                lines.append(f"| {step} | any role | uncited: no document of the chain says who | — | — |")
                continue
            roles = "、".join(r.value for r in g.roles)
            lines.append(f"| {step} | {roles} | {g.citation.short() if g.citation else ''} | {g.source} | "
                         f"{_cell(g.quote)} |")
        lines += ["", "| check beyond the role | basis | set by | the source's words |", "|---|---|---|---|"]
        for b in self.bases.values():
            check = f"`{b.check.value}` {b.check.label}"
            if b.citation is None:
                lines.append(f"| {check} | {_cell(b.describe())} | — | — |")
            else:
                lines.append(f"| {check} | {_cell(b.describe())} | {b.source} | {_cell(b.quote)} |")
        return "\n".join(lines)

    def table(self) -> list[dict[str, Any]]:
        """One row per grant (``"row": "grant"``; the ordinary one of each action, then each occasion's own):
        the occasion, the roles (None: open), the article, the profile that set it, the quote; then one row per
        check beyond the role (``"row": "check"``): its basis, cited or assumed."""
        grants = [{"row": "grant", "action": g.action.value, "label": self.labels[g.action],
                   "occasion": g.occasion.value,
                   "roles": None if g.roles is None else [r.value for r in g.roles],
                   "citation": g.citation.short() if g.citation else None, "source": g.source, "quote": g.quote}
                  for g in (*self.grants.values(), *self.occasional.values())]
        checks = [{"row": "check", "check": b.check.value, "label": b.check.label, "assumed": b.assumed,
                   "basis": b.describe(),
                   "citation": b.citation.short() if b.citation else None, "source": b.source, "quote": b.quote}
                  for b in self.bases.values()]
        return [*grants, *checks]


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|")
