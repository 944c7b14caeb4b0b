"""The quick check of a block of streamed rows (cut at its ids, each distinct run between two ids checked once)
against the careful one (each row matched, or read as JSON and checked field by field): on random rows, whole or
damaged, the quick check either gives what the careful one gives or leaves the block to it."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import DataError
from random_inspection.sampling import SubjectEntry, canonical_json
from random_inspection.sampling import streamed as streamed_module
from random_inspection.sampling.streamed import RowBlock

PLAIN = ['a', '1', '工', '贸', 'é', ',', ':', '{', '}', ' ', '\u2028']  # canonical JSON writes them as they are
ESCAPED = ['"', '\\', '\x00', '\n']  # and these escaped


def subjects(alphabet: list[str]) -> st.SearchStrategy[SubjectEntry]:
    text = st.text(alphabet=st.sampled_from(alphabet), max_size=4)
    return st.builds(SubjectEntry, id=text.filter(bool), area=text, domain=text, sector=st.none() | text,
                     subject_type=text, industry=st.none() | text, credit_risk=st.none() | text,
                     in_existence=st.booleans(), exempt=st.booleans(), history=st.integers(0, 12))


SUBJECTS = st.one_of(*[subjects(PLAIN)] * 9, subjects(PLAIN + ESCAPED))  # one row in ten may hold an escape
# bytes that, put in a row's place, make it another row, a row not in canonical form or no row at all
BYTES = st.sampled_from([b'"', b"\\", b"\n", b",", b"{", b"}", b" ", b"\x00", b"\xff", b"\xe5", b"0", b"-", b"a",
                         b'",', b',"id":"'])
DAMAGE = st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(["replace", "insert", "delete"]), BYTES), max_size=3)


def damaged(data: bytes, damage: list[tuple[int, str, bytes]]) -> bytes:
    for at, kind, put in damage:
        k = at % max(len(data), 1)
        if kind == "insert":
            data = data[:k] + put + data[k:]
        elif kind == "delete":
            data = data[:k] + data[k + 1:]
        else:
            data = data[:k] + put + data[k + len(put):]
    return data


def careful(block: RowBlock) -> tuple[bytes, list[bytes], Counter[tuple[bytes, bytes]]] | str:
    """The block read row by row, or the refusal's words."""
    try:
        data, rows = streamed_module._slow(block)
    except DataError as exc:
        return str(exc)
    return data, [row[1] for row in rows], Counter((row[0], row[2]) for row in rows)


def check(block: RowBlock, between: streamed_module._Between) -> bool:
    """The quick check of the block agrees with the careful one; whether it took the block itself."""
    fast = streamed_module._fast(block, between)
    expected = careful(block)
    if fast is None:
        return False
    assert not isinstance(expected, str), expected  # a block the careful check refuses is never passed
    data, ids, counts = expected
    assert data == block.data  # only rows already in canonical form pass: hashed as read
    assert fast == (ids, counts)
    return True


@settings(max_examples=300, deadline=None)
@given(subjects=st.lists(SUBJECTS, min_size=1, max_size=12), repeat=st.integers(1, 3), damage=DAMAGE,
       spare=st.lists(SUBJECTS, max_size=6))
def test_property_the_quick_check_gives_the_careful_result_or_leaves_the_block(
        subjects: list[SubjectEntry], repeat: int, damage: list[tuple[int, str, bytes]],
        spare: list[SubjectEntry]) -> None:
    lines = [canonical_json(s.to_json()) + b"\n" for s in subjects] * repeat  # runs between ids repeat
    data = damaged(b"".join(lines), damage)
    block = RowBlock("f.jsonl", 1, data.count(b"\n") or 1, data)
    between = streamed_module._Between()
    check(RowBlock("f.jsonl", 1, len(spare), b"".join(canonical_json(s.to_json()) + b"\n" for s in spare)),
          between)  # runs of another block already checked
    took = check(block, between)
    assert check(block, between) == took  # again, with its own runs already checked
    if not damage and b"\\" not in data:  # whole canonical rows with no escape in a text: taken
        assert took


def test_whole_canonical_rows_are_taken_by_the_quick_check_with_their_counts() -> None:
    subjects = [SubjectEntry(f"91{i:04d}", ("411002", "411003")[i % 2], "工贸", None, "企业", None,
                             (None, "A", "B")[i % 3], True, False, i % 4) for i in range(60)]
    data = b"".join(canonical_json(s.to_json()) + b"\n" for s in subjects)
    between = streamed_module._Between()
    got = streamed_module._fast(RowBlock("f.jsonl", 1, 60, data), between)
    assert got is not None
    ids, counts = got
    assert ids == [s.id.encode() for s in subjects]
    assert sum(counts.values()) == 60 and len(counts) == 12  # two areas × three classes × four histories
    before = '"area":"411002","credit_risk":null,"domain":"工贸","exempt":false,"history":0'.encode()
    after = '"in_existence":true,"industry":null,"sector":null,"subject_type":"企业"'.encode()
    assert counts[(before, after)] == 5  # i = 0, 12, 24, 36, 48
    assert streamed_module._fast(RowBlock("f.jsonl", 1, 59, data), between) is None  # rows miscounted


@pytest.mark.parametrize("ids", [(b"z\xe4", b"\xb8\xadZ"), (b"\xe4\xb8", b"\xadZ"), (b"A\xe5", b"\x9b\xbd")])
def test_ids_that_are_utf8_only_when_joined_are_refused_row_by_row(ids: tuple[bytes, bytes]) -> None:
    """Two ids, each not UTF-8 on its own, that make UTF-8 text when put together (``z\\xe4`` + ``\\xb8\\xadZ`` is
    "z中Z"): the quick check once passed them (the ids were checked joined), and the draw then ended with an
    internal error decoding a drawn id. Each id is checked apart now, and the block left to the careful check,
    which names the row."""
    entry = SubjectEntry("ID", "411002", "工贸", None, "企业", None, None, True, False, 0)
    rows = [canonical_json(entry.to_json()).replace(b'"id":"ID"', b'"id":"' + i + b'"') + b"\n" for i in ids]
    block = RowBlock("f.jsonl", 1, 2, b"".join(rows))
    assert streamed_module._fast(block, streamed_module._Between()) is None
    with pytest.raises(DataError, match=r"row 1.*not UTF-8 text"):
        streamed_module._slow(block)
    with pytest.raises(DataError, match="not UTF-8 text"):
        streamed_module.block_rows(block)


@pytest.mark.parametrize("held", [1, 3])
def test_the_runs_kept_checked_are_bounded(held: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streamed_module, "_HELD", held)
    subjects = [SubjectEntry(f"91{i:04d}", f"41{i % 7:04d}", "工贸", None, "企业", None, None, True, False, i % 3)
                for i in range(50)]
    data = b"".join(canonical_json(s.to_json()) + b"\n" for s in subjects)
    between = streamed_module._Between()
    for _ in range(2):
        block = RowBlock("f.jsonl", 1, 50, data)
        assert check(block, between)
        assert len(between.after) == len(between.before) == len({*streamed_module._ID.split(data)[2:-1:2]})
    small = RowBlock("f.jsonl", 1, 2, data[:data.index(b"\n", data.index(b"\n") + 1) + 1])
    assert check(small, between)
    assert len(between.after) <= max(held, 1)  # forgotten when full, then only the small block's run
