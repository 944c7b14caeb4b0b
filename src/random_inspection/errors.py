"""The library's own exception hierarchy.

Every error says *what* is wrong, *where* (a field path, a file and row, a date) and *how to fix* it, so a
caller can show it to a person as it is, or read the parts separately::

    RandomInspectionError
    ├── InvalidInputError (also a ValueError)
    │   ├── IdentifierError          a malformed 统一社会信用代码 or 居民身份证号码
    │   ├── IneligibleInspectorError an inactive inspector or an expired 执法证
    │   ├── DataError                structured input (dicts, JSON) that does not fit the model; one issue per path
    │   ├── RowsOutOfOrder           a streamed roster whose rows are not in id order (sort it first)
    │   └── PersonalDataError        personal data (a phone or ID number, a home address) in a public output
    ├── ProfileError                 a profile that cannot be loaded or resolved
    ├── PermissionRefused            an actor whose role or part may not take the step asked
    ├── InfeasibleDrawError          a plan no pool can satisfy (names the constraint and the numbers)
    ├── CalendarError
    │   ├── HolidayScheduleMissing   strict mode met a year without an official schedule
    │   └── ScheduleError            a holiday schedule that contradicts itself or the calendar
    └── StoreError                   the store cannot do what was asked
        ├── LedgerBroken             the ledger's hash chain fails at a named entry
        ├── RedrawRefused            a second draw for a plan without a reason, or a draw of an uncommitted plan
        └── SchemaVersionError       a database whose schema is newer than this library, or not migrated
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from random_inspection.messages import Message, join, tr

__all__ = [
    "CalendarError",
    "DataError",
    "HolidayScheduleMissing",
    "IdentifierError",
    "IneligibleInspectorError",
    "InfeasibleDrawError",
    "InvalidInputError",
    "Issue",
    "LedgerBroken",
    "PermissionRefused",
    "PersonalDataError",
    "ProfileError",
    "RandomInspectionError",
    "RedrawRefused",
    "RowsOutOfOrder",
    "ScheduleError",
    "SchemaVersionError",
    "StoreError",
]


class RandomInspectionError(Exception):
    """Base class of every exception the library raises on purpose.

    Attributes:
        what: what is wrong, in one sentence.
        where: where it is (a field path such as ``$.inspectors[3].certificate``, a file and row, a date);
            empty when the error has no single place.
        fix: how to fix it.
        message: the whole line (where: what — fix: fix) as a :class:`~random_inspection.messages.Message`, which
            the edges show in the reader's language (``random_inspection.translation.render_error``);
            ``str(error)`` is its English text.

    Each part is a :class:`~random_inspection.messages.Message` where it was written with ``tr(...)``
    (docs/i18n.md), a plain ``str`` otherwise.
    """

    def __init__(self, what: str, *, where: str = "", fix: str = "") -> None:
        self.what = what
        self.where = where
        self.fix = fix
        self.message = self._render()
        super().__init__(str(self.message))

    def _render(self) -> Message:
        text = Message("{what}", {"what": self.what})
        if self.where:
            text = tr("{where}: {what}", where=self.where, what=self.what)
        if self.fix:
            text = tr("{text} — fix: {fix}", text=text, fix=self.fix)
        return text


class InvalidInputError(RandomInspectionError, ValueError):
    """Input that the library refuses. Also a :class:`ValueError`, so attrs and cattrs treat it as one."""


class IdentifierError(InvalidInputError):
    """A malformed identifier (统一社会信用代码, 组织机构代码, 居民身份证号码).

    Attributes:
        kind: which identifier, e.g. ``"统一社会信用代码"``.
        value: the value as given (after trimming and upper-casing).
        position: 1-based position of the character found wrong, when there is one: the first character
            that breaks the format, or the check character when the checksum does not match.
    """

    def __init__(
        self,
        what: str,
        *,
        kind: str,
        value: str,
        position: int | None = None,
        where: str = "",
        fix: str = "",
    ) -> None:
        self.kind = kind
        self.value = value
        self.position = position
        super().__init__(tr("{kind} {value!r}: {what}", kind=kind, value=value, what=what), where=where, fix=fix)


class IneligibleInspectorError(InvalidInputError):
    """An inspector who may not inspect on the dates asked: inactive, or 执法证 not valid throughout."""


@attrs.frozen
class Issue:
    """One problem found in structured input: the path of the value and what is wrong with it."""

    path: str
    message: str

    def __str__(self) -> str:
        return str(self.text())

    def text(self) -> Message:
        """The issue as a message (path: message), for showing it in the reader's language."""
        return tr("{path}: {message}", path=self.path, message=self.message)


class DataError(InvalidInputError):
    """Structured input that does not fit the model. Holds *every* issue found, each with its path."""

    def __init__(self, what: str, issues: Sequence[Issue], *, fix: str = "") -> None:
        self.issues = tuple(issues)
        lines = join("; ", [issue.text() for issue in self.issues])
        super().__init__(tr("{what}: {issues}", what=what, issues=lines) if self.issues else what, fix=fix)


class RowsOutOfOrder(InvalidInputError):
    """Rows of a streamed roster that are not in the order of their ids' UTF-8 bytes (draw-v1 §3): a reader that
    can sort them (an external sort of the files) does so and starts again; ``where`` names the file and row."""


class PersonalDataError(InvalidInputError):
    """Personal data in something about to be published. Names the field and the kind of data, never the data.

    Attributes:
        field: the field's path in the public document (``disclosure.json: redraws[0].reason``).
        kind: the kind found: ``mobile``, ``landline``, ``id18``, ``id15``, ``address``, ``email`` or
            ``messenger`` (``workflow.privacy.KINDS``).

    ``remove``, when given, says what to take out of the field and how to write it instead; it comes first in the
    fix.
    """

    def __init__(self, *, field: str, kind: str, description: str, remove: str = "") -> None:
        self.field = field
        self.kind = kind
        super().__init__(
            tr("{description} in a public field; nothing was published", description=description),
            where=field,
            fix=self._fix(remove),
        )

    @staticmethod
    def _fix(remove: str) -> Message:
        fix = tr("{chinese} — remove the personal data from this field, record the text again and export again; "
                 "text in the ledger that cannot be recorded again can be withheld with `export --withhold FIELD` "
                 "(the disclosure says so); docs/lifecycle.md, Personal data",
                 chinese="公开内容不得含有电话号码、公民身份号码、住址等个人信息：请删去该字段中的个人信息后重新录入并导出；"
                         "已记入台账、无法重新录入的文字，可用 export --withhold 该字段 不予公开（公示中注明）")
        return tr("{remove}; {fix}", remove=remove, fix=fix) if remove else fix


class ProfileError(RandomInspectionError):
    """A jurisdiction profile that cannot be loaded or resolved: a bad declaration, two profiles for one
    jurisdiction, a missing or circular parent, a rule that no profile in force sets."""


class PermissionRefused(RandomInspectionError):
    """An actor who may not take an action: a role the profile does not give it to (citing the article), an
    inspector acting on an inspection they were not on, a partner department drawing for the lead.

    Attributes:
        actor: the actor's id.
        action: the action refused (a ``random_inspection.model.Action`` value).
        reason: why, in words (also the error's ``what``).
        entry: the ledger entry that records the refusal, once the store has recorded it.
        entry_hash: that entry's hash: with ``entry``, the refused actor's receipt (a ledger that later lacks
            entry ``entry`` with this hash was cut or rewritten).
    """

    def __init__(self, actor: str, action: str, reason: str, *, fix: str = "") -> None:
        self.actor = actor
        self.action = action
        self.reason = reason
        self.entry: int | None = None
        self.entry_hash: str | None = None
        super().__init__(reason, where=tr("{actor} → {action}", actor=actor, action=action), fix=fix)


class InfeasibleDrawError(RandomInspectionError):
    """A draw that cannot be made as planned: more subjects asked than are eligible, a team rule no eligible
    inspector can meet. Never a partial draw: the error names the constraint and the numbers."""


class CalendarError(RandomInspectionError):
    """A problem with the working-day calendar or its holiday data."""


class HolidayScheduleMissing(CalendarError):
    """A computation needed a year for which no official holiday schedule is loaded, and strictness was asked.

    Attributes:
        year: the year without an official schedule.
    """

    def __init__(self, year: int, *, where: str = "") -> None:
        self.year = year
        notice = "国务院办公厅关于" + str(year) + "年部分节假日安排的通知"
        super().__init__(
            tr("no official holiday schedule ({notice}) is loaded for {year}", notice=notice, year=year),
            where=where,
            fix=tr("give the State Council's {year} schedule as a file with `--schedule FILE` (.json or .toml, "
                   "docs/timelimits.md), or leave out `--strict` to get a result marked provisional (in Python: "
                   "WorkingCalendar.with_schedule(...), or strict=False)", year=year),
        )


class ScheduleError(CalendarError, ValueError):
    """A holiday schedule that contradicts itself (a day both off and on) or is otherwise unusable."""


class StoreError(RandomInspectionError):
    """The store (the ledger and the history database) cannot do what was asked."""


class LedgerBroken(StoreError):
    """The ledger's hash chain fails: an entry was edited, deleted, inserted or moved.

    Attributes:
        seq: the sequence number of the first entry at which the chain fails.
    """

    def __init__(self, seq: int, what: str) -> None:
        self.seq = seq
        super().__init__(tr("entry {seq}: {what}", seq=seq, what=what), where=tr("ledger"),
                         fix=tr("restore the ledger from a copy whose head matches the published head hash; "
                                "the entries before this one still verify"))


class RedrawRefused(StoreError):
    """A draw the ledger cannot take: a second draw of a plan without a reason, or a draw whose manifest hash
    was never committed before the seed existed."""


class SchemaVersionError(StoreError):
    """A database whose schema this library cannot use as it is: made by a newer version, or not migrated."""
