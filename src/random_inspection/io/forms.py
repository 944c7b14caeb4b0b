"""All the forms and tables of a plan into one folder. The forms are chosen by what the profile files
(``forms.filed``): 鹤壁's 附件1–4 (鹤双随机办〔2020〕19号 六(四)) and 冷水滩's 涉企检查登记备案表 (第十四条); the
draw's tables, the reports and the disclosure are written for every profile."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from random_inspection.io.disclosure_page import disclosure_labels, write_disclosure
from random_inspection.io.hebi_forms import (
    write_inspector_form,
    write_record_forms,
    write_statistics_form,
    write_summary_form,
)
from random_inspection.io.lengshuitan_forms import FILING_FORM_TITLE, write_filing_forms
from random_inspection.io.plan_data import PlanExport
from random_inspection.io.tables import check_tables, draw_tables, report_tables, write_csv_tables, write_xlsx_tables
from random_inspection.model import LedgerHead
from random_inspection.workflow import Commitment, Indicator, ReserveUsed, disclose

__all__ = ["FORM_FILES", "export_plan", "write_draw_results", "write_plan_forms", "write_reports"]

FORM_FILES = {
    "随机抽取执法检查人员信息表": "附件1_随机抽取执法检查人员信息表.xlsx",
    "联合抽查统计表": "附件2_联合抽查统计表.xlsx",
    "联合抽查汇总表": "附件3_联合抽查汇总表.xlsx",
    "联合抽查记录表": "附件4_联合抽查记录表.xlsx",
    FILING_FORM_TITLE: f"{FILING_FORM_TITLE}.xlsx",
}
"""The file each form is written to, by the form's name in the profile's ``forms.filed``."""

_WRITERS = {
    "随机抽取执法检查人员信息表": write_inspector_form,
    "联合抽查统计表": write_statistics_form,
    "联合抽查汇总表": write_summary_form,
    "联合抽查记录表": write_record_forms,
    FILING_FORM_TITLE: write_filing_forms,
}


def write_plan_forms(folder: str | Path, export: PlanExport) -> list[Path]:
    """Write into ``folder`` each form the plan's profile files (its ``forms.filed`` rule names it), as
    :data:`FORM_FILES` names them; a profile that files none of them gets none. Returns the files written."""
    filed = [str(f) for f in export.profile.value("forms.filed", ())]
    folder = Path(folder)
    return [writer(folder / FORM_FILES[name], export) for name, writer in _WRITERS.items()
            if any(name in f for f in filed)]


def write_draw_results(folder: str | Path, export: PlanExport) -> list[Path]:
    """The draw's tables (:func:`~random_inspection.io.tables.draw_tables`) as ``抽取结果.xlsx`` and a CSV file per
    table, named ``抽取结果-<table>.csv``, in ``folder``."""
    tables = draw_tables(export)
    check_tables(tables, allowed=export.subjects, where="抽取结果")
    folder = Path(folder)
    return [write_xlsx_tables(folder / "抽取结果.xlsx", tables), *write_csv_tables(folder, tables, prefix="抽取结果-")]


def write_reports(folder: str | Path, export: PlanExport, indicators: Iterable[Indicator] = ()) -> list[Path]:
    """The reports (:func:`~random_inspection.io.tables.report_tables`: 汇总表 with the profile's result scheme,
    departments by name, and 指标 when ``indicators`` are given) as ``报告.xlsx`` and ``报告-<table>.csv``."""
    names = {code: export.department_name(code) for r in export.records for code in (r.department,)}
    tables = report_tables(export.records, export.profile.value("results.scheme"), indicators,
                           department_names=names)
    check_tables(tables, allowed=export.subjects, where="报告")
    folder = Path(folder)
    return [write_xlsx_tables(folder / "报告.xlsx", tables), *write_csv_tables(folder, tables, prefix="报告-")]


def export_plan(folder: str | Path, export: PlanExport, *, indicators: Iterable[Indicator] = (),
                manifest_url: str | None = None, redraws: Iterable[Mapping[str, Any]] = (),
                withheld: Iterable[str] = (), commits: Iterable[Commitment] = (),
                ledger_head: LedgerHead | None = None,
                reserves_used: Iterable[ReserveUsed] = ()) -> dict[str, list[Path]]:
    """Everything of one plan in ``folder``: ``forms/`` (:func:`write_plan_forms`, filed), ``draw/``
    (:func:`write_draw_results`), ``reports/`` (:func:`write_reports`, when the profile has a result scheme) and
    ``public/`` (the disclosure as JSON and HTML with the manifest and the draw result,
    :func:`~random_inspection.io.disclosure_page.write_disclosure`). Only ``public/`` is for publication.
    ``redraws`` are the draws of the plan set aside (``Store.redraws``): the disclosure lists them, and every
    commit of its manifest (``commits``, ``Store.commits``), and carries the ledger's head at publication
    (``ledger_head``, ``Store.ledger_head``), and lists the reserves used (``reserves_used``).
    ``withheld`` are free-text fields of the disclosure holding personal data that cannot be recorded again
    (see :func:`~random_inspection.workflow.disclose`): shown as withheld, and listed.

    Every part meant to be seen outside the office (the draw's tables, the reports, ``public/``) passes the one
    public-output filter (:func:`~random_inspection.workflow.check_public`) before it is written; the forms
    that are filed with personal data (鹤壁 附件1, 2, 4) do not.

    Raises:
        PersonalDataError: personal data reached the disclosure, a table or the 冷水滩 form, naming the file and
            the field.
    """
    folder = Path(folder)
    public = disclose(export.profile, export.plan, export.draw, export.records, export.subjects, export.inspectors,
                      redraws=redraws, withheld=withheld, commits=commits, ledger_head=ledger_head,
                      reserves_used=reserves_used)
    written = {
        "forms": write_plan_forms(folder / "forms", export),
        "draw": write_draw_results(folder / "draw", export),
        "reports": (write_reports(folder / "reports", export, indicators)
                    if export.profile.has("results.scheme") else []),
        "public": write_disclosure(folder / "public", public, manifest=export.manifest, result=export.draw,
                                   manifest_url=manifest_url, labels=disclosure_labels(export)),
    }
    return written
