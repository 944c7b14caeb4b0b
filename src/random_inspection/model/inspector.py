"""执法人员: the inspectors drawn into teams."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from random_inspection.errors import IneligibleInspectorError, InvalidInputError
from random_inspection.messages import tr
from random_inspection.model._validators import (
    PERSONAL,
    as_optional_enum,
    frozenset_of_str,
    non_empty,
    strip,
    strip_optional,
)
from random_inspection.model.identifiers import (
    normalize_id_number,
    normalize_uscc,
    validate_id_number,
    validate_uscc,
)
from random_inspection.model.vocabulary import Gender

__all__ = ["EnforcementCertificate", "Inspector"]


def _gender(value: Any) -> Gender | None:
    return as_optional_enum(Gender, value)


@attrs.frozen
class EnforcementCertificate:
    """行政执法证: the certificate an inspector must hold (冷水滩 第九条; 偃师 二(二)).

    ``valid_until`` is the last day of validity; ``None`` means no end date is printed.
    """

    number: str = attrs.field(converter=strip, validator=non_empty)
    valid_from: dt.date
    valid_until: dt.date | None = None
    issuer: str | None = attrs.field(default=None, converter=strip_optional)

    def __attrs_post_init__(self) -> None:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise InvalidInputError(
                tr("valid_until {valid_until} is before valid_from {valid_from}", valid_until=self.valid_until,
                   valid_from=self.valid_from),
                where=tr("执法证 {number}", number=self.number),
                fix=tr("check the dates printed on the certificate"),
            )

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the certificate is valid on ``day``."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def is_valid_throughout(self, first: dt.date, last: dt.date) -> bool:
        """Whether the certificate is valid on every day from ``first`` to ``last``."""
        return self.is_valid_on(first) and self.is_valid_on(last)


def _interests(value: Any) -> frozenset[str]:
    return frozenset(normalize_uscc(v) for v in frozenset_of_str(value))


def _check_interests(instance: Inspector, attribute: attrs.Attribute[Any], value: frozenset[str]) -> None:
    for code in sorted(value):
        validate_uscc(code, where=tr("inspector {id}, declared interests", id=instance.id))


def _id_number_or_none(value: Any) -> Any:
    if isinstance(value, str):
        return normalize_id_number(value) or None
    return value


def _check_id_number(instance: Inspector, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        validate_id_number(value, where=tr("inspector {id}, ID number", id=instance.id))


@attrs.frozen
class Inspector:
    """An entry of the 执法人员名录库.

    Attributes:
        id: the pool's own identifier for the person (stable across years).
        name: 姓名.
        unit: 单位 (the section or unit the person belongs to, e.g. 综合行政执法大队).
        department: code of the :class:`~random_inspection.model.Department` (for joint inspections).
        certificate: the 行政执法证.
        specialties: tags of function, kind and specialty (石家庄 二(一)), e.g. ``{"非煤矿山"}``.
        active: still in post; an inactive inspector is never drawn.
        interests: 统一社会信用代码 of subjects the inspector has declared an interest in (回避, 冷水滩 第十四条).
        title: 职务.  gender: 性别.  phone: 手机号码 (personal).  id_number: 公民身份号码 (personal).
        regular_staff: whether the person is one of the bureau's 正式工作人员 (偃师 二(二)): ``True``, ``False``, or
            ``None`` where the roster does not say. A profile that draws only 正式工作人员
            (``pool.inspectors.regular_staff``) leaves out ``False`` and refuses ``None``.
    """

    id: str = attrs.field(converter=strip, validator=non_empty)
    name: str = attrs.field(converter=strip, validator=non_empty)
    unit: str = attrs.field(converter=strip, validator=non_empty)
    department: str = attrs.field(converter=strip, validator=non_empty)
    certificate: EnforcementCertificate
    specialties: frozenset[str] = attrs.field(factory=frozenset, converter=frozenset_of_str, kw_only=True)
    active: bool = attrs.field(default=True, kw_only=True)
    interests: frozenset[str] = attrs.field(
        factory=frozenset, converter=_interests, validator=_check_interests, kw_only=True
    )
    title: str | None = attrs.field(default=None, converter=strip_optional, kw_only=True)
    gender: Gender | None = attrs.field(default=None, converter=_gender, kw_only=True)
    phone: str | None = attrs.field(
        default=None, converter=strip_optional, kw_only=True, metadata={PERSONAL: True}
    )
    id_number: str | None = attrs.field(
        default=None,
        converter=_id_number_or_none,
        validator=_check_id_number,
        kw_only=True,
        metadata={PERSONAL: True},
    )
    regular_staff: bool | None = attrs.field(
        default=None, kw_only=True, validator=attrs.validators.optional(attrs.validators.instance_of(bool))
    )

    def may_inspect_on(self, day: dt.date) -> bool:
        """Active and holding a 执法证 valid on ``day``."""
        return self.active and self.certificate.is_valid_on(day)

    def require_eligible(self, first: dt.date, last: dt.date | None = None) -> None:
        """Raise :class:`IneligibleInspectorError` unless active with a 执法证 valid from ``first`` to ``last``."""
        last = last or first
        where = tr("inspector {id} ({name})", id=self.id, name=self.name)
        if not self.active:
            raise IneligibleInspectorError(
                tr("is not active in the {roster}", roster="执法人员名录库"), where=where,
                fix=tr("remove the person from the pool or mark them active again"),
            )
        if not self.certificate.is_valid_throughout(first, last):
            span = tr("on {day}", day=first) if first == last else tr("throughout {first} to {last}", first=first,
                                                                        last=last)
            raise IneligibleInspectorError(
                tr("{term} {number} (valid {valid_from} to {valid_until}) is not valid {span}", term="执法证",
                   number=self.certificate.number, valid_from=self.certificate.valid_from,
                   valid_until=self.certificate.valid_until or tr("open"), span=span),
                where=where,
                fix=tr("renew the 执法证 and update the roster, or leave the person out of this draw"),
            )

    def has_interest_in(self, uscc: str) -> bool:
        """Whether the inspector declared an interest in the subject with this 统一社会信用代码."""
        return normalize_uscc(uscc) in self.interests
