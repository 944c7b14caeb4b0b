"""The readers under damage: real workbooks with flipped bytes, cut short, with members dropped or corrupted, with
odd values written into their sheet's XML; random bytes under every name; CSV in odd encodings. Every importer
(the three rosters, results, platform exports) returns — with its problems — and never raises."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.io import RosterKind, import_roster, roster_rows
from random_inspection.io.platform import PLATFORM_COLUMNS, read_platform_export
from random_inspection.io.results import read_results
from tests.reading_support import DATA, EXAMPLES, SHEET, members, ods_bytes, rezip, xlsx_bytes

SUBJECTS, INSPECTORS, CHECKLIST = load_demo_data()

SEEDS: dict[str, bytes] = {
    **{f"{k}.xlsx": (EXAMPLES / f"{k}.xlsx").read_bytes() for k in ("subjects", "inspectors", "checklist")},
    "platform.xlsx": xlsx_bytes([[c.header for c in PLATFORM_COLUMNS],
                                 ["T-1", SUBJECTS[0].uscc, SUBJECTS[0].name, INSPECTORS[0].certificate.number,
                                  INSPECTORS[0].name, "2026-03-02 10:00", CHECKLIST[0].code]]),
    "results.xlsx": xlsx_bytes([["统一社会信用代码", "检查开始", "检查结束", "检查结果", "备注"],
                                [SUBJECTS[0].uscc, "2026-03-02", "2026-03-03", "1", "=1/0"]]),
    "subjects.ods": ods_bytes([["检查对象名录库"], *roster_rows("subjects", SUBJECTS[:4])]),
}
XLS = [(DATA / name).read_bytes() for name in ("subjects.xls", "subjects-errors.xls")]
_COUNTER = itertools.count()

ODD_CELLS = [
    '<c r="{ref}" t="e"><v>#N/A</v></c>', '<c r="{ref}" t="e"/>', '<c r="{ref}"><f>1+1</f></c>',
    '<c r="{ref}"><f>1+1</f><v/></c>', '<c r="{ref}" t="s"><v>99999</v></c>', '<c r="{ref}" t="s"><v>-1</v></c>',
    '<c r="{ref}" t="b"><v>7</v></c>', '<c r="{ref}" t="n"><v>abc</v></c>', '<c r="{ref}"><v>1e400</v></c>',
    '<c r="{ref}"><v>NaN</v></c>', '<c r="{ref}" t="d"><v>not-a-date</v></c>',
    '<c r="{ref}" t="d"><v>99999-01-01</v></c>',
    '<c r="{ref}" s="9999"><v>45000</v></c>', '<c r="{ref}" t="inlineStr"><is><t>\x01\x00</t></is></c>',
    '<c r="{ref}" t="inlineStr"><is><t>' + "长" * 40_000 + "</t></is></c>", '<c r="A0"><v>1</v></c>',
    '<c r="XFE1"><v>1</v></c>', '<c r="A99999999"><v>1</v></c>', '<c r=""><v>1</v></c>', "<c><v>1</v></c>",
    '<c r="{ref}" t="str"><f>A1</f><v></v></c>', '<c r="{ref}" t="zz"><v>1</v></c>', '<c r="{ref}"><v>-0</v></c>',
    '<c r="{ref}"><v>1E+308</v></c>', "</c>", "<c r=\"{ref}\"><v>&#0;</v></c>", '<c r="{ref}"><v>&amp;bogus;</v></c>',
]
ODD_ROWS = ['<row r="0">', '<row r="-5">', '<row r="abc">', '<row r="99999999">', "<row>", '<row r="3" spans="x">']


def _damage(data: bytes, how: str, draw: Any) -> bytes:
    if how == "flip":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, len(out) - 1))
            out[i] ^= draw(st.integers(1, 255))
        return bytes(out)
    if how == "truncate":
        return data[: draw(st.integers(0, len(data) - 1))]
    parts = members(data)
    names = sorted(parts)
    name = draw(st.sampled_from(names))
    if how == "drop":
        del parts[name]
    elif how == "corrupt":
        content = parts[name]
        parts[name] = draw(st.one_of(st.just(content[: len(content) // 2]), st.binary(max_size=200),
                                     st.just(content.replace(b"<", b"", 1))))
    else:  # odd values in the sheet's XML
        sheet = SHEET if SHEET in parts else "content.xml"
        xml = parts[sheet].decode("utf-8")
        cells = list(re.finditer(r'<c r="([A-Z]+\d+)"(?:[^>]*/>|[^>]*>.*?</c>)', xml))
        for _ in range(draw(st.integers(1, 4))):
            if cells and draw(st.booleans()):
                m = draw(st.sampled_from(cells))
                xml = xml.replace(m.group(0), draw(st.sampled_from(ODD_CELLS)).replace("{ref}", m.group(1)), 1)
            elif re.search(r'<row r="\d+"', xml):
                rows = re.findall(r'<row r="\d+"', xml)
                xml = xml.replace(draw(st.sampled_from(rows)), draw(st.sampled_from(ODD_ROWS)).rstrip(">"), 1)
            else:
                xml = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:B2"', xml)
        parts[sheet] = xml.encode("utf-8")
    return rezip(parts)


def _read_everything(path: Path) -> None:
    """Every importer on ``path``: each returns, its problems name the file."""
    for kind in RosterKind:
        result = import_roster(path, kind)
        assert len(result.records) + len(result.bad_rows) == result.data_rows
        assert all(p.file == path.name and str(p) for p in result.problems)
        assert result.records or result.problems
    results = read_results(path, plan_id="P-1", department="yjj", draw={"teams": {}, "items": {}}, scheme=None)
    assert all(str(p) for p in results.problems)
    platform = read_platform_export(path, platform="平台", subjects=SUBJECTS, inspectors=INSPECTORS,
                                    items_of=lambda s: (), checklist=[c.code for c in CHECKLIST])
    assert platform.ok or platform.problems


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(seed=st.sampled_from(sorted(SEEDS)), how=st.sampled_from(["flip", "truncate", "drop", "corrupt", "odd"]),
       suffix=st.sampled_from([".xlsx", ".et", ".ods", ".xls"]), data=st.data())
def test_damaged_workbooks_never_raise(tmp_path: Path, seed: str, how: str, suffix: str, data: st.DataObject) -> None:
    damaged = _damage(SEEDS[seed], how, data.draw)
    path = tmp_path / f"f{next(_COUNTER)}{suffix}"
    path.write_bytes(damaged)
    _read_everything(path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(xls=st.sampled_from(XLS), how=st.sampled_from(["flip", "truncate"]), data=st.data())
def test_a_damaged_xls_never_raises(tmp_path: Path, xls: bytes, how: str, data: st.DataObject) -> None:
    path = tmp_path / f"f{next(_COUNTER)}.xls"
    path.write_bytes(_damage(xls, how, data.draw))
    _read_everything(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=400),
                         st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b),
                         st.binary(max_size=300).map(lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b)),
       suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".et", ".ods", ".txt", ""]))
def test_random_bytes_under_any_name_never_raise(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"f{next(_COUNTER)}{suffix}"
    path.write_bytes(content)
    _read_everything(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=5),
       encoding=st.sampled_from(["utf-16-le", "utf-16-be", "utf-32", "gbk", "big5", "shift_jis", "latin-1",
                                 "cp1252", "utf-8", "utf-7"]),
       bom=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]),
       delimiter=st.sampled_from([",", "\t", ";"]))
def test_csv_in_odd_encodings_never_raises(tmp_path: Path, rows: list[list[str]], encoding: str, bom: bytes,
                                           delimiter: str) -> None:
    header = [c.header for c in PLATFORM_COLUMNS[:4]] if rows else []
    text = "\r\n".join(delimiter.join(r) for r in [["统一社会信用代码", "市场主体名称", "监管领域", "行政区划代码"],
                                                   header, *rows])
    path = tmp_path / f"f{next(_COUNTER)}.csv"
    path.write_bytes(bom + text.encode(encoding, errors="replace"))
    _read_everything(path)
