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
HELPER_RATCHET = ROOT / "tests" / "data" / "untranslated_helper_messages.txt"


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
    _edit_po(broken, 'msgid "error: {message}"\nmsgstr "错误：{message}"',
             'msgid "error: {message}"\nmsgstr "错误：{messages}"')
    broken.compile_all()
    assert any("'error: {message}' has other fields" in p for p in broken.problems())


def test_an_untranslated_a_fuzzy_and_a_missing_message_are_reported(broken: ModuleType) -> None:
    _edit_po(broken, 'msgid "error: {message}"\nmsgstr "错误：{message}"', 'msgid "error: {message}"\nmsgstr ""')
    _edit_po(broken, 'msgid "wrote {output}"', '#, fuzzy\nmsgid "wrote {output}"')
    _edit_po(broken, 'msgid "{file} exists already"', 'msgid "{file} existed once"')
    broken.compile_all()
    found = "\n".join(broken.problems())
    assert "untranslated: 'error: {message}'" in found
    assert "fuzzy: 'wrote {output}'" in found
    assert "missing: '{file} exists already'" in found
    assert "obsolete (no longer in the sources): '{file} existed once'" in found


def test_a_stale_mo_is_reported(broken: ModuleType) -> None:
    _edit_po(broken, 'msgid "error: {message}"\nmsgstr "错误：{message}"',
             'msgid "error: {message}"\nmsgstr "出错：{message}"')
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


def _trees() -> dict[Path, ast.Module]:
    files = [p for folder in ("src/random_inspection", "profiles/random_inspection_profiles")
             for p in sorted((ROOT / folder).rglob("*.py"))]
    return {p: ast.parse(p.read_text(encoding="utf-8")) for p in files}


def _called(node: ast.expr) -> str:
    return str(getattr(node, "id", getattr(node, "attr", "")))


def untranslated_sites() -> Counter[str]:
    """Each file of src/ and profiles/ with the number of ``raise <library error>(...)`` whose message, reason or fix
    is a plain string or f-string rather than ``tr(...)``."""
    trees = _trees()
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


MESSAGE_PARAMETERS = {"what", "fix", "reason", "problem", "message", "description", "detail"}
"""The parameters of an error helper that take a message (not a place: ``where``, ``at``, ``source``)."""


def _error_helpers(trees: dict[Path, ast.Module], errors: set[str]) -> dict[str, tuple[set[int], set[str]]]:
    """The functions and methods that make a library error for their caller to raise (``def _bad(what, fix):
    return InvalidInputError(what, fix=fix)``), each with the positions and names of its message parameters (of
    every helper of that name)."""
    helpers: dict[str, tuple[set[int], set[str]]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(r, ast.Return) and isinstance(r.value, ast.Call) and _called(r.value.func) in errors
                    for r in ast.walk(node)):
                names = [a.arg for a in node.args.args if a.arg not in ("self", "cls")]
                positions, keywords = helpers.setdefault(node.name, (set(), set()))
                positions.update(i for i, name in enumerate(names) if name in MESSAGE_PARAMETERS)
                keywords.update(name for name in names if name in MESSAGE_PARAMETERS)
    return helpers


def _plain_helper_call(call: ast.Call, helper: tuple[set[int], set[str]]) -> bool:
    positions, keywords = helper
    return any(_plain(a) for i, a in enumerate(call.args) if i in positions) or \
        any(_plain(k.value) for k in call.keywords if k.arg in keywords)


def untranslated_helper_sites() -> Counter[str]:
    """Each file with the number of ``raise <helper>(...)`` — a helper of :func:`_error_helpers` — given a plain
    string or f-string as a message: a message the scan of :func:`untranslated_sites` cannot see."""
    trees = _trees()
    helpers = _error_helpers(trees, _library_errors(trees))
    found: Counter[str] = Counter()
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _called(node.exc.func) in helpers \
                    and _plain_helper_call(node.exc, helpers[_called(node.exc.func)]):
                found[path.relative_to(ROOT).as_posix()] += 1
    return found


def _listed(ratchet: Path = RATCHET) -> Counter[str]:
    listed: Counter[str] = Counter()
    for line in ratchet.read_text(encoding="utf-8").splitlines():
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


def test_no_error_helper_gains_a_plain_message() -> None:
    """The same ratchet for the messages handed to a helper that makes the error (``raise _bad(f"...")``), listed in
    ``tests/data/untranslated_helper_messages.txt``, which may only shrink."""
    found, listed = untranslated_helper_sites(), _listed(HELPER_RATCHET)
    grown = {path: n for path, n in found.items() if n > listed[path]}
    assert not grown, (f"write these messages with tr(...) (docs/i18n.md): {grown}; the files listed in "
                       f"{HELPER_RATCHET.name} may only have fewer")
    shrunk = {path: (listed[path], found[path]) for path in listed if found[path] < listed[path]}
    assert not shrunk, f"fewer plain messages than listed (good): lower their counts in {HELPER_RATCHET.name}: {shrunk}"


def test_the_helper_ratchet_sees_a_plain_message_handed_to_a_helper() -> None:
    tree = ast.parse('def _bad(what, where, fix):\n    return InvalidInputError(what, where=where, fix=fix)\n'
                     'def f():\n    raise _bad(f"{x} is bad", "row 3", tr("do it"))\n'
                     'def g():\n    raise _bad(tr("{x} is bad", x=x), "row 3", tr("do it"))\n'
                     'def h():\n    raise _bad(tr("{x} is bad", x=x), "row 3", fix="do it")\n')
    helpers = _error_helpers({Path("x.py"): tree}, {"InvalidInputError"})
    raises = [n.exc for n in ast.walk(tree) if isinstance(n, ast.Raise) and isinstance(n.exc, ast.Call)]
    assert helpers == {"_bad": ({0, 2}, {"what", "fix"})}
    assert [_plain_helper_call(r, helpers["_bad"]) for r in raises] == [True, False, True]
