"""TOML is written with tomli-w: any text — control characters, DEL, quotes, backslashes, newlines, CJK — reads
back as written, in an actor file, a key ring and through ``keygen`` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.errors import InvalidInputError
from random_inspection.io.actorfile import keyring_toml, load_actor, load_keyring, write_actor_file, write_key
from random_inspection.io.tomlfile import read_toml, toml_text, write_toml
from random_inspection.model import Actor, Role
from random_inspection.store import PublicKey
from tests.cli_support import run

# Every Unicode scalar value (no lone surrogates, which are not text), the awkward ones made likely.
TEXT = st.text(st.one_of(st.sampled_from('\x00\x08\t\n\r\x1b\x7f\x85\u2028"\'\\#=[]{} 　许昌冷水滩'),
                         st.characters(blacklist_categories=("Cs",))), max_size=30)
# What an Actor keeps of a field: stripped, not empty.
FIELD = TEXT.map(str.strip).filter(bool)


@given(data=st.dictionaries(TEXT, st.one_of(TEXT, st.lists(TEXT, max_size=3),
                                            st.dictionaries(TEXT, TEXT, max_size=3)), max_size=5))
@settings(max_examples=200, deadline=None)
def test_any_table_of_text_round_trips(tmp_path_factory: pytest.TempPathFactory, data: dict[str, object]) -> None:
    path = write_toml(tmp_path_factory.mktemp("toml") / "t.toml", data)
    assert read_toml(path, "test file", "no fix") == data


def test_a_name_with_a_control_character_or_del_is_escaped_not_written_bare() -> None:
    text = toml_text({"name": "甲\x7f乙\x00\"丙\"\n"})
    assert "\x7f" not in text and "\x00" not in text
    assert "\\u007f" in text.lower() or "\\x7f" in text.lower()


def test_what_toml_cannot_hold_is_refused_with_the_fix() -> None:
    with pytest.raises(InvalidInputError, match="cannot be written as TOML") as info:
        toml_text({"name": None})
    assert info.value.fix
    with pytest.raises(InvalidInputError, match="cannot be written as TOML"):
        toml_text({"name": "\ud800"})


def test_an_actor_file_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text('id = "X"\n', encoding="utf-8")
    with pytest.raises(InvalidInputError, match="exists already"):
        write_actor_file(path, Actor("A1", "甲", Role.DOUBLE_RANDOM_OFFICE, "yjj"), "双随机办", "a.key")
    assert path.read_text(encoding="utf-8") == 'id = "X"\n'


@given(actor_id=FIELD, name=FIELD, department=FIELD, role=st.sampled_from([r.value for r in Role]
                                                                          + [r.name for r in Role]))
@settings(max_examples=60, deadline=None)
def test_an_actor_file_reads_back_as_written(tmp_path_factory: pytest.TempPathFactory, actor_id: str, name: str,
                                             department: str, role: str) -> None:
    try:
        actor = Actor(actor_id, name, role, department)
    except InvalidInputError:  # an id that looks like personal data: not an actor at all
        return
    folder = tmp_path_factory.mktemp("actor")
    write_key(folder / "a.key", "ed25519")
    path = write_actor_file(folder / "a.toml", actor, role, "a.key")
    loaded, signer = load_actor(path)
    assert loaded == actor and signer.public_key


@given(keys=st.dictionaries(FIELD, st.tuples(FIELD, FIELD), max_size=4))
@settings(max_examples=60, deadline=None)
def test_a_key_ring_export_reads_back(tmp_path_factory: pytest.TempPathFactory,
                                      keys: dict[str, tuple[str, str]]) -> None:
    ring = {actor: PublicKey("ed25519", "ab" * 32, role=Role.DOUBLE_RANDOM_OFFICE.value, department=department)
            for actor, (_, department) in keys.items()}
    path = tmp_path_factory.mktemp("ring") / "keys.toml"
    path.write_text(keyring_toml(ring), encoding="utf-8")
    assert dict(load_keyring(path).keys) == ring


@pytest.mark.parametrize("name", ["甲\x7f乙", '局"双随机"办公室\\', "第一行\n第二行", "tab\there", "\u2028分隔"])
def test_keygen_writes_any_name_as_valid_toml(tmp_path: Path, name: str) -> None:
    code, _, err = run("keygen", str(tmp_path / "a.toml"), "--id", "A1", "--name", name, "--role", "双随机办",
                       "--department", "yjj", "--algorithm", "ed25519")
    assert code == 0, err
    actor, _ = load_actor(tmp_path / "a.toml")
    assert actor.name == name.strip() and read_toml(tmp_path / "a.toml", "actor file", "")["name"] == name.strip()
