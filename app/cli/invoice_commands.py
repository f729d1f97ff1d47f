"""`tallyhour invoice` and `tallyhour invoices`: create, issue, pay, void, print, send."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import args as read
from app.cli.output import print_json, print_table
from app.cli.password import with_password
from app.core.errors import UserError
from app.core.instants import iso, parse_date
from app.core.money import ZERO, json_money, parse_rate
from app.core.text import counted
from app.core.weeks import BillingWeek
from app.models.database import Database
from app.reports.files import check_output_path
from app.services import invoices, sending
from app.services.invoices import InvoiceInfo
from app.services.settings import get_settings, missing_seller_details


def invoice_command(db: Database, args: argparse.Namespace) -> None:
    """`invoice`: create the invoice, issue it unless --draft, write its PDF and/or send it."""
    if args.out is None and not args.send:
        raise UserError("say where to write it (--out FILE.pdf) or --send it")
    if args.send and args.draft:
        raise UserError("a draft cannot be sent: it has no number yet")
    out = None if args.out is None else check_output_path(db, Path(args.out))
    if args.start is None and args.end is not None:
        raise UserError("--to goes with --from")
    source: dict[str, Any] = {}
    if args.week is not None:
        source["week"] = BillingWeek.parse(args.week)
    elif args.start is not None:
        source["period"] = read.local_days(args.start, args.end, need_end=True)
    else:
        source["milestones"] = args.milestone
    tax = ZERO if args.tax_rate is None else parse_rate(args.tax_rate, what="--tax-rate")
    missing = missing_seller_details(get_settings(db))
    if missing and not args.draft:
        if args.send:
            invoices.refuse_without_seller(missing)
        args.draft = True  # an invoice that says nobody sent it gets no number
    info = invoices.create_invoice(
        db,
        args.contract,
        **source,
        group_by=args.group_by,
        tax_rate=tax,
        notes=args.notes,
        issue=not args.draft,
    )
    name = info.number or f"draft #{info.id}"
    if out is not None:
        try:
            written = invoices.invoice_pdf(db, info.id, out)
        except UserError as error:
            raise UserError(
                f"{error}; invoice {name} is saved: `tallyhour invoices pdf {info.id}`"
            ) from None
        lines = counted(len(info.lines), "line")
        print(
            f"wrote invoice {name} ({info.status}, {lines},"
            f" total {json_money(info.total)} {info.currency}) to {written.path}"
        )
    if args.send:
        try:
            sent = with_password(
                lambda password: sending.send_invoice(db, info.id, password=password)
            )
        except UserError as error:
            raise UserError(
                f"{error}; invoice {name} is saved, send it later with"
                f" `tallyhour invoices send {info.id}`"
            ) from None
        print(f"sent {sent.attachment_name} to {sent.to}")
    if missing:
        sys.stderr.write(
            f"note: kept as draft #{info.id}, without a number: set your"
            f" {' and '.join(missing)} ({', '.join(f'tallyhour config set {m} TEXT' for m in missing)}),"
            f" then tallyhour invoices issue {info.id}\n"
        )


def invoices_list(db: Database, args: argparse.Namespace) -> None:
    """`invoices list`."""
    rows = invoices.list_invoices(db, contract=args.contract, status=args.status)
    if args.json:
        print_json({"invoices": [invoice_json(row) for row in rows]})
        return
    print_table(
        ["id", "number", "status", "contract", "issued", "due", "total", "cur"],
        [
            [
                str(r.id),
                r.number or "(draft)",
                r.status,
                r.contract_title,
                read.day_text(r.issue_date),
                read.day_text(r.due_date),
                json_money(r.total),
                r.currency,
            ]
            for r in rows
        ],
        right={0, 6},
    )


def invoices_action(db: Database, args: argparse.Namespace) -> None:
    """`invoices show|issue|pay|void|delete|pdf`."""
    ref = args.invoice
    if args.action == "show":
        print_json(invoice_json(invoices.get_invoice(db, ref), lines=True))
        return
    if args.action == "pdf":
        written = invoices.invoice_pdf(db, ref, Path(args.out))
        print(f"wrote invoice {written.invoice.number or 'draft'} to {written.path}")
        return
    if args.action == "send":
        sent = with_password(lambda password: sending.send_invoice(db, ref, password=password))
        print(f"sent {sent.attachment_name} to {sent.to}")
        return
    if args.action == "issue":
        issued_on = None if args.date is None else parse_date(args.date, what="--date")
        info = invoices.issue_invoice(db, ref, issue_date=issued_on)
    elif args.action == "pay":
        paid_on = None if args.on is None else parse_date(args.on, what="--on")
        info = invoices.mark_invoice_paid(db, ref, paid_on=paid_on)
    elif args.action == "unpay":
        info = invoices.unmark_invoice_paid(db, ref)
    elif args.action == "void":
        info = invoices.void_invoice(db, ref)
    else:
        info = invoices.delete_invoice(db, ref)
        print(f"deleted draft #{info.id}")
        return
    print(f"invoice {info.number}: {info.status}")


def invoice_json(info: InvoiceInfo, *, lines: bool = False) -> dict[str, Any]:
    """An invoice as JSON (money as strings with two decimals)."""
    document: dict[str, Any] = {
        "id": info.id,
        "number": info.number,
        "status": info.status,
        "contract": info.contract_title,
        "client": info.client_name,
        "currency": info.currency,
        "issue_date": read.day_text(info.issue_date) or None,
        "due_date": read.day_text(info.due_date) or None,
        "paid_on": read.day_text(info.paid_on) or None,
        "period_start": iso(info.period_start),
        "period_end": iso(info.period_end),
        "subtotal": json_money(info.subtotal),
        "tax_rate": f"{info.tax_rate.normalize():f}",
        "tax": json_money(info.tax),
        "total": json_money(info.total),
    }
    if lines:
        document["lines"] = [
            {
                "description": line.description,
                "quantity": f"{line.quantity:f}",
                "unit_price": json_money(line.unit_price),
                "amount": json_money(line.amount),
            }
            for line in info.lines
        ]
    return document
