"""The draw verifier that runs in the browser: one self-contained HTML page (``data/verifier/verify.html``: inline
style and script, a Content-Security-Policy that allows no network request) that reads a published
``manifest.json`` and ``draw.json``, re-runs the draw (draw-v1, draw-v2 and draw-v3, SHA-256 through WebCrypto or
SM3 in JavaScript) and says in Chinese whether the draw is the manifest's, and where it differs. It is the
reference verifier for citizens beside :func:`random_inspection.sampling.verify` (docs/spec/draw-v1.md §13)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from random_inspection.io.atomic import write_bytes_atomic

__all__ = ["VERIFIER_FILE", "verifier_html", "write_verifier"]

VERIFIER_FILE = "verify.html"
"""The page's name beside a published disclosure (``disclosure.html`` links it)."""


def verifier_html() -> bytes:
    """The verifier page, as the package holds it (UTF-8)."""
    folder = resources.files("random_inspection").joinpath("data").joinpath("verifier")
    return folder.joinpath(VERIFIER_FILE).read_bytes()


def write_verifier(out: str | Path) -> Path:
    """Write the verifier page to ``out`` (into ``out/verify.html`` when ``out`` is a folder) and return the path."""
    path = Path(out)
    if path.is_dir():
        path = path / VERIFIER_FILE
    return write_bytes_atomic(path, verifier_html())
