"""draw-v1 with SM3 (spec §12): the SM3 vectors verify in the independent verifier, an SM3 draw differs from the
SHA-256 draw of the same manifest content exactly as §12 says, and a draw whose algorithm was switched does not
verify."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import DataError, InvalidInputError
from random_inspection.model import EnforcementCertificate, Inspector, Subject
from random_inspection.sampling import (
    ALGORITHMS,
    SHA256,
    SM3,
    DrawRules,
    HashAlgorithm,
    Manifest,
    Sample,
    TeamSpec,
    algorithm_hash,
    algorithm_name,
    algorithm_version,
    build_manifest,
    derive_seed,
    draw,
    team_manifest,
    ticket,
    verify,
)
from random_inspection.sampling.hashes import PureSM3
from random_inspection.testing.strategies import subjects as subject_strategy

from .draw_verifier import run as independent_run
from .draw_verifier import sm3

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "docs" / "spec" / "draw-v1-vectors.json").read_text())
BY_NAME = {v["name"]: v for v in VECTORS}
SM3_VECTORS = [v for v in VECTORS if v["manifest"]["algorithm"] == "draw-v1-sm3"]
WINDOW = (dt.date(2026, 3, 2), dt.date(2026, 3, 31))
CERT = EnforcementCertificate("证", dt.date(2020, 1, 1))
PEOPLE = [Inspector(f"yjj{i:03d}", f"执法人员{i}", "执法大队", "yjj", CERT) for i in range(8)]


def twin(vector: dict[str, Any]) -> dict[str, Any]:
    """The SHA-256 vector of the same manifest content."""
    return BY_NAME[vector["name"].replace("-sm3", "")]  # type: ignore[no-any-return]


def test_the_vectors_hold_sm3_draws_with_their_sha256_twins() -> None:
    names = [v["name"] for v in SM3_VECTORS]
    assert "undirected-by-area-sm3" in names and "edge-cases-sm3-with-recusals" in names
    assert all(twin(v)["manifest"]["algorithm"] == "draw-v1" for v in SM3_VECTORS)
    assert any(v["result"]["reserve"] for v in SM3_VECTORS) and any(v["result"]["recusals"] for v in SM3_VECTORS)


@pytest.mark.parametrize("vector", SM3_VECTORS, ids=[v["name"] for v in SM3_VECTORS])
def test_an_sm3_draw_differs_from_the_sha256_draw_only_as_the_spec_says(vector: dict[str, Any]) -> None:
    other = twin(vector)
    # §12 (1): the manifests are the same but for their algorithm, the first key of the canonical form
    assert {**other["manifest"], "algorithm": "draw-v1-sm3"} == vector["manifest"]
    ours, theirs = Manifest.from_json(vector["manifest"]), Manifest.from_json(other["manifest"])
    assert ours.canonical() == theirs.canonical().replace(b'{"algorithm":"draw-v1",', b'{"algorithm":"draw-v1-sm3",', 1)
    assert ours.canonical().startswith(b'{"algorithm":"draw-v1-sm3","checklist":')
    # §12 (2): H is SM3 everywhere, and the seed begins with the algorithm's name
    assert vector["manifest_hash"] == sm3(ours.canonical()).hex() != other["manifest_hash"]
    seed = sm3(b"draw-v1-sm3\x00" + vector["manifest_hash"].encode() + b"\x00" + vector["public_input"].encode())
    assert vector["result"]["seed"] == seed.hex()
    some = vector["result"]["subjects"][0]
    assert ticket(seed, "subject", some, SM3) == sm3(seed + b"subject\x00" + some.encode())
    # §12 (3): the result names the algorithm; nothing that no hash decides changes
    assert (vector["result"]["algorithm"], other["result"]["algorithm"]) == ("draw-v1-sm3", "draw-v1")
    assert vector["public_input"] == other["public_input"]
    assert [(s["key"], s["eligible"]) for s in vector["result"]["strata"]] == \
           [(s["key"], s["eligible"]) for s in other["result"]["strata"]]
    assert len(vector["result"]["subjects"]) == len(other["result"]["subjects"])
    assert vector["result"]["subjects"] != other["result"]["subjects"]  # the tickets, and so the draw, differ


@pytest.mark.parametrize("vector", SM3_VECTORS, ids=[v["name"] for v in SM3_VECTORS])
def test_a_switched_algorithm_does_not_verify(vector: dict[str, Any]) -> None:
    sm3_manifest, sha_manifest = Manifest.from_json(vector["manifest"]), Manifest.from_json(twin(vector)["manifest"])
    assert verify(sm3_manifest, vector["result"]) is None
    relabelled = {**vector["result"], "algorithm": "draw-v1"}
    assert verify(sm3_manifest, relabelled) == "algorithm"  # the SM3 draw passed off as a SHA-256 one
    assert verify(sha_manifest, vector["result"]) == "algorithm"  # against the SHA-256 manifest of the same content
    sha_relabelled = {**twin(vector)["result"], "algorithm": "draw-v1-sm3"}
    assert verify(sha_manifest, sha_relabelled) == "algorithm"
    assert verify(sm3_manifest, {**sha_relabelled, "recusals": vector["result"]["recusals"]}) == "manifest_hash"
    # the manifest's algorithm is inside its hash: switching it cannot keep the published hash
    assert Manifest.from_json({**vector["manifest"], "algorithm": "draw-v1"}).hash != vector["manifest_hash"]


@settings(max_examples=30, deadline=None)
@given(st.lists(subject_strategy(), min_size=1, max_size=30, unique_by=lambda s: s.uscc),
       st.from_regex(r"[A-Za-z0-9 ]{1,12}", fullmatch=True), st.integers(0, 2))
def test_any_sm3_draw_verifies_in_the_independent_verifier(subjects: list[Subject], public: str, reserve: int) -> None:
    rules = DrawRules(Sample(ratio=(1, 3)), TeamSpec(2), strata=("area",), reserve=reserve, items=None)
    manifest = build_manifest("P", "a word", r"[A-Za-z0-9 ]+", WINDOW, subjects, PEOPLE, [], rules,
                              hash_algorithm="sm3")
    result = draw(manifest, public)
    assert result.algorithm == manifest.algorithm == "draw-v1-sm3"
    assert independent_run(json.loads(manifest.canonical()), public) == result.to_json()
    assert verify(manifest, result) is None


def test_the_pure_python_sm3_draws_what_openssls_does() -> None:
    vector = BY_NAME["edge-cases-sm3"]
    manifest = Manifest.from_json(vector["manifest"])
    pure = attrs.evolve(manifest, hash_algorithm=HashAlgorithm("sm3", PureSM3))
    assert pure.hash == vector["manifest_hash"]
    assert draw(pure, vector["public_input"]).to_json() == draw(manifest, vector["public_input"]).to_json() == {
        **vector["result"], "recusals": []}


def test_names_of_draw_algorithms() -> None:
    assert ALGORITHMS == {"draw-v1": "sha256", "draw-v1-sm3": "sm3", "draw-v2": "sha256", "draw-v2-sm3": "sm3",
                          "draw-v3": "sha256", "draw-v3-sm3": "sm3"}
    assert (algorithm_name(SHA256), algorithm_name("sm3")) == ("draw-v1", "draw-v1-sm3")
    assert (algorithm_name(SHA256, 2), algorithm_name("sm3", 2)) == ("draw-v2", "draw-v2-sm3")
    assert (algorithm_name(SHA256, 3), algorithm_name("sm3", 3)) == ("draw-v3", "draw-v3-sm3")
    assert [algorithm_version(a) for a in ALGORITHMS] == [1, 1, 2, 2, 3, 3]
    assert (algorithm_hash("draw-v1"), algorithm_hash("draw-v1-sm3")) == (SHA256, SM3)
    with pytest.raises(InvalidInputError, match="unknown draw algorithm 'draw-v1-md5'"):
        algorithm_hash("draw-v1-md5")
    with pytest.raises(DataError, match="cannot read the manifest"):
        Manifest.from_json({**VECTORS[0]["manifest"], "algorithm": "draw-v1-sha3"})
    with pytest.raises(InvalidInputError, match="unknown hash algorithm"):
        build_manifest("P", "a word", r"x", WINDOW, [], PEOPLE, [], DrawRules(Sample(count=0), TeamSpec(1)),
                       hash_algorithm="md5")


def test_the_default_is_sha256_as_before() -> None:
    vector = BY_NAME["undirected-by-area"]
    manifest = Manifest.from_json(vector["manifest"])
    assert manifest.hash_algorithm == SHA256 and manifest.algorithm == "draw-v1"
    assert manifest.hash == hashlib.sha256(manifest.canonical()).hexdigest() == vector["manifest_hash"]
    seed = derive_seed(manifest.hash, vector["public_input"])
    assert seed == hashlib.sha256(b"draw-v1\x00" + manifest.hash.encode() + b"\x00" +
                                  vector["public_input"].encode()).digest()
    assert seed.hex() == vector["result"]["seed"]


def test_a_team_draw_takes_the_leads_hash() -> None:
    vector = BY_NAME["undirected-by-area-sm3"]
    lead = Manifest.from_json(vector["manifest"])
    drawn = [s for s in lead.subjects if s.id in vector["result"]["subjects"]]
    partner = team_manifest("P-partner", "dice", r"[1-6]", WINDOW, drawn, PEOPLE, TeamSpec(2), hash_algorithm="sm3")
    result = draw(partner, "4")
    assert partner.algorithm == result.to_json()["algorithm"] == "draw-v1-sm3"
    assert independent_run(json.loads(partner.canonical()), "4") == result.to_json()


def test_the_vectors_file_is_what_the_generator_writes_and_keeps_the_sha256_vectors() -> None:
    from .make_draw_vectors import vectors

    assert json.loads(json.dumps(vectors(), ensure_ascii=False)) == VECTORS
    first_sm3 = next(i for i, v in enumerate(VECTORS) if v["manifest"]["algorithm"] != "draw-v1")
    assert all(v["manifest"]["algorithm"] == "draw-v1" for v in VECTORS[:first_sm3])  # SM3 ones only appended
    assert all(v["manifest"]["algorithm"] == "draw-v1-sm3" for v in VECTORS[first_sm3:])
