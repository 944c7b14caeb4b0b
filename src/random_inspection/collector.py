"""Python's cycle collector paused while a large structure without cycles is made: a draw's tickets and
places, a published manifest's columns, a claimed result read as JSON, a draw made again to verify it, a
roster's records.

Such work allocates hundreds of thousands of containers (a claimed result's list per drawn subject, the re-run's
tuples), and the collector, counting them, walks every object made so far again and again — a tenth of the
citizen's check, measured. Nothing made there holds a cycle, so reference counting frees it all as ever; the
collector is on again afterwards, as it was.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["collector_paused"]

_LOCK = threading.Lock()
_paused = 0  # blocks open now, in every thread
_was_on = False  # whether the collector was on when the first of them began


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the ``with`` block, and put it back as it was (on or off) when the last block
    open in any thread ends, however it ends: blocks nest, and two threads' blocks that overlap leave it off until
    both are done. The objects made meanwhile are then handed to the collector's oldest generation at once
    (``gc.freeze()`` then ``gc.unfreeze()``, each a splice of its lists), so that its first pass once it is on
    again does not walk them: they are looked at with the rest of the long-lived objects, at the next full
    collection. Where the program has frozen objects of its own (``gc.get_freeze_count()``), they are left frozen
    and the first pass is left as it is."""
    global _paused, _was_on
    with _LOCK:
        if not _paused:
            _was_on = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _LOCK:
            _paused -= 1
            if not _paused:
                if not gc.get_freeze_count():
                    gc.freeze()
                    gc.unfreeze()
                if _was_on:
                    gc.enable()
