"""The county-level divisions (区、县、县级市) under the built-in bureaus' cities, by GB/T 2260 code, copied from
the Ministry of Civil Affairs' list. The bureaus' profiles (许昌, 鹤壁, 石家庄) and the city layers (洛阳 for 偃师,
永州 for 冷水滩) answer them through the hook ``random_inspection_area_names``.

The names were read from two public transcriptions of the official lists and agree in every code: the 国家统计局
2023年统计用区划代码 (its six-digit prefixes; the statistical-only 开发区 codes xx71–xx73 are left out, they are no
administrative division) and a GB/T 2260 list kept from the 民政部 announcements. Recent changes they carry: 许昌县
became 建安区 411003; 偃师市 410381 became 偃师区 410307 and 孟津县 with 吉利区 became 孟津区 410308 (2021); 祁阳县
became 祁阳市 431181 (2021).
"""

from __future__ import annotations

from random_inspection.profiles import AreaNames

__all__ = ["HEBI", "LUOYANG", "SHIJIAZHUANG", "SOURCE", "XUCHANG", "YONGZHOU"]

SOURCE = "民政部《2023年中华人民共和国县以上行政区划代码》（截至2023年12月31日）"
"""The code list the names are copied from, with its date."""

XUCHANG = AreaNames(SOURCE, {
    "411002": "魏都区", "411003": "建安区", "411024": "鄢陵县", "411025": "襄城县", "411081": "禹州市",
    "411082": "长葛市",
})
HEBI = AreaNames(SOURCE, {
    "410602": "鹤山区", "410603": "山城区", "410611": "淇滨区", "410621": "浚县", "410622": "淇县",
})
LUOYANG = AreaNames(SOURCE, {
    "410302": "老城区", "410303": "西工区", "410304": "瀍河回族区", "410305": "涧西区", "410307": "偃师区",
    "410308": "孟津区", "410311": "洛龙区", "410323": "新安县", "410324": "栾川县", "410325": "嵩县",
    "410326": "汝阳县", "410327": "宜阳县", "410328": "洛宁县", "410329": "伊川县",
})
YONGZHOU = AreaNames(SOURCE, {
    "431102": "零陵区", "431103": "冷水滩区", "431122": "东安县", "431123": "双牌县", "431124": "道县",
    "431125": "江永县", "431126": "宁远县", "431127": "蓝山县", "431128": "新田县", "431129": "江华瑶族自治县",
    "431181": "祁阳市",
})
SHIJIAZHUANG = AreaNames(SOURCE, {
    "130102": "长安区", "130104": "桥西区", "130105": "新华区", "130107": "井陉矿区", "130108": "裕华区",
    "130109": "藁城区", "130110": "鹿泉区", "130111": "栾城区", "130121": "井陉县", "130123": "正定县",
    "130125": "行唐县", "130126": "灵寿县", "130127": "高邑县", "130128": "深泽县", "130129": "赞皇县",
    "130130": "无极县", "130131": "平山县", "130132": "元氏县", "130133": "赵县", "130181": "辛集市",
    "130183": "晋州市", "130184": "新乐市",
})
