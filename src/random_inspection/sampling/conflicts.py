"""Who may not serve whom (§7): the interests a draw's teams and recusals look at — draw-v1's published
interests, draw-v2's opened conflicts (draw-v2 §4)."""

from __future__ import annotations

from random_inspection.sampling.manifest import Manifest

__all__ = ["Conflicts", "interest_map"]

Conflicts = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
"""draw-v2 §4: per drawn subject with a declared interest, ``(inspector_id, hex(salt))`` pairs by inspector id."""


def interest_map(manifest: Manifest, conflicts: Conflicts = ()) -> dict[str, frozenset[str]]:
    """The subjects each inspector may not serve (§7): draw-v1's published ``interests``; draw-v2's opened
    conflicts (§4), which are every declared interest in a drawn subject — all that teams and recusals look at;
    draw-v3's experts (draw-v3 §2) are keyed like the inspectors."""
    if manifest.version == 1:
        return {p.id: frozenset(p.interests) for p in manifest.inspectors}
    out: dict[str, set[str]] = {pid: set() for pid, _ in manifest.interest_tags}
    for sid, pairs in conflicts:
        for pid, _ in pairs:
            out[pid].add(sid)
    return {k: frozenset(v) for k, v in out.items()}
