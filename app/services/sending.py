"""Sending a timesheet or an invoice to the client by e-mail, as one user action.

The PDF is written to a temporary folder, attached, and deleted; only after the server
took the message is the document marked sent (with the date). Delivering and marking
are also apart (`deliver_timesheet` then `timesheets.mark_sent`, `deliver_invoice` then
`invoices.mark_invoice_sent`): the window delivers off the GUI thread and marks on its writer.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.clock import system_clock
from app.core.errors import UserError
from app.core.instants import hours_text
from app.core.money import json_money
from app.core.text import quoted
from app.core.weeks import BillingWeek
from app.models.database import Database
from app.services import invoices, mail, timesheets
from app.services.lookup import find_client, find_contract
from app.services.settings import get_settings


class PasswordNeeded(UserError):
    """No SMTP password was given and none is stored: the caller should ask for it."""


@dataclass(frozen=True)
class Draft:
    """A message about to be sent: the user may edit subject and body before sending."""

    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class Sent:
    """What was sent, to whom, when."""

    to: str
    subject: str
    attachment_name: str
    sent_at: datetime


def timesheet_draft(db: Database, contract: str | int, week: BillingWeek) -> Draft:
    """The e-mail for a week's timesheet, from the templates in the settings."""
    data = timesheets.timesheet_data(db, contract, week)
    settings = get_settings(db)
    values = {
        "week": week.label,
        "week_start": f"{week.starts_at:%Y-%m-%d}",
        "week_end": f"{week.ends_at:%Y-%m-%d}",
        "contract": data.contract.title,
        "client": data.contract.client.name,
        "hours": hours_text(data.billable_seconds),
        "amount": f"{json_money(data.amount)} {data.contract.currency}",
        "name": settings.name or "your freelancer",
    }
    return Draft(
        to=_client_email(db, data.contract.contract_id),
        subject=mail.fill_template(settings.mail_timesheet_subject, values),
        body=mail.fill_template(settings.mail_timesheet_body, values),
    )


def invoice_draft(db: Database, ref: str | int) -> Draft:
    """The e-mail for an issued invoice, from the templates in the settings."""
    info = invoices.get_invoice(db, ref)
    settings = get_settings(db)
    values = {
        "invoice_number": info.number or "(draft)",
        "contract": info.contract_title,
        "client": info.client_name,
        "amount": f"{json_money(info.total)} {info.currency}",
        "due_date": info.due_date.isoformat() if info.due_date else "",
        "name": settings.name or "your freelancer",
    }
    return Draft(
        to=_client_email(db, info.contract_id),
        subject=mail.fill_template(settings.mail_invoice_subject, values),
        body=mail.fill_template(settings.mail_invoice_body, values),
    )


def send_timesheet(
    db: Database,
    contract: str | int,
    week: BillingWeek,
    *,
    password: str | None = None,
    draft: Draft | None = None,
    now: datetime | None = None,
) -> Sent:
    """E-mail the week's timesheet PDF to the client and mark the timesheet sent."""
    sent = deliver_timesheet(db, contract, week, password=password, draft=draft, now=now)
    timesheets.mark_sent(db, contract, week, now=sent.sent_at)
    return sent


def deliver_timesheet(
    db: Database,
    contract: str | int,
    week: BillingWeek,
    *,
    password: str | None = None,
    draft: Draft | None = None,
    now: datetime | None = None,
) -> Sent:
    """E-mail the week's timesheet PDF to the client, writing nothing to the database.

    The window runs this off the GUI thread, then `timesheets.mark_sent` as a write.
    """
    now = now or system_clock()
    settings, password = _smtp(db, password)
    if timesheets.get_timesheet(db, contract, week).status == "approved":
        raise UserError(f"the timesheet of {week.label} is already approved")
    draft = draft or timesheet_draft(db, contract, week)
    with tempfile.TemporaryDirectory(prefix="tallyhour-mail-") as folder:
        title = find_title(db, contract)
        path = Path(folder) / f"timesheet-{_file_safe(title)}-{week.label}.pdf"
        timesheets.timesheet_pdf(db, contract, week, path, now=now)
        mail.send(settings, password, mail.Outgoing(draft.to, draft.subject, draft.body, path))
    return Sent(draft.to, draft.subject, path.name, now)


def send_invoice(
    db: Database,
    ref: str | int,
    *,
    password: str | None = None,
    draft: Draft | None = None,
    now: datetime | None = None,
) -> Sent:
    """E-mail an issued invoice's PDF to the client and record when it was sent."""
    sent = deliver_invoice(db, ref, password=password, draft=draft, now=now)
    invoices.mark_invoice_sent(db, ref, now=sent.sent_at)
    return sent


def deliver_invoice(
    db: Database,
    ref: str | int,
    *,
    password: str | None = None,
    draft: Draft | None = None,
    now: datetime | None = None,
) -> Sent:
    """E-mail an issued invoice's PDF to the client, writing nothing to the database.

    The window runs this off the GUI thread, then `invoices.mark_invoice_sent` as a write.
    """
    now = now or system_clock()
    settings, password = _smtp(db, password)
    info = invoices.get_invoice(db, ref)
    if info.status == "draft":
        raise UserError("issue the invoice before sending it (it has no number yet)")
    if info.status == "void":
        raise UserError(f"invoice {info.number} is void")
    draft = draft or invoice_draft(db, ref)
    with tempfile.TemporaryDirectory(prefix="tallyhour-mail-") as folder:
        path = Path(folder) / f"invoice-{_file_safe(info.number or str(info.id))}.pdf"
        invoices.invoice_pdf(db, info.id, path)
        mail.send(settings, password, mail.Outgoing(draft.to, draft.subject, draft.body, path))
    return Sent(draft.to, draft.subject, path.name, now)


def find_title(db: Database, contract: str | int) -> str:
    """A contract's title."""
    with db.read() as session:
        return find_contract(session, contract).title


def _smtp(db: Database, password: str | None) -> tuple[mail.SmtpSettings, str]:
    """The SMTP settings and the password to use (given, or from the keyring)."""
    settings = mail.smtp_settings(db)
    if settings is None:
        raise UserError("set up e-mail first (Settings → E-mail, or `tallyhour config smtp`)")
    password = password or mail.stored_password(settings)
    if not password:
        raise PasswordNeeded(f"the password for {settings.user} at {settings.host} is needed")
    return settings, password


def _client_email(db: Database, contract_id: int) -> str:
    """The e-mail address on the contract's client record."""
    with db.read() as session:
        client = find_client(session, find_contract(session, contract_id).client_id)
        if not client.email:
            raise UserError(
                f"{quoted(client.name)} has no e-mail address; add one to the client first"
            )
        return client.email


def _file_safe(text: str) -> str:
    """Text usable in a file name."""
    cleaned = "".join(char if char.isalnum() or char in "-_." else "-" for char in text)
    return cleaned.strip("-.")[:60] or "document"
