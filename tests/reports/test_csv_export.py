"""CSV exports: UTF-8, a header row, ISO 8601 times with offset, any memo kept intact."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from app.reports.csv_export import (
    ENTRY_HEADERS,
    INVOICE_HEADERS,
    safe_text,
    write_entries_csv,
    write_invoices_csv,
)
from app.reports.invoice_data import InvoiceTotals
from app.reports.timesheet_data import Party
from app.services.invoices import InvoiceInfo
from app.services.records import EntryInfo
from tests.reports.helpers import CYRILLIC_MEMO, GREEK_MEMO, MARKUP_MEMO

INDIA = timezone(timedelta(hours=5, minutes=30))
TRICKY_MEMO = 'line one, with "quotes"\nline two'


def entry(entry_id: int, memo: str, *, source: str = "timer") -> EntryInfo:
    start = datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(hours=entry_id)
    return EntryInfo(
        entry_id,
        1,
        "API work",
        "Acme Ltd",
        start,
        start + timedelta(minutes=90),
        5400,
        memo,
        source,
    )


def read(path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_entries_export_keeps_every_memo_as_typed(tmp_path):
    memos = [MARKUP_MEMO, GREEK_MEMO, CYRILLIC_MEMO, TRICKY_MEMO]
    out = write_entries_csv(
        tmp_path / "e.csv", [entry(i, m) for i, m in enumerate(memos)], zone=INDIA
    )
    rows = read(out)
    assert rows[0] == list(ENTRY_HEADERS)
    assert [row[-1] for row in rows[1:]] == memos
    assert rows[1][:11] == [
        "0",
        "API work",
        "Acme Ltd",
        "2026-W10",
        "2026-03-02T14:30:00+05:30",
        "2026-03-02T16:00:00+05:30",
        "5400",
        "1.50",
        "timer",
        "no",
        "no",
    ]


def test_a_running_entry_has_an_empty_end(tmp_path):
    running = EntryInfo(
        1, 1, "API work", "Acme Ltd", datetime(2026, 3, 2, 9, tzinfo=UTC), None, 60, "", "timer"
    )
    rows = read(write_entries_csv(tmp_path / "e.csv", [running], zone=UTC))
    assert rows[1][4:6] == ["2026-03-02T09:00:00+00:00", ""]


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("-fixed bug", "'-fixed bug"),
        ("@sum", "'@sum"),
        ("+1", "'+1"),
        ("plain", "plain"),
    ],
)
def test_formula_like_text_is_defused(text, cell):
    assert safe_text(text) == cell


def test_invoices_export(tmp_path):
    info = InvoiceInfo(
        id=4,
        number="INV-2026-0002",
        status="paid",
        contract_id=1,
        contract_title="API work",
        client_name="Acme Ltd",
        currency="EUR",
        issue_date=date(2026, 3, 9),
        due_date=date(2026, 3, 23),
        paid_on=date(2026, 3, 20),
        period_start=datetime(2026, 3, 2, tzinfo=UTC),
        period_end=datetime(2026, 3, 9, tzinfo=UTC),
        period="2026-W10",
        quantity_label="Hours",
        tax_rate=Decimal("0.19"),
        totals=InvoiceTotals(Decimal("135.45"), Decimal("25.74"), Decimal("161.19")),
        terms="",
        notes="",
        seller=Party("Priya"),
        buyer=Party("Acme Ltd"),
        created_at=datetime(2026, 3, 9, 10, tzinfo=UTC),
        lines=(),
    )
    rows = read(write_invoices_csv(tmp_path / "i.csv", [info], zone=UTC))
    assert rows == [
        list(INVOICE_HEADERS),
        [
            "INV-2026-0002",
            "paid",
            "API work",
            "Acme Ltd",
            "EUR",
            "2026-03-09",
            "2026-03-23",
            "2026-03-20",
            "2026-03-02T00:00:00+00:00",
            "2026-03-09T00:00:00+00:00",
            "0",
            "135.45",
            "0.19",
            "25.74",
            "161.19",
            "2026-03-09T10:00:00+00:00",
        ],
    ]
