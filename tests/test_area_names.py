"""Area names: the profiles name the districts under their cities (民政部 code list, cited), the charts show a
stratum keyed by an area code as 名称 (代码), and a code no profile names stays the code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from random_inspection.errors import ProfileError
from random_inspection.io.chart_data import strata_data
from random_inspection.io.charts import plan_charts, stratum_label
from random_inspection.profiles import AreaNames, area_label
from random_inspection.sampling import StratumCount
from tests.chart_support import stratified_export
from tests.export_support import REGISTRY

DAY = dt.date(2025, 1, 1)


@pytest.mark.parametrize(("profile", "code", "name"), [
    ("xuchang", "411002", "魏都区"), ("xuchang", "411003", "建安区"), ("hebi", "410611", "淇滨区"),
    ("hebi", "410621", "浚县"), ("yanshi", "410307", "偃师区"), ("yanshi", "410308", "孟津区"),
    ("lengshuitan", "431103", "冷水滩区"), ("lengshuitan", "431181", "祁阳市"),
    ("shijiazhuang", "130102", "长安区"), ("shijiazhuang", "130109", "藁城区"),
])
def test_each_bureau_names_the_districts_of_its_city_with_the_list_it_cites(profile: str, code: str,
                                                                             name: str) -> None:
    names = REGISTRY.resolve(profile, DAY).area_names()
    assert names[code][0] == name
    assert "民政部" in names[code][1] and "2023" in names[code][1]
    assert all(c[:4] == code[:4] for c in names)  # only the city's own areas


def test_a_city_layer_answers_for_the_bureau_below_it_even_when_the_bureaus_document_is_out_of_force() -> None:
    yanshi = REGISTRY.resolve("yanshi", dt.date(2026, 6, 1))  # its 2023 plan is over
    assert yanshi.area_label("410307") == "偃师区 (410307)"
    assert REGISTRY.resolve("xuchang", DAY).area_label("410307") == "410307"  # 洛阳's, not 许昌's


def test_abolished_codes_are_not_named() -> None:
    for code in ("410381", "410306", "411023", "431121"):  # 偃师市, 吉利区, 许昌县, 祁阳县: replaced
        assert all(code not in REGISTRY.resolve(p, DAY).area_names()
                   for p in ("xuchang", "yanshi", "lengshuitan"))


@given(st.from_regex(r"[0-9]{6}", fullmatch=True), st.one_of(st.none(), st.text(min_size=1)))
def test_a_label_keeps_the_code(code: str, name: str | None) -> None:
    label = area_label(code, name)
    assert label == (code if name is None else f"{name} ({code})")


def test_a_table_refuses_a_bad_code_a_missing_source_and_a_code_twice() -> None:
    with pytest.raises(ProfileError, match="six-digit"):
        AreaNames("民政部", {"41100": "x"})
    with pytest.raises(ProfileError, match="names no source"):
        AreaNames(" ", {"411002": "魏都区"})
    with pytest.raises(ProfileError, match="twice"):
        AreaNames("民政部", [("411002", "魏都区"), ("411002", "魏都")])


def test_the_strata_chart_shows_names_and_keeps_unknown_codes() -> None:
    export = stratified_export()
    label = stratum_label(export)
    assert label("130102") == "长安区 (130102)" and label("999999") == "999999" and label("") == ""
    draw = attrs.evolve(export.draw, strata=(StratumCount("130102", 5, 2), StratumCount("130199", 3, 1)))
    assert strata_data(draw, label).categories == ("长安区 (130102)", "130199")
    svg = plan_charts(export)[0].svg
    assert "长安区 (130102)" in svg


def test_only_the_area_part_of_a_combined_stratum_is_named() -> None:
    export = stratified_export()
    assert export.manifest is not None
    rules = attrs.evolve(export.manifest.rules, strata=("sector", "area"))
    two = attrs.evolve(export, manifest=attrs.evolve(export.manifest, rules=rules))
    assert stratum_label(two)("130102|130104") == "130102|桥西区 (130104)"


def test_the_site_and_the_disclosure_name_the_reserve_strata(tmp_path: Path) -> None:
    from random_inspection.io import disclosure_labels, render_disclosure_html
    from random_inspection.io.site import write_site
    from random_inspection.io.site_context import Publication, issuing_office
    from random_inspection.workflow import disclose

    export = stratified_export()
    labels = disclosure_labels(export)
    assert labels["130104"] == "桥西区 (130104)"
    public = disclose(export.profile, export.plan, export.draw, export.records, export.subjects, export.inspectors)
    office, basis = issuing_office(export)
    written = write_site(tmp_path, export, public, Publication(on=dt.date(2024, 7, 1), office=office, basis=basis),
                         labels=labels)
    page = next(p for p in written if p.parent.name == export.plan.plan_id and p.suffix == ".html")
    reserve = page.read_text(encoding="utf-8").split('id="reserve-table"')[1].split("</table>")[0]
    assert "长安区 (130102)" in reserve and ">130102<" not in reserve
    html = render_disclosure_html(public, labels=labels)
    assert "长安区 (130102)" in html.split('id="reserve"')[1].split("</section>")[0]
