"""The command line's longer texts in the language chosen (docs/i18n.md): the tables' headings, the ``day`` and
``profiles`` listings, the ``due`` explanation, ``keygen``'s report and the errors of actor and key files; in
English exactly as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from random_inspection.cli import main
from tests.cli_support import make_workspace

QUIET = {"RANDOM_INSPECTION_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def run(lang: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--lang", lang, *args], env=QUIET)
    return result.exit_code, result.stdout, result.stderr


def test_day_names_the_weekday_and_a_provisional_year_in_the_language() -> None:
    days = ("day", "2026-02-14", "2027-02-09")
    assert run("zh", *days)[1].splitlines() == ["2026-02-14 周六：调休上班 春节",
                                                "2027-02-09 周二：节假日 春节补假（暂定）"]
    assert run("en", *days)[1].splitlines() == ["2026-02-14 Sat: 调休上班 春节",
                                                "2027-02-09 Tue: 节假日 春节补假 (provisional)"]


@pytest.mark.parametrize(("args", "zh", "en"), [
    (("2027-09-30", "5个工作日"), "2027-09-30 + 5个工作日 → 2027-10-12——暂定：2027 年尚无官方节假日安排",
     "2027-09-30 + 5个工作日 → 2027-10-12 — provisional: no official holiday schedule for 2027"),
    (("2026-09-26", "5日"),
     "2026-09-26 + 5日 → 2026-10-08（期间最后一日 2026-10-01 为休息日，顺延：民法典 第二百零三条）",
     "2026-09-26 + 5日 → 2026-10-08 (last day 2026-10-01 is a rest day, extended: 民法典 第二百零三条)"),
    (("2026-09-10", "5日", "--cut-off", "17:30", "--hours-source", "某局办事指南 第三条"),
     "2026-09-10 + 5日 → 2026-09-15；截止于 17:30（停止业务活动的时间，民法典 第二百零三条第二款；"
     "业务时间依据：《某局办事指南》 第三条）",
     "2026-09-10 + 5日 → 2026-09-15; ends at 17:30 (停止业务活动的时间, 民法典 第二百零三条第二款; "
     "hours: 《某局办事指南》 第三条)"),
])
def test_the_due_explanation_is_in_the_language(args: tuple[str, ...], zh: str, en: str) -> None:
    assert run("zh", "due", *args)[1].strip() == zh
    assert run("en", "due", *args)[1].strip() == en


def test_profiles_lists_in_the_language() -> None:
    zh, en = run("zh", "profiles")[1].splitlines(), run("en", "profiles")[1].splitlines()
    assert len(zh) == len(en) and zh[0].startswith("national") and "上级=-  规则=" in zh[0]
    assert "parent=-  rules=" in en[0]
    xuchang = next(line for line in zh if line.startswith("xuchang "))
    assert "上级=henan" in xuchang and "parent" not in xuchang


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("ws"))


def test_the_ledgers_tables_have_headings_in_the_language(workspace: Path) -> None:
    store = str(workspace / "store.sqlite3")
    assert run("zh", "ledger", "show", "--store", store)[1].splitlines()[0].split() == \
        ["序号", "类型", "计划", "主体", "时间", "哈希"]
    assert run("en", "ledger", "show", "--store", store)[1].splitlines()[0].split() == \
        ["seq", "kind", "plan", "actor", "at", "hash"]
    zh_keys = run("zh", "ledger", "keys", "--store", store)[1].splitlines()
    assert zh_keys[1].split() == ["编号", "名称", "角色", "部门", "算法", "公钥", "登记条目", "撤销"]


def test_keygen_reports_and_refuses_in_the_language(tmp_path: Path) -> None:
    person = ("--id", "XC900", "--name", "张三", "--role", "执法检查人员", "--department", "yjj")
    code, out, _ = run("zh", "keygen", str(tmp_path / "a.toml"), *person)
    assert code == 0 and out.startswith(f"已写出 {tmp_path / 'a.toml'}、其密钥 {tmp_path / 'a.key'}（请妥善保管")
    code, _, err = run("zh", "keygen", str(tmp_path / "a.toml"), *person)
    assert code == 2 and err.strip() == f"错误：{tmp_path / 'a.toml'}：主体文件已存在——处理方法：请另选名称"
    code, _, err = run("en", "keygen", str(tmp_path / "a.toml"), *person)
    assert err.strip() == f"error: {tmp_path / 'a.toml'}: the actor file exists already — fix: choose another name"


def test_an_actor_files_key_problem_is_in_the_language(tmp_path: Path) -> None:
    actor = tmp_path / "x.toml"
    actor.write_text('id = "XC900"\nname = "张三"\nrole = "执法检查人员"\ndepartment = "yjj"\nkey = "none.key"\n',
                     encoding="utf-8")
    plan = Path(__file__).resolve().parent.parent / "examples" / "plan.toml"
    code, _, err = run("zh", "commit", str(plan), "--store", str(tmp_path / "s.sqlite3"), "--as", str(actor))
    assert code == 2
    assert "无法读取所填写的密钥文件——处理方法：请填写 `random-inspection keygen` 在主体文件旁写出的密钥文件名" in err


def test_serve_refuses_a_missing_store_in_the_language(tmp_path: Path) -> None:
    code, _, err = run("zh", "serve", "--store", str(tmp_path / "none.sqlite3"), "--plans", str(tmp_path))
    assert code == 2 and "处没有存储库——处理方法：请给出已有的存储库，或新建一个：random-inspection ledger init" in err
