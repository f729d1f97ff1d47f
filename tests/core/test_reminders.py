"""Reminder rules: working hours, the long-running timer, one absence per idle stretch."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from app.core.durations import Span, parse_span
from app.core.reminders import (
    IdleTracker,
    in_working_hours,
    long_timer_reminder_due,
    no_timer_reminder_due,
)

THURSDAY = datetime(2026, 3, 5, 10, 0)


@pytest.mark.parametrize(
    ("when", "hours", "inside"),
    [
        (THURSDAY, "9-17", True),
        (THURSDAY.replace(hour=17), "9-17", False),  # half-open: 17:00 is after work
        (THURSDAY.replace(hour=8, minute=59), "9-17", False),
        (THURSDAY + timedelta(days=2), "9-17", False),  # Saturday
        (THURSDAY.replace(hour=23), "22-6", True),
        (THURSDAY.replace(hour=5), "22-6", True),
        (THURSDAY.replace(hour=12), "22-6", False),
    ],
)
def test_working_hours(when, hours, inside):
    assert in_working_hours(when, parse_span(hours)) is inside


def test_no_timer_reminder_repeats_at_most_every_half_hour():
    hours = Span(time(9), time(17))
    assert no_timer_reminder_due(THURSDAY, hours, running=False, last_shown=None)
    assert not no_timer_reminder_due(THURSDAY, hours, running=True, last_shown=None)
    shown = THURSDAY
    assert not no_timer_reminder_due(
        shown + timedelta(minutes=29), hours, running=False, last_shown=shown
    )
    assert no_timer_reminder_due(
        shown + timedelta(minutes=30), hours, running=False, last_shown=shown
    )
    assert no_timer_reminder_due(shown - timedelta(hours=1), hours, running=False, last_shown=shown)


def test_the_long_timer_question_comes_once_and_can_be_turned_off():
    assert long_timer_reminder_due(8 * 3600, 8, asked=False)
    assert not long_timer_reminder_due(8 * 3600 - 1, 8, asked=False)
    assert not long_timer_reminder_due(9 * 3600, 8, asked=True)
    assert not long_timer_reminder_due(99 * 3600, 0, asked=False)


def test_an_absence_is_reported_once_when_the_user_returns():
    tracker = IdleTracker(threshold_seconds=600)
    start = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    assert tracker.reading(start, 30, running=True) is None
    assert tracker.reading(start + timedelta(minutes=15), 900, running=True) is None
    assert tracker.reading(start + timedelta(minutes=40), 2400, running=True) is None
    away = tracker.reading(start + timedelta(minutes=41), 5, running=True)
    assert away is not None and away.since == start + timedelta(minutes=0)
    assert away.back == start + timedelta(minutes=41) - timedelta(seconds=5)
    assert tracker.reading(start + timedelta(minutes=42), 3, running=True) is None


@pytest.mark.parametrize(
    ("threshold", "idle", "running"), [(0, 5000, True), (600, None, True), (600, 5000, False)]
)
def test_no_absence_when_off_unreadable_or_not_timing(threshold, idle, running):
    tracker = IdleTracker(threshold)
    now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    tracker.reading(now, idle, running=running)
    assert tracker.reading(now + timedelta(minutes=1), 1, running=running) is None
