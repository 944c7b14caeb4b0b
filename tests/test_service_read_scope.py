"""Who reads which staff data over HTTP (docs/service.md, *Who reads what*): a plan's obligations and the status
view are signed reads, answered in full to the offices and the administrator, and to any other reader only for
their own department's plans and duties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.cli_support import admin, make_workspace, now, run
from tests.service_support import client_for, read_headers, signed_read
from tests.test_service_plans import OBLIGATIONS, actor, recorded

QUERY = "on=2027-01-20"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


@pytest.fixture
def client(workspace: Path) -> TestClient:
    return client_for(workspace)


def enrolled(workspace: Path, name: str, role: str, department: str) -> Path:
    """An actor of ``department`` with a key of their own, enrolled by the store's administrator now."""
    path = workspace / "actors" / f"{name}.toml"
    code, _, err = run("keygen", str(path), "--id", name, "--name", f"{name} 的人员", "--role", role,
                       "--department", department)
    assert code == 0, err
    code, _, err = run("ledger", "enrol", str(path), "--store", str(workspace / "store.sqlite3"), "--at", now(),
                       *admin(workspace))
    assert code == 0, err
    return path


def test_an_inspector_of_another_department_is_refused_a_plans_obligations(client: TestClient,
                                                                            workspace: Path) -> None:
    recorded(client, workspace)
    stranger = enrolled(workspace, "SC001", "执法检查人员", "scjgj")
    response = signed_read(client, OBLIGATIONS, QUERY, stranger)
    assert response.status_code == 403, response.text
    what = response.json()["what"]
    assert "SC001" in what and "scjgj" in what and "own department only" in what and "yjj" in what
    # the plan's own inspector, its section and the offices read it; so does an office of another department
    for reader in ("XC001", "xc-section", "xc-office", "xc-admin"):
        assert signed_read(client, OBLIGATIONS, QUERY, actor(workspace, reader)).status_code == 200, reader
    office = enrolled(workspace, "SC-SSJB", "双随机办", "scjgj")
    assert signed_read(client, OBLIGATIONS, QUERY, office).status_code == 200


def test_the_refusal_is_in_chinese_when_asked(client: TestClient, workspace: Path) -> None:
    recorded(client, workspace)
    stranger = enrolled(workspace, "SC002", "承办股室", "scjgj")
    headers = {**read_headers(client, OBLIGATIONS, QUERY, stranger), "Accept-Language": "zh-CN"}
    response = client.get(f"{OBLIGATIONS}?{QUERY}", headers=headers)
    assert response.status_code == 403 and response.headers["Content-Language"] == "zh"
    assert "本部门" in response.json()["what"]


def test_status_is_a_signed_read_limited_to_the_readers_department(client: TestClient, workspace: Path) -> None:
    recorded(client, workspace)
    assert client.get("/status", params={"on": "2027-06-30"}).status_code == 401
    query = "on=2027-06-30"
    full = signed_read(client, "/status", query, actor(workspace, "xc-office"))
    assert full.status_code == 200, full.text
    code, out, err = run("status", "--store", str(workspace / "store.sqlite3"), "--plans", str(workspace),
                         "--on", "2027-06-30", "--format", "json")
    assert code == 0, err
    assert full.json() == json.loads(out) and full.json()["overdue"] > 0
    # an inspector of the plan's department: their department's duties, as status --department gives them
    own = signed_read(client, "/status", query, actor(workspace, "XC001"))
    assert own.status_code == 200 and own.json()["department"] == "yjj"
    code, out, err = run("status", "--store", str(workspace / "store.sqlite3"), "--plans", str(workspace),
                         "--on", "2027-06-30", "--department", "yjj", "--format", "json")
    assert code == 0, err
    assert own.json() == json.loads(out)
    # another department's inspector sees none of yjj's duties, and may not ask for them
    stranger = enrolled(workspace, "SC003", "执法检查人员", "scjgj")
    theirs = signed_read(client, "/status", query, stranger)
    assert theirs.status_code == 200 and theirs.json()["department"] == "scjgj" and theirs.json()["overdue"] == 0
    asked = signed_read(client, "/status", f"{query}&department=yjj", stranger)
    assert asked.status_code == 403 and "own department scjgj only" in asked.json()["what"]
