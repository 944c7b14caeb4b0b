"""SubjectColumns: the eligibility snapshot as columns, equal entry for entry and byte for byte to the entries."""

from __future__ import annotations

import json
import pickle
from array import array

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.sampling import DrawRules, Manifest, Sample, SubjectEntry, TeamSpec
from random_inspection.sampling.columns import TEXT_FIELDS, SubjectColumns

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=4)
MAYBE = st.none() | TEXT
ID = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=4)  # never empty (§3)


@st.composite
def entries(draw: st.DrawFn, max_size: int = 30) -> list[SubjectEntry]:
    ids = draw(st.lists(ID, unique=True, max_size=max_size))
    ids.sort(key=lambda t: t.encode("utf-8"))
    return [SubjectEntry(i, draw(TEXT), draw(st.sampled_from(("工贸", "危险化学品"))), draw(MAYBE), draw(TEXT),
                         draw(MAYBE), draw(st.sampled_from((None, "A", "B", "C", "D"))), draw(st.booleans()),
                         draw(st.booleans()), draw(st.integers(0, 2**40)))
            for i in ids]


def canonical(entry: SubjectEntry) -> bytes:
    return json.dumps(entry.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def rows(items: list[SubjectEntry]) -> list[tuple[object, ...]]:
    return [attrs.astuple(e) for e in items]


@given(entries())
def test_the_columns_are_the_entries(items: list[SubjectEntry]) -> None:
    columns = SubjectColumns.from_entries(items)
    assert len(columns) == len(items)
    assert list(columns) == items
    assert [columns[i] for i in range(len(items))] == items
    assert [columns[-i - 1] for i in range(len(items))] == items[::-1]
    assert list(columns[1:-1]) == items[1:-1]
    assert columns == items and columns == SubjectColumns.from_rows(rows(items))
    assert list(columns.canonical_items()) == [canonical(e) for e in items]
    assert pickle.loads(pickle.dumps(columns)) == columns


@given(entries())
def test_columns_given_as_codes_are_the_entries(items: list[SubjectEntry]) -> None:
    given_columns = {}
    for name in TEXT_FIELDS:
        values = list(dict.fromkeys(e.field(name) for e in items))
        given_columns[name] = (array("I", [values.index(e.field(name)) for e in items]), values)
    columns = SubjectColumns.from_columns(
        ids=[e.id for e in items], **given_columns,  # type: ignore[arg-type]
        in_existence=bytes(e.in_existence for e in items), exempt=bytes(e.exempt for e in items),
        history=[e.history for e in items],
    )
    assert list(columns) == items
    for name in TEXT_FIELDS:
        assert list(columns.column(name)) == [e.field(name) for e in items]


def test_the_manifest_hashes_the_columns_as_the_entries() -> None:
    items = [SubjectEntry(f"9141{i:04d}", "411002", "工贸", None if i % 3 else "冶金", "企业",
                          'a"\\b\n' if i % 2 else None, "A", i % 5 != 0, i % 7 == 0, i % 4) for i in range(50)]
    rules = DrawRules(Sample(count=3), TeamSpec(2))
    manifest = Manifest("P", "dice", "[1-6]", (attrs_date(), attrs_date()), items, (), (), rules)
    assert isinstance(manifest.subjects, SubjectColumns)
    text = json.loads(manifest.canonical())["subjects"]
    assert text == [e.to_json() for e in items]
    body = manifest.canonical().decode()
    assert b",".join(canonical(e) for e in items) in body.encode("utf-8")


def attrs_date():  # type: ignore[no-untyped-def]
    import datetime as dt
    return dt.date(2026, 3, 2)


def test_ids_out_of_order_or_twice_are_refused() -> None:
    a, b = SubjectEntry("B", "", "", None, "", None, None, True, False, 0), \
        SubjectEntry("A", "", "", None, "", None, None, True, False, 0)
    with pytest.raises(InvalidInputError, match="not unique and sorted"):
        SubjectColumns.from_entries([a, b])
    with pytest.raises(InvalidInputError, match="not unique and sorted"):
        SubjectColumns.from_entries([b, b])
    # UTF-8 byte order, not UTF-16: U+FF21 sorts before U+1F600
    SubjectColumns.from_rows([attrs.astuple(attrs.evolve(a, id=i)) for i in ("Ａ", "😀")])


def test_a_negative_history_or_a_flag_that_is_not_a_bool_is_refused() -> None:
    row = ("A", "", "", None, "", None, None, True, False, -1)
    with pytest.raises(InvalidInputError, match="history -1"):
        SubjectColumns.from_rows([row])
    with pytest.raises(InvalidInputError, match="history -1"):
        SubjectColumns.from_columns(ids=["A"], area=([0], [""]), domain=([0], [""]), sector=([0], [None]),
                                    subject_type=([0], [""]), industry=([0], [None]), credit_risk=([0], [None]),
                                    in_existence=b"\x01", exempt=b"\x00", history=array("q", [-1]))
    with pytest.raises(InvalidInputError, match="not true or false"):
        SubjectColumns.from_rows([(*row[:7], 1, False, 0)])
    with pytest.raises(InvalidInputError, match="a row of 3 values"):
        SubjectColumns.from_rows([row[:3]])


def test_columns_that_do_not_fit_are_refused() -> None:
    good = {"ids": ["A", "B"], "area": ([0, 0], [""]), "domain": ([0, 1], ["x", "y"]), "sector": ([0, 0], [None]),
            "subject_type": ([0, 0], [""]), "industry": ([0, 0], [None]), "credit_risk": ([0, 0], [None]),
            "in_existence": b"\x01\x01", "exempt": b"\x00\x00", "history": [0, 0]}
    assert len(SubjectColumns.from_columns(**good)) == 2  # type: ignore[arg-type]
    for change, message in [({"domain": ([0, 2], ["x", "y"])}, "has no value"),
                            ({"domain": ([0, 1], ["x", "x"])}, "list one twice"),
                            ({"exempt": b"\x00\x02"}, "other than 0 and 1"),
                            ({"history": [0]}, "column history has 1 values for 2 subjects")]:
        with pytest.raises(InvalidInputError, match=message):
            SubjectColumns.from_columns(**{**good, **change})  # type: ignore[arg-type]


def test_the_columns_cannot_be_changed() -> None:
    columns = SubjectColumns.from_rows([("A", "", "", None, "", None, None, True, False, 0)])
    with pytest.raises(AttributeError):
        columns._ids = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        columns.codes("area")[0] = 1
    with pytest.raises(TypeError):
        SubjectColumns()


@given(entries())
def test_columns_taken_as_checked_are_those_made_with_the_checks(items: list[SubjectEntry]) -> None:
    made = SubjectColumns.from_entries(items)
    taken = SubjectColumns.from_checked_columns(
        ids=[e.id for e in items], codes={name: array("I", made.codes(name)) for name in TEXT_FIELDS},
        values={name: made.values(name) for name in TEXT_FIELDS}, in_existence=bytearray(made.in_existence),
        exempt=made.exempt, history=array("Q", made.history))
    assert taken == made and list(taken) == items
    assert list(taken.canonical_items()) == list(made.canonical_items())
    utf8 = [e.id.encode("utf-8") for e in items]
    handed = SubjectColumns.from_checked_columns(
        ids=[e.id for e in items], codes={name: array("I", made.codes(name)) for name in TEXT_FIELDS},
        values={name: made.values(name) for name in TEXT_FIELDS}, in_existence=made.in_existence,
        exempt=made.exempt, history=array("Q", made.history), utf8_ids=utf8)
    assert handed == made and handed.utf8_ids() is utf8  # kept, not encoded again
    assert handed.utf8_ids() == made.utf8_ids()


def test_columns_taken_as_checked_still_refuse_what_costs_no_pass_over_the_subjects() -> None:
    one = {"ids": ["A"], "codes": {name: array("I", [0]) for name in TEXT_FIELDS},
           "values": {name: ("",) for name in TEXT_FIELDS}, "in_existence": b"\x01", "exempt": b"\x00",
           "history": array("Q", [0])}
    assert len(SubjectColumns.from_checked_columns(**one)) == 1  # type: ignore[arg-type]
    for change, message in [({"history": array("q", [0])}, "not an array of whole numbers"),
                            ({"codes": {**one["codes"], "area": array("i", [0])}},  # type: ignore[dict-item]
                             "not an array of whole numbers"),
                            ({"exempt": b"\x02"}, "other than 0 and 1"),
                            ({"history": array("Q", [0, 0])}, "column history has 2 values for 1 subjects"),
                            ({"utf8_ids": [b"A", b"B"]}, "column utf8_ids has 2 values for 1 subjects"),
                            ({"values": {**one["values"], "domain": (None,)}}, "domain is null")]:  # type: ignore[dict-item]
        with pytest.raises(InvalidInputError, match=message):
            SubjectColumns.from_checked_columns(**{**one, **change})  # type: ignore[arg-type]


def test_an_empty_id_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        SubjectColumns.from_columns(ids=["", "A"], area=([0, 0], [""]), domain=([0, 0], [""]),
                                    sector=([0, 0], [None]), subject_type=([0, 0], [""]),
                                    industry=([0, 0], [None]), credit_risk=([0, 0], [None]),
                                    in_existence=[True, True], exempt=[False, False], history=[0, 0])
