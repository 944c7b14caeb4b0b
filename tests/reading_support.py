"""Workbooks for the reader's tests: real ones rewritten inside their zip, ODS files built by hand."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "rosters"
DATA = Path(__file__).resolve().parent / "data"
SHEET = "xl/worksheets/sheet1.xml"


def xlsx_bytes(rows: Sequence[Sequence[object]], merged: Sequence[str] = ()) -> bytes:
    """A workbook openpyxl writes, with ``rows`` from A1 and the ``merged`` ranges."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(list(row))
    for cells in merged:
        ws.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def rezip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return out.getvalue()


def rewrite_sheet(data: bytes, change: Callable[[str], str]) -> bytes:
    """``data`` with its first sheet's XML passed through ``change``."""
    parts = members(data)
    parts[SHEET] = change(parts[SHEET].decode("utf-8")).encode("utf-8")
    return rezip(parts)


def set_cell(xml: str, ref: str, cell: str) -> str:
    """The sheet XML with the cell ``ref`` replaced by the element ``cell`` (which must exist)."""
    new, count = re.subn(rf'<c r="{ref}"(?:[^>]*/>|[^>]*>.*?</c>)', cell, xml, count=1)
    assert count == 1, ref
    return new


_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"')


def ods_cell(value: object) -> str:
    """A cell of ``content.xml``: ``None`` empty, a number, text, or an element given as ``<…>`` itself."""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, str) and value.startswith("<"):
        return value
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
                "</table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods_bytes(rows: Sequence[Sequence[object]], name: str = "名录") -> bytes:
    """An ODS file with one sheet ``name`` of ``rows``, as a spreadsheet writes it (the mimetype first, stored)."""
    body = "".join("<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="{escape(name)}">{body}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()
