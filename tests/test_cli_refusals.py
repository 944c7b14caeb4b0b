"""Small failures of the command line, each refused with what, where and how to fix it (exit 2), never an internal
error (exit 3): a template over a filled roster, a day that does not exist, a store that cannot be reached, odd
values in a plan file, and JSON given to ``verify`` that is damaged or nested without end."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.io import RosterKind, read_subjects, write_roster
from random_inspection.io.tomlfile import tomllib
from tests.cli_support import EXAMPLES, committed_and_drawn, make_workspace, run

SUBJECTS, _, _ = load_demo_data()


# -- template --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_template_never_overwrites_a_filled_roster_without_force(tmp_path: Path, suffix: str) -> None:
    roster = write_roster(tmp_path / f"subjects{suffix}", RosterKind.SUBJECTS, SUBJECTS)
    before = roster.read_bytes()
    code, out, err = run("template", "subjects", str(roster))
    assert code == 2 and out == ""
    assert str(roster) in err and "exists" in err and "--force" in err and err.count("\n") == 1
    assert roster.read_bytes() == before
    assert read_subjects(roster).records == tuple(SUBJECTS)
    code, _, err = run("template", "subjects", str(roster), "--force")
    assert code == 0, err
    template = read_subjects(roster)
    assert template.data_rows == 1 and template.records == ()  # the template's example row, refused as such


def test_a_template_into_a_new_file_needs_no_force(tmp_path: Path) -> None:
    code, _, err = run("template", "checklist", str(tmp_path / "c.csv"))
    assert code == 0, err and (tmp_path / "c.csv").exists()


# -- days ------------------------------------------------------------------------------------------------------------

def test_a_day_that_does_not_exist_is_named_so() -> None:
    code, _, err = run("day", "2100-02-29")
    assert code == 2
    assert "not a day of the calendar" in err and "2100 is not a leap year" in err and "does not match" not in err
    code, _, err = run("day", "2026-04-31")
    assert code == 2 and "'2026-04-31' is not a day of the calendar" in err
    code, _, err = run("day", "2026/4/1")
    assert code == 2 and "does not match the format" in err  # another spelling is still refused as such
    code, out, _ = run("day", "2096-02-29")
    assert code == 0 and out.startswith("2096-02-29")


# -- the store -------------------------------------------------------------------------------------------------------

def test_a_store_that_cannot_be_reached_is_one_line_without_its_password() -> None:
    url = "postgresql+psycopg://inspector:s3cr3t-pw@127.0.0.1:1/ledger"  # port 1: nothing listens there
    code, out, err = run("ledger", "show", "--store", url)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "postgresql+psycopg://inspector:***@127.0.0.1:1/ledger" in err and "s3cr3t" not in err
    assert "cannot open the store" in err and "fix:" in err


# -- the plan file ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plans") / "examples"
    shutil.copytree(EXAMPLES, folder)
    return folder


def _plan(folder: Path, data: dict[str, Any]) -> str:
    path = folder / "fuzzed.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    # nan is not itself (a dict holding the same nan object still equals itself, so compare the written text)
    assert tomllib.loads(path.read_text(encoding="utf-8")) == data or "nan" in path.read_text(encoding="utf-8")
    return str(path)


def test_a_plan_file_with_an_empty_window_names_the_key(examples: Path) -> None:
    data = tomllib.loads((examples / "plan.toml").read_text(encoding="utf-8"))
    code, out, err = run("check", _plan(examples, {**data, "window": []}))
    assert code == 2 and out == "" and "window" in err and "give the first and the last day" in err
    code, _, err = run("check", _plan(examples, {**data, "window": ["2026-12-01"]}))
    assert code == 2 and "window: 1 value(s)" in err
    code, _, err = run("check", _plan(examples, {**data, "window": [dt.datetime(2026, 12, 1, 9), "2026-12-31"]}))
    assert code == 2 and "window[0]" in err


ODD_TEXT = st.sampled_from(["", " ", "\x00", "a\x00b", "a/b", "../x", "\\", "\t", "=1+1", "rosters"])
SCALARS = (st.text(max_size=12) | ODD_TEXT | st.integers(-(2**63), 2**63 - 1) | st.floats() | st.booleans()
           | st.dates() | st.datetimes() | st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=8))))
           | st.times())
TOML_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)
PLAN_KEYS = [
    ("plan_id",), ("profile",), ("departments",), ("window",), ("public_input",), ("rosters",), ("draw",),
    ("credit_risk_based",), ("department_names",), ("hash",), ("departure",), ("periods",), ("expert",),
    ("recusal",), ("seed_source",), ("public_input_format",),
    ("public_input", "source"), ("public_input", "produced_at"), ("public_input", "fields"),
    ("rosters", "subjects"), ("rosters", "inspectors"), ("rosters", "checklist"), ("rosters", "department"),
    ("rosters", "encoding"), ("draw", "team_size"), ("draw", "items"), ("draw", "count"), ("draw", "ratio"),
    ("draw", "reserve"), ("draw", "units"), ("recusal", "way"), ("department_names", "yjj"), ("periods", "followup"),
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(PLAN_KEYS), value=TOML_VALUES)
def test_any_value_of_any_plan_key_is_checked_never_an_internal_error(examples: Path, key: tuple[str, ...],
                                                                      value: Any) -> None:
    data = tomllib.loads((examples / "plan.toml").read_text(encoding="utf-8"))
    table = data
    for name in key[:-1]:
        table = table.setdefault(name, {})
    table[key[-1]] = value
    code, _, err = run("check", _plan(examples, data))
    assert code in (0, 1, 2), err
    assert "internal error" not in err


@pytest.mark.parametrize("plan_id", ["a\x00b", "", " ", "\t", "XC\n2026", "XC/2026/yjj", "../XC", "XC\\2026"])
def test_a_plan_id_of_any_text_is_committed_or_refused_with_its_key(tmp_path: Path, plan_id: str) -> None:
    workspace = make_workspace(tmp_path)
    data = tomllib.loads((workspace / "plan.toml").read_text(encoding="utf-8"))
    code, _, err = run("commit", _plan(workspace, {**data, "plan_id": plan_id}), "--store",
                       str(workspace / "store.sqlite3"), "--as", str(workspace / "actors" / "xc-section.toml"))
    assert code in (0, 2), err
    assert code == 0 or "plan_id" in err
    assert not list(tmp_path.glob("*.manifest.json"))  # a file beside the plan, never above it


# -- verify ----------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    workspace = make_workspace(tmp_path_factory.mktemp("verify"))
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    return workspace / "XC-2026-12.manifest.json", workspace / "XC-2026-12.draw.json"


@pytest.mark.parametrize("which", ["manifest", "draw"])
@pytest.mark.parametrize("brackets", ["[]", '{"a":}'])
def test_json_nested_a_hundred_thousand_deep_is_refused(published: tuple[Path, Path], tmp_path: Path, which: str,
                                                        brackets: str) -> None:
    deep = tmp_path / "deep.json"
    opening, closing = (brackets[:-1], brackets[-1]) if brackets == "[]" else ('{"a":', "}")
    deep.write_text(opening * 100_000 + ("" if brackets == "[]" else "1") + closing * 100_000, encoding="utf-8")
    manifest, draw = published
    args = (str(deep), str(draw)) if which == "manifest" else (str(manifest), str(deep))
    code, out, err = run("verify", *args)
    assert code == 2 and out == "", err
    assert str(deep) in err and "too deeply" in err and "internal error" not in err


def test_a_draw_that_is_not_an_object_is_refused(published: tuple[Path, Path], tmp_path: Path) -> None:
    manifest, _ = published
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    code, _, err = run("verify", str(manifest), str(tmp_path / "list.json"))
    assert code == 2 and "not an object" in err


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                                      max_size=3), max_leaves=8)


@st.composite
def _damaged(draw: st.DrawFn, text: str) -> bytes:
    """The JSON ``text`` damaged one way: cut, a byte changed, a field's value replaced, nested, or any bytes."""
    how = draw(st.sampled_from(["cut", "byte", "field", "nested", "bytes"]))
    raw = text.encode("utf-8")
    if how == "cut":
        return raw[: draw(st.integers(0, len(raw)))]
    if how == "byte":
        at = draw(st.integers(0, len(raw) - 1))
        return raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1:]
    if how == "field":
        data = json.loads(text)
        data[draw(st.sampled_from(sorted(data)))] = draw(JSON_VALUES)
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if how == "nested":
        depth = draw(st.sampled_from([2, 100, 990, 1000, 5000, 50_000]))
        return b"[" * depth + raw + b"]" * depth
    return draw(st.binary(max_size=200))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), which=st.sampled_from(["manifest", "draw"]))
def test_verify_of_damaged_json_is_an_answer_or_a_refusal(published: tuple[Path, Path], tmp_path: Path,
                                                          data: st.DataObject, which: str) -> None:
    manifest, draw = published
    original = (manifest if which == "manifest" else draw).read_text(encoding="utf-8")
    damaged = tmp_path / f"damaged-{which}.json"
    damaged.write_bytes(data.draw(_damaged(original)))
    args = (str(damaged), str(draw)) if which == "manifest" else (str(manifest), str(damaged))
    code, _, err = run("verify", *args)
    assert code in (0, 1, 2), err
    assert "internal error" not in err
