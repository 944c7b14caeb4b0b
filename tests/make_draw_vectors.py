"""Writes docs/spec/draw-v1-vectors.json, draw-v2-vectors.json and draw-v3-vectors.json from the bundled synthetic
data:
`python -m tests.make_draw_vectors`.

The vectors are the engine's output; tests/test_draw.py and tests/test_draw_v2.py check that the independent
verifier (written from the specs alone) reproduces every one of them, and that the engine still does. The
draw-v2 file also holds the public inputs and specs that must be refused (negative vectors)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs

from random_inspection.demo import load_demo_data
from random_inspection.model import Expert
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import (
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

VECTORS = Path(__file__).resolve().parents[1] / "docs" / "spec" / "draw-v1-vectors.json"
VECTORS_V2 = VECTORS.with_name("draw-v2-vectors.json")
VECTORS_V3 = VECTORS.with_name("draw-v3-vectors.json")
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


if __name__ == "__main__":
    VECTORS.write_text(json.dumps(vectors(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {VECTORS}")
    VECTORS_V2.write_text(json.dumps(v2_vectors(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {VECTORS_V2}")
    VECTORS_V3.write_text(json.dumps(v3_vectors(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {VECTORS_V3}")
