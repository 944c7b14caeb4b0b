"""Citations: where a rule comes from."""

from __future__ import annotations

import datetime as dt

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.model._validators import non_empty, strip, strip_optional

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
                f"effective_until {self.effective_until} is before effective_from {self.effective_from}",
                where=f"Citation({self.short()})",
                fix="swap the dates or correct the one that is wrong",
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


@attrs.frozen
class Document:
    """A source document, from which citations of its articles are made.

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

    def cite(self, article: str) -> Citation:
        """The citation of ``article`` of this document, carrying the document's dates."""
        return Citation(
            self.title, article, doc_number=self.doc_number, issuer=self.issuer, issued=self.issued,
            effective_from=self.effective_from, effective_until=self.effective_until,
        )

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the document is in force on ``day`` (open-ended where a date is unknown)."""
        return self.cite("全文").in_force_on(day)

    def short(self) -> str:
        """``文号`` when there is one, else ``《title》``."""
        return self.doc_number or f"《{self.title}》"
