"""The eligibility snapshot as files, for the streamed draw at national scale (docs/scale.md): JSON Lines of §3
subject objects, read in blocks of whole rows; files not in id order sorted first by an external merge sort in
bounded memory (runs of ``run_rows`` rows, each sorted, merged with :func:`heapq.merge`) in a temporary folder.
"""

from __future__ import annotations

import heapq
import itertools
import json
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TypeVar

from random_inspection.errors import DataError, InvalidInputError, Issue, RowsOutOfOrder
from random_inspection.messages import tr
from random_inspection.sampling import DrawResult, InterestDeclarations, Manifest
from random_inspection.sampling.streamed import RowBlock, block_rows, draw_streamed, streamed_hash

__all__ = ["BLOCK_BYTES", "RUN_ROWS", "draw_snapshot", "load_head", "read_blocks", "snapshot_hash", "sort_snapshot"]

BLOCK_BYTES = 4 << 20
"""How much of a file is read at a time (cut back to the last whole row)."""

RUN_ROWS = 1_000_000
"""Rows per sorted run of the external sort (about 0.4 GB of memory for rows of 200 bytes)."""

_BOM = b"\xef\xbb\xbf"
_T = TypeVar("_T")


def read_blocks(path: str | Path, block_bytes: int = BLOCK_BYTES) -> Iterator[RowBlock]:
    """The file's rows in blocks of whole lines (a last line without a line feed gets one; a UTF-8 byte-order
    mark at the start is skipped)."""
    source = str(path)
    row = 1
    rest = b""
    with open(path, "rb") as f:
        first = True
        while chunk := f.read(block_bytes):
            if first:
                chunk = chunk.removeprefix(_BOM)
                first = False
            data = rest + chunk if rest else chunk
            cut = data.rfind(b"\n") + 1
            if not cut:
                rest = data
                continue
            rest = data[cut:]
            block = RowBlock(source, row, data.count(b"\n", 0, cut), data[:cut])
            row += block.rows
            yield block
    if rest:
        yield RowBlock(source, row, rest.count(b"\n") + 1, rest + b"\n")


def _opener(paths: Sequence[str | Path], block_bytes: int) -> Callable[[], Iterator[RowBlock]]:
    return lambda: itertools.chain.from_iterable(read_blocks(p, block_bytes) for p in paths)


def load_head(path: str | Path) -> Manifest:
    """The manifest without its subjects (its ``subjects`` an empty list), as :meth:`Manifest.from_json` reads a
    published manifest: the head of a streamed draw.

    Raises:
        DataError: a file that is not such a manifest.
    """
    try:
        data = json.loads(Path(path).read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(tr("cannot read the manifest head"), [Issue(str(path), str(exc))],
                        fix=tr("give the manifest's canonical JSON with \"subjects\": []")) from None
    if not isinstance(data, dict) or data.get("subjects") != []:
        raise InvalidInputError(tr("the manifest head must have an empty subjects list"), where=str(path),
                                fix=tr("give the subjects in the snapshot files and \"subjects\": [] in the head"))
    return Manifest.from_json(data)


def sort_snapshot(paths: Sequence[str | Path], folder: str | Path, run_rows: int = RUN_ROWS,
                  block_bytes: int = BLOCK_BYTES) -> Path:
    """Sort the files' rows by id into one file in ``folder`` (``sorted.jsonl``, rows in canonical form), with no
    more than ``run_rows`` rows in memory: each run is sorted and written, then the runs are merged.

    Raises:
        DataError: a bad row (file, row, field), or an id given twice (both files and rows).
    """
    folder = Path(folder)
    runs: list[Path] = []
    batch: list[bytes] = []
    for number, path in enumerate(paths):
        for block in read_blocks(path, block_bytes):
            for k, (sid, line) in enumerate(block_rows(block)):
                # the id's hex sorts as its bytes do; the tab sorts below every hex digit
                batch.append(b"%s\t%d\t%d\t%s\n" % (sid.hex().encode(), number, block.first_row + k, line))
                if len(batch) >= run_rows:
                    runs.append(_write_run(batch, folder / f"run{len(runs):05d}"))
                    batch = []
    if batch:
        runs.append(_write_run(batch, folder / f"run{len(runs):05d}"))
    out = folder / "sorted.jsonl"
    files = [run.open("rb") for run in runs]
    try:
        with out.open("wb") as sink:
            _merge(files, paths, sink)
    finally:
        for f in files:
            f.close()
        for run in runs:
            run.unlink()
    return out


def _write_run(batch: list[bytes], path: Path) -> Path:
    batch.sort()
    with path.open("wb") as f:
        f.writelines(batch)
    return path


def _merge(files: Sequence[BinaryIO], paths: Sequence[str | Path], sink: BinaryIO) -> None:
    write = sink.write
    previous: list[bytes] = [b"", b"", b""]
    out: list[bytes] = []
    for record in heapq.merge(*files):
        key, number, row, line = record.split(b"\t", 3)
        if key == previous[0]:
            sid = bytes.fromhex(key.decode()).decode("utf-8", "replace")
            raise DataError(tr("subject {sid} appears twice in the roster", sid=sid),
                            [Issue(tr("{source}, row {row}", source=paths[int(number)], row=int(row)),
                                   tr("the same id as {paths}, row {previous}", paths=paths[int(previous[1])],
                                      previous=int(previous[2])))],
                            fix=tr("give every subject once: remove or merge the second row"))
        previous = [key, number, row]
        out.append(line)
        if len(out) >= 10_000:
            write(b"".join(out))
            out = []
    write(b"".join(out))


def _in_order(paths: Sequence[str | Path], temp_dir: str | Path | None, run_rows: int, block_bytes: int,
              run: Callable[[Callable[[], Iterator[RowBlock]]], _T]) -> _T:
    """``run`` over the files as given; if their rows are not in id order, over their sorted copy."""
    try:
        return run(_opener(paths, block_bytes))
    except RowsOutOfOrder:
        with tempfile.TemporaryDirectory(dir=temp_dir, prefix="random-inspection-sort-") as folder:
            merged = sort_snapshot(paths, folder, run_rows, block_bytes)
            return run(_opener([merged], block_bytes))


def snapshot_hash(head: Manifest, paths: Sequence[str | Path], *, temp_dir: str | Path | None = None,
                  run_rows: int = RUN_ROWS, block_bytes: int = BLOCK_BYTES, checkers: int = 0) -> str:
    """The manifest hash of ``head`` with the files' rows as its subjects (one pass; a sort first if the rows are
    not in id order): the hash to publish before the public input exists. ``checkers`` as for
    :func:`~random_inspection.sampling.streamed.draw_streamed`.

    Raises:
        DataError: a bad row or an id given twice, naming the file, the row and the field.
    """
    return _in_order(paths, temp_dir, run_rows, block_bytes, lambda blocks: streamed_hash(head, blocks(), checkers))


def draw_snapshot(head: Manifest, paths: Sequence[str | Path], public_input: str, *,
                  declarations: InterestDeclarations | None = None, temp_dir: str | Path | None = None,
                  run_rows: int = RUN_ROWS, block_bytes: int = BLOCK_BYTES, checkers: int = 0) -> DrawResult:
    """The draw of ``head`` with the files' rows as its subjects, in two passes over them (after an external sort
    in ``temp_dir``, by default the system's temporary folder, if they are not in id order): the same result as
    the in-memory draw of the whole manifest. ``checkers``: processes working beside this one, as for
    :func:`~random_inspection.sampling.streamed.draw_streamed` (the time changes, never the result).

    Raises:
        DataError: a bad row or an id given twice, naming the file, the row and the field.
        InvalidInputError, InfeasibleDrawError: as :func:`~random_inspection.sampling.draw`.
    """
    return _in_order(paths, temp_dir, run_rows, block_bytes,
                     lambda blocks: draw_streamed(head, blocks, public_input, declarations, checkers))
