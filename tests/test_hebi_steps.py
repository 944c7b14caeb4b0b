"""鹤壁's joint plan (鹤双随机办〔2020〕19号) through its whole life on the command line only: the joint office commits
it, the platform's draw is imported (五(一): 市“双随机、一公开”监管平台), the result agreed by both departments is
recorded (五(五)), the inspectors record their findings item by item (五(三)), the 市双随机办 sends the special
equipment problem to 市场监管局 by letter (五(六)), an inspector hands the 《联合抽查记录表》 over to the 联合抽查办公室
(五(五)); then ``ledger verify`` passes, ``obligations`` and ``status`` show the duties met, and the disclosure and
the forms show the steps. Each attack — a hand-over by a department not party, a transfer of a subject not drawn,
a finding by an inspector off the team — is refused and the refusal recorded, or, written around the store, found
by ``ledger verify``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from random_inspection.io.actorfile import load_actor
from random_inspection.store import EntryKind, Store
from random_inspection.store.steps import RecordedStep
from random_inspection.workflow import Finding, Step
from random_inspection_profiles.hebi.duties import HANDED_OVER
from tests.cli_support import now, run

PLAN_ID = "HB-2020-07"
SUBJECT = "91410622TFB7TMKC6M"  # 鹤壁瑞丰铸造有限公司04, the platform's draw (三(二): one enterprise)
OTHER = "91410603MTM72MD309"  # on the roster, not drawn
TASK = "410600-2020-SSJ-0007"
LETTER = "鹤双随机办函〔2020〕3号"
TEAM = (("HB001", "执法人员01", "豫AJ4106001"), ("HB002", "执法人员02", "豫AJ4106002"),
        ("HB007", "执法人员07", "豫AS4106007"), ("HB008", "执法人员08", "豫AS4106008"))
ACTORS = (
    ("hb-admin", "HB-XTGL", "系统管理员", "系统管理员", "yjj"),
    ("hb-office", "HB-LHCB", "联合抽查领导小组办公室", "联合抽查办公室", "yjj"),  # commits, draws (五(一))
    ("hb-ssjb", "HB-SSJB", "市“双随机、一公开”工作领导小组办公室", "双随机办", "yjj"),  # transfers (五(六))
    ("sj-case", "SJ-AJ", "市场监管局案件科", "相关部门", "scjgj"),  # receives the letter
    ("HB001", "HB001", "执法人员01", "执法检查人员", "yjj"),
    ("HB002", "HB002", "执法人员02", "执法检查人员", "yjj"),
    ("HB003", "HB003", "执法人员03", "执法检查人员", "yjj"),  # not drawn
    ("HB007", "HB007", "执法人员07", "执法检查人员", "scjgj"),
    ("HB008", "HB008", "执法人员08", "执法检查人员", "scjgj"),
    ("ZJ001", "ZJ001", "住建局执法人员", "执法检查人员", "zjj"),  # a department not party to the plan
)

PLAN = textwrap.dedent(f'''
    plan_id = "{PLAN_ID}"
    profile = "hebi"
    departments = ["yjj", "scjgj"]
    window = ["2020-07-06", "2020-07-31"]

    [public_input]
    source = "市“双随机、一公开”监管平台随机抽取（任务编号见平台导出文件）"
    produced_at = "2020-07-06T09:30:00+08:00"

    [[public_input.fields]]
    name = "die1"
    type = "digits"
    length = 1
    alphabet = "123456"

    [rosters]
    subjects = "rosters/subjects.xlsx"
    inspectors = "rosters/inspectors.xlsx"
    checklist = "rosters/checklist.csv"

    [draw]
    team_size = 4
    count = 1
    reserve = 0

    [department_names]
    yjj = "鹤壁市应急管理局"
    scjgj = "鹤壁市市场监督管理局"
''')

RESULTS = ("统一社会信用代码,检查开始,检查结束,检查结果,处理结果,共同认定部门,联合抽查结果共同认定,录入平台并公示\n"
           f"{SUBJECT},2020-07-20,2020-07-21,8,责令改正,yjj、scjgj,2020-07-24,2020-07-27\n")


def _as(ws: Path, name: str) -> tuple[str, str]:
    return "--as", str(ws / "actors" / f"{name}.toml")


def _ok(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, out + err
    return out


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """鹤壁's bundled rosters, a plan file, the actors' keys, and a store its administrator made and enrolled
    them in; the plan committed by the joint office and the platform's draw imported."""
    ws = tmp_path / "hebi"
    (ws / "rosters").mkdir(parents=True)
    bundled = resources.files("random_inspection").joinpath("data").joinpath("demo").joinpath("hebi")
    for name in ("subjects.xlsx", "inspectors.xlsx", "checklist.csv"):
        shutil.copyfile(str(bundled.joinpath(name)), ws / "rosters" / name)
    (ws / "plan.toml").write_text(PLAN, encoding="utf-8")
    (ws / "actors").mkdir()
    (ws / "admin").mkdir()
    for file, ident, name, role, department in ACTORS:
        folder = ws / ("admin" if file == "hb-admin" else "actors")  # the administrator is enrolled by init
        _ok("keygen", str(folder / f"{file}.toml"), "--id", ident, "--name", name, "--role", role,
            "--department", department)
    store = str(ws / "store.sqlite3")
    admin = ("--as", str(ws / "admin" / "hb-admin.toml"))
    _ok("ledger", "init", "--store", store, "--at", "2020-06-20T09:00:00+08:00", *admin)
    _ok("ledger", "enrol", str(ws / "actors"), "--store", store, "--at", "2020-06-20T09:05:00+08:00", *admin)
    plan = str(ws / "plan.toml")
    _ok("commit", plan, "--store", store, "--at", "2020-07-03T15:00:00+08:00", *_as(ws, "hb-office"))
    export = ws / "平台导出.csv"
    lines = ["任务编号,统一社会信用代码,市场主体名称,执法证号,执法人员姓名,抽取时间"]
    lines += [f"{TASK},{SUBJECT},鹤壁瑞丰铸造有限公司04,{number},{name},2020-07-06 09:30" for _, name, number in TEAM]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    _ok("platform", "import", plan, str(export), "--store", store, "--at", "2020-07-06T10:00:00+08:00",
        *_as(ws, "hb-office"))
    (ws / "results.csv").write_text(RESULTS, encoding="utf-8")
    _ok("record", plan, str(ws / "results.csv"), "--store", store, *_as(ws, "hb-office"))
    return ws


def _step(ws: Path, *args: str) -> tuple[int, str, str]:
    return run("step", *args[:1], str(ws / "plan.toml"), *args[1:], "--store", str(ws / "store.sqlite3"))


def _refusals(ws: Path) -> list[str]:
    out = _ok("ledger", "show", "--store", str(ws / "store.sqlite3"), "--format", "json")
    return [json.dumps(e["payload"], ensure_ascii=False) for e in json.loads(out) if e["kind"] == "refused"]


def test_a_hebi_joint_plan_runs_its_whole_life_from_the_command_line(workspace: Path, tmp_path: Path) -> None:
    ws, plan, store = workspace, str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    # before the steps: the hand-over and the letter are owed, and overdue by the end of August
    code, out, _ = run("status", "--store", store, "--plans", str(ws), "--on", "2020-08-31", "--format", "json")
    assert code == 1 and {o["key"] for o in json.loads(out)["plans"][0]["overdue"]} >= {"record_handover"}
    # the inspectors record their findings item by item, each on the items of their own department
    for who, item, flag, note in (("HB001", "HB-YJ-1", "--hazard", "未开展风险辨识"),
                                  ("HB002", "HB-YJ-2", "--compliant", ""),
                                  ("HB007", "HB-SC-5", "--hazard", "在用特种设备超过检验有效期")):
        code, out, err = _step(ws, "finding", SUBJECT, "--item", item, flag, "--note", note, "--date", "2020-07-21",
                               *_as(ws, who))
        assert code == 0, out + err
    # 五(六): the 市双随机办 sends the special-equipment problem to 市场监管局 by letter; it receives and files it
    code, out, err = _step(ws, "transfer", SUBJECT, "--to", "scjgj", "--letter", LETTER, "--date", "2020-07-28",
                           "--format", "json", *_as(ws, "hb-ssjb"))
    assert code == 0, out + err
    assert json.loads(out)["step"]["letter"] == LETTER and json.loads(out)["step"]["sender"] == "yjj"
    for step, day in (("收到移交函", "2020-07-29"), ("立案查处或书面回复", "2020-08-03")):
        code, out, err = _step(ws, "transfer", SUBJECT, "--to", "scjgj", "--step", step, "--date", day,
                               *_as(ws, "sj-case"))
        assert code == 0, out + err
    # 五(五): an inspector of the group hands the 《联合抽查记录表》 over to the 联合抽查办公室
    code, out, err = _step(ws, "hand-over", SUBJECT, "--to", "联合抽查办公室", "--date", "2020-07-30",
                           *_as(ws, "HB001"))
    assert code == 0, out + err

    verified = json.loads(_ok("ledger", "verify", "--store", store, "--format", "json"))
    assert verified["every_signature_checked"]
    duties = {(o["key"], o["counterpart"] or ""): o for o in
              json.loads(_ok("obligations", plan, "--store", store, "--on", "2020-08-31", "--format", "json"))}
    assert duties[("record_handover", "")]["met_on"] == "2020-07-30"
    assert duties[("problem_transfer", "scjgj")]["met_on"] == "2020-07-28"
    assert duties[("case_or_reply", "scjgj")]["met_on"] == "2020-08-03"
    assert duties[("case_or_reply", "scjgj")]["status"] == "按期完成"
    code, out, err = run("status", "--store", store, "--plans", str(ws), "--on", "2020-08-31", "--format", "json")
    assert code == 0, err
    (shown_plan,) = json.loads(out)["plans"]
    assert shown_plan["counts"]["按期完成"] == 3 and not shown_plan["overdue"] and not shown_plan["upcoming"]

    out_dir = tmp_path / "out"
    _ok("export", plan, "--store", store, "--out", str(out_dir), *_as(ws, "HB001"))
    public = json.loads((out_dir / "public" / "disclosure.json").read_text(encoding="utf-8"))
    (shown,) = public["inspections"]
    assert shown["transfers"] == [{"to": "scjgj", "sender": "yjj", "letter": LETTER, "sent": "2020-07-28"}]
    assert [p["item"] for p in shown["problems"]] == ["HB-YJ-1", "HB-SC-5"]
    assert "handling" not in shown  # 五(五): the publication covers the inspection only
    page = (out_dir / "public" / "disclosure.html").read_text(encoding="utf-8")
    assert LETTER in page and "问题线索移交" in page
    book = openpyxl.load_workbook(out_dir / "forms" / "附件4_联合抽查记录表.xlsx")
    cells = [str(c.value) for ws_ in book.worksheets for row in ws_.iter_rows() for c in row if c.value]
    assert any("函告移交鹤壁市市场监督管理局" in c and LETTER in c for c in cells)
    assert any(c.startswith("不符合：在用特种设备超过检验有效期") for c in cells)


def test_each_attack_on_the_hebi_steps_is_refused_and_recorded(workspace: Path) -> None:
    ws = workspace
    # a hand-over by a department not party to the plan
    code, _, err = _step(ws, "hand-over", SUBJECT, "--to", "联合抽查办公室", "--date", "2020-07-30",
                         *_as(ws, "ZJ001"))
    assert code == 2 and "zjj is not a department of the plan" in err
    # a transfer of a subject not drawn (no inspection of it is recorded)
    code, _, err = _step(ws, "transfer", OTHER, "--to", "scjgj", "--letter", LETTER, "--date", "2020-07-28",
                         *_as(ws, "hb-ssjb"))
    assert code == 2 and f"no inspection of {OTHER}" in err
    # a finding by an inspector off the team
    code, _, err = _step(ws, "finding", SUBJECT, "--item", "HB-YJ-3", "--compliant", "--date", "2020-07-21",
                         *_as(ws, "HB003"))
    assert code == 2 and "HB003" in err and "team" in err
    # a letter in another department's name
    code, _, err = _step(ws, "transfer", SUBJECT, "--to", "zrzyj", "--from", "scjgj", "--date", "2020-07-28",
                         *_as(ws, "hb-ssjb"))
    assert code == 2 and "--from" in err
    refused = _refusals(ws)
    assert len(refused) == 4
    assert run("ledger", "verify", "--store", str(ws / "store.sqlite3"))[0] == 0  # refusals are honest entries


AROUND = {
    "hand-over-by-zjj": ("ZJ001", RecordedStep(SUBJECT, "yjj", dt.date(2020, 7, 30), HANDED_OVER,
                                               "联合抽查办公室", "zjj"), "zjj is not a department of the plan"),
    "transfer-of-a-subject-not-drawn": ("hb-ssjb", RecordedStep(OTHER, "yjj", dt.date(2020, 7, 28), Step.TRANSFERRED,
                                                                "scjgj", "yjj", LETTER), f"no inspection of {OTHER}"),
    "finding-off-the-team": ("HB003", RecordedStep(SUBJECT, "yjj", dt.date(2020, 7, 21),
                                                   finding=Finding("HB-YJ-3", True)),
                             "HB003 was not on the team"),
}
"""Steps the store refuses, each appended around its checks by whoever holds the actor's key and the database."""


@pytest.mark.parametrize("name", sorted(AROUND))
def test_a_step_written_around_the_store_is_found_by_verify(workspace: Path, name: str) -> None:
    who, step, found = AROUND[name]
    actor, signer = load_actor(workspace / "actors" / f"{who}.toml")
    opened = Store.open(str(workspace / "store.sqlite3"))
    try:
        opened._with_retry(lambda conn: opened._append(conn, EntryKind.STEP_RECORDED, step.to_json(), PLAN_ID,
                                                       now(), actor, signer))
    finally:
        opened.close()
    code, out, err = run("ledger", "verify", "--store", str(workspace / "store.sqlite3"))
    assert code != 0 and found in out + err, out + err
