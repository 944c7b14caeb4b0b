"""Every article of the five documents is accounted for — encoded as rules, or named as a provision the profile
does not encode, with the reason — and ``docs/fidelity.md`` is the table the profiles give."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from random_inspection.cli import main
from random_inspection.errors import InvalidInputError
from random_inspection.io.fidelity import article_order, fidelity_markdown, fidelity_rows
from random_inspection.model import Document
from random_inspection.profiles import Profile, ProfileRegistry, Provision, Rule, Treatment
from random_inspection.timelimits import Days
from tests.test_profiles_sources import _NUM, BUREAUS, SOURCES, _spans, article_text, normal

DOC = Path(__file__).resolve().parents[1] / "docs" / "fidelity.md"
FIDELITY_PROFILES = (*BUREAUS, "national")


@pytest.fixture(scope="module")
def registry() -> ProfileRegistry:
    return ProfileRegistry()


def units(source: str) -> set[str]:
    """The smallest parts of a document a citation names: each 第X条 of a 细则; each (一) of an outline's section,
    or each numbered item of a section without (一), or the section itself; each attachment."""
    articles = _spans(rf"^\s*(?:\[bookmark[^\]]*\])?(第[{_NUM}]+条)", source)
    if articles:
        found = set(articles)
    else:
        found = set()
        for top, (start, end) in _spans(rf"^[#\s*-]*([{_NUM}]+)、", source).items():
            section = source[start:end]
            subs = _spans(rf"^[#\s*-]*[（(]([{_NUM}]+)[)）]", section)
            items = _spans(r"^[#\s*-]*(\d+)[.．]", section)
            found |= {f"{top}({s})" for s in subs} if subs else {f"{top}.{i}" for i in items} or {top}
    found |= {f"附件{n}" for n in _spans(r"^\s*附件\s*(\d)\s*$", source)}
    return found


def cited(article: str) -> set[str]:
    """The parts one citation names (第二十二条(一)(二) → 第二十二条; 二(六)、三(二); 四.1; 附件1-4; 四、附件4)."""
    names: set[str] = set()
    for part in re.split(r"[、,，]", article):
        part = part.strip()
        if m := re.match(rf"第[{_NUM}]+条", part):
            names.add(m.group(0))
        elif m := re.match(r"附件(\d)(?:-(\d))?", part):
            names |= {f"附件{n}" for n in range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1)}
        elif m := re.match(rf"([{_NUM}]+)(?:[（(]([{_NUM}]+)[)）]|\.(\d+))?", part):
            top, sub, item = m.groups()
            names.add(f"{top}({sub})" if sub else f"{top}.{item}" if item else top)
    return names


def accounted(unit: str, names: set[str]) -> bool:
    top = re.match(rf"[{_NUM}]+", unit)
    return unit in names or (top is not None and not unit.startswith("第") and top.group(0) in names)


@pytest.mark.parametrize("code", BUREAUS)
def test_every_article_is_encoded_or_named_with_a_reason(registry: ProfileRegistry, code: str) -> None:
    profile = registry.profile(code)
    source = (SOURCES / f"{code}.txt").read_text(encoding="utf-8")
    names = set().union(*(cited(c.article) for c in (*(r.citation for r in profile.rules),
                                                     *(v.citation for v in profile.provisions))))
    for document in profile.documents:  # the articles that give the dates of force
        for basis in (document.from_basis, document.until_basis):
            names |= set(re.findall(rf"第[{_NUM}]+条", f"{basis.words or ''}{basis.reason or ''}"))
    assert sorted(u for u in units(source) if not accounted(u, names)) == []


def test_the_accounting_can_fail() -> None:
    """An article no rule or provision cites is found: 许昌 第十三条 is not among 第十二条's and 第十四条's names."""
    source = (SOURCES / "xuchang.txt").read_text(encoding="utf-8")
    assert "第十三条" in units(source) and len(units(source)) == 24
    assert not accounted("第十三条", cited("第十二条、第十四条"))
    assert accounted("三.4", cited("三")) and not accounted("四.4", cited("四.1"))
    assert cited("六(四)、附件1-4") == {"六(四)", "附件1", "附件2", "附件3", "附件4"}


@pytest.mark.parametrize("code", BUREAUS)
def test_every_provision_quotes_its_own_article(registry: ProfileRegistry, code: str) -> None:
    source = (SOURCES / f"{code}.txt").read_text(encoding="utf-8")
    misplaced = []
    for provision in registry.profile(code).provisions:
        text = normal("".join(article_text(source, p) for p in re.split(r"、", provision.citation.article)))
        misplaced += [(provision.citation.article, f) for f in provision.quote.split("……")
                      if f and normal(f) not in text]
    assert misplaced == []


def test_fidelity_md_is_the_table_the_profiles_give(registry: ProfileRegistry) -> None:
    expected = fidelity_markdown([registry.profile(c) for c in FIDELITY_PROFILES], **DOC_TEXT)
    assert DOC.read_text(encoding="utf-8") == expected, "run: python -m tests.test_fidelity"


def test_the_command_prints_the_same_table(registry: ProfileRegistry, tmp_path: Path) -> None:
    out = tmp_path / "f.md"
    result = CliRunner().invoke(main, ["fidelity", "xuchang", "hebi", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == fidelity_markdown([registry.profile("xuchang"),
                                                                 registry.profile("hebi")])
    assert "no profile 'nowhere'" in CliRunner().invoke(main, ["fidelity", "nowhere"]).output


def test_rows_follow_the_articles_and_show_readings_and_provisions() -> None:
    doc = Document("某细则", doc_number="某〔2024〕1号")
    cite = doc.cite
    profile = Profile("somewhere", "某局", ProfileRegistry().profile("xuchang").jurisdiction, "henan", (doc,), (
        Rule("limit.feedback", Days(5), cite("第十二条"), "五日内反馈",
             reading="the text names no start: taken from 检查结束"),
        Rule("scope.planned_only", True, cite("第二条")),
    ), provisions=(Provision(cite("附件1"), "附表", Treatment.OUTSIDE, "a form filed on paper"),
                   Provision(cite("第三条"), "加强领导", Treatment.NOT_OPERATIVE, "no step to check")))
    rows = fidelity_rows(profile, doc)
    assert [r.article for r in rows] == ["第二条", "第三条", "第十二条", "附件1"]
    assert rows[2].reading == "the text names no start: taken from 检查结束" and "解读" in rows[2].marks
    assert rows[1].key is None and rows[1].reading == "no step to check"
    assert article_order("第二十二条(二)") < article_order("第二十三条") < article_order("附件1")


DOC_TEXT = {
    "title": "Fidelity: the five documents article by article",
    "intro": (
        "Generated from the profiles by `random-inspection fidelity` (`python -m tests.test_fidelity` rewrites this",
        "file; `tests/test_fidelity.py` fails when it drifts from the profiles, and fails when an article of a",
        "document is neither encoded as a rule nor named here with the reason it is not).",
        "",
        "Each row is a rule an article gives, or a provision the profile does not encode. **标注** marks a default a",
        "plan may depart from with a recorded reason (the source's qualifier: 原则上, 可以, 除特殊情况外), a list the",
        "source leaves open (等), a period that runs from another event than the catalogue's, and a **解读**",
        "(reading): where the words leave a choice, the choice the profile makes, with its reason in the next column.",
        "A provision not encoded is 非操作性规定 (a principle, a duty of conduct, training or liability: no step the",
        "library can check) or 本库之外履行 (a step another system or office performs). The dates of force say",
        "whether the document states them, or the profile assumes them (with the reason).",
    ),
}


if __name__ == "__main__":
    reg = ProfileRegistry()
    DOC.write_text(fidelity_markdown([reg.profile(c) for c in FIDELITY_PROFILES], **DOC_TEXT), encoding="utf-8")
    print(f"wrote {DOC}")


def test_a_reading_without_words_is_refused() -> None:
    cite = Document("某细则", doc_number="某〔2024〕1号").cite("第二条")
    for blank in (" ", ""):
        with pytest.raises(InvalidInputError, match=r"reading .* gives no reason"):
            Rule("scope.planned_only", True, cite, reading=blank)
    assert Rule("scope.planned_only", True, cite, reading="why").reading == "why"
