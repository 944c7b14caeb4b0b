"""The tickets a draw's selection keeps, ``digest ‖ position ‖ id`` (:data:`~random_inspection.sampling.selection.
POSITION_BYTES`), and what is read from them: the subjects' snapshot positions and their ids. Where the tickets
are all of one size (ids of one length, as every 统一社会信用代码 is), both are gathered from the tickets joined by
strided slices, with no Python step per ticket; else they are read ticket by ticket, in C. The snapshot's own
id objects are never touched (after the §10 shards were forked, each one touched would cost a copied page)."""

from __future__ import annotations

import itertools
import sys
from array import array
from collections.abc import Callable, Sequence
from typing import cast

from random_inspection.sampling.selection import POSITION_BYTES

__all__ = ["ID_AT", "KeptTickets", "position"]

ID_AT = 32 + POSITION_BYTES
"""Where a kept ticket's id begins: after its 32-byte digest and its position."""


def position(ticket: bytes) -> int:
    """The snapshot position of one kept ticket."""
    return int.from_bytes(ticket[32:ID_AT], "big")


class KeptTickets:
    """Kept tickets, in order (the drawn subjects' in the drawn's order, or a stratum's reserve)."""

    def __init__(self, tickets: Sequence[bytes]) -> None:
        self.tickets = tickets
        sizes = set(map(len, tickets))
        self._size = sizes.pop() if len(sizes) == 1 else 0
        """The size of every ticket where all are of one size, else 0."""
        self._joined = b"".join(tickets) if self._size else b""

    def _gathered(self, offset: int, width: int) -> bytearray:
        """Bytes ``offset`` to ``offset + width`` of each ticket, one ticket's after the other's (tickets of one
        size only): gathered by ``width`` strided slices."""
        gathered = bytearray(width * len(self.tickets))
        for j in range(width):
            gathered[j::width] = self._joined[offset + j::self._size]
        return gathered

    def positions(self) -> Sequence[int]:
        """Each ticket's snapshot position, in order: where the tickets are of one size and every position is
        below 2³² (a snapshot of fewer subjects), the positions' low four bytes gathered and read as one array;
        else one :func:`position` each."""
        low = array("I")
        if self._size and low.itemsize == 4 and POSITION_BYTES == 5 and \
                self._joined[32::self._size].count(0) == len(self.tickets):
            low.frombytes(self._gathered(33, 4))
            if sys.byteorder == "little":
                low.byteswap()
            return low
        return list(map(position, self.tickets))

    def ids(self) -> tuple[str, ...]:
        """Each ticket's subject id, in order: where the tickets are of one size and the ids ASCII, the ids'
        bytes gathered and decoded at once and the text cut at every id's length; else each id decoded."""
        width = self._size - ID_AT
        if width > 0:
            text = self._gathered(ID_AT, width).decode("utf-8")
            if len(text) == width * len(self.tickets):  # a character a byte: every id is ASCII
                starts = range(0, len(text), width)
                return tuple(map(text.__getitem__, map(slice, starts, range(width, len(text) + 1, width))))
        decode = cast(Callable[[bytes], str], bytes.decode)
        return tuple(map(decode, map(bytes.__getitem__, self.tickets, itertools.repeat(slice(ID_AT, None)))))
