"""docs/lifecycle.md stays true: its code blocks run as written, one after another, and their asserts hold."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "lifecycle.md"


def test_the_code_blocks_run_as_written() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 3
    namespace: dict[str, object] = {}
    for i, block in enumerate(blocks):
        exec(compile(block, f"docs/lifecycle.md block {i + 1}", "exec"), namespace)
    assert "joint" in namespace and "letters" in namespace and "late" in namespace
