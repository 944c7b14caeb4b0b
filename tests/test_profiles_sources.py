"""Each built-in profile matches its document: every quotation and label is in the source text, every rule
cites the profile's own document at an article the text has."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from random_inspection.model import ChecklistItem
from random_inspection.profiles import ProfileRegistry, Rule

SOURCES = Path(__file__).resolve().parents[1] / "profiles" / "sources"
BUREAUS = ("xuchang", "lengshuitan", "shijiazhuang", "hebi", "yanshi")
_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "“": "\"", "”": "\""})


def normal(text: str) -> str:
    """Compare texts without white space and with one form of each punctuation mark (the transcriptions mix
    ASCII and full-width commas and brackets)."""
    return re.sub(r"\s+", "", text).translate(_PUNCT).replace("\"", "")


@pytest.fixture(scope="module")
def registry() -> ProfileRegistry:
    return ProfileRegistry()


def _rules(registry: ProfileRegistry, code: str) -> tuple[Rule, ...]:
    return registry.profile(code).rules


@pytest.mark.parametrize("code", BUREAUS)
def test_every_quote_is_in_the_source(registry: ProfileRegistry, code: str) -> None:
    source = normal((SOURCES / f"{code}.txt").read_text(encoding="utf-8"))
    missing = [
        (rule.key, fragment)
        for rule in _rules(registry, code) if rule.quote
        for fragment in rule.quote.split("……")
        if normal(fragment) not in source
    ]
    assert missing == []


@pytest.mark.parametrize("code", BUREAUS)
def test_every_text_value_is_in_the_source(registry: ProfileRegistry, code: str) -> None:
    """Texts taken from the document are found there, but for the few keys in SUMMARISED."""
    source = normal((SOURCES / f"{code}.txt").read_text(encoding="utf-8"))
    missing = []
    for rule in _rules(registry, code):
        if rule.key in SUMMARISED:
            continue
        texts = rule.value if isinstance(rule.value, tuple) else (rule.value,)
        texts = tuple(t.name if isinstance(t, ChecklistItem) else t for t in texts)
        for text in texts:
            if isinstance(text, str) and normal(text) not in source:
                missing.append((rule.key, text))
    assert missing == []


# Values that summarise the source rather than copy it; each was checked by hand against its article.
SUMMARISED = {
    "checklist.areas",  # 偃师 三: ten long paragraphs, each named by its subject
    "forms.filed",  # 冷水滩 第十四、十七条: each form's name with how it is filed
}


@pytest.mark.parametrize("code", BUREAUS)
def test_rules_cite_the_profiles_own_document(registry: ProfileRegistry, code: str) -> None:
    profile = registry.profile(code)
    (document,) = profile.documents
    for rule in profile.rules:
        assert rule.citation.document == document.title
        assert rule.citation.doc_number == document.doc_number


@pytest.mark.parametrize("code", BUREAUS)
def test_every_cited_article_exists_in_the_source(registry: ProfileRegistry, code: str) -> None:
    source = normal((SOURCES / f"{code}.txt").read_text(encoding="utf-8"))
    for rule in _rules(registry, code):
        for part in re.split(r"[、,，]", rule.citation.article):
            article = re.match(r"第[一二三四五六七八九十]+条", part)
            section = re.search(r"[（(]([一二三四五六七八九十]+)[)）]", part)
            attachment = re.match(r"附件(\d)", part)
            if article:
                assert normal(article.group(0)) in source, (rule.key, part)
            elif section:
                assert normal(f"（{section.group(1)}）") in source, (rule.key, part)
            elif attachment:
                assert f"附件{attachment.group(1)}" in source, (rule.key, part)
            else:
                heading = re.match(r"[一二三四五六七八九十]+", part)
                assert heading, f"cannot read the article {part!r} of {rule.key}"
                assert f"{heading.group(0)}、" in source, (rule.key, part)


def test_result_labels_are_the_sources(registry: ProfileRegistry) -> None:
    for code in ("xuchang", "hebi"):
        source = normal((SOURCES / f"{code}.txt").read_text(encoding="utf-8"))
        scheme = registry.resolve(code, dt.date(2020, 8, 1) if code == "hebi" else dt.date(2023, 6, 1)).value(
            "results.scheme"
        )
        for result in scheme:
            assert normal(result.label) in source, result.label
