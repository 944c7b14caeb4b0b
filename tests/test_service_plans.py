"""A plan's further endpoints of the HTTP service (docs/service.md): its check and its disclosure (public), its
obligations (a signed read, and the attacks on it), its recusals and reserves (signed writes), and a joint team
plan's id with a "/" in the path."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from random_inspection.io.actorfile import load_actor
from random_inspection.store import Store
from tests.cli_support import COMMIT_AT, make_workspace, now, run
from tests.service_support import actor_body, client_for, prepare, read_headers, signed_read, signed_write

PLAN = "/plans/XC-2026-12"
OBLIGATIONS = f"{PLAN}/obligations"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


@pytest.fixture
def client(workspace: Path) -> TestClient:
    return client_for(workspace)


def actor(workspace: Path, name: str) -> Path:
    return workspace / "actors" / f"{name}.toml"


def kinds(workspace: Path) -> list[str]:
    store = Store.open(workspace / "store.sqlite3", readonly=True)
    try:
        return [e.kind.value for e in store.entries()]
    finally:
        store.close()


def drawn(client: TestClient, workspace: Path, plan: str = PLAN) -> dict[str, Any]:
    assert signed_write(client, f"{plan}/commit", {"at": COMMIT_AT}, actor(workspace, "xc-section")).status_code == 200
    response = signed_write(client, f"{plan}/draw", {"public_input": "3 5 1 6"}, actor(workspace, "xc-office"))
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["draw"]
    return result


def recorded(client: TestClient, workspace: Path) -> dict[str, Any]:
    """The example plan drawn and every row of its results file recorded, each by the first of its team."""
    draw = drawn(client, workspace)
    with (workspace / "results.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            team = draw["teams"][row["统一社会信用代码"]]
            response = signed_write(client, f"{PLAN}/results", {"row": row}, actor(workspace, team[0]))
            assert response.status_code == 200 and response.json()["recorded"], response.text
    return draw


def test_check_answers_as_the_command_line(client: TestClient, workspace: Path) -> None:
    response = client.get(f"{PLAN}/check")
    assert response.status_code == 200, response.text
    code, out, err = run("check", str(workspace / "plan.toml"), "--store", str(workspace / "store.sqlite3"),
                         "--format", "json")
    assert code == 0, err
    answer = response.json()
    assert answer.pop("ok") is True and answer == json.loads(out)
    assert answer["manifest_hash"] and answer["rosters"][0]["rows"] > 0


def test_check_reports_a_bad_row_as_not_ok(client: TestClient, workspace: Path) -> None:
    subjects = workspace / "rosters" / "subjects.csv"
    lines = subjects.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace("91411002", "X1411002", 1)  # a 统一社会信用代码 that does not check
    subjects.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = (workspace / "plan.toml").read_text(encoding="utf-8")
    (workspace / "plan.toml").write_text(re.sub(r"subjects\.xlsx", "subjects.csv", plan), encoding="utf-8")
    answer = client.get(f"{PLAN}/check").json()
    assert answer["ok"] is False and answer["manifest_hash"] is None
    assert any(r["problems"] for r in answer["rosters"] if r["kind"] == "subjects")


def test_a_team_plan_id_with_a_slash_is_addressable(client: TestClient, workspace: Path) -> None:
    plan = (workspace / "plan.toml").read_text(encoding="utf-8")
    (workspace / "plan.toml").write_text(plan.replace('plan_id = "XC-2026-12"', 'plan_id = "XC-2026-12/yjj"'),
                                         encoding="utf-8")
    team = "/plans/XC-2026-12/yjj"
    assert client.get(f"{team}/check").json()["plan_id"] == "XC-2026-12/yjj"
    assert client.get("/plans/XC-2026-12%2Fyjj/check").json()["plan_id"] == "XC-2026-12/yjj"
    assert client.get(f"{PLAN}/check").status_code == 404  # no plan XC-2026-12 any more
    draw = drawn(client, workspace, team)
    assert (workspace / "XC-2026-12__yjj.manifest.json").exists()
    assert client.get(f"{team}/draw").json() == draw
    assert draw["manifest_hash"] == json.loads((workspace / "XC-2026-12__yjj.draw.json").read_text())[
        "manifest_hash"]


def test_a_recusal_and_a_reserve_are_signed_writes(client: TestClient, workspace: Path) -> None:
    draw = drawn(client, workspace)
    first, second = draw["subjects"][:2]
    leaving = draw["teams"][first][0]
    body = {"subject": first, "inspector": leaving, "method": "replace", "reason": "利害关系",
            "details": "其配偶在该企业任职"}
    response = signed_write(client, f"{PLAN}/recusals", body, actor(workspace, "xc-office"))
    assert response.status_code == 200, response.text
    done = response.json()
    assert leaving not in done["team"] and done["replacement"] in done["team"]
    in_force = client.get(f"{PLAN}/draw").json()
    assert in_force["teams"][first] == done["team"] and in_force["recusals"][0]["inspector"] == leaving

    response = signed_write(client, f"{PLAN}/reserves", {"subject": second, "reason": "注销"},
                            actor(workspace, "xc-office"))
    assert response.status_code == 200, response.text
    reserve = response.json()
    assert reserve["replaced"] == second and reserve["subject"] in draw["reserve"][reserve["stratum"]]
    assert reserve["team"] == draw["teams"][second]
    assert kinds(workspace)[-2:] == ["recusal", "reserve_used"]
    # the details are private: the public listing does not give them
    assert "其配偶" not in json.dumps(client.get("/ledger").json(), ensure_ascii=False)


def test_a_recusal_signed_by_another_is_refused_with_nothing_written(client: TestClient, workspace: Path) -> None:
    draw = drawn(client, workspace)
    subject = draw["subjects"][0]
    body = {"subject": subject, "inspector": draw["teams"][subject][0], "reason": "近亲属", "method": "replace",
            "actor": actor_body(actor(workspace, "xc-office"))}
    prepared = prepare(client, f"{PLAN}/recusals", body)
    _, other = load_actor(actor(workspace, "XC001"))
    forged = [{"digest": d, "signature": other.sign(d.encode()).hex()} for d in prepared["digests"]]
    before = kinds(workspace)
    response = client.post(f"{PLAN}/recusals", json={**body, "at": prepared["at"], "signatures": forged})
    assert response.status_code == 403 and kinds(workspace) == before


def _personal_data(workspace: Path) -> set[str]:
    """Every phone number, ID number and 法定代表人 of the example rosters."""
    found: set[str] = set()
    for name, columns in (("inspectors.csv", ("手机号码", "身份证号")), ("subjects.csv", ("联系电话", "法定代表人"))):
        with (workspace / "rosters" / name).open(encoding="utf-8-sig", newline="") as f:
            found |= {row[c] for row in csv.DictReader(f) for c in columns if row.get(c)}
    return found


def test_the_disclosure_is_the_exports_and_holds_no_personal_data(client: TestClient, workspace: Path) -> None:
    recorded(client, workspace)
    assert client.get(f"{PLAN}/disclosure").status_code == 200
    response = client.get(f"{PLAN}/disclosure")
    answer = response.json()
    out = workspace / "out"
    code, _, err = run("export", str(workspace / "plan.toml"), "--store", str(workspace / "store.sqlite3"),
                       "--out", str(out))
    assert code == 0, err
    assert answer == json.loads((out / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert answer["inspections"] and answer["ledger_head"]
    text = response.text
    personal = _personal_data(workspace)
    assert len(personal) > 10
    assert not [p for p in personal if p in text]
    assert not re.search(r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dXx])(?!\d)", text)


def test_the_disclosure_of_a_plan_not_drawn_is_refused(client: TestClient) -> None:
    assert client.get(f"{PLAN}/disclosure").status_code == 400
    assert client.get("/plans/NO-SUCH/disclosure").status_code == 404


def test_obligations_are_a_signed_read_as_the_command_line(client: TestClient, workspace: Path) -> None:
    recorded(client, workspace)
    response = signed_read(client, OBLIGATIONS, "on=2027-01-20", actor(workspace, "xc-office"))
    assert response.status_code == 200, response.text
    code, out, err = run("obligations", str(workspace / "plan.toml"), "--store", str(workspace / "store.sqlite3"),
                         "--on", "2027-01-20", "--format", "json")
    assert code == 0, err
    assert response.json() == json.loads(out) and response.json()
    late = signed_read(client, OBLIGATIONS, "on=2027-06-30&overdue=true", actor(workspace, "XC001"))
    assert late.status_code == 200 and late.json() and all(o["status"] == "已逾期" for o in late.json())
    assert len(late.json()) < len(response.json())
    assert signed_read(client, OBLIGATIONS, "", actor(workspace, "xc-office")).status_code == 200  # today


def test_a_signed_read_refuses_the_attacks(client: TestClient, workspace: Path) -> None:
    recorded(client, workspace)
    office = actor(workspace, "xc-office")
    assert client.get(OBLIGATIONS, params={"on": "2027-01-20"}).status_code == 401  # no signature
    # another actor's key, naming the office
    office_id = load_actor(office)[0].id
    forged = read_headers(client, OBLIGATIONS, "on=2027-01-20", actor(workspace, "XC001"), actor_id=office_id)
    assert client.get(f"{OBLIGATIONS}?on=2027-01-20", headers=forged).status_code == 403
    # a signature of one query replayed for another, or for another plan's path
    headers = read_headers(client, OBLIGATIONS, "on=2027-01-20", office)
    assert client.get(f"{OBLIGATIONS}?on=2027-01-20", headers=headers).status_code == 200
    assert client.get(f"{OBLIGATIONS}?on=2027-06-30", headers=headers).status_code == 403
    assert client.get(f"{OBLIGATIONS}?on=2027-01-20&overdue=true", headers=headers).status_code == 403
    assert client.get("/plans/XC-2026-12/check", headers=headers).status_code == 200  # a public read anyway
    # expired, and too far ahead
    past = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)).isoformat()
    later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).isoformat()
    for expires in (past, later, "2027-01-01T00:00:00"):
        response = signed_read(client, OBLIGATIONS, "on=2027-01-20", office, expires=expires)
        assert response.status_code == 403 and response.json()["where"] == "X-Expires", expires
    # not enrolled
    assert signed_read(client, OBLIGATIONS, "on=2027-01-20", office, actor_id="NOBODY").status_code == 403
    # a signature made at an earlier head: the ledger moved on
    stale = read_headers(client, OBLIGATIONS, "on=2027-01-20", office)
    admin, admin_signer = load_actor(actor(workspace, "xc-admin"))
    store = Store.open(workspace / "store.sqlite3")
    try:
        store.revoke("XC001", "钥匙遗失", actor=admin, signer=admin_signer, at=now())
    finally:
        store.close()
    assert client.get(f"{OBLIGATIONS}?on=2027-01-20", headers=stale).status_code == 409
    # a revoked key, signed at the head now
    response = signed_read(client, OBLIGATIONS, "on=2027-01-20", actor(workspace, "XC001"))
    assert response.status_code == 403 and response.json()["where"] == "X-Actor"
    assert signed_read(client, OBLIGATIONS, "on=2027-01-20", office).status_code == 200
