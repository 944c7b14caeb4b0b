"""Tests of random_inspection.model.identifiers: 统一社会信用代码 (GB 32100-2015), 组织机构代码 (GB 11714-1997)
and 公民身份号码 (GB 11643-1999).

The property tests build codes with the library's own check-character functions; those functions are anchored
by real codes and by independent reference implementations written here from the standards' weight tables.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import IdentifierError, InvalidInputError
from random_inspection.model.identifiers import (
    USCC_ALPHABET,
    id_number_check_character,
    normalize_id_number,
    normalize_uscc,
    organization_code_check_character,
    registration_number_check_digit,
    uscc_check_character,
    validate_id_number,
    validate_organization_code,
    validate_registration_number,
    validate_uscc,
)

REAL_USCCS = ["91350100M000100Y43", "9144030071526726XG", "91110000802100433B"]
REAL_ID_NUMBER = "11010519491231002X"  # the example of GB 11643-1999

# ---------------------------------------------------------------------------------------------------------
# Independent reference implementations, written from the standards' tables rather than from the source.

# GB 32100-2015 表 2: weights of positions 1-17; 表 1: the 31 characters in value order.
GB32100_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
GB32100_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# GB 11714-1997: weights of the eight body characters; A=10 ... Z=35.
GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
# GB 11643-1999: weights W_i = 2^(i-1) mod 11 for i = 18..2, and the check character for each remainder.
GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
GB11643_CHECK = {0: "1", 1: "0", 2: "X", 3: "9", 4: "8", 5: "7", 6: "6", 7: "5", 8: "4", 9: "3", 10: "2"}


def reference_uscc_check(first17: str) -> str:
    total = sum(GB32100_CHARS.index(c) * w for c, w in zip(first17, GB32100_WEIGHTS, strict=True))
    c18 = 31 - total % 31
    return GB32100_CHARS[0 if c18 == 31 else c18]


def reference_org_check(body: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body, GB11714_WEIGHTS, strict=True))
    c9 = 11 - total % 11
    return {10: "X", 11: "0"}.get(c9, str(c9))


def reference_id_check(first17: str) -> str:
    return GB11643_CHECK[sum(int(c) * w for c, w in zip(first17, GB11643_WEIGHTS, strict=True)) % 11]


# ---------------------------------------------------------------------------------------------------------
# Strategies


uscc_chars = st.sampled_from(USCC_ALPHABET)


@st.composite
def usccs(draw: st.DrawFn) -> str:
    """A valid 统一社会信用代码 built from random parts."""
    head = draw(uscc_chars) + draw(uscc_chars)
    area = draw(st.text("0123456789", min_size=6, max_size=6))
    body = draw(st.text(USCC_ALPHABET, min_size=8, max_size=8))
    first17 = head + area + body + organization_code_check_character(body)
    return first17 + uscc_check_character(first17)


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    """A valid 18-character 公民身份号码 built from random parts."""
    address = str(draw(st.integers(100000, 999999)))
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)))
    sequence = f"{draw(st.integers(0, 999)):03d}"
    first17 = address + born.strftime("%Y%m%d") + sequence
    return first17 + id_number_check_character(first17)


# Characters that are not in the 统一社会信用代码 alphabet once normalised (lower-case letters fold to upper
# case, so 'a' is a substitution only where the original character is not 'A'), and a space, which
# normalisation removes so that the code becomes one character short.
OUTSIDE_USCC = "IOSVZiosvza*#/.中０ "


def substitutions(code: str, replacements: str, positions: range) -> list[tuple[int, str]]:
    """Every (1-based position, mutated code) where one character is replaced by one that differs after
    normalisation."""
    out = []
    for p in positions:
        for r in replacements:
            if normalize_uscc(r) == code[p - 1]:
                continue
            out.append((p, code[: p - 1] + r + code[p:]))
    return out


# ---------------------------------------------------------------------------------------------------------
# 统一社会信用代码


@pytest.mark.parametrize("code", REAL_USCCS)
def test_real_usccs_validate(code: str) -> None:
    assert validate_uscc(code) == code


@pytest.mark.parametrize("code", REAL_USCCS)
def test_real_usccs_agree_with_reference_check_characters(code: str) -> None:
    """Anchors the library's check functions on real codes through the reference implementations."""
    assert reference_uscc_check(code[:17]) == code[17] == uscc_check_character(code[:17])
    assert reference_org_check(code[8:16]) == code[16] == organization_code_check_character(code[8:16])


@pytest.mark.parametrize(
    "typed",
    [
        "  91350100M000100Y43  ",
        "91350100m000100y43",
        "9135 0100 M000 100Y 43",
        "913501-00M000100-Y43",
        "９１３５０１００Ｍ０００１００Ｙ４３",
        "９１３５０１００ｍ０００１００ｙ４３",
        "\u300091350100M000100Y43\t",
    ],
)
def test_uscc_normalisation(typed: str) -> None:
    assert normalize_uscc(typed) == "91350100M000100Y43"
    assert validate_uscc(typed) == "91350100M000100Y43"


def reference_uscc_valid(code: str) -> bool:
    """GB 32100-2015 from the tables above, character by character: alphabet, 3-8 digits, both check characters."""
    return (len(code) == 18 and all(c in GB32100_CHARS for c in code) and code[2:8].isdigit()
            and reference_org_check(code[8:16]) == code[16] and reference_uscc_check(code[:17]) == code[17])


@given(st.one_of(usccs(), st.text(USCC_ALPHABET + "IOSVZaz0 -\u200b", min_size=16, max_size=19),
                 usccs().flatmap(lambda c: st.tuples(st.integers(0, 17), st.sampled_from(USCC_ALPHABET + "Z"))
                                 .map(lambda t: c[: t[0]] + t[1] + c[t[0] + 1:]))))
def test_the_quick_acceptance_of_a_code_in_normal_form_agrees_with_the_standard(code: str) -> None:
    """validate_uscc accepts a code in normal form through two int() readings of it; a code is accepted that
    way exactly when the per-character definition of the standard accepts it, and any other input takes the
    slow path, which names what is wrong."""
    from random_inspection.model.identifiers import _uscc_in_normal_form_and_valid

    assert _uscc_in_normal_form_and_valid(code) == reference_uscc_valid(code)
    if reference_uscc_valid(normalize_uscc(code)):
        assert validate_uscc(code) == normalize_uscc(code)
    else:
        with pytest.raises(IdentifierError):
            validate_uscc(code)


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e"])
def test_invisible_characters_pasted_into_a_code_are_removed(invisible: str) -> None:
    typed = "91350100" + invisible + "M000100Y43" + invisible
    assert validate_uscc(typed) == "91350100M000100Y43"
    assert normalize_id_number(REAL_ID_NUMBER[:6] + invisible + REAL_ID_NUMBER[6:]) == REAL_ID_NUMBER


@pytest.mark.parametrize("value", [91350100, None, b"91350100M000100Y43"])
def test_non_text_is_an_identifier_error(value: object) -> None:
    for check in (normalize_uscc, validate_uscc, validate_id_number):
        with pytest.raises(IdentifierError, match="not text"):
            check(value)  # type: ignore[arg-type]


@given(usccs())
def test_built_usccs_validate(code: str) -> None:
    assert validate_uscc(code) == code
    assert validate_uscc(code.lower()) == code


@given(st.text(USCC_ALPHABET, min_size=17, max_size=17))
def test_uscc_check_character_matches_reference(first17: str) -> None:
    assert uscc_check_character(first17) == reference_uscc_check(first17)


@given(usccs())
def test_every_single_substitution_in_a_uscc_is_caught(code: str) -> None:
    """GB 32100's mod-31 check catches any one wrong character; characters outside the alphabet and
    letters in 3-8 are named at their own position, check failures at 17 (the 组织机构代码) or 18."""
    mutations = substitutions(code, USCC_ALPHABET + OUTSIDE_USCC, range(1, 19))
    assert mutations
    for p, mutated in mutations:
        with pytest.raises(IdentifierError) as info:
            validate_uscc(mutated)
        err = info.value
        assert err.kind == "统一社会信用代码"
        if err.position is None:  # only a length problem has no position
            assert "characters, a 统一社会信用代码 has 18" in str(err)
            continue
        assert isinstance(err.position, int)
        assert p <= err.position <= 18, (p, mutated, err)
        if normalize_uscc(mutated[p - 1]) not in set(USCC_ALPHABET):
            assert err.position == p


@pytest.mark.parametrize(("value", "count"), [("91350100M000100Y4", 17), ("91350100M000100Y433", 19), ("", 0)])
def test_uscc_wrong_length_says_how_many_characters(value: str, count: int) -> None:
    with pytest.raises(IdentifierError, match=rf"has {count} characters, a 统一社会信用代码 has 18") as info:
        validate_uscc(value)
    assert info.value.position is None


@pytest.mark.parametrize(("letter", "hint"), [("O", "0"), ("I", "1"), ("S", "5"), ("V", "U"), ("Z", "2")])
def test_uscc_forbidden_letter_suggests_the_character_meant(letter: str, hint: str) -> None:
    code = "91350100M000100Y43"
    mutated = code[:10] + letter + code[11:]  # position 11
    with pytest.raises(IdentifierError) as info:
        validate_uscc(mutated)
    err = info.value
    assert err.position == 11
    assert f"did you mean {hint!r}" in err.fix
    assert "I, O, S, V, Z" in err.fix


def test_uscc_letter_in_area_code_is_reported_at_its_position() -> None:
    code = "91350100M000100Y43"
    mutated = code[:4] + "A" + code[5:]  # position 5 lies in characters 3-8
    with pytest.raises(IdentifierError, match="character 5 'A' must be a digit") as info:
        validate_uscc(mutated)
    assert info.value.position == 5
    assert "行政区划码" in str(info.value)


def test_uscc_error_carries_its_parts() -> None:
    with pytest.raises(IdentifierError) as info:
        validate_uscc(" 91350100m000100y44 ", where="Subject.uscc")
    err = info.value
    assert isinstance(err, InvalidInputError)
    assert isinstance(err, ValueError)
    assert err.kind == "统一社会信用代码"
    assert err.value == "91350100M000100Y44"  # as given, normalised
    assert err.position == 18
    assert err.where == "Subject.uscc"
    assert err.fix
    assert "expected '3'" in str(err)
    assert str(err).startswith("Subject.uscc: ")


def test_uscc_wrong_organisation_check_is_reported_at_17() -> None:
    """Characters 9-17 are a 组织机构代码 with its own GB 11714 check character."""
    code = "91350100M000100Y43"
    first16 = code[:16]
    wrong_org = "0" if code[16] != "0" else "1"
    first17 = first16 + wrong_org
    mutated = first17 + uscc_check_character(first17)  # the 18th character is right for the new 17
    with pytest.raises(IdentifierError, match="组织机构代码") as info:
        validate_uscc(mutated)
    assert info.value.position == 17


def test_uscc_check_character_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="17 characters"):
        uscc_check_character("91350100M000100Y")
    with pytest.raises(ValueError, match="17 characters"):
        uscc_check_character("91350100M000100O4")


# ---------------------------------------------------------------------------------------------------------
# 组织机构代码


def test_organisation_code_example_of_the_standard() -> None:
    """D2143569-X, the worked example of GB 11714-1997."""
    assert organization_code_check_character("D2143569") == "X"
    assert validate_organization_code("D2143569-X") == "D2143569X"


@pytest.mark.parametrize("code", REAL_USCCS)
def test_organisation_codes_inside_real_usccs_validate(code: str) -> None:
    assert validate_organization_code(code[8:17]) == code[8:17]


@given(st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=8, max_size=8))
def test_organisation_check_character_matches_reference(body: str) -> None:
    assert organization_code_check_character(body) == reference_org_check(body)


def _first_body_with_check(check: str) -> str:
    """The first body (in a fixed order) whose reference check character is ``check``."""
    for n in range(10**8):
        body = f"{n:08d}"
        if reference_org_check(body) == check:
            return body
    raise AssertionError(f"no body with check character {check}")


@pytest.mark.parametrize("check", ["X", "0", "1", "9"])
def test_organisation_codes_with_each_kind_of_check_character(check: str) -> None:
    """Check values 10 and 11 are written X and 0 (GB 11714-1997), the others as the digit."""
    body = _first_body_with_check(check)
    assert organization_code_check_character(body) == check
    assert validate_organization_code(body + check) == body + check
    assert validate_organization_code(f"{body.lower()}-{check.lower()}") == body + check
    wrong = "1" if check != "1" else "2"
    with pytest.raises(IdentifierError) as info:
        validate_organization_code(body + wrong)
    assert info.value.position == 9
    assert info.value.kind == "组织机构代码"
    assert f"expected {check!r}" in str(info.value)


def test_organisation_code_errors() -> None:
    with pytest.raises(IdentifierError, match="has 8 characters") as info:
        validate_organization_code("D2143569")
    assert info.value.position is None
    with pytest.raises(IdentifierError) as info:
        validate_organization_code("D21435*9X")
    assert info.value.position == 7


# ---------------------------------------------------------------------------------------------------------
# 公民身份号码


def test_real_id_number_validates() -> None:
    assert validate_id_number(REAL_ID_NUMBER) == REAL_ID_NUMBER
    assert reference_id_check(REAL_ID_NUMBER[:17]) == "X" == id_number_check_character(REAL_ID_NUMBER[:17])


@pytest.mark.parametrize(
    "typed",
    ["11010519491231002x", " 110105 19491231 002X ", "110105-19491231-002x", "１１０１０５１９４９１２３１００２ｘ"],
)
def test_id_number_normalisation(typed: str) -> None:
    assert normalize_id_number(typed) == REAL_ID_NUMBER
    assert validate_id_number(typed) == REAL_ID_NUMBER


@given(st.text("0123456789", min_size=17, max_size=17))
def test_id_check_character_matches_reference(first17: str) -> None:
    assert id_number_check_character(first17) == reference_id_check(first17)


@given(id_numbers())
def test_built_id_numbers_validate(number: str) -> None:
    assert validate_id_number(number) == number
    assert validate_id_number(number.lower()) == number


@given(id_numbers())
def test_every_single_substitution_in_an_id_number_is_caught(number: str) -> None:
    """The mod-11 check catches any one wrong digit; a leading 0 is reported at 1, a date that is no longer
    a date at 7, anything else at the check character."""
    mutations = [
        (p, number[: p - 1] + d + number[p:]) for p in range(1, 18) for d in "0123456789" if d != number[p - 1]
    ]
    mutations += [(18, number[:17] + c) for c in "0123456789XY*" if c != number[17]]
    for p, mutated in mutations:
        with pytest.raises(IdentifierError) as info:
            validate_id_number(mutated)
        err = info.value
        assert err.kind == "公民身份号码"
        assert isinstance(err.position, int)
        assert 1 <= err.position <= 18
        if err.position == 1:
            assert p == 1
            assert mutated[0] == "0"
        elif err.position == 7:
            assert 7 <= p <= 14
        else:
            assert err.position == 18, (p, mutated, err)


def test_id_number_fifteen_digits_has_its_own_message() -> None:
    with pytest.raises(IdentifierError, match="first-generation 15-digit") as info:
        validate_id_number("110105491231002")
    assert "18-digit" in info.value.fix
    assert info.value.position is None


@pytest.mark.parametrize(("value", "count"), [("1101051949123100", 16), ("11010519491231002X1", 19)])
def test_id_number_wrong_length_says_how_many(value: str, count: int) -> None:
    with pytest.raises(IdentifierError, match=rf"has {count} characters, a 公民身份号码 has 18"):
        validate_id_number(value)


@pytest.mark.parametrize(
    "birth",
    [
        "19491331",  # month 13
        "19490230",  # 30 February
        "19000229",  # 1900 is not a leap year
        "18991231",  # before 1900
        "19490000",
    ],
)
def test_id_number_bad_birth_date_is_reported_at_7(birth: str) -> None:
    first17 = "110105" + birth + "002"
    number = first17 + id_number_check_character(first17)  # only the date is wrong
    with pytest.raises(IdentifierError, match="not a valid birth date") as info:
        validate_id_number(number)
    assert info.value.position == 7
    assert birth in str(info.value)


def test_id_number_leap_day_is_a_birth_date() -> None:
    first17 = "110105" + "20000229" + "002"
    number = first17 + id_number_check_character(first17)
    assert validate_id_number(number) == number


def test_id_number_letter_and_address_errors() -> None:
    with pytest.raises(IdentifierError, match="character 3 'A' must be a digit") as info:
        validate_id_number("11A10519491231002X")
    assert info.value.position == 3
    with pytest.raises(IdentifierError, match="cannot start with 0") as info:
        validate_id_number("01010519491231002X")
    assert info.value.position == 1
    with pytest.raises(IdentifierError, match="must be a digit or X") as info:
        validate_id_number("11010519491231002Y")
    assert info.value.position == 18


def test_id_number_error_carries_its_parts() -> None:
    with pytest.raises(IdentifierError) as info:
        validate_id_number("110105194912310021", where="Inspector p1.id_number")
    err = info.value
    assert isinstance(err, InvalidInputError)
    assert isinstance(err, ValueError)
    assert (err.kind, err.value, err.position) == ("公民身份号码", "110105194912310021", 18)
    assert err.where == "Inspector p1.id_number"
    assert "expected 'X'" in str(err)
    assert err.fix


@pytest.mark.parametrize("value", ["1١010519491231002X", "1²010519491231002X"])
def test_id_number_with_non_ascii_digits_is_refused(value: str) -> None:
    """A 居民身份证 number is written in ASCII digits; other Unicode digits (which str.isdigit accepts) are named
    at their position rather than passed through or left to a bare int() error."""
    with pytest.raises(IdentifierError) as info:
        validate_id_number(value)
    assert info.value.position == 2


# ---------------------------------------------------------------------------------------------------------
# 注册号 (GS 15—2006): ISO 7064 MOD 11,10, checked the way the standard verifies a whole number: run the
# recurrence over the 14 digits, and the number is valid when (P + check digit) mod 10 == 1.


def _mod_11_10_valid(number: str) -> bool:
    p = 10
    for c in number[:14]:
        s = (p + int(c)) % 10
        p = ((s if s else 10) * 2) % 11
    return (p + int(number[14])) % 10 == 1


FOURTEEN = st.text("0123456789", min_size=14, max_size=14)


@given(FOURTEEN)
def test_registration_check_digit_is_the_one_the_standard_accepts(first14: str) -> None:
    valid = [d for d in "0123456789" if _mod_11_10_valid(first14 + d)]
    assert valid == [registration_number_check_digit(first14)]
    assert validate_registration_number(first14 + valid[0]) == first14 + valid[0]


@given(FOURTEEN, st.integers(0, 14), st.sampled_from("0123456789"))
def test_every_single_digit_change_in_a_registration_number_is_caught(first14: str, at: int, digit: str) -> None:
    number = first14 + registration_number_check_digit(first14)
    mutated = number[:at] + digit + number[at + 1:]
    if mutated == number:
        return
    with pytest.raises(IdentifierError, match="expected") as info:
        validate_registration_number(mutated)
    assert info.value.kind == "注册号" and info.value.position == 15


def test_registration_number_errors_and_normalisation() -> None:
    assert validate_registration_number(" 110108000000016 ") == "110108000000016"
    assert validate_registration_number("１１０１０８０００００００１６") == "110108000000016"
    with pytest.raises(IdentifierError, match="has 14 characters"):
        validate_registration_number("11010800000001")
    with pytest.raises(IdentifierError, match="character 3 'A' is not a digit") as info:
        validate_registration_number("11A108000000016")
    assert info.value.position == 3
    with pytest.raises(ValueError, match="14 digits"):
        registration_number_check_digit("1101080000000")


def test_the_helpers_docs_model_names_are_exported_from_the_model() -> None:
    import re
    from pathlib import Path

    import random_inspection.model as model

    doc = (Path(__file__).resolve().parents[1] / "docs" / "model.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:validate|normalize)_[a-z_]+|[a-z_]+_check_(?:character|digit))`", doc))
    assert {"uscc_check_character", "id_number_check_character", "validate_uscc"} <= named
    for name in sorted(named):
        assert name in model.__all__ and callable(getattr(model, name)), name
