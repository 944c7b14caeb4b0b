"""click's own words (its help's headings and marks, its usage errors) in Chinese under the Chinese locale or
``--lang zh``, English otherwise; and the click messages translated are still click's (docs/i18n.md)."""

from __future__ import annotations

import ast
import gettext
import importlib
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from random_inspection.cli import main
from random_inspection.cli.click_words import CLICK_MESSAGES, CLICK_MODULES
from random_inspection.translation import catalogue

QUIET = {"RANDOM_INSPECTION_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def run(*args: str, **env: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={**QUIET, **env})
    return result.exit_code, result.output


def _click_msgids() -> set[str]:
    """Every text click hands ``_`` or ``ngettext`` in its installed source."""
    found: set[str] = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                found.update(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return found


def test_every_click_message_translated_is_still_one_of_clicks() -> None:
    core = (Path(click.__file__).parent / "core.py").read_text(encoding="utf-8")
    # "required" reaches `_` through a dict: `extra["required"] = "required"`, then `_(extra["required"])`
    indirect = {"required"} if '_(extra["required"])' in core and 'extra["required"] = "required"' in core else set()
    missing = set(CLICK_MESSAGES) - _click_msgids() - indirect
    assert not missing, f"click no longer writes these (update cli/click_words.py and the catalogue): {missing}"


def test_every_click_message_has_its_chinese() -> None:
    zh = catalogue("zh")
    untranslated = [m for m in CLICK_MESSAGES if zh.gettext(m) == m or not CHINESE.search(zh.gettext(m))]
    assert not untranslated


def test_clicks_modules_still_take_gettext_from_the_gettext_module() -> None:
    """The hook replaces ``_``/``ngettext`` in each of these modules: they must still be module globals."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        assert getattr(module, "_", None) is not gettext.gettext, name  # replaced by the hook
        assert callable(module._), name


@pytest.mark.parametrize(("args", "env"), [(("--lang", "zh"), {}), (("--lang=zh",), {}),
                                           ((), {"LANG": "zh_CN.UTF-8"}), ((), {"RANDOM_INSPECTION_LANG": "zh"})])
def test_help_in_chinese_shows_usage_options_and_default_in_chinese(args: tuple[str, ...], env: dict[str, str]) -> None:
    code, out = run(*args, "day", "--help", **env)
    assert code == 0
    assert out.startswith("用法: ") and "选项:" in out and "[默认：text]" in out
    assert "Usage:" not in out and "default:" not in out


def test_required_is_marked_in_chinese() -> None:
    from random_inspection.cli._base import _Command, option

    @click.command(cls=_Command)
    @option("--name", required=True, show_default=True, help="x")
    def command(name: str) -> None: ...

    main.add_command(command, "zz-required-probe")
    try:
        assert "[必填]" in run("--lang", "zh", "zz-required-probe", "--help")[1]
        assert "[required]" in run("--lang", "en", "zz-required-probe", "--help")[1]
    finally:
        main.commands.pop("zz-required-probe")


@pytest.mark.parametrize(("args", "chinese", "english"), [
    (("day", "--x"), "错误：没有选项 '--x'。", "Error: No such option '--x'."),
    (("--x",), "错误：没有选项 '--x'。", "Error: No such option '--x'."),
    (("day",), "错误：缺少参数 'YYYY-MM-DD...'", "Error: Missing argument 'YYYY-MM-DD...'."),
    (("no-such-command",), "错误：没有命令 'no-such-command'。", "Error: No such command 'no-such-command'."),
    (("day", "--format", "xml", "2026-01-01"), "错误：'--format' 的值无效：'xml' 不是 'text', 'json' 之一。",
     "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json'."),
])
def test_a_usage_error_is_chinese_under_chinese_and_english_otherwise(args: tuple[str, ...], chinese: str,
                                                                      english: str) -> None:
    code, out = run("--lang", "zh", *args)
    assert code == 2 and chinese in out and "用法: " in out and "可运行 'main" in out and "查看帮助。" in out
    assert not re.search(r"Usage|Error|Try ", out)
    code, out = run(*args, LANG="zh_CN.UTF-8")
    assert code == 2 and chinese in out
    for english_args, env in ((("--lang", "en", *args)), {}), (args, {}), (args, {"LANG": "C"}):
        code, out = run(*english_args, **env)
        assert code == 2 and english in out and "Usage: " in out and "Try 'main" in out
        assert not CHINESE.search(out)


def test_lang_en_wins_over_a_chinese_locale_for_clicks_words() -> None:
    code, out = run("--lang", "en", "day", "--x", LANG="zh_CN.UTF-8")
    assert code == 2 and "Error: No such option '--x'." in out and not CHINESE.search(out)


def test_click_outside_the_library_keeps_its_own_words() -> None:
    """Another click program in the same process is not translated, whatever the locale."""

    @click.command()
    @click.option("--n", type=int, default=1, show_default=True)
    def other(n: int) -> None: ...

    result = CliRunner().invoke(other, ["--help"], env={**QUIET, "LANG": "zh_CN.UTF-8"})
    assert "Usage:" in result.output and "[default: 1]" in result.output
    result = CliRunner().invoke(other, ["--x"], env={**QUIET, "LANG": "zh_CN.UTF-8"})
    assert "Error: No such option '--x'." in result.output
