"""docs/permissions.md is what the profiles say: the tables are regenerated and compared, and every role is
described."""

from __future__ import annotations

from random_inspection.model import Action, Role
from tests.make_permissions_doc import AS_OF, DOC, generate


def test_the_doc_is_what_the_profiles_generate() -> None:
    assert DOC.read_text(encoding="utf-8") == generate(), "run: python -m tests.make_permissions_doc"


def test_every_role_and_action_is_described() -> None:
    text = DOC.read_text(encoding="utf-8")
    for role in Role:
        assert f"| `{role.name}` | {role.value} |" in text, role
    for action in Action:
        assert f"| `{action.value}` | {action.label} |" in text, action
    for code, day in AS_OF:
        assert f"(`{code}`), as of {day.isoformat()}" in text


def test_the_tables_carry_each_article() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "| `draw` 随机抽取 | 承办股室、双随机办 | 许应急〔2023〕14号 第十条、第十三条 | xuchang |" in text
    assert "| `publish` 公开检查结果 | 执法检查人员、承办股室 | 偃应急〔2023〕18号 二(三)、四.4 | yanshi |" in text
    assert text.count("uncited: no document of the chain says who") >= 5
    assert "| `transfer` | 移交问题线索 | `step_recorded` |" in text  # a step entry is its step's action
    assert "| `record_result` | 录入检查结果 | `result_recorded`, `step_recorded` |" in text  # a finding
