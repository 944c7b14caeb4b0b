"""A ledger's head as a bureau publishes it (docs/store.md, *Published heads*; docs/security.md)."""

from __future__ import annotations

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr

__all__ = ["EMPTY_HEAD_HASH", "LedgerHead"]

EMPTY_HEAD_HASH = "0" * 64
"""The hash an empty ledger's head carries (and entry 1 links to)."""


@attrs.frozen
class LedgerHead:
    """A ledger's head as a bureau publishes it: the last entry's number and hash (text form ``SEQ:HASH``).

    Checked against a ledger (``Store.verify(head=...)``, a public listing's check), entry ``seq`` must still
    carry exactly ``hash``: a ledger cut back before it, or rewritten at or before it, fails. Every published
    output — the pre-draw notice, the disclosure, the public listing — carries the head at its publication."""

    seq: int = attrs.field(validator=[attrs.validators.instance_of(int), attrs.validators.ge(0)])
    hash: str = attrs.field()

    @hash.validator
    def _check_hash(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if not (isinstance(value, str) and len(value) == 64 and set(value) <= set("0123456789abcdef")):
            raise InvalidInputError(tr("{value!r} is not an entry hash (64 lower-case hex digits)",
                                       value=value), where=tr("ledger head"),
                                    fix=tr("give the head as published: SEQ:HASH"))
        if (self.seq == 0) != (value == EMPTY_HEAD_HASH):
            raise InvalidInputError(tr("only the empty ledger's head (0) is the 64 zeros"), where=tr("ledger head"),
                                    fix=tr("give the head as published: SEQ:HASH"))

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    def to_json(self) -> dict[str, int | str]:
        """``{"seq": …, "hash": …}``, as published outputs carry it."""
        return {"seq": self.seq, "hash": self.hash}

    @classmethod
    def parse(cls, text: str) -> LedgerHead:
        """A head from its text form ``SEQ:HASH``.

        Raises:
            InvalidInputError: text of another form."""
        seq, sep, hashed = str(text).strip().partition(":")
        if not sep or not seq.isascii() or not seq.isdigit():
            raise InvalidInputError(tr("{text!r} is not a ledger head", text=text), where=tr("ledger head"),
                                    fix=tr("give it as published: the entry number, a colon, the entry hash "
                                           "(SEQ:HASH)"))
        return cls(int(seq), hashed.strip().lower())
