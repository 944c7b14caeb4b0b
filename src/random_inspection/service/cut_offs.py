"""The office's hours given to a service read as query parameters — ``cut_off=KEY=HH:MM`` (repeatable) with
``hours_source=DOCUMENT ARTICLE`` — read into cut-offs by obligation key, as ``status --cut-off`` and
``--hours-source`` are on the command line (民法典 第二百零三条第二款: where the act is done during business hours,
the last day ends when business stops)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model import Citation
from random_inspection.timelimits import CutOff

__all__ = ["cut_offs_of_query"]

_GIVEN = re.compile(r"^\s*([^\s=]{1,100})\s*=\s*(\d{1,2}:\d{2})\s*$")


def cut_offs_of_query(given: Sequence[str], hours_source: str | None) -> dict[str, CutOff]:
    """``cut_off`` values (``KEY=HH:MM``) as cut-offs by obligation key, each citing ``hours_source``
    (``DOCUMENT ARTICLE``, the article its last word); none given and no source: none. A key given twice takes
    its last time, as on the command line.

    Raises:
        InvalidInputError: one given without the other, a value that is not ``KEY=HH:MM`` with a time of the
            day, or a source that names no document and article; ``where`` names the query parameter.
    """
    if not given and hours_source is None:
        return {}
    if not given or hours_source is None:
        raise InvalidInputError(tr("a cut-off needs both its time and where the hours come from"),
                                where="cut_off" if not given else "hours_source",
                                fix=tr("give cut_off=KEY=HH:MM and hours_source=DOCUMENT ARTICLE together"))
    document, _, article = hours_source.strip().rpartition(" ")
    if not document.strip() or not article.strip():
        raise InvalidInputError(tr("hours_source {text!r} names no document and article", text=hours_source),
                                where="hours_source", fix=tr("write it as 'DOCUMENT ARTICLE', e.g. {example}",
                                                             example="'中华人民共和国行政处罚法 第八十五条'"))
    source = Citation(document.strip(), article.strip())
    out: dict[str, CutOff] = {}
    for n, text in enumerate(given):
        match = _GIVEN.match(text)
        try:
            if match is None:
                raise ValueError(text)
            out[match[1]] = CutOff(dt.datetime.strptime(match[2], "%H:%M").time(), source)
        except ValueError:
            raise InvalidInputError(tr("cut_off {text!r} is not KEY=HH:MM", text=text), where=f"cut_off[{n}]",
                                    fix=tr("give the obligation key and the time of day, e.g. "
                                           "cut_off=feedback=17:30")) from None
    return out
