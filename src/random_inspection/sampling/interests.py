"""draw-v2's declared interests (docs/spec/draw-v2.md §4): committed by salted tags, opened only for the subjects
drawn.

A draw-v2 manifest publishes, for each inspector, one tag per declared interest (利害关系企业), never the
subject. Each (inspector, subject) pair has its own salt, derived from a secret the bureau keeps; the result
opens, for each drawn subject, the salts of every interest declared in it, so anyone can check each opening
against the committed tags and re-run the teams, without learning any interest in a subject not drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.sampling.hashes import HashAlgorithm

__all__ = ["InterestDeclarations", "expert_identity_tag", "interest_salt", "interest_tag"]

TAG_PURPOSE = b"draw-v2-interest"
SALT_PURPOSE = b"draw-v2-interest-salt"


def interest_salt(secret: bytes, inspector_id: str, subject_id: str, hash_with: HashAlgorithm) -> bytes:
    """§4: ``H("draw-v2-interest-salt" ‖ 0x00 ‖ secret ‖ 0x00 ‖ inspector_id ‖ 0x00 ‖ subject_id)``."""
    return hash_with.digest(SALT_PURPOSE + b"\x00" + secret + b"\x00" + inspector_id.encode("utf-8") + b"\x00"
                            + subject_id.encode("utf-8"))


def interest_tag(salt: bytes, inspector_id: str, subject_id: str, hash_with: HashAlgorithm) -> str:
    """§4: ``hex(H("draw-v2-interest" ‖ 0x00 ‖ salt ‖ 0x00 ‖ inspector_id ‖ 0x00 ‖ subject_id))``."""
    return hash_with.hexdigest(TAG_PURPOSE + b"\x00" + salt + b"\x00" + inspector_id.encode("utf-8") + b"\x00"
                               + subject_id.encode("utf-8"))


IDENTITY_PURPOSE = b"draw-v3-expert-identity"
IDENTITY_SALT_PURPOSE = b"draw-v3-expert-identity-salt"


def expert_identity_tag(secret: bytes, expert_id: str, name: str, id_number: str, hash_with: HashAlgorithm) -> str:
    """draw-v3 §2: who an expert of the roster is, committed without publishing it:
    ``hex(H("draw-v3-expert-identity" ‖ 0x00 ‖ salt ‖ 0x00 ‖ id ‖ 0x00 ‖ name ‖ 0x00 ‖ id_number))`` with
    ``salt = H("draw-v3-expert-identity-salt" ‖ 0x00 ‖ secret ‖ 0x00 ‖ id)`` (the interest tags' secret)."""
    salt = hash_with.digest(IDENTITY_SALT_PURPOSE + b"\x00" + secret + b"\x00" + expert_id.encode("utf-8"))
    return hash_with.hexdigest(IDENTITY_PURPOSE + b"\x00" + salt + b"\x00" + expert_id.encode("utf-8") + b"\x00"
                               + name.encode("utf-8") + b"\x00" + id_number.encode("utf-8"))


def _secret(value: Any) -> bytes:
    if not isinstance(value, bytes) or len(value) < 16:
        raise InvalidInputError(tr("the interest secret is not at least 16 bytes"),
                                where=tr("the interest declarations"),
                                fix=tr("give 32 random bytes made at the edge (the command line's commit makes "
                                       "them) and keep them with the declarations"))
    return value


def _declared(value: Mapping[str, Iterable[str]] | Iterable[tuple[str, Iterable[str]]]
              ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    out: dict[str, tuple[str, ...]] = {}
    for inspector, subjects in pairs:
        if not isinstance(inspector, str) or isinstance(subjects, str):
            raise InvalidInputError(tr("the declarations of {inspector!r} are not a list of subject ids",
                                       inspector=inspector),
                                    where=tr("the interest declarations"), fix=tr("give inspector id → subject ids"))
        ids = tuple(sorted(set(subjects), key=lambda s: s.encode("utf-8")))
        if not all(isinstance(s, str) and s for s in ids):
            raise InvalidInputError(tr("a declared interest of {inspector} is not a subject id", inspector=inspector),
                                    where=tr("the interest declarations"), fix=tr("give 统一社会信用代码 texts"))
        if inspector in out:
            raise InvalidInputError(tr("inspector {inspector} is declared twice",
                                       inspector=inspector), where=tr("the interest declarations"),
                                    fix=tr("give each inspector's declarations once"))
        if ids:
            out[inspector] = ids
    return tuple(sorted(out.items(), key=lambda kv: kv[0].encode("utf-8")))


@attrs.frozen(repr=False)
class InterestDeclarations:
    """The private side of a draw-v2 manifest's interests: each inspector's declared interests (subject ids)
    and the bureau's secret the salts come from. Never published; needed to draw and to audit, never to
    verify. Its ``repr`` shows no secret and no subject."""

    secret: bytes = attrs.field(converter=_secret)
    declared: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(converter=_declared)

    def __repr__(self) -> str:
        return f"InterestDeclarations(<secret>, {len(self.declared)} inspectors with interests)"

    def of(self, inspector_id: str) -> tuple[str, ...]:
        """The subjects an inspector declared an interest in."""
        return dict(self.declared).get(inspector_id, ())

    def tags(self, inspector_id: str, hash_with: HashAlgorithm) -> tuple[str, ...]:
        """The inspector's committed tags, sorted (§4)."""
        return tuple(sorted(
            interest_tag(interest_salt(self.secret, inspector_id, s, hash_with), inspector_id, s, hash_with)
            for s in self.of(inspector_id)
        ))

    def openings(self, subject_id: str, hash_with: HashAlgorithm) -> tuple[tuple[str, str], ...]:
        """§4: ``(inspector_id, hex(salt))`` for every interest declared in ``subject_id``, by inspector id."""
        return tuple(
            (inspector, interest_salt(self.secret, inspector, subject_id, hash_with).hex())
            for inspector, subjects in self.declared if subject_id in subjects
        )

    def to_json(self) -> dict[str, Any]:
        """The private file's content: the secret in hex and the declarations (never to be published)."""
        return {"secret": self.secret.hex(), "interests": {i: list(s) for i, s in self.declared}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> InterestDeclarations:
        """Read :meth:`to_json`'s form.

        Raises:
            InvalidInputError: a malformed secret or declarations.
        """
        try:
            secret = bytes.fromhex(data["secret"])
            interests = data["interests"]
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInputError(tr("the interest declarations cannot be read: {exc}",
                                       exc=exc), where=tr("the interest declarations"),
                                    fix=tr("give the file commit wrote beside the manifest")) from None
        if not isinstance(interests, Mapping):
            raise InvalidInputError(tr("interests is not a table"), where=tr("the interest declarations"),
                                    fix=tr("give the file commit wrote beside the manifest"))
        return cls(secret, {str(k): tuple(v) for k, v in interests.items()})
