"""The one filter of every public output (workflow.privacy): phone and ID numbers in their common spellings are
refused wherever they are, landlines and home addresses in free-text fields; benign public values pass; the
error names the field and the kind, never the data."""

from __future__ import annotations

import datetime as dt
import hashlib
import signal
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError, PersonalDataError
from random_inspection.testing.strategies import usccs
from random_inspection.workflow import check_public, find_personal_data
from random_inspection.workflow.privacy import WITHHELD, is_id_number_15, is_id_number_18, withhold

PROVINCES = ("11", "13", "31", "41", "44", "51", "65", "81")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
FULL_WIDTH = str.maketrans("0123456789+-()", "０１２３４５６７８９＋－（）")


def check_character(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


# Text around the data: anything but digits and what normalises to digits (a digit glued to a number makes
# another, longer number: ㍙ is "1点"), and never the letter that ends an ID number.
around = st.text(st.characters(blacklist_categories=("Nd", "No", "Nl", "Cs")).filter(
    lambda c: not any(ch.isdigit() or ch in "Xx" for ch in unicodedata.normalize("NFKC", c))), max_size=12)


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    digits = "1" + draw(st.sampled_from("3456789")) + "".join(draw(st.lists(st.sampled_from("0123456789"),
                                                                             min_size=9, max_size=9)))
    first, second = (draw(st.sampled_from(["", "-", " ", ".", "－", " - ", "  ", "—"])) for _ in range(2))
    prefix = draw(st.sampled_from(["", "+86", "+86 ", "+86-", "0086", "0086 ", "(+86)", "（+86）", "(86) ", "86-",
                                   "＋８６ "]))
    text = prefix + digits[:3] + first + digits[3:7] + second + digits[7:]
    return text.translate(FULL_WIDTH) if draw(st.booleans()) else text


@st.composite
def id18s(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(PROVINCES)) + f"{draw(st.integers(0, 9999)):04d}"
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)))
    first17 = area + born.strftime("%Y%m%d") + f"{draw(st.integers(0, 999)):03d}"
    number = first17 + check_character(first17)
    spelling = draw(st.sampled_from(["plain", "6-8-4", "4s", "hyphen", "lower"]))
    if spelling == "6-8-4":
        number = f"{number[:6]} {number[6:14]} {number[14:]}"
    elif spelling == "4s":
        number = " ".join(number[i:i + 4] for i in range(0, 18, 4))
    elif spelling == "hyphen":
        number = f"{number[:6]}-{number[6:14]}-{number[14:]}"
    elif spelling == "lower":
        number = number.lower()
    return number.translate(FULL_WIDTH) if draw(st.booleans()) else number


@st.composite
def id15s(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(PROVINCES)) + f"{draw(st.integers(0, 9999)):04d}"
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)))
    number = area + born.strftime("%y%m%d") + f"{draw(st.integers(0, 999)):03d}"
    if draw(st.booleans()):
        number = f"{number[:6]} {number[6:12]} {number[12:]}"
    return number.translate(FULL_WIDTH) if draw(st.booleans()) else number


class TestRefused:
    @settings(max_examples=300)
    @given(mobiles(), around, around)
    @example("138-1234-5678", "联系电话", "")
    @example("+86 138 1234 5678", "电话", "。")
    def test_a_mobile_number_in_any_spelling_anywhere(self, phone: str, before: str, after: str) -> None:
        assert find_personal_data(before + phone + after) == "mobile"
        with pytest.raises(PersonalDataError) as caught:
            check_public({"draw": {"subjects": [{"name": before + phone + after}]}}, where="disclosure.json")
        assert caught.value.kind == "mobile" and caught.value.field == "disclosure.json: draw.subjects[0].name"
        assert phone not in str(caught.value) and phone.replace(" ", "") not in str(caught.value)

    @settings(max_examples=300)
    @given(id18s(), around, around)
    def test_an_18_character_id_number_in_any_spelling_anywhere(self, number: str, before: str,
                                                                after: str) -> None:
        assert find_personal_data(before + number + after) == "id18"
        with pytest.raises(PersonalDataError, match=r"redraws\[0\]\.reason: 公民身份号码") as caught:
            check_public({"redraws": [{"reason": before + number + after}]})
        assert number not in str(caught.value)

    @settings(max_examples=300)
    @given(id15s(), around, around)
    def test_a_15_digit_id_number_anywhere(self, number: str, before: str, after: str) -> None:
        assert find_personal_data(before + number + after) == "id15"

    @given(mobiles())
    def test_a_zero_width_space_hides_nothing(self, phone: str) -> None:
        assert find_personal_data("\u200b".join(phone)) == "mobile"

    @pytest.mark.parametrize("text", [
        "联系 0374-2345678", "(0374) 2345678", "电话（010）62345678", "010 62345678", "０３７４－２３４５６７８",
        "请拨03742345678",
    ])
    def test_a_landline_in_free_text(self, text: str) -> None:
        assert find_personal_data(text, free_text=True) == "landline"
        with pytest.raises(PersonalDataError, match=r"inspections\[2\]\.opinion: 固定电话号码"):
            check_public({"inspections": [{}, {}, {"opinion": text}]})

    @pytest.mark.parametrize("text", [
        "申请人家住建设路12号3号楼2单元501室", "负责人住址：魏都区七一路88号", "现住该企业宿舍", "住在厂区",
        "东城小区5号楼1201室", "8栋3单元402", "三号楼二单元五零一室", "户籍所在地为许昌",
    ])
    def test_a_home_address_in_free_text(self, text: str) -> None:
        assert find_personal_data(text, free_text=True) == "address"
        with pytest.raises(PersonalDataError, match=r"draw\.recusals\[0\]\.reason: 住址"):
            check_public({"draw": {"recusals": [{"reason": text}]}})

    @pytest.mark.parametrize("text", [
        "联系人邮箱 zhang.san@163.com", "发至 li_si＠qq.com", "zs88(at)126.com", "wang [at] sina.com.cn",
        "zhangsan@163。com", "zhang[at]163[dot]com",
    ])
    def test_an_email_address_in_free_text(self, text: str) -> None:
        assert find_personal_data(text, free_text=True) == "email"
        with pytest.raises(PersonalDataError, match=r"inspections\[0\]\.note: 电子邮箱"):
            check_public({"inspections": [{"note": text}]})

    @pytest.mark.parametrize("text", [
        "负责人微信：zhangsan_88", "微信号 wxid_abc123", "QQ 12345678", "QQ号：87654321", "加vx: zs_123",
        "wechat: zs88x", "微信号是zs88888", "微信号为zs88888", "微信号(zs88888)", "WeChat ID: zs88888",
        "V信：zs88888", "vx号zs_123",
    ])
    def test_a_wechat_or_qq_account_in_free_text(self, text: str) -> None:
        assert find_personal_data(text, free_text=True) == "messenger"
        with pytest.raises(PersonalDataError, match=r"redraws\[0\]\.reason: 微信号或QQ号"):
            check_public({"redraws": [{"reason": text}]})

    @pytest.mark.parametrize("text", [
        "通过企业微信公众号发布", "已在QQ群通知", "wxyzabcd", "qq.com", "检查员@现场", "许应急〔2023〕14号",
        "型号 WX20000 泵", "vx220kv变电站", "依据wx12345.cn公告", "见附件2#Report.pdf", "使用C# WinForm.exe 软件",
        "设备a#b.cd", "树立政府威信 ISO9001", "威信（2024-01）号文件", "威信20250315检查", "检查记录编号QQ20250101",
        "见附件A@B。Ok", "单位 Model3 @ 5 。 OK",
    ])
    def test_text_that_only_looks_like_an_email_or_messenger_passes(self, text: str) -> None:
        assert find_personal_data(text, free_text=True) is None

    @pytest.mark.parametrize("text", [
        "企业已注销，原联系QQ" + " " * 20_000 + "。", "微信" + "是" * 20_000 + "。", "a@b" + " . bb" * 20_000 + " .1",
        "a " * 20_000 + "@", "wechat" + " " * 20_000 + "x", "原联系QQ" + "\u3000" * 20_000 + "。",
        # the spellings meant to dodge the filter (tests/test_privacy_evasions.py)
        "vx" + " " * 20_000 + "a" * 19 + "!", "zhang" + " at " * 20_000 + "x", "a@b" + " dot bb" * 20_000 + " dot 1",
        "a" + "#b" * 20_000 + ".1", "1 " * 20_000, "1-" * 10_000 + "2 " * 10_000 + ".5", "一" * 20_000,
        "a " * 20_000 + "at", "wei xin " * 5_000, "zhang" + "点" * 20_000 + "com", "微" + " " * 20_000 + "信",
        "a" + " . " * 20_000 + "com", "vx " + "a1" * 10_000,
        # runs of digits and letters for digits, and digits in groups, ten times longer: a search that copies or
        # searches the rest of a run again at each of its groups takes tens of seconds on these, a linear one a second
        "O 1" * 133_333, "l0" * 200_000, "1O-" * 133_333 + "X", "2 O " * 100_000, "O " * 199_999 + "1",
        "0 " * 200_000, "l3 " * 133_333, "一" + "2 O " * 100_000,
    ])
    def test_a_long_reason_is_searched_in_linear_time(self, text: str) -> None:
        """A search that backtracks (three runs of spaces in a row) took minutes on a reason of 2,000 spaces:
        each of these is searched in one process at a time limit far above a linear search's."""
        def too_slow(*_: object) -> None:
            raise TimeoutError("the search backtracks")
        previous = signal.signal(signal.SIGALRM, too_slow)
        signal.alarm(10)
        try:
            find_personal_data(text, free_text=True)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    def test_an_email_address_is_searched_in_free_text_only(self) -> None:
        check_public({"contact": {"office_email": "yjj@xuchang.gov.cn"}})
        with pytest.raises(PersonalDataError, match="电子邮箱"):
            check_public({"contact": {"remark": "yjj@xuchang.gov.cn"}})

    def test_a_table_cell_is_named_by_table_row_and_column(self) -> None:
        with pytest.raises(PersonalDataError, match=r"回避\[1\]\.理由: 住址"):
            check_public({"回避": [{"理由": "亲属关系"}, {"理由": "与负责人同住在幸福里3栋2单元"}]})

    def test_keys_are_searched_too(self) -> None:
        with pytest.raises(PersonalDataError, match=r"teams\.13812345678 \(key\)"):
            check_public({"teams": {"13812345678": []}})

    def test_the_error_is_of_the_hierarchy_and_says_how_to_fix_it_in_chinese(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            check_public({"redraws": [{"reason": "联系人 138 1234 5678"}]})
        assert isinstance(caught.value, PersonalDataError)
        assert "删去" in caught.value.fix and "1234" not in str(caught.value)


benign_values = st.one_of(
    st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)).map(dt.date.isoformat),
    st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)).map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 12, 31)).map(lambda t: t.isoformat(timespec="seconds")
                                                                          + "+08:00"),
    st.integers(0, 10**6).map(str),
    st.integers(0, 10**6).map(lambda n: f"抽取 {n} 家"),
    st.binary(min_size=1, max_size=64).map(lambda b: hashlib.sha256(b).hexdigest()),
    st.binary(min_size=1, max_size=64).map(lambda b: "sha256:" + hashlib.sha256(b).hexdigest()),
    st.integers(100000, 999999).map(lambda n: f"证{n}"),
    st.integers(0, 999).map(lambda n: f"豫A411{n:03d}"),
    st.decimals(0, 10**8, places=2).map(lambda d: f"罚款 {d} 元"),
    st.fractions(0, 1, max_denominator=100).map(lambda f: f"{f.numerator}/{f.denominator}"),
    st.lists(st.sampled_from("123456"), min_size=4, max_size=4).map(" ".join),  # the dice
)


class TestPassed:
    @settings(max_examples=500)
    @given(st.lists(benign_values, min_size=1, max_size=6), st.lists(usccs(), min_size=1, max_size=4))
    def test_public_values_pass(self, values: list[str], codes: list[str]) -> None:
        document = {"plan_id": "XC-2026-12", "values": values, "subjects": [{"uscc": c} for c in codes],
                    "teams": {c: values for c in codes}, "redraws": [{"reason": "；".join(values)}]}
        check_public(document, allowed=codes)

    @given(usccs())
    def test_a_listed_credit_code_passes_even_in_free_text(self, code: str) -> None:
        check_public({"inspections": [{"opinion": f"企业（{code}）无意见"}]}, allowed=[code])

    @pytest.mark.parametrize("text", [
        "企业地址：许昌市魏都区七一路123号", "检查地点：厂区3号车间", "第12条", "2026-12-01 09:30 会议室掷骰",
        "许应急〔2023〕14号 第十二条", "三枚骰子 3 5 1 6",
    ])
    def test_ordinary_text_passes_where_it_is_not_free_text(self, text: str) -> None:
        check_public({"seed_source": text, "subject": {"address": text}})

    def test_a_business_address_field_is_not_free_text(self) -> None:
        check_public({"subjects": [{"address": "许昌市建安区新元大道8号3号楼2单元"}]})
        with pytest.raises(PersonalDataError):
            check_public({"subjects": [{"note": "许昌市建安区新元大道8号3号楼2单元"}]})


@given(st.text("0123456789", min_size=18, max_size=18))
def test_an_18_digit_number_is_an_id_number_only_with_its_province_date_and_check(digits: str) -> None:
    valid = (digits[:2] in {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
                            "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
                            "63", "64", "65", "71", "81", "82"}
             and _date(digits[6:14]) and check_character(digits[:17]) == digits[17])
    assert is_id_number_18(digits) == valid


@given(st.text("0123456789", min_size=15, max_size=15))
def test_a_15_digit_number_is_an_id_number_only_with_its_province_and_date(digits: str) -> None:
    assert is_id_number_15(digits) == (digits[:2] in {p for p in ("11", "12", "13", "14", "15", "21", "22", "23",
                                                                  "31", "32", "33", "34", "35", "36", "37", "41",
                                                                  "42", "43", "44", "45", "46", "50", "51", "52",
                                                                  "53", "54", "61", "62", "63", "64", "65", "71",
                                                                  "81", "82")}
                                       and _date("19" + digits[6:12]))


def _date(text: str) -> bool:
    try:
        dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return 1900 <= int(text[:4]) <= 2099


class TestWithhold:
    @given(mobiles(), around)
    def test_a_free_text_field_with_personal_data_is_withheld_and_nothing_else_changes(self, phone: str,
                                                                                       before: str) -> None:
        document = {"redraws": [{"manifest_hash": "ab" * 32, "reason": before + phone}], "plan_id": "P"}
        shown = withhold(document, ["redraws[0].reason"])
        assert shown == {"redraws": [{"manifest_hash": "ab" * 32, "reason": WITHHELD}], "plan_id": "P"}
        assert document["redraws"][0]["reason"] == before + phone  # a copy
        check_public(shown)

    @pytest.mark.parametrize(("field", "problem"), [
        ("plan_id", "not a free-text field"), ("redraws[0].manifest_hash", "not a free-text field"),
        ("redraws[1].reason", "no field"), ("redraws[0].reason", "holds no personal data"),
    ])
    def test_nothing_else_can_be_withheld(self, field: str, problem: str) -> None:
        document = {"redraws": [{"manifest_hash": "ab" * 32, "reason": "骰子落地后被碰动"}], "plan_id": "P"}
        with pytest.raises(InvalidInputError, match=problem):
            withhold(document, [field])
