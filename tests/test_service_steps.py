"""The recording steps over HTTP (docs/service.md, ``POST /plans/{plan_id}/steps/…``): each step through the
command line and through the service, on two identical stores, writes the same ledger entry byte for byte; the
permission checks are the command line's (a refused step records only a refusal, and only signed); the attacks on
a signed write are refused with nothing appended."""

from __future__ import annotations

import json
import shutil
import typing
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from random_inspection.profiles import ProfileRegistry
from random_inspection.service import ServiceConfig, create_app
from random_inspection.service.step_bodies import LetterStep
from random_inspection.store import Store
from random_inspection.store.schema import ledger
from random_inspection.store.steps import LETTER_STEPS
from tests.cli_support import committed_and_drawn, inspectors, make_workspace, run
from tests.service_support import actor_body, prepare, sign, signed_write
from tests.test_cli_steps import OTHER, SUBJECT, _receiver, _recorded

PLAN = "/plans/XC-2026-12"
DAY_AT = "2027-01-10T09:00:00+08:00"


def _actor(workspace: Path, name: str) -> Path:
    return workspace / "actors" / f"{name}.toml"


def _client(workspace: Path) -> TestClient:
    """The service over the workspace, with the local profile ``letters`` of :func:`_recorded` if there is one."""
    folders = (str(workspace / "my-profiles"),) if (workspace / "my-profiles").exists() else ()
    config = ServiceConfig(str(workspace / "store.sqlite3"), workspace, ProfileRegistry(folders=folders))
    return TestClient(create_app(config), raise_server_exceptions=False)


def _rows(workspace: Path) -> list[tuple[Any, ...]]:
    """Every ledger row as written: number, kind, plan, canonical body, previous and own hash, actor."""
    store = Store.open(workspace / "store.sqlite3", readonly=True)
    try:
        with store.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(
                sa.select(ledger.c.seq, ledger.c.kind, ledger.c.plan_id, ledger.c.body, ledger.c.prev_hash,
                          ledger.c.entry_hash, ledger.c.actor, ledger.c.algorithm).order_by(ledger.c.seq))]
    finally:
        store.close()


def _kinds(workspace: Path) -> list[str]:
    return [r[1] for r in _rows(workspace)]


@pytest.fixture
def twins(tmp_path: Path) -> tuple[Path, Path]:
    """Two identical workspaces: the example plan under the local profile ``letters`` committed, drawn, its
    results recorded and a receiving department's actor enrolled (through the command line), then copied."""
    cli = make_workspace(tmp_path / "cli")
    _, store, _ = _recorded(cli, "letters")
    _receiver(cli, store)
    http = tmp_path / "http" / "examples"
    shutil.copytree(cli, http)
    assert _rows(cli) == _rows(http)
    return cli, http


def _cli_step(workspace: Path, *args: str) -> None:
    code, _, err = run("step", *args, "--store", str(workspace / "store.sqlite3"), "--profiles-dir",
                       str(workspace / "my-profiles"), "--at", DAY_AT)
    assert code == 0, err


def _http_step(client: TestClient, path: str, body: dict[str, Any], actor_file: Path) -> dict[str, Any]:
    response = signed_write(client, f"{PLAN}/steps/{path}", {**body, "at": DAY_AT}, actor_file)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_each_step_over_http_is_the_command_lines_entry_byte_for_byte(twins: tuple[Path, Path]) -> None:
    cli, http = twins
    plan = str(cli / "letters.toml")
    findings = cli / "findings.csv"
    findings.write_text("统一社会信用代码,事项编码,是否发现隐患,检查发现,整改期限,检查日期\n"
                        f"{SUBJECT},YJ-001,否,,,2026-12-30\n", encoding="utf-8")
    _cli_step(cli, "finding", plan, SUBJECT, "--item", "YJ-006", "--hazard", "--note", "安全出口堵塞",
              "--rectify-by", "2027-01-15", "--date", "2026-12-30", "--as", str(_actor(cli, "XC001")))
    _cli_step(cli, "findings", plan, str(findings), "--as", str(_actor(cli, "XC011")))
    _cli_step(cli, "hand-over", plan, SUBJECT, "--to", "联合抽查办公室", "--date", "2027-01-02", "--as",
              str(_actor(cli, "XC011")))
    _cli_step(cli, "transfer", plan, SUBJECT, "--to", "scjgj", "--date", "2027-01-05", "--letter",
              "许应急函〔2027〕1号", "--as", str(_actor(cli, "xc-section")))
    _cli_step(cli, "transfer", plan, SUBJECT, "--to", "scjgj", "--step", "收到移交函", "--date", "2027-01-07",
              "--as", str(_actor(cli, "sj-case")))

    client = _client(http)
    start = len(_rows(http))
    got = _http_step(client, "finding", {"subject": SUBJECT, "item": "YJ-006", "hazard": True, "note": "安全出口堵塞",
                                         "rectification_due": "2027-01-15", "day": "2026-12-30"},
                     _actor(http, "XC001"))
    assert got["ledger_entry"] == start + 1 and got["plan_id"] == "XC-2026-12"
    assert got["step"]["finding"] == {"item": "YJ-006", "compliant": False, "note": "安全出口堵塞"}
    row = {"统一社会信用代码": SUBJECT, "事项编码": "YJ-001", "是否发现隐患": "否", "检查发现": "", "整改期限": "",
           "检查日期": "2026-12-30"}
    _http_step(client, "findings", {"row": row}, _actor(http, "XC011"))
    _http_step(client, "hand-over", {"subject": SUBJECT, "to": "联合抽查办公室", "day": "2027-01-02"},
               _actor(http, "XC011"))
    sent = _http_step(client, "transfer", {"subject": SUBJECT, "to": "scjgj", "day": "2027-01-05",
                                           "letter": "许应急函〔2027〕1号"}, _actor(http, "xc-section"))
    assert sent["step"] == {"subject": SUBJECT, "department": "yjj", "day": "2027-01-05", "step": "函告移交问题线索",
                            "to": "scjgj", "sender": "yjj", "letter": "许应急函〔2027〕1号"}
    _http_step(client, "transfer", {"subject": SUBJECT, "to": "scjgj", "step": "收到移交函", "day": "2027-01-07"},
               _actor(http, "sj-case"))

    assert _kinds(http)[start:] == ["step_recorded"] * 5
    assert _rows(http) == _rows(cli)
    code, _, err = run("ledger", "verify", "--store", str(http / "store.sqlite3"))
    assert code == 0, err


def test_a_refused_step_records_the_command_lines_refusal_only_signed(twins: tuple[Path, Path]) -> None:
    """An inspector off the subject's team, a letter sent in the name of a department the actor is not of, a
    hand-over by a department not of the plan: prepare foresees the refusal and appends nothing; signed and
    submitted, the answer is a 403 with the receipt and the ledger holds the refusal the command line records for
    the same step — never the step."""
    cli, http = twins
    plan = str(cli / "letters.toml")
    client = _client(http)
    refused = (("finding", ("--item", "YJ-003", "--hazard", "--date", "2026-12-30"), "XC008",
                {"item": "YJ-003", "hazard": True, "day": "2026-12-30"}, "XC008 was not on the team"),
               ("transfer", ("--to", "scjgj", "--from", "zjj", "--date", "2027-01-05"), "xc-section",
                {"to": "scjgj", "sender": "zjj", "day": "2027-01-05"}, "sent by zjj"),
               ("transfer", ("--to", "scjgj", "--date", "2027-01-05"), "XC001",
                {"to": "scjgj", "day": "2027-01-05"}, "承办股室"),
               ("hand-over", ("--to", "联合抽查办公室", "--from", "scjgj", "--date", "2027-01-02"), "XC001",
                {"to": "联合抽查办公室", "sender": "scjgj", "day": "2027-01-02"}, "not a department of the plan"))
    for path, options, who, fields, why in refused:
        code, _, err = run("step", path, plan, SUBJECT, *options, "--store", str(cli / "store.sqlite3"),
                           "--profiles-dir", str(cli / "my-profiles"), "--at", DAY_AT, "--as", str(_actor(cli, who)))
        assert code == 2 and why in err, err
        before = len(_rows(http))
        body = {"subject": SUBJECT, **fields, "at": DAY_AT, "actor": actor_body(_actor(http, who))}
        prepared = prepare(client, f"{PLAN}/steps/{path}", body)
        assert prepared["refused"] is not None and why in prepared["refused"]["what"]
        assert len(_rows(http)) == before
        response = client.post(f"{PLAN}/steps/{path}", json={**body, "signatures": sign(prepared, _actor(http, who))})
        assert response.status_code == 403 and why in response.json()["what"], response.text
        assert _kinds(http)[before:] == ["refused"]
        assert response.json()["entry"] == before + 1 and response.json()["entry_hash"] == prepared["digests"][0]
    assert "step_recorded" not in _kinds(http)
    assert _rows(http) == _rows(cli)


def test_a_refused_fix_names_the_bodys_field(twins: tuple[Path, Path]) -> None:
    _, http = twins
    client = _client(http)
    body = {"subject": SUBJECT, "to": "yjj", "day": "2027-01-05", "at": DAY_AT,
            "actor": actor_body(_actor(http, "xc-section"))}
    prepared = prepare(client, f"{PLAN}/steps/transfer", body)
    assert prepared["refused"] is not None and prepared["refused"]["fix"].endswith("(field to)")
    response = client.post(f"{PLAN}/steps/transfer",
                           json={**body, "signatures": sign(prepared, _actor(http, "xc-section"))})
    assert response.status_code == 403 and "(field to)" in response.json()["fix"]
    assert response.json()["fix"] == prepared["refused"]["fix"]
    assert response.json()["where"] == prepared["refused"]["where"] == "XC-ZFZD → transfer"
    zh = client.post(f"{PLAN}/steps/transfer/prepare", json=body, headers={"accept-language": "zh-CN"}).json()
    assert zh["refused"]["where"] == "主体 XC-ZFZD，操作 transfer" and zh["refused"]["fix"].endswith("（字段 to）")


# -- attacks on the signed writes: each refused, nothing appended ------------------------------------------------

FINDING = {"subject": SUBJECT, "item": "YJ-006", "hazard": True, "day": "2026-12-30"}


def test_a_wrong_signature_or_another_actors_is_refused(twins: tuple[Path, Path]) -> None:
    _, http = twins
    client = _client(http)
    before = _rows(http)
    body = {**FINDING, "actor": actor_body(_actor(http, "XC001"))}
    prepared = prepare(client, f"{PLAN}/steps/finding", body)
    signatures = sign(prepared, _actor(http, "XC001"))
    signatures[0]["signature"] = ("00" if signatures[0]["signature"][:2] != "00" else "01") + \
        signatures[0]["signature"][2:]
    response = client.post(f"{PLAN}/steps/finding", json={**body, "at": prepared["at"], "signatures": signatures})
    assert response.status_code == 403 and "does not verify" in response.json()["what"]
    # the body of XC001, signed by XC011 (both on the team, both enrolled)
    response = client.post(f"{PLAN}/steps/finding", json={**body, "at": prepared["at"],
                                                          "signatures": sign(prepared, _actor(http, "XC011"))})
    assert response.status_code == 403
    assert _rows(http) == before


def test_a_replayed_step_is_refused(twins: tuple[Path, Path]) -> None:
    """Submitted again, the same signed step chains to a head that is gone: 409, nothing appended."""
    _, http = twins
    client = _client(http)
    body = {**FINDING, "actor": actor_body(_actor(http, "XC001"))}
    prepared = prepare(client, f"{PLAN}/steps/finding", body)
    submitted = {**body, "at": prepared["at"], "signatures": sign(prepared, _actor(http, "XC001"))}
    assert client.post(f"{PLAN}/steps/finding", json=submitted).status_code == 200
    before = _rows(http)
    response = client.post(f"{PLAN}/steps/finding", json=submitted)
    assert response.status_code == 409 and "prepare again" in response.json()["fix"]
    assert _rows(http) == before


def test_a_step_prepared_before_another_write_is_refused(twins: tuple[Path, Path]) -> None:
    _, http = twins
    client = _client(http)
    first = {**FINDING, "actor": actor_body(_actor(http, "XC001"))}
    second = {"subject": SUBJECT, "to": "联合抽查办公室", "day": "2027-01-02",
              "actor": actor_body(_actor(http, "XC011"))}
    prepared = [prepare(client, f"{PLAN}/steps/finding", first), prepare(client, f"{PLAN}/steps/hand-over", second)]
    assert prepared[0]["head"] == prepared[1]["head"]
    assert client.post(f"{PLAN}/steps/finding", json={**first, "at": prepared[0]["at"], "signatures": sign(
        prepared[0], _actor(http, "XC001"))}).status_code == 200
    before = _rows(http)
    submitted = {**second, "at": prepared[1]["at"], "signatures": sign(prepared[1], _actor(http, "XC011"))}
    response = client.post(f"{PLAN}/steps/hand-over", json=submitted)
    assert response.status_code == 409 and "moved on" in response.json()["what"]
    assert _rows(http) == before
    again = prepare(client, f"{PLAN}/steps/hand-over", second)
    response = client.post(f"{PLAN}/steps/hand-over", json={**second, "at": again["at"],
                                                            "signatures": sign(again, _actor(http, "XC011"))})
    assert response.status_code == 200 and len(_rows(http)) == len(before) + 1


def test_a_bad_findings_row_is_a_problem_of_its_row(twins: tuple[Path, Path]) -> None:
    _, http = twins
    client = _client(http)
    before = _rows(http)
    row = {"统一社会信用代码": SUBJECT, "事项编码": "YJ-003", "是否发现隐患": "也许", "检查日期": "2026-12-30"}
    body = {"row": row, "actor": actor_body(_actor(http, "XC001"))}
    response = client.post(f"{PLAN}/steps/findings/prepare", json=body)
    assert response.status_code == 400 and "是否发现隐患" in response.json()["where"]
    assert _rows(http) == before


def test_a_team_plan_is_addressable_with_its_slash(tmp_path: Path) -> None:
    """A team plan ``PLAN/DEPT``: its steps at /plans/PLAN/DEPT/steps/…, as its other writes."""
    workspace = make_workspace(tmp_path)
    text = (workspace / "plan.toml").read_text(encoding="utf-8")
    (workspace / "plan.toml").write_text(text.replace('plan_id = "XC-2026-12"', 'plan_id = "XC-2026-12/yjj"'),
                                         encoding="utf-8")
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    draw = json.loads((workspace / "XC-2026-12__yjj.draw.json").read_text(encoding="utf-8"))
    subject = draw["subjects"][0]
    inspector, items = draw["teams"][subject][0], draw["items"][subject]
    results = workspace / "team-results.csv"
    results.write_text(f"统一社会信用代码,检查开始,检查结束,检查结果\n{subject},2026-12-29,2026-12-30,1\n",
                       encoding="utf-8")
    code, _, err = run("record", plan, str(results), "--store", store, *inspectors(workspace))
    assert code == 0, err
    client = _client(workspace)
    for team, item in (("/plans/XC-2026-12/yjj", items[0]), ("/plans/XC-2026-12%2Fyjj", items[1])):
        body = {"subject": subject, "item": item, "hazard": False, "day": "2026-12-30"}
        response = signed_write(client, f"{team}/steps/finding", body, _actor(workspace, inspector))
        assert response.status_code == 200, response.text
        assert response.json()["plan_id"] == "XC-2026-12/yjj" and response.json()["step"]["finding"]["item"] == item
    assert _kinds(workspace)[-2:] == ["step_recorded", "step_recorded"]
    body = {"subject": subject, "item": items[2], "hazard": False, "day": "2026-12-30",
            "actor": actor_body(_actor(workspace, inspector))}
    assert client.post(f"{PLAN}/steps/finding/prepare", json=body).status_code == 404  # no plan XC-2026-12


def test_a_step_on_an_inspection_never_recorded_is_refused(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    committed_and_drawn(workspace, str(workspace / "plan.toml"), str(workspace / "store.sqlite3"))
    client = _client(workspace)
    body = {"subject": OTHER, "item": "YJ-010", "hazard": True, "day": "2026-12-30",
            "actor": actor_body(_actor(workspace, "XC008"))}
    prepared = prepare(client, f"{PLAN}/steps/finding", body)
    assert "no inspection of" in prepared["refused"]["what"]
    signatures = sign(prepared, _actor(workspace, "XC008"))
    response = client.post(f"{PLAN}/steps/finding", json={**body, "at": prepared["at"], "signatures": signatures})
    assert response.status_code == 403 and "(field subject)" in response.json()["fix"]
    assert _kinds(workspace)[-1] == "refused" and "step_recorded" not in _kinds(workspace)


def test_the_letter_steps_of_the_body_are_the_stores() -> None:
    assert typing.get_args(LetterStep) == tuple(s.value for s in LETTER_STEPS)


def _doc_step_curls() -> list[tuple[str, dict[str, Any]]]:
    """The step prepares of docs/service.md's curl lines: (path, JSON body)."""
    lines = (Path(__file__).resolve().parent.parent / "docs" / "service.md").read_text(encoding="utf-8").splitlines()
    found = []
    for line in lines:
        if line.startswith("curl -s -X POST http://127.0.0.1:8000/plans/") and "/steps/" in line:
            url = line.split()[4]
            found.append((url.removeprefix("http://127.0.0.1:8000"), json.loads(line.split(" -d '", 1)[1][:-1])))
    return found


def test_the_step_curl_lines_of_the_docs_prepare_their_step(twins: tuple[Path, Path]) -> None:
    """Each step's curl line in docs/service.md, sent to the service over the recorded example: a digest to sign,
    no refusal foreseen, nothing appended."""
    _, http = twins
    client = _client(http)
    examples = _doc_step_curls()
    assert sorted(path.split("/steps/")[1] for path, _ in examples) == [
        "finding/prepare", "findings/prepare", "hand-over/prepare", "transfer/prepare"]
    before = _rows(http)
    for path, body in examples:
        response = client.post(path, json=body)
        assert response.status_code == 200, (path, response.text)
        assert len(response.json()["digests"]) == 1 and response.json()["refused"] is None, (path, response.text)
    assert _rows(http) == before
