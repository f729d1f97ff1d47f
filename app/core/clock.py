"""The current instant, passed in so tests can pin time without patching."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, as an aware UTC datetime truncated to whole seconds (storage resolution)."""
    return datetime.now(UTC).replace(microsecond=0)


def fixed_clock(instant: datetime) -> Clock:
    """A clock that always answers the same instant (for tests and `--at`)."""
    return lambda: instant
