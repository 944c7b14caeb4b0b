"""专家: the experts of a plan's roster, with whom a recused inspector may swap (冷水滩 第十四条
回避可采取与其他执法检查人员或专家交换被检查对象的方式). The roster is frozen into the manifest with the
inspectors (draw-v3), so that no one picks the expert after the draw."""

from __future__ import annotations

from typing import Any

import attrs

from random_inspection.messages import tr
from random_inspection.model._validators import frozenset_of_str, non_empty, strip
from random_inspection.model.identifiers import normalize_uscc, validate_uscc

__all__ = ["Expert"]


def _interests(value: Any) -> frozenset[str]:
    return frozenset(normalize_uscc(v) for v in frozenset_of_str(value))


def _check_interests(instance: Expert, attribute: attrs.Attribute[Any], value: frozenset[str]) -> None:
    for code in sorted(value):
        validate_uscc(code, where=tr("expert {id}, declared interests", id=instance.id))


@attrs.frozen
class Expert:
    """An entry of a plan's expert roster (专家).

    Attributes:
        id: the roster's identifier for the person; never the id of an inspector of the same plan.
        name: 姓名 (kept by the bureau; the manifest commits it by a salted tag, the disclosure shows the id only).
        id_number: 身份证号 or another ID number, where given (committed with the name; never published).
        specialties: tags of the expert's field, e.g. ``{"非煤矿山"}`` (published, not counted in team quotas:
            an expert is not a 执法检查人员).
        interests: 统一社会信用代码 of subjects the expert has declared an interest in (committed by tags, as the
            inspectors' are).
    """

    id: str = attrs.field(converter=strip, validator=non_empty)
    name: str = attrs.field(default="", converter=strip)
    id_number: str = attrs.field(default="", converter=strip, kw_only=True)
    specialties: frozenset[str] = attrs.field(factory=frozenset, converter=frozenset_of_str)
    interests: frozenset[str] = attrs.field(factory=frozenset, converter=_interests, validator=_check_interests)
