"""Reading a year's holiday schedule from a JSON or TOML file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from random_inspection.errors import DataError, Issue
from random_inspection.messages import tr
from random_inspection.timelimits.schedule import HolidaySchedule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["load_schedule_file"]


def load_schedule_file(path: str | Path) -> HolidaySchedule:
    """Read a holiday schedule written as in :meth:`HolidaySchedule.from_dict`, from ``.json`` or ``.toml``.

    A TOML file for the year 2027 looks like::

        year = 2027
        source = "国务院办公厅关于2027年部分节假日安排的通知"

        [[festivals]]
        name = "春节"
        off = ["2027-02-05/2027-02-13"]
        work = ["2027-02-20"]

    Raises:
        DataError: the file cannot be read or parsed, or its content is wrong; each issue names the file
            and the path inside it.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(tr("cannot read holiday schedule"), [Issue(str(path), exc.strerror or str(exc))]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            tr("cannot read holiday schedule"), [Issue(str(path), tr("not UTF-8 text"))],
            fix=tr("save the file as UTF-8")
        ) from exc
    data: Any
    try:
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise DataError(tr("cannot parse holiday schedule"), [Issue(str(path), str(exc))]) from exc
    if not isinstance(data, dict):
        raise DataError(tr("cannot read holiday schedule"), [Issue(str(path), tr("expected a table at the top level"))])
    try:
        return HolidaySchedule.from_dict(data)
    except DataError as exc:
        raise DataError(
            tr("cannot read holiday schedule"), [Issue(f"{path}:{i.path}", i.message) for i in exc.issues],
            fix=tr("correct the entries named"),
        ) from exc
