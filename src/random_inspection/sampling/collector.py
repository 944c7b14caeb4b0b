"""Python's cycle collector paused while a large structure without cycles is made: a published manifest's
columns, a claimed result read as JSON, a draw made again to verify it.

Such work allocates hundreds of thousands of containers (a claimed result's list per drawn subject, the re-run's
tuples), and the collector, counting them, walks every object made so far again and again — a tenth of the
citizen's check, measured. Nothing made there holds a cycle, so reference counting frees it all as ever; the
collector is on again afterwards, as it was.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the ``with`` block, and put it back as it was (on or off) however the block
    ends. The objects made meanwhile are handed to the collector's oldest generation at once (``gc.freeze()``
    then ``gc.unfreeze()``, each a splice of its lists), so that its first pass once it is on again does not walk
    them: they are looked at with the rest of the long-lived objects, at the next full collection. Where the
    program has frozen objects of its own (``gc.get_freeze_count()``), they are left frozen and the first pass
    is left as it is. Nested blocks leave the collector off until the outermost ends."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
