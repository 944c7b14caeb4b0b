"""A store written while the core's ``Step`` held the texts that quote a form (tests/data/steps_before_open, made
by tests/make_steps_before_open.py with the library of that time) reads the same now that those steps are the
profiles' own: ``ledger verify``, ``ledger show``, ``obligations`` and the disclosure print the same bytes, and a
step recorded now is written under the same words."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError, ProfileError
from random_inspection.model import Action
from random_inspection.profiles import ProfileRegistry, ProfileStep
from random_inspection.store import record_from_json, record_json
from random_inspection.store.steps import RecordedStep
from random_inspection.timelimits import WorkingCalendar
from random_inspection.workflow import RECORDS_HANDED_OVER, Step, as_step, obligations, profile_step, profile_steps
from random_inspection_profiles.hebi.duties import HANDED_OVER
from random_inspection_profiles.lengshuitan.duties import CARD_SENT, FORM_FILED
from tests.make_steps_before_open import outputs

DATA = Path(__file__).parent / "data" / "steps_before_open"
EXPECTED = ("verify.txt", "show.txt", "show.json", "obligations.txt", "obligations.json", "disclosure.json",
            "disclosure.html")


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    ws = tmp_path / "hebi"
    (ws / "rosters").mkdir(parents=True)
    (ws / "actors").mkdir()
    bundled = resources.files("random_inspection").joinpath("data").joinpath("demo").joinpath("hebi")
    for name in ("subjects.xlsx", "inspectors.xlsx", "checklist.csv"):
        shutil.copyfile(str(bundled.joinpath(name)), ws / "rosters" / name)
    for path in DATA.iterdir():
        if path.name not in EXPECTED:
            shutil.copyfile(path, ws / ("actors" if path.name.startswith("HB001.") else ".") / path.name)
    return ws


def _one_line_labels(html: str) -> str:
    """The page with each chart label of one line written as before labels could take two (``<text ...>名称</text>``
    rather than ``<text ...><tspan x=".." dy="0">名称</tspan></text>``): a label on two lines stays as it is, and
    differs."""
    return re.sub(r'(<text class="category"[^>]*>)<tspan x="[^"]*" dy="0">([^<]*)</tspan></text>', r"\1\2</text>",
                  html)


def test_the_old_store_verifies_and_reads_byte_for_byte_as_before(old_store: Path) -> None:
    now = outputs(old_store)
    now["disclosure.html"] = _one_line_labels(now["disclosure.html"])
    for name in EXPECTED:
        assert now[name] == (DATA / name).read_text(encoding="utf-8"), name


def test_the_old_texts_are_the_profiles_steps() -> None:
    shown = json.loads((DATA / "show.json").read_text(encoding="utf-8"))
    (result,) = [e["payload"] for e in shown if e["kind"] == "result_recorded"]
    steps = dict(record_from_json({**result, "result": None, "handling": []}, None).events)
    assert steps[FORM_FILED] == dt.date(2020, 7, 6) and steps[CARD_SENT] == dt.date(2020, 7, 22)
    (handed,) = [e["payload"] for e in shown if e["kind"] == "step_recorded" and e["payload"]["step"] == HANDED_OVER]
    read = RecordedStep.from_json(handed)
    assert read.step == HANDED_OVER and isinstance(read.step, ProfileStep) and read.to_json() == handed


def test_a_step_recorded_now_is_written_under_the_same_words() -> None:
    registry = ProfileRegistry()
    hebi = registry.resolve("hebi", dt.date(2020, 7, 10))
    lengshuitan = registry.resolve("lengshuitan", dt.date(2024, 6, 3))
    assert profile_step(hebi, RECORDS_HANDED_OVER).value == "移交《联合抽查记录表》"
    assert [s.value for s in profile_steps(lengshuitan)] == ["登记备案表报备", "满意度反馈卡报送"]
    assert profile_step(registry.resolve("xuchang", dt.date(2024, 6, 3)), RECORDS_HANDED_OVER) is RECORDS_HANDED_OVER
    step = RecordedStep("91410622TFB7TMKC6M", "yjj", dt.date(2020, 7, 30), HANDED_OVER, "联合抽查办公室", "yjj")
    assert step.to_json()["step"] == "移交《联合抽查记录表》"
    assert RecordedStep.from_json(step.to_json()) == step
    handover = [o for o in obligations(RecordedStep.from_json(step.to_json()).apply(_ended()), hebi,
                                       WorkingCalendar()) if o.key == "record_handover"]
    assert [(o.met_by, o.met_on) for o in handover] == [(HANDED_OVER, dt.date(2020, 7, 30))]


def _ended() -> InspectionRecord:  # noqa: F821 - a string annotation of the test's own
    from random_inspection.workflow import InspectionKind, InspectionRecord

    return InspectionRecord("91410622TFB7TMKC6M", "HB-2020-07", InspectionKind.DOUBLE_RANDOM, "yjj", ("HB001",), (),
                            events={Step.STARTED: dt.date(2020, 7, 20), Step.ENDED: dt.date(2020, 7, 21)})


def test_a_text_is_read_back_as_a_step_and_written_as_it_was() -> None:
    for text in ("移交《联合抽查记录表》", "登记备案表报备", "满意度反馈卡报送", "检查结束"):
        step = as_step(text)
        assert step == text and step.value == text
    record = _ended().with_event(HANDED_OVER, dt.date(2020, 7, 30)).with_event(FORM_FILED, dt.date(2020, 7, 6))
    again = record_from_json(record_json(record), None)
    assert again == record and record_json(again) == record_json(record)


@given(st.text(min_size=1, max_size=20).map(str.strip).filter(
    lambda t: bool(t) and t.splitlines() == [t] and t not in {s.value for s in Step}))
def test_any_text_of_a_profiles_step_reads_back_as_it_was_written(text: str) -> None:
    declared = ProfileStep(text, "some_step", Action.FILE_FORM)
    record = _ended().with_event(declared, dt.date(2020, 7, 25))
    written = record_json(record)
    assert written["steps"][text] == "2020-07-25"
    again = record_from_json(written, None)
    assert again.on(declared) == dt.date(2020, 7, 25) and record_json(again) == written


def test_a_blank_or_broken_step_is_refused() -> None:
    for bad in ("", "  ", "两行\n文字"):
        with pytest.raises(InvalidInputError):
            as_step(bad)
    with pytest.raises(ProfileError):
        ProfileStep("登记备案表报备", "Form Filed", Action.FILE_FORM)
    with pytest.raises(ProfileError):
        ProfileStep(" 登记备案表报备", "form_filed", Action.FILE_FORM)
