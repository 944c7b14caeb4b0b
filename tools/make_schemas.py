"""Generate ``docs/schemas/*.schema.json``: JSON Schemas (draft 2020-12) of every format the library publishes.

What the model describes is taken from it: every object's keys from the library's own ``to_json`` of a sample
value (or the attrs fields it writes), enum values from the Python enums and vocabularies, identifier patterns
from :mod:`random_inspection.model.identifiers`, the roster and results columns from :mod:`random_inspection.io`,
the result codes from the built-in profiles' schemes. Each key's type and description are written here (the
model's type hints do not say what a JSON value may be: a ``str`` may be a date, a hash or free text); a key
the model writes that has no type here stops the generator, so the schemas cannot fall behind the model.

Usage, from the root of a clone with the library installed::

    python tools/make_schemas.py          # rewrite the schemas
    python tools/make_schemas.py --check  # exit 1 if a committed schema differs from what this makes

``tests/test_schemas.py`` runs :func:`render` and compares it with the committed files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from random_inspection.io.planfile import _DRAW, _EXPERT, _ROSTERS, _TOP
from random_inspection.io.results import RESULT_COLUMNS
from random_inspection.io.rosters import (
    _DATE_PATTERNS,
    _FALSE,
    _LIST_SPLIT,
    _MIDNIGHT,
    _TRUE,
    CHECKLIST_COLUMNS,
    INSPECTOR_COLUMNS,
    SUBJECT_COLUMNS,
    Column,
    Kind,
)
from random_inspection.io.site import SITE_ENTRY_KEYS
from random_inspection.model import (
    CreditRiskClass,
    EnforcementDomain,
    Gender,
    IndustryTradeSector,
    ItemClass,
    LedgerHead,
    RecusalReason,
    Role,
    SubjectStatus,
    SubjectType,
)
from random_inspection.model.identifiers import _USCC_SHAPE
from random_inspection.profiles import Continuation, Departure, PluginSource, ProfileRegistry
from random_inspection.sampling import (
    FIELD_TYPES,
    HASH_NAMES,
    RECUSAL_WAYS,
    DrawResult,
    DrawRules,
    ExpertEntry,
    InputField,
    InspectorEntry,
    ItemEntry,
    Manifest,
    PublicInputSpec,
    Recusal,
    Sample,
    SubjectEntry,
    TeamSpec,
)
from random_inspection.sampling.canonical import ALGORITHMS
from random_inspection.sampling.interests import InterestDeclarations
from random_inspection.sampling.manifest import CONDITION_FIELDS
from random_inspection.store.external import EXTERNAL_ALGORITHM, EXTERNAL_FORMAT
from random_inspection.store.ledger import LEDGER_VERSIONS, EntryKind
from random_inspection.store.listing import LISTING_VERSION, NOT_PUBLIC, PERSONAL_DATA, PUBLIC_KINDS, ListedEntry
from random_inspection.store.register import EVERY_ENTRY
from random_inspection.store.signing import ALGORITHMS as SIGNATURE_ALGORITHMS
from random_inspection.workflow.commitments import Commitment, ReserveUsed
from random_inspection.workflow.disclosure_record import (
    Disclosure,
    DrawPart,
    PublicInspection,
    PublicInspector,
    PublicProblem,
    PublicRecusal,
    PublicResult,
    PublicSubject,
    PublicTransfer,
    Withheld,
)

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:random-inspection:schema:"
"""Each schema's ``$id`` is this and its name: a name, not an address (every file stands alone, no ``$ref``
leaves it)."""

# ---------------------------------------------------------------------------------------------- building blocks

HEX64 = {"type": "string", "pattern": "^[0-9a-f]{64}$",
         "description": "A 32-byte hash (SHA-256 or SM3) or salt, in lower-case hexadecimal."}
DAY = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
       "description": "A day, YYYY-MM-DD."}
PRODUCED_AT = {"type": "string",
               "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$",
               "description": "When the public input is produced: YYYY-MM-DDTHH:MM:SS+HH:MM, seconds and offset "
                              "required (draw-v2 §3.1)."}
TIME = {"type": ["string", "null"],
        "description": "The ledger's time of the step (ISO 8601 with its offset, China Standard Time unless given); "
                       "null in an entry made without one."}
USCC = {"type": "string", "pattern": f"^{_USCC_SHAPE.pattern}$",
        "description": "统一社会信用代码 (GB 32100-2015): 18 characters of its alphabet (no I, O, S, V, Z); the check "
                       "character is checked by the library, not by this pattern."}
TEXT = {"type": "string"}
TEXTS = {"type": "array", "items": TEXT}
COUNT = {"type": "integer", "minimum": 0}
NULLABLE_TEXT = {"type": ["string", "null"]}


def nullable(schema: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` or null."""
    return {"anyOf": [dict(schema), {"type": "null"}]}


def enum(values: Iterable[Any], description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"enum": list(values)}
    if description:
        out["description"] = description
    return out


def values_of(kind: Iterable[Any]) -> list[str]:
    """The values of an enum, in its order."""
    return [str(member.value) for member in kind]


def closed(keys: Iterable[str], types: Mapping[str, Any], *, optional: Iterable[str] = (),
           description: str = "", title: str = "") -> dict[str, Any]:
    """An object of exactly ``keys`` (those in ``optional`` may be absent), each typed by ``types``.

    Raises:
        KeyError: a key the model writes that ``types`` does not describe (add it here).
    """
    keys = list(keys)
    missing = [k for k in keys if k not in types]
    if missing:
        raise KeyError(f"no schema for the key(s) {missing} the model writes: describe them in tools/make_schemas.py")
    out: dict[str, Any] = {}
    if title:
        out["title"] = title
    if description:
        out["description"] = description
    out["type"] = "object"
    out["properties"] = {k: types[k] for k in keys}
    out["required"] = [k for k in keys if k not in set(optional)]
    out["additionalProperties"] = False
    return out


def fields_of(cls: type) -> list[str]:
    """The attrs field names of ``cls``, in order (for a class whose JSON is its fields)."""
    return [f.name for f in attrs.fields(cls)]


def document(name: str, title: str, description: str, body: Mapping[str, Any],
             defs: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A whole schema file."""
    out: dict[str, Any] = {"$schema": DIALECT, "$id": f"{ID_PREFIX}{name}", "title": title,
                           "description": description}
    out.update(body)
    if defs:
        out["$defs"] = dict(defs)
    return out


# --------------------------------------------------------------------------------------------- the model's samples

_WINDOW = (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
_SPEC = PublicInputSpec("dice", "2026-11-30T09:30:00+08:00",
                        (InputField("die1", "digits", length=1, alphabet="123456"),))
_SUBJECT = SubjectEntry("91411002X0NFPAY57K", "411002", "工贸", None, "企业", None, None, True, False, 0)
_RULES = DrawRules(Sample(count=1), TeamSpec(1))


def sample_manifests() -> dict[int, dict[str, Any]]:
    """A manifest of each version as the library publishes it (its canonical JSON, parsed)."""
    person = InspectorEntry("P01", "yjj", (), ())
    v1 = Manifest("P", "dice", "^[1-6]$", _WINDOW, [_SUBJECT], [person], [ItemEntry("YJ-001", "yjj", ())], _RULES)
    v2 = Manifest("P", "dice", "", _WINDOW, [_SUBJECT], [person], [ItemEntry("YJ-001", "yjj", ())], _RULES,
                  public_input_spec=_SPEC)
    v3 = Manifest("P", "dice", "", _WINDOW, [_SUBJECT], [person], [ItemEntry("YJ-001", "yjj", ())], _RULES,
                  public_input_spec=_SPEC, experts=[ExpertEntry("E01", (), (), "0" * 64)], recusal_way="swap")
    return {m.version: json.loads(m.canonical()) for m in (v1, v2, v3)}


def sample_draw(algorithm: str) -> dict[str, Any]:
    """A draw result of ``algorithm`` as the library publishes it."""
    return DrawResult("0" * 64, "1", "0" * 64, (), (), (), (), (),
                      (Recusal("S", "P", "replace", "利害关系", "Q"),), algorithm).to_json()


# ------------------------------------------------------------------------------------------------------ the draw

ALGORITHM_NAMES = list(ALGORITHMS)
RESULT_ALGORITHMS = [*ALGORITHMS, EXTERNAL_ALGORITHM]
"""A result's algorithm: a draw's, or a platform's draw taken in (docs/platforms.md), which cannot be re-run."""


def _algorithms(version: int) -> list[str]:
    return [a for a in ALGORITHMS if a == f"draw-v{version}" or a.startswith(f"draw-v{version}-")]


def public_input_spec() -> dict[str, Any]:
    """draw-v2 §3: the public input's source, time and fields (a field's keys per its type, from the library)."""
    variants = []
    for kind in FIELD_TYPES:
        options = {"digits": {"length": 1, "alphabet": "123456"}, "integer": {"min": 0, "max": 9},
                   "decimal": {"places": 2}, "date": {}}[kind]
        keys = sorted(InputField("f", kind, **options).to_json())
        types = {"name": {"type": "string", "minLength": 1}, "type": {"const": kind},
                 "length": {"type": "integer", "minimum": 1}, "alphabet": {"type": "string", "minLength": 1},
                 "min": COUNT, "max": COUNT, "places": {"type": "integer", "minimum": 1}}
        variants.append(closed(keys, types, title=f"a {kind} field"))
    spec_keys = list(_SPEC.to_json())
    return closed(spec_keys, {
        "source": {"type": "string", "minLength": 1,
                   "description": "What produces the public input, where and before whom (e.g. 四枚骰子当众投掷 …)."},
        "produced_at": PRODUCED_AT,
        "fields": {"type": "array", "minItems": 1, "items": {"oneOf": variants},
                   "description": "The fields of the public input, in order; each value has one spelling "
                                  "(draw-v2 §3.2), the fields joined by single spaces."},
    }, description="draw-v2 §3: the structured public input, committed before it is produced.")


def team_spec(with_by: bool) -> dict[str, Any]:
    quotas = {"type": "array", "items": {"type": "array", "prefixItems": [TEXT, {"type": "integer", "minimum": 1}],
                                         "items": False, "minItems": 2},
              "description": "[specialty, members] pairs: how many members of each specialty the team holds."}
    keys = list(TeamSpec(1).to_json())
    types: dict[str, Any] = {"size": {"type": "integer", "minimum": 1}, "quotas": quotas}
    if with_by:
        keys += ["by_domain", "by_sector"]
        inner = team_spec(False)
        types["by_domain"] = {"type": "object", "additionalProperties": inner,
                              "description": "A team rule per 监管领域 (冷水滩 第十三条)."}
        types["by_sector"] = {"type": "object", "additionalProperties": inner,
                              "description": "A team rule per sector (偃师 四.2, by industry)."}
    return closed(keys, types)


def draw_rules() -> dict[str, Any]:
    """draw-v1 §3 ``rules``, keys from :meth:`DrawRules.to_json`."""
    ratio = {"type": "array", "prefixItems": [{"type": "integer", "minimum": 1}, {"type": "integer", "minimum": 1}],
             "items": False, "minItems": 2, "description": "A ratio [p, q], 0 < p ≤ q."}
    samples = [
        closed(Sample(count=1).to_json(), {"count": COUNT}, title="a count"),
        closed(Sample(ratio=(1, 10)).to_json(), {"ratio": ratio}, title="a ratio of the eligible"),
        closed(Sample(ratio_by="area", ratios={"411002": (1, 10)}).to_json(),
               {"ratio_by": enum(CONDITION_FIELDS), "ratios": {"type": "object", "additionalProperties": ratio}},
               title="ratios by a stratum field"),
    ]
    return closed(_RULES.to_json(), {
        "conditions": {"type": "object", "propertyNames": enum(CONDITION_FIELDS),
                       "additionalProperties": {"type": "array", "items": TEXT, "uniqueItems": True},
                       "description": "Subject fields and the values a subject must have (directed draws)."},
        "yearly_cap": nullable(COUNT) | {"description": "Inspections a subject may have in a year; null: no cap."},
        "yearly_cap_by_credit_risk": {"type": "object", "additionalProperties": COUNT,
                                      "description": "A cap per 企业信用风险分类 ("
                                                     + "、".join(values_of(CreditRiskClass)) + "; 石家庄 二(五))."},
        "strata": {"type": "array", "items": enum(CONDITION_FIELDS), "uniqueItems": True},
        "sample": {"oneOf": samples},
        "reserve": COUNT,
        "team": team_spec(True),
        "departments": TEXTS,
        "items": nullable(COUNT) | {"description": "Checklist items per subject; null: every item that applies."},
        "units": nullable(TEXTS) | {"description": "The units inspectors may come from (偃师 二(二)); null: any."},
    }, description="The rules of the draw, as integers and texts (draw-v1 §3).")


def subject_entry() -> dict[str, Any]:
    return closed(_SUBJECT.to_json(), {
        "id": {"type": "string", "minLength": 1,
               "description": "The subject's id: its 统一社会信用代码 in the manifests the library builds."},
        "area": {"type": "string", "description": "行政区划代码."},
        "domain": {"type": "string", "description": "监管领域: " + "、".join(values_of(EnforcementDomain)) + "."},
        "sector": NULLABLE_TEXT | {"description": "工贸行业 (" + "、".join(values_of(IndustryTradeSector))
                                                  + "), or null."},
        "subject_type": {"type": "string", "description": "市场主体类型: " + "、".join(values_of(SubjectType)) + "."},
        "industry": NULLABLE_TEXT | {"description": "所属行业, or null."},
        "credit_risk": nullable(enum(values_of(CreditRiskClass))) | {"description": "企业信用风险分类, or null."},
        "in_existence": {"type": "boolean", "description": "登记状态 存续."},
        "exempt": {"type": "boolean", "description": "Exempt from the yearly cap (冷水滩 第十五条)."},
        "history": COUNT | {"description": "Inspections already made this year."},
    }, description="One subject of the eligibility snapshot (draw-v1 §3).")


def inspector_entry(version: int) -> dict[str, Any]:
    keys = list(InspectorEntry("P", "d", (), ()).to_json(version))
    return closed(keys, {
        "id": {"type": "string", "minLength": 1}, "department": TEXT,
        "specialties": {"type": "array", "items": TEXT, "uniqueItems": True, "description": "执法专长, sorted."},
        "unit": TEXT, "active": {"type": "boolean", "description": "在岗."},
        "valid_from": DAY | {"description": "执法证's first valid day."},
        "valid_until": nullable(DAY) | {"description": "执法证's last valid day; null: open-ended."},
        "interests": {"type": "array", "items": TEXT, "uniqueItems": True,
                      "description": "draw-v1: the subjects the inspector declared an interest in (利害关系), by id."},
        "interest_tags": {"type": "array", "items": HEX64, "uniqueItems": True,
                          "description": "draw-v2 §4: one salted tag per declared interest, sorted."},
    }, description=f"One inspector of the pool (draw-v{version} manifest).")


def item_entry() -> dict[str, Any]:
    return closed(ItemEntry("c", "d", ()).to_json(), {
        "code": {"type": "string", "minLength": 1, "description": "事项编码."}, "department": TEXT,
        "domains": {"type": "array", "items": TEXT, "uniqueItems": True,
                    "description": "The 监管领域 the item applies to; empty: every domain."},
    }, description="One checklist item (随机抽查事项清单, draw-v1 §3).")


def expert_entry() -> dict[str, Any]:
    return closed(ExpertEntry("E").to_json(), {
        "id": {"type": "string", "minLength": 1}, "specialties": TEXTS,
        "interest_tags": {"type": "array", "items": HEX64, "uniqueItems": True},
        "identity_tag": HEX64 | {"description": "The salted tag of who the expert is (name and ID number)."},
    }, description="One expert of the plan's roster (draw-v3 §2; 冷水滩 第十四条 与…专家交换被检查对象).")


def manifest_variant(version: int, sample: Mapping[str, Any]) -> dict[str, Any]:
    types = {
        "algorithm": enum(_algorithms(version), "The draw algorithm and its hash (draw-v1 §12): SM3 where it ends "
                                                "in -sm3, else SHA-256."),
        "plan_id": {"type": "string", "minLength": 1},
        "window": {"type": "array", "prefixItems": [DAY, DAY], "items": False, "minItems": 2,
                   "description": "The plan's first and last day."},
        "rules": {"$ref": "#/$defs/rules"},
        "seed_source": {"type": "string", "minLength": 1, "description": "draw-v1: the public source of the seed."},
        "public_input_format": {"type": "string", "minLength": 1,
                                "description": "draw-v1: the regular expression the public input matches in full."},
        "public_input": {"$ref": "#/$defs/public_input"},
        "recusal_way": enum(RECUSAL_WAYS, "draw-v3: the way every recusal takes, fixed before the dice: swap "
                                          "(交换被检查对象) or replace (不参与本次执法检查), 冷水滩 第十四条."),
        "subjects": {"type": "array", "items": {"$ref": "#/$defs/subject"}, "description": "Sorted by id."},
        "inspectors": {"type": "array", "items": {"$ref": f"#/$defs/inspector_v{min(version, 2)}"},
                       "description": "Sorted by id."},
        "checklist": {"type": "array", "items": {"$ref": "#/$defs/item"}, "description": "Sorted by code."},
        "experts": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/expert"},
                    "description": "Sorted by id."},
    }
    spec = {1: "draw-v1.md §3", 2: "draw-v2.md §2", 3: "draw-v3.md §2"}[version]
    return closed(sorted(sample), types, title=f"a draw-v{version} manifest", description=f"docs/spec/{spec}.")


def manifest_defs() -> dict[str, Any]:
    return {"rules": draw_rules(), "public_input": public_input_spec(), "subject": subject_entry(),
            "inspector_v1": inspector_entry(1), "inspector_v2": inspector_entry(2), "item": item_entry(),
            "expert": expert_entry()}


def manifest_schema() -> dict[str, Any]:
    samples = sample_manifests()
    return document(
        "manifest.schema.json", "Draw manifest (draw-v1, draw-v2, draw-v3)",
        "Every input of one draw, frozen and hashed before any randomness exists: the manifest a bureau publishes "
        "(manifest.json, PLAN.manifest.json) and whose hash it commits to the ledger. Its canonical form (sorted "
        "keys, no white space, UTF-8, no floats: draw-v1 §3) is what is hashed; this schema checks the shape, not "
        "the canonical spelling, the ids' order or the hash (random-inspection verify does).",
        {"oneOf": [{"$ref": f"#/$defs/manifest_v{v}"} for v in sorted(samples)]},
        {**{f"manifest_v{v}": manifest_variant(v, s) for v, s in sorted(samples.items())}, **manifest_defs()},
    )


def draw_result() -> dict[str, Any]:
    """draw-v1 §9's result (draw-v2 §5 adds ``conflicts``); keys from :meth:`DrawResult.to_json`."""
    v1, v2 = sample_draw("draw-v1"), sample_draw("draw-v2")
    recusal = closed(fields_of(Recusal), {
        "subject": TEXT, "inspector": TEXT, "method": enum(sorted(RECUSAL_WAYS)),
        "reason": TEXT | {"description": "回避的原因类别 (" + "、".join(values_of(RecusalReason)) + ")."},
        "replacement": TEXT | {"description": "Who took the place (an inspector or, draw-v3, an expert)."},
        "with_subject": NULLABLE_TEXT | {"description": "The other subject of a swap with an inspector."},
    }, description="One recusal (回避, 冷水滩 第十四条; draw-v1 §7a), in the order made.")
    per_subject = {"type": "object", "additionalProperties": {"type": "array", "items": TEXT}}
    types = {
        "algorithm": enum(RESULT_ALGORITHMS, f"The manifest's draw algorithm, or {EXTERNAL_ALGORITHM} for a draw "
                                             "made on a platform (its seed: the export file's SHA-256)."),
        "manifest_hash": HEX64, "public_input": TEXT, "seed": HEX64,
        "strata": {"type": "array", "items": closed(["key", "eligible", "drawn"],
                                                     {"key": TEXT, "eligible": COUNT, "drawn": COUNT})},
        "subjects": {"type": "array", "items": TEXT, "description": "The subjects drawn, in the draw's order."},
        "reserve": per_subject | {"description": "Each stratum's reserve subjects, in order."},
        "teams": per_subject | {"description": "Each drawn subject's team (inspector ids; the first leads where "
                                               "the profile names a leader)."},
        "items": per_subject | {"description": "Each drawn subject's checklist items."},
        "recusals": {"type": "array", "items": recusal},
        "conflicts": {"type": "object", "additionalProperties": {"type": "array", "items": {
            "type": "array", "prefixItems": [TEXT, HEX64], "items": False, "minItems": 2}},
            "description": "draw-v2 §5: per drawn subject, each interest opened as [inspector, salt]."},
    }
    assert set(v1) <= set(v2)
    body = closed(list(v2), types, optional=[k for k in v2 if k not in v1])
    body["allOf"] = [
        {"if": {"properties": {"algorithm": {"pattern": "^draw-v[23]"}}},
         "then": {"required": ["conflicts"]}, "else": {"not": {"required": ["conflicts"]}}},
    ]
    return body


def draw_schema() -> dict[str, Any]:
    return document(
        "draw.schema.json", "Draw result (draw-v1 §9, draw-v2 §5)",
        "The published result of a draw (draw.json, PLAN.draw.json), which random-inspection verify re-runs from "
        "the manifest: the seed, the subjects drawn (抽取结果), their teams (检查组) and checklist items, the "
        "reserves (备选对象) and the recusals (回避). draw-v2 and draw-v3 results carry conflicts; draw-v1 ones "
        "do not.",
        draw_result())


# ------------------------------------------------------------------------------------------------- the ledger

def actor() -> dict[str, Any]:
    return closed(["id", "role", "department"], {
        "id": {"type": "string", "minLength": 1},
        "role": enum(values_of(Role), "The actor's role (docs/permissions.md)."), "department": TEXT},
        description="Who took the step (never a name: the register holds it).")


def enrolment() -> dict[str, Any]:
    return closed(["id", "name", "role", "department", "algorithm", "public_key"], {
        "id": {"type": "string", "minLength": 1}, "name": {"type": "string", "minLength": 1},
        "role": enum(values_of(Role)), "department": {"type": "string", "minLength": 1},
        "algorithm": enum(SIGNATURE_ALGORITHMS, "The signature algorithm."),
        "public_key": {"type": "string", "pattern": "^[0-9a-f]+$",
                       "description": "The public key in lower-case hex (SM2: x ‖ y, 128 digits; Ed25519: 64)."},
    }, description="An actor's key as the register enrols it.")


def payloads() -> dict[str, Any]:
    """The payload of the kinds whose content this schema fixes; the others are objects the workflow writes."""
    founding = closed(["administrator", "ledger_hash", "signatures", "after"], {
        "administrator": {"$ref": "#/$defs/enrolment"}, "ledger_hash": enum(HASH_NAMES),
        "signatures": {"const": EVERY_ENTRY}, "after": {"type": "integer", "minimum": 1,
                                                        "description": "register_opened: the entries before it."}},
        optional=["after"])
    return {
        EntryKind.STORE_CREATED.value: founding,
        EntryKind.REGISTER_OPENED.value: founding,
        EntryKind.KEY_ENROLLED.value: {"$ref": "#/$defs/enrolment"},
        EntryKind.KEY_REVOKED.value: closed(["id", "reason"], {"id": TEXT,
                                                               "reason": {"type": "string", "minLength": 1}}),
        EntryKind.DRAW_EXECUTED.value: {"$ref": "#/$defs/draw"},
        EntryKind.PUBLISHED.value: closed(["content_hash"], {"content_hash": HEX64 | {
            "description": "The hash of the disclosure's canonical JSON."}}),
        EntryKind.RESERVE_USED.value: {"type": "object", "required": ["stratum", "replaced", "reserve", "reason"]},
        EntryKind.PLAN_COMMITTED.value: {"type": "object", "required": ["manifest_hash", "seed_source", "window"],
                                         "properties": {"manifest_hash": HEX64}},
        EntryKind.REFUSED.value: {"type": "object", "required": ["action", "reason"]},
    }


def entry_body() -> dict[str, Any]:
    body = closed(["seq", "kind", "plan_id", "at", "payload", "actor"], {
        "seq": {"type": "integer", "minimum": 1, "description": "The entry's number: 1, 2, 3, … without a gap."},
        "kind": enum(values_of(EntryKind), "What the entry records."),
        "plan_id": NULLABLE_TEXT | {"description": "The plan, or null for an entry of the store (the key register)."},
        "at": TIME,
        "payload": {"description": "What the entry records; its shape by kind (see allOf)."},
        "actor": {"$ref": "#/$defs/actor"},
    }, optional=["actor"])
    body["allOf"] = [{"if": {"properties": {"kind": {"const": kind}}},
                      "then": {"properties": {"payload": schema}}} for kind, schema in payloads().items()]
    return body


def ledger_entry_schema() -> dict[str, Any]:
    return document(
        "ledger-entry.schema.json", "Ledger entry body (ledger-v1)",
        "The JSON text an entry's hash covers: the column ri_ledger.body of the store, and the body a public "
        "listing gives (docs/store.md). Its canonical form (draw-v1 §3's rules) is hashed as "
        "H(version ‖ 0x00 ‖ prev_hash ‖ 0x00 ‖ body). The actor is absent only in entries made before actors "
        "were recorded.",
        entry_body(), {"actor": actor(), "enrolment": enrolment(), "draw": draw_result()})


def listing_schema() -> dict[str, Any]:
    sample = ListedEntry(1, "plan_committed", None, None, None, "0" * 64, "0" * 64).to_json()
    entry = closed(sample, {
        "seq": {"type": "integer", "minimum": 1}, "kind": enum(values_of(EntryKind)),
        "plan_id": NULLABLE_TEXT, "at": TIME, "actor": nullable({"$ref": "#/$defs/actor"}),
        "prev_hash": HEX64 | {"description": "The hash of the entry before (64 zeros for entry 1)."},
        "entry_hash": HEX64,
        "body": NULLABLE_TEXT | {"description": "The exact text the entry hash covers (ledger-entry.schema.json), "
                                                "given for the kinds public by rule ("
                                                + ", ".join(sorted(PUBLIC_KINDS)) + "); null where withheld."},
        "withheld": nullable(enum([NOT_PUBLIC, PERSONAL_DATA])) | {"description": "Why the body is not given."},
        "algorithm": nullable(enum(SIGNATURE_ALGORITHMS)) | {"description": "The signature's algorithm."},
        "signature": NULLABLE_TEXT | {"description": "The actor's signature over the entry hash, in hex."},
    }, description="One entry of the ledger as the listing gives it: the columns of ri_ledger.")
    entry["allOf"] = [{"if": {"properties": {"body": {"type": "string"}}},
                       "then": {"properties": {"withheld": {"type": "null"}}},
                       "else": {"properties": {"withheld": {"type": "string"}}}}]
    listing = closed(["version", "ledger", "head", "entries"], {
        "version": {"const": LISTING_VERSION},
        "ledger": enum(list(LEDGER_VERSIONS.values()), "The chain's hash: ledger-v1 SHA-256, ledger-v1-sm3 SM3."),
        "head": {"$ref": "#/$defs/head"}, "entries": {"type": "array", "items": entry}})
    return document(
        "listing.schema.json", "Public ledger listing (ledger-listing-v1)",
        "The whole ledger as a bureau publishes it (random-inspection ledger publish): every entry in order, the "
        "bodies of the public kinds, the hashes of all, and the head. random-inspection ledger check-listing "
        "checks the chain and the signatures; this schema checks the shape.",
        listing, {"actor": actor(), "head": ledger_head()})


def site_schema() -> dict[str, Any]:
    plan = closed(SITE_ENTRY_KEYS, {
        "plan_id": TEXT, "title": TEXT, "published_on": DAY | {"description": "The publication day (export --on)."},
        "office": TEXT | {"description": "The issuing office the pages show."},
        "window": TEXT | {"description": "The plan's window as shown: 2020-09-14 至 2020-09-30."},
        "subjects": COUNT | {"description": "How many subjects were drawn."},
        "href": TEXT | {"description": "The plan's page, relative to the index."},
    }, description="A plan the site lists.")
    return document(
        "site.schema.json", "A bureau's publication site: the plans it lists",
        "SITE/<profile code>/site.json, written by export and the demo beside the site's index.html: every plan "
        "the bureau has published there, newest first; the index is rebuilt from it each time a plan is "
        "published (docs/exports.md, The publication site).",
        closed(["bureau", "plans"], {"bureau": TEXT, "plans": {"type": "array", "items": plan}}))


def ledger_head() -> dict[str, Any]:
    return closed(LedgerHead(0, "0" * 64).to_json(), {"seq": COUNT, "hash": HEX64},
                  description="The ledger's head: the last entry's number and hash.")


# ----------------------------------------------------------------------------------- notice and disclosure

def commitment() -> dict[str, Any]:
    keys = list(Commitment(1, None, "0" * 64, None, None).to_json())
    return closed(keys, {
        "seq": {"type": "integer", "minimum": 1}, "at": TIME, "manifest_hash": HEX64,
        "role": nullable(enum(values_of(Role))), "department": NULLABLE_TEXT,
        "reason": NULLABLE_TEXT | {"description": "Why the plan got a new manifest; null for its first."},
        "produced_at": nullable(PRODUCED_AT),
        "departures": {"type": "array", "items": closed(fields_of(Departure), {"key": TEXT, "value": TEXT,
                                                                                "reason": TEXT})},
        "continued": {"type": "array", "items": closed(fields_of(Continuation), {"profile": TEXT, "document": TEXT,
                                                                                  "reason": TEXT})},
        "plugins": {"type": "array", "items": closed(fields_of(PluginSource), {"name": TEXT, "kind": TEXT,
                                                                                "code": TEXT})},
    }, description="One commit of the plan's manifest (the first, and each re-commit with its reason).")


def notice_schema() -> dict[str, Any]:
    keys = [f for f in ("notice", "plan_id", "authority", "profile", "departments", "window", "algorithm",
                        "manifest_hash", "public_input", "commits", "ledger_head", "manifest_url", "platform")]
    body = closed(keys, {
        "notice": {"const": "pre-draw"}, "plan_id": TEXT, "authority": TEXT, "profile": TEXT,
        "departments": TEXTS, "window": {"type": "array", "prefixItems": [DAY, DAY], "items": False, "minItems": 2},
        "algorithm": enum(ALGORITHM_NAMES), "manifest_hash": HEX64,
        "public_input": closed(["source", "produced_at", "form"], {
            "source": TEXT, "produced_at": nullable(PRODUCED_AT), "form": TEXT | {
                "description": "How the public input is to be written, in words."}}),
        "commits": {"type": "array", "items": {"$ref": "#/$defs/commit"}},
        "ledger_head": {"$ref": "#/$defs/head"}, "manifest_url": NULLABLE_TEXT,
        "platform": closed(["name", "citation", "task"], {"name": TEXT, "citation": TEXT, "task": TEXT},
                           optional=["task"], description="The platform the profile names, where it names one."),
    }, optional=["platform"])
    return document(
        "notice.schema.json", "Pre-draw notice (抽查公告)",
        "PLAN.notice.json, written by random-inspection commit beside the manifest and posted before the dice: the "
        "plan, the manifest hash, the public input's source, time and spelling, every commit so far and the "
        "ledger's head just after the commit.", body, {"commit": commitment(), "head": ledger_head()})


def result_pairs() -> list[tuple[int, str]]:
    """Every (number, label) of the built-in profiles' result schemes (检查结果), in order."""
    registry = ProfileRegistry()
    pairs: list[tuple[int, str]] = []
    for profile in registry.profiles.values():
        for rule in profile.rules:
            if rule.key == "results.scheme":
                pairs += [(c.number, c.label) for c in rule.value.codes if (c.number, c.label) not in pairs]
    return sorted(pairs)


def public_inspector() -> dict[str, Any]:
    full = closed(["id", "name", "unit", "certificate"], {"id": TEXT, "name": NULLABLE_TEXT, "unit": NULLABLE_TEXT,
                                                           "certificate": NULLABLE_TEXT | {"description": "执法证号."}})
    assert list(PublicInspector("P", "n", "u", "c").to_json()) == list(full["properties"])
    assert list(PublicInspector("P").to_json()) == ["id"]
    return {"description": "An inspector as published: the id alone for someone not on the roster, else id, name, "
                           "unit and 执法证号 (never a phone, an ID number or an address).",
            "oneOf": [closed(["id"], {"id": TEXT}), full]}


def disclosure_schema() -> dict[str, Any]:
    subject = closed(fields_of(PublicSubject), {"uscc": USCC, "name": NULLABLE_TEXT},
                     description="A subject: its 统一社会信用代码 and name (null for a code not on the roster).")
    recusal_keys = fields_of(PublicRecusal)
    recusal = closed(recusal_keys, {
        "subject": TEXT, "inspector": {"$ref": "#/$defs/inspector"}, "method": enum(sorted(RECUSAL_WAYS)),
        "reason": TEXT | {"description": "回避的原因类别 only (" + "、".join(values_of(RecusalReason)) + ")."},
        "replacement": nullable({"$ref": "#/$defs/inspector"}), "with_subject": NULLABLE_TEXT,
        "no_interest_declared_before_draw": {"type": "boolean"}}, optional=["no_interest_declared_before_draw"])
    lists = {"type": "object", "additionalProperties": {"type": "array", "items": TEXT}}
    draw = closed(fields_of(DrawPart), {
        "algorithm": enum(RESULT_ALGORITHMS), "manifest_hash": HEX64, "public_input": TEXT, "seed": HEX64,
        "subjects": {"type": "array", "items": {"$ref": "#/$defs/subject"}},
        "teams": {"type": "object", "additionalProperties": {"type": "array", "items": {"$ref": "#/$defs/inspector"}}},
        "items": lists, "reserve": lists, "recusals": {"type": "array", "items": recusal},
        "leaders": {"type": "object", "additionalProperties": TEXT,
                    "description": "Each subject's 组长, where the profile names one (鹤壁 六(三))."}},
        optional=["leaders"], description="The draw and how to re-check it.")
    pairs = result_pairs()
    result = closed(fields_of(PublicResult), {"code": {"type": "integer", "minimum": 1}, "label": TEXT})
    result["description"] = ("检查结果: the number in the profile's scheme and its exact Chinese label. The "
                             "built-in profiles' schemes (许应急〔2023〕14号 第十九条, "
                             "鹤双随机办〔2020〕19号 附件4 备注) give these; a third-party profile's scheme adds its "
                             "own.")
    result["anyOf"] = [{"properties": {"code": {"const": n}, "label": {"const": label}}} for n, label in pairs]
    inspection = closed(fields_of(PublicInspection), {
        "subject": {"$ref": "#/$defs/subject"}, "team": {"type": "array", "items": {"$ref": "#/$defs/inspector"}},
        "started": nullable(DAY), "ended": nullable(DAY), "items": TEXTS,
        "problems": {"type": "array", "items": closed(fields_of(PublicProblem), {"item": TEXT,
                                                                                  "note": NULLABLE_TEXT})},
        "result": nullable({"$ref": "#/$defs/result"}),
        "handling": TEXTS | {"description": "处理情况; absent where the publication covers the inspection only."},
        "fields": {}, "fed_back": nullable(DAY), "opinion": NULLABLE_TEXT | {"description": "被检查对象意见."},
        "transfers": {"type": "array", "description": "The letters transferring the problems found "
                      "(函告移交问题线索), where any was sent: departments and 文号 only.",
                      "items": closed(fields_of(PublicTransfer), {
                          "to": TEXT | {"description": "The receiving department."},
                          "sender": NULLABLE_TEXT | {"description": "The sending department, where recorded."},
                          "letter": NULLABLE_TEXT | {"description": "The letter's 文号, where it has one."},
                          "sent": DAY})},
    }, optional=["handling", "fed_back", "opinion", "transfers"])
    del inspection["properties"]["fields"]
    inspection["required"].remove("fields")
    reserve_used = closed(fields_of(ReserveUsed), {"seq": {"type": "integer", "minimum": 1}, "at": TIME,
                                                   "stratum": TEXT, "replaced": TEXT, "reserve": TEXT, "reason": TEXT})
    keys = [k for k in fields_of(Disclosure)]
    body = closed(keys, {
        "plan_id": TEXT, "profile": TEXT, "authority": TEXT, "departments": TEXTS,
        "window": {"type": "array", "prefixItems": [DAY, DAY], "items": False, "minItems": 2},
        "checklist": TEXTS | {"description": "The plan's checklist item codes."},
        "platforms": TEXTS, "required_contents": TEXTS, "inspection_only": {"type": "boolean"},
        "citations": {"type": "object", "additionalProperties": TEXT,
                      "description": "Each disclosure.* rule's citation, by key."},
        "draw": {"$ref": "#/$defs/draw"},
        "redraws": {"type": "array", "items": {"type": "object"},
                    "description": "Each draw set aside, as the ledger recorded it."},
        "commits": {"type": "array", "items": {"$ref": "#/$defs/commit"}},
        "reserve_used": {"type": "array", "items": reserve_used},
        "ledger_head": {"$ref": "#/$defs/head"},
        "inspections": {"type": "array", "items": {"$ref": "#/$defs/inspection"}},
        "withheld": {"type": "array", "items": closed(fields_of(Withheld), {"field": TEXT, "why": TEXT})},
        "external_draw": external_draw(),
        "deadline_departures": {"type": "array", "items": closed(
            ["entry", "at", "key", "value", "reason", "subjects", "default_due"], {
                "entry": {"type": "integer", "minimum": 1}, "at": TIME,
                "key": TEXT | {"description": "The time limit departed from (limit.feedback, say)."},
                "value": TEXT | {"description": "The period given instead, as documents write it (15个工作日)."},
                "reason": TEXT, "subjects": TEXTS | {"description": "The subjects whose inspections it covers; "
                                                                    "empty: every inspection of the plan."},
                "default_due": {"type": "object", "additionalProperties": DAY,
                                "description": "By 统一社会信用代码: the due date the default period gave each "
                                               "inspection it covers that had started the duty when it was "
                                               "recorded."}},
            description="A departure from a duty's period the source words as a default (一般, 原则上), recorded "
                        "after the draw before the default period ended.")},
    }, optional=["draw", "ledger_head", "withheld", "external_draw", "deadline_departures"])
    return document(
        "disclosure.schema.json", "Disclosure (公示)",
        "disclosure.json, the public record of a plan's draw and inspections that export writes with the "
        "disclosure page (docs/exports.md): the draw and how to re-check it, every commit, redraw and reserve used, "
        "the ledger's head, each inspection with its result, and the free-text fields withheld for personal data.",
        body, {"draw": draw, "subject": subject, "inspector": public_inspector(), "result": result,
               "inspection": inspection, "commit": commitment(), "head": ledger_head()})


def external_draw() -> dict[str, Any]:
    """What a disclosure shows of a draw made on a platform: the keys ``store.external`` publishes."""
    return closed(["platform", "task", "file", "drawn_at", "findings", "announced_task", "task_reason"], {
        "platform": TEXT, "task": TEXT | {"description": "任务编号."},
        "file": closed(["name", "sha256"], {"name": TEXT, "sha256": HEX64}, description="The export file."),
        "drawn_at": TEXT | {"description": "When the platform drew (ISO 8601 with its offset)."},
        "findings": {"type": "array", "description": "What the import found and accepted."},
        "announced_task": NULLABLE_TEXT | {"description": "The task announced at commit, where one was."},
        "task_reason": NULLABLE_TEXT}, description=f"A draw made on a platform ({EXTERNAL_FORMAT}, docs/platforms.md).")


def interests_schema() -> dict[str, Any]:
    keys = list(InterestDeclarations(bytes(32), {}).to_json())
    return document(
        "interests.schema.json", "Private interest declarations (draw-v2 §4)",
        "PLAN.interests.json, written by random-inspection commit for a draw-v2 plan and kept private (never "
        "published): the bureau's secret the interest tags are salted from, and each inspector's or expert's "
        "declared interests (利害关系) by 统一社会信用代码.",
        closed(keys, {"secret": HEX64 | {"description": "The 32-byte secret, in hex."},
                      "interests": {"type": "object", "additionalProperties": {"type": "array", "items": TEXT}}}))


# ----------------------------------------------------------------------------------------- plan file and rosters

def plan_schema() -> dict[str, Any]:
    draw = closed(sorted(_DRAW), {
        "team_size": {"type": "integer", "minimum": 1}, "items": {"type": "integer", "minimum": 0},
        "count": COUNT, "ratio": {"type": "string", "pattern": "^[0-9]+/[0-9]+$", "description": "e.g. \"1/10\"."},
        "reserve": COUNT | {"description": "Reserve subjects per stratum (default 1)."},
        "units": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1, "uniqueItems": True},
    }, optional=sorted(_DRAW - {"team_size"}))
    draw["not"] = {"required": ["count", "ratio"]}
    rosters = closed(sorted(_ROSTERS), {
        "subjects": TEXT, "inspectors": TEXT, "checklist": TEXT,
        "department": TEXT | {"description": "For roster rows that name no department."},
        "encoding": TEXT | {"description": "For a CSV in an encoding not tried by itself (e.g. gb18030)."},
    }, optional=["department", "encoding"], description="The rosters' paths, relative to the plan file.")
    expert = closed(sorted(_EXPERT), {"id": {"type": "string", "minLength": 1}, "name": TEXT,
                                      "id_number": TEXT | {"description": "身份证号, where given."},
                                      "specialties": TEXTS, "interests": TEXTS}, optional=sorted(_EXPERT - {"id"}))
    body = closed(sorted(_TOP), {
        "plan_id": {"type": "string", "minLength": 1, "pattern": "^[^\\u0000-\\u001f\\u007f]+$"},
        "profile": TEXT | {"description": "The profile's code, e.g. xuchang."},
        "departments": TEXTS | {"description": "The plan's departments; the first leads a joint plan."},
        "window": {"type": "array", "prefixItems": [DAY, DAY], "items": False, "minItems": 2},
        "seed_source": TEXT | {"description": "draw-v1 plan files only (read to verify, refused by commit)."},
        "public_input_format": TEXT | {"description": "draw-v1 plan files only."},
        "public_input": public_input_spec(),
        "rosters": rosters, "draw": draw, "credit_risk_based": {"type": "boolean"},
        "department_names": {"type": "object", "additionalProperties": TEXT},
        "hash": enum(HASH_NAMES, "The draw's hash: sha256, or sm3 for 国密 deployments."),
        "departure": {"type": "array", "items": closed(fields_of(Departure), {"key": TEXT, "value": TEXT,
                                                                               "reason": TEXT}),
                      "description": "Departures from a rule the source words as a default (原则上, 一般, 可以)."},
        "periods": {"type": "object", "additionalProperties": TEXT,
                    "description": "A period (e.g. 20个工作日) per obligation key, for a duty whose source sets none."},
        "expert": {"type": "array", "items": expert,
                   "description": "The plan's expert roster (冷水滩 第十四条), committed in a draw-v3 manifest."},
        "recusal": closed(["way"], {"way": enum(RECUSAL_WAYS)}),
    }, optional=sorted(_TOP - {"plan_id", "profile", "departments", "window", "rosters", "draw"}))
    body["oneOf"] = [{"required": ["public_input"], "not": {"anyOf": [{"required": ["seed_source"]},
                                                                      {"required": ["public_input_format"]}]}},
                     {"required": ["seed_source", "public_input_format"], "not": {"required": ["public_input"]}}]
    return document(
        "plan.schema.json", "Plan file (抽查工作方案)",
        "A plan file is TOML (examples/plan.toml); this schema describes it read as JSON, with TOML dates and times "
        "written as their ISO text. It names the plan's profile, window, rosters and draw options.", body)


def _any_case(word: str) -> str:
    """A regular expression of ``word`` in any case of its ASCII letters (JSON Schema patterns take no flags)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else re.escape(c) for c in word)


def _ecma(pattern: str) -> str:
    """A Python pattern of ASCII digits as an ECMA-262 one (``\\d`` would take any Unicode digit there too)."""
    return pattern.replace("\\d", "[0-9]").replace("\\s", "[ \\t]")


BACKSLASH_N = "\\n"
_FLAG = {"type": "string",
         "pattern": "^(" + "|".join(_any_case(w) for w in [*sorted(_TRUE), *sorted(_FALSE)]) + ")?$",
         "description": f"Yes ({'、'.join(sorted(_TRUE))}) or no ({'、'.join(sorted(_FALSE))}), in any case; "
                        "the template writes 是 or 否; empty: the default."}
_DATE_CELL = {"type": "string",
              "pattern": "^((" + "|".join(_ecma(p.pattern.strip("^$")) for p in _DATE_PATTERNS) + ")"
                         + "(" + _ecma(_MIDNIGHT.pattern.rstrip("$")) + ")?)?$",
              "description": "A day as offices write it: 2023-03-09, 2023/3/9, 2023.3.9, 20230309 or 2023年3月9日 (a "
                             "time after it, as a spreadsheet adds, is midnight); empty where not given. The day "
                             "itself is checked by the library."}
_ID_NUMBER = {"type": "string", "pattern": "^([0-9]{17}[0-9X])?$",
              "description": "公民身份号码 (GB 11643-1999), or empty; the check character is checked by the library."}


def column_schema(column: Column, roster: str) -> dict[str, Any]:
    """The cell of one column as the template and the library's rows write it (text)."""
    if column.field == "uscc" or (roster == "results" and column.field == "subject"):
        cell: dict[str, Any] = dict(USCC)
    elif column.field == "id_number":
        cell = dict(_ID_NUMBER)
    elif column.kind is Kind.FLAG:
        cell = dict(_FLAG)
    elif column.kind is Kind.DATE:
        cell = dict(_DATE_CELL)
    elif column.kind is Kind.LIST:
        cell = {"type": "string", "description": "A list, its values separated by any of "
                                                 f"{' '.join(_LIST_SPLIT.pattern[1:-2].replace(BACKSLASH_N, ''))} "
                                                 "or a line break."}
    else:
        cell = {"type": "string"}
    vocabulary = {"domain": EnforcementDomain, "subject_type": SubjectType, "status": SubjectStatus,
                  "credit_risk": CreditRiskClass, "sector": IndustryTradeSector, "gender": Gender,
                  "item_class": ItemClass}
    if roster != "results" and column.field in vocabulary:
        cell = enum([*values_of(vocabulary[column.field]), *([] if column.required else [""])])
    if column.required and "pattern" not in cell and "enum" not in cell:
        cell["minLength"] = 1
    cell["description"] = " ".join(filter(None, [
        f"Field {column.field}.", cell.get("description", ""),
        f"Also read under: {'、'.join(column.aliases)}." if column.aliases else ""]))
    return cell


def roster_schema(kind: str, label: str, columns: tuple[Column, ...], description: str) -> dict[str, Any]:
    body = {
        "type": "object",
        "properties": {c.header: column_schema(c, kind) for c in columns},
        "required": [c.header for c in columns if c.required],
        "additionalProperties": {"type": "string"},
    }
    return document(f"{kind}-row.schema.json", f"{label} row", description + (
        " A row is the object of the template's column headers (random-inspection template) and its cells' text; "
        "other columns an office keeps for itself (备注, …) are allowed and not read."), body)


def rosters() -> dict[str, dict[str, Any]]:
    from random_inspection.io.rosters import RosterKind

    out = {}
    for kind, columns in ((RosterKind.SUBJECTS, SUBJECT_COLUMNS), (RosterKind.INSPECTORS, INSPECTOR_COLUMNS),
                          (RosterKind.CHECKLIST, CHECKLIST_COLUMNS)):
        out[f"{kind.value}-row.schema.json"] = roster_schema(
            kind.value, kind.label, columns, f"One row of a {kind.label} ({kind.value} roster: XLSX, XLS, ODS or CSV).")
    results = roster_schema("results", "检查结果 (results file)", RESULT_COLUMNS,
                            "One row of a results file (random-inspection record PLAN RESULTS, CSV or XLSX): a drawn "
                            "subject's 检查结果, 处理结果 and the days of each step of its inspection.")
    codes = sorted({str(n) for n, _ in result_pairs()} | {label for _, label in result_pairs()})
    results["properties"]["检查结果"] = enum(["", *codes], "The 检查结果: its number or exact label in the plan's "
                                                      "profile's scheme (the built-in schemes' here), or empty. "
                                                      "Field result.")
    out["results-row.schema.json"] = results
    return out


# ------------------------------------------------------------------------------------------------------ writing

def render() -> dict[str, str]:
    """Every schema file's name and text."""
    schemas = {
        "plan.schema.json": plan_schema(),
        **rosters(),
        "manifest.schema.json": manifest_schema(),
        "draw.schema.json": draw_schema(),
        "ledger-entry.schema.json": ledger_entry_schema(),
        "listing.schema.json": listing_schema(),
        "notice.schema.json": notice_schema(),
        "disclosure.schema.json": disclosure_schema(),
        "interests.schema.json": interests_schema(),
        "site.schema.json": site_schema(),
    }
    return {name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n" for name, schema in schemas.items()}


def _service(path: Path) -> bool:
    """A schema of the HTTP service's bodies (``http-*``): made by tools/make_openapi.py, not here."""
    return path.name.startswith("http-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed schema differs")
    args = parser.parse_args(argv)
    files = render()
    if args.check:
        stale = [n for n, text in files.items() if not (FOLDER / n).is_file()
                 or (FOLDER / n).read_text(encoding="utf-8") != text]
        extra = sorted(p.name for p in FOLDER.glob("*.schema.json") if p.name not in files and not _service(p))
        for name in stale + extra:
            print(f"docs/schemas/{name} is not what tools/make_schemas.py writes", file=sys.stderr)
        return 1 if stale or extra else 0
    FOLDER.mkdir(parents=True, exist_ok=True)
    for old in FOLDER.glob("*.schema.json"):
        if old.name not in files and not _service(old):
            old.unlink()
    for name, text in files.items():
        (FOLDER / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
