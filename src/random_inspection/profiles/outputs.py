"""What a profile supplies beyond its rules: the forms it files, its own duties and its own report tables.

These are small data types of the profiles layer, answered by the hooks ``random_inspection_forms``,
``random_inspection_duties`` and ``random_inspection_report_tables`` (:mod:`random_inspection.profiles.hookspecs`).
They live here, not beside the writers and the obligations that use them, because the layers point down: the
hook specifications and :class:`~random_inspection.profiles.ResolvedProfile` may name only what lies at or
below the profiles layer. The one value from above is the plan's export (``random_inspection.io.PlanExport``)
that a form's writer and a table's builder receive: it is typed ``Any`` here and named in the docstrings; a
profile package, which sits outside the library, imports and annotates it. A duty's steps are texts, so a
profile package passes ``random_inspection.workflow.Step`` members (a ``Step`` is a ``str``), or a step of its
own (:class:`ProfileStep`, a ``str`` too: the text it is recorded under). Referring to the upper types under
``TYPE_CHECKING`` instead would need import-linter's ``exclude_type_checking_imports``, which would let every
module of the core lean upward in its annotations; small types here keep the contract whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from random_inspection.errors import ProfileError
from random_inspection.messages import tr
from random_inspection.model import Action, Citation
from random_inspection.timelimits import Days, Months, Period, WorkingDays

__all__ = ["Duty", "Form", "ProfileStep", "ReportTable"]

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


def _step(value: str) -> str:
    """A duty's step: a library step or a :class:`ProfileStep` kept as given, another text stripped."""
    return value if isinstance(value, ProfileStep) else _text(value)


class ProfileStep(str):
    """A dated step a profile declares for a duty of its own, named by a form of its documents (鹤壁's
    移交《联合抽查记录表》, 冷水滩's 登记备案表报备 and 满意度反馈卡报送): the library's steps name no form.

    The step *is* its text: a ``str`` equal to the words it is recorded under (in a result's steps, a
    ``step_recorded`` entry, a results file's column), so records read back equal it whatever declared them.
    ``key`` is its neutral identity (``"records_handed_over"``, ``"form_filed"``): a duty with the key of one of
    the library's obligations meets it with the profile's step of the same ``key``. ``action`` is what taking
    it is, for the permissions (``random_inspection.model.Action``).

    Raises:
        ProfileError: a blank or multi-line text, or a key that is not lower-case words joined by ``_``.
    """

    key: str
    action: Action

    def __new__(cls, text: str, key: str, action: Action = Action.MEET_OBLIGATION) -> ProfileStep:
        """The step recorded as ``text``, of neutral identity ``key``, taken as ``action``."""
        if not isinstance(text, str) or not text.strip() or "\n" in text or text != text.strip():
            raise ProfileError(tr("{value!r} is not a step's text", value=text), where=tr("a profile\'s duties"),
                               fix=tr("give the words the step is recorded under, on one line"))
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", key):
            raise ProfileError(tr("{value!r} is not a step's key", value=key), where=tr("a profile\'s duties"),
                               fix=tr("give lower-case English words joined by _, e.g. form_filed"))
        made = super().__new__(cls, text)
        made.key, made.action = key, Action(action)
        return made

    @property
    def value(self) -> str:
        """The text it is recorded under (as a library ``Step``'s ``value``)."""
        return str.__str__(self)

    @property
    def name(self) -> str:
        """Its neutral identity, :attr:`key` (as a library ``Step``'s ``name``)."""
        return self.key

    def __getnewargs__(self) -> tuple[str, str, Action]:  # type: ignore[override]
        return self.value, self.key, self.action

    def __repr__(self) -> str:
        return f"ProfileStep({self.value!r}, {self.key!r}, {self.action})"


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
        met_by: the step that meets it: a library step, or a step of the profile's own (:class:`ProfileStep`)
            where the source names the step by a form of its own.
        period: the time it allows, when the source sets one; ``None`` (the source sets none) leaves the due
            date to the plan (``obligations(periods=...)``), and the duty is never overdue on the library's say.
    """

    key: str = attrs.field(converter=_text)
    title: str = attrs.field(converter=_text)
    citation: Citation
    starts: str = attrs.field(converter=_step)
    met_by: str = attrs.field(converter=_step)
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
