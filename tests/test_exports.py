"""Exports: 鹤壁 附件1–4 and 冷水滩 涉企检查登记备案表 read back with openpyxl and held against the source's layout;
draw results and reports as CSV (with a byte-order mark) and XLSX; the disclosure as canonical JSON and as a static
HTML page, escaped, free of personal data, and enough to re-run the draw."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from random_inspection.errors import InvalidInputError
from random_inspection.io import (
    PlanExport,
    Table,
    disclosure_json,
    disclosure_labels,
    draw_tables,
    export_plan,
    read_csv,
    render_disclosure_html,
    report_tables,
    verifier_html,
    write_csv,
    write_disclosure,
    write_draw_results,
    write_plan_forms,
    write_reports,
    write_xlsx_tables,
)
from random_inspection.sampling import Manifest, build_manifest, derive_seed, draw, verify
from random_inspection.workflow import InspectionKind, InspectionRecord, Redraw, Step, disclose, ratio_against_floor
from random_inspection_profiles.hebi.forms import (
    RECORD_NOTE,
    TITLES,
    write_inspector_form,
    write_record_forms,
    write_statistics_form,
    write_summary_form,
)
from random_inspection_profiles.hebi.reports import SUMMARY_RESULT_HEADERS, summary_headers
from random_inspection_profiles.lengshuitan.forms import FILING_FORM_TITLE, write_filing_forms
from tests.export_support import (
    HEBI_PEOPLE,
    REGISTRY,
    hebi_export,
    lengshuitan_export,
    public_of,
)

SOURCE = (Path(__file__).resolve().parents[1] / "profiles" / "sources" / "hebi.txt").read_text(encoding="utf-8")
LINES = SOURCE.splitlines()


def source_row(first: str) -> list[str]:
    """The tab-separated cells of the source's line starting with ``first``, empty cells dropped, the narrow
    columns' line breaks (spaces) taken out."""
    line = next(x for x in LINES if x.startswith(first))
    return [c.replace(" ", "") for c in line.split("\t") if c.strip()]


def values(ws: Worksheet) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def merged(ws: Worksheet) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


@pytest.fixture(scope="module")
def hebi() -> PlanExport:
    return hebi_export()


@pytest.fixture(scope="module")
def lst() -> PlanExport:
    return lengshuitan_export()


class TestHebiForms:
    def test_titles_are_the_sources(self) -> None:
        for attachment, title in TITLES.items():
            at = LINES.index(f"附件 {attachment[-1]}")
            assert title in LINES[at:at + 4], attachment

    def test_attachment_1_lists_every_team_member_with_the_columns_of_the_source(self, hebi: PlanExport,
                                                                                 tmp_path: Path) -> None:
        ws = load_workbook(write_inspector_form(tmp_path / "a1.xlsx", hebi))["附件1"]
        rows = values(ws)
        assert rows[0][0] == "附件1" and rows[1][0] == TITLES["附件1"] and "A2:H2" in merged(ws)
        assert list(rows[2]) == source_row("序号\t姓名")
        team = [p for _, t in hebi.draw.teams for p in t]
        people = {p.id: p for p in HEBI_PEOPLE}
        body = rows[3:3 + len(team)]
        assert [r[1] for r in body] == [people[p].name for p in team]
        for n, (row, pid) in enumerate(zip(body, team, strict=True), start=1):
            p = people[pid]
            assert row == (n, p.name, p.gender.value if p.gender else None, row[3], p.title, p.certificate.number,
                           p.phone, p.id_number)
            assert p.unit in row[3] and row[3].startswith(hebi.department_name(p.department))
        assert "不予公开" in rows[3 + len(team)][0] and "身份证号" in rows[3 + len(team)][0]
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
        assert ws.column_dimensions["D"].width >= 2 * len("鹤壁市应急管理局")  # fits the Chinese unit
        assert ws["A3"].border.left.style == "thin" and ws["H3"].font.b

    @pytest.mark.parametrize("unit", ["工贸科", "鹤壁市应急管理局工贸科"])
    def test_attachment_1_names_the_department_once_in_the_unit(self, hebi: PlanExport, tmp_path: Path,
                                                                unit: str) -> None:
        team = [p for _, t in hebi.draw.teams for p in t]
        ours = next(p for p in team if hebi.inspectors[p].department == "yjj")
        people = {**hebi.inspectors, ours: attrs.evolve(hebi.inspectors[ours], unit=unit)}
        ws = load_workbook(write_inspector_form(tmp_path / "a1.xlsx", attrs.evolve(hebi, inspectors=people)))["附件1"]
        row = 4 + team.index(ours)
        assert ws.cell(row=row, column=2).value == people[ours].name
        assert ws.cell(row=row, column=4).value == "鹤壁市应急管理局工贸科"

    def test_attachment_2_is_the_statistics_table_with_the_source_columns(self, hebi: PlanExport,
                                                                          tmp_path: Path) -> None:
        ws = load_workbook(write_statistics_form(tmp_path / "a2.xlsx", hebi))["附件2"]
        rows = values(ws)
        assert rows[1][0] == TITLES["附件2"] and "A2:M2" in merged(ws)
        assert list(rows[2]) == source_row("抽取序号")
        (uscc,) = hebi.draw.subjects
        s = hebi.subjects[uscc]
        row = rows[3]
        assert row[:3] == ("1", s.name, uscc) and row[4] == s.contact.legal_representative
        assert row[6] == s.contact.phone and row[7:9] == ("鹤壁市应急管理局", "鹤壁市市场监督管理局")
        assert row[10:] == ("发现问题已责令改正", "责令改正", "否")
        assert "不予公开" in rows[4][0] and ws.page_setup.orientation == "landscape"

    def test_attachment_2_before_the_inspection_lists_the_drawn_subject_with_no_result(self, tmp_path: Path) -> None:
        export = hebi_export(inspected=False)
        rows = values(load_workbook(write_statistics_form(tmp_path / "a2.xlsx", export))["附件2"])
        (uscc,) = export.draw.subjects
        assert rows[3][:3] == ("1", export.subjects[uscc].name, uscc)
        assert rows[3][9] == "、".join(export.inspector_name(p) for p in export.team(uscc))
        assert rows[3][10:] == (None, None, None)

    def test_attachment_3_has_the_two_level_header_of_the_source(self, hebi: PlanExport, tmp_path: Path) -> None:
        ws = load_workbook(write_summary_form(tmp_path / "a3.xlsx", hebi))["附件3"]
        rows = values(ws)
        assert rows[1][0] == TITLES["附件3"]
        assert {"A2:N2", "A3:A4", "B3:B4", "C3:J3", "K3:N3"} <= merged(ws)
        assert [c for c in rows[2] if c] == source_row("单位\t抽查户数")
        second = LINES[LINES.index(next(x for x in LINES if x.startswith("单位\t抽查户数"))) + 1]
        assert list(rows[3][2:]) == [c.replace(" ", "") for c in second.split("\t") if c.strip()]
        assert rows[3][2:10] == SUMMARY_RESULT_HEADERS
        # one inspection by 市应急管理局, result 5, ordered to correct: counted under 发现问题已责令改正 and 责令改正
        assert rows[4] == ("鹤壁市应急管理局", 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0)
        assert rows[5] == ("合计", 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0)
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$4"

    def test_the_summary_headers_fall_back_to_the_schemes_labels(self) -> None:
        scheme = REGISTRY.resolve("xuchang", dt.date(2025, 9, 30)).value("results.scheme", None)
        hebi_scheme = REGISTRY.resolve("hebi", dt.date(2020, 7, 13)).value("results.scheme")
        assert summary_headers(hebi_scheme)[0] == SUMMARY_RESULT_HEADERS
        if scheme is not None:
            assert summary_headers(scheme)[0] == tuple(c.label for c in scheme)
        changed = attrs.evolve(hebi_scheme, codes=hebi_scheme.codes[:7])
        assert summary_headers(changed)[0] == tuple(c.label for c in hebi_scheme.codes[:7])

    def test_attachment_4_is_a_form_per_drawn_subject(self, hebi: PlanExport, tmp_path: Path) -> None:
        wb = load_workbook(write_record_forms(tmp_path / "a4.xlsx", hebi))
        (uscc,) = hebi.draw.subjects
        s = hebi.subjects[uscc]
        assert wb.sheetnames == [f"1-{s.name}"]
        ws = wb.worksheets[0]
        rows = values(ws)
        assert rows[1][0] == TITLES["附件4"] and "A2:D2" in merged(ws)
        for row, first in zip(rows[2:7], ("市场主体法人签字", "市场主体名称", "注册号", "经营范围", "成立日期"),
                              strict=True):
            source = source_row(first)
            assert (row[0], row[2]) == (source[0], source[-1])
        assert rows[2][3] == "2020-07-20" and rows[3][1] == s.name and rows[6][1] == "年 月 日"
        assert rows[7][0] == "经营地址" and "B8:D8" in merged(ws)
        assert list(rows[8]) == source_row("检查单位\t抽查事项")
        # the items: 应急管理局's first, as in the source, each department's name merged down its items
        items = [i for i in hebi.checklist.values()]
        yjj = [i.name for i in items if i.department == "yjj"]
        scjgj = [i.name for i in items if i.department == "scjgj"]
        body = rows[9:9 + len(yjj) + len(scjgj)]
        assert [r[1] for r in body] == yjj + scjgj
        assert body[0][0] == "鹤壁市应急管理局" and body[len(yjj)][0] == "鹤壁市市场监督管理局"
        assert {f"A10:A{9 + len(yjj)}", f"A{10 + len(yjj)}:A{9 + len(yjj) + len(scjgj)}"} <= merged(ws)
        for name in yjj + scjgj:  # every item of the source's form is there
            assert any(line.strip().endswith(name) or f"\t{name}\t" in line for line in LINES), name
        assert body[0][2] == "不符合：未开展风险辨识" and body[1][2] == "符合" and body[2][2] is None
        after = rows[9 + len(yjj) + len(scjgj):]
        assert after[0][0] == "处理意见" and after[0][1] == "检查结果：5. 发现问题已责令改正；处理：责令改正"
        note = re.search(r"<p>(.*)</p>", next(x for x in LINES if x.startswith("备注"))).group(1)
        assert after[1] == ("备注", note, None, None) and note == RECORD_NOTE
        assert "不予公开" in after[2][0] and ws.page_setup.orientation == "portrait"

    def test_attachment_4_has_as_many_sheets_as_subjects_drawn(self, lst: PlanExport, tmp_path: Path) -> None:
        wb = load_workbook(write_record_forms(tmp_path / "a4.xlsx", lst))
        assert wb.sheetnames == [f"{n}-{lst.subject_name(s)}" for n, s in enumerate(lst.draw.subjects, start=1)]
        for ws, uscc in zip(wb.worksheets, lst.draw.subjects, strict=True):
            assert ws["B4"].value == lst.subject_name(uscc)
            names = {ws.cell(row=r, column=2).value for r in range(10, ws.max_row + 1)}
            assert {lst.item_name(c) for c in lst.items(uscc)} <= names

    def test_plan_forms_follow_the_profile(self, hebi: PlanExport, lst: PlanExport, tmp_path: Path) -> None:
        written = write_plan_forms(tmp_path / "hebi", hebi)
        assert [p.name for p in written] == [
            "附件1_随机抽取执法检查人员信息表.xlsx", "附件2_联合抽查统计表.xlsx", "附件3_联合抽查汇总表.xlsx",
            "附件4_联合抽查记录表.xlsx"]
        assert all(p.exists() and load_workbook(p).sheetnames for p in written)
        assert [p.name for p in write_plan_forms(tmp_path / "lst", lst)] == [f"{FILING_FORM_TITLE}.xlsx"]
        xuchang = attrs.evolve(lst, profile=REGISTRY.resolve("xuchang", dt.date(2025, 9, 30)))
        assert write_plan_forms(tmp_path / "xc", xuchang) == []


class TestWholePlan:
    def test_export_plan_writes_forms_tables_reports_and_the_public_files(self, hebi: PlanExport,
                                                                           lst: PlanExport, tmp_path: Path) -> None:
        written = export_plan(tmp_path / "hebi", hebi, manifest_url="https://example.org/m.json")
        assert [p.name for p in written["forms"]] == [
            "附件1_随机抽取执法检查人员信息表.xlsx", "附件2_联合抽查统计表.xlsx", "附件3_联合抽查汇总表.xlsx",
            "附件4_联合抽查记录表.xlsx"]
        assert written["draw"][0].name == "抽取结果.xlsx"
        assert [p.name for p in written["reports"]] == ["报告.xlsx", "报告-汇总表.csv", "报告-联合抽查汇总表.csv"]
        assert [p.name for p in written["public"]] == ["disclosure.json", "disclosure.html", "manifest.json",
                                                       "draw.json", "verify.html"]
        public = json.loads(written["public"][0].read_bytes())
        assert public["draw"]["manifest_hash"] == hebi.draw.manifest_hash
        assert public["inspections"][0]["result"]["label"] == "发现问题已责令改正"
        assert "handling" not in public["inspections"][0]  # 鹤壁 五(五): the inspection only
        header, rows = read_csv(written["reports"][1])
        assert header[:2] == ("单位", "抽查户数") and rows[0][:2] == ("鹤壁市应急管理局", "1")
        assert all(p.parent.parent == tmp_path / "hebi" for ps in written.values() for p in ps)
        # 冷水滩 has no result scheme of its own: its reports count the subjects inspected; its 备案表 is its form
        written = export_plan(tmp_path / "lst", lst)
        assert [p.name for p in written["reports"]] == ["报告.xlsx", "报告-汇总表.csv"]
        assert read_csv(written["reports"][1]) == (("单位", "抽查户数", "发现问题户数"), [("合计", "0", "0")])
        assert [p.name for p in written["forms"]] == [f"{FILING_FORM_TITLE}.xlsx"]

    def test_reports_carry_the_indicators(self, hebi: PlanExport, tmp_path: Path) -> None:
        indicator = ratio_against_floor(REGISTRY.resolve("xuchang", dt.date(2025, 9, 30)), 5, hebi.records, 2020)
        written = write_reports(tmp_path, hebi, [indicator])
        wb = load_workbook(written[0])
        assert wb.sheetnames == ["汇总表", "指标", "联合抽查汇总表", "图表-规定占比：实际与目标"]  # the share, charted
        assert wb["指标"]["A2"].value == "抽查比例"
        assert wb["指标"]["D2"].value == "是"  # 1 of 5 is 20 %, over the 10 % floor


class TestFilingForm:
    def test_a_sheet_per_subject_citing_the_article(self, lst: PlanExport, tmp_path: Path) -> None:
        wb = load_workbook(write_filing_forms(tmp_path / "f.xlsx", lst))
        assert len(wb.sheetnames) == len(lst.draw.subjects) == 3
        recused = lst.draw.recusals[0]
        for ws, uscc in zip(wb.worksheets, lst.draw.subjects, strict=True):
            rows = values(ws)
            assert rows[0][0] == FILING_FORM_TITLE and "A1:D1" in merged(ws)
            found = {r[0]: r for r in rows}
            assert found["检查对象名称"][1] == lst.subject_name(uscc) and found["检查对象名称"][3] == uscc
            assert found["检查单位"][1] == "冷水滩区应急管理局"
            assert found["检查计划"][2] == "抽查方式" and found["检查计划"][3] == "不定向抽查"
            team = found["执法检查人员（执法证号）"][1]
            for pid in lst.team(uscc):
                assert lst.inspector_name(pid) in team and lst.inspectors[pid].certificate.number in team
            assert lst.draw.manifest_hash in found["抽取验证信息"][1]
            recusal = found["回避情况"][1]
            if uscc == recused.subject:
                assert recused.reason in recusal and lst.inspector_name(recused.replacement) in recusal
            else:
                assert recusal == "无"
            note = found["备注"][1]
            assert "第十四条" in note and "一式三份" in note and "细则未附表样" in note
            text = " ".join(str(v) for r in rows for v in r if v)
            for p in lst.inspectors.values():  # the subject keeps a copy: no personal data
                assert (p.phone or "-") not in text and (p.id_number or "-") not in text
            assert lst.subjects[uscc].contact.phone not in text

    def test_personal_data_in_a_field_is_refused(self, lst: PlanExport, tmp_path: Path) -> None:
        uscc = lst.draw.subjects[0]
        s = lst.subjects[uscc]
        bad = attrs.evolve(lst, subjects={**lst.subjects, uscc: attrs.evolve(
            s, contact=attrs.evolve(s.contact, address="示例路1号（电话13912345678）"))})
        with pytest.raises(InvalidInputError, match=r"检查对象地址: 手机号码 \(a mobile phone number\)"):
            write_filing_forms(tmp_path / "f.xlsx", bad)
        assert not (tmp_path / "f.xlsx").exists()
        # the subject's registered address is public by rule (第十四条): an address there is not free text
        registered = attrs.evolve(lst, subjects={**lst.subjects, uscc: attrs.evolve(
            s, contact=attrs.evolve(s.contact, address="示例路1号3号楼2单元501室"))})
        write_filing_forms(tmp_path / "g.xlsx", registered)


class TestTables:
    def test_draw_tables_hold_the_draw(self, lst: PlanExport) -> None:
        tables = {t.name: t for t in draw_tables(lst)}
        assert list(tables) == ["抽取结果", "检查组", "备选对象", "回避", "验证信息"]
        assert [r[1] for r in tables["抽取结果"].rows] == list(lst.draw.subjects)
        assert sum(len(t) for _, t in lst.draw.teams) == len(tables["检查组"].rows)
        assert [r[2] for r in tables["备选对象"].rows] == [s for _, ids in lst.draw.reserve for s in ids]
        recusal = lst.draw.recusals[0]
        row = dict(zip(tables["回避"].header, tables["回避"].rows[0], strict=True))
        assert row["理由"] == recusal.reason
        # names beside codes: the recused inspector and the replacement by staff id and 姓名
        assert (row["回避人员编号"], row["回避人员"]) == (recusal.inspector, lst.inspector_name(recusal.inspector))
        assert recusal.replacement and (row["替代人员编号"], row["替代人员"]) == (
            recusal.replacement, lst.inspector_name(recusal.replacement))
        assert row["回避人员"] != row["回避人员编号"]  # the roster gives the name
        facts = dict(tables["验证信息"].rows)
        assert facts["清单哈希"] == lst.draw.manifest_hash and facts["随机种子"] == lst.draw.seed
        assert facts["公开输入"] == "3 5 1 6" and facts["随机来源"] == "四枚骰子当众投掷"

    def test_csv_has_a_bom_and_round_trips(self, lst: PlanExport, tmp_path: Path) -> None:
        written = write_draw_results(tmp_path, lst)
        assert written[0].name == "抽取结果.xlsx" and len(written) == 6
        for path, table in zip(written[1:], draw_tables(lst), strict=True):
            raw = path.read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
            header, rows = read_csv(path)
            assert header == table.header and rows == [tuple(str(v) for v in r) for r in table.rows]
        wb = load_workbook(written[0])
        assert wb.sheetnames == ["抽取结果", "检查组", "备选对象", "回避", "验证信息"]
        assert wb["抽取结果"]["B2"].value == lst.draw.subjects[0] and wb["抽取结果"].freeze_panes == "A2"

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(cells=st.lists(st.lists(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00")),
                                   min_size=2, max_size=2), max_size=5))
    def test_any_text_survives_csv(self, cells: list[list[str]], tmp_path: Path) -> None:
        path = write_csv(tmp_path / "t.csv", Table("t", ("名称", "值"), cells))
        assert read_csv(path) == (("名称", "值"), [tuple(r) for r in cells])

    def test_xlsx_keeps_formula_like_text_as_text(self, tmp_path: Path) -> None:
        table = Table("名单", ("名称", "户数"), [("=HYPERLINK(\"x\")", 3), ("鹤壁𠀀公司😀", 0)])
        ws = load_workbook(write_xlsx_tables(tmp_path / "t.xlsx", [table]))["名单"]
        assert ws["A2"].value == "'=HYPERLINK(\"x\")" and ws["A2"].data_type == "s"  # quoted, as in a CSV
        assert ws["A3"].value == "鹤壁𠀀公司😀" and ws["B2"].value == 3
        with pytest.raises(InvalidInputError, match="control characters"):
            write_xlsx_tables(tmp_path / "u.xlsx", [Table("t", ("a",), [("bell\x07",)])])

    def test_report_tables(self, hebi: PlanExport) -> None:
        scheme = hebi.profile.value("results.scheme")
        xuchang = REGISTRY.resolve("xuchang", dt.date(2025, 9, 30))
        indicator = ratio_against_floor(xuchang, 20, hebi.records, 2020)
        summary, indicators = report_tables(hebi.records, scheme, [indicator],
                                            department_names={"yjj": "鹤壁市应急管理局"})
        assert summary.header[:2] == ("单位", "抽查户数") and summary.rows[0][0] == "鹤壁市应急管理局"
        assert summary.rows[-1][0] == "合计"
        (row,) = indicators.rows
        assert row[:4] == ("抽查比例", "1/20（5.0%）", "1/10（10.0%）", "否") and "第十二条" in row[4]
        assert len(report_tables(hebi.records, scheme)) == 1


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self.tags: list[str] = []
        self.links: dict[str, str] = {}
        self._href: str | None = None
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("td", "dd"):
            self._in_cell = True
            self.cells.append("")
        if tag == "a":
            found = dict(attrs_)
            self.links[found.get("download") or ""] = found.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "dd"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def parse(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    return parser


class TestDisclosure:
    def test_json_is_canonical_and_checked(self, lst: PlanExport) -> None:
        public = public_of(lst)
        data = disclosure_json(public)
        assert json.loads(data) == public
        assert data == json.dumps(public, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        bad = {**public, "note": "联系人手机13912345678"}
        with pytest.raises(InvalidInputError, match="phone number"):
            disclosure_json(bad)

    def test_the_page_holds_the_draw_and_what_re_checks_it(self, lst: PlanExport, tmp_path: Path) -> None:
        public = public_of(lst)
        written = write_disclosure(tmp_path, public, manifest=lst.manifest, result=lst.draw,
                                   labels=disclosure_labels(lst), manifest_url="https://example.org/manifest.json")
        assert [p.name for p in written] == ["disclosure.json", "disclosure.html", "manifest.json", "draw.json",
                                             "verify.html"]
        assert written[4].read_bytes() == verifier_html()  # the browser verifier, beside the files it reads
        page = written[1].read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
        parsed = parse(page)
        assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing loaded from elsewhere
        cells = parsed.cells
        for uscc in lst.draw.subjects:
            assert uscc in cells and lst.subject_name(uscc) in cells
        for _, ids in lst.draw.reserve:
            assert all(s in cells for s in ids)
        assert lst.draw.recusals[0].reason in cells
        assert {lst.draw.manifest_hash, lst.draw.seed, "3 5 1 6", "四枚骰子当众投掷", "draw-v1"} <= set(cells)
        assert "https://example.org/manifest.json" in cells and "draw-v1.md" in page
        assert parsed.links[""] == "verify.html" and "from random_inspection" not in page  # the verifier, no snippet
        assert "random-inspection verify manifest.json draw.json" in page
        # a citizen's re-check from the page alone: the embedded files, the hash, the seed, the draw
        manifest_bytes = base64.b64decode(parsed.links["manifest.json"].split(",", 1)[1])
        result_json = json.loads(base64.b64decode(parsed.links["draw.json"].split(",", 1)[1]))
        assert hashlib.sha256(manifest_bytes).hexdigest() == lst.draw.manifest_hash
        assert derive_seed(lst.draw.manifest_hash, "3 5 1 6").hex() == lst.draw.seed
        assert verify(Manifest.from_json(json.loads(manifest_bytes)), result_json) is None
        assert manifest_bytes == (tmp_path / "manifest.json").read_bytes()
        for p in lst.inspectors.values():
            assert (p.phone or "-") not in page and (p.id_number or "-") not in page

    def test_inspections_and_redraws_are_shown(self, hebi: PlanExport) -> None:
        redraw = Redraw("抽取时系统故障，经领导小组同意重新抽取", "a" * 64, public_input="6 6")
        public = disclose(hebi.profile, hebi.plan, hebi.draw, hebi.records, hebi.subjects, hebi.inspectors,
                          redraws=[redraw])
        cells = parse(render_disclosure_html(public, labels=disclosure_labels(hebi))).cells
        assert {"a" * 64, "6 6", redraw.reason} <= set(cells)
        (record,) = hebi.records
        assert "2020-07-20 至 2020-07-21" in cells and "发现问题已责令改正" in cells
        assert f"{hebi.item_name(record.problems[0].item)}：未开展风险辨识" in cells
        assert "另行公示" in cells  # 鹤壁 五(五): handling is published as records of its own

    def test_lengshuitan_shows_the_feedback_and_the_subjects_opinion(self, lst: PlanExport) -> None:
        uscc = lst.draw.subjects[1]
        record = InspectionRecord(uscc, lst.plan.plan_id, InspectionKind.DOUBLE_RANDOM, "yjj", lst.team(uscc),
                                  lst.items(uscc), opinion="建议提前告知检查时间",
                                  events={Step.STARTED: dt.date(2025, 9, 24), Step.FED_BACK: dt.date(2025, 9, 26)})
        public = disclose(lst.profile, lst.plan, lst.draw, [record], lst.subjects, lst.inspectors)
        parsed = parse(render_disclosure_html(public, labels=disclosure_labels(lst)))
        assert {"建议提前告知检查时间", "2025-09-26", "无"} <= set(parsed.cells)

    def test_personal_data_is_refused(self, lst: PlanExport) -> None:
        public = public_of(lst)
        draw_part = dict(public["draw"])
        reason = "其配偶（身份证号 11010519491231002X）在该企业任职"
        draw_part["recusals"] = [{**draw_part["recusals"][0], "reason": reason}]
        with pytest.raises(InvalidInputError, match="公民身份号码"):
            render_disclosure_html({**public, "draw": draw_part})
        # a manifest holding an ID number (an inactive inspector keyed by it: in the manifest, never drawn)
        assert lst.manifest is not None
        people = [*lst.inspectors.values(), attrs.evolve(next(iter(lst.inspectors.values())), id="11010519491231002X",
                                                         active=False)]
        manifest = build_manifest("LST-ID", "四枚骰子", r"[1-6]( [1-6]){3}", lst.plan.window,
                                  list(lst.subjects.values()), people, list(lst.checklist.values()), lst.manifest.rules)
        result = draw(manifest, "1 1 1 1")
        public2 = disclose(lst.profile, attrs.evolve(lst.plan, plan_id="LST-ID"), result, [], lst.subjects,
                           lst.inspectors)
        with pytest.raises(InvalidInputError, match="公民身份号码"):
            render_disclosure_html(public2, manifest=manifest)
        assert "<main>" in render_disclosure_html(public2, manifest=manifest, embed_manifest=False)

    def test_a_manifest_of_another_draw_is_refused(self, lst: PlanExport, hebi: PlanExport) -> None:
        with pytest.raises(InvalidInputError, match="hashes differ"):
            render_disclosure_html(public_of(lst), manifest=hebi.manifest)


NAMES = st.lists(
    st.one_of(
        st.sampled_from(["<script>alert(1)</script>", "</td>", "&amp;", "&lt;", "\"'", "😀", "𠀀𪚥", "〇", "<!--",
                         "]]>", "{{x}}", "\u200d", "鹤壁"]),
        st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="0123456789"),
    ),
    min_size=1, max_size=12,
).map("".join).filter(lambda s: s.strip() != "")


@settings(max_examples=80, deadline=None)
@given(name=NAMES)
def test_any_subject_name_is_escaped_and_survives(name: str) -> None:
    lst = _LST
    uscc = lst.draw.subjects[0]
    subjects = {**lst.subjects, uscc: attrs.evolve(lst.subjects[uscc], name=name)}
    public = disclose(lst.profile, lst.plan, lst.draw, [], subjects, lst.inspectors)
    page = render_disclosure_html(public, labels={u: s.name for u, s in subjects.items()})
    parsed = parse(page)
    assert subjects[uscc].name in parsed.cells  # the name as text, whole
    assert "script" not in parsed.tags and parsed.tags.count("td") == page.count("<td")
    assert html.escape(subjects[uscc].name, quote=True) in page  # written escaped


_LST = lengshuitan_export()
