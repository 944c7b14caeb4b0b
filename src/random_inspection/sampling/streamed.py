"""The draw over a streamed roster (draw-v1 §6, §10): a national registry drawn in two passes over its rows,
holding per stratum only the ``n_h + r_h`` lowest tickets, never the roster.

The rows come as :class:`RowBlock` s — whole lines of bytes, each one subject object of §3 as JSON (docs/scale.md
says why JSON Lines) — from any reader: files at the edge (``random_inspection.io.snapshot``), or
:func:`subject_blocks` over entries in memory. The rows must be in the manifest's order (ids by their UTF-8
bytes, each once); a row out of order raises :class:`~random_inspection.errors.RowsOutOfOrder`, which a reader
that can sort answers by sorting.

Pass 1 hashes the manifest with the rows streamed (a row already in canonical form is hashed as read, any other
valid row in its canonical form) and counts ``E_h`` per stratum; pass 2, after the seed and the sizes, keeps per
stratum the lowest ``(ticket, id)``. Teams (§7) and items (§8) are then the engine's, on the drawn subjects. The
result is the :class:`DrawResult` that :func:`~random_inspection.sampling.draw` gives for the manifest holding
the same rows, byte for byte.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from random_inspection.errors import DataError, InvalidInputError, Issue, RowsOutOfOrder
from random_inspection.sampling import engine
from random_inspection.sampling.canonical import canonical_json, derive_seed
from random_inspection.sampling.conflicts import interest_map
from random_inspection.sampling.interests import InterestDeclarations
from random_inspection.sampling.manifest import Manifest, SubjectEntry
from random_inspection.sampling.result import DrawResult, StratumCount

__all__ = ["SUBJECT_FIELDS", "RowBlock", "block_rows", "draw_streamed", "streamed_hash", "subject_blocks"]

SUBJECT_FIELDS = ("id", "area", "domain", "sector", "subject_type", "industry", "credit_risk", "in_existence",
                  "exempt", "history")
"""The fields of a §3 subject object, in the order §3 lists them."""

_KEYS = tuple(sorted(SUBJECT_FIELDS))  # the canonical form's order of the keys
_TEXT = rb'"[^"\\\x00-\x1f]*+"'
_NULLABLE = rb'(?:null|"[^"\\\x00-\x1f]*+")'
_FORMS = {"area": _TEXT, "domain": _TEXT, "subject_type": _TEXT, "sector": _NULLABLE, "industry": _NULLABLE,
          "credit_risk": _NULLABLE, "in_existence": rb"(?:true|false)", "exempt": rb"(?:true|false)",
          "history": rb"(?:0|[1-9][0-9]*+)", "id": rb'"([^"\\\x00-\x1f]++)"'}
_ID = re.compile(rb'"id":"([^"\\\x00-\x1f]++)"')
_ALL = b"\xff" * 33  # above every ticket ‖ id
_FIX = ("give one subject per line as a JSON object with the fields of docs/spec/draw-v1.md §3 (docs/scale.md, "
        "The file format)")


@attrs.frozen
class RowBlock:
    """Whole rows of a roster: ``data`` holds lines, each one §3 subject object as JSON and ending in a line
    feed; ``source`` (a file name) and ``first_row`` (the 1-based row of the first line in it) say where they
    are, for the errors."""

    source: str
    first_row: int
    data: bytes


def subject_blocks(entries: Iterable[SubjectEntry], source: str = "subjects",
                   rows_per_block: int = 10_000) -> Iterator[RowBlock]:
    """The entries (in id order) as blocks of canonical rows, for :func:`draw_streamed` from memory or from a
    generator."""
    row = 1
    batch: list[bytes] = []
    for entry in entries:
        batch.append(canonical_json(entry.to_json()))
        if len(batch) == rows_per_block:
            yield RowBlock(source, row, b"\n".join(batch) + b"\n")
            row += len(batch)
            batch = []
    if batch:
        yield RowBlock(source, row, b"\n".join(batch) + b"\n")


class _Shape:
    """How rows are read for one draw: a pattern that matches a row in canonical form exactly and captures the id
    and the fields that eligibility and the strata look at (§6), in canonical key order."""

    def __init__(self, manifest: Manifest) -> None:
        rules = manifest.rules
        wanted = {"in_existence", *rules.strata, *(f for f, _ in rules.conditions)}
        if rules.yearly_cap is not None or rules.class_caps:
            wanted |= {"credit_risk", "exempt", "history"}
        self.fields = tuple(k for k in _KEYS if k in wanted or k == "id")
        parts = [f'"{k}":'.encode() + (_FORMS[k] if k == "id" or k not in wanted else b"(" + _FORMS[k] + b")")
                 for k in _KEYS]
        self.pattern = re.compile(rb"^\{" + b",".join(parts) + rb"\}$", re.MULTILINE)
        at = self.fields.index("id")
        self.id_of: Callable[[tuple[bytes, ...]], bytes] = operator.itemgetter(at)
        rest = [i for i in range(len(self.fields)) if i != at]
        self.project: Callable[[tuple[bytes, ...]], Any] = operator.itemgetter(*rest) if len(rest) > 1 else (
            lambda row: (row[rest[0]],))
        self.projected = tuple(f for f in self.fields if f != "id")

    def tokens(self, obj: dict[str, Any]) -> tuple[bytes, ...]:
        """The captures of a row read as JSON, as the pattern would give them."""
        return tuple(obj["id"].encode("utf-8") if f == "id" else canonical_json(obj[f]) for f in self.fields)

    def entry(self, projection: tuple[bytes, ...]) -> SubjectEntry:
        """A stand-in entry with the projected fields (the others empty), for §6's eligibility and strata."""
        values: dict[str, Any] = {"id": "", "area": "", "domain": "", "sector": None, "subject_type": "",
                                  "industry": None, "credit_risk": None, "in_existence": True, "exempt": False,
                                  "history": 0}
        for name, token in zip(self.projected, projection, strict=True):
            values[name] = json.loads(token)
        return SubjectEntry(**values)


def _row_object(line: bytes, source: str, row: int) -> dict[str, Any]:
    """One row read and checked field by field (the slow way, for a row not in canonical form).

    Raises:
        DataError: the row is not a §3 subject object; the issue names the file, the row, the column or field.
    """
    where = f"{source}, row {row}"

    def bad(problem: str, at: str = "") -> DataError:
        return DataError("a subject row cannot be read", [Issue(f"{where}{at}", problem)], fix=_FIX)

    text = line.removesuffix(b"\r")
    if not text.strip():
        raise bad("the row is empty")
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise bad("the row is not UTF-8 text", f", column {len(text[:exc.start].decode('utf-8', 'replace')) + 1}") \
            from None

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        names = [k for k, _ in items]
        twice = sorted({k for k in names if names.count(k) > 1})
        if twice:
            raise bad(f"the field {twice[0]} is given twice")
        return dict(items)

    try:
        obj = json.loads(decoded, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise bad(f"the row is not JSON ({exc.msg})", f", column {exc.colno}") from None
    if not isinstance(obj, dict):
        raise bad("the row is not a JSON object {...}")
    missing = [f for f in SUBJECT_FIELDS if f not in obj]
    if missing:
        raise bad(f"the field {missing[0]} is missing (every row has {', '.join(SUBJECT_FIELDS)})")
    extra = sorted(set(obj) - set(SUBJECT_FIELDS))
    if extra:
        raise bad(f"{extra[0]} is not a field of a subject (the fields are {', '.join(SUBJECT_FIELDS)})")
    for name in SUBJECT_FIELDS:
        value = obj[name]
        at = f", field {name}"
        if name in ("in_existence", "exempt"):
            if not isinstance(value, bool):
                raise bad(f"{value!r} is not true or false", at)
        elif name == "history":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise bad(f"{value!r} is not a whole number ≥ 0 (the inspections made this year)", at)
        elif name in ("sector", "industry", "credit_risk"):
            if value is not None and not isinstance(value, str):
                raise bad(f"{value!r} is neither text nor null", at)
        elif not isinstance(value, str) or (name == "id" and not value):
            raise bad(f"{value!r} is not {'a non-empty text' if name == 'id' else 'text'}", at)
    return obj


def _parse(block: RowBlock, shape: _Shape) -> tuple[bytes, list[tuple[bytes, ...]]]:
    """The block's rows in canonical form (lines, each ending in a line feed) and each row's captures.

    Raises:
        DataError: a row that is not a §3 subject object.
    """
    data = block.data
    if data.endswith(b"\n") and b"\\" not in data:
        rows = shape.pattern.findall(data)
        if len(rows) == data.count(b"\n"):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                pass  # found row by row below
            else:
                return data, rows
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    out: list[bytes] = []
    rows = []
    for k, line in enumerate(lines):
        match = shape.pattern.fullmatch(line) if b"\\" not in line else None
        if match is not None:
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                match = None
        if match is not None:
            out.append(line)
            rows.append(match.groups())
        else:
            obj = _row_object(line, block.source, block.first_row + k)
            out.append(canonical_json(obj))
            rows.append(shape.tokens(obj))
    return b"\n".join(out) + b"\n" if out else b"", rows


def block_rows(block: RowBlock) -> list[tuple[bytes, bytes]]:
    """Each row of the block as ``(UTF-8 bytes of its id, its canonical line)``: for a reader that sorts rows.

    Raises:
        DataError: a row that is not a §3 subject object, naming the file, the row and the field.
    """
    data, rows = _parse(block, _ID_ONLY)
    return list(zip(map(_ID_ONLY.id_of, rows), data.split(b"\n"), strict=False))


class _Order:
    """The ids seen so far must rise strictly (§3: sorted by UTF-8 bytes, unique)."""

    def __init__(self) -> None:
        self.last: tuple[bytes, str, int] | None = None
        self.rows = 0

    def check(self, ids: list[bytes], block: RowBlock) -> None:
        if not ids:
            return
        last = self.last
        rising = all(map(operator.lt, ids, itertools.islice(ids, 1, None)))
        if (last is not None and not last[0] < ids[0]) or not rising:
            previous = last
            for k, i in enumerate(ids):
                if previous is not None and not previous[0] < i:
                    where = f"{block.source}, row {block.first_row + k}"
                    sid = i.decode("utf-8", "replace")
                    if previous[0] == i:
                        raise DataError(f"subject {sid} appears twice in the roster",
                                        [Issue(where, f"the same id as {previous[1]}, row {previous[2]}")],
                                        fix="give every subject once: remove or merge the second row")
                    raise RowsOutOfOrder(
                        f"subject {sid} comes after {previous[0].decode('utf-8', 'replace')} ({previous[1]}, row "
                        f"{previous[2]}): the rows are not in id order", where=where,
                        fix="sort the rows by id (the file reader sorts them when it is allowed a temporary folder)")
                previous = (i, block.source, block.first_row + k)
        self.last = (ids[-1], block.source, block.first_row + len(ids) - 1)
        self.rows += len(ids)


def _frame(head: Manifest) -> tuple[bytes, bytes]:
    """The canonical form of the head manifest cut where the subjects go: the bytes before them and after."""
    if head.subjects:
        raise InvalidInputError("the manifest given as the head of a streamed draw lists subjects",
                                where=f"streamed draw of {head.plan_id}",
                                fix="give a manifest without subjects and the subjects as rows")
    value = json.loads(head.canonical())
    keys = sorted(value, key=lambda k: k.encode("utf-8"))
    at = keys.index("subjects")

    def members(names: list[str]) -> bytes:
        return b",".join(canonical_json(k) + b":" + canonical_json(value[k]) for k in names)

    before = b"{" + members(keys[:at]) + (b"," if at else b"") + b'"subjects":['
    after = b"]" + b"".join(b"," + canonical_json(k) + b":" + canonical_json(value[k]) for k in keys[at + 1:]) + b"}"
    if before + after != head.canonical():  # pragma: no cover - the canonical form has one place for the subjects
        raise InvalidInputError("the head manifest's canonical form cannot be cut at its subjects",
                                where=f"streamed draw of {head.plan_id}", fix="report this as a fault")
    return before, after


@attrs.frozen
class _Census:
    """What pass 1 learns: the manifest hash, the row count and the number of rows of each projection."""

    hash: str
    rows: int
    counts: dict[Any, int]


def _first_pass(head: Manifest, shape: _Shape, blocks: Iterable[RowBlock]) -> _Census:
    before, after = _frame(head)
    digest = head.hash_algorithm.new()
    digest.update(before)
    counts: Counter[Any] = Counter()
    order = _Order()
    separator = b""
    for block in blocks:
        data, rows = _parse(block, shape)
        if not rows:
            continue
        order.check(list(map(shape.id_of, rows)), block)
        digest.update(separator + data[:-1].replace(b"\n", b","))
        separator = b","
        counts.update(map(shape.project, rows))
    digest.update(after)
    return _Census(digest.hexdigest(), order.rows, dict(counts))


def streamed_hash(head: Manifest, blocks: Iterable[RowBlock]) -> str:
    """The manifest hash (§4) of ``head`` with the streamed rows as its subjects, in one pass: what the bureau
    publishes before the public input exists.

    Raises:
        InvalidInputError: ``head`` lists subjects itself.
        DataError: a bad row, or an id given twice (naming the file and rows).
        RowsOutOfOrder: rows not in id order.
    """
    return _first_pass(head, _Shape(head), blocks).hash


def _second_pass(
    head: Manifest, shape: _Shape, blocks: Iterable[RowBlock], stratum_of: dict[Any, str | None],
    needs: dict[str, int], prefix: bytes,
) -> tuple[dict[str, list[tuple[bytes, bytes]]], int]:
    """Per stratum, the ``needs[key]`` lowest ``(ticket ‖ id, canonical line)``, in order, and the row count.

    Each stratum's list grows to twice its need and is then cut back to the need, so that no more than that is
    held; a row is looked at closely only if its ticket is under the highest of the strata's cut-off points."""
    new = head.hash_algorithm.new
    kept: dict[str, list[tuple[bytes, bytes]]] = {key: [] for key in needs}
    limit = dict(needs)
    cut = {key: _ALL if need else b"" for key, need in needs.items()}
    bound = max(cut.values(), default=b"")
    order = _Order()
    for block in blocks:
        data = block.data
        ids: list[bytes] = _ID.findall(data) if data.endswith(b"\n") and b"\\" not in data else []
        rows: list[tuple[bytes, ...]] | None = None
        if len(ids) != data.count(b"\n") or not ids:
            data, rows = _parse(block, shape)
            ids = list(map(shape.id_of, rows))
        order.check(ids, block)
        chosen = [(t, k) for k, i in enumerate(ids) if (t := new(prefix + i).digest() + i) < bound]
        if not chosen:
            continue
        lines = data.split(b"\n")
        for t, k in chosen:
            line = lines[k]
            match = shape.pattern.fullmatch(line) if rows is None else None
            if rows is None and match is None:  # a row not in canonical form: the block is read the slow way
                data, rows = _parse(block, shape)
                lines = data.split(b"\n")
                line = lines[k]
            captured = rows[k] if rows is not None else match.groups()  # type: ignore[union-attr]
            projection = shape.project(captured)
            if projection not in stratum_of:
                raise _changed(block.source, block.first_row + k)
            key = stratum_of[projection]
            if key is None or not t < cut[key]:
                continue
            group = kept[key]
            group.append((t, line))
            if len(group) >= limit[key]:
                group.sort()
                del group[needs[key]:]
                cut[key] = group[-1][0]
                limit[key] = 2 * needs[key]
                bound = max(cut.values())
    for group in kept.values():
        group.sort()
    return {key: group[: needs[key]] for key, group in kept.items()}, order.rows


def _changed(source: str, row: int) -> DataError:
    return DataError("the roster changed between the two passes of the streamed draw",
                     [Issue(f"{source}, row {row}", "differs from what the first pass read")],
                     fix="leave the files unchanged while the draw runs, and run it again")


def draw_streamed(
    head: Manifest, blocks: Callable[[], Iterable[RowBlock]], public_input: str,
    declarations: InterestDeclarations | None = None,
) -> DrawResult:
    """The draw of ``head`` with the streamed rows as its subjects: the same result as
    :func:`~random_inspection.sampling.draw` of the manifest holding them, in two passes over the rows and with
    memory for the sample only (per stratum ``n_h + r_h`` rows, and a count per combination of the values §6
    looks at).

    Args:
        head: the manifest with every input but the subjects (its ``subjects`` empty).
        blocks: opens the rows afresh, in id order, each time it is called (twice).
        public_input: the public input that fixes the seed (§5).
        declarations: draw-v2: as for :func:`~random_inspection.sampling.draw`.

    Raises:
        InvalidInputError: ``head`` lists subjects; a public input not in the manifest's form.
        DataError: a bad row or an id given twice (naming the file, the row and the field); rows that changed
            between the passes.
        RowsOutOfOrder: rows not in id order.
        InfeasibleDrawError: as :func:`~random_inspection.sampling.draw`.
    """
    head.check_public_input(public_input)
    shape = _Shape(head)
    census = _first_pass(head, shape, blocks())
    hash_with = head.hash_algorithm
    seed = derive_seed(census.hash, public_input, hash_with, head.algorithm)
    rules = head.rules

    # §6: eligibility and strata, decided once per combination of the values they look at
    stratum_of: dict[Any, str | None] = {}
    counts: dict[str, int] = {}
    values: dict[str, str] = {}
    for projection, n in census.counts.items():
        entry = shape.entry(projection)
        if not engine.eligible(entry, head):
            stratum_of[projection] = None
            continue
        key = engine.stratum_key(entry, rules.strata)
        stratum_of[projection] = key
        counts[key] = counts.get(key, 0) + n
        if rules.sample.ratio_by is not None:
            values.setdefault(key, entry.field(rules.sample.ratio_by) or "")
    sizes = engine.sample_sizes(head, counts, values, seed)
    reserves = {key: min(rules.reserve, counts[key] - sizes[key]) for key in counts}
    chosen, rows = _second_pass(head, shape, blocks(), stratum_of, {k: sizes[k] + reserves[k] for k in counts},
                                seed + b"subject\x00")
    if rows != census.rows:
        raise DataError("the roster changed between the two passes of the streamed draw",
                        [Issue("the rows", f"{census.rows} in the first pass, {rows} in the second")],
                        fix="leave the files unchanged while the draw runs, and run it again")

    drawn: list[bytes] = []
    entry_of: dict[str, SubjectEntry] = {}
    reserve: dict[str, tuple[str, ...]] = {}
    for key, lowest in chosen.items():
        for ticket_and_id, line in lowest[: sizes[key]]:
            drawn.append(ticket_and_id)
            entry = SubjectEntry(**json.loads(line))
            entry_of[entry.id] = entry
        if reserves[key]:
            reserve[key] = tuple(t[32:].decode("utf-8") for t, _ in lowest[sizes[key]:])
    drawn.sort()
    subjects = tuple(t[32:].decode("utf-8") for t in drawn)

    given = declarations or head.declarations
    conflicts = engine._open(head, given, subjects) if head.version >= 2 else ()
    teams = engine._teams(head, seed, subjects, entry_of, interest_map(head, conflicts))
    items = engine._items(head, seed, subjects, entry_of)
    strata = tuple(StratumCount(k, counts[k], sizes[k]) for k in sorted(counts, key=lambda k: k.encode("utf-8")))
    return DrawResult(census.hash, public_input, seed.hex(), strata, subjects, tuple(sorted(reserve.items())),
                      teams, items, algorithm=head.algorithm, conflicts=conflicts)


class _IdOnly(_Shape):
    """The shape that captures the id and whether the subject exists: for readers that sort rows by id."""

    def __init__(self) -> None:
        self.fields = ("id", "in_existence")
        parts = [f'"{k}":'.encode() + (_FORMS[k] if k != "in_existence" else b"(" + _FORMS[k] + b")")
                 for k in _KEYS]
        self.pattern = re.compile(rb"^\{" + b",".join(parts) + rb"\}$", re.MULTILINE)
        self.id_of = operator.itemgetter(0)
        self.project = lambda row: (row[1],)
        self.projected = ("in_existence",)


_ID_ONLY = _IdOnly()
