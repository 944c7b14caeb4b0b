"""Each built-in profile matches its document: every quotation and label is in the source text, every rule
cites the profile's own document at an article the text has."""

from __future__ import annotations

import datetime as dt
import enum
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
    """Texts taken from the document are found there, but for the few keys in SUMMARISED (and the library's own
    vocabularies, such as a Role, whose source wording is the rule's quote)."""
    source = normal((SOURCES / f"{code}.txt").read_text(encoding="utf-8"))
    missing = []
    for rule in _rules(registry, code):
        if rule.key in SUMMARISED:
            continue
        texts = rule.value if isinstance(rule.value, tuple) else (rule.value,)
        texts = tuple(t.name if isinstance(t, ChecklistItem) else t for t in texts)
        for text in texts:
            if isinstance(text, str) and not isinstance(text, enum.Enum) and normal(text) not in source:
                missing.append((rule.key, text))
    assert missing == []


# Values that summarise the source rather than copy it; each was checked by hand against its article.
SUMMARISED = {
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


# -- every quotation and text value lies inside the article its citation names ------------------------------

_NUM = "一二三四五六七八九十"


def _spans(pattern: str, text: str) -> dict[str, tuple[int, int]]:
    """Heading → (start, end) of its span, up to the next heading of the same pattern."""
    hits = [(m.group(1), m.start()) for m in re.finditer(pattern, text, re.M)]
    spans: dict[str, tuple[int, int]] = {}
    for (name, start), nxt in zip(hits, [*hits[1:], (None, len(text))]):  # noqa: B905
        spans.setdefault(name, (start, nxt[1]))
    return spans


def article_text(source: str, part: str) -> str:
    """The text of one cited part (第十九条第二款, 二(三), 四.4, 三, 附件4 备注, 附件1-4) of a source."""
    article = re.match(rf"(第[{_NUM}]+条)", part)
    if article:
        start, end = _spans(rf"^\s*(?:\[bookmark[^\]]*\])?(第[{_NUM}]+条)", source)[article.group(1)]
        return source[start:end]
    attachment = re.match(r"附件(\d)", part)
    if attachment:
        start, _ = _spans(r"^\s*附件\s*(\d)\s*$", source)[attachment.group(1)]
        return source[start:]
    top = re.match(rf"([{_NUM}]+)", part)
    assert top, f"cannot read the article {part!r}"
    start, end = _spans(rf"^[#\s*-]*([{_NUM}]+)、", source)[top.group(1)]
    section = source[start:end]
    sub = re.search(rf"[（(]([{_NUM}]+)[)）]", part[len(top.group(1)):])
    item = re.search(r"\.(\d+)", part)
    if sub:
        s, e = _spans(rf"^[#\s*-]*[（(]([{_NUM}]+)[)）]", section)[sub.group(1)]
        return section[s:e]
    if item:
        s, e = _spans(r"^[#\s*-]*(\d+)[.．]", section)[item.group(1)]
        return section[s:e]
    return section


@pytest.mark.parametrize("code", BUREAUS)
def test_each_quote_and_text_lies_in_its_own_article(registry: ProfileRegistry, code: str) -> None:
    source = (SOURCES / f"{code}.txt").read_text(encoding="utf-8")
    misplaced = []
    for rule in _rules(registry, code):
        cited = normal("".join(article_text(source, part) for part in re.split(r"、", rule.citation.article)))
        texts = [f for f in (rule.quote or "").split("……") if f]
        if rule.key not in SUMMARISED:
            values = rule.value if isinstance(rule.value, tuple) else (rule.value,)
            texts += [v.name if isinstance(v, ChecklistItem) else v for v in values
                      if isinstance(v, (str, ChecklistItem)) and not isinstance(v, enum.Enum)]
        misplaced += [(rule.key, rule.citation.article, t) for t in texts if normal(t) not in cited]
    assert misplaced == []


def test_a_quote_cited_to_the_wrong_article_is_caught(registry: ProfileRegistry) -> None:
    """The check above can fail: 第十九条's words are not in 第十六条, nor 五(五)'s in 五(六)."""
    xuchang = (SOURCES / "xuchang.txt").read_text(encoding="utf-8")
    publication = next(r for r in _rules(registry, "xuchang") if r.key == "limit.publication")
    assert normal(publication.quote or "") in normal(article_text(xuchang, "第十九条"))
    assert normal(publication.quote or "") not in normal(article_text(xuchang, "第十六条"))
    hebi = (SOURCES / "hebi.txt").read_text(encoding="utf-8")
    handover = next(r for r in _rules(registry, "hebi") if r.key == "limit.record_handover")
    assert normal(handover.quote or "") not in normal(article_text(hebi, "五(六)"))
    with pytest.raises(KeyError):
        article_text(hebi, "二(五)")  # 二 has no (五): a citation to it cannot pass
