"""Commands that make documents: timesheet and invoice PDFs, their status, CSV exports.

`timesheet CONTRACT ...` and `invoice CONTRACT ...` are the forms of DESIGN §4; their
status changes live under separate names (`sheet`, `invoices`) so those forms stay as
they are. `invoice` issues the invoice (it gets its number) unless `--draft` is given.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.cli.output import print_json, print_table
from app.core.errors import UserError
from app.core.instants import hours_text, iso, parse_date, start_of_local_day
from app.core.money import ZERO, json_money, parse_rate
from app.core.weeks import BillingWeek
from app.models.database import Database
from app.reports import csv_export
from app.reports.files import check_writable
from app.services import entries, invoices, timesheets
from app.services.invoices import InvoiceInfo
from app.services.timesheets import TimesheetInfo

#: The whole range of instants Tallyhour accepts, for exports without --from/--to.
_ALL_TIME = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2101, 1, 1, tzinfo=UTC))


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the document commands."""
    sheet = commands.add_parser("timesheet", help="write a week's timesheet PDF", parents=[common])
    sheet.add_argument("contract", metavar="CONTRACT")
    sheet.add_argument("--week", required=True, metavar="YYYY-Www")
    sheet.add_argument("--out", required=True, metavar="FILE.pdf")
    sheet.set_defaults(handler=timesheet_command)

    bill = commands.add_parser("invoice", help="create an invoice and its PDF", parents=[common])
    bill.add_argument("contract", metavar="CONTRACT")
    source = bill.add_mutually_exclusive_group(required=True)
    source.add_argument("--week", metavar="YYYY-Www")
    source.add_argument("--from", dest="start", metavar="DATE", help="first day (with --to)")
    source.add_argument("--milestone", type=int, action="append", metavar="ID")
    bill.add_argument("--to", dest="end", metavar="DATE", help="last day, included")
    bill.add_argument("--out", required=True, metavar="FILE.pdf")
    bill.add_argument("--group-by", choices=["day", "memo"], default="day")
    bill.add_argument("--tax-rate", metavar="PCT", help="tax in percent, e.g. 19")
    bill.add_argument("--notes", default="")
    issue = bill.add_mutually_exclusive_group()
    issue.add_argument("--issue", action="store_true", help="issue it now (the default)")
    issue.add_argument("--draft", action="store_true", help="keep it a draft, without a number")
    bill.set_defaults(handler=invoice_command)

    status = commands.add_parser("sheet", help="timesheet status and locking", parents=[common])
    actions = status.add_subparsers(title="sheet commands", metavar="ACTION", required=True)
    for name, help_text in (
        ("status", "show a week's timesheet status"),
        ("sent", "record that the timesheet went to the client"),
        ("approve", "the client approved: lock the week"),
        ("dispute", "the client disputed the week (--note says why)"),
        ("unlock", "unlock an approved week so entries can change"),
    ):
        action = actions.add_parser(name, help=help_text, parents=[common])
        action.add_argument("contract", metavar="CONTRACT")
        action.add_argument("--week", required=True, metavar="YYYY-Www")
        action.add_argument("--note", default="", required=name == "dispute")
        action.add_argument("--json", action="store_true")
        action.set_defaults(handler=sheet_command, action=name)
    listing = actions.add_parser("list", help="timesheets sent or decided", parents=[common])
    listing.add_argument("--contract", metavar="CONTRACT")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=sheet_list)

    books = commands.add_parser(
        "invoices", help="list, pay, void or print invoices", parents=[common]
    )
    actions = books.add_subparsers(title="invoices commands", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list invoices", parents=[common])
    listing.add_argument("--contract", metavar="CONTRACT")
    listing.add_argument("--status", choices=["draft", "issued", "paid", "void"])
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=invoices_list)
    for name, help_text in (
        ("show", "one invoice as JSON"),
        ("issue", "issue a draft: it gets the next number"),
        ("pay", "record that an invoice was paid"),
        ("void", "cancel an issued invoice (it keeps its number)"),
        ("delete", "delete a draft"),
        ("pdf", "write an invoice's PDF again"),
    ):
        action = actions.add_parser(name, help=help_text, parents=[common])
        action.add_argument("invoice", metavar="NUMBER|ID")
        if name == "pay":
            action.add_argument("--on", metavar="DATE", help="payment date (default today)")
        if name == "issue":
            action.add_argument("--date", metavar="DATE", help="issue date (default today)")
        if name == "pdf":
            action.add_argument("--out", required=True, metavar="FILE.pdf")
        action.set_defaults(handler=invoices_action, action=name)

    export = commands.add_parser(
        "export", help="export entries or invoices as CSV", parents=[common]
    )
    export.add_argument("what", choices=["entries", "invoices"])
    export.add_argument("--out", required=True, metavar="FILE.csv")
    export.add_argument("--from", dest="start", metavar="DATE")
    export.add_argument("--to", dest="end", metavar="DATE", help="last day, included")
    export.add_argument("--contract", metavar="CONTRACT")
    export.set_defaults(handler=export_command)


def timesheet_command(db: Database, args: argparse.Namespace) -> None:
    """`timesheet`."""
    week = BillingWeek.parse(args.week)
    written = timesheets.timesheet_pdf(db, args.contract, week, Path(args.out))
    pages = "page" if written.pages == 1 else "pages"
    print(
        f"wrote timesheet {written.document_id} ({written.status}, {written.pages} {pages},"
        f" {hours_text(written.billable_seconds)} billable hours,"
        f" {json_money(written.amount)} {written.currency}, fingerprint {written.fingerprint})"
        f" to {written.path}"
    )


def invoice_command(db: Database, args: argparse.Namespace) -> None:
    """`invoice`: create the invoice, issue it unless --draft, and write its PDF."""
    out = check_writable(Path(args.out))
    if args.start is None and args.end is not None:
        raise UserError("--to goes with --from")
    source: dict[str, Any] = {}
    if args.week is not None:
        source["week"] = BillingWeek.parse(args.week)
    elif args.start is not None:
        source["period"] = _local_days(args.start, args.end, need_end=True)
    else:
        source["milestones"] = args.milestone
    tax = ZERO if args.tax_rate is None else parse_rate(args.tax_rate, what="--tax-rate")
    info = invoices.create_invoice(
        db, args.contract, **source, group_by=args.group_by, tax_rate=tax, notes=args.notes
    )
    if not args.draft:
        info = invoices.issue_invoice(db, info.id)
    name = info.number or f"draft #{info.id}"
    try:
        written = invoices.invoice_pdf(db, info.id, out)
    except UserError as error:
        raise UserError(
            f"{error}; invoice {name} is saved: `tallyhour invoices pdf {info.id}`"
        ) from None
    print(
        f"wrote invoice {name} ({info.status}, {len(info.lines)} lines,"
        f" total {json_money(info.total)} {info.currency}) to {written.path}"
    )
    if not info.seller.name:
        sys.stderr.write("note: your name is not set in Settings, so the invoice shows none\n")


def sheet_command(db: Database, args: argparse.Namespace) -> None:
    """`sheet status|sent|approve|dispute|unlock`."""
    week = BillingWeek.parse(args.week)
    if args.action == "status":
        info = timesheets.get_timesheet(db, args.contract, week)
    elif args.action == "sent":
        info = timesheets.mark_sent(db, args.contract, week)
    elif args.action == "approve":
        info = timesheets.approve_timesheet(db, args.contract, week, note=args.note)
    elif args.action == "dispute":
        info = timesheets.dispute_timesheet(db, args.contract, week, note=args.note)
    else:
        info = timesheets.unlock_timesheet(db, args.contract, week)
    if args.json:
        print_json(sheet_json(info))
        return
    locked = ", locked" if info.locked else ""
    note = f" — client: {info.client_note}" if info.client_note else ""
    print(f"timesheet {info.document_id} ({info.contract_title}): {info.status}{locked}{note}")


def sheet_list(db: Database, args: argparse.Namespace) -> None:
    """`sheet list`."""
    rows = timesheets.list_timesheets(db, contract=args.contract)
    if args.json:
        print_json({"timesheets": [sheet_json(row) for row in rows]})
        return
    print_table(
        ["week", "contract", "status", "locked", "client note"],
        [
            [r.week.label, r.contract_title, r.status, "yes" if r.locked else "", r.client_note]
            for r in rows
        ],
    )


def sheet_json(info: TimesheetInfo) -> dict[str, Any]:
    """A timesheet's status as JSON."""
    return {
        "document_id": info.document_id,
        "contract": info.contract_title,
        "week": info.week.label,
        "status": info.status,
        "locked": info.locked,
        "sent_at": iso(info.sent_at),
        "decided_at": iso(info.decided_at),
        "client_note": info.client_note,
    }


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
                _day(r.issue_date),
                _day(r.due_date),
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
    if args.action == "issue":
        issued_on = None if args.date is None else parse_date(args.date, what="--date")
        info = invoices.issue_invoice(db, ref, issue_date=issued_on)
    elif args.action == "pay":
        paid_on = None if args.on is None else parse_date(args.on, what="--on")
        info = invoices.mark_invoice_paid(db, ref, paid_on=paid_on)
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
        "issue_date": _day(info.issue_date) or None,
        "due_date": _day(info.due_date) or None,
        "paid_on": _day(info.paid_on) or None,
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


def export_command(db: Database, args: argparse.Namespace) -> None:
    """`export entries|invoices`."""
    out = check_writable(Path(args.out))
    start, end = _ALL_TIME
    if args.start is not None or args.end is not None:
        start, end = _local_days(args.start, args.end, need_end=False)
    if args.what == "entries":
        rows = entries.list_entries(db, start=start, end=end, contract=args.contract)
        csv_export.write_entries_csv(out, rows)
    else:
        first, last = start.astimezone().date(), (end - timedelta(seconds=1)).astimezone().date()
        rows_i = [
            row
            for row in invoices.list_invoices(db, contract=args.contract)
            if first <= (row.issue_date or row.created_at.astimezone().date()) <= last
        ]
        csv_export.write_invoices_csv(out, rows_i)
    count = len(rows) if args.what == "entries" else len(rows_i)
    print(f"exported {count} {args.what} to {out}")


def _local_days(
    first: str | None, last: str | None, *, need_end: bool
) -> tuple[datetime, datetime]:
    """The half-open UTC span of local days from `first` to `last`, both included."""
    if need_end and last is None:
        raise UserError("--from needs --to (the last day, included)")
    start = _ALL_TIME[0] if first is None else start_of_local_day(parse_date(first, what="--from"))
    if last is None:
        return start, _ALL_TIME[1]
    end_day = parse_date(last, what="--to")
    end = start_of_local_day(end_day + timedelta(days=1))
    if end <= start:
        raise UserError("--to must not be before --from")
    return start, end


def _day(day: date | None) -> str:
    """A date as ISO 8601, or empty."""
    return "" if day is None else day.isoformat()
