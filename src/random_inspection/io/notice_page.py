"""The pre-draw notice (抽查公告, :func:`random_inspection.workflow.pre_draw_notice`) as canonical JSON and as one
static HTML page, in the disclosure page's style: what a bureau posts after committing a plan and before the dice.
"""

from __future__ import annotations

import html
from pathlib import Path

from random_inspection.io.atomic import write_bytes_atomic, write_text_atomic
from random_inspection.io.disclosure_page import STYLE, _Page, commits_section, head_section
from random_inspection.io.filenames import plan_file_stem
from random_inspection.messages import tr
from random_inspection.sampling import canonical_json
from random_inspection.workflow import PreDrawNotice, check_public

__all__ = ["render_notice_html", "write_notice"]


def render_notice_html(notice: PreDrawNotice) -> str:
    """The notice as one self-contained HTML page (no script, no external file), every shown text checked for
    personal data.

    Raises:
        PersonalDataError: personal data in the notice (a commit's reason), naming the field.
    """
    data = notice.to_json()
    check_public(data, where="notice.html")
    page = _Page()
    e = page.e
    title = f"{notice.authority}“双随机、一公开”抽查公告（抽取前）"
    page.add(f"<header><h1>{e(title)}</h1>")
    page.add(f'<p class="meta">计划编号：<span class="code">{e(notice.plan_id)}</span>；检查部门：'
             f'{e("、".join(notice.departments))}；检查时间段：'
             f'{e(" 至 ".join(d.isoformat() for d in notice.window))}</p></header>')
    page.add(f'<section id="draw-to-come"><h2>{e("随机抽取安排")}</h2><dl>')
    for label, value in (("算法", notice.algorithm), ("清单哈希", notice.manifest_hash),
                         ("公开输入来源", notice.source), ("公开输入产生时间", notice.produced_at),
                         ("公开输入格式（唯一写法）", notice.form), ("清单发布地址", notice.manifest_url or "")):
        if value:
            page.add(f'<dt>{e(label)}</dt><dd class="code">{e(value)}</dd>')
    page.add("</dl>")
    note = ("清单（全部抽取对象、执法检查人员和抽取规则）在公开输入产生之前已冻结，其哈希如上。"
            "抽取结果由清单和公开输入唯一确定，任何人可以复核；此后更换清单或在公开输入产生后提交，均会在公示中显示。")
    page.add(f'<p class="note">{e(note)}</p>')
    if notice.platform is not None:
        said = (f"依{notice.platform[1]}，抽取在{notice.platform[0]}上进行：平台的抽取结果导入后记入台账"
                "（平台、任务编号、导出文件哈希），并在公示中列明；平台的抽取须晚于上列清单提交。")
        if notice.platform_task is not None:
            said += f"平台任务编号：{notice.platform_task}；导入其他任务须说明理由，并在公示中列明。"
        page.add(f'<p class="note" id="platform">{e(said)}</p>')
    page.add("</section>")
    commits_section(page, data["commits"])
    head_section(page, data["ledger_head"])
    check_public(page.shown, free_text=(), where=tr("{file}, shown text", file="notice.html"))
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(page.parts) + "\n</main>\n</body>\n</html>\n")


def write_notice(folder: str | Path, notice: PreDrawNotice) -> list[Path]:
    """Write ``PLAN_ID.notice.json`` (canonical JSON) and ``PLAN_ID.notice.html`` into ``folder``; both are checked
    before the first is written.

    Raises:
        PersonalDataError: personal data in the notice, naming the field.
    """
    data = notice.to_json()
    check_public(data, where="notice.json")
    page = render_notice_html(notice)
    folder = Path(folder)
    stem = plan_file_stem(notice.plan_id)
    written = [folder / f"{stem}.notice.json", folder / f"{stem}.notice.html"]
    write_bytes_atomic(written[0], canonical_json(data))
    write_text_atomic(written[1], page)
    return written
