"""Where a document's dates come from, and day ranges a rule sets.

A document's first and last day in force are each *stated* (the document says so: quote its words),
*assumed* (the document is silent and a date is taken for a reason, which is shown wherever the date is
used) or *unknown* (no date: open-ended on that side); a bureau may declare a document *continued* in force
until replaced, with its reason (its last day is then open). :class:`DateBasis` holds which, with the words or the
reason; :class:`~random_inspection.model.Document` carries one for each end.

>>> DateBasis.stated("本细则自发布之日起施行").describe()
'stated: “本细则自发布之日起施行”'
>>> DateBasis.assumed("the title names the year; the document bears no other date").status.value
'assumed'
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model._validators import strip_optional

__all__ = ["DateBasis", "DateStatus", "DayRange"]


class DateStatus(str, enum.Enum):
    """How a document's date is known."""

    STATED = "stated"
    ASSUMED = "assumed"
    UNKNOWN = "unknown"
    CONTINUED = "continued"  # no last day: continued in force until replaced, by the bureau's own declaration


@attrs.frozen
class DateBasis:
    """How one end of a document's period of force is known: its status, and the document's words (stated) or
    the reason it is taken (assumed). Make one with :meth:`stated`, :meth:`assumed` or :meth:`unknown`."""

    status: DateStatus = attrs.field(converter=DateStatus)
    words: str | None = attrs.field(default=None, converter=strip_optional)
    reason: str | None = attrs.field(default=None, converter=strip_optional)

    def __attrs_post_init__(self) -> None:
        reasoned = self.status in (DateStatus.ASSUMED, DateStatus.CONTINUED)
        if reasoned and not self.reason:
            raise InvalidInputError(tr("an {value} date gives no reason", value=self.status.value),
                                    where=tr("the date's basis"),
                                    fix=tr("say why, e.g. DateBasis.assumed('the title names the year')"))
        if not reasoned and self.reason:
            raise InvalidInputError(tr("a {value} date gives a reason", value=self.status.value),
                                    where=tr("the date's basis"),
                                    fix=tr("a reason belongs to an assumed or continued date; quote a stated "
                                           "date's words instead"))
        if reasoned and self.words:
            raise InvalidInputError(tr("an {value} date quotes words", value=self.status.value),
                                    where=tr("the date's basis"),
                                    fix=tr("words belong to a stated date, or an unknown one the document words "
                                           "without a day (自制定之日起施行); give the reason instead"))

    @classmethod
    def stated(cls, words: str | None = None) -> DateBasis:
        """A date the document states; ``words`` quotes it (第二十四条 本细则自发布之日起施行)."""
        return cls(DateStatus.STATED, words)

    @classmethod
    def assumed(cls, reason: str) -> DateBasis:
        """A date the document does not state, taken for ``reason``."""
        return cls(DateStatus.ASSUMED, reason=reason)

    @classmethod
    def continued(cls, reason: str) -> DateBasis:
        """No last day: the bureau declares the document continued in force until replaced, for ``reason``."""
        return cls(DateStatus.CONTINUED, reason=reason)

    @classmethod
    def unknown(cls, words: str | None = None) -> DateBasis:
        """No date: the period is open on this side; ``words`` quotes a document that words it without a day
        (冷水滩 第二十一条 本细则自制定之日起施行)."""
        return cls(DateStatus.UNKNOWN, words)

    def describe(self) -> str:
        """The status with its words or reason, as ``explain`` shows it."""
        if self.words:
            return f"{self.status.value}: “{self.words}”"
        if self.reason:
            return f"{self.status.value}: {self.reason}"
        return self.status.value


@attrs.frozen
class DayRange:
    """A range of days a rule sets, first and last included, with the source's words (鹤壁 三(一) “2020年7月”).

    >>> DayRange(dt.date(2020, 7, 1), dt.date(2020, 7, 31), "2020年7月").contains(dt.date(2020, 7, 31))
    True
    """

    first: dt.date
    last: dt.date
    words: str | None = attrs.field(default=None, converter=strip_optional)

    def __attrs_post_init__(self) -> None:
        for name in ("first", "last"):
            value = getattr(self, name)
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise InvalidInputError(tr("{name} {value!r} is not a date", name=name, value=value),
                                        where=tr("the range of days"),
                                        fix=tr("give datetime.date values"))
        if self.last < self.first:
            raise InvalidInputError(tr("the range ends {last}, before it starts {first}", last=self.last,
                                       first=self.first), where=tr("the range of days"),
                                    fix=tr("swap the days or correct the one that is wrong"))

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the range."""
        return self.first <= day <= self.last

    def label(self) -> str:
        """``first – last``, with the source's words where given."""
        span = f"{self.first.isoformat()} – {self.last.isoformat()}"
        return f"{span} (“{self.words}”)" if self.words else span
