"""The service's configuration as a request dependency."""

from __future__ import annotations

from typing import cast

from fastapi import Request

from random_inspection.service.config import ServiceConfig

__all__ = ["config_of"]


def config_of(request: Request) -> ServiceConfig:
    """The configuration the application was made with (:func:`~random_inspection.service.create_app`)."""
    return cast(ServiceConfig, request.app.state.config)
