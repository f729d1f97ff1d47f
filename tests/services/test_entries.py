"""Manual entries, edits, splits, deletes, overlaps and locked weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from app.core.errors import Conflict, UserError
from app.core.weeks import BillingWeek
from app.models import Timesheet
from app.services.contracts import add_contract
from app.services.entries import (
    delete_entry,
    edit_entry,
    list_entries,
    log_entry,
    restore_entry,
    split_entry,
    week_entries,
)
from app.services.timer import start_timer
from tests.conftest import NOW, hour

WEEK = BillingWeek.of(hour(2, 9))


def dump(db) -> list[tuple]:
    with db.read() as session:
        return list(session.execute(text("SELECT * FROM time_entries ORDER BY id")).all())


def test_manual_entry_is_marked_manual(db, job):
    info = log_entry(db, job, hour(3, 10), hour(3, 10, 30), memo="review", now=NOW)
    assert info.source == "manual" and info.manual
    assert info.seconds == 1800


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (hour(3, 10), hour(3, 9), "end must be after start"),
        (hour(3, 10), hour(3, 10), "end must be after start"),
        (hour(3, 10), NOW + timedelta(hours=2), "future"),
        (hour(2, 0), hour(3, 1), "at most 24 hours"),
        (datetime(1999, 12, 31, tzinfo=UTC), datetime(2000, 1, 1, 1, tzinfo=UTC), "between 2000"),
    ],
)
def test_bad_spans_are_refused_and_nothing_is_written(db, job, start, end, message):
    before = dump(db)
    with pytest.raises(UserError, match=message):
        log_entry(db, job, start, end, now=NOW)
    assert dump(db) == before


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (hour(2, 10), hour(2, 10, 15)),  # inside
        (hour(2, 8), hour(2, 9, 1)),  # overlaps the start
        (hour(2, 10, 59), hour(2, 12)),  # overlaps the end
        (hour(2, 8), hour(2, 12)),  # covers it
    ],
)
def test_overlaps_are_refused_with_the_other_entry_named(db, job, start, end):
    log_entry(db, job, hour(2, 9), hour(2, 11), memo="first", now=NOW)
    before = dump(db)
    with pytest.raises(
        Conflict, match=r"overlaps the time on “API work” \(Mon 02 Mar 2026 .*“first”"
    ):
        log_entry(db, job, start, end, now=NOW)
    assert dump(db) == before


def test_touching_entries_do_not_overlap(db, job):
    log_entry(db, job, hour(2, 9), hour(2, 11), now=NOW)
    log_entry(db, job, hour(2, 11), hour(2, 12), now=NOW)
    log_entry(db, job, hour(2, 8), hour(2, 9), now=NOW)
    assert len(week_entries(db, WEEK, now=NOW)) == 3


def test_overlap_across_contracts_is_refused(db, job):
    add_contract(db, "Docs", client="Acme Ltd", hourly_rate=Decimal("40"), now=NOW)
    log_entry(db, job, hour(2, 9), hour(2, 11), now=NOW)
    with pytest.raises(Conflict):
        log_entry(db, "Docs", hour(2, 10), hour(2, 12), now=NOW)


def test_a_running_timer_blocks_later_manual_time(db, job):
    start_timer(db, job, at=hour(5, 9), now=NOW)
    with pytest.raises(Conflict, match="running"):
        log_entry(db, job, hour(5, 10), hour(5, 11), now=NOW)
    log_entry(db, job, hour(5, 7), hour(5, 8), now=NOW)


def test_edit_changes_start_end_and_memo(db, job):
    entry = log_entry(db, job, hour(2, 9), hour(2, 10), now=NOW)
    edited = edit_entry(db, entry.id, start=hour(2, 8), end=hour(2, 10, 30), memo="x", now=NOW)
    assert (edited.start, edited.end, edited.memo, edited.seconds) == (
        hour(2, 8),
        hour(2, 10, 30),
        "x",
        9000,
    )


def test_edit_into_an_overlap_is_refused(db, job):
    log_entry(db, job, hour(2, 9), hour(2, 10), memo="a", now=NOW)
    second = log_entry(db, job, hour(2, 11), hour(2, 12), memo="b", now=NOW)
    before = dump(db)
    with pytest.raises(Conflict, match=r"overlaps the time on “API work” .*09:00–10:00, “a”"):
        edit_entry(db, second.id, start=hour(2, 9, 30), now=NOW)
    assert dump(db) == before


def test_edit_end_before_start_is_refused(db, job):
    entry = log_entry(db, job, hour(2, 9), hour(2, 10), now=NOW)
    with pytest.raises(UserError, match="end must be after start"):
        edit_entry(db, entry.id, end=hour(2, 8), now=NOW)


def test_split_at_a_time_inside(db, job):
    entry = log_entry(db, job, hour(2, 9), hour(2, 11), memo="long", now=NOW)
    first, second = split_entry(db, entry.id, hour(2, 10), now=NOW)
    assert (first.start, first.end, second.start, second.end) == (
        hour(2, 9),
        hour(2, 10),
        hour(2, 10),
        hour(2, 11),
    )
    assert second.memo == "long" and second.source == "manual"
    with pytest.raises(UserError, match="inside"):
        split_entry(db, first.id, hour(2, 10), now=NOW)


def test_delete_and_undo(db, job):
    entry = log_entry(db, job, hour(2, 9), hour(2, 10), memo="keep me", now=NOW)
    gone = delete_entry(db, entry.id, now=NOW)
    assert week_entries(db, WEEK, now=NOW) == []
    back = restore_entry(db, gone, now=NOW)
    assert (back.start, back.end, back.memo, back.source) == (
        hour(2, 9),
        hour(2, 10),
        "keep me",
        "manual",
    )


def test_entry_across_the_utc_week_boundary_counts_in_both_weeks(db, job):
    """Sunday 23:00 UTC to Monday 01:00 UTC: one hour in each billing week."""
    from app.services.earnings import week_report

    log_entry(db, job, hour(8, 23), hour(9, 1), now=hour(12, 0))
    first = week_report(db, BillingWeek.parse("2026-W10"), now=hour(12, 0))
    second = week_report(db, BillingWeek.parse("2026-W11"), now=hour(12, 0))
    assert first.tracked_seconds == 3600
    assert second.tracked_seconds == 3600
    assert [e.id for e in week_entries(db, BillingWeek.parse("2026-W11"), now=hour(12, 0))] == [1]


def _lock_week(db, week: BillingWeek) -> None:
    with db.write() as session:
        session.add(
            Timesheet(contract_id=1, week_start=week.starts_at, status="approved", locked=True)
        )


def test_a_locked_week_refuses_changes(db, job):
    entry = log_entry(db, job, hour(2, 9), hour(2, 10), now=NOW)
    _lock_week(db, WEEK)
    before = dump(db)
    for action in (
        lambda: edit_entry(db, entry.id, memo="sneaky", now=NOW),
        lambda: delete_entry(db, entry.id, now=NOW),
        lambda: log_entry(db, job, hour(3, 9), hour(3, 10), now=NOW),
        lambda: split_entry(db, entry.id, hour(2, 9, 30), now=NOW),
    ):
        with pytest.raises(Conflict, match="2026-W10 is approved and locked"):
            action()
    assert dump(db) == before
    assert week_entries(db, WEEK, now=NOW)[0].locked


def test_list_entries_includes_the_one_running_into_the_range(db, job):
    log_entry(db, job, hour(2, 23), hour(3, 1), now=NOW)
    rows = list_entries(db, start=hour(3, 0), end=hour(4, 0), now=NOW)
    assert len(rows) == 1
    assert list_entries(db, start=hour(3, 1), end=hour(4, 0), now=NOW) == []


@pytest.mark.parametrize(
    "memo",
    ["bad\x00null", "bell\x07", "x" * 5_001, "a" * 1_048_576],
)
def test_hostile_memos_are_refused_cleanly(db, job, memo):
    before = dump(db)
    with pytest.raises(UserError, match="memo"):
        log_entry(db, job, hour(2, 9), hour(2, 10), memo=memo, now=NOW)
    assert dump(db) == before


def test_memo_with_newlines_tabs_rtl_and_markup_is_kept(db, job):
    memo = "line one\n\tline two <b>&amp; R&D</b> مرحبا"
    entry = log_entry(db, job, hour(2, 9), hour(2, 10), memo=memo, now=NOW)
    assert week_entries(db, WEEK, now=NOW)[0].memo == memo == entry.memo
