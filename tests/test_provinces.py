"""Every provincial-level division (省、自治区、直辖市) ships as a layer, and two plugins claiming one jurisdiction
or one code are named, both of them."""

from __future__ import annotations

import importlib.metadata
from types import SimpleNamespace

import pytest

from random_inspection.errors import InvalidInputError, ProfileError
from random_inspection.model import Jurisdiction, JurisdictionLevel
from random_inspection.profiles import ENTRY_POINT_GROUP, Profile, ProfileRegistry, hookimpl

# GB/T 2260: the 31 provincial-level divisions, their codes and official names
PROVINCES = {
    "beijing": ("110000", "北京市"), "tianjin": ("120000", "天津市"), "hebei": ("130000", "河北省"),
    "shanxi": ("140000", "山西省"), "neimenggu": ("150000", "内蒙古自治区"), "liaoning": ("210000", "辽宁省"),
    "jilin": ("220000", "吉林省"), "heilongjiang": ("230000", "黑龙江省"), "shanghai": ("310000", "上海市"),
    "jiangsu": ("320000", "江苏省"), "zhejiang": ("330000", "浙江省"), "anhui": ("340000", "安徽省"),
    "fujian": ("350000", "福建省"), "jiangxi": ("360000", "江西省"), "shandong": ("370000", "山东省"),
    "henan": ("410000", "河南省"), "hubei": ("420000", "湖北省"), "hunan": ("430000", "湖南省"),
    "guangdong": ("440000", "广东省"), "guangxi": ("450000", "广西壮族自治区"), "hainan": ("460000", "海南省"),
    "chongqing": ("500000", "重庆市"), "sichuan": ("510000", "四川省"), "guizhou": ("520000", "贵州省"),
    "yunnan": ("530000", "云南省"), "xizang": ("540000", "西藏自治区"), "shaanxi": ("610000", "陕西省"),
    "gansu": ("620000", "甘肃省"), "qinghai": ("630000", "青海省"), "ningxia": ("640000", "宁夏回族自治区"),
    "xinjiang": ("650000", "新疆维吾尔自治区"),
}


def plugin(profile: Profile) -> object:
    @hookimpl
    def random_inspection_profile() -> Profile:
        return profile

    return SimpleNamespace(random_inspection_profile=random_inspection_profile)


@pytest.fixture(scope="module")
def registry() -> ProfileRegistry:
    return ProfileRegistry()


def test_all_31_load_with_their_codes_names_and_level(registry: ProfileRegistry) -> None:
    provinces = {p.code: p for p in registry.profiles.values() if p.jurisdiction.level is JurisdictionLevel.PROVINCE}
    assert len(PROVINCES) == 31 and len({area for area, _ in PROVINCES.values()}) == 31
    assert {code: (p.jurisdiction.code, p.name) for code, p in provinces.items()} == PROVINCES
    for code, (area, name) in PROVINCES.items():
        profile = registry.profile(code)
        assert (profile.jurisdiction.code, profile.jurisdiction.name, profile.parent) == (area, name, "national")
        assert profile.jurisdiction.parent == "000000" and profile.rules == ()  # a layer sets no rules
        assert [p.code for p in registry.chain(code)] == [code, "national"]
    entry_points = {ep.name: ep.value for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}
    assert all(entry_points[code] == f"random_inspection_profiles.layers:{code.upper()}" for code in PROVINCES)


def test_the_bureaus_still_sit_under_their_provinces(registry: ProfileRegistry) -> None:
    assert [p.code for p in registry.chain("yanshi")] == ["yanshi", "luoyang", "henan", "national"]
    assert [p.code for p in registry.chain("shijiazhuang")] == ["shijiazhuang", "hebei", "national"]
    assert [p.code for p in registry.chain("lengshuitan")] == ["lengshuitan", "yongzhou", "hunan", "national"]


def test_a_district_of_a_municipality_sits_directly_under_it(registry: ProfileRegistry) -> None:
    chaoyang = Profile("chaoyang", "朝阳区应急管理局", Jurisdiction("110105", "朝阳区", "县区", "110000"), "beijing")
    loaded = ProfileRegistry(plugins=[("chaoyang", plugin(chaoyang))])
    assert [p.code for p in loaded.chain("chaoyang")] == ["chaoyang", "beijing", "national"]
    assert registry.profile("beijing").jurisdiction.level is JurisdictionLevel.PROVINCE  # 直辖市: provincial level
    with pytest.raises(InvalidInputError, match="level 市 does not fit code 110000"):
        Jurisdiction("110000", "北京市", "市", "000000")


def test_two_plugins_claiming_one_jurisdiction_are_both_named() -> None:
    second = Profile("jingshi", "北京市应急管理局", Jurisdiction("110000", "北京市", "省", "000000"), "national")
    with pytest.raises(ProfileError) as info:
        ProfileRegistry(plugins=[("my-beijing", plugin(second))])
    message = str(info.value)
    assert "two profiles claim the jurisdiction 110000 北京市: plugin beijing and plugin my-beijing" in message
    assert "--block beijing" in message and "--block my-beijing" in message
    # blocking either one resolves it
    assert ProfileRegistry(plugins=[("my-beijing", plugin(second))], blocked=["beijing"]).profile("jingshi")


def test_two_plugins_declaring_one_code_are_both_named() -> None:
    again = Profile("beijing", "北京市", Jurisdiction("110105", "朝阳区", "县区", "110000"), "national")
    with pytest.raises(ProfileError, match="two profiles claim the code beijing: plugin beijing and plugin copy"):
        ProfileRegistry(plugins=[("copy", plugin(again))])
