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
from random_inspection.translation import catalogue, render_error

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
    shown = render_error(caught.value, catalogue("zh"))  # each place in Chinese, its key as typed
    for key in ("extra", "continued[0].documnet", "continued[0].document", "continued[0].reason"):
        assert f"{path} 中的 {key}：" in shown, shown
    assert f"{path}: " not in shown


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_no_damaged_file_gives_an_internal_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "bureau.toml"
    path.write_bytes(raw)
    with contextlib.suppress(DataError):  # any other exception fails the test
        load_profile_config(path)


def test_the_command_line_reads_the_configuration_for_explain_and_the_plan_commands(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from random_inspection.cli import main

    path = tmp_path / "bureau.toml"
    path.write_text(GOOD, encoding="utf-8")
    runner = CliRunner()
    kept = runner.invoke(main, ["explain", "hebi", "--as-of", "2021-03-01", "--profile-config", str(path)])
    assert kept.exit_code == 0, kept.output
    assert "continued: 联席会议2021年1月5日决定继续执行至新方案印发" in kept.output
    assert "limit.case_outcome" in kept.output.split("absent")[0]
    plain = runner.invoke(main, ["explain", "hebi", "--as-of", "2021-03-01"])
    assert "hebi (not in force)" in plain.output
    for command in ("check", "commit", "draw", "record", "export"):
        shown = runner.invoke(main, [command, "--help"])
        assert "--profile-config" in shown.output, command
    path.write_text('[[continued]]\nprofile = "hebi"\n', encoding="utf-8")
    broken = runner.invoke(main, ["explain", "hebi", "--as-of", "2021-03-01", "--profile-config", str(path)])
    assert broken.exit_code != 0 and "continued[0].document" in broken.output
    assert "Traceback" not in broken.output
