"""Writes the demo's synthetic 鹤壁 rosters (src/random_inspection/data/demo/hebi/): a registry of industrial
enterprises in 鹤壁's districts, an inspector pool of the two departments of the 2020 joint plan, and the
checklist of 附件4. Run it to regenerate them; the output is deterministic. All names and numbers are made up."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from random_inspection.io import write_roster
from random_inspection.model import (
    Contact,
    EnforcementCertificate,
    Inspector,
    Subject,
)
from random_inspection.model.identifiers import (
    id_number_check_character,
    organization_code_check_character,
    registration_number_check_digit,
    uscc_check_character,
)
from random_inspection_profiles.hebi import CHECKLIST

OUT = Path(__file__).resolve().parent.parent / "src" / "random_inspection" / "data" / "demo" / "hebi"
AREAS = ("410602", "410603", "410611", "410621", "410622")  # 鹤山区 山城区 淇滨区 浚县 淇县
TRADES = (("机械", "机械制造"), ("建材", "水泥制品"), ("轻工", "食品加工"), ("纺织", "纺织"), ("冶金", "铸造"),
          ("有色", "铝制品加工"))
WORDS = ("鑫源", "恒达", "华泰", "宏远", "瑞丰", "金桥", "永盛", "东方", "淇水", "太行", "朝歌", "嘉禾")


def _n(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest(), 16)


def _uscc(i: int, area: str) -> str:
    org = "".join("0123456789ABCDEFGHJKLMNPQRTUWXY"[_n("uscc", i, k) % 31] for k in range(8))
    body = "91" + area + org + organization_code_check_character(org)
    return body + uscc_check_character(body)


def subjects() -> list[Subject]:
    out = []
    for i in range(1, 31):
        area = AREAS[i % len(AREAS)]
        sector, industry = TRADES[i % len(TRADES)]
        name = f"鹤壁{WORDS[i % len(WORDS)]}{industry}有限公司{i:02d}"
        registration = None
        if i % 3 == 0:  # older enterprises still carry their 注册号
            first14 = area + f"{_n('reg', i) % 10**8:08d}"
            registration = first14 + registration_number_check_digit(first14)
        status = "注销" if i == 7 else "吊销" if i == 19 else "存续"
        out.append(Subject(
            _uscc(i, area), name, "工贸", area, sector=sector, industry=industry, status=status,
            credit_risk="ABCD"[_n("risk", i) % 4], registration_number=registration,
            contact=Contact(f"法定代表人{i:02d}", f"1370392{i:04d}", f"{AREAS.index(area) + 1}号工业园{i}号"),
        ))
    return out


def inspectors() -> list[Inspector]:
    people = []
    # 单位 is the inspector's section alone: the department (部门代码) names the bureau, and 附件1 writes the
    # department's name before the unit (鹤壁市应急管理局 + 工贸科)
    units = {"yjj": ("安全生产执法监察支队", "工贸科", "危化科"), "scjgj": ("特种设备安全监察科", "执法稽查支队")}
    for n in range(1, 13):
        department = "yjj" if n <= 6 else "scjgj"
        sections = units[department]
        born = dt.date(1970, 1, 1) + dt.timedelta(days=_n("born", n) % 9000)
        first17 = f"410602{born:%Y%m%d}{_n('seq', n) % 1000:03d}"
        until = dt.date(2020, 9, 10) if n == 5 else dt.date(2025, 12, 31)  # one 执法证 lapses before the plan
        people.append(Inspector(
            f"HB{n:03d}", f"执法人员{n:02d}", sections[n % len(sections)], department,
            EnforcementCertificate(f"豫{'AJ' if department == 'yjj' else 'AS'}4106{n:03d}", dt.date(2018, 1, 1),
                                   until, "鹤壁市人民政府"),
            specialties=["工贸"] if department == "yjj" else ["特种设备"],
            title=("科员", "副科长", "科长")[n % 3], gender="男女"[n % 2],
            phone=f"1393928{n:04d}", id_number=first17 + id_number_check_character(first17),
        ))
    return people


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    write_roster(OUT / "subjects.xlsx", "subjects", subjects())
    write_roster(OUT / "inspectors.xlsx", "inspectors", inspectors())
    path = write_roster(OUT / "checklist.csv", "checklist", CHECKLIST)
    # a Chinese Excel saves “CSV (逗号分隔)” in GB18030: the demo reads it as such
    path.write_bytes(path.read_text(encoding="utf-8-sig").encode("gb18030"))
    print(f"wrote {OUT}")
