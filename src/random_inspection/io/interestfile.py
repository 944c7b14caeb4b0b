"""The private file of a draw-v2 plan's interest declarations (docs/spec/draw-v2.md §4): each inspector's
declared interests (利害关系企业) and the bureau's secret their salted tags come from.

``commit`` writes it beside the manifest, readable by its owner only; ``draw`` reads it; ``verify`` never needs
it. It is never written under a folder named ``public`` (where the disclosure pages go). The secret is made
here, at the edge, from the operating system's random source: it salts the commitment of the interests and
never enters a draw, whose only randomness is its public input.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from random_inspection.errors import InvalidInputError
from random_inspection.io.atomic import write_text_atomic
from random_inspection.io.filenames import plan_file_stem
from random_inspection.messages import tr
from random_inspection.sampling import InterestDeclarations

__all__ = ["PUBLIC_FOLDER", "declarations_path", "new_interest_secret", "read_declarations", "write_declarations"]

PUBLIC_FOLDER = "public"
"""A folder of this name (any case) holds what is published: the private file is never written under one."""


def new_interest_secret() -> bytes:
    """32 bytes from the operating system's random source: the secret of a new plan's interest tags."""
    return secrets.token_bytes(32)


def declarations_path(manifest_path: Path, plan_id: str) -> Path:
    """Where the private declarations of a plan live: ``PLAN_ID.interests.json`` beside its manifest."""
    return manifest_path.with_name(f"{plan_file_stem(plan_id)}.interests.json")


def _not_public(path: Path) -> None:
    if any(part.lower() == PUBLIC_FOLDER for part in path.resolve().parent.parts):
        raise InvalidInputError(tr("{path} is under a public folder", path=path), where=str(path),
                                fix=tr("keep the interest declarations outside any folder that is published (give "
                                       "--declarations a private path)"))


def write_declarations(path: Path, declarations: InterestDeclarations) -> None:
    """Write the private file, readable and writable by its owner only (mode 0600).

    Raises:
        InvalidInputError: a path under a folder named ``public``, or one that cannot be written.
    """
    _not_public(path)
    text = json.dumps(declarations.to_json(), ensure_ascii=False, indent=2) + "\n"
    try:
        write_text_atomic(path, text, mode=0o600)  # a file replaced takes the private mode too
    except OSError as exc:
        raise InvalidInputError(tr("cannot write the interest declarations: {value}",
                                   value=exc.strerror or exc), where=str(path),
                                fix=tr("give a file in a private folder you may write to")) from None


def read_declarations(path: Path) -> InterestDeclarations | None:
    """The private file's declarations, or ``None`` where there is no such file.

    Raises:
        InvalidInputError: a file that cannot be read or is not what ``commit`` wrote.
    """
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInputError(tr("cannot read the interest declarations: {exc}", exc=exc), where=str(path),
                                fix=tr("give the file commit wrote beside the manifest")) from None
    if not isinstance(data, dict):
        raise InvalidInputError(tr("the interest declarations are not a JSON object"), where=str(path),
                                fix=tr("give the file commit wrote beside the manifest"))
    return InterestDeclarations.from_json(data)
