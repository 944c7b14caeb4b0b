"""A published manifest read as a third party reads it (draw-v1 §4, *Reading a published manifest as a stream*):
the same manifest and hash as ``Manifest.from_json`` of the canonical bytes, in any chunking; the same refusals;
and hostile documents refused before the work they would cause, within stated limits."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import unittest.mock
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from random_inspection.errors import DataError, InfeasibleDrawError, InvalidInputError
from random_inspection.sampling import (
    DrawRules,
    InspectorEntry,
    ItemEntry,
    Manifest,
    Sample,
    SubjectEntry,
    TeamSpec,
    draw,
    published_subjects,
    verify,
)
from random_inspection.sampling.columns import TEXT_FIELDS
from random_inspection.sampling.published import ReadLimits, read_published_manifest
from random_inspection.sampling.safe_pattern import pattern_problem

from .cli_support import run

SPEC = Path(__file__).resolve().parents[1] / "docs" / "spec"
VECTORS = [*json.loads((SPEC / "draw-v1-vectors.json").read_text(encoding="utf-8")),
           *json.loads((SPEC / "draw-v2-vectors.json").read_text(encoding="utf-8"))["draws"],
           *json.loads((SPEC / "draw-v3-vectors.json").read_text(encoding="utf-8"))["draws"]]
WINDOW = (dt.date(2026, 3, 2), dt.date(2026, 3, 31))
SMALL = ReadLimits(max_entry_bytes=600, max_head_bytes=4096)
"""Limits small enough that a manifest of a few dozen subjects is read in many blocks and refills."""


class Trickle(io.RawIOBase):
    """A binary file that gives at most ``step`` bytes per read, and counts what it gave."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.step, self.given = data, step, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        part = self.data[self.given:self.given + min(self.step, size if size >= 0 else self.step)]
        self.given += len(part)
        return part


class Endless(io.RawIOBase):
    """A binary file that starts with ``head`` and then repeats ``unit`` for ever, counting what it gave."""

    def __init__(self, head: bytes, unit: bytes) -> None:
        self.head, self.unit, self.given = head, unit, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = 1 << 16 if size < 0 else size
        if self.given < len(self.head):
            part = self.head[self.given:self.given + size]
        else:
            part = (self.unit * (size // len(self.unit) + 1))[:size]
        self.given += len(part)
        return part


def _reference(raw: bytes) -> Manifest | None:
    """What a third party reading with ``json`` accepts: a manifest ``Manifest.from_json`` reads, whose canonical
    form is the bytes published (else the published hash is not its hash)."""
    try:
        manifest = Manifest.from_json(json.loads(raw))
    except (DataError, ValueError):
        return None
    return manifest if manifest.canonical() == raw else None


def _read_or_refusal(source: Any, limits: ReadLimits) -> Manifest | DataError:
    """The manifest read, or the DataError that refused it (any other exception propagates: a failure)."""
    try:
        return read_published_manifest(source, limits)
    except DataError as error:
        return error


def _issue(error: DataError) -> str:
    (issue,) = error.issues
    return str(issue)


def _offset(error: DataError) -> int:
    match = re.match(r"byte (\d+), ", error.issues[0].path)
    assert match, error.issues[0].path
    return int(match.group(1))


# --- the same manifest as from_json ------------------------------------------------------------------------


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_every_published_vector_reads_to_the_same_manifest_and_verifies(vector: dict[str, Any]) -> None:
    raw = Manifest.from_json(vector["manifest"]).canonical()
    manifest = read_published_manifest(io.BytesIO(raw))
    assert manifest.hash == vector["manifest_hash"]
    assert manifest.canonical() == raw
    assert verify(manifest, vector["result"]) is None
    trickled = read_published_manifest(Trickle(raw, 7), SMALL)
    assert trickled.canonical() == raw and trickled.hash == vector["manifest_hash"]


def test_the_hash_is_that_of_the_bytes_read_and_verify_does_not_hash_again(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    vector = VECTORS[0]
    path = tmp_path / "manifest.json"
    path.write_bytes(Manifest.from_json(vector["manifest"]).canonical())
    manifest = read_published_manifest(path)

    def no_hashing(self: Manifest) -> Iterator[bytes]:
        raise AssertionError("the manifest was hashed again")

    monkeypatch.setattr(Manifest, "chunks", no_hashing)
    assert verify(manifest, vector["result"]) is None
    assert manifest.hash == vector["manifest_hash"]


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)
"""Any text: quotes, back-slashes, every control character, '/', U+007F, U+2028, non-ASCII."""
NULLABLE = st.none() | TEXT


@st.composite
def manifests(draw_: st.DrawFn) -> Manifest:
    ids = draw_(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8),
                         min_size=0, max_size=40, unique=True))
    domains = draw_(st.lists(TEXT, min_size=1, max_size=3))
    areas = ["410102", "410103", draw_(TEXT)]
    subjects = [SubjectEntry(i, draw_(st.sampled_from(areas)), draw_(st.sampled_from(domains)),
                             draw_(NULLABLE), draw_(st.sampled_from(["企业", "个体工商户"])), draw_(NULLABLE),
                             draw_(st.sampled_from([None, "A", "B", "C", "D"])), draw_(st.booleans()),
                             draw_(st.booleans()), draw_(st.integers(0, 10**18)))
                for i in sorted(ids, key=lambda t: t.encode("utf-8"))]
    people = [InspectorEntry(f"p{k:02d}{draw_(TEXT)}", draw_(TEXT),
                             tuple(sorted(set(draw_(st.lists(TEXT, max_size=2))))),
                             tuple(sorted(draw_(st.lists(st.sampled_from(ids or ["x"]), max_size=2, unique=True)))),
                             draw_(TEXT), draw_(st.booleans()), "2020-01-01",
                             draw_(st.sampled_from([None, "2027-12-31"])))
              for k in range(draw_(st.integers(1, 5)))]
    items = [ItemEntry(f"c{k}{draw_(TEXT)}", draw_(TEXT), tuple(sorted(set(draw_(st.lists(TEXT, max_size=2))))))
             for k in range(draw_(st.integers(0, 3)))]
    sample = draw_(st.sampled_from([Sample(count=min(1, len(ids))) if ids else Sample(count=0), Sample(ratio=(1, 3))]))
    rules = DrawRules(sample, TeamSpec(1), strata=draw_(st.sampled_from([(), ("area",), ("area", "domain")])),
                      reserve=draw_(st.integers(0, 3)), yearly_cap=draw_(st.sampled_from([None, 2])))
    return Manifest(draw_(TEXT.filter(str.strip)), draw_(TEXT.filter(str.strip)), r"[0-9]+", WINDOW,
                    tuple(subjects), tuple(sorted(people, key=lambda p: p.id.encode("utf-8"))),
                    tuple(sorted({c.code: c for c in items}.values(), key=lambda c: c.code.encode("utf-8"))), rules)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(manifests(), st.integers(1, 300))
def test_a_random_manifest_reads_back_the_same_in_any_chunking(manifest: Manifest, step: int) -> None:
    raw = manifest.canonical()
    assert _reference(raw) is not None
    again = read_published_manifest(Trickle(raw, step), ReadLimits(max_entry_bytes=2048, max_head_bytes=8192))
    assert again.canonical() == raw
    assert again.hash == manifest.hash
    assert again.subjects == manifest.subjects and again.inspectors == manifest.inspectors
    assert again.subjects.memo("utf8-ids", list) == list(map(str.encode, manifest.subjects.ids))  # kept as read
    refused = ""
    try:
        drawn = draw(manifest, "12")
    except InfeasibleDrawError:
        return
    except InvalidInputError as refusal:
        refused = refusal.what
    if refused:  # only a stratum value holding '|', which draw-v1 §6 refuses (the random values may hold one)
        assert "contains '|'" in refused
        return
    assert verify(again, drawn) is None


def _mutations() -> st.SearchStrategy[tuple[str, int, bytes]]:
    byte = st.sampled_from([*b'"\\{}[],:-0123456789aeflnrstu/ ', 0x00, 0x1F, 0x7F, 0xC3, 0xE2, 0xFF])
    return st.tuples(st.sampled_from(["replace", "insert", "delete", "duplicate"]), st.integers(0, 10**6),
                     byte.map(lambda b: bytes([b])))


def _mutate(raw: bytes, how: str, at: int, by: bytes) -> bytes:
    at %= len(raw)
    if how == "replace":
        return raw[:at] + by + raw[at + 1:]
    if how == "insert":
        return raw[:at] + by + raw[at:]
    if how == "delete":
        return raw[:at] + raw[at + 1:]
    return raw[:at] + raw[at:at + 12] + raw[at:]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(VECTORS), st.lists(_mutations(), min_size=1, max_size=3), st.integers(3, 200))
def test_a_mutated_manifest_reads_as_from_json_reads_it_or_is_refused(
        vector: dict[str, Any], mutations: list[tuple[str, int, bytes]], step: int) -> None:
    raw = Manifest.from_json(vector["manifest"]).canonical()
    for how, at, by in mutations:
        raw = _mutate(raw, how, at, by)
    expected = _reference(raw)
    got = _read_or_refusal(Trickle(raw, step), SMALL)  # never another exception
    if isinstance(got, DataError):
        assert expected is None or "beyond the limit" in _issue(got), _issue(got)
        return
    assert expected is not None, raw
    assert got.canonical() == raw == expected.canonical()
    assert got.hash == expected.hash


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(manifests(), st.lists(_mutations(), min_size=1, max_size=2))
def test_a_mutated_random_manifest_too(manifest: Manifest, mutations: list[tuple[str, int, bytes]]) -> None:
    raw = manifest.canonical()
    for how, at, by in mutations:
        raw = _mutate(raw, how, at, by)
    assume(raw)
    expected = _reference(raw)
    got = _read_or_refusal(io.BytesIO(raw), ReadLimits(max_entry_bytes=2048, max_head_bytes=8192))
    if isinstance(got, DataError):
        assert expected is None or "beyond the limit" in _issue(got), _issue(got)
        return
    assert expected is not None
    assert got.canonical() == raw and got.hash == expected.hash


# --- not the canonical form --------------------------------------------------------------------------------


def _published(name: str = "joint-one-enterprise") -> bytes:
    return Manifest.from_json(next(v for v in VECTORS if v["name"] == name)["manifest"]).canonical()


def _with_subject_text(raw: bytes, spelled: bytes) -> bytes:
    """The manifest with the first subject's domain spelled ``spelled`` (a JSON string, quotes included)."""
    start = raw.index(b'"domain":"', raw.index(b'"subjects":[')) + len(b'"domain":')
    end = raw.index(b'"', start + 1) + 1
    return raw[:start] + spelled + raw[end:]


@pytest.mark.parametrize("spelled", [b'"\\u0041"', b'"\\/"', b'"\\u001F"', b'"\\u0008"', b'"\\u000a"', b'"\\ud800"',
                                     b'"\\x"', b'"\x01"', b'"\xff"'],
                         ids=["escaped-A", "escaped-slash", "upper-hex", "b-as-u", "n-as-u", "surrogate", "bad-escape",
                              "raw-control", "not-utf-8"])
def test_a_text_spelled_otherwise_than_the_canonical_form_is_refused_at_its_subject(spelled: bytes) -> None:
    raw = _with_subject_text(_published(), spelled)
    assert _reference(raw) is None
    with pytest.raises(DataError) as caught:
        read_published_manifest(io.BytesIO(raw))
    assert "$.subjects[0]" in _issue(caught.value)
    assert _offset(caught.value) == raw.index(b'"subjects":[') + len(b'"subjects":[')


@pytest.mark.parametrize("spelled", [b'"\\u000b"', b'"\\b\\t\\n\\f\\r\\"\\\\/\x7f\xe2\x80\xa8"', b'"\\u001f"'])
def test_the_escapes_the_canonical_form_has_are_read(spelled: bytes) -> None:
    raw = _with_subject_text(_published(), spelled)
    reference = _reference(raw)
    assert reference is not None
    manifest = read_published_manifest(io.BytesIO(raw))
    assert manifest.subjects[0].domain == json.loads(spelled)
    assert manifest.canonical() == raw and manifest.hash == reference.hash


@pytest.mark.parametrize(("old", "new", "where"), [
    (b'"algorithm":"draw-v1",', b'"algorithm": "draw-v1",', "$"),
    (b'"subjects":[', b'"subjects" :[', "$"),
    (b'"checklist":', b'"aaa":1,"checklist":', "$"),
    (b'"history":0', b'"history":0,"note":""', "$.subjects[0]"),
    (b'"history":0', b'"history":00', "$.subjects[0]"),
    (b'"history":0', b'"history":-0', "$.subjects[0]"),
    (b'"history":0', b'"history":0.0', "$.subjects[0]"),
    (b'"history":0', b'"history":-1', "$.subjects[0]"),
    (b'"exempt":false', b'"exempt":0', "$.subjects[0]"),
], ids=["space", "space-before-colon", "unknown-top-key", "unknown-subject-key", "leading-zero", "minus-zero", "float",
        "negative", "integer-flag"])
def test_bytes_that_are_not_canonical_are_refused_with_their_offset(old: bytes, new: bytes, where: str) -> None:
    raw = _published()
    start = raw.index(old, raw.index(b'"subjects":[') if where.startswith("$.subjects") else 0)
    raw = raw[:start] + new + raw[start + len(old):]
    assert _reference(raw) is None
    with pytest.raises(DataError) as caught:
        read_published_manifest(io.BytesIO(raw))
    assert where in _issue(caught.value)
    assert _offset(caught.value) <= start


def test_unsorted_subjects_and_trailing_bytes_are_refused() -> None:
    raw = _published()
    data = json.loads(raw)
    data["subjects"].reverse()
    swapped = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    with pytest.raises(DataError, match=r"subjects\[1\]\.id.*not unique and sorted"):
        read_published_manifest(io.BytesIO(swapped))
    with pytest.raises(DataError, match="after the manifest's closing brace"):
        read_published_manifest(io.BytesIO(raw + b"\n"))


# --- hostile manifests, refused before the work they would cause -------------------------------------------


def _head_edit(raw: bytes, old: bytes, new: bytes) -> bytes:
    assert raw.count(old) >= 1, old
    start = raw.index(old)
    return raw[:start] + new + raw[start + len(old):]


@pytest.mark.parametrize(("old", "new", "where"), [
    (b'"team":{"by_domain":{},"by_sector":{},"quotas":[],"size":1}',
     b'"team":{"by_domain":{},"by_sector":{},"quotas":[],"size":1000000000}', "$.rules.team.size"),
    (b'"team":{"by_domain":{},"by_sector":{},"quotas":[],"size":1}',
     b'"team":{"by_domain":{},"by_sector":{},"quotas":[["x",1000000000]],"size":1000000000}', "$.rules.team.size"),
    (b'"team":{"by_domain":{},"by_sector":{},"quotas":[],"size":1}',
     b'"team":{"by_domain":{"\xe5\xb7\xa5\xe8\xb4\xb8":{"quotas":[["x",1000000000]],"size":1}},"by_sector":{},'
     b'"quotas":[],"size":1}', "$.rules.team.by_domain.工贸.quotas"),
    (b'"team":{"by_domain":{},"by_sector":{},"quotas":[],"size":1}',
     b'"team":{"by_domain":{},"by_sector":{"x":{"quotas":[],"size":13}},"quotas":[],"size":1}',
     "$.rules.team.by_sector.x.size"),
    (b'"items":null', b'"items":1000000000', "$.rules.items"),
    (b'"reserve":0', b'"reserve":1000000000000', "$.rules.reserve"),
    (b'"sample":{"count":1}', b'"sample":{"count":1000000000000}', "$.rules.sample.count"),
    (b'"yearly_cap":null', b'"yearly_cap":' + b"9" * 30, "$.rules"),
], ids=["team-size", "quota", "by-domain-quota", "by-sector-size", "items", "reserve", "count", "huge-integer"])
def test_absurd_counts_are_refused_before_any_subject_is_read(old: bytes, new: bytes, where: str) -> None:
    raw = _head_edit(_published(), old, new)
    with pytest.raises(DataError) as caught:
        read_published_manifest(io.BytesIO(raw))
    assert where in _issue(caught.value) and "beyond the limit" in _issue(caught.value)
    assert _offset(caught.value) < raw.index(b'"subjects":[')


def test_a_pathological_pattern_is_refused_before_any_subject_is_read() -> None:
    raw = _published()
    pattern = json.loads(raw)["public_input_format"]
    for bad in ["(a+)+$", "(a|a)*$", r"\d*\d*\d*x", "(x*)*", r"(\d)\1", "(?=a)a", "a{1,100000}", "a" * 300]:
        spoilt = raw.replace(json.dumps(pattern).encode(), json.dumps(bad).encode(), 1)
        with pytest.raises(DataError) as caught:
            read_published_manifest(io.BytesIO(spoilt))
        assert "$.public_input_format" in _issue(caught.value) and "safe subset" in _issue(caught.value)
        assert _offset(caught.value) < spoilt.index(b'"subjects":[')


@pytest.mark.parametrize("pattern", [r"\d{4}\.\d{2}", "[0-9]( [0-9]){5}", "[1-6]( [1-6]){3}", r"\w+",
                                     "beacon 123456: [0-9a-f]{4}", r"\d{4}-\d{2}-\d{2} officer entry \d{4}",
                                     "[0-9]+", "^[1-6]{6}$", "(ab){3}|c", "[)(+*]x?"])
def test_the_patterns_in_use_are_in_the_safe_subset(pattern: str) -> None:
    assert pattern_problem(pattern) is None
    re.compile(pattern)


@pytest.mark.parametrize("pattern", ["(a+)+", "(a|b)*", "(a{1,2}){2}", r"\d+\d+", "a*b?", r"(a)\1", "(?P<x>a)",
                                     "(?i)a", "a{2000}", "x" * 257])
def test_patterns_that_could_backtrack_are_outside_the_safe_subset(pattern: str) -> None:
    assert pattern_problem(pattern) is not None


def test_nesting_deeper_than_the_format_is_refused_in_bounded_work() -> None:
    raw = _published()
    deep = b"[" * 200_000 + b"]" * 200_000
    spoilt = _head_edit(raw, b'"conditions":{}', b'"conditions":{"area":' + deep + b'}')
    with pytest.raises(DataError) as caught:
        read_published_manifest(io.BytesIO(spoilt))
    assert "$.rules" in _issue(caught.value)
    assert "nesting deeper" in _issue(caught.value) or "beyond the limit" in _issue(caught.value)
    shallow = _head_edit(raw, b'"conditions":{}', b'"conditions":{"area":[[[[["1"]]]]]}')
    with pytest.raises(DataError, match="nesting deeper than the format has"):
        read_published_manifest(io.BytesIO(shallow))


class Numbered(io.RawIOBase):
    """A binary file: ``head``, then subjects with ascending ids for ever, counting the bytes it gave."""

    def __init__(self, head: bytes) -> None:
        self.head, self.given, self.k = head, 0, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.given == 0:
            self.given = len(self.head)
            return self.head
        parts = []
        for _ in range(max(1, size // 160)):
            self.k += 1
            parts.append(b'{"area":"1","credit_risk":null,"domain":"d","exempt":false,"history":0,"id":"%012d",'
                         b'"in_existence":true,"industry":null,"sector":null,"subject_type":"t"},' % self.k)
        part = b"".join(parts)
        self.given += len(part)
        return part


def test_an_endless_list_of_subjects_stops_at_max_subjects() -> None:
    raw = _published()
    head = raw[:raw.index(b'"subjects":[') + len(b'"subjects":[')]
    source = Numbered(head)
    with pytest.raises(DataError) as caught:
        read_published_manifest(source, ReadLimits(max_subjects=20_000))
    assert "max_subjects" in str(caught.value) and "$.subjects[20000]" in _issue(caught.value)
    assert source.given < 20_000 * 160 + (12 << 20)  # what was read: the limit's worth and a few chunks
    repeated = Endless(head, b'{"area":"1","credit_risk":null,"domain":"d","exempt":false,"history":0,"id":"9",'
                             b'"in_existence":true,"industry":null,"sector":null,"subject_type":"t"},')
    with pytest.raises(DataError) as caught:
        read_published_manifest(repeated)
    assert "$.subjects[1].id" in _issue(caught.value) and "not unique and sorted" in _issue(caught.value)


def test_an_endless_text_or_document_stops_at_its_limit() -> None:
    raw = _published()
    head = raw[:raw.index(b'"subjects":[') + len(b'"subjects":[')] + b'{"area":"'
    source = Endless(head, b"x")
    with pytest.raises(DataError) as caught:
        read_published_manifest(source, ReadLimits(max_entry_bytes=4096))
    assert "$.subjects[0]" in _issue(caught.value)
    assert source.given < (4 << 20) + 4096 + len(head) + (4 << 20)
    long_id = _head_edit(raw, b'"id":"', b'"id":"' + b"9" * 300)
    with pytest.raises(DataError, match="max_id_bytes"):
        read_published_manifest(io.BytesIO(long_id))
    with pytest.raises(DataError, match="max_bytes"):
        read_published_manifest(io.BytesIO(raw), ReadLimits(max_bytes=len(raw) - 1))
    endless_plan = Endless(b'{"algorithm":"draw-v1","checklist":[],"inspectors":[],"plan_id":"', b"x")
    with pytest.raises(DataError, match="max_head_bytes"):
        read_published_manifest(endless_plan)
    assert endless_plan.given < (1 << 20) + (8 << 20)


def test_a_source_that_is_not_bytes_or_not_a_manifest_is_refused() -> None:
    with pytest.raises(DataError, match="known algorithm"):
        read_published_manifest(io.BytesIO(b'{"algorithm":"draw-v9"}'))
    with pytest.raises(DataError, match="known algorithm"):
        read_published_manifest(io.BytesIO(b""))


def test_the_verify_command_reads_a_published_manifest_and_refuses_a_hostile_one(tmp_path: Path) -> None:
    vector = next(v for v in VECTORS if v["name"] == "joint-one-enterprise")
    published, drawn = tmp_path / "manifest.json", tmp_path / "draw.json"
    published.write_bytes(Manifest.from_json(vector["manifest"]).canonical())
    drawn.write_text(json.dumps(vector["result"], ensure_ascii=False), encoding="utf-8")
    code, out, err = run("verify", str(published), str(drawn), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["manifest_hash"] == vector["manifest_hash"]
    published.write_bytes(_head_edit(published.read_bytes(), b'"quotas":[],"size":1}', b'"quotas":[],"size":10000}'))
    code, _, err = run("verify", str(published), str(drawn))
    assert code == 2 and "$.rules.team.size" in err and "beyond the limit" in err


def test_the_subjects_are_read_as_columns_with_each_repeated_text_held_once() -> None:
    entries = [SubjectEntry(f"91{k:016d}", f"41010{k % 3}", "工贸", None, "企业", "制造\\业" if k % 2 else None, "B",
                            True, k % 5 == 0, k % 4) for k in range(5000)]
    manifest = Manifest("P", "dice", "[1-6]", WINDOW, entries, [InspectorEntry("p1", "yjj", (), ())], (),
                        DrawRules(Sample(ratio=(1, 10)), TeamSpec(1), strata=("area",)))
    again = read_published_manifest(io.BytesIO(manifest.canonical()), ReadLimits(max_entry_bytes=400))
    columns = again.subjects
    assert columns.values("area") == ("410100", "410101", "410102")
    assert len(columns.values("industry")) == 2 and set(columns.values("industry")) == {None, "制造\\业"}
    assert list(columns) == entries
    assert again.hash == manifest.hash


@pytest.mark.parametrize("count", [b"18446744073709551615", b"9" * 5000])
def test_a_history_count_beyond_the_integer_limit_is_refused_at_its_subject(count: bytes) -> None:
    raw = _published()
    start = raw.index(b'"history":0', raw.index(b'"subjects":[')) + len(b'"history":')
    with pytest.raises(DataError) as caught:
        read_published_manifest(io.BytesIO(raw[:start] + count + raw[start + 1:]))
    assert "$.subjects[0].history" in _issue(caught.value) and "max_integer" in str(caught.value)


@pytest.mark.parametrize("domains", [[0], ["工贸", 0], ["工贸", "危险化学品"], ["工贸", "工贸"]])
def test_a_checklist_item_whose_domains_are_not_sorted_distinct_texts_is_refused(domains: list[Any]) -> None:
    """from_json refuses what the streamed reader refuses (found by the mutation property: ``"domains":[0]``)."""
    data = copy.deepcopy(VECTORS[0]["manifest"])
    data["checklist"][0]["domains"] = domains
    with pytest.raises(InvalidInputError, match="domains of ItemEntry"):
        Manifest.from_json(data)


# --- the bulk read and the careful one ----------------------------------------------------------------------


def _outcome(raw: bytes, limits: ReadLimits) -> tuple[str, ...]:
    """What reading ``raw`` gives: the manifest's canonical bytes, hash and columns, or the refusal in full."""
    got = _read_or_refusal(io.BytesIO(raw), limits)
    if isinstance(got, DataError):
        return ("refused", *map(str, got.issues))
    subjects = got.subjects
    handed = subjects.memo("utf8-ids", list)  # the ids' UTF-8 the reader kept for the draw, as read
    assert handed == [i.encode("utf-8") for i in subjects.ids]
    return ("read", got.canonical().decode("utf-8"), got.hash or "", repr(subjects.ids),
            *(repr((bytes(subjects.codes(name)), subjects.values(name))) for name in TEXT_FIELDS),
            repr((subjects.in_existence, subjects.exempt, subjects.history.tolist())))


PLAIN = st.text("0123456789AZaz工贸企业-,:{}", max_size=6)
"""Texts without escapes (the bulk read's case), with the canonical form's punctuation in them."""


@st.composite
def plain_subjects(draw_: st.DrawFn) -> bytes:
    """A manifest's canonical bytes whose subjects hold no escape, damaged or not at a byte of its subjects (half
    the time one of the canonical form's punctuation)."""
    ids = sorted(draw_(st.lists(PLAIN.filter(bool), max_size=30, unique=True)), key=lambda t: t.encode("utf-8"))
    kinds: list[st.SearchStrategy[Any]] = [
        st.sampled_from(["410102", "410103"]), PLAIN, st.none() | PLAIN, st.none() | PLAIN,
        st.sampled_from([None, "A"]), st.booleans(), st.booleans(), st.sampled_from([0, 1, 7, 12])]
    fixed = draw_(st.sets(st.sampled_from(range(len(kinds)))))  # fields holding one value for every subject
    one = [draw_(kind) for kind in kinds]
    rows = [[one[k] if k in fixed else draw_(kind) for k, kind in enumerate(kinds)] for _ in ids]
    subjects = tuple(SubjectEntry(i, *v[:3], "企业", *v[3:]) for i, v in zip(ids, rows, strict=True))
    people = (InspectorEntry("p01", "yjj", (), (), "", True, "2020-01-01", None),)
    raw = Manifest("P", "a word", r"[0-9]+", WINDOW, subjects, people, (),
                   DrawRules(Sample(count=min(1, len(ids))), TeamSpec(1))).canonical()
    start = raw.index(b'"subjects":[') + len(b'"subjects":[')
    for how, at, by in draw_(st.lists(_mutations(), max_size=2)):
        punctuation = [k for k in range(start, len(raw)) if raw[k] in b'{}[],:"']
        if draw_(st.booleans()) and punctuation:
            at = punctuation[at % len(punctuation)]
        raw = raw[:start] + _mutate(raw[start:], how, at - start, by)
    return raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_subjects(), st.integers(1, 3000),
       st.sampled_from([ReadLimits(max_entry_bytes=2048, max_head_bytes=8192),
                        ReadLimits(max_entry_bytes=170, max_head_bytes=8192),
                        ReadLimits(max_entry_bytes=2048, max_head_bytes=8192, max_id_bytes=4),
                        ReadLimits(max_entry_bytes=2048, max_head_bytes=8192, max_subjects=5, max_integer=9)]))
def test_the_bulk_read_gives_what_the_careful_one_gives(raw: bytes, block: int, limits: ReadLimits) -> None:
    """Blocks of any size read in bulk give the same columns, hash and refusals (offset, field, words) as every
    subject read one at a time, on manifests whole and damaged within their subjects."""
    with unittest.mock.patch.object(published_subjects, "_BLOCK", block):
        bulk = _outcome(raw, limits)
    with unittest.mock.patch.object(published_subjects.SubjectScan, "_bulk", return_value=False):
        careful = _outcome(raw, limits)
    assert bulk == careful


def test_the_bulk_read_takes_the_blocks_of_a_canonical_manifest_and_leaves_a_damaged_one() -> None:
    """The bulk read is the one used for blocks without escapes; a block it refuses is read again alone."""
    subjects = tuple(SubjectEntry(f"91{k:016d}", f"41{k % 7:04d}", "工贸", None, "企业", None, None, True, False, k % 3)
                     for k in range(500))
    people = (InspectorEntry("p01", "yjj", (), (), "", True, "2020-01-01", None),)
    manifest = Manifest("P", "a word", r"[0-9]+", WINDOW, subjects, people, (), DrawRules(Sample(count=1), TeamSpec(1)))
    raw = manifest.canonical()
    calls: list[bool] = []
    real = published_subjects.SubjectScan._bulk

    def counted(scan: published_subjects.SubjectScan, buf: bytes, pos: int, end: int) -> bool:
        calls.append(real(scan, buf, pos, end))
        return calls[-1]

    with unittest.mock.patch.object(published_subjects, "_BLOCK", 4000), \
            unittest.mock.patch.object(published_subjects.SubjectScan, "_bulk", counted):
        assert read_published_manifest(io.BytesIO(raw)).subjects == manifest.subjects
        assert len(calls) > 5 and all(calls)
        calls.clear()
        damaged = raw.replace(b'"history":2,"id":"910000000000000050"', b'"history":02,"id":"910000000000000050"')
        assert damaged != raw
        with pytest.raises(DataError) as refused:
            read_published_manifest(io.BytesIO(damaged))
        assert False in calls
    assert "$.subjects[50]" in str(refused.value.issues[0])


def test_a_long_text_early_does_not_keep_the_later_blocks_from_the_bulk_read() -> None:
    """The subject-size check of a block is on its own runs: the longest runs seen before (a long 行业 and a long
    监管领域, on two subjects) make the blocks that hold them be read one subject at a time, not every later one."""
    long_domain, long_industry = "工贸" * 30, "制造" * 30
    subjects = tuple(SubjectEntry(f"91{k:016d}", "410102", long_domain if k == 1 else "工贸", None, "企业",
                                  long_industry if k == 2 else None, None, True, False, k % 3) for k in range(300))
    people = (InspectorEntry("p01", "yjj", (), (), "", True, "2020-01-01", None),)
    manifest = Manifest("P", "a word", r"[0-9]+", WINDOW, subjects, people, (), DrawRules(Sample(count=1), TeamSpec(1)))
    raw = manifest.canonical()
    sizes = [len(item) for item in manifest.subjects.canonical_items()]
    limits = ReadLimits(max_entry_bytes=max(sizes) + 20, max_head_bytes=8192)
    assert max(sizes) + len(long_industry.encode()) - len(b"null") + 2 > limits.max_entry_bytes  # both: too long
    calls: list[bool] = []
    real = published_subjects.SubjectScan._bulk

    def counted(scan: published_subjects.SubjectScan, buf: bytes, pos: int, end: int) -> bool:
        calls.append(real(scan, buf, pos, end))
        return calls[-1]

    with unittest.mock.patch.object(published_subjects, "_BLOCK", 2000), \
            unittest.mock.patch.object(published_subjects.SubjectScan, "_bulk", counted):
        assert read_published_manifest(io.BytesIO(raw), limits).subjects == manifest.subjects
    assert calls[0] is False and len(calls) > 5 and all(calls[-5:])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_subjects(), st.integers(1, 3000), st.sampled_from([0, 1, 2, 5]),
       st.sampled_from([ReadLimits(max_entry_bytes=2048, max_head_bytes=8192),
                        ReadLimits(max_entry_bytes=170, max_head_bytes=8192),
                        ReadLimits(max_entry_bytes=2048, max_head_bytes=8192, max_id_bytes=4),
                        ReadLimits(max_entry_bytes=2048, max_head_bytes=8192, max_subjects=5, max_integer=9)]))
def test_the_read_by_stretches_between_ids_gives_what_the_read_by_runs_and_the_careful_one_give(
        raw: bytes, block: int, pairs: int, limits: ReadLimits) -> None:
    """Blocks read by the stretches between their ids — with room for few of them, so that the read goes over to
    the runs part of the way — give the same columns, hash and refusals as blocks read by their runs only and as
    every subject read one at a time, on manifests whole and damaged within their subjects."""
    with unittest.mock.patch.object(published_subjects, "_BLOCK", block), \
            unittest.mock.patch.object(published_subjects, "_PAIRS", pairs):
        by_pairs = _outcome(raw, limits)
    with unittest.mock.patch.object(published_subjects, "_BLOCK", block), \
            unittest.mock.patch.object(published_subjects.SubjectScan, "_pairs_bulk", return_value=None):
        by_runs = _outcome(raw, limits)
    with unittest.mock.patch.object(published_subjects.SubjectScan, "_bulk", return_value=False):
        careful = _outcome(raw, limits)
    assert by_pairs == by_runs == careful


@settings(max_examples=100, deadline=None)
@given(st.integers(3, 80), st.integers(1, 3000), st.sets(st.sampled_from(("area", "sector", "exempt", "history"))))
def test_a_field_of_one_value_is_repeated_not_gathered_with_the_same_columns(
        count: int, block: int, varying: set[str]) -> None:
    """Where every stretch between ids holds the one code of a field, the blocks' column of it is that code
    repeated: the same columns, hash and refusals as gathered by the stretches' codes and as read one at a time."""
    subjects = tuple(SubjectEntry(f"91{k:016d}", f"41{k % 3 if 'area' in varying else 0:04d}", "工贸",
                                  ("x" if k % 2 else None) if "sector" in varying else None, "企业", None, "A",
                                  True, "exempt" in varying and k % 2 == 1, k % 4 if "history" in varying else 7)
                     for k in range(count))
    people = (InspectorEntry("p01", "yjj", (), (), "", True, "2020-01-01", None),)
    raw = Manifest("P", "a word", r"[0-9]+", WINDOW, subjects, people, (),
                   DrawRules(Sample(count=1), TeamSpec(1))).canonical()
    repeated: list[str] = []
    real = published_subjects.SubjectScan._stretches

    def spied(scan: published_subjects.SubjectScan, name: str, *args: Any) -> None:
        per_stretch, same, count = args[0], args[1], args[3]
        if same != published_subjects._VARIES and count:
            assert set(per_stretch) == {same}  # repeated only where every stretch read so far holds that code
            repeated.append(name)
        real(scan, name, *args)

    def gathered(scan: published_subjects.SubjectScan, name: str, per_stretch: list[int], *args: Any) -> None:
        scan._column(name).extend(args[1](per_stretch))

    limits = ReadLimits(max_entry_bytes=2048, max_head_bytes=8192)
    with unittest.mock.patch.object(published_subjects, "_BLOCK", block), \
            unittest.mock.patch.object(published_subjects.SubjectScan, "_stretches", spied):
        by_repeat = _outcome(raw, limits)
    with unittest.mock.patch.object(published_subjects, "_BLOCK", block), \
            unittest.mock.patch.object(published_subjects.SubjectScan, "_stretches", gathered):
        by_gather = _outcome(raw, limits)
    with unittest.mock.patch.object(published_subjects.SubjectScan, "_bulk", return_value=False):
        careful = _outcome(raw, limits)
    assert by_repeat == by_gather == careful
    assert by_repeat[0] == "read"
    if block >= 3000:  # a block holds several subjects: the fields of one value everywhere are repeated
        assert {"domain", "in_existence", "credit_risk"} <= set(repeated)


def test_the_blocks_are_read_by_the_stretches_between_ids_until_these_are_too_many() -> None:
    """A canonical manifest's blocks are read by the stretches between their ids while at most _PAIRS distinct
    ones are met; after that, by their runs, with the same columns."""
    subjects = tuple(SubjectEntry(f"91{k:016d}", f"41{k % 7:04d}", "工贸", None, "企业", None, None, True, False, k % 3)
                     for k in range(600))
    people = (InspectorEntry("p01", "yjj", (), (), "", True, "2020-01-01", None),)
    manifest = Manifest("P", "a word", r"[0-9]+", WINDOW, subjects, people, (), DrawRules(Sample(count=1), TeamSpec(1)))
    raw = manifest.canonical()
    calls: list[bool | None] = []
    real = published_subjects.SubjectScan._pairs_bulk

    def counted(scan: published_subjects.SubjectScan, block: bytes) -> bool | None:
        calls.append(real(scan, block))
        return calls[-1]

    with unittest.mock.patch.object(published_subjects, "_BLOCK", 4000), \
            unittest.mock.patch.object(published_subjects.SubjectScan, "_pairs_bulk", counted):
        assert read_published_manifest(io.BytesIO(raw)).subjects == manifest.subjects
        assert len(calls) > 5 and all(calls)
        calls.clear()
        with unittest.mock.patch.object(published_subjects, "_PAIRS", 15), \
                unittest.mock.patch.object(published_subjects, "_BLOCK", 2000):  # 21 distinct stretches (7 × 3)
            assert read_published_manifest(io.BytesIO(raw)).subjects == manifest.subjects
        assert calls[0] is True and None in calls and calls[-1] is None and calls.count(None) == 1
