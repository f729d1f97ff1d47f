"""Toggl Track: the detailed report CSV (the currency is in the `Amount (EUR)` header)."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from app.core.money_rules import hourly_rate
from app.importers.detailed import DetailedLayout, parse_detailed
from app.importers.records import ParsedFile, ReadOptions

LAYOUT = DetailedLayout(
    source="toggl",
    what="a Toggl Track detailed CSV",
    columns=("Project", "Description", "Start date", "Start time", "End date", "End time"),
    start=("Start date", "Start time"),
    end=("End date", "End time"),
    money=re.compile(r"^Amount \((?P<currency>[A-Z]{3})\)$"),
    user="User",
)


def parse(text: str, options: ReadOptions) -> ParsedFile:
    """Every row; times are wall-clock in the exporter's zone (`options.zone`)."""
    return parse_detailed(text, options, LAYOUT, _rate)


def _rate(amount: Decimal | None, start: datetime, end: datetime) -> Decimal | None:
    """Toggl gives the row's amount: the rate is that amount per hour of the row."""
    return None if not amount else hourly_rate(amount, int((end - start).total_seconds()))
