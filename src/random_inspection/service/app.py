"""The application: its routes, its error bodies, its OpenAPI document, and running it on uvicorn."""

from __future__ import annotations

import ipaddress
from importlib.metadata import version
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from random_inspection.errors import (
    LedgerBroken,
    PermissionRefused,
    RandomInspectionError,
    RedrawRefused,
    StoreError,
)
from random_inspection.service import plan_reads, reads, writes
from random_inspection.service.bodies import Problem
from random_inspection.service.config import ServiceConfig, UnknownName
from random_inspection.service.signing import LedgerMovedOn, SignatureRefused
from random_inspection.service.status import router as staff_status

__all__ = ["ServiceConfig", "create_app", "is_loopback", "openapi_document", "serve", "status_of"]

_PROBLEM = {"model": Problem}
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {**_PROBLEM, "description": "Input the library refuses (what, where, how to fix)."},
    403: {**_PROBLEM, "description": "An actor or signature refused, or an action the profile does not give the "
                                     "actor's role (a refused write records its refusal)."},
    404: {**_PROBLEM, "description": "No such plan or profile."},
    409: {**_PROBLEM, "description": "The store's state refuses it: the ledger moved on since prepare, a redraw "
                                     "without a reason, a broken ledger."},
    422: {**_PROBLEM, "description": "A request that does not match its schema."},
    500: {**_PROBLEM, "description": "A fault of the service itself (never for bad input)."},
}
DESCRIPTION = """双随机、一公开 over HTTP: the public reads of the `random-inspection` command line, and its writes
signed by their actors (prepare, sign the digests, submit). See docs/service.md."""


def status_of(exc: RandomInspectionError) -> int:
    """The HTTP status of a library error."""
    if isinstance(exc, UnknownName):
        return 404
    if isinstance(exc, (PermissionRefused, SignatureRefused)):
        return 403
    if isinstance(exc, (LedgerMovedOn, RedrawRefused, LedgerBroken, StoreError)):
        return 409
    return 400


def _problem(status: int, what: str, where: str, fix: str, **more: Any) -> JSONResponse:
    return JSONResponse(Problem(what=what, where=where, fix=fix, **more).model_dump(), status_code=status)


async def _library_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RandomInspectionError)
    more: dict[str, Any] = {}
    if isinstance(exc, PermissionRefused) and exc.entry is not None:
        more = {"entry": exc.entry, "entry_hash": exc.entry_hash}
    return _problem(status_of(exc), exc.what, exc.where, exc.fix, **more)


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    count = len(exc.errors())
    return _problem(422, f"the request does not match its schema: {first.get('msg', 'invalid')}"
                         + (f" (and {count - 1} more)" if count > 1 else ""), where,
                    "send the request as the OpenAPI document (GET /openapi.json) describes it")


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    fix = {404: "GET /openapi.json lists the service's paths",
           405: "use a method the OpenAPI document (GET /openapi.json) gives the path"}.get(
        exc.status_code, "send the request as the OpenAPI document (GET /openapi.json) describes it")
    return _problem(exc.status_code, str(exc.detail), request.url.path, fix)


async def _fault(request: Request, exc: Exception) -> JSONResponse:
    return _problem(500, f"internal error: {type(exc).__name__}", request.url.path,
                    "report it with the request; the service's log has the details")


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """The FastAPI application over ``config``'s store, plan folder and profile registry (``None``: the
    application only for its OpenAPI document)."""
    app = FastAPI(title="random-inspection", version=version("random-inspection"), description=DESCRIPTION,
                  responses=RESPONSES)
    app.state.config = config
    app.include_router(reads.router)
    app.include_router(plan_reads.router)
    app.include_router(writes.router)
    app.include_router(staff_status)
    app.add_exception_handler(RandomInspectionError, _library_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _fault)
    return app


def openapi_document() -> dict[str, Any]:
    """The service's OpenAPI document (3.1; its schemas are JSON Schema 2020-12), as ``docs/openapi.json``."""
    return create_app().openapi()


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (or ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(config: ServiceConfig, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the service on uvicorn until stopped."""
    import uvicorn

    uvicorn.run(create_app(config), host=host, port=port, log_level="info")
