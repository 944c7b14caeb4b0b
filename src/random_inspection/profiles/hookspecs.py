"""Hook specifications of a jurisdiction profile.

A profile is a pluggy plugin: a module or object with functions marked ``@hookimpl`` whose names are the
hooks below. A hook implemented under a misspelled name, or with a parameter the spec does not have, is
refused when the profile is loaded (:class:`~random_inspection.errors.ProfileError`).

Hooks are never broadcast to every registered profile. The library walks the declared parent chain of the
profile being used, most specific first, and calls the first implementation it finds there; so which
profile answers depends on the chain, never on the order in which plugins were registered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from random_inspection.model import ChecklistItem, Inspector, Subject
    from random_inspection.profiles.area_names import AreaNames
    from random_inspection.profiles.declaration import Profile
    from random_inspection.profiles.outputs import Duty, Form, ReportTable
    from random_inspection.profiles.plans import PlanFacts
    from random_inspection.profiles.resolve import ResolvedProfile

PROJECT = "random_inspection"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
"""Mark a profile's hook implementations with ``@hookimpl``."""


@hookspec
def random_inspection_profile() -> Profile:  # type: ignore[empty-body]
    """Declare the profile: its code, jurisdiction, parent, source document and cited rules.

    Every profile implements this hook, exactly once.

    :return: the :class:`~random_inspection.profiles.Profile` this plugin provides.

    Results are collected from every registered plugin; two plugins declaring the same code or the same
    jurisdiction are an error.
    """


@hookspec
def random_inspection_check_team(
    profile: ResolvedProfile,
    team: tuple[Inspector, ...],
    subject: Subject,
    items: tuple[ChecklistItem, ...],
) -> list[str] | None:
    """Check a team against rules that need logic rather than a value.

    The library first applies the value rules itself (``team.rules``: size and specialty quotas). This hook
    is for what a value cannot say.

    :param profile: the resolved profile the team is checked under.
    :param team: the inspectors of the team, leader first where the profile has a leader.
    :param subject: the subject the team is assigned to.
    :param items: the checklist items drawn for the subject.
    :return: a list of problems (empty if the team is fine), or ``None`` to leave the decision to the next
        profile up the parent chain.

    First result wins, walking the parent chain from the profile itself up to the national root.
    """


@hookspec
def random_inspection_check_plan(profile: ResolvedProfile, plan: PlanFacts) -> list[str] | None:
    """Check an inspection plan against rules that need logic rather than a value.

    The library first applies the value rules itself (``draw.fixed_count``; ``draw.min_ratio`` for a plan
    that is the year's whole draw; ``checklist.fields`` and ``checklist.items`` for the plan's items).

    :param profile: the resolved profile the plan is checked under.
    :param plan: the facts of the plan (:class:`~random_inspection.profiles.PlanFacts`).
    :return: a list of problems (empty if the plan is fine), or ``None`` to leave the decision to the next
        profile up the parent chain.

    First result wins, walking the parent chain from the profile itself up to the national root.
    """


@hookspec
def random_inspection_forms(profile: ResolvedProfile) -> list[Form] | None:
    """Supply the forms the profile files, each with its writer.

    The library writes them into a plan's ``forms/`` folder (``random_inspection.io.write_plan_forms``); it
    names no form itself. Each form's name must be among the profile's cited ``forms.filed`` (a text of that
    rule contains it): a form outside it is refused (:class:`~random_inspection.errors.ProfileError`).

    :param profile: the resolved profile the plan runs under.
    :return: the forms (:class:`~random_inspection.profiles.Form`), in the order they are written; an empty
        list when the profile files none; ``None`` to leave the answer to the next profile up the parent chain.

    First result wins, walking the parent chain from the profile itself up to the national root; a profile
    not in force on the date answers nothing.
    """


@hookspec
def random_inspection_duties(profile: ResolvedProfile) -> list[Duty] | None:
    """Supply the duties the profile's documents set beyond the library's generic obligations.

    The generic obligations follow from catalogue rules (``limit.feedback``, ``limit.publication``, ...); a duty
    no catalogue rule describes (冷水滩's 登记备案表 and 满意度反馈卡, for example) is supplied here, with its
    citation, its steps and, where the source sets one, its period.

    :param profile: the resolved profile the inspection runs under.
    :return: the duties (:class:`~random_inspection.profiles.Duty`); an empty list for none; ``None`` to leave
        the answer to the next profile up the parent chain.

    First result wins, walking the parent chain from the profile itself up to the national root; a profile
    not in force on the date answers nothing.
    """


@hookspec
def random_inspection_report_tables(profile: ResolvedProfile) -> list[ReportTable] | None:
    """Supply report tables of the profile's own, written after the generic reports.

    :param profile: the resolved profile the plan runs under.
    :return: the tables (:class:`~random_inspection.profiles.ReportTable`); an empty list for none; ``None`` to
        leave the answer to the next profile up the parent chain.

    First result wins, walking the parent chain from the profile itself up to the national root; a profile
    not in force on the date answers nothing. Every table passes the public-output filter before it is written.
    """


@hookspec
def random_inspection_area_names(profile: ResolvedProfile) -> list[AreaNames] | None:
    """Supply the names of the areas (区、县、县级市) under the profile's jurisdiction, by GB/T 2260 code.

    A chart or page that shows a stratum keyed by a subject's ``area_code`` shows ``名称 (代码)`` where a
    profile of the chain names the code, and the code alone where none does. Each table cites the official
    code list it is copied from (:class:`~random_inspection.profiles.AreaNames`).

    :param profile: the resolved profile the plan runs under.
    :return: the tables (usually one); an empty list for none; ``None`` when the profile names no area.

    Results are collected along the whole parent chain, the profile itself first (a bureau's table, then its
    city's layer's, ...); a code named twice takes the nearest profile's name. Areas are geography, not rules:
    a profile answers whether or not its documents are in force on the date.
    """
