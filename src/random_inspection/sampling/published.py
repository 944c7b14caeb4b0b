"""A published manifest read as a third party reads it (draw-v1 §3, §4; draw-v2 §2; draw-v3 §2): the published
bytes once, in chunks, hashed as they are read and checked to *be* the canonical form as they are scanned, never
held whole nor parsed into a dict per subject; and a hostile document refused up front, in bounded time and
memory, by stated limits (:class:`ReadLimits`).

The canonical form fixes the order of every key and the spelling of every value, so each subject, inspector,
item and expert object is matched by one compiled pattern whose match is itself the check of canonicality,
string escapes included (only those §3 allows: ``\\"``, ``\\\\``, ``\\b \\t \\n \\f \\r``, and ``\\u00xx`` in
lower-case hex for the other characters below U+0020). The small head (algorithm, plan id, rules, window, ...)
is parsed with :mod:`json` and checked by writing it again. A manifest of canonical bytes has as its hash the
hash of those bytes, so the manifest returned carries that hash and :func:`~random_inspection.sampling.verify`
does not hash it again.

Reading a file is the one thing here that touches more than its arguments, and only the file a caller names (or
the binary file object a caller opened): the draw itself stays pure.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import Any, BinaryIO

import attrs

from random_inspection.collector import collector_paused
from random_inspection.errors import DataError, InvalidInputError, Issue
from random_inspection.messages import tr
from random_inspection.sampling.canonical import ALGORITHMS, algorithm_hash, algorithm_version, canonical_json
from random_inspection.sampling.columns import SubjectColumns
from random_inspection.sampling.manifest import Manifest
from random_inspection.sampling.published_subjects import TEXTS, SubjectScan
from random_inspection.sampling.safe_pattern import MAX_PATTERN_LENGTH, pattern_problem

__all__ = ["DEFAULT_LIMITS", "ReadLimits", "beyond_limits", "read_published_manifest"]

_CHUNK = 1 << 22  # bytes read (and hashed) at a time: 4 MiB
_FIX = tr("give the manifest exactly as published: its canonical bytes (docs/spec/draw-v1.md §3, draw-v2.md §2)")


@attrs.frozen
class ReadLimits:
    """The limits a published manifest is read within (each a parameter, with its default): a document beyond
    one is refused before the work it would cause, with the limit named.

    Beyond these, the reader refuses what could never be drawn: a team (or a quota) larger than the whole
    inspector pool, more checklist items per subject than the checklist holds, a sample count or reserve above
    ``max_subjects``; and a draw-v1 ``public_input_format`` outside the safe subset of
    :func:`~random_inspection.sampling.safe_pattern.pattern_problem`.
    """

    max_bytes: int = 64 << 30
    """The whole document, in bytes (64 GiB: 200,000,000 subjects of about 190 bytes fit)."""
    max_subjects: int = 200_000_000
    """Subjects listed; also the largest sample ``count`` and ``reserve``."""
    max_inspectors: int = 1_000_000
    """Inspectors listed."""
    max_items: int = 100_000
    """Checklist items listed."""
    max_experts: int = 100_000
    """Experts listed (draw-v3)."""
    max_id_bytes: int = 256
    """One id (a subject's 统一社会信用代码, an inspector's, an item's code, an expert's), in UTF-8 bytes."""
    max_entry_bytes: int = 1 << 20
    """One subject, inspector, item or expert object as published, or one text of a subject, in bytes (1 MiB)."""
    max_head_bytes: int = 1 << 20
    """One value of the head (``rules``, ``public_input``, ``window``, a text), as published, in bytes (1 MiB)."""
    max_integer: int = 2**63 - 1
    """Any integer: of the head (caps, ratios, sizes) and a subject's ``history``."""
    max_pattern_length: int = MAX_PATTERN_LENGTH
    """A draw-v1 ``public_input_format``, in characters."""


DEFAULT_LIMITS = ReadLimits()

# --- the canonical spellings, as byte patterns -------------------------------------------------------------

_CHARS = rb'(?:[^"\\\x00-\x1f]++|\\["\\bfnrt]|\\u00(?:0[0-7bef]|1[0-9a-f]))*+'
_S = rb'"(' + _CHARS + rb')"'
_NS = rb'(?:null|"(' + _CHARS + rb')")'
_B = rb"(true|false)"
_L = rb'\[((?:"' + _CHARS + rb'"(?:,"' + _CHARS + rb'")*+)?)\]'
_END = rb"\}([,\]])"


def _object(*fields: tuple[str, bytes]) -> re.Pattern[bytes]:
    keys = [k for k, _ in fields]
    assert keys == sorted(keys, key=lambda k: k.encode("utf-8")), keys  # the canonical order, by construction
    body = b",".join(b'"' + k.encode() + b'":' + value for k, value in fields)
    return re.compile(rb"\{" + body + _END)


_INSPECTOR = {
    1: _object(("active", _B), ("department", _S), ("id", _S), ("interests", _L), ("specialties", _L), ("unit", _S),
               ("valid_from", _S), ("valid_until", _NS)),
    2: _object(("active", _B), ("department", _S), ("id", _S), ("interest_tags", _L), ("specialties", _L),
               ("unit", _S), ("valid_from", _S), ("valid_until", _NS)),
}
_ITEM = _object(("code", _S), ("department", _S), ("domains", _L))
_EXPERT = _object(("id", _S), ("identity_tag", _S), ("interest_tags", _L), ("specialties", _L))
_KEY = re.compile(rb'"(' + _CHARS + rb')":')
_ALGORITHM = re.compile(rb'\{"algorithm":"([a-z0-9-]{1,32})"')

_KEYS = {
    1: ("algorithm", "checklist", "inspectors", "plan_id", "public_input_format", "rules", "seed_source", "subjects",
        "window"),
    2: ("algorithm", "checklist", "inspectors", "plan_id", "public_input", "rules", "subjects", "window"),
    3: ("algorithm", "checklist", "experts", "inspectors", "plan_id", "public_input", "recusal_way", "rules",
        "subjects", "window"),
}
"""The keys of a manifest of each version, in canonical order (sorted by their UTF-8 bytes)."""

_DEPTH = {"rules": 6, "public_input": 3, "window": 1}
"""How deep each head value nests in the format (rules.team.by_domain.D.quotas[i] is a pair: 6); texts: 0."""


def _text(raw: bytes) -> str:
    """A string's content as matched (canonical escapes only) as text."""
    if b"\\" in raw:
        text: str = json.loads(b'"' + raw + b'"')
        return text
    return raw.decode("utf-8")


def _error(offset: int, where: str, what: str, fix: str = _FIX) -> DataError:
    return DataError(tr("cannot read the published manifest"),
                     [Issue(tr("byte {offset}, {where}", offset=offset, where=where), what)], fix=fix)


def _beyond(offset: int, where: str, what: str, limit: str) -> DataError:
    return _error(offset, where, tr("beyond the limit: {what}", what=what),
                  tr("no draw runs on such a manifest; if this one truly is as published, read it with a larger "
                     "ReadLimits.{limit} (docs/spec/draw-v1.md §4, *Reading a published manifest as a stream*)",
                     limit=limit))


def beyond_limits(error: DataError) -> bool:
    """Whether :func:`read_published_manifest` refused a document for going beyond its limits (a document, an
    id, an object, a count, a pattern, a team no pool can fill), not for its spelling: such a document is not to
    be read another way either."""
    return any(issue.message.startswith("beyond the limit") for issue in error.issues)


def _undrawable(offset: int, where: str, what: str) -> DataError:
    return _error(offset, where, tr("beyond the limit: {what}, which no draw can meet", what=what),
                  tr("give the rules the plan was drawn with; a team, quota or item count larger than its pool "
                     "cannot be drawn (docs/spec/draw-v1.md §4, *Reading a published manifest as a stream*)"))


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _integers(value: Any) -> Iterator[int]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _integers(v)
    elif isinstance(value, list):
        for v in value:
            yield from _integers(v)
    elif isinstance(value, int) and not isinstance(value, bool):
        yield value


class _Hashing:
    """The hash of the bytes given, taken in a second thread while the caller goes on: :mod:`hashlib` lets go of
    the interpreter lock while it hashes a long input, so the scan and the hash run at once on two cores. One
    chunk is hashed at a time, in the order given, and at most one waits: the memory it holds is two chunks."""

    def __init__(self, digest: Any) -> None:
        self._digest = digest
        self._thread: threading.Thread | None = None

    def update(self, chunk: bytes) -> None:
        self._wait()
        self._thread = threading.Thread(target=self._digest.update, args=(chunk,), daemon=True)
        self._thread.start()

    def _wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def hexdigest(self) -> str:
        self._wait()
        hexed: str = self._digest.hexdigest()
        return hexed


class _Reader:
    """The published bytes as they arrive: a window of them, its offset in the document, the hash so far."""

    def __init__(self, read: Callable[[int], bytes], limits: ReadLimits) -> None:
        self._read = read
        self.limits = limits
        self.buf = b""
        self.pos = 0  # in buf
        self.base = 0  # offset of buf[0] in the document
        self.eof = False
        self.total = 0
        self._unhashed: list[bytes] = []
        self._digest: _Hashing | None = None

    def offset(self) -> int:
        return self.base + self.pos

    def start_hash(self, new: Callable[[], Any]) -> None:
        self._digest = _Hashing(new())
        self._digest.update(b"".join(self._unhashed))
        self._unhashed = []

    def hexdigest(self) -> str:
        assert self._digest is not None, "start_hash is called first"
        return self._digest.hexdigest()

    def fill(self, need: int) -> None:
        """Hold at least ``need`` bytes past the position, or every byte left."""
        while not self.eof and len(self.buf) - self.pos < need:
            chunk = self._read(_CHUNK)
            if not chunk:
                self.eof = True
                break
            if not isinstance(chunk, bytes):
                raise InvalidInputError(tr("the manifest was not read as bytes"), where=tr("the published manifest"),
                                        fix=tr("open the file in binary mode: open(path, 'rb')"))
            self.total += len(chunk)
            if self.total > self.limits.max_bytes:
                raise _beyond(self.limits.max_bytes, "$", tr("a document of more than {max_bytes} bytes",
                                                             max_bytes=self.limits.max_bytes), "max_bytes")
            if self._digest is None:
                self._unhashed.append(chunk)
            else:
                self._digest.update(chunk)
            self.base += self.pos
            self.buf = self.buf[self.pos:] + chunk
            self.pos = 0

    def expect(self, literal: bytes, where: str) -> None:
        self.fill(len(literal))
        if not self.buf.startswith(literal, self.pos):
            found = self.buf[self.pos:self.pos + len(literal) + 8]
            raise _error(self.offset(), where, tr("{literal!r} is due, found {found!r}", literal=literal.decode(),
                                                  found=found))
        self.pos += len(literal)

    def key(self, due: str, where: str) -> None:
        self.fill(len(due) + 3)
        m = _KEY.match(self.buf, self.pos, self.pos + self.limits.max_id_bytes + 3)
        if m is None:
            raise _error(self.offset(), where, tr("the key {due!r} is due, in the canonical form", due=due))
        key = m.group(1).decode("utf-8", "replace")
        if key != due:
            raise _error(self.offset(), where, tr("the key {due!r} is due, found {key!r} (an unknown key, a key "
                                                  "missing or out of the canonical order)", due=due, key=key))
        self.pos = m.end()

    def head_value(self, key: str) -> Any:
        """One value of the head, parsed and checked to be written canonically."""
        limits, at = self.limits, self.offset()
        self.fill(limits.max_head_bytes + 1)
        window = self.buf[self.pos:self.pos + limits.max_head_bytes]
        try:
            value, _ = json.JSONDecoder().raw_decode(window.decode("utf-8", "surrogateescape"))
        except RecursionError:
            raise _error(at, f"$.{key}", tr("nesting deeper than the format has (at most {depth})",
                                            depth=_DEPTH.get(key, 0))) from None
        except ValueError as exc:
            if len(window) == limits.max_head_bytes:
                raise _beyond(at, f"$.{key}", tr("a value not closed within {max_head_bytes} bytes, or not "
                                                 "JSON ({exc})", max_head_bytes=limits.max_head_bytes, exc=str(exc)),
                              "max_head_bytes") from None
            raise _error(at, f"$.{key}", tr("not JSON: {exc}", exc=str(exc))) from None
        if _depth(value) > _DEPTH.get(key, 0):
            raise _error(at, f"$.{key}", tr("nesting deeper than the format has (at most {depth})",
                                            depth=_DEPTH.get(key, 0)))
        big = next((k for k in _integers(value) if k > limits.max_integer), None)
        if big is not None:
            raise _beyond(at, f"$.{key}", tr("an integer above {max_integer}", max_integer=limits.max_integer),
                          "max_integer")
        try:
            written = canonical_json(value)
        except (InvalidInputError, UnicodeError) as exc:
            raise _error(at, f"$.{key}", tr("not in the canonical form: {exc}", exc=str(exc))) from None
        if not window.startswith(written):
            raise _error(at, f"$.{key}", tr("not in the canonical form of §3 (key order, spacing, escapes, "
                                            "integers)"))
        self.pos += len(written)
        return value

    def entries(self, key: str, pattern: re.Pattern[bytes], limit: int, limit_name: str) -> Iterator[re.Match[bytes]]:
        """The objects of one list of the manifest, each matched in its canonical form; the position left after
        the list's closing bracket."""
        self.expect(b"[", f"$.{key}")
        self.fill(1)
        if self.buf.startswith(b"]", self.pos):
            self.pos += 1
            return
        need = self.limits.max_entry_bytes + 1
        match = pattern.match
        index = 0
        while True:
            if len(self.buf) - self.pos < need:
                self.fill(need)
            m = match(self.buf, self.pos)
            if m is None:
                raise _error(self.offset(), f"$.{key}[{index}]", tr("not an entry of {key} in the canonical form "
                             "(its keys, their order, types and spelling, §3)", key=key))
            if m.end() - self.pos > self.limits.max_entry_bytes:
                raise _beyond(self.offset(), f"$.{key}[{index}]",
                              tr("an entry of more than {max_entry_bytes} bytes",
                                 max_entry_bytes=self.limits.max_entry_bytes), "max_entry_bytes")
            index += 1
            if index > limit:
                raise _beyond(self.offset(), f"$.{key}[{index - 1}]",
                              tr("more than {limit} entries in {key}", limit=limit, key=key), limit_name)
            yield m
            self.pos = m.end()
            if m.group(m.re.groups) == b"]":
                return


def _id(raw: bytes, offset: int, where: str, limits: ReadLimits) -> str:
    if len(raw) > limits.max_id_bytes:
        raise _beyond(offset, where, tr("an id of {size} bytes, more than {max_id_bytes}", size=len(raw),
                                        max_id_bytes=limits.max_id_bytes), "max_id_bytes")
    return _text(raw)


def _strings(raw: bytes) -> list[str]:
    texts: list[str] = json.loads(b"[" + raw + b"]")
    return texts


def _inspectors(reader: _Reader, version: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    limits, tags = reader.limits, "interests" if version == 1 else "interest_tags"
    for m in reader.entries("inspectors", _INSPECTOR[min(version, 2)], limits.max_inspectors, "max_inspectors"):
        active, department, ident, interests, specialties, unit, valid_from, valid_until = m.groups()[:8]
        out.append({"id": _id(ident, reader.offset(), f"$.inspectors[{len(out)}].id", limits),
                    "department": _text(department), "specialties": _strings(specialties), "unit": _text(unit),
                    "active": active == b"true", "valid_from": _text(valid_from),
                    "valid_until": None if valid_until is None else _text(valid_until), tags: _strings(interests)})
    return out


def _items(reader: _Reader) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in reader.entries("checklist", _ITEM, reader.limits.max_items, "max_items"):
        code, department, domains = m.groups()[:3]
        out.append({"code": _id(code, reader.offset(), f"$.checklist[{len(out)}].code", reader.limits),
                    "department": _text(department), "domains": _strings(domains)})
    return out


def _experts(reader: _Reader) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in reader.entries("experts", _EXPERT, reader.limits.max_experts, "max_experts"):
        ident, identity, tags, specialties = m.groups()[:4]
        out.append({"id": _id(ident, reader.offset(), f"$.experts[{len(out)}].id", reader.limits),
                    "identity_tag": _text(identity), "interest_tags": _strings(tags),
                    "specialties": _strings(specialties)})
    return out


def _check_rules(rules: Any, reader: _Reader, at: int, inspectors: int, items: int) -> None:
    """Refuse, before any subject is read, the counts no draw of this pool could meet: a team or quota larger
    than the inspector pool, more items per subject than the checklist, a sample count or a reserve above
    ``max_subjects``. The rest of the rules is checked as :meth:`Manifest.from_json` checks it."""
    limits = reader.limits
    if not isinstance(rules, dict):
        raise _error(at, "$.rules", tr("not an object"))
    team = rules.get("team")
    teams: list[tuple[str, Any]] = [("$.rules.team", team)]
    if isinstance(team, dict):
        for by in ("by_domain", "by_sector"):
            if isinstance(team.get(by), dict):
                teams += [(f"$.rules.team.{by}.{k}", t) for k, t in team[by].items()]
    for where, spec in teams:
        if not isinstance(spec, dict):
            continue
        size = spec.get("size")
        if isinstance(size, int) and size > inspectors:
            raise _undrawable(at, f"{where}.size", tr("a team of {size} from a pool of {inspectors} inspectors",
                                                               size=size, inspectors=inspectors))
        for pair in spec.get("quotas") or ():
            if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], int) and pair[1] > inspectors:
                raise _undrawable(at, f"{where}.quotas",
                                  tr("a quota of {quota} from a pool of {inspectors} inspectors", quota=pair[1],
                                     inspectors=inspectors))
    per_subject = rules.get("items")
    if isinstance(per_subject, int) and per_subject > items:
        raise _undrawable(at, "$.rules.items", tr("{per_subject} items per subject from a checklist of {items}",
                                                               per_subject=per_subject, items=items))
    sample = rules.get("sample")
    for where, value in (("$.rules.reserve", rules.get("reserve")),
                         ("$.rules.sample.count", sample.get("count") if isinstance(sample, dict) else None)):
        if isinstance(value, int) and value > limits.max_subjects:
            raise _beyond(at, where, tr("{value}, more than {max_subjects} subjects", value=value,
                                             max_subjects=limits.max_subjects), "max_subjects")


def _subjects(scan: SubjectScan) -> SubjectColumns:
    """The scanned columns as the manifest's subjects, with no row or entry made: taken as checked (the scan
    checked the ids' order and every value as it read them)."""
    return SubjectColumns.from_checked_columns(
        ids=scan.ids, codes={name: scan.codes(name) for name in TEXTS},
        values={name: scan.values(name) for name in TEXTS}, in_existence=scan.in_existence,
        exempt=scan.exempt, history=scan.history, utf8_ids=scan.utf8)


def _scan_subjects(reader: _Reader) -> SubjectScan:
    limits = reader.limits
    scan = SubjectScan(limits.max_subjects, limits.max_id_bytes, limits.max_entry_bytes, limits.max_integer,
                       _scan_error)
    reader.expect(b"[", "$.subjects")
    reader.fill(1)
    if reader.buf.startswith(b"]", reader.pos):
        reader.pos += 1
        return scan
    need = limits.max_entry_bytes + 1
    while not scan.done:
        reader.fill(need)
        reader.pos = scan.scan(reader.buf, reader.pos, reader.base)
    return scan


def _scan_error(offset: int, where: str, what: str, limit: str) -> DataError:
    return _beyond(offset, where, what, limit) if limit else \
        _error(offset, where, what)


def read_published_manifest(source: str | PurePath | BinaryIO, limits: ReadLimits = DEFAULT_LIMITS) -> Manifest:
    """Read a published manifest, as anyone re-checking a draw does: the file named (or the binary file object
    given) once, in chunks, hashed as read and checked to be exactly the canonical form of §3. Accepts every
    manifest of canonical bytes that :meth:`Manifest.from_json` accepts (draw-v1, v2 and v3), within ``limits``;
    the manifest returned carries the hash of the bytes read.

    Raises:
        DataError: bytes that are not a manifest's canonical form, or beyond a limit: names the byte offset and
            the field (``$.subjects[12].history``), and how to fix it.
    """
    with collector_paused():  # the columns and the head hold no cycle: the collector need not walk them
        if isinstance(source, (str, PurePath)):
            with open(source, "rb") as file:  # the file a caller names, read once in chunks
                return _read(file.read, limits)
        return _read(source.read, limits)


def _read(read: Callable[[int], bytes], limits: ReadLimits) -> Manifest:
    reader = _Reader(read, limits)
    reader.fill(64)
    m = _ALGORITHM.match(reader.buf)
    if m is None or m.group(1).decode() not in ALGORITHMS:
        raise _error(0, "$.algorithm", tr('the document does not begin {{"algorithm":"draw-v…"}} with a known '
                                          "algorithm ({algorithms})", algorithms=", ".join(ALGORITHMS)))
    name = m.group(1).decode()
    version = algorithm_version(name)
    reader.start_hash(algorithm_hash(name).new)
    reader.pos = m.end()
    data: dict[str, Any] = {"algorithm": name}
    keys = _KEYS[version]
    inspectors = items = 0
    subjects = SubjectColumns.from_rows(())
    for key in keys[1:]:
        reader.expect(b",", "$")
        reader.key(key, "$")
        at = reader.offset()
        if key == "subjects":
            subjects = _subjects(_scan_subjects(reader))
            data[key] = []
            continue
        try:
            if key == "inspectors":
                data[key] = _inspectors(reader, version)
                inspectors = len(data[key])
            elif key == "checklist":
                data[key] = _items(reader)
                items = len(data[key])
            elif key == "experts":
                data[key] = _experts(reader)
            else:
                data[key] = reader.head_value(key)
        except UnicodeDecodeError as exc:
            raise _error(at, f"$.{key}", tr("not UTF-8: {exc}", exc=str(exc))) from None
        if key == "rules":
            _check_rules(data[key], reader, at, inspectors, items)
        if key == "public_input_format":
            problem = pattern_problem(data[key], limits.max_pattern_length) if isinstance(data[key], str) else None
            if problem is not None:
                raise _beyond(at, "$.public_input_format",
                              tr("a pattern outside the safe subset: {problem}", problem=problem), "max_pattern_length")
    reader.expect(b"}", "$")
    reader.fill(1)
    if len(reader.buf) > reader.pos:
        raise _error(reader.offset(), "$", tr("bytes after the manifest's closing brace"))
    manifest = Manifest.from_json(data)
    manifest = attrs.evolve(manifest, subjects=subjects)
    object.__setattr__(manifest, "hash", reader.hexdigest())  # checked canonical: its hash is that of the bytes
    return manifest
