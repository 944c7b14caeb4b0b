"""Personal data through free text, mounted through the command line as an insider would (issue 14, attack 9):
a redraw reason and a subject's opinion carrying phone numbers, ID numbers and a home address. A reason is
refused before it is recorded; a reason recorded before that check existed, and an opinion (recorded as the
subject gave it, published where the profile publishes opinions), keep `export` from writing any public file,
naming the field."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import random_inspection.store.store as store_module
from tests.cli_support import make_workspace, run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

LEAKS = {
    "hyphenated mobile": ("联系人电话138-1234-5678", "手机号码"),
    "+86 mobile": ("请联系 +86 138 1234 5678", "手机号码"),
    "15-digit ID": ("负责人身份证410102900307001已核实", "公民身份号码"),
    "spaced 18-digit ID": ("负责人身份证号 410102 19900307 0019", "公民身份号码"),
    "home address": ("负责人家住建设路12号3号楼2单元501室", "住址"),
    "e-mail": ("联系人邮箱 zhang.san@163.com", "电子邮箱"),
    "WeChat": ("负责人微信：zhangsan_88", "微信号或QQ号"),
}
SECRETS = ("1234", "410102", "501", "zhang")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def entries(store: str) -> list[dict[str, object]]:
    code, out, err = run("ledger", "show", "--store", store, "--format", "json")
    assert code == 0, err
    data: list[dict[str, object]] = json.loads(out)
    return data


def commit_and_draw(workspace: Path, plan: str, store: str) -> None:
    for args in (("commit", plan, "--store", store, "--as", str(workspace / "actors" / "xc-section.toml")),
                 ("draw", plan, "3 5 1 6", "--store", store, "--as", str(workspace / "actors" / "xc-office.toml"))):
        code, _, err = run(*args)
        assert code == 0, err


def redraw(workspace: Path, plan: str, store: str, reason: str) -> tuple[int, str, str]:
    return run("draw", plan, "6 6 6 6", "--store", store, "--reason", reason,
               "--as", str(workspace / "actors" / "xc-office.toml"))


def refused_naming(err: str, field: str, kind: str) -> None:
    assert field in err and kind in err and "nothing was published" in err
    assert not any(secret in err for secret in SECRETS)  # the error never repeats the data


@pytest.mark.parametrize("leak", LEAKS)
def test_a_redraw_reason_with_personal_data_is_refused_before_it_is_recorded(workspace: Path, leak: str) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    commit_and_draw(workspace, plan, store)
    before = entries(store)
    reason, kind = LEAKS[leak]
    code, _, err = redraw(workspace, plan, store, reason)
    assert code == 2
    refused_naming(err, "redraw of plan XC-2026-12: reason", kind)
    assert entries(store) == before  # nothing recorded: the reason never reaches the ledger
    code, _, err = run("export", plan, "--store", store, "--out", str(workspace / "out"))
    assert code == 0, err
    assert json.loads((workspace / "out" / "public" / "disclosure.json").read_text(encoding="utf-8"))["redraws"] == []


@pytest.mark.parametrize("leak", LEAKS)
def test_a_reason_recorded_before_the_check_keeps_every_public_file_unwritten(
    workspace: Path, leak: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    commit_and_draw(workspace, plan, store)
    reason, kind = LEAKS[leak]
    with monkeypatch.context() as m:  # a store written by a version that did not check reasons
        m.setattr(store_module, "_reason", lambda text, where: text.strip())
        code, _, err = redraw(workspace, plan, store, reason)
        assert code == 0, err
    out = workspace / "out"
    code, stdout, err = run("export", plan, "--store", store, "--out", str(out))
    assert code == 2 and stdout == ""
    refused_naming(err, "disclosure: redraws[0].reason", kind)
    assert not out.exists()
    published = len(entries(store))
    code, _, err = run("export", plan, "--store", store, "--out", str(out),
                       "--as", str(workspace / "actors" / "XC002.toml"))
    assert code == 2 and "redraws[0].reason" in err and not out.exists()
    assert len(entries(store)) == published  # no publication recorded
    # what cannot be recorded again can be withheld — that field only, and the disclosure says so
    code, _, err = run("export", plan, "--store", store, "--out", str(out), "--withhold", "draw.seed")
    assert code == 2 and "not a free-text field" in err and not out.exists()
    code, _, err = run("export", plan, "--store", store, "--out", str(out), "--withhold", "redraws[0].reason")
    assert code == 0, err
    public = json.loads((out / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert public["redraws"][0]["reason"] == "（含个人信息，不予公开）"
    assert public["withheld"] == [{"field": "redraws[0].reason", "why": "含个人信息"}]
    assert public["redraws"][0]["manifest_hash"]  # the redraw itself stays in the open
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".html", ".csv"):
            assert reason not in path.read_text(encoding="utf-8-sig")
    assert "redraws[0].reason" in (out / "public" / "disclosure.html").read_text(encoding="utf-8")


def test_a_clean_reason_cannot_be_withheld(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    commit_and_draw(workspace, plan, store)
    code, _, err = redraw(workspace, plan, store, "骰子落地后被碰动，重新投掷")
    assert code == 0, err
    code, _, err = run("export", plan, "--store", store, "--out", str(workspace / "out"),
                       "--withhold", "redraws[0].reason")
    assert code == 2 and "holds no personal data" in err and not (workspace / "out").exists()


@pytest.fixture
def opinions_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A bureau's own profile, installed as a package: 许昌's rules, and the subject's opinion published (as
    冷水滩 第十七条 does)."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "opinions_profile.py").write_text(textwrap.dedent("""
        from random_inspection.model import Document, Jurisdiction, RecordField
        from random_inspection.profiles import Profile, Rule, hookimpl

        DOC = Document("测试文件", doc_number="测试〔2026〕1号")

        @hookimpl
        def random_inspection_profile():
            return Profile("weidu", "魏都区应急管理局", Jurisdiction("411002", "魏都区", "县区", "411000"), "xuchang",
                           (DOC,), (Rule("disclosure.contents", ("检查结果", "被检查对象的意见建议"),
                                         DOC.cite("第一条")),
                                    Rule("disclosure.record_fields", (RecordField.OPINION,), DOC.cite("第一条"))))
    """), encoding="utf-8")
    info = folder / "opinions_profile-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: opinions-profile\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[random_inspection.profiles]\nweidu = opinions_profile\n",
                                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    yield "weidu"
    sys.modules.pop("opinions_profile", None)


def results_with_opinion(workspace: Path, opinion: str) -> str:
    lines = (workspace / "results.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("被检查对象意见")] = opinion
    path = workspace / "results-opinion.csv"
    path.write_text("\n".join([lines[0], ",".join(row)]) + "\n", encoding="utf-8")
    return str(path)


def opinions_plan(workspace: Path, profile: str) -> tuple[str, str]:
    """The workspace's plan under the profile that publishes opinions, and its store."""
    plan_file = workspace / "plan.toml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace('profile = "xuchang"', f'profile = "{profile}"'),
                         encoding="utf-8")
    return str(plan_file), str(workspace / "store.sqlite3")


@pytest.mark.parametrize("leak", LEAKS)
def test_an_opinion_with_personal_data_keeps_every_public_file_unwritten(
    workspace: Path, leak: str, opinions_published: str
) -> None:
    plan, store = opinions_plan(workspace, opinions_published)
    commit_and_draw(workspace, plan, store)
    opinion, kind = LEAKS[leak]
    code, _, err = run("record", plan, results_with_opinion(workspace, opinion), "--store", store,
                       "--as", str(workspace / "actors"))
    assert code == 0, err  # filed as the subject gave it
    out = workspace / "out"
    code, stdout, err = run("export", plan, "--store", store, "--out", str(out))
    assert code == 2 and stdout == ""
    refused_naming(err, "disclosure: inspections[0].opinion", kind)
    assert not out.exists()
    # the fix the error names: record the opinion again without the personal data; the later record is in force
    code, _, err = run("record", plan, results_with_opinion(workspace, "对检查结果无异议，联系方式已登记备案"),
                       "--store", store, "--as", str(workspace / "actors"))
    assert code == 0, err
    code, _, err = run("export", plan, "--store", store, "--out", str(out))
    assert code == 0, err
    public = json.loads((out / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert [i["opinion"] for i in public["inspections"] if i.get("opinion")] == ["对检查结果无异议，联系方式已登记备案"]
