"""A plan departs from a rule its source words as a default (原则上, 一般, 可以) only with a recorded reason, through
the command line as a bureau's section would: the departure goes into the ledger with the commit, before the dice,
and the pre-draw notice and the ledger listing show it; a departure from a rule that binds is refused before
anything is recorded; a departure added after the commit, to the same manifest, is a new commit that needs a reason
and shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from random_inspection.io.tables import read_csv
from tests.cli_support import ENROLLED, make_workspace, now, office, run, section

NON_COOPERATION = '''
[[departure]]
key = "results.non_cooperation"
value = "本次抽查不适用第十八条所列情形认定"
reason = "本次抽查为书面核查，不进入企业现场"
'''

BINDING = '''
[[departure]]
key = "draw.min_ratio"
value = "抽取比例5%"
reason = "年底执法力量不足"
'''


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def _plan(workspace: Path, extra: str) -> tuple[str, str]:
    plan = workspace / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return str(plan), str(workspace / "store.sqlite3")


def _entries(store: str) -> list[dict[str, object]]:
    code, out, err = run("ledger", "show", "--store", store, "--format", "json")
    assert code == 0, err
    entries: list[dict[str, object]] = json.loads(out)[ENROLLED:]
    return entries


def test_a_departure_from_a_default_is_committed_with_its_reason_and_posted(workspace: Path) -> None:
    plan, store = _plan(workspace, NON_COOPERATION)
    code, out, err = run("check", plan)
    assert code == 0, out + err
    code, _, err = run("commit", plan, "--store", store, *section(workspace))
    assert code == 0, err
    notice = json.loads((workspace / "XC-2026-12.notice.json").read_text(encoding="utf-8"))
    assert notice["commits"][0]["departures"] == [{
        "key": "results.non_cooperation", "value": "本次抽查不适用第十八条所列情形认定",
        "reason": "本次抽查为书面核查，不进入企业现场"}]
    page = (workspace / "XC-2026-12.notice.html").read_text(encoding="utf-8")
    assert "本次抽查为书面核查，不进入企业现场" in page and "偏离" in page
    listing = workspace / "listing.json"
    code, _, err = run("ledger", "publish", "--store", store, "--out", str(listing))
    assert code == 0, err
    assert "本次抽查为书面核查，不进入企业现场" in listing.read_text(encoding="utf-8")  # public before the dice


def test_a_departure_from_a_binding_rule_is_refused_before_anything_is_recorded(workspace: Path) -> None:
    plan, store = _plan(workspace, BINDING)
    code, out, err = run("check", plan)
    assert code != 0 and "departs from draw.min_ratio, which 许应急〔2023〕14号 第十二条 sets as binding" in out + err
    code, _, err = run("commit", plan, "--store", store, *section(workspace))
    assert code != 0 and "sets as binding" in err
    assert _entries(store) == []


def test_a_departure_added_after_the_commit_is_a_new_commit_that_needs_a_reason(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    code, _, err = run("commit", plan, "--store", store, *section(workspace))
    assert code == 0, err
    _plan(workspace, NON_COOPERATION)  # the same rosters and options: the same manifest, now with a departure
    code, _, err = run("commit", plan, "--store", store, *section(workspace))
    assert code != 0 and "give the reason" in err
    code, _, err = run("commit", plan, "--store", store, "--reason", "补记偏离情形", *section(workspace))
    assert code == 0, err
    commits = [e for e in _entries(store) if e["kind"] == "plan_committed"]
    assert len(commits) == 2 and commits[0]["payload"]["manifest_hash"] == commits[1]["payload"]["manifest_hash"]  # type: ignore[index]
    notice = json.loads((workspace / "XC-2026-12.notice.json").read_text(encoding="utf-8"))
    assert [c["departures"] != [] for c in notice["commits"]] == [False, True]


def test_the_reports_list_the_departures_the_plan_runs_on(workspace: Path) -> None:
    plan, store = _plan(workspace, NON_COOPERATION)
    for args in (("commit", plan, "--store", store, *section(workspace)),
                 ("draw", plan, "3 5 1 6", "--store", store, *office(workspace))):
        code, _, err = run(*args)
        assert code == 0, err
    out = workspace / "out"
    code, _, err = run("export", plan, "--store", store, "--out", str(out))  # written, not published
    assert code == 0, err
    header, rows = read_csv(out / "reports" / "报告-偏离默认规则.csv")
    assert header == ("规则", "规定", "依据", "限定词", "本计划的做法", "理由")
    assert [r[0] for r in rows] == ["results.non_cooperation"]
    assert rows[0][2:] == ("许应急〔2023〕14号 第十八条", "可以", "本次抽查不适用第十八条所列情形认定",
                           "本次抽查为书面核查，不进入企业现场")


@pytest.mark.parametrize("drawn", [False, True])
def test_a_departure_added_once_the_dice_are_out_is_refused_and_recorded(workspace: Path, drawn: bool) -> None:
    """The insider's attack: loosen a default after seeing the dice (or the draw), same manifest, new departure."""
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    code, _, err = run("commit", plan, "--store", store, *section(workspace))
    assert code == 0, err
    if drawn:
        code, _, err = run("draw", plan, "3 5 1 6", "--store", store, *office(workspace))
        assert code == 0, err
    _plan(workspace, NON_COOPERATION)
    at = now() if drawn else "2026-11-20T11:00:00+08:00"  # after the announced 09:30, and after the draw
    code, _, err = run("commit", plan, "--store", store, "--reason", "补记偏离情形", "--at", at, *section(workspace))
    assert code == 2 and "announces its public input" in err
    kinds = [e["kind"] for e in _entries(store)]
    assert kinds == ["plan_committed", *(["draw_executed"] if drawn else []), "refused"]
    commits = [e for e in _entries(store) if e["kind"] == "plan_committed"]
    assert "departures" not in commits[0]["payload"]  # type: ignore[operator]


def test_a_document_continued_by_configuration_is_recorded_with_the_commit(workspace: Path) -> None:
    """A bureau that runs a plan on a document it keeps in force past its last day says so before the dice: the
    commit records the continuation with its reason, and the notice posts it."""
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    config = workspace / "bureau.toml"
    config.write_text('[[continued]]\nprofile = "xuchang"\ndocument = "许应急〔2023〕14号"\n'
                      'reason = "局务会2026年1月5日决定继续执行至新细则印发"\n', encoding="utf-8")
    code, _, err = run("commit", plan, "--store", store, "--profile-config", str(config), *section(workspace))
    assert code == 0, err
    notice = json.loads((workspace / "XC-2026-12.notice.json").read_text(encoding="utf-8"))
    assert notice["commits"][0]["continued"] == [{"profile": "xuchang", "document": "许应急〔2023〕14号",
                                                  "reason": "局务会2026年1月5日决定继续执行至新细则印发"}]
    page = (workspace / "XC-2026-12.notice.html").read_text(encoding="utf-8")
    assert "局务会2026年1月5日决定继续执行至新细则印发" in page
    # the same plan without the configuration runs on other terms: a new commit, which needs its reason
    code, _, err = run("commit", plan, "--store", store, *section(workspace))
    assert code != 0 and "give the reason" in err


def test_a_step_under_other_rules_than_the_commit_is_refused(workspace: Path) -> None:
    """The insider commits with one registry and draws with another (here: the configuration left out at the draw,
    so 许昌's document is no longer the continued one the plan was committed under). The commit records the
    fingerprint of the rules; the draw resolves to another and is refused; with the same options it goes on."""
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    config = workspace / "bureau.toml"
    config.write_text('[[continued]]\nprofile = "xuchang"\ndocument = "许应急〔2023〕14号"\nreason = "继续执行"\n',
                      encoding="utf-8")
    code, _, err = run("commit", plan, "--store", store, "--profile-config", str(config), *section(workspace))
    assert code == 0, err
    [commit] = [e for e in _entries(store) if e["kind"] == "plan_committed"]
    code, shown, _ = run("explain", "xuchang", "--as-of", "2026-12-01", "--fingerprint",
                         "--profile-config", str(config))
    assert commit["payload"]["profile_rules"] == shown.strip()  # type: ignore[index]  # anyone can recompute it
    code, _, err = run("draw", plan, "3 5 1 6", "--store", store, *office(workspace))
    assert code != 0 and "--profile-config" in err  # the continuation left out is named first
    code, _, err = run("draw", plan, "3 5 1 6", "--store", store, "--profile-config", str(config), *office(workspace))
    assert code == 0, err
