"""Shared bits of the dashboard view tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

#: Qt Graphs probes for OpenGL when its view is created; the offscreen platform has none,
#: says so once and draws with the software renderer (the tests look at what it drew).
NO_OPENGL = r"QRhiGles2: Failed to create (temporary )?context"

#: A Thursday afternoon in billing week 2026-W12, the NOW of tests/services/test_dashboard.py.
NOW = datetime(2026, 3, 19, 15, 0, tzinfo=UTC)


def refreshed(qtbot: Any, view: Any, change: Callable[[], object]) -> None:
    """Make a change that refreshes the view, and wait until the new numbers are shown."""
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        change()
