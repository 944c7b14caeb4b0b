"""The domain model: attrs value objects for subjects, inspectors, checklist items, departments,
jurisdictions, citations and result schemes, with the identifier checks they rely on. Pure: no clock, no
files, no environment."""

from random_inspection.model._validators import PERSONAL
from random_inspection.model.actors import Action, Actor, Role
from random_inspection.model.checklist import CHECKLIST_FIELD_LABELS, ChecklistItem
from random_inspection.model.citation import Citation, Document
from random_inspection.model.convert import converter, structure, unstructure
from random_inspection.model.dates_of_force import DateBasis, DateStatus, DayRange
from random_inspection.model.expert import Expert
from random_inspection.model.identifiers import (
    USCC_ALPHABET,
    id_number_check_character,
    normalize_id_number,
    normalize_uscc,
    organization_code_check_character,
    registration_number_check_digit,
    uscc_check_character,
    validate_id_number,
    validate_organization_code,
    validate_registration_number,
    validate_uscc,
)
from random_inspection.model.inspector import EnforcementCertificate, Inspector
from random_inspection.model.ledger_head import LedgerHead
from random_inspection.model.organisation import Department, Jurisdiction
from random_inspection.model.record_fields import RecordField
from random_inspection.model.results import HandlingOutcome, ResultCode, ResultScheme
from random_inspection.model.subject import Contact, Subject
from random_inspection.model.teams import TeamRule
from random_inspection.model.vocabulary import (
    CreditRiskClass,
    EnforcementDomain,
    Gender,
    IndustryTradeSector,
    ItemClass,
    JurisdictionLevel,
    RecusalReason,
    SubjectStatus,
    SubjectType,
)

__all__ = [
    "CHECKLIST_FIELD_LABELS",
    "PERSONAL",
    "USCC_ALPHABET",
    "Action",
    "Actor",
    "ChecklistItem",
    "Citation",
    "Contact",
    "CreditRiskClass",
    "DateBasis",
    "DateStatus",
    "DayRange",
    "Department",
    "Document",
    "EnforcementCertificate",
    "EnforcementDomain",
    "Expert",
    "Gender",
    "HandlingOutcome",
    "IndustryTradeSector",
    "Inspector",
    "ItemClass",
    "Jurisdiction",
    "JurisdictionLevel",
    "LedgerHead",
    "RecordField",
    "RecusalReason",
    "ResultCode",
    "ResultScheme",
    "Role",
    "Subject",
    "SubjectStatus",
    "SubjectType",
    "TeamRule",
    "converter",
    "id_number_check_character",
    "normalize_id_number",
    "normalize_uscc",
    "organization_code_check_character",
    "registration_number_check_digit",
    "structure",
    "unstructure",
    "uscc_check_character",
    "validate_id_number",
    "validate_organization_code",
    "validate_registration_number",
    "validate_uscc",
]
