"""The bureau's profile configuration file: documents continued in force until replaced."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.errors import DataError
from random_inspection.io.profile_config import load_profile_config
from random_inspection.profiles import ProfileRegistry

GOOD = '''
[[continued]]
profile = "hebi"
document = "鹤双随机办〔2020〕19号"
reason = "联席会议2021年1月5日决定继续执行至新方案印发"
'''


def test_a_continuation_read_from_the_file_keeps_the_document_in_force(tmp_path: Path) -> None:
    path = tmp_path / "bureau.toml"
    path.write_text(GOOD, encoding="utf-8")
    continued = load_profile_config(path)
    registry = ProfileRegistry(continued=continued)
    assert registry.resolve("hebi", dt.date(2021, 3, 1)).has("limit.case_outcome")
    assert not ProfileRegistry().resolve("hebi", dt.date(2021, 3, 1)).has("limit.case_outcome")


def test_every_problem_is_named_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "bureau.toml"
    path.write_text('[[continued]]\nprofile = "hebi"\ndocumnet = "x"\n\n[extra]\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_profile_config(path)
    paths = {issue.path for issue in caught.value.issues}
    assert paths == {f"{path}: extra", f"{path}: continued[0].documnet", f"{path}: continued[0].document",
                     f"{path}: continued[0].reason"}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_no_damaged_file_gives_an_internal_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "bureau.toml"
    path.write_bytes(raw)
    with contextlib.suppress(DataError):  # any other exception fails the test
        load_profile_config(path)
