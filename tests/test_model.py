"""Tests of the model layer: value objects, their validators, result schemes, citations and the converter."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import (
    DataError,
    IdentifierError,
    IneligibleInspectorError,
    InvalidInputError,
    Issue,
)
from random_inspection.model import (
    PERSONAL,
    ChecklistItem,
    Citation,
    Contact,
    CreditRiskClass,
    Department,
    EnforcementCertificate,
    EnforcementDomain,
    Gender,
    HandlingOutcome,
    IndustryTradeSector,
    Inspector,
    Jurisdiction,
    JurisdictionLevel,
    ResultCode,
    ResultScheme,
    Subject,
    SubjectStatus,
    SubjectType,
    structure,
    unstructure,
)
from random_inspection.model.identifiers import (
    USCC_ALPHABET,
    organization_code_check_character,
    uscc_check_character,
)

USCC_A = "91350100M000100Y43"
USCC_B = "9144030071526726XG"
USCC_C = "91110000802100433B"


def make_subject(**overrides: Any) -> Subject:
    fields: dict[str, Any] = {"uscc": USCC_A, "name": "示例机械制造有限公司", "domain": "工贸", "area_code": "410307"}
    fields.update(overrides)
    return Subject(**fields)


def make_certificate(**overrides: Any) -> EnforcementCertificate:
    fields: dict[str, Any] = {
        "number": "豫A411000",
        "valid_from": dt.date(2023, 1, 1),
        "valid_until": dt.date(2026, 6, 30),
    }
    fields.update(overrides)
    return EnforcementCertificate(**fields)


def make_inspector(**overrides: Any) -> Inspector:
    fields: dict[str, Any] = {
        "id": "XC001",
        "name": "执法人员01",
        "unit": "执法监察支队",
        "department": "yjj",
        "certificate": make_certificate(),
    }
    fields.update(overrides)
    return Inspector(**fields)


def inspector_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "XC001",
        "name": "执法人员01",
        "unit": "执法监察支队",
        "department": "yjj",
        "certificate": {"number": "豫A411000", "valid_from": "2023-01-01", "valid_until": "2026-06-30"},
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------------------------------------------------
# Subject and Contact


def test_subject_construction_normalises() -> None:
    s = make_subject(uscc=" 91350100m000100y43 ", name="  示例机械制造有限公司 ", industry="  ", area_code=" 410307 ")
    assert s.uscc == USCC_A
    assert s.name == "示例机械制造有限公司"
    assert s.area_code == "410307"
    assert s.industry is None
    assert s.domain is EnforcementDomain.INDUSTRY_TRADE
    assert s.subject_type is SubjectType.ENTERPRISE
    assert s.status is SubjectStatus.EXISTING
    assert s.contact == Contact()
    assert make_subject(status="吊销", subject_type="个体工商户").status is SubjectStatus.REVOKED


def test_subject_refuses_bad_uscc_naming_the_field() -> None:
    with pytest.raises(IdentifierError) as info:
        make_subject(uscc="91350100M000100Y44")
    assert info.value.where == "field uscc"
    assert info.value.position == 18


@pytest.mark.parametrize("name", ["", "   "])
def test_subject_refuses_empty_name(name: str) -> None:
    with pytest.raises(InvalidInputError, match="name is empty") as info:
        make_subject(name=name)
    assert info.value.where == "Subject"
    assert info.value.fix == "fill in name"


@pytest.mark.parametrize("code", ["41100", "4110000", "011000", "41100a", ""])
def test_subject_refuses_bad_area_code(code: str) -> None:
    with pytest.raises(InvalidInputError, match="is not a six-digit GB/T 2260") as info:
        make_subject(area_code=code)
    assert info.value.where == "Subject"
    assert repr(code) in info.value.what
    assert "six-digit code" in info.value.fix


def test_subject_area_code_with_full_width_digit_is_refused_or_folded() -> None:
    try:
        s = make_subject(area_code="41０307")
    except InvalidInputError:
        return
    assert s.area_code == "410307"


def test_subject_sector_only_with_industry_trade() -> None:
    s = make_subject(sector=IndustryTradeSector.MACHINERY)
    assert s.sector is IndustryTradeSector.MACHINERY
    with pytest.raises(InvalidInputError, match="sector 冶金 is given but domain is 综合监管领域") as info:
        make_subject(domain="综合监管领域", sector=IndustryTradeSector.METALLURGY)
    assert info.value.where == f"subject {USCC_A}"
    assert "leave sector empty" in info.value.fix


def test_subject_sector_and_credit_risk_given_as_text_become_vocabulary_members() -> None:
    s = make_subject(sector="机械", credit_risk="B")  # as in docs/model.md
    assert s.sector is IndustryTradeSector.MACHINERY
    assert s.credit_risk is CreditRiskClass.B


def test_subject_sector_as_text_with_other_domain_is_an_invalid_input() -> None:
    with pytest.raises(InvalidInputError, match="not 工贸"):
        make_subject(domain="综合监管领域", sector="冶金")


@pytest.mark.parametrize(
    "build",
    [
        lambda: make_subject(credit_risk="E"),
        lambda: make_inspector(gender="X"),
    ],
    ids=["credit_risk", "gender"],
)
def test_values_outside_a_vocabulary_are_refused(build: Any) -> None:
    with pytest.raises(InvalidInputError):
        build()


def test_a_gongmao_sector_the_list_does_not_name_is_kept_as_written() -> None:
    """偃师 二(一) lists the sectors with 等: another 工贸 sector is not refused, and stays text."""
    s = make_subject(sector=" 烟草 ")
    assert s.sector == "烟草" and not isinstance(s.sector, IndustryTradeSector) and s.sector_name == "烟草"
    assert make_subject(sector="机械").sector is IndustryTradeSector.MACHINERY


@pytest.mark.parametrize("status", list(SubjectStatus))
def test_subject_in_existence_only_when_existing(status: SubjectStatus) -> None:
    """Only 存续 subjects are in the pool (许昌 第九条)."""
    assert make_subject(status=status).in_existence is (status.value == "存续")


@pytest.mark.parametrize(
    ("flags", "exempt"),
    [
        ({}, False),
        ({"on_serious_violation_list": True}, True),
        ({"abnormal_operation": True}, True),
        ({"penalised": True}, True),
        ({"on_serious_violation_list": True, "abnormal_operation": True, "penalised": True}, True),
    ],
)
def test_subject_exempt_from_yearly_cap(flags: dict[str, bool], exempt: bool) -> None:
    """冷水滩 第十五条: 严重违法失信企业名单, 经营异常 or an earlier penalty lift the yearly cap."""
    assert make_subject(**flags).exempt_from_yearly_cap is exempt


def test_contact_trims_and_marks_personal_data() -> None:
    c = Contact(legal_representative=" 张三 ", phone="  ", address=" 洛阳市偃师区 ")
    assert (c.legal_representative, c.phone, c.address) == ("张三", None, "洛阳市偃师区")
    personal = {a.name for a in attrs.fields(Contact) if a.metadata.get(PERSONAL)}
    assert personal == {"legal_representative", "phone"}
    personal = {a.name for a in attrs.fields(Inspector) if a.metadata.get(PERSONAL)}
    assert personal == {"phone", "id_number"}


@pytest.mark.parametrize(
    ("obj", "field"),
    [
        (make_subject(), "name"),
        (Contact(phone="1"), "phone"),
        (make_inspector(), "active"),
        (make_certificate(), "valid_until"),
        (ChecklistItem("c", "n", "ct", "lb", "yjj"), "domains"),
        (Department("yjj", "市应急管理局", "411000"), "code"),
        (Jurisdiction("410300", "洛阳市", "市", "410000"), "parent"),
        (Citation("细则", "第一条"), "article"),
        (HandlingOutcome("order_correction", "责令改正"), "label"),
    ],
)
def test_model_objects_are_frozen(obj: Any, field: str) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, field, None)


# ---------------------------------------------------------------------------------------------------------
# Inspector and EnforcementCertificate


def test_inspector_construction_normalises() -> None:
    p = make_inspector(
        id=" XC001 ",
        specialties=["非煤矿山", " 危险化学品 ", "", "非煤矿山"],
        interests=["9144030071526726xg", " 91350100M000100Y43"],
        id_number="11010519491231002x",
        phone=" ",
        gender=Gender.FEMALE,
    )
    assert p.id == "XC001"
    assert p.specialties == frozenset({"非煤矿山", "危险化学品"})
    assert p.interests == frozenset({USCC_A, USCC_B})
    assert p.id_number == "11010519491231002X"
    assert p.phone is None
    assert make_inspector(specialties="非煤矿山").specialties == frozenset({"非煤矿山"})
    assert make_inspector(id_number="").id_number is None


def test_inspector_refuses_bad_interest_and_id_number() -> None:
    with pytest.raises(IdentifierError) as info:
        make_inspector(interests=["91350100M000100Y44"])
    assert info.value.where == "inspector XC001, declared interests"
    with pytest.raises(IdentifierError) as info:
        make_inspector(id_number="110105194912310021")
    assert info.value.where == "inspector XC001, ID number"
    with pytest.raises(InvalidInputError, match="unit is empty"):
        make_inspector(unit=" ")


def test_inspector_has_interest_in_normalises_the_code() -> None:
    p = make_inspector(interests={USCC_B})
    assert p.has_interest_in("9144030071526726xg")
    assert p.has_interest_in(" 9144-0300-7152-6726-XG ")
    assert not p.has_interest_in(USCC_A)


def test_certificate_dates_reversed_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="valid_until 2022-12-31 is before valid_from 2023-01-01") as info:
        make_certificate(valid_until=dt.date(2022, 12, 31))
    assert info.value.where == "执法证 豫A411000"
    assert info.value.fix
    one_day = make_certificate(valid_until=dt.date(2023, 1, 1))
    assert one_day.is_valid_on(dt.date(2023, 1, 1))


def test_certificate_validity_bounds_are_inclusive() -> None:
    c = make_certificate()
    assert not c.is_valid_on(dt.date(2022, 12, 31))
    assert c.is_valid_on(dt.date(2023, 1, 1))
    assert c.is_valid_on(dt.date(2026, 6, 30))
    assert not c.is_valid_on(dt.date(2026, 7, 1))
    open_ended = make_certificate(valid_until=None)
    assert open_ended.is_valid_on(dt.date(2099, 12, 31))


def test_may_inspect_on() -> None:
    p = make_inspector()
    assert p.may_inspect_on(dt.date(2026, 5, 1))
    assert p.may_inspect_on(dt.date(2026, 6, 30))
    assert not p.may_inspect_on(dt.date(2026, 7, 1))
    assert not p.may_inspect_on(dt.date(2022, 12, 31))
    assert not make_inspector(active=False).may_inspect_on(dt.date(2026, 5, 1))


def test_require_eligible_passes_when_active_and_certified() -> None:
    p = make_inspector()
    p.require_eligible(dt.date(2026, 5, 1))
    p.require_eligible(dt.date(2026, 5, 1), dt.date(2026, 6, 30))
    make_inspector(certificate=make_certificate(valid_until=None)).require_eligible(dt.date(2030, 1, 1))


def test_require_eligible_refuses_inactive() -> None:
    with pytest.raises(IneligibleInspectorError, match="is not active") as info:
        make_inspector(active=False).require_eligible(dt.date(2026, 5, 1))
    assert isinstance(info.value, InvalidInputError)
    assert info.value.where == "inspector XC001 (执法人员01)"
    assert info.value.fix


@pytest.mark.parametrize(
    ("first", "last", "span"),
    [
        (dt.date(2026, 12, 1), None, "on 2026-12-01"),  # expired (the docs/model.md example)
        (dt.date(2022, 12, 31), None, "on 2022-12-31"),  # not yet valid
        (dt.date(2026, 6, 20), dt.date(2026, 7, 10), "throughout 2026-06-20 to 2026-07-10"),  # runs past the end
        (dt.date(2022, 12, 20), dt.date(2023, 1, 10), "throughout 2022-12-20 to 2023-01-10"),  # starts before
    ],
)
def test_require_eligible_refuses_certificate_not_valid_throughout(
    first: dt.date, last: dt.date | None, span: str
) -> None:
    with pytest.raises(IneligibleInspectorError) as info:
        make_inspector().require_eligible(first, last)
    assert f"执法证 豫A411000 (valid 2023-01-01 to 2026-06-30) is not valid {span}" in str(info.value)
    assert "renew" in info.value.fix


# ---------------------------------------------------------------------------------------------------------
# ChecklistItem, Department, Jurisdiction


def test_checklist_item_domains() -> None:
    everywhere = ChecklistItem(" XC-01 ", "名称", "内容", "依据", "yjj", method=" ")
    assert everywhere.code == "XC-01"
    assert everywhere.method is None
    assert all(everywhere.applies_to(d) for d in EnforcementDomain)
    one = ChecklistItem("XC-02", "名称", "内容", "依据", "yjj", domains="烟花爆竹")
    assert one.domains == frozenset({EnforcementDomain.FIREWORKS})
    assert one.applies_to(EnforcementDomain.FIREWORKS)
    assert not one.applies_to(EnforcementDomain.NON_COAL_MINE)
    with pytest.raises(ValueError, match="煤矿"):
        ChecklistItem("XC-03", "名称", "内容", "依据", "yjj", domains=["煤矿"])
    assert ChecklistItem("XC-04", "名称", "内容", " ", "yjj").legal_basis is None


def test_department() -> None:
    d = Department(" yjj ", "鹤壁市应急管理局", "410600")
    assert d.code == "yjj"
    with pytest.raises(InvalidInputError, match="jurisdiction '41060' is not a six-digit") as info:
        Department("yjj", "鹤壁市应急管理局", "41060")
    assert info.value.where == "Department"


@pytest.mark.parametrize(
    ("code", "name", "level", "parent"),
    [
        ("000000", "中华人民共和国", "国家", None),
        ("410000", "河南省", "省", "000000"),
        ("410300", "洛阳市", "市", "410000"),
        ("410307", "偃师区", "县区", "410300"),
        ("431100", "永州市", "市", "430000"),
        ("431103", "冷水滩区", "县区", "431100"),
    ],
)
def test_jurisdiction_examples(code: str, name: str, level: str, parent: str | None) -> None:
    j = Jurisdiction(code, name, level, parent)
    assert j.level is JurisdictionLevel(level)
    assert j.parent == parent


def test_jurisdiction_levels_are_ranked_most_general_first() -> None:
    levels = JurisdictionLevel
    assert levels.NATIONAL.rank < levels.PROVINCE.rank < levels.CITY.rank < levels.DISTRICT.rank


@pytest.mark.parametrize(
    ("code", "level", "parent", "message", "fix"),
    [
        ("410300", "县区", "410000", "level 县区 does not fit code 410300 (a 市 code)", "set level to 市"),
        ("410000", "市", "000000", "level 市 does not fit code 410000 (a 省 code)", "set level to 省"),
        ("410307", "市", "410300", "level 市 does not fit code 410307 (a 县区 code)", "set level to 县区"),
        ("000000", "省", None, "level 省 does not fit code 000000 (a 国家 code)", "set level to 国家"),
        ("410307", "县区", "411000", "parent 411000 does not contain 410307", "the area this one lies in"),
        ("410300", "市", "420000", "parent 420000 does not contain 410300", "the area this one lies in"),
        ("410300", "市", "410300", "parent 410300 does not contain 410300", "the area this one lies in"),
        ("410307", "县区", "410302", "parent 410302 does not contain 410307", "the area this one lies in"),
        ("000000", "国家", "000000", "the nation has no parent", "leave parent empty"),
        ("410300", "市", None, "has no parent", "give the code"),
        ("410300", "市", " ", "has no parent", "give the code"),
    ],
)
def test_jurisdiction_refusals(code: str, level: str, parent: str | None, message: str, fix: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Jurisdiction(code, "某地", level, parent)
    assert info.value.what == message
    assert info.value.where == f"jurisdiction {code} 某地"
    assert fix in info.value.fix


def test_jurisdiction_refuses_bad_code() -> None:
    with pytest.raises(InvalidInputError, match="'41100' is not a six-digit"):
        Jurisdiction("41100", "许昌市", "市", "410000")


# ---------------------------------------------------------------------------------------------------------
# Citation


XU_RULES = Citation(
    "“双随机、一公开”监管工作实施细则",
    "第十九条",
    doc_number="许应急〔2023〕14号",
    issuer="许昌市应急管理局",
)
HEBI_PLAN = Citation(
    "鹤壁市工业企业安全生产监督检查“双随机、一公开”跨部门联合监管实施方案",
    "附件4 备注",
    doc_number="鹤双随机办〔2020〕19号",
)


def test_citation_short_with_and_without_doc_number() -> None:
    assert XU_RULES.short() == "许应急〔2023〕14号 第十九条"
    assert str(XU_RULES) == "许应急〔2023〕14号 第十九条"
    lst = Citation("冷水滩区应急管理局“双随机一公开”抽查工作实施细则", "第十五条", doc_number="  ")
    assert lst.doc_number is None
    assert lst.short() == "《冷水滩区应急管理局“双随机一公开”抽查工作实施细则》 第十五条"


def test_citation_in_force_on() -> None:
    c = Citation("细则", "第一条", effective_from=dt.date(2023, 3, 9), effective_until=dt.date(2026, 3, 8))
    assert not c.in_force_on(dt.date(2023, 3, 8))
    assert c.in_force_on(dt.date(2023, 3, 9))
    assert c.in_force_on(dt.date(2026, 3, 8))
    assert not c.in_force_on(dt.date(2026, 3, 9))
    assert Citation("细则", "第一条").in_force_on(dt.date(1900, 1, 1))
    assert Citation("细则", "第一条", effective_from=dt.date(2023, 3, 9)).in_force_on(dt.date(2099, 1, 1))
    assert not Citation("细则", "第一条", effective_until=dt.date(2023, 3, 9)).in_force_on(dt.date(2023, 3, 10))


def test_citation_refuses_reversed_dates() -> None:
    with pytest.raises(InvalidInputError, match="effective_until 2023-03-08 is before effective_from 2023-03-09") as i:
        Citation(
            "细则",
            "第一条",
            doc_number="许应急〔2023〕14号",
            effective_from=dt.date(2023, 3, 9),
            effective_until=dt.date(2023, 3, 8),
        )
    assert i.value.where == "citation 许应急〔2023〕14号 第一条"
    with pytest.raises(InvalidInputError, match="article is empty"):
        Citation("细则", "")


# ---------------------------------------------------------------------------------------------------------
# Result schemes

XU_LABELS = ["未发现违法违规情况", "存在违法违规行为，依法责令改正", "涉嫌违法违规，转案件处理程序", "其他"]
XU_KEYS = ["no_violation_found", "ordered_to_correct", "referred_as_case", "other"]

HEBI_LABELS = [
    "未发现问题",
    "未按规定公示应当公示的信息",
    "公示信息隐瞒真实情况弄虚作假",
    "通过登记的住所（经营场所）无法联系",
    "发现问题已责令改正",
    "不配合检查情节严重",
    "未发现开展本次抽查涉及的经营活动",
    "发现问题待后续处理",
]
HEBI_KEYS = [
    "no_problem_found",
    "required_information_not_disclosed",
    "disclosed_information_falsified",
    "unreachable_at_registered_address",
    "ordered_to_correct",
    "serious_refusal_to_cooperate",
    "no_relevant_business_activity",
    "pending_further_handling",
]
HEBI_OUTCOMES = [
    ("order_correction", "责令改正"),
    ("open_case", "立案处理"),
    ("notify_licensing_department", "函告许可部门"),
    ("refer_to_judicial_authorities", "移送司法机关"),
]


def codes(keys: list[str], labels: list[str]) -> list[ResultCode]:
    return [ResultCode(n, k, label) for n, (k, label) in enumerate(zip(keys, labels, strict=True), start=1)]


def xu_scheme() -> ResultScheme:
    """The four 检查结果 of 许应急〔2023〕14号 第十九条."""
    return ResultScheme("许昌 检查结果", codes(XU_KEYS, XU_LABELS), XU_RULES)


def hebi_scheme() -> ResultScheme:
    """The eight 检查结果 of 鹤双随机办〔2020〕19号 附件4 备注 and the 处理情况 of 附件3."""
    outcomes = [HandlingOutcome(k, label) for k, label in HEBI_OUTCOMES]
    return ResultScheme("鹤壁 检查结果", codes(HEBI_KEYS, HEBI_LABELS), HEBI_PLAN, outcomes)


@pytest.mark.parametrize(
    ("build", "keys", "labels"),
    [(xu_scheme, XU_KEYS, XU_LABELS), (hebi_scheme, HEBI_KEYS, HEBI_LABELS)],
    ids=["xuchang", "hebi"],
)
def test_result_scheme_lookup(build: Any, keys: list[str], labels: list[str]) -> None:
    scheme = build()
    assert len(scheme) == len(labels)
    assert [c.label for c in scheme] == labels
    for number, (key, label) in enumerate(zip(keys, labels, strict=True), start=1):
        code = scheme.code(number)
        assert (code.number, code.key, code.label) == (number, key, label)
        assert scheme.code(key) is code
        assert scheme.code(label) is code


def test_result_scheme_citations() -> None:
    assert xu_scheme().citation.short() == "许应急〔2023〕14号 第十九条"
    assert hebi_scheme().citation.short() == "鹤双随机办〔2020〕19号 附件4 备注"


@pytest.mark.parametrize("ref", [0, 5, "未发现问题", "no_problem_found", "其它", " 其他", "1"])
def test_result_scheme_unknown_code_lists_the_codes(ref: int | str) -> None:
    with pytest.raises(InvalidInputError, match="no result code") as info:
        xu_scheme().code(ref)
    assert info.value.where == "result scheme 许昌 检查结果"
    for number, (key, label) in enumerate(zip(XU_KEYS, XU_LABELS, strict=True), start=1):
        assert f"{number} {key} {label}" in info.value.fix


def test_result_scheme_outcomes() -> None:
    scheme = hebi_scheme()
    for key, label in HEBI_OUTCOMES:
        assert scheme.outcome(key) == HandlingOutcome(key, label)
        assert scheme.outcome(label) == HandlingOutcome(key, label)
    with pytest.raises(InvalidInputError, match="no handling outcome '罚款'") as info:
        scheme.outcome("罚款")
    assert all(f"{k} {label}" in info.value.fix for k, label in HEBI_OUTCOMES)
    with pytest.raises(InvalidInputError) as info:
        xu_scheme().outcome("责令改正")
    assert "(none in this scheme)" in info.value.fix


@pytest.mark.parametrize(
    ("numbers", "keys", "labels", "message"),
    [
        ([], [], [], "has no result codes"),
        ([1, 3], ["a", "b"], ["甲", "乙"], "codes are numbered [1, 3], expected 1..2 in order"),
        ([2, 1], ["a", "b"], ["甲", "乙"], "codes are numbered [2, 1], expected 1..2 in order"),
        ([2, 3], ["a", "b"], ["甲", "乙"], "codes are numbered [2, 3], expected 1..2 in order"),
        ([1, 1], ["a", "b"], ["甲", "乙"], "codes are numbered [1, 1], expected 1..2 in order"),
        ([1, 2], ["a", "a"], ["甲", "乙"], "key 'a' appears twice"),
        ([1, 2], ["a", "b"], ["其他", " 其他 "], "label '其他' appears twice"),
    ],
)
def test_result_scheme_refusals(numbers: list[int], keys: list[str], labels: list[str], message: str) -> None:
    entries = [ResultCode(n, k, label) for n, k, label in zip(numbers, keys, labels, strict=True)]
    with pytest.raises(InvalidInputError) as info:
        ResultScheme("测试", entries, XU_RULES)
    assert info.value.what == message
    assert info.value.where == "result scheme 测试"


def test_result_scheme_refuses_duplicate_outcome_keys() -> None:
    outcomes = [HandlingOutcome("order_correction", "责令改正"), HandlingOutcome("order_correction", "立案处理")]
    with pytest.raises(InvalidInputError, match="outcome key 'order_correction' appears twice"):
        ResultScheme("测试", codes(XU_KEYS, XU_LABELS), XU_RULES, outcomes)


@pytest.mark.parametrize("key", ["NoViolation", "no-violation", "1st", "_private", "", "未发现", "no violation"])
def test_result_keys_must_be_english_identifiers(key: str) -> None:
    with pytest.raises(InvalidInputError, match="is not an English identifier"):
        ResultCode(1, key, "未发现问题")
    with pytest.raises(InvalidInputError, match="is not an English identifier"):
        HandlingOutcome(key, "责令改正")


def test_result_key_with_trailing_newline_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        ResultCode(1, "no_violation\n", "未发现问题")


def test_result_code_number_and_label() -> None:
    with pytest.raises(ValueError, match="number"):
        ResultCode(0, "none", "无")
    with pytest.raises(InvalidInputError, match="label is empty"):
        ResultCode(1, "none", " ")
    assert ResultCode(1, "other", " 其他 ").label == "其他"


# ---------------------------------------------------------------------------------------------------------
# Converter


def test_structure_subject() -> None:
    s = structure(
        {
            "uscc": "91350100m000100y43",
            "name": "示例机械制造有限公司",
            "domain": "工贸",
            "area_code": "411002",
            "sector": "机械",
            "credit_risk": "B",
            "status": "存续",
            "penalised": True,
            "contact": {"phone": "13800000000"},
        },
        Subject,
    )
    assert s == make_subject(
        area_code="411002",
        sector=IndustryTradeSector.MACHINERY,
        credit_risk=CreditRiskClass.B,
        penalised=True,
        contact=Contact(phone="13800000000"),
    )
    assert s.sector is IndustryTradeSector.MACHINERY
    assert s.credit_risk is CreditRiskClass.B
    assert s.exempt_from_yearly_cap


def test_a_subject_registration_number_is_checked_where_it_is_read() -> None:
    data = {"uscc": "91350100M000100Y43", "name": "示例", "domain": "工贸", "area_code": "411002"}
    assert structure({**data, "registration_number": "110108 000000016"}, Subject).registration_number == \
        "110108000000016"
    assert structure({**data, "registration_number": " "}, Subject).registration_number is None  # none known
    with pytest.raises(DataError, match=r"\$\.registration_number: 注册号 '110108000000017'.*expected '6'"):
        structure({**data, "registration_number": "110108000000017"}, Subject)


def test_structure_inspector_and_list() -> None:
    data = inspector_data(
        specialties=["非煤矿山"], interests=["9144030071526726xg"], gender="女", id_number="11010519491231002x"
    )
    p = structure(data, Inspector)
    assert p == make_inspector(
        specialties={"非煤矿山"}, interests={USCC_B}, gender=Gender.FEMALE, id_number="11010519491231002X"
    )
    assert p.certificate.valid_until == dt.date(2026, 6, 30)
    team = structure([data, inspector_data(id="XC002", active=False)], list[Inspector])
    assert [q.id for q in team] == ["XC001", "XC002"]
    assert [q.active for q in team] == [True, False]


def test_unstructure_is_plain_json_ready_data() -> None:
    p = make_inspector(
        specialties={"危险化学品", "非煤矿山", "烟花爆竹"}, interests={USCC_C, USCC_A, USCC_B}, gender=Gender.MALE
    )
    data = unstructure(p)
    json.dumps(data)
    assert data["certificate"] == {
        "number": "豫A411000",
        "valid_from": "2023-01-01",
        "valid_until": "2026-06-30",
        "issuer": None,
    }
    assert data["specialties"] == sorted(["危险化学品", "非煤矿山", "烟花爆竹"])
    assert data["interests"] == sorted([USCC_A, USCC_B, USCC_C])
    assert data["gender"] == "男"
    assert structure(json.loads(json.dumps(data)), Inspector) == p


def test_unstructure_gives_vocabulary_values_as_plain_strings() -> None:
    data = unstructure(make_subject(sector=IndustryTradeSector.MACHINERY, credit_risk=CreditRiskClass.B))
    for field, value in [
        ("domain", "工贸"),
        ("sector", "机械"),
        ("status", "存续"),
        ("subject_type", "企业"),
        ("credit_risk", "B"),
    ]:
        assert type(data[field]) is str
        assert str(data[field]) == value
    item = unstructure(ChecklistItem("c", "n", "ct", "lb", "yjj", domains=["烟花爆竹", "工贸", "非煤矿山"]))
    assert item["domains"] == sorted(["烟花爆竹", "工贸", "非煤矿山"])
    assert all(type(d) is str for d in item["domains"])


def test_unstructure_output_dumps_to_chinese_values() -> None:
    """Whatever the Python types, the JSON text carries the Chinese values."""
    data = unstructure(make_subject(sector=IndustryTradeSector.MACHINERY, status=SubjectStatus.REVOKED))
    parsed = json.loads(json.dumps(data, ensure_ascii=False))
    assert (parsed["domain"], parsed["sector"], parsed["status"]) == ("工贸", "机械", "吊销")
    assert set(parsed) == {a.name for a in attrs.fields(Subject)}


def test_structure_refuses_unknown_keys() -> None:
    with pytest.raises(DataError) as info:
        structure({"uscc": USCC_A, "name": "x", "domain": "工贸", "area_code": "410307", "owner": "x"}, Subject)
    assert info.value.issues == (Issue("$", "unknown field(s) owner"),)
    with pytest.raises(DataError) as info:
        structure(inspector_data(certificate={"number": "c", "valid_from": "2023-01-01", "expires": "x"}), Inspector)
    assert [(i.path, i.message) for i in info.value.issues] == [("$.certificate", "unknown field(s) expires")]


@pytest.mark.parametrize("text", ["false", "true", "0", 0, 1, None])
def test_structure_refuses_non_boolean_flags(text: Any) -> None:
    """A roster's text "false" must not be read as True."""
    with pytest.raises(DataError) as info:
        structure({"uscc": USCC_A, "name": "x", "domain": "工贸", "area_code": "410307", "penalised": text}, Subject)
    (issue,) = info.value.issues
    assert issue.path == "$.penalised"
    assert "expected true or false" in issue.message


def test_structure_reports_every_problem_with_its_path() -> None:
    bad_first = inspector_data(certificate={"number": "c1"})
    bad_second = inspector_data(id="XC002", active="false", certificate={"number": "c2", "valid_from": "2023-13-01"})
    with pytest.raises(DataError) as info:
        structure([bad_first, inspector_data(id="ok"), bad_second], list[Inspector])
    err = info.value
    assert isinstance(err, InvalidInputError)
    assert isinstance(err, ValueError)
    by_path = {issue.path: issue.message for issue in err.issues}
    assert set(by_path) == {"$[0].certificate.valid_from", "$[2].active", "$[2].certificate.valid_from"}
    assert by_path["$[0].certificate.valid_from"] == "required field missing"
    assert "expected true or false" in by_path["$[2].active"]
    assert all(isinstance(issue, Issue) and issue.message for issue in err.issues)
    assert all(str(issue) in str(err) for issue in err.issues)


def test_structure_reports_missing_fields_each() -> None:
    with pytest.raises(DataError) as info:
        structure([{"id": "p1"}], list[Inspector])
    paths = {issue.path for issue in info.value.issues}
    assert {"$[0].name", "$[0].unit", "$[0].department", "$[0].certificate"} <= paths


def test_structure_reports_model_validation_errors() -> None:
    """A value refused by the model's own validators comes back as a DataError under the field's path."""
    subjects = [
        {"uscc": USCC_A, "name": "甲", "domain": "工贸", "area_code": "410307"},
        {"uscc": "91350100M000100Y44", "name": "乙", "domain": "工贸", "area_code": "410307"},
    ]
    with pytest.raises(DataError) as info:
        structure(subjects, list[Subject])
    (issue,) = info.value.issues
    assert issue.path == "$[1].uscc"
    assert "expected '3'" in issue.message
    with pytest.raises(DataError) as info:
        structure(
            inspector_data(certificate={"number": "c", "valid_from": "2023-02-01", "valid_until": "2023-01-01"}),
            Inspector,
        )
    (issue,) = info.value.issues
    assert issue.path == "$.certificate"
    assert "before valid_from" in issue.message


def test_structure_reports_every_validator_problem_with_its_field_path() -> None:
    with pytest.raises(DataError) as info:
        structure({"uscc": USCC_A, "name": " ", "domain": "工贸", "area_code": "41100"}, Subject)
    assert {issue.path for issue in info.value.issues} == {"$.name", "$.area_code"}


def test_structure_refuses_a_non_mapping_with_data_error() -> None:
    with pytest.raises(DataError):
        structure("91350100M000100Y43", Subject)


def test_structure_refuses_bad_dates() -> None:
    with pytest.raises(DataError) as info:
        structure(inspector_data(certificate={"number": "c", "valid_from": dt.datetime(2023, 1, 1, 8, 0)}), Inspector)
    assert [i.path for i in info.value.issues] == ["$.certificate.valid_from"]
    assert "date and time" in info.value.issues[0].message


# Hypothesis: round trip over generated subjects.


@st.composite
def usccs(draw: st.DrawFn) -> str:
    """A valid 统一社会信用代码 from random parts, sometimes typed in lower case."""
    chars = st.sampled_from(USCC_ALPHABET)
    body = draw(st.text(USCC_ALPHABET, min_size=8, max_size=8))
    first17 = draw(chars) + draw(chars) + draw(st.text("0123456789", min_size=6, max_size=6))
    first17 += body + organization_code_check_character(body)
    code = first17 + uscc_check_character(first17)
    return code.lower() if draw(st.booleans()) else code


optional_text = st.none() | st.text(max_size=20)


@st.composite
def subjects(draw: st.DrawFn) -> Subject:
    """A valid Subject over the whole vocabulary of random_inspection.model.vocabulary."""
    domain = draw(st.sampled_from(EnforcementDomain))
    sector = None
    if domain is EnforcementDomain.INDUSTRY_TRADE:
        sector = draw(st.none() | st.sampled_from(IndustryTradeSector))
    return Subject(
        draw(usccs()),
        draw(st.text(min_size=1, max_size=30).filter(str.strip)),
        domain,
        str(draw(st.integers(100000, 999999))),
        subject_type=draw(st.sampled_from(SubjectType)),
        sector=sector,
        industry=draw(optional_text),
        status=draw(st.sampled_from(SubjectStatus)),
        credit_risk=draw(st.none() | st.sampled_from(CreditRiskClass)),
        on_serious_violation_list=draw(st.booleans()),
        abnormal_operation=draw(st.booleans()),
        penalised=draw(st.booleans()),
        contact=Contact(draw(optional_text), draw(optional_text), draw(optional_text)),
    )


@given(subjects())
def test_subject_round_trip(s: Subject) -> None:
    data = unstructure(s)
    assert structure(data, Subject) == s
    assert structure(json.loads(json.dumps(data)), Subject) == s


@given(subjects())
def test_unstructure_is_deterministic_json(s: Subject) -> None:
    text = json.dumps(unstructure(s), ensure_ascii=False, sort_keys=True)
    again = structure(json.loads(text), Subject)
    assert json.dumps(unstructure(again), ensure_ascii=False, sort_keys=True) == text


class TestConverterNeverCoerces:
    """Bad values are refused with their path, never turned into something else."""

    @pytest.mark.parametrize(
        ("field", "value"),
        [("name", None), ("name", ["a"]), ("unit", False), ("specialties", [1, "a"]), ("id", 7)],
    )
    def test_inspector_fields(self, field: str, value: object) -> None:
        with pytest.raises(DataError) as info:
            structure(inspector_data(**{field: value}), Inspector)
        assert info.value.issues[0].path == f"$.{field}"

    def test_a_single_text_for_a_set_is_one_item(self) -> None:
        assert structure(inspector_data(specialties="非煤矿山"), Inspector).specialties == frozenset({"非煤矿山"})

    @pytest.mark.parametrize("number", [1.9, True, "1"])
    def test_numbers_must_be_whole_numbers(self, number: object) -> None:
        with pytest.raises(DataError, match=r"\$\.number"):
            structure({"number": number, "key": "a", "label": "甲"}, ResultCode)

    @pytest.mark.parametrize("text", ["20230101", "2023-W01-1", "2023-1-1", "2023/01/01"])
    def test_dates_must_be_written_yyyy_mm_dd(self, text: str) -> None:
        with pytest.raises(DataError, match="YYYY-MM-DD"):
            structure(inspector_data(certificate={"number": "c", "valid_from": text}), Inspector)

    def test_messages_say_what_and_how_to_fix_once(self) -> None:
        with pytest.raises(DataError) as info:
            structure(inspector_data(id_number="123"), Inspector)
        (issue,) = info.value.issues
        assert issue.path == "$.id_number"
        assert issue.message.count("fix:") == 1
        assert str(info.value).count("fix:") == 1

    def test_a_non_table_says_so_plainly(self) -> None:
        with pytest.raises(DataError) as info:
            structure([["not", "a", "table"]], list[Inspector])
        assert info.value.issues[0].message == "expected a table of fields, got list"
