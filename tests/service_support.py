"""Shared set-up of the service's tests: the example workspace (tests/cli_support.py) served by the application
in FastAPI's test client, and a client-side signer of prepared writes, as an integrating system does it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from random_inspection.io.actorfile import load_actor
from random_inspection.profiles import ProfileRegistry
from random_inspection.service import ServiceConfig, create_app


def client_for(workspace: Path) -> TestClient:
    """The service over the workspace's store and plan files (examples/plan.toml), the installed profiles."""
    config = ServiceConfig(str(workspace / "store.sqlite3"), workspace, ProfileRegistry())
    return TestClient(create_app(config), raise_server_exceptions=False)


def actor_body(actor_file: Path) -> dict[str, str]:
    """The actor fields of an actor file, as a write names its actor."""
    actor, _ = load_actor(actor_file)
    return {"id": actor.id, "name": actor.name, "role": actor.role.value, "department": actor.department}


def sign(prepared: dict[str, Any], actor_file: Path) -> list[dict[str, str]]:
    """The signatures of a prepare's digests by the actor file's own key (the UTF-8 bytes of each digest)."""
    _, signer = load_actor(actor_file)
    return [{"digest": d, "signature": signer.sign(d.encode("utf-8")).hex()} for d in prepared["digests"]]


def prepare(client: TestClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """The prepare of a write (asserting it answers 200)."""
    response = client.post(f"{path}/prepare", json=body)
    assert response.status_code == 200, response.text
    prepared: dict[str, Any] = response.json()
    return prepared


def signed_write(client: TestClient, path: str, body: dict[str, Any], actor_file: Path) -> Any:
    """A write, prepared, signed by the actor file's key and submitted: the submit's response."""
    body = {**body, "actor": actor_body(actor_file)}
    prepared = prepare(client, path, body)
    return client.post(path, json={**body, "at": prepared["at"], "signatures": sign(prepared, actor_file)})


def read_headers(client: TestClient, path: str, query: str, actor_file: Path, *, head: str | None = None,
                 expires: str | None = None, actor_id: str | None = None) -> dict[str, str]:
    """The headers of a signed read of ``path?query`` by the actor file's key (docs/service.md, Signed reads):
    at the ledger's head now and expiring in five minutes, unless given."""
    import datetime as dt

    from random_inspection.service.signed_reads import read_message

    actor, signer = load_actor(actor_file)
    ident = actor_id or actor.id
    head = head or client.get("/ledger/head").json()["head"]
    expires = expires or (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)).isoformat(timespec="seconds")
    signature = signer.sign(read_message("GET", path, query, ident, head, expires)).hex()
    return {"X-Actor": ident, "X-Ledger-Head": head, "X-Expires": expires, "X-Signature": signature}


def signed_read(client: TestClient, path: str, query: str, actor_file: Path, **given: Any) -> Any:
    """A signed read of ``path?query`` (the query as sent, percent-encoded) by the actor file's key."""
    headers = read_headers(client, path, query, actor_file, **given)
    return client.get(f"{path}?{query}" if query else path, headers=headers)
