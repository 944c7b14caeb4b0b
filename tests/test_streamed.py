"""The streamed draw (docs/scale.md): the same result as the in-memory draw, byte for byte, from rows streamed in
blocks or read from snapshot files (sorted or not); bad rows and duplicate ids refused with file, row and field;
memory bounded by the sample."""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.cli import main
from random_inspection.errors import DataError, InvalidInputError, RandomInspectionError, RowsOutOfOrder
from random_inspection.io.snapshot import draw_snapshot, load_head, read_blocks, snapshot_hash, sort_snapshot
from random_inspection.sampling import (
    DrawRules,
    InspectorEntry,
    ItemEntry,
    Manifest,
    Recusal,
    Sample,
    SubjectEntry,
    TeamSpec,
    canonical_json,
    draw,
    recuse,
    verify,
)
from random_inspection.sampling import streamed as streamed_module
from random_inspection.sampling.streamed import RowBlock, draw_streamed, streamed_hash, subject_blocks

CASES = json.loads((Path(__file__).resolve().parents[1] / "docs" / "spec" / "draw-v1-cases-vectors.json")
                   .read_text(encoding="utf-8"))
VECTORS = json.loads((Path(__file__).resolve().parents[1] / "docs" / "spec" / "draw-v1-vectors.json").read_text())
WINDOW = (dt.date(2026, 3, 2), dt.date(2026, 3, 31))
AREAS = ("411002", "411003", "411023")
DOMAINS = ("工贸", "危险化学品", "烟花爆竹")


def roster(n: int, salt: int = 0) -> tuple[SubjectEntry, ...]:
    """n subjects in id order, with every field varied (null sectors, industries and classes among them)."""
    return tuple(
        SubjectEntry(f"91{(i * 7919 + salt) % 10**8:08d}{i:08d}", AREAS[(i + salt) % 3], DOMAINS[i % 3],
                     (None, "冶金", "有色")[i % 3], ("企业", "个体工商户")[i % 2], (None, "制造业")[i % 2],
                     (None, "A", "B", "C", "D")[i % 5], i % 13 != 0, i % 17 == 0, i % 4)
        for i in range(n)
    )


def inspectors(n: int = 24) -> tuple[InspectorEntry, ...]:
    return tuple(InspectorEntry(f"P{i:03d}", ("yjj", "scj")[i % 2], ("危化",) if i % 3 == 0 else (), (),
                                unit="执法大队") for i in range(n))


CHECKLIST = (ItemEntry("A01", "yjj", ()), ItemEntry("A02", "yjj", ("工贸",)), ItemEntry("B01", "scj", ()),
             ItemEntry("B02", "scj", ("危险化学品", "烟花爆竹")))

RULES = {
    "count, one stratum field": DrawRules(Sample(count=40), TeamSpec(2), strata=("area",)),
    "ratio, two strata fields, reserve": DrawRules(Sample(ratio=(1, 9)), TeamSpec(2, [("危化", 1)]),
                                                   strata=("area", "domain"), reserve=3, items=2),
    "conditions and caps": DrawRules(Sample(ratio=(1, 5)), TeamSpec(1), strata=("domain", "sector"),
                                     conditions={"subject_type": ["企业"], "credit_risk": ["A", "B", "C"]},
                                     yearly_cap=2, class_caps={"C": 1}, reserve=1),
    "ratio_by": DrawRules(Sample(ratio_by="area", ratios={"411002": (1, 4), "411003": (1, 10)}), TeamSpec(2),
                          strata=("area", "industry"), reserve=2, team_by_domain={"危险化学品": TeamSpec(3)}),
    "joint plan, no strata": DrawRules(Sample(count=25), TeamSpec(1), departments=("yjj", "scj"), items=1),
}


def manifest(subjects: tuple[SubjectEntry, ...], rules: DrawRules, hash_algorithm: str = "sha256") -> Manifest:
    return Manifest("SC-2026-01", "骰子三枚", "[1-6]{3}", WINDOW, subjects, inspectors(), CHECKLIST, rules,
                    hash_algorithm=hash_algorithm)


def head_of(m: Manifest) -> Manifest:
    return attrs.evolve(m, subjects=())


def streamed(m: Manifest, public_input: str = "316", rows_per_block: int = 97) -> dict[str, object]:
    return draw_streamed(head_of(m), lambda: subject_blocks(m.subjects, rows_per_block=rows_per_block),
                         public_input).to_json()


@pytest.mark.parametrize("hash_algorithm", ["sha256", "sm3"])
@pytest.mark.parametrize("name", list(RULES))
def test_the_streamed_draw_is_the_in_memory_draw(name: str, hash_algorithm: str) -> None:
    m = manifest(roster(1500), RULES[name], hash_algorithm)
    expected = draw(m, "316").to_json()
    got = streamed(m)
    assert got == expected
    assert got["manifest_hash"] == m.hash and got["subjects"] and verify(m, got) is None
    if name.startswith("ratio"):
        assert got["reserve"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_streamed_draw_reproduces_the_published_vectors(vector: dict[str, object]) -> None:
    m = Manifest.from_json(vector["manifest"])  # type: ignore[arg-type]
    got = draw_streamed(head_of(m), lambda: subject_blocks(m.subjects, rows_per_block=2), str(vector["public_input"]))
    requests = [Recusal(r["subject"], r["inspector"], r["method"], r["reason"])
                for r in vector["result"]["recusals"]]  # type: ignore[index]
    assert recuse(m, got, requests).to_json() == vector["result"]  # recusals are made after the draw, on its teams


@pytest.mark.parametrize("case", CASES["draws"], ids=[c["name"] for c in CASES["draws"]])
def test_the_streamed_draw_reproduces_the_published_cases(case: dict[str, Any]) -> None:
    m = Manifest.from_json(case["manifest"])
    got = draw_streamed(head_of(m), lambda: subject_blocks(m.subjects, rows_per_block=3), case["public_input"])
    requests = [Recusal(r["subject"], r["inspector"], r["method"], r["reason"]) for r in case["result"]["recusals"]]
    assert got.manifest_hash == case["manifest_hash"]
    assert recuse(m, got, requests).to_json() == case["result"]


def counted(m: Manifest, public_input: str = "316") -> tuple[dict[str, object], int]:
    """The streamed draw of ``m`` and the number of passes it made over the rows."""
    opened: list[int] = []

    def blocks() -> Iterator[RowBlock]:
        opened.append(1)
        return subject_blocks(m.subjects, rows_per_block=50)

    return draw_streamed(head_of(m), blocks, public_input).to_json(), len(opened)


@pytest.mark.parametrize("name", list(RULES))
def test_a_cut_off_that_keeps_too_few_costs_a_third_pass_never_the_result(name: str,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    m = manifest(roster(1500), RULES[name])
    expected = draw(m, "316").to_json()
    assert counted(m) == (expected, 2)
    monkeypatch.setattr(streamed_module, "_cutoff", lambda need, eligible: b"\x00\x08" if need else b"")
    assert counted(m) == (expected, 3)  # every stratum short: each is read again with no bound


@settings(max_examples=30, deadline=None)
@given(bounds=st.lists(st.binary(min_size=0, max_size=3), min_size=1, max_size=8),
       rules=st.sampled_from(list(RULES.values())))
def test_property_any_cut_off_gives_the_same_draw(bounds: list[bytes], rules: DrawRules) -> None:
    m = manifest(roster(400, 7), rules)
    expected = draw(m, "254").to_json()
    picks = iter(bounds * 1000)
    real = streamed_module._cutoff
    streamed_module._cutoff = lambda need, eligible: next(picks) if need else b""  # type: ignore[assignment]
    try:
        got, passes = counted(m, "254")
    finally:
        streamed_module._cutoff = real
    assert got == expected and passes in (2, 3)


def test_a_block_of_canonical_and_other_rows_is_read_right_in_both_passes(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    m = manifest(roster(600), RULES["ratio, two strata fields, reserve"])
    lines = [canonical_json(s.to_json()) if k % 7 else json.dumps(s.to_json()).encode()
             for k, s in enumerate(m.subjects)]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    expected = draw(m, "316").to_json()
    assert draw_snapshot(head_of(m), [path], "316", block_bytes=1 << 20).to_json() == expected
    monkeypatch.setattr(streamed_module, "_cutoff", lambda need, eligible: b"\xff" * 33 if need else b"")
    assert draw_snapshot(head_of(m), [path], "316", block_bytes=1 << 20).to_json() == expected


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 120), salt=st.integers(0, 10**6), block=st.integers(1, 50),
       rules=st.sampled_from(list(RULES.values())), public_input=st.sampled_from(["111", "254", "666"]))
def test_property_streamed_and_in_memory_draws_agree(n: int, salt: int, block: int, rules: DrawRules,
                                                     public_input: str) -> None:
    subjects = tuple(sorted(roster(n, salt), key=lambda s: s.id.encode("utf-8")))
    if rules.sample.count is not None:
        rules = attrs.evolve(rules, sample=Sample(count=min(rules.sample.count, max(1, n // 20))))
    m = manifest(subjects, rules)
    try:
        expected: dict[str, object] | type[Exception] = draw(m, public_input).to_json()
    except Exception as exc:  # an infeasible plan: the streamed draw refuses it the same way
        expected = type(exc)
    if isinstance(expected, dict):
        assert streamed(m, public_input, block) == expected
    else:
        with pytest.raises(expected):
            streamed(m, public_input, block)


def write_rows(path: Path, subjects: tuple[SubjectEntry, ...] | list[SubjectEntry]) -> Path:
    path.write_bytes(b"".join(canonical_json(s.to_json()) + b"\n" for s in subjects))
    return path


def test_snapshot_files_in_order_are_drawn_in_two_passes(tmp_path: Path) -> None:
    m = manifest(roster(900), RULES["ratio, two strata fields, reserve"])
    paths = [write_rows(tmp_path / f"part{k}.jsonl", m.subjects[k * 300:(k + 1) * 300]) for k in range(3)]
    opened: list[Path] = []
    import random_inspection.io.snapshot as snapshot

    real = snapshot.read_blocks

    def counting(path: str | Path, block_bytes: int = snapshot.BLOCK_BYTES) -> Iterator[RowBlock]:
        opened.append(Path(path))
        return real(path, block_bytes)

    snapshot.read_blocks = counting  # type: ignore[assignment]
    try:
        result = draw_snapshot(head_of(m), paths, "316", block_bytes=1000)
    finally:
        snapshot.read_blocks = real
    assert result.to_json() == draw(m, "316").to_json()
    assert opened == paths + paths  # two passes, no sort
    assert snapshot_hash(head_of(m), paths) == m.hash


def test_files_out_of_order_are_sorted_first_in_runs(tmp_path: Path) -> None:
    m = manifest(roster(700), RULES["conditions and caps"])
    shuffled = sorted(m.subjects, key=lambda s: s.id[::-1])
    paths = [write_rows(tmp_path / "a.jsonl", shuffled[:400]), write_rows(tmp_path / "b.jsonl", shuffled[400:])]
    with pytest.raises(RowsOutOfOrder, match=r"a\.jsonl, row \d+: subject \d+ comes after \d+ \(.*a\.jsonl, row \d+\)"):
        streamed_hash(head_of(m), read_blocks(paths[0]))
    temp = tmp_path / "sort"
    temp.mkdir()
    assert draw_snapshot(head_of(m), paths, "316", temp_dir=temp, run_rows=37).to_json() == draw(m, "316").to_json()
    assert list(temp.iterdir()) == []  # the sorted copy and its runs are gone
    merged = sort_snapshot(paths, temp, run_rows=50)
    assert merged.read_bytes() == b"".join(canonical_json(s.to_json()) + b"\n" for s in m.subjects)


def test_a_duplicate_id_is_refused_naming_both_rows(tmp_path: Path) -> None:
    subjects = roster(30)
    m = manifest(subjects, RULES["count, one stratum field"])
    twice = write_rows(tmp_path / "b.jsonl", [subjects[5], *subjects[20:]])
    first = write_rows(tmp_path / "a.jsonl", subjects[:20])
    with pytest.raises(DataError) as sorted_error:
        snapshot_hash(head_of(m), [first, twice])
    assert f"subject {subjects[5].id} appears twice" in str(sorted_error.value)
    assert f"{twice}, row 1: the same id as {first}, row 6" in str(sorted_error.value)
    unsorted = write_rows(tmp_path / "c.jsonl", [subjects[9], *subjects[:9]])
    with pytest.raises(DataError) as merged_error:
        draw_snapshot(head_of(m), [unsorted, first], "316", temp_dir=tmp_path, run_rows=4)
    message = str(merged_error.value)
    assert f"subject {subjects[0].id} appears twice" in message or f"subject {subjects[1].id}" in message
    assert "c.jsonl, row" in message and "a.jsonl, row" in message


GOOD = json.loads(canonical_json(roster(1)[0].to_json()))


@pytest.mark.parametrize(("line", "words"), [
    (b"", "row 2: the row is empty"),
    (b'{"id": "9100000000", "area": ', "row 2, column 30: the row is not JSON (Expecting value)"),
    (b"[1, 2]", "row 2: the row is not a JSON object"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "domain"}).encode(), "row 2: the field domain is missing"),
    (json.dumps({**GOOD, "name": "甲"}).encode(), "row 2: name is not a field of a subject"),
    (json.dumps({**GOOD, "history": 1.0}).encode(), "row 2, field history: 1.0 is not a whole number ≥ 0"),
    (json.dumps({**GOOD, "history": -1}).encode(), "row 2, field history: -1 is not a whole number ≥ 0"),
    (json.dumps({**GOOD, "exempt": "否"}).encode(), "row 2, field exempt: '否' is not true or false"),
    (json.dumps({**GOOD, "sector": 3}).encode(), "row 2, field sector: 3 is neither text nor null"),
    (json.dumps({**GOOD, "id": ""}).encode(), "row 2, field id: '' is not a non-empty text"),
    (b'{"id":"1","id":"2"}', "row 2: the field id is given twice"),
    (canonical_json(GOOD).replace(b"\xe4\xbc\x81", b"\xe4\xbc"), "row 2, column"),
    (b"x" + canonical_json(GOOD), "row 2, column 1: the row is not JSON"),  # not a row found inside a line
])
def test_a_bad_row_is_refused_naming_file_row_and_field(tmp_path: Path, line: bytes, words: str) -> None:
    first = roster(1)[0]
    m = manifest((), RULES["count, one stratum field"])
    path = tmp_path / "subjects.jsonl"
    path.write_bytes(canonical_json(attrs.evolve(first, id="00").to_json()) + b"\n" + line + b"\n")
    with pytest.raises(DataError) as error:
        snapshot_hash(m, [path])
    assert f"{path}, {words}" in str(error.value)
    assert "docs/spec/draw-v1.md §3" in error.value.fix


def test_rows_not_in_canonical_form_are_read_as_their_canonical_form(tmp_path: Path) -> None:
    m = manifest(roster(200), RULES["ratio, two strata fields, reserve"])
    lines = [json.dumps(s.to_json(), ensure_ascii=k % 2 == 0, indent=None) for k, s in enumerate(m.subjects)]
    lines[7] = lines[7].replace("工贸", "工\\u8d38")  # an escape where none is due
    path = tmp_path / "spaced.jsonl"
    path.write_text("\r\n".join(lines), encoding="utf-8")  # Windows line ends, no last line end
    assert draw_snapshot(head_of(m), [path], "316", block_bytes=4096).to_json() == draw(m, "316").to_json()


def test_an_id_with_characters_json_escapes_sorts_by_its_bytes() -> None:
    subjects = tuple(sorted((attrs.evolve(s, id=f'9"{s.id}\\') for s in roster(60)),
                            key=lambda s: s.id.encode("utf-8")))
    m = manifest(subjects, RULES["count, one stratum field"])
    assert streamed(m) == draw(m, "316").to_json()


def test_a_head_with_subjects_or_a_roster_changed_between_passes_is_refused() -> None:
    m = manifest(roster(300), RULES["count, one stratum field"])
    with pytest.raises(InvalidInputError, match="lists subjects"):
        draw_streamed(m, lambda: subject_blocks(m.subjects), "316")
    calls: list[int] = []

    def shrinking() -> Iterator[RowBlock]:
        calls.append(1)
        return subject_blocks(m.subjects[: 300 - 100 * (len(calls) - 1)])

    with pytest.raises(DataError, match="changed between the two passes"):
        draw_streamed(head_of(m), shrinking, "316")
    with pytest.raises(InvalidInputError, match="not written in the form"):
        draw_streamed(head_of(m), lambda: subject_blocks(m.subjects), "3166")


@pytest.mark.parametrize("wide", [False, True], ids=["cut-offs from E_h", "no cut-off: lists cut back as they grow"])
def test_memory_is_bounded_by_the_sample_not_the_roster(wide: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if wide:
        monkeypatch.setattr(streamed_module, "_cutoff", lambda need, eligible: b"\xff" * 33 if need else b"")
    n, per_block = 200_000, 5000
    rules = DrawRules(Sample(ratio=(1, 1000)), TeamSpec(1), strata=("area",), reserve=1)
    head = manifest((), rules)
    row = ('{"area":"%s","credit_risk":null,"domain":"工贸","exempt":false,"history":0,"id":"91%016d",'
           '"in_existence":true,"industry":null,"sector":null,"subject_type":"企业"}\n')

    def generated() -> Iterator[RowBlock]:  # rows made as they are read, never held
        for start in range(0, n, per_block):
            data = "".join(row % (AREAS[i % 3], i) for i in range(start, start + per_block)).encode()
            yield RowBlock("generated", start + 1, per_block, data)

    gc.collect()
    tracemalloc.start()
    try:
        result = draw_streamed(head, generated, "316", checkers=0)  # all of it in this process, measured
        _, streamed_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    held = [SubjectEntry(**json.loads(b.data.splitlines()[0])) for b in generated()]
    per_subject = sum(sys.getsizeof(getattr(held[0], f)) for f in attrs.fields_dict(SubjectEntry)) \
        + sys.getsizeof(held[0])
    holding = n * per_subject  # what holding the roster as entries takes, at the least
    assert len(result.subjects) == 200 and sum(e.eligible for e in result.strata) == n
    assert holding > 40_000_000
    assert streamed_peak < holding / 8, (streamed_peak, holding)


def test_the_command_hashes_then_draws_the_files(tmp_path: Path) -> None:
    from click.testing import CliRunner

    m = manifest(roster(400), RULES["ratio_by"])
    head_path = tmp_path / "head.json"
    head_path.write_bytes(head_of(m).canonical())
    shuffled = sorted(m.subjects, key=lambda s: s.id[::-1])
    paths = [str(write_rows(tmp_path / "a.jsonl", shuffled[:150])),
             str(write_rows(tmp_path / "b.jsonl", shuffled[150:]))]
    runner = CliRunner()
    hashed = runner.invoke(main, ["draw-streamed", str(head_path), *paths, "--temp-dir", str(tmp_path),
                                  "--format", "json"])
    assert hashed.exit_code == 0, hashed.output
    assert json.loads(hashed.output) == {"plan_id": m.plan_id, "manifest_hash": m.hash}
    out = tmp_path / "result.json"
    drawn = runner.invoke(main, ["draw-streamed", str(head_path), *paths, "--public-input", "316", "--out", str(out)])
    assert drawn.exit_code == 0, drawn.output
    assert f"manifest hash {m.hash}" in drawn.output
    published = json.loads(out.read_text(encoding="utf-8"))
    assert published == draw(m, "316").to_json() and verify(m, published) is None
    bad = runner.invoke(main, ["draw-streamed", str(head_path), *paths, "--public-input", "9"])
    assert bad.exit_code == 2 and "not written in the form" in bad.output
    assert load_head(head_path).hash == head_of(m).hash
    (tmp_path / "full.json").write_bytes(m.canonical())
    with pytest.raises(InvalidInputError, match="empty subjects list"):
        load_head(tmp_path / "full.json")


@pytest.mark.parametrize("checkers", ["0", "1"])
def test_the_command_refuses_ids_that_are_utf8_only_when_joined(tmp_path: Path, checkers: str) -> None:
    """A roster file whose last two ids are each not UTF-8, but make UTF-8 text together ("z中Z"): the command
    once hashed them and, when they were drawn, ended with an internal error (exit 3). It refuses the file now,
    naming the row, with exit 2."""
    from click.testing import CliRunner

    m = manifest(roster(3), DrawRules(Sample(count=4), TeamSpec(1)))
    head_path = tmp_path / "head.json"
    head_path.write_bytes(head_of(m).canonical())
    lines = [canonical_json(s.to_json()) for s in m.subjects]
    last = lines[-1]
    spelled = b'"id":"' + m.subjects[-1].id.encode() + b'"'
    planted = [last.replace(spelled, b'"id":"z\xe4"'), last.replace(spelled, b'"id":"\xb8\xadZ"')]
    rows = tmp_path / "rows.jsonl"
    rows.write_bytes(b"\n".join(lines + planted) + b"\n")
    for args in (["--format", "json"], ["--public-input", "316"]):
        got = CliRunner().invoke(main, ["draw-streamed", str(head_path), str(rows), "--temp-dir", str(tmp_path),
                                        "--checkers", checkers, *args])
        assert got.exit_code == 2, got.output
        assert "row 4" in got.output and "UTF-8" in got.output and "internal error" not in got.output


def census_or_error(head: Manifest, blocks: list[RowBlock], checkers: int) -> object:
    """Pass 1's census, or the type and words of the error it raises."""
    try:
        return streamed_module._first_pass(head, iter(blocks), checkers)
    except (DataError, RowsOutOfOrder) as exc:
        return type(exc), str(exc)


def edited(lines: list[bytes], edits: list[tuple[int, str]]) -> list[bytes]:
    """``lines`` (canonical rows) with each edit made at its row: ``spaced`` (valid, not canonical: read the slow
    way, hashed in its canonical form), ``twice`` (the row before, again), ``swap`` (with the row before), ``bad``
    (a negative history), ``moved`` (an area pass 1 did not count), ``dropped``."""
    lines = list(lines)
    for at, edit in edits:
        if at >= len(lines):
            continue
        if edit == "spaced":
            lines[at] = json.dumps(json.loads(lines[at]), ensure_ascii=False, indent=None).encode()
        elif edit == "twice" and at > 0:
            lines[at] = lines[at - 1]
        elif edit == "swap" and at > 0:
            lines[at - 1], lines[at] = lines[at], lines[at - 1]
        elif edit == "bad":
            lines[at] = lines[at].replace(b'"history":', b'"history":-')
        elif edit == "moved":
            lines[at] = lines[at].replace(b'"area":"', b'"area":"9')
        elif edit == "dropped" and len(lines) > 1:
            del lines[at]
    return lines


@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, 120), per_block=st.integers(1, 40), checkers=st.integers(1, 3),
       edits=st.lists(st.tuples(st.integers(0, 119), st.sampled_from(["spaced", "twice", "swap", "bad"])),
                      max_size=2))
def test_property_rows_checked_in_other_processes_give_the_same_census_and_errors(
        n: int, per_block: int, checkers: int, edits: list[tuple[int, str]]) -> None:
    m = manifest(roster(n), RULES["conditions and caps"])
    lines = edited([canonical_json(s.to_json()) for s in m.subjects], edits)
    parts = [lines[k:k + per_block] for k in range(0, len(lines), per_block)]
    blocks = [RowBlock("f.jsonl", k * per_block + 1, len(part), b"".join(x + b"\n" for x in part))
              for k, part in enumerate(parts)]
    alone = census_or_error(head_of(m), blocks, 0)
    assert census_or_error(head_of(m), blocks, checkers) == alone
    if not edits:
        assert isinstance(alone, streamed_module._Census) and alone.hash == m.hash


def test_a_checker_process_that_fails_is_reported_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    m = manifest(roster(300), RULES["count, one stratum field"])

    def broken(block: RowBlock, *between: object) -> None:
        raise MemoryError("no room for the block")

    monkeypatch.setattr(streamed_module, "_fast", broken)  # the forked checker inherits it
    with pytest.raises(RandomInspectionError, match=r"checking the rows.*MemoryError: no room for the block") as error:
        draw_streamed(head_of(m), lambda: subject_blocks(m.subjects, rows_per_block=50), "316", checkers=2)
    assert "checkers=0" in error.value.fix
    monkeypatch.undo()
    assert draw_streamed(head_of(m), lambda: subject_blocks(m.subjects, rows_per_block=50), "316", checkers=0) \
        .to_json() == draw(m, "316").to_json()
