"""The command line: output, JSON, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from random_inspection.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_due_text_matches_the_readme() -> None:
    code, out, _ = run("due", "2025-09-30", "5个工作日")
    assert code == 0
    assert out.strip() == "2025-09-30 + 5个工作日 → 2025-10-14"
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "# 2025-09-30 + 5个工作日 → 2025-10-14" in readme


def test_due_json() -> None:
    code, out, _ = run("due", "2026-09-25", "10d", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["due"] == "2026-10-08"
    assert data["extended_from"] == "2026-10-05"
    assert data["legal_basis"] == ["《中华人民共和国民法典》 第二百零一条", "《中华人民共和国民法典》 第二百零三条"]
    assert data["provisional"] is False


def test_due_provisional_and_strict() -> None:
    code, out, _ = run("due", "2026-12-30", "5个工作日", "--format", "json")
    assert code == 0
    assert json.loads(out)["provisional_years"] == [2027]
    code, out, err = run("due", "2026-12-30", "5个工作日", "--strict")
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert "2027" in err and "Traceback" not in err


def test_debug_shows_the_traceback() -> None:
    result = CliRunner().invoke(main, ["--debug", "due", "2026-12-30", "5wd", "--strict"])
    assert result.exit_code != 0
    assert type(result.exception).__name__ == "HolidayScheduleMissing"


def test_due_with_a_loaded_schedule(tmp_path: Path) -> None:
    path = tmp_path / "holidays-2027.toml"
    path.write_text(
        'year = 2027\nsource = "test"\n[[festivals]]\nname = "元旦"\noff = ["2027-01-01/2027-01-03"]\n',
        encoding="utf-8",
    )
    code, out, err = run("due", "2026-12-30", "5个工作日", "--strict", "--schedule", str(path))
    assert (code, err) == (0, "")
    assert out.strip() == "2026-12-30 + 5个工作日 → 2027-01-07"


def test_bad_period_is_a_one_line_error() -> None:
    code, _, err = run("due", "2026-01-05", "five days")
    assert code == 2
    assert "cannot read the period" in err and "fix:" in err


def test_day() -> None:
    code, out, _ = run("day", "2026-02-14", "2027-02-09")
    assert code == 0
    assert out.splitlines() == ["2026-02-14 Sat: 调休上班 春节", "2027-02-09 Tue: 节假日 春节补假 (provisional)"]
    code, out, _ = run("day", "2026-10-01", "--format", "json")
    assert json.loads(out) == [
        {"day": "2026-10-01", "working": False, "kind": "节假日", "name": "国庆节", "provisional": False}
    ]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_id_reports_every_value(fmt: str) -> None:
    code, out, _ = run("check-id", "91350100M000100Y43", "91350100M000100Y44", " 9144030071526726xg", "--format", fmt)
    assert code == 1
    if fmt == "json":
        data = json.loads(out)
        assert [r["valid"] for r in data] == [True, False, True]
        assert data[2]["normalized"] == "9144030071526726XG"
        assert "expected '3'" in data[1]["problem"]
    else:
        assert out.splitlines()[0] == "ok   91350100M000100Y43"
        assert out.splitlines()[1].startswith("bad  ")


def test_check_id_numbers() -> None:
    code, out, _ = run("check-id", "--kind", "id-number", "11010519491231002X")
    assert code == 0
    assert out.strip() == "ok   11010519491231002X"


def test_demo_text_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the demo writes random-inspection-demo/ into the current folder
    code, out, _ = run("demo")
    assert code == 0
    assert "许昌" in out and "provisional" in out
    code, out, _ = run("demo", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["subjects"]["total"] == 30
    assert (tmp_path / "random-inspection-demo" / "demo.sqlite3").exists()
    assert data["hebi"]["verified"] and data["hebi"]["ledger_entries"] == 16 + 6  # the second run drew nothing


def test_profiles_lists_the_five_bureaus() -> None:
    code, out, _ = run("profiles", "--format", "json")
    assert code == 0
    rows = {r["code"]: r for r in json.loads(out)}
    assert {"xuchang", "lengshuitan", "shijiazhuang", "hebi", "yanshi"} <= set(rows)
    assert rows["yanshi"]["parent"] == "luoyang"
    [hebi] = rows["hebi"]["documents"]
    assert hebi["short"] == "鹤双随机办〔2020〕19号"
    assert "2020-12-31 (assumed: the document states no end" in hebi["period"]
    code, out, _ = run("profiles")
    assert "第二十四条 本细则自发布之日起施行" in out  # 许昌's first day, stated with the document's words


def test_profiles_can_block_one() -> None:
    code, out, _ = run("profiles", "--block", "hebi")
    assert code == 0
    assert "hebi " not in out and "xuchang" in out


def test_explain_text_and_json() -> None:
    code, out, _ = run("explain", "lengshuitan", "--as-of", "2025-01-01")
    assert code == 0
    assert "frequency.yearly_cap (同一年度对同一企业抽查次数上限): 4" in out
    code, out, _ = run("explain", "xuchang", "--as-of", "2025-01-01", "--format", "json")
    data = json.loads(out)
    assert {r["key"]: r["citation"] for r in data["rules"]}["draw.min_ratio"] == "许应急〔2023〕14号 第十二条"


def test_explain_an_unknown_profile_is_a_one_line_error() -> None:
    code, _, err = run("explain", "nowhere", "--as-of", "2025-01-01")
    assert code == 2
    assert "no profile 'nowhere' is loaded" in err and "xuchang" in err
