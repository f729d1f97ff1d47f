"""Invoices in the window: created and issued from the week and contracts tabs, listed, sent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.core.weeks import BillingWeek
from app.services.clients import edit_client
from app.services.contracts import add_contract
from app.services.entries import log_entry
from app.services.invoices import create_invoice, get_invoice, issue_invoice, list_invoices
from app.services.payments import add_milestone, release_milestone
from app.ui.documents import common
from app.ui.documents.actions import DocumentActions
from app.ui.documents.invoice_dialog import InvoiceDialog
from app.ui.documents.invoice_list import InvoicesDialog
from app.ui.documents.invoice_model import InvoiceColumn, InvoicesModel
from app.ui.documents.paid import PaidOnDialog
from app.ui.documents.prompts import ComposeDialog, Confirm
from app.ui.roles import RAW_ROLE
from tests.support.mailserver import loopback_mail
from tests.ui.helpers import wait_idle, writes_done

W09, W10 = BillingWeek.parse("2026-W09"), BillingWeek.parse("2026-W10")


@pytest.fixture(autouse=True)
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Saved PDFs are "opened" into this list instead of a real viewer."""
    paths: list[Path] = []
    monkeypatch.setattr(common, "open_document", lambda path: paths.append(path) or True)
    monkeypatch.setattr(common, "_last_folder", None)
    return paths


@pytest.fixture
def last_week(db, seeded, clock) -> None:
    """Five hours on API work in the week before (2026-W09)."""
    start = W09.starts_at.replace(hour=9)
    log_entry(db, seeded.upwork_id, start, start.replace(hour=14), memo="setup", now=clock())


def documents(window: Any) -> DocumentActions:
    """The window's document actions."""
    found = window.findChild(DocumentActions)
    assert isinstance(found, DocumentActions)
    return found


def create(qtbot, window, dialog: InvoiceDialog) -> None:
    """Press Create invoice and wait for the worker."""
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.activity.text() == "Creating the invoice…" and dialog.tasks.busy()
    wait_idle(qtbot, window)


def test_an_invoice_is_created_issued_and_saved_from_the_week_view(
    qtbot, make_window, db, seeded, monkeypatch, tmp_path, opened
):
    window = make_window()
    qtbot.mouseClick(window.week_view.buttons.invoice, Qt.MouseButton.LeftButton)
    dialog = documents(window).invoice_dialog
    assert isinstance(dialog, InvoiceDialog) and dialog.isVisible()
    assert dialog.chosen_contract().id == seeded.upwork_id
    assert dialog.source.week_choice.isChecked() and "2026-W10" in dialog.source.week_choice.text()
    assert not dialog.save_button.isVisible()
    dialog.tax.setText("10")
    dialog.group_by.setCurrentIndex(dialog.group_by.findData("memo"))
    create(qtbot, window, dialog)
    info = dialog.invoice
    assert info is not None and (info.number, info.status) == ("INV-2026-0001", "issued")
    assert (info.subtotal, info.tax, info.total) == (
        Decimal("500.00"),
        Decimal("50.00"),
        Decimal("550.00"),
    )
    assert "Invoice INV-2026-0001" in dialog.summary.text() and "$550.00" in dialog.summary.text()
    assert window.banner.text().startswith("Invoice INV-2026-0001 issued: $550.00")
    assert dialog.save_button.isVisible() and dialog.send_button.isEnabled()
    target = tmp_path / "inv.pdf"
    monkeypatch.setattr(common, "ask_save_path", lambda *_args, db: target)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: opened == [target], timeout=10_000)
    assert target.read_bytes()[:5] == b"%PDF-"


def test_a_draft_is_kept_when_asked_and_issued_later_from_the_list(qtbot, make_window, db, seeded):
    window = make_window()
    dialog = documents(window).invoice(seeded.upwork_id)
    dialog.issue.setChecked(False)
    create(qtbot, window, dialog)
    assert dialog.invoice is not None and dialog.invoice.status == "draft"
    assert not dialog.send_button.isEnabled()
    dialog.close()
    window.actions_by_name["invoices"].trigger()  # Documents → Invoices…
    listing = documents(window).invoices_dialog
    assert isinstance(listing, InvoicesDialog)
    listing.table.selectRow(0)
    assert listing.issue_button.isEnabled() and not listing.send_button.isEnabled()
    qtbot.mouseClick(listing.issue_button, Qt.MouseButton.LeftButton)
    writes_done(window)
    assert listing.selected().number == "INV-2026-0001"
    assert listing.activity.text() == "Issued INV-2026-0001."


def test_milestones_are_invoiced_from_the_contracts_tab(qtbot, make_window, db, seeded, clock):
    fixed = add_contract(db, "Logo", client=seeded.client_id, fixed=True, now=clock())
    first = add_milestone(db, fixed.id, "Concepts", amount=Decimal("400"), now=clock())
    add_milestone(db, fixed.id, "Final files", amount=Decimal("600"), now=clock())  # funded only
    release_milestone(db, first.id, now=clock())
    window = make_window()
    view = window.contracts_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    view.select_contract(fixed.id)
    view.request_invoice()
    dialog = documents(window).invoice_dialog
    assert dialog is not None and dialog.chosen_contract().id == fixed.id
    source = dialog.source
    assert source.milestones_choice.isChecked() and not source.week_choice.isEnabled()
    assert source.milestones.count() == 1 and source.checked_milestones() == [first.id]
    assert not dialog.group_by.isEnabled()
    create(qtbot, window, dialog)
    assert dialog.invoice is not None and dialog.invoice.total == Decimal("400.00")
    assert [line.description for line in dialog.invoice.lines] == ["Concepts"]


def test_refusals_are_shown_and_nothing_is_created(qtbot, make_window, db, seeded, clock):
    window = make_window()
    dialog = documents(window).invoice(seeded.upwork_id)
    dialog.tax.setText("lots")
    create_clicked = dialog.create_button
    qtbot.mouseClick(create_clicked, Qt.MouseButton.LeftButton)
    assert dialog.activity.text().startswith("Tax rate must be a percentage like 10 or 12.5")
    dialog.tax.setText("0")
    issue_invoice(db, create_invoice(db, seeded.upwork_id, week=W10, now=clock()).id, now=clock())
    create(qtbot, window, dialog)
    assert "is already billed on invoice INV-2026-0001" in dialog.activity.text()
    assert dialog.invoice is None and len(list_invoices(db)) == 1
    dialog.source.dates_choice.setChecked(True)
    dialog.source.end.setDate(dialog.source.start.date().addDays(-1))
    qtbot.mouseClick(create_clicked, Qt.MouseButton.LeftButton)
    assert dialog.activity.text() == "The last day must not be before the first."


def test_the_list_marks_paid_voids_keeping_the_number_and_deletes_drafts(
    qtbot, make_window, db, seeded, clock, last_week, dialogs, monkeypatch
):
    first = issue_invoice(
        db, create_invoice(db, seeded.upwork_id, week=W09, now=clock()).id, now=clock()
    )
    second = issue_invoice(
        db, create_invoice(db, seeded.upwork_id, week=W10, now=clock()).id, now=clock()
    )
    dialogs.replace(monkeypatch, Confirm, "confirm")
    dialogs.replies["confirm"] = True
    window = make_window()
    listing = documents(window).invoices()
    model = listing.model
    assert [model.index(row, InvoiceColumn.NUMBER).data() for row in range(2)] == [
        "INV-2026-0001",
        "INV-2026-0002",
    ]
    assert model.index(0, InvoiceColumn.CLIENT).data() == "Acme Ltd"
    assert model.index(0, InvoiceColumn.TOTAL).data() == "$250.00"
    assert model.index(0, InvoiceColumn.ISSUED).data() == "5 Mar 2026"
    assert model.index(0, InvoiceColumn.DUE).data() == "19 Mar 2026"
    listing.select_invoice(first.id)
    dialogs.replace(monkeypatch, PaidOnDialog, "paid_on")
    dialogs.replies["paid_on"] = lambda _parent, issued_on, today: today  # the default
    qtbot.mouseClick(listing.paid_button, Qt.MouseButton.LeftButton)
    writes_done(window)
    assert get_invoice(db, first.id).status == "paid"
    assert model.index(0, InvoiceColumn.STATUS).data() == "Paid 5 Mar 2026"
    assert dialogs.calls["paid_on"][0][1:] == (date(2026, 3, 5), date(2026, 3, 5))
    assert listing.paid_button.text() == "Mark un&paid"
    qtbot.mouseClick(listing.paid_button, Qt.MouseButton.LeftButton)  # a mistake: undo it
    writes_done(window)
    assert (get_invoice(db, first.id).status, get_invoice(db, first.id).paid_on) == (
        "issued",
        None,
    )
    qtbot.mouseClick(listing.paid_button, Qt.MouseButton.LeftButton)
    writes_done(window)
    assert get_invoice(db, first.id).status == "paid"
    listing.select_invoice(second.id)
    qtbot.mouseClick(listing.void_button, Qt.MouseButton.LeftButton)
    writes_done(window)
    assert (get_invoice(db, second.id).status, get_invoice(db, second.id).number) == (
        "void",
        "INV-2026-0002",
    )
    assert listing.activity.text() == "Voided INV-2026-0002; its number stays taken."
    # The voided week can be billed again, under the next number: none is reused.
    again = documents(window).invoice(seeded.upwork_id)
    create(qtbot, window, again)
    assert again.invoice is not None and again.invoice.number == "INV-2026-0003"
    again.close()
    start = W10.starts_at.replace(hour=18)
    log_entry(db, seeded.direct_id, start, start.replace(hour=20), now=clock())
    draft = create_invoice(db, seeded.direct_id, period=(W10.starts_at, W10.ends_at), now=clock())
    listing.reload()
    assert listing.count.text() == "4 invoices"
    listing.show_only.setCurrentIndex(listing.show_only.findData("void"))
    assert listing.proxy.rowCount() == 1
    listing.show_only.setCurrentIndex(0)
    listing.select_invoice(draft.id)
    qtbot.mouseClick(listing.delete_button, Qt.MouseButton.LeftButton)
    writes_done(window)
    assert [info.id for info in list_invoices(db)] == [first.id, second.id, again.invoice.id]


def test_an_invoice_is_sent_from_the_list_through_a_real_smtp_server(
    qtbot, make_window, db, seeded, clock, dialogs, monkeypatch
):
    edit_client(db, seeded.client_id, email="billing@acme.example")
    info = issue_invoice(
        db, create_invoice(db, seeded.upwork_id, week=W10, now=clock()).id, now=clock()
    )
    dialogs.replace(monkeypatch, ComposeDialog, "compose")
    dialogs.replies["compose"] = lambda _parent, draft, _attachment: draft
    with loopback_mail(db) as (port, inbox):
        window = make_window()
        listing = documents(window).invoices()
        listing.select_invoice(info.id)
        qtbot.mouseClick(listing.send_button, Qt.MouseButton.LeftButton)
        assert not listing.send_button.isEnabled() and listing.tasks.busy()
        qtbot.waitUntil(lambda: not listing.tasks.busy(), timeout=10_000)
    [message] = inbox.messages
    assert message["Subject"] == "Invoice INV-2026-0001 – API work"
    [pdf] = list(message.iter_attachments())
    assert pdf.get_filename() == "invoice-INV-2026-0001.pdf"
    assert dialogs.calls["compose"][0][2] == "invoice-INV-2026-0001.pdf"
    assert window.banner.text() == "Sent invoice-INV-2026-0001.pdf to billing@acme.example."


def test_the_invoices_model_passes_the_model_tester(qtmodeltester, db, seeded, clock, last_week):
    issue_invoice(db, create_invoice(db, seeded.upwork_id, week=W09, now=clock()).id, now=clock())
    create_invoice(db, seeded.upwork_id, week=W10, now=clock())
    model = InvoicesModel()
    model.load(list_invoices(db), clock().date())
    qtmodeltester.check(model)
    assert model.index(0, InvoiceColumn.TOTAL).data(RAW_ROLE) == 25_000
    assert model.index(1, InvoiceColumn.NUMBER).data() == "Draft #2"


def test_invoices_need_a_contract(qtbot, make_window, db):
    window = make_window(start=False)
    assert documents(window).invoice(None) is None
    assert window.banner.text() == "Add a contract first: invoices bill a contract."


def test_issuing_without_a_name_and_address_asks_for_them_first(
    qtbot, make_window, db, seeded, dialogs, monkeypatch
):
    from app.services.settings import get_settings, update_settings
    from app.ui.dialogs.settings import SettingsDialog

    update_settings(db, name="", address="")
    asked: list[dict] = []

    def fill_in(_parent, ctx, **options):
        asked.append(options)
        return ctx.wait(lambda: update_settings(ctx.db, name="Sam Rivera", address="1 Main Street"))

    dialogs.replace(monkeypatch, SettingsDialog, "settings")
    dialogs.replies["settings"] = lambda *_args, **kwargs: None  # first: cancelled
    window = make_window()
    dialog = documents(window).invoice(seeded.upwork_id)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.activity.text() == "Not created: an issued invoice needs your name and address."
    assert list_invoices(db) == []
    dialogs.replies["settings"] = fill_in
    create(qtbot, window, dialog)
    assert asked[0]["page"] == "profile" and "name and address" in asked[0]["intro"]
    assert dialog.invoice is not None and dialog.invoice.number == "INV-2026-0001"
    assert dialog.invoice.seller.name == "Sam Rivera"
    assert get_settings(db).address == "1 Main Street"
