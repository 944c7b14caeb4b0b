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
from tests.cli_support import ENROLLED, committed_and_drawn, make_workspace

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
