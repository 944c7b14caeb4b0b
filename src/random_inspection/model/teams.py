"""Team composition rules."""

from __future__ import annotations

from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model._validators import as_optional_enum
from random_inspection.model.vocabulary import EnforcementDomain

__all__ = ["TeamRule"]


def _domain(value: Any) -> EnforcementDomain | None:
    return as_optional_enum(EnforcementDomain, value)


def _quotas(value: Any) -> tuple[tuple[str, int], ...]:
    pairs = value.items() if isinstance(value, dict) else value
    quotas = []
    for pair in pairs:
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2 and isinstance(pair[0], str) and pair[0].strip()
                and isinstance(pair[1], int) and not isinstance(pair[1], bool) and pair[1] >= 1):
            raise InvalidInputError(tr("quota {pair!r} is not (specialty tag, whole number ≥ 1)",
                                       pair=pair), where=tr("the team rule"),
                                    fix=tr("give quotas as (('非煤矿山', 1),)"))
        quotas.append((pair[0].strip(), pair[1]))
    return tuple(quotas)


@attrs.frozen
class TeamRule:
    """How a team is made up for subjects of one domain (or any domain when ``domain`` is ``None``).

    ``quotas`` maps a specialty tag to the least number of members who must carry it
    (冷水滩 第十三条: 非煤矿山 → 2 inspectors, at least 1 from 非煤矿山 enforcement).
    """

    size: int
    domain: EnforcementDomain | None = attrs.field(default=None, converter=_domain)
    quotas: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_quotas)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.size, int) or isinstance(self.size, bool) or self.size < 1:
            raise InvalidInputError(tr("size {size!r} is not a whole number ≥ 1", size=self.size),
                                    where=tr("the team rule"),
                                    fix=tr("give the number of inspectors in a team"))
        if sum(n for _, n in self.quotas) > self.size:
            raise InvalidInputError(
                tr("quotas {dict} need more members than the team size {size}", dict=dict(self.quotas), size=self.size),
                where=tr("the team rule"), fix=tr("lower a quota or raise the size"),
            )
