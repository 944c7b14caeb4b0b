"""docs/exports.md and docs/rosters.md stay true: they name every public function of random_inspection.io;
exports.md names every file the forms are written
to, and every row of the designed 冷水滩 form."""

from __future__ import annotations

from pathlib import Path

import random_inspection.io as io
from random_inspection_profiles.hebi.forms import FORMS as HEBI_FORMS
from random_inspection_profiles.lengshuitan.forms import FORMS as LENGSHUITAN_FORMS
from random_inspection_profiles.lengshuitan.forms import filing_form_rows
from tests.export_support import lengshuitan_export

DOC = (Path(__file__).resolve().parents[1] / "docs" / "exports.md").read_text(encoding="utf-8")
ROSTERS_DOC = (Path(__file__).resolve().parents[1] / "docs" / "rosters.md").read_text(encoding="utf-8")


def test_every_export_is_documented() -> None:
    for name in io.__all__:
        if name != "load_schedule_file":
            assert f"`{name}" in DOC or f"`{name}" in ROSTERS_DOC, name
    for form in (*HEBI_FORMS, *LENGSHUITAN_FORMS):
        assert form.file_name in DOC, form.file_name


def test_the_designed_filing_form_is_described_row_by_row() -> None:
    export = lengshuitan_export()
    for label, _, label2, _ in filing_form_rows(export, export.draw.subjects[0]):
        assert label in DOC and (label2 is None or label2 in DOC), (label, label2)
