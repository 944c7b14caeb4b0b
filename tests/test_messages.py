"""Messages: templates with named fields that read as their English text, and render through a catalogue at the edge
without ever losing the message (docs/i18n.md)."""

from __future__ import annotations

import gettext
import pickle

from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import DataError, HolidayScheduleMissing, InvalidInputError, Issue
from random_inspection.messages import Message, join, tr
from random_inspection.translation import catalogue, language_of_locale, render, render_error

TEXT = st.text(alphabet=st.sampled_from("ab{}!r:,.统一社会信用代码 \n'\"\\%"), max_size=12) | st.text(max_size=8)


@given(value=TEXT, kind=TEXT, count=st.integers())
def test_a_message_reads_as_the_f_string_it_replaces(value: str, kind: str, count: int) -> None:
    message = tr("{value!r} is not a {kind}: {count:,} rows — {{braces}}", value=value, kind=kind, count=count)
    assert message == f"{value!r} is not a {kind}: {count:,} rows — {{braces}}"
    assert message.template == "{value!r} is not a {kind}: {count:,} rows — {{braces}}"
    assert message.fields == {"value": value, "kind": kind, "count": count}


@given(value=TEXT, parts=st.lists(TEXT, max_size=4), separator=TEXT)
def test_a_message_keeps_its_fields_through_a_pickle_and_a_join(value: str, parts: list[str], separator: str) -> None:
    message = tr("row {row}: {value}", row=3, value=value)
    again = pickle.loads(pickle.dumps(message))
    assert again == message and isinstance(again, Message) and again.fields == message.fields
    assert join(separator, parts) == separator.join(parts)


class _Catalogue(gettext.NullTranslations):
    def __init__(self, entries: dict[str, str]) -> None:
        super().__init__()
        self.entries = entries

    def gettext(self, message: str) -> str:
        return self.entries.get(message, message)


def test_a_message_renders_through_its_catalogue_fields_and_all() -> None:
    inner = tr("{text!r} is not a date", text="2026-02-30")
    outer = tr("{where}: {what}", where="subjects.csv row 3", what=inner)
    shown = render(outer, _Catalogue({"{text!r} is not a date": "{text!r} 不是日期",
                                      "{where}: {what}": "{where}：{what}"}))
    assert shown == "subjects.csv row 3：'2026-02-30' 不是日期"
    assert render(outer, gettext.NullTranslations()) == str(outer) == "subjects.csv row 3: '2026-02-30' is not a date"


def test_a_bad_catalogue_entry_falls_back_to_english_never_to_an_error() -> None:
    message = tr("wrote {file}", file="a{b}.csv")
    for bad in ("已写入 {path}", "已写入 {file", "已写入 {0}", "已写入 {file.x}", "已写入 {file!z}", "}{"):
        assert render(message, _Catalogue({"wrote {file}": bad})) == "wrote a{b}.csv"
    assert render(message, _Catalogue({})) == "wrote a{b}.csv"
    assert render("plain text {x}", _Catalogue({})) == "plain text {x}"


def test_values_are_never_translated() -> None:
    message = tr("{kind} is missing", kind="empty")
    assert render(message, _Catalogue({"empty": "为空", "{kind} is missing": "缺少{kind}"})) == "缺少empty"


def test_an_error_keeps_its_parts_as_messages_and_its_english_text() -> None:
    error = InvalidInputError(tr("{text!r} is not a date", text="x"), where="plan.toml", fix=tr("enter the date only"))
    assert str(error) == "plan.toml: 'x' is not a date — fix: enter the date only"
    zh = catalogue("zh")
    assert render_error(error, zh) == "plan.toml：'x' 不是日期——处理方法：只填写日期"
    data = DataError(tr("cannot read {name}", name="Subject"), [Issue("$.uscc", tr("required field missing"))])
    assert str(data) == "cannot read Subject: $.uscc: required field missing"
    assert render_error(data, zh) == "无法读取 Subject：$.uscc：必填字段缺失"


def test_the_strict_refusal_names_the_command_line_option_in_both_languages() -> None:
    error = HolidayScheduleMissing(2099)
    assert "`--schedule FILE`" in error.fix and "`--strict`" in error.fix
    shown = render_error(error, catalogue("zh"))
    assert "未加载 2099 年的正式节假日安排" in shown and "`--schedule FILE`" in shown and "`--strict`" in shown


def test_the_language_of_a_locale() -> None:
    assert [language_of_locale(v) for v in ("zh_CN.UTF-8", "zh_TW", "zh", "zh_CN:en", "C", "en_US.UTF-8", "", None,
                                            "POSIX")] == ["zh", "zh", "zh", "zh", "en", "en", None, None, "en"]
    assert isinstance(catalogue("en"), gettext.NullTranslations) and catalogue("zh").gettext("error: {message}") != \
        "error: {message}"
