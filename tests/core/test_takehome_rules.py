"""Take-home: gross less fee, tax set-aside (per payment) and withdrawal fees, hourly rate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import UserError
from app.core.money import ZERO, from_cents
from app.core.money_rules import WITHDRAWAL_METHODS, TakeHome, take_home

D = Decimal


@pytest.mark.parametrize(
    ("gross", "fee", "tax_rate", "withdrawal", "seconds", "expected"),
    [
        # Upwork's $600 example, 25% set aside, one local-bank withdrawal, 10 hours
        ("600.00", "110.00", "0.25", "0.99", 36_000, ("490.00", "122.50", "366.51", "36.65")),
        ("100.00", "10.00", "0", "0", 0, ("90.00", "0.00", "90.00", None)),
        ("0.10", "0.00", "0.25", "0", 3600, ("0.10", "0.03", "0.07", "0.07")),  # 0.025 -> 0.03
        ("0.00", "0.00", "0.30", "0", 0, ("0.00", "0.00", "0.00", None)),
        # a refund: negative net releases the tax set aside on it
        ("-100.00", "-20.00", "0.30", "0", 0, ("-80.00", "-24.00", "-56.00", None)),
        # withdrawal fees can exceed what is left
        ("20.00", "2.00", "0.20", "30.00", 1800, ("18.00", "3.60", "-15.60", "-31.20")),
    ],
)
def test_take_home_table(
    gross: str,
    fee: str,
    tax_rate: str,
    withdrawal: str,
    seconds: int,
    expected: tuple[str, str, str, str | None],
) -> None:
    net, tax, kept, hourly = expected
    assert take_home(
        gross=D(gross),
        fee=D(fee),
        tax_rate=D(tax_rate),
        withdrawal_fees=D(withdrawal),
        seconds=seconds,
    ) == TakeHome(
        gross=D(gross),
        fee=D(fee),
        net=D(net),
        tax=D(tax),
        withdrawal_fees=D(withdrawal),
        take_home=D(kept),
        hours_seconds=seconds,
        effective_hourly=None if hourly is None else D(hourly),
    )


def test_withdrawal_method_defaults() -> None:
    methods = WITHDRAWAL_METHODS
    assert methods == {
        "ach": D("0.00"),
        "local-bank": D("0.99"),
        "wire": D("30.00"),
        "paypal": D("2.00"),
    }


@pytest.mark.parametrize(("tax_rate", "seconds"), [("1.01", 0), ("-0.01", 0), ("0.2", -1)])
def test_bad_inputs_are_refused(tax_rate: str, seconds: int) -> None:
    with pytest.raises(UserError):
        take_home(gross=D("10.00"), fee=ZERO, tax_rate=D(tax_rate), seconds=seconds)


money = st.integers(0, 10_000_000).map(from_cents)


@given(money, money, st.integers(0, 100).map(lambda p: D(p) / 100), money, st.integers(0, 10**6))
def test_take_home_adds_up(
    gross: Decimal, fee: Decimal, tax_rate: Decimal, withdrawal: Decimal, seconds: int
) -> None:
    result = take_home(
        gross=gross, fee=fee, tax_rate=tax_rate, withdrawal_fees=withdrawal, seconds=seconds
    )
    assert result.net == gross - fee
    assert result.take_home + result.tax + result.withdrawal_fees + result.fee == gross
    # tax follows the sign of the net (a refund releases tax) and never exceeds it
    assert abs(result.tax) <= abs(result.net)
    assert result.tax == 0 or (result.tax > 0) == (result.net > 0)
    assert (result.effective_hourly is None) == (seconds == 0)
