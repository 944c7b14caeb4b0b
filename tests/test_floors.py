"""Floors that hold (issue 14, attack 8): 许昌 第十二条 “一般抽查事项按不低于年度监管对象主体库的10%抽取” is
checked for every way of sizing a draw (a count, a ratio, ratios by credit class), as a yearly floor over the
year's committed plans; through the command line, `check` reports and `commit` refuses a plan under it, naming
the article."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.io.planfile import load_plan_file
from random_inspection.model import ChecklistItem
from random_inspection.profiles import ProfileRegistry
from random_inspection.sampling import Manifest, Sample, draw
from random_inspection.store import Store
from random_inspection.workflow import CommittedSize, check_floor, pool_size, sample_size
from tests.cli_support import ENROLLED, make_workspace, run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ARTICLE = "许应急〔2023〕14号 第十二条"


@pytest.fixture(scope="module")
def example() -> tuple[object, Manifest]:
    plan = load_plan_file(EXAMPLES / "plan.toml")
    registry = ProfileRegistry()
    return plan.profile(registry), plan.manifest(registry, plan.rosters(), {}, bytes(32))


def sized(manifest: Manifest, sample: Sample, strata: tuple[str, ...] | None = None) -> Manifest:
    rules = attrs.evolve(manifest.rules, sample=sample, strata=manifest.rules.strata if strata is None else strata)
    return attrs.evolve(manifest, rules=rules)


class TestSampleSize:
    @settings(max_examples=30, deadline=None)
    @given(st.integers(0, 29))
    def test_a_count_is_its_own_size_and_draw_draws_it(self, example: tuple[object, Manifest], n: int) -> None:
        manifest = sized(example[1], Sample(count=n))
        assert sample_size(manifest) == n == len(draw(manifest, "1 1 1 1").subjects)

    @settings(max_examples=30, deadline=None)
    @given(st.fractions(Fraction(1, 50), Fraction(1), max_denominator=50))
    def test_a_ratio_is_the_ceiling_of_its_share_of_the_eligible(self, example: tuple[object, Manifest],
                                                                 ratio: Fraction) -> None:
        manifest = sized(example[1], Sample(ratio=(ratio.numerator, ratio.denominator)))
        eligible = sum(1 for s in manifest.subjects if s.in_existence)  # no condition, no cap in the example
        assert sample_size(manifest) == math.ceil(ratio * eligible) == len(draw(manifest, "2 2 2 2").subjects)

    def test_ratios_by_credit_class_add_up_per_class(self, example: tuple[object, Manifest]) -> None:
        manifest = sized(example[1], Sample(ratio_by="credit_risk", ratios={"A": (1, 2), "B": (1, 3)}),
                         strata=("credit_risk",))
        result = draw(manifest, "3 3 3 3")
        assert sample_size(manifest) == len(result.subjects) == sum(s.drawn for s in result.strata)


class TestFloor:
    def test_count_0_and_1_do_not_pass_the_yearly_floor(self, example: tuple[object, Manifest]) -> None:
        profile, manifest = example
        for n in (0, 1):
            check = check_floor(profile, sized(manifest, Sample(count=n)))  # type: ignore[arg-type]
            assert not check.held and ARTICLE in str(check.problem)
            with pytest.raises(InvalidInputError, match="第十二条"):
                check.require()

    def test_a_plan_of_key_items_only_is_not_held_to_the_floor_of_ordinary_items(
            self, example: tuple[object, Manifest]) -> None:
        profile, manifest = example  # 许昌 第十二条: 一般抽查事项 at 10 % at least
        small = sized(manifest, Sample(count=1))
        key = [ChecklistItem("K1", "重点事项", "内容", None, "yjj", item_class="重点")]
        ordinary = [*key, ChecklistItem("O1", "一般事项", "内容", None, "yjj", item_class="一般")]
        assert check_floor(profile, small, items=key).held  # type: ignore[arg-type]
        assert not check_floor(profile, small, items=key).counted  # type: ignore[arg-type]
        assert check_floor(profile, small, items=ordinary).counted  # type: ignore[arg-type]
        window = ["2026-12-01", "2026-12-31"]
        key_plan = CommittedSize.from_payload("K", {"window": window, "profile": "xuchang", "sample_size": 40,
                                                    "pool": 100, "counts_toward_floor": False})
        assert key_plan.sample_size == 0  # its 40 subjects do not count toward the 一般 floor
        assert not check_floor(profile, small, items=ordinary).held  # type: ignore[arg-type]
        assert not check_floor(profile, small).held  # type: ignore[arg-type]  # items unknown: held to it

    @settings(max_examples=40, deadline=None)
    @given(st.integers(0, 29), st.lists(st.integers(0, 5), max_size=4))
    def test_the_year_s_plans_together_reach_the_floor(self, example: tuple[object, Manifest], n: int,
                                                       others: list[int]) -> None:
        profile, manifest = example
        committed = [CommittedSize(f"OTHER-{i}", "xuchang", 2026, k) for i, k in enumerate(others)]
        check = check_floor(profile, sized(manifest, Sample(count=n)), committed=committed)  # type: ignore[arg-type]
        least = math.ceil(Fraction(1, 10) * pool_size(manifest))
        assert check.least == least and check.others == sum(others)
        assert check.held == (n > 0 and n + sum(others) >= least)

    def test_only_the_same_profile_and_year_count_and_each_plan_once(self, example: tuple[object, Manifest]) -> None:
        profile, manifest = example
        one = sized(manifest, Sample(count=1))
        not_counted = [CommittedSize("A", "hebi", 2026, 10), CommittedSize("B", "xuchang", 2025, 10),
                       CommittedSize(one.plan_id, "xuchang", 2026, 10),  # this plan's own earlier commit
                       CommittedSize("C", "xuchang", 2026, None),  # committed before sizes were recorded
                       CommittedSize("D", "xuchang", 2026, 10), CommittedSize("D", "xuchang", 2026, 0)]
        assert check_floor(profile, one, committed=not_counted).others == 0  # type: ignore[arg-type]
        assert check_floor(profile, one,  # type: ignore[arg-type]
                           committed=[CommittedSize("E", "xuchang", 2026, 2)]).held

    def test_ratios_by_credit_class_under_the_floor_are_refused(self, example: tuple[object, Manifest]) -> None:
        profile, manifest = example
        low = sized(manifest, Sample(ratio_by="credit_risk", ratios={"A": (1, 100), "B": (1, 100)}),
                    strata=("credit_risk",))
        high = sized(manifest, Sample(ratio_by="credit_risk", ratios={"A": (1, 5), "B": (1, 5), "C": (1, 5)}),
                     strata=("credit_risk",))
        assert not check_floor(profile, low).held  # type: ignore[arg-type]
        assert check_floor(profile, high).held  # type: ignore[arg-type]

    def test_a_profile_without_a_floor_holds_any_size(self, example: tuple[object, Manifest]) -> None:
        hebi = ProfileRegistry().resolve("hebi", example[1].window[0])
        assert check_floor(hebi, sized(example[1], Sample(count=1))).held


# --- through the command line ------------------------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def plan_with(workspace: Path, name: str, size: str, plan_id: str = "XC-2026-12") -> str:
    text = (workspace / "plan.toml").read_text(encoding="utf-8")
    text = text.replace("count = 5", "").replace('plan_id = "XC-2026-12"', f'plan_id = "{plan_id}"')
    text = text.replace("team_size = 2", f"team_size = 2\n{size}" if size else "team_size = 2")
    path = workspace / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def commit(workspace: Path, plan: str, store: str, *extra: str) -> tuple[int, str, str]:
    return run("commit", plan, "--store", store, "--format", "json",
               "--as", str(workspace / "actors" / "xc-section.toml"), *extra)


@pytest.mark.parametrize("size", ["count = 0", "count = 1", 'ratio = "1/20"', 'ratio = "1/30"'])
def test_a_plan_under_the_floor_is_reported_by_check_and_refused_by_commit(workspace: Path, size: str) -> None:
    plan, store = plan_with(workspace, "small.toml", size), str(workspace / "store.sqlite3")
    code, out, err = run("check", plan, "--store", store, "--format", "json")
    assert code != 0 and "第十二条" in out + err
    code, out, err = commit(workspace, plan, store)
    assert code == 2 and out == "" and ARTICLE in err
    assert len(json.loads(run("ledger", "show", "--store", store, "--format", "json")[1])) == ENROLLED


def test_the_year_s_plans_together_hold_the_floor_and_a_re_commit_cannot_undo_it(workspace: Path) -> None:
    store = str(workspace / "store.sqlite3")
    big = plan_with(workspace, "big.toml", "count = 3", "XC-2026-12")  # ⌈10% of 29⌉ = 3
    code, out, err = commit(workspace, big, store)
    assert code == 0, err
    code, shown, _ = run("ledger", "show", "--store", store, "--format", "json")
    payload = json.loads(shown)[ENROLLED]["payload"]
    assert (payload["sample_size"], payload["pool"]) == (3, 29)  # counted later without the manifest

    small = plan_with(workspace, "small.toml", "count = 1", "XC-2026-12B")
    code, out, err = run("check", small, "--store", store, "--format", "json")
    assert code == 0, out + err
    assert json.loads(out)["floor"] == {"floor": "1/10", "citation": ARTICLE, "year": 2026, "pool": 29,
                                        "sample_size": 1, "committed_before": 3, "least": 3, "held": True,
                                        "problem": None}
    code, _, err = commit(workspace, small, store)
    assert code == 0, err
    # the big plan made small again "with a reason": the year would fall under the floor
    shrunk = plan_with(workspace, "shrunk.toml", "count = 1", "XC-2026-12")
    code, _, err = commit(workspace, shrunk, store, "--reason", "名录库更新")
    assert code == 2 and ARTICLE in err and "2 in 2026" in err
    # nothing opens the floor: a plan of no subject is refused however far the year is over it
    zero = plan_with(workspace, "zero.toml", "count = 0", "XC-2026-12C")
    code, _, err = commit(workspace, zero, store)
    assert code == 2 and "no subject" in err


@pytest.mark.parametrize("drawn", [True, False])
def test_a_plan_committed_before_sizes_were_recorded_counts_with_its_draw(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, drawn: bool
) -> None:
    store = str(workspace / "store.sqlite3")
    big = plan_with(workspace, "big.toml", "count = 3", "XC-2026-12")
    original = Store.commit_plan
    with monkeypatch.context() as m:  # a version that did not record sizes
        m.setattr(Store, "commit_plan", lambda self, manifest, **kw: original(self, manifest, **{**kw, "sample": None}))
        code, _, err = commit(workspace, big, store)
        assert code == 0, err
    assert "sample_size" not in json.loads(run("ledger", "show", "--store", store, "--format", "json")[1])[0]["payload"]
    if drawn:
        code, _, err = run("draw", big, "3 5 1 6", "--store", store, "--at", "2026-11-20T09:45:00+08:00",
                           "--as", str(workspace / "actors" / "xc-office.toml"))
        assert code == 0, err
    small = plan_with(workspace, "small.toml", "count = 1", "XC-2026-12B")
    text = Path(small).read_text(encoding="utf-8")  # a plan of its own, with dice of its own, thrown later
    Path(small).write_text(text.replace("2026-11-20T09:30:00+08:00", "2026-12-20T09:30:00+08:00"), encoding="utf-8")
    code, _, err = commit(workspace, small, store, "--at", "2026-11-20T10:00:00+08:00")
    assert (code == 0) == drawn, err  # drawn: its 3 subjects count; never drawn: it counts as 0
