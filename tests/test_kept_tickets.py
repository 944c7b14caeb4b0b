"""The drawn subjects' snapshot positions and ids read from their kept ``digest ‖ position ‖ id``
(sampling/kept.py): reading all of them at once, by strided slices, gives what reading each one gives, for any
positions (those of 2³² and above too, which take the ticket-by-ticket way) and any ids (of one length or not,
ASCII or not)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from random_inspection.sampling.kept import KeptTickets, position
from random_inspection.sampling.selection import POSITION_BYTES

positions = st.integers(0, (1 << 8 * POSITION_BYTES) - 1) | st.integers(0, 300)
ascii_ids = st.text("0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=18, max_size=18)
any_ids = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20)
kept_tickets = st.lists(st.tuples(st.binary(min_size=32, max_size=32), positions, ascii_ids | any_ids)) | \
    st.lists(st.tuples(st.binary(min_size=32, max_size=32), positions, ascii_ids))


def kept(records: list[tuple[bytes, int, str]]) -> list[bytes]:
    return [digest + at.to_bytes(POSITION_BYTES, "big") + sid.encode() for digest, at, sid in records]


@given(kept_tickets)
def test_the_positions_are_each_tickets_position(records: list[tuple[bytes, int, str]]) -> None:
    tickets = kept(records)
    assert list(KeptTickets(tickets).positions()) == [at for _, at, _ in records] == list(map(position, tickets))


@given(kept_tickets)
def test_the_ids_are_each_tickets_id(records: list[tuple[bytes, int, str]]) -> None:
    assert KeptTickets(kept(records)).ids() == tuple(sid for _, _, sid in records)


def test_positions_of_2_to_the_32_and_above_are_read_whole() -> None:
    tickets = kept([(b"\x00" * 32, 1 << 32, "A"), (b"\xff" * 32, 5, "B")])
    assert list(KeptTickets(tickets).positions()) == [1 << 32, 5]


def test_ids_of_one_length_not_ascii_are_decoded_each() -> None:
    tickets = kept([(b"\x00" * 32, 0, "é"), (b"\x01" * 32, 1, "ab")])  # two bytes each, not one character each
    assert KeptTickets(tickets).ids() == ("é", "ab")
