"""The service answers in the language the request's ``Accept-Language`` prefers (docs/service.md, *Languages*):
Chinese for ``zh``, ``zh-CN`` (q-values honoured), English otherwise; the error bodies' texts, a refusal's and an
identifier's problem change with it, their field names, statuses and codes never do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.profiles import ProfileRegistry
from random_inspection.service import ServiceConfig, create_app
from random_inspection.translation import language_of_accept
from tests.cli_support import COMMIT_AT, make_workspace
from tests.service_support import actor_body, prepare

CHINESE = {"accept-language": "zh-CN,zh;q=0.9,en;q=0.8"}
ENGLISH = {"accept-language": "en-US,en;q=0.9"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The service over an empty plan folder and no store: enough for the reads that need neither."""
    folder = tmp_path_factory.mktemp("plans")
    config = ServiceConfig(str(folder / "store.sqlite3"), folder, ProfileRegistry())
    return TestClient(create_app(config), raise_server_exceptions=False)


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize(("header", "language"), [
    ("zh", "zh"), ("zh-CN", "zh"), ("ZH-cn", "zh"), ("zh-Hans-CN", "zh"), ("zh_CN", "zh"),
    ("en", "en"), ("en-US,en;q=0.9", "en"), ("fr", "en"), ("*", "en"), ("", "en"), (None, "en"),
    ("en;q=0.5, zh;q=0.9", "zh"),          # the higher q wins, whatever the order
    ("zh;q=0.5, en;q=0.9", "en"),
    ("zh;q=0, en", "en"),                  # q=0: not acceptable
    ("zh;q=0", "en"),
    ("fr, zh;q=0.5", "zh"),                # French is not served: the next one preferred that is
    ("fr, en;q=0.4, zh;q=0.5", "zh"),
    ("zh;q=1.5", "en"), ("zh;q=abc", "en"), ("zh;q=nan", "en"),  # a q-value that is none refuses the language
    ("zh-TW;q=0.8, en;q=0.8", "zh"),       # equal q: the first given
    (" zh-CN ; q=0.7 ,en;q=0.6", "zh"),
])
def test_the_language_an_accept_language_header_prefers(header: str | None, language: str) -> None:
    assert language_of_accept(header) == language


@given(st.text(max_size=80))
def test_any_header_gives_one_of_the_languages(header: str) -> None:
    assert language_of_accept(header) in ("zh", "en")


@given(st.lists(st.sampled_from(["en", "en-GB", "fr", "de", "ja", "*"]), max_size=4),
       st.integers(min_value=1, max_value=9))
def test_chinese_anywhere_above_the_others_is_chosen(others: list[str], q: int) -> None:
    header = ", ".join([f"{tag};q=0.{q - 1}" if q > 1 else f"{tag};q=0" for tag in others] + [f"zh-CN;q=0.{q}"])
    assert language_of_accept(header) == "zh"


def answer(client: TestClient, headers: dict[str, str] | None, path: str = "/due", **params: Any) -> Any:
    return client.get(path, params=params or {"event": "2026-02-30", "period": "5个工作日"}, headers=headers or {})


def test_the_same_bad_request_in_chinese_and_in_english(client: TestClient) -> None:
    zh, en = answer(client, CHINESE), answer(client, ENGLISH)
    assert zh.status_code == en.status_code == 400
    assert set(zh.json()) == set(en.json()) >= {"what", "where", "fix"}
    assert en.json()["what"] == "event '2026-02-30' is not a day of the calendar"
    assert en.json()["fix"] == "write it YYYY-MM-DD, a day that exists"
    assert zh.json()["what"] == "event '2026-02-30' 不是日历上的日期"
    assert zh.json()["fix"] == "请写为 YYYY-MM-DD，且为实际存在的日期"
    assert zh.json()["where"] == en.json()["where"] == "event"  # a field's name is a code: never translated
    assert zh.headers["content-language"] == "zh" and en.headers["content-language"] == "en"
    assert "accept-language" in zh.headers["vary"].lower()


@pytest.mark.parametrize("header", [None, "fr-FR", "de;q=0.9, ja", "*", "zh;q=0", "zh;q=2", "en-zh"])
def test_an_unknown_language_or_none_answers_in_english(client: TestClient, header: str | None) -> None:
    response = answer(client, {"accept-language": header} if header is not None else None)
    assert response.json() == answer(client, ENGLISH).json()
    assert not has_chinese(response.json()["what"] + response.json()["fix"])


def test_q_values_decide(client: TestClient) -> None:
    assert has_chinese(answer(client, {"accept-language": "en;q=0.3, zh;q=0.8"}).json()["what"])
    assert not has_chinese(answer(client, {"accept-language": "en;q=0.8, zh;q=0.3"}).json()["what"])


@pytest.mark.parametrize(("method", "path", "params", "status", "chinese"), [
    ("GET", "/plans/NO-SUCH-PLAN/draw", {}, 404, None),                  # the store is not there: 409 or 404
    ("GET", "/profiles/nowhere/explain", {"as_of": "2026-05-01"}, 404, "未加载规则配置"),
    ("GET", "/no/such/path", {}, 404, "没有这个路径"),
    ("DELETE", "/profiles", {}, 405, "该路径不接受此请求方法"),
    ("GET", "/due", {"event": "yesterday", "period": "5d"}, 422, "请求不符合其格式定义："),
    ("GET", "/due", {"event": "2026-02-01", "period": "five days"}, 400, None),
])
def test_every_kind_of_error_answers_in_chinese(client: TestClient, method: str, path: str, params: dict[str, str],
                                                status: int, chinese: str | None) -> None:
    zh = client.request(method, path, params=params, headers=CHINESE)
    en = client.request(method, path, params=params, headers=ENGLISH)
    assert zh.status_code == en.status_code and set(zh.json()) == set(en.json())
    if status != 404 or chinese is not None:
        assert zh.status_code == status
    body = zh.json()
    assert body["what"] != en.json()["what"] and body["fix"] != en.json()["fix"] and has_chinese(body["fix"])
    if chinese is not None:
        assert chinese in body["what"]


def test_an_identifiers_problem_is_in_the_requests_language(client: TestClient) -> None:
    params = {"value": ["91411003E1962C6Y80", "91411003E1962C6Y8J"], "kind": "uscc"}
    zh = client.get("/check-id", params=params, headers=CHINESE).json()
    en = client.get("/check-id", params=params, headers=ENGLISH).json()
    assert [row["valid"] for row in zh] == [row["valid"] for row in en] == [False, True]
    assert "校验码" in zh[0]["problem"] and "check character" in en[0]["problem"]
    assert zh[1] == en[1]


def test_a_refusal_prepare_foresees_is_in_the_requests_language(tmp_path: Path) -> None:
    """An inspector may not commit a plan: the refusal prepare returns reads in Chinese or English, its fields
    the same, and the digest to sign is the same in both (the entry records no text of the response)."""
    workspace = make_workspace(tmp_path)
    client = TestClient(create_app(ServiceConfig(str(workspace / "store.sqlite3"), workspace, ProfileRegistry())))
    body = {"at": COMMIT_AT, "actor": actor_body(workspace / "actors" / "XC001.toml")}
    zh = client.post("/plans/XC-2026-12/commit/prepare", json=body, headers=CHINESE).json()
    en = prepare(client, "/plans/XC-2026-12/commit", body)
    assert zh["digests"] == en["digests"] and set(zh["refused"]) == set(en["refused"])
    assert en["refused"]["where"] == "XC001 → commit_plan" and zh["refused"]["where"] == "主体 XC001，操作 commit_plan"
    assert en["refused"]["what"].startswith("a 执法检查人员 may not commit_plan")
    assert zh["refused"]["what"].startswith("按 xuchang 的规则，执法检查人员 不得执行 commit_plan")
    assert zh["refused"]["fix"] == "请由本部门的 承办股室 办理此步骤"
