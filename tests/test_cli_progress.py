"""``ledger verify`` says how far it has got on standard error — with ``--progress``, or by default when standard
error is a terminal — at most a few times a second, and never adds anything to standard output."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from random_inspection.cli.progress import Progress, wanted
from tests.cli_support import ENROLLED, make_workspace, run


def test_ledger_verify_shows_progress_on_stderr_only_when_asked(tmp_path: Path) -> None:
    store = str(make_workspace(tmp_path) / "store.sqlite3")
    code, quiet_out, quiet_err = run("ledger", "verify", "--store", store, "--format", "json")
    assert code == 0 and "verifying the ledger" not in quiet_err  # CliRunner's stderr is no terminal
    code, out, err = run("ledger", "verify", "--store", store, "--format", "json", "--progress")
    assert code == 0 and out == quiet_out  # standard output unchanged: scripts keep reading it
    assert json.loads(out)["entries"] == ENROLLED
    lines = [line for line in re.split(r"[\r\n]", err) if line.startswith("verifying the ledger")]
    assert lines and lines[-1].strip() == f"verifying the ledger: {ENROLLED} of {ENROLLED} entries (100%)"
    assert len(lines) <= 3  # fifteen entries in well under a quarter of a second: the first line and the last
    code, text_out, text_err = run("ledger", "verify", "--store", store, "--no-progress")
    assert code == 0 and "verifying the ledger" not in text_err and "the ledger verifies" in text_out


def test_progress_is_throttled_and_ends_with_the_whole_count() -> None:
    now = [0.0]
    stream = io.StringIO()
    progress = Progress("verifying the ledger", stream, interval=0.25, clock=lambda: now[0])
    for done in range(1, 100_001):
        now[0] = done * 0.0001  # 10 s for 100,000 entries
        progress(done, 100_000)
    progress.done(100_000, 100_000)
    assert 40 <= progress.shown <= 42  # at most four lines a second, and the last
    assert stream.getvalue().endswith("verifying the ledger: 100,000 of 100,000 entries (100%)\n")
    assert "\r" in stream.getvalue() and stream.getvalue().count("\n") == 1  # rewritten in place


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_by_default_only_on_a_terminal() -> None:
    assert wanted(None, _Terminal()) and not wanted(None, io.StringIO())
    assert wanted(True, io.StringIO()) and not wanted(False, _Terminal())
