"""The disclosure page in a real browser: Chromium from Debian's packages, headless.

Three looks at the same page: the DOM Chromium builds (``--dump-dom``) holds the Chinese headings, every drawn
subject, the verification data, and no ID number or phone number; a screenshot (``--screenshot``) at a phone's
width is not blank; and, over the DevTools protocol on a pipe (``--remote-debugging-pipe``, no network), the
fonts Chromium actually drew the heading and a subject's name with (``CSS.getPlatformFontsForNode``) are CJK
fonts covering every glyph, so no character fell back to the missing-glyph box, and a line of the heading
measures about one em per character, as full-width CJK glyphs do.

Skips when Chromium is missing, unless ``RANDOM_INSPECTION_REQUIRE_BROWSER=1`` (CI), when it fails.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from random_inspection.io import disclosure_labels, write_disclosure
from random_inspection.io.plan_data import PlanExport
from random_inspection.workflow import check_public, disclose
from tests.browser_support import Pipe, run_chromium
from tests.export_support import lengshuitan_export

HOSTILE = "冷水滩<script>document.title='x'</script>示例公司"
HEADINGS = ("抽取结果", "备选对象", "回避", "重新抽取", "验证信息", "如何复核", "说明")


@attrs.frozen
class Published:
    export: PlanExport
    page: Path


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """冷水滩's plan with a recusal, the first subject's name hostile HTML, published into a folder."""
    export = lengshuitan_export()
    first = export.draw.subjects[0]
    export = attrs.evolve(export, subjects={**export.subjects,
                                            first: attrs.evolve(export.subjects[first], name=HOSTILE)})
    public = disclose(export.profile, export.plan, export.draw, [], export.subjects, export.inspectors)
    folder = tmp_path_factory.mktemp("portal")
    write_disclosure(folder, public, manifest=export.manifest, result=export.draw, labels=disclosure_labels(export))
    return Published(export, folder / "disclosure.html")


class _Dom(HTMLParser):
    """The text of a DOM (style content left out), the tags, and the text of each heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.headings: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._stack.append(tag)
        if tag in ("h1", "h2", "h3"):
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        while self._stack and self._stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if "style" in self._stack or "title" in self._stack:
            return
        self.text.append(data)
        if any(t in ("h1", "h2", "h3") for t in self._stack):
            self.headings[-1] += data


def test_the_rendered_dom_holds_the_draw_and_no_personal_data(published: Published) -> None:
    dom_html = run_chromium("--dump-dom", published.page.as_uri()).stdout.decode("utf-8")
    dom = _Dom()
    dom.feed(dom_html)
    text = "".join(dom.text)
    export = published.export
    assert dom.headings[0] == "冷水滩区“双随机、一公开”抽查公示"
    assert set(HEADINGS) <= set(dom.headings)
    for uscc in export.draw.subjects:
        assert uscc in text and export.subject_name(uscc) in text
    assert HOSTILE in text and "script" not in dom.tags  # the hostile name is text, not an element
    draw = export.draw
    for value in (draw.manifest_hash, draw.seed, draw.public_input, "四枚骰子当众投掷", "draw-v1",
                  draw.recusals[0].reason):
        assert value in text
    for person in export.inspectors.values():
        assert person.id_number and person.id_number not in text
        assert person.phone and person.phone not in text
    for subject in export.subjects.values():
        assert (subject.contact.phone or "-") not in text and (subject.contact.legal_representative or "-") not in text
    check_public(text, allowed=list(export.subjects))  # no 公民身份号码 or phone number anywhere


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6) and body[12] == 0, "an 8-bit, non-interlaced RGB(A) PNG"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = prev[i], prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i] for i in range(0, len(r)) if i % channels < 3) for r in rows]


def test_a_phone_sized_screenshot_is_not_blank(published: Published, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    run_chromium("--hide-scrollbars", "--window-size=412,1400", f"--screenshot={shot}", published.page.as_uri())
    width, height, rows = _png_pixels(shot.read_bytes())
    assert (width, height) == (412, 1400)
    inked_rows = [y for y, row in enumerate(rows) if any(v < 128 for v in row)]  # dark pixels: text
    assert len(inked_rows) > height // 10, "too little text drawn"
    assert inked_rows[0] < 100 and inked_rows[-1] > height - 200, "text from the top to the bottom of the screen"
    assert sum(1 for row in rows[:60] for v in row[0::3] if v > 200) > 0.5 * width * 60  # a light page


@pytest.fixture
def browser() -> Iterator[Pipe]:
    pipe = Pipe("--window-size=1280,900")
    yield pipe
    pipe.close()


CJK_FONT = ("CJK", "Han Sans", "Han Serif", "PingFang", "YaHei", "SimSun", "SimHei", "WenQuanYi")


def test_the_chinese_is_drawn_with_a_cjk_font(published: Published, browser: Pipe) -> None:
    browser.open(published.page.as_uri())
    for selector in ("h1", "#draw td[data-label='市场主体名称']", "#verify h3"):
        text = browser.evaluate(f"document.querySelector(\"{selector}\").textContent")
        fonts = browser.fonts(selector)
        cjk = [f for f in fonts if any(k in f["familyName"] for k in CJK_FONT)]
        assert cjk, f"{selector} {text!r} drawn with {fonts}: no CJK font"
        han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        assert sum(f["glyphCount"] for f in cjk) >= han > 0, (selector, text, fonts)
    # a line of the heading's Chinese, measured: about one em per character (full-width glyphs, none missing)
    ratio = browser.evaluate("""(() => {
        const h = document.querySelector('h1'); const s = document.createElement('span');
        s.textContent = '双随机一公开抽查公示'; s.style.whiteSpace = 'nowrap'; h.appendChild(s);
        const w = s.getBoundingClientRect().width; const em = parseFloat(getComputedStyle(h).fontSize);
        s.remove(); return w / em / 10; })()""")
    assert 0.9 <= ratio <= 1.1, ratio
