"""draw-v1 §10 in process, the shards started at once: forked before the eligible table is made, each process
hashes its part of the snapshot while this one makes the table, the counts and the bounds; the bounds, and the
strata and positions of the part's eligible subjects, then reach it, and it keeps, per stratum, the
``n_h + r_h`` smallest ``digest ‖ position ‖ id`` under its stratum's bound, exactly as the pass in one process
keeps them (:func:`~random_inspection.sampling.selection.keep_under` for the digests it held,
:func:`~random_inspection.sampling.selection.hash_and_keep` for the rest), and sends them back in one message (pickled
lists of bytes: read back as fast as one bytes object cut into its records, measured). The parts' lowest are
merged per stratum; a stratum short under its bound is passed again in full
(:func:`~random_inspection.sampling.selection.complete`). The result is the same as
:func:`~random_inspection.sampling.selection.lowest_tickets` gives, for any number of shards.

Where processes cannot be forked (they would be spawned, and the snapshot copied), the table is made first and
the pass split as :func:`~random_inspection.sampling.selection.lowest_tickets` splits it."""

from __future__ import annotations

import bisect
import contextlib
import gc
import itertools
import multiprocessing
import operator
import pickle
import threading
from array import array
from collections.abc import Iterable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any

from random_inspection.messages import tr
from random_inspection.sampling import selection
from random_inspection.sampling.columns import SubjectColumns
from random_inspection.sampling.hashes import HashAlgorithm
from random_inspection.sampling.manifest import DrawRules
from random_inspection.sampling.selection import EligibleTable

__all__ = ["ShardedPass"]

LEAD = 0.05
"""The share of the hashing this process gives up to the others when it has the table to make, so that every
process ends its part at about the same time: the table costs about a tenth of a pass at a million subjects, but
a shard has more to do at its end (its held digests compared, its lowest sorted, pickled and sent); 0.04–0.07
measured best, 0.12 and 0 a little slower."""

_KEPT, _FAILED = b"K", b"F"
_STEP = 1 << 16  # subjects a shard hashes between two looks for its plan


def _cuts(n: int, shards: int, lead: float) -> list[int]:
    """The snapshot positions where the parts begin, and ``n``: the first (this process's) part ``lead`` of a
    share smaller than the others."""
    first = int(n * (1 - lead) / shards)
    rest = n - first
    return [0, *(first + rest * k // (shards - 1) for k in range(shards))]


def _part(conn: Connection, columns: SubjectColumns, prefix: bytes, hash_with: HashAlgorithm, start: int,
          stop: int) -> bytes:
    """A forked process's part ``[start, stop)`` of the snapshot: hashed while the table is made (the digests
    held until the plan comes), then the rest of its eligible subjects hashed and kept under the bounds."""
    utf8 = columns.utf8_ids_kept()  # the ids the manifest hash encoded, where it did
    ids, base = (utf8, 0) if utf8 is not None else (list(map(str.encode, columns.ids[start:stop])), start)
    digests = selection._digests(prefix, hash_with)
    held: list[bytes] = []
    at = start
    while at < stop and not conn.poll():  # every subject of the part, eligible or not: the table is not there
        b = min(at + _STEP, stop)
        held += digests(ids[at - base:b - base])
        at = b
    plan: tuple[list[bytes], list[int], bytes | None, Sequence[int], array[int]] = pickle.loads(conn.recv_bytes())
    bounds, needs, top, positions, strata = plan
    kept: list[list[bytes]] = [[] for _ in needs]
    keep = [group.append for group in kept]
    done = bisect.bisect_left(positions, at)  # the eligible subjects already hashed
    if isinstance(positions, range):  # every subject of the part is eligible
        tickets, hashed = held, ids[start - base:at - base]
    else:
        tickets = list(map(held.__getitem__, map(operator.sub, positions[:done], itertools.repeat(start))))
        hashed = list(map(ids.__getitem__, map(operator.sub, positions[:done], itertools.repeat(base))))
    selection.keep_under(keep, tickets, hashed, strata[:done], positions[:done], bounds, top)
    del held, tickets, hashed
    where = positions[done:]
    if isinstance(where, range):
        rest: Iterable[bytes] = ids[where.start - base:where.stop - base]
    else:
        rest = map(ids.__getitem__, map(operator.sub, where, itertools.repeat(base)))
    selection.hash_and_keep(keep, hash_with.new(prefix).copy, rest, done, len(positions), strata, positions, bounds,
                            top)
    return _KEPT + pickle.dumps(selection._lowest(kept, needs), protocol=pickle.HIGHEST_PROTOCOL)


def _child(conn: Connection, *args: Any) -> None:
    """A shard's process: its part's lowest, packed, or what went wrong, sent back to the parent."""
    gc.disable()  # a collection here would walk, and copy, every page of the parent's objects
    try:
        conn.send_bytes(_part(conn, *args))
    except BaseException as exc:  # the parent raises it, in words
        conn.send_bytes(_FAILED + f"{type(exc).__name__}: {exc}".encode())
    finally:
        conn.close()


def _send(conn: Connection, message: bytes) -> None:
    """Send the plan to a shard (from a thread: it is taken in when the shard has hashed what it could)."""
    with contextlib.suppress(OSError):  # the shard ended first: its end is reported by the receiving side
        conn.send_bytes(message)


class ShardedPass:
    """The ticket pass of one draw over ``shards`` processes, started when made: use it as a context manager
    around the making of the table (leaving it ends any process still running) and call :meth:`lowest` once."""

    def __init__(self, columns: SubjectColumns, rules: DrawRules, prefix: bytes, hash_with: HashAlgorithm,
                 shards: int) -> None:
        self._prefix, self._hash_with, self._shards = prefix, hash_with, shards
        self._workers: list[tuple[BaseProcess, Connection]] = []
        self._senders: list[threading.Thread] = []
        n = len(columns)
        self._cuts = [0, n]
        if shards < 2 or n < shards or "fork" not in multiprocessing.get_all_start_methods():
            return
        lead = 0.0 if columns.kept(selection.table_key(rules)) is not None else LEAD
        self._cuts = _cuts(n, shards, lead)
        context = multiprocessing.get_context("fork")
        for k in range(1, shards):
            mine, theirs = context.Pipe()
            process = context.Process(target=_child, args=(theirs, columns, prefix, hash_with, self._cuts[k],
                                                           self._cuts[k + 1]), daemon=True)
            process.start()
            theirs.close()
            self._workers.append((process, mine))

    def __enter__(self) -> ShardedPass:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        for process, conn in self._workers:
            if process.is_alive():
                process.terminate()
            process.join()
            conn.close()
        for sender in self._senders:
            sender.join()
        self._workers = []

    def lowest(self, table: EligibleTable, needs: Sequence[int], bounds: Sequence[bytes]) -> list[list[bytes]]:
        """Per stratum number, the ``needs[h]`` smallest ``digest ‖ position ‖ id`` of the table's eligible
        subjects, in order: what :func:`~random_inspection.sampling.selection.lowest_tickets` gives."""
        prefix, hash_with = self._prefix, self._hash_with
        if not self._workers:
            return selection.lowest_tickets(table, prefix, hash_with, needs, bounds, self._shards)
        positions = table.positions
        ends = [bisect.bisect_left(positions, cut) for cut in self._cuts]  # the eligible subjects of each part
        top = selection._ceiling(table.counts, bounds)
        for k, (_, conn) in enumerate(self._workers, start=1):
            i, j = ends[k], ends[k + 1]
            plan = pickle.dumps((list(bounds), list(needs), top, positions[i:j], table.strata[i:j]),
                                protocol=pickle.HIGHEST_PROTOCOL)
            sender = threading.Thread(target=_send, args=(conn, plan), daemon=True)
            sender.start()
            self._senders.append(sender)
        kept = selection._pass(table, prefix, hash_with, bounds, 0, ends[1])
        try:
            for _, conn in self._workers:
                packed = conn.recv_bytes()
                if packed[:1] != _KEPT:
                    raise selection._failed(packed[1:].decode(errors="replace"))
                for group, theirs in zip(kept, pickle.loads(memoryview(packed)[1:]), strict=True):
                    group += theirs
        except (EOFError, OSError) as exc:
            raise selection._failed(tr("its process ended without a result")) from exc
        return selection.complete(table, prefix, hash_with, needs, selection._lowest(kept, needs))
