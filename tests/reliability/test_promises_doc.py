"""docs/reliability.md names, for each promise, a test that exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "reliability.md"


def test_every_promise_names_a_test_that_exists():
    text = DOC.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "::" in line]
    assert len(rows) >= 30
    for row in rows:
        names = re.findall(r"`([\w/]+\.py)::(\w+)`", row)
        assert names, f"a promise without a test: {row}"
        for file, test in names:
            # A bare file name is in tests/reliability/; "ui/test_x.py" is under tests/.
            folder = ROOT / "tests" if "/" in file else ROOT / "tests" / "reliability"
            source = (folder / file).read_text(encoding="utf-8")
            assert re.search(rf"^def {test}\(", source, re.MULTILINE), f"{file}::{test} is missing"
