"""The demo's findings on the bundled synthetic data."""

from __future__ import annotations

import json

import attrs

from random_inspection.demo import SAMPLE_LIMITS, run_demo


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


def test_demo_deadlines_before_national_day_are_final_and_spring_festival_2027_provisional() -> None:
    report = run_demo()
    assert len(report.deadlines) == 2 * len(SAMPLE_LIMITS)
    national_day = [d for d in report.deadlines if d["event"] == "2026-09-30"]
    spring = [d for d in report.deadlines if d["event"] == "2027-02-03"]
    assert not any(d["provisional"] for d in national_day)
    assert all(d["provisional"] for d in spring)
    xuchang_feedback = next(d for d in national_day if d["citation"] == "许应急〔2023〕14号 第十六条")
    assert xuchang_feedback["due"] == "2026-10-13"


def test_demo_output_carries_no_personal_data() -> None:
    text = json.dumps(attrs.asdict(run_demo()), ensure_ascii=False)
    assert "法定代表人" not in text
    assert "1380000" not in text  # the bundled phone numbers
