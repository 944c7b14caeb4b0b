"""The drawn subjects' snapshot positions read from their kept ``digest ‖ position`` (sampling/engine.py): the
strided reading of all of them at once gives what reading each one gives, for any positions (those of 2³² and
above too, which take the ticket-by-ticket way)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from random_inspection.sampling import engine
from random_inspection.sampling.selection import POSITION_BYTES

kept_tickets = st.lists(st.tuples(st.binary(min_size=32, max_size=32),
                                  st.integers(0, (1 << 8 * POSITION_BYTES) - 1) | st.integers(0, 300)))


@given(kept_tickets)
def test_the_positions_are_each_tickets_position(pairs: list[tuple[bytes, int]]) -> None:
    kept = [digest + at.to_bytes(POSITION_BYTES, "big") for digest, at in pairs]
    assert list(engine._positions(kept)) == [at for _, at in pairs] == list(map(engine._position, kept))


def test_positions_of_2_to_the_32_and_above_are_read_whole() -> None:
    kept = [b"\x00" * 32 + (1 << 32).to_bytes(POSITION_BYTES, "big"),
            b"\xff" * 32 + (5).to_bytes(POSITION_BYTES, "big")]
    assert list(engine._positions(kept)) == [1 << 32, 5]
