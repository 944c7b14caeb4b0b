"""Jurisdiction profiles as pluggy plugins: the catalogue of rules a profile can set, the hooks it can
implement (checks, and outputs: forms, duties, report tables, area names), discovery (entry points, local folders),
resolution along the declared parent chain with provenance, and ``explain``."""

from random_inspection.profiles.area_names import AreaNames, area_label
from random_inspection.profiles.checks import Basis, Check
from random_inspection.profiles.continuation import Continuation
from random_inspection.profiles.declaration import Profile
from random_inspection.profiles.departures import Departure
from random_inspection.profiles.hookspecs import hookimpl, hookspec
from random_inspection.profiles.occasions import OCCASION_ACTIONS, Occasion
from random_inspection.profiles.outputs import Duty, Form, ProfileStep, ReportTable
from random_inspection.profiles.permissions import Context, Grant, Permissions
from random_inspection.profiles.plans import PlanFacts
from random_inspection.profiles.provenance import PluginSource
from random_inspection.profiles.provisions import Provision, Treatment
from random_inspection.profiles.registry import ENTRY_POINT_GROUP, ProfileRegistry
from random_inspection.profiles.resolve import EffectiveRule, ResolvedProfile
from random_inspection.profiles.rules import (
    BUILT_IN_NAMESPACES,
    CATALOGUE,
    Event,
    Kind,
    Rule,
    RuleSpec,
    TeamRule,
    render_value,
)
from random_inspection.profiles.same_act import SameAct

__all__ = [
    "BUILT_IN_NAMESPACES",
    "CATALOGUE",
    "ENTRY_POINT_GROUP",
    "OCCASION_ACTIONS",
    "AreaNames",
    "Basis",
    "Check",
    "Context",
    "Continuation",
    "Departure",
    "Duty",
    "EffectiveRule",
    "Event",
    "Form",
    "Grant",
    "Kind",
    "Occasion",
    "Permissions",
    "PlanFacts",
    "PluginSource",
    "Profile",
    "ProfileRegistry",
    "ProfileStep",
    "Provision",
    "ReportTable",
    "ResolvedProfile",
    "Rule",
    "RuleSpec",
    "SameAct",
    "TeamRule",
    "Treatment",
    "area_label",
    "hookimpl",
    "hookspec",
    "render_value",
]
