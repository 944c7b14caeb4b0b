"""Shared set-up of the command-line tests: the example files copied into a folder of their own, with a store
(store.sqlite3) its administrator created and enrolled every example actor in (ledger init, ledger enrol)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from click.testing import CliRunner

from random_inspection.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

ENROLLED = 15
"""Entries of a store made by init_store: store_created, then the example's 14 actors enrolled."""

INIT_AT, ENROL_AT, COMMIT_AT = "2026-11-16T09:00:00+08:00", "2026-11-16T09:05:00+08:00", "2026-11-18T10:00:00+08:00"
"""The example's times before its dice (examples/plan.toml: produced_at 2026-11-20T09:30+08:00): the store made and
its actors enrolled, the plan committed. Every later step is recorded now, after the dice."""


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line in-process: (exit code, standard output, standard error). A ``commit`` given no
    ``--at`` is recorded at the example's commit time (:data:`COMMIT_AT`), before the example's dice."""
    if args and args[0] == "commit" and "--at" not in args:
        args = (*args, "--at", COMMIT_AT)
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def now() -> str:
    """The time now, China Standard Time, as the command line records it by default (for a step taken after the
    example's dice, where :func:`run` would otherwise put a commit at the example's commit time)."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).isoformat(timespec="seconds")


def section(workspace: Path) -> tuple[str, str]:
    return "--as", str(workspace / "actors" / "xc-section.toml")  # commits (许昌 第十四条)


def office(workspace: Path) -> tuple[str, str]:
    return "--as", str(workspace / "actors" / "xc-office.toml")  # draws (第十条、第十三条, a reading)


def inspectors(workspace: Path) -> tuple[str, str]:
    return "--as", str(workspace / "actors")  # each records the inspection they were on (第十六条、第十九条)


def admin(workspace: Path) -> tuple[str, str]:
    return "--as", str(workspace / "actors" / "xc-admin.toml")  # the store's 系统管理员: keeps the key register


def init_store(workspace: Path, store: str, *options: str) -> None:
    """A store created by the example administrator, with every example actor enrolled (ledger init, enrol)."""
    code, _, err = run("ledger", "init", "--store", store, "--at", INIT_AT, *options, *admin(workspace))
    assert code == 0, err
    code, _, err = run("ledger", "enrol", str(workspace / "actors"), "--store", store, "--at", ENROL_AT,
                       *admin(workspace))
    assert code == 0, err


def make_workspace(tmp_path: Path) -> Path:
    """The examples in ``tmp_path/examples``, with the store ``store.sqlite3`` made by :func:`init_store`."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    init_store(tmp_path / "examples", str(tmp_path / "examples" / "store.sqlite3"))
    return tmp_path / "examples"


def committed_and_drawn(workspace: Path, plan: str, store: str) -> None:
    """The example plan committed by its section and drawn by its office with the dice 3 5 1 6."""
    for args in (("commit", plan, "--store", store, *section(workspace)),
                 ("draw", plan, "3 5 1 6", "--store", store, *office(workspace))):
        code, _, err = run(*args)
        assert code == 0, err
