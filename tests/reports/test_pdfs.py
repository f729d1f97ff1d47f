"""PDFs drawn from report data and read back with pypdf: text prints as typed, pages add up."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.reports.invoice_data import InvoiceDocument, LineDraft, invoice_totals, line_amount
from app.reports.invoice_pdf import draw_invoice
from app.reports.layout import CELL_PADDING, cell_font, para, styles, text_cell
from app.reports.timesheet_data import Party, SheetContract, SheetEntry, build_timesheet
from app.reports.timesheet_pdf import draw_timesheet
from tests.reports.helpers import CYRILLIC_MEMO, GREEK_MEMO, MARKUP_MEMO, pdf_pages, pdf_text

W10 = BillingWeek.parse("2026-W10")
CONTRACT = SheetContract(
    contract_id=3,
    title="API work",
    freelancer=Party("Priya Sharma", ("12 MG Road", "Bengaluru")),
    client=Party("Acme Ltd", ("Hauptstraße 5", "Berlin")),
    currency="USD",
    rate=Decimal("60.00"),
    weekly_limit_seconds=2 * 3600,
)


def at(day: int, h: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, h, minute, tzinfo=UTC)


def test_the_timesheet_prints_names_memos_as_typed_and_totals(tmp_path):
    entries = [
        SheetEntry(1, at(2, 9), at(2, 10), "timer", MARKUP_MEMO),
        SheetEntry(2, at(3, 9), at(3, 10), "manual", GREEK_MEMO),
        SheetEntry(3, at(4, 9), at(4, 10, 30), "timer", CYRILLIC_MEMO),
    ]
    out = tmp_path / "t.pdf"
    pages = draw_timesheet(build_timesheet(CONTRACT, W10, entries, zone=UTC), out)
    text = pdf_text(out)
    assert pages == 1
    for expected in (
        "Priya Sharma",
        "Acme Ltd",
        "Hauptstraße 5",
        "API work",
        MARKUP_MEMO,
        GREEK_MEMO,
        CYRILLIC_MEMO,
        "TS-3-2026-W10",
        "2026-W10",
        "manual entry",
        "over the weekly limit: not billed",
        "Total time worked 3:30 (3.50 h)",
        "Over the weekly limit (not billed) 1:30 (1.50 h)",
        "Billable time 2:00 (2.00 h)",
        "Amount due 120.00 USD",
        "Approved by (name)",
        "Signature",
        "Page 1 of 1",
    ):
        assert expected in text
    assert "&amp;" not in text and "&lt;" not in text
    lowered = text.lower()
    assert "fee" not in lowered and "take-home" not in lowered and "net " not in lowered


def test_five_hundred_entries_give_several_pages_each_with_the_table_header(tmp_path):
    start = W10.starts_at
    entries = [
        SheetEntry(
            i,
            start + timedelta(minutes=20 * i),
            start + timedelta(minutes=20 * i + 15),
            "timer",
            f"task {i}",
        )
        for i in range(500)
    ]
    out = tmp_path / "long.pdf"
    pages = draw_timesheet(build_timesheet(CONTRACT, W10, entries, zone=UTC), out)
    texts = pdf_pages(out)
    assert pages == len(texts) >= 5
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in page
        if number < pages:  # the last page may hold only the totals and the approval block
            assert all(word in page for word in ("Day", "Start", "End", "Duration", "Memo", "Note"))
    assert "task 499" in " ".join(texts)


@pytest.mark.parametrize(
    "memo",
    [
        "x" * 5000,  # one endless word
        "\n".join(["line"] * 300),  # hundreds of line breaks
        "emoji 🎉 and CJK 漢字 and Arabic مرحبا",
        "<para><font name='x'>&#x1F600;</font>]]>",
    ],
)
def test_hostile_memos_never_break_the_pdf(tmp_path, memo):
    out = tmp_path / "t.pdf"
    data = build_timesheet(CONTRACT, W10, [SheetEntry(1, at(2, 9), at(2, 10), "timer", memo)])
    assert draw_timesheet(data, out) >= 1
    assert out.read_bytes().startswith(b"%PDF")


def test_a_long_memo_is_shortened_with_an_ellipsis(tmp_path):
    out = tmp_path / "t.pdf"
    data = build_timesheet(
        CONTRACT, W10, [SheetEntry(1, at(2, 9), at(2, 10), "timer", "word " * 300)]
    )
    draw_timesheet(data, out)
    assert "word…" in pdf_text(out)


def invoice(
    status: str = "issued", number: str | None = "INV-2026-0001", **changes
) -> InvoiceDocument:
    lines = [
        LineDraft(
            f"Mon 2 Mar 2026: {MARKUP_MEMO}", Decimal("1.84"), Decimal("45.00"), Decimal("82.80")
        ),
        LineDraft(
            f"Tue 3 Mar 2026: {GREEK_MEMO}; {CYRILLIC_MEMO}",
            Decimal("1.17"),
            Decimal("45.00"),
            Decimal("52.65"),
        ),
    ]
    values = dict(
        number=number,
        status=status,
        issue_date=date(2026, 3, 9),
        due_date=date(2026, 3, 23),
        paid_on=None,
        seller=Party("Priya Sharma", ("12 MG Road", "Tax ID: 29ABCDE")),
        buyer=Party("Acme Ltd", ("Hauptstraße 5",)),
        contract_title="API work",
        period="2026-W10 (Mon 2 Mar 2026 to Sun 8 Mar 2026, UTC)",
        currency="EUR",
        quantity_label="Hours",
        lines=tuple(lines),
        tax_rate=Decimal("0.19"),
        totals=invoice_totals(lines, Decimal("0.19")),
        terms="Payment due within 14 days.",
        notes="R&D <i>notes</i> & thanks",
    )
    values.update(changes)
    return InvoiceDocument(**values)


def test_the_invoice_prints_parties_lines_and_totals_as_computed(tmp_path):
    out = tmp_path / "i.pdf"
    assert draw_invoice(invoice(), out) == 1
    text = pdf_text(out)
    for expected in (
        "INV-2026-0001",
        "ISSUE DATE Mon 9 Mar 2026",
        "DUE DATE Mon 23 Mar 2026",
        "Priya Sharma",
        "Tax ID: 29ABCDE",
        "Acme Ltd",
        "Hauptstraße 5",
        MARKUP_MEMO,
        GREEK_MEMO,
        CYRILLIC_MEMO,
        "1.84 45.00 82.80",
        "1.17 45.00 52.65",
        "Subtotal 135.45",
        "Tax (19%) 25.74",
        "Total (EUR) 161.19",
        "Payment due within 14 days.",
        "R&D <i>notes</i> & thanks",
        "Page 1 of 1",
    ):
        assert expected in text


@pytest.mark.parametrize(
    ("status", "number", "changes", "stamp"),
    [
        ("draft", None, {"issue_date": None, "due_date": None}, "DRAFT: not yet issued"),
        ("void", "INV-2026-0002", {}, "VOID"),
        ("paid", "INV-2026-0003", {"paid_on": date(2026, 3, 20)}, "PAID on Fri 20 Mar 2026"),
    ],
)
def test_the_invoice_status_is_stamped(tmp_path, status, number, changes, stamp):
    out = tmp_path / "i.pdf"
    draw_invoice(invoice(status, number, **changes), out)
    assert stamp in pdf_text(out)


def test_two_thousand_lines_print_on_many_pages_and_the_total_stays_exact(tmp_path):
    lines = [
        LineDraft(
            f"line {i}",
            Decimal(i % 900 + 1) / 100,
            Decimal("33.33"),
            line_amount(Decimal(i % 900 + 1) / 100, Decimal("33.33")),
        )
        for i in range(2000)
    ]
    totals = invoice_totals(lines, Decimal(0))
    out = tmp_path / "big.pdf"
    pages = draw_invoice(invoice(lines=tuple(lines), totals=totals, tax_rate=Decimal(0)), out)
    texts = pdf_pages(out)
    assert pages == len(texts) > 20
    assert all("Description" in page for page in texts[:-1])
    assert f"Subtotal {totals.subtotal:,.2f}" in " ".join(" ".join(texts).split())


def test_an_unwritable_target_is_refused_and_nothing_is_left(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        draw_invoice(invoice(), tmp_path / "missing" / "i.pdf")
    with pytest.raises(UserError, match="is a folder"):
        draw_invoice(invoice(), tmp_path)
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(UserError, match="permission denied"):
            draw_invoice(invoice(), locked / "i.pdf")
    assert [p.name for p in tmp_path.iterdir() if p.name != "locked"] == []


def test_an_entry_partly_over_the_limit_says_how_much_is_not_billed(tmp_path):
    entries = [SheetEntry(1, at(2, 9), at(2, 12), "timer", "long day")]
    out = tmp_path / "t.pdf"
    draw_timesheet(build_timesheet(CONTRACT, W10, entries, zone=UTC), out)
    assert "1:00 over the weekly limit: not billed" in pdf_text(out)


def test_a_cell_is_plain_text_when_it_fits_on_one_line_else_a_wrapping_paragraph():
    cell = styles().cell
    assert text_cell(MARKUP_MEMO, cell, 300) == MARKUP_MEMO  # drawn as typed: no markup
    for text in ("word " * 40, "two\nlines", "a\ttab"):
        assert isinstance(text_cell(text, cell, 300), Paragraph), text
    room = stringWidth("fits", cell.fontName, cell.fontSize) + 2 * CELL_PADDING
    assert text_cell("fits", cell, room) == "fits"
    assert isinstance(text_cell("fits", cell, room - 1), Paragraph)


def test_a_row_of_plain_cells_is_as_tall_as_one_with_a_paragraph():
    cell = styles().cell
    heights = []
    for description in ("Task 1", para("Task 1", cell)):
        table = Table([["1", description, "0:30"]], colWidths=[26, 200, 56])
        table.setStyle(
            TableStyle([*cell_font(cell, (0, 0), (-1, -1)), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        table.wrap(500, 800)
        heights.append(table._rowHeights)
    assert heights[0] == heights[1]
