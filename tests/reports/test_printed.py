"""How values look on paper: exact strings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from app.reports.printed import (
    clock_text,
    day_text,
    hours_decimal,
    moment_text,
    money_text,
    offset_text,
    printable,
)


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("R&D <b>unclosed &", "R&D <b>unclosed &"),
        ("  padded  ", "padded"),
        ("x" * 500, "x" * 500),
        ("x" * 501, "x" * 499 + "…"),
        ("word " * 200, ("word " * 100).strip() + "…"),
        ("a\nb\nc", "a\nb\nc"),
        (
            "\n".join("l" * 3 for _ in range(12)),
            "\n".join(["lll"] * 7) + "\n" + " ".join(["lll"] * 5),
        ),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ],
)
def test_printable_text(text, printed):
    assert printable(text) == printed


def test_a_shortened_text_is_never_longer_than_the_limit():
    assert len(printable("é" * 10_000)) == 500
    assert printable("é" * 10_000).endswith("…")


@pytest.mark.parametrize(
    ("seconds", "short", "long"),
    [
        (0, "0:00", "0:00:00"),
        (59, "0:00", "0:00:59"),
        (5400, "1:30", "1:30:00"),
        (90061, "25:01", "25:01:01"),
    ],
)
def test_clock_text(seconds, short, long):
    assert clock_text(seconds) == short
    assert clock_text(seconds, with_seconds=True) == long


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("0", "0.00"),
        ("1250.5", "1,250.50"),
        ("0.005", "0.01"),
        ("-3.333", "-3.33"),
        ("1000000", "1,000,000.00"),
    ],
)
def test_money_text(amount, text):
    assert money_text(Decimal(amount)) == text


@pytest.mark.parametrize(
    ("seconds", "hours"), [(0, "0.00"), (18, "0.01"), (17, "0.00"), (9000, "2.50"), (8410, "2.34")]
)
def test_hours_are_rounded_half_up_to_two_decimals(seconds, hours):
    assert hours_decimal(seconds) == Decimal(hours)


def test_dates_and_offsets_ignore_the_system_locale():
    assert day_text(date(2026, 3, 2)) == "Mon 2 Mar 2026"
    india = timezone(timedelta(hours=5, minutes=30))
    moment = datetime(2026, 3, 2, tzinfo=UTC).astimezone(india)
    assert offset_text(moment) == "UTC+05:30"
    assert moment_text(moment) == "Mon 2 Mar 2026 05:30 UTC+05:30"
    assert offset_text(datetime(2026, 3, 2, tzinfo=timezone(timedelta(hours=-4)))) == "UTC-04:00"
    assert offset_text(datetime(2026, 3, 2, tzinfo=UTC)) == "UTC"
