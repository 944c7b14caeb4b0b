"""Disclosures of the export fixtures, one per case, as published JSON: ``tests/data/disclosures.json`` holds
them as the format stood before disclosures became typed objects, and the tests check each is still produced
byte for byte. Run ``python -m tests.disclosure_cases`` to write the file again (only for a deliberate change
of the published format, which then needs a new format version)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from random_inspection.model import LedgerHead
from random_inspection.profiles import Departure
from random_inspection.workflow import Disclosure, InspectionKind, InspectionRecord, Redraw, Step, disclose
from random_inspection.workflow.commitments import Commitment, ReserveUsed
from tests.export_support import REGISTRY, hebi_export, lengshuitan_export

GOLDEN = Path(__file__).parent / "data" / "disclosures.json"
D = dt.date


def _json(public: Disclosure) -> dict[str, Any]:
    assert isinstance(public, Disclosure)
    return public.to_json()


def hebi_inspected() -> dict[str, Any]:
    """鹤壁 (inspection only, 五(五)): a joint plan inspected, a redraw, two commits, a reserve used, the head."""
    hebi = hebi_export()
    head = LedgerHead(3, "ab" * 32)
    commits = [Commitment(1, "2020-07-10T10:00:00+08:00", "c" * 64, "office", "yjj", None, None),
               Commitment(2, "2020-07-11T10:00:00+08:00", "d" * 64, "office", "yjj", "清单调整", None,
                          (Departure("frequency.yearly_cap", "本年度第5次", "复查整改落实情况"),))]
    used = [ReserveUsed(5, "2020-07-15T09:00:00+08:00", "", hebi.draw.subjects[0], "9141060000000000XX", "企业已注销")]
    return _json(disclose(hebi.profile, hebi.plan, hebi.draw, hebi.records, hebi.subjects, hebi.inspectors,
                          redraws=[Redraw("系统故障，重新抽取", "a" * 64, public_input="6 6")],
                          commits=commits, ledger_head=head, reserves_used=used))


def lengshuitan_fed_back() -> dict[str, Any]:
    """冷水滩 (第十七条: feedback and opinion published): a recusal, an inspection fed back with an opinion, and a
    redraw reason withheld."""
    lst = lengshuitan_export()
    uscc = lst.draw.subjects[1]
    record = InspectionRecord(uscc, lst.plan.plan_id, InspectionKind.DOUBLE_RANDOM, "yjj", lst.team(uscc),
                              lst.items(uscc), opinion="建议提前告知检查时间",
                              events={Step.STARTED: D(2025, 9, 24), Step.ENDED: D(2025, 9, 25),
                                      Step.FED_BACK: D(2025, 9, 26)})
    return _json(disclose(lst.profile, lst.plan, lst.draw, [record], lst.subjects, lst.inspectors,
                          redraws=[Redraw("联系人电话13800138000，系统故障", "b" * 64)],
                          withheld=["redraws[0].reason"]))


def lengshuitan_as_xuchang() -> dict[str, Any]:
    """The same 冷水滩 plan and inspection under 许昌's rules (no feedback or opinion in its disclosure)."""
    lst = lengshuitan_export()
    xuchang = REGISTRY.resolve("xuchang", D(2025, 9, 22))
    uscc = lst.draw.subjects[0]
    record = InspectionRecord(uscc, lst.plan.plan_id, InspectionKind.DOUBLE_RANDOM, "yjj", lst.team(uscc),
                              lst.items(uscc), opinion="无意见",
                              events={Step.STARTED: D(2025, 9, 24), Step.FED_BACK: D(2025, 9, 26)})
    return _json(disclose(xuchang, attrs.evolve(lst.plan, profile="xuchang"), lst.draw, [record], lst.subjects,
                          lst.inspectors))


CASES: dict[str, Callable[[], dict[str, Any]]] = {
    "hebi_inspected": hebi_inspected,
    "lengshuitan_fed_back": lengshuitan_fed_back,
    "lengshuitan_as_xuchang": lengshuitan_as_xuchang,
}


def dump(data: Any) -> str:
    """The one text form the golden file and the tests compare."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


if __name__ == "__main__":
    GOLDEN.write_text(dump({name: case() for name, case in CASES.items()}), encoding="utf-8")
