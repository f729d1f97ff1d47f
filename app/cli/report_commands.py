"""Commands that make documents: timesheet and invoice PDFs, their status, CSV exports.

`timesheet CONTRACT ...` and `invoice CONTRACT ...` are the documented forms; their
status changes live under separate names (`sheet`, `invoices`) so those forms stay as
they are. `invoice` issues the invoice (it gets its number) unless `--draft` is given.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path
from typing import Any

from app.cli import args as read
from app.cli.output import print_json, print_table
from app.cli.password import with_password
from app.core.errors import UserError
from app.core.instants import hours_text, iso
from app.core.money import json_money
from app.core.weeks import BillingWeek
from app.models.database import Database
from app.reports import csv_export
from app.reports.files import check_output_path
from app.services import invoices, sending, timesheets
from app.services.exports import ALL_TIME, export_entries
from app.services.timesheets import TimesheetInfo

#: The whole range of instants Tallyhour accepts, for exports without --from/--to.


def timesheet_command(db: Database, args: argparse.Namespace) -> None:
    """`timesheet`: write the PDF (--out), e-mail it (--send), or both."""
    week = BillingWeek.parse(args.week)
    if args.out is None and not args.send:
        raise UserError("say where to write it (--out FILE.pdf) or --send it")
    if args.out is not None:
        written = timesheets.timesheet_pdf(db, args.contract, week, Path(args.out))
        pages = "page" if written.pages == 1 else "pages"
        print(
            f"wrote timesheet {written.document_id} ({written.status}, {written.pages} {pages},"
            f" {hours_text(written.billable_seconds)} billable hours,"
            f" {json_money(written.amount)} {written.currency}, fingerprint {written.fingerprint})"
            f" to {written.path}"
        )
    if args.send:
        sent = with_password(
            lambda password: sending.send_timesheet(db, args.contract, week, password=password)
        )
        print(f"sent {sent.attachment_name} to {sent.to}; the timesheet is marked sent")


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


def export_command(db: Database, args: argparse.Namespace) -> None:
    """`export entries|invoices|payments`."""
    out = check_output_path(db, Path(args.out))
    if args.what == "payments":
        from app.services.payments_ledger import payments_ledger

        lines = payments_ledger(db)
        csv_export.write_payments_csv(out, lines)
        print(f"exported {len(lines)} payments and withdrawals to {out}")
        return
    start, end = ALL_TIME
    if args.start is not None or args.end is not None:
        start, end = read.local_days(args.start, args.end, need_end=False)
    if args.what == "entries":
        count = export_entries(db, out, span=(start, end), contract=args.contract).rows
    else:
        first, last = start.astimezone().date(), (end - timedelta(seconds=1)).astimezone().date()
        rows_i = [
            row
            for row in invoices.list_invoices(db, contract=args.contract)
            if first <= (row.issue_date or row.created_at.astimezone().date()) <= last
        ]
        csv_export.write_invoices_csv(out, rows_i)
        count = len(rows_i)
    print(f"exported {count} {args.what} to {out}")
