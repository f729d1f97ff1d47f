"""The reports layer imports no Qt, ships its font with a license, and embeds it in PDFs."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from app.reports.fonts import FONT_DIR
from app.reports.invoice_data import InvoiceDocument, InvoiceTotals
from app.reports.invoice_pdf import draw_invoice
from app.reports.timesheet_data import Party


def test_reports_and_their_services_import_no_qt():
    code = (
        "import sys, app.reports.timesheet_pdf, app.reports.invoice_pdf, app.reports.csv_export,"
        " app.services.timesheets, app.services.invoices, app.cli.report_commands;"
        " sys.exit(any(name.startswith('PySide6') for name in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0


def test_the_font_ships_with_its_license():
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"):
        assert (FONT_DIR / name).is_file(), name
    assert "Bitstream Vera Fonts Copyright" in (FONT_DIR / "LICENSE-DejaVu.txt").read_text()


def test_pdfs_embed_the_unicode_font(tmp_path):
    document = InvoiceDocument(
        number="INV-2026-0001",
        status="issued",
        issue_date=None,
        due_date=None,
        paid_on=None,
        seller=Party("Σοφία"),
        buyer=Party("Борис"),
        contract_title="x",
        period="",
        currency="EUR",
        quantity_label="Hours",
        lines=(),
        tax_rate=Decimal(0),
        totals=InvoiceTotals(Decimal(0), Decimal(0), Decimal(0)),
        terms="",
        notes="",
    )
    out = tmp_path / "i.pdf"
    draw_invoice(document, out)
    fonts = {
        str(font["/BaseFont"]) for font in PdfReader(out).pages[0]["/Resources"]["/Font"].values()
    }
    assert any(name.endswith("+DejaVuSans") for name in fonts)
    assert any(name.endswith("+DejaVuSans-Bold") for name in fonts)
