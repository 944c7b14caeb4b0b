"""A transfer letter's 文号 and sender (鹤壁 五(六) 《关于移交双随机抽查有关问题的函》): on the :class:`Transfer`
model, carried from a recorded step into the record and back out of the store's JSON, published in the disclosure
(departments and numbers only) and written on 鹤壁's 联合抽查记录表; a record stored before they existed reads as
it did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from random_inspection.errors import InvalidInputError
from random_inspection.io import PlanExport
from random_inspection.io.disclosure_page import disclosure_labels, render_disclosure_html
from random_inspection.store.steps import RecordedStep, step_problem
from random_inspection.store.store import record_from_json, record_json
from random_inspection.workflow import Disclosure, InspectionRecord, PublicTransfer, Step, Transfer, disclose
from random_inspection_profiles.hebi.forms import write_record_forms
from tests.export_support import hebi_export

D = dt.date
LETTER = "鹤双随机办函〔2020〕3号"


def _sent(sender: str = "yjj", letter: str = LETTER) -> tuple[PlanExport, InspectionRecord]:
    """鹤壁's inspected export, and its record with a letter to 市场监管局 sent and received."""
    hebi = hebi_export()
    (record,) = hebi.records
    step = RecordedStep(record.subject, "yjj", D(2020, 7, 25), Step.TRANSFERRED, "scjgj", sender, letter)
    return hebi, RecordedStep(record.subject, "yjj", D(2020, 7, 27), Step.TRANSFER_RECEIVED, "scjgj",
                              "scjgj").apply(step.apply(record))


def test_a_sent_step_puts_its_number_and_sender_on_the_transfer_and_a_later_step_keeps_them() -> None:
    _, record = _sent()
    (transfer,) = record.transfers
    assert (transfer.department, transfer.sender, transfer.letter) == ("scjgj", "yjj", LETTER)
    assert transfer.on(Step.TRANSFERRED) == D(2020, 7, 25) and transfer.on(Step.TRANSFER_RECEIVED) == D(2020, 7, 27)


def test_the_store_json_carries_them_and_a_record_stored_before_them_reads_as_it_did() -> None:
    hebi, record = _sent()
    scheme = hebi.profile.value("results.scheme")
    data = record_json(record)
    assert data["transfers"][0]["letter"] == LETTER and data["transfers"][0]["sender"] == "yjj"
    assert record_from_json(data, scheme) == record
    old = {**data, "transfers": [{"department": "scjgj", "steps": data["transfers"][0]["steps"]}]}
    (transfer,) = record_from_json(old, scheme).transfers
    assert (transfer.letter, transfer.sender) == ("", "")
    assert "letter" not in record_json(record_from_json(old, scheme))["transfers"][0]  # written as it was


@pytest.mark.parametrize("letter", ["鹤双随机办函〔2020〕3号\n附件", "鹤双随机办函〔2020〕3号\u2028附件", "3号\x0b附件",
                                    "经办人13800138000", "410101199001011234"])
def test_a_number_on_two_lines_or_holding_a_personal_number_is_refused(letter: str) -> None:
    with pytest.raises(InvalidInputError, match="letter"):
        Transfer("scjgj", letter=letter)
    with pytest.raises(InvalidInputError, match="letter"):
        RecordedStep("9141", "yjj", D(2020, 7, 25), Step.TRANSFERRED, "scjgj", "yjj", letter)


def test_a_letter_sent_by_the_receiver_to_itself_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="to itself"):
        Transfer("scjgj", sender="scjgj")
    hebi = hebi_export()
    (record,) = hebi.records
    step = RecordedStep(record.subject, "yjj", D(2020, 7, 25), Step.TRANSFERRED, "scjgj", "scjgj", LETTER)
    problem = step_problem(record, step, actor_department="scjgj", departments=("yjj", "scjgj"))
    assert problem is not None and problem.field == "to" and "to itself" in str(problem.what)


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="鹤应急函办〔〕012号 -", max_size=16))  # too few digits to read as a personal number
def test_any_one_line_number_is_kept_trimmed(letter: str) -> None:
    assert Transfer("scjgj", letter=letter).letter == letter.strip()


def test_the_disclosure_publishes_the_sender_and_the_number_and_reads_them_back() -> None:
    hebi, record = _sent()
    export = attrs.evolve(hebi, records=[record])
    public = disclose(export.profile, export.plan, export.draw, export.records, export.subjects, export.inspectors)
    (shown,) = public.inspections
    assert shown.transfers == (PublicTransfer("scjgj", "yjj", LETTER, D(2020, 7, 25)),)
    assert Disclosure.from_json(public.to_json()) == public
    page = render_disclosure_html(public, labels=disclosure_labels(export))
    assert "问题线索移交" in page and LETTER in page and "鹤壁市市场监督管理局" in page
    # a letter with neither: published with nulls, no column of made-up text
    unnumbered = attrs.evolve(record, transfers=[Transfer("scjgj", {Step.TRANSFERRED: D(2020, 7, 25)})])
    public = disclose(export.profile, export.plan, export.draw, [unnumbered], export.subjects, export.inspectors)
    assert public.to_json()["inspections"][0]["transfers"] == [
        {"to": "scjgj", "sender": None, "letter": None, "sent": "2020-07-25"}]


def test_an_inspection_without_a_letter_publishes_no_transfers_key() -> None:
    hebi = hebi_export()
    public = disclose(hebi.profile, hebi.plan, hebi.draw, hebi.records, hebi.subjects, hebi.inspectors)
    assert "transfers" not in public.to_json()["inspections"][0]


def test_the_record_form_shows_the_letter(tmp_path: Path) -> None:
    hebi, record = _sent()
    export = attrs.evolve(hebi, records=[record])
    path = write_record_forms(tmp_path / "附件4.xlsx", export)
    cells = [str(c.value) for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row if c.value]
    (opinion,) = [c for c in cells if c.startswith("检查结果：")]
    assert f"2020-07-25由鹤壁市应急管理局函告移交鹤壁市市场监督管理局（{LETTER}）" in opinion
