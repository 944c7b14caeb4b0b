"""Cells a spreadsheet will not run: the one rule every CSV and XLSX the library writes applies to its text, and
its inverse, which every reader of those files applies (OWASP, “CSV Injection”).

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and OWASP adds a tab (0x09)
and a carriage return (0x0D), which some spreadsheets skip before the formula behind them:
``=HYPERLINK("http://x","点击")`` in a 市场主体名称 would become a live link in the office's copy of the draw,
``+cmd|' /C calc'!A0`` a command. Spreadsheets in a Chinese or Japanese locale may turn a full-width ``＝＋－＠``
at the start of what is entered into its ASCII form (as Excel does with what an input method types), so those
count alike; the cost is a visible quote before the rare text that starts with one. Such text is written with a
single quote ``'`` before it, which spreadsheets take as “text, not a formula” (:func:`safe_cell`); in an XLSX it
is moreover a text cell (``data_type`` ``"s"``) and keeps the quote, so that a spreadsheet that evaluates text
again when a cell is edited, or a copy of the sheet saved as CSV, still does not run it.

So that reading a file the library wrote gives back the same text, the quote is added to text that starts with
any number of quotes followed by one of those characters (``'=x`` is written ``''=x``), and :func:`unguard` takes
off exactly one quote, only from text of that form: a quote followed by anything else (``'s-Hertogenbosch``, a
lone ``'``) is the cell's own and is kept. Numbers are not text and stay numbers (a negative number written as a
number is no formula)."""

from __future__ import annotations

import re
from typing import TypeVar

__all__ = ["FORMULA_STARTS", "safe_cell", "unguard"]

FORMULA_STARTS = "=+-@\t\r＝＋－＠"
"""The characters that make a spreadsheet read a cell's text as a formula when they start it (OWASP's
``= + - @``, tab and carriage return, and the full-width ``＝＋－＠``)."""

_GUARDED = re.compile("'*[" + re.escape(FORMULA_STARTS) + "]")
_QUOTED = re.compile("'+[" + re.escape(FORMULA_STARTS) + "]")

V = TypeVar("V")


def safe_cell(value: V) -> V | str:
    """``value`` as a spreadsheet must be given it: text that starts with a formula character (after any quotes)
    gets a ``'`` before it; other text and every value that is not text (a number, a date, ``None``) come back
    unchanged."""
    if isinstance(value, str) and _GUARDED.match(value):
        return "'" + value
    return value


def unguard(text: str) -> str:
    """The inverse of :func:`safe_cell` on text: one leading ``'`` taken off where the rest starts with a formula
    character after any further quotes (``'=SUM(1+1)`` → ``=SUM(1+1)``); any other text unchanged."""
    if _QUOTED.match(text):
        return text[1:]
    return text
