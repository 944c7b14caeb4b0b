"""Who acts depends on the context, and every check beyond the role names its basis.

* The checks beyond the role hold under every profile; their basis is the profile's ``checks.*`` rule, cited
  (许昌 第二条, 第二十二条(二)(三), 第二十三条(二); 冷水滩 第五条; 偃师 二(三)), or a labelled assumption where
  no document of the chain states them (石家庄, 鹤壁, no profile at all). A refusal names it.
* A plan's step may have a grant of its own on an occasion (``actors.joint_lead.*``, ``actors.joint_partner.*``):
  许昌 has its 业务科室 plan and draw a joint plan (第二十二条(一)(二)) and its part in one (第二十三条(一)(二)),
  where its 双随机办 also draws an ordinary plan (第十条、第十三条). Mounted through the command line as an insider
  would: a partner drawing the lead's plan, the 双随机办 drawing a joint one, an inspector recording another
  team's inspection.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import PermissionRefused
from random_inspection.model import Action, Actor, Role
from random_inspection.profiles import OCCASION_ACTIONS, Check, Context, Occasion, Permissions, ProfileRegistry
from random_inspection.workflow import team_leader, team_leaders
from tests.cli_support import (
    ENROL_AT,
    admin,
    committed_and_drawn,
    make_workspace,
    office,
    run,
    section,
)

D = dt.date
REGISTRY = ProfileRegistry()
AS_OF = {"xuchang": D(2024, 6, 3), "lengshuitan": D(2024, 6, 3), "shijiazhuang": D(2024, 6, 3),
         "hebi": D(2020, 7, 10), "yanshi": D(2023, 6, 1)}
ASSUMED = "no document of the chain states it"


def permissions(code: str) -> Permissions:
    return REGISTRY.resolve(code, AS_OF[code]).permissions()


def test_each_profile_states_the_checks_its_document_states() -> None:
    cited = {code: {c.value: str(b.citation) for c, b in permissions(code).bases.items() if not b.assumed}
             for code in AS_OF}
    assert cited == {
        "xuchang": {"own_inspection": "许应急〔2023〕14号 第二条", "plan_owner": "许应急〔2023〕14号 第二十二条(二)",
                    "own_inspectors": "许应急〔2023〕14号 第二十二条(三)、第二十三条(二)"},
        "lengshuitan": {"own_inspection": "《冷水滩区应急管理局“双随机一公开”抽查工作实施细则》 第五条"},
        "yanshi": {"own_inspection": "偃应急〔2023〕18号 二(三)"},
        "shijiazhuang": {},
        "hebi": {},
    }
    assert permissions("yanshi").basis(Check.OWN_INSPECTION).words == "谁检查、谁录入、谁公开"
    assert permissions("lengshuitan").basis(Check.OWN_INSPECTION).words == "谁检查、谁反馈"


@given(st.sampled_from(sorted(AS_OF)), st.sampled_from(list(Check)))
def test_a_basis_is_the_chains_cited_rule_or_a_labelled_assumption(code: str, check: Check) -> None:
    resolved = REGISTRY.resolve(code, AS_OF[code])
    basis = resolved.permissions().basis(check)
    if resolved.has(check.key):
        rule = resolved.rule(check.key)
        assert not basis.assumed and basis.citation == rule.citation and basis.source == rule.source
        assert basis.describe() == f"{rule.citation.short()} “{rule.value}”"
    else:
        assert basis.assumed and basis.words is None and basis.source is None
        assert basis.describe() == f"assumed: {check.assumption}; {ASSUMED}"


def _refusal(perms: Permissions, actor: Actor, action: Action, context: Context | None = None) -> str:
    with pytest.raises(PermissionRefused) as info:
        perms.check(actor, action, context)
    return info.value.reason


@pytest.mark.parametrize("perms", [permissions("shijiazhuang"), Permissions.unrestricted()],
                         ids=["shijiazhuang", "no profile"])
def test_where_the_chain_states_no_check_each_refusal_says_it_is_assumed(perms: Permissions) -> None:
    inspector = Actor("SJZ001", "执法人员", Role.INSPECTOR, "sjz")
    section_ = Actor("SJZ-KS", "监管科室", Role.UNDERTAKING_SECTION, "sjz")
    refusals = {
        Check.OWN_INSPECTION: _refusal(perms, inspector, Action.RECORD_RESULT, Context(team=frozenset({"SJZ002"}))),
        Check.PLAN_OWNER: _refusal(perms, section_, Action.DRAW, Context(owner="other")),
        Check.OWN_INSPECTORS: _refusal(perms, section_, Action.COMMIT_PLAN,
                                       Context(departments=("sjz",), inspector_departments=frozenset({"other"}))),
        Check.DUTY_OWNER: _refusal(perms, section_, Action.CLOSE, Context(debtor="other")),
        Check.NO_ADMINISTRATOR: _refusal(perms, Actor("ADM", "管理员", Role.ADMINISTRATOR, "sjz"), Action.DRAW),
    }
    for check, reason in refusals.items():
        assert f"(assumed: {check.assumption}; {ASSUMED})" in reason, check
        assert "〔" not in reason  # no bureau's document is named where the chain states none
    assert "separation of duties" in refusals[Check.NO_ADMINISTRATOR]


def test_where_the_profile_states_a_check_its_refusal_cites_it() -> None:
    yanshi = permissions("yanshi")
    reason = _refusal(yanshi, Actor("YS001", "执法人员", Role.INSPECTOR, "ys"), Action.PUBLISH,
                      Context(team=frozenset({"YS002"})))
    assert "(偃应急〔2023〕18号 二(三) “谁检查、谁录入、谁公开”)" in reason
    # 偃师 states no owner check: the same library check, labelled as an assumption
    reason = _refusal(yanshi, Actor("YS-SSJB", "法规科", Role.DOUBLE_RANDOM_OFFICE, "ys"), Action.DRAW,
                      Context(owner="other"))
    assert f"(assumed: {Check.PLAN_OWNER.assumption}; {ASSUMED})" in reason


@given(st.sampled_from(sorted(AS_OF)), st.sampled_from(list(Occasion)), st.sampled_from(list(Action)),
       st.sampled_from(list(Role)))
def test_an_occasions_grant_is_its_own_where_set_else_the_ordinary_one(code: str, occasion: Occasion,
                                                                      action: Action, role: Role) -> None:
    resolved = REGISTRY.resolve(code, AS_OF[code])
    perms = resolved.permissions()
    grant = perms.grant(action, occasion)
    key = occasion.key(action)
    if occasion is not Occasion.ORDINARY and action in OCCASION_ACTIONS and resolved.has(key):
        assert grant.occasion is occasion and grant.citation == resolved.rule(key).citation
    else:
        assert grant == perms.grant(action)
    assert perms.allows(role, action, occasion) == grant.allows(role)
    actor = Actor("A1", "试验", role, "d")
    if grant.allows(role):
        perms.check(actor, action, Context(occasion=occasion))
    else:
        with pytest.raises(PermissionRefused):
            perms.check(actor, action, Context(occasion=occasion))


def test_xuchang_gives_a_joint_plans_draw_to_its_sections_and_an_ordinary_ones_to_sections_and_office() -> None:
    xuchang = permissions("xuchang")
    office_, section_ = Role.DOUBLE_RANDOM_OFFICE, Role.UNDERTAKING_SECTION
    assert [xuchang.allows(office_, Action.DRAW, o) for o in Occasion] == [True, False, False]
    assert [xuchang.allows(section_, Action.DRAW, o) for o in Occasion] == [True, True, True]
    assert [xuchang.allows(Role.INSPECTOR, Action.DRAW, o) for o in Occasion] == [False, False, False]
    assert str(xuchang.grant(Action.DRAW, Occasion.JOINT_LEAD).citation) == "许应急〔2023〕14号 第二十二条(一)(二)"
    assert str(xuchang.grant(Action.DRAW, Occasion.JOINT_PARTNER).citation) == "许应急〔2023〕14号 第二十三条(一)(二)"
    reason = _refusal(xuchang, Actor("SC-SSJB", "双随机办", office_, "scjgj"), Action.DRAW,
                      Context(occasion=Occasion.JOINT_PARTNER))
    assert ("on a 参与协同的部门联合双随机 plan under xuchang: "
            "许应急〔2023〕14号 第二十三条(一)(二) gives it to 承办股室") in reason
    hebi = permissions("hebi")  # 鹤壁 sets no occasion: its 联合抽查办公室 draws on every one (五(一))
    assert {hebi.grant(Action.DRAW, o).citation for o in Occasion} == {hebi.grant(Action.DRAW).citation}


def test_the_tables_show_each_basis_and_each_occasions_grant() -> None:
    table = permissions("xuchang").table()
    checks = {row["check"]: row for row in table if row["row"] == "check"}
    assert set(checks) == {c.value for c in Check}
    assert checks["own_inspectors"]["citation"] == "许应急〔2023〕14号 第二十二条(三)、第二十三条(二)"
    assert checks["duty_owner"]["assumed"] and checks["duty_owner"]["basis"].endswith(ASSUMED)
    grants = [(row["action"], row["occasion"]) for row in table if row["row"] == "grant"]
    assert ("draw", "joint_partner") in grants and ("draw", "ordinary") in grants
    text = permissions("xuchang").markdown()
    assert ("| `own_inspection` 检查人员只录入、反馈、公开本组的检查 | "
            "许应急〔2023〕14号 第二条 “谁监管谁反馈、谁监管谁负责” | xuchang |") in text
    assert (f"| `duty_owner` 义务由负有义务的部门履行 | assumed: {Check.DUTY_OWNER.assumption}; {ASSUMED} "
            "| — | — |") in text


# -- through the command line, as an insider would ------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def _partner(workspace: Path, store: str) -> tuple[str, str]:
    """A 业务科室 of the partner department scjgj, with its key enrolled by the administrator."""
    path = workspace / "sc-section.toml"
    code, _, err = run("keygen", str(path), "--id", "SC-KS", "--name", "市场监管局业务科室", "--role", "承办股室",
                       "--department", "scjgj")
    assert code == 0, err
    code, _, err = run("ledger", "enrol", str(path), "--store", store, "--at", ENROL_AT, *admin(workspace))
    assert code == 0, err
    return "--as", str(path)


def _refused(store: str) -> list[tuple[str, str, str]]:
    code, shown, err = run("ledger", "show", "--store", store, "--format", "json")
    assert code == 0, err
    return [(e["actor"]["id"], e["payload"]["action"], e["payload"]["reason"]) for e in json.loads(shown)
            if e["kind"] == "refused"]


def test_a_partner_may_not_draw_the_leads_joint_plan_nor_its_office_draw_it(workspace: Path) -> None:
    plan, store = workspace / "plan.toml", str(workspace / "store.sqlite3")
    plan.write_text(plan.read_text(encoding="utf-8").replace('departments = ["yjj"]',
                                                             'departments = ["yjj", "scjgj"]'), encoding="utf-8")
    partner = _partner(workspace, store)
    lead_words = "(许应急〔2023〕14号 第二十二条(二) “随机选取抽查对象，将名单派发给各协同部门”)"
    code, _, err = run("commit", str(plan), "--store", store, *partner)
    assert code == 2 and "scjgj may not commit_plan it" in err and lead_words in err
    code, _, err = run("commit", str(plan), "--store", store, *section(workspace))
    assert code == 0, err
    code, _, err = run("draw", str(plan), "3 5 1 6", "--store", store, *partner)
    assert code == 2 and "scjgj may not draw it" in err and lead_words in err
    # the 双随机办 that may draw an ordinary plan (第十条、第十三条) does not draw a joint one (第二十二条(一)(二))
    code, _, err = run("draw", str(plan), "3 5 1 6", "--store", store, *office(workspace))
    assert code == 2 and re.search(r"a 双随机办 may not draw \(随机抽取\) on a 牵头发起的部门联合双随机 plan under "
                                   r"xuchang: 许应急〔2023〕14号 第二十二条\(一\)\(二\) gives it to 承办股室", err)
    code, _, err = run("draw", str(plan), "3 5 1 6", "--store", store, *section(workspace))
    assert code == 0, err
    refused = _refused(store)
    assert [(who, action) for who, action, _ in refused] == [("SC-KS", "commit_plan"), ("SC-KS", "draw"),
                                                            ("XC-SSJB", "draw")]
    assert lead_words in refused[1][2] and "第二十二条(一)(二)" in refused[2][2]


def test_an_ordinary_plan_is_drawn_by_a_section_or_the_office_and_never_by_an_inspector(workspace: Path) -> None:
    """许昌 第十条 names no one who draws; 第十三条 names the sections and the office (the profile's reading)."""
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    code, _, err = run("commit", plan, "--store", store, *section(workspace))
    assert code == 0, err
    code, _, err = run("draw", plan, "3 5 1 6", "--store", store, "--as", str(workspace / "actors" / "XC001.toml"))
    assert code == 2 and "许应急〔2023〕14号 第十条、第十三条 gives it to 承办股室、双随机办" in err, err
    code, _, err = run("draw", plan, "3 5 1 6", "--store", store, *section(workspace))
    assert code == 0, err


def test_an_inspector_recording_another_teams_inspection_is_refused_citing_xuchang(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    drawn = json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8"))
    on_some_team = {p for team in drawn["teams"].values() for p in team}
    outsider = next(f"XC{n:03d}" for n in range(1, 13) if f"XC{n:03d}" not in on_some_team)
    code, out, err = run("record", plan, str(workspace / "results.csv"), "--store", store, "--format", "json",
                         "--as", str(workspace / "actors" / f"{outsider}.toml"))
    assert code == 1, err
    done = json.loads(out)
    assert done["ledger_entries"] == [] and done["refused"]
    words = "(许应急〔2023〕14号 第二条 “谁监管谁反馈、谁监管谁负责”)"
    assert all(f"{outsider} was not on the team" in x["problem"] and words in x["problem"] for x in done["refused"])
    assert {(who, action) for who, action, _ in _refused(store)} == {(outsider, "record_result")}


# -- a named team leader (组长负责制), and a profile that states no check ----------------------------------------

LEADING = textwrap.dedent('''
    """A local profile for the tests: 周口市 under 河南, whose teams have a leader (an illustration of the format,
    not a real document). It states none of the checks beyond the role."""
    import datetime as dt

    from random_inspection.model import Document, Jurisdiction, ResultCode, ResultScheme
    from random_inspection.profiles import Profile, Rule, hookimpl

    DOC = Document("周口市应急管理局“双随机、一公开”监管工作细则（示例）", doc_number="周应急〔2025〕1号",
                   issuer="周口市应急管理局", issued=dt.date(2025, 3, 1), effective_from=dt.date(2025, 3, 1))
    RULES = (
        Rule("draw.fixed_count", 3, DOC.cite("第八条"), "每次随机抽取3户企业"),
        Rule("team.leader", True, DOC.cite("第九条"), "检查组实行组长负责制"),
        Rule("results.scheme", ResultScheme(
            "周口 检查结果", (ResultCode(1, "no_violation_found", "未发现违法违规情况"),), DOC.cite("第十条")),
            DOC.cite("第十条")),
    )


    @hookimpl
    def random_inspection_profile():
        return Profile("zhoukou", "周口市应急管理局", Jurisdiction("411600", "周口市", "市", "410000"), "henan",
                       (DOC,), RULES)
''')


def test_a_teams_leader_is_its_first_member_where_the_profile_has_one() -> None:
    hebi, xuchang = REGISTRY.resolve("hebi", AS_OF["hebi"]), REGISTRY.resolve("xuchang", AS_OF["xuchang"])
    teams = {"S1": ("B", "A"), "S2": ("C",)}
    assert team_leaders(hebi, teams) == {"S1": "B", "S2": "C"}  # 鹤壁 六(三) 联合检查组实行组长负责制
    assert team_leaders(xuchang, teams) == {}  # 许昌 names no leader: none is made up
    assert team_leader(hebi, ()) is None


def test_a_local_profile_names_the_leader_and_labels_its_checks_as_assumptions(workspace: Path) -> None:
    folder = workspace / "my-profiles"
    folder.mkdir()
    (folder / "zhoukou.py").write_text(LEADING, encoding="utf-8")
    plan = workspace / "zhoukou.toml"
    plan.write_text((workspace / "plan.toml").read_text(encoding="utf-8")
                    .replace('profile = "xuchang"', 'profile = "zhoukou"'), encoding="utf-8")
    store, local = str(workspace / "store.sqlite3"), ("--profiles-dir", str(folder))
    code, _, err = run("commit", str(plan), "--store", store, *local, *section(workspace))
    assert code == 0, err
    code, out, err = run("draw", str(plan), "3 5 1 6", "--store", store, *local, "--format", "json",
                         *office(workspace))
    assert code == 0, err
    shown = json.loads(out)
    teams = shown["draw"]["teams"]
    assert shown["leaders"] == {subject: team[0] for subject, team in teams.items()}
    # the leader is named beside the draw, which verifies as it is: the team's order is the draw's (draw-v1 §7)
    drawn = Path(shown["file"])
    assert json.loads(drawn.read_text(encoding="utf-8"))["teams"] == teams
    assert run("verify", str(workspace / "XC-2026-12.manifest.json"), str(drawn))[0] == 0
    # zhoukou states no check beyond the role: an inspector of another team is refused, the check labelled
    outsider = next(f"XC{n:03d}" for n in range(1, 13) if all(f"XC{n:03d}" not in t for t in teams.values()))
    results = workspace / "zhoukou-results.csv"
    results.write_text("统一社会信用代码,检查结束,检查结果\n" + "".join(f"{s},2026-12-10,1\n" for s in teams),
                       encoding="utf-8")
    code, out, err = run("record", str(plan), str(results), "--store", store, *local,
                         "--format", "json", "--as", str(workspace / "actors" / f"{outsider}.toml"))
    assert code == 1, err
    problems = [x["problem"] for x in json.loads(out)["refused"]]
    assert problems and all(f"(assumed: {Check.OWN_INSPECTION.assumption}; {ASSUMED})" in p for p in problems)
    assert all("〔" not in p for p in problems)  # no bureau's document named for a check zhoukou does not state
    # and the redraw's text output marks each team's leader
    code, out, err = run("draw", str(plan), "1 1 1 1", "--store", store, *local, "--reason", "重抽",
                         *office(workspace))
    assert code == 0, err
    assert out.count("（组长）") == len(teams)


def test_a_lead_drawing_its_partners_inspectors_is_refused_where_the_document_says_each_picks_its_own() -> None:
    """许昌 第二十二条(三) 各部门自行选派抽查人员: a joint plan's lead draws its own inspectors only, each
    partner its own in its team plan; 鹤壁 五(一), whose one office draws from one 执法人员库, states no such
    check, and a joint plan naming its departments may hold them all."""
    both = Context(departments=("yjj", "scjgj"), inspector_departments=frozenset({"yjj", "scjgj"}),
                   occasion=Occasion.JOINT_LEAD)
    lead = Actor("YJ-KS", "业务科室", Role.UNDERTAKING_SECTION, "yjj")
    reason = _refusal(permissions("xuchang"), lead, Action.COMMIT_PLAN, both)
    assert "the manifest holds inspectors of scjgj, not of the department that draws it, yjj" in reason
    assert "许应急〔2023〕14号 第二十二条(三)、第二十三条(二) “各部门自行选派抽查人员”" in reason
    permissions("xuchang").check(lead, Action.COMMIT_PLAN, attrs.evolve(both, inspector_departments=frozenset({"yjj"})))
    office = Actor("HB-LHB", "联合抽查办公室", Role.JOINT_OFFICE, "yjj")
    permissions("hebi").check(office, Action.COMMIT_PLAN, attrs.evolve(both, occasion=Occasion.ORDINARY))
    reason = _refusal(permissions("hebi"), office, Action.COMMIT_PLAN,
                      attrs.evolve(both, occasion=Occasion.ORDINARY, inspector_departments=frozenset({"gaj"})))
    assert "not of the plan's departments yjj, scjgj (assumed:" in reason
