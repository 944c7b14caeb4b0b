"""The public ledger listing: every entry shows, a plan committed and never drawn among them; a citizen's check
finds an edit, a deletion, a rewrite and a cut tail against a published head; bodies with personal data or of
private kinds are withheld, never shown."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.errors import DataError, LedgerBroken
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import Manifest, build_manifest, draw
from random_inspection.store import EntryKind, Store
from random_inspection.store.ledger import entry_body, entry_hash
from random_inspection.store.listing import (
    NOT_PUBLIC,
    PERSONAL_DATA,
    ListedEntry,
    PublicListing,
    check_listing,
    public_listing,
)
from random_inspection.workflow import InspectionKind, InspectionRecord, Step, draw_rules
from tests.store_support import AS, fresh_store

D = dt.date
SUBJECTS, INSPECTORS, CHECKLIST = load_demo_data()
REGISTRY = ProfileRegistry()


def _manifest(plan_id: str) -> Manifest:
    profile = REGISTRY.resolve("xuchang", D(2025, 9, 1))
    return build_manifest(plan_id, "four dice", r"[1-6]( [1-6]){3}", (D(2025, 9, 1), D(2025, 9, 30)),
                          SUBJECTS, INSPECTORS, CHECKLIST, draw_rules(profile, team_size=2))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store("sqlite", tmp_path)


def _listing(store: Store) -> PublicListing:
    return public_listing(store.entries(), store.hash_algorithm, allowed=[s.uscc for s in SUBJECTS])


def _siblings(store: Store) -> None:
    """Two sibling plans with the same rosters, committed before the dice; only one is drawn."""
    kept, dropped = _manifest("XC-2025-09A"), _manifest("XC-2025-09B")
    store.commit_plan(kept, at="2025-08-30T10:00:00+08:00", **AS)
    store.commit_plan(dropped, at="2025-08-30T10:01:00+08:00", **AS)
    store.record_draw(kept, draw(kept, "1 2 3 4"), at="2025-09-01T09:00:00+08:00", **AS)


def test_a_plan_committed_and_never_drawn_shows_in_the_listing(store: Store) -> None:
    _siblings(store)
    listing = _listing(store)
    assert listing.plans() == {"XC-2025-09A": ["plan_committed", "draw_executed"],
                               "XC-2025-09B": ["plan_committed"]}
    assert check_listing(listing, [listing.head]) == 3
    commit = json.loads(listing.entries[1].body or "")
    assert commit["payload"]["manifest_hash"] == _manifest("XC-2025-09B").hash


def test_the_listing_round_trips_and_a_citizen_checks_it_from_its_json(store: Store) -> None:
    _siblings(store)
    text = json.dumps(_listing(store).to_json(), ensure_ascii=False)
    again = PublicListing.from_json(json.loads(text))
    assert again == _listing(store)
    assert check_listing(again, [(store.entries()[-1].seq, store.head())]) == 3


@pytest.mark.parametrize("data", [{}, {"version": "ledger-listing-v9", "ledger": "ledger-v1", "entries": []},
                                  {"version": "ledger-listing-v1", "ledger": "md5", "entries": []},
                                  {"version": "ledger-listing-v1", "ledger": "ledger-v1", "entries": [{"seq": 1}]},
                                  []])
def test_a_malformed_listing_is_a_data_error(data: object) -> None:
    with pytest.raises(DataError, match="cannot read the ledger listing"):
        PublicListing.from_json(data)


def _record(subject: str, opinion: str = "") -> InspectionRecord:
    return InspectionRecord(subject, "XC-2025-09A", InspectionKind.DOUBLE_RANDOM, "yjj", ["XC001"], ["YJ-001"],
                            opinion=opinion, events={Step.ENDED: D(2025, 9, 10)})


def test_private_kinds_and_bodies_with_personal_data_are_withheld_but_listed(store: Store) -> None:
    kept = _manifest("XC-2025-09A")
    store.commit_plan(kept, at="2025-08-30T10:00:00+08:00", **AS)
    store.record_draw(kept, draw(kept, "1 2 3 4"), at="2025-09-01T09:00:00+08:00", **AS)
    store.record_draw(kept, draw(kept, "6 6 6 6"), reason="平台故障，抽取结果未保存，经批准重新抽取",
                      at="2025-09-01T09:10:00+08:00", **AS)
    drawn = store.current_draw("XC-2025-09A")
    assert drawn is not None
    subject = drawn.subjects[0]
    store.record_result(attrs.evolve(_record(subject, opinion="无"), team=drawn.team(subject)),
                        at="2025-09-10T17:00:00+08:00", **AS)
    # a reason with personal data is refused before it is recorded; a public entry written by an earlier version
    # with such text in it is withheld by the listing, never shown
    store.append(EntryKind.PUBLISHED, {"content_hash": "0" * 64, "note": "经办人电话 138-1234-5678"},
                 plan_id="XC-2025-09A", at="2025-09-11T09:00:00+08:00", **AS)
    listing = _listing(store)
    by_kind = {e.kind: e for e in listing.entries}
    assert by_kind["published"].body is None and by_kind["published"].withheld == PERSONAL_DATA
    assert by_kind["result_recorded"].body is None and by_kind["result_recorded"].withheld == NOT_PUBLIC
    assert by_kind["redraw"].withheld is None and "平台故障" in (by_kind["redraw"].body or "")
    assert by_kind["plan_committed"].withheld is None and by_kind["plan_committed"].body is not None
    assert [e.kind for e in listing.entries] == ["plan_committed", "draw_executed", "redraw", "draw_executed",
                                                 "result_recorded", "published"]
    text = json.dumps(listing.to_json(), ensure_ascii=False)
    assert "138-1234-5678" not in text
    assert check_listing(listing, [listing.head]) == 6


def _edit(listing: PublicListing, index: int, **changes: object) -> PublicListing:
    entries = list(listing.entries)
    entries[index] = attrs.evolve(entries[index], **changes)  # type: ignore[arg-type]
    return attrs.evolve(listing, entries=tuple(entries))


class TestACitizensCheck:
    @pytest.fixture
    def listing(self, store: Store) -> PublicListing:
        _siblings(store)
        return _listing(store)

    def test_an_edited_body_is_found(self, listing: PublicListing) -> None:
        body = (listing.entries[1].body or "").replace("XC-2025-09B", "XC-2025-09C")
        with pytest.raises(LedgerBroken, match="does not hash") as info:
            check_listing(_edit(listing, 1, body=body))
        assert info.value.seq == 2

    def test_a_deleted_entry_is_found(self, listing: PublicListing) -> None:
        cut = attrs.evolve(listing, entries=(listing.entries[0], listing.entries[2]))
        with pytest.raises(LedgerBroken, match="entry 2 is missing"):
            check_listing(cut)

    def test_a_shown_field_that_is_not_the_bodys_is_found(self, listing: PublicListing) -> None:
        with pytest.raises(LedgerBroken, match="not what its body says"):
            check_listing(_edit(listing, 1, plan_id="XC-2025-09A"))
        with pytest.raises(LedgerBroken, match="not what its body says"):
            check_listing(_edit(listing, 1, at="2025-08-29T10:00:00+08:00"))

    def test_a_cut_tail_is_found_against_the_published_head(self, listing: PublicListing) -> None:
        published = listing.head
        cut = attrs.evolve(listing, entries=listing.entries[:-1])
        assert check_listing(cut) == 2  # whole in itself ...
        with pytest.raises(LedgerBroken, match="published head"):
            check_listing(cut, [published])  # ... but the head published before is gone

    def test_a_consistent_rewrite_is_found_against_the_published_head(self, listing: PublicListing) -> None:
        """The operator drops the sibling plan and re-chains every hash: whole in itself, not what was published."""
        published = listing.head
        first = listing.entries[0]
        draw_entry = listing.entries[2]
        data = json.loads(draw_entry.body or "")
        body = entry_body(2, EntryKind.DRAW_EXECUTED, data["plan_id"], data["at"], data["payload"], data["actor"])
        hashed = entry_hash(first.entry_hash, body)
        forged = attrs.evolve(listing, entries=(first, attrs.evolve(draw_entry, seq=2, body=body,
                                                                    prev_hash=first.entry_hash, entry_hash=hashed)))
        assert check_listing(forged) == 2
        with pytest.raises(LedgerBroken, match="published head"):
            check_listing(forged, [published])

    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(index=st.integers(0, 2), field=st.sampled_from(["prev_hash", "entry_hash", "body"]),
           position=st.integers(0, 10_000), char=st.characters(codec="utf-8"))
    def test_any_one_character_changed_is_found(self, listing: PublicListing, index: int, field: str,
                                               position: int, char: str) -> None:
        entry: ListedEntry = listing.entries[index]
        value = getattr(entry, field)
        at = position % len(value)
        changed = value[:at] + char + value[at + 1:]
        if changed == value:
            return
        with pytest.raises(LedgerBroken):
            check_listing(_edit(listing, index, **{field: changed}), [listing.head])
