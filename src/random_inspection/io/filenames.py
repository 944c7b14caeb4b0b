"""The names of the files a plan's steps write beside its plan file."""

from __future__ import annotations

__all__ = ["plan_file_stem"]


def plan_file_stem(plan_id: str) -> str:
    """The stem of a plan's files (``STEM.manifest.json``, ``STEM.draw.json``, ``STEM.notice.html`` …): the plan
    id, with each ``/`` (a joint plan's team plan ``PLAN/DEPARTMENT``) and ``\\`` written ``__``, so that every
    plan id names a file in the folder, not a path."""
    return plan_id.replace("/", "__").replace("\\", "__")
