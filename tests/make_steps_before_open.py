"""Writes tests/data/steps_before_open/: a store holding 鹤壁's steps as the library recorded them while the core's
``Step`` held the texts that quote a form (移交《联合抽查记录表》, and 冷水滩's 登记备案表报备 and 满意度反馈卡报送 in a
result's steps), and what ``ledger verify``, ``ledger show``, ``obligations`` and the disclosure printed of it then.
tests/test_steps_before_open.py holds today's library to the same bytes.

It was run once with the library of that time (its ``src``, ``profiles`` and ``tests`` first on ``PYTHONPATH``):
``python -m tests.make_steps_before_open OUT``; running it again with today's library writes what today's gives."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tests import test_hebi_steps as hebi
from tests.cli_support import run

RESULTS = ("统一社会信用代码,检查开始,检查结束,检查结果,处理结果,共同认定部门,联合抽查结果共同认定,录入平台并公示,"
           "登记备案表报备,满意度反馈卡报送\n"
           f"{hebi.SUBJECT},2020-07-20,2020-07-21,8,责令改正,yjj、scjgj,2020-07-24,2020-07-27,2020-07-06,2020-07-22\n")
"""A results file with two date columns of 冷水滩's steps besides 鹤壁's own: the library of that time read every
step's column, so the stored result holds them under their words."""

COMMANDS = {
    "verify.txt": ("ledger", "verify", "--store", "{store}"),
    "show.txt": ("ledger", "show", "--store", "{store}"),
    "show.json": ("ledger", "show", "--store", "{store}", "--format", "json"),
    "obligations.txt": ("obligations", "{plan}", "--store", "{store}", "--on", "2020-08-31"),
    "obligations.json": ("obligations", "{plan}", "--store", "{store}", "--on", "2020-08-31", "--format", "json"),
}
"""The outputs compared, each a command line (``{store}``, ``{plan}`` filled in with the workspace's)."""

EXPORTED_ON = "2026-11-30"
"""The day the fixture was written, given to ``export --on`` so that the pages (公示日期, the charts' 截至) are the
same whatever day the test runs: the export that wrote the fixture ran on that day without ``--on``, which is
the same thing."""


def outputs(ws: Path) -> dict[str, str]:
    """What each of :data:`COMMANDS` prints for the workspace ``ws`` (its folder written as ``WS``), and the
    disclosure the export writes."""
    store, plan = str(ws / "store.sqlite3"), str(ws / "plan.toml")
    found = {}
    for name, args in COMMANDS.items():
        code, out, err = run(*(a.format(store=store, plan=plan) for a in args))
        assert code == 0, out + err
        found[name] = out.replace(str(ws), "WS")
    out_dir = ws / "out"
    code, out, err = run("export", plan, "--store", store, "--out", str(out_dir), "--as",
                         str(ws / "actors" / "HB001.toml"), "--on", EXPORTED_ON)
    assert code == 0, out + err
    for name in ("disclosure.json", "disclosure.html"):
        found[name] = (out_dir / "public" / name).read_text(encoding="utf-8").replace(str(ws), "WS")
    shutil.rmtree(out_dir)
    return found


def build(ws: Path) -> None:
    """The 鹤壁 workspace of tests/test_hebi_steps.py, its result with 冷水滩's steps too, the letter and the
    hand-over recorded."""
    hebi.RESULTS = RESULTS
    hebi.workspace._get_wrapped_function()(ws.parent)
    for args in (("transfer", hebi.SUBJECT, "--to", "scjgj", "--letter", hebi.LETTER, "--date", "2020-07-28",
                  *hebi._as(ws, "hb-ssjb")),
                 ("hand-over", hebi.SUBJECT, "--to", "联合抽查办公室", "--date", "2020-07-30", *hebi._as(ws, "HB001"))):
        code, out, err = hebi._step(ws, *args)
        assert code == 0, out + err


if __name__ == "__main__":
    target = Path(sys.argv[1])
    work = target.parent / "work"
    build(work / "hebi")
    ws = work / "hebi"
    for path in ws.iterdir():  # the store, the plan, its manifest and draw; the rosters are the bundled ones
        if path.is_file():
            shutil.copyfile(path, target / path.name)
    for name, text in outputs(ws).items():  # the export records its publication: the store is copied before
        (target / name).write_text(text, encoding="utf-8")
    for name in ("HB001.toml", "HB001.key"):  # the actor who exports (a test key of its own)
        shutil.copyfile(ws / "actors" / name, target / name)
