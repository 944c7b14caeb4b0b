"""Who may do what: a profile's grants of actions to roles, and the checks beyond the role.

Each action's grant is the effective ``actors.<action>`` rule of the profile's chain, with its citation (the
article that says who does the step). Where no document of the chain says who takes an action, its grant is
*open*: any role may take it, and the grant says it is uncited. The checks beyond the role hold everywhere:

* an inspector acts only on an inspection whose team they were on (偃应急〔2023〕18号 二(三) “谁检查、谁录入、
  谁公开”; 冷水滩 第五条 “谁检查、谁反馈”);
* a plan is drawn by the department that committed it: in a joint plan the lead draws the subjects and hands
  the list on, a partner never draws for the lead (许应急〔2023〕14号 第二十二条(二));
* a plan draws only the inspectors of its own departments: each department picks its own inspectors
  (许应急〔2023〕14号 第二十二条(三)、第二十三条(二));
* a duty is recorded as met by the department that owes it;
* the 系统管理员 (``Role.ADMINISTRATOR``), who keeps the store's key register, takes no step of an inspection under
  any profile, not even an uncited one (separation of duties: who enrols the keys never acts with one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from random_inspection.errors import PermissionRefused
from random_inspection.model import Action, Actor, Citation, Role

if TYPE_CHECKING:
    from random_inspection.profiles.resolve import ResolvedProfile

__all__ = ["Context", "Grant", "Permissions"]

TEAM_BASIS = "偃应急〔2023〕18号 二(三) “谁检查、谁录入、谁公开”; 冷水滩 第五条 “谁检查、谁反馈”"
LEAD_BASIS = "许应急〔2023〕14号 第二十二条(二): the lead draws and hands the list to its partners"
OWN_BASIS = "许应急〔2023〕14号 第二十二条(三): 各部门自行选派抽查人员"


@attrs.frozen
class Grant:
    """The roles that may take one action, and where that is written.

    Attributes:
        roles: the roles, or ``None`` when no document of the chain says who takes the action (open to all).
        citation, source, quote: the article, the profile whose rule it is, and the source's words.
    """

    action: Action
    roles: tuple[Role, ...] | None
    citation: Citation | None = None
    source: str | None = None
    quote: str | None = None

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
    """

    team: frozenset[str] | None = None
    owner: str | None = None
    departments: tuple[str, ...] = ()
    inspector_departments: frozenset[str] = frozenset()
    debtor: str | None = None


def _refuse(actor: Actor, action: Action, what: str, fix: str) -> PermissionRefused:
    return PermissionRefused(actor.id, action.value, what, fix=fix)


class Permissions:
    """The grants of one profile on one date (:meth:`of`), or :meth:`unrestricted` ones (every role may take
    every action; the checks beyond the role still hold)."""

    def __init__(self, profile: str | None, as_of: dt.date | None, grants: Iterable[Grant]) -> None:
        self.profile = profile
        self.as_of = as_of
        given = {g.action: g for g in grants}
        self.grants: Mapping[Action, Grant] = {a: given.get(a, Grant(a, None)) for a in Action}

    @classmethod
    def of(cls, resolved: ResolvedProfile) -> Permissions:
        """The grants of a resolved profile: its ``actors.*`` rules, inherited up the chain."""
        grants = []
        for action in Action:
            key = f"actors.{action.value}"
            if resolved.has(key):
                rule = resolved.rule(key)
                grants.append(Grant(action, tuple(rule.value), rule.citation, rule.source, rule.quote))
        return cls(resolved.code, resolved.as_of, grants)

    @classmethod
    def unrestricted(cls) -> Permissions:
        """Every action open to every role: only the checks on the context hold."""
        return cls(None, None, ())

    def grant(self, action: Action) -> Grant:
        """The grant of ``action``: its roles and citation, or open."""
        return self.grants[Action(action)]

    def allows(self, role: Role, action: Action) -> bool:
        """Whether ``role`` may take ``action`` (the role alone, before the checks on the context)."""
        return self.grant(action).allows(role)

    def check(self, actor: Actor, action: Action, context: Context | None = None) -> None:
        """Refuse ``actor`` taking ``action`` when its role may not, or the context forbids it.

        Raises:
            PermissionRefused: saying who, which action, why, and the article.
        """
        action = Action(action)
        ctx = context or Context()
        grant = self.grant(action)
        if actor.role is Role.ADMINISTRATOR:
            raise _refuse(actor, action, f"the {Role.ADMINISTRATOR.value} keeps the key register and takes no step "
                          f"of an inspection ({action.value}, {action.label}): separation of duties",
                          "have an actor of the role the profile names take this step")
        if not grant.allows(actor.role):
            roles = "、".join(r.value for r in grant.roles or ())
            raise _refuse(actor, action, f"a {actor.role.value} may not {action.value} ({action.label}) under "
                          f"{self.profile}: {grant.citation} gives it to {roles}",
                          f"have a {roles} of the department take this step")
        if actor.role is Role.INSPECTOR and ctx.team is not None and actor.id not in ctx.team:
            raise _refuse(actor, action, f"{actor.id} was not on the team of the inspection ({TEAM_BASIS})",
                          "the inspectors who inspected enter, feed back and publish their own results")
        if ctx.owner is not None and actor.department != ctx.owner:
            raise _refuse(actor, action, f"the plan belongs to {ctx.owner} (the department that commits and draws "
                          f"it, the lead of a joint plan); {actor.department} may not {action.value} it "
                          f"({LEAD_BASIS})",
                          f"an actor of {ctx.owner} draws; a partner picks its own inspectors in its own draw")
        foreign = sorted(ctx.inspector_departments - set(ctx.departments)) if ctx.departments else []
        if foreign:
            raise _refuse(actor, action, f"the manifest holds inspectors of {', '.join(foreign)}, not of the "
                          f"plan's departments {', '.join(ctx.departments)} ({OWN_BASIS})",
                          "each department draws from its own inspectors; name a joint plan's departments, "
                          "lead first, when the lead draws every department's team")
        if ctx.debtor is not None and actor.role is not Role.INSPECTOR and actor.department != ctx.debtor:
            raise _refuse(actor, action, f"the duty is owed by {ctx.debtor}, not {actor.department}",
                          f"an actor of {ctx.debtor} records it met")

    def markdown(self) -> str:
        """The grants as a Markdown table: step, roles allowed, article, the profile that set it, the source's
        words (docs/permissions.md is made of these)."""
        lines = ["| step | roles allowed | article | set by | the source's words |", "|---|---|---|---|---|"]
        for g in self.grants.values():
            step = f"`{g.action.value}` {g.action.label}"
            if g.roles is None:
                lines.append(f"| {step} | any role | uncited: no document of the chain says who | — | — |")
                continue
            roles = "、".join(r.value for r in g.roles)
            quote = (g.quote or "").replace("|", "\\|")
            lines.append(f"| {step} | {roles} | {g.citation.short() if g.citation else ''} | {g.source} | {quote} |")
        return "\n".join(lines)

    def table(self) -> list[dict[str, Any]]:
        """One row per action: the roles (None: open), the article, the profile that set it, the quote."""
        return [{"action": g.action.value, "label": g.action.label,
                 "roles": None if g.roles is None else [r.value for r in g.roles],
                 "citation": g.citation.short() if g.citation else None, "source": g.source, "quote": g.quote}
                for g in self.grants.values()]
