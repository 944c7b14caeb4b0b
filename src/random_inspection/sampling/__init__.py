"""draw-v1, the verifiable draw (docs/spec/draw-v1.md). Pure: SHA-256 and integer arithmetic only; no random
number generator, no clock."""

from random_inspection.sampling.canonical import ALGORITHM, canonical_json, derive_seed, ticket
from random_inspection.sampling.engine import (
    DrawResult,
    StratumCount,
    allocate,
    draw,
    eligible,
    sample_sizes,
    verify,
)
from random_inspection.sampling.manifest import (
    DrawRules,
    InspectorEntry,
    ItemEntry,
    Manifest,
    Sample,
    SubjectEntry,
    TeamSpec,
    build_manifest,
    team_manifest,
)
from random_inspection.sampling.recusal import Recusal, recuse

__all__ = [
    "ALGORITHM",
    "DrawResult",
    "DrawRules",
    "InspectorEntry",
    "ItemEntry",
    "Manifest",
    "Recusal",
    "Sample",
    "StratumCount",
    "SubjectEntry",
    "TeamSpec",
    "allocate",
    "build_manifest",
    "canonical_json",
    "derive_seed",
    "draw",
    "eligible",
    "recuse",
    "sample_sizes",
    "team_manifest",
    "ticket",
    "verify",
]
