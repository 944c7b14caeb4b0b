"""The demo's platform part: a 许昌 plan drawn on the Henan platform, imported from the bundled export, inspected
and disclosed (docs/platforms.md)."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

from random_inspection.demo import render_text, run_demo


def test_the_demo_imports_the_platform_s_draw_and_discloses_it(tmp_path: Path) -> None:
    report = run_demo(out=tmp_path / "hebi")
    p = report.platform
    bundled = resources.files("random_inspection").joinpath("data", "demo", "platform-export.csv").read_bytes()
    assert p["sha256"] == hashlib.sha256(bundled).hexdigest()
    assert p["platform"] == "国家企业信用信息公示系统—河南省双随机监管工作平台" and "第七条" in p["citation"]
    assert p["commit_entry"] < p["draw_entry"] and p["results"] == 3 == len(p["drawn"])
    assert all(len(x["team"]) == 2 for x in p["drawn"])
    public = json.loads((tmp_path / "xuchang-platform" / "public" / "disclosure.json").read_text(encoding="utf-8"))
    assert public["external_draw"]["file"]["sha256"] == p["sha256"]
    assert public["external_draw"]["task"] == p["task"] and len(public["inspections"]) == 3
    text = render_text(report)
    assert f"task {p['task']}" in text and p["sha256"] in text
    # the other parts are as they were: 许昌's local draw and 鹤壁's plan come first, on the demo's own store
    assert text.index("The draw of plan XC-DEMO-2026-12 (draw-v2)") < text.index("joint plan HB-2020-09") \
        < text.index("drawn on 国家企业信用信息公示系统")
