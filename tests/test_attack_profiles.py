"""Attacks on the profile model by an insider, through the command line.

The insider runs the store, holds a signing key of a role, and can edit the plan file, the rosters, the local
profile folders (``--profiles-dir``), the bureau's ``--profile-config`` file and the ``--block`` list. The public
sees the ledger listing, the pre-draw notice and the disclosure. Each test mounts one attack: where the library
refuses it, or makes it public before the dice, the test asserts that; where the attack succeeds, the test is a
strict ``xfail`` naming the gap, so that it starts failing (and must be turned into a plain test) once the gap is
closed.

1. Departures (``[[departure]]``): loosening a rule, before and after the dice; personal data in them.
2. Continuations (``--profile-config``): an expired document, a continuation added after the commit.
3. Local profiles (``--profiles-dir``, ``--block``): a profile of one's own in the bureau's name; one registry at
   the commit, another after it.
4. The checks beyond the role (``checks.*``) under a local profile.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from random_inspection.profiles.permissions import Permissions
from tests.cli_support import ENROLLED, admin, make_workspace, office, run, section

# A local district profile under 许昌 whose document words the yearly cap as a default (原则上), like 冷水滩 第十五条.
WEIDU = textwrap.dedent('''
    """魏都区 under 许昌, for the attack tests (an illustration of the format, not a real document)."""
    import datetime as dt

    from random_inspection.model import Document, Jurisdiction, Role
    from random_inspection.profiles import Profile, Rule, hookimpl

    DOC = Document("魏都区应急管理局双随机抽查实施方案（示例）", doc_number="魏应急〔2026〕1号",
                   issuer="许昌市魏都区应急管理局", issued=dt.date(2026, 1, 5), effective_from=dt.date(2026, 1, 5))
    RULES = (
        Rule("frequency.yearly_cap", 4, DOC.cite("第五条"), "原则上，同一年度内对同一企业的抽查次数不超过4次",
             qualifier="原则上"),
    EXTRA
    )


    @hookimpl
    def random_inspection_profile():
        return Profile("weidu", "许昌市魏都区应急管理局", Jurisdiction("411002", "魏都区", "县区", "411000"),
                       "xuchang", (DOC,), RULES)
''')


def weidu(extra: str = "") -> str:
    """The 魏都区 profile's file, with ``extra`` rules (each a line ending in a comma)."""
    return WEIDU.replace("EXTRA", textwrap.indent(extra, "    "))


# A profile of the insider's own that takes the built-in 许昌 profile's code and jurisdiction.
IMPOSTOR = textwrap.dedent('''
    """Not the bureau's 许昌 profile: the built-in's declaration under its code, from a local file."""
    from random_inspection.profiles import hookimpl
    from random_inspection_profiles import xuchang as built_in


    @hookimpl
    def random_inspection_profile():
        return built_in.random_inspection_profile()
''')

# A local district profile whose file, when it is loaded, rewrites the rules of the built-in 许昌 profile in the
# process: the floor 1 % instead of 10 % (第十二条), and the 双随机办 may record results (第十九条 names inspectors).
REWRITE = '''
from fractions import Fraction

from random_inspection_profiles import xuchang as built_in

built_in.RULES = tuple(r for r in built_in.RULES if r.key not in {"draw.min_ratio", "actors.record_result"}) + (
    Rule("draw.min_ratio", Fraction(1, 100), built_in.cite("第十二条"),
         "一般抽查事项按不低于年度监管对象主体库的1%抽取"),
    Rule("actors.record_result", (Role.INSPECTOR, Role.DOUBLE_RANDOM_OFFICE), built_in.cite("第十九条第一款"),
         "检查人员应当……形成检查结果"),
)
'''


# A district profile whose own document ended before the plan's window: under it the 双随机办 also recorded results.
LAPSED = textwrap.dedent('''
    """建安区 under 许昌, for the attack tests: a document that ended on 2026-11-30 (an illustration)."""
    import datetime as dt

    from random_inspection.model import DateBasis, Document, Jurisdiction, Role
    from random_inspection.profiles import Profile, Rule, hookimpl

    DOC = Document("建安区应急管理局双随机抽查实施方案（示例）", doc_number="建应急〔2025〕1号",
                   issuer="许昌市建安区应急管理局", issued=dt.date(2025, 1, 5), effective_from=dt.date(2025, 1, 5),
                   effective_until=dt.date(2026, 11, 30),
                   until_basis=DateBasis.stated("本方案执行至2026年11月30日"))
    RULES = (
        Rule("actors.record_result", (Role.INSPECTOR, Role.DOUBLE_RANDOM_OFFICE), DOC.cite("第九条"),
             "检查结果由检查人员或局双随机办录入"),
    )


    @hookimpl
    def random_inspection_profile():
        return Profile("jianan", "许昌市建安区应急管理局", Jurisdiction("411003", "建安区", "县区", "411000"),
                       "xuchang", (DOC,), RULES)
''')

# Python run when the profile is loaded: it switches the checks beyond the role off for the whole process.
PATCHER = WEIDU.replace("from random_inspection.profiles import Profile, Rule, hookimpl",
                                                  "from random_inspection.profiles import Profile, Rule, hookimpl\n"
                                                  "from random_inspection.profiles.permissions import Permissions\n"
                                                  "Permissions.check = lambda self, actor, action, context=None: "
                                                  "None").replace("EXTRA", "")

CAP_DEPARTURE = '''
[[departure]]
key = "frequency.yearly_cap"
value = "不适用年度4次上限"
reason = "本方案为事故隐患复查，经局务会研究同意"
'''


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def _store(workspace: Path) -> str:
    return str(workspace / "store.sqlite3")


def _plan(workspace: Path, profile: str = "xuchang", extra: str = "", name: str = "plan.toml") -> str:
    """A copy of the example plan under ``profile``, with ``extra`` appended (departures) and ``[draw]`` as given."""
    text = (workspace / "plan.toml").read_text(encoding="utf-8").replace('profile = "xuchang"',
                                                                         f'profile = "{profile}"')
    path = workspace / name
    path.write_text(text + extra, encoding="utf-8")
    return str(path)


def _folder(workspace: Path, **files: str) -> tuple[str, str]:
    """``--profiles-dir`` with a folder holding the files given (name without .py: text)."""
    folder = workspace / "my-profiles"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.py").write_text(text, encoding="utf-8")
    return "--profiles-dir", str(folder)


def _entries(store: str) -> list[dict[str, object]]:
    code, out, err = run("ledger", "show", "--store", store, "--format", "json")
    assert code == 0, err
    entries: list[dict[str, object]] = json.loads(out)[ENROLLED:]
    return entries


def _listing(workspace: Path) -> str:
    out = workspace / "listing.json"
    code, _, err = run("ledger", "publish", "--store", _store(workspace), "--out", str(out))
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def _notice(workspace: Path) -> dict[str, object]:
    notice: dict[str, object] = json.loads((workspace / "XC-2026-12.notice.json").read_text(encoding="utf-8"))
    return notice


def _results(workspace: Path, subject: str) -> str:
    path = workspace / "mine.csv"
    path.write_text("统一社会信用代码,检查开始,检查结束,检查结果,处理结果\n"
                    f"{subject},2026-12-21,2026-12-22,1,\n", encoding="utf-8")
    return str(path)


def _drawn(workspace: Path, plan: str, *sources: str) -> dict[str, list[str]]:
    """The plan committed by the section and drawn by the office under ``sources``; the draw's teams."""
    for args in (("commit", plan, "--store", _store(workspace), *sources, *section(workspace)),
                 ("draw", plan, "3 5 1 6", "--store", _store(workspace), *sources, *office(workspace))):
        code, _, err = run(*args)
        assert code == 0, err
    teams: dict[str, list[str]] = json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8"))["teams"]
    return teams


def _actor(workspace: Path, name: str) -> tuple[str, str]:
    return "--as", str(workspace / "actors" / f"{name}.toml")


# 1. Departures ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "value"), [
    ("frequency.yearly_cap", "不适用年度上限"), ("draw.fixed_count", "抽取1户"), ("draw.min_ratio", "抽取比例1%"),
    ("team.rules", "单人检查"),
])
def test_q1_a_departure_from_a_rule_that_binds_is_refused_by_check_and_commit(workspace: Path, key: str,
                                                                              value: str) -> None:
    """Under 许昌 none of the draw's bounds is worded as a default: departing from one, whether a document of the
    chain sets it as binding or none sets it, is refused by check and by commit, and nothing is recorded."""
    plan = _plan(workspace, extra=f'\n[[departure]]\nkey = "{key}"\nvalue = "{value}"\nreason = "年底执法力量不足"\n')
    code, out, err = run("check", plan)
    assert code != 0 and f"{key}" in out + err
    code, _, err = run("commit", plan, "--store", _store(workspace), *section(workspace))
    assert code != 0 and key in err
    assert _entries(_store(workspace)) == []


def test_q1_a_loosened_default_is_public_before_the_dice(workspace: Path) -> None:
    """A profile that words the yearly cap as 原则上: the plan departs from it, with its reason. Before the dice,
    the manifest (its rules: no cap), the notice and the ledger listing all show it."""
    local = _folder(workspace, weidu=weidu())
    plan = _plan(workspace, "weidu", CAP_DEPARTURE)
    code, _, err = run("commit", plan, "--store", _store(workspace), *local, *section(workspace))
    assert code == 0, err
    manifest = json.loads((workspace / "XC-2026-12.manifest.json").read_text(encoding="utf-8"))
    assert manifest["rules"]["yearly_cap"] is None  # the cap the draw applies: none, in the published manifest
    assert _notice(workspace)["commits"][0]["departures"][0]["key"] == "frequency.yearly_cap"  # type: ignore[index]
    assert "本方案为事故隐患复查，经局务会研究同意" in _listing(workspace)


def test_q1_a_departure_written_into_the_plan_file_after_the_commit_changes_nothing_that_is_drawn(
        workspace: Path) -> None:
    """After the commit, the insider adds the departure to the plan file and draws without re-committing: the draw
    is of the committed manifest (its cap of 4 in force), and the ledger holds no departure."""
    local = _folder(workspace, weidu=weidu())
    plan = _plan(workspace, "weidu")
    code, _, err = run("commit", plan, "--store", _store(workspace), *local, *section(workspace))
    assert code == 0, err
    _plan(workspace, "weidu", CAP_DEPARTURE)  # the same file, now with the departure
    code, _, err = run("draw", plan, "3 5 1 6", "--store", _store(workspace), *local, *office(workspace))
    assert code == 0, err
    manifest = json.loads((workspace / "XC-2026-12.manifest.json").read_text(encoding="utf-8"))
    assert manifest["rules"]["yearly_cap"] == 4
    commits = [e for e in _entries(_store(workspace)) if e["kind"] == "plan_committed"]
    assert len(commits) == 1 and "departures" not in commits[0]["payload"]  # type: ignore[operator]


def test_q1_a_phone_number_in_a_departure_is_refused_before_it_is_recorded(workspace: Path) -> None:
    local = _folder(workspace, weidu=weidu())
    plan = _plan(workspace, "weidu", CAP_DEPARTURE.replace("经局务会研究同意", "经办人电话13812345678"))
    code, _, err = run("commit", plan, "--store", _store(workspace), *local, *section(workspace))
    assert code != 0 and "departures[0].reason" in err and "13812345678" not in err
    assert _entries(_store(workspace)) == []


def test_q1_a_home_address_in_a_departures_value_is_refused_before_it_is_recorded(workspace: Path) -> None:
    """The departure's ``value`` (what the plan does instead) is text the insider types, published with the commit
    like its reason: a home address in it is refused as one in the reason is."""
    local = _folder(workspace, weidu=weidu())
    plan = _plan(workspace, "weidu", CAP_DEPARTURE.replace("不适用年度4次上限",
                                                           "不适用年度4次上限，复查对象负责人住址：魏都区建设路12号3单元501室"))
    code, _, err = run("commit", plan, "--store", _store(workspace), *local, *section(workspace))
    assert code != 0 and "departures[0].value" in err and "住址" in err
    assert _entries(_store(workspace)) == []


# 2. Continuations ---------------------------------------------------------------------------------------------


def _config(workspace: Path) -> tuple[str, str]:
    config = workspace / "bureau.toml"
    config.write_text('[[continued]]\nprofile = "jianan"\ndocument = "建应急〔2025〕1号"\n'
                      'reason = "局务会2026年11月25日决定继续执行至新方案印发"\n', encoding="utf-8")
    return "--profile-config", str(config)


def test_q2_a_plan_on_an_expired_document_shows_the_continuation_before_the_dice(workspace: Path) -> None:
    """Run on 建安区's document past its last day (2026-11-30), the plan's commit records the continuation with its
    reason, and the notice and the listing show it."""
    local = _folder(workspace, jianan=LAPSED)
    plan = _plan(workspace, "jianan")
    code, _, err = run("commit", plan, "--store", _store(workspace), *local, *_config(workspace), *section(workspace))
    assert code == 0, err
    continued = _notice(workspace)["commits"][0]["continued"]  # type: ignore[index]
    assert continued == [{"profile": "jianan", "document": "建应急〔2025〕1号",
                          "reason": "局务会2026年11月25日决定继续执行至新方案印发"}]
    assert "局务会2026年11月25日决定继续执行至新方案印发" in _listing(workspace)


def test_q2_a_continuation_added_after_the_commit_is_refused(workspace: Path) -> None:
    """Committed and drawn without the configuration (建安区's document out of force: 许昌's rules, only inspectors
    record); after the dice the insider records results as the 双随机办 with the configuration that revives the
    document granting it: refused, as the commit in force continued no document; nothing is recorded."""
    local = _folder(workspace, jianan=LAPSED)
    plan = _plan(workspace, "jianan")
    teams = _drawn(workspace, plan, *local)
    subject = next(iter(teams))
    code, out, _ = run("record", plan, _results(workspace, subject), "--store", _store(workspace), *local,
                       "--format", "json", *office(workspace))
    assert code == 1 and json.loads(out)["recorded"] == []  # the grant the commit ran under: refused
    before = _entries(_store(workspace))
    for command in (("record", plan, _results(workspace, subject)), ("export", plan, "--out", str(workspace / "o")),
                    ("obligations", plan, "--on", "2026-12-31")):
        code, out, err = run(*command, "--store", _store(workspace), *local, *_config(workspace),
                             *(office(workspace) if command[0] == "record" else ()))
        assert code == 2 and "committed with the documents continued in force: none" in err, (command, out, err)
    assert _entries(_store(workspace)) == before


def test_q2_a_continuation_dropped_after_the_commit_is_refused(workspace: Path) -> None:
    """Committed with the configuration, the plan is not drawn without it (nor with another reason)."""
    local = _folder(workspace, jianan=LAPSED)
    plan = _plan(workspace, "jianan")
    code, _, err = run("commit", plan, "--store", _store(workspace), *local, *_config(workspace), *section(workspace))
    assert code == 0, err
    code, _, err = run("draw", plan, "3 5 1 6", "--store", _store(workspace), *local, *office(workspace))
    assert code == 2 and "this step is given: none" in err
    config = workspace / "bureau.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("11月25日", "11月26日"), encoding="utf-8")
    code, _, err = run("draw", plan, "3 5 1 6", "--store", _store(workspace), *local, "--profile-config",
                       str(config), *office(workspace))
    assert code == 2 and "--profile-config the plan was committed with" in err
    assert [e["kind"] for e in _entries(_store(workspace))] == ["plan_committed"]


# 3. Local profiles --------------------------------------------------------------------------------------------


def test_q3_a_local_profile_cannot_take_the_built_in_code_while_the_built_in_is_loaded(workspace: Path) -> None:
    local = _folder(workspace, xuchang_local=IMPOSTOR)
    code, _, err = run("commit", _plan(workspace), "--store", _store(workspace), *local, *section(workspace))
    assert code != 0 and "two profiles claim the code xuchang" in err
    assert _entries(_store(workspace)) == []


def test_q3_a_plan_under_a_local_profile_is_refused_without_it(workspace: Path) -> None:
    """Committed under a local profile, then drawn without the folder: refused, never run under other rules."""
    local = _folder(workspace, weidu=weidu())
    plan = _plan(workspace, "weidu")
    code, _, err = run("commit", plan, "--store", _store(workspace), *local, *section(workspace))
    assert code == 0, err
    code, _, err = run("draw", plan, "3 5 1 6", "--store", _store(workspace), *office(workspace))
    assert code != 0 and "weidu" in err
    assert [e["kind"] for e in _entries(_store(workspace))] == ["plan_committed"]


def test_q3_blocking_the_built_in_leaves_out_a_local_profile_of_its_code_too(workspace: Path) -> None:
    """--block xuchang names the entry point and the code alike: the impostor is left out with the built-in, so a
    plan under xuchang finds no profile and is refused."""
    local = _folder(workspace, xuchang_local=IMPOSTOR)
    code, _, err = run("commit", _plan(workspace), "--store", _store(workspace), "--block", "xuchang", *local,
                       *section(workspace))
    assert code != 0 and "no profile 'xuchang' is loaded" in err
    assert _entries(_store(workspace)) == []


def _one_subject(workspace: Path) -> str:
    plan = _plan(workspace)
    Path(plan).write_text(Path(plan).read_text(encoding="utf-8").replace("reserve = 1", "reserve = 1\ncount = 1"),
                          encoding="utf-8")
    return plan


@pytest.fixture
def built_in_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The built-in 许昌 rules restored after the test, whatever a local profile file did to them."""
    from random_inspection_profiles import xuchang

    monkeypatch.setattr(xuchang, "RULES", xuchang.RULES)


def test_q3_a_local_file_loaded_beside_the_built_in_cannot_rewrite_its_rules(workspace: Path,
                                                                            built_in_rules: None) -> None:
    """A plan of one subject, refused by the built-in 许昌 profile's floor (第十二条 10 %), is still refused under
    the same code with a local file beside it that rewrites the floor when imported: the file runs in a process of
    its own, so what it does to the package's module stays there."""
    from random_inspection_profiles import xuchang

    plan = _one_subject(workspace)
    code, out, err = run("check", plan)
    assert code == 1 and "第十二条" in out
    rules = xuchang.RULES
    code, out, err = run("check", plan, *_folder(workspace, weidu=weidu() + REWRITE))
    assert code == 1 and "第十二条" in out, out + err
    assert xuchang.RULES is rules


def test_q3_the_commit_names_the_local_files_loaded_with_it(workspace: Path, built_in_rules: None) -> None:
    """A plan committed with a local folder whose file tries to rewrite the built-in 许昌 rules is posted as 许昌
    xuchang, and the commit names every source of profile code loaded (the local file with its SHA-256, each
    package with its version), on the listing and the notice; and a later step without that file is refused."""
    plan = _plan(workspace)
    code, _, err = run("commit", plan, "--store", _store(workspace), *_folder(workspace, weidu=weidu() + REWRITE),
                       *section(workspace))
    assert code == 0, err
    notice = _notice(workspace)
    assert notice["profile"] == "xuchang"
    listing = _listing(workspace)
    # the defence: the commit names the sources its registry was loaded from (a local file, its hash)
    assert "weidu" in listing and "weidu" in json.dumps(notice, ensure_ascii=False)
    [source] = [p for p in notice["commits"][-1]["plugins"] if p["name"] == "weidu"]
    assert source["kind"] == "file" and source["code"].startswith("sha256:")
    assert "weidu" in (workspace / "XC-2026-12.notice.html").read_text(encoding="utf-8")


def test_q3_results_recorded_under_another_registry_than_the_commits_are_refused(workspace: Path,
                                                                                built_in_rules: None) -> None:
    """Results of a plan committed and drawn under the built-in 许昌 rules, recorded by the 双随机办 with a local
    folder that rewrites 许昌's grant: the commit recorded the sources of the profile code loaded (``plugins``) and
    the fingerprint of the rules (``profile_rules``); the record loads another file, and is refused before anything
    is written."""
    plan = _plan(workspace)
    teams = _drawn(workspace, plan)
    subject = next(iter(teams))
    code, out, _ = run("record", plan, _results(workspace, subject), "--store", _store(workspace), "--format",
                       "json", *office(workspace))
    assert code == 1 and json.loads(out)["recorded"] == []  # 许昌 第十九条: only inspectors record
    code, out, _ = run("record", plan, _results(workspace, subject), "--store", _store(workspace),
                       *_folder(workspace, weidu=weidu() + REWRITE), "--format", "json", *office(workspace))
    assert code != 0 and json.loads(out or "{}").get("recorded") in (None, [])
    code, _, err = run("record", plan, _results(workspace, subject), "--store", _store(workspace),
                       *_folder(workspace, weidu=weidu() + REWRITE), *office(workspace))
    assert code != 0 and "was committed with the profile code of random-inspection" in err and "weidu" in err


# 4. The checks beyond the role under a local profile ----------------------------------------------------------

OPEN_GRANTS = '''Rule("actors.draw", tuple(Role), DOC.cite("第六条"), "任何人员均可抽取"),
Rule("actors.record_result", tuple(Role), DOC.cite("第七条"), "任何人员均可录入"),
Rule("checks.own_inspection", "不适用", DOC.cite("第八条"), "不适用"),
Rule("checks.no_administrator", "不适用", DOC.cite("第八条"), "不适用"),
'''


def test_q4_a_local_profile_cannot_lift_the_checks_beyond_the_role(workspace: Path) -> None:
    """A local profile that grants every step to every role (the 系统管理员 included) and words the checks as
    “不适用”: the 系统管理员 is still refused the draw, and an inspector not on the team is still refused the
    record; the refusals name the profile's words as the checks' basis, and are recorded."""
    local = _folder(workspace, weidu=weidu(OPEN_GRANTS))
    plan = _plan(workspace, "weidu")
    code, _, err = run("commit", plan, "--store", _store(workspace), *local, *section(workspace))
    assert code == 0, err
    code, _, err = run("draw", plan, "3 5 1 6", "--store", _store(workspace), *local, *admin(workspace))
    assert code == 2 and "takes no step of an inspection" in err
    code, _, err = run("draw", plan, "3 5 1 6", "--store", _store(workspace), *local, *office(workspace))
    assert code == 0, err
    teams: dict[str, list[str]] = json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8"))["teams"]
    subject = next(iter(teams))
    stranger = next(f"XC{i:03d}" for i in range(1, 13) if f"XC{i:03d}" not in teams[subject])
    code, out, _ = run("record", plan, _results(workspace, subject), "--store", _store(workspace), *local,
                       "--format", "json", *_actor(workspace, stranger))
    got = json.loads(out)
    assert code == 1 and got["recorded"] == [] and "不适用" in got["refused"][0]["problem"]
    assert [e["kind"] for e in _entries(_store(workspace))][-1] == "refused"


def test_q4_a_local_profile_that_patches_the_library_is_refused(workspace: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A local profile that replaces ``Permissions.check`` when it is imported: it is imported in a process of its
    own, so the command's checks are the library's, and an inspector off the team is refused the record."""
    original = Permissions.check
    monkeypatch.setattr(Permissions, "check", Permissions.check)  # restored after the test, whatever the file does
    local = _folder(workspace, weidu=PATCHER)
    plan = _plan(workspace, "weidu")
    teams = _drawn(workspace, plan, *local)
    subject = next(iter(teams))
    stranger = next(f"XC{i:03d}" for i in range(1, 13) if f"XC{i:03d}" not in teams[subject])
    code, out, _ = run("record", plan, _results(workspace, subject), "--store", _store(workspace), *local,
                       "--format", "json", *_actor(workspace, stranger))
    assert code == 1 and json.loads(out)["recorded"] == []
    assert Permissions.check is original


def test_q4_ledger_verify_finds_a_result_recorded_with_the_checks_patched_out(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever code in the process that recorded it did (a local profile can no longer: an installed package, or
    a patched library, still could), ``ledger verify`` (which loads no profile) replays the team check on every
    result entry and names the one an inspector off the team signed."""
    local = _folder(workspace, weidu=weidu())
    plan = _plan(workspace, "weidu")
    teams = _drawn(workspace, plan, *local)
    subject = next(iter(teams))
    stranger = next(f"XC{i:03d}" for i in range(1, 13) if f"XC{i:03d}" not in teams[subject])
    monkeypatch.setattr(Permissions, "check", lambda self, actor, action, context=None: None)
    code, _, err = run("record", plan, _results(workspace, subject), "--store", _store(workspace), *local,
                       *_actor(workspace, stranger))
    assert code == 0, err
    monkeypatch.undo()
    code, out, err = run("ledger", "verify", "--store", _store(workspace))
    assert code == 2 and stranger in out + err


def test_q3_a_commit_beside_a_file_that_rewrites_the_rules_has_the_built_in_fingerprint(
        workspace: Path, built_in_rules: None) -> None:
    """A commit made beside a local file that tries to rewrite 许昌's rules carries the fingerprint the bureau's
    built-in 许昌 gives for the plan's first day (the file ran in its own process), and a plan of one subject under
    the rewritten floor is refused."""
    code, official, _ = run("explain", "xuchang", "--as-of", "2026-12-01", "--fingerprint")  # the bureau's package
    assert code == 0
    plan = _plan(workspace, name="whole.toml")  # before _one_subject rewrites the example
    local = _folder(workspace, weidu=weidu() + REWRITE)
    code, _, err = run("commit", _one_subject(workspace), "--store", _store(workspace), *local, *section(workspace))
    assert code == 2 and "第十二条" in err
    code, _, err = run("commit", plan, "--store", _store(workspace), *local, *section(workspace))
    assert code == 0, err
    code, shown, _ = run("ledger", "show", "--store", _store(workspace), "--format", "json")
    [commit] = [e for e in json.loads(shown) if e["kind"] == "plan_committed"]
    assert commit["payload"]["profile_rules"] == official.strip()
