"""The HTTP service, ``random-inspection serve`` (docs/service.md): the command line's public reads and its
signed writes over HTTP, for the systems that integrate the library (many of them Java services).

:func:`create_app` makes the FastAPI application over a store, a folder of plan files and a profile registry;
:func:`serve` runs it on uvicorn. Writes are signed by their actor with the key the store's register holds for
them, in two requests (prepare, then submit: :mod:`random_inspection.service.signing`); the service holds no
private key. Request and response bodies are pydantic models of this package only
(:mod:`random_inspection.service.bodies`); the library's layers below keep exchanging attrs objects.
"""

from random_inspection.service.app import ServiceConfig, create_app, openapi_document, serve

__all__ = ["ServiceConfig", "create_app", "openapi_document", "serve"]
