"""The hand-made books of tests/services/test_dashboard.py, and dashboard views on them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest

from app.core.clock import fixed_clock
from app.models.database import Database
from app.ui import formatting
from app.ui.dashboard import DashboardView
from tests.support.books import fill_books
from tests.ui.dashboard.helpers import NOW


@pytest.fixture
def books(db: Database) -> Database:
    """Acme (upwork-2016, 450.00 billed before) on API, Shop on a Fiverr logo, Euro in EUR."""
    return fill_books(db)


@pytest.fixture(autouse=True)
def english() -> None:
    """Money and dates as an en_US user sees them."""
    formatting.set_locale("en_US")


@pytest.fixture
def make_view(qtbot: Any, books: Database) -> Iterator[Callable[..., DashboardView]]:
    """Dashboard views on the books with the clock pinned to NOW; shown and loaded by default."""
    made: list[DashboardView] = []

    def build(*, show: bool = True, now: datetime = NOW) -> DashboardView:
        view = DashboardView(books, fixed_clock(now))
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
