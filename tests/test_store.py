"""The store on SQLite and on PostgreSQL: the hash-chained ledger finds every edit, deletion, insertion and
reordering and names the first bad entry; redraws need a reason and are disclosed; the yearly caps read their
history from the store; migrations are versioned; eight processes appending at once never fork the chain."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.errors import LedgerBroken, PersonalDataError, RedrawRefused, SchemaVersionError, StoreError
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import Manifest, Recusal, build_manifest, draw
from random_inspection.store import GENESIS, MIGRATIONS, Ed25519Signer, EntryKind, Store, check_chain
from random_inspection.store.ledger import entry_body, entry_hash
from random_inspection.store.schema import inspections, ledger, metadata, schema_version
from random_inspection.timelimits import WorkingCalendar
from random_inspection.workflow import (
    InspectionKind,
    InspectionPlan,
    InspectionRecord,
    Step,
    disclose,
    draw_rules,
    obligations,
)
from tests.store_support import AS, KEYS, OFFICE, fresh_store, store_url

D = dt.date
KINDS = ["sqlite", "postgresql"]
SUBJECTS, INSPECTORS, CHECKLIST = load_demo_data()
REGISTRY = ProfileRegistry()


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(request.param, tmp_path)


def filled(store: Store, n: int = 6) -> list[str]:
    """n entries; returns their hashes."""
    return [store.append(EntryKind.PUBLISHED, {"n": i, "text": f"第{i}条"}, plan_id=f"P{i % 2}",
                         at=f"2025-10-{i + 1:02d}T09:00:00+08:00", **AS).entry_hash for i in range(n)]


def _rows(store: Store) -> list[dict[str, object]]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(ledger).order_by(ledger.c.seq))]


def _execute(store: Store, *statements: sa.Executable) -> None:
    with store.engine.begin() as conn:
        for statement in statements:
            conn.execute(statement)


def drawn_plan(store: Store, plan_id: str, subjects: list[str], year: int = 2026, team_size: int = 1) -> Manifest:
    """A plan of ``subjects`` (all drawn), committed and drawn in ``store``: its results are then accepted."""
    profile = REGISTRY.resolve("xuchang", D(2025, 9, 1))
    manifest = build_manifest(plan_id, "four dice", r"[1-6]( [1-6]){3}", (D(year, 1, 1), D(year, 12, 31)),
                              [s for s in SUBJECTS if s.uscc in subjects], INSPECTORS, CHECKLIST,
                              draw_rules(profile, team_size=team_size, ratio=Fraction(1, 1)))
    store.commit_plan(manifest, **AS)
    store.record_draw(manifest, draw(manifest, "1 2 3 4"), **AS)
    return manifest


def inspected(store: Store, subject: str, plan_id: str, day: dt.date, department: str = "yjj",
              **events: dt.date) -> InspectionRecord:
    """A double-random inspection of ``subject`` by its team in force, recorded in ``store`` (the plan committed
    and drawn first, if it is not)."""
    if store.in_force(plan_id).draw is None:
        drawn_plan(store, plan_id, [subject], day.year)
    team = store.in_force(plan_id).team(subject, department)
    assert team is not None
    record = InspectionRecord(subject, plan_id, InspectionKind.DOUBLE_RANDOM, department, team, (),
                              events={Step.ENDED: day, **{Step[k]: v for k, v in events.items()}})
    store.record_result(record, **AS)
    return record


def _broken_at(store: Store, head: str | None = None) -> int:
    with pytest.raises(LedgerBroken) as info:
        store.verify(head)
    return info.value.seq


class TestLedger:
    def test_a_chain_verifies_and_its_entries_read_back(self, store: Store) -> None:
        hashes = filled(store)
        assert store.verify(store.head()) == 6 and store.head() == hashes[-1]
        entries = store.entries(plan_id="P1")
        assert [e.payload["n"] for e in entries] == [1, 3, 5]
        assert entries[0].at == "2025-10-02T09:00:00+08:00" and entries[0].kind is EntryKind.PUBLISHED
        assert store.entries()[0].prev_hash == GENESIS

    def test_an_edit_is_found_at_the_edited_entry(self, store: Store) -> None:
        filled(store)
        row = _rows(store)[2]
        forged = str(row["body"]).replace('"n":2', '"n":20')
        _execute(store, sa.update(ledger).where(ledger.c.seq == 3).values(body=forged))
        assert _broken_at(store) == 3

    def test_an_edit_with_its_hash_recomputed_breaks_the_next_link(self, store: Store) -> None:
        filled(store)
        row = _rows(store)[2]
        forged = str(row["body"]).replace('"n":2', '"n":20')
        _execute(store, sa.update(ledger).where(ledger.c.seq == 3)
                 .values(body=forged, entry_hash=entry_hash(str(row["prev_hash"]), forged)))
        assert _broken_at(store) == 4

    def test_a_deletion_is_named(self, store: Store) -> None:
        filled(store)
        _execute(store, sa.delete(ledger).where(ledger.c.seq == 3))
        with pytest.raises(LedgerBroken, match="entry 3 is missing") as info:
            store.verify()
        assert info.value.seq == 3

    def test_an_insertion_is_found(self, store: Store) -> None:
        filled(store)
        rows = _rows(store)
        # make room at 3 (highest first, so the key stays unique), then a well-formed forged entry there
        _execute(store, *(sa.update(ledger).where(ledger.c.seq == s).values(seq=s + 1) for s in range(6, 2, -1)))
        body = entry_body(3, EntryKind.PUBLISHED, "P0", None, {"n": 99}, OFFICE.to_json())
        hashed = entry_hash(str(rows[1]["entry_hash"]), body)
        forger = Ed25519Signer.generate()  # not the office's key
        _execute(store, sa.insert(ledger).values(seq=3, kind="published", plan_id="P0", body=body,
                                                 prev_hash=rows[1]["entry_hash"], entry_hash=hashed, actor=OFFICE.id,
                                                 algorithm=forger.algorithm,
                                                 signature=forger.sign(hashed.encode()).hex()))
        assert _broken_at(store) == 4  # the forged entry links well; the one after it no longer does
        with pytest.raises(LedgerBroken, match="signature") as info:
            store.verify(keys=KEYS)  # with the keys, the forged entry's signature is found first
        assert info.value.seq == 3

    def test_a_reordering_is_found(self, store: Store) -> None:
        filled(store)
        _execute(store, sa.update(ledger).where(ledger.c.seq == 3).values(seq=-3),
                 sa.update(ledger).where(ledger.c.seq == 4).values(seq=3),
                 sa.update(ledger).where(ledger.c.seq == -3).values(seq=4))
        assert _broken_at(store) == 3

    def test_cutting_the_end_off_is_found_against_the_published_head(self, store: Store) -> None:
        filled(store)
        head = store.head()
        store.append(EntryKind.PUBLISHED, {"n": 6}, **AS)
        assert store.verify(head) == 7  # the ledger grew since the head was published: that is fine
        _execute(store, sa.delete(ledger).where(ledger.c.seq >= 6))
        assert store.verify() == 5  # the chain itself is whole ...
        with pytest.raises(LedgerBroken, match="no entry carries the published head") as info:
            store.verify(head)  # ... but the published head is gone
        assert info.value.seq == 6

    def test_an_edit_of_the_kind_column_alone_is_found(self, store: Store) -> None:
        filled(store)
        _execute(store, sa.update(ledger).where(ledger.c.seq == 2).values(kind="redraw"))
        assert _broken_at(store) == 2

    def test_payloads_must_be_canonical_json(self, store: Store) -> None:
        with pytest.raises(ValueError, match="float"):
            store.append(EntryKind.PUBLISHED, {"share": 0.9}, **AS)
        assert store.verify() == 0


MUTATIONS = ["edit", "edit and rehash", "relink", "delete", "swap with next", "kind column"]


@given(st.lists(st.integers(0, 10**6), min_size=2, max_size=12), st.data())
def test_any_single_change_to_a_chain_is_found_at_it_or_the_next_entry(values: list[int],
                                                                        data: st.DataObject) -> None:
    rows, prev = [], GENESIS
    for seq, v in enumerate(values, start=1):
        body = entry_body(seq, EntryKind.PUBLISHED, None, None, {"v": v})
        hashed = entry_hash(prev, body)
        rows.append((seq, "published", None, body, prev, hashed))
        prev = hashed
    assert check_chain(rows, prev) == len(values)
    at = data.draw(st.integers(0, len(rows) - 2))  # not the last: cutting the end is the head's to catch
    how = data.draw(st.sampled_from(MUTATIONS))
    seq, kind, plan, body, link, hashed = rows[at]
    edited = body.replace('"v":', '"v":1')
    mutated = list(rows)
    if how == "edit":
        mutated[at] = (seq, kind, plan, edited, link, hashed)
    elif how == "edit and rehash":
        mutated[at] = (seq, kind, plan, edited, link, entry_hash(link, edited))
    elif how == "relink":
        mutated[at] = (seq, kind, plan, body, "f" * 64, hashed)
    elif how == "delete":
        del mutated[at]
    elif how == "swap with next":
        mutated[at], mutated[at + 1] = (seq, *rows[at + 1][1:]), (seq + 1, *rows[at][1:])
    else:
        mutated[at] = (seq, "redraw", plan, body, link, hashed)
    with pytest.raises(LedgerBroken) as info:
        check_chain(mutated, prev)
    assert info.value.seq == (seq + 1 if how == "edit and rehash" else seq), how


class TestDrawsAndRedraws:
    def manifest(self, public: str = "four dice", reserve: int = 1) -> Manifest:
        profile = REGISTRY.resolve("xuchang", D(2025, 9, 1))
        return build_manifest("XC-2025-09", public, r"[1-6]( [1-6]){3}", (D(2025, 9, 1), D(2025, 9, 30)),
                              SUBJECTS, INSPECTORS, CHECKLIST, draw_rules(profile, team_size=2, reserve=reserve))

    def test_a_draw_needs_a_committed_plan_and_a_redraw_a_reason(self, store: Store) -> None:
        manifest = self.manifest()
        first = draw(manifest, "1 2 3 4")
        with pytest.raises(RedrawRefused, match=r"not the plan.s latest committed manifest"):
            store.record_draw(manifest, first, **AS)
        store.commit_plan(manifest, at="2025-08-30T10:00:00+08:00", **AS)
        store.record_draw(manifest, first, **AS)
        second = draw(manifest, "6 6 1 2")
        with pytest.raises(RedrawRefused, match="drawn already"):
            store.record_draw(manifest, second, **AS)
        store.record_draw(manifest, second, reason="平台故障，抽取结果未保存，经批准重新抽取", **AS)
        kinds = [e.kind for e in store.entries(plan_id=manifest.plan_id)]
        assert kinds == [EntryKind.PLAN_COMMITTED, EntryKind.DRAW_EXECUTED, EntryKind.REDRAW, EntryKind.DRAW_EXECUTED]
        in_force = store.current_draw(manifest.plan_id)
        assert in_force == second and in_force.public_input == "6 6 1 2"  # a typed DrawResult, the redraw's
        (redraw,) = store.redraws(manifest.plan_id)
        assert redraw.set_aside is not None and redraw.set_aside.public_input == "1 2 3 4"
        assert redraw.set_aside.seed == first.seed and redraw.reason == "平台故障，抽取结果未保存，经批准重新抽取"
        plan = InspectionPlan(manifest.plan_id, "xuchang", ("yjj",), manifest.window, [c.code for c in CHECKLIST])
        public = disclose(REGISTRY.resolve("xuchang", D(2025, 9, 30)), plan, second, [],
                          {s.uscc: s for s in SUBJECTS}, {p.id: p for p in INSPECTORS},
                          redraws=store.redraws(plan.plan_id))
        assert public.redraws == (redraw,)
        (entry,) = store.entries(plan_id=plan.plan_id, kind=EntryKind.REDRAW)  # published as the ledger holds it
        assert public.to_json()["redraws"] == [{"entry": entry.seq, "at": entry.at, **entry.payload}]
        assert store.verify() == 4

    def test_a_result_of_another_manifest_or_a_forged_one_is_refused(self, store: Store) -> None:
        manifest = self.manifest()
        store.commit_plan(manifest, **AS)
        with pytest.raises(RedrawRefused, match="not a draw of this manifest"):
            store.record_draw(manifest, draw(self.manifest("another source"), "1 2 3 4"), **AS)
        result = draw(manifest, "1 2 3 4")
        forged = attrs.evolve(result, subjects=tuple(reversed(result.subjects)))
        with pytest.raises(RedrawRefused, match="does not verify"):
            store.record_draw(manifest, forged, **AS)
        assert store.entries(kind=EntryKind.DRAW_EXECUTED) == []

    def test_a_plan_holds_one_manifest_at_a_time(self, store: Store) -> None:
        first, second = self.manifest(), self.manifest("another source")
        entry = store.commit_plan(first, **AS)
        assert store.commit_plan(first, **AS) == entry  # the same manifest again: nothing new
        with pytest.raises(RedrawRefused, match="committed already"):
            store.commit_plan(second, **AS)  # several manifests, keeping the one whose draw one likes: refused
        store.commit_plan(second, reason="名录库更正：两户已注销", **AS)
        with pytest.raises(RedrawRefused, match=r"not the plan.s latest committed manifest"):
            store.record_draw(first, draw(first, "1 2 3 4"), **AS)
        store.record_draw(second, draw(second, "1 2 3 4"), **AS)
        commits = store.entries(kind=EntryKind.PLAN_COMMITTED)
        assert [c.payload.get("reason") for c in commits] == [None, "名录库更正：两户已注销"]

    def test_a_reason_with_personal_data_is_never_recorded(self, store: Store) -> None:
        # every reason is disclosed as written: a phone, an ID number or a home address is refused at the door
        plan = self.manifest(reserve=1)
        store.commit_plan(plan, **AS)
        with pytest.raises(PersonalDataError, match=r"new manifest for plan XC-2025-09: reason: 手机号码"):
            store.commit_plan(self.manifest("another source"), reason="名录库更正，联系138 1234 5678", **AS)
        result = draw(plan, "1 2 3 4")
        store.record_draw(plan, result, **AS)
        with pytest.raises(PersonalDataError, match=r"redraw of plan XC-2025-09: reason: 公民身份号码"):
            store.record_draw(plan, draw(plan, "4 3 2 1"), reason="申请人身份证410102900307001", **AS)
        stratum, (spare,) = result.reserve[0]
        gone = next(s for s in result.subjects if {e.id: e.area for e in plan.subjects}[s] == stratum)
        with pytest.raises(PersonalDataError, match="住址"):
            store.record_reserve_used(plan.plan_id, stratum, gone, spare, "负责人家住幸福里3号楼2单元501室", **AS)
        subject, (member, *_) = result.teams[0]
        with pytest.raises(PersonalDataError, match=r"recusal of .* in plan XC-2025-09: reason: 手机号码"):
            store.record_recusal(plan, Recusal(subject, member, "replace", "近亲属"), details="亲属 +8613812345678",
                                 **AS)
        assert [e.kind for e in store.entries()] == [EntryKind.PLAN_COMMITTED, EntryKind.DRAW_EXECUTED]

    def test_reserve_recusal_result_duty_and_publication_are_entries(self, store: Store) -> None:
        plan = self.manifest(reserve=1)
        result = draw(plan, "1 2 3 4")
        store.commit_plan(plan, **AS)
        store.record_draw(plan, result, **AS)
        stratum, (spare,) = result.reserve[0]
        areas = {e.id: e.area for e in plan.subjects}
        gone = next(s for s in result.subjects if areas[s] == stratum)
        with pytest.raises(ValueError, match="not a drawn subject"):
            store.record_reserve_used(plan.plan_id, stratum, spare, spare, "已注销", **AS)
        with pytest.raises(ValueError, match="not the next reserve"):
            store.record_reserve_used(plan.plan_id, stratum, gone, SUBJECTS[-1].uscc, "已注销", **AS)
        store.record_reserve_used(plan.plan_id, stratum, gone, spare, "已注销", **AS)
        with pytest.raises(ValueError, match="none left"):
            store.record_reserve_used(plan.plan_id, stratum, spare, spare, "已注销", **AS)
        subject = result.subjects[-1] if result.subjects[-1] != gone else result.subjects[0]
        leaving = result.team(subject)[0]
        store.record_recusal(plan, Recusal(subject, leaving, "replace", "近亲属"), details="配偶在该企业任职", **AS)
        team = store.in_force(plan.plan_id).team(subject)
        assert team is not None and leaving not in team
        record = InspectionRecord(subject, plan.plan_id, InspectionKind.DOUBLE_RANDOM, "yjj", team,
                                  ("YJ-001",), events={Step.ENDED: D(2025, 9, 30), Step.FED_BACK: D(2025, 10, 9)})
        store.record_result(record, **AS)
        (feedback, _) = obligations(record, REGISTRY.resolve("xuchang", D(2025, 9, 30)), WorkingCalendar.default())
        store.record_obligation_met(feedback, **AS)
        store.record_publication(plan.plan_id, {"inspections": [subject]}, **AS)
        entries = store.entries()
        assert [e.kind for e in entries][2:] == [EntryKind.RESERVE_USED, EntryKind.RECUSAL,
                                                 EntryKind.RESULT_RECORDED, EntryKind.OBLIGATION_MET,
                                                 EntryKind.PUBLISHED]
        assert entries[2].payload["replaced"] == gone and entries[2].payload["reserve"] == spare
        assert entries[3].payload["reason"] == "近亲属" and entries[3].payload["details"] == "配偶在该企业任职"
        assert entries[4].payload["steps"] == {"检查结束": "2025-09-30", "反馈检查结果": "2025-10-09"}
        assert entries[5].payload["met_on"] == "2025-10-09" and entries[5].payload["due"] == "2025-10-14"
        with pytest.raises(ValueError, match="empty reason"):
            store.record_reserve_used(plan.plan_id, stratum, "a", "b", " ", **AS)


class TestHistory:
    def test_the_cap_counts_what_the_store_holds(self, store: Store) -> None:
        capped, other = SUBJECTS[0].uscc, SUBJECTS[1].uscc
        for i in range(4):
            inspected(store, capped, f"LST-{i}", D(2026, 3 + i, 10))
        store.record_result(InspectionRecord(other, "C-1", InspectionKind.OTHER, "yjj", (), (),
                                             events={Step.ENDED: D(2026, 5, 1)}, trigger="投诉、举报"), **AS)
        inspected(store, other, "LST-2025", D(2025, 12, 1))
        assert store.history(2026) == {capped: 4}
        assert store.history(2026, kinds=list(InspectionKind)) == {capped: 4, other: 1}
        profile = REGISTRY.resolve("lengshuitan", D(2026, 12, 1))
        manifest = build_manifest("LST-2026-12", "four dice", r"[1-6]( [1-6]){3}", (D(2026, 12, 1), D(2026, 12, 31)),
                                  SUBJECTS, INSPECTORS, CHECKLIST,
                                  draw_rules(profile, team_size=2, ratio=Fraction(1, 1)), history=store.history(2026))
        result = draw(manifest, "4 2 6 1")
        assert capped not in result.subjects and other in result.subjects  # 冷水滩 第十五条: 4 a year

    def test_one_inspection_counts_once(self, store: Store) -> None:
        subject = SUBJECTS[0].uscc
        profile = REGISTRY.resolve("xuchang", D(2025, 9, 1))
        joint = build_manifest("J-1", "four dice", r"[1-6]( [1-6]){3}", (D(2026, 1, 1), D(2026, 12, 31)),
                               [SUBJECTS[0]], INSPECTORS, CHECKLIST, draw_rules(profile, team_size=1, count=1))
        store.commit_plan(joint, departments=("yjj", "scjgj"), **AS)
        store.record_draw(joint, draw(joint, "1 2 3 4"), **AS)
        for department in ("yjj", "scjgj"):  # a joint inspection stored per department
            inspected(store, subject, "J-1", D(2026, 4, 1), department)
        inspected(store, subject, "J-1", D(2026, 4, 1), FED_BACK=D(2026, 4, 3))
        assert store.history(2026) == {subject: 1}

    def test_a_committed_plan_keeps_the_history_it_was_built_from(self, store: Store) -> None:
        first = SUBJECTS[0].uscc
        inspected(store, first, "LST-1", D(2026, 3, 10))
        profile = REGISTRY.resolve("lengshuitan", D(2026, 12, 1))

        def manifest() -> Manifest:
            return build_manifest("LST-2026-12", "four dice", r"[1-6]( [1-6]){3}", (D(2026, 12, 1), D(2026, 12, 31)),
                                  SUBJECTS, INSPECTORS, CHECKLIST, draw_rules(profile, team_size=2, count=2),
                                  history=store.history_for("LST-2026-12", 2026))
        assert store.history_for("LST-2026-12", 2026) == store.history(2026) == {first: 1}  # not committed yet
        committed = manifest()
        store.commit_plan(committed, **AS)
        drawn = draw(committed, "1 2 3 4")
        store.record_draw(committed, drawn, **AS)
        second = drawn.subjects[0]
        assert second != first
        inspected(store, second, "LST-2026-12", D(2026, 12, 10))
        assert store.history(2026) == {first: 1, second: 1}
        assert store.history_for("LST-2026-12", 2026) == {first: 1}  # as it stood at the commit
        assert store.history(2026, before=store.committed("LST-2026-12").seq) == {first: 1}  # type: ignore[union-attr]
        assert manifest().hash == committed.hash  # rebuilt later, the same manifest: its draw still verifies
        assert store.committed("other") is None

    def test_the_history_is_checked_against_the_ledger(self, store: Store) -> None:
        drawn_plan(store, "P", [s.uscc for s in SUBJECTS[:3]])
        for i in range(3):
            inspected(store, SUBJECTS[i].uscc, "P", D(2026, 4, 1))
        assert store.verify() == 5
        _execute(store, sa.update(inspections).where(inspections.c.seq == 4).values(year=2025))
        assert _broken_at(store) == 4  # a subject taken out of this year's count: found
        _execute(store, sa.update(inspections).where(inspections.c.seq == 4).values(year=2026),
                 sa.delete(inspections).where(inspections.c.seq == 5))
        assert _broken_at(store) == 5

    def test_a_record_without_a_day_is_refused(self, store: Store) -> None:
        with pytest.raises(ValueError, match="no day"):
            store.record_result(InspectionRecord("X", "P", InspectionKind.DOUBLE_RANDOM, "yjj", ("a",), ()), **AS)


class TestMigrations:
    @pytest.mark.parametrize("kind", KINDS)
    def test_versions_step_up_and_keep_the_data(self, kind: str, tmp_path: Path) -> None:
        for store in fresh_store(kind, tmp_path, migrate=False):
            assert store.version == 0
            assert store.migrate(to=1) == 1
            body = entry_body(1, EntryKind.PUBLISHED, None, None, {"n": 1})  # as the first version wrote it
            _execute(store, sa.text("INSERT INTO ri_ledger (seq, kind, plan_id, body, prev_hash, entry_hash) "
                                    "VALUES (1, 'published', NULL, :body, :prev, :hash)").bindparams(
                body=body, prev=GENESIS, hash=entry_hash(GENESIS, body)))
            with pytest.raises(SchemaVersionError, match="version 1"):
                Store.open(store_url(kind, tmp_path), migrate=False)
            assert store.migrate() == MIGRATIONS[-1].version
            assert store.verify(keys=KEYS) == 1  # an unsigned entry of an old ledger still verifies
            store.append(EntryKind.PUBLISHED, {"n": 2}, **AS)
            assert store.verify(keys=KEYS) == 2
            assert [e.actor for e in store.entries()] == [None, OFFICE.to_json()]
            assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))

    def test_the_migrated_schema_is_the_one_the_code_uses(self, store: Store) -> None:
        with store.engine.connect() as conn:
            found = sa.inspect(conn)
            for table in metadata.tables.values():
                columns = {c["name"]: c["nullable"] for c in found.get_columns(table.name)}
                assert columns == {c.name: c.nullable for c in table.columns}, table.name
                assert found.get_pk_constraint(table.name)["constrained_columns"] == [
                    c.name for c in table.primary_key.columns], table.name
            assert "ri_inspection_by_year" in {i["name"] for i in found.get_indexes("ri_inspection")}

    def test_a_newer_database_is_refused(self, store: Store) -> None:
        _execute(store, sa.insert(schema_version).values(version=99, description="from the future"))
        with pytest.raises(SchemaVersionError, match="version 99"):
            store.migrate()


def _append_many(url: str, worker: int, count: int) -> None:
    store = Store.open(url)
    for i in range(count):
        store.append(EntryKind.PUBLISHED, {"worker": worker, "i": i}, actor=OFFICE, signer=Ed25519Signer.generate())
    store.close()


@pytest.mark.parametrize("kind", KINDS)
def test_eight_processes_appending_at_once_never_fork_or_lose(kind: str, tmp_path: Path) -> None:
    for store in fresh_store(kind, tmp_path):
        url, workers, each = store_url(kind, tmp_path), 8, 40
        context = multiprocessing.get_context("spawn")
        processes = [context.Process(target=_append_many, args=(url, w, each)) for w in range(workers)]
        for p in processes:
            p.start()
        for p in processes:
            p.join(180)
        assert [p.exitcode for p in processes] == [0] * workers
        assert store.verify() == workers * each  # one chain: numbers 1..n, each linking to the one before
        seen = sorted((e.payload["worker"], e.payload["i"]) for e in store.entries())
        assert seen == [(w, i) for w in range(workers) for i in range(each)]  # nothing lost, nothing twice


def test_an_open_reader_does_not_hold_up_a_writer_on_sqlite(tmp_path: Path) -> None:
    for store in fresh_store("sqlite", tmp_path):
        filled(store, 2)
        with store.engine.connect() as reader:  # a read transaction left open
            assert reader.execute(sa.select(sa.func.count()).select_from(ledger)).scalar() == 2
            other = Store.open(tmp_path / "store.sqlite3")
            other.append(EntryKind.PUBLISHED, {"n": 2}, **AS)  # another writer gets through at once
            other.close()
        assert store.verify() == 3


def test_a_store_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "missing" / "store.sqlite3"
    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open(folder)
