"""What a request brings to its route: the service's configuration, and the language its answer is written in."""

from __future__ import annotations

import datetime as dt
import gettext
from typing import cast

from fastapi import Request

from random_inspection.errors import InvalidInputError
from random_inspection.io.china_time import today_in_china
from random_inspection.messages import tr
from random_inspection.service.config import ServiceConfig
from random_inspection.translation import catalogue, language_of_accept

__all__ = ["config_of", "day_of", "day_or_today", "language_of", "translations_of"]


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


def day_of(text: str, name: str) -> dt.date:
    """The day a query parameter ``name`` gives (``YYYY-MM-DD``), or a 400 naming it."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(tr("{name} {text!r} is not a day of the calendar", name=name, text=text), where=name,
                                fix=tr("write it YYYY-MM-DD, a day that exists")) from None


def day_or_today(text: str | None, name: str = "on") -> dt.date:
    """:func:`day_of`, today in China when the parameter is not given (read here, at the edge)."""
    return today_in_china() if text is None else day_of(text, name)
