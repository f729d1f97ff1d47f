"""The dashboard's sentences, as a freelancer reads them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.weeks import BillingWeek
from app.services.dashboard import ClientLine, Earnings
from app.ui.dashboard import text

HOUR = 3600


@pytest.mark.parametrize(
    ("seconds", "limit", "short", "sentence"),
    [
        (HOUR, 10 * HOUR, "1:00 of 10:00 h", "9:00 h left before the weekly limit of 10:00 h"),
        (
            10 * HOUR,
            10 * HOUR,
            "10:00 of 10:00 h",
            "0:00 h left before the weekly limit of 10:00 h",
        ),
        (
            11 * HOUR + 1800,
            10 * HOUR,
            "11:30 of 10:00 h · 1:30 h over",
            "1:30 h over the weekly limit of 10:00 h: not billed",
        ),
        (53 * 60, None, "0:53 h", "No weekly limit on this contract"),
    ],
)
def test_hours_against_the_weekly_limit(seconds, limit, short, sentence):
    assert text.limit_text(seconds, limit) == short
    assert text.limit_explained(seconds, limit) == sentence


@pytest.mark.parametrize(
    ("next_tier", "sentence"),
    [
        ((Decimal("312.50"), Decimal("0.10")), "$312.50 until fees drop to 10%"),
        ((Decimal("8150.00"), Decimal("0.05")), "$8,150.00 until fees drop to 5%"),
        ((Decimal("40"), Decimal("0.125")), "$40.00 until fees drop to 12.5%"),
        (None, "no lower fee tier"),
    ],
)
def test_the_next_fee_tier_in_words(next_tier, sentence):
    line = ClientLine(1, "Acme", Earnings(), Decimal("187.50"), next_tier)
    assert text.next_tier_sentence(line, "USD") == sentence


@pytest.mark.parametrize(
    ("week", "span"),
    [("2026-W11", "9–15 Mar"), ("2026-W14", "30 Mar – 5 Apr"), ("2026-W01", "29 Dec – 4 Jan")],
)
def test_a_week_names_its_days(week, span):
    assert text.week_span(BillingWeek.parse(week)) == span


@pytest.mark.parametrize(
    ("first", "last", "days"),
    [
        ("2026-W02", "2026-W12", "5 Jan – 22 Mar 2026"),
        ("2025-W51", "2026-W10", "15 Dec 2025 – 8 Mar 2026"),
    ],
)
def test_a_date_range_names_the_year_once_if_it_can(first, last, days):
    assert text.date_range(BillingWeek.parse(first), BillingWeek.parse(last)) == days


@pytest.mark.parametrize(
    ("count", "fees", "sentence"),
    [
        (0, "0", "No withdrawals in these weeks"),
        (1, "0.99", "1 withdrawal in these weeks · $0.99 in fees"),
        (3, "2.97", "3 withdrawals in these weeks · $2.97 in fees"),
    ],
)
def test_withdrawals_and_their_fees(count, fees, sentence):
    assert text.withdrawals_text(count, Decimal(fees), "USD") == sentence


def test_the_currency_note_names_the_others():
    assert text.currency_note("USD", ("USD",)) == "All amounts in USD"
    assert text.currency_note("EUR", ("EUR", "GBP", "USD")) == (
        "All amounts in EUR · GBP, USD shown apart (pick under Currency)"
    )
