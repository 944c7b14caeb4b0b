"""What a profile can set: the catalogue of rule keys, their value kinds, and cited rule values.

Every rule a profile sets is a :class:`Rule`: a key from :data:`CATALOGUE` (or a key of the profile package's
own, declared with a :class:`RuleSpec` — see :func:`RuleSpec.custom`), a value of the key's kind, and the
:class:`~random_inspection.model.Citation` of the article it comes from. A key outside the catalogue and not
declared, or a value of the wrong kind, is refused when the profile is loaded — a misspelled rule is an error,
not silence.

A rule may be a *default* the source qualifies (原则上, 一般, 可以, 除特殊情况外: ``qualifier``), from which a plan
may depart only with a recorded reason; and a list the source leaves open (it ends with 等: ``open_list``), which
names examples rather than everything.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError, ProfileError
from random_inspection.messages import tr
from random_inspection.model import (
    CHECKLIST_FIELD_LABELS,
    Action,
    ChecklistItem,
    Citation,
    DayRange,
    Department,
    EnforcementDomain,
    IndustryTradeSector,
    ItemClass,
    RecordField,
    ResultScheme,
    Role,
    TeamRule,
)
from random_inspection.model.convert import unstructure
from random_inspection.profiles.checks import Check
from random_inspection.profiles.occasions import OCCASION_ACTIONS, Occasion
from random_inspection.profiles.same_act import SameAct
from random_inspection.timelimits import CountingOverride, CutOff, Days, Months, WorkingDays

__all__ = [
    "BUILT_IN_NAMESPACES",
    "CATALOGUE",
    "WHO_TAKES",
    "Event",
    "Kind",
    "Rule",
    "RuleSpec",
    "TeamRule",
    "render_value",
]


class Kind(str, enum.Enum):
    """The kind of value a rule key takes."""

    FLAG = "flag"  # bool
    COUNT = "count"  # int >= 1
    RATIO = "ratio"  # Fraction in (0, 1]
    PERIOD = "period"  # WorkingDays | Days | Months
    TEXT = "text"  # str, as the source words it
    TEXTS = "texts"  # tuple[str, ...], in the source's order
    DOMAINS = "domains"  # tuple[EnforcementDomain, ...]
    SECTORS = "sectors"  # tuple[IndustryTradeSector, ...]
    SCHEME = "scheme"  # ResultScheme
    TEAM_RULES = "team_rules"  # tuple[TeamRule, ...]
    DEPARTMENTS = "departments"  # tuple[Department, ...]
    CHECKLIST = "checklist"  # tuple[ChecklistItem, ...]
    ROLES = "roles"  # tuple[Role, ...]: the roles that may take an action
    DAY_RANGE = "day_range"  # DayRange: first and last day, with the source's words
    ITEM_CLASS = "item_class"  # ItemClass: 一般 or 重点
    RECORD_FIELDS = "record_fields"  # tuple[RecordField, ...]: optional fields of a published inspection record


class Event(str, enum.Enum):
    """The event a time limit runs from."""

    INSPECTION_ENDED = "检查结束"
    RESULT_PRODUCED = "检查结果产生"
    TRANSFER_RECEIVED = "收到移交函"
    CASE_CLOSED = "结案"


@attrs.frozen
class RuleSpec:
    """One key of the catalogue: its kind, a title, what it means and, for a time limit, the event it runs
    from (a profile's quote says where its document words it otherwise, e.g. 偃师 二(三) 自检查结果产生之日起)."""

    key: str
    kind: Kind
    title: str
    meaning: str
    runs_from: Event | None = None

    @property
    def namespace(self) -> str:
        """The part of the key before the first dot (``limit``, or a profile package's own, ``xuchang``)."""
        return self.key.split(".", 1)[0]

    @classmethod
    def custom(cls, key: str, kind: Kind, title: str, meaning: str, runs_from: Event | None = None) -> RuleSpec:
        """A key of a profile package's own: ``namespace.name`` (lower-case ASCII, digits, ``_``), whose namespace
        is none of the catalogue's (``scope``, ``draw``, ``limit``, ...) — by convention the profile's code —
        with its kind, its title in the source's words and what it means. Declare it in the profile
        (``Profile(keys=...)``) and set it with :meth:`rule`.

        Raises:
            ProfileError: a malformed key, a namespace of the catalogue's, or no title or meaning.
        """
        if not isinstance(key, str) or not _CUSTOM_KEY.fullmatch(key):
            raise ProfileError(tr("{key!r} is not a key of the form namespace.name", key=key),
                               where=tr("the profile's own rule key"),
                               fix=tr("use lower-case letters, digits and _, e.g. 'weidu.key_inspections'"))
        if key.split(".", 1)[0] in BUILT_IN_NAMESPACES:
            raise ProfileError(
                tr("{key} uses the catalogue's namespace {split!r}",
                   key=key,
                   split=key.split('.', 1)[0]), where=tr("the profile's own rule key"),
                fix=tr("put a key of your own under your profile's code, e.g. 'weidu.<name>'"),
            )
        if not isinstance(kind, Kind):
            raise ProfileError(tr("kind {kind!r} is not a Kind",
                                  kind=kind), where=tr("rule {key}", key=key), fix=tr("use a member of "
                                                                                               "Kind"))
        for name, text in (("title", title), ("meaning", meaning)):
            if not isinstance(text, str) or not text.strip():
                raise ProfileError(tr("no {name}", name=name), where=tr("rule {key}", key=key),
                                   fix=tr("give the {name} ({value})", name=name,
                                          value='the source’s words' if name == 'title' else 'English'))
        return cls(key, kind, title, meaning, runs_from)

    def rule(self, value: Any, citation: Citation, quote: str | None = None, **options: Any) -> Rule:
        """A :class:`Rule` setting this key (for a key of the catalogue, as ``Rule(key, ...)``)."""
        return Rule(self.key, value, citation, quote, spec=None if self.key in CATALOGUE else self, **options)


_CUSTOM_KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


def _spec(
    key: str, kind: Kind, title: str, meaning: str, runs_from: Event | None = None
) -> tuple[str, RuleSpec]:
    return key, RuleSpec(key, kind, title, meaning, runs_from)


WHO_TAKES = "：由谁进行"
"""How the catalogue's title of an ``actors.<action>`` key ends after the action's name (“移交检查记录：由谁进行”)."""

CATALOGUE: Mapping[str, RuleSpec] = dict([
    # scope
    _spec("scope.planned_only", Kind.FLAG, "只适用于依法依计划的检查",
          "double-random applies to planned inspections only"),
    _spec("scope.excluded_triggers", Kind.TEXTS, "不适用“双随机”的检查原因",
          "triggers whose inspections are never double-random"),
    _spec("scope.principles", Kind.TEXTS, "原则", "principles the document states"),
    # pools
    _spec("pool.subjects.scope", Kind.TEXT, "检查对象范围", "which subjects make up the pool"),
    _spec("pool.subjects.domains", Kind.DOMAINS, "检查企业名录库分类", "the domains the subject pool is split into"),
    _spec("pool.subjects.sectors", Kind.SECTORS, "工贸行业", "the 工贸 sectors in scope"),
    _spec("pool.inspectors.requirement", Kind.TEXT, "执法人员条件", "who may be in the inspector pool"),
    _spec("pool.inspectors.units", Kind.TEXTS, "执法人员所在单位", "the units inspectors are drawn from"),
    _spec("pool.inspectors.regular_staff", Kind.FLAG, "正式工作人员",
          "only the bureau's 正式工作人员 are drawn (the roster's 正式工作人员 column says who is)"),
    _spec("pool.inspectors.certificate_issuer", Kind.TEXT, "行政执法证核发机关",
          "the authority whose 行政执法证 an inspector holds (the roster's 发证机关 column)"),
    _spec("pool.inspectors.tags", Kind.TEXTS, "执法人员分类标注", "how inspectors are tagged for matching"),
    _spec("pool.inspectors.kept_current", Kind.FLAG, "执法人员名录库动态调整",
          "the inspector pool follows staff moves"),
    # plans
    _spec("plan.annual_fixed_by", Kind.TEXT, "年度检查计划确定时间", "when the next year's plan is fixed"),
    _spec("plan.annual_contents", Kind.TEXTS, "年度检查计划内容", "what an annual plan must contain"),
    _spec("plan.window", Kind.DAY_RANGE, "检查时间", "the days a campaign's inspections take place, as the plan "
          "sets them (apart from the document's period of force)"),
    _spec("plan.published", Kind.FLAG, "抽查工作方案公示", "each draw's plan is published; changes too"),
    _spec("plan.platform_only", Kind.FLAG, "平台之外无抽查", "draws only on the platform"),
    _spec("plan.platform", Kind.TEXT, "抽取平台",
          "the platform the draw is made on, in the source's words (an external draw, docs/platforms.md)"),
    # draw
    _spec("draw.types", Kind.TEXTS, "抽查类型", "the kinds of draw"),
    _spec("draw.undirected_balance", Kind.TEXT, "不定向抽查原则", "how undirected draws are balanced"),
    _spec("draw.directed_conditions", Kind.TEXTS, "定向抽查条件", "conditions a directed draw may set"),
    _spec("draw.min_ratio", Kind.RATIO, "抽查比例下限", "least share of the year's pool to draw"),
    _spec("draw.min_ratio_items", Kind.ITEM_CLASS, "抽查比例适用的抽查事项",
          "the class of checklist items the ratio floor is set for; a plan of items all of another class is not "
          "held to it"),
    _spec("draw.fixed_count", Kind.COUNT, "抽取户数", "a fixed number of subjects to draw"),
    _spec("draw.credit_risk_share", Kind.RATIO, "信用风险分类抽查占比",
          "least share of draws that use the credit-risk classes"),
    _spec("draw.high_risk_emphasis", Kind.FLAG, "高风险主体加大比例和频次",
          "higher ratio and frequency for key items, areas and high-risk subjects"),
    _spec("draw.system_assigns", Kind.FLAG, "系统随机分配", "the system assigns inspectors to subjects at random"),
    _spec("frequency.yearly_cap", Kind.COUNT, "同一年度对同一企业抽查次数上限",
          "most inspections of one enterprise a year"),
    _spec("frequency.cap_exemptions", Kind.TEXTS, "不受次数限制的企业", "enterprises the yearly cap does not protect"),
    # teams
    _spec("team.rules", Kind.TEAM_RULES, "检查组组成", "team size and specialty quotas"),
    _spec("team.cover_all_items", Kind.FLAG, "确保完成对所有抽查事项的检查", "a team covers every checklist item"),
    _spec("team.by_industry", Kind.FLAG, "依据被检查单位的行业特点抽取执法人员",
          "the number and kind of inspectors follow the subject's industry"),
    _spec("team.leader", Kind.FLAG, "组长负责制", "each team has a leader"),
    _spec("team.own_timing", Kind.FLAG, "自主确定具体的检查时间", "the team picks its date inside the plan's window"),
    _spec("recusal.procedure", Kind.TEXTS, "回避方式", "how an inspector with an interest withdraws"),
    _spec("recusal.expert_swap", Kind.FLAG, "回避可与专家交换被检查对象",
          "a recused inspector may swap with an expert of the plan's committed expert roster (draw-v3)"),
    # checklist
    _spec("checklist.fields", Kind.TEXTS, "抽查事项清单要素", "what each checklist item states"),
    _spec("checklist.only_listed", Kind.FLAG, "清单之外无检查", "nothing outside the checklist is inspected"),
    _spec("checklist.source", Kind.TEXT, "抽查事项清单依据", "the list the checklist is aligned with"),
    _spec("checklist.items", Kind.CHECKLIST, "抽查事项", "the checklist items the document itself lists"),
    _spec("checklist.areas", Kind.TEXTS, "执法检查内容", "the areas the checklist covers"),
    _spec("inspection.methods", Kind.TEXTS, "检查方式", "how inspections may be done"),
    _spec("inspection.other_findings", Kind.TEXT, "利用其他部门检查结果和专业结论",
          "findings of other departments and experts the bureau may rely on"),
    _spec("inspection.preparation", Kind.TEXTS, "实施检查前", "what inspectors do before inspecting"),
    _spec("inspection.records_kept", Kind.TEXTS, "归档材料", "records archived after an inspection"),
    # results
    _spec("results.scheme", Kind.SCHEME, "检查结果", "the result codes and handling outcomes"),
    _spec("results.non_cooperation", Kind.TEXTS, "不予配合情节严重",
          "situations that count as serious non-cooperation"),
    _spec("results.referral", Kind.TEXTS, "问题处理", "what happens to a suspected violation"),
    # time limits
    _spec("limit.feedback", Kind.PERIOD, "反馈检查结果", "feedback to the subject after the inspection ends",
          Event.INSPECTION_ENDED),
    _spec("limit.publication", Kind.PERIOD, "录入平台并公开", "results entered and published", Event.INSPECTION_ENDED),
    _spec("limit.publication_portal", Kind.PERIOD, "门户网站和企业信用平台公开",
          "inspection published on the bureau's portal and the credit platform", Event.INSPECTION_ENDED),
    _spec("limit.record_handover", Kind.PERIOD, "移交检查记录", "joint records handed to the office",
          Event.INSPECTION_ENDED),
    _spec("limit.problem_transfer", Kind.PERIOD, "问题线索移交", "problems transferred by letter",
          Event.INSPECTION_ENDED),
    _spec("limit.case_or_reply", Kind.PERIOD, "立案查处或书面回复", "receiving department opens a case or replies",
          Event.TRANSFER_RECEIVED),
    _spec("limit.case_outcome", Kind.PERIOD, "结案后告知并公示行政处罚信息",
          "outcome notified and penalty published after closing", Event.CASE_CLOSED),
    _spec("feedback.service", Kind.TEXTS, "反馈检查结果的送达方式", "how the result is served on the subject"),
    # follow-up
    _spec("followup.entry", Kind.TEXT, "后续处理结果录入", "where and how follow-up results are entered"),
    _spec("followup.no_exception", Kind.FLAG, "后续处置无例外",
          "every inspection that found a problem owes a follow-up until its 后续处理 is entered"),
    _spec("followup.rectification", Kind.TEXTS, "督促企业落实整改", "rectification, re-inspection and closure"),
    _spec("followup.violations", Kind.TEXTS, "违法行为处理", "decisions after a violation is found"),
    # disclosure
    _spec("disclosure.platforms", Kind.TEXTS, "公开平台", "where results are published"),
    _spec("disclosure.whole_process", Kind.TEXTS, "全过程公开", "the stages of the work made public"),
    _spec("disclosure.contents", Kind.TEXTS, "公开内容", "what a published result contains"),
    _spec("disclosure.inspection_only", Kind.FLAG, "公示只针对检查行为本身",
          "the publication covers the inspection act only; later penalties are published separately"),
    _spec("disclosure.principle", Kind.TEXT, "公开原则", "who enters and publishes"),
    _spec("disclosure.record_fields", Kind.RECORD_FIELDS, "公开的检查记录内容",
          "the optional fields of an inspection's record the disclosure publishes (fed_back, opinion)"),
    # joint inspections
    _spec("joint.lead", Kind.TEXT, "牵头部门", "the department that leads a joint plan"),
    _spec("joint.departments", Kind.DEPARTMENTS, "联合抽查部门", "the departments of a joint plan"),
    _spec("joint.annual_plan", Kind.FLAG, "年度跨部门抽查计划", "a yearly cross-department plan covering every item"),
    _spec("joint.lead_procedure", Kind.TEXTS, "牵头发起的部门联合双随机", "steps when the bureau leads"),
    _spec("joint.partner_procedure", Kind.TEXTS, "参与协同的部门联合双随机", "steps when the bureau is a partner"),
    _spec("joint.share", Kind.RATIO, "联合抽查占比", "share of draws and subjects that are joint"),
    _spec("joint.office_agrees_results", Kind.FLAG, "共同协商汇总结果", "the joint office agrees results with all"),
    # who may do what: one key per action (random_inspection.model.Action), the roles that may take it
    *(_spec(f"actors.{a.value}", Kind.ROLES, f"{a.label}{WHO_TAKES}", f"the roles that may take the step {a.value}")
      for a in Action),
    # ... on an occasion (profiles/occasions.py): the grant where the plan is joint; else actors.<action> holds
    *(_spec(o.key(a), Kind.ROLES, f"{o.label}：{a.label}由谁进行",
            f"the roles that may take the step {a.value} on {o.where}; else actors.{a.value}")
      for o in (Occasion.JOINT_LEAD, Occasion.JOINT_PARTNER) for a in OCCASION_ACTIONS),
    # the checks beyond the role (profiles/checks.py): the source's words stating each, where a document does
    *(_spec(c.key, Kind.TEXT, c.label, f"{c.meaning}: the source's words stating it") for c in Check),
    # forms
    _spec("forms.filed", Kind.TEXTS, "报送表格", "the forms the bureau files"),
    _spec("conduct", Kind.TEXTS, "工作纪律", "conduct required of inspectors"),
])
"""Every key of the shared catalogue, in the order ``explain`` lists them. A profile package adds keys of its
own with :meth:`RuleSpec.custom`."""

BUILT_IN_NAMESPACES = frozenset(spec.namespace for spec in CATALOGUE.values())
"""The namespaces of the catalogue's keys; a profile's own keys use none of them."""


_PERIOD_TYPES = (WorkingDays, Days, Months)


def _tuple_of(kind: type[Any]) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, tuple) and bool(v) and all(isinstance(x, kind) for x in v)


_CHECKS: Mapping[Kind, tuple[Callable[[Any], bool], str]] = {
    Kind.FLAG: (lambda v: isinstance(v, bool), "True or False"),
    Kind.COUNT: (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1, "a whole number ≥ 1"),
    Kind.RATIO: (lambda v: isinstance(v, Fraction) and 0 < v <= 1, "a Fraction in (0, 1], as Fraction(1, 10)"),
    Kind.PERIOD: (lambda v: isinstance(v, _PERIOD_TYPES), "WorkingDays(n), Days(n) or Months(n)"),
    Kind.TEXT: (lambda v: isinstance(v, str) and bool(v.strip()), "non-empty text"),
    Kind.TEXTS: (_tuple_of(str), "a non-empty tuple of texts"),
    Kind.DOMAINS: (_tuple_of(EnforcementDomain), "a tuple of EnforcementDomain"),
    Kind.SECTORS: (_tuple_of(IndustryTradeSector), "a tuple of IndustryTradeSector"),
    Kind.SCHEME: (lambda v: isinstance(v, ResultScheme), "a ResultScheme"),
    Kind.TEAM_RULES: (_tuple_of(TeamRule), "a tuple of TeamRule"),
    Kind.DEPARTMENTS: (_tuple_of(Department), "a tuple of Department"),
    Kind.CHECKLIST: (_tuple_of(ChecklistItem), "a tuple of ChecklistItem"),
    Kind.ROLES: (lambda v: _tuple_of(Role)(v) and len(set(v)) == len(v), "a tuple of distinct Role"),
    Kind.DAY_RANGE: (lambda v: isinstance(v, DayRange), "a DayRange(first, last, words)"),
    Kind.ITEM_CLASS: (lambda v: isinstance(v, ItemClass), "an ItemClass (ORDINARY 一般, KEY 重点)"),
    Kind.RECORD_FIELDS: (lambda v: _tuple_of(RecordField)(v) and len(set(v)) == len(v),
                         "a tuple of distinct RecordField"),
}
_LISTS = frozenset({Kind.TEXTS, Kind.DOMAINS, Kind.SECTORS, Kind.DEPARTMENTS, Kind.CHECKLIST})


def _check_value(instance: Rule, attribute: attrs.Attribute[Any], value: Any) -> None:
    spec = instance.spec
    check, expected = _CHECKS[spec.kind]
    if not check(value):
        raise InvalidInputError(
            tr("value {value!r} is not {expected}", value=value, expected=expected),
            where=tr("rule {key}", key=instance.key),
            fix=tr("give {expected} ({value}: {meaning})", expected=expected, value=spec.kind.value,
                   meaning=spec.meaning),
        )
    if instance.key == "checklist.fields":
        unknown = [label for label in value if label not in CHECKLIST_FIELD_LABELS]
        if unknown:
            raise InvalidInputError(
                tr("{unknown} is no part of a checklist item the library can check", unknown='、'.join(unknown)),
                where=tr("rule {key}", key=instance.key),
                fix=tr("use the document's word among: {checklist_field_labels} (CHECKLIST_FIELD_LABELS); for "
                       "another part, declare a key of your own and check it in random_inspection_check_plan",
                       checklist_field_labels='、'.join(CHECKLIST_FIELD_LABELS)),
            )


def _check_key(instance: Rule, attribute: attrs.Attribute[Any], key: str) -> None:
    declared = instance.declared
    if declared is not None:
        if not isinstance(declared, RuleSpec) or declared.key != key or key in CATALOGUE:
            raise InvalidInputError(
                tr("rule {key} carries the spec {declared!r}", key=key, declared=declared),
                                    where=tr("the profile's rule"),
                fix=tr("set a key of your own with its RuleSpec (SPEC.rule(value, citation)); a catalogue key "
                       "needs none"),
            )
        if declared.namespace in BUILT_IN_NAMESPACES:
            raise InvalidInputError(tr("{key} uses a namespace of the catalogue", key=key),
                                    where=tr("the profile's rule"),
                                    fix=tr("declare it with RuleSpec.custom under your profile's code"))
        return
    if not isinstance(key, str) or key not in CATALOGUE:
        key = str(key)
        near = [k for k in CATALOGUE if k.split(".")[-1] == key.split(".")[-1] or k.startswith(key.split(".")[0])]
        raise InvalidInputError(
            tr("unknown rule key {key!r}; did you mean {near}?", key=key, near=", ".join(near[:3])) if near
            else tr("unknown rule key {key!r}", key=key), where=tr("the profile's rule"),
            fix=tr("use a key of random_inspection.profiles.CATALOGUE (see docs/profiles.md), or declare a key of "
                   "your own with RuleSpec.custom and set it with SPEC.rule(value, citation)"),
        )


def _check_citation(instance: Rule, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Citation):
        raise InvalidInputError(tr("citation {value!r} is not a Citation", value=value),
                                where=tr("rule {key}", key=instance.key),
                                fix=tr("cite with Document.cite('第十六条') or Citation(document, article, ...)"))


def _optional_words(problem: str, fix: str) -> Callable[[Rule, attrs.Attribute[Any], Any], None]:
    """A validator of an optional text field of a rule: ``None``, or words that are not blank."""
    def check(instance: Rule, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise InvalidInputError(tr("{name} {value!r} {problem}",
                                       name=attribute.name,
                                       value=value,
                                       problem=problem), where=tr("rule {key}", key=instance.key), fix=fix)
    return check


_check_qualifier = _optional_words("is not the source's word",
                                   "quote the word that makes the rule a default: 原则上, 一般, 可以, 除特殊情况外")
_check_reading = _optional_words("gives no reason",
                                 "say what the profile reads the words as and why, or leave reading out")


def _check_open_list(instance: Rule, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidInputError(tr("open_list {value!r} is not True or False",
                                   value=value), where=tr("rule {key}", key=instance.key),
                                fix=tr("give open_list=True where the source's list ends with 等"))
    if value and instance.spec.kind not in _LISTS:
        raise InvalidInputError(tr("open_list on a {value} rule",
                                   value=instance.spec.kind.value), where=tr("rule {key}", key=instance.key),
                                fix=tr("only a list (texts, domains, sectors, departments, checklist) can be open"))


def _check_time_limit_option(instance: Rule, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``cut_off``, ``counting`` and ``also_governs``: on a time limit only, each of its type."""
    empty = value is None or value == ()
    if empty:
        return
    expected = {"cut_off": (CutOff, "a CutOff(time, source)"),
                "counting": (CountingOverride, "a CountingOverride(citation, ...)")}.get(attribute.name)
    if expected is not None and not isinstance(value, expected[0]):
        raise InvalidInputError(tr("{name} {value!r} is not {expected}", name=attribute.name, value=value,
                                   expected=expected[1]), where=tr("rule {key}", key=instance.key),
                                fix=tr("give {expected}, or leave it out", expected=expected[1]))
    if attribute.name == "also_governs":
        if not isinstance(value, tuple) or not all(isinstance(v, SameAct) for v in value):
            raise InvalidInputError(tr("also_governs {value!r} is not a tuple of SameAct",
                                       value=value), where=tr("rule {key}", key=instance.key),
                                    fix=tr("give (SameAct(key, citation, reason), ...)"))
        if any(v.key == instance.key for v in value):
            raise InvalidInputError(tr("a rule governs its own act already"), where=tr("rule {key}", key=instance.key),
                                    fix=tr("name another time limit in also_governs"))
    if instance.spec.kind is not Kind.PERIOD:
        raise InvalidInputError(tr("{name} on a {value} rule",
                                   name=attribute.name,
                                   value=instance.spec.kind.value), where=tr("rule {key}", key=instance.key),
                                fix=tr("only a time limit (kind period) takes {name}", name=attribute.name))


def _check_title(instance: Rule, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidInputError(tr("the title {value!r} is blank or no text", value=value),
                                where=tr("rule {key}", key=instance.key),
                                fix=tr("give the key's title in the source's words, or leave title out to show the "
                                       "catalogue's"))


def _tuple_or_empty(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@attrs.frozen
class Rule:
    """A rule value a profile sets, with its citation and, optionally, the source's own words.

    Attributes:
        key: a key of :data:`CATALOGUE`, or of the profile package's own (then ``declared`` is its spec).
        value: a value of the key's kind.
        citation: the article it comes from (its document must be one the profile declares).
        quote: the source's words.
        runs_from: for a time limit worded from another event than the catalogue's.
        qualifier: the word that makes the rule a default (原则上, 一般, 可以, 除特殊情况外): a plan may depart
            from it with a recorded reason; ``None`` for a rule that binds.
        open_list: the source's list ends with 等: the value names examples, not every case.
        reading: where the words leave a choice (an actor the text does not name, an event a period runs from
            that it does not state, a flag inferred from a role), the choice the profile makes and why — a
            labelled interpretation, shown by ``explain`` and ``docs/fidelity.md``; ``None`` where the value is
            the text's own.
        declared: the :class:`RuleSpec` of a key of the profile package's own.
        cut_off: for a time limit whose act is done where there are business hours, the time its last day ends
            (民法典 第二百零三条第二款), citing where the hours come from; ``None``: 24:00.
        counting: for a time limit a law counts otherwise, that law's way (民法典 第二百零四条); ``None``: the
            Civil Code's.
        also_governs: for a time limit that governs the act of another limit too (two articles, one act), the
            other limits: the act is due by the earlier deadline (:class:`SameAct`).
        title: the key's title in the profile's own words, where the catalogue's is neutral and the source names
            what the key governs (a form the library does not name: 鹤壁 五(五) 移交《联合抽查记录表》); it comes
            from the rule's citation, and ``explain`` shows it in place of the catalogue's.
    """

    key: str = attrs.field(validator=_check_key)
    value: Any = attrs.field(validator=_check_value)
    citation: Citation = attrs.field(validator=_check_citation)
    quote: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    runs_from: Event | None = attrs.field(default=None, kw_only=True)
    qualifier: str | None = attrs.field(default=None, kw_only=True, validator=_check_qualifier)
    open_list: bool = attrs.field(default=False, kw_only=True, validator=_check_open_list)
    reading: str | None = attrs.field(default=None, kw_only=True, validator=_check_reading)
    declared: RuleSpec | None = attrs.field(default=None, kw_only=True, alias="spec")
    cut_off: CutOff | None = attrs.field(default=None, kw_only=True, validator=_check_time_limit_option)
    counting: CountingOverride | None = attrs.field(default=None, kw_only=True, validator=_check_time_limit_option)
    also_governs: tuple[SameAct, ...] = attrs.field(default=(), kw_only=True, converter=_tuple_or_empty,
                                                    validator=_check_time_limit_option)
    title: str | None = attrs.field(default=None, kw_only=True, validator=_check_title)

    @property
    def event(self) -> Event | None:
        """The event a time limit runs from: this rule's own, else the key's."""
        return self.runs_from or self.spec.runs_from

    @property
    def spec(self) -> RuleSpec:
        """The key's spec: the catalogue's, or the profile package's own."""
        return self.declared if self.declared is not None else CATALOGUE[self.key]

    @property
    def departable(self) -> bool:
        """Whether the rule is a default a plan may depart from with a recorded reason."""
        return self.qualifier is not None


def render_value(value: Any) -> Any:
    """A rule value as plain JSON-ready data (periods as their Chinese label, ratios as ``"1/10"``)."""
    if isinstance(value, _PERIOD_TYPES):
        return value.label
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, DayRange):
        return {"first": value.first.isoformat(), "last": value.last.isoformat(), "words": value.words}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, TeamRule):
        return {"size": value.size, "domain": value.domain.value if value.domain else None,
                "quotas": dict(value.quotas)}
    if isinstance(value, tuple):
        return [render_value(v) for v in value]
    if isinstance(value, (ResultScheme, Department, ChecklistItem)):
        data: Any = unstructure(value)
        return data
    return value
