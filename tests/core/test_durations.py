"""Durations and spans typed as people write them, read by one parser."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.durations import (
    Span,
    duration_hours,
    parse_duration,
    parse_span,
    parse_time_of_day,
)
from app.core.errors import UserError


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [
        ("1h30", 5400),
        ("1h 30m", 5400),
        ("1h30m", 5400),
        ("90m", 5400),
        ("90 min", 5400),
        ("90 minutes", 5400),
        ("1:30", 5400),
        ("0:45", 2700),
        ("1:30:15", 5415),
        ("1.5", 5400),
        ("1,5", 5400),
        ("1.5h", 5400),
        ("2h", 7200),
        ("2 hours", 7200),
        ("2", 7200),
        ("45m", 2700),
        (" 1H30 ", 5400),
    ],
)
def test_durations_as_people_write_them(typed, seconds):
    assert parse_duration(typed) == seconds


@pytest.mark.parametrize(
    "typed", ["", "abc", "1h75", "0", "0m", "-1h", "1:75", "h", "m", "1x", "200h", "1h30h"]
)
def test_anything_else_is_refused_in_one_clear_sentence(typed):
    with pytest.raises(UserError) as refused:
        parse_duration(typed)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("9-10:30", time(9), time(10, 30)),
        ("9:15 – 12", time(9, 15), time(12)),
        ("09:15-12:00", time(9, 15), time(12)),
        ("0915-1200", time(9, 15), time(12)),
        ("9am-1pm", time(9), time(13)),
        ("9 to 17", time(9), time(17)),
        ("12am-12:30am", time(0), time(0, 30)),
        ("22-1", time(22), time(1)),  # ends the next day: the caller decides
    ],
)
def test_spans_as_people_write_them(typed, start, end):
    assert parse_span(typed) == Span(start, end)


@pytest.mark.parametrize("typed", ["9", "9-", "-10", "9-9", "25-26", "9-10:75", "13pm-2pm"])
def test_bad_spans_are_refused(typed):
    with pytest.raises(UserError):
        parse_span(typed)


def test_a_time_of_day_alone():
    assert parse_time_of_day("14:05") == time(14, 5)
    assert parse_time_of_day("2pm") == time(14)


@pytest.mark.parametrize(
    ("typed", "hours"), [("20", "20"), ("7.5", "7.5"), ("12h30", "12.5"), ("90m", "1.5")]
)
def test_hours_settings_take_durations_too(typed, hours):
    from decimal import Decimal

    assert duration_hours(typed) == Decimal(hours)


@given(st.text(max_size=30))
def test_any_text_is_read_as_whole_seconds_or_refused(text):
    try:
        seconds = parse_duration(text)
    except UserError:
        return
    assert isinstance(seconds, int) and 0 < seconds <= 7 * 24 * 3600
