"""Generate the HTTP service's OpenAPI document, ``docs/openapi.json``, and a JSON Schema (draft 2020-12) of
each request and response body it names, ``docs/schemas/http-*.schema.json``, from the application itself
(``random_inspection.service.openapi_document``).

Usage, from the root of a clone with the library installed (``pip install -e ".[dev]"``)::

    python tools/make_openapi.py          # rewrite the files
    python tools/make_openapi.py --check  # exit 1 if a committed file differs from what this makes

``tests/test_service_openapi.py`` runs :func:`render` and compares it with the committed files.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs" / "openapi.json"
SCHEMAS = ROOT / "docs" / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
_REF = "#/components/schemas/"


def _text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()


def _refs(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["$ref"][len(_REF):]} if isinstance(value.get("$ref"), str) and value["$ref"].startswith(
            _REF) else set()
        return found.union(*(_refs(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_refs(v) for v in value))
    return set()


def _rewrite(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ("#/$defs/" + v[len(_REF):] if k == "$ref" and isinstance(v, str) and v.startswith(_REF)
                    else _rewrite(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v) for v in value]
    return value


def body_schema(name: str, components: dict[str, Any]) -> dict[str, Any]:
    """The component ``name`` as a standalone JSON Schema: ``$schema``, ``$id``, and what it refers to under
    ``$defs``."""
    needed: set[str] = set()
    todo = _refs(components[name])
    while todo - needed - {name}:
        more = todo - needed - {name}
        needed |= more
        todo = set().union(*(_refs(components[n]) for n in more))
    schema = {"$schema": DIALECT, "$id": f"urn:random-inspection:schema:http-{_kebab(name)}.schema.json",
              **_rewrite(copy.deepcopy(components[name]))}
    if needed:
        schema["$defs"] = {n: _rewrite(copy.deepcopy(components[n])) for n in sorted(needed)}
    return schema


def render() -> dict[Path, str]:
    """Each file this makes, with its text."""
    from random_inspection.service import openapi_document

    document = openapi_document()
    components = document.get("components", {}).get("schemas", {})
    files = {DOCUMENT: _text(document)}
    for name in sorted(components):
        files[SCHEMAS / f"http-{_kebab(name)}.schema.json"] = _text(body_schema(name, components))
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed file differs")
    args = parser.parse_args()
    files = render()
    stale = sorted(p for p in SCHEMAS.glob("http-*.schema.json") if p not in files)
    if args.check:
        differ = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for p in differ + stale:
            print(f"{p.relative_to(ROOT)} is not what tools/make_openapi.py makes", file=sys.stderr)
        return 1 if differ or stale else 0
    for p in stale:
        p.unlink()
    for p, text in files.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
