"""What a rule may change in how its period is counted: the time of day it ends (民法典 第二百零三条第二款) and
the counting itself where a law provides otherwise (第二百零四条).

* :class:`CutOff` — “期间的最后一日的截止时间为二十四时；有业务时间的，停止业务活动的时间为截止时间”: where the
  act is done at a place with business hours (delivering to an office, a counter), the last day ends when
  business stops, not at 24:00. The statute gives the rule; the hours come from the office (its published
  hours, a bureau's configuration, a plan), and the cut-off cites where.
* :class:`CountingOverride` — “期间的计算方法依照本法的规定，但是法律另有规定或者当事人另有约定的除外”: a law
  may count a period otherwise — the day of the event counted, no extension over rest days, days counted as
  working days (《中华人民共和国行政处罚法》第八十五条: 本法中“二日”“三日”“五日”“七日”的规定是指工作日) — and
  the override cites that law.

Both are values a time-limit rule carries (``Rule(cut_off=..., counting=...)``) and
:func:`~random_inspection.timelimits.deadline` applies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model.citation import Citation

__all__ = ["CIVIL_CODE", "COUNT_UNITS", "CUT_OFF_BASIS", "OTHERWISE_BASIS", "CountingOverride", "CutOff"]

CIVIL_CODE = "中华人民共和国民法典"
"""The statute whose 第二百零一条 to 第二百零四条 say how periods are counted."""

CUT_OFF_BASIS = Citation(CIVIL_CODE, "第二百零三条第二款")
"""期间的最后一日的截止时间为二十四时；有业务时间的，停止业务活动的时间为截止时间."""

OTHERWISE_BASIS = Citation(CIVIL_CODE, "第二百零四条")
"""期间的计算方法依照本法的规定，但是法律另有规定或者当事人另有约定的除外."""

COUNT_UNITS = ("日", "个工作日")
"""The units a period in days or working days may be counted in instead (:attr:`CountingOverride.count_in`)."""


def _citation(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Citation):
        raise InvalidInputError(tr("{name} {value!r} is not a Citation",
                                   name=attribute.name,
                                   value=value), where=type(instance).__name__,
                                fix=tr("cite where it comes from with Citation(document, article, ...)"))


def _time(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.time) or value.tzinfo is not None or value == dt.time(0, 0):
        raise InvalidInputError(
            tr("the cut-off {value!r} is not a time of day after 00:00", value=value), where=tr("the cut-off"),
            fix=tr("give the local time business stops with `--cut-off HH:MM`, e.g. 17:30 (in Python: "
                   "datetime.time(17, 30)); a period without business hours ends at 24:00 and needs no cut-off"),
        )


def _words(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidInputError(tr("{name} {value!r} is not text",
                                   name=attribute.name,
                                   value=value), where=type(instance).__name__,
                                fix=tr("quote the source's words, or leave them out"))


@attrs.frozen
class CutOff:
    """The time the last day of a period ends where the act is done during business hours (停止业务活动的时间,
    民法典 第二百零三条第二款).

    Attributes:
        time: the local time business stops, e.g. ``17:30``.
        source: where the hours come from (the office's published hours, the bureau's configuration, the plan).
        words: the source's words stating the hours, when quoted.
    """

    time: dt.time = attrs.field(validator=_time)
    source: Citation = attrs.field(validator=_citation)
    words: str | None = attrs.field(default=None, validator=_words)

    @property
    def label(self) -> str:
        """The time as ``HH:MM``."""
        return self.time.strftime("%H:%M")

    @property
    def legal_basis(self) -> tuple[Citation, ...]:
        """民法典 第二百零三条第二款, then where the hours come from."""
        return (CUT_OFF_BASIS, self.source)

    def explain(self) -> str:
        """``ends at 17:30 (停止业务活动的时间, 民法典 第二百零三条第二款; hours: <source>)``."""
        return tr("ends at {time} (停止业务活动的时间, 民法典 第二百零三条第二款; hours: {source})", time=self.label,
                  source=self.source.short())


@attrs.frozen
class CountingOverride:
    """A way of counting a period that a law provides instead of the Civil Code's (民法典 第二百零四条).

    Attributes:
        citation: the law (or the parties' agreement) that provides otherwise.
        start_day_counted: the day of the event is the first day (instead of 第二百零一条: 开始的当日不计入).
        extend_over_rest_days: ``False``: a last day on a rest day is not moved to the next working day
            (instead of 第二百零三条第一款); the period runs in calendar days throughout.
        count_in: count the period's number in another unit, ``"日"`` or ``"个工作日"`` (a law that says its
            N日 are working days); ``None`` keeps the rule's unit.
        words: the law's words, when quoted.

    Raises:
        InvalidInputError: an override that changes nothing, an unknown unit, or no citation.
    """

    citation: Citation = attrs.field(validator=_citation)
    start_day_counted: bool = attrs.field(default=False, kw_only=True)
    extend_over_rest_days: bool = attrs.field(default=True, kw_only=True)
    count_in: str | None = attrs.field(default=None, kw_only=True)
    words: str | None = attrs.field(default=None, kw_only=True, validator=_words)

    def __attrs_post_init__(self) -> None:
        where = tr("counting otherwise ({citation})", citation=self.citation.short())
        for name in ("start_day_counted", "extend_over_rest_days"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidInputError(tr("{name} {getattr!r} is not True or False", name=name,
                                           getattr=getattr(self, name)), where=where,
                                        fix=tr("give {name}=True or False", name=name))
        if self.count_in is not None and self.count_in not in COUNT_UNITS:
            raise InvalidInputError(tr("cannot count a period in {count_in!r}", count_in=self.count_in), where=where,
                                    fix=tr("give count_in as {units}", units=" or ".join(repr(u) for u in COUNT_UNITS)))
        if not self.changes:
            raise InvalidInputError(tr("the override counts as the Civil Code does"), where=where,
                                    fix=tr("say what the law changes: `--start-day-counted`, `--no-extension` or "
                                           "`--count-in UNIT` (in Python: start_day_counted=True, "
                                           "extend_over_rest_days=False or count_in=...); or leave out "
                                           "`--counting-law`"))

    @property
    def changes(self) -> tuple[str, ...]:
        """What it changes, in words: ``开始的当日计入``, ``最后一日为休息日的不顺延``, ``按个工作日计算``."""
        out = []
        if self.start_day_counted:
            out.append("开始的当日计入")
        if not self.extend_over_rest_days:
            out.append("最后一日为休息日的不顺延")
        if self.count_in is not None:
            out.append(f"按{self.count_in}计算")
        return tuple(out)

    @property
    def legal_basis(self) -> tuple[Citation, ...]:
        """民法典 第二百零四条, then the law that provides otherwise."""
        return (OTHERWISE_BASIS, self.citation)

    def explain(self) -> str:
        """``counted otherwise (民法典 第二百零四条): 开始的当日计入 [the law]``."""
        return tr("counted otherwise (民法典 第二百零四条): {changes} [{citation}]", changes="、".join(self.changes),
                  citation=self.citation.short())
