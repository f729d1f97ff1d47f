"""Sending a timesheet or an invoice: it arrives, and only then is it marked sent."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from app.core.changes import Changes
from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.services import invoices, timesheets
from app.services.clients import edit_client
from app.services.entries import log_entry
from app.services.invoices import mark_invoice_sent
from app.services.sending import (
    PasswordNeeded,
    deliver_invoice,
    deliver_timesheet,
    send_invoice,
    send_timesheet,
    timesheet_draft,
)
from app.services.settings import update_settings
from tests.conftest import NOW, hour
from tests.support.mailserver import PASSWORD, loopback_mail, memory_keyring

W10 = BillingWeek.parse("2026-W10")


@pytest.fixture
def mailer(db, job):
    """An SMTP server on loopback, its settings saved, the password in a memory keyring."""
    edit_client(db, "Acme Ltd", email="billing@acme.example")
    update_settings(db, name="Sam Rivera")
    log_entry(db, job, hour(2, 9), hour(2, 11, 30), memo="R&D <b>unclosed &", now=NOW)
    with loopback_mail(db) as (port, inbox):
        yield inbox


def test_the_timesheet_arrives_and_is_marked_sent(db, job, mailer):
    sent = send_timesheet(db, job, W10, now=NOW)
    [message] = mailer.messages
    assert message["To"] == "billing@acme.example"
    assert message["Subject"] == "Timesheet 2026-W10 – API work"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "2.50 hours, 150.00 USD" in body and "Sam Rivera" in body
    [pdf] = list(message.iter_attachments())
    assert pdf.get_filename() == "timesheet-API-work-2026-W10.pdf" == sent.attachment_name
    assert pdf.get_content()[:5] == b"%PDF-"
    info = timesheets.get_timesheet(db, job, W10)
    assert (info.status, info.sent_at) == ("sent", NOW)


def test_a_failed_send_marks_nothing(db, job, mailer):
    with pytest.raises(UserError, match="refused the user name or password"):
        send_timesheet(db, job, W10, password="wrong", now=NOW)
    assert mailer.messages == []
    assert timesheets.get_timesheet(db, job, W10).status == "draft"


def test_a_client_without_an_address(db, job, mailer):
    edit_client(db, "Acme Ltd", email="")
    with pytest.raises(UserError, match="no e-mail address"):
        send_timesheet(db, job, W10, now=NOW)
    assert timesheets.get_timesheet(db, job, W10).status == "draft"


def test_without_a_stored_password_the_caller_is_asked(db, job, mailer):
    with memory_keyring():  # an empty keyring
        with pytest.raises(PasswordNeeded):
            send_timesheet(db, job, W10, now=NOW)
        send_timesheet(db, job, W10, password=PASSWORD, now=NOW)
    assert len(mailer.messages) == 1


def test_edited_subject_and_body_are_sent(db, job, mailer):
    draft = timesheet_draft(db, job, W10)
    edited = type(draft)(draft.to, "Custom subject", "Custom body\n")
    send_timesheet(db, job, W10, draft=edited, now=NOW)
    assert mailer.messages[0]["Subject"] == "Custom subject"


def test_an_invoice_is_sent_once_issued(db, job, mailer):
    draft = invoices.create_invoice(db, job, week=W10, tax_rate=Decimal("0"), now=NOW)
    with pytest.raises(UserError, match="issue the invoice"):
        send_invoice(db, draft.id, now=NOW)
    issued = invoices.issue_invoice(db, draft.id, now=NOW)
    send_invoice(db, issued.id, now=NOW)
    [message] = mailer.messages
    assert message["Subject"] == f"Invoice {issued.number} – API work"
    assert "150.00 USD" in message.get_body(preferencelist=("plain",)).get_content()


def test_an_invoice_sent_records_when(db, job, mailer):
    draft = invoices.create_invoice(db, job, week=W10, tax_rate=Decimal("0"), now=NOW)
    issued = invoices.issue_invoice(db, draft.id, now=NOW)
    sent = send_invoice(db, issued.id, now=NOW)
    assert sent.sent_at == NOW == invoices.get_invoice(db, issued.id).sent_at


def test_delivering_a_timesheet_writes_nothing_until_it_is_marked_sent(db, job, mailer):
    with db.recording() as seen:
        sent = deliver_timesheet(db, job, W10, now=NOW)
    assert seen.changes == Changes.NOTHING and len(mailer.messages) == 1
    assert timesheets.get_timesheet(db, job, W10).status == "draft"
    with db.recording() as seen:
        info = timesheets.mark_sent(db, job, W10, now=sent.sent_at)
    assert seen.changes == Changes.TIMESHEETS
    assert (info.status, info.sent_at) == ("sent", NOW)


def test_delivering_an_invoice_writes_nothing_until_it_is_marked_sent(db, job, mailer):
    draft = invoices.create_invoice(db, job, week=W10, tax_rate=Decimal("0"), now=NOW)
    issued = invoices.issue_invoice(db, draft.id, now=NOW)
    with db.recording() as seen:
        sent = deliver_invoice(db, issued.number or issued.id, now=NOW)
    assert seen.changes == Changes.NOTHING and len(mailer.messages) == 1
    assert invoices.get_invoice(db, issued.id).sent_at is None
    with db.recording() as seen:
        info = mark_invoice_sent(db, issued.id, now=sent.sent_at)
    assert seen.changes == Changes.INVOICES
    assert (info.id, info.sent_at) == (issued.id, NOW)


def test_the_command_line_sends(db, job, mailer, db_url, capsys):
    from app.cli import main

    assert main(["--db", db_url, "timesheet", "API work", "--week", "2026-W10", "--send"]) == 0
    assert "marked sent" in capsys.readouterr().out
    assert len(mailer.messages) == 1
    assert (
        main(["--db", db_url, "sheet", "status", "API work", "--week", "2026-W10", "--json"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["status"] == "sent"


def test_the_command_line_without_a_password_off_a_terminal(db, job, mailer, db_url, capsys):
    from app.cli import main

    with memory_keyring():
        code = main(["--db", db_url, "timesheet", "API work", "--week", "2026-W10", "--send"])
    err = capsys.readouterr().err
    assert code == 2
    assert "password" in err and "--password-stdin" in err
    assert mailer.messages == []
