"""``ledger verify`` re-runs the checks of every recorded step (``step_recorded``) from the ledger alone: a step
written straight into the database by someone who holds an enrolled actor's key — so its signature and the chain
hold — is named by its entry, with the check it fails, as a result written that way is."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from random_inspection.errors import LedgerBroken
from random_inspection.io.actorfile import load_actor
from random_inspection.store import Store
from random_inspection.store.ledger import EntryKind, entry_body, entry_hash
from random_inspection.store.schema import ledger
from random_inspection.store.steps import RecordedStep
from random_inspection.workflow import RECORDS_HANDED_OVER, Finding, Step
from tests.cli_support import make_workspace, now, run, section
from tests.test_cli_steps import SUBJECT, _receiver, _recorded

PLAN_ID = "XC-2026-12"
ENDED = dt.date(2026, 12, 30)  # the example inspection of SUBJECT: 2026-12-29..30, items YJ-006、YJ-001、YJ-003


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def _written_around(store: str, actor_file: Path, step: RecordedStep) -> int:
    """What someone with write access to the ledger table and an enrolled actor's key can append behind the
    store's back: a chained, signed ``step_recorded`` row. Returns its entry number."""
    actor, signer = load_actor(actor_file)
    opened = Store.open(store)
    try:
        last = opened.ledger_head()
        body = entry_body(last.seq + 1, EntryKind.STEP_RECORDED, PLAN_ID, now(), step.to_json(), actor.to_json())
        hashed = entry_hash(last.hash, body, opened.hash_algorithm)
        with opened.engine.begin() as conn:
            conn.execute(sa.insert(ledger).values(seq=last.seq + 1, kind=EntryKind.STEP_RECORDED.value,
                                                  plan_id=PLAN_ID, body=body, prev_hash=last.hash,
                                                  entry_hash=hashed, actor=actor.id, algorithm=signer.algorithm,
                                                  signature=bytes(signer.sign(hashed.encode())).hex()))
    finally:
        opened.close()
    return last.seq + 1


def _verifies(store: str) -> None:
    code, out, err = run("ledger", "verify", "--store", store, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["every_signature_checked"]


def _refused_by_verify(store: str, seq: int, *why: str) -> None:
    code, _, err = run("ledger", "verify", "--store", store)
    assert code == 2, err
    assert f"entry {seq}" in err and "a step the store refuses" in err
    for words in why:
        assert words in err, err
    opened = Store.open(store)
    try:
        with pytest.raises(LedgerBroken) as info:
            opened.verify()
    finally:
        opened.close()
    assert info.value.seq == seq


def _actor(workspace: Path, name: str) -> Path:
    return workspace / "actors" / f"{name}.toml"


def test_an_honest_ledger_with_steps_verifies(workspace: Path) -> None:
    plan, store, local = _recorded(workspace, "letters")
    for args in (("step", "finding", plan, SUBJECT, "--item", "YJ-006", "--hazard", "--rectify-by", "2027-01-15",
                  "--date", "2026-12-30", "--as", str(_actor(workspace, "XC001"))),
                 ("step", "transfer", plan, SUBJECT, "--to", "scjgj", "--date", "2027-01-05", *section(workspace)),
                 ("step", "hand-over", plan, SUBJECT, "--to", "联合抽查办公室", "--date", "2027-01-02", "--as",
                  str(_actor(workspace, "XC011")))):
        code, _, err = run(*args, "--store", store, *local)
        assert code == 0, err
    receiver = _receiver(workspace, store)
    code, _, err = run("step", "transfer", plan, SUBJECT, "--to", "scjgj", "--step", "收到移交函", "--date",
                       "2027-01-07", "--store", store, *local, *receiver)
    assert code == 0, err
    # a refused step leaves a refusal, not a step: the ledger still verifies
    code, _, _ = run("step", "finding", plan, SUBJECT, "--item", "YJ-999", "--hazard", "--date", "2026-12-30",
                     "--store", store, "--as", str(_actor(workspace, "XC001")))
    assert code == 2
    _verifies(store)


def test_a_finding_on_an_item_not_drawn(workspace: Path) -> None:
    _, store, _ = _recorded(workspace)
    _verifies(store)
    seq = _written_around(store, _actor(workspace, "XC001"),
                          RecordedStep(SUBJECT, "yjj", ENDED, finding=Finding("YJ-010", False, "清单外")))
    _refused_by_verify(store, seq, "item YJ-010 was not drawn", "清单之外无检查")


def test_a_finding_by_an_inspector_off_the_team(workspace: Path) -> None:
    _, store, _ = _recorded(workspace)
    seq = _written_around(store, _actor(workspace, "XC008"),
                          RecordedStep(SUBJECT, "yjj", ENDED, finding=Finding("YJ-003", False)))
    _refused_by_verify(store, seq, "XC008 was not on the team")


def test_a_day_before_the_inspection(workspace: Path) -> None:
    _, store, _ = _recorded(workspace)
    seq = _written_around(store, _actor(workspace, "XC001"),
                          RecordedStep(SUBJECT, "yjj", dt.date(2026, 12, 1), finding=Finding("YJ-003", True)))
    _refused_by_verify(store, seq, "2026-12-01 is before the inspection began (2026-12-29)")


def test_a_step_recorded_twice(workspace: Path) -> None:
    plan, store, _ = _recorded(workspace)
    code, _, err = run("step", "finding", plan, SUBJECT, "--item", "YJ-006", "--compliant", "--date", "2026-12-30",
                       "--store", store, "--as", str(_actor(workspace, "XC001")))
    assert code == 0, err
    _verifies(store)
    seq = _written_around(store, _actor(workspace, "XC011"),
                          RecordedStep(SUBJECT, "yjj", ENDED, finding=Finding("YJ-006", False, "改口")))
    _refused_by_verify(store, seq, "a finding on item YJ-006 is recorded already")


def test_a_letter_sent_twice(workspace: Path) -> None:
    plan, store, local = _recorded(workspace, "letters")
    code, _, err = run("step", "transfer", plan, SUBJECT, "--to", "scjgj", "--date", "2027-01-05", "--store", store,
                       *local, *section(workspace))
    assert code == 0, err
    seq = _written_around(store, _actor(workspace, "xc-section"),
                          RecordedStep(SUBJECT, "yjj", dt.date(2027, 1, 6), Step.TRANSFERRED, "scjgj", "yjj"))
    _refused_by_verify(store, seq, "函告移交问题线索 is recorded already, on 2027-01-05")


def test_a_receivers_step_by_the_sending_department(workspace: Path) -> None:
    plan, store, local = _recorded(workspace, "letters")
    code, _, err = run("step", "transfer", plan, SUBJECT, "--to", "scjgj", "--date", "2027-01-05", "--store", store,
                       *local, *section(workspace))
    assert code == 0, err
    # the sending section writes the receiver's 收到移交函 itself, so the receiver's duty looks met
    seq = _written_around(store, _actor(workspace, "xc-section"),
                          RecordedStep(SUBJECT, "yjj", dt.date(2027, 1, 6), Step.TRANSFER_RECEIVED, "scjgj", "yjj"))
    _refused_by_verify(store, seq, "owed by scjgj")


def test_a_receivers_step_on_a_letter_never_sent(workspace: Path) -> None:
    _, store, _ = _recorded(workspace, "letters")
    receiver = Path(_receiver(workspace, store)[1])
    seq = _written_around(store, receiver,
                          RecordedStep(SUBJECT, "yjj", dt.date(2027, 1, 6), Step.TRANSFER_RECEIVED, "scjgj", "scjgj"))
    _refused_by_verify(store, seq, "no letter was sent to scjgj")


def test_a_hand_over_in_the_name_of_another_department(workspace: Path) -> None:
    _, store, _ = _recorded(workspace)
    seq = _written_around(store, _actor(workspace, "XC011"),
                          RecordedStep(SUBJECT, "yjj", dt.date(2027, 1, 2), RECORDS_HANDED_OVER, "联合抽查办公室",
                                       "scjgj"))
    _refused_by_verify(store, seq, "scjgj is not a department of the plan (yjj)")


def test_a_step_on_an_inspection_never_recorded(workspace: Path) -> None:
    _, store, _ = _recorded(workspace)
    seq = _written_around(store, _actor(workspace, "XC001"),
                          RecordedStep("91411002QGE7Q07X68", "zjj", ENDED, finding=Finding("YJ-003", True)))
    _refused_by_verify(store, seq, "no inspection of 91411002QGE7Q07X68 by zjj is recorded")
