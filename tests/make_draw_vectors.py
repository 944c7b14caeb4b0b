"""Writes docs/spec/draw-v1-vectors.json from the bundled synthetic data: `python -m tests.make_draw_vectors`.

The vectors are the engine's output; tests/test_draw.py checks that the independent verifier (written from the
spec alone) reproduces every one of them, and that the engine still does."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs

from random_inspection.demo import load_demo_data
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import DrawRules, Manifest, Recusal, Sample, TeamSpec, build_manifest, draw, recuse

VECTORS = Path(__file__).resolve().parents[1] / "docs" / "spec" / "draw-v1-vectors.json"
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


if __name__ == "__main__":
    VECTORS.write_text(json.dumps(vectors(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {VECTORS}")
