"""The cycle collector paused around the citizen's check (the read of a published manifest, the claimed result's
JSON, the verify): off inside, put back as it was however the block ends, and nothing of the draw changed."""

from __future__ import annotations

import gc
import io
import threading
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.collector import collector_paused
from random_inspection.errors import DataError
from random_inspection.sampling import engine, published, verify

from .test_verify_json import drawn


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    was_on = gc.isenabled()
    yield
    if was_on:
        gc.enable()
    else:
        gc.disable()


@given(st.booleans(), st.integers(0, 3), st.booleans())
def test_the_collector_is_off_inside_and_as_it_was_after(on: bool, depth: int, fails: bool) -> None:
    (gc.enable if on else gc.disable)()
    frozen = gc.get_freeze_count()

    def nest(level: int) -> None:
        with collector_paused():
            assert not gc.isenabled()
            if level:
                nest(level - 1)
                assert not gc.isenabled()  # an inner block leaves it off until the outermost ends
            elif fails:
                raise ValueError("inside")

    if fails:
        with pytest.raises(ValueError, match="inside"):
            nest(depth)
    else:
        nest(depth)
    assert gc.isenabled() == on
    assert gc.get_freeze_count() == frozen  # nothing left frozen


def test_objects_made_inside_are_collected_later_if_they_hold_a_cycle() -> None:
    gc.enable()
    with collector_paused():
        loop: list[object] = []
        loop.append(loop)
        del loop
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.collect() >= 1  # the cycle made while paused is still found


def _seen_off(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[bool]:
    """Record whether the collector was on each time ``module.name`` was called."""
    seen: list[bool] = []
    inner = getattr(module, name)

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return inner(*args, **kwargs)
    monkeypatch.setattr(module, name, spy)
    return seen


@settings(max_examples=10, deadline=None)
@given(st.booleans())
def test_verify_and_the_read_run_with_the_collector_off_and_give_the_same(on: bool) -> None:
    manifest, result = drawn()
    with pytest.MonkeyPatch.context() as patch:
        (gc.enable if on else gc.disable)()
        in_verify = _seen_off(patch, engine, "_draw")
        in_read = _seen_off(patch, published, "_read")
        assert verify(manifest, result.to_json()) is None
        claimed = result.to_json()
        claimed["seed"] = "0" * 64
        assert verify(manifest, claimed) == "seed"
        again = published.read_published_manifest(io.BytesIO(manifest.canonical()))
        assert again.hash == manifest.hash and again.subjects == manifest.subjects
        assert verify(again, result) is None
        with pytest.raises(DataError):
            published.read_published_manifest(io.BytesIO(manifest.canonical()[:-5]))
        assert gc.isenabled() == on  # put back, also after a refusal
    assert in_verify == [False, False, False] and in_read == [False, False]


def test_blocks_of_two_threads_that_overlap_leave_it_off_until_both_end() -> None:
    gc.enable()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())  # the first thread's block ended: still off, this one is open
        seen.append(gc.isenabled())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [False, True]
    assert gc.isenabled()
