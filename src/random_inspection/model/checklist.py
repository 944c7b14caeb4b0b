"""抽查事项: the items of the 随机抽查事项清单."""

from __future__ import annotations

from typing import Any

import attrs

from random_inspection.model._validators import as_enum, as_optional_enum, non_empty, strip, strip_optional
from random_inspection.model.vocabulary import EnforcementDomain, ItemClass

__all__ = ["CHECKLIST_FIELD_LABELS", "ChecklistItem"]

CHECKLIST_FIELD_LABELS = {
    "事项名称": "name", "名称": "name",
    "内容": "content", "抽查内容": "content", "检查内容": "content",
    "依据": "legal_basis", "抽查依据": "legal_basis", "检查依据": "legal_basis",
    "抽查主体": "department", "检查主体": "department",
    "抽查方式": "method", "检查方式": "method",
}
"""The words a document may use for the parts each checklist item must state (a profile's ``checklist.fields``),
and the :class:`ChecklistItem` field that holds each. A profile's rule naming a part outside this list is
refused when it is loaded, so no requirement is silently unchecked."""


def _domains(value: Any) -> frozenset[EnforcementDomain]:
    if isinstance(value, (str, EnforcementDomain)):
        value = [value]
    return frozenset(as_enum(EnforcementDomain, v) for v in value)


def _item_class(value: Any) -> ItemClass | None:
    return as_optional_enum(ItemClass, value)


@attrs.frozen
class ChecklistItem:
    """One item of the 随机抽查事项清单. Each item states its name, content, legal basis, inspecting body and
    method (许昌 第六条; 冷水滩 第七条); nothing outside the list may be inspected (许昌 第五条; 石家庄 二(三)).

    Attributes:
        code: the item's code in the list (e.g. the provincial “互联网+监管” 事项编码).
        name: 事项名称.  content: 抽查内容.
        legal_basis: 抽查依据, or ``None`` where the list does not state it (鹤壁 附件4 lists items only); a
            profile whose document requires it (许昌 第六条) reports the gap when a plan is checked.
        department: code of the inspecting department (抽查主体).
        method: 抽查方式 as the list states it (e.g. 实地核查).
        domains: the enforcement domains the item applies to; empty means every domain.
        item_class: 一般 or 重点 where the list says (:class:`~random_inspection.model.ItemClass`); ``None``
            where it does not.
    """

    code: str = attrs.field(converter=strip, validator=non_empty)
    name: str = attrs.field(converter=strip, validator=non_empty)
    content: str = attrs.field(converter=strip, validator=non_empty)
    legal_basis: str | None = attrs.field(converter=strip_optional)
    department: str = attrs.field(converter=strip, validator=non_empty)
    method: str | None = attrs.field(default=None, converter=strip_optional, kw_only=True)
    domains: frozenset[EnforcementDomain] = attrs.field(factory=frozenset, converter=_domains, kw_only=True)
    item_class: ItemClass | None = attrs.field(default=None, converter=_item_class, kw_only=True)

    def applies_to(self, domain: EnforcementDomain) -> bool:
        """Whether the item may be drawn for a subject of ``domain``."""
        return not self.domains or domain in self.domains
