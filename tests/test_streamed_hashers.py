"""Pass 2 of the streamed draw with its ids hashed in other processes (``checkers`` > 0): the same draw and the
same refusals as in one process, whatever the rows read in the second pass."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import DataError, InfeasibleDrawError, RandomInspectionError, RowsOutOfOrder
from random_inspection.sampling import Manifest, canonical_json, draw
from random_inspection.sampling import streamed as streamed_module
from random_inspection.sampling.streamed import RowBlock, draw_streamed, subject_blocks
from tests.test_streamed import RULES, edited, head_of, manifest, roster


def blocks_of(lines: list[bytes], per_block: int) -> list[RowBlock]:
    parts = [lines[k:k + per_block] for k in range(0, len(lines), per_block)]
    return [RowBlock("f.jsonl", k * per_block + 1, len(part), b"".join(x + b"\n" for x in part))
            for k, part in enumerate(parts)]


def draw_or_error(head: Manifest, first: list[RowBlock], second: list[RowBlock], checkers: int) -> object:
    """The streamed draw with ``first`` read in pass 1 and ``second`` after it, or the type and words of the
    error it raises."""
    calls: list[int] = []

    def opened() -> list[RowBlock]:
        calls.append(1)
        return first if len(calls) == 1 else second

    try:
        return draw_streamed(head, opened, "316", checkers=checkers).to_json()
    except (DataError, RowsOutOfOrder, InfeasibleDrawError) as exc:
        return type(exc), str(exc), [str(i) for i in exc.issues] \
            if isinstance(exc, DataError) else exc.where


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 160), per_block=st.integers(1, 40), checkers=st.integers(1, 3),
       rules=st.sampled_from(["ratio, two strata fields, reserve", "conditions and caps", "count, one stratum field"]),
       edits=st.lists(st.tuples(st.integers(0, 159), st.sampled_from(["spaced", "twice", "swap", "bad", "moved",
                                                                       "dropped"])), max_size=2))
def test_property_ids_hashed_in_other_processes_give_the_same_draw_and_errors(
        n: int, per_block: int, checkers: int, rules: str, edits: list[tuple[int, str]]) -> None:
    m = manifest(roster(n), RULES[rules])
    lines = [canonical_json(s.to_json()) for s in m.subjects]
    changed = edited(lines, edits)
    first, second = blocks_of(lines, per_block), blocks_of(changed, per_block)
    alone = draw_or_error(head_of(m), first, second, 0)
    assert draw_or_error(head_of(m), first, second, checkers) == alone
    if changed == lines:
        try:
            expected: object = draw(m, "316").to_json()
        except InfeasibleDrawError as exc:
            expected = type(exc), str(exc), exc.where
        assert alone == expected
    else:  # rows changed between the passes: refused, whatever changed (a spaced row too)
        assert isinstance(alone, tuple) and alone[0] in (DataError, RowsOutOfOrder, InfeasibleDrawError), alone
    if all(edit == "spaced" for _, edit in edits):  # rows not in canonical form in both passes: drawn as meant
        spaced = blocks_of(changed, per_block)
        try:
            meant: object = draw(m, "316").to_json()
        except InfeasibleDrawError as exc:
            meant = type(exc), str(exc), exc.where
        assert draw_or_error(head_of(m), spaced, spaced, checkers) == meant


def test_the_draw_with_hashing_processes_is_the_in_memory_draw() -> None:
    m = manifest(roster(3000), RULES["ratio_by"])
    got = draw_streamed(head_of(m), lambda: subject_blocks(m.subjects, rows_per_block=60), "316", checkers=1)
    assert got.to_json() == draw(m, "316").to_json() and got.subjects


def test_a_hashing_process_that_fails_is_reported_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    m = manifest(roster(300), RULES["count, one stratum field"])

    def broken_hasher(conn: Any, *args: object) -> None:
        def broken(*args: object) -> None:
            raise MemoryError("no room for the tickets")

        monkeypatch.setattr(streamed_module, "_under", broken)  # in the hashing process only
        real_hasher(conn, *args)

    real_hasher = streamed_module._hasher

    monkeypatch.setattr(streamed_module, "_hasher", broken_hasher)  # the forked process runs it
    with pytest.raises(RandomInspectionError, match=r"MemoryError: no room for the tickets") as error:
        draw_streamed(head_of(m), lambda: subject_blocks(m.subjects, rows_per_block=50), "316", checkers=1)
    assert "pass 2" in str(error.value.where) and "checkers=0" in error.value.fix


@pytest.mark.parametrize(("cores", "given", "expected"), [(2, None, 1), (1, None, 0), (8, "0", 0), (1, "2", 2)])
def test_the_command_works_beside_one_process_where_the_machine_has_a_core_to_spare(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int, given: str | None, expected: int) -> None:
    from click.testing import CliRunner

    from random_inspection.cli import main
    from random_inspection.cli import streamed as cli_streamed
    from random_inspection.io import snapshot

    m = manifest(roster(400), RULES["ratio_by"])
    head_path = tmp_path / "head.json"
    head_path.write_bytes(head_of(m).canonical())
    rows = tmp_path / "a.jsonl"
    rows.write_bytes(b"".join(canonical_json(s.to_json()) + b"\n" for s in m.subjects))
    seen: list[int] = []

    def recorded(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["checkers"])
        return snapshot.draw_snapshot(*args, **kwargs)

    monkeypatch.setattr(cli_streamed.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(cli_streamed, "draw_snapshot", recorded)
    out = tmp_path / "result.json"
    args = ["draw-streamed", str(head_path), str(rows), "--public-input", "316", "--out", str(out)]
    drawn = CliRunner().invoke(main, args + (["--checkers", given] if given is not None else []))
    assert drawn.exit_code == 0, drawn.output
    assert seen == [expected]
    assert json.loads(out.read_text(encoding="utf-8")) == draw(m, "316").to_json()


def _changed_between_passes(kind: str) -> tuple[Manifest, list[bytes], list[bytes]]:
    m = manifest(roster(200), RULES["count, one stratum field"])
    lines = [canonical_json(s.to_json()) for s in m.subjects]
    ids = [s.id for s in m.subjects]
    changed = list(lines)
    if kind == "a drawn id renamed, still in order":
        victim = draw(m, "316").subjects[0]
        k = ids.index(victim)
        assert k + 1 == len(ids) or victim + "X" < ids[k + 1]
        changed[k] = lines[k].replace(victim.encode(), (victim + "X").encode())
    else:  # two rows' values swapped, their ids kept
        a, b = next((i, j) for i in range(len(ids)) for j in range(i + 1, len(ids))
                    if m.subjects[i].area != m.subjects[j].area)
        changed[a] = canonical_json({**m.subjects[b].to_json(), "id": ids[a]})
        changed[b] = canonical_json({**m.subjects[a].to_json(), "id": ids[b]})
    return m, lines, changed


@pytest.mark.parametrize("checkers", [0, 1])
@pytest.mark.parametrize("kind", ["a drawn id renamed, still in order", "two rows' values swapped"])
def test_rows_changed_between_the_passes_are_refused_even_where_counts_and_order_hold(kind: str,
                                                                                     checkers: int) -> None:
    """The number of rows, their order and their combinations of values can all survive a change between the
    passes (an id renamed to one that still sorts in place, two rows' values swapped): pass 2 hashes the rows as
    pass 1 did, and the draw is refused unless it gets pass 1's manifest hash — never drawn under it."""
    m, lines, changed = _changed_between_passes(kind)
    got = draw_or_error(head_of(m), blocks_of(lines, 20), blocks_of(changed, 20), checkers)
    assert isinstance(got, tuple) and got[0] is DataError, got
    assert "changed between the two passes" in got[1] and "bytes differ" in got[2][0]
    assert draw_or_error(head_of(m), blocks_of(lines, 20), blocks_of(lines, 7), checkers) == draw(m, "316").to_json()


def _ends_at_once(conn: Any, *_: Any) -> None:
    conn.recv()
    os._exit(1)  # ends with blocks still unread in its pipe: the connection is reset, not closed


@pytest.mark.parametrize("where", ["_hasher", "_checker"])
def test_a_process_that_ends_with_blocks_unread_is_reported_in_words(where: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A hashing (pass 2) or checking (pass 1) process that ends while blocks wait in its pipe resets the
    connection: that was a bare ConnectionResetError (the command line said to check a path's permissions); it
    is the failure of that process now, named, with the fix."""
    m = manifest(roster(3000), RULES["ratio_by"])
    monkeypatch.setattr(streamed_module, where, _ends_at_once)
    with pytest.raises(RandomInspectionError, match="ended without an answer") as info:
        draw_streamed(head_of(m), lambda: subject_blocks(m.subjects, rows_per_block=10), "316", checkers=1)
    assert "checkers=0" in str(info.value.fix)
