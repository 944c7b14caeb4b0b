"""Edges that read and write files. Not part of the pure core.

Rosters in (docs/rosters.md): the 检查对象名录库, 执法人员名录库 and 随机抽查事项清单 from CSV and workbooks (XLSX,
XLS, ET, ODS), every bad row reported. Exports (docs/exports.md): the forms a profile supplies (written through
its hook, laid out by the profile with :mod:`random_inspection.io.sheets`), the draw results and the reports as
CSV and XLSX, the disclosure as canonical JSON and as one static HTML page."""

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
