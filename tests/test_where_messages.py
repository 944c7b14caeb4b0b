"""Every *where* part written in src/ and profiles/ is a message (``tr(...)``) or what a person types as they type
it: an option, a file's name, a field of a request body, a header (docs/i18n.md). A plain English string or
f-string given as ``where=`` or assigned to a ``where`` variable fails here, with its file and line."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from random_inspection.cli import main
from random_inspection.errors import InvalidInputError
from random_inspection.model import Subject, TeamRule
from random_inspection.profiles import ProfileRegistry
from random_inspection.service import ServiceConfig, create_app
from random_inspection.service.deps import recorded_at
from random_inspection.translation import catalogue, render

ROOT = Path(__file__).resolve().parent.parent
TYPED = re.compile(r"^(--[a-z][a-z-]*|[\w.-]+\.(json|html|csv|toml|xlsx)|at|cut_off|hours_source|X-Ledger-Head)$")
"""What a person types, kept as typed: an option (``--store``), a file's name (``draw.json``), a request body's
field (``at``) or query parameter (``cut_off``, ``hours_source``), a header (``X-Ledger-Head``)."""
_WORDS = re.compile(r"[A-Za-z]{2,}")


def _branches(node: ast.expr) -> Iterator[ast.expr]:
    if isinstance(node, ast.IfExp):
        yield from _branches(node.body)
        yield from _branches(node.orelse)
    else:
        yield node


def _plain(node: ast.expr) -> bool:
    """An English text written in place: a string literal other than what a person types, or an f-string whose
    own words are English (a path as typed, ``{path}.transfers[{i}]``, with no space in its own text; an f-string
    of values and punctuation; a date written in Chinese: each passes)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return not TYPED.match(node.value) and _WORDS.search(node.value) is not None
    if isinstance(node, ast.JoinedStr):
        words = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return _WORDS.search(words) is not None and re.search(r"\s", words) is not None
    return False


def _is_issue(call: ast.Call) -> bool:
    return (isinstance(call.func, ast.Name) and call.func.id == "Issue") or \
        (isinstance(call.func, ast.Attribute) and call.func.attr == "Issue")


def _is_tr(node: ast.expr) -> bool:
    return any(isinstance(b, ast.Call) and isinstance(b.func, ast.Name) and b.func.id == "tr" for b in _branches(node))


def _wheres_in_fstrings(tree: ast.Module) -> list[int]:
    """The lines where a ``where`` made a message (``where = tr(...)``) is put into an f-string in the same function:
    the message is rendered in English there, never translated. A ``where`` that is a path as typed passes."""
    found: list[int] = []
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]:
        body = list(ast.walk(scope))
        if not any(isinstance(n, ast.Assign) and _is_tr(n.value) and
                   any(isinstance(t, ast.Name) and t.id == "where" for t in n.targets) for n in body):
            continue
        found += [n.lineno for n in body if isinstance(n, ast.JoinedStr) and any(
            isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name) and v.value.id == "where"
            for v in n.values)]
    return found


def _plain_path(node: ast.expr) -> bool:
    """An ``Issue``'s path that is English words written in place (``"the rows"``, ``f"{source}, row {row}"``),
    not a path as typed: a key or a path without a space in its own text passes."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _WORDS.search(node.value) is not None and re.search(r"\s", node.value) is not None
    return _plain(node)


def plain_wheres(tree: ast.Module) -> list[int]:
    """The lines of ``tree`` where a where part is plain English: ``where=...`` in a call, ``where = ...``, the path
    of an ``Issue(path, message)``; and where a ``where`` message is put into an f-string."""
    found: list[int] = []
    for node in ast.walk(tree):
        values: list[ast.expr] = []
        if isinstance(node, ast.Call):
            values = [k.value for k in node.keywords if k.arg == "where"]
            if _is_issue(node):  # a path as typed (draw.ratio, $.festivals, continued[0].reason) passes
                paths = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "path")]
                found += [v.lineno for value in paths for v in _branches(value) if _plain_path(v)]
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "where" for t in node.targets):
            values = [node.value]
        found += [v.lineno for value in values for v in _branches(value) if _plain(v)]
    return sorted({*found, *_wheres_in_fstrings(tree)})


def test_no_where_part_is_a_plain_english_text() -> None:
    sites = [f"{path.relative_to(ROOT)}:{line}"
             for folder in ("src", "profiles") for path in sorted((ROOT / folder).rglob("*.py"))
             for line in plain_wheres(ast.parse(path.read_text(encoding="utf-8")))]
    assert sites == [], "write these where parts with tr(...) (docs/i18n.md): " + ", ".join(sites)


@pytest.mark.parametrize("source", [
    'raise InvalidInputError(tr("x"), where="TeamRule")',
    'raise InvalidInputError(tr("x"), where=f"Subject {uscc}")',
    'raise InvalidInputError(tr("x"), where=tr("a") if ok else "the store")',
    'where = f"reserve of plan {plan_id}"',
    'check_public(data, where="later disclosure")',
    'issues.append(Issue("the rows", tr("x")))',
    'issues.append(Issue(f"{source}, row {row}", tr("x")))',
    'raise DataError(tr("x"), [errors.Issue(path="the rows", message=tr("x"))])',
    'where = tr("{file}: {key}", file=path, key=key)\nissues.append(Issue(f"{where}.{field}", tr("x")))',
])
def test_the_scan_sees_a_plain_where(source: str) -> None:
    assert plain_wheres(ast.parse(source)) == [source.count("\n") + 1]


@pytest.mark.parametrize("source", [
    'raise InvalidInputError(tr("x"), where=tr("subject {uscc}", uscc=uscc))',
    'raise InvalidInputError(tr("x"), where="--store")',
    'raise InvalidInputError(tr("x"), where="at")',
    'check_public(data, where="draw.json")',
    'check_tables(tables, where="抽取结果")',
    'where = f"农历{year}年{month}月{day}日"',
    'where = f"{event} + {label}"',
    'where = f"$.subjects[{index}]"',
    'raise InvalidInputError(tr("x"), where=name)',
    'issues.append(Issue(tr("{file}: {key}", file=path, key=f"{table}.{key}"), tr("x")))',
    'issues.append(Issue(f"{path}.{key}[{j}]", tr("x")))',
    'issues.append(Issue("$.festivals", tr("x")))',
    'where = f"expert[{i}]."\nissues.append(Issue(f"{where}{key}", tr("x")))',
])
def test_the_scan_lets_a_message_and_what_a_person_types_pass(source: str) -> None:
    assert plain_wheres(ast.parse(source)) == []


# -- the where parts in the reader's language, through the command line and the service ---------------------------

QUIET = {"RANDOM_INSPECTION_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=QUIET)
    return result.exit_code, result.output


def test_a_commands_error_names_the_command_as_typed_in_chinese() -> None:
    code, out = _run("--lang", "zh", "due", "2026-09-30", "5个工作日", "--cut-off", "17:00")
    assert code == 2 and "命令 due：" in out and "command" not in out
    code, out = _run("--lang", "en", "due", "2026-09-30", "5个工作日", "--cut-off", "17:00")
    assert code == 2 and "command due: " in out
    code, out = _run("--lang", "zh", "template", "subjects", str(ROOT / "x.csv"), "--as-of", "2026-01-01")
    assert code == 2 and "命令 template：" in out


def test_a_broken_actor_key_names_the_file_and_its_key_in_chinese(tmp_path: Path) -> None:
    actor = tmp_path / "a.toml"
    actor.write_text('id = "XC001"\nname = "张三"\nrole = "系统管理员"\ndepartment = "xc"\nkey = "a.key"\n',
                     encoding="utf-8")
    (tmp_path / "a.key").write_text("not a key\n", encoding="utf-8")
    code, out = _run("--lang", "zh", "ledger", "init", "--store", str(tmp_path / "s.sqlite3"), "--as", str(actor))
    assert code == 2 and "a.toml 中的 key：" in out, out
    code, out = _run("--lang", "en", "ledger", "init", "--store", str(tmp_path / "s.sqlite3"), "--as", str(actor))
    assert code == 2 and "a.toml: key: " in out, out


@pytest.mark.parametrize(("make", "english", "chinese"), [
    (lambda: TeamRule(size=0), "the team rule", "检查组规则"),
    (lambda: Subject("91350100M000100Y4X", "某公司", "工贸", "350100"), "field uscc", "字段 uscc"),
])
def test_a_model_errors_where_is_what_a_clerk_knows(make: Callable[[], object], english: str,
                                                    chinese: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        make()
    assert caught.value.where == english
    assert render(caught.value.where, catalogue("zh")) == chinese


def test_the_services_store_error_names_the_store_in_chinese(tmp_path: Path) -> None:
    client = TestClient(create_app(ServiceConfig(str(tmp_path / "none.sqlite3"), tmp_path, ProfileRegistry())),
                        raise_server_exceptions=False)
    zh = client.get("/ledger/head", headers={"accept-language": "zh-CN"})
    en = client.get("/ledger/head", headers={"accept-language": "en"})
    assert zh.status_code == en.status_code == 400
    assert zh.json()["where"] == "存储" and en.json()["where"] == "the store"


def test_a_bad_at_is_named_by_the_bodys_field_as_the_client_writes_it() -> None:
    for given, submitting in ((None, True), ("yesterday", False)):
        with pytest.raises(InvalidInputError) as caught:
            recorded_at(given, submitting=submitting)
        assert caught.value.where == "at"
    assert recorded_at("2026-12-01T09:30:00+08:00", submitting=True) == "2026-12-01T09:30:00+08:00"
