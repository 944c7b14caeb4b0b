"""Result-code schemes (检查结果) and handling outcomes (处理情况)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model._validators import non_empty, strip
from random_inspection.model.citation import Citation

__all__ = ["HandlingOutcome", "ResultCode", "ResultScheme"]

_KEY = re.compile(r"[a-z][a-z0-9_]*")


def _key(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise InvalidInputError(
            tr("key {value!r} is not an English identifier", value=value), where=type(instance).__name__,
            fix=tr("use lower-case letters, digits and underscores, starting with a letter"),
        )


@attrs.frozen
class ResultCode:
    """One 检查结果 of a scheme: its number in the source, an English key and the exact Chinese label, and
    whether the result finds a problem (``finds_problem``): the profile that writes the scheme says so of each
    code, reading the source's words, so that the library never matches them (a follow-up that admits no
    exception, 石家庄 二(三) “后续处置无例外”, opens on every such result).

    >>> ResultCode(1, "no_violation_found", "未发现违法违规情况").label
    '未发现违法违规情况'
    >>> ResultCode(2, "violation", "存在违法违规行为，依法责令改正", finds_problem=True).finds_problem
    True
    """

    number: int = attrs.field(validator=attrs.validators.ge(1))
    key: str = attrs.field(validator=_key)
    label: str = attrs.field(converter=strip, validator=non_empty)
    finds_problem: bool = attrs.field(default=False, kw_only=True, validator=attrs.validators.instance_of(bool))


@attrs.frozen
class HandlingOutcome:
    """A 处理情况 after a finding (鹤壁 附件3: 责令改正, 立案处理, 函告许可部门, 移送司法机关)."""

    key: str = attrs.field(validator=_key)
    label: str = attrs.field(converter=strip, validator=non_empty)


def _codes(value: Iterable[ResultCode]) -> tuple[ResultCode, ...]:
    return tuple(value)


def _outcomes(value: Iterable[HandlingOutcome]) -> tuple[HandlingOutcome, ...]:
    return tuple(value)


def _unique(instance: ResultScheme, what: str, values: list[Any]) -> None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise InvalidInputError(
                tr("{what} {value!r} appears twice", what=what, value=value),
                                    where=tr("result scheme {name}", name=instance.name),
                fix=tr("give every entry its own {what}", what=what),
            )
        seen.add(value)


@attrs.frozen
class ResultScheme:
    """An ordered set of result codes with exact Chinese labels, the handling outcomes that may follow, and
    the citation of the article that lists them (许应急〔2023〕14号 第十九条: four codes; 鹤双随机办〔2020〕19号
    附件4 备注: eight). Codes are numbered 1..n in the order the source gives them.

    Look codes up with :meth:`code` by number, English key or Chinese label. ``non_cooperation`` names the code
    serious non-cooperation gives, where the scheme has one; :attr:`problem_codes` are the codes that find a
    problem (:attr:`ResultCode.finds_problem`).
    """

    name: str = attrs.field(converter=strip, validator=non_empty)
    codes: tuple[ResultCode, ...] = attrs.field(converter=_codes)
    citation: Citation
    outcomes: tuple[HandlingOutcome, ...] = attrs.field(default=(), converter=_outcomes)
    non_cooperation: int | None = attrs.field(default=None, kw_only=True)
    """The number of the code a serious non-cooperation gives, where the scheme has one (鹤壁 附件4 备注 6
    不配合检查情节严重); ``None`` where it has none."""

    def __attrs_post_init__(self) -> None:
        if not self.codes:
            raise InvalidInputError(
                tr("has no result codes"),
                                    where=tr("result scheme {name}", name=self.name),
                                    fix=tr("list the codes of the source")
            )
        numbers = [c.number for c in self.codes]
        if numbers != list(range(1, len(numbers) + 1)):
            raise InvalidInputError(
                tr("codes are numbered {numbers}, expected 1..{numbers_count} in order", numbers=numbers,
                   numbers_count=len(numbers)),
                where=tr("result scheme {name}", name=self.name), fix=tr("number the codes as the source does"),
            )
        if self.non_cooperation is not None and self.non_cooperation not in numbers:
            raise InvalidInputError(
                tr("non_cooperation {non_cooperation!r} is not a code of the scheme",
                   non_cooperation=self.non_cooperation),
                where=tr("result scheme {name}", name=self.name),
                                    fix=tr("give the number of the code serious non-cooperation "
                                                          "gives"),
            )
        _unique(self, "key", [c.key for c in self.codes])
        _unique(self, "label", [c.label for c in self.codes])
        _unique(self, "outcome key", [o.key for o in self.outcomes])

    @property
    def problem_codes(self) -> tuple[ResultCode, ...]:
        """The codes whose result finds a problem (:attr:`ResultCode.finds_problem`), in the scheme's order."""
        return tuple(c for c in self.codes if c.finds_problem)

    def __iter__(self) -> Iterator[ResultCode]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def code(self, ref: int | str) -> ResultCode:
        """The code with this number, English key or exact Chinese label.

        Raises:
            InvalidInputError: listing the scheme's codes when nothing matches.
        """
        for c in self.codes:
            if ref in (c.number, c.key, c.label):
                return c
        listing = "; ".join(f"{c.number} {c.key} {c.label}" for c in self.codes)
        raise InvalidInputError(
            tr("no result code {ref!r}", ref=ref),
                                where=tr("result scheme {name}", name=self.name), fix=tr("use one of: {listing}",
                                                                                 listing=listing)
        )

    def outcome(self, ref: str) -> HandlingOutcome:
        """The handling outcome with this English key or Chinese label."""
        for o in self.outcomes:
            if ref in (o.key, o.label):
                return o
        listing = "; ".join(f"{o.key} {o.label}" for o in self.outcomes) or "(none in this scheme)"
        raise InvalidInputError(
            tr("no handling outcome {ref!r}", ref=ref), where=tr("result scheme {name}", name=self.name),
            fix=tr("use one of: {listing}", listing=listing)
        )
