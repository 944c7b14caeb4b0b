"""§7's teams where nothing but the loads decides: no step of the team rule asks for a specialty tag and no
candidate has an interest in a drawn subject. Then the candidate with the smallest (load, rank) not yet on the
team is always the next one in rank order, cyclically — the loads never differ by more than one, the higher
ones held by a run of the lowest ranks — so a department's members, subject after subject, are its pool in rank
order repeated, cut into teams of the rule's size. Built in C-level loops (no Python step per subject), the same
teams, member for member and in the same order, as the step-by-step pool of ``engine``."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator, Sequence

__all__ = ["rotated_teams"]


def rotated_teams(subjects: tuple[str, ...], size: int,
                  orders: Sequence[Sequence[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per subject, in order, its team: ``size`` members of each department in turn, each department's taken
    from its candidates in rank order (``orders``, one per department), round and round.

    Only valid where every team has the one ``size`` (1 ≤ ``size`` ≤ the smallest pool), no step asks for a tag
    and no candidate has an interest in a drawn subject: the caller checks that."""
    n = len(subjects)
    groups: Iterator[tuple[str, ...]] | None = None
    for order in orders:
        members = itertools.islice(itertools.cycle(order), n * size)
        cut: Iterator[tuple[str, ...]] = zip(*[members] * size, strict=False)
        groups = cut if groups is None else map(operator.add, groups, cut)
    return tuple(zip(subjects, groups if groups is not None else itertools.repeat((), n), strict=True))
