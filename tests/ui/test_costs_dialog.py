"""Money → Costs…: record and delete costs, see which count, set the tax on fees."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.core.weeks import BillingWeek
from app.models import StatementLine
from app.services.costs import add_cost, list_costs
from app.services.settings import get_settings
from app.ui.money.costs import CostsDialog
from app.ui.money.models import CostColumn
from tests.support.dumps import dump_url

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)


@pytest.fixture
def dialog(qtbot, db, clock, ctx):
    """The costs dialog, closed after the test."""
    shown = CostsDialog(None, ctx)
    qtbot.addWidget(shown)
    return shown


def cells(model, row):
    """The texts of one row of the costs table."""
    return [model.index(row, column).data() for column in CostColumn]


def choose(combo, data):
    """Pick a combo box item by its data."""
    combo.setCurrentIndex(combo.findData(data))


def test_connects_recorded_by_count_are_priced_and_listed(qtbot, qtmodeltester, db, dialog):
    choose(dialog.kind, "connects")
    dialog.count.setText("80")
    dialog.at.setText("2026-03-02")
    assert dialog.preview.text() == "Connects: $12.00 off your take-home."
    dialog.record()
    [line] = list_costs(db)
    assert (line.kind, line.amount, line.count, line.at) == (
        "connects",
        Decimal("12.00"),
        80,
        MONDAY,
    )
    assert cells(dialog.model, 0) == [
        "Mon 2 Mar 2026",
        "Connects (80)",
        "",
        "Typed",
        "$12.00",
        "Yes",
    ]
    assert dialog.feedback.text() == "Recorded Connects of $12.00."
    assert dialog.totals.text() == "Costs that count: $12.00"
    assert dialog.changed and dialog.count.text() == ""
    qtmodeltester.check(dialog.model)


def test_a_membership_by_amount_and_its_deletion(db, dialog):
    choose(dialog.kind, "membership")
    assert not dialog.count.isEnabled()  # a number is for Connects only
    dialog.amount.setText("19.99")
    dialog.note.setText("Freelancer Plus")
    dialog.record()
    assert [(c.kind, c.amount, c.note) for c in list_costs(db)] == [
        ("membership", Decimal("19.99"), "Freelancer Plus")
    ]
    dialog.table.selectRow(0)
    dialog.delete_selected()
    assert list_costs(db) == []
    assert dialog.feedback.text() == "Deleted Membership of $19.99."
    assert dialog.totals.text() == "No costs yet."


@pytest.mark.parametrize(
    ("amount", "count", "day", "message"),
    [
        ("-5", "", "2026-03-02", "Amount must not be negative"),
        ("5", "3", "2026-03-02", "Give the cost as an amount or as a number of Connects, not both"),
        ("", "", "2026-03-02", "Type the amount"),
        ("5", "", "2026-02-30", "Date must be a date like 2026-03-02"),
        ("1e3", "", "2026-03-02", "Amount must be a number like 1250.50"),
        ("", "lots", "2026-03-02", "The number of Connects must be a whole number"),
    ],
)
def test_a_refused_cost_records_nothing_and_the_layout_stays(
    qtbot, db, db_url, dialog, amount, count, day, message
):
    choose(dialog.kind, "connects")
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dump_url(db_url)
    height = dialog.preview.height(), dialog.table.geometry()
    assert dialog.table.geometry().height() > 100
    dialog.amount.setText(amount)
    dialog.count.setText(count)
    dialog.at.setText(day)
    dialog.record()
    assert dialog.feedback.error_text().startswith(message)
    assert dump_url(db_url) == before and not dialog.changed
    assert (dialog.preview.height(), dialog.table.geometry()) == height
    qtbot.keyClick(dialog.note, Qt.Key.Key_A)  # typing in a field takes the refusal away
    assert dialog.feedback.error_text() == ""


def test_a_typed_cost_on_a_statement_is_shown_as_not_counted(db, dialog):
    add_cost(db, kind="connects", count=80, at=MONDAY, now=MONDAY)
    with db.write() as session:
        session.add(
            StatementLine(
                source="upwork",
                source_id="c-1",
                kind="connects",
                amount_cents=-1200,
                currency="USD",
                at=MONDAY,
                bucket=BillingWeek.of(MONDAY).bucket,
                description="Connects",
            )
        )
    dialog.reload()
    rows = [cells(dialog.model, row) for row in range(dialog.model.rowCount())]
    assert [(r[CostColumn.SOURCE], r[CostColumn.COUNTS]) for r in rows] == [
        ("Typed", "No"),
        ("Statement", "Yes"),
    ]
    tip = dialog.model.index(0, CostColumn.COUNTS).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Not counted: the same cost is on an imported statement."
    assert dialog.totals.text() == "Costs that count: $12.00"
    dialog.table.selectRow(1)
    dialog.delete_selected()  # a statement line stays as imported
    assert dialog.feedback.error_text().startswith("Select a typed cost")
    assert len(list_costs(db)) == 2


def test_the_tax_on_fees_is_saved_as_a_percentage(db, dialog):
    dialog.fee_tax.setText("20")
    dialog.save_fee_tax()
    assert get_settings(db).fee_tax_fraction == Decimal("0.2")
    assert dialog.feedback.text() == "Tax on the marketplace's fee set to 20%."
    dialog.fee_tax.setText("120")
    dialog.save_fee_tax()
    assert dialog.feedback.error_text() == "Tax on fees must be between 0 and 100 percent"
    assert get_settings(db).fee_tax_fraction == Decimal("0.2")
