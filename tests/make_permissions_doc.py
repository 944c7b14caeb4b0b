"""Writes docs/permissions.md from the profiles: `python -m tests.make_permissions_doc`.

tests/test_docs_permissions.py checks that the file is what this writes, so the tables never drift from the
profiles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from random_inspection.model import Action, Role
from random_inspection.profiles import Occasion, ProfileRegistry
from random_inspection.store import ACTION_OF_KIND
from random_inspection.workflow import ACTION_OF_STEP, RECORDS_HANDED_OVER, profile_steps

DOC = Path(__file__).resolve().parents[1] / "docs" / "permissions.md"

# each profile on a day its document is in force
AS_OF = (("xuchang", dt.date(2024, 6, 3)), ("lengshuitan", dt.date(2024, 6, 3)),
         ("shijiazhuang", dt.date(2024, 6, 3)), ("hebi", dt.date(2020, 7, 10)), ("yanshi", dt.date(2023, 6, 1)))

INTRO = """\
# Who may do what: roles and permissions per profile

Every step of the work is taken by an **actor** (`random_inspection.model.Actor`: id, name, role, department)
and recorded in the ledger under that actor, signed with the actor's key (see [store.md](store.md#signed-entries)).
A profile says which **role** may take which **action**, with the article that says so: one `actors.<action>`
rule per action (the `roles` kind of the [rule catalogue](profiles.md#the-rule-catalogue)), resolved up the
chain like every rule, and shown by `explain` with its source.

{roles}
## Actions, and what they are in the ledger and the workflow

The actions do not repeat the ledger's entry kinds or the workflow's steps; each of those maps to one action
(`random_inspection.store.ACTION_OF_KIND`, `random_inspection.workflow.ACTION_OF_STEP`). A duty recorded as met
(`record_obligation_met`) is the action of the step that met it. A `step_recorded` entry (`record_step`) is the
action of what it records (`store.steps.RecordedStep.action`): a finding on a checklist item is `record_result`,
a step the action of that step (every other step `meet_obligation`). A step named by a form of a profile's
documents is the profile's own (`random_inspection.profiles.ProfileStep`, declared on the duty it meets), and says
its action itself; the library's `records_handed_over` is worded by the profile (鹤壁: 移交《联合抽查记录表》).

"""

CONTEXT = """\
## Occasions

Who takes a plan's step may depend on the plan: 许应急〔2023〕14号 gives an ordinary plan's draw to the 业务科室
and the 局双随机领导小组办公室 (第十条、第十三条, the profile's reading), but a joint plan it leads is planned and
drawn by the 牵头业务科室、局属单位 alone (第二十二条(一)(二)), and its part in a joint plan is planned and its
inspectors drawn by the 相关业务科室、局属单位 that take part (第二十三条(一)(二)). A profile sets such a grant
with `actors.<occasion>.<action>`, for the steps on a plan (`commit_plan`, `draw`, `recusal`, `use_reserve`):

| occasion | the plans | key |
|---|---|---|
{occasions}

The store names the occasion of each step (`Context.occasion`): a plan committed with two or more departments is
its lead's (`joint_lead`); a team plan `PLAN/DEPARTMENT` of a joint plan's partner is that partner's own part
(`joint_partner`); every other plan is ordinary. Where a profile sets no grant for the occasion, the ordinary
grant, `actors.<action>`, holds. The tables below list an occasion's grant in a row of its own.

## The checks beyond the role

These hold under every profile, and with no profile at all (`Permissions.unrestricted()`); no profile can lift
them. What a profile gives each is its **basis**: the `checks.<name>` rule of its chain, in the source's words and
cited (偃师 二(三) “谁检查、谁录入、谁公开”, 冷水滩 第五条 “谁检查、谁反馈”, 许昌 第二条, 第二十二条(二)、(三),
第二十三条(二)), or, where no document of the chain states the check, a library **assumption**, labelled as one
with its reason. A refusal names the basis: the article and words, or `assumed: …; no document of the chain
states it`. The tables below give each profile's.

* `own_inspection`: an inspector records, feeds back, hands over and publishes only an inspection whose team they
  were on, and records only their own recusal;
* an inspector's team is the team in force (`Store.in_force`): the team drawn, after the recusals recorded on
  the draw (a recused inspector is off it), a reserve subject with the team of the place it took, a joint plan's
  partner with its own team draw. A result is accepted only for a subject in force of a committed, drawn plan,
  with exactly its team in force, for one of the plan's departments; a role granted recording besides the
  inspectors (鹤壁's 联合抽查办公室) records only for its own plan's departments;
* `plan_owner`: a plan belongs to the department of its *first* commit: only that department's actors re-commit
  it, draw it, use its reserve or record a recusal in it (besides the inspector recusing themself). A joint plan
  is committed with its departments, lead first, and only the lead commits and draws it: a partner never draws
  for the lead;
* `own_inspectors`: a plan's manifest holds only the inspectors of the plan's departments: each department picks
  its own. Where the document says so itself (许昌 第二十二条(三) 各部门自行选派抽查人员), a joint plan's lead holds
  its own inspectors only, and each partner draws its own in its team plan; where the check is assumed, a joint
  plan naming its departments may draw them all (鹤壁 五(一): one office, one 执法人员库);
* `duty_owner`: a duty is recorded as met by an actor of the department that owes it (an inspector is checked
  against the team instead: a joint team's inspectors come from several departments); a duty only an office owes
  (鹤壁 五(六)'s transfer, the 双随机办's) is owed by no department, and its role alone is checked;
* `no_administrator`: the 系统管理员 (`ADMINISTRATOR`) takes no step at all: it enrols and revokes the actors' keys
  in the store's ledger (see [store.md](store.md#the-key-register)) and nothing else, under every profile and for
  uncited steps too ("any role" below means any role but the 系统管理员). Separation of duties: whoever decides
  whose key counts never commits, draws or records with one. No document names the post, so its basis is always
  the library's assumption.

A refused attempt raises `PermissionRefused` (who, which action, why, the article or the labelled assumption) and
is recorded as a `refused` entry naming the actor, signed with the signer the actor gave, so the attempt is
attributable.

## Where the documents are silent

A step no document of a profile's chain assigns is **uncited**: any role may take it (the checks above still
hold). The national root and the provincial and city layers set no rules — none of their documents is among the
sources — so nothing is inherited from them, and no article is invented. The tables below say "uncited" for
those steps, and "assumed" for a check no document of the chain states. A bureau that assigns them in its own
rules adds `actors.*` and `checks.*` rules with their citations.

## The tables

Generated from the profiles by `python -m tests.make_permissions_doc`; a test checks they match.

"""


ROLES = {
    Role.DOUBLE_RANDOM_OFFICE: (
        "许昌 局双随机领导小组办公室 (设在政策法规科, 第三条); 冷水滩 法规股 (第十三条); "
        "偃师 法规科 (四.1); 鹤壁 市“双随机、一公开”工作领导小组办公室 (五(六))"),
    Role.JOINT_OFFICE: "鹤壁 联合抽查领导小组办公室 (五(一)、五(五))",
    Role.UNDERTAKING_SECTION: (
        "a department's section that plans and carries out its inspections: "
        "许昌 承担检查职责的相关科室、局属单位 (第十四条); "
        "冷水滩 局各股室、承办执法股室 (第十三条、第十七条); "
        "石家庄 监管科室、综合执法科室 (二(三))"),
    Role.INSPECTOR: ("the inspectors of an inspection team "
                     "(许昌 检查人员; 偃师 检查人员; 冷水滩 综合检查小组; 鹤壁 检查组)"),
    Role.RECEIVING_DEPARTMENT: "a department that receives transferred problems (鹤壁 五(六))",
    Role.ADMINISTRATOR: ("the store's administrator, who enrols and revokes the actors' keys in the ledger "
                         "(docs/store.md, The key register); no document names the post, and no profile grants "
                         "it a step: whoever keeps the keys takes no step of an inspection, not even an uncited "
                         "one (separation of duties)"),
}
"""Who each role is in the documents."""


def generate() -> str:
    registry = ProfileRegistry()
    kinds: dict[Action, list[str]] = {}
    for kind, action in ACTION_OF_KIND.items():
        kinds.setdefault(action, []).append(f"`{kind.value}`")
    steps: dict[Action, list[str]] = {}
    for step, action in ACTION_OF_STEP.items():
        steps.setdefault(action, []).append(step.value)
    steps.setdefault(RECORDS_HANDED_OVER.action, []).append(f"`{RECORDS_HANDED_OVER.key}`")
    for code, day in AS_OF:  # the steps of a profile's own say their action
        for own in profile_steps(registry.resolve(code, day)):
            steps.setdefault(own.action, []).append(f"{own.value} ({code})")
    for action in (Action.RECORD_RESULT, *steps, Action.MEET_OBLIGATION):  # a finding, or a step: its action
        if "`step_recorded`" not in kinds.setdefault(action, []):
            kinds[action].append("`step_recorded`")
    mapping = ["| action | 中文 | ledger entry kinds | steps that meet a duty |", "|---|---|---|---|"]
    mapping += [f"| `{a.value}` | {a.label} | {', '.join(kinds.get(a, [])) or '—'} | "
                f"{'、'.join(steps.get(a, [])) or ('every other step' if a is Action.MEET_OBLIGATION else '—')} |"
                for a in Action]
    roles = ["## Roles", "", "| role | value | who it is in the documents |", "|---|---|---|"]
    roles += [f"| `{r.name}` | {r.value} | {ROLES[r]} |" for r in Role]
    occasions = "\n".join(f"| `{o.value}` {o.label} | {o.where} | "
                          f"{'`actors.<action>`' if o is Occasion.ORDINARY else f'`actors.{o.value}.<action>`'} |"
                          for o in Occasion)
    parts = [INTRO.format(roles="\n".join(roles) + "\n"), "\n".join(mapping), "\n\n",
             CONTEXT.format(occasions=occasions)]
    for code, day in AS_OF:
        resolved = registry.resolve(code, day)
        chain = " → ".join(p.code for p in resolved.chain)
        parts.append(f"### {resolved.profile.name} (`{code}`), as of {day.isoformat()}\n\n"
                     f"Chain: {chain}.\n\n{resolved.permissions().markdown()}\n\n")
    return "".join(parts).rstrip("\n") + "\n"


if __name__ == "__main__":
    DOC.write_text(generate(), encoding="utf-8")
