"""Dates as the library reads them from text."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["iso_date"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def iso_date(text: str) -> dt.date:
    """A date written exactly ``YYYY-MM-DD``. (``date.fromisoformat`` accepts more on Python 3.11 than on 3.10,
    such as ``20240101`` or ``2024-W01-1``; the library reads the same on every version.)

    Raises:
        ValueError: for any other form, or a date that does not exist.
    """
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"expected a date written YYYY-MM-DD, got {text!r}")
    return dt.date.fromisoformat(text)
