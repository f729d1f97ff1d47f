"""Costs reduce take-home, each counted once: typed costs, statement lines, tax on fees."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import NotFound, UserError
from app.core.weeks import BillingWeek
from app.models import StatementLine
from app.models.database import Database
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.costs import add_cost, delete_cost, list_costs
from app.services.dashboard import Filters, dashboard
from app.services.opening import open_database
from app.services.payments import add_milestone, release_milestone, withdraw
from app.services.settings import update_settings
from tests.support.dumps import dump_url

D = Decimal
ZERO = D("0.00")
#: Monday of billing week 2026-W02.
MONDAY = datetime(2026, 1, 5, tzinfo=UTC)
NOW = MONDAY + timedelta(days=27, hours=12)  # Saturday of 2026-W05


def fiverr_job(db: Database, title: str = "Logo") -> str:
    """A fixed-price Fiverr contract: a flat 20% fee on every payment."""
    add_client(db, f"Shop {title}", now=MONDAY)
    add_contract(db, title, client=f"Shop {title}", fixed=True, platform="fiverr", now=MONDAY)
    return title


def paid(db: Database, contract: str, amount: str, at: datetime) -> None:
    """A milestone the client released at `at`."""
    row = add_milestone(db, contract, f"part {at:%m-%d %H}", amount=D(amount), now=at)
    release_milestone(db, row.id, at=at, now=NOW)


def statement_cost(db: Database, kind: str, cents: int, at: datetime, number: int = 1) -> None:
    """An imported statement's cost line (money out is negative on a statement)."""
    with db.write() as session:
        session.add(
            StatementLine(
                source="upwork",
                source_id=f"{kind}-{number}",
                kind=kind,
                amount_cents=-cents,
                currency="USD",
                at=at,
                bucket=BillingWeek.of(at).bucket,
                description=f"{kind} line",
            )
        )


def shown(db: Database, weeks: int = 4) -> Decimal:
    """The take-home of the last `weeks` billing weeks on the dashboard."""
    return dashboard(db, Filters(weeks=weeks), now=NOW).shown_total().take_home


def test_connects_by_count_are_priced_at_fifteen_cents(db):
    line = add_cost(db, kind="connects", count=80, at=MONDAY, note="bids", now=NOW)
    assert (line.kind, line.amount, line.currency, line.count, line.note) == (
        "connects",
        D("12.00"),
        "USD",
        80,
        "bids",
    )
    assert [(c.id, c.source, c.counted) for c in list_costs(db)] == [(line.id, "typed", True)]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"kind": "other", "amount": D("-1.00")}, "must not be negative"),
        ({"kind": "other", "amount": D("0")}, "more than zero"),
        ({"kind": "food", "amount": D("1.00")}, "unknown kind of cost “food”"),
        ({"kind": "connects", "amount": D("1.00"), "count": 3}, "not both"),
        ({"kind": "connects"}, "not both"),
        ({"kind": "membership", "count": 3}, "is for Connects"),
        ({"kind": "connects", "count": 0}, "between 1 and"),
        ({"kind": "connects", "count": 10, "currency": "EUR"}, "priced in USD"),
        ({"kind": "other", "amount": D("1.001")}, "more than two decimals"),
        ({"kind": "other", "amount": D("1.00"), "currency": "XYZ"}, "unknown currency"),
        ({"kind": "other", "amount": D("1.00"), "note": "a\x00b"}, "note"),
    ],
)
def test_bad_costs_are_refused_and_write_nothing(db, db_url, given, message):
    before = dump_url(db_url)
    with pytest.raises(UserError, match=message):
        add_cost(db, at=MONDAY, now=NOW, **given)
    assert dump_url(db_url) == before


def test_a_typed_cost_can_be_deleted_a_statement_line_cannot(db):
    line = add_cost(db, kind="other", amount=D("5.00"), at=MONDAY, now=NOW)
    statement_cost(db, "membership", 1999, MONDAY)
    assert delete_cost(db, line.id).amount == D("5.00")
    assert [c.source for c in list_costs(db)] == ["statement"]
    with pytest.raises(NotFound, match="no typed cost"):
        delete_cost(db, line.id)


def test_costs_and_withdrawal_fees_come_out_of_take_home(db):
    job = fiverr_job(db)
    paid(db, job, "500.00", MONDAY + timedelta(hours=10))  # fee 100.00, net 400.00
    update_settings(db, tax_rate="25", fee_tax_rate="20")
    add_cost(db, kind="connects", count=80, at=MONDAY + timedelta(days=8), now=NOW)
    add_cost(db, kind="membership", amount=D("19.99"), at=MONDAY + timedelta(days=9), now=NOW)
    withdraw(db, D("100.00"), method="local-bank", at=MONDAY + timedelta(days=14), now=NOW)
    board = dashboard(db, Filters(weeks=4), now=NOW)
    total = board.shown_total()
    # tax 25% of 400.00; 20% VAT on the 100.00 fee; 12.00 + 19.99 typed; 0.99 to the bank
    assert (total.net, total.tax, total.costs, total.withdrawal_fees) == (
        D("400.00"),
        D("100.00"),
        D("51.99"),
        D("0.99"),
    )
    assert total.take_home == D("247.02")
    # each week carries its own: the fee tax with the payment, the costs when paid
    assert [(p.week.label, p.money.costs, p.money.withdrawal_fees) for p in board.weeks] == [
        ("2026-W02", D("20.00"), D("0.00")),
        ("2026-W03", D("31.99"), D("0.00")),
        ("2026-W04", D("0.00"), D("0.99")),
        ("2026-W05", D("0.00"), D("0.00")),
    ]
    assert board.withdrawable == D("299.01")
    # a contract's line carries the tax on its fees, not your Connects or membership
    (line,) = board.contracts
    assert (line.money.costs, line.money.withdrawal_fees) == (D("20.00"), D("0.00"))
    filtered = dashboard(db, Filters(weeks=4, contract_id=line.contract_id), now=NOW)
    assert filtered.shown_total().costs == D("20.00")


def test_a_typed_cost_also_on_a_statement_counts_once(db):
    fiverr_job(db)
    day = MONDAY + timedelta(days=1)
    add_cost(db, kind="connects", count=80, at=day, now=NOW)
    add_cost(db, kind="connects", count=80, at=day + timedelta(hours=3), now=NOW)
    statement_cost(db, "connects", 1200, day)
    costs = list_costs(db)  # newest first: the earlier typed cost is the statement's line
    assert [(c.source, c.counted) for c in costs] == [
        ("typed", True),
        ("typed", False),
        ("statement", True),
    ]
    assert costs[1].why_not_counted == "the same cost is on an imported statement"
    assert dashboard(db, Filters(weeks=4), now=NOW).shown_total().costs == D("24.00")


def test_tax_on_fees_comes_from_one_source_per_week(db):
    job = fiverr_job(db)
    update_settings(db, fee_tax_rate="20")
    for week in range(3):
        paid(db, job, "100.00", MONDAY + timedelta(weeks=week, hours=9))  # fee 20.00 each
    # week 1: worked out (4.00); week 2: typed (3.50); week 3: the statement's (4.10)
    add_cost(db, kind="fee-tax", amount=D("3.50"), at=MONDAY + timedelta(weeks=1), now=NOW)
    add_cost(db, kind="fee-tax", amount=D("4.00"), at=MONDAY + timedelta(weeks=2), now=NOW)
    statement_cost(db, "vat", 410, MONDAY + timedelta(weeks=2, days=1))
    board = dashboard(db, Filters(weeks=4), now=NOW)
    assert [p.money.costs for p in board.weeks[:3]] == [D("4.00"), D("3.50"), D("4.10")]
    skipped = [c for c in list_costs(db) if not c.counted]
    assert [(c.kind, c.amount, c.why_not_counted) for c in skipped] == [
        ("fee-tax", D("4.00"), "the statement's VAT/GST of that week counts instead")
    ]


def test_a_refund_returns_the_tax_on_its_fee(db):
    job = fiverr_job(db)
    update_settings(db, fee_tax_rate="20")
    paid(db, job, "100.00", MONDAY + timedelta(hours=9))
    row = add_milestone(db, job, "back", amount=D("100.00"), kind="refund", now=MONDAY)
    release_milestone(db, row.id, at=MONDAY + timedelta(hours=10), now=NOW)
    total = dashboard(db, Filters(weeks=4), now=NOW).shown_total()
    assert (total.gross, total.fee, total.costs, total.take_home) == (ZERO,) * 4


payments = st.lists(
    st.tuples(st.integers(0, 6 * 24), st.integers(1, 200_000)), min_size=0, max_size=4
)
costs = st.lists(st.tuples(st.integers(0, 20 * 24), st.integers(1, 5_000)), max_size=4)


def whole_cents_take_home(
    paid_cents: list[int], tax_pct: int, fee_tax_pct: int, cost_cents: list[int], fees: int
) -> int:
    """Take-home in integer cents, worked out independently: Fiverr keeps 20% (half-up)."""
    kept = 0
    for amount in paid_cents:
        fee = (amount * 20 + 50) // 100
        net = amount - fee
        kept += net - (net * tax_pct + 50) // 100 - (fee * fee_tax_pct + 50) // 100
    return kept - sum(cost_cents) - fees


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    payments=payments,
    typed=costs,
    tax_pct=st.integers(0, 100),
    fee_tax_pct=st.integers(0, 30),
    withdraw_cents=st.integers(0, 5_000),
)
def test_take_home_matches_a_whole_cents_model(
    payments, typed, tax_pct, fee_tax_pct, withdraw_cents
):
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'c.sqlite'}")
        job = fiverr_job(db)
        update_settings(db, tax_rate=str(tax_pct), fee_tax_rate=str(fee_tax_pct))
        for hours, cents in payments:
            paid(db, job, f"{D(cents) / 100:.2f}", MONDAY + timedelta(hours=hours))
        for hours, cents in typed:
            at = MONDAY + timedelta(hours=hours)
            add_cost(db, kind="other", amount=D(cents) / 100, at=at, now=NOW)
        net = sum(cents - (cents * 20 + 50) // 100 for _, cents in payments)
        fees = 0
        if withdraw_cents > 99 and withdraw_cents + 99 <= net:
            withdraw(db, D(withdraw_cents) / 100, method="local-bank", at=NOW, now=NOW)
            fees = 99
        expected = whole_cents_take_home(
            [cents for _, cents in payments],
            tax_pct,
            fee_tax_pct,
            [cents for _, cents in typed],
            fees,
        )
        assert shown(db) * 100 == expected
        db.dispose()
