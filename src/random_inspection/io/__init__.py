"""Edges that read and write files. Not part of the pure core.

Rosters in (docs/rosters.md): the 检查对象名录库, 执法人员名录库 and 随机抽查事项清单 from CSV and workbooks (XLSX,
XLS, ET, ODS), every bad row reported. Exports (docs/exports.md): the forms a profile supplies (written through
its hook, laid out by the profile with :mod:`random_inspection.io.sheets`), the draw results and the reports as
CSV and XLSX, the disclosure as canonical JSON and as one static HTML page.

The names below are imported from their modules when first used (PEP 562): a program that reads a roster does not
load the workbook writer, the charts and the pages, so it starts sooner and a large import's memory peaks lower
(docs/rosters.md, *Large rosters*)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from random_inspection.io.charts import Chart, plan_charts
    from random_inspection.io.disclosure_page import (
        disclosure_json,
        disclosure_labels,
        render_disclosure_html,
        write_disclosure,
    )
    from random_inspection.io.forms import (
        export_plan,
        profile_report_tables,
        write_draw_results,
        write_plan_forms,
        write_reports,
    )
    from random_inspection.io.notice_page import render_notice_html, write_notice
    from random_inspection.io.plan_data import PlanExport
    from random_inspection.io.roster_guides import TemplateVocabulary
    from random_inspection.io.rosters import (
        CHECKLIST_COLUMNS,
        EXAMPLE_MARK,
        INSPECTOR_COLUMNS,
        SUBJECT_COLUMNS,
        ImportResult,
        Normalisation,
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
    from random_inspection.io.tables import (
        Table,
        check_tables,
        draw_tables,
        read_csv,
        report_tables,
        write_csv,
        write_csv_tables,
        write_xlsx_tables,
    )
    from random_inspection.io.verifier_page import VERIFIER_FILE, verifier_html, write_verifier

# each public name and the module that holds it, imported when first asked for
_HOMES: dict[str, str] = {
    "CHECKLIST_COLUMNS": "random_inspection.io.rosters",
    "EXAMPLE_MARK": "random_inspection.io.rosters",
    "INSPECTOR_COLUMNS": "random_inspection.io.rosters",
    "SUBJECT_COLUMNS": "random_inspection.io.rosters",
    "VERIFIER_FILE": "random_inspection.io.verifier_page",
    "Chart": "random_inspection.io.charts",
    "ImportResult": "random_inspection.io.rosters",
    "Normalisation": "random_inspection.io.rosters",
    "PlanExport": "random_inspection.io.plan_data",
    "RosterError": "random_inspection.io.rosters",
    "RosterKind": "random_inspection.io.rosters",
    "RosterProblem": "random_inspection.io.rosters",
    "Table": "random_inspection.io.tables",
    "TemplateVocabulary": "random_inspection.io.roster_guides",
    "check_tables": "random_inspection.io.tables",
    "disclosure_json": "random_inspection.io.disclosure_page",
    "disclosure_labels": "random_inspection.io.disclosure_page",
    "draw_tables": "random_inspection.io.tables",
    "export_plan": "random_inspection.io.forms",
    "import_roster": "random_inspection.io.rosters",
    "load_schedule_file": "random_inspection.io.schedules",
    "parse_date": "random_inspection.io.rosters",
    "plan_charts": "random_inspection.io.charts",
    "profile_report_tables": "random_inspection.io.forms",
    "read_checklist": "random_inspection.io.rosters",
    "read_csv": "random_inspection.io.tables",
    "read_inspectors": "random_inspection.io.rosters",
    "read_subjects": "random_inspection.io.rosters",
    "render_disclosure_html": "random_inspection.io.disclosure_page",
    "render_notice_html": "random_inspection.io.notice_page",
    "report_tables": "random_inspection.io.tables",
    "roster_rows": "random_inspection.io.rosters",
    "template_rows": "random_inspection.io.rosters",
    "verifier_html": "random_inspection.io.verifier_page",
    "write_csv": "random_inspection.io.tables",
    "write_csv_tables": "random_inspection.io.tables",
    "write_disclosure": "random_inspection.io.disclosure_page",
    "write_draw_results": "random_inspection.io.forms",
    "write_notice": "random_inspection.io.notice_page",
    "write_plan_forms": "random_inspection.io.forms",
    "write_reports": "random_inspection.io.forms",
    "write_roster": "random_inspection.io.rosters",
    "write_verifier": "random_inspection.io.verifier_page",
    "write_xlsx_tables": "random_inspection.io.tables",
}

__all__ = [
    "CHECKLIST_COLUMNS",
    "EXAMPLE_MARK",
    "INSPECTOR_COLUMNS",
    "SUBJECT_COLUMNS",
    "VERIFIER_FILE",
    "Chart",
    "ImportResult",
    "Normalisation",
    "PlanExport",
    "RosterError",
    "RosterKind",
    "RosterProblem",
    "Table",
    "TemplateVocabulary",
    "check_tables",
    "disclosure_json",
    "disclosure_labels",
    "draw_tables",
    "export_plan",
    "import_roster",
    "load_schedule_file",
    "parse_date",
    "plan_charts",
    "profile_report_tables",
    "read_checklist",
    "read_csv",
    "read_inspectors",
    "read_subjects",
    "render_disclosure_html",
    "render_notice_html",
    "report_tables",
    "roster_rows",
    "template_rows",
    "verifier_html",
    "write_csv",
    "write_csv_tables",
    "write_disclosure",
    "write_draw_results",
    "write_notice",
    "write_plan_forms",
    "write_reports",
    "write_roster",
    "write_verifier",
    "write_xlsx_tables",
]



def __getattr__(name: str) -> Any:
    """A public name, looked up in its module (imported the first time, PEP 562): never kept here, so that it is
    always the module's own, as a patched or reloaded module has it; or a submodule by its name, as a package
    that imported its modules gave it."""
    home = _HOMES.get(name)
    if home is not None:
        return getattr(importlib.import_module(home), name)
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise  # a module the submodule imports is missing: say so
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
