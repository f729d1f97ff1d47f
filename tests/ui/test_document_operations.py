"""The documents, the import and the reconcile view write on the window's writer thread, never on the GUI thread.

A recorder in `Database.write_guard` notes, for every write transaction begun, whether it
began on the main (GUI) thread; the window's operations must only ever write elsewhere.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.models.database import Database
from app.services.invoices import create_invoice, get_invoice
from app.services.timesheets import get_timesheet
from app.ui.documents.actions import DocumentActions
from app.ui.documents.invoice_list import InvoicesDialog
from app.ui.documents.paid import PaidOnDialog
from app.ui.documents.prompts import NoteDialog
from app.ui.documents.timesheet_dialog import TimesheetDialog
from app.ui.import_wizard import ImportWizard
from app.ui.reconcile_view import ReconcileDialog
from app.ui.week_model import WeekColumn
from tests.importers.exports import watson_file, watson_frames
from tests.importers.reconcile_books import plant_books
from tests.ui.helpers import wait_idle, writes_done

W10 = BillingWeek.parse("2026-W10")


def on_gui_thread(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each write begun from now on: whether it began on the GUI thread."""
    seen: list[bool] = []

    def record() -> None:
        seen.append(threading.current_thread() is threading.main_thread())

    monkeypatch.setattr(Database, "write_guard", staticmethod(record))
    return seen


def documents(window: Any) -> DocumentActions:
    """The window's document actions."""
    found = window.findChild(DocumentActions)
    assert isinstance(found, DocumentActions)
    return found


def test_issuing_and_paying_an_invoice_from_the_list_write_off_the_gui_thread(
    qtbot, make_window, db, seeded, clock, dialogs, monkeypatch
):
    draft = create_invoice(db, seeded.upwork_id, week=W10, now=clock())
    window = make_window()
    writes_done(window)
    seen = on_gui_thread(monkeypatch)
    listing = documents(window).invoices()
    assert isinstance(listing, InvoicesDialog)
    listing.select_invoice(draft.id)
    qtbot.mouseClick(listing.issue_button, Qt.MouseButton.LeftButton)
    assert not listing.issue_button.isEnabled()  # no second press while it is written
    writes_done(window)
    assert get_invoice(db, draft.id).number == "INV-2026-0001"
    assert listing.selected().status == "issued"
    dialogs.replace(monkeypatch, PaidOnDialog, "paid_on")
    dialogs.replies["paid_on"] = lambda _parent, _issued, today: today
    qtbot.mouseClick(listing.paid_button, Qt.MouseButton.LeftButton)
    writes_done(window)
    assert get_invoice(db, draft.id).status == "paid"
    assert listing.activity.text().startswith("Marked INV-2026-0001 paid on")
    assert seen and not any(seen)


def test_a_refused_change_shows_in_the_list_and_the_buttons_come_back(
    qtbot, make_window, db, seeded, clock, monkeypatch
):
    draft = create_invoice(db, seeded.upwork_id, week=W10, now=clock())
    window = make_window()
    listing = documents(window).invoices()
    listing.select_invoice(draft.id)

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise UserError("the invoice changed meanwhile")

    monkeypatch.setattr("app.ui.documents.invoice_list.delete_invoice", refuse)
    monkeypatch.setattr("app.ui.documents.invoice_list.Confirm.ask", lambda *_a: True)
    listing.delete()
    writes_done(window)
    assert listing.activity.text() == "The invoice changed meanwhile."
    assert listing.delete_button.isEnabled() and not listing.working
    assert get_invoice(db, draft.id).status == "draft"


def test_approving_and_unlocking_a_timesheet_write_off_the_gui_thread(
    qtbot, make_window, db, seeded, dialogs, monkeypatch
):
    window = make_window()
    writes_done(window)
    seen = on_gui_thread(monkeypatch)
    dialogs.replace(monkeypatch, NoteDialog, "note")
    dialogs.replies["note"] = lambda *_args, **kwargs: kwargs["action"]("Fine by us")
    qtbot.mouseClick(window.week_view.buttons.timesheet, Qt.MouseButton.LeftButton)
    dialog = documents(window).timesheet_dialog
    assert isinstance(dialog, TimesheetDialog)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert dialog.status_name() == "approved"  # the note dialog waited for the write
    writes_done(window)
    status = window.week_view.model.index(1, WeekColumn.STATUS).data()
    assert status.startswith("Locked")  # the week view read the change again
    monkeypatch.setattr("app.ui.documents.timesheet_dialog.Confirm.ask", lambda *_a: True)
    dialog.unlock()
    writes_done(window)
    assert get_timesheet(db, seeded.upwork_id, W10).locked is False
    assert dialog.status_name() == "draft"
    assert seen and not any(seen)


def test_an_import_from_the_wizard_lands_through_the_writer_and_the_views_show_it(
    qtbot, make_window, db, seeded, tmp_path: Path, monkeypatch
):
    window = make_window()
    writes_done(window)
    seen = on_gui_thread(monkeypatch)
    frames = watson_frames(30, start=datetime(2026, 1, 5, 8, 0, tzinfo=UTC), projects=1)
    path = watson_file(tmp_path / "frames", frames)
    announced: list[object] = []
    window.ctx.changed.connect(lambda _changes, initiator: announced.append(initiator))

    def ask(parent: Any, ctx: Any) -> Any:
        wizard = ImportWizard(parent, ctx)
        qtbot.addWidget(wizard)
        wizard.format.setCurrentText("watson")
        wizard.path.setText(str(path))
        wizard.preview_button.click()
        qtbot.waitUntil(wizard.import_button.isEnabled, timeout=20_000)
        wizard.import_button.click()
        qtbot.waitUntil(lambda: wizard.imported is not None, timeout=20_000)
        # The writer says what the import changed, naming the wizard that asked for it.
        qtbot.waitUntil(lambda: wizard in announced, timeout=5_000)
        return wizard.imported

    monkeypatch.setattr(ImportWizard, "ask", staticmethod(ask))
    window.actions_by_name["import"].trigger()
    wait_idle(qtbot, window)
    model = window.contracts_view.model
    titles = [model.row(number).contract.title for number in range(model.rowCount())]
    assert "project-0" in titles
    assert seen and not any(seen)


def test_adopting_the_charged_rate_writes_through_the_windows_writer(
    qtbot, db, ctx, tmp_path: Path, monkeypatch
):
    plant_books(db, tmp_path)
    seen = on_gui_thread(monkeypatch)
    announced: list[object] = []
    ctx.changed.connect(lambda _changes, initiator: announced.append(initiator))
    dialog = ReconcileDialog(None, ctx, lambda _week, _contract: None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.reconciled is not None, timeout=10_000)
    assert dialog.ctx is ctx and dialog.reconciled.drifts
    dialog.adopt.click()
    assert not dialog.adopt.isEnabled()  # no second press while it is written
    qtbot.waitUntil(lambda: dialog.changed and not dialog.reconciled.drifts, timeout=10_000)
    qtbot.waitUntil(lambda: dialog in announced, timeout=5_000)
    assert seen and not any(seen)
