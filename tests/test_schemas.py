"""The JSON Schemas of docs/schemas: each is what tools/make_schemas.py writes and a valid draft 2020-12 schema;
every JSON file the demo, the command line and the exports write validates, as do the draw vectors, the demo
store's ledger bodies, the example plan and results files and the bundled rosters' rows; and each schema refuses
what its format does not allow."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from random_inspection.demo import JOINT_PLAN_FOLDER, load_demo_data, run_demo
from random_inspection.io.reading import read_table
from random_inspection.io.rosters import _FALSE, _TRUE, RosterKind, roster_rows
from random_inspection.model import Expert
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import InputField, PublicInputSpec, build_manifest, draw
from random_inspection.store import Store
from random_inspection.store.listing import public_listing
from random_inspection.testing.strategies import inspectors, rosters, subjects
from random_inspection.workflow import draw_rules
from tests.cli_support import committed_and_drawn, make_workspace, run
from tests.cli_support import inspectors as recorders

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "schemas"
SPEC = ROOT / "docs" / "spec"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_schemas", ROOT / "tools" / "make_schemas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((FOLDER / f"{name}.schema.json").read_text(encoding="utf-8")))


def problems(name: str, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(instance)]


def assert_valid(name: str, instance: Any, what: str = "") -> None:
    found = problems(name, instance)
    assert not found, f"{what or name}: {found[:5]}"


def schema_of(path: Path) -> str:
    """The schema of a JSON file the library writes, by its name."""
    name = path.name
    for suffix, schema in ((".manifest.json", "manifest"), (".draw.json", "draw"), (".notice.json", "notice"),
                           (".interests.json", "interests")):
        if name.endswith(suffix):
            return schema
    return {"manifest.json": "manifest", "draw.json": "draw", "disclosure.json": "disclosure",
            "listing.json": "listing", "site.json": "site"}[name]


# ------------------------------------------------------------------------------------------ the schemas themselves

def test_the_committed_schemas_are_what_the_generator_writes() -> None:
    files = _generator().render()
    ours = sorted(p.name for p in FOLDER.glob("*.schema.json") if not p.name.startswith("http-"))  # http-*: the
    assert sorted(files) == ours, "run: python tools/make_schemas.py"  # service's, tools/make_openapi.py
    for name, text in files.items():
        assert (FOLDER / name).read_text(encoding="utf-8") == text, f"{name}: run python tools/make_schemas.py"


@pytest.mark.parametrize("path", sorted(FOLDER.glob("*.schema.json")), ids=lambda p: p.name)
def test_each_schema_is_a_valid_draft_2020_12_schema(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:random-inspection:schema:{path.name}"
    assert schema["title"] and schema["description"]


def test_the_model_s_vocabularies_are_in_the_schemas() -> None:
    from random_inspection.model import EnforcementDomain, Role
    from random_inspection.sampling.canonical import ALGORITHMS
    from random_inspection.store import EntryKind

    entry = json.loads((FOLDER / "ledger-entry.schema.json").read_text(encoding="utf-8"))
    assert entry["properties"]["kind"]["enum"] == [k.value for k in EntryKind]
    assert entry["$defs"]["actor"]["properties"]["role"]["enum"] == [r.value for r in Role]
    subjects_row = json.loads((FOLDER / "subjects-row.schema.json").read_text(encoding="utf-8"))
    assert subjects_row["properties"]["监管领域"]["enum"] == [d.value for d in EnforcementDomain]
    manifest = json.loads((FOLDER / "manifest.schema.json").read_text(encoding="utf-8"))
    names = [a for v in (1, 2, 3) for a in manifest["$defs"][f"manifest_v{v}"]["properties"]["algorithm"]["enum"]]
    assert sorted(names) == sorted(ALGORITHMS)


# -------------------------------------------------------------------------------------- what the library writes

@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    folder = tmp_path_factory.mktemp("demo")
    store = Store.open(folder / "demo.sqlite3")
    run_demo(store=store, out=folder / JOINT_PLAN_FOLDER)
    return folder, store


def _json_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.json"))


def test_every_json_file_the_demo_writes_validates(demo_run: tuple[Path, Store]) -> None:
    folder, _ = demo_run
    written = _json_files(folder)
    assert {p.name for p in written} == {"manifest.json", "draw.json", "disclosure.json", "site.json"}
    assert len(written) >= 6  # 鹤壁's joint plan and the 许昌 plan drawn on the platform, and both cities' sites
    for path in written:
        assert_valid(schema_of(path), json.loads(path.read_text(encoding="utf-8")), str(path.relative_to(folder)))


def test_every_ledger_body_of_the_demo_store_validates(demo_run: tuple[Path, Store]) -> None:
    from random_inspection.store.ledger import entry_body

    _, store = demo_run
    entries = store.entries()
    kinds = set()
    for e in entries:
        body = json.loads(entry_body(e.seq, e.kind, e.plan_id, e.at, e.payload, e.actor))
        assert_valid("ledger-entry", body, f"entry {e.seq} {e.kind.value}")
        kinds.add(e.kind.value)
    assert {"store_created", "key_enrolled", "plan_committed", "draw_executed", "result_recorded",
            "published"} <= kinds
    listing = public_listing(entries, store.hash_algorithm).to_json()
    assert_valid("listing", listing)
    for listed in listing["entries"]:
        if listed["body"] is not None:
            assert_valid("ledger-entry", json.loads(listed["body"]), f"listed entry {listed['seq']}")


def test_the_ledger_bodies_as_stored_validate(demo_run: tuple[Path, Store]) -> None:
    import sqlalchemy as sa

    _, store = demo_run
    with store.engine.connect() as conn:
        bodies = [row[0] for row in conn.execute(sa.text("SELECT body FROM ri_ledger ORDER BY seq"))]
    assert len(bodies) == len(store.entries())
    for body in bodies:
        assert_valid("ledger-entry", json.loads(body))


def test_every_json_file_of_a_plan_s_life_on_the_command_line_validates(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    code, _, err = run("record", plan, str(workspace / "results.csv"), "--store", store, *recorders(workspace))
    assert code == 0, err
    code, _, err = run("ledger", "publish", "--out", str(tmp_path / "listing.json"), "--store", store)
    assert code == 0, err
    code, _, err = run("export", plan, "--out", str(tmp_path / "out"), "--store", store)
    assert code == 0, err
    written = _json_files(tmp_path)
    names = {p.name for p in written}
    assert {"XC-2026-12.manifest.json", "XC-2026-12.draw.json", "XC-2026-12.notice.json",
            "XC-2026-12.interests.json", "listing.json", "disclosure.json", "manifest.json", "draw.json"} <= names
    for path in written:
        assert_valid(schema_of(path), json.loads(path.read_text(encoding="utf-8")), str(path.relative_to(tmp_path)))


# ---------------------------------------------------------------------------------------- published test vectors

def _vector_draws() -> Iterator[tuple[str, dict[str, Any]]]:
    v1 = json.loads((SPEC / "draw-v1-vectors.json").read_text(encoding="utf-8"))
    yield from ((f"draw-v1 {v['name']}", v) for v in v1)
    for name in ("draw-v1-cases", "draw-v2", "draw-v3"):
        data = json.loads((SPEC / f"{name}-vectors.json").read_text(encoding="utf-8"))
        yield from ((f"{name} {v['name']}", v) for v in data["draws"])


VECTORS = list(_vector_draws())


@pytest.mark.parametrize(("name", "vector"), VECTORS, ids=[n for n, _ in VECTORS])
def test_the_draw_vectors_validate(name: str, vector: dict[str, Any]) -> None:
    assert_valid("manifest", vector["manifest"], name)
    assert_valid("draw", vector["result"], name)
    assert vector["result"]["manifest_hash"] == vector["manifest_hash"]


def test_the_vectors_cover_every_version() -> None:
    assert {v["manifest"]["algorithm"] for _, v in VECTORS} >= {"draw-v1", "draw-v1-sm3", "draw-v2", "draw-v2-sm3",
                                                                 "draw-v3", "draw-v3-sm3"}


# ------------------------------------------------------------------------------------ plan, results, rosters

def _as_json(value: Any) -> Any:
    """TOML read as JSON: dates and times as their ISO text."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


PLAN_FILES = sorted({*ROOT.glob("examples/**/*plan*.toml"), *ROOT.glob("tests/data/**/*plan*.toml")})


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_plan_files_validate(path: Path) -> None:
    assert_valid("plan", _as_json(tomllib.loads(path.read_text(encoding="utf-8"))), str(path))


def test_the_disclosures_of_the_test_data_validate() -> None:
    cases = json.loads((ROOT / "tests" / "data" / "disclosures.json").read_text(encoding="utf-8"))
    assert cases
    for name, disclosure in cases.items():
        # tests/disclosure_cases.py writes its commits by hand with the role "office", which no store records
        # (a ledger's actors hold a Role, checked by the key register): the schema refuses that, and nothing else
        found = problems("disclosure", disclosure)
        assert all(p.startswith("commits/") and "'office'" in p for p in found), (name, found)
        for commit in disclosure["commits"]:
            commit["role"] = "双随机办"
        assert_valid("disclosure", disclosure, name)


def test_the_plan_file_of_the_docstring_validates() -> None:
    from random_inspection.io import planfile

    text = planfile.__doc__.split("```toml\n")[1].split("```")[0]  # type: ignore[union-attr]
    assert_valid("plan", _as_json(tomllib.loads(text)))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


RESULTS_FILES = sorted({*ROOT.glob("examples/**/*results*.csv"), *ROOT.glob("tests/data/**/*results*.csv")})


@pytest.mark.parametrize("path", RESULTS_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_results_files_validate(path: Path) -> None:
    rows = _csv_rows(path)
    assert rows
    for i, row in enumerate(rows, start=2):
        assert_valid("results-row", row, f"{path.name} row {i}")


def _table_rows(path: Path, kind: RosterKind) -> list[dict[str, str]]:
    table = read_table(path, lambda headers: "统一社会信用代码" in headers or "人员编号" in headers
                       or "事项编码" in headers)
    assert not hasattr(table, "problem"), table
    out = []
    for _, cells in table.rows:  # type: ignore[union-attr]
        assert isinstance(cells, tuple)
        if any(str(c).strip() for c in cells):
            out.append({h: "" if c is None else str(c) for h, c in zip(table.headers, cells, strict=False)  # type: ignore[union-attr]
                        if h})
    return out


ROSTER_FILES = [(p, kind) for kind in RosterKind
                for p in sorted({*ROOT.glob(f"examples/rosters/{kind.value}*"),
                                 *ROOT.glob(f"src/random_inspection/data/demo/hebi/{kind.value}*")})
                if "template" not in p.name]


@pytest.mark.parametrize(("path", "kind"), ROSTER_FILES, ids=[str(p.relative_to(ROOT)) for p, _ in ROSTER_FILES])
def test_the_bundled_roster_files_rows_validate(path: Path, kind: RosterKind) -> None:
    rows = _table_rows(path, kind)
    assert rows
    for i, row in enumerate(rows):
        assert_valid(f"{kind.value}-row", row, f"{path.name} row {i + 2}")


def test_the_demo_rosters_written_as_rows_validate() -> None:
    subjects_, inspectors_, checklist = load_demo_data()
    for kind, records in ((RosterKind.SUBJECTS, subjects_), (RosterKind.INSPECTORS, inspectors_),
                          (RosterKind.CHECKLIST, checklist)):
        header, *rows = roster_rows(kind, records)
        assert len(rows) == len(records)
        for row in rows:
            assert_valid(f"{kind.value}-row", dict(zip(header, row, strict=True)), kind.value)


def test_a_template_s_example_row_is_refused_until_the_mark_is_taken_off() -> None:
    from random_inspection.io.rosters import EXAMPLE_MARK, template_rows

    header, example = template_rows(RosterKind.SUBJECTS)
    assert problems("subjects-row", dict(zip(header, example, strict=True)))  # the marked key is no 统一社会信用代码
    assert not problems("subjects-row", dict(zip(header, (example[0].removeprefix(EXAMPLE_MARK), *example[1:]),
                                                   strict=True)))


# --------------------------------------------------------------------------------------- what the schemas refuse

def _first_vector(version: str) -> dict[str, Any]:
    return copy.deepcopy(next(v for n, v in VECTORS if v["manifest"]["algorithm"] == version))


def test_a_draw_with_a_missing_field_is_refused() -> None:
    result = _first_vector("draw-v1")["result"]
    del result["seed"]
    assert any("'seed' is a required property" in p for p in problems("draw", result))


def test_a_draw_v2_result_without_its_conflicts_is_refused_and_a_draw_v1_one_with_them() -> None:
    v2 = _first_vector("draw-v2")["result"]
    del v2["conflicts"]
    assert problems("draw", v2)
    v1 = _first_vector("draw-v1")["result"]
    v1["conflicts"] = {}
    assert problems("draw", v1)


def test_a_draw_with_a_bad_manifest_hash_is_refused() -> None:
    result = _first_vector("draw-v1")["result"]
    result["manifest_hash"] = result["manifest_hash"].upper()
    assert any("does not match" in p for p in problems("draw", result))


def test_a_manifest_with_a_bad_hash_is_refused() -> None:
    manifest = _first_vector("draw-v1")["manifest"]
    manifest["algorithm"] = "draw-v1-sha3"  # a hash no draw algorithm names (draw-v1 §12)
    assert problems("manifest", manifest)
    v2 = _first_vector("draw-v2")["manifest"]
    tagged = next(p for p in v2["inspectors"] if p["interest_tags"])
    tagged["interest_tags"][0] = tagged["interest_tags"][0][:-1]  # 63 hex digits: not a hash
    assert problems("manifest", v2)
    v3 = _first_vector("draw-v3")["manifest"]
    v3["experts"][0]["identity_tag"] = "not a hash"
    assert problems("manifest", v3)


def test_a_manifest_mixing_versions_or_with_an_extra_key_is_refused() -> None:
    v1 = _first_vector("draw-v1")["manifest"]
    assert not problems("manifest", v1)
    assert problems("manifest", {**v1, "note": "x"})
    assert problems("manifest", {**v1, "algorithm": "draw-v2"})  # draw-v2 has public_input, not seed_source
    v1["subjects"][0]["in_existence"] = 1  # a boolean, not 1 (draw-v1-cases refused: boolean-as-integer)
    assert problems("manifest", v1)


def test_an_entry_with_an_unknown_kind_is_refused(demo_run: tuple[Path, Store]) -> None:
    from random_inspection.store.ledger import entry_body

    _, store = demo_run
    e = store.entries()[-1]
    body = json.loads(entry_body(e.seq, e.kind, e.plan_id, e.at, e.payload, e.actor))
    assert not problems("ledger-entry", body)
    assert problems("ledger-entry", {**body, "kind": "plan_deleted"})
    assert problems("ledger-entry", {**body, "extra": 1})
    assert problems("ledger-entry", {**body, "actor": {**body["actor"], "role": "局长"}})
    founding = json.loads(entry_body(1, store.entries()[0].kind, None, None, store.entries()[0].payload,
                                     store.entries()[0].actor))
    assert not problems("ledger-entry", founding)
    founding["payload"]["signatures"] = "some entries"
    assert problems("ledger-entry", founding)


def test_a_listing_whose_body_is_withheld_without_a_reason_is_refused(demo_run: tuple[Path, Store]) -> None:
    _, store = demo_run
    listing = public_listing(store.entries(), store.hash_algorithm).to_json()
    entry = next(e for e in listing["entries"] if e["body"] is not None)
    entry["body"] = None
    assert problems("listing", listing)
    assert problems("listing", {**listing, "version": "ledger-listing-v2"})


def test_a_disclosure_with_an_unknown_result_or_a_bad_code_is_refused(demo_run: tuple[Path, Store]) -> None:
    folder, _ = demo_run
    disclosure = json.loads((folder / JOINT_PLAN_FOLDER / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert not problems("disclosure", disclosure)
    bad = copy.deepcopy(disclosure)
    bad["inspections"][0]["result"]["label"] = "一切正常"  # no built-in scheme has it
    assert problems("disclosure", bad)
    bad = copy.deepcopy(disclosure)
    bad["inspections"][0]["subject"]["uscc"] = "91410621-52NG0G2D33"
    assert problems("disclosure", bad)
    bad = copy.deepcopy(disclosure)
    bad["inspections"][0]["team"][0]["phone"] = "13900000001"  # never published
    assert problems("disclosure", bad)


def test_a_plan_file_with_both_a_count_and_a_ratio_or_an_unknown_key_is_refused() -> None:
    plan = _as_json(tomllib.loads((ROOT / "examples" / "plan.toml").read_text(encoding="utf-8")))
    assert not problems("plan", plan)
    assert problems("plan", {**plan, "draw": {**plan["draw"], "count": 5, "ratio": "1/10"}})
    assert problems("plan", {**plan, "seed": "x"})
    assert problems("plan", {**plan, "seed_source": "dice"})  # a draw-v1 key beside [public_input]
    assert problems("plan", {**plan, "hash": "md5"})


def test_a_roster_row_without_its_key_or_with_a_bad_code_is_refused() -> None:
    row = _csv_rows(ROOT / "examples" / "rosters" / "subjects.csv")[0]
    assert not problems("subjects-row", row)
    assert problems("subjects-row", {k: v for k, v in row.items() if k != "统一社会信用代码"})
    assert problems("subjects-row", {**row, "统一社会信用代码": "91411002X0NFPAY57"})  # 17 characters
    assert problems("subjects-row", {**row, "登记状态": "正常"})
    person = _csv_rows(ROOT / "examples" / "rosters" / "inspectors.csv")[0]
    assert not problems("inspectors-row", {**person, "在岗": "YES"})  # the reader takes any case
    assert problems("inspectors-row", {**person, "在岗": "也许"})
    assert problems("inspectors-row", {**person, "执法证发证日期": "2023-01-01 09:30"})  # only midnight
    assert problems("inspectors-row", {**person, "身份证号": "41100219750115000x"})


# ------------------------------------------------------------------------------------------------- properties

DICE = PublicInputSpec("dice", "2026-11-30T09:30:00+08:00",
                       tuple(InputField(f"d{i}", "digits", length=1, alphabet="123456") for i in range(2)))
REGISTRY = ProfileRegistry()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=rosters(inspectors()), pool=rosters(subjects()), version=st.sampled_from([1, 2, 3]),
       hash_name=st.sampled_from(["sha256", "sm3"]))
def test_any_manifest_and_draw_the_library_builds_validate(people: list[Any], pool: list[Any], version: int,
                                                           hash_name: str) -> None:
    profile = REGISTRY.resolve("xuchang", dt.date(2026, 12, 1))
    rules = draw_rules(profile, team_size=1, count=1, reserve=1)
    window = (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    if version == 1:
        manifest = build_manifest("P-1", "dice", "^[1-6]{2}$", window, pool, people, [], rules,
                                  hash_algorithm=hash_name)
    else:
        expert = Expert("ZJ-01", "张某", specialties={"非煤矿山"}, interests={pool[0].uscc})
        experts = [expert] if version == 3 else None
        manifest = build_manifest("P-1", None, None, window, pool, people, [], rules, hash_algorithm=hash_name,
                                  public_input=DICE, interest_secret=bytes(range(32)), experts=experts,
                                  recusal_way="swap" if version == 3 else None)
    assert manifest.version == version
    assert_valid("manifest", json.loads(manifest.canonical()))
    try:
        result = draw(manifest, "36" if version == 1 else "3 6")
    except Exception:  # a pool the rules cannot draw from: the manifest alone is the property here
        return
    assert_valid("draw", result.to_json())


@settings(max_examples=200, deadline=None)
@given(day=st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31)),
       form=st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日",
                             "{y}{m:02d}{d:02d}", "{y}-{m}-{d}"]),
       time=st.sampled_from(["", " 0:00", "T00:00:00", " 00:00:00.000"]))
def test_every_date_the_roster_reader_takes_the_row_schema_takes(day: dt.date, form: str, time: str) -> None:
    from random_inspection.io.rosters import parse_date

    text = form.format(y=day.year, m=day.month, d=day.day) + time
    assert parse_date(text) == day
    assert not problems("inspectors-row", {"人员编号": "XC001", "姓名": "甲", "单位": "乙", "执法证号": "豫A1",
                                           "执法证发证日期": text})


@given(word=st.sampled_from(sorted(_TRUE | _FALSE)),
       upper=st.lists(st.booleans(), min_size=5, max_size=5))
def test_every_yes_or_no_the_roster_reader_takes_the_row_schema_takes(word: str, upper: list[bool]) -> None:
    text = "".join(c.upper() if up else c for c, up in zip(word, upper + [False] * len(word), strict=False))
    row = {"统一社会信用代码": "91411002X0NFPAY57K", "市场主体名称": "甲", "监管领域": "工贸", "行政区划代码": "411002",
           "经营异常": text}
    assert not problems("subjects-row", row)
