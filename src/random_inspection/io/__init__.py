"""Edges that read and write files. Not part of the pure core."""

from random_inspection.io.rosters import (
    CHECKLIST_COLUMNS,
    INSPECTOR_COLUMNS,
    SUBJECT_COLUMNS,
    ImportResult,
    RosterError,
    RosterKind,
    RosterProblem,
    import_roster,
    parse_date,
    read_checklist,
    read_inspectors,
    read_subjects,
    roster_rows,
    template_rows,
    write_roster,
)
from random_inspection.io.schedules import load_schedule_file

__all__ = [
    "CHECKLIST_COLUMNS", "INSPECTOR_COLUMNS", "SUBJECT_COLUMNS", "ImportResult", "RosterError", "RosterKind",
    "RosterProblem", "import_roster", "load_schedule_file", "parse_date", "read_checklist", "read_inspectors",
    "read_subjects", "roster_rows", "template_rows", "write_roster",
]
