"""`random_inspection.io` imports its names when first used: each is there, and reading a roster loads none of the
workbook writer, charts and pages."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

import random_inspection.io as io_package


@pytest.mark.parametrize("name", io_package.__all__)
def test_every_public_name_is_its_modules_own(name: str) -> None:
    value = getattr(io_package, name)
    home = io_package._HOMES[name]
    assert value is getattr(sys.modules[home], name)
    assert name in dir(io_package)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        io_package.no_such_name  # noqa: B018


def test_star_import_gives_every_public_name() -> None:
    space: dict[str, object] = {}
    exec("from random_inspection.io import *", space)
    assert set(io_package.__all__) <= set(space)


def test_reading_a_roster_loads_no_workbook_writer(tmp_path: Path) -> None:
    from random_inspection.demo import load_demo_data
    from random_inspection.io import roster_rows

    roster = tmp_path / "subjects.csv"
    rows = roster_rows("subjects", load_demo_data()[0])
    with roster.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    script = (
        "import sys\n"
        "from random_inspection.io import read_subjects\n"
        f"result = read_subjects({str(roster)!r})\n"
        "print(len(result.records), 'openpyxl' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(len(rows) - 1), "False"], done.stderr


def test_a_name_is_always_its_modules_own_as_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    from random_inspection.io import rosters

    real = rosters.read_subjects

    def fake(*args: object, **kwargs: object) -> object:
        raise AssertionError("not called")

    monkeypatch.setattr(rosters, "read_subjects", fake)
    assert io_package.read_subjects is fake
    monkeypatch.undo()
    assert io_package.read_subjects is real


def test_a_submodule_is_an_attribute_of_the_package() -> None:
    script = "import random_inspection.io as io; print(io.tables.__name__, io.rosters.__name__)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["random_inspection.io.tables", "random_inspection.io.rosters"]
