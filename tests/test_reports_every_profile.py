"""Every built-in profile's plan is exported with its results from the command line: the reports and the plan's
page on the publication site are written, whether or not the profile has a result scheme (石家庄, 冷水滩, 偃师 and
鹤壁 in 2026 record findings only), and the summary's 合计 is the sum of its departments."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.profiles import ProfileRegistry
from random_inspection.workflow import Finding, InspectionKind, InspectionRecord, Step, record_result
from random_inspection.workflow.reports import summary_columns, summary_table
from tests.cli_support import inspectors, make_workspace, office, run, section

PROFILES = ("xuchang", "lengshuitan", "shijiazhuang", "hebi", "yanshi")
HEADER = "统一社会信用代码,检查开始,检查结束,检查结果,整改期限,发现问题事项,反馈检查结果"
SCHEME = ProfileRegistry().resolve("xuchang", dt.date(2026, 12, 1)).value("results.scheme")


def _plan(workspace: Path, profile: str) -> Path:
    """The example plan under ``profile``, three subjects drawn; 冷水滩 第九条 asks whose 执法证 it is."""
    if profile == "lengshuitan":
        book = openpyxl.load_workbook(workspace / "rosters" / "inspectors.xlsx")
        sheet = book.active
        assert sheet is not None and sheet.cell(2, 8).value == "发证机关"
        for row in range(3, sheet.max_row + 1):
            sheet.cell(row, 8, "冷水滩区人民政府司法局")
        book.save(workspace / "rosters" / "inspectors.xlsx")
    plan = workspace / f"{profile}.toml"
    plan.write_text((workspace / "plan.toml").read_text(encoding="utf-8")
                    .replace('profile = "xuchang"', f'profile = "{profile}"')
                    .replace("reserve = 1", "reserve = 1\ncount = 3"), encoding="utf-8")
    return plan


@pytest.mark.parametrize("profile", PROFILES)
def test_export_with_results_writes_the_reports_and_the_site(tmp_path: Path, profile: str) -> None:
    workspace = make_workspace(tmp_path)
    plan, store = str(_plan(workspace, profile)), str(workspace / "store.sqlite3")
    for args in (("commit", plan, "--store", store, *section(workspace)),
                 ("draw", plan, "3 5 1 6", "--store", store, *office(workspace))):
        code, _, err = run(*args)
        assert code == 0, err
    drawn = json.loads((workspace / "XC-2026-12.draw.json").read_text(encoding="utf-8"))
    first, second, third = drawn["subjects"]
    problem = drawn["items"][second][0]
    has_scheme = profile == "xuchang"
    results = workspace / "mine.csv"
    results.write_text("\n".join([
        HEADER,
        f"{first},2026-12-21,2026-12-22,{'1' if has_scheme else ''},,,2026-12-23",
        f"{second},2026-12-21,2026-12-22,{'2' if has_scheme else ''},2027-01-15,{problem},2026-12-23",
        f"{third},2026-12-21,2026-12-22,{'4' if has_scheme else ''},,,2026-12-23",
    ]) + "\n", encoding="utf-8")
    recorder = section(workspace) if profile == "lengshuitan" else inspectors(workspace)  # 冷水滩 第十七条: 承办股室
    code, out, err = run("record", plan, str(results), "--store", store, *recorder)
    assert code == 0 and "3 inspections recorded" in out, out + err
    out_dir = tmp_path / "out"
    code, out, err = run("export", plan, "--store", store, "--out", str(out_dir), "--on", "2027-01-10",
                         "--format", "json")
    assert code == 0, err
    written = json.loads(out)
    assert [Path(p).name for p in written["reports"]][:2] == ["报告.xlsx", "报告-汇总表.csv"]
    with (out_dir / "reports" / "报告-汇总表.csv").open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert rows[-1][:2] == ["合计", "3"]
    if has_scheme:
        assert header[2:6] == [c.label for c in SCHEME]
        assert rows[-1][2:6] == ["1", "1", "0", "1"]
    else:
        assert header == ["单位", "抽查户数", "发现问题户数"]
        assert rows[-1] == ["合计", "3", "1"]
    page = out_dir / "site" / profile / "XC-2026-12" / "index.html"
    assert str(page) in written["site"] and "XC-2026-12" in page.read_text(encoding="utf-8")


_RECORD = st.tuples(st.sampled_from(["yjj", "scjgj"]), st.integers(0, 9), st.none() | st.sampled_from(SCHEME.codes),
                    st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.lists(_RECORD, max_size=12), st.booleans())
def test_the_summary_total_is_the_sum_of_its_departments(records: list[tuple[str, int, object, bool]],
                                                         with_scheme: bool) -> None:
    made = []
    for department, subject, code, problem in records:
        record = InspectionRecord(f"S{subject}", "P", InspectionKind.DOUBLE_RANDOM, department, ("A", "B"),
                                  ("I1",), [Finding("I1", not problem)], events={Step.ENDED: dt.date(2026, 12, 2)})
        if with_scheme and code is not None:
            record = record_result(record, SCHEME, code.number)  # type: ignore[attr-defined]
        made.append(record)
    scheme = SCHEME if with_scheme else None
    table = summary_table(made, scheme)
    assert all(len(row) == len(summary_columns(scheme)) for row in table)
    *units, total = table
    assert total[0] == "合计" and [u[0] for u in units] == sorted({d for d, *_ in records})
    assert total[1] == len({f"S{s}" for _, s, *_ in records})
    if with_scheme:
        assert sum(int(n) for n in total[2:]) == sum(r.result is not None for r in made)
        assert list(total[2:]) == [sum(int(u[i]) for u in units) for i in range(2, len(total))]
    else:
        assert total[2] == len({f"S{s}" for _, s, _, problem in records if problem})
