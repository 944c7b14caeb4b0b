"""What a request brings to its route: the service's configuration, and the language its answer is written in."""

from __future__ import annotations

import gettext
from typing import cast

from fastapi import Request

from random_inspection.service.config import ServiceConfig
from random_inspection.translation import catalogue, language_of_accept

__all__ = ["config_of", "language_of", "translations_of"]


def config_of(request: Request) -> ServiceConfig:
    """The configuration the application was made with (:func:`~random_inspection.service.create_app`)."""
    return cast(ServiceConfig, request.app.state.config)


def language_of(request: Request) -> str:
    """The language of the answer's texts: Chinese (``"zh"``) when the request's ``Accept-Language`` prefers
    it, else English (``"en"``); JSON field names and codes never change with it."""
    return language_of_accept(request.headers.get("accept-language"))


def translations_of(request: Request) -> gettext.NullTranslations:
    """The catalogue of :func:`language_of`, for :func:`random_inspection.translation.render`."""
    return catalogue(language_of(request))
