"""Where each loaded profile plugin came from: what a commit records so that the public sees which code made the
rules of a plan, and a later step is refused when it loads other code.

A source is an installed package whose entry points were loaded (its name and version), a local file (its stem and
the SHA-256 of its bytes: a change of one byte is another source) or an object given in Python (named only; a
caller that passes objects answers for them itself).
"""

from __future__ import annotations

import attrs

__all__ = ["PluginSource"]


@attrs.frozen(order=True)
class PluginSource:
    """Where loaded plugins came from: a name (the package, the file's stem, the given name), how they were loaded
    (``package``, ``file``, ``given``) and what identifies the code (``package==version``, ``sha256:…`` or
    empty)."""

    name: str
    kind: str
    code: str

    def to_json(self) -> dict[str, str]:
        """``{"name", "kind", "code"}``."""
        return {"name": self.name, "kind": self.kind, "code": self.code}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> PluginSource:
        """The inverse of :meth:`to_json`."""
        return cls(str(data["name"]), str(data["kind"]), str(data["code"]))

    def describe(self) -> str:
        """``name (kind code)``, as an error names it."""
        return f"{self.name} ({self.kind}{' ' + self.code if self.code else ''})"
