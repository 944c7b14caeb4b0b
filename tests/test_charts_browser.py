"""The charts on the disclosure page in a real browser (Debian's headless Chromium, over the DevTools pipe): at a
screen's width (1280 px) and a phone's (390 px), each chart is drawn at the width of its column, its bars are
inked in their colours where the chart is on the page, and its text is drawn (not blank). Skips without
Chromium, unless ``RANDOM_INSPECTION_REQUIRE_BROWSER=1`` (CI)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from random_inspection.io import export_plan
from tests.browser_support import Pipe
from tests.chart_support import stratified_export
from tests.test_disclosure_browser import _png_pixels

SHOTS = os.environ.get("RANDOM_INSPECTION_SHOTS")
"""A folder to keep the screenshots in, to look at them (none: they are not kept)."""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sjz")
    export_plan(folder, stratified_export())
    return folder / "public" / "disclosure.html"


def _shot(pipe: Pipe, width: int, selector: str) -> tuple[dict[str, float], bytes]:
    pipe.send("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=width < 600)
    box = pipe.evaluate(f"""(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect();
        return {{x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}}; }})()""")
    shot = pipe.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                     clip={**box, "scale": 1})
    return box, base64.b64decode(shot["data"])


@pytest.mark.parametrize("width", [1280, 390])
def test_the_charts_are_drawn_at_a_screens_and_a_phones_width(page: Path, width: int) -> None:
    pipe = Pipe(f"--window-size={width},900")
    try:
        pipe.open(page.as_uri())
        count = pipe.evaluate("document.querySelectorAll('#charts svg').length")
        assert count == 2  # the draw by district, the shares against their targets
        for n in (1, 2):
            box, png = _shot(pipe, width, f"#charts figure:nth-of-type({n}) svg")
            if SHOTS:
                Path(SHOTS, f"chart{n}-{width}.png").write_bytes(png)
            assert box["width"] <= width and box["width"] >= min(width - 60, 720) * 0.9  # the column's width
            assert box["height"] > 150
            w, h, rows = _png_pixels(png)
            pixels = [row[i:i + 3] for row in rows for i in range(0, len(row), 3)]
            dark = sum(1 for p in pixels if max(p) < 100)  # text and axes
            blue = sum(1 for p in pixels if p == bytes((0x4e, 0x79, 0xa7)))  # the first series' bars
            assert dark > w * h // 200, "the chart's text is drawn"
            assert blue > 200, "the chart's bars are drawn"
    finally:
        pipe.close()
