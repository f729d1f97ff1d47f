"""The Makefile: `make run` installs only the app; `make test` adds the test tools."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def planned(target: str) -> str:
    """The commands `make TARGET` would run from scratch (nothing is run)."""
    result = subprocess.run(
        ["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_make_run_installs_the_app_without_the_test_extras():
    commands = planned("run")
    assert "pip install --quiet -e ." in commands
    assert "[test]" not in commands
    assert ".venv/bin/tallyhour" in commands


def test_make_test_installs_the_test_extras_then_runs_pytest():
    commands = planned("test")
    assert "-e '.[test]'" in commands
    assert "pytest" in commands
