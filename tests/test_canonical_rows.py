"""The subjects' canonical form written from the columns a batch at a time: the same bytes as each subject
formatted whole (SubjectColumns.canonical_items) and as json.dumps of its entry."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.sampling import canonical_rows
from random_inspection.sampling.canonical_rows import canonical_batches
from random_inspection.sampling.columns import SubjectColumns, SubjectEntry
from tests.test_columns import entries

PLAIN_ID = st.text("0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=1, max_size=18)


def canonical(entry: SubjectEntry) -> bytes:
    return json.dumps(entry.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@st.composite
def plain_entries(draw: st.DrawFn) -> list[SubjectEntry]:
    """Rosters as registries hold them: ids that need no escaping, few values per field, flags of any kind."""
    ids = sorted(draw(st.lists(PLAIN_ID, unique=True, max_size=40)), key=lambda t: t.encode("utf-8"))
    area = st.sampled_from(("411002", "411003", 'a"b'))
    every = draw(st.sampled_from((None, True, False)))  # a flag the same for everyone, or mixed
    flag = st.booleans() if every is None else st.just(every)
    return [SubjectEntry(i, draw(area), draw(st.sampled_from(("工贸", "危险化学品"))),
                         draw(st.none() | st.just("机械")), "企业", draw(st.none() | st.just("冶金")),
                         draw(st.sampled_from((None, "A", "C"))), draw(flag), draw(flag),
                         draw(st.integers(0, 5) | st.integers(0, 2**40)))
            for i in ids]


def check(items: list[SubjectEntry], batch: int) -> None:
    columns = SubjectColumns.from_entries(items)
    batches = list(canonical_batches(columns, batch))
    assert all(batches)
    assert len(batches) == -(-len(items) // batch)
    assert b",".join(batches) == b",".join(columns.canonical_items()) == b",".join(map(canonical, items))


@given(plain_entries(), st.integers(1, 12))
def test_batches_are_the_subjects_formatted_whole(items: list[SubjectEntry], batch: int) -> None:
    check(items, batch)


@given(entries(), st.integers(1, 12))
def test_any_text_is_written_as_json_writes_it(items: list[SubjectEntry], batch: int) -> None:
    """Ids and values that need escaping, null, Chinese, counts up to 2⁴⁰."""
    check(items, batch)


@given(plain_entries(), st.integers(1, 12))
def test_too_many_combinations_format_each_subject(items: list[SubjectEntry], batch: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(canonical_rows, "_MAX_COMBINATIONS", 1)
        check(items, batch)


def test_an_empty_roster_has_no_batch() -> None:
    assert list(canonical_batches(SubjectColumns.from_entries([]))) == []
