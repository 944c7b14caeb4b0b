"""Writes docs/spec/draw-v1-vectors.json, draw-v2-vectors.json and draw-v3-vectors.json from the bundled synthetic
data:
`python -m tests.make_draw_vectors`.

The vectors are the engine's output; tests/test_draw.py and tests/test_draw_v2.py check that the independent
verifier (written from the specs alone) reproduces every one of them, and that the engine still does. The
draw-v2 file also holds the public inputs and specs that must be refused (negative vectors)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from random_inspection.demo import load_demo_data
from random_inspection.model import Expert
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import (
    DrawResult,
    DrawRules,
    InputField,
    Manifest,
    PublicInputSpec,
    Recusal,
    Sample,
    TeamSpec,
    build_manifest,
    draw,
    recuse,
)
from random_inspection.sampling.manifest import InspectorEntry, ItemEntry, SubjectEntry

VECTORS = Path(__file__).resolve().parents[1] / "docs" / "spec" / "draw-v1-vectors.json"
VECTORS_V2 = VECTORS.with_name("draw-v2-vectors.json")
VECTORS_V3 = VECTORS.with_name("draw-v3-vectors.json")
VECTORS_CASES = VECTORS.with_name("draw-v1-cases-vectors.json")
WINDOW = (dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def manifests() -> list[tuple[str, str, Manifest, str]]:
    subjects, inspectors, checklist = load_demo_data()
    mines = TeamSpec(2, (("非煤矿山", 1),))
    history = {subjects[0].uscc: 4, subjects[12].uscc: 4, subjects[11].uscc: 6}  # 12 is exempt (经营异常)
    cases = [
        ("undirected-by-area", "许昌 第四条第二款, 第十二条: 1/5 of the eligible, balanced across areas; cap 4",
         build_manifest("V1-AREA", "dice: six digits read aloud at the drawing", r"[0-9]( [0-9]){5}",
                        WINDOW, subjects, inspectors,
                        checklist, DrawRules(Sample(ratio=(1, 5)), TeamSpec(2), strata=("area",), yearly_cap=4,
                                             reserve=1, team_by_domain=(("非煤矿山", mines),), items=3),
                        history=history),
         "3 1 4 1 5 9"),
        ("count-largest-remainder", "a fixed count of 5 over six areas: the remainders decide, ties by ticket",
         build_manifest("V1-COUNT", "officer entry, witnessed",
                        r"\d{4}-\d{2}-\d{2} officer entry \d{4}", WINDOW, subjects, inspectors, checklist,
                        DrawRules(Sample(count=5), TeamSpec(3), strata=("area",), reserve=2)),
         "2026-12-01 officer entry 7302"),
        ("directed-credit-risk", "石家庄 二(五), 三(三): 工贸 only, a ratio and a yearly frequency per credit class",
         build_manifest("V1-CREDIT", "beacon round 123456", r"beacon 123456: [0-9a-f]{4}",
                        WINDOW, subjects, inspectors, checklist,
                        DrawRules(Sample(ratio_by="credit_risk", ratios=(("A", (1, 10)), ("B", (1, 5)),
                                                                          ("C", (1, 2)), ("D", (1, 1)))),
                                  TeamSpec(2), strata=("credit_risk",), conditions=(("domain", ("工贸",)),),
                                  items=2, yearly_cap=4, class_caps=(("A", 1), ("D", 6))),
                        history={s.uscc: 1 for s in subjects if s.credit_risk and s.credit_risk.value == "A"}),
         "beacon 123456: 9f2c"),
    ]
    # Text that tests the canonical encoding: quotes, a backslash, a tab, a control character, U+2028, a slash,
    # a character outside the BMP; two stratum fields with nulls; a joint plan with a domain team rule and items.
    odd = [attrs.evolve(s, industry=f"批发\t\"零售\"/\\\x01\u2028\U0001F3ED{i % 3}",
                        credit_risk=None if i % 4 == 0 else s.credit_risk) for i, s in enumerate(subjects)]
    odd_people = [attrs.evolve(p, unit="执法\"大队\"\x7f", department="yjj" if i % 2 else "scjgj")
                  for i, p in enumerate(inspectors)]
    odd_items = [attrs.evolve(c, department="yjj" if i % 2 else "scjgj") for i, c in enumerate(checklist)]
    cases.append((
        "edge-cases", "escaping, null stratum values, two stratum fields, a joint plan with a domain team rule",
        build_manifest("V1-EDGE\u2028", "dice \"and\" a backslash \\", r"[0-9]+", WINDOW, odd, odd_people,
                       odd_items,
                       DrawRules(Sample(ratio=(1, 3)), TeamSpec(1), strata=("area", "credit_risk"), reserve=2,
                                 departments=("yjj", "scjgj"), items=2,
                                 team_by_domain=(("非煤矿山", TeamSpec(1, (("非煤矿山", 1),))),))),
        "20261201",
    ))
    registry = ProfileRegistry()
    hebi = registry.resolve("hebi", dt.date(2020, 7, 3))
    market = [attrs.evolve(p, department="scjgj", id=f"SC{p.id[2:]}") for p in inspectors[6:]]
    cases.append((
        "joint-one-enterprise", "鹤壁 三(二), 五(一): one enterprise, each department draws its own inspectors",
        build_manifest("V1-JOINT", "three dice", r"[1-6] [1-6] [1-6]", WINDOW, subjects, inspectors[:6] + market,
                       hebi.value("checklist.items"),
                       DrawRules(Sample(count=1), TeamSpec(1), departments=("yjj", "scjgj"))),
        "6 6 2",
    ))
    sectors = ("冶金", "有色", "建材", "机械", "轻工", "纺织")
    by_trade = [attrs.evolve(p, specialties={sectors[i % 6], sectors[(i + 1) % 6]}) for i, p in enumerate(inspectors)]
    cases.append((
        "by-industry", "偃师 四.2: each 工贸 sector's team has an inspector of that industry; others by the default",
        build_manifest("V1-SECTOR", "two dice", r"[1-6] [1-6]", WINDOW, subjects, by_trade, checklist,
                       DrawRules(Sample(ratio=(1, 2)), TeamSpec(2), strata=("domain",),
                                 team_by_sector=tuple((s, TeamSpec(2, ((s, 1),))) for s in sectors))),
        "5 3",
    ))
    return cases


def sm3_twins() -> list[tuple[str, str, Manifest, str]]:
    """The same manifests hashed with SM3 (spec §12): only the algorithm differs from their SHA-256 vectors."""
    return [
        (f"{name}-sm3", f"{about}; hashed with SM3 (GB/T 32905-2016)", attrs.evolve(manifest, hash_algorithm="sm3"),
         public_input)
        for name, about, manifest, public_input in manifests()
        if name in ("undirected-by-area", "edge-cases", "directed-credit-risk")
    ]


def vectors() -> list[dict[str, Any]]:
    out = []
    for name, about, manifest, public_input in [*manifests(), *sm3_twins()]:
        result = draw(manifest, public_input)
        out.append({
            "name": name, "about": about, "manifest": json.loads(manifest.canonical()),
            "manifest_hash": manifest.hash, "public_input": public_input, "result": result.to_json(),
        })
        # the same draw after a recusal of each kind (§7a)
        if name in ("undirected-by-area", "edge-cases", "edge-cases-sm3"):
            (s1, t1), (s2, t2) = result.teams[0], result.teams[1]
            requests = [Recusal(s1, t1[0], "replace", "配偶在该企业任职"), Recusal(s2, t2[1], "swap", "曾在该企业任职")]
            out.append({
                "name": f"{name}-with-recusals", "about": "冷水滩 第十四条: a replacement, then a swap",
                "manifest": json.loads(manifest.canonical()), "manifest_hash": manifest.hash,
                "public_input": public_input, "result": recuse(manifest, result, requests).to_json(),
            })
    return out


# draw-v2 ------------------------------------------------------------------------------------------------------

SECRET = bytes(range(32))  # a test secret, published here only because these are test vectors
DIE = {"type": "digits", "length": 1, "alphabet": "123456"}
DICE = PublicInputSpec("四枚骰子当众投掷，依次记录点数，地点：局一楼大厅，纪检监察室见证", "2026-11-30T09:30:00+08:00",
                       tuple(InputField(f"die{i}", "digits", length=1, alphabet="123456") for i in range(1, 5)))
LOTTERY = PublicInputSpec(
    "中国福利彩票双色球 第2026138期 开奖日期、期号与上证综指当日收盘价，保留两位小数 \"引号\" \\",
    "2026-11-30T21:15:00+08:00",
    (InputField("date", "date"), InputField("issue", "integer", min=2026001, max=2026200),
     InputField("index", "decimal", places=2), InputField("red", "digits", length=6, alphabet="0123456789")),
)


def v2_manifests() -> list[tuple[str, str, Manifest, str]]:
    subjects, inspectors, checklist = load_demo_data()
    ids = [s.uscc for s in subjects]
    # several declared interests each, many of them in subjects a half-draw takes
    declaring = [attrs.evolve(p, interests=frozenset(ids[j] for j in range(len(ids)) if j % 7 == i % 7 and i % 3))
                 for i, p in enumerate(inspectors)]
    mines = TeamSpec(2, (("非煤矿山", 1),))
    return [
        ("v2-dice-interests", "four dice; declared interests committed by tags, opened for the drawn subjects",
         build_manifest("V2-DICE", None, None, WINDOW, subjects, declaring, checklist,
                        DrawRules(Sample(ratio=(1, 2)), TeamSpec(2), strata=("area",), reserve=1,
                                  team_by_domain=(("非煤矿山", mines),), items=3),
                        public_input=DICE, interest_secret=SECRET),
         "2 3 5 1"),
        ("v2-lottery-no-interests", "a date, an issue number, an index with two places and six digits; no interests",
         build_manifest("V2-LOTTERY", None, None, WINDOW, subjects,
                        [attrs.evolve(p, interests=frozenset()) for p in inspectors], checklist,
                        DrawRules(Sample(count=5), TeamSpec(3), strata=("area",), reserve=2),
                        public_input=LOTTERY),
         "2026-11-30 2026138 3288.05 071223"),
    ]


def v2_sm3_twins() -> list[tuple[str, str, Manifest, str]]:
    return [(f"{name}-sm3", f"{about}; hashed with SM3 (GB/T 32905-2016)",
             attrs.evolve(manifest, hash_algorithm="sm3", declarations=None), public_input)
            for name, about, manifest, public_input in v2_manifests()]


def _v2_rebuilt(name: str, manifest: Manifest) -> Manifest:
    """An SM3 twin's tags differ (H is SM3): build it again with the same inputs."""
    if not name.endswith("-sm3"):
        return manifest
    subjects, inspectors, checklist = load_demo_data()
    base = {n: m for n, _, m, _ in v2_manifests()}[name[:-4]]
    declared = base.declarations
    people = [attrs.evolve(p, interests=frozenset(declared.of(p.id) if declared else ())) for p in inspectors]
    return build_manifest(base.plan_id, None, None, WINDOW, subjects, people,
                          [c for c in checklist if c.code in {i.code for i in base.checklist}], base.rules,
                          public_input=base.public_input_spec, interest_secret=SECRET if declared else None,
                          hash_algorithm="sm3")


def _private(manifest: Manifest) -> dict[str, Any] | None:
    return None if manifest.declarations is None else manifest.declarations.to_json()


REFUSED_INPUTS: list[tuple[str, str]] = [
    ("２ 3 5 1", "a full-width digit (U+FF12)"),
    ("٢ 3 5 1", "an Arabic-Indic digit (U+0662)"),
    ("𝟐 3 5 1", "a mathematical bold digit (U+1D7D0)"),
    ("2 3 5 1 ", "a trailing space"),
    (" 2 3 5 1", "a leading space"),
    ("2  3 5 1", "a double space"),
    ("2\t3 5 1", "a tab between fields"),
    ("2\u00a03 5 1", "a no-break space"),
    ("2 3 5", "a field missing"),
    ("2 3 5 1 4", "a field too many"),
    ("2 3 5 7", "a digit outside the alphabet 123456"),
    ("02 3 5 1", "two characters where the length is 1"),
    ("2,3,5,1", "commas instead of spaces"),
    ("2 3 5 \u00e9", "a non-ASCII letter in NFC (U+00E9)"),
    ("2 3 5 e\u0301", "the same letter in NFD (e, U+0301)"),
    ("2 3 5 1\u0301", "a digit followed by a combining mark (NFD-like)"),
    ("", "empty"),
]
REFUSED_LOTTERY: list[tuple[str, str]] = [
    ("2026-11-30 02026138 3288.05 071223", "a leading zero in an integer"),
    ("2026-11-30 +2026138 3288.05 071223", "a sign on an integer"),
    ("2026-11-30 2026201 3288.05 071223", "an integer above max"),
    ("2026-11-30 2026138 3288.5 071223", "one decimal place where places = 2"),
    ("2026-11-30 2026138 3288.050 071223", "three decimal places where places = 2"),
    ("2026-11-30 2026138 3288 071223", "no decimal point where places = 2"),
    ("2026-11-30 2026138 03288.05 071223", "a leading zero before the point"),
    ("2026-11-30 2026138 +3288.05 071223", "a sign on a decimal"),
    ("2026-11-30 2026138 3288,05 071223", "a decimal comma"),
    ("2026-11-30 2026138 3288.05 71223", "five digits where the length is 6"),
    ("2026-02-30 2026138 3288.05 071223", "2026-02-30 is not a date"),
    ("2026-11-31 2026138 3288.05 071223", "2026-11-31 is not a date"),
    ("2026-1-30 2026138 3288.05 071223", "a month without its leading zero"),
    ("2026/11/30 2026138 3288.05 071223", "slashes in a date"),
    ("２０２６-11-30 2026138 3288.05 071223", "full-width digits in a date"),
    ("2026-11-30 2026138 3288.05 ０71223", "a full-width digit among digits"),
    ("2026-11-30 2026１38 3288.05 071223", "a full-width digit in an integer"),
    ("2026-11-30 2026138 3288.05 071223\n", "a trailing line feed"),
]
ACCEPTED_LOTTERY = ["2026-11-30 2026138 3288.05 071223", "2026-02-28 2026001 0.00 000000",
                    "2024-02-29 2026200 10.10 999999"]
NFC_NFD = ("a text field's value is ASCII only, so the NFC and NFD spellings of a non-ASCII character can "
           "never both be accepted: draw-v2 refuses both")
PRODUCED_AT_ACCEPTED = ["2026-11-30T09:30:00+08:00", "2026-11-30T01:30:00+00:00", "2026-11-29T20:30:00-05:00"]
PRODUCED_AT_REFUSED: list[tuple[str, str]] = [
    ("2026-11-30T09:30+08:00", "no seconds"),
    ("2026-11-30T09:30:00", "no offset"),
    ("2026-11-30T01:30:00Z", "Z instead of +00:00"),
    ("2026-11-30T01:30:00-00:00", "-00:00 (the one spelling of that offset is +00:00)"),
    ("2026-11-30 09:30:00+08:00", "a space instead of T"),
    ("2026-11-30t09:30:00+08:00", "a lower-case t"),
    ("2026-11-30T09:30:00.000+08:00", "a fraction of a second"),
    ("2026-11-30T09:30:00+0800", "an offset without its colon"),
    ("2026-02-30T09:30:00+08:00", "not a date"),
    ("2026-11-30T24:00:00+08:00", "hour 24"),
    ("２０２６-11-30T09:30:00+08:00", "full-width digits"),
]
BAD_SPECS: list[tuple[dict[str, Any], str]] = [
    ({"source": "dice", "produced_at": "2026-11-30T09:30:00+08:00", "fields": []}, "no field"),
    ({"source": "", "produced_at": "2026-11-30T09:30:00+08:00", "fields": [{"name": "d", **DIE}]}, "an empty source"),
    ({"source": "dice", "produced_at": "2026-11-30 09:30", "fields": [{"name": "d", **DIE}]},
     "produced_at not in its one spelling"),
    ({"source": "dice", "produced_at": "2026-11-30T09:30:00+08:00", "fields": [{"name": "d", "type": "hex"}]},
     "an unknown field type"),
    ({"source": "dice", "produced_at": "2026-11-30T09:30:00+08:00",
      "fields": [{"name": "n", "type": "integer", "min": 5, "max": 4}]}, "max below min"),
    ({"source": "dice", "produced_at": "2026-11-30T09:30:00+08:00",
      "fields": [{"name": "n", "type": "integer", "min": -1, "max": 4}]}, "a negative bound"),
    ({"source": "dice", "produced_at": "2026-11-30T09:30:00+08:00",
      "fields": [{"name": "d", "type": "digits", "length": 0, "alphabet": "123456"}]}, "length 0"),
    ({"source": "dice", "produced_at": "2026-11-30T09:30:00+08:00",
      "fields": [{"name": "d", "type": "digits", "length": 1, "alphabet": "654321"}]}, "an alphabet out of order"),
    ({"source": "dice", "produced_at": "2026-11-30T09:30:00+08:00",
      "fields": [{"name": "d", "type": "digits", "length": 1, "alphabet": "１２３"}]}, "a non-ASCII alphabet"),
    ({"source": "dice", "produced_at": "2026-11-30T09:30:00+08:00",
      "fields": [{"name": "x", "type": "decimal", "places": 0}]}, "a decimal with no places"),
    ({"source": "dice", "produced_at": "2026-11-30T09:30:00+08:00",
      "fields": [{"name": "x", "type": "date", "places": 2}]}, "an option the type does not take"),
    ({"source": "dice", "produced_at": "2026-11-30T09:30:00+08:00",
      "fields": [{"name": "d", **DIE}, {"name": "d", **DIE}]}, "a field named twice"),
]


def v2_vectors() -> dict[str, Any]:
    draws = []
    for name, about, manifest, public_input in [*v2_manifests(), *v2_sm3_twins()]:
        manifest = _v2_rebuilt(name, manifest)
        result = draw(manifest, public_input)
        base = {"manifest": json.loads(manifest.canonical()), "manifest_hash": manifest.hash,
                "public_input": public_input, "private": _private(manifest)}
        draws.append({"name": name, "about": about, **base, "result": result.to_json()})
        if "interests" in name:  # §7a on a v2 draw: a replacement, then a swap, with the opened conflicts
            (s1, t1), (s2, t2) = result.teams[0], result.teams[1]
            requests = [Recusal(s1, t1[0], "replace", "配偶在该企业任职"), Recusal(s2, t2[1], "swap", "曾在该企业任职")]
            draws.append({"name": f"{name}-with-recusals", "about": "冷水滩 第十四条 on a draw-v2 draw", **base,
                          "result": recuse(manifest, result, requests).to_json()})
    return {
        "about": "draw-v2 test vectors (docs/spec/draw-v2.md §8). `private` holds the test secret and declarations "
                 "a bureau never publishes, so that §4's tags and openings can be re-derived.",
        "draws": draws,
        "public_inputs": [
            {"public_input": DICE.to_json(), "accepted": ["2 3 5 1", "6 6 6 6", "1 1 1 1"],
             "refused": [{"text": t, "why": w} for t, w in REFUSED_INPUTS]},
            {"public_input": LOTTERY.to_json(), "accepted": ACCEPTED_LOTTERY,
             "refused": [{"text": t, "why": w} for t, w in REFUSED_LOTTERY]},
        ],
        "nfc_nfd": NFC_NFD,
        "produced_at": {"accepted": PRODUCED_AT_ACCEPTED,
                        "refused": [{"text": t, "why": w} for t, w in PRODUCED_AT_REFUSED]},
        "bad_public_input_specs": [{"public_input": spec, "why": why} for spec, why in BAD_SPECS],
    }


# draw-v3 ------------------------------------------------------------------------------------------------------


V3_EXPERTS = [Expert("ZJ-01", "专家甲", {"非煤矿山"}, id_number="430000197001010011"),
              Expert("ZJ-03", "专家丙"), Expert("ZJ-04", "专家丁", {"烟花爆竹"})]


def v3_manifest(hash_algorithm: str = "sha256", way: str = "swap") -> Manifest:
    """The v2 dice draw, in teams of three, with an expert roster of four: one declared an interest in a subject
    the draw takes, one in a subject it leaves (committed with the same secret as the inspectors'), each committed
    by the salted tag of their name (and ID number where given); every recusal takes ``way``."""
    subjects, inspectors, checklist = load_demo_data()
    base = v2_manifests()[0][2]
    declared = base.declarations
    people = [attrs.evolve(p, interests=frozenset(declared.of(p.id) if declared else ())) for p in inspectors]
    drawn = draw(base, "2 3 5 1").subjects
    left = next(s.uscc for s in subjects if s.uscc not in drawn)
    e1, e3, e4 = V3_EXPERTS
    # teams of three: an expert may take one place and leave two inspectors (行政处罚法 第四十二条, draw-v3 §3)
    rules = attrs.evolve(base.rules, team=TeamSpec(3), team_by_domain={"非煤矿山": TeamSpec(3, (("非煤矿山", 1),))})
    experts = [e1, Expert("ZJ-02", "专家乙", {"危险化学品"}, {drawn[0]}), attrs.evolve(e3, interests={left}), e4]
    return build_manifest("V3-DICE", None, None, WINDOW, subjects, people,
                          [c for c in checklist if c.code in {i.code for i in base.checklist}], rules,
                          public_input=DICE, interest_secret=SECRET, hash_algorithm=hash_algorithm, experts=experts,
                          recusal_way=way)


def _v3_private(manifest: Manifest) -> dict[str, Any]:
    names = {"ZJ-02": ("专家乙", "")} | {e.id: (e.name, e.id_number) for e in V3_EXPERTS}
    return {**(_private(manifest) or {}),
            "experts": {i: {"name": n, "id_number": x} for i, (n, x) in sorted(names.items())}}


def _v3_swaps(manifest: Manifest, public_input: str) -> list[Recusal]:
    """Swaps that show every case of §3: one goes to an expert, one to another team's member, then the other
    inspector of the expert's team (two members by the rule): never another expert (行政处罚法 第四十二条), so the
    swap goes to an inspector."""
    result = draw(manifest, public_input)
    requests: list[Recusal] = []
    kinds: set[bool] = set()
    for sid, team in result.teams:
        for rid in team:
            trial = [*requests, Recusal(sid, rid, "swap", "利害关系")]
            try:
                done = recuse(manifest, result, trial).recusals[-1]
            except Exception:
                continue
            to_expert = done.with_subject is None
            if to_expert not in kinds:
                kinds.add(to_expert)
                requests = trial
                break
        if len(kinds) == 2:
            break
    after = recuse(manifest, result, requests)
    to_expert = next(r for r in after.recusals if r.with_subject is None)
    left = next(m for m in after.team(to_expert.subject) if m not in manifest.expert_ids
                and not any(m in (r.inspector, r.replacement) for r in after.recusals))
    return [*requests, Recusal(to_expert.subject, left, "swap", "利害关系")]


def v3_vectors() -> dict[str, Any]:
    draws = []
    for suffix, hash_name in (("", "sha256"), ("-sm3", "sm3")):
        manifest = v3_manifest(hash_name)
        public_input = "2 3 5 1"
        result = draw(manifest, public_input)
        base = {"manifest": json.loads(manifest.canonical()), "manifest_hash": manifest.hash,
                "public_input": public_input, "private": _v3_private(manifest)}
        name = f"v3-dice-experts{suffix}"
        draws.append({"name": name, "about": "the v2 dice draw with an expert roster committed in the manifest; "
                                             "every recusal swaps (recusal_way)", **base, "result": result.to_json()})
        draws.append({"name": f"{name}-with-recusals",
                      "about": "冷水滩 第十四条: a swap with another team's member, one with an expert, then the "
                               "expert's team's other inspector swapped with an inspector (行政处罚法 第四十二条)",
                      **base, "result": recuse(manifest, result, _v3_swaps(manifest, public_input)).to_json()})
    manifest = v3_manifest(way="replace")
    result = draw(manifest, "2 3 5 1")
    sid, team = result.teams[-1]
    draws.append({"name": "v3-dice-experts-replace-with-recusals",
                  "about": "冷水滩 第十四条 不参与本次执法检查: the plan fixed recusal_way \"replace\"",
                  "manifest": json.loads(manifest.canonical()), "manifest_hash": manifest.hash,
                  "public_input": "2 3 5 1", "private": _v3_private(manifest),
                  "result": recuse(manifest, result, [Recusal(sid, team[0], "replace", "其他")]).to_json()})
    return {
        "about": "draw-v3 test vectors (docs/spec/draw-v3.md §5). `private` holds the test secret, declarations "
                 "and the experts' names and ID numbers (the inspectors' and the experts') a bureau never publishes.",
        "draws": draws,
    }


# draw-v1 cases: the questions the 12 vectors leave open, settled (draw-v1 §6, §7a, §9, §11) -------------------

_ABCD = ("A", "B", "C", "D")


def _subject(i: int, **fields: Any) -> SubjectEntry:
    base: dict[str, Any] = {"id": f"S{i:02d}", "area": "411002", "domain": "工贸", "sector": "冶金",
                            "subject_type": "企业", "industry": "金属冶炼", "credit_risk": _ABCD[i % 4],
                            "in_existence": True, "exempt": False, "history": 0}
    return SubjectEntry(**(base | fields))


def _inspector(i: int, *tags: str, department: str = "yjj") -> InspectorEntry:
    return InspectorEntry(f"P{i:02d}", department, tuple(sorted(tags, key=lambda t: t.encode("utf-8"))), (),
                          "执法大队", True, "2020-01-01", None)


def _case(plan_id: str, subjects: list[SubjectEntry], inspectors: list[InspectorEntry], rules: DrawRules,
          checklist: tuple[ItemEntry, ...] = ()) -> Manifest:
    return Manifest(plan_id, "three dice", "[1-6] [1-6] [1-6]", WINDOW, subjects, inspectors, checklist, rules)


def _null_values() -> Manifest:
    """Null and empty sectors, industries and credit classes under conditions, a class cap and a stratum."""
    nulls = [
        _subject(1), _subject(2, industry=None), _subject(3, industry=""), _subject(4, credit_risk=None),
        _subject(5, credit_risk=None, history=1), _subject(6, sector=None), _subject(7, sector=""),
        _subject(8, credit_risk=None, industry=""), _subject(9, sector=None, industry=""),
        _subject(10, credit_risk="A"), _subject(11, industry="机械"), _subject(12, sector="", industry=None),
    ]
    rules = DrawRules(Sample(ratio=(1, 2)), TeamSpec(1), strata=("sector",), reserve=1, yearly_cap=3,
                      conditions=(("industry", ("", "机械", "金属冶炼")),), class_caps=(("", 1), ("A", 0)))
    return _case("V1-NULLS", nulls, [_inspector(i) for i in range(1, 5)], rules)


def _ratio_by_null() -> Manifest:
    """ratio_by a field with null and empty values (one stratum), and a value without a ratio."""
    subjects = [_subject(i, sector=(None, "", "冶金", "有色")[i % 4]) for i in range(1, 17)]
    rules = DrawRules(Sample(ratio_by="sector", ratios=(("", (1, 2)), ("冶金", (1, 3)))), TeamSpec(1),
                      strata=("sector",), reserve=2)
    return _case("V1-RATIO-BY-NULL", subjects, [_inspector(i) for i in range(1, 5)], rules)


def _quotas_counted() -> Manifest:
    """Teams of two with a quota of 非煤矿山 and one of 危险化学品; one inspector carries both."""
    people = [_inspector(1, "危险化学品", "非煤矿山"), _inspector(2, "非煤矿山"), _inspector(3, "危险化学品"),
              _inspector(4), _inspector(5), _inspector(6)]
    rules = DrawRules(Sample(count=3), TeamSpec(2, (("危险化学品", 1), ("非煤矿山", 1))))
    return _case("V1-QUOTAS", [_subject(i) for i in range(1, 9)], people, rules)


def _loads_in_a_row() -> Manifest:
    """Three subjects, teams of one, four inspectors: the second replacement depends on the loads the first
    left."""
    rules = DrawRules(Sample(count=3), TeamSpec(1))
    return _case("V1-LOADS", [_subject(i) for i in range(1, 7)], [_inspector(i) for i in range(1, 5)], rules)


def _swap_places() -> Manifest:
    """Teams of three from nine inspectors, items drawn: where R and M go in a swap, and the order of lists."""
    items = tuple(ItemEntry(f"GM-{i:02d}", "yjj", () if i % 3 else ("工贸",)) for i in range(1, 8))
    rules = DrawRules(Sample(count=4), TeamSpec(3), strata=("area",), reserve=2, items=3)
    subjects = [_subject(i, area=("411002", "411003")[i % 2]) for i in range(1, 13)]
    return _case("V1-SWAP", subjects, [_inspector(i) for i in range(1, 10)], rules, items)


def _one_per_place(team: tuple[str, ...], quotas: tuple[tuple[str, int], ...], people: dict[str, InspectorEntry]) \
        -> bool:
    """Whether the team could fill its quota places one member per place (the reading draw-v1 §7a does NOT take)."""
    places = [tag for tag, k in quotas for _ in range(k)]
    return any(all(tag in people[m].specialties for tag, m in zip(places, order, strict=False))
               for order in itertools.permutations(team, len(places)))


def _first(manifest: Manifest, want: Callable[[str, DrawResult], DrawResult | None]) -> tuple[str, DrawResult]:
    """The first public input of three dice whose draw ``want`` turns into a result (searched in order)."""
    for dice in itertools.product("123456", repeat=3):
        public_input = " ".join(dice)
        found = want(public_input, draw(manifest, public_input))
        if found is not None:
            return public_input, found
    raise AssertionError(f"no public input shows what {manifest.plan_id} is for")


def _counted_replacement(manifest: Manifest) -> Callable[[str, DrawResult], DrawResult | None]:
    people = {p.id: p for p in manifest.inspectors}

    def want(_: str, result: DrawResult) -> DrawResult | None:
        for sid, team in result.teams:
            for rid in team:
                after = recuse(manifest, result, [Recusal(sid, rid, "replace", "配偶在该企业任职")])
                if not _one_per_place(after.team(sid), manifest.rules.team.quotas, people):
                    return after
        return None
    return want


def _replacements_in_a_row(manifest: Manifest) -> Callable[[str, DrawResult], DrawResult | None]:
    def want(_: str, result: DrawResult) -> DrawResult | None:
        (s1, (r1,)), (s2, (r2,)) = result.teams[0], result.teams[1]
        after = recuse(manifest, result, [Recusal(s1, r1, "replace", "配偶在该企业任职"),
                                          Recusal(s2, r2, "replace", "曾在该企业任职")])
        return after if after.recusals[1].replacement == r1 else None  # the load r1 has now, not at the draw
    return want


def _swap_across_places(manifest: Manifest) -> Callable[[str, DrawResult], DrawResult | None]:
    def want(_: str, result: DrawResult) -> DrawResult | None:
        teams = dict(result.teams)
        for sid, team in result.teams:
            after = recuse(manifest, result, [Recusal(sid, team[0], "swap", "曾在该企业任职")])
            swap = after.recusals[0]
            assert swap.with_subject is not None
            if teams[swap.with_subject].index(swap.replacement) != 0:
                return recuse(manifest, after, [Recusal(swap.with_subject, team[0], "replace", "近亲属在该企业任职")])
        return None
    return want


def _entry(name: str, about: str, manifest: Manifest, public_input: str, result: DrawResult) -> dict[str, Any]:
    return {"name": name, "about": about, "manifest": json.loads(manifest.canonical()),
            "manifest_hash": manifest.hash, "public_input": public_input, "result": result.to_json()}


def case_draws() -> list[dict[str, Any]]:
    nulls, by_null = _null_values(), _ratio_by_null()
    out = [_entry("null-values", "§6: a null matches no condition (not even \"\"); a null class takes the class cap "
                                 "of \"\"; null and \"\" are one stratum", nulls, "2 5 3", draw(nulls, "2 5 3")),
           _entry("ratio-by-null", "§6: ratio_by with null and \"\" values (one stratum, the ratio of \"\"), and a "
                                   "value with no ratio (n_h = 0)", by_null, "4 1 6", draw(by_null, "4 1 6"))]
    for name, about, manifest, want in (
        ("quotas-counted", "§7a: a replacement keeps the quotas counted per tag, not one member per place",
         _quotas_counted(), _counted_replacement),
        ("replacements-in-a-row", "§7a: the second replacement ranks by the loads the first left",
         _loads_in_a_row(), _replacements_in_a_row),
        ("swap-places", "§7a, §9: R and M each take the other's place in the other's team; then a replacement",
         _swap_places(), _swap_across_places),
    ):
        public_input, result = _first(manifest, want(manifest))
        out.append(_entry(name, about, manifest, public_input, result))
    return out


def _changed(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``document`` with the value at ``path`` (§11's paths: ``rules.sample.ratio``,
    ``subjects[0].history``) set to ``value``, or removed where ``value`` is :data:`_GONE`."""
    copy = json.loads(json.dumps(document))
    *parents, last = path.replace("[", ".[").split(".")
    node = copy
    for part in parents:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    key: Any = int(last[1:-1]) if last.startswith("[") else last
    if value is _GONE:
        del node[key]
    else:
        node[key] = value
    return copy


_GONE = object()

# (name, path, value, why): a manifest that must be refused when read, at ``path``
REFUSED_MANIFESTS: list[tuple[str, str, Any, str]] = [
    ("boolean-as-integer", "subjects[0].in_existence", 1, "in_existence is a boolean: 1 is not true"),
    ("boolean-as-text", "subjects[0].in_existence", "false", "in_existence is a boolean: \"false\" is text"),
    ("boolean-as-null", "subjects[0].exempt", None, "exempt is a boolean, never null"),
    ("integer-as-boolean", "subjects[0].history", True, "history is an integer: true is not 1"),
    ("integer-as-text", "subjects[0].history", "1", "history is an integer: \"1\" is text"),
    ("negative-history", "subjects[0].history", -1, "history is a whole number ≥ 0"),
    ("text-as-integer", "subjects[0].sector", 5, "sector is text or null"),
    ("null-area", "subjects[0].area", None, "area is text, never null"),
    ("boolean-stratum-field", "rules.strata", ["in_existence"], "a stratum field is one of the six text fields"),
    ("integer-stratum-field", "rules.strata", ["history"], "a stratum field is one of the six text fields"),
    ("condition-on-a-boolean", "rules.conditions", {"exempt": ["true"]}, "conditions name the six text fields only"),
    ("condition-lists-null", "rules.conditions", {"sector": [None]}, "a condition lists texts; null is never one"),
    ("condition-unsorted", "rules.conditions", {"area": ["411003", "411002"]}, "a condition's values are sorted"),
    ("condition-twice", "rules.conditions", {"area": ["411002", "411002"]}, "a condition lists each value once"),
    ("ratio-q-zero", "rules.sample", {"ratio": [1, 0]}, "q = 0: a ratio is 0 < p ≤ q"),
    ("ratio-p-zero", "rules.sample", {"ratio": [0, 5]}, "p = 0: a ratio is 0 < p ≤ q"),
    ("ratio-p-above-q", "rules.sample", {"ratio": [3, 2]}, "p > q: a ratio is 0 < p ≤ q"),
    ("ratio-by-p-above-q", "rules.sample", {"ratio_by": "area", "ratios": {"411002": [2, 1]}},
     "p > q in ratios: each ratio is 0 < p ≤ q"),
    ("ratio-by-not-a-stratum", "rules.sample", {"ratio_by": "domain", "ratios": {"工贸": [1, 2]}},
     "ratio_by names a field of strata"),
    ("ratio-by-no-ratios", "rules.sample", {"ratio_by": "area", "ratios": {}}, "ratio_by needs at least one ratio"),
    ("count-and-ratio", "rules.sample", {"count": 1, "ratio": [1, 2]}, "sample has exactly one of its forms"),
    ("float", "rules.reserve", 1.0, "no floating-point number anywhere"),
    ("subjects-unsorted", "subjects", "reversed", "subjects are sorted by id; a verifier does not sort them"),
    ("subject-twice", "subjects", "twice", "ids are unique"),
    ("specialties-unsorted", "inspectors[0].specialties", ["非煤矿山", "危险化学品"], "specialties are sorted"),
    ("interests-unsorted", "inspectors[0].interests", ["S02", "S01"], "interests are sorted"),
    ("unknown-key", "rules.weights", {}, "a key §3 does not name"),
    ("unknown-subject-key", "subjects[0].name", "某公司", "a key §3 does not name"),
    ("missing-key", "subjects[0].industry", _GONE, "every key of §3 is present, null or not"),
    ("unknown-algorithm", "algorithm", "draw-v1-sha3", "algorithm is draw-v1 or draw-v1-sm3"),
    ("quota-zero", "rules.team.quotas", [["非煤矿山", 0]], "a quota's k is at least 1"),
]


def _refused_manifest(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    if value == "reversed":
        return _changed(base, path, base[path][::-1])
    if value == "twice":
        return _changed(base, path, [base[path][0], *base[path]])
    return _changed(base, path, value)


def case_refusals() -> list[dict[str, Any]]:
    loads = _loads_in_a_row()
    base = json.loads(loads.canonical())
    out: list[dict[str, Any]] = [
        {"name": name, "stage": "manifest", "field": path.split("[")[0] if value in ("reversed", "twice") else path,
         "why": why, "manifest": _refused_manifest(base, path, value)}
        for name, path, value, why in REFUSED_MANIFESTS
    ]
    piped = _changed(_changed(base, "subjects[0].area", "4110|02"), "rules.strata", ["area", "domain"])
    out += [
        {"name": name, "stage": "draw", "field": field, "why": why, "manifest": manifest, "public_input": text}
        for name, field, why, manifest, text in (
            ("public-input-not-in-form", "public_input", "a trailing space: not the form in full", base, "1 1 1 "),
            ("public-input-full-width", "public_input", "full-width digits: [1-6] matches ASCII only", base,
             "１ １ １"),
            ("more-than-eligible", "rules.sample", "n = 7 > E = 6",
             _changed(base, "rules.sample", {"count": 7}), "1 1 1"),
            ("pipe-in-a-stratum-value", "rules.strata", "a | in a value with two stratum fields", piped, "1 1 1"),
            ("quota-no-one-carries", "teams", "no eligible inspector carries 烟花爆竹",
             _changed(base, "rules.team.quotas", [["烟花爆竹", 1]]), "1 1 1"),
        )
    ]
    swap = next(d for d in case_draws() if d["name"] == "swap-places")
    result = swap["result"]
    first_team = next(iter(result["teams"]))
    outsider = next(p["id"] for p in swap["manifest"]["inspectors"] if p["id"] not in result["teams"][first_team])
    edits: list[tuple[str, str, str, Any, str]] = [
        ("recusal-of-a-non-member", "recusals", "recusals[0].inspector", outsider,
         "R must be on S's team at the time of the recusal"),
        ("recusal-unknown-method", "recusals", "recusals[0].method", "withdraw", "method is replace or swap"),
        ("recusal-blank-reason", "recusals", "recusals[0].reason", " ", "a recusal records its reason"),
        ("recusal-other-replacement", "recusals", "recusals[1].replacement", outsider,
         "the replacement is the rule's pick"),
        ("team-order", "teams", f"teams.{first_team}", result["teams"][first_team][::-1],
         "a team's members are listed in the order they were taken"),
        ("reserve-order", "reserve", "reserve.411002", result["reserve"]["411002"][::-1],
         "a reserve list is in ticket order"),
        ("items-order", "items", f"items.{first_team}", result["items"][first_team][::-1],
         "items are in ticket order"),
        ("strata-order", "strata", "strata", result["strata"][::-1], "strata are sorted by key"),
        ("reserve-empty-list", "reserve", "reserve.411004", [], "a stratum without reserve has no key"),
        ("reserve-missing", "reserve", "reserve", _GONE, "every key of §9 is present"),
        ("other-algorithm", "algorithm", "algorithm", "draw-v1-sm3", "the result's algorithm is the manifest's"),
        ("other-manifest", "manifest_hash", "manifest_hash", "0" * 64, "the result is of another manifest"),
        ("seed-and-subjects", "seed", "seed", "0" * 64, "the first field that differs is named (seed before "
                                                         "subjects)"),
    ]
    out += [{"name": name, "stage": "verify", "field": field, "why": why, "manifest": swap["manifest"],
             "result": _changed(result, path, value)} for name, field, path, value, why in edits]
    return out


def case_vectors() -> dict[str, Any]:
    return {
        "about": "draw-v1 cases (docs/spec/draw-v1.md §11): draws that settle what the first vectors leave open, "
                 "and documents a verifier must refuse, with the field it names.",
        "draws": case_draws(),
        "refused": case_refusals(),
    }


if __name__ == "__main__":
    VECTORS.write_text(json.dumps(vectors(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {VECTORS}")
    VECTORS_V2.write_text(json.dumps(v2_vectors(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {VECTORS_V2}")
    VECTORS_V3.write_text(json.dumps(v3_vectors(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {VECTORS_V3}")
    VECTORS_CASES.write_text(json.dumps(case_vectors(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {VECTORS_CASES}")
