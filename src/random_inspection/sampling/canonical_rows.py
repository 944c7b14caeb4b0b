"""The snapshot's subjects in canonical form (draw-v1 §3), written from the columns a batch at a time.

A subject's canonical object has its keys in one order (``area``, ``credit_risk``, ``domain``, ``exempt``,
``history``, ``id``, ``in_existence``, ``industry``, ``sector``, ``subject_type``), so it is four pieces: the text
of the four fields before ``history``, the history count, the id, and the text of the four after it. The first
and last pieces depend only on the fields' codes, so each is written once per combination of codes that can
occur and looked up per subject by its combination's number; a batch is then one ``bytes.join`` of four pieces
a subject, every loop in C. Where the combinations are too many to write out, or an id needs escaping, the
subject is formatted whole, as :meth:`SubjectColumns.canonical_items` does: the bytes are the same either way
(tests/test_canonical_rows.py holds them so on random rosters)."""

from __future__ import annotations

import itertools
import json
import math
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from random_inspection.sampling.columns import SubjectColumns

__all__ = ["BATCH", "canonical_batches"]

BATCH = 10_000
"""Subjects written per batch: a batch is one text of about 2 MB at most for ordinary subjects."""

_MAX_COMBINATIONS = 1 << 16  # pieces written out per side; beyond this the subjects are formatted whole
_MAX_TABLED_COUNT = 1 << 12  # history counts below this are looked up, not formatted
_BOOLS = (b"false", b"true")
_NEEDS_ESCAPE = re.compile(rb'[\x00-\x1f"\\]')  # what json.dumps escapes in a text with ensure_ascii=False
_quote = json.encoder.encode_basestring


def _text_values(columns: SubjectColumns, name: str) -> tuple[bytes, ...]:
    return tuple(b"null" if v is None else _quote(v).encode("utf-8") for v in columns.values(name))


def _flag_values(flags: bytes) -> tuple[bytes, ...]:
    """The JSON of a flag's values: one where every subject has the same (then no per-subject code is needed)."""
    ones = flags.count(1)
    if 0 < ones < len(flags):
        return _BOOLS
    return (_BOOLS[1],) if ones else (_BOOLS[0],)


class _Side:
    """The text of a run of fields, written once per combination of their codes, and each subject's number of
    its combination (mixed radix over the fields that take more than one value)."""

    def __init__(self, fields: Sequence[tuple[bytes, tuple[bytes, ...], Sequence[int]]], tail: bytes) -> None:
        self.varying = [(len(values), codes) for _, values, codes in fields if len(values) > 1]
        self.size = math.prod(size for size, _ in self.varying)
        self.texts: list[bytes] = []
        if self.size > _MAX_COMBINATIONS:
            return
        texts = [b""]
        for label, values, _ in fields:
            texts = [t + label + v for t in texts for v in values] if len(values) > 1 else \
                [t + label + values[0] for t in texts]
        self.texts = [t + tail for t in texts]

    def pieces(self, start: int, stop: int) -> Iterator[bytes]:
        if not self.varying:
            return itertools.repeat(self.texts[0], stop - start)
        (_, codes), *rest = self.varying
        numbers: Iterable[int] = codes[start:stop]
        for size, more in rest:
            numbers = map(operator.add, map(operator.mul, numbers, itertools.repeat(size)), more[start:stop])
        return map(self.texts.__getitem__, numbers)


def canonical_batches(columns: SubjectColumns, batch: int = BATCH) -> Iterator[bytes]:
    """The subjects' canonical objects (§3) joined by commas, ``batch`` subjects a text: together, the bytes of
    ``b",".join(columns.canonical_items())``; no batch is empty."""
    if not len(columns):
        return
    text = {name: _text_values(columns, name) for name in ("area", "credit_risk", "domain", "industry", "sector",
                                                            "subject_type")}
    before = _Side([(b'},{"area":', text["area"], columns.codes("area")),
                    (b',"credit_risk":', text["credit_risk"], columns.codes("credit_risk")),
                    (b',"domain":', text["domain"], columns.codes("domain")),
                    (b',"exempt":', _flag_values(columns.exempt), columns.exempt)], b',"history":')
    after = _Side([(b'","in_existence":', _flag_values(columns.in_existence), columns.in_existence),
                   (b',"industry":', text["industry"], columns.codes("industry")),
                   (b',"sector":', text["sector"], columns.codes("sector")),
                   (b',"subject_type":', text["subject_type"], columns.codes("subject_type"))], b"")
    ids, utf8, history = columns.ids, columns.utf8_ids(), columns.history
    n = len(ids)
    if not (before.texts and after.texts):  # too many combinations to write out: each subject formatted whole
        items = columns.canonical_items()
        while joined := b",".join(itertools.islice(items, batch)):
            yield joined
        return
    top = max(history, default=0)
    counts = tuple(b'%d,"id":"' % k for k in range(top + 1)) if top < _MAX_TABLED_COUNT else None
    for start in range(0, n, batch):
        stop = min(start + batch, n)
        encoded = utf8[start:stop]
        if _NEEDS_ESCAPE.search(b"".join(encoded)):
            encoded = [_quote(i)[1:-1].encode("utf-8") for i in ids[start:stop]]
        part = history[start:stop]
        written = map(counts.__getitem__, part) if counts is not None else map(b'%d,"id":"'.__mod__, part)
        pieces = zip(before.pieces(start, stop), written, encoded, after.pieces(start, stop), strict=True)
        yield b"".join(itertools.chain.from_iterable(pieces))[2:] + b"}"
