"""The steps recorded after an inspection's record (``store.steps``): their payload reads back as written, and
folded onto the record they give the record the workflow would have held."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from random_inspection.store.steps import LETTER_STEPS, RecordedStep, apply_steps, step_problem
from random_inspection.workflow import Finding, InspectionKind, InspectionRecord, Step

RECORD = InspectionRecord("91411024980L3L5A1K", "XC-2026-12", InspectionKind.DOUBLE_RANDOM, "yjj", ("XC001",),
                          ("YJ-001", "YJ-003"), events={Step.STARTED: dt.date(2026, 12, 29),
                                                        Step.ENDED: dt.date(2026, 12, 30)})
DAYS = st.dates(dt.date(2026, 12, 29), dt.date(2027, 12, 31))
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
LINE = TEXT.filter(lambda t: t.strip().splitlines() in ([], [t.strip()]) and not re.search(
    r"[0-9]{17}[0-9Xx]|1[3-9][0-9]{9}", t.replace(" ", "").replace("-", "")))
"""A sender or 文号: one line, no personal number (``one_line``; others are refused, test_transfer_letters)."""

steps = st.one_of(
    st.builds(lambda step, day, to, sender, letter: RecordedStep(RECORD.subject, "yjj", day, step, to, sender, letter),
              st.sampled_from(list(Step)), DAYS, TEXT, LINE, LINE),
    st.builds(lambda item, ok, note, day, due: RecordedStep(RECORD.subject, "yjj", day, finding=Finding(item, ok, note),
                                                            rectification_due=due),
              st.sampled_from(RECORD.items), st.booleans(), TEXT, DAYS, st.none() | DAYS),
)


@given(steps)
def test_a_step_reads_back_as_written(step: RecordedStep) -> None:
    assert RecordedStep.from_json(step.to_json()) == step


@given(st.lists(st.tuples(st.sampled_from([s for s in LETTER_STEPS]), DAYS), max_size=5), DAYS)
def test_letter_steps_land_on_the_letter_and_a_replay_is_refused(letter: list[tuple[Step, dt.date]],
                                                                 sent: dt.date) -> None:
    first = RecordedStep(RECORD.subject, "yjj", sent, Step.TRANSFERRED, "scjgj", "yjj", "许应急函〔2027〕1号")
    done = apply_steps([RECORD], [first])[0]
    assert done.transfer("scjgj").on(Step.TRANSFERRED) == sent and done.events == RECORD.events
    problem = step_problem(done, first, actor_department="yjj", departments=("yjj",))
    assert problem is not None and problem.field == "step"
    for step, day in letter:
        later = RecordedStep(RECORD.subject, "yjj", day, step, "scjgj", "scjgj")
        found = step_problem(done, later, actor_department="scjgj", departments=("yjj",))
        if found is None:
            done = later.apply(done)
            assert done.transfer("scjgj").on(step) == day >= sent


def test_a_finding_outside_the_items_is_refused_and_one_inside_lands_on_the_record() -> None:
    outside = RecordedStep(RECORD.subject, "yjj", dt.date(2026, 12, 30), finding=Finding("YJ-999", False))
    problem = step_problem(RECORD, outside, actor_department="yjj", departments=("yjj",))
    assert problem is not None and "清单之外无检查" in problem.what and problem.field == "item"
    inside = RecordedStep(RECORD.subject, "yjj", dt.date(2026, 12, 30), finding=Finding("YJ-003", False, "隐患"),
                          rectification_due=dt.date(2027, 1, 15))
    assert step_problem(RECORD, inside, actor_department="yjj", departments=("yjj",)) is None
    [done] = apply_steps([RECORD], [inside])
    assert done.problems == (Finding("YJ-003", False, "隐患"),) and done.rectification_due == dt.date(2027, 1, 15)
    assert done.found_problem and not RECORD.found_problem
