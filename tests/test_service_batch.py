"""Several results rows in one signed submission, all or nothing (docs/service.md, *A batch of results*): the
entries are those ``record`` writes for the same rows, and every attack appends nothing — on SQLite, and on
PostgreSQL where RANDOM_INSPECTION_PG_URL names a server (tests/store_support.py)."""

from __future__ import annotations

import collections
import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from random_inspection.io.actorfile import load_actor
from random_inspection.profiles import ProfileRegistry
from random_inspection.service import ServiceConfig, create_app
from random_inspection.store import Store
from tests.cli_support import init_store, run
from tests.service_support import actor_body, prepare, sign, signed_write
from tests.store_support import pg_url_or_skip

PLAN = "/plans/XC-2026-12"
BATCH = f"{PLAN}/results/batch"
AT = "2027-01-05T10:00:00+08:00"


def _three_inspectors(workspace: Path) -> None:
    """The example plan drawn from three inspectors for eight subjects: each inspector is on several teams."""
    lines = (workspace / "rosters" / "inspectors.csv").read_text(encoding="utf-8-sig").splitlines()
    (workspace / "rosters" / "three.csv").write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    plan = (workspace / "plan.toml").read_text(encoding="utf-8")
    plan = plan.replace('inspectors = "rosters/inspectors.xlsx"', 'inspectors = "rosters/three.csv"')
    (workspace / "plan.toml").write_text(plan.replace("team_size = 2\n", "team_size = 2\ncount = 8\n"),
                                         encoding="utf-8")


class Served:
    """A workspace whose plan is committed and drawn, served over its store."""

    def __init__(self, workspace: Path, url: str) -> None:
        self.workspace, self.url = workspace, url
        self.client = TestClient(create_app(ServiceConfig(url, workspace, ProfileRegistry())),
                                 raise_server_exceptions=False)
        for path, body, who in ((f"{PLAN}/commit", {"at": "2026-11-19T10:00:00+08:00"}, "xc-section"),
                                (f"{PLAN}/draw", {"public_input": "3 5 1 6"}, "xc-office")):
            response = signed_write(self.client, path, body, self.actor_file(who))
            assert response.status_code == 200, response.text
        self.teams: dict[str, list[str]] = response.json()["draw"]["teams"]
        counts = collections.Counter(m for team in self.teams.values() for m in team)
        self.inspector = counts.most_common(1)[0][0]
        self.mine = [s for s, team in self.teams.items() if self.inspector in team]
        self.other = next(s for s, team in self.teams.items() if self.inspector not in team)

    def actor_file(self, name: str) -> Path:
        return self.workspace / "actors" / f"{name}.toml"

    def body(self, subjects: list[str], **more: Any) -> dict[str, Any]:
        return {"actor": actor_body(self.actor_file(self.inspector)), "rows": [row(s) for s in subjects],
                "at": AT, **more}

    def entries(self) -> list[Any]:
        store = Store.open(self.url, readonly=True)
        try:
            return store.entries()
        finally:
            store.close()


def row(subject: str) -> dict[str, str]:
    return {"统一社会信用代码": subject, "检查开始": "2026-12-28", "检查结束": "2026-12-30", "检查结果": "1"}


@pytest.fixture(params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Served]:
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples", tmp_path / "examples")
    workspace = tmp_path / "examples"
    _three_inspectors(workspace)
    if request.param == "sqlite":
        url = str(workspace / "store.sqlite3")
    else:
        url = pg_url_or_skip()
        Store.open(url, migrate=True).drop_all()
    init_store(workspace, url)
    try:
        yield Served(workspace, url)
    finally:
        if request.param == "postgresql":
            Store.open(url).drop_all()


def submit(served: Served, body: dict[str, Any], signatures: list[dict[str, str]]) -> Any:
    return served.client.post(BATCH, json={**body, "signatures": signatures})


def test_a_batch_appends_the_entries_record_writes_for_the_same_rows(served: Served, tmp_path: Path) -> None:
    subjects = served.mine[:5]
    assert len(subjects) == 5
    before = len(served.entries())
    if served.url.endswith(".sqlite3"):
        shutil.copy(served.url, tmp_path / "by-record.sqlite3")
    body = served.body(subjects)
    prepared = prepare(served.client, BATCH, body)
    assert len(prepared["digests"]) == 5 and prepared["at"] == AT
    assert served.entries()[-1].seq == before  # prepare writes nothing
    response = submit(served, body, sign(prepared, served.actor_file(served.inspector)))
    assert response.status_code == 200, response.text
    assert response.json()["recorded"] == subjects and response.json()["unchanged"] == []
    appended = served.entries()[before:]
    assert [e.entry_hash for e in appended] == prepared["digests"]  # each chained on the one before
    assert response.json()["ledger_entries"] == [e.seq for e in appended]
    assert all(e.actor["id"] == served.inspector for e in appended)
    assert served.client.get("/ledger/verify").json()["complete"] is True
    if not served.url.endswith(".sqlite3"):
        return
    # the command line's record, on the store as it was, with the same rows at the same time
    results = tmp_path / "rows.csv"
    with results.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(row(subjects[0])))
        writer.writeheader()
        writer.writerows(row(s) for s in subjects)
    code, _, err = run("record", str(served.workspace / "plan.toml"), str(results), "--store",
                       str(tmp_path / "by-record.sqlite3"), "--as", str(served.actor_file(served.inspector)),
                       "--at", AT)
    assert code == 0, err
    other = Store.open(tmp_path / "by-record.sqlite3", readonly=True)
    try:
        by_record = other.entries()[before:]
    finally:
        other.close()
    assert [(e.seq, e.kind, e.plan_id, e.at, e.payload, e.actor, e.prev_hash, e.entry_hash) for e in by_record] \
        == [(e.seq, e.kind, e.plan_id, e.at, e.payload, e.actor, e.prev_hash, e.entry_hash) for e in appended]


def test_one_bad_signature_among_five_appends_nothing(served: Served) -> None:
    body = served.body(served.mine[:5])
    prepared = prepare(served.client, BATCH, body)
    signatures = sign(prepared, served.actor_file(served.inspector))
    _, someone_else = load_actor(served.actor_file("xc-office"))
    signatures[3]["signature"] = someone_else.sign(signatures[3]["digest"].encode("utf-8")).hex()
    before = served.entries()
    response = submit(served, body, signatures)
    assert response.status_code == 403, response.text
    assert response.json()["where"] == "signatures[3]"
    assert served.entries() == before


def test_a_row_off_the_actors_team_refuses_the_batch_and_is_named(served: Served) -> None:
    good = served.mine[:4]
    before = served.entries()
    response = served.client.post(f"{BATCH}/prepare", json=served.body([*good, served.other]))
    assert response.status_code == 403, response.text
    assert f"rows[4] ({served.other})" in response.json()["what"]
    assert "nothing of the batch is recorded" in response.json()["what"]
    # submitted anyway, with the signatures of the good rows: refused, named, and nothing appended (not even
    # the refusal)
    signatures = sign(prepare(served.client, BATCH, served.body(good)), served.actor_file(served.inspector))
    response = submit(served, served.body([*good, served.other]), signatures)
    assert response.status_code == 403, response.text
    assert f"rows[4] ({served.other})" in response.json()["what"]
    assert served.entries() == before


def test_a_replayed_batch_is_refused(served: Served) -> None:
    body = served.body(served.mine[:3])
    prepared = prepare(served.client, BATCH, body)
    signatures = sign(prepared, served.actor_file(served.inspector))
    assert submit(served, body, signatures).status_code == 200
    after = served.entries()
    response = submit(served, body, signatures)
    assert response.status_code == 409, response.text
    assert served.entries() == after
    # prepared again, the rows recorded before ask for nothing: an empty batch records nothing, unchanged
    assert prepare(served.client, BATCH, body)["digests"] == []
    response = submit(served, body, [])
    assert response.status_code == 200 and response.json()["unchanged"] == served.mine[:3]


def test_a_batch_prepared_before_another_write_is_refused(served: Served) -> None:
    body = served.body(served.mine[:3])
    prepared = prepare(served.client, BATCH, body)
    someone = served.teams[served.other][0]
    alone = signed_write(served.client, f"{PLAN}/results", {"row": row(served.other)}, served.actor_file(someone))
    assert alone.status_code == 200, alone.text
    before = served.entries()
    response = submit(served, body, sign(prepared, served.actor_file(served.inspector)))
    assert response.status_code == 409, response.text
    assert served.entries() == before


def test_a_row_with_a_problem_is_named_and_nothing_is_recorded(served: Served) -> None:
    body = served.body(served.mine[:2])
    body["rows"][1]["检查开始"] = "2026-13-45"
    response = served.client.post(f"{BATCH}/prepare", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["where"].startswith("rows[1]")
