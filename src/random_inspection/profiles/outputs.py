"""What a profile supplies beyond its rules: the forms it files, its own duties and its own report tables.

These are small data types of the profiles layer, answered by the hooks ``random_inspection_forms``,
``random_inspection_duties`` and ``random_inspection_report_tables`` (:mod:`random_inspection.profiles.hookspecs`).
They live here, not beside the writers and the obligations that use them, because the layers point down: the
hook specifications and :class:`~random_inspection.profiles.ResolvedProfile` may name only what lies at or
below the profiles layer. The one value from above is the plan's export (``random_inspection.io.PlanExport``)
that a form's writer and a table's builder receive: it is typed ``Any`` here and named in the docstrings; a
profile package, which sits outside the library, imports and annotates it. A duty's steps are texts, so a
profile package passes ``random_inspection.workflow.Step`` members (a ``Step`` is a ``str``), and the workflow
refuses a text that is no step. Referring to the upper types under ``TYPE_CHECKING`` instead would need
import-linter's ``exclude_type_checking_imports``, which would let every module of the core lean upward in its
annotations; small types here keep the contract whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from random_inspection.errors import ProfileError
from random_inspection.messages import tr
from random_inspection.model import Citation
from random_inspection.timelimits import Days, Months, Period, WorkingDays

__all__ = ["Duty", "Form", "ReportTable"]

FormWriter = Callable[[Path, Any], Path]
"""Writes one form of a plan: ``writer(path, export) -> path``, ``export`` a ``random_inspection.io.PlanExport``."""

TableBuilder = Callable[[Any], tuple[Sequence[str], Sequence[Sequence[str | int]]]]
"""Builds one table of a plan: ``builder(export) -> (header, rows)``, ``export`` a
``random_inspection.io.PlanExport``."""


def _text(value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(tr("{value!r} is not a text",
                              value=value), where=tr("a profile\'s outputs"), fix=tr("give a non-empty text"))
    return value.strip()


def _texts(value: Sequence[str]) -> tuple[str, ...]:
    return tuple(_text(v) for v in value)


def _file_name(value: str) -> str:
    value = _text(value)
    if "/" in value or "\\" in value or value.startswith("."):
        raise ProfileError(tr("the form's file name {value!r} is not a plain file name",
                              value=value), where=tr("a profile\'s forms"),
                           fix=tr("name a file without folders, e.g. '附件1_信息表.xlsx'"))
    return value


@attrs.frozen
class Form:
    """A form a profile files, with what it takes to write it.

    Attributes:
        name: the form's name as the source writes it; it must be among the profile's cited ``forms.filed``
            (a text of that rule contains it), else :meth:`ResolvedProfile.forms
            <random_inspection.profiles.ResolvedProfile.forms>` refuses it.
        file_name: the file it is written to, inside the plan's ``forms/`` folder.
        citation: the article that requires the form (and gives its layout, where the source has one).
        personal_data: the form carries personal data (手机号码, 身份证号, ...), so it is filed, never published;
            ``False`` says it may leave the office (its writer then checks it against the public filter).
        write: ``write(path, export)`` writes the form at ``path`` and returns it; ``export`` is the plan's
            ``random_inspection.io.PlanExport``.
        copies: who keeps a copy, in the source's words and order (冷水滩 第十四条 备案表一式三份：区优化办、检查单位、
            检查对象); empty where the source says nothing.
        copy_to_subject: one copy is handed to the inspected subject, so the form leaves the office: it may carry
            no personal data (a form with ``personal_data`` and a copy to the subject is refused).
    """

    name: str = attrs.field(converter=_text)
    file_name: str = attrs.field(converter=_file_name)
    citation: Citation
    personal_data: bool
    write: FormWriter
    copies: tuple[str, ...] = attrs.field(default=(), converter=_texts, kw_only=True)
    copy_to_subject: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.copy_to_subject and self.personal_data:
            raise ProfileError(
                tr("{name} is handed to the subject and carries personal data",
                   name=self.name), where=tr("a profile\'s forms"),
                fix=tr("a form a subject keeps a copy of holds no personal data: leave those fields out of it"),
            )


@attrs.frozen
class Duty:
    """A duty a profile's documents set beyond the library's generic obligations (a form to file, a card to send).

    It becomes an :class:`~random_inspection.workflow.Obligation` of every inspection under the profile whose
    starting step has happened.

    Attributes:
        key: the obligation's key (lower-case, e.g. ``"filing_form"``), unique among a profile's obligations.
        title: the duty in the source's words.
        citation: the article that sets it.
        starts: the step it runs from, a ``random_inspection.workflow.Step`` (e.g. ``Step.DRAWN``).
        met_by: the step that meets it.
        period: the time it allows, when the source sets one; ``None`` (the source sets none) leaves the due
            date to the plan (``obligations(periods=...)``), and the duty is never overdue on the library's say.
    """

    key: str = attrs.field(converter=_text)
    title: str = attrs.field(converter=_text)
    citation: Citation
    starts: str = attrs.field(converter=_text)
    met_by: str = attrs.field(converter=_text)
    period: Period | None = attrs.field(default=None)

    @period.validator
    def _period(self, _: attrs.Attribute[Any], value: Period | None) -> None:
        if value is not None and not isinstance(value, (WorkingDays, Days, Months)):
            raise ProfileError(tr("duty {key}: {value!r} is not a period",
                                  key=self.key,
                                  value=value), where=tr("a profile\'s duties"),
                               fix=tr("give WorkingDays, Days or Months, or None where the source sets no period"))


@attrs.frozen
class ReportTable:
    """A report table of a profile's own, written with the generic reports (``报告.xlsx``, ``报告-<name>.csv``).

    Reports are seen outside the office, so every table passes the public-output filter before it is written:
    a table holding personal data belongs in a filed :class:`Form` instead.

    Attributes:
        name: the table's name as the source writes it (a sheet and a file name, so no ``/``).
        citation: the article or attachment that sets it.
        build: ``build(export) -> (header, rows)``; ``export`` is the plan's ``random_inspection.io.PlanExport``.
    """

    name: str = attrs.field(converter=_file_name)
    citation: Citation
    build: TableBuilder
