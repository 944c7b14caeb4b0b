"""Departments and jurisdictions."""

from __future__ import annotations

from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model._validators import area_code, as_enum, non_empty, strip, strip_optional
from random_inspection.model.vocabulary import JurisdictionLevel

__all__ = ["Department", "Jurisdiction"]

NATIONAL_CODE = "000000"


def _level_of_code(code: str) -> JurisdictionLevel:
    if code == NATIONAL_CODE:
        return JurisdictionLevel.NATIONAL
    if code.endswith("0000"):
        return JurisdictionLevel.PROVINCE
    if code.endswith("00"):
        return JurisdictionLevel.CITY
    return JurisdictionLevel.DISTRICT


def _level(value: Any) -> JurisdictionLevel:
    return as_enum(JurisdictionLevel, value)


@attrs.frozen
class Jurisdiction:
    """An administrative area whose bureau makes rules: code (GB/T 2260), name, level and parent.

    The level must agree with the code (``xx0000`` a province, ``xxxx00`` a city, any other a district,
    ``000000`` the nation) and a parent's code must contain this one (偃师区 410307 under 洛阳市 410300).
    """

    code: str = attrs.field(converter=strip, validator=area_code)
    name: str = attrs.field(converter=strip, validator=non_empty)
    level: JurisdictionLevel = attrs.field(converter=_level)
    parent: str | None = attrs.field(default=None, converter=strip_optional)

    def __attrs_post_init__(self) -> None:
        where = tr("jurisdiction {code} {name}", code=self.code, name=self.name)
        expected = _level_of_code(self.code)
        if self.level is not expected:
            raise InvalidInputError(
                tr("level {value} does not fit code {code} (a {value2} code)", value=self.level.value, code=self.code,
                   value2=expected.value),
                where=where, fix=tr("set level to {value} or correct the code", value=expected.value),
            )
        if self.level is JurisdictionLevel.NATIONAL:
            if self.parent is not None:
                raise InvalidInputError(tr("the nation has no parent"), where=where, fix=tr("leave parent empty"))
            return
        if self.parent is None:
            raise InvalidInputError(
                tr("has no parent"), where=where, fix=tr("give the code of the province, city or nation above it")
            )
        if not _contains(self.parent, self.code):
            raise InvalidInputError(
                tr("parent {parent} does not contain {code}", parent=self.parent, code=self.code), where=where,
                fix=tr("give the code of the area this one lies in"),
            )


def _contains(parent: str, child: str) -> bool:
    if parent == child:
        return False
    level = _level_of_code(parent)
    prefix = {JurisdictionLevel.NATIONAL: 0, JurisdictionLevel.PROVINCE: 2, JurisdictionLevel.CITY: 4}.get(level)
    return prefix is not None and child[:prefix] == parent[:prefix]


@attrs.frozen
class Department:
    """A department taking part in inspections, e.g. 市应急管理局 and 市市场监管局 in a 鹤壁 joint plan.

    Attributes:
        code: a short stable code chosen by the user (``"yjj"``, ``"scjgj"``) referenced by inspectors and items.
        name: the department's name as it signs documents.
        jurisdiction: GB/T 2260 code of the jurisdiction the department belongs to.
    """

    code: str = attrs.field(converter=strip, validator=non_empty)
    name: str = attrs.field(converter=strip, validator=non_empty)
    jurisdiction: str = attrs.field(converter=strip, validator=area_code)
