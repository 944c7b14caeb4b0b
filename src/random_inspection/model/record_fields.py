"""The fields of an inspection's record that a disclosure publishes only where the profile lists them
(``disclosure.record_fields``; 冷水滩 第十七条). Each member's value is the field's key in the published JSON;
its :attr:`~RecordField.label` is the Chinese term of the source."""

from __future__ import annotations

import enum

__all__ = ["RecordField"]


class RecordField(str, enum.Enum):
    """An optional field of an inspection's public record.

    >>> RecordField.FED_BACK.label
    '检查的反馈情况'
    """

    FED_BACK = "fed_back"  # the day the result was fed back to the subject
    OPINION = "opinion"  # what the subject said of the inspection

    @property
    def label(self) -> str:
        """The Chinese term (冷水滩 第十七条's words)."""
        return _LABELS[self]


_LABELS = {RecordField.FED_BACK: "检查的反馈情况", RecordField.OPINION: "被检查对象的意见建议"}
