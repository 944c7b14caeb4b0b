"""A bureau's profile configuration file: documents it keeps in force until replaced.

A TOML file, given on the command line with ``--profile-config``::

    [[continued]]
    profile = "hebi"
    document = "鹤双随机办〔2020〕19号"        # the 文号, else the title
    reason = "联席会议2021年1月5日决定继续执行至新方案印发"

Each ``[[continued]]`` table becomes a :class:`~random_inspection.profiles.Continuation`; the registry then
treats the document as in force until a later one replaces it, and ``explain`` shows the reason.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from random_inspection.errors import DataError, Issue, RandomInspectionError
from random_inspection.messages import tr
from random_inspection.profiles import Continuation

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["load_profile_config"]

_FIELDS = ("profile", "document", "reason")


def load_profile_config(path: str | Path) -> tuple[Continuation, ...]:
    """The continuations of the configuration file at ``path``.

    Raises:
        DataError: the file cannot be read or parsed, or a table is wrong; every issue names the file and the
            table (``bureau.toml: continued[1].reason: missing``).
    """
    path = Path(path)
    what = tr("cannot read the profile configuration")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise DataError(what, [Issue(str(path), exc.strerror or str(exc))]) from exc
    except UnicodeDecodeError as exc:
        raise DataError(what, [Issue(str(path), tr("not UTF-8 text"))], fix=tr("save the file as UTF-8")) from exc
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(what, [Issue(str(path), str(exc))], fix=tr("correct the TOML syntax")) from exc
    issues = [Issue(tr("{file}: {key}", file=path, key=key), tr("unknown table; the file holds [[continued]] tables"))
              for key in sorted(set(data) - {"continued"})]
    tables = data.get("continued", [])
    if not isinstance(tables, list):
        issues.append(Issue(tr("{file}: {key}", file=path, key="continued"), tr("write it as [[continued]] tables")))
        tables = []
    out: list[Continuation] = []
    for i, table in enumerate(tables):
        table_key = f"continued[{i}]"
        where = tr("{file}: {key}", file=path, key=table_key)
        if not isinstance(table, dict):
            issues.append(Issue(where, tr("expected a table")))
            continue
        issues += [Issue(tr("{file}: {key}", file=path, key=table_key + "." + k),
                         tr("unknown field; a table takes {fields}", fields=', '.join(_FIELDS)))
                   for k in sorted(set(table) - set(_FIELDS))]
        missing = [k for k in _FIELDS if not isinstance(table.get(k), str) or not table[k].strip()]
        issues += [Issue(tr("{file}: {key}", file=path, key=table_key + "." + k), tr("missing, or not text"))
                   for k in missing]
        if not missing:
            try:
                out.append(Continuation(table["profile"], table["document"], table["reason"]))
            except RandomInspectionError as exc:
                issues.append(Issue(where, str(exc)))
    if issues:
        raise DataError(what, issues, fix=tr("give each [[continued]] table a profile, a document and a reason"))
    return tuple(out)
