"""What a request brings to its route: the service's configuration, and the language its answer is written in."""

from __future__ import annotations

import datetime as dt
import gettext
from typing import cast

from fastapi import Request

from random_inspection.errors import InvalidInputError
from random_inspection.io.china_time import now_in_china, today_in_china
from random_inspection.messages import tr
from random_inspection.service.config import ServiceConfig
from random_inspection.translation import catalogue, language_of_accept

__all__ = ["config_of", "day_of", "day_or_today", "language_of", "recorded_at", "translations_of"]


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


def recorded_at(given: str | None, *, submitting: bool) -> str:
    """The time a signed write records (its body's ``at``): the one given (ISO 8601), else, on prepare, now in
    China Standard Time (read here, at the edge).

    Raises:
        InvalidInputError: a submit without ``at`` (it sends back the one its prepare returned), or an ``at``
            that is not an ISO 8601 time; ``where`` is the body's field, ``at``, as a client writes it.
    """
    if given is None:
        if submitting:
            raise InvalidInputError(tr("a submitted write gives no at"), where="at",
                                    fix=tr("send back the at its prepare returned"))
        return now_in_china()
    try:
        return dt.datetime.fromisoformat(given).isoformat()
    except ValueError:
        raise InvalidInputError(tr("at {given!r} is not an ISO 8601 time", given=given), where="at",
                                fix=tr("write it as ISO 8601, e.g. {example}", example="2026-12-01T09:30:00+08:00")) \
            from None
