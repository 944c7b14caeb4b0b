"""A form's title comes from the profile that files it: a rule words its key's title (``Rule.title``), a duty words a
library obligation, and the catalogue's own titles are neutral. Plans committed while the catalogue quoted the
forms still run (their fingerprint is recognised), and 鹤壁's and 冷水滩's rules fingerprint as before."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.model import Action, Document, Jurisdiction, Role
from random_inspection.profiles import CATALOGUE, Profile, ProfileRegistry, ResolvedProfile, Rule
from random_inspection.store import committed
from random_inspection.timelimits import Days
from tests import test_cli_steps as steps
from tests.cli_support import make_workspace, run

D = dt.date
DOC = Document("测试文件", doc_number="测试〔2025〕1号", effective_from=D(2025, 1, 1))
FORM_TITLES = ("联合抽查记录表", "登记备案表", "满意度反馈卡")


def _local(*rules: Rule) -> ResolvedProfile:
    from tests.test_profiles import plugin

    profile = Profile("sixth", "魏都区应急管理局", Jurisdiction("411002", "魏都区", "县区", "411000"), "xuchang",
                      (DOC,), rules)

    return ProfileRegistry(plugins=[("sixth", plugin(profile))]).resolve("sixth", D(2025, 9, 22))


def _rule_data(profile: ResolvedProfile, key: str) -> dict[str, Any]:
    (found,) = [r for r in profile.explain_data()["rules"] if r["key"] == key]
    return found


def test_the_catalogue_and_the_actions_quote_no_form() -> None:
    titles = [CATALOGUE[k].title for k in ("limit.record_handover", "actors.hand_over", "actors.file_form")]
    labels = [Action.HAND_OVER.label, Action.FILE_FORM.label]
    assert not [t for t in (*titles, *labels) for form in FORM_TITLES if form in t]
    assert titles[0] == "移交检查记录" and labels == ["移交检查记录", "报送备案表格"]


@pytest.mark.parametrize(("code", "day", "key", "title", "article"), [
    ("hebi", D(2020, 7, 3), "limit.record_handover", "移交《联合抽查记录表》", "五(五)"),
    ("hebi", D(2020, 7, 3), "actors.hand_over", "移交《联合抽查记录表》：由谁进行", "五(五)"),
    ("lengshuitan", D(2025, 6, 1), "actors.file_form", "报送登记备案表、反馈卡：由谁进行", "第十四条、第十七条"),
])
def test_the_bureau_that_files_the_form_words_its_title(code: str, day: dt.date, key: str, title: str,
                                                        article: str) -> None:
    profile = ProfileRegistry().resolve(code, day)
    assert profile.title(key) == title and _rule_data(profile, key)["title"] == title
    assert profile.rule(key).citation.article == article
    text = profile.explain_text()
    assert f"{key} ({title}): " in text
    assert f"title in the source's words, from {profile.rule(key).citation.short()} " \
           f"(the catalogue's: {CATALOGUE[key].title})" in text


def test_a_profile_that_words_no_title_shows_the_catalogues() -> None:
    profile = _local(Rule("limit.record_handover", Days(10), DOC.cite("第四条")))
    assert profile.title("limit.record_handover") == "移交检查记录"
    assert "title in the source's words" not in profile.explain_text()
    assert profile.title("limit.feedback") == CATALOGUE["limit.feedback"].title  # a key the profile sets elsewhere


@given(st.text(min_size=1).filter(str.strip))
def test_a_rule_title_is_shown_as_given(title: str) -> None:
    profile = _local(Rule("limit.record_handover", Days(10), DOC.cite("第四条"), title=title))
    assert profile.title("limit.record_handover") == title


@pytest.mark.parametrize("title", ["", "  ", 3])
def test_a_blank_title_is_refused(title: object) -> None:
    with pytest.raises(InvalidInputError, match="is blank or no text"):
        Rule("limit.record_handover", Days(10), DOC.cite("第四条"), title=title)  # type: ignore[arg-type]


def test_the_former_titles_give_the_fingerprint_an_earlier_version_made() -> None:
    """Where the profile words the title itself (鹤壁), the fingerprint is the one it always was; where it does not,
    the former catalogue titles give back the earlier fingerprint, and only those keys' titles differ."""
    former = committed.former_catalogue_titles()
    assert set(former) == {"limit.record_handover", "actors.hand_over", "actors.file_form"}
    hebi = ProfileRegistry().resolve("hebi", D(2020, 7, 3))
    assert hebi.fingerprint(former) == hebi.fingerprint()
    local = _local(Rule("limit.record_handover", Days(10), DOC.cite("第四条")),
                   Rule("actors.hand_over", (Role.INSPECTOR,), DOC.cite("第四条")))
    assert local.fingerprint(former) != local.fingerprint()
    data = local.explain_data()
    for rule in data["rules"]:
        rule["title"] = former.get(rule["key"], rule["title"])
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert local.fingerprint(former) == "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_a_plan_committed_under_the_former_titles_still_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan of a local profile setting limit.record_handover, committed as the earlier version did (its
    fingerprint made with the catalogue's former title): obligations still reads it; a fingerprint of other rules
    is still refused."""
    original = ResolvedProfile.fingerprint

    def as_before(self: ResolvedProfile, former_titles: Any = None) -> str:
        return original(self, committed.former_catalogue_titles())

    workspace = make_workspace(tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(ResolvedProfile, "fingerprint", as_before)
        plan, store, local = steps._recorded(workspace, "letters")
    code, out, err = run("obligations", plan, "--store", store, "--on", "2027-01-12", *local, "--format", "json")
    assert code == 0, err
    assert {r["duty"] for r in json.loads(out) if r["key"] == "record_handover"} == {"将检查记录移交联合抽查办公室"}
    monkeypatch.setattr(committed, "former_catalogue_titles", lambda: {"limit.record_handover": "另一标题"})
    code, _, err = run("obligations", plan, "--store", store, "--on", "2027-01-12", *local)
    assert code == 2 and "other rules" in err
