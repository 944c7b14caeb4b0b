"""Redraws and later disclosures as typed values: each reads back from its published JSON as the same value and
writes that JSON again key for key; a redraw the ledger recorded publishes exactly its entry; JSON that would not
be written again is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import DataError
from random_inspection.workflow import ClosedCase, Disclosure, LaterDisclosure, PublicSubject, Redraw, SetAside

from .disclosure_cases import CASES

HEX = st.text("0123456789abcdef", min_size=64, max_size=64)
TEXT = st.text(min_size=1, max_size=20)
MOMENT = st.none() | st.datetimes(timezones=st.timezones()).map(lambda t: t.isoformat())

LOCAL = st.builds(SetAside, HEX, st.integers(1, 10**6), seed=HEX, public_input=TEXT)
EXTERNAL = st.builds(SetAside, HEX, st.integers(1, 10**6), platform=TEXT, task=TEXT, file_sha256=HEX)
FROM_LEDGER = st.builds(Redraw, TEXT, HEX, entry=st.integers(1, 10**6), at=MOMENT, set_aside=LOCAL | EXTERNAL)
BY_HAND = st.builds(Redraw, TEXT, HEX, public_input=st.none() | TEXT)
LATER = st.builds(LaterDisclosure, st.builds(PublicSubject, TEXT, st.none() | TEXT), TEXT, TEXT,
                  st.lists(st.builds(ClosedCase, TEXT, st.dates(dt.date(2000, 1, 1))), max_size=3).map(tuple))


@given(FROM_LEDGER | BY_HAND)
def test_a_redraw_reads_back_from_its_json_as_the_same_value(redraw: Redraw) -> None:
    data = redraw.to_json()
    assert Redraw.from_json(data) == redraw
    assert Redraw.from_json(data).to_json() == data


@given(st.integers(1, 10**6), MOMENT, TEXT, HEX, HEX, st.integers(1, 10**6), HEX, TEXT, st.booleans())
def test_a_ledger_entry_is_published_key_for_key(seq: int, at: str | None, reason: str, new: str, old: str,
                                                 drawn: int, seed: str, public_input: str, external: bool) -> None:
    """What ``Store.redraws`` reads (``{"entry", "at", **payload}``) is what the disclosure publishes, for a draw
    set aside that was made here or on a platform (``store.external.set_aside``)."""
    set_aside: dict[str, Any] = (
        {"manifest_hash": old, "platform": public_input, "task": reason, "file_sha256": seed, "entry": drawn}
        if external else {"manifest_hash": old, "seed": seed, "public_input": public_input, "entry": drawn})
    entry = {"entry": seq, "at": at, "reason": reason, "set_aside": set_aside, "manifest_hash": new}
    redraw = Redraw.from_json(entry)
    assert redraw.to_json() == entry and list(redraw.to_json()) == list(entry)
    assert list(redraw.to_json()["set_aside"]) == list(set_aside)
    assert redraw.set_aside is not None and redraw.set_aside.entry == drawn


@given(LATER)
def test_a_later_disclosure_reads_back_from_its_json_as_the_same_value(later: LaterDisclosure) -> None:
    data = later.to_json()
    assert LaterDisclosure.from_json(data) == later and LaterDisclosure.from_json(data).to_json() == data


@pytest.mark.parametrize(("data", "match"), [
    ({"reason": "系统故障", "manifest_hash": "a" * 64, "seed": "b" * 64}, "keys it does not publish: seed"),
    ({"reason": "系统故障", "manifest_hash": "a" * 64, "at": "2025-09-01T10:00:00+08:00"}, "entry and time"),
    ({"reason": "系统故障", "manifest_hash": "a" * 64, "entry": 4}, "entry and time"),
    ({"reason": 3, "manifest_hash": "a" * 64}, "reason is int, not text"),
    ({"reason": "系统故障", "manifest_hash": "a" * 64, "entry": "4", "at": None}, "entry is str, not an integer"),
    ({"reason": "系统故障", "manifest_hash": "a" * 64, "entry": 4, "at": None, "set_aside": ["a"]}, "not an object"),
    ({"reason": "系统故障", "manifest_hash": "a" * 64, "entry": 4, "at": None,
      "set_aside": {"manifest_hash": "a" * 64, "entry": 2, "file": "x"}}, "set_aside has keys"),
])
def test_json_that_would_not_be_written_again_is_refused(data: dict[str, Any], match: str) -> None:
    with pytest.raises((TypeError, ValueError), match=match):
        Redraw.from_json(data)


def test_a_time_without_its_entry_is_refused() -> None:
    with pytest.raises(ValueError, match="entry and time"):
        Redraw("系统故障", "a" * 64, at="2025-09-01T10:00:00+08:00")


def test_a_disclosure_with_a_malformed_redraw_is_a_data_error() -> None:
    data = CASES["hebi_inspected"]()
    data["redraws"][0]["note"] = "x"
    with pytest.raises(DataError, match="cannot read the disclosure"):
        Disclosure.from_json(data)


def test_a_published_redraw_is_typed() -> None:
    (redraw,) = Disclosure.from_json(CASES["hebi_inspected"]()).redraws
    assert redraw == Redraw("系统故障，重新抽取", "a" * 64, public_input="6 6")
