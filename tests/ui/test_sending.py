"""Sending from the window: delivery on the worker, the mark sent on the writer, announced."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from app.core.changes import Changes
from app.core.weeks import BillingWeek
from app.models import database
from app.models.database import Database
from app.services import mail
from app.services.clients import edit_client
from app.services.invoices import create_invoice, get_invoice, issue_invoice
from app.services.timesheets import get_timesheet
from app.ui.documents.actions import DocumentActions
from app.ui.documents.prompts import ComposeDialog
from tests.support.mailserver import loopback_mail
from tests.ui.helpers import wait_idle

W10 = BillingWeek.parse("2026-W10")
TIMESHEET_PDF = "timesheet-API-work-2026-W10.pdf"


@pytest.fixture
def quick_lock_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """A write waits 300 ms for another program's lock, not half a minute (before `db`)."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)


@pytest.fixture
def mailbox(db, seeded, dialogs, monkeypatch) -> Iterator[Any]:
    """A loopback SMTP server, its settings saved, the message sent as composed."""
    edit_client(db, seeded.client_id, email="billing@acme.example")
    dialogs.replace(monkeypatch, ComposeDialog, "compose")
    dialogs.replies["compose"] = lambda _parent, draft, _attachment: draft
    with loopback_mail(db) as (port, inbox):
        yield inbox


@pytest.fixture
def delivering(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The threads that handed a message to the SMTP server."""
    threads: list[str] = []
    send = mail.send

    def record(*args: Any, **kwargs: Any) -> None:
        threads.append(threading.current_thread().name)
        send(*args, **kwargs)

    monkeypatch.setattr(mail, "send", record)
    return threads


@pytest.fixture
def table_writes(db: Database) -> Iterator[list[tuple[str, str]]]:
    """(thread, statement) of every INSERT or UPDATE of timesheets or invoices from now on."""
    seen: list[tuple[str, str]] = []

    def before(_conn, _cursor, statement: str, *_args: Any) -> None:
        words = statement.split()
        if words and words[0] in ("INSERT", "UPDATE") and ("timesheets" in words[:3]):
            seen.append((threading.current_thread().name, "timesheets"))
        elif words and words[0] == "UPDATE" and "invoices" in words[:2]:
            seen.append((threading.current_thread().name, "invoices"))

    event.listen(db.engine, "before_cursor_execute", before)
    yield seen
    event.remove(db.engine, "before_cursor_execute", before)


def _heard(window: Any) -> list[tuple[Changes, object]]:
    """What the window's context announces from now on."""
    heard: list[tuple[Changes, object]] = []
    window.ctx.changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    return heard


def test_a_timesheet_is_delivered_on_the_worker_and_marked_sent_on_the_writer(
    qtbot, make_window, db, seeded, mailbox, delivering, table_writes
):
    window = make_window()
    wait_idle(qtbot, window)
    window.actions_by_name["timesheet"].trigger()
    dialog = window.findChild(DocumentActions).timesheet_dialog
    heard = _heard(window)
    table_writes.clear()
    dialog.send()
    qtbot.waitUntil(lambda: dialog.status_name() == "sent", timeout=10_000)
    wait_idle(qtbot, window)
    assert len(mailbox.messages) == 1
    [deliverer] = delivering
    assert deliverer.startswith("tallyhour-worker")
    # The row is inserted and marked, both on the writer: never on the worker or GUI thread.
    assert table_writes and {(thread[:16], table) for thread, table in table_writes} == {
        ("tallyhour-writer", "timesheets")
    }
    announced = [changes for changes, initiator in heard if initiator is dialog]
    assert announced == [Changes.TIMESHEETS]
    assert window.banner.text() == f"Sent {TIMESHEET_PDF} to billing@acme.example."
    assert get_timesheet(db, seeded.upwork_id, W10).status == "sent"


def test_an_invoice_sent_from_the_list_is_marked_on_the_writer_and_announced(
    qtbot, make_window, db, seeded, clock, mailbox, delivering, table_writes
):
    info = issue_invoice(
        db, create_invoice(db, seeded.upwork_id, week=W10, now=clock()).id, now=clock()
    )
    window = make_window()
    wait_idle(qtbot, window)
    listing = window.findChild(DocumentActions).invoices()
    listing.select_invoice(info.id)
    heard = _heard(window)
    table_writes.clear()
    listing.send()
    qtbot.waitUntil(lambda: not listing.tasks.busy(), timeout=10_000)
    wait_idle(qtbot, window)
    assert len(mailbox.messages) == 1
    assert [thread[:16] for thread in delivering] == ["tallyhour-worker"]
    assert [(thread[:16], table) for thread, table in table_writes] == [
        ("tallyhour-writer", "invoices")
    ]
    assert [changes for changes, initiator in heard if initiator is listing] == [Changes.INVOICES]
    assert get_invoice(db, info.id).sent_at == clock()
    assert window.banner.text() == "Sent invoice-INV-2026-0001.pdf to billing@acme.example."


def test_a_mail_delivered_but_not_marked_says_so_in_one_sentence_and_can_mark_it_later(
    quick_lock_timeout, qtbot, make_window, db, seeded, mailbox
):
    window = make_window()
    wait_idle(qtbot, window)
    window.actions_by_name["timesheet"].trigger()
    dialog = window.findChild(DocumentActions).timesheet_dialog
    heard = _heard(window)
    assert db.path is not None
    holder = sqlite3.connect(db.path, isolation_level=None)  # another program's write lock
    holder.execute("BEGIN IMMEDIATE")
    try:
        dialog.send()
        qtbot.waitUntil(lambda: not dialog.tasks.busy(), timeout=10_000)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    wait_idle(qtbot, window)
    assert len(mailbox.messages) == 1  # the mail went out
    text = dialog.activity.text()
    assert text.startswith(
        f"Sent {TIMESHEET_PDF} to billing@acme.example, but it could not be marked sent:"
        " the database is locked by another program"
    )
    assert text.endswith(".") and text.count(". ") == 0 and "Traceback" not in text
    assert window.banner.text() == text and window.banner.level.value == "error"
    assert dialog.activity.action_text() == "Mark sent"
    assert get_timesheet(db, seeded.upwork_id, W10).status == "draft"
    assert [changes for changes, initiator in heard if initiator is dialog] == []

    dialog.activity.trigger_action()  # the lock is gone: mark it, without e-mailing again
    qtbot.waitUntil(lambda: dialog.status_name() == "sent", timeout=10_000)
    wait_idle(qtbot, window)
    assert len(mailbox.messages) == 1
    assert dialog.activity.text() == f"Sent {TIMESHEET_PDF} to billing@acme.example."
    assert [changes for changes, initiator in heard if initiator is dialog] == [Changes.TIMESHEETS]
