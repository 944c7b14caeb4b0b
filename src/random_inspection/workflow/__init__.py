"""The workflow layer: plans, draws, inspections, obligations, disclosure and reports. It joins the profiles
(what the rules are) with the draw (how the randomness is used) and the time limits (when things are due)."""

from random_inspection.workflow.actions import ACTION_OF_STEP, action_of_step
from random_inspection.workflow.commitments import Commitment, ReserveUsed
from random_inspection.workflow.disclosure import disclose, later_disclosures
from random_inspection.workflow.disclosure_record import (
    Disclosure,
    DrawPart,
    PublicInspection,
    PublicInspector,
    PublicRecusal,
    PublicSubject,
    PublicTransfer,
    Withheld,
)
from random_inspection.workflow.draws import draw_rules
from random_inspection.workflow.eligibility import (
    DrawPool,
    IndustryTeams,
    LeftOut,
    PoolScreen,
    Unstated,
    industry_teams,
    plan_units,
    screen_inspectors,
)
from random_inspection.workflow.floors import CommittedSize, FloorCheck, check_floor, pool_size, sample_size
from random_inspection.workflow.inspections import (
    Finding,
    InspectionRecord,
    NonCooperationRule,
    Step,
    Transfer,
    record_result,
)
from random_inspection.workflow.joint import JointInspection, JointRole, JointTask, hand_out
from random_inspection.workflow.leaders import team_leader, team_leaders
from random_inspection.workflow.notice import PreDrawNotice, pre_draw_notice
from random_inspection.workflow.obligations import (
    OBLIGATIONS,
    OFFICE_ROLES,
    Debtor,
    Obligation,
    ObligationSpec,
    Status,
    obligation_specs,
    obligations,
    overdue,
)
from random_inspection.workflow.plan_checks import manifest_items, plan_facts, plan_problems, require_plan
from random_inspection.workflow.plan_obligations import obligations_day, plan_obligations
from random_inspection.workflow.plans import (
    LEGACY_KINDS,
    AnnualPlan,
    InspectionKind,
    InspectionPlan,
    items_not_covered,
    trigger_problem,
)
from random_inspection.workflow.privacy import FREE_TEXT, check_public, find_personal_data
from random_inspection.workflow.reports import (
    Indicator,
    credit_risk_share,
    frequency_against_cap,
    joint_share,
    ratio_against_floor,
    summary_columns,
    summary_table,
)

__all__ = [
    "ACTION_OF_STEP",
    "FREE_TEXT",
    "LEGACY_KINDS",
    "OBLIGATIONS",
    "OFFICE_ROLES",
    "AnnualPlan",
    "Commitment",
    "CommittedSize",
    "Debtor",
    "Disclosure",
    "DrawPart",
    "DrawPool",
    "Finding",
    "FloorCheck",
    "Indicator",
    "IndustryTeams",
    "InspectionKind",
    "InspectionPlan",
    "InspectionRecord",
    "JointInspection",
    "JointRole",
    "JointTask",
    "LeftOut",
    "NonCooperationRule",
    "Obligation",
    "ObligationSpec",
    "PoolScreen",
    "PreDrawNotice",
    "PublicInspection",
    "PublicInspector",
    "PublicRecusal",
    "PublicSubject",
    "PublicTransfer",
    "ReserveUsed",
    "Status",
    "Step",
    "Transfer",
    "Unstated",
    "Withheld",
    "action_of_step",
    "check_floor",
    "check_public",
    "credit_risk_share",
    "disclose",
    "draw_rules",
    "find_personal_data",
    "frequency_against_cap",
    "hand_out",
    "industry_teams",
    "items_not_covered",
    "joint_share",
    "later_disclosures",
    "manifest_items",
    "obligation_specs",
    "obligations",
    "obligations_day",
    "overdue",
    "plan_facts",
    "plan_obligations",
    "plan_problems",
    "plan_units",
    "pool_size",
    "pre_draw_notice",
    "ratio_against_floor",
    "record_result",
    "require_plan",
    "sample_size",
    "screen_inspectors",
    "summary_columns",
    "summary_table",
    "team_leader",
    "team_leaders",
    "trigger_problem",
]
