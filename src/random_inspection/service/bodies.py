"""The service's request and response bodies (pydantic models: the OpenAPI document and the JSON Schemas of
``docs/schemas/http-*.schema.json`` are made from them). Converted to the library's values at the edge."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """An error: what is wrong, where, and how to fix it (every status from 400 up)."""

    what: str = Field(description="What is wrong, in one sentence.")
    where: str = Field(description="Where it is (a field, a plan, an entry); empty when nowhere in particular.")
    fix: str = Field(description="How to fix it.")
    entry: int | None = Field(None, description="A refusal recorded in the ledger: its entry's number.")
    entry_hash: str | None = Field(None, description="That entry's hash (with entry, the refused actor's receipt).")


class ActorBody(BaseModel):
    """Who acts: the fields of an actor file (docs/cli.md, Who acts) without its key. The register must hold
    this actor with this role and department, and the signatures must be made with the key it holds for them."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, description="The actor's id (an inspector's id, an office's code).")
    name: str = Field(min_length=1, description="The actor's name.")
    role: str = Field(min_length=1, description="The actor's role, in Chinese (承办股室) or by its English name.")
    department: str = Field(min_length=1, description="The actor's department code.")


class Signature(BaseModel):
    """One signature of a prepared write: the digest prepared (an entry hash, lower-case hex) and the actor's
    signature of its UTF-8 bytes (hex)."""

    model_config = ConfigDict(extra="forbid")

    digest: str = Field(pattern="^[0-9a-f]{64}$", description="The digest prepare returned, as returned.")
    signature: str = Field(pattern="^([0-9a-fA-F]{2})+$",
                           description="The signature of the digest's UTF-8 bytes, in hex (Ed25519: 64 bytes; "
                                       "SM2: as the store's verify_signature accepts it).")


class Signed(BaseModel):
    """What every write carries: who acts and, on submit, the time prepare used and the signatures."""

    model_config = ConfigDict(extra="forbid")

    actor: ActorBody
    at: str | None = Field(None, description="The time to record (ISO 8601 with its offset). On prepare, by "
                                             "default now (China Standard Time); on submit, the at prepare "
                                             "returned.")
    signatures: list[Signature] = Field(default_factory=list, max_length=16,
                                        description="On submit: a signature of each digest prepare returned, in "
                                                    "order. Ignored by prepare.")


class CommitBody(Signed):
    """Commit a plan file of the service's plan folder (as ``commit``)."""

    reason: str | None = Field(None, description="Why a plan committed before gets a new manifest.")
    platform_task: str | None = Field(None, description="The platform's task number (任务编号), where the plan is "
                                                        "drawn on a platform.")


class DrawBody(Signed):
    """Draw a committed plan with its public input (as ``draw``)."""

    public_input: str = Field(min_length=1, description="The public input (the dice...), spelled as the plan's "
                                                        "[public_input] table fixes.")
    reason: str | None = Field(None, description="Why the plan is drawn again (a redraw).")


class ResultBody(Signed):
    """Record one inspection (as ``record`` does for one row of a results file): the row by its column
    headers (统一社会信用代码, 检查开始, 检查结束, 检查结果, 处理结果, ...; docs/rosters.md)."""

    row: dict[str, str] = Field(min_length=1, max_length=64,
                                description="The results file's row: column header → cell text.")


class RecusalBody(Signed):
    """Record an inspector's recusal (回避) from a subject of the plan's draw in force (as ``recuse``)."""

    subject: str = Field(min_length=1, max_length=64, description="The subject's 统一社会信用代码.")
    inspector: str = Field(min_length=1, max_length=64, description="The inspector who leaves its team.")
    method: Literal["replace", "swap"] | None = Field(
        None, description="replace (不参与本次执法检查) or swap (交换被检查对象); by default the way the plan fixed "
                          "before the dice (draw-v3 [recusal]).")
    reason: Literal["利害关系", "近亲属", "其他"] = Field(description="The reason's category: the one word published.")
    details: str | None = Field(None, max_length=2000,
                                description="The circumstances, in words: kept in the ledger, never published.")


class ReserveBody(Signed):
    """Use the next reserve subject of a subject's stratum in its place (as ``reserve``)."""

    subject: str = Field(min_length=1, max_length=64, description="The drawn subject that cannot be inspected.")
    reason: str = Field(min_length=1, max_length=2000, description="Why (注销, 停业...): recorded.")


class Changed(BaseModel):
    """A change of the draw in force recorded (a recusal or a reserve used): its ledger entry, the subject whose
    team changed (for a reserve, the reserve subject) and its team in force now."""

    plan_id: str
    ledger_entry: int
    subject: str
    team: list[str]
    replacement: str | None = Field(None, description="A recusal: who took the inspector's place.")
    with_subject: str | None = Field(None, description="A recusal by swap: the other subject of the swap.")
    replaced: str | None = Field(None, description="A reserve: the subject it takes the place of.")
    stratum: str | None = Field(None, description="A reserve: the stratum it was drawn for.")


class PlanChecked(BaseModel):
    """A plan file and its rosters checked (as ``check --format json``): ``ok`` when nothing stops a commit."""

    model_config = ConfigDict(extra="allow")

    plan_id: str
    profile: str
    ok: bool = Field(description="No bad row, no pool or plan problem, the floor reached.")
    manifest_hash: str | None


class Prepared(BaseModel):
    """What a write asks its actor to sign: the digests (each an entry hash, chained from the ledger head), the
    time they were made for, and, when the action would be refused, the refusal the entry would record."""

    digests: list[str] = Field(description="The entry hashes to sign, in order (sign each one's UTF-8 bytes).")
    at: str = Field(description="The time recorded in the entries: send it back on submit.")
    head: str = Field(description="The ledger head the digests chain from (SEQ:HASH).")
    algorithm: str = Field(description="The algorithm the register holds for the actor (sm2-sm3 or ed25519).")
    refused: Problem | None = Field(None, description="The action would be refused (the entry records the "
                                                      "refusal); null when it would be recorded.")


class Committed(BaseModel):
    """A plan committed."""

    plan_id: str
    manifest_hash: str
    ledger_entry: int
    ledger_head: str
    subjects: int
    inspectors: int
    checklist: int
    public_input: dict[str, Any]


class Drawn(BaseModel):
    """A plan drawn and the draw recorded."""

    draw: dict[str, Any] = Field(description="The draw result as published (STEM.draw.json).")
    ledger_entry: int
    leaders: dict[str, str] = Field(description="Each subject's team leader (组长), where the profile has one.")


class ResultRecorded(BaseModel):
    """One row of results: recorded, unchanged (recorded before), refused (the refusal recorded) or with
    problems (nothing recorded)."""

    recorded: list[str]
    unchanged: list[str]
    ledger_entries: list[int]
    refused: list[dict[str, str]]
    problems: list[dict[str, Any]]


class ResultBatchBody(Signed):
    """Record several inspections at once, all or nothing (as ``record`` does for a results file of these
    rows): every row by its column headers, as one results file's rows. Every entry is signed by the one actor
    of the body, who must be on each row's team (谁检查、谁录入)."""

    rows: list[dict[str, str]] = Field(min_length=1, max_length=100,
                                       description="The results file's rows, in order: column header → cell "
                                                   "text (a header missing from a row is an empty cell).")
    signatures: list[Signature] = Field(default_factory=list, max_length=100,
                                        description="On submit: a signature of each digest prepare returned, in "
                                                    "order. Ignored by prepare.")


class ResultBatchRecorded(BaseModel):
    """Several rows of results recorded in one transaction: every row recorded or unchanged (recorded before),
    never some refused (a refused row refuses the batch, and nothing is recorded)."""

    recorded: list[str] = Field(description="The subjects recorded now, in the rows' order.")
    unchanged: list[str] = Field(description="The subjects whose same record was recorded before: nothing "
                                             "written.")
    ledger_entries: list[int] = Field(description="The entries appended, one per subject of recorded.")


class StatusDuty(BaseModel):
    """A duty overdue or upcoming, as the status view lists it (docs/status.md)."""

    plan_id: str
    subject: str = Field(description="The subject's 统一社会信用代码.")
    subject_name: str | None = Field(description="The subject's 名称, where the plan's roster gives it.")
    department: str | None
    owed_by: str | None = Field(description="Who owes the duty (a role or an office).")
    counterpart: str | None
    key: str = Field(description="The duty's key.")
    duty: str = Field(description="The duty's title, in the source's words.")
    due: str | None = Field(description="The due date (YYYY-MM-DD); null where none can be counted yet.")
    ends: str | None = Field(description="When the period ends, as people write it: 2025-10-14 24:00, or "
                                         "2025-10-14 17:30 where the office's hours cut the last day off; null "
                                         "where no due date can be counted yet.")
    days_left: int | None = Field(description="Days left to the due date (negative: overdue).")
    counted_in: str = Field(description="How the period is counted (working or calendar days).")
    provisional: bool = Field(description="The due date rests on an estimated holiday schedule (暂估).")
    status: str
    citation: str = Field(description="The article that sets the duty.")


class StatusPlan(BaseModel):
    """One plan of the store in the status view."""

    plan_id: str
    profile: str | None
    window: list[str]
    file: str | None
    file_found: bool
    results_recorded: int
    duties_known: bool = Field(description="false where the plan's duties cannot be shown (problem says why).")
    duties_from: str | None = Field(description="Where its duties were worked out from: \"plan file\", or "
                                                "\"ledger\" (the plan as committed, its file missing); null with a "
                                                "problem.")
    problem: str | None
    counts: dict[str, int] = Field(description="Its duties per status.")
    overdue: list[StatusDuty]
    upcoming: list[StatusDuty]


class StatusIndicator(BaseModel):
    """An indicator a profile's documents set, with its target and article."""

    name: str
    achieved: str | None
    percent: float | None
    target: str | None
    met: bool | None
    citation: str | None
    detail: str | None


class StatusProfile(BaseModel):
    """The plans of one profile on the day: counts per status and indicators."""

    profile: str
    name: str
    plans: list[str]
    counts: dict[str, int]
    indicators: list[StatusIndicator]


class StatusView(BaseModel):
    """The status view across every plan of the store (as ``status --format json``; docs/status.md)."""

    on: str = Field(description="The day (end of day), YYYY-MM-DD.")
    within_days: int
    department: str | None = Field(description="Only the duties this department owes (a department's reader: "
                                               "always their own).")
    overdue: int
    firmly_overdue: int
    provisionally_overdue: int
    plans_without_duties: list[str]
    profiles: list[StatusProfile]
    plans: list[StatusPlan]


class ProfileSummary(BaseModel):
    """A loaded profile (as ``profiles --format json`` lists it)."""

    code: str
    name: str
    jurisdiction: str
    parent: str | None
    documents: list[dict[str, str]]
    rules: int
    own_keys: list[str]


class Due(BaseModel):
    """A due date (as ``due --format json`` gives it)."""

    event: str
    period: str
    due: str
    provisional: bool
    provisional_years: list[int]
    extended_from: str | None
    legal_basis: list[str]
    ends: str
    cut_off: dict[str, str] | None
    counting: dict[str, Any] | None


class IdCheck(BaseModel):
    """One identifier checked (as ``check-id --format json`` gives it)."""

    value: str
    valid: bool
    normalized: str | None
    problem: str | None


class VerifyBody(BaseModel):
    """A published manifest and a draw claimed of it."""

    model_config = ConfigDict(extra="forbid")

    manifest: dict[str, Any] = Field(description="The manifest as published (PLAN.manifest.json).")
    draw: dict[str, Any] = Field(description="The draw as published (PLAN.draw.json).")


class Verified(BaseModel):
    """Whether the draw is the one the manifest gives (as ``verify --format json``)."""

    plan_id: str
    manifest_hash: str
    same: bool
    first_difference: str | None


class LedgerHeadBody(BaseModel):
    """The ledger's head."""

    seq: int
    hash: str
    head: str = Field(description="SEQ:HASH, as notices and disclosures carry it.")


class LedgerAudit(BaseModel):
    """The ledger verified (as ``ledger verify --format json``)."""

    model_config = ConfigDict(extra="allow")

    entries: int
    head: str
    hash: str
    verified: Literal[True]
    complete: bool = Field(description="Every signature checked against the key register the chain holds.")
