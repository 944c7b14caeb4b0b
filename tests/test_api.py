"""The top-level package: the names most callers need, each the very object of its home package, imported on
first use so that ``import random_inspection`` stays quick; and no layer below the command line reaches them
through it."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

import random_inspection

ROOT = Path(__file__).resolve().parents[1]
NAMES = [n for n in random_inspection.__all__ if n != "__version__"]


def test_there_are_the_names_callers_need() -> None:
    for name in ("Subject", "Inspector", "ChecklistItem", "read_subjects", "import_roster", "ProfileRegistry",
                 "draw", "verify", "Manifest", "WorkingCalendar", "deadline", "RandomInspectionError"):
        assert name in random_inspection.__all__
    assert len(set(random_inspection.__all__)) == len(random_inspection.__all__)


@pytest.mark.parametrize("name", NAMES)
def test_each_name_is_the_object_of_its_home_package(name: str) -> None:
    value = getattr(random_inspection, name)
    home = importlib.import_module(random_inspection._HOMES[name])
    assert value is getattr(home, name) and name in home.__all__
    assert value.__module__.startswith(home.__name__)  # defined there, not merely passed through
    assert value.__doc__


def test_the_star_import_and_dir_give_every_name() -> None:
    namespace: dict[str, object] = {}
    exec("from random_inspection import *", namespace)
    assert set(random_inspection.__all__) <= set(namespace)
    assert set(random_inspection.__all__) <= set(dir(random_inspection))
    assert set(random_inspection._HOMES) == set(NAMES)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'draw_everything'"):
        random_inspection.draw_everything  # noqa: B018
    assert not hasattr(random_inspection, "os")


def test_importing_the_package_imports_no_layer_until_a_name_is_used() -> None:
    code = ("import sys, random_inspection as r\n"
            "before = sorted(m for m in sys.modules if m.startswith('random_inspection.'))\n"
            "r.WorkingCalendar\n"
            "print(before, 'random_inspection.timelimits' in sys.modules, 'random_inspection.io' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] True False"


def test_only_the_command_line_imports_the_top_level_package() -> None:
    """The re-exports reach every layer; a module of a lower layer importing them would import upward."""
    graph = grimp.build_graph("random_inspection")
    importers = graph.find_modules_that_directly_import("random_inspection")
    assert importers and all(m.startswith("random_inspection.cli") for m in importers), importers


def test_the_readme_python_example_uses_the_top_level_names(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## A taste\n.*?```python\n(.*?)```", readme, re.S)
    assert block is not None
    assert "from random_inspection import" in block.group(1)
    assert not re.search(r"from random_inspection\.\w+ import", block.group(1))
    monkeypatch.chdir(ROOT)  # the example's rosters are named from the root of a clone
    namespace: dict[str, object] = {}
    exec(compile(block.group(1), "README.md, A taste", "exec"), namespace)
    assert namespace["result"].subjects == ("91411025GLTHT5DR7Q", "91411081UKY4055D91", "91411024980L3L5A1K")
