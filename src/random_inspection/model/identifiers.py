"""Chinese identifiers: 统一社会信用代码 (GB 32100-2015), 组织机构代码 (GB 11714-1997) and
公民身份号码 (GB 11643-1999).

Each identifier has a ``normalize_*`` function (trim, upper-case, drop inner spaces and hyphens that offices
type), a ``validate_*`` function that returns the normalised value or raises :class:`IdentifierError` naming
the first thing wrong and its position, and a ``*_check_character`` function that computes the check
character, so that callers (and tests) can build valid codes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from itertools import compress
from operator import and_, eq

from random_inspection.errors import IdentifierError
from random_inspection.messages import tr

__all__ = [
    "IDENTIFIER_FOLD",
    "USCC_ALPHABET",
    "fold_identifier",
    "id_number_check_character",
    "is_valid_uscc",
    "normalize_id_number",
    "normalize_uscc",
    "organization_code_check_character",
    "registration_number_check_digit",
    "uscc_check_character",
    "valid_usccs",
    "validate_id_number",
    "validate_organization_code",
    "validate_registration_number",
    "validate_uscc",
]

# GB 32100-2015 表 1-3: the 31 characters a 统一社会信用代码 may use (no I, O, S, V, Z), in value order 0-30.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
# Weight of position i (0-based) is 3**i mod 31 (GB 32100-2015 第 5 章).
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

# GB 11714-1997: weights of the eight body characters of a 组织机构代码; letters count A=10 … Z=35.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# GB 11643-1999: weights 2**(17-i) mod 11 and the check character for each remainder.
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK = "10X98765432"

_USCC_KIND = "统一社会信用代码"
_ORG_KIND = "组织机构代码"
_ID_KIND = "公民身份号码"
_REG_KIND = "注册号"

_DIGITS = frozenset("0123456789")  # str.isdigit would also accept '١' or '²'


def _all_digits(text: str) -> bool:
    return bool(text) and all(c in _DIGITS for c in text)


IDENTIFIER_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20} | dict.fromkeys(
    (0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF))
"""The ``str.translate`` table of :func:`fold_identifier`."""


def fold_identifier(text: str) -> str:
    """A code's text as the law writes it: full-width letters and digits (Ａ１…, what a Chinese input method
    types) as ASCII, the ideographic space as a space, and the invisible characters a copy from a web page or a
    document brings removed (soft hyphen, zero-width space and joiners, direction marks, word joiner, byte-order
    mark). Letter case and spaces are left to each identifier's own rule."""
    return text.translate(IDENTIFIER_FOLD)


_SEPARATORS = re.compile(r"[\s\-‐－—]+")
"""What offices type into a code and the code never holds: white space, hyphens and dashes."""


def _normalize(value: str, kind: str = "identifier") -> str:
    if not isinstance(value, str):
        raise IdentifierError(
            tr("is a {name}, not text", name=type(value).__name__), kind=kind, value=repr(value),
            fix=tr("give the code as text (a number loses its leading zeros and check character X)"),
        )
    return _SEPARATORS.sub("", fold_identifier(value)).upper()


def _require_check(value: str, expected: str, standard: str, kind: str, where: str, fix: str) -> None:
    """Raise unless the last character of ``value`` is the ``expected`` check character."""
    if value[-1] != expected:
        raise IdentifierError(
            tr("check character ({value_count}) is {value!r}, expected {expected!r} ({standard})",
               value_count=len(value), value=value[-1], expected=expected, standard=standard),
            kind=kind, value=value, position=len(value), where=where, fix=fix,
        )


def normalize_uscc(value: str) -> str:
    """Trim, fold full-width characters, drop spaces and hyphens, upper-case."""
    if isinstance(value, str) and _USCC_SHAPE.fullmatch(value):
        return value  # already in normal form
    return _normalize(value)


def normalize_id_number(value: str) -> str:
    """Trim, fold full-width characters, drop spaces and hyphens, upper-case (a trailing ``x`` becomes ``X``)."""
    return _normalize(value)


def uscc_check_character(first17: str) -> str:
    """The check character (18th) of a 统一社会信用代码 whose first 17 characters are given."""
    if len(first17) != 17 or any(c not in _USCC_VALUE for c in first17):
        raise ValueError("need 17 characters of the 统一社会信用代码 alphabet")
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def organization_code_check_character(body: str) -> str:
    """The check character (9th) of a 组织机构代码 whose eight body characters are given."""
    if len(body) != 8 or any(c not in _ORG_BODY_ALPHABET for c in body):
        raise ValueError("need 8 digits or upper-case letters")
    total = sum(_ORG_BODY_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_organization_code(value: str, *, where: str = "") -> str:
    """Validate a nine-character 组织机构代码 (GB 11714-1997) and return it normalised."""
    code = _normalize(value, _ORG_KIND)
    if len(code) != 9:
        raise IdentifierError(
            tr("has {code_count} characters, a 组织机构代码 has 9 (8 body characters and a check character)",
               code_count=len(code)),
            kind=_ORG_KIND, value=code, where=where, fix=tr("copy the code again from the registration record"),
        )
    for i, c in enumerate(code[:8]):
        if c not in _ORG_BODY_ALPHABET:
            raise IdentifierError(
                tr("character {number} {c!r} is not a digit or an upper-case letter", number=i + 1, c=c),
                kind=_ORG_KIND, value=code, position=i + 1, where=where,
                fix=tr("use only digits 0-9 and letters A-Z"),
            )
    _require_check(
        code, organization_code_check_character(code[:8]), "GB 11714-1997", _ORG_KIND, where,
        "one of the nine characters is mistyped; compare with the registration record",
    )
    return code


def registration_number_check_digit(first14: str) -> str:
    """The check digit (15th) of a 市场主体注册号 whose first 14 digits are given (GS 15—2006, by ISO 7064
    MOD 11,10)."""
    if len(first14) != 14 or not _all_digits(first14):
        raise ValueError("need 14 digits")
    p = 10
    for c in first14:
        p = (((p + int(c)) % 10 or 10) * 2) % 11
    return str((11 - p) % 10)


def validate_registration_number(value: str, *, where: str = "") -> str:
    """Validate a 15-digit 市场主体注册号 (工商注册号, GS 15—2006), the number before the 统一社会信用代码 that
    鹤壁's 附件2 still asks for, and return it normalised."""
    code = _normalize(value, _REG_KIND)
    if len(code) != 15:
        raise IdentifierError(
            tr("has {code_count} characters, a 注册号 has 15 digits", code_count=len(code)),
            kind=_REG_KIND, value=code, where=where,
            fix=tr("copy it again from the business licence, or leave it empty where there is none"),
        )
    for i, c in enumerate(code):
        if c not in _DIGITS:
            raise IdentifierError(tr("character {number} {c!r} is not a digit",
                                     number=i + 1,
                                     c=c), kind=_REG_KIND, value=code,
                                  position=i + 1, where=where, fix=tr("a 注册号 has digits only"))
    _require_check(code, registration_number_check_digit(code[:14]), "GS 15—2006, ISO 7064 MOD 11,10", _REG_KIND,
                   where, "one of the fifteen digits is mistyped; compare with the business licence")
    return code


# A code already in normal form (18 characters of the alphabet, 3-8 digits): the common case, checked without
# building the slow path's per-character messages. Read as numbers, the two weighted sums are one int() each:
# GB 32100's weights 3**i mod 31 are the powers of 34 (34 ≡ 3 mod 31), so the reversed first 17 characters read
# in base 34 (after renaming the alphabet to int()'s digits 0-9A-U) give the sum mod 31; GB 11714's weights
# 3, 7, 9, 10, 5, 8, 4, 2 are 3·6**i mod 11, and the body read in base 35 (35 ≡ 2 ≡ 6**-1 mod 11; the alphabet
# has no Z, so every character is a base-35 digit) is 7·Σ v_i·6**i, hence the weighted sum is 2·int(body, 35).
# tests/test_identifiers.py checks both against the per-character definitions.
_USCC_SHAPE = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}")
_AS_BASE_DIGITS = str.maketrans(USCC_ALPHABET, "0123456789ABCDEFGHIJKLMNOPQRSTU")
_ORG_CHECK = "0123456789X0"  # the check character for 11 - (sum mod 11), 1 to 11


def is_valid_uscc(value: object) -> bool:
    """Whether ``value`` is a valid 统一社会信用代码 already in normal form (what :func:`validate_uscc` returns): the
    quick test, with no message; :func:`validate_uscc` says what is wrong with any other value."""
    return isinstance(value, str) and _uscc_in_normal_form_and_valid(value)


def _uscc_in_normal_form_and_valid(value: str) -> bool:
    if not _USCC_SHAPE.fullmatch(value):
        return False
    if _ORG_CHECK[11 - (2 * int(value[8:16], 35)) % 11] != value[16]:
        return False
    return USCC_ALPHABET[-int(value[16::-1].translate(_AS_BASE_DIGITS), 34) % 31] == value[17]


def valid_usccs(values: Sequence[str]) -> list[bool]:
    """:func:`is_valid_uscc` of each of ``values`` (text), computed a column at a time: the shape of every code
    told at once over the joined column (each code's where one is not of the shape), then both check characters
    of the codes of that shape computed over the whole column at once (:func:`_check_characters_valid`), with no
    Python step per code (a registry's column of a million codes is checked in about a fifth of a second)."""
    if not values:
        return []
    joined = "\n".join(values)
    if len(joined) == 19 * len(values) - 1 and _all_of_the_shape(joined, len(values)):
        return _check_characters_valid(values, joined)
    shaped = list(map(bool, map(_USCC_SHAPE.fullmatch, values)))
    codes = list(compress(values, shaped))
    if not codes:
        return shaped
    found = iter(_check_characters_valid(codes, "\n".join(codes)))
    return [shape and next(found) for shape in shaped]


_ALPHABET_AND_LINE_FEED = (USCC_ALPHABET + "\n").encode("ascii")


def _all_of_the_shape(joined: str, count: int) -> bool:
    """Whether ``joined`` (19·count − 1 characters) is ``count`` values of :data:`_USCC_SHAPE` joined by line
    feeds: only the alphabet's characters and line feeds, a line feed after every 18th character and nowhere
    else, and digits in the 3rd to 8th places."""
    if not joined.isascii():
        return False
    data = joined.encode("ascii")
    return (not data.translate(None, _ALPHABET_AND_LINE_FEED) and data.count(b"\n") == count - 1
            and data[18::19] == b"\n" * (count - 1) and all(data[k::19].isdigit() for k in range(2, 8)))


def _terms(weights: Sequence[int], first: int, value: Callable[[str], int], modulus: int,
           ) -> list[tuple[int, bytes, int]]:
    """Per place of a code (from ``first``), a ``bytes.translate`` table giving each character of the alphabet its
    term of a check's weighted sum, reduced (``weight · value(character) mod modulus``; 0 for any other byte), and
    the largest term."""
    return [(first + i, bytes(w * value(chr(b)) % modulus if chr(b) in USCC_ALPHABET else 0 for b in range(256)),
             modulus - 1) for i, w in enumerate(weights)]


# Per place of the code, each character's term of its check's weighted sum, reduced (GB 11714's for the 9th to
# 16th characters, mod 11; GB 32100's for the first 17, mod 31); and the check character for each sum of terms.
_ORG_TERMS = _terms(_ORG_WEIGHTS, 8, _ORG_BODY_ALPHABET.index, 11)
_USCC_TERMS = _terms(_USCC_WEIGHTS, 0, _USCC_VALUE.__getitem__, 31)
_ORG_CHECK_OF_SUM = bytes(ord(_ORG_CHECK[11 - s % 11]) for s in range(256))
_USCC_CHECK_OF_SUM = bytes(ord(USCC_ALPHABET[-s % 31]) for s in range(256))
_MOD_11, _MOD_31 = bytes(s % 11 for s in range(256)), bytes(s % 31 for s in range(256))


def _sums(data: bytes, count: int, terms: list[tuple[int, bytes, int]], reduce: bytes, most: int) -> bytes:
    """For each of the ``count`` codes of ``data`` (their ASCII joined by line feeds, 19 bytes a code), the sum of
    its terms (``terms``: the place, the table giving each character's term, the largest term), one byte a code.

    The column of each place (every 19th byte) is read as one integer of a byte a code and the columns added as
    integers, so that every code's sum is made in its own byte at once; a sum is reduced by ``reduce`` (to at most
    ``most``) before another term could carry it past a byte (each byte's sum stays under 256)."""
    total, bound = 0, 0
    for place, table, largest in terms:
        if bound + largest > 255:
            total, bound = int.from_bytes(total.to_bytes(count, "big").translate(reduce), "big"), most
        total += int.from_bytes(data[place::19].translate(table), "big")
        bound += largest
    return total.to_bytes(count, "big")


def _check_characters_valid(codes: Sequence[str], joined: str) -> list[bool]:
    """Whether each of ``codes`` (all of the shape; ``joined``: them joined by line feeds) has both check
    characters right: each check's weighted sum made for every code at once (:func:`_sums`), its check character
    looked up for every code at once (``bytes.translate``), and compared with the column's."""
    count = len(codes)
    data = joined.encode("ascii")
    org = _sums(data, count, _ORG_TERMS, _MOD_11, 10).translate(_ORG_CHECK_OF_SUM)
    last = _sums(data, count, _USCC_TERMS, _MOD_31, 30).translate(_USCC_CHECK_OF_SUM)
    written_org, written_last = data[16::19], data[17::19]  # each code's 17th and 18th characters
    if org == written_org and last == written_last:
        return [True] * count
    return list(map(and_, map(eq, org, written_org), map(eq, last, written_last)))


def validate_uscc(value: str, *, where: str = "") -> str:
    """Validate a 统一社会信用代码 (GB 32100-2015) and return it normalised.

    Checks, in order: length 18; every character in the code's 31-character alphabet; characters 3-8 (the
    registering authority's 行政区划码) are digits; the 组织机构代码 in characters 9-17 carries a correct
    GB 11714 check character; the 18th character is the GB 32100 check character.

    Raises:
        IdentifierError: naming the first problem and its 1-based position.
    """
    if isinstance(value, str) and _uscc_in_normal_form_and_valid(value):
        return value
    code = _normalize(value, _USCC_KIND)
    fix_copy = tr("copy the code again from the business licence ({document})", document="营业执照")
    if len(code) != 18:
        raise IdentifierError(
            tr("has {code_count} characters, a 统一社会信用代码 has 18",
               code_count=len(code)), kind=_USCC_KIND, value=code, where=where,
            fix=fix_copy,
        )
    for i, c in enumerate(code):
        if c not in _USCC_VALUE:
            hint = {"I": "1", "O": "0", "S": "5", "V": "U", "Z": "2"}.get(c)
            fix = (tr("the letters I, O, S, V, Z are never used; did you mean {hint!r}?", hint=hint) if hint
                   else fix_copy)
            raise IdentifierError(
                tr("character {number} {c!r} is not allowed (GB 32100-2015 uses 0-9 and A-Y without I, O, S, V, Z)",
                   number=i + 1, c=c),
                kind=_USCC_KIND, value=code, position=i + 1, where=where, fix=fix,
            )
    for i in range(2, 8):
        if code[i] not in _DIGITS:
            raise IdentifierError(
                tr("character {number} {code!r} must be a digit: characters 3-8 are the {term}", number=i + 1,
                   code=code[i], term="登记管理机关行政区划码"),
                kind=_USCC_KIND, value=code, position=i + 1, where=where, fix=fix_copy,
            )
    org = code[8:17]
    expected_org = organization_code_check_character(org[:8])
    if org[8] != expected_org:
        raise IdentifierError(
            tr("character 17 {org!r} is not the check character of the 组织机构代码 {org2!r} in characters 9-17 "
               "(expected {expected_org!r}, GB 11714-1997)", org=org[8], org2=org, expected_org=expected_org),
            kind=_USCC_KIND, value=code, position=17, where=where, fix=fix_copy,
        )
    _require_check(code, uscc_check_character(code[:17]), "GB 32100-2015", _USCC_KIND, where, fix_copy)
    return code


def id_number_check_character(first17: str) -> str:
    """The check character (18th) of a 公民身份号码 whose first 17 digits are given."""
    if len(first17) != 17 or not _all_digits(first17):
        raise ValueError("need 17 digits")
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_id_number(value: str, *, where: str = "") -> str:
    """Validate an 18-character 公民身份号码 (GB 11643-1999) and return it normalised.

    Checks length, digits, the first digit of the address code, the birth date (a real calendar date, not
    before 1900), and the check character. It does not check the birth date against today: the core has no
    clock.

    Raises:
        IdentifierError: naming the first problem and its 1-based position.
    """
    number = _normalize(value, _ID_KIND)
    fix_copy = tr("copy the number again from the ID card ({document})", document="居民身份证")
    if len(number) == 15 and _all_digits(number):
        raise IdentifierError(
            tr("is a first-generation 15-digit number"), kind=_ID_KIND, value=number, where=where,
            fix=tr("enter the 18-digit number of the second-generation ID card"),
        )
    if len(number) != 18:
        raise IdentifierError(
            tr("has {number_count} characters, a 公民身份号码 has 18",
               number_count=len(number)), kind=_ID_KIND, value=number, where=where,
            fix=fix_copy,
        )
    for i, c in enumerate(number[:17]):
        if c not in _DIGITS:
            raise IdentifierError(
                tr("character {number} {c!r} must be a digit",
                   number=i + 1,
                   c=c), kind=_ID_KIND, value=number, position=i + 1,
                where=where, fix=fix_copy,
            )
    if number[17] not in "0123456789X":
        raise IdentifierError(
            tr("check character (18) {number!r} must be a digit or X", number=number[17]), kind=_ID_KIND, value=number,
            position=18, where=where, fix=fix_copy,
        )
    if number[0] not in "123456789":
        raise IdentifierError(
            tr("the address code (characters 1-6) cannot start with 0"), kind=_ID_KIND, value=number, position=1,
            where=where, fix=fix_copy,
        )
    birth = number[6:14]
    try:
        born = dt.date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        born = None
    if born is None or born.year < 1900:
        raise IdentifierError(
            tr("characters 7-14 {birth!r} are not a valid birth date (YYYYMMDD)",
               birth=birth), kind=_ID_KIND, value=number,
            position=7, where=where, fix=fix_copy,
        )
    _require_check(number, id_number_check_character(number[:17]), "GB 11643-1999", _ID_KIND, where, fix_copy)
    return number
