"""No runtime dependency is under a copyleft licence (GPL, LGPL, AGPL), so that a public body can adopt the
library under its own licence, Apache-2.0.

The dependencies are those ``pyproject.toml`` declares in ``[project] dependencies`` (the test, bench and dev
extras are not distributed with the library) and, through the installed packages' metadata, everything they
require in turn. Each installed package's licence is read from its metadata: ``License-Expression``
(PEP 639), ``License`` and the ``License ::`` classifiers.
"""

from __future__ import annotations

import platform
import re
import sys
from collections.abc import Iterable
from email.message import Message
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent

COPYLEFT = re.compile(r"\b(?:A|L)?GPL|General Public License", re.IGNORECASE)
"""GPL, LGPL and AGPL in an SPDX expression (``GPL-3.0-or-later``), a free-text field or a classifier
(``License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)``)."""


def declared_dependencies() -> list[Requirement]:
    """The runtime dependencies ``pyproject.toml`` declares."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    return [Requirement(text) for text in project["dependencies"]]


def runtime_closure(requirements: Iterable[Requirement]) -> dict[str, metadata.Distribution]:
    """Every installed package the requirements need here, by canonical name, following their requirements.

    A requirement whose marker does not hold here (``tomli; python_version < "3.11"`` on 3.11) is left out.
    """
    found: dict[str, metadata.Distribution] = {}
    todo = [(req, "") for req in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        if name in found:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            pytest.fail(f"runtime dependency {req.name} is not installed: install the library (pip install -e .)")
        found[name] = dist
        for text in dist.requires or []:
            todo.extend((Requirement(text), e) for e in ("", *req.extras))
    return found


def licence_of(meta: Message) -> str:
    """What the metadata says of the licence: expression, free text and classifiers, joined by ``; ``."""
    parts = [meta.get("License-Expression") or "", meta.get("License") or ""]
    parts += [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return "; ".join(p.strip() for p in parts if p and p.strip())


def copyleft(meta: Message) -> str | None:
    """The copyleft licence the metadata names, or ``None``."""
    text = licence_of(meta)
    return text if COPYLEFT.search(text) else None


def _meta(**fields: str | list[str]) -> Message:
    message = Message()
    for key, value in fields.items():
        for item in [value] if isinstance(value, str) else value:
            message[key.replace("_", "-")] = item
    return message


def test_no_runtime_dependency_is_copyleft() -> None:
    closure = runtime_closure(declared_dependencies())
    assert {"attrs", "chinese-calendar", "cryptography", "gmssl"} <= closure.keys()  # the walk found the packages
    offenders = {name: copyleft(dist.metadata) for name, dist in sorted(closure.items()) if copyleft(dist.metadata)}
    assert not offenders, "runtime dependencies under a copyleft licence: " + "; ".join(
        f"{name} ({licence})" for name, licence in offenders.items()
    )


def test_every_runtime_dependency_states_a_licence() -> None:
    closure = runtime_closure(declared_dependencies())
    silent = sorted(name for name, dist in closure.items() if not licence_of(dist.metadata))
    assert not silent, f"runtime dependencies whose metadata states no licence, to be checked by hand: {silent}"


def test_lunardate_is_not_a_runtime_dependency() -> None:
    assert "lunardate" not in runtime_closure(declared_dependencies())


def test_the_check_recognises_lunardate_as_copyleft() -> None:
    # lunardate (test extra only) is GPL-3.0-or-later: the check must see it.
    assert copyleft(metadata.metadata("lunardate")) is not None


@pytest.mark.parametrize(
    "meta",
    [
        _meta(License_Expression="GPL-3.0-or-later"),
        _meta(License_Expression="LGPL-2.1-only OR MIT"),
        _meta(License_Expression="AGPL-3.0-only"),
        _meta(License="GPLv2"),
        _meta(Classifier=["License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)"]),
        _meta(Classifier=["Typing :: Typed", "License :: OSI Approved :: GNU Affero General Public License v3"]),
    ],
)
def test_copyleft_is_found_in_every_field(meta: Message) -> None:
    assert copyleft(meta) is not None


@pytest.mark.parametrize(
    "meta",
    [
        _meta(License_Expression="Apache-2.0 OR BSD-3-Clause"),
        _meta(License_Expression="MIT-0"),
        _meta(License="BSD, Public Domain"),
        _meta(Classifier=["License :: OSI Approved :: MIT License"]),
        _meta(License_Expression="PSF-2.0"),
    ],
)
def test_permissive_licences_pass(meta: Message) -> None:
    assert copyleft(meta) is None


def test_the_library_declares_apache_2() -> None:
    meta = metadata.metadata("random-inspection")
    assert meta.get("License-Expression") == "Apache-2.0"
    assert copyleft(meta) is None
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text


def test_the_fast_extra_is_not_copyleft() -> None:
    # [fast] (tongsuopy, Tongsuo's SM2) is installed beside the library in production: the same rule holds for it
    wheel = (sys.platform, platform.machine()) in {("linux", "x86_64"), ("win32", "AMD64")} or sys.platform == "darwin"
    if not wheel:  # the dev extra installs it only where Tongsuo publishes a wheel (pyproject.toml)
        pytest.skip("Tongsuo publishes no wheel for this machine, so the dev extra does not install [fast]")
    with (ROOT / "pyproject.toml").open("rb") as file:
        fast = [Requirement(text) for text in tomllib.load(file)["project"]["optional-dependencies"]["fast"]]
    closure = runtime_closure(fast)
    assert "tongsuopy" in closure
    assert not [name for name, dist in closure.items() if copyleft(dist.metadata) or not licence_of(dist.metadata)]
