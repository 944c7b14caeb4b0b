"""The disclosure as a typed value: the same published JSON as before it was typed, read back whole, and the
optional record fields chosen by ``disclosure.record_fields``, never by the words of ``disclosure.contents``."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import DataError, InvalidInputError
from random_inspection.model import Document, Jurisdiction, RecordField, Subject
from random_inspection.profiles import Profile, ProfileRegistry, ResolvedProfile, Rule, hookimpl
from random_inspection.workflow import (
    Disclosure,
    DrawPart,
    InspectionKind,
    InspectionRecord,
    PublicInspection,
    Redraw,
    Step,
    disclose,
)
from random_inspection.workflow.privacy import WITHHELD

from .disclosure_cases import CASES, GOLDEN, dump
from .export_support import lengshuitan_export

D = dt.date
GOLDEN_JSON = json.loads(GOLDEN.read_text(encoding="utf-8"))
LST = lengshuitan_export()
DOC = Document("测试文件", doc_number="测试〔2025〕1号", effective_from=D(2025, 1, 1))


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_published_json_is_unchanged_byte_for_byte(name: str) -> None:
    assert dump(CASES[name]()) == dump(GOLDEN_JSON[name])


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_published_disclosure_reads_back_as_the_same_typed_value(name: str) -> None:
    typed = Disclosure.from_json(GOLDEN_JSON[name])
    assert typed.to_json() == GOLDEN_JSON[name]
    assert Disclosure.from_json(typed.to_json()) == typed


def test_disclose_gives_typed_parts() -> None:
    record = _record(LST.draw.subjects[1], opinion="建议提前告知检查时间")
    public = disclose(LST.profile, LST.plan, LST.draw, [record], LST.subjects, LST.inspectors)
    assert isinstance(public, Disclosure) and isinstance(public.draw, DrawPart)
    assert public.window == LST.plan.window and public.draw.seed == LST.draw.seed
    (recusal,) = public.draw.recusals
    assert recusal.inspector.id == LST.draw.recusals[0].inspector and recusal.inspector.name is not None
    assert recusal.replacement is not None and recusal.replacement.id == LST.draw.recusals[0].replacement
    (shown,) = public.inspections
    assert isinstance(shown, PublicInspection)
    assert shown.fed_back == D(2025, 9, 26) and shown.opinion == "建议提前告知检查时间"
    assert shown.fields == (RecordField.FED_BACK, RecordField.OPINION)


def test_a_withheld_field_shows_withheld_in_the_typed_value_too() -> None:
    public = disclose(LST.profile, LST.plan, LST.draw, [], LST.subjects, LST.inspectors,
                      redraws=[Redraw("经办人电话13800138000", "b" * 64)],
                      withheld=["redraws[0].reason"])
    assert public.redraws == (Redraw(WITHHELD, "b" * 64),)
    assert [w.field for w in public.withheld] == ["redraws[0].reason"]
    assert "13800138000" not in json.dumps(public.to_json(), ensure_ascii=False)
    with pytest.raises(InvalidInputError, match="not a free-text field"):
        disclose(LST.profile, LST.plan, LST.draw, [], LST.subjects, LST.inspectors, withheld=["plan_id"])


def test_json_that_is_not_a_disclosure_is_refused() -> None:
    broken = dict(GOLDEN_JSON["hebi_inspected"])
    del broken["window"]
    with pytest.raises(DataError, match="cannot read the disclosure"):
        Disclosure.from_json(broken)


def _record(subject: str, opinion: str | None = "无意见") -> InspectionRecord:
    return InspectionRecord(subject, LST.plan.plan_id, InspectionKind.DOUBLE_RANDOM, "yjj", LST.team(subject),
                            LST.items(subject), opinion=opinion,
                            events={Step.STARTED: D(2025, 9, 24), Step.FED_BACK: D(2025, 9, 26)})


def _child(parent: str, rules: tuple[Rule, ...]) -> ResolvedProfile:
    """A bureau under ``parent`` setting ``rules`` of its own."""
    where = Jurisdiction("431199", "测试区", "县区", "431100")
    profile = Profile("child", "测试区应急管理局", where, parent, (DOC,), rules)

    @hookimpl
    def random_inspection_profile() -> Profile:
        return profile

    plugin = SimpleNamespace(random_inspection_profile=random_inspection_profile)
    registry = ProfileRegistry(plugins=[("child", plugin)])
    return registry.resolve("child", D(2025, 9, 22))


def _published_fields(profile: ResolvedProfile) -> set[str]:
    subject = LST.draw.subjects[0]
    public = disclose(profile, LST.plan, LST.draw, [_record(subject)], LST.subjects, LST.inspectors)
    (shown,) = public.to_json()["inspections"]
    return {f.value for f in RecordField} & set(shown)


def test_the_fields_follow_record_fields_not_the_words_of_the_contents() -> None:
    assert _published_fields(LST.profile) == {"fed_back", "opinion"}  # 冷水滩 第十七条
    assert LST.profile.rule("disclosure.record_fields").citation == LST.profile.rule("disclosure.contents").citation
    # the same 公开内容 text, naming 反馈 and 意见, but no record_fields: neither is published
    words = Rule("disclosure.contents", LST.profile.value("disclosure.contents"), DOC.cite("第一条"))
    assert _published_fields(_child("yongzhou", (words,))) == set()
    # a profile without disclosure.contents or record_fields (许昌) publishes neither either
    assert _published_fields(ProfileRegistry().resolve("xuchang", D(2025, 9, 22))) == set()


@settings(max_examples=10, deadline=None)
@given(st.sets(st.sampled_from(list(RecordField)), min_size=1))
def test_exactly_the_listed_record_fields_are_published(fields: set[RecordField]) -> None:
    listed = tuple(f for f in RecordField if f in fields)
    rule = Rule("disclosure.record_fields", listed, DOC.cite("第二条"))
    assert _published_fields(_child("xuchang", (rule,))) == {f.value for f in fields}


def test_a_record_field_that_is_not_one_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="RecordField"):
        Rule("disclosure.record_fields", ("fed_back",), DOC.cite("第二条"))
    with pytest.raises(InvalidInputError, match="RecordField"):
        Rule("disclosure.record_fields", (RecordField.OPINION, RecordField.OPINION), DOC.cite("第二条"))


def test_subject_names_missing_from_the_roster_stay_null() -> None:
    subjects: dict[str, Subject] = {}
    public = disclose(LST.profile, LST.plan, LST.draw, [], subjects, {})
    assert public.draw is not None and all(s.name is None for s in public.draw.subjects)
    assert all(p.name is None and set(p.to_json()) == {"id"} for _, team in public.draw.teams for p in team)


def test_the_team_leader_is_marked_where_the_profile_has_one() -> None:
    """鹤壁 六(三) 组长负责制: the disclosure names each team's leader, the first member of the drawn team (draw-v1
    §7), and the page marks it; 冷水滩 sets no team.leader, and its disclosure names none."""
    hebi = GOLDEN_JSON["hebi_inspected"]["draw"]
    assert hebi["leaders"] == {s: team[0]["id"] for s, team in hebi["teams"].items()}
    assert "leaders" not in disclose(LST.profile, LST.plan, LST.draw, [], LST.subjects, LST.inspectors).to_json()[
        "draw"]
    from random_inspection.io.disclosure_page import render_disclosure_html

    page = render_disclosure_html(GOLDEN_JSON["hebi_inspected"])
    assert page.count("（组长）") == len(hebi["leaders"])
