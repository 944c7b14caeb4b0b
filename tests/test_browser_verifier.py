"""The draw verifier page (``verify.html``) in headless Chromium, over the DevTools pipe.

The page is loaded from a ``file://`` URL; the manifest and draw texts go in through the page's own function
(``drawVerifier.check``, which the file pickers call too, and once through the file pickers themselves), and the
Chinese verdict and its details are read back: every vector of draw-v1 (SHA-256 and SM3), its cases, draw-v2 and
draw-v3; the demo's published draw; and tampered draws, each named where it differs. Its SM3 is checked against
GB/T 32905's two vectors and Python's SM3, its canonical form against the independent verifier's, and its
verdicts against the independent verifier's on random manifests. The page makes no network request.

Skips when Chromium is missing, unless ``RANDOM_INSPECTION_REQUIRE_BROWSER=1`` (CI), when it fails.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.demo import run_demo
from random_inspection.io import verifier_html, write_disclosure
from random_inspection.model import EnforcementCertificate, Inspector, Subject
from random_inspection.sampling import DrawRules, Sample, TeamSpec, build_manifest, canonical_json, draw
from random_inspection.testing.strategies import subjects as subject_strategy
from random_inspection.workflow import disclose
from tests import draw_verifier as independent
from tests.browser_support import Pipe
from tests.export_support import lengshuitan_export

SPEC = Path(__file__).parent.parent / "docs" / "spec"
CONSISTENT = "抽取结果与公示清单一致"


def _vectors() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for name in ("draw-v1-vectors.json", "draw-v1-cases-vectors.json", "draw-v2-vectors.json",
                 "draw-v3-vectors.json"):
        data = json.loads((SPEC / name).read_text(encoding="utf-8"))
        found += data if isinstance(data, list) else data["draws"]
    return found


VECTORS = _vectors()
REFUSED = json.loads((SPEC / "draw-v1-cases-vectors.json").read_text(encoding="utf-8"))["refused"]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("verifier") / "verify.html"
    path.write_bytes(verifier_html())
    return path


@pytest.fixture(scope="module")
def browser(page_file: Path) -> Iterator[Pipe]:
    pipe = Pipe("--window-size=412,900")
    pipe.open(page_file.as_uri())
    yield pipe
    pipe.close()


def check(browser: Pipe, manifest: str, result: str) -> dict[str, Any]:
    """The page's verdict on the two texts, as it renders it."""
    report: dict[str, Any] = browser.evaluate(f"drawVerifier.check({json.dumps(manifest)}, {json.dumps(result)})",
                                              await_promise=True)
    assert browser.evaluate("document.getElementById('verdict').textContent") == report["verdict"]
    return report


def texts(manifest: Any, result: Any) -> tuple[str, str]:
    return json.dumps(manifest, ensure_ascii=False, indent=2), json.dumps(result, ensure_ascii=False)


def fact(report: dict[str, Any], label: str) -> str:
    return next(v for k, v in report["facts"] if k.startswith(label))


# -- hashes and canonical form -----------------------------------------------------------------------------------

def test_sm3_gives_the_standards_check_values_and_pythons_digests(browser: Pipe) -> None:
    abc = browser.evaluate("drawVerifier.sm3Hex([97, 98, 99])")
    assert abc == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"  # GB/T 32905-2016 附录A
    sixteen = browser.evaluate(f"drawVerifier.sm3Hex({list(b'abcd' * 16)})")
    assert sixteen == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    # every length around the padding's edges, and random bytes
    inputs = [bytes((7 * i + n) % 256 for i in range(n)) for n in (*range(0, 130), 1000, 4096)]
    got = browser.evaluate(f"{[list(b) for b in inputs]}.map(b => drawVerifier.sm3Hex(b))")
    assert got == [independent.sm3(b).hex() for b in inputs]


@settings(max_examples=5, deadline=None)
@given(st.lists(st.binary(max_size=300), min_size=1, max_size=40))
def test_sm3_and_sha256_agree_with_python_on_random_inputs(browser: Pipe, inputs: list[bytes]) -> None:
    batch = json.dumps([list(b) for b in inputs])
    assert browser.evaluate(f"{batch}.map(b => drawVerifier.sm3Hex(b))") == [independent.sm3(b).hex() for b in inputs]
    sha = browser.evaluate(f"Promise.all({batch}.map(b => drawVerifier.sha256Hex(b)))", await_promise=True)
    assert sha == [independent.sha256(b).hex() for b in inputs]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**80), 2**80) | st.text(st.characters(exclude_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(st.characters(
        exclude_categories=("Cs",)), max_size=4), inner, max_size=4), max_leaves=20)


@settings(max_examples=5, deadline=None)
@given(st.lists(JSON_VALUES, min_size=1, max_size=30))
def test_the_canonical_form_is_the_specs_with_big_integers_exact(browser: Pipe, values: list[Any]) -> None:
    spelled = [json.dumps(v, ensure_ascii=True, indent=1) for v in values]  # escaped and indented: not canonical
    got = browser.evaluate(f"{json.dumps(spelled)}.map(t => drawVerifier.canonical(t))")
    assert got == [independent.canonical(v).decode("utf-8") for v in values]


def test_keys_sort_by_utf8_bytes_not_utf16_units(browser: Pipe) -> None:
    value = {"\U0001f600": 1, "\uff01": 2, "a": 2**64 + 1, "\u2028": "\x01\x7f/"}
    got = browser.evaluate(f"drawVerifier.canonical({json.dumps(json.dumps(value))})")
    assert got == independent.canonical(value).decode("utf-8")
    assert got.index("\uff01") < got.index("\U0001f600") and "18446744073709551617" in got


# -- the vectors -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_every_vector_is_found_consistent(browser: Pipe, vector: dict[str, Any]) -> None:
    report = check(browser, *texts(vector["manifest"], vector["result"]))
    assert report["verdict"] == CONSISTENT and report["kind"] == "ok", report
    assert fact(report, "清单哈希") == vector["manifest_hash"]
    assert fact(report, "随机种子") == vector["result"]["seed"]
    assert fact(report, "算法") == vector["manifest"]["algorithm"]
    hash_name = "SM3" if vector["manifest"]["algorithm"].endswith("-sm3") else "SHA-256"
    assert any(k.startswith(f"清单哈希（{hash_name}") for k, _ in report["facts"])


@pytest.mark.parametrize("case", REFUSED, ids=[c["name"] for c in REFUSED])
def test_each_refused_case_is_refused_naming_its_field(browser: Pipe, case: dict[str, Any]) -> None:
    manifest = case["manifest"]
    if case["stage"] == "verify":
        result = case["result"]
    else:  # a result that names the manifest rightly, so that the draw itself is what fails
        try:
            named = independent.sha256(independent.canonical(manifest)).hex()
        except AssertionError:  # a float: no canonical form
            named = ""
        result = {"algorithm": manifest.get("algorithm"), "public_input": case.get("public_input", "x"),
                  "manifest_hash": named, "seed": "",
                  "strata": [], "subjects": [], "reserve": {}, "teams": {}, "items": {}, "recusals": []}
    report = check(browser, *texts(manifest, result))
    assert report["field"] == case["field"], report
    assert not report["ok"]
    if case["stage"] == "verify" or case["field"] == "public_input":
        assert report["verdict"].startswith("不一致") and f"（{case['field']}）" in report["verdict"]
    else:
        assert report["verdict"].startswith("无法复核") and case["field"] in report["details"][0]


# -- the demo's published draw, and tampered ones ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "hebi"
    run_demo(out=out)
    return out / "public"


def test_the_demo_publishes_the_verifier_and_its_draw_is_consistent(browser: Pipe, demo_public: Path) -> None:
    assert (demo_public / "verify.html").read_bytes() == verifier_html()
    page = (demo_public / "disclosure.html").read_text(encoding="utf-8")
    assert 'href="verify.html"' in page and "random-inspection verify" in page
    manifest = (demo_public / "manifest.json").read_text(encoding="utf-8")
    result = json.loads((demo_public / "draw.json").read_text(encoding="utf-8"))
    assert result["algorithm"] == "draw-v2"  # what the demo and export publish today
    report = check(browser, manifest, json.dumps(result))
    assert report["verdict"] == CONSISTENT, report
    assert fact(report, "清单哈希") == result["manifest_hash"] and fact(report, "随机种子") == result["seed"]
    # indented, its keys in another order: the same manifest (the hash is of the canonical form, §3)
    again = json.dumps(json.loads(manifest), ensure_ascii=False, indent=3, sort_keys=False)
    assert check(browser, again, json.dumps(result))["verdict"] == CONSISTENT


def test_a_swapped_subject_is_named_with_its_position(browser: Pipe, demo_public: Path) -> None:
    manifest = (demo_public / "manifest.json").read_text(encoding="utf-8")
    result = json.loads((demo_public / "draw.json").read_text(encoding="utf-8"))
    others = [s["id"] for s in json.loads(manifest)["subjects"] if s["id"] not in result["subjects"]]
    drawn = result["subjects"][0]
    result["subjects"][0] = others[0]  # a subject not drawn put in the place of the one drawn
    report = check(browser, manifest, json.dumps(result))
    assert report["verdict"] == "不一致：抽中对象（subjects）与清单重新计算的结果不同"
    assert report["details"] == [f"抽中对象第 1 位：应为 {drawn}，公示为 {others[0]}"]


def test_a_changed_public_input_or_seed_is_named(browser: Pipe, demo_public: Path) -> None:
    manifest = (demo_public / "manifest.json").read_text(encoding="utf-8")
    result = json.loads((demo_public / "draw.json").read_text(encoding="utf-8"))
    dice = result["public_input"].split(" ")
    changed = " ".join([dice[0], "1" if dice[1] != "1" else "2", *dice[2:]])
    report = check(browser, manifest, json.dumps({**result, "public_input": changed}))
    assert report["field"] == "seed" and report["details"][0].startswith("随机种子：应为 ")
    assert f"公示为 {result['seed']}" in report["details"][0]
    spelled_otherwise = result["public_input"].replace(" ", "  ", 1)  # a doubled space: not its one spelling
    report = check(browser, manifest, json.dumps({**result, "public_input": spelled_otherwise}))
    assert report["field"] == "public_input" and report["verdict"].startswith("不一致：公开输入")
    report = check(browser, manifest, json.dumps({**result, "seed": "0" * 64}))
    assert report["field"] == "seed" and report["details"] == [f"随机种子：应为 {result['seed']}，公示为 {'0' * 64}"]


def test_an_edited_manifest_is_named_by_its_hash(browser: Pipe, demo_public: Path) -> None:
    manifest = json.loads((demo_public / "manifest.json").read_text(encoding="utf-8"))
    result = json.loads((demo_public / "draw.json").read_text(encoding="utf-8"))
    manifest["subjects"][0]["history"] += 1
    report = check(browser, *texts(manifest, result))
    assert report["field"] == "manifest_hash"
    assert report["verdict"] == "不一致：清单哈希（manifest_hash）与清单重新计算的结果不同"
    computed = independent.sha256(independent.canonical(manifest)).hex()
    assert fact(report, "清单哈希") == computed and computed in report["details"][0]


def test_a_changed_team_is_named_by_subject_and_place(browser: Pipe, demo_public: Path) -> None:
    manifest = (demo_public / "manifest.json").read_text(encoding="utf-8")
    result = json.loads((demo_public / "draw.json").read_text(encoding="utf-8"))
    sid = result["subjects"][0]
    team = result["teams"][sid]
    outsider = next(p["id"] for p in json.loads(manifest)["inspectors"] if p["id"] not in team)
    result["teams"][sid] = [team[0], outsider, *team[2:]]
    report = check(browser, manifest, json.dumps(result))
    assert report["field"] == "teams"
    assert report["details"] == [f"对象 {sid} 的检查组成员第 2 位：应为 {team[1]}，公示为 {outsider}"]


def test_a_draw_v1_export_with_a_recusal_and_sm3(browser: Pipe, tmp_path: Path) -> None:
    """冷水滩's plan (draw-v1, with a recusal) as write_disclosure publishes it, re-checked from its files."""
    export = lengshuitan_export()
    public = disclose(export.profile, export.plan, export.draw, [], export.subjects, export.inspectors)
    write_disclosure(tmp_path, public, manifest=export.manifest, result=export.draw)
    manifest = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    result = json.loads((tmp_path / "draw.json").read_text(encoding="utf-8"))
    assert result["algorithm"] == "draw-v1" and result["recusals"]
    assert check(browser, manifest, json.dumps(result))["verdict"] == CONSISTENT
    result["recusals"][0]["replacement"] = "someone-else"
    report = check(browser, manifest, json.dumps(result))
    assert report["field"] == "recusals" and report["details"][0].startswith("回避记录第 1 位：应为 ")


# -- what the page says about what it cannot read -------------------------------------------------------------------

@pytest.mark.parametrize(("manifest", "result", "verdict"), [
    ('{"algorithm": "draw-v1",', "{}", "无法复核：清单 manifest.json 不是有效的 JSON"),
    ('{"algorithm": "draw-v9"}', "{}", "无法复核：清单的算法版本未知"),
    ("[]", "{}", "无法复核：清单的算法版本未知"),
    (json.dumps(VECTORS[0]["manifest"]), "draw", "无法复核：抽取结果 draw.json 不是有效的 JSON"),
    (json.dumps(VECTORS[0]["manifest"]), "[1, 2]", "无法复核：抽取结果 draw.json 不是 JSON 对象"),
    (json.dumps({**VECTORS[0]["manifest"], "plan_id": 1.0}), "{}", "无法复核：清单不符合规范"),
])
def test_unreadable_files_get_a_chinese_message_on_the_page(browser: Pipe, manifest: str, result: str,
                                                             verdict: str) -> None:
    report = check(browser, manifest, result)
    assert report["verdict"] == verdict and report["kind"] == "error"
    assert browser.evaluate("document.getElementById('verdict').className") == "error"
    assert report["field"] in (None, "algorithm", "plan_id")


def test_a_big_integer_is_kept_exact(browser: Pipe) -> None:
    """2^53 + 1 read as a double would be 2^53: the hash would be another manifest's."""
    vector = next(v for v in VECTORS if v["manifest"]["algorithm"] == "draw-v1")
    manifest = json.loads(json.dumps(vector["manifest"]))
    manifest["subjects"][0]["history"] = 2**53 + 1
    result = {**vector["result"], "manifest_hash": independent.sha256(independent.canonical(manifest)).hex()}
    report = check(browser, *texts(manifest, result))
    assert fact(report, "清单哈希") == result["manifest_hash"] and report["field"] != "manifest_hash"


# -- the file pickers, and no network -----------------------------------------------------------------------------

def test_the_file_pickers_verify_without_any_network_request(page_file: Path, demo_public: Path) -> None:
    pipe = Pipe("--window-size=412,900")
    try:
        pipe.open(page_file.as_uri())
        pipe.send("Network.enable")
        root = pipe.send("DOM.getDocument")["root"]["nodeId"]
        for selector, name in (("#manifest-file", "manifest.json"), ("#draw-file", "draw.json")):
            node = pipe.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
            pipe.send("DOM.setFileInputFiles", nodeId=node, files=[str(demo_public / name)])
        verdict = pipe.evaluate("""new Promise(done => { const box = document.getElementById('verdict');
            const seen = () => box.className === 'ok' || box.className === 'bad' || box.className === 'error';
            if (seen()) done(box.textContent);
            new MutationObserver(() => { if (seen()) done(box.textContent); })
                .observe(box, {attributes: true, childList: true, subtree: true}); })""", await_promise=True)
        assert verdict == CONSISTENT
        shown = pipe.evaluate("document.getElementById('facts').textContent")
        assert json.loads((demo_public / "draw.json").read_text(encoding="utf-8"))["seed"] in shown
        # a request the page might make is refused by its Content-Security-Policy
        blocked = pipe.evaluate("""new Promise(done => {
            document.addEventListener('securitypolicyviolation', e => done('csp:' + e.violatedDirective));
            fetch('http://127.0.0.1:9/x').then(() => done('loaded'), () => {}); })""", await_promise=True)
        assert blocked == "csp:connect-src"
        requests = pipe.drain("Network.requestWillBeSent")
        assert [r for r in requests if not r["params"]["request"]["url"].startswith("http://127.0.0.1:9/")] == []
    finally:
        pipe.close()


def test_the_page_has_a_strict_policy_and_no_external_resource() -> None:
    page = verifier_html().decode("utf-8")
    assert "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'" in page
    for marker in ("src=", "href=", "@import", "url(", "XMLHttpRequest", "WebSocket", "import("):
        assert marker not in page, marker
    assert page.count("fetch(") == 0 and 'lang="zh-CN"' in page


# -- the page and the independent verifier agree --------------------------------------------------------------------

CERT = EnforcementCertificate("证", dt.date(2020, 1, 1))
TAMPER = ("none", "subjects", "reserve", "teams", "items", "strata", "seed", "public_input")


def _tamper(result: dict[str, Any], how: str) -> dict[str, Any]:
    out = json.loads(json.dumps(result))
    if how == "seed":
        out["seed"] = "f" * 64
    elif how == "public_input":
        out["public_input"] += "1"
    elif how == "strata" and out["strata"]:
        out["strata"][0]["eligible"] += 1
    elif how == "subjects" and len(out["subjects"]) > 1:
        out["subjects"] = out["subjects"][::-1]
    elif how in ("reserve", "teams", "items") and out[how]:
        key = next(iter(out[how]))
        out[how][key] = [*out[how][key][::-1], "X"]
    return out


@settings(max_examples=25, deadline=None)
@given(st.lists(subject_strategy(), min_size=1, max_size=25, unique_by=lambda s: s.uscc),
       st.sampled_from(["sha256", "sm3"]), st.integers(1, 3), st.integers(0, 2), st.integers(0, 3),
       st.sampled_from(TAMPER), st.text("0123456789AZaz ", min_size=1, max_size=8))
def test_the_page_and_the_independent_verifier_agree(browser: Pipe, subjects: list[Subject], algorithm: str,
                                                     q: int, reserve: int, cap: int, how: str, public: str) -> None:
    inspectors = [Inspector(f"yjj{i:03d}", f"执法人员{i}", "执法大队", "yjj", CERT,
                            specialties={"危险化学品"} if i % 3 == 0 else set()) for i in range(6)]
    rules = DrawRules(Sample(ratio=(1, q)), TeamSpec(2), strata=("area",), yearly_cap=cap or None, reserve=reserve,
                      items=None)
    history = {s.uscc: i % 4 for i, s in enumerate(subjects)}
    manifest = build_manifest("P", "a word", r"[A-Za-z0-9 ]+", (dt.date(2026, 3, 2), dt.date(2026, 3, 31)),
                              subjects, inspectors, [], rules, history=history, hash_algorithm=algorithm)
    data = json.loads(manifest.canonical())
    result = draw(manifest, public).to_json()
    tampered = _tamper(result, how)
    expected = independent.verify(data, tampered)
    report = check(browser, manifest.canonical().decode("utf-8"), canonical_json(tampered).decode("utf-8"))
    assert report["field"] == expected, (how, report)
    assert (report["verdict"] == CONSISTENT) == (expected is None)
