"""A refund of a fixed payment that paid a minimum fee returns the fee that was charged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.dashboard import Filters, dashboard
from app.services.payments import add_milestone, release_milestone

D = Decimal
MONDAY = datetime(2026, 1, 5, tzinfo=UTC)
NOW = MONDAY + timedelta(days=10)


def released(db, kind: str, amount: str, at: datetime) -> None:
    """A milestone (or refund) on the Freelancer.com job, released at `at`."""
    row = add_milestone(db, "Banner", f"{kind} {at:%H}", amount=D(amount), kind=kind, now=at)
    release_milestone(db, row.id, at=at, now=NOW)


def test_a_refunded_minimum_fee_comes_back_whole(db):
    add_client(db, "Shop", now=MONDAY)
    add_contract(db, "Banner", client="Shop", fixed=True, platform="freelancer", now=MONDAY)
    released(db, "milestone", "30.00", MONDAY + timedelta(hours=9))  # 10% is 3.00: 5.00 minimum
    released(db, "milestone", "100.00", MONDAY + timedelta(hours=10))  # 10.00
    board = dashboard(db, Filters(weeks=2), now=NOW)
    assert board.shown_total().fee == D("15.00")
    released(db, "refund", "100.00", MONDAY + timedelta(hours=11))  # undoes the latest: 10.00
    released(db, "refund", "30.00", MONDAY + timedelta(hours=12))  # then the first: 5.00
    total = dashboard(db, Filters(weeks=2), now=NOW).shown_total()
    assert (total.gross, total.fee, total.net) == (D("0.00"), D("0.00"), D("0.00"))
