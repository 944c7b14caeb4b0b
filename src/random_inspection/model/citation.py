"""Citations: where a rule comes from."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model._validators import non_empty, strip, strip_optional
from random_inspection.model.dates_of_force import DateBasis, DateStatus

__all__ = ["Citation", "Document"]


@attrs.frozen
class Citation:
    """The source of a rule: document, 文号, article, issuer and the dates it is in force.

    ``article`` is written as the source writes it (第十九条第二款, 二(三), 附件4 备注). ``doc_number`` is ``None``
    for a document without a 文号 (the 冷水滩 细则 has none). ``effective_until`` is the last day in force.

    >>> Citation("“双随机、一公开”监管工作实施细则", "第十六条", doc_number="许应急〔2023〕14号").short()
    '许应急〔2023〕14号 第十六条'
    """

    document: str = attrs.field(converter=strip, validator=non_empty)
    article: str = attrs.field(converter=strip, validator=non_empty)
    doc_number: str | None = attrs.field(default=None, converter=strip_optional, kw_only=True)
    issuer: str | None = attrs.field(default=None, converter=strip_optional, kw_only=True)
    issued: dt.date | None = attrs.field(default=None, kw_only=True)
    effective_from: dt.date | None = attrs.field(default=None, kw_only=True)
    effective_until: dt.date | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.effective_from and self.effective_until and self.effective_until < self.effective_from:
            raise InvalidInputError(
                tr("effective_until {effective_until} is before effective_from {effective_from}",
                   effective_until=self.effective_until, effective_from=self.effective_from),
                where=tr("citation {citation}", citation=self.short()),
                fix=tr("swap the dates or correct the one that is wrong"),
            )

    def short(self) -> str:
        """``文号 article`` when there is a 文号, else ``《document》 article``."""
        if self.doc_number:
            return f"{self.doc_number} {self.article}"
        return f"《{self.document}》 {self.article}"

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the cited document is in force on ``day`` (open-ended where a date is unknown)."""
        if self.effective_from and day < self.effective_from:
            return False
        return not (self.effective_until and day > self.effective_until)

    def __str__(self) -> str:
        return self.short()


def _basis_default(day_field: str) -> Any:
    def make(instance: Document) -> DateBasis:
        return DateBasis.unknown() if getattr(instance, day_field) is None else DateBasis.stated()
    return attrs.Factory(make, takes_self=True)


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v).strip() for v in value)


@attrs.frozen
class Document:
    """A source document, from which citations of its articles are made.

    Its period of force runs from ``effective_from`` to ``effective_until`` (the last day in force); each end
    has a :class:`~random_inspection.model.DateBasis` saying whether the document *states* it (quote the words),
    it is *assumed* (with the reason) or *unknown* (open-ended). A date given without a basis counts as stated;
    no date, as unknown. ``replaces`` names documents (by 文号, else title) that this one replaces as a whole
    from its first day; a document that sets a key an earlier one also sets supersedes it for that key anyway.

    >>> doc = Document("“双随机、一公开”监管工作实施细则", doc_number="许应急〔2023〕14号")
    >>> doc.cite("第十九条第二款").short()
    '许应急〔2023〕14号 第十九条第二款'
    """

    title: str = attrs.field(converter=strip, validator=non_empty)
    doc_number: str | None = attrs.field(default=None, converter=strip_optional, kw_only=True)
    issuer: str | None = attrs.field(default=None, converter=strip_optional, kw_only=True)
    issued: dt.date | None = attrs.field(default=None, kw_only=True)
    effective_from: dt.date | None = attrs.field(default=None, kw_only=True)
    effective_until: dt.date | None = attrs.field(default=None, kw_only=True)
    from_basis: DateBasis = attrs.field(default=_basis_default("effective_from"), kw_only=True)
    until_basis: DateBasis = attrs.field(default=_basis_default("effective_until"), kw_only=True)
    replaces: tuple[str, ...] = attrs.field(default=(), converter=_texts, kw_only=True)

    def __attrs_post_init__(self) -> None:
        for day, basis, side in ((self.effective_from, self.from_basis, "effective_from"),
                                 (self.effective_until, self.until_basis, "effective_until")):
            if not isinstance(basis, DateBasis):
                raise InvalidInputError(tr("the basis of {side} is {basis!r}",
                                           side=side,
                                           basis=basis), where=tr("document {key}", key=self.key),
                                        fix=tr("give DateBasis.stated(words), DateBasis.assumed(reason) or "
                                               "DateBasis.unknown()"))
            open_end = basis.status in (DateStatus.UNKNOWN, DateStatus.CONTINUED)
            if (day is None) != open_end or (side == "effective_from" and basis.status is DateStatus.CONTINUED):
                raise InvalidInputError(
                    tr("{side} is {day} but its basis is {value}",
                       side=side,
                       day=day,
                       value=basis.status.value), where=tr("document {key}", key=self.key),
                    fix=tr("an unknown end has no day, a stated or assumed one has its day; only the last day may "
                           "be continued (no day: in force until replaced)"),
                )
        self.cite("全文")  # the dates are in order

    @property
    def key(self) -> str:
        """How rules and other documents name it: its 文号, else its title."""
        return self.doc_number or self.title

    def cite(self, article: str) -> Citation:
        """The citation of ``article`` of this document, carrying the document's dates."""
        return Citation(
            self.title, article, doc_number=self.doc_number, issuer=self.issuer, issued=self.issued,
            effective_from=self.effective_from, effective_until=self.effective_until,
        )

    def cites(self, citation: Citation) -> bool:
        """Whether ``citation`` is of this document (same title and 文号)."""
        return citation.document == self.title and citation.doc_number == self.doc_number

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the document is in force on ``day`` (open-ended where a date is unknown)."""
        if self.effective_from and day < self.effective_from:
            return False
        return not (self.effective_until and day > self.effective_until)

    def period(self) -> str:
        """Its period of force with the basis of each end, as ``explain`` shows it."""
        start = self.effective_from.isoformat() if self.effective_from else "…"
        end = self.effective_until.isoformat() if self.effective_until else "…"
        return f"{start} ({self.from_basis.describe()}) – {end} ({self.until_basis.describe()})"

    def short(self) -> str:
        """``文号`` when there is one, else ``《title》``."""
        return self.doc_number or f"《{self.title}》"
