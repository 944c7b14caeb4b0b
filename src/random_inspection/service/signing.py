"""Signed writes without a private key on the server (docs/service.md, *Signed writes*).

A write is two requests. *Prepare* runs the action against the store with a :class:`DigestRecorder`: the store
builds the entry it would append, chained from the ledger head, and asks the signer to sign its entry hash;
the recorder notes the digest and stops the action there, so the transaction rolls back and nothing is written.
*Submit* runs the same action again with a :class:`PresentedSigner`, which hands the store the actor's own
signature only if the digest the store asks for is the one prepared and the signature verifies against the key
the store's register holds for the actor. The entry is then exactly the one the command line would have written:
signed by its actor, over its entry hash. A digest chains to the ledger's head, so a submission cannot be
replayed after another write; a changed body changes the digest; nothing is written unsigned.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Sequence
from typing import TypeVar

from random_inspection.errors import InvalidInputError, PermissionRefused, StoreError
from random_inspection.io.actorfile import role_of
from random_inspection.messages import tr
from random_inspection.model import Actor
from random_inspection.service.bodies import ActorBody, Problem, Signature
from random_inspection.store import Store, verify_signature
from random_inspection.translation import render

__all__ = ["DigestRecorder", "LedgerMovedOn", "Preparation", "PresentedSigner", "SignatureRefused", "actor_of",
           "enrolled_key", "prepare", "submit"]

T = TypeVar("T")


class SignatureRefused(InvalidInputError):
    """A write whose actor or signature the store's key register does not accept: an actor it does not hold, a
    revoked key, a role or department other than the register's, a signature that does not verify (HTTP 403)."""


class LedgerMovedOn(StoreError):
    """A submitted write whose entry is not the one prepared: the ledger moved on since (another write came
    first), or the request is not the one prepared (HTTP 409)."""


class _Stop(BaseException):
    """Raised by :class:`DigestRecorder` inside the store's transaction, so that it rolls back. A
    ``BaseException``: no ``except Exception`` on the way may take it for an error of the action."""

    def __init__(self, digest: bytes) -> None:
        super().__init__("prepared")
        self.digest = digest


class DigestRecorder:
    """A signer that records the digest the store asks it to sign and stops the action there (prepare)."""

    def __init__(self, algorithm: str, public_key: str) -> None:
        self.algorithm = algorithm
        self.public_key = public_key

    def sign(self, digest: bytes) -> bytes:
        """Never returns: stops the action with the digest asked."""
        raise _Stop(bytes(digest))


class PresentedSigner:
    """A signer that hands out the actor's own signatures, in order, each only for the digest prepared and only
    if it verifies against the register's key for the actor (submit)."""

    def __init__(self, algorithm: str, public_key: str, signatures: Sequence[Signature], actor: str) -> None:
        self.algorithm = algorithm
        self.public_key = public_key
        self._signatures = list(signatures)
        self._actor = actor
        self.used = 0

    def sign(self, digest: bytes) -> bytes:
        """The presented signature of ``digest``.

        Raises:
            LedgerMovedOn: the store asks for another digest than the one prepared (or for more than were sent).
            SignatureRefused: the signature does not verify against the register's key for the actor.
        """
        text = bytes(digest).decode("ascii")
        if self.used >= len(self._signatures) or self._signatures[self.used].digest != text:
            raise LedgerMovedOn(tr("the entry to sign is not the one prepared: the ledger moved on since, or the "
                                   "request differs from the one prepared"),
                                where=tr("signatures[{index}]", index=self.used),
                                fix=tr("prepare again with this request, sign the digests it returns, and submit "
                                       "them"))
        given = self._signatures[self.used]
        signature = bytes.fromhex(given.signature)
        if not verify_signature(self.algorithm, self.public_key, bytes(digest), signature):
            raise SignatureRefused(tr("the signature of {digest} is not {actor}'s: it does not verify against the "
                                      "key the store's register holds for them", digest=text, actor=self._actor),
                                   where=tr("signatures[{index}]", index=self.used),
                                   fix=tr("sign the digest's UTF-8 bytes (the 64 hex digits) with the actor's own "
                                          "enrolled key"))
        self.used += 1
        return signature


def actor_of(body: ActorBody) -> Actor:
    """The library's actor of a request's actor fields."""
    return Actor(body.id, body.name, role_of(body.role), body.department)


def enrolled_key(store: Store, actor: Actor) -> tuple[str, str]:
    """The algorithm and public key the store's register holds for ``actor``.

    Raises:
        SignatureRefused: the register does not hold the actor as given (unknown, revoked, another role or
            department).
        InvalidInputError: the store holds no key register.
    """
    return _enrolled(store, actor)


def _enrolled(store: Store, actor: Actor) -> tuple[str, str]:
    """The algorithm and public key the store's register holds for ``actor``, refusing an actor it does not
    hold as given (unknown, revoked, another role or department)."""
    register = store.register()
    if register is None:
        raise InvalidInputError(tr("the store holds no key register in its ledger"), where=tr("the store"),
                                fix=tr("have its administrator open one (random-inspection ledger open-register) "
                                       "and enrol the actors"))
    member = register.members.get(actor.id)
    problem = register.check(actor.to_json(), member.algorithm if member else None)
    if problem is not None or member is None:
        raise SignatureRefused(tr("refused: {problem}", problem=problem), where=tr("actor {actor}", actor=actor.id),
                               fix=tr("act as an actor the store's administrator enrolled, with that actor's own "
                                      "key, role and department (GET /ledger/keys lists them)"))
    return member.algorithm, member.public_key


class Preparation:
    """What prepare found: the digests to sign, the algorithm, and the refusal the entry would record."""

    def __init__(self, digests: list[str], algorithm: str, refused: Problem | None) -> None:
        self.digests = digests
        self.algorithm = algorithm
        self.refused = refused


def prepare(store: Store, actor: Actor, action: Callable[[DigestRecorder], object],
            translations: gettext.NullTranslations | None = None,
            shown_as: Callable[[PermissionRefused], PermissionRefused] | None = None) -> Preparation:
    """Run ``action`` (the write, given the signer to use) until the store asks for its first signature, and
    return the digest asked; nothing is written. An action that asks for none returns no digest (it would
    write nothing: a result recorded before). The refusal's texts are in the language of ``translations``
    (English without), as ``shown_as`` words them (the submit's own refusal: the store's, without)."""
    shown = translations or gettext.NullTranslations()
    algorithm, public_key = _enrolled(store, actor)
    try:
        action(DigestRecorder(algorithm, public_key))
    except _Stop as stop:
        refused = stop.__context__
        problem = None
        if isinstance(refused, PermissionRefused):
            refused = shown_as(refused) if shown_as is not None else refused
            problem = Problem(what=render(refused.what, shown), where=render(refused.where, shown),
                              fix=render(refused.fix, shown))
        return Preparation([stop.digest.decode("ascii")], algorithm, problem)
    return Preparation([], algorithm, None)


def submit(store: Store, actor: Actor, signatures: Sequence[Signature], action: Callable[[PresentedSigner], T]) -> T:
    """Run ``action`` with the actor's presented signatures, handed to the store for the digests prepared, in
    order. (A signature left unasked — a result recorded before, which writes nothing — is ignored.)"""
    algorithm, public_key = _enrolled(store, actor)
    return action(PresentedSigner(algorithm, public_key, signatures, actor.id))
