"""The command line's plan workflow on the example files: check, commit, draw, verify, record, obligations,
ledger; and the roster commands. Every step reads and writes real files and a SQLite store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from random_inspection.cli import main
from random_inspection.io import read_subjects
from random_inspection.io.actorfile import read_public_key
from random_inspection.io.tomlfile import tomllib
from random_inspection.sampling import SM3
from random_inspection.sampling.published import read_published_manifest
from tests.cli_support import (
    ENROLLED,
    EXAMPLES,
    admin,
    committed_and_drawn,
    init_store,
    inspectors,
    make_workspace,
    now,
    office,
    run,
    section,
)

DRAWN = ("91411002QGE7Q07X68", "91411024980L3L5A1K", "91411081F1N6ATLWXY")  # the example plan's draw with 3 5 1 6


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def test_the_whole_plan_workflow(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    code, out, _ = run("check", plan, "--store", store, "--format", "json")
    assert code == 0
    checked = json.loads(out)
    assert [r["read"] for r in checked["rosters"]] == [30, 12, 10] and checked["inspectors_eligible"] == 10

    code, out, _ = run("commit", plan, "--store", store, "--at", "2026-11-18T10:00:00+08:00", "--format", "json",
                       *section(workspace))
    assert code == 0
    committed = json.loads(out)
    assert committed["manifest_hash"] == checked["manifest_hash"] and committed["ledger_entry"] == ENROLLED + 1
    manifest = Path(committed["manifest"])
    assert manifest.exists()

    code, out, err = run("draw", plan, "3 5 1 6", "--store", store, "--at", "2026-11-20T10:00:00+08:00",
                         *office(workspace))
    assert code == 0, err
    assert f"ledger entry {ENROLLED + 2}" in out and all(s in out for s in DRAWN)
    drawn = manifest.with_name("XC-2026-12.draw.json")
    assert tuple(json.loads(drawn.read_text(encoding="utf-8"))["subjects"]) == DRAWN

    assert run("verify", str(manifest), str(drawn))[0] == 0
    forged = json.loads(drawn.read_text(encoding="utf-8"))
    forged["subjects"][0], forged["subjects"][1] = forged["subjects"][1], forged["subjects"][0]
    (workspace / "forged.json").write_text(json.dumps(forged), encoding="utf-8")
    code, out, _ = run("verify", str(manifest), str(workspace / "forged.json"), "--format", "json")
    assert code == 1 and json.loads(out)["first_difference"] == "subjects"

    # a second draw needs a reason
    code, _, err = run("draw", plan, "1 1 1 1", "--store", store, *office(workspace))
    assert code == 2 and err.startswith("error: ") and "reason" in err

    code, out, err = run("record", plan, str(workspace / "results.csv"), "--store", store, "--format", "json",
                         *inspectors(workspace))
    assert code == 0, out + err
    assert json.loads(out)["recorded"] == list(DRAWN)
    code, out, _ = run("record", plan, str(workspace / "results.csv"), "--store", store, "--format", "json",
                       *inspectors(workspace))
    assert code == 0 and json.loads(out)["unchanged"] == list(DRAWN) and json.loads(out)["ledger_entries"] == []

    code, out, _ = run("obligations", plan, "--store", store, "--on", "2027-01-12", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {(r["subject"], r["key"]) for r in rows} >= {(DRAWN[0], "feedback"), (DRAWN[0], "publication")}
    code, out, _ = run("obligations", plan, "--store", store, "--on", "2027-01-12", "--overdue", "--format", "json")
    assert code == 0  # overdue only under the estimated 2027 schedule (暂估): no exit status 1 for that alone
    late = json.loads(out)
    assert {r["key"] for r in late} == {"publication"} and all(r["status"] == "已逾期" for r in late)
    assert all(r["provisional"] for r in late)
    assert all("第十九条" in r["citation"] for r in late)
    assert all([d["due"] for d in r["deadlines"]] == [r["due"]] for r in late)  # one limit on each act
    # the office's hours, where the profile cannot know them: the feedback ends at 17:00 of its last day
    code, out, _ = run("obligations", plan, "--store", store, "--on", "2027-01-12", "--cut-off", "feedback=17:00",
                       "--hours-source", "某政务服务中心办事指南 办公时间", "--format", "json")
    feedback = [r for r in json.loads(out) if r["key"] == "feedback"]
    assert code == 0 and feedback and all(r["ends"] == f"{r['due']} 17:00" for r in feedback)
    code, _, err = run("obligations", plan, "--store", store, "--on", "2027-01-12", "--cut-off", "feedback=17:00")
    assert code == 2 and "--hours-source" in err

    code, out, _ = run("ledger", "verify", "--store", store, "--format", "json")
    assert code == 0 and json.loads(out)["entries"] == ENROLLED + 5 and json.loads(out)["every_signature_checked"]
    code, out, _ = run("ledger", "show", "--store", store)
    assert code == 0 and "result_recorded" in out


def test_record_reports_every_bad_row_and_strict_records_nothing(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    bad = workspace / "bad.csv"
    bad.write_text("统一社会信用代码,检查结束,检查结果,处理结果\n"
                   f"{DRAWN[0]},2026-12-30,1,\n"
                   "91411002X0NFPAY57K,2026-12-30,1,\n"
                   f"{DRAWN[1]},2026-12-30,9,\n"
                   f"{DRAWN[2]},2026-13-01,1,\n"
                   f"{DRAWN[0]},2026-12-30,1,\n", encoding="utf-8")
    code, out, _ = run("record", plan, str(bad), "--store", store, "--strict", "--format", "json",
                       *inspectors(workspace))
    got = json.loads(out)
    assert code == 1 and got["recorded"] == [] and got["ledger_entries"] == []
    assert [(p["row"], p["column"]) for p in got["problems"]] == [(3, None), (4, None), (5, "检查结束"),
                                                                   (6, "统一社会信用代码")]
    assert "was not drawn" in got["problems"][0]["problem"]
    code, out, _ = run("record", plan, str(bad), "--store", store, "--format", "json", *inspectors(workspace))
    assert code == 1 and json.loads(out)["recorded"] == [DRAWN[0]]


def test_record_before_any_draw_is_one_line(workspace: Path) -> None:
    plan, results, store = str(workspace / "plan.toml"), str(workspace / "results.csv"), str(workspace / "s.sqlite3")
    code, out, err = run("record", plan, results, *inspectors(workspace), "--store", store)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "there is no store at" in err
    assert not Path(store).exists()  # a mistyped store is not made empty
    code, out, err = run("commit", plan, "--store", store, *section(workspace))
    assert code == 2 and "there is no store at" in err and "ledger init" in err  # only ledger init makes one
    assert not Path(store).exists()
    store = str(workspace / "store.sqlite3")
    run("commit", plan, "--store", store, *section(workspace))
    code, out, err = run("record", plan, results, *inspectors(workspace), "--store", store)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "no draw" in err


def test_paths_and_stores_that_cannot_be_used_are_one_line_errors(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    missing = str(workspace / "missing" / "x")
    for args, words in [
        (("template", "subjects", f"{missing}.xlsx"), "No such file or directory"),
        (("template", "subjects", str(workspace / "t.txt")), "written as .xlsx or .csv"),
        (("commit", plan, "--store", store, "--manifest", f"{missing}.json", *section(workspace)), "cannot write"),
        (("ledger", "verify", "--store", "foo://bar"), "cannot open the store"),
        (("ledger", "verify", "--store", str(workspace / "typo.sqlite3")), "there is no store at"),
    ]:
        code, out, err = run(*args)
        assert code == 2 and out == "" and err.startswith("error: ") and words in err, (args, err)
        assert len(err.strip().splitlines()) == 1
    assert not (workspace / "typo.sqlite3").exists()
    code, shown, _ = run("ledger", "show", "--store", store, "--format", "json")
    assert len(json.loads(shown)) == ENROLLED  # nothing committed
    run("commit", plan, "--store", store, *section(workspace))
    code, _, err = run("draw", plan, "3 5 1 6", "--store", store, "--out", f"{missing}.json", *office(workspace))
    assert code == 2 and "cannot write" in err
    code, _, err = run("draw", plan, "3 5 1 6", "--store", store, *office(workspace))
    assert code == 0, err  # the failed try recorded no draw: this is the first, needing no reason


def test_a_plan_that_cannot_be_drawn_is_found_by_check_and_refused_by_commit(workspace: Path) -> None:
    plan = workspace / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("team_size = 2", "team_size = 50"), encoding="utf-8")
    store = str(workspace / "store.sqlite3")
    code, out, _ = run("check", str(plan), "--store", str(workspace / "none.sqlite3"), "--format", "json")
    got = json.loads(out)
    assert code == 1 and "the plan cannot be drawn" in got["plan_problems"][0]["problem"]
    assert not (workspace / "none.sqlite3").exists()  # check makes no store
    code, _, err = run("commit", str(plan), "--store", store, *section(workspace))
    assert code == 2 and "the plan cannot be drawn" in err
    code, shown, _ = run("ledger", "show", "--store", store, "--format", "json")
    assert len(json.loads(shown)) == ENROLLED  # nothing committed


def test_a_bad_plan_file_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text('plan_id = 3\nprofile = "xuchang"\nwindow = ["2026-12-01", "2026-13-01"]\ncolour = "red"\n'
                    '[rosters]\nsubjects = "s.csv"\n[draw]\nteam_size = "two"\n', encoding="utf-8")
    code, out, err = run("check", str(path))
    assert code == 2 and out == ""
    for words in ("plan_id: expected str", "window[1]", "colour: unknown key", "rosters.inspectors: required",
                  "draw.team_size: expected int", "public_input: required"):
        assert words in err


def test_check_reports_roster_problems(workspace: Path) -> None:
    subjects = workspace / "rosters" / "subjects.csv"
    text = subjects.read_text(encoding="utf-8-sig").replace("存续", "营业中", 1)
    (workspace / "rosters" / "subjects.csv").write_text(text, encoding="utf-8-sig")
    plan = workspace / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("subjects.xlsx", "subjects.csv"), encoding="utf-8")
    code, out, _ = run("check", str(plan))
    assert code == 1 and "column 登记状态" in out and "'营业中' is not a SubjectStatus" in out


def test_validate_and_template(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    code, out, _ = run("template", "subjects", str(path))
    assert code == 0 and path.exists()
    template = read_subjects(path)
    assert template.records == () and "example row" in template.problems[0].problem
    code, out, _ = run("validate", str(path), "--kind", "subjects")
    assert code == 1 and "t.xlsx row 3, column 统一社会信用代码: the template's example row" in out
    code, out, _ = run("validate", str(EXAMPLES / "rosters" / "subjects-gb18030.csv"), "--kind", "subjects")
    assert code == 0 and "30 read" in out and "gb18030" in out
    code, out, _ = run("validate", str(EXAMPLES / "rosters" / "inspectors.xlsx"), "--kind", "inspectors",
                       "--on", "2026-12-01", "--format", "json")
    got = json.loads(out)
    assert code == 1 and got["problems"] == [] and len(got["not_eligible"]) == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes("统一社会信用代码,市场主体名称,监管领域,行政区划代码\n123,甲,工贸,411002\n".encode("gb18030"))
    code, out, _ = run("validate", str(bad), "--kind", "subjects")
    assert code == 1 and "bad.csv row 2, column 统一社会信用代码" in out
    code, out, err = run("validate", str(bad), "--kind", "subjects", "--strict")
    assert code == 2 and out == "" and "bad.csv row 2" in err and len(err.strip().splitlines()) == 1


def test_validate_reports_each_identifier_it_normalised(tmp_path: Path) -> None:
    typed = tmp_path / "typed.csv"
    typed.write_text("统一社会信用代码,市场主体名称,监管领域,行政区划代码\n"
                     "９１３５０１００ｍ０００１００ｙ４３,甲,工贸,411002\n91350100M000100Y43\u200b,乙,工贸,411002\n",
                     encoding="utf-8")
    code, out, _ = run("validate", str(typed), "--kind", "subjects")
    assert code == 1 and "1 read, 1 bad rows" in out and "1 identifiers normalised" in out
    full_width = "９１３５０１００ｍ０００１００ｙ４３"
    assert f"normalised: typed.csv row 2, column 统一社会信用代码: '{full_width}' read as '91350100M000100Y43'" in out
    assert "row 3, column 统一社会信用代码: 91350100M000100Y43 is already on row 2" in out
    code, out, _ = run("validate", str(typed), "--kind", "subjects", "--format", "json")
    assert json.loads(out)["normalised"] == [{"file": "typed.csv", "row": 2, "column": "统一社会信用代码",
                                             "before": full_width, "after": "91350100M000100Y43"}]


def test_docs_list_every_command_and_every_column() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs"
    cli_doc = (docs / "cli.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"`{name}" in cli_doc, name
        for sub in getattr(command, "commands", {}):
            assert f"{name} {sub}" in cli_doc, (name, sub)
    from random_inspection.io import CHECKLIST_COLUMNS, INSPECTOR_COLUMNS, SUBJECT_COLUMNS
    from random_inspection.io.results import RESULT_COLUMNS

    roster_doc = (docs / "rosters.md").read_text(encoding="utf-8")
    for column in (*SUBJECT_COLUMNS, *INSPECTOR_COLUMNS, *CHECKLIST_COLUMNS, *RESULT_COLUMNS):
        assert f"| {column.header}" in roster_doc and f"`{column.field}`" in roster_doc, column.header
        assert all(alias in roster_doc for alias in column.aliases)


@pytest.mark.parametrize(("env", "encoding"), [({"LC_ALL": "C", "LANG": "C"}, "utf-8"),
                                               ({"PYTHONIOENCODING": "gb18030"}, "gb18030")])
def test_chinese_text_survives_the_terminal_encoding(env: dict[str, str], encoding: str) -> None:
    import os
    import subprocess
    import sys

    command = [sys.executable, "-c", "from random_inspection.cli import main; main()", "validate",
               str(EXAMPLES / "rosters" / "subjects-gb18030.csv"), "--kind", "subjects"]
    clean = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG", "PYTHONIOENCODING", "PYTHONUTF8")}
    done = subprocess.run(command, env={**clean, **env}, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "(检查对象名录库): 30 rows, 30 read" in done.stdout.decode(encoding)


def test_export_writes_forms_tables_and_a_disclosure_that_verifies(workspace: Path) -> None:
    import openpyxl

    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    run("record", plan, str(workspace / "results.csv"), "--store", store, *inspectors(workspace))
    out = workspace / "out"
    code, stdout, err = run("export", plan, "--store", store, "--out", str(out), "--format", "json")
    assert code == 0, err
    written = json.loads(stdout)
    assert set(written) == {"forms", "draw", "reports", "public", "site", "publication_entry"}
    assert written["forms"] == [] and written["publication_entry"] is None  # 许昌 files no form; nothing published
    # the duties the recorded inspections started, charted as of the export's day in the reports and on the site
    reports = openpyxl.load_workbook(next(p for p in written["reports"] if p.endswith("报告.xlsx")))
    assert any(name.startswith("图表-各部门职责") for name in reports.sheetnames), reports.sheetnames
    page = next(p for p in written["site"] if p.endswith("XC-2026-12/index.html"))
    assert 'aria-label="各部门职责完成情况' in Path(page).read_text(encoding="utf-8")
    # 许昌 第十九条: an inspector of the plan publishes; the double-random office may not, and its try is recorded
    code, _, err = run("export", plan, "--store", store, "--out", str(out), *office(workspace))
    assert code == 2 and "执法检查人员" in err and "第十九条" in err
    code, stdout, err = run("export", plan, "--store", store, "--out", str(out), "--format", "json",
                            "--as", str(workspace / "actors" / "XC001.toml"))
    assert code == 0, err
    code, shown, _ = run("ledger", "show", "--store", store, "--format", "json")
    entries = json.loads(shown)
    assert [(e["kind"], e["actor"]["id"]) for e in entries[-2:]] == [("refused", "XC-SSJB"), ("published", "XC001")]
    assert json.loads(stdout)["publication_entry"] == entries[-1]["seq"]
    code, checked, _ = run("ledger", "verify", "--store", store, "--format", "json")
    assert code == 0 and json.loads(checked)["every_signature_checked"]
    assert json.loads(checked)["signatures_checked"] == len(entries)
    public = json.loads((out / "public" / "disclosure.json").read_text(encoding="utf-8"))
    text = json.dumps(public, ensure_ascii=False)
    assert all(s in text for s in DRAWN) and "许昌市应急管理局" in (out / "public" / "disclosure.html").read_text(
        encoding="utf-8")
    assert "1380000" not in text and "1390000" not in text  # no phone numbers of the rosters
    code, _, _ = run("verify", str(out / "public" / "manifest.json"), str(out / "public" / "draw.json"))
    assert code == 0
    book = openpyxl.load_workbook(next(p for p in written["draw"] if p.endswith(".xlsx")))
    cells = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert set(DRAWN) <= cells


def test_export_refuses_a_manifest_that_is_not_the_drawn_one(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    other = workspace / "other.json"
    data = json.loads((workspace / "XC-2026-12.manifest.json").read_text(encoding="utf-8"))
    data["public_input"]["source"] = "另一种方式"
    other.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("export", plan, "--store", store, "--out", str(workspace / "o"), "--manifest", str(other))
    assert code == 2 and out == "" and "does not give the draw recorded" in err


def test_commit_writes_the_manifest_as_its_canonical_bytes_which_verify_streams(workspace: Path) -> None:
    """The manifest ``commit`` writes beside the plan is exactly its canonical form (draw-v1 §3): the streamed
    reader takes it whole, with the hash the ledger committed, and ``verify`` accepts the draw against it."""
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    path = workspace / "XC-2026-12.manifest.json"
    read = read_published_manifest(path)  # refuses any byte that is not canonical
    assert path.read_bytes() == read.canonical()
    drawn = json.loads(path.with_name("XC-2026-12.draw.json").read_text(encoding="utf-8"))
    assert read.hash == drawn["manifest_hash"]
    assert run("verify", str(path), str(path.with_name("XC-2026-12.draw.json")))[0] == 0


def test_a_guomi_plan_draws_with_sm3_into_an_sm3_ledger(workspace: Path) -> None:
    plan = workspace / "plan.toml"
    text = plan.read_text(encoding="utf-8").replace("[public_input]", 'hash = "sm3"\n\n[public_input]')
    plan.write_text(text, encoding="utf-8")
    store = str(workspace / "sm3.sqlite3")
    init_store(workspace, store, "--ledger-hash", "sm3")
    code, out, err = run("commit", str(plan), "--store", store, "--format", "json", *section(workspace))
    assert code == 0, err
    manifest = Path(json.loads(out)["manifest"])
    assert json.loads(manifest.read_text(encoding="utf-8"))["algorithm"] == "draw-v2-sm3"
    code, out, _ = run("draw", str(plan), "3 5 1 6", "--store", store, "--format", "json", *office(workspace))
    assert code == 0 and json.loads(out)["draw"]["algorithm"] == "draw-v2-sm3"
    assert tuple(json.loads(out)["draw"]["subjects"]) != DRAWN  # another hash, another draw
    assert run("verify", str(manifest), str(manifest.with_name("XC-2026-12.draw.json")))[0] == 0
    code, out, _ = run("ledger", "verify", "--store", store, "--format", "json")
    assert code == 0 and json.loads(out)["hash"] == "sm3"
    # the page tells a citizen to re-check with SM3, and its recipe gives the seed
    assert run("export", str(plan), "--store", store, "--out", str(workspace / "o"))[0] == 0
    page = (workspace / "o" / "public" / "disclosure.html").read_text(encoding="utf-8")
    drawn = json.loads(manifest.with_name("XC-2026-12.draw.json").read_text(encoding="utf-8"))
    assert "清单哈希（SM3）" in page and "SHA-256" not in page and "第6至9节及第12节" in page
    public = json.loads((workspace / "o" / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert public["draw"]["algorithm"] == "draw-v2-sm3"
    assert "随机种子 = SM3(&quot;draw-v2-sm3&quot; ‖ 0x00 ‖ 清单哈希 ‖ 0x00 ‖ 公开输入)" in page
    assert SM3.hexdigest(b"draw-v2-sm3\x00" + drawn["manifest_hash"].encode() + b"\x00" + b"3 5 1 6") == drawn["seed"]
    code, _, err = run("ledger", "init", "--store", store, "--ledger-hash", "sha256", *admin(workspace))
    assert code == 2 and "exists already" in err  # a store is created once, and keeps the hash it was made with
    code, out, _ = run("ledger", "show", "--store", store, "--format", "json")
    assert json.loads(out)[0]["payload"]["ledger_hash"] == "sm3"  # named in the chain, not only in a settings row
    plan.write_text(plan.read_text(encoding="utf-8").replace('hash = "sm3"', 'hash = "md5"'), encoding="utf-8")
    code, _, err = run("check", str(plan))
    assert code == 2 and "hash: 'md5' is not one of sha256, sm3" in err


def test_the_readme_plan_commands_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("a plan from its rosters to its published draw", 1)[1].split("```sh", 1)[1].split("```")[0]
    commands = [shlex.split(line.split("  #")[0])[1:] for line in block.splitlines() if line.strip()]
    assert [c[0] for c in commands] == ["ledger", "ledger", "template", "check", "commit", "draw", "verify",
                                        "record", "obligations", "export", "ledger", "ledger", "ledger"]
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    for args in commands:
        code, out, err = run(*args)
        assert code == 0, (args, out, err)  # --overdue: late only under the estimated 2027 schedule (暂估)
        if "--overdue" in args:
            assert "(暂估)" in out and "overdue only under an estimated holiday schedule" in out
    assert (tmp_path / "out" / "public" / "disclosure.html").exists() and (tmp_path / "my-subjects.xlsx").exists()


def test_results_files_name_duplicate_columns_ignore_others_and_report_an_over_long_cell(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    path = workspace / "r.csv"
    path.write_text("统一社会信用代码,市场主体名称,检查开始,检查结束,检查结果,检查结束,被检查对象意见,备注\n"
                    f"{DRAWN[0]},甲,2026/12/10 0:00,2026-12-22,1,2026-12-29,,\n"
                    f'{DRAWN[1]},乙,2026-12-10,2026-12-22,1,,"{"长" * 200_000}",\n'
                    f"{DRAWN[2]},丙,2026-12-10,2026-12-22,1,,,\n", encoding="utf-8")
    code, out, _ = run("record", plan, str(path), "--store", store, "--format", "json", *inspectors(workspace))
    got = json.loads(out)
    assert code == 1 and got["recorded"] == [DRAWN[0], DRAWN[2]]  # the row after the over-long cell is read
    assert [(p["row"], p["column"]) for p in got["problems"]] == [(1, "检查结束"), (3, "被检查对象意见")]
    assert "a second column" in got["problems"][0]["problem"]
    assert "200,000 characters" in got["problems"][1]["problem"]
    code, shown, _ = run("ledger", "show", "--store", store, "--plan", "XC-2026-12", "--format", "json")
    entry, _ = [e for e in json.loads(shown) if e["kind"] == "result_recorded"]
    # the midnight time cut off; the first of two 检查结束 columns taken
    assert entry["payload"]["steps"] == {"检查开始": "2026-12-10", "检查结束": "2026-12-22"}


def test_an_actor_file_cannot_give_its_holder_another_role(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    forged = workspace / "actors" / "forged.toml"  # an inspector's own key, under the office's role
    forged.write_text((workspace / "actors" / "XC001.toml").read_text(encoding="utf-8")
                      .replace('role = "执法检查人员"', 'role = "承办股室"'), encoding="utf-8")
    code, out, err = run("commit", plan, "--store", store, "--as", str(forged))
    assert code == 2 and out == "" and "acts as role '承办股室'; the register gives '执法检查人员'" in err
    code, shown, _ = run("ledger", "show", "--store", store, "--format", "json")
    assert len(json.loads(shown)) == ENROLLED  # refused before anything was written


def test_later_steps_are_checked_against_the_committed_plan(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    run("commit", plan, "--store", store, *section(workspace))
    other = workspace / "henan.toml"  # the same plan under rules that let anyone draw
    other.write_text((workspace / "plan.toml").read_text(encoding="utf-8")
                     .replace('profile = "xuchang"', 'profile = "henan"'), encoding="utf-8")
    code, _, err = run("draw", str(other), "6 6 6 6", "--store", store, "--as",
                       str(workspace / "actors" / "XC001.toml"))
    assert code == 2 and "was committed under xuchang" in err
    code, _, err = run("draw", plan, "6 6 6 6", "--store", store, "--as", str(workspace / "actors" / "XC001.toml"))
    assert code == 2 and "双随机办" in err  # 许昌 第十条、第十三条: a section or the office draws, not an inspector


def test_a_refused_publication_leaves_nothing_to_publish(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    out = workspace / "out"
    code, _, err = run("export", plan, "--store", store, "--out", str(out), *office(workspace))
    assert code == 2 and "第十九条" in err and not out.exists()


def test_keygen_keeps_one_key_per_actor_and_errors_never_show_a_key(workspace: Path) -> None:
    folder = workspace / "kg"
    folder.mkdir()
    assert run("keygen", str(folder / "a.toml"), "--id", "A1", "--name", "甲\n乙", "--role", "双随机办",
               "--department", "yjj")[0] == 0
    assert (folder / "a.pub").read_text(encoding="ascii").startswith("-----BEGIN PUBLIC KEY-----\n")
    assert (folder / "a.key").read_text(encoding="ascii").startswith("-----BEGIN PRIVATE KEY-----\n")
    assert not (folder / "keys.toml").exists()
    assert run("keygen", str(folder / "b.toml"), "--id", "A1", "--name", "丙", "--role", "双随机办",
               "--department", "yjj")[0] == 0  # files of one's own decide nothing: the register is the ledger's
    store = str(workspace / "store.sqlite3")
    assert run("ledger", "enrol", str(folder / "a.toml"), "--store", store, *admin(workspace))[0] == 0
    code, _, err = run("ledger", "enrol", str(folder / "b.toml"), "--store", store, *admin(workspace))
    assert code == 2 and "A1 has a key in the register already" in err  # one key per actor
    secret = "".join((folder / "a.key").read_text(encoding="ascii").splitlines()[1:-1])  # the PEM's base64
    pasted = folder / "pasted.toml"
    pasted.write_text((folder / "a.toml").read_text(encoding="utf-8").replace('"a.key"', f'"{secret}"'),
                      encoding="utf-8")
    code, out, err = run("commit", str(workspace / "plan.toml"), "--store", str(workspace / "s.sqlite3"),
                         "--as", str(pasted))
    assert code == 2 and "looks like a key itself" in err and secret not in err + out


# -- draw-v2 through the command line (issue 14, attacks 10 and 9) ---------------------------------------------


def _entries(store: str) -> list[dict[str, object]]:
    code, shown, _ = run("ledger", "show", "--store", store, "--format", "json")
    assert code == 0
    entries: list[dict[str, object]] = json.loads(shown)
    return entries


@pytest.mark.parametrize("respelled", ["２ 3 5 1", "３ 5 1 6", "3 5 1 ６", "٣ 5 1 6", "3 5 1 6 ", " 3 5 1 6",
                                       "3  5 1 6", "3 5 1 06", "3\t5 1 6", "3 5 1", "3 5 1 6\n"])
def test_the_same_dice_spelled_another_way_are_refused(workspace: Path, respelled: str) -> None:
    """Attack 10: the dice 3 5 1 6 re-spelled (full-width, Arabic-Indic, spaces, a leading zero) to get another
    seed. Each is refused before anything is recorded; only the one spelling draws."""
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    assert run("commit", plan, "--store", store, *section(workspace))[0] == 0
    code, out, err = run("draw", plan, respelled, "--store", store, *office(workspace))
    assert code == 2 and out == "" and "public input" in err and "die1: 1 digit of 123456" in err
    assert [e["kind"] for e in _entries(store)][ENROLLED:] == ["plan_committed"]
    code, out, err = run("draw", plan, "3 5 1 6", "--store", store, "--format", "json", *office(workspace))
    assert code == 0, err
    assert tuple(json.loads(out)["draw"]["subjects"]) == DRAWN


def test_the_example_draw_is_the_same_from_a_fresh_copy(workspace: Path, tmp_path: Path) -> None:
    """The example ships its (test) interest secret, so its draw is reproducible: committing the same plan again
    keeps the secret, the manifest and the hash."""
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    first = json.loads(run("commit", plan, "--store", store, "--format", "json", *section(workspace))[1])
    again = json.loads(run("commit", plan, "--store", store, "--format", "json", *section(workspace))[1])
    assert first["manifest_hash"] == again["manifest_hash"] and first["ledger_entry"] == again["ledger_entry"]


def test_a_draw_v1_plan_file_is_refused_by_commit_with_the_rewrite_but_its_draws_still_verify(
        workspace: Path) -> None:
    from random_inspection.io.planfile import load_plan_file
    from random_inspection.profiles import ProfileRegistry
    from random_inspection.sampling import draw

    plan = workspace / "plan.toml"
    text = plan.read_text(encoding="utf-8")
    old = text[:text.index("# The public input")] + 'seed_source = "四枚骰子当众投掷，依次记录点数"\n' \
        + r"public_input_format = '\d( \d){3}'" + "\n\n" + text[text.index("[rosters]"):]
    legacy = workspace / "legacy.toml"
    legacy.write_text(old, encoding="utf-8")
    store = str(workspace / "store.sqlite3")
    code, out, err = run("commit", str(legacy), "--store", store, *section(workspace))
    assert code == 2 and out == ""
    assert "seed_source and public_input_format (draw-v1)" in err and "[public_input]" in err
    assert 'produced_at = "' in err and 'type = \\"digits\\"' not in err and 'type = "digits"' in err
    assert len(_entries(store)) == ENROLLED  # nothing recorded
    # an old draw published under draw-v1 still verifies from its files
    loaded = load_plan_file(legacy)
    assert loaded.legacy
    manifest = loaded.manifest(ProfileRegistry(), loaded.rosters(), {})
    assert manifest.version == 1
    result = draw(manifest, "3 5 1 6")  # the v1 pattern admits "３ 5 1 6" too: why it is no longer committed
    assert draw(manifest, "３ 5 1 6").seed != result.seed
    (workspace / "old.manifest.json").write_bytes(manifest.canonical())
    (workspace / "old.draw.json").write_text(json.dumps(result.to_json(), ensure_ascii=False), encoding="utf-8")
    code, out, _ = run("verify", str(workspace / "old.manifest.json"), str(workspace / "old.draw.json"))
    assert code == 0 and "the same draw" in out
    assert run("check", str(legacy), "--store", store)[0] == 0  # still read


def test_interests_are_not_published_by_name(workspace: Path) -> None:
    """Attack 9, second half: inspectors' declared interests (利害关系企业) reached the published manifest by subject
    id. Now the manifest carries tags only; the draw opens the interests in drawn subjects alone; the private
    file stays beside the manifest, its owner's only, and verify needs none of it."""
    import stat

    rosters = workspace / "rosters"
    subjects = [line.split(",")[0].lstrip("\ufeff") for line in
                (rosters / "subjects.csv").read_text(encoding="utf-8-sig").splitlines()[1:]]
    people = (rosters / "inspectors.csv").read_text(encoding="utf-8-sig").splitlines()
    declared = {"XC001": subjects[:15], "XC002": subjects[10:]}
    rows = [people[0]]
    for line in people[1:]:
        cells = line.split(",")
        if cells[0] in declared:
            cells[10] = "；".join(declared[cells[0]])
        rows.append(",".join(cells))
    (rosters / "inspectors.csv").write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    plan = workspace / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("inspectors.xlsx", "inspectors.csv"), encoding="utf-8")
    store = str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, str(plan), store)
    manifest_path = workspace / "XC-2026-12.manifest.json"
    published = json.loads(manifest_path.read_text(encoding="utf-8"))
    inspectors_text = json.dumps(published["inspectors"], ensure_ascii=False)
    assert not [s for s in subjects if s in inspectors_text]
    assert "interests" not in inspectors_text
    tags = {p["id"]: p["interest_tags"] for p in published["inspectors"]}
    assert len(tags["XC001"]) == 15 and len(tags["XC002"]) == 20
    drawn = json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8"))
    assert set(drawn["conflicts"]) <= set(drawn["subjects"])
    for sid in drawn["subjects"]:
        opened = [p for p, _ in drawn["conflicts"].get(sid, [])]
        assert opened == [p for p in ("XC001", "XC002") if sid in declared[p]]
        assert not set(opened) & set(drawn["teams"][sid])
    private = workspace / "XC-2026-12.interests.json"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    # the export publishes no undrawn subject's interest: only the drawn subjects appear on the disclosure
    out = workspace / "out"
    code, _, err = run("export", str(plan), "--store", store, "--out", str(out))
    assert code == 0, err
    assert not list(out.rglob("*.interests.json"))
    undrawn = set(subjects) - set(drawn["subjects"]) - {r for rs in drawn["reserve"].values() for r in rs}
    assert len(undrawn) >= 20
    for name in ("disclosure.json", "disclosure.html"):
        page = (out / "public" / name).read_text(encoding="utf-8")
        assert not [s for s in undrawn if s in page]
    public_manifest = json.loads((out / "public" / "manifest.json").read_text(encoding="utf-8"))
    assert json.dumps(public_manifest["inspectors"], ensure_ascii=False) == inspectors_text
    # verify needs the public files only; draw needs the private file
    private.rename(workspace / "elsewhere.json")
    assert run("verify", str(manifest_path), str(workspace / "XC-2026-12.draw.json"))[0] == 0
    code, _, err = run("draw", str(plan), "1 1 1 1", "--store", store, "--reason", "复核", *office(workspace))
    assert code == 2 and "declarations were not given" in err
    code, _, err = run("draw", str(plan), "1 1 1 1", "--store", store, "--reason", "复核",
                       "--declarations", str(workspace / "elsewhere.json"), *office(workspace))
    assert code == 0, err


def test_the_private_declarations_are_never_written_under_a_public_folder(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    (workspace / "public").mkdir()
    code, _, err = run("commit", plan, "--store", store, "--declarations", str(workspace / "public" / "i.json"),
                       *section(workspace))
    assert code == 2 and "under a public folder" in err
    assert not (workspace / "public" / "i.json").exists()
    assert len(_entries(store)) == ENROLLED  # nothing recorded


@pytest.mark.parametrize(("change", "words"), [
    (('produced_at = "2026-11-20T09:30:00+08:00"', 'produced_at = "2026-11-20 09:30"'), "not in the one spelling"),
    (('produced_at = "2026-11-20T09:30:00+08:00"', "produced_at = 2026-11-20T09:30:00"), "not in the one spelling"),
    (('type = "digits"', 'type = "hex"'), "unknown field type 'hex'"),
    (('alphabet = "123456"', 'alphabet = "654321"'), "ascending order"),
    (("[public_input]", 'seed_source = "骰子"\n[public_input]'), "seed_source: a draw-v1 key beside [public_input]"),
])
def test_a_bad_public_input_table_is_reported_with_its_key(workspace: Path, change: tuple[str, str],
                                                           words: str) -> None:
    plan = workspace / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    code, out, err = run("check", str(plan))
    assert code == 2 and out == "" and words in err


# -- issue 14: the ledger from the command line, attacked as an insider would ----------------------------------------


def test_an_actor_made_in_a_folder_of_ones_own_cannot_redraw(workspace: Path, tmp_path: Path) -> None:
    """Attack 3: keygen an actor with the office's id and role in a folder of one's own (with a keys.toml of
    one's own beside it) and redraw. The register is the ledger's: refused before anything is written."""
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    own = tmp_path / "own"
    own.mkdir()
    for name, ident, role in (("office", "XC-SSJB", "双随机办"), ("admin", "XC-XTGL", "系统管理员")):
        assert run("keygen", str(own / f"{name}.toml"), "--id", ident, "--name", "冒名", "--role", role,
                   "--department", "yjj")[0] == 0
    pub = read_public_key((own / "office.pub").read_text(encoding="ascii"))
    (own / "keys.toml").write_text(f'[keys."XC-SSJB"]\nalgorithm = "{pub[0]}"\npublic_key = "{pub[1]}"\n'
                                   'role = "双随机办"\ndepartment = "yjj"\n', encoding="utf-8")
    _, before, _ = run("ledger", "show", "--store", store, "--format", "json")
    code, out, err = run("draw", plan, "6 6 6 6", "--reason", "骰子落地", "--store", store,
                         "--as", str(own / "office.toml"))
    assert code == 2 and out == "" and "the key is not the one the register holds for XC-SSJB" in err
    code, _, err = run("ledger", "enrol", str(own / "office.toml"), "--store", store, "--as", str(own / "admin.toml"))
    assert code == 2 and "the key is not the one the register holds for XC-XTGL" in err  # nor enrol it oneself
    _, after, _ = run("ledger", "show", "--store", store, "--format", "json")
    assert after == before  # nothing written: the draw in force is the one the office made
    drawn = json.loads(after)[-1]
    assert drawn["kind"] == "draw_executed" and tuple(drawn["payload"]["subjects"]) == DRAWN


def test_the_unsigned_rewrite_is_visible_to_ledger_verify(workspace: Path) -> None:
    """Attack 2: every entry rewritten as an unsigned legacy one, the chain rehashed, signed_from raised.
    `ledger verify` never says every signature was checked, and fails against the administrator's published key
    and against a published head."""
    import sqlalchemy as sa

    from random_inspection.store import GENESIS, EntryKind
    from random_inspection.store.ledger import entry_body, entry_hash
    from random_inspection.store.schema import ledger, setting

    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    code, out, _ = run("ledger", "verify", "--store", store, "--format", "json")
    head = json.loads(out)["head"]
    code, exported, _ = run("ledger", "keys", "--store", store, "--toml")
    assert code == 0 and "XC-SSJB" in tomllib.loads(exported)["keys"]
    (workspace / "exported.toml").write_text(exported, encoding="utf-8")
    engine = sa.create_engine(f"sqlite:///{store}")
    prev = GENESIS
    with engine.begin() as conn:
        for seq, plan_id in conn.execute(sa.select(ledger.c.seq, ledger.c.plan_id)).all():
            body = entry_body(seq, EntryKind.PUBLISHED, plan_id, None, {"forged": seq})
            hashed = entry_hash(prev, body)
            conn.execute(sa.update(ledger).where(ledger.c.seq == seq).values(
                kind="published", body=body, prev_hash=prev, entry_hash=hashed, actor=None, algorithm=None,
                signature=None))
            prev = hashed
        conn.execute(sa.insert(setting).values(name="signed_from", value="9999"))
    engine.dispose()
    for extra in ((), ("--keys", str(workspace / "exported.toml"))):
        code, out, err = run("ledger", "verify", "--store", store, *extra)
        assert code == 1 and "every signature checked" not in out
        assert f"NOT every signature: {ENROLLED + 2} entries carry no signature" in out
        assert "holds no key register" in err
        code, out, _ = run("ledger", "verify", "--store", store, *extra, "--format", "json")
        got = json.loads(out)
        assert code == 1 and got["unsigned"] == ENROLLED + 2 and not got["every_signature_checked"]
        assert got["verified"] and not got["complete"]
    admin_key = (workspace / "actors" / "xc-admin.pub").read_text(encoding="ascii").split()[1]
    code, _, err = run("ledger", "verify", "--store", store, "--admin-key", admin_key)
    assert code == 2 and "no entry founds a key register" in err
    code, _, err = run("ledger", "verify", "--store", store, "--head", head)
    assert code == 2 and f"entry {ENROLLED + 2}" in err and "published head" in err


def test_keys_are_enrolled_and_revoked_in_the_ledger_and_a_cut_tail_fails_the_head(workspace: Path) -> None:
    """The register from the command line (ledger keys, revoke), and attack 7: the last entries (a refusal and
    a publication) cut off fail against a head published before."""
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    code, out, _ = run("ledger", "keys", "--store", store, "--format", "json")
    register = json.loads(out)
    assert register["administrator"] == "XC-XTGL" and register["since"] == 1
    assert {k["id"] for k in register["keys"]} == {"XC-XTGL", "XC-ZFZD", "XC-SSJB", *(f"XC{n:03d}" for n in
                                                                                      range(1, 13))}
    code, out, _ = run("ledger", "verify", "--store", store, "--format", "json")
    head = json.loads(out)["head"]
    assert head.startswith(f"{ENROLLED + 2}:")
    run("record", plan, str(workspace / "results.csv"), "--store", store, *inspectors(workspace))
    code, _, err = run("export", plan, "--store", store, "--out", str(workspace / "o"), *office(workspace))
    assert code == 2  # the office may not publish (第十九条): its refusal is recorded
    code, _, err = run("ledger", "revoke", "XC001", "--reason", "调离", "--store", store, *office(workspace))
    assert code == 2 and "only a 系统管理员" in err  # the office revokes nobody (the refusal is recorded too)
    code, out, err = run("ledger", "revoke", "XC-SSJB", "--reason", "调离", "--store", store, *admin(workspace))
    assert code == 0, err
    code, _, err = run("draw", plan, "1 1 1 1", "--reason", "重抽", "--store", store, *office(workspace))
    assert code == 2 and "XC-SSJB's key was revoked" in err
    code, out, _ = run("ledger", "keys", "--store", store, "--all", "--format", "json")
    (revoked,) = [k for k in json.loads(out)["keys"] if k["id"] == "XC-SSJB"]
    assert revoked["reason"] == "调离" and revoked["revoked"] is not None
    assert run("ledger", "verify", "--store", store, "--head", head)[0] == 0  # grown since: the head holds
    code, out, _ = run("ledger", "verify", "--store", store, "--format", "json")
    published = json.loads(out)["head"]  # published with the last output, say
    import sqlite3

    with sqlite3.connect(store) as conn:  # cut the tail: the two refusals and the revocation
        conn.execute("DELETE FROM ri_ledger WHERE seq > ?", (ENROLLED + 5,))
    code, out, err = run("ledger", "verify", "--store", store)
    assert code == 0, err  # whole in itself ...
    code, _, err = run("ledger", "verify", "--store", store, "--head", published)
    assert code == 2 and "published head" in err and f"ends at entry {ENROLLED + 5}" in err  # ... but not this


def test_ledger_verify_reads_a_read_only_copy(workspace: Path, tmp_path: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    copy = tmp_path / "ro" / "copy.sqlite3"
    copy.parent.mkdir()
    copy.write_bytes(Path(store).read_bytes())
    copy.chmod(0o444)
    copy.parent.chmod(0o555)
    try:
        admin_key = (workspace / "actors" / "xc-admin.pub").read_text(encoding="ascii").split()[1]
        code, out, err = run("ledger", "verify", "--store", str(copy), "--admin-key", admin_key)
        assert code == 0 and "every signature checked" in out, err
        assert sorted(p.name for p in copy.parent.iterdir() if p.name.startswith("copy")) <= [
            "copy.sqlite3", "copy.sqlite3-shm", "copy.sqlite3-wal"]
    finally:
        copy.parent.chmod(0o755)


def test_a_store_an_earlier_version_made_gets_a_register_and_keeps_verifying(workspace: Path) -> None:
    """How an existing store migrates: its unsigned entries and its signed ones made without a register keep
    verifying (and are reported); the command line writes to it only once its administrator opened a register
    in its chain and enrolled the actors."""
    import sqlalchemy as sa

    from random_inspection.io.actorfile import load_actor
    from random_inspection.store import GENESIS, EntryKind, Store
    from random_inspection.store.ledger import entry_body, entry_hash
    from random_inspection.store.schema import ledger

    plan, store = str(workspace / "plan.toml"), str(workspace / "old.sqlite3")
    old = Store.open(store)
    with old.engine.begin() as conn:  # an entry from before version 6: no actor, no signature
        body = entry_body(1, EntryKind.PUBLISHED, "OLD", None, {"n": 1})
        conn.execute(sa.insert(ledger).values(seq=1, kind="published", plan_id="OLD", body=body, prev_hash=GENESIS,
                                              entry_hash=entry_hash(GENESIS, body)))
    office, signer = load_actor(workspace / "actors" / "xc-office.toml")
    old.append(EntryKind.PUBLISHED, {"n": 2}, plan_id="OLD", actor=office, signer=signer)  # signed, no register
    old.close()
    code, _, err = run("commit", plan, "--store", store, *section(workspace))
    assert code == 2 and "holds no key register" in err and "ledger open-register" in err
    ring = workspace / "old-keys.toml"
    ring.write_text(f'[keys."XC-SSJB"]\nalgorithm = "{signer.algorithm}"\npublic_key = "{signer.public_key}"\n',
                    encoding="utf-8")
    code, out, _ = run("ledger", "verify", "--store", store, "--keys", str(ring), "--format", "json")
    got = json.loads(out)
    assert code == 1 and (got["unsigned"], got["signatures_checked"], got["register_from"]) == (1, 1, None)
    code, out, err = run("ledger", "open-register", "--store", store, *admin(workspace))
    assert code == 0 and "ledger entry 3" in out, err
    assert run("ledger", "enrol", str(workspace / "actors"), "--store", store, *admin(workspace))[0] == 0
    later = Path(plan).read_text(encoding="utf-8").replace("2026-11-20T09:30:00+08:00", "2099-12-01T09:30:00+08:00")
    Path(plan).write_text(later, encoding="utf-8")  # dice still to come: the plan is committed now, before them
    code, out, err = run("commit", plan, "--store", store, "--format", "json", "--at", now(), *section(workspace))
    assert code == 0, err
    admin_key = (workspace / "actors" / "xc-admin.pub").read_text(encoding="ascii").split()[1]
    code, out, _ = run("ledger", "verify", "--store", store, "--keys", str(ring), "--admin-key", admin_key,
                       "--format", "json")
    got = json.loads(out)
    assert code == 1 and got["unsigned"] == 1 and got["register_from"] == 3  # the old prefix stays reported
    assert got["signatures_checked"] == got["entries"] - 1


def test_export_publishes_the_plan_on_its_bureaus_site(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    templates = workspace / "templates"
    templates.mkdir()
    (templates / "index.html").write_text('{% extends "base.html" %}{% block content %}<p id="own">本局目录：'
                                          "{{ plans|length }}</p>{% endblock %}", encoding="utf-8")
    site = workspace / "portal"
    code, stdout, err = run("export", plan, "--store", store, "--out", str(workspace / "out"), "--site", str(site),
                            "--on", "2026-12-20", "--templates", str(templates), "--format", "json")
    assert code == 0, err
    assert str(site / "xuchang" / "index.html") in json.loads(stdout)["site"]
    index = (site / "xuchang" / "index.html").read_text(encoding="utf-8")
    assert '<p id="own">本局目录：1</p>' in index and "2026年12月20日" in index  # the bureau's own template
    page = (site / "xuchang" / "XC-2026-12" / "index.html").read_text(encoding="utf-8")
    assert all(s in page for s in DRAWN) and "公示日期：<time" in page and "2026年12月20日" in page
    assert "发布机关：<span id=\"office\">许昌市应急管理局</span>" in page
    code, _, err = run("export", plan, "--store", store, "--out", str(workspace / "out2"), "--site", str(site),
                       "--on", "2026-12-21", "--office", "许昌市人民政府办公室")
    assert code == 0, err
    assert "许昌市人民政府办公室" in (site / "xuchang" / "XC-2026-12" / "index.html").read_text(encoding="utf-8")
    (templates / "plan.html").write_text('{% extends "base.html" %}{% block content %}咨询电话 13839210016'
                                         "{% endblock %}", encoding="utf-8")
    out = workspace / "out3"
    code, _, err = run("export", plan, "--store", store, "--out", str(out), "--site", str(site), "--templates",
                       str(templates))
    assert code == 2 and "shown text" in err and "13839210016" not in err
    assert not out.exists()  # refused: nothing written, the site as it was
    assert "许昌市人民政府办公室" in (site / "xuchang" / "XC-2026-12" / "index.html").read_text(encoding="utf-8")
