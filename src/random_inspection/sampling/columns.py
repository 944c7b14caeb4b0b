"""The eligibility snapshot as columns (draw-v1 §3 ``subjects``): one tuple of ids, each text field as compact
codes into its distinct values, the two flags as bytes, the history counts as an array. A million subjects take
tens of megabytes, not the gigabyte a tuple of entries takes, and the draw reads the columns directly."""

from __future__ import annotations

import itertools
import json
import operator
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr

__all__ = ["TEXT_FIELDS", "SubjectColumns", "SubjectEntry"]

TEXT_FIELDS = ("area", "domain", "sector", "subject_type", "industry", "credit_risk")
"""The six text fields of a subject, in :class:`SubjectEntry`'s order; each is held as codes and values."""

_FIELDS = ("id", *TEXT_FIELDS, "in_existence", "exempt", "history")
_CODE = "I"  # up to 2**32 - 1 distinct values of one field
_COUNT = "Q"  # a history count: a whole number ≥ 0
_BOOL_JSON = (b"false", b"true")
_WHERE = "SubjectColumns"
_UTF8_IDS = "utf8-ids"  # the key of the ids' UTF-8 bytes among the memo's values


@attrs.frozen
class SubjectEntry:
    """One subject of the eligibility snapshot (spec §3)."""

    id: str
    area: str
    domain: str
    sector: str | None
    subject_type: str
    industry: str | None
    credit_risk: str | None
    in_existence: bool
    exempt: bool
    history: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "area": self.area, "domain": self.domain, "sector": self.sector,
            "subject_type": self.subject_type, "industry": self.industry, "credit_risk": self.credit_risk,
            "in_existence": self.in_existence, "exempt": self.exempt, "history": self.history,
        }

    def field(self, name: str) -> str | None:
        value: str | None = getattr(self, name)
        return value


def _bad(what: str, fix: str) -> InvalidInputError:
    return InvalidInputError(what, where=_WHERE, fix=fix)


def _check_ids(ids: tuple[str, ...]) -> None:
    """Refuse ids that are not text, empty, or not strictly ascending by their UTF-8 bytes (UTF-8 keeps the order of
    code points, so the comparison of the texts is the comparison of their bytes)."""
    if not all(map(isinstance, ids, itertools.repeat(str))):
        raise _bad(tr("a subject id is not text"), tr("give every subject's 统一社会信用代码 as text"))
    if "" in ids[:1]:  # ascending: an empty id can only be the first
        raise _bad(tr("a subject id is empty (§3: an id is a non-empty text)"),
                   tr("give every subject its 统一社会信用代码"))
    if not all(map(operator.lt, ids, itertools.islice(ids, 1, None))):
        first = next(b for a, b in itertools.pairwise(ids) if not a < b)
        raise _bad(tr("the subject ids are not unique and sorted by their UTF-8 bytes (at {first!r})", first=first),
                   tr("give each subject once, in id order (build_manifest sorts them)"))


def _whole_numbers(typecode: str, given: Iterable[int], name: str) -> array[int]:
    """A fresh array of the whole numbers given (a copy: the caller's own array may change later)."""
    if isinstance(given, array) and given.typecode == typecode:
        return array(typecode, given)
    items = given if isinstance(given, (array, list, tuple, range)) else list(given)
    try:
        return array(typecode, items)
    except OverflowError:
        low = min(items)
        if name == "history":
            raise InvalidInputError(tr("history {low} is negative", low=low), where=_WHERE,
                                    fix=tr("give the number of inspections made this year")) from None
        raise _bad(tr("{name} hold {low}, not a whole number ≥ 0", name=name, low=low),
                   tr("give {name} as whole numbers ≥ 0", name=name)) from None
    except TypeError:
        raise _bad(tr("{name} hold something other than whole numbers", name=name),
                   tr("give {name} as whole numbers", name=name)) from None


NULLABLE_FIELDS = ("sector", "industry", "credit_risk")
"""The text fields a subject may leave null (spec §3); ``area``, ``domain`` and ``subject_type`` are always text."""


def _check_values(values: dict[str, tuple[str | None, ...]]) -> None:
    """Each text field's distinct values are text, or null where §3 allows it."""
    for name, distinct in values.items():
        for value in distinct:
            if value is None and name in NULLABLE_FIELDS:
                continue
            if not isinstance(value, str):
                what = tr("a value of {name} is null, not text", name=name) if value is None else \
                    tr("a value of {name} is {type}, not text", name=name, type=type(value).__name__)
                raise _bad(what, tr("give {name} as text", name=name) if name in NULLABLE_FIELDS else
                           tr("give {name} as text, never null", name=name))


def _check_flags(flags: bytes, name: str) -> None:
    if flags.translate(None, b"\x00\x01"):
        raise _bad(tr("{name} holds a byte other than 0 and 1", name=name),
                   tr("give {name} as 0 (false) or 1 (true) per subject", name=name))


def _check_history(history: array[int]) -> None:
    if history and min(history) < 0:
        raise InvalidInputError(tr("history {history} is negative", history=min(history)), where=_WHERE,
                                fix=tr("give the number of inspections made this year"))


class SubjectColumns(Sequence[SubjectEntry]):
    """The subjects of a manifest as columns: an immutable sequence of :class:`SubjectEntry`, made on demand.

    Ids are unique and sorted by their UTF-8 bytes (spec §3). Each text field is held as a code per subject
    (an ``array('I')``) into a tuple of its distinct values (``None`` among them where the field is null); the
    flags ``in_existence`` and ``exempt`` as bytes of 0 and 1; ``history`` as an ``array('Q')``. Indexing and
    iterating give :class:`SubjectEntry` values as a tuple of entries would, so every reader of
    ``manifest.subjects`` works unchanged; the draw reads the columns (:meth:`codes`, :meth:`values`, ...).

    Build it with :meth:`from_entries`, :meth:`from_rows` or :meth:`from_columns`.
    """

    __slots__ = ("_codes", "_exempt", "_history", "_ids", "_in_existence", "_memo", "_values")

    _ids: tuple[str, ...]
    _codes: dict[str, array[int]]
    _values: dict[str, tuple[str | None, ...]]
    _in_existence: bytes
    _exempt: bytes
    _history: array[int]
    _memo: dict[Hashable, Any]

    def __init__(self) -> None:
        raise TypeError("build SubjectColumns with from_entries, from_rows or from_columns")

    @classmethod
    def _make(cls, ids: tuple[str, ...], codes: dict[str, array[int]], values: dict[str, tuple[str | None, ...]],
              in_existence: bytes, exempt: bytes, history: array[int], checked: bool = False) -> SubjectColumns:
        """The columns, checked: the ids, the flags and the history as :meth:`from_columns` says (``checked``:
        the ids and the history were checked by the caller, and are not checked again)."""
        if not checked:
            _check_ids(ids)
            _check_history(history)
        _check_flags(in_existence, "in_existence")
        _check_flags(exempt, "exempt")
        _check_values(values)
        n = len(ids)
        lengths = {name: len(col) for name, col in codes.items()}
        lengths |= {"in_existence": len(in_existence), "exempt": len(exempt), "history": len(history)}
        for name, size in lengths.items():
            if size != n:
                raise _bad(tr("column {name} has {size} values for {n} subjects", name=name, size=size, n=n),
                           tr("give one value per subject"))
        self = object.__new__(cls)
        for slot, value in (("_ids", ids), ("_codes", codes), ("_values", values), ("_in_existence", in_existence),
                            ("_exempt", exempt), ("_history", history), ("_memo", {})):
            object.__setattr__(self, slot, value)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"SubjectColumns is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"SubjectColumns is immutable: cannot delete {name}")

    @classmethod
    def from_entries(cls, entries: Iterable[SubjectEntry]) -> SubjectColumns:
        """The columns of entries already in id order (a tuple or list of :class:`SubjectEntry`).

        Raises:
            InvalidInputError: ids not unique and sorted by their UTF-8 bytes, a negative history count.
        """
        if isinstance(entries, SubjectColumns):
            return entries
        return cls.from_rows((s.id, s.area, s.domain, s.sector, s.subject_type, s.industry, s.credit_risk,
                              s.in_existence, s.exempt, s.history) for s in entries)

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]]) -> SubjectColumns:
        """The columns of rows of ten values in :class:`SubjectEntry`'s field order (id, area, domain, sector,
        subject_type, industry, credit_risk, in_existence, exempt, history), in one pass: each text value is
        interned through a dict per column, and no :class:`SubjectEntry` is made.

        Raises:
            InvalidInputError: a row of another length, ids not unique and sorted by their UTF-8 bytes, a flag
                that is not a bool, a history count that is not a whole number ≥ 0.
        """
        ids: list[str] = []
        seen: list[dict[str | None, int]] = [{} for _ in TEXT_FIELDS]
        codes = [array(_CODE) for _ in TEXT_FIELDS]
        in_existence, exempt = bytearray(), bytearray()
        history = array(_COUNT)
        for row in rows:
            if len(row) != len(_FIELDS):
                raise _bad(tr("a row of {count} values", count=len(row)),
                           tr("give the ten values {fields} per subject", fields=", ".join(_FIELDS)))
            ids.append(row[0])
            for k in range(len(TEXT_FIELDS)):
                index = seen[k]
                value = row[k + 1]
                code = index.get(value)
                if code is None:
                    code = index[value] = len(index)
                codes[k].append(code)
            alive, free, count = row[7], row[8], row[9]
            if not isinstance(alive, bool) or not isinstance(free, bool):
                raise _bad(tr("in_existence or exempt of {id} is not true or false", id=row[0]),
                           tr("give both as booleans"))
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise InvalidInputError(tr("history {count} for {row} is negative or not a whole number", count=count,
                                           row=row[0]),
                                        where=_WHERE, fix=tr("give the number of inspections made this year"))
            in_existence.append(alive)
            exempt.append(free)
            history.append(count)
        return cls._make(tuple(ids), dict(zip(TEXT_FIELDS, codes, strict=True)),
                         {name: tuple(index) for name, index in zip(TEXT_FIELDS, seen, strict=True)},
                         bytes(in_existence), bytes(exempt), history)

    @classmethod
    def from_columns(
        cls, *, ids: Iterable[str],
        area: tuple[Iterable[int], Iterable[str]],
        domain: tuple[Iterable[int], Iterable[str]],
        sector: tuple[Iterable[int], Iterable[str | None]],
        subject_type: tuple[Iterable[int], Iterable[str]],
        industry: tuple[Iterable[int], Iterable[str | None]],
        credit_risk: tuple[Iterable[int], Iterable[str | None]],
        in_existence: bytes | bytearray | Iterable[int],
        exempt: bytes | bytearray | Iterable[int],
        history: Iterable[int],
    ) -> SubjectColumns:
        """The columns as given, without a row or an entry made: ``ids`` in order; each text field as
        ``(codes, values)``, a code per subject (an ``array('I')``, or any whole numbers) into the field's
        distinct values; the flags as bytes of 0 and 1; the history as whole numbers ≥ 0.

        Raises:
            InvalidInputError: ids not unique and sorted by their UTF-8 bytes, a value listed twice, a code with
                no value, a flag other than 0 and 1, a negative history count, columns of different lengths.
        """
        given = {"area": area, "domain": domain, "sector": sector, "subject_type": subject_type,
                 "industry": industry, "credit_risk": credit_risk}
        codes: dict[str, array[int]] = {}
        values: dict[str, tuple[str | None, ...]] = {}
        for name in TEXT_FIELDS:
            raw_codes, raw_values = given[name]
            column = _whole_numbers(_CODE, raw_codes, tr("the codes of {name}", name=name))
            distinct = tuple(raw_values)
            if len(set(distinct)) != len(distinct):
                raise _bad(tr("the values of {name} list one twice", name=name),
                           tr("give each value of {name} once", name=name))
            if column and max(column) >= len(distinct):
                raise _bad(tr("a code of {name} ({code}) has no value ({count} given)", name=name, code=max(column),
                              count=len(distinct)),
                           tr("give a value for every code of {name}", name=name))
            codes[name], values[name] = column, distinct
        return cls._make(tuple(ids), codes, values, bytes(in_existence), bytes(exempt),
                         _whole_numbers(_COUNT, history, "history"))

    @classmethod
    def from_checked_columns(cls, *, ids: list[str], codes: dict[str, array[int]],
                             values: dict[str, tuple[str | None, ...]], in_existence: bytes | bytearray,
                             exempt: bytes | bytearray, history: array[int],
                             utf8_ids: list[bytes] | None = None) -> SubjectColumns:
        """The columns of a reader that has checked them as it read them, taken as they are: only for a reader
        that has made the checks of :meth:`from_columns` that are per subject (the ids text, unique and sorted
        by their UTF-8 bytes; every code with a value; the history counts whole numbers ≥ 0 in an
        ``array('Q')``), since they are not made again here — as
        :func:`~random_inspection.sampling.published.read_published_manifest` does. ``codes`` holds an
        ``array('I')`` per text field; the arrays are kept, not copied, and must not change afterwards.
        ``utf8_ids``, where the reader has them, are the ids' UTF-8 bytes as read (each ``ids[k].encode()``),
        kept as :meth:`utf8_ids` so that the draw does not encode the ids again.

        Raises:
            InvalidInputError: a value that is not text where §3 needs text, a flag other than 0 and 1, columns
                of different lengths, an array of another type.
        """
        if history.typecode != _COUNT or any(codes[name].typecode != _CODE for name in TEXT_FIELDS):
            raise _bad(tr("a column that is not an array of whole numbers ≥ 0"),
                       tr("give the codes as array('I') and the history as array('Q')"))
        if utf8_ids is not None and len(utf8_ids) != len(ids):
            raise _bad(tr("column {name} has {size} values for {n} subjects", name="utf8_ids", size=len(utf8_ids),
                          n=len(ids)), tr("give one value per subject"))
        made = cls._make(tuple(ids), {name: codes[name] for name in TEXT_FIELDS},
                         {name: values[name] for name in TEXT_FIELDS}, bytes(in_existence), bytes(exempt), history,
                         checked=True)
        if utf8_ids is not None:
            made._memo[_UTF8_IDS] = utf8_ids
        return made

    # the columns, read-only

    @property
    def ids(self) -> tuple[str, ...]:
        """The subjects' ids (统一社会信用代码), sorted by their UTF-8 bytes."""
        return self._ids

    def codes(self, name: str) -> memoryview:
        """The code of each subject for the text field ``name`` (one of :data:`TEXT_FIELDS`), read-only."""
        return memoryview(self._codes[name]).toreadonly()

    def values(self, name: str) -> tuple[str | None, ...]:
        """The distinct values of the text field ``name``, indexed by its codes."""
        return self._values[name]

    @property
    def in_existence(self) -> bytes:
        """1 for each subject in existence on the snapshot day, else 0."""
        return self._in_existence

    @property
    def exempt(self) -> bytes:
        """1 for each subject exempt from the yearly cap, else 0."""
        return self._exempt

    @property
    def history(self) -> memoryview:
        """Each subject's inspections this year, read-only."""
        return memoryview(self._history).toreadonly()

    def utf8_ids(self) -> list[bytes]:
        """The ids encoded in UTF-8, made once (kept with the columns: the manifest hash and the draw share
        them, so a snapshot's ids are encoded once)."""
        encoded: list[bytes] = self.memo(_UTF8_IDS, lambda: list(map(str.encode, self._ids)))
        return encoded

    def column(self, name: str) -> Iterator[str | None]:
        """The values of a text field, one per subject."""
        return map(self._values[name].__getitem__, self._codes[name])

    def memo(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """What ``make()`` gives, made once per key: for values that depend on the columns and ``key`` only
        (the draw keeps its seed-independent work here). The columns never change, so neither does the value."""
        memo = self._memo
        if key not in memo:
            memo[key] = make()
        return memo[key]

    def kept(self, key: Hashable) -> Any | None:
        """The value :meth:`memo` keeps under ``key``, or ``None`` where it has not been made (nothing is made)."""
        return self._memo.get(key)

    def utf8_ids_kept(self) -> list[bytes] | None:
        """The ids' UTF-8 (:meth:`utf8_ids`) where they were made or read already, else ``None``."""
        kept: list[bytes] | None = self.kept(_UTF8_IDS)
        return kept

    # the sequence of entries

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> SubjectEntry: ...

    @overload
    def __getitem__(self, index: slice) -> SubjectColumns: ...

    def __getitem__(self, index: int | slice) -> SubjectEntry | SubjectColumns:
        if isinstance(index, slice):
            return self._make(self._ids[index], {k: c[index] for k, c in self._codes.items()}, self._values,
                              self._in_existence[index], self._exempt[index], self._history[index])
        i = range(len(self._ids))[index]
        area, domain, sector, subject_type, industry, credit_risk = (
            self._values[name][self._codes[name][i]] for name in TEXT_FIELDS)
        return SubjectEntry(self._ids[i], area, domain, sector, subject_type, industry,  # type: ignore[arg-type]
                            credit_risk, bool(self._in_existence[i]), bool(self._exempt[i]), self._history[i])

    def __iter__(self) -> Iterator[SubjectEntry]:
        return map(SubjectEntry, self._ids, *(self.column(name) for name in TEXT_FIELDS),
                   map(bool, self._in_existence), map(bool, self._exempt), self._history)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SubjectColumns):
            return self._ids == other._ids and self._in_existence == other._in_existence and \
                self._exempt == other._exempt and self._history == other._history and \
                all(list(self.column(n)) == list(other.column(n)) for n in TEXT_FIELDS)
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and all(map(operator.eq, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SubjectColumns({len(self)} subjects)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._ids, dict(self._codes), self._values, self._in_existence, self._exempt,
                           self._history))

    # the canonical form

    def canonical_items(self) -> Iterator[bytes]:
        """Each subject as the canonical JSON object of §3 (sorted keys, no white space), in UTF-8: the same bytes
        as ``canonical_json(entry.to_json())``, made from the columns with every distinct value encoded once (and
        formatted as bytes, which is about twice as fast as formatting text that holds Chinese and encoding it)."""
        quote = json.encoder.encode_basestring  # json.dumps's own encoder of a text, ensure_ascii=False
        text: dict[str, tuple[bytes, ...]] = {
            name: tuple(b"null" if v is None else quote(v).encode("utf-8") for v in self._values[name])
            for name in TEXT_FIELDS
        }

        def column(name: str) -> Iterator[bytes]:
            return map(text[name].__getitem__, self._codes[name])

        row = (b'{"area":%b,"credit_risk":%b,"domain":%b,"exempt":%b,"history":%d,"id":%b,"in_existence":%b,'
               b'"industry":%b,"sector":%b,"subject_type":%b}')
        return map(row.__mod__, zip(
            column("area"), column("credit_risk"), column("domain"), map(_BOOL_JSON.__getitem__, self._exempt),
            self._history, map(str.encode, map(quote, self._ids)), map(_BOOL_JSON.__getitem__, self._in_existence),
            column("industry"), column("sector"), column("subject_type"), strict=True))


def _rebuild(ids: tuple[str, ...], codes: Mapping[str, array[int]], values: dict[str, tuple[str | None, ...]],
             in_existence: bytes, exempt: bytes, history: array[int]) -> SubjectColumns:
    return SubjectColumns._make(ids, dict(codes), values, in_existence, exempt, history)
