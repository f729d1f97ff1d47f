"""User preferences: the profile printed on invoices, defaults, tax set-aside, fees."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.core.durations import parse_span
from app.core.errors import UserError
from app.core.money import check_currency, parse_amount, parse_rate
from app.core.money_rules import WITHDRAWAL_METHODS
from app.core.text import clean_email, clean_note, quoted
from app.models import Setting
from app.models.database import Database


@dataclass(frozen=True)
class Settings:
    """Every preference, with its default; money and rates as strings for exact JSON."""

    name: str = ""
    address: str = ""
    tax_id: str = ""
    email: str = ""
    default_rate: str = "0.00"
    home_currency: str = "USD"
    #: Share of net earnings set aside for tax, as a fraction string ("0.25").
    tax_rate: str = "0"
    #: VAT or GST a marketplace charges on its own fee, as a fraction string ("0.20").
    fee_tax_rate: str = "0"
    invoice_prefix: str = "INV-{year}-"
    invoice_terms: str = "Payment due within 14 days."
    invoice_due_days: int = 14
    #: Withdrawal fee per method, as amount strings.
    withdrawal_fees: tuple[tuple[str, str], ...] = tuple(
        (method, f"{fee:.2f}") for method, fee in WITHDRAWAL_METHODS.items()
    )
    #: "ask", "tray" or "quit": what closing the window does while a timer runs.
    close_action: str = "ask"
    #: Remind "no timer is running" during `working_hours` on weekdays (off until chosen).
    remind_no_timer: bool = False
    working_hours: str = "9-17"
    #: Ask "still working?" when a timer has run this many hours (0: never).
    remind_long_timer_hours: int = 8
    #: Ask what to do with time away after this many idle minutes while timing (0: never;
    #: nothing is asked where the computer's idle time cannot be read).
    idle_minutes: int = 10
    onboarded: bool = False
    #: E-mail templates; {placeholders} are filled when sending (see app.services.sending).
    mail_timesheet_subject: str = "Timesheet {week} – {contract}"
    mail_timesheet_body: str = (
        "Hello,\n\nPlease find attached my timesheet for {contract}, billing week {week}"
        " ({week_start} to {week_end}): {hours} hours, {amount}.\n\n"
        "Could you review and approve it?\n\nThank you,\n{name}\n"
    )
    mail_invoice_subject: str = "Invoice {invoice_number} – {contract}"
    mail_invoice_body: str = (
        "Hello,\n\nPlease find attached invoice {invoice_number} for {contract}:"
        " {amount}, due {due_date}.\n\nThank you,\n{name}\n"
    )

    @property
    def tax_fraction(self) -> Decimal:
        """The tax set-aside as a Decimal fraction."""
        return Decimal(self.tax_rate)

    @property
    def fee_tax_fraction(self) -> Decimal:
        """The tax on the marketplace's fee as a Decimal fraction."""
        return Decimal(self.fee_tax_rate)

    def withdrawal_fee(self, method: str) -> Decimal:
        """The fee of one withdrawal method."""
        table = dict(self.withdrawal_fees)
        if method not in table:
            raise UserError(f"unknown withdrawal method {quoted(method)}; use {', '.join(table)}")
        return Decimal(table[method])


_KEY = "preferences"
#: The longest invoice number prefix, with {year} counted as its four digits.
MAX_PREFIX = 30


def check_invoice_prefix(prefix: str) -> str:
    """The prefix of invoice numbers, stripped, or a refusal (one line, at most 30 characters)."""
    prefix = prefix.strip()
    if "\n" in prefix or "\r" in prefix:
        raise UserError("the invoice number prefix must be one line")
    if len(prefix.replace("{year}", "0000")) > MAX_PREFIX:
        raise UserError(
            f"the invoice number prefix is too long (at most {MAX_PREFIX} characters,"
            " {year} counting as 4)"
        )
    return prefix


def missing_seller_details(settings: Settings) -> list[str]:
    """The profile settings an issued invoice needs that are still empty ("name", "address")."""
    return [key for key in ("name", "address") if not getattr(settings, key).strip()]


def load_settings(session: Session) -> Settings:
    """The stored preferences (defaults for anything not stored)."""
    row = session.get(Setting, _KEY)
    if row is None:
        return Settings()
    stored: dict[str, Any] = json.loads(row.value)
    known = {field.name for field in fields(Settings)}
    values = {key: value for key, value in stored.items() if key in known}
    if "withdrawal_fees" in values:
        values["withdrawal_fees"] = tuple(tuple(pair) for pair in values["withdrawal_fees"])
    return Settings(**values)


def get_settings(db: Database) -> Settings:
    """Read the preferences."""
    with db.read() as session:
        return load_settings(session)


def update_settings(db: Database, **changes: Any) -> Settings:
    """Check and store changed preferences; returns the new whole set."""
    checked = _check(changes)
    with db.write() as session:
        current = replace(load_settings(session), **checked)
        row = session.get(Setting, _KEY)
        value = json.dumps(asdict(current))
        if row is None:
            session.add(Setting(key=_KEY, value=value))
        else:
            row.value = value
        return current


def _check(changes: dict[str, Any]) -> dict[str, Any]:
    """Validate preference values typed by the user."""
    known = {field.name for field in fields(Settings)}
    checked: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in known:
            raise UserError(f"unknown setting {quoted(key)}")
        if key in (
            "name",
            "address",
            "tax_id",
            "invoice_terms",
            "invoice_prefix",
            "mail_timesheet_subject",
            "mail_timesheet_body",
            "mail_invoice_subject",
            "mail_invoice_body",
        ):
            value = clean_note(str(value), what=key.replace("_", " "))
            if key == "invoice_prefix":
                value = check_invoice_prefix(value)
        elif key == "email":
            value = clean_email(str(value))
        elif key == "default_rate":
            value = f"{parse_amount(str(value), what='default rate'):.2f}"
        elif key == "home_currency":
            value = check_currency(str(value))
        elif key == "tax_rate":
            value = str(parse_rate(str(value), what="tax set-aside"))
        elif key == "fee_tax_rate":
            value = str(parse_rate(str(value), what="tax on fees"))
        elif key == "invoice_due_days":
            value = int(value)
            if not 0 <= value <= 365:
                raise UserError("days until an invoice is due must be between 0 and 365")
        elif key == "withdrawal_fees":
            value = tuple(
                (str(method), f"{parse_amount(str(fee), what=f'{method} fee'):.2f}")
                for method, fee in value
            )
        elif key == "remind_no_timer":
            value = _yes_no(value, what="remind no timer")
        elif key == "working_hours":
            span = parse_span(str(value), what="working hours")
            value = f"{span.start:%H:%M}-{span.end:%H:%M}"
        elif key in ("remind_long_timer_hours", "idle_minutes"):
            value = _whole(value, what=key.replace("_", " "), high=24 if "hours" in key else 600)
        elif key == "close_action" and value not in ("ask", "tray", "quit"):
            raise UserError("close action must be ask, tray or quit")
        checked[key] = value
    return checked


def _yes_no(value: Any, *, what: str) -> bool:
    """A yes/no setting from a bool or typed text (on/off, yes/no, true/false, 1/0)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("on", "yes", "true", "1"):
        return True
    if text in ("off", "no", "false", "0"):
        return False
    raise UserError(f"{what} must be on or off")


def _whole(value: Any, *, what: str, high: int) -> int:
    """A whole number setting between 0 (off) and `high`."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise UserError(f"{what} must be a whole number (0 turns it off)") from None
    if not 0 <= number <= high:
        raise UserError(f"{what} must be between 0 (off) and {high}")
    return number
