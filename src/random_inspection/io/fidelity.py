"""The fidelity table: a profile's documents article by article, with what the profile makes of each.

For every document a profile declares, the table lists each article it cites, in the order of the document:
the rules the article gives (key, value, the source's words) with their marks — a default the plan may depart
from (the qualifier), a list the source leaves open (等), the event a period runs from where the source words
it otherwise, and each *reading*: where the words leave a choice, the choice the profile makes and why — and
the provisions the profile does not encode as rules, each with the reason. ``docs/fidelity.md`` is this table
for the built-in profiles (``random-inspection fidelity``), checked by a test so it never drifts from them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import attrs

from random_inspection.model import ChecklistItem, Department, Document, ResultScheme
from random_inspection.profiles import Profile, Rule, render_value

__all__ = ["FidelityRow", "article_order", "fidelity_markdown", "fidelity_rows"]

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ANNEX = 1000  # attachments after the articles


def _chinese_number(text: str) -> int:
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[ch]
    return total + current


def article_order(article: str) -> tuple[int, ...]:
    """A sort key for an article as the source writes it: 第三条 < 第十二条第二款 < 二(三) < 四.4 < 附件3.

    The numbers are read in order (Chinese or Arabic); an attachment sorts after every article.

    >>> article_order("第二十二条(二)"), article_order("四.4"), article_order("附件3、附件4 备注")
    ((22, 2), (4, 4), (1003, 4))
    """
    numbers: list[int] = []
    annex = False
    for token in re.findall(r"附件|[〇零一二两三四五六七八九十百]+|\d+", article):
        if token == "附件":
            annex = True
            continue
        value = int(token) if token.isdigit() else _chinese_number(token)
        numbers.append(value + (_ANNEX if annex and not numbers else 0))
        annex = False
    return tuple(numbers) or (10 * _ANNEX,)


@attrs.frozen
class FidelityRow:
    """One line of the table: a rule an article gives, or a provision the profile does not encode.

    ``key`` is ``None`` for a provision; ``marks`` are the rule's marks (or the provision's treatment), each a
    short phrase; ``reading`` the profile's interpretation and its reason (for a provision, why it is not a rule).
    """

    article: str
    key: str | None
    value: str
    marks: tuple[str, ...]
    reading: str | None
    quote: str | None


def _value_text(value: Any) -> str:
    if isinstance(value, ResultScheme):
        return "；".join(f"{c.number} {c.label}" for c in value.codes)
    if isinstance(value, tuple) and value and isinstance(value[0], ChecklistItem):
        return f"{len(value)} 项：" + "；".join(item.name for item in value)
    if isinstance(value, tuple) and value and isinstance(value[0], Department):
        return "、".join(d.name for d in value)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    shown = render_value(value)
    if isinstance(shown, list) and all(isinstance(v, str) for v in shown):
        return "；".join(shown)
    if isinstance(shown, dict) and "words" in shown:
        return f"{shown['words']}（{shown['first']}至{shown['last']}）"
    if isinstance(shown, (list, dict)):
        return json.dumps(shown, ensure_ascii=False)
    return str(shown)


def _marks(rule: Rule) -> tuple[str, ...]:
    marks = []
    if rule.qualifier:
        marks.append(f"默认规则（{rule.qualifier}）：计划可说明理由偏离")
    if rule.open_list:
        marks.append("列举未尽（等）")
    if rule.runs_from is not None:
        marks.append(f"自{rule.runs_from.value}起算")
    if rule.reading:
        marks.append("解读")
    return tuple(marks)


def fidelity_rows(profile: Profile, document: Document) -> tuple[FidelityRow, ...]:
    """The rows of ``document`` under ``profile``: its rules and provisions, by article (:func:`article_order`);
    within an article, in the order the profile declares them, rules first."""
    rows = [
        (article_order(r.citation.article), 0, i,
         FidelityRow(r.citation.article, r.key, _value_text(r.value), _marks(r), r.reading, r.quote))
        for i, r in enumerate(profile.rules) if document.cites(r.citation)
    ] + [
        (article_order(v.citation.article), 1, i,
         FidelityRow(v.citation.article, None, "—", (f"未编码为规则：{v.treatment.value}",), v.reason, v.quote))
        for i, v in enumerate(profile.provisions) if document.cites(v.citation)
    ]
    return tuple(row for *_, row in sorted(rows, key=lambda t: (t[0], t[1], t[2])))


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _document_lines(profile: Profile, document: Document) -> list[str]:
    rows = fidelity_rows(profile, document)
    lines = [f"### {document.short()}《{document.title}》", "", f"- 效力期间 (period of force): {document.period()}"]
    readings = sum(1 for r in rows if r.key is not None and r.reading)
    provisions = sum(1 for r in rows if r.key is None)
    lines += [f"- {sum(1 for r in rows if r.key is not None)} rules, of which {readings} readings; "
              f"{provisions} provisions not encoded as rules", "",
              "| 条款 | 规则 | 值 | 标注 | 解读及理由 / 未编码的理由 | 原文 |", "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(c) for c in (
            row.article, f"`{row.key}`" if row.key else "—", row.value, "；".join(row.marks), row.reading,
            row.quote)) + " |")
    return lines


def fidelity_markdown(profiles: Sequence[Profile], *, title: str | None = None,
                      intro: Iterable[str] = ()) -> str:
    """The fidelity table of ``profiles`` as Markdown: per profile, per document, article by article."""
    lines = [f"# {title or 'Fidelity: each document article by article'}", "", *intro]
    for profile in profiles:
        lines += ["", f"## {profile.name} (`{profile.code}`)", ""]
        for document in profile.documents:
            lines += [*_document_lines(profile, document), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
