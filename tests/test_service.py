"""The HTTP service (docs/service.md) in FastAPI's test client: a whole plan over HTTP — commit, draw, verify,
record, ledger — with every write prepared, signed by its actor's own key and submitted; and the attacks on the
signed writes, each refused with nothing appended."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from random_inspection.io.actorfile import load_actor
from random_inspection.service.app import is_loopback
from random_inspection.store import Store
from tests.cli_support import COMMIT_AT, ENROLLED, make_workspace, now, run
from tests.service_support import actor_body, client_for, prepare, sign, signed_write

PLAN = "/plans/XC-2026-12"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


@pytest.fixture
def client(workspace: Path) -> TestClient:
    return client_for(workspace)


def actor(workspace: Path, name: str) -> Path:
    return workspace / "actors" / f"{name}.toml"


def entries(workspace: Path) -> list[Any]:
    store = Store.open(workspace / "store.sqlite3", readonly=True)
    try:
        return store.entries()
    finally:
        store.close()


def committed(client: TestClient, workspace: Path) -> None:
    response = signed_write(client, f"{PLAN}/commit", {"at": COMMIT_AT}, actor(workspace, "xc-section"))
    assert response.status_code == 200, response.text


def drawn(client: TestClient, workspace: Path) -> dict[str, Any]:
    committed(client, workspace)
    response = signed_write(client, f"{PLAN}/draw", {"public_input": "3 5 1 6"}, actor(workspace, "xc-office"))
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["draw"]
    return result


def rows(workspace: Path) -> list[dict[str, str]]:
    with (workspace / "results.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def recorder(workspace: Path, draw: dict[str, Any], subject: str) -> Path:
    """The actor file of the first member of ``subject``'s team (谁检查、谁录入)."""
    return actor(workspace, draw["teams"][subject][0])


def test_a_whole_plan_over_http(client: TestClient, workspace: Path) -> None:
    codes = [p["code"] for p in client.get("/profiles").json()]
    assert "xuchang" in codes and "national" in codes

    response = signed_write(client, f"{PLAN}/commit", {"at": COMMIT_AT}, actor(workspace, "xc-section"))
    assert response.status_code == 200, response.text
    commit = response.json()
    assert commit["ledger_entry"] == ENROLLED + 1 and commit["subjects"] > 0
    manifest_file = workspace / "XC-2026-12.manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    assert commit["manifest_hash"] == entries(workspace)[-1].payload["manifest_hash"]
    assert (workspace / "XC-2026-12.notice.html").exists()

    response = signed_write(client, f"{PLAN}/draw", {"public_input": "3 5 1 6"}, actor(workspace, "xc-office"))
    assert response.status_code == 200, response.text
    draw = response.json()["draw"]
    assert response.json()["ledger_entry"] == ENROLLED + 2
    assert client.get(f"{PLAN}/draw").json() == draw
    assert json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8")) == draw

    same = client.post("/verify", json={"manifest": manifest, "draw": draw}).json()
    assert same["same"] is True and same["manifest_hash"] == commit["manifest_hash"]
    forged = {**draw, "subjects": [draw["subjects"][1], draw["subjects"][0], *draw["subjects"][2:]]}
    assert client.post("/verify", json={"manifest": manifest, "draw": forged}).json()["first_difference"] == \
        "subjects"

    recorded = []
    for row in rows(workspace):
        subject = row["统一社会信用代码"]
        response = signed_write(client, f"{PLAN}/results", {"row": row}, recorder(workspace, draw, subject))
        assert response.status_code == 200, response.text
        assert response.json()["recorded"] == [subject]
        recorded.append(subject)
    kinds = [e.kind.value for e in entries(workspace)]
    assert kinds[ENROLLED:] == ["plan_committed", "draw_executed", *["result_recorded"] * len(recorded)]
    assert [e.actor["id"] for e in entries(workspace)[ENROLLED + 2:]] == \
        [draw["teams"][s][0] for s in recorded]

    audit = client.get("/ledger/verify").json()
    assert audit["verified"] is True and audit["complete"] is True
    assert audit["entries"] == ENROLLED + 2 + len(recorded) == audit["signatures_checked"]
    head = client.get("/ledger/head").json()
    assert client.get("/ledger/verify", params={"head": head["head"]}).status_code == 200
    assert head["seq"] == audit["entries"]

    # a row recorded again writes nothing: no digest to sign
    row = rows(workspace)[0]
    body = {"row": row, "actor": actor_body(recorder(workspace, draw, row["统一社会信用代码"]))}
    assert prepare(client, f"{PLAN}/results", body)["digests"] == []


def test_the_public_listing_withholds_what_is_not_public(client: TestClient, workspace: Path) -> None:
    """The inspection records are not public by rule (their public part is in the disclosure): the listing
    gives their hashes, never their content, as ``ledger publish`` does."""
    draw = drawn(client, workspace)
    row = rows(workspace)[1]
    assert row["检查结果"]
    response = signed_write(client, f"{PLAN}/results", {"row": row},
                            recorder(workspace, draw, row["统一社会信用代码"]))
    assert response.status_code == 200, response.text
    listing = client.get("/ledger").json()
    record = listing["entries"][-1]
    assert record["kind"] == "result_recorded" and record["body"] is None and record["withheld"]
    assert row["检查结果"] not in json.dumps(listing, ensure_ascii=False)
    assert listing["entries"][ENROLLED]["body"] is not None  # the commit is public
    assert entries(workspace)[-1].payload  # the store holds the record itself


def test_the_reads_answer_as_the_command_line(client: TestClient) -> None:
    due = client.get("/due", params={"event": "2026-09-30", "period": "5个工作日"})
    assert due.status_code == 200 and due.json()["due"] == "2026-10-13"  # 国庆: 10-01…07 off, 10-10 worked
    assert due.json()["legal_basis"]
    checked = client.get("/check-id", params={"value": ["91350100M000100Y43", "91350100M000100Y44"]}).json()
    assert [c["valid"] for c in checked] == [True, False]
    explained = client.get("/profiles/xuchang/explain", params={"as_of": "2026-12-01"})
    assert explained.status_code == 200 and explained.json()
    assert client.get("/profiles/nowhere/explain", params={"as_of": "2026-12-01"}).status_code == 404
    assert client.get("/plans/NO-SUCH/draw").status_code == 404


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/due", {"event": "2026-02-30", "period": "5个工作日"}, 400),
    ("/due", {"event": "2026-02-01", "period": "five days"}, 400),
    ("/due", {"event": "yesterday", "period": "5d"}, 422),
    ("/profiles/xuchang/explain", {"as_of": "2026-13-01"}, 400),
    ("/check-id", {"value": "x", "kind": "passport"}, 422),
])
def test_bad_input_is_a_problem_never_a_server_error(client: TestClient, path: str, params: dict[str, str],
                                                     status: int) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"what", "where", "fix"} and body["what"] and body["fix"]


# -- attacks on the signed writes: each refused, nothing appended ------------------------------------------------


def test_a_wrong_signature_is_refused(client: TestClient, workspace: Path) -> None:
    committed(client, workspace)
    before = len(entries(workspace))
    body = {"public_input": "3 5 1 6", "actor": actor_body(actor(workspace, "xc-office"))}
    prepared = prepare(client, f"{PLAN}/draw", body)
    signatures = sign(prepared, actor(workspace, "xc-office"))
    signatures[0]["signature"] = ("00" if signatures[0]["signature"][:2] != "00" else "01") + \
        signatures[0]["signature"][2:]
    response = client.post(f"{PLAN}/draw", json={**body, "at": prepared["at"], "signatures": signatures})
    assert response.status_code == 403 and "does not verify" in response.json()["what"]
    assert len(entries(workspace)) == before


def test_another_actors_signature_is_refused(client: TestClient, workspace: Path) -> None:
    """The office's body signed by the section's key (both enrolled): refused, nothing appended."""
    committed(client, workspace)
    before = len(entries(workspace))
    body = {"public_input": "3 5 1 6", "actor": actor_body(actor(workspace, "xc-office"))}
    prepared = prepare(client, f"{PLAN}/draw", body)
    response = client.post(f"{PLAN}/draw", json={**body, "at": prepared["at"],
                                                 "signatures": sign(prepared, actor(workspace, "xc-section"))})
    assert response.status_code == 403
    assert len(entries(workspace)) == before


def test_a_revoked_key_is_refused(client: TestClient, workspace: Path) -> None:
    committed(client, workspace)
    body = {"public_input": "3 5 1 6", "actor": actor_body(actor(workspace, "xc-office"))}
    prepared = prepare(client, f"{PLAN}/draw", body)
    signatures = sign(prepared, actor(workspace, "xc-office"))
    admin, admin_signer = load_actor(actor(workspace, "xc-admin"))
    store = Store.open(workspace / "store.sqlite3")
    try:
        store.revoke("XC-SSJB", "钥匙遗失", actor=admin, signer=admin_signer, at=now())
    finally:
        store.close()
    before = len(entries(workspace))
    response = client.post(f"{PLAN}/draw", json={**body, "at": prepared["at"], "signatures": signatures})
    assert response.status_code == 403 and "revoked" in response.json()["what"]
    assert client.post(f"{PLAN}/draw/prepare", json=body).status_code == 403
    assert len(entries(workspace)) == before


def test_a_submission_prepared_before_another_write_is_refused(client: TestClient, workspace: Path) -> None:
    """Two rows prepared at the same head: the second submitted after the first was written chains to a head
    that is gone — the ledger moved on. Prepared again, it is recorded."""
    draw = drawn(client, workspace)
    two = rows(workspace)[:2]
    files = [recorder(workspace, draw, r["统一社会信用代码"]) for r in two]
    bodies = [{"row": r, "actor": actor_body(f)} for r, f in zip(two, files, strict=True)]
    prepared = [prepare(client, f"{PLAN}/results", b) for b in bodies]
    assert prepared[0]["head"] == prepared[1]["head"]
    submitted = [{**b, "at": p["at"], "signatures": sign(p, f)}
                 for b, p, f in zip(bodies, prepared, files, strict=True)]
    assert client.post(f"{PLAN}/results", json=submitted[0]).status_code == 200
    before = len(entries(workspace))
    response = client.post(f"{PLAN}/results", json=submitted[1])
    assert response.status_code == 409 and "moved on" in response.json()["what"]
    assert len(entries(workspace)) == before
    again = prepare(client, f"{PLAN}/results", bodies[1])
    response = client.post(f"{PLAN}/results",
                           json={**bodies[1], "at": again["at"], "signatures": sign(again, files[1])})
    assert response.status_code == 200 and len(entries(workspace)) == before + 1


def test_a_replayed_draw_is_refused(client: TestClient, workspace: Path) -> None:
    committed(client, workspace)
    body = {"public_input": "3 5 1 6", "actor": actor_body(actor(workspace, "xc-office"))}
    prepared = prepare(client, f"{PLAN}/draw", body)
    submitted = {**body, "at": prepared["at"], "signatures": sign(prepared, actor(workspace, "xc-office"))}
    assert client.post(f"{PLAN}/draw", json=submitted).status_code == 200
    before = len(entries(workspace))
    assert client.post(f"{PLAN}/draw", json=submitted).status_code == 409
    assert len(entries(workspace)) == before


def test_signatures_prepared_for_another_body_are_refused(client: TestClient, workspace: Path) -> None:
    committed(client, workspace)
    before = len(entries(workspace))
    body = {"public_input": "3 5 1 6", "actor": actor_body(actor(workspace, "xc-office"))}
    prepared = prepare(client, f"{PLAN}/draw", body)
    signatures = sign(prepared, actor(workspace, "xc-office"))
    response = client.post(f"{PLAN}/draw", json={**body, "public_input": "1 1 1 1", "at": prepared["at"],
                                                 "signatures": signatures})
    assert response.status_code == 409 and "prepare again" in response.json()["fix"]
    response = client.post(f"{PLAN}/draw", json={**body, "at": prepared["at"], "signatures": []})
    assert response.status_code == 409
    assert len(entries(workspace)) == before


def test_an_actor_not_in_the_register_is_refused(client: TestClient, workspace: Path) -> None:
    body = {"at": COMMIT_AT, "actor": {**actor_body(actor(workspace, "xc-section")), "role": "双随机办"}}
    response = client.post(f"{PLAN}/commit/prepare", json=body)
    assert response.status_code == 403 and "register" in response.json()["what"]
    body = {"at": COMMIT_AT, "actor": {**actor_body(actor(workspace, "xc-section")), "id": "XC-999"}}
    assert client.post(f"{PLAN}/commit/prepare", json=body).status_code == 403
    assert len(entries(workspace)) == ENROLLED


def test_a_refused_action_is_recorded_only_signed_by_its_actor(client: TestClient, workspace: Path) -> None:
    """An inspector may not commit a plan (许昌 第十四条: the section does): prepare says so and gives the digest
    of the refusal's entry; signed and submitted, the refusal is recorded (403, with the receipt), as the command
    line records it — but never unsigned."""
    body = {"at": COMMIT_AT, "actor": actor_body(actor(workspace, "XC001"))}
    prepared = prepare(client, f"{PLAN}/commit", body)
    assert prepared["refused"] is not None and len(prepared["digests"]) == 1
    assert len(entries(workspace)) == ENROLLED
    response = client.post(f"{PLAN}/commit", json={**body, "at": prepared["at"],
                                                   "signatures": sign(prepared, actor(workspace, "XC001"))})
    assert response.status_code == 403
    refusal = entries(workspace)[-1]
    assert refusal.kind.value == "refused" and refusal.actor["id"] == "XC001"
    assert response.json()["entry"] == refusal.seq and response.json()["entry_hash"] == refusal.entry_hash
    assert refusal.entry_hash == prepared["digests"][0]


def test_the_command_line_starts_without_the_service() -> None:
    """``serve`` imports the service only when it runs: the other commands start as fast as before."""
    code = ("import sys, random_inspection.cli; "
            "print(sorted(m for m in ('fastapi', 'uvicorn', 'random_inspection.service') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                 ("0.0.0.0", False), ("192.168.1.10", False), ("example.org", False)])
def test_only_a_loopback_address_is_quiet(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_refuses_a_store_that_is_not_there(tmp_path: Path) -> None:
    code, _, err = run("serve", "--store", str(tmp_path / "none.sqlite3"), "--plans", str(tmp_path))
    assert code == 2 and "there is no store" in err
