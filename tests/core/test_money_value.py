"""Money carries its currency, and one tax rule serves the calculator and the dashboard."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.money_rules import CurrencyMismatch, Money, take_home, tax_on_payments
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.dashboard import Filters, dashboard
from app.services.payments import add_milestone, release_milestone

D = Decimal


def test_adding_two_currencies_is_an_error() -> None:
    with pytest.raises(CurrencyMismatch, match="USD and EUR"):
        _ = Money(D("1.00"), "USD") + Money(D("1.00"), "EUR")
    with pytest.raises(CurrencyMismatch):
        Money.total([Money(D("1.00"), "USD"), Money(D("2.00"), "EUR")], "USD")
    assert Money(D("1.00"), "USD") - Money(D("0.25"), "USD") == Money(D("0.75"), "USD")


cents = st.integers(-(10**8), 10**8).map(lambda c: D(c) / 100)
rates = st.integers(0, 100).map(lambda p: D(p) / 100)


@given(st.lists(cents, max_size=8), rates)
def test_tax_is_set_aside_per_payment_half_up(nets: list[Decimal], rate: Decimal) -> None:
    # reference: each payment's net times the rate, rounded half away from zero, added up
    expected = sum(
        ((net * rate).quantize(D("0.01"), rounding=ROUND_HALF_UP) for net in nets), D("0.00")
    )
    assert tax_on_payments(nets, rate) == expected
    for net in nets:
        assert take_home(gross=net, fee=D("0"), tax_rate=rate).tax == tax_on_payments([net], rate)


def test_the_dashboard_and_the_calculator_set_aside_the_same_tax(db) -> None:
    """Two payments of 0.10 at 25%: 0.03 each, 0.06 in all, on both screens (not 0.05)."""
    from app.services.settings import update_settings

    now = datetime(2026, 3, 20, tzinfo=UTC)
    update_settings(db, tax_rate="25")
    add_client(db, "Acme", now=now)
    add_contract(db, "Logo", client="Acme", fixed=True, now=now)
    for title in ("one", "two"):
        milestone = add_milestone(db, "Logo", title, amount=D("0.10"), now=now)
        release_milestone(db, milestone.id, at=datetime(2026, 3, 17, tzinfo=UTC), now=now)
    board = dashboard(db, Filters(weeks=1), now=now)
    per_payment = take_home(gross=D("0.10"), fee=D("0"), tax_rate=D("0.25")).tax
    assert per_payment == D("0.03")
    assert board.this_week.tax == 2 * per_payment


def test_a_refund_releases_the_tax_set_aside_on_the_dashboard(db) -> None:
    """$1,000 billed then refunded in full: tax 0.00, take-home 0.00 (was 225.00, -225.00)."""
    from app.services.settings import update_settings

    now = datetime(2026, 3, 20, tzinfo=UTC)
    update_settings(db, tax_rate="25")
    add_client(db, "Acme", now=now)
    add_contract(db, "Logo", client="Acme", fixed=True, platform="upwork", now=now)
    paid = add_milestone(db, "Logo", "site", amount=D("1000"), now=now)
    release_milestone(db, paid.id, at=datetime(2026, 3, 16, tzinfo=UTC), now=now)
    back = add_milestone(db, "Logo", "site back", amount=D("1000"), kind="refund", now=now)
    release_milestone(db, back.id, at=datetime(2026, 3, 17, tzinfo=UTC), now=now)
    week = dashboard(db, Filters(weeks=1), now=now).this_week
    assert (week.gross, week.fee, week.tax, week.take_home) == (D("0.00"),) * 4


@pytest.mark.parametrize("text", ["1e3", "1E+2", "1_000", "$5", "€5", "5$", "0x10", "1,0000"])
def test_one_money_parser_refuses_foreign_formats(text: str) -> None:
    from app.core.errors import UserError
    from app.core.money import parse_amount

    with pytest.raises(UserError):
        parse_amount(text)


def test_minus_zero_prints_as_zero() -> None:
    from app.core.money import json_money, parse_amount
    from app.reports.printed import money_text

    assert json_money(D("-0.00")) == "0.00"
    assert json_money(D("-0.004")) == "0.00"
    assert money_text(D("-0")) == "0.00"
    assert f"{parse_amount('-0', allow_negative=True)}" == "0.00"
