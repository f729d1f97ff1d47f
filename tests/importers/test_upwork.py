"""Upwork exports become statement lines: kinds, amounts, weeks, hours, fee links, costs."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.importers import upwork
from app.importers.files import BadFile
from app.importers.records import ReadOptions
from app.importers.upwork_fields import hourly_invoice, read_money, statement_kind
from app.models import StatementLine
from app.models.database import Database
from app.services.contracts import list_contracts
from app.services.imports import import_file
from app.services.statements import statement_costs
from tests.conftest import NOW
from tests.importers.conftest import table_counts
from tests.importers.exports import csv_text, write
from tests.importers.upwork_exports import (
    FIRST_MONDAY,
    HISTORY_HEADER,
    TRANSACTIONS_HEADER,
    WEEKLY_HEADER,
    history_rows,
    transactions_rows,
    weekly_rows,
)


def test_an_hourly_description_gives_its_week_hours_and_rate() -> None:
    invoice = hourly_invoice("Invoice for 09/01/2026-09/07/2026 - 12:30 hrs @ $40.00/hr")
    assert invoice is not None
    assert (invoice.first_day, invoice.seconds, invoice.rate) == (
        date(2026, 9, 1),
        12 * 3600 + 30 * 60,
        Decimal("40.00"),
    )
    assert hourly_invoice("Milestone 1: logo") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hourly", "hourly"),
        ("Fixed Price", "fixed"),
        ("Fixed-price", "fixed"),
        ("Bonus", "bonus"),
        ("Refund", "refund"),
        ("Service Fee", "service-fee"),
        ("Withdrawal", "withdrawal"),
        ("Withdrawal Fee", "withdrawal-fee"),
        ("Connects", "connects"),
        ("Membership Fee", "membership"),
        ("GST", "vat"),
        ("VAT", "vat"),
        ("Adjustment", "other"),
    ],
)
def test_transaction_types_map_to_kinds(text: str, kind: str) -> None:
    assert statement_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "amount"),
    [("$1,234.56", "1234.56"), ("-$12.50", "-12.50"), ("(7.00)", "-7.00"), ("-19.9", "-19.90")],
)
def test_upwork_amounts(text: str, amount: str) -> None:
    assert read_money(text, line=1) == Decimal(amount)


def test_transaction_history_links_fees_to_the_row_they_charge(
    db: Database, tmp_path: Path
) -> None:
    rows = history_rows(150)
    path = write(tmp_path / "history.csv", csv_text(HISTORY_HEADER, rows))
    result = import_file(db, "upwork", path, now=NOW)
    assert result.statement_lines_added == len(rows) and result.entries_added == 0
    assert result.contracts_added == ['Acme, "the" Co']
    (contract,) = list_contracts(db, now=NOW)
    assert (contract.platform, contract.kind) == ("upwork", "hourly")
    with db.read() as session:
        lines = list(session.scalars(select(StatementLine)))
    kinds = Counter(line.kind for line in lines)
    assert kinds == {"hourly": 150, "service-fee": 150, "withdrawal": 37}
    first_week = BillingWeek(FIRST_MONDAY).bucket
    hourly = {line.bucket: line for line in lines if line.kind == "hourly"}
    fees = {line.bucket: line for line in lines if line.kind == "service-fee"}
    assert sorted(hourly) == sorted(fees) == list(range(first_week, first_week + 150))
    assert hourly[first_week].seconds == 10 * 3600 and hourly[first_week].rate_cents == 4000
    assert hourly[first_week].amount_cents == 40000 and fees[first_week].amount_cents == -4000
    assert all(line.contract_id is None for line in lines if line.kind == "withdrawal")
    again = import_file(db, "upwork", path, now=NOW)
    assert again.statement_lines_added == 0


def test_newer_transactions_csv_with_bom_gives_costs(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", csv_text(TRANSACTIONS_HEADER, transactions_rows()), bom=True)
    result = import_file(db, "upwork", path, now=NOW)
    assert result.statement_lines_added == 6
    (contract,) = list_contracts(db, now=NOW)
    assert (contract.title, contract.client_name, contract.kind) == (
        'Logo, final "v2"',
        "Beta GmbH",
        "fixed",
    )
    costs = statement_costs(db)
    assert [(c.kind, c.amount) for c in costs] == [
        ("vat", Decimal("6.00")),
        ("connects", Decimal("12.00")),
        ("membership", Decimal("19.99")),
    ]
    assert statement_costs(db, start=datetime(2026, 3, 17, tzinfo=NOW.tzinfo)) == costs[1:]


def test_weekly_summary_reproduces_its_hours_and_amounts_to_the_cent(
    db: Database, tmp_path: Path
) -> None:
    rows = weekly_rows(400)
    path = write(
        tmp_path / "weekly.csv", csv_text(WEEKLY_HEADER, [list(r) for r in rows], newline="\n")
    )
    result = import_file(db, "upwork", path, now=NOW)
    assert result.statement_lines_added == 400 and result.contracts_added == ["Build the API"]
    file_hours = sum(Decimal(r[2]) for r in rows)
    file_amount = sum(Decimal(r[3]) for r in rows)
    with db.read() as session:
        seconds, cents = session.execute(
            select(func.sum(StatementLine.seconds), func.sum(StatementLine.amount_cents))
        ).one()
        references = set(session.scalars(select(StatementLine.reference)))
    assert Decimal(seconds) / 3600 == file_hours.quantize(Decimal("0.01"))
    assert Decimal(cents) / 100 == file_amount
    assert references == {"31415926"}


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (
            lambda rows: rows[5].__setitem__(9, "$12.345"),
            "line 7: “\\$12.345” is not an amount in cents",
        ),
        (lambda rows: rows[3].__setitem__(0, "32/13/2025"), "line 5: “32/13/2025” is not a date"),
        (lambda rows: rows.append(["too", "short"]), "2 fields where the header has 13"),
    ],
)
def test_a_broken_upwork_file_writes_nothing(
    db: Database, tmp_path: Path, mangle, message: str
) -> None:
    rows = history_rows(20)
    mangle(rows)
    path = write(tmp_path / "h.csv", csv_text(HISTORY_HEADER, rows))
    before = table_counts(db)
    with pytest.raises(UserError, match=message):
        import_file(db, "upwork", path, now=NOW)
    assert table_counts(db) == before


def test_a_csv_that_is_no_upwork_export_is_refused() -> None:
    with pytest.raises(BadFile, match="not an Upwork export"):
        upwork.parse("Name,Value\r\na,1\r\n", ReadOptions())


def test_statement_lines_feed_the_lifetime_of_the_fee_tiers(db: Database, tmp_path: Path) -> None:
    from app.services.contracts import change_fee_schedule
    from app.services.earnings import week_report
    from app.services.entries import log_entry

    rows = history_rows(1)  # one $400.00 week: 10:00 hrs @ $40.00
    import_file(db, "upwork", write(tmp_path / "h.csv", csv_text(HISTORY_HEADER, rows)), now=NOW)
    change_fee_schedule(
        db, 'Acme, "the" Co', "upwork-2016", effective_from=datetime(2000, 1, 1, tzinfo=NOW.tzinfo)
    )
    start = datetime(2026, 2, 23, 9, 0, tzinfo=NOW.tzinfo)
    log_entry(db, 'Acme, "the" Co', start, start + timedelta(hours=5), now=NOW)  # 0 rate
    from app.services.contracts import edit_contract

    # The rate applies from that week on (a rate change never re-prices earlier weeks).
    edit_contract(db, 'Acme, "the" Co', hourly_rate=Decimal("40"), effective_from=start, now=NOW)
    report = week_report(db, BillingWeek.of(start), now=NOW)
    (row,) = report.rows
    # $200 after $400 billed before: 20% of $100, then 10% of $100 = $30 (not 20% = $40).
    assert (row.gross, row.fee) == (Decimal("200.00"), Decimal("30.00"))


def test_the_same_hourly_week_from_another_upwork_export_is_not_counted_twice(
    db: Database, tmp_path: Path
) -> None:
    from app.services.import_targets import Mapping

    history = write(tmp_path / "h.csv", csv_text(HISTORY_HEADER, history_rows(2)))
    import_file(db, "upwork", history, now=NOW)
    monday = FIRST_MONDAY.strftime("%m/%d/%Y")
    second = (FIRST_MONDAY + timedelta(weeks=1)).strftime("%m/%d/%Y")
    weekly = [
        [monday, "Acme job (777)", "10.00000", "400.00", "Hourly"],  # the same as the history
        [second, "Acme job (777)", "10.25000", "410.00", "Hourly"],  # the same too
        [second, "Acme job (777)", "1.00000", "40.00", "Hourly"],  # a manual-time top-up
    ]
    path = write(tmp_path / "w.csv", csv_text(WEEKLY_HEADER, weekly))
    mapping = Mapping.from_pairs(['Acme job=Acme, "the" Co'])
    result = import_file(db, "upwork", path, mapping=mapping, now=NOW)
    assert result.statement_lines_added == 1
    assert [p.line for p in result.problems] == [2, 3]
    assert "already on an imported statement" in result.problems[0].reason


def test_a_week_tallyhour_billed_itself_counts_once_toward_lifetime(
    db: Database, tmp_path: Path
) -> None:
    from app.services.entries import log_entry
    from app.services.statements import statement_lifetime

    rows = history_rows(2)  # weeks of 2025-01-06 ($400.00) and 2025-01-13 ($410.00)
    import_file(db, "upwork", write(tmp_path / "h.csv", csv_text(HISTORY_HEADER, rows)), now=NOW)
    with db.read() as session:
        assert list(statement_lifetime(session).values()) == [Decimal("810.00")]
    start = datetime(2025, 1, 13, 9, 0, tzinfo=NOW.tzinfo)
    log_entry(db, 'Acme, "the" Co', start, start + timedelta(hours=1), now=NOW)
    with db.read() as session:
        # The tracked week now bills through Tallyhour; the statement fills in the other.
        assert list(statement_lifetime(session).values()) == [Decimal("400.00")]


def test_reconcile_shows_the_weekly_summary_hours_and_amounts_to_the_cent(
    db: Database, tmp_path: Path
) -> None:
    from app.core.instants import hours_text
    from app.services.reconcile import reconcile

    rows = weekly_rows(120)
    path = write(tmp_path / "w.csv", csv_text(WEEKLY_HEADER, [list(r) for r in rows]), bom=True)
    import_file(db, "upwork", path, now=NOW)
    weeks = reconcile(db, now=NOW).rows
    assert len(weeks) == 120 and {w.status for w in weeks} == {"untracked"}
    assert [hours_text(w.statement_seconds) for w in weeks] == [
        str(Decimal(r[2]).quantize(Decimal("0.01"))) for r in rows
    ]
    assert sum(w.statement_gross for w in weeks) == sum(Decimal(r[3]) for r in rows)
    assert hours_text(sum(w.statement_seconds for w in weeks)) == str(
        sum(Decimal(r[2]) for r in rows).quantize(Decimal("0.01"))
    )
