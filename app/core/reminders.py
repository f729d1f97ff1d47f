"""When to remind: no timer during working hours, a timer running very long, time away.

Pure rules over plain values (local wall-clock time, seconds); the window asks them on
its clock tick and decides how to show the reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.core.durations import Span

#: A reminder that was shown is not shown again for this long.
REPEAT_AFTER = timedelta(minutes=30)
#: Monday to Friday (datetime.weekday numbers) are working days.
WORKING_DAYS = frozenset(range(5))


def in_working_hours(local_now: datetime, hours: Span) -> bool:
    """Whether a local time falls inside the working hours on a working day (half-open)."""
    if local_now.weekday() not in WORKING_DAYS:
        return False
    now = local_now.time().replace(tzinfo=None)
    if hours.start < hours.end:
        return hours.start <= now < hours.end
    return now >= hours.start or now < hours.end  # hours across midnight, such as 22-6


def no_timer_reminder_due(
    local_now: datetime, hours: Span, *, running: bool, last_shown: datetime | None
) -> bool:
    """Remind "no timer is running" during working hours, at most every `REPEAT_AFTER`."""
    if running or not in_working_hours(local_now, hours):
        return False
    return last_shown is None or not timedelta(0) <= local_now - last_shown < REPEAT_AFTER


def long_timer_reminder_due(elapsed_seconds: int, limit_hours: int, *, asked: bool) -> bool:
    """Ask "still working?" once per entry when it has run `limit_hours` (0: never)."""
    return limit_hours > 0 and not asked and elapsed_seconds >= limit_hours * 3600


@dataclass(frozen=True)
class Away:
    """The user left at `since` (no input) while a timer ran, and came back at `back`."""

    since: datetime
    back: datetime

    @property
    def seconds(self) -> int:
        """How long they were away, in whole seconds."""
        return max(int((self.back - self.since).total_seconds()), 0)


class IdleTracker:
    """Turns idle-time readings into one "you were away" event per absence."""

    def __init__(self, threshold_seconds: int) -> None:
        self.threshold = threshold_seconds
        self.away_since: datetime | None = None

    def reading(self, now: datetime, idle_seconds: float | None, *, running: bool) -> Away | None:
        """Feed one reading (None: unknown); returns the absence when the user comes back."""
        if self.threshold <= 0 or idle_seconds is None or not running:
            self.away_since = None
            return None
        if idle_seconds >= self.threshold:
            if self.away_since is None:
                self.away_since = now - timedelta(seconds=int(idle_seconds))
            return None
        if self.away_since is None:
            return None
        away, self.away_since = (
            Away(self.away_since, now - timedelta(seconds=int(idle_seconds))),
            None,
        )
        return away
