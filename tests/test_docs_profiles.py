"""docs/profiles.md stays true: every hook and its signature is documented, every catalogue key is listed,
and the guide's sixth profile and its scenario work as written."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path
from typing import Any, ClassVar

from random_inspection.profiles import CATALOGUE, PlanFacts, ProfileRegistry, hookspecs
from random_inspection.testing import ProfileConformance, load_scenario, run_scenario
from random_inspection.timelimits import WorkingDays

DOC = (Path(__file__).resolve().parents[1] / "docs" / "profiles.md").read_text(encoding="utf-8")


def _hookspecs() -> list[object]:
    return [
        fn for name, fn in vars(hookspecs).items()
        if name.startswith("random_inspection_") and hasattr(fn, f"{hookspecs.PROJECT}_spec")
    ]


def test_there_are_hooks_to_document() -> None:
    assert {getattr(f, "__name__", "") for f in _hookspecs()} == {
        "random_inspection_profile", "random_inspection_check_team", "random_inspection_check_plan",
        "random_inspection_forms", "random_inspection_duties", "random_inspection_report_tables",
        "random_inspection_area_names",
    }


def test_every_hook_is_documented_with_its_signature() -> None:
    for fn in _hookspecs():
        params = ", ".join(inspect.signature(fn).parameters)  # type: ignore[arg-type]
        heading = f"### `{fn.__name__}({params})`"  # type: ignore[attr-defined]
        assert heading in DOC, f"docs/profiles.md lacks the heading {heading}"


def test_every_hook_docstring_documents_its_parameters_and_return() -> None:
    for fn in _hookspecs():
        doc = inspect.getdoc(fn) or ""
        for param in inspect.signature(fn).parameters:  # type: ignore[arg-type]
            assert f":param {param}:" in doc, f"{fn.__name__} does not document {param}"  # type: ignore[attr-defined]
        assert ":return:" in doc, f"{fn.__name__} does not document its return"  # type: ignore[attr-defined]
        assert re.search(r"collected|first result wins", doc, re.I), "say if results are collected or first wins"


def test_every_catalogue_key_is_listed() -> None:
    for key, spec in CATALOGUE.items():
        assert f"| `{key}` | {spec.kind.value} | {spec.title} |" in DOC, key


def _block(after: str, lang: str) -> str:
    start = DOC.index(after)
    match = re.search(rf"```{lang}\n(.*?)```", DOC[start:], re.S)
    assert match, f"no {lang} block after {after!r}"
    return match.group(1)


def test_the_guides_sixth_profile_passes_the_kit_and_its_scenario(tmp_path: Path) -> None:
    folder = tmp_path / "my-profiles"
    folder.mkdir()
    (folder / "weidu.py").write_text(_block("**1. Write the profile**", "python"), encoding="utf-8")
    (tmp_path / "scenario_weidu.toml").write_text(_block("**3. Write scenarios**", "toml"), encoding="utf-8")

    registry = ProfileRegistry(folders=[folder])
    resolved = registry.resolve("weidu", dt.date(2025, 6, 1))
    assert resolved.rule("limit.feedback").source == "xuchang"
    assert resolved.value("frequency.yearly_cap") == 2
    assert resolved.value("limit.publication") == WorkingDays(3) and not resolved.has("weidu.key_inspections")
    assert resolved.check_plan(PlanFacts(pool_size=40, sample_size=1)) == []
    in_2026 = registry.resolve("weidu", dt.date(2026, 6, 1))  # the 实施方案 supersedes the 细则 for its keys
    assert in_2026.value("limit.publication") == WorkingDays(2)
    assert in_2026.value("frequency.yearly_cap") == 2
    assert in_2026.check_plan(PlanFacts(pool_size=40, sample_size=1)) == [
        "draws 1; 魏应急〔2026〕2号 三(二) asks at least 3"]
    assert "→ 魏应急〔2026〕2号" in in_2026.explain_text() and "[the profile's own key]" in in_2026.explain_text()
    assert registry.resolve("weidu", dt.date(2027, 1, 1)).value("limit.publication") == WorkingDays(3)

    class TestWeidu(ProfileConformance):
        profile_code = "weidu"
        as_of = (dt.date(2025, 3, 1), dt.date(2025, 10, 1), dt.date(2026, 6, 1))
        registry_options: ClassVar[dict[str, Any]] = {"folders": [folder]}

    case = TestWeidu()
    for name in dir(case):
        if name.startswith("test_"):
            getattr(case, name)()
    assert run_scenario(load_scenario(tmp_path / "scenario_weidu.toml"), registry) == []
