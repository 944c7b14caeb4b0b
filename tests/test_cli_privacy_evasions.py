"""Personal data written to dodge the filter, typed where a clerk types free text on the command line: a redraw
reason (refused before it is recorded), a subject's opinion and a finding's note (filed as given; `export` then
writes no public file). Each refusal names the field and says, in English and in Chinese, what to remove; the
error never repeats the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_support import committed_and_drawn, inspectors, make_workspace, office, run
from tests.test_cli_privacy import entries as ledger
from tests.test_cli_privacy import opinions_plan, opinions_published, results_with_opinion  # noqa: F401 (fixtures)
from tests.test_privacy_evasions import ID_X

SUBJECT = "91411024980L3L5A1K"  # drawn with 3 5 1 6; team XC001、XC011; items YJ-006、YJ-001、YJ-003

HINTS = {  # what the error names, and what it says to remove, in English and in Chinese
    "messenger": ("微信号或QQ号", "remove the WeChat or QQ account", "删去微信号或QQ号及其标注"),
    "email": ("电子邮箱", "remove the e-mail address", "删去电子邮箱地址"),
    "mobile": ("手机号码", "remove the phone number", "删去电话号码，无论怎样书写"),
    "id18": ("公民身份号码", "remove the 公民身份号码", "删去公民身份号码（"),
}
EVASIONS = {  # as typed, and the kind found
    "vx and a space": ("负责人vx zhangsan88", "messenger"),
    "wechat and a space": ("联系wechat zs88888", "messenger"),
    "V信 and a space": ("V信 zs888", "messenger"),
    "weixin and a colon": ("weixin: abc_123", "messenger"),
    "QQ and a space": ("原联系QQ 12345678", "messenger"),
    "AT and DOT": ("邮箱 zhang AT 163 DOT com", "email"),
    "a # for the @": ("邮箱zhang#163.com", "email"),
    "full-width ＠ and ．": ("邮箱zhang＠163．com", "email"),
    "(at)": ("zhang(at)163.com", "email"),
    "full-width digits": ("电话１３８００１３８０００", "mobile"),
    "spaced mobile": ("电话138 0013 8000", "mobile"),
    "hyphenated mobile": ("电话138-0013-8000", "mobile"),
    "mobile in another grouping": ("电话1380 013 8000", "mobile"),
    "zero-width spaces in a mobile": ("电话138\u200b0013\u200b8000", "mobile"),
    "mobile in Chinese numerals": ("电话一三八〇〇一三八〇〇〇", "mobile"),
    "mobile with letters for digits": ("电话l38 OOl3 8OOO", "mobile"),
    "ID with letters for digits": ("身份证" + ID_X.replace("0", "O"), "id18"),
    "ID with a lower-case x": (f"身份证{ID_X.lower()}", "id18"),
    "zero-width spaces in an ID": ("身份证" + "\u200b".join(ID_X), "id18"),
}
SECRETS = ("zhangsan", "zs88", "abc_123", "12345678", "163", "0013", "一三八", ID_X[6:14], "OOl3",
           ID_X.replace("0", "O")[6:14])


def refused(err: str, field: str, kind: str, remove: str) -> None:
    assert field in err and kind in err and remove in err
    assert not any(secret in err for secret in SECRETS)  # the error never repeats the data


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def test_a_redraw_reason_written_to_dodge_the_filter_is_refused_before_it_is_recorded(workspace: Path) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    before = ledger(store)
    for leak, (reason, found) in EVASIONS.items():
        kind, english, chinese = HINTS[found]
        for language, remove, words in (("en", english, "nothing was published"), ("zh", chinese, "未公开任何内容")):
            code, _, err = run("--lang", language, "draw", plan, "6 6 6 6", "--store", store, "--reason",
                               f"骰子被碰动，{reason}", *office(workspace))
            assert code == 2, (leak, err)
            refused(err, "redraw of plan XC-2026-12", kind, remove)
            assert words in err and (english in err) == (language == "en"), (leak, err)
            assert (chinese in err) == (language == "zh"), (leak, err)
    assert ledger(store) == before  # nothing recorded


def test_a_redraw_reason_citing_article_numbers_is_recorded(workspace: Path) -> None:
    """Article numbers listed with 、 once read as a mobile number in groups (their digits made 11 starting 1[3-9])."""
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    before = len(ledger(store))
    code, _, err = run("draw", plan, "6 6 6 6", "--store", store, "--reason",
                       "骰子被碰动，依据《安全生产法》第18、101、102、109条重新抽取", *office(workspace))
    assert code == 0, err
    assert len(ledger(store)) > before


def test_an_opinion_written_to_dodge_the_filter_keeps_every_public_file_unwritten(
    workspace: Path, opinions_published: str  # noqa: F811 (the fixture)
) -> None:
    plan, store = opinions_plan(workspace, opinions_published)
    committed_and_drawn(workspace, plan, store)
    out = workspace / "out"
    for leak in ("vx and a space", "AT and DOT", "mobile in another grouping", "ID with a lower-case x",
                 "mobile with letters for digits"):
        opinion, found = EVASIONS[leak]
        kind, english, chinese = HINTS[found]
        code, _, err = run("record", plan, results_with_opinion(workspace, opinion), "--store", store,
                           *inspectors(workspace))
        assert code == 0, err  # filed as the subject gave it
        code, stdout, err = run("--lang", "en", "export", plan, "--store", store, "--out", str(out))
        assert code == 2 and stdout == "" and not out.exists(), (leak, err)
        refused(err, "inspections[0].opinion", kind, english)
        code, _, err = run("--lang", "zh", "export", plan, "--store", store, "--out", str(out))
        assert code == 2 and not out.exists()
        refused(err, "inspections[0].opinion", kind, chinese)
    code, _, err = run("record", plan, results_with_opinion(workspace, "对检查结果无异议，联系方式已登记"), "--store",
                       store, *inspectors(workspace))
    assert code == 0, err
    code, _, err = run("export", plan, "--store", store, "--out", str(out))
    assert code == 0, err


@pytest.mark.parametrize("leak", ["wechat and a space", "a # for the @", "mobile in Chinese numerals",
                                  "zero-width spaces in an ID", "ID with letters for digits"])
def test_a_finding_written_to_dodge_the_filter_keeps_every_public_file_unwritten(workspace: Path,
                                                                                 leak: str) -> None:
    plan, store = str(workspace / "plan.toml"), str(workspace / "store.sqlite3")
    committed_and_drawn(workspace, plan, store)
    code, _, err = run("record", plan, str(workspace / "results.csv"), "--store", store, *inspectors(workspace))
    assert code == 0, err
    note, found = EVASIONS[leak]
    kind, english, chinese = HINTS[found]
    code, _, err = run("step", "finding", plan, SUBJECT, "--item", "YJ-006", "--hazard", "--note",
                       f"安全出口堵塞，{note}", "--rectify-by", "2027-01-15", "--date", "2026-12-30", "--store", store,
                       "--as", str(workspace / "actors" / "XC001.toml"))
    assert code == 0, err  # filed as the inspector wrote it
    out = workspace / "out"
    for language, remove in (("en", english), ("zh", chinese)):
        code, stdout, err = run("--lang", language, "export", plan, "--store", store, "--out", str(out))
        assert code == 2 and stdout == "" and not out.exists(), err
        refused(err, ".problems[0].note", kind, remove)
