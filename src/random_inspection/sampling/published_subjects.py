"""The subjects of a published manifest, scanned into columns (draw-v1 §3 ``subjects``): a block of the published
bytes at a time, every subject object matched in its canonical spelling, each text column kept as codes into
its distinct values (interned), never a dict or an entry per subject.

A block is read in bulk when it holds no escape. One ``split`` of the block at its ids (``"id":"…"``, in
compiled code) gives the ids and, between each two, the stretch of keys after the one id and before the next
(``",`` in_existence … subject_type ``},{`` area … history): each distinct stretch is parsed once into the runs of
keys on its two sides, and the columns are gathered by the stretches' codes, with no Python step per subject (a
field whose every stretch so far holds one code is that code repeated, with no gather).
Where a document has more distinct stretches than :data:`_PAIRS` (rosters whose fields vary freely from one
subject to the next), the blocks are split instead by the compiled pattern of the canonical object, which gives
each subject's runs on the two sides of its id apart (fewer distinct ones). Either way the split is the check of
canonicality: nothing may lie between the matches, and every piece must be what its place holds. The runs repeat
across subjects, so each distinct one is parsed into its fields once. A block with an escape, or one that fails
any check, is read again one object at a time with the pattern that allows exactly the escapes §3 allows, which
names the first subject that is wrong.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
from array import array
from collections.abc import Callable, Sequence
from typing import Any

from random_inspection.errors import DataError
from random_inspection.messages import tr

__all__ = ["FIELD_ORDER", "TEXTS", "SubjectScan", "subject_pattern"]

FIELD_ORDER = ("area", "credit_risk", "domain", "exempt", "history", "id", "in_existence", "industry", "sector",
               "subject_type")
"""A subject's keys in canonical order (sorted by their UTF-8 bytes)."""

TEXTS = ("area", "domain", "sector", "subject_type", "industry", "credit_risk")
"""The text columns, in :class:`~random_inspection.sampling.manifest.SubjectEntry`'s order."""
_NULLABLE = frozenset({"sector", "industry", "credit_risk"})
_BEFORE, _AFTER = FIELD_ORDER[:5], FIELD_ORDER[6:]

_PLAIN = rb'[^"\\\x00-\x1f]*+'
_ESCAPED = rb'(?:[^"\\\x00-\x1f]++|\\["\\bfnrt]|\\u00(?:0[0-7bef]|1[0-9a-f]))*+'


def _fields(names: tuple[str, ...], chars: bytes, capture: bool) -> bytes:
    o, c = (b"(", b")") if capture else (b"(?:", b")")
    value = {"text": b'"' + o + chars + c + b'"', "nullable": o + b'null|"' + chars + b'"' + c,
             "flag": o + b"true|false" + c, "count": o + b"0|[1-9][0-9]*+" + c}
    kinds = {"exempt": "flag", "in_existence": "flag", "history": "count"}
    return b",".join(b'"' + k.encode() + b'":' + value[kinds.get(k, "nullable" if k in _NULLABLE else "text")]
                     for k in names)


def subject_pattern(escapes: bool) -> re.Pattern[bytes]:
    """One subject object in its canonical spelling and the separator after it (``,`` or ``]``), in four
    groups: the keys before ``id`` with their values and the comma after them, the id (without its quotes), the
    keys after it, the separator. ``escapes``: the strings may hold the escapes §3 allows; else none."""
    chars = _ESCAPED if escapes else _PLAIN
    return re.compile(rb"\{(" + _fields(_BEFORE, chars, False) + rb',)"id":"(' + chars + rb')",('
                      + _fields(_AFTER, chars, False) + rb")\}([,\]])")


_FULL = subject_pattern(escapes=True)
_BEFORE_FIELDS = re.compile(_fields(_BEFORE, _ESCAPED, True) + b",")
_AFTER_FIELDS = re.compile(_fields(_AFTER, _ESCAPED, True))
_FAST = subject_pattern(escapes=False)
_SAMPLE = _FAST.match(b'{"area":"","credit_risk":null,"domain":"","exempt":true,"history":0,"id":"",'
                      b'"in_existence":true,"industry":null,"sector":null,"subject_type":""},')
assert _SAMPLE is not None
_FIXED = len(_SAMPLE.group(0)) - sum(map(len, _SAMPLE.groups())) + 1
"""The bytes of a subject object and the separator after it that no group but the id's and the runs' holds:
``{``, ``"id":"``, ``",``, ``}`` and the separator."""
_ID = re.compile(rb'"id":"(' + _PLAIN + rb')"')
"""An id with its key, in a block without an escape: where a canonical block is split into ids and the stretches
between them (``"id":"`` occurs nowhere else in a canonical subject: a ``"`` that is not escaped is a text's
end or start, and no key but the id's is ``id``)."""
_MIDDLE = re.compile(rb",(" + _fields(_AFTER, _PLAIN, False) + rb")\},\{(" + _fields(_BEFORE, _PLAIN, False) + rb",)")
"""The stretch between two ids: ``",`` the keys after the one id, ``},{`` the keys before the next, in two groups."""
_VARIES = -1
"""Not a code: a field whose stretches hold more than one code (:attr:`_Pairs.same`)."""
_PAIRS = 1 << 12
"""At most this many distinct stretches between ids are kept (each with its codes); beyond them, the blocks are
read by their runs (each side of an id apart), whose number is smaller."""
_BLOCK = 1 << 18
"""At most this many bytes are read in bulk at once (256 KiB, about 1,400 subjects): the matches of a block are
held at once, so the block bounds the memory they take."""
_BOUNDARY = b'},{"area":'
"""Where one subject ends and the next begins: in a canonical document this never occurs inside a text, since a
``"`` that is not escaped ends a text and ``area":`` cannot follow one."""


def _text(raw: bytes) -> str:
    if b"\\" in raw:
        text: str = json.loads(b'"' + raw + b'"')
        return text
    return raw.decode("utf-8")


def _nullable(raw: bytes | None) -> str | None:
    return None if raw is None or raw == b"null" else _text(raw[1:-1])


class _Refused(Exception):
    """A check failed in a bulk block: the block is read again one subject at a time, to name the subject.

    Its arguments: the field (``.id``, or ``""``), the problem, and the limit gone beyond (``""`` if none: a
    problem beyond a limit is said without the words "beyond the limit", which its reader adds)."""


def _gather(keys: Sequence[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """What gives, from a mapping or a sequence, the tuple of its items at ``keys``, in one call in compiled code
    (``operator.itemgetter``, which gives a lone item for one key, not a tuple)."""
    if len(keys) == 1:
        key = keys[0]
        return lambda items: (items[key],)
    return operator.itemgetter(*keys)


class _Parts:
    """The distinct runs of keys on one side of the id, each parsed once: per run a code, and per field the
    field's code of each run (so a block's column of a field is one gather by its runs' codes, in compiled
    code)."""

    def __init__(self, pattern: re.Pattern[bytes], names: tuple[str, ...]) -> None:
        self.pattern, self.names = pattern, names
        self.index: dict[bytes, int] = {}
        self.fields: dict[str, list[int]] = {name: [] for name in names}
        self.longest = 0
        """The length of the longest run recorded: a bound on the longest run of any block."""

    def add(self, runs: Sequence[bytes], values: dict[str, dict[bytes | None, int]], max_text: int,
            max_count: int) -> tuple[int, ...]:
        """The code of each run given, the runs not seen before parsed (checked in full first, then
        recorded)."""
        lookup = _gather(runs)
        try:
            return lookup(self.index)
        except KeyError:
            pass
        new = [raw for raw in dict.fromkeys(runs) if raw not in self.index]
        parsed = []
        for raw in new:
            m = self.pattern.fullmatch(raw)
            if m is None:  # not reached: the object's pattern matched these keys already
                raise _Refused("", tr("not a subject in the canonical form"), "")
            parsed.append(m.groups())
            for name, value in zip(self.names, m.groups(), strict=True):
                if value is not None and len(value) > max_text:
                    raise _Refused(f".{name}", tr("a text of more than {max_text} bytes", max_text=max_text),
                                   "max_entry_bytes")
                if name == "history" and (len(value) > len(str(max_count)) or int(value) > max_count):
                    raise _Refused(".history", tr("a count above {max_count}", max_count=max_count), "max_integer")
                if name in values and value not in values[name]:
                    try:
                        (_nullable if name in _NULLABLE else _text)(value)
                    except UnicodeDecodeError as exc:
                        raise _Refused(f".{name}", tr("not UTF-8: {exc}", exc=str(exc)), "") from None
        for raw, groups in zip(new, parsed, strict=True):
            self.index[raw] = len(self.index)
            self.longest = max(self.longest, len(raw))
            for name, value in zip(self.names, groups, strict=True):
                if name in values:
                    codes = values[name]
                    code = codes.setdefault(value, len(codes))
                elif name == "history":
                    code = int(value)
                else:
                    code = value == b"true"
                self.fields[name].append(code)
        return lookup(self.index)


class _Pairs:
    """The distinct stretches between the ids of two subjects one after the other (the keys after the one's id,
    ``},{``, the keys before the next one's), each parsed once into its two runs (:class:`_Parts`): per stretch a
    code, and per field the code of each stretch (the fields after an id of the subject before it, the fields
    before an id of the subject after it). A block is then one lookup of its stretches and one gather per field,
    as with runs, with one piece per subject fewer to make and to look up."""

    def __init__(self, before: _Parts, after: _Parts) -> None:
        self.before, self.after = before, after
        self.index: dict[bytes, int] = {}
        self.fields: dict[str, list[int]] = {name: [] for name in (*_AFTER, *_BEFORE)}
        self.same: dict[str, int] = dict.fromkeys(self.fields, _VARIES)
        """Per field, its one code where every stretch recorded so far has the same (a block's column of it is
        then that code repeated, with no gather), else :data:`_VARIES`."""

    def add(self, middles: Sequence[bytes], values: dict[str, dict[bytes | None, int]], max_text: int,
            max_count: int) -> tuple[int, ...] | None:
        """The code of each stretch given, the ones not seen before parsed (their runs checked in full and
        recorded); None, with nothing recorded, where they would be more than :data:`_PAIRS`."""
        lookup = _gather(middles)
        try:
            return lookup(self.index)
        except KeyError:
            pass
        new = [raw for raw in dict.fromkeys(middles) if raw not in self.index]
        if len(self.index) + len(new) > _PAIRS:
            return None
        runs = []
        for raw in new:
            m = _MIDDLE.fullmatch(raw)
            if m is None:
                raise _Refused("", tr("not a subject in the canonical form"), "")
            runs.append((self.after.add((m.group(1),), values, max_text, max_count)[0],
                         self.before.add((m.group(2),), values, max_text, max_count)[0]))
        for raw, (after, before) in zip(new, runs, strict=True):
            self.index[raw] = len(self.index)
            for parts, code in ((self.after, after), (self.before, before)):
                for name, per_run in parts.fields.items():
                    self.fields[name].append(per_run[code])
        for name, per_stretch in self.fields.items():
            first = per_stretch[0]
            self.same[name] = int(first) if per_stretch.count(first) == len(per_stretch) else _VARIES
        return lookup(self.index)


class SubjectScan:
    """The subjects scanned so far, as columns. ``error(offset, where, what, limit)`` makes the reader's error
    (``limit``: the name of the :class:`~random_inspection.sampling.published.ReadLimits` field passed, or
    ``""`` for a form that is not canonical)."""

    def __init__(self, max_subjects: int, max_id_bytes: int, max_text_bytes: int, max_count: int,
                 error: Callable[[int, str, str, str], DataError]) -> None:
        self.max_subjects, self.max_id_bytes, self.max_text_bytes = max_subjects, max_id_bytes, max_text_bytes
        self.max_count = max_count
        self._refusal = error
        self.ids: list[str] = []
        self.utf8: list[bytes] = []
        """Each id's UTF-8 bytes, as read (the columns keep them for the draw: they are not encoded again)."""
        self._values: dict[str, dict[bytes | None, int]] = {name: {} for name in TEXTS}
        self._codes: dict[str, array[int]] = {name: array("I") for name in TEXTS}
        self.in_existence = bytearray()
        self.exempt = bytearray()
        self.history: array[int] = array("Q")
        self._before = _Parts(_BEFORE_FIELDS, _BEFORE)
        self._after = _Parts(_AFTER_FIELDS, _AFTER)
        self._pairs = _Pairs(self._before, self._after)
        self._by_pairs = True
        """Whether blocks are read by the stretches between ids (until those are too many)."""
        self._previous = b""
        self.done = False

    def __len__(self) -> int:
        return len(self.ids)

    def values(self, name: str) -> tuple[str | None, ...]:
        """The distinct values of a text column, in the order of their codes."""
        decode = _nullable if name in _NULLABLE else _text
        return tuple(decode(raw) for raw in self._values[name])  # type: ignore[arg-type]

    def codes(self, name: str) -> array[int]:
        """A text column's codes, one per subject."""
        return self._codes[name]

    def scan(self, buf: bytes, pos: int, base: int) -> int:
        """Read the subjects of ``buf`` from ``pos`` (``base``: the offset of ``buf`` in the document) up to the
        last whole one before the next boundary, in bulk where it can; return the position reached. Sets
        :attr:`done` once the list's closing ``]`` was read."""
        cut = buf.rfind(_BOUNDARY, pos, pos + _BLOCK)
        if cut < pos:
            cut = buf.find(_BOUNDARY, pos)
        if cut >= pos and self._bulk(buf, pos, cut + 2):
            return cut + 2
        stop = cut + 2 if cut >= pos else pos + 1  # without a boundary, one subject: the last, or one to refuse
        while pos < stop:
            m = _FULL.match(buf, pos)
            where = f"$.subjects[{len(self.ids)}]"
            if m is None:
                raise self._refusal(base + pos, where, tr("not a subject in the canonical form (its keys, their "
                                                        "order, types and spelling, §3)"), "")
            if m.end() - pos > self.max_text_bytes:
                raise self._refusal(base + pos, where, tr("a subject of more than {max_text_bytes} bytes",
                                                        max_text_bytes=self.max_text_bytes), "max_entry_bytes")
            try:
                self._add((m.group(1),), (m.group(2),), (m.group(3),), escapes=True)
            except _Refused as refused:
                raise self._refusal(base + pos, f"{where}{refused.args[0]}", refused.args[1], refused.args[2]) \
                    from None
            pos = m.end()
            if m.group(4) == b"]":
                self.done = True
                break
        return pos

    def _bulk(self, buf: bytes, pos: int, end: int) -> bool:
        """Append the subjects of ``buf[pos:end]`` (whole subjects, each followed by a comma), read in bulk, if
        the block is canonical, holds no escape and is within the limits; else append nothing and return False,
        for the block to be read again one subject at a time."""
        if buf.find(b"\\", pos, end) >= 0:
            return False
        block = buf[pos:end]
        if self._by_pairs and self._before.longest + self._after.longest + _FIXED <= self.max_text_bytes:
            done = self._pairs_bulk(block)
            if done is not None:
                return done
        pieces = _FAST.split(block)
        count = len(pieces) // 5
        if not count or b"".join(pieces[0::5]) or b"".join(pieces[4::5]) != b"," * count:
            return False  # bytes between the matches, or a list closed within the block
        try:
            self._add(pieces[1::5], pieces[2::5], pieces[3::5], escapes=False)
        except _Refused:
            return False
        return True

    def _pairs_bulk(self, block: bytes) -> bool | None:
        """Append the subjects of ``block`` (whole subjects without an escape, each followed by a comma) read by
        the stretches between their ids (:class:`_Pairs`), if the block is canonical and within the limits (True);
        False to have it read again one subject at a time; None where this way does not fit (a block of runs too
        long for its size check to be made by the bounds, or more distinct stretches than :data:`_PAIRS`): the
        block is then read by its runs."""
        pieces = _ID.split(block)
        first, last = pieces[0], pieces[-1]
        if len(pieces) < 3 or first[:1] != b"{" or last[:1] != b"," or last[-2:] != b"},":
            return False
        ident, middles = pieces[1::2], pieces[2:-1:2]
        previous = self._previous
        try:
            ids, keys, longest_id = self._ids(ident, escapes=False)
            values, max_text, max_count = self._values, self.max_text_bytes, self.max_count
            head = self._before.add((first[1:],), values, max_text, max_count)[0]
            codes = self._pairs.add(middles, values, max_text, max_count) if middles else ()
            if codes is None:  # too many distinct stretches: from here on, the blocks are read by their runs
                self._by_pairs = False
                self._previous = previous
                return None  # the last subject's runs not recorded: the runs are recorded in the order they come
            tail = self._after.add((last[1:-2],), values, max_text, max_count)[0]
        except _Refused:
            self._previous = previous  # nothing appended
            return False
        if self._before.longest + self._after.longest + longest_id + _FIXED > max_text:
            self._previous = previous
            return None  # perhaps a subject beyond the limit: the runs' own check says
        gather = _gather(codes) if codes else lambda _: ()
        fields, same = self._pairs.fields, self._pairs.same
        for name, per_run in self._before.fields.items():
            self._column(name).append(per_run[head])
            self._stretches(name, fields[name], same[name], gather, len(codes))
        for name, per_run in self._after.fields.items():
            self._stretches(name, fields[name], same[name], gather, len(codes))
            self._column(name).append(per_run[tail])
        self.ids.extend(ids)
        self.utf8.extend(keys)
        return True

    def _stretches(self, name: str, per_stretch: list[int], same: int,
                   gather: Callable[[list[int]], tuple[int, ...]], count: int) -> None:
        """Append a field's codes for ``count`` stretches: gathered by their codes, or, where every stretch holds
        the one code ``same``, that code repeated (copied in bulk, with no Python int per subject)."""
        column = self._column(name)
        if same == _VARIES:
            column.extend(gather(per_stretch))
        elif isinstance(column, bytearray):
            column.extend(bytes((same,)) * count)
        else:
            column.extend(array(column.typecode, (same,)) * count)

    def _column(self, name: str) -> array[int] | bytearray:
        if name in self._codes:
            return self._codes[name]
        return self.history if name == "history" else self.exempt if name == "exempt" else self.in_existence

    def _ids(self, ident: Sequence[bytes], escapes: bool) -> tuple[list[str], Sequence[bytes], int]:
        """The ids given as text and as UTF-8, checked (their number, size, UTF-8 and order after the ids read
        before), and the length of the longest; the last is remembered as the one the next ids must follow."""
        if len(self.ids) + len(ident) > self.max_subjects:
            raise _Refused("", tr("more than {max_subjects} subjects", max_subjects=self.max_subjects), "max_subjects")
        longest_id = max(map(len, ident))
        if longest_id > self.max_id_bytes:
            raise _Refused(".id", tr("an id of more than {max_id_bytes} bytes", max_id_bytes=self.max_id_bytes),
                           "max_id_bytes")
        try:
            ids = [_text(i) for i in ident] if escapes else list(map(bytes.decode, ident))
        except UnicodeDecodeError as exc:
            raise _Refused(".id", tr("not UTF-8: {exc}", exc=str(exc)), "") from None
        keys = [i.encode("utf-8") for i in ids] if escapes else ident
        if not keys[0]:  # ascending: an empty id can only be the first
            raise _Refused(".id", tr("a subject id is empty (§3: an id is a non-empty text)"), "")
        if not (keys[0] > self._previous and all(map(operator.lt, keys, itertools.islice(keys, 1, None)))):
            raise _Refused(".id", tr("the subjects are not unique and sorted by id (UTF-8 bytes), as §3 has them"), "")
        self._previous = keys[-1]
        return ids, keys, longest_id

    def _add(self, before: Sequence[bytes], ident: Sequence[bytes], after: Sequence[bytes], escapes: bool) -> None:
        """Check the subjects and append them, all or none."""
        previous = self._previous
        try:
            ids, keys, longest_id = self._ids(ident, escapes)
            before_codes = self._before.add(before, self._values, self.max_text_bytes, self.max_count)
            after_codes = self._after.add(after, self._values, self.max_text_bytes, self.max_count)
            if self._before.longest + self._after.longest + longest_id + _FIXED > self.max_text_bytes and \
                    max(map(len, before)) + max(map(len, after)) + longest_id + _FIXED > self.max_text_bytes:
                # perhaps one subject beyond the limit (never for one read alone: it was checked whole first)
                raise _Refused("", tr("a subject of more than {max_text_bytes} bytes",
                                      max_text_bytes=self.max_text_bytes), "max_entry_bytes")
        except _Refused:
            self._previous = previous  # nothing appended
            raise
        for parts, codes in ((self._before, before_codes), (self._after, after_codes)):
            gather = _gather(codes)
            for name, per_run in parts.fields.items():
                self._column(name).extend(gather(per_run))
        self.ids.extend(ids)
        self.utf8.extend(keys)
