"""市场主体: the subjects drawn for inspection."""

from __future__ import annotations

from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model._validators import (
    PERSONAL,
    TAKEN_AS_IT_IS,
    area_code,
    as_enum,
    as_optional_enum,
    non_empty,
    strip,
    strip_optional,
)
from random_inspection.model.identifiers import (
    is_valid_uscc,
    normalize_uscc,
    valid_usccs,
    validate_registration_number,
    validate_uscc,
)
from random_inspection.model.vocabulary import (
    CreditRiskClass,
    EnforcementDomain,
    IndustryTradeSector,
    SubjectStatus,
    SubjectType,
)

__all__ = ["Contact", "Subject"]

def _uscc(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not is_valid_uscc(value):  # the quick test first: the message is built only for a code that fails
        validate_uscc(value, where=tr("field {field}", field=attribute.name))


def _normalize_uscc(value: Any) -> Any:
    # Validation happens in the validator so that the error names the field; here only normalise strings.
    return normalize_uscc(value) if isinstance(value, str) else value


def _registration_number(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None  # none known (most subjects registered since 2015 have none)
    return validate_registration_number(value, where=tr("the subject's registration number"))


def _domain(value: Any) -> EnforcementDomain:
    return as_enum(EnforcementDomain, value)


def _subject_type(value: Any) -> SubjectType:
    return as_enum(SubjectType, value)


def _sector(value: Any) -> str | None:
    """One of the six named sectors as its :class:`IndustryTradeSector`; another 工贸 sector as its text (偃师 二(一)
    lists them with 等: the list is open)."""
    if isinstance(value, str) and value.strip() not in {s.value for s in IndustryTradeSector}:
        return value.strip() or None
    return as_optional_enum(IndustryTradeSector, value)


def _status(value: Any) -> SubjectStatus:
    return as_enum(SubjectStatus, value)


def _credit_risk(value: Any) -> CreditRiskClass | None:
    return as_optional_enum(CreditRiskClass, value)


@attrs.frozen
class Contact:
    """Contact data of a subject. Personal data: kept for service of documents (许昌 第十六条 直接送达、邮寄送达),
    never published."""

    legal_representative: str | None = attrs.field(
        default=None, converter=strip_optional, metadata={PERSONAL: True}
    )
    phone: str | None = attrs.field(default=None, converter=strip_optional, metadata={PERSONAL: True})
    address: str | None = attrs.field(default=None, converter=strip_optional)


@attrs.frozen(weakref_slot=False)  # no weak-reference slot: 16 bytes less a record in a registry of millions
class Subject:
    """A 市场主体 in the 检查对象名录库.

    Attributes:
        uscc: 统一社会信用代码, normalised and validated (GB 32100-2015).
        name: registered name.
        subject_type: 市场主体类型.
        domain: the enforcement domain (监管领域) whose pool and checklist apply.
        sector: the 工贸 sector when ``domain`` is 工贸, else ``None``: one of 冶金/有色/建材/机械/轻工/纺织 as its
            :class:`IndustryTradeSector`, another sector as its text (the list of 偃师 二(一) ends with 等).
        industry: 所属行业 as registered (free text or a GB/T 4754 code), used by directed draws.
        area_code: GB/T 2260 code of the 行政区划 where the subject is registered.
        status: 登记状态; only 存续 subjects may be drawn.
        credit_risk: 企业信用风险分类 A-D, when known.
        on_serious_violation_list: on the 严重违法失信企业名单 (lifts the yearly cap, 冷水滩 第十五条).
        abnormal_operation: in 经营异常 state (lifts the yearly cap, 冷水滩 第十五条).
        penalised: already given an administrative penalty for a violation (lifts the cap, 冷水滩 第十五条).
        contact: contact data (personal in part; never published).
        registration_number: the 15-digit 注册号 of before the 统一社会信用代码 (GS 15—2006), where known; 鹤壁's
            附件2 has a column for it.
    """

    uscc: str = attrs.field(converter=_normalize_uscc, validator=_uscc, metadata={TAKEN_AS_IT_IS: valid_usccs})
    name: str = attrs.field(converter=strip, validator=non_empty)
    domain: EnforcementDomain = attrs.field(converter=_domain)
    area_code: str = attrs.field(converter=strip, validator=area_code)
    subject_type: SubjectType = attrs.field(
        default=SubjectType.ENTERPRISE, converter=_subject_type, kw_only=True
    )
    sector: str | None = attrs.field(
        default=None, converter=_sector, kw_only=True
    )
    industry: str | None = attrs.field(default=None, converter=strip_optional, kw_only=True)
    status: SubjectStatus = attrs.field(
        default=SubjectStatus.EXISTING, converter=_status, kw_only=True
    )
    credit_risk: CreditRiskClass | None = attrs.field(
        default=None, converter=_credit_risk, kw_only=True
    )
    on_serious_violation_list: bool = attrs.field(default=False, kw_only=True)
    abnormal_operation: bool = attrs.field(default=False, kw_only=True)
    penalised: bool = attrs.field(default=False, kw_only=True)
    contact: Contact = attrs.field(factory=Contact, kw_only=True)
    registration_number: str | None = attrs.field(default=None, converter=_registration_number, kw_only=True)

    @sector.validator
    def _check_sector(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and self.domain is not EnforcementDomain.INDUSTRY_TRADE:
            raise InvalidInputError(
                tr("sector {sector_name} is given but domain is {value}, not 工贸", sector_name=self.sector_name,
                   value=self.domain.value),
                where=tr("subject {uscc}", uscc=self.uscc),
                fix=tr("set domain to 工贸 or leave sector empty"),
            )

    @property
    def sector_name(self) -> str | None:
        """The 工贸 sector as text (冶金, or another sector's name), ``None`` when there is none."""
        value = self.sector
        return value.value if isinstance(value, IndustryTradeSector) else value

    @property
    def in_existence(self) -> bool:
        """Whether the subject is 存续 and so may be drawn."""
        return self.status.in_existence

    @property
    def exempt_from_yearly_cap(self) -> bool:
        """Whether a situation of 冷水滩 第十五条 lifting the yearly cap applies (严重违法失信企业名单, 经营异常,
        already penalised)."""
        return self.on_serious_violation_list or self.abnormal_operation or self.penalised
