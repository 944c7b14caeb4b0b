"""A subject's id is never empty (draw-v1 §3): a manifest made in memory and a published one, read in bulk or
subject by subject, refuse a subject whose id is ``""`` and say so (the streamed draw's reader refused it
already) — where before the manifest made in memory drew it, and its published text was refused as "not
sorted"."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from random_inspection.errors import DataError, InvalidInputError
from random_inspection.sampling import DrawRules, Manifest, Sample, TeamSpec
from random_inspection.sampling.manifest import InspectorEntry, SubjectEntry
from random_inspection.sampling.published import ReadLimits, read_published_manifest

WINDOW = (dt.date(2026, 3, 2), dt.date(2026, 3, 31))


def manifest(ids: list[str]) -> Manifest:
    return Manifest("P", "dice", r"[1-6]{3}", WINDOW,
                    [SubjectEntry(i, "411002", "工贸", None, "企业", None, None, True, False, 0) for i in ids],
                    [InspectorEntry("P01", "yjj", (), ())], (), DrawRules(Sample(count=1), TeamSpec(1)))


def test_a_manifest_in_memory_refuses_an_empty_id() -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        manifest(["", "A"])


@pytest.mark.parametrize("escaped", [False, True], ids=["in bulk", "subject by subject"])
@pytest.mark.parametrize("subjects", [2, 400])
def test_a_published_manifest_with_an_empty_id_is_refused_as_such(escaped: bool, subjects: int) -> None:
    ids = [f"0{k:04d}" for k in range(subjects)]
    text = manifest(ids).canonical()
    first = b'"id":"00000"'
    assert text.count(first) == 1
    text = text.replace(first, b'"id":""')
    if escaped:  # an escape in the block (in the last subject's text): the block read subject by subject
        tail = '"subject_type":"企业"}]'.encode()
        assert text.count(tail) == 1
        text = text.replace(tail, '"subject_type":"企业\\u0001"}]'.encode())
    with pytest.raises(DataError, match="empty") as caught:
        read_published_manifest(io.BytesIO(text), limits=ReadLimits(max_entry_bytes=600))
    assert "subjects[0]" in str(caught.value)
