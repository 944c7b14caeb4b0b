"""The command line speaks Chinese where the locale is Chinese or ``--lang zh`` asks, English otherwise (docs/i18n.md,
docs/cli.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from random_inspection.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
QUIET = {"RANDOM_INSPECTION_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
"""Every variable that chooses the language, unset: each test sets the ones it means."""


def run(*args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={**QUIET, **env})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def bad_roster(tmp_path: Path) -> str:
    """The example subjects with the 统一社会信用代码 of its second data row (row 3) spoilt."""
    lines = (EXAMPLES / "rosters" / "subjects.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[2].split(",")
    cells[0] = cells[0][:-1] + ("0" if cells[0][-1] != "0" else "1")
    path = tmp_path / "subjects.csv"
    path.write_text("\n".join([*lines[:2], ",".join(cells), *lines[3:6]]) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("args", "env", "chinese"), [
    (("--lang", "zh"), {}, True),
    ((), {"LANG": "zh_CN.UTF-8"}, True),
    ((), {"LANG": "C"}, False),
    ((), {"LANGUAGE": "zh_CN:en", "LANG": "C"}, True),
    ((), {"RANDOM_INSPECTION_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, False),
    ((), {"RANDOM_INSPECTION_LANG": "zh", "LANG": "C"}, True),
    (("--lang", "en"), {"LANG": "zh_CN.UTF-8"}, False),
    ((), {}, False),
])
def test_a_bad_roster_is_reported_in_the_language_chosen(bad_roster: str, args: tuple[str, ...], env: dict[str, str],
                                                         chinese: bool) -> None:
    code, out, _ = run(*args, "validate", bad_roster, "--kind", "subjects", **env)
    assert code == 1
    problem = [line for line in out.splitlines() if "subjects.csv" in line and "统一社会信用代码 '" in line]
    assert len(problem) == 1, out
    if chinese:
        assert "subjects.csv 第3行，“统一社会信用代码”列：" in problem[0]
        assert "校验码" in problem[0] and "——处理方法：请从营业执照重新抄录代码" in problem[0]
        assert "有问题的行 1 行" in out
    else:
        assert "subjects.csv row 3, column 统一社会信用代码: " in problem[0]
        assert "check character" in problem[0] and " — fix: copy the code again from the business licence (营业执照)" \
            in problem[0]
        assert "1 bad rows" in out


def test_the_strict_refusal_names_the_option_in_both_languages() -> None:
    code, out, err = run("--lang", "zh", "due", "2099-03-02", "5个工作日", "--strict")
    assert code == 2 and out == ""
    assert err.startswith("错误：") and "未加载 2099 年的正式节假日安排" in err
    assert "`--schedule FILE`" in err and "`--strict`" in err and err.count("\n") == 1
    code, out, err = run("due", "2099-03-02", "5个工作日", "--strict", LANG="C")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "no official holiday schedule" in err
    assert "`--schedule FILE`" in err and "`--strict`" in err and "with_schedule" in err.split("in Python")[-1]


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    code, _, err = run("--lang", "fr", "day", "2026-10-01")
    assert code == 2 and "'fr' is not one of 'en', 'zh'" in err


def test_the_command_line_output_is_chinese_too(tmp_path: Path) -> None:
    code, out, _ = run("--lang", "zh", "template", "subjects", str(tmp_path / "t.csv"))
    assert code == 0 and out.startswith("已写入 ") and "（检查对象名录库）" in out
    code, _, err = run("--lang", "zh", "template", "subjects", str(tmp_path / "t.csv"))
    assert code == 2 and "文件已存在" in err and "请另选文件名，或加 --force 覆盖原文件" in err


def test_a_file_that_cannot_be_read_is_reported_in_chinese(tmp_path: Path) -> None:
    code, _, err = run("--lang", "zh", "validate", str(tmp_path / "none.csv"), "--kind", "subjects")
    assert code == 2 and err == "错误：none.csv：无法读取：文件不存在——处理方法：请检查路径\n"
