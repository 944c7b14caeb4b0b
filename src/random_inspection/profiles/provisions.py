"""Provisions a profile does not encode as rules, each with the reason.

A document holds more than rules a library can act on: principles of conduct, duties of organisation and
training, liability, steps done on another system or by another office. A profile lists such a provision as a
:class:`Provision` — the article, the source's words, how it is treated and why — so that every article of the
document is accounted for: encoded as a rule (:class:`~random_inspection.profiles.Rule`), or named here with
the reason it is not. ``explain`` lists them, and ``docs/fidelity.md`` shows them beside the rules, article by
article.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model import Citation

__all__ = ["Provision", "Treatment"]


class Treatment(str, enum.Enum):
    """Why a provision is not a rule."""

    NOT_OPERATIVE = "非操作性规定"  # a principle, a duty of conduct, training or liability: no step to check
    OUTSIDE = "本库之外履行"  # a step another system or office performs, which the library neither does nor sees


def _text(instance: Provision, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(tr("provision {name} {value!r} is empty",
                                   name=attribute.name,
                                   value=value), where=tr("the provision"),
                                fix=tr("give the provision's {name}", name=attribute.name))


def _citation(instance: Provision, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Citation):
        raise InvalidInputError(tr("citation {value!r} is not a Citation", value=value), where=tr("the provision"),
                                fix=tr("cite with Document.cite('第二十条')"))


@attrs.frozen
class Provision:
    """An article (or part of one) the profile does not encode as a rule.

    Attributes:
        citation: the article.
        quote: the source's words.
        treatment: why it is not a rule (:class:`Treatment`).
        reason: what the provision asks and why the library does not act on it.
    """

    citation: Citation = attrs.field(validator=_citation)
    quote: str = attrs.field(validator=_text)
    treatment: Treatment = attrs.field(converter=Treatment)
    reason: str = attrs.field(validator=_text)
