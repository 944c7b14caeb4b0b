"""draw-v1 and draw-v2, the verifiable draw (docs/spec/draw-v1.md, docs/spec/draw-v2.md). Pure: a hash (SHA-256,
or SM3 where named) and integer
arithmetic only; no random number generator, no clock."""

from random_inspection.sampling.canonical import (
    ALGORITHM,
    ALGORITHMS,
    algorithm_hash,
    algorithm_name,
    algorithm_version,
    canonical_json,
    derive_seed,
    ticket,
)
from random_inspection.sampling.conflicts import Conflicts, interest_map
from random_inspection.sampling.engine import (
    allocate,
    audit_interests,
    check_conflicts,
    draw,
    eligible,
    rerun,
    sample_sizes,
    trial_draw,
    verify,
)
from random_inspection.sampling.hashes import HASH_NAMES, SHA256, SM3, HashAlgorithm, hash_algorithm, sm3_backend
from random_inspection.sampling.interests import InterestDeclarations, interest_salt, interest_tag
from random_inspection.sampling.manifest import (
    DrawRules,
    ExpertEntry,
    InspectorEntry,
    ItemEntry,
    Manifest,
    Sample,
    SubjectEntry,
    TeamSpec,
    build_manifest,
    team_manifest,
)
from random_inspection.sampling.public_input import FIELD_TYPES, InputField, PublicInputSpec, parse_produced_at
from random_inspection.sampling.recusal import recuse
from random_inspection.sampling.result import DrawResult, Method, Recusal, StratumCount

__all__ = [
    "ALGORITHM",
    "ALGORITHMS",
    "FIELD_TYPES",
    "HASH_NAMES",
    "SHA256",
    "SM3",
    "Conflicts",
    "DrawResult",
    "DrawRules",
    "ExpertEntry",
    "HashAlgorithm",
    "InputField",
    "InspectorEntry",
    "InterestDeclarations",
    "ItemEntry",
    "Manifest",
    "Method",
    "PublicInputSpec",
    "Recusal",
    "Sample",
    "StratumCount",
    "SubjectEntry",
    "TeamSpec",
    "algorithm_hash",
    "algorithm_name",
    "algorithm_version",
    "allocate",
    "audit_interests",
    "build_manifest",
    "canonical_json",
    "check_conflicts",
    "derive_seed",
    "draw",
    "eligible",
    "hash_algorithm",
    "interest_map",
    "interest_salt",
    "interest_tag",
    "parse_produced_at",
    "recuse",
    "rerun",
    "sample_sizes",
    "sm3_backend",
    "team_manifest",
    "ticket",
    "trial_draw",
    "verify",
]
