"""A bureau's declaration that a document stays in force until replaced, made by configuration.

A yearly 实施方案 ends with its year; a bureau that keeps applying it until the next one is issued declares so
here, without editing the profile package: the document's last day becomes open (``continued``, with the
reason), and ``explain`` shows it. A later document of the profile that sets a key, or that ``replaces`` the
continued one, still supersedes it from its first day.
"""

from __future__ import annotations

import attrs

from random_inspection.errors import ProfileError
from random_inspection.messages import tr
from random_inspection.model import DateBasis
from random_inspection.profiles.declaration import Profile

__all__ = ["Continuation"]


def _text(instance: Continuation, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(tr("{name} is empty", name=attribute.name), where=tr("the continuation in force"),
                           fix=tr("give the profile's code, the document's 文号 (else its title) and the reason"))


@attrs.frozen
class Continuation:
    """The document ``document`` (its 文号, else its title) of profile ``profile`` is continued in force until
    replaced, for ``reason`` (who decided it and where: 局务会 of a date, a notice)."""

    profile: str = attrs.field(validator=_text)
    document: str = attrs.field(validator=_text)
    reason: str = attrs.field(validator=_text)

    def to_json(self) -> dict[str, str]:
        """``{"profile", "document", "reason"}``: as a commit records it."""
        return {"profile": self.profile, "document": self.document, "reason": self.reason}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Continuation:
        """The inverse of :meth:`to_json`."""
        return cls(data["profile"], data["document"], data["reason"])

    def apply(self, profile: Profile) -> Profile:
        """``profile`` with the document's last day opened, its basis ``continued`` with the reason.

        Raises:
            ProfileError: the profile declares no such document.
        """
        keys = [d.key for d in profile.documents]
        if self.document not in keys:
            raise ProfileError(
                tr("profile {code} declares no document {document!r}",
                   code=profile.code,
                   document=self.document), where=tr("continued in force"),
                fix=tr("name one of: {value}", value=', '.join(keys) or '(it declares none)'),
            )
        documents = tuple(
            attrs.evolve(d, effective_until=None, until_basis=DateBasis.continued(self.reason))
            if d.key == self.document else d for d in profile.documents
        )
        return attrs.evolve(profile, documents=documents)
