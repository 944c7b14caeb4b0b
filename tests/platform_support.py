"""A platform's export of the example plan's task (docs/platforms.md), as the command-line tests write it: the
subjects and teams the example's dice 3 5 1 6 draw, so that examples/results.csv records against it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from random_inspection.io.actorfile import load_actor
from random_inspection.store import EntryKind, Store
from tests.cli_support import make_workspace, now, office, run, section

HEADER = ("任务编号", "统一社会信用代码", "市场主体名称", "执法证号", "执法人员姓名", "抽取时间")

TASK = "410000-2026-SSJ-0815"
DRAWN_AT = "2026-11-20 09:30"
"""After the example's commit (2026-11-18T10:00+08:00), before now."""

ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("91411002QGE7Q07X68", "许昌示例石料开采有限公司19", "豫A411007", "执法人员08"),
    ("91411002QGE7Q07X68", "许昌示例石料开采有限公司19", "豫A411003", "执法人员04"),
    ("91411024980L3L5A1K", "许昌示例机械制造有限公司21", "豫A411000", "执法人员01"),
    ("91411024980L3L5A1K", "许昌示例机械制造有限公司21", "豫A411010", "执法人员11"),
    ("91411081F1N6ATLWXY", "许昌示例石料开采有限公司29", "豫A411011", "执法人员12"),
    ("91411081F1N6ATLWXY", "许昌示例石料开采有限公司29", "豫A411004", "执法人员05"),
)
"""The drawn subjects (统一社会信用代码, 名称) and each one's inspectors (执法证号, 姓名)."""


def export_text(rows: Iterable[Sequence[str]] = ROWS, *, task: str = TASK, drawn_at: str = DRAWN_AT,
                header: Sequence[str] = HEADER) -> str:
    """The export as CSV text, a row per subject and inspector."""
    lines = [",".join(header)]
    lines += [",".join((task, *row[:2], *row[2:4], drawn_at)) for row in rows]
    return "\n".join(lines) + "\n"


def write_export(path: Path, rows: Iterable[Sequence[str]] = ROWS, **options: str) -> Path:
    """The export written to ``path`` (UTF-8 with a byte-order mark, as the platform's download)."""
    path.write_text(export_text(rows, **options), encoding="utf-8-sig")
    return path


PLAN_ID = "XC-2026-12"


def commit_example(tmp_path: Path) -> tuple[Path, str, str]:
    """The example plan committed (not drawn) in the example store: (workspace, plan file, store)."""
    ws = make_workspace(tmp_path)
    plan, store = str(ws / "plan.toml"), str(ws / "store.sqlite3")
    code, _, err = run("commit", plan, "--store", store, *section(ws))
    assert code == 0, err
    return ws, plan, store


def entries(store: str, plan: str = PLAN_ID) -> list[dict[str, Any]]:
    """The plan's ledger entries, as ``ledger show --format json`` gives them."""
    code, out, err = run("ledger", "show", "--store", store, "--plan", plan, "--format", "json")
    assert code == 0, err
    shown: list[dict[str, Any]] = json.loads(out)
    return shown


def import_(ws: Path, plan: str, store: str, export: Path, *options: str) -> tuple[int, str, str]:
    """``platform import`` by the example's office."""
    return run("platform", "import", plan, str(export), "--store", store, *office(ws), *options)


def append(ws: Path, store_path: str, kind: EntryKind, payload: dict[str, Any], plan: str = PLAN_ID) -> None:
    """An entry appended around the store's checks by whoever holds the office's key and the database."""
    actor, signer = load_actor(ws / "actors" / "xc-office.toml")
    store = Store.open(store_path)
    try:
        store._with_retry(lambda conn: store._append(conn, kind, payload, plan, now(), actor, signer))
    finally:
        store.close()
