"""A redraw (重新抽取) as the disclosure publishes it: :class:`Redraw`, with the draw it set aside
(:class:`SetAside`).

A second draw of a plan is recorded only with its reason, as a ``redraw`` ledger entry of its own before the
draw (``Store.record_draw``, ``Store.record_external_draw``); ``Store.redraws`` reads those entries as
:class:`Redraw` values and :func:`~random_inspection.workflow.disclose` publishes them under ``redraws``.
:meth:`Redraw.to_json` writes exactly the JSON published before redraws were typed (the ledger entry's number
and time, then its payload: ``{"entry", "at", "reason", "set_aside", "manifest_hash"}``); a redraw given by hand
(no ledger entry) is ``{"manifest_hash", "reason"}`` with an optional ``public_input``.
:meth:`Redraw.from_json` reads it back (``from_json(r.to_json()) == r``) and refuses a key it would not write
again, so nothing published is lost on the way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from random_inspection.messages import tr

__all__ = ["Redraw", "SetAside"]


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(tr("{key} is {kind}, not text", key=key, kind=type(value).__name__))
    return value


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    return None if data.get(key) is None else _text(data, key)


def _number(data: Mapping[str, Any], key: str) -> int:
    value = data[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(tr("{key} is {kind}, not an integer", key=key, kind=type(value).__name__))
    return value


def _known(data: Mapping[str, Any], keys: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(data) - set(keys))
    if unknown:
        raise ValueError(tr("{what} has keys it does not publish: {keys}", what=what, keys=", ".join(unknown)))


def _time_without_entry() -> str:
    return tr("a redraw's entry and time go together: both for a ledger entry, neither for a redraw given by hand")


_SET_ASIDE_KEYS = ("manifest_hash", "seed", "public_input", "platform", "task", "file_sha256", "entry")
_REDRAW_KEYS = ("entry", "at", "reason", "set_aside", "manifest_hash", "public_input")


@attrs.frozen
class SetAside:
    """The draw a redraw set aside, as its ledger entry records it (``store.external.set_aside``).

    Attributes:
        manifest_hash: the manifest of the draw set aside.
        entry: the ledger entry that recorded the draw set aside.
        seed, public_input: for a draw made here, its seed and public input (draw-v1 §2).
        platform, task, file_sha256: for a draw made on a platform, the platform, the 任务编号 and the SHA-256
            of its export file (docs/platforms.md).
    """

    manifest_hash: str
    entry: int
    seed: str | None = None
    public_input: str | None = None
    platform: str | None = None
    task: str | None = None
    file_sha256: str | None = None

    def to_json(self) -> dict[str, Any]:
        """``{"manifest_hash", "seed", "public_input", "entry"}`` for a draw made here, ``{"manifest_hash",
        "platform", "task", "file_sha256", "entry"}`` for one made on a platform: the keys set, in that order."""
        data: dict[str, Any] = {"manifest_hash": self.manifest_hash}
        for key in ("seed", "public_input", "platform", "task", "file_sha256"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        data["entry"] = self.entry
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SetAside:
        """The inverse of :meth:`to_json`.

        Raises:
            KeyError, TypeError, ValueError: a key missing, a value of the wrong type, or a key not written.
        """
        _known(data, _SET_ASIDE_KEYS, "set_aside")
        return cls(_text(data, "manifest_hash"), _number(data, "entry"), _optional_text(data, "seed"),
                   _optional_text(data, "public_input"), _optional_text(data, "platform"),
                   _optional_text(data, "task"), _optional_text(data, "file_sha256"))


@attrs.frozen
class Redraw:
    """A draw of a plan set aside and drawn again, with the reason, as the disclosure publishes it.

    Attributes:
        reason: why the plan was drawn again (checked for personal data when recorded; published).
        manifest_hash: the manifest of the redraw's ledger entry (the one drawn again), or, for a redraw given
            by hand, the manifest of the draw set aside.
        entry, at: the ledger entry that recorded the redraw and its time (``None`` for a redraw given by hand:
            then neither is published, and ``at`` without ``entry`` is refused; a ledger entry without a time
            publishes ``"at": null``).
        set_aside: the draw set aside, as the ledger entry records it.
        public_input: for a redraw given by hand, the public input of the draw set aside.
    """

    reason: str
    manifest_hash: str
    entry: int | None = None
    at: str | None = None
    set_aside: SetAside | None = None
    public_input: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.entry is None and self.at is not None:
            raise ValueError(_time_without_entry())

    def to_json(self) -> dict[str, Any]:
        """The published JSON, keys in the order they were always written: for a ledger entry ``entry``, ``at``,
        ``reason``, ``set_aside`` (when recorded) and ``manifest_hash`` (the entry's number and time, then its
        payload); for a redraw given by hand ``manifest_hash``, ``public_input`` (when given) and ``reason``."""
        if self.entry is None:
            data: dict[str, Any] = {"manifest_hash": self.manifest_hash}
        else:
            data = {"entry": self.entry, "at": self.at, "reason": self.reason}
        if self.set_aside is not None:
            data["set_aside"] = self.set_aside.to_json()
        if self.public_input is not None:
            data["public_input"] = self.public_input
        if self.entry is None:
            data["reason"] = self.reason
        else:
            data["manifest_hash"] = self.manifest_hash
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Redraw:
        """The inverse of :meth:`to_json`; also reads a ``redraw`` ledger entry as ``{"entry": seq, "at": at,
        **payload}`` (``Store.redraws``).

        Raises:
            KeyError, TypeError, ValueError: a key missing, a value of the wrong type, or a key not written.
        """
        _known(data, _REDRAW_KEYS, "redraw")
        if ("at" in data) != ("entry" in data):
            raise ValueError(_time_without_entry())
        set_aside = data.get("set_aside")
        if set_aside is not None and not isinstance(set_aside, Mapping):
            raise TypeError(f"set_aside is {type(set_aside).__name__}, not an object")
        return cls(_text(data, "reason"), _text(data, "manifest_hash"),
                   None if "entry" not in data else _number(data, "entry"), _optional_text(data, "at"),
                   None if set_aside is None else SetAside.from_json(set_aside), _optional_text(data, "public_input"))
