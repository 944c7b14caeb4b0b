"""All the forms and tables of a plan into one folder. The forms are those the plan's profile supplies through
the ``random_inspection_forms`` hook (:meth:`~random_inspection.profiles.ResolvedProfile.forms`): the library names
none itself. The draw's tables, the reports (with the profile's own report tables) and the disclosure are written
for every profile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from random_inspection.errors import ProfileError
from random_inspection.io.chart_data import duty_month_data, duty_status_data, share_data, strata_data
from random_inspection.io.charts import plan_charts, plan_indicators, stratum_label
from random_inspection.io.disclosure_page import disclosure_labels, write_disclosure
from random_inspection.io.plan_data import PlanExport
from random_inspection.io.tables import (
    Table,
    check_tables,
    draw_tables,
    report_tables,
    write_csv_tables,
    write_xlsx_tables,
)
from random_inspection.messages import tr
from random_inspection.model import LedgerHead
from random_inspection.profiles import Departure
from random_inspection.workflow import (
    Commitment,
    DeadlineDeparture,
    Indicator,
    Obligation,
    Redraw,
    ReserveUsed,
    disclose,
)

__all__ = ["export_plan", "profile_report_tables", "write_draw_results", "write_plan_forms", "write_reports"]


def write_plan_forms(folder: str | Path, export: PlanExport) -> list[Path]:
    """Write into ``folder`` each form the plan's profile supplies (``random_inspection_forms``, checked against
    its cited ``forms.filed``), each at its own file name, in the order supplied; a profile that supplies none
    gets none. Returns the files written.

    Raises:
        ProfileError: a form outside ``forms.filed``, or a writer that wrote elsewhere than it was asked.
        PersonalDataError: a form that may leave the office (``personal_data=False``) found holding personal
            data by its writer.
    """
    folder = Path(folder)
    written = []
    for form in export.profile.forms():
        path = form.write(folder / form.file_name, export)
        if Path(path) != folder / form.file_name:
            raise ProfileError(tr("the writer of {name} wrote {path}, not {value}", name=form.name, path=path,
                                  value=folder / form.file_name),
                               where=tr("profile {code}, form {form}", code=export.profile.code, form=form.name),
                               fix=tr("write the form at the path given and return it"))
        written.append(Path(path))
    return written


def write_draw_results(folder: str | Path, export: PlanExport) -> list[Path]:
    """The draw's tables (:func:`~random_inspection.io.tables.draw_tables`) as ``抽取结果.xlsx`` and a CSV file per
    table, named ``抽取结果-<table>.csv``, in ``folder``; where the draw has strata, the workbook also charts it
    per stratum, drawn against expected (:func:`~random_inspection.io.chart_data.strata_data`)."""
    tables = draw_tables(export)
    check_tables(tables, allowed=export.subjects, where="抽取结果")
    folder = Path(folder)
    charts = [strata_data(export.draw, stratum_label(export))] if len(export.draw.strata) > 1 else []
    return [write_xlsx_tables(folder / "抽取结果.xlsx", tables, charts),
            *write_csv_tables(folder, tables, prefix="抽取结果-")]


def write_reports(folder: str | Path, export: PlanExport, indicators: Iterable[Indicator] = (),
                  departures: Iterable[Departure] = (), *, duties: Sequence[Obligation] = (),
                  on: dt.date | None = None) -> list[Path]:
    """The reports (:func:`~random_inspection.io.tables.report_tables`: 汇总表 with the profile's result scheme, or
    the subjects inspected and those with a problem found for a profile without one,
    departments by name, 指标 when ``indicators`` are given, 偏离默认规则 when the plan's commit in force records
    ``departures``; then the profile's own tables,
    :func:`profile_report_tables`) as ``报告.xlsx`` and ``报告-<table>.csv``, every table through the public filter.
    The workbook charts the shares among ``indicators`` against their targets and, given the plan's ``duties``
    and the day ``on``, the duties by status per department and per month
    (:mod:`random_inspection.io.chart_data`), each on a sheet of its own beside its data.

    Raises:
        PersonalDataError: personal data reached a table.
    """
    indicators = list(indicators)
    names = {code: export.department_name(code) for r in export.records for code in (r.department,)}
    profile = export.profile
    tables = report_tables(export.records, profile.value("results.scheme", None), indicators, department_names=names,
                           departures=[(d, profile.rule(d.key) if profile.has(d.key) else None) for d in departures])
    tables += profile_report_tables(export)
    check_tables(tables, allowed=export.subjects, where="报告")
    folder = Path(folder)
    shares = share_data(indicators)
    charts = [shares] if shares is not None else []
    if duties and on is not None:
        charts += [duty_status_data(duties, on, export.department_name), duty_month_data(duties, on)]
    return [write_xlsx_tables(folder / "报告.xlsx", tables, charts), *write_csv_tables(folder, tables, prefix="报告-")]


def profile_report_tables(export: PlanExport) -> list[Table]:
    """The report tables the plan's profile supplies (``random_inspection_report_tables``), built from ``export``.

    Raises:
        ProfileError: a builder failed, or two tables share a name with each other or with a generic report.
    """
    tables = []
    taken = {"汇总表", "指标"}
    for spec in export.profile.report_tables():
        where = tr("profile {code}, report table {table}", code=export.profile.code, table=spec.name)
        if spec.name in taken:
            raise ProfileError(tr("a report table of this name is written already"), where=where,
                               fix=tr("give the profile's table a name of its own"))
        taken.add(spec.name)
        try:
            header, rows = spec.build(export)
        except Exception as exc:
            raise ProfileError(tr("building the table failed: {name}: {exc}",
                                  name=type(exc).__name__,
                                  exc=exc), where=where,
                               fix=tr("correct the profile's table builder")) from exc
        tables.append(Table(spec.name, tuple(header), [tuple(r) for r in rows]))
    return tables


def export_plan(folder: str | Path, export: PlanExport, *, indicators: Iterable[Indicator] = (),
                manifest_url: str | None = None, redraws: Iterable[Redraw] = (),
                withheld: Iterable[str] = (), commits: Iterable[Commitment] = (),
                ledger_head: LedgerHead | None = None,
                reserves_used: Iterable[ReserveUsed] = (),
                external: Mapping[str, Any] | None = None, duties: Sequence[Obligation] = (),
                on: dt.date | None = None,
                deadline_departures: Iterable[DeadlineDeparture] = ()) -> dict[str, list[Path]]:
    """Everything of one plan in ``folder``: ``forms/`` (:func:`write_plan_forms`, filed), ``draw/``
    (:func:`write_draw_results`), ``reports/`` (:func:`write_reports`, for every profile) and
    ``public/`` (the disclosure as JSON and HTML with the manifest and the draw result,
    :func:`~random_inspection.io.disclosure_page.write_disclosure`). Only ``public/`` is for publication.
    ``redraws`` are the draws of the plan set aside (``Store.redraws``): the disclosure lists them, and every
    commit of its manifest (``commits``, ``Store.commits``), and carries the ledger's head at publication
    (``ledger_head``, ``Store.ledger_head``), and lists the reserves used (``reserves_used``); the reports list the
    departures of the last commit (the one in force) and those from duties' default periods recorded after the
    draw (``deadline_departures``, ``Store.deadline_departures``), which the disclosure lists too.
    ``external``: a draw made on a platform, as its ledger entry
    records it (docs/platforms.md); the disclosure shows it in place of the re-run instructions.
    ``withheld`` are free-text fields of the disclosure holding personal data that cannot be recorded again
    (see :func:`~random_inspection.workflow.disclose`): shown as withheld, and listed.
    The page and the workbooks carry charts (:func:`~random_inspection.io.charts.plan_charts`): the draw per
    stratum, where it has strata; the shares the profile requires against their targets (``indicators``, else
    those measured on this plan, :func:`~random_inspection.io.charts.plan_indicators`); given the plan's
    ``duties`` and the day ``on``, the duties by status per department and per month.

    Every part meant to be seen outside the office (the draw's tables, the reports, ``public/``) passes the one
    public-output filter (:func:`~random_inspection.workflow.check_public`) before it is written; the forms
    that the profile files with personal data (``Form.personal_data``) do not.

    Raises:
        PersonalDataError: personal data reached the disclosure, a table or a form that may leave the office,
            naming the file and the field.
    """
    folder = Path(folder)
    commits = tuple(commits)
    later = tuple(deadline_departures)
    # the commit in force: the departures the plan runs on; then those from duties' periods, recorded after the draw
    departures = (*(commits[-1].departures if commits else ()), *(d.departure_in_words() for d in later))
    indicators = list(indicators) or plan_indicators(export)
    public = disclose(export.profile, export.plan, export.draw, export.records, export.subjects, export.inspectors,
                      redraws=redraws, withheld=withheld, commits=commits, ledger_head=ledger_head,
                      reserves_used=reserves_used, external=external, deadline_departures=later)
    written = {
        "forms": write_plan_forms(folder / "forms", export),
        "draw": write_draw_results(folder / "draw", export),
        "reports": write_reports(folder / "reports", export, indicators, departures, duties=duties, on=on),
        "public": write_disclosure(folder / "public", public, manifest=export.manifest, result=export.draw,
                                   manifest_url=manifest_url, labels=disclosure_labels(export),
                                   charts=plan_charts(export, indicators=indicators, duties=duties, on=on)),
    }
    return written
