"""Personal data written to dodge the filter (workflow.privacy), and ordinary inspection text that must not be
taken for it: a contact handle after a Latin label and a space, an e-mail address with its "@" or dots spelled,
phone and ID numbers in full-width digits, other groupings, Chinese numerals, with letters for digits or with
invisible characters; and
文号, dates, amounts, article numbers, model numbers, 统一社会信用代码 and words such as 威信 passing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import PersonalDataError
from random_inspection.messages import Message
from random_inspection.testing.strategies import usccs
from random_inspection.translation import catalogue, render_error
from random_inspection.workflow import check_public, find_personal_data
from random_inspection.workflow.privacy import REMOVE

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
FULL_WIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")
CHINESE = str.maketrans("0123456789X", "〇一二三四五六七八九X")


def id_number(check: str) -> str:
    """A valid 18-character 公民身份号码 of 1990-03-07 whose check character is ``check``."""
    for sequence in range(1000):
        first17 = f"41010219900307{sequence:03d}"
        if "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11] == check:
            return first17 + check
    raise AssertionError(check)


ID_X = id_number("X")

EVASIONS = {
    # a messenger account after a Latin label and only a space
    "vx zhangsan88": "messenger", "wechat zs88888": "messenger", "V信 zs888": "messenger",
    "weixin: abc_123": "messenger", "QQ 12345678": "messenger", "WeChat ID zs_8888": "messenger",
    "加VX  zhang-san8": "messenger", "ｖｘ　ｚｈａｎｇｓａｎ８８": "messenger", "微 信 zs88888": "messenger",
    "wei xin: zs88888": "messenger", "v\u200bx zhangsan88": "messenger",
    # an e-mail address written to dodge the pattern
    "zhang AT 163 DOT com": "email", "zhang at 163 dot com": "email", "zhang#163.com": "email",
    "zhang＠163．com": "email", "zhang(at)163.com": "email", "zhang{at}163{dot}com": "email",
    "zhang艾特163点com": "email", "zhang @ 163 . com": "email", "zhang at qq.com": "email",
    "zhang (at) 163 (dot) com (dot) cn": "email", "zhang#sina.com.cn": "email",
    # phone numbers: full-width, spaced or hyphenated in any grouping, invisible characters, Chinese numerals
    "１３８００１３８０００": "mobile", "138 0013 8000": "mobile", "138-0013-8000": "mobile",
    "1380 013 8000": "mobile", "13800 138000": "mobile", "1 3 8 0 0 1 3 8 0 0 0": "mobile",
    "138\u200b0013\u200b8000": "mobile", "138\u00ad0013\u20608000": "mobile", "86 1380 013 8000": "mobile",
    "一三八〇〇一三八〇〇〇": "mobile", "幺三八零零幺三八零零零": "mobile", "壹叁捌零零壹叁捌零零零": "mobile",
    "一三八 〇〇一三 八〇〇〇": "mobile", "一三八〇 〇一三 八〇〇〇": "mobile", "一三八〇〇 一三八〇〇〇": "mobile",
    "一 三 八 〇 〇 一 三 八 〇 〇 〇": "mobile", "一三八、〇〇一三、八〇〇〇": "mobile",
    "一三八/〇〇一三/八〇〇〇": "mobile",
    # letters for digits: O or o for 0, l or I for 1
    "138OO138OOO": "mobile", "l38 OOl3 8OOO": "mobile", "I3800I38000": "mobile", "138-ooI3-8ooo": "mobile",
    "+86 l38OOl38OOO": "mobile", "一三八OO一三八OOO": "mobile", "l38.OOl3.8OOO": "mobile", "l38·OOl3·8OOO": "mobile",
    "l38_OOl3_8OOO": "mobile", "l38 . OOl3 . 8OOO": "mobile", "l38\nOOl3\n8OOO": "mobile",
    "l38    OOl3    8OOO": "mobile",
    "138/OOl3/8OOO": "mobile", "138、OOl3、8OOO": "mobile", "138~OOl3~8OOO": "mobile", "+86l38OOl38OOO": "mobile",
    "＋８６ｌ３８ＯＯｌ３８ＯＯＯ": "mobile", "Tel138OO138OOO": "mobile", "Cell138OO138OOO": "mobile",
    "一三八、OO一三、八OOO": "mobile", "一三八.OO一三.八OOO": "mobile",
    "微信 号 zhangsan88": "messenger", "微 信 号 zhangsan88": "messenger", "QQ 号 12345678": "messenger",
    # ID numbers: a lower-case x, full-width, invisible characters, Chinese numerals
    ID_X.lower(): "id18", ID_X.translate(FULL_WIDTH): "id18", ID_X.lower().translate(FULL_WIDTH): "id18",
    "\u200b".join(ID_X): "id18", ID_X.translate(CHINESE): "id18",
    f"{ID_X[:6]} {ID_X[6:14]} {ID_X[14:].lower()}": "id18",
    ID_X.replace("1", "l"): "id18", ID_X.replace("0", "O"): "id18", ID_X.replace("0", "o").lower(): "id18",
    f"{ID_X[:6]}.{ID_X[6:14]}.{ID_X[14:]}".replace("0", "O"): "id18",
    f"{ID_X[:6]}/{ID_X[6:14]}/{ID_X[14:]}".replace("0", "O"): "id18",
}
NAMES = {"messenger": "微信号或QQ号", "email": "电子邮箱", "mobile": "手机号码", "id18": "公民身份号码"}


@pytest.mark.parametrize("text", EVASIONS)
def test_a_spelling_meant_to_dodge_the_filter_is_refused_in_free_text(text: str) -> None:
    kind = EVASIONS[text]
    sentence = f"企业已整改，负责人联系方式：{text}。"
    assert find_personal_data(sentence, free_text=True) == kind
    with pytest.raises(PersonalDataError) as caught:
        check_public({"inspections": [{"problems": [{"item": "YJ-006", "note": sentence}]}]}, where="disclosure")
    error = caught.value
    assert error.kind == kind and error.field == "disclosure: inspections[0].problems[0].note"
    assert text not in str(error)
    # the fix says what to remove, first, in English and in Chinese
    assert str(error.fix).startswith(str(REMOVE[kind]))
    chinese = render_error(error, catalogue("zh"))
    assert "disclosure: inspections[0].problems[0].note" in chinese and NAMES[kind] in chinese
    assert "删去" in chinese and "remove" not in chinese and "nothing was published" not in chinese


def test_every_kind_says_what_to_remove_in_both_languages() -> None:
    for kind, remove in REMOVE.items():
        assert isinstance(remove, Message) and str(remove).startswith("remove ")
        error = PersonalDataError(field="f", kind=kind, description=kind, remove=remove)
        assert str(remove) in render_error(error, catalogue("en"))
        chinese = render_error(error, catalogue("zh"))
        assert str(remove) not in chinese and chinese.count("删去") == 2  # the kind's, then the general fix


# a WeChat account: 6 to 20 characters, a letter first, a digit or "_" in it (and no run of digits long enough
# to be a phone number of its own)
ACCOUNTS = st.from_regex(r"[a-z][a-z_-]{4,8}[0-9_]{1,3}[a-z0-9]{0,4}", fullmatch=True)
SPACES = st.sampled_from([" ", "  ", "\t", "\u3000", " \u200b"])


@settings(max_examples=200)
@given(st.sampled_from(["vx", "VX", "Vx", "wx", "WX", "wechat", "WeChat", "weixin", "Weixin", "wei xin",
                        "wechat id", "ｖｘ"]), SPACES, ACCOUNTS, st.sampled_from(["", "请加", "负责人 ", "（"]),
       st.sampled_from(["", "。", " 联系", "）"]))
def test_a_wechat_account_after_a_latin_label_and_spaces(label: str, space: str, account: str, before: str,
                                                         after: str) -> None:
    assert find_personal_data(f"{before}{label}{space}{account}{after}", free_text=True) == "messenger"


@settings(max_examples=200)
@given(st.from_regex(r"[a-z][a-z0-9._]{1,10}[a-z0-9]", fullmatch=True),
       st.sampled_from([" AT ", " at ", "(at)", " [at] ", "{at}", "艾特", "#", " @ ", "＠"]),
       st.sampled_from(["163", "qq", "126", "sina", "foxmail", "xuchang.gov"]),
       st.sampled_from([" DOT ", " dot ", "(dot)", "点", " . ", "．", "。"]),
       st.sampled_from(["com", "cn", "net", "COM"]))
def test_an_email_address_with_its_signs_spelled(local: str, at: str, domain: str, dot: str, tld: str) -> None:
    assert find_personal_data(f"邮箱{local}{at}{domain}{dot}{tld}，已核实", free_text=True) == "email"


@settings(max_examples=200)
@given(st.one_of(st.lists(st.integers(3, 8), min_size=1, max_size=3).filter(lambda sizes: sum(sizes) <= 8),
                 st.just([1] * 10)),
       st.sampled_from([" ", "-", "  ", " - ", "\u3000", "－", "、", "/"]),
       st.text("0123456789", min_size=9, max_size=9), st.sampled_from("3456789"), st.sampled_from(["", "86 "]))
def test_a_mobile_number_in_groups_as_people_write_one(sizes: list[int], separator: str, rest: str, second: str,
                                                        country: str) -> None:
    """Two to four groups of three digits or more (the last one too), or a digit apart each; a country code
    before them."""
    digits = "1" + second + rest
    cuts = [sum(sizes[:i + 1]) for i in range(len(sizes))]
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, 11], strict=True) if digits[a:b]]
    assert find_personal_data("联系人电话" + country + separator.join(groups) + "。", free_text=True) == "mobile"


@settings(max_examples=300)
@given(st.text("0123456789", min_size=9, max_size=9), st.sampled_from("3456789"), st.data(),
       st.sampled_from(["", " ", "-", ".", "·", "_", "/", "、", "~", "\n", "  ", " - ", "\u3000"]),
       st.sampled_from(["电话", "联系人 ", "（", "tel:", "Tel", "Cell", "+86", "0086 ", "手机号"]))
def test_a_mobile_number_with_letters_for_digits(rest: str, second: str, data: st.DataObject, separator: str,
                                                 before: str) -> None:
    """Any of its 0s written O or o, any of its 1s l or I, in the usual groups or none: still a mobile number
    (its first 1 a digit after a Latin word glued to it, where a letter is the word's: Tell3800…)."""
    digits = "1" + second + rest
    letters = {"0": "Oo", "1": "lI"}
    spelled = "".join(data.draw(st.sampled_from(letters[c] + c)) if c in letters else c for c in digits)
    if before[-1].isascii() and before[-1].isalpha():
        spelled = "1" + spelled[1:]
    assert find_personal_data(f"{before}{spelled[:3]}{separator}{spelled[3:7]}{separator}{spelled[7:]}。",
                              free_text=True) == "mobile"


@settings(max_examples=200)
@given(st.lists(st.integers(1, 999), min_size=2, max_size=8), st.sampled_from(["、", " ", "-", "，"]),
       st.sampled_from(["第{}条", "检查项 {}", "共计 {} 元", "温度 {}", "第{}项"]))
def test_a_list_of_numbers_with_a_short_one_is_not_a_mobile(numbers: list[int], separator: str, shape: str) -> None:
    """A list with a number of one or two digits in it is not a mobile number in groups, whatever its digits
    make (第18、101、102、109条 makes 18101102109)."""
    numbers[0] = numbers[0] % 99 + 1  # one short number at least
    text = shape.format(separator.join(map(str, numbers)))
    if len(numbers) > 10 or all(n < 10 for n in numbers):
        return  # a digit apart each: read as a number spelled out, on purpose
    assert find_personal_data(text, free_text=True) != "mobile"


# Ordinary inspection text: none of the personal-data shapes, all of the look-alikes.
ARTICLES = st.integers(1, 99).map(lambda n: f"第{n}条")
DOCUMENT_NUMBERS = st.tuples(st.sampled_from(["许应急", "冷应急", "石安委", "鹤安办", "偃应急"]),
                             st.integers(2015, 2030), st.integers(1, 300)).map(lambda t: f"{t[0]}〔{t[1]}〕{t[2]}号")
DATES = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)).flatmap(lambda d: st.sampled_from([
    d.isoformat(), f"{d.year}年{d.month}月{d.day}日", d.strftime("%Y/%m/%d"), d.strftime("%Y.%m.%d")]))
AMOUNTS = st.decimals(0, 10**9, places=2).map(lambda d: f"{d:,.2f}元")
MODELS = st.one_of(
    st.tuples(st.sampled_from(["GB", "GB/T", "AQ", "AQ/T", "DB41/T"]), st.integers(1000, 59999),
              st.integers(1990, 2030)).map(lambda t: f"{t[0]} {t[1]}-{t[2]}"),
    st.integers(1000, 99999).map(lambda n: f"WX{n}"), st.integers(1000, 99999).map(lambda n: f"型号 WX {n}"),
    st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)).map(lambda d: f"QQ{d:%Y%m%d}"),
    st.integers(1, 999).map(lambda n: f"{n}#楼"), st.integers(10, 9999).map(lambda n: f"DN{n}"),
)
WORDS = st.sampled_from(["威信", "威信县", "树立政府威信", "通过微信公众号发布", "已在QQ群通知", "wechat group",
                         "vx220kv变电站", "企业已整改", "安全出口堵塞", "灭火器过期", "责令限期改正", "检查组",
                         "3 5 1 6", "C# 程序", "at 3 点", "见附件", "负责人", "电话已登记", "ISO 9001",
                         "ISO 45001-2018", "Illinois", "Apollo 13", "IO 模块", "COOL", "lOOl", "Hello 2024"])
ORDINARY = st.lists(st.one_of(ARTICLES, DOCUMENT_NUMBERS, DATES, AMOUNTS, MODELS, WORDS,
                              st.integers(0, 10**6).map(lambda n: f"抽取{n}家")), min_size=1, max_size=8)


@settings(max_examples=500)
@given(ORDINARY, st.lists(st.sampled_from(["，", "；", "。", "：", "（", "）"]), min_size=8, max_size=8),
       usccs())
def test_ordinary_inspection_text_passes(parts: list[str], stops: list[str], code: str) -> None:
    text = "".join(part + stop for part, stop in zip(parts, stops, strict=False)) + f"统一社会信用代码{code}"
    assert find_personal_data(text, free_text=True, allowed=[code]) is None
    check_public({"redraws": [{"reason": text}], "inspections": [{"opinion": text, "note": text}]}, allowed=[code])


@pytest.mark.parametrize("text", [
    "统一社会信用代码91411002QGE7Q07X68", "依据许应急〔2024〕12号", "2024年12月1日至2024-12-30", "罚款12,345.00元",
    "第十二条第三款", "第12条第3款", "GB 50016-2014", "GB/T 29639-2020", "WX20000", "型号 WX 20000", "QQ20250101",
    "威信", "树立政府威信", "威信县", "wechat group 通知", "vx 2000", "wx abcdef", "第1、3、5、7、9、11、13、15项",
    "C# 程序", "2#楼3#车间", "附件2#Report.pdf", "下午at 3 点", "published at www.xuchang.gov.cn", "见 www.mem.gov.cn",
    "二〇二四年十二月一日", "一二三四五", "第三、五、一、六号", "金额1,380,013,800.00元", "138.5吨", "抽取 13 家 80 人",
    "检查时间 2026-12-01 09:30", "编号 2026-1380-013", "事项13、18、20、21、25、3",
    "骰子被碰动，依据《安全生产法》第18、101、102、109条重新抽取", "第13、102、110、113条", "第18、20、21、22、101条",
    "检查项 13、15、17、19、110", "共计 13 800 138 000 元", "温度 18-20-21-22-101",
    "第一、三、五、七、九、十一、十三项",
    "ISO 9001:2015", "ISO 45001-2018 认证", "Illinois 2024", "Apollo 13", "COOL 1000", "表IO-1380",
    "编号 l0l-2024-0l", "Hello 13800 1380", "lOOl OOlO OlOl", "room 1010101 O", "IO 1380 013",
    "依据GB 18218-2018Ⅱ级重大危险源管理", "GB 15603-1995Ⅱ类仓库", "GB 17945-2010Ⅱ型应急照明",
    "执行GB 16806-2006II级标准",
    "GB 1576-2018Ⅲ类", "GB/T 17350-2010IOT平台", "GB 18218-2018IO 模块", "合计total4622122174元", "Total3800000000元",
    "型号Model3800138000", "http://www.xuchang.gov.cn/channel38/2024/0315.html", "案件编号41100220241105004-I",
    "报告编号41100220241105004 I类", "编号41100220241105018 O型圈", "l l l l l l l l l l l l l l 1",
])

def test_named_ordinary_text_passes(text: str) -> None:
    assert find_personal_data(text, free_text=True) is None


# Latin words, Roman numerals and labels glued to a standard's, a case's or a model's number
GLUED = st.tuples(
    st.one_of(MODELS, DOCUMENT_NUMBERS, AMOUNTS, DATES, st.integers(10**15, 10**17).map(str)),
    st.sampled_from(["", " ", "-", "/"]),
    st.sampled_from(["Ⅱ级", "Ⅲ类", "II级", "IO 模块", "IOT平台", "I类", "O型圈", "Ok", "lol", "Illinois", "OIL",
                     "l号楼", "total", "Model", "IO", "II", "I", "O", "l"]),
).map("".join)


@settings(max_examples=500)
@given(GLUED)
def test_a_number_with_a_latin_word_glued_to_it_passes(text: str) -> None:
    """A letter glued to a word or standing alone as a label is not a digit: GB 18218-2018Ⅱ级 is a standard and
    a grade, not the mobile number 18218201811."""
    assert find_personal_data(f"依据{text}整改", free_text=True) is None
