"""The national root, every provincial-level division (省、自治区、直辖市) and the intermediate city layers
(洛阳, 永州).

They declare where each bureau sits and set no rules: none of their documents is among the sources, and
where a document is silent nothing is invented. Each layer is one plugin object, registered under its own
entry point (``national = "random_inspection_profiles.layers:NATIONAL"``, ``beijing =
"random_inspection_profiles.layers:BEIJING"``, ...). The 31 provincial-level divisions carry their GB/T 2260
codes and official names; a 直辖市 is of provincial level (``JurisdictionLevel.PROVINCE``), and its 区县 sit
directly below it (朝阳区 110105 under 北京市 110000).
"""

from __future__ import annotations

import attrs

from random_inspection.model import Document, Jurisdiction, JurisdictionLevel
from random_inspection.profiles import AreaNames, Profile, hookimpl
from random_inspection_profiles import areas

__all__ = ["NATIONAL", "NATIONAL_BASIS", "PROVINCES", "Layer"]

NATIONAL_BASIS = Document(
    "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见",
    doc_number="国发〔2019〕5号",
    issuer="国务院",
)


@attrs.frozen
class Layer:
    """A profile that only places a jurisdiction in the chain."""

    declaration: Profile
    areas: AreaNames | None = None

    @hookimpl
    def random_inspection_profile(self) -> Profile:
        return self.declaration

    @hookimpl
    def random_inspection_area_names(self) -> list[AreaNames] | None:
        return None if self.areas is None else [self.areas]


def _layer(code: str, area: str, name: str, level: JurisdictionLevel, parent: Profile | None,
           names: AreaNames | None = None) -> Layer:
    jurisdiction = Jurisdiction(area, name, level, parent.jurisdiction.code if parent else None)
    documents = () if parent else (NATIONAL_BASIS,)
    return Layer(Profile(code, name, jurisdiction, parent.code if parent else None, documents), names)


NATIONAL = _layer("national", "000000", "中华人民共和国", JurisdictionLevel.NATIONAL, None)


def _province(code: str, area: str, name: str) -> Layer:
    return _layer(code, area, name, JurisdictionLevel.PROVINCE, NATIONAL.declaration)


# The 31 provincial-level divisions in GB/T 2260 order: 省、自治区、直辖市 are all of provincial level.
BEIJING = _province("beijing", "110000", "北京市")
TIANJIN = _province("tianjin", "120000", "天津市")
HEBEI = _province("hebei", "130000", "河北省")
SHANXI = _province("shanxi", "140000", "山西省")
NEIMENGGU = _province("neimenggu", "150000", "内蒙古自治区")
LIAONING = _province("liaoning", "210000", "辽宁省")
JILIN = _province("jilin", "220000", "吉林省")
HEILONGJIANG = _province("heilongjiang", "230000", "黑龙江省")
SHANGHAI = _province("shanghai", "310000", "上海市")
JIANGSU = _province("jiangsu", "320000", "江苏省")
ZHEJIANG = _province("zhejiang", "330000", "浙江省")
ANHUI = _province("anhui", "340000", "安徽省")
FUJIAN = _province("fujian", "350000", "福建省")
JIANGXI = _province("jiangxi", "360000", "江西省")
SHANDONG = _province("shandong", "370000", "山东省")
HENAN = _province("henan", "410000", "河南省")
HUBEI = _province("hubei", "420000", "湖北省")
HUNAN = _province("hunan", "430000", "湖南省")
GUANGDONG = _province("guangdong", "440000", "广东省")
GUANGXI = _province("guangxi", "450000", "广西壮族自治区")
HAINAN = _province("hainan", "460000", "海南省")
CHONGQING = _province("chongqing", "500000", "重庆市")
SICHUAN = _province("sichuan", "510000", "四川省")
GUIZHOU = _province("guizhou", "520000", "贵州省")
YUNNAN = _province("yunnan", "530000", "云南省")
XIZANG = _province("xizang", "540000", "西藏自治区")
SHAANXI = _province("shaanxi", "610000", "陕西省")
GANSU = _province("gansu", "620000", "甘肃省")
QINGHAI = _province("qinghai", "630000", "青海省")
NINGXIA = _province("ningxia", "640000", "宁夏回族自治区")
XINJIANG = _province("xinjiang", "650000", "新疆维吾尔自治区")

PROVINCES: tuple[Layer, ...] = (
    BEIJING, TIANJIN, HEBEI, SHANXI, NEIMENGGU, LIAONING, JILIN, HEILONGJIANG, SHANGHAI, JIANGSU, ZHEJIANG, ANHUI,
    FUJIAN, JIANGXI, SHANDONG, HENAN, HUBEI, HUNAN, GUANGDONG, GUANGXI, HAINAN, CHONGQING, SICHUAN, GUIZHOU, YUNNAN,
    XIZANG, SHAANXI, GANSU, QINGHAI, NINGXIA, XINJIANG,
)
"""Every provincial-level division's layer, in GB/T 2260 order (each also registered as an entry point)."""

LUOYANG = _layer("luoyang", "410300", "洛阳市", JurisdictionLevel.CITY, HENAN.declaration, areas.LUOYANG)
YONGZHOU = _layer("yongzhou", "431100", "永州市", JurisdictionLevel.CITY, HUNAN.declaration, areas.YONGZHOU)
