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
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any

import attrs

__all__ = ["CONTROL_CHARACTERS", "LocalField", "PatternReader", "fold_identifier"]

# Full-width ASCII (what a Chinese input method types: ＡＢ１２) to ASCII, the ideographic space to a space, and
# the invisible characters a copy from a web page or a document brings removed: soft hyphen, zero-width space and
# joiners, direction marks, word joiner, byte-order mark.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20} | dict.fromkeys(
    (0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF))
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""The characters no form can carry (a cell holding one is refused)."""


def fold_identifier(text: str) -> str:
    """An identifier's text as the law writes it: full-width letters and digits as ASCII, invisible characters
    removed (letter case is left to the identifier's own rule: a 统一社会信用代码 is upper case)."""
    return text.translate(_FOLD)


@attrs.frozen
class LocalField:
    """A column read on every row: the cell's index, the field's path in the model (``("contact", "phone")``),
    whether the model requires it, and whether it is an identifier (folded by :func:`fold_identifier`)."""

    index: int
    path: tuple[str, ...]
    required: bool
    identifier: bool


def _check(model: type[Any], name: str) -> Callable[[Any], Any]:
    """The field's own converter and validator, as the constructor runs them."""
    field = attrs.fields_dict(model)[name]
    convert = field.converter
    validate = field.validator

    def check(value: Any) -> Any:
        if convert is not None:
            value = convert(value)  # type: ignore[operator]
        if validate is not None:
            validate(None, field, value)
        return value
    return check


@attrs.frozen
class _Part:
    """A class the record is built of (the record's own, or a field's): the names of its fields taken from the
    pattern, and of those read on the row, in the order of ``PatternReader``'s local fields."""

    cls: type[Any]
    outer: str | None
    from_pattern: tuple[str, ...]
    from_row: tuple[str, ...]
    row_positions: tuple[int, ...]


@attrs.frozen
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
    """

    def __init__(self, model: type[Any], local: Sequence[LocalField], width: int, key: int, example_mark: str,
                 read_alone: Callable[[tuple[Any, ...]], Any | None],
                 placeholder: Callable[[LocalField], str]) -> None:
        if any(len(f.path) > 2 for f in local):
            raise ValueError("a local field is at most a field of a field")
        self._local = tuple(local)
        self._width = width
        self._key = key
        self._mark = example_mark
        self._read_alone = read_alone
        self._placeholder = placeholder
        local_indexes = {f.index for f in self._local}
        self._pattern_indexes = tuple(i for i in range(width) if i not in local_indexes)
        self._patterns: dict[tuple[Any, ...], _Pattern | None] = {}
        attrs.resolve_types(model)  # the annotations as types, for the nested classes
        fields = attrs.fields_dict(model)
        self._checks = []
        outers: dict[str, type[Any]] = {}
        for field in self._local:
            cls = model
            if len(field.path) == 2:
                cls = fields[field.path[0]].type
                if not (isinstance(cls, type) and attrs.has(cls)):
                    raise ValueError(f"{model.__name__}.{field.path[0]} is not an attrs class")
                outers[field.path[0]] = cls
            self._checks.append(_check(cls, field.path[-1]))
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

    def read(self, cells: tuple[Any, ...]) -> tuple[_Pattern, list[Any]] | None:
        """What the row's record is built of — its pattern and the values of its local cells, in the order of the
        local fields — or ``None``: read the row alone (it may have a problem, or a cell this path does not take).
        """
        if len(cells) != self._width:
            return None
        key = tuple([cells[i] for i in self._pattern_indexes])
        try:
            pattern = self._patterns[key]
        except KeyError:
            pattern = self._patterns[key] = self._pattern(cells)
        if pattern is None:
            return None
        key_cell = cells[self._key]
        if isinstance(key_cell, str) and key_cell.lstrip().startswith(self._mark):
            return None
        values: list[Any] = []
        try:
            for field, check, default in zip(self._local, self._checks, pattern.defaults, strict=True):
                raw = cells[field.index]
                if type(raw) is not str or CONTROL_CHARACTERS.search(raw):
                    return None
                text = raw.strip()
                if field.identifier:
                    text = fold_identifier(text).strip()
                if text:
                    values.append(check(text))
                elif field.required:
                    return None
                else:
                    values.append(default)
        except Exception:  # any check that does not pass: the row is read alone, which names the problem
            return None
        return pattern, values

    def build(self, rows: Sequence[tuple[_Pattern, list[Any]]]) -> list[Any]:
        """The records of rows :meth:`read` took, in their order, built a field at a time over all of them (the
        loops run in C: a frozen object's fields are set through their slots, as its constructor sets them)."""
        count = len(rows)
        values = [v for _, v in rows]
        taken = [p.values for p, _ in rows]
        top, *nested = self._parts
        holders = []
        for k, part in enumerate(nested, start=1):
            holders.append(self._fill(part, count, [list(map(itemgetter(k), taken))], values, []))
        return self._fill(top, count, [list(map(itemgetter(0), taken))], values, holders)

    @staticmethod
    def _fill(part: _Part, count: int, taken: list[list[tuple[Any, ...]]], values: list[list[Any]],
              holders: list[list[Any]]) -> list[Any]:
        objects = list(map(object.__new__, repeat(part.cls, count)))
        (from_pattern,) = taken
        columns: list[Iterable[Any]] = [map(itemgetter(j), from_pattern) for j in range(len(part.from_pattern))]
        columns += [map(itemgetter(n), values) for n in part.row_positions]
        columns += holders
        for name, column in zip(part.from_pattern + part.from_row, columns, strict=True):
            slot = getattr(part.cls, name)  # the slot's member descriptor
            deque(map(slot.__set__, objects, column), maxlen=0)
        return objects
