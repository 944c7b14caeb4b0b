"""The service's OpenAPI document: the committed ``docs/openapi.json`` and ``docs/schemas/http-*.schema.json``
are what ``tools/make_openapi.py`` makes from the application, and the application answers as the committed
document says (schemathesis: no server error for any request the document allows or forbids, and every
response of the status, content type and schema it declares)."""

from __future__ import annotations

import importlib.util
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from random_inspection.service import openapi_document
from tests.cli_support import make_workspace
from tests.service_support import client_for

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_openapi", ROOT / "tools" / "make_openapi.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_document_and_schemas_are_the_applications() -> None:
    files: dict[Path, str] = _tool().render()
    assert json.loads(files[ROOT / "docs" / "openapi.json"]) == openapi_document()
    for path, text in files.items():
        assert path.exists(), f"{path} is missing: run python tools/make_openapi.py"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python tools/make_openapi.py"
    committed = set((ROOT / "docs" / "schemas").glob("http-*.schema.json"))
    assert committed == {p for p in files if p.name.startswith("http-")}


def test_each_body_schema_is_a_json_schema_of_draft_2020_12() -> None:
    document = openapi_document()
    assert document["openapi"].startswith("3.1.")
    bodies = sorted((ROOT / "docs" / "schemas").glob("http-*.schema.json"))
    assert {p.name for p in bodies} >= {"http-prepared.schema.json", "http-problem.schema.json",
                                        "http-commit-body.schema.json", "http-draw-body.schema.json"}
    for path in bodies:
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:random-inspection:schema:{path.name}"
        Draft202012Validator.check_schema(schema)
    problem = json.loads((ROOT / "docs" / "schemas" / "http-problem.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(problem).validate({"what": "x", "where": "", "fix": "y", "entry": None,
                                            "entry_hash": None})
    with pytest.raises(Exception, match="required"):
        Draft202012Validator(problem).validate({"what": "x"})


_WORKSPACE = tempfile.TemporaryDirectory(prefix="random-inspection-openapi-")
"""The example workspace the application serves (made at collection: schemathesis parametrizes then)."""
schema = schemathesis.openapi.from_dict(json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")))
schema.app = client_for(make_workspace(Path(_WORKSPACE.name))).app


@pytest.fixture(scope="module", autouse=True)
def _workspace_removed() -> Iterator[None]:
    yield
    _WORKSPACE.cleanup()


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_service_answers_as_its_document_says(case: Any) -> None:
    case.call_and_validate(checks=[content_type_conformance, response_schema_conformance,
                                   status_code_conformance])
