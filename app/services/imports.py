"""Importing another tracker's or a marketplace's export: one file, one transaction.

A file imports whole or not at all. Records already imported (same format and id) are
skipped, so importing a file twice, or a later export that repeats it, adds nothing.
Time that overlaps other time is reported by line and left out, never merged.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.core.clock import system_clock
from app.core.errors import UserError
from app.core.instants import to_epoch
from app.core.money import to_cents
from app.core.text import clean_memo, quoted
from app.core.weeks import BillingWeek
from app.importers import parser_for
from app.importers.files import BadFile, read_text
from app.importers.records import EntryRecord, ParsedFile, Problem, ReadOptions, StatementRecord
from app.models import Contract, StatementLine, TimeEntry, Timesheet
from app.models.database import Database
from app.services.entries import describe_time
from app.services.import_targets import Mapping, Targets
from app.services.week_totals import rebuild_week_totals

#: Rows written per statement, and how often progress is reported.
CHUNK = 5_000
#: The platform contracts created by each format belong to.
PLATFORM_OF_FORMAT = {"upwork": "upwork"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    format: str
    dry_run: bool
    entries_added: int
    entries_skipped: int
    statement_lines_added: int
    clients_added: list[str]
    contracts_added: list[str]
    problems: list[Problem]


@dataclass
class _Plan:
    """Rows an import will write, and what it skipped."""

    entries: list[dict[str, object]] = field(default_factory=list)
    lines: list[dict[str, object]] = field(default_factory=list)
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back; carries its result."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


def read_export(db: Database, path: Path, format_name: str, options: ReadOptions) -> ParsedFile:
    """Read a file in a named format (a bad file raises one clear `BadFile`)."""
    parse = parser_for(format_name)
    refuse_own_database(db, path)
    text = read_text(path)
    try:
        return parse(text, options)
    except BadFile as error:
        raise BadFile(f"{path.name}: {error} (nothing was imported)") from None


def import_file(
    db: Database,
    format_name: str,
    path: Path,
    *,
    options: ReadOptions | None = None,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one export file in one transaction; a dry run writes nothing."""
    parsed = read_export(db, path, format_name, options or ReadOptions())
    return import_parsed(
        db, parsed, mapping=mapping or Mapping(), dry_run=dry_run, now=now, progress=progress
    )


def refuse_own_database(db: Database, path: Path) -> None:
    """Refuse to read the database itself or its companion files as an export.

    Opening and closing those files outside SQLite would silently drop SQLite's locks on
    them (POSIX locks belong to the process), so they are compared by `stat` alone.
    """
    if db.path is None:
        return
    try:
        wanted = path.stat()
    except OSError:
        return  # reading it reports the problem
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            own = Path(f"{db.path}{suffix}").stat()
        except OSError:
            continue
        if (own.st_dev, own.st_ino) == (wanted.st_dev, wanted.st_ino):
            raise BadFile(f"{path} is Tallyhour's own database, not an export; nothing was read")


def import_parsed(
    db: Database,
    parsed: ParsedFile,
    *,
    mapping: Mapping,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Write what a reader found, in one transaction (rolled back for a dry run)."""
    now = now or system_clock()
    try:
        with db.write() as session:
            targets = Targets(
                session, mapping, PLATFORM_OF_FORMAT.get(parsed.format, "direct"), now
            )
            plan = _Plan(problems=list(parsed.problems))
            touched = _plan_entries(session, parsed, targets, plan, now)
            _plan_statement_lines(session, parsed, targets, plan)
            if not dry_run:
                _write(session, plan, progress)
                for contract_id in sorted(touched):
                    rebuild_week_totals(session, contract_id=contract_id)
            result = ImportResult(
                format=parsed.format,
                dry_run=dry_run,
                entries_added=len(plan.entries),
                entries_skipped=plan.skipped,
                statement_lines_added=len(plan.lines),
                clients_added=list(targets.clients_added),
                contracts_added=list(targets.contracts_added),
                problems=sorted(plan.problems, key=lambda problem: problem.line),
            )
            if dry_run:
                raise _DryRun(result)
            return result
    except _DryRun as rolled_back:
        return rolled_back.result


def _plan_entries(
    session: Session, parsed: ParsedFile, targets: Targets, plan: _Plan, now: datetime
) -> set[int]:
    """Check every entry (duplicate, overlap, locked week, future) and queue the good ones."""
    records = sorted(parsed.entries, key=lambda record: (record.start, record.line))
    if not records:
        return set()
    known = set(
        session.scalars(select(TimeEntry.import_id).where(TimeEntry.import_source == parsed.format))
    )
    existing = _Existing.load(session, records[0].start, max(r.end for r in records), now)
    locked = _locked_weeks(session)
    touched: set[int] = set()
    last_end: datetime | None = None
    last_line = 0
    for record in records:
        if record.source_id in known:
            plan.skipped += 1
            continue
        reason = _refusal(record, now)
        target = None
        if reason is None:
            target = targets.resolve(
                record.projects, record.client, rate=record.rate, currency=record.currency
            )
            reason = existing.clash(record.start, record.end)
            if reason is None and last_end is not None and last_end > record.start:
                reason = f"overlaps line {last_line} of this file"
            if reason is None and target.status == "ended":
                reason = f"contract {quoted(target.title)} has ended"
            if reason is None and _in_locked_week(locked, target.contract_id, record):
                reason = f"falls in a week approved and locked on {quoted(target.title)}"
        if reason is not None or target is None:
            plan.skipped += 1
            plan.problems.append(Problem(record.line, reason or "skipped"))
            continue
        known.add(record.source_id)
        last_end, last_line = record.end, record.line
        touched.add(target.contract_id)
        plan.entries.append(
            {
                "contract_id": target.contract_id,
                "start_at": record.start,
                "end_at": record.end,
                "memo": clean_memo(record.memo),
                "source": "import",
                "updated_at": now,
                "import_source": parsed.format,
                "import_id": record.source_id,
            }
        )
    return touched


def _refusal(record: EntryRecord, now: datetime) -> str | None:
    """Why an entry cannot be imported on its own terms, or None."""
    if record.end > now:
        return "ends in the future"
    try:
        clean_memo(record.memo)
    except UserError as error:
        return str(error)
    return None


def _plan_statement_lines(
    session: Session, parsed: ParsedFile, targets: Targets, plan: _Plan
) -> None:
    """Queue statement lines not imported before, each linked to its contract."""
    if not parsed.statement_lines:
        return
    known = set(
        session.scalars(
            select(StatementLine.source_id).where(StatementLine.source == parsed.format)
        )
    )
    kinds = _contract_kinds(parsed.statement_lines)
    # An hourly week billed on another Upwork export (the weekly summary and the
    # transactions list the same invoice under different ids) must not count twice.
    billed_before = {
        tuple(row)
        for row in session.execute(
            select(
                StatementLine.contract_id,
                StatementLine.bucket,
                StatementLine.amount_cents,
                StatementLine.seconds,
            ).where(StatementLine.kind == "hourly")
        )
    }
    for record in parsed.statement_lines:
        if record.source_id in known:
            continue
        known.add(record.source_id)
        contract_id = None
        if record.project:
            contract_id = targets.resolve(
                (record.project,),
                record.client,
                kind=kinds[record.project],
                rate=record.rate,
                currency=record.currency,
            ).contract_id
        row = _statement_row(parsed.format, record, contract_id)
        if record.kind == "hourly":
            key = (contract_id, record.week.bucket, row["amount_cents"], record.seconds)
            if key in billed_before:
                plan.problems.append(
                    Problem(
                        record.line,
                        f"week {record.week.label} of {quoted(record.project)} is already on an"
                        " imported statement with the same hours and amount; left out",
                    )
                )
                continue
        plan.lines.append(row)


def _contract_kinds(records: list[StatementRecord]) -> dict[str, str]:
    """Each statement contract's kind: hourly if any of its rows is hourly, else its rows' kind."""
    kinds: dict[str, str] = {}
    for record in records:
        if kinds.get(record.project) != "hourly":
            kinds[record.project] = (
                record.contract_kind
                if record.kind in ("hourly", "fixed")
                else kinds.get(record.project, "")
            )
    return {project: kind or "hourly" for project, kind in kinds.items()}


def _statement_row(
    source: str, record: StatementRecord, contract_id: int | None
) -> dict[str, object]:
    """The table row of one statement line."""
    return {
        "source": source,
        "source_id": record.source_id,
        "kind": record.kind,
        "amount_cents": to_cents(record.amount),
        "currency": record.currency,
        "at": record.at,
        "bucket": record.week.bucket,
        "contract_id": contract_id,
        "seconds": record.seconds,
        "rate_cents": None if record.rate is None else to_cents(record.rate),
        "description": record.description,
        "reference": record.reference,
    }


def _write(session: Session, plan: _Plan, progress: Progress | None) -> None:
    """Insert the planned rows in chunks, reporting progress."""
    total = len(plan.entries) + len(plan.lines)
    done = 0
    for table, rows in ((TimeEntry, plan.entries), (StatementLine, plan.lines)):
        for offset in range(0, len(rows), CHUNK):
            chunk = rows[offset : offset + CHUNK]
            session.execute(insert(table), chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)


@dataclass(frozen=True)
class _Existing:
    """The spans of entries already in the database around the file's time, sorted."""

    starts: list[int]
    spans: list[tuple[int, int, str]]

    @classmethod
    def load(cls, session: Session, first: datetime, last: datetime, now: datetime) -> _Existing:
        """Entries that could overlap [first, last) (a running one runs up to now)."""
        rows = session.execute(
            select(TimeEntry.start_at, TimeEntry.end_at, TimeEntry.memo, Contract.title)
            .join(Contract, TimeEntry.contract_id == Contract.id)
            .where(TimeEntry.start_at < last)
            .order_by(TimeEntry.start_at)
        ).all()
        spans = [
            (to_epoch(start), to_epoch(end or now), describe_time(title, start, end, memo))
            for start, end, memo, title in rows
            if (end or now) > first
        ]
        return cls([span[0] for span in spans], spans)

    def clash(self, start: datetime, end: datetime) -> str | None:
        """A description of the stored entry [start, end) overlaps, or None.

        Stored entries never overlap, so only the last one starting before `end` can.
        """
        index = bisect_left(self.starts, to_epoch(end)) - 1
        if index < 0:
            return None
        _start, other_end, described = self.spans[index]
        if other_end <= to_epoch(start):
            return None
        return f"overlaps {described}, already in Tallyhour"


def _locked_weeks(session: Session) -> set[tuple[int, int]]:
    """(contract id, week bucket) of every approved, locked week."""
    rows = session.execute(
        select(Timesheet.contract_id, Timesheet.week_start).where(Timesheet.locked.is_(True))
    ).all()
    return {(contract_id, BillingWeek.of(start).bucket) for contract_id, start in rows}


def _in_locked_week(locked: set[tuple[int, int]], contract_id: int, record: EntryRecord) -> bool:
    """Whether an entry touches a locked week of its contract."""
    if not locked:
        return False
    week = BillingWeek.of(record.start)
    while week.starts_at < record.end:
        if (contract_id, week.bucket) in locked:
            return True
        week = week.next()
    return False
