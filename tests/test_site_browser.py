"""The publication site in headless Chromium (tests/browser_support.py), at a desktop's width (1280 px) and a
phone's (390 px): the DOM, the layout measured over the DevTools pipe, and screenshots.

At 1280 px every 统一社会信用代码 cell is one line and the names read in lines of many characters; at 390 px
every table is a column of cards and nothing scrolls sideways. A hostile subject name is text, not an element;
a bureau's own template is the one rendered.

Skips when Chromium is missing, unless ``RANDOM_INSPECTION_REQUIRE_BROWSER=1`` (CI), when it fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from random_inspection.io import disclosure_labels
from random_inspection.io.plan_data import PlanExport
from random_inspection.io.site import INDEX_FILE, write_site
from random_inspection.io.site_context import Publication, issuing_office
from random_inspection.workflow import Commitment, Step, Transfer, disclose
from tests.browser_support import Pipe, run_chromium
from tests.export_support import hebi_export, lengshuitan_export
from tests.test_disclosure_browser import _Dom, _png_pixels

HOSTILE = "冷水滩<script>document.title='x'</script>示例公司"


@attrs.frozen
class Site:
    folder: Path
    lengshuitan: Path
    hebi: Path
    hostile: str


COMMITS = (Commitment(1, "2020-07-10T10:00:00+08:00", "c" * 64, "office", "yjj", None, "2020-07-13T09:30:00+08:00"),
           Commitment(2, "2020-07-11T10:00:00+08:00", "d" * 64, "office", "yjj", "清单调整",
                      "2020-07-13T09:30:00+08:00"))
LETTER = "鹤应急函〔2020〕3号"


def _publish(folder: Path, export: PlanExport, commits: tuple[Commitment, ...] = (), **kw: object) -> Path:
    public = disclose(export.profile, export.plan, export.draw, export.records, export.subjects, export.inspectors,
                      commits=commits)
    office, basis = issuing_office(export)
    write_site(folder, export, public, Publication(on=dt.date(2025, 10, 8), office=office, basis=basis),
               labels=disclosure_labels(export), **kw)  # type: ignore[arg-type]
    return folder / export.profile.code / export.plan.plan_id / INDEX_FILE


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """冷水滩's plan (a recusal; the first subject's name hostile HTML) and 鹤壁's inspected joint plan."""
    export = lengshuitan_export()
    first = export.draw.subjects[0]
    export = attrs.evolve(export, subjects={**export.subjects,
                                            first: attrs.evolve(export.subjects[first], name=HOSTILE)})
    folder = tmp_path_factory.mktemp("site")
    return Site(folder, _publish(folder, export), _publish(folder, _hebi_transferred(), COMMITS), first)


def _hebi_transferred() -> PlanExport:
    """鹤壁's inspected plan, its problem transferred by letter to 市市场监管局 (五(六)), and its two commits."""
    hebi = hebi_export()
    (record,) = hebi.records
    letter = Transfer("scjgj", {Step.TRANSFERRED: dt.date(2020, 7, 28)}, letter=LETTER, sender="yjj")
    return attrs.evolve(hebi, records=(attrs.evolve(record, transfers=(letter,)),))


def test_the_dom_shows_the_plan_with_the_hostile_name_as_text(site: Site) -> None:
    dom = _Dom()
    dom.feed(run_chromium("--dump-dom", site.lengshuitan.as_uri()).stdout.decode("utf-8"))
    text = "".join(dom.text)
    assert HOSTILE in text and "script" not in dom.tags
    assert dom.headings[0] == "冷水滩区“双随机、一公开”抽查公示：LST-2025-09"
    assert {"抽取结果", "检查组", "回避", "验证信息", "说明"} <= set(dom.headings)
    assert "发布机关：冷水滩区应急管理局" in text and "公示日期：2025年10月8日" in text


def test_the_dom_shows_the_transfer_letters(site: Site) -> None:
    dom = _Dom()
    dom.feed(run_chromium("--dump-dom", site.hebi.as_uri()).stdout.decode("utf-8"))
    text = "".join(dom.text)
    assert "问题线索移交" in dom.headings and "问题线索移交" not in _headings(site.lengshuitan)
    assert f"2020-07-28鹤壁市应急管理局鹤壁市市场监督管理局{LETTER}" in text  # day, sender, receiver, 文号


def _headings(page: Path) -> list[str]:
    dom = _Dom()
    dom.feed(page.read_text(encoding="utf-8"))
    return dom.headings


@pytest.fixture
def desktop() -> Iterator[Pipe]:
    pipe = Pipe("--window-size=1280,900")
    yield pipe
    pipe.close()


LAYOUT = """(() => {
  const line = (el) => parseFloat(getComputedStyle(el).lineHeight);
  const cells = [...document.querySelectorAll('td.uscc')].map((td) => {
    const r = document.createRange(); r.selectNodeContents(td);
    return {text: td.textContent, lines: r.getClientRects().length, height: r.getBoundingClientRect().height,
            line: line(td)};
  });
  const names = [...document.querySelectorAll("td[data-label='市场主体名称']")].map((td) => ({
    text: td.textContent, width: td.getBoundingClientRect().width, em: parseFloat(getComputedStyle(td).fontSize)}));
  const rows = [...document.querySelectorAll('tbody tr')].map((tr) => getComputedStyle(tr).display);
  const heads = [...document.querySelectorAll('thead')].map((t) => getComputedStyle(t).display);
  return {cells, names, rows, heads, scroll: document.documentElement.scrollWidth,
          width: document.documentElement.clientWidth};
})()"""


def test_at_1280_px_a_credit_code_is_one_line_and_tables_are_tables(site: Site, desktop: Pipe) -> None:
    for page in (site.lengshuitan, site.hebi):
        desktop.open(page.as_uri())
        got = desktop.evaluate(LAYOUT)
        assert got["cells"] and all(len(c["text"]) == 18 for c in got["cells"])
        for cell in got["cells"]:  # one line box, one line high
            assert cell["lines"] == 1 and cell["height"] <= 1.2 * cell["line"], cell
        for name in got["names"]:  # a name reads in a line of at least ten characters, not two a line
            assert name["width"] >= 10 * name["em"], name
        assert set(got["rows"]) == {"table-row"} and set(got["heads"]) == {"table-header-group"}
        assert got["scroll"] <= got["width"]


def test_at_390_px_rows_are_cards_and_nothing_scrolls_sideways(site: Site) -> None:
    pipe = Pipe("--window-size=390,844")
    try:
        for page in (site.lengshuitan, site.hebi):
            pipe.open(page.as_uri())
            pipe.send("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=1, mobile=True)
            got = pipe.evaluate(LAYOUT)
            assert got["width"] == 390
            assert set(got["rows"]) == {"block"} and set(got["heads"]) == {"none"}  # cards, labelled cells
            assert got["scroll"] <= got["width"], got["scroll"]
            label = pipe.evaluate("getComputedStyle(document.querySelector('td.uscc'), '::before').content")
            assert label == '"统一社会信用代码"'
    finally:
        pipe.close()


def _ink(path: Path) -> tuple[int, int, list[int], list[int]]:
    """Width, height, the rows and the columns holding dark pixels (text, rules)."""
    width, height, rows = _png_pixels(path.read_bytes())
    inked_rows = [y for y, row in enumerate(rows) if any(v < 110 for v in row)]
    columns = sorted({x // 3 for row in rows for x, v in enumerate(row) if v < 110})
    return width, height, inked_rows, columns


def test_screenshots_at_both_widths(site: Site, tmp_path: Path) -> None:
    wide, narrow = tmp_path / "1280.png", tmp_path / "390.png"
    run_chromium("--hide-scrollbars", "--window-size=1280,1400", f"--screenshot={wide}", site.hebi.as_uri())
    run_chromium("--hide-scrollbars", "--window-size=390,1400", f"--screenshot={narrow}", site.hebi.as_uri())
    width, height, rows, columns = _ink(wide)
    assert (width, height) == (1280, 1400)
    assert len(rows) > height // 5 and rows[0] < 60 and rows[-1] > height - 200  # text down the whole screen
    assert columns[0] < 80 and columns[-1] > 1160  # the tables use the width of a desktop
    width, height, rows, columns = _ink(narrow)
    assert (width, height) == (390, 1400)
    assert len(rows) > height // 5 and rows[0] < 60 and rows[-1] > height - 200
    assert columns[-1] < 390 - 4  # nothing drawn past the right edge: no sideways overflow


def test_a_bureaus_own_template_is_the_one_the_browser_shows(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "base.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}'
        '</title></head><body><h1 id="portal">鹤壁市人民政府门户网站</h1>{% block content %}{% endblock %}</body>'
        "</html>", encoding="utf-8")
    page = _publish(tmp_path / "site", hebi_export(), templates=templates)
    dom = _Dom()
    dom.feed(run_chromium("--dump-dom", page.as_uri()).stdout.decode("utf-8"))
    assert dom.headings[0] == "鹤壁市人民政府门户网站" and "抽取结果" in dom.headings


COLUMNS = """(() => [...document.querySelectorAll('table')].map((t) => ({id: t.id,
  em: parseFloat(getComputedStyle(t).fontSize),
  cols: [...t.querySelectorAll('thead th')].map((th) => [th.textContent, th.getBoundingClientRect().width])})))()"""

LEAST_EM = {"序号": 3.5, "台账序号": 3.5, "顺序": 3.5, "统一社会信用代码": 13, "检查人员": 16, "市场主体名称": 10,
            "检查时间": 7, "处理情况": 7, "反馈日期": 7}
"""The least width of a column at 1280 px, in the table's em: the team of 检查结果 (each person with the 执法证号)
reads in lines of 16 characters at least; every other column not named here 7 at least."""


def test_at_1280_px_every_column_has_room(site: Site, desktop: Pipe) -> None:
    seen = set()
    for page in (site.lengshuitan, site.hebi):
        desktop.open(page.as_uri())
        for table in desktop.evaluate(COLUMNS):
            for label, width in table["cols"]:
                seen.add((table["id"], label))
                assert width >= LEAST_EM.get(label, 7) * table["em"], (page.parent.name, table["id"], label, width)
    assert ("inspection-table", "检查人员") in seen and ("inspection-table", "发现问题") in seen


TIMES = """(() => {
  const cells = [...document.querySelectorAll('td.time')].map((td) => {
    const r = document.createRange(); r.selectNodeContents(td);
    return {text: td.textContent, lines: r.getClientRects().length, height: r.getBoundingClientRect().height,
            line: parseFloat(getComputedStyle(td).lineHeight), inside: r.getBoundingClientRect().right
              <= td.getBoundingClientRect().right + 0.5, label: td.dataset.label};
  });
  const letters = [...document.querySelectorAll('#transfer-table tbody tr')].map((tr) => ({
    display: getComputedStyle(tr).display, right: tr.getBoundingClientRect().right,
    cells: [...tr.querySelectorAll('td')].map((td) => [td.dataset.label, td.textContent])}));
  return {cells, letters, scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth};
})()"""


def _times_and_letters(pipe: Pipe, page: Path) -> dict[str, object]:
    pipe.open(page.as_uri())
    got: dict[str, object] = pipe.evaluate(TIMES)
    return got


def test_a_commit_time_is_one_line_at_1280_px_and_the_letters_are_a_table(site: Site, desktop: Pipe) -> None:
    got = _times_and_letters(desktop, site.hebi)
    cells = got["cells"]
    assert isinstance(cells, list) and [c["label"] for c in cells] == ["提交时间", "公开输入产生时间"] * 2
    for cell in cells:  # 2020-07-10T10:00:00+08:00 whole on one line, inside its cell
        assert cell["text"] == cell["text"].strip() and len(cell["text"]) == 25
        assert cell["lines"] == 1 and cell["height"] <= 1.2 * cell["line"] and cell["inside"], cell
    letters = got["letters"]
    assert isinstance(letters, list) and [r["display"] for r in letters] == ["table-row"]
    assert dict(letters[0]["cells"]) == {"市场主体名称": dict(letters[0]["cells"])["市场主体名称"],
                                         "统一社会信用代码": dict(letters[0]["cells"])["统一社会信用代码"],
                                         "移交日期": "2020-07-28", "移交部门": "鹤壁市应急管理局",
                                         "接收部门": "鹤壁市市场监督管理局", "文号": LETTER}
    assert got["scroll"] == got["width"]


def test_a_commit_time_and_the_letters_read_at_390_px(site: Site) -> None:
    pipe = Pipe("--window-size=390,844")
    try:
        pipe.open(site.hebi.as_uri())
        pipe.send("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=1, mobile=True)
        got: dict[str, object] = pipe.evaluate(TIMES)
        cells = got["cells"]
        assert isinstance(cells, list) and len(cells) == 4
        for cell in cells:  # a labelled card line: the label above, the time on one line of its own under it
            assert cell["lines"] == 1 and cell["inside"], cell
        letters = got["letters"]
        assert isinstance(letters, list) and [r["display"] for r in letters] == ["block"]  # a card
        assert letters[0]["right"] <= 390 and got["scroll"] <= got["width"] == 390
    finally:
        pipe.close()
