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
from random_inspection.messages import tr
from random_inspection.service import batch, departures, plan_reads, reads, writes
from random_inspection.service.bodies import Problem
from random_inspection.service.config import ServiceConfig, UnknownName
from random_inspection.service.deps import language_of
from random_inspection.service.request_problems import field_path, problem_of
from random_inspection.service.signing import LedgerMovedOn, SignatureRefused
from random_inspection.service.status import router as staff_status
from random_inspection.service.steps import router as recording_steps
from random_inspection.translation import catalogue, render

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


def _problem(request: Request, status: int, what: str, where: str, fix: str, **more: Any) -> JSONResponse:
    """An error body, its texts in the request's language (``Accept-Language``; the field names never change)."""
    language = language_of(request)
    shown = catalogue(language)
    body = Problem(what=render(what, shown), where=render(where, shown), fix=render(fix, shown), **more)
    return JSONResponse(body.model_dump(), status_code=status, headers={"Content-Language": language})


async def _library_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RandomInspectionError)
    more: dict[str, Any] = {}
    if isinstance(exc, PermissionRefused) and exc.entry is not None:
        more = {"entry": exc.entry, "entry_hash": exc.entry_hash}
    return _problem(request, status_of(exc), exc.what, exc.where, exc.fix, **more)


SCHEMA_FIX = tr("send the request as the OpenAPI document (GET /openapi.json) describes it")


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = field_path(first.get("loc", ()))
    count, problem = len(exc.errors()), problem_of(first)  # the service's words, not pydantic's English
    what = (tr("the request does not match its schema: {problem} (and {more} more)", problem=problem,
               more=count - 1) if count > 1 else tr("the request does not match its schema: {problem}",
                                                    problem=problem))
    return _problem(request, 422, what, where, SCHEMA_FIX)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    fix = {404: tr("GET /openapi.json lists the service's paths"),
           405: tr("use a method the OpenAPI document (GET /openapi.json) gives the path")}.get(exc.status_code,
                                                                                            SCHEMA_FIX)
    what: str = str(exc.detail)
    if exc.status_code == 404 and what == "Not Found":
        what = tr("no such path")
    elif exc.status_code == 405 and what == "Method Not Allowed":
        what = tr("the path does not take this method")
    return _problem(request, exc.status_code, what, request.url.path, fix)


async def _fault(request: Request, exc: Exception) -> JSONResponse:
    return _problem(request, 500, tr("internal error: {kind}", kind=type(exc).__name__), request.url.path,
                    tr("report it with the request; the service's log has the details"))


async def _vary(request: Request, call_next: Any) -> Any:
    """Every answer may change with ``Accept-Language`` (an error's texts, a refusal's): caches must know."""
    response = await call_next(request)
    response.headers.append("Vary", "Accept-Language")
    return response


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """The FastAPI application over ``config``'s store, plan folder and profile registry (``None``: the
    application only for its OpenAPI document)."""
    app = FastAPI(title="random-inspection", version=version("random-inspection"), description=DESCRIPTION,
                  responses=RESPONSES)
    app.state.config = config
    app.include_router(reads.router)
    app.include_router(plan_reads.router)
    app.include_router(batch.router)
    app.include_router(writes.router)
    app.include_router(recording_steps)
    app.include_router(departures.router)
    app.include_router(staff_status)
    app.add_exception_handler(RandomInspectionError, _library_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _fault)
    app.middleware("http")(_vary)
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
