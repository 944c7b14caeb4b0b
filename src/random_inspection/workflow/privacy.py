"""The one filter every public output passes before it is written or returned: no personal data in public.

What is public is set by the profiles' disclosure rules (subjects by name and 统一社会信用代码, inspectors by name
and 执法证号, the draw and its verification data, dates, results). What never is: 公民身份号码, phone numbers and
where a person lives. Those reach a public file only through text someone typed — a redraw reason, a recusal
reason, a subject's opinion (意见), a finding's note — so this module looks for them in every text of a public
document, and harder in its free-text fields.

Found anywhere (every text of the document, its keys included):

- a mobile number (11 digits, 13x–19x) however it is spelled: ``13812345678``, ``138-1234-5678``,
  ``138 1234 5678``, ``138.1234.5678``, with a ``+86``, ``0086``, ``(+86)`` or ``86-`` prefix, in full-width or
  other Unicode digits;
- a 公民身份号码 of 18 characters (a real province, a real birth date, the GB 11643-1999 check character) or of
  15 digits (the first-generation number: a real province and a real date ``YYMMDD``), also when spaced or
  hyphenated (``410102 19900307 0016``, ``4101-0219-9003-0700-16``). Codes the caller lists as ``allowed`` (the
  subjects' 统一社会信用代码) are taken out first; other long numbers (hashes, amounts, 执法证号) fail the
  province, date or check and pass.

Found in free-text fields only (``free_text``: by default every field named ``reason``, ``opinion``, ``note``,
``remark`` or ``comment``, or ``理由``, ``意见``, ``备注``, ``说明`` in a table), where an office's own data has
no business being either:

- a landline number with its area code (``0374-1234567``, ``(0374) 1234567``, ``010 12345678``);
- 住址-like text: 住址, 家住, 现住, 住在, 居住, 户籍, and house addresses (``3号楼2单元501室``, ``5栋1201``,
  ``2单元301``). A subject's registered business address is a field of its own, not free text, and is public
  by rule (冷水滩 第十四条's 检查对象地址); it is not searched for addresses;
- a mobile number in another grouping of spaces or hyphens (``1380 013 8000``, ``13800 138000``: two to four
  groups of three digits or more, or a digit in each, ``1 3 8 0 0 1 3 8 0 0 0``, so that a list such as
  ``第1、3、5、7、9、11、13项`` passes), and a mobile or 公民身份号码 spelled in Chinese numerals
  (``一三八〇〇一三八〇〇〇``, ``幺三八…``, ``壹叁捌…``), or with letters for some of its digits (``138OO138OOO``,
  ``l38 OOl3 8OOO``, ``l38.OOl3.8OOO``, ``+86l38OOl38OOO``: an ``O`` or ``o`` for 0, an ``l`` or ``I`` for 1; a
  mobile number grouped as in the first list, not in the other groupings of this one, an ID number as it is
  found), except a letter glued to a Latin word (the word's: ``Model3800138000``) and a group of letters alone at
  either end (a label: ``…004 I类``); since the other groupings are not read, ``GB 18218-2018Ⅱ级`` passes, but a
  Roman numeral glued to a number that then reads as a mobile number (``编号16162318Ⅲ级``) is refused;
- an e-mail address (``zhang.san@163.com``, also with a full-width ``＠``, or spelled ``zhang(at)163.com``,
  ``zhang[at]163[dot]com``, ``zhang@163。com``, ``zhang AT 163 DOT com``, ``zhang艾特163点com``,
  ``zhang#163.com``, ``zhang @ 163 . com``): a spelled ``at`` or ``#`` counts only before a domain ending in
  com, cn, net, org, edu or gov (``C#``, ``2#楼``, ``见 at 3 点`` pass), and not before ``www`` (``published at
  www.example.gov.cn`` is a web address);
- a 微信号 or QQ号 given with its label (``微信：zhangsan_88``, ``微信号是zs88888``, ``V信：zs88888``,
  ``QQ 12345678``, ``wechat: zs88``, ``vx zhangsan88``, ``wechat zs88888``): how to reach a person, as a phone
  number is. A Latin label followed by ``:``, ``=`` or 号 takes any account; followed by spaces only, an account
  as WeChat makes them (6 to 20 characters, a letter first, a digit, ``_`` or ``-`` in it), so that
  ``型号 WX20000`` and ``WX 20000`` (model numbers) and ``wechat group`` pass; ``QQ`` may stand before the digits
  of a QQ number after a space (``QQ20250101`` is a record's number).

The check refuses, never redacts: :class:`~random_inspection.errors.PersonalDataError` names the field (a JSON
path such as ``redraws[0].reason``) and the kind of data, never the data itself, and says how to fix it. Text
that cannot be recorded again (a reason in the ledger from before reasons were checked) can be withheld from a
publication by :func:`withhold`, which accepts only a free-text field in which personal data is found, so that
nothing else can be hidden that way, and the publication says which fields were withheld.

The module is pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from random_inspection.errors import InvalidInputError, PersonalDataError
from random_inspection.messages import tr

__all__ = [
    "FREE_TEXT", "KINDS", "REMOVE", "WITHHELD", "check_public", "find_personal_data", "is_id_number_15",
    "is_id_number_18", "withhold",
]

FREE_TEXT: tuple[str, ...] = (
    "**.reason", "**.opinion", "**.note", "**.remark", "**.comment",
    "**.理由", "**.意见", "**.备注", "**.说明",
    "**.departures[*].value",
)
"""The free-text fields of a public document, as path patterns: ``**.reason`` is a field named ``reason`` at any
depth, ``redraws[*].reason`` the ``reason`` of any entry of ``redraws``. A departure's ``value`` (what the plan
does instead of the rule) is typed like its reason and published with the commit, so it is free text too."""

KINDS = {
    "mobile": "手机号码 (a mobile phone number)",
    "landline": "固定电话号码 (a landline phone number)",
    "id18": "公民身份号码 (an 18-character citizen ID number)",
    "id15": "公民身份号码 (a 15-digit first-generation citizen ID number)",
    "address": "住址 (where a person lives)",
    "email": "电子邮箱 (an e-mail address)",
    "messenger": "微信号或QQ号 (a WeChat or QQ account)",
}
"""The kinds of personal data found, as an error names them."""

REMOVE = {
    "mobile": tr("remove the phone number, however it is written (spaced, hyphenated, in full-width or Chinese "
                 "numerals, with letters for digits); write 联系电话已登记 where it matters that there is one"),
    "landline": tr("remove the phone number and its area code; write 联系电话已登记 where it matters that there is "
                   "one"),
    "id18": tr("remove the 公民身份号码 (spaced, hyphenated or with a lower-case x it is still one); name the "
               "person's role instead (负责人, 申请人)"),
    "id15": tr("remove the 公民身份号码 (spaced, hyphenated or with a lower-case x it is still one); name the "
               "person's role instead (负责人, 申请人)"),
    "address": tr("remove where the person lives (住址, 家住, a home's 号楼, 单元 and 室); name the subject or its "
                  "place of business instead"),
    "email": tr("remove the e-mail address, also one spelled out (AT, DOT, 艾特, 点, #); write 联系方式已登记 "
                "instead"),
    "messenger": tr("remove the WeChat or QQ account with its label (微信, vx, wechat, QQ); write 联系方式已登记 "
                    "instead"),
}
"""What to take out of a field for each kind, and how to write it instead, as an error says it."""

_PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82})
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

_SEP = r"(?:\s*[-.·—–_]\s*|\s+)?"  # between groups of a number: a hyphen, dot or dash, or spaces
_MOBILE = re.compile(
    r"(?:(?:\+|00)\s*86\s*[-.]?\s*|\(\s*(?:\+|00)?\s*86\s*\)\s*[-.]?\s*|(?<![0-9])86\s*-\s*|(?<![0-9]))"
    rf"1[3-9][0-9]{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}}(?![0-9])"
)
_LANDLINE = re.compile(
    r"(?:\(\s*0[1-9][0-9]{1,2}\s*\)\s*-?\s*|(?<![0-9])0[1-9][0-9]{1,2}\s*[-—–]\s*|(?<![0-9])0[1-9][0-9]?\s+|"
    r"(?<![0-9])0[1-9][0-9]{2}\s+)[2-9][0-9]{2,3}[-\s]?[0-9]{4}(?![0-9])"
    r"|(?<![0-9])(?:0[1-9][0-9]{2}[2-9][0-9]{6}|0[1-9][0-9][2-9][0-9]{7})(?![0-9])"
)
# A number's digits, possibly in groups: digits joined by at most one separator (a few spaces), an X at the end.
_NUMBER = re.compile(r"[0-9](?:(?:[ \t-]{1,3}|[.·])?[0-9])*(?:[ \t-]{0,3}[Xx])?")
_HEX = re.compile(r"(?<![0-9A-Za-z])(?=[0-9A-Fa-f]*[A-Fa-f])(?=[0-9A-Fa-f]*[0-9])[0-9A-Fa-f]{32,}(?![0-9A-Za-z])")
_NUMERAL = r"[0-9一二三四五六七八九十百零〇两]"
# A numeral run is tried from its first numeral only (?<!…), so that a long run (一一一…, 111…) is searched once,
# not once from each of its numerals.
_ADDRESS = re.compile(
    r"住址|家住|现住|住在|暂住|居住|户籍|家庭地址|"
    rf"(?<!{_NUMERAL}){_NUMERAL}+\s*(?:号楼|栋|幢|座|号院)[^，。；;,\n]{{0,12}}?{_NUMERAL}+\s*(?:室|户|号房|单元)|"
    rf"(?<!{_NUMERAL}){_NUMERAL}+\s*单元\s*{_NUMERAL}+|"
    rf"小区[^，。；;,\n]{{0,12}}?{_NUMERAL}+\s*(?:号楼|栋|幢|室|户)"
)

_SPELLED_DOT = r"(?:。|\(dot\)|\[dot\])"
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*\s*(?:@|\(at\)|\[at\])\s*[A-Za-z0-9-]+"
    # a domain with its dots, or with a dot spelled out (。, (dot), [dot]) before a common top-level domain only,
    # so that a sentence's full stop after an @ (见附件A@B。Ok) is not taken for one
    rf"(?:(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{{2,}}|(?:(?:\.|{_SPELLED_DOT})[A-Za-z0-9-]+)*{_SPELLED_DOT}"
    r"(?:com|cn|net|org|edu|gov))(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# A 微信号 or QQ号 after its label: a Chinese label may be followed by spaces, 是/为 or a bracket; a Latin one
# (wx, vx, wechat, qq) only by 号, ":" or "=" (so that a model number such as WX20000 passes), except QQ before
# the 5–11 digits of a QQ number after a space (QQ20250101 is a record's number); 威信 is a word (and a county),
# not a label. One run of separators between label and account, so the search is linear.
_MESSENGER = re.compile(
    r"(?:(?:微[ \t]{0,3}信|[vV薇]信)(?:[ \t]{0,3}(?:账号|号码|号|ID|id))?|QQ[ \t]{0,3}(?:账号|号码|号)|扣扣号?)"
    r"[\s:=是为(（]*"
    r"[A-Za-z0-9][A-Za-z0-9_-]{4,}"
    r"|(?<![A-Za-z])(?:wechat(?:\s*id)?|wei[ \t]?xin|vx|wx|qq)(?:号码|号|\s*[:=])[\s:=]*[A-Za-z0-9][A-Za-z0-9_-]{4,}"
    # a Latin label and spaces only: an account as WeChat makes them (a letter first, 6–20 characters, a digit,
    # "_" or "-" in it), so that a model number (WX 20000) or a word (wechat group) after the label passes
    r"|(?<![A-Za-z])(?:wechat(?:[ \t]?id)?|wei[ \t]?xin|vx|wx)[ \t]+(?=[A-Za-z0-9_-]{0,19}[0-9_-])"
    r"[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-])"
    r"|(?<![A-Za-z])qq(?:\s*[:=]\s*|\s+)[1-9][0-9]{4,10}(?![0-9])",
    re.IGNORECASE,
)

# An e-mail address written to dodge the pattern above: "at" spelled (zhang AT 163, zhang艾特163, zhang{at}163) or
# a "#" for the "@", a dot spelled (DOT, 点, (dot)) or with spaces around it, before a common top-level domain
# only (so that C#, 2#楼 or "at 3 点" pass), and never a web address after a spelled "at" (at www.…).
_SPELLED_AT = r"(?:\s*(?:@|[(\[{<]\s*at\s*[)\]}>]|艾特)\s*|[ \t]+at[ \t]+(?!www\b)|#)"
_SPELLED_DOTS = r"(?:\s*(?:\.|。|[(\[{<]\s*dot\s*[)\]}>]|点)\s*|[ \t]+dot[ \t]+)"
_SPELLED_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*{_SPELLED_AT}[A-Za-z0-9-]+"
    rf"(?:{_SPELLED_DOTS}[A-Za-z0-9-]+)*?{_SPELLED_DOTS}(?:com|cn|net|org|edu|gov)(?![A-Za-z0-9])",
    re.IGNORECASE,
)

# A mobile number in a grouping of its own (1380 013 8000, 1 3 8 0 …): digits joined by spaces or hyphens; the
# number's digits, with a country code 86 or 0086 before them, are then a mobile number's 11.
_GROUPED = re.compile(r"(?<![0-9.])[0-9]+(?:[ \t-]{1,3}[0-9]+)+(?![0-9]|\.[0-9])")
_MOBILE_DIGITS = re.compile(r"(?:0086|86)?1[3-9][0-9]{9}")
# Letters written for digits (138OO138OOO, l38 OOl3 8OOO): a run of digits and the letters O, o, I and l, with one
# separator between two of them as a number's groups have them (a few spaces, a line break, or one of - . · _ / ~ 、
# — – with spaces around). A run is matched whole, left to right, with nothing to backtrack into: the search is
# linear. Its letters are read as digits only where they stand for digits: a letter glued to a Latin word is the
# word's (Tel138…, 2010IOT, total4622…), a group of letters alone at either end of the run is a label (…004 I类,
# O 型圈), and what is left must have a digit; it must then read as a mobile number as _MOBILE groups it or as an
# ID number (not in the other groupings of _grouped_mobile, which a standard's number and a Roman numeral would
# make: GB 18218-2018Ⅱ级; a Roman numeral glued to a number of 8 to 10 digits can still make a mobile number).
_RUN_SEPARATOR = r"(?:[ \t]{0,3}[-.·—–_/~、][ \t]{0,3}|\s{1,4})"
_LOOKALIKE = re.compile(rf"[0-9OoIl](?:{_RUN_SEPARATOR}?[0-9OoIl])*(?:\s{{0,3}}[Xx])?")
_RUN_GROUPS = re.compile(f"({_RUN_SEPARATOR})")
_LETTERS = "OoIl"
_AS_DIGITS = str.maketrans("OoIl", "0011")
# Digits spelled in Chinese numerals (一三八…, 幺 for 一 as phone numbers are read out, 壹叁捌…)
_CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九幺壹贰叁肆伍陆柒捌玖", "001234567891123456789")


_BETWEEN_DIGITS = re.compile(r"(?<=[0-9])\s*[/~、]\s*(?=[0-9])")  # other separators writers put between groups
_DASH_LIKE = frozenset("\u2212\u30fc\uff70\u2015\u2500")  # a minus sign, ー, a box-drawing line: read as "-"
_HIDDEN = frozenset({"Mn", "Mc", "Me", "Cf"})  # combining marks and invisible format characters (U+200B ...)


def _plain(text: str) -> str:
    """Full-width letters and punctuation as ASCII (NFKC), every Unicode decimal digit as its ASCII digit,
    combining marks and invisible characters (a zero-width space between digits) taken out, every dash (a
    non-breaking hyphen, a minus sign …) as ``-``, and a slash, tilde or 、 between two digits as ``-``, so that
    ``138‑1234‑5678`` or ``138/1234/5678`` is read as the number it spells."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        out = []
        for c in text:
            if c.isascii():
                out.append(c)
            elif unicodedata.category(c) in _HIDDEN:
                continue
            elif unicodedata.category(c) == "Pd" or c in _DASH_LIKE:
                out.append("-")
            else:
                digit = unicodedata.decimal(c, None)
                out.append(c if digit is None else str(digit))
        text = "".join(out)
    return _BETWEEN_DIGITS.sub("-", text)


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def is_id_number_18(digits: str) -> bool:
    """Whether ``digits`` (18 characters, the last may be ``X``) is a 公民身份号码: a province that exists, a real
    birth date from 1900 to 2099, and the check character of GB 11643-1999."""
    if len(digits) != 18 or not digits[:17].isascii() or not digits[:17].isdigit() or digits[17] not in \
            "0123456789Xx":
        return False
    if int(digits[:2]) not in _PROVINCES:
        return False
    if not 1900 <= int(digits[6:10]) <= 2099 or not _real_date(int(digits[6:10]), int(digits[10:12]),
                                                                 int(digits[12:14])):
        return False
    total = sum(int(c) * w for c, w in zip(digits[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == digits[17].upper()


def is_id_number_15(digits: str) -> bool:
    """Whether ``digits`` (15 digits) is a first-generation 公民身份号码: a province that exists and a real birth
    date ``YYMMDD`` of the 1900s (the numbers were issued from 1984 to 2004)."""
    if len(digits) != 15 or not digits.isascii() or not digits.isdigit():
        return False
    return int(digits[:2]) in _PROVINCES and _real_date(1900 + int(digits[6:8]), int(digits[8:10]),
                                                        int(digits[10:12]))


def _ids(text: str) -> str | None:
    for match in _NUMBER.finditer(text):
        digits = "".join(c for c in match.group(0) if c.isdigit() or c in "Xx")
        for start in range(0, len(digits) - 17):
            if is_id_number_18(digits[start:start + 18]):
                return "id18"
        # a 15-digit number: the whole number, a group of its own, or separated groups that make
        # up 15 digits (without a check character, a 15-digit run inside a longer one is not taken for one)
        groups = [g for g in re.split(r"[^0-9]+", match.group(0)) if g]
        for i in range(len(groups)):
            joined = ""
            for k in range(i, len(groups)):  # at most 15 groups: the search stays linear
                joined += groups[k]
                if len(joined) >= 15:
                    break
            if len(joined) == 15 and is_id_number_15(joined):
                return "id15"
    return None


def find_personal_data(text: str, *, free_text: bool = False, allowed: Iterable[str] = ()) -> str | None:
    """The kind of personal data in ``text`` (a key of :data:`KINDS`), or ``None``.

    Args:
        free_text: also look for mobile numbers in other groupings or in Chinese numerals, landline numbers,
            住址-like text, e-mail addresses (also spelled out) and 微信号 or QQ号 (see the module's description).
        allowed: codes known not to be personal (统一社会信用代码), taken out before the search.
    """
    plain = _plain(text)
    for code in allowed:
        if code and code in plain:
            plain = plain.replace(code, " ")
    plain = _HEX.sub(" ", plain)  # hashes and seeds
    if _MOBILE.search(plain):
        return "mobile"
    found = _ids(plain)
    if found is not None:
        return found
    if free_text:
        found = _spelled_numbers(plain)
        if found is not None:
            return found
        if _LANDLINE.search(plain):
            return "landline"
        if _ADDRESS.search(plain):
            return "address"
        if _EMAIL.search(plain) or _SPELLED_EMAIL.search(plain):
            return "email"
        if _MESSENGER.search(plain):
            return "messenger"
    return None


def _spelled_numbers(plain: str) -> str | None:
    """A mobile number grouped in another way than 3-4-4, a mobile or ID number with letters for some of its
    digits, or one in Chinese numerals (grouped or not)."""
    if _grouped_mobile(plain):
        return "mobile"
    found = _with_letters(plain)
    if found is not None:
        return found
    spelled = plain.translate(_CHINESE_DIGITS)
    if spelled != plain:
        spelled = _BETWEEN_DIGITS.sub("-", spelled)  # 一三八、〇〇一三 as 138-0013, as _plain reads digits
        if _MOBILE.search(spelled) or _grouped_mobile(spelled):
            return "mobile"
        return _ids(spelled) or _with_letters(spelled)
    return None


def _with_letters(text: str) -> str | None:
    """A mobile or ID number with letters for some of its digits (``138OO138OOO``, ``l38 OOl3 8OOO``)."""
    for match in _LOOKALIKE.finditer(text):
        run = match.group(0)
        if run.translate(_AS_DIGITS) == run:
            continue  # digits only: searched as such already
        start, end = match.span()
        glued_before = start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()
        if glued_before:
            run = run.lstrip(_LETTERS)
        if end < len(text) and text[end].isascii() and text[end].isalpha():
            run = run.rstrip(_LETTERS)
        parts = _RUN_GROUPS.split(run)  # groups, with the separators between them
        first, last = 0, len(parts) - 1
        while first < last and not parts[first].strip(_LETTERS):
            first += 2
        while last > first and not parts[last].strip(_LETTERS):
            last -= 2
        run = "".join(parts[first:last + 1])
        if not any(map(str.isdigit, run)):
            continue
        digits = _BETWEEN_DIGITS.sub("-", run.translate(_AS_DIGITS))
        before = "" if glued_before else text[max(0, start - 8):start]  # a +86 or 0086 written before it
        if _MOBILE.search(before + digits):
            return "mobile"
        found = _ids(digits)
        if found is not None:
            return found
    return None


def _grouped_mobile(text: str) -> bool:
    """Whether ``text`` has a mobile number written in groups as people write one: a digit apart each, or two to
    four groups of three digits or more (1380 013 8000, 13800 138000), a country code 86 or 0086 before them
    allowed. A list of numbers (第18、101、102、109条, 13 800 138 000 元, 18-20-21-22-101) has a shorter group, or
    too many, and is not one."""
    for match in _GROUPED.finditer(text):
        groups = re.split(r"[ \t-]+", match.group(0))
        digits = "".join(groups)
        if not _MOBILE_DIGITS.fullmatch(digits):
            continue
        number = groups[1:] if groups[0] in ("86", "0086") else groups
        if all(len(g) == 1 for g in number) or (2 <= len(number) <= 4 and all(len(g) >= 3 for g in number)):
            return True
    return False


def _pattern(glob: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(glob):
        if glob.startswith("**.", i):
            out += r"(?:.*[.\]])?"
            i += 3
        elif glob.startswith("[*]", i):
            out += r"\[[0-9]+\]"
            i += 3
        elif glob[i] == "*":
            out += r"[^.\[]*"
            i += 1
        else:
            out += re.escape(glob[i])
            i += 1
    return re.compile(out + r"\Z")


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            key = str(k)
            here = f"{path}.{key}" if path else key
            yield f"{here} (key)", key
            yield from _walk(v, here)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")


def check_public(document: Any, *, allowed: Iterable[str] = (), free_text: Iterable[str] = FREE_TEXT,
                 where: str = "") -> None:
    """Refuse a public document (JSON-like data: mappings, lists, texts) that holds personal data.

    Every text and key is searched for phone and ID numbers; the texts of ``free_text`` fields also for
    landline numbers, 住址-like text, e-mail addresses and 微信号 or QQ号. Every public output passes this before
    it is written or returned: the disclosure JSON and page, the manifest and draw result published with them,
    the draw and report tables, and any later public listing.

    Args:
        document: the document; a field's path is its keys and list indices (``redraws[0].reason``).
        allowed: codes known not to be personal (the subjects' 统一社会信用代码).
        free_text: path patterns of the free-text fields (:data:`FREE_TEXT`).
        where: the document's name (``disclosure.json``), put before the field's path in the error.

    Raises:
        PersonalDataError: naming the field and the kind of data (never the data), with the fix.
    """
    known = sorted({a for a in allowed if a}, key=len, reverse=True)
    patterns = [_pattern(p) for p in free_text]
    for path, text in _walk(document, ""):
        if not text:
            continue
        free = any(p.match(path) for p in patterns)
        kind = find_personal_data(text, free_text=free, allowed=known)
        if kind is not None:
            field = path or "(the text)"
            raise PersonalDataError(field=f"{where}: {field}" if where else field, kind=kind,
                                    description=KINDS[kind], remove=REMOVE[kind])


WITHHELD = "（含个人信息，不予公开）"
"""What a withheld field shows instead of its text."""

_STEP = re.compile(r"\[([0-9]+)\]|([^.\[\]]+)")


def _steps(field: str) -> list[str | int]:
    steps: list[str | int] = []
    for match in _STEP.finditer(field):
        steps.append(int(match.group(1)) if match.group(1) is not None else match.group(2))
    return steps


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    return value


def withhold(document: Any, fields: Iterable[str], *, allowed: Iterable[str] = (),
             free_text: Iterable[str] = FREE_TEXT) -> Any:
    """A copy of ``document`` with each of ``fields`` (paths as :func:`check_public` names them:
    ``redraws[0].reason``) showing :data:`WITHHELD` instead of its text.

    Only a free-text field in which :func:`find_personal_data` finds personal data may be withheld: a field that
    holds none, or that is not free text (a code, a name, a hash), is refused, so that nothing but personal data
    can be kept from the public this way. The caller publishes the list of fields withheld.

    Raises:
        InvalidInputError: a field that does not exist, is not free text, or holds no personal data.
    """
    out = _copy(document)
    known = sorted({a for a in allowed if a}, key=len, reverse=True)
    patterns = [_pattern(p) for p in free_text]
    for field in fields:
        steps = _steps(field)
        parent: Any = None
        value: Any = out
        try:
            for step in steps:
                parent, value = value, value[step]
        except (KeyError, IndexError, TypeError):
            raise InvalidInputError(tr("there is no field {field} in the publication", field=field), where="--withhold",
                                    fix=tr("give the field as the refusal named it, e.g. redraws[0].reason")) from None
        if not steps or not isinstance(value, str) or not any(p.match(field) for p in patterns):
            raise InvalidInputError(tr("{field} is not a free-text field", field=field), where="--withhold",
                                    fix=tr("only a reason, opinion or note holding personal data can be withheld"))
        if find_personal_data(value, free_text=True, allowed=known) is None:
            raise InvalidInputError(tr("{field} holds no personal data", field=field), where="--withhold",
                                    fix=tr("a field without personal data is published as it is"))
        parent[steps[-1]] = WITHHELD
    return out
