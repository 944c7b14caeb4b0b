"""The where part of an error in the reader's language: the frame (row, field, plan, sheet…) translated, the names
a person types (a JSON or TOML key, a field's name, a plan's id) as typed (docs/i18n.md); and the service's 422
bodies in its own words, with the field as a path."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.cli import main
from random_inspection.errors import InvalidInputError
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import InputField
from random_inspection.service import ServiceConfig, create_app
from random_inspection.service.request_problems import field_path, problem_of
from random_inspection.translation import catalogue, render

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
QUIET = {"RANDOM_INSPECTION_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
CHINESE_HEADER = {"accept-language": "zh-CN,zh;q=0.9"}
ENGLISH_HEADER = {"accept-language": "en"}


def chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def run(*args: str, **env: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={**QUIET, **env})
    return result.exit_code, result.output


@pytest.fixture
def bad_plan(tmp_path: Path) -> Path:
    """The example plan with a public_input field whose length is 0."""
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLES, folder)
    plan = folder / "plan.toml"
    text = plan.read_text(encoding="utf-8")
    spoilt = text.replace('name = "die2"\ntype = "digits"\nlength = 1', 'name = "die2"\ntype = "digits"\nlength = 0', 1)
    assert spoilt != text
    plan.write_text(spoilt, encoding="utf-8")
    return plan


def test_a_bad_plan_field_names_its_place_in_chinese_under_zh(bad_plan: Path) -> None:
    code, out = run("--lang", "zh", "check", str(bad_plan))
    assert code == 2
    assert "public_input 字段 'die2'" in out and "public_input（public_input 字段 'die2'）" in out
    assert "field" not in out
    code, out = run("--lang", "en", "check", str(bad_plan))
    assert code == 2 and "public_input (public_input field 'die2')" in out and not chinese(out)


def test_a_public_input_field_error_where_is_a_message() -> None:
    with pytest.raises(InvalidInputError) as caught:
        InputField("die1", "digits", length=0, alphabet="123456")
    assert caught.value.where == "public_input field 'die1'"
    assert render(caught.value.where, catalogue("zh")) == "public_input 字段 'die1'"


def test_a_damaged_roster_row_is_reported_with_chinese_row_and_column(tmp_path: Path) -> None:
    lines = (EXAMPLES / "rosters" / "subjects.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[3].split(",")
    cells[0] = "not-a-code"
    path = tmp_path / "subjects.csv"
    path.write_text("\n".join([*lines[:3], ",".join(cells), *lines[4:6]]) + "\n", encoding="utf-8")
    code, out = run("--lang", "zh", "validate", str(path), "--kind", "subjects")
    assert code == 1
    assert "subjects.csv 第4行" in out and "列" in out and " row " not in out and "column" not in out
    code, out = run("--lang", "en", "validate", str(path), "--kind", "subjects")
    assert code == 1 and "subjects.csv row 4, column" in out


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    folder = tmp_path_factory.mktemp("plans")
    config = ServiceConfig(str(folder / "store.sqlite3"), folder, ProfileRegistry())
    return TestClient(create_app(config), raise_server_exceptions=False)


def test_a_422_is_the_services_problem_in_chinese_with_the_field_as_its_path(client: TestClient) -> None:
    zh = client.get("/due", params={"period": "5d"}, headers=CHINESE_HEADER)
    en = client.get("/due", params={"period": "5d"}, headers=ENGLISH_HEADER)
    assert zh.status_code == en.status_code == 422
    assert set(zh.json()) == set(en.json()) >= {"what", "where", "fix"}
    assert zh.json()["where"] == en.json()["where"] == "event"
    assert zh.json()["what"] == "请求不符合其格式定义：缺少必填的值"
    assert en.json()["what"] == "the request does not match its schema: a required value is missing"
    assert zh.headers["content-language"] == "zh"
    assert all(not chinese(value) for value in en.json().values() if isinstance(value, str))


def test_a_bad_body_names_its_field_as_a_path(client: TestClient) -> None:
    body: dict[str, Any] = {"actor": {"id": "XC001", "role": 5}}
    zh = client.post("/plans/P1/commit/prepare", json=body, headers=CHINESE_HEADER)
    assert zh.status_code == 422
    assert zh.json()["where"].startswith("actor.") and chinese(zh.json()["what"])
    assert "Field required" not in zh.json()["what"] and "Input should" not in zh.json()["what"]


@given(st.lists(st.one_of(st.integers(min_value=0, max_value=99),
                          st.from_regex(r"[a-z_]{1,8}", fullmatch=True)), min_size=1, max_size=5))
def test_a_path_keeps_every_part_in_order(parts: list[Any]) -> None:
    path = field_path(["body", *parts])
    assert re.findall(r"\[(\d+)\]|([a-z_]+)", path) == [(str(p), "") if isinstance(p, int) else ("", p)
                                                         for p in parts]


def test_an_unknown_pydantic_error_keeps_its_text_and_a_known_one_is_translated() -> None:
    unknown = problem_of({"type": "no_such_type", "msg": "Something odd"})
    assert render(unknown, catalogue("zh")) == "Something odd"
    known = problem_of({"type": "literal_error", "msg": "Input should be 'a'", "ctx": {"expected": "'a' or 'b'"}})
    assert render(known, catalogue("zh")) == "应为以下之一：'a' or 'b'"
    assert str(known) == "expected one of 'a' or 'b'"
