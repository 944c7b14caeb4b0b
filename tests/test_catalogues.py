"""The message catalogues are complete: every ``tr(...)`` of the sources is in the template and translated in every
language, nothing fuzzy or obsolete, each translation with its message's fields, each .mo compiled from its .po
(docs/i18n.md). And no library error is raised with a plain message where ``tr(...)`` belongs, beyond the sites
listed in ``tests/data/untranslated_messages.txt``, a list that may only shrink."""

from __future__ import annotations

import ast
import importlib.util
import shutil
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
RATCHET = ROOT / "tests" / "data" / "untranslated_messages.txt"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_catalogues", ROOT / "tools" / "update_catalogues.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_catalogue_is_complete_and_compiled() -> None:
    problems = list(_tool().problems())
    assert not problems, "run `python tools/update_catalogues.py`, translate, and run it again:\n" + "\n".join(problems)


def test_the_chinese_catalogue_holds_every_message() -> None:
    tool = _tool()
    ids = {m.id for m in tool.extract() if m.id}
    translated = {m.id for m in tool.read(tool.po_path("zh_CN"), "zh_CN") if m.id and m.string}
    assert len(ids) > 900 and ids <= translated


@pytest.fixture
def broken(tmp_path: Path) -> ModuleType:
    """The tool pointed at a copy of the catalogues, to be spoilt one way at a time."""
    tool = _tool()
    shutil.copytree(tool.LOCALE, tmp_path / "locale")
    tool.LOCALE = tmp_path / "locale"
    tool.POT = tool.LOCALE / tool.POT.name
    assert not list(tool.problems())
    return tool


def _edit_po(tool: ModuleType, change: str, to: str) -> None:
    path = tool.po_path("zh_CN")
    text = path.read_text(encoding="utf-8")
    assert change in text
    path.write_text(text.replace(change, to, 1), encoding="utf-8")


def test_a_translation_with_other_fields_is_reported(broken: ModuleType) -> None:
    _edit_po(broken, 'msgstr "错误：{message}"', 'msgstr "错误：{messages}"')
    broken.compile_all()
    assert any("'error: {message}' has other fields" in p for p in broken.problems())


def test_an_untranslated_a_fuzzy_and_a_missing_message_are_reported(broken: ModuleType) -> None:
    _edit_po(broken, 'msgstr "错误：{message}"', 'msgstr ""')
    _edit_po(broken, 'msgid "wrote {output}"', '#, fuzzy\nmsgid "wrote {output}"')
    _edit_po(broken, 'msgid "{file} exists already"', 'msgid "{file} existed once"')
    broken.compile_all()
    found = "\n".join(broken.problems())
    assert "untranslated: 'error: {message}'" in found
    assert "fuzzy: 'wrote {output}'" in found
    assert "missing: '{file} exists already'" in found
    assert "obsolete (no longer in the sources): '{file} existed once'" in found


def test_a_stale_mo_is_reported(broken: ModuleType) -> None:
    _edit_po(broken, 'msgstr "错误：{message}"', 'msgstr "出错：{message}"')
    assert any("differs from compiling" in p for p in broken.problems())


# -- the ratchet: plain messages of library errors -------------------------------------------------------------------

MESSAGE_ARGUMENTS = {"PermissionRefused": (2,), "LedgerBroken": (1,)}
"""Where a class takes its message elsewhere than first (``PermissionRefused(actor, action, reason)``)."""


def _library_errors(trees: dict[Path, ast.Module]) -> set[str]:
    bases = {node.name: {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
             for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    errors = {"RandomInspectionError"}
    while grown := {name for name, of in bases.items() if name not in errors and of & errors}:
        errors |= grown
    return errors


def _plain(node: ast.expr) -> bool:
    if isinstance(node, ast.BinOp):
        return _plain(node.left) or _plain(node.right)
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def untranslated_sites() -> Counter[str]:
    """Each file of src/ and profiles/ with the number of ``raise <library error>(...)`` whose message, reason or fix
    is a plain string or f-string rather than ``tr(...)``."""
    files = [p for folder in ("src/random_inspection", "profiles/random_inspection_profiles")
             for p in sorted((ROOT / folder).rglob("*.py"))]
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in files}
    errors = _library_errors(trees)
    found: Counter[str] = Counter()
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
            if name not in errors:
                continue
            args = [node.exc.args[i] for i in MESSAGE_ARGUMENTS.get(name, (0,)) if i < len(node.exc.args)]
            args += [k.value for k in node.exc.keywords if k.arg in ("what", "fix", "reason", "description")]
            if any(_plain(a) for a in args):
                found[path.relative_to(ROOT).as_posix()] += 1
    return found


def _listed() -> Counter[str]:
    listed: Counter[str] = Counter()
    for line in RATCHET.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, _, count = line.rpartition(" ")
            listed[path] = int(count)
    return listed


def test_no_library_error_gains_a_plain_message() -> None:
    found, listed = untranslated_sites(), _listed()
    grown = {path: n for path, n in found.items() if n > listed[path]}
    assert not grown, (f"write these messages with tr(...) (docs/i18n.md): {grown}; the files listed in "
                       f"{RATCHET.name} may only have fewer")
    shrunk = {path: (listed[path], found[path]) for path in listed if found[path] < listed[path]}
    assert not shrunk, f"fewer plain messages than listed (good): lower their counts in {RATCHET.name}: {shrunk}"


def test_the_ratchet_sees_a_plain_message(tmp_path: Path) -> None:
    tree = ast.parse('def f():\n    raise InvalidInputError(f"{x} is bad", fix="do it")\n'
                     'def g():\n    raise InvalidInputError(tr("{x} is bad", x=x), fix=tr("do it"))\n')
    raises = [n for n in ast.walk(tree) if isinstance(n, ast.Raise)]
    assert [_plain(r.exc.args[0]) for r in raises] == [True, False]  # type: ignore[union-attr]
