"""The reconcile view: weeks as rows, differences highlighted, a double-click opens the week."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.core.weeks import BillingWeek
from app.models.database import Database
from app.ui.context import AppContext
from app.ui.reconcile_view import Column, ReconcileDialog
from app.ui.roles import RAW_ROLE
from tests.importers.reconcile_books import monday, plant_books


@pytest.fixture
def view(
    qtbot: Any, db: Database, ctx: AppContext, tmp_path: Path
) -> tuple[ReconcileDialog, list[Any]]:
    """The view on the planted books, recording the weeks it opens."""
    plant_books(db, tmp_path)
    opened: list[Any] = []
    dialog = ReconcileDialog(None, ctx, lambda week, cid: opened.append((week, cid)))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 7, timeout=10_000)
    return dialog, opened


def test_weeks_are_rows_and_only_differences_are_highlighted(qtmodeltester: Any, view) -> None:
    dialog, _ = view
    model = dialog.model
    qtmodeltester.check(model)
    statuses = [model.index(r, Column.STATUS).data() for r in range(model.rowCount())]
    assert statuses[0] == "match" and "short-paid" in statuses
    match, short = statuses.index("match"), statuses.index("short-paid")
    background = Qt.ItemDataRole.BackgroundRole
    assert model.index(match, Column.BILLED).data(background) is None
    assert model.index(short, Column.BILLED).data(background) is not None
    assert model.index(short, Column.BILLED).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(short, Column.TRACKED).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(short, Column.BILLED).data(RAW_ROLE) == 32000
    assert "6 with differences" in dialog.summary.text()


def test_a_double_click_opens_the_week(qtbot: Any, view) -> None:
    dialog, opened = view
    index = dialog.proxy.index(1, Column.WEEK)
    dialog.table.doubleClicked.emit(index)
    assert opened and opened[0][0] == BillingWeek(monday(2))


def test_the_fee_drift_alert_and_its_fix(qtbot: Any, view) -> None:
    dialog, _ = view
    assert dialog.drift.isVisibleTo(dialog) and "12.5%" in dialog.drift.text()
    assert "in 1 week since 2026-W06" in dialog.drift.text()
    dialog.adopt.click()
    qtbot.waitUntil(lambda: dialog.changed and not dialog.reconciled.drifts, timeout=10_000)
    assert not dialog.drift.isVisibleTo(dialog)


def test_the_money_menu_opens_the_view_and_a_week_opens_in_the_week_view(
    qtbot: Any, make_window: Any, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant_books(db, tmp_path)
    window = make_window()

    def ask(parent: Any, ctx: AppContext, open_week: Any) -> bool:
        open_week(BillingWeek(monday(3)), 1)
        return False

    monkeypatch.setattr(ReconcileDialog, "ask", staticmethod(ask))
    window.actions_by_name["money_reconcile"].trigger()
    assert window.week_view.week == BillingWeek(monday(3))
    assert window.tabs.currentWidget() is window.week_view
