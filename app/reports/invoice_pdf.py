"""Drawing an invoice (reportlab platypus); the figures come from `invoice_data`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from app.core.fees import percent_text
from app.reports.invoice_data import TIME_LABEL, TIME_RULE, InvoiceDocument
from app.reports.layout import (
    ACCENT,
    CONTENT_WIDTH,
    RULE,
    cell_font,
    document_header,
    key_value_table,
    para,
    party_block,
    styles,
    text_cell,
    three_parties,
    write_pdf,
)
from app.reports.printed import (
    clock_text,
    day_text,
    money_text,
    quantity_seconds,
)

#: Line table columns: position, description, quantity, unit price, amount.
_WIDTHS = (26, None, 56, 72, 82)
_STAMPS = {
    "draft": ("DRAFT: not yet issued, no number", colors.HexColor("#8A6D00")),
    "void": (
        "VOID: this invoice is cancelled",
        colors.HexColor("#B42318"),
    ),
    "paid": ("PAID", colors.HexColor("#1E7B4F")),
}


def draw_invoice(document: InvoiceDocument, out: Path) -> int:
    """Write the invoice PDF to `out`; returns its number of pages."""
    s = styles()
    story: list[Any] = [_title(document), Spacer(1, 5 * mm), _parties(document)]
    story += [Spacer(1, 5 * mm), _lines(document), Spacer(1, 4 * mm), _totals(document)]
    if document.quantity_label == TIME_LABEL:
        story += [Spacer(1, 2 * mm), para(TIME_RULE, s.body)]
    if document.terms.strip():
        story += [Spacer(1, 6 * mm), para("Payment terms", s.heading), para(document.terms, s.body)]
    if document.notes.strip():
        story += [Spacer(1, 3 * mm), para("Notes", s.heading), para(document.notes, s.body)]
    name = document.number or "draft"
    return write_pdf(
        out,
        story,
        title=f"Invoice {name}",
        author=document.seller.name,
        footer=f"Invoice {name} · {document.seller.name}".rstrip(" ·"),
    )


def _title(document: InvoiceDocument) -> Table:
    """The word Invoice and its status on the left; number and dates on the right."""
    s = styles()
    left: list[Any] = [para("Invoice", s.title)]
    stamp = _STAMPS.get(document.status)
    if stamp is not None:
        text, color = stamp
        if document.status == "paid" and document.paid_on is not None:
            text = f"PAID on {day_text(document.paid_on)}"
        left.append(para(text, ParagraphStyle("stamp", parent=s.heading, textColor=color)))
    facts = [("Invoice no.", document.number or "—")]
    if document.issue_date is not None:
        facts.append(("Issue date", day_text(document.issue_date)))
    if document.due_date is not None:
        facts.append(("Due date", day_text(document.due_date)))
    facts.append(("Currency", document.currency))
    right: list[Any] = []
    for label, value in facts:
        right += [para(label.upper(), s.label), para(value, s.body, bold=label == "Invoice no.")]
    return document_header(left, right, left_share=0.66)


def _parties(document: InvoiceDocument) -> Table:
    """Seller, buyer, and what is billed."""
    about = [f"Period: {document.period}"] if document.period else []
    return three_parties(
        [
            party_block("From", document.seller.name, document.seller.details),
            party_block("Bill to", document.buyer.name, document.buyer.details),
            party_block("For", document.contract_title, about),
        ]
    )


def _lines(document: InvoiceDocument) -> Table:
    """The line table, its header repeated on every page."""
    s = styles()
    timed = document.quantity_label == TIME_LABEL
    with_seconds = timed and any(quantity_seconds(line.quantity) % 60 for line in document.lines)
    label = "h:mm:ss" if with_seconds else document.quantity_label
    rows: list[list[Any]] = [
        [
            para("#", s.cell_head),
            para("Description", s.cell_head),
            para(label, s.cell_head_right),
            para("Unit price", s.cell_head_right),
            para(f"Amount ({document.currency})", s.cell_head_right),
        ]
    ]
    widths = [w if w is not None else CONTENT_WIDTH - sum(x or 0 for x in _WIDTHS) for w in _WIDTHS]
    for position, line in enumerate(document.lines, start=1):
        rows.append(
            [
                str(position),
                text_cell(line.description, s.cell, widths[1]),
                _quantity_text(line.quantity, timed=timed, with_seconds=with_seconds),
                money_text(line.unit_price),
                money_text(line.amount),
            ]
        )
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                *cell_font(s.cell, (0, 1), (-1, -1)),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("ALIGN", (0, 1), (0, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _totals(document: InvoiceDocument) -> KeepTogether:
    """Subtotal, tax and total, exactly as computed from the printed lines."""
    totals = document.totals
    rows = [("Subtotal", money_text(totals.subtotal))]
    if document.tax_rate or totals.tax:
        rows.append((f"Tax ({percent_text(document.tax_rate)})", money_text(totals.tax)))
    rows.append((f"Total ({document.currency})", money_text(totals.total)))
    return KeepTogether([key_value_table(rows, width=CONTENT_WIDTH * 0.45, strong_last=True)])


def _quantity_text(quantity: Decimal, *, timed: bool, with_seconds: bool) -> str:
    """Time as h:mm (h:mm:ss when any line has seconds); other quantities plainly ("1")."""
    if timed:
        return clock_text(quantity_seconds(quantity), with_seconds=with_seconds)
    return f"{quantity.normalize():f}"
