"""Hypothesis strategies for realistic, valid data: identifiers, subjects, inspectors and rosters.

Needs ``hypothesis`` (the library's ``test`` extra). Every value these strategies make passes the model's
own validation, so outside test suites can generate registries and inspector pools to test against.

>>> from hypothesis import given
>>> from random_inspection.testing.strategies import subjects
>>> @given(subjects(domains=["非煤矿山"]))
... def test_mines(subject): assert subject.domain.value == "非煤矿山"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

from hypothesis import strategies as st

from random_inspection.model import (
    Contact,
    CreditRiskClass,
    EnforcementCertificate,
    EnforcementDomain,
    IndustryTradeSector,
    Inspector,
    Subject,
    SubjectStatus,
    SubjectType,
)
from random_inspection.model.identifiers import (
    USCC_ALPHABET,
    id_number_check_character,
    organization_code_check_character,
    uscc_check_character,
)

T = TypeVar("T")

__all__ = ["area_codes", "certificates", "id_numbers", "inspectors", "rosters", "subjects", "usccs"]

# District and city codes of the five jurisdictions and their neighbours (GB/T 2260).
AREA_CODES = (
    "411002", "411003", "411024", "411025", "411081", "411082",  # 许昌
    "410602", "410603", "410611", "410621", "410622",  # 鹤壁
    "410302", "410303", "410304", "410305", "410307", "410308",  # 洛阳 (410307 偃师区)
    "130102", "130104", "130105", "130107", "130108",  # 石家庄
    "431102", "431103",  # 永州 (431103 冷水滩区)
)
_BODY = [c for c in USCC_ALPHABET]
_CN_NAME_PARTS = ("示例", "安泰", "恒信", "华兴", "永盛", "宏达", "新能")
_CN_TRADES = ("机械制造", "化工", "建材", "纺织", "铸造", "仓储", "石料开采", "烟花爆竹批发")


_rarely = st.integers(0, 19).map(lambda k: k == 0)


def area_codes() -> st.SearchStrategy[str]:
    """A GB/T 2260 district code from the five jurisdictions."""
    return st.sampled_from(AREA_CODES)


@st.composite
def usccs(draw: st.DrawFn, area_code: str | None = None) -> str:
    """A valid 统一社会信用代码 (GB 32100-2015) of an enterprise registered by market supervision (91…)."""
    area = area_code or draw(area_codes())
    body = "".join(draw(st.lists(st.sampled_from(_BODY), min_size=8, max_size=8)))
    first17 = "91" + area + body + organization_code_check_character(body)
    return first17 + uscc_check_character(first17)


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    """A valid 公民身份号码 (GB 11643-1999) with a birth date between 1960 and 2004."""
    area = draw(area_codes())
    born = draw(st.dates(dt.date(1960, 1, 1), dt.date(2004, 12, 31)))
    first17 = area + born.strftime("%Y%m%d") + f"{draw(st.integers(0, 999)):03d}"
    return first17 + id_number_check_character(first17)


@st.composite
def subjects(
    draw: st.DrawFn,
    domains: Sequence[str | EnforcementDomain] | None = None,
    areas: Sequence[str] | None = None,
    existing: bool | None = True,
) -> Subject:
    """A valid :class:`Subject`: ``existing=True`` (the default) makes only 存续 subjects, ``False`` only others,
    ``None`` any status."""
    domain = EnforcementDomain(draw(st.sampled_from(list(domains or EnforcementDomain))))
    area = draw(st.sampled_from(list(areas or AREA_CODES)))
    sector = draw(st.sampled_from(list(IndustryTradeSector))) if domain is EnforcementDomain.INDUSTRY_TRADE else None
    if existing is None:
        status = draw(st.sampled_from(list(SubjectStatus)))
    elif existing:
        status = SubjectStatus.EXISTING
    else:
        status = draw(st.sampled_from([s for s in SubjectStatus if s is not SubjectStatus.EXISTING]))
    prefix, trade = draw(st.sampled_from(_CN_NAME_PARTS)), draw(st.sampled_from(_CN_TRADES))
    name = f"{prefix}{trade}有限公司{draw(st.integers(1, 999))}"
    return Subject(
        draw(usccs(area_code=area)),
        name,
        domain,
        area,
        subject_type=draw(st.sampled_from(list(SubjectType))),
        sector=sector,
        status=status,
        credit_risk=draw(st.none() | st.sampled_from(list(CreditRiskClass))),
        # Each situation that lifts the yearly cap is the exception, as in a real registry (about 1 in 20).
        on_serious_violation_list=draw(_rarely),
        abnormal_operation=draw(_rarely),
        penalised=draw(_rarely),
        contact=Contact(address=f"示例路{draw(st.integers(1, 999))}号"),
    )


@st.composite
def certificates(draw: st.DrawFn, valid_on: dt.date | None = None) -> EnforcementCertificate:
    """A 行政执法证; with ``valid_on``, one valid on that date."""
    if valid_on is None:
        start = draw(st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)))
    else:
        start = valid_on - dt.timedelta(days=draw(st.integers(0, 5 * 365)))
    last_needed = max(start, valid_on or start)
    end = None if draw(st.booleans()) else last_needed + dt.timedelta(days=draw(st.integers(0, 6 * 365)))
    return EnforcementCertificate(f"证{draw(st.integers(100000, 999999))}", start, end)


@st.composite
def inspectors(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str] | None = None,
    specialties: Sequence[str] = tuple(d.value for d in EnforcementDomain),
    valid_on: dt.date | None = None,
) -> Inspector:
    """A valid :class:`Inspector` (active, with a certificate valid on ``valid_on`` when given)."""
    pid = draw(ids or st.from_regex(r"[A-Z]{2}[0-9]{4}", fullmatch=True))
    return Inspector(
        pid,
        f"执法人员{pid}",
        draw(st.sampled_from(("执法监察支队", "综合行政执法大队", "工贸行业安全监督管理科"))),
        draw(st.sampled_from(("yjj", "scjgj"))),
        draw(certificates(valid_on=valid_on)),
        specialties=draw(st.frozensets(st.sampled_from(list(specialties)), max_size=2)),
        id_number=draw(st.none() | id_numbers()),
    )


def rosters(items: st.SearchStrategy[T], *, min_size: int = 1, max_size: int = 30) -> st.SearchStrategy[list[T]]:
    """A roster: a list of subjects (unique 统一社会信用代码) or inspectors (unique ids)."""
    return st.lists(items, min_size=min_size, max_size=max_size, unique_by=_roster_key)


def _roster_key(record: object) -> str:
    return record.uscc if isinstance(record, Subject) else str(getattr(record, "id", record))
