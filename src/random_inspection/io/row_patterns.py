"""Reading a registry-sized roster by its rows' patterns, with every check the model makes.

A roster of a registry's size repeats itself. Of a subject's sixteen columns, a handful (the 统一社会信用代码, the
name, the contact) differ from row to row; the rest (监管领域, 行政区划代码, 登记状态, 信用风险分类, the yes/no
columns) take a few values each. Each distinct combination of a row's repeating cells — its *pattern* — is read
once, through the model's own constructor and every check it makes, with the template's example values standing
in for the row's own values. The cells of the columns that differ from row to row (the columns marked ``local``)
are checked on each row by their field's own converter and validator, and the row's record is the pattern's object
with those values put in.

A row for which any of this does not pass (a cell the quick path does not take, a check that fails) is read again,
alone, through the constructor — the path every row took before — which gives its problems as always. So the
result is the constructor's for every row, as long as no check of the model compares a ``local`` column with
another one: a column is marked ``local`` only when its field's checks look at its own value alone.
``tests/test_roster_speed.py`` checks that reading with and without patterns gives the same records and problems.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress, repeat
from operator import attrgetter, is_, itemgetter, methodcaller, not_
from typing import Any

import attrs

from random_inspection.model._validators import TAKEN_AS_IT_IS, non_empty, strip, strip_optional
from random_inspection.model.identifiers import IDENTIFIER_FOLD

__all__ = ["CONTROL_CHARACTERS", "LocalField", "PatternReader"]

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""The characters no form can carry (a cell holding one is refused)."""


@attrs.frozen
class LocalField:
    """A column read on every row: the cell's index, the field's path in the model (``("contact", "phone")``),
    whether the model requires it, and whether it is an identifier (folded by
    :func:`~random_inspection.model.identifiers.fold_identifier`)."""

    index: int
    path: tuple[str, ...]
    required: bool
    identifier: bool


_REFUSED = object()
_VALUES = attrgetter("values")

# Converters and validators that change nothing of trimmed, non-empty text: a field with no others needs no check
# of such a cell.
_TEXT_AS_IT_IS: frozenset[Any] = frozenset({None, strip, strip_optional, non_empty})


def _check(model: type[Any], name: str) -> Callable[[Any], Any] | None:
    """The field's own converter and validator, as the constructor runs them, giving ``_REFUSED`` where they
    refuse the value; ``None`` when they leave trimmed, non-empty text as it is."""
    field = attrs.fields_dict(model)[name]
    convert = field.converter
    validate = field.validator
    if convert in _TEXT_AS_IT_IS and validate in _TEXT_AS_IT_IS:
        return None

    def check(value: Any) -> Any:
        try:
            if convert is not None:
                value = convert(value)  # type: ignore[operator]
            if validate is not None:
                validate(None, field, value)
        except Exception:  # any refusal: the row is read alone, which names the problem
            return _REFUSED
        return value
    return check


def _column_check(model: type[Any], name: str) -> Callable[[Sequence[str]], list[bool]] | None:
    """The field's test of a whole column (its ``TAKEN_AS_IT_IS`` metadata): which values its converter leaves as
    they are and its validator accepts, the same answer as theirs; ``None`` where the field has none."""
    found: Callable[[Sequence[str]], list[bool]] | None = attrs.fields_dict(model)[name].metadata.get(TAKEN_AS_IT_IS)
    return found


@attrs.frozen
class _Part:
    """A class the record is built of (the record's own, or a field's): the names of its fields taken from the
    pattern, and of those read on the row, in the order of ``PatternReader``'s local fields."""

    cls: type[Any]
    outer: str | None
    from_pattern: tuple[str, ...]
    from_row: tuple[str, ...]
    row_positions: tuple[int, ...]


@attrs.frozen(eq=False)  # compared by identity: ``None in patterns`` looks at each row's pattern, in C
class _Pattern:
    """A pattern's object and what each record of it takes from it."""

    base: Any
    values: tuple[tuple[Any, ...], ...]  # per part, the values of its fields taken from the pattern
    defaults: tuple[Any, ...]  # per local field, its value when the row leaves it blank


class PatternReader:
    """Reads a row's record from its pattern and its local cells, or says to read it alone (``None``).

    Args:
        model: the record's attrs class.
        local: the columns read on every row; a path has at most two parts (a field of a field).
        width: the number of header cells (a shorter or longer row is read alone).
        key: the index of the key column (a row whose key starts with ``example_mark`` is read alone).
        example_mark: the mark of the template's example row.
        read_alone: reads a row through the constructor: its record, or ``None`` when it has a problem.
        placeholder: a valid value for each required local field, standing in for the row's own.
        text_of: a number cell (or an empty one) as the text the importer reads of it, ``None`` when blank.
    """

    def __init__(self, model: type[Any], local: Sequence[LocalField], width: int, key: int, example_mark: str,
                 read_alone: Callable[[tuple[Any, ...]], Any | None],
                 placeholder: Callable[[LocalField], str], text_of: Callable[[Any], str | None]) -> None:
        if any(len(f.path) > 2 for f in local):
            raise ValueError("a local field is at most a field of a field")
        self._local = tuple(local)
        self._width = width
        self._key = key
        self._mark = example_mark
        self._read_alone = read_alone
        self._placeholder = placeholder
        self._text_of = text_of
        local_indexes = {f.index for f in self._local}
        self._pattern_indexes = tuple(i for i in range(width) if i not in local_indexes)
        self._patterns: dict[tuple[Any, ...], _Pattern | None] = {}
        attrs.resolve_types(model)  # the annotations as types, for the nested classes
        fields = attrs.fields_dict(model)
        self._checks: list[Callable[[Any], Any] | None] = []
        self._column_checks: list[Callable[[Sequence[str]], list[bool]] | None] = []
        outers: dict[str, type[Any]] = {}
        for field in self._local:
            cls: Any = model
            if len(field.path) == 2:
                cls = fields[field.path[0]].type
                if not (isinstance(cls, type) and attrs.has(cls)):
                    raise ValueError(f"{model.__name__}.{field.path[0]} is not an attrs class")
                outers[field.path[0]] = cls
            self._checks.append(_check(cls, field.path[-1]))
            self._column_checks.append(_column_check(cls, field.path[-1]))
        parts = [(model, None)] + [(cls, outer) for outer, cls in outers.items()]
        self._parts = tuple(self._part(cls, outer) for cls, outer in parts)

    def _part(self, cls: type[Any], outer: str | None) -> _Part:
        mine = [(n, f) for n, f in enumerate(self._local)
                if (outer is None and len(f.path) == 1) or (outer is not None and f.path[0] == outer)]
        from_row = tuple(f.path[-1] for _, f in mine)
        if outer is None:
            from_row += tuple(self._nested_names())
        from_pattern = tuple(a.name for a in attrs.fields(cls) if a.name not in from_row)
        return _Part(cls, outer, from_pattern, from_row, tuple(n for n, _ in mine))

    def _nested_names(self) -> list[str]:
        return list(dict.fromkeys(f.path[0] for f in self._local if len(f.path) == 2))

    def _pattern(self, cells: tuple[Any, ...]) -> _Pattern | None:
        stand_in = list(cells)
        for field in self._local:
            stand_in[field.index] = self._placeholder(field) if field.required else None
        base = self._read_alone(tuple(stand_in))
        if base is None:
            return None
        values = []
        for part in self._parts:
            holder = base if part.outer is None else getattr(base, part.outer)
            values.append(tuple(getattr(holder, name) for name in part.from_pattern))
        defaults = tuple(getattr(base if len(f.path) == 1 else getattr(base, f.path[0]), f.path[-1])
                         for f in self._local)
        return _Pattern(base, tuple(values), defaults)

    def read(self, rows: Sequence[tuple[Any, ...]]) -> list[Any | None]:
        """The records of a chunk of rows, in order, each built from its pattern and its local cells; ``None`` for
        a row to read alone (it may have a problem, or a cell this path does not take).

        The work is done a column at a time over the chunk: the rows are turned into columns, each column's
        cells trimmed, folded and checked, each distinct pattern read once, and each record's fields set a field
        at a time over the chunk (the loops run in C, but for a local field's check of each value)."""
        count = len(rows)
        if not count:
            return []
        if set(map(len, rows)) != {self._width}:  # a row of another length is read alone
            same = [n for n, row in enumerate(rows) if len(row) == self._width]
            records: list[Any | None] = [None] * count
            for n, record in zip(same, self.read([rows[n] for n in same]), strict=True):
                records[n] = record
            return records
        columns = list(zip(*rows, strict=True))
        keys = list(zip(*[columns[i] for i in self._pattern_indexes], strict=True)) if self._pattern_indexes \
            else [()] * count
        for key in set(keys).difference(self._patterns):
            self._patterns[key] = self._pattern(rows[keys.index(key)])
        return self._records(count, columns.__getitem__, list(map(self._patterns.__getitem__, keys)))

    def read_columns(self, count: int, column: Callable[[int], Sequence[Any]], row: Callable[[int], tuple[Any, ...]],
                     pattern_ids: Sequence[int], first_rows: Sequence[int],
                     plain: Callable[[Sequence[int]], Mapping[int, tuple[bool, bool]]] | None = None,
                     ) -> list[Any | None]:
        """:meth:`read` of ``count`` rows of :attr:`width` cells given as columns (``column(i)``: the cells of
        column ``i``, text; ``row(n)``: the cells of row ``n``) and their patterns (``pattern_ids``: each row's
        combination of the cells outside the local columns, numbered; ``first_rows``: the row each first occurs
        in), so that the cells of the pattern's columns are never made one by one. ``plain``: for the local
        columns asked, whether each has no cell with white space at either end, a ``'`` first or a control
        character, and whether each is all ASCII (then the column passes that look for these are left out)."""
        found = []
        for first in first_rows:
            cells = row(first)
            key = tuple(cells[i] for i in self._pattern_indexes)
            if key not in self._patterns:
                self._patterns[key] = self._pattern(cells)
            found.append(self._patterns[key])
        flags = plain([f.index for f in self._local]) if plain is not None else {}
        return self._records(count, column, list(map(found.__getitem__, pattern_ids)), flags)

    @property
    def pattern_indexes(self) -> tuple[int, ...]:
        """The columns whose cells make a row's pattern (those not read on every row)."""
        return self._pattern_indexes

    @property
    def width(self) -> int:
        """The number of cells of a row this reader reads."""
        return self._width

    def _records(self, count: int, column_of: Callable[[int], Sequence[Any]],
                 patterns: list[_Pattern | None],
                 plain: Mapping[int, tuple[bool, bool]] | None = None) -> list[Any | None]:
        bad = set(compress(range(count), map(is_, patterns, repeat(None)))) if None in patterns else set()
        plain = plain or {}
        values = [self._column(field, check, whole, n, column_of(field.index), patterns, bad,
                               plain.get(field.index, (False, False)))
                  for n, (field, check, whole) in enumerate(zip(self._local, self._checks, self._column_checks,
                                                                strict=True))]
        keys = column_of(self._key)
        if self._mark in "\n".join(map(str, keys)):  # maybe the example row: each key looked at
            bad.update(n for n, cell in enumerate(keys) if str(cell).lstrip().startswith(self._mark))
        if len(bad) == count:
            return [None] * count
        if bad and None in patterns:  # a row to read alone built too (and dropped), with another row's pattern
            stand_in: dict[_Pattern | None, _Pattern | None] = {None: next(filter(None, patterns))}
            patterns = list(map(stand_in.get, patterns, patterns))  # (in C: no Python step per row)
        records: list[Any | None] = self._build(patterns, values)
        for n in bad:  # (a few rows: the others' columns are not copied to leave them out)
            records[n] = None
        return records

    def _column(self, field: LocalField, check: Callable[[Any], Any] | None,
                whole: Callable[[Sequence[str]], list[bool]] | None, position: int,
                cells: Sequence[Any], patterns: list[_Pattern | None], bad: set[int],
                plain: tuple[bool, bool] = (False, False)) -> list[Any]:
        """A local column's values over the chunk (adding to ``bad`` the rows whose cell this path does not
        take); ``whole``: the field's test of a whole column, where it has one (then ``check`` runs only on the
        values it does not take as they are); ``plain``: whether the cells are known to be text with no white
        space at either end, no ``'`` first and no control character, and whether they are known to be ASCII
        (:meth:`read_columns`): the passes that look for these are then left out."""
        is_plain, is_ascii = plain
        if is_plain:  # trimming changes no cell, none is refused or read alone for its text
            texts = list(cells)  # (a copy: a blank cell is given its default in place)
            if field.identifier and not is_ascii:
                texts = list(map(str.strip, map(methodcaller("translate", IDENTIFIER_FOLD), texts)))
        else:
            texts = self._texts(field, cells, bad)
        return self._checked(field, check, whole, position, texts, patterns, bad)

    def _texts(self, field: LocalField, cells: Sequence[Any], bad: set[int]) -> list[str]:
        """A local column's cells as text, trimmed (and folded, for an identifier), adding to ``bad`` the rows
        whose cell this path does not take (a control character, a quote first, a workbook's cell not text)."""
        if set(map(type, cells)) != {str}:
            cells = tuple(self._as_text(n, cell, bad) for n, cell in enumerate(cells))
        joined = "\n".join(cells)  # the column's text, searched once for what is rare (then cell by cell)
        if CONTROL_CHARACTERS.search(joined):
            bad.update(n for n, cell in enumerate(cells) if CONTROL_CHARACTERS.search(cell))
        texts = list(map(str.strip, cells))
        if "'" in joined:  # maybe the quote io.cell_safety's writers put before formula-like text: read alone
            bad.update(n for n, text in enumerate(texts) if text.startswith("'"))
        if field.identifier and not joined.isascii():  # (the fold changes no ASCII character)
            texts = list(map(str.strip, map(methodcaller("translate", IDENTIFIER_FOLD), texts)))
        return texts

    def _checked(self, field: LocalField, check: Callable[[Any], Any] | None,
                 whole: Callable[[Sequence[str]], list[bool]] | None, position: int, texts: list[str],
                 patterns: list[_Pattern | None], bad: set[int]) -> list[Any]:
        """A local column's trimmed texts checked by the field's converter and validator (or its test of a whole
        column), a blank cell given the pattern's default."""
        if not any(texts):  # a column left blank (in C: no Python step per row)
            if field.required:
                bad.update(range(len(texts)))
                return texts
            defaults: dict[_Pattern | None, Any] = {p: p.defaults[position] for p in set(patterns) if p is not None}
            return list(map(defaults.get, patterns))  # (a row with no pattern is read alone: bad already)
        blank = [] if all(texts) else [n for n, text in enumerate(texts) if not text]
        if check is None:
            checked = texts
        elif whole is not None:
            taken = whole(texts)
            checked = texts
            if not all(taken):  # the values not taken as they are (and not blank) through the field's own check
                checked = list(texts)
                for n in compress(range(len(texts)), map(not_, taken)):
                    if texts[n]:
                        checked[n] = check(texts[n])
        elif blank:
            checked = [check(text) if text else text for text in texts]
        else:
            checked = list(map(check, texts))
        if checked is not texts and _REFUSED in checked:
            bad.update(compress(range(len(checked)), map(is_, checked, repeat(_REFUSED))))
        for n in blank:  # the field's default (the pattern's object has it), or read alone when required
            pattern = patterns[n]
            if field.required or pattern is None:
                bad.add(n)
            else:
                checked[n] = pattern.defaults[position]
        return checked

    def _as_text(self, n: int, cell: Any, bad: set[int]) -> str:
        """A workbook's number or empty cell as the importer reads it as text (``text_of``); any other cell — a
        date, a yes/no, a cell the reader could not give — makes the row be read alone."""
        if type(cell) is str:
            return cell
        if cell is None or type(cell) in (int, float):
            try:
                return self._text_of(cell) or ""
            except Exception:  # e.g. a number too long to have kept its digits: read alone, which says so
                pass
        bad.add(n)
        return ""

    def _build(self, patterns: list[_Pattern | None], values: list[list[Any]]) -> list[Any]:
        """The records, built a field at a time over all of them: a frozen object's fields are set through their
        slots, as its constructor sets them."""
        taken = list(map(_VALUES, patterns))
        top, *nested = self._parts
        holders = [self._fill(part, list(map(itemgetter(k), taken)), values, [])
                   for k, part in enumerate(nested, start=1)]
        return self._fill(top, list(map(itemgetter(0), taken)), values, holders)

    @staticmethod
    def _fill(part: _Part, taken: list[tuple[Any, ...]], values: list[list[Any]],
              holders: list[list[Any]]) -> list[Any]:
        objects = list(map(object.__new__, repeat(part.cls, len(taken))))
        columns: list[Iterable[Any]] = [map(itemgetter(j), taken) for j in range(len(part.from_pattern))]
        columns += [values[n] for n in part.row_positions]
        columns += holders
        for name, column in zip(part.from_pattern + part.from_row, columns, strict=True):
            slot = getattr(part.cls, name)  # the slot's member descriptor
            deque(map(slot.__set__, objects, column), maxlen=0)
        return objects
