"""The publication site of a bureau (io/site.py): a page per plan and an index, from templates a bureau can
override, every page checked for personal data."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError, PersonalDataError
from random_inspection.io import disclosure_labels
from random_inspection.io.plan_data import PlanExport
from random_inspection.io.site import INDEX_FILE, SITE_FILE, build_site, write_site
from random_inspection.io.site_context import Publication, issuing_office, notes
from random_inspection.workflow import disclose
from tests.export_support import hebi_export, lengshuitan_export

ON = dt.date(2025, 10, 1)


def _publish(site: Path, export: PlanExport, on: dt.date = ON, **kw: object) -> list[Path]:
    public = disclose(export.profile, export.plan, export.draw, export.records, export.subjects, export.inspectors)
    office, basis = issuing_office(export)
    return write_site(site, export, public, Publication(on=on, office=office, basis=basis),
                      labels=disclosure_labels(export), **kw)  # type: ignore[arg-type]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if "style" not in self._in:
            self.text.append(data)


def _text(page: str) -> tuple[str, list[str]]:
    parsed = _Text()
    parsed.feed(page)
    return "".join(parsed.text), parsed.tags


def test_a_plan_page_and_its_bureaus_index(tmp_path: Path) -> None:
    export = hebi_export()
    written = _publish(tmp_path, export)
    folder = tmp_path / "hebi"
    assert {p.relative_to(folder).as_posix() for p in written} == {
        "HB-2020-07/index.html", "HB-2020-07/disclosure.json", "HB-2020-07/draw.json", "HB-2020-07/verify.html",
        "HB-2020-07/manifest.json", SITE_FILE, INDEX_FILE}
    page, tags = _text((folder / "HB-2020-07" / INDEX_FILE).read_text(encoding="utf-8"))
    # the issuing office (the joint plan's departments, by the profile's names) and the day, on every page
    for text in (page, _text((folder / INDEX_FILE).read_text(encoding="utf-8"))[0]):
        assert "发布机关：鹤壁市应急管理局、鹤壁市市场监督管理局" in text and "公示日期：2025年10月1日" in text
    (subject,) = export.draw.subjects
    for shown in (subject, export.subject_name(subject), "执法人员06（组长）", "豫A411005", "未开展风险辨识",
                  "另行公示", export.draw.seed, export.draw.manifest_hash):
        assert shown in page
    for heading in ("抽取结果", "检查组", "备选对象", "回避", "抽查清单提交记录", "重新抽取", "检查结果", "验证信息",
                    "说明"):
        assert heading in page
    assert "抽取前公告" not in page  # a draw-v1 manifest announced no time: there was no pre-draw notice
    assert "script" not in tags and "图表" not in page  # no charts given: no section
    for person in export.inspectors.values():
        assert person.phone not in page and person.id_number not in page
    # the disclosure and the files to re-run the draw beside the page, the verifier linked
    assert json.loads((folder / "HB-2020-07" / "disclosure.json").read_bytes())["plan_id"] == "HB-2020-07"
    assert 'href="verify.html"' in (folder / "HB-2020-07" / INDEX_FILE).read_text(encoding="utf-8")


def test_the_notes_say_what_each_citation_supports_once(tmp_path: Path) -> None:
    export = hebi_export()
    public = disclose(export.profile, export.plan, export.draw, export.records, export.subjects, export.inspectors)
    cited = public.to_json()["citations"]
    assert len(set(cited.values())) < len(cited)  # 五(五) supports three rules
    said = notes(cited)
    assert [n["citation"] for n in said] == list(dict.fromkeys(cited.values()))
    five_five = next(n for n in said if "五(五)" in n["citation"])
    assert five_five["supports"] == "公示平台、检查之后的处理（立案、处罚等）另行公示、公示主体"
    _publish(tmp_path, export)
    page = (tmp_path / "hebi" / "HB-2020-07" / INDEX_FILE).read_text(encoding="utf-8")
    section = page[page.index('id="notes"'):]
    assert section.count(five_five["citation"]) == 1


def test_the_issuing_office_comes_from_the_plan_or_the_profile_never_made_up() -> None:
    export = lengshuitan_export()
    assert issuing_office(export) == ("冷水滩区应急管理局", "检查部门")
    unnamed = attrs.evolve(export, department_names={})  # only the code: the issuer of the publication rule
    office, basis = issuing_office(unnamed)
    assert office == "冷水滩区应急管理局" and "第十七条" in basis
    assert issuing_office(unnamed, "冷水滩区人民政府办公室") == ("冷水滩区人民政府办公室", "export --office")


def test_the_index_lists_the_plans_newest_first_each_once(tmp_path: Path) -> None:
    first = lengshuitan_export()
    second = attrs.evolve(first, plan=attrs.evolve(first.plan, plan_id="LST-2025-10"))
    _publish(tmp_path, first, dt.date(2025, 9, 30))
    _publish(tmp_path, second, dt.date(2025, 10, 31))
    _publish(tmp_path, first, dt.date(2025, 10, 8))  # published again: its entry replaced
    listed = json.loads((tmp_path / "lengshuitan" / SITE_FILE).read_bytes())["plans"]
    assert [(p["plan_id"], p["published_on"]) for p in listed] == [("LST-2025-10", "2025-10-31"),
                                                                    ("LST-2025-09", "2025-10-08")]
    index = (tmp_path / "lengshuitan" / INDEX_FILE).read_text(encoding="utf-8")
    assert index.index("LST-2025-10/index.html") < index.index("LST-2025-09/index.html")
    assert "共 2 个抽查计划" in index and "2025年10月8日" in index and "2025年9月30日" not in index


def test_an_overriding_template_is_used(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "base.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}'
        '</title></head><body><div id="portal">冷水滩区人民政府门户网站</div>'
        "<p>{{ site.office }} {{ site.published_on_zh }}</p>{% block content %}{% endblock %}</body></html>",
        encoding="utf-8")
    _publish(tmp_path / "site", lengshuitan_export(), templates=templates)
    for page in (tmp_path / "site" / "lengshuitan" / INDEX_FILE, tmp_path / "site" / "lengshuitan" / "LST-2025-09"
                 / INDEX_FILE):
        text = page.read_text(encoding="utf-8")
        assert '<div id="portal">冷水滩区人民政府门户网站</div>' in text and "2025年10月1日" in text
        assert "<style>" not in text  # the built-in base.html (and its style) replaced
    assert "抽取结果" in (tmp_path / "site" / "lengshuitan" / "LST-2025-09" / INDEX_FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize("printed", ["咨询电话：138 3921 0016", "联系人身份证：410102199003070019"])
def test_a_template_printing_personal_data_is_refused_and_nothing_written(tmp_path: Path, printed: str) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "plan.html").write_text('{% extends "base.html" %}{% block content %}<p>' + printed
                                         + "</p>{% endblock %}", encoding="utf-8")
    with pytest.raises(PersonalDataError, match="shown text") as info:
        _publish(tmp_path / "site", lengshuitan_export(), templates=templates)
    assert printed[-6:] not in str(info.value)  # the error names the place, never the data
    assert not (tmp_path / "site").exists()


def test_a_template_in_an_attribute_is_checked_too(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.html").write_text('{% extends "base.html" %}{% block content %}<a href="tel:13839210016">'
                                          "联系我们</a>{% endblock %}", encoding="utf-8")
    with pytest.raises(PersonalDataError):
        _publish(tmp_path / "site", lengshuitan_export(), templates=templates)


def test_a_broken_template_or_a_missing_folder_is_refused_saying_which(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "plan.html").write_text("{% extends 'base.html' %}{% block content %}{{ no_such_name }}"
                                         "{% endblock %}", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"plan\.html") as info:
        _publish(tmp_path / "site", lengshuitan_export(), templates=templates)
    assert "docs/exports.md" in info.value.fix
    with pytest.raises(InvalidInputError, match="does not exist"):
        _publish(tmp_path / "site", lengshuitan_export(), templates=tmp_path / "nowhere")


@attrs.frozen
class _Chart:
    title: str
    svg: str


def test_charts_are_shown_as_svg_after_the_check(tmp_path: Path) -> None:
    export = lengshuitan_export()
    public = disclose(export.profile, export.plan, export.draw, [], export.subjects, export.inspectors)
    publication = Publication(on=ON, office="冷水滩区应急管理局", basis="检查部门")
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text x="0" y="9">3</text></svg>'
    files = build_site(tmp_path, export, public, publication, labels=disclosure_labels(export),
                       charts=[_Chart("检查结果分布", svg)])
    page = files[tmp_path / "lengshuitan" / "LST-2025-09" / INDEX_FILE].decode("utf-8")
    assert svg in page and "<figcaption>检查结果分布</figcaption>" in page
    with pytest.raises(PersonalDataError, match="chart 1"):
        build_site(tmp_path, export, public, publication, labels=disclosure_labels(export),
                   charts=[_Chart("检查结果分布", svg.replace(">3<", ">13839210016<"))])
    assert not (tmp_path / "lengshuitan").exists()  # build_site writes nothing


HOSTILE = st.text(alphabet=st.sampled_from(list("<>&\"'/=; scriptimgonerror()公司😀\U00020000")),
                  min_size=1, max_size=40).map(lambda s: "冷水滩" + s)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=HOSTILE)
def test_any_name_is_shown_as_text(tmp_path: Path, name: str) -> None:
    export = lengshuitan_export()
    first = export.draw.subjects[0]
    export = attrs.evolve(export, subjects={**export.subjects, first: attrs.evolve(export.subjects[first], name=name)})
    public = disclose(export.profile, export.plan, export.draw, [], export.subjects, export.inspectors)
    files = build_site(tmp_path, export, public, Publication(on=ON, office="冷水滩区应急管理局", basis="检查部门"),
                       labels=disclosure_labels(export))
    text, tags = _text(files[tmp_path / "lengshuitan" / "LST-2025-09" / INDEX_FILE].decode("utf-8"))
    assert export.subjects[first].name in text  # the name as the roster keeps it (stripped)
    assert set(tags) <= {"html", "head", "meta", "title", "style", "body", "header", "p", "a", "span", "time", "main",
                         "h1", "h2", "h3", "section", "table", "colgroup", "col", "thead", "tr", "th", "tbody", "td",
                         "dl", "dt", "dd", "ul", "li", "footer"}


def _transferred(letter: str) -> tuple[PlanExport, dict[str, object]]:
    """鹤壁's inspected plan whose problem went by letter ``letter`` from 市应急管理局 to 市市场监管局 (五(六))."""
    from random_inspection.workflow import Step, Transfer

    hebi = hebi_export()
    (record,) = hebi.records
    sent = Transfer("scjgj", {Step.TRANSFERRED: dt.date(2020, 7, 28)}, letter="鹤应急函〔2020〕3号", sender="yjj")
    hebi = attrs.evolve(hebi, records=(attrs.evolve(record, transfers=(sent,)),))
    public = disclose(hebi.profile, hebi.plan, hebi.draw, hebi.records, hebi.subjects, hebi.inspectors).to_json()
    public["inspections"][0]["transfers"][0]["letter"] = letter  # as a disclosure JSON given to build_site holds it
    return hebi, public


def test_the_plan_page_lists_the_transfer_letters(tmp_path: Path) -> None:
    hebi, public = _transferred("鹤应急函〔2020〕3号")
    files = build_site(tmp_path, hebi, public, Publication(on=ON, office="鹤壁市应急管理局", basis="检查部门"),
                       labels=disclosure_labels(hebi))
    page = files[tmp_path / "hebi" / "HB-2020-07" / INDEX_FILE].decode("utf-8")
    text, _ = _text(page)
    assert '<section id="transfers"><h2>问题线索移交</h2>' in page and 'id="transfer-table"' in page
    assert "2020-07-28鹤壁市应急管理局鹤壁市市场监督管理局鹤应急函〔2020〕3号" in text
    assert [label for label in ("移交日期", "移交部门", "接收部门", "文号") if f'data-label="{label}"' in page] == [
        "移交日期", "移交部门", "接收部门", "文号"]  # each cell labelled for the phone's cards
    plain = build_site(tmp_path / "other", lengshuitan_export(), disclose(*_parts(lengshuitan_export())),
                       Publication(on=ON, office="冷水滩区应急管理局", basis="检查部门"),
                       labels=disclosure_labels(lengshuitan_export()))
    assert not any(b"transfer-table" in data for data in plain.values())  # no letter, no section


def test_a_letter_whose_sender_and_number_were_not_recorded_shows_them_as_not_stated(tmp_path: Path) -> None:
    hebi, public = _transferred("")
    del public["inspections"][0]["transfers"][0]["sender"]  # as a letter recorded before they were
    del public["inspections"][0]["transfers"][0]["letter"]
    files = build_site(tmp_path, hebi, public, Publication(on=ON, office="鹤壁市应急管理局", basis="检查部门"),
                       labels=disclosure_labels(hebi))
    text, _ = _text(files[tmp_path / "hebi" / "HB-2020-07" / INDEX_FILE].decode("utf-8"))
    assert "2020-07-28未载明鹤壁市市场监督管理局未载明" in text


def _parts(export: PlanExport) -> tuple[object, ...]:
    return (export.profile, export.plan, export.draw, export.records, export.subjects, export.inspectors)


def test_a_transfer_letter_holding_a_phone_number_is_refused_on_the_page(tmp_path: Path) -> None:
    hebi, public = _transferred("鹤应急函〔2020〕3号，联系电话13839210016")
    with pytest.raises(PersonalDataError, match="shown text"):
        build_site(tmp_path, hebi, public, Publication(on=ON, office="鹤壁市应急管理局", basis="检查部门"),
                   labels=disclosure_labels(hebi))


def test_a_redraw_the_store_recorded_shows_the_public_input_of_the_draw_set_aside(tmp_path: Path) -> None:
    from random_inspection.io.disclosure_page import redraw_input
    from random_inspection.workflow.redraw_record import Redraw

    old, new = "a" * 64, "b" * 64
    local = {"entry": 7, "at": "2020-07-03T10:00:00+08:00", "reason": "骰子落地不稳，重掷", "manifest_hash": new,
             "set_aside": {"manifest_hash": old, "seed": "c" * 64, "public_input": "3 5 1 6", "entry": 5}}
    platform = {**local, "set_aside": {"manifest_hash": old, "platform": "国家企业信用信息公示系统（河南）",
                                       "task": "HB-2020-07-任务1", "file_sha256": "d" * 64, "entry": 5}}
    assert redraw_input(local) == "3 5 1 6"
    assert redraw_input(platform) == "国家企业信用信息公示系统（河南）、HB-2020-07-任务1"
    assert redraw_input({"manifest_hash": old, "public_input": "1 2", "reason": "x"}) == "1 2"  # given by hand
    hebi = hebi_export()
    public = disclose(*_parts(hebi), redraws=[Redraw.from_json(local)]).to_json()
    files = build_site(tmp_path, hebi, public, Publication(on=ON, office="鹤壁市应急管理局", basis="检查部门"),
                       labels=disclosure_labels(hebi))
    text, _ = _text(files[tmp_path / "hebi" / "HB-2020-07" / INDEX_FILE].decode("utf-8"))
    assert "3 5 1 6骰子落地不稳，重掷" in text
