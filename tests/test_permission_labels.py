"""A permission names its action in the words of the profile that grants it: the ``actors.<action>`` rule's own title
(鹤壁's 移交《联合抽查记录表》, 冷水滩's 报送登记备案表、反馈卡), else the action's neutral label; in a refusal and
in the tables of docs/permissions.md alike."""

from __future__ import annotations

import datetime as dt

import pytest

from random_inspection.errors import PermissionRefused
from random_inspection.model import Action, Actor, Role
from random_inspection.profiles import Permissions, ProfileRegistry

D = dt.date


@pytest.fixture(scope="module")
def registry() -> ProfileRegistry:
    return ProfileRegistry()


@pytest.mark.parametrize(("code", "day", "action", "label"), [
    ("hebi", D(2020, 7, 10), Action.HAND_OVER, "移交《联合抽查记录表》"),
    ("lengshuitan", D(2024, 6, 3), Action.FILE_FORM, "报送登记备案表、反馈卡"),
])
def test_a_profile_that_words_the_grant_names_the_action_in_its_words(registry: ProfileRegistry, code: str,
                                                                      day: dt.date, action: Action,
                                                                      label: str) -> None:
    permissions = Permissions.of(registry.resolve(code, day))
    assert permissions.labels[action] == label
    assert f"| `{action.value}` {label} |" in permissions.markdown()
    assert [r["label"] for r in permissions.table() if r.get("action") == action.value] == [label]
    allowed = permissions.grant(action).roles or ()
    role = next(r for r in Role if r not in allowed and r is not Role.ADMINISTRATOR)
    with pytest.raises(PermissionRefused) as refused:
        permissions.check(Actor("a1", "某人", role, "某部门"), action)
    assert f"({label})" in str(refused.value)
    assert action.label not in str(refused.value)


def test_without_a_title_of_its_own_the_label_is_the_neutral_one(registry: ProfileRegistry) -> None:
    hebi = Permissions.of(registry.resolve("hebi", D(2020, 7, 10)))
    xuchang = Permissions.of(registry.resolve("xuchang", D(2024, 6, 3)))
    assert hebi.labels[Action.FILE_FORM] == Action.FILE_FORM.label == "报送备案表格"
    assert xuchang.labels[Action.HAND_OVER] == Action.HAND_OVER.label == "移交检查记录"
    assert Permissions.unrestricted().labels == {a: a.label for a in Action}
