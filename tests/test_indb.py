"""draw-v1's subject selection inside PostgreSQL equals the in-process draw on the same data: strata counts,
drawn subjects in order, reserve lists — over counts, ratios, ratios by credit class, directed conditions,
yearly caps by class, several strata fields and reserves."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.errors import InfeasibleDrawError, InvalidInputError, StoreError
from random_inspection.sampling import (
    DrawRules,
    InputField,
    InspectorEntry,
    Manifest,
    PublicInputSpec,
    Sample,
    SubjectEntry,
    TeamSpec,
    draw,
)
from random_inspection.sampling.canonical import canonical_json
from random_inspection.store import Store, indb
from random_inspection.store.indb import (
    SubjectSelection,
    load_snapshot,
    manifest_frame,
    select_subjects,
    ticket_bound,
)
from random_inspection.store.schema import SUBJECT_ENTRY_FUNCTION, snapshot
from tests.store_support import fresh_store

AREAS = ("411002", "411003", "411023", "411024", "411025", "411081", "411082")
CLASSES = ("A", "B", "C", "D")


def subjects(n: int, seed: int) -> list[SubjectEntry]:
    rng = random.Random(seed)  # test data only; the draw itself uses no generator
    out = []
    for i in range(n):
        domain = rng.choice(("工贸", "危险化学品", "非煤矿山"))
        out.append(SubjectEntry(
            f"9141{i:06d}{rng.randrange(10**8):08d}", rng.choice(AREAS), domain,
            rng.choice(("冶金", "机械", "轻工")) if domain == "工贸" else None,
            rng.choice(("企业", "个体工商户")), rng.choice((None, "机械", "建材", "纺|织")),
            rng.choice((None, *CLASSES)), rng.random() > 0.05, rng.random() < 0.1, rng.randrange(6),
        ))
    return out


PEOPLE = tuple(InspectorEntry(f"P{i:03d}", "yjj", (), ()) for i in range(300))


def manifest(entries: list[SubjectEntry], rules: DrawRules, plan: str = "DB-1") -> Manifest:
    return Manifest(plan, "dice", r"[1-6]( [1-6]){3}", (dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
                    sorted(entries, key=lambda s: s.id.encode()), PEOPLE, (), rules)


@pytest.fixture
def pg(tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store("postgresql", tmp_path)


_NAMES = itertools.count()


def select_subjects_in_process(m: Manifest, public_input: str) -> SubjectSelection:
    result = draw(m, public_input)
    return SubjectSelection(result.seed, result.strata, result.subjects, result.reserve)


def same_as_in_process(store: Store, m: Manifest, public_input: str, name: str,
                       bound: Callable[[int, int], bytes | None] = ticket_bound) -> None:
    name = f"{name}#{next(_NAMES)}"  # a snapshot is frozen once: hypothesis may replay an example
    load_snapshot(store, name, m.subjects)
    inside = select_subjects(store, name, m, public_input, bound=bound)
    outside = draw(m, public_input)
    assert inside.seed == outside.seed
    assert inside.strata == outside.strata
    assert inside.subjects == outside.subjects
    assert inside.reserve == outside.reserve


CASES = {
    "count over areas": DrawRules(Sample(count=40), TeamSpec(1), strata=("area",), reserve=2),
    "ratio, one stratum": DrawRules(Sample(ratio=(1, 10)), TeamSpec(1)),
    "ratios by credit class": DrawRules(Sample(ratio_by="credit_risk", ratios=(("A", (1, 20)), ("B", (1, 10)),
                                                                               ("C", (1, 5)), ("D", (1, 2)))),
                                        TeamSpec(1), strata=("credit_risk", "area"), reserve=1),
    "directed, capped by class": DrawRules(Sample(ratio=(1, 5)), TeamSpec(1), strata=("domain",),
                                           conditions=(("subject_type", ("企业",)), ("area", AREAS[:4])),
                                           yearly_cap=4, class_caps=(("A", 1), ("D", 5)), reserve=3),
    "class caps only, null stratum values": DrawRules(Sample(count=25), TeamSpec(1), strata=("industry",),
                                                      class_caps=(("B", 2),)),
    "by sector, directed to two sectors": DrawRules(Sample(count=30), TeamSpec(1), strata=("sector", "area"),
                                                    conditions=(("sector", ("冶金", "轻工")),), reserve=1),
}


def test_drop_all_leaves_neither_the_tables_nor_the_entry_function(pg: Store) -> None:
    """A database emptied by ``Store.drop_all`` holds nothing of the store: no table, and not the function
    ``ri_subject_entry`` that migration 8 made for the snapshot's generated column."""
    def left() -> tuple[int, int]:
        with pg.engine.connect() as conn:
            return (conn.exec_driver_sql("SELECT count(*) FROM pg_proc WHERE proname = 'ri_subject_entry'")
                    .scalar_one(),
                    conn.execute(sa.text("SELECT count(*) FROM pg_tables WHERE starts_with(tablename, 'ri_')"))
                    .scalar_one())
    assert left()[0] == 1 and left()[1] > 0  # made by the migrations
    pg.drop_all()
    assert left() == (0, 0)


@pytest.mark.parametrize("case", list(CASES))
def test_the_database_draws_what_the_process_draws(pg: Store, case: str) -> None:
    same_as_in_process(pg, manifest(subjects(3000, 7), CASES[case]), "3 1 4 1", case)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10**6), st.integers(1, 30), st.sampled_from([(), ("area",), ("credit_risk",),
                                                                    ("domain", "area")]),
       st.integers(0, 3), st.sampled_from([None, 2, 4]), st.sampled_from(["1 1 1 1", "6 5 4 3"]),
       st.integers(0, 2**32 - 1))
def test_random_plans_agree(pg: Store, seed: int, per_mille: int, strata: tuple[str, ...], reserve: int,
                            cap: int | None, public_input: str, bound_word: int) -> None:
    """Random plans, each drawn under a random ticket bound (the same one for every stratum, keeping from none
    to all of it): the database selects what the process selects."""
    rules = DrawRules(Sample(ratio=(per_mille, 1000)), TeamSpec(1), strata=strata, reserve=reserve, yearly_cap=cap)
    same_as_in_process(pg, manifest(subjects(800, seed), rules), public_input, f"h{seed}-{per_mille}-{strata}"
                       f"-{reserve}-{cap}-{public_input}", bound=lambda take, eligible: bound_word.to_bytes(4, "big"))


def test_the_same_errors(pg: Store) -> None:
    entries = subjects(200, 3)
    too_many = manifest(entries, DrawRules(Sample(count=10_000), TeamSpec(1)))
    load_snapshot(pg, "big", too_many.subjects)
    with pytest.raises(InfeasibleDrawError, match="only"):
        select_subjects(pg, "big", too_many, "1 2 3 4")
    with pytest.raises(ValueError, match=r"contains '\|'"):  # "纺|织" in a stratum of two fields (spec §6)
        select_subjects(pg, "big", manifest(entries, DrawRules(Sample(count=5), TeamSpec(1),
                                                               strata=("industry", "area"))), "1 2 3 4")
    with pytest.raises(StoreError, match="exists already"):
        load_snapshot(pg, "big", too_many.subjects)
    with pytest.raises(StoreError, match="200 subjects"):
        select_subjects(pg, "big", manifest(entries[:100], DrawRules(Sample(count=5), TeamSpec(1))), "1 2 3 4")
    nothing = manifest(entries, DrawRules(Sample(count=1), TeamSpec(1), conditions=(("area", ()),)))
    load_snapshot(pg, "empty condition", nothing.subjects)
    with pytest.raises(InfeasibleDrawError, match="only 0 are eligible"):  # a condition no value meets
        select_subjects(pg, "empty condition", nothing, "1 2 3 4")


FROZEN = snapshot.c.snapshot == "frozen"
TAMPERINGS: dict[str, Callable[[list[str]], sa.Executable]] = {
    "a field changed": lambda ids: sa.update(snapshot).where(FROZEN, snapshot.c.id == ids[0])
    .values(history=snapshot.c.history + 7),
    "a null field given a value": lambda ids: sa.update(snapshot).where(FROZEN, snapshot.c.id == ids[1])
    .values(industry="建材"),
    "a row added": lambda ids: sa.insert(snapshot).values(
        snapshot="frozen", id="9141999999999999999", area=AREAS[0], domain="工贸", sector=None, subject_type="企业",
        industry=None, credit_risk=None, in_existence=True, exempt=False, history=0),
    "a row removed": lambda ids: sa.delete(snapshot).where(FROZEN, snapshot.c.id == ids[-1]),
    # the rows that carry the manifest's head and tail in the check: the first row gone, a row before it
    "the first row removed": lambda ids: sa.delete(snapshot).where(FROZEN, snapshot.c.id == ids[0]),
    "a row added before the first": lambda ids: sa.insert(snapshot).values(
        snapshot="frozen", id="0000000000000000000", area=AREAS[0], domain="工贸", sector=None, subject_type="企业",
        industry=None, credit_risk=None, in_existence=True, exempt=False, history=0),
}


@pytest.mark.parametrize("tampering", list(TAMPERINGS))
def test_a_snapshot_edited_after_it_was_frozen_is_refused(pg: Store, tampering: str) -> None:
    """The database rebuilds the manifest's canonical form from the snapshot's rows: a row changed, added or
    removed by SQL after the freeze makes another hash, and the draw is refused, saying what and how to fix."""
    entries = subjects(300, 5)
    entries[1] = attrs.evolve(entries[1], industry=None)
    m = manifest(entries, DrawRules(Sample(count=20), TeamSpec(1), yearly_cap=3))
    load_snapshot(pg, "frozen", m.subjects)
    assert select_subjects(pg, "frozen", m, "2 2 2 2").subjects == draw(m, "2 2 2 2").subjects
    with pg.engine.begin() as conn:
        conn.execute(TAMPERINGS[tampering]([s.id for s in m.subjects]))
    with pytest.raises(StoreError, match="a row changed, added or removed since it was frozen") as info:
        select_subjects(pg, "frozen", m, "2 2 2 2")
    assert info.value.where == "the store's snapshots" and "new snapshot" in info.value.fix
    size = 301 if tampering.startswith("a row added") else 299 if tampering.endswith("removed") else 300
    assert f"{size} subjects" in info.value.what



@pytest.mark.parametrize("emptied", ["a stratum's rows removed", "a stratum's rows made ineligible"])
def test_a_stratum_emptied_by_sql_is_refused_by_the_check_not_drawn_short(pg: Store, emptied: str) -> None:
    """The eligible counts come from the manifest's subjects, which the check proves the snapshot's rows are: a
    stratum emptied by SQL leaves the selection with fewer subjects than the manifest's counts take, and the
    draw is refused as a snapshot that is not the manifest's (the check's word comes first), never drawn short
    or drawn from the rows that are left."""
    m = manifest(subjects(600, 8), CASES["count over areas"])
    load_snapshot(pg, "frozen", m.subjects)
    assert select_subjects(pg, "frozen", m, "5 5 5 5").subjects == draw(m, "5 5 5 5").subjects
    with pg.engine.begin() as conn:
        if emptied.endswith("removed"):
            conn.execute(sa.delete(snapshot).where(FROZEN, snapshot.c.area == AREAS[2]))
        else:
            conn.execute(sa.update(snapshot).where(FROZEN, snapshot.c.area == AREAS[2]).values(in_existence=False))
    with pytest.raises(StoreError, match="a row changed, added or removed since it was frozen") as info:
        select_subjects(pg, "frozen", m, "5 5 5 5")
    assert info.value.where == "the store's snapshots"

NULLED: dict[str, list[str]] = {
    "rows added with a NULL area": ["ALTER TABLE ri_snapshot_subject ALTER COLUMN area DROP NOT NULL",
                                    "INSERT INTO ri_snapshot_subject (snapshot, id, area, domain, subject_type, "
                                    "in_existence, exempt, history) SELECT 'frozen', '9141000000ZZ' || "
                                    "lpad(g::text, 4, '0'), NULL, '工贸', '企业', true, false, 0 "
                                    "FROM generate_series(0, 39) AS g"],
    "a field of a drawn row made NULL": ["ALTER TABLE ri_snapshot_subject ALTER COLUMN domain DROP NOT NULL",
                                         "UPDATE ri_snapshot_subject SET domain = NULL WHERE id = "
                                         "(SELECT min(id) FROM ri_snapshot_subject)"],
}


@pytest.mark.parametrize("row_by_row", [False, True])
@pytest.mark.parametrize("nulled", list(NULLED))
def test_rows_whose_canonical_json_is_null_are_refused(pg: Store, monkeypatch: pytest.MonkeyPatch, nulled: str,
                                                       row_by_row: bool) -> None:
    """``string_agg`` skips NULL: a row whose generated entry is NULL (its NOT NULL constraint dropped by SQL,
    a field made NULL) would be drawn yet add nothing to the hash. Rows planted so were drawn before; now the
    check counts every row and the rows with an entry, and refuses the snapshot where they differ."""
    if row_by_row:
        too_long = "SELECT 0, 0, repeat('x', 1073741824) FROM ri_snapshot_subject WHERE snapshot = :snapshot " \
                   "AND length(:head) >= 0 AND length(:tail) >= 0 AND length(:first) >= 0 AND length(:last) >= 0"
        monkeypatch.setattr(indb, "_CHECK_SQL", too_long)
        monkeypatch.setattr(indb, "_SORTED_CHECK_SQL", too_long)
    m = manifest(subjects(300, 5), DrawRules(Sample(ratio=(1, 2)), TeamSpec(1)))
    load_snapshot(pg, "frozen", m.subjects)
    assert select_subjects(pg, "frozen", m, "2 2 2 2").subjects == draw(m, "2 2 2 2").subjects
    with pg.engine.begin() as conn:
        for statement in NULLED[nulled]:
            conn.exec_driver_sql(statement)
    with pytest.raises(StoreError, match="without their canonical JSON") as info:
        select_subjects(pg, "frozen", m, "2 2 2 2")
    assert info.value.where == "the store's snapshots" and "new snapshot" in info.value.fix


@pytest.mark.parametrize("tampering", [None, *TAMPERINGS])
def test_a_snapshot_beyond_one_text_is_checked_row_by_row(pg: Store, monkeypatch: pytest.MonkeyPatch,
                                                          tampering: str | None) -> None:
    """A snapshot whose joined text PostgreSQL cannot hold (beyond 1 GB, about 5,000,000 subjects) is hashed
    row by row from the database's own canonical rows instead: the same draw, and the same refusal of a row
    changed, added or removed. The limit is reached here by a query that asks PostgreSQL for a text of 1 GiB."""
    too_long = "SELECT 0, repeat('x', 1073741824) FROM ri_snapshot_subject WHERE snapshot = :snapshot " \
               "AND length(:head) >= 0 AND length(:tail) >= 0"
    monkeypatch.setattr(indb, "_CHECK_SQL", too_long)
    monkeypatch.setattr(indb, "_SORTED_CHECK_SQL", too_long)
    entries = subjects(300, 5)
    entries[1] = attrs.evolve(entries[1], industry=None)
    m = manifest(entries, DrawRules(Sample(count=20), TeamSpec(1), yearly_cap=3))
    load_snapshot(pg, "frozen", reversed(m.subjects))
    assert select_subjects(pg, "frozen", m, "2 2 2 2").subjects == draw(m, "2 2 2 2").subjects
    if tampering is None:
        return
    with pg.engine.begin() as conn:
        conn.execute(TAMPERINGS[tampering]([s.id for s in m.subjects]))
    with pytest.raises(StoreError, match="a row changed, added or removed since it was frozen"):
        select_subjects(pg, "frozen", m, "2 2 2 2")


def test_a_snapshot_whose_rows_lie_out_of_id_order_still_draws(pg: Store) -> None:
    """Rows read as they lie hash to the manifest's hash only in id order; rows loaded in another order are
    read again sorted, and the draw is the same."""
    m = manifest(subjects(500, 6), CASES["count over areas"])
    load_snapshot(pg, "reversed", reversed(m.subjects))
    assert select_subjects(pg, "reversed", m, "4 4 4 4") == select_subjects_in_process(m, "4 4 4 4")


def test_the_rows_are_written_as_the_manifest_writes_them(pg: Store) -> None:
    """Each row's generated canonical JSON is the manifest's, byte for byte, for text that JSON escapes."""
    odd = ['a"b', "back\\slash", "tab\there", "line\nbreak", "bell\x07", "del\x7f", "中文\u2028", "😀"]
    entries = [SubjectEntry(f"ID{i:02d}-{text}", text, "工贸", None if i % 2 else text, "企业", text, None, True,
                            bool(i % 3), i) for i, text in enumerate(odd)]
    m = manifest(entries, DrawRules(Sample(count=3), TeamSpec(1)))
    load_snapshot(pg, "odd", m.subjects)
    with pg.engine.connect() as conn:
        rows = conn.execute(sa.select(snapshot.c.entry).where(snapshot.c.snapshot == "odd")
                            .order_by(snapshot.c.id.collate("C"))).scalars().all()
    assert [row.encode("utf-8") for row in rows] == [canonical_json(s.to_json()) for s in m.subjects]
    assert select_subjects(pg, "odd", m, "1 1 1 1") == select_subjects_in_process(m, "1 1 1 1")


def test_the_snapshot_check_itself_tampered_with_is_refused(pg: Store) -> None:
    """What ties a row's fields to the text that is hashed — the generated column and its function — cannot be
    changed without the draw noticing."""
    m = manifest(subjects(100, 8), DrawRules(Sample(count=5), TeamSpec(1)))
    load_snapshot(pg, "frozen", m.subjects)
    with pg.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE ri_snapshot_subject ALTER COLUMN entry DROP EXPRESSION")
        conn.execute(sa.update(snapshot).values(in_existence=True))  # the texts hashed no longer follow
    with pytest.raises(StoreError, match="no longer generated by ri_subject_entry") as info:
        select_subjects(pg, "frozen", m, "1 2 3 4")
    assert "migration 8" in info.value.fix


def test_a_function_replaced_is_refused(pg: Store) -> None:
    m = manifest(subjects(100, 8), DrawRules(Sample(count=5), TeamSpec(1)))
    load_snapshot(pg, "frozen", m.subjects)
    body = SUBJECT_ENTRY_FUNCTION.replace("'}'; END", "'} '; END")
    try:
        with pg.engine.begin() as conn:
            conn.exec_driver_sql(body)
        with pytest.raises(StoreError, match="no longer generated by ri_subject_entry"):
            select_subjects(pg, "frozen", m, "1 2 3 4")
    finally:
        with pg.engine.begin() as conn:
            conn.exec_driver_sql(SUBJECT_ENTRY_FUNCTION)
    # put back, the function is younger than the snapshot's rows, whose stored entries it did not make: refused
    # until the subjects are loaded again
    with pytest.raises(StoreError, match="replaced after rows of snapshot 'frozen' were written"):
        select_subjects(pg, "frozen", m, "1 2 3 4")
    load_snapshot(pg, "frozen again", m.subjects)
    assert select_subjects(pg, "frozen again", m, "1 2 3 4") == select_subjects_in_process(m, "1 2 3 4")


def test_a_field_changed_while_the_function_was_swapped_is_refused(pg: Store) -> None:
    """A stored generated column is not made again when its function is replaced: an insider who swaps the
    function for one that ignores a field, updates that field of a drawn subject (its entry stays as it was, so
    the hash still matches), and puts the function back, had that subject left out of the draw with no
    refusal. The function is now required to be older than every row of the snapshot."""
    m = manifest(subjects(300, 5), DrawRules(Sample(count=20), TeamSpec(1)))
    load_snapshot(pg, "frozen", m.subjects)
    victim = draw(m, "2 2 2 2").subjects[0]
    blind = SUBJECT_ENTRY_FUNCTION.replace("CASE WHEN in_existence THEN 'true' ELSE 'false' END", "'true'")
    assert blind != SUBJECT_ENTRY_FUNCTION
    with pg.engine.begin() as conn:
        conn.exec_driver_sql(blind)
        conn.execute(sa.update(snapshot).where(FROZEN, snapshot.c.id == victim).values(in_existence=False))
        conn.exec_driver_sql(SUBJECT_ENTRY_FUNCTION)
    with pytest.raises(StoreError, match="replaced after rows"):
        select_subjects(pg, "frozen", m, "2 2 2 2")


def test_an_operator_of_the_writers_own_path_does_not_make_the_entries(pg: Store) -> None:
    """An insider who puts a schema with an operator ``||`` of their own first in their session's path of names,
    then takes drawn subjects out of existence, had the generated entries computed through that operator (which
    wrote them back in existence), so the hash still matched and the subjects silently dropped out of the draw.
    The function runs with pg_catalog alone as its path (migration 9): the entries say what the rows say, and the
    snapshot is refused as not the manifest's."""
    subjects_ = [SubjectEntry(f"ID{i:05d}", "411002", "工贸", None, "企业", None, None, True, False, 0)
                 for i in range(400)]
    m = manifest(subjects_, DrawRules(Sample(count=20), TeamSpec(1)))
    load_snapshot(pg, "frozen", m.subjects)
    drawn = draw(m, "1 2 3 4").subjects[:10]
    try:
        with pg.engine.begin() as conn:
            conn.exec_driver_sql("CREATE SCHEMA evil")
            conn.exec_driver_sql(
                "CREATE FUNCTION evil.cat(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT CASE "
                "WHEN b = '}' THEN pg_catalog.replace(pg_catalog.textcat(a, b), '\"in_existence\":false', "
                "'\"in_existence\":true') ELSE pg_catalog.textcat(a, b) END $$")
            conn.exec_driver_sql("CREATE OPERATOR evil.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.cat)")
            conn.exec_driver_sql("SET LOCAL search_path = evil, pg_catalog, public")
            conn.execute(sa.update(snapshot).where(FROZEN, snapshot.c.id.in_(drawn)).values(in_existence=False))
            entry = conn.execute(sa.select(snapshot.c.entry).where(FROZEN, snapshot.c.id == drawn[0])).scalar_one()
        assert '"in_existence":false' in entry  # the entry says what the row says
        with pytest.raises(StoreError, match="is not the 400 subjects of manifest"):
            select_subjects(pg, "frozen", m, "1 2 3 4")
    finally:
        with pg.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS evil CASCADE")


def test_the_function_run_in_the_writers_path_again_is_refused(pg: Store) -> None:
    m = manifest(subjects(100, 9), DrawRules(Sample(count=5), TeamSpec(1)))
    load_snapshot(pg, "frozen", m.subjects)
    try:
        with pg.engine.begin() as conn:
            conn.exec_driver_sql(f"ALTER FUNCTION {indb.SUBJECT_ENTRY_SIGNATURE} RESET search_path")
        with pytest.raises(StoreError, match="no longer generated by ri_subject_entry"):
            select_subjects(pg, "frozen", m, "1 2 3 4")
    finally:
        with pg.engine.begin() as conn:
            conn.exec_driver_sql(SUBJECT_ENTRY_FUNCTION)


@pytest.mark.parametrize("alteration", [
    "ALTER COLUMN industry TYPE text COLLATE ci",
    "ALTER COLUMN industry TYPE varchar(200)",
    "ALTER COLUMN area TYPE text COLLATE ci",
])
def test_a_column_altered_to_compare_otherwise_is_refused(pg: Store, alteration: str) -> None:
    """A column made case- and width-blind (a nondeterministic collation) or of another type, with the entry
    column dropped and made again over it (the same expression, rows newer than the function): a condition on
    industry matched "Metal" and "ｍｅｔａｌ" for "metal", and with strata by it the join matched a row to several
    strata (the same subject drawn twice). The snapshot's columns must be as the migrations made them."""
    rows = [SubjectEntry(f"ID{i:05d}", ("411002", "411002 ")[i % 2], "工贸", None, "企业",
                         ("metal", "Metal", "ｍｅｔａｌ", None)[i % 4], None, True, False, 0) for i in range(400)]
    m = manifest(rows, DrawRules(Sample(count=30), TeamSpec(1), conditions=(("industry", ("metal",)),),
                                 strata=("industry",), reserve=2))
    load_snapshot(pg, "frozen", m.subjects)
    try:
        with pg.engine.begin() as conn:
            conn.exec_driver_sql("CREATE COLLATION IF NOT EXISTS ci "
                                 "(provider = icu, locale = 'und-u-ks-level1', deterministic = false)")
            conn.exec_driver_sql("ALTER TABLE ri_snapshot_subject DROP COLUMN entry")
            conn.exec_driver_sql(f"ALTER TABLE ri_snapshot_subject {alteration}")
            conn.exec_driver_sql("ALTER TABLE ri_snapshot_subject ADD COLUMN entry TEXT GENERATED ALWAYS AS "
                                 f"({indb.SUBJECT_ENTRY_COLUMN}) STORED")
        with pytest.raises(StoreError, match="type and collation"):
            select_subjects(pg, "frozen", m, "1 2 3 4")
    finally:
        pg.drop_all()
        with pg.engine.begin() as conn:
            conn.exec_driver_sql("DROP COLLATION IF EXISTS ci")


@pytest.mark.parametrize("trick", ["row-level security", "a view in the table's place"])
def test_a_table_that_shows_the_check_other_rows_than_the_draw_is_refused(pg: Store, trick: str) -> None:
    """A row-level security policy (or a view put before the table in the path of names) can look at the text
    of the query and hide a drawn subject from the selection but not from the check. The snapshot's name must
    be a plain table with no row-level security."""
    m = manifest(subjects(300, 5), DrawRules(Sample(count=20), TeamSpec(1)))
    load_snapshot(pg, "frozen", m.subjects)
    victim = draw(m, "2 2 2 2").subjects[0]
    with pg.engine.begin() as conn:
        if trick == "row-level security":
            conn.exec_driver_sql("ALTER TABLE ri_snapshot_subject ENABLE ROW LEVEL SECURITY")
            conn.exec_driver_sql("ALTER TABLE ri_snapshot_subject FORCE ROW LEVEL SECURITY")
            conn.exec_driver_sql(f"CREATE POLICY hide ON ri_snapshot_subject USING (id <> '{victim}' OR "
                                 "current_query() LIKE '%%string_agg%%' OR current_query() LIKE '%%SELECT entry%%')")
        else:
            conn.exec_driver_sql("CREATE SCHEMA shadow")
            conn.exec_driver_sql(f"CREATE VIEW shadow.ri_snapshot_subject AS SELECT * FROM public.ri_snapshot_subject "
                                 f"WHERE id <> '{victim}' OR current_query() LIKE '%%string_agg%%'")
            conn.exec_driver_sql("SELECT set_config('search_path', 'shadow, public', false)")
    try:
        if trick != "row-level security":
            with pg.engine.begin() as conn:
                user = conn.exec_driver_sql("SELECT current_user").scalar_one()
                database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
                conn.exec_driver_sql(f'ALTER ROLE "{user}" IN DATABASE "{database}" '
                                     "SET search_path = shadow, public")
            pg.engine.dispose()  # new connections take the role's path
        with pytest.raises(StoreError, match="not the plain table"):
            select_subjects(pg, "frozen", m, "2 2 2 2")
    finally:
        with pg.engine.begin() as conn:
            conn.exec_driver_sql("DROP POLICY IF EXISTS hide ON public.ri_snapshot_subject")
            conn.exec_driver_sql("ALTER TABLE public.ri_snapshot_subject NO FORCE ROW LEVEL SECURITY")
            conn.exec_driver_sql("ALTER TABLE public.ri_snapshot_subject DISABLE ROW LEVEL SECURITY")
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS shadow CASCADE")
            user = conn.exec_driver_sql("SELECT current_user").scalar_one()
            database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
            conn.exec_driver_sql(f'ALTER ROLE "{user}" IN DATABASE "{database}" RESET search_path')
        pg.engine.dispose()


def test_sha256_shadowed_by_a_schema_before_pg_catalog_draws_as_in_process(pg: Store) -> None:
    """A schema put before pg_catalog in the role's search_path with its own sha256 (one that favours a
    subject) once changed the draw without a refusal: the check and the selection now put pg_catalog first."""
    m = manifest(subjects(300, 5), DrawRules(Sample(count=20), TeamSpec(1)))
    load_snapshot(pg, "frozen", m.subjects)
    with pg.engine.begin() as conn:
        user = conn.exec_driver_sql("SELECT current_user").scalar_one()
        database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
        conn.exec_driver_sql("CREATE SCHEMA evil")
        conn.exec_driver_sql("CREATE FUNCTION evil.sha256(bytea) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE "
                             "AS $$SELECT CASE WHEN length($1) < 200 THEN '\\x00'::bytea "
                             "ELSE pg_catalog.sha256($1) END$$")
        conn.exec_driver_sql(f'ALTER ROLE "{user}" IN DATABASE "{database}" SET search_path = evil, pg_catalog, public')
    pg.engine.dispose()
    try:
        assert select_subjects(pg, "frozen", m, "2 2 2 2") == select_subjects_in_process(m, "2 2 2 2")
    finally:
        with pg.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA evil CASCADE")
            conn.exec_driver_sql(f'ALTER ROLE "{user}" IN DATABASE "{database}" RESET search_path')
        pg.engine.dispose()


BOUNDS = {
    "keeps nothing": lambda take, eligible: b"",
    "keeps about half": lambda take, eligible: (((take // 2) << 256) // max(eligible, 1)).to_bytes(32, "big"),
    "keeps a tenth": lambda take, eligible: (((take // 10) << 256) // max(eligible, 1)).to_bytes(32, "big"),
    "no bound": lambda take, eligible: None,
}


@pytest.mark.parametrize("bound", list(BOUNDS))
def test_the_ticket_bound_changes_the_time_never_the_result(pg: Store, bound: str) -> None:
    """A bound that keeps too few of a stratum (none, half, a tenth) sends that stratum through again in full."""
    m = manifest(subjects(3000, 7), CASES["directed, capped by class"])
    load_snapshot(pg, "bounded", m.subjects)
    assert select_subjects(pg, "bounded", m, "3 1 4 1", bound=BOUNDS[bound]) == select_subjects_in_process(
        m, "3 1 4 1")


@pytest.mark.parametrize("count", [0, 1, 7])
def test_the_manifest_frame_holds_its_subjects(count: int) -> None:
    """The manifest's canonical form is its head, its subjects' canonical JSON joined with commas, and its
    tail — for draw-v1 and draw-v2 manifests alike."""
    v1 = manifest(subjects(count, 2), CASES["count over areas"])
    dice = PublicInputSpec("dice", "2025-03-01T09:30:00+08:00",
                           (InputField("d", "digits", length=1, alphabet="123456"),))
    for m in (v1, attrs.evolve(v1, seed_source="dice", public_input_format="", public_input_spec=dice)):
        head, tail = manifest_frame(m)
        assert head + b",".join(canonical_json(s.to_json()) for s in m.subjects) + tail == m.canonical()
        assert head.endswith(b'"subjects":[') and tail.startswith(b"]")


def test_the_bound_keeps_about_what_a_stratum_takes() -> None:
    assert ticket_bound(0, 100) == b""
    assert ticket_bound(90, 100) is None  # the margin is the whole stratum
    assert int.from_bytes(ticket_bound(127, 1250) or b"", "big") == (179 << 256) // 1250  # 127 + 4·11 + 8


def test_sqlite_says_the_draw_inside_needs_postgresql(tmp_path: Path) -> None:
    for store in fresh_store("sqlite", tmp_path):
        m = manifest(subjects(20, 1), DrawRules(Sample(count=2), TeamSpec(1)))
        assert load_snapshot(store, "s", m.subjects) == 20
        with pytest.raises(StoreError, match="needs PostgreSQL"):
            select_subjects(store, "s", m, "1 2 3 4")


def test_an_sm3_manifest_is_refused_inside_the_database(pg: Store) -> None:
    """PostgreSQL has no SM3: the draw inside the database refuses an SM3 manifest and says where to draw it;
    the SHA-256 manifest of the same content still draws there."""
    entries = subjects(100, 4)
    rules = DrawRules(Sample(count=5), TeamSpec(1), strata=("area",))
    sha = manifest(entries, rules)
    sm3 = attrs.evolve(sha, hash_algorithm="sm3")
    load_snapshot(pg, "sm3", sm3.subjects)
    with pytest.raises(StoreError, match="PostgreSQL has no SM3") as info:
        select_subjects(pg, "sm3", sm3, "1 2 3 4")
    assert "draw-v1-sm3" in info.value.what and "random_inspection.sampling.draw" in info.value.fix
    assert info.value.where == "plan DB-1"
    assert select_subjects(pg, "sm3", sha, "1 2 3 4").subjects == draw(sha, "1 2 3 4").subjects
    assert draw(sm3, "1 2 3 4").algorithm == "draw-v1-sm3"  # in process it draws


def test_a_draw_v2_manifest_draws_inside_the_database_as_in_process(pg: Store) -> None:
    """draw-v2's subject selection differs from draw-v1's only in the seed's algorithm text (draw-v2 §6): the
    database selects the same subjects as the process; an SM3 draw-v2 manifest is refused as draw-v1's is; a
    re-spelled public input is refused before the database is asked."""
    dice = PublicInputSpec("dice", "2025-03-01T09:30:00+08:00",
                           tuple(InputField(f"d{i}", "digits", length=1, alphabet="123456") for i in range(4)))
    v1 = manifest(subjects(2000, 9), CASES["count over areas"])
    v2 = attrs.evolve(v1, seed_source="dice", public_input_format="", public_input_spec=dice)
    assert v2.algorithm == "draw-v2" and v2.hash != v1.hash
    same_as_in_process(pg, v2, "3 1 4 1", "v2")
    with pytest.raises(InvalidInputError, match="outside ASCII"):
        select_subjects(pg, "v2", v2, "３ 1 4 1")
    with pytest.raises(StoreError, match="PostgreSQL has no SM3"):
        select_subjects(pg, "v2", attrs.evolve(v2, hash_algorithm="sm3"), "3 1 4 1")


def test_a_session_in_another_client_encoding_draws_the_same(pg: Store) -> None:
    """The tickets and the snapshot check take the ids' and rows' bytes by ``textsend``, which encodes in the
    session's client encoding: the selection sets it to UTF-8 for its own transactions, so a store whose
    connections speak GBK draws and checks exactly as one speaking UTF-8, and still refuses an edited row."""
    entries = [attrs.evolve(s, id=f"许昌{s.id}冷水滩") for s in subjects(400, 11)]
    m = manifest(entries, CASES["count over areas"])
    url = pg.engine.url.update_query_dict({"client_encoding": "gbk"})
    gbk = Store.open(url.render_as_string(hide_password=False), accept_draw_v1=True)
    try:
        with gbk.engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW client_encoding").scalar_one() == "GBK"
        load_snapshot(gbk, "gbk", m.subjects)
        assert select_subjects(gbk, "gbk", m, "5 5 5 5") == select_subjects_in_process(m, "5 5 5 5")
        with gbk.engine.begin() as conn:
            conn.execute(sa.update(snapshot).where(snapshot.c.snapshot == "gbk", snapshot.c.id == m.subjects[0].id)
                         .values(history=snapshot.c.history + 7))
        with pytest.raises(StoreError, match="a row changed, added or removed since it was frozen"):
            select_subjects(gbk, "gbk", m, "5 5 5 5")
    finally:
        gbk.close()


def test_an_empty_snapshot_is_checked_and_draws_nothing(pg: Store) -> None:
    """A manifest with no subjects: the snapshot's check hashes the head and tail alone (the rows' aggregate
    has no item), and a ratio draws nothing, as in process; a row added to it is refused."""
    m = manifest([], DrawRules(Sample(ratio=(1, 10)), TeamSpec(1), strata=("area",)))
    assert load_snapshot(pg, "empty", m.subjects) == 0
    assert select_subjects(pg, "empty", m, "1 2 3 4") == select_subjects_in_process(m, "1 2 3 4")
    with pg.engine.begin() as conn:
        conn.execute(TAMPERINGS["a row added"]([]).values(snapshot="empty"))  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="1 subjects"):
        select_subjects(pg, "empty", m, "1 2 3 4")


def test_a_snapshot_of_one_subject_carries_the_head_and_the_tail_on_one_row(pg: Store) -> None:
    """The check puts the manifest's head before its first row and its tail after its last: with one subject
    both go on that row, the draw is the in-process one, and that row changed or a second row added is refused."""
    m = manifest(subjects(1, 9), DrawRules(Sample(count=1), TeamSpec(1)))
    for tampering in ("a field changed", "a row added before the first", "a row added"):
        with pg.engine.begin() as conn:
            conn.execute(sa.delete(snapshot).where(FROZEN))
        load_snapshot(pg, "frozen", m.subjects)
        assert select_subjects(pg, "frozen", m, "5 6 1 2") == select_subjects_in_process(m, "5 6 1 2")
        with pg.engine.begin() as conn:
            conn.execute(TAMPERINGS[tampering]([s.id for s in m.subjects]))
        with pytest.raises(StoreError, match="a row changed, added or removed since it was frozen"):
            select_subjects(pg, "frozen", m, "5 6 1 2")
