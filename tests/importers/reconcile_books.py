"""Books with one planted mismatch of each kind between tracked time and a statement."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from app.models.database import Database
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.entries import log_entry
from app.services.import_targets import Mapping
from app.services.imports import import_file
from tests.conftest import NOW
from tests.importers.exports import csv_text, write
from tests.importers.upwork_exports import HISTORY_HEADER, us_date

WEEK1 = date(2026, 1, 5)


def monday(n: int) -> date:
    """The Monday of planted week n (1-based)."""
    return WEEK1 + timedelta(weeks=n - 1)


def hourly(n: int, hours: str, amount: str, fee: str, ref: int) -> list[list[str]]:
    """An hourly invoice of week n and its service fee, as the Transaction History has them."""
    first = monday(n)
    period = f"{first:%m/%d/%Y}-{first + timedelta(days=6):%m/%d/%Y}"
    paid = us_date(first + timedelta(days=9))
    return [
        [paid, str(ref + 1), "Service Fee", f"Service Fee for Ref ID {ref}", "", "Sam", "Acme",
         "Sam", "", f"-${fee}", "", "USD", ""],
        [paid, str(ref), "Hourly", f"Invoice for {period} - {hours} hrs @ $40.00/hr", "", "Sam",
         "Acme", "Sam", "", f"${amount}", "", "USD", ""],
    ]  # fmt: skip


def plant_books(db: Database, tmp_path: Path) -> Database:
    """Tracked weeks 1-7 against a statement with one mismatch of each kind."""
    add_client(db, "Acme", now=NOW)
    add_contract(
        db, "Build the API", client="Acme", hourly_rate=Decimal("40"), platform="upwork",
        weekly_limit_hours=Decimal("12"), now=NOW,
    )  # fmt: skip
    tracked = {1: 10, 2: 10, 3: 10, 5: 10, 6: 10, 7: 14}
    for n, hours in tracked.items():
        start = datetime.combine(monday(n), datetime.min.time(), UTC) + timedelta(hours=6)
        log_entry(db, "Build the API", start, start + timedelta(hours=hours), memo="work", now=NOW)
    rows = [
        *hourly(1, "10:00", "400.00", "40.00", 100000100),  # match
        *hourly(2, "8:00", "320.00", "32.00", 100000200),  # short-paid
        *hourly(4, "5:00", "200.00", "20.00", 100000400),  # untracked (week 3: unbilled)
        *hourly(5, "10:00", "400.00", "50.00", 100000500),  # fee-differs: 12.5%
        *hourly(6, "10:00", "400.00", "40.00", 100000600),  # refunded below
        [us_date(monday(6) + timedelta(days=12)), "100000699", "Refund", "Refund for Ref ID 100000600", "",
         "Sam", "Acme", "Sam", "", "-$100.00", "", "USD", ""],
        *hourly(7, "12:00", "480.00", "48.00", 100000700),  # over-limit: 14 h tracked, 12 h billed
    ]  # fmt: skip
    rows.reverse()  # newest first
    path = write(tmp_path / "statement.csv", csv_text(HISTORY_HEADER, rows))
    mapping = Mapping.from_pairs(["Acme=Build the API"])
    import_file(db, "upwork", path, mapping=mapping, now=NOW)
    return db
