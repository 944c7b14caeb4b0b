"""The demo's findings on the bundled synthetic data."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from random_inspection.demo import DEMO_ADMIN, DEMO_OFFICE, DEMO_SECTION, run_demo
from random_inspection.demo.actors import demo_actors, demo_signer
from random_inspection.errors import LedgerBroken
from random_inspection.store import EntryKind, SM2Signer, Store


def test_demo_findings() -> None:
    report = run_demo()
    assert report.subjects["in_existence"] == report.subjects["total"] - len(report.subjects["not_in_existence"])
    assert report.subjects["not_in_existence"] == ["许昌示例烟花爆竹批发有限公司08 (注销)"]
    assert report.subjects["exempt_from_yearly_cap"] == ["许昌示例铸造有限公司12"]
    not_eligible = " ".join(report.inspectors["not_eligible"])
    assert "XC006" in not_eligible and "2026-06-30" in not_eligible  # expired 执法证
    assert "XC010" in not_eligible and "not active" in not_eligible
    assert report.identifiers[0]["result"].startswith("valid")
    assert "check character" in report.identifiers[1]["result"]


def test_demo_deadlines_come_from_the_profiles_in_force_on_each_date() -> None:
    report = run_demo()
    by_event: dict[str, list[dict[str, object]]] = {}
    for d in report.deadlines:
        by_event.setdefault(str(d["event"]), []).append(d)
    # 2023: the Yanshi plan is in force (5个工作日 on the platform, 5日 on the portal); 2026: it is not.
    yanshi_2023 = [d for d in by_event["2023-09-28"] if d["bureau"] == "偃师区"]
    assert [(d["period"], d["due"]) for d in yanshi_2023] == [("5个工作日", "2023-10-11"), ("5日", "2023-10-07")]
    assert [d["explain"] for d in by_event["2026-09-30"] if d["bureau"] == "偃师区"] == [
        "no time limit in force on this date"
    ]
    national_day = [d for d in by_event["2026-09-30"] if d["duty"]]
    spring = [d for d in by_event["2027-02-03"] if d["duty"]]
    assert not any(d["provisional"] for d in national_day)
    assert spring and all(d["provisional"] for d in spring)
    xuchang_feedback = next(d for d in national_day if d["citation"] == "许应急〔2023〕14号 第十六条")
    assert xuchang_feedback["due"] == "2026-10-13"


def test_demo_output_carries_no_personal_data(tmp_path: Path) -> None:
    from random_inspection.demo import render_text

    report = run_demo(out=tmp_path / "hebi")
    public = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "hebi" / "public").iterdir())
    public += "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.*"))  # both cities' sites
    text = json.dumps(attrs.asdict(report), ensure_ascii=False) + render_text(report) + public
    assert "法定代表人" not in text
    assert "1380000" not in text  # the subjects' bundled phone numbers
    assert "1390000" not in text  # the inspectors' bundled phone numbers
    assert "41100219750" not in text  # the inspectors' bundled ID numbers
    from random_inspection.demo.hebi import load_hebi_rosters

    hebi = load_hebi_rosters()  # 鹤壁's rosters: no phone, no legal representative, no ID number anywhere
    values = [v for s in hebi["subjects"].records for v in (s.contact.phone, s.contact.legal_representative)]
    values += [v for p in hebi["inspectors"].records for v in (p.phone, p.id_number)]
    assert len(values) == 84 and all(v and v not in text for v in values)


def test_demo_draws_through_the_store_once(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.sqlite3")
    first = run_demo(store=store)
    again = run_demo(store=store)  # the same store: the recorded draws are re-checked, not drawn twice
    assert first.draw["verified"] and again.draw["verified"] and first.hebi["verified"] and again.hebi["verified"]
    enrolled = 1 + len(demo_actors())  # the store created by its administrator, then each actor enrolled
    # 鹤壁's 2020 plan first, 许昌's 2026 plan after it: ledger times never run backwards
    assert first.hebi["ledger_entries"] == again.hebi["ledger_entries"] - 2 == enrolled + 4
    assert first.draw["ledger_entries"] == again.draw["ledger_entries"] == enrolled + 6
    assert again.hebi["ledger_head"] == str(store.ledger_head()) != first.hebi["ledger_head"]
    entries = store.entries()
    assert [e.kind for e in entries[:enrolled]] == [EntryKind.STORE_CREATED] + [EntryKind.KEY_ENROLLED] * (enrolled - 1)
    assert all(e.actor is not None and e.actor["id"] == DEMO_ADMIN.id for e in entries[:enrolled])
    assert [e.kind for e in entries[enrolled:]] == [
        EntryKind.PLAN_COMMITTED, EntryKind.DRAW_EXECUTED, EntryKind.RESULT_RECORDED, EntryKind.PUBLISHED,  # 鹤壁
        EntryKind.PLAN_COMMITTED, EntryKind.DRAW_EXECUTED,  # 许昌
    ]
    assert len(first.draw["drawn"]) == 3 and all(len(x["team"]) == 2 for x in first.draw["drawn"])  # 10 % of 29
    # 许昌: the section that plans commits (第十四条), the double-random office draws (第十条、第十三条), each signs
    assert [(a["actor"], a["algorithm"]) for a in first.draw["actors"][enrolled + 4:]] == [
        (DEMO_SECTION.id, "sm2-sm3"), (DEMO_OFFICE.id, "sm2-sm3")]
    audit = store.audit(admin_key=demo_signer(DEMO_ADMIN).public_key)
    assert audit.entries == enrolled + 6 and audit.every_signature_checked and audit.register_from == 1
    assert audit.signatures_checked == enrolled + 6
    with pytest.raises(LedgerBroken, match="not the published one") as info:  # another administrator's key
        store.verify(admin_key=SM2Signer.generate().public_key)
    assert info.value.seq == 1


def test_the_hebi_part_runs_from_files_to_forms(tmp_path: Path) -> None:
    import openpyxl

    store = Store.open(tmp_path / "demo.sqlite3")
    hebi = run_demo(store=store, out=tmp_path / "hebi").hebi
    assert any("read as gb18030" in r for r in hebi["rosters"])  # the checklist, as a Chinese Excel saves it
    assert hebi["not_eligible"] == ["HB005"]  # 执法证 lapsed before the plan
    assert sum("应急管理局" in m for m in hebi["team"]) == 2 and sum("市场监督管理局" in m for m in hebi["team"]) == 2
    assert hebi["items"] == 12 and hebi["result"] == "8 发现问题待后续处理" and hebi["handling"] == ["责令改正"]
    duties = {(o["duty"][:6], o["status"]) for o in hebi["obligations"]}
    assert ("将《联合抽查", "按期完成") in duties  # 10日 across the holiday: due 2020-10-09, done that day
    assert ("梳理问题线索", "逾期完成") in duties  # the letter a day late
    late = [o for o in hebi["obligations"] if o["overdue"]]
    assert [(o["department"], o["due"]) for o in late] == [("scjgj", "2020-10-19")]  # 7日, extended past a weekend
    forms = [Path(p) for p in hebi["files"]["forms"]]
    assert [p.name[:3] for p in forms] == ["附件1", "附件2", "附件3", "附件4"]
    for path in forms:
        assert openpyxl.load_workbook(path).worksheets  # opens in a spreadsheet
    sheet = openpyxl.load_workbook(forms[0]).worksheets[0]  # 附件1: 单位 is the department's name, then the unit
    header = next(r for r in range(1, 6) if sheet.cell(row=r, column=4).value == "单位")
    units = [sheet.cell(row=r, column=4).value for r in range(header + 1, header + 5)]
    assert units and all(u.startswith(("鹤壁市应急管理局", "鹤壁市市场监督管理局")) for u in units)
    assert not any(u.count("鹤壁市") > 1 for u in units)  # not 鹤壁市应急管理局鹤壁市应急管理局工贸科
    page = next(Path(p) for p in hebi["files"]["public"] if p.endswith(".html")).read_text(encoding="utf-8")
    assert hebi["drawn"] in page and hebi["manifest_hash"] in page
    assert "1393928" not in page and "1370392" not in page  # the rosters' phone numbers


def test_the_demo_publishes_both_cities_and_says_where(tmp_path: Path) -> None:
    from random_inspection.demo import render_text

    report = run_demo(out=tmp_path / "hebi")
    site = tmp_path / "site"
    assert [(p["bureau"], p["plan_id"], p["on"], p["office"]) for p in report.sites] == [
        ("许昌市", "XC-DEMO-2026-12", "2026-12-01", "许昌市应急管理局"),
        ("许昌市", "XC-DEMO-2026-12-PT", "2026-12-16", "许昌市应急管理局"),
        ("鹤壁市", "HB-2020-09", "2020-10-12", "鹤壁市应急管理局、鹤壁市市场监督管理局"),
    ]
    xuchang = (site / "xuchang" / "index.html").read_text(encoding="utf-8")
    assert xuchang.index("XC-DEMO-2026-12-PT/index.html") < xuchang.index("XC-DEMO-2026-12/index.html")  # newest first
    page = (site / "xuchang" / "XC-DEMO-2026-12" / "index.html").read_text(encoding="utf-8")
    assert "抽取前公告" in page and "四枚骰子当众投掷" in page and report.draw["seed"] in page  # draw-v2: the notice
    assert "发布机关：<span id=\"office\">许昌市应急管理局</span>" in page and "2026年12月1日" in page
    platform = (site / "xuchang" / "XC-DEMO-2026-12-PT" / "index.html").read_text(encoding="utf-8")
    assert "平台抽取" in platform and report.platform["sha256"] in platform
    hebi = (site / "hebi" / "HB-2020-09" / "index.html").read_text(encoding="utf-8")
    assert report.hebi["drawn"] in hebi and "另行公示" in hebi and "2020年10月12日" in hebi
    # the charts: 许昌's draw against its pool per district, 鹤壁's duties by department and by month
    assert page.count("<svg") == 1 and 'aria-label="各分层实抽数与应抽数"' in page
    assert hebi.count("<svg") == 2 and 'aria-label="各部门职责完成情况（截至 2020-10-12）"' in hebi
    text = render_text(report)
    assert text.splitlines()[0] == "random-inspection demo — 许昌 and 鹤壁 (synthetic data)"
    published = text[text.index("Published (一公开)"):]
    assert f"许昌市: {site / 'xuchang' / 'index.html'} (plans: 2)" in published
    assert f"鹤壁市: {site / 'hebi' / 'index.html'} (plans: 1)" in published
    assert "HB-2020-09, published 2020年10月12日 by 鹤壁市应急管理局、鹤壁市市场监督管理局" in published
    assert not run_demo().sites  # nothing written, nothing said to be published


def test_both_cities_sites_show_their_commit_record_and_ledger_head(tmp_path: Path) -> None:
    import re

    report = run_demo(out=tmp_path / "hebi")
    pages = {p["bureau"]: Path(p["page"]).read_text(encoding="utf-8") for p in report.sites}
    assert {"许昌市", "鹤壁市"} <= set(pages)
    for bureau, page in pages.items():
        commits = page[page.index('<section id="commits">'):]
        commits = commits[:commits.index("</section>")]
        assert "<table" in commits and "首次提交" in commits, bureau  # not 无
        assert 'id="ledger-head"' in page, bureau
    hebi = pages["鹤壁市"]
    assert report.hebi["manifest_hash"] in hebi
    head = re.search(r'id="ledger-head">.*?<p class="[a-z]+">(\d+):[0-9a-f]{64}</p>', hebi, re.S)
    assert head is not None and int(head.group(1)) >= 4  # the plan's commit, draw, result, publication
    letters = hebi[hebi.index("transfer-table"):]
    letters = letters[:letters.index("</table>")]
    # 五(六): the 市双随机办 (of 应急管理局) sends the letter under its 文号; both shown, the departments by name
    assert "鹤双随机办函〔2020〕3号" in letters and "鹤壁市应急管理局" in letters and "未载明" not in letters


def test_the_demos_workbooks_carry_the_charts_its_pages_show(tmp_path: Path) -> None:
    import re

    import openpyxl

    report = run_demo(out=tmp_path / "hebi")
    for part, page in ((report.hebi, tmp_path / "site" / "hebi" / "HB-2020-09" / "index.html"),
                       (report.platform, tmp_path / "site" / "xuchang" / "XC-DEMO-2026-12-PT" / "index.html")):
        book = next(Path(p) for p in part["files"]["reports"] if p.endswith("报告.xlsx"))
        sheets = [n for n in openpyxl.load_workbook(book).sheetnames if n.startswith("图表-")]
        shown = re.findall(r'<svg[^>]*aria-label="([^"]+)"', page.read_text(encoding="utf-8"))
        # the duties as of the publication day, in the workbook as on the page (the draw per stratum is 抽取结果's)
        duties = [t for t in shown if "职责" in t]
        assert len(duties) == 2 and all(f"图表-{t}"[:31] in sheets for t in duties), (sheets, shown)
        assert {s.removeprefix("图表-") for s in sheets} <= {t[:28] for t in shown}  # a sheet's name: 31 at most
    assert "图表-各部门职责完成情况（截至 2020-10-12）" in openpyxl.load_workbook(
        next(Path(p) for p in report.hebi["files"]["reports"] if p.endswith("报告.xlsx"))).sheetnames
