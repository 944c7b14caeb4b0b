"""draw-v2's structured public input (docs/spec/draw-v2.md §3): one accepted spelling per outcome.

A :class:`PublicInputSpec` names the source of the public input (the dice, where, witnessed by whom), the time
it will be produced, and its fields. Each field type accepts exactly one ASCII spelling of each value, the
fields are joined by single spaces, and a text is accepted iff it is exactly the rendering of the values it
parses to — so no re-spelling (full-width or Arabic-Indic digits, a leading zero, a sign, another number of
decimal places) gives another seed. Parsing uses no regular expression: character comparisons only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import Message, join, tr

__all__ = ["FIELD_TYPES", "InputField", "InputValue", "PublicInputSpec", "check_produced_at", "parse_produced_at"]

FieldType = Literal["digits", "integer", "decimal", "date"]
FIELD_TYPES: tuple[FieldType, ...] = ("digits", "integer", "decimal", "date")
"""The field types of §3.2, each with exactly one spelling of each value."""

_DIGITS = "0123456789"
InputValue = str | int | Decimal | dt.date
"""A field's value: the digit string itself (``digits``), an ``int``, a ``Decimal`` or a ``date``."""

_KEYS: dict[str, frozenset[str]] = {
    "digits": frozenset({"name", "type", "length", "alphabet"}),
    "integer": frozenset({"name", "type", "min", "max"}),
    "decimal": frozenset({"name", "type", "places"}),
    "date": frozenset({"name", "type"}),
}


def _bad(what: str, fix: str, where: str = "public_input") -> InvalidInputError:
    return InvalidInputError(what, where=where, fix=fix)


def _whole(value: Any, name: str, least: int, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise _bad(tr("{name} {value!r} is not a whole number ≥ {least}", name=name, value=value, least=least),
                   tr("give {name} as an integer ≥ {least}", name=name, least=least), where)
    return value


def _all_digits(text: str) -> bool:
    return text != "" and all(c in _DIGITS for c in text)


def _canonical_natural(text: str) -> bool:
    """ASCII digits, no leading zero (``0`` itself allowed): the one spelling of a whole number ≥ 0."""
    return _all_digits(text) and (text == "0" or text[0] != "0")


@attrs.frozen
class InputField:
    """One field of the public input (spec draw-v2 §3.2).

    ``digits``: ``length`` characters, each from ``alphabet`` (distinct ASCII digits in ascending order; dice
    are ``"123456"``); the value is the text itself. ``integer``: a whole number in ``[min, max]``, ASCII
    digits, no sign, no leading zero. ``decimal``: a number ≥ 0 with exactly ``places`` decimal places, no sign,
    no leading zero before the point. ``date``: ``YYYY-MM-DD``, a real date of the Gregorian calendar.

    Raises:
        InvalidInputError: an unknown type, a bound or length that does not fit, an empty name.
    """

    name: str
    type: FieldType
    length: int | None = None
    alphabet: str | None = None
    min: int | None = None
    max: int | None = None
    places: int | None = None

    def __attrs_post_init__(self) -> None:
        where = tr("public_input field {name!r}", name=self.name)
        if not isinstance(self.name, str) or not self.name or self.name != self.name.strip():
            raise _bad(tr("field name {name!r} is empty or has leading or trailing blanks", name=self.name),
                       tr("name each field, e.g. \"die1\""), where)
        if self.type not in FIELD_TYPES:
            raise _bad(tr("unknown field type {type!r}", type=self.type),
                       tr("use one of {types}", types=", ".join(FIELD_TYPES)), where)
        given = {k for k in ("length", "alphabet", "min", "max", "places") if getattr(self, k) is not None}
        allowed = _KEYS[self.type] - {"name", "type"}
        if given != allowed:
            takes, gave = ", ".join(sorted(allowed)), ", ".join(sorted(given))
            if not allowed:
                what = tr("a {type} field takes exactly no options; given: {given}", type=self.type, given=gave)
            elif not given:
                what = tr("a {type} field takes exactly {allowed}; given: none", type=self.type, allowed=takes)
            else:
                what = tr("a {type} field takes exactly {allowed}; given: {given}", type=self.type, allowed=takes,
                          given=gave)
            raise _bad(what,
                       tr('e.g. {{name = "die1", type = "digits", length = 1, alphabet = "123456"}}'), where)
        if self.type == "digits":
            _whole(self.length, "length", 1, where)
            alphabet = self.alphabet
            if not isinstance(alphabet, str) or not alphabet or any(c not in _DIGITS for c in alphabet) or \
                    list(alphabet) != sorted(set(alphabet)):
                raise _bad(tr("alphabet {alphabet!r} is not distinct ASCII digits in ascending order",
                              alphabet=alphabet),
                           tr("e.g. \"123456\" for a die, \"0123456789\" for any digit"), where)
        elif self.type == "integer":
            low = _whole(self.min, "min", 0, where)
            high = _whole(self.max, "max", 0, where)
            if high < low:
                raise _bad(tr("max {high} is below min {low}", high=high, low=low), tr("give min ≤ max"), where)
        elif self.type == "decimal":
            _whole(self.places, "places", 1, where)

    def parse(self, text: str) -> InputValue:
        """The value of ``text`` if it is this field's one spelling of it.

        Raises:
            InvalidInputError: any other text.
        """
        value = self._parse(text)
        if value is None or self.render(value) != text:
            raise _bad(tr("{text!r} is not {form}", text=text, form=self.describe()),
                       tr("write {name} as {form}", name=self.name, form=self.describe()),
                       f"public input field {self.name!r}")
        return value

    def _parse(self, text: str) -> InputValue | None:
        if self.type == "digits":
            assert self.length is not None
            assert self.alphabet is not None
            if len(text) == self.length and all(c in self.alphabet for c in text):
                return text
            return None
        if self.type == "integer":
            assert self.min is not None
            assert self.max is not None
            if not _canonical_natural(text):
                return None
            number = int(text)
            return number if self.min <= number <= self.max else None
        if self.type == "decimal":
            assert self.places is not None
            whole, point, fraction = text.partition(".")
            if point != "." or not _canonical_natural(whole) or len(fraction) != self.places or \
                    not _all_digits(fraction):
                return None
            return Decimal(whole + "." + fraction)
        if len(text) != 10 or text[4] != "-" or text[7] != "-" or not _all_digits(text[:4] + text[5:7] + text[8:]):
            return None
        try:
            return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            return None

    def render(self, value: InputValue) -> str:
        """The one spelling of ``value`` (§3.2).

        Raises:
            InvalidInputError: a value this field cannot take.
        """
        if self.type == "digits" and isinstance(value, str) and self._parse(value) == value:
            return value
        if self.type == "integer" and isinstance(value, int) and not isinstance(value, bool):
            assert self.min is not None
            assert self.max is not None
            if self.min <= value <= self.max:
                return str(value)
        if self.type == "decimal" and isinstance(value, Decimal) and value.is_finite() and value >= 0:
            assert self.places is not None
            scaled = value.scaleb(self.places)
            if scaled == scaled.to_integral_value():
                units = int(scaled)
                text = str(units).rjust(self.places + 1, "0")
                return f"{text[:-self.places]}.{text[-self.places:]}"
        if self.type == "date" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        raise _bad(tr("{value!r} is not a value of {form}", value=value, form=self.describe()),
                   tr("give a value the field can take"),
                   f"public input field {self.name!r}")

    def describe(self) -> Message:
        """The field's spelling in words, e.g. ``die1: 1 digit of 123456`` (a message: the command line shows it in
        its language)."""
        if self.type == "digits":
            if self.length == 1:
                return tr("{name}: {length} digit of {alphabet}", name=self.name, length=self.length,
                          alphabet=self.alphabet)
            return tr("{name}: {length} digits of {alphabet}", name=self.name, length=self.length,
                      alphabet=self.alphabet)
        if self.type == "integer":
            return tr("{name}: a whole number {min}–{max}, no leading zero", name=self.name, min=self.min,
                      max=self.max)
        if self.type == "decimal":
            return tr("{name}: a number with exactly {places} decimal places, no leading zero", name=self.name,
                      places=self.places)
        return tr("{name}: a date YYYY-MM-DD", name=self.name)

    def describe_zh(self) -> str:
        """The field's spelling in Chinese, for the pages a bureau posts, e.g. ``die1：1位数字，取自 123456``."""
        if self.type == "digits":
            return f"{self.name}：{self.length}位数字，取自 {self.alphabet}"
        if self.type == "integer":
            return f"{self.name}：{self.min}至{self.max}的整数，不加前导零"
        if self.type == "decimal":
            return f"{self.name}：恰好{self.places}位小数的数，不加前导零"
        return f"{self.name}：日期，写作 YYYY-MM-DD"

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _KEYS[self.type]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> InputField:
        """A field from its JSON (or TOML) table.

        Raises:
            InvalidInputError: unknown keys, an unknown type, or options that do not fit the type.
        """
        if not isinstance(data, Mapping):
            raise _bad(tr("a field {data!r} is not a table", data=data), tr('give {{name = …, type = …, …}}'))
        kind = data.get("type")
        if not isinstance(kind, str) or kind not in _KEYS:
            raise _bad(tr("unknown field type {type!r}", type=kind),
                       tr("use one of {types}", types=", ".join(FIELD_TYPES)),
                       tr("public_input field {name!r}", name=data.get('name')))
        unknown = set(data) - _KEYS[kind]
        if unknown:
            keys = ", ".join(sorted(unknown))
            raise _bad(tr("unknown keys {keys} for a {type} field", keys=keys, type=kind) if len(unknown) > 1 else
                       tr("unknown key {keys} for a {type} field", keys=keys, type=kind),
                       tr("a {type} field takes {keys}", type=kind, keys=", ".join(sorted(_KEYS[kind]))),
                       tr("public_input field {name!r}", name=data.get('name')))
        options: dict[str, Any] = {k: data.get(k) for k in ("length", "alphabet", "min", "max", "places")}
        return cls(data.get("name"), kind, **options)  # type: ignore[arg-type]  # checked by __attrs_post_init__


def _offset_ok(text: str) -> bool:
    return text[0] in "+-" and _all_digits(text[1:3]) and text[3] == ":" and _all_digits(text[4:6]) and \
        int(text[1:3]) <= 23 and int(text[4:6]) <= 59 and text != "-00:00"


def parse_produced_at(text: str) -> dt.datetime:
    """The aware time of a ``produced_at`` text, which must be spelled exactly ``YYYY-MM-DDTHH:MM:SS+HH:MM``
    (seconds and offset required, no fraction, ``-00:00`` refused: ``+00:00`` is that offset's one spelling).

    Raises:
        InvalidInputError: any other spelling, or a time that does not exist.
    """
    fix = tr("write it as YYYY-MM-DDTHH:MM:SS+HH:MM, e.g. 2026-12-01T09:30:00+08:00")
    ok = isinstance(text, str) and len(text) == 25 and text.isascii() and text[10] == "T" and \
        text[13] == ":" and text[16] == ":" and _all_digits(text[11:13] + text[14:16] + text[17:19]) and \
        _offset_ok(text[19:])
    if ok:
        try:
            day = dt.date(int(text[:4]), int(text[5:7]), int(text[8:10])) if text[4] == text[7] == "-" and \
                _all_digits(text[:4] + text[5:7] + text[8:10]) else None
            if day is not None:
                sign = 1 if text[19] == "+" else -1
                offset = dt.timedelta(hours=int(text[20:22]), minutes=int(text[23:25])) * sign
                return dt.datetime(day.year, day.month, day.day, int(text[11:13]), int(text[14:16]),
                                   int(text[17:19]), tzinfo=dt.timezone(offset))
        except ValueError:
            pass
    raise _bad(tr("produced_at {text!r} is not in the one spelling", text=text), fix, "public_input.produced_at")


def check_produced_at(text: str) -> str:
    """``text`` if :func:`parse_produced_at` accepts it."""
    parse_produced_at(text)
    return text


def _fields(value: Iterable[InputField]) -> tuple[InputField, ...]:
    fields = tuple(value)
    if not fields:
        raise _bad(tr("the public input has no field"), tr("give at least one field, e.g. one per die"))
    if not all(isinstance(f, InputField) for f in fields):
        raise _bad(tr("the public input's fields are not InputField"), tr("give InputField(...) values"))
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise _bad(tr("a field name appears twice"), tr("name each field once"))
    return fields


def _source(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _bad(tr("the public input's source is empty"),
                   tr("say what produces it, where and witnessed by whom, e.g. 四枚骰子当众投掷，依次记录点数，地点…"))
    return value


@attrs.frozen
class PublicInputSpec:
    """The public input of a draw-v2 manifest (spec draw-v2 §3): what produces it (``source``), when
    (``produced_at``, in its one spelling) and its ``fields``. The accepted text is the fields' values, each in
    its one spelling, joined by single ASCII spaces.

    Raises:
        InvalidInputError: an empty source, a ``produced_at`` not in its one spelling, no fields, a field
            named twice.
    """

    source: str = attrs.field(converter=_source)
    produced_at: str = attrs.field(converter=check_produced_at)
    fields: tuple[InputField, ...] = attrs.field(converter=_fields)

    @property
    def produced_at_time(self) -> dt.datetime:
        """``produced_at`` as an aware datetime: the store refuses a commit at or after it."""
        return parse_produced_at(self.produced_at)

    def parse(self, text: str) -> tuple[InputValue, ...]:
        """The values of an accepted public input text (§3.3).

        Raises:
            InvalidInputError: a text that is not exactly the one spelling of its values.
        """
        where = tr("public input")
        if not isinstance(text, str) or not text.isascii():
            raise _bad(tr("public input {text!r} holds characters outside ASCII (full-width or other digits?)",
                          text=text), tr("write it in ASCII as: {form}", form=self.describe()), where)
        parts = text.split(" ")
        if len(parts) != len(self.fields):
            raise _bad(tr("public input {text!r} has {parts} space-separated parts, the manifest fixes "
                          "{fields} (one space between fields, none before or after)", text=text, parts=len(parts),
                          fields=len(self.fields)),
                       tr("write it as: {form}", form=self.describe()), where)
        values = []
        for field, part in zip(self.fields, parts, strict=True):
            try:
                values.append(field.parse(part))
            except InvalidInputError as exc:
                raise _bad(tr("public input {text!r}: {what}", text=text, what=exc.what),
                           tr("write it as: {form}", form=self.describe()), where) from None
        return tuple(values)

    def render(self, values: Iterable[InputValue]) -> str:
        """The one accepted text of ``values``."""
        values = tuple(values)
        if len(values) != len(self.fields):
            raise _bad(tr("{values} values for {fields} fields", values=len(values), fields=len(self.fields)),
                       tr("give one value per field"),
                       "public input")
        return " ".join(f.render(v) for f, v in zip(self.fields, values, strict=True))

    def check(self, text: str) -> None:
        """Refuse a text that is not exactly the rendering of the values it parses to (§3.3)."""
        if self.render(self.parse(text)) != text:  # pragma: no cover - parse accepts only its own renderings
            raise _bad(tr("public input {text!r} is not in its one spelling", text=text),
                       tr("write it as: {form}", form=self.describe()),
                       "public input")

    def describe(self) -> Message:
        """The fields in words, separated by single spaces (a message, as :meth:`InputField.describe`)."""
        return tr("{fields} (fields joined by single spaces)", fields=join("; ", (f.describe() for f in self.fields)))

    def describe_zh(self) -> str:
        """The fields in Chinese, for the notice and the disclosure page (:meth:`describe` in English)."""
        return "；".join(f.describe_zh() for f in self.fields) + "（各项依次以一个半角空格分隔，仅用半角数字）"

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "produced_at": self.produced_at, "fields": [f.to_json() for f in self.fields]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublicInputSpec:
        """Read a ``public_input`` object (JSON or a TOML table).

        Raises:
            InvalidInputError: unknown or missing keys, or any problem of the spec itself.
        """
        if not isinstance(data, Mapping):
            raise _bad(tr("public_input is not a table"), tr("give source, produced_at and fields"))
        keys = set(data)
        if keys != {"source", "produced_at", "fields"}:
            raise _bad(tr("public_input has keys {keys}", keys=", ".join(sorted(keys))),
                       tr("give exactly source, produced_at and fields"))
        fields = data["fields"]
        if not isinstance(fields, list):
            raise _bad(tr("public_input.fields is not a list"),
                       tr("give fields as an array of tables ([[public_input.fields]])"))
        return cls(data["source"], data["produced_at"], tuple(InputField.from_json(f) for f in fields))
