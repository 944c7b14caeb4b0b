"""Local profile files run in a child process: what crosses back, and how the child's failures are reported."""

from __future__ import annotations

import datetime as dt
import os
import sys
import textwrap
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import ProfileError
from random_inspection.profiles import PlanFacts, ProfileRegistry, local_process
from random_inspection.profiles.permissions import Permissions
from random_inspection.profiles.wire import WireError, decode, encode

D = dt.date

HEAD = textwrap.dedent('''
    import datetime as dt
    import os
    import sys
    import time

    from random_inspection.model import Document, Jurisdiction
    from random_inspection.profiles import Profile, Rule, hookimpl

    DOC = Document("测试文件", doc_number="测试〔2025〕2号", issued=dt.date(2025, 1, 1),
                   effective_from=dt.date(2025, 1, 1))


    @hookimpl
    def random_inspection_profile():
        return Profile("weidu", "魏都区应急管理局", Jurisdiction("411002", "魏都区", "县区", "411000"),
                       "xuchang", (DOC,), (Rule("frequency.yearly_cap", 2, DOC.cite("第一条")),))
''')


def _registry(tmp_path: Path, body: str = "", name: str = "weidu") -> ProfileRegistry:
    (tmp_path / f"{name}.py").write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    return ProfileRegistry(folders=[tmp_path])


def _check_plan(body: str) -> str:
    return "\n\n@hookimpl\ndef random_inspection_check_plan(profile, plan):\n" + textwrap.indent(
        textwrap.dedent(body), "    ")


def _plan_problems(registry: ProfileRegistry) -> list[str]:
    return registry.resolve("weidu", D(2025, 6, 1)).check_plan(PlanFacts(pool_size=40, sample_size=5))


def test_a_local_profile_is_never_imported_into_the_library_process(tmp_path: Path) -> None:
    marker = tmp_path.parent / f"{tmp_path.name}-pid"
    registry = _registry(tmp_path, f"open({str(marker)!r}, 'w').write(str(os.getpid()))\n")
    assert registry.resolve("weidu", D(2025, 6, 1)).value("frequency.yearly_cap") == 2
    assert int(marker.read_text()) != os.getpid()
    assert not any(m.startswith("random_inspection_local_profiles") for m in sys.modules)
    assert registry.provenance()[-1].kind == "file"


def test_a_hook_with_runtime_arguments_is_answered_by_the_child(tmp_path: Path) -> None:
    registry = _registry(tmp_path, _check_plan('''
        return [f"{profile.code} {profile.as_of} {plan.sample_size}/{plan.pool_size} pid {os.getpid()}"]
    '''))
    [problem] = _plan_problems(registry)
    assert problem.startswith("weidu 2025-06-01 5/40 pid ") and problem != f"weidu 2025-06-01 5/40 pid {os.getpid()}"
    assert _plan_problems(registry) == [problem]  # the same child answers for the life of the registry


def test_a_file_that_patches_the_library_leaves_the_parent_untouched(tmp_path: Path) -> None:
    original = Permissions.check
    registry = _registry(tmp_path, "from random_inspection.profiles.permissions import Permissions\n"
                         "Permissions.check = lambda self, actor, action, context=None: None\n"
                         + _check_plan("return [str(Permissions.check.__name__)]"))
    assert _plan_problems(registry) == ["<lambda>"]  # patched in the child
    assert Permissions.check is original


def test_a_syntax_error_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="plugin weidu") as info:
        _registry(tmp_path, "def broken(:\n")
    assert "SyntaxError" in str(info.value) and "weidu.py" in str(info.value)


def test_an_exception_in_a_hook_is_the_hooks_failure(tmp_path: Path) -> None:
    registry = _registry(tmp_path, _check_plan("return [1 / 0]"))
    with pytest.raises(ProfileError, match="the hook failed: ZeroDivisionError: division by zero") as info:
        _plan_problems(registry)
    assert "random_inspection_check_plan" in str(info.value) and "correct the profile's hook" in info.value.fix


@pytest.mark.parametrize(("answer", "match"), [("42", "the hook answered 42"),
                                                ("{1, 2}", "not the library's data"),
                                                ("[object()]", "not the library's data")])
def test_a_hook_answering_a_wrong_type_is_refused(tmp_path: Path, answer: str, match: str) -> None:
    registry = _registry(tmp_path, _check_plan(f"return {answer}"))
    with pytest.raises(ProfileError, match=match):
        _plan_problems(registry)


def test_a_declaration_that_is_not_a_profile_is_refused(tmp_path: Path) -> None:
    (tmp_path / "weidu.py").write_text("from random_inspection.profiles import hookimpl\n\n@hookimpl\n"
                                       "def random_inspection_profile():\n    return 42\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="returned int, not a Profile"):
        ProfileRegistry(folders=[tmp_path])


def test_a_child_that_writes_garbage_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="answered garbage") as info:
        _registry(tmp_path, "sys.__stdout__.write('garbage\\n')\nsys.__stdout__.flush()\n")
    assert "weidu.py" in str(info.value)


def test_a_child_that_dies_names_the_file(tmp_path: Path) -> None:
    registry = _registry(tmp_path, _check_plan("os._exit(3)"))
    with pytest.raises(ProfileError, match=r"ended \(exit code 3\)") as info:
        _plan_problems(registry)
    assert "weidu.py" in str(info.value)
    with pytest.raises(ProfileError, match="exit code 3"):  # and stays failed
        _plan_problems(registry)


def test_a_child_that_sleeps_past_the_timeout_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = _registry(tmp_path, _check_plan("if plan.sample_size == 5:\n    time.sleep(60)\nreturn []"))
    resolved = registry.resolve("weidu", D(2025, 6, 1))
    assert resolved.check_plan(PlanFacts(pool_size=40, sample_size=4)) == []  # the child is up and answers
    monkeypatch.setattr(local_process, "TIMEOUT", 2.0)
    with pytest.raises(ProfileError, match=r"no answer within 2\.0 s") as info:
        _plan_problems(registry)
    assert "weidu.py" in str(info.value)


def test_an_oversized_answer_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_process, "MAX_ANSWER", 4000)
    registry = _registry(tmp_path, _check_plan("return ['问题' * 5000]"))
    with pytest.raises(ProfileError, match="more than 4000 bytes") as info:
        _plan_problems(registry)
    assert "weidu.py" in str(info.value)


def test_what_the_child_prints_is_not_an_answer(tmp_path: Path) -> None:
    registry = _registry(tmp_path, "print('hello')\n" + _check_plan("print('noise')\nreturn []"))
    assert _plan_problems(registry) == []


def test_every_built_in_profile_crosses_unchanged() -> None:
    for profile in ProfileRegistry().profiles.values():
        assert decode(encode(profile)) == profile


@pytest.mark.parametrize("data", [
    {"$attrs": "random_inspection.model:Jurisdiction", "fields": {"code": "411002", "name": "魏都区",
                                                                   "level": "县区", "parent": None, "extra": 1}},
    {"$attrs": "os:DirEntry", "fields": {}},
    {"$attrs": "random_inspection.profiles.wire:WireError", "fields": {}},
    {"$enum": "random_inspection.model:Role", "value": "no such role"},
    {"$tuple": [], "more": 1},
    {"no_tag": 1},
    {"$callable": 0},
    {"$fraction": ["1", 2]},
])
def test_data_the_library_cannot_read_is_refused(data: Any) -> None:
    with pytest.raises(WireError):
        decode(data)


_plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.dates()
    | st.fractions().filter(lambda f: f.denominator != 0),
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


@given(_plain)
def test_plain_values_cross_unchanged(value: Any) -> None:
    back = decode(encode(value))
    assert back == value and type(back) is type(value)


def test_a_fraction_keeps_its_type() -> None:
    assert decode(encode(Fraction(1, 10))) == Fraction(1, 10)


def test_threads_sharing_a_registry_each_get_their_own_answer(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    registry = _registry(tmp_path, _check_plan("return [str(plan.sample_size)]"))
    resolved = registry.resolve("weidu", D(2025, 6, 1))
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda n: resolved.check_plan(PlanFacts(pool_size=40, sample_size=n)), range(1, 13)))
    assert [a[-1] for a in answers] == [str(n) for n in range(1, 13)]
