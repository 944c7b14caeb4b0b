"""Canonical JSON and hashing for draw-v1 (docs/spec/draw-v1.md §2-§5, §12)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

from random_inspection.errors import InvalidInputError
from random_inspection.messages import tr
from random_inspection.sampling.hashes import SHA256, HashAlgorithm, hash_algorithm

__all__ = [
    "ALGORITHM",
    "ALGORITHMS",
    "Encoded",
    "algorithm_hash",
    "algorithm_name",
    "algorithm_version",
    "canonical_chunks",
    "canonical_json",
    "derive_seed",
    "hash_chunks",
    "ticket",
]

ALGORITHM = "draw-v1"
"""The name of a draw that hashes with SHA-256, the default (as it has always been written)."""

ALGORITHMS = {"draw-v1": "sha256", "draw-v1-sm3": "sm3", "draw-v2": "sha256", "draw-v2-sm3": "sm3",
              "draw-v3": "sha256", "draw-v3-sm3": "sm3"}
"""Every draw algorithm name (the manifest's and the result's ``algorithm``) and the hash it uses (draw-v1 §12,
draw-v2 §1, draw-v3 §1)."""


def algorithm_name(hash_with: HashAlgorithm | str = SHA256, version: int = 1) -> str:
    """The draw algorithm name for a hash and a version: ``"draw-v1"`` for SHA-256, ``"draw-v1-sm3"`` for SM3
    (§12); ``"draw-v2"`` and ``"draw-v2-sm3"`` for version 2; ``"draw-v3"`` and ``"draw-v3-sm3"`` for 3."""
    name = hash_algorithm(hash_with).name
    prefix = f"draw-v{version}"
    return next(a for a, h in ALGORITHMS.items() if h == name and (a == prefix or a.startswith(prefix + "-")))


def algorithm_version(name: str) -> int:
    """1, 2 or 3: the version of a draw algorithm name (refused as :func:`algorithm_hash` refuses it)."""
    algorithm_hash(name)
    return int(name.removeprefix("draw-v")[0])


def algorithm_hash(name: str) -> HashAlgorithm:
    """The hash of a draw algorithm name (§12).

    Raises:
        InvalidInputError: a name that is not one of :data:`ALGORITHMS`.
    """
    if not isinstance(name, str) or name not in ALGORITHMS:
        raise InvalidInputError(tr("unknown draw algorithm {name!r}", name=name), where=tr("the draw algorithm"),
                                fix=tr("use one of {algorithms}", algorithms=', '.join(ALGORITHMS)))
    return hash_algorithm(ALGORITHMS[name])


def _check(value: Any, path: str) -> None:
    if isinstance(value, float):
        raise InvalidInputError(tr("a floating-point number {value!r} in the manifest", value=value), where=path,
                                fix=tr("give ratios as [p, q] integers"))
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise InvalidInputError(tr("a key {k!r} that is not text", k=k), where=path, fix=tr("use text keys"))
            _check(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check(v, f"{path}[{i}]")
    elif not (value is None or isinstance(value, (str, int, bool))):
        raise InvalidInputError(tr("a {name} in the manifest", name=type(value).__name__), where=path,
                                fix=tr("use only text, integers, booleans, null, lists and objects"))


def canonical_json(value: Any) -> bytes:
    """The canonical form of §3: sorted keys, no white space, UTF-8, no floats."""
    _check(value, "$")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


_BATCH = 10_000


class Encoded:
    """The items of a streamed list already in canonical form, one UTF-8 text each (the bytes ``canonical_json``
    would write for the item): :func:`canonical_chunks` joins them as they are. ``batched``: each text is
    already several items joined by commas (and none is empty)."""

    __slots__ = ("batched", "items")

    def __init__(self, items: Iterable[bytes], batched: bool = False) -> None:
        self.items = items
        self.batched = batched


def canonical_chunks(value: dict[str, Any], streamed: dict[str, Iterable[Any] | Encoded]) -> Iterator[bytes]:
    """The canonical form of ``value`` with the long lists of ``streamed`` encoded a batch at a time, so that a
    manifest of a million subjects is hashed without being held as one text. The streamed items come from the
    manifest's typed entries (text, integers, booleans, null only), so they are not searched for floats; a list
    given as :class:`Encoded` texts is joined as it is."""
    keys = sorted({*value, *streamed}, key=lambda k: k.encode("utf-8"))
    yield b"{"
    for i, key in enumerate(keys):
        yield (b"," if i else b"") + canonical_json(key) + b":"
        if key not in streamed:
            yield canonical_json(value[key])
            continue
        yield b"["
        first = True
        for batch in _encoded_batches(streamed[key]):
            yield (b"" if first else b",") + batch
            first = False
        yield b"]"
    yield b"}"


def _encoded_batches(items: Iterable[Any] | Encoded) -> Iterator[bytes]:
    """The items a batch at a time, each batch as the comma-separated canonical UTF-8 texts of its items."""
    if isinstance(items, Encoded):
        if items.batched:
            yield from items.items
            return
        encoded = iter(items.items)
        while batch := b",".join(itertools.islice(encoded, _BATCH)):
            yield batch
        return
    for items_of_batch in _batches(items):
        yield json.dumps(items_of_batch, ensure_ascii=False, sort_keys=True, separators=(",", ":"))[1:-1] \
            .encode("utf-8")


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def hash_chunks(chunks: Iterable[bytes], hash_with: HashAlgorithm = SHA256) -> str:
    """hex(H) of the concatenated chunks (SHA-256 unless another hash is named)."""
    digest = hash_with.new()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def derive_seed(manifest_hash: str, public_input: str, hash_with: HashAlgorithm = SHA256,
                algorithm: str | None = None) -> bytes:
    """§5: H(algorithm ‖ 0x00 ‖ manifest_hash ‖ 0x00 ‖ public_input), where algorithm is the manifest's draw
    algorithm name (by default draw-v1's name of the hash, ``"draw-v1"`` for SHA-256)."""
    return hash_with.digest(
        (algorithm or algorithm_name(hash_with)).encode() + b"\x00" + manifest_hash.encode() + b"\x00"
        + public_input.encode("utf-8")
    )


def ticket(seed: bytes, purpose: str, x: str, hash_with: HashAlgorithm = SHA256) -> bytes:
    """§5: H(seed ‖ purpose ‖ 0x00 ‖ x)."""
    return hash_with.digest(seed + purpose.encode() + b"\x00" + x.encode("utf-8"))
