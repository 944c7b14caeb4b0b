"""``--help`` speaks the language of the messages: every command's and every option's help is a message of the
catalogue, shown in Chinese with ``--lang zh`` or a Chinese locale and in English otherwise (docs/i18n.md, *Help*;
docs/cli.md)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.cli import main
from random_inspection.cli._base import _TOKEN, _short_help, option, width, wrap
from random_inspection.messages import Message, tr
from random_inspection.translation import catalogue, render

QUIET = {"RANDOM_INSPECTION_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None,
         "COLUMNS": "80"}
"""Every variable that chooses the language unset, and a terminal of 80 columns."""
CHINESE = catalogue("zh")


def run(*args: str, **env: str) -> str:
    result = CliRunner().invoke(main, list(args), env={**QUIET, **env})
    assert result.exit_code == 0, result.output
    return result.stdout


def commands(command: click.Command = main, path: tuple[str, ...] = (),
             parent: click.Context | None = None) -> Iterator[tuple[tuple[str, ...], click.Command, click.Context]]:
    """Every command of the tree under ``command``, with the words that call it and its context (made as the
    command line makes it: a subcommand's under its group's, so that ``-h`` is a help option too)."""
    context = click.Context(command, info_name=path[-1] if path else "random-inspection", parent=parent,
                            **command.context_settings)
    yield path, command, context
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from commands(sub, (*path, name), context)


def helps(command: click.Command, path: tuple[str, ...], context: click.Context) -> Iterator[tuple[str, object]]:
    """Each help text of a command (its own, and each option's, the help option's and --version's included),
    named by where it is shown."""
    yield " ".join(("random-inspection", *path)), command.help
    for param in command.get_params(context):
        if isinstance(param, click.Option):
            yield " ".join(("random-inspection", *path, max(param.opts, key=len))), param.help


def untranslated(tree: click.Command) -> list[str]:
    """The help texts of ``tree`` that are not a message translated in the Chinese catalogue."""
    found = []
    for path, command, context in commands(tree):
        for where, text in helps(command, path, context):
            if not isinstance(text, Message):
                found.append(f"{where}: not written with tr(...): {text!r}")
            elif CHINESE.gettext(text.template) == text.template or render(text, CHINESE) == str(text):
                found.append(f"{where}: not translated in the catalogue: {text.template!r}")
    return found


def flat(text: str) -> str:
    return "".join(text.split())


def test_every_help_text_of_every_command_is_a_translated_message() -> None:
    found = untranslated(main)
    assert not found, ("write each help with tr(...) (an option with random_inspection.cli._base.option), run "
                       "`python tools/update_catalogues.py` and translate it:\n" + "\n".join(found))


def test_the_walk_sees_every_group_and_command() -> None:
    paths = {" ".join(path) for path, _, _ in commands()}
    assert {"ledger", "ledger verify", "platform import", "step transfer", "step findings", "template", "due",
            "serve"} <= paths
    assert len(paths) >= 40
    options = [where for path, command, context in commands() for where, _ in helps(command, path, context)]
    assert "random-inspection due --cut-off" in options and "random-inspection --version" in options
    assert "random-inspection ledger verify --help" in options
    assert all(p.opts == ["-h", "--help"] for _, c, x in commands() if (p := c.get_help_option(x)) is not None)


def test_the_walk_finds_a_plain_help_and_an_untranslated_one() -> None:
    @click.group(cls=type(main))
    def tree() -> None:
        pass

    @tree.command(help="Plain help.")
    @option("--x", help=tr("An option no catalogue holds."))
    @click.option("--y", help=tr("Output as readable text or as JSON."))  # click's own option drops the message
    def plain(x: str, y: str) -> None:
        pass

    found = "\n".join(untranslated(tree))
    assert "random-inspection: not written with tr(...): None" in found
    assert "random-inspection plain: not written with tr(...): 'Plain help.'" in found
    assert "random-inspection plain --x: not translated in the catalogue: 'An option no catalogue holds.'" in found
    assert "random-inspection plain --y: not written with tr(...)" in found
    assert "random-inspection plain -h" not in found  # the help option's help is the library's message


def test_lang_zh_shows_the_chinese_help_and_lang_en_the_english() -> None:
    for path in (("due",), ("ledger", "verify"), ("step", "transfer"), ("template",), ("platform", "import")):
        command, context = {p: (c, x) for p, c, x in commands()}[path]
        zh, en = run("--lang", "zh", *path, "--help"), run("--lang", "en", *path, "--help")
        for _, text in helps(command, path, context):
            assert isinstance(text, Message)
            assert flat(render(text, CHINESE))[:12] in flat(zh), (path, text)
            assert flat(text)[:12] in flat(en) and flat(render(text, CHINESE))[:12] not in flat(en), (path, text)
        assert "选项:" in zh and "Options:" in en


def test_due_in_chinese_and_in_english() -> None:
    zh = flat(run("--lang", "zh", "due", "--help"))
    assert "EVENT（YYYY-MM-DD）之后PERIOD（5个工作日、10日、3个月；或5wd、10d、3m）的到期日。" in zh
    assert "法律规定期间最后一日为休息日的不予顺延（民法典第二百零四条）。须同时给出--counting-law。" in zh
    assert "显示本帮助信息并退出。" in zh
    en = run("--lang", "en", "due", "--help")
    assert "A law does not move a last day on a rest day" in en and "Show this message and exit." in en


def test_the_locale_chooses_the_language_of_the_help() -> None:
    assert "存储的哈希链台账。" in run("ledger", "--help", LANG="zh_CN.UTF-8")
    assert "存储的哈希链台账" in run("--help", LC_ALL="zh_CN.UTF-8")  # the group's list: its first sentence
    assert "The store's hash-chained ledger." in run("ledger", "--help", LANG="C")
    assert "The store's hash-chained ledger." in run("ledger", "--help", RANDOM_INSPECTION_LANG="en",
                                                     LANG="zh_CN.UTF-8")


def test_lang_zh_before_the_main_help_is_read_first() -> None:
    shown = run("--lang", "zh", "--help")
    assert "双随机、一公开：随机抽查抽取、法定时限及有依据的地方规则。" in shown
    assert "命令:" in shown and "显示版本号并退出。" in shown
    assert "Commands:" in run("--help")


def test_every_chinese_help_fits_a_terminal_of_80_columns() -> None:
    for path, _, _ in commands():
        for line in run("--lang", "zh", *path, "--help").splitlines():
            spec = re.split(r"\s{2,}", line.strip())[0]
            assert width(line) <= 80 or (line.strip() == spec and spec.startswith("-")), (path, line)  # a long option
            assert not spec.startswith(("）", "。", "，", "、", "；")), (path, line)


@given(st.lists(st.sampled_from(["检", "查", "对象", "，", "。", "（", "）", "word", "PLAN_ID.json", " ", "--as"]),
                max_size=80), st.integers(min_value=20, max_value=78))
def test_wrapping_keeps_every_character_and_each_line_within_its_columns(parts: list[str], columns: int) -> None:
    text = "检" + "".join(parts)  # a wide character: the Chinese wrapping
    lines = wrap(text, columns, "  ")
    assert flat("".join(lines)) == flat(text)
    for line in lines:
        assert width(line) <= columns or len(_TOKEN.findall(line.strip())) == 1  # or one word longer than a line


@given(st.text(alphabet="检查对象名录，。 abc", min_size=1, max_size=120), st.integers(min_value=10, max_value=60))
def test_a_short_help_fits_its_columns(text: str, limit: int) -> None:
    assert width(_short_help(text, limit)) <= limit
