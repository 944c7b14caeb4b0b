"""Files written whole or not at all: the bytes go to a temporary file in the target's own folder, are flushed to
the disk (``fsync``), and only then take the target's name (``os.replace``, atomic on one file system). A failure
on the way — a full disk, an exception in the writer, an interrupted process — leaves the old file as it was and
removes the temporary one, so a reader never sees half a key file, roster, table, form, disclosure or manifest.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_writer", "copy_file_atomic", "write_bytes_atomic", "write_text_atomic"]

_COUNTER = itertools.count()


def _temporary(path: Path, mode: int) -> tuple[Path, int]:
    """A new file beside ``path`` (hidden, ``.tmp``), opened for writing; created exclusively with ``mode`` (the
    process's umask applies, as it does to any new file)."""
    while True:
        temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.{next(_COUNTER)}.tmp")
        try:
            return temp, os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        except FileExistsError:  # pragma: no cover - a leftover of a process that had the same id
            continue


def _fsync_folder(folder: Path) -> None:
    """Flush the folder's entry for the new name, where the platform lets a folder be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows opens no folder
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse it
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(path: str | Path, *, mode: int | None = None, exclusive: bool = False) -> Iterator[BinaryIO]:
    """A binary file to write ``path``'s new content into; ``path`` holds it once the block ends without an
    exception, and is left as it was otherwise. The folder must exist.

    Args:
        mode: the new file's permission bits (``0o600`` for a secret); by default an existing file's, else those
            of any new file (``0o666`` less the umask).
        exclusive: never replace an existing file: the new one is linked in under ``path`` only if no file has
            that name, checked at the moment it is linked.

    Raises:
        FileExistsError: ``exclusive`` and ``path`` exists.
        OSError: the folder or the file cannot be written (the old file is left as it was).
    """
    path = Path(path)
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
            keep = True
        except OSError:
            mode, keep = 0o666, False
    else:
        keep = True
    temp, fd = _temporary(path, mode)
    try:
        if keep:
            with contextlib.suppress(OSError):  # pragma: no branch - a file system without modes keeps its own
                os.chmod(temp, mode)  # O_CREAT's mode passed through the umask; an explicit or kept mode does not
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if exclusive:
            os.link(temp, path)
        else:
            os.replace(temp, path)
        _fsync_folder(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def write_bytes_atomic(path: str | Path, data: bytes, *, mode: int | None = None, exclusive: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically (:func:`atomic_writer`) and return the path."""
    with atomic_writer(path, mode=mode, exclusive=exclusive) as out:
        out.write(data)
    return Path(path)


def write_text_atomic(path: str | Path, text: str, *, encoding: str = "utf-8", mode: int | None = None,
                      exclusive: bool = False) -> Path:
    """Write ``text`` to ``path`` atomically, encoded with ``encoding`` (line ends kept as given), and return
    the path."""
    return write_bytes_atomic(path, text.encode(encoding), mode=mode, exclusive=exclusive)


def copy_file_atomic(source: str | Path, target: str | Path) -> Path:
    """Copy the bytes of ``source`` to ``target`` atomically (a ``copy_function`` for :func:`shutil.copytree`);
    the target keeps its own mode if it exists. Returns the target."""
    with open(source, "rb") as data, atomic_writer(target) as out:
        shutil.copyfileobj(data, out)
    return Path(target)
