"""The sample's size against a platform's draw (``store.external.findings``, draw-v1/v2 §6): a draw made here of
any public input is never a size finding, whatever the allocation's tie-break picked; one subject fewer always is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.sampling import DrawResult, Manifest, draw
from random_inspection.store.external import ExternalDraw, findings, size_finding

SPEC = Path(__file__).resolve().parents[1] / "docs" / "spec"
DRAWS: list[dict[str, Any]] = [v for v in json.loads((SPEC / "draw-v2-vectors.json").read_text(encoding="utf-8"))
                               ["draws"] if v["private"] is None]


def _as_external(result: DrawResult, subjects: tuple[str, ...]) -> ExternalDraw:
    teams, items = dict(result.teams), dict(result.items)
    return ExternalDraw("平台", "T", "x.csv", "0" * 64, "2026-12-01T09:00:00+08:00", subjects,
                        tuple((s, teams[s]) for s in subjects), tuple((s, items.get(s, ())) for s in subjects))


def _sizes(found: list[str]) -> list[str]:
    return [f for f in found if "the plan's sample" in f]


@pytest.mark.parametrize("vector", DRAWS, ids=[v["name"] for v in DRAWS])
@settings(max_examples=20, deadline=None)
@given(numbers=st.integers(0, 999_999))
def test_a_draw_made_here_is_the_plan_s_size_and_one_fewer_is_not(vector: dict[str, Any], numbers: int) -> None:
    manifest = Manifest.from_json(vector["manifest"])
    public_input = vector["public_input"].rsplit(" ", 1)[0] + f" {numbers:06d}"  # another draw of the lottery
    result = draw(manifest, public_input)
    assert len(result.strata) > 1 and result.subjects
    assert _sizes(findings(_as_external(result, result.subjects), manifest)) == []
    fewer = findings(_as_external(result, result.subjects[1:]), manifest)
    assert size_finding(len(result.subjects) - 1, len(result.subjects)) in fewer
