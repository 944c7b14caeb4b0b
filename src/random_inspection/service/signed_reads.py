"""Signed reads: the reads that are staff data, not public (a plan's obligations name departments' duties
before they are met), answered only to an actor the store's key register holds (docs/service.md, *Signed
reads*).

The actor signs, with the same key as their writes, the UTF-8 bytes of :func:`read_message`: the request's
method, path and query string exactly as sent, their id, the ledger head they read it at and an expiry time —
and sends the four in headers. The service answers only if the signature verifies against the key the register
holds for the actor (not revoked), the head is the ledger's head now and the expiry is in the next
:data:`MAX_VALIDITY`: a signature is good for one request line, at one state of the ledger, for minutes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from random_inspection.io.plan_steps import open_store
from random_inspection.messages import tr
from random_inspection.service.bodies import Problem
from random_inspection.service.config import ServiceConfig
from random_inspection.service.deps import config_of
from random_inspection.service.signing import LedgerMovedOn, SignatureRefused
from random_inspection.store import Enrolment, verify_signature

__all__ = ["MAX_VALIDITY", "PREAMBLE", "READ_RESPONSES", "SignedReader", "check_signed_read", "read_message",
           "signed_reader"]

PREAMBLE = "random-inspection signed read v1"
"""The first line of every signed read's message (so that no other signed text can be taken for one)."""
MAX_VALIDITY = dt.timedelta(minutes=10)
"""How far ahead a signed read's expiry may be."""
READ_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No signed-read headers: a staff read needs the reader's signature."},
    403: {"model": Problem, "description": "The signature, the reader or the expiry refused (a reader not in "
                                           "the register or revoked, another request's signature, expired)."},
    409: {"model": Problem, "description": "The head signed is not the ledger's head now: sign again."},
}


def read_message(method: str, path: str, query: str, actor: str, head: str, expires: str) -> bytes:
    """The bytes a signed read's actor signs: seven lines joined by ``\\n`` (no final one), UTF-8 —
    :data:`PREAMBLE`, the method, the path and the query string as sent (percent-encoded, the query without its
    ``?``, empty when none), the actor's id, the ledger head (``SEQ:HASH``) and the expiry (ISO 8601 with its
    offset), each exactly as sent in its header."""
    return "\n".join((PREAMBLE, method, path, query, actor, head, expires)).encode("utf-8")


def _refused(what: str, where: str) -> SignatureRefused:
    return SignatureRefused(what, where=where,
                            fix=tr("sign the request as docs/service.md (Signed reads) says, with your own enrolled "
                                   "key, just before sending it"))


def _expiry(text: str, now: dt.datetime) -> None:
    try:
        expires = dt.datetime.fromisoformat(text)
    except ValueError:
        raise _refused(tr("X-Expires {text!r} is not an ISO 8601 time", text=text), "X-Expires") from None
    if expires.tzinfo is None:
        raise _refused(tr("X-Expires {text!r} gives no offset from UTC", text=text), "X-Expires")
    if expires <= now:
        raise _refused(tr("the signed read expired at {text}", text=text), "X-Expires")
    if expires > now + MAX_VALIDITY:
        raise _refused(tr("X-Expires {text} is more than {minutes} minutes ahead", text=text,
                          minutes=int(MAX_VALIDITY.total_seconds() // 60)), "X-Expires")


def check_signed_read(config: ServiceConfig, request: Request, actor: str, head: str, expires: str,
                      signature: str, now: dt.datetime) -> Enrolment:
    """The register's enrolment of the reader of ``request``, once their signature is checked.

    Raises:
        SignatureRefused: expired or too far ahead, a reader the register does not hold (or revoked), a signature
            that does not verify (another reader's, another request's).
        LedgerMovedOn: ``head`` is not the ledger's head now.
    """
    _expiry(expires, now)
    with open_store(config.store_url, readonly=True, where=tr("the store")) as store:
        register = store.register()
        current = str(store.ledger_head())
    member = register.get(actor) if register is not None else None
    if member is None:
        raise _refused(tr("{actor} holds no key in force in the store's register", actor=actor), "X-Actor")
    if head != current:
        raise LedgerMovedOn(tr("the head signed, {head}, is not the ledger's head now ({current})", head=head,
                               current=current), where="X-Ledger-Head",
                            fix=tr("read GET /ledger/head and sign the request again"))
    raw = request.scope.get("raw_path") or request.url.path.encode("ascii")
    message = read_message(request.method, bytes(raw).decode("latin-1"),
                           bytes(request.scope.get("query_string", b"")).decode("latin-1"), actor, head, expires)
    try:
        given = bytes.fromhex(signature)
    except ValueError:
        given = b""
    if not given or not verify_signature(member.algorithm, member.public_key, message, given):
        raise _refused(tr("the signature is not {actor}'s signature of this request", actor=actor), "X-Signature")
    return member


def signed_reader(
    request: Request, config: Annotated[ServiceConfig, Depends(config_of)],
    x_actor: Annotated[str | None, Header(max_length=100, description="The reader's actor id.")] = None,
    x_ledger_head: Annotated[str | None, Header(max_length=200, description="The ledger head signed (SEQ:HASH, "
                                                "as GET /ledger/head gives it).")] = None,
    x_expires: Annotated[str | None, Header(max_length=64, description="When the signature expires (ISO 8601 "
                                            "with its offset; at most 10 minutes ahead).")] = None,
    x_signature: Annotated[str | None, Header(max_length=1024, description="The reader's signature of the "
                                              "request (hex; docs/service.md, Signed reads).")] = None,
) -> Enrolment:
    """The request's reader, checked (a FastAPI dependency of every signed read; the time now is taken here, at
    the service's edge)."""
    if not (x_actor and x_ledger_head and x_expires and x_signature):
        raise StarletteHTTPException(401, tr("this read is for the staff: it needs the headers X-Actor, "
                                             "X-Ledger-Head, X-Expires and X-Signature (docs/service.md, Signed "
                                             "reads)"))
    return check_signed_read(config, request, x_actor, x_ledger_head, x_expires, x_signature,
                             dt.datetime.now(dt.timezone.utc))


SignedReader = Annotated[Enrolment, Depends(signed_reader)]
"""A signed read's reader, as an endpoint's parameter."""
