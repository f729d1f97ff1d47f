"""Dialogs save through the services and show refusals inline, staying open."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.models import Review
from app.services.clients import list_clients
from app.services.contracts import list_contracts
from app.services.settings import get_settings
from app.ui.dialogs.client import ClientDialog, ClientsDialog
from app.ui.dialogs.contract import ContractDialog
from app.ui.dialogs.end_contract import EndContractDialog
from app.ui.dialogs.settings import SettingsDialog


def contract(db, clock, title):
    """A contract by title."""
    return next(c for c in list_contracts(db, now=clock()) if c.title == title)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rate", "0", "Hourly rate must be more than zero"),
        ("rate", "-5", "Hourly rate must not be negative"),
        ("rate", "abc", "Hourly rate must be a number"),
        ("currency", "XYZ", "Unknown currency “XYZ”"),
        ("limit", "200", "Weekly limit must be more than 0 and at most 168 hours"),
        ("limit", "lots", "Weekly limit must be a number of hours"),
        ("title", "  ", "Contract title must not be empty"),
    ],
)
def test_contract_dialog_refuses_bad_values(qtbot, db, seeded, clock, field, value, message, ctx):
    dialog = ContractDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.title.setText("New work")
    dialog.rate.setText("40")
    widget = getattr(dialog, field)
    if field == "currency":
        widget.setCurrentText(value)
    else:
        widget.setText(value)
    dialog.accept()
    assert dialog.error_text().startswith(message)
    assert dialog.saved is None
    assert len(list_contracts(db)) == 2


def test_contract_dialog_adds_a_contract_with_the_platforms_schedule(qtbot, db, seeded, clock, ctx):
    dialog = ContractDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.title.setText("Data pipeline")
    dialog.platform.setCurrentIndex(dialog.platform.findData("fiverr"))
    assert dialog.schedule.currentData() == "fiverr"
    dialog.rate.setText("65")
    dialog.currency.setCurrentText("eur")
    dialog.limit.setText("25")
    dialog.accept()
    added = contract(db, clock, "Data pipeline")
    assert (added.rate, added.currency, added.platform) == (Decimal("65.00"), "EUR", "fiverr")
    assert added.weekly_limit_seconds == 25 * 3600


def test_contract_dialog_edits_rate_limit_and_schedule(qtbot, db, seeded, clock, ctx):
    dialog = ContractDialog(None, ctx, contract(db, clock, "API work"))
    qtbot.addWidget(dialog)
    assert dialog.limit.text() == "10" and not dialog.platform.isEnabled()
    dialog.rate.setText("55")
    dialog.limit.clear()
    dialog.schedule.setCurrentIndex(dialog.schedule.findData("upwork-2023"))
    dialog.accept()
    edited = contract(db, clock, "API work")
    assert edited.rate == Decimal("55.00") and edited.weekly_limit_seconds is None
    assert edited.fee_schedule == "upwork-2023"


def test_end_contract_dialog_records_both_reviews(qtbot, db, seeded, clock, ctx):
    dialog = EndContractDialog(None, ctx, contract(db, clock, "API work"))
    qtbot.addWidget(dialog)
    dialog.stars_given.setValue(5.0)
    dialog.text_given.setPlainText("Clear specs, fast answers")
    dialog.stars_received.setValue(4.5)
    dialog.text_received.setPlainText("Great work")
    dialog.accept()
    assert contract(db, clock, "API work").status == "ended"
    with db.read() as session:
        reviews = {
            r.direction: (r.stars_tenths, r.text) for r in session.scalars(select(Review)).all()
        }
    assert reviews == {"given": (50, "Clear specs, fast answers"), "received": (45, "Great work")}


def test_end_contract_dialog_refuses_half_a_star(qtbot, db, seeded, clock, ctx):
    dialog = EndContractDialog(None, ctx, contract(db, clock, "API work"))
    qtbot.addWidget(dialog)
    dialog.stars_given.setValue(0.5)
    dialog.ended_on.setDate(date(2026, 3, 5))
    dialog.accept()
    assert "stars must be between 1.0 and 5.0" in dialog.error_text().lower()


def test_client_dialog_keeps_notes_and_opening_balance(qtbot, db, seeded, clock, ctx):
    dialog = ClientDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText("Cobalt Robotics")
    dialog.billed_before.setText("1,250.00")
    dialog.notes.setPlainText("Payment verified, 4.9 stars, 30 hires")
    dialog.accept()
    client = next(c for c in list_clients(db) if c.name == "Cobalt Robotics")
    assert client.opening_balance == Decimal("1250.00")
    assert client.notes.startswith("Payment verified")
    again = ClientDialog(None, ctx)
    qtbot.addWidget(again)
    again.name.setText("cobalt robotics")
    again.accept()
    assert "already exists" in again.error_text()


def test_clients_dialog_lists_clients_with_their_notes(qtbot, db, seeded, clock, ctx):
    dialog = ClientsDialog(None, ctx)
    qtbot.addWidget(dialog)
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "Acme Ltd",
        "Bolt GmbH",
    ]
    assert "Billed before Tallyhour: 400" in dialog.details.text()


def test_settings_dialog_stores_the_profile_and_tax_percentage(ctx, qtbot, db, seeded):
    dialog = SettingsDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText("Sam Rivera")
    dialog.tax_id.setText("PT123")
    dialog.tax_rate.setText("25")
    dialog.currency.setCurrentText("EUR")
    dialog.accept()
    settings = get_settings(db)
    assert (settings.name, settings.tax_id, settings.home_currency) == (
        "Sam Rivera",
        "PT123",
        "EUR",
    )
    assert settings.tax_fraction == Decimal("0.25")
    reopened = SettingsDialog(None, ctx)
    qtbot.addWidget(reopened)
    assert reopened.tax_rate.text() == "25"
    reopened.tax_rate.setText("150")
    reopened.accept()
    assert "between 0 and 100" in reopened.error_text()
