"""verify of a result read as JSON: the claimed fields are compared with what the re-run holds, field by field,
without writing the re-run's JSON; a result with any one field changed is named as when the re-run's JSON was
written and compared (the comparison kept here as the oracle)."""

from __future__ import annotations

import collections
import copy
import functools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.sampling import DrawResult, Manifest, draw, engine, verify

from .test_draw_columns import large

COMPARED = ("seed", "strata", "subjects", "reserve", "teams", "items")
"""The fields verify compares after the re-run (changing one changes nothing the re-run reads)."""


@functools.cache
def drawn() -> tuple[Manifest, DrawResult]:
    manifest = large()
    return manifest, draw(manifest, "123")


def by_json(manifest: Manifest, claimed: dict[str, Any]) -> str | None:
    """The comparison verify made before: the re-run's JSON written whole and compared field by field."""
    again = engine.rerun(manifest, claimed).to_json()
    fields = ["algorithm", "manifest_hash", "seed", "strata", "subjects", "reserve", "teams", "items", "recusals"]
    return next((f for f in fields if claimed.get(f) != again[f]), None)


def _changed_list(data: st.DrawFn, value: list[Any]) -> Any:
    how = data(st.sampled_from(("drop", "append", "swap", "replace", "tuple", "same")))
    out = list(value)
    at = data(st.integers(0, len(out) - 1))
    if how == "drop":
        del out[at]
    elif how == "append":
        out.append(copy.deepcopy(out[at]))
    elif how == "swap":
        other = data(st.integers(0, len(out) - 1))
        out[at], out[other] = out[other], out[at]
    elif how == "replace":
        out[at] = data(st.sampled_from((None, "", "91000000", 0, [], {})))
    elif how == "tuple":
        return tuple(out)
    return out


def _changed_object(data: st.DrawFn, value: dict[str, list[str]]) -> Any:
    how = data(st.sampled_from(("drop", "add", "value", "value-tuple", "reorder", "ordered", "list", "same")))
    keys = list(value)
    key = data(st.sampled_from(keys))
    if how == "drop":
        return {k: v for k, v in value.items() if k != key}
    if how == "add":
        return {**value, data(st.sampled_from(("91999999", key + "x", ""))): list(value[key])}
    if how == "value":
        return {**value, key: _changed_list(data, value[key]) if value[key] else ["P00"]}
    if how == "value-tuple":
        return {**value, key: tuple(value[key])}
    if how == "reorder":
        return dict(reversed(value.items()))
    if how == "ordered":
        return collections.OrderedDict(value)
    if how == "list":
        return list(value.items())
    return dict(value)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(COMPARED), st.booleans(), st.data())
def test_a_result_with_one_field_changed_is_named_as_by_its_json(field: str, remove: bool, data: st.DataObject) -> None:
    manifest, result = drawn()
    published = result.to_json()
    claimed = copy.deepcopy(published)
    if remove:
        del claimed[field]
    elif isinstance(published[field], dict):
        claimed[field] = _changed_object(data.draw, published[field])
    elif isinstance(published[field], list):
        claimed[field] = _changed_list(data.draw, published[field])
    else:
        claimed[field] = data.draw(st.sampled_from(("0" * 64, published[field][:-1], None, published[field])))
    named = verify(manifest, claimed)
    assert named == by_json(manifest, claimed)
    assert named == (field if claimed.get(field, ()) != published[field] else None)


def test_every_compared_field_of_the_published_result_is_the_same() -> None:
    _, result = drawn()
    published = result.to_json()
    fields = ("algorithm", "manifest_hash", *COMPARED, "recusals")
    assert not [f for f in fields if engine._differs(published[f], result, f)]
    assert [f for f in COMPARED if engine._differs(None, result, f)] == list(COMPARED)
