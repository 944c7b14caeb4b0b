"""The disclosure of a plan (:func:`random_inspection.workflow.disclose`) as canonical JSON and as one
self-contained static HTML page a bureau can post on its portal.

The page holds everything a citizen needs to re-check the draw: the manifest hash (published before the seed
existed), the seed source and the public input, the seed, the algorithm, where the manifest is and how to re-run
the draw (docs/spec/draw-v1.md). It has no script, no external style, font or image: it is one UTF-8 file
(``lang="zh-CN"``) that reads on a phone and prints on A4. Every text it shows is escaped, and checked by
:func:`~random_inspection.workflow.check_public` (the one filter of every public output, ``workflow.privacy``)
before the page is returned: a 公民身份号码 or a phone number anywhere in it, or a landline or home address
in a reason, opinion or note, is refused, naming the field. The manifest (its subjects by code, its inspectors
by id with unit, specialties, declared interests and 执法证 validity, the checklist codes and the rules; no
names, ID numbers or phone numbers) is embedded only after the same check.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from random_inspection.errors import InvalidInputError
from random_inspection.io.atomic import write_bytes_atomic, write_text_atomic
from random_inspection.io.charts import Chart, stratum_label
from random_inspection.io.plan_data import PlanExport
from random_inspection.io.verifier_page import VERIFIER_FILE, write_verifier
from random_inspection.messages import tr
from random_inspection.sampling import DrawResult, Manifest, canonical_json
from random_inspection.workflow import Disclosure, check_public

__all__ = ["disclosure_json", "disclosure_labels", "render_disclosure_html", "write_disclosure"]

SPEC = "docs/spec/draw-v1.md"
SPEC_V2 = "docs/spec/draw-v2.md"

STYLE = """
:root{color-scheme:light}
body{margin:0;padding:0 12px 24px;font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC",
"Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;line-height:1.6;color:#111;background:#fff;font-size:16px}
main{max-width:960px;margin:0 auto}
h1{font-size:1.5em;margin:.8em 0 .3em}
h2{font-size:1.2em;border-bottom:2px solid #a00;padding-bottom:.2em;margin-top:1.4em}
.meta,.note{color:#444}.code{font-family:ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.95em}
th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f2f2f2}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px}dt{font-weight:bold}dd{margin:0}
@media (max-width:600px){dl{grid-template-columns:1fr}dd{margin-bottom:6px}
table,tbody,tr,td{display:block;width:auto}thead{display:none}tr{border:1px solid #999;margin-bottom:10px}
td{border:0;border-bottom:1px solid #ddd}td::before{content:attr(data-label);display:block;font-weight:bold;color:#555}}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:8px;font-size:.85em}
figure.chart{margin:1em 0}figure.chart figcaption{font-weight:bold}figure.chart svg{display:block}
@media print{body{font-size:11pt}a{color:#000;text-decoration:none}.scroll{overflow:visible}details{display:none}
h2{page-break-after:avoid}tr{page-break-inside:avoid}}
"""


class _Page:
    """Builds the page, escaping every text and keeping it for the personal-data check."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.shown: list[str] = []

    def e(self, value: Any) -> str:
        text = "" if value is None else str(value)
        self.shown.append(text)
        return html.escape(text, quote=True)

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def table(self, header: Iterable[str], rows: Iterable[Iterable[Any]], *, code_columns: Iterable[int] = ()) -> None:
        """A table; on a narrow screen each row becomes a card, each cell labelled by its column."""
        codes = set(code_columns)
        heads = [self.e(h) for h in header]
        self.add('<div class="scroll"><table><thead><tr>' + "".join(f"<th>{h}</th>" for h in heads)
                 + "</tr></thead><tbody>")
        for row in rows:
            cells = []
            for i, v in enumerate(row):
                kind = ' class="code"' if i in codes else ""
                cells.append(f'<td data-label="{heads[i]}"{kind}>{self.e(v)}</td>')
            self.add("<tr>" + "".join(cells) + "</tr>")
        self.add("</tbody></table></div>")


def _as_json(public: Disclosure | Mapping[str, Any]) -> Mapping[str, Any]:
    """The disclosure's published JSON (a typed :class:`~random_inspection.workflow.Disclosure`'s ``to_json()``,
    or that JSON as read back)."""
    return public.to_json() if isinstance(public, Disclosure) else public


def disclosure_json(public: Disclosure | Mapping[str, Any]) -> bytes:
    """The disclosure in canonical JSON (UTF-8, keys sorted, no white space; docs/spec/draw-v1.md §3), after
    :func:`~random_inspection.workflow.check_public`.

    Raises:
        InvalidInputError: personal data in the record, or a value JSON cannot carry exactly (a float).
    """
    public = _as_json(public)
    check_public(public, allowed=_codes(public), where="disclosure.json")
    return canonical_json(dict(public))


def _codes(public: Mapping[str, Any], manifest: Manifest | None = None) -> list[str]:
    draw = public.get("draw") or {}
    codes = [s["uscc"] for s in draw.get("subjects", ())]
    codes += [s for ids in draw.get("reserve", {}).values() for s in ids]
    codes += [r["subject"] for r in draw.get("recusals", ())]
    codes += [r["with_subject"] for r in draw.get("recusals", ()) if r.get("with_subject")]
    codes += [i["subject"]["uscc"] for i in public.get("inspections", ())]
    if manifest is not None:
        codes += [s.id for s in manifest.subjects] + [c for p in manifest.inspectors for c in p.interests]
    return codes


def disclosure_labels(export: PlanExport) -> dict[str, str]:
    """Display names for the codes a disclosure carries: subjects (reserve ones included), checklist items,
    departments, strata keyed by area codes (``名称 (代码)``)."""
    labels = {uscc: s.name for uscc, s in export.subjects.items()}
    labels.update({code: item.name for code, item in export.checklist.items()})
    labels.update({code: export.department_name(code) for code in export.plan.departments})
    labels.update({code: export.department_name(code) for r in export.records for t in r.transfers
                   for code in (t.department, t.sender) if code})  # departments a transfer letter names
    label = stratum_label(export)  # a stratum keyed by area codes: 名称 (代码)
    labels.update({s.key: label(s.key) for s in export.draw.strata if s.key and label(s.key) != s.key})
    return labels


def _person(p: Mapping[str, Any] | None) -> str:
    if not p:
        return ""
    name = p.get("name") or p.get("id", "")
    return f"{name}（{p['certificate']}）" if p.get("certificate") else str(name)


def _data_link(page: _Page, data: bytes, filename: str, text: str) -> None:
    href = "data:application/json;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")
    page.add(f'<a download="{page.e(filename)}" href="{href}">{page.e(text)}</a>')


def render_disclosure_html(
    public: Disclosure | Mapping[str, Any],
    *,
    manifest: Manifest | None = None,
    result: DrawResult | None = None,
    manifest_url: str | None = None,
    labels: Mapping[str, str] | None = None,
    embed_manifest: bool = True,
    verifier: str | None = None,
    charts: Sequence[Chart] = (),
) -> str:
    """The disclosure as one static HTML page.

    Args:
        public: the record :func:`~random_inspection.workflow.disclose` gave (or its JSON, as published).
        manifest: the draw's manifest: its seed source and public-input form are shown and, with
            ``embed_manifest``, its canonical form is embedded for download (after the personal-data check).
        result: the draw result as draw-v1 gives it (ids only), embedded for download next to the manifest so
            that ``verify`` can be run on the two files.
        manifest_url: where the manifest is published, if elsewhere.
        labels: display names for codes (:func:`disclosure_labels`).
        verifier: the relative link of the browser verifier page published beside this one
            (:mod:`random_inspection.io.verifier_page`), shown in 如何复核; ``None`` when there is none.
        charts: the plan's charts (:func:`~random_inspection.io.charts.plan_charts`), shown in 图表 before the
            notes, each as SVG with its data table; their texts pass the personal-data check with the page's.

    Raises:
        InvalidInputError: any text the page would show, or the manifest, holds a 公民身份号码 or a phone number;
            or the manifest or result is not of the draw disclosed.
    """
    names = dict(labels or {})
    public = _as_json(public)
    check_public(public, allowed=_codes(public, manifest), where="disclosure.html")
    draw = public.get("draw")
    if draw and manifest is not None and manifest.hash != draw["manifest_hash"]:
        raise InvalidInputError(tr("the manifest is not the disclosed draw's (the hashes "
                                   "differ)"), where=tr("disclosure page"),
                                fix=tr("give the manifest the draw was made from"))
    if draw and result is not None and result.manifest_hash != draw["manifest_hash"]:
        raise InvalidInputError(tr("the draw result is not the disclosed draw's"), where=tr("disclosure page"),
                                fix=tr("give the result of the disclosed draw"))
    page = _Page()
    e = page.e
    authority = public.get("authority", "")
    title = f"{authority}“双随机、一公开”抽查公示"
    page.add(f"<header><h1>{e(title)}</h1>")
    page.add(f'<p class="meta">计划编号：<span class="code">{e(public.get("plan_id"))}</span>；检查部门：'
             f'{e("、".join(names.get(d, d) for d in public.get("departments", ())))}；检查时间段：'
             f'{e(" 至 ".join(public.get("window", ())))}</p>')
    if public.get("platforms"):
        page.add(f'<p class="meta">公示平台：{e("、".join(public["platforms"]))}</p>')
    page.add("</header>")
    if draw:
        _draw_sections(page, draw, names)
    _reserves_used(page, public.get("reserve_used", ()), names)
    rows = deadline_departure_rows(public, names)
    if rows:
        page.add(f'<section id="deadline-departures"><h2>{e(DEADLINE_DEPARTURES)}</h2>')
        page.table(DEADLINE_DEPARTURE_COLUMNS, rows)
        page.add("</section>")
    commits_section(page, public.get("commits", ()), names)
    _redraws(page, public.get("redraws", ()))
    _inspections(page, public.get("inspections", ()), names)
    if draw and public.get("external_draw"):
        external_section(page, public["external_draw"], draw)
    elif draw:
        _verification(page, draw, manifest, result, manifest_url, embed_manifest, verifier)
    head_section(page, public.get("ledger_head"))
    charts_section(page, charts)
    citations = public.get("citations", {})
    page.add(f'<footer><h2>{e("说明")}</h2><p class="note">'
             f'{e("本页不含公民身份号码、电话号码等个人信息；执法检查人员仅公示姓名和执法证号。")}</p>')
    withheld = [w["field"] for w in public.get("withheld", ())]
    if withheld:
        page.add(f'<p class="note">{e("以下内容含个人信息，不予公开：" + "、".join(withheld))}</p>')
    if citations:
        page.add('<ul class="note">' + "".join(f"<li>{e(v)}</li>" for v in citations.values()) + "</ul>")
    page.add("</footer>")
    allowed = _codes(public, manifest)
    check_public(page.shown, allowed=allowed, free_text=(), where=tr("{file}, shown text", file="disclosure.html"))
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(page.parts) + "\n</main>\n</body>\n</html>\n")


def _draw_sections(page: _Page, draw: Mapping[str, Any], names: Mapping[str, str]) -> None:
    e = page.e
    page.add(f'<section id="draw"><h2>{e("抽取结果")}</h2>')
    teams, items, leaders = draw.get("teams", {}), draw.get("items", {}), draw.get("leaders", {})
    page.table(("序号", "市场主体名称", "统一社会信用代码", "执法检查人员（执法证号）", "检查事项"), (
        (n, s.get("name") or names.get(s["uscc"], ""), s["uscc"],
         "、".join(_person(p) + ("（组长）" if p.get("id") == leaders.get(s["uscc"]) else "")
                  for p in teams.get(s["uscc"], ())),
         "；".join(names.get(c, c) for c in items.get(s["uscc"], ())))
        for n, s in enumerate(draw.get("subjects", ()), start=1)
    ), code_columns=(2,))
    page.add("</section>")
    reserve = [(names.get(k, k) if k else "（全部）", n, s, names.get(s, ""))
               for k, ids in draw.get("reserve", {}).items() for n, s in enumerate(ids, start=1)]
    page.add(f'<section id="reserve"><h2>{e("备选对象")}</h2>')
    if reserve:
        page.table(("分层", "顺序", "统一社会信用代码", "市场主体名称"), reserve, code_columns=(2,))
    else:
        page.add(f"<p>{e('无')}</p>")
    page.add("</section>")
    page.add(f'<section id="recusals"><h2>{e("回避")}</h2>')
    recusals = draw.get("recusals", ())
    if recusals:
        page.table(("市场主体", "回避人员", "方式", "理由", "替代人员或交换对象"), (
            (names.get(r["subject"], r["subject"]), _person(r.get("inspector")),
             _how(r), r["reason"] + ("（抽取前未申报利害关系）" if r.get("no_interest_declared_before_draw") else ""),
             _person(r.get("replacement")) if r.get("replacement") else _other(r.get("with_subject"), names))
            for r in recusals))
    else:
        page.add(f"<p>{e('无')}</p>")
    page.add("</section>")


def charts_section(page: _Page, charts: Sequence[Chart]) -> None:
    """图表: each chart as a figure (its SVG, captioned by its title) with its data table under 数据 (for screen
    readers and print); nothing without charts. Every text of a chart is kept for the personal-data check."""
    if not charts:
        return
    page.add(f'<section id="charts"><h2>{page.e("图表")}</h2>')
    for chart in charts:
        page.shown.extend(chart.texts())
        page.add(f'<figure class="chart">{chart.svg}<figcaption>{page.e(chart.title)}</figcaption>'
                 f'<details><summary>{page.e("数据")}</summary><div class="scroll">{chart.table}</div></details>'
                 "</figure>")
    page.add("</section>")


_HOW = {"replace": "不参与本次检查，由系统选取替代人员", "swap": "与其他执法检查人员交换检查对象"}


def _how(r: Mapping[str, Any]) -> str:
    """The way of a recusal (冷水滩 第十四条): a swap with no other subject is a swap with an expert of the
    committed roster (draw-v3 §3), shown by that category; the expert's name is never published."""
    if r["method"] == "swap" and not r.get("with_subject"):
        return "与专家交换检查对象"
    return _HOW.get(r["method"], str(r["method"]))


def _other(subject: str | None, names: Mapping[str, str]) -> str:
    return names.get(subject, subject) if subject else ""


def _reserves_used(page: _Page, used: Iterable[Mapping[str, Any]], names: Mapping[str, str]) -> None:
    shown = list(used)
    if not shown:
        return
    e = page.e
    page.add(f'<section id="reserve-used"><h2>{e("备选对象递补")}</h2>')
    page.table(("台账序号", "时间", "被替换对象", "递补对象", "理由"), (
        (r.get("seq"), r.get("at") or "", names.get(r["replaced"], r["replaced"]),
         names.get(r["reserve"], r["reserve"]), r.get("reason", "")) for r in shown))
    page.add("</section>")


DEADLINE_DEPARTURES = "期限的变通（“一般”“原则上”等规定的期限，经记录理由后另定）"
"""The heading of the departures from duties' default periods, on the page and the site."""

DEADLINE_DEPARTURE_COLUMNS = ("台账序号", "时间", "规则", "另定的期限", "适用的检查对象", "理由")


def deadline_departure_rows(public: Mapping[str, Any], names: Mapping[str, str]) -> list[tuple[Any, ...]]:
    """The departures from duties' default periods a disclosure lists, one row each (the page's and the site's
    table): entry, time, rule, the period given, the subjects covered (by name, or 全部检查), the reason."""
    return [(d.get("entry"), d.get("at") or "", d.get("key"), d.get("value"),
             "、".join(names.get(s, s) for s in d.get("subjects") or ()) or "全部检查", d.get("reason", ""))
            for d in public.get("deadline_departures", ())]


_COMMIT_TERMS = (
    ("departures", "偏离“原则上”“一般”“可以”等规定的情形及理由", ("规则", "本计划的做法", "理由"),
     ("key", "value", "reason")),
    ("plugins", "规则档案的来源（软件包及版本，或本地文件的哈希）", ("名称", "方式", "标识"), ("name", "kind", "code")),
    ("continued", "继续执行的文件（已过原定有效期，本局决定继续执行至新文件印发）", ("规则档案", "文件", "理由"),
     ("profile", "document", "reason")),
)
"""The terms a commit records besides its manifest, each shown as a table under the commits where any commit has
one: the field, the heading, the columns after 台账序号 and the keys that fill them."""


def commits_section(page: _Page, commits: Iterable[Mapping[str, Any]], names: Mapping[str, str] | None = None) -> None:
    """Every commit of the plan's manifest (the first, and each new one with its reason): a manifest changed
    after the pre-draw notice shows here with another hash than the one posted."""
    e = page.e
    shown = list(commits)
    page.add(f'<section id="commits"><h2>{e("抽查清单提交记录")}</h2>')
    if shown:
        page.table(("台账序号", "提交时间", "清单哈希", "提交部门（角色）", "公开输入产生时间", "重新提交理由"), (
            (c.get("seq"), c.get("at") or "", c.get("manifest_hash"),
             f"{(names or {}).get(c.get('department') or '', c.get('department') or '')}（{c.get('role') or ''}）",
             c.get("produced_at") or "",
             c.get("reason") or "首次提交") for c in shown
        ), code_columns=(2,))
        if len(shown) > 1:
            note = "本计划的清单提交过不止一次：以最后一次为准，此前各次及理由均在此公示。"
            page.add(f'<p class="note">{e(note)}</p>')
        for field, title, header, keys in _COMMIT_TERMS:
            rows = [(c.get("seq"), *(t.get(k) for k in keys)) for c in shown for t in c.get(field) or ()]
            if rows:
                page.add(f"<h3>{e(title)}</h3>")
                page.table(("台账序号", *header), rows, code_columns=(len(header),) if field == "plugins" else (1,))
    else:
        page.add(f"<p>{e('无')}</p>")
    page.add("</section>")


def head_section(page: _Page, head: Mapping[str, Any] | None) -> None:
    """The ledger's head at publication and how a citizen checks it later (docs/security.md)."""
    if not head:
        return
    e = page.e
    text = f"{head['seq']}:{head['hash']}"
    page.add(f'<section id="ledger-head"><h2>{e("台账头（公示时）")}</h2><p class="code">{e(text)}</p>')
    note = (f"本页公示时，监管台账共有 {head['seq']} 条记录，最后一条的哈希如上。台账此后只能增加，不能删改："
            f"可用 random-inspection ledger check-listing 公开台账.json --head {text} 或 random-inspection ledger "
            f"verify --head {text} 核对；如台账已不含此条记录或哈希不符，说明台账被删改。")
    page.add(f'<p class="note">{e(note)}</p></section>')


def redraw_input(redraw: Mapping[str, Any]) -> str:
    """The public input of a draw set aside, as a redraw of the disclosure gives it: its own ``public_input`` (a
    redraw given by hand), else its ``set_aside`` draw's (a redraw the store recorded), else the platform and
    task of a draw set aside that a platform made; empty where none is known."""
    aside = redraw.get("set_aside") or {}
    return str(redraw.get("public_input") or aside.get("public_input")
               or "、".join(str(v) for v in (aside.get("platform"), aside.get("task")) if v) or "")


def _redraws(page: _Page, redraws: Iterable[Mapping[str, Any]]) -> None:
    e = page.e
    shown = list(redraws)
    page.add(f'<section id="redraws"><h2>{e("重新抽取")}</h2>')
    if shown:
        page.table(("被替换抽取的清单哈希", "公开输入", "理由"), (
            (r.get("manifest_hash", ""), redraw_input(r), r.get("reason", "")) for r in shown
        ), code_columns=(0,))
    else:
        page.add(f"<p>{e('无')}</p>")
    page.add("</section>")


def _inspections(page: _Page, inspections: Iterable[Mapping[str, Any]], names: Mapping[str, str]) -> None:
    shown = list(inspections)
    if not shown:
        return
    e = page.e
    page.add(f'<section id="inspections"><h2>{e("检查情况")}</h2>')
    extra = [(key, title) for key, title in (("fed_back", "反馈日期"), ("opinion", "被检查对象意见建议"))
             if any(key in i for i in shown)]
    moved = any(i.get("transfers") for i in shown)
    page.table(("市场主体名称", "检查时间", "检查人员", "发现问题", "检查结果", "处理情况", *(t for _, t in extra),
                *(("问题线索移交",) if moved else ())), (
        (i["subject"].get("name") or names.get(i["subject"]["uscc"], i["subject"]["uscc"]),
         " 至 ".join(d for d in (i.get("started"), i.get("ended")) if d),
         "、".join(_person(p) for p in i.get("team", ())),
         "；".join(names.get(f["item"], f["item"]) + (f"：{f['note']}" if f.get("note") else "")
                  for f in i.get("problems", ())) or "无",
         i["result"]["label"] if i.get("result") else "",
         "、".join(i.get("handling", ())) if "handling" in i else "另行公示",
         *((i.get(key) or "") for key, _ in extra),
         *(("；".join(_transfer(t, names) for t in i.get("transfers", ())),) if moved else ()))
        for i in shown))
    page.add("</section>")


def _transfer(t: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """One transfer letter in words: 2026-05-10 应急管理局 → 市场监督管理局（鹤应急函〔2026〕3号）."""
    sender = f"{names.get(t['sender'], t['sender'])} → " if t.get("sender") else "→ "
    letter = f"（{t['letter']}）" if t.get("letter") else ""
    return f"{t['sent']} {sender}{names.get(t['to'], t['to'])}{letter}"


def _verification(page: _Page, draw: Mapping[str, Any], manifest: Manifest | None, result: DrawResult | None,
                  manifest_url: str | None, embed: bool, verifier: str | None = None) -> None:
    e = page.e
    page.add(f'<section id="verify"><h2>{e("验证信息")}</h2><dl>')
    algorithm = (manifest.algorithm if manifest is not None else result.algorithm if result is not None
                 else draw.get("algorithm", "draw-v1"))
    h = "SM3" if algorithm.endswith("-sm3") else "SHA-256"  # draw-v1 §12: the algorithm names the hash
    v2 = algorithm.startswith(("draw-v2", "draw-v3"))  # draw-v3 publishes interests as draw-v2 does
    facts: list[tuple[str, Any]] = [("算法", algorithm), (f"清单哈希（{h}）", draw["manifest_hash"])]
    if manifest is not None:
        spec = manifest.public_input_spec
        facts += [("随机来源", manifest.seed_source),
                  ("公开输入格式", manifest.public_input_form if spec is None else spec.describe_zh())]
        if spec is not None:
            facts.append(("公开输入产生时间", spec.produced_at))
    facts += [("公开输入", draw["public_input"]), ("随机种子", draw["seed"])]
    if manifest_url:
        facts.append(("清单发布地址", manifest_url))
    for label, value in facts:
        page.add(f'<dt>{e(label)}</dt><dd class="code">{e(value)}</dd>')
    page.add("</dl>")
    if manifest is not None and embed:
        data = manifest.canonical()
        check_public(json.loads(data), allowed=_manifest_codes(manifest), where="manifest.json")
        page.add("<p>")
        _data_link(page, data, "manifest.json", "下载清单 manifest.json")
        if result is not None:
            page.add("；")
            _data_link(page, canonical_json(result.to_json()), "draw.json", "下载抽取结果 draw.json")
        page.add("</p>")
    page.add(f"<h3>{e('如何复核')}</h3><ol>")
    for step in (
        f"取得本次抽取的清单（manifest.json，规范 JSON），计算其 {h}，应与上列“清单哈希”一致；"
        "该哈希在随机种子产生之前已公布。",
        "核对“公开输入”与其真实来源（如现场掷骰记录、公证记录）一致，且符合清单所定的公开输入格式。",
        f"计算随机种子 = {h}(\"{algorithm}\" ‖ 0x00 ‖ 清单哈希 ‖ 0x00 ‖ 公开输入)，应与上列“随机种子”一致。",
        f"按 draw-v1 规范（{SPEC} 第6至9节{'及第12节' if h == 'SM3' else ''}，仅用 {h}、整数运算和排序）"
        + (f"及 draw-v2 规范（{SPEC_V2} 第3、4节：公开输入的唯一写法；利害关系只对抽中对象开示，"
           "每项开示须与清单中承诺的标签相符）" if v2 else "")
        + "由清单和公开输入重新抽取，"
        "抽中对象、备选对象、检查组和检查事项应与本页相同；回避按所列顺序重放。",
    ):
        page.add(f"<li>{e(step)}</li>")
    page.add("</ol>")
    if verifier is not None:  # the browser verifier published beside this page
        page.add(f'<p id="browser-verifier">{e("在浏览器中复核：打开本页同一目录下的")}<a href="{e(verifier)}">'
                 f'{e("抽取结果复核页（" + verifier + "）")}</a>{e("，选择 manifest.json 和 draw.json，")}'
                 f'{e("页面即在本机重新计算并说明结果是否一致、哪里不同；该页不联网。")}</p>')
    page.add(f"<p>{e('也可在命令行复核：')}<span class=\"code\">"
             f"{e('random-inspection verify manifest.json draw.json')}</span></p></section>")


def external_section(page: _Page, external: Mapping[str, Any], draw: Mapping[str, Any]) -> None:
    """A draw made on a platform (docs/platforms.md): which platform, the task number, the export file's SHA-256
    and the draw time, as the ledger recorded them; it cannot be re-run here, so it says what can be checked."""
    e = page.e
    file = external.get("file", {})
    page.add(f'<section id="external-draw"><h2>{e("平台抽取")}</h2>')
    said = f"本次抽取在{external.get('platform', '')}上进行，本局导入平台导出的抽取结果并记入台账。"
    page.add(f"<p>{e(said)}</p><dl>")
    for label, value in (("抽取平台", external.get("platform")), ("任务编号", external.get("task")),
                         ("抽取时间", external.get("drawn_at")), ("导出文件", file.get("name")),
                         ("导出文件哈希（SHA-256）", file.get("sha256")), ("清单哈希", draw.get("manifest_hash"))):
        page.add(f'<dt>{e(label)}</dt><dd class="code">{e(value)}</dd>')
    page.add("</dl>")
    announced = external.get("announced_task")
    if announced is None:
        page.add(f"<p>{e('抽取前未公告平台任务编号（清单提交时未载明）。')}</p>")
    elif announced != external.get("task"):
        page.add(f"<p>{e(f'清单提交时公告的平台任务编号为 {announced}，导入的是另一任务，理由：')}"
                 f"{e(external.get('task_reason') or '')}</p>")
    else:
        page.add(f"<p>{e('任务编号与清单提交时公告的一致。')}</p>")
    found = list(external.get("findings", ()))
    if found:
        page.add(f"<h3>{e('导入时发现的问题（已接受并记录）')}</h3><ul>"
                 + "".join(f"<li>{e(f)}</li>" for f in found) + "</ul>")
    page.add(f"<h3>{e('如何核对')}</h3><ol>")
    for step in ("平台的随机过程无法由本程序库重放：本页公示的是平台导出文件所载内容及其哈希。",
                 "向平台或其运营方取得该任务编号的导出文件，计算其 SHA-256，应与上列“导出文件哈希”一致。",
                 "核对抽取时间晚于清单提交时间（见“清单提交记录”），即名录库在平台抽取之前已固定。"):
        page.add(f"<li>{e(step)}</li>")
    page.add("</ol></section>")


def _manifest_codes(manifest: Manifest) -> list[str]:
    return [s.id for s in manifest.subjects] + [c for p in manifest.inspectors for c in p.interests]


def write_disclosure(
    folder: str | Path,
    public: Disclosure | Mapping[str, Any],
    *,
    manifest: Manifest | None = None,
    result: DrawResult | None = None,
    manifest_url: str | None = None,
    labels: Mapping[str, str] | None = None,
    embed_manifest: bool = True,
    charts: Sequence[Chart] = (),
) -> list[Path]:
    """Write ``disclosure.json`` and ``disclosure.html`` into ``folder``, and, when given, ``manifest.json`` (its
    canonical form) and ``draw.json`` (the draw-v1 result), the files a citizen re-runs the draw from, and with
    both the browser verifier ``verify.html`` (:mod:`random_inspection.io.verifier_page`), which re-runs it. Every
    file is checked (:func:`~random_inspection.workflow.check_public`) before the first is written: a refusal
    writes nothing. ``charts`` are shown on the page (:func:`render_disclosure_html`).

    Raises:
        PersonalDataError: personal data in any of the files, naming the file and the field.
        InvalidInputError: as :func:`render_disclosure_html`.
    """
    folder = Path(folder)
    public = _as_json(public)
    if result is not None:
        check_public(result.to_json(), allowed=_codes(public, manifest), where="draw.json")
    if manifest is not None:
        check_public(json.loads(manifest.canonical()), allowed=_manifest_codes(manifest), where="manifest.json")
    verifier = VERIFIER_FILE if manifest is not None and result is not None else None
    page = render_disclosure_html(public, manifest=manifest, result=result, manifest_url=manifest_url,
                                  labels=labels, embed_manifest=embed_manifest, verifier=verifier,
                                  charts=charts)
    data = disclosure_json(public)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "disclosure.json", folder / "disclosure.html"]
    write_bytes_atomic(written[0], data)
    write_text_atomic(written[1], page)
    if manifest is not None:
        write_bytes_atomic(folder / "manifest.json", manifest.canonical())
        written.append(folder / "manifest.json")
    if result is not None:
        write_bytes_atomic(folder / "draw.json", canonical_json(result.to_json()))
        written.append(folder / "draw.json")
    if verifier is not None:
        written.append(write_verifier(folder / verifier))
    return written
