"""A team's leader (组长), where the profile's documents give each team one (``team.leader``: 鹤壁 六(三)
“联合检查组实行组长负责制”).

The draw does not change for it: draw-v1 §7 lists a team in the order its members were taken, and where the
rules have a leader the first member listed leads (draw-v2 keeps §7). This module only names that member; a draw's
vectors, its result and its hash are the same with a leader or without.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from random_inspection.profiles import ResolvedProfile

__all__ = ["team_leader", "team_leaders"]


def team_leader(profile: ResolvedProfile, team: Sequence[str]) -> str | None:
    """The leader of ``team`` (inspector ids in the draw's order) under ``profile``: its first member where the
    profile sets ``team.leader``, else ``None`` (no document of the chain names a leader, and none is made up)."""
    if not team or not profile.value("team.leader", False):
        return None
    return team[0]


def team_leaders(profile: ResolvedProfile, teams: Mapping[str, Sequence[str]] | Iterable[tuple[str, Sequence[str]]]
                 ) -> dict[str, str]:
    """Each subject's team leader (``teams``: subject → team, as ``DrawResult.teams`` or a draw's JSON holds
    them); empty where the profile sets no ``team.leader``."""
    pairs = teams.items() if isinstance(teams, Mapping) else teams
    leaders = {subject: team_leader(profile, team) for subject, team in pairs}
    return {subject: leader for subject, leader in leaders.items() if leader is not None}
