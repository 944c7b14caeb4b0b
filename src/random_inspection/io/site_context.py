"""What the publication site's templates receive (docs/exports.md, *The publication site*): the disclosure of a
plan (:func:`random_inspection.workflow.disclose`'s JSON) turned into plain values — texts, and tables of columns
and rows — so that a bureau's own template prints them without knowing the record's shape.

Every value here is text the template escapes; nothing is markup but a chart's ``svg``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from random_inspection.errors import InvalidInputError
from random_inspection.io.disclosure_page import (
    DEADLINE_DEPARTURE_COLUMNS,
    _how,
    _other,
    _person,
    deadline_departure_rows,
    redraw_input,
)
from random_inspection.io.plan_data import PlanExport
from random_inspection.messages import tr
from random_inspection.sampling import Manifest

__all__ = ["Column", "Publication", "SiteTable", "issuing_office", "plan_context", "zh_day"]


@attrs.frozen
class Column:
    """A column of a table: its heading and its kind, which sets its width on a desktop (``n`` a number,
    ``uscc`` a 统一社会信用代码 and ``time`` a timestamp, each kept on one line, ``hash`` a long code broken
    anywhere, ``day``/``days``/``short`` and ``people`` (a team with its units) fixed widths, ``text`` the rest of
    the width)."""

    label: str
    kind: str = "text"


@attrs.frozen
class SiteTable:
    """A table for a template: ``columns`` and ``rows`` (a tuple of texts per row, one per column); ``id`` names
    it in the page."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    id: str | None = None


def _table(columns: Sequence[tuple[str, str]], rows: Iterable[Iterable[Any]], id: str | None = None) -> SiteTable:
    return SiteTable(tuple(Column(label, kind) for label, kind in columns),
                     tuple(tuple("" if v is None else str(v) for v in row) for row in rows), id)


@attrs.frozen(kw_only=True)
class Publication:
    """Who publishes and on what day, shown on every page of the site.

    Attributes:
        on: the publication day (given at the edge: ``export --on``).
        office: the issuing office (:func:`issuing_office`).
        basis: where the office is taken from (the plan's departments, or the document whose rules the
            publication follows).
    """

    on: dt.date
    office: str
    basis: str


def zh_day(day: dt.date) -> str:
    """A day as Chinese documents write it: ``2020年10月12日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def issuing_office(export: PlanExport, office: str | None = None) -> tuple[str, str]:
    """The office that publishes the plan, and where that is taken from: ``office`` when given (``export
    --office``); else the plan's departments by name, when each has one (a joint plan's departments from the
    profile's ``joint.departments`` or the plan file); else the issuer of the document that sets where the
    plan is published (``disclosure.platforms``). Never made up.

    Raises:
        InvalidInputError: none of these is known.
    """
    if office:
        return office, "export --office"
    names = [export.department_name(code) for code in export.plan.departments]
    if names and all(name != code for name, code in zip(names, export.plan.departments, strict=True)):
        return "、".join(names), "检查部门"
    profile = export.profile
    if profile.has("disclosure.platforms"):
        citation = profile.rule("disclosure.platforms").citation
        if citation.issuer:
            return citation.issuer, citation.short()
    raise InvalidInputError(tr("the issuing office of the publication is not known"),
                            where=tr("site of plan {plan_id}", plan_id=export.plan.plan_id),
                            fix=tr("name the plan's departments in the plan file, or give the office (--office)"))


_SUPPORTS = {
    "disclosure.platforms": "公示平台",
    "disclosure.contents": "公示内容",
    "disclosure.inspection_only": "检查之后的处理（立案、处罚等）另行公示",
    "disclosure.principle": "公示主体",
}
"""What each cited rule of publication supports, as the 说明 says it."""


def notes(citations: Mapping[str, str]) -> list[dict[str, str]]:
    """The 说明: each citation once, with what it supports (the rules citing it, in the order given)."""
    grouped: dict[str, list[str]] = {}
    for key, citation in citations.items():
        grouped.setdefault(citation, []).append(_SUPPORTS.get(key, key))
    return [{"citation": c, "supports": "、".join(what)} for c, what in grouped.items()]


def _window(window: Sequence[str]) -> str:
    return " 至 ".join(window)


def _draw(draw: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, SiteTable]:
    teams, items, leaders = draw.get("teams", {}), draw.get("items", {}), draw.get("leaders", {})
    subjects = draw.get("subjects", ())
    drawn = _table((("序号", "n"), ("市场主体名称", "text"), ("统一社会信用代码", "uscc"), ("检查事项", "text")), (
        (n, s.get("name") or names.get(s["uscc"], ""), s["uscc"],
         "；".join(names.get(c, c) for c in items.get(s["uscc"], ())))
        for n, s in enumerate(subjects, start=1)), "draw-table")
    team = _table((("序号", "n"), ("市场主体名称", "text"), ("执法检查人员", "text"), ("执法证号", "text"),
                   ("单位", "text")), (
        (n, s.get("name") or names.get(s["uscc"], ""),
         (p.get("name") or p.get("id", "")) + ("（组长）" if p.get("id") == leaders.get(s["uscc"]) else ""),
         p.get("certificate") or "", p.get("unit") or "")
        for n, s in enumerate(subjects, start=1) for p in teams.get(s["uscc"], ())), "team-table")
    reserve = _table((("分层", "short"), ("顺序", "n"), ("统一社会信用代码", "uscc"), ("市场主体名称", "text")), (
        (names.get(k, k) if k else "（全部）", n, s, names.get(s, "")) for k, ids in draw.get("reserve", {}).items()
        for n, s in enumerate(ids, start=1)), "reserve-table")
    recusals = _table((("市场主体", "text"), ("回避人员", "text"), ("方式", "text"), ("理由", "text"),
                       ("替代人员或交换对象", "text")), (
        (names.get(r["subject"], r["subject"]), _person(r.get("inspector")), _how(r),
         r["reason"] + ("（抽取前未申报利害关系）" if r.get("no_interest_declared_before_draw") else ""),
         _person(r.get("replacement")) if r.get("replacement") else _other(r.get("with_subject"), names))
        for r in draw.get("recusals", ())), "recusal-table")
    return {"subjects": drawn, "team": team, "reserve": reserve, "recusals": recusals}


def _inspections(shown: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> SiteTable:
    extra = [(key, title, kind) for key, title, kind in (("fed_back", "反馈日期", "day"),
                                                         ("opinion", "被检查对象意见建议", "text"))
             if any(key in i for i in shown)]
    # 检查人员 lists the whole team with their units: it gets a column of its own width ("people"), the days one
    # of a day's width (the two days wrap under each other), so that at 1280 px no column is squeezed
    return _table((("市场主体名称", "text"), ("统一社会信用代码", "uscc"), ("检查时间", "day"),
                   ("检查人员", "people"), ("发现问题", "text"), ("检查结果", "text"), ("处理情况", "short"),
                   *((t, kind) for _, t, kind in extra)), (
        (i["subject"].get("name") or names.get(i["subject"]["uscc"], ""), i["subject"]["uscc"],
         " 至 ".join(d for d in (i.get("started"), i.get("ended")) if d),
         "、".join(_person(p) for p in i.get("team", ())),
         "；".join(names.get(f["item"], f["item"]) + (f"：{f['note']}" if f.get("note") else "")
                  for f in i.get("problems", ())) or "无",
         i["result"]["label"] if i.get("result") else "",
         "、".join(i.get("handling", ())) if "handling" in i else "另行公示",
         *((i.get(key) or "") for key, _, _ in extra))
        for i in shown), "inspection-table")


NOT_STATED = "未载明"
"""What a table shows for a value the record does not state (a transfer letter's sender or 文号)."""


def _transfers(shown: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> SiteTable:
    """问题线索移交: a row per letter that transferred an inspection's problems (鹤壁 五(六)), departments by
    name; a sender or 文号 not recorded shows 未载明 (not stated)."""
    return _table((("市场主体名称", "text"), ("统一社会信用代码", "uscc"), ("移交日期", "day"), ("移交部门", "text"),
                   ("接收部门", "text"), ("文号", "text")), (
        (i["subject"].get("name") or names.get(i["subject"]["uscc"], ""), i["subject"]["uscc"], t["sent"],
         names.get(t["sender"], t["sender"]) if t.get("sender") else NOT_STATED, names.get(t["to"], t["to"]),
         t.get("letter") or NOT_STATED)
        for i in shown for t in i.get("transfers", ())), "transfer-table")


def _commits(commits: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> SiteTable:
    # a time (2026-11-18T10:00:00+08:00) is kept on one line on a desktop: kind "time"
    return _table((("台账序号", "n"), ("提交时间", "time"), ("清单哈希", "hash"), ("提交部门（角色）", "text"),
                   ("公开输入产生时间", "time"), ("重新提交理由", "text")), (
        (c.get("seq"), c.get("at") or "", c.get("manifest_hash"),
         f"{names.get(c.get('department') or '', c.get('department') or '')}（{c.get('role') or ''}）",
         c.get("produced_at") or "", c.get("reason") or "首次提交") for c in commits), "commit-table")


def _notice(manifest: Manifest | None, draw: Mapping[str, Any] | None,
            commits: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The pre-draw notice as it was posted: the manifest hash, the public input's source, form and time, and the
    first commit (a draw-v1 manifest announces no time and has none)."""
    if manifest is None or manifest.public_input_spec is None or not draw:
        return None
    spec = manifest.public_input_spec
    facts = [("清单哈希", draw["manifest_hash"]), ("公开输入来源", manifest.seed_source),
             ("公开输入产生时间", spec.produced_at), ("公开输入格式（唯一写法）", spec.describe_zh())]
    if commits:
        facts.append(("清单首次提交时间", str(commits[0].get("at") or "")))
    return {"facts": facts}


def _verification(draw: Mapping[str, Any], manifest: Manifest | None) -> dict[str, Any]:
    algorithm = manifest.algorithm if manifest is not None else draw.get("algorithm", "draw-v1")
    h = "SM3" if str(algorithm).endswith("-sm3") else "SHA-256"
    facts: list[tuple[str, Any]] = [("算法", algorithm), (f"清单哈希（{h}）", draw["manifest_hash"])]
    if manifest is not None:
        facts.append(("随机来源", manifest.seed_source))
    facts += [("公开输入", draw["public_input"]), ("随机种子", draw["seed"])]
    return {"facts": [(label, str(value)) for label, value in facts]}


def _external(external: Mapping[str, Any], draw: Mapping[str, Any]) -> list[tuple[str, str]]:
    file = external.get("file", {})
    return [(label, str(value or "")) for label, value in (
        ("抽取平台", external.get("platform")), ("任务编号", external.get("task")),
        ("抽取时间", external.get("drawn_at")), ("导出文件", file.get("name")),
        ("导出文件哈希（SHA-256）", file.get("sha256")), ("清单哈希", draw.get("manifest_hash")))]


def plan_context(public: Mapping[str, Any], *, manifest: Manifest | None, labels: Mapping[str, str],
                 files: Mapping[str, str]) -> dict[str, Any]:
    """The context of ``plan.html`` but ``site`` and ``charts`` (:mod:`random_inspection.io.site` adds them),
    from the disclosure's JSON; docs/exports.md lists each name."""
    names = dict(labels)
    draw = public.get("draw")
    commits = list(public.get("commits", ()))
    authority = public.get("authority", "")
    return {
        "plan": {
            "plan_id": public.get("plan_id", ""),
            "title": f"{authority}“双随机、一公开”抽查公示：{public.get('plan_id', '')}",
            "departments": "、".join(names.get(d, d) for d in public.get("departments", ())),
            "window": _window(public.get("window", ())),
            "platforms": "、".join(public.get("platforms", ())),
        },
        "notice": _notice(manifest, draw, commits),
        "draw": _draw(draw, names) if draw else None,
        "reserve_used": _table((("台账序号", "n"), ("时间", "time"), ("被替换对象", "text"), ("递补对象", "text"),
                                ("理由", "text")), (
            (r.get("seq"), r.get("at") or "", names.get(r["replaced"], r["replaced"]),
             names.get(r["reserve"], r["reserve"]), r.get("reason", "")) for r in public.get("reserve_used", ())),
            "reserve-used-table"),
        "deadline_departures": _table(tuple(zip(DEADLINE_DEPARTURE_COLUMNS, ("n", "time", "short", "short", "text",
                                                                             "text"), strict=True)),
                                      deadline_departure_rows(public, names), "deadline-departure-table"),
        "commits": _commits(commits, names),
        "redraws": _table((("被替换抽取的清单哈希", "hash"), ("公开输入", "short"), ("理由", "text")), (
            (r.get("manifest_hash", ""), redraw_input(r), r.get("reason", ""))
            for r in public.get("redraws", ())), "redraw-table"),
        "inspections": _inspections(list(public.get("inspections", ())), names),
        "transfers": _transfers(list(public.get("inspections", ())), names),
        "external_draw": _external(public["external_draw"], draw) if draw and public.get("external_draw") else None,
        "verification": _verification(draw, manifest) if draw else None,
        "ledger_head": (f"{public['ledger_head']['seq']}:{public['ledger_head']['hash']}"
                        if public.get("ledger_head") else None),
        "notes": notes(public.get("citations", {})),
        "withheld": "、".join(w["field"] for w in public.get("withheld", ())),
        "files": dict(files),
    }
