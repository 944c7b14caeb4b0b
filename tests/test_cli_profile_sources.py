"""Every plan command loads the registry ``explain`` loads (``--profiles-dir``, ``--block``), and ``check`` and
``commit`` apply the profile's plan rules (``ResolvedProfile.check_plan``)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.cli_support import ENROLLED, make_workspace, office, run, section

ZHOUKOU = textwrap.dedent('''
    """A local profile for the tests: 周口市 under 河南 (an illustration of the format, not a real document)."""
    import datetime as dt

    from random_inspection.model import Document, Jurisdiction
    from random_inspection.profiles import Profile, Rule, hookimpl
    from random_inspection.timelimits import WorkingDays

    DOC = Document("周口市应急管理局“双随机、一公开”监管工作细则（示例）", doc_number="周应急〔2025〕1号",
                   issuer="周口市应急管理局", issued=dt.date(2025, 3, 1), effective_from=dt.date(2025, 3, 1))
    RULES = (
        Rule("limit.publication", WorkingDays(15), DOC.cite("第十条"), "自检查结束之日起15个工作日内向社会公开"),
        Rule("frequency.yearly_cap", 2, DOC.cite("第十二条"), "同一企业年度内抽查不超过2次"),
        Rule("draw.fixed_count", 3, DOC.cite("第八条"), "每次随机抽取3户企业"),
    )


    @hookimpl
    def random_inspection_profile():
        return Profile("zhoukou", "周口市应急管理局", Jurisdiction("411600", "周口市", "市", "410000"), "henan",
                       (DOC,), RULES)
''')

REVIEWED = ZHOUKOU.replace('"zhoukou"', '"shangqiu"').replace('"411600", "周口市"', '"411400", "商丘市"')
REVIEWED += textwrap.dedent('''

    @hookimpl
    def random_inspection_check_plan(profile, plan):
        if plan.sample_size > 2:
            return [f"抽取{plan.sample_size}户，须经局务会审议（{profile.code}）"]
        return []
''')


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def _local(workspace: Path, code: str, text: str) -> tuple[Path, Path]:
    """A folder holding the profile ``code`` and a copy of the example plan under it."""
    folder = workspace / "my-profiles"
    folder.mkdir(exist_ok=True)
    (folder / f"{code}.py").write_text(text, encoding="utf-8")
    plan = workspace / f"{code}.toml"
    plan.write_text((workspace / "plan.toml").read_text(encoding="utf-8")
                    .replace('profile = "xuchang"', f'profile = "{code}"'), encoding="utf-8")
    return folder, plan


def test_a_local_profile_is_committed_and_drawn_from_the_command_line(workspace: Path) -> None:
    folder, plan = _local(workspace, "zhoukou", ZHOUKOU)
    store = str(workspace / "store.sqlite3")
    local = ("--profiles-dir", str(folder))
    code, out, err = run("explain", "zhoukou", "--as-of", "2026-12-01", *local, "--format", "json")
    assert code == 0, err
    code, _, err = run("check", str(plan), "--store", store)
    assert code == 2 and "zhoukou" in err  # not installed: without the folder the profile is unknown
    code, out, err = run("check", str(plan), "--store", store, *local, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["profile"] == "zhoukou" and json.loads(out)["bureau"] == "周口市"
    code, out, err = run("commit", str(plan), "--store", store, *local, "--format", "json", *section(workspace))
    assert code == 0, err
    manifest = Path(json.loads(out)["manifest"])
    code, out, err = run("draw", str(plan), "3 5 1 6", "--store", store, *local, "--format", "json",
                         *office(workspace))
    assert code == 0, err
    drawn = Path(json.loads(out)["file"])
    assert run("verify", str(manifest), str(drawn))[0] == 0
    # a later step without the folder cannot resolve the plan's profile: it is refused, not run under others
    code, _, err = run("draw", str(plan), "1 1 1 1", "--store", store, "--reason", "重抽", *office(workspace))
    assert code == 2 and "zhoukou" in err
    code, out, _ = run("ledger", "show", "--store", store, "--format", "json")
    entries = json.loads(out)
    assert [e["kind"] for e in entries[ENROLLED:ENROLLED + 2]] == ["plan_committed", "draw_executed"]
    assert entries[ENROLLED]["payload"]["profile"] == "zhoukou"


def test_block_leaves_a_profile_out_of_every_plan_command(workspace: Path) -> None:
    folder, plan = _local(workspace, "zhoukou", ZHOUKOU)
    store = str(workspace / "store.sqlite3")
    code, _, err = run("commit", str(plan), "--store", store, "--profiles-dir", str(folder), "--block", "zhoukou",
                       *section(workspace))
    assert code == 2 and "zhoukou" in err
    code, _, err = run("check", str(workspace / "plan.toml"), "--store", store, "--block", "nosuchprofile")
    assert code == 2 and "cannot block nosuchprofile" in err
    # blocking a bureau the plan does not use leaves the plan's own profile in force
    code, _, err = run("check", str(workspace / "plan.toml"), "--store", store, "--block", "hebi")
    assert code == 0, err
    code, out, _ = run("ledger", "show", "--store", store, "--format", "json")
    assert len(json.loads(out)) == ENROLLED  # nothing was committed


@pytest.mark.parametrize("command", ["draw", "record", "recuse", "reserve", "obligations", "export", "check",
                                     "commit"])
def test_every_plan_command_takes_the_profile_sources(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0 and "--profiles-dir" in out and "--block" in out


def test_check_reports_and_commit_refuses_a_plan_the_profile_rejects(workspace: Path) -> None:
    folder, plan = _local(workspace, "shangqiu", REVIEWED)
    store = str(workspace / "store.sqlite3")
    local = ("--profiles-dir", str(folder))
    code, out, _ = run("check", str(plan), "--store", store, *local, "--format", "json")
    assert code == 1
    (problem,) = json.loads(out)["plan_problems"]
    assert "须经局务会审议（shangqiu）" in problem["problem"]
    code, out, _ = run("check", str(plan), "--store", store, *local)
    assert code == 1 and "抽取3户，须经局务会审议" in out
    code, out, err = run("commit", str(plan), "--store", store, *local, *section(workspace))
    assert code == 2 and out == ""
    assert "the plan breaks the rules of shangqiu: 抽取3户，须经局务会审议" in err and "fix:" in err
    code, out, _ = run("ledger", "show", "--store", store, "--format", "json")
    assert len(json.loads(out)) == ENROLLED  # refused before anything was recorded
    assert not (workspace / "SQ-2026-12.manifest.json").exists()
