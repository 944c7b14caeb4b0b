"""冷水滩 第十四条 through the command line: the inspector who owes the 回避 declares it, only their own; whoever takes
the place is the draw's pick (a replacement, a member of another team or an expert of the plan's committed
roster), exactly as draw-v1 §7a and draw-v3 §3 say; every refused attempt is recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest

from random_inspection.io.rosters import read_inspectors, write_roster

from . import draw_verifier as independent
from .cli_support import make_workspace, office, run, section

ISSUER = "冷水滩区人民政府司法局"

EXPERTS = """
[[expert]]
id = "ZJ-01"
name = "专家甲某"
specialties = ["非煤矿山"]

[[expert]]
id = "ZJ-02"
name = "专家乙某"

[[expert]]
id = "ZJ-03"
name = "专家丙某"
specialties = ["危险化学品"]
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def _lengshuitan(workspace: Path, experts: str = EXPERTS, way: str | None = "swap",
                 team_size: int = 2) -> tuple[str, str]:
    """The example plan under 冷水滩 (four subjects, teams of ``team_size``), with the expert roster given and
    every recusal's ``way`` fixed before the dice (``[recusal]``), committed and drawn."""
    plan = workspace / "plan.toml"
    roster = workspace / "rosters" / "inspectors.xlsx"  # 第九条: the 执法证 issued by the 区司法局, as the roster says
    people = read_inspectors(roster).records
    write_roster(roster, "inspectors", [attrs.evolve(p, certificate=attrs.evolve(p.certificate, issuer=ISSUER))
                                        for p in people])
    text = plan.read_text(encoding="utf-8").replace('profile = "xuchang"', 'profile = "lengshuitan"')
    fixed = "" if way is None else f'\n[recusal]\nway = "{way}"\n'
    plan.write_text(text.replace("team_size = 2\n", f"team_size = {team_size}\ncount = 4\n") + experts + fixed,
                    encoding="utf-8")
    store = str(workspace / "store.sqlite3")
    for args in (("commit", str(plan), "--store", store, *section(workspace)),
                 ("draw", str(plan), "3 5 1 6", "--store", store, *office(workspace))):
        code, _, err = run(*args)
        assert code == 0, err
    return str(plan), store


def _as(workspace: Path, name: str) -> tuple[str, str]:
    return "--as", str(workspace / "actors" / f"{name}.toml")


def _json(workspace: Path, name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((workspace / f"XC-2026-12.{name}.json").read_text(encoding="utf-8"))
    return loaded


def _entries(store: str) -> list[dict[str, Any]]:
    code, out, err = run("ledger", "show", "--store", store, "--format", "json")
    assert code == 0, err
    entries: list[dict[str, Any]] = json.loads(out)
    return entries


def _by_spec(workspace: Path, requests: list[dict[str, str]]) -> dict[str, Any]:
    """The draw with ``requests`` applied, by the independent verifier written from the spec alone."""
    drawn = _json(workspace, "draw")
    return independent.run(_json(workspace, "manifest"), drawn["public_input"], requests, drawn["conflicts"])


def test_an_inspector_declaring_anothers_recusal_is_refused_and_recorded(workspace: Path) -> None:
    plan, store = _lengshuitan(workspace, way="replace")
    teams: dict[str, list[str]] = _json(workspace, "draw")["teams"]
    subject, team = next(iter(teams.items()))
    other = next(f"XC{i:03d}" for i in range(1, 13) if f"XC{i:03d}" not in team)
    for declarer in (other, team[1], "xc-office"):  # not on the team; on it, for a colleague; the 双随机办
        code, _, err = run("recuse", plan, subject, team[0], "--method", "replace", "--reason", "利害关系",
                           "--store", store, *_as(workspace, declarer))
        assert code == 2 and "recusal" in err and "the refusal is recorded" in err, err
        last = _entries(store)[-1]
        assert last["kind"] == "refused" and last["payload"]["action"] == "recusal"
        if declarer != "xc-office":
            assert f"{declarer} is not on the team of the recusal ({team[0]})" in err
            assert "declares only their own recusal" in err and "第十四条" in err
        else:
            assert "may not recusal" in err and "执法检查人员" in err  # the 双随机办 is not the one who owes it
    refused = [e["actor"]["id"] for e in _entries(store) if e["kind"] == "refused"]
    assert refused[:2] == [other, team[1]] and len(refused) == 3
    code, out, err = run("recuse", plan, subject, team[0], "--method", "replace", "--reason", "利害关系",
                         "--store", store, "--format", "json", *_as(workspace, team[0]))
    assert code == 0, err  # their own recusal: declared by the inspector who owes it
    assert team[0] not in json.loads(out)["team"] and _entries(store)[-1]["kind"] == "recusal"


@pytest.mark.parametrize("way", ["replace", "swap"])
def test_a_declared_recusal_changes_the_team_exactly_as_the_spec_says(workspace: Path, way: str) -> None:
    plan, store = _lengshuitan(workspace, way=way)
    teams: dict[str, list[str]] = _json(workspace, "draw")["teams"]
    requests: list[dict[str, str]] = []
    subjects = list(teams)
    for subject, method in ((subjects[0], way), (subjects[1], way)):
        moved = {x for r in requests for x in (r["inspector"], *_by_spec(workspace, requests)["teams"][r["subject"]])}
        leaving = next(m for m in _by_spec(workspace, requests)["teams"][subject] if m not in moved)
        request = {"subject": subject, "inspector": leaving, "method": method, "reason": "利害关系"}
        requests.append(request)
        expected = _by_spec(workspace, requests)
        code, out, err = run("recuse", plan, subject, leaving, "--method", method, "--reason", "利害关系",
                             "--details", "其配偶在该企业任职", "--store", store, "--format", "json",
                             *_as(workspace, leaving))
        assert code == 0, err
        got = json.loads(out)
        assert got["team"] == expected["teams"][subject] and leaving not in got["team"]
        assert (got["replacement"], got["with_subject"]) == (expected["recusals"][-1]["replacement"],
                                                            expected["recusals"][-1]["with_subject"])
    out_dir = workspace / "out"
    code, _, err = run("export", plan, "--store", store, "--out", str(out_dir))
    assert code == 0, err
    public = json.loads((out_dir / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert [r["method"] for r in public["draw"]["recusals"]] == [way, way]
    published = "".join(p.read_text(encoding="utf-8") for p in (out_dir / "public").rglob("*")
                        if p.is_file() and p.suffix in (".json", ".html"))
    assert "其配偶在该企业任职" not in published and "专家甲某" not in published


def test_a_swap_with_an_expert_is_the_draws_pick_and_published_by_its_category(workspace: Path) -> None:
    plan, store = _lengshuitan(workspace, team_size=3)  # an expert may take one place of three (第四十二条)
    manifest = _json(workspace, "manifest")
    assert manifest["algorithm"] == "draw-v3" and [e["id"] for e in manifest["experts"]] == ["ZJ-01", "ZJ-02", "ZJ-03"]
    teams: dict[str, list[str]] = _json(workspace, "draw")["teams"]
    pick = next(((s, m) for s, team in teams.items() for m in team
                 if _by_spec(workspace, [{"subject": s, "inspector": m, "method": "swap", "reason": "利害关系"}])
                 ["recusals"][0]["with_subject"] is None), None)
    assert pick is not None, "no swap of this draw goes to an expert"
    subject, leaving = pick
    code, out, err = run("recuse", plan, subject, leaving, "--method", "swap", "--reason", "利害关系", "--store",
                         store, "--format", "json", *_as(workspace, leaving))
    assert code == 0, err
    got = json.loads(out)
    assert got["replacement"].startswith("ZJ-") and got["with_subject"] is None and got["replacement"] in got["team"]
    assert all(leaving in t for s, t in teams.items() if s != subject and leaving in t)  # no other team changed
    out_dir = workspace / "out"
    code, _, err = run("export", plan, "--store", store, "--out", str(out_dir))
    assert code == 0, err
    page = (out_dir / "public" / "disclosure.html").read_text(encoding="utf-8")
    assert "与专家交换检查对象" in page and "专家甲某" not in page and "专家乙某" not in page


def test_an_expert_roster_under_a_profile_that_allows_no_expert_swap_is_refused(workspace: Path) -> None:
    plan = workspace / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8") + EXPERTS, encoding="utf-8")  # 许昌: no such rule
    code, _, err = run("commit", str(plan), "--store", str(workspace / "store.sqlite3"), *section(workspace))
    assert code == 2 and "recusal.expert_swap" in err


# attacks on recusal (draw-v3 §3) through the command line ----------------------------------------------------------


def _recuse(workspace: Path, plan: str, store: str, subject: str, who: str, *method: str) -> tuple[int, str, str]:
    code, out, err = run("recuse", plan, subject, who, *method, "--reason", "利害关系", "--store", store,
                         "--format", "json", *_as(workspace, who))
    return code, out, err


def test_the_declarer_cannot_choose_the_way_after_seeing_the_draw(workspace: Path) -> None:
    """Both outcomes of a recusal are computable from the public manifest: a declarer who chose the way after the
    dice would choose where they land. The plan fixes it before the dice ([recusal] way), in the manifest."""
    plan, store = _lengshuitan(workspace, way="swap")
    assert _json(workspace, "manifest")["recusal_way"] == "swap"
    subject, team = next(iter(_json(workspace, "draw")["teams"].items()))
    code, _, err = _recuse(workspace, plan, store, subject, team[0], "--method", "replace")
    assert code == 2 and "fixed the way of every recusal as 'swap'" in err, err
    assert _entries(store)[-1]["kind"] != "recusal"
    code, out, err = _recuse(workspace, plan, store, subject, team[0])  # no --method: the plan's way
    assert code == 0, err
    assert json.loads(out)["method"] == "swap" and json.loads(out)["with_subject"] is not None


def test_a_plan_with_experts_must_state_the_way_before_the_dice(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    with pytest.raises(AssertionError, match=r"\[recusal\].*does not state the way"):
        _lengshuitan(workspace, way=None)


def test_an_inspector_who_moved_by_a_swap_cannot_recuse_again(workspace: Path) -> None:
    """Chained recusals: the inspector swapped away, then recused from where they landed (moving on again), and
    the member swapped in recused from the place they reached: both refused, and each refusal recorded."""
    plan, store = _lengshuitan(workspace, way="swap")
    subject, team = next(iter(_json(workspace, "draw")["teams"].items()))
    code, out, err = _recuse(workspace, plan, store, subject, team[0])
    assert code == 0, err
    landed, partner = json.loads(out)["with_subject"], json.loads(out)["replacement"]
    for place, who in ((landed, team[0]), (subject, partner)):
        code, _, err = _recuse(workspace, plan, store, place, who)
        assert code == 2 and "the refusal is recorded" in err, err
        assert "recused before" in err or "reached the team" in err
        last = _entries(store)[-1]
        assert last["kind"] == "refused" and last["payload"]["action"] == "recusal"
    assert [e["kind"] for e in _entries(store)].count("recusal") == 1


def test_a_recusal_without_an_interest_declared_before_the_draw_is_flagged_publicly(workspace: Path) -> None:
    plan, store = _lengshuitan(workspace, way="replace")
    subject, team = next(iter(_json(workspace, "draw")["teams"].items()))
    code, _, err = _recuse(workspace, plan, store, subject, team[0])
    assert code == 0, err
    out_dir = workspace / "out"
    code, _, err = run("export", plan, "--store", store, "--out", str(out_dir))
    assert code == 0, err
    public = json.loads((out_dir / "public" / "disclosure.json").read_text(encoding="utf-8"))
    (recusal,) = public["draw"]["recusals"]
    assert recusal["no_interest_declared_before_draw"] is True  # nothing committed in the manifest's tags
    assert "抽取前未申报利害关系" in (out_dir / "public" / "disclosure.html").read_text(encoding="utf-8")


def test_renaming_an_expert_after_the_draw_is_refused(workspace: Path) -> None:
    """The manifest commits a salted tag of each expert's name (and ID number): the roster id cannot be put on
    another person after the dice. The disclosure still shows the category and the id only."""
    plan, store = _lengshuitan(workspace, way="swap", team_size=3)
    tags = {e["id"]: e["identity_tag"] for e in _json(workspace, "manifest")["experts"]}
    manifest_text = json.dumps(_json(workspace, "manifest"), ensure_ascii=False)
    assert len(set(tags.values())) == 3 and "专家甲某" not in manifest_text
    path = Path(plan)
    path.write_text(path.read_text(encoding="utf-8").replace("专家甲某", "另一个人"), encoding="utf-8")
    subject, team = next(iter(_json(workspace, "draw")["teams"].items()))
    code, _, err = _recuse(workspace, plan, store, subject, team[0])
    assert code == 2 and "ZJ-01" in err and "not those committed" in err, err
    code, _, err = run("export", plan, "--store", store, "--out", str(workspace / "out"))
    assert code == 2 and "ZJ-01" in err and "not those committed" in err, err


def test_a_swap_with_an_expert_never_leaves_a_team_of_two_with_one_officer(workspace: Path) -> None:
    """行政处罚法 第四十二条: 执法人员不得少于两人. In teams of two, a swap never goes to an expert (an expert is no
    执法人员): every swap of the draw, by the spec, goes to another team's inspector."""
    plan, store = _lengshuitan(workspace, way="swap", team_size=2)
    teams: dict[str, list[str]] = _json(workspace, "draw")["teams"]
    for s, team in teams.items():
        for m in team:
            try:
                done = _by_spec(workspace, [{"subject": s, "inspector": m, "method": "swap",
                                             "reason": "利害关系"}])["recusals"][0]
            except ValueError:
                continue  # min() of no option: the engine refuses it too
            assert not done["replacement"].startswith("ZJ-") and done["with_subject"] is not None
    subject, team = next(iter(teams.items()))
    code, out, err = _recuse(workspace, plan, store, subject, team[0])
    assert code == 0, err
    got = json.loads(out)
    assert sum(1 for m in got["team"] if not m.startswith("ZJ-")) == 2
