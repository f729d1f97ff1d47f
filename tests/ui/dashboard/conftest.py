"""The hand-made books of tests/services/test_dashboard.py, and dashboard views on them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from app.core.clock import fixed_clock
from app.models.database import Database
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.entries import log_entry
from app.services.payments import add_milestone, release_milestone, withdraw
from app.services.settings import update_settings
from app.ui import formatting
from app.ui.dashboard import DashboardView
from tests.ui.dashboard.helpers import NOW

D = Decimal


def at(day: int, hour: int) -> datetime:
    """An instant in March 2026 (UTC)."""
    return datetime(2026, 3, day, hour, tzinfo=UTC)


@pytest.fixture
def books(db: Database) -> Database:
    """Acme (upwork-2016, 450.00 billed before) on API, Shop on a Fiverr logo, Euro in EUR."""
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
    withdraw(db, D("500"), method="local-bank", at=at(12, 9), now=NOW)
    return db


@pytest.fixture(autouse=True)
def english() -> None:
    """Money and dates as an en_US user sees them."""
    formatting.set_locale("en_US")


@pytest.fixture
def make_view(qtbot: Any, books: Database) -> Iterator[Callable[..., DashboardView]]:
    """Dashboard views on the books with the clock pinned to NOW; shown and loaded by default."""
    made: list[DashboardView] = []

    def build(*, show: bool = True) -> DashboardView:
        view = DashboardView(books, fixed_clock(NOW))
        qtbot.addWidget(view)
        made.append(view)
        view.resize(1100, 1200)
        if show:
            view.show()
            with qtbot.waitSignal(view.refreshed, timeout=10_000):
                view.refresh()
        return view

    yield build
    for view in made:
        view.shutdown()
