"""Clockify: the detailed report CSV (dates and 12/24-hour times as the user set them)."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from app.importers.detailed import DetailedLayout, parse_detailed
from app.importers.records import ParsedFile, ReadOptions

LAYOUT = DetailedLayout(
    source="clockify",
    what="a Clockify detailed CSV",
    columns=(
        "Project",
        "Client",
        "Description",
        "Start Date",
        "Start Time",
        "End Date",
        "End Time",
    ),
    start=("Start Date", "Start Time"),
    end=("End Date", "End Time"),
    money=re.compile(r"^Billable Rate \((?P<currency>[A-Z]{3})\)$"),
    user="Email",
)


def parse(text: str, options: ReadOptions) -> ParsedFile:
    """Every row; the date format is detected from all dates, or `--date-format`."""
    return parse_detailed(text, options, LAYOUT, _rate)


def _rate(rate: Decimal | None, _start: datetime, _end: datetime) -> Decimal | None:
    """Clockify gives the billable rate itself."""
    return rate
