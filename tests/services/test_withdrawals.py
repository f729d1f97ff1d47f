"""Withdrawals are bounded by the money available in their currency at their date, and cost money."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import UserError
from app.services.balance import balance_of, balances
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.opening import open_database
from app.services.payments import (
    add_milestone,
    delete_withdrawal,
    list_withdrawals,
    release_milestone,
    withdraw,
)
from tests.support.dumps import dump_url

D = Decimal
START = datetime(2026, 1, 5, 12, tzinfo=UTC)
LATER = datetime(2026, 6, 1, tzinfo=UTC)


def logo(db, *, currency: str = "USD", title: str = "Logo") -> str:
    """A fixed-price Fiverr contract (a flat 20% fee)."""
    add_client(db, f"Shop {title}", now=START)
    add_contract(
        db,
        title,
        client=f"Shop {title}",
        fixed=True,
        platform="fiverr",
        currency=currency,
        now=START,
    )
    return title


def paid(db, contract: str, amount: str, at: datetime, *, kind: str = "milestone") -> None:
    """A payment (or a refund) the client released at `at`."""
    row = add_milestone(db, contract, f"{kind} {at:%m-%d}", amount=D(amount), kind=kind, now=at)
    release_milestone(db, row.id, at=at, now=LATER)


def test_a_withdrawal_cannot_exceed_what_is_available(db, db_url):
    job = logo(db)
    paid(db, job, "500", START)  # net 400.00, available 5 days later
    before = dump_url(db_url)
    with pytest.raises(UserError, match=r"only 400\.00 USD is available.*at most 399\.01 USD"):
        withdraw(db, D("400"), method="local-bank", at=START + timedelta(days=6), now=LATER)
    assert dump_url(db_url) == before
    done = withdraw(db, D("399.01"), method="local-bank", at=START + timedelta(days=6), now=LATER)
    assert (done.fee, done.left) == (D("0.99"), D("0.00"))


def test_money_not_yet_available_cannot_be_withdrawn(db):
    job = logo(db)
    paid(db, job, "500", START)
    with pytest.raises(UserError, match=r"only 0\.00 USD"):
        withdraw(db, D("10"), method="ach", at=START + timedelta(days=4), now=LATER)
    assert list_withdrawals(db) == []


def test_a_currency_never_earned_is_refused(db):
    paid(db, logo(db), "500", START)
    with pytest.raises(UserError, match="nothing was ever earned in EUR"):
        withdraw(db, D("10"), method="ach", currency="EUR", at=LATER, now=LATER)


def test_each_currency_has_its_own_balance(db):
    paid(db, logo(db), "500", START)
    paid(db, logo(db, currency="EUR", title="Euro"), "100", START)
    with pytest.raises(UserError, match=r"only 80\.00 EUR"):
        withdraw(db, D("100"), method="ach", currency="EUR", at=LATER, now=LATER)
    withdraw(db, D("80"), method="ach", currency="EUR", at=LATER, now=LATER)
    assert [(b.currency, b.withdrawable) for b in balances(db, now=LATER)] == [
        ("EUR", D("0.00")),
        ("USD", D("400.00")),
    ]


def test_earlier_withdrawals_and_their_fees_are_taken_off(db):
    paid(db, logo(db), "500", START)
    withdraw(db, D("300"), method="wire", at=START + timedelta(days=10), now=LATER)  # 330.00
    held = balance_of(db, "USD", now=LATER)
    assert (held.withdrawable, held.withdrawn, held.fees) == (D("70.00"), D("300.00"), D("30.00"))
    with pytest.raises(UserError, match=r"only 70\.00 USD"):
        withdraw(db, D("70"), method="local-bank", at=LATER, now=LATER)


def test_a_back_dated_withdrawal_never_leaves_a_later_one_short(db):
    job = logo(db)
    paid(db, job, "500", START)  # 400.00 from 01-10
    withdraw(db, D("300"), method="ach", at=START + timedelta(days=30), now=LATER)
    # 400.00 are available on day 10, but the withdrawal of day 30 needs 300.00 of them
    with pytest.raises(UserError, match=r"only 100\.00 USD"):
        withdraw(db, D("150"), method="ach", at=START + timedelta(days=10), now=LATER)
    withdraw(db, D("100"), method="ach", at=START + timedelta(days=10), now=LATER)


def test_a_refund_takes_money_out_at_once(db):
    job = logo(db)
    paid(db, job, "500", START)  # +400.00 from 01-10
    paid(db, job, "100", START + timedelta(days=3), kind="refund")  # -80.00 on 01-08
    assert balance_of(db, "USD", now=START + timedelta(days=3)).withdrawable == D("-80.00")
    assert balance_of(db, "USD", now=START + timedelta(days=5)).withdrawable == D("320.00")


def test_deleting_a_withdrawal_gives_its_money_back(db):
    paid(db, logo(db), "500", START)
    done = withdraw(db, D("399"), method="ach", at=LATER, now=LATER)
    delete_withdrawal(db, done.id)
    assert balance_of(db, "USD", now=LATER).withdrawable == D("400.00")


# -- against a model written from the rule, in whole cents ------------------------------------

FEES = {"ach": 0, "local-bank": 99, "wire": 3000}


def model_balance(payments, taken, at: datetime) -> int:
    """Cents available at `at`: each payment's net 5 days after release, less withdrawals."""
    earned = sum(
        cents - (cents * 20 + 50) // 100
        for when, cents in payments
        if (when + timedelta(days=5)).date() <= at.date()
    )
    return earned - sum(cents + fee for when, cents, fee in taken if when <= at)


def model_accepts(payments, taken, new) -> bool:
    """A withdrawal fits when every withdrawal from its instant on stays covered."""
    after = [*taken, new]
    return all(model_balance(payments, after, when) >= 0 for when, _, _ in after if when >= new[0])


days = st.integers(min_value=0, max_value=60)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    payments=st.lists(
        st.tuples(days, st.integers(min_value=100, max_value=100_000)), min_size=0, max_size=5
    ),
    attempts=st.lists(
        st.tuples(days, st.integers(min_value=100, max_value=60_000), st.sampled_from(list(FEES))),
        min_size=1,
        max_size=8,
    ),
)
def test_withdrawals_accepted_exactly_as_the_model_says(payments, attempts):
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'w.sqlite'}")
        job = logo(db)
        released = []
        for day, cents in payments:
            when = START + timedelta(days=day)
            paid(db, job, f"{D(cents) / 100:.2f}", when)
            released.append((when, cents))
        taken: list[tuple[datetime, int, int]] = []
        for day, cents, method in attempts:
            when = START + timedelta(days=day, hours=len(taken))
            new = (when, cents, FEES[method])
            expected = cents > FEES[method] and model_accepts(released, taken, new)
            try:
                withdraw(db, D(cents) / 100, method=method, at=when, now=LATER)
                accepted = True
            except UserError:
                accepted = False
            assert accepted == expected, (released, taken, new)
            if accepted:
                taken.append(new)
        assert balance_of(db, "USD", now=LATER).withdrawable * 100 == model_balance(
            released, taken, LATER
        )
        db.dispose()
