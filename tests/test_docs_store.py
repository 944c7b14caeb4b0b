"""docs/store.md stays true: its example of signed entries and a recorded refusal runs as written."""

from __future__ import annotations

import re
from pathlib import Path

DOC = (Path(__file__).resolve().parents[1] / "docs" / "store.md").read_text(encoding="utf-8")


def test_the_signed_entries_example_runs() -> None:
    blocks = [b for b in re.findall(r"```python\n(.*?)```", DOC, re.S) if "KeyRing" in b]
    assert len(blocks) == 1
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], "docs/store.md (signed entries)", "exec"), namespace)
    assert namespace["attempt"] is not None
