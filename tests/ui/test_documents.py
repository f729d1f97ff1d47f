"""Timesheets in the window: PDF saved and opened, sent by e-mail off the GUI thread, approval."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt

from app.core.weeks import BillingWeek
from app.services.clients import edit_client
from app.services.contracts import add_contract
from app.services.sending import Draft
from app.services.timesheets import get_timesheet, mark_sent
from app.ui.dialogs.settings import SettingsDialog
from app.ui.documents import common
from app.ui.documents.actions import DocumentActions
from app.ui.documents.prompts import ComposeDialog, Confirm, NoteDialog, PasswordDialog
from app.ui.documents.timesheet_dialog import TimesheetDialog
from app.ui.week_model import WeekColumn
from tests.support.mailserver import PASSWORD, USER, loopback_mail, point_mail_at, smtp_server
from tests.ui.helpers import writes_done

W10 = BillingWeek.parse("2026-W10")
PDF_NAME = "timesheet-API-work-2026-W10.pdf"


@pytest.fixture(autouse=True)
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Saved PDFs are "opened" into this list instead of a real viewer."""
    paths: list[Path] = []

    def record(path: Path) -> bool:
        paths.append(path)
        return True

    monkeypatch.setattr(common, "open_document", record)
    monkeypatch.setattr(common, "_last_folder", None)  # no folder remembered from other tests
    return paths


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Answer the save dialog with a path; records what it suggested."""
    suggested: list[str] = []

    def choose(path: Path) -> list[str]:
        def fake(_parent: Any, _caption: str, start: Path, _filter: str, *, db: Any) -> Path:
            suggested.append(str(start))
            return path

        monkeypatch.setattr(common, "ask_save_path", fake)
        return suggested

    return choose


@pytest.fixture
def mailbox(db, seeded) -> Iterator[Any]:
    """A loopback SMTP server, its settings saved, the password in a memory keyring."""
    edit_client(db, seeded.client_id, email="billing@acme.example")
    with loopback_mail(db) as (port, inbox):
        inbox.port = port
        yield inbox


def open_timesheet(qtbot, window) -> TimesheetDialog:
    """Press the week view's Timesheet… button and return the dialog it opened."""
    qtbot.mouseClick(window.week_view.buttons.timesheet, Qt.MouseButton.LeftButton)
    dialog = window.findChild(DocumentActions).timesheet_dialog
    assert isinstance(dialog, TimesheetDialog) and dialog.isVisible()
    return dialog


def test_a_timesheet_pdf_is_saved_from_the_week_view_and_opened(
    qtbot, make_window, seeded, save_as, opened, tmp_path
):
    window = make_window()
    dialog = open_timesheet(qtbot, window)
    assert dialog.contract_id() == seeded.upwork_id and dialog.week == W10
    assert dialog.status_name() == "draft" and dialog.status.text() == "Draft"
    assert "11:00 h tracked" in dialog.status.figures.text()
    assert "$500.00" in dialog.status.figures.text()
    suggested, documents = save_as(tmp_path / "week10.pdf"), common.documents_folder()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: opened == [tmp_path / "week10.pdf"], timeout=10_000)
    assert Path(suggested[0]) == documents / PDF_NAME
    assert common.documents_folder() == tmp_path  # the next save starts where this one went
    assert (tmp_path / "week10.pdf").read_bytes()[:5] == b"%PDF-"
    assert dialog.activity.text() == f"Saved week10.pdf in {tmp_path}."
    assert window.banner.text() == dialog.activity.text()


def test_an_unwritable_place_is_refused_with_the_services_message(
    qtbot, make_window, seeded, save_as, opened, tmp_path
):
    window = make_window()
    dialog = open_timesheet(qtbot, window)
    save_as(tmp_path / "missing" / "week10.pdf")
    dialog.save_pdf()
    qtbot.waitUntil(lambda: not dialog.tasks.busy(), timeout=10_000)
    assert dialog.activity.text() == f"Not saved: the folder {tmp_path / 'missing'} does not exist."
    assert window.banner.level.value == "error"
    assert opened == []


def test_a_timesheet_is_sent_through_a_real_smtp_server(
    qtbot, make_window, db, seeded, mailbox, dialogs, monkeypatch
):
    dialogs.replace(monkeypatch, ComposeDialog, "compose")
    dialogs.replies["compose"] = lambda _parent, draft, attachment: Draft(
        draft.to, "Week 10 hours for your review", draft.body + "\nP.S. edited"
    )
    window = make_window()
    window.actions_by_name["timesheet"].trigger()  # Documents → Timesheet… (Ctrl+T)
    dialog = window.findChild(DocumentActions).timesheet_dialog
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    # Sending runs on the worker: the dialog shows it and offers nothing meanwhile.
    assert dialog.tasks.busy() and dialog.activity.bar.isVisibleTo(dialog)
    assert dialog.activity.text() == f"Sending {PDF_NAME} to billing@acme.example…"
    assert not dialog.send_button.isEnabled() and not dialog.save_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.status_name() == "sent", timeout=10_000)
    [message] = mailbox.messages
    assert message["To"] == "billing@acme.example"
    assert message["Subject"] == "Week 10 hours for your review"
    assert "P.S. edited" in message.get_body(preferencelist=("plain",)).get_content()
    [pdf] = list(message.iter_attachments())
    assert pdf.get_filename() == PDF_NAME and pdf.get_content()[:5] == b"%PDF-"
    assert dialog.status.text() == "Sent" and "Sent Thu 5 Mar 15:00" in dialog.status.details.text()
    assert window.banner.text() == f"Sent {PDF_NAME} to billing@acme.example."
    assert dialog.activity.text() == window.banner.text() and not dialog.tasks.busy()
    assert dialog.approve_button.isEnabled() and dialog.dispute_button.isEnabled()
    assert get_timesheet(db, seeded.upwork_id, W10).status == "sent"


def test_a_wrong_password_is_shown_and_nothing_is_marked_sent(
    qtbot, make_window, db, seeded, mailbox, dialogs, monkeypatch
):
    point_mail_at(db, mailbox.port, password="not-it")
    dialogs.replace(monkeypatch, ComposeDialog, "compose")
    dialogs.replies["compose"] = lambda _parent, draft, _attachment: draft
    window = make_window()
    dialog = open_timesheet(qtbot, window)
    dialog.send()
    qtbot.waitUntil(lambda: not dialog.tasks.busy(), timeout=10_000)
    where = f"127.0.0.1:{mailbox.port}"
    assert dialog.activity.text() == f"Not sent: {where} refused the user name or password."
    assert dialog.activity.action_text() == "E-mail settings…"
    assert window.banner.level.value == "error"
    assert mailbox.messages == []
    assert dialog.status_name() == "draft" and dialog.send_button.isEnabled()
    assert get_timesheet(db, seeded.upwork_id, W10).status == "draft"


def test_without_a_keyring_the_password_is_asked_for_and_used(
    qtbot, make_window, db, seeded, dialogs, monkeypatch
):
    edit_client(db, seeded.client_id, email="billing@acme.example")
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with smtp_server() as (port, inbox):
            _settings, stored = point_mail_at(db, port)
            assert not stored
            dialogs.replace(monkeypatch, ComposeDialog, "compose")
            dialogs.replies["compose"] = lambda _parent, draft, _attachment: draft
            dialogs.replace(monkeypatch, PasswordDialog, "password")
            dialogs.replies["password"] = PASSWORD
            window = make_window()
            dialog = open_timesheet(qtbot, window)
            dialog.send()
            qtbot.waitUntil(lambda: dialog.status_name() == "sent", timeout=10_000)
            assert len(inbox.messages) == 1
    finally:
        keyring.set_keyring(previous)
    [(_parent, needed, backend)] = dialogs.calls["password"]
    assert needed == f"the password for {USER} at 127.0.0.1 is needed" and backend is None


def test_sending_without_e_mail_settings_offers_to_set_them_up(
    qtbot, make_window, seeded, dialogs, monkeypatch
):
    pages: list[object] = []
    dialogs.replace(monkeypatch, SettingsDialog, "settings")
    dialogs.replies["settings"] = lambda *_args, **kwargs: pages.append(kwargs["page"])  # cancel
    window = make_window()
    dialog = open_timesheet(qtbot, window)
    dialog.send()
    assert dialog.activity.text().startswith("Set up e-mail first")
    assert dialog.activity.action_text() == "E-mail settings…"
    dialog.activity.trigger_action()
    assert pages == ["mail"]
    assert dialog.status_name() == "draft"


def test_a_client_without_an_address_is_refused_before_composing(
    qtbot, make_window, db, seeded, mailbox
):
    edit_client(db, seeded.client_id, email="")
    window = make_window()
    dialog = open_timesheet(qtbot, window)
    dialog.send()  # no compose dialog is replaced: it must not open
    assert dialog.activity.text() == (
        "Cannot send: “Acme Ltd” has no e-mail address; add one to the client first."
    )
    assert mailbox.messages == []


def test_approving_locks_the_week_and_unlocking_reopens_it(
    qtbot, make_window, db, seeded, clock, dialogs, monkeypatch
):
    mark_sent(db, seeded.upwork_id, W10, now=clock())
    dialogs.replace(monkeypatch, NoteDialog, "note")
    dialogs.replies["note"] = lambda *_args, **kwargs: kwargs["action"]("Fine by us")
    dialogs.replace(monkeypatch, Confirm, "confirm")
    dialogs.replies["confirm"] = True
    window = make_window()
    dialog = open_timesheet(qtbot, window)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert dialog.status_name() == "approved" and dialog.status.text() == "Approved · locked"
    assert "Client's note: “Fine by us”" in dialog.status.details.text()
    assert dialog.unlock_button.isEnabled() and not dialog.send_button.isEnabled()
    dialog.close()
    view = window.week_view
    writes_done(window)  # the week reads itself again off the GUI thread
    assert view.model.index(1, WeekColumn.STATUS).data().startswith("Locked")  # refreshed
    view.select_entry(seeded.entries[0])
    view.delete_selected()
    writes_done(window)
    assert "approved and locked" in window.banner.text()
    dialog = open_timesheet(qtbot, window)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    writes_done(window)
    assert dialog.status_name() == "sent" and not dialog.unlock_button.isEnabled()
    dialog.close()
    view.select_entry(seeded.entries[0])
    view.delete_selected()
    writes_done(window)
    assert window.banner.text().startswith("Deleted 3 h 00 min on API work")


def test_a_written_timesheet_is_approved_without_e_mail(
    qtbot, make_window, db, seeded, dialogs, monkeypatch
):
    dialogs.replace(monkeypatch, NoteDialog, "note")
    dialogs.replies["note"] = lambda *_args, **kwargs: kwargs["action"]("Signed on paper")
    window = make_window()
    dialog = open_timesheet(qtbot, window)
    assert dialog.status_name() == "draft"
    assert dialog.approve_button.isEnabled() and dialog.dispute_button.isEnabled()
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert dialog.status_name() == "approved"
    info = get_timesheet(db, seeded.upwork_id, W10)
    assert (info.status, info.locked, info.sent_at) == ("approved", True, None)


def test_a_written_timesheet_is_disputed_without_e_mail(
    qtbot, make_window, db, seeded, dialogs, monkeypatch
):
    dialogs.replace(monkeypatch, NoteDialog, "note")
    dialogs.replies["note"] = lambda *_args, **kwargs: kwargs["action"]("Tuesday was off")
    window = make_window()
    dialog = open_timesheet(qtbot, window)
    assert dialog.status_name() == "draft"
    qtbot.mouseClick(dialog.dispute_button, Qt.MouseButton.LeftButton)
    assert dialog.status_name() == "disputed"
    info = get_timesheet(db, seeded.upwork_id, W10)
    assert (info.status, info.client_note, info.sent_at) == ("disputed", "Tuesday was off", None)


def test_a_dispute_keeps_the_clients_note_and_needs_one(
    qtbot, make_window, db, seeded, clock, dialogs, monkeypatch
):
    mark_sent(db, seeded.upwork_id, W10, now=clock())
    window = make_window()
    dialog = open_timesheet(qtbot, window)
    dialogs.replace(monkeypatch, NoteDialog, "note")
    dialogs.replies["note"] = lambda *_args, **kwargs: kwargs["action"](
        "Tuesday <b>was</b> a holiday & more"
    )
    dialog.dispute()
    assert dialog.status_name() == "disputed"
    assert "“Tuesday <b>was</b> a holiday & more”" in dialog.status.details.text()
    assert dialog.status.details.textFormat() == Qt.TextFormat.PlainText  # data, not markup
    assert dialog.approve_button.isEnabled() and not dialog.dispute_button.isEnabled()


def test_the_dispute_note_dialog_shows_the_services_refusal_inline(
    qtbot, db, seeded, clock, make_window
):
    from app.services.timesheets import dispute_timesheet

    mark_sent(db, seeded.upwork_id, W10, now=clock())
    note = NoteDialog(
        None,
        title="Timesheet disputed",
        intro="What does the client dispute?",
        ok_text="Mark disputed",
        action=lambda text: dispute_timesheet(db, seeded.upwork_id, W10, note=text),
    )
    qtbot.addWidget(note)
    note.accept()
    assert note.error_text() == "Say what the client disputes (a note is needed)"
    assert get_timesheet(db, seeded.upwork_id, W10).status == "sent"


def test_the_selected_entrys_contract_is_used_and_the_picker_switches(
    qtbot, make_window, db, seeded, clock
):
    from app.services.entries import log_entry

    start = W10.starts_at.replace(hour=18)
    entry = log_entry(db, seeded.direct_id, start, start.replace(hour=19), now=clock())
    window = make_window()
    window.week_view.select_entry(entry.id)
    dialog = open_timesheet(qtbot, window)
    assert dialog.contract_id() == seeded.direct_id
    assert "$80.00" in dialog.status.figures.text()
    dialog.contract.setCurrentIndex(dialog.contract.findData(seeded.upwork_id))
    assert "$500.00" in dialog.status.figures.text()
    qtbot.mouseClick(dialog.previous_button, Qt.MouseButton.LeftButton)
    assert dialog.week == W10.previous() and "0:00 h tracked" in dialog.status.figures.text()


def test_the_contracts_tab_opens_the_selected_contracts_timesheet(
    qtbot, make_window, db, seeded, clock
):
    window = make_window()
    view = window.contracts_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    view.select_contract(seeded.direct_id)
    view.request_timesheet()
    dialog = window.findChild(DocumentActions).timesheet_dialog
    assert dialog is not None and dialog.contract_id() == seeded.direct_id


def test_a_fixed_price_contracts_timesheet_is_refused_cleanly(
    qtbot, make_window, db, seeded, clock
):
    fixed = add_contract(db, "Logo", client=seeded.client_id, fixed=True, now=clock())
    window = make_window()
    view = window.contracts_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    view.select_contract(fixed.id)
    view.request_timesheet()
    assert window.findChild(DocumentActions).timesheet_dialog is None
    assert window.banner.text() == "“Logo” is fixed-price; timesheets are for hourly contracts."
    assert window.banner.level.value == "error"


def test_suggested_file_names_are_safe():
    assert common.timesheet_file_name("R&D: v2/next", W10) == "timesheet-R-D--v2-next-2026-W10.pdf"
    assert common.invoice_file_name("INV-2026-0001", 1) == "invoice-INV-2026-0001.pdf"
    assert common.invoice_file_name(None, 7) == "invoice-draft-7.pdf"
    assert common.sentence("the folder is gone") == "The folder is gone."
