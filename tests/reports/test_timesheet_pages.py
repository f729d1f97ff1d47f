"""A timesheet's totals box is never split across two pages, however many entries come first."""

from __future__ import annotations

from datetime import UTC, timedelta

from app.reports.timesheet_data import SheetEntry, build_timesheet
from app.reports.timesheet_pdf import draw_timesheet
from tests.reports.helpers import pdf_pages
from tests.reports.test_pdfs import CONTRACT, W10


def page_of(pages: list[str], label: str) -> int:
    return next(number for number, text in enumerate(pages) if label in text)


def test_the_totals_box_stays_on_one_page_whatever_the_entry_count(tmp_path):
    start = W10.starts_at
    crossings = 0
    for count in range(30, 50):
        entries = [
            SheetEntry(
                i,
                start + timedelta(hours=i),
                start + timedelta(hours=i, minutes=30),
                "timer",
                f"task {i}",
            )
            for i in range(count)
        ]
        out = tmp_path / f"t{count}.pdf"
        draw_timesheet(build_timesheet(CONTRACT, W10, entries, zone=UTC), out)
        pages = pdf_pages(out)
        first, last = page_of(pages, "Total time worked"), page_of(pages, "Amount due")
        assert first == last, f"{count} entries: the totals box starts on page {first + 1}"
        crossings += first > page_of(pages, f"task {count - 1}")
    assert crossings  # some counts pushed the box to the next page: the case was exercised
