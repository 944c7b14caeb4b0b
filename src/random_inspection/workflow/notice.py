"""The pre-draw notice (抽查公告): what a bureau posts after it commits a plan and before the public input exists.

It names the plan, the manifest's hash, the source of the public input (the dice, where, witnessed by whom), the
time it will be produced and the one form it will be written in (draw-v2 §3), every commit of the plan so far,
and the ledger's head just after the commit. Posting it is what makes a later change visible: a manifest
re-committed after the notice has another hash than the one posted, and a ledger rewritten to hide it no longer
holds the head the notice carries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.model import LedgerHead
from random_inspection.profiles import ResolvedProfile
from random_inspection.sampling import Manifest
from random_inspection.workflow.commitments import Commitment
from random_inspection.workflow.disclosure import check_public

__all__ = ["PreDrawNotice", "pre_draw_notice"]


@attrs.frozen
class PreDrawNotice:
    """The notice posted before the dice (see the module's text). :meth:`to_json` is its published form."""

    plan_id: str
    authority: str
    profile: str
    departments: tuple[str, ...]
    window: tuple[dt.date, dt.date]
    algorithm: str
    manifest_hash: str
    source: str
    produced_at: str
    form: str
    commits: tuple[Commitment, ...]
    ledger_head: LedgerHead
    manifest_url: str | None = None
    platform: tuple[str, str] | None = None  # the profile's plan.platform and its citation (docs/platforms.md)
    platform_task: str | None = None  # the platform's task number the plan is to be drawn under, where announced

    def to_json(self) -> dict[str, Any]:
        """The notice as JSON data (``platform`` only where the profile names one)."""
        data = {
            "notice": "pre-draw", "plan_id": self.plan_id, "authority": self.authority, "profile": self.profile,
            "departments": list(self.departments), "window": [d.isoformat() for d in self.window],
            "algorithm": self.algorithm, "manifest_hash": self.manifest_hash,
            "public_input": {"source": self.source, "produced_at": self.produced_at, "form": self.form},
            "commits": [c.to_json() for c in self.commits], "ledger_head": self.ledger_head.to_json(),
            "manifest_url": self.manifest_url,
        }
        if self.platform is not None:
            platform = {"name": self.platform[0], "citation": self.platform[1]}
            if self.platform_task is not None:
                platform["task"] = self.platform_task
            data["platform"] = platform
        return data


def pre_draw_notice(profile: ResolvedProfile, manifest: Manifest, commits: Iterable[Commitment],
                    head: LedgerHead, *, departments: Iterable[str] = (),
                    manifest_url: str | None = None, platform_task: str | None = None) -> PreDrawNotice:
    """The pre-draw notice of a committed manifest.

    Args:
        commits: the plan's commits, oldest first (``Store.commits``); the last must be ``manifest``'s.
        head: the ledger's head just after the last commit (``Store.ledger_head``).
        platform_task: the platform's task number the commit announced (``commit --platform-task``), if any.

    Raises:
        InvalidInputError: a draw-v1 manifest (it announces no time for its public input), commits that do not
            end with this manifest, or personal data in a commit's reason.
    """
    spec = manifest.public_input_spec
    where = tr("notice of plan {plan_id}", plan_id=manifest.plan_id)
    if spec is None:
        raise InvalidInputError(tr("a draw-v1 manifest announces no time for its public input"), where=where,
                                fix=tr("commit the plan as draw-v2 (a [public_input] table in the plan file)"))
    listed = tuple(commits)
    if not listed or listed[-1].manifest_hash != manifest.hash:
        raise InvalidInputError(tr("manifest {hash}… is not the plan's last commit",
                                   hash=manifest.hash[:12]), where=where,
                                fix=tr("give the plan's commits as the store lists them, after committing this "
                                       "manifest"))
    notice = PreDrawNotice(
        manifest.plan_id, profile.profile.jurisdiction.name, profile.code, tuple(departments), manifest.window,
        manifest.algorithm, manifest.hash, spec.source, spec.produced_at, spec.describe_zh(), listed, head,
        manifest_url,
        (str(profile.value("plan.platform")), str(profile.rule("plan.platform").citation))
        if profile.has("plan.platform") else None,
        platform_task,
    )
    check_public(notice.to_json())
    return notice
