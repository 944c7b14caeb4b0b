"""The sampling readers' messages (docs/i18n.md): the public input, the published manifest, the columns and the
streamed rows refuse in English, byte for byte as before, and render in Chinese from the catalogue."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import DataError, InvalidInputError
from random_inspection.messages import Message
from random_inspection.sampling import Manifest
from random_inspection.sampling import streamed as streamed_module
from random_inspection.sampling.columns import SubjectColumns
from random_inspection.sampling.public_input import InputField, PublicInputSpec
from random_inspection.sampling.published import ReadLimits, beyond_limits, read_published_manifest
from random_inspection.sampling.safe_pattern import pattern_problem
from random_inspection.translation import catalogue, render, render_error

ZH = catalogue("zh")
SPEC = Path(__file__).resolve().parents[1] / "docs" / "spec"
DICE = PublicInputSpec("四枚骰子当众投掷", "2026-12-01T09:30:00+08:00",
                       (InputField("die1", "digits", length=1, alphabet="123456"),
                        InputField("die2", "digits", length=1, alphabet="123456")))


def _published() -> bytes:
    vector = json.loads((SPEC / "draw-v1-vectors.json").read_text(encoding="utf-8"))[0]
    return Manifest.from_json(vector["manifest"]).canonical()


_fields = st.one_of(
    st.builds(lambda n, k, a: InputField(n, "digits", length=k, alphabet="".join(sorted(a))),
              st.sampled_from(["die1", "号码"]), st.integers(1, 9), st.sets(st.sampled_from("0123456789"), min_size=1)),
    st.builds(lambda n, low, span: InputField(n, "integer", min=low, max=low + span),
              st.sampled_from(["n", "球号"]), st.integers(0, 99), st.integers(0, 99)),
    st.builds(lambda n, p: InputField(n, "decimal", places=p), st.sampled_from(["close"]), st.integers(1, 6)),
    st.builds(lambda n: InputField(n, "date"), st.sampled_from(["day"])),
)


@given(_fields)
def test_property_a_fields_spelling_in_chinese_is_the_one_the_notice_posts(field: InputField) -> None:
    """The command line's Chinese of a field's spelling is :meth:`InputField.describe_zh`, the bureau's page's."""
    assert isinstance(field.describe(), Message)
    assert render(field.describe(), ZH) == field.describe_zh()


def test_a_fields_spelling_stays_the_english_it_was() -> None:
    assert InputField("die1", "digits", length=1, alphabet="123456").describe() == "die1: 1 digit of 123456"
    assert InputField("d", "digits", length=2, alphabet="0123456789").describe() == "d: 2 digits of 0123456789"
    assert DICE.describe() == "die1: 1 digit of 123456; die2: 1 digit of 123456 (fields joined by single spaces)"


def test_a_public_input_refusal_is_english_and_renders_in_chinese() -> None:
    with pytest.raises(InvalidInputError) as caught:
        DICE.parse("3 7")
    error = caught.value
    assert str(error) == ("public input: public input '3 7': '7' is not die2: 1 digit of 123456 — fix: write it as: "
                          "die1: 1 digit of 123456; die2: 1 digit of 123456 (fields joined by single spaces)")
    assert render_error(error, ZH) == (
        "公开输入：公开输入 '3 7'：'7' 不符合 die2：1位数字，取自 123456——处理方法：请写作："
        "die1：1位数字，取自 123456; die2：1位数字，取自 123456（各项依次以一个半角空格分隔）")


def test_a_field_of_wrong_options_names_what_it_takes_in_either_language() -> None:
    with pytest.raises(InvalidInputError) as caught:
        InputField("day", "date", length=1)  # type: ignore[call-arg]
    assert caught.value.what == "a date field takes exactly no options; given: length"
    assert "date 类字段不接受任何选项；实际给出：length" in render_error(caught.value, ZH)
    with pytest.raises(InvalidInputError) as caught:
        InputField("n", "integer", min=1)
    assert caught.value.what == "a integer field takes exactly max, min; given: min"


def test_a_published_manifest_refusal_renders_in_chinese() -> None:
    with pytest.raises(DataError) as caught:
        read_published_manifest(io.BytesIO(b'{"algorithm":"draw-v9","checklist":[]}'))
    error = caught.value
    assert error.issues[0].path == "byte 0, $.algorithm"
    assert error.issues[0].message.startswith('the document does not begin {"algorithm":"draw-v…"} with a known ')
    shown = render_error(error, ZH)
    assert shown.startswith("无法读取已公布的抽查清单：第 0 字节，$.algorithm：文件开头不是带已知算法")
    assert "请按公布的原样给出抽查清单" in shown


def test_a_subject_beyond_a_limit_is_said_once_beyond_the_limit() -> None:
    """The subjects' scan says its problems without the words, and the reader adds them once."""
    with pytest.raises(DataError) as caught:
        read_published_manifest(io.BytesIO(_published()), ReadLimits(max_subjects=1))
    error = caught.value
    assert beyond_limits(error)
    assert error.issues[0].message == "beyond the limit: more than 1 subjects"
    assert "超出限制：检查对象超过 1 个" in render_error(error, ZH)


def test_a_streamed_row_refusal_renders_in_chinese() -> None:
    with pytest.raises(DataError) as caught:
        streamed_module._row_object(b'{"id":"1","id":"2"}', "rows.jsonl", 2)
    assert str(caught.value).startswith("a subject row cannot be read: rows.jsonl, row 2: the field id is given twice")
    assert render_error(caught.value, ZH).startswith("无法读取检查对象行：rows.jsonl 第2行：字段 id 给出了两次")


@pytest.mark.parametrize(("line", "english", "chinese"), [
    (b'{"id":"1",', "rows.jsonl, row 2, column ", "rows.jsonl 第2行第"),
    (b'{"id":"1","history":-1}', "rows.jsonl, row 2: the field", "rows.jsonl 第2行："),
    (json.dumps({"id": "1", "area": "410100", "domain": "工贸", "sector": None, "subject_type": "企业",
                 "industry": None, "credit_risk": None, "in_existence": True, "exempt": False,
                 "history": -1}).encode(),
     "rows.jsonl, row 2, field history: ", "rows.jsonl 第2行，字段 history："),
])
def test_a_streamed_rows_place_is_said_in_chinese(line: bytes, english: str, chinese: str) -> None:
    with pytest.raises(DataError) as caught:
        streamed_module._row_object(line, "rows.jsonl", 2)
    assert english in str(caught.value)
    shown = render_error(caught.value, ZH)
    assert chinese in shown and ", row" not in shown and "field" not in shown and "column" not in shown


def test_a_column_refusal_and_a_pattern_problem_render_in_chinese() -> None:
    with pytest.raises(InvalidInputError) as caught:
        SubjectColumns.from_rows([("b",) + ("x",) * 6 + (True, False, 0), ("a",) + ("x",) * 6 + (True, False, 0)])
    assert caught.value.what == "the subject ids are not unique and sorted by their UTF-8 bytes (at 'a')"
    assert "检查对象标识不唯一或未按 UTF-8 字节排序（在 'a' 处）" in render_error(caught.value, ZH)
    problem = pattern_problem("(a+)+$")
    assert problem == "a quantifier at character 4 on a group that holds a variable quantifier or '|'"
    assert render(problem, ZH) == "第 4 个字符处的量词作用于含可变量词或“|”的分组"
