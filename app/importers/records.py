"""What an importer reads out of a file: time entries, statement lines and problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from decimal import Decimal

from app.core.weeks import BillingWeek


@dataclass(frozen=True)
class Problem:
    """Something wrong with one record of a file; `line` is its first line (or number)."""

    line: int
    reason: str


@dataclass(frozen=True)
class EntryRecord:
    """A stretch of work read from a tracker's export."""

    line: int
    #: The record's id in the file (or a hash of what identifies it), for re-imports.
    source_id: str
    #: Project names that may name the contract, best first (Timewarrior: every tag).
    projects: tuple[str, ...]
    client: str
    start: datetime
    end: datetime
    memo: str = ""
    rate: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True)
class StatementRecord:
    """A row of a marketplace statement: money billed, charged, withheld or paid out."""

    line: int
    source_id: str
    kind: str
    #: Signed: money to the freelancer positive, fees and payouts negative.
    amount: Decimal
    currency: str
    at: datetime
    week: BillingWeek
    #: The contract as the file names it ("" when the row belongs to none).
    project: str
    client: str
    contract_kind: str = "hourly"
    seconds: int | None = None
    rate: Decimal | None = None
    description: str = ""
    reference: str = ""


@dataclass(frozen=True)
class ReadOptions:
    """How to read times: the exporter's zone (None: this computer's) and date format."""

    zone: tzinfo | None = None
    date_format: str | None = None


@dataclass
class ParsedFile:
    """Everything an importer found in one file."""

    format: str
    entries: list[EntryRecord] = field(default_factory=list)
    statement_lines: list[StatementRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
