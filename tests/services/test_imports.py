"""Importing a file: one transaction, idempotent, overlaps reported by line, imported marked."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.weeks import BillingWeek
from app.importers.records import ReadOptions
from app.models.database import Database
from app.services import entries
from app.services.contracts import list_contracts
from app.services.import_targets import Mapping
from app.services.imports import import_file
from app.services.timesheets import approve_timesheet, mark_sent
from app.services.week_totals import read_week_totals, rebuild_week_totals
from tests.conftest import NOW
from tests.importers.conftest import table_counts
from tests.importers.exports import (
    TOGGL_HEADER,
    csv_text,
    timew_interval,
    toggl_rows,
    watson_file,
    watson_frames,
    write,
)

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # a Monday, weeks before NOW


def test_watson_frames_import_once_then_the_second_time_adds_nothing(
    db: Database, tmp_path: Path
) -> None:
    path = watson_file(tmp_path / "frames", watson_frames(1200, start=START))
    first = import_file(db, "watson", path, now=NOW)
    assert (first.entries_added, first.entries_skipped, first.problems) == (1200, 0, [])
    assert sorted(first.contracts_added) == ["project-0", "project-1", "project-2"]
    again = import_file(db, "watson", path, now=NOW)
    assert (again.entries_added, again.entries_skipped, again.contracts_added) == (0, 1200, [])
    assert table_counts(db)["time_entries"] == 1200


def test_a_later_export_that_repeats_the_first_adds_only_the_new_frames(
    db: Database, tmp_path: Path
) -> None:
    frames = watson_frames(300, start=START)
    import_file(db, "watson", watson_file(tmp_path / "a", frames[:200]), now=NOW)
    result = import_file(db, "watson", watson_file(tmp_path / "b", frames), now=NOW)
    assert (result.entries_added, result.entries_skipped) == (100, 200)


def test_imported_time_keeps_week_totals_exact_and_is_marked_imported(
    db: Database, tmp_path: Path
) -> None:
    import_file(db, "watson", watson_file(tmp_path / "f", watson_frames(500, start=START)), now=NOW)
    with db.write() as session:
        kept = read_week_totals(session)
        rebuild_week_totals(session)
        assert read_week_totals(session) == kept
    week = entries.week_entries(db, BillingWeek.of(START), now=NOW)
    assert week and all(e.source == "import" and e.imported and e.manual for e in week)


def test_overlaps_are_reported_by_line_and_never_merged(
    db: Database, job: str, tmp_path: Path
) -> None:
    entries.log_entry(
        db,
        job,
        START + timedelta(minutes=10),
        START + timedelta(minutes=20),
        memo="call with Ana",
        now=NOW,
    )
    frames = watson_frames(3, start=START)
    frames.append([frames[2][0] + 600, frames[2][1] + 600, "project-0", "f" * 32, [], 0])
    result = import_file(db, "watson", watson_file(tmp_path / "f", frames), now=NOW)
    assert result.entries_added == 2 and result.entries_skipped == 2
    reasons = {p.line: p.reason for p in result.problems}
    local = (START + timedelta(minutes=10)).astimezone()
    until = (START + timedelta(minutes=20)).astimezone()
    assert reasons[1] == (
        f"overlaps the time on “API work” ({local:%a %d %b %Y %H:%M}–{until:%H:%M},"
        " “call with Ana”), already in Tallyhour"
    )
    assert reasons[4] == "overlaps line 3 of this file"


def test_a_dry_run_reports_the_same_and_writes_nothing(db: Database, tmp_path: Path) -> None:
    path = watson_file(tmp_path / "f", watson_frames(50, start=START))
    before = table_counts(db)
    dry = import_file(db, "watson", path, dry_run=True, now=NOW)
    assert dry.dry_run and dry.entries_added == 50 and len(dry.contracts_added) == 3
    assert table_counts(db) == before
    real = import_file(db, "watson", path, now=NOW)
    assert (real.entries_added, real.contracts_added) == (50, dry.contracts_added)


def test_a_file_broken_in_its_last_record_writes_nothing(db: Database, tmp_path: Path) -> None:
    frames = watson_frames(2000, start=START)
    frames.append([1, "oops", "p", "z", []])
    before = table_counts(db)
    with pytest.raises(UserError, match="frame 2001"):
        import_file(db, "watson", watson_file(tmp_path / "f", frames), now=NOW)
    assert table_counts(db) == before


def test_mapping_puts_projects_on_existing_contracts(
    db: Database, job: str, tmp_path: Path
) -> None:
    frames = watson_frames(6, start=START, projects=2)
    mapping = Mapping.from_pairs(["PROJECT-0=api work"], client="Beta", rate=Decimal("45"))
    result = import_file(
        db, "watson", watson_file(tmp_path / "f", frames), mapping=mapping, now=NOW
    )
    assert result.contracts_added == ["project-1"] and result.clients_added == ["Beta"]
    by_title = {c.title: c for c in list_contracts(db, now=NOW)}
    assert by_title["project-1"].rate == Decimal("45.00")
    assert by_title["project-1"].client_name == "Beta"
    on_job = entries.list_entries(db, start=START, end=NOW, contract=job, now=NOW)
    assert len(on_job) == 3


def test_toggl_import_creates_clients_with_the_file_rate_and_currency(
    db: Database, tmp_path: Path
) -> None:
    rows = toggl_rows(40, first_day=datetime(2026, 1, 5, 9, 0))
    path = write(tmp_path / "t.csv", csv_text(TOGGL_HEADER, rows), bom=True)
    result = import_file(db, "toggl", path, options=ReadOptions(zone=UTC), now=NOW)
    assert result.entries_added == 40
    assert sorted(result.clients_added) == ["Acme, Inc.", "Beta GmbH"]
    contracts = {c.title: c for c in list_contracts(db, now=NOW)}
    assert contracts['The "Big" App'].currency == "EUR"
    assert contracts['The "Big" App'].rate == Decimal("50.00")
    memos = [e.memo for e in entries.list_entries(db, start=START, end=NOW, now=NOW)]
    assert "Review, part 1\nand part 2" in memos and "<b>bold</b> & co" in memos


def test_timewarrior_tags_pick_an_existing_contract_first(
    db: Database, job: str, tmp_path: Path
) -> None:
    text = json.dumps([timew_interval(START, START + timedelta(hours=1), ["urgent", "API work"])])
    result = import_file(db, "timewarrior", write(tmp_path / "t.json", text), now=NOW)
    assert result.contracts_added == []
    (entry,) = entries.list_entries(db, start=START, end=NOW, now=NOW)
    assert entry.contract_title == "API work"


def test_time_in_a_locked_week_or_the_future_is_a_problem(
    db: Database, job: str, tmp_path: Path
) -> None:
    mark_sent(db, job, BillingWeek.of(START), now=NOW)
    approve_timesheet(db, job, BillingWeek.of(START), now=NOW)
    text = json.dumps(
        [
            timew_interval(START, START + timedelta(hours=1), ["API work"]),
            timew_interval(NOW + timedelta(hours=1), NOW + timedelta(hours=2), ["API work"]),
        ]
    )
    result = import_file(db, "timewarrior", write(tmp_path / "t.json", text), now=NOW)
    assert [(p.line, p.reason) for p in result.problems] == [
        (1, "falls in a week approved and locked on “API work”"),
        (2, "ends in the future"),
    ]
    assert table_counts(db)["time_entries"] == 0


def test_an_unknown_format_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot import “csv” files"):
        import_file(db, "csv", tmp_path / "x", now=NOW)
