"""The small hand-made books behind the dashboard tests, every number worked out by hand.

Acme (upwork-2016, 450.00 billed before) on API, Shop on a Fiverr logo, Euro in EUR;
the clock stands at Thursday 2026-03-19 15:00 UTC (billing week 2026-W12).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.models.database import Database
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.entries import log_entry
from app.services.payments import add_milestone, release_milestone, withdraw
from app.services.settings import update_settings

NOW = datetime(2026, 3, 19, 15, 0, tzinfo=UTC)
D = Decimal


def at(day: int, hour: int) -> datetime:
    """An instant in March 2026 (UTC)."""
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def fill_books(db: Database) -> Database:
    """Write the books into an empty database; returns it."""
    update_settings(db, tax_rate="25")
    add_client(db, "Acme", billed_before=D("450"), now=NOW)
    add_contract(
        db,
        "API",
        client="Acme",
        hourly_rate=D("100"),
        platform="upwork",
        fee_schedule="upwork-2016",
        weekly_limit_hours=D("10"),
        now=NOW,
    )
    add_client(db, "Shop", now=NOW)
    add_contract(db, "Logo", client="Shop", fixed=True, platform="fiverr", now=NOW)
    add_client(db, "Euro", now=NOW)
    add_contract(db, "EU", client="Euro", hourly_rate=D("50"), currency="EUR", now=NOW)
    log_entry(db, "API", at(2, 9), at(2, 12), memo="w10", now=NOW)  # 3 h = 300.00
    log_entry(db, "API", at(10, 6), at(10, 12), now=NOW)  # W11: 6 h
    log_entry(db, "API", at(11, 6), at(11, 12), now=NOW)  # W11: 6 h more, 10 h billable
    log_entry(db, "API", at(18, 9), at(18, 10), now=NOW)  # W12: 1 h = 100.00
    log_entry(db, "EU", at(17, 9), at(17, 11), now=NOW)  # W12: 100.00 EUR
    milestone = add_milestone(db, "Logo", "Logo draft", amount=D("200"), now=NOW)
    release_milestone(db, milestone.id, at=at(11, 12), now=NOW)
    # 425.00 is available by the 18th (W10 net 265.00, the logo 160.00).
    withdraw(db, D("400"), method="local-bank", at=at(18, 8), now=NOW)
    return db


def fund(db: Database, amount: Decimal, *, by: datetime, currency: str = "USD") -> None:
    """Money available to withdraw by `by`: a direct client's payment (no fee), released
    ten days before (a withdrawal can never exceed what was earned and is available)."""
    add_client(db, f"Paid {currency}", now=by)
    add_contract(
        db, f"Paid {currency}", client=f"Paid {currency}", fixed=True, currency=currency, now=by
    )
    paid = add_milestone(db, f"Paid {currency}", "Paid before", amount=amount, now=by)
    release_milestone(db, paid.id, at=by - timedelta(days=10), now=by)
