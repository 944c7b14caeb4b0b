"""Team composition rules."""

from __future__ import annotations

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.model.vocabulary import EnforcementDomain

__all__ = ["TeamRule"]


@attrs.frozen
class TeamRule:
    """How a team is made up for subjects of one domain (or any domain when ``domain`` is ``None``).

    ``quotas`` maps a specialty tag to the least number of members who must carry it
    (冷水滩 第十三条: 非煤矿山 → 2 inspectors, at least 1 from 非煤矿山 enforcement).
    """

    size: int = attrs.field(validator=attrs.validators.ge(1))
    domain: EnforcementDomain | None = None
    quotas: tuple[tuple[str, int], ...] = ()

    def __attrs_post_init__(self) -> None:
        if sum(n for _, n in self.quotas) > self.size:
            raise InvalidInputError(
                f"quotas {dict(self.quotas)} need more members than the team size {self.size}",
                where="TeamRule", fix="lower a quota or raise the size",
            )
