"""draw-v1, the verifiable draw (docs/spec/draw-v1.md). Pure: a hash (SHA-256, or SM3 where named) and integer
arithmetic only; no random number generator, no clock."""

from random_inspection.sampling.canonical import (
    ALGORITHM,
    ALGORITHMS,
    algorithm_hash,
    algorithm_name,
    canonical_json,
    derive_seed,
    ticket,
)
from random_inspection.sampling.engine import (
    DrawResult,
    StratumCount,
    allocate,
    draw,
    eligible,
    rerun,
    sample_sizes,
    verify,
)
from random_inspection.sampling.hashes import HASH_NAMES, SHA256, SM3, HashAlgorithm, hash_algorithm, sm3_backend
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
    "ALGORITHMS",
    "HASH_NAMES",
    "SHA256",
    "SM3",
    "DrawResult",
    "DrawRules",
    "HashAlgorithm",
    "InspectorEntry",
    "ItemEntry",
    "Manifest",
    "Recusal",
    "Sample",
    "StratumCount",
    "SubjectEntry",
    "TeamSpec",
    "algorithm_hash",
    "algorithm_name",
    "allocate",
    "build_manifest",
    "canonical_json",
    "derive_seed",
    "draw",
    "eligible",
    "hash_algorithm",
    "recuse",
    "rerun",
    "sample_sizes",
    "sm3_backend",
    "team_manifest",
    "ticket",
    "verify",
]
