"""Files are written whole or not at all (io.atomic): a failure mid-write leaves the old file as it was and no
temporary file behind, through the helper, the writers of rosters, tables and the disclosure, and ``keygen``."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from random_inspection.demo import load_demo_data
from random_inspection.io import RosterKind, Table, read_subjects, write_csv, write_roster
from random_inspection.io.atomic import atomic_writer, write_bytes_atomic, write_text_atomic
from tests.cli_support import run

SUBJECTS, _, _ = load_demo_data()


class Boom(OSError):
    """The failure injected mid-write (a full disk, say)."""


def _fail_on(monkeypatch: pytest.MonkeyPatch, name: str, call: int = 1) -> list[int]:
    """Make ``os.<name>`` raise :class:`Boom` on its ``call``-th call (counted from 1); the calls so far."""
    real: Callable[..., Any] = getattr(os, name)
    calls = [0]

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == call:
            raise Boom(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, failing)
    return calls


def _only(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_new_file_is_written_and_an_old_one_replaced(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    assert write_bytes_atomic(path, b"one") == path and path.read_bytes() == b"one"
    write_text_atomic(path, "二\r\n", encoding="gb18030")
    assert path.read_bytes() == "二\r\n".encode("gb18030")
    assert _only(tmp_path) == ["a.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_modes_a_secret_keeps_its_own_and_a_replaced_file_keeps_the_old(tmp_path: Path) -> None:
    secret = write_bytes_atomic(tmp_path / "k", b"x", mode=0o600)
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    shared = write_bytes_atomic(tmp_path / "s", b"x")
    shared.chmod(0o644)
    write_bytes_atomic(shared, b"y")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644 and shared.read_bytes() == b"y"


def test_exclusive_never_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "key"
    write_bytes_atomic(path, b"first", exclusive=True)
    with pytest.raises(FileExistsError):
        write_bytes_atomic(path, b"second", exclusive=True)
    assert path.read_bytes() == b"first" and _only(tmp_path) == ["key"]


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"old")
    if step != "write":
        _fail_on(monkeypatch, step)

    def write() -> None:
        with atomic_writer(path) as out:
            out.write(b"half of the new")
            if step == "write":
                raise Boom(28, "No space left on device")

    with pytest.raises(Boom):
        write()
    assert path.read_bytes() == b"old" and _only(tmp_path) == ["roster.csv"]


@given(old=st.binary(max_size=64), new=st.binary(max_size=64), fail=st.booleans())
@settings(max_examples=40, deadline=None)
def test_the_file_holds_the_old_bytes_or_the_new_never_a_mix(tmp_path_factory: pytest.TempPathFactory,
                                                               old: bytes, new: bytes, fail: bool) -> None:
    folder = tmp_path_factory.mktemp("atomic")
    path = write_bytes_atomic(folder / "f", old)
    try:
        with atomic_writer(path) as out:
            out.write(new[: len(new) // 2])
            if fail:
                raise Boom(5, "Input/output error")
            out.write(new[len(new) // 2:])
    except Boom:
        pass
    assert path.read_bytes() == (old if fail else new) and _only(folder) == ["f"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_roster_that_fails_mid_write_leaves_the_old_one_readable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    path = write_roster(tmp_path / f"subjects{suffix}", RosterKind.SUBJECTS, SUBJECTS[:3])
    before = path.read_bytes()
    _fail_on(monkeypatch, "fsync")
    with pytest.raises(Boom):
        write_roster(path, RosterKind.SUBJECTS, SUBJECTS)
    assert path.read_bytes() == before and _only(tmp_path) == [path.name]
    assert len(read_subjects(path).records) == 3


def test_a_workbook_save_that_raises_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    path = write_roster(tmp_path / "subjects.xlsx", RosterKind.SUBJECTS, SUBJECTS[:2])
    before = path.read_bytes()

    def half_save(self: openpyxl.Workbook, target: Any) -> None:
        target.write(b"PK\x03\x04 half a zip")
        raise Boom(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", half_save)
    with pytest.raises(Boom):
        write_roster(path, RosterKind.SUBJECTS, SUBJECTS)
    assert path.read_bytes() == before and _only(tmp_path) == ["subjects.xlsx"]


def test_a_table_that_fails_mid_write_leaves_the_old_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_csv(tmp_path / "draw.csv", Table("抽取结果", ("序号",), ((1,),)))
    before = path.read_bytes()
    _fail_on(monkeypatch, "replace")
    with pytest.raises(Boom):
        write_csv(path, Table("抽取结果", ("序号",), ((1,), (2,))))
    assert path.read_bytes() == before and _only(tmp_path) == ["draw.csv"]


def _keygen(folder: Path, name: str = "a", actor_id: str = "A1", person: str = "张三") -> tuple[int, str, str]:
    return run("keygen", str(folder / f"{name}.toml"), "--id", actor_id, "--name", person, "--role", "双随机办",
               "--department", "yjj", "--algorithm", "ed25519")


@pytest.mark.parametrize("call", [1, 3, 5], ids=["key", "actor file", "public key"])
def test_keygen_that_fails_on_any_file_leaves_no_file_at_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: int) -> None:
    """The key, the actor file and the public key are written in that order, each fsynced and then its folder
    (calls 1 to 6): whichever file fails, the command says so in one line and leaves neither the files it wrote
    before nor a temporary file."""
    (tmp_path / "other.toml").write_text("kept = true\n", encoding="utf-8")
    calls = _fail_on(monkeypatch, "fsync", call)
    code, out, err = _keygen(tmp_path)
    assert calls[0] >= call
    assert code == 2 and out == "" and "No space left on device" in err and len(err.strip().splitlines()) == 1
    assert _only(tmp_path) == ["other.toml"]
    monkeypatch.undo()
    code, _, _ = _keygen(tmp_path)  # nothing left in the way of a second try
    assert code == 0 and _only(tmp_path) == ["a.key", "a.pub", "a.toml", "other.toml"]


def test_keygen_never_replaces_an_existing_key(tmp_path: Path) -> None:
    (tmp_path / "a.key").write_text("ed25519 00\n", encoding="ascii")
    code, _, err = _keygen(tmp_path)
    assert code == 2 and "the key file exists already" in err
    assert (tmp_path / "a.key").read_text(encoding="ascii") == "ed25519 00\n" and _only(tmp_path) == ["a.key"]


def test_a_copy_that_fails_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from random_inspection.io.atomic import copy_file_atomic

    source = write_bytes_atomic(tmp_path / "new.html", b"<p>new</p>")
    target = write_bytes_atomic(tmp_path / "disclosure.html", b"<p>old</p>")
    _fail_on(monkeypatch, "fsync")
    with pytest.raises(Boom):
        copy_file_atomic(source, target)
    assert target.read_bytes() == b"<p>old</p>" and _only(tmp_path) == ["disclosure.html", "new.html"]
    monkeypatch.undo()
    assert copy_file_atomic(source, target).read_bytes() == b"<p>new</p>"
