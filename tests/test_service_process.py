"""``random-inspection serve`` as a real process on 127.0.0.1 and a free port: it answers a public read, the
curl examples of docs/service.md run against it, and the Java example (examples/java, JDK 17, single-file
launch) makes a signed write through it. The Java test skips where ``java`` is absent, unless
``RANDOM_INSPECTION_REQUIRE_JAVA=1`` (CI), when it fails."""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from random_inspection.store import Store
from tests.cli_support import ENROLLED, admin, committed_and_drawn, make_workspace, run

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_JAVA = os.environ.get("RANDOM_INSPECTION_REQUIRE_JAVA") == "1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _command() -> list[str]:
    script = Path(sys.executable).with_name("random-inspection")
    return [str(script)] if script.exists() else [sys.executable, "-c",
                                                  "from random_inspection.cli import main; main()"]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The example workspace served: (base URL, workspace). Stopped and waited for, whatever the test does."""
    workspace = make_workspace(tmp_path)
    port = _free_port()
    process = subprocess.Popen([*_command(), "serve", "--store", str(workspace / "store.sqlite3"), "--plans",
                                str(workspace), "--port", str(port)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/ledger/head", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    out = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"the service did not start: {out}")
                time.sleep(0.2)
        yield base, workspace
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        if process.stdout:
            process.stdout.close()


def test_serve_answers_a_public_read(served: tuple[str, Path]) -> None:
    base, _ = served
    with urllib.request.urlopen(f"{base}/ledger/head", timeout=10) as response:
        head = json.loads(response.read())
    assert head["seq"] == ENROLLED and head["head"] == f"{ENROLLED}:{head['hash']}"
    with urllib.request.urlopen(f"{base}/openapi.json", timeout=10) as response:
        assert json.loads(response.read())["openapi"].startswith("3.1")


def _doc_curls() -> list[str]:
    """The read examples of docs/service.md: its ``curl -s`` lines against 127.0.0.1:8000 (its writes, which
    need a signature, are run in the Java test)."""
    lines = (ROOT / "docs" / "service.md").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith("curl -s") and "127.0.0.1:8000" in line and "POST" not in line]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_examples_of_the_docs_answer(served: tuple[str, Path]) -> None:
    base, _ = served
    examples = _doc_curls()
    assert len(examples) >= 3
    for line in examples:
        done = subprocess.run(line.replace("http://127.0.0.1:8000", base), shell=True, capture_output=True,
                              timeout=60, check=False)
        assert done.returncode == 0, (line, done.stderr)
        assert json.loads(done.stdout), line


def test_the_java_example_makes_a_signed_write(served: tuple[str, Path]) -> None:
    java = shutil.which("java")
    if java is None:
        if REQUIRE_JAVA:
            pytest.fail("RANDOM_INSPECTION_REQUIRE_JAVA=1 but java is not installed (OpenJDK 17 or later)")
        pytest.skip("java is not installed")
    base, workspace = served
    store_file = workspace / "store.sqlite3"
    committed_and_drawn(workspace, str(workspace / "plan.toml"), str(store_file))  # by the section and the office
    with (workspace / "results.csv").open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    subject = row["统一社会信用代码"]
    store = Store.open(store_file, readonly=True)
    try:
        team = store.in_force("XC-2026-12").team(subject)
    finally:
        store.close()
    assert team
    done = subprocess.run([java, str(ROOT / "examples" / "java" / "RandomInspectionClient.java"), base,
                           "XC-2026-12", str(workspace / "actors" / f"{team[0]}.toml"),
                           *(f"{k}={v}" for k, v in row.items() if v)],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "results: 200" in done.stdout and subject in done.stdout
    store = Store.open(store_file, readonly=True)
    try:
        entry = store.entries()[-1]
        assert entry.seq == ENROLLED + 3 and entry.kind.value == "result_recorded"
        assert entry.actor is not None and entry.actor["id"] == team[0] and entry.algorithm == "ed25519"
        store.verify()
    finally:
        store.close()


def test_the_java_example_records_a_batch_and_a_transfer_letter(served: tuple[str, Path]) -> None:
    """The Java example's --batch (each digest of the batch signed in order) and --transfer (a recording step with
    its 文号) against the served store: the entries appended, signed by their actors, and ``ledger verify``
    passes."""
    java = shutil.which("java")
    if java is None:
        if REQUIRE_JAVA:
            pytest.fail("RANDOM_INSPECTION_REQUIRE_JAVA=1 but java is not installed (OpenJDK 17 or later)")
        pytest.skip("java is not installed")
    base, workspace = served
    store_file = workspace / "store.sqlite3"
    committed_and_drawn(workspace, str(workspace / "plan.toml"), str(store_file))
    section = workspace / "actors" / "xc-letters.toml"  # a 承办股室 actor with an Ed25519 key (the JDK's own)
    for args in (("keygen", str(section), "--id", "XC-ZFZD-2", "--name", "执法监察支队内勤", "--role", "承办股室",
                  "--department", "yjj", "--algorithm", "ed25519"),
                 ("ledger", "enrol", str(section), "--store", str(store_file), *admin(workspace))):
        code, _, err = run(*args)
        assert code == 0, err
    with (workspace / "results.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    store = Store.open(store_file, readonly=True)
    try:
        teams = {row["统一社会信用代码"]: store.in_force("XC-2026-12").team(row["统一社会信用代码"]) for row in rows}
    finally:
        store.close()
    subject = rows[0]["统一社会信用代码"]
    inspector = teams[subject][0]
    mine = [row for row in rows if inspector in teams[row["统一社会信用代码"]]]
    batch: list[str] = []
    for row in mine:
        batch += [*(["--"] if batch else []), *(f"{k}={v}" for k, v in row.items() if v)]
    client = str(ROOT / "examples" / "java" / "RandomInspectionClient.java")
    done = subprocess.run([java, client, "--batch", base, "XC-2026-12",
                           str(workspace / "actors" / f"{inspector}.toml"), *batch],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "batch: 200" in done.stdout and subject in done.stdout
    letter = "许应急函〔2027〕1号"
    done = subprocess.run([java, client, "--transfer", base, "XC-2026-12", str(section), subject, "scjgj",
                           "2027-01-05", letter, "2027-01-10T09:00:00+08:00"],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "transfer: 200" in done.stdout and letter in done.stdout
    store = Store.open(store_file, readonly=True)
    try:
        entries = store.entries()[ENROLLED + 3:]  # after the commit, the draw and the enrolment
        assert [e.kind.value for e in entries] == ["result_recorded"] * len(mine) + ["step_recorded"]
        assert all(e.actor is not None and e.actor["id"] == inspector for e in entries[:-1])
        step = entries[-1]
        assert step.actor is not None and step.actor["id"] == "XC-ZFZD-2" and step.algorithm == "ed25519"
        assert step.payload["letter"] == letter and step.payload["to"] == "scjgj"
        store.verify()
    finally:
        store.close()
    code, out, err = run("ledger", "verify", "--store", str(store_file))
    assert code == 0 and "the ledger verifies" in out, err
