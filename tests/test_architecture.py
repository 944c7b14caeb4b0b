"""Rules of the code base that a linter does not see."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "random_inspection"
CORE = ["errors.py", "model", "timelimits"]
CLOCK = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time|time\.monotonic)\s*\(")
RANDOM = re.compile(r"^\s*(import random\b|from random import|import secrets|from secrets import)|numpy\.random", re.M)


def _core_files() -> list[Path]:
    files: list[Path] = []
    for name in CORE:
        path = SRC / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def test_the_core_never_reads_the_clock() -> None:
    offenders = [f"{p.relative_to(SRC)}: {m.group(0)}" for p in _core_files() for m in CLOCK.finditer(p.read_text())]
    assert offenders == []


# The two exceptions, both edges, never the draw, whose only randomness is its public input: the signing keys and
# each SM2 signature's K come from ``secrets`` (never from ``random``) in the store's signing module; the secret
# that salts a draw-v2 plan's interest tags (draw-v2 §4) comes from ``secrets`` in the file module that keeps it.
KEY_MATERIAL = ["io/interestfile.py", "store/signing.py"]


def test_no_random_source_anywhere_in_the_library() -> None:
    offenders = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if RANDOM.search(p.read_text()))
    assert offenders == KEY_MATERIAL
    for name in KEY_MATERIAL:
        text = (SRC / name).read_text()
        assert "import secrets" in text and not re.search(r"^\s*(import random\b|from random import)", text, re.M)


def test_the_package_is_typed() -> None:
    assert (SRC / "py.typed").is_file()


def test_the_draw_modules_import_each_other_in_one_direction_only() -> None:
    """No circle of imports in ``random_inspection.sampling``, function-level and TYPE_CHECKING imports counted:
    the result's types (``sampling.result``) and the interests teams look at (``sampling.conflicts``) sit below
    both the draw (``sampling.engine``) and the recusal (``sampling.recusal``), which the draw's verify uses."""
    import grimp

    graph = grimp.build_graph("random_inspection")
    modules = sorted(m for m in graph.modules if m.startswith("random_inspection.sampling."))
    circles = [(m, i) for m in modules for i in sorted(graph.find_modules_directly_imported_by(m))
               if graph.find_shortest_chain(importer=i, imported=m) is not None]
    assert circles == []
    assert graph.direct_import_exists(importer="random_inspection.sampling.engine",
                                      imported="random_inspection.sampling.recusal")
