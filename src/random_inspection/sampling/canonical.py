"""Canonical JSON and hashing for draw-v1 (docs/spec/draw-v1.md §2-§5)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from random_inspection.errors import InvalidInputError

__all__ = ["ALGORITHM", "canonical_chunks", "canonical_json", "derive_seed", "hash_chunks", "ticket"]

ALGORITHM = "draw-v1"


def _check(value: Any, path: str) -> None:
    if isinstance(value, float):
        raise InvalidInputError(f"a floating-point number {value!r} in the manifest", where=path,
                                fix="give ratios as [p, q] integers")
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise InvalidInputError(f"a key {k!r} that is not text", where=path, fix="use text keys")
            _check(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check(v, f"{path}[{i}]")
    elif not (value is None or isinstance(value, (str, int, bool))):
        raise InvalidInputError(f"a {type(value).__name__} in the manifest", where=path,
                                fix="use only text, integers, booleans, null, lists and objects")


def canonical_json(value: Any) -> bytes:
    """The canonical form of §3: sorted keys, no white space, UTF-8, no floats."""
    _check(value, "$")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


_BATCH = 10_000


def canonical_chunks(value: dict[str, Any], streamed: dict[str, Iterable[Any]]) -> Iterator[bytes]:
    """The canonical form of ``value`` with the long lists of ``streamed`` encoded a batch at a time, so that a
    manifest of a million subjects is hashed without being held as one text. The streamed items come from the
    manifest's typed entries (text, integers, booleans, null only), so they are not searched for floats."""
    keys = sorted({*value, *streamed}, key=lambda k: k.encode("utf-8"))
    yield b"{"
    for i, key in enumerate(keys):
        yield (b"," if i else b"") + canonical_json(key) + b":"
        if key not in streamed:
            yield canonical_json(value[key])
            continue
        yield b"["
        first = True
        for batch in _batches(streamed[key]):
            text = json.dumps(batch, ensure_ascii=False, sort_keys=True, separators=(",", ":"))[1:-1]
            yield (b"" if first else b",") + text.encode("utf-8")
            first = False
        yield b"]"
    yield b"}"


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def hash_chunks(chunks: Iterable[bytes]) -> str:
    """hex(SHA-256) of the concatenated chunks."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def derive_seed(manifest_hash: str, public_input: str) -> bytes:
    """§5: H("draw-v1" ‖ 0x00 ‖ manifest_hash ‖ 0x00 ‖ public_input)."""
    return hashlib.sha256(
        ALGORITHM.encode() + b"\x00" + manifest_hash.encode() + b"\x00" + public_input.encode("utf-8")
    ).digest()


def ticket(seed: bytes, purpose: str, x: str) -> bytes:
    """§5: H(seed ‖ purpose ‖ 0x00 ‖ x)."""
    return hashlib.sha256(seed + purpose.encode() + b"\x00" + x.encode("utf-8")).digest()
