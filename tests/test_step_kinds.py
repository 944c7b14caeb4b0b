"""A step of a profile's own recorded as an entry of its own names its kind (its key and action, as the profile
declared it: ``format`` ``profile-step-v1``), and ``ledger verify`` replays the check that fits that kind: a form
filed is checked as a form filed, the records handed over as a hand-over, another kind as any other step. An entry
written before the kind was recorded reads, verifies and writes back as it always did (a hand-over)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.io.actorfile import load_actor
from random_inspection.model import Action
from random_inspection.profiles import ProfileRegistry, ProfileStep
from random_inspection.store import Store
from random_inspection.store.steps import PROFILE_STEP_FORMAT, RecordedStep, step_problem
from random_inspection.workflow import RECORDS_HANDED_OVER, Step
from tests.cli_support import make_workspace, now, run
from tests.test_cli_steps import SUBJECT, _receiver, _recorded
from tests.test_trust_steps import PLAN_ID, _actor, _refused_by_verify, _verifies, _written_around

FILED = ProfileStep("备案表报送", "form_filed", Action.FILE_FORM)
VISITED = ProfileStep("回访", "visit_made", Action.FOLLOW_UP)
DAY = dt.date(2027, 1, 2)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def test_a_profiles_step_is_written_with_its_kind_and_read_back_with_it() -> None:
    step = RecordedStep(SUBJECT, "yjj", DAY, FILED, "办公室", "yjj")
    written = step.to_json()
    assert written == {"subject": SUBJECT, "department": "yjj", "day": "2027-01-02", "step": "备案表报送",
                       "to": "办公室", "sender": "yjj", "letter": "", "format": PROFILE_STEP_FORMAT,
                       "key": "form_filed", "action": "file_form"}
    read = RecordedStep.from_json(written)
    assert read == step and read.action is Action.FILE_FORM and read.step is not None
    assert isinstance(read.step, ProfileStep) and read.step.key == "form_filed" and read.to_json() == written


@given(st.sampled_from(list(Action)), st.from_regex(r"[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,5}){0,2}", fullmatch=True))
def test_any_declared_kind_reads_back_as_it_was_declared(action: Action, key: str) -> None:
    step = RecordedStep(SUBJECT, "yjj", DAY, ProfileStep("某表报送", key, action), "办公室", "yjj")
    read = RecordedStep.from_json(json.loads(json.dumps(step.to_json())))
    assert read.action is action and isinstance(read.step, ProfileStep) and read.step.key == key
    assert read.to_json() == step.to_json()


def test_an_entry_written_before_is_a_hand_over_and_writes_back_as_it_was() -> None:
    old = {"subject": SUBJECT, "department": "yjj", "day": "2027-01-02", "step": "备案表报送", "to": "办公室",
           "sender": "yjj", "letter": ""}
    read = RecordedStep.from_json(old)
    assert read.action is Action.HAND_OVER and not read.kind_recorded and read.to_json() == old
    letter = {**old, "step": Step.TRANSFERRED.value, "letter": "函〔2027〕1号"}
    assert RecordedStep.from_json(letter).to_json() == letter  # a library step's entry is as it was


def test_an_entry_of_a_format_the_store_does_not_write_is_refused() -> None:
    written = RecordedStep(SUBJECT, "yjj", DAY, FILED, "办公室", "yjj").to_json()
    for bad in ({**written, "format": "profile-step-v9"}, {**written, "step": Step.TRANSFERRED.value}):
        with pytest.raises(InvalidInputError):
            RecordedStep.from_json(bad)
    with pytest.raises(ValueError, match="sign_off"):
        RecordedStep.from_json({**written, "action": "sign_off"})


def test_the_check_fits_the_kind() -> None:
    from tests.test_steps_before_open import _ended

    record = _ended()
    in_another_name = {kind: RecordedStep(record.subject, "yjj", dt.date(2020, 7, 30), kind, "办公室", "scjgj")
                       for kind in (FILED, RECORDS_HANDED_OVER, VISITED)}
    found = {kind.key: step_problem(record, step, actor_department="yjj", departments=("yjj",))
             for kind, step in in_another_name.items()}
    assert found["form_filed"] is not None and "filed" in found["form_filed"].fix
    assert found["records_handed_over"] is not None and "handed over" in found["records_handed_over"].fix
    assert found["visit_made"] is None  # not a form of a department: no department's name to check


def test_a_form_filed_through_the_store_verifies_and_is_read_back_with_its_kind(workspace: Path) -> None:
    _, store, _ = _recorded(workspace)
    actor, signer = load_actor(_actor(workspace, "XC011"))
    scheme = ProfileRegistry().resolve("xuchang", DAY).value("results.scheme")
    opened = Store.open(store)
    try:
        entry = opened.record_step(PLAN_ID, RecordedStep(SUBJECT, "yjj", DAY, FILED, "办公室", "yjj"), scheme,
                                   actor=actor, signer=signer, at=now())
        read = RecordedStep.from_json(entry.payload)
        (record,) = [r for r in opened.records(PLAN_ID, scheme) if r.subject == SUBJECT]
    finally:
        opened.close()
    assert entry.payload["format"] == PROFILE_STEP_FORMAT and entry.payload["action"] == "file_form"
    assert read.action is Action.FILE_FORM and record.on(FILED) == DAY
    _verifies(store)


def test_verify_replays_a_form_filed_as_a_form_filed(workspace: Path) -> None:
    _, store, _ = _recorded(workspace)
    receiver = Path(_receiver(workspace, store)[1])
    seq = _written_around(store, receiver, RecordedStep(SUBJECT, "yjj", DAY, FILED, "办公室", "yjj"))
    _refused_by_verify(store, seq, "the form is filed by yjj, and the actor is of scjgj")


def test_verify_replays_an_old_entry_as_a_hand_over(workspace: Path) -> None:
    _, store, _ = _recorded(workspace)
    receiver = Path(_receiver(workspace, store)[1])
    old = RecordedStep(SUBJECT, "yjj", DAY, FILED, "办公室", "yjj", kind_recorded=False)
    seq = _written_around(store, receiver, old)
    _refused_by_verify(store, seq, "the forms are handed over by yjj, and the actor is of scjgj")


def test_verify_does_not_check_another_kind_as_a_hand_over(workspace: Path) -> None:
    _, store, _ = _recorded(workspace)
    _written_around(store, _actor(workspace, "XC011"), RecordedStep(SUBJECT, "yjj", DAY, VISITED, "", "scjgj"))
    code, _, err = run("ledger", "verify", "--store", store)
    assert code == 0, err
    old = RecordedStep(SUBJECT, "yjj", DAY, ProfileStep("再回访", "visit_made", Action.FOLLOW_UP), "", "scjgj",
                       kind_recorded=False)
    seq = _written_around(store, _actor(workspace, "XC011"), old)
    _refused_by_verify(store, seq, "scjgj is not a department of the plan (yjj)")
